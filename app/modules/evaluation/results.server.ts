// The results of one stage of a call: every proposal evaluated at that stage with its
// evaluations, its moderation and the combined score (combine() over the submitted
// evaluations), the ranked list, the assessors' severity chart data and the CSV export.
// Reading the results also opens the moderations that are due (idempotent): a divergence
// is noticed whenever anyone looks, without a job.
import { rememberBounded, shareInFlight } from "~/utils/memo.ts";
import { APPLICATION_STATE_LABELS, type ApplicationStateId } from "#workflows/application.machine.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { readGrid, sectionTotal, type GridDefinition } from "~/modules/calls/grid.ts";
import { csvStream, type CsvValue } from "~/utils/csv.ts";
import { db, Prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { pick, pickBilingual, translator, type Locale } from "~/utils/i18n.ts";
import { combine, meanCentipointsOf, type Combined, type OutcomeReason, type SubmittedEvaluation } from "./combining.ts";
import { StageQuerySchema, type EvaluationStage } from "./evaluation-schemas.ts";
import { rankProposals, type RankedRow } from "./ranking.ts";
import { readScores } from "./scoring.ts";

/** The proposal state in which each stage is evaluated. */
export const STAGE_STATE: Record<EvaluationStage, string> = { CONCEPT_NOTE: "cn_evaluation", FULL_APPLICATION: "full_evaluation" };
/** Evaluations that still count (assigned to someone who has not left). */
export const ACTIVE_EVALUATION_STATES = ["assigned", "in_progress", "submitted", "returned"] as const;
export const COUNTED_ROLES = ["ASSESSOR", "FURTHER"] as const;

export function requireEvaluationManager(actor: Actor | null): asserts actor is Actor {
  requirePermission(actor, "evaluation", "assign");
}

/** The stages a call has: restricted calls have the concept note first. */
export function stagesOf(procedure: string): EvaluationStage[] {
  return procedure === "RESTRICTED" ? ["CONCEPT_NOTE", "FULL_APPLICATION"] : ["FULL_APPLICATION"];
}

/** The stage asked for if the call has it, else the first stage with proposals waiting, else the first. */
export function pickStage(procedure: string, asked: EvaluationStage | undefined, waiting: Partial<Record<EvaluationStage, number>> = {}): EvaluationStage {
  const stages = stagesOf(procedure);
  if (asked && stages.includes(asked)) return asked;
  return stages.find((s) => (waiting[s] ?? 0) > 0) ?? stages[0] ?? "FULL_APPLICATION";
}

export function staffState(state: string, locale: Locale): string {
  return pickBilingual(APPLICATION_STATE_LABELS[state as ApplicationStateId]?.staff, locale, state);
}

const EMPTY_GRID: GridDefinition = { max: 0, sections: [] };

export function gridOf(call: { conceptNoteGrid: unknown; fullApplicationGrid: unknown }, stage: EvaluationStage): GridDefinition {
  return readGrid(stage === "CONCEPT_NOTE" ? call.conceptNoteGrid : call.fullApplicationGrid) ?? EMPTY_GRID;
}

/**
 * Which concept-note section each carried section of the full grid takes its points from:
 * the carried sections in order, each matched with the first unused concept-note section of
 * the same maximum (relevance 30 → relevance 30), else the next unused one.
 */
export function carriedMapping(cnGrid: GridDefinition, fullGrid: GridDefinition): Record<string, string> {
  const used = new Set<string>();
  const mapping: Record<string, string> = {};
  for (const section of fullGrid.sections.filter((s) => s.carriedFromConceptNote === true)) {
    const same = cnGrid.sections.find((s) => !used.has(s.code) && sectionTotal(s) === sectionTotal(section));
    const next = same ?? cnGrid.sections.find((s) => !used.has(s.code));
    if (next) {
      used.add(next.code);
      mapping[section.code] = next.code;
    }
  }
  return mapping;
}

/** Assignment reasons are stored as {"en","fr"} JSON (automatic) or plain words (older rows). */
export function readAssignmentReason(text: string, locale: Locale): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && "en" in parsed && "fr" in parsed) {
      const p = parsed as { en: unknown; fr: unknown };
      if (typeof p.en === "string" && typeof p.fr === "string") return pickBilingual({ en: p.en, fr: p.fr }, locale);
    }
  } catch {
    // plain words
  }
  return text;
}

/** Moderation reasons are stored as JSON facts so that each reader gets them in their language. */
export interface ModerationFacts {
  totals: number[];
  gapBp: number;
  thresholdBp: number;
}

export function readModerationFacts(text: string): ModerationFacts | null {
  try {
    const parsed = JSON.parse(text) as Partial<ModerationFacts>;
    if (Array.isArray(parsed.totals) && typeof parsed.gapBp === "number" && typeof parsed.thresholdBp === "number") {
      return { totals: parsed.totals.filter((n): n is number => typeof n === "number"), gapBp: parsed.gapBp, thresholdBp: parsed.thresholdBp };
    }
  } catch {
    // not JSON
  }
  return null;
}

// ------------------------------------------------------------------ loading a stage

const CALL_SELECT = {
  id: true,
  reference: true,
  titleEn: true,
  titleFr: true,
  procedure: true,
  state: true,
  version: true,
  timeZone: true,
  totalBudgetCents: true,
  assessorsPerProposal: true,
  divergenceThresholdBp: true,
  shortlistBudgetMultipleBp: true,
  blindReview: true,
  excludeSameCountryAssessors: true,
  conceptNoteGrid: true,
  fullApplicationGrid: true,
} as const satisfies Prisma.CallSelect;

export type StageCall = Prisma.CallGetPayload<{ select: typeof CALL_SELECT }>;

export async function findCall(callId: string): Promise<StageCall> {
  const call = await db().call.findUnique({ where: { id: callId }, select: CALL_SELECT });
  if (!call) throw new AppError("not_found", "errors.notFound");
  return call;
}

/** A staff evaluation page's call and the stage its address asks for (`?stage=`, see pickStage). */
export async function findCallAndStage(callId: string, url: string): Promise<{ call: StageCall; stage: EvaluationStage }> {
  const call = await findCall(callId);
  const asked = StageQuerySchema.parse(Object.fromEntries(new URL(url).searchParams)).stage;
  return { call, stage: pickStage(call.procedure, asked) };
}

const EVALUATION_SELECT = {
  id: true,
  stage: true,
  role: true,
  state: true,
  version: true,
  total: true,
  scores: true,
  assignmentReason: true,
  returnReason: true,
  conflictReason: true,
  submittedAt: true,
  createdAt: true,
  assessorId: true,
  assessor: { select: { id: true, name: true, email: true } },
} as const satisfies Prisma.EvaluationSelect;

export type StageEvaluation = Prisma.EvaluationGetPayload<{ select: typeof EVALUATION_SELECT }>;

const PROPOSAL_SELECT = {
  id: true,
  reference: true,
  title: true,
  state: true,
  version: true,
  requestedAmountCents: true,
  submittedAt: true,
  organisationId: true,
  organisation: { select: { legalName: true, acronym: true, countryCode: true } },
} as const satisfies Prisma.ProposalSelect;

export interface StageModeration {
  id: string;
  reason: string;
  facts: ModerationFacts | null;
  resolution: string | null;
  consensusTotal: number | null;
  note: string | null;
  openedAt: Date;
  resolvedAt: Date | null;
}

export interface StageProposal {
  id: string;
  reference: string;
  title: string;
  state: string;
  version: number;
  requestedAmountCents: number;
  submittedAt: Date | null;
  organisationId: string;
  organisationName: string;
  countryCode: string;
  /** Every evaluation row of the stage, withdrawn and conflicted ones included (history). */
  evaluations: StageEvaluation[];
  /** Those that count: submitted, by an assessor or a further assessor. */
  submitted: StageEvaluation[];
  moderation: StageModeration | null;
  required: number;
  combined: Combined;
}

export interface StageResults {
  call: StageCall;
  stage: EvaluationStage;
  grid: GridDefinition;
  proposals: StageProposal[];
  ranked: RankedRow[];
}

const isSubmittedCounted = (e: { state: string; role: string }) => e.state === "submitted" && (COUNTED_ROLES as readonly string[]).includes(e.role);
const isActive = (e: { state: string }) => (ACTIVE_EVALUATION_STATES as readonly string[]).includes(e.state);

function toSubmitted(grid: GridDefinition, e: StageEvaluation): SubmittedEvaluation {
  const scores = readScores(e.scores);
  // The stored total is the assessor form's; recompute when absent so that nothing is lost.
  let total = e.total;
  if (total === null) {
    total = 0;
    for (const section of grid.sections) {
      if (section.carriedFromConceptNote === true) continue;
      for (const c of section.criteria) {
        const s = scores[c.code]?.score;
        if (typeof s === "number" && Number.isInteger(s) && s >= 1 && s <= c.max) total += s * c.weight;
      }
    }
  }
  return { evaluationId: e.id, assessorId: e.assessorId, scores, total };
}

function toModeration(m: { id: string; reason: string; resolution: string | null; consensusTotal: number | null; note: string | null; openedAt: Date; resolvedAt: Date | null }): StageModeration {
  return { ...m, facts: readModerationFacts(m.reason) };
}

/** Combines one proposal's submitted evaluations at a stage, with its moderation if any. */
export function combineProposal(
  grid: GridDefinition,
  call: Pick<StageCall, "assessorsPerProposal" | "divergenceThresholdBp">,
  evaluations: readonly StageEvaluation[],
  moderation: StageModeration | null,
  carriedSectionsCentipoints?: Record<string, number>,
): { combined: Combined; required: number; submitted: StageEvaluation[] } {
  const submitted = evaluations.filter(isSubmittedCounted);
  // A further assessor asked for by moderation must submit before the outcome is known.
  const further = moderation?.resolution === "FURTHER_ASSESSOR" ? evaluations.filter((e) => e.role === "FURTHER" && isActive(e)).length : 0;
  const required = Math.max(1, call.assessorsPerProposal) + further;
  const resolution = moderation?.resolution === "CONSENSUS" || moderation?.resolution === "FURTHER_ASSESSOR" ? moderation.resolution : null;
  const combined = combine(
    grid,
    submitted.map((e) => toSubmitted(grid, e)),
    {
      required,
      divergenceThresholdBp: call.divergenceThresholdBp,
      moderation: resolution ? { resolution, consensusTotal: moderation?.consensusTotal ?? null } : null,
      ...(carriedSectionsCentipoints ? { carriedSectionsCentipoints } : {}),
    },
  );
  return { combined, required, submitted };
}

async function loadProposals(callId: string, stage: EvaluationStage) {
  return db().proposal.findMany({
    where: { callId, OR: [{ state: STAGE_STATE[stage] }, { evaluations: { some: { stage } } }] },
    select: {
      ...PROPOSAL_SELECT,
      evaluations: { where: { stage }, select: EVALUATION_SELECT, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      moderations: { where: { stage } },
    },
    orderBy: { reference: "asc" },
  });
}

type NarrowEvaluationRow = Omit<StageEvaluation, "assessor" | "assignmentReason" | "returnReason" | "conflictReason"> & { proposalId: string; assessorName: string; assessorEmail: string };

/**
 * The same proposals for the ranking only (the results page and its CSV): the proposals without
 * their evaluations, then the stage's evaluations in one statement with the scores alone (the
 * justifications, most of the stored JSON, are left in the database; the reasons are blank).
 */
async function loadProposalsForRanking(callId: string, stage: EvaluationStage) {
  const [proposals, evaluations] = await Promise.all([
    db().proposal.findMany({
      where: { callId, OR: [{ state: STAGE_STATE[stage] }, { evaluations: { some: { stage } } }] },
      select: { ...PROPOSAL_SELECT, moderations: { where: { stage } } },
      orderBy: { reference: "asc" },
    }),
    db().$queryRaw<NarrowEvaluationRow[]>(Prisma.sql`
      SELECT e."id", e."proposalId", e."stage", e."role", e."state", e."version", e."total", e."submittedAt", e."createdAt", e."assessorId",
             u."name" AS "assessorName", u."email" AS "assessorEmail",
             CASE WHEN e."state" = 'submitted' AND jsonb_typeof(e."scores") = 'object' THEN
               COALESCE((SELECT jsonb_object_agg(s."key", jsonb_build_object('score', s."value" -> 'score')) FROM jsonb_each(e."scores") s WHERE jsonb_typeof(s."value") = 'object'), '{}'::jsonb)
             ELSE '{}'::jsonb END AS "scores"
      FROM "Evaluation" e
      JOIN "User" u ON u."id" = e."assessorId"
      WHERE e."callId" = ${callId} AND e."stage" = ${stage}
      ORDER BY e."createdAt" ASC, e."id" ASC`),
  ]);
  const byProposal = new Map<string, StageEvaluation[]>();
  for (const { proposalId, assessorName, assessorEmail, ...e } of evaluations) {
    const list = byProposal.get(proposalId) ?? [];
    list.push({ ...e, assignmentReason: "", returnReason: null, conflictReason: null, assessor: { id: e.assessorId, name: assessorName, email: assessorEmail } });
    byProposal.set(proposalId, list);
  }
  return proposals.map((p) => ({ ...p, evaluations: byProposal.get(p.id) ?? [] }));
}

/** Concept-note section means per proposal, keyed by the full grid's carried section codes. */
async function carriedPoints(call: StageCall, proposalIds: string[]): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  const cnGrid = gridOf(call, "CONCEPT_NOTE");
  const mapping = carriedMapping(cnGrid, gridOf(call, "FULL_APPLICATION"));
  if (Object.keys(mapping).length === 0 || proposalIds.length === 0) return out;
  const rows = await db().proposal.findMany({
    where: { id: { in: proposalIds } },
    select: { id: true, evaluations: { where: { stage: "CONCEPT_NOTE" }, select: EVALUATION_SELECT }, moderations: { where: { stage: "CONCEPT_NOTE" } } },
  });
  for (const row of rows) {
    const moderation = row.moderations[0] ? toModeration(row.moderations[0]) : null;
    const { combined } = combineProposal(cnGrid, call, row.evaluations, moderation);
    const carried: Record<string, number> = {};
    for (const [fullCode, cnCode] of Object.entries(mapping)) carried[fullCode] = combined.sectionMeansCentipoints[cnCode] ?? 0;
    out.set(row.id, carried);
  }
  return out;
}

/** Opens a moderation for each divergent proposal that has none (once: the row is unique per proposal and stage). */
async function openDueModerations(call: StageCall, stage: EvaluationStage, proposals: StageProposal[]): Promise<void> {
  for (const p of proposals) {
    if (p.combined.status !== "needs_moderation" || p.moderation !== null) continue;
    const divergent = p.combined.divergent;
    const totals = divergent ? [divergent.a, divergent.b].map((id) => p.submitted.find((e) => e.id === id)?.total ?? 0) : p.submitted.map((e) => e.total ?? 0);
    const facts: ModerationFacts = { totals, gapBp: p.combined.spreadBp, thresholdBp: call.divergenceThresholdBp };
    const created = await db().$transaction(async (tx) => {
      const { count } = await tx.moderation.createMany({
        data: [{ callId: call.id, proposalId: p.id, stage, reason: JSON.stringify(facts) }],
        skipDuplicates: true,
      });
      if (count > 0) {
        await recordAudit({ actorId: null, action: "MODERATION_OPENED", entityType: "proposal", entityId: p.id, data: { stage, ...facts } as unknown as Prisma.InputJsonValue }, tx);
      }
      return tx.moderation.findUnique({ where: { proposalId_stage: { proposalId: p.id, stage } } });
    });
    if (created) p.moderation = toModeration(created);
  }
}

export function toRankInput(p: StageProposal, grid: GridDefinition) {
  const scored = p.combined.status === "scored";
  const first = grid.sections[0]?.code;
  const tieBreak = first !== undefined ? p.combined.sectionMeansCentipoints[first] : undefined;
  return {
    proposalId: p.id,
    reference: p.reference,
    requestedAmountCents: p.requestedAmountCents,
    scoreCentipoints: scored ? p.combined.meanCentipoints : null,
    passed: scored ? (p.combined.outcome?.passed ?? null) : null,
    submittedAt: p.submittedAt?.toISOString() ?? "",
    ...(tieBreak !== undefined ? { tieBreakCentipoints: tieBreak } : {}),
  };
}

/**
 * Everything about a stage (no permission check: callers check). `forRanking`: the evaluations
 * carry only what the ranking needs (see loadProposalsForRanking), for read-only pages.
 */
export async function loadStage(callId: string, stage: EvaluationStage, opts: { forRanking?: boolean } = {}): Promise<StageResults> {
  const call = await findCall(callId);
  const grid = gridOf(call, stage);
  const rows = opts.forRanking ? await loadProposalsForRanking(callId, stage) : await loadProposals(callId, stage);
  const carried = stage === "FULL_APPLICATION" && call.procedure === "RESTRICTED" ? await carriedPoints(call, rows.map((r) => r.id)) : new Map<string, Record<string, number>>();
  const proposals: StageProposal[] = rows.map((r) => {
    const moderation = r.moderations[0] ? toModeration(r.moderations[0]) : null;
    const { combined, required, submitted } = combineProposal(grid, call, r.evaluations, moderation, carried.get(r.id));
    return {
      id: r.id,
      reference: r.reference,
      title: r.title,
      state: r.state,
      version: r.version,
      requestedAmountCents: r.requestedAmountCents,
      submittedAt: r.submittedAt,
      organisationId: r.organisationId,
      organisationName: organisationLabel(r.organisation),
      countryCode: r.organisation.countryCode,
      evaluations: r.evaluations,
      submitted,
      moderation,
      required,
      combined,
    };
  });
  await openDueModerations(call, stage, proposals);
  // Withdrawn proposals keep their history but take no place in the ranking.
  const ranked = rankProposals(proposals.filter((p) => p.state !== "withdrawn").map((p) => toRankInput(p, grid)));
  return { call, stage, grid, proposals, ranked };
}

/**
 * What a call's stage results are computed from, in one statement of index-only scans (see the
 * indexes on Proposal and Evaluation): the call's row; the count, latest change and version sum
 * of its proposals and of each stage's evaluations; each stage's moderations. A full application
 * stage also depends on the concept note's evaluations and moderations (restricted calls carry
 * its section points). Any write the ranking depends on changes its stage's fingerprint. The
 * organisations' and assessors' names are not in it: pages read them afresh (stageNames).
 * Null when there is no such call.
 */
async function callFingerprints(callId: string): Promise<{ procedure: string; of: (stage: EvaluationStage) => string } | null> {
  const evaluations = (stage: EvaluationStage) =>
    Prisma.sql`(SELECT concat(count(*), ':', max(e."updatedAt"), ':', sum(e."version")) FROM "Evaluation" e WHERE e."callId" = ${callId} AND e."stage" = ${stage})`;
  const moderations = (stage: EvaluationStage) =>
    Prisma.sql`(SELECT concat(count(*), ':', max(m."openedAt"), ':', max(m."resolvedAt"), ':', count(m."resolution"), ':', sum(coalesce(m."consensusTotal", 0))) FROM "Moderation" m WHERE m."callId" = ${callId} AND m."stage" = ${stage})`;
  const [row] = await db().$queryRaw<{ procedure: string; call: string; proposals: string; cn: string; full: string }[]>(Prisma.sql`
    SELECT c."procedure"::text AS "procedure", concat(c."version", ':', c."updatedAt") AS "call",
      (SELECT concat(count(*), ':', max(p."updatedAt"), ':', sum(p."version")) FROM "Proposal" p WHERE p."callId" = ${callId}) AS "proposals",
      concat(${evaluations("CONCEPT_NOTE")}, '|', ${moderations("CONCEPT_NOTE")}) AS "cn",
      concat(${evaluations("FULL_APPLICATION")}, '|', ${moderations("FULL_APPLICATION")}) AS "full"
    FROM "Call" c WHERE c."id" = ${callId}`);
  if (!row) return null;
  return {
    procedure: row.procedure,
    of: (stage) => [row.call, row.proposals, row.cn, ...(stage === "FULL_APPLICATION" ? [row.full] : [])].join("|"),
  };
}

/** Proposals with an eligibility step to take (the results page lists them whatever the page). */
export const SELECTED_STATES: readonly string[] = ["provisionally_selected", "eligibility_check", "reserve_list"];

export interface AssessorStats {
  assessorId: string;
  /** As loaded with the results: show stageNames' instead (a rename does not recompute the results). */
  name: string;
  count: number;
  meanCentipoints: number;
}

/**
 * A stage's results with what pages derive from them, computed once per change of the inputs
 * (see getStageResults). The names inside (organisations, assessors) are those of when the
 * results were computed: pages show the current ones (stageNames, resultsPageReads).
 */
export interface StageResultsView {
  results: StageResults;
  byId: ReadonlyMap<string, StageProposal>;
  /** The assessors' chart figures, in the order the assessors first appear. */
  severity: { assessors: AssessorStats[]; overallCentipoints: number | null };
  /** Proposals in the stage's evaluation state (waiting for a decision). */
  waiting: number;
  /** The ranked rows of proposals in SELECTED_STATES, in rank order. */
  selected: RankedRow[];
}

function viewOf(results: StageResults): StageResultsView {
  const byId = new Map(results.proposals.map((p) => [p.id, p] as const));
  return {
    results,
    byId,
    severity: severityStats(results.proposals),
    waiting: results.proposals.filter((p) => p.state === STAGE_STATE[results.stage]).length,
    selected: results.ranked.filter((r) => SELECTED_STATES.includes(byId.get(r.proposalId)?.state ?? "")),
  };
}

/** Recently computed stage results per process, reused while the fingerprint is unchanged. */
const resultsCache = new Map<string, { fingerprint: string; started: number; view: StageResultsView }>();
const RESULTS_CACHE_ENTRIES = 8;
/** Computations under way, per stage and fingerprint: concurrent requests share one. */
const computing = new Map<string, Promise<StageResultsView>>();
let computations = 0;

function remember(key: string, fingerprint: string, started: number, view: StageResultsView): void {
  // A computation that started earlier and finished later does not replace a newer one.
  const current = resultsCache.get(key);
  if (current && current.started > started) return;
  rememberBounded(resultsCache, key, { fingerprint, started, view }, RESULTS_CACHE_ENTRIES);
}

/**
 * Ranking thousands of proposals costs far more than a page: the results are recomputed only
 * when an input changed (the fingerprint, read before anything else, so results computed
 * after it are at least as new as every write it saw), else the last ones are reused; requests
 * that arrive while they are being computed wait for that computation instead of starting one.
 */
function cachedStageResults(callId: string, stage: EvaluationStage, fingerprint: string): Promise<StageResultsView> {
  const key = `${callId}:${stage}`;
  const cached = resultsCache.get(key);
  if (cached && cached.fingerprint === fingerprint) return Promise.resolve(cached.view);
  return shareInFlight(computing, `${key}|${fingerprint}`, async () => {
    const started = ++computations;
    const view = viewOf(await loadStage(callId, stage, { forRanking: true }));
    remember(key, fingerprint, started, view);
    return view;
  });
}

function requireResultsReader(actor: Actor | null): asserts actor is Actor {
  requirePermission(actor, "evaluation", "list");
  requirePermission(actor, "proposal", "award");
}

/** A stage's results for the results page and its CSV (read-only; see cachedStageResults). */
export async function getStageResults(actor: Actor | null, callId: string, stage: EvaluationStage): Promise<StageResultsView> {
  requireResultsReader(actor);
  const fingerprints = await callFingerprints(callId);
  if (!fingerprints) throw new AppError("not_found", "errors.notFound");
  return cachedStageResults(callId, stage, fingerprints.of(stage));
}

/** The results of the stage a results page's address asks for (`?stage=`, see pickStage). */
export async function getStageResultsFor(actor: Actor | null, callId: string, url: string): Promise<StageResultsView> {
  requireResultsReader(actor);
  const fingerprints = await callFingerprints(callId);
  if (!fingerprints) throw new AppError("not_found", "errors.notFound");
  const stage = pickStage(fingerprints.procedure, StageQuerySchema.parse(Object.fromEntries(new URL(url).searchParams)).stage);
  return cachedStageResults(callId, stage, fingerprints.of(stage));
}

// ------------------------------------------------------------------ current names

export function organisationLabel(o: { legalName: string; acronym: string | null }): string {
  return o.acronym ? `${o.legalName} (${o.acronym})` : o.legalName;
}

export interface StageNames {
  /** The proposal's organisation as shown ("Legal name (ACRONYM)") and its country. */
  organisation(p: Pick<StageProposal, "organisationId" | "organisationName" | "countryCode">): { name: string; countryCode: string };
  assessor(assessorId: string, loaded: string): string;
}

type ReadRow = { kind: "o" | "u" | "b" | "d"; id: string; a: string | null; b: string | null; c: string | null; at: Date | null; ord: number };

const namesSql = (organisationIds: string[], userIds: string[]) => Prisma.sql`
  SELECT 'o' AS "kind", o."id", o."legalName" AS "a", o."acronym" AS "b", o."countryCode" AS "c", NULL::timestamp(3) AS "at", 0 AS "ord" FROM "Organisation" o WHERE o."id" = ANY(${organisationIds}::text[])
  UNION ALL
  SELECT 'u', u."id", u."name", NULL, NULL, NULL, 0 FROM "User" u WHERE u."id" = ANY(${userIds}::text[])`;

function namesFrom(rows: readonly ReadRow[]): StageNames {
  const organisations = new Map<string, { name: string; countryCode: string }>();
  const users = new Map<string, string>();
  for (const r of rows) {
    if (r.kind === "o") organisations.set(r.id, { name: organisationLabel({ legalName: r.a ?? "", acronym: r.b }), countryCode: r.c ?? "" });
    else if (r.kind === "u") users.set(r.id, r.a ?? "");
  }
  return {
    organisation: (p) => organisations.get(p.organisationId) ?? { name: p.organisationName, countryCode: p.countryCode },
    assessor: (id, loaded) => users.get(id) ?? loaded,
  };
}

/**
 * The current names of these proposals' organisations and of these assessors, in one statement
 * by primary key. Cached results keep the names of when they were computed; what a page shows
 * is read here, so that a rename shows on the next request without recomputing the ranking.
 */
export async function stageNames(proposals: readonly StageProposal[], assessorIds: Iterable<string> = []): Promise<StageNames> {
  const rows = await db().$queryRaw<ReadRow[]>(namesSql([...new Set(proposals.map((p) => p.organisationId))], [...new Set(assessorIds)]));
  return namesFrom(rows);
}

/**
 * What the results page reads besides the results, in one statement: the current names on the
 * page (see stageNames), the first proposals still waiting for a decision (`blockers`: those in
 * `blockerStates` by reference, like awardBlockers) and the call's award decisions (without the
 * ranking each one keeps), oldest first.
 */
export async function resultsPageReads(
  callId: string,
  page: { proposals: readonly StageProposal[]; assessorIds: Iterable<string> },
  blockers: { states: readonly string[]; take: number },
): Promise<{ names: StageNames; blockers: { id: string; reference: string; state: string }[]; decisions: { id: string; stage: string; note: string; decidedAt: Date }[] }> {
  const rows = await db().$queryRaw<ReadRow[]>(Prisma.sql`
    ${namesSql([...new Set(page.proposals.map((p) => p.organisationId))], [...new Set(page.assessorIds)])}
    UNION ALL
    SELECT 'b', x."id", x."reference", x."state", NULL, NULL, x."ord" FROM (
      SELECT p."id", p."reference", p."state", (row_number() OVER (ORDER BY p."reference" ASC))::int AS "ord" FROM "Proposal" p
      WHERE p."callId" = ${callId} AND p."state" = ANY(${[...blockers.states]}::text[]) ORDER BY p."reference" ASC LIMIT ${blockers.take}) x
    UNION ALL
    SELECT 'd', d."id", d."stage", d."note", NULL, d."decidedAt", (row_number() OVER (ORDER BY d."decidedAt" ASC))::int FROM "AwardDecision" d WHERE d."callId" = ${callId}`);
  const of = (kind: ReadRow["kind"]) => rows.filter((r) => r.kind === kind).sort((x, y) => x.ord - y.ord);
  return {
    names: namesFrom(rows),
    blockers: of("b").map((r) => ({ id: r.id, reference: r.a ?? "", state: r.b ?? "" })),
    decisions: of("d").map((r) => ({ id: r.id, stage: r.a ?? "", note: r.b ?? "", decidedAt: r.at ?? new Date(0) })),
  };
}

// ------------------------------------------------------------------ the assessors' chart

export interface AssessorSeverity {
  assessorId: string;
  name: string;
  count: number;
  meanCentipoints: number;
}

/** Each assessor's count and mean total at the stage, in the order they first appear, and the mean of every submitted total. */
function severityStats(proposals: readonly StageProposal[]): { assessors: AssessorStats[]; overallCentipoints: number | null } {
  const byAssessor = new Map<string, { name: string; totals: number[] }>();
  const all: number[] = [];
  for (const p of proposals) {
    for (const e of p.submitted) {
      if (e.total === null) continue;
      all.push(e.total);
      const entry = byAssessor.get(e.assessorId) ?? { name: e.assessor.name, totals: [] };
      entry.totals.push(e.total);
      byAssessor.set(e.assessorId, entry);
    }
  }
  const assessors = [...byAssessor.entries()].map(([assessorId, v]) => ({ assessorId, name: v.name, count: v.totals.length, meanCentipoints: meanCentipointsOf(v.totals) }));
  return { assessors, overallCentipoints: all.length ? meanCentipointsOf(all) : null };
}

const nameOrder = new Intl.Collator();
/** The chart's order: by name (String.prototype.localeCompare's order), ties in order of appearance. */
export function byAssessorName<T extends { name: string }>(assessors: readonly T[]): T[] {
  return [...assessors].sort((a, b) => nameOrder.compare(a.name, b.name));
}

/** Each assessor's mean total at the stage against the mean of every submitted total. */
export function assessorSeverity(proposals: readonly StageProposal[]): { assessors: AssessorSeverity[]; overallCentipoints: number | null } {
  const { assessors, overallCentipoints } = severityStats(proposals);
  return { assessors: byAssessorName(assessors), overallCentipoints };
}

// ------------------------------------------------------------------ reasons in words

export function sectionName(grid: GridDefinition, code: string, locale: Locale): string {
  const s = grid.sections.find((x) => x.code === code);
  return s ? `${s.code} ${pick(s, "name", locale)}` : code;
}

export function criterionName(grid: GridDefinition, code: string, locale: Locale): string {
  for (const s of grid.sections) {
    const c = s.criteria.find((x) => x.code === code);
    if (c) return `${c.code} ${pick(c, "name", locale)}`;
  }
  return code;
}

export function reasonWords(reason: OutcomeReason, grid: GridDefinition, locale: Locale): string {
  const t = translator(locale);
  switch (reason.kind) {
    case "below_pass_mark":
      return t("evaluation.reason.below_pass_mark", { score: reason.score, passMark: reason.passMark, max: grid.max });
    case "section_below_minimum":
      return t("evaluation.reason.section_below_minimum", { section: sectionName(grid, reason.section, locale), score: reason.score, minimum: reason.minimum });
    case "knock_out":
      return t("evaluation.reason.knock_out", { criterion: criterionName(grid, reason.criterion, locale), score: reason.score, threshold: reason.threshold });
  }
}

/** Centipoints as points for display: 2950 → 29.5. */
export const points = (centipoints: number) => Math.round(centipoints) / 100;

// ------------------------------------------------------------------ CSV

export const RESULTS_CSV_COLUMNS = [
  "rank",
  "reference",
  "title",
  "organisation",
  "country",
  "requested_amount_eur",
  "assessor_totals",
  "mean",
  "spread_percent",
  "status",
  "passed",
  "reasons",
  "moderation",
  "state",
] as const;

function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** The ranked results as CSV, streamed a batch of rows at a time. Checked before the stream starts. */
export async function exportResultsCsv(actor: Actor | null, callId: string, stage: EvaluationStage, locale: Locale) {
  const { results, byId } = await getStageResults(actor, callId, stage);
  const ranked = results.ranked.flatMap((r) => {
    const p = byId.get(r.proposalId);
    return p ? [{ r, p }] : [];
  });
  const names = await stageNames(ranked.map((x) => x.p));
  const rows = ranked.map(({ r, p }): CsvValue[] => {
    const organisation = names.organisation(p);
    const reasons = (p.combined.outcome?.reasons ?? []).map((x) => reasonWords(x, results.grid, locale)).join("; ");
    const moderation = p.moderation ? (p.moderation.resolution ?? "OPEN") : "";
    return [
      r.rank,
      p.reference,
      p.title,
      organisation.name,
      organisation.countryCode,
      centsToDecimal(p.requestedAmountCents),
      p.submitted.map((e) => e.total ?? "").join(" | "),
      p.combined.meanCentipoints === null ? "" : points(p.combined.meanCentipoints),
      p.combined.spreadBp / 100,
      p.combined.status,
      p.combined.outcome ? p.combined.outcome.passed : "",
      reasons,
      moderation,
      staffState(p.state, locale),
    ];
  });
  const BATCH = 200;
  let offset = 0;
  const nextBatch = async () => {
    const batch = rows.slice(offset, offset + BATCH);
    offset += BATCH;
    return batch;
  };
  const suffix = stage === "CONCEPT_NOTE" ? "concept-notes" : "full-applications";
  return { filename: `${results.call.reference.replace(/[^A-Za-z0-9_.-]/g, "_")}-results-${suffix}.csv`, stream: csvStream(RESULTS_CSV_COLUMNS, nextBatch) };
}
