// The grant pages' forms, shared by the pages (field names) and the server (parsing): the
// contract (amount, share, dates, reporting period, budget by heading, logical framework),
// the planned amounts of the instalments, the reports' due dates, a payment, and the state
// changes that need a reason. Messages are keys of the grants area (app/locales/areas/grants.ts).
import { z } from "zod";
import { versionField } from "~/utils/version-field.ts";
import { centsToInput, parseMoneyToCents } from "~/modules/applications/budget.ts";

export const TEXT_MAX = 2000;
export const REASON_MAX = 2000;
export const MAX_ROWS = 40;
export const MAX_CENTS = 2_147_483_647;

export interface BudgetHeadingRow {
  code: string;
  label: string;
  amountCents: number;
}

export interface IndicatorRow {
  code: string;
  label: string;
  unit: string;
  baseline: string;
  target: string;
}

export interface Logframe {
  objectives: string[];
  results: string[];
  indicators: IndicatorRow[];
}

export const EMPTY_INDICATOR: IndicatorRow = { code: "", label: "", unit: "", baseline: "", target: "" };

// ---------------------------------------------------------------- stored JSON, read tolerantly

const str = (v: unknown) => (typeof v === "string" ? v : "");

export function readBudget(raw: unknown): BudgetHeadingRow[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null)
    .map((r) => ({ code: str(r.code), label: str(r.label), amountCents: typeof r.amountCents === "number" && Number.isSafeInteger(r.amountCents) ? r.amountCents : 0 }));
}

export function readLogframe(raw: unknown): Logframe {
  const o = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const texts = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const indicators = Array.isArray(o.indicators)
    ? o.indicators
        .filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null)
        .map((r) => ({ code: str(r.code), label: str(r.label), unit: str(r.unit), baseline: str(r.baseline), target: str(r.target) }))
    : [];
  return { objectives: texts(o.objectives), results: texts(o.results), indicators };
}

// ---------------------------------------------------------------- fields

const text = (max: number) => z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(max, { message: "grants.error.tooLong" }));
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (Array.isArray(v) ? v : typeof v === "string" && v !== "" ? [v] : typeof v === "object" && v !== null ? Object.values(v) : []), z.array(item).max(MAX_ROWS, { message: "grants.error.tooManyRows" }));

export const money = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? Number.NaN : (parseMoneyToCents(v) ?? Number.NaN)) : v),
  z.number({ message: "grants.error.money" }).int({ message: "grants.error.money" }).min(0, { message: "grants.error.money" }).max(MAX_CENTS, { message: "grants.error.moneyTooLarge" }),
);

/** "90", "87.5", "87,5 %" → basis points. */
export function parsePercentToBp(input: string): number | null {
  const s = input.replace(/[\s\u00a0\u202f%]/g, "").replace(",", ".");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(s)) return null;
  const [whole = "0", fraction = ""] = s.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

export const bpToPercentInput = (bp: number) => String(bp / 100);

const percent = z.preprocess(
  (v) => (typeof v === "string" ? (parsePercentToBp(v) ?? Number.NaN) : v),
  z.number({ message: "grants.error.percent" }).int({ message: "grants.error.percent" }).min(1, { message: "grants.error.percent" }).max(10_000, { message: "grants.error.percent" }),
);

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A calendar day ("2026-07-01") as midnight UTC. */
export const day = z.preprocess(
  (v) => {
    if (typeof v !== "string" || !ISO_DAY.test(v.trim())) return null;
    const d = new Date(`${v.trim()}T00:00:00.000Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v.trim() ? null : d;
  },
  z.date({ message: "grants.error.date" }),
);

export const toDayInput = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().slice(0, 10) : "");

const wholeNumber = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN), z.number({ message: "grants.error.wholeNumber" }).int({ message: "grants.error.wholeNumber" }).min(min, { message: "grants.error.range" }).max(max, { message: "grants.error.range" }));

const version = versionField();
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: "errors.badForm" });

// ---------------------------------------------------------------- the contract

// An empty row (the spare one the form always shows) has no amount: 0, and is dropped.
const rowMoney = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? 0 : v), money);
const budgetRow = z.object({ code: text(40), label: text(200), amount: rowMoney });
const indicatorRow = z.object({ code: text(40), label: text(500), unit: text(100), baseline: text(200), target: text(200) });

export const ContractSchema = z
  .object({
    version,
    amount: money,
    totalEligibleCosts: money,
    eligibleCostsShare: percent,
    startDate: day,
    endDate: day,
    reportingPeriodMonths: wholeNumber(1, 60),
    finalReportMonths: wholeNumber(1, 12),
    budget: list(budgetRow),
    logframe: z
      .object({ objectives: list(text(TEXT_MAX)), results: list(text(TEXT_MAX)), indicators: list(indicatorRow) })
      .optional()
      .transform((l) => l ?? { objectives: [], results: [], indicators: [] }),
  })
  .superRefine((v, ctx) => {
    if (v.amount <= 0) ctx.addIssue({ code: "custom", path: ["amount"], message: "grants.error.amountRequired" });
    if (v.amount > v.totalEligibleCosts) ctx.addIssue({ code: "custom", path: ["amount"], message: "grants.error.amountAboveCosts" });
    if (v.endDate.getTime() <= v.startDate.getTime()) ctx.addIssue({ code: "custom", path: ["endDate"], message: "grants.error.endBeforeStart" });
    const filled = (r: { code: string; label: string; amount: number }) => r.code !== "" || r.label !== "" || r.amount > 0;
    const rows = v.budget.filter(filled);
    // Paths use the row's place in the form, empty rows included.
    v.budget.forEach((r, i) => {
      if (filled(r) && r.label === "") ctx.addIssue({ code: "custom", path: ["budget", i, "label"], message: "grants.error.headingLabel" });
    });
    const total = rows.reduce((s, r) => s + r.amount, 0);
    if (rows.length > 0 && total !== v.totalEligibleCosts) ctx.addIssue({ code: "custom", path: ["budget"], message: "grants.error.budgetTotal" });
    v.logframe.indicators.forEach((r, i) => {
      const any = r.code !== "" || r.label !== "" || r.unit !== "" || r.baseline !== "" || r.target !== "";
      if (any && r.label === "") ctx.addIssue({ code: "custom", path: ["logframe", "indicators", i, "label"], message: "grants.error.indicatorLabel" });
    });
  })
  .transform((v) => ({
    version: v.version,
    amountCents: v.amount,
    totalEligibleCostsCents: v.totalEligibleCosts,
    eligibleCostsShareBp: v.eligibleCostsShare,
    startDate: v.startDate,
    endDate: v.endDate,
    reportingPeriodMonths: v.reportingPeriodMonths,
    finalReportMonths: v.finalReportMonths,
    budget: v.budget
      .filter((r) => r.code !== "" || r.label !== "" || r.amount > 0)
      .map((r, i): BudgetHeadingRow => ({ code: r.code || `H${i + 1}`, label: r.label, amountCents: r.amount })),
    logframe: {
      objectives: v.logframe.objectives.filter((s) => s !== ""),
      results: v.logframe.results.filter((s) => s !== ""),
      indicators: v.logframe.indicators
        .filter((r) => r.code !== "" || r.label !== "" || r.unit !== "" || r.baseline !== "" || r.target !== "")
        .map((r, i): IndicatorRow => ({ ...r, code: r.code || `I${i + 1}` })),
    } satisfies Logframe,
  }));
export type ContractInput = z.infer<typeof ContractSchema>;

/** The contract as the form shows it. */
export interface ContractValues {
  amount: string;
  totalEligibleCosts: string;
  eligibleCostsShare: string;
  startDate: string;
  endDate: string;
  reportingPeriodMonths: string;
  finalReportMonths: string;
  budget: { code: string; label: string; amount: string }[];
  logframe: { objectives: string[]; results: string[]; indicators: IndicatorRow[] };
}

export function contractValues(g: {
  amountCents: number;
  totalEligibleCostsCents: number;
  eligibleCostsShareBp: number;
  startDate: Date | string;
  endDate: Date | string;
  reportingPeriodMonths: number;
  finalReportMonths: number;
  budget: unknown;
  logframe: unknown;
}): ContractValues {
  const logframe = readLogframe(g.logframe);
  return {
    amount: centsToInput(g.amountCents),
    totalEligibleCosts: centsToInput(g.totalEligibleCostsCents),
    eligibleCostsShare: bpToPercentInput(g.eligibleCostsShareBp),
    startDate: toDayInput(g.startDate),
    endDate: toDayInput(g.endDate),
    reportingPeriodMonths: String(g.reportingPeriodMonths),
    finalReportMonths: String(g.finalReportMonths),
    budget: readBudget(g.budget).map((r) => ({ code: r.code, label: r.label, amount: centsToInput(r.amountCents) })),
    logframe,
  };
}

// ---------------------------------------------------------------- the audit diff

export type Diff = Record<string, { from: unknown; to: unknown }>;

const comparable = (v: unknown): unknown => (v instanceof Date ? v.toISOString().slice(0, 10) : v);

/** Field by field: what changed between two versions of the contract (JSON fields compared whole). */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): Diff {
  const diff: Diff = {};
  for (const key of Object.keys(after)) {
    const from = comparable(before[key]);
    const to = comparable(after[key]);
    if (JSON.stringify(from) !== JSON.stringify(to)) diff[key] = { from: from ?? null, to: to ?? null };
  }
  return diff;
}

// ---------------------------------------------------------------- the other forms

/** The planned amounts of the instalments, adjusted before signature; they must add up to the amount (checked by the service). */
export const ScheduleSchema = z.object({
  version,
  tranches: list(z.object({ id, amount: money })).refine((xs) => xs.length > 0, { message: "errors.badForm" }),
});
export type ScheduleInput = z.infer<typeof ScheduleSchema>;

export const DueDatesSchema = z.object({
  version,
  reports: list(z.object({ id, dueDate: day })).refine((xs) => xs.length > 0, { message: "errors.badForm" }),
});
export type DueDatesInput = z.infer<typeof DueDatesSchema>;

export const PaymentSchema = z.object({
  trancheId: id,
  amount: money,
  paidAt: day.refine((d) => d.getTime() <= Date.now(), { message: "grants.error.paidInFuture" }),
});
export type PaymentInput = { trancheId: string; amountCents: number; paidAt: Date };
export const toPaymentInput = (p: z.infer<typeof PaymentSchema>): PaymentInput => ({ trancheId: p.trancheId, amountCents: p.amount, paidAt: p.paidAt });

export const GRANT_ACTIONS = ["SIGN", "SUSPEND", "RESUME", "START_CLOSING", "CLOSE", "TERMINATE"] as const;
export type GrantAction = (typeof GRANT_ACTIONS)[number];

export const TransitionSchema = z
  .object({
    event: z.enum(GRANT_ACTIONS, { message: "errors.badForm" }),
    version,
    reason: z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(REASON_MAX, { message: "grants.error.tooLong" })),
  })
  .superRefine((v, ctx) => {
    if ((v.event === "SUSPEND" || v.event === "TERMINATE") && v.reason === "") ctx.addIssue({ code: "custom", path: ["reason"], message: "grants.error.reasonRequired" });
  });
export type TransitionInput = z.infer<typeof TransitionSchema>;

/** What was posted, as the form shows it again after a failure (keeps what the user typed). */
export function postedContractValues(raw: Record<string, unknown>): ContractValues {
  const s = (v: unknown) => (typeof v === "string" ? v : "");
  const rows = (v: unknown): Record<string, unknown>[] =>
    (Array.isArray(v) ? v : typeof v === "object" && v !== null ? Object.values(v) : []).filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null);
  const texts = (v: unknown): string[] => (Array.isArray(v) ? v.map(s) : typeof v === "string" ? [v] : typeof v === "object" && v !== null ? Object.values(v).map(s) : []);
  const lf = typeof raw.logframe === "object" && raw.logframe !== null ? (raw.logframe as Record<string, unknown>) : {};
  return {
    amount: s(raw.amount),
    totalEligibleCosts: s(raw.totalEligibleCosts),
    eligibleCostsShare: s(raw.eligibleCostsShare),
    startDate: s(raw.startDate),
    endDate: s(raw.endDate),
    reportingPeriodMonths: s(raw.reportingPeriodMonths),
    finalReportMonths: s(raw.finalReportMonths),
    budget: rows(raw.budget).map((r) => ({ code: s(r.code), label: s(r.label), amount: s(r.amount) })),
    logframe: {
      objectives: texts(lf.objectives),
      results: texts(lf.results),
      indicators: rows(lf.indicators).map((r) => ({ code: s(r.code), label: s(r.label), unit: s(r.unit), baseline: s(r.baseline), target: s(r.target) })),
    },
  };
}
