// A proposal's budget, in integer cents only. Pure: no I/O, no locale.
//
// Rounding rules (there is exactly one place where a division happens):
// - a line's total is `units × unitCostCents`: units are whole numbers, so the total is exact;
// - totals per heading, the direct total, the indirect total and the total cost are exact sums;
// - every limit is checked by cross-multiplication in BigInt, never by dividing:
//   indirect ≤ direct × maxIndirectCostBp / 10 000  ⇔  indirect × 10 000 ≤ direct × maxIndirectCostBp,
//   and likewise for the share of the total cost requested;
// - the share shown to people (`requestedShareBp`) is the only division: it is rounded UP to the
//   next whole basis point, so a share shown as within the limit always is;
// - the highest amounts allowed (`maxIndirectCents`, `maxRequestableCents`) are rounded DOWN to
//   the cent, so asking for them is always accepted.

export const BUDGET_HEADINGS = ["staff", "travel", "equipment", "local_office", "services", "other", "indirect"] as const;
export type BudgetHeading = (typeof BUDGET_HEADINGS)[number];
export const DIRECT_HEADINGS = BUDGET_HEADINGS.filter((h) => h !== "indirect");

export interface BudgetLine {
  heading: BudgetHeading;
  description: string;
  /** Whole units (months, trips, items). */
  units: number;
  unitCostCents: number;
}

export interface BudgetRules {
  maxIndirectCostBp: number;
  maxCofinancingBp: number;
  minGrantCents: number;
  maxGrantCents: number;
}

export interface BudgetProblem {
  field: string;
  messageKey:
    | "proposals.budget.problem.noLines"
    | "proposals.budget.problem.lineInvalid"
    | "proposals.budget.problem.indirectTooHigh"
    | "proposals.budget.problem.requestedMissing"
    | "proposals.budget.problem.requestedAboveTotal"
    | "proposals.budget.problem.shareTooHigh"
    | "proposals.budget.problem.belowMinGrant"
    | "proposals.budget.problem.aboveMaxGrant";
  /** Amounts in cents, shares in basis points; the page formats them. */
  params: Record<string, number>;
}

export interface BudgetTotals {
  lineTotals: number[];
  byHeading: Record<BudgetHeading, number>;
  directCents: number;
  indirectCents: number;
  totalCents: number;
  /** The most indirect costs the call allows for these direct costs (rounded down). */
  maxIndirectCents: number;
  /** The most that may be requested for this total cost (rounded down; also capped by the max grant). */
  maxRequestableCents: number;
  requestedCents: number;
  /** requested / total in basis points, rounded up; 0 when the total is 0. */
  requestedShareBp: number;
}

const BP = 10_000n;

function assertCents(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
}

export function lineTotal(line: BudgetLine): number {
  assertCents(line.units, "units");
  assertCents(line.unitCostCents, "unitCostCents");
  const total = BigInt(line.units) * BigInt(line.unitCostCents);
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError("a budget line is too large");
  return Number(total);
}

/** Exact totals from the lines, and the limits the call sets. */
export function computeBudget(lines: readonly BudgetLine[], requestedCents: number, rules: BudgetRules): BudgetTotals {
  assertCents(requestedCents, "requestedCents");
  const byHeading = Object.fromEntries(BUDGET_HEADINGS.map((h) => [h, 0])) as Record<BudgetHeading, number>;
  const lineTotals = lines.map(lineTotal);
  lines.forEach((line, i) => {
    byHeading[line.heading] += lineTotals[i]!;
  });
  const directCents = DIRECT_HEADINGS.reduce((sum, h) => sum + byHeading[h], 0);
  const indirectCents = byHeading.indirect;
  const totalCents = directCents + indirectCents;
  if (!Number.isSafeInteger(totalCents)) throw new RangeError("the budget total is too large");
  const maxIndirectCents = Number((BigInt(directCents) * BigInt(rules.maxIndirectCostBp)) / BP);
  const byShare = Number((BigInt(totalCents) * BigInt(rules.maxCofinancingBp)) / BP);
  const maxRequestableCents = rules.maxGrantCents > 0 ? Math.min(byShare, rules.maxGrantCents) : byShare;
  const requestedShareBp = totalCents === 0 ? 0 : Number((BigInt(requestedCents) * BP + BigInt(totalCents) - 1n) / BigInt(totalCents));
  return { lineTotals, byHeading, directCents, indirectCents, totalCents, maxIndirectCents, maxRequestableCents, requestedCents, requestedShareBp };
}

/** What is wrong with the budget against the call's rules (empty: nothing). */
export function checkBudget(lines: readonly BudgetLine[], requestedCents: number | null, rules: BudgetRules): { totals: BudgetTotals; problems: BudgetProblem[] } {
  const problems: BudgetProblem[] = [];
  const valid = lines.filter((l, i) => {
    const ok = l.description.trim() !== "" && Number.isSafeInteger(l.units) && l.units > 0 && Number.isSafeInteger(l.unitCostCents) && l.unitCostCents > 0;
    if (!ok) problems.push({ field: `lines.${i}`, messageKey: "proposals.budget.problem.lineInvalid", params: { line: i + 1 } });
    return ok;
  });
  const totals = computeBudget(valid, requestedCents ?? 0, rules);
  if (lines.length === 0) problems.push({ field: "lines", messageKey: "proposals.budget.problem.noLines", params: {} });
  if (BigInt(totals.indirectCents) * BP > BigInt(totals.directCents) * BigInt(rules.maxIndirectCostBp)) {
    problems.push({ field: "lines", messageKey: "proposals.budget.problem.indirectTooHigh", params: { indirect: totals.indirectCents, max: totals.maxIndirectCents, maxBp: rules.maxIndirectCostBp } });
  }
  if (requestedCents === null || requestedCents <= 0) {
    problems.push({ field: "requestedAmount", messageKey: "proposals.budget.problem.requestedMissing", params: {} });
    return { totals, problems };
  }
  if (requestedCents > totals.totalCents) {
    problems.push({ field: "requestedAmount", messageKey: "proposals.budget.problem.requestedAboveTotal", params: { requested: requestedCents, total: totals.totalCents } });
  } else if (BigInt(requestedCents) * BP > BigInt(totals.totalCents) * BigInt(rules.maxCofinancingBp)) {
    problems.push({ field: "requestedAmount", messageKey: "proposals.budget.problem.shareTooHigh", params: { share: totals.requestedShareBp, maxBp: rules.maxCofinancingBp, max: totals.maxRequestableCents } });
  }
  if (rules.minGrantCents > 0 && requestedCents < rules.minGrantCents) {
    problems.push({ field: "requestedAmount", messageKey: "proposals.budget.problem.belowMinGrant", params: { requested: requestedCents, min: rules.minGrantCents } });
  }
  if (rules.maxGrantCents > 0 && requestedCents > rules.maxGrantCents) {
    problems.push({ field: "requestedAmount", messageKey: "proposals.budget.problem.aboveMaxGrant", params: { requested: requestedCents, max: rules.maxGrantCents } });
  }
  return { totals, problems };
}

/**
 * Euros as people type them → integer cents, without floating point. Spaces are ignored. A
 * single "." or "," followed by one or two digits is the decimal mark; followed by exactly
 * three digits it groups thousands ("1,500" and "1.500" are 1 500 euros). With both marks, the
 * last one is the decimal mark. More than two decimals are refused, not rounded. null: not a
 * valid amount.
 */
export function parseMoneyToCents(input: string): number | null {
  const s = input.replace(/[\s\u00a0\u202f€]/g, "").replace(/^EUR/i, "");
  if (s === "") return null;
  if (!/^\d[\d.,]*$/.test(s)) return null;
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  let whole = s;
  let fraction = "";
  const decimalAt = Math.max(lastDot, lastComma);
  if (decimalAt !== -1) {
    const after = s.slice(decimalAt + 1);
    const mixed = lastDot !== -1 && lastComma !== -1;
    const onlyOnce = s.indexOf(s.charAt(decimalAt)) === decimalAt;
    if (mixed || (onlyOnce && after.length <= 2)) {
      if (after.length === 0 || after.length > 2) return null;
      whole = s.slice(0, decimalAt);
      fraction = after;
    }
  }
  // What remains of the whole part may only group by thousands.
  if (/[.,]/.test(whole) && !/^\d{1,3}([.,]\d{3})+$/.test(whole)) return null;
  const digits = whole.replace(/[.,]/g, "");
  const cents = BigInt(digits) * 100n + BigInt((fraction + "00").slice(0, 2));
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(cents);
}

/** Cents → what a money input shows: "1500" or "1500.50" (no grouping, so it parses back). */
export function centsToInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return "";
  const rest = cents % 100;
  // Exact: (cents - rest) is a multiple of 100.
  const whole = (cents - rest) / 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, "0")}`;
}
