// Each db test file gets its own migrated, reference-seeded database, copied from the one
// global-setup built, and the app's `db()` points at it. No mocks: PGlite in memory, or a
// fresh database on the PostgreSQL server named by TEST_DATABASE_URL.
import { readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { inject } from "vitest";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { setDb, type Db } from "~/utils/db.server.ts";
import { adminUrl, databaseUrl } from "./test-db-names.ts";

export interface TestDb {
  prisma: Db;
  /** PGlite only: the in-process instance, for raw checks. */
  pglite?: PGlite;
  url?: string;
  close(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const server = process.env.TEST_DATABASE_URL;
  if (server) {
    const name = `grants_test_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: adminUrl(server) });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDb")}"`);
    await admin.end();
    const url = databaseUrl(server, name);
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 5 }) });
    setDb(prisma);
    return {
      prisma,
      url,
      async close() {
        await prisma.$disconnect();
        const a = new pg.Client({ connectionString: adminUrl(server) });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const dump = await readFile(inject("pgliteDump"));
  const pglite = await PGlite.create({ loadDataDir: new Blob([dump]) });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  setDb(prisma);
  return {
    prisma,
    pglite,
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
