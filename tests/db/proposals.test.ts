// The applicant's proposal against a real database, through the routes' loaders and actions:
// start, autosave, a conflicting save, submit refused with the problems named, late submission
// refused even when posted directly, ineligible organisations, scoping between organisations,
// frozen submissions, withdrawal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionCookie } from "~/modules/auth/session.server.ts";
import { action as overviewAction, loader as overviewLoader } from "~/routes/proposals.$proposalId._index.tsx";
import { action as sectionAction, loader as sectionLoader } from "~/routes/proposals.$proposalId.$section.tsx";
import { loader as receiptLoader } from "~/routes/proposals.$proposalId.receipt.tsx";
import { action as submitAction, loader as submitLoader } from "~/routes/proposals.$proposalId.submit.tsx";
import { action as newAction, loader as newLoader } from "~/routes/proposals.new.tsx";
import { callRoute, get, post } from "../support/route-call.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let t: TestDb;
let callId: string;
let orgA: string;
const cookies: Record<string, string> = {};
const users: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDb();
  const p = t.prisma;
  orgA = (await p.organisation.create({ data: { legalName: "Association Teranga", typeCode: "CSO", countryCode: "SN" } })).id;
  const orgB = (await p.organisation.create({ data: { legalName: "Other Org", typeCode: "CSO", countryCode: "ML" } })).id;
  const orgSwiss = (await p.organisation.create({ data: { legalName: "Swiss Foundation", typeCode: "CSO", countryCode: "CH" } })).id;
  const mk = async (key: string, organisationId: string) => {
    const u = await p.user.create({ data: { email: `${key}@proposals.test`, name: key, role: "APPLICANT", emailVerifiedAt: new Date(), locale: key === "b" ? "fr" : "en" } });
    await p.membership.create({ data: { userId: u.id, organisationId } });
    users[key] = u.id;
    cookies[key] = (await createSessionCookie(u.id, { ipAddress: "127.0.0.1" })).split(";")[0]!;
  };
  await mk("a1", orgA);
  await mk("a2", orgA);
  await mk("b", orgB);
  await mk("swiss", orgSwiss);
  const call = await p.call.create({
    data: {
      reference: "MMD-2030-01",
      titleEn: "Small grants",
      titleFr: "Petites subventions",
      state: "open",
      publishedAt: new Date(),
      procedure: "OPEN",
      jvapDomainCodes: ["D1", "D2", "D3", "D4", "D5"],
      applicantTypeCodes: ["CSO", "DIASPORA"],
      leadLocations: ["AU", "EU"],
      targetCountryRules: { maxCountries: 3, minAuCountries: 1 },
      partnershipRules: { allowAlone: true, maxCoApplicants: 1, exactCoApplicants: 1, euLeadNeedsAuCoApplicant: true, diasporaExempt: true },
      minGrantCents: 10_000_000,
      maxGrantCents: 15_000_000,
      maxCofinancingBp: 10_000,
      minDurationMonths: 6,
      maxDurationMonths: 6,
      fullApplicationDeadline: new Date(Date.now() + 30 * 86_400_000),
      requiredDocuments: [{ code: "STATUTES", nameEn: "Statutes", nameFr: "Statuts", stage: "FULL_APPLICATION", required: true }],
    },
  });
  callId = call.id;
});
afterAll(async () => t?.close());

const P = (id: string, extra: Record<string, string> = {}) => ({ proposalId: id, ...extra });

async function version(id: string) {
  return (await t.prisma.proposal.findUniqueOrThrow({ where: { id } })).version;
}

async function start(who: string, organisationId: string, call = callId) {
  return callRoute(newAction, post("/proposals/new", { callId: call, organisationId }, { cookie: cookies[who] }));
}

async function save(who: string, id: string, section: string, fields: Record<string, string>, v?: number, intent = "autosave") {
  return callRoute(sectionAction, post(`/proposals/${id}/${section}`, { intent, version: String(v ?? (await version(id))), ...fields }, { cookie: cookies[who] }), P(id, { section }));
}

let proposalId = "";

describe("starting and editing", () => {
  it("starts a proposal with a reference from the call, once per organisation", async () => {
    const r = await start("a1", orgA);
    expect(r.status).toBe(302);
    proposalId = r.headers.get("Location")!.split("/").pop()!;
    const p = await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } });
    expect(p.reference).toBe("MMD-2030-01-0001");
    expect(p.state).toBe("draft");
    // a second start continues the same proposal
    const again = await start("a2", orgA);
    expect(again.headers.get("Location")).toBe(`/proposals/${proposalId}`);
    expect((await callRoute(newLoader, get(`/proposals/new?call=${callId}`, { cookie: cookies.a1 }))).headers.get("Location")).toBe(`/proposals/${proposalId}`);
    expect(await t.prisma.auditEvent.count({ where: { entityId: proposalId, action: "proposal_started" } })).toBe(1);
  });

  it("an ineligible organisation cannot start", async () => {
    const r = await start("swiss", (await t.prisma.membership.findFirstOrThrow({ where: { userId: users.swiss } })).organisationId);
    expect(r.status).toBe(403);
    expect(await t.prisma.proposal.count({ where: { callId } })).toBe(1);
  });

  it("autosaves a section, bumps the version and records who edited", async () => {
    const v = await version(proposalId);
    const r = await save("a1", proposalId, "summary", { title: "Safe paths", summary: "Info centres", objectives: "", durationMonths: "6" }, v);
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ ok: true, version: v + 1 });
    const p = await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } });
    expect(p).toMatchObject({ title: "Safe paths", durationMonths: 6, lastEditedById: users.a1, version: v + 1 });
  });

  it("bad input gives field messages, never a 500, and keeps what was typed", async () => {
    const r = await save("a1", proposalId, "budget", { "lines.0.heading": "staff", "lines.0.description": "Coordinator", "lines.0.units": "six", "lines.0.unitCost": "20000", requestedAmount: "12O000" });
    expect(r.status).toBe(400);
    expect(r.data.fieldErrors).toEqual({ "lines.0.units": ["proposals.error.wholeNumber"], requestedAmount: ["proposals.error.money"] });
    expect(r.data.values.requestedAmount).toBe("12O000");
  });

  it("a second member saving with a stale version gets a conflict and nothing is overwritten", async () => {
    const stale = await version(proposalId);
    expect((await save("a1", proposalId, "summary", { title: "Safe paths v2", summary: "Info centres", objectives: "Inform", durationMonths: "6" }, stale)).status).toBe(200);
    const r = await save("a2", proposalId, "summary", { title: "Overwritten!", summary: "x", objectives: "y", durationMonths: "6" }, stale);
    expect(r.status).toBe(409);
    expect(r.data).toMatchObject({ ok: false, conflict: true, message: "proposals.save.conflict" });
    expect(r.data.values.title).toBe("Overwritten!");
    expect((await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } })).title).toBe("Safe paths v2");
  });

  it("the section page loads the saved values; an unknown section is 404", async () => {
    const r = await callRoute(sectionLoader, get(`/proposals/${proposalId}/summary`, { cookie: cookies.a2 }), P(proposalId, { section: "summary" }));
    expect(r.status).toBe(200);
    expect(r.data.values.title).toBe("Safe paths v2");
    expect((await callRoute(sectionLoader, get(`/proposals/${proposalId}/nope`, { cookie: cookies.a2 }), P(proposalId, { section: "nope" }))).status).toBe(404);
  });
});

describe("another organisation's applicant", () => {
  it("gets 404 on every proposal route and action, and changes nothing", async () => {
    const c = cookies.b;
    const before = await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } });
    const results = [
      await callRoute(overviewLoader, get(`/proposals/${proposalId}`, { cookie: c }), P(proposalId)),
      await callRoute(overviewAction, post(`/proposals/${proposalId}`, { intent: "withdraw", version: String(before.version) }, { cookie: c }), P(proposalId)),
      await callRoute(sectionLoader, get(`/proposals/${proposalId}/summary`, { cookie: c }), P(proposalId, { section: "summary" })),
      await save("b", proposalId, "summary", { title: "Hijack" }, before.version),
      await callRoute(submitLoader, get(`/proposals/${proposalId}/submit`, { cookie: c }), P(proposalId)),
      await callRoute(submitAction, post(`/proposals/${proposalId}/submit`, { version: String(before.version) }, { cookie: c }), P(proposalId)),
      await callRoute(receiptLoader, get(`/proposals/${proposalId}/receipt`, { cookie: c }), P(proposalId)),
    ];
    expect(results.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    const after = await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } });
    expect(after.version).toBe(before.version);
    expect(after.title).toBe(before.title);
  });
});

describe("submitting", () => {
  it("is refused with every problem named, and keeps everything", async () => {
    const before = await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } });
    const page = await callRoute(submitLoader, get(`/proposals/${proposalId}/submit`, { cookie: cookies.a1 }), P(proposalId));
    const sections = new Set((page.data.problems as { section: string }[]).map((p) => p.section));
    expect(sections).toEqual(new Set(["domains", "countries", "logframe", "workplan", "budget", "documents"]));
    const r = await callRoute(submitAction, post(`/proposals/${proposalId}/submit`, { version: String(before.version) }, { cookie: cookies.a1 }), P(proposalId));
    expect(r.status).toBe(422);
    expect(r.data.message).toBe("proposals.submit.incomplete");
    expect((r.data.problems as { messageKey: string }[]).map((p) => p.messageKey)).toContain("proposals.problem.missingDocument");
    const after = await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } });
    expect(after).toMatchObject({ state: "draft", version: before.version, content: before.content });
  });

  async function complete(id: string) {
    const ok = async (section: string, fields: Record<string, string>) => expect((await save("a1", id, section, fields)).status).toBe(200);
    await ok("summary", { title: "Safe paths", summary: "Info centres", objectives: "Inform", durationMonths: "6" });
    await ok("domains", { jvapDomainCodes: "D1" });
    await ok("countries", { targetCountryCodes: "SN" });
    await ok("partners", {});
    await ok("logframe", { overallObjective: "o", specificObjectives: "s", results: "r", activities: "a", "indicators.0.description": "people informed", "indicators.0.baseline": "0", "indicators.0.target": "5000", "indicators.0.source": "registers" });
    await ok("workplan", { "activities.0.name": "Training", "activities.0.months": "1" });
    await ok("budget", { "lines.0.heading": "staff", "lines.0.description": "Coordinator", "lines.0.units": "6", "lines.0.unitCost": "20000", requestedAmount: "120000" });
    const doc = await t.prisma.document.create({ data: { storageKey: `k-${id}`, filename: "statutes.pdf", contentType: "application/pdf", sizeBytes: 10, organisationId: orgA } });
    await t.prisma.proposalDocument.create({ data: { proposalId: id, documentId: doc.id, requirementCode: "STATUTES", stage: "FULL_APPLICATION" } });
  }

  it("after the deadline is refused even when posted directly", async () => {
    await complete(proposalId);
    const original = (await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).fullApplicationDeadline;
    await t.prisma.call.update({ where: { id: callId }, data: { fullApplicationDeadline: new Date(Date.now() - 60_000) } });
    const r = await callRoute(submitAction, post(`/proposals/${proposalId}/submit`, { version: String(await version(proposalId)) }, { cookie: cookies.a1 }), P(proposalId));
    expect(r.status).toBe(422);
    expect(r.data.message).toBe("proposals.submit.late");
    expect((await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } })).state).toBe("draft");
    await t.prisma.call.update({ where: { id: callId }, data: { fullApplicationDeadline: original } });
  });

  it("succeeds when complete: frozen copy, submittedAt, receipt email, editing refused", async () => {
    const v = await version(proposalId);
    const r = await callRoute(submitAction, post(`/proposals/${proposalId}/submit`, { version: String(v) }, { cookie: cookies.a1 }), P(proposalId));
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe(`/proposals/${proposalId}/receipt`);
    const p = await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } });
    expect(p.state).toBe("submitted");
    expect(p.submittedAt).not.toBeNull();
    expect(p.requestedAmountCents).toBe(12_000_000);
    expect(p.totalCostCents).toBe(12_000_000);
    const sub = await t.prisma.proposalSubmission.findUniqueOrThrow({ where: { proposalId_stage: { proposalId, stage: "FULL_APPLICATION" } } });
    expect(sub.content).toEqual(p.content);
    expect(sub.content).toEqual(p.submittedContent);
    expect(sub.documents).toEqual([expect.objectContaining({ requirementCode: "STATUTES", filename: "statutes.pdf" })]);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { entityId: proposalId, action: "SUBMIT" } });
    expect(audit).toMatchObject({ actorId: users.a1, fromState: "draft", toState: "submitted" });
    const email = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: "a1@proposals.test", template: "proposalSubmitted" } });
    expect(email.text).toContain(p.reference);

    const edit = await save("a1", proposalId, "summary", { title: "Changed after submission" }, p.version);
    expect(edit.status).toBe(422);
    expect((await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } })).title).toBe("Safe paths");

    const receipt = await callRoute(receiptLoader, get(`/proposals/${proposalId}/receipt`, { cookie: cookies.a2 }), P(proposalId));
    expect(receipt.status).toBe(200);
    expect(receipt.data.reference).toBe("MMD-2030-01-0001");
    expect(receipt.data.submissions[0].content.sections.summary.title).toBe("Safe paths");

    const overview = await callRoute(overviewLoader, get(`/proposals/${proposalId}`, { cookie: cookies.a1 }), P(proposalId));
    expect((overview.data.timeline as { what: string }[]).map((e) => e.what)).toEqual(expect.arrayContaining(["Status: Submitted", "Started the proposal"]));
  });

  it("an organisation that became ineligible cannot submit", async () => {
    const orgId = (await t.prisma.membership.findFirstOrThrow({ where: { userId: users.b } })).organisationId;
    const r = await start("b", orgId);
    const id = r.headers.get("Location")!.split("/").pop()!;
    await t.prisma.call.update({ where: { id: callId }, data: { applicantTypeCodes: ["DIASPORA"] } });
    const s = await callRoute(submitAction, post(`/proposals/${id}/submit`, { version: String(await version(id)) }, { cookie: cookies.b }), P(id));
    expect(s.status).toBe(422);
    expect((s.data.problems as { messageKey: string }[]).map((p) => p.messageKey)).toContain("proposals.problem.organisationNotEligible");
    await t.prisma.call.update({ where: { id: callId }, data: { applicantTypeCodes: ["CSO", "DIASPORA"] } });
  });
});

describe("withdrawing", () => {
  it("withdraws a submitted proposal through the machine, audited", async () => {
    const r = await callRoute(overviewAction, post(`/proposals/${proposalId}`, { intent: "withdraw", version: String(await version(proposalId)), reason: "Changed plans" }, { cookie: cookies.a2 }), P(proposalId));
    expect(r.status).toBe(302);
    expect((await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } })).state).toBe("withdrawn");
    expect(await t.prisma.auditEvent.count({ where: { entityId: proposalId, action: "WITHDRAW", actorId: users.a2 } })).toBe(1);
  });
});
