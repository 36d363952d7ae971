// The home page: what the facility funds, a search box into the catalogue, and the first calls
// open or announced now, with a link to all of them.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CallCard } from "~/components/CallCard.tsx";
import { requirePermission } from "~/modules/auth/permissions.ts";
import { getUser, toActor } from "~/modules/auth/session.server.ts";
import { listPublicCalls } from "~/modules/calls/catalogue.server.ts";
import stylesheet from "~/styles/catalogue.css?url";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale) }, { name: "description", content: translator(locale)("app.description") }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Public page: anonymous visitors are allowed; a signed-in user must be allowed to list published calls.
  const user = await getUser(request);
  if (user) requirePermission(toActor(user), "call", "list", { published: true });
  const locale = resolveLocale(request, user);
  const { calls, total } = await listPublicCalls(locale);
  return { calls, total, signedIn: user !== null, now: new Date().toISOString() };
});

export default function Home() {
  const { calls, total, signedIn, now } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t("home.title")}</h1>
        <p className="lead">{t("home.intro")}</p>
        <p>{t("home.howItWorks")}</p>
        {signedIn ? null : (
          <p>
            <Link to="/login">{t("home.signInPrompt")}</Link>
          </p>
        )}
      </section>
      <section aria-labelledby="calls-title">
        <h2 id="calls-title">{t("home.openCalls")}</h2>
        <Form method="get" action="/calls" className="home-search" role="search" aria-label={t("catalogue.home.search")}>
          <div className="field">
            <label htmlFor="home-q">{t("catalogue.home.search")}</label>
            <input id="home-q" name="q" type="search" maxLength={100} />
          </div>
          <button type="submit" className="button">
            {t("catalogue.home.searchSubmit")}
          </button>
        </Form>
        {calls.length === 0 ? (
          <p className="empty">{t("home.noOpenCalls")}</p>
        ) : (
          <ul className="card-list" aria-labelledby="calls-title">
            {calls.map((call) => (
              <li key={call.id}>
                <CallCard call={call} now={now} />
              </li>
            ))}
          </ul>
        )}
        {total > 0 ? (
          <p className="card__action">
            <Link to="/calls">{total === 1 ? t("catalogue.home.seeAll.one") : t("catalogue.home.seeAll.other", { count: total })}</Link>
          </p>
        ) : null}
      </section>
    </>
  );
}
