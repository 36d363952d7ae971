// The call form: its field names, the values it shows (strings, so that nothing typed is
// lost when a save fails), and the zod schema the form and the server share. The schema
// refuses only what cannot be read (a malformed amount, a date that does not exist, text
// that is too long) with a field-level message; whether the call is complete and coherent
// is `validateCall`'s job (validation.ts), so that a draft can be saved at any point.
// Pure: no I/O; used on the server and in the browser. Messages are i18n keys.
import { z } from "zod";
import { versionField } from "~/utils/version-field.ts";
import type { callDesignEn } from "~/locales/areas/callDesign.ts";
import { isTimeZone, instantToLocalString, localToInstant, parseLocalDateTime } from "~/utils/zoned-time.ts";
import {
  GRID_FIELDS,
  nextCriterionCode,
  nextSectionCode,
  readGrid,
  withComputedMax,
  type GridDefinition,
  type GridField,
  type GridSection,
} from "./grid.ts";

export type CallDesignKey = keyof typeof callDesignEn;
const k = <K extends CallDesignKey>(key: K) => key;

export const DEFAULT_TIME_ZONE = "Europe/Vienna";
export const PROCEDURES = ["OPEN", "RESTRICTED"] as const;
export type ProcedureCode = (typeof PROCEDURES)[number];
export const LEAD_LOCATIONS = ["AU", "EU"] as const;
export type LeadLocation = (typeof LEAD_LOCATIONS)[number];
export const DOCUMENT_STAGES = ["CONCEPT_NOTE", "FULL_APPLICATION"] as const;
export type DocumentStage = (typeof DOCUMENT_STAGES)[number];

/** Money columns are PostgreSQL integers: at most 2,147,483,647 cents (EUR 21,474,836.47). */
export const MAX_CENTS = 2_147_483_647;
export const MAX_DOCUMENTS = 50;
export const MAX_SECTIONS = 20;
export const MAX_CRITERIA = 30;

// ---------------------------------------------------------------- stored JSON shapes

/** Call.targetCountryRules */
export interface TargetCountryRules {
  maxCountries?: number;
  minAuCountries?: number;
  allowedCountryCodes?: string[];
}

/** Call.partnershipRules */
export interface PartnershipRules {
  allowAlone: boolean;
  maxCoApplicants?: number;
  exactCoApplicants?: number;
  euLeadNeedsAuCoApplicant: boolean;
  diasporaExempt: boolean;
}

/** One entry of Call.requiredDocuments */
export interface RequiredDocument {
  code: string;
  nameEn: string;
  nameFr: string;
  stage: DocumentStage;
  required: boolean;
}

const lenientInt = z.number().int().optional().catch(undefined);
const lenientText = z.string().catch("");

export function readTargetCountryRules(json: unknown): TargetCountryRules {
  const parsed = z
    .object({ maxCountries: lenientInt, minAuCountries: lenientInt, allowedCountryCodes: z.array(z.string()).optional().catch(undefined) })
    .catch({ maxCountries: undefined, minAuCountries: undefined, allowedCountryCodes: undefined })
    .parse(json ?? {});
  const rules: TargetCountryRules = {};
  if (parsed.maxCountries !== undefined) rules.maxCountries = parsed.maxCountries;
  if (parsed.minAuCountries !== undefined) rules.minAuCountries = parsed.minAuCountries;
  if (parsed.allowedCountryCodes?.length) rules.allowedCountryCodes = parsed.allowedCountryCodes;
  return rules;
}

export function readPartnershipRules(json: unknown): PartnershipRules {
  const bool = z.boolean().catch(false);
  const parsed = z
    .object({ allowAlone: z.boolean().catch(true).default(true), maxCoApplicants: lenientInt, exactCoApplicants: lenientInt, euLeadNeedsAuCoApplicant: bool.default(false), diasporaExempt: bool.default(false) })
    .catch({ allowAlone: true, maxCoApplicants: undefined, exactCoApplicants: undefined, euLeadNeedsAuCoApplicant: false, diasporaExempt: false })
    .parse(json ?? {});
  const rules: PartnershipRules = { allowAlone: parsed.allowAlone, euLeadNeedsAuCoApplicant: parsed.euLeadNeedsAuCoApplicant, diasporaExempt: parsed.diasporaExempt };
  if (parsed.maxCoApplicants !== undefined) rules.maxCoApplicants = parsed.maxCoApplicants;
  if (parsed.exactCoApplicants !== undefined) rules.exactCoApplicants = parsed.exactCoApplicants;
  return rules;
}

export function readRequiredDocuments(json: unknown): RequiredDocument[] {
  const parsed = z
    .array(
      z.object({
        code: lenientText,
        nameEn: lenientText,
        nameFr: lenientText,
        stage: z.string().catch("FULL_APPLICATION"),
        required: z.boolean().catch(true).default(true),
      }),
    )
    .catch([])
    .parse(json ?? []);
  return parsed.map((d) => ({ ...d, stage: d.stage.trim().toUpperCase() === "CONCEPT_NOTE" ? "CONCEPT_NOTE" : "FULL_APPLICATION" }));
}

/** The fields of a stored call that the form and the validation read. */
export interface StoredCall {
  titleEn: string;
  titleFr: string;
  descriptionEn: string;
  descriptionFr: string;
  procedure: string;
  dialogueCodes: string[];
  jvapDomainCodes: string[];
  crossCuttingAllowed: boolean;
  cadizObjectiveCodes: string[];
  applicantTypeCodes: string[];
  leadLocations: string[];
  targetCountryRules: unknown;
  partnershipRules: unknown;
  totalBudgetCents: number;
  minGrantCents: number;
  maxGrantCents: number;
  maxCofinancingBp: number;
  maxIndirectCostBp: number;
  minDurationMonths: number;
  maxDurationMonths: number;
  timeZone: string;
  conceptNoteDeadline: Date | string | null;
  fullApplicationDeadline: Date | string | null;
  requiredDocuments: unknown;
  conceptNoteGrid: unknown;
  fullApplicationGrid: unknown;
  assessorsPerProposal: number;
  divergenceThresholdBp: number;
  shortlistBudgetMultipleBp: number;
  blindReview: boolean;
}

// ---------------------------------------------------------------- numbers people type

export type NumberResult = { ok: true; value: number | null } | { ok: false; error: CallDesignKey };

const GROUPING = /[\s\u00a0\u202f'’]/;

/**
 * Reads a non-negative decimal number as an integer scaled by 10^decimals, accepting the ways
 * people write numbers in English and French: "150,000.50", "150 000,50", "150.000,50",
 * "150000", "12,5". A single separator followed by exactly three digits is a thousands
 * separator ("12,345" is twelve thousand); groups after the first must have three digits.
 * Empty text is null (not given). `strip` removes a unit such as "€", "EUR" or "%". Without
 * `grouping` (small numbers: shares, multiples) a single "." or "," is always the decimal one.
 */
export function parseScaledDecimal(text: string, decimals: number, strip: RegExp | null = null, grouping = true): NumberResult {
  let s = text.normalize("NFKC").trim();
  if (strip) s = s.replace(strip, "").trim();
  if (s === "") return { ok: true, value: null };
  if (/^[-−‐]/.test(s)) return { ok: false, error: k("callDesign.error.negative") };
  s = s.replace(/^\+/, "");
  if (!/^[0-9.,\s\u00a0\u202f'’]+$/.test(s) || !/[0-9]/.test(s)) return { ok: false, error: k("callDesign.error.numberFormat") };
  const dots = s.split(".").length - 1;
  const commas = s.split(",").length - 1;
  let decimalSeparator: "." | "," | null = null;
  if (dots > 0 && commas > 0) {
    decimalSeparator = s.lastIndexOf(".") > s.lastIndexOf(",") ? "." : ",";
    if ((decimalSeparator === "." ? dots : commas) !== 1) return { ok: false, error: k("callDesign.error.numberFormat") };
  } else if (dots + commas === 1) {
    const separator = dots === 1 ? "." : ",";
    const after = s.slice(s.indexOf(separator) + 1);
    const before = s.slice(0, s.indexOf(separator));
    decimalSeparator = grouping && /^\d{3}$/.test(after) && /\d$/.test(before) ? null : separator;
  }
  const cut = decimalSeparator ? s.lastIndexOf(decimalSeparator) : -1;
  const integerPart = cut >= 0 ? s.slice(0, cut) : s;
  const fraction = cut >= 0 ? s.slice(cut + 1) : "";
  if (!/^\d*$/.test(fraction)) return { ok: false, error: k("callDesign.error.numberFormat") };
  if (fraction.length > decimals) return { ok: false, error: decimals === 0 ? k("callDesign.error.wholeNumber") : k("callDesign.error.tooManyDecimals") };
  const groupSplit = new RegExp(`[.,]|${GROUPING.source}`);
  const groups = integerPart === "" ? ["0"] : integerPart.split(groupSplit);
  const [first, ...rest] = groups;
  const wellGrouped = rest.length === 0 ? /^\d+$/.test(first ?? "") : /^\d{1,3}$/.test(first ?? "") && rest.every((g) => /^\d{3}$/.test(g));
  if (!wellGrouped) return { ok: false, error: k("callDesign.error.numberFormat") };
  const digits = groups.join("").replace(/^0+(?=\d)/, "");
  if (digits.length > 15) return { ok: false, error: k("callDesign.error.numberTooLarge") };
  const value = Number(digits) * 10 ** decimals + Number(fraction.padEnd(decimals, "0") || "0");
  if (!Number.isSafeInteger(value)) return { ok: false, error: k("callDesign.error.numberTooLarge") };
  return { ok: true, value };
}

/** EUR typed by a person → integer cents ("150,000.50" → 15000050). */
export function parseMoney(text: string): NumberResult {
  const r = parseScaledDecimal(text, 2, /^(€|eur)\s*|\s*(€|eur)$/gi);
  if (r.ok && r.value !== null && r.value > MAX_CENTS) return { ok: false, error: k("callDesign.error.amountTooLarge") };
  return r.ok || r.error !== "callDesign.error.tooManyDecimals" ? r : { ok: false, error: k("callDesign.error.moneyDecimals") };
}

/** A percentage typed by a person → basis points ("87,5 %" → 8750), 0-100%. */
export function parsePercent(text: string): NumberResult {
  const r = parseScaledDecimal(text, 2, /\s*%$/, false);
  if (r.ok && r.value !== null && r.value > 10_000) return { ok: false, error: k("callDesign.error.percentRange") };
  return r;
}

/** A multiple typed by a person → basis points ("2" → 20000, "2,5" → 25000), at most 100. */
export function parseMultiple(text: string): NumberResult {
  const r = parseScaledDecimal(text, 2, /^[x×]\s*|\s*[x×]$/gi, false);
  if (!r.ok || r.value === null) return r;
  if (r.value > 10_000) return { ok: false, error: k("callDesign.error.multipleRange") };
  return { ok: true, value: r.value * 100 };
}

/** A whole number from 0 to `max` ("" → null). */
export function parseWholeNumber(text: string, max: number): NumberResult {
  const s = text.trim();
  if (s === "") return { ok: true, value: null };
  if (/^[-−]\s*\d/.test(s)) return { ok: false, error: k("callDesign.error.negative") };
  if (!/^\d+$/.test(s)) return { ok: false, error: k("callDesign.error.wholeNumber") };
  const value = Number(s);
  if (value > max) return { ok: false, error: k("callDesign.error.numberTooLarge") };
  return { ok: true, value };
}

/** Cents as a form shows them: "150000", "150000.50"; nothing for zero (not set). */
export function centsToInput(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents <= 0) return "";
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, "0")}`;
}

/** Basis points as a percentage a form shows: 9000 → "90", 8750 → "87.5". */
export function bpToPercentInput(bp: number): string {
  if (!Number.isFinite(bp)) return "";
  return String(Math.round(bp) / 100);
}

/** Basis points as a multiple a form shows: 20000 → "2", 25000 → "2.5". */
export function bpToMultipleInput(bp: number): string {
  if (!Number.isFinite(bp)) return "";
  return String(Math.round(bp / 100) / 100);
}

// ---------------------------------------------------------------- what the form shows

export interface CriterionValues {
  key: string;
  code: string;
  nameEn: string;
  nameFr: string;
  max: string;
  weight: string;
}

export interface SectionValues {
  key: string;
  code: string;
  nameEn: string;
  nameFr: string;
  minimum: string;
  rejectIfAnyCriterionScores: string;
  carriedFromConceptNote: boolean;
  criteria: CriterionValues[];
}

export interface GridValues {
  passMark: string;
  sections: SectionValues[];
}

export interface DocumentValues {
  key: string;
  code: string;
  nameEn: string;
  nameFr: string;
  stage: string;
  required: boolean;
}

/** Every field of the call form as text, exactly as typed or as stored. */
export interface CallFormValues {
  titleEn: string;
  titleFr: string;
  descriptionEn: string;
  descriptionFr: string;
  procedure: string;
  dialogueCodes: string[];
  jvapDomainCodes: string[];
  crossCuttingAllowed: boolean;
  cadizObjectiveCodes: string[];
  applicantTypeCodes: string[];
  leadLocations: string[];
  targetMaxCountries: string;
  targetMinAuCountries: string;
  allowedCountryCodes: string[];
  allowAlone: boolean;
  maxCoApplicants: string;
  exactCoApplicants: string;
  euLeadNeedsAuCoApplicant: boolean;
  diasporaExempt: boolean;
  totalBudget: string;
  minGrant: string;
  maxGrant: string;
  maxCofinancing: string;
  maxIndirectCost: string;
  minDurationMonths: string;
  maxDurationMonths: string;
  timeZone: string;
  conceptNoteDeadline: string;
  fullApplicationDeadline: string;
  documents: DocumentValues[];
  assessorsPerProposal: string;
  divergenceThreshold: string;
  shortlistBudgetMultiple: string;
  blindReview: boolean;
  conceptNoteGrid: GridValues;
  fullApplicationGrid: GridValues;
}

/** The form fields holding several codes (sent as name[]). */
export const MULTI_FIELDS = ["dialogueCodes", "jvapDomainCodes", "cadizObjectiveCodes", "applicantTypeCodes", "leadLocations", "allowedCountryCodes"] as const;
const CHECKBOX_FIELDS = ["crossCuttingAllowed", "allowAlone", "euLeadNeedsAuCoApplicant", "diasporaExempt", "blindReview"] as const;
const TEXT_FIELDS = [
  "titleEn",
  "titleFr",
  "descriptionEn",
  "descriptionFr",
  "procedure",
  "targetMaxCountries",
  "targetMinAuCountries",
  "maxCoApplicants",
  "exactCoApplicants",
  "totalBudget",
  "minGrant",
  "maxGrant",
  "maxCofinancing",
  "maxIndirectCost",
  "minDurationMonths",
  "maxDurationMonths",
  "timeZone",
  "conceptNoteDeadline",
  "fullApplicationDeadline",
  "assessorsPerProposal",
  "divergenceThreshold",
  "shortlistBudgetMultiple",
] as const;

const numberText = (n: number | undefined) => (n === undefined ? "" : String(n));

export function gridToValues(grid: GridDefinition | null, prefix = "g"): GridValues {
  if (!grid) return { passMark: "", sections: [] };
  return {
    passMark: numberText(grid.passMark),
    sections: grid.sections.map((s, i) => ({
      key: `${prefix}s${i}`,
      code: s.code,
      nameEn: s.nameEn,
      nameFr: s.nameFr,
      minimum: numberText(s.minimum),
      rejectIfAnyCriterionScores: numberText(s.rejectIfAnyCriterionScores),
      carriedFromConceptNote: s.carriedFromConceptNote === true,
      criteria: s.criteria.map((c, j) => ({ key: `${prefix}s${i}c${j}`, code: c.code, nameEn: c.nameEn, nameFr: c.nameFr, max: String(c.max), weight: String(c.weight) })),
    })),
  };
}

/** What the form shows for a stored call: amounts in EUR, shares in %, deadlines in the call's zone. */
export function callToFormValues(call: StoredCall): CallFormValues {
  const target = readTargetCountryRules(call.targetCountryRules);
  const partners = readPartnershipRules(call.partnershipRules);
  const zone = isTimeZone(call.timeZone) ? call.timeZone : DEFAULT_TIME_ZONE;
  return {
    titleEn: call.titleEn,
    titleFr: call.titleFr,
    descriptionEn: call.descriptionEn,
    descriptionFr: call.descriptionFr,
    procedure: call.procedure,
    dialogueCodes: [...call.dialogueCodes],
    jvapDomainCodes: [...call.jvapDomainCodes],
    crossCuttingAllowed: call.crossCuttingAllowed,
    cadizObjectiveCodes: [...call.cadizObjectiveCodes],
    applicantTypeCodes: [...call.applicantTypeCodes],
    leadLocations: [...call.leadLocations],
    targetMaxCountries: numberText(target.maxCountries),
    targetMinAuCountries: numberText(target.minAuCountries),
    allowedCountryCodes: target.allowedCountryCodes ?? [],
    allowAlone: partners.allowAlone,
    maxCoApplicants: numberText(partners.maxCoApplicants),
    exactCoApplicants: numberText(partners.exactCoApplicants),
    euLeadNeedsAuCoApplicant: partners.euLeadNeedsAuCoApplicant,
    diasporaExempt: partners.diasporaExempt,
    totalBudget: centsToInput(call.totalBudgetCents),
    minGrant: centsToInput(call.minGrantCents),
    maxGrant: centsToInput(call.maxGrantCents),
    maxCofinancing: bpToPercentInput(call.maxCofinancingBp),
    maxIndirectCost: bpToPercentInput(call.maxIndirectCostBp),
    minDurationMonths: String(call.minDurationMonths),
    maxDurationMonths: String(call.maxDurationMonths),
    timeZone: call.timeZone,
    conceptNoteDeadline: instantToLocalString(call.conceptNoteDeadline, zone),
    fullApplicationDeadline: instantToLocalString(call.fullApplicationDeadline, zone),
    documents: readRequiredDocuments(call.requiredDocuments).map((d, i) => ({ key: `d${i}`, ...d })),
    assessorsPerProposal: String(call.assessorsPerProposal),
    divergenceThreshold: bpToPercentInput(call.divergenceThresholdBp),
    shortlistBudgetMultiple: bpToMultipleInput(call.shortlistBudgetMultipleBp),
    blindReview: call.blindReview,
    conceptNoteGrid: gridToValues(readGrid(call.conceptNoteGrid), "cn"),
    fullApplicationGrid: gridToValues(readGrid(call.fullApplicationGrid), "fa"),
  };
}

// ---------------------------------------------------------------- reading the posted form

const FORBIDDEN_SEGMENTS = new Set(["__proto__", "prototype", "constructor"]);
const SEGMENT = /^(?:[A-Za-z][A-Za-z0-9_]{0,60}|\d{1,3})$/;
/** Row indexes above this are ignored: no form has that many rows. */
const MAX_INDEX = 199;

type Tree = Record<string, unknown> | unknown[];

/**
 * Flat form fields ("sections.0.criteria.1.max", "dialogueCodes[]") → nested objects and
 * arrays, so that the schema's issue paths are the fields' names again. Unsafe or absurd
 * names are dropped; arrays are made dense.
 */
export function unflatten(raw: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  if (typeof raw !== "object" || raw === null) return root;
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = rawKey.endsWith("[]") ? rawKey.slice(0, -2) : rawKey;
    const parts = key.split(".");
    if (!parts.every((p) => SEGMENT.test(p) && !FORBIDDEN_SEGMENTS.has(p))) continue;
    if (parts.some((p) => /^\d+$/.test(p) && Number(p) > MAX_INDEX) || /^\d/.test(parts[0] ?? "")) continue;
    let node: Tree = root;
    let ok = true;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      const childIsIndex = /^\d+$/.test(parts[i + 1]!);
      const container = node as Record<string, unknown>;
      if (Array.isArray(node) !== /^\d+$/.test(part)) {
        ok = false;
        break;
      }
      let child = container[part];
      if (child === undefined) {
        child = childIsIndex ? [] : {};
        container[part] = child;
      }
      if (typeof child !== "object" || child === null || Array.isArray(child) !== childIsIndex) {
        ok = false;
        break;
      }
      node = child as Tree;
    }
    const last = parts[parts.length - 1]!;
    if (!ok || Array.isArray(node) !== /^\d+$/.test(last)) continue;
    (node as Record<string, unknown>)[last] = value;
  }
  return densify(root) as Record<string, unknown>;
}

function densify(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(densify);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, densify(v)]));
  }
  return value;
}

/** The posted form as parseWith sees it: one string per field, a list for name[] fields. */
export function formDataToRaw(formData: FormData): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = key.endsWith("[]") ? all : all[0];
  }
  return raw;
}

const asText = (v: unknown) => (typeof v === "string" ? v : "");
const asChecked = (v: unknown) => typeof v === "string" && v !== "" && v !== "false";
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" && v !== "" ? [v] : []);
const asRecords = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x)) : [];

function gridValuesFromTree(tree: unknown, prefix: string): GridValues {
  const grid = typeof tree === "object" && tree !== null && !Array.isArray(tree) ? (tree as Record<string, unknown>) : {};
  return {
    passMark: asText(grid.passMark),
    sections: asRecords(grid.sections).map((s, i) => ({
      key: `${prefix}s${i}`,
      code: asText(s.code),
      nameEn: asText(s.nameEn),
      nameFr: asText(s.nameFr),
      minimum: asText(s.minimum),
      rejectIfAnyCriterionScores: asText(s.rejectIfAnyCriterionScores),
      carriedFromConceptNote: asChecked(s.carriedFromConceptNote),
      criteria: asRecords(s.criteria).map((c, j) => ({
        key: `${prefix}s${i}c${j}`,
        code: asText(c.code),
        nameEn: asText(c.nameEn),
        nameFr: asText(c.nameFr),
        max: asText(c.max),
        weight: asText(c.weight),
      })),
    })),
  };
}

/** What was typed, to show the form again after a refused save (nothing is lost). */
export function formDataToValues(formData: FormData): CallFormValues {
  const tree = unflatten(formDataToRaw(formData));
  const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, asText(tree[f])])) as Record<(typeof TEXT_FIELDS)[number], string>;
  const lists = Object.fromEntries(MULTI_FIELDS.map((f) => [f, asList(tree[f])])) as Record<(typeof MULTI_FIELDS)[number], string[]>;
  const checks = Object.fromEntries(CHECKBOX_FIELDS.map((f) => [f, asChecked(tree[f])])) as Record<(typeof CHECKBOX_FIELDS)[number], boolean>;
  return {
    ...text,
    ...lists,
    ...checks,
    documents: asRecords(tree.documents).map((d, i) => ({
      key: `d${i}`,
      code: asText(d.code),
      nameEn: asText(d.nameEn),
      nameFr: asText(d.nameFr),
      stage: asText(d.stage) || "FULL_APPLICATION",
      required: asChecked(d.required),
    })),
    conceptNoteGrid: gridValuesFromTree(tree.conceptNoteGrid, "cn"),
    fullApplicationGrid: gridValuesFromTree(tree.fullApplicationGrid, "fa"),
  };
}

// ---------------------------------------------------------------- the schema

/** What `saveDraft` stores: every column of the form, typed; incomplete values allowed. */
export interface CallDraftInput {
  titleEn: string;
  titleFr: string;
  descriptionEn: string;
  descriptionFr: string;
  procedure: ProcedureCode;
  dialogueCodes: string[];
  jvapDomainCodes: string[];
  crossCuttingAllowed: boolean;
  cadizObjectiveCodes: string[];
  applicantTypeCodes: string[];
  leadLocations: LeadLocation[];
  targetCountryRules: TargetCountryRules;
  partnershipRules: PartnershipRules;
  totalBudgetCents: number;
  minGrantCents: number;
  maxGrantCents: number;
  maxCofinancingBp: number;
  maxIndirectCostBp: number;
  minDurationMonths: number;
  maxDurationMonths: number;
  timeZone: string;
  conceptNoteDeadline: Date | null;
  fullApplicationDeadline: Date | null;
  requiredDocuments: RequiredDocument[];
  assessorsPerProposal: number;
  divergenceThresholdBp: number;
  shortlistBudgetMultipleBp: number;
  blindReview: boolean;
  conceptNoteGrid: GridDefinition | null;
  fullApplicationGrid: GridDefinition | null;
}

const INVALID = k("callDesign.error.invalid");

/** Free text, trimmed; missing is "". */
const text = (max: number) =>
  z
    .string({ error: INVALID })
    .trim()
    .max(max, { error: k("callDesign.error.tooLong") })
    .optional()
    .transform((v) => v ?? "");

const CODE = /^[A-Za-z0-9_.-]*$/;
const code = z
  .string({ error: INVALID })
  .trim()
  .max(40, { error: k("callDesign.error.codeTooLong") })
  .regex(CODE, { error: k("callDesign.error.codeFormat") })
  .optional()
  .transform((v) => v ?? "");

const codeList = z.preprocess(
  (v) => (typeof v === "string" ? [v] : v),
  z
    .array(z.string({ error: INVALID }).trim().max(40, { error: k("callDesign.error.codeTooLong") }).regex(CODE, { error: k("callDesign.error.codeFormat") }), { error: INVALID })
    .max(300, { error: INVALID })
    .optional()
    .transform((v) => [...new Set((v ?? []).filter((c) => c !== ""))]),
);

const checkbox = z
  .string({ error: INVALID })
  .optional()
  .transform((v) => v !== undefined && v !== "" && v !== "false");

/** A number field read with `parse`: a field error when unreadable, null when empty. */
const numberField = (parse: (s: string) => NumberResult) =>
  z
    .string({ error: INVALID })
    .optional()
    .transform((v, ctx): number | null => {
      const r = parse(v ?? "");
      if (!r.ok) {
        ctx.issues.push({ code: "custom", message: r.error, input: v });
        return z.NEVER;
      }
      return r.value;
    });

const money = numberField(parseMoney);
const percent = numberField(parsePercent);
const multiple = numberField(parseMultiple);
const count = (max: number) => numberField((s) => parseWholeNumber(s, max));
const months = numberField((s) => {
  const r = parseWholeNumber(s, 600);
  return r.ok || r.error !== "callDesign.error.numberTooLarge" ? r : { ok: false, error: k("callDesign.error.monthsRange") };
});
const score = count(1000);

const localDateTime = z
  .string({ error: INVALID })
  .trim()
  .optional()
  .transform((v, ctx) => {
    const s = v ?? "";
    if (s !== "" && !parseLocalDateTime(s)) {
      ctx.issues.push({ code: "custom", message: k("callDesign.error.dateTimeFormat"), input: v });
      return z.NEVER;
    }
    return s;
  });

const criterionSchema = z.object({ code, nameEn: text(500), nameFr: text(500), max: score, weight: score });
const sectionSchema = z.object({
  code,
  nameEn: text(500),
  nameFr: text(500),
  minimum: score,
  rejectIfAnyCriterionScores: score,
  carriedFromConceptNote: checkbox,
  criteria: z.array(criterionSchema, { error: INVALID }).max(MAX_CRITERIA, { error: k("callDesign.error.tooManyRows") }).optional(),
});
const gridSchema = z
  .object({
    passMark: score,
    sections: z.array(sectionSchema, { error: INVALID }).max(MAX_SECTIONS, { error: k("callDesign.error.tooManyRows") }).optional(),
  })
  .optional()
  .transform((g): GridDefinition | null => {
    if (!g) return null;
    const sections: GridSection[] = [];
    for (const s of g.sections ?? []) {
      const criteria = (s.criteria ?? [])
        .filter((c) => c.code || c.nameEn || c.nameFr || c.max !== null || c.weight !== null)
        .map((c) => ({ code: c.code, nameEn: c.nameEn, nameFr: c.nameFr, max: c.max ?? 0, weight: c.weight ?? 0 }));
      const blank = !s.code && !s.nameEn && !s.nameFr && s.minimum === null && s.rejectIfAnyCriterionScores === null && criteria.length === 0;
      if (blank) continue;
      const section: GridSection = { code: s.code, nameEn: s.nameEn, nameFr: s.nameFr, criteria };
      if (s.minimum !== null) section.minimum = s.minimum;
      if (s.rejectIfAnyCriterionScores !== null) section.rejectIfAnyCriterionScores = s.rejectIfAnyCriterionScores;
      if (s.carriedFromConceptNote) section.carriedFromConceptNote = true;
      sections.push(section);
    }
    if (sections.length === 0 && g.passMark === null) return null;
    const grid = withComputedMax({ sections });
    return g.passMark === null ? grid : { ...grid, passMark: g.passMark };
  });

const documentSchema = z.object({
  code,
  nameEn: text(500),
  nameFr: text(500),
  stage: z.enum(DOCUMENT_STAGES, { error: k("callDesign.error.documentStage") }).optional(),
  required: checkbox,
});

const callVersionField = versionField(k("callDesign.error.version"));

/** The call form, shared by the edit page and its action. */
export const CallFormSchema = z.preprocess(
  (raw) => unflatten(raw),
  z
    .object({
      version: callVersionField,
      titleEn: text(300),
      titleFr: text(300),
      descriptionEn: text(20_000),
      descriptionFr: text(20_000),
      procedure: z.enum(PROCEDURES, { error: k("callDesign.error.procedure") }),
      dialogueCodes: codeList,
      jvapDomainCodes: codeList,
      crossCuttingAllowed: checkbox,
      cadizObjectiveCodes: codeList,
      applicantTypeCodes: codeList,
      leadLocations: z.preprocess(
        (v) => (typeof v === "string" ? [v] : v),
        z
          .array(z.enum(LEAD_LOCATIONS, { error: k("callDesign.error.leadLocation") }), { error: INVALID })
          .optional()
          .transform((v) => [...new Set(v ?? [])]),
      ),
      targetMaxCountries: count(999),
      targetMinAuCountries: count(999),
      allowedCountryCodes: codeList,
      allowAlone: checkbox,
      maxCoApplicants: count(999),
      exactCoApplicants: count(999),
      euLeadNeedsAuCoApplicant: checkbox,
      diasporaExempt: checkbox,
      totalBudget: money,
      minGrant: money,
      maxGrant: money,
      maxCofinancing: percent,
      maxIndirectCost: percent,
      minDurationMonths: months,
      maxDurationMonths: months,
      timeZone: z
        .string({ error: INVALID })
        .trim()
        .optional()
        .transform((v) => v || DEFAULT_TIME_ZONE)
        .refine(isTimeZone, { error: k("callDesign.error.timeZone") }),
      conceptNoteDeadline: localDateTime,
      fullApplicationDeadline: localDateTime,
      documents: z.array(documentSchema, { error: INVALID }).max(MAX_DOCUMENTS, { error: k("callDesign.error.tooManyRows") }).optional(),
      assessorsPerProposal: count(99),
      divergenceThreshold: percent,
      shortlistBudgetMultiple: multiple,
      blindReview: checkbox,
      conceptNoteGrid: gridSchema,
      fullApplicationGrid: gridSchema,
    })
    .transform((v, ctx): CallDraftInput & { version: number } => {
      const instant = (field: "conceptNoteDeadline" | "fullApplicationDeadline"): Date | null => {
        if (v[field] === "") return null;
        const r = localToInstant(v[field], v.timeZone);
        if (r.ok) return r.instant;
        ctx.issues.push({ code: "custom", path: [field], message: r.reason === "gap" ? k("callDesign.error.deadlineGap") : k("callDesign.error.dateTimeFormat"), input: v[field] });
        return null;
      };
      const conceptNoteDeadline = instant("conceptNoteDeadline");
      const fullApplicationDeadline = instant("fullApplicationDeadline");
      const targetCountryRules: TargetCountryRules = {};
      if (v.targetMaxCountries !== null) targetCountryRules.maxCountries = v.targetMaxCountries;
      if (v.targetMinAuCountries !== null) targetCountryRules.minAuCountries = v.targetMinAuCountries;
      if (v.allowedCountryCodes.length) targetCountryRules.allowedCountryCodes = v.allowedCountryCodes;
      const partnershipRules: PartnershipRules = { allowAlone: v.allowAlone, euLeadNeedsAuCoApplicant: v.euLeadNeedsAuCoApplicant, diasporaExempt: v.diasporaExempt };
      if (v.maxCoApplicants !== null) partnershipRules.maxCoApplicants = v.maxCoApplicants;
      if (v.exactCoApplicants !== null) partnershipRules.exactCoApplicants = v.exactCoApplicants;
      return {
        version: v.version,
        titleEn: v.titleEn,
        titleFr: v.titleFr,
        descriptionEn: v.descriptionEn,
        descriptionFr: v.descriptionFr,
        procedure: v.procedure,
        dialogueCodes: v.dialogueCodes,
        jvapDomainCodes: v.jvapDomainCodes,
        crossCuttingAllowed: v.crossCuttingAllowed,
        cadizObjectiveCodes: v.cadizObjectiveCodes,
        applicantTypeCodes: v.applicantTypeCodes,
        leadLocations: v.leadLocations,
        targetCountryRules,
        partnershipRules,
        totalBudgetCents: v.totalBudget ?? 0,
        minGrantCents: v.minGrant ?? 0,
        maxGrantCents: v.maxGrant ?? 0,
        maxCofinancingBp: v.maxCofinancing ?? 0,
        maxIndirectCostBp: v.maxIndirectCost ?? 0,
        minDurationMonths: v.minDurationMonths ?? 0,
        maxDurationMonths: v.maxDurationMonths ?? 0,
        timeZone: v.timeZone,
        conceptNoteDeadline,
        fullApplicationDeadline,
        requiredDocuments: (v.documents ?? [])
          .filter((d) => d.code || d.nameEn || d.nameFr)
          .map((d) => ({ code: d.code, nameEn: d.nameEn, nameFr: d.nameFr, stage: d.stage ?? "FULL_APPLICATION", required: d.required })),
        assessorsPerProposal: v.assessorsPerProposal ?? 0,
        divergenceThresholdBp: v.divergenceThreshold ?? 0,
        shortlistBudgetMultipleBp: v.shortlistBudgetMultiple ?? 0,
        blindReview: v.blindReview,
        conceptNoteGrid: v.conceptNoteGrid,
        fullApplicationGrid: v.fullApplicationGrid,
      };
    }),
);

/** Starting a call: the procedure, and optionally its titles. */
export const NewCallSchema = z.object({
  procedure: z.enum(PROCEDURES, { error: k("callDesign.error.procedureRequired") }),
  titleEn: text(300),
  titleFr: text(300),
});
export type NewCallInput = z.infer<typeof NewCallSchema>;

/** A lifecycle button on the call's overview. */
export const LIFECYCLE_INTENTS = ["PUBLISH", "OPEN", "CLOSE", "START_EVALUATION", "AWARD", "ARCHIVE"] as const;
export const LifecycleSchema = z.object({
  intent: z.enum(LIFECYCLE_INTENTS, { error: k("callDesign.error.unknownAction") }),
  version: callVersionField,
});

const requiredText = (max: number, missing: CallDesignKey) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, { error: missing })
    .max(max, { error: k("callDesign.error.tooLong") });

/** A clarification on a published call: a bilingual notice, and optionally a corrected description. */
export const ClarificationSchema = z.object({
  version: callVersionField,
  textEn: requiredText(5_000, k("callDesign.error.noticeTextEn")),
  textFr: requiredText(5_000, k("callDesign.error.noticeTextFr")),
  descriptionEn: requiredText(20_000, k("callDesign.error.descriptionEnRequired")).optional(),
  descriptionFr: requiredText(20_000, k("callDesign.error.descriptionFrRequired")).optional(),
});
export type ClarificationInput = z.infer<typeof ClarificationSchema>;

export const DEADLINE_FIELDS = ["conceptNoteDeadline", "fullApplicationDeadline"] as const;
export type DeadlineField = (typeof DEADLINE_FIELDS)[number];

/** A deadline extension: which deadline, the new local date-time (in the call's zone), an optional reason in both languages. */
export const DeadlineExtensionSchema = z
  .object({
    version: callVersionField,
    deadline: z.enum(DEADLINE_FIELDS, { error: k("callDesign.error.whichDeadline") }),
    newDeadline: z
      .string({ error: k("callDesign.error.newDeadlineRequired") })
      .trim()
      .min(1, { error: k("callDesign.error.newDeadlineRequired") })
      .refine((s) => parseLocalDateTime(s) !== null, { error: k("callDesign.error.dateTimeFormat") }),
    reasonEn: text(2_000),
    reasonFr: text(2_000),
  })
  .superRefine((v, ctx) => {
    if (v.reasonEn && !v.reasonFr) ctx.addIssue({ code: "custom", path: ["reasonFr"], message: k("callDesign.error.reasonFr") });
    if (v.reasonFr && !v.reasonEn) ctx.addIssue({ code: "custom", path: ["reasonEn"], message: k("callDesign.error.reasonEn") });
  });
export type DeadlineExtensionInput = z.infer<typeof DeadlineExtensionSchema>;

// ---------------------------------------------------------------- add and remove rows

let keySeq = 0;
/** A React key for a row added in the browser (never sent to the server). */
export const newRowKey = () => `new${++keySeq}`;

export const newDocument = (): DocumentValues => ({ key: newRowKey(), code: "", nameEn: "", nameFr: "", stage: "FULL_APPLICATION", required: true });

/** The grid with one criterion added at the end of section `sectionIndex` (scored 1-5, weight 1). */
export function addCriterion(grid: GridValues, sectionIndex: number): GridValues {
  const codes = grid.sections.flatMap((s) => s.criteria.map((c) => c.code));
  return {
    ...grid,
    sections: grid.sections.map((s, i) =>
      i === sectionIndex ? { ...s, criteria: [...s.criteria, { key: newRowKey(), code: nextCriterionCode(s, codes), nameEn: "", nameFr: "", max: "5", weight: "1" }] } : s,
    ),
  };
}

export function removeCriterion(grid: GridValues, sectionIndex: number, criterionIndex: number): GridValues {
  return { ...grid, sections: grid.sections.map((s, i) => (i === sectionIndex ? { ...s, criteria: s.criteria.filter((_, j) => j !== criterionIndex) } : s)) };
}

/** The grid with a new section at the end, holding one criterion. */
export function addSection(grid: GridValues): GridValues {
  const sectionCode = nextSectionCode(grid.sections);
  const section: SectionValues = { key: newRowKey(), code: sectionCode, nameEn: "", nameFr: "", minimum: "", rejectIfAnyCriterionScores: "", carriedFromConceptNote: false, criteria: [] };
  return addCriterion({ ...grid, sections: [...grid.sections, section] }, grid.sections.length);
}

export function removeSection(grid: GridValues, sectionIndex: number): GridValues {
  return { ...grid, sections: grid.sections.filter((_, i) => i !== sectionIndex) };
}

/** Reads a whole-number score field as the browser's live total does: anything unreadable counts 0. */
export function scoreValue(text: string): number {
  const r = parseWholeNumber(text, 1000);
  return r.ok && r.value !== null ? r.value : 0;
}

/** Section totals and the grid total of what is typed right now. */
export function liveTotals(grid: GridValues): { sections: number[]; total: number } {
  const sections = grid.sections.map((s) => s.criteria.reduce((sum, c) => sum + scoreValue(c.max) * scoreValue(c.weight), 0));
  return { sections, total: sections.reduce((a, b) => a + b, 0) };
}

export type FormIntent =
  | { type: "add-document" }
  | { type: "remove-document"; index: number }
  | { type: "add-section"; grid: GridField }
  | { type: "remove-section"; grid: GridField; section: number }
  | { type: "add-criterion"; grid: GridField; section: number }
  | { type: "remove-criterion"; grid: GridField; section: number; criterion: number }
  | { type: "default-grid"; grid: GridField };

const isGridField = (s: string | undefined): s is GridField => (GRID_FIELDS as readonly string[]).includes(s ?? "");

/** The add/remove buttons' values ("add-criterion:fullApplicationGrid:0"), or null for anything else (a save). */
export function parseFormIntent(intent: unknown): FormIntent | null {
  if (typeof intent !== "string") return null;
  const [type, a, b, c] = intent.split(":");
  const n = (s: string | undefined) => (s !== undefined && /^\d{1,3}$/.test(s) ? Number(s) : null);
  switch (type) {
    case "add-document":
      return { type };
    case "remove-document":
      return n(a) === null ? null : { type, index: n(a)! };
    case "add-section":
    case "default-grid":
      return isGridField(a) ? { type, grid: a } : null;
    case "remove-section":
    case "add-criterion":
      return isGridField(a) && n(b) !== null ? { type, grid: a, section: n(b)! } : null;
    case "remove-criterion":
      return isGridField(a) && n(b) !== null && n(c) !== null ? { type, grid: a, section: n(b)!, criterion: n(c)! } : null;
    default:
      return null;
  }
}

/** Applies an add/remove button to the typed values (the form without JavaScript). */
export function applyFormIntent(values: CallFormValues, intent: FormIntent, defaults: Partial<Record<GridField, GridDefinition | null>> = {}): CallFormValues {
  switch (intent.type) {
    case "add-document":
      return values.documents.length >= MAX_DOCUMENTS ? values : { ...values, documents: [...values.documents, newDocument()] };
    case "remove-document":
      return { ...values, documents: values.documents.filter((_, i) => i !== intent.index) };
    case "add-section":
      return values[intent.grid].sections.length >= MAX_SECTIONS ? values : { ...values, [intent.grid]: addSection(values[intent.grid]) };
    case "remove-section":
      return { ...values, [intent.grid]: removeSection(values[intent.grid], intent.section) };
    case "add-criterion": {
      const section = values[intent.grid].sections[intent.section];
      if (!section || section.criteria.length >= MAX_CRITERIA) return values;
      return { ...values, [intent.grid]: addCriterion(values[intent.grid], intent.section) };
    }
    case "remove-criterion":
      return { ...values, [intent.grid]: removeCriterion(values[intent.grid], intent.section, intent.criterion) };
    case "default-grid": {
      const grid = defaults[intent.grid];
      return grid ? { ...values, [intent.grid]: gridToValues(grid, intent.grid === "conceptNoteGrid" ? "cn" : "fa") } : values;
    }
  }
}

// ---------------------------------------------------------------- field names

/** "fullApplicationGrid.sections.0.criteria.2.max" and the like: the names the form uses. */
export const sectionField = (grid: GridField, section: number, prop: string) => `${grid}.sections.${section}.${prop}`;
export const criterionField = (grid: GridField, section: number, criterion: number, prop: string) => `${grid}.sections.${section}.criteria.${criterion}.${prop}`;
export const documentField = (index: number, prop: string) => `documents.${index}.${prop}`;

/**
 * The fields a browser posts for these values (checked boxes only, name[] for lists): what
 * the edit form sends, for tests and for anything that posts the form without a browser.
 */
export function formValuesToFields(values: CallFormValues, version: number): [string, string][] {
  const fields: [string, string][] = [["version", String(version)]];
  for (const f of TEXT_FIELDS) fields.push([f, values[f]]);
  for (const f of MULTI_FIELDS) for (const v of values[f]) fields.push([`${f}[]`, v]);
  for (const f of CHECKBOX_FIELDS) if (values[f]) fields.push([f, "on"]);
  values.documents.forEach((d, i) => {
    fields.push([documentField(i, "code"), d.code], [documentField(i, "nameEn"), d.nameEn], [documentField(i, "nameFr"), d.nameFr], [documentField(i, "stage"), d.stage]);
    if (d.required) fields.push([documentField(i, "required"), "on"]);
  });
  for (const grid of GRID_FIELDS) {
    const g = values[grid];
    fields.push([`${grid}.passMark`, g.passMark]);
    g.sections.forEach((s, i) => {
      for (const prop of ["code", "nameEn", "nameFr", "minimum", "rejectIfAnyCriterionScores"] as const) fields.push([sectionField(grid, i, prop), s[prop]]);
      if (s.carriedFromConceptNote) fields.push([sectionField(grid, i, "carriedFromConceptNote"), "on"]);
      s.criteria.forEach((c, j) => {
        for (const prop of ["code", "nameEn", "nameFr", "max", "weight"] as const) fields.push([criterionField(grid, i, j, prop), c[prop]]);
      });
    });
  }
  return fields;
}
