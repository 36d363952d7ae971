// Reports through the pages' loaders and actions against a real database: the grantee saves
// and submits (an incomplete report is refused field by field and what was typed is kept),
// the grant manager comments per section, requests changes (the grantee is emailed and sees
// the comments), the grantee resubmits, the manager approves and the instalment waiting for
// the report is released by the 70% rule (payments.server.ts). Other organisations,
// evaluators and admins cannot read or submit; applicants cannot review.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import nodePath from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEmbeddedS3Env, startEmbeddedS3, type EmbeddedS3 } from "~/modules/documents/embedded-s3.server.ts";
import { resetStorageClient } from "~/modules/documents/storage.server.ts";
import { action as granteeAction, loader as granteeLoader } from "~/routes/grants.$grantId.reports.$reportId.tsx";
import { loader as listLoader } from "~/routes/manage.reports._index.tsx";
import { action as reviewAction, loader as reviewLoader } from "~/routes/manage.reports.$reportId.tsx";
import { callRoute, get, post } from "../support/route-call.ts";
import { buildWorld, type World } from "../support/personas.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const DAY = 86_400_000;
const S3_KEYS = ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE", "S3_PUBLIC_ENDPOINT", "UPLOAD_MAX_BYTES", "CLAMAV_HOST", "CLAMAV_PORT"] as const;
const savedEnv = Object.fromEntries(S3_KEYS.map((k) => [k, process.env[k]]));
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + "x".repeat(2000) + "\n%%EOF\n");
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
let dir: string;
let s3: EmbeddedS3;
let t: TestDb;
let w: World;
let tranche2: string;
let overdueReport: string;

beforeAll(async () => {
  dir = await mkdtemp(nodePath.join(os.tmpdir(), "grants-reports-test-"));
  s3 = await startEmbeddedS3({ directory: dir, bucket: "reports-test" });
  applyEmbeddedS3Env(s3);
  delete process.env.UPLOAD_MAX_BYTES;
  delete process.env.CLAMAV_HOST;
  t = await createTestDb();
  w = await buildWorld(t.prisma);
  // The pre-financing was paid; instalment 2 waits for interim report 1.
  await t.prisma.tranche.update({ where: { id: w.trancheA }, data: { paidAmountCents: 4_500_000, paidAt: new Date(Date.now() - 190 * DAY) } });
  tranche2 = (await t.prisma.tranche.create({ data: { grantId: w.grantA, number: 2, kind: "INSTALMENT", plannedAmountCents: 3_600_000, dependsOn: "REPORT:INTERIM:1" } })).id;
  const grant = await t.prisma.grant.findUniqueOrThrow({ where: { id: w.grantA } });
  overdueReport = (
    await t.prisma.report.create({ data: { grantId: w.grantA, kind: "INTERIM", number: 2, periodStart: grant.startDate, periodEnd: grant.startDate, dueDate: new Date(Date.now() - 3 * DAY) } })
  ).id;
});
afterAll(async () => {
  resetStorageClient();
  await s3?.stop();
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  for (const k of S3_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

const path = () => `/grants/${w.grantA}/reports/${w.reportA}`;
const params = () => ({ grantId: w.grantA, reportId: w.reportA });
const page = (cookie: string) => callRoute(granteeLoader, get(path(), { cookie }), params());
const send = (cookie: string, fields: Record<string, string>) => callRoute(granteeAction, post(path(), fields, { cookie }), params());
const review = (cookie: string, id = w.reportA) => callRoute(reviewLoader, get(`/manage/reports/${id}`, { cookie }), { reportId: id });
const decide = (cookie: string, fields: Record<string, string>, id = w.reportA) => callRoute(reviewAction, post(`/manage/reports/${id}`, fields, { cookie }), { reportId: id });
const version = async () => String((await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } })).version);

const COMPLETE = {
  "narrative.summary": "The project is on track.",
  "narrative.activities": "Twelve information sessions in Dakar and Thiès.",
  "narrative.results": "400 people informed.",
  "narrative.difficulties": "Rainy season delays; sessions moved indoors.",
  "narrative.nextPeriod": "Extend to Saint-Louis.",
  "indicator.I1.actual": "400",
  "indicator.I1.comment": "Ahead of plan",
  "spent.1": "20 000,00",
  "spent.2": "10,000.00",
};

describe("the grantee's report page", () => {
  it("shows the empty draft with its due date, what is missing and no overdue flag", async () => {
    const r = await page(w.cookies.applicantA);
    expect(r.status).toBe(200);
    expect(r.data.report).toMatchObject({ state: "draft", overdue: false, title: "Interim report 1" });
    expect(r.data.sections).toEqual(["summary", "activities", "results", "difficulties", "nextPeriod"]);
    expect(r.data.missing.map((m: { field: string }) => m.field)).toContain("spent.1");
    expect(r.data.budget).toHaveLength(2);
  });

  it("autosaves a draft, and refuses an amount that is not one on its field", async () => {
    const saved = await send(w.cookies.applicantA, { intent: "autosave", version: await version(), "narrative.summary": "First words", "spent.1": "1 234,56" });
    expect(saved.status).toBe(200);
    expect(saved.data).toMatchObject({ ok: true });
    const stored = await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } });
    expect(stored.narrative).toMatchObject({ summary: "First words" });
    expect(stored.financial).toEqual({ "1": 123_456 });

    const bad = await send(w.cookies.applicantA, { intent: "autosave", version: await version(), "spent.1": "lots" });
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors["spent.1"]).toEqual(["reports.error.amount"]);
    expect(bad.data.values["spent.1"]).toBe("lots");
  });

  it("attaches supporting documents per budget heading through the upload pipeline, checking what arrived", async () => {
    const upload = async (bytes: Buffer, filename: string, headingCode: string, cookie = w.cookies.applicantA) => {
      const ticket = await send(cookie, { intent: "upload-request", headingCode, filename, contentType: "application/pdf", sizeBytes: String(bytes.length) });
      expect(ticket.status, JSON.stringify(ticket.data)).toBe(200);
      const res = await fetch(ticket.data.ticket.url, { method: "PUT", headers: ticket.data.ticket.headers, body: new Uint8Array(bytes) });
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      return { documentId: ticket.data.ticket.documentId as string, done: await send(cookie, { intent: "upload-complete", documentId: ticket.data.ticket.documentId }) };
    };
    const ok = await upload(PDF, "payslips.pdf", "1");
    expect(ok.done.data).toMatchObject({ ok: true, status: "ready", filename: "payslips.pdf" });
    expect(await t.prisma.reportDocument.findMany({ where: { reportId: w.reportA }, select: { documentId: true, headingCode: true } })).toEqual([{ documentId: ok.documentId, headingCode: "1" }]);
    const p = await page(w.cookies.applicantA);
    expect(p.data.documents.find((g: { code: string }) => g.code === "1").files).toEqual([expect.objectContaining({ id: ok.documentId, filename: "payslips.pdf" })]);

    // A PNG named .pdf is refused and detached.
    const fake = await upload(PNG, "invoice.pdf", "");
    expect(fake.done.data).toMatchObject({ ok: true, status: "rejected" });
    expect(await t.prisma.reportDocument.count({ where: { documentId: fake.documentId } })).toBe(0);
    // Unknown headings are refused; other organisations find nothing.
    const unknown = await send(w.cookies.applicantA, { intent: "upload-request", headingCode: "99", filename: "x.pdf", contentType: "application/pdf", sizeBytes: "10" });
    expect(unknown.status).toBe(400);
    expect((await send(w.cookies.applicantB, { intent: "upload-complete", documentId: ok.documentId })).status).toBe(404);
    expect((await send(w.cookies.applicantB, { intent: `remove-document:${ok.documentId}` })).status).toBe(404);

    // Removed, then added again for the rest of the story.
    expect((await send(w.cookies.applicantA, { intent: `remove-document:${ok.documentId}` })).status).toBe(302);
    expect(await t.prisma.reportDocument.count({ where: { reportId: w.reportA } })).toBe(0);
    expect((await upload(PDF, "payslips.pdf", "1")).done.data).toMatchObject({ status: "ready" });
  });

  it("refuses a save over a newer one", async () => {
    const stale = String(Number(await version()) - 1);
    const r = await send(w.cookies.applicantA, { intent: "autosave", version: stale, "narrative.summary": "Old tab" });
    expect(r.status).toBe(409);
    expect(r.data.conflict).toBe(true);
    expect((await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } })).narrative).toMatchObject({ summary: "First words" });
  });

  it("refuses to submit an incomplete report, with a message per missing field, keeping what was typed", async () => {
    const r = await send(w.cookies.applicantA, { intent: "submit", version: await version(), "narrative.summary": "Progress so far", "spent.1": "100" });
    expect(r.status).toBe(422);
    expect(r.data.refused).toBe(true);
    expect(Object.keys(r.data.fieldErrors).sort()).toEqual(["indicator.I1.actual", "narrative.activities", "narrative.difficulties", "narrative.nextPeriod", "narrative.results", "spent.2"].sort());
    expect(r.data.fieldErrors["narrative.activities"]).toEqual(["Write the section “Activities carried out”."]);
    expect(r.data.fieldErrors["spent.2"]).toEqual(["Enter what was spent under “Activities” (0 if nothing)."]);
    expect(r.data.values["narrative.summary"]).toBe("Progress so far");
    const stored = await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } });
    expect(stored.state).toBe("draft");
    // The draft is saved even though the submission was refused.
    expect(stored.narrative).toMatchObject({ summary: "Progress so far" });
    expect(r.data.version).toBe(stored.version);
  });

  it("submits a complete report through the machine", async () => {
    const r = await send(w.cookies.applicantA, { intent: "submit", version: await version(), ...COMPLETE });
    expect(r.status).toBe(302);
    const stored = await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } });
    expect(stored.state).toBe("submitted");
    expect(stored.submittedAt).not.toBeNull();
    expect(stored.financial).toEqual({ "1": 2_000_000, "2": 1_000_000 });
    const audit = await t.prisma.auditEvent.findMany({ where: { entityId: w.reportA, action: "SUBMIT" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ fromState: "draft", toState: "submitted", actorId: w.users.applicantA.id });
    // Submitted: read-only, no more saves.
    expect((await page(w.cookies.applicantA)).data.editable).toBe(false);
    const late = await send(w.cookies.applicantA, { intent: "autosave", version: await version(), "narrative.summary": "Changed after" });
    expect(late.status).toBe(422);
  });

  it("is nobody else's: other organisations find nothing, evaluators and admins are refused, managers go to the review", async () => {
    expect((await page(w.cookies.applicantB)).status).toBe(404);
    expect((await send(w.cookies.applicantB, { intent: "submit", version: await version(), ...COMPLETE })).status).toBe(404);
    expect((await send(w.cookies.applicantB, { intent: "upload-request", filename: "x.pdf", contentType: "application/pdf", sizeBytes: "10" })).status).toBe(404);
    expect((await page(w.cookies.evaluator)).status).toBe(403);
    expect((await send(w.cookies.evaluator, { intent: "submit", version: "0" })).status).toBe(403);
    expect((await page(w.cookies.admin)).status).toBe(403);
    expect((await page("")).status).toBe(401);
    const manager = await page(w.cookies.manager);
    expect(manager.status).toBe(302);
    expect(manager.headers.get("Location")).toBe(`/manage/reports/${w.reportA}`);
    // A report id under another grant is not found either.
    const other = await callRoute(granteeLoader, get(`/grants/nope/reports/${w.reportA}`, { cookie: w.cookies.applicantA }), { grantId: "nope", reportId: w.reportA });
    expect(other.status).toBe(404);
  });
});

describe("the grant manager's review", () => {
  it("lists the report to review and the overdue one, filtered and counted in the database", async () => {
    const toReview = await callRoute(listLoader, get("/manage/reports", { cookie: w.cookies.manager }));
    expect(toReview.status).toBe(200);
    expect(toReview.data.rows.map((r: { id: string }) => r.id)).toEqual([w.reportA]);
    expect(toReview.data.counts).toMatchObject({ to_review: 1, overdue: 1, all: 2 });
    const overdue = await callRoute(listLoader, get("/manage/reports?view=overdue", { cookie: w.cookies.manager }));
    expect(overdue.data.rows).toEqual([expect.objectContaining({ id: overdueReport, overdue: true, submitted: false })]);
    const none = await callRoute(listLoader, get("/manage/reports?view=all&q=no-such-grant", { cookie: w.cookies.manager }));
    expect(none.data.total).toBe(0);
    const finals = await callRoute(listLoader, get("/manage/reports?view=all&kind=FINAL", { cookie: w.cookies.manager }));
    expect(finals.data.total).toBe(0);
    expect((await callRoute(listLoader, get("/manage/reports", { cookie: w.cookies.applicantA }))).status).toBe(403);
    expect((await callRoute(listLoader, get("/manage/reports", { cookie: w.cookies.evaluator }))).status).toBe(403);
  });

  it("is for grant managers only, and shows of a draft its due date, not its content", async () => {
    for (const cookie of [w.cookies.applicantA, w.cookies.applicantB, w.cookies.evaluator, w.cookies.admin]) {
      expect((await review(cookie)).status).toBe(403);
      expect((await decide(cookie, { decision: "approve", version: await version() })).status).toBe(403);
    }
    // A report never handed in shows its due date and payment, not the grantee's draft.
    await t.prisma.report.update({ where: { id: overdueReport }, data: { narrative: { summary: "Private draft" } } });
    const draft = await review(w.cookies.manager, overdueReport);
    expect(draft.status).toBe(200);
    expect(draft.data).toMatchObject({ submitted: false, canDecide: false, narrative: {}, financial: {} });
    expect(JSON.stringify(draft.data)).not.toContain("Private draft");
    expect((await decide(w.cookies.manager, { decision: "approve", version: "0" }, overdueReport)).status).toBe(422);
    expect((await t.prisma.report.findUniqueOrThrow({ where: { id: overdueReport } })).state).toBe("draft");
    expect((await review(w.cookies.manager, "no-such-report")).status).toBe(404);
    expect((await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } })).state).toBe("submitted");
  });

  it("starts the review, saves comments per section, and needs a reason to request changes", async () => {
    const r = await review(w.cookies.manager);
    expect(r.status).toBe(200);
    expect(r.data.canDecide).toBe(true);
    expect(r.data.tranche).toMatchObject({ number: 2, releasedAt: null });
    expect(r.data.financial).toEqual({ "1": 2_000_000, "2": 1_000_000 });

    expect((await decide(w.cookies.manager, { intent: "start", version: await version() })).status).toBe(302);
    expect((await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } })).state).toBe("under_review");

    const saved = await decide(w.cookies.manager, { decision: "comments", version: await version(), "comment.summary": "Too short.", "comment.financial": "Attach the staff payslips." });
    expect(saved.status).toBe(302);
    expect((await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } })).reviewComments).toEqual({ summary: "Too short.", financial: "Attach the staff payslips." });

    const noReason = await decide(w.cookies.manager, { decision: "request_changes", reason: "  ", version: await version(), "comment.summary": "Too short." });
    expect(noReason.status).toBe(400);
    expect(noReason.data.fieldErrors.reason).toEqual(["reports.review.error.reasonRequired"]);
    expect(noReason.data.values["comment.summary"]).toBe("Too short.");
    expect((await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } })).state).toBe("under_review");
  });

  it("requests changes: the grantee is emailed and sees the reason and the comments next to each part, then resubmits", async () => {
    const r = await decide(w.cookies.manager, {
      decision: "request_changes",
      reason: "Explain the delays in more detail.",
      version: await version(),
      "comment.summary": "Too short.",
      "comment.financial": "Attach the staff payslips.",
    });
    expect(r.status).toBe(302);
    expect((await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } })).state).toBe("changes_requested");
    const mails = await t.prisma.emailMessage.findMany({ where: { to: w.users.applicantA.email, template: "reportChangesRequested" } });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain("Explain the delays in more detail.");
    expect(mails[0]!.text).toContain(`/grants/${w.grantA}/reports/${w.reportA}`);
    expect(await t.prisma.emailMessage.count({ where: { to: w.users.applicantB.email } })).toBe(0);

    const p = await page(w.cookies.applicantA);
    expect(p.data.editable).toBe(true);
    expect(p.data.changeReason).toBe("Explain the delays in more detail.");
    expect(p.data.comments).toEqual({ summary: "Too short.", financial: "Attach the staff payslips." });
    // What was submitted is still there to change.
    expect(p.data.values["narrative.activities"]).toBe(COMPLETE["narrative.activities"]);

    const again = await send(w.cookies.applicantA, { intent: "submit", version: await version(), ...COMPLETE, "narrative.summary": "The project is on track; details below." });
    expect(again.status).toBe(302);
    expect((await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } })).state).toBe("submitted");
  });

  it("approves: the grantee is emailed and instalment 2 is released with the 70% rule", async () => {
    const r = await decide(w.cookies.manager, { decision: "approve", version: await version(), "comment.summary": "Thank you." });
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe(`/manage/reports/${w.reportA}?done=approved`);
    const stored = await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } });
    expect(stored.state).toBe("approved");
    expect(stored.approvedAt).not.toBeNull();
    // Spent 30 000 € at a 90% share = 27 000 € financed; 70% of the 45 000 € paid is 31 500 €:
    // 4 500 € short, so the 36 000 € planned become 31 500 € due.
    const tranche = await t.prisma.tranche.findUniqueOrThrow({ where: { id: tranche2 } });
    expect(tranche.releasedAt).not.toBeNull();
    expect(tranche.dueAmountCents).toBe(3_150_000);
    expect(tranche.reportId).toBe(w.reportA);
    expect(await t.prisma.emailMessage.count({ where: { to: w.users.applicantA.email, template: "reportApproved" } })).toBe(1);

    const p = await review(w.cookies.manager);
    expect(p.data.canDecide).toBe(false);
    expect(p.data.tranche).toMatchObject({ number: 2, dueAmountCents: 3_150_000 });
    expect(p.data.tranche.explanation).toContain("Reduced by");
    // Deciding again is refused, not doubled.
    const twice = await decide(w.cookies.manager, { decision: "approve", version: await version() });
    expect(twice.status).toBe(422);
    expect(await t.prisma.auditEvent.count({ where: { entityId: w.grantA, action: "TRANCHE_RELEASED" } })).toBe(1);
  });
});
