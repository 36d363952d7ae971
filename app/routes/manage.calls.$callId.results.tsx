// /manage/calls/:callId/results?stage=… (grant managers): the ranked results of one stage
// (each assessor's total, mean, spread, outcome with its reasons, moderation), the CSV export,
// moderation (consensus or a further assessor) and the decisions: pre-selection (concept
// notes), selection within the budget, the eligibility check and the award decision. Every
// decision is shown first and applied on confirmation. `&view=assessors` shows the assessors'
// severity chart instead of the ranking (a chart of a hundred assessors is a page of its own).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { CallTabs, StageTabs } from "~/components/CallTabs.tsx";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { ScoreChart } from "~/components/ScoreChart.tsx";
import { InAppLink } from "~/components/InAppLink.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { Tabs } from "~/components/Tabs.tsx";
import { Pagination } from "~/components/staff/Pagination.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { staffCallHeading } from "~/modules/calls/catalogue.server.ts";
import { availableAssessors } from "~/modules/evaluation/assignments.server.ts";
import {
  applyPreselection,
  applySelection,
  confirmEligible,
  failEligibility,
  planPreselection,
  planSelection,
  recordAwardDecision,
  requireDecider,
  startEligibilityCheck,
  WAITING_STATES,
  type DecisionOutcome,
} from "~/modules/evaluation/decisions.server.ts";
import { AwardSchema, ConsensusSchema, EligibilitySchema, FurtherAssessorSchema, NOTE_MAX, PreselectSchema, REASON_MAX, SelectSchema } from "~/modules/evaluation/evaluation-schemas.ts";
import { resolveByConsensus, resolveByFurtherAssessor } from "~/modules/evaluation/moderation.server.ts";
import { byAssessorName, getStageResultsFor, points, reasonWords, resultsPageReads, stagesOf, staffState } from "~/modules/evaluation/results.server.ts";
import callDesignStyles from "~/styles/call-design.css?url";
import { isAppError } from "~/utils/errors.ts";
import { formatMoney, formatShare } from "~/utils/format.ts";
import { isMessageKey, localeFromMatches, pageTitle, pick, translator, useT, type Locale } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, parseWith, readForm } from "~/utils/route.server.ts";

/** Rows of the ranking rendered per page: 25, as in the call's screening list. */
const RESULTS_PAGE_SIZE = 25;

/** What the page shows of a stage: the ranking with the decisions, or the assessors' chart. */
type ResultsView = "ranking" | "assessors";
const viewOf = (url: URL): ResultsView => (url.searchParams.get("view") === "assessors" ? "assessors" : "ranking");

export const links = () => [{ rel: "stylesheet", href: callDesignStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("evaluation.results.title", { reference: loaded?.call.reference ?? "" })) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireDecider(actor);
  const locale = resolveLocale(request, user);
  const t = translator(locale);
  // The ranking and what derives from it are computed once per change of its inputs
  // (getStageResultsFor); a request shapes the page it shows, with the current names on it.
  const view = await getStageResultsFor(actor, params.callId ?? "", request.url);
  const { results, byId, severity } = view;
  const { call, grid, stage } = results;
  const url = new URL(request.url);
  const shows = viewOf(url);
  // The ranking is computed on the whole call (decisions use it all); only one page of it is
  // rendered (ranks stay global). Proposals waiting for an eligibility step are listed whole.
  const pageCount = Math.max(1, Math.ceil(results.ranked.length / RESULTS_PAGE_SIZE));
  const page = Math.min(pageCount, Math.max(1, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  const onPage = shows === "ranking" ? results.ranked.slice((page - 1) * RESULTS_PAGE_SIZE, page * RESULTS_PAGE_SIZE) : [];
  const shown = onPage.flatMap((r) => {
    const p = byId.get(r.proposalId);
    return p ? [{ r, p }] : [];
  });
  // The assessors to choose a further assessor from: only for an open moderation on the page.
  const moderating = shown.some(({ p }) => p.moderation !== null && p.moderation.resolution === null);
  const [{ names, blockers, decisions }, assessors] = await Promise.all([
    resultsPageReads(
      call.id,
      { proposals: shown.map(({ p }) => p), assessorIds: shows === "assessors" ? severity.assessors.map((a) => a.assessorId) : shown.flatMap(({ p }) => p.submitted.map((e) => e.assessorId)) },
      // Enough to name the first 20 (the page says "…" after them).
      { states: WAITING_STATES, take: 21 },
    ),
    moderating ? availableAssessors(call.id) : Promise.resolve([]),
  ]);
  const rows = shown.map(({ r, p }) => {
    const m = p.moderation;
    return {
      id: p.id,
      rank: r.rank,
      reference: p.reference,
      title: p.title,
      organisation: names.organisation(p).name,
      requestedAmountCents: p.requestedAmountCents,
      state: p.state,
      stateLabel: staffState(p.state, locale),
      version: p.version,
      totals: p.submitted.map((e) => ({ id: e.id, name: names.assessor(e.assessorId, e.assessor.name), total: e.total, further: e.role === "FURTHER" })),
      mean: p.combined.meanCentipoints === null ? null : points(p.combined.meanCentipoints),
      spreadBp: p.combined.spreadBp,
      status: p.combined.status,
      required: p.required,
      passed: p.combined.outcome?.passed ?? null,
      reasons: (p.combined.outcome?.reasons ?? []).map((x) => reasonWords(x, grid, locale)),
      moderation: m
        ? {
            id: m.id,
            resolution: m.resolution,
            consensusTotal: m.consensusTotal,
            note: m.note,
            reason: m.facts
              ? t("evaluation.moderation.reason", {
                  a: m.facts.totals[0] ?? "–",
                  b: m.facts.totals[1] ?? "–",
                  gap: formatShare(m.facts.gapBp, locale),
                  threshold: formatShare(m.facts.thresholdBp, locale),
                })
              : m.reason,
            // While it is open: the further assessors (furtherAssessors) it may not have, those
            // who already evaluated the proposal and members of its organisation.
            excluded: m.resolution === null ? assessors.filter((a) => p.evaluations.some((e) => e.assessorId === a.id) || a.organisationIds.includes(p.organisationId)).map((a) => a.id) : [],
          }
        : null,
    };
  });
  // The eligibility steps are those of the proposals provisionally selected or being checked;
  // a reserve list only tells that a selection was made.
  const selected = view.selected.flatMap((r) => {
    const p = byId.get(r.proposalId);
    return p && (p.state === "provisionally_selected" || p.state === "eligibility_check")
      ? [{ id: p.id, reference: p.reference, title: p.title, state: p.state, stateLabel: staffState(p.state, locale), version: p.version }]
      : [];
  });
  return {
    call: {
      ...staffCallHeading(call, locale),
      procedure: call.procedure,
      totalBudgetCents: call.totalBudgetCents,
      multipleBp: call.shortlistBudgetMultipleBp,
      blindReview: call.blindReview,
    },
    stage,
    stages: stagesOf(call.procedure),
    shows,
    grid: { max: grid.max, passMark: grid.passMark ?? null, rules: gridRules(grid, locale) },
    rows,
    // Listed once for every open moderation on the page (each leaves out its `excluded`).
    furtherAssessors: assessors.map((a) => ({ value: a.id, label: t("evaluation.assign.option", { name: a.name, load: a.load }) })),
    selected,
    hasSelected: view.selected.length > 0,
    page,
    pageCount,
    chart:
      shows === "assessors"
        ? {
            overall: severity.overallCentipoints === null ? null : points(severity.overallCentipoints),
            assessors: byAssessorName(severity.assessors.map((a) => ({ name: names.assessor(a.assessorId, a.name), count: a.count, mean: points(a.meanCentipoints) }))),
          }
        : null,
    waiting: view.waiting,
    // The first references say which proposals block; thousands would not say more.
    blockers: blockers.length > 20 ? [...blockers.slice(0, 20).map((b) => b.reference), "…"] : blockers.map((b) => b.reference),
    decisions: decisions.map((d) => ({ id: d.id, stage: d.stage, note: d.note, decidedAt: d.decidedAt.toISOString() })),
    csvHref: `/manage/calls/${call.id}/results.csv?stage=${stage}`,
  };
});

function gridRules(
  grid: { passMark?: number; max: number; sections: { code: string; nameEn: string; nameFr: string; minimum?: number; rejectIfAnyCriterionScores?: number; carriedFromConceptNote?: boolean }[] },
  locale: Locale,
): string[] {
  const t = translator(locale);
  const rules: string[] = [];
  if (grid.passMark !== undefined) rules.push(t("evaluation.rules.passMark", { passMark: grid.passMark, max: grid.max }));
  for (const s of grid.sections) {
    const name = `${s.code} ${pick(s, "name", locale)}`;
    if (s.minimum !== undefined) rules.push(t("evaluation.rules.minimum", { section: name, minimum: s.minimum }));
    if (s.rejectIfAnyCriterionScores !== undefined) rules.push(t("evaluation.rules.knockOut", { section: name, threshold: s.rejectIfAnyCriterionScores }));
    if (s.carriedFromConceptNote === true) rules.push(t("evaluation.rules.carried", { section: name }));
  }
  return rules;
}

type Intent = "consensus" | "further" | "preselect" | "select" | "eligibility" | "award";

interface Confirm {
  intent: Intent;
  fields: Record<string, string>;
  lines: string[];
}

function failed(intent: Intent, target: string, fieldErrors: Record<string, string[]>, values: Record<string, string>, status = 400) {
  return data({ kind: "error" as const, intent, target, fieldErrors, values }, { status });
}
const confirmStep = (c: Confirm) => data({ kind: "confirm" as const, ...c });
const applied = (intent: Intent, outcomes: DecisionOutcome[], locale: Locale) => {
  const t = translator(locale);
  return data({
    kind: "applied" as const,
    intent,
    lines: outcomes.map((o) =>
      o.ok
        ? t("evaluation.decision.appliedLine", { reference: o.reference, state: staffState(o.state, locale) })
        : t("evaluation.decision.refusedLine", { reference: o.reference, message: t.maybe(o.message) }),
    ),
  });
};

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireDecider(actor);
  const locale = resolveLocale(request, user);
  const t = translator(locale);
  const callId = params.callId ?? "";
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "") as Intent;
  const ipAddress = clientAddress(request);
  const target = String(form.get("moderationId") ?? form.get("proposalId") ?? "");
  const stage = String(form.get("stage") ?? "");
  const back = (done: string) => redirect(`/manage/calls/${callId}/results?stage=${stage}&done=${done}`);
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  try {
    switch (intent) {
      case "consensus": {
        const parsed = parseWith(form, ConsensusSchema);
        if (!parsed.ok) return failed(intent, target, parsed.fieldErrors, parsed.values);
        await resolveByConsensus(actor, parsed.data.moderationId, { total: parsed.data.total, note: parsed.data.note }, { ipAddress });
        return back("consensus");
      }
      case "further": {
        const parsed = parseWith(form, FurtherAssessorSchema);
        if (!parsed.ok) return failed(intent, target, parsed.fieldErrors, parsed.values);
        await resolveByFurtherAssessor(actor, parsed.data.moderationId, parsed.data.assessorId, { ipAddress });
        return back("further");
      }
      case "preselect": {
        const parsed = parseWith(form, PreselectSchema);
        if (!parsed.ok) return failed(intent, "", parsed.fieldErrors, parsed.values);
        if (parsed.data.confirmed !== "1") {
          const { plan, waiting, notReady } = await planPreselection(actor, callId);
          if (notReady.length > 0) return failed(intent, "", { form: [t("evaluation.error.notReadyList", { references: notReady.map((p) => p.reference).join(", ") })] }, values, 422);
          const waitingIds = new Set(waiting.map((p) => p.id));
          const ref = new Map(waiting.map((p) => [p.id, p.reference] as const));
          const lines = [
            ...plan.preselected.filter((id) => waitingIds.has(id)).map((id) => t("evaluation.confirm.preselect", { reference: ref.get(id) ?? id })),
            ...plan.notPreselected
              .filter((n) => waitingIds.has(n.proposalId))
              .map((n) => t("evaluation.confirm.notPreselect", { reference: ref.get(n.proposalId) ?? n.proposalId, why: t(`evaluation.decision.short.${n.reason}`) })),
          ];
          return confirmStep({ intent, fields: { stage }, lines });
        }
        return applied(intent, await applyPreselection(actor, callId, { ipAddress }), locale);
      }
      case "select": {
        const parsed = parseWith(form, SelectSchema);
        if (!parsed.ok) return failed(intent, "", parsed.fieldErrors, parsed.values);
        if (parsed.data.confirmed !== "1") {
          const { plan, waiting, notReady } = await planSelection(actor, callId);
          if (notReady.length > 0) return failed(intent, "", { form: [t("evaluation.error.notReadyList", { references: notReady.map((p) => p.reference).join(", ") })] }, values, 422);
          const ref = new Map(waiting.map((p) => [p.id, p.reference] as const));
          const lines = [
            ...plan.selected.map((id) => t("evaluation.confirm.select", { reference: ref.get(id) ?? id })),
            ...plan.reserve.map((id) => t("evaluation.confirm.reserve", { reference: ref.get(id) ?? id })),
            ...plan.rejected.map((r) => t("evaluation.confirm.reject", { reference: ref.get(r.proposalId) ?? r.proposalId })),
          ];
          return confirmStep({ intent, fields: { stage }, lines });
        }
        return applied(intent, await applySelection(actor, callId, { ipAddress }), locale);
      }
      case "eligibility": {
        const parsed = parseWith(form, EligibilitySchema);
        if (!parsed.ok) return failed(intent, target, parsed.fieldErrors, parsed.values);
        const d = parsed.data;
        if (d.confirmed !== "1") {
          const fields: Record<string, string> = { stage, proposalId: d.proposalId, version: String(d.version), outcome: d.outcome };
          if (d.outcome === "fail") fields.reason = d.reason;
          const reference = String(form.get("reference") ?? "");
          return confirmStep({ intent, fields, lines: [t(`evaluation.confirm.eligibility.${d.outcome}`, { reference, reason: d.outcome === "fail" ? d.reason : "" })] });
        }
        if (d.outcome === "start") await startEligibilityCheck(actor, callId, d.proposalId, d.version, { ipAddress });
        else if (d.outcome === "confirm") await confirmEligible(actor, callId, d.proposalId, d.version, { ipAddress });
        else {
          const r = await failEligibility(actor, callId, d.proposalId, d.reason, d.version, { ipAddress });
          return applied(intent, r.promoted, locale);
        }
        return back(`eligibility-${d.outcome}`);
      }
      case "award": {
        const parsed = parseWith(form, AwardSchema);
        if (!parsed.ok) return failed(intent, "", parsed.fieldErrors, parsed.values);
        if (parsed.data.confirmed !== "1") {
          return confirmStep({ intent, fields: { stage, version: String(parsed.data.version), note: parsed.data.note }, lines: [t("evaluation.confirm.award")] });
        }
        await recordAwardDecision(actor, callId, { note: parsed.data.note, expectedVersion: parsed.data.version }, { ipAddress });
        return back("awarded");
      }
      default:
        return failed("select", "", { form: ["errors.badForm"] }, {});
    }
  } catch (error) {
    if (isAppError(error) && ["conflict", "transition_refused", "bad_request"].includes(error.code)) {
      const field = typeof error.details?.field === "string" ? error.details.field : "form";
      const references = typeof error.details?.references === "string" ? error.details.references : "";
      const message = isMessageKey(error.message) ? t(error.message, { references }) : error.message;
      return failed(intent, target, { [field]: [message] }, values, error.status);
    }
    throw error;
  }
});

export default function StageResultsPage() {
  const { call, stage, stages, shows, grid, rows, furtherAssessors, selected, hasSelected, page, pageCount, chart, waiting, blockers, decisions, csvHref } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === "submitting";
  const done = params.get("done");
  const errorsFor = (intent: Intent, target = "") => (actionData?.kind === "error" && actionData.intent === intent && actionData.target === target ? actionData.fieldErrors : undefined);
  const decisionErrors = actionData?.kind === "error" && ["preselect", "select", "award"].includes(actionData.intent) ? actionData.fieldErrors : undefined;
  const underEvaluation = call.state === "under_evaluation";
  return (
    <article aria-labelledby="results-title">
      <CallTabs callId={call.id} state={call.state} current="results" canEdit={false} />
      <header className="page-header">
        <p className="muted">{call.reference}</p>
        <h1 id="results-title">{t("evaluation.results.title", { reference: call.reference })}</h1>
        <StatusBadge state={call.state} label={call.stateLabel} />
      </header>
      {done && !actionData ? (
        <p className="notice" role="status">
          {t(`evaluation.results.done.${done === "consensus" || done === "further" || done === "awarded" ? done : "decision"}`)}
        </p>
      ) : null}
      {actionData?.kind === "applied" ? (
        <div className="notice" role="status">
          <p>{t("evaluation.decision.applied", { count: actionData.lines.length })}</p>
          <ul>
            {actionData.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {actionData?.kind === "confirm" ? (
        <section className="card" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-list">
          <h2 id="confirm-title">{t("evaluation.confirm.title")}</h2>
          <ul id="confirm-list">
            {actionData.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          <Form method="post">
            <input type="hidden" name="intent" value={actionData.intent} />
            {Object.entries(actionData.fields).map(([k, v]) => (
              <input key={k} type="hidden" name={k} value={v} />
            ))}
            <input type="hidden" name="confirmed" value="1" />
            <button type="submit" className="button" disabled={busy}>
              {t("evaluation.confirm.confirm")}
            </button>{" "}
            <Link to={`?stage=${stage}`}>{t("evaluation.confirm.cancel")}</Link>
          </Form>
        </section>
      ) : null}

      <StageTabs stages={stages} current={stage} />
      <Tabs
        label={t("evaluation.results.views")}
        tabs={[
          { key: "ranking", to: `?stage=${stage}`, label: t("evaluation.results.ranking") },
          { key: "assessors", to: `?stage=${stage}&view=assessors`, label: t("evaluation.chart.heading") },
        ]}
        current={shows}
      />

      {chart ? (
        <section className="card" aria-labelledby="chart-title">
          <h2 id="chart-title">{t("evaluation.chart.heading")}</h2>
          <ScoreChart id={`chart-${stage}`} max={grid.max} overall={chart.overall} assessors={chart.assessors} />
        </section>
      ) : (
        <>
          <section className="card" aria-labelledby="rules-title">
            <h2 id="rules-title">{t("evaluation.rules.title")}</h2>
            <ul>
              {grid.rules.map((r) => (
                <li key={r}>{r}</li>
              ))}
              <li>{t("evaluation.rules.max", { max: grid.max })}</li>
            </ul>
            <p>
              <a href={csvHref} download>
                {t("evaluation.results.export")}
              </a>
            </p>
          </section>

          <section aria-labelledby="ranking-title">
            <h2 id="ranking-title">{t("evaluation.results.ranking")}</h2>
            {rows.length === 0 ? (
              <p className="empty">{t("evaluation.results.none")}</p>
            ) : (
              <div className="table-wrap">
                <table className="results-table">
                  <thead>
                    <tr>
                      <th scope="col" className="num">
                        {t("evaluation.col.rank")}
                      </th>
                      <th scope="col">{t("evaluation.col.proposal")}</th>
                      <th scope="col">{t("evaluation.col.organisation")}</th>
                      <th scope="col" className="num">
                        {t("evaluation.col.amount")}
                      </th>
                      <th scope="col">{t("evaluation.col.totals")}</th>
                      <th scope="col" className="num">
                        {t("evaluation.col.mean")}
                      </th>
                      <th scope="col" className="num">
                        {t("evaluation.col.spread")}
                      </th>
                      <th scope="col">{t("evaluation.col.outcome")}</th>
                      <th scope="col">{t("evaluation.col.state")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.id} data-reference={r.reference}>
                        <td className="num">{r.rank ?? "–"}</td>
                        <td>
                          <InAppLink to={`/manage/proposals/${r.id}`}>{r.reference}</InAppLink>
                          <br />
                          <span className="small">{r.title}</span>
                        </td>
                        <td className="small">{r.organisation}</td>
                        <td className="num nowrap">{formatMoney(r.requestedAmountCents, t.locale)}</td>
                        <td className="small">
                          {r.totals.length === 0
                            ? "–"
                            : r.totals.map((e) => (
                                <span key={e.id} className="block">
                                  <InAppLink to={`/manage/evaluations/${e.id}`}>{e.name}</InAppLink>
                                  {e.further ? ` (${t("evaluation.role.FURTHER")})` : ""}: {e.total ?? "–"}
                                </span>
                              ))}
                          <span className="muted block">{t("evaluation.results.submittedOf", { count: r.totals.length, required: r.required })}</span>
                        </td>
                        <td className="num">{r.mean ?? "–"}</td>
                        <td className="num">{formatShare(r.spreadBp, t.locale)}</td>
                        <td className="small">
                          <strong>{t(`evaluation.status.${r.status}`)}</strong>
                          {r.passed !== null ? <span className="block">{t(r.passed ? "evaluation.outcome.passed" : "evaluation.outcome.failed")}</span> : null}
                          {r.reasons.map((x) => (
                            <span key={x} className="block">
                              {x}
                            </span>
                          ))}
                          {r.moderation ? (
                            <span className="block">
                              {t(
                                r.moderation.resolution === null
                                  ? "evaluation.moderation.open"
                                  : r.moderation.resolution === "CONSENSUS"
                                  ? "evaluation.moderation.consensus"
                                  : "evaluation.moderation.further",
                              )}
                            </span>
                          ) : null}
                        </td>
                        <td>
                          <StatusBadge state={r.state} label={r.stateLabel} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pagination page={page} pageCount={pageCount} />
          </section>

          {rows.some((r) => r.moderation) ? (
            <section aria-labelledby="moderation-title">
              <h2 id="moderation-title">{t("evaluation.moderation.title")}</h2>
              {rows
                .filter((r) => r.moderation)
                .map((r) => {
                  const m = r.moderation!;
                  const consensusErrors = errorsFor("consensus", m.id);
                  const furtherErrors = errorsFor("further", m.id);
                  return (
                    <section key={m.id} className="card" aria-labelledby={`m-${m.id}`} data-moderation={r.reference}>
                      <h3 id={`m-${m.id}`}>
                        {r.reference} {r.title}
                      </h3>
                      <p>{m.reason}</p>
                      {m.resolution === null ? (
                        <>
                          <p className="notice notice--warning">{t("evaluation.moderation.waiting")}</p>
                          <ErrorSummary errors={consensusErrors} labels={{ total: t("evaluation.moderation.total", { max: grid.max }), note: t("evaluation.moderation.note") }} />
                          <Form method="post" className="form">
                            <h4>{t("evaluation.moderation.consensusTitle")}</h4>
                            <input type="hidden" name="intent" value="consensus" />
                            <input type="hidden" name="stage" value={stage} />
                            <input type="hidden" name="moderationId" value={m.id} />
                            <div className="field">
                              <label htmlFor={`total-${m.id}`}>{t("evaluation.moderation.total", { max: grid.max })}</label>
                              <input id={`total-${m.id}`} name="total" type="number" min={0} max={grid.max} step={1} inputMode="numeric" required />
                            </div>
                            <div className="field">
                              <label htmlFor={`note-${m.id}`}>{t("evaluation.moderation.note")}</label>
                              <textarea id={`note-${m.id}`} name="note" rows={3} maxLength={NOTE_MAX} required />
                            </div>
                            <button type="submit" className="button" disabled={busy}>
                              {t("evaluation.moderation.recordConsensus")}
                            </button>
                          </Form>
                          <ErrorSummary errors={furtherErrors} />
                          <Form method="post" className="form">
                            <h4>{t("evaluation.moderation.furtherTitle")}</h4>
                            <input type="hidden" name="intent" value="further" />
                            <input type="hidden" name="stage" value={stage} />
                            <input type="hidden" name="moderationId" value={m.id} />
                            <div className="field">
                              <label htmlFor={`further-${m.id}`}>{t("evaluation.moderation.furtherAssessor")}</label>
                              <select id={`further-${m.id}`} name="assessorId" defaultValue="">
                                <option value="">{t("evaluation.assign.choose")}</option>
                                {furtherAssessors
                                  .filter((o) => !m.excluded.includes(o.value))
                                  .map((o) => (
                                    <option key={o.value} value={o.value}>
                                      {o.label}
                                    </option>
                                  ))}
                              </select>
                            </div>
                            <button type="submit" className="button button--secondary" disabled={busy}>
                              {t("evaluation.moderation.addFurther")}
                            </button>
                          </Form>
                        </>
                      ) : m.resolution === "CONSENSUS" ? (
                        <p>{t("evaluation.moderation.consensusRecorded", { total: m.consensusTotal ?? "–", note: m.note ?? "" })}</p>
                      ) : (
                        <p>{t("evaluation.moderation.furtherAsked")}</p>
                      )}
                    </section>
                  );
                })}
            </section>
          ) : null}

          <section className="card" aria-labelledby="decisions-title">
            <h2 id="decisions-title">{t("evaluation.decision.title")}</h2>
            <ErrorSummary errors={decisionErrors} />
            {!underEvaluation ? <p className="muted">{t("evaluation.decision.notUnderEvaluation")}</p> : null}
            {stage === "CONCEPT_NOTE" ? (
              <Form method="post">
                <p>{t("evaluation.decision.preselectHint", { multiple: call.multipleBp / 10000, budget: formatMoney(call.totalBudgetCents, t.locale), waiting })}</p>
                <input type="hidden" name="stage" value={stage} />
                <button type="submit" name="intent" value="preselect" className="button" disabled={busy || !underEvaluation || waiting === 0}>
                  {t("evaluation.decision.preselect")}
                </button>
              </Form>
            ) : (
              <>
                <Form method="post">
                  <p>{t("evaluation.decision.selectHint", { budget: formatMoney(call.totalBudgetCents, t.locale), waiting })}</p>
                  <input type="hidden" name="stage" value={stage} />
                  <button type="submit" name="intent" value="select" className="button" disabled={busy || !underEvaluation || waiting === 0}>
                    {t("evaluation.decision.select")}
                  </button>
                </Form>
                {hasSelected ? (
                  <>
                    <h3>{t("evaluation.eligibility.title")}</h3>
                    <ul className="card-list card-list--compact">
                      {selected.map((r) => {
                        const errors = errorsFor("eligibility", r.id);
                        return (
                          <li key={r.id} className="card" data-eligibility={r.reference}>
                            <p>
                              <strong>{r.reference}</strong> {r.title} — <StatusBadge state={r.state} label={r.stateLabel} />
                            </p>
                            <ErrorSummary errors={errors} />
                            {r.state === "provisionally_selected" ? (
                              <Form method="post">
                                <EligibilityFields outcome="start" stage={stage} proposal={r} />
                                <button type="submit" className="button button--small" disabled={busy}>
                                  {t("evaluation.eligibility.start")}
                                </button>
                              </Form>
                            ) : null}
                            <Form method="post">
                              <EligibilityFields outcome="confirm" stage={stage} proposal={r} />
                              <button type="submit" className="button button--small" disabled={busy}>
                                {t("evaluation.eligibility.confirm")}
                              </button>
                            </Form>
                            <Form method="post" className="form">
                              <EligibilityFields outcome="fail" stage={stage} proposal={r} />
                              <div className="field">
                                <label htmlFor={`fail-${r.id}`}>{t("evaluation.eligibility.reason")}</label>
                                <textarea id={`fail-${r.id}`} name="reason" rows={2} maxLength={REASON_MAX} />
                              </div>
                              <button type="submit" className="button button--secondary button--small" disabled={busy}>
                                {t("evaluation.eligibility.fail")}
                              </button>
                            </Form>
                          </li>
                        );
                      })}
                    </ul>
                  </>
                ) : null}
              </>
            )}
            <h3>{t("evaluation.award.title")}</h3>
            {blockers.length > 0 ? <p className="muted">{t("evaluation.award.blocked", { references: blockers.join(", ") })}</p> : null}
            {underEvaluation && blockers.length === 0 ? (
              <Form method="post" className="form">
                <input type="hidden" name="intent" value="award" />
                <input type="hidden" name="stage" value={stage} />
                <input type="hidden" name="version" value={call.version} />
                <div className="field">
                  <label htmlFor="award-note">{t("evaluation.award.note")}</label>
                  <textarea id="award-note" name="note" rows={3} maxLength={NOTE_MAX} />
                </div>
                <button type="submit" className="button" disabled={busy}>
                  {t("evaluation.award.record")}
                </button>
              </Form>
            ) : null}
            {decisions.length > 0 ? (
              <>
                <h3>{t("evaluation.award.history")}</h3>
                <ul>
                  {decisions.map((d) => (
                    <li key={d.id}>
                      {t(`evaluation.stage.${d.stage === "CONCEPT_NOTE" ? "CONCEPT_NOTE" : "FULL_APPLICATION"}`)} — {d.decidedAt.slice(0, 10)} {d.note ? `— ${d.note}` : ""}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        </>
      )}
    </article>
  );
}

/** What every eligibility form posts besides its own fields (see EligibilitySchema). */
function EligibilityFields({ outcome, stage, proposal }: { outcome: "start" | "confirm" | "fail"; stage: string; proposal: { id: string; reference: string; version: number } }) {
  return (
    <>
      <input type="hidden" name="intent" value="eligibility" />
      <input type="hidden" name="outcome" value={outcome} />
      <input type="hidden" name="stage" value={stage} />
      <input type="hidden" name="proposalId" value={proposal.id} />
      <input type="hidden" name="reference" value={proposal.reference} />
      <input type="hidden" name="version" value={proposal.version} />
    </>
  );
}
