// Reading the audit trail (writing it is audit.server.ts), and the account counts shown next
// to it on the admin dashboard. Both are for actors who may list audit events / users.
import type { Role } from "~/generated/prisma/enums.ts";
import { proposalStateLabel } from "~/modules/applications/proposals.server.ts";
import { requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { callStateLabel } from "~/modules/calls/catalogue.server.ts";
import { db } from "~/utils/db.server.ts";
import type { Locale } from "~/utils/i18n.ts";

export interface AuditEventRow {
  id: string;
  at: string;
  /** Null for the system (jobs, failed sign-ins with an unknown email). */
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string;
  fromState: string | null;
  toState: string | null;
  /** The states in staff words, for calls and proposals; otherwise the stored id. */
  fromLabel: string | null;
  toLabel: string | null;
}

function stateWords(entityType: string, state: string | null, locale: Locale): string | null {
  if (!state) return null;
  if (entityType === "call") return callStateLabel(state, locale, "staff");
  if (entityType === "proposal") return proposalStateLabel(state, locale, "staff");
  return state;
}

export async function latestAuditEvents(actor: Actor | null, n = 20, locale: Locale = "en"): Promise<AuditEventRow[]> {
  requirePermission(actor, "audit", "list");
  const take = Math.min(Math.max(Math.trunc(n) || 1, 1), 200);
  const events = await db().auditEvent.findMany({
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take,
    include: { actor: { select: { name: true, email: true } } },
  });
  return events.map((e) => ({
    id: e.id,
    at: e.at.toISOString(),
    actorName: e.actor?.name ?? null,
    actorEmail: e.actor?.email ?? null,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    fromState: e.fromState,
    toState: e.toState,
    fromLabel: stateWords(e.entityType, e.fromState, locale),
    toLabel: stateWords(e.entityType, e.toState, locale),
  }));
}

const ROLES: Role[] = ["APPLICANT", "EVALUATOR", "GRANT_MANAGER", "ADMIN"];

/** Accounts per role, every role listed (zeros included). Disabled accounts are not counted. */
export async function countUsersByRole(actor: Actor | null): Promise<{ role: Role; count: number }[]> {
  requirePermission(actor, "user", "list");
  const groups = await db().user.groupBy({ by: ["role"], where: { disabledAt: null }, _count: { _all: true } });
  const counts = new Map(groups.map((g) => [g.role, g._count._all]));
  return ROLES.map((role) => ({ role, count: counts.get(role) ?? 0 }));
}
