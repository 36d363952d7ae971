// The storage layer against a real (embedded) S3 server and a real database: bytes must
// round-trip exactly through the SDK, presigned URLs and streams.
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedS3, applyEmbeddedS3Env, type EmbeddedS3 } from "~/modules/documents/embedded-s3.server.ts";
import {
  checkBucket,
  deleteObject,
  getObjectStream,
  headObject,
  newStorageKey,
  presignedGetUrl,
  presignedPutUrl,
  putObject,
  readFirstBytes,
  resetStorageClient,
  s3Client,
  storageBucket,
} from "~/modules/documents/storage.server.ts";
import { deleteDocument, documentDownloadUrl, storeDocument } from "~/modules/documents/documents.server.ts";
import { AppError } from "~/utils/errors.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const ENV_KEYS = ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE", "S3_PUBLIC_ENDPOINT", "S3_REGION"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let dir: string;
let s3: EmbeddedS3;
let testDb: TestDb;

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Yields `data` in uneven chunks, as an upload stream would. */
function chunked(data: Buffer, size = 65_537): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
    })(),
  );
}

async function fetchBytes(url: string): Promise<{ res: Response; body: Buffer }> {
  const res = await fetch(url);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

async function allKeys(): Promise<string[]> {
  const out = await s3Client().send(new ListObjectsV2Command({ Bucket: storageBucket() }));
  return (out.Contents ?? []).map((o) => o.Key ?? "");
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "grants-s3-test-"));
  s3 = await startEmbeddedS3({ directory: dir, bucket: "test-documents" });
  applyEmbeddedS3Env(s3);
  testDb = await createTestDb();
});

afterAll(async () => {
  resetStorageClient();
  await s3?.stop();
  await testDb?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

describe("objects", () => {
  it("round-trips a 1 MB Buffer byte for byte through a presigned GET", async () => {
    const data = randomBytes(1024 * 1024);
    const key = newStorageKey("test", "random.bin");
    const put = await putObject(key, data, { contentType: "application/octet-stream" });
    expect(put.size).toBe(data.length);

    const info = await headObject(key);
    expect(info).toMatchObject({ size: data.length, contentType: "application/octet-stream" });

    const { res, body } = await fetchBytes(await presignedGetUrl(key));
    expect(res.status).toBe(200);
    expect(body.length).toBe(data.length);
    expect(sha256(body)).toBe(sha256(data));
  });

  it("round-trips a streamed body with a content length (no aws-chunked framing)", async () => {
    const data = randomBytes(1024 * 1024 + 12_345);
    const key = newStorageKey("test", "streamed.bin");
    await putObject(key, chunked(data), { contentType: "application/pdf", contentLength: data.length });

    const { res, body } = await fetchBytes(await presignedGetUrl(key));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(sha256(body)).toBe(sha256(data));

    const obj = await getObjectStream(key);
    expect(obj.contentLength).toBe(data.length);
    expect(sha256(await readAll(obj.body))).toBe(sha256(data));
  });

  it("buffers a stream that comes without a content length", async () => {
    const data = randomBytes(300_000);
    const key = newStorageKey("test", "unknown-length.bin");
    const put = await putObject(key, chunked(data, 10_000), { contentType: "application/octet-stream" });
    expect(put.size).toBe(data.length);
    expect(sha256(await readAll((await getObjectStream(key)).body))).toBe(sha256(data));
  });

  it("refuses a Buffer whose declared length does not match", async () => {
    await expect(putObject(newStorageKey("test", "x.bin"), Buffer.alloc(10), { contentType: "text/plain", contentLength: 11 })).rejects.toThrow(
      /does not match/,
    );
  });

  it("handles parallel uploads on the shared client", async () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ key: newStorageKey("test/parallel", `f${i}.bin`), data: randomBytes(50_000 + i * 997) }));
    await Promise.all(items.map(({ key, data }) => putObject(key, chunked(data, 8_191), { contentType: "application/octet-stream", contentLength: data.length })));
    const hashes = await Promise.all(items.map(async ({ key }) => sha256(await readAll((await getObjectStream(key)).body))));
    expect(hashes).toEqual(items.map(({ data }) => sha256(data)));
  });

  it("accepts a presigned PUT from fetch and stores the same bytes", async () => {
    const data = randomBytes(256 * 1024);
    const key = newStorageKey("test", "upload.pdf");
    const put = await presignedPutUrl(key, { contentType: "application/pdf", expiresInSeconds: 60 });
    expect(put.method).toBe("PUT");
    const res = await fetch(put.url, { method: "PUT", headers: put.headers, body: data });
    expect(res.status).toBe(200);

    const obj = await getObjectStream(key);
    expect(obj.contentType).toBe("application/pdf");
    expect(sha256(await readAll(obj.body))).toBe(sha256(data));
  });

  it("answers a browser's CORS preflight for a presigned PUT", async () => {
    const res = await fetch(`${s3.endpoint}/test-documents/documents/x.pdf`, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:3000", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-methods")).toContain("PUT");
  });

  it("offers the filename in Content-Disposition (RFC 5987)", async () => {
    const key = newStorageKey("test", "x.pdf");
    await putObject(key, Buffer.from("%PDF-1.7 fake"), { contentType: "application/pdf" });
    const url = await presignedGetUrl(key, { filename: "Rapport d'activité.pdf", expiresInSeconds: 60 });
    // The user's name travels only as a signed response override, not in the key.
    expect(new URL(url).pathname).not.toContain("Rapport");
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const cd = res.headers.get("content-disposition") ?? "";
    expect(cd).toMatch(/^attachment;/);
    expect(cd).toContain("filename*=UTF-8''Rapport%20d%27activit%C3%A9.pdf");
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(cd)?.[1] ?? "";
    expect(decodeURIComponent(encoded)).toBe("Rapport d'activité.pdf");
    await res.arrayBuffer();
  });

  it("reads the first bytes with a Range request", async () => {
    const key = newStorageKey("test", "magic.pdf");
    const data = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(100_000)]);
    await putObject(key, data, { contentType: "application/pdf" });
    expect((await readFirstBytes(key, 5))?.toString("latin1")).toBe("%PDF-");
    expect(await readFirstBytes(key, 0)).toEqual(Buffer.alloc(0));
    // Asking for more than there is gives what there is.
    const small = newStorageKey("test", "small.txt");
    await putObject(small, Buffer.from("abc"), { contentType: "text/plain" });
    expect((await readFirstBytes(small, 16))?.toString()).toBe("abc");
    const empty = newStorageKey("test", "empty.txt");
    await putObject(empty, Buffer.alloc(0), { contentType: "text/plain" });
    expect(await readFirstBytes(empty, 8)).toEqual(Buffer.alloc(0));
    expect(await readFirstBytes(newStorageKey("test", "missing.pdf"), 8)).toBeNull();
  });

  it("deletes: headObject then gives null and the presigned GET 404", async () => {
    const key = newStorageKey("test", "doomed.txt");
    await putObject(key, Buffer.from("bye"), { contentType: "text/plain" });
    const url = await presignedGetUrl(key);
    expect((await fetchBytes(url)).res.status).toBe(200);

    await deleteObject(key);
    expect(await headObject(key)).toBeNull();
    expect((await fetchBytes(url)).res.status).toBe(404);
    await expect(getObjectStream(key)).rejects.toMatchObject({ code: "not_found" });
    // Deleting what is already gone is not an error, as in S3.
    await expect(deleteObject(key)).resolves.toBeUndefined();
  });

  it("presigned URLs expire", async () => {
    const key = newStorageKey("test", "brief.txt");
    await putObject(key, Buffer.from("short-lived"), { contentType: "text/plain" });
    const url = await presignedGetUrl(key, { expiresInSeconds: 1 });
    // X-Amz-Date has one-second resolution: wait past the second after expiry.
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await fetchBytes(url)).res.status).toBe(403);
    await expect(presignedGetUrl(key, { expiresInSeconds: 8 * 24 * 3600 })).rejects.toThrow();
  });

  it("keeps keys from newStorageKey free of the user's path", async () => {
    for (const name of ["../../etc/passwd", "C:\\x\\y.pdf", "a/b/../../c.txt", "..", "x.p/df"]) {
      const key = newStorageKey("test", name);
      expect(key).not.toContain("..");
      expect(key.split("/")).toHaveLength(2);
      // Only a random id and at most the extension survive from the user's name.
      expect(key).toMatch(/^test\/[0-9a-f-]{36}(\.[a-z0-9]+)?$/);
    }
    const key = newStorageKey("test", "../../etc/passwd");
    await putObject(key, Buffer.from("root:x:0:0"), { contentType: "text/plain" });
    expect(await allKeys()).toContain(key);
  });
});

describe("checkBucket", () => {
  it("reports the configured bucket ok", async () => {
    await expect(checkBucket()).resolves.toEqual({ ok: true });
  });

  it("reports a missing bucket as not ok", async () => {
    const result = await checkBucket("no-such-bucket");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain("no-such-bucket");
  });

  it("reports an unreachable store as not ok without throwing", async () => {
    // A port that was free a moment ago: connections are refused.
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, "127.0.0.1", () => {
        const address = srv.address();
        srv.close(() => resolve(typeof address === "object" && address ? address.port : 1));
      });
    });
    process.env.S3_ENDPOINT = `http://127.0.0.1:${port}`;
    resetStorageClient();
    try {
      const result = await checkBucket(undefined, 2_000);
      expect(result.ok).toBe(false);
    } finally {
      applyEmbeddedS3Env(s3);
    }
    await expect(checkBucket()).resolves.toEqual({ ok: true });
  });
});

describe("documents service", () => {
  async function owner() {
    // Upserts so that this file does not depend on which reference rows the seed provides.
    await testDb.prisma.applicantType.upsert({ where: { code: "CSO" }, update: {}, create: { code: "CSO", nameEn: "CSO", nameFr: "OSC", rank: 1 } });
    await testDb.prisma.country.upsert({ where: { code: "SN" }, update: {}, create: { code: "SN", alpha3: "SEN", nameEn: "Senegal", nameFr: "Sénégal" } });
    const suffix = randomBytes(4).toString("hex");
    const user = await testDb.prisma.user.create({ data: { email: `uploader-${suffix}@example.org`, name: "Uploader" } });
    const org = await testDb.prisma.organisation.create({ data: { legalName: `Org ${suffix}`, typeCode: "CSO", countryCode: "SN" } });
    return { userId: user.id, organisationId: org.id };
  }

  it("stores, links and deletes a document", async () => {
    const { userId, organisationId } = await owner();
    const data = randomBytes(200_000);
    const doc = await storeDocument({
      organisationId,
      uploadedById: userId,
      filename: "C:\\Users\\awa\\Rapport d'activité.PDF",
      contentType: "Application/PDF",
      body: chunked(data),
      contentLength: data.length,
    });
    expect(doc).toMatchObject({ filename: "Rapport d'activité.PDF", contentType: "application/pdf", sizeBytes: data.length, organisationId, uploadedById: userId });
    expect(doc.storageKey).toMatch(/^documents\/[0-9a-f-]{36}\.pdf$/);
    expect(await testDb.prisma.document.findUnique({ where: { id: doc.id } })).not.toBeNull();
    expect(await headObject(doc.storageKey)).toMatchObject({ size: data.length });

    const { res, body } = await fetchBytes(await documentDownloadUrl(doc.id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toContain("filename*=UTF-8''Rapport%20d%27activit%C3%A9.PDF");
    expect(sha256(body)).toBe(sha256(data));

    await deleteDocument(doc.id);
    expect(await testDb.prisma.document.findUnique({ where: { id: doc.id } })).toBeNull();
    expect(await headObject(doc.storageKey)).toBeNull();
  });

  it("never lets the filename choose the key", async () => {
    const doc = await storeDocument({ filename: "../../etc/passwd", contentType: "text/plain\r\nX-Evil: 1", body: Buffer.from("x") });
    expect(doc.filename).toBe("passwd");
    expect(doc.contentType).toBe("application/octet-stream");
    expect(doc.storageKey).toMatch(/^documents\/[0-9a-f-]{36}$/);
    await deleteDocument(doc.id);
  });

  it("throws not_found for unknown ids", async () => {
    await expect(documentDownloadUrl("no-such-document")).rejects.toSatisfy((e) => e instanceof AppError && e.code === "not_found");
    await expect(deleteDocument("no-such-document")).rejects.toMatchObject({ code: "not_found", status: 404 });
  });

  it("removes the object when the row cannot be written", async () => {
    const before = new Set(await allKeys());
    await expect(
      storeDocument({ organisationId: "no-such-organisation", filename: "a.pdf", contentType: "application/pdf", body: Buffer.from("%PDF") }),
    ).rejects.toThrow();
    const added = (await allKeys()).filter((k) => !before.has(k));
    expect(added).toEqual([]);
  });
});
