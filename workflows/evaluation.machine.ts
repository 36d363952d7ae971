// One assessor's evaluation of one proposal at one stage. Pure: no I/O, no timers. The
// server computes the context (whether the assessor signed the call's impartiality
// declaration, whether every criterion has a score and a justification) before each event.
// Saving draft scores is not a state change; starting, submitting, returning, declaring a
// conflict and withdrawing are. State ids are stored: never rename one without a step in
// migrations.ts.
import { setup } from "xstate";
import type { Action } from "../app/modules/auth/permissions.ts";

/** Bump when states change, together with a migration step for stored records. */
export const EVALUATION_MACHINE_VERSION = 1;

export const EVALUATION_STATES = ["assigned", "in_progress", "submitted", "returned", "conflict_declared", "withdrawn"] as const;
export type EvaluationStateId = (typeof EVALUATION_STATES)[number];

export interface EvaluationContext {
  /** The assessor has signed the call's declaration of impartiality and confidentiality. */
  declarationSigned: boolean;
  /** Every criterion scored within its range and justified. */
  isComplete: boolean;
  problems: string[];
}

export const defaultEvaluationContext = (): EvaluationContext => ({ declarationSigned: false, isComplete: false, problems: [] });

export type EvaluationEvent =
  | { type: "START" }
  | { type: "SUBMIT"; at: string }
  // The grant manager sends a submitted evaluation back to its assessor.
  | { type: "RETURN"; reason: string }
  // The assessor withdraws for a conflict of interest: the proposal is hidden from them.
  | { type: "DECLARE_CONFLICT"; reason: string }
  // The grant manager takes the proposal away from this assessor (reassignment).
  | { type: "WITHDRAW"; reason: string };

export const EVALUATION_EVENTS = ["START", "SUBMIT", "RETURN", "DECLARE_CONFLICT", "WITHDRAW"] as const satisfies readonly EvaluationEvent["type"][];

type P = { entity: "evaluation"; action: Action };
export const EVALUATION_EVENT_PERMISSIONS: Record<EvaluationEvent["type"], P> = {
  START: { entity: "evaluation", action: "update" },
  SUBMIT: { entity: "evaluation", action: "submit" },
  DECLARE_CONFLICT: { entity: "evaluation", action: "update" },
  RETURN: { entity: "evaluation", action: "review" },
  WITHDRAW: { entity: "evaluation", action: "assign" },
};

const hasText = (s: unknown) => typeof s === "string" && s.trim().length > 0;

// Until the evaluation is submitted, the assessor may declare a conflict and the manager may reassign.
const leave = {
  DECLARE_CONFLICT: { target: "conflict_declared", guard: "hasReason" },
  WITHDRAW: { target: "withdrawn", guard: "hasReason" },
} as const;

export const evaluationMachine = setup({
  types: {
    context: {} as EvaluationContext,
    events: {} as EvaluationEvent,
    input: {} as Partial<EvaluationContext> | undefined,
  },
  guards: {
    declared: ({ context }) => context.declarationSigned,
    complete: ({ context }) => context.declarationSigned && context.isComplete,
    hasReason: ({ event }) => "reason" in event && hasText(event.reason),
  },
  actions: {
    // After commit the server asks the grant manager to reassign; no-op here.
    requestReassignment: () => {},
    // After commit the server tells the assessor why the evaluation came back; no-op here.
    notifyAssessor: () => {},
  },
}).createMachine({
  id: "evaluation",
  initial: "assigned",
  context: ({ input }) => ({ ...defaultEvaluationContext(), ...input }),
  states: {
    assigned: { on: { START: { target: "in_progress", guard: "declared" }, ...leave } },
    in_progress: { on: { SUBMIT: { target: "submitted", guard: "complete" }, ...leave } },
    submitted: { on: { RETURN: { target: "returned", guard: "hasReason" } } },
    returned: { entry: "notifyAssessor", on: { SUBMIT: { target: "submitted", guard: "complete" }, ...leave } },
    conflict_declared: { type: "final", entry: "requestReassignment" },
    withdrawn: { type: "final" },
  },
});

export function explainEvaluationRefusal(context: EvaluationContext, event: EvaluationEvent): string[] {
  const reasons: string[] = [];
  if ((event.type === "START" || event.type === "SUBMIT") && !context.declarationSigned) {
    reasons.push("The declaration of impartiality and confidentiality has not been signed.");
  }
  if (event.type === "SUBMIT" && !context.isComplete) reasons.push("The evaluation is not complete.", ...context.problems);
  if ((event.type === "RETURN" || event.type === "DECLARE_CONFLICT" || event.type === "WITHDRAW") && !hasText(event.reason)) {
    reasons.push("A reason is required.");
  }
  return reasons;
}

type Bilingual = { en: string; fr: string };

/** `applicant`: what an assessor sees (the person doing the work); `staff`: the grant manager's word. */
export const EVALUATION_STATE_LABELS: Record<EvaluationStateId, { applicant: Bilingual; staff: Bilingual }> = {
  assigned: { applicant: { en: "To do", fr: "À faire" }, staff: { en: "Assigned", fr: "Attribuée" } },
  in_progress: { applicant: { en: "In progress", fr: "En cours" }, staff: { en: "In progress", fr: "En cours" } },
  submitted: { applicant: { en: "Submitted", fr: "Soumise" }, staff: { en: "Submitted", fr: "Soumise" } },
  returned: { applicant: { en: "Returned for revision", fr: "Renvoyée pour révision" }, staff: { en: "Returned for revision", fr: "Renvoyée pour révision" } },
  conflict_declared: { applicant: { en: "Conflict of interest declared", fr: "Conflit d’intérêts déclaré" }, staff: { en: "Conflict of interest", fr: "Conflit d’intérêts" } },
  withdrawn: { applicant: { en: "Reassigned", fr: "Réattribuée" }, staff: { en: "Withdrawn (reassigned)", fr: "Retirée (réattribuée)" } },
};
