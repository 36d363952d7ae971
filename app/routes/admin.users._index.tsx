// /admin/users (ADMIN): every account with its role, organisations, confirmed email,
// two-factor, last sign-in and status; filtered by role and status, searched by name or
// email, paginated on the server.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field } from "~/components/Field.tsx";
import { FilterActions, PagedTable } from "~/components/staff/PagedTable.tsx";
import { SelectField } from "~/components/staff/SelectField.tsx";
import { requirePermission } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { ACCOUNT_STATUSES, ALL_ROLES, UserListQuerySchema, queryAsForm } from "~/modules/auth/staff-schemas.ts";
import { listUsers } from "~/modules/auth/users.server.ts";
import { formatDateTime, formatNumber } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { handle, parseWith } from "~/utils/route.server.ts";

const TIME_ZONE = "Europe/Vienna";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("staff.users.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requirePermission(actor, "user", "list");
  const parsed = parseWith(queryAsForm(request.url), UserListQuerySchema);
  // Bad filters are shown as field errors; the list then ignores them.
  const list = await listUsers(actor, parsed.ok ? parsed.data : { page: 1 });
  const filters = parsed.ok ? { q: parsed.data.q ?? "", role: parsed.data.role ?? "", status: parsed.data.status ?? "" } : { q: parsed.values.q ?? "", role: parsed.values.role ?? "", status: parsed.values.status ?? "" };
  const body = { ...list, filters, filterErrors: parsed.ok ? null : parsed.fieldErrors };
  return parsed.ok ? body : data(body, { status: 400 });
});

export default function AdminUsers() {
  const { rows, total, page, pageCount, filters, filterErrors } = useLoaderData<typeof loader>();
  const t = useT();
  const yesNo = (v: boolean) => (v ? t("staff.yes") : t("staff.no"));
  return (
    <>
      <header className="page-header">
        <h1>{t("staff.users.title")}</h1>
        <p>{t("staff.users.intro")}</p>
        <p style={{ display: "flex", gap: "1rem", flexWrap: "wrap", alignItems: "center" }}>
          <Link className="button" to="/admin/users/invite">
            {t("staff.users.invite")}
          </Link>
          <Link to="/admin/invitations">{t("staff.users.pendingInvitations")}</Link>
          <Link to="/admin/audit">{t("staff.users.auditLog")}</Link>
        </p>
      </header>

      <section aria-labelledby="filters-title">
        <h2 id="filters-title">{t("staff.users.filters")}</h2>
        <ErrorSummary errors={filterErrors ?? undefined} labels={{ q: t("staff.users.search"), role: t("staff.users.role"), status: t("staff.users.status"), page: t("staff.pagination.label") }} />
        <Form key={JSON.stringify(filters)} method="get" className="form" role="search" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(14rem, 1fr))", alignItems: "end" }}>
          <Field name="q" type="search" label={t("staff.users.search")} defaultValue={filters.q} errors={filterErrors?.q} />
          <SelectField
            name="role"
            label={t("staff.users.role")}
            defaultValue={filters.role}
            errors={filterErrors?.role}
            options={[{ value: "", label: t("staff.users.anyRole") }, ...ALL_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))]}
          />
          <SelectField
            name="status"
            label={t("staff.users.status")}
            defaultValue={filters.status}
            errors={filterErrors?.status}
            options={[{ value: "", label: t("staff.users.anyStatus") }, ...ACCOUNT_STATUSES.map((s) => ({ value: s, label: t(`staff.state.${s}`) }))]}
          />
          <FilterActions apply={t("staff.users.apply")} clear={t("staff.users.clear")} clearTo="/admin/users" />
        </Form>
      </section>

      <PagedTable
        id="accounts"
        title={t("staff.users.count", { count: formatNumber(total, t.locale) })}
        empty={t("staff.users.none")}
        headers={[t("staff.users.col.name"), t("staff.users.col.role"), t("staff.users.col.organisations"), t("staff.users.col.verified"), t("staff.users.col.twoFactor"), t("staff.users.col.lastSignIn"), t("staff.users.col.status")]}
        rowCount={rows.length}
        page={page}
        pageCount={pageCount}
      >
        {rows.map((u) => (
          <tr key={u.id}>
            <th scope="row" style={{ textAlign: "left", fontWeight: "normal" }}>
              <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
              <span className="muted block small">{u.email}</span>
            </th>
            <td>{t(`role.${u.role}`)}</td>
            <td>{u.organisations.length ? u.organisations.map((o) => o.name).join(", ") : <span className="muted">{t("staff.none")}</span>}</td>
            <td>{yesNo(u.emailVerified)}</td>
            <td>{u.twoFactor ? t("staff.on") : t("staff.off")}</td>
            <td>{u.lastSignInAt ? <time dateTime={u.lastSignInAt}>{formatDateTime(u.lastSignInAt, t.locale, TIME_ZONE)}</time> : <span className="muted">{t("staff.never")}</span>}</td>
            <td>
              <span className={`badge badge--${u.disabledAt ? "danger" : "success"}`}>{u.disabledAt ? t("staff.state.disabled") : t("staff.state.active")}</span>
            </td>
          </tr>
        ))}
      </PagedTable>
    </>
  );
}
