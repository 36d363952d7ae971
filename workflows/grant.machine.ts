// A grant from contract to closure. Pure: no I/O, no timers. The server computes the
// context (signed contract uploaded; final report approved; balance paid) before each event.
// State ids are stored: never rename one without a step in migrations.ts.
import { setup } from "xstate";
import type { Action } from "../app/modules/auth/permissions.ts";

export const GRANT_MACHINE_VERSION = 1;

export const GRANT_STATES = ["contracting", "in_implementation", "suspended", "closing", "closed", "terminated"] as const;
export type GrantStateId = (typeof GRANT_STATES)[number];

export interface GrantContext {
  /** The signed contract is uploaded. */
  contractUploaded: boolean;
  /** The final report is approved. */
  finalReportApproved: boolean;
  /** Every released instalment, the balance included, is recorded as paid. */
  allPaid: boolean;
}

export const defaultGrantContext = (): GrantContext => ({ contractUploaded: false, finalReportApproved: false, allPaid: false });

export type GrantEvent =
  | { type: "SIGN"; at: string }
  | { type: "SUSPEND"; reason: string }
  | { type: "RESUME" }
  | { type: "START_CLOSING" }
  | { type: "CLOSE" }
  | { type: "TERMINATE"; reason: string };

export const GRANT_EVENTS = ["SIGN", "SUSPEND", "RESUME", "START_CLOSING", "CLOSE", "TERMINATE"] as const satisfies readonly GrantEvent["type"][];

type P = { entity: "grant"; action: Action };
const manage: P = { entity: "grant", action: "update" };
export const GRANT_EVENT_PERMISSIONS: Record<GrantEvent["type"], P> = {
  SIGN: manage,
  SUSPEND: manage,
  RESUME: manage,
  START_CLOSING: manage,
  CLOSE: manage,
  TERMINATE: manage,
};

const hasText = (s: unknown) => typeof s === "string" && s.trim().length > 0;

export const grantMachine = setup({
  types: {
    context: {} as GrantContext,
    events: {} as GrantEvent,
    input: {} as Partial<GrantContext> | undefined,
  },
  guards: {
    contractUploaded: ({ context }) => context.contractUploaded,
    finished: ({ context }) => context.finalReportApproved && context.allPaid,
    hasReason: ({ event }) => "reason" in event && hasText(event.reason),
  },
  actions: {
    // After commit the grantee is told; no-op here.
    notifyGrantee: () => {},
  },
}).createMachine({
  id: "grant",
  initial: "contracting",
  context: ({ input }) => ({ ...defaultGrantContext(), ...input }),
  states: {
    contracting: { on: { SIGN: { target: "in_implementation", guard: "contractUploaded" } } },
    in_implementation: {
      entry: "notifyGrantee",
      on: {
        SUSPEND: { target: "suspended", guard: "hasReason" },
        START_CLOSING: { target: "closing" },
        TERMINATE: { target: "terminated", guard: "hasReason" },
      },
    },
    suspended: {
      entry: "notifyGrantee",
      on: { RESUME: { target: "in_implementation" }, TERMINATE: { target: "terminated", guard: "hasReason" } },
    },
    closing: {
      on: { CLOSE: { target: "closed", guard: "finished" }, TERMINATE: { target: "terminated", guard: "hasReason" } },
    },
    closed: { type: "final", entry: "notifyGrantee" },
    terminated: { type: "final", entry: "notifyGrantee" },
  },
});

export function explainGrantRefusal(context: GrantContext, event: GrantEvent): string[] {
  const reasons: string[] = [];
  if (event.type === "SIGN" && !context.contractUploaded) reasons.push("Upload the signed contract first.");
  if (event.type === "CLOSE") {
    if (!context.finalReportApproved) reasons.push("The final report is not approved yet.");
    if (!context.allPaid) reasons.push("Not every instalment is recorded as paid.");
  }
  if ((event.type === "SUSPEND" || event.type === "TERMINATE") && !hasText(event.reason)) reasons.push("A reason is required.");
  return reasons;
}

type Bilingual = { en: string; fr: string };

export const GRANT_STATE_LABELS: Record<GrantStateId, { applicant: Bilingual; staff: Bilingual; next: Bilingual }> = {
  contracting: {
    applicant: { en: "Contract being prepared", fr: "Contrat en préparation" },
    staff: { en: "Contracting", fr: "Contractualisation" },
    next: { en: "We are preparing your contract; you will sign it and send it back.", fr: "Nous préparons votre contrat ; vous le signerez et nous le renverrez." },
  },
  in_implementation: {
    applicant: { en: "In implementation", fr: "En cours de mise en œuvre" },
    staff: { en: "In implementation", fr: "En mise en œuvre" },
    next: { en: "Carry out the project and report on time.", fr: "Mettez en œuvre le projet et rendez vos rapports à temps." },
  },
  suspended: {
    applicant: { en: "Suspended", fr: "Suspendue" },
    staff: { en: "Suspended", fr: "Suspendue" },
    next: { en: "The grant manager has suspended the grant; we have told you why.", fr: "Le gestionnaire a suspendu la subvention ; nous vous avons dit pourquoi." },
  },
  closing: {
    applicant: { en: "Closing", fr: "En clôture" },
    staff: { en: "Closing", fr: "En clôture" },
    next: { en: "Submit the final report; the balance is paid once it is approved.", fr: "Soumettez le rapport final ; le solde est payé après son approbation." },
  },
  closed: {
    applicant: { en: "Closed", fr: "Clôturée" },
    staff: { en: "Closed", fr: "Clôturée" },
    next: { en: "The grant is closed. Thank you.", fr: "La subvention est clôturée. Merci." },
  },
  terminated: {
    applicant: { en: "Terminated", fr: "Résiliée" },
    staff: { en: "Terminated", fr: "Résiliée" },
    next: { en: "The grant was terminated; we have told you why.", fr: "La subvention a été résiliée ; nous vous avons dit pourquoi." },
  },
};
