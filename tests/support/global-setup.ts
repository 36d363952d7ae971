// Builds one migrated and reference-seeded database that every db test file copies:
// a PGlite data-dir dump, or on a PostgreSQL server (TEST_DATABASE_URL) a template database.
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { applyMigrations } from "~/utils/migrate.server.ts";
import { seedReferenceData } from "../../prisma/seed/reference.ts";
import { TEMPLATE_DB, adminUrl, databaseUrl } from "./test-db-names.ts";

export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const server = process.env.TEST_DATABASE_URL;
  if (server) {
    const admin = new pg.Client({ connectionString: adminUrl(server) });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
    await admin.end();
    const url = databaseUrl(server, TEMPLATE_DB);
    await applyMigrations({ kind: "postgres", url });
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    await seedReferenceData(prisma);
    await prisma.$disconnect();
    provide("templateDb", TEMPLATE_DB);
    return;
  }
  const pglite = new PGlite();
  await applyMigrations({ kind: "pglite", dataDir: "memory://" }, { pglite });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  await seedReferenceData(prisma);
  const dump = await pglite.dumpDataDir("none");
  const dir = await mkdtemp(path.join(os.tmpdir(), "grants-test-"));
  const file = path.join(dir, "template.tar");
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  await prisma.$disconnect();
  await pglite.close();
  provide("pgliteDump", file);
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
    pgliteDump: string;
  }
}
