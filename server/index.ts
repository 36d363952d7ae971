// Starts the app: validates the environment, starts the embedded S3 store when no S3
// service is configured, serves the Remix build (or Vite in development), and shuts down
// gracefully. `npm start` runs migrations and seeds before this.
import path from "node:path";
import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { parseEnv, EnvError } from "~/utils/env.server.ts";
import { dataDir } from "~/utils/db-config.server.ts";
import { disconnectDb } from "~/utils/db.server.ts";
import { startJobs, stopJobs } from "~/utils/jobs.server.ts";
import { createApp, staticAssets } from "./app.ts";
import { JOB_DEFINITIONS } from "./jobs.ts";
import { log } from "./logger.ts";

async function main() {
  let env;
  try {
    env = parseEnv();
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const production = env.NODE_ENV === "production";
  const development = env.NODE_ENV === "development";

  let stopS3: (() => Promise<void>) | undefined;
  if (!env.S3_ENDPOINT) {
    const { startEmbeddedS3, applyEmbeddedS3Env } = await import("~/modules/documents/embedded-s3.server.ts");
    const s3 = await startEmbeddedS3({ directory: path.join(dataDir(), "s3"), bucket: env.S3_BUCKET ?? "grants-documents", port: Number(process.env.S3_EMBEDDED_PORT ?? 0) });
    applyEmbeddedS3Env(s3);
    process.env.S3_MODE = "embedded";
    stopS3 = s3.stop;
    log("info", "embedded S3 store started", { endpoint: s3.endpoint, directory: path.join(dataDir(), "s3") });
  }

  await startJobs({ definitions: JOB_DEFINITIONS, onError: (e) => log("error", "job runner", { error: e.message }) });
  log("info", "job runner started", { jobs: JOB_DEFINITIONS.map((d) => d.name) });

  let app;
  if (development) {
    const vite = await import("vite");
    const viteServer = await vite.createServer({ server: { middlewareMode: true } });
    app = createApp({
      production: false,
      mode: "development",
      assets: [viteServer.middlewares],
      build: () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
    });
  } else {
    const buildDir = path.resolve("build");
    const build = (await import(path.join(buildDir, "server", "index.js"))) as ServerBuild;
    app = createApp({ production, mode: "production", build, assets: staticAssets(buildDir) });
  }

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(env.PORT, env.HOST, () => resolve(s));
  });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log("info", "shutting down", { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    // Stop accepting, let requests in flight finish, drop idle keep-alive connections.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    await stopJobs().catch(() => {});
    await disconnectDb().catch(() => {});
    await stopS3?.().catch(() => {});
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  const url = `http://localhost:${port}`;
  log("info", "listening", { url, database: env.DATABASE_URL ? "postgresql" : "embedded", s3: stopS3 ? "embedded" : "external" });
  if (!production) await printWelcome(url, !env.DATABASE_URL);

}

async function printWelcome(url: string, embedded: boolean) {
  const { db } = await import("~/utils/db.server.ts");
  // Demo accounts exist only where the demo seed ran (the embedded default, or db:seed:demo).
  const demo = await db()
    .user.findMany({ where: { email: { endsWith: "@demo.grants.local" } }, orderBy: [{ role: "asc" }, { email: "asc" }], select: { email: true, role: true } })
    .catch(() => []);
  const lines = ["", `  Grants platform is running at ${url}`];
  if (embedded) lines.push(`  Data is kept in ${dataDir()} (embedded PostgreSQL and S3).`);
  if (demo.length) {
    lines.push("", "  Demo accounts (password: demo-password-2026):");
    for (const u of demo) lines.push(`    ${u.email.padEnd(34)} ${u.role.toLowerCase().replace("_", " ")}`);
  }
  console.log(lines.join("\n") + "\n");
}

main().catch((e) => {
  log("error", "start-up failed", { error: e instanceof Error ? e.stack : String(e) });
  process.exit(1);
});
