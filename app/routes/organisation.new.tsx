// Register an organisation. The person becomes its OWNER. Accounts whose email address is
// not confirmed are sent to confirm it first (the service refuses them too).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePermission } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { isEmailVerified } from "~/modules/organisations/access.server.ts";
import { formValues } from "~/modules/organisations/form-values.ts";
import { OrganisationForm } from "~/modules/organisations/OrganisationForm.tsx";
import { createOrganisation, organisationFormOptions } from "~/modules/organisations/organisations.server.ts";
import { OrganisationSchema } from "~/modules/organisations/schemas.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("organisation.new.title")) }];
};

const PENDING = "/verify-email/pending?next=%2Forganisation%2Fnew";

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Applicants (organisation: create) with a confirmed address.
  const user = await requireUser(request);
  requirePermission(toActor(user), "organisation", "create");
  if (!(await isEmailVerified(user.id))) throw redirect(PENDING);
  return { options: await organisationFormOptions(resolveLocale(request, user)) };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  // Applicants (organisation: create) with a confirmed address; the service checks both.
  const user = await requireUser(request);
  const actor = toActor(user);
  requirePermission(actor, "organisation", "create");
  if (!(await isEmailVerified(user.id))) return redirect(PENDING);
  const form = await readForm(request);
  const parsed = parseWith(form, OrganisationSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  const result = await createOrganisation(actor, parsed.data, { ipAddress: clientAddress(request) });
  if (!result.ok) return invalid(result.fieldErrors, formValues(form));
  return redirect(`/organisation/${result.value.id}?done=created`);
});

export default function NewOrganisation() {
  const { options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  return (
    <section aria-labelledby="new-org-title">
      <header className="page-header">
        <h1 id="new-org-title">{t("organisation.new.title")}</h1>
        <p>{t("organisation.new.intro")}</p>
      </header>
      <OrganisationForm
        types={options.types}
        countries={options.countries}
        values={actionData?.values ?? {}}
        errors={actionData?.fieldErrors}
        submitLabel={t("organisation.new.submit")}
        busy={navigation.state === "submitting"}
      />
    </section>
  );
}
