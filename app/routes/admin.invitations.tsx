// /admin/invitations (ADMIN): pending staff invitations with their expiry, and a button to
// revoke each one (its link stops working at once).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { PagedTable } from "~/components/staff/PagedTable.tsx";
import { requirePermission } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { PageQuerySchema, RevokeInvitationSchema, queryAsForm } from "~/modules/auth/staff-schemas.ts";
import { listPendingInvitations, revokeInvitation } from "~/modules/auth/users.server.ts";
import { formatDateTime, formatNumber, formatRelative } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

const TIME_ZONE = "Europe/Vienna";

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("staff.invitations.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requirePermission(actor, "user", "invite");
  const parsed = parseWith(queryAsForm(request.url), PageQuerySchema);
  const sentId = new URL(request.url).searchParams.get("sent");
  const list = await listPendingInvitations(actor, { page: parsed.ok ? parsed.data.page : 1, sentId: sentId && sentId.length <= 64 ? sentId : null });
  const body = { ...list, now: new Date().toISOString(), pageErrors: parsed.ok ? null : parsed.fieldErrors };
  return parsed.ok ? body : data(body, { status: 400 });
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requirePermission(actor, "user", "invite");
  const parsed = parseWith(await readForm(request), RevokeInvitationSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  const result = await revokeInvitation(actor, parsed.data.invitationId, { ipAddress: clientAddress(request) });
  if (!result.ok) return invalid(result.fieldErrors, { invitationId: parsed.data.invitationId });
  return { ok: true as const, revoked: result.email };
});

export default function AdminInvitations() {
  const { rows, total, page, pageCount, sent, now, pageErrors } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === "submitting";
  const errors = actionData && !actionData.ok ? { form: Object.values(actionData.fieldErrors).flat() } : pageErrors ?? undefined;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/users">{t("staff.invite.back")}</Link>
      </p>
      <header className="page-header">
        <h1>{t("staff.invitations.title")}</h1>
        <p>{t("staff.invitations.intro")}</p>
        <p>
          <Link className="button" to="/admin/users/invite">
            {t("staff.users.invite")}
          </Link>
        </p>
      </header>
      {actionData?.ok ? (
        <p className="notice" role="status">
          {t("staff.invitations.revoked", { email: actionData.revoked })}
        </p>
      ) : sent ? (
        <p className="notice" role="status">
          {t("staff.invitations.sent", { email: sent.email })}
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <PagedTable
        id="pending"
        title={t("staff.invitations.count", { count: formatNumber(total, t.locale) })}
        empty={t("staff.invitations.none")}
        headers={[t("staff.invitations.col.email"), t("staff.invitations.col.role"), t("staff.invitations.col.invitedBy"), t("staff.invitations.col.sent"), t("staff.invitations.col.expires"), t("staff.invitations.col.actions")]}
        rowCount={rows.length}
        page={page}
        pageCount={pageCount}
      >
        {rows.map((inv) => (
          <tr key={inv.id}>
            <td>{inv.email}</td>
            <td>{inv.role ? t(`role.${inv.role}`) : ""}</td>
            <td>{inv.invitedBy ? <span title={inv.invitedBy.email}>{inv.invitedBy.name}</span> : <span className="muted">{t("staff.invitations.unknownInviter")}</span>}</td>
            <td>
              <time dateTime={inv.createdAt}>{formatDateTime(inv.createdAt, t.locale, TIME_ZONE)}</time>
            </td>
            <td>
              <time dateTime={inv.expiresAt}>{formatDateTime(inv.expiresAt, t.locale, TIME_ZONE)}</time>
              <span className="muted block small">{formatRelative(inv.expiresAt, t.locale, now)}</span>
            </td>
            <td>
              <Form method="post">
                <input type="hidden" name="invitationId" value={inv.id} />
                <button type="submit" className="button button--small button--secondary" aria-label={t("staff.invitations.revokeLabel", { email: inv.email })} disabled={busy}>
                  {t("staff.invitations.revoke")}
                </button>
              </Form>
            </td>
          </tr>
        ))}
      </PagedTable>
    </>
  );
}
