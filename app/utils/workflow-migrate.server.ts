// Brings every stored workflow state up to its machine's current version, run by
// `npm run db:migrate` after the SQL migrations. Each distinct (state, version) pair is
// mapped once with the same pure function the transition service uses, then all its rows
// are updated in one statement, so renamed states never strand records.
import { CURRENT_MACHINES, migrateStoredState, type MigrationOptions, type WorkflowId } from "#workflows/migrations.ts";
import type { Db } from "./db.server.ts";

const TABLES: Record<WorkflowId, "call" | "proposal" | "evaluation" | "report" | "grant"> = {
  call: "call",
  application: "proposal",
  evaluation: "evaluation",
  report: "report",
  grant: "grant",
};

export interface StoredStateReport {
  machine: WorkflowId;
  from: { state: string; machineVersion: number };
  to: { state: string; machineVersion: number };
  rows: number;
}

export async function migrateStoredWorkflowStates(prisma: Db, options: MigrationOptions = {}): Promise<StoredStateReport[]> {
  const reports: StoredStateReport[] = [];
  for (const machine of Object.keys(TABLES) as WorkflowId[]) {
    const current = (options.current ?? CURRENT_MACHINES)[machine].version;
    // Every workflow table has the same state, machineVersion and version columns.
    const delegate = prisma[TABLES[machine]];
    const groups = await (delegate as typeof prisma.call).groupBy({
      by: ["state", "machineVersion"],
      where: { machineVersion: { lt: current } },
      _count: { _all: true },
    });
    for (const g of groups) {
      const to = migrateStoredState(machine, { state: g.state, machineVersion: g.machineVersion }, options);
      // `version` is bumped so that a user holding the old state gets a conflict, not a surprise.
      const { count } = await (delegate as typeof prisma.call).updateMany({
        where: { state: g.state, machineVersion: g.machineVersion },
        data: { state: to.state, machineVersion: to.machineVersion, version: { increment: 1 } },
      });
      reports.push({ machine, from: { state: g.state, machineVersion: g.machineVersion }, to, rows: count });
    }
  }
  return reports;
}
