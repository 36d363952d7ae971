// Whether a report is overdue or due soon: one rule for every page, list and job that flags
// it (grantee page, grant page, portfolio, manager's list, reminders). Pure: `now` is given.
//
// A report is overdue when its due date has passed and it was never handed in (state
// "draft"). A report submitted on time and sent back for changes is not overdue: the grantee
// met the deadline, and the changes have their own 30-day expectation (shown on the page).

export const DUE_SOON_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReportDueFacts {
  state: string;
  dueDate: Date | string;
}

const time = (d: Date | string) => (d instanceof Date ? d.getTime() : new Date(d).getTime());

/** Still to be handed in: nothing has been submitted yet. */
export const isAwaitingSubmission = (report: Pick<ReportDueFacts, "state">) => report.state === "draft";

/** Past its due date and never submitted. */
export function isReportOverdue(report: ReportDueFacts, now: Date): boolean {
  return isAwaitingSubmission(report) && now.getTime() > time(report.dueDate);
}

/** Not yet submitted and due within DUE_SOON_DAYS (not overdue yet). */
export function isReportDueSoon(report: ReportDueFacts, now: Date, days = DUE_SOON_DAYS): boolean {
  if (!isAwaitingSubmission(report)) return false;
  const due = time(report.dueDate);
  return now.getTime() <= due && due - now.getTime() <= days * DAY_MS;
}

/** Whole days until the due date (negative once past it), counted from `now`. */
export function daysUntilDue(report: Pick<ReportDueFacts, "dueDate">, now: Date): number {
  const diff = time(report.dueDate) - now.getTime();
  return diff >= 0 ? Math.ceil(diff / DAY_MS) : -Math.ceil(-diff / DAY_MS);
}
