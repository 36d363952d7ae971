// Who assesses what: the assignment board of one call and stage, automatic assignment
// (autoAssign: load-balanced, explained), manual assignment and reassignment. Rows are never
// deleted: a reassigned evaluation is WITHDRAWN through the machine and stays as history.
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { type Actor } from "~/modules/auth/permissions.ts";
import { changeCallState } from "~/modules/calls/design.server.ts";
import { db, type Prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { applyTransition } from "~/utils/workflow.server.ts";
import { autoAssign, exclusionReason, type AssignmentAssessor, type AssignmentProposal, type ExclusionReason } from "./assignment.ts";
import type { EvaluationStage } from "./evaluation-schemas.ts";
import { ACTIVE_EVALUATION_STATES, STAGE_STATE, findCall, loadStage, requireEvaluationManager, type StageProposal } from "./results.server.ts";

interface Opts {
  ipAddress?: string | null;
}

const isActive = (e: { state: string }) => (ACTIVE_EVALUATION_STATES as readonly string[]).includes(e.state);

/** Evaluators who may be given work: role EVALUATOR, account not disabled; with their load in the call. */
export async function availableAssessors(callId: string): Promise<(AssignmentAssessor & { email: string })[]> {
  const users = await db().user.findMany({
    where: { role: "EVALUATOR", disabledAt: null },
    select: {
      id: true,
      name: true,
      email: true,
      countryCode: true,
      memberships: { select: { organisationId: true } },
      _count: { select: { evaluations: { where: { callId, state: { in: [...ACTIVE_EVALUATION_STATES] } } } } },
    },
    orderBy: { name: "asc" },
  });
  return users.map((u) => ({ id: u.id, name: u.name, email: u.email, countryCode: u.countryCode, organisationIds: u.memberships.map((m) => m.organisationId), load: u._count.evaluations }));
}

function toAssignmentProposal(p: StageProposal): AssignmentProposal {
  return {
    id: p.id,
    reference: p.reference,
    organisationId: p.organisationId,
    leadCountryCode: p.countryCode,
    assessorIds: p.evaluations.filter(isActive).map((e) => e.assessorId),
    // Anyone with a row that is no longer active may not come back (one row per assessor and stage).
    excludedAssessorIds: p.evaluations.filter((e) => !isActive(e)).map((e) => e.assessorId),
  };
}

/** Whether a proposal lost an assessor (conflict declared or withdrawn) and now has fewer than needed. */
export function needsReassignment(p: StageProposal, perProposal: number): boolean {
  const active = p.evaluations.filter((e) => isActive(e) && e.role === "ASSESSOR").length;
  return active < perProposal && p.evaluations.some((e) => e.state === "conflict_declared" || e.state === "withdrawn");
}

export async function getAssignmentBoard(actor: Actor | null, callId: string, stage: EvaluationStage) {
  requireEvaluationManager(actor);
  const results = await loadStage(callId, stage);
  const assessors = await availableAssessors(callId);
  const waiting = results.proposals.filter((p) => p.state === STAGE_STATE[stage]);
  return {
    ...results,
    // The board lists proposals being evaluated now; decided ones are on the results page.
    proposals: waiting,
    assessors,
    /** Per proposal: who may be chosen by hand, and why the others may not. */
    eligibility: new Map(
      waiting.map((p) => {
        const ap = toAssignmentProposal(p);
        const reasons = new Map<string, ExclusionReason | null>(assessors.map((a) => [a.id, exclusionReason(ap, a, { excludeSameCountry: results.call.excludeSameCountryAssessors })]));
        return [p.id, reasons] as const;
      }),
    ),
  };
}

async function createEvaluation(
  tx: Prisma.TransactionClient,
  actor: Actor,
  input: { callId: string; proposalId: string; stage: EvaluationStage; assessorId: string; role: "ASSESSOR" | "FURTHER"; reason: { en: string; fr: string }; action: string; extra?: Record<string, string> },
  opts: Opts,
) {
  const evaluation = await tx.evaluation.create({
    data: {
      callId: input.callId,
      proposalId: input.proposalId,
      stage: input.stage,
      assessorId: input.assessorId,
      role: input.role,
      assignmentReason: JSON.stringify(input.reason),
      assignedById: actor.id,
    },
    select: { id: true },
  });
  await recordAudit(
    {
      actorId: actor.id,
      ipAddress: opts.ipAddress,
      action: input.action,
      entityType: "evaluation",
      entityId: evaluation.id,
      toState: "assigned",
      data: { proposalId: input.proposalId, stage: input.stage, assessorId: input.assessorId, role: input.role, why: input.reason.en, ...input.extra },
    },
    tx,
  );
  return evaluation.id;
}

/**
 * Fills every proposal of the stage up to the call's number of assessors. Running it twice
 * changes nothing the second time (those already assigned count).
 */
export async function assignAutomatically(actor: Actor | null, callId: string, stage: EvaluationStage, opts: Opts = {}) {
  requireEvaluationManager(actor);
  const call = await findCall(callId);
  if (call.state !== "under_evaluation") throw new AppError("transition_refused", "evaluation.error.callNotUnderEvaluation");
  const { proposals } = await loadStage(callId, stage);
  const waiting = proposals.filter((p) => p.state === STAGE_STATE[stage]);
  const assessors = await availableAssessors(callId);
  const plan = autoAssign(waiting.map(toAssignmentProposal), assessors, { perProposal: Math.max(1, call.assessorsPerProposal), excludeSameCountry: call.excludeSameCountryAssessors });
  const created: string[] = [];
  await db().$transaction(async (tx) => {
    for (const a of plan.assignments) {
      created.push(await createEvaluation(tx, actor, { callId, proposalId: a.proposalId, stage, assessorId: a.assessorId, role: "ASSESSOR", reason: a.why, action: "EVALUATION_ASSIGNED_AUTOMATICALLY" }, opts));
    }
  });
  return { created: created.length, unfilled: plan.unfilled };
}

async function checkAssessor(actor: Actor, p: StageProposal, assessorId: string, call: { excludeSameCountryAssessors: boolean; id: string }) {
  const assessor = (await availableAssessors(call.id)).find((a) => a.id === assessorId);
  if (!assessor) throw new AppError("bad_request", "evaluation.error.notAnAssessor", { field: "assessorId" });
  const reason = exclusionReason(toAssignmentProposal(p), assessor, { excludeSameCountry: call.excludeSameCountryAssessors });
  if (reason !== null) throw new AppError("bad_request", `evaluation.exclusion.${reason}`, { field: "assessorId" });
  return assessor;
}

async function stageProposal(callId: string, stage: EvaluationStage, proposalId: string) {
  const { call, proposals } = await loadStage(callId, stage);
  const p = proposals.find((x) => x.id === proposalId);
  if (!p) throw new AppError("not_found", "errors.notFound");
  return { call, p };
}

export async function assignManually(actor: Actor | null, callId: string, stage: EvaluationStage, proposalId: string, assessorId: string, opts: Opts = {}) {
  requireEvaluationManager(actor);
  const { call, p } = await stageProposal(callId, stage, proposalId);
  if (call.state !== "under_evaluation") throw new AppError("transition_refused", "evaluation.error.callNotUnderEvaluation");
  if (p.state !== STAGE_STATE[stage]) throw new AppError("transition_refused", "evaluation.error.notBeingEvaluated");
  const assessor = await checkAssessor(actor, p, assessorId, call);
  const manager = await db().user.findUnique({ where: { id: actor.id }, select: { name: true } });
  const by = manager?.name ?? "";
  const reason = { en: `${assessor.name}: chosen by hand by ${by}`, fr: `${assessor.name} : choisi·e manuellement par ${by}` };
  return db().$transaction((tx) => createEvaluation(tx, actor, { callId, proposalId, stage, assessorId, role: "ASSESSOR", reason, action: "EVALUATION_ASSIGNED" }, opts));
}

/**
 * Gives an evaluation to another assessor: the old one is WITHDRAWN with the reason (if it
 * is still open; a conflicted one has already left) and a new row is created.
 */
export async function reassign(actor: Actor | null, evaluationId: string, input: { assessorId: string; reason: string; expectedVersion: number }, opts: Opts = {}) {
  requireEvaluationManager(actor);
  const old = await db().evaluation.findUnique({ where: { id: evaluationId }, select: { id: true, callId: true, proposalId: true, stage: true, state: true, version: true, role: true, assessorId: true } });
  if (!old) throw new AppError("not_found", "errors.notFound");
  const stage = old.stage === "CONCEPT_NOTE" ? "CONCEPT_NOTE" : "FULL_APPLICATION";
  const { call, p } = await stageProposal(old.callId, stage, old.proposalId);
  if (p.state !== STAGE_STATE[stage]) throw new AppError("transition_refused", "evaluation.error.notBeingEvaluated");
  // Checked before the withdrawal, so that a refused choice leaves everything as it was.
  const pretend = { ...p, evaluations: p.evaluations.map((e) => (e.id === old.id ? { ...e, state: "withdrawn" } : e)) };
  const assessor = await checkAssessor(actor, pretend, input.assessorId, call);
  if (old.state !== "conflict_declared" && old.state !== "withdrawn") {
    await applyTransition({ entity: "evaluation", id: old.id, actor, event: { type: "WITHDRAW", reason: input.reason }, expectedVersion: input.expectedVersion, ipAddress: opts.ipAddress });
  } else if (old.version !== input.expectedVersion) {
    throw new AppError("conflict", "evaluation.error.conflict");
  } else {
    // Replacing an assessor who already left: make sure it happens once.
    const already = p.evaluations.filter((e) => isActive(e) && e.role === old.role).length;
    if (old.role === "ASSESSOR" && already >= call.assessorsPerProposal) throw new AppError("conflict", "evaluation.error.alreadyReplaced");
  }
  const reason = { en: `${assessor.name}: replaces an assessor (${input.reason})`, fr: `${assessor.name} : remplace un·e évaluateur·rice (${input.reason})` };
  const role = old.role === "FURTHER" ? "FURTHER" : "ASSESSOR";
  return db().$transaction((tx) =>
    createEvaluation(tx, actor, { callId: old.callId, proposalId: old.proposalId, stage, assessorId: input.assessorId, role, reason, action: "EVALUATION_REASSIGNED", extra: { replaces: old.id } }, opts),
  );
}

/** The call's START_EVALUATION, offered on the evaluation page when the call is closed. */
export async function startCallEvaluation(actor: Actor | null, callId: string, expectedVersion: number, opts: Opts = {}) {
  requireEvaluationManager(actor);
  return changeCallState(actor, callId, "START_EVALUATION", { expectedVersion, ipAddress: opts.ipAddress ?? null });
}

/** Full applications submitted and not yet passed to their evaluation (restricted calls). */
export function countFullApplicationsWaiting(callId: string): Promise<number> {
  return db().proposal.count({ where: { callId, state: "full_submitted" } });
}

/**
 * Restricted calls: every submitted full application goes to its evaluation (one transition
 * each). Offered as soon as one is in: the full application is frozen at submission, so
 * assessors may start on it while others are still writing theirs.
 */
export async function startFullApplicationEvaluation(actor: Actor | null, callId: string, opts: Opts = {}): Promise<number> {
  requireEvaluationManager(actor);
  const waiting = await db().proposal.findMany({ where: { callId, state: "full_submitted" }, select: { id: true, version: true }, orderBy: { reference: "asc" } });
  let started = 0;
  for (const p of waiting) {
    try {
      await applyTransition({ entity: "proposal", id: p.id, actor, event: { type: "START_FULL_EVALUATION" }, expectedVersion: p.version, ipAddress: opts.ipAddress ?? null });
      started += 1;
    } catch (error) {
      // Someone else moved it meanwhile (a double submit): it is no longer waiting.
      if (!(error instanceof AppError && (error.code === "conflict" || error.code === "transition_refused"))) throw error;
    }
  }
  return started;
}

/**
 * Moderation by a further assessor: an evaluation with role FURTHER, created together with the
 * moderation's resolution so that a double submit creates one only.
 */
export async function assignFurther(
  actor: Actor | null,
  moderation: { id: string; callId: string; proposalId: string; stage: string },
  assessorId: string,
  opts: Opts = {},
): Promise<string> {
  requireEvaluationManager(actor);
  const stage: EvaluationStage = moderation.stage === "CONCEPT_NOTE" ? "CONCEPT_NOTE" : "FULL_APPLICATION";
  const { call, p } = await stageProposal(moderation.callId, stage, moderation.proposalId);
  const assessor = await checkAssessor(actor, p, assessorId, call);
  const reason = { en: `${assessor.name}: further assessor asked for by moderation`, fr: `${assessor.name} : évaluateur·rice supplémentaire demandé·e par la modération` };
  return db().$transaction(async (tx) => {
    const { count } = await tx.moderation.updateMany({
      where: { id: moderation.id, resolution: null },
      data: { resolution: "FURTHER_ASSESSOR", resolvedAt: new Date(), resolvedById: actor.id },
    });
    if (count === 0) throw new AppError("conflict", "evaluation.error.moderationResolved");
    return createEvaluation(tx, actor, { callId: moderation.callId, proposalId: moderation.proposalId, stage, assessorId, role: "FURTHER", reason, action: "EVALUATION_FURTHER_ASSESSOR", extra: { moderationId: moderation.id } }, opts);
  });
}
