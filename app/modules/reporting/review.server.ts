// The grant manager's side of a report: the list of reports due, overdue and to review
// (filtered and paginated in SQL), one report read-only with a comment per section, and the
// decision: changes requested (with the reason the grantee is told) or approved. Both go
// through the report machine; after commit the grantee's members are emailed and an
// approval releases the instalment that waits for the report (70% rule, payments.server.ts).
import { REPORT_STATE_LABELS, type ReportEvent, type ReportStateId } from "#workflows/report.machine.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { readExplanation, releaseTrancheAfterReport } from "~/modules/grants/payments.server.ts";
import { reportDependency, type ReportKind } from "~/modules/grants/schedule.ts";
import { deliverEmail, queueEmail } from "~/modules/notifications/email.server.ts";
import { db, type Prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { pickBilingual, translator, type Locale } from "~/utils/i18n.ts";
import { applyTransition, type CommittedTransition } from "~/utils/workflow.server.ts";
import { DUE_SOON_DAYS } from "./overdue.ts";
import { draftOf, lastChangeRequest, shapeOf } from "./reports.server.ts";
import { readReviewComments, REPORT_LIST_VIEWS, type ReviewComments } from "./report-schema.ts";

export function requireReviewer(actor: Actor | null): asserts actor is Actor {
  requirePermission(actor, "report", "review");
}

export function reportStaffLabel(state: string, locale: Locale): string {
  return pickBilingual(REPORT_STATE_LABELS[state as ReportStateId]?.staff, locale, state);
}

export function reportApplicantLabel(state: string, locale: Locale): string {
  return pickBilingual(REPORT_STATE_LABELS[state as ReportStateId]?.applicant, locale, state);
}

/** "interim report 1" / "rapport intermédiaire 1", "final report" / "rapport final". */
export function reportName(kind: string, number: number, locale: Locale): string {
  const t = translator(locale);
  return kind === "FINAL" ? t("reports.name.FINAL") : t("reports.name.INTERIM", { number: String(number) });
}

// ------------------------------------------------------------------ the list

export const REPORT_VIEWS = REPORT_LIST_VIEWS;
export type ReportView = (typeof REPORT_VIEWS)[number];
export const REPORTS_PAGE_SIZE = 25;

export interface ReportListFilters {
  view: ReportView;
  kind: "" | "INTERIM" | "FINAL";
  q: string;
  page: number;
}

const DAY_MS = 86_400_000;

/** The same rule as isReportOverdue (overdue.ts), as a query: never submitted and past due. */
function viewWhere(view: ReportView, now: Date): Prisma.ReportWhereInput {
  switch (view) {
    case "to_review":
      return { state: { in: ["submitted", "under_review"] } };
    case "overdue":
      return { state: "draft", dueDate: { lt: now } };
    case "due":
      return { state: "draft", dueDate: { gte: now, lte: new Date(now.getTime() + DUE_SOON_DAYS * DAY_MS) } };
    case "all":
      return {};
  }
}

function filterWhere(filters: Omit<ReportListFilters, "view" | "page">): Prisma.ReportWhereInput {
  const and: Prisma.ReportWhereInput[] = [];
  if (filters.kind) and.push({ kind: filters.kind });
  const q = filters.q.trim();
  if (q) {
    and.push({
      grant: {
        OR: [{ reference: { contains: q, mode: "insensitive" } }, { title: { contains: q, mode: "insensitive" } }, { organisation: { legalName: { contains: q, mode: "insensitive" } } }],
      },
    });
  }
  return and.length ? { AND: and } : {};
}

export async function listReports(actor: Actor | null, filters: ReportListFilters, now = new Date()) {
  requirePermission(actor, "report", "list");
  const prisma = db();
  const base = filterWhere(filters);
  const where: Prisma.ReportWhereInput = { AND: [base, viewWhere(filters.view, now)] };
  const counts = await Promise.all(REPORT_VIEWS.map((v) => prisma.report.count({ where: { AND: [base, viewWhere(v, now)] } })));
  const total = counts[REPORT_VIEWS.indexOf(filters.view)] ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / REPORTS_PAGE_SIZE));
  const page = Math.min(Math.max(1, filters.page), pageCount);
  const rows = await prisma.report.findMany({
    where,
    orderBy: filters.view === "to_review" ? [{ submittedAt: "asc" }, { id: "asc" }] : [{ dueDate: "asc" }, { id: "asc" }],
    skip: (page - 1) * REPORTS_PAGE_SIZE,
    take: REPORTS_PAGE_SIZE,
    select: {
      id: true,
      kind: true,
      number: true,
      state: true,
      dueDate: true,
      submittedAt: true,
      grant: { select: { id: true, reference: true, title: true, organisation: { select: { legalName: true } } } },
    },
  });
  return { rows, total, page, pageCount, counts: Object.fromEntries(REPORT_VIEWS.map((v, i) => [v, counts[i] ?? 0])) as Record<ReportView, number> };
}

// ------------------------------------------------------------------ one report

const REVIEWABLE = ["submitted", "under_review"];

async function findForReview(reportId: string) {
  const report = reportId
    ? await db().report.findUnique({
        where: { id: reportId },
        include: {
          grant: {
            select: {
              id: true,
              reference: true,
              title: true,
              organisationId: true,
              budget: true,
              logframe: true,
              amountCents: true,
              organisation: { select: { legalName: true } },
              tranches: {
                orderBy: { number: "asc" },
                select: { id: true, number: true, kind: true, dependsOn: true, plannedAmountCents: true, dueAmountCents: true, dueExplanation: true, releasedAt: true, reportId: true },
              },
            },
          },
          documents: { include: { document: { select: { id: true, filename: true, sizeBytes: true, status: true } } }, orderBy: { createdAt: "asc" } },
        },
      })
    : null;
  if (!report) throw new AppError("not_found", "errors.notFound");
  return report;
}

/** The tranche this report releases, if the payment schedule has one. */
function dependentTranche<T extends { dependsOn: string; reportId: string | null }>(tranches: readonly T[], report: { id: string; kind: string; number: number }): T | null {
  const dep = reportDependency(report.kind as ReportKind, report.number);
  return tranches.find((t) => t.reportId === report.id || t.dependsOn === dep) ?? null;
}

export async function getReportForReview(actor: Actor | null, reportId: string, locale: Locale) {
  requireReviewer(actor);
  const report = await findForReview(reportId);
  const tranche = dependentTranche(report.grant.tranches, report);
  // A report never handed in is the grantee's work in progress: its due date and payment
  // show (the portfolio links overdue ones here), its content does not.
  const submitted = report.state !== "draft";
  return {
    report,
    submitted,
    shape: shapeOf(report),
    draft: submitted ? draftOf(report) : { narrative: {}, indicators: {}, financial: {} },
    comments: readReviewComments(report.reviewComments),
    changeRequest: await lastChangeRequest(report.id),
    canDecide: REVIEWABLE.includes(report.state),
    tranche: tranche
      ? {
          number: tranche.number,
          kind: tranche.kind,
          plannedAmountCents: tranche.plannedAmountCents,
          dueAmountCents: tranche.dueAmountCents,
          releasedAt: tranche.releasedAt,
          explanation: pickBilingual(readExplanation(tranche.dueExplanation) ?? undefined, locale),
        }
      : null,
  };
}

// ------------------------------------------------------------------ decisions

export interface Meta {
  ipAddress?: string | null;
  now?: Date;
  origin?: string;
}

/** START_REVIEW: the grantee sees "being reviewed". Returns the new version. */
export async function startReview(actor: Actor | null, reportId: string, expectedVersion: number | undefined, meta: Meta = {}): Promise<number> {
  requireReviewer(actor);
  const report = await findForReview(reportId);
  if (report.state !== "submitted") return report.version;
  const r = await applyTransition({ entity: "report", id: reportId, actor, event: { type: "START_REVIEW" }, expectedVersion, ipAddress: meta.ipAddress });
  return r.version;
}

/** Saves the comments per section without deciding (the review can be done in several sittings). */
export async function saveReviewComments(actor: Actor | null, reportId: string, comments: ReviewComments, expectedVersion: number, meta: Meta = {}): Promise<number> {
  requireReviewer(actor);
  const report = await findForReview(reportId);
  if (!REVIEWABLE.includes(report.state)) throw new AppError("transition_refused", "reports.review.error.closed");
  await db().$transaction(async (tx) => {
    const { count } = await tx.report.updateMany({ where: { id: reportId, version: expectedVersion }, data: { reviewComments: comments as Prisma.InputJsonValue, version: { increment: 1 } } });
    if (count === 0) throw new AppError("conflict", "reports.error.conflict");
    await recordAudit(
      {
        actorId: actor.id,
        ipAddress: meta.ipAddress,
        action: "report_review_comments_saved",
        entityType: "report",
        entityId: reportId,
        data: { sections: Object.keys(comments), version: expectedVersion + 1 },
      },
      tx
    );
  });
  return expectedVersion + 1;
}

export interface DecisionResult {
  state: string;
  version: number;
  /** Set when the approval released an instalment. */
  released: { trancheId: string; dueAmountCents: number } | null;
  notified: number;
}

/**
 * Requests changes (a reason is required) or approves, with the comments per section. A
 * report still "submitted" is taken into review first. The grantee is emailed after commit;
 * an approval releases the instalment waiting for this report, if the schedule has one.
 */
export async function decideReport(
  actor: Actor | null,
  reportId: string,
  input: { decision: "request_changes" | "approve"; reason: string; comments: ReviewComments; version: number },
  meta: Meta = {}
): Promise<DecisionResult> {
  requireReviewer(actor);
  const reason = input.reason.trim();
  if (input.decision === "request_changes" && reason === "") throw new AppError("bad_request", "reports.review.error.reasonRequired", { field: "reason" });
  const report = await findForReview(reportId);
  if (!REVIEWABLE.includes(report.state)) throw new AppError("transition_refused", "reports.review.error.closed");
  if (report.version !== input.version) throw new AppError("conflict", "reports.error.conflict");
  const version = await startReview(actor, reportId, input.version, meta);
  const now = meta.now ?? new Date();
  const event: ReportEvent = input.decision === "approve" ? { type: "APPROVE" } : { type: "REQUEST_CHANGES", reason };
  const reviewComments = input.comments as Prisma.InputJsonValue;
  const out: DecisionResult = { state: report.state, version, released: null, notified: 0 };
  const effects = async (committed: CommittedTransition) => {
    const kinds = new Set(committed.actions.map((a) => a.type));
    // Release first: the approval email may then point at the released amount on the grant page.
    if (kinds.has("releaseNextTranche") && dependentTranche(report.grant.tranches, report)) {
      out.released = await releaseTrancheAfterReport(reportId, actor.id);
    }
    if (kinds.has("notifyGrantee")) out.notified = await notifyGrantee(reportId, committed.toState, reason, meta.origin);
  };
  const result = await applyTransition({
    entity: "report",
    id: reportId,
    actor,
    event,
    expectedVersion: version,
    extraData: input.decision === "approve" ? { reviewComments, approvedAt: now } : { reviewComments },
    ipAddress: meta.ipAddress,
    effects,
  });
  out.state = result.state;
  out.version = result.version;
  return out;
}

/** Emails every member of the grantee organisation, each in their language. Returns how many. */
export async function notifyGrantee(reportId: string, toState: string, reason: string, origin?: string): Promise<number> {
  if (toState !== "approved" && toState !== "changes_requested") return 0;
  const report = await db().report.findUnique({
    where: { id: reportId },
    select: {
      id: true,
      kind: true,
      number: true,
      grant: { select: { id: true, title: true, organisation: { select: { members: { select: { user: { select: { email: true, locale: true, disabledAt: true } } } } } } } },
    },
  });
  if (!report) return 0;
  const link = new URL(`/grants/${report.grant.id}/reports/${report.id}`, origin ?? process.env.APP_URL ?? "http://localhost:3000").toString();
  let sent = 0;
  for (const { user } of report.grant.organisation.members) {
    if (user.disabledAt) continue;
    const common = { grant: report.grant.title, report: reportName(report.kind, report.number, user.locale), link };
    const id =
      toState === "approved"
        ? await queueEmail({ to: user.email, template: "reportApproved", locale: user.locale, params: common })
        : await queueEmail({ to: user.email, template: "reportChangesRequested", locale: user.locale, params: { ...common, reason } });
    await deliverEmail(id);
    sent += 1;
  }
  return sent;
}
