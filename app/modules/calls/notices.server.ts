// Changing a call once it is published, in the only ways that are fair to applicants: a
// clarification (a dated bilingual notice, which may also correct the description) and a
// deadline extension (later only; the notice records from and to, and the call's closing is
// rescheduled). Everything else on a published call is refused (design.server.ts saveDraft).
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { db, type Prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { formatDateTime } from "~/utils/format.ts";
import { translator, type Locale } from "~/utils/i18n.ts";
import type { FieldErrors } from "~/utils/route.server.ts";
import { localToInstant } from "~/utils/zoned-time.ts";
import type { ClarificationInput, DeadlineExtensionInput, DeadlineField } from "./call-schema.ts";
import { scheduleCallClosing } from "./deadlines.server.ts";
import { requireCallStaff, type RequestMeta } from "./design.server.ts";

/** Calls that take notices: announced or accepting proposals. */
export const NOTICE_STATES = ["published", "open"] as const;
export const acceptsNotices = (state: string) => (NOTICE_STATES as readonly string[]).includes(state);

export type NoticeResult = { ok: true; noticeId: string; version: number } | { ok: false; fieldErrors: FieldErrors };

async function loadForNotice(actor: Actor | null, callId: string, expectedVersion: number) {
  requireCallStaff(actor, "update");
  const call = await db().call.findUnique({ where: { id: callId } });
  if (!call) throw new AppError("not_found", "errors.notFound");
  if (!acceptsNotices(call.state)) throw new AppError("transition_refused", "callDesign.error.noticeState", { state: call.state });
  if (call.version !== expectedVersion) throw new AppError("conflict", "callDesign.error.conflict");
  return call;
}

/** Adds a clarification; if the description was edited too, the call's description changes with it. */
export async function addClarification(actor: Actor | null, callId: string, input: ClarificationInput, meta: RequestMeta = {}): Promise<NoticeResult> {
  const call = await loadForNotice(actor, callId, input.version);
  const descriptionEn = input.descriptionEn ?? call.descriptionEn;
  const descriptionFr = input.descriptionFr ?? call.descriptionFr;
  const descriptionChanged = descriptionEn !== call.descriptionEn || descriptionFr !== call.descriptionFr;
  const noticeId = await db().$transaction(async (tx) => {
    const { count } = await tx.call.updateMany({
      where: { id: callId, version: input.version, state: call.state },
      data: { version: { increment: 1 }, ...(descriptionChanged ? { descriptionEn, descriptionFr } : {}) },
    });
    if (count === 0) throw new AppError("conflict", "callDesign.error.conflict");
    const notice = await tx.callNotice.create({
      select: { id: true },
      data: { callId, kind: "clarification", textEn: input.textEn, textFr: input.textFr, data: descriptionChanged ? { field: "description" } : {}, createdById: actor!.id },
    });
    const data: Prisma.InputJsonValue = descriptionChanged
      ? { noticeId: notice.id, descriptionChanged, previous: { descriptionEn: call.descriptionEn, descriptionFr: call.descriptionFr } }
      : { noticeId: notice.id, descriptionChanged };
    await recordAudit({ actorId: actor!.id, ipAddress: meta.ipAddress, action: "call_clarified", entityType: "call", entityId: callId, data }, tx);
    return notice.id;
  });
  return { ok: true, noticeId, version: input.version + 1 };
}

const DEADLINE_LABEL_KEY = {
  conceptNoteDeadline: "callDesign.notice.deadline.conceptNoteDeadline",
  fullApplicationDeadline: "callDesign.notice.deadline.fullApplicationDeadline",
} as const satisfies Record<DeadlineField, string>;

/** The notice's words in one language: what moved, from when to when, and why if given. */
export function extensionText(locale: Locale, field: DeadlineField, from: Date, to: Date, timeZone: string, reason: string): string {
  const t = translator(locale);
  const text = t("callDesign.notice.extensionText", { deadline: t(DEADLINE_LABEL_KEY[field]), from: formatDateTime(from, locale, timeZone), to: formatDateTime(to, locale, timeZone) });
  return reason ? `${text} ${reason}` : text;
}

/**
 * Moves a deadline later. The new date-time is read in the call's own time zone; it must be
 * after the current deadline and in the future, and a concept-note deadline must stay before
 * the full-application deadline. Rules a manager can fix come back as field errors.
 */
export async function extendDeadline(actor: Actor | null, callId: string, input: DeadlineExtensionInput, meta: RequestMeta = {}): Promise<NoticeResult> {
  const call = await loadForNotice(actor, callId, input.version);
  const now = meta.now ?? new Date();
  const field = input.deadline;
  const current = field === "conceptNoteDeadline" && call.procedure !== "RESTRICTED" ? null : call[field];
  if (!current) return { ok: false, fieldErrors: { deadline: ["callDesign.error.deadlineNotSet"] } };
  const parsed = localToInstant(input.newDeadline, call.timeZone);
  if (!parsed.ok) return { ok: false, fieldErrors: { newDeadline: [parsed.reason === "gap" ? "callDesign.error.deadlineGap" : "callDesign.error.dateTimeFormat"] } };
  const next = parsed.instant;
  if (next.getTime() <= current.getTime()) return { ok: false, fieldErrors: { newDeadline: ["callDesign.error.deadlineNotLater"] } };
  if (next.getTime() <= now.getTime()) return { ok: false, fieldErrors: { newDeadline: ["callDesign.error.deadlineInPast"] } };
  if (field === "conceptNoteDeadline" && call.fullApplicationDeadline && next.getTime() >= call.fullApplicationDeadline.getTime()) {
    return { ok: false, fieldErrors: { newDeadline: ["callDesign.error.conceptNoteAfterFull"] } };
  }
  const textEn = extensionText("en", field, current, next, call.timeZone, input.reasonEn);
  const textFr = extensionText("fr", field, current, next, call.timeZone, input.reasonFr);
  const change = { field, from: current.toISOString(), to: next.toISOString() };
  const noticeId = await db().$transaction(async (tx) => {
    const { count } = await tx.call.updateMany({ where: { id: callId, version: input.version, state: call.state }, data: { [field]: next, version: { increment: 1 } } });
    if (count === 0) throw new AppError("conflict", "callDesign.error.conflict");
    const notice = await tx.callNotice.create({ select: { id: true }, data: { callId, kind: "deadline_extension", textEn, textFr, data: change, createdById: actor!.id } });
    await recordAudit({ actorId: actor!.id, ipAddress: meta.ipAddress, action: "call_deadline_extended", entityType: "call", entityId: callId, data: { ...change, noticeId: notice.id } }, tx);
    return notice.id;
  });
  // An open call now closes at the new deadline (the job for the old one finds it not due).
  if (call.state === "open") await scheduleCallClosing({ ...call, [field]: next });
  return { ok: true, noticeId, version: input.version + 1 };
}
