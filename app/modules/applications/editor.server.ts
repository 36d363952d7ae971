// The applicant's proposal: start it, save it section by section (optimistic lock: two
// members never overwrite each other silently), submit it (through the application machine),
// withdraw it, and in restricted calls turn an invited concept note into a full application.
// Every query is scoped by the actor's organisations: another organisation's proposal is
// "not found", whatever its id.
import { referenceData } from "~/utils/reference-data.server.ts";
import { z } from "zod";
import { APPLICATION_STATE_LABELS, type ApplicationStateId } from "#workflows/application.machine.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { checkOrganisationEligibility } from "~/modules/calls/eligibility.ts";
import { submissionDeadline } from "~/modules/calls/deadlines.server.ts";
import { queueEmail, deliverEmail } from "~/modules/notifications/email.server.ts";
import { db } from "~/utils/db.server.ts";
import { AppError, isAppError } from "~/utils/errors.ts";
import { formatDateTime } from "~/utils/format.ts";
import { applyTransition } from "~/utils/workflow.server.ts";
import { budgetTotalsOf, checkCompleteness, type CompletenessCall, type Problem, type RequiredDocumentRule } from "./completeness.ts";
import type { CountryMembership, PartyFacts } from "./partnership.ts";
import {
  isSectionKey,
  parseSection,
  readContent,
  sectionOf,
  type ProposalContent,
  type SchemaOptions,
  type SectionData,
  type SectionKey,
  type Stage,
} from "./proposal-schema.ts";

/** States in which the applicant edits: the draft, and the invitation to a full application. */
export const EDITABLE_STATES = ["draft", "invited_full"] as const;

interface Meta {
  ipAddress?: string | null;
  /** Where links in emails point (APP_URL or the request's origin). */
  origin?: string;
}

// ---------------------------------------------------------------- loading, always scoped

const proposalInclude = {
  call: true,
  organisation: true,
  partners: { include: { organisation: { select: { id: true, legalName: true, typeCode: true, countryCode: true } } } },
  documents: { include: { document: { select: { id: true, filename: true, status: true } } } },
} as const;

export type LoadedProposal = Prisma.ProposalGetPayload<{ include: typeof proposalInclude }>;

/**
 * The proposal if it belongs to one of the actor's organisations and the actor may `action`
 * it; otherwise "not found" (never a hint that the id exists).
 */
export async function loadProposalFor(actor: Actor | null, proposalId: string, action: "read" | "update" | "submit" | "withdraw" = "read"): Promise<LoadedProposal> {
  requirePermission(actor, "proposal", action);
  const proposal = await db().proposal.findFirst({ where: { id: proposalId, organisationId: { in: actor.organisationIds } }, include: proposalInclude });
  if (!proposal) throw new AppError("not_found", "errors.notFound");
  requirePermission(actor, "proposal", action, { organisationId: proposal.organisationId });
  return proposal;
}

export function initialStage(procedure: string): Stage {
  return procedure === "RESTRICTED" ? "CONCEPT_NOTE" : "FULL_APPLICATION";
}

export function contentOf(p: { content: unknown; call: { procedure: string } }): ProposalContent {
  return readContent(p.content, initialStage(p.call.procedure));
}

export function isEditable(p: { state: string; content: unknown; call: { procedure: string } }): boolean {
  if (p.state === "draft") return true;
  return p.state === "invited_full" && contentOf(p).stage === "FULL_APPLICATION";
}

const RequiredDocumentsSchema = z
  .array(z.object({ code: z.string(), nameEn: z.string().catch(""), nameFr: z.string().catch(""), stage: z.string().catch("FULL_APPLICATION"), required: z.boolean().catch(true).default(true) }))
  .catch([]);

export function requiredDocumentsOf(call: { requiredDocuments: unknown }): RequiredDocumentRule[] {
  return RequiredDocumentsSchema.parse(call.requiredDocuments ?? []);
}

/** The deadline that applies to the proposal now: the concept note's, the full application's or the one deadline. */
export function deadlineFor(p: { state: string; call: { procedure: string; conceptNoteDeadline: Date | null; fullApplicationDeadline: Date | null } }): Date | null {
  if (p.call.procedure === "RESTRICTED" && p.state === "invited_full") return p.call.fullApplicationDeadline;
  return submissionDeadline(p.call);
}

async function countryFacts(): Promise<Map<string, CountryMembership>> {
  const rows = (await referenceData()).countries;
  return new Map(rows.map((r) => [r.code, { auMember: r.auMember, euMember: r.euMember }]));
}

export async function schemaOptionsFor(call: LoadedProposal["call"]): Promise<SchemaOptions> {
  const [{ countries, applicantTypes: types }, orgs] = await Promise.all([referenceData(), db().organisation.findMany({ select: { id: true } })]);
  return {
    jvapDomainCodes: call.jvapDomainCodes,
    cadizObjectiveCodes: call.cadizObjectiveCodes,
    countryCodes: countries.map((c) => c.code),
    applicantTypeCodes: types.map((t) => t.code),
    organisationIds: orgs.map((o) => o.id),
    maxDurationMonths: call.maxDurationMonths,
  };
}

function completenessCall(call: LoadedProposal["call"]): CompletenessCall {
  return {
    jvapDomainCodes: call.jvapDomainCodes,
    crossCuttingAllowed: call.crossCuttingAllowed,
    cadizObjectiveCodes: call.cadizObjectiveCodes,
    minDurationMonths: call.minDurationMonths,
    maxDurationMonths: call.maxDurationMonths,
    partnershipRules: call.partnershipRules,
    targetCountryRules: call.targetCountryRules,
    requiredDocuments: requiredDocumentsOf(call),
    maxIndirectCostBp: call.maxIndirectCostBp,
    maxCofinancingBp: call.maxCofinancingBp,
    minGrantCents: call.minGrantCents,
    maxGrantCents: call.maxGrantCents,
  };
}

/** Every problem standing between this proposal and its submission. */
export async function proposalProblems(p: LoadedProposal): Promise<Problem[]> {
  const content = contentOf(p);
  const countries = await countryFacts();
  const eligibility = checkOrganisationEligibility(p.call, p.organisation, [...countries].map(([code, c]) => ({ code, ...c })));
  const partners = sectionOf(content, "partners").partners;
  const registered = await db().organisation.findMany({
    where: { id: { in: partners.flatMap((x) => (x.organisationId ? [x.organisationId] : [])) } },
    select: { id: true, typeCode: true, countryCode: true },
  });
  const coApplicants: PartyFacts[] = partners.map((x) => {
    const org = x.organisationId ? registered.find((r) => r.id === x.organisationId) : undefined;
    return org ? { typeCode: org.typeCode, countryCode: org.countryCode } : { typeCode: x.typeCode, countryCode: x.countryCode };
  });
  return checkCompleteness({
    call: completenessCall(p.call),
    content,
    lead: { typeCode: p.organisation.typeCode, countryCode: p.organisation.countryCode },
    leadEligible: eligibility.eligible,
    coApplicants,
    countries,
    documentCodes: p.documents.filter((d) => d.stage.toUpperCase() === content.stage && d.document.status !== "rejected").map((d) => d.requirementCode),
  });
}

// ---------------------------------------------------------------- start

/** Starts the organisation's proposal for an open call; "MMD-2026-01-0007". */
export async function startProposal(actor: Actor | null, callId: string, organisationId: string, meta: Meta = {}): Promise<{ id: string; reference: string }> {
  requirePermission(actor, "proposal", "create", { organisationId });
  const call = await db().call.findUnique({ where: { id: callId } });
  if (!call || call.state !== "open") throw new AppError("not_found", "proposals.start.callNotOpen");
  const deadline = submissionDeadline(call);
  if (deadline && deadline.getTime() < Date.now()) throw new AppError("transition_refused", "proposals.start.deadlinePassed");
  const organisation = await db().organisation.findUnique({ where: { id: organisationId } });
  if (!organisation) throw new AppError("not_found", "errors.notFound");
  const { countries } = await referenceData();
  if (!checkOrganisationEligibility(call, organisation, countries).eligible) throw new AppError("forbidden", "proposals.start.notEligible");

  const existing = await db().proposal.findFirst({ where: { callId, organisationId }, select: { id: true, reference: true } });
  if (existing) return existing;

  const content: ProposalContent = { stage: initialStage(call.procedure), sections: {} };
  for (let attempt = 0; attempt < 5; attempt++) {
    const count = await db().proposal.count({ where: { callId } });
    const reference = `${call.reference}-${String(count + 1 + attempt).padStart(4, "0")}`;
    try {
      return await db().$transaction(async (tx) => {
        // One proposal per organisation per call: checked again inside the transaction.
        const again = await tx.proposal.findFirst({ where: { callId, organisationId }, select: { id: true, reference: true } });
        if (again) return again;
        const created = await tx.proposal.create({
          data: { reference, callId, organisationId, title: "", content: content as unknown as Prisma.InputJsonValue, lastEditedById: actor.id },
          select: { id: true, reference: true },
        });
        await recordAudit({ actorId: actor.id, ipAddress: meta.ipAddress, action: "proposal_started", entityType: "proposal", entityId: created.id, toState: "draft", data: { reference, stage: content.stage } }, tx);
        return created;
      });
    } catch (error) {
      if ((error as { code?: string }).code === "P2002") continue; // the reference was taken meanwhile
      throw error;
    }
  }
  throw new AppError("unavailable", "proposals.start.tryAgain");
}

// ---------------------------------------------------------------- save one section

export type SaveResult =
  | { ok: true; version: number; savedAt: string }
  | { ok: false; fieldErrors: Record<string, string[]> };

/**
 * Saves one section of a draft. `expectedVersion` is the version the editor loaded or last
 * saved; if someone saved since, nothing is written and an AppError "conflict" says so.
 */
export async function saveSection(actor: Actor | null, proposalId: string, section: string, data: unknown, expectedVersion: number, meta: Meta = {}): Promise<SaveResult> {
  const p = await loadProposalFor(actor, proposalId, "update");
  requirePermission(actor, "proposal", "update", { organisationId: p.organisationId });
  if (!isEditable(p)) throw new AppError("transition_refused", "proposals.save.notEditable");
  const content = contentOf(p);
  if (!isSectionKey(section, content.stage)) throw new AppError("not_found", "errors.notFound");
  const parsed = parseSection(section, data, await schemaOptionsFor(p.call));
  if (!parsed.ok) return parsed;
  if (p.version !== expectedVersion) throw conflict(p);

  const sections = { ...content.sections, [section]: parsed.data };
  const next: ProposalContent = { ...content, sections };
  const now = new Date();
  const emails: string[] = [];
  const updated = await db().$transaction(async (tx) => {
    const { count } = await tx.proposal.updateMany({
      where: { id: p.id, version: expectedVersion, state: { in: [...EDITABLE_STATES] } },
      data: { ...denormalised(next, p), content: next as unknown as Prisma.InputJsonValue, version: { increment: 1 }, lastEditedById: actor!.id, updatedAt: now },
    });
    if (count === 0) return false;
    if (section === "partners") {
      const invited = await syncPartners(tx, p.id, (parsed.data as SectionData["partners"]).partners);
      emails.push(...(await inviteCoApplicants(tx, actor!, p, invited, meta.origin)));
    }
    await recordAudit({ actorId: actor!.id, ipAddress: meta.ipAddress, action: "proposal_section_saved", entityType: "proposal", entityId: p.id, data: { section, version: expectedVersion + 1 } }, tx);
    return true;
  });
  if (!updated) throw conflict(await loadProposalFor(actor, proposalId, "read"));
  for (const id of emails) await deliverEmail(id);
  return { ok: true, version: expectedVersion + 1, savedAt: now.toISOString() };
}

function conflict(p: { version: number; updatedAt: Date; lastEditedById: string | null }): AppError {
  return new AppError("conflict", "proposals.save.conflict", { currentVersion: p.version, changedAt: p.updatedAt.toISOString(), changedBy: p.lastEditedById });
}

/** The columns lists and staff pages read, kept in step with the content. */
function denormalised(content: ProposalContent, p: LoadedProposal): Prisma.ProposalUpdateManyMutationInput {
  const summary = sectionOf(content, "summary");
  const totals = budgetTotalsOf(p.call, content);
  const indicative = sectionOf(content, "indicative");
  return {
    title: summary.title,
    summary: summary.summary,
    durationMonths: summary.durationMonths,
    jvapDomainCodes: sectionOf(content, "domains").jvapDomainCodes,
    targetCountryCodes: sectionOf(content, "countries").targetCountryCodes,
    requestedAmountCents: content.stage === "CONCEPT_NOTE" ? (indicative.requestedAmountCents ?? 0) : (sectionOf(content, "budget").requestedAmountCents ?? 0),
    totalCostCents: content.stage === "CONCEPT_NOTE" ? (indicative.totalCostCents ?? 0) : (totals?.totalCents ?? 0),
  };
}

/** Replaces the proposal's partners; returns the addresses invited now that were not before. */
async function syncPartners(tx: Prisma.TransactionClient, proposalId: string, partners: SectionData["partners"]["partners"]): Promise<{ email: string; name: string }[]> {
  const before = new Set(
    (await tx.proposalPartner.findMany({ where: { proposalId, invitedEmail: { not: null } }, select: { invitedEmail: true } })).map((x) => x.invitedEmail!.toLowerCase()),
  );
  await tx.proposalPartner.deleteMany({ where: { proposalId } });
  const registered = await tx.organisation.findMany({ where: { id: { in: partners.flatMap((x) => (x.organisationId ? [x.organisationId] : [])) } } });
  for (const x of partners) {
    const org = x.organisationId ? registered.find((r) => r.id === x.organisationId) : undefined;
    await tx.proposalPartner.create({
      data: org
        ? { proposalId, organisationId: org.id, name: org.legalName, countryCode: org.countryCode, typeCode: org.typeCode }
        : { proposalId, invitedEmail: x.email, name: x.name, countryCode: x.countryCode, typeCode: x.typeCode },
    });
  }
  return partners.flatMap((x) => (!x.organisationId && x.email && !before.has(x.email.toLowerCase()) ? [{ email: x.email, name: x.name }] : []));
}

/**
 * A co-applicant that is not registered yet is told by email who named it and how to
 * register; queued in the save's transaction, sent after commit. Returns the message ids.
 */
async function inviteCoApplicants(
  tx: Prisma.TransactionClient,
  actor: Actor,
  p: { title: string; organisationId: string; call: { reference: string } },
  invited: { email: string }[],
  origin: string | undefined,
): Promise<string[]> {
  if (!invited.length) return [];
  const [inviter, lead] = await Promise.all([
    tx.user.findUnique({ where: { id: actor.id }, select: { name: true, locale: true } }),
    tx.organisation.findUnique({ where: { id: p.organisationId }, select: { legalName: true } }),
  ]);
  const link = new URL("/signup", origin ?? process.env.APP_URL ?? "http://localhost:3000").toString();
  const ids: string[] = [];
  for (const x of invited) {
    ids.push(
      await queueEmail(
        {
          to: x.email,
          template: "coApplicantInvitation",
          locale: inviter?.locale ?? "en",
          params: { inviter: inviter?.name ?? "", organisation: lead?.legalName ?? "", proposal: p.title || p.call.reference, call: p.call.reference, link },
        },
        tx,
      ),
    );
  }
  return ids;
}

// ---------------------------------------------------------------- submit

export interface SubmitResult {
  state: string;
  reference: string;
  submittedAt: string;
}

/**
 * Submits the draft (SUBMIT) or the full application of an invited concept note
 * (SUBMIT_FULL), at the server's clock. Refused, with every problem named, when incomplete;
 * refused when late, however it was posted. On success the content and the documents are
 * frozen in a ProposalSubmission and the submitter gets a receipt by email.
 */
export async function submitProposal(actor: Actor | null, proposalId: string, expectedVersion: number, meta: Meta = {}): Promise<SubmitResult> {
  const p = await loadProposalFor(actor, proposalId, "submit");
  const content = contentOf(p);
  const problems = await proposalProblems(p);
  const at = new Date();
  const eventType = p.state === "invited_full" ? "SUBMIT_FULL" : "SUBMIT";
  if (eventType === "SUBMIT_FULL" && content.stage !== "FULL_APPLICATION") throw new AppError("transition_refused", "proposals.submit.startFullFirst");
  const deadline = deadlineFor(p);
  const late = deadline !== null && at.getTime() > deadline.getTime();
  const stage = content.stage;
  const documents = p.documents
    .filter((d) => d.stage.toUpperCase() === stage)
    .map((d) => ({ documentId: d.documentId, requirementCode: d.requirementCode, filename: d.document.filename }));
  try {
    await applyTransition({
      entity: "proposal",
      id: p.id,
      actor,
      expectedVersion,
      ipAddress: meta.ipAddress,
      event: { type: eventType, at: at.toISOString() },
      context: { isComplete: problems.length === 0, problems: problems.map((x) => `${x.section}: ${x.messageKey}`) },
      extraData: { submittedAt: at, submittedContent: content as unknown as Prisma.InputJsonValue, lastEditedById: actor!.id },
    });
  } catch (error) {
    if (isAppError(error) && error.code === "transition_refused") {
      throw new AppError("transition_refused", late ? "proposals.submit.late" : problems.length > 0 ? "proposals.submit.incomplete" : "proposals.submit.refused", { problems, late });
    }
    if (isAppError(error) && error.code === "conflict") throw new AppError("conflict", "proposals.save.conflict");
    throw error;
  }
  // Frozen copy: what assessors and later stages see.
  await db().proposalSubmission.upsert({
    where: { proposalId_stage: { proposalId: p.id, stage } },
    create: { proposalId: p.id, stage, content: content as unknown as Prisma.InputJsonValue, documents: documents as unknown as Prisma.InputJsonValue, submittedById: actor!.id, submittedAt: at },
    update: {},
  });
  const user = await db().user.findUnique({ where: { id: actor!.id }, select: { email: true, name: true, locale: true } });
  if (user) {
    try {
      const id = await queueEmail({
        to: user.email,
        template: "proposalSubmitted",
        locale: user.locale,
        params: { name: user.name, reference: p.reference, title: sectionOf(content, "summary").title, submittedAt: formatDateTime(at, user.locale, p.call.timeZone) },
      });
      await deliverEmail(id);
    } catch (error) {
      console.error(`receipt email for proposal ${p.id} failed`, error);
    }
  }
  const after = await db().proposal.findUniqueOrThrow({ where: { id: p.id }, select: { state: true } });
  return { state: after.state, reference: p.reference, submittedAt: at.toISOString() };
}

// ---------------------------------------------------------------- withdraw, full application

export async function withdrawProposal(actor: Actor | null, proposalId: string, expectedVersion: number, reason: string, meta: Meta = {}): Promise<string> {
  const p = await loadProposalFor(actor, proposalId, "withdraw");
  const result = await applyTransition({
    entity: "proposal",
    id: p.id,
    actor,
    expectedVersion,
    ipAddress: meta.ipAddress,
    event: { type: "WITHDRAW", ...(reason.trim() ? { reason: reason.trim() } : {}) },
  });
  return result.state;
}

/**
 * Restricted calls: once invited, the concept note's answers are copied into the full form
 * (the indicative amount becomes the requested amount); the concept note itself stays as
 * submitted in its ProposalSubmission and under `conceptNote`.
 */
export async function startFullApplication(actor: Actor | null, proposalId: string, expectedVersion: number, meta: Meta = {}): Promise<number> {
  const p = await loadProposalFor(actor, proposalId, "update");
  if (p.state !== "invited_full") throw new AppError("transition_refused", "proposals.full.notInvited");
  const content = contentOf(p);
  if (content.stage === "FULL_APPLICATION") return p.version;
  if (p.version !== expectedVersion) throw conflict(p);
  const cn = content.sections;
  const next: ProposalContent = {
    stage: "FULL_APPLICATION",
    conceptNote: cn,
    sections: {
      ...(cn.summary ? { summary: cn.summary } : {}),
      ...(cn.domains ? { domains: cn.domains } : {}),
      ...(cn.countries ? { countries: cn.countries } : {}),
      ...(cn.partners ? { partners: cn.partners } : {}),
      budget: { lines: [], requestedAmountCents: cn.indicative?.requestedAmountCents ?? null },
    },
  };
  const ok = await db().$transaction(async (tx) => {
    const { count } = await tx.proposal.updateMany({
      where: { id: p.id, version: expectedVersion, state: "invited_full" },
      data: { content: next as unknown as Prisma.InputJsonValue, version: { increment: 1 }, lastEditedById: actor!.id },
    });
    if (count === 0) return false;
    await recordAudit({ actorId: actor!.id, ipAddress: meta.ipAddress, action: "proposal_full_started", entityType: "proposal", entityId: p.id, data: { version: expectedVersion + 1 } }, tx);
    return true;
  });
  if (!ok) throw conflict(p);
  return expectedVersion + 1;
}

/** The applicant's words for a state (re-exported for the pages). */
export function stateWords(state: string) {
  return APPLICATION_STATE_LABELS[state as ApplicationStateId];
}

export type { Problem, SectionKey };
