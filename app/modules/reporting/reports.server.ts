// The grantee's side of a report: read it (members of the grant's organisation only; anyone
// else is told it does not exist), save the draft (autosave, under an optimistic lock), and
// submit it through the report machine with the completeness check as its context.
import type { ReportEvent } from "#workflows/report.machine.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { can, requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { db, type Prisma } from "~/utils/db.server.ts";
import { AppError, isAppError } from "~/utils/errors.ts";
import { applyTransition } from "~/utils/workflow.server.ts";
import { checkReportCompleteness, problemSentences, type ReportProblem } from "./completeness.ts";
import { readBudget, readFinancial, readIndicators, readLogframeIndicators, readNarrative, readReviewComments, type ReportDraft, type ReportShape } from "./report-schema.ts";

/** States in which the grantee may change the report. */
export const EDITABLE_REPORT_STATES: readonly string[] = ["draft", "changes_requested"];
export const isEditableReport = (state: string) => EDITABLE_REPORT_STATES.includes(state);

export interface Meta {
  ipAddress?: string | null;
  now?: Date;
}

const REPORT_INCLUDE = {
  grant: { select: { id: true, reference: true, title: true, organisationId: true, budget: true, logframe: true, state: true } },
  documents: {
    include: { document: { select: { id: true, filename: true, sizeBytes: true, status: true, createdAt: true } } },
    orderBy: { createdAt: "asc" },
  },
} as const satisfies Prisma.ReportInclude;

export type LoadedReport = Prisma.ReportGetPayload<{ include: typeof REPORT_INCLUDE }>;

/** The report in its grant; anything else, or someone else's, is "not found". */
async function findReport(reportId: string, grantId?: string): Promise<LoadedReport | null> {
  if (!reportId) return null;
  const report = await db().report.findUnique({ where: { id: reportId }, include: REPORT_INCLUDE });
  if (!report || (grantId !== undefined && report.grantId !== grantId)) return null;
  return report;
}

/**
 * For the grantee's page: signed-in people without any right on reports are refused (403),
 * people of another organisation find nothing (404).
 */
export async function loadGranteeReport(actor: Actor | null, grantId: string, reportId: string): Promise<LoadedReport> {
  requirePermission(actor, "report", "read");
  const report = await findReport(reportId, grantId);
  if (!report || !can(actor, "report", "update", { organisationId: report.grant.organisationId })) throw new AppError("not_found", "errors.notFound");
  return report;
}

export function shapeOf(report: {
  kind: string;
  grant: { budget: unknown; logframe: unknown };
}): ReportShape & { budget: ReturnType<typeof readBudget>; indicators: ReturnType<typeof readLogframeIndicators> } {
  const budget = readBudget(report.grant.budget);
  const indicators = readLogframeIndicators(report.grant.logframe);
  return { kind: report.kind, budget, indicators, headingCodes: budget.map((b) => b.code), indicatorCodes: indicators.map((i) => i.code) };
}

export function draftOf(report: Pick<LoadedReport, "narrative" | "indicators" | "financial">): ReportDraft {
  return { narrative: readNarrative(report.narrative), indicators: readIndicators(report.indicators), financial: readFinancial(report.financial) };
}

/** The reason given the last time changes were requested (the audit row keeps it). */
export async function lastChangeRequest(reportId: string): Promise<{ reason: string; at: Date } | null> {
  const row = await db().auditEvent.findFirst({
    where: { entityType: "report", entityId: reportId, action: "REQUEST_CHANGES" },
    orderBy: { at: "desc" },
    select: { at: true, data: true },
  });
  if (!row) return null;
  const d = (typeof row.data === "object" && row.data !== null ? row.data : {}) as { event?: { reason?: unknown } };
  return { reason: typeof d.event?.reason === "string" ? d.event.reason : "", at: row.at };
}

export async function getGranteeReport(actor: Actor | null, grantId: string, reportId: string) {
  const report = await loadGranteeReport(actor, grantId, reportId);
  const shape = shapeOf(report);
  const draft = draftOf(report);
  const changeRequest = report.state === "changes_requested" ? await lastChangeRequest(report.id) : null;
  return {
    report,
    shape,
    draft,
    problems: checkReportCompleteness({ kind: report.kind, draft, indicators: shape.indicators, budget: shape.budget }),
    // The reviewer's comments matter to the grantee while they are asked to act on them.
    reviewComments: report.state === "changes_requested" ? readReviewComments(report.reviewComments) : {},
    changeRequest,
    editable: isEditableReport(report.state),
  };
}

function draftJson(draft: ReportDraft) {
  return {
    narrative: draft.narrative as Prisma.InputJsonValue,
    indicators: draft.indicators as unknown as Prisma.InputJsonValue,
    financial: draft.financial as Prisma.InputJsonValue,
  };
}

/** Saves what was typed; refused (409) when someone saved a newer version meanwhile. */
export async function saveReportDraft(
  actor: Actor | null,
  grantId: string,
  reportId: string,
  draft: ReportDraft,
  expectedVersion: number,
  meta: Meta = {}
): Promise<{ version: number; savedAt: Date }> {
  const report = await loadGranteeReport(actor, grantId, reportId);
  requirePermission(actor, "report", "update", { organisationId: report.grant.organisationId });
  if (!isEditableReport(report.state)) throw new AppError("transition_refused", "reports.error.notEditable");
  const now = meta.now ?? new Date();
  await db().$transaction(async (tx) => {
    const { count } = await tx.report.updateMany({
      where: { id: report.id, version: expectedVersion, state: { in: [...EDITABLE_REPORT_STATES] } },
      data: { ...draftJson(draft), version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("conflict", "reports.error.conflict");
    await recordAudit({ actorId: actor.id, ipAddress: meta.ipAddress, action: "report_saved", entityType: "report", entityId: report.id, data: { version: expectedVersion + 1 } }, tx);
  });
  return { version: expectedVersion + 1, savedAt: now };
}

export type SubmitResult = { ok: true; version: number; state: string } | { ok: false; version: number; problems: ReportProblem[] };

/**
 * Saves what was typed, then asks the machine to SUBMIT with the completeness check as its
 * context. Refused: the problems, field by field, and the draft stays saved.
 */
export async function submitReport(actor: Actor | null, grantId: string, reportId: string, draft: ReportDraft, expectedVersion: number, meta: Meta = {}): Promise<SubmitResult> {
  const saved = await saveReportDraft(actor, grantId, reportId, draft, expectedVersion, meta);
  const report = await loadGranteeReport(actor, grantId, reportId);
  const shape = shapeOf(report);
  const problems = checkReportCompleteness({ kind: report.kind, draft: draftOf(report), indicators: shape.indicators, budget: shape.budget });
  const now = meta.now ?? new Date();
  const event: ReportEvent = { type: "SUBMIT", at: now.toISOString() };
  try {
    const result = await applyTransition({
      entity: "report",
      id: report.id,
      actor,
      event,
      expectedVersion: saved.version,
      context: { isComplete: problems.length === 0, problems: problemSentences(problems) },
      extraData: { submittedAt: now },
      ipAddress: meta.ipAddress,
    });
    return { ok: true, version: result.version, state: result.state };
  } catch (error) {
    if (isAppError(error) && error.code === "transition_refused" && problems.length > 0) return { ok: false, version: saved.version, problems };
    throw error;
  }
}

/** The grant's reports for its members (H4's grant page and the portfolio can list them). */
export async function listGrantReports(actor: Actor | null, grantId: string) {
  requirePermission(actor, "report", "read");
  const grant = await db().grant.findUnique({ where: { id: grantId }, select: { organisationId: true } });
  if (!grant || !can(actor, "report", "read", { organisationId: grant.organisationId })) throw new AppError("not_found", "errors.notFound");
  return db().report.findMany({
    where: { grantId },
    orderBy: [{ dueDate: "asc" }, { number: "asc" }],
    select: { id: true, kind: true, number: true, dueDate: true, state: true, submittedAt: true, approvedAt: true },
  });
}
