// A grant's reports: period, due date (flagged when overdue), state, and a link to each.
import { Link } from "@remix-run/react";
import { formatDate } from "~/utils/format.ts";
import { useT } from "~/utils/i18n.ts";
import { StatusBadge } from "./StatusBadge.tsx";

export interface GrantReportRow {
  id: string;
  kind: string;
  number: number;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  state: string;
  stateLabel: string;
  overdue: boolean;
}

export function useReportName() {
  const t = useT();
  return (r: { kind: string; number: number }) => (r.kind === "FINAL" ? t("grants.report.kind.FINAL") : t("grants.report.kind.INTERIM", { number: r.number }));
}

export function GrantReportsTable({ reports, href }: { reports: GrantReportRow[]; href: (reportId: string) => string }) {
  const t = useT();
  const name = useReportName();
  if (reports.length === 0) return <p className="muted">{t("grants.report.none")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("grants.overview.reports")}</th>
            <th scope="col">{t("grants.report.period")}</th>
            <th scope="col">{t("grants.report.due")}</th>
            <th scope="col">{t("grants.report.state")}</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r) => (
            <tr key={r.id} data-report={`${r.kind}:${r.number}`}>
              <th scope="row">
                <Link to={href(r.id)}>{name(r)}</Link>
              </th>
              <td>{t("grants.facts.periodValue", { start: formatDate(r.periodStart, t.locale), end: formatDate(r.periodEnd, t.locale) })}</td>
              <td className="nowrap">
                {formatDate(r.dueDate, t.locale)}{" "}
                {r.overdue ? <span className="badge badge--danger">{t("grants.report.overdue")}</span> : null}
              </td>
              <td>
                <StatusBadge state={r.state} label={r.stateLabel} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
