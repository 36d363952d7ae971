// /manage/grants/:grantId (grant managers): the grant's facts and state, its instalments and
// reports (overdue flagged, each linked to its review page), the state changes allowed now
// (sign, suspend, resume, start closing, close, terminate: through the grant machine), and
// every change recorded.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Fact } from "~/components/Facts.tsx";
import { GrantChanges } from "~/components/GrantChanges.tsx";
import { GrantReportsTable } from "~/components/GrantReportsTable.tsx";
import { GrantTabs } from "~/components/GrantTabs.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { TrancheTable } from "~/components/TrancheTable.tsx";
import { REASON_MAX, TransitionSchema } from "~/modules/grants/contract-schema.ts";
import { changeGrantState, grantNext, grantStateLabel, reportStateLabel } from "~/modules/grants/grants.server.ts";
import { grantManagerAction, loadManagedGrant, refusedForm } from "~/modules/grants/manager-pages.server.ts";
import callDesignStyles from "~/styles/call-design.css?url";
import { isAppError } from "~/utils/errors.ts";
import { formatDate, formatMoney, formatShare } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, pick, useT, type MessageKey } from "~/utils/i18n.ts";
import { handle, parseWith, readForm } from "~/utils/route.server.ts";

// The tabs and form tables share the call pages' styles.
export const links = () => [{ rel: "stylesheet", href: callDesignStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => [
  { title: pageTitle(localeFromMatches(matches), loaded ? `${loaded.grant.reference} ${loaded.grant.title}` : undefined) },
];

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const { locale, view: v, grant: g } = await loadManagedGrant(request, params);
  return {
    grant: {
      id: g.id,
      reference: g.reference,
      title: g.title,
      state: g.state,
      stateLabel: grantStateLabel(g.state, locale),
      next: grantNext(g.state, locale),
      version: g.version,
      amountCents: g.amountCents,
      totalEligibleCostsCents: g.totalEligibleCostsCents,
      eligibleCostsShareBp: g.eligibleCostsShareBp,
      startDate: g.startDate.toISOString(),
      endDate: g.endDate.toISOString(),
      reportingPeriodMonths: g.reportingPeriodMonths,
      finalReportMonths: g.finalReportMonths,
      signedAt: g.signedAt?.toISOString() ?? null,
    },
    organisation: { id: g.organisation.id, name: g.organisation.acronym ? `${g.organisation.legalName} (${g.organisation.acronym})` : g.organisation.legalName },
    call: { id: g.call.id, reference: g.call.reference, title: pick(g.call, "title", locale) },
    proposal: { id: g.proposal.id, reference: g.proposal.reference },
    tranches: v.tranches,
    reports: v.reports.map((r) => ({ ...r, stateLabel: reportStateLabel(r.state, locale) })),
    changes: v.changes,
    contract: v.contract,
    allowed: v.allowed,
  };
});

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const { actor, grantId, meta } = await grantManagerAction(request, params, "update");
  const form = await readForm(request);
  const parsed = parseWith(form, TransitionSchema);
  if (!parsed.ok) return refusedForm(parsed.fieldErrors, parsed.values);
  try {
    await changeGrantState(actor, grantId, parsed.data, meta);
  } catch (error) {
    if (isAppError(error) && (error.code === "conflict" || error.code === "transition_refused" || error.code === "bad_request")) {
      return refusedForm({ form: [error.message] }, { reason: String(form.get("reason") ?? "") }, error.status);
    }
    throw error;
  }
  return redirect(`/manage/grants/${grantId}?done=${parsed.data.event}`);
});

export default function ManageGrant() {
  const { grant, organisation, call, proposal, tranches, reports, changes, contract, allowed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === "submitting";
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : undefined;
  const money = (c: number) => formatMoney(c, t.locale);
  const needsReason = allowed.filter((a) => a === "SUSPEND" || a === "TERMINATE");
  const simple = allowed.filter((a) => a !== "SUSPEND" && a !== "TERMINATE");
  return (
    <article aria-labelledby="grant-title">
      <p className="breadcrumb">
        <Link to={`/manage/calls/${call.id}`}>{call.reference}</Link> · {proposal.reference}
      </p>
      <header className="page-header">
        <p className="muted">{grant.reference}</p>
        <h1 id="grant-title">{grant.title}</h1>
        <StatusBadge state={grant.state} label={grant.stateLabel} />
        <p className="muted">{grant.next}</p>
      </header>
      <GrantTabs grantId={grant.id} proposalId={proposal.id} current="overview" />

      {params.get("created") && !actionData ? (
        <p className="notice" role="status">
          {t("grants.overview.created")}
        </p>
      ) : null}
      {params.get("done") && !actionData ? (
        <p className="notice" role="status">
          {t("grants.overview.done", { state: grant.stateLabel })}
        </p>
      ) : null}

      <section aria-labelledby="facts-title" className="card">
        <h2 id="facts-title">{t("grants.contract.terms")}</h2>
        <dl className="facts">
          <Fact label={t("grants.facts.organisation")}>{organisation.name}</Fact>
          <Fact label={t("grants.facts.call")}>
            {call.reference} {call.title}
          </Fact>
          <Fact label={t("grants.facts.amount")}>{money(grant.amountCents)}</Fact>
          <Fact label={t("grants.facts.totalEligibleCosts")}>{money(grant.totalEligibleCostsCents)}</Fact>
          <Fact label={t("grants.facts.share")}>{formatShare(grant.eligibleCostsShareBp, t.locale)}</Fact>
          <Fact label={t("grants.facts.period")}>{t("grants.facts.periodValue", { start: formatDate(grant.startDate, t.locale), end: formatDate(grant.endDate, t.locale) })}</Fact>
          <Fact label={t("grants.facts.reportingPeriod")}>{t("grants.facts.months", { months: grant.reportingPeriodMonths })}</Fact>
          <Fact label={t("grants.facts.finalReport")}>{t("grants.facts.finalReportValue", { months: grant.finalReportMonths })}</Fact>
          <Fact label={t("grants.facts.signedContract")}>{contract ? <a href={`/documents/${contract.id}/download`}>{contract.filename}</a> : <span className="muted">{t("grants.facts.noContract")}</span>}</Fact>
          {grant.signedAt ? <Fact label={t("grants.facts.signedAt")}>{formatDate(grant.signedAt, t.locale)}</Fact> : null}
        </dl>
      </section>

      <section aria-labelledby="actions-title" className="card">
        <h2 id="actions-title">{t("grants.overview.actions")}</h2>
        <ErrorSummary errors={errors} labels={{ reason: t("grants.action.reason") }} />
        {grant.state === "contracting" ? <p className="field__hint">{t("grants.overview.signHint")}</p> : null}
        {grant.state === "closing" ? <p className="field__hint">{t("grants.overview.closeHint")}</p> : null}
        {allowed.length === 0 ? <p className="muted">{t("grants.overview.noActions")}</p> : null}
        {simple.map((event) => (
          <Form method="post" key={event} className="inline-form">
            <input type="hidden" name="event" value={event} />
            <input type="hidden" name="version" value={grant.version} />
            <button type="submit" className="button" disabled={busy}>
              {t(`grants.action.${event}` as MessageKey)}
            </button>
          </Form>
        ))}
        {needsReason.length > 0 ? (
          <Form method="post" className="form">
            <input type="hidden" name="version" value={grant.version} />
            <div className={errors?.reason ? "field field--error" : "field"}>
              <label htmlFor="field-reason">{t("grants.action.reason")}</label>
              <p id="field-reason-hint" className="field__hint">
                {t("grants.action.reasonHint")}
              </p>
              {errors?.reason ? (
                <p id="field-reason-error" className="field__error">
                  {t.maybe(errors.reason[0] ?? "")}
                </p>
              ) : null}
              <textarea
                id="field-reason"
                name="reason"
                rows={3}
                maxLength={REASON_MAX}
                defaultValue={actionData && !actionData.ok ? (actionData.values.reason ?? "") : ""}
                aria-invalid={errors?.reason ? true : undefined}
                aria-describedby={errors?.reason ? "field-reason-hint field-reason-error" : "field-reason-hint"}
              />
            </div>
            {needsReason.map((event) => (
              <button key={event} type="submit" name="event" value={event} className="button button--secondary" disabled={busy}>
                {t(`grants.action.${event}` as MessageKey)}
              </button>
            ))}
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="tranches-title" className="card">
        <h2 id="tranches-title">{t("grants.overview.tranches")}</h2>
        <TrancheTable tranches={tranches} amountCents={grant.amountCents} />
      </section>

      <section aria-labelledby="reports-title" className="card">
        <h2 id="reports-title">{t("grants.overview.reports")}</h2>
        <GrantReportsTable reports={reports} href={(id) => `/manage/reports/${id}`} />
      </section>

      <GrantChanges changes={changes} />
    </article>
  );
}
