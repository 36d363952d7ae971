// Permissions are data: role → entity → action → scope. `can` reads this table and nothing
// else decides; every loader and action asks through `requirePermission`.
import type { Role } from "~/generated/prisma/enums.ts";
import { AppError } from "~/utils/errors.ts";

export type Entity = "call" | "proposal" | "organisation" | "document" | "evaluation" | "grant" | "report" | "user" | "audit" | "dashboard";
export type Action = "read" | "list" | "create" | "update" | "delete" | "publish" | "open" | "close" | "evaluate" | "award" | "archive" | "submit" | "withdraw" | "screen" | "invite" | "manage_members" | "assign" | "review" | "pay";
/**
 * any: every record; organisation: records of the actor's organisation; own: records the
 * actor created; assigned: records assigned to the actor; published: publicly visible ones.
 */
export type Scope = "any" | "organisation" | "own" | "assigned" | "published";

type Table = Record<Role, Partial<Record<Entity, Partial<Record<Action, Scope>>>>>;

export const PERMISSIONS: Table = {
  APPLICANT: {
    call: { read: "published", list: "published" },
    proposal: { read: "organisation", list: "organisation", create: "organisation", update: "organisation", submit: "organisation", withdraw: "organisation" },
    // Members may edit the profile and documents; inviting and managing members also needs the
    // OWNER membership role, which the organisations service checks (app/modules/organisations).
    organisation: { read: "organisation", update: "organisation", create: "own", invite: "organisation", manage_members: "organisation" },
    document: { read: "organisation", create: "organisation", delete: "organisation" },
    grant: { read: "organisation", list: "organisation" },
    report: { read: "organisation", create: "organisation", update: "organisation", submit: "organisation" },
    dashboard: { read: "own" },
  },
  EVALUATOR: {
    call: { read: "assigned", list: "published" },
    proposal: { read: "assigned", list: "assigned" },
    document: { read: "assigned" },
    evaluation: { read: "own", list: "own", update: "own", submit: "own" },
    dashboard: { read: "own" },
  },
  GRANT_MANAGER: {
    call: { read: "any", list: "any", create: "any", update: "any", publish: "any", open: "any", close: "any", evaluate: "any", award: "any", archive: "any" },
    proposal: { read: "any", list: "any", screen: "any", award: "any" },
    organisation: { read: "any", list: "any" } as Partial<Record<Action, Scope>>,
    document: { read: "any", create: "any" },
    // Grant managers read and steer evaluations but never score in an assessor's place.
    evaluation: { read: "any", list: "any", assign: "any", review: "any" },
    grant: { read: "any", list: "any", create: "any", update: "any", pay: "any" },
    report: { read: "any", list: "any", review: "any" },
    audit: { read: "any", list: "any" },
    dashboard: { read: "own" },
  },
  ADMIN: {
    call: { read: "any", list: "any", archive: "any" },
    proposal: { list: "any" },
    organisation: { read: "any", list: "any", update: "any" },
    user: { read: "any", list: "any", create: "any", update: "any", invite: "any" },
    audit: { read: "any", list: "any" },
    dashboard: { read: "own" },
  },
};

export interface Actor {
  id: string;
  role: Role;
  organisationIds: string[];
}

/** What a record offers for scope checks: the fields that apply to it. */
export interface ResourceRef {
  organisationId?: string | null;
  ownerId?: string | null;
  assignedUserIds?: string[];
  published?: boolean;
}

export function scopeFor(role: Role, entity: Entity, action: Action): Scope | null {
  return PERMISSIONS[role][entity]?.[action] ?? null;
}

/** Whether `actor` may do `action` on `entity`; with a resource, whether on that one. */
export function can(actor: Actor | null, entity: Entity, action: Action, resource?: ResourceRef): boolean {
  if (!actor) return false;
  const scope = scopeFor(actor.role, entity, action);
  if (!scope) return false;
  if (!resource || scope === "any") return true;
  switch (scope) {
    case "organisation":
      return !!resource.organisationId && actor.organisationIds.includes(resource.organisationId);
    case "own":
      return !!resource.ownerId && resource.ownerId === actor.id;
    case "assigned":
      return !!resource.assignedUserIds?.includes(actor.id);
    case "published":
      return resource.published === true;
  }
}

/** Throws 401 for nobody, 403 for a signed-in user without the right, 404 hides records. */
export function requirePermission(actor: Actor | null, entity: Entity, action: Action, resource?: ResourceRef): asserts actor is Actor {
  if (!actor) throw new AppError("unauthenticated", "errors.unauthenticated");
  if (!can(actor, entity, action, resource)) {
    throw new AppError("forbidden", "errors.forbidden");
  }
}
