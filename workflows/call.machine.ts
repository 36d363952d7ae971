// The call-for-proposals lifecycle. Pure: no I/O, no timers. The server rebuilds a snapshot
// from the stored state id (machine.resolveState) with a context it computes, applies one
// event with xstate's `transition()`, and persists the new state id with the version below.
// State ids are stored in the database: never rename one without a step in migrations.ts.
import { setup } from "xstate";
import type { Action } from "../app/modules/auth/permissions.ts";

/** Bump when states change, together with a migration step for stored records. */
export const CALL_MACHINE_VERSION = 1;

export const CALL_STATES = ["draft", "published", "open", "closed", "under_evaluation", "awarded", "archived"] as const;
export type CallStateId = (typeof CALL_STATES)[number];

/**
 * Computed by the server before each event (never stored): whether the call is complete
 * enough to publish, and if not, what is missing, in words a grant manager understands.
 */
export interface CallContext {
  isComplete: boolean;
  problems: string[];
}

export const defaultCallContext = (): CallContext => ({ isComplete: false, problems: [] });

export type CallEvent =
  | { type: "PUBLISH" }
  | { type: "OPEN" }
  // Sent by a grant manager or by the deadline job; `at` is when (ISO 8601), for the record.
  | { type: "CLOSE"; at?: string }
  | { type: "START_EVALUATION" }
  | { type: "AWARD" }
  | { type: "ARCHIVE"; reason?: string };

export const CALL_EVENTS = ["PUBLISH", "OPEN", "CLOSE", "START_EVALUATION", "AWARD", "ARCHIVE"] as const satisfies readonly CallEvent["type"][];

/** The permission each event needs (checked by the server before `transition()`). */
export const CALL_EVENT_PERMISSIONS: Record<CallEvent["type"], { entity: "call"; action: Action }> = {
  PUBLISH: { entity: "call", action: "publish" },
  OPEN: { entity: "call", action: "open" },
  CLOSE: { entity: "call", action: "close" },
  START_EVALUATION: { entity: "call", action: "evaluate" },
  AWARD: { entity: "call", action: "award" },
  ARCHIVE: { entity: "call", action: "archive" },
};

export const callMachine = setup({
  types: {
    context: {} as CallContext,
    events: {} as CallEvent,
    input: {} as Partial<CallContext> | undefined,
  },
  guards: {
    isComplete: ({ context }) => context.isComplete,
  },
  actions: {
    // Side effects the server runs after commit (e.g. notify subscribers); no-ops here.
    announceCall: () => {},
  },
}).createMachine({
  id: "call",
  initial: "draft",
  context: ({ input }) => ({ ...defaultCallContext(), ...input }),
  states: {
    draft: {
      on: {
        PUBLISH: { target: "published", guard: "isComplete" },
        // Abandoned drafts are archived rather than deleted: the audit trail stays whole.
        ARCHIVE: { target: "archived" },
      },
    },
    // Announced, not yet accepting submissions.
    published: {
      entry: "announceCall",
      on: { OPEN: { target: "open" } },
    },
    open: {
      // No deadline guard: a grant manager may close early, the deadline job closes on time.
      on: { CLOSE: { target: "closed" } },
    },
    closed: {
      on: { START_EVALUATION: { target: "under_evaluation" } },
    },
    under_evaluation: {
      on: { AWARD: { target: "awarded" } },
    },
    awarded: {
      on: { ARCHIVE: { target: "archived" } },
    },
    archived: { type: "final" },
  },
});

/** Why an event the current state accepts was refused by a guard, in words for staff. */
export function explainCallRefusal(context: CallContext, event: CallEvent): string[] {
  if (event.type === "PUBLISH" && !context.isComplete) return ["The call is not complete.", ...context.problems];
  return [];
}

type Bilingual = { en: string; fr: string };

/** Plain-language names: what applicants see, and what staff see. */
export const CALL_STATE_LABELS: Record<CallStateId, { applicant: Bilingual; staff: Bilingual }> = {
  draft: {
    applicant: { en: "Not yet announced", fr: "Pas encore annoncé" },
    staff: { en: "Draft", fr: "Brouillon" },
  },
  published: {
    applicant: { en: "Announced, opening soon", fr: "Annoncé, ouverture prochaine" },
    staff: { en: "Published", fr: "Publié" },
  },
  open: {
    applicant: { en: "Open for proposals", fr: "Ouvert aux propositions" },
    staff: { en: "Open", fr: "Ouvert" },
  },
  closed: {
    applicant: { en: "Closed: no more proposals accepted", fr: "Clôturé : plus aucune proposition acceptée" },
    staff: { en: "Closed", fr: "Clôturé" },
  },
  under_evaluation: {
    applicant: { en: "Proposals are being assessed", fr: "Propositions en cours d’évaluation" },
    staff: { en: "Under evaluation", fr: "En évaluation" },
  },
  awarded: {
    applicant: { en: "Grants awarded", fr: "Subventions attribuées" },
    staff: { en: "Awarded", fr: "Attribué" },
  },
  archived: {
    applicant: { en: "Archived", fr: "Archivé" },
    staff: { en: "Archived", fr: "Archivé" },
  },
};
