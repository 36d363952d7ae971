// The top bar: the facility's name, the navigation for the user's role, the language switch,
// and for a signed-in user their name and a Sign out button (a POST form: signing out changes state).
import { Form, Link, NavLink } from "@remix-run/react";
import { useT } from "~/utils/i18n.ts";
import { LanguageSwitch } from "./LanguageSwitch.tsx";
import type { NavItem } from "./navigation.ts";

export interface HeaderUser {
  name: string;
  role: string;
}

export function SiteHeader({ user, nav }: { user: HeaderUser | null; nav: readonly NavItem[] }) {
  const t = useT();
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            ◆
          </span>
          <span className="brand__name">{t("app.name")}</span>
        </Link>
        <nav aria-label={t("a11y.mainNavigation")} className="main-nav">
          <ul>
            {nav.map((item) => (
              <li key={`${item.to}|${item.label}`}>
                {item.to.includes("#") ? (
                  <Link to={item.to}>{t(item.label)}</Link>
                ) : (
                  <NavLink to={item.to} end={item.end}>
                    {t(item.label)}
                  </NavLink>
                )}
              </li>
            ))}
          </ul>
        </nav>
        <div className="site-header__tools">
          <LanguageSwitch />
          {user ? (
            <div className="account" role="group" aria-label={t("a11y.account")}>
              <span className="account__name">{t("nav.signedInAs", { name: user.name })}</span>
              <Form method="post" action="/logout">
                <button type="submit" className="button button--small button--secondary">
                  {t("nav.signOut")}
                </button>
              </Form>
            </div>
          ) : null}
        </div>
      </div>
    </header>
  );
}
