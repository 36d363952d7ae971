// Screening by grant managers through the pages' loaders and actions, against a real
// database: the list of a call's submitted proposals (filters, pagination, counts), the
// checklist with its pre-answers, pass / fail through the machine with audit rows, bulk
// decisions with a stale row, the CSV export, and refusals for everyone but grant managers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSV_BOM } from "~/utils/csv.ts";
import { action as listAction, loader as listLoader } from "~/routes/manage.calls.$callId.proposals.tsx";
import { loader as csvLoader } from "~/routes/manage.calls.$callId.proposals[.]csv.ts";
import { action as detailAction, loader as detailLoader } from "~/routes/manage.proposals.$proposalId.tsx";
import { callRoute, get, post } from "../support/route-call.ts";
import { buildWorld, type World } from "../support/personas.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const DAY = 86_400_000;
let t: TestDb;
let w: World;
let seq = 0;

const REQUIRED_DOCS = [
  { code: "CN_FORM", nameEn: "Concept note form", nameFr: "Formulaire", stage: "CONCEPT_NOTE", required: true },
  { code: "DECLARATION", nameEn: "Declaration", nameFr: "Déclaration", stage: "CONCEPT_NOTE", required: true },
  { code: "STATUTES", nameEn: "Statutes", nameFr: "Statuts", stage: "FULL_APPLICATION", required: true },
  { code: "OPTIONAL", nameEn: "Optional", nameFr: "Facultatif", stage: "FULL_APPLICATION", required: false },
];

let openCall: string; // OPEN procedure
let restrictedCall: string; // RESTRICTED procedure
let bigCall: string; // for pagination
const deadline = new Date(Date.now() - 2 * DAY);

async function makeCall(reference: string, procedure: "OPEN" | "RESTRICTED") {
  const c = await t.prisma.call.create({
    data: {
      reference,
      titleEn: `Call ${reference}`,
      titleFr: `Appel ${reference}`,
      procedure,
      state: "closed",
      publishedAt: new Date(Date.now() - 60 * DAY),
      applicantTypeCodes: ["CSO", "DIASPORA"],
      leadLocations: ["AU"],
      minGrantCents: 100_000_00,
      maxGrantCents: 150_000_00,
      requiredDocuments: REQUIRED_DOCS,
      ...(procedure === "RESTRICTED" ? { conceptNoteDeadline: deadline } : { fullApplicationDeadline: deadline }),
    },
  });
  return c.id;
}

async function makeProposal(callId: string, organisationId: string, over: { title?: string; state?: string; submittedAt?: Date | null; amount?: number } = {}) {
  seq++;
  const p = await t.prisma.proposal.create({
    data: {
      reference: `SCR-${String(seq).padStart(4, "0")}`,
      callId,
      organisationId,
      title: over.title ?? `Proposal ${seq}`,
      state: over.state ?? "submitted",
      submittedAt: over.submittedAt === undefined ? new Date(deadline.getTime() - DAY) : over.submittedAt,
      requestedAmountCents: over.amount ?? 120_000_00,
      submittedContent: { title: over.title ?? `Proposal ${seq}`, summary: "What we will do." },
    },
  });
  return p;
}

const list = (callId: string, query = "", cookie = w.cookies.manager) => callRoute(listLoader, get(`/manage/calls/${callId}/proposals${query}`, { cookie }), { callId });
const detail = (id: string, cookie = w.cookies.manager) => callRoute(detailLoader, get(`/manage/proposals/${id}`, { cookie }), { proposalId: id });
const postDetail = (id: string, fields: Record<string, string>, cookie = w.cookies.manager) =>
  callRoute(detailAction, post(`/manage/proposals/${id}`, fields, { cookie }), { proposalId: id });
function postList(callId: string, fields: [string, string][], cookie = w.cookies.manager) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (cookie) headers.set("Cookie", cookie);
  return callRoute(listAction, new Request(`http://localhost/manage/calls/${callId}/proposals`, { method: "POST", headers, body: new URLSearchParams(fields).toString() }), { callId });
}
const csv = (callId: string, query = "", cookie = w.cookies.manager) => callRoute(csvLoader, get(`/manage/calls/${callId}/proposals.csv${query}`, { cookie }), { callId });
const row = (id: string) => t.prisma.proposal.findUniqueOrThrow({ where: { id } });
const audits = (id: string) => t.prisma.auditEvent.findMany({ where: { entityType: "proposal", entityId: id }, orderBy: { at: "asc" } });

beforeAll(async () => {
  t = await createTestDb();
  w = await buildWorld(t.prisma);
  openCall = await makeCall("SCR-OPEN", "OPEN");
  restrictedCall = await makeCall("SCR-RESTRICTED", "RESTRICTED");
  bigCall = await makeCall("SCR-BIG", "OPEN");
});
afterAll(async () => {
  await t?.close();
});

describe("the list of submitted proposals", () => {
  let a1: string;
  let b1: string;
  beforeAll(async () => {
    a1 = (await makeProposal(openCall, w.orgA, { title: "Safe paths for young people" })).id;
    b1 = (await makeProposal(openCall, w.orgB, { title: "Diaspora investment fund" })).id;
    await makeProposal(openCall, w.orgA, { state: "draft", submittedAt: null, title: "Still a draft" });
    await makeProposal(restrictedCall, w.orgA, { title: "Another call's proposal" });
  });

  it("shows only the submitted proposals of that call, with counts per state", async () => {
    const res = await list(openCall);
    expect(res.status).toBe(200);
    const ids = res.data.rows.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining([a1, b1]));
    expect(ids).toHaveLength(2);
    expect(res.data.rows.map((r: { title: string }) => r.title)).not.toContain("Still a draft");
    expect(res.data.stateCounts).toEqual([{ state: "submitted", count: 2, label: "Submitted" }]);
    const r = res.data.rows.find((x: { id: string }) => x.id === a1);
    expect(r).toMatchObject({ reference: expect.stringMatching(/^SCR-/), country: "Senegal", type: expect.any(String), stateLabel: "Submitted", checklist: { answered: 0, total: 5 } });
  });

  it("narrows by state, type, country and search in SQL", async () => {
    expect((await list(openCall, "?typeCode=DIASPORA")).data.rows.map((r: { id: string }) => r.id)).toEqual([b1]);
    expect((await list(openCall, "?countryCode=sn")).data.rows.map((r: { id: string }) => r.id)).toEqual([a1]);
    expect((await list(openCall, "?q=teranga")).data.rows.map((r: { id: string }) => r.id)).toEqual([a1]);
    expect((await list(openCall, "?q=investment")).data.rows.map((r: { id: string }) => r.id)).toEqual([b1]);
    expect((await list(openCall, "?state=full_evaluation")).data.rows).toEqual([]);
  });

  it("counts under the filters, reads % and _ as plain characters, and offers the countries of the call's applicants", async () => {
    const diaspora = await list(openCall, "?typeCode=DIASPORA");
    expect(diaspora.data.stateCounts).toEqual([{ state: "submitted", count: 1, label: "Submitted" }]);
    expect(diaspora.data.total).toBe(1);
    const percent = await list(openCall, "?q=%25");
    expect(percent.data.rows).toEqual([]);
    expect(percent.data.total).toBe(0);
    expect((await list(openCall, "?q=_")).data.rows).toEqual([]);
    const countries = async () => (await list(openCall)).data.countries.map((c: { value: string }) => c.value);
    expect(await countries()).toEqual(["FR", "SN"]);
    // An applicant from a third country submits: its country is offered on the next visit.
    const org = await t.prisma.organisation.create({ data: { legalName: "Morocco Mobility Network", typeCode: "CSO", countryCode: "MA" } });
    const late = await makeProposal(openCall, org.id, { title: "A late 100% commitment" });
    expect(await countries()).toEqual(["FR", "MA", "SN"]);
    expect((await list(openCall, "?q=100%25")).data.rows.map((r: { id: string }) => r.id)).toEqual([late.id]);
    await t.prisma.proposal.delete({ where: { id: late.id } });
    await t.prisma.organisation.delete({ where: { id: org.id } });
    expect(await countries()).toEqual(["FR", "SN"]);
  });

  it("reports bad filters as field errors, not a 500", async () => {
    const res = await list(openCall, "?state=nonsense&page=-3");
    expect(res.status).toBe(400);
    expect(res.data.filterErrors.state).toEqual(["screening.error.badState"]);
    expect(res.data.filterErrors.page).toEqual(["screening.error.badPage"]);
    expect(res.data.rows).toHaveLength(2);
  });

  it("paginates in SQL", async () => {
    for (let i = 0; i < 27; i++) await makeProposal(bigCall, i % 2 ? w.orgA : w.orgB);
    const first = await list(bigCall);
    expect(first.data.total).toBe(27);
    expect(first.data.pageCount).toBe(2);
    expect(first.data.rows).toHaveLength(25);
    const second = await list(bigCall, "?page=2");
    expect(second.data.rows).toHaveLength(2);
    const all = new Set([...first.data.rows, ...second.data.rows].map((r: { id: string }) => r.id));
    expect(all.size).toBe(27);
    expect((await list(bigCall, "?page=9")).data.rows).toEqual([]);
  });

  it("is 404 for an unknown call", async () => {
    expect((await list("nope")).status).toBe(404);
  });
});

describe("the checklist", () => {
  it("pre-answers from the data: a late proposal and a missing document are flagged", async () => {
    const late = await makeProposal(restrictedCall, w.orgA, { submittedAt: new Date(deadline.getTime() + 60_000), amount: 500_000_00 });
    const doc = await t.prisma.document.create({ data: { storageKey: `documents/scr-${late.id}.pdf`, filename: "form.pdf", contentType: "application/pdf", sizeBytes: 10, organisationId: w.orgA } });
    await t.prisma.proposalDocument.create({ data: { proposalId: late.id, documentId: doc.id, requirementCode: "CN_FORM", stage: "CONCEPT_NOTE" } });
    const res = await detail(late.id);
    expect(res.status).toBe(200);
    const items = Object.fromEntries(res.data.checklist.map((i: { code: string; auto: string }) => [i.code, i.auto]));
    expect(items).toEqual({ "doc:CN_FORM": "yes", "doc:DECLARATION": "no", deadline: "no", applicant_type: "yes", lead_location: "yes", amount: "no" });
    expect(res.data.documents).toEqual([expect.objectContaining({ id: doc.id, filename: "form.pdf", requirementCode: "CN_FORM" })]);

    const onTime = await makeProposal(restrictedCall, w.orgB);
    const res2 = await detail(onTime.id);
    const items2 = Object.fromEntries(res2.data.checklist.map((i: { code: string; auto: string }) => [i.code, i.auto]));
    // A diaspora organisation registered in France: type eligible, lead location (AU only) not.
    expect(items2).toMatchObject({ deadline: "yes", applicant_type: "yes", lead_location: "no", amount: "yes" });
  });

  it("saves answers and a note with the version check, and audits it", async () => {
    const p = await makeProposal(openCall, w.orgA);
    const ok = await postDetail(p.id, { intent: "checklist", version: String(p.version), "item.deadline": "yes", "item.doc:STATUTES": "n/a", "item.unknown": "yes", note: "Checked by phone" });
    expect(ok.status).toBe(302);
    const saved = await row(p.id);
    expect(saved.version).toBe(p.version + 1);
    expect(saved.adminCheck).toMatchObject({ items: { deadline: "yes", "doc:STATUTES": "n/a" }, note: "Checked by phone" });
    expect((saved.adminCheck as { items: object }).items).not.toHaveProperty("unknown");
    expect((await audits(p.id)).map((a) => a.action)).toContain("ADMIN_CHECKLIST_SAVED");
    expect((await list(openCall)).data.rows.find((r: { id: string }) => r.id === p.id).checklist).toEqual({ answered: 2, total: 5 });

    const stale = await postDetail(p.id, { intent: "checklist", version: String(p.version), "item.deadline": "no" });
    expect(stale.status).toBe(409);
    expect(stale.data.fieldErrors.form).toEqual(["screening.error.conflict"]);
    const bad = await postDetail(p.id, { intent: "checklist", version: String(p.version + 1), "item.deadline": "maybe" });
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors["item.deadline"]).toEqual(["screening.error.badAnswer"]);
  });
});

describe("decisions", () => {
  it("pass moves a proposal of an OPEN call to full evaluation, with audit rows", async () => {
    const p = await makeProposal(openCall, w.orgA);
    const res = await postDetail(p.id, { intent: "decide", decision: "pass", version: String(p.version), reason: "" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/manage/proposals/${p.id}?done=pass`);
    expect((await row(p.id)).state).toBe("full_evaluation");
    const a = await audits(p.id);
    expect(a.map((x) => [x.action, x.fromState, x.toState, x.actorId])).toEqual([
      ["START_ADMIN_CHECK", "submitted", "admin_check", w.users.manager.id],
      ["PASS_ADMIN_CHECK", "admin_check", "full_evaluation", w.users.manager.id],
    ]);
    const page = await detail(p.id);
    expect(page.data.timeline.map((e: { action: string }) => e.action)).toEqual(["Administrative check started", "Administrative check passed"]);
    expect(page.data.canDecide).toBe(false);
  });

  it("pass moves a proposal of a RESTRICTED call to concept note evaluation", async () => {
    const p = await makeProposal(restrictedCall, w.orgA);
    expect((await postDetail(p.id, { intent: "decide", decision: "pass", version: String(p.version) })).status).toBe(302);
    expect((await row(p.id)).state).toBe("cn_evaluation");
    expect((await audits(p.id)).map((x) => x.toState)).toEqual(["admin_check", "cn_evaluation"]);
  });

  it("fail needs a reason; with one the proposal is rejected and the reason kept", async () => {
    const p = await makeProposal(openCall, w.orgB);
    const noReason = await postDetail(p.id, { intent: "decide", decision: "fail", version: String(p.version), reason: "   " });
    expect(noReason.status).toBe(400);
    expect(noReason.data.fieldErrors.reason).toEqual(["screening.error.reasonRequired"]);
    expect((await row(p.id)).state).toBe("submitted");
    expect(await audits(p.id)).toEqual([]);

    const res = await postDetail(p.id, { intent: "decide", decision: "fail", version: String(p.version), reason: "The declaration is missing." });
    expect(res.status).toBe(302);
    const after = await row(p.id);
    expect(after.state).toBe("rejected_admin");
    expect(after.adminCheck).toMatchObject({ decision: { outcome: "fail", reason: "The declaration is missing." } });
    const fail = (await audits(p.id)).find((x) => x.action === "FAIL_ADMIN_CHECK");
    expect(fail?.data).toMatchObject({ event: { reason: "The declaration is missing." } });

    const again = await postDetail(p.id, { intent: "decide", decision: "pass", version: String(after.version) });
    expect(again.status).toBe(422);
  });

  it("refuses a decision on a stale version, and bad input without a 500", async () => {
    const p = await makeProposal(openCall, w.orgA);
    const stale = await postDetail(p.id, { intent: "decide", decision: "pass", version: String(p.version + 5) });
    expect(stale.status).toBe(409);
    expect((await postDetail(p.id, { intent: "decide", decision: "maybe", version: "x" })).status).toBe(400);
    expect((await postDetail(p.id, { intent: "what" })).status).toBe(400);
    expect((await postDetail("missing", { intent: "decide", decision: "pass", version: "0" })).status).toBe(404);
  });
});

describe("bulk decisions", () => {
  it("shows a confirmation first, then applies one by one and reports a conflicting row", async () => {
    const call = await makeCall("SCR-BULK", "OPEN");
    const ps = [await makeProposal(call, w.orgA), await makeProposal(call, w.orgB), await makeProposal(call, w.orgA)];
    const page = await list(call);
    const selections: string[] = page.data.rows.map((r: { selection: string }) => r.selection);
    expect(selections).toHaveLength(3);

    const noReason = await postList(call, [["intent", "review"], ["decision", "fail"], ["reason", ""], ...selections.map((s): [string, string] => ["ids[]", s])]);
    expect(noReason.status).toBe(400);
    expect(noReason.data.fieldErrors.reason).toEqual(["screening.error.reasonRequired"]);
    const none = await postList(call, [["intent", "review"], ["decision", "pass"]]);
    expect(none.status).toBe(400);
    expect(none.data.fieldErrors["ids[]"]).toEqual(["screening.error.noneSelected"]);
    expect((await postList(call, [["intent", "review"], ["decision", "pass"], ["ids[]", "bad value!"]])).status).toBe(400);

    const review = await postList(call, [["intent", "review"], ["decision", "fail"], ["reason", "Late, incomplete"], ...selections.map((s): [string, string] => ["ids[]", s])]);
    expect(review.status).toBe(200);
    expect(review.data.stage).toBe("confirm");
    expect(review.data.proposals).toHaveLength(3);
    // Nothing changed yet.
    for (const p of ps) expect((await row(p.id)).state).toBe("submitted");

    // Someone else changes the second one meanwhile.
    const stale = ps[1]!;
    await t.prisma.proposal.update({ where: { id: stale.id }, data: { version: { increment: 1 } } });

    const confirm = await postList(call, [["intent", "confirm"], ["decision", "fail"], ["reason", "Late, incomplete"], ...review.data.selections.map((s: string): [string, string] => ["ids[]", s])]);
    expect(confirm.status).toBe(200);
    expect(confirm.data.stage).toBe("results");
    const byId = Object.fromEntries(confirm.data.results.map((r: { id: string }) => [r.id, r]));
    expect(byId[ps[0]!.id]).toMatchObject({ ok: true, state: "rejected_admin" });
    expect(byId[ps[2]!.id]).toMatchObject({ ok: true, state: "rejected_admin" });
    expect(byId[stale.id]).toMatchObject({ ok: false, code: "conflict", reference: stale.reference });
    expect((await row(stale.id)).state).toBe("submitted");
    expect((await row(ps[0]!.id)).state).toBe("rejected_admin");
    expect((await audits(ps[0]!.id)).map((a) => a.action)).toEqual(["START_ADMIN_CHECK", "FAIL_ADMIN_CHECK"]);
    expect(await audits(stale.id)).toEqual([]);

    // A proposal of another call is reported as not found, never touched.
    const other = await makeProposal(restrictedCall, w.orgA);
    const cross = await postList(call, [["intent", "confirm"], ["decision", "pass"], ["ids[]", `${other.id}:${other.version}`]]);
    expect(cross.data.results).toEqual([expect.objectContaining({ id: other.id, ok: false, code: "not_found" })]);
    expect((await row(other.id)).state).toBe("submitted");
  });
});

describe("the CSV export", () => {
  it("streams a quoted CSV with a BOM, a header and one row per proposal", async () => {
    const call = await makeCall("SCR-CSV", "OPEN");
    const org = await t.prisma.organisation.create({ data: { legalName: 'Réseau "Sahel", Lomé', typeCode: "CSO", countryCode: "TG" } });
    await makeProposal(call, org.id, { title: "Line one\nline two, with comma", amount: 123_456_78 });
    await makeProposal(call, w.orgA, { title: "=cmd|' /C calc'!A0" });
    const res = await csv(call);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="SCR-CSV-proposals.csv"');
    const text = res.data as string;
    // readBody decoded it as text; the BOM is the first character of the body as sent.
    expect(text.startsWith(CSV_BOM) || text.startsWith("reference,")).toBe(true);
    const body = text.replace(/^\uFEFF/, "");
    const lines = body.split("\r\n");
    expect(lines[0]).toBe("reference,title,organisation,acronym,applicant_type,country,requested_amount_eur,submitted_at,state,checklist_answered,checklist_total,decision_reason");
    expect(body).toContain('"Line one\nline two, with comma","Réseau ""Sahel"", Lomé",,');
    expect(body).toContain(",123456.78,");
    expect(body).toContain(",'=cmd|' /C calc'!A0,Association Teranga Migration,");
    expect(body).toContain(",Submitted,0,5,");
    // Header + 2 rows + the empty string after the last CRLF.
    expect(body.split("\r\n").filter((l) => l.startsWith("SCR-")).length).toBe(2);
  });

  it("keeps the BOM in the bytes", async () => {
    const { exportCsv } = await import("~/modules/applications/screening.server.ts");
    const { stream } = await exportCsv({ id: w.users.manager.id, role: "GRANT_MANAGER", organisationIds: [] }, openCall, {}, "en");
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("applies the filters and reports bad ones as JSON", async () => {
    const res = await csv(openCall, "?typeCode=DIASPORA");
    const rows = (res.data as string).split("\r\n").filter((l) => l.startsWith("SCR-"));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toContain("Diaspora Solidarité Sahel");
    const bad = await csv(openCall, "?state=zzz");
    expect(bad.status).toBe(400);
    expect(bad.data.error.fieldErrors.state).toEqual(["screening.error.badState"]);
  });

  it("pages through more rows than one batch", async () => {
    const mod = await import("~/modules/applications/screening.server.ts");
    expect(mod.EXPORT_BATCH_SIZE).toBeGreaterThanOrEqual(100);
    const res = await csv(bigCall);
    expect((res.data as string).split("\r\n").filter((l) => l.startsWith("SCR-")).length).toBe(27);
  });
});

describe("who may screen", () => {
  const denied = [
    ["anonymous", 401],
    ["applicantA", 403],
    ["applicantB", 403],
    ["evaluator", 403],
    ["admin", 403],
  ] as const;

  it.each(denied)("%s is refused on the list, detail, CSV and every action", async (persona, status) => {
    const cookie = w.cookies[persona];
    const p = await makeProposal(openCall, w.orgA);
    expect((await list(openCall, "", cookie)).status).toBe(status);
    expect((await detail(p.id, cookie)).status).toBe(status);
    expect((await csv(openCall, "", cookie)).status).toBe(status);
    const sel = `${p.id}:${p.version}`;
    expect((await postList(openCall, [["intent", "review"], ["decision", "pass"], ["ids[]", sel]], cookie)).status).toBe(status);
    expect((await postList(openCall, [["intent", "confirm"], ["decision", "fail"], ["reason", "x"], ["ids[]", sel]], cookie)).status).toBe(status);
    expect((await postList(openCall, [["intent", "garbage"]], cookie)).status).toBe(status);
    expect((await postDetail(p.id, { intent: "checklist", version: String(p.version), "item.deadline": "yes" }, cookie)).status).toBe(status);
    expect((await postDetail(p.id, { intent: "decide", decision: "pass", version: String(p.version) }, cookie)).status).toBe(status);
    expect((await postDetail(p.id, { intent: "decide", decision: "fail", version: String(p.version), reason: "no" }, cookie)).status).toBe(status);
    const after = await row(p.id);
    expect(after.state).toBe("submitted");
    expect(after.version).toBe(p.version);
    expect(after.adminCheck).toBeNull();
    expect(await audits(p.id)).toEqual([]);
  });

  it("a draft proposal is not found on the screening page", async () => {
    expect((await detail(w.proposalA)).status).toBe(404);
  });
});
