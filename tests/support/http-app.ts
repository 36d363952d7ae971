// The production server (server/app.ts around the Remix build) in this test process, on a
// random port, talking to this file's test database and an embedded S3 store: real HTTP
// requests reach real loaders and actions.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { createApp } from "../../server/app.ts";
import { startEmbeddedS3, applyEmbeddedS3Env } from "~/modules/documents/embedded-s3.server.ts";

export interface HttpApp {
  url: string;
  close(): Promise<void>;
}

export async function startHttpApp(): Promise<HttpApp> {
  const buildFile = path.resolve("build/server/index.js");
  if (!existsSync(buildFile)) throw new Error("No production build: run `npm run build` first (npm test does).");
  const s3Dir = mkdtempSync(path.join(os.tmpdir(), "grants-s3-"));
  const s3 = await startEmbeddedS3({ directory: s3Dir, bucket: "grants-test" });
  applyEmbeddedS3Env(s3);
  const build = (await import(/* @vite-ignore */ buildFile)) as ServerBuild;
  const app = createApp({ build, mode: "production", production: false });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await s3.stop();
      rmSync(s3Dir, { recursive: true, force: true });
    },
  };
}

/** Headers a same-origin browser form post carries. */
export function sameOrigin(url: string): Record<string, string> {
  return { Origin: new URL(url).origin, "Sec-Fetch-Site": "same-origin" };
}
