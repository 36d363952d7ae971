import { db } from "~/utils/db.server.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { verifyPassword, hashPassword } from "./password.server.ts";
import { checkSignInLimits, recordSignInFailure, recordSignInSuccess, TOO_MANY_ATTEMPTS } from "./rate-limit.server.ts";
import { createSessionCookie, markTwoFactorVerified } from "./session.server.ts";
import { verifyUserCode } from "./totp.server.ts";

// Same answer whether the email exists or not, and the same work (one hash check).
const GENERIC_FAILURE = "errors.signInFailed";
let dummyHash: Promise<string> | undefined;

/** needsTwoFactor: the session reaches only the TOTP step (/login/two-factor) until the code is given. */
export type SignInResult = { ok: true; cookie: string; userId: string; needsTwoFactor: boolean } | { ok: false; message: string; retryAfterMinutes?: number };

export async function signIn(input: { email: string; password: string; ipAddress: string | null; userAgent: string | null }): Promise<SignInResult> {
  const now = new Date();
  // Before any password check, and keyed by the email typed: a locked unknown address gets
  // exactly the answer a locked real account gets.
  const limit = await checkSignInLimits({ email: input.email, ipAddress: input.ipAddress }, now);
  if (limit.locked) return { ok: false, message: TOO_MANY_ATTEMPTS, retryAfterMinutes: limit.retryAfterMinutes };
  const user = await db().user.findUnique({ where: { email: input.email } });
  if (!user || !user.passwordHash || user.disabledAt) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(await dummyHash, input.password);
    await recordAudit({ action: "sign_in_failed", entityType: "user", entityId: user?.id ?? input.email, ipAddress: input.ipAddress, data: { email: input.email } });
    await recordSignInFailure({ email: input.email, ipAddress: input.ipAddress, userId: user?.id }, now);
    return { ok: false, message: GENERIC_FAILURE };
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await recordAudit({ actorId: user.id, action: "sign_in_failed", entityType: "user", entityId: user.id, ipAddress: input.ipAddress });
    await recordSignInFailure({ email: input.email, ipAddress: input.ipAddress, userId: user.id }, now);
    return { ok: false, message: GENERIC_FAILURE };
  }
  const needsTwoFactor = !!user.totpEnabledAt;
  const cookie = await createSessionCookie(user.id, { ipAddress: input.ipAddress, userAgent: input.userAgent, twoFactorVerified: !needsTwoFactor });
  await recordAudit({ actorId: user.id, action: needsTwoFactor ? "sign_in_password_ok" : "sign_in", entityType: "user", entityId: user.id, ipAddress: input.ipAddress });
  // With a second factor to come, the password alone is not a success: it must not wipe the
  // account's failure count, or signing in again would reset the budget of code guesses.
  if (!needsTwoFactor) await recordSignInSuccess({ email: input.email, ipAddress: input.ipAddress }, now);
  return { ok: true, cookie, userId: user.id, needsTwoFactor };
}

/** How long after the password the code may be given; then the pending session ends. */
export const TWO_FACTOR_STEP_MS = 10 * 60_000;

export type SecondFactorResult = { ok: true } | { ok: false; message: string; retryAfterMinutes?: number; signedOut?: boolean };

/**
 * The second step of signing in: a code for the user of a pending session. Wrong codes count
 * toward the same limits as wrong passwords; the right one completes the session.
 */
export async function verifySecondFactor(input: { sessionId: string; userId: string; email: string; code: string; ipAddress: string | null }): Promise<SecondFactorResult> {
  const now = new Date();
  const session = await db().session.findUnique({ where: { id: input.sessionId } });
  if (!session || session.userId !== input.userId || session.twoFactorVerified) return { ok: false, message: "account.twoFactor.signInAgain", signedOut: true };
  if (now.getTime() - session.createdAt.getTime() > TWO_FACTOR_STEP_MS) {
    await db().session.deleteMany({ where: { id: session.id } });
    return { ok: false, message: "account.twoFactor.tooSlow", signedOut: true };
  }
  const limit = await checkSignInLimits({ email: input.email, ipAddress: input.ipAddress }, now);
  if (limit.locked) return { ok: false, message: TOO_MANY_ATTEMPTS, retryAfterMinutes: limit.retryAfterMinutes };
  const result = await verifyUserCode(input.userId, input.code, now);
  if (result === "not_enabled") {
    // Two-factor was turned off since the password step; start again for a normal session.
    await db().session.deleteMany({ where: { id: session.id } });
    return { ok: false, message: "account.twoFactor.signInAgain", signedOut: true };
  }
  if (result !== "ok") {
    await recordAudit({ actorId: input.userId, action: "two_factor_failed", entityType: "user", entityId: input.userId, ipAddress: input.ipAddress, data: { reused: result === "reused" } });
    await recordSignInFailure({ email: input.email, ipAddress: input.ipAddress, userId: input.userId }, now);
    return { ok: false, message: result === "reused" ? "account.errors.codeReused" : "account.errors.codeWrong" };
  }
  await markTwoFactorVerified(session.id);
  await recordSignInSuccess({ email: input.email, ipAddress: input.ipAddress }, now);
  await recordAudit({ actorId: input.userId, action: "sign_in", entityType: "user", entityId: input.userId, ipAddress: input.ipAddress, data: { twoFactor: true } });
  return { ok: true };
}
