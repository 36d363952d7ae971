// Stored workflow states are a stable state id plus the machine version that wrote it.
// When a machine's states change, its version goes up by one and a step here says where
// each stored state goes, so that no record is stranded in a state the machine no longer has.
// Records are migrated lazily, when they are next loaded for a transition (workflow.server.ts).
import { APPLICATION_MACHINE_VERSION, APPLICATION_STATES } from "./application.machine.ts";
import { CALL_MACHINE_VERSION, CALL_STATES } from "./call.machine.ts";
import { EVALUATION_MACHINE_VERSION, EVALUATION_STATES } from "./evaluation.machine.ts";
import { GRANT_MACHINE_VERSION, GRANT_STATES } from "./grant.machine.ts";
import { REPORT_MACHINE_VERSION, REPORT_STATES } from "./report.machine.ts";

export type WorkflowId = "call" | "application" | "evaluation" | "report" | "grant";

export interface StoredState {
  state: string;
  machineVersion: number;
}

/**
 * One version step of one machine. `fromStates` is the full list of state ids at version
 * `from` (a frozen copy: that machine no longer exists in code); `states` maps the ids that
 * were renamed or merged to their id at `to`. Ids not in `states` keep their id and must
 * exist at `to`.
 */
export interface MigrationStep {
  machine: WorkflowId;
  from: number;
  to: number;
  fromStates: readonly string[];
  states: Readonly<Record<string, string>>;
}

/** What a machine is now: the version it writes and its state ids. */
export type CurrentMachines = Record<WorkflowId, { version: number; states: readonly string[] }>;

/** The real registry. Empty: every machine is still at version 1. */
export const MIGRATIONS: readonly MigrationStep[] = [];

export const CURRENT_VERSIONS: Record<WorkflowId, number> = {
  call: CALL_MACHINE_VERSION,
  application: APPLICATION_MACHINE_VERSION,
  evaluation: EVALUATION_MACHINE_VERSION,
  report: REPORT_MACHINE_VERSION,
  grant: GRANT_MACHINE_VERSION,
};

export const CURRENT_MACHINES: CurrentMachines = {
  call: { version: CALL_MACHINE_VERSION, states: CALL_STATES },
  application: { version: APPLICATION_MACHINE_VERSION, states: APPLICATION_STATES },
  evaluation: { version: EVALUATION_MACHINE_VERSION, states: EVALUATION_STATES },
  report: { version: REPORT_MACHINE_VERSION, states: REPORT_STATES },
  grant: { version: GRANT_MACHINE_VERSION, states: GRANT_STATES },
};

export interface MigrationOptions {
  steps?: readonly MigrationStep[];
  current?: CurrentMachines;
}

export class WorkflowMigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkflowMigrationError";
  }
}

function stepFrom(steps: readonly MigrationStep[], machine: WorkflowId, from: number): MigrationStep {
  const found = steps.filter((s) => s.machine === machine && s.from === from);
  if (found.length !== 1 || found[0]!.to !== from + 1) {
    throw new WorkflowMigrationError(`No single migration step for workflow "${machine}" from version ${from} to ${from + 1}.`);
  }
  return found[0]!;
}

/** The state ids known at `version` of `machine`. */
export function statesAt(machine: WorkflowId, version: number, options: MigrationOptions = {}): readonly string[] {
  const current = (options.current ?? CURRENT_MACHINES)[machine];
  if (version === current.version) return current.states;
  if (!Number.isInteger(version) || version < 1 || version > current.version) {
    throw new WorkflowMigrationError(`Workflow "${machine}" has no version ${version} (current: ${current.version}).`);
  }
  return stepFrom(options.steps ?? MIGRATIONS, machine, version).fromStates;
}

/**
 * Brings a stored state up to the machine's current version, one step at a time. Pure.
 * Throws if the state is unknown at its version, if the version is newer than this code
 * knows (a record written by a newer release), or if a step is missing.
 */
export function migrateStoredState(machine: WorkflowId, stored: StoredState, options: MigrationOptions = {}): StoredState {
  const steps = options.steps ?? MIGRATIONS;
  const current = (options.current ?? CURRENT_MACHINES)[machine];
  let { state, machineVersion } = stored;
  if (!statesAt(machine, machineVersion, options).includes(state)) {
    throw new WorkflowMigrationError(`Workflow "${machine}" has no state "${state}" at version ${machineVersion}.`);
  }
  while (machineVersion < current.version) {
    const step = stepFrom(steps, machine, machineVersion);
    state = step.states[state] ?? state;
    machineVersion = step.to;
    if (!statesAt(machine, machineVersion, options).includes(state)) {
      throw new WorkflowMigrationError(
        `Migration of workflow "${machine}" to version ${machineVersion} leads to unknown state "${state}".`,
      );
    }
  }
  return { state, machineVersion };
}

/**
 * Problems in a registry, for a test to assert empty: missing or duplicate steps, renames
 * of ids that did not exist, and ids that would be stranded (not known at the next version).
 */
export function checkMigrations(options: MigrationOptions = {}): string[] {
  const steps = options.steps ?? MIGRATIONS;
  const machines = options.current ?? CURRENT_MACHINES;
  const problems: string[] = [];
  for (const machine of Object.keys(machines) as WorkflowId[]) {
    const { version } = machines[machine];
    const own = steps.filter((s) => s.machine === machine);
    for (const s of own) {
      if (s.to !== s.from + 1) problems.push(`${machine}: step ${s.from}→${s.to} must go up by exactly one version`);
      if (s.from < 1 || s.to > version) problems.push(`${machine}: step ${s.from}→${s.to} is outside versions 1..${version}`);
    }
    for (let v = 1; v < version; v++) {
      const at = own.filter((s) => s.from === v);
      if (at.length !== 1) {
        problems.push(`${machine}: expected one step from version ${v}, found ${at.length}`);
        continue;
      }
      const step = at[0]!;
      let next: readonly string[];
      try {
        next = statesAt(machine, v + 1, options);
      } catch {
        continue; // reported as a missing step for v + 1
      }
      for (const old of Object.keys(step.states)) {
        if (!step.fromStates.includes(old)) problems.push(`${machine}: step ${v}→${v + 1} renames unknown state "${old}"`);
      }
      for (const old of step.fromStates) {
        const target = step.states[old] ?? old;
        if (!next.includes(target)) problems.push(`${machine}: state "${old}" at version ${v} would be stranded ("${target}" does not exist at version ${v + 1})`);
      }
    }
  }
  return problems;
}
