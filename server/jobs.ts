// Every scheduled job of the app, started with the server (one runner per process; pg-boss
// makes sure each job runs once across replicas).
import { CALL_JOBS } from "~/modules/calls/deadlines.server.ts";
import { REPORT_JOBS } from "~/modules/reporting/reminders.server.ts";
import type { JobDefinition } from "~/utils/jobs.server.ts";

export const JOB_DEFINITIONS: JobDefinition[] = [...CALL_JOBS, ...REPORT_JOBS];
