// The signed-in user's sessions: where they are signed in, and ending the ones they do not want.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AccountNav } from "~/components/AccountNav.tsx";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { listSessions, revokeOtherSessions, revokeSession, type SessionRow } from "~/modules/auth/account.server.ts";
import { SessionActionSchema } from "~/modules/auth/account-schemas.ts";
import { requireUser } from "~/modules/auth/session.server.ts";
import { isStaffRole } from "~/modules/auth/totp.server.ts";
import stylesheet from "~/styles/account.css?url";
import { formatDateTime } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT, type Translate } from "~/utils/i18n.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, invalid, parseWith, readForm } from "~/utils/route.server.ts";

const FACILITY_TIME_ZONE = "Europe/Vienna";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("account.sessions.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  // Any signed-in user: their own sessions only.
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  return { sessions: await listSessions(user), staff: isStaffRole(user.role), ended: params.get("ended"), all: params.get("all") === "1" };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  // Any signed-in user: the service ends only sessions of this user (another user's is "not found").
  const user = await requireUser(request);
  const parsed = parseWith(await readForm(request), SessionActionSchema);
  if (!parsed.ok) return invalid(parsed.fieldErrors, parsed.values);
  if (parsed.data.intent === "revoke") {
    await revokeSession(user, parsed.data.session, clientAddress(request));
    return redirect("/account/sessions?ended=1");
  }
  const count = await revokeOtherSessions(user, clientAddress(request));
  return redirect(`/account/sessions?ended=${count}&all=1`);
});

function deviceWords(t: Translate, s: SessionRow): string {
  const { browser, os } = s.device;
  if (browser && os) return t("account.sessions.browserOn", { browser, os });
  return browser ?? os ?? t("account.sessions.unknownBrowser");
}

export default function Sessions() {
  const { sessions, staff, ended, all } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const others = sessions.filter((s) => !s.current);
  const notice = ended === null ? null : all ? t("account.sessions.endedOthers", { count: Number(ended) || 0 }) : t("account.sessions.ended");
  return (
    <>
      <header className="page-header">
        <h1>{t("account.title")}</h1>
      </header>
      <AccountNav staff={staff} />
      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t("account.sessions.title")}</h2>
        <p>{t("account.sessions.intro")}</p>
        {notice && !actionData ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        <ErrorSummary errors={actionData?.fieldErrors} />
        <div className="table-wrap" role="region" aria-labelledby="sessions-title" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("account.sessions.device")}</th>
                <th scope="col">{t("account.sessions.started")}</th>
                <th scope="col">{t("account.sessions.address")}</th>
                <th scope="col">{t("account.sessions.action")}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => {
                const started = formatDateTime(s.createdAt, t.locale, FACILITY_TIME_ZONE);
                return (
                  <tr key={s.handle} data-current={s.current ? "true" : undefined}>
                    <td>
                      {deviceWords(t, s)}
                      {s.current ? (
                        <>
                          {" "}
                          <span className="badge badge--success">{t("account.sessions.thisDevice")}</span>
                        </>
                      ) : null}
                      {s.pending ? <span className="muted small block">{t("account.sessions.pending")}</span> : null}
                    </td>
                    <td>
                      <time dateTime={s.createdAt}>{started}</time>
                    </td>
                    <td>{s.ipAddress ?? <span className="muted">{t("account.sessions.unknownAddress")}</span>}</td>
                    <td>
                      {s.current ? null : (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="session" value={s.handle} />
                          <button type="submit" className="button button--small button--secondary" disabled={busy} aria-label={t("account.sessions.endWhich", { date: started })}>
                            {t("account.sessions.end")}
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {others.length === 0 ? (
          <p className="empty">{t("account.sessions.onlyThis")}</p>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="revokeOthers" />
            <button type="submit" className="button" disabled={busy}>
              {t("account.sessions.endOthers")}
            </button>
          </Form>
        )}
      </section>
    </>
  );
}
