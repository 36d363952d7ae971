import { describe, expect, it } from "vitest";
import { APPLICATION_STATES } from "./application.machine.ts";
import { CALL_STATES } from "./call.machine.ts";
import { WORKFLOWS } from "./index.ts";
import {
  CURRENT_MACHINES,
  CURRENT_VERSIONS,
  MIGRATIONS,
  checkMigrations,
  migrateStoredState,
  statesAt,
  type CurrentMachines,
  type MigrationStep,
} from "./migrations.ts";

// A pretend history of the call machine: v2 renamed "announced" to "published"; v3 merged
// "shortlisting" into "under_evaluation" and added "cancelled".
const V1 = ["draft", "announced", "open", "closed", "shortlisting", "awarded", "archived"];
const V2 = ["draft", "published", "open", "closed", "shortlisting", "awarded", "archived"];
const V3 = ["draft", "published", "open", "closed", "under_evaluation", "awarded", "archived", "cancelled"];

const steps: MigrationStep[] = [
  { machine: "call", from: 1, to: 2, fromStates: V1, states: { announced: "published" } },
  { machine: "call", from: 2, to: 3, fromStates: V2, states: { shortlisting: "under_evaluation" } },
];
const current: CurrentMachines = { ...CURRENT_MACHINES, call: { version: 3, states: V3 } };
const fake = { steps, current };

describe("stored-state migrations", () => {
  it("lists the current version of every workflow, all at 1 with no steps yet", () => {
    expect(CURRENT_VERSIONS).toEqual({ call: 1, application: 1, evaluation: 1, report: 1, grant: 1 });
    expect(MIGRATIONS).toEqual([]);
    expect(CURRENT_MACHINES.call.states).toBe(CALL_STATES);
    expect(CURRENT_MACHINES.application.states).toBe(APPLICATION_STATES);
    for (const [id, workflow] of Object.entries(WORKFLOWS)) expect(workflow.version).toBe(CURRENT_VERSIONS[id as keyof typeof CURRENT_VERSIONS]);
  });

  it("the real registry strands no stored state", () => {
    expect(checkMigrations()).toEqual([]);
  });

  it("leaves a current state alone", () => {
    expect(migrateStoredState("application", { state: "admin_check", machineVersion: 1 })).toEqual({ state: "admin_check", machineVersion: 1 });
    expect(migrateStoredState("call", { state: "open", machineVersion: 3 }, fake)).toEqual({ state: "open", machineVersion: 3 });
  });

  it("follows renames step by step up to the current version", () => {
    expect(migrateStoredState("call", { state: "announced", machineVersion: 1 }, fake)).toEqual({ state: "published", machineVersion: 3 });
    expect(migrateStoredState("call", { state: "shortlisting", machineVersion: 1 }, fake)).toEqual({ state: "under_evaluation", machineVersion: 3 });
    expect(migrateStoredState("call", { state: "shortlisting", machineVersion: 2 }, fake)).toEqual({ state: "under_evaluation", machineVersion: 3 });
    expect(migrateStoredState("call", { state: "closed", machineVersion: 1 }, fake)).toEqual({ state: "closed", machineVersion: 3 });
  });

  it("migrates every state of every old version to a current one", () => {
    for (const [version, states] of [[1, V1], [2, V2]] as const) {
      for (const state of states) {
        const migrated = migrateStoredState("call", { state, machineVersion: version }, fake);
        expect(V3).toContain(migrated.state);
        expect(migrated.machineVersion).toBe(3);
      }
    }
  });

  it("throws on a state unknown at its version", () => {
    // "published" did not exist yet at version 1, "announced" no longer at version 2.
    expect(() => migrateStoredState("call", { state: "published", machineVersion: 1 }, fake)).toThrow(/no state "published" at version 1/);
    expect(() => migrateStoredState("call", { state: "announced", machineVersion: 2 }, fake)).toThrow(/no state "announced" at version 2/);
    expect(() => migrateStoredState("call", { state: "cancelled", machineVersion: 2 }, fake)).toThrow();
    expect(() => migrateStoredState("application", { state: "approved", machineVersion: 1 })).toThrow(/no state "approved"/);
  });

  it("throws on a version this code does not know", () => {
    expect(() => migrateStoredState("call", { state: "draft", machineVersion: 4 }, fake)).toThrow(/no version 4/);
    expect(() => migrateStoredState("call", { state: "draft", machineVersion: 0 }, fake)).toThrow(/no version 0/);
    expect(() => migrateStoredState("call", { state: "draft", machineVersion: 2 })).toThrow(/no version 2/);
  });

  it("finds a broken registry: a missing step, a stranded state, a rename of nothing", () => {
    expect(checkMigrations(fake)).toEqual([]);
    expect(statesAt("call", 2, fake)).toEqual(V2);

    const missing = { steps: [steps[0]!], current };
    expect(checkMigrations(missing)).toEqual(["call: expected one step from version 2, found 0"]);
    expect(() => migrateStoredState("call", { state: "draft", machineVersion: 1 }, missing)).toThrow(/No single migration step/);

    // Version 3 dropped "shortlisting" but the step forgot to say where it goes.
    const stranding = { steps: [steps[0]!, { ...steps[1]!, states: { shortlist: "under_evaluation" } }], current };
    expect(checkMigrations(stranding)).toEqual([
      'call: step 2→3 renames unknown state "shortlist"',
      'call: state "shortlisting" at version 2 would be stranded ("shortlisting" does not exist at version 3)',
    ]);
    expect(() => migrateStoredState("call", { state: "shortlisting", machineVersion: 2 }, stranding)).toThrow(/unknown state "shortlisting"/);
  });
});
