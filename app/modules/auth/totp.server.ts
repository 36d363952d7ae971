// Two-factor sign-in with time-based one-time codes (RFC 6238: 30-second steps, 6 digits,
// SHA-1, what every authenticator app supports) for staff, the enrolment of a device, and the
// platform rule "staff must use two-factor sign-in".
import { randomBytes } from "node:crypto";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from "@oslojs/otp";
import { redirect } from "@remix-run/node";
import type { Role } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { sendEmail } from "~/modules/notifications/email.server.ts";
import { db } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { decrypt, encrypt } from "~/utils/secrets.server.ts";
import { checkSignInLimits, recordSignInFailure, TOO_MANY_ATTEMPTS } from "./rate-limit.server.ts";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** The name authenticator apps show next to the account. */
export const TOTP_ISSUER = "MD Grants";
/** The AppSetting that makes two-factor sign-in compulsory for staff. */
export const STAFF_TWO_FACTOR_SETTING = "staffTwoFactorRequired";

const STAFF: readonly Role[] = ["EVALUATOR", "GRANT_MANAGER", "ADMIN"];
export const isStaffRole = (role: Role): boolean => STAFF.includes(role);

// ---------------------------------------------------------------- codes (pure)

export function newTotpKey(): Uint8Array {
  // 160 bits, the size RFC 4226 recommends for HMAC-SHA-1.
  return new Uint8Array(randomBytes(20));
}

export const encodeTotpSecret = (key: Uint8Array): string => encodeBase32UpperCaseNoPadding(key);

/** Base32 as people type it: case, spaces and dashes do not matter. */
export function decodeTotpSecret(secret: string): Uint8Array {
  return decodeBase32IgnorePadding(secret.replace(/[\s-]/g, "").toUpperCase());
}

/** "ABCD EFGH IJKL …": groups of four for typing into an app by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

export function totpKeyUri(accountName: string, key: Uint8Array): string {
  return createTOTPKeyURI(TOTP_ISSUER, accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

export function timeStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

export function totpCodeAt(key: Uint8Array, now: Date): string {
  return generateHOTP(key, BigInt(timeStep(now)), TOTP_DIGITS);
}

/** "123 456", "123-456" and " 123456 " are the same code. */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, "");
}

/**
 * The time step a code belongs to, or null when it is wrong. One step either side is
 * accepted for clocks that drift (the grace period authenticator apps expect).
 */
export function matchTotp(key: Uint8Array, code: string, now = new Date()): number | null {
  const otp = normaliseCode(code);
  if (!/^\d+$/.test(otp)) return null;
  const step = timeStep(now);
  for (const candidate of [step, step - 1, step + 1]) {
    if (verifyHOTP(key, BigInt(candidate), TOTP_DIGITS, otp)) return candidate;
  }
  return null;
}

// ---------------------------------------------------------------- codes against a user's secret

const replayKey = (userId: string) => `totp:${userId}`;

/**
 * Checks a code against a sealed secret and, when right, marks its time step as used: a code
 * seen once (by an onlooker, or in a proxy log) cannot be used again. The used step is kept
 * as a LoginAttempt row whose time is the step's start.
 */
async function acceptCode(userId: string, sealedSecret: string, code: string, now: Date): Promise<"ok" | "wrong" | "reused"> {
  const step = matchTotp(decodeTotpSecret(decrypt("totp", sealedSecret)), code, now);
  if (step === null) return "wrong";
  const stepStart = new Date(step * TOTP_PERIOD_SECONDS * 1000);
  const last = await db().loginAttempt.findFirst({ where: { key: replayKey(userId), succeeded: true }, orderBy: { at: "desc" } });
  if (last && last.at.getTime() >= stepStart.getTime()) return "reused";
  await db().loginAttempt.create({ data: { key: replayKey(userId), succeeded: true, at: stepStart } });
  return "ok";
}

/** A code for a user with two-factor sign-in on (the sign-in step, turning it off). */
export async function verifyUserCode(userId: string, code: string, now = new Date()): Promise<"ok" | "wrong" | "reused" | "not_enabled"> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { totpSecret: true, totpEnabledAt: true } });
  if (!user?.totpSecret || !user.totpEnabledAt) return "not_enabled";
  return acceptCode(userId, user.totpSecret, code, now);
}

// ---------------------------------------------------------------- enrolment

export interface TwoFactorStatus {
  enabledAt: Date | null;
  /** Set while a device is being added: the secret to show and the otpauth: address. */
  pending: { secret: string; grouped: string; uri: string } | null;
  required: boolean;
}

function requireStaff(role: Role): void {
  if (!isStaffRole(role)) throw new AppError("forbidden", "errors.forbidden");
}

export async function twoFactorStatus(user: { id: string; email: string; role: Role }): Promise<TwoFactorStatus> {
  requireStaff(user.role);
  const row = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { totpSecret: true, totpEnabledAt: true } });
  let pending: TwoFactorStatus["pending"] = null;
  if (row.totpSecret && !row.totpEnabledAt) {
    const secret = decrypt("totp", row.totpSecret);
    pending = { secret, grouped: groupSecret(secret), uri: totpKeyUri(user.email, decodeTotpSecret(secret)) };
  }
  return { enabledAt: row.totpEnabledAt, pending, required: await staffTwoFactorRequired() };
}

/**
 * Starts adding a device: a new secret, stored encrypted, not yet in force (totpEnabledAt
 * stays null until a code from the device confirms it was copied right).
 */
export async function startTwoFactorEnrolment(user: { id: string; role: Role }): Promise<void> {
  requireStaff(user.role);
  const current = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabledAt: true } });
  if (current.totpEnabledAt) throw new AppError("conflict", "account.twoFactor.alreadyOn");
  await db().user.update({ where: { id: user.id }, data: { totpSecret: encrypt("totp", encodeTotpSecret(newTotpKey())) } });
}

export type TwoFactorChange = { ok: true } | { ok: false; field: "code" | "form"; message: string };

/** Turns two-factor sign-in on once a code from the new device is right. */
export async function confirmTwoFactorEnrolment(user: { id: string; role: Role }, code: string, ipAddress: string | null, now = new Date()): Promise<TwoFactorChange> {
  requireStaff(user.role);
  const row = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { totpSecret: true, totpEnabledAt: true } });
  if (row.totpEnabledAt) return { ok: false, field: "form", message: "account.twoFactor.alreadyOn" };
  if (!row.totpSecret) return { ok: false, field: "form", message: "account.twoFactor.startAgain" };
  const result = await acceptCode(user.id, row.totpSecret, code, now);
  if (result !== "ok") return { ok: false, field: "code", message: result === "reused" ? "account.errors.codeReused" : "account.errors.codeWrong" };
  await db().user.update({ where: { id: user.id }, data: { totpEnabledAt: now } });
  await recordAudit({ actorId: user.id, action: "two_factor_enabled", entityType: "user", entityId: user.id, ipAddress });
  return { ok: true };
}

/** Abandons a device being added (the secret was never in force). */
export async function cancelTwoFactorEnrolment(user: { id: string; role: Role }): Promise<void> {
  requireStaff(user.role);
  await db().user.updateMany({ where: { id: user.id, totpEnabledAt: null }, data: { totpSecret: null } });
}

/**
 * Turns two-factor sign-in off; a current code proves the device is still at hand. Wrong codes
 * count toward the sign-in limit (a borrowed session must not be a way to guess codes), and
 * the owner is told by email.
 */
export async function disableTwoFactor(user: { id: string; email: string; role: Role }, code: string, ipAddress: string | null, now = new Date()): Promise<TwoFactorChange> {
  requireStaff(user.role);
  const limit = await checkSignInLimits({ email: user.email, ipAddress }, now);
  if (limit.locked) return { ok: false, field: "form", message: TOO_MANY_ATTEMPTS };
  const result = await verifyUserCode(user.id, code, now);
  if (result === "not_enabled") return { ok: false, field: "form", message: "account.twoFactor.notOn" };
  if (result !== "ok") {
    await recordSignInFailure({ email: user.email, ipAddress, userId: user.id }, now);
    return { ok: false, field: "code", message: result === "reused" ? "account.errors.codeReused" : "account.errors.codeWrong" };
  }
  const row = await db().user.update({ where: { id: user.id }, data: { totpSecret: null, totpEnabledAt: null } });
  await recordAudit({ actorId: user.id, action: "two_factor_disabled", entityType: "user", entityId: user.id, ipAddress });
  await sendEmail({ to: row.email, template: "twoFactorDisabled", locale: row.locale, params: { name: row.name } });
  return { ok: true };
}

// ---------------------------------------------------------------- the staff rule

export async function staffTwoFactorRequired(): Promise<boolean> {
  const row = await db().appSetting.findUnique({ where: { key: STAFF_TWO_FACTOR_SETTING } });
  return row?.value === true;
}

export interface SecurityOverview {
  staffTwoFactorRequired: boolean;
  staffCount: number;
  staffWithTwoFactor: number;
  /** Whether the admin looking at the settings uses two-factor sign-in. */
  selfHasTwoFactor: boolean;
}

/** What the security settings page shows; the caller checks the permission. */
export async function securityOverview(actorId: string): Promise<SecurityOverview> {
  const [required, staffCount, staffWithTwoFactor, self] = await Promise.all([
    staffTwoFactorRequired(),
    db().user.count({ where: { role: { in: [...STAFF] }, disabledAt: null } }),
    db().user.count({ where: { role: { in: [...STAFF] }, disabledAt: null, totpEnabledAt: { not: null } } }),
    db().user.findUnique({ where: { id: actorId }, select: { totpEnabledAt: true } }),
  ]);
  return { staffTwoFactorRequired: required, staffCount, staffWithTwoFactor, selfHasTwoFactor: !!self?.totpEnabledAt };
}

/** The admin's switch; the caller checks the permission. Audited with the old and new value. */
export async function setStaffTwoFactorRequired(actorId: string, required: boolean, ipAddress: string | null): Promise<void> {
  const before = await staffTwoFactorRequired();
  if (before === required) return;
  await db().appSetting.upsert({ where: { key: STAFF_TWO_FACTOR_SETTING }, create: { key: STAFF_TWO_FACTOR_SETTING, value: required }, update: { value: required } });
  await recordAudit({
    actorId,
    action: "security_setting_changed",
    entityType: "setting",
    entityId: STAFF_TWO_FACTOR_SETTING,
    fromState: String(before),
    toState: String(required),
    ipAddress,
  });
}

/** Where a staff member without a device still may go: enrolment itself, signing in and out. */
export const ENROLMENT_PATH = "/account/two-factor";
function allowedWhileEnrolling(pathname: string): boolean {
  return pathname === ENROLMENT_PATH || pathname === "/logout" || pathname === "/login" || pathname.startsWith("/login/");
}

/**
 * Called by requireUser for every signed-in request: when staff must use two-factor sign-in,
 * a staff member without it is sent to enrol, whatever page they asked for.
 */
export interface TwoFactorFacts {
  /** The admin's rule: staff must use two-factor sign-in. */
  required: boolean;
  /** This user has set it up. */
  enrolled: boolean;
}

/** `user.twoFactor` is read with the session (one statement); without it, both are looked up. */
export async function enforceTwoFactorEnrolment(request: Request, user: { id: string; role: Role; twoFactor?: TwoFactorFacts }): Promise<void> {
  if (!isStaffRole(user.role)) return;
  const url = new URL(request.url);
  if (allowedWhileEnrolling(url.pathname)) return;
  const required = user.twoFactor ? user.twoFactor.required : await staffTwoFactorRequired();
  if (!required) return;
  const enrolled = user.twoFactor ? user.twoFactor.enrolled : !!(await db().user.findUnique({ where: { id: user.id }, select: { totpEnabledAt: true } }))?.totpEnabledAt;
  if (enrolled) return;
  // After enrolling, a page they were reading (GET) is where they go back to.
  const back = request.method === "GET" ? `?redirectTo=${encodeURIComponent(url.pathname + url.search)}` : "";
  throw redirect(`${ENROLMENT_PATH}${back}`);
}
