// /manage/calls/:callId/proposals (grant managers): the submitted proposals of a call with
// filters (GET, in SQL), pagination, counts per state and a CSV download; a bulk bar passes
// or fails the selected ones. The first POST ("review") only shows what is about to happen;
// the second ("confirm") applies it proposal by proposal and lists each result.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field } from "~/components/Field.tsx";
import { ScreeningBulkResults } from "~/components/ScreeningBulkResults.tsx";
import { InAppLink } from "~/components/InAppLink.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { Pagination } from "~/components/staff/Pagination.tsx";
import { SelectField } from "~/components/staff/SelectField.tsx";
import { BulkSchema, ScreeningFiltersSchema, type ScreeningFilters } from "~/modules/applications/screening-schema.ts";
import { bulkDecide, listSubmittedProposals, previewSelection, requireScreener, staffStateLabel } from "~/modules/applications/screening.server.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { formatDateTime, formatMoney, formatNumber } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, pick, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("screening.list.title", { reference: loaded?.call.reference ?? "" })) }];
};

function queryAsForm(url: string): FormData {
  const form = new FormData();
  new URL(url).searchParams.forEach((value, key) => form.append(key, value));
  return form;
}

/** The filters of a request: bad ones are reported and the list falls back to no filter. */
function readFilters(url: string) {
  const parsed = parseWith(queryAsForm(url), ScreeningFiltersSchema);
  const filters: ScreeningFilters = parsed.ok ? parsed.data : { page: 1 };
  return { filters, errors: parsed.ok ? null : parsed.fieldErrors, values: parsed.ok ? null : parsed.values };
}

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireScreener(actor);
  const locale = resolveLocale(request, user);
  const { filters, errors, values } = readFilters(request.url);
  const list = await listSubmittedProposals(actor, params.callId ?? "", filters);
  const search = new URL(request.url).searchParams;
  search.delete("page");
  const body = {
    call: { id: list.call.id, reference: list.call.reference, title: pick(list.call, "title", locale), timeZone: list.call.timeZone, procedure: list.call.procedure },
    filters: {
      q: values?.q ?? filters.q ?? "",
      state: values?.state ?? filters.state ?? "",
      typeCode: values?.typeCode ?? filters.typeCode ?? "",
      countryCode: values?.countryCode ?? filters.countryCode ?? "",
    },
    filterErrors: errors,
    csvHref: `/manage/calls/${list.call.id}/proposals.csv${search.toString() ? `?${search.toString()}` : ""}`,
    total: list.total,
    page: list.page,
    pageCount: list.pageCount,
    stateCounts: list.stateCounts.map((s) => ({ ...s, label: staffStateLabel(s.state, locale) })),
    types: list.types.map((ty) => ({ value: ty.code, label: pick(ty, "name", locale) })),
    countries: list.countries.map((c) => ({ value: c.code, label: pick(c, "name", locale) })),
    rows: list.rows.map((r) => ({
      id: r.id,
      selection: `${r.id}:${r.version}`,
      reference: r.reference,
      title: r.title,
      organisation: r.organisation.acronym ? `${r.organisation.legalName} (${r.organisation.acronym})` : r.organisation.legalName,
      country: pick({ nameEn: r.organisation.countryNameEn, nameFr: r.organisation.countryNameFr }, "name", locale),
      type: pick({ nameEn: r.organisation.typeNameEn, nameFr: r.organisation.typeNameFr }, "name", locale),
      requestedAmountCents: r.requestedAmountCents,
      submittedAt: r.submittedAt?.toISOString() ?? null,
      state: r.state,
      stateLabel: staffStateLabel(r.state, locale),
      checklist: r.checklist,
    })),
  };
  return errors ? data(body, { status: 400 }) : body;
});

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireScreener(actor);
  const locale = resolveLocale(request, user);
  const callId = params.callId ?? "";
  const parsed = parseWith(await readForm(request), BulkSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  const { intent, decision, reason, selections } = parsed.data;
  if (intent === "review") {
    const found = await previewSelection(actor, callId, selections);
    return {
      ok: true as const,
      stage: "confirm" as const,
      decision,
      reason,
      selections: selections.map((s) => `${s.id}:${s.expectedVersion}`),
      missing: found.length < new Set(selections.map((s) => s.id)).size,
      proposals: found.map((p) => ({ id: p.id, reference: p.reference, title: p.title, organisation: p.organisation.legalName, stateLabel: staffStateLabel(p.state, locale) })),
    };
  }
  const results = await bulkDecide(actor, callId, selections, decision, reason, { ipAddress: clientAddress(request) });
  return {
    ok: true as const,
    stage: "results" as const,
    decision,
    results: results.map((r) => (r.ok ? { ...r, stateLabel: staffStateLabel(r.state, locale) } : { ...r, stateLabel: "" })),
  };
});

export default function ScreeningList() {
  const { call, filters, filterErrors, csvHref, total, page, pageCount, stateCounts, types, countries, rows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const location = useLocation();
  const t = useT();
  const busy = navigation.state === "submitting";
  const fieldErrors = actionData && !actionData.ok ? actionData.fieldErrors : undefined;
  const values = actionData && !actionData.ok ? actionData.values : undefined;
  const confirm = actionData?.ok && actionData.stage === "confirm" ? actionData : null;
  const results = actionData?.ok && actionData.stage === "results" ? actionData : null;
  const checked = new Set((values?.["ids[]"] ?? "").split(",").filter(Boolean));
  const anyOption = { value: "", label: t("screening.list.any") };
  return (
    <article aria-labelledby="screening-title">
      <p className="breadcrumb">
        <Link to={`/manage/calls/${call.id}`}>{t("screening.list.backToCall")}</Link>
      </p>
      <header className="page-header">
        <h1 id="screening-title">{t("screening.list.title", { reference: call.reference })}</h1>
        <p className="muted">{call.title}</p>
        <p>{t("screening.list.intro")}</p>
      </header>

      {confirm ? (
        <section className="card notice notice--warning" aria-labelledby="confirm-title" role="alertdialog" aria-modal="false">
          <h2 id="confirm-title">{t("screening.confirm.title")}</h2>
          <p>{t(confirm.decision === "pass" ? "screening.confirm.pass" : "screening.confirm.fail", { count: confirm.proposals.length })}</p>
          <ul>
            {confirm.proposals.map((p) => (
              <li key={p.id}>
                <strong>{p.reference}</strong> {p.title} ({p.organisation}, {p.stateLabel})
              </li>
            ))}
          </ul>
          {confirm.missing ? <p>{t("screening.confirm.missing")}</p> : null}
          {confirm.decision === "fail" ? <p>{t("screening.confirm.reason", { reason: confirm.reason })}</p> : null}
          <Form method="post" style={{ display: "flex", gap: "1rem", alignItems: "center", flexWrap: "wrap" }}>
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="decision" value={confirm.decision} />
            <input type="hidden" name="reason" value={confirm.reason} />
            {confirm.selections.map((s) => (
              <input key={s} type="hidden" name="ids[]" value={s} />
            ))}
            <button type="submit" className="button" disabled={busy}>
              {t("screening.confirm.confirm")}
            </button>
            <Link to={`${location.pathname}${location.search}`}>{t("screening.confirm.cancel")}</Link>
          </Form>
        </section>
      ) : null}

      {results ? <ScreeningBulkResults results={results.results} /> : null}

      <section aria-labelledby="filters-title">
        <h2 id="filters-title">{t("screening.list.filters")}</h2>
        <ErrorSummary errors={filterErrors ?? undefined} />
        <Form key={JSON.stringify(filters)} method="get" className="form" role="search" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(12rem, 1fr))", alignItems: "end" }}>
          <Field name="q" type="search" label={t("screening.list.search")} defaultValue={filters.q} errors={filterErrors?.q} />
          <SelectField
            name="state"
            label={t("screening.list.state")}
            defaultValue={filters.state}
            errors={filterErrors?.state}
            options={[anyOption, ...stateCounts.map((s) => ({ value: s.state, label: `${s.label} (${formatNumber(s.count, t.locale)})` }))]}
          />
          <SelectField name="typeCode" label={t("screening.list.type")} defaultValue={filters.typeCode} errors={filterErrors?.typeCode} options={[anyOption, ...types]} />
          <SelectField name="countryCode" label={t("screening.list.country")} defaultValue={filters.countryCode} errors={filterErrors?.countryCode} options={[anyOption, ...countries]} />
          <div style={{ display: "flex", gap: "1rem", alignItems: "center" }}>
            <button type="submit" className="button">
              {t("screening.list.apply")}
            </button>
            <Link to={location.pathname}>{t("screening.list.clear")}</Link>
          </div>
        </Form>
      </section>

      <section aria-labelledby="by-state-title">
        <h2 id="by-state-title" className="visually-hidden">
          {t("screening.list.byState")}
        </h2>
        <ul className="stats">
          {stateCounts.map((s) => (
            <li key={s.state} className="stat">
              <span className="stat__value">{formatNumber(s.count, t.locale)}</span> <span className="stat__label">{s.label}</span>
            </li>
          ))}
        </ul>
        <p>
          {t("screening.list.count", { count: total })} · <a href={csvHref} download>{t("screening.list.export")}</a>
        </p>
      </section>

      {rows.length === 0 ? (
        <p className="empty">{t("screening.list.empty")}</p>
      ) : (
        <Form method="post" aria-labelledby="bulk-title">
          <ErrorSummary errors={fieldErrors} labels={{ reason: t("screening.bulk.reason"), "ids[]": t("screening.col.select"), decision: t("screening.bulk.decision") }} />
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("screening.col.select")}</th>
                  <th scope="col">{t("screening.col.reference")}</th>
                  <th scope="col">{t("screening.col.organisation")}</th>
                  <th scope="col">{t("screening.col.country")}</th>
                  <th scope="col">{t("screening.col.type")}</th>
                  <th scope="col" className="num">
                    {t("screening.col.amount")}
                  </th>
                  <th scope="col">{t("screening.col.submittedAt")}</th>
                  <th scope="col">{t("screening.col.state")}</th>
                  <th scope="col">{t("screening.col.checklist")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <input type="checkbox" name="ids[]" value={r.selection} defaultChecked={checked.has(r.selection)} aria-label={t("screening.list.select", { reference: r.reference })} />
                    </td>
                    <th scope="row">
                      <InAppLink to={`/manage/proposals/${r.id}`}>{r.reference}</InAppLink>
                      <br />
                      <span className="small">{r.title}</span>
                    </th>
                    <td>{r.organisation}</td>
                    <td>{r.country}</td>
                    <td>{r.type}</td>
                    <td className="num nowrap">{formatMoney(r.requestedAmountCents, t.locale)}</td>
                    <td>{r.submittedAt ? formatDateTime(r.submittedAt, t.locale, call.timeZone) : ""}</td>
                    <td>
                      <StatusBadge state={r.state} label={r.stateLabel} />
                    </td>
                    <td className="nowrap">{t("screening.checklistProgress", { answered: r.checklist.answered, total: r.checklist.total })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageCount={pageCount} />
          <fieldset className="card">
            <legend id="bulk-title">{t("screening.bulk.title")}</legend>
            <p className="field__hint">{t("screening.list.selectHint")}</p>
            <SelectField
              name="decision"
              label={t("screening.bulk.decision")}
              defaultValue={values?.decision ?? "pass"}
              errors={fieldErrors?.decision}
              options={[
                { value: "pass", label: t("screening.bulk.pass") },
                { value: "fail", label: t("screening.bulk.fail") },
              ]}
            />
            <Field name="reason" label={t("screening.bulk.reason")} hint={t("screening.bulk.reasonHint")} defaultValue={values?.reason ?? ""} errors={fieldErrors?.reason} />
            <button type="submit" name="intent" value="review" className="button" disabled={busy}>
              {t("screening.bulk.review")}
            </button>
          </fieldset>
        </Form>
      )}
    </article>
  );
}
