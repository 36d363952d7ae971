// /assess/:evaluationId (evaluators): one proposal to score. The proposal as frozen at
// submission (anonymised when the call is blind) with its documents, the stage's grid with a
// score and a justification per criterion, the weighted total as they type, a draft saved
// as they type, Save draft, Submit evaluation, and the declaration of a conflict of interest.
// Only the assessor's own evaluation, still theirs, after they signed the call's declaration
// (before that, they are sent to sign it); anything else is "not found".
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { Fact } from "~/components/Facts.tsx";
import { ProposalCopy } from "~/components/ProposalCopy.tsx";
import { AssessConflictForm, ScoringForm } from "~/components/ScoringForm.tsx";
import { StatusBadge } from "~/components/StatusBadge.tsx";
import { requireUser, toActor } from "~/modules/auth/session.server.ts";
import { DeclarationRequired, declareConflict, getScoringPage, requireAssessor, saveDraft, submitEvaluation } from "~/modules/evaluation/assessor.server.ts";
import { ConflictSchema, ScoringIntentSchema, scoresToFormValues } from "~/modules/evaluation/scoring-schema.ts";
import { scoredSections, weightedTotals } from "~/modules/evaluation/scoring.ts";
import { appOrigin } from "~/modules/organisations/links.server.ts";
import stylesheet from "~/styles/proposal.css?url";
import { isAppError } from "~/utils/errors.ts";
import { formatDateTime } from "~/utils/format.ts";
import { localeFromMatches, pageTitle, pick, translator, useT } from "~/utils/i18n.ts";
import { resolveLocale } from "~/utils/locale.server.ts";
import { clientAddress } from "~/utils/request.server.ts";
import { handle, parseWith, readForm } from "~/utils/route.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => {
  const locale = localeFromMatches(matches);
  return [{ title: pageTitle(locale, d ? `${d.proposal.reference} ${d.proposal.title}` : undefined) }];
};

// An autosave answers the fetcher; the page keeps what is typed, so nothing needs reloading.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "autosave" ? false : defaultShouldRevalidate;

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireAssessor(actor);
  const locale = resolveLocale(request, user);
  const t = translator(locale);
  const id = params.evaluationId ?? "";
  try {
    return await getScoringPage(actor, id, locale, { partner: (n) => t("assessing.score.partnerHidden", { n }) });
  } catch (error) {
    if (error instanceof DeclarationRequired) {
      throw redirect(`/assess/calls/${error.callId}/declaration?next=${encodeURIComponent(`/assess/${id}`)}`);
    }
    throw error;
  }
});

type Values = Record<string, string>;

function formValues(form: FormData): Values {
  const values: Values = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && key !== "intent" && key !== "version") values[key] = value;
  return values;
}

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  const actor = toActor(user);
  requireAssessor(actor);
  const id = params.evaluationId ?? "";
  const form = await readForm(request);
  const meta = { ipAddress: clientAddress(request) };
  const values = formValues(form);
  const head = parseWith(form, ScoringIntentSchema);
  if (!head.ok) return data({ ok: false as const, form: "scores" as const, fieldErrors: { form: ["errors.badForm"] }, values }, { status: 400 });
  const { intent } = head.data;

  if (intent === "conflict") {
    const parsed = parseWith(form, ConflictSchema);
    if (!parsed.ok) return data({ ok: false as const, form: "conflict" as const, fieldErrors: parsed.fieldErrors, values }, { status: 400 });
    try {
      await declareConflict(actor, id, parsed.data.reason, { ...meta, origin: appOrigin(request) });
    } catch (error) {
      if (isAppError(error) && error.code === "transition_refused") {
        return data({ ok: false as const, form: "conflict" as const, fieldErrors: { reason: ["assessing.score.notEditable"] }, values }, { status: 422 });
      }
      throw error;
    }
    return redirect("/assess?conflict=1");
  }

  const version = head.data.version;
  if (version === undefined) return data({ ok: false as const, form: "scores" as const, fieldErrors: { form: ["errors.badForm"] }, values }, { status: 400 });
  try {
    if (intent === "autosave") {
      const saved = await saveDraft(actor, id, values, version, meta);
      return { ok: true as const, version: saved.version, savedAt: saved.savedAt };
    }
    if (intent === "save") {
      await saveDraft(actor, id, values, version, meta);
      return redirect(`/assess/${id}?saved=1`);
    }
    const result = await submitEvaluation(actor, id, values, version, meta);
    if (!result.ok) return data({ ok: false as const, form: "scores" as const, fieldErrors: result.fieldErrors, values, version: result.version }, { status: 400 });
    return redirect(`/assess/${id}?submitted=1`);
  } catch (error) {
    if (isAppError(error) && error.code === "conflict") {
      return data({ ok: false as const, form: "scores" as const, conflict: true, fieldErrors: { form: [error.message] }, values }, { status: 409 });
    }
    if (isAppError(error) && error.code === "transition_refused") {
      return data({ ok: false as const, form: "scores" as const, fieldErrors: { form: [error.message] }, values }, { status: 422 });
    }
    throw error;
  }
});

export default function ScoreProposal() {
  const page = useLoaderData<typeof loader>();
  const { evaluation, call, grid, proposal, organisation, partners, documents } = page;
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const t = useT();
  const busy = navigation.state === "submitting";
  const failed = answer && !answer.ok ? answer : null;
  const scoreErrors = failed?.form === "scores" ? failed.fieldErrors : undefined;
  const conflictErrors = failed?.form === "conflict" ? failed.fieldErrors.reason : undefined;
  const values = failed?.form === "scores" ? failed.values : scoresToFormValues(evaluation.scores);
  const actionVersion = failed && "version" in failed && typeof failed.version === "number" ? failed.version : 0;
  const totals = weightedTotals(grid, evaluation.scores);
  const hasGrid = scoredSections(grid).length > 0;
  return (
    <article aria-labelledby="proposal-title" className="assess-page">
      <p className="breadcrumb">
        <Link to="/assess">← {t("assessing.score.back")}</Link>
      </p>
      <header className="page-header">
        <p className="muted">
          {proposal.reference} · {t("assessing.score.stageOfCall", { stage: t(`assessing.stage.${evaluation.stage}`), reference: call.reference })}
        </p>
        <h1 id="proposal-title">{proposal.title}</h1>
        <StatusBadge state={evaluation.state} label={evaluation.stateLabel} />
      </header>

      {params.get("submitted") === "1" && evaluation.state === "submitted" ? (
        <p className="notice" role="status">
          {t("assessing.score.submitted")}
        </p>
      ) : null}
      {params.get("saved") === "1" && !answer ? (
        <p className="notice" role="status">
          {t("assessing.score.saved")}
        </p>
      ) : null}
      {evaluation.returnReason ? (
        <p className="notice notice--warning" role="note">
          {t("assessing.score.returned", { reason: evaluation.returnReason })}
        </p>
      ) : null}
      {call.blindReview ? <p className="notice">{t("assessing.score.blind")}</p> : null}

      <section aria-labelledby="applicant-title" className="card">
        <h2 id="applicant-title">{t("assessing.score.applicant")}</h2>
        <dl className="facts">
          <Fact label={t("assessing.score.orgName")}>{organisation.name ? (organisation.acronym ? `${organisation.name} (${organisation.acronym})` : organisation.name) : <span className="muted">{t("assessing.score.orgHidden")}</span>}</Fact>
          <Fact label={t("assessing.score.orgType")}>{organisation.type}</Fact>
          <Fact label={t("assessing.score.orgCountry")}>{organisation.country}</Fact>
        </dl>
        <h3>{t("assessing.score.partners")}</h3>
        {partners.length === 0 ? (
          <p className="muted">{t("assessing.score.noPartners")}</p>
        ) : (
          <ul>
            {partners.map((p, i) => (
              <li key={p.id}>
                {p.name ?? t("assessing.score.partnerHidden", { n: i + 1 })} ({p.country}, {p.type})
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="content-title" className="card">
        <h2 id="content-title">{t("assessing.score.proposal")}</h2>
        <ProposalCopy content={proposal.content} names={proposal.names} />
      </section>

      <section aria-labelledby="docs-title" className="card">
        <h2 id="docs-title">{t("assessing.score.documents")}</h2>
        {documents.length === 0 ? (
          <p className="muted">{t("assessing.score.noDocuments")}</p>
        ) : (
          <ul className="doc-list">
            {documents.map((d) => (
              <li key={d.id}>
                <span className="doc-list__name">{d.requirement}</span>{" "}
                <a href={`/assess/${evaluation.id}/documents/${d.id}`} aria-label={t("assessing.score.download", { filename: d.filename })}>
                  {d.filename}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="scores-title">
        <h2 id="scores-title">{t("assessing.score.grid")}</h2>
        {!hasGrid ? (
          <p className="notice notice--warning">{t("assessing.score.noGrid")}</p>
        ) : evaluation.editable ? (
          <>
            <p className="field__hint">{t("assessing.score.gridIntro")}</p>
            <ScoringForm
              grid={grid}
              values={values}
              errors={scoreErrors}
              version={Math.max(evaluation.version, actionVersion)}
              timeZone={call.timeZone}
              conflict={!!(failed && "conflict" in failed && failed.conflict)}
              busy={busy}
            />
          </>
        ) : (
          <>
            {evaluation.submittedAt ? <p className="notice">{t("assessing.score.readOnly", { date: formatDateTime(evaluation.submittedAt, t.locale, call.timeZone) })}</p> : null}
            <AssessReadOnlyScores grid={grid} scores={evaluation.scores} />
            <p className="stat">
              <strong>{t("assessing.score.totalSubmitted", { total: evaluation.total ?? totals.total, max: totals.max })}</strong>
            </p>
          </>
        )}
      </section>

      {evaluation.canDeclareConflict ? (
        <section aria-labelledby="conflict-title" className="card">
          <h2 id="conflict-title">{t("assessing.conflict.title")}</h2>
          <p>{t("assessing.conflict.intro")}</p>
          <AssessConflictForm errors={conflictErrors} value={failed?.form === "conflict" ? (failed.values.reason ?? "") : ""} busy={busy} />
        </section>
      ) : null}
    </article>
  );
}

function AssessReadOnlyScores({ grid, scores }: { grid: ReturnType<typeof useLoaderData<typeof loader>>["grid"]; scores: Record<string, { score: number | null; justification: string }> }) {
  const t = useT();
  return (
    <div className="table-wrap" role="region" aria-labelledby="scores-title" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("assessing.score.criterion")}</th>
            <th scope="col" className="num">
              {t("assessing.score.score")}
            </th>
            <th scope="col">{t("assessing.score.justification")}</th>
          </tr>
        </thead>
        <tbody>
          {grid.sections.map((section) => [
            <tr key={`s-${section.code}`} className="grid-table__section">
              <th scope="rowgroup" colSpan={3}>
                {section.code} {pick(section, "name", t.locale)}
                {section.carriedFromConceptNote ? ` · ${t("assessing.score.carried")}` : ""}
              </th>
            </tr>,
            ...(section.carriedFromConceptNote
              ? []
              : section.criteria.map((c) => {
                  const entry = scores[c.code];
                  return (
                    <tr key={c.code}>
                      <th scope="row" className="grid-table__criterion">
                        {c.code} {pick(c, "name", t.locale)}
                      </th>
                      <td className="num">{entry?.score != null ? `${entry.score} / ${c.max}${c.weight !== 1 ? ` ×${c.weight}` : ""}` : t("assessing.score.notScored")}</td>
                      <td className="pre-wrap">{entry?.justification ?? ""}</td>
                    </tr>
                  );
                })),
          ])}
        </tbody>
      </table>
    </div>
  );
}
