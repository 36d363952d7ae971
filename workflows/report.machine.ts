// An interim or final report of a grant. Pure: no I/O, no timers. The server computes
// whether the report is complete before SUBMIT. Whether a report is overdue is a fact of
// its due date, not a state (it is flagged wherever the report appears). State ids are
// stored: never rename one without a step in migrations.ts.
import { setup } from "xstate";
import type { Action } from "../app/modules/auth/permissions.ts";

export const REPORT_MACHINE_VERSION = 1;

export const REPORT_STATES = ["draft", "submitted", "under_review", "changes_requested", "approved"] as const;
export type ReportStateId = (typeof REPORT_STATES)[number];

export interface ReportContext {
  isComplete: boolean;
  problems: string[];
}

export const defaultReportContext = (): ReportContext => ({ isComplete: false, problems: [] });

export type ReportEvent =
  | { type: "SUBMIT"; at: string }
  | { type: "START_REVIEW" }
  | { type: "REQUEST_CHANGES"; reason: string }
  | { type: "APPROVE" };

export const REPORT_EVENTS = ["SUBMIT", "START_REVIEW", "REQUEST_CHANGES", "APPROVE"] as const satisfies readonly ReportEvent["type"][];

type P = { entity: "report"; action: Action };
export const REPORT_EVENT_PERMISSIONS: Record<ReportEvent["type"], P> = {
  SUBMIT: { entity: "report", action: "submit" },
  START_REVIEW: { entity: "report", action: "review" },
  REQUEST_CHANGES: { entity: "report", action: "review" },
  APPROVE: { entity: "report", action: "review" },
};

const hasText = (s: unknown) => typeof s === "string" && s.trim().length > 0;

export const reportMachine = setup({
  types: {
    context: {} as ReportContext,
    events: {} as ReportEvent,
    input: {} as Partial<ReportContext> | undefined,
  },
  guards: {
    complete: ({ context }) => context.isComplete,
    hasReason: ({ event }) => "reason" in event && hasText(event.reason),
  },
  actions: {
    // After commit: the grantee is told (changes requested, approved); approval releases the next instalment.
    notifyGrantee: () => {},
    releaseNextTranche: () => {},
  },
}).createMachine({
  id: "report",
  initial: "draft",
  context: ({ input }) => ({ ...defaultReportContext(), ...input }),
  states: {
    draft: { on: { SUBMIT: { target: "submitted", guard: "complete" } } },
    submitted: {
      on: {
        START_REVIEW: { target: "under_review" },
        REQUEST_CHANGES: { target: "changes_requested", guard: "hasReason" },
        APPROVE: { target: "approved" },
      },
    },
    under_review: {
      on: { REQUEST_CHANGES: { target: "changes_requested", guard: "hasReason" }, APPROVE: { target: "approved" } },
    },
    changes_requested: { entry: "notifyGrantee", on: { SUBMIT: { target: "submitted", guard: "complete" } } },
    approved: { type: "final", entry: ["notifyGrantee", "releaseNextTranche"] },
  },
});

export function explainReportRefusal(context: ReportContext, event: ReportEvent): string[] {
  if (event.type === "SUBMIT" && !context.isComplete) return ["The report is not complete.", ...context.problems];
  if (event.type === "REQUEST_CHANGES" && !hasText(event.reason)) return ["Say what must change: the grantee is told."];
  return [];
}

type Bilingual = { en: string; fr: string };

export const REPORT_STATE_LABELS: Record<ReportStateId, { applicant: Bilingual; staff: Bilingual; next: Bilingual }> = {
  draft: {
    applicant: { en: "Not yet submitted", fr: "Pas encore soumis" },
    staff: { en: "Draft", fr: "Brouillon" },
    next: { en: "Complete every part and submit it before the due date.", fr: "Complétez chaque partie et soumettez-le avant la date limite." },
  },
  submitted: {
    applicant: { en: "Submitted", fr: "Soumis" },
    staff: { en: "Submitted: to review", fr: "Soumis : à examiner" },
    next: { en: "The grant manager will review your report.", fr: "Le gestionnaire de la subvention va examiner votre rapport." },
  },
  under_review: {
    applicant: { en: "Being reviewed", fr: "En cours d’examen" },
    staff: { en: "Under review", fr: "En cours d’examen" },
    next: { en: "The grant manager is reviewing your report.", fr: "Le gestionnaire de la subvention examine votre rapport." },
  },
  changes_requested: {
    applicant: { en: "Changes requested", fr: "Modifications demandées" },
    staff: { en: "Changes requested", fr: "Modifications demandées" },
    next: { en: "Read the comments, change the report and submit it again within 30 days.", fr: "Lisez les commentaires, modifiez le rapport et soumettez-le à nouveau sous 30 jours." },
  },
  approved: {
    applicant: { en: "Approved", fr: "Approuvé" },
    staff: { en: "Approved", fr: "Approuvé" },
    next: { en: "Nothing more to do for this report.", fr: "Plus rien à faire pour ce rapport." },
  },
};
