// /admin/users/$userId (ADMIN): one account in detail, its recent activity, and the forms
// that change its role and disable or enable it (one action, told apart by `intent`).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { ChoiceField } from "~/components/staff/ChoiceField.tsx";
import { requirePermission } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { STAFF_ROLES, UserActionSchema } from "~/modules/auth/staff-schemas.ts";
import { changeUserRole, getUserDetails, setAccountDisabled } from "~/modules/auth/users.server.ts";
import { formatDateTime, formatNumber } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, notFound, parseWith, readForm } from "~/utils/route.server.ts";

const TIME_ZONE = "Europe/Vienna";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, data?.user.name ?? translator(locale)("staff.users.title")) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requirePermission(actor, "user", "read");
  if (!params.userId) notFound();
  return { user: await getUserDetails(actor, params.userId, resolveLocale(request, user)) };
});

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requirePermission(actor, "user", "update");
  if (!params.userId) notFound();
  const parsed = parseWith(await readForm(request), UserActionSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  const meta = { ipAddress: clientAddress(request) };
  const input = parsed.data;
  const result = input.intent === "role" ? await changeUserRole(actor, params.userId, input.role, meta) : await setAccountDisabled(actor, params.userId, input.intent === "disable", meta);
  if (!result.ok) return invalid(result.fieldErrors, input.intent === "role" ? { intent: input.intent, role: input.role } : { intent: input.intent });
  const done = input.intent === "role" ? "role" : input.intent === "disable" ? "disabled" : "enabled";
  return redirect(`/admin/users/${encodeURIComponent(params.userId)}?done=${done}`);
});

export default function AdminUser() {
  const { user } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const t = useT();
  const busy = navigation.state === "submitting";
  const failedIntent = actionData?.values.intent;
  const roleErrors = failedIntent === "role" ? actionData?.fieldErrors : undefined;
  const statusErrors = failedIntent === "disable" || failedIntent === "enable" ? actionData?.fieldErrors : undefined;
  const otherErrors = actionData && !roleErrors && !statusErrors ? actionData.fieldErrors : undefined;
  const done = actionData ? null : searchParams.get("done");
  const doneMessage =
    done === "role" ? t("staff.user.roleDone", { role: t(`role.${user.role}`) }) : done === "disabled" ? t("staff.user.disabledDone") : done === "enabled" ? t("staff.user.enabledDone") : null;
  const roleLocked = user.isLastActiveAdmin || user.inOrganisation;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/users">{t("staff.user.back")}</Link>
      </p>
      <header className="page-header">
        <h1>{user.name}</h1>
        <p className="muted">
          {t(`role.${user.role}`)} · <span className={`badge badge--${user.disabledAt ? "danger" : "success"}`}>{user.disabledAt ? t("staff.state.disabled") : t("staff.state.active")}</span>
        </p>
        {user.isSelf ? <p className="notice">{t("staff.user.you")}</p> : null}
      </header>

      {doneMessage ? (
        <p className="notice" role="status">
          {doneMessage}
        </p>
      ) : null}
      <ErrorSummary errors={otherErrors} />

      <section aria-labelledby="account-title">
        <h2 id="account-title">{t("staff.user.account")}</h2>
        <dl className="facts facts--grid">
          <div>
            <dt>{t("staff.user.email")}</dt>
            <dd style={{ overflowWrap: "anywhere" }}>{user.email}</dd>
          </div>
          <div>
            <dt>{t("staff.user.role")}</dt>
            <dd>{t(`role.${user.role}`)}</dd>
          </div>
          <div>
            <dt>{t("staff.user.status")}</dt>
            <dd>{user.disabledAt ? t("staff.user.disabledSince", { date: formatDateTime(user.disabledAt, t.locale, TIME_ZONE) }) : t("staff.state.active")}</dd>
          </div>
          <div>
            <dt>{t("staff.user.organisations")}</dt>
            <dd>{user.organisations.length ? user.organisations.map((o) => o.name).join(", ") : t("staff.none")}</dd>
          </div>
          <div>
            <dt>{t("staff.user.verified")}</dt>
            <dd>{user.emailVerifiedAt ? formatDateTime(user.emailVerifiedAt, t.locale, TIME_ZONE) : t("staff.no")}</dd>
          </div>
          <div>
            <dt>{t("staff.user.twoFactor")}</dt>
            <dd>{user.twoFactor ? t("staff.on") : t("staff.off")}</dd>
          </div>
          <div>
            <dt>{t("staff.user.lastSignIn")}</dt>
            <dd>{user.lastSignInAt ? formatDateTime(user.lastSignInAt, t.locale, TIME_ZONE) : t("staff.never")}</dd>
          </div>
          <div>
            <dt>{t("staff.user.sessions")}</dt>
            <dd>{formatNumber(user.activeSessions, t.locale)}</dd>
          </div>
          <div>
            <dt>{t("staff.user.language")}</dt>
            <dd>{t(`language.${user.locale}`)}</dd>
          </div>
          <div>
            <dt>{t("staff.user.created")}</dt>
            <dd>{formatDateTime(user.createdAt, t.locale, TIME_ZONE)}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="role-title">
        <h2 id="role-title">{t("staff.user.roleTitle")}</h2>
        <p>{t("staff.user.roleIntro")}</p>
        {user.isLastActiveAdmin ? <p className="notice notice--warning">{t("staff.user.lastAdminHint")}</p> : null}
        {user.inOrganisation ? <p className="notice notice--warning">{t("staff.user.inOrganisationHint")}</p> : null}
        <ErrorSummary errors={roleErrors} labels={{ role: t("staff.user.newRole") }} />
        <Form method="post" noValidate className="form">
          <input type="hidden" name="intent" value="role" />
          <ChoiceField
            name="role"
            legend={t("staff.user.newRole")}
            defaultValue={(roleErrors ? actionData?.values.role : undefined) ?? user.role}
            errors={roleErrors?.role}
            choices={STAFF_ROLES.map((r) => ({ value: r, label: t(`role.${r}`), hint: t(`staff.invite.roleHint.${r}`) }))}
          />
          <button type="submit" className="button" disabled={busy || roleLocked} aria-disabled={busy || roleLocked}>
            {t("staff.user.roleSubmit")}
          </button>
        </Form>
      </section>

      {user.disabledAt ? (
        <section aria-labelledby="status-title">
          <h2 id="status-title">{t("staff.user.enableTitle")}</h2>
          <p>{t("staff.user.enableIntro")}</p>
          <ErrorSummary errors={statusErrors} />
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="enable" />
            <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
              {t("staff.user.enableSubmit")}
            </button>
          </Form>
        </section>
      ) : (
        <section aria-labelledby="status-title">
          <h2 id="status-title">{t("staff.user.disableTitle")}</h2>
          <p>{t("staff.user.disableIntro")}</p>
          {user.isSelf && !user.isLastActiveAdmin ? <p className="notice notice--warning">{t("staff.user.disableSelfHint")}</p> : null}
          <ErrorSummary errors={statusErrors} />
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="disable" />
            <button type="submit" className="button button--secondary" disabled={busy || user.isSelf || user.isLastActiveAdmin} aria-disabled={busy || user.isSelf || user.isLastActiveAdmin}>
              {t("staff.user.disableSubmit")}
            </button>
          </Form>
        </section>
      )}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("staff.user.history")}</h2>
        {user.recentEvents.length === 0 ? (
          <p className="empty">{t("staff.user.noHistory")}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="history-title" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("table.when")}</th>
                  <th scope="col">{t("table.who")}</th>
                  <th scope="col">{t("staff.audit.col.address")}</th>
                  <th scope="col">{t("table.action")}</th>
                  <th scope="col">{t("table.change")}</th>
                </tr>
              </thead>
              <tbody>
                {user.recentEvents.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <time dateTime={e.at}>{formatDateTime(e.at, t.locale, TIME_ZONE)}</time>
                    </td>
                    <td>{e.actorName ?? <span className="muted">{t("staff.audit.system")}</span>}</td>
                    <td>{e.ipAddress ?? <span className="muted">{t("staff.audit.noAddress")}</span>}</td>
                    <td>{e.actionLabel}</td>
                    <td>{e.fromLabel || e.toLabel ? `${e.fromLabel ?? "—"} → ${e.toLabel ?? "—"}` : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p>
          <Link to={`/admin/audit?entityType=user&record=${encodeURIComponent(user.id)}`}>{t("staff.user.fullHistory")}</Link>
        </p>
      </section>
    </>
  );
}
