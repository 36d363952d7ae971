// Applicants hear about decisions on their proposal: a rejection at the administrative check
// reaches every member of the organisation, in their own language, with the reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/modules/auth/permissions.ts";
import { applyTransition } from "~/utils/workflow.server.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let t: TestDb;
let manager: Actor;
let proposalId: string;

beforeAll(async () => {
  t = await createTestDb();
  const org = await t.prisma.organisation.create({ data: { legalName: "Association Teranga Migration", typeCode: "CSO", countryCode: "SN" } });
  for (const [email, locale] of [["awa@notify.test", "fr"], ["omar@notify.test", "en"]] as const) {
    const u = await t.prisma.user.create({ data: { email, name: email, role: "APPLICANT", locale, emailVerifiedAt: new Date() } });
    await t.prisma.membership.create({ data: { userId: u.id, organisationId: org.id } });
  }
  const m = await t.prisma.user.create({ data: { email: "manager@notify.test", name: "Manager", role: "GRANT_MANAGER" } });
  manager = { id: m.id, role: "GRANT_MANAGER", organisationIds: [] };
  const call = await t.prisma.call.create({ data: { reference: "MMD-2032-01", titleEn: "Call", titleFr: "Appel", state: "closed", fullApplicationDeadline: new Date(Date.now() - 86_400_000) } });
  proposalId = (
    await t.prisma.proposal.create({ data: { reference: "MMD-2032-01-0001", callId: call.id, organisationId: org.id, title: "Safe Paths", state: "submitted", submittedAt: new Date(Date.now() - 2 * 86_400_000) } })
  ).id;
});
afterAll(async () => t?.close());

describe("telling applicants about decisions", () => {
  it("sends nothing when the check merely starts, then the rejection with its reason to every member in their language", async () => {
    await applyTransition({ entity: "proposal", id: proposalId, actor: manager, event: { type: "START_ADMIN_CHECK" } });
    expect(await t.prisma.emailMessage.count()).toBe(0);

    await applyTransition({ entity: "proposal", id: proposalId, actor: manager, event: { type: "FAIL_ADMIN_CHECK", reason: "The budget form is missing." } });
    const fr = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: "awa@notify.test" } });
    const en = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: "omar@notify.test" } });
    expect(fr.subject).toBe("Votre proposition MMD-2032-01-0001 : Non retenue : incomplète ou non éligible");
    expect(fr.text).toContain("The budget form is missing.");
    expect(en.subject).toContain("Not accepted");
    expect(en.text).toContain("Reason given: The budget form is missing.");
    expect(en.text).toContain(`/proposals/${proposalId}`);
    expect(await t.prisma.emailMessage.count()).toBe(2);
  });
});
