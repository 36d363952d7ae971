// Starts the app: validates the environment, starts the embedded S3 store when no S3
// service is configured, serves the Remix build (or Vite in development), and shuts down
// gracefully. `npm start` runs migrations and seeds before this.
import path from "node:path";
import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { parseEnv, EnvError } from "~/utils/env.server.ts";
import { dataDir } from "~/utils/db-config.server.ts";
import { disconnectDb } from "~/utils/db.server.ts";
import { createApp, staticAssets } from "./app.ts";
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
    const { startEmbeddedS3, useEmbeddedS3Env } = await import("~/modules/documents/embedded-s3.server.ts");
    const s3 = await startEmbeddedS3({ directory: path.join(dataDir(), "s3"), bucket: env.S3_BUCKET ?? "grants-documents", port: Number(process.env.S3_EMBEDDED_PORT ?? 0) });
    useEmbeddedS3Env(s3);
    process.env.S3_MODE = "embedded";
    stopS3 = s3.stop;
    log("info", "embedded S3 store started", { endpoint: s3.endpoint, directory: path.join(dataDir(), "s3") });
  }

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
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  const url = `http://localhost:${port}`;
  log("info", "listening", { url, database: env.DATABASE_URL ? "postgresql" : "embedded", s3: stopS3 ? "embedded" : "external" });
  if (!production) printWelcome(url, !env.DATABASE_URL);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log("info", "shutting down", { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
    await disconnectDb().catch(() => {});
    await stopS3?.().catch(() => {});
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

function printWelcome(url: string, embedded: boolean) {
  const lines = [
    "",
    `  Grants platform is running at ${url}`,
    embedded ? `  Data is kept in ${dataDir()} (embedded PostgreSQL and S3).` : "",
    "",
    "  Demo accounts (password: demo-password-2026):",
    "    applicant@demo.grants.local      applicant (Senegalese CSO)",
    "    applicant2@demo.grants.local     applicant (diaspora organisation)",
    "    evaluator@demo.grants.local      evaluator",
    "    manager@demo.grants.local        grant manager",
    "    admin@demo.grants.local          admin",
    "",
  ];
  console.log(lines.filter((l, i) => l !== "" || i === 0 || lines[i - 1] !== "").join("\n"));
}

main().catch((e) => {
  log("error", "start-up failed", { error: e instanceof Error ? e.stack : String(e) });
  process.exit(1);
});
