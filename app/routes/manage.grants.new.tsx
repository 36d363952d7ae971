// /manage/grants/new?proposalId=… (grant managers): prepare the grant of an awarded proposal.
// Shows what the contract starts from (the proposal's amount, costs, duration, budget); the
// grant is created in "contracting" and edited on its contract page until signature.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { APPLICATION_STATE_LABELS, type ApplicationStateId } from "#workflows/application.machine.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { createGrantFromProposal, getProposalForNewGrant, requireGrantManager } from "~/modules/grants/grants.server.ts";
import { isAppError } from "~/utils/errors.ts";
import { formatDate, formatMoney, formatShare } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, pick, pickBilingual, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction = ({ matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("grants.new.title")) }];
};

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireGrantManager(actor, "create");
  const locale = resolveLocale(request, user);
  const proposalId = new URL(request.url).searchParams.get("proposalId") ?? "";
  const { proposal, prefill, existingGrantId, awarded } = await getProposalForNewGrant(actor, proposalId);
  return {
    proposal: {
      id: proposal.id,
      reference: proposal.reference,
      title: proposal.title,
      organisation: proposal.organisation.legalName,
      call: `${proposal.call.reference} ${pick(proposal.call, "title", locale)}`,
      stateLabel: pickBilingual(APPLICATION_STATE_LABELS[proposal.state as ApplicationStateId]?.staff, locale, proposal.state),
    },
    awarded,
    existingGrantId,
    prefill: {
      amountCents: prefill.amountCents,
      totalEligibleCostsCents: prefill.totalEligibleCostsCents,
      eligibleCostsShareBp: prefill.eligibleCostsShareBp,
      startDate: prefill.startDate.toISOString(),
      endDate: prefill.endDate.toISOString(),
      durationMonths: prefill.durationMonths,
      finalReportMonths: prefill.finalReportMonths,
      budget: prefill.budget,
    },
  };
});

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireGrantManager(actor, "create");
  const form = await readForm(request);
  const proposalId = String(form.get("proposalId") ?? new URL(request.url).searchParams.get("proposalId") ?? "");
  try {
    const grantId = await createGrantFromProposal(actor, proposalId, { ipAddress: clientAddress(request) });
    return redirect(`/manage/grants/${grantId}/contract?created=1`);
  } catch (error) {
    // A second click (or a second manager): open the grant that exists.
    if (isAppError(error) && error.code === "conflict" && typeof error.details?.grantId === "string") return redirect(`/manage/grants/${error.details.grantId}`);
    throw error;
  }
});

export default function NewGrant() {
  const { proposal, awarded, existingGrantId, prefill } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const t = useT();
  const money = (c: number) => formatMoney(c, t.locale);
  return (
    <article aria-labelledby="new-grant-title">
      <p className="breadcrumb">
        <Link to={`/manage/proposals/${proposal.id}`}>{proposal.reference}</Link>
      </p>
      <header className="page-header">
        <p className="muted">{proposal.call}</p>
        <h1 id="new-grant-title">{t("grants.new.title")}</h1>
        <p className="lead">
          {proposal.title} — {proposal.organisation}
        </p>
      </header>
      {existingGrantId ? (
        <p className="notice">
          {t("grants.new.exists")} <Link to={`/manage/grants/${existingGrantId}`}>{t("grants.new.openExisting")}</Link>
        </p>
      ) : !awarded ? (
        <p className="notice notice--warning">{t("grants.new.notAwarded", { state: proposal.stateLabel })}</p>
      ) : (
        <>
          <p>{t("grants.new.intro")}</p>
          <section aria-labelledby="prefill-title" className="card">
            <h2 id="prefill-title">{t("grants.new.prefill")}</h2>
            <dl className="facts">
              <div>
                <dt>{t("grants.facts.amount")}</dt>
                <dd>{money(prefill.amountCents)}</dd>
              </div>
              <div>
                <dt>{t("grants.facts.totalEligibleCosts")}</dt>
                <dd>{money(prefill.totalEligibleCostsCents)}</dd>
              </div>
              <div>
                <dt>{t("grants.facts.share")}</dt>
                <dd>{formatShare(prefill.eligibleCostsShareBp, t.locale)}</dd>
              </div>
              <div>
                <dt>{t("grants.facts.period")}</dt>
                <dd>
                  {t("grants.facts.periodValue", { start: formatDate(prefill.startDate, t.locale), end: formatDate(prefill.endDate, t.locale) })} ({t("grants.facts.months", { months: prefill.durationMonths })})
                </dd>
              </div>
              <div>
                <dt>{t("grants.facts.finalReport")}</dt>
                <dd>{t("grants.facts.finalReportValue", { months: prefill.finalReportMonths })}</dd>
              </div>
            </dl>
            <h3>{t("grants.new.budget")}</h3>
            {prefill.budget.length === 0 ? (
              <p className="muted">{t("grants.new.noBudget")}</p>
            ) : (
              <ul>
                {prefill.budget.map((b) => (
                  <li key={b.code}>
                    {b.label}: {money(b.amountCents)}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <Form method="post">
            <input type="hidden" name="proposalId" value={proposal.id} />
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              {t("grants.new.create")}
            </button>
          </Form>
        </>
      )}
    </article>
  );
}
