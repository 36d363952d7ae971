// /grants/:grantId/reports/:reportId: the grantee writes an interim or final report (members
// of the grant's organisation only; anyone else finds nothing, grant managers are taken to
// the review page): the narrative sections, progress per indicator, the money spent per
// budget heading with its supporting documents. It autosaves as you type; "Submit" saves and
// asks the report machine, which refuses an incomplete report with what is missing, field by
// field, keeping what was typed. When changes were requested, the reason and the reviewer's
// comment on each part are shown next to it.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { useState } from "react";
import { AutosaveForm } from "~/components/AutosaveForm.tsx";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { fieldId } from "~/components/Field.tsx";
import { ReportDocumentUploader, type UploadAnswer } from "~/components/ReportDocumentUploader.tsx";
import { ReportFinancial, ReportIndicators, ReportNarrativeSection, sectionLabelKey } from "~/components/ReportParts.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { can } from "~/modules/auth/permissions.ts";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { formatBytes } from "~/modules/documents/upload-rules.ts";
import { daysUntilDue, indicatorFigures, isReportDueSoon, isReportOverdue, type ReportProblem } from "~/modules/reporting/completeness.ts";
import { completeReportUpload, removeReportDocument, ReportUploadSchema, requestReportUpload } from "~/modules/reporting/report-documents.server.ts";
import { narrativeSectionsFor, reportFormSchema, toReportFormValues, type NarrativeSection, type ReviewSection } from "~/modules/reporting/report-schema.ts";
import { getGranteeReport, loadGranteeReport, saveReportDraft, shapeOf, submitReport } from "~/modules/reporting/reports.server.ts";
import { reportApplicantLabel } from "~/modules/reporting/review.server.ts";
import stylesheet from "~/styles/proposal.css?url";
import { isAppError } from "~/utils/errors.ts";
import { formatDate } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, translator, useT, type Translate } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, parseWith, readForm, readVersion } from "~/utils/route.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, d ? `${d.report.title} · ${d.grant.reference}` : undefined) }];
};

// Autosaves and upload tickets answer their fetcher; nothing on the page needs reloading.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  const intent = formData?.get("intent");
  return intent === "autosave" || intent === "upload-request" ? false : defaultShouldRevalidate;
};

const reportTitle = (t: Translate, kind: string, number: number) => (kind === "FINAL" ? t("reports.heading.FINAL") : t("reports.heading.INTERIM", { number: String(number) }));

function problemMessage(t: Translate, p: ReportProblem): string {
  if (p.messageKey === "reports.problem.narrative") return t(p.messageKey, { section: t(sectionLabelKey(p.params.section as NarrativeSection)) });
  return t(p.messageKey, p.params);
}

function problemErrors(t: Translate, problems: readonly ReportProblem[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of problems) (out[p.field] ??= []).push(problemMessage(t, p));
  return out;
}

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  // Grant managers review reports; their page is the review page.
  if (can(actor, "report", "review")) throw redirect(`/manage/reports/${encodeURIComponent(params.reportId ?? "")}`);
  const locale = resolveLocale(request, user);
  const t = translator(locale);
  const v = await getGranteeReport(actor, params.grantId ?? "", params.reportId ?? "");
  const { report, shape, draft } = v;
  const now = new Date();
  const docs = report.documents.filter((d) => d.document.status === "ready");
  const groups = [{ code: "", name: t("reports.documents.general") }, ...shape.budget.map((h) => ({ code: h.code, name: h.label }))].map((g) => ({
    ...g,
    files: docs
      .filter((d) => d.headingCode === g.code)
      .map((d) => ({ id: d.document.id, filename: d.document.filename, sizeBytes: d.document.sizeBytes, createdAt: d.document.createdAt.toISOString() })),
  }));
  return {
    grant: { id: report.grant.id, reference: report.grant.reference, title: report.grant.title },
    report: {
      id: report.id,
      kind: report.kind,
      number: report.number,
      title: reportTitle(t, report.kind, report.number),
      state: report.state,
      stateLabel: reportApplicantLabel(report.state, locale),
      version: report.version,
      periodStart: report.periodStart.toISOString(),
      periodEnd: report.periodEnd.toISOString(),
      dueDate: report.dueDate.toISOString(),
      overdue: isReportOverdue(report, now),
      dueSoon: isReportDueSoon(report, now),
      daysLeft: daysUntilDue(report, now),
    },
    sections: narrativeSectionsFor(report.kind),
    values: toReportFormValues(shape, draft),
    indicators: indicatorFigures(shape.indicators, draft),
    budget: shape.budget,
    financial: draft.financial,
    missing: v.problems.map((p) => ({ field: p.field, message: problemMessage(t, p) })),
    comments: v.reviewComments as Partial<Record<ReviewSection, string>>,
    changeReason: v.changeRequest?.reason ?? null,
    documents: groups,
    editable: v.editable,
  };
});

type Answer =
  | { ok: true; version: number; savedAt: string }
  | { ok: false; conflict?: boolean; message?: string; fieldErrors?: Record<string, string[]>; values?: Record<string, string>; version?: number; refused?: boolean };

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  const locale = resolveLocale(request, user);
  const t = translator(locale);
  const grantId = params.grantId ?? "";
  const reportId = params.reportId ?? "";
  const ipAddress = clientAddress(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "save");

  if (intent === "upload-request" || intent === "upload-complete") {
    try {
      if (intent === "upload-request") {
        const parsed = ReportUploadSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")));
        if (!parsed.success) return data({ ok: false, intent, message: t("errors.badForm") } satisfies UploadAnswer, { status: 400 });
        const ticket = await requestReportUpload(actor, grantId, reportId, parsed.data);
        return { ok: true, intent, ticket } satisfies UploadAnswer;
      }
      const verdict = await completeReportUpload(actor, grantId, reportId, String(form.get("documentId") ?? ""));
      const answer: UploadAnswer =
        verdict.status === "ready"
          ? { ok: true, intent, status: "ready", filename: verdict.filename, message: "" }
          : { ok: true, intent, status: "rejected", filename: "", message: t.maybe(verdict.reasonKey, { max: "", actual: "", declared: "", name: "", ...verdict.params }) };
      return answer;
    } catch (error) {
      if (isAppError(error) && error.code !== "unauthenticated" && error.code !== "not_found" && error.code !== "forbidden") {
        return data({ ok: false, intent, message: t.maybe(error.message) } satisfies UploadAnswer, { status: error.status });
      }
      throw error;
    }
  }

  if (intent.startsWith("remove-document:")) {
    await removeReportDocument(actor, grantId, reportId, intent.slice("remove-document:".length), { ipAddress });
    return redirect(`/grants/${grantId}/reports/${reportId}?removed=1`);
  }

  // The form's fields depend on the grant: load the report (404 for others) before parsing.
  const report = await loadGranteeReport(actor, grantId, reportId);
  const version = readVersion(form) ?? Number.NaN;
  const parsed = parseWith(form, reportFormSchema(shapeOf(report)));
  if (!parsed.ok || !Number.isSafeInteger(version)) {
    const fieldErrors = parsed.ok ? { form: ["errors.badForm"] } : parsed.fieldErrors;
    const values = parsed.ok ? {} : parsed.values;
    return data({ ok: false, fieldErrors, values } satisfies Answer, { status: 400 });
  }
  // What was typed, to put back in the form when the submission is refused.
  const typed: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "intent" && k !== "version") typed[k] = v;
  try {
    if (intent === "submit") {
      const result = await submitReport(actor, grantId, reportId, parsed.data, version, { ipAddress });
      if (result.ok) return redirect(`/grants/${grantId}/reports/${reportId}?submitted=1`);
      return data({ ok: false, refused: true, fieldErrors: problemErrors(t, result.problems), values: typed, version: result.version } satisfies Answer, { status: 422 });
    }
    const saved = await saveReportDraft(actor, grantId, reportId, parsed.data, version, { ipAddress });
    if (intent === "autosave") return { ok: true, version: saved.version, savedAt: saved.savedAt.toISOString() } satisfies Answer;
    return redirect(`/grants/${grantId}/reports/${reportId}?saved=1`);
  } catch (error) {
    if (isAppError(error) && error.code === "conflict") return data({ ok: false, conflict: true, message: t.maybe(error.message), values: typed } satisfies Answer, { status: 409 });
    if (isAppError(error) && error.code === "transition_refused") return data({ ok: false, fieldErrors: { form: [t.maybe(error.message)] }, values: typed } satisfies Answer, { status: 422 });
    throw error;
  }
});

export default function GranteeReport() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const [params] = useSearchParams();
  const t = useT();
  const [autosaveErrors, setAutosaveErrors] = useState<Record<string, string[]>>({});
  const failed = answer && !answer.ok ? answer : null;
  const fieldErrors = failed?.fieldErrors ?? autosaveErrors;
  const values = { ...d.values, ...(failed?.values ?? {}) };
  const version = failed?.version ?? d.report.version;
  const { report, grant } = d;

  const parts = (editable: boolean) => (
    <>
      {d.sections.map((s) => (
        <ReportNarrativeSection key={s} section={s} value={values[`narrative.${s}`] ?? ""} errors={fieldErrors[`narrative.${s}`]} comment={d.comments[s]} editable={editable} />
      ))}
      <ReportIndicators rows={d.indicators} values={values} errors={fieldErrors} comment={d.comments.indicators} editable={editable} />
      <ReportFinancial budget={d.budget} financial={d.financial} values={values} errors={fieldErrors} comment={d.comments.financial} editable={editable} />
      <section className="card report-part" aria-labelledby="report-documents-title" data-section="documents">
        <h2 id="report-documents-title">{t("reports.documents.title")}</h2>
        {editable ? <p className="field__hint">{t("reports.documents.intro")}</p> : null}
        {d.documents.map((g) => (
          <div key={g.code || "general"} className="report-documents" data-documents={g.code}>
            <h3>{g.name}</h3>
            {g.files.length === 0 ? (
              <p className="muted">{t("reports.documents.none")}</p>
            ) : (
              <ul className="doc-list">
                {g.files.map((f) => (
                  <li key={f.id}>
                    <a href={`/documents/${encodeURIComponent(f.id)}/download`} aria-label={t("uploads.download", { filename: f.filename })}>
                      {f.filename}
                    </a>{" "}
                    <span className="muted">{t("uploads.fileInfo", { size: formatBytes(f.sizeBytes, t), date: formatDate(f.createdAt, t.locale) })}</span>{" "}
                    {editable ? (
                      <button
                        type="submit"
                        name="intent"
                        value={`remove-document:${f.id}`}
                        className="button button--secondary button--small"
                        aria-label={t("reports.documents.removeLabel", { filename: f.filename })}
                      >
                        {t("reports.documents.remove")}
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {editable ? <ReportDocumentUploader headingCode={g.code} name={g.name} /> : null}
          </div>
        ))}
      </section>
    </>
  );

  return (
    <article aria-labelledby="report-title">
      <p className="breadcrumb">
        <Link to={`/grants/${grant.id}`}>← {t("reports.backToGrant")}</Link>
      </p>
      <header className="page-header">
        <p className="muted">{t("reports.grant", { reference: grant.reference, title: grant.title })}</p>
        <h1 id="report-title">{report.title}</h1>
        <p>
          <StatusBadge state={report.state} label={report.stateLabel} />{" "}
          {report.overdue ? (
            <span className="badge badge--danger" data-overdue>
              {t("reports.overdue")}
            </span>
          ) : null}
        </p>
        <p>
          {t("reports.due", { date: formatDate(report.dueDate, t.locale) })}
          {report.dueSoon ? ` · ${t("reports.dueSoon", { days: report.daysLeft })}` : null}
        </p>
        <p className="muted">{t("reports.period", { start: formatDate(report.periodStart, t.locale), end: formatDate(report.periodEnd, t.locale) })}</p>
      </header>

      {params.get("submitted") === "1" && !d.editable ? (
        <p className="notice" role="status">
          {t("reports.submitted")}
        </p>
      ) : null}
      {params.get("removed") === "1" && !answer ? (
        <p className="notice" role="status">
          {t("reports.documents.removed")}
        </p>
      ) : null}
      {report.overdue ? <p className="notice notice--warning">{t("reports.overdueHint")}</p> : null}
      {report.state === "changes_requested" ? (
        <section className="notice notice--warning" aria-labelledby="changes-title" data-change-request>
          <h2 id="changes-title">{t("reports.changes.title")}</h2>
          {d.changeReason ? <p>{t("reports.changes.reason", { reason: d.changeReason })}</p> : null}
          <p>{t("reports.changes.intro")}</p>
        </section>
      ) : null}

      {d.editable ? (
        <>
          {failed?.refused ? <p className="notice notice--warning">{t("reports.submit.refused")}</p> : null}
          <ErrorSummary errors={failed && !failed.conflict ? failed.fieldErrors : undefined} />
          <AutosaveForm
            key={`report-${version}`}
            version={version}
            timeZone="UTC"
            initialStatus={failed?.conflict ? "conflict" : failed?.fieldErrors && !failed.refused ? "invalid" : null}
            onFieldErrors={setAutosaveErrors}
          >
            {parts(true)}
            <section className="card" aria-labelledby="submit-title">
              <h2 id="submit-title">{t("reports.submit.title")}</h2>
              <p>{t("reports.submit.intro")}</p>
              {d.missing.length > 0 ? (
                <>
                  <p>{t("reports.submit.missing")}</p>
                  <ul data-missing>
                    {d.missing.map((m) => (
                      <li key={m.field}>
                        <a href={`#${fieldId(m.field)}`}>{m.message}</a>
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p>{t("reports.submit.ready")}</p>
              )}
              <button type="submit" name="intent" value="submit" className="button">
                {t("reports.submit.button")}
              </button>
            </section>
          </AutosaveForm>
        </>
      ) : (
        <>
          <p className="notice">{t("reports.readOnly")}</p>
          {parts(false)}
        </>
      )}
    </article>
  );
}
