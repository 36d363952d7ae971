// The grant manager's evaluation forms, shared by the pages and the actions: assignment,
// returning an evaluation, moderation and the decisions. Messages are i18n keys.
import { z } from "zod";
import { versionField } from "~/utils/version-field.ts";

export const STAGES = ["CONCEPT_NOTE", "FULL_APPLICATION"] as const;
export type EvaluationStage = (typeof STAGES)[number];

export const REASON_MAX = 2000;
export const NOTE_MAX = 4000;

const id = z.string().trim().min(1, "errors.badForm").max(100);
const version = versionField();
const reason = z.string().trim().min(1, "evaluation.error.reasonRequired").max(REASON_MAX, "evaluation.error.tooLong");
const stage = z.enum(STAGES, { message: "errors.badForm" });

/** ?stage= on the evaluation and results pages: anything unknown falls back to null (the page picks). */
export const StageQuerySchema = z.object({ stage: z.enum(STAGES).optional().catch(undefined) });

export const AutoAssignSchema = z.object({ intent: z.literal("auto"), stage });
export const ManualAssignSchema = z.object({ intent: z.literal("assign"), stage, proposalId: id, assessorId: z.string().trim().min(1, "evaluation.error.chooseAssessor") });
export const ReassignSchema = z.object({
  intent: z.literal("reassign"),
  stage,
  evaluationId: id,
  version,
  assessorId: z.string().trim().min(1, "evaluation.error.chooseAssessor"),
  reason,
});
export const StartEvaluationSchema = z.object({ intent: z.literal("startEvaluation"), version });

export const ReturnSchema = z.object({ intent: z.literal("return"), version, reason });

export const ConsensusSchema = z.object({
  intent: z.literal("consensus"),
  moderationId: id,
  total: z.coerce.number({ message: "evaluation.error.totalNumber" }).int("evaluation.error.totalNumber").min(0, "evaluation.error.totalRange"),
  note: z.string().trim().min(1, "evaluation.error.noteRequired").max(NOTE_MAX, "evaluation.error.tooLong"),
});
export const FurtherAssessorSchema = z.object({
  intent: z.literal("further"),
  moderationId: id,
  assessorId: z.string().trim().min(1, "evaluation.error.chooseAssessor"),
});

/** Decisions are confirmed: the first post ("confirmed" absent) only shows what would happen. */
const confirmed = z.enum(["1"]).optional();
export const PreselectSchema = z.object({ intent: z.literal("preselect"), confirmed });
export const SelectSchema = z.object({ intent: z.literal("select"), confirmed });
export const EligibilitySchema = z.discriminatedUnion("outcome", [
  z.object({ intent: z.literal("eligibility"), outcome: z.literal("start"), proposalId: id, version, confirmed }),
  z.object({ intent: z.literal("eligibility"), outcome: z.literal("confirm"), proposalId: id, version, confirmed }),
  z.object({ intent: z.literal("eligibility"), outcome: z.literal("fail"), proposalId: id, version, reason, confirmed }),
]);
export const AwardSchema = z.object({ intent: z.literal("award"), version, note: z.string().trim().max(NOTE_MAX, "evaluation.error.tooLong").default(""), confirmed });
