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
}

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
  return { cookies, users, orgA: orgA.id, orgB: orgB.id, openCall: openCall.id, draftCall: draftCall.id, proposalA: proposalA.id, submittedProposalA: submittedProposalA.id, documentA: documentA.id };
}
