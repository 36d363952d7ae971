// The document and the page shell: language, stylesheet, top bar with the navigation for the
// user's role, and the one error boundary of the app.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useInAppLinkClicks } from "~/components/InAppLink.tsx";
import { ANONYMOUS_NAV, navigationFor } from "~/components/navigation.ts";
import { SiteHeader } from "~/components/SiteHeader.tsx";
import { en } from "~/locales/en.ts";
import { getUser, toActor } from "~/modules/auth/session.server.ts";
import stylesheet from "~/styles/app.css?url";
import { DEFAULT_LOCALE, isMessageKey, pageTitle, translator, useT, type Locale, type MessageKey } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { useNonce } from "~/utils/nonce.tsx";
import { handle } from "~/utils/route.server.ts";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  // No favicon yet: an empty one spares every page a 404.
  { rel: "icon", href: "data:," },
];

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Every page has the shell, signed in or not: anonymous visitors are allowed here, and
  // what the navigation offers is decided from the permission table for this user.
  const user = await getUser(request);
  const locale: Locale = resolveLocale(request, user);
  return {
    locale,
    user: user ? { name: user.name, role: user.role } : null,
    nav: navigationFor(user ? toActor(user) : null),
  };
});

const KNOWN_STATUSES = [400, 401, 403, 404, 409, 422, 429, 500, 503] as const;
type KnownStatus = (typeof KNOWN_STATUSES)[number];

function knownStatus(status: number): KnownStatus {
  if ((KNOWN_STATUSES as readonly number[]).includes(status)) return status as KnownStatus;
  return status >= 500 ? 500 : 400;
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const t = translator(locale);
  if (error) {
    const status = knownStatus(isRouteErrorResponse(error) ? error.status : 500);
    return [{ title: pageTitle(locale, t(`errorPage.${status}.title`)) }];
  }
  return [{ title: pageTitle(locale) }, { name: "description", content: t("app.description") }];
};

export function Layout({ children }: { children: ReactNode }) {
  // Undefined when the root loader itself failed: the shell still renders, in English, signed out.
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const t = translator(locale);
  const nonce = useNonce();
  const onInAppLinkClick = useInAppLinkClicks();
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("a11y.skipToContent")}
        </a>
        <SiteHeader user={data?.user ?? null} nav={data?.nav ?? ANONYMOUS_NAV} />
        {/* The clicks handled here are those of the InAppLinks inside, which keyboards reach and activate as links. */}
        <main id="main" className="container main" tabIndex={-1} onClick={onInAppLinkClick}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">{t("app.footer")}</div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** The message `handle()` put in an error response: `{ error: { code, message } }`. */
function errorMessage(data: unknown): string | null {
  if (typeof data !== "object" || data === null || !("error" in data)) return null;
  const inner = (data as { error: unknown }).error;
  if (typeof inner !== "object" || inner === null || !("message" in inner)) return null;
  const message = (inner as { message: unknown }).message;
  return typeof message === "string" && message.trim() !== "" ? message : null;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const location = useLocation();
  const routeError = isRouteErrorResponse(error);
  const status = routeError ? error.status : 500;
  const shown = knownStatus(status);
  const leadKey: MessageKey = `errorPage.${shown}.body`;
  const lead = t(leadKey);
  // Bugs (anything not an error response) never show their text: it may hold internals.
  const raw = routeError ? errorMessage(error.data) : null;
  const detail = raw ? (isMessageKey(raw) ? t(raw) : raw) : null;
  // A message that only repeats the generic one (in English or translated) is not shown twice.
  const showDetail = detail !== null && detail !== lead && raw !== en[leadKey];
  if (!routeError) console.error(error);
  const here = `${location.pathname}${location.search}`;
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-page__status">{t("errorPage.status", { status: String(status) })}</p>
      <h1 id="error-title">{t(`errorPage.${shown}.title`)}</h1>
      <p>{lead}</p>
      {showDetail ? <p className="error-page__detail">{detail}</p> : null}
      <p className="error-page__actions">
        {shown === 401 ? (
          <Link className="button" to={`/login?redirectTo=${encodeURIComponent(here)}`}>
            {t("errorPage.signIn")}
          </Link>
        ) : null}
        <Link className={shown === 401 ? "button button--secondary" : "button"} to="/">
          {t("errorPage.home")}
        </Link>
      </p>
    </section>
  );
}
