// The link in an invitation email. Anyone holding it sees who invites them to which
// organisation; to accept, they sign in (or sign up, confirm their address and come back)
// with the invited address. Accepting makes them a MEMBER. Staff accounts cannot join.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { getUser, requireUser, toActor } from "~/modules/auth/session.server.ts";
import { acceptInvitation, getInvitation } from "~/modules/organisations/members.server.ts";
import { isAppError } from "~/utils/errors.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches);
  const t = translator(locale);
  const view = data?.view;
  return [{ title: pageTitle(locale, view && view.status !== "invalid" ? t("organisation.invitation.title", { organisation: view.organisation.name }) : t("organisation.invitation.invalidTitle")) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  // Anyone holding the link may read it; what they may do depends on who is signed in.
  const user = await getUser(request);
  const token = params.token ?? "";
  const view = await getInvitation(token, user);
  return { view, path: `/invitations/${encodeURIComponent(token)}` };
});

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  // Signed-in APPLICANTs with a confirmed address, the invited one; the service checks all.
  const user = await requireUser(request);
  try {
    const { organisationId } = await acceptInvitation(toActor(user), params.token ?? "", { ipAddress: clientAddress(request) });
    return redirect(`/organisation/${organisationId}?done=joined`);
  } catch (error) {
    // A link used up or cancelled meanwhile, a staff account: a message on the page.
    if (isAppError(error) && (error.code === "bad_request" || error.code === "forbidden")) return invalid({ form: [error.message] });
    throw error;
  }
});

export default function Invitation() {
  const { view, path } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  if (view.status === "invalid") {
    return (
      <section className="narrow" aria-labelledby="invitation-title">
        <h1 id="invitation-title">{t("organisation.invitation.invalidTitle")}</h1>
        <p className="notice notice--warning">{t("organisation.invitation.invalidBody")}</p>
      </section>
    );
  }
  const organisation = view.organisation.name;
  const back = encodeURIComponent(path);
  return (
    <section className="narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title">{t("organisation.invitation.title", { organisation })}</h1>
      {view.inviter ? <p>{t("organisation.invitation.body", { inviter: view.inviter, organisation })}</p> : null}
      <p className="muted">{t("organisation.invitation.sentTo", { email: view.email })}</p>
      <ErrorSummary errors={actionData?.fieldErrors} />
      {view.status === "anonymous" ? (
        <>
          <p>{t("organisation.invitation.signInPrompt")}</p>
          <p style={{ display: "flex", gap: "1rem", flexWrap: "wrap" }}>
            <Link className="button" to={`/login?redirectTo=${back}`}>
              {t("organisation.invitation.signIn")}
            </Link>
            <Link className="button button--secondary" to={`/signup?redirectTo=${back}&email=${encodeURIComponent(view.email)}`}>
              {t("organisation.invitation.signUp")}
            </Link>
          </p>
        </>
      ) : null}
      {view.status === "wrong_account" ? <p className="notice notice--warning">{t("organisation.invitation.wrongAccount", { email: view.email, current: view.currentEmail ?? "" })}</p> : null}
      {view.status === "staff" ? <p className="notice notice--warning">{t("organisation.invitation.staff")}</p> : null}
      {view.status === "unverified" ? (
        <>
          <p className="notice notice--warning">{t("organisation.invitation.unverified")}</p>
          <p>
            <Link to={`/verify-email/pending?next=${back}`}>{t("registration.pending.resend")}</Link>
          </p>
        </>
      ) : null}
      {view.status === "member" ? (
        <>
          <p className="notice">{t("organisation.invitation.alreadyMember", { organisation })}</p>
          <p>
            <Link className="button" to={`/organisation/${view.organisation.id}`}>
              {t("organisation.invitation.goToOrganisation")}
            </Link>
          </p>
        </>
      ) : null}
      {view.status === "ready" ? (
        <Form method="post" className="form">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("organisation.invitation.accept", { organisation })}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
