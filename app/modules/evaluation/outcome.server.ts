// What an applicant is told once a decision is taken on their proposal: per decided stage,
// the mean score, each assessor's scores and justifications as "Assessor 1, 2, …" (never a
// name), the reasons in words, and the reason given with the decision. Only for members of
// the proposal's organisation; anyone else gets "not found".
import { can, type Actor } from "~/modules/auth/permissions.ts";
import { db } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { pick, type Locale } from "~/utils/i18n.ts";
import type { EvaluationStage } from "./evaluation-schemas.ts";
import { COUNTED_ROLES, combineProposal, findCall, gridOf, loadStage, points, reasonWords } from "./results.server.ts";
import { scoredSections } from "./scoring.ts";

/** States in which the concept-note stage has been decided. */
const CN_DECIDED = ["preselected", "not_preselected", "invited_full", "full_submitted", "full_evaluation", "provisionally_selected", "reserve_list", "rejected", "eligibility_check", "awarded", "contracted"];
/** States in which the full-application stage has been decided. */
const FULL_DECIDED = ["provisionally_selected", "reserve_list", "rejected", "eligibility_check", "awarded", "contracted"];
/** The decision events whose reason the applicant reads. */
const REASONED = ["NOT_PRESELECT", "REJECT", "FAIL_ELIGIBILITY"];

export interface OutcomeCriterion {
  code: string;
  name: string;
  max: number;
  weight: number;
  /** One per assessor, in the order of the assessors. */
  scores: { score: number | null; justification: string }[];
}

export interface OutcomeStage {
  stage: EvaluationStage;
  max: number;
  passMark: number | null;
  meanPoints: number | null;
  /** "Assessor 1", … with their totals. */
  assessors: { label: number; total: number | null }[];
  sections: { code: string; name: string; meanPoints: number | null; criteria: OutcomeCriterion[] }[];
  reasons: string[];
  consensus: boolean;
}

export interface ApplicantOutcome {
  state: string;
  stages: OutcomeStage[];
  decisionReason: string | null;
}

export async function applicantOutcome(actor: Actor | null, proposalId: string, locale: Locale): Promise<ApplicantOutcome | null> {
  const proposal = await db().proposal.findUnique({ where: { id: proposalId }, select: { id: true, state: true, callId: true, organisationId: true } });
  if (!proposal || !actor || !can(actor, "proposal", "read", { organisationId: proposal.organisationId }) || actor.role !== "APPLICANT") {
    throw new AppError("not_found", "errors.notFound");
  }
  const call = await findCall(proposal.callId);
  const stages: EvaluationStage[] = [];
  if (call.procedure === "RESTRICTED" && CN_DECIDED.includes(proposal.state)) stages.push("CONCEPT_NOTE");
  if (FULL_DECIDED.includes(proposal.state)) stages.push("FULL_APPLICATION");
  if (stages.length === 0) return null;

  const out: OutcomeStage[] = [];
  for (const stage of stages) {
    const grid = gridOf(call, stage);
    // The full stage's mean includes the carried concept-note sections: take it from the stage's results.
    const results = stage === "FULL_APPLICATION" ? await loadStage(call.id, stage) : null;
    const evaluations = await db().evaluation.findMany({
      where: { proposalId, stage },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, stage: true, role: true, state: true, version: true, total: true, scores: true, assignmentReason: true, returnReason: true, conflictReason: true, submittedAt: true, createdAt: true, assessorId: true, assessor: { select: { id: true, name: true, email: true } } },
    });
    const moderationRow = await db().moderation.findUnique({ where: { proposalId_stage: { proposalId, stage } } });
    const moderation = moderationRow ? { ...moderationRow, facts: null } : null;
    const fromResults = results?.proposals.find((p) => p.id === proposalId);
    const { combined, submitted } = fromResults ?? combineProposal(grid, call, evaluations, moderation);
    const counted = submitted.filter((e) => (COUNTED_ROLES as readonly string[]).includes(e.role));
    const sections = scoredSections(grid).map((s) => ({
      code: s.code,
      name: pick(s, "name", locale),
      meanPoints: combined.sectionMeansCentipoints[s.code] === undefined ? null : points(combined.sectionMeansCentipoints[s.code] ?? 0),
      criteria: s.criteria.map((c) => ({
        code: c.code,
        name: pick(c, "name", locale),
        max: c.max,
        weight: c.weight,
        scores: counted.map((e) => {
          const entry = (e.scores as Record<string, { score?: unknown; justification?: unknown }> | null)?.[c.code];
          return { score: typeof entry?.score === "number" ? entry.score : null, justification: typeof entry?.justification === "string" ? entry.justification : "" };
        }),
      })),
    }));
    out.push({
      stage,
      max: grid.max,
      passMark: grid.passMark ?? null,
      meanPoints: combined.meanCentipoints === null ? null : points(combined.meanCentipoints),
      assessors: counted.map((e, i) => ({ label: i + 1, total: e.total })),
      sections,
      reasons: (combined.outcome?.reasons ?? []).map((r) => reasonWords(r, grid, locale)),
      consensus: moderationRow?.resolution === "CONSENSUS",
    });
  }

  const decision = await db().auditEvent.findFirst({
    where: { entityType: "proposal", entityId: proposalId, action: { in: REASONED } },
    orderBy: { at: "desc" },
    select: { data: true },
  });
  const data = (decision?.data ?? {}) as { event?: { reason?: unknown } };
  return { state: proposal.state, stages: out, decisionReason: typeof data.event?.reason === "string" ? data.event.reason : null };
}
