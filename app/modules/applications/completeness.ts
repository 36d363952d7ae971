// Is a proposal ready to submit? The whole proposal against its call: every problem, with the
// section of the form to go to, the field, a message key of the proposals catalogue area and
// its parameters. Pure: the caller loads the call, the content, the parties' facts and the
// documents attached for the stage.
import { checkBudget, computeBudget, type BudgetRules, type BudgetTotals } from "./budget.ts";
import { checkPartnership, type CountryMembership, type PartyFacts } from "./partnership.ts";
import { sectionOf, type ProblemSection, type ProposalContent, type Stage } from "./proposal-schema.ts";

export interface Problem {
  section: ProblemSection;
  field: string;
  messageKey: string;
  params: Record<string, string | number>;
}

export interface RequiredDocumentRule {
  code: string;
  nameEn: string;
  nameFr: string;
  stage: string;
  required: boolean;
}

export interface CompletenessCall extends BudgetRules {
  jvapDomainCodes: readonly string[];
  crossCuttingAllowed: boolean;
  cadizObjectiveCodes: readonly string[];
  minDurationMonths: number;
  maxDurationMonths: number;
  partnershipRules: unknown;
  targetCountryRules: unknown;
  requiredDocuments: readonly RequiredDocumentRule[];
}

export interface CompletenessInput {
  call: CompletenessCall;
  content: ProposalContent;
  lead: PartyFacts;
  /** Whether the lead organisation meets the call's requirements (type, where registered). */
  leadEligible: boolean;
  /** The co-applicants' facts, resolved from the registered organisation or as typed. */
  coApplicants: readonly PartyFacts[];
  countries: ReadonlyMap<string, CountryMembership>;
  /** Requirement codes of the documents attached for this stage. */
  documentCodes: readonly string[];
}

export function documentStageOf(stage: string): Stage {
  return stage.trim().toUpperCase() === "CONCEPT_NOTE" ? "CONCEPT_NOTE" : "FULL_APPLICATION";
}

/** The required documents of a stage that are not attached yet. */
export function missingDocuments(call: Pick<CompletenessCall, "requiredDocuments">, stage: Stage, documentCodes: readonly string[]): RequiredDocumentRule[] {
  return call.requiredDocuments.filter((d) => d.required && documentStageOf(d.stage) === stage && !documentCodes.includes(d.code));
}

/** The budget's totals for either form (the concept note has only an indicative total). */
export function budgetTotalsOf(call: BudgetRules, content: ProposalContent): BudgetTotals | null {
  if (content.stage === "CONCEPT_NOTE") return null;
  const b = sectionOf(content, "budget");
  try {
    return computeBudget(b.lines, b.requestedAmountCents ?? 0, call);
  } catch {
    return null;
  }
}

export function checkCompleteness(input: CompletenessInput): Problem[] {
  const { call, content } = input;
  const problems: Problem[] = [];
  const add = (section: ProblemSection, field: string, messageKey: string, params: Problem["params"] = {}) => problems.push({ section, field, messageKey, params });
  const full = content.stage === "FULL_APPLICATION";

  if (!input.leadEligible) add("organisation", "organisation", "proposals.problem.organisationNotEligible");

  // Summary and objectives, and the duration.
  const summary = sectionOf(content, "summary");
  if (summary.title === "") add("summary", "title", "proposals.problem.required.title");
  if (summary.summary === "") add("summary", "summary", "proposals.problem.required.summary");
  if (summary.objectives === "") add("summary", "objectives", "proposals.problem.required.objectives");
  if (summary.durationMonths === null) add("summary", "durationMonths", "proposals.problem.required.duration");
  else if (summary.durationMonths < call.minDurationMonths || summary.durationMonths > call.maxDurationMonths) {
    add("summary", "durationMonths", "proposals.problem.durationRange", { min: call.minDurationMonths, max: call.maxDurationMonths });
  }

  // Domains: at least one of the call's JVAP domains (a cross-cutting theme is enough where
  // the call allows it, but themes are not chosen in this form yet); Cadiz objectives if the
  // call uses them.
  const domains = sectionOf(content, "domains");
  const inCall = domains.jvapDomainCodes.filter((c) => call.jvapDomainCodes.includes(c));
  if (inCall.length === 0) add("domains", "jvapDomainCodes", "proposals.problem.required.domains");
  if (inCall.length !== domains.jvapDomainCodes.length) add("domains", "jvapDomainCodes", "proposals.problem.domainNotInCall");
  if (call.cadizObjectiveCodes.length > 0 && !domains.cadizObjectiveCodes.some((c) => call.cadizObjectiveCodes.includes(c))) {
    add("domains", "cadizObjectiveCodes", "proposals.problem.required.cadiz");
  }

  // Partnership and target countries.
  const countries = sectionOf(content, "countries");
  for (const p of checkPartnership({
    partnershipRules: call.partnershipRules,
    targetCountryRules: call.targetCountryRules,
    lead: input.lead,
    coApplicants: input.coApplicants,
    targetCountryCodes: countries.targetCountryCodes,
    countries: input.countries,
  })) {
    add(p.section, p.field, p.messageKey, p.params);
  }

  if (full) {
    const lf = sectionOf(content, "logframe");
    if (lf.overallObjective === "") add("logframe", "overallObjective", "proposals.problem.required.overallObjective");
    if (lf.specificObjectives === "") add("logframe", "specificObjectives", "proposals.problem.required.specificObjectives");
    if (lf.results === "") add("logframe", "results", "proposals.problem.required.results");
    if (lf.activities === "") add("logframe", "activities", "proposals.problem.required.activities");
    if (lf.indicators.length === 0) add("logframe", "indicators", "proposals.problem.required.indicators");
    lf.indicators.forEach((ind, i) => {
      if (ind.description === "" || ind.baseline === "" || ind.target === "" || ind.source === "") add("logframe", `indicators.${i}`, "proposals.problem.indicatorIncomplete", { row: i + 1 });
    });

    const wp = sectionOf(content, "workplan");
    if (wp.activities.length === 0) add("workplan", "activities", "proposals.problem.required.workplan");
    wp.activities.forEach((a, i) => {
      if (a.months.length === 0) add("workplan", `activities.${i}.months`, "proposals.problem.activityNoMonths", { row: i + 1 });
      else if (summary.durationMonths !== null && a.months.some((m) => m > summary.durationMonths!)) {
        add("workplan", `activities.${i}.months`, "proposals.problem.activityAfterEnd", { row: i + 1, months: summary.durationMonths });
      }
    });

    const budget = sectionOf(content, "budget");
    for (const p of checkBudget(budget.lines, budget.requestedAmountCents, call).problems) add("budget", p.field, p.messageKey, p.params);
  } else {
    const ind = sectionOf(content, "indicative");
    if (!ind.totalCostCents) add("indicative", "totalCost", "proposals.problem.required.totalCost");
    if (!ind.requestedAmountCents) add("indicative", "requestedAmount", "proposals.budget.problem.requestedMissing");
    else {
      if (ind.totalCostCents && ind.requestedAmountCents > ind.totalCostCents) {
        add("indicative", "requestedAmount", "proposals.budget.problem.requestedAboveTotal", { requested: ind.requestedAmountCents, total: ind.totalCostCents });
      } else if (ind.totalCostCents && BigInt(ind.requestedAmountCents) * 10_000n > BigInt(ind.totalCostCents) * BigInt(call.maxCofinancingBp)) {
        add("indicative", "requestedAmount", "proposals.budget.problem.shareTooHigh", {
          share: Number((BigInt(ind.requestedAmountCents) * 10_000n + BigInt(ind.totalCostCents) - 1n) / BigInt(ind.totalCostCents)),
          maxBp: call.maxCofinancingBp,
          max: Number((BigInt(ind.totalCostCents) * BigInt(call.maxCofinancingBp)) / 10_000n),
        });
      }
      if (call.minGrantCents > 0 && ind.requestedAmountCents < call.minGrantCents) add("indicative", "requestedAmount", "proposals.budget.problem.belowMinGrant", { requested: ind.requestedAmountCents, min: call.minGrantCents });
      if (call.maxGrantCents > 0 && ind.requestedAmountCents > call.maxGrantCents) add("indicative", "requestedAmount", "proposals.budget.problem.aboveMaxGrant", { requested: ind.requestedAmountCents, max: call.maxGrantCents });
    }
  }

  for (const d of missingDocuments(call, content.stage, input.documentCodes)) {
    add("documents", d.code, "proposals.problem.missingDocument", { code: d.code, nameEn: d.nameEn, nameFr: d.nameFr });
  }
  return problems;
}

/** Per section: how many problems, for the progress indicator. */
export function problemsBySection(problems: readonly Problem[]): Map<ProblemSection, number> {
  const counts = new Map<ProblemSection, number>();
  for (const p of problems) counts.set(p.section, (counts.get(p.section) ?? 0) + 1);
  return counts;
}
