// Proposals as an applicant organisation sees them. Scoped by organisation: an actor gets
// the proposals of the organisations asked for only if it may list each one's proposals.
import { APPLICATION_STATE_LABELS, type ApplicationStateId } from "#workflows/application.machine.ts";
import { requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { byCode, referenceData } from "~/utils/reference-data.server.ts";
import { Prisma, db } from "~/utils/db.server.ts";
import { pick, pickBilingual, type Locale } from "~/utils/i18n.ts";
import { firstDeadline, isPublicState } from "~/modules/calls/catalogue.server.ts";
import { problemsBySection } from "./completeness.ts";
import { contentOf, deadlineFor, isEditable, loadProposalFor, proposalProblems } from "./editor.server.ts";
import { sectionsFor, type ProblemSection } from "./proposal-schema.ts";

/** A proposal's state in the applicant's words, and what happens next. */
export function proposalStateLabel(state: string, locale: Locale, audience: "applicant" | "staff" = "applicant"): string {
  return pickBilingual(APPLICATION_STATE_LABELS[state as ApplicationStateId]?.[audience], locale, state);
}

export function proposalNextStep(state: string, locale: Locale): string {
  return pickBilingual(APPLICATION_STATE_LABELS[state as ApplicationStateId]?.next, locale);
}

export interface OrganisationProposalRow {
  id: string;
  reference: string;
  title: string;
  state: string;
  stateLabel: string;
  nextStep: string;
  requestedAmountCents: number;
  updatedAt: string;
  /** `isPublic`: whether the call's public page can be linked (closed calls stay readable; later states do not). */
  call: { id: string; reference: string; title: string; isPublic: boolean; deadline: string | null; timeZone: string };
}

export interface OrganisationWithProposals {
  id: string;
  legalName: string;
  acronym: string | null;
  typeName: string;
  countryName: string;
  proposals: OrganisationProposalRow[];
}

/** A row of the organisations × proposals join (proposal and call columns are null for an organisation without proposals). */
interface OrganisationProposalJoinRow {
  orgId: string;
  legalName: string;
  acronym: string | null;
  typeCode: string;
  countryCode: string;
  proposalId: string | null;
  reference: string | null;
  title: string | null;
  state: string | null;
  requestedAmountCents: number | null;
  updatedAt: Date | null;
  callId: string | null;
  callReference: string | null;
  titleEn: string | null;
  titleFr: string | null;
  callState: string | null;
  procedure: string | null;
  conceptNoteDeadline: Date | null;
  fullApplicationDeadline: Date | null;
  timeZone: string | null;
}

interface ProposalListRow {
  id: string;
  reference: string;
  title: string;
  state: string;
  requestedAmountCents: number;
  updatedAt: Date;
  call: { id: string; reference: string; titleEn: string; titleFr: string; state: string; procedure: string; conceptNoteDeadline: Date | null; fullApplicationDeadline: Date | null; timeZone: string };
}

/**
 * The organisations asked for, each with its proposals, newest change first. Throws 403 if
 * the actor may not list the proposals of any one of them (an applicant asking for another
 * organisation's), so a wrong id never quietly widens or narrows what is shown.
 */
export async function listOrganisationProposals(actor: Actor | null, organisationIds: readonly string[], locale: Locale): Promise<OrganisationWithProposals[]> {
  requirePermission(actor, "proposal", "list");
  const ids = [...new Set(organisationIds)];
  for (const organisationId of ids) requirePermission(actor, "proposal", "list", { organisationId });
  if (ids.length === 0) return [];
  // One statement: the organisations with their proposals and each proposal's call (only
  // what the list shows: a proposal's sections can be long).
  const [rows, { applicantTypes, countries }] = await Promise.all([
    db().$queryRaw<OrganisationProposalJoinRow[]>(Prisma.sql`
      SELECT o."id" AS "orgId", o."legalName", o."acronym", o."typeCode", o."countryCode",
             p."id" AS "proposalId", p."reference", p."title", p."state", p."requestedAmountCents", p."updatedAt",
             c."id" AS "callId", c."reference" AS "callReference", c."titleEn", c."titleFr", c."state" AS "callState", c."procedure"::text AS "procedure",
             c."conceptNoteDeadline", c."fullApplicationDeadline", c."timeZone"
      FROM "Organisation" o
      LEFT JOIN "Proposal" p ON p."organisationId" = o."id"
      LEFT JOIN "Call" c ON c."id" = p."callId"
      WHERE o."id" IN (${Prisma.join(ids)})
      ORDER BY o."legalName" ASC, o."id" ASC, p."updatedAt" DESC`),
    referenceData(),
  ]);
  const organisations: { id: string; legalName: string; acronym: string | null; typeCode: string; countryCode: string; proposals: ProposalListRow[] }[] = [];
  for (const r of rows) {
    let org = organisations[organisations.length - 1];
    if (org?.id !== r.orgId) {
      org = { id: r.orgId, legalName: r.legalName, acronym: r.acronym, typeCode: r.typeCode, countryCode: r.countryCode, proposals: [] };
      organisations.push(org);
    }
    if (r.proposalId === null || r.callId === null) continue;
    org.proposals.push({
      id: r.proposalId,
      reference: r.reference ?? "",
      title: r.title ?? "",
      state: r.state ?? "",
      requestedAmountCents: r.requestedAmountCents ?? 0,
      updatedAt: r.updatedAt ?? new Date(0),
      call: { id: r.callId, reference: r.callReference ?? "", titleEn: r.titleEn ?? "", titleFr: r.titleFr ?? "", state: r.callState ?? "", procedure: r.procedure ?? "", conceptNoteDeadline: r.conceptNoteDeadline, fullApplicationDeadline: r.fullApplicationDeadline, timeZone: r.timeZone ?? "" },
    });
  }
  const types = byCode(applicantTypes);
  const countryRows = byCode(countries);
  const nameOf = (row: { nameEn: string; nameFr: string } | undefined, code: string) => (row ? pick(row, "name", locale) : code);
  return organisations.map((org) => ({
    id: org.id,
    legalName: org.legalName,
    acronym: org.acronym,
    typeName: nameOf(types.get(org.typeCode), org.typeCode),
    countryName: nameOf(countryRows.get(org.countryCode), org.countryCode),
    proposals: org.proposals.map((p) => ({
      id: p.id,
      reference: p.reference,
      title: p.title,
      state: p.state,
      stateLabel: proposalStateLabel(p.state, locale),
      nextStep: proposalNextStep(p.state, locale),
      requestedAmountCents: p.requestedAmountCents,
      updatedAt: p.updatedAt.toISOString(),
      call: {
        id: p.call.id,
        reference: p.call.reference,
        title: pick(p.call, "title", locale),
        isPublic: isPublicState(p.call.state),
        deadline: firstDeadline(p.call)?.toISOString() ?? null,
        timeZone: p.call.timeZone,
      },
    })),
  }));
}

// ---------------------------------------------------------------- one proposal's pages

/** What every page of one proposal shows: who, which call, where it stands, what is left. */
export async function proposalHeader(actor: Actor | null, proposalId: string, locale: Locale) {
  const p = await loadProposalFor(actor, proposalId, "read");
  const content = contentOf(p);
  const problems = isEditable(p) ? await proposalProblems(p) : [];
  const counts = problemsBySection(problems);
  const sections = [...sectionsFor(content.stage), "documents"].map((key) => ({ key, problems: counts.get(key as ProblemSection) ?? 0 }));
  const deadline = deadlineFor(p);
  return {
    proposal: p,
    content,
    problems,
    view: {
      id: p.id,
      reference: p.reference,
      title: p.title,
      state: p.state,
      stateLabel: proposalStateLabel(p.state, locale),
      nextStep: proposalNextStep(p.state, locale),
      stage: content.stage,
      version: p.version,
      editable: isEditable(p),
      organisationId: p.organisationId,
      organisationName: p.organisation.legalName,
      submittedAt: p.submittedAt?.toISOString() ?? null,
      call: { id: p.call.id, reference: p.call.reference, title: pick(p.call, "title", locale), timeZone: p.call.timeZone, procedure: p.call.procedure },
      deadline: deadline?.toISOString() ?? null,
      sections,
      organisationProblems: counts.get("organisation") ?? 0,
    },
  };
}
