import { defineConfig } from "prisma/config";

// Only `prisma generate` uses this file here: migrations run through the wasm schema
// engine (scripts/db-migrate.ts). DATABASE_URL is for users with the ordinary Prisma CLI.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/grants" },
});
