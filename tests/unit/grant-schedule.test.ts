// A grant's payment and reporting schedules and the 70% rule (app/modules/grants/schedule.ts):
// examples from the rules, and properties that must hold for any grant.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMonths,
  balanceDue,
  contractEndDate,
  describeDependency,
  finalReportMonthsFor,
  firstOfNextMonth,
  fundedSpend,
  instalmentDue,
  monthsCovered,
  parseDependency,
  paymentSchedule,
  reportingSchedule,
  scheduleDifference,
} from "~/modules/grants/schedule.ts";

const d = (s: string) => new Date(`${s}T00:00:00.000Z`);
const day = (x: Date) => x.toISOString().slice(0, 10);

function schedule(amountCents: number, start: string, months: number, period = 12, finalMonths = 3) {
  const startDate = d(start);
  const endDate = contractEndDate(startDate, months);
  const reports = reportingSchedule({ startDate, endDate, reportingPeriodMonths: period, finalReportMonths: finalMonths });
  return { reports, tranches: paymentSchedule({ amountCents, durationMonths: monthsCovered(startDate, endDate), reports }) };
}

describe("dates", () => {
  it("the contract starts on the first day of next month and ends on the last day of its duration", () => {
    expect(day(firstOfNextMonth(d("2026-03-17")))).toBe("2026-04-01");
    expect(day(firstOfNextMonth(d("2026-12-31")))).toBe("2027-01-01");
    expect(day(contractEndDate(d("2026-04-01"), 24))).toBe("2028-03-31");
    expect(monthsCovered(d("2026-04-01"), d("2028-03-31"))).toBe(24);
    expect(day(addMonths(d("2026-01-31"), 1))).toBe("2026-02-28");
  });
});

describe("reportingSchedule", () => {
  it("24 months, 12-month periods: one interim report due 60 days after the first year, the final report 3 months after the end", () => {
    const { reports } = schedule(18_000_000, "2026-01-01", 24);
    expect(reports.map((r) => [r.kind, r.number, day(r.periodStart), day(r.periodEnd), day(r.dueDate)])).toEqual([
      ["INTERIM", 1, "2026-01-01", "2026-12-31", "2027-03-01"],
      ["FINAL", 1, "2027-01-01", "2027-12-31", "2028-03-31"],
    ]);
  });

  it("30 months: two interim reports, the final one covers the last 6 months", () => {
    const { reports } = schedule(30_000_000, "2026-01-01", 30);
    expect(reports.map((r) => `${r.kind}${r.number}:${day(r.periodStart)}..${day(r.periodEnd)}:${r.months}`)).toEqual([
      "INTERIM1:2026-01-01..2026-12-31:12",
      "INTERIM2:2027-01-01..2027-12-31:12",
      "FINAL1:2028-01-01..2028-06-30:6",
    ]);
  });

  it("a 6-month grant has only the final report", () => {
    const { reports } = schedule(12_000_000, "2026-07-01", 6);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ kind: "FINAL", number: 1 });
    expect(day(reports[0]!.dueDate)).toBe("2027-03-31");
  });

  it("the final report is due after 6 months when the headquarters are outside the countries of implementation", () => {
    expect(finalReportMonthsFor("SN", ["SN", "ML"])).toBe(3);
    expect(finalReportMonthsFor("FR", ["SN", "ML"])).toBe(6);
    const { reports } = schedule(12_000_000, "2026-07-01", 6, 12, finalReportMonthsFor("BE", ["MA"]));
    expect(day(reports[0]!.dueDate)).toBe("2027-06-30");
  });

  it("for any contract: periods follow each other without gaps, interim reports end before the end date, due dates follow the rules", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 72 }), fc.integer({ min: 1, max: 24 }), fc.constantFrom(3, 6), (offset, months, period, finalMonths) => {
        const startDate = addMonths(d("2024-01-01"), offset);
        const endDate = contractEndDate(startDate, months);
        const reports = reportingSchedule({ startDate, endDate, reportingPeriodMonths: period, finalReportMonths: finalMonths });
        const final = reports[reports.length - 1]!;
        expect(final.kind).toBe("FINAL");
        expect(reports.filter((r) => r.kind === "FINAL")).toHaveLength(1);
        expect(day(reports[0]!.periodStart)).toBe(day(startDate));
        expect(day(final.periodEnd)).toBe(day(endDate));
        expect(day(final.dueDate)).toBe(day(addMonths(endDate, finalMonths)));
        reports.forEach((r, i) => {
          if (i > 0) expect(r.periodStart.getTime() - reports[i - 1]!.periodEnd.getTime()).toBe(86_400_000);
          if (r.kind === "INTERIM") {
            expect(r.periodEnd.getTime()).toBeLessThan(endDate.getTime());
            expect(r.dueDate.getTime() - r.periodEnd.getTime()).toBe(60 * 86_400_000);
            expect(r.number).toBe(i + 1);
          }
        });
      }),
    );
  });
});

describe("paymentSchedule", () => {
  it("a small grant (≤ EUR 100,000): 80% on signature, 20% after the final report", () => {
    const { tranches } = schedule(9_999_999, "2026-01-01", 24);
    expect(tranches).toEqual([
      { number: 1, kind: "PREFINANCING", plannedAmountCents: 7_999_999, dependsOn: "SIGNATURE" },
      { number: 2, kind: "BALANCE", plannedAmountCents: 2_000_000, dependsOn: "REPORT:FINAL:1" },
    ]);
  });

  it("a short grant (≤ 12 months) is paid 80/20 whatever its amount", () => {
    const { tranches } = schedule(50_000_000, "2026-01-01", 12);
    expect(tranches.map((t) => t.plannedAmountCents)).toEqual([40_000_000, 10_000_000]);
  });

  it("EUR 180,000 over 24 months: two instalments of EUR 81,000 and a EUR 18,000 balance (10% retained)", () => {
    const { tranches } = schedule(18_000_000, "2026-01-01", 24);
    expect(tranches).toEqual([
      { number: 1, kind: "PREFINANCING", plannedAmountCents: 8_100_000, dependsOn: "SIGNATURE" },
      { number: 2, kind: "INSTALMENT", plannedAmountCents: 8_100_000, dependsOn: "REPORT:INTERIM:1" },
      { number: 3, kind: "BALANCE", plannedAmountCents: 1_800_000, dependsOn: "REPORT:FINAL:1" },
    ]);
  });

  it("instalments follow the periods' months (30 months: 12, 12, 6)", () => {
    const { tranches } = schedule(30_000_000, "2026-01-01", 30);
    expect(tranches.map((t) => [t.plannedAmountCents, t.dependsOn])).toEqual([
      [10_800_000, "SIGNATURE"],
      [10_800_000, "REPORT:INTERIM:1"],
      [5_400_000, "REPORT:INTERIM:2"],
      [3_000_000, "REPORT:FINAL:1"],
    ]);
  });

  it("for any grant: the instalments add up exactly to the amount, none negative, one balance after the final report", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), fc.integer({ min: 1, max: 72 }), fc.integer({ min: 1, max: 24 }), (amount, months, period) => {
        const { tranches, reports } = schedule(amount, "2025-03-01", months, period);
        expect(tranches.reduce((s, t) => s + t.plannedAmountCents, 0)).toBe(amount);
        expect(scheduleDifference(tranches.map((t) => t.plannedAmountCents), amount)).toBeNull();
        for (const t of tranches) expect(Number.isSafeInteger(t.plannedAmountCents) && t.plannedAmountCents >= 0).toBe(true);
        expect(tranches[0]!.dependsOn).toBe("SIGNATURE");
        expect(tranches.filter((t) => t.kind === "BALANCE").map((t) => t.dependsOn)).toEqual(["REPORT:FINAL:1"]);
        // Every report a tranche waits for exists.
        for (const t of tranches) {
          const dep = parseDependency(t.dependsOn);
          if (dep?.type === "report") expect(reports.some((r) => r.kind === dep.kind && r.number === dep.number)).toBe(true);
        }
        expect(tranches.map((t) => t.number)).toEqual(tranches.map((_, i) => i + 1));
      }),
    );
  });

  it("says what each tranche waits for in words", () => {
    expect(describeDependency("SIGNATURE").en).toBe("On signature");
    expect(describeDependency("REPORT:INTERIM:1").en).toBe("After approval of interim report 1");
    expect(describeDependency("REPORT:FINAL:1")).toEqual({ en: "After approval of the final report", fr: "Après approbation du rapport final" });
  });

  it("reports a schedule that does not add up, with the difference", () => {
    expect(scheduleDifference([8_000_000, 1_000_000], 10_000_000)).toBe(-1_000_000);
    expect(scheduleDifference([8_000_000, 2_000_000], 10_000_000)).toBeNull();
  });
});

describe("the 70% rule", () => {
  it("pays the next instalment in full when 70% of the previous one has been spent", () => {
    const r = instalmentDue({ plannedCents: 8_100_000, earlierTranchesCents: 0, previousTrancheCents: 8_100_000, spentCents: 5_670_000 });
    expect(r).toMatchObject({ dueCents: 8_100_000, full: true, thresholdCents: 5_670_000, shortfallCents: 0 });
    expect(r.explanation.en).toMatch(/^Paid in full/);
    expect(r.explanation.fr).toMatch(/^Payée en totalité/);
  });

  it("reduces it by the shortfall otherwise, and says how", () => {
    const r = instalmentDue({ plannedCents: 8_100_000, earlierTranchesCents: 0, previousTrancheCents: 8_100_000, spentCents: 4_000_000 });
    expect(r).toMatchObject({ dueCents: 6_430_000, full: false, shortfallCents: 1_670_000 });
    expect(r.explanation.en).toContain("Reduced by €16,700");
    expect(r.explanation.en).toContain("€64,300 due");
    expect(r.explanation.fr).toContain("Réduite de");
  });

  it("needs all of the earlier instalments spent as well", () => {
    const r = instalmentDue({ plannedCents: 1_000_000, earlierTranchesCents: 2_000_000, previousTrancheCents: 1_000_000, spentCents: 2_600_000 });
    expect(r.thresholdCents).toBe(2_700_000);
    expect(r.dueCents).toBe(900_000);
  });

  it("never below zero", () => {
    expect(instalmentDue({ plannedCents: 100, earlierTranchesCents: 0, previousTrancheCents: 1_000_000, spentCents: 0 }).dueCents).toBe(0);
  });

  it("for any figures: between 0 and planned, full payment iff the spend reaches the threshold, reduced exactly by the shortfall", () => {
    const cents = fc.integer({ min: 0, max: 500_000_000 });
    fc.assert(
      fc.property(cents, cents, cents, cents, (planned, earlier, previous, spent) => {
        const r = instalmentDue({ plannedCents: planned, earlierTranchesCents: earlier, previousTrancheCents: previous, spentCents: spent });
        expect(r.dueCents).toBeGreaterThanOrEqual(0);
        expect(r.dueCents).toBeLessThanOrEqual(planned);
        expect(Number.isSafeInteger(r.dueCents)).toBe(true);
        // At least 70% of the previous one, exactly, in integers: spent·10000 ≥ earlier·10000 + previous·7000.
        const reaches = BigInt(spent) * 10_000n >= BigInt(earlier) * 10_000n + BigInt(previous) * 7_000n;
        expect(r.full).toBe(reaches);
        if (reaches) expect(r.dueCents).toBe(planned);
        else expect(r.dueCents).toBe(Math.max(0, planned - (r.thresholdCents - spent)));
      }),
    );
  });

  it("counts only the part of the spend the grant finances", () => {
    expect(fundedSpend(10_000_000, 9000)).toBe(9_000_000);
    expect(fundedSpend(333, 9000)).toBe(299);
  });
});

describe("the balance", () => {
  it("is paid in full when the grant's share of the costs covers what was paid and the balance", () => {
    expect(balanceDue({ plannedCents: 2_000_000, amountCents: 10_000_000, spentCents: 10_000_000, paidBeforeCents: 8_000_000 })).toMatchObject({ dueCents: 2_000_000, full: true });
  });

  it("is reduced to the costs reported", () => {
    const r = balanceDue({ plannedCents: 2_000_000, amountCents: 10_000_000, spentCents: 9_500_000, paidBeforeCents: 8_000_000 });
    expect(r).toMatchObject({ dueCents: 1_500_000, full: false, shortfallCents: 500_000 });
  });

  it("for any figures: between 0 and planned", () => {
    const cents = fc.integer({ min: 0, max: 500_000_000 });
    fc.assert(
      fc.property(cents, cents, cents, cents, (planned, amount, spent, paid) => {
        const r = balanceDue({ plannedCents: planned, amountCents: amount, spentCents: spent, paidBeforeCents: paid });
        expect(r.dueCents).toBeGreaterThanOrEqual(0);
        expect(r.dueCents).toBeLessThanOrEqual(planned);
        expect(r.full).toBe(r.dueCents === planned);
      }),
    );
  });
});
