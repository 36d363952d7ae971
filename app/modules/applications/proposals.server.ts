// Proposals as an applicant organisation sees them. Scoped by organisation: an actor gets
// the proposals of the organisations asked for only if it may list each one's proposals.
import { APPLICATION_STATE_LABELS, type ApplicationStateId } from "#workflows/application.machine.ts";
import { requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { byCode, referenceData } from "~/utils/reference-data.server.ts";
import { db } from "~/utils/db.server.ts";
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
  const [organisations, { applicantTypes, countries }] = await Promise.all([
    db().organisation.findMany({
      where: { id: { in: ids } },
      orderBy: { legalName: "asc" },
      select: {
        id: true,
        legalName: true,
        acronym: true,
        typeCode: true,
        countryCode: true,
        proposals: {
          where: { organisationId: { in: ids } },
          orderBy: { updatedAt: "desc" },
          // Only what the list shows: a proposal's sections can be long.
          select: {
            id: true,
            reference: true,
            title: true,
            state: true,
            requestedAmountCents: true,
            updatedAt: true,
            call: { select: { id: true, reference: true, titleEn: true, titleFr: true, state: true, procedure: true, conceptNoteDeadline: true, fullApplicationDeadline: true, timeZone: true } },
          },
        },
      },
    }),
    referenceData(),
  ]);
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
