// "/organisation/members": the members page of the person's organisation (a choice first
// when they work with several).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requirePermission } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { listMyOrganisations } from "~/modules/organisations/organisations.server.ts";
import { handle } from "~/utils/route.server.ts";

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Signed-in users: only their own organisations are looked at.
  const user = await requireUser(request);
  const actor = toActor(user);
  const organisations = await listMyOrganisations(actor);
  if (organisations.length === 1) throw redirect(`/organisation/${organisations[0]!.id}/members`);
  if (organisations.length === 0) requirePermission(actor, "organisation", "create");
  throw redirect(organisations.length === 0 ? "/organisation/new" : "/organisation");
});
