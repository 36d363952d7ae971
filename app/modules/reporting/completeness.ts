// Is a report ready to submit, and what its figures add up to. Pure: the caller loads the
// report, the grant's budget headings and logframe indicators.
import { narrativeSectionsFor, actualField, narrativeField, spentField, type BudgetHeadingLine, type LogframeIndicator, type NarrativeSection, type ReportDraft } from "./report-schema.ts";

export { isReportOverdue, isReportDueSoon, daysUntilDue, DUE_SOON_DAYS } from "./overdue.ts";

export type ReportPart = "narrative" | "indicators" | "financial";

export interface ReportProblem {
  part: ReportPart;
  /** The form field to go to. */
  field: string;
  messageKey: "reports.problem.narrative" | "reports.problem.indicator" | "reports.problem.spent" | "reports.problem.noIndicators" | "reports.problem.noBudget";
  params: Record<string, string>;
}

export interface CompletenessInput {
  kind: string;
  draft: ReportDraft;
  indicators: readonly LogframeIndicator[];
  budget: readonly BudgetHeadingLine[];
}

/**
 * What is missing before the report can be submitted: every narrative section of its kind
 * written, an actual value for every indicator of the logframe, and the amount spent under
 * every budget heading (0 is an answer; an empty field is not).
 */
export function checkReportCompleteness({ kind, draft, indicators, budget }: CompletenessInput): ReportProblem[] {
  const problems: ReportProblem[] = [];
  for (const s of narrativeSectionsFor(kind)) {
    if ((draft.narrative[s] ?? "").trim() === "") problems.push({ part: "narrative", field: narrativeField(s), messageKey: "reports.problem.narrative", params: { section: s } });
  }
  for (const i of indicators) {
    const actual = draft.indicators[i.code]?.actual;
    if (actual === null || actual === undefined) problems.push({ part: "indicators", field: actualField(i.code), messageKey: "reports.problem.indicator", params: { indicator: i.label } });
  }
  for (const h of budget) {
    if (draft.financial[h.code] === undefined) problems.push({ part: "financial", field: spentField(h.code), messageKey: "reports.problem.spent", params: { heading: h.label } });
  }
  return problems;
}

/** The problems as the plain English sentences the machine's context and the audit record keep. */
export function problemSentences(problems: readonly ReportProblem[]): string[] {
  return problems.map((p) =>
    p.messageKey === "reports.problem.narrative"
      ? `Section "${p.params.section}" is empty.`
      : p.messageKey === "reports.problem.indicator"
      ? `No actual value for indicator "${p.params.indicator}".`
      : p.messageKey === "reports.problem.spent"
      ? `No amount spent for budget heading "${p.params.heading}".`
      : p.messageKey
  );
}

// ---------------------------------------------------------------- the financial report

export interface HeadingFigures {
  code: string;
  label: string;
  budgetCents: number;
  /** null: not entered yet. */
  spentCents: number | null;
  /** budget − spent (negative when overspent). */
  remainingCents: number;
  /** spent / budget in basis points, rounded down; null when the budget is 0. */
  spentBp: number | null;
  overspent: boolean;
}

export interface FinancialFigures {
  headings: HeadingFigures[];
  budgetCents: number;
  spentCents: number;
  remainingCents: number;
  spentBp: number | null;
}

/** Share in basis points, rounded down, exact in integers. */
export function shareBp(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Number((BigInt(Math.max(0, part)) * 10_000n) / BigInt(whole));
}

export function financialFigures(budget: readonly BudgetHeadingLine[], financial: Readonly<Record<string, number>>): FinancialFigures {
  const headings = budget.map((h): HeadingFigures => {
    const spent = financial[h.code];
    const spentCents = spent === undefined ? null : spent;
    const s = spentCents ?? 0;
    return { code: h.code, label: h.label, budgetCents: h.amountCents, spentCents, remainingCents: h.amountCents - s, spentBp: shareBp(s, h.amountCents), overspent: s > h.amountCents };
  });
  const budgetCents = headings.reduce((a, h) => a + h.budgetCents, 0);
  const spentCents = headings.reduce((a, h) => a + (h.spentCents ?? 0), 0);
  return { headings, budgetCents, spentCents, remainingCents: budgetCents - spentCents, spentBp: shareBp(spentCents, budgetCents) };
}

// ---------------------------------------------------------------- indicators

export interface IndicatorFigures extends LogframeIndicator {
  actual: number | null;
  comment: string;
  /** Progress from baseline to target in basis points (may exceed 10 000); null when it cannot be said. */
  progressBp: number | null;
}

export function indicatorFigures(indicators: readonly LogframeIndicator[], draft: Pick<ReportDraft, "indicators">): IndicatorFigures[] {
  return indicators.map((i) => {
    const entry = draft.indicators[i.code];
    const actual = entry?.actual ?? null;
    let progressBp: number | null = null;
    if (actual !== null && i.target !== null) {
      const base = i.baseline ?? 0;
      const span = i.target - base;
      if (span !== 0) progressBp = Math.floor(((actual - base) / span) * 10_000);
    }
    return { ...i, actual, comment: entry?.comment ?? "", progressBp };
  });
}

export type { NarrativeSection };
