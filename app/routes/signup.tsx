// Create an applicant account. The form and the action share SignUpSchema. Whether the
// address is new or already registered, the answer is the same "check your email" (no
// account enumeration); the service sends the right email in either case.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field, fieldId } from "~/components/Field.tsx";
import { getUser } from "~/modules/auth/session.server.ts";
import { appOrigin } from "~/modules/organisations/links.server.ts";
import { signUp } from "~/modules/organisations/registration.server.ts";
import { PASSWORD_MIN_LENGTH, SignUpSchema } from "~/modules/organisations/schemas.ts";
import { LOCALES, localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("registration.signup.title")) }];
};

/** Only a same-site path (an invitation) to come back to after confirming. */
function nextFrom(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "";
}

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Anonymous visitors are who this page is for; someone signed in already has an account.
  const user = await getUser(request);
  const url = new URL(request.url);
  const redirectTo = nextFrom(url.searchParams.get("redirectTo"));
  if (user) throw redirect(redirectTo || "/dashboard");
  return { redirectTo, email: (url.searchParams.get("email") ?? "").slice(0, 254), locale: resolveLocale(request, null) };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  // Anonymous allowed: this is how an account is made. The role is always APPLICANT.
  const parsed = parseWith(await readForm(request), SignUpSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  await signUp(parsed.data, { origin: appOrigin(request), ipAddress: clientAddress(request), userAgent: request.headers.get("User-Agent") });
  return { ok: true as const, email: parsed.data.email };
});

export default function SignUp() {
  const { redirectTo, email, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === "submitting";
  const failed = actionData && !actionData.ok ? actionData : null;
  const errors = failed?.fieldErrors;
  const values = failed?.values ?? {};
  // The password is typed again after a failed attempt: never sent back, cleared here too.
  useEffect(() => {
    if (!failed) return;
    const password = document.getElementById(fieldId("password"));
    if (password instanceof HTMLInputElement) password.value = "";
  }, [failed]);

  if (actionData?.ok) {
    return (
      <section className="narrow" aria-labelledby="sent-title">
        <h1 id="sent-title">{t("registration.signup.sentTitle")}</h1>
        <p className="notice" role="status">
          {t("registration.signup.sentBody", { email: actionData.email })}
        </p>
        <p>{t("registration.signup.sentHint")}</p>
        <p>
          <Link to={`/verify-email/resend?email=${encodeURIComponent(actionData.email)}`}>{t("registration.signup.sentResend")}</Link>
        </p>
      </section>
    );
  }

  const labels = { name: t("registration.signup.name"), email: t("registration.signup.email"), password: t("registration.signup.password"), locale: t("registration.signup.locale") };
  const chosenLocale = values.locale || locale;
  return (
    <section className="narrow" aria-labelledby="signup-title">
      <h1 id="signup-title">{t("registration.signup.title")}</h1>
      <p>{t("registration.signup.intro")}</p>
      {redirectTo.startsWith("/invitations/") ? <p className="notice">{t("registration.signup.invitationNote")}</p> : null}
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" noValidate className="form">
        <input type="hidden" name="redirectTo" value={values.redirectTo ?? redirectTo} />
        <Field name="name" label={labels.name} autoComplete="name" required maxLength={120} defaultValue={values.name ?? ""} errors={errors?.name} />
        <Field
          name="email"
          type="email"
          label={labels.email}
          hint={t("registration.signup.emailHint")}
          autoComplete="email"
          inputMode="email"
          spellCheck={false}
          required
          defaultValue={values.email ?? email}
          errors={errors?.email}
        />
        <Field
          name="password"
          type="password"
          label={labels.password}
          hint={t("registration.signup.passwordHint")}
          autoComplete="new-password"
          minLength={PASSWORD_MIN_LENGTH}
          required
          errors={errors?.password}
        />
        <fieldset className={errors?.locale ? "field field--error choices" : "field choices"} id={fieldId("locale")} tabIndex={-1}>
          <legend>{labels.locale}</legend>
          <p className="field__hint">{t("registration.signup.localeHint")}</p>
          {errors?.locale?.length ? <p className="field__error">{t.maybe(errors.locale[0]!)}</p> : null}
          {LOCALES.map((l) => (
            <label key={l} className="choice" lang={l}>
              <input type="radio" name="locale" value={l} defaultChecked={l === chosenLocale} />
              {t(`language.${l}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
          {t("registration.signup.submit")}
        </button>
      </Form>
      <p>
        {t("registration.signup.haveAccount")} <Link to={redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : "/login"}>{t("registration.signup.signIn")}</Link>
      </p>
    </section>
  );
}
