// Ask for a new confirmation link. The answer is the same whether or not the address has an
// account waiting for confirmation (no account enumeration); older links stop working.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field } from "~/components/Field.tsx";
import { getUser } from "~/modules/auth/session.server.ts";
import { appOrigin } from "~/modules/organisations/links.server.ts";
import { resendVerification } from "~/modules/organisations/registration.server.ts";
import { ResendVerificationSchema } from "~/modules/organisations/schemas.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("registration.resend.title")) }];
};

/** Only a same-site path to come back to after confirming. */
function nextFrom(value: FormDataEntryValue | string | null): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value.slice(0, 500) : "";
}

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Anyone may ask: signed-in (unconfirmed) users get their address filled in.
  const user = await getUser(request);
  const url = new URL(request.url);
  return { email: (url.searchParams.get("email") ?? user?.email ?? "").slice(0, 254), next: nextFrom(url.searchParams.get("next")) };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  // Anyone may ask; the service sends a link only to an account waiting for confirmation.
  const form = await readForm(request);
  const parsed = parseWith(form, ResendVerificationSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  await resendVerification(parsed.data.email, { origin: appOrigin(request), ipAddress: clientAddress(request) }, nextFrom(form.get("next")) || null);
  return { ok: true as const, email: parsed.data.email };
});

export default function ResendVerification() {
  const { email, next } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === "submitting";
  if (actionData?.ok) {
    return (
      <section className="narrow" aria-labelledby="resent-title">
        <h1 id="resent-title">{t("registration.resend.sentTitle")}</h1>
        <p className="notice" role="status">
          {t("registration.resend.sentBody", { email: actionData.email })}
        </p>
      </section>
    );
  }
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : undefined;
  const values = actionData && !actionData.ok ? actionData.values : {};
  return (
    <section className="narrow" aria-labelledby="resend-title">
      <h1 id="resend-title">{t("registration.resend.title")}</h1>
      <p>{t("registration.resend.intro")}</p>
      <ErrorSummary errors={errors} labels={{ email: t("registration.resend.email") }} />
      <Form method="post" noValidate className="form">
        <input type="hidden" name="next" value={values.next ?? next} />
        <Field name="email" type="email" label={t("registration.resend.email")} autoComplete="email" inputMode="email" spellCheck={false} required defaultValue={values.email ?? email} errors={errors?.email} />
        <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
          {t("registration.resend.submit")}
        </button>
      </Form>
    </section>
  );
}
