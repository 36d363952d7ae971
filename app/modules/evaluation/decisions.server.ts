// The decisions taken on the ranked list, every one through the application machine:
// pre-selection of concept notes (PRESELECT + INVITE_FULL / NOT_PRESELECT with the score),
// selection within the budget (SELECT_PROVISIONALLY / PLACE_ON_RESERVE / REJECT), the
// eligibility check with replacement from the reserve list (PROMOTE_FROM_RESERVE), and the
// award decision (an AwardDecision row, then the call's AWARD). Decisions act only on
// proposals still waiting for them, so a second submit finds nothing left to do.
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { db, type Prisma } from "~/utils/db.server.ts";
import { AppError, isAppError } from "~/utils/errors.ts";
import { translator, type Locale } from "~/utils/i18n.ts";
import { applyTransition } from "~/utils/workflow.server.ts";
import type { EvaluationStage } from "./evaluation-schemas.ts";
import { preselectConceptNotes, replaceFromReserve, selectWithinBudget } from "./ranking.ts";
import { STAGE_STATE, findCall, loadStage, points, reasonWords, type StageProposal, type StageResults } from "./results.server.ts";

interface Opts {
  ipAddress?: string | null;
}

export function requireDecider(actor: Actor | null): asserts actor is Actor {
  requirePermission(actor, "proposal", "award");
  requirePermission(actor, "evaluation", "assign");
}

export type DecisionOutcome = { id: string; reference: string; ok: true; state: string } | { id: string; reference: string; ok: false; message: string };

/** Proposals of the stage still waiting whose outcome is not known yet (incomplete, or moderation pending). */
export function notReady(results: StageResults): StageProposal[] {
  return results.proposals.filter((p) => p.state === STAGE_STATE[results.stage] && p.combined.status !== "scored");
}

/** The language the applicant organisation reads: its first owner's. */
async function applicantLocale(proposalId: string): Promise<Locale> {
  const member = await db().membership.findFirst({
    where: { organisation: { proposals: { some: { id: proposalId } } } },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }],
    select: { user: { select: { locale: true } } },
  });
  return member?.user.locale ?? "en";
}

async function step(results: DecisionOutcome[], p: { id: string; reference: string }, run: () => Promise<{ state: string }>) {
  try {
    const r = await run();
    results.push({ id: p.id, reference: p.reference, ok: true, state: r.state });
  } catch (error) {
    if (!isAppError(error) || error.code === "unauthenticated" || error.code === "forbidden") throw error;
    results.push({ id: p.id, reference: p.reference, ok: false, message: error.message });
  }
}

function scoreWords(p: StageProposal, results: StageResults, locale: Locale): string {
  const t = translator(locale);
  const mean = p.combined.meanCentipoints === null ? "–" : String(points(p.combined.meanCentipoints));
  return t("evaluation.decision.scoreOf", { score: mean, max: results.grid.max });
}

function failReasons(p: StageProposal, results: StageResults, locale: Locale): string {
  const words = (p.combined.outcome?.reasons ?? []).map((r) => reasonWords(r, results.grid, locale));
  return [scoreWords(p, results, locale), ...words].join(" ");
}

async function snapshot(results: StageResults) {
  const byId = new Map(results.proposals.map((p) => [p.id, p] as const));
  return results.ranked.map((r) => {
    const p = byId.get(r.proposalId);
    return {
      rank: r.rank,
      proposalId: r.proposalId,
      reference: r.reference,
      requestedAmountCents: r.requestedAmountCents,
      meanCentipoints: r.scoreCentipoints,
      passed: r.passed,
      state: p?.state ?? null,
    };
  });
}

/** What pre-selection would do now (for the confirmation step), or does. */
export async function planPreselection(actor: Actor | null, callId: string) {
  requireDecider(actor);
  const results = await loadStage(callId, "CONCEPT_NOTE");
  if (results.call.procedure !== "RESTRICTED") throw new AppError("transition_refused", "evaluation.error.notRestricted");
  const plan = preselectConceptNotes(results.ranked, { budgetCents: results.call.totalBudgetCents, multipleBp: results.call.shortlistBudgetMultipleBp });
  const waiting = results.proposals.filter((p) => p.state === "cn_evaluation");
  return { results, plan, waiting, notReady: notReady(results) };
}

export async function applyPreselection(actor: Actor | null, callId: string, opts: Opts = {}): Promise<DecisionOutcome[]> {
  const { results, plan, waiting, notReady: pending } = await planPreselection(actor, callId);
  if (results.call.state !== "under_evaluation") throw new AppError("transition_refused", "evaluation.error.callNotUnderEvaluation");
  if (pending.length > 0) throw new AppError("transition_refused", "evaluation.error.notReady", { references: pending.map((p) => p.reference).join(", ") });
  const outcomes: DecisionOutcome[] = [];
  const preselected = new Set(plan.preselected);
  const reasons = new Map(plan.notPreselected.map((n) => [n.proposalId, n.reason] as const));
  for (const p of waiting) {
    if (preselected.has(p.id)) {
      await step(outcomes, p, async () => {
        const first = await applyTransition({ entity: "proposal", id: p.id, actor, event: { type: "PRESELECT" }, expectedVersion: p.version, ipAddress: opts.ipAddress });
        return applyTransition({ entity: "proposal", id: p.id, actor, event: { type: "INVITE_FULL" }, expectedVersion: first.version, ipAddress: opts.ipAddress });
      });
    } else {
      const locale = await applicantLocale(p.id);
      const t = translator(locale);
      const why = reasons.get(p.id) ?? "not_scored";
      const base = why === "below_pass_mark" ? failReasons(p, results, locale) : `${scoreWords(p, results, locale)} ${t(`evaluation.decision.reason.${why}`, { multiple: results.call.shortlistBudgetMultipleBp / 10000 })}`;
      await step(outcomes, p, () => applyTransition({ entity: "proposal", id: p.id, actor, event: { type: "NOT_PRESELECT", reason: base }, expectedVersion: p.version, ipAddress: opts.ipAddress }));
    }
  }
  if (outcomes.some((o) => o.ok)) {
    await db().awardDecision.create({
      data: { callId, stage: "CONCEPT_NOTE", note: "pre-selection", ranking: (await snapshot(results)) as unknown as Prisma.InputJsonValue, decidedById: actor?.id ?? null },
    });
  }
  return outcomes;
}

export async function planSelection(actor: Actor | null, callId: string) {
  requireDecider(actor);
  const results = await loadStage(callId, "FULL_APPLICATION");
  // Already selected ones keep their share of the budget when the selection is run again.
  const committed = results.proposals.filter((p) => ["provisionally_selected", "eligibility_check", "awarded", "contracted"].includes(p.state));
  const committedCents = committed.reduce((sum, p) => sum + p.requestedAmountCents, 0);
  const waitingIds = new Set(results.proposals.filter((p) => p.state === "full_evaluation").map((p) => p.id));
  const plan = selectWithinBudget(
    results.ranked.filter((r) => waitingIds.has(r.proposalId)),
    { budgetCents: Math.max(0, results.call.totalBudgetCents - committedCents) },
  );
  return { results, plan, waiting: results.proposals.filter((p) => waitingIds.has(p.id)), notReady: notReady(results) };
}

export async function applySelection(actor: Actor | null, callId: string, opts: Opts = {}): Promise<DecisionOutcome[]> {
  const { results, plan, waiting, notReady: pending } = await planSelection(actor, callId);
  if (results.call.state !== "under_evaluation") throw new AppError("transition_refused", "evaluation.error.callNotUnderEvaluation");
  if (pending.length > 0) throw new AppError("transition_refused", "evaluation.error.notReady", { references: pending.map((p) => p.reference).join(", ") });
  const selected = new Set(plan.selected);
  const reserve = new Set(plan.reserve);
  const outcomes: DecisionOutcome[] = [];
  for (const p of waiting) {
    if (selected.has(p.id)) {
      await step(outcomes, p, () => applyTransition({ entity: "proposal", id: p.id, actor, event: { type: "SELECT_PROVISIONALLY" }, expectedVersion: p.version, ipAddress: opts.ipAddress }));
    } else if (reserve.has(p.id)) {
      await step(outcomes, p, () => applyTransition({ entity: "proposal", id: p.id, actor, event: { type: "PLACE_ON_RESERVE" }, expectedVersion: p.version, ipAddress: opts.ipAddress }));
    } else {
      const locale = await applicantLocale(p.id);
      const reason = failReasons(p, results, locale);
      await step(outcomes, p, () => applyTransition({ entity: "proposal", id: p.id, actor, event: { type: "REJECT", reason }, expectedVersion: p.version, ipAddress: opts.ipAddress }));
    }
  }
  return outcomes;
}

async function loadProposal(callId: string, proposalId: string) {
  const p = await db().proposal.findUnique({ where: { id: proposalId }, select: { id: true, reference: true, state: true, version: true, callId: true } });
  if (!p || p.callId !== callId) throw new AppError("not_found", "errors.notFound");
  return p;
}

export async function startEligibilityCheck(actor: Actor | null, callId: string, proposalId: string, expectedVersion: number, opts: Opts = {}) {
  requireDecider(actor);
  await loadProposal(callId, proposalId);
  return applyTransition({ entity: "proposal", id: proposalId, actor, event: { type: "START_ELIGIBILITY_CHECK" }, expectedVersion, ipAddress: opts.ipAddress });
}

/** From provisionally selected the check is started first, then the outcome recorded (two audited steps). */
async function ensureChecking(actor: Actor, p: { id: string; state: string; version: number }, expectedVersion: number, opts: Opts) {
  if (p.version !== expectedVersion) throw new AppError("conflict", "evaluation.error.conflict");
  if (p.state !== "provisionally_selected") return expectedVersion;
  const r = await applyTransition({ entity: "proposal", id: p.id, actor, event: { type: "START_ELIGIBILITY_CHECK" }, expectedVersion, ipAddress: opts.ipAddress });
  return r.version;
}

export async function confirmEligible(actor: Actor | null, callId: string, proposalId: string, expectedVersion: number, opts: Opts = {}) {
  requireDecider(actor);
  const p = await loadProposal(callId, proposalId);
  const version = await ensureChecking(actor, p, expectedVersion, opts);
  return applyTransition({ entity: "proposal", id: proposalId, actor, event: { type: "CONFIRM_ELIGIBLE" }, expectedVersion: version, ipAddress: opts.ipAddress });
}

/**
 * An ineligible provisionally selected application is rejected with the reason, and the best
 * reserve applications that now fit in the budget are promoted (PROMOTE_FROM_RESERVE).
 */
export async function failEligibility(actor: Actor | null, callId: string, proposalId: string, reason: string, expectedVersion: number, opts: Opts = {}) {
  requireDecider(actor);
  const why = reason.trim();
  if (why === "") throw new AppError("bad_request", "evaluation.error.reasonRequired", { field: "reason" });
  const p = await loadProposal(callId, proposalId);
  const version = await ensureChecking(actor, p, expectedVersion, opts);
  const failed = await applyTransition({ entity: "proposal", id: proposalId, actor, event: { type: "FAIL_ELIGIBILITY", reason: why }, expectedVersion: version, ipAddress: opts.ipAddress });
  const results = await loadStage(callId, "FULL_APPLICATION");
  const selected = results.proposals.filter((x) => ["provisionally_selected", "eligibility_check", "awarded", "contracted"].includes(x.state)).map((x) => x.id);
  const reserve = results.proposals.filter((x) => x.state === "reserve_list").map((x) => x.id);
  const plan = replaceFromReserve({ selected, reserve }, results.ranked, proposalId, { budgetCents: results.call.totalBudgetCents });
  const promoted: DecisionOutcome[] = [];
  for (const id of plan.promoted) {
    const r = results.proposals.find((x) => x.id === id);
    if (!r) continue;
    await step(promoted, r, () => applyTransition({ entity: "proposal", id, actor, event: { type: "PROMOTE_FROM_RESERVE" }, expectedVersion: r.version, ipAddress: opts.ipAddress }));
  }
  return { state: failed.state, promoted };
}

/** States in which a proposal still waits for a step before the call can be awarded. */
export const WAITING_STATES = ["submitted", "admin_check", "cn_evaluation", "preselected", "invited_full", "full_submitted", "full_evaluation", "provisionally_selected", "eligibility_check"];

export async function awardBlockers(callId: string, opts: { take?: number } = {}) {
  return db().proposal.findMany({ where: { callId, state: { in: WAITING_STATES } }, select: { id: true, reference: true, state: true }, orderBy: { reference: "asc" }, ...(opts.take !== undefined ? { take: opts.take } : {}) });
}

/** Records the award decision with the ranking it was taken on and moves the call to awarded. */
export async function recordAwardDecision(actor: Actor | null, callId: string, input: { note: string; expectedVersion: number }, opts: Opts = {}) {
  requireDecider(actor);
  requirePermission(actor, "call", "award");
  const call = await findCall(callId);
  const blockers = await awardBlockers(callId);
  if (blockers.length > 0) throw new AppError("transition_refused", "evaluation.error.awardBlocked", { references: blockers.map((b) => b.reference).join(", ") });
  const results = await loadStage(callId, "FULL_APPLICATION");
  // The call's version guards against a double submit: the second one is a conflict.
  const r = await applyTransition({ entity: "call", id: callId, actor, event: { type: "AWARD" }, expectedVersion: input.expectedVersion, ipAddress: opts.ipAddress });
  const decision = await db().awardDecision.create({
    data: { callId, stage: "FULL_APPLICATION", note: input.note, ranking: (await snapshot(results)) as unknown as Prisma.InputJsonValue, decidedById: actor.id },
  });
  await recordAudit({ actorId: actor.id, ipAddress: opts.ipAddress, action: "AWARD_DECISION_RECORDED", entityType: "call", entityId: call.id, data: { decisionId: decision.id, note: input.note } });
  return { ...r, decisionId: decision.id };
}

export async function listDecisions(callId: string) {
  return db().awardDecision.findMany({ where: { callId }, orderBy: { decidedAt: "asc" }, select: { id: true, stage: true, note: true, decidedAt: true, ranking: true } });
}

export type { EvaluationStage };
