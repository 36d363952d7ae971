// /admin/users/invite (ADMIN): invite a staff member by email, with a role and the
// language of the invitation email. Success goes to the pending invitations.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field } from "~/components/Field.tsx";
import { ChoiceField } from "~/components/staff/ChoiceField.tsx";
import { requirePermission } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { InviteStaffSchema, STAFF_ROLES } from "~/modules/auth/staff-schemas.ts";
import { appBaseUrl, inviteStaff } from "~/modules/auth/users.server.ts";
import { LOCALES, localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("staff.invite.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  requirePermission(toActor(user), "user", "invite");
  return { ok: true as const };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requirePermission(actor, "user", "invite");
  const parsed = parseWith(await readForm(request), InviteStaffSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  const result = await inviteStaff(actor, parsed.data, { ipAddress: clientAddress(request), baseUrl: appBaseUrl(request) });
  if (!result.ok) return invalid(result.fieldErrors, { email: parsed.data.email, role: parsed.data.role, locale: parsed.data.locale });
  return redirect(`/admin/invitations?sent=${encodeURIComponent(result.invitationId)}`);
});

export default function InviteStaff() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values ?? {};
  const busy = navigation.state === "submitting";
  return (
    <section className="narrow" aria-labelledby="invite-title">
      <p className="breadcrumb">
        <Link to="/admin/users">{t("staff.invite.back")}</Link>
      </p>
      <h1 id="invite-title">{t("staff.invite.title")}</h1>
      <p>{t("staff.invite.intro")}</p>
      <ErrorSummary errors={errors} labels={{ email: t("staff.invite.email"), role: t("staff.invite.role"), locale: t("staff.invite.locale") }} />
      <Form method="post" noValidate className="form">
        <Field name="email" type="email" label={t("staff.invite.email")} hint={t("staff.invite.emailHint")} autoComplete="off" inputMode="email" spellCheck={false} required defaultValue={values.email ?? ""} errors={errors?.email} />
        <ChoiceField
          name="role"
          legend={t("staff.invite.role")}
          defaultValue={values.role}
          errors={errors?.role}
          choices={STAFF_ROLES.map((r) => ({ value: r, label: t(`role.${r}`), hint: t(`staff.invite.roleHint.${r}`) }))}
        />
        <ChoiceField
          name="locale"
          legend={t("staff.invite.locale")}
          defaultValue={values.locale ?? t.locale}
          errors={errors?.locale}
          choices={LOCALES.map((l) => ({ value: l, label: t(`language.${l}`), lang: l }))}
        />
        <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
          {t("staff.invite.submit")}
        </button>
      </Form>
    </section>
  );
}
