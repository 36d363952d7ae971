// Reminders about reports, sent by a daily job: "due soon" once when a report not yet
// submitted is due within DUE_SOON_DAYS, and "overdue" once when its due date has passed
// (the rule of overdue.ts). Each is claimed by setting reminderSentAt / overdueNotifiedAt in
// the same transaction as the queued emails, so two runs (or two replicas) never send twice.
import { deliverEmail, queueEmail } from "~/modules/notifications/email.server.ts";
import { db } from "~/utils/db.server.ts";
import { formatDate } from "~/utils/format.ts";
import type { JobDefinition } from "~/utils/jobs.server.ts";
import { DUE_SOON_DAYS, isReportDueSoon, isReportOverdue } from "./overdue.ts";
import { reportName } from "./review.server.ts";

export const REPORT_REMINDERS_JOB = "report-reminders";
const DAY_MS = 86_400_000;

type Kind = "dueSoon" | "overdue";

const MEMBERS = { organisation: { select: { members: { select: { user: { select: { email: true, locale: true, disabledAt: true } } } } } } } as const;

async function remind(reportId: string, kind: Kind, now: Date, origin: string): Promise<boolean> {
  const ids: string[] = [];
  const claimed = await db().$transaction(async (tx) => {
    const report = await tx.report.findUnique({
      where: { id: reportId },
      select: { id: true, kind: true, number: true, state: true, dueDate: true, reminderSentAt: true, overdueNotifiedAt: true, grant: { select: { id: true, title: true, ...MEMBERS } } },
    });
    if (!report) return false;
    const due = kind === "dueSoon" ? isReportDueSoon(report, now) && report.reminderSentAt === null : isReportOverdue(report, now) && report.overdueNotifiedAt === null;
    if (!due) return false;
    // The claim: only one run gets count 1.
    const { count } = await tx.report.updateMany({
      where: kind === "dueSoon" ? { id: report.id, reminderSentAt: null } : { id: report.id, overdueNotifiedAt: null },
      data: kind === "dueSoon" ? { reminderSentAt: now } : { overdueNotifiedAt: now },
    });
    if (count === 0) return false;
    const link = new URL(`/grants/${report.grant.id}/reports/${report.id}`, origin).toString();
    for (const { user } of report.grant.organisation.members) {
      if (user.disabledAt) continue;
      const params = { grant: report.grant.title, report: reportName(report.kind, report.number, user.locale), dueDate: formatDate(report.dueDate, user.locale), link };
      ids.push(await queueEmail({ to: user.email, template: kind === "dueSoon" ? "reportDueSoon" : "reportOverdue", locale: user.locale, params }, tx));
    }
    return true;
  });
  for (const id of ids) await deliverEmail(id);
  return claimed;
}

/**
 * Sends what is due at `now`; returns the reports reminded. Safe to run any number of times:
 * each reminder goes once per report.
 */
export async function sendReportReminders(now: Date, origin = process.env.APP_URL ?? "http://localhost:3000"): Promise<{ dueSoon: string[]; overdue: string[] }> {
  const soon = await db().report.findMany({
    where: { state: "draft", reminderSentAt: null, dueDate: { gte: now, lte: new Date(now.getTime() + DUE_SOON_DAYS * DAY_MS) } },
    select: { id: true },
    orderBy: { dueDate: "asc" },
  });
  const late = await db().report.findMany({ where: { state: "draft", overdueNotifiedAt: null, dueDate: { lt: now } }, select: { id: true }, orderBy: { dueDate: "asc" } });
  const out = { dueSoon: [] as string[], overdue: [] as string[] };
  for (const { id } of soon) if (await remind(id, "dueSoon", now, origin)) out.dueSoon.push(id);
  for (const { id } of late) if (await remind(id, "overdue", now, origin)) out.overdue.push(id);
  return out;
}

export const REPORT_JOBS: JobDefinition[] = [
  // Every day at 06:00 UTC, before the working day in Africa and Europe.
  { name: REPORT_REMINDERS_JOB, cron: "0 6 * * *", handler: async () => void (await sendReportReminders(new Date())) },
];
