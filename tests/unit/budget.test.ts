// The budget in integer cents (app/modules/applications/budget.ts): exact totals, the call's
// limits by cross-multiplication, money typed as people type it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUDGET_HEADINGS, centsToInput, checkBudget, computeBudget, parseMoneyToCents, type BudgetLine } from "~/modules/applications/budget.ts";

const RULES = { maxIndirectCostBp: 700, maxCofinancingBp: 9000, minGrantCents: 10_000_000, maxGrantCents: 15_000_000 };

const line = fc.record({
  heading: fc.constantFrom(...BUDGET_HEADINGS),
  description: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ""),
  units: fc.integer({ min: 1, max: 1000 }),
  unitCostCents: fc.integer({ min: 1, max: 10_000_000 }),
}) as fc.Arbitrary<BudgetLine>;

describe("computeBudget", () => {
  it("totals equal the sum of the lines, per heading and overall, all integers", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.integer({ min: 0, max: 100_000_000 }), (lines, requested) => {
        const b = computeBudget(lines, requested, RULES);
        const sum = lines.reduce((s, l) => s + l.units * l.unitCostCents, 0);
        expect(b.totalCents).toBe(sum);
        expect(b.directCents + b.indirectCents).toBe(b.totalCents);
        expect(Object.values(b.byHeading).reduce((s, v) => s + v, 0)).toBe(sum);
        for (const h of BUDGET_HEADINGS) expect(b.byHeading[h]).toBe(lines.filter((l) => l.heading === h).reduce((s, l) => s + l.units * l.unitCostCents, 0));
        for (const v of [b.totalCents, b.directCents, b.indirectCents, b.maxIndirectCents, b.maxRequestableCents, b.requestedShareBp, ...b.lineTotals]) expect(Number.isSafeInteger(v)).toBe(true);
      }),
    );
  });

  it("the share is rounded up, the maximum requestable rounded down: asking the maximum is always accepted", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 10_000 }), (lines, bp) => {
        const rules = { ...RULES, maxCofinancingBp: bp, minGrantCents: 0, maxGrantCents: 0 };
        const max = computeBudget(lines, 0, rules).maxRequestableCents;
        const { totals, problems } = checkBudget(lines, max === 0 ? null : max, rules);
        if (max > 0) expect(problems.filter((p) => p.messageKey === "proposals.budget.problem.shareTooHigh")).toEqual([]);
        // one cent more is refused, unless it reaches above the total
        if (max + 1 <= totals.totalCents) expect(checkBudget(lines, max + 1, rules).problems.map((p) => p.messageKey)).toContain("proposals.budget.problem.shareTooHigh");
        expect(totals.requestedShareBp * totals.totalCents).toBeGreaterThanOrEqual(totals.requestedCents * 10_000);
      }),
    );
  });

  it("refuses fractional or negative amounts instead of rounding them", () => {
    expect(() => computeBudget([{ heading: "staff", description: "x", units: 1.5, unitCostCents: 100 }], 0, RULES)).toThrow(RangeError);
    expect(() => computeBudget([], 10.5, RULES)).toThrow(RangeError);
  });
});

describe("checkBudget against the call", () => {
  const lines: BudgetLine[] = [
    { heading: "staff", description: "Coordinator", units: 6, unitCostCents: 2_000_000 }, // 120 000
    { heading: "travel", description: "Trips", units: 10, unitCostCents: 100_000 }, // 10 000
    { heading: "indirect", description: "Overheads", units: 1, unitCostCents: 910_000 }, // 9 100 = 7% of 130 000
  ];
  it("accepts indirect costs at exactly the limit and a request within share and range", () => {
    const { totals, problems } = checkBudget(lines, 12_000_000, RULES);
    expect(totals.directCents).toBe(13_000_000);
    expect(totals.indirectCents).toBe(910_000);
    expect(totals.totalCents).toBe(13_910_000);
    expect(problems).toEqual([]);
  });
  it("names each broken rule", () => {
    const over = [...lines, { heading: "indirect" as const, description: "More", units: 1, unitCostCents: 1 }];
    expect(checkBudget(over, 12_000_000, RULES).problems.map((p) => p.messageKey)).toContain("proposals.budget.problem.indirectTooHigh");
    expect(checkBudget(lines, 13_000_000, RULES).problems.map((p) => p.messageKey)).toContain("proposals.budget.problem.shareTooHigh");
    expect(checkBudget(lines, 5_000_000, RULES).problems.map((p) => p.messageKey)).toEqual(["proposals.budget.problem.belowMinGrant"]);
    expect(checkBudget(lines, 20_000_000, RULES).problems.map((p) => p.messageKey)).toContain("proposals.budget.problem.requestedAboveTotal");
    expect(checkBudget([], null, RULES).problems.map((p) => p.messageKey)).toEqual(["proposals.budget.problem.noLines", "proposals.budget.problem.requestedMissing"]);
    expect(checkBudget([{ heading: "staff", description: "", units: 0, unitCostCents: 0 }], 1, RULES).problems[0]).toMatchObject({ field: "lines.0", messageKey: "proposals.budget.problem.lineInvalid" });
  });
});

describe("money as typed", () => {
  it.each([
    ["1500", 150_000],
    ["1500.5", 150_050],
    ["1500,50", 150_050],
    ["1 500,50", 150_050],
    ["1,500", 150_000],
    ["1.500", 150_000],
    ["1,500.25", 150_025],
    ["1.500,25", 150_025],
    ["€ 120 000", 12_000_000],
    ["0.01", 1],
    ["1.234", 123_400],
  ])("%s → %i cents", (input, cents) => expect(parseMoneyToCents(input)).toBe(cents));
  it.each(["", "abc", "1,2345", "-5", "1e5", "12.", "1,50,00"])("%s is not an amount", (input) => expect(parseMoneyToCents(input)).toBeNull());
  it("what the input shows parses back to the same cents", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (cents) => {
        expect(parseMoneyToCents(centsToInput(cents))).toBe(cents);
      }),
    );
  });
});
