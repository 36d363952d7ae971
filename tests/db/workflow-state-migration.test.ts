// When a machine renames a state, `npm run db:migrate` moves every stored record to the new
// id and version in bulk; records already current are left alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALL_STATES } from "#workflows/call.machine.ts";
import { APPLICATION_STATES } from "#workflows/application.machine.ts";
import { CURRENT_MACHINES, type CurrentMachines, type MigrationStep } from "#workflows/migrations.ts";
import { migrateStoredWorkflowStates } from "~/utils/workflow-migrate.server.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.close());

// A pretend version 2 of the call machine that renames "under_evaluation" to "in_assessment".
const v2States = CALL_STATES.map((s) => (s === "under_evaluation" ? "in_assessment" : s));
const steps: MigrationStep[] = [{ machine: "call", from: 1, to: 2, fromStates: CALL_STATES, states: { under_evaluation: "in_assessment" } }];
const current: CurrentMachines = { ...CURRENT_MACHINES, call: { version: 2, states: v2States }, application: { version: 1, states: APPLICATION_STATES } };

describe("migrating stored workflow states", () => {
  it("moves renamed states to the new id and version, bumping the lock version", async () => {
    const mk = (reference: string, state: string, machineVersion = 1) =>
      t.prisma.call.create({ data: { reference, titleEn: reference, titleFr: reference, state, machineVersion } });
    const a = await mk("M-1", "under_evaluation");
    const b = await mk("M-2", "under_evaluation");
    const c = await mk("M-3", "open");
    const d = await mk("M-4", "in_assessment", 2);

    const report = await migrateStoredWorkflowStates(t.prisma, { steps, current });
    expect(report.find((r) => r.from.state === "under_evaluation")).toMatchObject({ machine: "call", to: { state: "in_assessment", machineVersion: 2 }, rows: 2 });

    const rows = await t.prisma.call.findMany({ where: { id: { in: [a.id, b.id, c.id, d.id] } }, orderBy: { reference: "asc" } });
    expect(rows.map((r) => [r.state, r.machineVersion, r.version])).toEqual([
      ["in_assessment", 2, 1],
      ["in_assessment", 2, 1],
      ["open", 2, 1],
      ["in_assessment", 2, 0],
    ]);
    // Running again finds nothing left to move.
    expect(await migrateStoredWorkflowStates(t.prisma, { steps, current })).toEqual([]);
  });

  it("refuses to guess when a stored state is unknown at its version", async () => {
    await t.prisma.call.create({ data: { reference: "M-5", titleEn: "x", titleFr: "x", state: "no_such_state", machineVersion: 1 } });
    await expect(migrateStoredWorkflowStates(t.prisma, { steps, current })).rejects.toThrow(/no state "no_such_state"/);
  });
});
