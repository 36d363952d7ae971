// Documents uploaded through a form (organisation documents, the signed contract of a grant)
// are scanned like proposal documents when clamd is configured: a file clamd reports is
// refused with a message on the file field and nothing is stored; a clean file goes through;
// a scanner that does not answer refuses (fail closed). clamd itself cannot run here, so a
// stand-in speaks its INSTREAM protocol on loopback.
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmbeddedS3, applyEmbeddedS3Env, type EmbeddedS3 } from "~/modules/documents/embedded-s3.server.ts";
import { resetStorageClient } from "~/modules/documents/storage.server.ts";
import { uploadOrganisationDocument } from "~/modules/organisations/organisation-documents.server.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { buildWorld, type World } from "../support/personas.ts";

const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
const pdf = (inner: string) => Buffer.from(`%PDF-1.4\n${inner}\n%%EOF\n`, "latin1");

let dir: string;
let s3: EmbeddedS3;
let t: TestDb;
let w: World;
let clamd: net.Server;

/** Reads clamd's INSTREAM framing (4-byte length chunks, a zero chunk ends) and answers like clamd. */
function standIn(socket: net.Socket) {
  let buf = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    if (buf.length >= 4 && buf.subarray(buf.length - 4).readUInt32BE(0) === 0) {
      socket.end(buf.toString("latin1").includes(EICAR) ? "stream: Eicar-Test-Signature FOUND\0" : "stream: OK\0");
    }
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "grants-form-scan-"));
  s3 = await startEmbeddedS3({ directory: dir, bucket: "form-scan-test" });
  applyEmbeddedS3Env(s3);
  clamd = net.createServer(standIn);
  await new Promise<void>((r) => clamd.listen(0, "127.0.0.1", r));
  t = await createTestDb();
  w = await buildWorld(t.prisma);
});
beforeEach(() => {
  process.env.CLAMAV_HOST = "127.0.0.1";
  process.env.CLAMAV_PORT = String((clamd.address() as net.AddressInfo).port);
});
afterAll(async () => {
  delete process.env.CLAMAV_HOST;
  delete process.env.CLAMAV_PORT;
  await new Promise((r) => clamd?.close(r));
  resetStorageClient();
  await s3?.stop();
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const actorA = () => ({ id: w.users.applicantA.id, role: "APPLICANT" as const, organisationIds: [w.orgA] });
const documentsOfA = () => t.prisma.document.count({ where: { organisationId: w.orgA } });

describe("virus scan of documents uploaded through a form", () => {
  it("refuses the EICAR test file with a message on the file field and stores nothing", async () => {
    const before = await documentsOfA();
    const result = await uploadOrganisationDocument(actorA(), w.orgA, { kind: "statutes", file: { filename: "statutes.pdf", contentType: "application/pdf", bytes: pdf(EICAR) }, tooLarge: false }, { ipAddress: "127.0.0.1" });
    expect(result).toEqual({ ok: false, fieldErrors: { file: ["organisation.documents.errors.virus"] } });
    expect(await documentsOfA()).toBe(before);
  });

  it("accepts a clean file", async () => {
    const before = await documentsOfA();
    const result = await uploadOrganisationDocument(actorA(), w.orgA, { kind: "statutes", file: { filename: "statutes.pdf", contentType: "application/pdf", bytes: pdf("clean") }, tooLarge: false }, { ipAddress: "127.0.0.1" });
    expect(result.ok).toBe(true);
    expect(await documentsOfA()).toBe(before + 1);
  });

  it("refuses when the scanner does not answer, rather than let an unscanned file in", async () => {
    process.env.CLAMAV_PORT = "1"; // nothing listens there
    const before = await documentsOfA();
    const result = await uploadOrganisationDocument(actorA(), w.orgA, { kind: "statutes", file: { filename: "statutes.pdf", contentType: "application/pdf", bytes: pdf("clean") }, tooLarge: false }, { ipAddress: "127.0.0.1" });
    expect(result).toEqual({ ok: false, fieldErrors: { file: ["organisation.documents.errors.scanUnavailable"] } });
    expect(await documentsOfA()).toBe(before);
  });
});
