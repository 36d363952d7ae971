// The audit log page: events filtered by action, type of record, record, the actor's email
// and a date range (days in the facility's time zone), paginated in SQL, each in words:
// who, when, from which address, what, on which record, from → to.
import type { Role } from "~/generated/prisma/enums.ts";
import { proposalStateLabel } from "~/modules/applications/proposals.server.ts";
import { can, requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { ALL_ROLES, type AuditQuery } from "~/modules/auth/staff-schemas.ts";
import { callStateLabel } from "~/modules/calls/catalogue.server.ts";
import { db, type Prisma } from "~/utils/db.server.ts";
import { isMessageKey, translator, type Locale, type Translate } from "~/utils/i18n.ts";

/** Audit days and times are the facility's (as on the admin dashboard). */
export const FACILITY_TIME_ZONE = "Europe/Vienna";
export const AUDIT_PAGE_SIZE = 50;

export interface AuditSearchRow {
  id: string;
  at: string;
  /** Null for the system (jobs, failed sign-ins with an unknown email). */
  actorName: string | null;
  actorEmail: string | null;
  ipAddress: string | null;
  action: string;
  actionLabel: string;
  entityType: string;
  entityLabel: string;
  entityId: string;
  /** The record in words where known: a person's name, a call's reference, an invited address. */
  recordName: string | null;
  /** A page about the record that this viewer may open. */
  recordLink: string | null;
  fromLabel: string | null;
  toLabel: string | null;
}

export interface AuditSearchResult {
  rows: AuditSearchRow[];
  page: number;
  pageCount: number;
  total: number;
  pageSize: number;
  /** Every action and type of record in the log, for the filter lists. */
  actions: { code: string; label: string }[];
  entityTypes: { code: string; label: string }[];
}

/** How many milliseconds `timeZone` is ahead of UTC at `at`. */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a day (YYYY-MM-DD) starts in `timeZone`, summer time included. */
export function startOfDayIn(day: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  const first = midnightUtc - zoneOffsetMs(new Date(midnightUtc), timeZone);
  const second = midnightUtc - zoneOffsetMs(new Date(first), timeZone);
  return new Date(second);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 24 * 3600_000).toISOString().slice(0, 10);
}

function readable(code: string): string {
  return code.replace(/[_.]/g, " ").toLowerCase();
}

export function auditActionLabel(t: Translate, action: string, changedState: boolean): string {
  const key = `audit.action.${action}`;
  if (isMessageKey(key)) return t(key);
  return changedState ? t("audit.action.transition") : readable(action);
}

export function auditEntityLabel(t: Translate, entityType: string): string {
  const key = `audit.entity.${entityType}`;
  return isMessageKey(key) ? t(key) : readable(entityType);
}

const isRole = (value: string): value is Role => (ALL_ROLES as readonly string[]).includes(value);

/** A stored from/to value in words: workflow states, roles, account status. */
function stateWords(t: Translate, entityType: string, state: string | null): string | null {
  if (!state) return null;
  if (entityType === "call") return callStateLabel(state, t.locale, "staff");
  if (entityType === "proposal") return proposalStateLabel(state, t.locale, "staff");
  if (isRole(state)) return t(`role.${state}`);
  if (state === "active" || state === "disabled" || state === "pending" || state === "revoked") return t(`staff.state.${state}`);
  return state;
}

function dataEmail(data: Prisma.JsonValue): string | null {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  const email = (data as Record<string, unknown>).email;
  return typeof email === "string" ? email : null;
}

export async function searchAuditEvents(actor: Actor | null, query: Partial<AuditQuery> & { page: number }, locale: Locale, opts: { pageSize?: number } = {}): Promise<AuditSearchResult> {
  requirePermission(actor, "audit", "list");
  const t = translator(locale);
  const where: Prisma.AuditEventWhereInput = {};
  if (query.action) where.action = query.action;
  if (query.entityType) where.entityType = query.entityType;
  if (query.record) where.entityId = query.record;
  if (query.actor) where.actor = { is: { email: { contains: query.actor, mode: "insensitive" } } };
  if (query.from || query.to) {
    where.at = {
      ...(query.from ? { gte: startOfDayIn(query.from, FACILITY_TIME_ZONE) } : {}),
      ...(query.to ? { lt: startOfDayIn(nextDay(query.to), FACILITY_TIME_ZONE) } : {}),
    };
  }
  const pageSize = Math.min(Math.max(Math.trunc(opts.pageSize ?? AUDIT_PAGE_SIZE), 1), 200);
  const [total, actionGroups, entityGroups] = await Promise.all([
    db().auditEvent.count({ where }),
    db().auditEvent.groupBy({ by: ["action"], orderBy: { action: "asc" } }),
    db().auditEvent.groupBy({ by: ["entityType"], orderBy: { entityType: "asc" } }),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, query.page), pageCount);
  const events = await db().auditEvent.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    include: { actor: { select: { name: true, email: true } } },
  });

  // Records in words, looked up for this page only.
  const idsOf = (type: string) => [...new Set(events.filter((e) => e.entityType === type).map((e) => e.entityId))];
  const [users, calls, proposals] = await Promise.all([
    db().user.findMany({ where: { id: { in: idsOf("user") } }, select: { id: true, name: true, email: true } }),
    db().call.findMany({ where: { id: { in: idsOf("call") } }, select: { id: true, reference: true } }),
    db().proposal.findMany({ where: { id: { in: idsOf("proposal") } }, select: { id: true, reference: true } }),
  ]);
  const userNames = new Map(users.map((u) => [u.id, `${u.name} (${u.email})`]));
  const references = new Map([...calls, ...proposals].map((r) => [r.id, r.reference]));
  const mayOpenUsers = can(actor, "user", "read");
  const mayOpenCalls = can(actor, "call", "read");

  const rows = events.map((e): AuditSearchRow => {
    let recordName: string | null = null;
    let recordLink: string | null = null;
    if (e.entityType === "user") {
      recordName = userNames.get(e.entityId) ?? dataEmail(e.data);
      if (mayOpenUsers && userNames.has(e.entityId)) recordLink = `/admin/users/${e.entityId}`;
    } else if (e.entityType === "invitation") {
      recordName = dataEmail(e.data);
    } else if (e.entityType === "call" || e.entityType === "proposal") {
      recordName = references.get(e.entityId) ?? null;
      if (e.entityType === "call" && mayOpenCalls && recordName) recordLink = `/calls/${e.entityId}`;
    }
    return {
      id: e.id,
      at: e.at.toISOString(),
      actorName: e.actor?.name ?? null,
      actorEmail: e.actor?.email ?? null,
      ipAddress: e.ipAddress,
      action: e.action,
      actionLabel: auditActionLabel(t, e.action, !!(e.fromState || e.toState)),
      entityType: e.entityType,
      entityLabel: auditEntityLabel(t, e.entityType),
      entityId: e.entityId,
      recordName,
      recordLink,
      fromLabel: stateWords(t, e.entityType, e.fromState),
      toLabel: stateWords(t, e.entityType, e.toState),
    };
  });

  return {
    rows,
    page,
    pageCount,
    total,
    pageSize,
    actions: actionGroups.map((g) => ({ code: g.action, label: auditActionLabel(t, g.action, false) })),
    entityTypes: entityGroups.map((g) => ({ code: g.entityType, label: auditEntityLabel(t, g.entityType) })),
  };
}
