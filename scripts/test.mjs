// npm test: type-check, lint and build (side by side), then every vitest suite (unit, db,
// browser). Ends with one plain line "tests: N passed, N failed" that CI reads.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";

const started = Date.now();
const steps = [
  ["type-check", "npx", ["tsc", "--noEmit"]],
  ["lint", "npx", ["eslint", ".", "--max-warnings=0"]],
  ["build", "npx", ["remix", "vite:build"]],
];
/** Runs one step; its output (the build's warnings, not its file list) is printed whole when it ends, so that steps side by side do not interleave. */
function runStep([name, cmd, args]) {
  const t = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["inherit", name === "build" ? "ignore" : "pipe", "pipe"] });
    const output = [];
    child.stdout?.on("data", (d) => output.push(d));
    child.stderr.on("data", (d) => output.push(d));
    child.on("close", (status) => {
      process.stdout.write(Buffer.concat(output));
      console.log(`${name}: ${status === 0 ? "ok" : "FAILED"} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
      resolve(status ?? 1);
    });
  });
}
const statuses = await Promise.all(steps.map(runStep));
const failedStep = statuses.find((status) => status !== 0);
if (failedStep !== undefined) {
  console.log(`tests: 0 passed, 1 failed`);
  process.exit(failedStep);
}

mkdirSync("test-results", { recursive: true });
const report = "test-results/vitest.json";
const projects = process.argv.slice(2).flatMap((p) => ["--project", p]);
const r = spawnSync("npx", ["vitest", "run", ...projects, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], { stdio: "inherit" });
let passed = 0;
let failed = r.status === 0 ? 0 : 1;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed = json.numPassedTests;
  failed = json.numFailedTests + (r.status !== 0 && json.numFailedTests === 0 ? 1 : 0);
  if (json.numTotalTests === 0) failed += 1; // a run that ran nothing has not passed
}
console.log(`all steps took ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
