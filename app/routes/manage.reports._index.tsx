// /manage/reports (grant managers): every grant's reports in one list: to review (submitted
// or under review, oldest first), overdue, due within 14 days, or all; filtered by type and by
// grant, reference or organisation, and paginated in the database.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PagedTable } from "~/components/staff/PagedTable.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { isReportOverdue } from "~/modules/reporting/completeness.ts";
import { REPORT_LIST_VIEWS, ReportListQuerySchema } from "~/modules/reporting/report-schema.ts";
import { listReports, reportName, reportStaffLabel } from "~/modules/reporting/review.server.ts";
import { formatDate } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const meta: MetaFunction = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("reports.list.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  const locale = resolveLocale(request, user);
  const url = new URL(request.url);
  const filters = ReportListQuerySchema.parse(Object.fromEntries(url.searchParams));
  const now = new Date();
  const list = await listReports(actor, filters, now);
  return {
    filters: { ...filters, page: list.page },
    counts: list.counts,
    total: list.total,
    pageCount: list.pageCount,
    rows: list.rows.map((r) => {
      const name = reportName(r.kind, r.number, locale);
      return {
        id: r.id,
        name: name.charAt(0).toUpperCase() + name.slice(1),
        state: r.state,
        stateLabel: reportStaffLabel(r.state, locale),
        dueDate: r.dueDate.toISOString(),
        overdue: isReportOverdue(r, now),
        submitted: r.state !== "draft",
        grant: { id: r.grant.id, reference: r.grant.reference, title: r.grant.title },
        organisation: r.grant.organisation.legalName,
      };
    }),
  };
});

export default function ManageReports() {
  const { filters, counts, total, pageCount, rows } = useLoaderData<typeof loader>();
  const t = useT();
  const href = (view: string) => {
    const p = new URLSearchParams();
    p.set("view", view);
    if (filters.kind) p.set("kind", filters.kind);
    if (filters.q) p.set("q", filters.q);
    return `/manage/reports?${p.toString()}`;
  };
  return (
    <section aria-labelledby="reports-title">
      <header className="page-header">
        <h1 id="reports-title">{t("reports.list.title")}</h1>
        <p className="muted">{t("reports.list.intro")}</p>
      </header>
      <nav aria-label={t("reports.list.view")}>
        <ul style={{ display: "flex", gap: "1.5rem", flexWrap: "wrap", listStyle: "none", padding: 0 }}>
          {REPORT_LIST_VIEWS.map((v) => (
            <li key={v}>
              <Link to={href(v)} aria-current={filters.view === v ? "page" : undefined} style={filters.view === v ? { fontWeight: 700 } : undefined}>
                {t(`reports.list.view.${v}`, { count: counts[v] })}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" className="card" style={{ display: "flex", gap: "1rem", flexWrap: "wrap", alignItems: "end" }}>
        <input type="hidden" name="view" value={filters.view} />
        <div className="field">
          <label htmlFor="reports-kind">{t("reports.list.kind")}</label>
          <select id="reports-kind" name="kind" defaultValue={filters.kind}>
            <option value="">{t("reports.list.kind.all")}</option>
            <option value="INTERIM">{t("reports.list.kind.INTERIM")}</option>
            <option value="FINAL">{t("reports.list.kind.FINAL")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="reports-q">{t("reports.list.q")}</label>
          <input id="reports-q" name="q" type="search" defaultValue={filters.q} />
        </div>
        <p style={{ display: "flex", gap: "1rem", alignItems: "center", margin: 0 }}>
          <button type="submit" className="button">
            {t("reports.list.apply")}
          </button>
          <Link to={`/manage/reports?view=${filters.view}`}>{t("reports.list.clear")}</Link>
        </p>
      </Form>
      <PagedTable
        id="reports-list"
        title={t("reports.list.heading", { count: total })}
        empty={t("reports.list.empty")}
        headers={[t("reports.list.col.report"), t("reports.list.col.grant"), t("reports.list.col.organisation"), t("reports.list.col.due"), t("reports.list.col.status")]}
        rowCount={rows.length}
        page={filters.page}
        pageCount={pageCount}
      >
        {rows.map((r) => (
          <tr key={r.id} data-report={r.id}>
            <td>
              <Link to={`/manage/reports/${r.id}`}>{r.name}</Link>
            </td>
            <td>
              <span className="nowrap">{r.grant.reference}</span> {r.grant.title}
            </td>
            <td>{r.organisation}</td>
            <td className="nowrap">
              {formatDate(r.dueDate, t.locale)} {r.overdue ? <span className="badge badge--danger">{t("reports.overdue")}</span> : null}
            </td>
            <td>
              <StatusBadge state={r.state} label={r.submitted ? r.stateLabel : t("reports.list.notSubmitted")} />
            </td>
          </tr>
        ))}
      </PagedTable>
    </section>
  );
}
