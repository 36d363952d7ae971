// npm run bench:seed -- --proposals N
// Creates a fresh database grants_bench_<N> on DATABASE_URL's server (default: the local
// server, user postgres), migrates it with the code of `npm run db:migrate`, seeds the
// reference and demo data, then one restricted call (reference BENCH-<N>) under evaluation with:
//   N proposals (submitted concept notes with realistic content and two documents each),
//   N/4 organisations spread over countries and applicant types, each with an owner,
//   N/50 assessors (at least 2) who signed the call's declaration, two submitted and scored
//   evaluations per proposal, and N/10 grants in implementation with tranches and reports.
// Rows are written with batched createMany; N=5,000 takes well under a minute.
import { applyMigrations } from "../app/utils/migrate.server.ts";
import { createPrisma, disconnectDb, db, type Prisma, type Db } from "../app/utils/db.server.ts";
import { migrateStoredWorkflowStates } from "../app/utils/workflow-migrate.server.ts";
import { hashPassword } from "../app/modules/auth/password.server.ts";
import { gridDefinitionSchema, syncReferenceData, type GridDefinition } from "../prisma/seed/reference.ts";
import { seedDemoData } from "../prisma/seed/demo.ts";
import { BENCH_EMAIL_DOMAIN, BENCH_MANAGER_EMAIL, benchCallReference, benchDbName, benchDbUrl, intArg, serverUrl, withClient } from "./bench-lib.ts";

const CENTS = 100;
const DAY = 86_400_000;
const BATCH = 1000;

// ---------------------------------------------------------------- deterministic variety

let state = 0x2f6e2b1;
function rand(): number {
  // xorshift32: the same database for the same N, run after run.
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 0x1_0000_0000;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const THEMES = [
  ["safe and regular pathways", "young people on the move"],
  ["diaspora investment", "small enterprises in communities of origin"],
  ["municipal integration services", "migrants and returnees"],
  ["labour mobility and skills partnerships", "vocational graduates"],
  ["sustainable reintegration", "returnees and their host communities"],
  ["protection against trafficking", "survivors and people at risk"],
  ["climate-related mobility", "pastoralist and fishing communities"],
  ["access to civil registration", "stateless and undocumented people"],
  ["remittance costs", "families receiving money from abroad"],
  ["border management that respects rights", "cross-border traders"],
] as const;
const PLACES = ["Dakar", "Kayes", "Tambacounda", "Agadez", "Accra", "Kumasi", "Benin City", "Lagos", "Oujda", "Tunis", "Sfax", "Bamako", "Niamey", "Abidjan", "Banjul", "Nouakchott", "Addis Ababa", "Khartoum", "Kassala", "Nairobi"];
const ACTIVITIES = [
  "peer-to-peer information sessions",
  "training of front-line staff",
  "a referral mechanism with local authorities",
  "a small-grants scheme for community initiatives",
  "legal aid clinics",
  "psychosocial support groups",
  "a research and data-sharing partnership",
  "mentoring by diaspora professionals",
  "start-up capital with business coaching",
  "a regional exchange of practice between municipalities",
];
const ORG_WORDS = ["Association", "Network", "Institute", "Foundation", "Initiative", "Centre", "Collective", "Alliance", "Union", "Council"];
const ORG_TOPICS = ["Migration and Development", "Mobility Research", "Diaspora Engagement", "Reintegration", "Rights of Migrants", "Local Development", "Youth and Mobility", "Women on the Move"];
const FIRST = ["Aminata", "Moussa", "Fatou", "Kwame", "Chinedu", "Leila", "Youssef", "Akosua", "Ibrahim", "Mariam", "Sofia", "Lukas", "Ana", "Tomas", "Nadia", "Omar"];
const LAST = ["Diallo", "Keïta", "Ndiaye", "Mensah", "Okonkwo", "El Amrani", "Traoré", "Boateng", "Haddad", "Marchetti", "Ferreira", "Steiner", "Kamara", "Bensalah", "Osei", "Sow"];

function paragraph(theme: readonly [string, string], place: string): string {
  const a = pick(ACTIVITIES);
  const b = pick(ACTIVITIES);
  return `In ${place} and the surrounding districts, the action addresses ${theme[0]} for ${theme[1]} through ${a} and ${b}. It builds on the lessons of earlier projects, works with the local authorities and civil-society partners who know the area, and measures its results against a baseline collected in the first three months. Gender, age and disability are taken into account in every activity, and the people concerned take part in steering the action.`;
}

// ---------------------------------------------------------------- seeding

async function createFresh(n: number): Promise<void> {
  const name = benchDbName(n);
  await withClient(serverUrl(), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
}

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

function scoredCriteria(grid: GridDefinition) {
  return grid.sections.filter((s) => !s.carriedFromConceptNote).flatMap((s) => s.criteria);
}

async function seedBench(prisma: Db, n: number): Promise<Record<string, number>> {
  const now = new Date();
  const [countries, types, cnTemplate, faTemplate] = await Promise.all([
    prisma.country.findMany({ select: { code: true, auMember: true, euMember: true }, orderBy: { code: "asc" } }),
    prisma.applicantType.findMany({ select: { code: true }, orderBy: { rank: "asc" } }),
    prisma.gridTemplate.findUniqueOrThrow({ where: { code: "CONCEPT_NOTE" } }),
    prisma.gridTemplate.findUniqueOrThrow({ where: { code: "FULL_APPLICATION" } }),
  ]);
  const au = countries.filter((c) => c.auMember).map((c) => c.code);
  const eu = countries.filter((c) => c.euMember).map((c) => c.code);
  const typeCodes = types.map((t) => t.code);
  const cnGrid = gridDefinitionSchema.parse(cnTemplate.definition);
  const faGrid = gridDefinitionSchema.parse(faTemplate.definition);
  const manager = await prisma.user.findUniqueOrThrow({ where: { email: BENCH_MANAGER_EMAIL }, select: { id: true } });
  const passwordHash = await hashPassword("bench-password-2026");

  const orgCount = Math.max(10, Math.floor(n / 4));
  const assessorCount = Math.max(2, Math.floor(n / 50));
  const grantEvery = 10;

  // People and organisations.
  const users: { id: string; email: string; name: string; role: "APPLICANT" | "EVALUATOR"; passwordHash: string; emailVerifiedAt: Date; countryCode?: string }[] = [];
  const orgs: { id: string; legalName: string; acronym: string | null; typeCode: string; countryCode: string; registrationNumber: string; yearFounded: number; address: string; website: string | null; originCountryCodes: string[] }[] = [];
  const memberships: { userId: string; organisationId: string; role: "OWNER" }[] = [];
  for (let i = 0; i < orgCount; i++) {
    const typeCode = typeCodes[i % typeCodes.length] ?? "CSO";
    // Two thirds in AU member states, a third in the EU (diaspora organisations, mostly).
    const countryCode = i % 3 === 2 ? pick(eu) : pick(au);
    const word = pick(ORG_WORDS);
    const topic = pick(ORG_TOPICS);
    const id = `bench_org_${i}`;
    orgs.push({
      id,
      legalName: `${word} for ${topic} ${i + 1}`,
      acronym: i % 2 ? `${word[0]}${topic.split(" ").map((w) => w[0]).join("")}${i}` : null,
      typeCode,
      countryCode,
      registrationNumber: `${countryCode}-${2000 + (i % 25)}-${100000 + i}`,
      yearFounded: 1990 + (i % 34),
      address: `${between(1, 250)} Avenue ${pick(LAST)}, ${pick(PLACES)}`,
      website: i % 3 ? `https://org${i}.example.org` : null,
      originCountryCodes: typeCode === "DIASPORA" ? [pick(au)] : [],
    });
    const userId = `bench_applicant_${i}`;
    users.push({ id: userId, email: `applicant${i}@${BENCH_EMAIL_DOMAIN}`, name: `${pick(FIRST)} ${pick(LAST)}`, role: "APPLICANT", passwordHash, emailVerifiedAt: now });
    memberships.push({ userId, organisationId: id, role: "OWNER" });
  }
  const assessorIds: string[] = [];
  for (let i = 0; i < assessorCount; i++) {
    const id = `bench_assessor_${i}`;
    assessorIds.push(id);
    users.push({ id, email: `assessor${i}@${BENCH_EMAIL_DOMAIN}`, name: `${pick(FIRST)} ${pick(LAST)}`, role: "EVALUATOR", passwordHash, emailVerifiedAt: now, countryCode: pick(i % 2 ? eu : au) });
  }
  await inBatches(users, (data) => prisma.user.createMany({ data }));
  await inBatches(orgs, (data) => prisma.organisation.createMany({ data }));
  await inBatches(memberships, (data) => prisma.membership.createMany({ data }));

  // The call: concept notes closed a month ago, now under evaluation.
  const deadline = new Date(now.getTime() - 30 * DAY);
  const call = await prisma.call.create({
    select: { id: true },
    data: {
      reference: benchCallReference(n),
      titleEn: `Benchmark call with ${n} concept notes: migration and mobility initiatives`,
      titleFr: `Appel de référence avec ${n} notes succinctes : initiatives de migration et de mobilité`,
      descriptionEn: "A restricted call seeded for the performance benchmarks.",
      descriptionFr: "Un appel restreint créé pour les mesures de performance.",
      procedure: "RESTRICTED",
      dialogueCodes: ["RABAT", "KHARTOUM"],
      jvapDomainCodes: ["D1", "D2", "D3", "D4", "D5"],
      applicantTypeCodes: typeCodes,
      leadLocations: ["AU", "EU"],
      targetCountryRules: { maxCountries: 3, minAuCountries: 1 },
      partnershipRules: { allowAlone: true, maxCoApplicants: 3, euLeadNeedsAuCoApplicant: true, diasporaExempt: true },
      totalBudgetCents: 20_000_000 * CENTS,
      minGrantCents: 100_000 * CENTS,
      maxGrantCents: 1_500_000 * CENTS,
      maxCofinancingBp: 9_000,
      minDurationMonths: 12,
      maxDurationMonths: 36,
      conceptNoteDeadline: deadline,
      requiredDocuments: [
        { code: "CONCEPT_NOTE_FORM", nameEn: "Concept note form", nameFr: "Formulaire de note succincte", stage: "CONCEPT_NOTE", required: true },
        { code: "DECLARATION", nameEn: "Declaration by the lead applicant", nameFr: "Déclaration du demandeur principal", stage: "CONCEPT_NOTE", required: true },
      ],
      conceptNoteGrid: cnGrid,
      fullApplicationGrid: faGrid,
      state: "under_evaluation",
      publishedAt: new Date(deadline.getTime() - 60 * DAY),
      closedAt: deadline,
      createdById: manager.id,
    },
  });

  // Proposals, what was submitted, their documents.
  const proposals: Prisma.ProposalCreateManyInput[] = [];
  const submissions: Prisma.ProposalSubmissionCreateManyInput[] = [];
  const documents: Prisma.DocumentCreateManyInput[] = [];
  const links: Prisma.ProposalDocumentCreateManyInput[] = [];
  const audits: Prisma.AuditEventCreateManyInput[] = [];
  const proposalInfo: { id: string; organisationId: string; title: string; requested: number; total: number; months: number }[] = [];
  for (let i = 0; i < n; i++) {
    const id = `bench_proposal_${i}`;
    const org = orgs[i % orgCount];
    if (!org) throw new Error("no organisation");
    const theme = pick(THEMES);
    const place = pick(PLACES);
    const title = `${theme[0][0]?.toUpperCase()}${theme[0].slice(1)} for ${theme[1]} in ${place} (${i + 1})`;
    const summary = paragraph(theme, place);
    const requested = between(300, 1500) * 1000 * CENTS;
    const total = Math.ceil(requested / 0.9);
    const months = between(12, 36);
    const targets = [org.countryCode, pick(au)].filter((c, k, all) => all.indexOf(c) === k);
    const domains = [pick(["D1", "D2", "D3", "D4", "D5"])];
    const submittedAt = new Date(deadline.getTime() - between(0, 20 * 24) * 3_600_000);
    const content = {
      stage: "CONCEPT_NOTE",
      title,
      summary,
      durationMonths: months,
      jvapDomainCodes: domains,
      targetCountryCodes: targets,
      requestedAmountCents: requested,
      totalCostCents: total,
      relevance: paragraph(theme, pick(PLACES)),
      design: `${paragraph(theme, pick(PLACES))} ${paragraph(theme, pick(PLACES))}`,
    };
    const granted = i % grantEvery === 0;
    proposals.push({
      id,
      reference: `BENCH-${n}-CN-${String(i + 1).padStart(6, "0")}`,
      callId: call.id,
      organisationId: org.id,
      title,
      summary,
      requestedAmountCents: requested,
      totalCostCents: total,
      durationMonths: months,
      jvapDomainCodes: domains,
      targetCountryCodes: targets,
      content,
      submittedContent: content,
      state: granted ? "contracted" : "cn_evaluation",
      submittedAt,
      adminCheck: { items: { CONCEPT_NOTE_FORM: "yes", DECLARATION: "yes" }, note: "" },
      createdAt: new Date(submittedAt.getTime() - 21 * DAY),
    });
    proposalInfo.push({ id, organisationId: org.id, title, requested, total, months });
    const docRefs: { documentId: string; requirementCode: string; filename: string }[] = [];
    for (const code of ["CONCEPT_NOTE_FORM", "DECLARATION"]) {
      const documentId = `bench_doc_${i}_${code}`;
      const filename = `${code.toLowerCase()}-${i + 1}.pdf`;
      documents.push({ id: documentId, storageKey: `bench/${documentId}.pdf`, filename, contentType: "application/pdf", sizeBytes: between(80_000, 4_000_000), kind: code.toLowerCase(), status: "ready", organisationId: org.id, uploadedById: `bench_applicant_${i % orgCount}`, createdAt: submittedAt });
      links.push({ proposalId: id, documentId, requirementCode: code, stage: "CONCEPT_NOTE", createdAt: submittedAt });
      docRefs.push({ documentId, requirementCode: code, filename });
    }
    submissions.push({ proposalId: id, stage: "CONCEPT_NOTE", content, documents: docRefs, submittedById: `bench_applicant_${i % orgCount}`, submittedAt });
    audits.push({ at: submittedAt, actorId: `bench_applicant_${i % orgCount}`, action: "transition", entityType: "proposal", entityId: id, fromState: "draft", toState: "submitted", data: {} });
  }
  await inBatches(proposals, (data) => prisma.proposal.createMany({ data }));
  await inBatches(submissions, (data) => prisma.proposalSubmission.createMany({ data }));
  await inBatches(documents, (data) => prisma.document.createMany({ data }));
  await inBatches(links, (data) => prisma.proposalDocument.createMany({ data }));

  // Declarations and two submitted, scored evaluations per proposal.
  await prisma.impartialityDeclaration.createMany({
    data: assessorIds.map((userId) => ({ callId: call.id, userId, textVersion: "1", text: "I declare that I have no conflict of interest.", signedAt: new Date(deadline.getTime() + DAY) })),
  });
  const criteria = scoredCriteria(cnGrid);
  const evaluations: Prisma.EvaluationCreateManyInput[] = [];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 2; k++) {
      const assessorId = assessorIds[(i * 2 + k) % assessorCount] ?? "";
      const scores: Record<string, { score: number; justification: string }> = {};
      let total = 0;
      for (const c of criteria) {
        const score = between(2, c.max);
        scores[c.code] = { score, justification: `Criterion ${c.code}: ${pick(["convincing", "partly convincing", "well argued", "needs more detail", "clear and realistic"])}; ${pick(ACTIVITIES)} fits the need described.` };
        total += score * c.weight;
      }
      const submittedAt = new Date(deadline.getTime() + between(2, 20) * DAY);
      const id = `bench_eval_${i}_${k}`;
      evaluations.push({ id, callId: call.id, proposalId: `bench_proposal_${i}`, stage: "CONCEPT_NOTE", assessorId, assignmentReason: "Automatic assignment (bench seed)", assignedById: manager.id, scores, total, state: "submitted", submittedAt, createdAt: new Date(deadline.getTime() + DAY) });
      audits.push({ at: submittedAt, actorId: assessorId, action: "transition", entityType: "evaluation", entityId: id, fromState: "in_progress", toState: "submitted", data: {} });
    }
  }
  await inBatches(evaluations, (data) => prisma.evaluation.createMany({ data }));

  // Grants in implementation, their payment schedule and reports.
  const grants: Prisma.GrantCreateManyInput[] = [];
  const tranches: Prisma.TrancheCreateManyInput[] = [];
  const reports: Prisma.ReportCreateManyInput[] = [];
  let g = 0;
  for (const p of proposalInfo) {
    if (Number(p.id.split("_").pop()) % grantEvery !== 0) continue;
    const id = `bench_grant_${g}`;
    // Start dates spread over the last 18 months: some interim reports are due, some overdue.
    const start = new Date(now.getTime() - between(30, 540) * DAY);
    const end = new Date(start.getTime() + p.months * 30 * DAY);
    const amount = p.requested;
    grants.push({
      id,
      reference: `BENCH-${n}-G-${String(g + 1).padStart(5, "0")}`,
      proposalId: p.id,
      callId: call.id,
      organisationId: p.organisationId,
      title: p.title,
      amountCents: amount,
      totalEligibleCostsCents: p.total,
      eligibleCostsShareBp: 9_000,
      startDate: start,
      endDate: end,
      budget: [
        { code: "HR", label: "Human resources", amountCents: Math.round(p.total * 0.4) },
        { code: "ACT", label: "Activities", amountCents: Math.round(p.total * 0.45) },
        { code: "IND", label: "Indirect costs", amountCents: p.total - Math.round(p.total * 0.4) - Math.round(p.total * 0.45) },
      ],
      logframe: { objectives: ["Safer, better-informed mobility"], results: ["People reached are better informed"], indicators: [{ code: "I1", label: "People reached", unit: "people", baseline: 0, target: between(500, 5000) }] },
      signedAt: start,
      state: "in_implementation",
      createdById: manager.id,
      createdAt: new Date(start.getTime() - 20 * DAY),
    });
    const pre = Math.round(amount * 0.4);
    const mid = Math.round(amount * 0.4);
    tranches.push(
      { grantId: id, number: 1, kind: "PREFINANCING", plannedAmountCents: pre, dependsOn: "SIGNATURE", dueAmountCents: pre, releasedAt: start, paidAmountCents: pre, paidAt: new Date(start.getTime() + 10 * DAY) },
      { grantId: id, number: 2, kind: "INSTALMENT", plannedAmountCents: mid, dependsOn: "INTERIM:1" },
      { grantId: id, number: 3, kind: "BALANCE", plannedAmountCents: amount - pre - mid, dependsOn: "FINAL:1" },
    );
    const interimEnd = new Date(start.getTime() + 365 * DAY);
    const interimDue = new Date(interimEnd.getTime() + 60 * DAY);
    const interimState = interimDue < now ? pick(["approved", "submitted", "draft"]) : "draft";
    reports.push(
      {
        grantId: id,
        kind: "INTERIM",
        number: 1,
        periodStart: start,
        periodEnd: interimEnd,
        dueDate: interimDue,
        narrative: interimState === "draft" ? {} : { progress: paragraph(pick(THEMES), pick(PLACES)) },
        indicators: interimState === "draft" ? {} : { I1: { actual: between(100, 2000), comment: "On track" } },
        state: interimState,
        submittedAt: interimState === "draft" ? null : interimDue,
        approvedAt: interimState === "approved" ? new Date(interimDue.getTime() + 10 * DAY) : null,
      },
      { grantId: id, kind: "FINAL", number: 1, periodStart: start, periodEnd: end, dueDate: new Date(end.getTime() + 90 * DAY), state: "draft" },
    );
    g++;
  }
  await inBatches(grants, (data) => prisma.grant.createMany({ data }));
  await inBatches(tranches, (data) => prisma.tranche.createMany({ data }));
  await inBatches(reports, (data) => prisma.report.createMany({ data }));
  await inBatches(audits, (data) => prisma.auditEvent.createMany({ data }));
  // As autovacuum leaves a settled database: statistics, and the visibility map that lets the
  // freshness checks read their indexes alone (index-only scans). The server here runs with
  // autovacuum off; without this the planner scans the tables instead.
  await prisma.$executeRawUnsafe("VACUUM ANALYZE");
  // Marks the database complete; bench.ts re-seeds a database without this row.
  await prisma.seedRecord.create({ data: { name: "bench", checksum: String(n) } });
  return {
    organisations: orgs.length,
    applicants: orgCount,
    assessors: assessorCount,
    proposals: proposals.length,
    documents: documents.length,
    evaluations: evaluations.length,
    grants: grants.length,
    tranches: tranches.length,
    reports: reports.length,
    auditEvents: audits.length,
  };
}

async function main() {
  const n = intArg("proposals", 500);
  if (n < 50) throw new Error("--proposals must be at least 50");
  const started = Date.now();
  const url = benchDbUrl(n);
  await createFresh(n);
  // The migration code reads DATABASE_URL (db() for the stored-state step).
  process.env.DATABASE_URL = url;
  await applyMigrations({ kind: "postgres", url });
  await migrateStoredWorkflowStates(db());
  const prisma = createPrisma({ kind: "postgres", url });
  try {
    await syncReferenceData(prisma);
    await seedDemoData(prisma);
    const migrated = Date.now();
    const counts = await seedBench(prisma, n);
    console.log(`${benchDbName(n)} seeded in ${((Date.now() - started) / 1000).toFixed(1)} s (bench rows ${((Date.now() - migrated) / 1000).toFixed(1)} s): ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(", ")}`);
    console.log(`  DATABASE_URL=${url}`);
  } finally {
    await prisma.$disconnect();
    await disconnectDb();
  }
}

main().catch((e) => {
  console.error("bench-seed failed:", e);
  process.exit(1);
});
