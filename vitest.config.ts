import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Three suites: unit (pure, fast), db (embedded or real PostgreSQL + embedded S3 + HTTP),
// browser (Debian's Chromium against the built app). `npm test` runs them all.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // Request logs of in-process servers would drown the test report.
    env: { LOG_LEVEL: "warn" },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts", "workflows/**/*.test.ts"], environment: "node", sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: ["tests/db/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // PGlite is single-threaded in-process; two workers keep both cores busy.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          globalSetup: ["tests/support/browser-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file runs its own app (own data folder, port and store) and its own browser,
          // so two files side by side share nothing but the cores; most of a browser test is
          // waiting (loads, network idle, autosave), which the other file fills.
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
