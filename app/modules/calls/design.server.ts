// Designing a call for proposals: start a draft from the default grids, save it as often as
// needed (even incomplete), publish it once validateCall finds nothing, then move it through
// its lifecycle. Every state change goes through applyTransition; every other change is
// written with its audit row in one transaction, under an optimistic version check.
import { CALL_EVENT_PERMISSIONS, callMachine, type CallEvent } from "#workflows/call.machine.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { can, requirePermission, scopeFor, type Action, type Actor } from "~/modules/auth/permissions.ts";
import { db, Prisma } from "~/utils/db.server.ts";
import { AppError, isAppError } from "~/utils/errors.ts";
import { pick, translator, type Locale } from "~/utils/i18n.ts";
import { applyTransition } from "~/utils/workflow.server.ts";
import { instantToLocal } from "~/utils/zoned-time.ts";
import { DEFAULT_TIME_ZONE, LIFECYCLE_INTENTS, type CallDraftInput, type NewCallInput } from "./call-schema.ts";
import { scheduleCallClosing, submissionDeadline } from "./deadlines.server.ts";
import { defaultGrids, type GridDefinition, type GridField } from "./grid.ts";
import { validateCall, type CallProblem, type ReferenceCodes } from "./validation.ts";

/** References look like MMD-2027-01: the facility's prefix, the year it was created, a number. */
export const REFERENCE_PREFIX = "MMD";
const FACILITY_TIME_ZONE = DEFAULT_TIME_ZONE;

export interface RequestMeta {
  ipAddress?: string | null;
  /** The clock (tests move it); defaults to now. */
  now?: Date;
}

/** Designing calls is for staff who may act on every call (grant managers; admins read). */
export function requireCallStaff(actor: Actor | null, action: Action): asserts actor is Actor {
  requirePermission(actor, "call", action);
  if (scopeFor(actor.role, "call", action) !== "any") throw new AppError("forbidden", "errors.forbidden");
}

// ---------------------------------------------------------------- reference data

export interface NamedOption {
  code: string;
  name: string;
}

export interface CallFormOptions {
  dialogues: NamedOption[];
  jvapDomains: NamedOption[];
  crossCuttingThemes: NamedOption[];
  cadizAreas: { number: number; name: string; objectives: NamedOption[] }[];
  applicantTypes: NamedOption[];
  countries: (NamedOption & { au: boolean; eu: boolean })[];
}

/** The reference tables as the form offers them, named in the user's language. */
export async function callFormOptions(locale: Locale): Promise<CallFormOptions> {
  const prisma = db();
  const [dialogues, domains, themes, areas, types, countries] = await Promise.all([
    prisma.dialogue.findMany({ orderBy: { rank: "asc" } }),
    prisma.jvapDomain.findMany({ orderBy: { rank: "asc" } }),
    prisma.crossCuttingTheme.findMany({ orderBy: { rank: "asc" } }),
    prisma.cadizArea.findMany({ orderBy: { number: "asc" }, include: { objectives: true } }),
    prisma.applicantType.findMany({ orderBy: { rank: "asc" } }),
    prisma.country.findMany(),
  ]);
  const named = (r: { code: string; nameEn: string; nameFr: string }) => ({ code: r.code, name: pick(r, "name", locale) });
  const collator = new Intl.Collator(locale);
  return {
    dialogues: dialogues.map((d) => ({ code: d.code, name: `${d.shortName}: ${pick(d, "name", locale)}` })),
    jvapDomains: domains.map(named),
    crossCuttingThemes: themes.map(named),
    cadizAreas: areas.map((a) => ({
      number: a.number,
      name: pick(a, "name", locale),
      objectives: a.objectives.sort((x, y) => Number(x.code) - Number(y.code) || x.code.localeCompare(y.code)).map(named),
    })),
    applicantTypes: types.map(named),
    countries: countries.map((c) => ({ ...named(c), au: c.auMember, eu: c.euMember })).sort((a, b) => collator.compare(a.name, b.name)),
  };
}

/** Every code of the reference tables, for validateCall. */
export async function referenceCodes(): Promise<ReferenceCodes> {
  const prisma = db();
  const [dialogues, domains, objectives, types, countries] = await Promise.all([
    prisma.dialogue.findMany({ select: { code: true } }),
    prisma.jvapDomain.findMany({ select: { code: true } }),
    prisma.cadizObjective.findMany({ select: { code: true } }),
    prisma.applicantType.findMany({ select: { code: true } }),
    prisma.country.findMany({ select: { code: true, auMember: true } }),
  ]);
  const set = (rows: { code: string }[]) => new Set(rows.map((r) => r.code));
  return {
    dialogues: set(dialogues),
    jvapDomains: set(domains),
    cadizObjectives: set(objectives),
    applicantTypes: set(types),
    countries: set(countries),
    auCountries: set(countries.filter((c) => c.auMember)),
  };
}

/** The default grids (from GridTemplate) a call starts from. */
export async function loadDefaultGrids(): Promise<Record<GridField, GridDefinition | null>> {
  return defaultGrids(await db().gridTemplate.findMany());
}

// ---------------------------------------------------------------- reading

export type DesignCall = NonNullable<Awaited<ReturnType<typeof findCall>>>;

function findCall(callId: string) {
  return db().call.findUnique({
    where: { id: callId },
    include: { notices: { orderBy: { createdAt: "desc" } }, _count: { select: { proposals: true } } },
  });
}

/** One call with its notices and proposal count, for staff who may read every call. */
export async function getCallForDesign(actor: Actor | null, callId: string): Promise<DesignCall> {
  requireCallStaff(actor, "read");
  const call = await findCall(callId);
  if (!call) throw new AppError("not_found", "errors.notFound");
  return call;
}

/** What is still missing or inconsistent before the call can be published. */
export async function callProblems(call: Parameters<typeof validateCall>[0], now = new Date()): Promise<CallProblem[]> {
  return validateCall(call, now, await referenceCodes());
}

/** The lifecycle events this actor may send in this state, in the machine's order. */
export function availableEvents(state: string, actor: Actor | null): CallEvent["type"][] {
  const on = callMachine.states[state]?.on ?? {};
  return LIFECYCLE_INTENTS.filter((event) => event in on && can(actor, "call", CALL_EVENT_PERMISSIONS[event].action));
}

// ---------------------------------------------------------------- creating and saving

async function nextReference(now: Date): Promise<string> {
  const year = instantToLocal(now, FACILITY_TIME_ZONE).year;
  const prefix = `${REFERENCE_PREFIX}-${year}-`;
  const existing = await db().call.findMany({ where: { reference: { startsWith: prefix } }, select: { reference: true } });
  const highest = existing.reduce((max, { reference }) => {
    const n = Number(reference.slice(prefix.length));
    return Number.isInteger(n) && n > max ? n : max;
  }, 0);
  return `${prefix}${String(highest + 1).padStart(2, "0")}`;
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/**
 * Starts a draft call with the chosen procedure, the default grids for its stages and the
 * usual eligibility rules as a starting point; everything can be changed before publishing.
 */
export async function createDraftCall(actor: Actor | null, input: NewCallInput, meta: RequestMeta = {}): Promise<{ id: string; reference: string }> {
  requireCallStaff(actor, "create");
  const now = meta.now ?? new Date();
  const grids = await loadDefaultGrids();
  for (let attempt = 0; attempt < 5; attempt++) {
    const reference = await nextReference(now);
    try {
      return await db().$transaction(async (tx) => {
        const call = await tx.call.create({
          select: { id: true, reference: true },
          data: {
            reference,
            titleEn: input.titleEn,
            titleFr: input.titleFr,
            procedure: input.procedure,
            leadLocations: ["AU", "EU"],
            targetCountryRules: { maxCountries: 3, minAuCountries: 1 },
            partnershipRules: { allowAlone: true, maxCoApplicants: 1, euLeadNeedsAuCoApplicant: true, diasporaExempt: true },
            timeZone: FACILITY_TIME_ZONE,
            conceptNoteGrid: input.procedure === "RESTRICTED" && grids.conceptNoteGrid ? (grids.conceptNoteGrid as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
            fullApplicationGrid: grids.fullApplicationGrid ? (grids.fullApplicationGrid as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
            createdById: actor.id,
          },
        });
        await recordAudit(
          { actorId: actor.id, ipAddress: meta.ipAddress, action: "call_created", entityType: "call", entityId: call.id, toState: "draft", data: { reference, procedure: input.procedure } },
          tx,
        );
        return call;
      });
    } catch (error) {
      // Someone took the same number a moment earlier: take the next one.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new AppError("conflict", "callDesign.error.referenceTaken");
}

const json = (value: unknown) => (value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue));

function draftData(input: CallDraftInput) {
  return {
    titleEn: input.titleEn,
    titleFr: input.titleFr,
    descriptionEn: input.descriptionEn,
    descriptionFr: input.descriptionFr,
    procedure: input.procedure,
    dialogueCodes: input.dialogueCodes,
    jvapDomainCodes: input.jvapDomainCodes,
    crossCuttingAllowed: input.crossCuttingAllowed,
    cadizObjectiveCodes: input.cadizObjectiveCodes,
    applicantTypeCodes: input.applicantTypeCodes,
    leadLocations: input.leadLocations,
    targetCountryRules: input.targetCountryRules as Prisma.InputJsonValue,
    partnershipRules: input.partnershipRules as unknown as Prisma.InputJsonValue,
    totalBudgetCents: input.totalBudgetCents,
    minGrantCents: input.minGrantCents,
    maxGrantCents: input.maxGrantCents,
    maxCofinancingBp: input.maxCofinancingBp,
    maxIndirectCostBp: input.maxIndirectCostBp,
    minDurationMonths: input.minDurationMonths,
    maxDurationMonths: input.maxDurationMonths,
    timeZone: input.timeZone,
    conceptNoteDeadline: input.conceptNoteDeadline,
    fullApplicationDeadline: input.fullApplicationDeadline,
    requiredDocuments: input.requiredDocuments as unknown as Prisma.InputJsonValue,
    assessorsPerProposal: input.assessorsPerProposal,
    divergenceThresholdBp: input.divergenceThresholdBp,
    shortlistBudgetMultipleBp: input.shortlistBudgetMultipleBp,
    blindReview: input.blindReview,
    conceptNoteGrid: json(input.conceptNoteGrid),
    fullApplicationGrid: json(input.fullApplicationGrid),
  };
}

/** JSON with sorted keys (jsonb does not keep the order keys were written in). */
function comparable(value: unknown): string {
  const normal = (v: unknown): unknown => {
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map(normal);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, normal((v as Record<string, unknown>)[k])]));
    return v ?? null;
  };
  return JSON.stringify(normal(value));
}

/**
 * Saves the whole form of a draft call. Only drafts are freely editable: a published call
 * changes through notices (notices.server.ts). `expectedVersion` is the version the form
 * was loaded with; if someone saved in between, the save is refused (nothing is overwritten).
 */
export async function saveDraft(actor: Actor | null, callId: string, input: CallDraftInput, expectedVersion: number, meta: RequestMeta = {}): Promise<{ version: number; changed: string[] }> {
  requireCallStaff(actor, "update");
  const current = await db().call.findUnique({ where: { id: callId } });
  if (!current) throw new AppError("not_found", "errors.notFound");
  if (current.state !== "draft") throw new AppError("transition_refused", "callDesign.error.notDraft", { state: current.state });
  if (current.version !== expectedVersion) throw new AppError("conflict", "callDesign.error.conflict");
  const data = draftData(input);
  const before = current as unknown as Record<string, unknown>;
  const after = { ...data, conceptNoteGrid: input.conceptNoteGrid, fullApplicationGrid: input.fullApplicationGrid } as Record<string, unknown>;
  const changed = Object.keys(data).filter((key) => comparable(before[key]) !== comparable(after[key]));
  await db().$transaction(async (tx) => {
    const { count } = await tx.call.updateMany({ where: { id: callId, version: expectedVersion, state: "draft" }, data: { ...data, version: { increment: 1 } } });
    if (count === 0) throw new AppError("conflict", "callDesign.error.conflict");
    await recordAudit(
      { actorId: actor.id, ipAddress: meta.ipAddress, action: "call_draft_saved", entityType: "call", entityId: callId, data: { version: expectedVersion + 1, changed } },
      tx,
    );
  });
  return { version: expectedVersion + 1, changed };
}

// ---------------------------------------------------------------- the lifecycle

export type LifecycleResult = { ok: true; state: string; version: number } | { ok: false; problems: CallProblem[] };

interface LifecycleOptions extends RequestMeta {
  expectedVersion: number;
}

/**
 * Publishes a draft if validateCall finds no problem. The machine's guard decides (the
 * problems go into its context); a refusal returns the problems and changes nothing. An open
 * call's stray concept-note deadline and grid are cleared as it is published.
 */
export async function publishCall(actor: Actor | null, callId: string, opts: LifecycleOptions): Promise<LifecycleResult> {
  requireCallStaff(actor, "publish");
  const now = opts.now ?? new Date();
  const call = await db().call.findUnique({ where: { id: callId } });
  if (!call) throw new AppError("not_found", "errors.notFound");
  const problems = call.state === "draft" ? await callProblems(call, now) : [];
  const english = translator("en");
  try {
    const result = await applyTransition({
      entity: "call",
      id: callId,
      actor,
      event: { type: "PUBLISH" },
      expectedVersion: opts.expectedVersion,
      ipAddress: opts.ipAddress,
      context: { isComplete: problems.length === 0, problems: problems.map((p) => english(p.messageKey, p.params)) },
      extraData: { publishedAt: now, ...(call.procedure === "OPEN" ? { conceptNoteDeadline: null, conceptNoteGrid: Prisma.DbNull } : {}) },
    });
    return { ok: true, ...result };
  } catch (error) {
    if (problems.length > 0 && isAppError(error) && error.code === "transition_refused") return { ok: false, problems };
    throw error;
  }
}

/** Opens a published call for proposals and asks the job runner to close it at its deadline. */
export async function openCall(actor: Actor | null, callId: string, opts: LifecycleOptions): Promise<LifecycleResult> {
  requireCallStaff(actor, "open");
  const now = opts.now ?? new Date();
  const call = await db().call.findUnique({ where: { id: callId } });
  if (!call) throw new AppError("not_found", "errors.notFound");
  const deadline = submissionDeadline(call);
  if (call.state === "published" && deadline && deadline <= now) throw new AppError("transition_refused", "callDesign.error.openDeadlinePassed");
  const result = await applyTransition({ entity: "call", id: callId, actor, event: { type: "OPEN" }, expectedVersion: opts.expectedVersion, ipAddress: opts.ipAddress });
  await scheduleCallClosing(call);
  return { ok: true, ...result };
}

/** Sends one lifecycle event (the overview's buttons). */
export async function changeCallState(actor: Actor | null, callId: string, event: CallEvent["type"], opts: LifecycleOptions): Promise<LifecycleResult> {
  if (event === "PUBLISH") return publishCall(actor, callId, opts);
  if (event === "OPEN") return openCall(actor, callId, opts);
  requireCallStaff(actor, CALL_EVENT_PERMISSIONS[event].action);
  const now = opts.now ?? new Date();
  const result = await applyTransition({
    entity: "call",
    id: callId,
    actor,
    event: event === "CLOSE" ? { type: "CLOSE", at: now.toISOString() } : { type: event },
    expectedVersion: opts.expectedVersion,
    ipAddress: opts.ipAddress,
    ...(event === "CLOSE" ? { extraData: { closedAt: now } } : {}),
  });
  return { ok: true, ...result };
}

export const closeCall = (actor: Actor | null, callId: string, opts: LifecycleOptions) => changeCallState(actor, callId, "CLOSE", opts);
export const startEvaluation = (actor: Actor | null, callId: string, opts: LifecycleOptions) => changeCallState(actor, callId, "START_EVALUATION", opts);
export const awardCall = (actor: Actor | null, callId: string, opts: LifecycleOptions) => changeCallState(actor, callId, "AWARD", opts);
export const archiveCall = (actor: Actor | null, callId: string, opts: LifecycleOptions) => changeCallState(actor, callId, "ARCHIVE", opts);
