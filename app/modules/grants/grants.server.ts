// Grants from award to closure: a grant prepared from an awarded proposal (prefilled from
// it), its contract edited while in contracting (every change audited field by field; the
// instalments and the reports regenerated), the signed contract uploaded, then every state
// change through the grant machine (applyTransition) with the grantee told by e-mail after
// commit. Pages for grant managers (any grant) and grantees (their organisation's only; any
// other grant is "not found").
import { GRANT_EVENTS, GRANT_STATE_LABELS, grantMachine, type GrantEvent, type GrantStateId } from "#workflows/grant.machine.ts";
import { REPORT_STATE_LABELS, type ReportStateId } from "#workflows/report.machine.ts";
import { computeBudget, type BudgetLine } from "~/modules/applications/budget.ts";
import { readContent, sectionOf } from "~/modules/applications/proposal-schema.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { can, requirePermission, scopeFor, type Actor } from "~/modules/auth/permissions.ts";
import { storeDocument } from "~/modules/documents/documents.server.ts";
import { deliverEmail, queueEmail } from "~/modules/notifications/email.server.ts";
import { checkAndScanUploadedFile } from "~/modules/organisations/organisation-documents.server.ts";
import type { UploadedFile } from "~/modules/organisations/upload.server.ts";
import { db, type DbTx, type Prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { formatDate, formatMoney, formatShare } from "~/utils/format.ts";
import { pickBilingual, translator, type Locale } from "~/utils/i18n.ts";
import { applyTransition, type CommittedTransition } from "~/utils/workflow.server.ts";
import { diffFields, readBudget, readLogframe, type BudgetHeadingRow, type ContractInput, type DueDatesInput, type Logframe, type ScheduleInput, type TransitionInput } from "./contract-schema.ts";
import { readExplanation, releaseSignatureTranches } from "./payments.server.ts";
import {
  contractEndDate,
  DEFAULT_REPORTING_PERIOD_MONTHS,
  describeDependency,
  finalReportMonthsFor,
  firstOfNextMonth,
  monthsCovered,
  parseDependency,
  paymentSchedule,
  reportingSchedule,
  scheduleDifference,
  type Bilingual,
} from "./schedule.ts";

export interface Meta {
  ipAddress?: string | null;
}

/** Reports the grantee still has to hand in (or hand in again): flagged overdue after their due date. */
const OPEN_REPORT_STATES = new Set(["draft", "changes_requested"]);

export function isOverdue(report: { dueDate: Date; state: string }, now = new Date()): boolean {
  return OPEN_REPORT_STATES.has(report.state) && report.dueDate.getTime() < now.getTime();
}

export function grantStateLabel(state: string, locale: Locale, who: "staff" | "applicant" = "staff"): string {
  return pickBilingual(GRANT_STATE_LABELS[state as GrantStateId]?.[who], locale, state);
}

export function grantNext(state: string, locale: Locale): string {
  return pickBilingual(GRANT_STATE_LABELS[state as GrantStateId]?.next, locale, "");
}

export function reportStateLabel(state: string, locale: Locale, who: "staff" | "applicant" = "staff"): string {
  return pickBilingual(REPORT_STATE_LABELS[state as ReportStateId]?.[who], locale, state);
}

/** The staff pages: every grant, so the right must reach any grant (a grantee's "organisation" read does not). */
export function requireGrantManager(actor: Actor | null, action: "read" | "create" | "update" | "pay" = "read"): asserts actor is Actor {
  requirePermission(actor, "grant", action);
  if (scopeFor(actor.role, "grant", action) !== "any") throw new AppError("forbidden", "errors.forbidden");
}

// ------------------------------------------------------------------ prefill from the proposal

export interface Prefill {
  amountCents: number;
  totalEligibleCostsCents: number;
  eligibleCostsShareBp: number;
  startDate: Date;
  endDate: Date;
  durationMonths: number;
  reportingPeriodMonths: number;
  finalReportMonths: number;
  budget: BudgetHeadingRow[];
  logframe: Logframe;
}

const EN = translator("en");
const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((x) => x.replace(/^[-•*\s]+/, "").trim())
    .filter((x) => x !== "");

/** What the contract starts from: the proposal's amounts, duration, budget and logical framework. */
export function prefillFromProposal(
  proposal: { requestedAmountCents: number; totalCostCents: number; durationMonths: number | null; content: unknown; submittedContent: unknown; targetCountryCodes: string[] },
  headquartersCountryCode: string,
  now = new Date(),
): Prefill {
  const content = readContent(proposal.submittedContent ?? proposal.content, "FULL_APPLICATION");
  const budgetSection = sectionOf(content, "budget");
  const budgetLines: BudgetLine[] = Array.isArray(budgetSection.lines) ? budgetSection.lines : [];
  const totals = computeBudget(
    budgetLines.filter((l) => Number.isSafeInteger(l.units) && l.units >= 0 && Number.isSafeInteger(l.unitCostCents) && l.unitCostCents >= 0),
    0,
    { maxIndirectCostBp: 10_000, maxCofinancingBp: 10_000, minGrantCents: 0, maxGrantCents: 0 },
  );
  const requested = budgetSection.requestedAmountCents ?? proposal.requestedAmountCents;
  const total = totals.totalCents > 0 ? totals.totalCents : Math.max(proposal.totalCostCents, requested);
  const budget: BudgetHeadingRow[] = Object.entries(totals.byHeading)
    .filter(([, cents]) => cents > 0)
    .map(([code, cents]) => ({ code, label: EN.maybe(`proposals.heading.${code}`), amountCents: cents }));
  const lf = sectionOf(content, "logframe");
  const logframe: Logframe = {
    objectives: [...lines(lf.overallObjective ?? ""), ...lines(lf.specificObjectives ?? "")],
    results: lines(lf.results ?? ""),
    indicators: (Array.isArray(lf.indicators) ? lf.indicators : [])
      .filter((i) => (i.description ?? "").trim() !== "")
      .map((i, n) => ({ code: `I${n + 1}`, label: i.description.trim(), unit: "", baseline: (i.baseline ?? "").trim(), target: (i.target ?? "").trim() })),
  };
  // Nothing in the proposal: the contract form offers empty rows to fill in.
  const durationMonths = sectionOf(content, "summary").durationMonths ?? proposal.durationMonths ?? 12;
  const startDate = firstOfNextMonth(now);
  return {
    amountCents: requested,
    totalEligibleCostsCents: total,
    eligibleCostsShareBp: total > 0 ? Math.min(10_000, Math.ceil((requested * 10_000) / total)) : 10_000,
    startDate,
    endDate: contractEndDate(startDate, Math.max(1, durationMonths)),
    durationMonths: Math.max(1, durationMonths),
    reportingPeriodMonths: DEFAULT_REPORTING_PERIOD_MONTHS,
    finalReportMonths: finalReportMonthsFor(headquartersCountryCode, proposal.targetCountryCodes),
    budget,
    logframe,
  };
}

const PROPOSAL_FOR_GRANT = {
  id: true,
  reference: true,
  title: true,
  state: true,
  callId: true,
  organisationId: true,
  requestedAmountCents: true,
  totalCostCents: true,
  durationMonths: true,
  content: true,
  submittedContent: true,
  targetCountryCodes: true,
  organisation: { select: { legalName: true, countryCode: true } },
  call: { select: { reference: true, titleEn: true, titleFr: true } },
  grant: { select: { id: true } },
} as const satisfies Prisma.ProposalSelect;

/** The awarded proposal a grant is prepared from, with the prefill; refused for any other state or when it has a grant. */
export async function getProposalForNewGrant(actor: Actor | null, proposalId: string, now = new Date()) {
  requireGrantManager(actor, "create");
  const proposal = proposalId ? await db().proposal.findUnique({ where: { id: proposalId }, select: PROPOSAL_FOR_GRANT }) : null;
  if (!proposal) throw new AppError("not_found", "grants.error.proposalNotFound");
  const prefill = prefillFromProposal(proposal, proposal.organisation.countryCode, now);
  return { proposal, prefill, existingGrantId: proposal.grant?.id ?? null, awarded: proposal.state === "awarded" };
}

export async function createGrantFromProposal(actor: Actor | null, proposalId: string, meta: Meta = {}, now = new Date()): Promise<string> {
  requireGrantManager(actor, "create");
  const proposal = proposalId ? await db().proposal.findUnique({ where: { id: proposalId }, select: PROPOSAL_FOR_GRANT }) : null;
  if (!proposal) throw new AppError("not_found", "grants.error.proposalNotFound");
  if (proposal.grant) throw new AppError("conflict", "grants.error.alreadyHasGrant", { grantId: proposal.grant.id });
  if (proposal.state !== "awarded") throw new AppError("transition_refused", "grants.error.notAwarded");
  const p = prefillFromProposal(proposal, proposal.organisation.countryCode, now);
  try {
    return await db().$transaction(async (tx) => {
      const grant = await tx.grant.create({
        data: {
          reference: `G-${proposal.reference}`,
          proposalId: proposal.id,
          callId: proposal.callId,
          organisationId: proposal.organisationId,
          title: proposal.title,
          amountCents: p.amountCents,
          totalEligibleCostsCents: p.totalEligibleCostsCents,
          eligibleCostsShareBp: p.eligibleCostsShareBp,
          startDate: p.startDate,
          endDate: p.endDate,
          reportingPeriodMonths: p.reportingPeriodMonths,
          finalReportMonths: p.finalReportMonths,
          budget: p.budget as unknown as Prisma.InputJsonValue,
          logframe: p.logframe as unknown as Prisma.InputJsonValue,
          createdById: actor.id,
        },
      });
      await regenerateSchedules(tx, grant.id);
      await recordAudit(
        { actorId: actor.id, ipAddress: meta.ipAddress, action: "GRANT_CREATED", entityType: "grant", entityId: grant.id, toState: "contracting", data: { proposalId: proposal.id, amountCents: p.amountCents } },
        tx,
      );
      return grant.id;
    });
  } catch (error) {
    // Two managers at once: the proposal's one grant is already there.
    if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002") throw new AppError("conflict", "grants.error.alreadyHasGrant");
    throw error;
  }
}

// ------------------------------------------------------------------ schedules

/**
 * Rewrites the instalments and the draft reports from the contract (contracting only). Planned
 * amounts the manager adjusted are kept when the schedule's shape and the amount are unchanged;
 * due dates adjusted by hand are kept for periods that did not move.
 */
export async function regenerateSchedules(tx: DbTx, grantId: string, keepAdjusted = false): Promise<void> {
  const grant = await tx.grant.findUniqueOrThrow({ where: { id: grantId }, include: { tranches: { orderBy: { number: "asc" } }, reports: true } });
  const reports = reportingSchedule(grant);
  const durationMonths = monthsCovered(grant.startDate, grant.endDate);
  const tranches = paymentSchedule({ amountCents: grant.amountCents, durationMonths, reports });
  const sameShape =
    keepAdjusted &&
    grant.tranches.length === tranches.length &&
    grant.tranches.every((t, i) => t.number === tranches[i]?.number && t.kind === tranches[i]?.kind && t.dependsOn === tranches[i]?.dependsOn) &&
    scheduleDifference(
      grant.tranches.map((t) => t.plannedAmountCents),
      grant.amountCents,
    ) === null;
  if (!sameShape) {
    await tx.tranche.deleteMany({ where: { grantId } });
    await tx.tranche.createMany({ data: tranches.map((t) => ({ grantId, number: t.number, kind: t.kind, plannedAmountCents: t.plannedAmountCents, dependsOn: t.dependsOn })) });
  }
  const wanted = new Set(reports.map((r) => `${r.kind}:${r.number}`));
  await tx.report.deleteMany({ where: { grantId, id: { in: grant.reports.filter((r) => !wanted.has(`${r.kind}:${r.number}`)).map((r) => r.id) } } });
  for (const r of reports) {
    const existing = grant.reports.find((x) => x.kind === r.kind && x.number === r.number);
    if (!existing) {
      await tx.report.create({ data: { grantId, kind: r.kind, number: r.number, periodStart: r.periodStart, periodEnd: r.periodEnd, dueDate: r.dueDate } });
    } else {
      const moved = existing.periodStart.getTime() !== r.periodStart.getTime() || existing.periodEnd.getTime() !== r.periodEnd.getTime();
      const dueDate = moved || !keepAdjusted ? r.dueDate : existing.dueDate;
      await tx.report.update({ where: { id: existing.id }, data: { periodStart: r.periodStart, periodEnd: r.periodEnd, dueDate } });
    }
  }
}

async function loadForManager(grantId: string) {
  const grant = grantId ? await db().grant.findUnique({ where: { id: grantId } }) : null;
  if (!grant) throw new AppError("not_found", "grants.error.notFound");
  return grant;
}

function requireContracting(state: string) {
  if (state !== "contracting") throw new AppError("transition_refused", "grants.error.notContracting");
}

const CONTRACT_FIELDS = ["amountCents", "totalEligibleCostsCents", "eligibleCostsShareBp", "startDate", "endDate", "reportingPeriodMonths", "finalReportMonths", "budget", "logframe"] as const;

export async function updateContract(actor: Actor | null, grantId: string, input: ContractInput, meta: Meta = {}): Promise<{ changed: string[] }> {
  requireGrantManager(actor, "update");
  return db().$transaction(async (tx) => {
    const grant = await tx.grant.findUnique({ where: { id: grantId } });
    if (!grant) throw new AppError("not_found", "grants.error.notFound");
    requireContracting(grant.state);
    if (grant.version !== input.version) throw new AppError("conflict", "grants.error.conflict");
    const before: Record<string, unknown> = Object.fromEntries(CONTRACT_FIELDS.map((k) => [k, k === "budget" ? readBudget(grant.budget) : k === "logframe" ? readLogframe(grant.logframe) : grant[k]]));
    const after: Record<string, unknown> = Object.fromEntries(CONTRACT_FIELDS.map((k) => [k, input[k]]));
    const diff = diffFields(before, after);
    const changed = Object.keys(diff);
    if (changed.length === 0) return { changed };
    const { count } = await tx.grant.updateMany({
      where: { id: grantId, version: input.version },
      data: {
        amountCents: input.amountCents,
        totalEligibleCostsCents: input.totalEligibleCostsCents,
        eligibleCostsShareBp: input.eligibleCostsShareBp,
        startDate: input.startDate,
        endDate: input.endDate,
        reportingPeriodMonths: input.reportingPeriodMonths,
        finalReportMonths: input.finalReportMonths,
        budget: input.budget as unknown as Prisma.InputJsonValue,
        logframe: input.logframe as unknown as Prisma.InputJsonValue,
        version: { increment: 1 },
      },
    });
    if (count === 0) throw new AppError("conflict", "grants.error.conflict");
    await regenerateSchedules(tx, grantId, true);
    await recordAudit({ actorId: actor.id, ipAddress: meta.ipAddress, action: "CONTRACT_UPDATED", entityType: "grant", entityId: grantId, data: { changes: diff } as unknown as Prisma.InputJsonValue }, tx);
    return { changed };
  });
}

/** The manager's planned amounts (before signature): they must add up to the grant amount. */
export async function adjustSchedule(actor: Actor | null, grantId: string, input: ScheduleInput, meta: Meta = {}): Promise<void> {
  requireGrantManager(actor, "update");
  await db().$transaction(async (tx) => {
    const grant = await tx.grant.findUnique({ where: { id: grantId }, include: { tranches: { orderBy: { number: "asc" } } } });
    if (!grant) throw new AppError("not_found", "grants.error.notFound");
    requireContracting(grant.state);
    if (grant.version !== input.version) throw new AppError("conflict", "grants.error.conflict");
    const byId = new Map(input.tranches.map((t) => [t.id, t.amount]));
    if (grant.tranches.length !== byId.size || grant.tranches.some((t) => !byId.has(t.id))) throw new AppError("bad_request", "errors.badForm");
    const amounts = grant.tranches.map((t) => byId.get(t.id) ?? 0);
    const difference = scheduleDifference(amounts, grant.amountCents);
    if (difference !== null) {
      throw new AppError("bad_request", "grants.error.scheduleSum", { field: "tranches", total: grant.amountCents + difference, amount: grant.amountCents, difference });
    }
    const changes: Record<string, { from: number; to: number }> = {};
    for (const t of grant.tranches) {
      const to = byId.get(t.id) ?? t.plannedAmountCents;
      if (to !== t.plannedAmountCents) {
        changes[`tranche${t.number}`] = { from: t.plannedAmountCents, to };
        await tx.tranche.update({ where: { id: t.id }, data: { plannedAmountCents: to } });
      }
    }
    if (Object.keys(changes).length === 0) return;
    // The version read above may have moved since (two managers at once): the lock is the write.
    const { count } = await tx.grant.updateMany({ where: { id: grantId, version: input.version }, data: { version: { increment: 1 } } });
    if (count === 0) throw new AppError("conflict", "grants.error.conflict");
    await recordAudit({ actorId: actor.id, ipAddress: meta.ipAddress, action: "SCHEDULE_ADJUSTED", entityType: "grant", entityId: grantId, data: { changes } }, tx);
  });
}

/** Due dates the manager moves (reports not yet approved; not once the grant is closed or terminated). */
export async function adjustDueDates(actor: Actor | null, grantId: string, input: DueDatesInput, meta: Meta = {}): Promise<void> {
  requireGrantManager(actor, "update");
  await db().$transaction(async (tx) => {
    const grant = await tx.grant.findUnique({ where: { id: grantId }, include: { reports: true } });
    if (!grant) throw new AppError("not_found", "grants.error.notFound");
    if (grant.state === "closed" || grant.state === "terminated") throw new AppError("transition_refused", "grants.error.ended");
    const changes: Record<string, { from: string; to: string }> = {};
    for (const { id, dueDate } of input.reports) {
      const report = grant.reports.find((r) => r.id === id);
      if (!report) throw new AppError("bad_request", "errors.badForm");
      if (report.dueDate.getTime() === dueDate.getTime()) continue;
      if (report.state === "approved") throw new AppError("bad_request", "grants.error.reportApproved", { field: "reports" });
      if (dueDate.getTime() < report.periodEnd.getTime()) throw new AppError("bad_request", "grants.error.dueBeforePeriodEnd", { field: "reports" });
      changes[`${report.kind}:${report.number}`] = { from: report.dueDate.toISOString().slice(0, 10), to: dueDate.toISOString().slice(0, 10) };
      // A moved due date may need a new reminder.
      await tx.report.update({ where: { id }, data: { dueDate, reminderSentAt: null, overdueNotifiedAt: null } });
    }
    if (Object.keys(changes).length === 0) return;
    // Two managers moving dates at once: the one who saved on an older page is told, not overwritten.
    const { count } = await tx.grant.updateMany({ where: { id: grantId, version: input.version }, data: { version: { increment: 1 } } });
    if (count === 0) throw new AppError("conflict", "grants.error.conflict", { field: "reports" });
    await recordAudit({ actorId: actor.id, ipAddress: meta.ipAddress, action: "DUE_DATES_ADJUSTED", entityType: "grant", entityId: grantId, data: { changes } }, tx);
  });
}

export async function uploadSignedContract(actor: Actor | null, grantId: string, upload: { file: UploadedFile | null; tooLarge: boolean }, meta: Meta = {}): Promise<{ ok: true } | { ok: false; fieldErrors: Record<string, string[]> }> {
  requireGrantManager(actor, "update");
  const grant = await loadForManager(grantId);
  requireContracting(grant.state);
  requirePermission(actor, "document", "create", { organisationId: grant.organisationId });
  const checked = await checkAndScanUploadedFile(upload.file, upload.tooLarge);
  if (checked.error !== null) return { ok: false, fieldErrors: { file: [checked.error] } };
  const bytes = upload.file!.bytes;
  await db().$transaction(async (tx) => {
    // The grantee's organisation owns the file, so its members can download their contract.
    const stored = await storeDocument({ organisationId: grant.organisationId, uploadedById: actor.id, filename: checked.filename, contentType: checked.mime, body: bytes }, tx);
    await tx.document.update({ where: { id: stored.id }, data: { kind: "signed_contract", previousVersionId: grant.signedContractDocumentId } });
    await tx.grant.update({ where: { id: grantId }, data: { signedContractDocumentId: stored.id } });
    await recordAudit(
      { actorId: actor.id, ipAddress: meta.ipAddress, action: "SIGNED_CONTRACT_UPLOADED", entityType: "grant", entityId: grantId, data: { documentId: stored.id, filename: stored.filename, sizeBytes: stored.sizeBytes } },
      tx,
    );
  });
  return { ok: true };
}

// ------------------------------------------------------------------ state changes

function appOrigin() {
  return process.env.APP_URL ?? "http://localhost:3000";
}

/** After commit: every member of the grantee organisation hears about the new state. */
export async function notifyGrantee(committed: CommittedTransition, reason = ""): Promise<void> {
  if (!committed.actions.some((a) => a.type === "notifyGrantee")) return;
  const grant = await db().grant.findUnique({
    where: { id: committed.id },
    select: { id: true, title: true, reference: true, organisation: { select: { members: { select: { user: { select: { email: true, locale: true, disabledAt: true } } } } } } },
  });
  if (!grant) return;
  for (const { user } of grant.organisation.members) {
    if (user.disabledAt) continue;
    const id = await queueEmail({
      to: user.email,
      template: "grantStatusChanged",
      locale: user.locale,
      params: {
        grant: grant.title,
        reference: grant.reference,
        status: grantStateLabel(committed.toState, user.locale, "applicant"),
        next: grantNext(committed.toState, user.locale),
        reason,
        link: `${appOrigin()}/grants/${grant.id}`,
      },
    });
    await deliverEmail(id);
  }
}

function toEvent(input: TransitionInput, now: Date): GrantEvent {
  switch (input.event) {
    case "SIGN":
      return { type: "SIGN", at: now.toISOString() };
    case "SUSPEND":
      return { type: "SUSPEND", reason: input.reason };
    case "TERMINATE":
      return { type: "TERMINATE", reason: input.reason };
    case "RESUME":
      return { type: "RESUME" };
    case "START_CLOSING":
      return { type: "START_CLOSING" };
    case "CLOSE":
      return { type: "CLOSE" };
  }
}

/** Sign, suspend, resume, start closing, close or terminate: through the grant machine only. */
export async function changeGrantState(actor: Actor | null, grantId: string, input: TransitionInput, meta: Meta = {}, now = new Date()): Promise<string> {
  requireGrantManager(actor, "update");
  const grant = await loadForManager(grantId);
  const event = toEvent(input, now);
  const reason = "reason" in event ? event.reason : "";
  const result = await applyTransition({
    entity: "grant",
    id: grantId,
    actor,
    event,
    expectedVersion: input.version,
    ipAddress: meta.ipAddress,
    extraData: event.type === "SIGN" ? { signedAt: now } : undefined,
    effects: async (committed) => {
      if (event.type === "SIGN") {
        // Instalment 1 is released on signature; the proposal becomes "contracted".
        await db().$transaction((tx) => releaseSignatureTranches(tx, grantId, now, actor.id));
        const proposal = await db().proposal.findUnique({ where: { id: grant.proposalId }, select: { state: true } });
        if (proposal?.state === "awarded") {
          await applyTransition({ entity: "proposal", id: grant.proposalId, actor, event: { type: "SIGN_CONTRACT" }, ipAddress: meta.ipAddress });
        }
      }
      await notifyGrantee(committed, reason);
    },
  });
  return result.state;
}

// One event of each type, with a reason where the machine asks for one (the form collects it).
const SAMPLE_EVENTS: GrantEvent[] = GRANT_EVENTS.map((type) =>
  type === "SIGN" ? { type, at: new Date(0).toISOString() } : type === "SUSPEND" || type === "TERMINATE" ? { type, reason: "given on the form" } : { type },
) as GrantEvent[];

/** Which state changes the grant machine accepts now, asked of the machine itself (the page offers only these). */
export function allowedActions(grant: { state: string; signedContractDocumentId: string | null }, facts: { finalReportApproved: boolean; allPaid: boolean }): GrantEvent["type"][] {
  const snapshot = grantMachine.resolveState({ value: grant.state, context: { contractUploaded: grant.signedContractDocumentId !== null, ...facts } });
  return SAMPLE_EVENTS.filter((event) => snapshot.can(event)).map((event) => event.type);
}

// ------------------------------------------------------------------ views

export interface TrancheView {
  id: string;
  number: number;
  kind: string;
  dependsOn: string;
  dependsOnText: Bilingual;
  plannedAmountCents: number;
  dueAmountCents: number | null;
  dueExplanation: Bilingual | null;
  releasedAt: string | null;
  paidAmountCents: number | null;
  paidAt: string | null;
}

export interface ReportView {
  id: string;
  kind: string;
  number: number;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  state: string;
  overdue: boolean;
}

function trancheView(t: {
  id: string;
  number: number;
  kind: string;
  dependsOn: string;
  plannedAmountCents: number;
  dueAmountCents: number | null;
  dueExplanation: string | null;
  releasedAt: Date | null;
  paidAmountCents: number | null;
  paidAt: Date | null;
}): TrancheView {
  return {
    id: t.id,
    number: t.number,
    kind: t.kind,
    dependsOn: t.dependsOn,
    dependsOnText: describeDependency(t.dependsOn),
    plannedAmountCents: t.plannedAmountCents,
    dueAmountCents: t.dueAmountCents,
    dueExplanation: readExplanation(t.dueExplanation),
    releasedAt: t.releasedAt?.toISOString() ?? null,
    paidAmountCents: t.paidAmountCents,
    paidAt: t.paidAt?.toISOString() ?? null,
  };
}

const REPORT_ORDER = (a: { kind: string; number: number }, b: { kind: string; number: number }) => (a.kind === b.kind ? a.number - b.number : a.kind === "INTERIM" ? -1 : 1);

function reportView(r: { id: string; kind: string; number: number; periodStart: Date; periodEnd: Date; dueDate: Date; state: string }, now: Date): ReportView {
  return {
    id: r.id,
    kind: r.kind,
    number: r.number,
    periodStart: r.periodStart.toISOString(),
    periodEnd: r.periodEnd.toISOString(),
    dueDate: r.dueDate.toISOString(),
    state: r.state,
    overdue: isOverdue(r, now),
  };
}

export interface ChangeView {
  id: string;
  at: string;
  action: string;
  actor: string | null;
  fromState: string | null;
  toState: string | null;
  changes: { field: string; from: string; to: string }[];
  reason: string | null;
}

/** A changed value in words: money and shares formatted, lists summarised. */
function show(field: string, v: unknown, locale: Locale): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number" && (/Cents$/.test(field) || /^tranche\d+$/.test(field))) return formatMoney(v, locale);
  if (typeof v === "number" && /Bp$/.test(field)) return formatShare(v, locale);
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v)) return formatDate(v, locale);
  if (typeof v === "string" || typeof v === "number") return String(v);
  if (Array.isArray(v)) return v.map((r) => (typeof r === "object" && r !== null && "label" in r ? `${String((r as { label: unknown }).label)}${"amountCents" in r && typeof r.amountCents === "number" ? ` ${formatMoney(r.amountCents, locale)}` : ""}` : String(r))).join("; ");
  return JSON.stringify(v).slice(0, 300);
}

function changeView(e: { id: string; at: Date; action: string; fromState: string | null; toState: string | null; data: unknown; actor: { name: string } | null }, locale: Locale): ChangeView {
  const data = (typeof e.data === "object" && e.data !== null ? e.data : {}) as { changes?: unknown; event?: { reason?: unknown } };
  const changes =
    typeof data.changes === "object" && data.changes !== null
      ? Object.entries(data.changes as Record<string, { from?: unknown; to?: unknown }>).map(([field, c]) => ({ field, from: show(field, c?.from, locale), to: show(field, c?.to, locale) }))
      : [];
  return {
    id: e.id,
    at: e.at.toISOString(),
    action: e.action,
    actor: e.actor?.name ?? null,
    fromState: e.fromState,
    toState: e.toState,
    changes,
    reason: typeof data.event?.reason === "string" ? data.event.reason : null,
  };
}

const GRANT_INCLUDE = {
  organisation: { select: { id: true, legalName: true, acronym: true, countryCode: true } },
  call: { select: { id: true, reference: true, titleEn: true, titleFr: true } },
  proposal: { select: { id: true, reference: true, state: true, targetCountryCodes: true } },
  tranches: { orderBy: { number: "asc" } },
  reports: true,
} as const satisfies Prisma.GrantInclude;

/** Everything the manager's grant pages show. */
export async function getGrantForManager(actor: Actor | null, grantId: string, locale: Locale = "en", now = new Date()) {
  requireGrantManager(actor, "read");
  const grant = grantId ? await db().grant.findUnique({ where: { id: grantId }, include: GRANT_INCLUDE }) : null;
  if (!grant) throw new AppError("not_found", "grants.error.notFound");
  const [events, contract] = await Promise.all([
    db().auditEvent.findMany({ where: { entityType: "grant", entityId: grant.id }, orderBy: { at: "desc" }, take: 100, include: { actor: { select: { name: true } } } }),
    grant.signedContractDocumentId ? db().document.findUnique({ where: { id: grant.signedContractDocumentId }, select: { id: true, filename: true, createdAt: true } }) : null,
  ]);
  const reports = [...grant.reports].sort(REPORT_ORDER);
  const facts = { finalReportApproved: reports.some((r) => r.kind === "FINAL" && r.state === "approved"), allPaid: grant.tranches.length > 0 && grant.tranches.every((t) => t.paidAt !== null) };
  return {
    grant,
    tranches: grant.tranches.map(trancheView),
    reports: reports.map((r) => reportView(r, now)),
    changes: events.map((e) => changeView(e, locale)),
    contract: contract ? { id: contract.id, filename: contract.filename, uploadedAt: contract.createdAt.toISOString() } : null,
    allowed: allowedActions(grant, facts),
    facts,
    canPay: can(actor, "grant", "pay"),
  };
}

// ------------------------------------------------------------------ grantees

function granteeWhere(actor: Actor): Prisma.GrantWhereInput {
  // Contracts being prepared are the grant manager's work; grantees see them too (the state says so).
  return { organisationId: { in: actor.organisationIds } };
}

export async function listGrantsForGrantee(actor: Actor | null, now = new Date()) {
  requirePermission(actor, "grant", "list");
  const grants = await db().grant.findMany({
    where: granteeWhere(actor),
    orderBy: { createdAt: "desc" },
    include: { organisation: { select: { legalName: true } }, reports: true, tranches: { orderBy: { number: "asc" } } },
  });
  return grants.map((g) => ({
    id: g.id,
    reference: g.reference,
    title: g.title,
    state: g.state,
    organisation: g.organisation.legalName,
    amountCents: g.amountCents,
    startDate: g.startDate.toISOString(),
    endDate: g.endDate.toISOString(),
    ...whatIsDue(g, now),
  }));
}

/** The next report to hand in and the next payment, with what it waits for. */
export function whatIsDue(
  g: {
    state: string;
    reports: { id: string; kind: string; number: number; periodStart: Date; periodEnd: Date; dueDate: Date; state: string }[];
    tranches: Parameters<typeof trancheView>[0][];
  },
  now = new Date(),
): { nextReport: ReportView | null; nextPayment: (TrancheView & { waitsFor: Bilingual }) | null } {
  const ended = g.state === "closed" || g.state === "terminated";
  const open = g.reports.filter((r) => r.state !== "approved").sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime() || REPORT_ORDER(a, b));
  const next = ended ? undefined : open[0];
  const unpaid = g.tranches.filter((t) => t.paidAt === null).sort((a, b) => a.number - b.number)[0];
  let nextPayment: (TrancheView & { waitsFor: Bilingual }) | null = null;
  if (unpaid && !ended) {
    const view = trancheView(unpaid);
    const dep = parseDependency(unpaid.dependsOn);
    const waitsFor: Bilingual = unpaid.releasedAt
      ? { en: "Released: the payment is on its way.", fr: "Débloquée : le paiement est en cours." }
      : dep?.type === "signature"
        ? { en: "Waits for the signature of the contract.", fr: "Attend la signature du contrat." }
        : dep?.type === "report" && dep.kind === "FINAL"
          ? { en: "Waits for the approval of the final report.", fr: "Attend l’approbation du rapport final." }
          : dep?.type === "report"
            ? { en: `Waits for the approval of interim report ${dep.number}.`, fr: `Attend l’approbation du rapport intermédiaire ${dep.number}.` }
            : view.dependsOnText;
    nextPayment = { ...view, waitsFor };
  }
  return { nextReport: next ? reportView(next, now) : null, nextPayment };
}

/** One grant of the actor's organisation; any other grant is "not found". */
export async function getGrantForGrantee(actor: Actor | null, grantId: string, now = new Date()) {
  requirePermission(actor, "grant", "read");
  const grant = grantId ? await db().grant.findUnique({ where: { id: grantId }, include: GRANT_INCLUDE }) : null;
  if (!grant || !can(actor, "grant", "read", { organisationId: grant.organisationId })) throw new AppError("not_found", "grants.error.notFound");
  // Staff reading through this page would see any grant; the grantee page is for members.
  if (actor.role !== "APPLICANT") throw new AppError("not_found", "grants.error.notFound");
  const contract = grant.signedContractDocumentId ? await db().document.findUnique({ where: { id: grant.signedContractDocumentId }, select: { id: true, filename: true } }) : null;
  const reports = [...grant.reports].sort(REPORT_ORDER);
  return {
    grant,
    reports: reports.map((r) => reportView(r, now)),
    payments: grant.tranches.filter((t) => t.paidAt !== null).map(trancheView),
    contract,
    ...whatIsDue(grant, now),
  };
}

/** For the proposal page: the proposal's grant, if any. */
export async function grantOfProposal(proposalId: string): Promise<{ id: string } | null> {
  return db().grant.findUnique({ where: { proposalId }, select: { id: true } });
}
