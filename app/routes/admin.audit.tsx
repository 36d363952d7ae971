// /admin/audit (ADMIN and GRANT_MANAGER, per the permission table): the audit log, filtered
// by action, type of record, record, the actor's email and a date range, paginated on the
// server; each event in words: when, who, from which address, what, on which record, from → to.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field } from "~/components/Field.tsx";
import { FilterActions, PagedTable } from "~/components/staff/PagedTable.tsx";
import { SelectField } from "~/components/staff/SelectField.tsx";
import { searchAuditEvents } from "~/modules/audit/audit-search.server.ts";
import { requirePermission } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { AuditQuerySchema, queryAsForm } from "~/modules/auth/staff-schemas.ts";
import { formatDateTime, formatNumber } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle, parseWith } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("staff.audit.title")) }];
};

/** Audit times are the facility's (the filters read days in the same zone). */
const FACILITY_TIME_ZONE = "Europe/Vienna";

const FILTERS = ["action", "entityType", "actor", "record", "from", "to"] as const;

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requirePermission(actor, "audit", "list");
  const parsed = parseWith(queryAsForm(request.url), AuditQuerySchema);
  // Bad filters are shown as field errors; the log is then shown unfiltered.
  const result = await searchAuditEvents(actor, parsed.ok ? parsed.data : { page: 1 }, resolveLocale(request, user));
  const source: Record<string, unknown> = parsed.ok ? parsed.data : parsed.values;
  const filters = Object.fromEntries(FILTERS.map((k) => [k, typeof source[k] === "string" ? source[k] : ""])) as Record<(typeof FILTERS)[number], string>;
  const body = { ...result, filters, filterErrors: parsed.ok ? null : parsed.fieldErrors };
  return parsed.ok ? body : data(body, { status: 400 });
});

export default function AuditLog() {
  const { rows, total, page, pageCount, actions, entityTypes, filters, filterErrors } = useLoaderData<typeof loader>();
  const t = useT();
  const labels = {
    action: t("staff.audit.action"),
    entityType: t("staff.audit.entityType"),
    actor: t("staff.audit.actor"),
    record: t("staff.audit.record"),
    from: t("staff.audit.from"),
    to: t("staff.audit.to"),
    page: t("staff.pagination.label"),
  };
  // A filter value not in the log (yet) stays choosable, so the form shows what was asked.
  const withCurrent = (list: { code: string; label: string }[], current: string) => (current && !list.some((o) => o.code === current) ? [...list, { code: current, label: current }] : list);
  return (
    <>
      <header className="page-header">
        <h1>{t("staff.audit.title")}</h1>
        <p>{t("staff.audit.intro")}</p>
      </header>

      <section aria-labelledby="audit-filters-title">
        <h2 id="audit-filters-title">{t("staff.audit.filters")}</h2>
        <ErrorSummary errors={filterErrors ?? undefined} labels={labels} />
        <Form key={JSON.stringify(filters)} method="get" className="form" role="search" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(14rem, 1fr))", alignItems: "end" }}>
          <SelectField
            name="action"
            label={labels.action}
            defaultValue={filters.action}
            errors={filterErrors?.action}
            options={[{ value: "", label: t("staff.audit.anyAction") }, ...withCurrent(actions, filters.action).map((a) => ({ value: a.code, label: a.label }))]}
          />
          <SelectField
            name="entityType"
            label={labels.entityType}
            defaultValue={filters.entityType}
            errors={filterErrors?.entityType}
            options={[{ value: "", label: t("staff.audit.anyEntityType") }, ...withCurrent(entityTypes, filters.entityType).map((a) => ({ value: a.code, label: a.label }))]}
          />
          <Field name="actor" type="search" label={labels.actor} hint={t("staff.audit.actorHint")} spellCheck={false} defaultValue={filters.actor} errors={filterErrors?.actor} />
          <Field name="record" label={labels.record} spellCheck={false} defaultValue={filters.record} errors={filterErrors?.record} />
          <Field name="from" type="date" label={labels.from} hint={t("staff.audit.dateHint")} defaultValue={filters.from} errors={filterErrors?.from} />
          <Field name="to" type="date" label={labels.to} hint={t("staff.audit.dateHint")} defaultValue={filters.to} errors={filterErrors?.to} />
          <FilterActions apply={t("staff.audit.apply")} clear={t("staff.audit.clear")} clearTo="/admin/audit" />
        </Form>
      </section>

      <PagedTable
        id="events"
        title={t("staff.audit.count", { count: formatNumber(total, t.locale) })}
        empty={t("staff.audit.none")}
        headers={[t("table.when"), t("table.who"), t("staff.audit.col.address"), t("table.action"), t("table.record"), t("table.change")]}
        rowCount={rows.length}
        page={page}
        pageCount={pageCount}
      >
        {rows.map((e) => (
          <tr key={e.id}>
            <td>
              <time dateTime={e.at}>{formatDateTime(e.at, t.locale, FACILITY_TIME_ZONE)}</time>
            </td>
            <td>
              {e.actorName ? (
                <>
                  {e.actorName}
                  <span className="muted block small">{e.actorEmail}</span>
                </>
              ) : (
                <span className="muted">{t("staff.audit.system")}</span>
              )}
            </td>
            <td>{e.ipAddress ? <code className="small">{e.ipAddress}</code> : <span className="muted">{t("staff.audit.noAddress")}</span>}</td>
            <td>{e.actionLabel}</td>
            <td>
              {e.entityLabel}
              {e.recordName ? <span className="block">{e.recordLink ? <Link to={e.recordLink}>{e.recordName}</Link> : e.recordName}</span> : null}
              <code className="small block">{e.entityId}</code>
            </td>
            <td>{e.fromLabel || e.toLabel ? `${e.fromLabel ?? "—"} → ${e.toLabel ?? "—"}` : ""}</td>
          </tr>
        ))}
      </PagedTable>
    </>
  );
}
