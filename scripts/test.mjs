// npm test: type-check, lint, build, then every vitest suite (unit, db, browser).
// Ends with one plain line "tests: N passed, N failed" that CI reads.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";

const started = Date.now();
const steps = [
  ["type-check", "npx", ["tsc", "--noEmit"]],
  ["lint", "npx", ["eslint", ".", "--max-warnings=0"]],
  ["build", "npx", ["remix", "vite:build"]],
];
for (const [name, cmd, args] of steps) {
  const t = Date.now();
  const r = spawnSync(cmd, args, { stdio: name === "build" ? ["inherit", "ignore", "inherit"] : "inherit" });
  console.log(`${name}: ${r.status === 0 ? "ok" : "FAILED"} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  if (r.status !== 0) {
    console.log(`tests: 0 passed, 1 failed`);
    process.exit(r.status ?? 1);
  }
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
