// /staff-invitation/$token (PUBLIC: the secret link is the permission): the invitee sees who
// invited them and with which role, enters a name, a password and a language, and is signed
// in with the new staff account. Used, revoked, replaced or expired links say so.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field, fieldId } from "~/components/Field.tsx";
import { ChoiceField } from "~/components/staff/ChoiceField.tsx";
import { destroySession, getUser } from "~/modules/auth/session.server.ts";
import { AcceptInvitationSchema, PASSWORD_MIN_LENGTH } from "~/modules/auth/staff-schemas.ts";
import { acceptStaffInvitation, viewStaffInvitation } from "~/modules/auth/users.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { LOCALES, localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm, type FieldErrors } from "~/utils/route.server.ts";

const TIME_ZONE = "Europe/Vienna";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("staff.invitation.title")) }, { name: "robots", content: "noindex" }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  // Anonymous visitors are who this page is for; a signed-in visitor is not needed either.
  await getUser(request);
  const view = await viewStaffInvitation(params.token ?? "");
  // 410 Gone: the link worked once and no longer does (or never did).
  return view.state === "valid" ? view : data(view, { status: view.state === "invalid" ? 410 : 409 });
});

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  // Anonymous allowed: the token in the address is what authorises creating this account.
  const parsed = parseWith(await readForm(request), AcceptInvitationSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  const result = await acceptStaffInvitation(params.token ?? "", parsed.data, { ipAddress: clientAddress(request), userAgent: request.headers.get("User-Agent") });
  if (!result.ok) {
    const message = result.reason === "linkInvalid" ? "staff.invitation.invalidBody" : "staff.invitation.accountExists";
    const fieldErrors: FieldErrors = { form: [message] };
    return data({ ok: false as const, fieldErrors, values: { name: parsed.data.name, locale: parsed.data.locale } as Record<string, string> }, { status: result.reason === "linkInvalid" ? 410 : 409 });
  }
  // Whoever was signed in on this browser before is signed out: the new account takes over.
  if (await getUser(request)) await destroySession(request);
  return redirect("/dashboard", { headers: { "Set-Cookie": result.cookie } });
});

export default function StaffInvitation() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values ?? {};
  const busy = navigation.state === "submitting";
  // After a failed submit the passwords are typed again: the server never sends them back.
  useEffect(() => {
    if (!actionData) return;
    for (const name of ["password", "passwordConfirm"]) {
      const input = document.getElementById(fieldId(name));
      if (input instanceof HTMLInputElement) input.value = "";
    }
  }, [actionData]);

  if (view.state !== "valid") {
    return (
      <section className="narrow" aria-labelledby="invitation-title">
        <h1 id="invitation-title">{t("staff.invitation.invalidTitle")}</h1>
        <p>{view.state === "invalid" ? t("staff.invitation.invalidBody") : t("staff.invitation.accountExists")}</p>
        <p>
          <Link className="button" to="/login">
            {t("staff.invitation.signIn")}
          </Link>
        </p>
      </section>
    );
  }

  const role = t(`role.${view.role}`);
  return (
    <section className="narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title">{t("staff.invitation.title")}</h1>
      <p className="lead">{view.inviterName ? t("staff.invitation.intro", { inviter: view.inviterName, role }) : t("staff.invitation.introNoInviter", { role })}</p>
      <p>{t("staff.invitation.account", { email: view.email })}</p>
      <p className="muted">{t("staff.invitation.expires", { date: formatDateTime(view.expiresAt, t.locale, TIME_ZONE) })}</p>
      <ErrorSummary
        errors={errors}
        labels={{ name: t("staff.invitation.name"), password: t("staff.invitation.password"), passwordConfirm: t("staff.invitation.passwordConfirm"), locale: t("staff.invitation.locale") }}
      />
      <Form method="post" noValidate className="form">
        <Field name="name" label={t("staff.invitation.name")} hint={t("staff.invitation.nameHint")} autoComplete="name" required defaultValue={values.name ?? ""} errors={errors?.name} />
        <input type="email" name="username" value={view.email} autoComplete="username" readOnly hidden />
        <Field name="password" type="password" label={t("staff.invitation.password")} hint={t("staff.invitation.passwordHint")} autoComplete="new-password" minLength={PASSWORD_MIN_LENGTH} required errors={errors?.password} />
        <Field name="passwordConfirm" type="password" label={t("staff.invitation.passwordConfirm")} autoComplete="new-password" required errors={errors?.passwordConfirm} />
        <ChoiceField
          name="locale"
          legend={t("staff.invitation.locale")}
          defaultValue={values.locale ?? t.locale}
          errors={errors?.locale}
          choices={LOCALES.map((l) => ({ value: l, label: t(`language.${l}`), lang: l }))}
        />
        <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
          {t("staff.invitation.submit")}
        </button>
      </Form>
    </section>
  );
}
