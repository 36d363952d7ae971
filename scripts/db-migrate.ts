// npm run db:migrate: applies pending migrations to DATABASE_URL, or to the embedded database.
import { applyMigrations } from "../app/utils/migrate.server.ts";
import { databaseTarget } from "../app/utils/db-config.server.ts";
import { db, disconnectDb } from "../app/utils/db.server.ts";
import { migrateStoredWorkflowStates } from "../app/utils/workflow-migrate.server.ts";

const target = databaseTarget();
const started = Date.now();
const applied = await applyMigrations(target);
// Stored workflow states follow their machines' versions (workflows/migrations.ts).
const moved = await migrateStoredWorkflowStates(db());
for (const r of moved) console.log(`workflow ${r.machine}: ${r.rows} record(s) ${r.from.state}@v${r.from.machineVersion} → ${r.to.state}@v${r.to.machineVersion}`);
await disconnectDb();
const where = target.kind === "postgres" ? "PostgreSQL server" : `embedded database in ${target.dataDir}`;
console.log(applied.length ? `migrations applied to the ${where}: ${applied.join(", ")} (${Date.now() - started} ms)` : `the ${where} is up to date`);
