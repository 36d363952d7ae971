// Self-registration of applicants: sign up, confirm the email address, ask for a new link.
// Sign-up gives the same answer whether the address is new or already has an account (no
// account enumeration); the owner of an existing account is told by email instead. Staff
// accounts are never created here: the role is always APPLICANT.
import { Prisma } from "~/generated/prisma/client.ts";
import type { Locale } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { safeRedirect } from "~/modules/auth/schemas.ts";
import { createSessionCookie } from "~/modules/auth/session.server.ts";
import { consumeToken, issueToken, peekToken } from "~/modules/auth/tokens.server.ts";
import { deliverEmail, queueEmail } from "~/modules/notifications/email.server.ts";
import type { TemplateName } from "~/modules/notifications/templates.ts";
import { db, type DbTx } from "~/utils/db.server.ts";
import { AppError, isAppError } from "~/utils/errors.ts";
import { signInLink, verifyEmailLink } from "./links.server.ts";
import type { SignUpInput } from "./schemas.ts";

/** At most this many emails of one kind to one address per hour (sign-up and resend abuse). */
export const MAX_EMAILS_PER_HOUR = 5;
const HOUR_MS = 3600_000;

export interface RequestMeta {
  /** Where links in emails point (APP_URL or the request's origin). */
  origin: string;
  ipAddress: string | null;
  userAgent?: string | null;
}

async function underEmailLimit(to: string, template: TemplateName, tx: DbTx = db()): Promise<boolean> {
  const recent = await tx.emailMessage.count({ where: { to, template, createdAt: { gt: new Date(Date.now() - HOUR_MS) } } });
  return recent < MAX_EMAILS_PER_HOUR;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Issues a new confirmation link (older ones stop working) and queues the email. */
async function queueVerification(
  user: { id: string; email: string; name: string; locale: Locale },
  meta: RequestMeta,
  next: string | null,
  tx: DbTx,
): Promise<string> {
  await tx.authToken.updateMany({ where: { purpose: "VERIFY_EMAIL", email: user.email, usedAt: null }, data: { usedAt: new Date() } });
  const token = await issueToken({ purpose: "VERIFY_EMAIL", email: user.email, userId: user.id }, tx);
  return queueEmail({ to: user.email, template: "verifyEmail", locale: user.locale, params: { name: user.name, link: verifyEmailLink(meta.origin, token, next) } }, tx);
}

/**
 * Creates an unverified APPLICANT account and emails a confirmation link in the person's
 * language. For an address that already has an account nothing is created or changed: an
 * unconfirmed account gets a fresh link, a confirmed one a "someone tried to register"
 * note. The caller shows the same "check your email" answer in every case.
 */
export async function signUp(input: SignUpInput, meta: RequestMeta): Promise<void> {
  const next = input.redirectTo || null;
  const existing = await db().user.findUnique({ where: { email: input.email } });
  if (existing) {
    // The same work as a new account (one password hash), so timing tells nothing either.
    await hashPassword(input.password);
    await notifyExistingAccount(existing, meta, next);
    return;
  }
  const passwordHash = await hashPassword(input.password);
  let emailId: string;
  try {
    emailId = await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash, role: "APPLICANT", locale: input.locale, emailVerifiedAt: null },
      });
      await recordAudit({ actorId: user.id, ipAddress: meta.ipAddress, action: "user_registered", entityType: "user", entityId: user.id, data: { locale: input.locale } }, tx);
      return queueVerification(user, meta, next, tx);
    });
  } catch (error) {
    // Two sign-ups with one address at once: the second is an existing account.
    if (!isUniqueViolation(error)) throw error;
    const raced = await db().user.findUnique({ where: { email: input.email } });
    if (raced) await notifyExistingAccount(raced, meta, next);
    return;
  }
  await deliverEmail(emailId);
}

async function notifyExistingAccount(user: { id: string; email: string; name: string; locale: Locale; emailVerifiedAt: Date | null; disabledAt: Date | null }, meta: RequestMeta, next: string | null): Promise<void> {
  if (user.disabledAt) return;
  if (!user.emailVerifiedAt) {
    if (!(await underEmailLimit(user.email, "verifyEmail"))) return;
    const id = await db().$transaction((tx) => queueVerification(user, meta, next, tx));
    await deliverEmail(id);
    return;
  }
  if (!(await underEmailLimit(user.email, "accountExists"))) return;
  const id = await queueEmail({ to: user.email, template: "accountExists", locale: user.locale, params: { name: user.name, link: signInLink(meta.origin) } });
  await recordAudit({ actorId: null, ipAddress: meta.ipAddress, action: "sign_up_existing_email", entityType: "user", entityId: user.id });
  await deliverEmail(id);
}

/** A new confirmation link for an unconfirmed account; silently nothing for any other address. */
export async function resendVerification(email: string, meta: RequestMeta, next: string | null = null): Promise<void> {
  const user = await db().user.findUnique({ where: { email } });
  if (!user || user.emailVerifiedAt || user.disabledAt) return;
  if (!(await underEmailLimit(user.email, "verifyEmail"))) return;
  const id = await db().$transaction((tx) => queueVerification(user, meta, next, tx));
  await deliverEmail(id);
}

export interface VerifiedSignIn {
  userId: string;
  cookie: string;
  /** Where to go next: the `next` of the link, else the organisation pages. */
  redirectTo: string;
  needsTwoFactor: boolean;
}

/**
 * Uses a confirmation link once: marks the address confirmed and starts a session. Throws
 * a 400 with a clear message for an unknown, used or expired link.
 */
export async function verifyEmail(token: string, next: string | null, meta: RequestMeta): Promise<VerifiedSignIn> {
  let user;
  try {
    user = await db().$transaction(async (tx) => {
      const row = await consumeToken("VERIFY_EMAIL", token, tx);
      const found = row.userId ? await tx.user.findUnique({ where: { id: row.userId }, include: { memberships: { select: { organisationId: true } } } }) : null;
      // The link confirms the address it was sent to; an account whose address changed since is not confirmed by it.
      if (!found || found.disabledAt || found.email !== row.email) throw new AppError("bad_request", "registration.verify.invalidBody");
      if (!found.emailVerifiedAt) {
        await tx.user.update({ where: { id: found.id }, data: { emailVerifiedAt: new Date() } });
        await recordAudit({ actorId: found.id, ipAddress: meta.ipAddress, action: "email_verified", entityType: "user", entityId: found.id }, tx);
      }
      return found;
    });
  } catch (error) {
    if (isAppError(error) && error.code === "bad_request") throw new AppError("bad_request", "registration.verify.invalidBody");
    throw error;
  }
  const needsTwoFactor = !!user.totpEnabledAt;
  const cookie = await createSessionCookie(user.id, { ipAddress: meta.ipAddress, userAgent: meta.userAgent ?? null, twoFactorVerified: !needsTwoFactor });
  await recordAudit({ actorId: user.id, ipAddress: meta.ipAddress, action: needsTwoFactor ? "sign_in_password_ok" : "sign_in", entityType: "user", entityId: user.id, data: { via: "email_verification" } });
  const fallback = user.memberships.length > 0 ? "/organisation" : "/organisation/new";
  return { userId: user.id, cookie, redirectTo: safeRedirect(next, fallback), needsTwoFactor };
}

/** Whether a confirmation link can still be used (to show the confirm button or the "new link" form). */
export async function isVerificationLinkUsable(token: string): Promise<boolean> {
  return !!(await peekToken("VERIFY_EMAIL", token));
}
