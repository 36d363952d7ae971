// Choosing a new password from an emailed link (/reset-password?token=…). The link works
// once; an expired or used one says so and offers to ask for a new one.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useClearPasswordFields } from "~/components/AccountNav.tsx";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field } from "~/components/Field.tsx";
import { resetPassword, resetTokenUsable } from "~/modules/auth/account.server.ts";
import { ResetPasswordSchema } from "~/modules/auth/account-schemas.ts";
import { destroySession, getUser } from "~/modules/auth/session.server.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

// The address carries a reset token: never kept in a browser or proxy cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("account.reset.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Anonymous allowed: the emailed link is the proof of who this is, not a session.
  await getUser(request);
  const params = new URL(request.url).searchParams;
  if (params.get("done") === "1") return { state: "done" as const, token: "" };
  const token = params.get("token") ?? "";
  return (await resetTokenUsable(token)) ? { state: "form" as const, token } : { state: "invalid" as const, token: "" };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  // Anonymous allowed, as above: the token decides.
  await getUser(request);
  const parsed = parseWith(await readForm(request), ResetPasswordSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  const result = await resetPassword({ token: parsed.data.token, password: parsed.data.password, ipAddress: clientAddress(request) });
  if (!result.ok) return invalid({ token: [result.message] }, { token: parsed.data.token });
  // Every session of the account has ended; this browser's cookie goes too.
  return redirect("/reset-password?done=1", { headers: { "Set-Cookie": await destroySession(request) } });
});

export default function ResetPassword() {
  const { state, token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  useClearPasswordFields(actionData);
  const errors = actionData?.fieldErrors;
  if (state === "done") {
    return (
      <section className="narrow" aria-labelledby="reset-title">
        <h1 id="reset-title">{t("account.reset.doneTitle")}</h1>
        <p className="notice" role="status">
          {t("account.reset.done")}
        </p>
        <p>
          <Link className="button" to="/login">
            {t("account.reset.signIn")}
          </Link>
        </p>
      </section>
    );
  }
  if (state === "invalid" || errors?.token) {
    return (
      <section className="narrow" aria-labelledby="reset-title">
        <h1 id="reset-title">{t("account.reset.invalidTitle")}</h1>
        <p className="notice notice--warning" role="alert">
          {t("account.reset.invalid")}
        </p>
        <p>
          <Link className="button" to="/forgot-password">
            {t("account.reset.askAgain")}
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">{t("account.reset.title")}</h1>
      <p>{t("account.reset.intro")}</p>
      <ErrorSummary errors={errors} labels={{ password: t("account.reset.password"), confirmPassword: t("account.reset.confirm") }} />
      <Form method="post" noValidate className="form">
        <input type="hidden" name="token" value={actionData?.values.token || token} />
        <Field name="password" type="password" label={t("account.reset.password")} hint={t("account.reset.passwordHint")} autoComplete="new-password" required minLength={10} maxLength={200} errors={errors?.password} />
        <Field name="confirmPassword" type="password" label={t("account.reset.confirm")} autoComplete="new-password" required maxLength={200} errors={errors?.confirmPassword} />
        <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
          {t("account.reset.submit")}
        </button>
      </Form>
    </section>
  );
}
