// The language switch. POST (from the switch in the top bar): remember the choice in the
// `lang` cookie and go back to the page the visitor was on. GET: a page with the same choice,
// for anyone who arrives here directly; it also shows a refused choice's error.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { safeRedirect } from "~/modules/auth/schemas.ts";
import { getUser } from "~/modules/auth/session.server.ts";
import { LOCALES, localeFromMatches, pageTitle, stripLangParam, translator, useT } from "~/utils/i18n.ts";
import { LanguageSchema, languageCookie } from "~/utils/locale.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("language.title")) }];
};

/** Back to a same-site page, without a `?lang=` that would override the new choice. */
function backTo(path: string | null | undefined): string {
  return safeRedirect(stripLangParam(safeRedirect(path, "/")), "/");
}

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Anyone may choose a language, signed in or not.
  await getUser(request);
  return { redirectTo: backTo(new URL(request.url).searchParams.get("redirectTo")) };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  // Anyone may choose a language, signed in or not.
  await getUser(request);
  const parsed = parseWith(await readForm(request), LanguageSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  return redirect(backTo(parsed.data.redirectTo), { headers: { "Set-Cookie": languageCookie(parsed.data.lang) } });
});

export default function Language() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errors = actionData?.fieldErrors;
  return (
    <section className="narrow" aria-labelledby="language-title">
      <h1 id="language-title">{t("language.title")}</h1>
      <p>{t("language.intro")}</p>
      <ErrorSummary errors={errors ? { form: Object.values(errors).flat() } : undefined} />
      <Form method="post" className="form">
        <input type="hidden" name="redirectTo" value={actionData?.values.redirectTo || redirectTo} />
        <fieldset className="choices">
          <legend>{t("language.label")}</legend>
          {LOCALES.map((locale) => (
            <label key={locale} className="choice" lang={locale}>
              <input type="radio" name="lang" value={locale} defaultChecked={locale === t.locale} />
              {t(`language.${locale}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button">
          {t("language.submit")}
        </button>
      </Form>
    </section>
  );
}
