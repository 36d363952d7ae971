// The results page reuses the ranking it computed while nothing it depends on changed: what a
// manager sees must still follow every write that committed before their request, including
// those that do not recompute the ranking (an organisation renamed, an assessor's new name),
// the concept note's evaluations behind a full application's carried points, and the first
// requests of many managers at once (one computation, each due moderation opened once).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/modules/auth/permissions.ts";
import { getStageResults } from "~/modules/evaluation/results.server.ts";
import { loader as resultsLoader } from "~/routes/manage.calls.$callId.results.tsx";
import { loader as csvLoader } from "~/routes/manage.calls.$callId.results[.]csv.ts";
import { callRoute, get } from "../support/route-call.ts";
import { MATRIX_GRID, buildWorld, type World } from "../support/personas.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const DAY = 86_400_000;
/** The full application grid: section 1 carried from the concept note (15 points), section 2 scored again (5). */
const FULL_GRID = {
  max: 20,
  passMark: 10,
  sections: [
    { ...MATRIX_GRID.sections[0]!, carriedFromConceptNote: true },
    { code: "2", nameEn: "Budget", nameFr: "Budget", criteria: [{ code: "2.1", nameEn: "Value for money", nameFr: "Rapport qualité-prix", max: 5, weight: 1 }] },
  ],
};

let t: TestDb;
let w: World;
let manager: Actor;
let seq = 0;

async function makeCall(reference: string) {
  const c = await t.prisma.call.create({
    data: {
      reference,
      titleEn: `Call ${reference}`,
      titleFr: `Appel ${reference}`,
      procedure: "RESTRICTED",
      state: "under_evaluation",
      publishedAt: new Date(Date.now() - 90 * DAY),
      conceptNoteDeadline: new Date(Date.now() - 30 * DAY),
      fullApplicationDeadline: new Date(Date.now() - 5 * DAY),
      totalBudgetCents: 10_000_000,
      conceptNoteGrid: MATRIX_GRID,
      fullApplicationGrid: FULL_GRID,
    },
  });
  return c.id;
}

async function makeProposal(callId: string, organisationId: string, state: string) {
  seq++;
  const r = await t.prisma.proposal.create({
    data: { reference: `RF-${String(seq).padStart(3, "0")}`, callId, organisationId, title: `Proposal ${seq}`, state, submittedAt: new Date(Date.now() - 40 * DAY + seq * 1000), requestedAmountCents: 1_000_000 },
  });
  return r.id;
}

async function evaluator(name: string, organisationId?: string) {
  const u = await t.prisma.user.create({ data: { email: `${name.replace(/\s/g, ".").toLowerCase()}@results.test`, name, role: "EVALUATOR", emailVerifiedAt: new Date() } });
  if (organisationId) await t.prisma.membership.create({ data: { userId: u.id, organisationId, role: "MEMBER" } });
  return u.id;
}

/** A submitted concept note evaluation: 1.1 scores a (×2), 1.2 scores b. */
const cnScores = (a: number, b: number) => ({ scores: { "1.1": { score: a, justification: "j" }, "1.2": { score: b, justification: "j" } }, total: 2 * a + b });

async function submitted(callId: string, proposalId: string, stage: "CONCEPT_NOTE" | "FULL_APPLICATION", assessorId: string, s: { scores: object; total: number }) {
  const e = await t.prisma.evaluation.create({ data: { callId, proposalId, stage, assessorId, assignmentReason: "test", state: "submitted", submittedAt: new Date(), ...s } });
  return e.id;
}

const results = (callId: string, stage = "CONCEPT_NOTE", query = "") => callRoute(resultsLoader, get(`/manage/calls/${callId}/results?stage=${stage}${query}`, { cookie: w.cookies.manager }), { callId });
const csv = async (callId: string) => String((await callRoute(csvLoader, get(`/manage/calls/${callId}/results.csv?stage=CONCEPT_NOTE`, { cookie: w.cookies.manager }), { callId })).data);

interface Row {
  id: string;
  reference: string;
  organisation: string;
  rank: number | null;
  mean: number | null;
  state: string;
  totals: { name: string; total: number | null }[];
  moderation: { id: string; resolution: string | null; excluded: string[] } | null;
}
const row = (page: { data: { rows: Row[] } }, id: string) => page.data.rows.find((r) => r.id === id);

beforeAll(async () => {
  t = await createTestDb();
  w = await buildWorld(t.prisma);
  manager = { id: w.users.manager.id, role: "GRANT_MANAGER", organisationIds: [] };
});
afterAll(async () => {
  await t?.close();
});

describe("the results page after writes", () => {
  let call: string;
  let pa: string;
  let pb: string;
  let e1: string;
  let e2: string;
  let paFirst: string;

  beforeAll(async () => {
    call = await makeCall("RF-NAMES");
    e1 = await evaluator("Ada Assessor");
    e2 = await evaluator("Bea Assessor");
    pa = await makeProposal(call, w.orgA, "cn_evaluation");
    pb = await makeProposal(call, w.orgB, "cn_evaluation");
    paFirst = await submitted(call, pa, "CONCEPT_NOTE", e1, cnScores(5, 5)); // 15
    await submitted(call, pa, "CONCEPT_NOTE", e2, cnScores(5, 4)); // 14
    await submitted(call, pb, "CONCEPT_NOTE", e1, cnScores(4, 4)); // 12
    await submitted(call, pb, "CONCEPT_NOTE", e2, cnScores(4, 3)); // 11
  });

  it("reuses the computed results while nothing changed", async () => {
    const first = await getStageResults(manager, call, "CONCEPT_NOTE");
    const again = await getStageResults(manager, call, "CONCEPT_NOTE");
    expect(again).toBe(first);
    const page = await results(call);
    expect(page.data.rows.map((r: Row) => r.id)).toEqual([pa, pb]);
    expect(row(page, pa)?.organisation).toBe("Association Teranga Migration");
  });

  it("shows an organisation renamed after the results were computed, on the page and in the CSV", async () => {
    await results(call);
    await t.prisma.organisation.update({ where: { id: w.orgA }, data: { legalName: "Teranga Mobility Network", acronym: "TMN" } });
    const page = await results(call);
    expect(row(page, pa)?.organisation).toBe("Teranga Mobility Network (TMN)");
    expect(await csv(call)).toContain("Teranga Mobility Network (TMN)");
  });

  it("shows an assessor's new name in the totals and the chart", async () => {
    await results(call);
    await t.prisma.user.update({ where: { id: e1 }, data: { name: "Zoe Assessor" } });
    const page = await results(call);
    expect(row(page, pa)?.totals.map((x) => x.name)).toEqual(["Zoe Assessor", "Bea Assessor"]);
    // The chart is ordered by name: the renamed assessor moves to the end.
    const chart = await results(call, "CONCEPT_NOTE", "&view=assessors");
    expect(chart.data.chart.assessors.map((a: { name: string }) => a.name)).toEqual(["Bea Assessor", "Zoe Assessor"]);
  });

  it("reranks after an evaluation changes and drops a withdrawn proposal", async () => {
    await results(call);
    await t.prisma.evaluation.update({ where: { id: paFirst }, data: { ...cnScores(1, 1), version: { increment: 1 } } }); // 3: pa's mean 8.5
    const reranked = await results(call);
    expect(reranked.data.rows.map((r: Row) => r.id)).toEqual([pb, pa]);
    expect(row(reranked, pa)?.mean).toBe(8.5);
    await t.prisma.proposal.update({ where: { id: pb }, data: { state: "withdrawn", version: { increment: 1 } } });
    const withdrawn = await results(call);
    expect(withdrawn.data.rows.map((r: Row) => r.id)).toEqual([pa]);
  });
});

describe("a full application's results", () => {
  it("follow the concept note's evaluations its carried section comes from, and list the eligibility steps", async () => {
    const call = await makeCall("RF-FULL");
    const e1 = await evaluator("Cy Assessor");
    const e2 = await evaluator("Di Assessor");
    const pf = await makeProposal(call, w.orgA, "full_evaluation");
    const reserve = await makeProposal(call, w.orgB, "reserve_list");
    const selected = await makeProposal(call, w.orgB, "provisionally_selected");
    const cn = await submitted(call, pf, "CONCEPT_NOTE", e1, cnScores(5, 5)); // section 1: 15
    await submitted(call, pf, "CONCEPT_NOTE", e2, cnScores(5, 5)); // 15
    for (const p of [pf, reserve, selected]) {
      for (const e of [e1, e2]) await submitted(call, p, "FULL_APPLICATION", e, { scores: { "2.1": { score: 4, justification: "j" } }, total: 4 });
    }
    const before = await results(call, "FULL_APPLICATION");
    expect(row(before, pf)?.mean).toBe(19); // 15 carried + 4
    expect(before.data.selected.map((r: { id: string }) => r.id)).toEqual([selected]);
    expect(before.data.hasSelected).toBe(true);

    await t.prisma.evaluation.update({ where: { id: cn }, data: { ...cnScores(3, 3), version: { increment: 1 } } }); // section 1: 9
    const after = await results(call, "FULL_APPLICATION");
    expect(row(after, pf)?.mean).toBe(16); // (9 + 15) / 2 carried + 4

    await t.prisma.proposal.update({ where: { id: selected }, data: { state: "eligibility_check", version: { increment: 1 } } });
    const checking = await results(call, "FULL_APPLICATION");
    expect(checking.data.selected.map((r: { id: string; state: string }) => [r.id, r.state])).toEqual([[selected, "eligibility_check"]]);
  });
});

describe("many managers at once", () => {
  it("compute the results once, open a due moderation once, and offer the further assessors it may have", async () => {
    const call = await makeCall("RF-HERD");
    const e1 = await evaluator("Ed Assessor");
    const e2 = await evaluator("Flo Assessor");
    const member = await evaluator("Gus Member", w.orgA);
    const free = await evaluator("Hal Assessor");
    const p = await makeProposal(call, w.orgA, "cn_evaluation");
    await submitted(call, p, "CONCEPT_NOTE", e1, cnScores(5, 5)); // 15
    await submitted(call, p, "CONCEPT_NOTE", e2, cnScores(1, 1)); // 3: diverges
    const together = () => Promise.all(Array.from({ length: 6 }, () => getStageResults(manager, call, "CONCEPT_NOTE")));
    // Opening the moderation changes what the results depend on: a request that reads after it
    // computes again, once; none computes alone.
    const first = await together();
    expect(new Set(first).size).toBeLessThanOrEqual(2);
    expect(await t.prisma.moderation.count({ where: { proposalId: p } })).toBe(1);
    expect(await t.prisma.auditEvent.count({ where: { entityId: p, action: "MODERATION_OPENED" } })).toBe(1);
    await t.prisma.proposal.update({ where: { id: p }, data: { title: "Renamed proposal", version: { increment: 1 } } });
    const second = await together();
    expect(new Set(second).size).toBe(1);
    expect(second[0]!.byId.get(p)?.title).toBe("Renamed proposal");

    const page = await results(call);
    const shown = row(page, p);
    expect(shown?.moderation?.resolution).toBeNull();
    const offered = (page.data.furtherAssessors as { value: string }[]).map((o) => o.value).filter((id) => !shown!.moderation!.excluded.includes(id));
    expect(offered).toContain(free);
    for (const id of [e1, e2, member]) expect(offered).not.toContain(id);
  });
});

describe("what waits and what was decided", () => {
  it("names the first 20 proposals still waiting by reference, and lists the award decisions oldest first", async () => {
    const call = await makeCall("RF-WAIT");
    const ids: string[] = [];
    for (let i = 0; i < 22; i++) ids.push(await makeProposal(call, w.orgB, "cn_evaluation"));
    const references = (await t.prisma.proposal.findMany({ where: { id: { in: ids } }, orderBy: { reference: "asc" } })).map((p) => p.reference);
    await t.prisma.awardDecision.create({ data: { callId: call, stage: "FULL_APPLICATION", note: "second", ranking: [], decidedAt: new Date("2026-06-02T10:00:00.000Z") } });
    await t.prisma.awardDecision.create({ data: { callId: call, stage: "CONCEPT_NOTE", note: "first", ranking: [], decidedAt: new Date("2026-06-01T09:30:00.000Z") } });
    const page = await results(call);
    expect(page.data.blockers).toEqual([...references.slice(0, 20), "…"]);
    expect(page.data.decisions.map((d: { note: string; stage: string; decidedAt: string }) => [d.note, d.stage, d.decidedAt])).toEqual([
      ["first", "CONCEPT_NOTE", "2026-06-01T09:30:00.000Z"],
      ["second", "FULL_APPLICATION", "2026-06-02T10:00:00.000Z"],
    ]);
    // The ranking lists them all, a page of 50 at a time.
    expect(page.data.rows).toHaveLength(22);
    expect(page.data.waiting).toBe(22);
  });
});
