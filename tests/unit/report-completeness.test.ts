// What a report needs before it can be submitted, its figures (remaining budget, % spent,
// progress towards a target), the one "overdue" rule used everywhere, and the report form's
// parsing of amounts and measured values as people type them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkReportCompleteness, financialFigures, indicatorFigures, problemSentences, shareBp } from "~/modules/reporting/completeness.ts";
import { daysUntilDue, isReportDueSoon, isReportOverdue } from "~/modules/reporting/overdue.ts";
import { FINAL_SECTIONS, INTERIM_SECTIONS, parseIndicatorValue, reportFormSchema, reviewFormSchema, toReportFormValues, type ReportDraft } from "~/modules/reporting/report-schema.ts";

const BUDGET = [
  { code: "1", label: "Staff", amountCents: 6_000_000 },
  { code: "2", label: "Activities", amountCents: 4_000_000 },
];
const INDICATORS = [
  { code: "I1", label: "People informed", unit: "people", baseline: 0, target: 1000 },
  { code: "I2", label: "Trainings held", unit: "", baseline: 2, target: 12 },
];

function fullDraft(kind: "INTERIM" | "FINAL"): ReportDraft {
  const sections = kind === "FINAL" ? FINAL_SECTIONS : INTERIM_SECTIONS;
  return {
    narrative: Object.fromEntries(sections.map((s) => [s, `Text for ${s}`])),
    indicators: { I1: { actual: 400, comment: "" }, I2: { actual: 7, comment: "On track" } },
    financial: { "1": 2_000_000, "2": 0 },
  };
}

describe("checkReportCompleteness", () => {
  it("finds nothing missing in a complete interim or final report", () => {
    for (const kind of ["INTERIM", "FINAL"] as const) {
      expect(checkReportCompleteness({ kind, draft: fullDraft(kind), indicators: INDICATORS, budget: BUDGET })).toEqual([]);
    }
  });

  it("names every empty section, every indicator without an actual value and every heading without an amount", () => {
    const empty: ReportDraft = { narrative: { summary: "   " }, indicators: { I1: { actual: null, comment: "x" } }, financial: { "2": 0 } };
    const problems = checkReportCompleteness({ kind: "INTERIM", draft: empty, indicators: INDICATORS, budget: BUDGET });
    expect(problems.map((p) => p.field)).toEqual([
      "narrative.summary",
      "narrative.activities",
      "narrative.results",
      "narrative.difficulties",
      "narrative.nextPeriod",
      "indicator.I1.actual",
      "indicator.I2.actual",
      "spent.1",
    ]);
    // 0 spent is an answer; an amount not entered is not.
    expect(problems.some((p) => p.field === "spent.2")).toBe(false);
    expect(problemSentences(problems)[0]).toBe('Section "summary" is empty.');
  });

  it("asks a final report for sustainability and lessons, not for the next period", () => {
    const draft = fullDraft("INTERIM");
    const problems = checkReportCompleteness({ kind: "FINAL", draft, indicators: INDICATORS, budget: BUDGET });
    expect(problems.map((p) => p.field)).toEqual(["narrative.sustainability", "narrative.lessons"]);
  });
});

describe("financialFigures", () => {
  it("shows remaining and % spent per heading and in total, in integer cents", () => {
    const f = financialFigures(BUDGET, { "1": 4_500_000, "2": 4_100_000 });
    expect(f.headings[0]).toMatchObject({ budgetCents: 6_000_000, spentCents: 4_500_000, remainingCents: 1_500_000, spentBp: 7500, overspent: false });
    expect(f.headings[1]).toMatchObject({ remainingCents: -100_000, spentBp: 10_250, overspent: true });
    expect(f).toMatchObject({ budgetCents: 10_000_000, spentCents: 8_600_000, remainingCents: 1_400_000, spentBp: 8600 });
  });

  it("counts a heading not entered as nothing spent, and says it is not entered", () => {
    const f = financialFigures(BUDGET, {});
    expect(f.headings[0]).toMatchObject({ spentCents: null, remainingCents: 6_000_000, spentBp: 0 });
  });

  it("budget = spent + remaining, and the share never rounds up (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), (budget, spent) => {
        const f = financialFigures([{ code: "x", label: "X", amountCents: budget }], { x: spent });
        const h = f.headings[0]!;
        expect(h.spentCents! + h.remainingCents).toBe(budget);
        expect(Number.isInteger(h.spentBp)).toBe(true);
        expect(BigInt(h.spentBp!) * BigInt(budget)).toBeLessThanOrEqual(BigInt(spent) * 10_000n);
      })
    );
    expect(shareBp(1, 3)).toBe(3333);
    expect(shareBp(5, 0)).toBeNull();
  });
});

describe("indicatorFigures", () => {
  it("measures progress from the baseline to the target", () => {
    const rows = indicatorFigures(INDICATORS, { indicators: { I1: { actual: 250, comment: "" }, I2: { actual: 7, comment: "c" } } });
    expect(rows.map((r) => r.progressBp)).toEqual([2500, 5000]);
    expect(rows[1]!.comment).toBe("c");
    expect(indicatorFigures(INDICATORS, { indicators: {} })[0]!.progressBp).toBeNull();
  });
});

describe("isReportOverdue and isReportDueSoon", () => {
  const due = new Date("2031-03-31T00:00:00Z");
  const at = (iso: string) => new Date(iso);

  it("flags a report never submitted once its due date has passed", () => {
    expect(isReportOverdue({ state: "draft", dueDate: due }, at("2031-03-30T23:59:59Z"))).toBe(false);
    expect(isReportOverdue({ state: "draft", dueDate: due }, at("2031-03-31T00:00:00Z"))).toBe(false);
    expect(isReportOverdue({ state: "draft", dueDate: due.toISOString() }, at("2031-03-31T00:00:01Z"))).toBe(true);
  });

  it("never flags a report that was handed in, whatever happened to it since", () => {
    for (const state of ["submitted", "under_review", "changes_requested", "approved"]) {
      expect(isReportOverdue({ state, dueDate: due }, at("2032-01-01T00:00:00Z"))).toBe(false);
      expect(isReportDueSoon({ state, dueDate: due }, at("2031-03-25T00:00:00Z"))).toBe(false);
    }
  });

  it("is due soon within 14 days before the due date, not before and not after", () => {
    expect(isReportDueSoon({ state: "draft", dueDate: due }, at("2031-03-16T23:59:59Z"))).toBe(false);
    expect(isReportDueSoon({ state: "draft", dueDate: due }, at("2031-03-17T00:00:00Z"))).toBe(true);
    expect(isReportDueSoon({ state: "draft", dueDate: due }, at("2031-03-31T00:00:00Z"))).toBe(true);
    expect(isReportDueSoon({ state: "draft", dueDate: due }, at("2031-03-31T00:00:01Z"))).toBe(false);
  });

  it("is never both due soon and overdue (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -40, max: 40 }), fc.integer({ min: 0, max: 86_399_999 }), (days, ms) => {
        const now = new Date(due.getTime() + days * 86_400_000 + ms);
        const r = { state: "draft", dueDate: due };
        expect(isReportDueSoon(r, now) && isReportOverdue(r, now)).toBe(false);
      })
    );
  });

  it("counts whole days until the due date", () => {
    expect(daysUntilDue({ dueDate: due }, at("2031-03-21T12:00:00Z"))).toBe(10);
    expect(daysUntilDue({ dueDate: due }, at("2031-04-02T00:00:00Z"))).toBe(-2);
  });
});

describe("the report form", () => {
  const shape = { kind: "INTERIM", indicatorCodes: ["I1"], headingCodes: ["1", "2"] };

  it("reads amounts as the proposal budget does and measured values in either notation", () => {
    const parsed = reportFormSchema(shape).safeParse({ "narrative.summary": "Done", "indicator.I1.actual": "1 250", "spent.1": "1 234,56", "spent.2": "1,234.56" });
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(parsed.data.financial).toEqual({ "1": 123_456, "2": 123_456 });
    expect(parsed.data.indicators.I1).toEqual({ actual: 1250, comment: "" });
    expect(parsed.data.narrative.activities).toBe("");
    expect(parseIndicatorValue("12,5")).toBe(12.5);
    expect(parseIndicatorValue("1,234")).toBe(1234);
    expect(parseIndicatorValue("-3")).toBe(-3);
    expect(parseIndicatorValue("")).toBeNull();
    expect(parseIndicatorValue("lots")).toBeUndefined();
  });

  it("refuses an amount or a value that is not one, on its field", () => {
    const parsed = reportFormSchema(shape).safeParse({ "indicator.I1.actual": "many", "spent.1": "12.345,678" });
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) => i.path.join("."));
    expect(paths.sort()).toEqual(["indicator.I1.actual", "spent.1"]);
  });

  it("gives back what is stored as the form shows it", () => {
    const values = toReportFormValues(shape, { narrative: { summary: "S" }, indicators: { I1: { actual: 12.5, comment: "c" } }, financial: { "1": 150_050 } });
    expect(values).toMatchObject({ "narrative.summary": "S", "indicator.I1.actual": "12.5", "indicator.I1.comment": "c", "spent.1": "1500.50", "spent.2": "" });
  });

  it("requires a reason to request changes, not to approve", () => {
    const schema = reviewFormSchema("INTERIM");
    expect(schema.safeParse({ decision: "request_changes", reason: " ", version: "3" }).success).toBe(false);
    const ok = schema.safeParse({ decision: "approve", version: "3", "comment.summary": " Good ", "comment.financial": "" });
    expect(ok.success && ok.data.comments).toEqual({ summary: "Good" });
  });
});
