// The restricted call procedure against a real database, through the services: a concept
// note submitted before its deadline, passed at screening, preselected and invited by a grant
// manager, then the full application started from the concept note's answers (only when
// invited), edited without touching the frozen concept note, submitted before the
// full-application deadline, and a late full application refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/modules/auth/permissions.ts";
import { loadProposalFor, proposalProblems, saveSection, startFullApplication, startProposal, submitProposal } from "~/modules/applications/editor.server.ts";
import { decide } from "~/modules/applications/screening.server.ts";
import { proposalStage } from "~/modules/documents/uploads.server.ts";
import { applyTransition } from "~/utils/workflow.server.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const DAY = 86_400_000;
let t: TestDb;
let callId: string;
let manager: Actor;
const applicants: Record<"a" | "b", Actor> = {} as Record<"a" | "b", Actor>;
const orgs: Record<"a" | "b", string> = {} as Record<"a" | "b", string>;
let docSeq = 0;

const REQUIRED_DOCS = [
  { code: "CN_FORM", nameEn: "Concept note form", nameFr: "Formulaire", stage: "CONCEPT_NOTE", required: true },
  { code: "STATUTES", nameEn: "Statutes", nameFr: "Statuts", stage: "FULL_APPLICATION", required: true },
];

beforeAll(async () => {
  t = await createTestDb();
  const p = t.prisma;
  for (const [key, countryCode] of [["a", "SN"], ["b", "ML"]] as const) {
    const org = await p.organisation.create({ data: { legalName: `Organisation ${key}`, typeCode: "CSO", countryCode } });
    const u = await p.user.create({ data: { email: `${key}@restricted.test`, name: `Applicant ${key}`, role: "APPLICANT", emailVerifiedAt: new Date() } });
    await p.membership.create({ data: { userId: u.id, organisationId: org.id } });
    orgs[key] = org.id;
    applicants[key] = { id: u.id, role: "APPLICANT", organisationIds: [org.id] };
  }
  const m = await p.user.create({ data: { email: "manager@restricted.test", name: "Manager", role: "GRANT_MANAGER", emailVerifiedAt: new Date() } });
  manager = { id: m.id, role: "GRANT_MANAGER", organisationIds: [] };
  const call = await p.call.create({
    data: {
      reference: "RST-2030-01",
      titleEn: "Restricted call",
      titleFr: "Appel restreint",
      state: "open",
      publishedAt: new Date(),
      procedure: "RESTRICTED",
      jvapDomainCodes: ["D1", "D2"],
      applicantTypeCodes: ["CSO"],
      leadLocations: ["AU"],
      targetCountryRules: { maxCountries: 3, minAuCountries: 1 },
      partnershipRules: { allowAlone: true },
      minGrantCents: 10_000_000,
      maxGrantCents: 15_000_000,
      maxCofinancingBp: 9_000,
      minDurationMonths: 6,
      maxDurationMonths: 12,
      conceptNoteDeadline: new Date(Date.now() + 10 * DAY),
      fullApplicationDeadline: new Date(Date.now() + 40 * DAY),
      requiredDocuments: REQUIRED_DOCS,
    },
  });
  callId = call.id;
});
afterAll(async () => t?.close());

const row = (id: string) => t.prisma.proposal.findUniqueOrThrow({ where: { id } });
const version = async (id: string) => (await row(id)).version;

async function save(who: "a" | "b", id: string, section: string, data: Record<string, unknown>) {
  const r = await saveSection(applicants[who], id, section, data, await version(id));
  expect(r).toMatchObject({ ok: true });
}

async function attach(who: "a" | "b", id: string, requirementCode: string, stage: string) {
  docSeq++;
  const doc = await t.prisma.document.create({
    data: { storageKey: `restricted/${docSeq}.pdf`, filename: `${requirementCode.toLowerCase()}.pdf`, contentType: "application/pdf", sizeBytes: 10, organisationId: orgs[who], uploadedById: applicants[who].id },
  });
  await t.prisma.proposalDocument.create({ data: { proposalId: id, documentId: doc.id, requirementCode, stage } });
}

const CN = {
  summary: { title: "Safe paths", summary: "Information centres", objectives: "Inform young people", durationMonths: "9" },
  domains: { jvapDomainCodes: "D1" },
  countries: { targetCountryCodes: ["SN", "ML"] },
  partners: {},
  indicative: { totalCost: "150000", requestedAmount: "120000" },
};

/** Starts, fills and submits a concept note, passes it at screening and preselects it. */
async function preselectedConceptNote(who: "a" | "b"): Promise<string> {
  const { id } = await startProposal(applicants[who], callId, orgs[who]);
  expect((await row(id)).content).toMatchObject({ stage: "CONCEPT_NOTE" });
  for (const [section, data] of Object.entries(CN)) await save(who, id, section, data);
  await attach(who, id, "CN_FORM", "CONCEPT_NOTE");
  expect(await proposalProblems(await loadProposalFor(applicants[who], id))).toEqual([]);

  const submitted = await submitProposal(applicants[who], id, await version(id));
  expect(submitted.state).toBe("submitted");
  expect(await decide(manager, id, "pass", "", await version(id))).toMatchObject({ state: "cn_evaluation" });
  expect(await applyTransition({ entity: "proposal", id, actor: manager, event: { type: "PRESELECT" }, expectedVersion: await version(id) })).toMatchObject({ state: "preselected" });
  return id;
}

const invite = async (id: string) =>
  applyTransition({ entity: "proposal", id, actor: manager, event: { type: "INVITE_FULL" }, expectedVersion: await version(id) });

/** Fills the full application's own sections and attaches its document. */
async function completeFull(who: "a" | "b", id: string) {
  await save(who, id, "logframe", {
    overallObjective: "Safer migration",
    specificObjectives: "Inform",
    results: "People informed",
    activities: "Centres",
    indicators: [{ description: "people informed", baseline: "0", target: "5000", source: "registers" }],
  });
  await save(who, id, "workplan", { activities: [{ name: "Training", months: ["1", "2"] }] });
  await save(who, id, "budget", { lines: [{ heading: "staff", description: "Coordinator", units: "9", unitCost: "20000" }], requestedAmount: "120000" });
  await attach(who, id, "STATUTES", "FULL_APPLICATION");
}

let idA = "";
let idB = "";
let cnSubmission: { content: unknown; documents: unknown; submittedAt: Date };

describe("restricted procedure", () => {
  it("a concept note submitted before its deadline is frozen, passes screening and is preselected", async () => {
    idA = await preselectedConceptNote("a");
    const p = await row(idA);
    expect(p.state).toBe("preselected");
    const sub = await t.prisma.proposalSubmission.findUniqueOrThrow({ where: { proposalId_stage: { proposalId: idA, stage: "CONCEPT_NOTE" } } });
    expect(sub.content).toMatchObject({ stage: "CONCEPT_NOTE", sections: { summary: { title: "Safe paths" }, indicative: { totalCostCents: 15_000_000, requestedAmountCents: 12_000_000 } } });
    expect(sub.documents).toEqual([expect.objectContaining({ requirementCode: "CN_FORM" })]);
    cnSubmission = { content: sub.content, documents: sub.documents, submittedAt: sub.submittedAt };
    expect(p.requestedAmountCents).toBe(12_000_000);
  });

  it("a proposal not invited cannot start the full application", async () => {
    idB = await preselectedConceptNote("b");
    const before = await row(idB);
    await expect(startFullApplication(applicants.b, idB, before.version)).rejects.toMatchObject({ code: "transition_refused", message: "proposals.full.notInvited" });
    const after = await row(idB);
    expect(after).toMatchObject({ state: "preselected", version: before.version, content: before.content });
    // Nor can its applicant invite themself.
    await expect(applyTransition({ entity: "proposal", id: idB, actor: applicants.b, event: { type: "INVITE_FULL" } })).rejects.toMatchObject({ code: "forbidden" });
    // Nor can another organisation start it.
    await expect(startFullApplication(applicants.a, idB, before.version)).rejects.toMatchObject({ code: "not_found" });
  });

  it("once invited, the full application starts from the concept note's content", async () => {
    // The concept-note deadline passes meanwhile: the full application has its own.
    await t.prisma.call.update({ where: { id: callId }, data: { conceptNoteDeadline: new Date(Date.now() - DAY), state: "closed" } });
    expect(await invite(idA)).toMatchObject({ state: "invited_full" });
    expect(proposalStage("invited_full", "RESTRICTED")).toBe("FULL_APPLICATION");
    // Not yet started: submitting the full application is refused.
    await expect(submitProposal(applicants.a, idA, await version(idA))).rejects.toMatchObject({ code: "transition_refused", message: "proposals.submit.startFullFirst" });

    const v = await version(idA);
    expect(await startFullApplication(applicants.a, idA, v)).toBe(v + 1);
    // Starting again changes nothing.
    expect(await startFullApplication(applicants.a, idA, v + 1)).toBe(v + 1);

    const p = await row(idA);
    const content = p.content as { stage: string; sections: Record<string, unknown>; conceptNote: Record<string, unknown> };
    const cn = (cnSubmission.content as { sections: Record<string, unknown> }).sections;
    expect(content.stage).toBe("FULL_APPLICATION");
    expect(content.sections.summary).toEqual({ title: "Safe paths", summary: "Information centres", objectives: "Inform young people", durationMonths: 9 });
    expect(content.sections.summary).toEqual(cn.summary);
    expect(content.sections.domains).toEqual(cn.domains);
    expect(content.sections.countries).toEqual({ targetCountryCodes: ["SN", "ML"] });
    expect(content.sections.partners).toEqual({ partners: [] });
    expect(content.sections.budget).toEqual({ lines: [], requestedAmountCents: 12_000_000 });
    expect(content.sections).not.toHaveProperty("indicative");
    expect(content.conceptNote).toEqual(cn);
    expect(await t.prisma.auditEvent.count({ where: { entityId: idA, action: "proposal_full_started" } })).toBe(1);

    // What the full application still needs: its own sections and documents, not the concept note's.
    const problems = await proposalProblems(await loadProposalFor(applicants.a, idA));
    expect(new Set(problems.map((x) => x.section))).toEqual(new Set(["logframe", "workplan", "budget", "documents"]));
    expect(problems.filter((x) => x.section === "documents").map((x) => x.field)).toEqual(["STATUTES"]);
  });

  it("editing the full application leaves the concept note's frozen submission unchanged", async () => {
    await save("a", idA, "summary", { title: "Safe paths, full", summary: "Information centres in three regions", objectives: "Inform young people", durationMonths: "9" });
    await completeFull("a", idA);
    expect(await proposalProblems(await loadProposalFor(applicants.a, idA))).toEqual([]);
    const p = await row(idA);
    expect(p.title).toBe("Safe paths, full");
    expect((p.content as { conceptNote: { summary: { title: string } } }).conceptNote.summary.title).toBe("Safe paths");
    const sub = await t.prisma.proposalSubmission.findUniqueOrThrow({ where: { proposalId_stage: { proposalId: idA, stage: "CONCEPT_NOTE" } } });
    expect({ content: sub.content, documents: sub.documents, submittedAt: sub.submittedAt }).toEqual(cnSubmission);
  });

  it("the full application is submitted before its deadline (SUBMIT_FULL), frozen as a second submission", async () => {
    const r = await submitProposal(applicants.a, idA, await version(idA));
    expect(r.state).toBe("full_submitted");
    const p = await row(idA);
    expect(p.state).toBe("full_submitted");
    expect(p.requestedAmountCents).toBe(12_000_000);
    expect(p.totalCostCents).toBe(18_000_000);
    const subs = await t.prisma.proposalSubmission.findMany({ where: { proposalId: idA }, orderBy: { submittedAt: "asc" } });
    expect(subs.map((s) => s.stage)).toEqual(["CONCEPT_NOTE", "FULL_APPLICATION"]);
    const full = subs[1]!;
    expect(full.content).toEqual(p.content);
    expect(full.content).toMatchObject({ stage: "FULL_APPLICATION", sections: { summary: { title: "Safe paths, full" } } });
    expect(full.documents).toEqual([expect.objectContaining({ requirementCode: "STATUTES", filename: "statutes.pdf" })]);
    expect({ content: subs[0]!.content, documents: subs[0]!.documents, submittedAt: subs[0]!.submittedAt }).toEqual(cnSubmission);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { entityId: idA, action: "SUBMIT_FULL" } });
    expect(audit).toMatchObject({ actorId: applicants.a.id, fromState: "invited_full", toState: "full_submitted" });
    // The full application cannot be edited any more.
    await expect(saveSection(applicants.a, idA, "summary", { title: "Changed" }, p.version)).rejects.toMatchObject({ code: "transition_refused" });
  });

  it("a full application posted after the full-application deadline is refused", async () => {
    expect(await invite(idB)).toMatchObject({ state: "invited_full" });
    await startFullApplication(applicants.b, idB, await version(idB));
    await completeFull("b", idB);
    expect(await proposalProblems(await loadProposalFor(applicants.b, idB))).toEqual([]);
    await t.prisma.call.update({ where: { id: callId }, data: { fullApplicationDeadline: new Date(Date.now() - 60_000) } });
    const before = await row(idB);
    await expect(submitProposal(applicants.b, idB, before.version)).rejects.toMatchObject({ code: "transition_refused", message: "proposals.submit.late" });
    expect(await row(idB)).toMatchObject({ state: "invited_full", version: before.version });
    expect(await t.prisma.proposalSubmission.findMany({ where: { proposalId: idB }, select: { stage: true } })).toEqual([{ stage: "CONCEPT_NOTE" }]);
    // Even through the machine directly, with a completeness claim.
    await expect(
      applyTransition({ entity: "proposal", id: idB, actor: applicants.b, event: { type: "SUBMIT_FULL", at: new Date().toISOString() }, context: { isComplete: true } }),
    ).rejects.toMatchObject({ code: "transition_refused" });
  });
});
