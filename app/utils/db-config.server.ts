import path from "node:path";

/** Where the data lives: a PostgreSQL server (DATABASE_URL) or embedded PGlite in a folder. */
export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string };

export function dataDir(): string {
  return path.resolve(process.env.DATA_DIR ?? ".data");
}

export function databaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  // "memory://" gives a throwaway in-memory database (tests).
  const dir = env.PGLITE_DIR ?? path.join(dataDir(), "pglite");
  return { kind: "pglite", dataDir: dir };
}
