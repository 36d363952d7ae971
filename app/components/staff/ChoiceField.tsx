// A group of radio buttons with a legend, optional hints per choice, and the group's error
// wired up for screen readers. The first radio carries the field's id, so the error summary's
// link lands on the group.
import { useT } from "~/utils/i18n.ts";
import { fieldId } from "../Field.tsx";

export interface Choice {
  value: string;
  label: string;
  hint?: string;
  lang?: string;
}

export interface ChoiceFieldProps {
  name: string;
  legend: string;
  choices: readonly Choice[];
  defaultValue?: string;
  errors?: readonly string[];
  /** Changes the ids, for two groups of the same name on one page. */
  idPrefix?: string;
}

export function ChoiceField({ name, legend, choices, defaultValue, errors, idPrefix = "" }: ChoiceFieldProps) {
  const t = useT();
  const base = fieldId(`${idPrefix}${name}`);
  const errorId = errors?.length ? `${base}-error` : undefined;
  return (
    <fieldset className={errors?.length ? "field field--error" : "field"} aria-describedby={errorId}>
      <legend>{legend}</legend>
      {errorId ? (
        <p id={errorId} className="field__error">
          {t.maybe(errors![0]!)}
        </p>
      ) : null}
      <div className="choices">
        {choices.map((choice, index) => {
          const id = index === 0 ? base : `${base}-${choice.value}`;
          const hintId = choice.hint ? `${id}-hint` : undefined;
          return (
            <div key={choice.value}>
              <label className="choice" htmlFor={id}>
                <input type="radio" id={id} name={name} value={choice.value} defaultChecked={choice.value === defaultValue} aria-describedby={hintId} aria-invalid={errorId ? true : undefined} />
                <span lang={choice.lang}>{choice.label}</span>
              </label>
              {choice.hint ? (
                <p id={hintId} className="field__hint" style={{ marginLeft: "2rem" }}>
                  {choice.hint}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
