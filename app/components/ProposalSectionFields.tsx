// The fields of one proposal section. Values are the form's own shape (strings; rows as
// lists), from the stored draft or from what was just posted, so a refused save shows exactly
// what was typed. Names follow proposal-schema.ts: "lines.0.unitCost", repeated checkboxes.
import type { ReactNode } from "react";
import { BUDGET_HEADINGS } from "~/modules/applications/budget.ts";
import { useT, type MessageKey } from "~/utils/i18n.ts";
import { fieldId } from "./Field.tsx";

export interface Option {
  code: string;
  name: string;
}

export interface SectionOptions {
  domains: Option[];
  cadiz: Option[];
  countries: Option[];
  types: Option[];
  organisations: Option[];
}

export interface SectionLimits {
  minDurationMonths: number;
  maxDurationMonths: number;
}

type Values = Record<string, unknown>;
type Errors = Record<string, readonly string[]>;

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : typeof v === "string" && v !== "" ? [v] : []);
const rows = (v: unknown): Values[] => (Array.isArray(v) ? v.filter((x): x is Values => typeof x === "object" && x !== null) : []);

function ErrorText({ name, errors }: { name: string; errors: Errors }) {
  const t = useT();
  const e = errors[name];
  return e?.length ? (
    <p id={`${fieldId(name)}-error`} className="field__error">
      {t.maybe(e[0]!)}
    </p>
  ) : null;
}

function TextField({ name, label, values, errors, multiline, hint, type = "text", inputMode }: { name: string; label: string; values: Values; errors: Errors; multiline?: boolean; hint?: string; type?: string; inputMode?: "numeric" | "decimal" }) {
  const id = fieldId(name);
  const value = str(values[name.split(".").pop()!]);
  const invalid = !!errors[name]?.length;
  const describedBy = [hint ? `${id}-hint` : "", invalid ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={invalid ? "field field--error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      <ErrorText name={name} errors={errors} />
      {multiline ? (
        <textarea id={id} name={name} defaultValue={value} rows={6} aria-invalid={invalid || undefined} aria-describedby={describedBy} />
      ) : (
        <input id={id} name={name} type={type} inputMode={inputMode} defaultValue={value} aria-invalid={invalid || undefined} aria-describedby={describedBy} />
      )}
    </div>
  );
}

function Checkboxes({ name, legend, options, values, errors }: { name: string; legend: string; options: Option[]; values: Values; errors: Errors }) {
  const chosen = strs(values[name]);
  return (
    <fieldset className={errors[name]?.length ? "field field--error" : "field"} id={fieldId(name)}>
      <legend>{legend}</legend>
      <ErrorText name={name} errors={errors} />
      {options.map((o) => (
        <label key={o.code} className="checkbox">
          <input type="checkbox" name={name} value={o.code} defaultChecked={chosen.includes(o.code)} /> {o.name}
        </label>
      ))}
    </fieldset>
  );
}

function Select({ name, label, options, value, errors, multiple, hint }: { name: string; label: string; options: Option[]; value: string | string[]; errors: Errors; multiple?: boolean; hint?: string }) {
  const t = useT();
  const id = fieldId(name);
  return (
    <div className={errors[name]?.length ? "field field--error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? <p className="field__hint">{hint}</p> : null}
      <ErrorText name={name} errors={errors} />
      <select id={id} name={name} defaultValue={value} multiple={multiple} size={multiple ? 8 : undefined}>
        {multiple ? null : <option value="">{t("proposals.edit.choose")}</option>}
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Existing rows and one empty row to fill (save for another). */
function withBlank(list: Values[]): Values[] {
  return [...list, {}];
}

export function ProposalSectionFields({ section, values, options, errors, limits }: { section: string; values: Values; options: SectionOptions; errors: Errors; limits: SectionLimits }) {
  const t = useT();
  const f = (key: string) => t(`proposals.field.${key}` as MessageKey);
  let body: ReactNode = null;
  switch (section) {
    case "summary":
      body = (
        <>
          <TextField name="title" label={f("title")} values={values} errors={errors} />
          <TextField name="summary" label={f("summary")} values={values} errors={errors} multiline />
          <TextField name="objectives" label={f("objectives")} values={values} errors={errors} multiline />
          <TextField name="durationMonths" label={f("durationMonths")} values={values} errors={errors} inputMode="numeric" hint={t("proposals.field.durationHint", { min: limits.minDurationMonths, max: limits.maxDurationMonths })} />
        </>
      );
      break;
    case "domains":
      body = (
        <>
          <Checkboxes name="jvapDomainCodes" legend={f("jvapDomainCodes")} options={options.domains} values={values} errors={errors} />
          {options.cadiz.length > 0 ? <Checkboxes name="cadizObjectiveCodes" legend={f("cadizObjectiveCodes")} options={options.cadiz} values={values} errors={errors} /> : null}
        </>
      );
      break;
    case "countries":
      body = <Select name="targetCountryCodes" label={f("targetCountryCodes")} options={options.countries} value={strs(values.targetCountryCodes)} errors={errors} multiple hint={t("proposals.field.targetCountriesHint")} />;
      break;
    case "partners":
      body = (
        <>
          {withBlank(rows(values.partners)).map((p, i) => (
            <fieldset key={i} className="proposal-row">
              <legend>{t("proposals.field.partner", { n: i + 1 })}</legend>
              <fieldset>
                <legend>{f("partnerKind")}</legend>
                <label className="radio">
                  <input type="radio" name={`partners.${i}.kind`} value="registered" defaultChecked={str(p.kind) === "registered"} /> {f("partnerRegistered")}
                </label>
                <label className="radio">
                  <input type="radio" name={`partners.${i}.kind`} value="invited" defaultChecked={str(p.kind) !== "registered"} /> {f("partnerInvited")}
                </label>
              </fieldset>
              <Select name={`partners.${i}.organisationId`} label={f("partnerOrganisation")} options={options.organisations} value={str(p.organisationId)} errors={errors} />
              <TextField name={`partners.${i}.name`} label={f("partnerName")} values={p} errors={errors} />
              <TextField name={`partners.${i}.email`} label={f("partnerEmail")} values={p} errors={errors} type="email" />
              <Select name={`partners.${i}.countryCode`} label={f("partnerCountry")} options={options.countries} value={str(p.countryCode)} errors={errors} />
              <Select name={`partners.${i}.typeCode`} label={f("partnerType")} options={options.types} value={str(p.typeCode)} errors={errors} />
            </fieldset>
          ))}
          <p className="muted small">{t("proposals.edit.addRowHint")}</p>
        </>
      );
      break;
    case "logframe":
      body = (
        <>
          <TextField name="overallObjective" label={f("overallObjective")} values={values} errors={errors} multiline />
          <TextField name="specificObjectives" label={f("specificObjectives")} values={values} errors={errors} multiline />
          <TextField name="results" label={f("results")} values={values} errors={errors} multiline />
          <TextField name="activities" label={f("activities")} values={values} errors={errors} multiline />
          <h2>{f("indicators")}</h2>
          {withBlank(rows(values.indicators)).map((row, i) => (
            <fieldset key={i} className="proposal-row proposal-row--inline">
              <legend>
                {f("indicator")} {i + 1}
              </legend>
              <TextField name={`indicators.${i}.description`} label={f("indicator")} values={row} errors={errors} />
              <TextField name={`indicators.${i}.baseline`} label={f("baseline")} values={row} errors={errors} />
              <TextField name={`indicators.${i}.target`} label={f("target")} values={row} errors={errors} />
              <TextField name={`indicators.${i}.source`} label={f("source")} values={row} errors={errors} />
            </fieldset>
          ))}
          <p className="muted small">{t("proposals.edit.addRowHint")}</p>
        </>
      );
      break;
    case "workplan": {
      const months = Array.from({ length: Math.max(1, limits.maxDurationMonths) }, (_, i) => i + 1);
      body = (
        <>
          <p className="field__hint">{t("proposals.field.workplanHint")}</p>
          <div className="table-wrap" role="region" aria-label={t("proposals.section.workplan")} tabIndex={0}>
            <table className="workplan">
              <thead>
                <tr>
                  <th scope="col">{f("activity")}</th>
                  {months.map((m) => (
                    <th key={m} scope="col" className="num">
                      {m}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {withBlank(rows(values.activities)).map((row, i) => {
                  const chosen = strs(row.months);
                  return (
                    <tr key={i}>
                      <td>
                        <label className="visually-hidden" htmlFor={fieldId(`activities.${i}.name`)}>
                          {f("activity")} {i + 1}
                        </label>
                        <input id={fieldId(`activities.${i}.name`)} name={`activities.${i}.name`} defaultValue={str(row.name)} />
                        <ErrorText name={`activities.${i}.name`} errors={errors} />
                        <ErrorText name={`activities.${i}.months`} errors={errors} />
                      </td>
                      {months.map((m) => (
                        <td key={m} className="num">
                          <input type="checkbox" name={`activities.${i}.months`} value={String(m)} defaultChecked={chosen.includes(String(m))} aria-label={`${f("activity")} ${i + 1}: ${t("proposals.field.month", { n: m })}`} />
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="muted small">{t("proposals.edit.addRowHint")}</p>
        </>
      );
      break;
    }
    case "budget": {
      const headings = BUDGET_HEADINGS.map((h) => ({ code: h, name: t(`proposals.heading.${h}` as MessageKey) }));
      body = (
        <>
          <ErrorText name="lines" errors={errors} />
          {withBlank(rows(values.lines)).map((row, i) => (
            <fieldset key={i} className="proposal-row proposal-row--inline" data-budget-line={i}>
              <legend>
                {t("proposals.section.budget")} {i + 1}
              </legend>
              <Select name={`lines.${i}.heading`} label={f("heading")} options={headings} value={str(row.heading)} errors={errors} />
              <TextField name={`lines.${i}.description`} label={f("description")} values={row} errors={errors} />
              <TextField name={`lines.${i}.units`} label={f("units")} values={row} errors={errors} inputMode="numeric" />
              <TextField name={`lines.${i}.unitCost`} label={f("unitCost")} values={row} errors={errors} inputMode="decimal" />
            </fieldset>
          ))}
          <p className="muted small">{t("proposals.edit.addRowHint")}</p>
          <TextField name="requestedAmount" label={f("requestedAmount")} values={values} errors={errors} inputMode="decimal" hint={t("proposals.field.moneyHint")} />
        </>
      );
      break;
    }
    case "indicative":
      body = (
        <>
          <TextField name="totalCost" label={f("totalCost")} values={values} errors={errors} inputMode="decimal" hint={t("proposals.field.moneyHint")} />
          <TextField name="requestedAmount" label={f("requestedAmount")} values={values} errors={errors} inputMode="decimal" hint={t("proposals.field.moneyHint")} />
        </>
      );
      break;
  }
  return <div className="proposal-fields">{body}</div>;
}
