// Staff accounts: the admin's list of users, staff invitations (issue, list, revoke, accept),
// role changes, and disabling or enabling an account. Staff are invited, never self-registered.
// Every service checks the permission table first; every change is audited with who, when,
// from which address, and from → to.
import type { Locale, Role } from "~/generated/prisma/enums.ts";
import { searchAuditEvents, type AuditSearchRow } from "~/modules/audit/audit-search.server.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { deliverEmail, queueEmail } from "~/modules/notifications/email.server.ts";
import { db, Prisma, type DbTx } from "~/utils/db.server.ts";
import { env } from "~/utils/env.server.ts";
import { AppError, isAppError } from "~/utils/errors.ts";
import type { FieldErrors } from "~/utils/route.server.ts";
import { hashPassword } from "./password.server.ts";
import { can, requirePermission, type Actor } from "./permissions.ts";
import { createSessionCookie } from "./session.server.ts";
import { STAFF_ROLES, type AcceptInvitationInput, type InviteStaffInput, type StaffRole, type UserListQuery } from "./staff-schemas.ts";
import { consumeToken, issueToken, peekToken, revokeTokens } from "./tokens.server.ts";

export const USERS_PAGE_SIZE = 25;
export const INVITATIONS_PAGE_SIZE = 25;

/** Where a change came from, for the audit trail. */
export interface RequestMeta {
  ipAddress: string | null;
  userAgent?: string | null;
}

/** A refusal the person can act on: field name ("form" for the whole form) → i18n keys. */
export type Refused = { ok: false; fieldErrors: FieldErrors };
const refuse = (field: string, message: string): Refused => ({ ok: false, fieldErrors: { [field]: [message] } });

export function isStaffRole(role: string | null | undefined): role is StaffRole {
  return !!role && (STAFF_ROLES as readonly string[]).includes(role);
}

/** The address links in emails start with: APP_URL when set (production), else this request's origin. */
export function appBaseUrl(request: Request): string {
  const configured = env().APP_URL;
  return (configured ?? new URL(request.url).origin).replace(/\/+$/, "");
}

interface Paged {
  page: number;
  pageCount: number;
  total: number;
  pageSize: number;
}

function paging(total: number, requested: number, pageSize: number): Paged {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  return { page: Math.min(Math.max(1, requested), pageCount), pageCount, total, pageSize };
}

// ---------------------------------------------------------------- reading accounts

/**
 * Last sign-in per user: the latest `sign_in` audit event, or the latest fully signed-in
 * session (sessions started another way, e.g. by accepting an invitation), whichever is later.
 */
async function lastSignIns(userIds: string[]): Promise<Map<string, Date>> {
  const result = new Map<string, Date>();
  if (userIds.length === 0) return result;
  const [events, sessions] = await Promise.all([
    db().auditEvent.groupBy({ by: ["entityId"], where: { entityType: "user", entityId: { in: userIds }, action: "sign_in" }, _max: { at: true } }),
    db().session.groupBy({ by: ["userId"], where: { userId: { in: userIds }, twoFactorVerified: true }, _max: { createdAt: true } }),
  ]);
  const keep = (id: string, at: Date | null) => {
    if (!at) return;
    const known = result.get(id);
    if (!known || known < at) result.set(id, at);
  };
  for (const e of events) keep(e.entityId, e._max.at);
  for (const s of sessions) keep(s.userId, s._max.createdAt);
  return result;
}

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisations: { id: string; name: string }[];
  emailVerified: boolean;
  twoFactor: boolean;
  lastSignInAt: string | null;
  disabledAt: string | null;
}

/** One page of accounts, filtered and searched in SQL, by name. */
export async function listUsers(actor: Actor | null, query: UserListQuery): Promise<Paged & { rows: UserRow[] }> {
  requirePermission(actor, "user", "list");
  const where: Prisma.UserWhereInput = {};
  if (query.role) where.role = query.role;
  if (query.status === "active") where.disabledAt = null;
  if (query.status === "disabled") where.disabledAt = { not: null };
  if (query.q) {
    where.OR = [{ name: { contains: query.q, mode: "insensitive" } }, { email: { contains: query.q, mode: "insensitive" } }];
  }
  const total = await db().user.count({ where });
  const paged = paging(total, query.page, USERS_PAGE_SIZE);
  const users = await db().user.findMany({
    where,
    orderBy: [{ name: "asc" }, { email: "asc" }],
    skip: (paged.page - 1) * paged.pageSize,
    take: paged.pageSize,
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      emailVerifiedAt: true,
      totpEnabledAt: true,
      disabledAt: true,
      memberships: { select: { organisation: { select: { id: true, legalName: true, acronym: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
  const signIns = await lastSignIns(users.map((u) => u.id));
  return {
    ...paged,
    rows: users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      organisations: u.memberships.map((m) => ({ id: m.organisation.id, name: m.organisation.acronym || m.organisation.legalName })),
      emailVerified: !!u.emailVerifiedAt,
      twoFactor: !!u.totpEnabledAt,
      lastSignInAt: signIns.get(u.id)?.toISOString() ?? null,
      disabledAt: u.disabledAt?.toISOString() ?? null,
    })),
  };
}

export interface UserDetails extends UserRow {
  locale: Locale;
  createdAt: string;
  emailVerifiedAt: string | null;
  activeSessions: number;
  isSelf: boolean;
  /** The only active administrator: can be neither demoted nor disabled. */
  isLastActiveAdmin: boolean;
  /** An applicant in an organisation: cannot become staff before leaving it. */
  inOrganisation: boolean;
  recentEvents: AuditSearchRow[];
}

export async function getUserDetails(actor: Actor | null, userId: string, locale: Locale, now = new Date()): Promise<UserDetails> {
  requirePermission(actor, "user", "read");
  const user = await db().user.findUnique({
    where: { id: userId },
    include: { memberships: { include: { organisation: { select: { id: true, legalName: true, acronym: true } } }, orderBy: { createdAt: "asc" } } },
  });
  if (!user) throw new AppError("not_found", "errors.notFound");
  const [activeSessions, signIns, activeAdmins, history] = await Promise.all([
    db().session.count({ where: { userId, expiresAt: { gt: now } } }),
    lastSignIns([userId]),
    db().user.count({ where: { role: "ADMIN", disabledAt: null } }),
    can(actor, "audit", "list") ? searchAuditEvents(actor, { entityType: "user", record: userId, page: 1 }, locale, { pageSize: 10 }) : null,
  ]);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    locale: user.locale,
    organisations: user.memberships.map((m) => ({ id: m.organisation.id, name: m.organisation.acronym ? `${m.organisation.legalName} (${m.organisation.acronym})` : m.organisation.legalName })),
    emailVerified: !!user.emailVerifiedAt,
    emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
    twoFactor: !!user.totpEnabledAt,
    lastSignInAt: signIns.get(user.id)?.toISOString() ?? null,
    disabledAt: user.disabledAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    activeSessions,
    isSelf: user.id === actor.id,
    isLastActiveAdmin: user.role === "ADMIN" && !user.disabledAt && activeAdmins <= 1,
    inOrganisation: user.role === "APPLICANT" && user.memberships.length > 0,
    recentEvents: history?.rows ?? [],
  };
}

// ---------------------------------------------------------------- changing accounts

/**
 * Locks the rows of the active administrators until the transaction ends and returns their
 * ids, so that two admins demoting or disabling each other at once cannot leave none.
 */
async function lockActiveAdmins(tx: DbTx): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "User" WHERE "role" = 'ADMIN' AND "disabledAt" IS NULL FOR UPDATE`;
  return rows.map((r) => r.id);
}

/**
 * Gives an account another staff role. Refused: the same role; an applicant who belongs to an
 * organisation (they must leave it first); the last active administrator.
 */
export async function changeUserRole(actor: Actor | null, userId: string, role: StaffRole, meta: RequestMeta): Promise<{ ok: true; from: Role; to: StaffRole } | Refused> {
  requirePermission(actor, "user", "update");
  if (!isStaffRole(role)) return refuse("role", "staff.errors.roleRequired");
  return db().$transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const target = await tx.user.findUnique({ where: { id: userId }, include: { _count: { select: { memberships: true } } } });
    if (!target) throw new AppError("not_found", "errors.notFound");
    if (target.role === role) return refuse("role", "staff.errors.roleUnchanged");
    if (target.role === "APPLICANT" && target._count.memberships > 0) return refuse("role", "staff.errors.applicantInOrganisation");
    if (target.role === "ADMIN" && !target.disabledAt && admins.length <= 1) return refuse("role", "staff.errors.lastAdminDemote");
    await tx.user.update({ where: { id: target.id }, data: { role } });
    await recordAudit(
      { actorId: actor.id, ipAddress: meta.ipAddress, action: "role_changed", entityType: "user", entityId: target.id, fromState: target.role, toState: role, data: { email: target.email, from: target.role, to: role } },
      tx,
    );
    return { ok: true as const, from: target.role, to: role };
  });
}

/**
 * Disables an account (it is signed out everywhere at once and its pending email links stop
 * working) or enables it again. The last active administrator cannot be disabled, and no one
 * disables their own account.
 */
export async function setAccountDisabled(actor: Actor | null, userId: string, disabled: boolean, meta: RequestMeta): Promise<{ ok: true; sessionsEnded: number } | Refused> {
  requirePermission(actor, "user", "update");
  return db().$transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const target = await tx.user.findUnique({ where: { id: userId } });
    if (!target) throw new AppError("not_found", "errors.notFound");
    const now = new Date();
    if (!disabled) {
      if (!target.disabledAt) return refuse("form", "staff.errors.notDisabled");
      await tx.user.update({ where: { id: target.id }, data: { disabledAt: null } });
      await recordAudit(
        { actorId: actor.id, ipAddress: meta.ipAddress, action: "user_enabled", entityType: "user", entityId: target.id, fromState: "disabled", toState: "active", data: { email: target.email, disabledAt: target.disabledAt.toISOString() } },
        tx,
      );
      return { ok: true as const, sessionsEnded: 0 };
    }
    if (target.disabledAt) return refuse("form", "staff.errors.alreadyDisabled");
    if (target.role === "ADMIN" && admins.length <= 1) return refuse("form", "staff.errors.lastAdminDisable");
    if (target.id === actor.id) return refuse("form", "staff.errors.disableSelf");
    await tx.user.update({ where: { id: target.id }, data: { disabledAt: now } });
    const ended = await tx.session.deleteMany({ where: { userId: target.id } });
    await tx.authToken.updateMany({ where: { email: target.email, usedAt: null, purpose: { in: ["RESET_PASSWORD", "VERIFY_EMAIL"] } }, data: { usedAt: now } });
    await recordAudit(
      { actorId: actor.id, ipAddress: meta.ipAddress, action: "user_disabled", entityType: "user", entityId: target.id, fromState: "active", toState: "disabled", data: { email: target.email, sessionsEnded: ended.count } },
      tx,
    );
    return { ok: true as const, sessionsEnded: ended.count };
  });
}

// ---------------------------------------------------------------- invitations (admin side)

/**
 * Invites a staff member: a single-use link valid 7 days, emailed in the chosen language.
 * A new invitation replaces the address's pending ones. Refused when the address already
 * belongs to an account (its role is changed on the account's page instead).
 */
export async function inviteStaff(
  actor: Actor | null,
  input: InviteStaffInput,
  meta: RequestMeta & { baseUrl: string },
): Promise<{ ok: true; invitationId: string; email: string } | Refused> {
  requirePermission(actor, "user", "invite");
  const email = input.email.trim().toLowerCase();
  if (!isStaffRole(input.role)) return refuse("role", "staff.errors.roleRequired");
  const [existing, inviter] = await Promise.all([
    db().user.findUnique({ where: { email }, select: { id: true } }),
    db().user.findUnique({ where: { id: actor.id }, select: { name: true } }),
  ]);
  if (existing) return refuse("email", "staff.errors.emailTaken");
  const now = new Date();
  const { invitationId, messageId } = await db().$transaction(async (tx) => {
    const replaced = await tx.authToken.count({ where: { purpose: "STAFF_INVITATION", email, usedAt: null, expiresAt: { gt: now } } });
    await revokeTokens("STAFF_INVITATION", email, tx);
    const token = await issueToken({ purpose: "STAFF_INVITATION", email, role: input.role, invitedById: actor.id, now }, tx);
    const row = await tx.authToken.findFirstOrThrow({ where: { purpose: "STAFF_INVITATION", email, usedAt: null }, orderBy: { createdAt: "desc" }, select: { id: true } });
    const link = `${meta.baseUrl}/staff-invitation/${token}?lang=${input.locale}`;
    const messageId = await queueEmail({ to: email, template: "staffInvitation", locale: input.locale, params: { inviter: inviter?.name ?? "", role: input.role, link } }, tx);
    await recordAudit(
      { actorId: actor.id, ipAddress: meta.ipAddress, action: "staff_invited", entityType: "invitation", entityId: row.id, toState: input.role, data: { email, role: input.role, locale: input.locale, replacedInvitations: replaced } },
      tx,
    );
    return { invitationId: row.id, messageId };
  });
  await deliverEmail(messageId);
  return { ok: true, invitationId, email };
}

export interface InvitationRow {
  id: string;
  email: string;
  role: Role | null;
  invitedBy: { name: string; email: string } | null;
  createdAt: string;
  expiresAt: string;
}

/** Staff invitations not yet accepted, revoked or expired, newest first; with `sentId`, that one's address (the "sent" notice). */
export async function listPendingInvitations(
  actor: Actor | null,
  query: { page: number; sentId?: string | null },
  now = new Date(),
): Promise<Paged & { rows: InvitationRow[]; sent: { email: string } | null }> {
  requirePermission(actor, "user", "invite");
  const where: Prisma.AuthTokenWhereInput = { purpose: "STAFF_INVITATION", usedAt: null, expiresAt: { gt: now } };
  const total = await db().authToken.count({ where });
  const paged = paging(total, query.page, INVITATIONS_PAGE_SIZE);
  const [rows, sent] = await Promise.all([
    db().authToken.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (paged.page - 1) * paged.pageSize, take: paged.pageSize }),
    query.sentId ? db().authToken.findFirst({ where: { id: query.sentId, purpose: "STAFF_INVITATION" }, select: { email: true } }) : null,
  ]);
  const inviterIds = [...new Set(rows.map((r) => r.invitedById).filter((id): id is string => !!id))];
  const inviters = new Map((await db().user.findMany({ where: { id: { in: inviterIds } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]));
  return {
    ...paged,
    sent: sent ? { email: sent.email } : null,
    rows: rows.map((r) => {
      const inviter = r.invitedById ? inviters.get(r.invitedById) : undefined;
      return {
        id: r.id,
        email: r.email,
        role: r.role,
        invitedBy: inviter ? { name: inviter.name, email: inviter.email } : null,
        createdAt: r.createdAt.toISOString(),
        expiresAt: r.expiresAt.toISOString(),
      };
    }),
  };
}

/** Revokes a pending staff invitation: its link stops working at once. */
export async function revokeInvitation(actor: Actor | null, invitationId: string, meta: RequestMeta): Promise<{ ok: true; email: string } | Refused> {
  requirePermission(actor, "user", "invite");
  return db().$transaction(async (tx) => {
    const now = new Date();
    const row = await tx.authToken.findFirst({ where: { id: invitationId, purpose: "STAFF_INVITATION" } });
    if (!row || row.usedAt || row.expiresAt <= now) return refuse("invitationId", "staff.errors.invitationNotPending");
    const { count } = await tx.authToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (count !== 1) return refuse("invitationId", "staff.errors.invitationNotPending");
    await recordAudit(
      { actorId: actor.id, ipAddress: meta.ipAddress, action: "invitation_revoked", entityType: "invitation", entityId: row.id, fromState: "pending", toState: "revoked", data: { email: row.email, role: row.role } },
      tx,
    );
    return { ok: true as const, email: row.email };
  });
}

// ---------------------------------------------------------------- invitations (the invitee's side)

export type InvitationView =
  | { state: "valid"; email: string; role: StaffRole; inviterName: string | null; expiresAt: string }
  | { state: "accountExists"; email: string }
  | { state: "invalid" };

/** What an invitation link opens, without using it. Public: the secret link is the permission. */
export async function viewStaffInvitation(token: string, now = new Date()): Promise<InvitationView> {
  const row = await peekToken("STAFF_INVITATION", token, now);
  if (!row || !isStaffRole(row.role)) return { state: "invalid" };
  const [inviter, existing] = await Promise.all([
    row.invitedById ? db().user.findUnique({ where: { id: row.invitedById }, select: { name: true } }) : null,
    db().user.findUnique({ where: { email: row.email }, select: { id: true } }),
  ]);
  if (existing) return { state: "accountExists", email: row.email };
  return { state: "valid", email: row.email, role: row.role, inviterName: inviter?.name ?? null, expiresAt: row.expiresAt.toISOString() };
}

/**
 * Accepts an invitation: uses the link once, creates the account with the invited role and
 * the email confirmed (the link proved the address), and signs the person in.
 */
export async function acceptStaffInvitation(
  token: string,
  input: AcceptInvitationInput,
  meta: RequestMeta,
): Promise<{ ok: true; cookie: string; userId: string; role: StaffRole } | { ok: false; reason: "linkInvalid" | "accountExists" }> {
  // Hashing is slow on purpose: done before the transaction, which then stays short.
  const passwordHash = await hashPassword(input.password);
  let created: { id: string; role: StaffRole };
  try {
    created = await db().$transaction(async (tx) => {
      const row = await consumeToken("STAFF_INVITATION", token, tx);
      const role = row.role;
      if (!isStaffRole(role)) throw new AppError("bad_request", "staff.invitation.invalidBody");
      if (await tx.user.findUnique({ where: { email: row.email }, select: { id: true } })) throw new AppError("conflict", "staff.invitation.accountExists");
      const now = new Date();
      const user = await tx.user.create({
        data: { email: row.email, name: input.name, passwordHash, role, locale: input.locale, emailVerifiedAt: now, passwordChangedAt: now },
      });
      await recordAudit(
        { actorId: user.id, ipAddress: meta.ipAddress, action: "invitation_accepted", entityType: "user", entityId: user.id, toState: role, data: { email: row.email, invitationId: row.id, invitedById: row.invitedById } },
        tx,
      );
      return { id: user.id, role };
    });
  } catch (error) {
    if (isAppError(error) && error.code === "bad_request") return { ok: false, reason: "linkInvalid" };
    if (isAppError(error) && error.code === "conflict") return { ok: false, reason: "accountExists" };
    // Two acceptances racing for one address: the database's unique email decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, reason: "accountExists" };
    throw error;
  }
  const cookie = await createSessionCookie(created.id, { ipAddress: meta.ipAddress, userAgent: meta.userAgent ?? null, twoFactorVerified: true });
  return { ok: true, cookie, userId: created.id, role: created.role };
}
