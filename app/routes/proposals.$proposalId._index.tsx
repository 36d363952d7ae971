// A proposal's overview: where it stands in plain words, what comes next, progress per
// section, what has happened; withdraw; in restricted calls, start the full application.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Deadline } from "~/components/Deadline.tsx";
import { EvaluationOutcome } from "~/components/EvaluationOutcome.tsx";
import { ProposalNav } from "~/components/ProposalNav.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { startFullApplication, withdrawProposal } from "~/modules/applications/editor.server.ts";
import { proposalHeader } from "~/modules/applications/proposals.server.ts";
import { proposalTimeline } from "~/modules/applications/timeline.server.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { applicantOutcome } from "~/modules/evaluation/outcome.server.ts";
import stylesheet from "~/styles/proposal.css?url";
import { AppError } from "~/utils/errors.ts";
import { formatDateTime } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, readForm, readVersion } from "~/utils/route.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(localeFromMatches(matches), data?.header.reference) }];

const WITHDRAWABLE = ["draft", "submitted", "admin_check", "cn_evaluation", "preselected", "invited_full", "full_submitted", "full_evaluation", "provisionally_selected", "reserve_list", "eligibility_check"];

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const locale = resolveLocale(request, user);
  const { view } = await proposalHeader(toActor(user), params.proposalId ?? "", locale);
  const timeline = await proposalTimeline(view.id, view.organisationId, locale);
  // Scores and reasons once a decision is taken; only applicants of the organisation see them.
  const outcome = user.role === "APPLICANT" ? await applicantOutcome(toActor(user), view.id, locale) : null;
  return { header: view, timeline, outcome, now: new Date().toISOString(), canWithdraw: WITHDRAWABLE.includes(view.state), canStartFull: view.state === "invited_full" && view.stage === "CONCEPT_NOTE" };
});

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  const id = params.proposalId ?? "";
  const form = await readForm(request);
  const version = readVersion(form) ?? Number.NaN;
  if (!Number.isSafeInteger(version)) throw new AppError("bad_request", "errors.badForm");
  const meta = { ipAddress: clientAddress(request) };
  switch (form.get("intent")) {
    case "withdraw":
      await withdrawProposal(actor, id, version, String(form.get("reason") ?? "").slice(0, 1000), meta);
      return redirect(`/proposals/${id}`);
    case "startFull":
      await startFullApplication(actor, id, version, meta);
      return redirect(`/proposals/${id}/summary`);
    default:
      throw new AppError("bad_request", "errors.badForm");
  }
});

export default function ProposalOverview() {
  const { header, timeline, outcome, now, canWithdraw, canStartFull } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="proposal-layout">
      <aside>{header.editable ? <ProposalNav proposalId={header.id} sections={header.sections} /> : null}</aside>
      <article className="proposal-main" aria-labelledby="proposal-title">
        <header className="page-header">
          <p className="muted">
            {t("common.labelled", { label: t("proposals.overview.reference"), value: header.reference })} · {t(`proposals.stage.${header.stage}`)}
          </p>
          <h1 id="proposal-title">{header.title || t("proposals.overview.untitled")}</h1>
          <p>
            {t("common.labelled", { label: t("proposals.overview.call"), value: header.call.title })}
          </p>
        </header>
        <section className="card" aria-labelledby="status-title">
          <h2 id="status-title">{t("proposals.overview.status")}</h2>
          <p>
            <StatusBadge state={header.state} label={header.stateLabel} />
          </p>
          <h3>{t("proposals.overview.next")}</h3>
          <p data-next-step>{header.nextStep}</p>
          {header.deadline && header.editable ? (
            <p>
              {t("proposals.overview.deadline")}: <Deadline at={header.deadline} timeZone={header.call.timeZone} now={now} />
            </p>
          ) : null}
          <p className="form-actions">
            {header.editable ? (
              <Link className="button" to={`/proposals/${header.id}/submit`}>
                {t("proposals.overview.review")}
              </Link>
            ) : null}
            {header.submittedAt ? <Link to={`/proposals/${header.id}/receipt`}>{t("proposals.overview.receipt")}</Link> : null}
          </p>
          {canStartFull ? (
            <Form method="post">
              <p>{t("proposals.overview.startFullIntro")}</p>
              <input type="hidden" name="version" value={header.version} />
              <button type="submit" name="intent" value="startFull" className="button">
                {t("proposals.overview.startFull")}
              </button>
            </Form>
          ) : null}
        </section>
        {outcome ? <EvaluationOutcome outcome={outcome} /> : null}
        <section aria-labelledby="timeline-title">
          <h2 id="timeline-title">{t("proposals.overview.timeline")}</h2>
          {timeline.length === 0 ? (
            <p className="empty">{t("proposals.overview.noTimeline")}</p>
          ) : (
            <ol className="timeline">
              {timeline.map((e, i) => (
                <li key={i}>
                  <time dateTime={e.at}>{formatDateTime(e.at, t.locale, header.call.timeZone)}</time> — {e.what} <span className="muted">({e.who})</span>
                </li>
              ))}
            </ol>
          )}
        </section>
        {canWithdraw ? (
          <details className="withdraw">
            <summary>{t("proposals.overview.withdraw")}</summary>
            <Form method="post">
              <input type="hidden" name="version" value={header.version} />
              <label htmlFor="withdraw-reason">{t("proposals.overview.withdrawReason")}</label>
              <textarea id="withdraw-reason" name="reason" rows={3} />
              <button type="submit" name="intent" value="withdraw" className="button button--danger">
                {t("proposals.overview.withdrawConfirm")}
              </button>
            </Form>
          </details>
        ) : null}
      </article>
    </div>
  );
}
