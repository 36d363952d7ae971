// Sign-in rate limits kept in the database (LoginAttempt), so that they hold across app
// processes and restarts: per account (the email typed, whether or not it exists) and per
// client address. Wrong passwords and wrong two-factor codes both count as failures.
import { db } from "~/utils/db.server.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";

export interface LimitRule {
  /** Failures within `windowMs` that lock. */
  limit: number;
  windowMs: number;
  /** How long the lock lasts, from the failure that reached the limit. */
  lockMs: number;
  /** A success forgets earlier failures (per account: yes; per address: no, or one good account would unlock an attacker's address). */
  resetOnSuccess: boolean;
}

const MINUTE = 60_000;
export const ACCOUNT_RULE: LimitRule = { limit: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, resetOnSuccess: true };
export const ADDRESS_RULE: LimitRule = { limit: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, resetOnSuccess: false };
/** Attempts older than this no longer matter to any rule (or to the two-factor replay guard). */
const KEEP_MS = 24 * 60 * MINUTE;

/** The message for every lock, the same whether the email exists or not. It names the longest wait (the lock length). */
export const TOO_MANY_ATTEMPTS = "account.errors.tooManyAttempts";

export const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;
export const addressKey = (ipAddress: string) => `ip:${ipAddress}`;

export interface Attempt {
  at: Date;
  succeeded: boolean;
}

/**
 * When the lock ends, or null when not locked at `now`. Pure: the lock starts at the failure
 * that makes `limit` failures within `windowMs`, and lasts `lockMs`.
 */
export function lockedUntil(attempts: readonly Attempt[], rule: LimitRule, now: Date): Date | null {
  const sorted = [...attempts].sort((a, b) => a.at.getTime() - b.at.getTime());
  let from = 0;
  if (rule.resetOnSuccess) {
    for (let i = sorted.length - 1; i >= 0; i--) {
      if (sorted[i]!.succeeded) {
        from = i + 1;
        break;
      }
    }
  }
  const failures = sorted
    .slice(from)
    .filter((a) => !a.succeeded && a.at.getTime() <= now.getTime())
    .map((a) => a.at.getTime());
  let until: number | null = null;
  for (let i = rule.limit - 1; i < failures.length; i++) {
    const first = failures[i - rule.limit + 1]!;
    const last = failures[i]!;
    if (last - first <= rule.windowMs) until = Math.max(until ?? 0, last + rule.lockMs);
  }
  return until !== null && until > now.getTime() ? new Date(until) : null;
}

/** Whole minutes left, at least 1. */
export function minutesLeft(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / MINUTE));
}

async function attemptsFor(key: string, rule: LimitRule, now: Date): Promise<Attempt[]> {
  return db().loginAttempt.findMany({
    where: { key, at: { gte: new Date(now.getTime() - rule.windowMs - rule.lockMs), lte: now } },
    select: { at: true, succeeded: true },
    orderBy: { at: "asc" },
  });
}

export type LimitCheck = { locked: false } | { locked: true; until: Date; retryAfterMinutes: number };

/** Whether sign-in for this email, or from this address, is locked now. */
export async function checkSignInLimits(input: { email: string; ipAddress: string | null }, now = new Date()): Promise<LimitCheck> {
  const checks: Promise<Date | null>[] = [attemptsFor(emailKey(input.email), ACCOUNT_RULE, now).then((a) => lockedUntil(a, ACCOUNT_RULE, now))];
  if (input.ipAddress) checks.push(attemptsFor(addressKey(input.ipAddress), ADDRESS_RULE, now).then((a) => lockedUntil(a, ADDRESS_RULE, now)));
  const locks = (await Promise.all(checks)).filter((d): d is Date => d !== null);
  if (locks.length === 0) return { locked: false };
  const until = new Date(Math.max(...locks.map((d) => d.getTime())));
  return { locked: true, until, retryAfterMinutes: minutesLeft(until, now) };
}

/**
 * Records one failed attempt (wrong password or code) for the email and the address, and
 * audits the moment a lock starts (once per lock, not once per refused attempt).
 */
export async function recordSignInFailure(input: { email: string; ipAddress: string | null; userId?: string | null }, now = new Date()): Promise<void> {
  const keys: [string, LimitRule][] = [[emailKey(input.email), ACCOUNT_RULE]];
  if (input.ipAddress) keys.push([addressKey(input.ipAddress), ADDRESS_RULE]);
  await db().loginAttempt.createMany({ data: keys.map(([key]) => ({ key, succeeded: false, at: now })) });
  for (const [key, rule] of keys) {
    const until = lockedUntil(await attemptsFor(key, rule, now), rule, now);
    // Locked exactly by this failure: its lock ends lockMs from now.
    if (until && until.getTime() === now.getTime() + rule.lockMs) {
      const byAccount = rule === ACCOUNT_RULE;
      await recordAudit({
        actorId: byAccount ? (input.userId ?? null) : null,
        action: byAccount ? "sign_in_locked_account" : "sign_in_locked_address",
        entityType: "user",
        entityId: byAccount ? (input.userId ?? input.email) : (input.ipAddress ?? ""),
        ipAddress: input.ipAddress,
        data: { email: input.email, until: until.toISOString() },
      });
    }
  }
  await pruneOpportunistically(now);
}

/** A full sign-in (password, and code when one is needed): the account's failures stop counting. */
export async function recordSignInSuccess(input: { email: string; ipAddress: string | null }, now = new Date()): Promise<void> {
  const keys = [emailKey(input.email), ...(input.ipAddress ? [addressKey(input.ipAddress)] : [])];
  await db().loginAttempt.createMany({ data: keys.map((key) => ({ key, succeeded: true, at: now })) });
  await pruneOpportunistically(now);
}

/** Deletes attempts no rule looks at any more. */
export async function pruneLoginAttempts(now = new Date()): Promise<number> {
  const { count } = await db().loginAttempt.deleteMany({ where: { at: { lt: new Date(now.getTime() - KEEP_MS) } } });
  return count;
}

// At most once a minute per process: pruning rides along with sign-ins instead of needing a job.
let lastPrune = 0;
async function pruneOpportunistically(now: Date): Promise<void> {
  if (Math.abs(now.getTime() - lastPrune) < MINUTE) return;
  lastPrune = now.getTime();
  await pruneLoginAttempts(now);
}
