// Browser suites each run the app on a fresh copy of one data folder, migrated and seeded
// with the demo once here: every file starts from the same living system, quickly.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup({ provide }: { provide: (key: "appDataTemplate", value: string) => void }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "grants-template-"));
  const { DATABASE_URL: _db, VITEST: _v, NODE_ENV: _n, ...inherited } = process.env;
  const env = { ...inherited, DATA_DIR: dir } as unknown as NodeJS.ProcessEnv;
  for (const script of ["scripts/db-migrate.ts", "scripts/db-seed.ts"]) {
    const r = spawnSync("npx", ["tsx", script], { env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${script} failed:\n${r.stdout}\n${r.stderr}`);
  }
  provide("appDataTemplate", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    appDataTemplate: string;
  }
}
