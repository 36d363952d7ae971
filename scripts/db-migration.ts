// npm run db:migration -- <name>: writes the next migration from the schema diff.
import { writeNextMigration } from "../app/utils/migrate.server.ts";

const name = process.argv[2];
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
const dir = await writeNextMigration(name);
console.log(dir ? `wrote ${dir}/migration.sql` : "schema.prisma and the migrations agree: nothing to write");
