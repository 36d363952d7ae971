// The server process itself: production mode refuses to start without its secrets, and
// says why; a SIGTERM ends it cleanly.
import { spawn, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _d, VITEST: _v, NODE_ENV: _n, SESSION_SECRET: _s, S3_ENDPOINT: _e, ...rest } = process.env;
  return { ...rest, ...extra } as unknown as NodeJS.ProcessEnv;
}

describe("starting the server", () => {
  it("refuses production mode without SESSION_SECRET or a real S3 service, naming them", { timeout: 60_000 }, () => {
    const r = spawnSync("npx", ["tsx", "server/index.ts"], { env: serverEnv({ NODE_ENV: "production", PORT: "0" }), encoding: "utf8", timeout: 55_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("SESSION_SECRET");
    expect(r.stderr).toContain("S3_ENDPOINT");
  });

  // Generous: start-up creates the job runner's tables in a fresh embedded database, and the
  // other suites keep both cores busy.
  it("shuts down gracefully on SIGTERM", { timeout: 120_000 }, async () => {
    const dataDir = `/tmp/grants-startup-${process.pid}`;
    const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], { env: serverEnv({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "info" }), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const deadline = Date.now() + 100_000;
    while (!out.includes('"msg":"listening"') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('"msg":"listening"');
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    spawnSync("rm", ["-rf", dataDir]);
  });
});
