// Whether a call is complete and coherent enough to publish, checked as a unit. Each problem
// names the form field to fix (the edit page's anchors), an i18n key and its parameters, so
// that the overview can list them as links in the manager's language. Pure: the clock and
// the reference codes are passed in.
import type { CallDesignKey, StoredCall } from "./call-schema.ts";
import { readPartnershipRules, readRequiredDocuments, readTargetCountryRules } from "./call-schema.ts";
import { gridTotals, readGrid, type GridField } from "./grid.ts";
import { isTimeZone } from "~/utils/zoned-time.ts";

export interface CallProblem {
  /** The form field to fix, e.g. "minGrant" or "fullApplicationGrid.sections.0.criteria.2.max". */
  field: string;
  messageKey: CallDesignKey;
  params?: Record<string, string | number>;
}

/** Codes that exist in the reference tables; a set left out is not checked. */
export interface ReferenceCodes {
  dialogues?: ReadonlySet<string>;
  jvapDomains?: ReadonlySet<string>;
  cadizObjectives?: ReadonlySet<string>;
  applicantTypes?: ReadonlySet<string>;
  countries?: ReadonlySet<string>;
  /** Countries that are African Union member states. */
  auCountries?: ReadonlySet<string>;
}

const toTime = (d: Date | string | null): number | null => {
  if (d === null) return null;
  const t = (d instanceof Date ? d : new Date(d)).getTime();
  return Number.isNaN(t) ? null : t;
};

export function validateCall(call: StoredCall, now: Date, reference: ReferenceCodes = {}): CallProblem[] {
  const problems: CallProblem[] = [];
  const add = (field: string, messageKey: CallDesignKey, params?: CallProblem["params"]) => problems.push(params ? { field, messageKey, params } : { field, messageKey });
  const restricted = call.procedure === "RESTRICTED";

  // ---- basics
  if (!call.titleEn.trim()) add("titleEn", "callDesign.problem.titleEn");
  if (!call.titleFr.trim()) add("titleFr", "callDesign.problem.titleFr");
  if (!call.descriptionEn.trim()) add("descriptionEn", "callDesign.problem.descriptionEn");
  if (!call.descriptionFr.trim()) add("descriptionFr", "callDesign.problem.descriptionFr");

  // ---- scope
  const unknownCodes = (field: string, codes: readonly string[], known: ReadonlySet<string> | undefined) => {
    if (!known) return;
    for (const code of codes) if (!known.has(code)) add(field, "callDesign.problem.unknownCode", { code });
  };
  if (call.dialogueCodes.length === 0) add("dialogueCodes", "callDesign.problem.noDialogue");
  unknownCodes("dialogueCodes", call.dialogueCodes, reference.dialogues);
  if (call.jvapDomainCodes.length === 0 && !call.crossCuttingAllowed) add("jvapDomainCodes", "callDesign.problem.noDomain");
  unknownCodes("jvapDomainCodes", call.jvapDomainCodes, reference.jvapDomains);
  unknownCodes("cadizObjectiveCodes", call.cadizObjectiveCodes, reference.cadizObjectives);

  // ---- eligibility
  if (call.applicantTypeCodes.length === 0) add("applicantTypeCodes", "callDesign.problem.noApplicantType");
  unknownCodes("applicantTypeCodes", call.applicantTypeCodes, reference.applicantTypes);
  if (call.leadLocations.length === 0) add("leadLocations", "callDesign.problem.noLeadLocation");
  for (const location of call.leadLocations) if (location !== "AU" && location !== "EU") add("leadLocations", "callDesign.problem.unknownCode", { code: location });

  const target = readTargetCountryRules(call.targetCountryRules);
  if (target.maxCountries === undefined || target.maxCountries < 1) add("targetMaxCountries", "callDesign.problem.maxCountries");
  const minAu = target.minAuCountries ?? 0;
  if (minAu < 0) add("targetMinAuCountries", "callDesign.problem.minAuNegative");
  if (target.maxCountries !== undefined && target.maxCountries >= 1 && minAu > target.maxCountries) {
    add("targetMinAuCountries", "callDesign.problem.minAuAboveMax", { min: minAu, max: target.maxCountries });
  }
  if (target.allowedCountryCodes?.length) {
    unknownCodes("allowedCountryCodes", target.allowedCountryCodes, reference.countries);
    if (reference.auCountries) {
      const au = target.allowedCountryCodes.filter((c) => reference.auCountries!.has(c)).length;
      if (au < minAu) add("allowedCountryCodes", "callDesign.problem.allowedTooFewAu", { min: minAu, count: au });
    }
  }

  const partners = readPartnershipRules(call.partnershipRules);
  const maxCo = partners.maxCoApplicants;
  if (maxCo === undefined || maxCo < 0) add("maxCoApplicants", "callDesign.problem.maxCoApplicants");
  if (maxCo === 0 && !partners.allowAlone) add("allowAlone", "callDesign.problem.nobodyCanApply");
  if (partners.exactCoApplicants !== undefined) {
    const exact = partners.exactCoApplicants;
    if (exact < 1) add("exactCoApplicants", "callDesign.problem.exactTooLow");
    else if (maxCo !== undefined && exact > maxCo) add("exactCoApplicants", "callDesign.problem.exactAboveMax", { exact, max: maxCo });
    else if (maxCo !== undefined && exact < maxCo) add("exactCoApplicants", "callDesign.problem.exactBelowMax", { exact, max: maxCo });
  }
  if (partners.diasporaExempt && !partners.euLeadNeedsAuCoApplicant) add("diasporaExempt", "callDesign.problem.diasporaWithoutRule");
  if (partners.euLeadNeedsAuCoApplicant && call.leadLocations.includes("EU") && maxCo === 0) add("euLeadNeedsAuCoApplicant", "callDesign.problem.euLeadCannotComply");

  // ---- money
  if (call.totalBudgetCents <= 0) add("totalBudget", "callDesign.problem.totalBudget");
  if (call.minGrantCents <= 0) add("minGrant", "callDesign.problem.minGrant");
  if (call.maxGrantCents <= 0) add("maxGrant", "callDesign.problem.maxGrant");
  if (call.minGrantCents > 0 && call.maxGrantCents > 0 && call.minGrantCents > call.maxGrantCents) add("minGrant", "callDesign.problem.minAboveMax");
  if (call.maxGrantCents > 0 && call.totalBudgetCents > 0 && call.maxGrantCents > call.totalBudgetCents) add("maxGrant", "callDesign.problem.maxAboveTotal");
  if (call.maxCofinancingBp < 100 || call.maxCofinancingBp > 10_000) add("maxCofinancing", "callDesign.problem.cofinancingRange");
  if (call.maxIndirectCostBp < 0 || call.maxIndirectCostBp > 10_000) add("maxIndirectCost", "callDesign.problem.indirectRange");

  // ---- duration
  if (call.minDurationMonths < 1) add("minDurationMonths", "callDesign.problem.minDuration");
  if (call.maxDurationMonths < 1) add("maxDurationMonths", "callDesign.problem.maxDuration");
  else if (call.minDurationMonths >= 1 && call.minDurationMonths > call.maxDurationMonths) add("maxDurationMonths", "callDesign.problem.durationOrder");

  // ---- procedure and deadlines
  if (!isTimeZone(call.timeZone)) add("timeZone", "callDesign.problem.timeZone");
  const cn = toTime(call.conceptNoteDeadline);
  const full = toTime(call.fullApplicationDeadline);
  const nowTime = now.getTime();
  if (restricted) {
    if (cn === null) add("conceptNoteDeadline", "callDesign.problem.conceptNoteDeadline");
    else if (cn <= nowTime) add("conceptNoteDeadline", "callDesign.problem.deadlinePast");
    if (full === null) add("fullApplicationDeadline", "callDesign.problem.fullDeadlineRestricted");
    else if (full <= nowTime) add("fullApplicationDeadline", "callDesign.problem.deadlinePast");
    if (cn !== null && full !== null && cn >= full) add("fullApplicationDeadline", "callDesign.problem.deadlineOrder");
  } else {
    if (full === null) add("fullApplicationDeadline", "callDesign.problem.deadline");
    else if (full <= nowTime) add("fullApplicationDeadline", "callDesign.problem.deadlinePast");
  }

  // ---- required documents
  const documents = readRequiredDocuments(call.requiredDocuments);
  const seen = new Set<string>();
  documents.forEach((d, i) => {
    const path = `documents.${i}`;
    if (!d.code.trim()) add(`${path}.code`, "callDesign.problem.documentCode");
    else if (seen.has(`${d.stage}:${d.code.trim()}`)) add(`${path}.code`, "callDesign.problem.documentCodeDuplicate", { code: d.code });
    seen.add(`${d.stage}:${d.code.trim()}`);
    if (!d.nameEn.trim()) add(`${path}.nameEn`, "callDesign.problem.documentNameEn");
    if (!d.nameFr.trim()) add(`${path}.nameFr`, "callDesign.problem.documentNameFr");
    if (!restricted && d.stage === "CONCEPT_NOTE") add(`${path}.stage`, "callDesign.problem.documentStageOpen");
  });

  // ---- evaluation settings
  if (call.assessorsPerProposal < 1) add("assessorsPerProposal", "callDesign.problem.assessors");
  if (call.divergenceThresholdBp < 1 || call.divergenceThresholdBp > 10_000) add("divergenceThreshold", "callDesign.problem.divergence");
  if (restricted && call.shortlistBudgetMultipleBp < 10_000) add("shortlistBudgetMultiple", "callDesign.problem.shortlistMultiple");

  // ---- evaluation grids
  if (restricted) validateGrid("conceptNoteGrid", call.conceptNoteGrid, add);
  validateGrid("fullApplicationGrid", call.fullApplicationGrid, add);

  return problems;
}

type Add = (field: string, messageKey: CallDesignKey, params?: CallProblem["params"]) => void;

function validateGrid(field: GridField, json: unknown, add: Add): void {
  const grid = readGrid(json);
  if (!grid || grid.sections.length === 0) {
    add(field, field === "conceptNoteGrid" ? "callDesign.problem.conceptNoteGridMissing" : "callDesign.problem.fullGridMissing");
    return;
  }
  const totals = gridTotals(grid);
  const sectionCodes = new Set<string>();
  const criterionCodes = new Set<string>();
  grid.sections.forEach((section, i) => {
    const path = `${field}.sections.${i}`;
    const code = section.code.trim();
    if (!code) add(`${path}.code`, "callDesign.problem.sectionCode");
    else if (sectionCodes.has(code)) add(`${path}.code`, "callDesign.problem.sectionCodeDuplicate", { code });
    sectionCodes.add(code);
    if (!section.nameEn.trim()) add(`${path}.nameEn`, "callDesign.problem.sectionNameEn");
    if (!section.nameFr.trim()) add(`${path}.nameFr`, "callDesign.problem.sectionNameFr");
    if (section.criteria.length === 0) add(path, "callDesign.problem.sectionEmpty", { section: code || String(i + 1) });
    section.criteria.forEach((criterion, j) => {
      const cpath = `${path}.criteria.${j}`;
      const ccode = criterion.code.trim();
      if (!ccode) add(`${cpath}.code`, "callDesign.problem.criterionCode");
      else if (criterionCodes.has(ccode)) add(`${cpath}.code`, "callDesign.problem.criterionCodeDuplicate", { code: ccode });
      criterionCodes.add(ccode);
      const label = ccode || `${code || i + 1}/${j + 1}`;
      if (!criterion.nameEn.trim()) add(`${cpath}.nameEn`, "callDesign.problem.criterionNameEn", { criterion: label });
      if (!criterion.nameFr.trim()) add(`${cpath}.nameFr`, "callDesign.problem.criterionNameFr", { criterion: label });
      if (criterion.max < 1) add(`${cpath}.max`, "callDesign.problem.criterionMax", { criterion: label });
      if (criterion.weight < 1) add(`${cpath}.weight`, "callDesign.problem.criterionWeight", { criterion: label });
    });
    const sectionMax = totals.sections[i] ?? 0;
    if (section.minimum !== undefined) {
      if (section.minimum < 1) add(`${path}.minimum`, "callDesign.problem.sectionMinimumTooLow");
      else if (section.minimum > sectionMax) add(`${path}.minimum`, "callDesign.problem.sectionMinimumAboveMax", { minimum: section.minimum, max: sectionMax });
    }
    if (section.rejectIfAnyCriterionScores !== undefined) {
      const knockOut = section.rejectIfAnyCriterionScores;
      const lowestMax = section.criteria.length ? Math.min(...section.criteria.map((c) => c.max)) : null;
      if (knockOut < 1) add(`${path}.rejectIfAnyCriterionScores`, "callDesign.problem.knockOutTooLow");
      else if (lowestMax !== null && lowestMax >= 1 && knockOut >= lowestMax) {
        add(`${path}.rejectIfAnyCriterionScores`, "callDesign.problem.knockOutTooHigh", { score: knockOut, max: lowestMax });
      }
    }
  });
  if (grid.passMark !== undefined) {
    if (grid.passMark < 1) add(`${field}.passMark`, "callDesign.problem.passMarkTooLow");
    else if (grid.passMark > totals.total) add(`${field}.passMark`, "callDesign.problem.passMarkAboveMax", { passMark: grid.passMark, max: totals.total });
  }
  if (grid.max !== totals.total) add(field, "callDesign.problem.gridMaxMismatch", { stated: grid.max, computed: totals.total });
}
