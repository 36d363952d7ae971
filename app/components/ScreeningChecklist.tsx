// The administrative checklist: per item the answer suggested from the data and the grant
// manager's yes / no / not applicable (pre-selected with the suggestion), and a note.
import { Form } from "@remix-run/react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { fieldId } from "~/components/Field.tsx";
import { CHECK_ANSWERS, NOTE_MAX, itemField } from "~/modules/applications/screening-schema.ts";
import { useT } from "~/utils/i18n.ts";

export interface ScreeningChecklistItem {
  code: string;
  label: string;
  auto: "yes" | "no" | null;
  /** The answer shown selected: the stored one, else the suggestion; "" for none. */
  value: string;
}

interface Props {
  items: readonly ScreeningChecklistItem[];
  note: string;
  version: number;
  editable: boolean;
  errors?: Record<string, string[]>;
  busy?: boolean;
}

export function ScreeningChecklist({ items, note, version, editable, errors, busy }: Props) {
  const t = useT();
  const answerLabel = (a: string) => t(a === "yes" ? "screening.answer.yes" : a === "no" ? "screening.answer.no" : "screening.answer.n/a");
  return (
    <section aria-labelledby="checklist-title" className="card">
      <h2 id="checklist-title">{t("screening.checklist.title")}</h2>
      <p className="muted">{editable ? t("screening.checklist.intro") : t("screening.checklist.closed")}</p>
      <ErrorSummary errors={errors} />
      <Form method="post" className="form">
        <input type="hidden" name="intent" value="checklist" />
        <input type="hidden" name="version" value={version} />
        {items.map((item) => {
          const name = itemField(item.code);
          const error = errors?.[name]?.[0];
          return (
            <fieldset key={item.code} id={fieldId(name)} className={error ? "field field--error" : "field"} disabled={!editable} data-item={item.code}>
              <legend>{item.label}</legend>
              <p className="field__hint">{item.auto ? t("screening.checklist.suggested", { answer: answerLabel(item.auto) }) : t("screening.checklist.noSuggestion")}</p>
              {error ? <p className="field__error">{t.maybe(error)}</p> : null}
              <div className="choices" style={{ display: "flex", gap: "1.5rem", flexWrap: "wrap" }}>
                {CHECK_ANSWERS.map((a) => (
                  <label key={a} className="choice">
                    <input type="radio" name={name} value={a} defaultChecked={item.value === a} /> {answerLabel(a)}
                  </label>
                ))}
              </div>
            </fieldset>
          );
        })}
        <div className="field">
          <label htmlFor="field-note">{t("screening.checklist.note")}</label>
          <textarea id="field-note" name="note" rows={3} maxLength={NOTE_MAX} defaultValue={note} disabled={!editable} />
        </div>
        {editable ? (
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t("screening.checklist.save")}
          </button>
        ) : null}
      </Form>
    </section>
  );
}
