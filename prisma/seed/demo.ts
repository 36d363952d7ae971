// Demo data for the embedded default and for trying the platform: one account per role,
// an organisation of each applicant type, an open call modelled on the 2026 call and a closed
// call modelled on the 2024 call with six submitted concept notes. Idempotent: skipped when
// the demo admin exists; every record has a fixed id or unique key and is upserted, so a run
// that failed half-way can simply be repeated (the admin is created last).
import { hashPassword } from "~/modules/auth/password.server.ts";
import type { Role } from "~/generated/prisma/enums.ts";
import type { DbTx } from "~/utils/db.server.ts";
import { seedDemoGrants } from "./demo-grants.ts";
import { gridDefinitionSchema, type GridDefinition } from "./reference.ts";

export const DEMO_PASSWORD = "demo-password-2026";
export const DEMO_EMAIL_DOMAIN = "demo.grants.local";
export const DEMO_OPEN_CALL_REFERENCE = "MMD-2026-01";
export const DEMO_CLOSED_CALL_REFERENCE = "MMD-2024-01";
const TIME_ZONE = "Europe/Vienna";

export interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

interface DemoUser {
  key: string;
  email: string;
  name: string;
  role: Role;
}

const email = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

// The admin comes last: its presence means the demo data is complete.
const USERS: DemoUser[] = [
  { key: "applicant", email: email("applicant"), name: "Aminata Diallo", role: "APPLICANT" },
  { key: "applicant2", email: email("applicant2"), name: "Moussa Keïta", role: "APPLICANT" },
  { key: "applicant3", email: email("applicant3"), name: "Youssef El Amrani", role: "APPLICANT" },
  { key: "applicant4", email: email("applicant4"), name: "Akosua Mensah", role: "APPLICANT" },
  { key: "applicant5", email: email("applicant5"), name: "Chinedu Okonkwo", role: "APPLICANT" },
  { key: "evaluator", email: email("evaluator"), name: "Ana Ferreira", role: "EVALUATOR" },
  { key: "evaluator2", email: email("evaluator2"), name: "Kwame Boateng", role: "EVALUATOR" },
  { key: "evaluator3", email: email("evaluator3"), name: "Sofia Marchetti", role: "EVALUATOR" },
  { key: "manager", email: email("manager"), name: "Lukas Steiner", role: "GRANT_MANAGER" },
  { key: "admin", email: email("admin"), name: "Clara Hofbauer", role: "ADMIN" },
];
export const DEMO_ADMIN_EMAIL = email("admin");

interface DemoOrganisation {
  id: string;
  owner: string;
  legalName: string;
  acronym: string | null;
  typeCode: string;
  countryCode: string;
  registrationNumber: string | null;
  yearFounded: number;
  address: string;
  website: string | null;
  originCountryCodes: string[];
}

const ORGANISATIONS: DemoOrganisation[] = [
  {
    id: "demo_org_cso_sn",
    owner: "applicant",
    legalName: "Association Sénégalaise pour la Migration et le Développement",
    acronym: "ASMD",
    typeCode: "CSO",
    countryCode: "SN",
    registrationNumber: "SN-DKR-2011-B-4821",
    yearFounded: 2011,
    address: "Sicap Liberté 6, Villa 6412, Dakar, Senegal",
    website: "https://asmd.example.org",
    originCountryCodes: [],
  },
  {
    id: "demo_org_diaspora_fr",
    owner: "applicant2",
    legalName: "Réseau des Diasporas Mali-Sénégal pour le Développement",
    acronym: "REDIMAS",
    typeCode: "DIASPORA",
    countryCode: "FR",
    registrationNumber: "W931004512",
    yearFounded: 2009,
    address: "14 rue Étienne Marcel, 93100 Montreuil, France",
    website: "https://redimas.example.org",
    originCountryCodes: ["ML", "SN"],
  },
  {
    id: "demo_org_local_ma",
    owner: "applicant3",
    legalName: "Commune de Beni Mellal",
    acronym: null,
    typeCode: "LOCAL_AUTHORITY",
    countryCode: "MA",
    registrationNumber: null,
    yearFounded: 1960,
    address: "Avenue Mohammed V, 23000 Beni Mellal, Morocco",
    website: null,
    originCountryCodes: [],
  },
  {
    id: "demo_org_research_gh",
    owner: "applicant4",
    legalName: "West African Institute for Migration and Mobility Research",
    acronym: "WAIMMR",
    typeCode: "RESEARCH",
    countryCode: "GH",
    registrationNumber: "CG-0942-2014",
    yearFounded: 2014,
    address: "12 Liberation Road, Airport Residential Area, Accra, Ghana",
    website: "https://waimmr.example.org",
    originCountryCodes: [],
  },
  {
    id: "demo_org_social_ng",
    owner: "applicant5",
    legalName: "ReturnWorks Reintegration Enterprises Ltd",
    acronym: "ReturnWorks",
    typeCode: "SOCIAL_ENTERPRISE",
    countryCode: "NG",
    registrationNumber: "RC 1456789",
    yearFounded: 2018,
    address: "27 Airport Road, Benin City, Edo State, Nigeria",
    website: "https://returnworks.example.org",
    originCountryCodes: [],
  },
];

// ---------------------------------------------------------------- time zones

/** How far `tz`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
function zoneOffsetMs(instant: number, tz: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The calendar date (year, month 1-12, day) that `tz` shows at `instant`. */
export function zonedDate(instant: Date, tz: string): { year: number; month: number; day: number } {
  const offset = zoneOffsetMs(instant.getTime(), tz);
  const wall = new Date(instant.getTime() + offset);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** The instant at which `tz`'s wall clock shows the given local date and time. */
export function zonedTimeToInstant(local: { year: number; month: number; day: number; hour: number; minute?: number }, tz: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute ?? 0);
  // The offset at the wall time read as UTC is at most one transition away; a second pass
  // corrects it when a daylight-saving change lies in between.
  let instant = wall - zoneOffsetMs(wall, tz);
  instant = wall - zoneOffsetMs(instant, tz);
  return new Date(instant);
}

/** About `days` days after `now`, at 17:00 Vienna time. */
export function demoDeadline(now: Date, days = 60): Date {
  const date = zonedDate(new Date(now.getTime() + days * 86_400_000), TIME_ZONE);
  return zonedTimeToInstant({ ...date, hour: 17 }, TIME_ZONE);
}

// ---------------------------------------------------------------- calls

const REQUIRED_DOCUMENTS_2026 = [
  { code: "STATUTES", nameEn: "Statutes or articles of association", nameFr: "Statuts", stage: "FULL_APPLICATION", required: true },
  { code: "REGISTRATION", nameEn: "Certificate of registration", nameFr: "Certificat d'enregistrement", stage: "FULL_APPLICATION", required: true },
  { code: "BUDGET", nameEn: "Budget (Excel template)", nameFr: "Budget (modèle Excel)", stage: "FULL_APPLICATION", required: true },
  { code: "LOGFRAME", nameEn: "Logical framework", nameFr: "Cadre logique", stage: "FULL_APPLICATION", required: true },
  { code: "CVS", nameEn: "CVs of the key staff", nameFr: "CV du personnel clé", stage: "FULL_APPLICATION", required: true },
  { code: "FINANCIAL_STATEMENTS", nameEn: "Financial statements of the last financial year", nameFr: "États financiers du dernier exercice", stage: "FULL_APPLICATION", required: true },
  { code: "PARTNERSHIP_STATEMENT", nameEn: "Partnership statement signed by the co-applicant", nameFr: "Déclaration de partenariat signée par le codemandeur", stage: "FULL_APPLICATION", required: false },
];

const REQUIRED_DOCUMENTS_2024 = [
  { code: "CONCEPT_NOTE_FORM", nameEn: "Concept note form", nameFr: "Formulaire de note succincte de présentation", stage: "CONCEPT_NOTE", required: true },
  { code: "DECLARATION", nameEn: "Declaration by the lead applicant", nameFr: "Déclaration du demandeur principal", stage: "CONCEPT_NOTE", required: true },
  { code: "STATUTES", nameEn: "Statutes or articles of association", nameFr: "Statuts", stage: "FULL_APPLICATION", required: true },
  { code: "REGISTRATION", nameEn: "Certificate of registration", nameFr: "Certificat d'enregistrement", stage: "FULL_APPLICATION", required: true },
  { code: "BUDGET", nameEn: "Budget (Excel template)", nameFr: "Budget (modèle Excel)", stage: "FULL_APPLICATION", required: true },
  { code: "LOGFRAME", nameEn: "Logical framework", nameFr: "Cadre logique", stage: "FULL_APPLICATION", required: true },
  { code: "CVS", nameEn: "CVs of the key staff", nameFr: "CV du personnel clé", stage: "FULL_APPLICATION", required: true },
  { code: "FINANCIAL_STATEMENTS", nameEn: "Audited financial statements of the last three years", nameFr: "États financiers audités des trois derniers exercices", stage: "FULL_APPLICATION", required: true },
];

const ALL_JVAP_DOMAINS = ["D1", "D2", "D3", "D4", "D5"];
const ALL_APPLICANT_TYPES = ["CSO", "DIASPORA", "LOCAL_AUTHORITY", "RESEARCH", "SOCIAL_ENTERPRISE"];

interface DemoProposal {
  organisationId: string;
  title: string;
  summary: string;
  requestedEur: number;
  durationMonths: number;
  jvapDomainCodes: string[];
  targetCountryCodes: string[];
  daysBeforeDeadline: number;
}

const PROPOSALS_2024: DemoProposal[] = [
  {
    organisationId: "demo_org_cso_sn",
    title: "Safe Paths: information and protection for young people on the Senegal-Mali corridor",
    summary:
      "Peer-to-peer information centres in Tambacounda, Kédougou and Kayes give young people reliable information on regular pathways, the risks of irregular journeys and their rights, and refer those at risk to protection services run with local authorities.",
    requestedEur: 850_000,
    durationMonths: 30,
    jvapDomainCodes: ["D1", "D4"],
    targetCountryCodes: ["SN", "ML"],
    daysBeforeDeadline: 2,
  },
  {
    organisationId: "demo_org_diaspora_fr",
    title: "Diaspora Invest: channelling remittances into local enterprises in the Kayes region",
    summary:
      "Malian and Senegalese diaspora associations in France co-finance small enterprises in their communities of origin through a matched-savings fund, with business coaching and lower-cost remittance channels negotiated with two money-transfer operators.",
    requestedEur: 620_000,
    durationMonths: 24,
    jvapDomainCodes: ["D1", "D2"],
    targetCountryCodes: ["ML", "SN", "FR"],
    daysBeforeDeadline: 1,
  },
  {
    organisationId: "demo_org_local_ma",
    title: "Welcoming City: municipal services for the integration of migrants in Beni Mellal",
    summary:
      "A one-stop municipal desk gives migrants and returnees access to civil registration, health care, schooling and vocational training, with trained front-line staff and a city-to-city exchange with two European municipalities.",
    requestedEur: 480_000,
    durationMonths: 24,
    jvapDomainCodes: ["D3", "D5"],
    targetCountryCodes: ["MA"],
    daysBeforeDeadline: 5,
  },
  {
    organisationId: "demo_org_research_gh",
    title: "Labour Mobility Observatory for West Africa",
    summary:
      "A research partnership builds an open observatory of intra-regional labour mobility in Ghana, Côte d'Ivoire and Nigeria, producing evidence on skills partnerships and the ECOWAS free-movement protocol for policy makers in the Rabat Process.",
    requestedEur: 1_200_000,
    durationMonths: 36,
    jvapDomainCodes: ["D2"],
    targetCountryCodes: ["GH", "CI", "NG"],
    daysBeforeDeadline: 0,
  },
  {
    organisationId: "demo_org_social_ng",
    title: "Second Start: sustainable reintegration of returnees through green enterprises in Edo State",
    summary:
      "Returnees and members of their receiving communities in Edo State receive psychosocial support, training and start-up capital for enterprises in solar installation, waste recycling and agro-processing, followed up for 18 months.",
    requestedEur: 950_000,
    durationMonths: 30,
    jvapDomainCodes: ["D5", "D1"],
    targetCountryCodes: ["NG"],
    daysBeforeDeadline: 3,
  },
  {
    organisationId: "demo_org_cso_sn",
    title: "Together Against Trafficking: community protection networks in Senegal and The Gambia",
    summary:
      "Community watch committees, religious leaders and border officials are trained to identify and refer victims of trafficking, with shelters and legal aid for survivors and a cross-border referral mechanism between Senegal and The Gambia.",
    requestedEur: 700_000,
    durationMonths: 24,
    jvapDomainCodes: ["D4", "D3"],
    targetCountryCodes: ["SN", "GM"],
    daysBeforeDeadline: 0,
  },
];

const CENTS = 100;

async function gridDefinition(prisma: DbTx, code: "CONCEPT_NOTE" | "FULL_APPLICATION"): Promise<GridDefinition> {
  const template = await prisma.gridTemplate.findUnique({ where: { code } });
  if (!template) throw new Error(`grid template ${code} is missing: seed the reference data before the demo data`);
  return gridDefinitionSchema.parse(template.definition);
}

// ---------------------------------------------------------------- seeding

/** Seeds the demo accounts, organisations, calls and proposals; does nothing if they exist. */
export async function seedDemoData(prisma: DbTx, options: { now?: Date } = {}): Promise<{ accounts: DemoAccount[]; created: boolean }> {
  const accounts = USERS.map((u) => ({ role: u.role, email: u.email, password: DEMO_PASSWORD }));
  if (await prisma.user.findUnique({ where: { email: DEMO_ADMIN_EMAIL }, select: { id: true } })) return { accounts, created: false };

  const now = options.now ?? new Date();
  const [conceptNoteGrid, fullApplicationGrid] = await Promise.all([gridDefinition(prisma, "CONCEPT_NOTE"), gridDefinition(prisma, "FULL_APPLICATION")]);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const userIds = new Map<string, string>();
  const upsertUser = async (u: DemoUser) => {
    const user = await prisma.user.upsert({
      where: { email: u.email },
      create: { email: u.email, name: u.name, role: u.role, passwordHash, emailVerifiedAt: now },
      update: {},
      select: { id: true },
    });
    userIds.set(u.key, user.id);
  };
  for (const u of USERS) if (u.role !== "ADMIN") await upsertUser(u);

  for (const { id, owner, ...org } of ORGANISATIONS) {
    await prisma.organisation.upsert({ where: { id }, create: { id, ...org }, update: {} });
    const userId = userIds.get(owner);
    if (!userId) throw new Error(`demo organisation ${id}: unknown owner ${owner}`);
    await prisma.membership.upsert({
      where: { userId_organisationId: { userId, organisationId: id } },
      create: { userId, organisationId: id, role: "OWNER" },
      update: {},
    });
  }

  const managerId = userIds.get("manager") ?? null;
  const audits: { entityType: string; entityId: string; toState: string; data: { reference: string } }[] = [];

  // The open call, modelled on the 2026 call; its deadline moves with the seeding date.
  const openDeadline = demoDeadline(now);
  let openCall = await prisma.call.findUnique({ where: { reference: DEMO_OPEN_CALL_REFERENCE }, select: { id: true } });
  if (!openCall) {
    openCall = await prisma.call.create({
      select: { id: true },
      data: {
        reference: DEMO_OPEN_CALL_REFERENCE,
        titleEn: "Small grants for migration and mobility initiatives of civil society, diaspora organisations and local authorities",
        titleFr: "Petites subventions pour des initiatives de la société civile, des organisations de la diaspora et des autorités locales en matière de migration et de mobilité",
        descriptionEn:
          "Grants of EUR 100,000 to 150,000 (EUR 600,000 in total) for six-month projects that contribute to at least one domain of the Joint Valletta Action Plan, or to a cross-cutting theme such as climate change and migration, gender or health, and serve the Rabat Process, the Khartoum Process or the AU-EU Continent-to-Continent Migration and Mobility Dialogue. Applicants registered in an African Union or European Union member state may apply alone or with exactly one co-applicant; a lead applicant based in the EU needs a co-applicant based in an AU member state, unless it is a diaspora organisation. Projects may target up to three countries, at least one of them an AU member state. Up to 100% of eligible costs may be funded where justified.",
        descriptionFr:
          "Subventions de 100 000 à 150 000 EUR (600 000 EUR au total) pour des projets de six mois qui contribuent à au moins un domaine du Plan d'action conjoint de La Valette, ou à un thème transversal tel que le changement climatique et la migration, le genre ou la santé, et qui servent le Processus de Rabat, le Processus de Khartoum ou le Dialogue continent à continent UA-UE sur la migration et la mobilité. Les demandeurs enregistrés dans un État membre de l'Union africaine ou de l'Union européenne peuvent déposer une demande seuls ou avec exactement un codemandeur ; un demandeur principal établi dans l'UE doit s'associer à un codemandeur établi dans un État membre de l'UA, sauf s'il s'agit d'une organisation de la diaspora. Les projets peuvent cibler jusqu'à trois pays, dont au moins un État membre de l'UA. Jusqu'à 100 % des coûts éligibles peuvent être financés si cela est justifié.",
        procedure: "OPEN",
        dialogueCodes: ["RABAT", "KHARTOUM", "C2CMMD"],
        jvapDomainCodes: ALL_JVAP_DOMAINS,
        crossCuttingAllowed: true,
        applicantTypeCodes: ALL_APPLICANT_TYPES,
        leadLocations: ["AU", "EU"],
        targetCountryRules: { maxCountries: 3, minAuCountries: 1 },
        partnershipRules: { allowAlone: true, maxCoApplicants: 1, exactCoApplicants: 1, euLeadNeedsAuCoApplicant: true, diasporaExempt: true },
        totalBudgetCents: 600_000 * CENTS,
        minGrantCents: 100_000 * CENTS,
        maxGrantCents: 150_000 * CENTS,
        maxCofinancingBp: 10_000,
        minDurationMonths: 6,
        maxDurationMonths: 6,
        timeZone: TIME_ZONE,
        fullApplicationDeadline: openDeadline,
        requiredDocuments: REQUIRED_DOCUMENTS_2026,
        fullApplicationGrid,
        state: "open",
        machineVersion: 1,
        publishedAt: new Date(now.getTime() - 14 * 86_400_000),
        createdById: managerId,
      },
    });
    audits.push({ entityType: "call", entityId: openCall.id, toState: "open", data: { reference: DEMO_OPEN_CALL_REFERENCE } });
  }

  // The closed call, modelled on the 2024 call: concept notes were due on 17 June 2024.
  const conceptNoteDeadline = zonedTimeToInstant({ year: 2024, month: 6, day: 17, hour: 17 }, TIME_ZONE);
  let closedCall = await prisma.call.findUnique({ where: { reference: DEMO_CLOSED_CALL_REFERENCE }, select: { id: true } });
  if (!closedCall) {
    closedCall = await prisma.call.create({
      select: { id: true },
      data: {
        reference: DEMO_CLOSED_CALL_REFERENCE,
        titleEn: "Grants for civil-society and local-authority action on migration and mobility between Africa and Europe",
        titleFr: "Subventions pour l'action de la société civile et des autorités locales en matière de migration et de mobilité entre l'Afrique et l'Europe",
        descriptionEn:
          "Restricted call: concept notes first, then full applications from the shortlisted applicants only. Grants of EUR 300,000 to 1,500,000, about 10 to 15 grants, for projects contributing to the Joint Valletta Action Plan. The lead applicant must be registered in a member state of the African Union or of the European Union.",
        descriptionFr:
          "Appel restreint : notes succinctes de présentation d'abord, puis demandes complètes des seuls demandeurs présélectionnés. Subventions de 300 000 à 1 500 000 EUR, environ 10 à 15 subventions, pour des projets contribuant au Plan d'action conjoint de La Valette. Le demandeur principal doit être enregistré dans un État membre de l'Union africaine ou de l'Union européenne.",
        procedure: "RESTRICTED",
        dialogueCodes: ["RABAT", "KHARTOUM", "C2CMMD"],
        jvapDomainCodes: ALL_JVAP_DOMAINS,
        crossCuttingAllowed: false,
        applicantTypeCodes: ALL_APPLICANT_TYPES,
        leadLocations: ["AU", "EU"],
        targetCountryRules: { maxCountries: 5, minAuCountries: 1 },
        partnershipRules: { allowAlone: true, maxCoApplicants: 3, euLeadNeedsAuCoApplicant: true, diasporaExempt: true },
        totalBudgetCents: 12_000_000 * CENTS,
        minGrantCents: 300_000 * CENTS,
        maxGrantCents: 1_500_000 * CENTS,
        maxCofinancingBp: 9_000,
        minDurationMonths: 12,
        maxDurationMonths: 36,
        timeZone: TIME_ZONE,
        conceptNoteDeadline,
        requiredDocuments: REQUIRED_DOCUMENTS_2024,
        conceptNoteGrid,
        fullApplicationGrid,
        state: "closed",
        machineVersion: 1,
        publishedAt: zonedTimeToInstant({ year: 2024, month: 4, day: 15, hour: 10 }, TIME_ZONE),
        createdById: managerId,
      },
    });
    audits.push({ entityType: "call", entityId: closedCall.id, toState: "closed", data: { reference: DEMO_CLOSED_CALL_REFERENCE } });
  }

  for (const [i, p] of PROPOSALS_2024.entries()) {
    const reference = `MMD-2024-CN-${String(i + 1).padStart(4, "0")}`;
    if (await prisma.proposal.findUnique({ where: { reference }, select: { id: true } })) continue;
    // Submitted some days, then some hours, before the deadline.
    const submittedAt = new Date(conceptNoteDeadline.getTime() - p.daysBeforeDeadline * 86_400_000 - (i + 1) * 3_600_000);
    const requestedAmountCents = p.requestedEur * CENTS;
    // The grant covers at most 90% of the eligible costs: the rest is co-financed.
    const totalCostCents = Math.ceil(p.requestedEur / 0.9) * CENTS;
    const content = {
      stage: "CONCEPT_NOTE",
      title: p.title,
      summary: p.summary,
      durationMonths: p.durationMonths,
      jvapDomainCodes: p.jvapDomainCodes,
      targetCountryCodes: p.targetCountryCodes,
      requestedAmountCents,
      totalCostCents,
    };
    const proposal = await prisma.proposal.create({
      select: { id: true },
      data: {
        reference,
        callId: closedCall.id,
        organisationId: p.organisationId,
        title: p.title,
        summary: p.summary,
        requestedAmountCents,
        totalCostCents,
        durationMonths: p.durationMonths,
        jvapDomainCodes: p.jvapDomainCodes,
        targetCountryCodes: p.targetCountryCodes,
        content,
        submittedContent: content,
        state: "submitted",
        machineVersion: 1,
        submittedAt,
        createdAt: new Date(submittedAt.getTime() - 21 * 86_400_000),
      },
    });
    audits.push({ entityType: "proposal", entityId: proposal.id, toState: "submitted", data: { reference } });
  }

  if (audits.length) await prisma.auditEvent.createMany({ data: audits.map((a) => ({ ...a, action: "seed", actorId: null })) });

  // Grants in every state for the portfolio (idempotent on its own).
  await seedDemoGrants(prisma, { now, managerId });

  const admin = USERS.find((u) => u.role === "ADMIN");
  if (admin) await upsertUser(admin);
  return { accounts, created: true };
}
