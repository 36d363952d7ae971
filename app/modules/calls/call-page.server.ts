// One call's public page: everything an applicant needs to decide whether to apply (what it
// funds, who may apply, money, procedure, deadlines, documents, grids, notices) and, for a
// signed-in applicant, whether their own organisations meet its rules. A fixed number of
// queries per page, whatever the call or the number of organisations.
import { z } from "zod";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { db } from "~/utils/db.server.ts";
import { referenceData } from "~/utils/reference-data.server.ts";
import { AppError } from "~/utils/errors.ts";
import { pick, translator, type Locale } from "~/utils/i18n.ts";
import { callStateLabel, firstDeadline, isPublicState, namer, type NamedCode } from "./catalogue.server.ts";
import {
  checkOrganisationEligibility,
  countryCodesIn,
  describeCallRules,
  localiseRuleParams,
  readLeadLocations,
  type CatalogueKey,
  type EligibilityRule,
  type LeadLocation,
  type RuleCode,
  type RuleKind,
  type RuleNames,
} from "./eligibility.ts";

// ------------------------------------------------------------------ stored JSON, read tolerantly

const Text = z.string().catch("");
const CriterionSchema = z.object({
  code: z.string(),
  nameEn: Text,
  nameFr: Text,
  max: z.number(),
  weight: z.number().catch(1).default(1),
});
const SectionSchema = z.object({
  code: z.string(),
  nameEn: Text,
  nameFr: Text,
  minimum: z.number().optional().catch(undefined),
  rejectIfAnyCriterionScores: z.number().optional().catch(undefined),
  criteria: z.array(CriterionSchema),
});
const GridSchema = z.object({
  max: z.number().optional().catch(undefined),
  passMark: z.number().optional().catch(undefined),
  sections: z.array(SectionSchema),
});
const DocumentsSchema = z.array(
  z.object({ code: z.string(), nameEn: Text, nameFr: Text, stage: z.string().catch(""), required: z.boolean().catch(true).default(true) }),
);
/** CallNotice.data of a deadline extension: { field, from, to }. */
const NoticeChangeSchema = z.object({ field: z.string().optional().catch(undefined), from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) });

export type Stage = "concept_note" | "full_application";

export interface GridView {
  stage: Stage;
  max: number;
  passMark: number | null;
  sections: {
    code: string;
    name: string;
    minimum: number | null;
    /** A score this low on any criterion of the section rejects the proposal. */
    rejectIfAny: number | null;
    total: number;
    criteria: { code: string; name: string; max: number; weight: number; points: number }[];
  }[];
}

function gridView(raw: unknown, stage: Stage, locale: Locale): GridView | null {
  const parsed = GridSchema.safeParse(raw);
  if (!parsed.success || parsed.data.sections.length === 0) return null;
  const sections = parsed.data.sections.map((s) => {
    const criteria = s.criteria.map((c) => ({ code: c.code, name: pick(c, "name", locale), max: c.max, weight: c.weight, points: c.max * c.weight }));
    return {
      code: s.code,
      name: pick(s, "name", locale),
      minimum: s.minimum ?? null,
      rejectIfAny: s.rejectIfAnyCriterionScores ?? null,
      total: criteria.reduce((sum, c) => sum + c.points, 0),
      criteria,
    };
  });
  const total = sections.reduce((sum, s) => sum + s.total, 0);
  return { stage, max: parsed.data.max ?? total, passMark: parsed.data.passMark ?? null, sections };
}

// ------------------------------------------------------------------ the page's data

/** A rule in words: a catalogue message key and its parameters, names already in the page's language. */
export interface RuleView {
  code: RuleCode;
  messageKey: CatalogueKey;
  params: Record<string, string | number>;
}

export interface EligibilityRuleView extends RuleView {
  kind: RuleKind;
  met: boolean;
}

export interface NoticeView {
  id: string;
  kind: "clarification" | "deadline_extension" | "other";
  text: string;
  /** ISO 8601. */
  createdAt: string;
  /** A deadline extension: the deadline before and after (ISO 8601). */
  change: { from: string; to: string } | null;
}

export interface DeadlineView {
  stage: Stage;
  /** ISO 8601, or null: not announced yet, or (full application of a restricted call) given with the invitation. */
  at: string | null;
  byInvitation: boolean;
}

export interface CallPage {
  id: string;
  reference: string;
  title: string;
  description: string;
  state: string;
  stateLabel: string;
  /** Staff see the state in their own words when previewing. */
  staffStateLabel: string;
  isPublic: boolean;
  procedure: "OPEN" | "RESTRICTED";
  dialogues: NamedCode[];
  jvapDomains: NamedCode[];
  /** The cross-cutting themes a project may serve instead of a JVAP domain (empty if the call allows none). */
  crossCuttingThemes: NamedCode[];
  cadizObjectives: NamedCode[];
  applicantTypes: NamedCode[];
  leadLocations: LeadLocation[];
  /** Who may apply, partnership and target-country rules, in words. */
  rules: RuleView[];
  totalBudgetCents: number;
  minGrantCents: number;
  maxGrantCents: number;
  maxCofinancingBp: number;
  maxIndirectCostBp: number;
  minDurationMonths: number;
  maxDurationMonths: number;
  timeZone: string;
  conceptNoteDeadline: string | null;
  fullApplicationDeadline: string | null;
  deadlines: DeadlineView[];
  requiredDocuments: { code: string; name: string; stage: string; required: boolean }[];
  grids: GridView[];
  /** Newest first. */
  notices: NoticeView[];
}

export interface OrganisationEligibility {
  organisationId: string;
  name: string;
  eligible: boolean;
  unmet: number;
  rules: EligibilityRuleView[];
}

/** What the "Am I eligible?" panel shows, by who is asking. */
export type EligibilityView =
  | { kind: "anonymous" }
  | { kind: "staff" }
  | { kind: "no_organisation" }
  | { kind: "organisations"; organisations: OrganisationEligibility[] };

const NOTICE_KINDS = ["clarification", "deadline_extension"] as const;

/**
 * One call as its public page shows it. Published, open and closed calls are public: anyone
 * may read them, signed in or not. Any other state exists only for actors who may read
 * every call (staff); for everyone else it is "not found", so drafts do not leak. The
 * eligibility check covers the actor's own organisations only.
 */
export async function getCallPage(actor: Actor | null, callId: string, locale: Locale): Promise<{ call: CallPage; eligibility: EligibilityView }> {
  const call = await db().call.findUnique({
    where: { id: callId },
    include: { notices: { orderBy: [{ createdAt: "desc" }, { id: "desc" }] } },
  });
  const isPublic = !!call && isPublicState(call.state);
  if (!call || (!isPublic && !can(actor, "call", "read", { published: false }))) {
    throw new AppError("not_found", "errors.notFound");
  }

  // Only those who may create proposals (applicants) get the check, for their own organisations.
  const checksOrganisations = !!actor && can(actor, "proposal", "create");
  const organisationIds = checksOrganisations ? actor.organisationIds : [];
  const named = { code: true, nameEn: true, nameFr: true } as const;
  const [{ jvapDomains: domains, dialogues, applicantTypes: types, countries: allCountries }, themes, objectives, organisations] = await Promise.all([
    referenceData(),
    call.crossCuttingAllowed ? db().crossCuttingTheme.findMany({ orderBy: { rank: "asc" }, select: named }) : Promise.resolve([]),
    call.cadizObjectiveCodes.length > 0 ? db().cadizObjective.findMany({ where: { code: { in: call.cadizObjectiveCodes } }, select: named }) : Promise.resolve([]),
    organisationIds.length > 0
      ? db().organisation.findMany({
          where: { id: { in: organisationIds } },
          select: { id: true, legalName: true, acronym: true, typeCode: true, countryCode: true },
          orderBy: { legalName: "asc" },
        })
      : Promise.resolve([]),
  ]);

  const callRules = describeCallRules(call);
  const countryCodes = [...new Set([...countryCodesIn(callRules), ...organisations.map((o) => o.countryCode)])];
  const wanted = new Set(countryCodes);
  const countries = allCountries.filter((c) => wanted.has(c.code));

  const t = translator(locale);
  const typeNames = namer(types, locale);
  const ruleNames: RuleNames = {
    applicantTypes: typeNames.names,
    countries: namer(countries, locale).names,
    locations: { AU: t("call.lead.AU"), EU: t("call.lead.EU") },
  };
  const inWords = <R extends { code: RuleCode; messageKey: CatalogueKey; params: EligibilityRule["params"] }>(rule: R) => ({
    ...rule,
    params: localiseRuleParams(rule.params, ruleNames, locale),
  });

  let eligibility: EligibilityView;
  if (!actor) eligibility = { kind: "anonymous" };
  else if (!checksOrganisations) eligibility = { kind: "staff" };
  else if (organisations.length === 0) eligibility = { kind: "no_organisation" };
  else {
    eligibility = {
      kind: "organisations",
      organisations: organisations.map((organisation) => {
        const result = checkOrganisationEligibility(call, organisation, countries);
        return {
          organisationId: organisation.id,
          name: organisation.acronym ? `${organisation.legalName} (${organisation.acronym})` : organisation.legalName,
          eligible: result.eligible,
          unmet: result.rules.filter((r) => r.kind === "requirement" && !r.met).length,
          rules: result.rules.map(inWords),
        };
      }),
    };
  }

  const documents = DocumentsSchema.safeParse(call.requiredDocuments);
  const restricted = call.procedure === "RESTRICTED";
  const conceptNoteDeadline = restricted ? (call.conceptNoteDeadline?.toISOString() ?? null) : null;
  const fullApplicationDeadline = (restricted ? call.fullApplicationDeadline : firstDeadline(call))?.toISOString() ?? null;
  const objectiveNames = namer(objectives, locale);

  return {
    eligibility,
    call: {
      id: call.id,
      reference: call.reference,
      title: pick(call, "title", locale),
      description: pick(call, "description", locale),
      state: call.state,
      stateLabel: callStateLabel(call.state, locale),
      staffStateLabel: callStateLabel(call.state, locale, "staff"),
      isPublic,
      procedure: call.procedure,
      dialogues: namer(dialogues, locale).list(call.dialogueCodes),
      jvapDomains: namer(domains, locale).list(call.jvapDomainCodes),
      crossCuttingThemes: namer(themes, locale).options(),
      cadizObjectives: objectiveNames.list(call.cadizObjectiveCodes),
      applicantTypes: typeNames.list(call.applicantTypeCodes),
      leadLocations: readLeadLocations(call.leadLocations),
      rules: callRules.map(inWords),
      totalBudgetCents: call.totalBudgetCents,
      minGrantCents: call.minGrantCents,
      maxGrantCents: call.maxGrantCents,
      maxCofinancingBp: call.maxCofinancingBp,
      maxIndirectCostBp: call.maxIndirectCostBp,
      minDurationMonths: call.minDurationMonths,
      maxDurationMonths: call.maxDurationMonths,
      timeZone: call.timeZone,
      conceptNoteDeadline,
      fullApplicationDeadline,
      deadlines: restricted
        ? [
            { stage: "concept_note", at: conceptNoteDeadline, byInvitation: false },
            { stage: "full_application", at: fullApplicationDeadline, byInvitation: fullApplicationDeadline === null },
          ]
        : [{ stage: "full_application", at: fullApplicationDeadline, byInvitation: false }],
      requiredDocuments: documents.success ? documents.data.map((d) => ({ code: d.code, name: pick(d, "name", locale), stage: d.stage.trim().toLowerCase(), required: d.required })) : [],
      grids: [restricted ? gridView(call.conceptNoteGrid, "concept_note", locale) : null, gridView(call.fullApplicationGrid, "full_application", locale)].filter((g): g is GridView => g !== null),
      notices: call.notices.map((n) => {
        const change = n.kind === "deadline_extension" ? NoticeChangeSchema.safeParse(n.data) : null;
        return {
          id: n.id,
          kind: (NOTICE_KINDS as readonly string[]).includes(n.kind) ? (n.kind as NoticeView["kind"]) : "other",
          text: pick(n, "text", locale),
          createdAt: n.createdAt.toISOString(),
          change: change?.success ? { from: change.data.from, to: change.data.to } : null,
        };
      }),
    },
  };
}
