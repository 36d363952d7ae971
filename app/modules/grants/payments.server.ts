// A grant's instalments: released on signature or when the report they wait for is approved
// (the amount due computed with the 70% rule, see schedule.ts), then recorded as paid by the
// grant manager. Every change is audited.
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { requirePermission, type Actor } from "~/modules/auth/permissions.ts";
import { db, type DbTx } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import type { PaymentInput } from "./contract-schema.ts";
import { balanceDue, fundedSpend, instalmentDue, reportDependency, SIGNATURE, type AmountDue, type ReportKind } from "./schedule.ts";

/** Sum of the spent amounts in a report's financial part ({ [headingCode]: spentCents }); anything else counts 0. */
export function reportedSpend(financial: unknown): number {
  if (typeof financial !== "object" || financial === null || Array.isArray(financial)) return 0;
  let total = 0;
  for (const v of Object.values(financial as Record<string, unknown>)) {
    if (typeof v === "number" && Number.isSafeInteger(v) && v > 0) total += v;
  }
  return total;
}

interface TrancheRow {
  number: number;
  kind: string;
  plannedAmountCents: number;
  paidAmountCents: number | null;
}

/**
 * What is due for tranche `number` given the tranches paid before it and the grant-financed
 * spend reported so far. The balance is the final payment; every other instalment follows
 * the 70% rule.
 */
export function computeDue(tranches: readonly TrancheRow[], number: number, grant: { amountCents: number; eligibleCostsShareBp: number }, spentCents: number): AmountDue {
  const sorted = [...tranches].sort((a, b) => a.number - b.number);
  const target = sorted.find((t) => t.number === number);
  if (!target) throw new Error(`no tranche ${number}`);
  const before = sorted.filter((t) => t.number < number);
  const paid = (t: TrancheRow | undefined) => t?.paidAmountCents ?? 0;
  const funded = fundedSpend(spentCents, grant.eligibleCostsShareBp);
  if (target.kind === "BALANCE") {
    return balanceDue({ plannedCents: target.plannedAmountCents, amountCents: grant.amountCents, spentCents: funded, paidBeforeCents: before.reduce((s, t) => s + paid(t), 0) });
  }
  const previous = before[before.length - 1];
  return instalmentDue({
    plannedCents: target.plannedAmountCents,
    earlierTranchesCents: before.slice(0, -1).reduce((s, t) => s + paid(t), 0),
    previousTrancheCents: paid(previous),
    spentCents: funded,
  });
}

/** Releases the tranches paid on signature (in full). Runs inside the signing transaction. */
export async function releaseSignatureTranches(tx: DbTx, grantId: string, at: Date, actorId: string | null): Promise<void> {
  const tranches = await tx.tranche.findMany({ where: { grantId, dependsOn: SIGNATURE, releasedAt: null } });
  for (const t of tranches) {
    const dueExplanation = JSON.stringify({ en: "Paid in full on signature.", fr: "Payée en totalité à la signature." });
    await tx.tranche.update({ where: { id: t.id }, data: { releasedAt: at, dueAmountCents: t.plannedAmountCents, dueExplanation } });
    await recordAudit({ actorId, action: "TRANCHE_RELEASED", entityType: "grant", entityId: grantId, data: { tranche: t.number, dueAmountCents: t.plannedAmountCents, dependsOn: SIGNATURE } }, tx);
  }
}

/** Reads the stored explanation ({ en, fr } as JSON, or plain text). */
export function readExplanation(stored: string | null): { en: string; fr: string } | null {
  if (!stored) return null;
  try {
    const parsed = JSON.parse(stored) as unknown;
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as { en?: unknown }).en === "string" && typeof (parsed as { fr?: unknown }).fr === "string") {
      return parsed as { en: string; fr: string };
    }
  } catch {
    // plain text below
  }
  return { en: stored, fr: stored };
}

/**
 * Called once a report is approved: releases the tranche that waits for it, with the amount
 * due after the 70% rule computed from the spend in the grant's approved reports and the
 * tranches paid so far. Idempotent: a tranche already released is returned as it is. Null
 * when no tranche waits for this report or the report is not approved.
 */
export async function releaseTrancheAfterReport(reportId: string, actorId: string | null): Promise<{ trancheId: string; dueAmountCents: number } | null> {
  return db().$transaction(async (tx) => {
    const report = await tx.report.findUnique({ where: { id: reportId }, select: { id: true, grantId: true, kind: true, number: true, state: true } });
    if (!report || report.state !== "approved") return null;
    const dependsOn = reportDependency(report.kind as ReportKind, report.number);
    const grant = await tx.grant.findUnique({
      where: { id: report.grantId },
      select: {
        id: true,
        amountCents: true,
        eligibleCostsShareBp: true,
        tranches: { select: { id: true, number: true, kind: true, plannedAmountCents: true, paidAmountCents: true, dependsOn: true, releasedAt: true, dueAmountCents: true } },
        reports: { where: { state: "approved" }, select: { financial: true } },
      },
    });
    if (!grant) return null;
    const tranche = grant.tranches.find((t) => t.dependsOn === dependsOn);
    if (!tranche) return null;
    if (tranche.releasedAt !== null && tranche.dueAmountCents !== null) return { trancheId: tranche.id, dueAmountCents: tranche.dueAmountCents };
    const spent = grant.reports.reduce((s, r) => s + reportedSpend(r.financial), 0);
    const due = computeDue(grant.tranches, tranche.number, grant, spent);
    // Only the first caller releases it; a concurrent one finds it released.
    const { count } = await tx.tranche.updateMany({
      where: { id: tranche.id, releasedAt: null },
      data: { releasedAt: new Date(), dueAmountCents: due.dueCents, dueExplanation: JSON.stringify(due.explanation), reportId },
    });
    if (count === 0) {
      const current = await tx.tranche.findUniqueOrThrow({ where: { id: tranche.id }, select: { dueAmountCents: true } });
      return { trancheId: tranche.id, dueAmountCents: current.dueAmountCents ?? due.dueCents };
    }
    await recordAudit(
      {
        actorId,
        action: "TRANCHE_RELEASED",
        entityType: "grant",
        entityId: grant.id,
        data: { tranche: tranche.number, reportId, dependsOn, plannedAmountCents: tranche.plannedAmountCents, dueAmountCents: due.dueCents, spentCents: spent, thresholdCents: due.thresholdCents, shortfallCents: due.shortfallCents },
      },
      tx,
    );
    return { trancheId: tranche.id, dueAmountCents: due.dueCents };
  });
}

/** The grant manager records the payment of a released tranche: never more than due, once. */
export async function recordPayment(actor: Actor, grantId: string, input: PaymentInput, opts: { ipAddress?: string | null } = {}): Promise<void> {
  requirePermission(actor, "grant", "pay");
  await db().$transaction(async (tx) => {
    const tranche = await tx.tranche.findFirst({ where: { id: input.trancheId, grantId }, include: { grant: { select: { state: true } } } });
    if (!tranche) throw new AppError("not_found", "grants.payment.error.noTranche");
    if (tranche.releasedAt === null || tranche.dueAmountCents === null) throw new AppError("bad_request", "grants.payment.error.notReleased", { field: "trancheId" });
    if (tranche.paidAt !== null) throw new AppError("conflict", "grants.payment.error.alreadyPaid", { field: "trancheId" });
    if (tranche.grant.state === "closed" || tranche.grant.state === "terminated") throw new AppError("bad_request", "grants.payment.error.grantEnded", { field: "trancheId" });
    if (input.amountCents > tranche.dueAmountCents) throw new AppError("bad_request", "grants.payment.error.aboveDue", { field: "amount" });
    const { count } = await tx.tranche.updateMany({ where: { id: tranche.id, paidAt: null }, data: { paidAmountCents: input.amountCents, paidAt: input.paidAt } });
    if (count === 0) throw new AppError("conflict", "grants.payment.error.alreadyPaid", { field: "trancheId" });
    await recordAudit(
      { actorId: actor.id, ipAddress: opts.ipAddress, action: "PAYMENT_RECORDED", entityType: "grant", entityId: grantId, data: { tranche: tranche.number, amountCents: input.amountCents, paidAt: input.paidAt.toISOString().slice(0, 10), dueAmountCents: tranche.dueAmountCents } },
      tx,
    );
  });
}
