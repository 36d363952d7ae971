// A person's own account: name and language, password change and reset by email, and the
// list of their sessions. Every function acts on the signed-in user passed in (or, for the
// reset, on the account an emailed link names), never on an id taken from a form.
import { createHash } from "node:crypto";
import type { Locale } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { deliverEmail, queueEmail } from "~/modules/notifications/email.server.ts";
import { db } from "~/utils/db.server.ts";
import { AppError, isAppError } from "~/utils/errors.ts";
import { hashPassword, verifyPassword } from "./password.server.ts";
import { checkSignInLimits, recordSignInFailure, recordSignInSuccess, TOO_MANY_ATTEMPTS } from "./rate-limit.server.ts";
import type { SessionUser } from "./session.server.ts";
import { consumeToken, issueToken, peekToken, revokeTokens } from "./tokens.server.ts";
import { summariseUserAgent, type DeviceSummary } from "./user-agent.ts";

// ---------------------------------------------------------------- profile

export async function getProfile(user: SessionUser) {
  const row = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { name: true, email: true, locale: true, role: true, passwordChangedAt: true, totpEnabledAt: true } });
  return { ...row, passwordChangedAt: row.passwordChangedAt?.toISOString() ?? null, twoFactorOn: row.totpEnabledAt !== null };
}

export async function updateProfile(user: SessionUser, input: { name: string; locale: Locale }, ipAddress: string | null): Promise<void> {
  await db().user.update({ where: { id: user.id }, data: { name: input.name, locale: input.locale } });
  const changed = [input.name !== user.name && "name", input.locale !== user.locale && "locale"].filter(Boolean);
  if (changed.length > 0) await recordAudit({ actorId: user.id, action: "profile_updated", entityType: "user", entityId: user.id, ipAddress, data: { changed } });
}

// ---------------------------------------------------------------- password change

export type PasswordChangeResult = { ok: true } | { ok: false; field: "currentPassword" | "form"; message: string };

/**
 * Changes the password when the current one is right. Other sessions end (whoever else had the
 * old password is out); this one stays. A wrong current password counts toward the sign-in
 * limit, so a borrowed session cannot be used to guess it.
 */
export async function changePassword(user: SessionUser, input: { currentPassword: string; newPassword: string }, ipAddress: string | null): Promise<PasswordChangeResult> {
  const now = new Date();
  const limit = await checkSignInLimits({ email: user.email, ipAddress }, now);
  if (limit.locked) return { ok: false, field: "form", message: TOO_MANY_ATTEMPTS };
  const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
  if (!row.passwordHash || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    await recordSignInFailure({ email: user.email, ipAddress, userId: user.id }, now);
    return { ok: false, field: "currentPassword", message: "account.errors.currentPasswordWrong" };
  }
  const passwordHash = await hashPassword(input.newPassword);
  const messageId = await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: now } });
    const ended = await tx.session.deleteMany({ where: { userId: user.id, id: { not: user.sessionId } } });
    await recordAudit({ actorId: user.id, action: "password_changed", entityType: "user", entityId: user.id, ipAddress, data: { otherSessionsEnded: ended.count } }, tx);
    return queueEmail({ to: row.email, template: "passwordChanged", locale: row.locale, params: { name: row.name } }, tx);
  });
  await deliverEmail(messageId);
  return { ok: true };
}

// ---------------------------------------------------------------- password reset by email

/** At most this many reset emails per address per quarter hour: nobody's inbox gets flooded. */
const RESET_EMAILS_PER_WINDOW = 3;
const RESET_WINDOW_MS = 15 * 60_000;

/**
 * The start of links in emails. APP_URL when set (it should be in production: the request's
 * Host header is whatever the client sent); otherwise the address this request came to.
 */
export function linkBase(request: Request): string {
  const configured = process.env.APP_URL?.trim();
  return (configured || new URL(request.url).origin).replace(/\/+$/, "");
}

/**
 * Emails a reset link when the address belongs to an active account; does nothing otherwise.
 * The caller answers the same either way, so the page does not reveal who has an account.
 */
export async function requestPasswordReset(input: { email: string; linkBase: string; ipAddress: string | null }): Promise<void> {
  const now = new Date();
  const user = await db().user.findUnique({ where: { email: input.email } });
  if (!user || user.disabledAt) return;
  const recent = await db().authToken.count({ where: { purpose: "RESET_PASSWORD", email: user.email, createdAt: { gte: new Date(now.getTime() - RESET_WINDOW_MS) } } });
  if (recent >= RESET_EMAILS_PER_WINDOW) return;
  const messageId = await db().$transaction(async (tx) => {
    // Only the newest link works.
    await revokeTokens("RESET_PASSWORD", user.email, tx);
    const token = await issueToken({ purpose: "RESET_PASSWORD", email: user.email, userId: user.id, now }, tx);
    await recordAudit({ actorId: user.id, action: "password_reset_requested", entityType: "user", entityId: user.id, ipAddress: input.ipAddress }, tx);
    const link = `${input.linkBase}/reset-password?token=${encodeURIComponent(token)}`;
    return queueEmail({ to: user.email, template: "resetPassword", locale: user.locale, params: { name: user.name, link } }, tx);
  });
  await deliverEmail(messageId);
}

/** Whether a reset link still works (unknown, used and expired links do not). */
export async function resetTokenUsable(token: string): Promise<boolean> {
  return (await peekToken("RESET_PASSWORD", token)) !== null;
}

export type ResetResult = { ok: true } | { ok: false; message: string };

/**
 * Sets a new password from an emailed link: the link works once, every session of the account
 * ends (whoever was signed in with the old password is out), and the owner is told by email.
 */
export async function resetPassword(input: { token: string; password: string; ipAddress: string | null }): Promise<ResetResult> {
  const now = new Date();
  const passwordHash = await hashPassword(input.password);
  let done: { messageId: string; email: string };
  try {
    done = await db().$transaction(async (tx) => {
      const token = await consumeToken("RESET_PASSWORD", input.token, tx, now);
      const user = token.userId ? await tx.user.findUnique({ where: { id: token.userId } }) : await tx.user.findUnique({ where: { email: token.email } });
      // The account must still be the one the link was sent to, and active.
      if (!user || user.disabledAt || user.email !== token.email) throw new AppError("bad_request", "account.reset.invalidTitle");
      await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: now } });
      const ended = await tx.session.deleteMany({ where: { userId: user.id } });
      await recordAudit({ actorId: user.id, action: "password_reset", entityType: "user", entityId: user.id, ipAddress: input.ipAddress, data: { sessionsEnded: ended.count } }, tx);
      const messageId = await queueEmail({ to: user.email, template: "passwordChanged", locale: user.locale, params: { name: user.name } }, tx);
      return { messageId, email: user.email };
    });
  } catch (error) {
    if (isAppError(error) && error.code === "bad_request") return { ok: false, message: "account.reset.invalidTitle" };
    throw error;
  }
  await deliverEmail(done.messageId);
  // Proof of owning the mailbox lifts a lock on the account (not on the address).
  await recordSignInSuccess({ email: done.email, ipAddress: null }, now);
  return { ok: true };
}

// ---------------------------------------------------------------- sessions

/**
 * Sessions are named on the page by a hash of their id: the id is the cookie's secret, and a
 * page should never carry the keys to the account's other sessions.
 */
export function sessionHandle(sessionId: string): string {
  return createHash("sha256").update(`session:${sessionId}`).digest("hex").slice(0, 32);
}

export interface SessionRow {
  handle: string;
  createdAt: string;
  expiresAt: string;
  ipAddress: string | null;
  device: DeviceSummary;
  current: boolean;
  /** Gave the password but not yet the code. */
  pending: boolean;
}

export async function listSessions(user: SessionUser): Promise<SessionRow[]> {
  const rows = await db().session.findMany({ where: { userId: user.id, expiresAt: { gt: new Date() } }, orderBy: { createdAt: "desc" } });
  return rows
    .map((r) => ({
      handle: sessionHandle(r.id),
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      ipAddress: r.ipAddress,
      device: summariseUserAgent(r.userAgent),
      current: r.id === user.sessionId,
      pending: !r.twoFactorVerified,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** Ends one of the user's own other sessions; any other handle is "not found". */
export async function revokeSession(user: SessionUser, handle: string, ipAddress: string | null): Promise<void> {
  const own = await db().session.findMany({ where: { userId: user.id }, select: { id: true } });
  const target = own.find((s) => sessionHandle(s.id) === handle);
  if (!target) throw new AppError("not_found", "account.sessions.notFound");
  if (target.id === user.sessionId) throw new AppError("bad_request", "account.sessions.cannotEndCurrent");
  await db().session.deleteMany({ where: { id: target.id, userId: user.id } });
  await recordAudit({ actorId: user.id, action: "session_revoked", entityType: "user", entityId: user.id, ipAddress });
}

export async function revokeOtherSessions(user: SessionUser, ipAddress: string | null): Promise<number> {
  const { count } = await db().session.deleteMany({ where: { userId: user.id, id: { not: user.sessionId } } });
  if (count > 0) await recordAudit({ actorId: user.id, action: "sessions_revoked", entityType: "user", entityId: user.id, ipAddress, data: { count } });
  return count;
}
