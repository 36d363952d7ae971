// Two buttons, English and Français, in a form that POSTs to /language; the action sets the
// `lang` cookie and sends the visitor back to the page they were on. Works without JavaScript.
import { Form, useLocation } from "@remix-run/react";
import { LOCALES, stripLangParam, useT } from "~/utils/i18n.ts";

export function LanguageSwitch() {
  const t = useT();
  const location = useLocation();
  const redirectTo = stripLangParam(`${location.pathname}${location.search}${location.hash}`);
  return (
    <Form method="post" action="/language" className="language-switch" aria-label={t("language.label")}>
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="lang"
          value={locale}
          lang={locale}
          aria-pressed={locale === t.locale}
          className={locale === t.locale ? "language-switch__option language-switch__option--current" : "language-switch__option"}
        >
          {t(`language.${locale}`)}
        </button>
      ))}
    </Form>
  );
}
