// The job runner: pg-boss on the app's own PostgreSQL (a server, or the embedded PGlite
// through a one-function adapter). Deadlines are data; jobs send the workflow events at
// the right time, so a call closes at its deadline even when nobody is watching.
import type { PGlite } from "@electric-sql/pglite";
import PgBoss from "pg-boss";
import { databaseTarget, type DatabaseTarget } from "./db-config.server.ts";
import { openPglite } from "./db.server.ts";

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

export interface JobDefinition {
  name: string;
  handler: JobHandler;
  /** Cron expression (UTC) for recurring sweeps. */
  cron?: string;
}

type Globals = { __jobs?: PgBoss };
const g = globalThis as unknown as Globals;

function bossFor(target: DatabaseTarget, given?: PGlite): PgBoss {
  const common = { schema: "pgboss", supervise: true, schedule: true, migrate: true };
  if (target.kind === "postgres") return new PgBoss({ ...common, connectionString: target.url, max: 3 });
  const pglite = given ?? openPglite(target.dataDir);
  // PGlite runs in this process and serialises its work, so one "connection" is all there is.
  const db = {
    async executeSql(text: string, values: unknown[] = []) {
      if (values.length) return { rows: (await pglite.query(text, values)).rows as unknown[] };
      const results = await pglite.exec(text);
      return { rows: (results[results.length - 1]?.rows ?? []) as unknown[] };
    },
  };
  return new PgBoss({ ...common, db });
}

export interface StartJobsOptions {
  target?: DatabaseTarget;
  /** Tests: the in-memory PGlite their database lives in. */
  pglite?: PGlite;
  definitions: JobDefinition[];
  /** How often workers look for due jobs (seconds). */
  pollingIntervalSeconds?: number;
  onError?: (error: Error) => void;
}

/** Starts the runner once per process and registers the workers and recurring schedules. */
export async function startJobs(opts: StartJobsOptions): Promise<PgBoss> {
  if (g.__jobs) return g.__jobs;
  const boss = bossFor(opts.target ?? databaseTarget(), opts.pglite);
  boss.on("error", (e: Error) => opts.onError?.(e));
  await boss.start();
  for (const def of opts.definitions) {
    await boss.createQueue(def.name);
    await boss.work<Record<string, unknown>>(def.name, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 }, async (jobs) => {
      for (const job of jobs) await def.handler(job.data ?? {});
    });
    if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: "UTC" });
  }
  g.__jobs = boss;
  return boss;
}

/** The running runner, or null (e.g. in a one-off script); callers then rely on the sweep. */
export function jobs(): PgBoss | null {
  return g.__jobs ?? null;
}

export async function stopJobs(): Promise<void> {
  const boss = g.__jobs;
  g.__jobs = undefined;
  await boss?.stop({ graceful: true, wait: true, timeout: 5_000 });
}

/** Runs `name` with `data` at `at` (or soon after); one job per singleton key. */
export async function scheduleJob(name: string, data: Record<string, unknown>, at: Date, singletonKey: string): Promise<void> {
  const boss = jobs();
  if (!boss) return;
  await boss.send(name, data, { startAfter: at, singletonKey });
}
