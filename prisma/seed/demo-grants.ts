// Demo grants for the portfolio, from an archived 2023 call (MMD-2023-01, restricted) whose
// contracted proposals belong to the demo organisations:
//   (a) applicant@'s organisation: EUR 180,000 over 24 months, in implementation; the first
//       reporting period ended about 50 days ago, interim report 1 is a draft due in about 10
//       days; instalment 1 released and paid, instalment 2 waits for interim report 1;
//   (b) the diaspora organisation: in implementation with an overdue interim report;
//   (c) the local authority: a small 12-month grant in closing, its final report submitted;
//   (d) the research institute: a closed grant, every report approved, every instalment paid.
// Schedules come from the same rules as real grants (app/modules/grants/schedule.ts); dates
// move with the seeding date. Idempotent: every record has a unique reference and a grant
// that exists is left alone.
import { addDays, addMonths, contractEndDate, finalReportMonthsFor, monthsCovered, paymentSchedule, reportingSchedule, utcDay } from "~/modules/grants/schedule.ts";
import type { DbTx } from "~/utils/db.server.ts";

export const DEMO_GRANTS_CALL_REFERENCE = "MMD-2023-01";
const DAY = 86_400_000;

interface DemoGrant {
  key: string;
  organisationId: string;
  countryCode: string;
  title: string;
  summary: string;
  amountEur: number;
  durationMonths: number;
  targetCountryCodes: string[];
  jvapDomainCodes: string[];
  /** The start date, from the seeding date. */
  start: (now: Date) => Date;
  state: "in_implementation" | "closing" | "closed";
}

const GRANTS: DemoGrant[] = [
  {
    key: "0001",
    organisationId: "demo_org_cso_sn",
    countryCode: "SN",
    title: "Safe and informed: migration information points in Tambacounda and Kolda",
    summary: "Information points run with local youth associations give young people reliable information on regular pathways, the risks of irregular routes and the services available on return.",
    amountEur: 180_000,
    durationMonths: 24,
    targetCountryCodes: ["SN"],
    jvapDomainCodes: ["D3"],
    // The first 12-month period ended 50 days ago: interim report 1 is due in 10 days.
    start: (now) => addMonths(addDays(now, -49), -12),
    state: "in_implementation",
  },
  {
    key: "0002",
    organisationId: "demo_org_diaspora_fr",
    countryCode: "FR",
    title: "Diaspora investment clinics for small businesses in Kayes and Matam",
    summary: "Monthly clinics connect diaspora investors with small businesses in the regions of origin, with training on business plans and remittance-backed savings products.",
    amountEur: 420_000,
    durationMonths: 36,
    targetCountryCodes: ["ML", "SN"],
    jvapDomainCodes: ["D1"],
    // Interim report 1 was due a month ago and is still a draft.
    start: (now) => addMonths(addDays(now, -30 - 60), -12),
    state: "in_implementation",
  },
  {
    key: "0003",
    organisationId: "demo_org_local_ma",
    countryCode: "MA",
    title: "A one-stop desk for returning migrants in Beni Mellal",
    summary: "The municipality opens a desk that guides returning migrants to housing, health, training and job-placement services, with a referral network of local partners.",
    amountEur: 90_000,
    durationMonths: 12,
    targetCountryCodes: ["MA"],
    jvapDomainCodes: ["D5"],
    // Ended last month; the final report is submitted.
    start: (now) => addMonths(addDays(now, -35), -12),
    state: "closing",
  },
  {
    key: "0004",
    organisationId: "demo_org_research_gh",
    countryCode: "GH",
    title: "Mapping labour mobility corridors between Ghana, Côte d'Ivoire and Nigeria",
    summary: "A two-year study of labour mobility corridors in West Africa, with data shared with ECOWAS and national statistics offices and policy briefs for the Rabat Process.",
    amountEur: 300_000,
    durationMonths: 24,
    targetCountryCodes: ["GH", "CI", "NG"],
    jvapDomainCodes: ["D2"],
    // Ended eight months ago; closed.
    start: (now) => addMonths(addDays(now, -240), -24),
    state: "closed",
  },
];

/** Seeds the 2023 call and its demo grants; returns how many grants it created. */
export async function seedDemoGrants(prisma: DbTx, options: { now?: Date; managerId?: string | null } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const managerId = options.managerId ?? null;
  const organisations = await prisma.organisation.findMany({ where: { id: { in: GRANTS.map((g) => g.organisationId) } }, select: { id: true } });
  const present = new Set(organisations.map((o) => o.id));

  let call = await prisma.call.findUnique({ where: { reference: DEMO_GRANTS_CALL_REFERENCE }, select: { id: true } });
  if (!call) {
    call = await prisma.call.create({
      select: { id: true },
      data: {
        reference: DEMO_GRANTS_CALL_REFERENCE,
        titleEn: "Grants for migration governance and the protection of migrants (2023)",
        titleFr: "Subventions pour la gouvernance des migrations et la protection des migrants (2023)",
        descriptionEn: "Restricted call of 2023, awarded and archived: its grants are being implemented, closed or closing.",
        descriptionFr: "Appel restreint de 2023, attribué et archivé : ses subventions sont en cours, en clôture ou clôturées.",
        procedure: "RESTRICTED",
        dialogueCodes: ["RABAT", "KHARTOUM"],
        jvapDomainCodes: ["D1", "D2", "D3", "D4", "D5"],
        applicantTypeCodes: ["CSO", "DIASPORA", "LOCAL_AUTHORITY", "RESEARCH", "SOCIAL_ENTERPRISE"],
        leadLocations: ["AU", "EU"],
        targetCountryRules: { maxCountries: 5, minAuCountries: 1 },
        partnershipRules: { allowAlone: true, maxCoApplicants: 3, euLeadNeedsAuCoApplicant: true, diasporaExempt: true },
        totalBudgetCents: 1_500_000_00,
        minGrantCents: 50_000_00,
        maxGrantCents: 500_000_00,
        maxCofinancingBp: 9000,
        minDurationMonths: 12,
        maxDurationMonths: 36,
        conceptNoteDeadline: new Date("2023-03-15T16:00:00.000Z"),
        fullApplicationDeadline: new Date("2023-06-15T15:00:00.000Z"),
        closedAt: new Date("2023-06-15T15:00:00.000Z"),
        state: "archived",
        machineVersion: 1,
        publishedAt: new Date("2023-01-16T09:00:00.000Z"),
        createdById: managerId,
      },
    });
  }

  let created = 0;
  for (const g of GRANTS) {
    if (!present.has(g.organisationId)) continue;
    const reference = `${DEMO_GRANTS_CALL_REFERENCE}-${g.key}`;
    const grantReference = `G-${reference}`;
    if (await prisma.grant.findUnique({ where: { reference: grantReference }, select: { id: true } })) continue;
    const amountCents = g.amountEur * 100;
    // The grant covers 90% of the eligible costs.
    const totalEligibleCostsCents = Math.ceil(amountCents / 9000) * 10_000;
    const startDate = utcDay(g.start(now));
    const endDate = contractEndDate(startDate, g.durationMonths);
    const content = {
      stage: "FULL_APPLICATION",
      sections: {
        summary: { title: g.title, summary: g.summary, objectives: "", durationMonths: g.durationMonths },
        countries: { targetCountryCodes: g.targetCountryCodes },
        budget: {
          requestedAmountCents: amountCents,
          lines: [
            { heading: "staff", description: "Project team", units: 1, unitCostCents: Math.round(totalEligibleCostsCents * 0.6) },
            { heading: "other", description: "Activities", units: 1, unitCostCents: totalEligibleCostsCents - Math.round(totalEligibleCostsCents * 0.6) },
          ],
        },
      },
    };
    let proposal = await prisma.proposal.findUnique({ where: { reference }, select: { id: true } });
    proposal ??= await prisma.proposal.create({
      select: { id: true },
      data: {
        reference,
        callId: call.id,
        organisationId: g.organisationId,
        title: g.title,
        summary: g.summary,
        requestedAmountCents: amountCents,
        totalCostCents: totalEligibleCostsCents,
        durationMonths: g.durationMonths,
        jvapDomainCodes: g.jvapDomainCodes,
        targetCountryCodes: g.targetCountryCodes,
        content,
        submittedContent: content,
        state: "contracted",
        machineVersion: 1,
        submittedAt: new Date("2023-06-14T10:00:00.000Z"),
        createdAt: new Date("2023-05-20T10:00:00.000Z"),
      },
    });

    const finalReportMonths = finalReportMonthsFor(g.countryCode, g.targetCountryCodes);
    const reports = reportingSchedule({ startDate, endDate, reportingPeriodMonths: 12, finalReportMonths });
    const tranches = paymentSchedule({ amountCents, durationMonths: monthsCovered(startDate, endDate), reports });
    const budget = [
      { code: "staff", label: "Staff", amountCents: Math.round(totalEligibleCostsCents * 0.6) },
      { code: "other", label: "Activities", amountCents: totalEligibleCostsCents - Math.round(totalEligibleCostsCents * 0.6) },
    ];
    const grant = await prisma.grant.create({
      select: { id: true },
      data: {
        reference: grantReference,
        proposalId: proposal.id,
        callId: call.id,
        organisationId: g.organisationId,
        title: g.title,
        amountCents,
        totalEligibleCostsCents,
        eligibleCostsShareBp: 9000,
        startDate,
        endDate,
        reportingPeriodMonths: 12,
        finalReportMonths,
        budget,
        logframe: {
          objectives: [g.summary],
          results: ["Services in place and used"],
          indicators: [{ code: "I1", label: "People reached", unit: "people", baseline: "0", target: "1000" }],
        },
        state: g.state,
        machineVersion: 1,
        version: 1,
        signedAt: addDays(startDate, -7),
        createdById: managerId,
        createdAt: addDays(startDate, -30),
      },
    });

    // Reports: approved once their period is over (closed grants), else as the story says.
    const closed = g.state === "closed";
    for (const r of reports) {
      const periodOver = r.periodEnd.getTime() < now.getTime();
      let state = "draft";
      if (closed) state = "approved";
      else if (g.state === "closing" && r.kind === "FINAL") state = "submitted";
      else if (g.key === "0002" && r.kind === "INTERIM" && r.number === 1) state = "draft";
      else if (periodOver && r.dueDate.getTime() < now.getTime() - 30 * DAY) state = "approved";
      // Spend reported: 80% of the instalments paid before, per heading.
      const spent = state === "approved" || state === "submitted" ? Math.round(amountCents * 0.45) : 0;
      await prisma.report.create({
        data: {
          grantId: grant.id,
          kind: r.kind,
          number: r.number,
          periodStart: r.periodStart,
          periodEnd: r.periodEnd,
          dueDate: r.dueDate,
          state,
          financial: spent ? { staff: Math.round(spent * 0.6), other: spent - Math.round(spent * 0.6) } : {},
          narrative: spent ? { summary: "Activities carried out as planned." } : {},
          submittedAt: state === "draft" ? null : addDays(r.dueDate, -5),
          approvedAt: state === "approved" ? addDays(r.dueDate, 10) : null,
        },
      });
    }

    for (const t of tranches) {
      // Paid: on signature for every grant; everything for a closed grant.
      const paid = t.dependsOn === "SIGNATURE" || closed;
      const releasedAt = t.dependsOn === "SIGNATURE" ? addDays(startDate, -7) : paid ? addDays(endDate, 120) : null;
      await prisma.tranche.create({
        data: {
          grantId: grant.id,
          number: t.number,
          kind: t.kind,
          plannedAmountCents: t.plannedAmountCents,
          dependsOn: t.dependsOn,
          dueAmountCents: releasedAt ? t.plannedAmountCents : null,
          dueExplanation: releasedAt ? JSON.stringify({ en: "Paid in full.", fr: "Payée en totalité." }) : null,
          releasedAt,
          paidAmountCents: paid ? t.plannedAmountCents : null,
          paidAt: paid && releasedAt ? addDays(releasedAt, 10) : null,
        },
      });
    }
    await prisma.auditEvent.createMany({
      data: [
        { actorId: managerId, action: "GRANT_CREATED", entityType: "grant", entityId: grant.id, toState: "contracting", data: { proposalId: proposal.id, amountCents }, at: addDays(startDate, -30) },
        { actorId: managerId, action: "SIGN", entityType: "grant", entityId: grant.id, fromState: "contracting", toState: "in_implementation", data: {}, at: addDays(startDate, -7) },
      ],
    });
    created += 1;
  }
  return created;
}
