// /grants (grantees): the grants of the user's organisations, each with its state in
// applicant words and what is due next. Grant managers have their own pages.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { useReportName } from "~/components/GrantReportsTable.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { can } from "~/modules/auth/permissions.ts";
import { grantNext, grantStateLabel, listGrantsForGrantee } from "~/modules/grants/grants.server.ts";
import { formatDate, formatMoney } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, pickBilingual, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const meta: MetaFunction = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("grants.mine.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  // Grant managers see every grant in their portfolio.
  if (can(actor, "grant", "update")) throw redirect("/manage/portfolio");
  const locale = resolveLocale(request, user);
  const grants = await listGrantsForGrantee(actor);
  return {
    grants: grants.map((g) => ({
      id: g.id,
      reference: g.reference,
      title: g.title,
      organisation: g.organisation,
      amountCents: g.amountCents,
      state: g.state,
      stateLabel: grantStateLabel(g.state, locale, "applicant"),
      next: grantNext(g.state, locale),
      nextReport: g.nextReport,
      nextPayment: g.nextPayment ? { waitsFor: pickBilingual(g.nextPayment.waitsFor, locale, ""), amountCents: g.nextPayment.dueAmountCents ?? g.nextPayment.plannedAmountCents } : null,
    })),
  };
});

export default function MyGrants() {
  const { grants } = useLoaderData<typeof loader>();
  const t = useT();
  const reportName = useReportName();
  return (
    <>
      <header className="page-header">
        <h1>{t("grants.mine.title")}</h1>
        <p className="lead">{t("grants.mine.intro")}</p>
      </header>
      {grants.length === 0 ? (
        <p className="empty">{t("grants.mine.empty")}</p>
      ) : (
        <ul className="card-list">
          {grants.map((g) => (
            <li key={g.id} className="card" data-grant={g.reference}>
              <div className="card__header">
                <h2>
                  <Link to={`/grants/${g.id}`}>{g.title}</Link>
                </h2>
                <StatusBadge state={g.state} label={g.stateLabel} />
              </div>
              <p className="muted">
                {g.reference} · {g.organisation} · {formatMoney(g.amountCents, t.locale)}
              </p>
              <p>{g.next}</p>
              {g.nextReport ? (
                <p>
                  {t("grants.mine.nextReport", { report: reportName(g.nextReport), date: formatDate(g.nextReport.dueDate, t.locale) })}{" "}
                  {g.nextReport.overdue ? <span className="badge badge--danger">{t("grants.report.overdue")}</span> : null}
                </p>
              ) : (
                <p className="muted">{t("grants.mine.noReportDue")}</p>
              )}
              {g.nextPayment ? (
                <p>
                  {t("grants.grantee.nextPayment")}: {formatMoney(g.nextPayment.amountCents, t.locale)} — {g.nextPayment.waitsFor}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
