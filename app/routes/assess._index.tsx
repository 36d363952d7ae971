// /assess (evaluators): the assessor's queue, call by call. A call whose declaration of
// impartiality and confidentiality is not signed shows only how many proposals wait and the
// way to sign it; after signing, each evaluation with its state, progress, points so far, the
// grant manager's reason when it came back, and the conflict-of-interest form. Each call's
// list is paged on its own (`?page-<callId>=n`, QUEUE_PAGE_SIZE a page).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { AssessConflictForm } from "~/components/ScoringForm.tsx";
import { InAppLink } from "~/components/InAppLink.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { Pagination } from "~/components/staff/Pagination.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { listQueue } from "~/modules/evaluation/assessor.server.ts";
import { formatDate } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

const pageParam = (callId: string) => `page-${callId}`;

export const meta: MetaFunction = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("assessing.queue.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const locale = resolveLocale(request, user);
  const params = new URL(request.url).searchParams;
  // A page number that is not one falls back to the first page (the service clamps the rest).
  const pageOf = (callId: string) => Number.parseInt(params.get(pageParam(callId)) ?? "1", 10) || 1;
  return { calls: await listQueue(toActor(user), locale, pageOf) };
});

export default function AssessQueue() {
  const { calls } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <header className="page-header">
        <h1>{t("assessing.queue.title")}</h1>
        <p className="lead">{t("assessing.queue.intro")}</p>
      </header>
      {params.get("conflict") === "1" ? (
        <p className="notice" role="status">
          {t("assessing.queue.conflictDone")}
        </p>
      ) : null}
      {params.get("signed") ? (
        <p className="notice" role="status">
          {t("assessing.queue.signedDone")}
        </p>
      ) : null}
      {calls.length === 0 ? <p className="empty">{t("assessing.queue.empty")}</p> : null}
      {calls.map((call) => {
        const titleId = `call-${call.id}`;
        return (
          <section key={call.id} aria-labelledby={titleId} className="card" data-call={call.reference}>
            <h2 id={titleId}>
              {call.reference}: {call.title}
            </h2>
            {!call.signedAt ? (
              <>
                <p>{t("assessing.queue.signFirst", { count: call.assigned })}</p>
                <p>
                  <Link className="button" to={`/assess/calls/${call.id}/declaration`}>
                    {t("assessing.queue.signAction")}
                  </Link>
                </p>
              </>
            ) : (
              <>
                <p className="muted small">{t("assessing.queue.signedOn", { date: formatDate(call.signedAt, t.locale, call.timeZone) })}</p>
                <div className="table-wrap" role="region" aria-labelledby={titleId} tabIndex={0}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t("assessing.queue.col.proposal")}</th>
                        <th scope="col">{t("assessing.queue.col.stage")}</th>
                        <th scope="col">{t("assessing.queue.col.status")}</th>
                        <th scope="col" className="num">
                          {t("assessing.queue.col.progress")}
                        </th>
                        <th scope="col" className="num">
                          {t("assessing.queue.col.total")}
                        </th>
                        <th scope="col">{t("assessing.queue.col.conflict")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {call.evaluations.map((e) => (
                        <tr key={e.id} data-evaluation={e.id}>
                          <td>
                            <span className="muted block small">{e.reference}</span>
                            <InAppLink to={`/assess/${e.id}`}>{e.title}</InAppLink>
                          </td>
                          <td>{t(`assessing.stage.${e.stage}`)}</td>
                          <td>
                            <StatusBadge state={e.state} label={e.stateLabel} />
                            {e.returnReason ? <span className="block small">{t("assessing.queue.returned", { reason: e.returnReason })}</span> : null}
                          </td>
                          <td className="num">{t("assessing.queue.progress", { scored: e.scored, criteria: e.criteria })}</td>
                          <td className="num">{t("assessing.queue.points", { total: e.total, max: e.max })}</td>
                          <td>
                            {e.canDeclareConflict ? (
                              <details>
                                <summary>{t("assessing.conflict.title")}</summary>
                                <AssessConflictForm action={`/assess/${e.id}`} idPrefix={`conflict-${e.id}`} />
                              </details>
                            ) : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <Pagination page={call.page} pageCount={call.pageCount} param={pageParam(call.id)} />
              </>
            )}
          </section>
        );
      })}
    </>
  );
}
