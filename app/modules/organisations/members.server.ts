// Who works with an organisation: members and invitations. Owners invite colleagues by
// email, remove members, change roles and may step down; an organisation ALWAYS keeps at
// least one owner: the check runs inside the transaction that makes the change, with the
// organisation's row locked, so two owners demoting each other at once cannot both succeed.
import type { MembershipRole } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { consumeToken, issueToken, peekToken } from "~/modules/auth/tokens.server.ts";
import { deliverEmail, queueEmail } from "~/modules/notifications/email.server.ts";
import { db, type DbTx } from "~/utils/db.server.ts";
import { AppError, isAppError } from "~/utils/errors.ts";
import type { Locale } from "~/utils/i18n.ts";
import { isEmailVerified, membershipRoleOf, requireOrganisationAccess, requireOwner } from "./access.server.ts";
import { invitationLink } from "./links.server.ts";
import type { AuditMeta, ServiceResult } from "./organisations.server.ts";

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: MembershipRole;
  since: string;
  isViewer: boolean;
}

export interface InvitationRow {
  id: string;
  email: string;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface MembersView {
  organisation: { id: string; legalName: string; acronym: string | null };
  members: MemberRow[];
  /** Pending invitations; shown to owners only. */
  invitations: InvitationRow[];
  viewerRole: MembershipRole | null;
  canManage: boolean;
}

/** Invitations one organisation may send per hour, and to one address from anywhere. */
export const MAX_INVITATIONS_PER_HOUR = 30;
export const MAX_INVITATIONS_PER_ADDRESS_PER_HOUR = 5;

const ROLE_ORDER: Record<MembershipRole, number> = { OWNER: 0, MEMBER: 1 };

function pendingInvitations(organisationId: string, tx: DbTx = db()) {
  return tx.authToken.findMany({
    where: { purpose: "ORGANISATION_INVITATION", organisationId, usedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
  });
}

export async function listMembers(actor: Actor | null, organisationId: string): Promise<MembersView> {
  requireOrganisationAccess(actor, organisationId, "read");
  const org = await db().organisation.findUnique({
    where: { id: organisationId },
    select: { id: true, legalName: true, acronym: true, members: { include: { user: { select: { id: true, name: true, email: true } } } } },
  });
  if (!org) throw new AppError("not_found", "errors.notFound");
  const viewerRole = org.members.find((m) => m.userId === actor.id)?.role ?? null;
  const canManage = viewerRole === "OWNER" && can(actor, "organisation", "manage_members", { organisationId });
  const invitations = canManage ? await pendingInvitations(organisationId) : [];
  const inviterIds = [...new Set(invitations.map((i) => i.invitedById).filter((id): id is string => !!id))];
  const inviters = inviterIds.length ? await db().user.findMany({ where: { id: { in: inviterIds } }, select: { id: true, name: true } }) : [];
  const inviterName = new Map(inviters.map((u) => [u.id, u.name]));
  return {
    organisation: { id: org.id, legalName: org.legalName, acronym: org.acronym },
    members: org.members
      .map((m) => ({ userId: m.userId, name: m.user.name, email: m.user.email, role: m.role, since: m.createdAt.toISOString(), isViewer: m.userId === actor.id }))
      .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name)),
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      invitedBy: i.invitedById ? (inviterName.get(i.invitedById) ?? null) : null,
      createdAt: i.createdAt.toISOString(),
      expiresAt: i.expiresAt.toISOString(),
    })),
    viewerRole,
    canManage,
  };
}

export interface InviteMeta extends AuditMeta {
  origin: string;
  /** The inviter's language: the email is written in it. */
  locale: Locale;
}

/**
 * An owner invites a colleague by email. A new invitation to the same address for the same
 * organisation replaces the older one; other organisations' invitations are left alone.
 */
export async function inviteMember(actor: Actor | null, organisationId: string, email: string, meta: InviteMeta): Promise<ServiceResult<{ email: string }>> {
  const owner = await requireOwner(actor, organisationId, "invite");
  const alreadyMember = await db().membership.findFirst({ where: { organisationId, user: { email } }, select: { userId: true } });
  if (alreadyMember) return { ok: false, fieldErrors: { email: ["organisation.members.errors.alreadyMember"] } };
  // The platform's address must not become a way to send mass email.
  const hourAgo = new Date(Date.now() - 3600_000);
  const [recentForOrganisation, recentToAddress] = await Promise.all([
    db().authToken.count({ where: { purpose: "ORGANISATION_INVITATION", organisationId, createdAt: { gt: hourAgo } } }),
    db().emailMessage.count({ where: { to: email, template: "organisationInvitation", createdAt: { gt: hourAgo } } }),
  ]);
  if (recentForOrganisation >= MAX_INVITATIONS_PER_HOUR || recentToAddress >= MAX_INVITATIONS_PER_ADDRESS_PER_HOUR) {
    return { ok: false, fieldErrors: { email: ["organisation.members.errors.tooMany"] } };
  }
  const emailId = await db().$transaction(async (tx) => {
    const [org, inviter] = await Promise.all([
      tx.organisation.findUnique({ where: { id: organisationId }, select: { legalName: true, acronym: true } }),
      tx.user.findUnique({ where: { id: owner.id }, select: { name: true } }),
    ]);
    if (!org || !inviter) throw new AppError("not_found", "errors.notFound");
    await tx.authToken.updateMany({ where: { purpose: "ORGANISATION_INVITATION", email, organisationId, usedAt: null }, data: { usedAt: new Date() } });
    const token = await issueToken({ purpose: "ORGANISATION_INVITATION", email, organisationId, invitedById: owner.id }, tx);
    await recordAudit({ actorId: owner.id, ipAddress: meta.ipAddress, action: "member_invited", entityType: "organisation", entityId: organisationId, data: { email } }, tx);
    const name = org.acronym ? `${org.legalName} (${org.acronym})` : org.legalName;
    return queueEmail({ to: email, template: "organisationInvitation", locale: meta.locale, params: { inviter: inviter.name, organisation: name, link: invitationLink(meta.origin, token) } }, tx);
  });
  await deliverEmail(emailId);
  return { ok: true, value: { email } };
}

export async function revokeInvitation(actor: Actor | null, organisationId: string, invitationId: string, meta: AuditMeta): Promise<ServiceResult<null>> {
  const owner = await requireOwner(actor, organisationId, "manage_members");
  return db().$transaction(async (tx) => {
    const invitation = await tx.authToken.findFirst({ where: { id: invitationId, organisationId, purpose: "ORGANISATION_INVITATION" } });
    const { count } = await tx.authToken.updateMany({ where: { id: invitationId, organisationId, purpose: "ORGANISATION_INVITATION", usedAt: null }, data: { usedAt: new Date() } });
    if (!invitation || count === 0) return { ok: false as const, fieldErrors: { form: ["organisation.members.errors.invitationGone"] } };
    await recordAudit({ actorId: owner.id, ipAddress: meta.ipAddress, action: "invitation_revoked", entityType: "organisation", entityId: organisationId, data: { email: invitation.email } }, tx);
    return { ok: true as const, value: null };
  });
}

/** Locks the organisation's row for the rest of the transaction: membership changes queue up behind it. */
async function lockOrganisation(tx: DbTx, organisationId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Organisation" WHERE "id" = ${organisationId} FOR UPDATE`;
  if (rows.length === 0) throw new AppError("not_found", "errors.notFound");
}

const LAST_OWNER = { ok: false as const, fieldErrors: { form: ["organisation.members.errors.lastOwner"] } };
const NOT_MEMBER = { ok: false as const, fieldErrors: { form: ["organisation.members.errors.notMember"] } };

/** An owner removes a member, or themselves (leaving); never the last owner. */
export async function removeMember(actor: Actor | null, organisationId: string, userId: string, meta: AuditMeta): Promise<ServiceResult<{ self: boolean }>> {
  const owner = await requireOwner(actor, organisationId, "manage_members");
  return db().$transaction(async (tx) => {
    await lockOrganisation(tx, organisationId);
    // Re-checked under the lock: the actor may have been demoted in the meantime.
    if ((await membershipRoleOf(owner.id, organisationId, tx)) !== "OWNER") throw new AppError("forbidden", "organisation.members.onlyOwners");
    const target = await tx.membership.findUnique({ where: { userId_organisationId: { userId, organisationId } } });
    if (!target) return NOT_MEMBER;
    if (target.role === "OWNER" && (await tx.membership.count({ where: { organisationId, role: "OWNER" } })) <= 1) return LAST_OWNER;
    await tx.membership.delete({ where: { userId_organisationId: { userId, organisationId } } });
    await recordAudit({ actorId: owner.id, ipAddress: meta.ipAddress, action: "member_removed", entityType: "organisation", entityId: organisationId, fromState: target.role, data: { userId } }, tx);
    return { ok: true as const, value: { self: userId === owner.id } };
  });
}

/** An owner makes a member an owner, or an owner (themselves: stepping down) a member; never the last owner. */
export async function setMemberRole(actor: Actor | null, organisationId: string, userId: string, role: MembershipRole, meta: AuditMeta): Promise<ServiceResult<{ self: boolean }>> {
  const owner = await requireOwner(actor, organisationId, "manage_members");
  return db().$transaction(async (tx) => {
    await lockOrganisation(tx, organisationId);
    if ((await membershipRoleOf(owner.id, organisationId, tx)) !== "OWNER") throw new AppError("forbidden", "organisation.members.onlyOwners");
    const target = await tx.membership.findUnique({ where: { userId_organisationId: { userId, organisationId } } });
    if (!target) return NOT_MEMBER;
    if (target.role === role) return { ok: true as const, value: { self: userId === owner.id } };
    if (target.role === "OWNER" && (await tx.membership.count({ where: { organisationId, role: "OWNER" } })) <= 1) return LAST_OWNER;
    await tx.membership.update({ where: { userId_organisationId: { userId, organisationId } }, data: { role } });
    await recordAudit(
      { actorId: owner.id, ipAddress: meta.ipAddress, action: "member_role_changed", entityType: "organisation", entityId: organisationId, fromState: target.role, toState: role, data: { userId } },
      tx,
    );
    return { ok: true as const, value: { self: userId === owner.id } };
  });
}

// ---------------------------------------------------------------- the invitee's side

export type InvitationView =
  | { status: "invalid" }
  | {
      status: "anonymous" | "wrong_account" | "staff" | "unverified" | "member" | "ready";
      organisation: { id: string; name: string };
      inviter: string | null;
      email: string;
      /** The signed-in account's address (wrong_account). */
      currentEmail?: string;
    };

/** What the invitation link shows to this visitor (signed in or not), without using it. */
export async function getInvitation(token: string, viewer: { id: string; email: string; role: string } | null): Promise<InvitationView> {
  const row = await peekToken("ORGANISATION_INVITATION", token);
  if (!row?.organisationId) return { status: "invalid" };
  const [org, inviter] = await Promise.all([
    db().organisation.findUnique({ where: { id: row.organisationId }, select: { id: true, legalName: true, acronym: true } }),
    row.invitedById ? db().user.findUnique({ where: { id: row.invitedById }, select: { name: true } }) : null,
  ]);
  if (!org) return { status: "invalid" };
  const base = { organisation: { id: org.id, name: org.acronym ? `${org.legalName} (${org.acronym})` : org.legalName }, inviter: inviter?.name ?? null, email: row.email };
  if (!viewer) return { status: "anonymous", ...base };
  if (viewer.email.toLowerCase() !== row.email) return { status: "wrong_account", ...base, currentEmail: viewer.email };
  if (viewer.role !== "APPLICANT") return { status: "staff", ...base };
  if (await membershipRoleOf(viewer.id, org.id)) return { status: "member", ...base };
  if (!(await isEmailVerified(viewer.id))) return { status: "unverified", ...base };
  return { status: "ready", ...base };
}

/**
 * The invitee accepts: a MEMBER membership, the link used up. Only for the account the
 * invitation was sent to, an APPLICANT (staff never join organisations) with a confirmed
 * address. Throws a clear 400/403 otherwise.
 */
export async function acceptInvitation(actor: Actor | null, token: string, meta: AuditMeta): Promise<{ organisationId: string }> {
  if (!actor) throw new AppError("unauthenticated", "errors.unauthenticated");
  const user = await db().user.findUnique({ where: { id: actor.id }, select: { id: true, email: true, role: true, emailVerifiedAt: true } });
  if (!user) throw new AppError("unauthenticated", "errors.unauthenticated");
  const view = await getInvitation(token, user);
  switch (view.status) {
    case "invalid":
      throw new AppError("bad_request", "organisation.invitation.invalidBody");
    case "anonymous":
    case "wrong_account":
      throw new AppError("forbidden", "organisation.invitation.invalidBody");
    case "staff":
      throw new AppError("forbidden", "organisation.invitation.staff");
    case "unverified":
      throw new AppError("forbidden", "registration.errors.emailNotVerified");
    case "member":
    case "ready":
      break;
  }
  const organisationId = view.organisation.id;
  await db().$transaction(async (tx) => {
    // Two clicks at once: the second finds the link used.
    const row = await consumeToken("ORGANISATION_INVITATION", token, tx).catch((error: unknown) => {
      throw isAppError(error) && error.code === "bad_request" ? new AppError("bad_request", "organisation.invitation.invalidBody") : error;
    });
    if (row.organisationId !== organisationId || row.email !== user.email.toLowerCase()) throw new AppError("bad_request", "organisation.invitation.invalidBody");
    const existing = await tx.membership.findUnique({ where: { userId_organisationId: { userId: user.id, organisationId } } });
    if (existing) return;
    await tx.membership.create({ data: { userId: user.id, organisationId, role: "MEMBER" } });
    await recordAudit(
      { actorId: user.id, ipAddress: meta.ipAddress, action: "member_joined", entityType: "organisation", entityId: organisationId, toState: "MEMBER", data: { userId: user.id, invitedById: row.invitedById } },
      tx,
    );
  });
  return { organisationId };
}
