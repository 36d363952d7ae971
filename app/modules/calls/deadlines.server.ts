// Closing calls at their deadline. The deadline job and the minute sweep both end here;
// the call machine decides, so closing twice is refused, never doubled.
import { db } from "~/utils/db.server.ts";
import { isAppError } from "~/utils/errors.ts";
import { scheduleJob, type JobDefinition } from "~/utils/jobs.server.ts";
import { applyTransition } from "~/utils/workflow.server.ts";

export const CLOSE_CALL_JOB = "close-call";
export const CLOSE_DUE_CALLS_JOB = "close-due-calls";

/** The deadline that ends submissions: the concept note's in a restricted call, else the one deadline. */
export function submissionDeadline(call: { procedure: string; conceptNoteDeadline: Date | null; fullApplicationDeadline: Date | null }): Date | null {
  return call.procedure === "RESTRICTED" ? call.conceptNoteDeadline : (call.fullApplicationDeadline ?? call.conceptNoteDeadline);
}

/** Closes one call if it is open and its deadline has passed at `now`. Returns whether it closed. */
export async function closeCallIfDue(callId: string, now = new Date()): Promise<boolean> {
  const call = await db().call.findUnique({ where: { id: callId }, select: { state: true, procedure: true, conceptNoteDeadline: true, fullApplicationDeadline: true } });
  if (!call || call.state !== "open") return false;
  const deadline = submissionDeadline(call);
  if (!deadline || deadline > now) return false;
  try {
    await applyTransition({ entity: "call", id: callId, actor: null, system: "deadline job", event: { type: "CLOSE" }, extraData: { closedAt: now } });
    return true;
  } catch (error) {
    // Someone (or another replica's job) closed it first: nothing left to do.
    if (isAppError(error) && (error.code === "conflict" || error.code === "transition_refused")) return false;
    throw error;
  }
}

/** Closes every open call whose deadline has passed at `now`; returns the ids closed. */
export async function closeDueCalls(now = new Date()): Promise<string[]> {
  const open = await db().call.findMany({
    where: {
      state: "open",
      OR: [
        { procedure: "RESTRICTED", conceptNoteDeadline: { lte: now } },
        { procedure: "OPEN", fullApplicationDeadline: { lte: now } },
        { procedure: "OPEN", fullApplicationDeadline: null, conceptNoteDeadline: { lte: now } },
      ],
    },
    select: { id: true },
  });
  const closed: string[] = [];
  for (const { id } of open) if (await closeCallIfDue(id, now)) closed.push(id);
  return closed;
}

/** Asks the runner to close the call at its deadline (the minute sweep is the safety net). */
export async function scheduleCallClosing(call: { id: string; procedure: string; conceptNoteDeadline: Date | null; fullApplicationDeadline: Date | null }): Promise<void> {
  const deadline = submissionDeadline(call);
  if (!deadline) return;
  await scheduleJob(CLOSE_CALL_JOB, { callId: call.id }, deadline, `${call.id}@${deadline.toISOString()}`);
}

export const CALL_JOBS: JobDefinition[] = [
  {
    name: CLOSE_CALL_JOB,
    handler: async (data) => {
      if (typeof data.callId === "string") await closeCallIfDue(data.callId);
    },
  },
  { name: CLOSE_DUE_CALLS_JOB, cron: "* * * * *", handler: async () => void (await closeDueCalls()) },
];
