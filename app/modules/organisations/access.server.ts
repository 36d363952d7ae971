// Who may do what to one organisation, decided from the permission table plus the
// membership role. The rule of this area: every member may read and edit the profile and
// the documents; only OWNERS invite, remove and change the role of members. An applicant
// who is not a member gets "not found", never a hint that the organisation exists.
import type { MembershipRole } from "~/generated/prisma/enums.ts";
import { can, type Action, type Actor } from "~/modules/auth/permissions.ts";
import { db, type DbTx } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";

/** Throws 401/404/403: 404 when the actor may not even read the organisation. */
export function requireOrganisationAccess(actor: Actor | null, organisationId: string, action: Action): asserts actor is Actor {
  if (!actor) throw new AppError("unauthenticated", "errors.unauthenticated");
  const resource = { organisationId };
  if (!can(actor, "organisation", "read", resource)) throw new AppError("not_found", "errors.notFound");
  if (!can(actor, "organisation", action, resource)) throw new AppError("forbidden", "errors.forbidden");
}

export async function membershipRoleOf(userId: string, organisationId: string, tx: DbTx = db()): Promise<MembershipRole | null> {
  const m = await tx.membership.findUnique({ where: { userId_organisationId: { userId, organisationId } }, select: { role: true } });
  return m?.role ?? null;
}

/**
 * For member management: the table's `manage_members` (or `invite`) right on this
 * organisation, and the OWNER role in it. A member who is not an owner gets 403.
 */
export async function requireOwner(actor: Actor | null, organisationId: string, action: "manage_members" | "invite", tx: DbTx = db()): Promise<Actor> {
  requireOrganisationAccess(actor, organisationId, action);
  if ((await membershipRoleOf(actor.id, organisationId, tx)) !== "OWNER") throw new AppError("forbidden", "organisation.members.onlyOwners");
  return actor;
}

/** Whether the account's email address is confirmed. */
export async function isEmailVerified(userId: string, tx: DbTx = db()): Promise<boolean> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  return !!user?.emailVerifiedAt;
}

/** Unverified accounts cannot create or join organisations (403 with a clear message). */
export async function requireVerifiedEmail(userId: string, tx: DbTx = db()): Promise<void> {
  if (!(await isEmailVerified(userId, tx))) throw new AppError("forbidden", "registration.errors.emailNotVerified");
}
