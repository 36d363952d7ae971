// Asking for a password reset link. The answer is the same page whether or not the address
// has an account, so the form cannot be used to find out who is registered.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field } from "~/components/Field.tsx";
import { linkBase, requestPasswordReset } from "~/modules/auth/account.server.ts";
import { ForgotPasswordSchema } from "~/modules/auth/account-schemas.ts";
import { getUser } from "~/modules/auth/session.server.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("account.forgot.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Anonymous visitors are who this page is for (signed-in users may use it too).
  await getUser(request);
  return { sent: new URL(request.url).searchParams.get("sent") === "1" };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  // Anonymous allowed: someone who forgot their password cannot sign in.
  await getUser(request);
  const parsed = parseWith(await readForm(request), ForgotPasswordSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  await requestPasswordReset({ email: parsed.data.email, linkBase: linkBase(request), ipAddress: clientAddress(request) });
  return redirect("/forgot-password?sent=1");
});

export default function ForgotPassword() {
  const { sent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  if (sent) {
    return (
      <section className="narrow" aria-labelledby="forgot-title">
        <h1 id="forgot-title">{t("account.forgot.sentTitle")}</h1>
        <p className="notice" role="status">
          {t("account.forgot.sent")}
        </p>
        <p>{t("account.forgot.sentHelp")}</p>
        <p>
          <Link to="/forgot-password">{t("account.forgot.again")}</Link>
        </p>
        <p>
          <Link to="/login">{t("account.forgot.backToSignIn")}</Link>
        </p>
      </section>
    );
  }
  const errors = actionData?.fieldErrors;
  return (
    <section className="narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("account.forgot.title")}</h1>
      <p>{t("account.forgot.intro")}</p>
      <ErrorSummary errors={errors} labels={{ email: t("account.forgot.email") }} />
      <Form method="post" noValidate className="form">
        <Field name="email" type="email" label={t("account.forgot.email")} autoComplete="email" inputMode="email" spellCheck={false} required defaultValue={actionData?.values.email ?? ""} errors={errors?.email} />
        <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
          {t("account.forgot.submit")}
        </button>
      </Form>
      <p>
        <Link to="/login">{t("account.forgot.backToSignIn")}</Link>
      </p>
    </section>
  );
}
