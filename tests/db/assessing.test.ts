// The assessor's side of the evaluation through the pages' loaders and actions, against a
// real database: nothing of a call before its declaration is signed, the signature itself,
// draft scores saved as typed, submission through the machine with the weighted total,
// refusals per criterion that keep what was typed, a returned evaluation resubmitted, the
// conflict of interest (scores discarded, proposal hidden, grant managers emailed), blind
// review, and other people's evaluations answering "not found".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionCookie } from "~/modules/auth/session.server.ts";
import { resetStorageClient } from "~/modules/documents/storage.server.ts";
import { DECLARATION_VERSION } from "~/modules/evaluation/declaration.ts";
import { loader as queueLoader } from "~/routes/assess._index.tsx";
import { action as pageAction, loader as pageLoader } from "~/routes/assess.$evaluationId.tsx";
import { action as declarationAction, loader as declarationLoader } from "~/routes/assess.calls.$callId.declaration.tsx";
import { loader as documentLoader } from "~/routes/assess.$evaluationId.documents.$documentId.tsx";
import { applyTransition } from "~/utils/workflow.server.ts";
import { callRoute, get, post } from "../support/route-call.ts";
import { buildWorld, type World } from "../support/personas.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const DAY = 86_400_000;
const S3_KEYS = ["S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_BUCKET"] as const;
const savedEnv = Object.fromEntries(S3_KEYS.map((k) => [k, process.env[k]]));

/** 1.1 (×2) and 1.2 in section 1, 2.1 in section 2: 20 points. */
const GRID = {
  max: 20,
  passMark: 12,
  sections: [
    {
      code: "1",
      nameEn: "Relevance",
      nameFr: "Pertinence",
      criteria: [
        { code: "1.1", nameEn: "Relevance to the call", nameFr: "Pertinence", max: 5, weight: 2 },
        { code: "1.2", nameEn: "Needs of the target countries", nameFr: "Besoins", max: 5, weight: 1 },
      ],
    },
    { code: "2", nameEn: "Design", nameFr: "Conception", criteria: [{ code: "2.1", nameEn: "Coherence", nameFr: "Cohérence", max: 5, weight: 1 }] },
  ],
};

const REQUIRED_DOCUMENTS = [{ code: "CN_FORM", nameEn: "Concept note form", nameFr: "Formulaire de note conceptuelle", stage: "CONCEPT_NOTE", required: true }];

let t: TestDb;
let w: World;
let seq = 0;
let evaluator2: { id: string; cookie: string };

async function makeCall(over: { blindReview?: boolean } = {}) {
  seq++;
  const call = await t.prisma.call.create({
    data: {
      reference: `ASSESS-${seq}`,
      titleEn: `Assessed call ${seq}`,
      titleFr: `Appel évalué ${seq}`,
      procedure: "RESTRICTED",
      state: "under_evaluation",
      publishedAt: new Date(Date.now() - 90 * DAY),
      conceptNoteDeadline: new Date(Date.now() - 30 * DAY),
      conceptNoteGrid: GRID,
      fullApplicationGrid: GRID,
      requiredDocuments: REQUIRED_DOCUMENTS,
      blindReview: over.blindReview ?? false,
    },
  });
  return call.id;
}

/** A submitted concept note of organisation A with a co-applicant and one frozen document, assigned to `assessorId`. */
async function makeEvaluation(callId: string, assessorId: string, title = `Proposal ${++seq}`) {
  seq++;
  const reference = `ASSESS-P-${seq}`;
  const proposal = await t.prisma.proposal.create({
    data: { reference, callId, organisationId: w.orgA, title, state: "cn_evaluation", submittedAt: new Date(Date.now() - 31 * DAY), submittedContent: { stage: "CONCEPT_NOTE", sections: { summary: { title: "stale copy" } } } },
  });
  await t.prisma.proposalPartner.create({ data: { proposalId: proposal.id, name: "Sahel Partners Network", countryCode: "ML", typeCode: "CSO" } });
  const document = await t.prisma.document.create({
    data: { storageKey: `documents/assess-${seq}.pdf`, filename: "Teranga concept note.pdf", contentType: "application/pdf", sizeBytes: 10, organisationId: w.orgA, uploadedById: w.users.applicantA.id, kind: "CN_FORM" },
  });
  await t.prisma.proposalDocument.create({ data: { proposalId: proposal.id, documentId: document.id, requirementCode: "CN_FORM", stage: "CONCEPT_NOTE" } });
  await t.prisma.proposalSubmission.create({
    data: {
      proposalId: proposal.id,
      stage: "CONCEPT_NOTE",
      content: {
        stage: "CONCEPT_NOTE",
        sections: {
          summary: { title, summary: "Safe migration information in Dakar.", objectives: "Inform 1,000 people.", durationMonths: 6 },
          partners: { partners: [{ organisationId: null, name: "Sahel Partners Network", email: "contact@sahel-partners.example", countryCode: "ML", typeCode: "CSO" }] },
        },
      },
      documents: [{ documentId: document.id, requirementCode: "CN_FORM", filename: document.filename }],
    },
  });
  const evaluation = await t.prisma.evaluation.create({ data: { callId, proposalId: proposal.id, stage: "CONCEPT_NOTE", assessorId, assignmentReason: "test" } });
  return { id: evaluation.id, proposalId: proposal.id, reference, documentId: document.id };
}

async function sign(callId: string, userId: string) {
  await t.prisma.impartialityDeclaration.create({ data: { callId, userId, textVersion: DECLARATION_VERSION, text: "signed in the test" } });
}

const queue = (cookie = w.cookies.evaluator) => callRoute(queueLoader, get("/assess", { cookie }));
const page = (id: string, cookie = w.cookies.evaluator) => callRoute(pageLoader, get(`/assess/${id}`, { cookie }), { evaluationId: id });
const act = (id: string, fields: Record<string, string>, cookie = w.cookies.evaluator) =>
  callRoute(pageAction, post(`/assess/${id}`, fields, { cookie, headers: { "x-client-address": "203.0.113.7" } }), { evaluationId: id });
const doc = (id: string, documentId: string, cookie = w.cookies.evaluator) =>
  callRoute(documentLoader, get(`/assess/${id}/documents/${documentId}`, { cookie }), { evaluationId: id, documentId });
const row = (id: string) => t.prisma.evaluation.findUniqueOrThrow({ where: { id } });

function scoreFields(s: Record<string, [string, string]>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [code, [score, justification]] of Object.entries(s)) {
    fields[`score.${code}`] = score;
    fields[`justification.${code}`] = justification;
  }
  return fields;
}

const COMPLETE = scoreFields({ "1.1": ["4", "Clearly within the call's priorities."], "1.2": ["3", "Needs are described, data is thin."], "2.1": ["5", "Activities lead to results."] });

beforeAll(async () => {
  t = await createTestDb();
  w = await buildWorld(t.prisma);
  process.env.S3_ENDPOINT = "http://127.0.0.1:9";
  process.env.S3_ACCESS_KEY_ID = "test";
  process.env.S3_SECRET_ACCESS_KEY = "test-secret";
  process.env.S3_BUCKET = "assessing-test";
  resetStorageClient();
  const user = await t.prisma.user.create({ data: { email: "evaluator2@assess.test", name: "Second assessor", role: "EVALUATOR", emailVerifiedAt: new Date() } });
  evaluator2 = { id: user.id, cookie: (await createSessionCookie(user.id, { ipAddress: "127.0.0.1" })).split(";")[0]! };
});
afterAll(async () => {
  for (const k of S3_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  resetStorageClient();
  await t?.close();
});

describe("the declaration of impartiality and confidentiality", () => {
  let callId: string;
  let e: Awaited<ReturnType<typeof makeEvaluation>>;
  beforeAll(async () => {
    callId = await makeCall();
    e = await makeEvaluation(callId, w.users.evaluator.id, "Secret title before signing");
  });

  it("before signing, the assessor sees only the call and how many proposals wait: no title, page or document", async () => {
    const q = await queue();
    expect(q.status).toBe(200);
    const call = q.data.calls.find((c: { id: string }) => c.id === callId);
    expect(call).toMatchObject({ signedAt: null, assigned: 1, evaluations: [] });
    expect(JSON.stringify(q.data)).not.toContain("Secret title before signing");
    expect(JSON.stringify(q.data)).not.toContain(e.reference);

    const p = await page(e.id);
    expect(p.status).toBe(302);
    expect(p.headers.get("Location")).toBe(`/assess/calls/${callId}/declaration?next=${encodeURIComponent(`/assess/${e.id}`)}`);
    expect((await doc(e.id, e.documentId)).status).toBe(404);
    expect((await act(e.id, { intent: "autosave", version: "0", ...COMPLETE })).status).toBe(404);
    expect((await act(e.id, { intent: "conflict", reason: "I know them" })).status).toBe(404);
    expect((await row(e.id)).state).toBe("assigned");
  });

  it("the declaration page shows the text with its version; it is not found for a call without assignments", async () => {
    const d = await callRoute(declarationLoader, get(`/assess/calls/${callId}/declaration`, { cookie: w.cookies.evaluator }), { callId });
    expect(d.status).toBe(200);
    expect(d.data).toMatchObject({ assigned: 1, signed: null, textVersion: DECLARATION_VERSION, call: { reference: expect.stringMatching(/^ASSESS-/) } });
    expect((await callRoute(declarationLoader, get(`/assess/calls/${w.openCall}/declaration`, { cookie: w.cookies.evaluator }), { callId: w.openCall })).status).toBe(404);
    expect((await callRoute(declarationLoader, get(`/assess/calls/${callId}/declaration`, { cookie: evaluator2.cookie }), { callId })).status).toBe(404);
    expect((await callRoute(declarationLoader, get(`/assess/calls/${callId}/declaration`, { cookie: w.cookies.manager }), { callId })).status).toBe(403);
    expect((await callRoute(declarationLoader, get(`/assess/calls/${callId}/declaration`), { callId })).status).toBe(401);
  });

  it("signing needs the box ticked, then records the time, the text version, the text and the address, audited", async () => {
    const sign = (fields: Record<string, string>) =>
      callRoute(declarationAction, post(`/assess/calls/${callId}/declaration?next=${encodeURIComponent(`/assess/${e.id}`)}`, fields, { cookie: w.cookies.evaluator, headers: { "x-client-address": "203.0.113.7" } }), { callId });
    const unticked = await sign({ textVersion: DECLARATION_VERSION });
    expect(unticked.status).toBe(400);
    expect(unticked.data.fieldErrors.agree).toEqual(["assessing.declaration.agreeRequired"]);
    const outdated = await sign({ agree: "on", textVersion: "1999-01" });
    expect(outdated.status).toBe(400);
    expect(outdated.data.fieldErrors.agree).toEqual(["assessing.declaration.textChanged"]);
    expect(await t.prisma.impartialityDeclaration.count({ where: { callId, userId: w.users.evaluator.id } })).toBe(0);

    const before = Date.now();
    const signed = await sign({ agree: "on", textVersion: DECLARATION_VERSION });
    expect(signed.status).toBe(302);
    expect(signed.headers.get("Location")).toBe(`/assess/${e.id}`);
    const declaration = await t.prisma.impartialityDeclaration.findUniqueOrThrow({ where: { callId_userId: { callId, userId: w.users.evaluator.id } } });
    expect(declaration.textVersion).toBe(DECLARATION_VERSION);
    expect(declaration.text).toContain("impartiality");
    expect(declaration.text).toContain("Confidentiality");
    expect(declaration.ipAddress).toBe("203.0.113.7");
    expect(declaration.signedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const audit = await t.prisma.auditEvent.findFirst({ where: { action: "declaration_signed", entityType: "call", entityId: callId } });
    expect(audit).toMatchObject({ actorId: w.users.evaluator.id, ipAddress: "203.0.113.7", data: expect.objectContaining({ textVersion: DECLARATION_VERSION }) });

    // Now the proposal is there, in the queue and on its page.
    const q = await queue();
    const call = q.data.calls.find((c: { id: string }) => c.id === callId);
    expect(call.evaluations).toEqual([expect.objectContaining({ id: e.id, title: "Secret title before signing", stateLabel: "To do", scored: 0, criteria: 3, total: 0, max: 20 })]);
    const p = await page(e.id);
    expect(p.status).toBe(200);
    expect(p.data.proposal.content.sections.summary.summary).toBe("Safe migration information in Dakar.");
    expect(p.data.documents).toEqual([{ id: e.documentId, requirement: "Concept note form", filename: "Teranga concept note.pdf" }]);
    const d = await doc(e.id, e.documentId);
    expect(d.status).toBe(302);
    expect(d.headers.get("Location")).toContain(`documents/assess-`);
    // A document of the same organisation that was not submitted with this proposal: not found.
    expect((await doc(e.id, w.documentA)).status).toBe(404);

    // Signing again changes nothing.
    const again = await callRoute(declarationLoader, get(`/assess/calls/${callId}/declaration`, { cookie: w.cookies.evaluator }), { callId });
    expect(again.data.signed).toMatchObject({ textVersion: DECLARATION_VERSION });
  });
});

describe("scoring", () => {
  let callId: string;
  beforeAll(async () => {
    callId = await makeCall();
    await sign(callId, w.users.evaluator.id);
  });

  it("shows the stage's grid and the proposal as frozen at submission (not the live copy)", async () => {
    const e = await makeEvaluation(callId, w.users.evaluator.id);
    const p = await page(e.id);
    expect(p.status).toBe(200);
    expect(p.data.grid.sections.map((s: { code: string }) => s.code)).toEqual(["1", "2"]);
    expect(p.data.proposal.content.sections.summary.title).not.toBe("stale copy");
    expect(p.data.organisation).toMatchObject({ name: "Association Teranga Migration", country: "Senegal" });
    expect(p.data.partners).toEqual([expect.objectContaining({ name: "Sahel Partners Network" })]);
    expect(p.data.evaluation).toMatchObject({ state: "assigned", editable: true, canDeclareConflict: true });
  });

  it("autosave keeps drafts: the first save starts the evaluation, later saves bump the version, a stale one is refused", async () => {
    const e = await makeEvaluation(callId, w.users.evaluator.id);
    const first = await act(e.id, { intent: "autosave", version: "0", ...scoreFields({ "1.1": ["4", "Good fit"], "1.2": ["", ""], "2.1": ["9", ""] }) });
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ ok: true, version: 1 });
    let r = await row(e.id);
    expect(r.state).toBe("in_progress");
    expect(r.scores).toEqual({ "1.1": { score: 4, justification: "Good fit" }, "1.2": { score: null, justification: "" }, "2.1": { score: 9, justification: "" } });
    const start = await t.prisma.auditEvent.findFirst({ where: { entityType: "evaluation", entityId: e.id, action: "START" } });
    expect(start).toMatchObject({ fromState: "assigned", toState: "in_progress", actorId: w.users.evaluator.id });

    const second = await act(e.id, { intent: "autosave", version: "1", ...scoreFields({ "1.1": ["4", "Good fit"], "1.2": ["2", "Weak"], "2.1": ["", ""] }) });
    expect(second.data).toMatchObject({ ok: true, version: 2 });
    r = await row(e.id);
    expect(r.state).toBe("in_progress");
    expect(r.scores).toMatchObject({ "1.2": { score: 2, justification: "Weak" } });

    const stale = await act(e.id, { intent: "autosave", version: "1", ...COMPLETE });
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({ ok: false, conflict: true });
    expect((await row(e.id)).scores).toMatchObject({ "1.2": { score: 2 } });

    // Save draft (no JavaScript) redirects back; the page shows the draft and the progress.
    const saved = await act(e.id, { intent: "save", version: "2", ...scoreFields({ "1.1": ["4", "Good fit"], "1.2": ["2", "Weak"], "2.1": ["3", "Plausible"] }) });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/assess/${e.id}?saved=1`);
    const p = await page(e.id);
    expect(p.data.evaluation.scores["2.1"]).toEqual({ score: 3, justification: "Plausible" });
    const q = await queue();
    const item = q.data.calls.find((c: { id: string }) => c.id === callId).evaluations.find((x: { id: string }) => x.id === e.id);
    expect(item).toMatchObject({ stateLabel: "In progress", scored: 3, criteria: 3, total: 8 + 2 + 3, max: 20 });
  });

  it("submit refused when incomplete: an error per criterion, what was typed is kept, the state does not change", async () => {
    const e = await makeEvaluation(callId, w.users.evaluator.id);
    const typed = scoreFields({ "1.1": ["7", "Too generous"], "1.2": ["abc", "Some text"], "2.1": ["3", "  "] });
    const res = await act(e.id, { intent: "submit", version: "0", ...typed });
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors).toEqual({
      "score.1.1": ["assessing.problem.outOfRange"],
      "score.1.2": ["assessing.problem.notInteger"],
      "justification.2.1": ["assessing.problem.justificationMissing"],
    });
    expect(res.data.values).toMatchObject(typed);
    expect(res.data.version).toBe(1);
    const r = await row(e.id);
    expect(r.state).toBe("in_progress");
    expect(r.total).toBeNull();
    expect(r.scores).toMatchObject({ "1.1": { score: 7, justification: "Too generous" }, "2.1": { score: 3 } });

    const missing = await act(e.id, { intent: "submit", version: "1", ...scoreFields({ "1.1": ["4.5", "Half"], "1.2": ["", ""] }) });
    expect(missing.status).toBe(400);
    expect(missing.data.fieldErrors).toMatchObject({
      "score.1.1": ["assessing.problem.notInteger"],
      "score.1.2": ["assessing.problem.missing"],
      "justification.1.2": ["assessing.problem.justificationMissing"],
      "score.2.1": ["assessing.problem.missing"],
    });
    expect((await row(e.id)).state).toBe("in_progress");
  });

  it("submit computes and stores the weighted total; the evaluation is then read-only", async () => {
    const e = await makeEvaluation(callId, w.users.evaluator.id);
    const res = await act(e.id, { intent: "submit", version: "0", ...COMPLETE });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/assess/${e.id}?submitted=1`);
    const r = await row(e.id);
    expect(r.state).toBe("submitted");
    expect(r.total).toBe(4 * 2 + 3 + 5);
    expect(r.submittedAt).not.toBeNull();
    expect(r.scores).toEqual({
      "1.1": { score: 4, justification: "Clearly within the call's priorities." },
      "1.2": { score: 3, justification: "Needs are described, data is thin." },
      "2.1": { score: 5, justification: "Activities lead to results." },
    });
    const audit = await t.prisma.auditEvent.findFirst({ where: { entityType: "evaluation", entityId: e.id, action: "SUBMIT" } });
    expect(audit).toMatchObject({ fromState: "in_progress", toState: "submitted" });

    const p = await page(e.id);
    expect(p.data.evaluation).toMatchObject({ state: "submitted", stateLabel: "Submitted", editable: false, canDeclareConflict: false, total: 16 });
    const late = await act(e.id, { intent: "autosave", version: String(r.version), ...COMPLETE });
    expect(late.status).toBe(422);
    expect((await row(e.id)).total).toBe(16);
    const conflict = await act(e.id, { intent: "conflict", reason: "Too late" });
    expect(conflict.status).toBe(422);
    expect((await row(e.id)).state).toBe("submitted");
  });

  it("a returned evaluation shows the reason and can be revised and resubmitted", async () => {
    const e = await makeEvaluation(callId, w.users.evaluator.id);
    await act(e.id, { intent: "submit", version: "0", ...COMPLETE });
    await applyTransition({
      entity: "evaluation",
      id: e.id,
      actor: { id: w.users.manager.id, role: "GRANT_MANAGER", organisationIds: [] },
      event: { type: "RETURN", reason: "Please justify 1.2 with the figures of the proposal." },
      extraData: { returnReason: "Please justify 1.2 with the figures of the proposal." },
    });
    const q = await queue();
    const item = q.data.calls.find((c: { id: string }) => c.id === callId).evaluations.find((x: { id: string }) => x.id === e.id);
    expect(item).toMatchObject({ stateLabel: "Returned for revision", returnReason: "Please justify 1.2 with the figures of the proposal." });
    const p = await page(e.id);
    expect(p.data.evaluation).toMatchObject({ state: "returned", editable: true, returnReason: "Please justify 1.2 with the figures of the proposal." });
    expect(p.data.evaluation.scores["1.1"]).toMatchObject({ score: 4 });

    const revised = { ...COMPLETE, ...scoreFields({ "1.2": ["2", "Only 2 of the 5 figures are sourced."] }) };
    const res = await act(e.id, { intent: "submit", version: String(p.data.evaluation.version), ...revised });
    expect(res.status).toBe(302);
    const r = await row(e.id);
    expect(r.state).toBe("submitted");
    expect(r.total).toBe(8 + 2 + 5);
    expect(r.scores).toMatchObject({ "1.2": { score: 2, justification: "Only 2 of the 5 figures are sourced." } });
  });
});

describe("conflict of interest", () => {
  let callId: string;
  beforeAll(async () => {
    callId = await makeCall();
    await sign(callId, w.users.evaluator.id);
  });

  it("needs a reason; then discards the scores, hides the proposal everywhere and emails every grant manager", async () => {
    const e = await makeEvaluation(callId, w.users.evaluator.id, "Proposal of a former colleague");
    await act(e.id, { intent: "autosave", version: "0", ...COMPLETE });
    const otherManager = await t.prisma.user.create({ data: { email: "manager2@assess.test", name: "Second manager", role: "GRANT_MANAGER", locale: "fr" } });

    const noReason = await act(e.id, { intent: "conflict", reason: "  " });
    expect(noReason.status).toBe(400);
    expect(noReason.data.fieldErrors.reason).toEqual(["assessing.conflict.reasonRequired"]);
    expect((await row(e.id)).state).toBe("in_progress");

    const res = await act(e.id, { intent: "conflict", reason: "I advised this organisation last year." });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/assess?conflict=1");
    const r = await row(e.id);
    expect(r).toMatchObject({ state: "conflict_declared", conflictReason: "I advised this organisation last year.", scores: {}, total: null });
    const audit = await t.prisma.auditEvent.findFirst({ where: { entityType: "evaluation", entityId: e.id, action: "DECLARE_CONFLICT" } });
    expect(audit).toMatchObject({ toState: "conflict_declared", ipAddress: "203.0.113.7" });

    const mails = await t.prisma.emailMessage.findMany({ where: { template: "reassignmentNeeded" } });
    expect(mails.map((m) => m.to).sort()).toEqual([otherManager.email, w.users.manager.email].sort());
    const english = mails.find((m) => m.to === w.users.manager.email)!;
    expect(english.text).toContain(e.reference);
    expect(english.text).toContain("I advised this organisation last year.");
    expect(english.text).toContain(`/manage/calls/${callId}/evaluation`);
    expect(mails.find((m) => m.to === otherManager.email)!.locale).toBe("fr");

    // Gone from the queue; every URL of it is "not found" for the assessor.
    const q = await queue();
    expect(JSON.stringify(q.data)).not.toContain("Proposal of a former colleague");
    expect((await page(e.id)).status).toBe(404);
    expect((await doc(e.id, e.documentId)).status).toBe(404);
    expect((await act(e.id, { intent: "autosave", version: String(r.version), ...COMPLETE })).status).toBe(404);
    expect((await act(e.id, { intent: "conflict", reason: "again" })).status).toBe(404);
  });
});

describe("scope: only the assessor's own evaluations, only evaluators", () => {
  let callId: string;
  let mine: Awaited<ReturnType<typeof makeEvaluation>>;
  let theirs: Awaited<ReturnType<typeof makeEvaluation>>;
  beforeAll(async () => {
    callId = await makeCall();
    await sign(callId, w.users.evaluator.id);
    await sign(callId, evaluator2.id);
    mine = await makeEvaluation(callId, w.users.evaluator.id);
    theirs = await makeEvaluation(callId, evaluator2.id, "Assigned to someone else");
  });

  it("another assessor's evaluation (same call, declaration signed) is not found: page, document, actions", async () => {
    expect((await page(theirs.id)).status).toBe(404);
    expect((await doc(theirs.id, theirs.documentId)).status).toBe(404);
    // My evaluation does not open their document either.
    expect((await doc(mine.id, theirs.documentId)).status).toBe(404);
    expect((await act(theirs.id, { intent: "autosave", version: "0", ...COMPLETE })).status).toBe(404);
    expect((await act(theirs.id, { intent: "submit", version: "0", ...COMPLETE })).status).toBe(404);
    expect((await act(theirs.id, { intent: "conflict", reason: "Taking it over" })).status).toBe(404);
    expect(await row(theirs.id)).toMatchObject({ state: "assigned", scores: {} });
    expect(JSON.stringify((await queue()).data)).not.toContain("Assigned to someone else");
    expect((await page(theirs.id, evaluator2.cookie)).status).toBe(200);
    expect((await page("no-such-evaluation")).status).toBe(404);
  });

  it("grant managers, admins and applicants are refused (403); anonymous visitors must sign in (401)", async () => {
    for (const cookie of [w.cookies.manager, w.cookies.admin, w.cookies.applicantA]) {
      expect((await page(mine.id, cookie)).status).toBe(403);
      expect((await doc(mine.id, mine.documentId, cookie)).status).toBe(403);
      expect((await queue(cookie)).status).toBe(403);
      expect((await act(mine.id, { intent: "conflict", reason: "x" }, cookie)).status).toBe(403);
    }
    expect((await page(mine.id, "")).status).toBe(401);
    expect((await queue("")).status).toBe(401);
    expect((await row(mine.id)).state).toBe("assigned");
  });
});

describe("blind review", () => {
  it("hides the organisation's name, acronym, partners' names and file names; keeps country and type", async () => {
    await t.prisma.organisation.update({ where: { id: w.orgA }, data: { acronym: "ATM" } });
    const callId = await makeCall({ blindReview: true });
    await sign(callId, w.users.evaluator.id);
    const e = await makeEvaluation(callId, w.users.evaluator.id);
    const p = await page(e.id);
    expect(p.status).toBe(200);
    const text = JSON.stringify(p.data);
    for (const secret of ["Association Teranga Migration", "ATM", "Sahel Partners Network", "contact@sahel-partners.example", "Teranga concept note.pdf", w.users.applicantA.email]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(p.data.call.blindReview).toBe(true);
    expect(p.data.organisation).toEqual({ name: null, acronym: null, type: expect.any(String), country: "Senegal" });
    expect(p.data.partners).toEqual([expect.objectContaining({ name: null, country: "Mali" })]);
    expect(p.data.proposal.content.sections.partners.partners[0].name).toBe("Co-applicant 1");
    expect(p.data.documents[0].filename).toBe(`${e.reference} Concept note form.pdf`);
    const d = await doc(e.id, e.documentId);
    expect(d.status).toBe(302);
    const location = decodeURIComponent(d.headers.get("Location")!);
    expect(location).not.toContain("Teranga");
    expect(location).toContain(`${e.reference} Concept note form.pdf`);
  });
});
