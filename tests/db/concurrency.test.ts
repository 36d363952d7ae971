// Many people acting on one record at the same moment, each with the version they loaded:
// exactly one change wins, every other one is told the record changed under them (409), and
// the audit log records the change once. Through the transition service directly and
// through real HTTP posts to the screening page. Runs on PGlite and, in CI, on a PostgreSQL
// server (TEST_DATABASE_URL), where the requests really do run in parallel connections.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionCookie } from "~/modules/auth/session.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { saveChecklist } from "~/modules/applications/screening.server.ts";
import { isAppError } from "~/utils/errors.ts";
import { applyTransition } from "~/utils/workflow.server.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { sameOrigin, startHttpApp, type HttpApp } from "../support/http-app.ts";
import { buildWorld, type World } from "../support/personas.ts";

const CONTENDERS = 50;
const DAY = 86_400_000;

let t: TestDb;
let app: HttpApp;
let w: World;
let callId: string;
let seq = 0;
/** Fifty grant managers, each with a session. */
let managers: { actor: Actor; cookie: string }[];

beforeAll(async () => {
  t = await createTestDb();
  app = await startHttpApp();
  w = await buildWorld(t.prisma);
  const deadline = new Date(Date.now() - 2 * DAY);
  callId = (
    await t.prisma.call.create({
      data: { reference: "RACE-1", titleEn: "Race", titleFr: "Course", procedure: "OPEN", state: "closed", publishedAt: new Date(Date.now() - 60 * DAY), fullApplicationDeadline: deadline, applicantTypeCodes: ["CSO"], leadLocations: ["AU"] },
    })
  ).id;
  managers = [];
  for (let i = 0; i < CONTENDERS; i++) {
    const user = await t.prisma.user.create({ data: { email: `manager${i}@race.test`, name: `Manager ${i}`, role: "GRANT_MANAGER", emailVerifiedAt: new Date() } });
    const cookie = (await createSessionCookie(user.id, { ipAddress: "127.0.0.1" })).split(";")[0]!;
    managers.push({ actor: { id: user.id, role: "GRANT_MANAGER", organisationIds: [] }, cookie });
  }
}, 120_000);

afterAll(async () => {
  await app?.close();
  await t?.close();
});

async function submittedProposal() {
  seq++;
  return t.prisma.proposal.create({
    data: {
      reference: `RACE-P-${seq}`,
      callId,
      organisationId: w.orgA,
      title: `Proposal ${seq}`,
      state: "submitted",
      submittedAt: new Date(Date.now() - 3 * DAY),
      requestedAmountCents: 10_000_000,
      submittedContent: { title: `Proposal ${seq}`, summary: "What we will do." },
    },
  });
}

const auditsOf = (id: string, action?: string) => t.prisma.auditEvent.findMany({ where: { entityType: "proposal", entityId: id, ...(action ? { action } : {}) } });

describe(`${CONTENDERS} simultaneous conflicting changes of one proposal`, () => {
  it("through applyTransition: one START_ADMIN_CHECK wins, the others are conflicts, one audit row", async () => {
    const proposal = await submittedProposal();
    // Everyone loaded the proposal at the same version, then pressed at once.
    const outcomes = await Promise.allSettled(
      managers.map((m) => applyTransition({ entity: "proposal", id: proposal.id, actor: m.actor, event: { type: "START_ADMIN_CHECK" }, expectedVersion: proposal.version, ipAddress: "127.0.0.1" })),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(won).toHaveLength(1);
    const unexpected = lost.filter((o) => !(isAppError(o.reason) && o.reason.code === "conflict"));
    expect(unexpected.map((o) => String(o.reason))).toEqual([]);
    expect(lost.every((o) => /changed by someone else/.test((o.reason as Error).message))).toBe(true);

    const after = await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(after.state).toBe("admin_check");
    expect(after.version).toBe(proposal.version + 1);
    const audits = await auditsOf(proposal.id);
    expect(audits.map((a) => [a.action, a.fromState, a.toState])).toEqual([["START_ADMIN_CHECK", "submitted", "admin_check"]]);
    // The audit row names the one who won.
    const winner = managers.find((m) => m.actor.id === audits[0]!.actorId);
    expect(winner).toBeDefined();
  });

  it("through HTTP posts to the screening page: one pass wins (a redirect), the others get 409 and keep the page", async () => {
    const proposal = await submittedProposal();
    const responses = await Promise.all(
      managers.map(async (m) => {
        const res = await fetch(`${app.url}/manage/proposals/${proposal.id}`, {
          method: "POST",
          redirect: "manual",
          headers: { Cookie: m.cookie, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en", ...sameOrigin(app.url) },
          body: new URLSearchParams({ intent: "decide", decision: "pass", version: String(proposal.version), reason: "" }).toString(),
        });
        return { status: res.status, location: res.headers.get("location"), body: await res.text() };
      }),
    );
    const statuses = responses.map((r) => r.status).sort();
    const redirects = responses.filter((r) => r.status === 302 || r.status === 303);
    expect(redirects, `statuses: ${statuses.join(",")}`).toHaveLength(1);
    expect(redirects[0]!.location).toContain(`/manage/proposals/${proposal.id}?done=pass`);
    const conflicts = responses.filter((r) => r.status === 409);
    expect(conflicts, `statuses: ${statuses.join(",")}`).toHaveLength(CONTENDERS - 1);
    // The page says why, in words.
    for (const c of conflicts) expect(c.body).toMatch(/changed|someone else/i);

    const after = await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(after.state).toBe("full_evaluation");
    expect(after.version).toBe(proposal.version + 2);
    const audits = await auditsOf(proposal.id);
    expect(audits.map((a) => a.action).sort()).toEqual(["PASS_ADMIN_CHECK", "START_ADMIN_CHECK"]);
    expect(new Set(audits.map((a) => a.actorId)).size).toBe(1);
  });

  it("an applicant's post without the version they saw is refused, not taken for version 0", async () => {
    // Found by the security sweep: Number(null) is 0, the version of a never-edited proposal,
    // so a withdraw without its version field went through, lock or no lock.
    const proposal = await t.prisma.proposal.findUniqueOrThrow({ where: { id: w.proposalA } });
    expect(proposal.version).toBe(0);
    const post = (pathname: string, fields: Record<string, string>) =>
      fetch(`${app.url}${pathname}`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: w.cookies.applicantA, "Content-Type": "application/x-www-form-urlencoded", ...sameOrigin(app.url) },
        body: new URLSearchParams(fields).toString(),
      }).then(async (r) => (await r.arrayBuffer(), r.status));
    expect(await post(`/proposals/${proposal.id}`, { intent: "withdraw" })).toBe(400);
    expect(await post(`/proposals/${proposal.id}`, { intent: "withdraw", version: "" })).toBe(400);
    expect(await post(`/proposals/${proposal.id}/summary`, { title: "Changed without a version" })).toBe(400);
    const submit = await post(`/proposals/${proposal.id}/submit`, {});
    expect(submit).toBeGreaterThanOrEqual(400);
    expect(submit).toBeLessThan(500);
    const after = await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect({ state: after.state, version: after.version, title: after.title }).toEqual({ state: proposal.state, version: 0, title: proposal.title });
    // With the version, the same withdraw is accepted.
    expect(await post(`/proposals/${proposal.id}`, { intent: "withdraw", version: "0" })).toBe(302);
  });

  it("saving the checklist at once: one save wins, the others are conflicts, one audit row", async () => {
    const proposal = await submittedProposal();
    const outcomes = await Promise.allSettled(
      managers.map((m, i) => saveChecklist(m.actor, proposal.id, { answers: {}, note: `note ${i}`, version: proposal.version }, { ipAddress: "127.0.0.1" })),
    );
    const won = outcomes.filter((o): o is PromiseFulfilledResult<{ version: number }> => o.status === "fulfilled");
    expect(won).toHaveLength(1);
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(lost.filter((o) => !(isAppError(o.reason) && o.reason.code === "conflict")).map((o) => String(o.reason))).toEqual([]);
    const audits = await auditsOf(proposal.id, "ADMIN_CHECKLIST_SAVED");
    expect(audits).toHaveLength(1);
    const after = await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(after.version).toBe(proposal.version + 1);
    // The note stored is the winner's, not a mix.
    const winnerIndex = managers.findIndex((m) => m.actor.id === audits[0]!.actorId);
    expect((after.adminCheck as { note?: string }).note).toBe(`note ${winnerIndex}`);
  });
});
