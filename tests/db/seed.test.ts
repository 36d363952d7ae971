// Reference and demo seeding against a real database (embedded PGlite, or the PostgreSQL
// server named by TEST_DATABASE_URL). The database comes migrated and reference-seeded.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "~/modules/auth/password.server.ts";
import { DEMO_PASSWORD, seedDemoData } from "../../prisma/seed/demo.ts";
import { REFERENCE_DIR, REFERENCE_FILES, gridTotal, gridDefinitionSchema, seedReferenceData, syncReferenceData } from "../../prisma/seed/reference.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});

async function counts() {
  const p = t.prisma;
  const [jvap, dialogues, themes, areas, objectives, types, countries, memberships, grids, seedRecords] = await Promise.all([
    p.jvapDomain.count(),
    p.dialogue.count(),
    p.crossCuttingTheme.count(),
    p.cadizArea.count(),
    p.cadizObjective.count(),
    p.applicantType.count(),
    p.country.count(),
    p.countryDialogue.count(),
    p.gridTemplate.count(),
    p.seedRecord.findMany({ orderBy: { name: "asc" }, select: { name: true, checksum: true, seededAt: true } }),
  ]);
  return { jvap, dialogues, themes, areas, objectives, types, countries, memberships, grids, seedRecords };
}

async function demoCounts() {
  const p = t.prisma;
  const [users, organisations, memberships, calls, proposals, audits] = await Promise.all([
    p.user.count(),
    p.organisation.count(),
    p.membership.count(),
    p.call.count(),
    p.proposal.count(),
    p.auditEvent.count({ where: { action: "seed" } }),
  ]);
  return { users, organisations, memberships, calls, proposals, audits };
}

describe("reference data seed", () => {
  it("the test database holds the reference data", async () => {
    const c = await counts();
    expect(c).toMatchObject({ jvap: 5, dialogues: 4, themes: 3, areas: 5, objectives: 7, types: 5, countries: 249, grids: 2 });
    expect(c.seedRecords.map((r) => r.name)).toEqual(Object.values(REFERENCE_FILES).map((f) => `reference/${f.file}`).sort());
    expect(await t.prisma.country.count({ where: { auMember: true } })).toBe(55);
    expect(await t.prisma.country.count({ where: { euMember: true } })).toBe(27);
    expect(await t.prisma.countryDialogue.findUnique({ where: { countryCode_dialogueCode: { countryCode: "DZ", dialogueCode: "RABAT" } } })).toMatchObject({ status: "observer" });
    const full = await t.prisma.gridTemplate.findUniqueOrThrow({ where: { code: "FULL_APPLICATION" } });
    expect(gridTotal(gridDefinitionSchema.parse(full.definition))).toBe(100);
  });

  it("seeding again changes nothing and skips every file", async () => {
    const before = await counts();
    const started = Date.now();
    await seedReferenceData(t.prisma);
    const elapsed = Date.now() - started;
    expect(await counts()).toEqual(before);
    const report = await syncReferenceData(t.prisma);
    expect(report.files.every((f) => f.skipped)).toBe(true);
    expect(elapsed).toBeLessThan(3_000);
  });

  it("a changed file updates its rows, and the original file restores them", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "grants-ref-"));
    try {
      await cp(REFERENCE_DIR, dir, { recursive: true });
      const file = path.join(dir, "countries.json");
      const data = JSON.parse(await readFile(file, "utf8")) as {
        version: number;
        countries: { code: string; nameFr: string; dialogues: { code: string; status: string }[] }[];
      };
      data.version += 1;
      const sn = data.countries.find((c) => c.code === "SN")!;
      sn.nameFr = "République du Sénégal";
      const ly = data.countries.find((c) => c.code === "LY")!;
      ly.dialogues = ly.dialogues.filter((d) => d.code !== "KHARTOUM");
      await writeFile(file, JSON.stringify(data));

      const report = await syncReferenceData(t.prisma, { dir });
      expect(report.files.filter((f) => !f.skipped).map((f) => f.file)).toEqual(["countries.json"]);
      expect(report.files.find((f) => f.file === "countries.json")).toMatchObject({ created: 0, updated: 1, deleted: 1 });
      expect((await t.prisma.country.findUniqueOrThrow({ where: { code: "SN" } })).nameFr).toBe("République du Sénégal");
      expect(await t.prisma.countryDialogue.count({ where: { countryCode: "LY", dialogueCode: "KHARTOUM" } })).toBe(0);

      const restore = await syncReferenceData(t.prisma);
      expect(restore.files.find((f) => f.file === "countries.json")).toMatchObject({ skipped: false, created: 1, updated: 1 });
      expect((await t.prisma.country.findUniqueOrThrow({ where: { code: "SN" } })).nameFr).toBe("Sénégal");
      expect(await t.prisma.countryDialogue.count({ where: { countryCode: "LY", dialogueCode: "KHARTOUM" } })).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("demo seed", () => {
  const now = new Date();
  let accounts: { role: string; email: string; password: string }[] = [];

  it("creates one account per role, with the shared demo password, verified", async () => {
    const result = await seedDemoData(t.prisma, { now });
    accounts = result.accounts;
    expect(result.created).toBe(true);
    expect(new Set(accounts.map((a) => a.role))).toEqual(new Set(["APPLICANT", "EVALUATOR", "GRANT_MANAGER", "ADMIN"]));
    expect(accounts.filter((a) => a.role === "APPLICANT").length).toBeGreaterThanOrEqual(2);
    for (const a of accounts) {
      expect(a.password).toBe(DEMO_PASSWORD);
      const user = await t.prisma.user.findUniqueOrThrow({ where: { email: a.email } });
      expect(user.role).toBe(a.role);
      expect(user.emailVerifiedAt).not.toBeNull();
    }
    const admin = await t.prisma.user.findUniqueOrThrow({ where: { email: "admin@demo.grants.local" } });
    expect(await verifyPassword(admin.passwordHash!, DEMO_PASSWORD)).toBe(true);
  });

  it("creates an organisation of each applicant type, owned by applicant accounts", async () => {
    const orgs = await t.prisma.organisation.findMany({ include: { members: { include: { user: true } }, country: true } });
    expect(new Set(orgs.map((o) => o.typeCode))).toEqual(new Set(["CSO", "DIASPORA", "LOCAL_AUTHORITY", "RESEARCH", "SOCIAL_ENTERPRISE"]));
    for (const o of orgs) {
      expect(o.country.auMember || o.country.euMember).toBe(true);
      expect(o.members.some((m) => m.role === "OWNER" && m.user.role === "APPLICANT")).toBe(true);
    }
    const applicants = await t.prisma.user.findMany({ where: { role: "APPLICANT" }, include: { memberships: true } });
    expect(new Set(applicants.flatMap((u) => u.memberships.map((m) => m.organisationId))).size).toBeGreaterThanOrEqual(2);
    expect(orgs.find((o) => o.typeCode === "DIASPORA")?.originCountryCodes.sort()).toEqual(["ML", "SN"]);
  });

  it("creates an open call whose deadline is in the future, at 17:00 Vienna time", async () => {
    const call = await t.prisma.call.findUniqueOrThrow({ where: { reference: "MMD-2026-01" } });
    expect(call).toMatchObject({
      state: "open",
      procedure: "OPEN",
      machineVersion: 1,
      totalBudgetCents: 600_000_00,
      minGrantCents: 100_000_00,
      maxGrantCents: 150_000_00,
      maxCofinancingBp: 10_000,
      minDurationMonths: 6,
      maxDurationMonths: 6,
      crossCuttingAllowed: true,
      timeZone: "Europe/Vienna",
      leadLocations: ["AU", "EU"],
      targetCountryRules: { maxCountries: 3, minAuCountries: 1 },
      partnershipRules: { allowAlone: true, maxCoApplicants: 1, exactCoApplicants: 1, euLeadNeedsAuCoApplicant: true, diasporaExempt: true },
    });
    expect([...call.dialogueCodes].sort()).toEqual(["C2CMMD", "KHARTOUM", "RABAT"]);
    expect(call.jvapDomainCodes).toEqual(["D1", "D2", "D3", "D4", "D5"]);
    expect(call.publishedAt).not.toBeNull();
    const deadline = call.fullApplicationDeadline!;
    expect(deadline.getTime()).toBeGreaterThan(now.getTime());
    const days = (deadline.getTime() - now.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(58);
    expect(days).toBeLessThan(62);
    const vienna = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Vienna", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(deadline);
    expect(vienna).toBe("17:00");
    const template = await t.prisma.gridTemplate.findUniqueOrThrow({ where: { code: "FULL_APPLICATION" } });
    expect(call.fullApplicationGrid).toEqual(template.definition);
    const docs = call.requiredDocuments as { code: string; nameEn: string; nameFr: string }[];
    expect(docs.map((d) => d.code)).toEqual(expect.arrayContaining(["STATUTES", "REGISTRATION", "BUDGET", "CVS"]));
    for (const d of docs) expect(d.nameEn && d.nameFr).toBeTruthy();
  });

  it("creates a closed restricted call with 6 proposals submitted before its deadline", async () => {
    const call = await t.prisma.call.findUniqueOrThrow({ where: { reference: "MMD-2024-01" }, include: { proposals: true } });
    expect(call).toMatchObject({ state: "closed", procedure: "RESTRICTED", minGrantCents: 300_000_00, maxGrantCents: 1_500_000_00, machineVersion: 1 });
    expect(call.conceptNoteDeadline!.toISOString()).toBe("2024-06-17T15:00:00.000Z");
    const template = await t.prisma.gridTemplate.findUniqueOrThrow({ where: { code: "CONCEPT_NOTE" } });
    expect(call.conceptNoteGrid).toEqual(template.definition);
    expect(call.proposals).toHaveLength(6);
    const countries = new Set((await t.prisma.country.findMany({ select: { code: true } })).map((c) => c.code));
    for (const p of call.proposals) {
      expect(p.state).toBe("submitted");
      expect(p.machineVersion).toBe(1);
      expect(p.reference).toMatch(/^MMD-2024-CN-\d{4}$/);
      expect(p.submittedAt!.getTime()).toBeLessThan(call.conceptNoteDeadline!.getTime());
      expect(p.requestedAmountCents).toBeGreaterThanOrEqual(call.minGrantCents);
      expect(p.requestedAmountCents).toBeLessThanOrEqual(call.maxGrantCents);
      expect(p.jvapDomainCodes.length).toBeGreaterThan(0);
      expect(p.targetCountryCodes.every((c) => countries.has(c))).toBe(true);
      expect(p.title.length).toBeGreaterThan(10);
      expect(p.summary.length).toBeGreaterThan(50);
    }
    const audits = await t.prisma.auditEvent.findMany({ where: { action: "seed" } });
    expect(audits.filter((a) => a.entityType === "call")).toHaveLength(2);
    expect(audits.filter((a) => a.entityType === "proposal")).toHaveLength(6);
  });

  it("seeding the demo data twice changes nothing", async () => {
    const before = await demoCounts();
    // The open and closed calls, and the archived 2023 call with the 4 contracted proposals of the demo grants.
    expect(before).toMatchObject({ calls: 3, proposals: 10, audits: 8 });
    const again = await seedDemoData(t.prisma);
    expect(again.created).toBe(false);
    expect(again.accounts).toEqual(accounts);
    expect(await demoCounts()).toEqual(before);
  });
});
