import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { databaseTarget, type DatabaseTarget } from "./db-config.server.ts";
import { countingAdapterFactory, queryCountEnabled } from "./query-count.server.ts";

export { Prisma } from "~/generated/prisma/client.ts";
export type Db = PrismaClient;
/** A client or an interactive transaction: what domain services accept. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

type Globals = { __prisma?: Db; __pglite?: Map<string, PGlite> };
const g = globalThis as unknown as Globals;

/** One PGlite per folder per process: PGlite runs in-process and owns its folder. */
export function openPglite(dataDir: string): PGlite {
  if (dataDir === "memory://") return new PGlite();
  g.__pglite ??= new Map();
  let pg = g.__pglite.get(dataDir);
  if (!pg) {
    mkdirSync(dataDir, { recursive: true });
    pg = new PGlite(dataDir);
    g.__pglite.set(dataDir, pg);
  }
  return pg;
}

export function createPrisma(target: DatabaseTarget = databaseTarget()): Db {
  const adapter = target.kind === "postgres" ? new PrismaPg({ connectionString: target.url, max: 10 }) : new PrismaPGlite(openPglite(target.dataDir));
  // QUERY_COUNT=1 (benchmarks): count each SQL statement toward the request that sent it.
  return new PrismaClient({ adapter: queryCountEnabled() ? countingAdapterFactory(adapter) : adapter });
}

/**
 * The process-wide client. It lives on globalThis so that the server entry, the Remix
 * build and tests running in one process share it (two clients on one PGlite folder
 * would corrupt it).
 */
export function db(): Db {
  g.__prisma ??= createPrisma();
  return g.__prisma;
}

/** Tests point the app at their own database. */
export function setDb(client: Db): void {
  g.__prisma = client;
}

export async function disconnectDb(): Promise<void> {
  await g.__prisma?.$disconnect();
  g.__prisma = undefined;
  for (const pg of g.__pglite?.values() ?? []) await pg.close();
  g.__pglite?.clear();
}
