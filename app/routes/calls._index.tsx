// The catalogue of calls for proposals (/calls): open and announced calls, searchable and
// filtered through GET parameters (q, domain, dialogue, type, country, page), and the calls
// that closed recently in a section of their own.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CallCard } from "~/components/CallCard.tsx";
import { CatalogueFilters } from "~/components/CatalogueFilters.tsx";
import { requirePermission } from "~/modules/auth/permissions.ts";
import { getUser, toActor } from "~/modules/auth/session.server.ts";
import { parseCatalogueQuery, searchCatalogue, type CatalogueFilters as Filters } from "~/modules/calls/catalogue.server.ts";
import stylesheet from "~/styles/catalogue.css?url";
import { localeFromMatches, pageTitle, translator, useT, type MessageKey } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  const t = translator(locale);
  return [{ title: pageTitle(locale, t("catalogue.title")) }, { name: "description", content: t("catalogue.intro") }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Public page: anonymous visitors are allowed; a signed-in user must be allowed to list published calls.
  const user = await getUser(request);
  if (user) requirePermission(toActor(user), "call", "list", { published: true });
  const locale = resolveLocale(request, user);
  const query = parseCatalogueQuery(new URL(request.url).searchParams);
  const catalogue = await searchCatalogue(query, locale);
  return { ...catalogue, now: new Date().toISOString() };
});

/** The catalogue's address for these filters and page (unknown codes already dropped). */
function catalogueHref(filters: Filters, page: number): string {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  for (const d of filters.domains) params.append("domain", d);
  if (filters.dialogue) params.set("dialogue", filters.dialogue);
  if (filters.type) params.set("type", filters.type);
  if (filters.country) params.set("country", filters.country);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `/calls?${search}` : "/calls";
}

const plural = (n: number) => (n === 0 ? "zero" : n === 1 ? "one" : "other");

export default function Catalogue() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const { calls, total, page, pageCount, filters, hasFilters, ignored, pageAdjustedFrom, recentlyClosed, options, now } = data;
  const countKey: MessageKey = `catalogue.results.${hasFilters ? "found" : "all"}.${plural(total)}`;
  return (
    <>
      <header className="page-header">
        <h1>{t("catalogue.title")}</h1>
        <p className="lead">{t("catalogue.intro")}</p>
      </header>
      <div className="catalogue">
        <CatalogueFilters filters={filters} options={options} hasFilters={hasFilters} />

        <section aria-labelledby="results-title" className="catalogue__results">
          <h2 id="results-title">{t("catalogue.results.title")}</h2>
          {ignored.length > 0 || pageAdjustedFrom !== null ? (
            <div className="notice notice--warning catalogue-notices" role="note">
              <ul>
                {ignored.map((i) => (
                  <li key={`${i.param}-${i.value}`}>{t("catalogue.filters.ignored", { filter: t(`catalogue.filters.param.${i.param}`), value: i.value })}</li>
                ))}
                {pageAdjustedFrom !== null ? <li>{t("catalogue.results.pageAdjusted", { requested: pageAdjustedFrom, page })}</li> : null}
              </ul>
            </div>
          ) : null}
          <p className="results-count" role="status" aria-atomic="true">
            {t(countKey, { count: total })} {pageCount > 1 ? t("catalogue.results.pageOf", { page, pages: pageCount }) : null}
          </p>
          {calls.length === 0 ? (
            <div className="empty">
              <p>{hasFilters ? t("catalogue.results.empty") : t("catalogue.results.emptyNoFilters")}</p>
              {hasFilters || ignored.length > 0 ? (
                <p>
                  <Link to="/calls">{t("catalogue.filters.clear")}</Link>
                </p>
              ) : null}
            </div>
          ) : (
            <ul className="card-list" aria-labelledby="results-title">
              {calls.map((call) => (
                <li key={call.id}>
                  <CallCard call={call} now={now} />
                </li>
              ))}
            </ul>
          )}
          {pageCount > 1 ? <Pagination page={page} pageCount={pageCount} href={(p) => catalogueHref(filters, p)} /> : null}
        </section>

        {recentlyClosed.length > 0 ? (
          <section aria-labelledby="closed-title" className="catalogue__closed">
            <h2 id="closed-title">{t("catalogue.closed.title")}</h2>
            <p>{t("catalogue.closed.intro")}</p>
            <ul className="card-list">
              {recentlyClosed.map((call) => (
                <li key={call.id}>
                  <CallCard call={call} now={now} />
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </>
  );
}

/** The pages around the current one, the first and the last; gaps are left out. */
function pagesToShow(page: number, pageCount: number): number[] {
  const pages = new Set([1, pageCount]);
  for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= pageCount) pages.add(p);
  return [...pages].sort((a, b) => a - b);
}

function Pagination({ page, pageCount, href }: { page: number; pageCount: number; href: (page: number) => string }) {
  const t = useT();
  return (
    <nav className="pagination" aria-label={t("catalogue.pagination.label")}>
      <ul>
        {page > 1 ? (
          <li>
            <Link to={href(page - 1)} rel="prev">
              {t("catalogue.pagination.previous")}
            </Link>
          </li>
        ) : null}
        {pagesToShow(page, pageCount).map((p) => (
          <li key={p}>
            {p === page ? (
              <span aria-current="page">
                <span className="visually-hidden">{t("catalogue.pagination.page", { page: p })}</span>
                <span aria-hidden="true">{p}</span>
              </span>
            ) : (
              <Link to={href(p)} aria-label={t("catalogue.pagination.page", { page: p })}>
                {p}
              </Link>
            )}
          </li>
        ))}
        {page < pageCount ? (
          <li>
            <Link to={href(page + 1)} rel="next">
              {t("catalogue.pagination.next")}
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
