// The second step of signing in (/login/two-factor): the 6-digit code from the user's
// authenticator app. The session made by the password step reaches nothing else until then.
// (The file is "login_" so that the page is not nested inside the sign-in page's layout.)
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field } from "~/components/Field.tsx";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { CodeSchema } from "~/modules/auth/account-schemas.ts";
import { verifySecondFactor } from "~/modules/auth/auth.server.ts";
import { TOO_MANY_ATTEMPTS } from "~/modules/auth/rate-limit.server.ts";
import { safeRedirect } from "~/modules/auth/schemas.ts";
import { destroySession, getPendingTwoFactorUser, getUser } from "~/modules/auth/session.server.ts";
import stylesheet from "~/styles/account.css?url";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

// A step of signing in: never kept in a browser or proxy cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("account.twoFactor.stepTitle")) }];
};

/** Without a pending session there is no code to ask for: signed in goes on, anyone else to sign in. */
async function elsewhere(request: Request, redirectTo: string): Promise<never> {
  if (await getUser(request)) throw redirect(redirectTo);
  throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
}

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Only a session that gave the right password and waits for its code.
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (!(await getPendingTwoFactorUser(request))) await elsewhere(request, redirectTo);
  return { redirectTo };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const form = await readForm(request);
  const redirectTo = safeRedirect(form.get("redirectTo")?.toString());
  if (form.get("intent") === "cancel") {
    // Anyone may cancel: it only ends the session this browser holds (as signing out does).
    const pendingUser = await getPendingTwoFactorUser(request);
    const cookie = await destroySession(request);
    if (pendingUser) await recordAudit({ actorId: pendingUser.id, action: "sign_in_cancelled", entityType: "user", entityId: pendingUser.id, ipAddress: clientAddress(request) });
    return redirect("/login", { headers: { "Set-Cookie": cookie } });
  }
  // Only a session that gave the right password and waits for its code.
  const pending = await getPendingTwoFactorUser(request);
  if (!pending) return elsewhere(request, redirectTo);
  const parsed = parseWith(form, CodeSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  const result = await verifySecondFactor({ sessionId: pending.sessionId, userId: pending.id, email: pending.email, code: parsed.data.code, ipAddress: clientAddress(request) });
  if (result.ok) return redirect(redirectTo);
  const field = result.signedOut || result.message === TOO_MANY_ATTEMPTS ? "form" : "code";
  const body = { ok: false as const, fieldErrors: { [field]: [result.message] }, values: { redirectTo }, signedOut: result.signedOut === true };
  // A pending session that ended leaves nothing to keep in the browser either.
  return result.signedOut ? data(body, { status: 400, headers: { "Set-Cookie": await destroySession(request) } }) : data(body, { status: 400 });
});

export default function TwoFactorStep() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const errors = actionData?.fieldErrors;
  const signedOut = !!actionData && "signedOut" in actionData && actionData.signedOut;
  return (
    <section className="narrow" aria-labelledby="two-factor-title">
      <h1 id="two-factor-title">{t("account.twoFactor.stepTitle")}</h1>
      <ErrorSummary errors={errors} labels={{ code: t("account.twoFactor.code") }} />
      {signedOut ? (
        <p>
          <a className="button" href={`/login?redirectTo=${encodeURIComponent(redirectTo)}`}>
            {t("account.reset.signIn")}
          </a>
        </p>
      ) : (
        <>
          <p>{t("account.twoFactor.stepIntro")}</p>
          <Form method="post" noValidate className="form">
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <Field name="code" label={t("account.twoFactor.code")} className="code-input" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={9} required autoFocus errors={errors?.code} />
            <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
              {t("account.twoFactor.verify")}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="link-button" disabled={busy}>
              {t("account.twoFactor.cancelSignIn")}
            </button>
          </Form>
          <p className="muted small">{t("account.twoFactor.lostDevice")}</p>
        </>
      )}
    </section>
  );
}
