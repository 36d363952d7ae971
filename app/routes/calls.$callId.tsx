// A call's public page: what it funds, who may apply, how much, until when (in the call's
// time zone and as time left), which documents are needed and how proposals are scored.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Deadline } from "~/components/Deadline.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { getUser, toActor } from "~/modules/auth/session.server.ts";
import { getCallPage, type GridView } from "~/modules/calls/catalogue.server.ts";
import { formatList, formatMoney, formatNumber, formatShare } from "~/utils/format.ts";
import { isMessageKey, localeFromMatches, pageTitle, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, data?.call.title) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  // Public page: anonymous visitors may read published, open and closed calls. Any other
  // state is "not found" except for staff allowed to read every call (getCallPage decides).
  const user = await getUser(request);
  const locale = resolveLocale(request, user);
  const call = await getCallPage(user ? toActor(user) : null, params.callId ?? "", locale);
  return { call, now: new Date().toISOString() };
});

export default function CallPage() {
  const { call, now } = useLoaderData<typeof loader>();
  const t = useT();
  const money = (cents: number) => formatMoney(cents, t.locale);
  const duration =
    call.minDurationMonths === call.maxDurationMonths
      ? t("call.durationExact", { months: call.maxDurationMonths })
      : t("call.durationRange", { min: call.minDurationMonths, max: call.maxDurationMonths });
  return (
    <article className="call-page" aria-labelledby="call-title">
      <p className="breadcrumb">
        <Link to="/">← {t("call.backToCalls")}</Link>
      </p>
      {call.isPublic ? null : (
        <p className="notice notice--warning" role="note">
          {t("call.staffPreview", { state: call.staffStateLabel })}
        </p>
      )}
      <header className="page-header">
        <p className="muted">
          {t("common.labelled", { label: t("call.reference"), value: call.reference })}
        </p>
        <h1 id="call-title">{call.title}</h1>
        <StatusBadge state={call.state} label={call.stateLabel} />
      </header>

      <section aria-labelledby="facts-title" className="card key-facts">
        <h2 id="facts-title">{t("call.keyFacts")}</h2>
        <dl className="facts">
          {call.procedure === "RESTRICTED" ? (
            <div>
              <dt>{t("call.conceptNoteDeadline")}</dt>
              <dd>
                <Deadline at={call.conceptNoteDeadline} timeZone={call.timeZone} now={now} />
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{call.procedure === "RESTRICTED" ? t("call.fullApplicationDeadline") : t("call.deadline")}</dt>
            <dd>
              <Deadline at={call.fullApplicationDeadline} timeZone={call.timeZone} now={now} />
            </dd>
          </div>
          <div>
            <dt>{t("call.grantSize")}</dt>
            <dd>{t("call.grantRange", { min: money(call.minGrantCents), max: money(call.maxGrantCents) })}</dd>
          </div>
          <div>
            <dt>{t("call.duration")}</dt>
            <dd>{duration}</dd>
          </div>
          {call.dialogues.length > 0 ? (
            <div>
              <dt>{t("call.dialogues")}</dt>
              <dd>
                <ul className="tags">
                  {call.dialogues.map((d) => (
                    <li key={d.code}>{d.name}</li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
          {call.jvapDomains.length > 0 ? (
            <div>
              <dt>{t("call.jvapDomains")}</dt>
              <dd>
                <ul className="tags">
                  {call.jvapDomains.map((d) => (
                    <li key={d.code}>{d.name}</li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
        </dl>
      </section>

      {call.description ? (
        <section aria-labelledby="description-title">
          <h2 id="description-title">{t("call.description")}</h2>
          <div className="prose">
            {call.description
              .split(/\n{2,}/)
              .filter((p) => p.trim() !== "")
              .map((paragraph, i) => (
                <p key={i}>{paragraph}</p>
              ))}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="eligibility-title">
        <h2 id="eligibility-title">{t("call.eligibility")}</h2>
        <dl className="facts">
          <div>
            <dt>{t("call.eligibleApplicants")}</dt>
            <dd>
              {call.applicantTypes.length > 0 ? (
                <ul>
                  {call.applicantTypes.map((a) => (
                    <li key={a.code}>{a.name}</li>
                  ))}
                </ul>
              ) : (
                t("call.anyApplicant")
              )}
            </dd>
          </div>
          {call.leadLocations.length > 0 ? (
            <div>
              <dt>{t("call.leadLocations")}</dt>
              <dd>{formatList(call.leadLocations.map((l) => t(`call.lead.${l}`)), t.locale, "disjunction")}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t("call.procedure")}</dt>
            <dd>{t(`call.procedure.${call.procedure}`)}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="funding-title">
        <h2 id="funding-title">{t("call.funding")}</h2>
        <dl className="facts facts--grid">
          <div>
            <dt>{t("call.totalBudget")}</dt>
            <dd>{money(call.totalBudgetCents)}</dd>
          </div>
          <div>
            <dt>{t("call.minGrant")}</dt>
            <dd>{money(call.minGrantCents)}</dd>
          </div>
          <div>
            <dt>{t("call.maxGrant")}</dt>
            <dd>{money(call.maxGrantCents)}</dd>
          </div>
          <div>
            <dt>{t("call.cofinancing")}</dt>
            <dd>{t("call.cofinancingValue", { share: formatShare(call.maxCofinancingBp, t.locale) })}</dd>
          </div>
          <div>
            <dt>{t("call.duration")}</dt>
            <dd>{duration}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="documents-title">
        <h2 id="documents-title">{t("call.requiredDocuments")}</h2>
        {call.requiredDocuments.length === 0 ? (
          <p className="empty">{t("call.noDocuments")}</p>
        ) : (
          <ul className="doc-list">
            {call.requiredDocuments.map((d) => {
              const stageKey = `call.stage.${d.stage}`;
              return (
                <li key={d.code}>
                  <span className="doc-list__name">{d.name}</span>{" "}
                  <span className={d.required ? "badge badge--warning" : "badge badge--muted"}>{d.required ? t("call.document.required") : t("call.document.optional")}</span>
                  {d.stage ? (
                    <span className="muted small block">
                      {t("common.labelled", { label: t("call.document.stage"), value: isMessageKey(stageKey) ? t(stageKey) : d.stage })}
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="grid-title">
        <h2 id="grid-title">{t("call.evaluationGrid")}</h2>
        {call.grids.length === 0 ? (
          <p className="empty">{t("call.noGrid")}</p>
        ) : (
          <>
            <p>{t("call.gridIntro")}</p>
            {call.grids.map((grid) => (
              <EvaluationGrid key={grid.stage} grid={grid} />
            ))}
          </>
        )}
      </section>
    </article>
  );
}

/** "1.1 Relevance of the action" when codes are numbers; just the name otherwise. */
function numbered(code: string, name: string): string {
  return /^\d+(\.\d+)*$/.test(code) ? `${code} ${name}` : name;
}

function EvaluationGrid({ grid }: { grid: GridView }) {
  const t = useT();
  const n = (v: number) => formatNumber(v, t.locale);
  const captionId = `grid-${grid.stage}`;
  return (
    <div className="grid-block">
      <h3 id={captionId}>{grid.stage === "concept_note" ? t("call.grid.conceptNote") : t("call.grid.fullApplication")}</h3>
      {grid.passMark !== null ? <p>{t("call.grid.passMark", { score: grid.passMark, max: grid.max })}</p> : null}
      <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="grid-table">
          <thead>
            <tr>
              <th scope="col">{t("call.grid.criterion")}</th>
              <th scope="col" className="num">
                {t("call.grid.maxScore")}
              </th>
              <th scope="col" className="num">
                {t("call.grid.weight")}
              </th>
              <th scope="col" className="num">
                {t("call.grid.points")}
              </th>
            </tr>
          </thead>
          {grid.sections.map((section) => (
            <tbody key={section.code}>
              <tr className="grid-table__section">
                <th scope="colgroup" colSpan={3}>
                  {numbered(section.code, section.name)}
                  {section.minimum !== null ? <span className="muted small block">{t("call.grid.sectionMinimum", { score: section.minimum })}</span> : null}
                </th>
                <td className="num">
                  <span className="visually-hidden">{t("common.labelled", { label: t("call.grid.sectionTotal"), value: "" })}</span>
                  {n(section.total)}
                </td>
              </tr>
              {section.criteria.map((c) => (
                <tr key={c.code}>
                  <th scope="row" className="grid-table__criterion">
                    {numbered(c.code, c.name)}
                  </th>
                  <td className="num">{n(c.max)}</td>
                  <td className="num">×{n(c.weight)}</td>
                  <td className="num">{n(c.points)}</td>
                </tr>
              ))}
            </tbody>
          ))}
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                {t("call.grid.total")}
              </th>
              <td className="num">{n(grid.max)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
