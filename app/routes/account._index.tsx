// The signed-in user's own account: name and language, and changing the password.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AccountNav, useClearPasswordFields } from "~/components/AccountNav.tsx";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field, fieldId } from "~/components/Field.tsx";
import { changePassword, getProfile, updateProfile } from "~/modules/auth/account.server.ts";
import { ChangePasswordSchema, ProfileSchema } from "~/modules/auth/account-schemas.ts";
import { requireUser } from "~/modules/auth/session.server.ts";
import { isStaffRole } from "~/modules/auth/totp.server.ts";
import stylesheet from "~/styles/account.css?url";
import { formatDateTime } from "~/utils/format.ts";
import { LOCALES, localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { languageCookie } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

const FACILITY_TIME_ZONE = "Europe/Vienna";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("account.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Any signed-in user, about their own account only.
  const user = await requireUser(request);
  const profile = await getProfile(user);
  return { profile, staff: isStaffRole(user.role), saved: new URL(request.url).searchParams.get("saved") };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  // Any signed-in user, about their own account only (the user comes from the session, never the form).
  const user = await requireUser(request);
  const form = await readForm(request);
  if (form.get("intent") === "password") {
    const parsed = parseWith(form, ChangePasswordSchema);
    if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
    const result = await changePassword(user, parsed.data, clientAddress(request));
    if (!result.ok) return invalid({ [result.field]: [result.message] }, { intent: "password" });
    return redirect("/account?saved=password");
  }
  const parsed = parseWith(form, ProfileSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  await updateProfile(user, parsed.data, clientAddress(request));
  // The language cookie outranks the saved preference, so it follows the new choice at once.
  return redirect("/account?saved=profile", { headers: { "Set-Cookie": languageCookie(parsed.data.locale) } });
});

const PASSWORD_FIELDS = ["currentPassword", "newPassword", "confirmPassword"];

export default function Account() {
  const { profile, staff, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  useClearPasswordFields(actionData);
  const busy = navigation.state === "submitting";
  const values = actionData?.values ?? {};
  const errors = actionData?.fieldErrors ?? {};
  const passwordForm = values.intent === "password";
  const profileErrors = passwordForm ? undefined : errors;
  const passwordErrors = passwordForm ? errors : undefined;
  const notice = saved === "profile" ? t("account.profile.saved") : saved === "password" ? t("account.password.saved") : null;
  return (
    <>
      <header className="page-header">
        <h1>{t("account.title")}</h1>
      </header>
      <AccountNav staff={staff} />
      {notice && !actionData ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}

      <section className="account-section" aria-labelledby="profile-title">
        <h2 id="profile-title">{t("account.profile.title")}</h2>
        <dl className="facts facts--inline">
          <div>
            <dt>{t("account.profile.email")}</dt>
            <dd>{profile.email}</dd>
          </div>
          <div>
            <dt>{t("account.profile.role")}</dt>
            <dd>{t(`role.${profile.role}`)}</dd>
          </div>
        </dl>
        <ErrorSummary errors={profileErrors} labels={{ name: t("account.profile.name"), locale: t("account.profile.locale") }} />
        <Form method="post" noValidate className="form">
          <input type="hidden" name="intent" value="profile" />
          <Field name="name" label={t("account.profile.name")} hint={t("account.profile.nameHint")} autoComplete="name" required maxLength={120} defaultValue={passwordForm ? profile.name : (values.name ?? profile.name)} errors={profileErrors?.name} />
          <fieldset className="choices" id={fieldId("locale")}>
            <legend>{t("account.profile.locale")}</legend>
            <p className="field__hint">{t("account.profile.localeHint")}</p>
            {profileErrors?.locale ? <p className="field__error">{t.maybe(profileErrors.locale[0]!)}</p> : null}
            {LOCALES.map((locale) => (
              <label key={locale} className="choice" lang={locale}>
                <input type="radio" name="locale" value={locale} defaultChecked={locale === (passwordForm ? profile.locale : (values.locale ?? profile.locale))} />
                {t(`language.${locale}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
            {t("account.profile.submit")}
          </button>
        </Form>
      </section>

      <section className="account-section" aria-labelledby="password-title">
        <h2 id="password-title">{t("account.password.title")}</h2>
        <p>{t("account.password.intro")}</p>
        {profile.passwordChangedAt ? <p className="muted">{t("account.password.lastChanged", { date: formatDateTime(profile.passwordChangedAt, t.locale, FACILITY_TIME_ZONE) })}</p> : null}
        <ErrorSummary
          errors={passwordErrors}
          labels={Object.fromEntries(PASSWORD_FIELDS.map((f) => [f, t(f === "currentPassword" ? "account.password.current" : f === "newPassword" ? "account.password.new" : "account.password.confirm")]))}
        />
        <Form method="post" noValidate className="form">
          <input type="hidden" name="intent" value="password" />
          {/* Lets password managers file the new password under the right account. */}
          <input type="hidden" name="username" autoComplete="username" value={profile.email} />
          <Field name="currentPassword" type="password" label={t("account.password.current")} autoComplete="current-password" required maxLength={200} errors={passwordErrors?.currentPassword} />
          <Field name="newPassword" type="password" label={t("account.password.new")} hint={t("account.password.newHint")} autoComplete="new-password" required minLength={10} maxLength={200} errors={passwordErrors?.newPassword} />
          <Field name="confirmPassword" type="password" label={t("account.password.confirm")} autoComplete="new-password" required maxLength={200} errors={passwordErrors?.confirmPassword} />
          <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
            {t("account.password.submit")}
          </button>
        </Form>
        <p>
          <Link to="/forgot-password">{t("account.password.forgot")}</Link>
        </p>
      </section>
    </>
  );
}
