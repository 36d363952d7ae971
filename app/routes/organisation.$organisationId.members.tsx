// The members of an organisation and, for its owners, the pending invitations, the invite
// form and the buttons that remove members and change roles. Every member sees the list;
// only OWNERS change it (the service refuses anyone else with 403). The last owner can be
// neither removed nor demoted: the page says why.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field } from "~/components/Field.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { requireOrganisationAccess } from "~/modules/organisations/access.server.ts";
import { formValues } from "~/modules/organisations/form-values.ts";
import { appOrigin } from "~/modules/organisations/links.server.ts";
import { inviteMember, listMembers, removeMember, revokeInvitation, setMemberRole } from "~/modules/organisations/members.server.ts";
import { MemberActionSchema } from "~/modules/organisations/schemas.ts";
import { formatDate } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("organisation.members.title")) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  // Members of this organisation (or staff allowed to read any); others get 404.
  const user = await requireUser(request);
  return listMembers(toActor(user), params.organisationId ?? "");
});

/** Dates are shown in the facility's time zone, as elsewhere. */
const FACILITY_TIME_ZONE = "Europe/Vienna";

type Done = "invited" | "removed" | "roleChanged" | "revoked";

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  // Owners only: members get 403 and outsiders 404 from the service (checked first here too).
  const user = await requireUser(request);
  const actor = toActor(user);
  const organisationId = params.organisationId ?? "";
  requireOrganisationAccess(actor, organisationId, "read");
  const form = await readForm(request);
  const parsed = parseWith(form, MemberActionSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  const meta = { ipAddress: clientAddress(request) };
  const input = parsed.data;
  switch (input.intent) {
    case "invite": {
      const result = await inviteMember(actor, organisationId, input.email, { ...meta, origin: appOrigin(request), locale: resolveLocale(request, user) });
      if (!result.ok) return invalid(result.fieldErrors, formValues(form));
      return { ok: true as const, done: "invited" as Done, email: result.value.email };
    }
    case "revoke-invitation": {
      const result = await revokeInvitation(actor, organisationId, input.invitationId, meta);
      if (!result.ok) return invalid(result.fieldErrors);
      return { ok: true as const, done: "revoked" as Done, email: "" };
    }
    case "remove": {
      const result = await removeMember(actor, organisationId, input.userId, meta);
      if (!result.ok) return invalid(result.fieldErrors);
      // Leaving: the organisation's pages are not theirs any more.
      if (result.value.self) return redirect("/dashboard");
      return { ok: true as const, done: "removed" as Done, email: "" };
    }
    case "make-owner":
    case "make-member": {
      const result = await setMemberRole(actor, organisationId, input.userId, input.intent === "make-owner" ? "OWNER" : "MEMBER", meta);
      if (!result.ok) return invalid(result.fieldErrors);
      return { ok: true as const, done: "roleChanged" as Done, email: "" };
    }
  }
});

function ActionButton({ intent, userId, label, ariaLabel }: { intent: string; userId: string; label: string; ariaLabel: string }) {
  return (
    <Form method="post" style={{ display: "inline" }}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" className="button button--small button--secondary" aria-label={ariaLabel}>
        {label}
      </button>
    </Form>
  );
}

export default function Members() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === "submitting";
  const failed = actionData && !actionData.ok ? actionData : null;
  const succeeded = actionData?.ok ? actionData : null;
  const inviteErrors = failed?.fieldErrors.email ? { email: failed.fieldErrors.email } : undefined;
  const otherErrors = failed && !failed.fieldErrors.email ? failed.fieldErrors : undefined;
  const doneMessage = succeeded
    ? {
        invited: t("organisation.members.done.invited", { email: succeeded.email }),
        removed: t("organisation.members.done.removed"),
        roleChanged: t("organisation.members.done.roleChanged"),
        revoked: t("organisation.members.done.revoked"),
      }[succeeded.done]
    : null;
  const orgName = data.organisation.acronym ? `${data.organisation.legalName} (${data.organisation.acronym})` : data.organisation.legalName;
  const ownerCount = data.members.filter((m) => m.role === "OWNER").length;
  return (
    <>
      <header className="page-header">
        <p className="breadcrumb">
          <Link to={`/organisation/${data.organisation.id}`}>← {orgName}</Link>
        </p>
        <h1>{t("organisation.members.title")}</h1>
        <p>{t("organisation.members.intro")}</p>
      </header>
      {doneMessage ? (
        <p className="notice" role="status">
          {doneMessage}
        </p>
      ) : null}
      <ErrorSummary errors={otherErrors} />

      <section aria-labelledby="members-title">
        <h2 id="members-title" className="visually-hidden">
          {t("organisation.members.title")}
        </h2>
        <div className="table-wrap" role="region" aria-labelledby="members-title" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("organisation.members.name")}</th>
                <th scope="col">{t("organisation.members.email")}</th>
                <th scope="col">{t("organisation.members.role")}</th>
                <th scope="col">{t("organisation.members.since")}</th>
                {data.canManage ? <th scope="col">{t("organisation.members.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {data.members.map((m) => {
                const lastOwner = m.role === "OWNER" && ownerCount <= 1;
                return (
                  <tr key={m.userId} data-member-email={m.email}>
                    <td>
                      {m.name} {m.isViewer ? <span className="muted">{t("organisation.members.you")}</span> : null}
                    </td>
                    <td>{m.email}</td>
                    <td>{t(`organisation.role.${m.role}`)}</td>
                    <td className="nowrap">
                      <time dateTime={m.since}>{formatDate(m.since, t.locale, FACILITY_TIME_ZONE)}</time>
                    </td>
                    {data.canManage ? (
                      <td>
                        <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
                          {m.role === "MEMBER" ? (
                            <ActionButton intent="make-owner" userId={m.userId} label={t("organisation.members.makeOwner")} ariaLabel={t("organisation.members.actionFor", { action: t("organisation.members.makeOwner"), name: m.name })} />
                          ) : !lastOwner ? (
                            <ActionButton
                              intent="make-member"
                              userId={m.userId}
                              label={m.isViewer ? t("organisation.members.stepDown") : t("organisation.members.makeMember")}
                              ariaLabel={t("organisation.members.actionFor", { action: m.isViewer ? t("organisation.members.stepDown") : t("organisation.members.makeMember"), name: m.name })}
                            />
                          ) : null}
                          {lastOwner ? <span className="muted small">{t("organisation.members.onlyOwner")}</span> : null}
                          {!lastOwner ? (
                            <ActionButton
                              intent="remove"
                              userId={m.userId}
                              label={m.isViewer ? t("organisation.members.leave") : t("organisation.members.remove")}
                              ariaLabel={t("organisation.members.actionFor", { action: m.isViewer ? t("organisation.members.leave") : t("organisation.members.remove"), name: m.name })}
                            />
                          ) : null}
                        </div>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {!data.canManage ? <p className="muted">{t("organisation.members.onlyOwners")}</p> : null}
      </section>

      {data.canManage ? (
        <>
          <section aria-labelledby="invitations-title">
            <h2 id="invitations-title">{t("organisation.members.invitations")}</h2>
            {data.invitations.length === 0 ? (
              <p className="empty">{t("organisation.members.noInvitations")}</p>
            ) : (
              <div className="table-wrap" role="region" aria-labelledby="invitations-title" tabIndex={0}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("organisation.members.email")}</th>
                      <th scope="col">{t("organisation.members.invitedBy")}</th>
                      <th scope="col">{t("organisation.members.expires")}</th>
                      <th scope="col">{t("organisation.members.actions")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.invitations.map((i) => (
                      <tr key={i.id} data-invitation-email={i.email}>
                        <td>{i.email}</td>
                        <td>{i.invitedBy ?? ""}</td>
                        <td className="nowrap">
                          <time dateTime={i.expiresAt}>{formatDate(i.expiresAt, t.locale, FACILITY_TIME_ZONE)}</time>
                        </td>
                        <td>
                          <Form method="post">
                            <input type="hidden" name="intent" value="revoke-invitation" />
                            <input type="hidden" name="invitationId" value={i.id} />
                            <button type="submit" className="button button--small button--secondary" aria-label={t("organisation.members.revokeFor", { email: i.email })}>
                              {t("organisation.members.revoke")}
                            </button>
                          </Form>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby="invite-title" className="card">
            <h2 id="invite-title">{t("organisation.members.inviteTitle")}</h2>
            <p>{t("organisation.members.inviteIntro")}</p>
            <ErrorSummary errors={inviteErrors} labels={{ email: t("organisation.members.inviteEmail") }} />
            <Form method="post" noValidate className="form" key={succeeded?.done === "invited" ? succeeded.email : "invite"}>
              <input type="hidden" name="intent" value="invite" />
              <Field
                name="email"
                type="email"
                label={t("organisation.members.inviteEmail")}
                autoComplete="off"
                inputMode="email"
                spellCheck={false}
                required
                defaultValue={failed?.values.email ?? ""}
                errors={inviteErrors?.email}
              />
              <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
                {t("organisation.members.inviteSubmit")}
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}
