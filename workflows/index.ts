// Every workflow in one registry: the generic transition service applies events through it,
// and a page can draw each machine with its labels and the permission each event needs.
import {
  APPLICATION_EVENT_PERMISSIONS,
  APPLICATION_MACHINE_VERSION,
  APPLICATION_STATES,
  APPLICATION_STATE_LABELS,
  applicationMachine,
  defaultApplicationContext,
  explainApplicationRefusal,
} from "./application.machine.ts";
import { CALL_EVENT_PERMISSIONS, CALL_MACHINE_VERSION, CALL_STATES, CALL_STATE_LABELS, callMachine, defaultCallContext, explainCallRefusal } from "./call.machine.ts";
import {
  EVALUATION_EVENT_PERMISSIONS,
  EVALUATION_MACHINE_VERSION,
  EVALUATION_STATES,
  EVALUATION_STATE_LABELS,
  defaultEvaluationContext,
  evaluationMachine,
  explainEvaluationRefusal,
} from "./evaluation.machine.ts";
import { GRANT_EVENT_PERMISSIONS, GRANT_MACHINE_VERSION, GRANT_STATES, GRANT_STATE_LABELS, defaultGrantContext, explainGrantRefusal, grantMachine } from "./grant.machine.ts";
import { REPORT_EVENT_PERMISSIONS, REPORT_MACHINE_VERSION, REPORT_STATES, REPORT_STATE_LABELS, defaultReportContext, explainReportRefusal, reportMachine } from "./report.machine.ts";
import type { AnyStateMachine } from "xstate";
import type { Action } from "../app/modules/auth/permissions.ts";
import type { WorkflowId } from "./migrations.ts";

type Bilingual = { en: string; fr: string };

/** What every workflow offers; the entries below keep their precise types. */
export interface WorkflowEntry {
  id: WorkflowId;
  /** The database model whose rows follow this workflow. */
  entity: "call" | "proposal" | "evaluation" | "report" | "grant";
  machine: AnyStateMachine;
  version: number;
  states: readonly string[];
  labels: Record<string, { applicant: Bilingual; staff: Bilingual; next?: Bilingual }>;
  permissions: Record<string, { entity: "call" | "proposal" | "evaluation" | "report" | "grant"; action: Action }>;
  defaultContext: () => object;
  explainRefusal: (context: never, event: never) => string[];
}

export const WORKFLOWS = {
  call: {
    id: "call",
    entity: "call",
    machine: callMachine,
    version: CALL_MACHINE_VERSION,
    states: CALL_STATES,
    labels: CALL_STATE_LABELS,
    permissions: CALL_EVENT_PERMISSIONS,
    defaultContext: defaultCallContext,
    explainRefusal: explainCallRefusal,
  },
  application: {
    id: "application",
    entity: "proposal",
    machine: applicationMachine,
    version: APPLICATION_MACHINE_VERSION,
    states: APPLICATION_STATES,
    labels: APPLICATION_STATE_LABELS,
    permissions: APPLICATION_EVENT_PERMISSIONS,
    defaultContext: defaultApplicationContext,
    explainRefusal: explainApplicationRefusal,
  },
  evaluation: {
    id: "evaluation",
    entity: "evaluation",
    machine: evaluationMachine,
    version: EVALUATION_MACHINE_VERSION,
    states: EVALUATION_STATES,
    labels: EVALUATION_STATE_LABELS,
    permissions: EVALUATION_EVENT_PERMISSIONS,
    defaultContext: defaultEvaluationContext,
    explainRefusal: explainEvaluationRefusal,
  },
  report: {
    id: "report",
    entity: "report",
    machine: reportMachine,
    version: REPORT_MACHINE_VERSION,
    states: REPORT_STATES,
    labels: REPORT_STATE_LABELS,
    permissions: REPORT_EVENT_PERMISSIONS,
    defaultContext: defaultReportContext,
    explainRefusal: explainReportRefusal,
  },
  grant: {
    id: "grant",
    entity: "grant",
    machine: grantMachine,
    version: GRANT_MACHINE_VERSION,
    states: GRANT_STATES,
    labels: GRANT_STATE_LABELS,
    permissions: GRANT_EVENT_PERMISSIONS,
    defaultContext: defaultGrantContext,
    explainRefusal: explainGrantRefusal,
  },
} as const satisfies Record<WorkflowId, WorkflowEntry>;

export type WorkflowEntity = (typeof WORKFLOWS)[WorkflowId]["entity"];

/** Which workflow a database entity follows. */
export const WORKFLOW_FOR_ENTITY = { call: "call", proposal: "application", evaluation: "evaluation", report: "report", grant: "grant" } as const satisfies Record<WorkflowEntity, WorkflowId>;

export * from "./call.machine.ts";
export * from "./application.machine.ts";
export * from "./evaluation.machine.ts";
export * from "./report.machine.ts";
export * from "./grant.machine.ts";
export * from "./migrations.ts";
