// npm run db:seed [-- --demo]: seeds the reference data (prisma/reference/*.json), and the
// demo data when --demo is given or when the embedded database is in use (no DATABASE_URL).
// Run `npm run db:migrate` first. Safe to run any number of times.
import { databaseTarget } from "../app/utils/db-config.server.ts";
import { createPrisma, disconnectDb } from "../app/utils/db.server.ts";
import { syncReferenceData } from "../prisma/seed/reference.ts";
import { seedDemoData } from "../prisma/seed/demo.ts";

const target = databaseTarget();
const withDemo = process.argv.includes("--demo") || !process.env.DATABASE_URL;
const where = target.kind === "postgres" ? "PostgreSQL server" : `embedded database in ${target.dataDir}`;
const prisma = createPrisma(target);

try {
  const report = await syncReferenceData(prisma);
  const seeded = report.files.filter((f) => !f.skipped);
  if (!seeded.length) {
    console.log(`reference data in the ${where} is up to date (${report.files.length} files, ${report.ms} ms)`);
  } else {
    console.log(`reference data seeded into the ${where} (${report.ms} ms):`);
    for (const f of report.files) {
      console.log(
        f.skipped
          ? `  ${f.file} v${f.version}: unchanged`
          : `  ${f.file} v${f.version}: ${f.created} created, ${f.updated} updated${f.deleted ? `, ${f.deleted} deleted` : ""}`,
      );
    }
  }

  if (withDemo) {
    const started = Date.now();
    const { accounts, created } = await seedDemoData(prisma);
    console.log(created ? `demo data seeded (${Date.now() - started} ms); demo accounts:` : "demo data already present; demo accounts:");
    for (const a of accounts) console.log(`  ${a.role.padEnd(13)} ${a.email.padEnd(32)} ${a.password}`);
  }
} catch (error) {
  console.error("seeding failed:", error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
  // Closes the embedded database cleanly so that everything is on disk.
  await disconnectDb();
}
