// Platform security settings (administrators): whether staff must use two-factor sign-in.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { fieldId } from "~/components/Field.tsx";
import { SecuritySettingsSchema } from "~/modules/auth/account-schemas.ts";
import { requirePermission } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { securityOverview, setStaffTwoFactorRequired } from "~/modules/auth/totp.server.ts";
import stylesheet from "~/styles/account.css?url";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("account.security.title")) }];
};

// The sign-in rules govern every account: the right to change accounts ("user: update") is
// the administrators' alone in the permission table.
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  requirePermission(toActor(user), "user", "update");
  return { ...(await securityOverview(user.id)), saved: new URL(request.url).searchParams.get("saved") === "1" };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  requirePermission(toActor(user), "user", "update");
  const parsed = parseWith(await readForm(request), SecuritySettingsSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  await setStaffTwoFactorRequired(user.id, parsed.data.staffTwoFactorRequired === "on", clientAddress(request));
  return redirect("/admin/security?saved=1");
});

export default function SecuritySettings() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const id = fieldId("staffTwoFactorRequired");
  return (
    <section className="account-section" aria-labelledby="security-title">
      <h1 id="security-title">{t("account.security.title")}</h1>
      <p>{t("account.security.intro")}</p>
      {data.saved && !actionData ? (
        <p className="notice" role="status">
          {t("account.security.saved")}
        </p>
      ) : null}
      <ErrorSummary errors={actionData?.fieldErrors} />
      <Form method="post" className="form">
        <div className="field">
          <label className="choice" htmlFor={id}>
            <input id={id} type="checkbox" name="staffTwoFactorRequired" defaultChecked={data.staffTwoFactorRequired} aria-describedby={`${id}-hint`} />
            {t("account.security.staffTwoFactor")}
          </label>
          <p id={`${id}-hint`} className="field__hint">
            {t("account.security.staffTwoFactorHint")}
          </p>
        </div>
        <p>{t("account.security.staffStats", { with: data.staffWithTwoFactor, total: data.staffCount })}</p>
        {data.selfHasTwoFactor ? null : <p className="notice notice--warning">{t("account.security.selfWarning")}</p>}
        <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
          {t("account.security.submit")}
        </button>
      </Form>
      <p className="muted">{t("account.security.limits")}</p>
    </section>
  );
}
