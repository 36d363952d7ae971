// "Your organisation": straight to it when the person has one, a choice when they work with
// several, the registration form when they have none yet.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { listMyOrganisations } from "~/modules/organisations/organisations.server.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { handle } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("organisation.chooseTitle")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Signed-in users with memberships; applicants without one are sent to register theirs,
  // anyone who may not register one (staff) is refused.
  const user = await requireUser(request);
  const actor = toActor(user);
  const organisations = await listMyOrganisations(actor);
  if (organisations.length === 0) {
    requirePermission(actor, "organisation", "create");
    throw redirect("/organisation/new");
  }
  if (organisations.length === 1) throw redirect(`/organisation/${organisations[0]!.id}`);
  return { organisations };
});

export default function MyOrganisations() {
  const { organisations } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="orgs-title">
      <header className="page-header">
        <h1 id="orgs-title">{t("organisation.chooseTitle")}</h1>
        <p>{t("organisation.chooseIntro")}</p>
      </header>
      <ul className="card-list card-list--compact">
        {organisations.map((o) => (
          <li key={o.id} className="card">
            <h2>
              <Link to={`/organisation/${o.id}`}>
                {o.legalName}
                {o.acronym ? ` (${o.acronym})` : ""}
              </Link>
            </h2>
            <p className="muted">{t("organisation.yourRole", { role: t(`organisation.role.${o.role}`) })}</p>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/organisation/new">{t("organisation.createAnother")}</Link>
      </p>
    </section>
  );
}
