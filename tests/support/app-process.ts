// Runs the real app as a user would (migrate, seed the demo, serve the production build)
// in a child process with its own data folder, for browser tests and HTTP checks.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";

export interface RunningApp {
  url: string;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function browserTemplate(): string | undefined {
  try {
    return inject("appDataTemplate");
  } catch {
    return undefined;
  }
}

/** The environment the app runs in, as a newcomer runs it: no test-runner variables. */
function appEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, VITEST: _vitest, NODE_ENV: _mode, ...inherited } = process.env;
  return { ...inherited, LOG_LEVEL: "warn", ...vars } as unknown as NodeJS.ProcessEnv;
}

/** Migrates and seeds the demo as `npm start` does, in the data folder `vars` name. */
export function migrateAndSeed(vars: Record<string, string>): void {
  const env = appEnv(vars);
  for (const script of ["scripts/db-migrate.ts", "scripts/db-seed.ts"]) {
    const r = spawnSync("npx", ["tsx", script], { env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${script} failed:\n${r.stdout}\n${r.stderr}`);
  }
}

/**
 * An embedded database, migrated and seeded with the demo, at `pgliteDir`, for a test that
 * adds its own records before the app starts: the browser project's global setup did that
 * once (a copy of its folder's database), elsewhere it is done here.
 */
export function prepareDemoDatabase(pgliteDir: string): void {
  const template = browserTemplate();
  if (template) cpSync(path.join(template, "pglite"), pgliteDir, { recursive: true });
  else migrateAndSeed({ PGLITE_DIR: pgliteDir, DATA_DIR: path.dirname(pgliteDir) });
}

export async function startApp(extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  if (!existsSync("build/server/index.js")) throw new Error("No production build: run `npm run build` first (npm test does).");
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "grants-app-"));
  const port = await freePort();
  // Embedded database and store.
  const env = appEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", ...extraEnv });
  // The browser project's global setup migrated and seeded one folder; copy it. Outside that
  // project, migrate and seed here as `npm start` does.
  const template = browserTemplate();
  if (template) cpSync(template, dataDir, { recursive: true });
  else migrateAndSeed({ DATA_DIR: dataDir, ...extraEnv });
  let out = "";
  // Its own process group: npx → tsx → node, and stopping must reach the last one too.
  const child: ChildProcess = spawn("npx", ["tsx", "server/index.ts"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited at start-up:\n${out}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not answer /healthz within 60 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        const group = (signal: NodeJS.Signals) => {
          try {
            process.kill(-child.pid!, signal);
          } catch {
            child.kill(signal);
          }
        };
        group("SIGTERM");
        const stopped = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000))]);
        if (!stopped) group("SIGKILL");
      } else if (child.pid) {
        // npx has gone; what it started may not have.
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // nothing left
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
