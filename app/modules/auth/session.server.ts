// All session code lives here (Lucia is deprecated upstream; this is the one place to
// replace it). Sessions are rows in PostgreSQL through a small typed adapter.
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import type { Role, Locale } from "~/generated/prisma/enums.ts";
import { Prisma, db } from "~/utils/db.server.ts";
import { isProduction } from "~/utils/env.server.ts";
import { oncePerRequest } from "~/utils/request-context.server.ts";
import { AppError } from "~/utils/errors.ts";
import type { Actor } from "./permissions.ts";
import { STAFF_TWO_FACTOR_SETTING, enforceTwoFactorEnrolment, type TwoFactorFacts } from "./totp.server.ts";

interface SessionRow {
  id: string;
  userId: string;
  expiresAt: Date;
  twoFactorVerified: boolean;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  disabled: boolean;
  totpEnabled: boolean;
  organisationIds: string[];
  staffTwoFactorRequired: boolean;
}

const adapter: Adapter = {
  async getSessionAndUser(sessionId) {
    // One statement, as every request needs it: the session, its user, the user's
    // organisations, and what the staff two-factor rule needs (the setting, the user's enrolment).
    const [row] = await db().$queryRaw<SessionRow[]>(Prisma.sql`
      SELECT s."id", s."userId", s."expiresAt", s."twoFactorVerified",
             u."email", u."name", u."role"::text AS "role", u."locale"::text AS "locale",
             u."disabledAt" IS NOT NULL AS "disabled", u."totpEnabledAt" IS NOT NULL AS "totpEnabled",
             COALESCE((SELECT array_agg(m."organisationId" ORDER BY m."organisationId") FROM "Membership" m WHERE m."userId" = u."id"), '{}') AS "organisationIds",
             COALESCE((SELECT a."value" = 'true'::jsonb FROM "AppSetting" a WHERE a."key" = ${STAFF_TWO_FACTOR_SETTING}), false) AS "staffTwoFactorRequired"
      FROM "Session" s JOIN "User" u ON u."id" = s."userId"
      WHERE s."id" = ${sessionId}`);
    if (!row) return [null, null];
    const session: DatabaseSession = { id: row.id, userId: row.userId, expiresAt: row.expiresAt, attributes: { twoFactorVerified: row.twoFactorVerified } };
    const user: DatabaseUser = {
      id: row.userId,
      attributes: {
        email: row.email,
        name: row.name,
        role: row.role,
        locale: row.locale,
        disabled: row.disabled,
        organisationIds: row.organisationIds,
        twoFactor: { required: row.staffTwoFactorRequired, enrolled: row.totpEnabled },
      },
    };
    return [session, user];
  },
  async getUserSessions(userId) {
    const rows = await db().session.findMany({ where: { userId } });
    return rows.map((r) => ({ id: r.id, userId: r.userId, expiresAt: r.expiresAt, attributes: { twoFactorVerified: r.twoFactorVerified } }));
  },
  async setSession(session) {
    const attrs = session.attributes;
    await db().session.create({
      data: {
        id: session.id,
        userId: session.userId,
        expiresAt: session.expiresAt,
        ipAddress: attrs.ipAddress ?? null,
        userAgent: attrs.userAgent ?? null,
        twoFactorVerified: attrs.twoFactorVerified ?? true,
      },
    });
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    await db().session.updateMany({ where: { id: sessionId }, data: { expiresAt } });
  },
  async deleteSession(sessionId) {
    await db().session.deleteMany({ where: { id: sessionId } });
  },
  async deleteUserSessions(userId) {
    await db().session.deleteMany({ where: { userId } });
  },
  async deleteExpiredSessions() {
    await db().session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  },
};

type SessionAttributes = { twoFactorVerified: boolean };
type UserAttributes = { email: string; name: string; role: Role; locale: Locale; disabled: boolean; organisationIds: string[]; twoFactor: TwoFactorFacts };
declare module "lucia" {
  interface Register {
    Lucia: Lucia<SessionAttributes, UserAttributes>;
    DatabaseUserAttributes: UserAttributes;
    DatabaseSessionAttributes: { ipAddress?: string | null; userAgent?: string | null; twoFactorVerified?: boolean };
  }
}

// Created per process; `secure` follows the mode at start-up.
let luciaInstance: Lucia<SessionAttributes, UserAttributes> | undefined;
function luciaFor() {
  luciaInstance ??= new Lucia(adapter, {
    getSessionAttributes: (a) => ({ twoFactorVerified: a.twoFactorVerified !== false }),
    getUserAttributes: (a) => a,
    sessionExpiresIn: new TimeSpan(14, "d"),
    sessionCookie: { name: "grants_session", attributes: { secure: isProduction(), sameSite: "lax" } },
  });
  return luciaInstance;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  organisationIds: string[];
  sessionId: string;
  /** Read with the session: whether staff must use two-factor sign-in, and whether this user does. */
  twoFactor: TwoFactorFacts;
}

export function toActor(user: SessionUser): Actor {
  return { id: user.id, role: user.role, organisationIds: user.organisationIds };
}

function readSessionId(request: Request): string | null {
  return luciaFor().readSessionCookie(request.headers.get("Cookie") ?? "");
}

/**
 * The signed-in user, or null. Disabled accounts, expired sessions, and sessions still
 * waiting for the second factor count as signed out.
 */
export async function getUser(request: Request): Promise<SessionUser | null> {
  return loadSessionUser(request, { pendingTwoFactor: false });
}

/** The user of a session that gave the password but not yet the TOTP code (the two-factor step). */
export async function getPendingTwoFactorUser(request: Request): Promise<SessionUser | null> {
  return loadSessionUser(request, { pendingTwoFactor: true });
}

// The root loader and the page's loader both ask who the user is; one lookup per GET. Posts
// are never shared: their action may change the user before the loaders run.
function validate(request: Request) {
  const sessionId = readSessionId(request);
  if (!sessionId) return Promise.resolve({ session: null, user: null });
  const lookup = () => luciaFor().validateSession(sessionId);
  return request.method === "GET" || request.method === "HEAD" ? oncePerRequest(`session:${sessionId}`, lookup) : lookup();
}

async function loadSessionUser(request: Request, opts: { pendingTwoFactor: boolean }): Promise<SessionUser | null> {
  const pending = validate(request);
  const { session, user } = await pending;
  if (!session || !user || user.disabled) return null;
  const verified = session.twoFactorVerified !== false;
  if (verified === opts.pendingTwoFactor) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale, organisationIds: user.organisationIds, sessionId: session.id, twoFactor: user.twoFactor };
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) throw new AppError("unauthenticated", "errors.unauthenticated");
  // Staff who must use two-factor sign-in and have not set it up are sent to do so first.
  await enforceTwoFactorEnrolment(request, user);
  return user;
}

/**
 * Starts a session and returns the Set-Cookie header value. A session created with
 * `twoFactorVerified: false` reaches only the two-factor step until `markTwoFactorVerified`.
 */
export async function createSessionCookie(
  userId: string,
  meta: { ipAddress?: string | null; userAgent?: string | null; twoFactorVerified?: boolean },
): Promise<string> {
  const l = luciaFor();
  const session = await l.createSession(userId, {
    ipAddress: meta.ipAddress ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
    twoFactorVerified: meta.twoFactorVerified ?? true,
  });
  return l.createSessionCookie(session.id).serialize();
}

export async function markTwoFactorVerified(sessionId: string): Promise<void> {
  await db().session.update({ where: { id: sessionId }, data: { twoFactorVerified: true } });
}

/** Ends the request's session (if any) and returns the Set-Cookie header that clears it. */
export async function destroySession(request: Request): Promise<string> {
  const sessionId = readSessionId(request);
  if (sessionId) await luciaFor().invalidateSession(sessionId);
  return luciaFor().createBlankSessionCookie().serialize();
}

export async function invalidateOtherSessions(userId: string, keepSessionId: string): Promise<void> {
  await db().session.deleteMany({ where: { userId, id: { not: keepSessionId } } });
}
