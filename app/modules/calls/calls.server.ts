// Calls as staff see them: every state, with how many proposals each has received.
import { CALL_STATES } from "#workflows/call.machine.ts";
import { requirePermission, scopeFor, type Actor } from "~/modules/auth/permissions.ts";
import { db } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { pick, type Locale } from "~/utils/i18n.ts";
import { callStateLabel, firstDeadline } from "./catalogue.server.ts";

/** Listing every call, drafts included, is for actors whose call list scope is "any". */
function requireStaffListing(actor: Actor | null): asserts actor is Actor {
  requirePermission(actor, "call", "list");
  if (scopeFor(actor.role, "call", "list") !== "any") throw new AppError("forbidden", "errors.forbidden");
}

export interface StaffCallRow {
  id: string;
  reference: string;
  title: string;
  state: string;
  /** The state in staff words ("Under evaluation"). */
  stateLabel: string;
  proposalCount: number;
  deadline: string | null;
  timeZone: string;
}

export async function listCallsForStaff(actor: Actor | null, locale: Locale): Promise<StaffCallRow[]> {
  requireStaffListing(actor);
  const calls = await db().call.findMany({
    orderBy: [{ createdAt: "desc" }, { reference: "asc" }],
    include: { _count: { select: { proposals: true } } },
  });
  return calls.map((call) => ({
    id: call.id,
    reference: call.reference,
    title: pick(call, "title", locale),
    state: call.state,
    stateLabel: callStateLabel(call.state, locale, "staff"),
    proposalCount: call._count.proposals,
    deadline: firstDeadline(call)?.toISOString() ?? null,
    timeZone: call.timeZone,
  }));
}

export interface StateCount {
  state: string;
  label: string;
  count: number;
}

/** Every call state in lifecycle order with its count (zeros included), then any unknown state. */
export async function countCallsByState(actor: Actor | null, locale: Locale): Promise<StateCount[]> {
  requireStaffListing(actor);
  const groups = await db().call.groupBy({ by: ["state"], _count: { _all: true } });
  const counts = new Map(groups.map((g) => [g.state, g._count._all]));
  const known: string[] = [...CALL_STATES];
  const states = [...known, ...[...counts.keys()].filter((s) => !known.includes(s)).sort()];
  return states.map((state) => ({ state, label: callStateLabel(state, locale, "staff"), count: counts.get(state) ?? 0 }));
}
