// Edit an organisation's profile: the registration form again (the same schema), filled in.
// Every member may edit the profile (see app/modules/organisations/access.server.ts); the
// change is audited field by field.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { requireOrganisationAccess } from "~/modules/organisations/access.server.ts";
import { formValues } from "~/modules/organisations/form-values.ts";
import { OrganisationForm } from "~/modules/organisations/OrganisationForm.tsx";
import { getOrganisationProfile, organisationFormOptions, profileFormValues, updateOrganisation } from "~/modules/organisations/organisations.server.ts";
import { OrganisationSchema } from "~/modules/organisations/schemas.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("organisation.edit.title")) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  // Members who may update this organisation; others get 404 (not a member) or 403.
  const user = await requireUser(request);
  const actor = toActor(user);
  const organisationId = params.organisationId ?? "";
  requireOrganisationAccess(actor, organisationId, "update");
  const locale = resolveLocale(request, user);
  const profile = await getOrganisationProfile(actor, organisationId, locale);
  return { id: profile.id, name: profile.legalName, values: profileFormValues(profile), options: await organisationFormOptions(locale) };
});

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  // Members who may update this organisation; the service checks again.
  const user = await requireUser(request);
  const actor = toActor(user);
  const organisationId = params.organisationId ?? "";
  requireOrganisationAccess(actor, organisationId, "update");
  const form = await readForm(request);
  const parsed = parseWith(form, OrganisationSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  const result = await updateOrganisation(actor, organisationId, parsed.data, { ipAddress: clientAddress(request) });
  if (!result.ok) return invalid(result.fieldErrors, formValues(form));
  return redirect(`/organisation/${organisationId}?done=saved`);
});

export default function EditOrganisation() {
  const { id, name, values, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  return (
    <section aria-labelledby="edit-org-title">
      <header className="page-header">
        <p className="muted">{name}</p>
        <h1 id="edit-org-title">{t("organisation.edit.title")}</h1>
      </header>
      <OrganisationForm
        types={options.types}
        countries={options.countries}
        values={actionData?.values ?? values}
        errors={actionData?.fieldErrors}
        submitLabel={t("organisation.edit.submit")}
        busy={navigation.state === "submitting"}
        after={<Link to={`/organisation/${id}`}>{t("organisation.edit.cancel")}</Link>}
      />
    </section>
  );
}
