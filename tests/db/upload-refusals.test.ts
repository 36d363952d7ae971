// Uploads that must be refused or defused, beyond what uploads.test.ts covers (too large,
// a PNG named .pdf, EICAR through clamd): a Windows executable renamed .pdf in the proposal
// flow (presign → PUT → complete), and path-traversal names ("../../etc/passwd.pdf",
// "..\..\x.pdf", NUL bytes, absolute paths) in both the proposal flow and the organisation
// documents form over real HTTP: the stored key and filename never carry the traversal.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedS3, applyEmbeddedS3Env, type EmbeddedS3 } from "~/modules/documents/embedded-s3.server.ts";
import { headObject, resetStorageClient } from "~/modules/documents/storage.server.ts";
import { action as requestAction } from "~/routes/api.uploads.ts";
import { action as completeAction } from "~/routes/api.uploads.$documentId.complete.ts";
import { loader as downloadLoader } from "~/routes/documents.$documentId.download.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { sameOrigin, startHttpApp, type HttpApp } from "../support/http-app.ts";
import { buildWorld, type World } from "../support/personas.ts";
import { callRoute, get } from "../support/route-call.ts";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + "x".repeat(2000) + "\n%%EOF\n");
// "MZ", the DOS stub and a PE header: what a renamed .exe starts with.
const EXE = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00", "latin1"), Buffer.from("This program cannot be run in DOS mode.\r\r\n$"), Buffer.alloc(200, 0), Buffer.from("PE\0\0")]);

const TRAVERSALS = ["../../etc/passwd.pdf", "..\\..\\x.pdf", "/etc/cron.d/evil.pdf", "C:\\Windows\\System32\\evil.pdf", "bud\u0000get.pdf", "....//....//x.pdf", "..%2f..%2fescaped.pdf", "..", "./.pdf"];

let dir: string;
let s3: EmbeddedS3;
let t: TestDb;
let app: HttpApp;
let w: World;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "grants-refusals-"));
  s3 = await startEmbeddedS3({ directory: dir, bucket: "refusals-test" });
  applyEmbeddedS3Env(s3);
  delete process.env.UPLOAD_MAX_BYTES;
  delete process.env.CLAMAV_HOST;
  t = await createTestDb();
  w = await buildWorld(t.prisma);
  await t.prisma.call.update({ where: { id: w.openCall }, data: { requiredDocuments: [{ code: "budget", nameEn: "Budget", nameFr: "Budget", stage: "FULL_APPLICATION", required: true }] } });
  // The HTTP app starts its own S3 store; the proposal flow below uses this one.
  app = await startHttpApp();
  applyEmbeddedS3Env(s3);
});

afterAll(async () => {
  await app?.close();
  resetStorageClient();
  await s3?.stop();
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function jsonPost(pathname: string, body: unknown, cookie: string): Request {
  return new Request(`http://localhost${pathname}`, { method: "POST", headers: { "Content-Type": "application/json", Cookie: cookie, "Accept-Language": "en" }, body: JSON.stringify(body) });
}

async function uploadToProposal(filename: string, bytes: Buffer) {
  const req = await callRoute(requestAction, jsonPost("/api/uploads", { proposalId: w.proposalA, requirementCode: "budget", filename, contentType: "application/pdf", sizeBytes: bytes.length }, w.cookies.applicantA));
  if (req.status !== 201) return { req, done: null };
  const put = await fetch(req.data.url, { method: "PUT", headers: req.data.headers, body: new Uint8Array(bytes) });
  await put.arrayBuffer();
  expect(put.status).toBe(200);
  const done = await callRoute(completeAction, jsonPost(`/api/uploads/${req.data.documentId}/complete`, {}, w.cookies.applicantA), { documentId: req.data.documentId });
  return { req, done };
}

/** Nothing a stored name or key could be used to climb out of its folder with. */
function expectDefused(filename: string, storageKey: string, prefix: RegExp) {
  expect(filename).not.toMatch(/[/\\\0]|\.\./);
  expect(filename.startsWith(".")).toBe(false);
  expect(storageKey).toMatch(prefix);
  expect(storageKey).not.toMatch(/\.\.|\\|\0|\/\//);
}

describe("a proposal's documents", () => {
  it("refuses a Windows executable renamed .pdf by its bytes and deletes the object", async () => {
    const { req, done } = await uploadToProposal("budget.pdf", EXE);
    expect(req.status).toBe(201);
    expect(done?.status).toBe(422);
    expect(done?.data.error.code).toBe("rejected");
    const doc = await t.prisma.document.findUniqueOrThrow({ where: { id: req.data.documentId } });
    expect(doc.status).toBe("rejected");
    expect(await headObject(doc.storageKey)).toBeNull();
    expect(await t.prisma.proposalDocument.count({ where: { documentId: doc.id } })).toBe(0);
  });

  it("keeps traversal out of the stored name, the key and the download header", async () => {
    for (const name of TRAVERSALS) {
      const { req, done } = await uploadToProposal(name, PDF);
      // A name with nothing usable left may be refused; a usable one is defused.
      if (req.status !== 201) {
        expect(req.status, name).toBe(400);
        continue;
      }
      expect(done?.status, name).toBe(200);
      const doc = await t.prisma.document.findUniqueOrThrow({ where: { id: req.data.documentId } });
      expectDefused(doc.filename, doc.storageKey, /^proposals\/[A-Za-z0-9_-]+\/[0-9a-f-]{36}(\.pdf)?$/);
      expect(new URL(req.data.url).pathname, name).not.toContain("..");
      const dl = await callRoute(downloadLoader, get(`/documents/${doc.id}/download`, { cookie: w.cookies.applicantA }), { documentId: doc.id });
      expect(dl.status).toBe(302);
      const disposition = new URL(dl.headers.get("Location")!).searchParams.get("response-content-disposition") ?? "";
      expect(disposition, name).toMatch(/^attachment; filename="/);
      expect(decodeURIComponent(disposition), name).not.toMatch(/\.\.|[/\\\0]/);
    }
  });
});

describe("an organisation's documents (multipart over HTTP)", () => {
  it("keeps traversal out of the stored name and key", async () => {
    for (const name of TRAVERSALS) {
      const form = new FormData();
      form.append("kind", "statutes");
      form.append("file", new File([PDF], name, { type: "application/pdf" }));
      const res = await fetch(`${app.url}/organisation/${w.orgA}`, { method: "POST", redirect: "manual", body: form, headers: { ...sameOrigin(app.url), Cookie: w.cookies.applicantA } });
      await res.arrayBuffer();
      expect(res.status, name).toBeLessThan(500);
    }
    const docs = await t.prisma.document.findMany({ where: { organisationId: w.orgA, kind: "statutes", id: { not: w.documentA } } });
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expectDefused(doc.filename, doc.storageKey, /^[A-Za-z0-9_/-]+\/[0-9a-f-]{36}(\.pdf)?$/);
  });

  it("refuses a Windows executable renamed .pdf", async () => {
    const before = await t.prisma.document.count({ where: { organisationId: w.orgA } });
    const form = new FormData();
    form.append("kind", "statutes");
    form.append("file", new File([EXE], "statutes.pdf", { type: "application/pdf" }));
    const res = await fetch(`${app.url}/organisation/${w.orgA}`, { method: "POST", redirect: "manual", body: form, headers: { ...sameOrigin(app.url), Cookie: w.cookies.applicantA, "Accept-Language": "en" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/type|PDF/i);
    expect(await t.prisma.document.count({ where: { organisationId: w.orgA } })).toBe(before);
  });
});
