// Report reminders on a moved clock: nothing early; "due soon" once within 14 days of the due
// date; "overdue" once after it, to every member of the grantee organisation in their own
// language; never for a report already handed in; and the daily job is registered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_DEFINITIONS } from "../../server/jobs.ts";
import { REPORT_REMINDERS_JOB, sendReportReminders } from "~/modules/reporting/reminders.server.ts";
import { buildWorld, type World } from "../support/personas.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const DAY = 86_400_000;
let t: TestDb;
let w: World;
const FR_EMAIL = "membre@matrix.test";

beforeAll(async () => {
  t = await createTestDb();
  w = await buildWorld(t.prisma);
  const fr = await t.prisma.user.create({ data: { email: FR_EMAIL, name: "Membre", role: "APPLICANT", locale: "fr", emailVerifiedAt: new Date() } });
  await t.prisma.membership.create({ data: { userId: fr.id, organisationId: w.orgA, role: "MEMBER" } });
});
afterAll(async () => {
  await t?.close();
});

const mails = (template: string) => t.prisma.emailMessage.findMany({ where: { template }, orderBy: { to: "asc" } });

describe("report reminders", () => {
  it("sends 'due soon' once within 14 days, then 'overdue' once after the due date, to every member in their language", async () => {
    const report = await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } });
    const due = report.dueDate;

    expect(await sendReportReminders(new Date(due.getTime() - 20 * DAY))).toEqual({ dueSoon: [], overdue: [] });
    expect(await t.prisma.emailMessage.count()).toBe(0);

    const soon = new Date(due.getTime() - 10 * DAY);
    expect(await sendReportReminders(soon)).toEqual({ dueSoon: [w.reportA], overdue: [] });
    // Run again the same day and the next: still one reminder each.
    await sendReportReminders(soon);
    await sendReportReminders(new Date(soon.getTime() + DAY));
    const dueSoon = await mails("reportDueSoon");
    expect(dueSoon.map((m) => m.to)).toEqual([w.users.applicantA.email, FR_EMAIL].sort());
    expect(dueSoon.find((m) => m.to === FR_EMAIL)).toMatchObject({ locale: "fr" });
    expect(dueSoon.find((m) => m.to === FR_EMAIL)!.subject).toContain("rapport intermédiaire 1");
    expect(dueSoon.find((m) => m.to === w.users.applicantA.email)!.text).toContain(`/grants/${w.grantA}/reports/${w.reportA}`);
    expect((await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } })).reminderSentAt?.toISOString()).toBe(soon.toISOString());
    expect(await mails("reportOverdue")).toHaveLength(0);

    const late = new Date(due.getTime() + DAY);
    expect(await sendReportReminders(late)).toEqual({ dueSoon: [], overdue: [w.reportA] });
    expect(await sendReportReminders(late)).toEqual({ dueSoon: [], overdue: [] });
    await sendReportReminders(new Date(late.getTime() + 5 * DAY));
    const overdue = await mails("reportOverdue");
    expect(overdue.map((m) => m.to)).toEqual([w.users.applicantA.email, FR_EMAIL].sort());
    expect(overdue.find((m) => m.to === FR_EMAIL)!.subject).toMatch(/^En retard/);
    expect((await t.prisma.report.findUniqueOrThrow({ where: { id: w.reportA } })).overdueNotifiedAt?.toISOString()).toBe(late.toISOString());
    expect(await mails("reportDueSoon")).toHaveLength(2);
    // Nobody outside the organisation hears of it.
    expect(await t.prisma.emailMessage.count({ where: { to: { in: [w.users.applicantB.email, w.users.manager.email] } } })).toBe(0);
  });

  it("says nothing about a report already handed in, before or after its due date", async () => {
    const grant = await t.prisma.grant.findUniqueOrThrow({ where: { id: w.grantA } });
    const due = new Date("2040-06-30T00:00:00Z");
    const handedIn = await t.prisma.report.create({
      data: { grantId: grant.id, kind: "FINAL", number: 1, periodStart: grant.startDate, periodEnd: grant.endDate, dueDate: due, state: "submitted", submittedAt: new Date("2040-06-01T00:00:00Z") },
    });
    const before = await t.prisma.emailMessage.count();
    expect(await sendReportReminders(new Date(due.getTime() - 5 * DAY))).toEqual({ dueSoon: [], overdue: [] });
    expect(await sendReportReminders(new Date(due.getTime() + 5 * DAY))).toEqual({ dueSoon: [], overdue: [] });
    expect(await t.prisma.emailMessage.count()).toBe(before);
    const stored = await t.prisma.report.findUniqueOrThrow({ where: { id: handedIn.id } });
    expect(stored.reminderSentAt).toBeNull();
    expect(stored.overdueNotifiedAt).toBeNull();
  });

  it("is a daily job of the runner", () => {
    const job = JOB_DEFINITIONS.find((j) => j.name === REPORT_REMINDERS_JOB);
    expect(job?.cron).toBe("0 6 * * *");
  });
});
