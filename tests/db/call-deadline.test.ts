// A call closes at its deadline even when nobody is watching: the sweep on a moved clock,
// and the real job runner (pg-boss on this database) firing a scheduled close.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALL_JOBS, closeDueCalls, scheduleCallClosing } from "~/modules/calls/deadlines.server.ts";
import { startJobs, stopJobs } from "~/utils/jobs.server.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await stopJobs();
  await t?.close();
});

let n = 0;
function openCall(deadline: Date, procedure: "OPEN" | "RESTRICTED" = "OPEN") {
  n += 1;
  return t.prisma.call.create({
    data: {
      reference: `TEST-${n}`,
      titleEn: `Call ${n}`,
      titleFr: `Appel ${n}`,
      procedure,
      state: "open",
      publishedAt: new Date(deadline.getTime() - 30 * 86400_000),
      ...(procedure === "OPEN" ? { fullApplicationDeadline: deadline } : { conceptNoteDeadline: deadline }),
    },
  });
}

describe("closing calls at their deadline", () => {
  it("closes nothing before the deadline and each call exactly once after it, on a moved clock", async () => {
    const deadline = new Date("2031-05-01T15:00:00Z"); // 17:00 Vienna time
    const open = await openCall(deadline);
    const restricted = await openCall(deadline, "RESTRICTED");

    expect(await closeDueCalls(new Date(deadline.getTime() - 1000))).toEqual([]);
    expect((await t.prisma.call.findUniqueOrThrow({ where: { id: open.id } })).state).toBe("open");

    const at = new Date(deadline.getTime() + 1000);
    expect((await closeDueCalls(at)).sort()).toEqual([open.id, restricted.id].sort());
    const closed = await t.prisma.call.findUniqueOrThrow({ where: { id: open.id } });
    expect(closed.state).toBe("closed");
    expect(closed.closedAt?.toISOString()).toBe(at.toISOString());

    // A second sweep finds nothing to do and writes nothing.
    expect(await closeDueCalls(new Date(deadline.getTime() + 60_000))).toEqual([]);
    const audit = await t.prisma.auditEvent.findMany({ where: { entityId: open.id, action: "CLOSE" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: null, fromState: "open", toState: "closed" });
    expect(audit[0]!.data).toMatchObject({ by: "deadline job" });
  });

  it("leaves calls that are not open alone", async () => {
    const deadline = new Date("2031-06-01T15:00:00Z");
    const draft = await t.prisma.call.create({ data: { reference: "TEST-DRAFT", titleEn: "Draft", titleFr: "Brouillon", fullApplicationDeadline: deadline } });
    await closeDueCalls(new Date(deadline.getTime() + 1000));
    expect((await t.prisma.call.findUniqueOrThrow({ where: { id: draft.id } })).state).toBe("draft");
  });

  it("the job runner closes a call when its scheduled deadline comes", async () => {
    await startJobs({
      definitions: CALL_JOBS.filter((d) => !d.cron),
      pglite: t.pglite,
      target: t.url ? { kind: "postgres", url: t.url } : undefined,
      pollingIntervalSeconds: 0.5,
    });
    const call = await openCall(new Date(Date.now() + 1500));
    await scheduleCallClosing(call);
    const until = Date.now() + 20_000;
    let state = "open";
    while (state === "open" && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      state = (await t.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).state;
    }
    expect(state).toBe("closed");
  });
});
