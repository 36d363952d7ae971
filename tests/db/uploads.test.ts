// Proposal document uploads end to end against a real database and the embedded S3 store:
// the API routes are called as the browser calls them, and the file itself is PUT with
// fetch to the presigned URL, like the browser's XMLHttpRequest does.
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedS3, applyEmbeddedS3Env, type EmbeddedS3 } from "~/modules/documents/embedded-s3.server.ts";
import { headObject, resetStorageClient } from "~/modules/documents/storage.server.ts";
import { action as requestAction, loader as requestLoader } from "~/routes/api.uploads.ts";
import { action as completeAction } from "~/routes/api.uploads.$documentId.complete.ts";
import { loader as downloadLoader } from "~/routes/documents.$documentId.download.ts";
import { loader as pageLoader } from "~/routes/proposals.$proposalId.documents.tsx";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { buildWorld, type World } from "../support/personas.ts";
import { callRoute, get } from "../support/route-call.ts";

const ENV_KEYS = ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE", "S3_PUBLIC_ENDPOINT", "UPLOAD_MAX_BYTES", "CLAMAV_HOST", "CLAMAV_PORT"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let dir: string;
let s3: EmbeddedS3;
let t: TestDb;
let w: World;
let submittedProposal: string;

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + "x".repeat(5000) + "\n%%EOF\n");
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

const REQUIREMENTS = [
  { code: "budget", nameEn: "Budget", nameFr: "Budget", stage: "FULL_APPLICATION", required: true },
  { code: "cv", nameEn: "CVs of key staff", nameFr: "CV du personnel clé", stage: "FULL_APPLICATION", required: false },
  { code: "concept", nameEn: "Concept note form", nameFr: "Formulaire de note conceptuelle", stage: "CONCEPT_NOTE", required: true },
];

function jsonPost(pathname: string, body: unknown, cookie: string, raw = false): Request {
  return new Request(`http://localhost${pathname}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie, "Accept-Language": "en" },
    body: raw ? (body as string) : JSON.stringify(body),
  });
}

async function request(cookie: string, body: Record<string, unknown>) {
  return callRoute(requestAction, jsonPost("/api/uploads", body, cookie));
}

async function complete(cookie: string, documentId: string) {
  return callRoute(completeAction, jsonPost(`/api/uploads/${documentId}/complete`, {}, cookie), { documentId });
}

function ticketFor(bytes: Buffer, over: Record<string, unknown> = {}) {
  return { proposalId: w.proposalA, requirementCode: "budget", filename: "budget.pdf", contentType: "application/pdf", sizeBytes: bytes.length, ...over };
}

/** The browser's part: PUT the bytes with exactly the headers the server signed. */
async function put(ticket: { url: string; headers: Record<string, string> }, bytes: Buffer): Promise<number> {
  const res = await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: new Uint8Array(bytes) });
  await res.arrayBuffer();
  return res.status;
}

async function upload(cookie: string, bytes: Buffer, over: Record<string, unknown> = {}) {
  const req = await request(cookie, ticketFor(bytes, over));
  expect(req.status, JSON.stringify(req.data)).toBe(201);
  expect(await put(req.data, bytes)).toBe(200);
  return { ticket: req.data as { documentId: string; url: string; headers: Record<string, string> }, done: await complete(cookie, req.data.documentId) };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "grants-uploads-test-"));
  s3 = await startEmbeddedS3({ directory: dir, bucket: "uploads-test" });
  applyEmbeddedS3Env(s3);
  delete process.env.UPLOAD_MAX_BYTES;
  delete process.env.CLAMAV_HOST;
  t = await createTestDb();
  w = await buildWorld(t.prisma);
  await t.prisma.call.update({ where: { id: w.openCall }, data: { requiredDocuments: REQUIREMENTS } });
  submittedProposal = (await t.prisma.proposal.create({ data: { reference: "UP-SUB-1", callId: w.openCall, organisationId: w.orgA, title: "Submitted", state: "submitted" } })).id;
});

afterAll(async () => {
  resetStorageClient();
  await s3?.stop();
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

describe("presign → PUT → complete", () => {
  it("stores the file byte for byte, marks it ready and attaches it to the requirement", async () => {
    const { ticket, done } = await upload(w.cookies.applicantA, PDF);
    expect(ticket.url).toContain(s3.endpoint);
    expect(done.status).toBe(200);
    expect(done.data).toMatchObject({ status: "ready", filename: "budget.pdf", sizeBytes: PDF.length, contentType: "application/pdf", previousVersionId: null });

    const doc = await t.prisma.document.findUniqueOrThrow({ where: { id: ticket.documentId } });
    expect(doc).toMatchObject({ status: "ready", organisationId: w.orgA, kind: "budget", uploadedById: w.users.applicantA.id });
    const links = await t.prisma.proposalDocument.findMany({ where: { proposalId: w.proposalA, requirementCode: "budget" } });
    expect(links.map((l) => [l.documentId, l.stage])).toEqual([[doc.id, "FULL_APPLICATION"]]);

    const dl = await callRoute(downloadLoader, get(`/documents/${doc.id}/download`, { cookie: w.cookies.applicantA }), { documentId: doc.id });
    expect(dl.status).toBe(302);
    const res = await fetch(dl.headers.get("Location")!);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
    expect(res.headers.get("content-disposition")).toContain('filename="budget.pdf"');

    // Completing again answers the same verdict.
    expect((await complete(w.cookies.applicantA, doc.id)).data).toMatchObject({ status: "ready", documentId: doc.id });
  });

  it("replacing a file keeps the previous version, downloadable and listed", async () => {
    const first = await upload(w.cookies.applicantA, PDF, { requirementCode: "cv", filename: "cv-2025.pdf" });
    const second = await upload(w.cookies.applicantA, Buffer.concat([PDF, Buffer.from("v2")]), { requirementCode: "cv", filename: "cv-2026.pdf" });
    expect(second.done.data).toMatchObject({ status: "ready", previousVersionId: first.ticket.documentId });
    const links = await t.prisma.proposalDocument.findMany({ where: { proposalId: w.proposalA, requirementCode: "cv" } });
    expect(links.map((l) => l.documentId)).toEqual([second.ticket.documentId]);

    const page = await callRoute(pageLoader, get(`/proposals/${w.proposalA}/documents`, { cookie: w.cookies.applicantA }), { proposalId: w.proposalA });
    expect(page.status).toBe(200);
    const cv = page.data.view.requirements.find((r: { code: string }) => r.code === "cv");
    expect(cv).toMatchObject({ name: "CVs of key staff", required: false, current: { id: second.ticket.documentId, filename: "cv-2026.pdf" } });
    expect(cv.previous.map((v: { id: string }) => v.id)).toEqual([first.ticket.documentId]);
    // Only the stage's requirements are listed.
    expect(page.data.view.requirements.map((r: { code: string }) => r.code)).toEqual(["budget", "cv"]);
    expect(page.data.view.canUpload).toBe(true);

    const old = await callRoute(downloadLoader, get(`/documents/${first.ticket.documentId}/download`, { cookie: w.cookies.applicantA }), { documentId: first.ticket.documentId });
    expect(old.status).toBe(302);
    expect((await fetch(old.headers.get("Location")!)).status).toBe(200);
  });

  it("rejects a file whose bytes lie about its type and deletes the object", async () => {
    const { ticket, done } = await upload(w.cookies.applicantA, PNG, { filename: "statutes.pdf" });
    expect(done.status).toBe(422);
    expect(done.data.error.code).toBe("rejected");
    expect(done.data.error.message).toMatch(/does not match/);
    const doc = await t.prisma.document.findUniqueOrThrow({ where: { id: ticket.documentId } });
    expect(doc.status).toBe("rejected");
    expect(doc.rejectionReason).toMatch(/PNG/);
    expect(await headObject(doc.storageKey)).toBeNull();
    expect(await t.prisma.proposalDocument.count({ where: { documentId: doc.id } })).toBe(0);
    // A refused file cannot be downloaded.
    const dl = await callRoute(downloadLoader, get(`/documents/${doc.id}/download`, { cookie: w.cookies.applicantA }), { documentId: doc.id });
    expect(dl.status).toBe(404);
  });

  it("refuses completing before the file arrived, with a clear message", async () => {
    const req = await request(w.cookies.applicantA, ticketFor(PDF));
    const done = await complete(w.cookies.applicantA, req.data.documentId);
    expect(done.status).toBe(400);
    expect(done.data.error.message).toMatch(/not arrived/);
  });
});

describe("limits", () => {
  it("refuses a declared size over the limit and a real size over the limit", async () => {
    process.env.UPLOAD_MAX_BYTES = "1000";
    try {
      const declared = await request(w.cookies.applicantA, ticketFor(PDF));
      expect(declared.status).toBe(400);
      expect(declared.data.error).toEqual({ code: "bad_request", message: "The file is too large: the limit is 1,000 bytes." });

      // Announces 500 bytes, sends 5,000+.
      const req = await request(w.cookies.applicantA, ticketFor(PDF, { sizeBytes: 500 }));
      expect(req.status).toBe(201);
      expect(await put(req.data, PDF)).toBe(200);
      const done = await complete(w.cookies.applicantA, req.data.documentId);
      expect(done.status).toBe(422);
      expect(done.data.error.message).toMatch(/too large/);
      const doc = await t.prisma.document.findUniqueOrThrow({ where: { id: req.data.documentId } });
      expect(doc.status).toBe("rejected");
      expect(await headObject(doc.storageKey)).toBeNull();
    } finally {
      delete process.env.UPLOAD_MAX_BYTES;
    }
  });

  it("refuses an unknown requirement, one of another stage, a type not allowed, and a name that disagrees", async () => {
    const unknown = await request(w.cookies.applicantA, ticketFor(PDF, { requirementCode: "nope" }));
    expect(unknown.status).toBe(400);
    expect(unknown.data.error.message).toContain("“nope”");
    expect((await request(w.cookies.applicantA, ticketFor(PDF, { requirementCode: "concept" }))).status).toBe(400);
    const exe = await request(w.cookies.applicantA, ticketFor(PDF, { filename: "tool.exe", contentType: "application/x-msdownload" }));
    expect(exe.status).toBe(400);
    expect(exe.data.error.code).toBe("bad_request");
    const mismatch = await request(w.cookies.applicantA, ticketFor(PDF, { filename: "budget.png" }));
    expect(mismatch.status).toBe(400);
  });

  it("answers French messages to a French user", async () => {
    const req = new Request("http://localhost/api/uploads?lang=fr", { method: "POST", headers: { "Content-Type": "application/json", Cookie: w.cookies.applicantA }, body: JSON.stringify(ticketFor(PDF, { requirementCode: "nope" })) });
    const res = await callRoute(requestAction, req);
    expect(res.data.error.message).toContain("L’appel ne demande pas");
  });

  it("a submitted proposal refuses uploads", async () => {
    const res = await request(w.cookies.applicantA, ticketFor(PDF, { proposalId: submittedProposal }));
    expect(res.status).toBe(422);
    expect(res.data.error.message).toMatch(/draft/);
    const page = await callRoute(pageLoader, get(`/proposals/${submittedProposal}/documents`, { cookie: w.cookies.applicantA }), { proposalId: submittedProposal });
    expect(page.data.view.canUpload).toBe(false);
  });

  it("bad bodies are 400 JSON, never 500", async () => {
    for (const body of ["{not json", "[]", "null", '"text"', JSON.stringify({ proposalId: w.proposalA }), JSON.stringify({ ...ticketFor(PDF), sizeBytes: "12" }), JSON.stringify({ ...ticketFor(PDF), sizeBytes: -1 })]) {
      const res = await callRoute(requestAction, jsonPost("/api/uploads", body, w.cookies.applicantA, true));
      expect(res.status, body).toBe(400);
      expect(res.data.error.code, body).toBe("bad_request");
      expect(typeof res.data.error.message).toBe("string");
    }
    const form = new Request("http://localhost/api/uploads", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: w.cookies.applicantA }, body: "a=b" });
    expect((await callRoute(requestAction, form)).status).toBe(400);
    expect((await callRoute(requestLoader as never, get("/api/uploads", { cookie: w.cookies.applicantA }))).status).toBe(405);
    const anonymous = await request("", ticketFor(PDF));
    expect(anonymous.status).toBe(401);
    expect(anonymous.data.error.code).toBe("unauthenticated");
  });
});

describe("another organisation", () => {
  it("cannot request an upload to, complete, list or download another organisation's proposal documents (404)", async () => {
    const { ticket } = await upload(w.cookies.applicantA, PDF, { filename: "budget-final.pdf" });
    const pending = await request(w.cookies.applicantA, ticketFor(PDF));

    const req = await request(w.cookies.applicantB, ticketFor(PDF));
    expect(req.status).toBe(404);
    expect(req.data.error.code).toBe("not_found");
    expect((await complete(w.cookies.applicantB, pending.data.documentId)).status).toBe(404);
    expect((await complete(w.cookies.applicantB, "does-not-exist")).status).toBe(404);
    const dl = await callRoute(downloadLoader, get(`/documents/${ticket.documentId}/download`, { cookie: w.cookies.applicantB }), { documentId: ticket.documentId });
    expect(dl.status).toBe(404);
    const page = await callRoute(pageLoader, get(`/proposals/${w.proposalA}/documents`, { cookie: w.cookies.applicantB }), { proposalId: w.proposalA });
    expect(page.status).toBe(404);
    // Still pending: B's attempt changed nothing.
    expect((await t.prisma.document.findUniqueOrThrow({ where: { id: pending.data.documentId } })).status).toBe("pending");
  });

  it("a grant manager can download and read the page but not upload; an evaluator cannot download", async () => {
    const { ticket } = await upload(w.cookies.applicantA, PDF, { filename: "budget-gm.pdf" });
    const dl = await callRoute(downloadLoader, get(`/documents/${ticket.documentId}/download`, { cookie: w.cookies.manager }), { documentId: ticket.documentId });
    expect(dl.status).toBe(302);
    const res = await fetch(dl.headers.get("Location")!);
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
    const page = await callRoute(pageLoader, get(`/proposals/${w.proposalA}/documents`, { cookie: w.cookies.manager }), { proposalId: w.proposalA });
    expect(page.status).toBe(200);
    expect(page.data.view.canUpload).toBe(false);
    expect((await request(w.cookies.manager, ticketFor(PDF))).status).toBe(403);
    const evaluator = await callRoute(downloadLoader, get(`/documents/${ticket.documentId}/download`, { cookie: w.cookies.evaluator }), { documentId: ticket.documentId });
    expect(evaluator.status).toBe(404);
  });
});

describe("virus scan (CLAMAV_HOST)", () => {
  it("refuses a file clamd reports, with the signature's name", async () => {
    // A stand-in for clamd (the real daemon cannot run here): INSTREAM framing, clamd's replies.
    const fake = net.createServer((socket) => {
      let buf = Buffer.alloc(0);
      socket.on("data", (c: Buffer) => {
        buf = Buffer.concat([buf, c]);
        if (buf.length >= 4 && buf.subarray(buf.length - 4).readUInt32BE(0) === 0) {
          socket.end(buf.toString("latin1").includes(EICAR) ? "stream: Eicar-Test-Signature FOUND\0" : "stream: OK\0");
        }
      });
    });
    await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
    process.env.CLAMAV_HOST = "127.0.0.1";
    process.env.CLAMAV_PORT = String((fake.address() as net.AddressInfo).port);
    try {
      const infected = Buffer.from(`%PDF-1.4\n${EICAR}\n%%EOF\n`);
      const { ticket, done } = await upload(w.cookies.applicantA, infected, { filename: "infected.pdf" });
      expect(done.status).toBe(422);
      expect(done.data.error.message).toBe("The file contains a virus (Eicar-Test-Signature) and was refused.");
      const doc = await t.prisma.document.findUniqueOrThrow({ where: { id: ticket.documentId } });
      expect(doc.status).toBe("rejected");
      expect(await headObject(doc.storageKey)).toBeNull();

      const clean = await upload(w.cookies.applicantA, PDF, { filename: "clean.pdf" });
      expect(clean.done.status).toBe(200);
    } finally {
      delete process.env.CLAMAV_HOST;
      delete process.env.CLAMAV_PORT;
      await new Promise((r) => fake.close(r));
    }
  });
});
