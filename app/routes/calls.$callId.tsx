// A call's public page: what it funds, who may apply (and, for a signed-in applicant, whether
// their organisation may), how much, how the procedure works, until when (in the call's time
// zone, in the visitor's, and as time left), which documents are needed, how proposals are
// scored, and every notice published since.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ApplyButton } from "~/components/ApplyButton.tsx";
import { Deadline } from "~/components/Deadline.tsx";
import { EligibilityPanel } from "~/components/EligibilityPanel.tsx";
import { LocalTime } from "~/components/LocalTime.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { getUser, toActor } from "~/modules/auth/session.server.ts";
import { getCallPage, type CallPage as CallPageData, type GridView, type NoticeView } from "~/modules/calls/call-page.server.ts";
import stylesheet from "~/styles/catalogue.css?url";
import { formatDate, formatDateTime, formatMoney, formatNumber, formatRelative, formatShare, isPast, timeZoneLabel } from "~/utils/format.ts";
import { isMessageKey, localeFromMatches, pageTitle, useT, type MessageKey } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { handle } from "~/utils/route.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, data?.call.title) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  // Public page: anonymous visitors may read published, open and closed calls. Any other
  // state is "not found" except for staff allowed to read every call (getCallPage decides,
  // and checks eligibility for the signed-in applicant's own organisations only).
  const user = await getUser(request);
  const locale = resolveLocale(request, user);
  const { call, eligibility } = await getCallPage(user ? toActor(user) : null, params.callId ?? "", locale);
  return { call, eligibility, now: new Date().toISOString() };
});

export default function CallPage() {
  const { call, eligibility, now } = useLoaderData<typeof loader>();
  const t = useT();
  const money = (cents: number) => formatMoney(cents, t.locale);
  const duration =
    call.minDurationMonths === call.maxDurationMonths
      ? t("call.durationExact", { months: call.maxDurationMonths })
      : t("call.durationRange", { min: call.minDurationMonths, max: call.maxDurationMonths });
  return (
    <article className="call-page" aria-labelledby="call-title">
      <p className="breadcrumb">
        <Link to="/calls">← {t("call.backToCalls")}</Link>
      </p>
      {call.isPublic ? null : (
        <p className="notice notice--warning" role="note">
          {t("call.staffPreview", { state: call.staffStateLabel })}
        </p>
      )}
      <header className="page-header">
        <p className="muted">{t("common.labelled", { label: t("call.reference"), value: call.reference })}</p>
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
              {call.procedure === "RESTRICTED" && call.fullApplicationDeadline === null ? (
                t("catalogue.call.deadlines.byInvitation")
              ) : (
                <Deadline at={call.fullApplicationDeadline} timeZone={call.timeZone} now={now} />
              )}
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
          <div>
            <dt>{t("call.procedure")}</dt>
            <dd>{t(`catalogue.card.procedure.${call.procedure}`)}</dd>
          </div>
        </dl>
      </section>

      <EligibilityPanel eligibility={eligibility} returnTo={`/calls/${call.id}`} />
      <ApplyButton callId={call.id} show={call.state === "open" && eligibility.kind === "organisations" && eligibility.organisations.some((o) => o.eligible)} />

      {call.notices.length > 0 ? <Notices notices={call.notices} timeZone={call.timeZone} /> : null}

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

      <WhatItFunds call={call} />

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
        </dl>
        <h3 id="rules-title">{t("catalogue.call.rules")}</h3>
        <ul className="rule-sentences" aria-labelledby="rules-title">
          {call.rules.map((rule) => (
            <li key={`${rule.code}-${rule.messageKey}`} data-rule={rule.code}>
              {t(rule.messageKey, rule.params)}
            </li>
          ))}
        </ul>
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
            <dt>{t("catalogue.call.indirectCosts")}</dt>
            <dd>{t("catalogue.call.indirectCostsValue", { share: formatShare(call.maxIndirectCostBp, t.locale) })}</dd>
          </div>
          <div>
            <dt>{t("call.duration")}</dt>
            <dd>{duration}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="procedure-title">
        <h2 id="procedure-title">{t("catalogue.call.howToApply")}</h2>
        <p>{t(`call.procedure.${call.procedure}`)}</p>
        <ol className="steps">
          {STEPS[call.procedure].map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ol>
        <p>
          <strong>{t("catalogue.call.lateRejected")}</strong>
        </p>
      </section>

      <Deadlines call={call} now={now} />

      <RequiredDocuments call={call} />

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

      {call.notices.length === 0 ? (
        <section aria-labelledby="notices-title">
          <h2 id="notices-title">{t("catalogue.call.notices.title")}</h2>
          <p className="empty">{t("catalogue.call.notices.none")}</p>
        </section>
      ) : null}
    </article>
  );
}

const STEPS = {
  RESTRICTED: ["catalogue.call.steps.RESTRICTED.1", "catalogue.call.steps.RESTRICTED.2", "catalogue.call.steps.RESTRICTED.3", "catalogue.call.steps.RESTRICTED.4"],
  OPEN: ["catalogue.call.steps.OPEN.1", "catalogue.call.steps.OPEN.2", "catalogue.call.steps.OPEN.3"],
} as const satisfies Record<CallPageData["procedure"], readonly MessageKey[]>;

function WhatItFunds({ call }: { call: CallPageData }) {
  const t = useT();
  return (
    <section aria-labelledby="funds-title">
      <h2 id="funds-title">{t("catalogue.call.funds.title")}</h2>
      <dl className="facts">
        {call.jvapDomains.length > 0 ? (
          <div>
            <dt>{t("call.jvapDomains")}</dt>
            <dd>
              <ul>
                {call.jvapDomains.map((d) => (
                  <li key={d.code}>{d.name}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        {call.crossCuttingThemes.length > 0 ? (
          <div>
            <dt>{t("catalogue.call.crossCutting")}</dt>
            <dd>
              {t("catalogue.call.crossCuttingIntro")}
              <ul>
                {call.crossCuttingThemes.map((d) => (
                  <li key={d.code}>{d.name}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        {call.dialogues.length > 0 ? (
          <div>
            <dt>{t("call.dialogues")}</dt>
            <dd>
              <ul>
                {call.dialogues.map((d) => (
                  <li key={d.code}>{d.name}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
        {call.cadizObjectives.length > 0 ? (
          <div>
            <dt>{t("catalogue.call.cadiz")}</dt>
            <dd>
              <ul>
                {call.cadizObjectives.map((o) => (
                  <li key={o.code}>{t("catalogue.call.cadizObjective", { code: o.code, name: o.name })}</li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

function Deadlines({ call, now }: { call: CallPageData; now: string }) {
  const t = useT();
  return (
    <section aria-labelledby="deadlines-title">
      <h2 id="deadlines-title">{t("catalogue.call.deadlines.title")}</h2>
      <div className="table-wrap" role="region" aria-labelledby="deadlines-title" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("catalogue.call.deadlines.stage")}</th>
              <th scope="col">{t("catalogue.call.deadlines.callTime", { zone: timeZoneLabel(call.timeZone, t.locale) })}</th>
              <th scope="col">{t("catalogue.call.deadlines.yourTime")}</th>
              <th scope="col">{t("catalogue.call.deadlines.timeLeft")}</th>
            </tr>
          </thead>
          <tbody>
            {call.deadlines.map((d) => (
              <tr key={d.stage} data-stage={d.stage}>
                <th scope="row">{t(`call.stage.${d.stage}`)}</th>
                {d.at === null ? (
                  <td colSpan={3}>{d.byInvitation ? t("catalogue.call.deadlines.byInvitation") : t("catalogue.call.deadlines.notSet")}</td>
                ) : (
                  <>
                    <td>
                      <time dateTime={d.at}>{formatDateTime(d.at, t.locale, call.timeZone)}</time>
                    </td>
                    <td>
                      <LocalTime at={d.at} callTimeZone={call.timeZone} />
                    </td>
                    <td>
                      {isPast(d.at, now)
                        ? t("catalogue.call.deadlines.passed", { relative: formatRelative(d.at, t.locale, now) })
                        : t("catalogue.call.deadlines.closesIn", { relative: formatRelative(d.at, t.locale, now) })}
                    </td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RequiredDocuments({ call }: { call: CallPageData }) {
  const t = useT();
  const stages = [...new Set(call.requiredDocuments.map((d) => d.stage))].sort((a, b) => stageRank(a) - stageRank(b));
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">{t("call.requiredDocuments")}</h2>
      {call.requiredDocuments.length === 0 ? (
        <p className="empty">{t("call.noDocuments")}</p>
      ) : (
        stages.map((stage) => {
          const stageKey = `call.stage.${stage}`;
          const headingId = `documents-${stage || "other"}`;
          return (
            <div key={stage}>
              <h3 id={headingId}>{stage === "" ? t("catalogue.call.documents.other") : isMessageKey(stageKey) ? t(stageKey) : stage}</h3>
              <ul className="doc-list" aria-labelledby={headingId}>
                {call.requiredDocuments
                  .filter((d) => d.stage === stage)
                  .map((d) => (
                    <li key={d.code}>
                      <span className="doc-list__name">{d.name}</span>{" "}
                      <span className={d.required ? "badge badge--warning" : "badge badge--muted"}>{d.required ? t("call.document.required") : t("call.document.optional")}</span>
                    </li>
                  ))}
              </ul>
            </div>
          );
        })
      )}
    </section>
  );
}

const STAGE_ORDER = ["concept_note", "full_application", "contracting"];
function stageRank(stage: string): number {
  const i = STAGE_ORDER.indexOf(stage);
  return i === -1 ? STAGE_ORDER.length : i;
}

function Notices({ notices, timeZone }: { notices: NoticeView[]; timeZone: string }) {
  const t = useT();
  return (
    <section aria-labelledby="notices-title">
      <h2 id="notices-title">{t("catalogue.call.notices.title")}</h2>
      <p>{t("catalogue.call.notices.intro")}</p>
      <ol className="notice-list" reversed>
        {notices.map((n) => (
          <li key={n.id} data-notice-kind={n.kind}>
            <strong>{t(`catalogue.call.notice.${n.kind}`)}</strong>
            {" · "}
            <time dateTime={n.createdAt}>{formatDate(n.createdAt, t.locale, timeZone)}</time>
            <p>{n.text}</p>
            {n.change ? <p>{t("catalogue.call.notice.change", { from: formatDateTime(n.change.from, t.locale, timeZone), to: formatDateTime(n.change.to, t.locale, timeZone) })}</p> : null}
          </li>
        ))}
      </ol>
    </section>
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
                  {section.rejectIfAny !== null ? <span className="muted small block">{t("catalogue.grid.rejectIfAny", { score: section.rejectIfAny })}</span> : null}
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
