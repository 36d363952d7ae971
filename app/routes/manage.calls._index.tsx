// /manage/calls (grant managers; admins read): every call with its state in staff words,
// its next deadline and how many proposals it has, and the way to start a new call.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Deadline } from "~/components/Deadline.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { can } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { listCallsForStaff } from "~/modules/calls/calls.server.ts";
import { requireCallStaff } from "~/modules/calls/design.server.ts";
import callDesignStyles from "~/styles/call-design.css?url";
import { formatNumber } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const links = () => [{ rel: "stylesheet", href: callDesignStyles }];

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("callDesign.list.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireCallStaff(actor, "list");
  const locale = resolveLocale(request, user);
  const calls = await listCallsForStaff(actor, locale);
  return { calls, canCreate: can(actor, "call", "create"), now: new Date().toISOString() };
});

export default function ManageCalls() {
  const { calls, canCreate, now } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="calls-title">
      <header className="page-header call-page-header">
        <div>
          <h1 id="calls-title">{t("callDesign.list.title")}</h1>
          <p className="muted">{t("callDesign.list.intro")}</p>
        </div>
        {canCreate ? (
          <Link to="/manage/calls/new" className="button">
            {t("callDesign.list.new")}
          </Link>
        ) : null}
      </header>
      {calls.length === 0 ? (
        <p className="empty">{t("callDesign.list.empty")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="calls-title" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("table.reference")}</th>
                <th scope="col">{t("table.title")}</th>
                <th scope="col">{t("table.status")}</th>
                <th scope="col">{t("table.deadline")}</th>
                <th scope="col" className="num">
                  {t("table.proposals")}
                </th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => (
                <tr key={c.id}>
                  <td className="nowrap">
                    <Link to={`/manage/calls/${c.id}`}>{c.reference}</Link>
                  </td>
                  <td>
                    <Link to={`/manage/calls/${c.id}`}>{c.title || t("callDesign.untitled")}</Link>
                  </td>
                  <td>
                    <StatusBadge state={c.state} label={c.stateLabel} />
                  </td>
                  <td>
                    <Deadline at={c.deadline} timeZone={c.timeZone} now={now} />
                  </td>
                  <td className="num">{formatNumber(c.proposalCount, t.locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
