// Browser suites each run the app on a fresh copy of one data folder, migrated and seeded
// with the demo once here: every file starts from the same living system, quickly.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateAndSeed } from "./app-process.ts";

export default function setup({ provide }: { provide: (key: "appDataTemplate", value: string) => void }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "grants-template-"));
  migrateAndSeed({ DATA_DIR: dir });
  provide("appDataTemplate", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    appDataTemplate: string;
  }
}
