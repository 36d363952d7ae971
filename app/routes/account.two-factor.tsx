// Two-factor sign-in for staff: add an authenticator app (shown a key, confirmed with a code
// before it is in force), or turn it off with a current code. Staff who must use it and have
// not set it up are sent here by requireUser, whatever page they asked for.
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AccountNav } from "~/components/AccountNav.tsx";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field } from "~/components/Field.tsx";
import { TwoFactorActionSchema } from "~/modules/auth/account-schemas.ts";
import { safeRedirect } from "~/modules/auth/schemas.ts";
import { requireUser } from "~/modules/auth/session.server.ts";
import { cancelTwoFactorEnrolment, confirmTwoFactorEnrolment, disableTwoFactor, ENROLMENT_PATH, startTwoFactorEnrolment, twoFactorStatus } from "~/modules/auth/totp.server.ts";
import stylesheet from "~/styles/account.css?url";
import { formatDate } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

const FACILITY_TIME_ZONE = "Europe/Vienna";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

// The page can show a two-factor key: never kept in a browser or proxy cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("account.twoFactor.title")) }];
};

/** This page again, keeping where to go once it is done. */
function here(redirectTo: string | null, flag?: string): string {
  const params = new URLSearchParams();
  if (redirectTo) params.set("redirectTo", redirectTo);
  if (flag) params.set(flag, "1");
  const query = params.toString();
  return query ? `${ENROLMENT_PATH}?${query}` : ENROLMENT_PATH;
}

function redirectParam(value: string | null | undefined): string | null {
  const to = safeRedirect(value, "");
  return to && to !== ENROLMENT_PATH ? to : null;
}

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Signed-in staff, about their own account (twoFactorStatus refuses other roles with 403).
  const user = await requireUser(request);
  const status = await twoFactorStatus(user);
  const params = new URL(request.url).searchParams;
  return {
    enabledAt: status.enabledAt?.toISOString() ?? null,
    pending: status.pending,
    required: status.required,
    redirectTo: redirectParam(params.get("redirectTo")),
    disabled: params.get("disabled") === "1",
    enabled: params.get("enabled") === "1",
  };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  // Signed-in staff, about their own account (the services refuse other roles with 403).
  const user = await requireUser(request);
  const ip = clientAddress(request);
  const form = await readForm(request);
  const redirectTo = redirectParam(form.get("redirectTo")?.toString());
  const parsed = parseWith(form, TwoFactorActionSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  switch (parsed.data.intent) {
    case "start":
      await startTwoFactorEnrolment(user);
      return redirect(here(redirectTo));
    case "cancel":
      await cancelTwoFactorEnrolment(user);
      return redirect(here(redirectTo));
    case "confirm": {
      const result = await confirmTwoFactorEnrolment(user, parsed.data.code, ip);
      if (!result.ok) return invalid({ [result.field]: [result.message] }, { intent: parsed.data.intent });
      // Someone sent here to enrol goes back to what they were doing.
      return redirect(redirectTo ?? here(null, "enabled"));
    }
    case "disable": {
      const result = await disableTwoFactor(user, parsed.data.code, ip);
      if (!result.ok) return invalid({ [result.field]: [result.message] }, { intent: parsed.data.intent });
      return redirect(here(null, "disabled"));
    }
  }
});

export default function TwoFactor() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const errors = actionData?.fieldErrors;
  const hiddenRedirect = data.redirectTo ? <input type="hidden" name="redirectTo" value={data.redirectTo} /> : null;
  return (
    <>
      <header className="page-header">
        <h1>{t("account.title")}</h1>
      </header>
      <AccountNav staff />
      <section className="account-section" aria-labelledby="two-factor-title">
        <h2 id="two-factor-title">{t("account.twoFactor.title")}</h2>
        {data.required && !data.enabledAt ? (
          <p className="notice notice--warning" role="alert">
            {t("account.twoFactor.required")}
          </p>
        ) : null}
        {!actionData && data.enabled ? (
          <p className="notice" role="status">
            {t("account.twoFactor.enabled")}
          </p>
        ) : null}
        {!actionData && data.disabled ? (
          <p className="notice" role="status">
            {t("account.twoFactor.disabled")}
          </p>
        ) : null}
        <p>{t("account.twoFactor.intro")}</p>
        <ErrorSummary errors={errors} labels={{ code: t("account.twoFactor.code") }} />

        {data.enabledAt ? (
          <>
            <p>
              <strong>{t("account.twoFactor.onSince", { date: formatDate(data.enabledAt, t.locale, FACILITY_TIME_ZONE) })}</strong>
            </p>
            <h3>{t("account.twoFactor.disableTitle")}</h3>
            <p>{t("account.twoFactor.disableIntro")}</p>
            {data.required ? <p className="muted">{t("account.twoFactor.disableRequired")}</p> : null}
            <Form method="post" noValidate className="form">
              <input type="hidden" name="intent" value="disable" />
              <Field name="code" label={t("account.twoFactor.code")} className="code-input" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={9} required errors={errors?.code} />
              <button type="submit" className="button button--secondary" disabled={busy} aria-disabled={busy}>
                {t("account.twoFactor.disable")}
              </button>
            </Form>
          </>
        ) : data.pending ? (
          <>
            <ol>
              <li>
                <p>{t("account.twoFactor.step1")}</p>
                <dl className="facts">
                  <div>
                    <dt>{t("account.twoFactor.uri")}</dt>
                    <dd>
                      <a className="totp-uri" href={data.pending.uri} id="totp-uri">
                        {data.pending.uri}
                      </a>
                    </dd>
                  </div>
                  <div>
                    <dt>{t("account.twoFactor.secret")}</dt>
                    <dd>
                      <code className="totp-secret" id="totp-secret">
                        {data.pending.grouped}
                      </code>
                      <span className="field__hint block">{t("account.twoFactor.secretHint")}</span>
                    </dd>
                  </div>
                </dl>
              </li>
              <li>
                <p>{t("account.twoFactor.step2")}</p>
                <Form method="post" noValidate className="form">
                  <input type="hidden" name="intent" value="confirm" />
                  {hiddenRedirect}
                  <Field name="code" label={t("account.twoFactor.code")} className="code-input" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={9} required defaultValue={actionData?.values.code ?? ""} errors={errors?.code} />
                  <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
                    {t("account.twoFactor.confirm")}
                  </button>
                </Form>
              </li>
            </ol>
            <Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              {hiddenRedirect}
              <button type="submit" className="link-button" disabled={busy}>
                {t("account.twoFactor.cancel")}
              </button>
            </Form>
          </>
        ) : (
          <>
            <p>{t("account.twoFactor.off")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="start" />
              {hiddenRedirect}
              <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
                {t("account.twoFactor.start")}
              </button>
            </Form>
          </>
        )}
      </section>
    </>
  );
}
