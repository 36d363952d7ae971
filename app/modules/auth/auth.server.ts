import { db } from "~/utils/db.server.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { verifyPassword, hashPassword } from "./password.server.ts";
import { createSessionCookie } from "./session.server.ts";

// Same answer whether the email exists or not, and the same work (one hash check).
const GENERIC_FAILURE = "errors.signInFailed";
let dummyHash: Promise<string> | undefined;

/** needsTwoFactor: the session reaches only the TOTP step (/login/two-factor) until the code is given. */
export type SignInResult = { ok: true; cookie: string; userId: string; needsTwoFactor: boolean } | { ok: false; message: string };

export async function signIn(input: { email: string; password: string; ipAddress: string | null; userAgent: string | null }): Promise<SignInResult> {
  const user = await db().user.findUnique({ where: { email: input.email } });
  if (!user || !user.passwordHash || user.disabledAt) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(await dummyHash, input.password);
    await recordAudit({ action: "sign_in_failed", entityType: "user", entityId: user?.id ?? input.email, ipAddress: input.ipAddress, data: { email: input.email } });
    return { ok: false, message: GENERIC_FAILURE };
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await recordAudit({ actorId: user.id, action: "sign_in_failed", entityType: "user", entityId: user.id, ipAddress: input.ipAddress });
    return { ok: false, message: GENERIC_FAILURE };
  }
  const needsTwoFactor = !!user.totpEnabledAt;
  const cookie = await createSessionCookie(user.id, { ipAddress: input.ipAddress, userAgent: input.userAgent, twoFactorVerified: !needsTwoFactor });
  await recordAudit({ actorId: user.id, action: needsTwoFactor ? "sign_in_password_ok" : "sign_in", entityType: "user", entityId: user.id, ipAddress: input.ipAddress });
  return { ok: true, cookie, userId: user.id, needsTwoFactor };
}
