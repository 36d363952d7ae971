// The one module that talks to object storage (S3, MinIO, or the embedded s3rver). Every
// other module goes through these functions, so the SDK settings that keep bodies intact
// live in one place. Object keys are never derived from what users type.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { AppError } from "~/utils/errors.ts";

export interface StorageConfig {
  endpoint?: string;
  /** Where browsers reach the store, when it differs from `endpoint` (e.g. MinIO in docker). */
  publicEndpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

/** Read on every client creation (not cached) because the embedded store sets these after start-up. */
export function storageConfig(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  const endpoint = env.S3_ENDPOINT || undefined;
  const flag = env.S3_FORCE_PATH_STYLE?.trim().toLowerCase();
  return {
    endpoint,
    publicEndpoint: env.S3_PUBLIC_ENDPOINT || undefined,
    region: env.S3_REGION || "us-east-1",
    bucket: env.S3_BUCKET || "grants-documents",
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    // MinIO and s3rver have no per-bucket DNS names, so a custom endpoint means path style
    // unless told otherwise; AWS itself prefers virtual-hosted style.
    forcePathStyle: flag ? flag === "true" || flag === "1" || flag === "yes" : Boolean(endpoint),
  };
}

function makeClient(config: StorageConfig, endpoint: string | undefined): S3Client {
  const options: S3ClientConfig = {
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    // The SDK's default flexible checksums send streamed bodies with aws-chunked framing,
    // which s3rver (and some S3-compatible stores) then store verbatim: a corrupted file.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // A store that is down should fail fast (health checks, uploads) rather than hang.
    requestHandler: { connectionTimeout: 5_000 },
  };
  if (endpoint) options.endpoint = endpoint;
  // Without explicit keys the SDK's default chain applies (instance roles on AWS).
  if (config.accessKeyId && config.secretAccessKey) {
    options.credentials = { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey };
  }
  return new S3Client(options);
}

interface StorageState {
  config: StorageConfig;
  client: S3Client;
  /** Signs URLs for the public endpoint; the same client when there is none. */
  presignClient: S3Client;
}
type Globals = { __grantsStorage?: StorageState };
const g = globalThis as unknown as Globals;

// On globalThis so the server entry, the Remix build and tests share one client (and one
// connection pool) instead of one per module instance.
function state(): StorageState {
  if (!g.__grantsStorage) {
    const config = storageConfig();
    const client = makeClient(config, config.endpoint);
    const presignClient =
      config.publicEndpoint && config.publicEndpoint !== config.endpoint ? makeClient(config, config.publicEndpoint) : client;
    g.__grantsStorage = { config, client, presignClient };
  }
  return g.__grantsStorage;
}

export function s3Client(): S3Client {
  return state().client;
}

export function storageBucket(): string {
  return state().config.bucket;
}

/** Drops the client so the next call reads the environment again (embedded store, tests). */
export function resetStorageClient(): void {
  const s = g.__grantsStorage;
  g.__grantsStorage = undefined;
  if (!s) return;
  s.client.destroy();
  if (s.presignClient !== s.client) s.presignClient.destroy();
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const meta = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  return meta?.httpStatusCode;
}

function isMissing(error: unknown): boolean {
  const name = error instanceof Error ? error.name : "";
  // A missing bucket is a configuration fault, not a missing file: let it surface.
  if (name === "NoSuchBucket") return false;
  return statusOf(error) === 404 || name === "NoSuchKey" || name === "NotFound";
}

// ---------------------------------------------------------------- objects

export type ObjectBody = Buffer | Uint8Array | Readable;

export interface PutObjectOptions {
  contentType: string;
  /** Required by S3 for streams; without it a stream is read into memory first. */
  contentLength?: number;
}

export async function putObject(key: string, body: ObjectBody, opts: PutObjectOptions): Promise<{ size: number; etag?: string }> {
  let payload: Buffer | Uint8Array | Readable = body;
  let size: number;
  if (body instanceof Readable) {
    if (opts.contentLength === undefined) {
      // S3 refuses a PUT without Content-Length and multipart needs @aws-sdk/lib-storage;
      // documents are size-limited before they reach here, so buffering is acceptable.
      payload = await streamToBuffer(body);
      size = payload.byteLength;
    } else {
      size = opts.contentLength;
    }
  } else {
    size = body.byteLength;
    if (opts.contentLength !== undefined && opts.contentLength !== size) {
      throw new Error(`putObject: contentLength ${opts.contentLength} does not match the body (${size} bytes)`);
    }
  }
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`putObject: invalid contentLength ${String(size)}`);
  const { client, config } = state();
  const out = await client.send(
    new PutObjectCommand({
      Bucket: config.bucket,
      Key: key,
      Body: payload,
      ContentType: opts.contentType,
      ContentLength: size,
    }),
  );
  return { size, etag: out.ETag };
}

export interface ObjectStream {
  body: Readable;
  contentType?: string;
  contentLength?: number;
}

/** Throws AppError("not_found") when the object is missing: callers stream what they know exists. */
export async function getObjectStream(key: string): Promise<ObjectStream> {
  const { client, config } = state();
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: key }));
    if (!(out.Body instanceof Readable)) throw new Error("getObjectStream: the S3 client returned a non-Node body");
    return { body: out.Body, contentType: out.ContentType, contentLength: out.ContentLength };
  } catch (e) {
    if (isMissing(e)) throw new AppError("not_found", "The file was not found.");
    throw e;
  }
}

export interface ObjectInfo {
  size: number;
  contentType?: string;
  etag?: string;
  lastModified?: Date;
}

/** Null when the object does not exist. */
export async function headObject(key: string): Promise<ObjectInfo | null> {
  const { client, config } = state();
  try {
    const out = await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: key }));
    return { size: out.ContentLength ?? 0, contentType: out.ContentType, etag: out.ETag, lastModified: out.LastModified };
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

/** Deleting a missing object succeeds, as in S3. */
export async function deleteObject(key: string): Promise<void> {
  const { client, config } = state();
  await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }));
}

/**
 * The first `n` bytes (fewer if the object is shorter), for magic-byte checks without
 * downloading the whole file. Null when the object does not exist.
 */
export async function readFirstBytes(key: string, n: number): Promise<Buffer | null> {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`readFirstBytes: invalid length ${n}`);
  // HEAD first: an empty object has no byte 0 (S3 answers 416 to any range, and s3rver
  // drops the connection), and knowing the size keeps the range inside the object.
  const info = await headObject(key);
  if (!info) return null;
  const length = Math.min(n, info.size);
  if (length === 0) return Buffer.alloc(0);
  const { client, config } = state();
  let body: Readable;
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: key, Range: `bytes=0-${length - 1}` }));
    if (!(out.Body instanceof Readable)) throw new Error("readFirstBytes: the S3 client returned a non-Node body");
    body = out.Body;
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
  // A store that ignores Range sends everything: stop reading once we have enough.
  return streamToBuffer(body, length);
}

async function streamToBuffer(stream: Readable, limit = Infinity): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    chunks.push(buf);
    total += buf.byteLength;
    if (total >= limit) {
      stream.destroy();
      break;
    }
  }
  const all = Buffer.concat(chunks);
  return total > limit ? all.subarray(0, limit) : all;
}

// ---------------------------------------------------------------- presigned URLs

/** SigV4 presigned URLs are valid for at most seven days. */
const MAX_EXPIRY_SECONDS = 7 * 24 * 3600;

function expiry(seconds: number | undefined): number {
  const s = seconds ?? 300;
  if (!Number.isInteger(s) || s < 1 || s > MAX_EXPIRY_SECONDS) {
    throw new Error(`presigned URL expiry must be 1..${MAX_EXPIRY_SECONDS} seconds, got ${s}`);
  }
  return s;
}

/**
 * `attachment` with an ASCII fallback and the exact name in RFC 5987 form, so that
 * "Rapport d'activité.pdf" survives in every browser and no quote breaks the header.
 */
export function contentDispositionAttachment(filename: string): string {
  const name = sanitiseFilename(filename);
  const fallback = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export interface PresignedGetOptions {
  expiresInSeconds?: number;
  /** Offered to the browser as the download name (Content-Disposition: attachment). */
  filename?: string;
  /** Overrides the stored Content-Type in the response. */
  contentType?: string;
}

export async function presignedGetUrl(key: string, opts: PresignedGetOptions = {}): Promise<string> {
  const { presignClient, config } = state();
  const command = new GetObjectCommand({
    Bucket: config.bucket,
    Key: key,
    ResponseContentDisposition: opts.filename !== undefined ? contentDispositionAttachment(opts.filename) : undefined,
    ResponseContentType: opts.contentType,
  });
  return getSignedUrl(presignClient, command, { expiresIn: expiry(opts.expiresInSeconds) });
}

export interface PresignedPut {
  url: string;
  method: "PUT";
  /** The uploader must send these headers exactly: they are part of the signature. */
  headers: Record<string, string>;
}

export async function presignedPutUrl(key: string, opts: { contentType: string; expiresInSeconds?: number }): Promise<PresignedPut> {
  const { presignClient, config } = state();
  const command = new PutObjectCommand({ Bucket: config.bucket, Key: key, ContentType: opts.contentType });
  const url = await getSignedUrl(presignClient, command, {
    expiresIn: expiry(opts.expiresInSeconds),
    // Keep Content-Type a signed header so the uploader cannot store a different type.
    signableHeaders: new Set(["content-type"]),
  });
  return { url, method: "PUT", headers: { "Content-Type": opts.contentType } };
}

// ---------------------------------------------------------------- health

export type BucketCheck = { ok: true } | { ok: false; error: string };

/** For /healthz: never throws, and gives up after `timeoutMs`. */
export async function checkBucket(bucket?: string, timeoutMs = 3_000): Promise<BucketCheck> {
  const { client, config } = state();
  const name = bucket ?? config.bucket;
  try {
    await client.send(new HeadBucketCommand({ Bucket: name }), { abortSignal: AbortSignal.timeout(timeoutMs) });
    return { ok: true };
  } catch (e) {
    const status = statusOf(e);
    if (status === 404) return { ok: false, error: `bucket "${name}" does not exist` };
    if (status === 403) return { ok: false, error: `access to bucket "${name}" denied` };
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { ok: false, error: message };
  }
}

// ---------------------------------------------------------------- names

const KEY_PREFIX = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;

/** The extension of a filename, lower-cased, letters and digits only, or "" when there is none usable. */
export function safeExtension(filename: string): string {
  const base = sanitiseFilename(filename);
  const dot = base.lastIndexOf(".");
  if (dot <= 0) return "";
  const ext = base.slice(dot + 1).toLowerCase();
  return /^[a-z0-9]{1,10}$/.test(ext) ? ext : "";
}

/**
 * `<prefix>/<random id>.<ext>`: only the extension comes from the user's filename (so that
 * the store and ops tools show the type), never the name itself, so no name can traverse
 * paths, collide, or leak into URLs. The prefix is chosen by code and must be plain.
 */
export function newStorageKey(prefix: string, filename: string): string {
  const p = prefix.replace(/^\/+|\/+$/g, "");
  if (p !== "" && !KEY_PREFIX.test(p)) throw new Error(`newStorageKey: invalid prefix "${prefix}"`);
  const ext = safeExtension(filename);
  const id = randomUUID();
  const name = ext ? `${id}.${ext}` : id;
  return p ? `${p}/${name}` : name;
}

const MAX_FILENAME_LENGTH = 180;
const MAX_EXTENSION_LENGTH = 16;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A filename safe to show and to offer in Content-Disposition: the last path segment only,
 * without control or bidi-override characters (which spoof extensions), without "..",
 * at most 180 characters (extension kept), unicode letters kept. Never empty.
 */
export function sanitiseFilename(name: string): string {
  let s = String(name ?? "").normalize("NFC");
  // Browsers on Windows send "C:\fakepath\x.pdf"; both separators count on every OS.
  s = s.split(/[/\\]/).pop() ?? "";
  s = s
    // Tabs and line breaks become spaces before other control characters are dropped.
    .replace(/\s+/gu, " ")
    // Lone surrogates (Cs) would make encodeURIComponent throw when building the header.
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu, "")
    .replace(/ {2,}/g, " ")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\.{2,}/g, ".")
    // Leading dots hide files on Unix; trailing dots and spaces are dropped by Windows.
    .replace(/^[\s.]+|[\s.]+$/g, "");
  if (WINDOWS_RESERVED.test(s)) s = `_${s}`;
  s = truncateKeepingExtension(s, MAX_FILENAME_LENGTH).replace(/[\s.]+$/, "");
  return s === "" ? "file" : s;
}

function truncateKeepingExtension(name: string, max: number): string {
  // Count code points, not UTF-16 units, so an emoji or CJK name is never cut in half.
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (ext.length === 0 || ext.length > MAX_EXTENSION_LENGTH) return chars.slice(0, max).join("");
  const stem = Array.from(name.slice(0, dot));
  return stem.slice(0, max - ext.length).join("").replace(/[\s.]+$/, "") + ext.join("");
}
