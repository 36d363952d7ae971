// Sign in. The form and the action share SignInSchema; a failed attempt keeps the email
// (never the password) and says only that the email or password is not right.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field, fieldId } from "~/components/Field.tsx";
import { signIn } from "~/modules/auth/auth.server.ts";
import { SignInSchema, safeRedirect } from "~/modules/auth/schemas.ts";
import { getUser } from "~/modules/auth/session.server.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("login.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Anonymous visitors are who this page is for; someone already signed in goes on.
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await getUser(request)) throw redirect(redirectTo);
  return { redirectTo };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  // Anonymous allowed: this is how one signs in.
  const parsed = parseWith(await readForm(request), SignInSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  const { email, password, redirectTo } = parsed.data;
  const result = await signIn({ email, password, ipAddress: clientAddress(request), userAgent: request.headers.get("User-Agent") });
  if (!result.ok) return invalid({ form: [result.message] }, { email, redirectTo: redirectTo ?? "" });
  const next = safeRedirect(redirectTo);
  // The second factor comes before anything else (the two-factor step is /login/two-factor).
  const to = result.needsTwoFactor ? `/login/two-factor?redirectTo=${encodeURIComponent(next)}` : next;
  return redirect(to, { headers: { "Set-Cookie": result.cookie } });
});

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values ?? {};
  const busy = navigation.state === "submitting";
  // After a failed attempt the password is typed again: the server never sends it back, and
  // the browser's copy is cleared too.
  useEffect(() => {
    if (!actionData) return;
    const password = document.getElementById(fieldId("password"));
    if (password instanceof HTMLInputElement) password.value = "";
  }, [actionData]);
  return (
    <section className="narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <p>{t("login.intro")}</p>
      <ErrorSummary errors={errors} labels={{ email: t("login.email"), password: t("login.password") }} />
      <Form method="post" noValidate className="form">
        <input type="hidden" name="redirectTo" value={values.redirectTo || redirectTo} />
        <Field name="email" type="email" label={t("login.email")} autoComplete="username" inputMode="email" spellCheck={false} required defaultValue={values.email ?? ""} errors={errors?.email} />
        <Field name="password" type="password" label={t("login.password")} autoComplete="current-password" required errors={errors?.password} />
        <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
    </section>
  );
}
