// The fields of the call form, in sections with anchors: basics, scope, eligibility, money,
// duration, procedure and deadlines, required documents, evaluation settings and the grids.
// Field names are those of call-schema.ts; every field shows its own error. The concept-note
// parts show only for restricted calls (they stay in the form, hidden, so nothing is lost).
import { useState, type ReactNode, type TextareaHTMLAttributes } from "react";
import { Field, fieldId } from "~/components/Field.tsx";
import { GridEditor } from "~/components/GridEditor.tsx";
import { documentField, newDocument, type CallFormValues, type DocumentValues, type GridValues } from "~/modules/calls/call-schema.ts";
import type { CallFormOptions, NamedOption } from "~/modules/calls/design.server.ts";
import type { GridField } from "~/modules/calls/grid.ts";
import { timeZoneLabel } from "~/utils/format.ts";
import { useT, type MessageKey } from "~/utils/i18n.ts";

type Errors = Record<string, readonly string[]>;

export const CALL_FORM_SECTIONS = ["basics", "scope", "eligibility", "money", "duration", "procedure", "documents", "evaluation", "grids"] as const;

export interface CallFormProps {
  values: CallFormValues;
  options: CallFormOptions;
  timeZones: readonly string[];
  defaults: Record<GridField, GridValues | null>;
  errors?: Errors;
}

function Section({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <section id={id} className="call-form__section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {intro ? <p className="muted">{intro}</p> : null}
      {children}
    </section>
  );
}

function ErrorText({ id, errors }: { id: string; errors?: readonly string[] }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field__error">
      {t.maybe(errors[0]!)}
    </p>
  );
}

export function CallTextarea({ name, label, hint, errors, ...rest }: { name: string; label: string; hint?: string; errors?: readonly string[] } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id">) {
  const id = fieldId(name);
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={errors?.length ? "field field--error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <ErrorText id={`${id}-error`} errors={errors} />
      <textarea id={id} name={name} aria-describedby={describedBy} aria-invalid={errors?.length ? true : undefined} {...rest} />
    </div>
  );
}

/** A group of checkboxes posting name[]; the first box carries the field's id (for error links). */
function CheckboxGroup({ name, legend, hint, options, selected, errors }: { name: string; legend: string; hint?: string; options: readonly NamedOption[]; selected: readonly string[]; errors?: readonly string[] }) {
  const base = fieldId(name);
  return (
    <fieldset className={errors?.length ? "field field--error" : "field"} aria-describedby={[hint ? `${base}-hint` : null, errors?.length ? `${base}-error` : null].filter(Boolean).join(" ") || undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="field__hint" id={`${base}-hint`}>
          {hint}
        </p>
      ) : null}
      <ErrorText id={`${base}-error`} errors={errors} />
      <div className="choices">
        {options.map((o, i) => {
          const id = i === 0 ? base : `${base}-${o.code.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
          return (
            <label key={o.code} className="choice" htmlFor={id}>
              <input type="checkbox" id={id} name={`${name}[]`} value={o.code} defaultChecked={selected.includes(o.code)} aria-invalid={errors?.length ? true : undefined} />
              <span>{o.name}</span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

function Checkbox({ name, label, hint, checked, errors }: { name: string; label: string; hint?: string; checked: boolean; errors?: readonly string[] }) {
  const id = fieldId(name);
  return (
    <div className={errors?.length ? "field field--error" : "field"}>
      <ErrorText id={`${id}-error`} errors={errors} />
      <label className="choice" htmlFor={id}>
        <input type="checkbox" id={id} name={name} defaultChecked={checked} aria-describedby={hint ? `${id}-hint` : undefined} />
        <span>{label}</span>
      </label>
      {hint ? (
        <p className="field__hint call-hint--indented" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function CallForm({ values, options, timeZones, defaults, errors = {} }: CallFormProps) {
  const t = useT();
  const [procedure, setProcedure] = useState(values.procedure === "RESTRICTED" ? "RESTRICTED" : "OPEN");
  const restricted = procedure === "RESTRICTED";
  const e = (name: string) => errors[name];
  const field = (name: keyof CallFormValues, label: MessageKey, opts: { hint?: MessageKey; numeric?: "decimal" | "numeric"; short?: boolean; type?: string; lang?: string } = {}) => (
    <div className={opts.short ? "call-field--short" : undefined}>
      <Field
        name={name}
        type={opts.type ?? "text"}
        label={t(label)}
        hint={opts.hint ? t(opts.hint) : undefined}
        inputMode={opts.numeric}
        lang={opts.lang}
        defaultValue={String(values[name])}
        errors={e(name)}
      />
    </div>
  );
  const zones = timeZones.includes(values.timeZone) || !values.timeZone ? timeZones : [values.timeZone, ...timeZones];

  return (
    <div className="call-form">
      <Section id="basics" title={t("callDesign.section.basics")}>
        {field("titleEn", "callDesign.field.titleEn", { lang: "en" })}
        {field("titleFr", "callDesign.field.titleFr", { lang: "fr" })}
        <CallTextarea name="descriptionEn" label={t("callDesign.field.descriptionEn")} lang="en" rows={8} defaultValue={values.descriptionEn} errors={e("descriptionEn")} />
        <CallTextarea name="descriptionFr" label={t("callDesign.field.descriptionFr")} lang="fr" rows={8} defaultValue={values.descriptionFr} errors={e("descriptionFr")} />
      </Section>

      <Section id="scope" title={t("callDesign.section.scope")}>
        <CheckboxGroup name="dialogueCodes" legend={t("callDesign.field.dialogues")} hint={t("callDesign.hint.dialogues")} options={options.dialogues} selected={values.dialogueCodes} errors={e("dialogueCodes")} />
        <CheckboxGroup name="jvapDomainCodes" legend={t("callDesign.field.jvapDomains")} hint={t("callDesign.hint.jvapDomains")} options={options.jvapDomains} selected={values.jvapDomainCodes} errors={e("jvapDomainCodes")} />
        <Checkbox
          name="crossCuttingAllowed"
          label={t("callDesign.field.crossCutting")}
          hint={t("callDesign.hint.crossCutting", { themes: options.crossCuttingThemes.map((c) => c.name).join(", ") })}
          checked={values.crossCuttingAllowed}
          errors={e("crossCuttingAllowed")}
        />
        <fieldset className={e("cadizObjectiveCodes")?.length ? "field field--error" : "field"}>
          <legend>{t("callDesign.field.cadiz")}</legend>
          <p className="field__hint">{t("callDesign.hint.cadiz")}</p>
          <ErrorText id={`${fieldId("cadizObjectiveCodes")}-error`} errors={e("cadizObjectiveCodes")} />
          {options.cadizAreas.map((area, ai) => (
            <div key={area.number} className="call-subgroup">
              <p className="call-subgroup__title">{t("callDesign.cadizArea", { number: area.number, name: area.name })}</p>
              <div className="choices">
                {area.objectives.map((o, oi) => {
                  const id = ai === 0 && oi === 0 ? fieldId("cadizObjectiveCodes") : `${fieldId("cadizObjectiveCodes")}-${o.code}`;
                  return (
                    <label key={o.code} className="choice" htmlFor={id}>
                      <input type="checkbox" id={id} name="cadizObjectiveCodes[]" value={o.code} defaultChecked={values.cadizObjectiveCodes.includes(o.code)} />
                      <span>{t("callDesign.cadizObjective", { code: o.code, name: o.name })}</span>
                    </label>
                  );
                })}
              </div>
            </div>
          ))}
        </fieldset>
      </Section>

      <Section id="eligibility" title={t("callDesign.section.eligibility")}>
        <CheckboxGroup name="applicantTypeCodes" legend={t("callDesign.field.applicantTypes")} options={options.applicantTypes} selected={values.applicantTypeCodes} errors={e("applicantTypeCodes")} />
        <CheckboxGroup
          name="leadLocations"
          legend={t("callDesign.field.leadLocations")}
          options={[
            { code: "AU", name: t("callDesign.lead.AU") },
            { code: "EU", name: t("callDesign.lead.EU") },
          ]}
          selected={values.leadLocations}
          errors={e("leadLocations")}
        />
        <h3>{t("callDesign.subsection.targetCountries")}</h3>
        <div className="call-row">
          {field("targetMaxCountries", "callDesign.field.maxCountries", { numeric: "numeric", short: true })}
          {field("targetMinAuCountries", "callDesign.field.minAuCountries", { numeric: "numeric", short: true })}
        </div>
        <div className={e("allowedCountryCodes")?.length ? "field field--error" : "field"}>
          <label htmlFor={fieldId("allowedCountryCodes")}>{t("callDesign.field.allowedCountries")}</label>
          <p className="field__hint" id={`${fieldId("allowedCountryCodes")}-hint`}>
            {t("callDesign.hint.allowedCountries")}
          </p>
          <ErrorText id={`${fieldId("allowedCountryCodes")}-error`} errors={e("allowedCountryCodes")} />
          <select id={fieldId("allowedCountryCodes")} name="allowedCountryCodes[]" multiple size={8} defaultValue={values.allowedCountryCodes} aria-describedby={`${fieldId("allowedCountryCodes")}-hint`}>
            {options.countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
                {c.au ? ` (${t("callDesign.memberAU")})` : c.eu ? ` (${t("callDesign.memberEU")})` : ""}
              </option>
            ))}
          </select>
        </div>
        <h3>{t("callDesign.subsection.partnership")}</h3>
        <Checkbox name="allowAlone" label={t("callDesign.field.allowAlone")} checked={values.allowAlone} errors={e("allowAlone")} />
        <div className="call-row">
          {field("maxCoApplicants", "callDesign.field.maxCoApplicants", { numeric: "numeric", short: true, hint: "callDesign.hint.maxCoApplicants" })}
          {field("exactCoApplicants", "callDesign.field.exactCoApplicants", { numeric: "numeric", short: true, hint: "callDesign.hint.exactCoApplicants" })}
        </div>
        <Checkbox name="euLeadNeedsAuCoApplicant" label={t("callDesign.field.euLeadNeedsAu")} checked={values.euLeadNeedsAuCoApplicant} errors={e("euLeadNeedsAuCoApplicant")} />
        <Checkbox name="diasporaExempt" label={t("callDesign.field.diasporaExempt")} checked={values.diasporaExempt} errors={e("diasporaExempt")} />
      </Section>

      <Section id="money" title={t("callDesign.section.money")} intro={t("callDesign.hint.money")}>
        <div className="call-row">
          {field("totalBudget", "callDesign.field.totalBudget", { numeric: "decimal" })}
          {field("minGrant", "callDesign.field.minGrant", { numeric: "decimal" })}
          {field("maxGrant", "callDesign.field.maxGrant", { numeric: "decimal" })}
        </div>
        <div className="call-row">
          {field("maxCofinancing", "callDesign.field.maxCofinancing", { numeric: "decimal", short: true, hint: "callDesign.hint.maxCofinancing" })}
          {field("maxIndirectCost", "callDesign.field.maxIndirectCost", { numeric: "decimal", short: true, hint: "callDesign.hint.maxIndirectCost" })}
        </div>
      </Section>

      <Section id="duration" title={t("callDesign.section.duration")}>
        <div className="call-row">
          {field("minDurationMonths", "callDesign.field.minDuration", { numeric: "numeric", short: true })}
          {field("maxDurationMonths", "callDesign.field.maxDuration", { numeric: "numeric", short: true })}
        </div>
      </Section>

      <Section id="procedure" title={t("callDesign.section.procedure")}>
        <fieldset className={e("procedure")?.length ? "field field--error" : "field"}>
          <legend>{t("callDesign.field.procedure")}</legend>
          <ErrorText id={`${fieldId("procedure")}-error`} errors={e("procedure")} />
          <div className="choices">
            {(["OPEN", "RESTRICTED"] as const).map((p, i) => (
              <div key={p}>
                <label className="choice" htmlFor={i === 0 ? fieldId("procedure") : `${fieldId("procedure")}-${p}`}>
                  <input
                    type="radio"
                    id={i === 0 ? fieldId("procedure") : `${fieldId("procedure")}-${p}`}
                    name="procedure"
                    value={p}
                    checked={procedure === p}
                    onChange={() => setProcedure(p)}
                  />
                  <span>{t(`callDesign.procedure.${p}`)}</span>
                </label>
                <p className="field__hint call-hint--indented">{t(`callDesign.procedureHint.${p}`)}</p>
              </div>
            ))}
          </div>
        </fieldset>
        <div className={e("timeZone")?.length ? "field field--error" : "field"}>
          <label htmlFor={fieldId("timeZone")}>{t("callDesign.field.timeZone")}</label>
          <p className="field__hint" id={`${fieldId("timeZone")}-hint`}>
            {t("callDesign.hint.timeZone")}
          </p>
          <ErrorText id={`${fieldId("timeZone")}-error`} errors={e("timeZone")} />
          <select id={fieldId("timeZone")} name="timeZone" defaultValue={values.timeZone || "Europe/Vienna"} aria-describedby={`${fieldId("timeZone")}-hint`}>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, " ")} ({timeZoneLabel(z, t.locale)})
              </option>
            ))}
          </select>
        </div>
        <div hidden={!restricted}>{field("conceptNoteDeadline", "callDesign.field.conceptNoteDeadline", { type: "datetime-local", hint: "callDesign.hint.deadline" })}</div>
        {field("fullApplicationDeadline", restricted ? "callDesign.field.fullApplicationDeadline" : "callDesign.field.deadline", { type: "datetime-local", hint: "callDesign.hint.deadline" })}
      </Section>

      <Section id="documents" title={t("callDesign.section.documents")} intro={t("callDesign.hint.documents")}>
        <DocumentsEditor initial={values.documents} errors={errors} restricted={restricted} />
      </Section>

      <Section id="evaluation" title={t("callDesign.section.evaluation")}>
        <div className="call-row">
          {field("assessorsPerProposal", "callDesign.field.assessors", { numeric: "numeric", short: true, hint: "callDesign.hint.assessors" })}
          {field("divergenceThreshold", "callDesign.field.divergence", { numeric: "decimal", short: true, hint: "callDesign.hint.divergence" })}
          <div hidden={!restricted}>{field("shortlistBudgetMultiple", "callDesign.field.shortlistMultiple", { numeric: "decimal", short: true, hint: "callDesign.hint.shortlistMultiple" })}</div>
        </div>
        <Checkbox name="blindReview" label={t("callDesign.field.blindReview")} hint={t("callDesign.hint.blindReview")} checked={values.blindReview} errors={e("blindReview")} />
      </Section>

      <Section id="grids" title={t("callDesign.section.grids")} intro={t("callDesign.hint.grids")}>
        <div hidden={!restricted}>
          <GridEditor field="conceptNoteGrid" legend={t("callDesign.grid.conceptNote")} initial={values.conceptNoteGrid} defaults={defaults.conceptNoteGrid} errors={errors} />
        </div>
        <GridEditor field="fullApplicationGrid" legend={t("callDesign.grid.fullApplication")} initial={values.fullApplicationGrid} defaults={defaults.fullApplicationGrid} errors={errors} carried={restricted ? "shown" : "hidden"} />
      </Section>
    </div>
  );
}

function DocumentsEditor({ initial, errors, restricted }: { initial: DocumentValues[]; errors: Errors; restricted: boolean }) {
  const t = useT();
  const [documents, setDocuments] = useState(initial);
  const set = (i: number, prop: keyof DocumentValues, value: string | boolean) => setDocuments((ds) => ds.map((d, di) => (di === i ? { ...d, [prop]: value } : d)));
  const cell = (i: number, d: DocumentValues, prop: "code" | "nameEn" | "nameFr", column: string) => {
    const name = documentField(i, prop);
    const id = fieldId(name);
    const errs = errors[name];
    return (
      <td className={errs?.length ? "call-cell call-cell--error" : "call-cell"}>
        <ErrorText id={`${id}-error`} errors={errs} />
        <input
          id={id}
          name={name}
          value={d[prop]}
          lang={prop === "nameFr" ? "fr" : prop === "nameEn" ? "en" : undefined}
          aria-label={t("callDesign.documents.cellLabel", { column, n: i + 1 })}
          aria-invalid={errs?.length ? true : undefined}
          aria-describedby={errs?.length ? `${id}-error` : undefined}
          onChange={(ev) => set(i, prop, ev.target.value)}
        />
      </td>
    );
  };
  return (
    <div id={fieldId("documents")} tabIndex={-1}>
      {documents.length === 0 ? <p className="empty">{t("callDesign.documents.none")}</p> : null}
      {documents.length > 0 ? (
        <div className="table-wrap">
          <table className="call-documents">
            <caption className="visually-hidden">{t("callDesign.section.documents")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("callDesign.field.code")}</th>
                <th scope="col">{t("callDesign.field.nameEn")}</th>
                <th scope="col">{t("callDesign.field.nameFr")}</th>
                <th scope="col">{t("callDesign.field.stage")}</th>
                <th scope="col">{t("callDesign.field.required")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("callDesign.grid.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {documents.map((d, i) => {
                const stageName = documentField(i, "stage");
                const stageErrors = errors[stageName];
                return (
                  <tr key={d.key}>
                    {cell(i, d, "code", t("callDesign.field.code"))}
                    {cell(i, d, "nameEn", t("callDesign.field.nameEn"))}
                    {cell(i, d, "nameFr", t("callDesign.field.nameFr"))}
                    <td className={stageErrors?.length ? "call-cell call-cell--error" : "call-cell"}>
                      <ErrorText id={`${fieldId(stageName)}-error`} errors={stageErrors} />
                      <select
                        id={fieldId(stageName)}
                        name={stageName}
                        value={d.stage}
                        aria-label={t("callDesign.documents.cellLabel", { column: t("callDesign.field.stage"), n: i + 1 })}
                        aria-invalid={stageErrors?.length ? true : undefined}
                        onChange={(ev) => set(i, "stage", ev.target.value)}
                      >
                        {restricted || d.stage === "CONCEPT_NOTE" ? <option value="CONCEPT_NOTE">{t("callDesign.stage.CONCEPT_NOTE")}</option> : null}
                        <option value="FULL_APPLICATION">{t("callDesign.stage.FULL_APPLICATION")}</option>
                      </select>
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        id={fieldId(documentField(i, "required"))}
                        name={documentField(i, "required")}
                        checked={d.required}
                        aria-label={t("callDesign.documents.cellLabel", { column: t("callDesign.field.required"), n: i + 1 })}
                        onChange={(ev) => set(i, "required", ev.target.checked)}
                      />
                    </td>
                    <td>
                      <button
                        type="submit"
                        name="intent"
                        value={`remove-document:${i}`}
                        formNoValidate
                        className="button button--secondary button--small call-button--danger"
                        onClick={(ev) => {
                          ev.preventDefault();
                          setDocuments((ds) => ds.filter((_, di) => di !== i));
                        }}
                      >
                        {t("callDesign.documents.remove", { n: i + 1 })}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <p>
        <button
          type="submit"
          name="intent"
          value="add-document"
          formNoValidate
          className="button button--secondary button--small"
          onClick={(ev) => {
            ev.preventDefault();
            setDocuments((ds) => [...ds, newDocument()]);
          }}
        >
          {t("callDesign.documents.add")}
        </button>
      </p>
    </div>
  );
}
