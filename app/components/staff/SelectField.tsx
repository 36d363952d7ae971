// A labelled <select> with its error text wired up for screen readers, like Field.
import type { SelectHTMLAttributes } from "react";
import { optionsMarkup } from "~/components/options-markup.ts";
import { useT } from "~/utils/i18n.ts";
import { fieldId } from "../Field.tsx";

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name" | "multiple" | "children" | "dangerouslySetInnerHTML" | "defaultValue" | "value"> {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  errors?: readonly string[];
  defaultValue?: string;
  value?: string;
}

export function SelectField({ name, label, options, errors, ...select }: SelectFieldProps) {
  const t = useT();
  const id = fieldId(name);
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className={errors?.length ? "field field--error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {errorId ? (
        <p id={errorId} className="field__error">
          {t.maybe(errors![0]!)}
        </p>
      ) : null}
      <select id={id} name={name} aria-invalid={errorId ? true : undefined} aria-describedby={errorId} {...select} dangerouslySetInnerHTML={optionsMarkup(options, select.value ?? select.defaultValue ?? "")} />
    </div>
  );
}
