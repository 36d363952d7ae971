// Grants from award to closure through the pages' loaders and actions, against a real
// database and object store: a grant prepared from an awarded proposal only (prefilled),
// contract edits audited field by field with the instalments and reports regenerated, the
// schedule refused when it does not add up, signing refused without the signed contract,
// instalments released with the 70% rule (idempotent), payments validated, grantee pages
// scoped to the grantee's organisation, and every manager action refused to others.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEmbeddedS3Env, startEmbeddedS3, type EmbeddedS3 } from "~/modules/documents/embedded-s3.server.ts";
import { resetStorageClient } from "~/modules/documents/storage.server.ts";
import { releaseTrancheAfterReport } from "~/modules/grants/payments.server.ts";
import { DEMO_GRANTS_CALL_REFERENCE, seedDemoGrants } from "../../prisma/seed/demo-grants.ts";
import { seedDemoData } from "../../prisma/seed/demo.ts";
import { firstOfNextMonth } from "~/modules/grants/schedule.ts";
import { loader as granteeGrantLoader } from "~/routes/grants.$grantId._index.tsx";
import { loader as granteeListLoader } from "~/routes/grants._index.tsx";
import { action as contractAction, loader as contractLoader } from "~/routes/manage.grants.$grantId.contract.tsx";
import { action as overviewAction, loader as overviewLoader } from "~/routes/manage.grants.$grantId._index.tsx";
import { action as paymentsAction, loader as paymentsLoader } from "~/routes/manage.grants.$grantId.payments.tsx";
import { action as newAction, loader as newLoader } from "~/routes/manage.grants.new.tsx";
import { loader as proposalLoader } from "~/routes/manage.proposals.$proposalId.tsx";
import { callRoute, get, post } from "../support/route-call.ts";
import { buildWorld, type World } from "../support/personas.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const ENV_KEYS = ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE", "S3_PUBLIC_ENDPOINT", "S3_REGION"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const PDF_BYTES = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const DAY = 86_400_000;

let t: TestDb;
let w: World;
let s3: EmbeddedS3;
let s3Dir: string;
let seq = 0;

beforeAll(async () => {
  s3Dir = await mkdtemp(path.join(os.tmpdir(), "grants-grant-s3-"));
  s3 = await startEmbeddedS3({ directory: s3Dir, bucket: "grant-documents" });
  applyEmbeddedS3Env(s3);
  t = await createTestDb();
  w = await buildWorld(t.prisma);
});

afterAll(async () => {
  resetStorageClient();
  await s3?.stop();
  await t?.close();
  if (s3Dir) await rm(s3Dir, { recursive: true, force: true });
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

// ---------------------------------------------------------------- helpers

const CONTENT = {
  stage: "FULL_APPLICATION",
  sections: {
    summary: { title: "Safe routes", summary: "What we will do.", objectives: "", durationMonths: 24 },
    budget: {
      requestedAmountCents: 18_000_000,
      lines: [
        { heading: "staff", description: "Coordinator", units: 12, unitCostCents: 1_000_000 },
        { heading: "travel", description: "Missions", units: 6, unitCostCents: 1_000_000 },
        { heading: "indirect", description: "Overheads", units: 2, unitCostCents: 1_000_000 },
      ],
    },
    logframe: {
      overallObjective: "Safer migration",
      specificObjectives: "Informed young people\nStronger local networks",
      results: "500 people trained",
      activities: "",
      indicators: [{ description: "People trained", baseline: "0", target: "500", source: "Lists" }],
    },
  },
};

async function makeProposal(state: string, organisationId = w.orgA) {
  seq++;
  const p = await t.prisma.proposal.create({
    data: {
      reference: `GR-P-${seq}`,
      callId: w.evaluationCall,
      organisationId,
      title: `Project ${seq}`,
      state,
      submittedAt: new Date(Date.now() - 90 * DAY),
      requestedAmountCents: 18_000_000,
      totalCostCents: 20_000_000,
      durationMonths: 24,
      targetCountryCodes: ["SN"],
      submittedContent: CONTENT,
    },
  });
  return p.id;
}

const manager = () => w.cookies.manager;
const newGrant = (proposalId: string, cookie = manager()) => callRoute(newAction, post(`/manage/grants/new?proposalId=${proposalId}`, { proposalId }, { cookie }));
const overview = (id: string, cookie = manager()) => callRoute(overviewLoader, get(`/manage/grants/${id}`, { cookie }), { grantId: id });
const act = (id: string, fields: Record<string, string>, cookie = manager()) => callRoute(overviewAction, post(`/manage/grants/${id}`, fields, { cookie }), { grantId: id });
const contract = (id: string, cookie = manager()) => callRoute(contractLoader, get(`/manage/grants/${id}/contract`, { cookie }), { grantId: id });
const postContract = (id: string, fields: Record<string, string>, cookie = manager()) => callRoute(contractAction, post(`/manage/grants/${id}/contract`, fields, { cookie }), { grantId: id });
const payments = (id: string, cookie = manager()) => callRoute(paymentsLoader, get(`/manage/grants/${id}/payments`, { cookie }), { grantId: id });
const pay = (id: string, fields: Record<string, string>, cookie = manager()) => callRoute(paymentsAction, post(`/manage/grants/${id}/payments`, fields, { cookie }), { grantId: id });
const grantRow = (id: string) => t.prisma.grant.findUniqueOrThrow({ where: { id }, include: { tranches: { orderBy: { number: "asc" } }, reports: { orderBy: [{ kind: "asc" }, { number: "asc" }] } } });
const grantIdFrom = (location: string | null) => /\/manage\/grants\/([^/?]+)/.exec(location ?? "")?.[1] ?? "";

/** The contract form's fields, from the values the page shows, with changes on top. */
function contractFields(values: Record<string, unknown>, version: number, over: Record<string, string> = {}): Record<string, string> {
  const v = values as { budget: { code: string; label: string; amount: string }[]; logframe: { objectives: string[]; results: string[]; indicators: Record<string, string>[] } } & Record<string, string>;
  const f: Record<string, string> = { intent: "contract", version: String(version) };
  for (const k of ["amount", "totalEligibleCosts", "eligibleCostsShare", "startDate", "endDate", "reportingPeriodMonths", "finalReportMonths"]) f[k] = v[k]!;
  v.budget.forEach((b, i) => Object.entries(b).forEach(([k, x]) => (f[`budget.${i}.${k}`] = x)));
  v.logframe.objectives.forEach((o, i) => (f[`logframe.objectives.${i}`] = o));
  v.logframe.results.forEach((o, i) => (f[`logframe.results.${i}`] = o));
  v.logframe.indicators.forEach((r, i) => Object.entries(r).forEach(([k, x]) => (f[`logframe.indicators.${i}.${k}`] = x)));
  return { ...f, ...over };
}

function uploadRequest(grantId: string, file: { name: string; bytes: Uint8Array } | null, cookie = manager()): Request {
  const form = new FormData();
  if (file) form.append("file", new File([Buffer.from(file.bytes)], file.name, { type: "application/pdf" }));
  return new Request(`http://localhost/manage/grants/${grantId}/contract`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

async function createdGrant(state = "awarded") {
  const proposalId = await makeProposal(state);
  const res = await newGrant(proposalId);
  expect(res.status).toBe(302);
  return { proposalId, grantId: grantIdFrom(res.headers.get("Location")) };
}

// ---------------------------------------------------------------- creation

describe("preparing a grant", () => {
  it("is possible only from an awarded proposal, once", async () => {
    const selected = await makeProposal("provisionally_selected");
    const page = await callRoute(newLoader, get(`/manage/grants/new?proposalId=${selected}`, { cookie: manager() }));
    expect(page.status).toBe(200);
    expect(page.data.awarded).toBe(false);
    const refused = await newGrant(selected);
    expect(refused.status).toBe(422);
    expect(await t.prisma.grant.count({ where: { proposalId: selected } })).toBe(0);

    const { proposalId, grantId } = await createdGrant();
    expect(grantId).not.toBe("");
    const again = await newGrant(proposalId);
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe(`/manage/grants/${grantId}`);
    expect(await t.prisma.grant.count({ where: { proposalId } })).toBe(1);
  });

  it("is offered on the awarded proposal's page, which links to the grant once it exists", async () => {
    const proposalId = await makeProposal("awarded");
    const before = await callRoute(proposalLoader, get(`/manage/proposals/${proposalId}`, { cookie: manager() }), { proposalId });
    expect(before.data).toMatchObject({ canPrepareGrant: true, grant: null });
    const created = await newGrant(proposalId);
    const after = await callRoute(proposalLoader, get(`/manage/proposals/${proposalId}`, { cookie: manager() }), { proposalId });
    expect(after.data.grant).toEqual({ id: grantIdFrom(created.headers.get("Location")) });
    const selected = await makeProposal("provisionally_selected");
    const notYet = await callRoute(proposalLoader, get(`/manage/proposals/${selected}`, { cookie: manager() }), { proposalId: selected });
    expect(notYet.data).toMatchObject({ canPrepareGrant: false, grant: null });
  });

  it("prefills the contract from the proposal: amount, costs, share, dates, budget headings, logical framework, instalments and reports", async () => {
    const { grantId } = await createdGrant();
    const g = await grantRow(grantId);
    expect(g).toMatchObject({ state: "contracting", amountCents: 18_000_000, totalEligibleCostsCents: 20_000_000, eligibleCostsShareBp: 9000, reportingPeriodMonths: 12, finalReportMonths: 3 });
    expect(g.startDate.toISOString()).toBe(firstOfNextMonth(new Date()).toISOString());
    expect(g.budget).toEqual([
      { code: "staff", label: "Staff", amountCents: 12_000_000 },
      { code: "travel", label: "Travel", amountCents: 6_000_000 },
      { code: "indirect", label: "Indirect costs", amountCents: 2_000_000 },
    ]);
    expect(g.logframe).toMatchObject({ objectives: ["Safer migration", "Informed young people", "Stronger local networks"], results: ["500 people trained"], indicators: [{ code: "I1", label: "People trained", baseline: "0", target: "500" }] });
    expect(g.tranches.map((x) => [x.plannedAmountCents, x.dependsOn])).toEqual([
      [8_100_000, "SIGNATURE"],
      [8_100_000, "REPORT:INTERIM:1"],
      [1_800_000, "REPORT:FINAL:1"],
    ]);
    expect(g.reports.map((r) => `${r.kind}:${r.number}:${r.state}`)).toEqual(["FINAL:1:draft", "INTERIM:1:draft"]);
  });
});

// ---------------------------------------------------------------- the contract

describe("the contract before signature", () => {
  it("records every change field by field and regenerates the instalments and reports", async () => {
    const { grantId } = await createdGrant();
    const page = await contract(grantId);
    expect(page.status).toBe(200);
    const fields = contractFields(page.data.values, page.data.grant.version, { amount: "90000", endDate: page.data.values.endDate.replace(/^(\d{4})/, (y: string) => String(Number(y) - 1)) });
    const saved = await postContract(grantId, fields);
    expect(saved.status).toBe(302);
    const g = await grantRow(grantId);
    expect(g.amountCents).toBe(9_000_000);
    // A 12-month, EUR 90,000 grant: 80/20 and only the final report.
    expect(g.tranches.map((x) => [x.plannedAmountCents, x.dependsOn])).toEqual([
      [7_200_000, "SIGNATURE"],
      [1_800_000, "REPORT:FINAL:1"],
    ]);
    expect(g.reports.map((r) => r.kind)).toEqual(["FINAL"]);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { entityType: "grant", entityId: grantId, action: "CONTRACT_UPDATED" } });
    const changes = (audit.data as { changes: Record<string, { from: unknown; to: unknown }> }).changes;
    expect(changes.amountCents).toEqual({ from: 18_000_000, to: 9_000_000 });
    expect(Object.keys(changes).sort()).toEqual(["amountCents", "endDate"]);
    expect(audit.actorId).toBe(w.users.manager.id);
    // Shown on the overview as "Changes".
    const shown = await overview(grantId);
    expect(shown.data.changes.find((c: { action: string }) => c.action === "CONTRACT_UPDATED").changes).toEqual(
      expect.arrayContaining([{ field: "amountCents", from: "€180,000", to: "€90,000" }]),
    );
  });

  it("refuses bad terms with field errors and keeps what was typed", async () => {
    const { grantId } = await createdGrant();
    const page = await contract(grantId);
    const res = await postContract(grantId, contractFields(page.data.values, page.data.grant.version, { amount: "lots", reportingPeriodMonths: "0" }));
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors.amount).toEqual(["grants.error.money"]);
    expect(res.data.fieldErrors.reportingPeriodMonths).toEqual(["grants.error.range"]);
    expect(res.data.values.amount).toBe("lots");
    const backwards = await postContract(grantId, contractFields(page.data.values, page.data.grant.version, { endDate: "2000-01-01" }));
    expect(backwards.data.fieldErrors.endDate).toEqual(["grants.error.endBeforeStart"]);
    const aboveCosts = await postContract(grantId, contractFields(page.data.values, page.data.grant.version, { amount: "250000" }));
    expect(aboveCosts.data.fieldErrors.amount).toEqual(["grants.error.amountAboveCosts"]);
    const tooMuch = await postContract(grantId, contractFields(page.data.values, page.data.grant.version, { "budget.0.amount": "1" }));
    expect(tooMuch.data.fieldErrors.budget).toEqual(["grants.error.budgetTotal"]);
    // The form's spare empty rows are ignored; a row with an amount needs a name, reported at its place.
    const spare = { "budget.3.code": "", "budget.3.label": "", "budget.3.amount": "", "budget.4.code": "X", "budget.4.label": "", "budget.4.amount": "" };
    const unnamed = await postContract(grantId, contractFields(page.data.values, page.data.grant.version, spare));
    expect(unnamed.data.fieldErrors).toEqual({ "budget.4.label": ["grants.error.headingLabel"] });
    const withSpares = await postContract(grantId, contractFields(page.data.values, page.data.grant.version, { "budget.3.code": "", "budget.3.label": "", "budget.3.amount": "", "logframe.objectives.9": "", "logframe.indicators.5.code": "" }));
    expect(withSpares.status).toBe(302);
    expect(withSpares.headers.get("Location")).toMatch(/done=unchanged/);
    expect((await grantRow(grantId)).amountCents).toBe(18_000_000);
  });

  it("lets the manager adjust the planned amounts only if they add up to the grant amount", async () => {
    const { grantId } = await createdGrant();
    const g = await grantRow(grantId);
    const fields = (amounts: string[]) => ({ intent: "schedule", version: String(g.version), ...Object.fromEntries(g.tranches.flatMap((x, i) => [[`tranches.${i}.id`, x.id], [`tranches.${i}.amount`, amounts[i]!]])) });
    const wrong = await postContract(grantId, fields(["90000", "81000", "18000"]));
    expect(wrong.status).toBe(400);
    expect(wrong.data.fieldErrors.tranches[0]).toBe("The instalments add up to €189,000, not to the grant amount of €180,000: change them by €9,000.");
    expect(wrong.data.posted["tranches.0.amount"]).toBe("90000");
    const right = await postContract(grantId, fields(["90000", "72000", "18000"]));
    expect(right.status).toBe(302);
    expect((await grantRow(grantId)).tranches.map((x) => x.plannedAmountCents)).toEqual([9_000_000, 7_200_000, 1_800_000]);
  });
});

// ---------------------------------------------------------------- signing

describe("signing", () => {
  it("is refused without the signed contract, then releases instalment 1, contracts the proposal and tells the grantee", async () => {
    const { grantId, proposalId } = await createdGrant();
    const before = await grantRow(grantId);
    const refused = await act(grantId, { event: "SIGN", version: String(before.version) });
    expect(refused.status).toBe(422);
    expect(refused.data.fieldErrors.form[0]).toMatch(/Upload the signed contract first/);
    expect((await grantRow(grantId)).state).toBe("contracting");
    expect((await overview(grantId)).data.allowed).toEqual([]);

    const notPdf = await callRoute(contractAction, uploadRequest(grantId, { name: "contract.pdf", bytes: new TextEncoder().encode("just text") }), { grantId });
    expect(notPdf.status).toBe(400);
    const uploaded = await callRoute(contractAction, uploadRequest(grantId, { name: "contract.pdf", bytes: PDF_BYTES }), { grantId });
    expect(uploaded.status).toBe(302);
    const withContract = await grantRow(grantId);
    expect(withContract.signedContractDocumentId).not.toBeNull();
    expect((await overview(grantId)).data.allowed).toEqual(["SIGN"]);

    const signed = await act(grantId, { event: "SIGN", version: String(withContract.version) });
    expect(signed.status).toBe(302);
    const g = await grantRow(grantId);
    expect(g.state).toBe("in_implementation");
    expect(g.signedAt).not.toBeNull();
    expect(g.tranches[0]).toMatchObject({ dueAmountCents: 8_100_000, releasedAt: expect.any(Date) });
    expect(g.tranches[1]!.releasedAt).toBeNull();
    expect((await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } })).state).toBe("contracted");
    const mail = await t.prisma.emailMessage.findFirst({ where: { to: w.users.applicantA.email, template: "grantStatusChanged" }, orderBy: { createdAt: "desc" } });
    expect(mail?.subject).toContain(g.reference);
    expect(mail?.text).toContain("In implementation");
    // The contract can no longer be edited.
    const page = await contract(grantId);
    expect(page.data.editable).toBe(false);
    const late = await postContract(grantId, contractFields(page.data.values, g.version, { amount: "100000" }));
    expect(late.status).toBe(422);
  });

  it("suspends only with a reason, and the grantee hears why", async () => {
    const g = await grantRow(w.grantA);
    const noReason = await act(w.grantA, { event: "SUSPEND", version: String(g.version), reason: "  " });
    expect(noReason.status).toBe(400);
    expect(noReason.data.fieldErrors.reason).toEqual(["grants.error.reasonRequired"]);
    const ok = await act(w.grantA, { event: "SUSPEND", version: String(g.version), reason: "Audit findings" });
    expect(ok.status).toBe(302);
    expect((await grantRow(w.grantA)).state).toBe("suspended");
    const mail = await t.prisma.emailMessage.findFirst({ where: { to: w.users.applicantA.email, template: "grantStatusChanged" }, orderBy: { createdAt: "desc" } });
    expect(mail?.text).toContain("Audit findings");
    const resumed = await act(w.grantA, { event: "RESUME", version: String(g.version + 1) });
    expect(resumed.status).toBe(302);
    expect((await grantRow(w.grantA)).state).toBe("in_implementation");
  });
});

// ---------------------------------------------------------------- the 70% rule and payments

describe("instalments and payments", () => {
  let grantId: string;
  let reportId: string;
  beforeAll(async () => {
    ({ grantId } = await createdGrant());
    const g = await grantRow(grantId);
    // Signed and instalment 1 paid in full.
    await t.prisma.grant.update({ where: { id: grantId }, data: { state: "in_implementation", signedAt: new Date() } });
    await t.prisma.tranche.update({ where: { id: g.tranches[0]!.id }, data: { releasedAt: new Date(), dueAmountCents: 8_100_000, paidAmountCents: 8_100_000, paidAt: new Date(Date.now() - 100 * DAY) } });
    reportId = g.reports.find((r) => r.kind === "INTERIM")!.id;
    // EUR 50,000 spent; the grant finances 90% of it: EUR 45,000, less than 70% of EUR 81,000 (EUR 56,700).
    await t.prisma.report.update({ where: { id: reportId }, data: { state: "approved", approvedAt: new Date(), financial: { staff: 4_000_000, travel: 1_000_000 } } });
  });

  it("does not release an instalment for a report that is not approved", async () => {
    const draft = await t.prisma.report.findFirstOrThrow({ where: { grantId, kind: "FINAL" } });
    expect(await releaseTrancheAfterReport(draft.id, null)).toBeNull();
  });

  it("releases the instalment waiting for the approved report, reduced by the 70% rule, once", async () => {
    const first = await releaseTrancheAfterReport(reportId, w.users.manager.id);
    expect(first).toMatchObject({ dueAmountCents: 6_930_000 });
    const again = await releaseTrancheAfterReport(reportId, w.users.manager.id);
    expect(again).toEqual(first);
    const tranche = await t.prisma.tranche.findUniqueOrThrow({ where: { id: first!.trancheId } });
    expect(tranche).toMatchObject({ number: 2, reportId, dueAmountCents: 6_930_000, releasedAt: expect.any(Date) });
    expect(JSON.parse(tranche.dueExplanation!).en).toContain("Reduced by €11,700");
    expect(await t.prisma.auditEvent.count({ where: { entityType: "grant", entityId: grantId, action: "TRANCHE_RELEASED" } })).toBe(1);
    const page = await payments(grantId);
    const row = page.data.tranches.find((x: { number: number }) => x.number === 2);
    expect(row.dependsOnText.en).toBe("After approval of interim report 1");
    expect(row.dueExplanation.fr).toContain("Réduite de");
    expect(page.data.payable.map((x: { number: number }) => x.number)).toEqual([2]);
  });

  it("validates payments: released tranches only, never more than due, not in the future, once", async () => {
    const g = await grantRow(grantId);
    const [, second, balance] = g.tranches;
    const today = new Date().toISOString().slice(0, 10);
    const unreleased = await pay(grantId, { trancheId: balance!.id, amount: "18000", paidAt: today });
    expect(unreleased.status).toBe(400);
    expect(unreleased.data.fieldErrors.trancheId).toEqual(["grants.payment.error.notReleased"]);
    const tooMuch = await pay(grantId, { trancheId: second!.id, amount: "69300.01", paidAt: today });
    expect(tooMuch.data.fieldErrors.amount).toEqual(["grants.payment.error.aboveDue"]);
    const future = await pay(grantId, { trancheId: second!.id, amount: "69300", paidAt: "2999-01-01" });
    expect(future.data.fieldErrors.paidAt).toEqual(["grants.error.paidInFuture"]);
    const bad = await pay(grantId, { trancheId: second!.id, amount: "-5", paidAt: "yesterday" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.data.fieldErrors).sort()).toEqual(["amount", "paidAt"]);
    const ok = await pay(grantId, { trancheId: second!.id, amount: "69300", paidAt: today });
    expect(ok.status).toBe(302);
    expect(await t.prisma.tranche.findUniqueOrThrow({ where: { id: second!.id } })).toMatchObject({ paidAmountCents: 6_930_000, paidAt: expect.any(Date) });
    const twice = await pay(grantId, { trancheId: second!.id, amount: "1", paidAt: today });
    expect(twice.status).toBe(409);
    const otherGrant = await pay(w.grantA, { trancheId: second!.id, amount: "1", paidAt: today });
    expect(otherGrant.status).toBe(404);
  });
});

// ---------------------------------------------------------------- grantees

describe("the grantee's pages", () => {
  it("list the organisation's grants with what is due next", async () => {
    const res = await callRoute(granteeListLoader, get("/grants", { cookie: w.cookies.applicantA }));
    expect(res.status).toBe(200);
    const a = res.data.grants.find((g: { id: string }) => g.id === w.grantA);
    expect(a).toMatchObject({ stateLabel: expect.any(String), nextReport: { id: w.reportA, overdue: false } });
    const b = await callRoute(granteeListLoader, get("/grants", { cookie: w.cookies.applicantB }));
    expect(b.data.grants.map((g: { id: string }) => g.id)).not.toContain(w.grantA);
  });

  it("show one grant to its organisation only; others get 404", async () => {
    const mine = await callRoute(granteeGrantLoader, get(`/grants/${w.grantA}`, { cookie: w.cookies.applicantA }), { grantId: w.grantA });
    expect(mine.status).toBe(200);
    expect(mine.data.nextReport.id).toBe(w.reportA);
    expect(mine.data.nextPayment).toMatchObject({ number: 1, waitsFor: "Released: the payment is on its way." });
    expect(mine.data.reports[0].id).toBe(w.reportA);
    const other = await callRoute(granteeGrantLoader, get(`/grants/${w.grantA}`, { cookie: w.cookies.applicantB }), { grantId: w.grantA });
    expect(other.status).toBe(404);
    const missing = await callRoute(granteeGrantLoader, get("/grants/no-such-grant", { cookie: w.cookies.applicantA }), { grantId: "no-such-grant" });
    expect(missing.status).toBe(404);
    // Evaluators have no right on grants at all.
    const evaluator = await callRoute(granteeGrantLoader, get(`/grants/${w.grantA}`, { cookie: w.cookies.evaluator }), { grantId: w.grantA });
    expect(evaluator.status).toBe(403);
  });

  it("flag an overdue report", async () => {
    await t.prisma.report.update({ where: { id: w.reportA }, data: { dueDate: new Date(Date.now() - 2 * DAY) } });
    const mine = await callRoute(granteeGrantLoader, get(`/grants/${w.grantA}`, { cookie: w.cookies.applicantA }), { grantId: w.grantA });
    expect(mine.data.nextReport.overdue).toBe(true);
    const staff = await overview(w.grantA);
    expect(staff.data.reports.find((r: { id: string }) => r.id === w.reportA).overdue).toBe(true);
  });
});

// ---------------------------------------------------------------- due dates

describe("moving report due dates", () => {
  it("moves a due date with an audit row and a fresh reminder; refuses a date inside the period and a form from an older page", async () => {
    const before = await grantRow(w.grantA);
    const report = before.reports.find((r) => r.id === w.reportA);
    if (!report) throw new Error("no report A");
    await t.prisma.report.update({ where: { id: w.reportA }, data: { reminderSentAt: new Date() } });
    const day = (offsetDays: number) => new Date(report.periodEnd.getTime() + offsetDays * DAY).toISOString().slice(0, 10);
    const fields = (version: number, dueDate: string) => ({ intent: "dueDates", version: String(version), "reports.0.id": w.reportA, "reports.0.dueDate": dueDate });

    const moved = await postContract(w.grantA, fields(before.version, day(90)));
    expect(moved.status).toBe(302);
    const after = await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } });
    expect(after.dueDate.toISOString().slice(0, 10)).toBe(day(90));
    expect(after.reminderSentAt).toBeNull();
    expect(await t.prisma.auditEvent.count({ where: { entityType: "grant", entityId: w.grantA, action: "DUE_DATES_ADJUSTED" } })).toBe(1);

    const inside = await postContract(w.grantA, fields(before.version + 1, day(-1)));
    expect(inside.status).toBe(400);
    expect(inside.data.fieldErrors.reports).toEqual(["grants.error.dueBeforePeriodEnd"]);

    // A second manager still on the page loaded before the move.
    const stale = await postContract(w.grantA, fields(before.version, day(120)));
    expect(stale.status).toBe(409);
    expect(stale.data.fieldErrors.reports).toEqual(["grants.error.conflict"]);
    expect((await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } })).dueDate.toISOString().slice(0, 10)).toBe(day(90));
    expect(await t.prisma.auditEvent.count({ where: { entityType: "grant", entityId: w.grantA, action: "DUE_DATES_ADJUSTED" } })).toBe(1);
  });
});

// ---------------------------------------------------------------- denials

describe("manager actions are refused to everyone else", () => {
  it("applicants, evaluators and admins can neither read nor change the staff pages", async () => {
    const proposalId = await makeProposal("awarded");
    const tranche = await t.prisma.tranche.findFirstOrThrow({ where: { grantId: w.grantA } });
    for (const persona of ["applicantA", "applicantB", "evaluator", "admin"] as const) {
      const cookie = w.cookies[persona];
      expect((await overview(w.grantA, cookie)).status).toBe(403);
      expect((await contract(w.grantA, cookie)).status).toBe(403);
      expect((await payments(w.grantA, cookie)).status).toBe(403);
      expect((await callRoute(newLoader, get(`/manage/grants/new?proposalId=${proposalId}`, { cookie }))).status).toBe(403);
      expect((await newGrant(proposalId, cookie)).status).toBe(403);
      expect((await act(w.grantA, { event: "TERMINATE", version: "0", reason: "x" }, cookie)).status).toBe(403);
      expect((await pay(w.grantA, { trancheId: tranche.id, amount: "1", paidAt: "2026-01-01" }, cookie)).status).toBe(403);
      expect((await postContract(w.grantA, { intent: "dueDates", "reports.0.id": w.reportA, "reports.0.dueDate": "2030-01-01" }, cookie)).status).toBe(403);
      expect((await callRoute(contractAction, uploadRequest(w.grantA, { name: "c.pdf", bytes: PDF_BYTES }, cookie), { grantId: w.grantA })).status).toBe(403);
    }
    expect(await t.prisma.grant.count({ where: { proposalId } })).toBe(0);
    expect((await t.prisma.tranche.findUniqueOrThrow({ where: { id: tranche.id } })).paidAt).toBeNull();
    const anonymous = await overview(w.grantA, "");
    expect([302, 401]).toContain(anonymous.status);
  });
});

// ---------------------------------------------------------------- demo data

describe("the demo grants", () => {
  it("seed grants in several states from the archived 2023 call, once", async () => {
    const now = new Date();
    await seedDemoData(t.prisma, { now });
    const grants = await t.prisma.grant.findMany({ where: { call: { reference: DEMO_GRANTS_CALL_REFERENCE } }, include: { tranches: { orderBy: { number: "asc" } }, reports: true, proposal: true } });
    expect(grants.map((g) => g.state).sort()).toEqual(["closed", "closing", "in_implementation", "in_implementation"]);
    for (const g of grants) {
      expect(g.proposal.state).toBe("contracted");
      expect(g.tranches.reduce((s, x) => s + x.plannedAmountCents, 0)).toBe(g.amountCents);
    }
    const a = grants.find((g) => g.organisationId === "demo_org_cso_sn")!;
    expect(a.amountCents).toBe(18_000_000);
    const interim = a.reports.find((r) => r.kind === "INTERIM" && r.number === 1)!;
    expect(interim.state).toBe("draft");
    const daysToDue = (interim.dueDate.getTime() - now.getTime()) / DAY;
    expect(daysToDue).toBeGreaterThan(8);
    expect(daysToDue).toBeLessThan(12);
    expect(a.tranches[0]).toMatchObject({ dependsOn: "SIGNATURE", paidAmountCents: 8_100_000 });
    expect(a.tranches[1]).toMatchObject({ dependsOn: "REPORT:INTERIM:1", releasedAt: null });
    const b = grants.find((g) => g.organisationId === "demo_org_diaspora_fr")!;
    expect(b.reports.some((r) => r.state === "draft" && r.dueDate.getTime() < now.getTime())).toBe(true);
    const closed = grants.find((g) => g.state === "closed")!;
    expect(closed.tranches.every((x) => x.paidAt !== null)).toBe(true);
    expect(closed.reports.every((r) => r.state === "approved")).toBe(true);
    // Idempotent.
    expect(await seedDemoGrants(t.prisma, { now })).toBe(0);
    expect(await t.prisma.grant.count({ where: { call: { reference: DEMO_GRANTS_CALL_REFERENCE } } })).toBe(4);
  });
});
