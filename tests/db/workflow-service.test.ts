import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/modules/auth/permissions.ts";
import type { Role } from "~/generated/prisma/enums.ts";
import { isAppError, type AppErrorCode } from "~/utils/errors.ts";
import { applyTransition, type CommittedTransition } from "~/utils/workflow.server.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let t: TestDb;
let manager: Actor;
let applicant: Actor;
let outsider: Actor;
let organisationId: string;

const uid = () => randomUUID().slice(0, 8);

async function user(role: Role, organisationIds: string[] = []): Promise<Actor> {
  const u = await t.prisma.user.create({ data: { email: `${uid()}@example.org`, name: `${role} ${uid()}`, role } });
  for (const id of organisationIds) await t.prisma.membership.create({ data: { userId: u.id, organisationId: id } });
  return { id: u.id, role, organisationIds };
}

async function organisation(): Promise<string> {
  const org = await t.prisma.organisation.create({ data: { legalName: `Org ${uid()}`, typeCode: "CSO", countryCode: "SN" } });
  return org.id;
}

const newCall = (data: { procedure?: "OPEN" | "RESTRICTED"; state?: string; conceptNoteDeadline?: Date; fullApplicationDeadline?: Date } = {}) =>
  t.prisma.call.create({ data: { reference: `CFP-${uid()}`, titleEn: "Call", titleFr: "Appel", ...data } });

const audits = (entityId: string) => t.prisma.auditEvent.findMany({ where: { entityId }, orderBy: { at: "asc" } });

/** The AppError code a promise rejects with. */
async function codeOf(promise: Promise<unknown>): Promise<AppErrorCode | "resolved" | "other"> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return isAppError(error) ? error.code : "other";
  }
}

const complete = { isComplete: true, problems: [] };

beforeAll(async () => {
  t = await createTestDb();
  // The reference data may or may not be seeded: make sure of what the organisations need.
  await t.prisma.applicantType.upsert({
    where: { code: "CSO" },
    update: {},
    create: { code: "CSO", nameEn: "Civil society organisation", nameFr: "Organisation de la société civile", rank: 1 },
  });
  await t.prisma.country.upsert({ where: { code: "SN" }, update: {}, create: { code: "SN", alpha3: "SEN", nameEn: "Senegal", nameFr: "Sénégal", auMember: true } });
  organisationId = await organisation();
  manager = await user("GRANT_MANAGER");
  applicant = await user("APPLICANT", [organisationId]);
  outsider = await user("APPLICANT", [await organisation()]);
});

afterAll(async () => {
  await t?.close();
});

describe("applyTransition on a call", () => {
  it("lets a grant manager publish a complete draft, with one audit row and the effects after commit", async () => {
    const call = await newCall();
    const publishedAt = new Date("2026-03-01T09:00:00.000Z");
    const committed: CommittedTransition[] = [];

    const result = await applyTransition({
      entity: "call",
      id: call.id,
      event: { type: "PUBLISH" },
      actor: manager,
      expectedVersion: 0,
      context: complete,
      extraData: { publishedAt },
      ipAddress: "192.0.2.10",
      effects: async (c) => {
        // After commit: the new state is already visible outside the transaction.
        expect((await t.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).state).toBe("published");
        committed.push(c);
      },
    });

    expect(result).toEqual({ state: "published", version: 1 });
    const row = await t.prisma.call.findUniqueOrThrow({ where: { id: call.id } });
    expect(row).toMatchObject({ state: "published", version: 1, machineVersion: 1, publishedAt });
    const log = await audits(call.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      actorId: manager.id,
      ipAddress: "192.0.2.10",
      action: "PUBLISH",
      entityType: "call",
      entityId: call.id,
      fromState: "draft",
      toState: "published",
    });
    expect(committed).toHaveLength(1);
    expect(committed[0]).toMatchObject({ fromState: "draft", toState: "published", version: 1, actions: [{ type: "announceCall" }] });
  });

  it("forbids an applicant to publish, changing nothing", async () => {
    const call = await newCall();
    expect(await codeOf(applyTransition({ entity: "call", id: call.id, event: { type: "PUBLISH" }, actor: applicant, context: complete }))).toBe("forbidden");
    expect(await codeOf(applyTransition({ entity: "call", id: call.id, event: { type: "PUBLISH" }, actor: null, context: complete }))).toBe("unauthenticated");
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ state: "draft", version: 0 });
    expect(await audits(call.id)).toHaveLength(0);
  });

  it("refuses to publish an incomplete call, saying what is missing, and changes nothing", async () => {
    const call = await newCall();
    const attempt = applyTransition({
      entity: "call",
      id: call.id,
      event: { type: "PUBLISH" },
      actor: manager,
      context: { isComplete: false, problems: ["No deadline is set."] },
    });
    await expect(attempt).rejects.toMatchObject({
      code: "transition_refused",
      status: 422,
      message: expect.stringMatching(/"Publish" was refused for this call \(currently "Draft"\).*No deadline is set\./),
    });
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ state: "draft", version: 0, publishedAt: null });
    expect(await audits(call.id)).toHaveLength(0);
  });

  it("refuses an event the state does not accept, in plain words", async () => {
    const call = await newCall();
    await expect(applyTransition({ entity: "call", id: call.id, event: { type: "CLOSE" }, actor: manager })).rejects.toMatchObject({
      code: "transition_refused",
      message: '"Close" is not possible while this call is "Draft".',
    });
  });

  it("refuses a stale expected version with a conflict", async () => {
    const call = await newCall();
    await applyTransition({ entity: "call", id: call.id, event: { type: "PUBLISH" }, actor: manager, context: complete, expectedVersion: 0 });
    const stale = applyTransition({ entity: "call", id: call.id, event: { type: "OPEN" }, actor: manager, expectedVersion: 0 });
    await expect(stale).rejects.toMatchObject({ code: "conflict", message: "This record was changed by someone else; reload and try again." });
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ state: "published", version: 1 });
    expect(await audits(call.id)).toHaveLength(1);
  });

  it("lets exactly one of 20 concurrent identical transitions through", async () => {
    const call = await newCall();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => codeOf(applyTransition({ entity: "call", id: call.id, event: { type: "PUBLISH" }, actor: manager, context: complete }))),
    );
    expect(outcomes.filter((o) => o === "resolved")).toHaveLength(1);
    expect(outcomes.filter((o) => o !== "resolved" && o !== "conflict" && o !== "transition_refused")).toEqual([]);
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ state: "published", version: 1 });
    const log = await audits(call.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ fromState: "draft", toState: "published" });
  });

  it("reports a missing record as not found", async () => {
    expect(await codeOf(applyTransition({ entity: "call", id: "nope", event: { type: "OPEN" }, actor: manager }))).toBe("not_found");
  });
});

describe("applyTransition on a proposal", () => {
  const deadline = new Date("2026-05-01T15:00:00.000Z");

  async function newProposal(state = "draft", procedure: "OPEN" | "RESTRICTED" = "OPEN") {
    const call = await newCall({ procedure, state: "open", fullApplicationDeadline: deadline, conceptNoteDeadline: deadline });
    return t.prisma.proposal.create({ data: { reference: `P-${uid()}`, callId: call.id, organisationId, title: "Dialogue", state } });
  }

  it("lets an applicant submit their organisation's proposal before the call's deadline", async () => {
    const proposal = await newProposal();
    const submittedAt = new Date("2026-05-01T14:00:00.000Z");
    const result = await applyTransition({
      entity: "proposal",
      id: proposal.id,
      event: { type: "SUBMIT", at: submittedAt.toISOString() },
      actor: applicant,
      context: complete,
      extraData: { submittedAt },
    });
    expect(result).toEqual({ state: "submitted", version: 1 });
    expect(await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({ state: "submitted", submittedAt });
    expect(await audits(proposal.id)).toMatchObject([{ action: "SUBMIT", entityType: "proposal", fromState: "draft", toState: "submitted", data: { event: { at: submittedAt.toISOString() } } }]);
  });

  it("refuses a submission after the call's deadline, and another organisation's applicant", async () => {
    const proposal = await newProposal();
    const late = applyTransition({ entity: "proposal", id: proposal.id, event: { type: "SUBMIT", at: "2026-05-01T15:00:01.000Z" }, actor: applicant, context: complete });
    await expect(late).rejects.toMatchObject({ code: "transition_refused", message: expect.stringContaining("deadline") });
    const foreign = applyTransition({ entity: "proposal", id: proposal.id, event: { type: "SUBMIT", at: "2026-05-01T14:00:00.000Z" }, actor: outsider, context: complete });
    expect(await codeOf(foreign)).toBe("forbidden");
    expect(await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({ state: "draft", version: 0 });
    expect(await audits(proposal.id)).toHaveLength(0);
  });

  it("refuses to withdraw an awarded proposal; staff screening routes by the call's procedure", async () => {
    const awarded = await newProposal("awarded");
    expect(await codeOf(applyTransition({ entity: "proposal", id: awarded.id, event: { type: "WITHDRAW" }, actor: applicant }))).toBe("transition_refused");

    const restricted = await newProposal("admin_check", "RESTRICTED");
    expect(await applyTransition({ entity: "proposal", id: restricted.id, event: { type: "PASS_ADMIN_CHECK" }, actor: manager })).toEqual({
      state: "cn_evaluation",
      version: 1,
    });
    expect(await codeOf(applyTransition({ entity: "proposal", id: restricted.id, event: { type: "PRESELECT" }, actor: applicant }))).toBe("forbidden");
  });
});
