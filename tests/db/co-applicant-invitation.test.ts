// A co-applicant that is not registered yet learns by email, in the inviter's language, who
// named it and where to register; saving the partners again does not send it twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSection, startProposal } from "~/modules/applications/editor.server.ts";
import type { Actor } from "~/modules/auth/permissions.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let t: TestDb;
let actor: Actor;
let proposalId: string;

beforeAll(async () => {
  t = await createTestDb();
  const org = await t.prisma.organisation.create({ data: { legalName: "Association Teranga Migration", typeCode: "CSO", countryCode: "SN" } });
  const user = await t.prisma.user.create({ data: { email: "lead@co.test", name: "Awa Ndiaye", role: "APPLICANT", locale: "fr", emailVerifiedAt: new Date() } });
  await t.prisma.membership.create({ data: { userId: user.id, organisationId: org.id, role: "OWNER" } });
  actor = { id: user.id, role: "APPLICANT", organisationIds: [org.id] };
  const call = await t.prisma.call.create({
    data: {
      reference: "MMD-2031-01",
      titleEn: "Small grants",
      titleFr: "Petites subventions",
      state: "open",
      publishedAt: new Date(),
      applicantTypeCodes: ["CSO"],
      leadLocations: ["AU", "EU"],
      partnershipRules: { allowAlone: true, maxCoApplicants: 1 },
      fullApplicationDeadline: new Date(Date.now() + 30 * 86_400_000),
    },
  });
  proposalId = (await startProposal(actor, call.id, org.id)).id;
});
afterAll(async () => t?.close());

const version = async () => (await t.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } })).version;
const partners = { partners: [{ kind: "invited", name: "Commune de Kayes", email: "mairie@kayes.test", countryCode: "ML", typeCode: "LOCAL_AUTHORITY" }] };

describe("inviting a co-applicant that is not registered", () => {
  it("queues one email in the inviter's language with the sign-up link", async () => {
    const saved = await saveSection(actor, proposalId, "partners", partners, await version(), { origin: "https://grants.example.org" });
    expect(saved.ok).toBe(true);
    const mail = await t.prisma.emailMessage.findMany({ where: { to: "mairie@kayes.test" } });
    expect(mail).toHaveLength(1);
    expect(mail[0]!.locale).toBe("fr");
    expect(mail[0]!.subject).toContain("Association Teranga Migration");
    expect(mail[0]!.text).toContain("https://grants.example.org/signup");
    expect(mail[0]!.text).toContain("MMD-2031-01");
    const partner = await t.prisma.proposalPartner.findFirstOrThrow({ where: { proposalId } });
    expect(partner).toMatchObject({ invitedEmail: "mairie@kayes.test", organisationId: null, countryCode: "ML" });
  });

  it("does not invite the same address again when the section is saved again", async () => {
    await saveSection(actor, proposalId, "partners", partners, await version(), { origin: "https://grants.example.org" });
    expect(await t.prisma.emailMessage.count({ where: { to: "mairie@kayes.test" } })).toBe(1);
  });
});
