// The organisation profile form, the same for registering and editing (OrganisationSchema
// checks it on the server). After a failed submit it shows what was typed and the errors.
// The countries of origin appear for diaspora organisations (and whenever they have a value
// or an error, so that nothing typed is ever hidden).
import { Form } from "@remix-run/react";
import { useState, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { ErrorSummary } from "~/components/ErrorSummary.tsx";
import { Field, fieldId } from "~/components/Field.tsx";
import { useT } from "~/utils/i18n.ts";
import { DIASPORA_TYPE, FIRST_YEAR_FOUNDED, ORIGIN_FIELD } from "./schemas.ts";

export interface FormChoice {
  code: string;
  name: string;
}

type FieldErrorMap = Record<string, readonly string[]> | undefined;

function describedBy(name: string, hint: boolean, error: boolean): string | undefined {
  const id = fieldId(name);
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

function FieldShell({ name, label, hint, errors, children }: { name: string; label: string; hint?: string; errors?: readonly string[]; children: ReactNode }) {
  const t = useT();
  const id = fieldId(name);
  return (
    <div className={errors?.length ? "field field--error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="field__error">
          {t.maybe(errors[0]!)}
        </p>
      ) : null}
      {children}
    </div>
  );
}

export function SelectField({
  name,
  label,
  hint,
  errors,
  choices,
  placeholder,
  ...select
}: { name: string; label: string; hint?: string; errors?: readonly string[]; choices: readonly FormChoice[]; placeholder?: string } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name">) {
  return (
    <FieldShell name={name} label={label} hint={hint} errors={errors}>
      <select id={fieldId(name)} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(name, !!hint, !!errors?.length)} {...select}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {choices.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function TextareaField({
  name,
  label,
  hint,
  errors,
  ...textarea
}: { name: string; label: string; hint?: string; errors?: readonly string[] } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name">) {
  return (
    <FieldShell name={name} label={label} hint={hint} errors={errors}>
      <textarea id={fieldId(name)} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(name, !!hint, !!errors?.length)} {...textarea} />
    </FieldShell>
  );
}

export interface OrganisationFormProps {
  types: readonly FormChoice[];
  countries: readonly (FormChoice & { auMember: boolean })[];
  values: Record<string, string>;
  errors: FieldErrorMap;
  submitLabel: string;
  busy: boolean;
  /** Extra buttons or links after the submit button (Cancel). */
  after?: ReactNode;
}

export function OrganisationForm({ types, countries, values, errors, submitLabel, busy, after }: OrganisationFormProps) {
  const t = useT();
  const [typeCode, setTypeCode] = useState(values.typeCode ?? "");
  const origins = new Set((values[ORIGIN_FIELD] ?? "").split(",").filter(Boolean));
  const showOrigins = typeCode === DIASPORA_TYPE || origins.size > 0 || !!errors?.[ORIGIN_FIELD]?.length;
  const labels = {
    legalName: t("organisation.field.legalName"),
    acronym: t("organisation.field.acronym"),
    typeCode: t("organisation.field.type"),
    countryCode: t("organisation.field.country"),
    registrationNumber: t("organisation.field.registrationNumber"),
    yearFounded: t("organisation.field.yearFounded"),
    address: t("organisation.field.address"),
    website: t("organisation.field.website"),
    [ORIGIN_FIELD]: t("organisation.field.originCountries"),
  };
  const originErrors = errors?.[ORIGIN_FIELD];
  const originId = fieldId(ORIGIN_FIELD);
  const au = countries.filter((c) => c.auMember);
  const others = countries.filter((c) => !c.auMember);
  const originGroup = (title: string, list: readonly FormChoice[]) => (
    <div>
      <p style={{ fontWeight: 700, margin: "0.5rem 0" }}>{title}</p>
      <ul className="choices" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {list.map((c) => (
          <li key={c.code}>
            <label className="choice">
              <input type="checkbox" name={ORIGIN_FIELD} value={c.code} defaultChecked={origins.has(c.code)} />
              {c.name}
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
  const currentYear = new Date().getFullYear();
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" noValidate className="form">
        <Field name="legalName" label={labels.legalName} hint={t("organisation.field.legalNameHint")} required maxLength={200} defaultValue={values.legalName ?? ""} errors={errors?.legalName} autoComplete="organization" />
        <Field name="acronym" label={labels.acronym} maxLength={30} defaultValue={values.acronym ?? ""} errors={errors?.acronym} />
        <SelectField
          name="typeCode"
          label={labels.typeCode}
          choices={types}
          placeholder={t("organisation.field.choose")}
          required
          defaultValue={values.typeCode ?? ""}
          errors={errors?.typeCode}
          onChange={(e) => setTypeCode(e.currentTarget.value)}
        />
        <SelectField name="countryCode" label={labels.countryCode} choices={countries} placeholder={t("organisation.field.choose")} required defaultValue={values.countryCode ?? ""} errors={errors?.countryCode} />
        <Field name="registrationNumber" label={labels.registrationNumber} hint={t("organisation.field.registrationNumberHint")} maxLength={100} defaultValue={values.registrationNumber ?? ""} errors={errors?.registrationNumber} />
        <Field
          name="yearFounded"
          label={labels.yearFounded}
          hint={t("organisation.field.yearFoundedHint")}
          inputMode="numeric"
          pattern="[0-9]{4}"
          min={FIRST_YEAR_FOUNDED}
          max={currentYear}
          required
          style={{ maxWidth: "8rem" }}
          defaultValue={values.yearFounded ?? ""}
          errors={errors?.yearFounded}
        />
        <TextareaField name="address" label={labels.address} rows={3} maxLength={500} defaultValue={values.address ?? ""} errors={errors?.address} autoComplete="street-address" />
        <Field name="website" label={labels.website} hint={t("organisation.field.websiteHint")} type="url" inputMode="url" spellCheck={false} maxLength={300} defaultValue={values.website ?? ""} errors={errors?.website} />
        <fieldset
          id={originId}
          className={originErrors?.length ? "field field--error" : "field"}
          hidden={!showOrigins}
          aria-describedby={describedBy(ORIGIN_FIELD, true, !!originErrors?.length)}
          tabIndex={-1}
        >
          <legend>{labels[ORIGIN_FIELD]}</legend>
          <p id={`${originId}-hint`} className="field__hint">
            {t("organisation.field.originCountriesHint")}
          </p>
          {originErrors?.length ? (
            <p id={`${originId}-error`} className="field__error">
              {t.maybe(originErrors[0]!)}
            </p>
          ) : null}
          <div style={{ maxHeight: "20rem", overflowY: "auto", border: "2px solid var(--line-strong)", borderRadius: "var(--radius)", padding: "0 0.75rem 0.75rem", maxWidth: "30rem" }}>
            {originGroup(t("organisation.field.africanUnion"), au)}
            {originGroup(t("organisation.field.otherCountries"), others)}
          </div>
        </fieldset>
        <div style={{ display: "flex", gap: "1rem", alignItems: "center", flexWrap: "wrap" }}>
          <button type="submit" className="button" disabled={busy} aria-disabled={busy}>
            {submitLabel}
          </button>
          {after}
        </div>
      </Form>
    </>
  );
}
