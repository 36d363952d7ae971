// The assessor's scoring form: one whole-number score and one justification per criterion of
// the stage's grid (sections carried from the concept note are shown, not scored), the
// weighted total recomputed as they type (weightedTotals, the same function the server
// stores the total with), a draft saved a moment after each change (useAutosave, as AutosaveForm),
// and the Save draft / Submit evaluation buttons that work without JavaScript too.
import { Form } from "@remix-run/react";
import { useCallback, useMemo, useState, type ChangeEvent } from "react";
import type { GridDefinition } from "~/modules/calls/grid.ts";
import { CONFLICT_REASON_MAX, justificationField, scoreField, scoresFromForm } from "~/modules/evaluation/scoring-schema.ts";
import { MAX_JUSTIFICATION_LENGTH, weightedTotals } from "~/modules/evaluation/scoring.ts";
import { pick, useT } from "~/utils/i18n.ts";
import { AutosaveStatus, useAutosave, type AutosaveTexts } from "./AutosaveForm.tsx";
import { ErrorSummary } from "./ErrorSummary.tsx";
import { fieldId } from "./Field.tsx";

export interface ScoringFormProps {
  grid: GridDefinition;
  /** Field name → typed value (`score.<code>`, `justification.<code>`). */
  values: Record<string, string>;
  errors?: Record<string, string[]>;
  version: number;
  timeZone: string;
  /** A save was refused because the evaluation changed elsewhere. */
  conflict?: boolean;
  busy?: boolean;
}

const SCORING_TEXTS: AutosaveTexts = {
  saved: "assessing.autosave.saved",
  saving: "assessing.autosave.saving",
  unsaved: "assessing.autosave.unsaved",
  conflict: "assessing.autosave.conflict",
  failed: "assessing.autosave.failed",
  conflictNotice: "assessing.score.conflict",
  reload: "assessing.score.reload",
};

export function ScoringForm({ grid, values: initialValues, errors, version: initialVersion, timeZone, conflict = false, busy = false }: ScoringFormProps) {
  const t = useT();
  // The page is not remounted after Save draft or a refused Submit: the form follows the page's
  // newer version and conflict. A refused autosave is "failed" (the grid's errors come on submit),
  // and nothing is sent when the form goes away after a submit.
  const autosave = useAutosave({ version: initialVersion, initialStatus: conflict ? "conflict" : null, reportInvalid: false, flushOnUnmount: false, followProps: true });
  const { changed: autosaveChanged } = autosave;
  const [values, setValues] = useState(initialValues);

  const totals = useMemo(() => weightedTotals(grid, scoresFromForm(grid, values)), [grid, values]);
  const sectionPoints = new Map(totals.sections.map((s) => [s.code, s]));

  const changed = useCallback(
    (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      const { name, value } = event.target;
      setValues((v) => (v[name] === value ? v : { ...v, [name]: value }));
      autosaveChanged();
    },
    [autosaveChanged],
  );

  const labels: Record<string, string> = {};
  for (const section of grid.sections) {
    for (const c of section.criteria) {
      labels[scoreField(c.code)] = t("assessing.score.scoreLabel", { code: c.code, name: pick(c, "name", t.locale) });
      labels[justificationField(c.code)] = t("assessing.score.justificationLabel", { code: c.code });
    }
  }

  return (
    <Form method="post" ref={autosave.formRef} className="form scoring-form" noValidate>
      <input type="hidden" name="version" value={autosave.version} />
      <ErrorSummary errors={errors} labels={labels} />
      {errors && Object.keys(errors).some((k) => k !== "form") ? <p className="notice notice--warning">{t("assessing.score.fixProblems")}</p> : null}
      <AutosaveStatus status={autosave.status} timeZone={timeZone} texts={SCORING_TEXTS} />

      {grid.sections.map((section) => {
        const headingId = `section-${section.code.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
        const points = sectionPoints.get(section.code);
        return (
          <fieldset key={section.code} className="card scoring-section" aria-labelledby={headingId}>
            <legend className="visually-hidden">{`${section.code} ${pick(section, "name", t.locale)}`}</legend>
            <h3 id={headingId}>
              {section.code} {pick(section, "name", t.locale)}
            </h3>
            {section.carriedFromConceptNote ? (
              <>
                <p className="muted">{t("assessing.score.carried")}</p>
                <ul>
                  {section.criteria.map((c) => (
                    <li key={c.code}>
                      {c.code} {pick(c, "name", t.locale)}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <>
                {points ? <p className="muted" data-section-points={section.code}>{t("assessing.score.sectionPoints", { points: points.points, max: points.max })}</p> : null}
                {section.criteria.map((c) => (
                  <AssessCriterion
                    key={c.code}
                    code={c.code}
                    max={c.max}
                    weight={c.weight}
                    scoreLabel={labels[scoreField(c.code)] ?? c.code}
                    justificationLabel={labels[justificationField(c.code)] ?? c.code}
                    score={values[scoreField(c.code)] ?? ""}
                    justification={values[justificationField(c.code)] ?? ""}
                    scoreErrors={errors?.[scoreField(c.code)]}
                    justificationErrors={errors?.[justificationField(c.code)]}
                    onChange={changed}
                  />
                ))}
              </>
            )}
          </fieldset>
        );
      })}

      <p className="stat scoring-total" aria-live="polite" data-total={totals.total}>
        <strong>{t("assessing.score.total", { total: totals.total, max: totals.max })}</strong>
      </p>
      <p className="field__hint">{t("assessing.score.submitHint")}</p>
      <p className="form-actions">
        <button type="submit" name="intent" value="save" className="button button--secondary" disabled={busy}>
          {t("assessing.score.save")}
        </button>{" "}
        <button type="submit" name="intent" value="submit" className="button" disabled={busy}>
          {t("assessing.score.submit")}
        </button>
      </p>
    </Form>
  );
}

interface AssessCriterionProps {
  code: string;
  max: number;
  weight: number;
  scoreLabel: string;
  justificationLabel: string;
  score: string;
  justification: string;
  scoreErrors?: string[];
  justificationErrors?: string[];
  onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
}

function AssessCriterion({ code, max, weight, scoreLabel, justificationLabel, score, justification, scoreErrors, justificationErrors, onChange }: AssessCriterionProps) {
  const t = useT();
  const sName = scoreField(code);
  const jName = justificationField(code);
  const sId = fieldId(sName);
  const jId = fieldId(jName);
  const hint = `${t("assessing.score.scoreHint", { max })}${weight !== 1 ? ` ${t("assessing.score.weighted", { weight })}` : ""}`;
  return (
    <div className="scoring-criterion" data-criterion={code}>
      <div className={scoreErrors?.length ? "field field--error" : "field"}>
        <label htmlFor={sId}>{scoreLabel}</label>
        <p id={`${sId}-hint`} className="field__hint">
          {hint}
        </p>
        {scoreErrors?.length ? (
          <p id={`${sId}-error`} className="field__error">
            {t.maybe(scoreErrors[0]!)}
          </p>
        ) : null}
        <input
          id={sId}
          name={sName}
          type="number"
          inputMode="numeric"
          min={1}
          max={max}
          step={1}
          value={score}
          onChange={onChange}
          className="input--short"
          aria-invalid={scoreErrors?.length ? true : undefined}
          aria-describedby={scoreErrors?.length ? `${sId}-hint ${sId}-error` : `${sId}-hint`}
        />
      </div>
      <div className={justificationErrors?.length ? "field field--error" : "field"}>
        <label htmlFor={jId}>{justificationLabel}</label>
        {justificationErrors?.length ? (
          <p id={`${jId}-error`} className="field__error">
            {t.maybe(justificationErrors[0]!)}
          </p>
        ) : null}
        <textarea
          id={jId}
          name={jName}
          rows={4}
          maxLength={MAX_JUSTIFICATION_LENGTH}
          value={justification}
          onChange={onChange}
          aria-invalid={justificationErrors?.length ? true : undefined}
          aria-describedby={justificationErrors?.length ? `${jId}-error` : undefined}
        />
      </div>
    </div>
  );
}

/** The conflict-of-interest form: a required reason, posted to the evaluation's page. */
export function AssessConflictForm({ action, errors, value = "", busy = false, idPrefix = "conflict" }: { action?: string; errors?: string[]; value?: string; busy?: boolean; idPrefix?: string }) {
  const t = useT();
  const id = `${idPrefix}-reason`;
  return (
    <Form method="post" action={action} className="form">
      <input type="hidden" name="intent" value="conflict" />
      <div className={errors?.length ? "field field--error" : "field"}>
        <label htmlFor={id}>{t("assessing.conflict.reason")}</label>
        <p id={`${id}-hint`} className="field__hint">
          {t("assessing.conflict.reasonHint")}
        </p>
        {errors?.length ? (
          <p id={`${id}-error`} className="field__error">
            {t.maybe(errors[0]!)}
          </p>
        ) : null}
        <textarea
          id={id}
          name="reason"
          rows={3}
          required
          maxLength={CONFLICT_REASON_MAX}
          defaultValue={value}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={errors?.length ? `${id}-hint ${id}-error` : `${id}-hint`}
        />
      </div>
      <button type="submit" className="button button--secondary" disabled={busy}>
        {t("assessing.conflict.submit")}
      </button>
    </Form>
  );
}
