// The zero-setup object store: s3rver on the loopback interface, files in a folder. It does
// not verify request signatures, so it is only for trying the app and for tests;
// production points S3_ENDPOINT at a real S3 service (env.server.ts enforces that).
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { dataDir } from "~/utils/db-config.server.ts";
import { resetStorageClient } from "./storage.server.ts";

// s3rver ships no type declarations; this is the part of its API we use.
interface S3rverOptions {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  vhostBuckets: boolean;
  configureBuckets: { name: string; configs?: string[] }[];
}

// Browsers upload straight to the store with presigned PUTs, so the bucket must answer
// their CORS preflight. Presigned URLs carry the authorisation; origins need no listing here.
const BROWSER_UPLOAD_CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;
interface S3rverInstance {
  httpServer?: Server;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: S3rverOptions) => S3rverInstance;

export interface EmbeddedS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: "S3RVER";
  secretAccessKey: "S3RVER";
  directory: string;
  stop(): Promise<void>;
}

export interface EmbeddedS3Options {
  /** Defaults to `<DATA_DIR>/s3`. */
  directory?: string;
  bucket: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export function defaultEmbeddedS3Directory(): string {
  return path.join(dataDir(), "s3");
}

export async function startEmbeddedS3(opts: EmbeddedS3Options): Promise<EmbeddedS3> {
  const directory = path.resolve(opts.directory ?? defaultEmbeddedS3Directory());
  await mkdir(directory, { recursive: true });
  // Loaded on demand so a production server never loads s3rver and its Koa stack.
  const require = createRequire(import.meta.url);
  const S3rver = require("s3rver") as S3rverClass;
  const server = new S3rver({
    // Loopback only: s3rver accepts any signature, so it must not be reachable from outside.
    address: "127.0.0.1",
    port: opts.port ?? 0,
    directory,
    silent: true,
    // Clients use path-style URLs; host-based bucket guessing would misroute other hostnames.
    vhostBuckets: false,
    // Creates the bucket if it is missing; keeps existing objects across restarts.
    configureBuckets: [{ name: opts.bucket, configs: [BROWSER_UPLOAD_CORS] }],
  });
  const address = await server.run();
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket: opts.bucket,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    directory,
    // A closure, not a method: callers keep `s3.stop` detached from the object.
    async stop() {
      if (stopped) return;
      stopped = true;
      const closing = server.close();
      // Keep-alive sockets from the SDK or fetch would otherwise hold close() open.
      server.httpServer?.closeIdleConnections();
      await closing;
    },
  };
}

/** Points the storage module at an embedded store and drops any client built for another one. */
export function applyEmbeddedS3Env(s3: Pick<EmbeddedS3, "endpoint" | "bucket" | "accessKeyId" | "secretAccessKey">): void {
  process.env.S3_ENDPOINT = s3.endpoint;
  process.env.S3_BUCKET = s3.bucket;
  process.env.S3_ACCESS_KEY_ID = s3.accessKeyId;
  process.env.S3_SECRET_ACCESS_KEY = s3.secretAccessKey;
  process.env.S3_FORCE_PATH_STYLE = "true";
  // A public endpoint left over from the environment would sign URLs for another host.
  delete process.env.S3_PUBLIC_ENDPOINT;
  resetStorageClient();
}
