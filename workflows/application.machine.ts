// The proposal (application) lifecycle, for both procedures: restricted (concept note, then
// a full application by invitation) and open (one stage). Pure: no I/O, no timers; the
// deadline is data in the context and the submission time is data in the event.
// State ids are stored in the database: never rename one without a step in migrations.ts.
import { and, setup } from "xstate";
import type { Action } from "../app/modules/auth/permissions.ts";

/** Bump when states change, together with a migration step for stored records. */
export const APPLICATION_MACHINE_VERSION = 1;

export const APPLICATION_STATES = [
  "draft",
  "submitted",
  "admin_check",
  "rejected_admin",
  "cn_evaluation",
  "preselected",
  "not_preselected",
  "invited_full",
  "full_submitted",
  "full_evaluation",
  "provisionally_selected",
  "reserve_list",
  "rejected",
  "eligibility_check",
  "awarded",
  "contracted",
  "withdrawn",
] as const;
export type ApplicationStateId = (typeof APPLICATION_STATES)[number];

/** Computed by the server before each event from the call and the proposal; never stored. */
export interface ApplicationContext {
  procedure: "OPEN" | "RESTRICTED";
  /** First submission deadline (ISO 8601): the concept note's, or the only one. null: none set. */
  deadline: string | null;
  /** Restricted procedure: the full application's deadline (ISO 8601). */
  fullDeadline: string | null;
  /** Whether what is about to be submitted is complete, and if not, what is missing. */
  isComplete: boolean;
  problems: string[];
}

export const defaultApplicationContext = (): ApplicationContext => ({
  procedure: "OPEN",
  deadline: null,
  fullDeadline: null,
  isComplete: false,
  problems: [],
});

export type ApplicationEvent =
  // `at`: when the applicant pressed submit (ISO 8601), set by the server, not the browser.
  | { type: "SUBMIT"; at: string }
  | { type: "START_ADMIN_CHECK" }
  | { type: "PASS_ADMIN_CHECK" }
  | { type: "FAIL_ADMIN_CHECK"; reason: string }
  | { type: "PRESELECT" }
  | { type: "NOT_PRESELECT"; reason?: string }
  | { type: "INVITE_FULL" }
  | { type: "SUBMIT_FULL"; at: string }
  | { type: "START_FULL_EVALUATION" }
  | { type: "SELECT_PROVISIONALLY" }
  | { type: "PLACE_ON_RESERVE" }
  | { type: "REJECT"; reason: string }
  | { type: "START_ELIGIBILITY_CHECK" }
  | { type: "CONFIRM_ELIGIBLE" }
  | { type: "FAIL_ELIGIBILITY"; reason: string }
  | { type: "PROMOTE_FROM_RESERVE" }
  | { type: "SIGN_CONTRACT" }
  | { type: "WITHDRAW"; reason?: string };

type P = { entity: "proposal"; action: Action };
const submit: P = { entity: "proposal", action: "submit" };
const screen: P = { entity: "proposal", action: "screen" };
const decide: P = { entity: "proposal", action: "award" };

/**
 * The permission each event needs. Applicants submit and withdraw (their organisation's
 * proposals); staff screen (process steps) and decide (outcomes an applicant is told about).
 */
export const APPLICATION_EVENT_PERMISSIONS: Record<ApplicationEvent["type"], P> = {
  SUBMIT: submit,
  SUBMIT_FULL: submit,
  WITHDRAW: { entity: "proposal", action: "withdraw" },
  START_ADMIN_CHECK: screen,
  PASS_ADMIN_CHECK: screen,
  FAIL_ADMIN_CHECK: screen,
  INVITE_FULL: screen,
  START_FULL_EVALUATION: screen,
  START_ELIGIBILITY_CHECK: screen,
  PRESELECT: decide,
  NOT_PRESELECT: decide,
  SELECT_PROVISIONALLY: decide,
  PLACE_ON_RESERVE: decide,
  PROMOTE_FROM_RESERVE: decide,
  REJECT: decide,
  CONFIRM_ELIGIBLE: decide,
  FAIL_ELIGIBILITY: decide,
  SIGN_CONTRACT: decide,
};

export const APPLICATION_EVENTS = Object.keys(APPLICATION_EVENT_PERMISSIONS) as ApplicationEvent["type"][];

/** Late submissions are refused; a deadline instant itself is still on time. */
function onTime(at: string, deadline: string | null): boolean {
  if (deadline === null) return true;
  const t = Date.parse(at);
  const d = Date.parse(deadline);
  // An unreadable time is refused rather than let through.
  return !Number.isNaN(t) && !Number.isNaN(d) && t <= d;
}

const hasText = (s: string | undefined) => typeof s === "string" && s.trim().length > 0;

// Before a decision an applicant may withdraw; afterwards the outcome stands.
const withdraw = { WITHDRAW: { target: "withdrawn" } } as const;

export const applicationMachine = setup({
  types: {
    context: {} as ApplicationContext,
    events: {} as ApplicationEvent,
    input: {} as Partial<ApplicationContext> | undefined,
  },
  guards: {
    deadlineNotPassed: ({ context, event }) => event.type === "SUBMIT" && onTime(event.at, context.deadline),
    fullDeadlineNotPassed: ({ context, event }) => event.type === "SUBMIT_FULL" && onTime(event.at, context.fullDeadline),
    complete: ({ context }) => context.isComplete,
    restricted: ({ context }) => context.procedure === "RESTRICTED",
    // Applicants are told why: a refusal without a reason is refused.
    hasReason: ({ event }) => "reason" in event && hasText(event.reason),
  },
  actions: {
    // Side effects the server runs after commit (an e-mail to the applicant); no-ops here.
    notifyApplicant: () => {},
  },
}).createMachine({
  id: "application",
  initial: "draft",
  context: ({ input }) => ({ ...defaultApplicationContext(), ...input }),
  states: {
    draft: {
      on: {
        SUBMIT: { target: "submitted", guard: and(["deadlineNotPassed", "complete"]) },
        ...withdraw,
      },
    },
    submitted: {
      entry: "notifyApplicant",
      on: { START_ADMIN_CHECK: { target: "admin_check" }, ...withdraw },
    },
    admin_check: {
      on: {
        PASS_ADMIN_CHECK: [{ target: "cn_evaluation", guard: "restricted" }, { target: "full_evaluation" }],
        FAIL_ADMIN_CHECK: { target: "rejected_admin", guard: "hasReason" },
        ...withdraw,
      },
    },
    rejected_admin: { type: "final", entry: "notifyApplicant" },

    // Restricted procedure, stage 1: the concept note.
    cn_evaluation: {
      on: { PRESELECT: { target: "preselected" }, NOT_PRESELECT: { target: "not_preselected" }, ...withdraw },
    },
    preselected: {
      on: { INVITE_FULL: { target: "invited_full" }, ...withdraw },
    },
    not_preselected: { type: "final", entry: "notifyApplicant" },
    invited_full: {
      entry: "notifyApplicant",
      on: {
        SUBMIT_FULL: { target: "full_submitted", guard: and(["fullDeadlineNotPassed", "complete"]) },
        ...withdraw,
      },
    },
    full_submitted: {
      entry: "notifyApplicant",
      on: { START_FULL_EVALUATION: { target: "full_evaluation" }, ...withdraw },
    },

    // Full application (the only stage in the open procedure).
    full_evaluation: {
      on: {
        SELECT_PROVISIONALLY: { target: "provisionally_selected" },
        PLACE_ON_RESERVE: { target: "reserve_list" },
        REJECT: { target: "rejected", guard: "hasReason" },
        ...withdraw,
      },
    },
    provisionally_selected: {
      entry: "notifyApplicant",
      on: { START_ELIGIBILITY_CHECK: { target: "eligibility_check" }, ...withdraw },
    },
    // Filled from when a provisionally selected one proves ineligible or withdraws.
    reserve_list: {
      entry: "notifyApplicant",
      on: {
        PROMOTE_FROM_RESERVE: { target: "provisionally_selected" },
        REJECT: { target: "rejected", guard: "hasReason" },
        ...withdraw,
      },
    },
    // Supporting documents of the provisionally selected only.
    eligibility_check: {
      on: {
        CONFIRM_ELIGIBLE: { target: "awarded" },
        FAIL_ELIGIBILITY: { target: "rejected", guard: "hasReason" },
        ...withdraw,
      },
    },
    rejected: { type: "final", entry: "notifyApplicant" },
    awarded: {
      entry: "notifyApplicant",
      on: { SIGN_CONTRACT: { target: "contracted" } },
    },
    contracted: { type: "final" },
    withdrawn: { type: "final", entry: "notifyApplicant" },
  },
});

/** Why an event the current state accepts was refused by a guard, in words for the user. */
export function explainApplicationRefusal(context: ApplicationContext, event: ApplicationEvent): string[] {
  const reasons: string[] = [];
  if (event.type === "SUBMIT" && !onTime(event.at, context.deadline)) {
    reasons.push(`The submission deadline (${context.deadline}) has passed.`);
  }
  if (event.type === "SUBMIT_FULL" && !onTime(event.at, context.fullDeadline)) {
    reasons.push(`The full application deadline (${context.fullDeadline}) has passed.`);
  }
  if ((event.type === "SUBMIT" || event.type === "SUBMIT_FULL") && !context.isComplete) {
    reasons.push("The proposal is not complete.", ...context.problems);
  }
  if ((event.type === "FAIL_ADMIN_CHECK" || event.type === "REJECT" || event.type === "FAIL_ELIGIBILITY") && !hasText(event.reason)) {
    reasons.push("A reason is required: the applicant is told why.");
  }
  return reasons;
}

type Bilingual = { en: string; fr: string };

/** Per state: what applicants see, what staff see, and for applicants what happens next. */
export const APPLICATION_STATE_LABELS: Record<ApplicationStateId, { applicant: Bilingual; staff: Bilingual; next: Bilingual }> = {
  draft: {
    applicant: { en: "Draft: not yet submitted", fr: "Brouillon : pas encore soumis" },
    staff: { en: "Draft", fr: "Brouillon" },
    next: {
      en: "Complete every section and submit before the deadline.",
      fr: "Complétez toutes les sections et soumettez avant la date limite.",
    },
  },
  submitted: {
    applicant: { en: "Submitted", fr: "Soumis" },
    staff: { en: "Submitted", fr: "Soumis" },
    next: {
      en: "We have received your proposal. We will check it for completeness.",
      fr: "Nous avons reçu votre proposition. Nous allons vérifier qu’elle est complète.",
    },
  },
  admin_check: {
    applicant: { en: "Being checked for completeness", fr: "Vérification de la complétude en cours" },
    staff: { en: "Administrative check", fr: "Vérification administrative" },
    next: {
      en: "If everything is in order, your proposal goes on to assessment.",
      fr: "Si tout est en ordre, votre proposition passe à l’évaluation.",
    },
  },
  rejected_admin: {
    applicant: { en: "Not accepted: incomplete or not eligible", fr: "Non retenue : incomplète ou non éligible" },
    staff: { en: "Rejected at administrative check", fr: "Rejetée à la vérification administrative" },
    next: {
      en: "We have sent you the reasons. Your proposal will not be assessed.",
      fr: "Nous vous avons envoyé les motifs. Votre proposition ne sera pas évaluée.",
    },
  },
  cn_evaluation: {
    applicant: { en: "Concept note under assessment", fr: "Note conceptuelle en cours d’évaluation" },
    staff: { en: "Concept note evaluation", fr: "Évaluation de la note conceptuelle" },
    next: {
      en: "Assessors are scoring your concept note. We will tell you whether you are invited to send a full application.",
      fr: "Des évaluateurs notent votre note conceptuelle. Nous vous dirons si vous êtes invité à envoyer une demande complète.",
    },
  },
  preselected: {
    applicant: { en: "Concept note shortlisted", fr: "Note conceptuelle présélectionnée" },
    staff: { en: "Preselected", fr: "Présélectionnée" },
    next: {
      en: "You will soon receive an invitation to submit a full application.",
      fr: "Vous recevrez bientôt une invitation à soumettre une demande complète.",
    },
  },
  not_preselected: {
    applicant: { en: "Concept note not shortlisted", fr: "Note conceptuelle non présélectionnée" },
    staff: { en: "Not preselected", fr: "Non présélectionnée" },
    next: {
      en: "Your proposal will not go further in this call. We have sent you the reasons.",
      fr: "Votre proposition n’ira pas plus loin dans cet appel. Nous vous avons envoyé les motifs.",
    },
  },
  invited_full: {
    applicant: { en: "Invited to submit a full application", fr: "Invité à soumettre une demande complète" },
    staff: { en: "Invited to full application", fr: "Invitée à la demande complète" },
    next: {
      en: "Complete the full application and submit it before its deadline.",
      fr: "Complétez la demande complète et soumettez-la avant sa date limite.",
    },
  },
  full_submitted: {
    applicant: { en: "Full application submitted", fr: "Demande complète soumise" },
    staff: { en: "Full application submitted", fr: "Demande complète soumise" },
    next: {
      en: "We have received your full application. It will be assessed next.",
      fr: "Nous avons reçu votre demande complète. Elle sera évaluée prochainement.",
    },
  },
  full_evaluation: {
    applicant: { en: "Application under assessment", fr: "Demande en cours d’évaluation" },
    staff: { en: "Full application evaluation", fr: "Évaluation de la demande complète" },
    next: {
      en: "Assessors are scoring your application. We will inform you of the result.",
      fr: "Des évaluateurs notent votre demande. Nous vous informerons du résultat.",
    },
  },
  provisionally_selected: {
    applicant: { en: "Selected, subject to final checks", fr: "Sélectionnée, sous réserve des dernières vérifications" },
    staff: { en: "Provisionally selected", fr: "Sélectionnée provisoirement" },
    next: {
      en: "We will ask for supporting documents to confirm your eligibility.",
      fr: "Nous vous demanderons des pièces justificatives pour confirmer votre éligibilité.",
    },
  },
  reserve_list: {
    applicant: { en: "On the reserve list", fr: "Sur la liste de réserve" },
    staff: { en: "Reserve list", fr: "Liste de réserve" },
    next: {
      en: "If funds become available, your application may still be selected. We will contact you.",
      fr: "Si des fonds se libèrent, votre demande pourra encore être sélectionnée. Nous vous contacterons.",
    },
  },
  rejected: {
    applicant: { en: "Not selected", fr: "Non retenue" },
    staff: { en: "Rejected", fr: "Rejetée" },
    next: {
      en: "Your application will not be funded in this call. We have sent you the reasons.",
      fr: "Votre demande ne sera pas financée dans cet appel. Nous vous avons envoyé les motifs.",
    },
  },
  eligibility_check: {
    applicant: { en: "Supporting documents being checked", fr: "Pièces justificatives en cours de vérification" },
    staff: { en: "Eligibility check", fr: "Vérification de l’éligibilité" },
    next: {
      en: "Once your documents are confirmed, we will take the award decision.",
      fr: "Une fois vos documents confirmés, nous prendrons la décision d’attribution.",
    },
  },
  awarded: {
    applicant: { en: "Grant awarded", fr: "Subvention attribuée" },
    staff: { en: "Awarded", fr: "Attribuée" },
    next: {
      en: "We will send you the grant contract to sign.",
      fr: "Nous vous enverrons le contrat de subvention à signer.",
    },
  },
  contracted: {
    applicant: { en: "Contract signed", fr: "Contrat signé" },
    staff: { en: "Contracted", fr: "Contractualisée" },
    next: {
      en: "Your project can start on the date in the contract. Follow the grant from your dashboard.",
      fr: "Votre projet peut démarrer à la date prévue au contrat. Suivez la subvention depuis votre tableau de bord.",
    },
  },
  withdrawn: {
    applicant: { en: "Withdrawn", fr: "Retirée" },
    staff: { en: "Withdrawn", fr: "Retirée" },
    next: {
      en: "You withdrew this proposal. It will not be considered further.",
      fr: "Vous avez retiré cette proposition. Elle ne sera plus examinée.",
    },
  },
};
