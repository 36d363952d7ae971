// The report form and the review form: field names, zod schemas shared by the page and the
// server, and readers for what is stored as JSON on Report and Grant. Drafts may be
// incomplete: these schemas check form only (an amount must be an amount); what a submission
// needs is checked by completeness.ts. Messages are keys of the reports locale area.
import { z } from "zod";
import { versionField } from "~/utils/version-field.ts";
import { centsToInput, parseMoneyToCents } from "~/modules/applications/budget.ts";

export type ReportKind = "INTERIM" | "FINAL";

/** The narrative sections, in the order the form shows them. A final report has no next period. */
export const INTERIM_SECTIONS = ["summary", "activities", "results", "difficulties", "nextPeriod"] as const;
export const FINAL_SECTIONS = ["summary", "activities", "results", "difficulties", "sustainability", "lessons"] as const;
export type NarrativeSection = (typeof INTERIM_SECTIONS)[number] | (typeof FINAL_SECTIONS)[number];
export const ALL_NARRATIVE_SECTIONS: readonly NarrativeSection[] = [...new Set<NarrativeSection>([...INTERIM_SECTIONS, ...FINAL_SECTIONS])];

export function narrativeSectionsFor(kind: string): readonly NarrativeSection[] {
  return kind === "FINAL" ? FINAL_SECTIONS : INTERIM_SECTIONS;
}

/** What the reviewer comments on: each narrative section, the indicators and the financial report. */
export type ReviewSection = NarrativeSection | "indicators" | "financial";
export function reviewSectionsFor(kind: string): readonly ReviewSection[] {
  return [...narrativeSectionsFor(kind), "indicators", "financial"];
}

export const NARRATIVE_MAX = 20_000;
export const COMMENT_MAX = 5_000;
export const REASON_MAX = 5_000;

// ---------------------------------------------------------------- stored shapes

export interface BudgetHeadingLine {
  code: string;
  label: string;
  amountCents: number;
}

export interface LogframeIndicator {
  code: string;
  label: string;
  unit: string;
  baseline: number | null;
  target: number | null;
}

export interface IndicatorProgress {
  actual: number | null;
  comment: string;
}

export type Narrative = Partial<Record<NarrativeSection, string>>;
export type IndicatorsReport = Record<string, IndicatorProgress>;
/** Budget heading code → spent, in cents. */
export type FinancialReport = Record<string, number>;
export type ReviewComments = Partial<Record<ReviewSection, string>>;

const obj = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const finite = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : null);
const cents = (v: unknown): number | null => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : null);

export function readBudget(raw: unknown): BudgetHeadingLine[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((r) => {
    const o = obj(r);
    const code = typeof o.code === "string" || typeof o.code === "number" ? String(o.code) : "";
    const amount = cents(o.amountCents);
    return code && amount !== null ? [{ code, label: typeof o.label === "string" ? o.label : code, amountCents: amount }] : [];
  });
}

export function readLogframeIndicators(raw: unknown): LogframeIndicator[] {
  const list = obj(raw).indicators;
  if (!Array.isArray(list)) return [];
  return list.flatMap((r) => {
    const o = obj(r);
    const code = typeof o.code === "string" || typeof o.code === "number" ? String(o.code) : "";
    if (!code) return [];
    return [{ code, label: typeof o.label === "string" ? o.label : code, unit: typeof o.unit === "string" ? o.unit : "", baseline: finite(o.baseline), target: finite(o.target) }];
  });
}

export function readNarrative(raw: unknown): Narrative {
  const o = obj(raw);
  const out: Narrative = {};
  for (const s of ALL_NARRATIVE_SECTIONS) if (typeof o[s] === "string") out[s] = o[s];
  return out;
}

export function readIndicators(raw: unknown): IndicatorsReport {
  const out: IndicatorsReport = {};
  for (const [code, v] of Object.entries(obj(raw))) {
    const o = obj(v);
    out[code] = { actual: finite(o.actual), comment: typeof o.comment === "string" ? o.comment : "" };
  }
  return out;
}

export function readFinancial(raw: unknown): FinancialReport {
  const out: FinancialReport = {};
  for (const [code, v] of Object.entries(obj(raw))) {
    const c = cents(v);
    if (c !== null) out[code] = c;
  }
  return out;
}

export function readReviewComments(raw: unknown): ReviewComments {
  const out: ReviewComments = {};
  for (const [k, v] of Object.entries(obj(raw))) if (typeof v === "string" && v.trim() !== "") out[k as ReviewSection] = v;
  return out;
}

// ---------------------------------------------------------------- field names

export const narrativeField = (s: NarrativeSection) => `narrative.${s}`;
export const actualField = (code: string) => `indicator.${code}.actual`;
export const indicatorCommentField = (code: string) => `indicator.${code}.comment`;
export const spentField = (code: string) => `spent.${code}`;
export const reviewCommentField = (s: ReviewSection) => `comment.${s}`;

// ---------------------------------------------------------------- parsing numbers

/** A measured value as typed: "1 234", "1,234", "12,5" or "12.5" → a number; "" → null. */
export function parseIndicatorValue(input: string): number | null | undefined {
  const s = input.replace(/[\s\u00a0\u202f]/g, "");
  if (s === "") return null;
  if (!/^-?\d[\d.,]*$/.test(s)) return undefined;
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  const decimalAt = Math.max(lastDot, lastComma);
  let normalised = s;
  if (decimalAt !== -1) {
    const after = s.slice(decimalAt + 1);
    const mark = s.charAt(decimalAt);
    const once = s.indexOf(mark) === decimalAt;
    const mixed = lastDot !== -1 && lastComma !== -1;
    // Three digits after a single mark group thousands ("1,234" = 1234), as in amounts.
    const isDecimal = mixed || (once && after.length !== 3);
    const whole = isDecimal ? s.slice(0, decimalAt) : s;
    normalised = whole.replace(/[.,]/g, "") + (isDecimal ? `.${after}` : "");
  }
  const n = Number(normalised);
  return Number.isFinite(n) ? n : undefined;
}

/** A number back to what an input shows. */
export const indicatorToInput = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));
export const spentToInput = (c: number | null | undefined) => centsToInput(c ?? null);

// ---------------------------------------------------------------- the report form

export interface ReportShape {
  kind: string;
  indicatorCodes: readonly string[];
  headingCodes: readonly string[];
}

export interface ReportDraft {
  narrative: Narrative;
  indicators: IndicatorsReport;
  financial: FinancialReport;
}

const text = (max: number) => z.string().max(max, "reports.error.tooLong").optional().default("");

const Amount = z
  .string()
  .optional()
  .default("")
  .transform((s, ctx) => {
    if (s.trim() === "") return null;
    const c = parseMoneyToCents(s);
    if (c === null) {
      ctx.addIssue({ code: "custom", message: "reports.error.amount" });
      return z.NEVER;
    }
    return c;
  });

const Measured = z
  .string()
  .optional()
  .default("")
  .transform((s, ctx) => {
    const n = parseIndicatorValue(s);
    if (n === undefined) {
      ctx.addIssue({ code: "custom", message: "reports.error.number" });
      return z.NEVER;
    }
    return n;
  });

/** The report form for one report: its narrative sections, the grant's indicators and budget headings. */
export function reportFormSchema(shape: ReportShape) {
  const fields: Record<string, z.ZodType> = {};
  for (const s of narrativeSectionsFor(shape.kind)) fields[narrativeField(s)] = text(NARRATIVE_MAX);
  for (const code of shape.indicatorCodes) {
    fields[actualField(code)] = Measured;
    fields[indicatorCommentField(code)] = text(COMMENT_MAX);
  }
  for (const code of shape.headingCodes) fields[spentField(code)] = Amount;
  return z.object(fields).transform((v): ReportDraft => {
    const get = (k: string) => (v as Record<string, unknown>)[k];
    const narrative: Narrative = {};
    for (const s of narrativeSectionsFor(shape.kind)) narrative[s] = String(get(narrativeField(s)) ?? "");
    const indicators: IndicatorsReport = {};
    for (const code of shape.indicatorCodes) {
      const actual = get(actualField(code));
      indicators[code] = { actual: typeof actual === "number" ? actual : null, comment: String(get(indicatorCommentField(code)) ?? "") };
    }
    const financial: FinancialReport = {};
    for (const code of shape.headingCodes) {
      const spent = get(spentField(code));
      if (typeof spent === "number") financial[code] = spent;
    }
    return { narrative, indicators, financial };
  });
}

/** What the form shows for a stored report: field name → text. */
export function toReportFormValues(shape: ReportShape, draft: ReportDraft): Record<string, string> {
  const values: Record<string, string> = {};
  for (const s of narrativeSectionsFor(shape.kind)) values[narrativeField(s)] = draft.narrative[s] ?? "";
  for (const code of shape.indicatorCodes) {
    values[actualField(code)] = indicatorToInput(draft.indicators[code]?.actual);
    values[indicatorCommentField(code)] = draft.indicators[code]?.comment ?? "";
  }
  for (const code of shape.headingCodes) values[spentField(code)] = spentToInput(draft.financial[code]);
  return values;
}

// ---------------------------------------------------------------- the review form

export const ReviewDecisions = ["comments", "request_changes", "approve"] as const;
export type ReviewDecision = (typeof ReviewDecisions)[number];

/** Comments per section (any may be empty), and what to do: save them, send back, approve. */
export function reviewFormSchema(kind: string) {
  const fields: Record<string, z.ZodType> = {
    decision: z.enum(ReviewDecisions, { message: "errors.badForm" }),
    reason: z.string().max(REASON_MAX, "reports.error.tooLong").optional().default(""),
    version: versionField(),
  };
  for (const s of reviewSectionsFor(kind)) fields[reviewCommentField(s)] = text(COMMENT_MAX);
  return z
    .object(fields)
    .superRefine((v, ctx) => {
      const o = v as Record<string, unknown>;
      if (o.decision === "request_changes" && String(o.reason ?? "").trim() === "") {
        ctx.addIssue({ code: "custom", path: ["reason"], message: "reports.review.error.reasonRequired" });
      }
    })
    .transform((v) => {
      const o = v as Record<string, unknown>;
      const comments: ReviewComments = {};
      for (const s of reviewSectionsFor(kind)) {
        const c = String(o[reviewCommentField(s)] ?? "").trim();
        if (c) comments[s] = c;
      }
      return { decision: o.decision as ReviewDecision, reason: String(o.reason ?? "").trim(), version: Number(o.version), comments };
    });
}

// ---------------------------------------------------------------- the manager's list

export const REPORT_LIST_VIEWS = ["to_review", "overdue", "due", "all"] as const;

/** The list's query string; anything unreadable falls back to the default rather than failing. */
export const ReportListQuerySchema = z.object({
  view: z.enum(REPORT_LIST_VIEWS).catch("to_review"),
  kind: z.enum(["", "INTERIM", "FINAL"]).catch(""),
  q: z.string().max(200).catch("").default(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
