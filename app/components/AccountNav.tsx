// The links between the account pages, and the password-field reset they share.
import { NavLink } from "@remix-run/react";
import { useEffect } from "react";
import { useT } from "~/utils/i18n.ts";

export function AccountNav({ staff }: { staff: boolean }) {
  const t = useT();
  const links = [
    { to: "/account", label: t("account.nav.profile"), end: true },
    { to: "/account/sessions", label: t("account.nav.sessions"), end: false },
    ...(staff ? [{ to: "/account/two-factor", label: t("account.nav.twoFactor"), end: false }] : []),
  ];
  return (
    <nav aria-label={t("account.nav.label")} className="account-nav">
      <ul className="tags">
        {links.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end={l.end}>
              {l.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * After a refused submit, password fields are typed again: the server never sends them back,
 * and the browser's copy is cleared too (as on the sign-in page).
 */
export function useClearPasswordFields(result: unknown): void {
  useEffect(() => {
    if (!result) return;
    for (const input of document.querySelectorAll<HTMLInputElement>('input[type="password"]')) input.value = "";
  }, [result]);
}
