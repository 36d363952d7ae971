// The one way a call, a proposal, an evaluation, a report or a grant changes state. Load the record, bring its stored state up
// to the machine's version, rebuild the snapshot, check the actor's permission for the event,
// apply the event with xstate's pure `transition()`, then write the new state under an
// optimistic lock together with its audit row in one transaction. Side effects (e-mails)
// run only after commit.
import { transition, type EventObject } from "xstate";
import {
  WORKFLOWS,
  WORKFLOW_FOR_ENTITY,
  migrateStoredState,
  type ApplicationContext,
  type ApplicationEvent,
  type CallContext,
  type CallEvent,
  type EvaluationContext,
  type EvaluationEvent,
  type GrantContext,
  type GrantEvent,
  type ReportContext,
  type ReportEvent,
  type StoredState,
  type WorkflowEntry,
} from "#workflows/index.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { notifyApplicantOfTransition } from "~/modules/notifications/applicant-updates.server.ts";
import { requirePermission, type Actor, type ResourceRef } from "~/modules/auth/permissions.ts";
import { db, type Prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";

type Reserved = "id" | "state" | "machineVersion" | "version";

/** What the caller hands to `effects` once the transition is committed. */
export type TransitionEntity = "call" | "proposal" | "evaluation" | "report" | "grant";

export interface CommittedTransition {
  entity: TransitionEntity;
  id: string;
  event: EventObject;
  fromState: string;
  toState: string;
  version: number;
  /** The machine's actions for this transition (e.g. notifyApplicant), not yet executed. */
  actions: { type: string; params: unknown }[];
}

interface Common {
  id: string;
  /** Who asks; null with `system` for scheduled jobs. */
  actor: Actor | null;
  /**
   * Set only by server code that acts on its own (e.g. "deadline job"): no user, no
   * permission check, and the audit row names the job. Never derived from a request.
   */
  system?: string;
  /** The version the user saw; if the record has moved on since, the change is refused. */
  expectedVersion?: number;
  /** Extra facts for scope checks (e.g. assignedUserIds); the record's own facts win. */
  resource?: ResourceRef;
  ipAddress?: string | null;
  /** Runs after commit; a failure is logged, the transition stays committed. */
  effects?: (committed: CommittedTransition) => void | Promise<void>;
}

export type ApplyTransitionInput =
  | (Common & {
      entity: "call";
      event: CallEvent;
      /** Computed by the caller, e.g. `isComplete` and `problems` for PUBLISH. */
      context?: Partial<CallContext>;
      /** Written in the same update as the state, e.g. `publishedAt`. */
      extraData?: Omit<Prisma.CallUpdateManyMutationInput, Reserved>;
    })
  | (Common & {
      entity: "proposal";
      event: ApplicationEvent;
      /** Computed by the caller, e.g. `isComplete`; deadlines and procedure default to the call's. */
      context?: Partial<ApplicationContext>;
      extraData?: Omit<Prisma.ProposalUpdateManyMutationInput, Reserved>;
    })
  | (Common & {
      entity: "evaluation";
      event: EvaluationEvent;
      /** Computed by the caller: `isComplete` and `problems` for SUBMIT; the declaration is looked up here. */
      context?: Partial<EvaluationContext>;
      extraData?: Omit<Prisma.EvaluationUpdateManyMutationInput, Reserved>;
    })
  | (Common & {
      entity: "report";
      event: ReportEvent;
      context?: Partial<ReportContext>;
      extraData?: Omit<Prisma.ReportUpdateManyMutationInput, Reserved>;
    })
  | (Common & {
      entity: "grant";
      event: GrantEvent;
      /** Looked up here from the grant's contract, reports and tranches; a caller may not override it. */
      context?: never;
      extraData?: Omit<Prisma.GrantUpdateManyMutationInput, Reserved>;
    });

export interface TransitionResult {
  state: string;
  version: number;
}

interface Loaded {
  stored: StoredState;
  version: number;
  context: object;
  resource: ResourceRef;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What every workflow row offers: its stored state, machine version and lock version. */
const loadedFrom = (row: { state: string; machineVersion: number; version: number }, context: object, resource: ResourceRef): Loaded => ({
  stored: { state: row.state, machineVersion: row.machineVersion },
  version: row.version,
  context,
  resource,
});

async function load(input: ApplyTransitionInput): Promise<Loaded | null> {
  const prisma = db();
  if (input.entity === "call") {
    const call = await prisma.call.findUnique({
      where: { id: input.id },
      select: { state: true, machineVersion: true, version: true, createdById: true, publishedAt: true },
    });
    if (!call) return null;
    return loadedFrom(call, { ...WORKFLOWS.call.defaultContext(), ...input.context }, { ownerId: call.createdById, published: call.state !== "draft" && (call.state !== "archived" || call.publishedAt !== null) });
  }
  if (input.entity === "evaluation") {
    const evaluation = await prisma.evaluation.findUnique({
      where: { id: input.id },
      select: { state: true, machineVersion: true, version: true, assessorId: true, callId: true },
    });
    if (!evaluation) return null;
    // Looked up here so that no caller can let an assessor start without it.
    const declaration = await prisma.impartialityDeclaration.findUnique({
      where: { callId_userId: { callId: evaluation.callId, userId: evaluation.assessorId } },
      select: { id: true },
    });
    return loadedFrom(evaluation, { ...WORKFLOWS.evaluation.defaultContext(), ...input.context, declarationSigned: declaration !== null }, { ownerId: evaluation.assessorId });
  }
  if (input.entity === "report") {
    const report = await prisma.report.findUnique({
      where: { id: input.id },
      select: { state: true, machineVersion: true, version: true, grant: { select: { organisationId: true } } },
    });
    if (!report) return null;
    return loadedFrom(report, { ...WORKFLOWS.report.defaultContext(), ...input.context }, { organisationId: report.grant.organisationId });
  }
  if (input.entity === "grant") {
    const grant = await prisma.grant.findUnique({
      where: { id: input.id },
      select: {
        state: true,
        machineVersion: true,
        version: true,
        organisationId: true,
        signedContractDocumentId: true,
        reports: { where: { kind: "FINAL", state: "approved" }, select: { id: true } },
        tranches: { select: { paidAt: true } },
      },
    });
    if (!grant) return null;
    const context: GrantContext = {
      contractUploaded: grant.signedContractDocumentId !== null,
      finalReportApproved: grant.reports.length > 0,
      allPaid: grant.tranches.length > 0 && grant.tranches.every((t) => t.paidAt !== null),
    };
    return loadedFrom(grant, context, { organisationId: grant.organisationId });
  }
  const proposal = await prisma.proposal.findUnique({
    where: { id: input.id },
    select: {
      state: true,
      machineVersion: true,
      version: true,
      organisationId: true,
      call: { select: { procedure: true, conceptNoteDeadline: true, fullApplicationDeadline: true } },
    },
  });
  if (!proposal) return null;
  const { call } = proposal;
  // The deadlines come from the call so that a caller cannot forget them. Restricted: the
  // concept note's, then the full application's; open: the one deadline, whichever is set.
  const fromCall: Partial<ApplicationContext> =
    call.procedure === "RESTRICTED"
      ? { procedure: "RESTRICTED", deadline: iso(call.conceptNoteDeadline), fullDeadline: iso(call.fullApplicationDeadline) }
      : { procedure: "OPEN", deadline: iso(call.fullApplicationDeadline ?? call.conceptNoteDeadline), fullDeadline: null };
  return loadedFrom(proposal, { ...WORKFLOWS.application.defaultContext(), ...fromCall, ...input.context }, { organisationId: proposal.organisationId });
}

/** "START_ADMIN_CHECK" → "Start admin check". */
const humanise = (type: string) => {
  const words = type.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const NOUNS: Record<TransitionEntity, string> = { call: "call", proposal: "proposal", evaluation: "evaluation", report: "report", grant: "grant" };

/** Writes the new state only if the record is still at the version that was read. */
function updateAtVersion(tx: Prisma.TransactionClient, input: ApplyTransitionInput, where: { id: string; version: number }, data: object) {
  switch (input.entity) {
    case "call":
      return tx.call.updateMany({ where, data: { ...input.extraData, ...data } });
    case "proposal":
      return tx.proposal.updateMany({ where, data: { ...input.extraData, ...data } });
    case "evaluation":
      return tx.evaluation.updateMany({ where, data: { ...input.extraData, ...data } });
    case "report":
      return tx.report.updateMany({ where, data: { ...input.extraData, ...data } });
    case "grant":
      return tx.grant.updateMany({ where, data: { ...input.extraData, ...data } });
  }
}

export async function applyTransition(input: ApplyTransitionInput): Promise<TransitionResult> {
  const { entity, id, actor, event } = input;
  const workflow: WorkflowEntry = WORKFLOWS[WORKFLOW_FOR_ENTITY[entity]];
  const noun = NOUNS[entity];

  const loaded = await load(input);
  if (!loaded) throw new AppError("not_found", `This ${noun} does not exist.`);

  // Records written by an older machine are read through its migration steps; the new
  // state id and version are written with the transition.
  const current = migrateStoredState(workflow.id, loaded.stored);
  const fromState = current.state;
  const fromLabel = workflow.labels[fromState]?.staff.en ?? fromState;

  const permission = workflow.permissions[event.type];
  if (!permission) throw new AppError("bad_request", `Unknown action "${event.type}" for a ${noun}.`);
  if (input.system) {
    if (actor) throw new Error("a transition is made either by a user or by the system, not both");
  } else {
    requirePermission(actor, permission.entity, permission.action, { ...input.resource, ...loaded.resource });
  }

  if (input.expectedVersion !== undefined && input.expectedVersion !== loaded.version) {
    throw new AppError("conflict", "This record was changed by someone else; reload and try again.");
  }

  const { machine } = workflow;
  const snapshot = machine.resolveState({ value: fromState, context: loaded.context });
  const [next, actions] = transition(machine, snapshot, event);
  const toState = next.value;
  if (typeof toState !== "string" || toState === fromState) {
    const handled = machine.states[fromState]?.on[event.type] !== undefined;
    const reasons = handled
      ? (workflow.explainRefusal as (c: object, e: EventObject) => string[])(loaded.context, event)
      : [];
    const message = handled
      ? `"${humanise(event.type)}" was refused for this ${noun} (currently "${fromLabel}")${reasons.length ? `: ${reasons.join(" ")}` : "."}`
      : `"${humanise(event.type)}" is not possible while this ${noun} is "${fromLabel}".`;
    throw new AppError("transition_refused", message, { event: event.type, state: fromState, reasons });
  }

  const { type: _type, ...payload } = event;
  const auditData = {
    ...(Object.keys(payload).length ? { event: payload } : {}),
    ...(input.system ? { by: input.system } : {}),
    machineVersion: current.machineVersion,
    version: loaded.version + 1,
    ...(current.machineVersion !== loaded.stored.machineVersion ? { migratedFrom: loaded.stored } : {}),
  } as unknown as Prisma.InputJsonValue; // plain strings and numbers only

  await db().$transaction(async (tx) => {
    const where = { id, version: loaded.version };
    const data = { state: toState, machineVersion: current.machineVersion, version: { increment: 1 } };
    const { count } = await updateAtVersion(tx, input, where, data);
    if (count === 0) throw new AppError("conflict", "This record was changed by someone else; reload and try again.");
    await recordAudit(
      { actorId: actor?.id ?? null, ipAddress: input.ipAddress, action: event.type, entityType: entity, entityId: id, fromState, toState, data: auditData },
      tx,
    );
  });

  const result = { state: toState, version: loaded.version + 1 };
  const committedActions = actions.filter((a) => !a.type.startsWith("xstate.")).map((a) => ({ type: a.type, params: a.params }));
  if (entity === "proposal") {
    // Applicants hear about every decision on their proposal, whoever or whatever made it.
    try {
      await notifyApplicantOfTransition({ id, toState, event, actions: committedActions });
    } catch (error) {
      console.error(`applicant notification failed after proposal ${id} ${fromState} → ${toState}`, error);
    }
  }
  if (input.effects) {
    const committed: CommittedTransition = {
      entity,
      id,
      event,
      fromState,
      toState,
      version: result.version,
      actions: committedActions,
    };
    try {
      await input.effects(committed);
    } catch (error) {
      // The state change is committed and audited; a failed e-mail must not undo or hide it.
      console.error(`workflow effects failed after ${entity} ${id} ${fromState} → ${toState}`, error);
    }
  }
  return result;
}
