// /manage/reports/:reportId (grant managers): a submitted report read-only, with a comment
// box under each part (each narrative section, the indicators, the financial report), and
// the decision: save the comments, request changes (a reason is required; the grantee is
// emailed) or approve (the grantee is emailed and the instalment waiting for this report is
// released by the 70% rule; the amount is shown here). The review starts with the "Start
// the review" button, or by itself with the first decision.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { fieldId } from "~/components/Field.tsx";
import { ReportFinancial, ReportIndicators, ReportNarrativeSection, sectionLabelKey } from "~/components/ReportParts.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { indicatorFigures, isReportOverdue } from "~/modules/reporting/completeness.ts";
import { narrativeSectionsFor, reviewCommentField, reviewFormSchema, type ReviewSection } from "~/modules/reporting/report-schema.ts";
import { decideReport, getReportForReview, reportStaffLabel, requireReviewer, saveReviewComments, startReview } from "~/modules/reporting/review.server.ts";
import { appOrigin } from "~/modules/organisations/links.server.ts";
import { isAppError } from "~/utils/errors.ts";
import { formatDate, formatDateTime, formatMoney } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT, type Translate } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, parseWith, readForm, readVersion } from "~/utils/route.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => {
  const locale = localeFromMatches(matches);
  return [
    {
      title: pageTitle(locale, d ? `${d.report.title} · ${d.grant.reference}` : undefined),
    },
  ];
};

const reportTitle = (t: Translate, kind: string, number: number) => (kind === "FINAL" ? t("reports.heading.FINAL") : t("reports.heading.INTERIM", { number: String(number) }));

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireReviewer(actor);
  const locale = resolveLocale(request, user);
  const t = translator(locale);
  const v = await getReportForReview(actor, params.reportId ?? "", locale);
  const { report, shape, draft } = v;
  const docs = v.submitted ? report.documents.filter((d) => d.document.status === "ready") : [];
  const groups = [{ code: "", name: t("reports.documents.general") }, ...shape.budget.map((h) => ({ code: h.code, name: h.label }))]
    .map((g) => ({
      ...g,
      files: docs.filter((d) => d.headingCode === g.code).map((d) => ({ id: d.document.id, filename: d.document.filename })),
    }))
    .filter((g) => g.files.length > 0);
  return {
    grant: {
      id: report.grant.id,
      reference: report.grant.reference,
      title: report.grant.title,
      organisation: report.grant.organisation.legalName,
    },
    report: {
      id: report.id,
      kind: report.kind,
      title: reportTitle(t, report.kind, report.number),
      state: report.state,
      stateLabel: reportStaffLabel(report.state, locale),
      version: report.version,
      dueDate: report.dueDate.toISOString(),
      submittedAt: report.submittedAt?.toISOString() ?? null,
      overdue: isReportOverdue(report, new Date()),
    },
    sections: narrativeSectionsFor(report.kind),
    narrative: draft.narrative,
    indicators: indicatorFigures(shape.indicators, draft),
    budget: shape.budget,
    financial: draft.financial,
    comments: v.comments as Partial<Record<ReviewSection, string>>,
    changeReason: v.changeRequest?.reason ?? null,
    documents: groups,
    canDecide: v.canDecide,
    submitted: v.submitted,
    tranche: v.tranche
      ? {
          ...v.tranche,
          releasedAt: v.tranche.releasedAt?.toISOString() ?? null,
        }
      : null,
  };
});

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireReviewer(actor);
  const locale = resolveLocale(request, user);
  const reportId = params.reportId ?? "";
  const meta = {
    ipAddress: clientAddress(request),
    origin: appOrigin(request),
  };
  const form = await readForm(request);
  const { report } = await getReportForReview(actor, reportId, locale);
  const typed: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") typed[k] = v;
  try {
    if (form.get("intent") === "start") {
      await startReview(actor, reportId, readVersion(form) ?? -1, meta);
      return redirect(`/manage/reports/${reportId}?done=started`);
    }
    const parsed = parseWith(form, reviewFormSchema(report.kind));
    if (!parsed.ok)
      return data(
        {
          ok: false as const,
          fieldErrors: parsed.fieldErrors,
          values: typed,
        },
        { status: 400 }
      );
    const input = parsed.data;
    if (input.decision === "comments") {
      await saveReviewComments(actor, reportId, input.comments, input.version, meta);
      return redirect(`/manage/reports/${reportId}?done=comments`);
    }
    const result = await decideReport(
      actor,
      reportId,
      {
        decision: input.decision,
        reason: input.reason,
        comments: input.comments,
        version: input.version,
      },
      meta
    );
    return redirect(`/manage/reports/${reportId}?done=${result.state}`);
  } catch (error) {
    if (isAppError(error) && (error.code === "conflict" || error.code === "transition_refused" || error.code === "bad_request")) {
      const field = typeof error.details?.field === "string" ? error.details.field : "form";
      return data(
        {
          ok: false as const,
          fieldErrors: { [field]: [error.message] },
          values: typed,
        },
        { status: error.status }
      );
    }
    throw error;
  }
});

function CommentBox({ section, value, errors }: { section: ReviewSection; value: string; errors?: readonly string[] }) {
  const t = useT();
  const name = reviewCommentField(section);
  const id = fieldId(name);
  return (
    <div className={errors?.length ? "field field--error" : "field"}>
      <label htmlFor={id}>{t("reports.review.comment", { section: t(sectionLabelKey(section)) })}</label>
      <p id={`${id}-hint`} className="field__hint">
        {t("reports.review.commentHint")}
      </p>
      {errors?.length ? (
        <p id={`${id}-error`} className="field__error">
          {t.maybe(errors[0]!)}
        </p>
      ) : null}
      <textarea id={id} name={name} rows={3} defaultValue={value} aria-describedby={`${id}-hint${errors?.length ? ` ${id}-error` : ""}`} aria-invalid={errors?.length ? true : undefined} />
    </div>
  );
}

export default function ReviewReport() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === "submitting";
  const errors = answer && !answer.ok ? answer.fieldErrors : undefined;
  const typed = answer && !answer.ok ? answer.values : undefined;
  const done = params.get("done");
  const doneKey = done === "approved" || done === "changes_requested" || done === "comments" || done === "started" ? (`reports.review.done.${done}` as const) : null;
  const comment = (s: ReviewSection) => typed?.[reviewCommentField(s)] ?? d.comments[s] ?? "";
  // Under each part: a comment box while a decision is open, else the comment given.
  const after = (s: ReviewSection): ReactNode => (d.canDecide ? <CommentBox section={s} value={comment(s)} errors={errors?.[reviewCommentField(s)]} /> : null);
  const shown = (s: ReviewSection) => (d.canDecide ? undefined : d.comments[s]);
  const { report, grant, tranche } = d;
  return (
    <article aria-labelledby="report-title">
      <p className="breadcrumb">
        <Link to="/manage/reports">{t("reports.review.backToList")}</Link> · {grant.reference}
      </p>
      <header className="page-header">
        <p className="muted">
          {t("reports.grant", {
            reference: grant.reference,
            title: grant.title,
          })}
        </p>
        <h1 id="report-title">{report.title}</h1>
        <p>
          <StatusBadge state={report.state} label={report.stateLabel} /> {report.overdue ? <span className="badge badge--danger">{t("reports.overdue")}</span> : null}
        </p>
        {report.submittedAt ? (
          <p className="muted">
            {t("reports.review.submittedBy", {
              organisation: grant.organisation,
              date: formatDateTime(report.submittedAt, t.locale),
            })}
          </p>
        ) : null}
        <p className="muted">{t("reports.due", { date: formatDate(report.dueDate, t.locale) })}</p>
      </header>

      {doneKey && !answer ? (
        <p className="notice" role="status">
          {t(doneKey)}
        </p>
      ) : null}

      <section className="card" aria-labelledby="payment-title" data-payment>
        <h2 id="payment-title">{t("reports.payment.title")}</h2>
        {tranche === null ? (
          <p>{t("reports.payment.none")}</p>
        ) : tranche.releasedAt !== null && tranche.dueAmountCents !== null ? (
          <>
            <p data-released>
              {t("reports.payment.released", {
                number: String(tranche.number),
                amount: formatMoney(tranche.dueAmountCents, t.locale),
                planned: formatMoney(tranche.plannedAmountCents, t.locale),
              })}
            </p>
            {tranche.explanation ? <p>{tranche.explanation}</p> : null}
          </>
        ) : (
          <p>
            {t("reports.payment.pending", {
              number: String(tranche.number),
              planned: formatMoney(tranche.plannedAmountCents, t.locale),
            })}
          </p>
        )}
        {tranche !== null ? <p className="field__hint">{t("reports.payment.rule")}</p> : null}
      </section>

      {d.canDecide && report.state === "submitted" ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="start" />
          <input type="hidden" name="version" value={report.version} />
          <p className="field__hint">{t("reports.review.startHint")}</p>
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t("reports.review.start")}
          </button>
        </Form>
      ) : null}

      {!d.submitted ? (
        <p className="notice" data-not-submitted>
          {t("reports.review.notSubmitted")}
        </p>
      ) : !d.canDecide ? (
        <p className="notice">{t("reports.review.closed")}</p>
      ) : null}
      {d.changeReason && report.state === "changes_requested" ? <p className="notice notice--warning">{t("reports.changes.reason", { reason: d.changeReason })}</p> : null}

      {d.submitted ? (
        <Form method="post" noValidate>
          <ErrorSummary errors={errors} labels={{ reason: t("reports.review.reason") }} />
          <input type="hidden" name="version" value={report.version} />
          {d.sections.map((s) => (
            <ReportNarrativeSection key={s} section={s} value={d.narrative[s] ?? ""} comment={shown(s)} editable={false} after={after(s)} />
          ))}
          <ReportIndicators rows={d.indicators} comment={shown("indicators")} editable={false} after={after("indicators")} />
          <ReportFinancial budget={d.budget} financial={d.financial} comment={shown("financial")} editable={false} after={after("financial")} />
          {d.documents.length > 0 ? (
            <section className="card" aria-labelledby="documents-title">
              <h2 id="documents-title">{t("reports.documents.title")}</h2>
              {d.documents.map((g) => (
                <div key={g.code || "general"}>
                  <h3>{g.name}</h3>
                  <ul className="doc-list">
                    {g.files.map((f) => (
                      <li key={f.id}>
                        <a
                          href={`/documents/${encodeURIComponent(f.id)}/download`}
                          aria-label={t("uploads.download", {
                            filename: f.filename,
                          })}
                        >
                          {f.filename}
                        </a>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          ) : null}
          {d.canDecide ? (
            <section className="card" aria-labelledby="decision-title">
              <h2 id="decision-title">{t("reports.review.decision")}</h2>
              <div className={errors?.reason?.length ? "field field--error" : "field"}>
                <label htmlFor={fieldId("reason")}>{t("reports.review.reason")}</label>
                <p id={`${fieldId("reason")}-hint`} className="field__hint">
                  {t("reports.review.reasonHint")}
                </p>
                {errors?.reason?.length ? (
                  <p id={`${fieldId("reason")}-error`} className="field__error">
                    {t.maybe(errors.reason[0]!)}
                  </p>
                ) : null}
                <textarea
                  id={fieldId("reason")}
                  name="reason"
                  rows={4}
                  defaultValue={typed?.reason ?? ""}
                  aria-describedby={`${fieldId("reason")}-hint${errors?.reason?.length ? ` ${fieldId("reason")}-error` : ""}`}
                  aria-invalid={errors?.reason?.length ? true : undefined}
                />
              </div>
              <p className="field__hint">{t("reports.review.approveHint")}</p>
              <p className="form-actions" style={{ display: "flex", gap: "1rem", flexWrap: "wrap" }}>
                <button type="submit" name="decision" value="comments" className="button button--secondary" disabled={busy}>
                  {t("reports.review.saveComments")}
                </button>
                <button type="submit" name="decision" value="request_changes" className="button button--secondary" disabled={busy}>
                  {t("reports.review.requestChanges")}
                </button>
                <button type="submit" name="decision" value="approve" className="button" disabled={busy}>
                  {t("reports.review.approve")}
                </button>
              </p>
            </section>
          ) : null}
        </Form>
      ) : null}
    </article>
  );
}
