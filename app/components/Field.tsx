// A labelled form field with its hint and error text wired up for screen readers. Error
// messages may be i18n keys (from shared zod schemas) or words; keys are translated.
import type { InputHTMLAttributes } from "react";
import { useT } from "~/utils/i18n.ts";

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> {
  name: string;
  label: string;
  hint?: string;
  /** Messages for this field; the first is shown (the most basic problem: "required" before "format"). */
  errors?: readonly string[];
}

export function fieldId(name: string): string {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

export function Field({ name, label, hint, errors, type = "text", ...input }: FieldProps) {
  const t = useT();
  const id = fieldId(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={errors?.length ? "field field--error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="field__error">
          {t.maybe(errors![0]!)}
        </p>
      ) : null}
      <input id={id} name={name} type={type} aria-invalid={errorId ? true : undefined} aria-describedby={describedBy} {...input} />
    </div>
  );
}
