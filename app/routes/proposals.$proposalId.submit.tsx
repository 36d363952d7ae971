// Review and submit: every problem listed with a link to its section, the deadline in the
// call's time zone, and the submit button. The server decides (completeness, deadline at its
// own clock); a refused submission keeps everything as it was.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ProposalNav } from "~/components/ProposalNav.tsx";
import { ProposalProblems, type ProblemView } from "~/components/ProposalProblems.tsx";
import { submitProposal } from "~/modules/applications/editor.server.ts";
import { proposalHeader } from "~/modules/applications/proposals.server.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import stylesheet from "~/styles/proposal.css?url";
import { isAppError } from "~/utils/errors.ts";
import { formatDateTime, formatRelative, isPast } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, readForm, readVersion } from "~/utils/route.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("proposals.submit.title")) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const locale = resolveLocale(request, user);
  const { view, problems } = await proposalHeader(toActor(user), params.proposalId ?? "", locale);
  return { header: view, problems: problems as ProblemView[], now: new Date().toISOString() };
});

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const id = params.proposalId ?? "";
  const form = await readForm(request);
  const version = readVersion(form) ?? Number.NaN;
  try {
    await submitProposal(toActor(user), id, Number.isSafeInteger(version) ? version : -1, { ipAddress: clientAddress(request) });
  } catch (error) {
    if (isAppError(error) && (error.code === "transition_refused" || error.code === "conflict")) {
      const problems = (error.details?.problems ?? []) as ProblemView[];
      return data({ ok: false as const, message: error.message, problems }, { status: error.status });
    }
    throw error;
  }
  return redirect(`/proposals/${id}/receipt`);
});

export default function SubmitProposal() {
  const { header, problems, now } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const late = header.deadline !== null && isPast(header.deadline, now);
  return (
    <div className="proposal-layout">
      <aside>{header.editable ? <ProposalNav proposalId={header.id} sections={header.sections} /> : null}</aside>
      <section className="proposal-main" aria-labelledby="submit-title">
        <p className="breadcrumb">
          <Link to={`/proposals/${header.id}`}>← {t("proposals.edit.back")}</Link>
        </p>
        <h1 id="submit-title">{t("proposals.submit.title")}</h1>
        <p className="muted">
          {header.reference} · {header.title || t("proposals.overview.untitled")}
        </p>
        {header.deadline ? (
          <p data-deadline>
            {t("proposals.submit.deadline", { deadline: `${formatDateTime(header.deadline, t.locale, header.call.timeZone)} — ${formatRelative(header.deadline, t.locale, now)}` })}
          </p>
        ) : null}
        {answer && !answer.ok ? (
          <div className="error-summary" role="alert" tabIndex={-1}>
            <p>{t.maybe(answer.message)}</p>
          </div>
        ) : null}
        {!header.editable ? (
          <p className="notice">{t("proposals.submit.notDraft")}</p>
        ) : late ? (
          <p className="notice notice--warning">{t("proposals.submit.late")}</p>
        ) : problems.length > 0 ? (
          <section aria-labelledby="problems-title" className="card">
            <h2 id="problems-title">{t("proposals.submit.notReady", { count: problems.length })}</h2>
            <ProposalProblems problems={problems} proposalId={header.id} organisationId={header.organisationId} />
          </section>
        ) : (
          <p className="notice notice--success">{t("proposals.submit.ready")}</p>
        )}
        {header.editable ? (
          <Form method="post">
            <input type="hidden" name="version" value={header.version} />
            <button type="submit" className="button" disabled={navigation.state !== "idle"}>
              {t("proposals.submit.button")}
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}
