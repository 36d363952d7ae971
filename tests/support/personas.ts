// The six people the authorisation tests act as, each with a live session cookie, and the
// records they may or may not reach: organisation A (a Senegalese CSO) with its proposal
// and document, organisation B (a diaspora organisation in France), an open and a draft call.
import { createSessionCookie } from "~/modules/auth/session.server.ts";
import type { Role } from "~/generated/prisma/enums.ts";
import type { Db } from "~/utils/db.server.ts";

export const PERSONAS = ["anonymous", "applicantA", "applicantB", "evaluator", "manager", "admin"] as const;
export type Persona = (typeof PERSONAS)[number];

export interface World {
  cookies: Record<Persona, string>;
  users: Record<Exclude<Persona, "anonymous">, { id: string; email: string }>;
  orgA: string;
  orgB: string;
  openCall: string;
  draftCall: string;
  /** A draft of organisation A. */
  proposalA: string;
  /** A proposal of organisation A already submitted. */
  submittedProposalA: string;
  documentA: string;
  /** A closed call under evaluation whose declaration the evaluator persona has signed. */
  evaluationCall: string;
  /** A proposal of organisation A in concept-note evaluation in that call. */
  evaluatedProposalA: string;
  /** The evaluator persona's evaluation of that proposal (assigned, not started). */
  evaluationA: string;
  /** A contracted proposal of A with its grant (in implementation), an interim report (draft) and a tranche. */
  grantA: string;
  reportA: string;
  trancheA: string;
}

/** A two-criterion grid (max 5 each, the first weighted x2: 15 points), pass mark 9. */
export const MATRIX_GRID = {
  max: 15,
  passMark: 9,
  sections: [
    {
      code: "1",
      nameEn: "Relevance",
      nameFr: "Pertinence",
      criteria: [
        { code: "1.1", nameEn: "Relevance to the call", nameFr: "Pertinence pour l’appel", max: 5, weight: 2 },
        { code: "1.2", nameEn: "Feasibility", nameFr: "Faisabilité", max: 5, weight: 1 },
      ],
    },
  ],
};

export async function buildWorld(prisma: Db): Promise<World> {
  const orgA = await prisma.organisation.create({ data: { legalName: "Association Teranga Migration", typeCode: "CSO", countryCode: "SN" } });
  const orgB = await prisma.organisation.create({ data: { legalName: "Diaspora Solidarité Sahel", typeCode: "DIASPORA", countryCode: "FR", originCountryCodes: ["ML"] } });
  const mk = async (persona: Exclude<Persona, "anonymous">, role: Role, organisationId?: string) => {
    const email = `${persona.toLowerCase()}@matrix.test`;
    const user = await prisma.user.create({ data: { email, name: persona, role, emailVerifiedAt: new Date() } });
    if (organisationId) await prisma.membership.create({ data: { userId: user.id, organisationId, role: "OWNER" } });
    return { id: user.id, email };
  };
  const users = {
    applicantA: await mk("applicantA", "APPLICANT", orgA.id),
    applicantB: await mk("applicantB", "APPLICANT", orgB.id),
    evaluator: await mk("evaluator", "EVALUATOR"),
    manager: await mk("manager", "GRANT_MANAGER"),
    admin: await mk("admin", "ADMIN"),
  };
  const cookies = { anonymous: "" } as Record<Persona, string>;
  for (const [persona, u] of Object.entries(users)) {
    cookies[persona as Persona] = (await createSessionCookie(u.id, { ipAddress: "127.0.0.1" })).split(";")[0]!;
  }
  const deadline = new Date(Date.now() + 30 * 86400_000);
  const openCall = await prisma.call.create({
    data: { reference: "MATRIX-OPEN", titleEn: "Open call", titleFr: "Appel ouvert", state: "open", publishedAt: new Date(), fullApplicationDeadline: deadline, applicantTypeCodes: ["CSO", "DIASPORA"], leadLocations: ["AU", "EU"] },
  });
  const draftCall = await prisma.call.create({ data: { reference: "MATRIX-DRAFT", titleEn: "Draft call", titleFr: "Appel brouillon" } });
  const proposalA = await prisma.proposal.create({ data: { reference: "MATRIX-P-1", callId: openCall.id, organisationId: orgA.id, title: "Proposal of A" } });
  const submittedProposalA = await prisma.proposal.create({
    data: { reference: "MATRIX-P-2", callId: openCall.id, organisationId: orgA.id, title: "Submitted proposal of A", state: "submitted", submittedAt: new Date() },
  });
  const documentA = await prisma.document.create({
    data: { storageKey: "documents/matrix-a.pdf", filename: "statutes.pdf", contentType: "application/pdf", sizeBytes: 10, organisationId: orgA.id, uploadedById: users.applicantA.id, kind: "statutes" },
  });
  const evaluationCall = await prisma.call.create({
    data: {
      reference: "MATRIX-EVAL",
      titleEn: "Call under evaluation",
      titleFr: "Appel en évaluation",
      procedure: "RESTRICTED",
      state: "under_evaluation",
      publishedAt: new Date(Date.now() - 90 * 86400_000),
      conceptNoteDeadline: new Date(Date.now() - 30 * 86400_000),
      fullApplicationDeadline: new Date(Date.now() + 60 * 86400_000),
      totalBudgetCents: 50_000_000,
      conceptNoteGrid: MATRIX_GRID,
      fullApplicationGrid: MATRIX_GRID,
    },
  });
  const evaluatedProposalA = await prisma.proposal.create({
    data: { reference: "MATRIX-P-3", callId: evaluationCall.id, organisationId: orgA.id, title: "Evaluated proposal of A", state: "cn_evaluation", submittedAt: new Date(Date.now() - 31 * 86400_000), requestedAmountCents: 10_000_000 },
  });
  await prisma.impartialityDeclaration.create({ data: { callId: evaluationCall.id, userId: users.evaluator.id, textVersion: "test", text: "I declare…" } });
  const evaluationA = await prisma.evaluation.create({
    data: { callId: evaluationCall.id, proposalId: evaluatedProposalA.id, stage: "CONCEPT_NOTE", assessorId: users.evaluator.id, assignmentReason: "test" },
  });
  const contractedProposalA = await prisma.proposal.create({
    data: { reference: "MATRIX-P-4", callId: evaluationCall.id, organisationId: orgA.id, title: "Funded project of A", state: "contracted", submittedAt: new Date(Date.now() - 31 * 86400_000), requestedAmountCents: 9_000_000 },
  });
  const start = new Date(Date.now() - 200 * 86400_000);
  const end = new Date(start.getTime() + 730 * 86400_000);
  const grantA = await prisma.grant.create({
    data: {
      reference: "MATRIX-G-1",
      proposalId: contractedProposalA.id,
      callId: evaluationCall.id,
      organisationId: orgA.id,
      title: "Funded project of A",
      amountCents: 9_000_000,
      totalEligibleCostsCents: 10_000_000,
      eligibleCostsShareBp: 9000,
      startDate: start,
      endDate: end,
      budget: [{ code: "1", label: "Staff", amountCents: 6_000_000 }, { code: "2", label: "Activities", amountCents: 4_000_000 }],
      logframe: { objectives: ["Safer migration"], results: ["Informed migrants"], indicators: [{ code: "I1", label: "People informed", unit: "people", baseline: 0, target: 1000 }] },
      state: "in_implementation",
      signedAt: start,
    },
  });
  const trancheA = await prisma.tranche.create({
    data: { grantId: grantA.id, number: 1, kind: "PREFINANCING", plannedAmountCents: 4_500_000, dependsOn: "SIGNATURE", dueAmountCents: 4_500_000, releasedAt: start },
  });
  const reportA = await prisma.report.create({
    data: { grantId: grantA.id, kind: "INTERIM", number: 1, periodStart: start, periodEnd: new Date(start.getTime() + 365 * 86400_000), dueDate: new Date(start.getTime() + 425 * 86400_000) },
  });
  return {
    cookies,
    users,
    orgA: orgA.id,
    orgB: orgB.id,
    openCall: openCall.id,
    draftCall: draftCall.id,
    proposalA: proposalA.id,
    submittedProposalA: submittedProposalA.id,
    documentA: documentA.id,
    evaluationCall: evaluationCall.id,
    evaluatedProposalA: evaluatedProposalA.id,
    evaluationA: evaluationA.id,
    grantA: grantA.id,
    reportA: reportA.id,
    trancheA: trancheA.id,
  };
}
