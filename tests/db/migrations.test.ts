// Applying every migration gives exactly schema.prisma: the schema engine finds nothing
// left to do. Runs on embedded PGlite, and on the PostgreSQL server when TEST_DATABASE_URL is set.
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { applyMigrations, diffDatabaseToSchema, diffMigrationsToSchema, isEmptyDiff, readMigrations } from "~/utils/migrate.server.ts";
import { adminUrl, databaseUrl } from "../support/test-db-names.ts";

const server = process.env.TEST_DATABASE_URL;

describe(`migrations on ${server ? "the PostgreSQL server" : "embedded PGlite"}`, () => {
  it("has migrations in Prisma's format", async () => {
    const migrations = await readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    for (const m of migrations) {
      expect(m.name).toMatch(/^\d{14}_[a-z0-9_]+$/);
      expect(m.sql).toContain("CREATE");
    }
  });

  it("replaying the migrations gives exactly schema.prisma", async () => {
    const target = server ? ({ kind: "postgres", url: server } as const) : ({ kind: "pglite", dataDir: "memory://" } as const);
    const sql = await diffMigrationsToSchema(target);
    expect(isEmptyDiff(sql), `schema.prisma has changes no migration holds:\n${sql}`).toBe(true);
  });

  it("detects a schema change that no migration holds", async () => {
    const migrations = await readMigrations();
    // Leave one index out of the migrations: the diff must ask for it.
    const index = 'CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");';
    const cut = migrations.map((m) => ({ ...m, sql: m.sql.replace(index, "") }));
    expect(cut.some((m, i) => m.sql !== migrations[i]!.sql)).toBe(true);
    const sql = await diffMigrationsToSchema({ kind: "pglite", dataDir: "memory://" }, cut);
    expect(sql).toContain(index);
  });

  it("applies once, then applies nothing, and the live database matches the schema", async () => {
    if (server) {
      const name = `grants_mig_${Date.now()}`;
      const admin = new pg.Client({ connectionString: adminUrl(server) });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      try {
        const url = databaseUrl(server, name);
        const [first, second] = await Promise.all([applyMigrations({ kind: "postgres", url }), applyMigrations({ kind: "postgres", url })]);
        // Two processes starting at once: one applies, the other finds nothing to do.
        expect([...first, ...second]).toHaveLength((await readMigrations()).length);
        expect(await applyMigrations({ kind: "postgres", url })).toEqual([]);
        expect(isEmptyDiff(await diffDatabaseToSchema({ kind: "postgres", url }))).toBe(true);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      }
      return;
    }
    const pglite = new PGlite();
    const target = { kind: "pglite", dataDir: "memory://" } as const;
    const first = await applyMigrations(target, { pglite });
    expect(first).toHaveLength((await readMigrations()).length);
    expect(await applyMigrations(target, { pglite })).toEqual([]);
    expect(isEmptyDiff(await diffDatabaseToSchema(target, { pglite }))).toBe(true);
    await pglite.close();
  });
});
