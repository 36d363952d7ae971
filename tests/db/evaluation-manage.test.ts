// The grant manager's side of the evaluation, against a real database, through the pages'
// loaders and actions and the real services: automatic assignment (persisted, explained,
// exclusions), reassignment history, return for revision with its email, divergence opening a
// moderation once with the outcome waiting, consensus, ranking and pre-selection, selection
// within the budget with the reserve list and replacement, the award decision, what the
// applicant sees (no assessor names, only their own), and refusals for everyone else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/modules/auth/permissions.ts";
import { createSessionCookie } from "~/modules/auth/session.server.ts";
import { assignAutomatically } from "~/modules/evaluation/assignments.server.ts";
import { applicantOutcome } from "~/modules/evaluation/outcome.server.ts";
import { loadStage } from "~/modules/evaluation/results.server.ts";
import { action as assignAction, loader as assignLoader } from "~/routes/manage.calls.$callId.evaluation.tsx";
import { action as resultsAction, loader as resultsLoader } from "~/routes/manage.calls.$callId.results.tsx";
import { loader as csvLoader } from "~/routes/manage.calls.$callId.results[.]csv.ts";
import { action as viewAction, loader as viewLoader } from "~/routes/manage.evaluations.$evaluationId.tsx";
import { loader as proposalLoader } from "~/routes/proposals.$proposalId._index.tsx";
import { applyTransition } from "~/utils/workflow.server.ts";
import { callRoute, get, post } from "../support/route-call.ts";
import { MATRIX_GRID, buildWorld, type World } from "../support/personas.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const DAY = 86_400_000;
let t: TestDb;
let w: World;
let manager: Actor;
let call: string; // restricted, concept notes
let sameCountryCall: string;
let openCall: string; // open, full applications
const ev: Record<"e1" | "e2" | "e3" | "e4" | "e5" | "e6", string> = { e1: "", e2: "", e3: "", e4: "", e5: "", e6: "" };
const p: Record<"p1" | "p2" | "p3" | "p4", string> = { p1: "", p2: "", p3: "", p4: "" };

async function makeCall(reference: string, over: Record<string, unknown> = {}) {
  const c = await t.prisma.call.create({
    data: {
      reference,
      titleEn: `Call ${reference}`,
      titleFr: `Appel ${reference}`,
      procedure: "RESTRICTED",
      state: "under_evaluation",
      publishedAt: new Date(Date.now() - 90 * DAY),
      conceptNoteDeadline: new Date(Date.now() - 30 * DAY),
      fullApplicationDeadline: new Date(Date.now() + 30 * DAY),
      totalBudgetCents: 10_000_000,
      shortlistBudgetMultipleBp: 20000,
      conceptNoteGrid: MATRIX_GRID,
      fullApplicationGrid: MATRIX_GRID,
      ...over,
    },
  });
  return c.id;
}

let seq = 0;
async function makeProposal(callId: string, organisationId: string, state: string, amount: number) {
  seq++;
  const r = await t.prisma.proposal.create({
    data: { reference: `EVM-${String(seq).padStart(3, "0")}`, callId, organisationId, title: `Proposal ${seq}`, state, submittedAt: new Date(Date.now() - 31 * DAY + seq * 1000), requestedAmountCents: amount },
  });
  return r.id;
}

async function evaluator(name: string, over: { disabledAt?: Date; countryCode?: string; organisationId?: string } = {}) {
  const u = await t.prisma.user.create({ data: { email: `${name}@eval.test`, name, role: "EVALUATOR", emailVerifiedAt: new Date(), disabledAt: over.disabledAt ?? null, countryCode: over.countryCode ?? null } });
  if (over.organisationId) await t.prisma.membership.create({ data: { userId: u.id, organisationId: over.organisationId, role: "MEMBER" } });
  return u.id;
}

const active = (proposalId: string, stage = "CONCEPT_NOTE") =>
  t.prisma.evaluation.findMany({ where: { proposalId, stage, state: { in: ["assigned", "in_progress", "submitted", "returned"] } }, orderBy: { createdAt: "asc" } });

/** The assessor scores 1.1 (×2) and 1.2 on MATRIX_GRID and submits, through the machine. */
async function submit(evaluationId: string, a: number, b: number) {
  const e = await t.prisma.evaluation.findUniqueOrThrow({ where: { id: evaluationId } });
  await t.prisma.impartialityDeclaration.upsert({
    where: { callId_userId: { callId: e.callId, userId: e.assessorId } },
    create: { callId: e.callId, userId: e.assessorId, textVersion: "test", text: "I declare…" },
    update: {},
  });
  const actor: Actor = { id: e.assessorId, role: "EVALUATOR", organisationIds: [] };
  if (e.state === "assigned") await applyTransition({ entity: "evaluation", id: e.id, actor, event: { type: "START" } });
  const scores = { "1.1": { score: a, justification: `Relevance ${a}` }, "1.2": { score: b, justification: `Feasibility ${b}` } };
  await applyTransition({
    entity: "evaluation",
    id: e.id,
    actor,
    event: { type: "SUBMIT", at: new Date().toISOString() },
    context: { isComplete: true, problems: [] },
    extraData: { scores, total: 2 * a + b, submittedAt: new Date() },
  });
}

const board = (callId: string, stage = "CONCEPT_NOTE", cookie = w.cookies.manager) => callRoute(assignLoader, get(`/manage/calls/${callId}/evaluation?stage=${stage}`, { cookie }), { callId });
const postAssign = (callId: string, fields: Record<string, string>, cookie = w.cookies.manager) => callRoute(assignAction, post(`/manage/calls/${callId}/evaluation`, fields, { cookie }), { callId });
const results = (callId: string, stage = "CONCEPT_NOTE", cookie = w.cookies.manager) => callRoute(resultsLoader, get(`/manage/calls/${callId}/results?stage=${stage}`, { cookie }), { callId });
const postResults = (callId: string, fields: Record<string, string>, cookie = w.cookies.manager) => callRoute(resultsAction, post(`/manage/calls/${callId}/results`, fields, { cookie }), { callId });
const state = async (id: string) => (await t.prisma.proposal.findUniqueOrThrow({ where: { id } })).state;

beforeAll(async () => {
  t = await createTestDb();
  w = await buildWorld(t.prisma);
  manager = { id: w.users.manager.id, role: "GRANT_MANAGER", organisationIds: [] };
  call = await makeCall("EVM-R");
  ev.e1 = w.users.evaluator.id;
  ev.e2 = await evaluator("Evaluator Two");
  ev.e3 = await evaluator("Evaluator Three");
  ev.e4 = await evaluator("Disabled Evaluator", { disabledAt: new Date() });
  ev.e5 = await evaluator("Member Of A", { organisationId: w.orgA });
  ev.e6 = await evaluator("Senegalese Evaluator", { countryCode: "SN" });
  // 8 000 000 each against 10 000 000 × 2: two fit in the shortlist, the third is cut.
  p.p1 = await makeProposal(call, w.orgA, "cn_evaluation", 8_000_000);
  p.p2 = await makeProposal(call, w.orgA, "cn_evaluation", 8_000_000);
  p.p3 = await makeProposal(call, w.orgB, "cn_evaluation", 8_000_000);
  p.p4 = await makeProposal(call, w.orgB, "cn_evaluation", 8_000_000);
});
afterAll(async () => {
  await t?.close();
});

describe("assignment", () => {
  it("assigns automatically: N per proposal, load-balanced, explained, persisted and audited; a second run adds nothing", async () => {
    const res = await postAssign(call, { intent: "auto", stage: "CONCEPT_NOTE" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/done=auto&created=8&unfilled=0/);
    const rows = await t.prisma.evaluation.findMany({ where: { callId: call } });
    expect(rows).toHaveLength(8);
    for (const id of Object.values(p)) expect(rows.filter((r) => r.proposalId === id)).toHaveLength(2);
    // Never the disabled one, never a member of the applicant organisation.
    expect(rows.some((r) => r.assessorId === ev.e4)).toBe(false);
    expect(rows.some((r) => r.assessorId === ev.e5 && (r.proposalId === p.p1 || r.proposalId === p.p2))).toBe(false);
    const loads = [ev.e1, ev.e2, ev.e3, ev.e5, ev.e6].map((id) => rows.filter((r) => r.assessorId === id).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    const why = JSON.parse(rows[0]!.assignmentReason) as { en: string; fr: string };
    expect(why.en).toMatch(/the fewest among/);
    expect(why.fr).toMatch(/le moins parmi/);
    const audits = await t.prisma.auditEvent.count({ where: { action: "EVALUATION_ASSIGNED_AUTOMATICALLY", entityId: { in: rows.map((r) => r.id) } } });
    expect(audits).toBe(8);
    // The board explains each assignment in the reader's words.
    const page = await board(call);
    expect(page.status).toBe(200);
    expect(page.data.proposals).toHaveLength(4);
    expect(page.data.proposals[0].evaluations[0].why).toMatch(/fewest/);
    expect(page.data.proposals[0].options.find((o: { value: string }) => o.value === ev.e5).disabledWhy).toBe("member of the applicant organisation");
    await assignAutomatically(manager, call, "CONCEPT_NOTE");
    expect(await t.prisma.evaluation.count({ where: { callId: call } })).toBe(8);
  });

  it("refuses by hand a member of the applicant organisation, a disabled account, and (when the call says so) the same country", async () => {
    const member = await postAssign(call, { intent: "assign", stage: "CONCEPT_NOTE", proposalId: p.p1, assessorId: ev.e5 });
    expect(member.status).toBe(400);
    expect(member.data.fieldErrors.assessorId).toEqual(["evaluation.exclusion.applicant_organisation"]);
    const disabled = await postAssign(call, { intent: "assign", stage: "CONCEPT_NOTE", proposalId: p.p1, assessorId: ev.e4 });
    expect(disabled.status).toBe(400);
    expect(disabled.data.fieldErrors.assessorId).toEqual(["evaluation.error.notAnAssessor"]);
    const missing = await postAssign(call, { intent: "assign", stage: "CONCEPT_NOTE", proposalId: p.p1, assessorId: "" });
    expect(missing.status).toBe(400);

    sameCountryCall = await makeCall("EVM-SC", { excludeSameCountryAssessors: true, assessorsPerProposal: 5 });
    const sn = await makeProposal(sameCountryCall, w.orgA, "cn_evaluation", 1_000_000);
    await assignAutomatically(manager, sameCountryCall, "CONCEPT_NOTE");
    const rows = await t.prisma.evaluation.findMany({ where: { proposalId: sn } });
    expect(rows.map((r) => r.assessorId).sort()).toEqual([ev.e1, ev.e2, ev.e3].sort());
    const byHand = await postAssign(sameCountryCall, { intent: "assign", stage: "CONCEPT_NOTE", proposalId: sn, assessorId: ev.e6 });
    expect(byHand.data.fieldErrors.assessorId).toEqual(["evaluation.exclusion.same_country"]);
  });

  it("reassigns with a reason: the old evaluation is withdrawn and stays as history; a conflict is highlighted until replaced", async () => {
    const [first] = await active(p.p1);
    const taken = new Set((await active(p.p1)).map((e) => e.assessorId));
    const free = [ev.e1, ev.e2, ev.e3, ev.e6].find((id) => !taken.has(id))!;
    const res = await postAssign(call, { intent: "reassign", stage: "CONCEPT_NOTE", evaluationId: first!.id, version: String(first!.version), assessorId: free, reason: "Workload" });
    expect(res.status).toBe(302);
    const old = await t.prisma.evaluation.findUniqueOrThrow({ where: { id: first!.id } });
    expect(old.state).toBe("withdrawn");
    expect(await t.prisma.auditEvent.count({ where: { entityId: old.id, action: "WITHDRAW" } })).toBe(1);
    const again = await postAssign(call, { intent: "reassign", stage: "CONCEPT_NOTE", evaluationId: first!.id, version: String(first!.version), assessorId: free, reason: "Workload" });
    expect(again.status).toBeGreaterThanOrEqual(400);
    const page = await board(call);
    const row = page.data.proposals.find((x: { id: string }) => x.id === p.p1);
    expect(row.evaluations).toHaveLength(3);
    expect(row.evaluations.map((e: { state: string }) => e.state).sort()).toEqual(["assigned", "assigned", "withdrawn"]);

    // A conflict on p2: the proposal waits for a new assessor, highlighted.
    const [conflicted] = await active(p.p2);
    await t.prisma.impartialityDeclaration.upsert({
      where: { callId_userId: { callId: call, userId: conflicted!.assessorId } },
      create: { callId: call, userId: conflicted!.assessorId, textVersion: "t", text: "t" },
      update: {},
    });
    await applyTransition({ entity: "evaluation", id: conflicted!.id, actor: { id: conflicted!.assessorId, role: "EVALUATOR", organisationIds: [] }, event: { type: "DECLARE_CONFLICT", reason: "I advised this applicant" } });
    const flagged = (await board(call)).data.proposals.find((x: { id: string }) => x.id === p.p2);
    expect(flagged.needsReassignment).toBe(true);
    const c = await t.prisma.evaluation.findUniqueOrThrow({ where: { id: conflicted!.id } });
    const takenP2 = new Set((await t.prisma.evaluation.findMany({ where: { proposalId: p.p2 } })).map((e) => e.assessorId));
    const replacement = [ev.e1, ev.e2, ev.e3, ev.e6].find((id) => !takenP2.has(id))!;
    const fix = await postAssign(call, { intent: "reassign", stage: "CONCEPT_NOTE", evaluationId: c.id, version: String(c.version), assessorId: replacement, reason: "Conflict" });
    expect(fix.status).toBe(302);
    expect((await board(call)).data.proposals.find((x: { id: string }) => x.id === p.p2).needsReassignment).toBe(false);
    expect((await t.prisma.evaluation.findUniqueOrThrow({ where: { id: c.id } })).state).toBe("conflict_declared");
  });
});

describe("reading, returning and moderating", () => {
  it("shows the evaluation to the manager and returns it for revision with a reason; the assessor is emailed", async () => {
    const [a, b] = await active(p.p4);
    await submit(a!.id, 4, 2); // 10
    await submit(b!.id, 4, 3); // 11
    const view = await callRoute(viewLoader, get(`/manage/evaluations/${a!.id}`, { cookie: w.cookies.manager }), { evaluationId: a!.id });
    expect(view.status).toBe(200);
    expect(view.data.total).toBe(10);
    expect(view.data.sections[0].criteria[0]).toMatchObject({ code: "1.1", score: 4, justification: "Relevance 4" });
    const fresh = await t.prisma.evaluation.findUniqueOrThrow({ where: { id: a!.id }, include: { assessor: true } });
    expect(view.data.assessor).toBe(fresh.assessor.name);
    const empty = await callRoute(viewAction, post(`/manage/evaluations/${a!.id}`, { intent: "return", version: String(fresh.version), reason: " " }, { cookie: w.cookies.manager }), { evaluationId: a!.id });
    expect(empty.status).toBe(400);
    const res = await callRoute(viewAction, post(`/manage/evaluations/${a!.id}`, { intent: "return", version: String(fresh.version), reason: "Justify 1.2 with facts." }, { cookie: w.cookies.manager }), { evaluationId: a!.id });
    expect(res.status).toBe(302);
    const returned = await t.prisma.evaluation.findUniqueOrThrow({ where: { id: a!.id } });
    expect(returned.state).toBe("returned");
    expect(returned.returnReason).toBe("Justify 1.2 with facts.");
    const mail = await t.prisma.emailMessage.findFirst({ where: { to: fresh.assessor.email, template: "evaluationReturned" } });
    expect(mail?.text).toContain("Justify 1.2 with facts.");
    // Double submit: the version moved on.
    const twice = await callRoute(viewAction, post(`/manage/evaluations/${a!.id}`, { intent: "return", version: String(fresh.version), reason: "Again" }, { cookie: w.cookies.manager }), { evaluationId: a!.id });
    expect(twice.status).toBe(409);
    await submit(a!.id, 4, 2);
  });

  it("opens a moderation exactly once when totals diverge, and the outcome waits", async () => {
    const [a, b] = await active(p.p3);
    await submit(a!.id, 5, 5); // 15
    await submit(b!.id, 1, 1); // 3
    const first = await loadStage(call, "CONCEPT_NOTE");
    const row = first.proposals.find((x) => x.id === p.p3)!;
    expect(row.combined.status).toBe("needs_moderation");
    expect(row.combined.outcome).toBeNull();
    await loadStage(call, "CONCEPT_NOTE");
    await results(call);
    expect(await t.prisma.moderation.count({ where: { proposalId: p.p3 } })).toBe(1);
    expect(await t.prisma.auditEvent.count({ where: { entityId: p.p3, action: "MODERATION_OPENED" } })).toBe(1);
    const page = await results(call);
    const shown = page.data.rows.find((r: { id: string }) => r.id === p.p3);
    expect(shown.status).toBe("needs_moderation");
    expect(shown.moderation.reason).toMatch(/15 and 3/);
    // Pre-selection waits for every outcome.
    const refused = await postResults(call, { intent: "preselect", stage: "CONCEPT_NOTE" });
    expect(refused.status).toBe(422);
  });

  it("resolves the moderation by a recorded consensus", async () => {
    const m = await t.prisma.moderation.findFirstOrThrow({ where: { proposalId: p.p3 } });
    const bad = await postResults(call, { intent: "consensus", stage: "CONCEPT_NOTE", moderationId: m.id, total: "99", note: "x" });
    expect(bad.status).toBe(400);
    const res = await postResults(call, { intent: "consensus", stage: "CONCEPT_NOTE", moderationId: m.id, total: "12", note: "Agreed after a call." });
    expect(res.status).toBe(302);
    const twice = await postResults(call, { intent: "consensus", stage: "CONCEPT_NOTE", moderationId: m.id, total: "13", note: "Again" });
    expect(twice.status).toBe(409);
    const row = (await loadStage(call, "CONCEPT_NOTE")).proposals.find((x) => x.id === p.p3)!;
    expect(row.combined.status).toBe("scored");
    expect(row.combined.meanCentipoints).toBe(1200);
  });
});

describe("decisions", () => {
  it("ranks and applies the pre-selection after a confirmation, through the machine; a second submit changes nothing", async () => {
    const p1 = await active(p.p1);
    await submit(p1[0]!.id, 5, 4); // 14
    await submit(p1[1]!.id, 5, 3); // 13
    const p2 = await active(p.p2);
    await submit(p2[0]!.id, 2, 1); // 5
    await submit(p2[1]!.id, 1, 2); // 4
    const page = await results(call);
    expect(page.data.rows.map((r: { id: string }) => r.id)).toEqual([p.p1, p.p3, p.p4, p.p2]);
    expect(page.data.rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(page.data.rows[3].reasons[0]).toMatch(/below the pass mark of 9/);
    // The assessors' chart is a view of its own; the ranking does not carry it.
    expect(page.data.chart).toBeNull();
    const chart = await callRoute(resultsLoader, get(`/manage/calls/${call}/results?stage=CONCEPT_NOTE&view=assessors`, { cookie: w.cookies.manager }), { callId: call });
    expect(chart.data.chart.assessors.length).toBeGreaterThan(1);
    expect(chart.data.rows).toEqual([]);

    const preview = await postResults(call, { intent: "preselect", stage: "CONCEPT_NOTE" });
    expect(preview.data.kind).toBe("confirm");
    expect(await state(p.p1)).toBe("cn_evaluation");
    const done = await postResults(call, { intent: "preselect", stage: "CONCEPT_NOTE", confirmed: "1" });
    expect(done.data.kind).toBe("applied");
    expect(await state(p.p1)).toBe("invited_full");
    expect(await state(p.p3)).toBe("invited_full");
    expect(await state(p.p4)).toBe("not_preselected");
    expect(await state(p.p2)).toBe("not_preselected");
    const reason = await t.prisma.auditEvent.findFirstOrThrow({ where: { entityId: p.p2, action: "NOT_PRESELECT" } });
    expect(JSON.stringify(reason.data)).toMatch(/Score: 4.5 of 15/);
    const cut = await t.prisma.auditEvent.findFirstOrThrow({ where: { entityId: p.p4, action: "NOT_PRESELECT" } });
    expect(JSON.stringify(cut.data)).toMatch(/beyond the shortlist/);
    expect(await t.prisma.auditEvent.count({ where: { entityId: p.p1, action: { in: ["PRESELECT", "INVITE_FULL"] } } })).toBe(2);
    const again = await postResults(call, { intent: "preselect", stage: "CONCEPT_NOTE", confirmed: "1" });
    expect(again.data.lines ?? []).toEqual([]);
    expect(await t.prisma.auditEvent.count({ where: { entityId: p.p1, action: "PRESELECT" } })).toBe(1);
  });

  it("selects within the budget, puts the rest on the reserve list, replaces an ineligible one from it, and records the award", async () => {
    openCall = await makeCall("EVM-O", { procedure: "OPEN", conceptNoteGrid: null, totalBudgetCents: 10_000_000 });
    const f1 = await makeProposal(openCall, w.orgA, "full_evaluation", 6_000_000);
    const f2 = await makeProposal(openCall, w.orgB, "full_evaluation", 4_000_000);
    const f3 = await makeProposal(openCall, w.orgB, "full_evaluation", 4_000_000);
    const f4 = await makeProposal(openCall, w.orgA, "full_evaluation", 1_000_000);
    await assignAutomatically(manager, openCall, "FULL_APPLICATION");
    const scores: [string, number, number][] = [
      [f1, 5, 4],
      [f2, 4, 4],
      [f3, 4, 3],
      [f4, 2, 1],
    ];
    for (const [id, a, b] of scores) for (const e of await active(id, "FULL_APPLICATION")) await submit(e.id, a, b);
    const preview = await postResults(openCall, { intent: "select", stage: "FULL_APPLICATION" });
    expect(preview.data.kind).toBe("confirm");
    await postResults(openCall, { intent: "select", stage: "FULL_APPLICATION", confirmed: "1" });
    expect(await state(f1)).toBe("provisionally_selected");
    expect(await state(f2)).toBe("provisionally_selected");
    expect(await state(f3)).toBe("reserve_list");
    expect(await state(f4)).toBe("rejected");

    // Award is refused while some wait.
    const callRow = await t.prisma.call.findUniqueOrThrow({ where: { id: openCall } });
    const early = await postResults(openCall, { intent: "award", stage: "FULL_APPLICATION", version: String(callRow.version), confirmed: "1" });
    expect(early.status).toBe(422);

    const f2row = await t.prisma.proposal.findUniqueOrThrow({ where: { id: f2 } });
    const noReason = await postResults(openCall, { intent: "eligibility", outcome: "fail", stage: "FULL_APPLICATION", proposalId: f2, version: String(f2row.version), reason: "", confirmed: "1" });
    expect(noReason.status).toBe(400);
    const failed = await postResults(openCall, { intent: "eligibility", outcome: "fail", stage: "FULL_APPLICATION", proposalId: f2, version: String(f2row.version), reason: "Statutes missing.", confirmed: "1" });
    expect(failed.data.kind).toBe("applied");
    expect(await state(f2)).toBe("rejected");
    expect(await state(f3)).toBe("provisionally_selected");
    expect(await t.prisma.auditEvent.count({ where: { entityId: f3, action: "PROMOTE_FROM_RESERVE" } })).toBe(1);

    for (const id of [f1, f3]) {
      const row = await t.prisma.proposal.findUniqueOrThrow({ where: { id } });
      const res = await postResults(openCall, { intent: "eligibility", outcome: "confirm", stage: "FULL_APPLICATION", proposalId: id, version: String(row.version), confirmed: "1" });
      expect(res.status).toBe(302);
      expect(await state(id)).toBe("awarded");
    }
    const ready = await t.prisma.call.findUniqueOrThrow({ where: { id: openCall } });
    const award = await postResults(openCall, { intent: "award", stage: "FULL_APPLICATION", version: String(ready.version), note: "Committee of 3 May", confirmed: "1" });
    expect(award.status).toBe(302);
    expect((await t.prisma.call.findUniqueOrThrow({ where: { id: openCall } })).state).toBe("awarded");
    const decision = await t.prisma.awardDecision.findFirstOrThrow({ where: { callId: openCall } });
    expect(decision.note).toBe("Committee of 3 May");
    expect((decision.ranking as unknown[]).length).toBe(4);
    const twice = await postResults(openCall, { intent: "award", stage: "FULL_APPLICATION", version: String(ready.version), note: "again", confirmed: "1" });
    expect(twice.status).toBeGreaterThanOrEqual(409);
    expect(await t.prisma.awardDecision.count({ where: { callId: openCall } })).toBe(1);
  });

  it("exports the ranked results as CSV", async () => {
    const res = await callRoute(csvLoader, get(`/manage/calls/${call}/results.csv?stage=CONCEPT_NOTE`, { cookie: w.cookies.manager }), { callId: call });
    expect(res.status).toBe(200);
    const lines = String(res.data).replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
    expect(lines[0]).toMatch(/^rank,reference,title,organisation/);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^1,EVM-/);
  });
});

describe("the applicant's view and refusals", () => {
  it("shows the applicant their scores and justifications as Assessor 1/2, never names; others get not found", async () => {
    const res = await callRoute(proposalLoader, get(`/proposals/${p.p1}`, { cookie: w.cookies.applicantA }), { proposalId: p.p1 });
    expect(res.status).toBe(200);
    const outcome = res.data.outcome;
    expect(outcome.stages[0].meanPoints).toBe(13.5);
    expect(outcome.stages[0].assessors.map((a: { label: number }) => a.label)).toEqual([1, 2]);
    expect(outcome.stages[0].sections[0].criteria[0].scores[0].justification).toMatch(/Relevance/);
    const names = (await t.prisma.user.findMany({ where: { role: "EVALUATOR" } })).map((u) => u.name);
    const json = JSON.stringify(outcome);
    for (const name of names) expect(json).not.toContain(name);
    const rejected = await callRoute(proposalLoader, get(`/proposals/${p.p2}`, { cookie: w.cookies.applicantA }), { proposalId: p.p2 });
    expect(rejected.data.outcome.decisionReason).toMatch(/below the pass mark/);
    expect(rejected.data.outcome.stages[0].reasons[0]).toMatch(/below the pass mark/);
    // Another organisation's applicant.
    const other = await callRoute(proposalLoader, get(`/proposals/${p.p1}`, { cookie: w.cookies.applicantB }), { proposalId: p.p1 });
    expect(other.status).toBe(404);
    await expect(applicantOutcome({ id: w.users.applicantB.id, role: "APPLICANT", organisationIds: [w.orgB] }, p.p1, "en")).rejects.toMatchObject({ code: "not_found" });
    // Before a decision nothing is shown.
    const waiting = await makeProposal(call, w.orgA, "cn_evaluation", 1);
    expect((await callRoute(proposalLoader, get(`/proposals/${waiting}`, { cookie: w.cookies.applicantA }), { proposalId: waiting })).data.outcome).toBeNull();
  });

  it("refuses every manager page and action to applicants, evaluators and anonymous users", async () => {
    const e = (await active(p.p1))[0]!;
    const m = await t.prisma.moderation.findFirstOrThrow({ where: { proposalId: p.p3 } });
    const evaluatorCookie = (await createSessionCookie(ev.e2, { ipAddress: "127.0.0.1" })).split(";")[0]!;
    const attempts = (cookie: string) => [
      () => board(call, "CONCEPT_NOTE", cookie),
      () => postAssign(call, { intent: "auto", stage: "CONCEPT_NOTE" }, cookie),
      () => postAssign(call, { intent: "assign", stage: "CONCEPT_NOTE", proposalId: p.p1, assessorId: ev.e3 }, cookie),
      () => results(call, "CONCEPT_NOTE", cookie),
      () => postResults(call, { intent: "preselect", stage: "CONCEPT_NOTE", confirmed: "1" }, cookie),
      () => postResults(call, { intent: "consensus", stage: "CONCEPT_NOTE", moderationId: m.id, total: "1", note: "n" }, cookie),
      () => callRoute(csvLoader, get(`/manage/calls/${call}/results.csv`, { cookie }), { callId: call }),
      () => callRoute(viewLoader, get(`/manage/evaluations/${e.id}`, { cookie }), { evaluationId: e.id }),
      () => callRoute(viewAction, post(`/manage/evaluations/${e.id}`, { intent: "return", version: "0", reason: "x" }, { cookie }), { evaluationId: e.id }),
    ];
    for (const cookie of [w.cookies.applicantA, w.cookies.applicantB, w.cookies.evaluator, evaluatorCookie, w.cookies.admin]) {
      for (const attempt of attempts(cookie)) {
        const res = await attempt();
        expect([403, 404]).toContain(res.status);
      }
    }
    for (const attempt of attempts("")) {
      const res = await attempt();
      expect([302, 401]).toContain(res.status);
    }
    // Nothing changed.
    expect((await t.prisma.moderation.findUniqueOrThrow({ where: { id: m.id } })).consensusTotal).toBe(12);
  });
});
