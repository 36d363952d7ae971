// A grant's payment and reporting schedules and the 70% rule. Pure: no I/O; dates are UTC
// calendar days (midnight UTC), money is integer cents, shares are basis points.
//
// Decisions (domain README "Grants, payments and reports"):
// - Dates follow the contract: the end date is the last day of the action (inclusive).
// - Reporting: one interim report per reporting period that ends before the end date, due
//   60 days after the period's last day; the final report covers from the last period's start
//   to the end date and is due `finalReportMonths` (3, or 6 when the headquarters are not in a
//   country of implementation) after the end date.
// - Payments, short (≤ 12 months) or small (≤ EUR 100,000) grants: 80% pre-financing on
//   signature, the 20% balance after the final report is approved.
// - Payments, other grants: 10% of the amount is retained as the balance (paid after the final
//   report); the other 90% is split into one instalment per reporting period in proportion to
//   the period's months. Instalment 1 is paid on signature, instalment k after interim report
//   k-1 is approved. The split is cumulative (⌊D·cumulativeMonths/totalMonths⌋ minus the
//   previous cumulative value), so the instalments always add up exactly, whatever the months.
// - 70% rule (PRAG general conditions): the next instalment is paid in full only if the part of
//   the expenditure financed by the grant (spend × eligible-costs share) is at least 100% of all
//   payments before the previous one plus 70% of the previous one (rounded up to the cent);
//   otherwise it is reduced by the shortfall, never below zero.
// - The balance is the final payment: the grant's share of the reported spend, capped at the
//   amount, minus what was paid before; never more than planned nor less than zero.
import { formatMoney } from "~/utils/format.ts";

export const SHORT_GRANT_MAX_MONTHS = 12;
/** EUR 100,000. */
export const SMALL_GRANT_MAX_CENTS = 10_000_000;
export const SMALL_PREFINANCING_BP = 8000;
/** Share of the amount kept until the final report for longer, larger grants. */
export const BALANCE_RETENTION_BP = 1000;
export const SEVENTY_PERCENT_BP = 7000;
export const INTERIM_REPORT_DUE_DAYS = 60;
export const DEFAULT_REPORTING_PERIOD_MONTHS = 12;
export const FINAL_REPORT_MONTHS = 3;
export const FINAL_REPORT_MONTHS_ABROAD = 6;

const BP = 10_000n;
const DAY_MS = 86_400_000;

export type ReportKind = "INTERIM" | "FINAL";
export type TrancheKind = "PREFINANCING" | "INSTALMENT" | "BALANCE";
export type Bilingual = { en: string; fr: string };

// ------------------------------------------------------------------ dates

/** Midnight UTC of the same calendar day. */
export function utcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function addDays(d: Date, days: number): Date {
  return new Date(utcDay(d).getTime() + days * DAY_MS);
}

/** Adds calendar months; a day that does not exist in the target month becomes its last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)));
}

/** The first day of the month after `now`. */
export function firstOfNextMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

/** The last day of an action of `durationMonths` starting on `start`. */
export function contractEndDate(start: Date, durationMonths: number): Date {
  return addDays(addMonths(utcDay(start), durationMonths), -1);
}

/** Months from `start` to `end` (inclusive), a started month counting as a whole one; at least 1. */
export function monthsCovered(start: Date, end: Date): number {
  const s = utcDay(start);
  const after = addDays(end, 1);
  let m = (after.getUTCFullYear() - s.getUTCFullYear()) * 12 + (after.getUTCMonth() - s.getUTCMonth());
  while (m > 0 && addMonths(s, m).getTime() > after.getTime()) m -= 1;
  if (addMonths(s, m).getTime() < after.getTime()) m += 1;
  return Math.max(1, m);
}

// ------------------------------------------------------------------ reporting schedule

export interface ReportingInput {
  startDate: Date;
  endDate: Date;
  reportingPeriodMonths: number;
  finalReportMonths: number;
}

export interface PlannedReport {
  kind: ReportKind;
  number: number;
  periodStart: Date;
  periodEnd: Date;
  dueDate: Date;
  /** Months of the period, for the split of the instalments. */
  months: number;
}

/** 3 months, or 6 when the headquarters' country is not one of the countries of implementation. */
export function finalReportMonthsFor(headquartersCountryCode: string, targetCountryCodes: readonly string[]): number {
  if (targetCountryCodes.length === 0 || targetCountryCodes.includes(headquartersCountryCode)) return FINAL_REPORT_MONTHS;
  return FINAL_REPORT_MONTHS_ABROAD;
}

export function reportingSchedule(input: ReportingInput): PlannedReport[] {
  const start = utcDay(input.startDate);
  const end = utcDay(input.endDate);
  if (end.getTime() < start.getTime()) throw new RangeError("the end date is before the start date");
  const period = Math.max(1, Math.floor(input.reportingPeriodMonths));
  const reports: PlannedReport[] = [];
  let k = 1;
  for (;;) {
    const periodEnd = addDays(addMonths(start, k * period), -1);
    if (periodEnd.getTime() >= end.getTime()) break;
    reports.push({ kind: "INTERIM", number: k, periodStart: addMonths(start, (k - 1) * period), periodEnd, dueDate: addDays(periodEnd, INTERIM_REPORT_DUE_DAYS), months: period });
    k += 1;
  }
  const lastStart = addMonths(start, (k - 1) * period);
  reports.push({ kind: "FINAL", number: 1, periodStart: lastStart, periodEnd: end, dueDate: addMonths(end, input.finalReportMonths), months: monthsCovered(lastStart, end) });
  return reports;
}

// ------------------------------------------------------------------ payment schedule

export interface PlannedTranche {
  number: number;
  kind: TrancheKind;
  plannedAmountCents: number;
  /** "SIGNATURE" or "REPORT:<INTERIM|FINAL>:<number>". */
  dependsOn: string;
}

export const SIGNATURE = "SIGNATURE";
export const reportDependency = (kind: ReportKind, number: number) => `REPORT:${kind}:${number}`;

export type Dependency = { type: "signature" } | { type: "report"; kind: ReportKind; number: number };

export function parseDependency(dependsOn: string): Dependency | null {
  if (dependsOn === SIGNATURE) return { type: "signature" };
  const m = /^REPORT:(INTERIM|FINAL):(\d+)$/.exec(dependsOn);
  if (!m) return null;
  return { type: "report", kind: m[1] as ReportKind, number: Number(m[2]) };
}

/** "On signature", "After approval of interim report 1", "After approval of the final report". */
export function describeDependency(dependsOn: string): Bilingual {
  const d = parseDependency(dependsOn);
  if (!d) return { en: dependsOn, fr: dependsOn };
  if (d.type === "signature") return { en: "On signature", fr: "À la signature" };
  if (d.kind === "FINAL") return { en: "After approval of the final report", fr: "Après approbation du rapport final" };
  return { en: `After approval of interim report ${d.number}`, fr: `Après approbation du rapport intermédiaire ${d.number}` };
}

export function isShortOrSmall(amountCents: number, durationMonths: number): boolean {
  return durationMonths <= SHORT_GRANT_MAX_MONTHS || amountCents <= SMALL_GRANT_MAX_CENTS;
}

/** ⌊cents × bp / 10 000⌋, exact. */
export function shareOf(cents: number, bp: number): number {
  return Number((BigInt(cents) * BigInt(bp)) / BP);
}

export interface ScheduleInput {
  amountCents: number;
  durationMonths: number;
  /** The reporting schedule (reportingSchedule), whose periods the instalments follow. */
  reports: readonly Pick<PlannedReport, "kind" | "number" | "months">[];
}

export function paymentSchedule(input: ScheduleInput): PlannedTranche[] {
  const { amountCents } = input;
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) throw new RangeError(`amountCents must be a non-negative integer, got ${amountCents}`);
  const final = reportDependency("FINAL", 1);
  if (isShortOrSmall(amountCents, input.durationMonths)) {
    const first = shareOf(amountCents, SMALL_PREFINANCING_BP);
    return [
      { number: 1, kind: "PREFINANCING", plannedAmountCents: first, dependsOn: SIGNATURE },
      { number: 2, kind: "BALANCE", plannedAmountCents: amountCents - first, dependsOn: final },
    ];
  }
  const interims = input.reports.filter((r) => r.kind === "INTERIM").sort((a, b) => a.number - b.number);
  const finalReport = input.reports.find((r) => r.kind === "FINAL");
  const periods = [...interims, ...(finalReport ? [finalReport] : [])];
  const months = periods.length ? periods.map((p) => Math.max(1, p.months)) : [1];
  const totalMonths = BigInt(months.reduce((a, b) => a + b, 0));
  const distributable = BigInt(amountCents - shareOf(amountCents, BALANCE_RETENTION_BP));
  const tranches: PlannedTranche[] = [];
  let cumulative = 0n;
  let paidSoFar = 0n;
  months.forEach((m, i) => {
    cumulative += BigInt(m);
    const upTo = (distributable * cumulative) / totalMonths;
    const previousInterim = interims[i - 1];
    tranches.push({
      number: i + 1,
      kind: i === 0 ? "PREFINANCING" : "INSTALMENT",
      plannedAmountCents: Number(upTo - paidSoFar),
      dependsOn: i === 0 || !previousInterim ? SIGNATURE : reportDependency("INTERIM", previousInterim.number),
    });
    paidSoFar = upTo;
  });
  tranches.push({ number: tranches.length + 1, kind: "BALANCE", plannedAmountCents: amountCents - Number(paidSoFar), dependsOn: final });
  return tranches;
}

/** Null when the planned amounts add up to the grant amount; otherwise the difference (positive: too much). */
export function scheduleDifference(plannedCents: readonly number[], amountCents: number): number | null {
  const total = plannedCents.reduce((a, b) => a + b, 0);
  return total === amountCents ? null : total - amountCents;
}

// ------------------------------------------------------------------ the 70% rule

export interface InstalmentDueInput {
  /** What the schedule plans for this instalment. */
  plannedCents: number;
  /** Paid before the previous instalment (all of it must be spent). */
  earlierTranchesCents: number;
  /** Paid as the previous instalment (70% of it must be spent). */
  previousTrancheCents: number;
  /** Expenditure financed by the grant, reported so far (see `fundedSpend`). */
  spentCents: number;
}

export interface AmountDue {
  dueCents: number;
  /** What had to be spent for full payment. */
  thresholdCents: number;
  /** How much is missing (0 when paid in full). */
  shortfallCents: number;
  full: boolean;
  explanation: Bilingual;
}

/** The part of the reported spend that the grant finances: ⌊spent × share⌋. */
export function fundedSpend(spentCents: number, eligibleCostsShareBp: number): number {
  return shareOf(Math.max(0, spentCents), Math.max(0, eligibleCostsShareBp));
}

export function instalmentDue(input: InstalmentDueInput): AmountDue {
  const planned = Math.max(0, input.plannedCents);
  const earlier = Math.max(0, input.earlierTranchesCents);
  const previous = Math.max(0, input.previousTrancheCents);
  const spent = Math.max(0, input.spentCents);
  // 70% rounded up to the cent, so "at least 70%" holds exactly.
  const seventy = Number((BigInt(previous) * BigInt(SEVENTY_PERCENT_BP) + BP - 1n) / BP);
  const threshold = earlier + seventy;
  const shortfall = Math.max(0, threshold - spent);
  const due = Math.max(0, planned - shortfall);
  const full = shortfall === 0;
  const m = (c: number, l: "en" | "fr") => formatMoney(c, l);
  const explanation: Bilingual = full
    ? {
        en: `Paid in full: ${m(spent, "en")} of the grant has been spent, at least all earlier payments (${m(earlier, "en")}) plus 70% of the previous one (${m(seventy, "en")} of ${m(previous, "en")}), that is ${m(threshold, "en")}.`,
        fr: `Payée en totalité : ${m(spent, "fr")} de la subvention ont été dépensés, soit au moins la totalité des paiements antérieurs (${m(earlier, "fr")}) plus 70 % du précédent (${m(seventy, "fr")} sur ${m(previous, "fr")}), c’est-à-dire ${m(threshold, "fr")}.`,
      }
    : {
        en: `Reduced by ${m(shortfall, "en")}: full payment needs spending of all earlier payments (${m(earlier, "en")}) plus 70% of the previous one (${m(seventy, "en")} of ${m(previous, "en")}), that is ${m(threshold, "en")}; ${m(spent, "en")} was spent. ${m(planned, "en")} planned − ${m(shortfall, "en")} = ${m(due, "en")} due.`,
        fr: `Réduite de ${m(shortfall, "fr")} : le paiement complet exige la dépense de tous les paiements antérieurs (${m(earlier, "fr")}) plus 70 % du précédent (${m(seventy, "fr")} sur ${m(previous, "fr")}), soit ${m(threshold, "fr")} ; ${m(spent, "fr")} ont été dépensés. ${m(planned, "fr")} prévus − ${m(shortfall, "fr")} = ${m(due, "fr")} dus.`,
      };
  return { dueCents: due, thresholdCents: threshold, shortfallCents: shortfall, full, explanation };
}

export interface BalanceDueInput {
  plannedCents: number;
  amountCents: number;
  /** Expenditure financed by the grant over the whole action. */
  spentCents: number;
  /** Paid before the balance. */
  paidBeforeCents: number;
}

/** The final payment: the grant's share of the spend, capped at the amount, minus what was paid; within [0, planned]. */
export function balanceDue(input: BalanceDueInput): AmountDue {
  const planned = Math.max(0, input.plannedCents);
  const accepted = Math.min(Math.max(0, input.spentCents), Math.max(0, input.amountCents));
  const owed = accepted - Math.max(0, input.paidBeforeCents);
  const due = Math.min(planned, Math.max(0, owed));
  const shortfall = planned - due;
  const full = shortfall === 0;
  const m = (c: number, l: "en" | "fr") => formatMoney(c, l);
  const explanation: Bilingual = full
    ? {
        en: `Paid in full: the grant's share of the costs reported (${m(accepted, "en")}) covers the ${m(input.paidBeforeCents, "en")} already paid and the balance.`,
        fr: `Payé en totalité : la part de la subvention dans les coûts déclarés (${m(accepted, "fr")}) couvre les ${m(input.paidBeforeCents, "fr")} déjà payés et le solde.`,
      }
    : {
        en: `Reduced by ${m(shortfall, "en")}: the grant's share of the costs reported is ${m(accepted, "en")} and ${m(input.paidBeforeCents, "en")} was already paid, so ${m(due, "en")} of the ${m(planned, "en")} planned is due.`,
        fr: `Réduit de ${m(shortfall, "fr")} : la part de la subvention dans les coûts déclarés est de ${m(accepted, "fr")} et ${m(input.paidBeforeCents, "fr")} ont déjà été payés ; ${m(due, "fr")} sur les ${m(planned, "fr")} prévus sont dus.`,
      };
  return { dueCents: due, thresholdCents: planned, shortfallCents: shortfall, full, explanation };
}
