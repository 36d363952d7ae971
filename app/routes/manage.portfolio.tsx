// /manage/portfolio (grant managers): the grants at a glance — committed and disbursed by
// JVAP domain, target country, dialogue and status; the reports to chase; the grants,
// paginated; downloads of the list and of the JVAP initiatives. Filters are a GET form
// applied in SQL; a bad filter is reported and the page falls back to no filter (400).
//
// What the page shows of the portfolio (figures, reports, the page of grants, the choices of
// the filters) reaches the browser as one JSON string, built once per state of the figures,
// language and page (portfolio.server.ts says when the state changes) and kept meanwhile: the
// server neither rebuilds nor re-serialises a few thousand values on every request. The long
// lists (charts, reports) are written as markup strings, kept in the same way.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { GRANT_STATES } from "#workflows/grant.machine.ts";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { PortfolioChart, type ChartRow, type ChartSeries } from "~/components/PortfolioChart.tsx";
import { InAppLink, inAppLinkMarkup } from "~/components/InAppLink.tsx";
import { memoMarkup } from "~/components/portfolio-markup.ts";
import { escapeHtml } from "~/utils/html.ts";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { Pagination } from "~/components/staff/Pagination.tsx";
import { SelectField } from "~/components/staff/SelectField.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { grantStateLabel, loadPortfolio, PortfolioFiltersSchema, requirePortfolioReader, type Bucket, type PortfolioFilters, type PortfolioReport } from "~/modules/grants/portfolio.server.ts";
import { formatDate, formatMoney, formatNumber, formatShare } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, pick, translator, useT, type Locale } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle, parseWith } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("portfolio.title")) }];
};

function queryAsForm(url: string): FormData {
  const form = new FormData();
  new URL(url).searchParams.forEach((value, key) => form.append(key, value));
  return form;
}

function readFilters(url: string) {
  const parsed = parseWith(queryAsForm(url), PortfolioFiltersSchema);
  const filters: PortfolioFilters = parsed.ok ? parsed.data : { page: 1 };
  return { filters, errors: parsed.ok ? null : parsed.fieldErrors, values: parsed.ok ? null : parsed.values };
}

// ------------------------------------------------------------------ what the page shows of the portfolio

interface Option {
  value: string;
  label: string;
}
type Named = Bucket & { label: string };
interface ReportItem {
  id: string;
  label: string;
  dueDate: string;
  grant: PortfolioReport["grant"];
}
interface GrantItem {
  id: string;
  reference: string;
  title: string;
  organisation: string;
  state: string;
  stateLabel: string;
  amountCents: number;
  paidCents: number;
  startDate: string;
  endDate: string;
}
export interface PortfolioView {
  options: { calls: Option[]; domains: Option[]; dialogues: Option[]; countries: Option[]; statuses: Option[]; years: Option[] };
  total: Bucket;
  byDomain: Named[];
  byCountry: Named[];
  byDialogue: Named[];
  byStatus: Named[];
  reports: { overdue: ReportItem[]; dueSoon: ReportItem[]; truncated: boolean };
  page: number;
  pageCount: number;
  rows: GrantItem[];
}

type Loaded = Awaited<ReturnType<typeof loadPortfolio>>;

function reportItem(r: PortfolioReport, locale: Locale): ReportItem {
  return {
    id: r.id,
    label: translator(locale)(r.kind === "FINAL" ? "portfolio.report.final" : "portfolio.report.interim", { number: r.number }),
    dueDate: r.dueDate.toISOString(),
    grant: r.grant,
  };
}

function buildView(p: Loaded, locale: Locale): PortfolioView {
  const o = p.options;
  const domainName = new Map(o.domains.map((d) => [d.code, `${d.code} – ${pick(d, "name", locale)}`]));
  const countryName = new Map(o.countries.map((c) => [c.code, pick(c, "name", locale)]));
  const dialogueName = new Map(o.dialogues.map((d) => [d.code, d.shortName || pick(d, "name", locale)]));
  const named = (buckets: Bucket[], name: (key: string) => string) => buckets.map((b) => ({ ...b, label: name(b.key) }));
  return {
    options: {
      calls: o.calls.map((c) => ({ value: c.id, label: `${c.reference} – ${pick(c, "title", locale)}` })),
      domains: o.domains.map((d) => ({ value: d.code, label: domainName.get(d.code) ?? d.code })),
      dialogues: o.dialogues.map((d) => ({ value: d.code, label: d.shortName || pick(d, "name", locale) })),
      countries: o.countries.map((c) => ({ value: c.code, label: pick(c, "name", locale) })),
      statuses: GRANT_STATES.map((s) => ({ value: s, label: grantStateLabel(s, locale) })),
      years: o.years.map((y) => ({ value: String(y), label: String(y) })),
    },
    total: p.figures.total,
    byDomain: named(p.figures.byDomain, (k) => domainName.get(k) ?? k),
    byCountry: named(p.figures.byCountry, (k) => countryName.get(k) ?? k),
    byDialogue: named(p.figures.byDialogue, (k) => dialogueName.get(k) ?? k),
    byStatus: named(p.figures.byStatus, (k) => grantStateLabel(k, locale)),
    reports: { overdue: p.reports.overdue.map((r) => reportItem(r, locale)), dueSoon: p.reports.dueSoon.map((r) => reportItem(r, locale)), truncated: p.reports.truncated },
    page: p.page,
    pageCount: p.pageCount,
    rows: p.rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      title: r.title,
      organisation: r.organisation.acronym ? `${r.organisation.legalName} (${r.organisation.acronym})` : r.organisation.legalName,
      state: r.state,
      stateLabel: grantStateLabel(r.state, locale),
      amountCents: r.amountCents,
      paidCents: r.paidCents,
      startDate: r.startDate.toISOString(),
      endDate: r.endDate.toISOString(),
    })),
  };
}

// The view travels as JSON of arrays rather than objects: no key is repeated for each of a
// few hundred items, and each quote costs four bytes once the JSON string sits in the page's
// inline data (escaped twice).
type OptionT = [value: string, label: string];
type BucketT = [key: string, label: string, grants: number, committedCents: number, disbursedCents: number];
type ReportT = [id: string, label: string, dueMs: number, grantId: string, reference: string, title: string, organisation: string];
type GrantT = [id: string, reference: string, title: string, organisation: string, state: string, stateLabel: string, amountCents: number, paidCents: number, startMs: number, endMs: number];
type PackedView = [
  options: [calls: OptionT[], domains: OptionT[], dialogues: OptionT[], countries: OptionT[], statuses: OptionT[], years: OptionT[]],
  total: [grants: number, committedCents: number, disbursedCents: number],
  buckets: [byDomain: BucketT[], byCountry: BucketT[], byDialogue: BucketT[], byStatus: BucketT[]],
  reports: [overdue: ReportT[], dueSoon: ReportT[], truncated: 0 | 1],
  page: number,
  pageCount: number,
  rows: GrantT[],
];

function packView(v: PortfolioView): string {
  const options = (list: Option[]): OptionT[] => list.map((o) => [o.value, o.label]);
  const buckets = (list: Named[]): BucketT[] => list.map((b) => [b.key, b.label, b.grants, b.committedCents, b.disbursedCents]);
  const reports = (list: ReportItem[]): ReportT[] => list.map((r) => [r.id, r.label, Date.parse(r.dueDate), r.grant.id, r.grant.reference, r.grant.title, r.grant.organisation]);
  const o = v.options;
  const packed: PackedView = [
    [options(o.calls), options(o.domains), options(o.dialogues), options(o.countries), options(o.statuses), options(o.years)],
    [v.total.grants, v.total.committedCents, v.total.disbursedCents],
    [buckets(v.byDomain), buckets(v.byCountry), buckets(v.byDialogue), buckets(v.byStatus)],
    [reports(v.reports.overdue), reports(v.reports.dueSoon), v.reports.truncated ? 1 : 0],
    v.page,
    v.pageCount,
    v.rows.map((r) => [r.id, r.reference, r.title, r.organisation, r.state, r.stateLabel, r.amountCents, r.paidCents, Date.parse(r.startDate), Date.parse(r.endDate)]),
  ];
  return JSON.stringify(packed);
}

/** The view from the JSON the loader sent (exported for the tests, which read the page's data as the page does). */
export function unpackView(json: string): PortfolioView {
  const [o, total, b, r, page, pageCount, rows] = JSON.parse(json) as PackedView;
  const options = (list: OptionT[]): Option[] => list.map(([value, label]) => ({ value, label }));
  const buckets = (list: BucketT[]): Named[] => list.map(([key, label, grants, committedCents, disbursedCents]) => ({ key, label, grants, committedCents, disbursedCents }));
  const reports = (list: ReportT[]): ReportItem[] =>
    list.map(([id, label, due, grantId, reference, title, organisation]) => ({ id, label, dueDate: new Date(due).toISOString(), grant: { id: grantId, reference, title, organisation } }));
  return {
    options: { calls: options(o[0]), domains: options(o[1]), dialogues: options(o[2]), countries: options(o[3]), statuses: options(o[4]), years: options(o[5]) },
    total: { key: "total", grants: total[0], committedCents: total[1], disbursedCents: total[2] },
    byDomain: buckets(b[0]),
    byCountry: buckets(b[1]),
    byDialogue: buckets(b[2]),
    byStatus: buckets(b[3]),
    reports: { overdue: reports(r[0]), dueSoon: reports(r[1]), truncated: r[2] === 1 },
    page,
    pageCount,
    rows: rows.map(([id, reference, title, organisation, state, stateLabel, amountCents, paidCents, start, end]) => ({
      id,
      reference,
      title,
      organisation,
      state,
      stateLabel,
      amountCents,
      paidCents,
      startDate: new Date(start).toISOString(),
      endDate: new Date(end).toISOString(),
    })),
  };
}

/** Views as JSON, by state of the figures (loadPortfolio's `version`), then language and page; each until a report changes list. */
const views = new WeakMap<object, Map<string, { json: string; until: number }>>();
const VIEWS_PER_STATE = 8;

function viewJson(p: Loaded, locale: Locale, now: number): string {
  let byKey = views.get(p.version);
  if (!byKey) {
    byKey = new Map();
    views.set(p.version, byKey);
  }
  const key = `${locale} ${p.page}`;
  const kept = byKey.get(key);
  if (kept && now < kept.until) return kept.json;
  const json = packView(buildView(p, locale));
  byKey.delete(key);
  byKey.set(key, { json, until: p.reportsValidUntil });
  for (const old of byKey.keys()) {
    if (byKey.size <= VIEWS_PER_STATE) break;
    byKey.delete(old);
  }
  return json;
}

/** The view from its JSON: unpacked once per JSON string (the server hands the same string to every request meanwhile). */
const unpacked = new Map<string, PortfolioView>();
function parseView(json: string): PortfolioView {
  let view = unpacked.get(json);
  if (!view) {
    view = unpackView(json);
    unpacked.set(json, view);
    for (const old of unpacked.keys()) {
      if (unpacked.size <= 8) break;
      unpacked.delete(old);
    }
  }
  return view;
}

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requirePortfolioReader(actor);
  const locale = resolveLocale(request, user);
  const { filters, errors, values } = readFilters(request.url);
  const now = new Date();
  const p = await loadPortfolio(actor, filters, now);
  const search = new URL(request.url).searchParams;
  search.delete("page");
  const qs = errors ? "" : search.toString() ? `?${search.toString()}` : "";
  const body = {
    filters: {
      callId: values?.callId ?? filters.callId ?? "",
      domain: values?.domain ?? filters.domain ?? "",
      dialogue: values?.dialogue ?? filters.dialogue ?? "",
      country: values?.country ?? filters.country ?? "",
      status: values?.status ?? filters.status ?? "",
      startYear: values?.startYear ?? (filters.startYear !== undefined ? String(filters.startYear) : ""),
    },
    filterErrors: errors,
    exports: { grants: `/manage/portfolio/grants.csv${qs}`, jvapCsv: `/manage/portfolio/jvap.csv${qs}`, jvapJson: `/manage/portfolio/jvap.json${qs}` },
    /** A PortfolioView, packed (unpackView). */
    view: viewJson(p, locale, now.getTime()),
  };
  return errors ? data(body, { status: 400 }) : body;
});

/** Up to a hundred reports: written as one string of markup (see portfolio-markup.ts), its links InAppLinks. */
function ReportList({ id, title, empty, reports, view }: { id: string; title: string; empty: string; reports: ReportItem[]; view: string }) {
  const t = useT();
  const items = () =>
    reports
      .map(
        (r) =>
          `<li>${inAppLinkMarkup(`/manage/reports/${r.id}`, r.label)} · ${escapeHtml(t("portfolio.reports.due", { date: formatDate(r.dueDate, t.locale) }))} · ${inAppLinkMarkup(`/manage/grants/${r.grant.id}`, r.grant.reference)} ${escapeHtml(r.grant.title)} (${escapeHtml(r.grant.organisation)})</li>`,
      )
      .join("");
  return (
    <section aria-labelledby={id} className="card">
      <h3 id={id}>
        {title} ({formatNumber(reports.length, t.locale)})
      </h3>
      {reports.length === 0 ? <p className="empty">{empty}</p> : <ul dangerouslySetInnerHTML={{ __html: memoMarkup(view, `${id} ${t.locale}`, items) }} />}
    </section>
  );
}

export default function Portfolio() {
  const { filters, filterErrors, exports, view: json } = useLoaderData<typeof loader>();
  const { options, total, byDomain, byCountry, byDialogue, byStatus, reports, page, pageCount, rows } = parseView(json);
  const t = useT();
  const location = useLocation();
  const money = (cents: number) => formatMoney(cents, t.locale);
  const series: ChartSeries[] = [
    { label: t("portfolio.committed"), colour: "#003399" },
    { label: t("portfolio.disbursed"), colour: "#0f7a3a" },
  ];
  const chartRows = (buckets: Named[]): ChartRow[] =>
    buckets.map((b) => ({ key: b.key, label: t("portfolio.chart.rowLabel", { name: b.label, count: b.grants }), values: [b.committedCents, b.disbursedCents] }));
  const any = { value: "", label: t("portfolio.filter.any") };
  const share = total.committedCents > 0 ? Math.round((total.disbursedCents / total.committedCents) * 10_000) : 0;
  const charts = [
    { key: "domain", title: t("portfolio.chart.byDomain"), header: t("portfolio.filter.domain"), rows: byDomain },
    { key: "country", title: t("portfolio.chart.byCountry"), header: t("portfolio.filter.country"), rows: byCountry },
    { key: "dialogue", title: t("portfolio.chart.byDialogue"), header: t("portfolio.filter.dialogue"), rows: byDialogue },
    { key: "status", title: t("portfolio.chart.byStatus"), header: t("portfolio.filter.status"), rows: byStatus },
  ];
  return (
    <article aria-labelledby="portfolio-title">
      <header className="page-header">
        <h1 id="portfolio-title">{t("portfolio.title")}</h1>
        <p>{t("portfolio.intro")}</p>
      </header>

      <section aria-labelledby="filters-title">
        <h2 id="filters-title">{t("portfolio.filters")}</h2>
        <ErrorSummary errors={filterErrors ?? undefined} />
        <Form key={JSON.stringify(filters)} method="get" className="form" role="search" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(12rem, 1fr))", alignItems: "end" }}>
          <SelectField name="callId" label={t("portfolio.filter.call")} defaultValue={filters.callId} errors={filterErrors?.callId} options={[any, ...options.calls]} />
          <SelectField name="domain" label={t("portfolio.filter.domain")} defaultValue={filters.domain} errors={filterErrors?.domain} options={[any, ...options.domains]} />
          <SelectField name="dialogue" label={t("portfolio.filter.dialogue")} defaultValue={filters.dialogue} errors={filterErrors?.dialogue} options={[any, ...options.dialogues]} />
          <SelectField name="country" label={t("portfolio.filter.country")} defaultValue={filters.country} errors={filterErrors?.country} options={[any, ...options.countries]} />
          <SelectField name="status" label={t("portfolio.filter.status")} defaultValue={filters.status} errors={filterErrors?.status} options={[any, ...options.statuses]} />
          <SelectField name="startYear" label={t("portfolio.filter.startYear")} defaultValue={filters.startYear} errors={filterErrors?.startYear} options={[any, ...options.years]} />
          <div style={{ display: "flex", gap: "1rem", alignItems: "center" }}>
            <button type="submit" className="button">
              {t("portfolio.filter.apply")}
            </button>
            <Link to={location.pathname}>{t("portfolio.filter.clear")}</Link>
          </div>
        </Form>
      </section>

      <section aria-labelledby="totals-title">
        <h2 id="totals-title">{t("portfolio.totals")}</h2>
        <ul className="stats">
          <li className="stat">
            <span className="stat__value">{formatNumber(total.grants, t.locale)}</span> <span className="stat__label">{t("portfolio.grants")}</span>
          </li>
          <li className="stat">
            <span className="stat__value">{money(total.committedCents)}</span> <span className="stat__label">{t("portfolio.committed")}</span>
          </li>
          <li className="stat">
            <span className="stat__value">{money(total.disbursedCents)}</span> <span className="stat__label">{t("portfolio.disbursed")}</span>
          </li>
          <li className="stat">
            <span className="stat__value">{formatShare(share, t.locale)}</span> <span className="stat__label">{t("portfolio.disbursedShare")}</span>
          </li>
        </ul>
        <p>
          {t("portfolio.export.label")} <a href={exports.grants}>{t("portfolio.export.grants")}</a> · <a href={exports.jvapCsv}>{t("portfolio.export.jvapCsv")}</a> ·{" "}
          <a href={exports.jvapJson}>{t("portfolio.export.jvapJson")}</a>
        </p>
      </section>

      <section aria-labelledby="charts-title">
        <h2 id="charts-title">{t("portfolio.charts")}</h2>
        <p className="field__hint">{t("portfolio.chart.note")}</p>
        {charts.map((c) => (
          <PortfolioChart
            key={c.key}
            title={c.title}
            description={t("portfolio.chart.description", { title: c.title })}
            empty={t("portfolio.chart.empty")}
            categoryHeader={c.header}
            series={series}
            count={c.rows.length}
            rows={() => chartRows(c.rows)}
            format={money}
            memo={{ view: json, part: `${c.key} ${t.locale}` }}
          />
        ))}
      </section>

      <section aria-labelledby="reports-title">
        <h2 id="reports-title">{t("portfolio.reports")}</h2>
        <ReportList id="reports-overdue" title={t("portfolio.reports.overdue")} empty={t("portfolio.reports.noneOverdue")} reports={reports.overdue} view={json} />
        <ReportList id="reports-due" title={t("portfolio.reports.dueSoon")} empty={t("portfolio.reports.noneDue")} reports={reports.dueSoon} view={json} />
        {reports.truncated ? <p className="field__hint">{t("portfolio.reports.truncated")}</p> : null}
      </section>

      <section aria-labelledby="grants-title">
        <h2 id="grants-title">{t("portfolio.list.title", { count: total.grants })}</h2>
        {rows.length === 0 ? (
          <p className="empty">{t("portfolio.list.empty")}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="grants-title" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("portfolio.col.reference")}</th>
                  <th scope="col">{t("portfolio.col.organisation")}</th>
                  <th scope="col">{t("portfolio.col.status")}</th>
                  <th scope="col" className="num">
                    {t("portfolio.committed")}
                  </th>
                  <th scope="col" className="num">
                    {t("portfolio.disbursed")}
                  </th>
                  <th scope="col">{t("portfolio.col.dates")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <InAppLink to={`/manage/grants/${r.id}`}>{r.reference}</InAppLink>
                      <br />
                      <span className="small">{r.title}</span>
                    </th>
                    <td>{r.organisation}</td>
                    <td>
                      <StatusBadge state={r.state} label={r.stateLabel} />
                    </td>
                    <td className="num nowrap">{money(r.amountCents)}</td>
                    <td className="num nowrap">{money(r.paidCents)}</td>
                    <td className="nowrap">
                      {formatDate(r.startDate, t.locale)} – {formatDate(r.endDate, t.locale)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={page} pageCount={pageCount} />
      </section>
    </article>
  );
}
