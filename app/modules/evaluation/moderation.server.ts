// The grant manager's review of evaluations: reading one (scores, justifications, totals,
// assessor), returning a submitted one for revision, and resolving a moderation, either by
// a further assessor (the mean is then over all) or by a recorded consensus total.
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { deliverEmail, queueEmail } from "~/modules/notifications/email.server.ts";
import { db } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { applyTransition } from "~/utils/workflow.server.ts";
import { assignFurther } from "./assignments.server.ts";
import type { EvaluationStage } from "./evaluation-schemas.ts";
import { findCall, gridOf, requireEvaluationManager } from "./results.server.ts";
import { readScores, scoredSections, weightedTotals } from "./scoring.ts";

interface Opts {
  ipAddress?: string | null;
}

const asStage = (s: string): EvaluationStage => (s === "CONCEPT_NOTE" ? "CONCEPT_NOTE" : "FULL_APPLICATION");

export async function getEvaluationForManager(actor: Actor | null, evaluationId: string) {
  requirePermission(actor, "evaluation", "read");
  requireEvaluationManager(actor);
  const evaluation = await db().evaluation.findUnique({
    where: { id: evaluationId },
    include: {
      assessor: { select: { id: true, name: true, email: true } },
      proposal: { select: { id: true, reference: true, title: true, state: true, callId: true, organisation: { select: { legalName: true } } } },
    },
  });
  if (!evaluation) throw new AppError("not_found", "errors.notFound");
  const call = await findCall(evaluation.callId);
  const stage = asStage(evaluation.stage);
  const grid = gridOf(call, stage);
  const scores = readScores(evaluation.scores);
  const totals = weightedTotals(grid, scores);
  const history = await db().auditEvent.findMany({
    where: { entityType: "evaluation", entityId: evaluation.id },
    orderBy: { at: "asc" },
    select: { id: true, at: true, action: true, fromState: true, toState: true, data: true, actor: { select: { name: true } } },
  });
  return { evaluation, call, stage, grid, sections: scoredSections(grid), scores, totals, history };
}

/** Sends a submitted evaluation back to its assessor with the reason; the assessor is emailed after commit. */
export async function returnEvaluation(actor: Actor | null, evaluationId: string, input: { reason: string; expectedVersion: number }, opts: Opts = {}) {
  requireEvaluationManager(actor);
  const reason = input.reason.trim();
  if (reason === "") throw new AppError("bad_request", "evaluation.error.reasonRequired", { field: "reason" });
  const evaluation = await db().evaluation.findUnique({
    where: { id: evaluationId },
    select: { id: true, assessor: { select: { name: true, email: true, locale: true, disabledAt: true } }, proposal: { select: { reference: true } } },
  });
  if (!evaluation) throw new AppError("not_found", "errors.notFound");
  return applyTransition({
    entity: "evaluation",
    id: evaluationId,
    actor,
    event: { type: "RETURN", reason },
    expectedVersion: input.expectedVersion,
    ipAddress: opts.ipAddress,
    extraData: { returnReason: reason },
    effects: async () => {
      if (evaluation.assessor.disabledAt) return;
      const origin = process.env.APP_URL ?? "http://localhost:3000";
      const id = await queueEmail({
        to: evaluation.assessor.email,
        template: "evaluationReturned",
        locale: evaluation.assessor.locale,
        params: { name: evaluation.assessor.name, reference: evaluation.proposal.reference, reason, link: new URL(`/assess/${evaluationId}`, origin).toString() },
      });
      await deliverEmail(id);
    },
  });
}

async function openModeration(moderationId: string) {
  const moderation = await db().moderation.findUnique({ where: { id: moderationId } });
  if (!moderation) throw new AppError("not_found", "errors.notFound");
  if (moderation.resolution !== null) throw new AppError("conflict", "evaluation.error.moderationResolved");
  return moderation;
}

/** Resolves a divergence with the total the assessors agreed on (points on the assessed sections). */
export async function resolveByConsensus(actor: Actor | null, moderationId: string, input: { total: number; note: string }, opts: Opts = {}) {
  requireEvaluationManager(actor);
  requirePermission(actor, "evaluation", "review");
  const moderation = await openModeration(moderationId);
  const call = await findCall(moderation.callId);
  const grid = gridOf(call, asStage(moderation.stage));
  const max = weightedTotals(grid, {}).max;
  if (!Number.isInteger(input.total) || input.total < 0 || input.total > max) {
    throw new AppError("bad_request", "evaluation.error.totalRange", { field: "total", max });
  }
  await db().$transaction(async (tx) => {
    // Only an open moderation is resolved: a second submit finds it resolved and changes nothing.
    const { count } = await tx.moderation.updateMany({
      where: { id: moderationId, resolution: null },
      data: { resolution: "CONSENSUS", consensusTotal: input.total, note: input.note, resolvedAt: new Date(), resolvedById: actor.id },
    });
    if (count === 0) throw new AppError("conflict", "evaluation.error.moderationResolved");
    await recordAudit(
      { actorId: actor.id, ipAddress: opts.ipAddress, action: "MODERATION_CONSENSUS", entityType: "proposal", entityId: moderation.proposalId, data: { stage: moderation.stage, total: input.total, note: input.note } },
      tx,
    );
  });
}

/** Resolves a divergence by asking one more assessor; the outcome waits for their evaluation. */
export async function resolveByFurtherAssessor(actor: Actor | null, moderationId: string, assessorId: string, opts: Opts = {}) {
  requireEvaluationManager(actor);
  const moderation = await openModeration(moderationId);
  const evaluationId = await assignFurther(actor, moderation, assessorId, opts);
  return evaluationId;
}
