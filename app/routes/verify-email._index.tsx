// The confirmation link from the sign-up email. Opening it shows one button that confirms
// the address (a POST): link scanners in mail systems follow links, and must not use up
// the single-use token or receive the session. Confirming signs the person in and sends
// them on to register their organisation (or to the invitation they came from). An expired
// or used link gets a clear message and a form to ask for a new one.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field } from "~/components/Field.tsx";
import { getUser } from "~/modules/auth/session.server.ts";
import { isEmailVerified } from "~/modules/organisations/access.server.ts";
import { appOrigin } from "~/modules/organisations/links.server.ts";
import { isVerificationLinkUsable, verifyEmail } from "~/modules/organisations/registration.server.ts";
import { VerifyEmailSchema } from "~/modules/organisations/schemas.ts";
import { isAppError } from "~/utils/errors.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("registration.verify.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Anyone holding the link may open it: the link itself is the proof of the address.
  const url = new URL(request.url);
  const token = (url.searchParams.get("token") ?? "").slice(0, 200);
  const next = url.searchParams.get("next") ?? "";
  const user = await getUser(request);
  const alreadyVerified = user ? await isEmailVerified(user.id) : false;
  const usable = token !== "" && (await isVerificationLinkUsable(token));
  return { token: usable ? token : "", next, usable, alreadyVerified, email: user?.email ?? "" };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  // Anyone holding the link may confirm: the single-use token is the permission.
  const parsed = parseWith(await readForm(request), VerifyEmailSchema);
  if (!parsed.ok) return invalid({ form: ["registration.verify.invalidBody"] });
  try {
    const result = await verifyEmail(parsed.data.token, parsed.data.next || null, {
      origin: appOrigin(request),
      ipAddress: clientAddress(request),
      userAgent: request.headers.get("User-Agent"),
    });
    const to = result.needsTwoFactor ? `/login/two-factor?redirectTo=${encodeURIComponent(result.redirectTo)}` : result.redirectTo;
    return redirect(to, { headers: { "Set-Cookie": result.cookie } });
  } catch (error) {
    if (isAppError(error) && error.code === "bad_request") return invalid({ form: [error.message] });
    throw error;
  }
});

export default function VerifyEmail() {
  const { token, next, usable, alreadyVerified, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === "submitting";
  if (usable && !actionData) {
    return (
      <section className="narrow" aria-labelledby="verify-title">
        <h1 id="verify-title">{t("registration.verify.title")}</h1>
        <p>{t("registration.verify.intro")}</p>
        <Form method="post" className="form">
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="next" value={next} />
          <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
            {t("registration.verify.submit")}
          </button>
        </Form>
      </section>
    );
  }
  if (alreadyVerified) {
    return (
      <section className="narrow" aria-labelledby="verify-title">
        <h1 id="verify-title">{t("registration.verify.title")}</h1>
        <p className="notice" role="status">
          {t("registration.verify.alreadyVerified")}
        </p>
        <p>
          <Link className="button" to="/organisation">
            {t("registration.verify.continue")}
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow" aria-labelledby="invalid-title">
      <h1 id="invalid-title">{t("registration.verify.invalidTitle")}</h1>
      {actionData ? <ErrorSummary errors={actionData.fieldErrors} /> : <p className="notice notice--warning">{t("registration.verify.invalidBody")}</p>}
      <Form method="post" action="/verify-email/resend" className="form">
        <input type="hidden" name="next" value={next} />
        <Field name="email" type="email" label={t("registration.resend.email")} autoComplete="email" inputMode="email" spellCheck={false} required defaultValue={email} />
        <button type="submit" className="button">
          {t("registration.resend.submit")}
        </button>
      </Form>
    </section>
  );
}
