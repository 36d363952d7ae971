// /grants/:grantId (grantees): the grant's state in applicant words and what happens next,
// what is due next (the next report and its due date, overdue flagged; the next payment and
// what it waits for), the reports (each opens its own page) and the payments received.
// Another organisation's grant is "not found".
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fact } from "~/components/Facts.tsx";
import { GrantReportsTable, useReportName } from "~/components/GrantReportsTable.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { can } from "~/modules/auth/permissions.ts";
import { getGrantForGrantee, grantNext, grantStateLabel, reportStateLabel } from "~/modules/grants/grants.server.ts";
import { formatDate, formatMoney, formatShare } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, pickBilingual, useT, type MessageKey } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => [{ title: pageTitle(localeFromMatches(matches), loaded ? loaded.grant.title : undefined) }];

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  const grantId = params.grantId ?? "";
  // Grant managers work on the staff page of the grant.
  if (can(actor, "grant", "update")) throw redirect(`/manage/grants/${encodeURIComponent(grantId)}`);
  const locale = resolveLocale(request, user);
  const v = await getGrantForGrantee(actor, grantId);
  const g = v.grant;
  return {
    grant: {
      id: g.id,
      reference: g.reference,
      title: g.title,
      state: g.state,
      stateLabel: grantStateLabel(g.state, locale, "applicant"),
      next: grantNext(g.state, locale),
      amountCents: g.amountCents,
      eligibleCostsShareBp: g.eligibleCostsShareBp,
      startDate: g.startDate.toISOString(),
      endDate: g.endDate.toISOString(),
    },
    organisation: g.organisation.legalName,
    contract: v.contract,
    nextReport: v.nextReport ? { ...v.nextReport, stateLabel: reportStateLabel(v.nextReport.state, locale, "applicant") } : null,
    nextPayment: v.nextPayment
      ? { number: v.nextPayment.number, kind: v.nextPayment.kind, plannedAmountCents: v.nextPayment.plannedAmountCents, dueAmountCents: v.nextPayment.dueAmountCents, waitsFor: pickBilingual(v.nextPayment.waitsFor, locale, ""), explanation: v.nextPayment.dueExplanation ? pickBilingual(v.nextPayment.dueExplanation, locale, "") : null }
      : null,
    reports: v.reports.map((r) => ({ ...r, stateLabel: reportStateLabel(r.state, locale, "applicant") })),
    payments: v.payments.map((p) => ({ id: p.id, number: p.number, kind: p.kind, amountCents: p.paidAmountCents ?? 0, paidAt: p.paidAt ?? "" })),
  };
});

export default function GranteeGrant() {
  const { grant, organisation, contract, nextReport, nextPayment, reports, payments } = useLoaderData<typeof loader>();
  const t = useT();
  const reportName = useReportName();
  const money = (c: number) => formatMoney(c, t.locale);
  return (
    <article aria-labelledby="grant-title">
      <p className="breadcrumb">
        <Link to="/grants">← {t("grants.mine.title")}</Link>
      </p>
      <header className="page-header">
        <p className="muted">
          {grant.reference} · {organisation}
        </p>
        <h1 id="grant-title">{grant.title}</h1>
        <StatusBadge state={grant.state} label={grant.stateLabel} />
        <p>{grant.next}</p>
      </header>

      <section aria-labelledby="due-title" className="card">
        <h2 id="due-title">{t("grants.grantee.dueNext")}</h2>
        <dl className="facts">
          <Fact label={t("grants.grantee.nextReport")}>
            {nextReport ? (
              <>
                <Link to={`/grants/${grant.id}/reports/${nextReport.id}`}>{reportName(nextReport)}</Link>, {t("grants.grantee.dueOn", { date: formatDate(nextReport.dueDate, t.locale) })}{" "}
                {nextReport.overdue ? <span className="badge badge--danger">{t("grants.report.overdue")}</span> : null}
              </>
            ) : (
              <span className="muted">{t("grants.mine.noReportDue")}</span>
            )}
          </Fact>
          <Fact label={t("grants.grantee.nextPayment")}>
            {nextPayment ? (
              <>
                {t(`grants.tranche.kind.${nextPayment.kind}` as MessageKey)} ({nextPayment.number}):{" "}
                {nextPayment.dueAmountCents !== null ? t("grants.grantee.paymentDue", { amount: money(nextPayment.dueAmountCents) }) : t("grants.grantee.paymentAmount", { amount: money(nextPayment.plannedAmountCents) })}. {nextPayment.waitsFor}
                {nextPayment.explanation ? <p className="small muted">{nextPayment.explanation}</p> : null}
              </>
            ) : (
              <span className="muted">{t("grants.grantee.noNextPayment")}</span>
            )}
          </Fact>
        </dl>
      </section>

      <section aria-labelledby="facts-title" className="card">
        <h2 id="facts-title">{t("grants.contract.terms")}</h2>
        <dl className="facts">
          <Fact label={t("grants.facts.amount")}>{money(grant.amountCents)}</Fact>
          <Fact label={t("grants.facts.share")}>{formatShare(grant.eligibleCostsShareBp, t.locale)}</Fact>
          <Fact label={t("grants.facts.period")}>{t("grants.facts.periodValue", { start: formatDate(grant.startDate, t.locale), end: formatDate(grant.endDate, t.locale) })}</Fact>
          {contract ? (
            <Fact label={t("grants.facts.signedContract")}>
              <a href={`/documents/${contract.id}/download`} aria-label={t("grants.grantee.downloadContract")}>
                {contract.filename}
              </a>
            </Fact>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="reports-title" className="card">
        <h2 id="reports-title">{t("grants.grantee.reports")}</h2>
        <GrantReportsTable reports={reports} href={(id) => `/grants/${grant.id}/reports/${id}`} />
      </section>

      <section aria-labelledby="payments-title" className="card">
        <h2 id="payments-title">{t("grants.grantee.payments")}</h2>
        {payments.length === 0 ? (
          <p className="muted">{t("grants.grantee.noPayments")}</p>
        ) : (
          <ul>
            {payments.map((p) => (
              <li key={p.id}>
                {t(`grants.tranche.kind.${p.kind}` as MessageKey)} ({p.number}): {t("grants.tranche.paidOn", { amount: money(p.amountCents), date: formatDate(p.paidAt, t.locale) })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
