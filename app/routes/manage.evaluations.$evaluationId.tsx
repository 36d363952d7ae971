// /manage/evaluations/:evaluationId (grant managers): one assessor's evaluation as submitted:
// scores, justifications, totals per section, the assessor's name and its history; a
// submitted one can be returned to the assessor for revision with a reason (emailed).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { EVALUATION_STATE_LABELS, type EvaluationStateId } from "#workflows/evaluation.machine.ts";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Fact } from "~/components/Facts.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { REASON_MAX, ReturnSchema } from "~/modules/evaluation/evaluation-schemas.ts";
import { getEvaluationForManager, returnEvaluation } from "~/modules/evaluation/moderation.server.ts";
import { readAssignmentReason, requireEvaluationManager } from "~/modules/evaluation/results.server.ts";
import { isAppError } from "~/utils/errors.ts";
import { formatDateTime } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, pick, pickBilingual, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, parseWith, readForm } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, translator(locale)("evaluation.view.title", { reference: loaded?.proposal.reference ?? "", assessor: loaded?.assessor ?? "" })) }];
};

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireEvaluationManager(actor);
  const locale = resolveLocale(request, user);
  const v = await getEvaluationForManager(actor, params.evaluationId ?? "");
  const e = v.evaluation;
  const stateLabel = (s: string | null) => (s ? pickBilingual(EVALUATION_STATE_LABELS[s as EvaluationStateId]?.staff, locale, s) : null);
  return {
    id: e.id,
    version: e.version,
    state: e.state,
    stateLabel: stateLabel(e.state) ?? e.state,
    role: e.role,
    stage: v.stage,
    assessor: e.assessor.name,
    why: readAssignmentReason(e.assignmentReason, locale),
    returnReason: e.returnReason,
    conflictReason: e.conflictReason,
    submittedAt: e.submittedAt?.toISOString() ?? null,
    timeZone: v.call.timeZone,
    call: { id: v.call.id, reference: v.call.reference },
    proposal: { id: e.proposal.id, reference: e.proposal.reference, title: e.proposal.title, organisation: e.proposal.organisation.legalName },
    total: v.totals.total,
    max: v.totals.max,
    sections: v.sections.map((s) => ({
      code: s.code,
      name: pick(s, "name", locale),
      points: v.totals.sections.find((x) => x.code === s.code)?.points ?? 0,
      max: v.totals.sections.find((x) => x.code === s.code)?.max ?? 0,
      criteria: s.criteria.map((c) => ({ code: c.code, name: pick(c, "name", locale), max: c.max, weight: c.weight, score: v.scores[c.code]?.score ?? null, justification: v.scores[c.code]?.justification ?? "" })),
    })),
    history: v.history.map((h) => {
      const d = (typeof h.data === "object" && h.data !== null ? h.data : {}) as { event?: { reason?: unknown } };
      return { id: h.id, at: h.at.toISOString(), action: h.action, actor: h.actor?.name ?? null, to: stateLabel(h.toState), reason: typeof d.event?.reason === "string" ? d.event.reason : null };
    }),
  };
});

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireEvaluationManager(actor);
  const id = params.evaluationId ?? "";
  const form = await readForm(request);
  const parsed = parseWith(form, ReturnSchema);
  if (!parsed.ok) return data({ ok: false as const, fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  try {
    await returnEvaluation(actor, id, { reason: parsed.data.reason, expectedVersion: parsed.data.version }, { ipAddress: clientAddress(request) });
  } catch (error) {
    if (isAppError(error) && ["conflict", "transition_refused", "bad_request"].includes(error.code)) {
      return data({ ok: false as const, fieldErrors: { form: [error.message] } as Record<string, string[]>, values: parsed.data.reason ? { reason: parsed.data.reason } : {} }, { status: error.status });
    }
    throw error;
  }
  return redirect(`/manage/evaluations/${id}?done=returned`);
});

export default function ManagerEvaluation() {
  const e = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : undefined;
  return (
    <article aria-labelledby="evaluation-title">
      <p className="breadcrumb">
        <Link to={`/manage/calls/${e.call.id}/evaluation?stage=${e.stage}`}>{t("evaluation.view.back")}</Link> ·{" "}
        <Link to={`/manage/calls/${e.call.id}/results?stage=${e.stage}`}>{t("evaluation.tabs.results")}</Link>
      </p>
      <header className="page-header">
        <p className="muted">
          {e.proposal.reference} · {t(`evaluation.stage.${e.stage}`)}
        </p>
        <h1 id="evaluation-title">{t("evaluation.view.title", { reference: e.proposal.reference, assessor: e.assessor })}</h1>
        <StatusBadge state={e.state} label={e.stateLabel} />
      </header>
      {params.get("done") === "returned" && !actionData ? (
        <p className="notice" role="status">
          {t("evaluation.view.returned")}
        </p>
      ) : null}
      <section className="card" aria-labelledby="facts-title">
        <h2 id="facts-title">{t("evaluation.view.facts")}</h2>
        <dl className="facts">
          <Fact label={t("evaluation.col.assessor")}>
            {e.assessor}
            {e.role === "FURTHER" ? ` (${t("evaluation.role.FURTHER")})` : ""}
          </Fact>
          <Fact label={t("evaluation.view.proposal")}>
            {e.proposal.title} — {e.proposal.organisation}
          </Fact>
          <Fact label={t("evaluation.col.why")}>{e.why}</Fact>
          <Fact label={t("evaluation.view.total")}>
            <strong>{t("evaluation.points", { points: e.total, max: e.max })}</strong>
          </Fact>
          {e.submittedAt ? <Fact label={t("evaluation.view.submittedAt")}>{formatDateTime(e.submittedAt, t.locale, e.timeZone)}</Fact> : null}
          {e.returnReason ? <Fact label={t("evaluation.view.returnReason")}>{e.returnReason}</Fact> : null}
          {e.conflictReason ? <Fact label={t("evaluation.view.conflictReason")}>{e.conflictReason}</Fact> : null}
        </dl>
      </section>

      {e.sections.map((s) => (
        <section key={s.code} className="card" aria-labelledby={`s-${s.code}`}>
          <h2 id={`s-${s.code}`}>
            {s.code} {s.name} — {t("evaluation.points", { points: s.points, max: s.max })}
          </h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("evaluation.col.criterion")}</th>
                  <th scope="col" className="num">
                    {t("evaluation.col.score")}
                  </th>
                  <th scope="col">{t("evaluation.col.justification")}</th>
                </tr>
              </thead>
              <tbody>
                {s.criteria.map((c) => (
                  <tr key={c.code}>
                    <th scope="row">
                      {c.code} {c.name}
                      {c.weight > 1 ? <span className="muted"> (×{c.weight})</span> : null}
                    </th>
                    <td className="num">{c.score === null ? "–" : `${c.score}/${c.max}`}</td>
                    <td className="prose">{c.justification || "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}

      {e.state === "submitted" ? (
        <section className="card" aria-labelledby="return-title">
          <h2 id="return-title">{t("evaluation.view.returnTitle")}</h2>
          <ErrorSummary errors={errors} labels={{ reason: t("evaluation.view.returnReasonLabel") }} />
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="return" />
            <input type="hidden" name="version" value={e.version} />
            <div className={errors?.reason ? "field field--error" : "field"}>
              <label htmlFor="field-reason">{t("evaluation.view.returnReasonLabel")}</label>
              <p id="field-reason-hint" className="field__hint">
                {t("evaluation.view.returnHint")}
              </p>
              <textarea
                id="field-reason"
                name="reason"
                rows={4}
                maxLength={REASON_MAX}
                defaultValue={actionData && !actionData.ok ? (actionData.values.reason ?? "") : ""}
                aria-invalid={errors?.reason ? true : undefined}
                aria-describedby="field-reason-hint"
              />
            </div>
            <button type="submit" className="button button--secondary" disabled={navigation.state === "submitting"}>
              {t("evaluation.view.return")}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("evaluation.view.history")}</h2>
        <ol className="timeline">
          {e.history.map((h) => (
            <li key={h.id}>
              <time dateTime={h.at}>{formatDateTime(h.at, t.locale, e.timeZone)}</time> — {h.to ?? h.action}
              {h.actor ? <span className="muted"> ({h.actor})</span> : null}
              {h.reason ? <span>: {h.reason}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
