// The evaluation grid editor: sections of criteria with their highest score and weight,
// a minimum per section, a knock-out score, the pass mark, and the totals computed live as
// the manager types. Without JavaScript every add/remove button submits the form and the
// server applies it (nothing typed is lost), and the server recomputes every total on save.
import { useEffect, useRef, useState, type ReactNode } from "react";
import { fieldId } from "~/components/Field.tsx";
import {
  addCriterion,
  addSection,
  criterionField,
  liveTotals,
  removeCriterion,
  removeSection,
  sectionField,
  scoreValue,
  type CriterionValues,
  type GridValues,
  type SectionValues,
} from "~/modules/calls/call-schema.ts";
import type { GridField } from "~/modules/calls/grid.ts";
import { formatNumber } from "~/utils/format.ts";
import { useT } from "~/utils/i18n.ts";

export interface GridEditorProps {
  field: GridField;
  legend: string;
  initial: GridValues;
  /** The default grid, offered when the grid is empty. */
  defaults: GridValues | null;
  errors?: Record<string, readonly string[]>;
  /**
   * Full application grids: whether sections may carry the concept note's scores. "hidden"
   * keeps the setting in the form (an open call may become restricted again) without showing it.
   */
  carried?: "shown" | "hidden" | "none";
}

type CriterionProp = "code" | "nameEn" | "nameFr" | "max" | "weight";
type SectionProp = "code" | "nameEn" | "nameFr" | "minimum" | "rejectIfAnyCriterionScores";

/** A button that submits the form with its intent without JavaScript and acts in place with it. */
function ActionButton({ intent, onAct, children, danger = false }: { intent: string; onAct: () => void; children: ReactNode; danger?: boolean }) {
  return (
    <button
      type="submit"
      name="intent"
      value={intent}
      formNoValidate
      className={danger ? "button button--secondary button--small call-button--danger" : "button button--secondary button--small"}
      onClick={(event) => {
        event.preventDefault();
        onAct();
      }}
    >
      {children}
    </button>
  );
}

function CellError({ id, errors }: { id: string; errors?: readonly string[] }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field__error small">
      {t.maybe(errors[0]!)}
    </p>
  );
}

export function GridEditor({ field, legend, initial, defaults, errors = {}, carried = "none" }: GridEditorProps) {
  const t = useT();
  const [grid, setGrid] = useState<GridValues>(initial);
  const focusNext = useRef<string | null>(null);
  const totals = liveTotals(grid);

  useEffect(() => {
    if (!focusNext.current) return;
    const target = document.getElementsByName(focusNext.current)[0];
    focusNext.current = null;
    if (target instanceof HTMLElement) target.focus();
  });

  const setSection = (i: number, prop: SectionProp | "carriedFromConceptNote", value: string | boolean) =>
    setGrid((g) => ({ ...g, sections: g.sections.map((s, si) => (si === i ? { ...s, [prop]: value } : s)) }));
  const setCriterion = (i: number, j: number, prop: CriterionProp, value: string) =>
    setGrid((g) => ({
      ...g,
      sections: g.sections.map((s, si) => (si === i ? { ...s, criteria: s.criteria.map((c, cj) => (cj === j ? { ...c, [prop]: value } : c)) } : s)),
    }));

  const gridId = fieldId(field);
  const gridErrors = errors[field];

  return (
    <fieldset className="call-grid" id={gridId} tabIndex={-1} aria-describedby={`${gridId}-total`}>
      <legend className="call-grid__legend">{legend}</legend>
      {gridErrors?.length ? <p className="field__error">{t.maybe(gridErrors[0]!)}</p> : null}
      {grid.sections.length === 0 ? (
        <div className="call-grid__empty">
          <p>{t("callDesign.grid.empty")}</p>
          {defaults ? (
            <ActionButton intent={`default-grid:${field}`} onAct={() => setGrid(structuredClone(defaults))}>
              {t("callDesign.grid.useDefault")}
            </ActionButton>
          ) : null}
        </div>
      ) : null}
      {grid.sections.map((section, i) => (
        <GridSectionEditor
          key={section.key}
          field={field}
          index={i}
          section={section}
          total={totals.sections[i] ?? 0}
          errors={errors}
          carried={carried}
          onSection={(prop, value) => setSection(i, prop, value)}
          onCriterion={(j, prop, value) => setCriterion(i, j, prop, value)}
          onAddCriterion={() => {
            focusNext.current = criterionField(field, i, section.criteria.length, "nameEn");
            setGrid((g) => addCriterion(g, i));
          }}
          onRemoveCriterion={(j) => setGrid((g) => removeCriterion(g, i, j))}
          onRemove={() => setGrid((g) => removeSection(g, i))}
        />
      ))}
      <p>
        <ActionButton
          intent={`add-section:${field}`}
          onAct={() => {
            focusNext.current = sectionField(field, grid.sections.length, "nameEn");
            setGrid((g) => addSection(g));
          }}
        >
          {t("callDesign.grid.addSection")}
        </ActionButton>
      </p>
      <div className="call-grid__footer">
        <div className={errors[`${field}.passMark`]?.length ? "field field--error call-field--short" : "field call-field--short"}>
          <label htmlFor={fieldId(`${field}.passMark`)}>{t("callDesign.grid.passMark")}</label>
          <p className="field__hint" id={`${fieldId(`${field}.passMark`)}-hint`}>
            {t("callDesign.grid.passMarkHint")}
          </p>
          <CellError id={`${fieldId(`${field}.passMark`)}-error`} errors={errors[`${field}.passMark`]} />
          <input
            id={fieldId(`${field}.passMark`)}
            name={`${field}.passMark`}
            inputMode="numeric"
            value={grid.passMark}
            onChange={(e) => setGrid((g) => ({ ...g, passMark: e.target.value }))}
            aria-describedby={`${fieldId(`${field}.passMark`)}-hint`}
            aria-invalid={errors[`${field}.passMark`]?.length ? true : undefined}
          />
        </div>
        <p className="call-grid__total">
          <output id={`${gridId}-total`} aria-live="polite" data-total={totals.total}>
            {t("callDesign.grid.total", { total: formatNumber(totals.total, t.locale) })}
          </output>
          {grid.passMark.trim() && scoreValue(grid.passMark) > 0 ? (
            <span className="muted block">{t("callDesign.grid.passMarkOf", { passMark: formatNumber(scoreValue(grid.passMark), t.locale), total: formatNumber(totals.total, t.locale) })}</span>
          ) : null}
        </p>
      </div>
    </fieldset>
  );
}

interface SectionEditorProps {
  field: GridField;
  index: number;
  section: SectionValues;
  total: number;
  errors: Record<string, readonly string[]>;
  carried: "shown" | "hidden" | "none";
  onSection: (prop: SectionProp | "carriedFromConceptNote", value: string | boolean) => void;
  onCriterion: (j: number, prop: CriterionProp, value: string) => void;
  onAddCriterion: () => void;
  onRemoveCriterion: (j: number) => void;
  onRemove: () => void;
}

function GridSectionEditor({ field, index, section, total, errors, carried, onSection, onCriterion, onAddCriterion, onRemoveCriterion, onRemove }: SectionEditorProps) {
  const t = useT();
  const sectionName = section.code.trim() || String(index + 1);
  const input = (prop: SectionProp, label: string, opts: { hint?: string; numeric?: boolean; short?: boolean } = {}) => {
    const name = sectionField(field, index, prop);
    const id = fieldId(name);
    const errs = errors[name];
    const describedBy = [opts.hint ? `${id}-hint` : null, errs?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
    return (
      <div className={`${errs?.length ? "field field--error" : "field"}${opts.short ? " call-field--short" : ""}`}>
        <label htmlFor={id}>{label}</label>
        {opts.hint ? (
          <p className="field__hint" id={`${id}-hint`}>
            {opts.hint}
          </p>
        ) : null}
        <CellError id={`${id}-error`} errors={errs} />
        <input
          id={id}
          name={name}
          value={section[prop]}
          inputMode={opts.numeric ? "numeric" : undefined}
          lang={prop === "nameFr" ? "fr" : prop === "nameEn" ? "en" : undefined}
          onChange={(e) => onSection(prop, e.target.value)}
          aria-describedby={describedBy}
          aria-invalid={errs?.length ? true : undefined}
        />
      </div>
    );
  };
  return (
    <fieldset className="call-grid__section" id={fieldId(`${field}.sections.${index}`)} tabIndex={-1}>
      <legend>
        {t("callDesign.grid.sectionTitle", { code: sectionName })} <span className="muted">({t("callDesign.grid.points", { points: formatNumber(total, t.locale) })})</span>
      </legend>
      {errors[`${field}.sections.${index}`]?.length ? <p className="field__error">{t.maybe(errors[`${field}.sections.${index}`]![0]!)}</p> : null}
      <div className="call-row">
        {input("code", t("callDesign.field.code"), { short: true })}
        {input("nameEn", t("callDesign.field.nameEn"))}
        {input("nameFr", t("callDesign.field.nameFr"))}
      </div>
      <div className="call-row">
        {input("minimum", t("callDesign.grid.minimum"), { hint: t("callDesign.grid.minimumHint"), numeric: true, short: true })}
        {input("rejectIfAnyCriterionScores", t("callDesign.grid.knockOut"), { hint: t("callDesign.grid.knockOutHint"), numeric: true, short: true })}
        {carried !== "none" ? (
          <div className="field call-carried" hidden={carried === "hidden"}>
            <label className="choice" htmlFor={fieldId(sectionField(field, index, "carriedFromConceptNote"))}>
              <input
                type="checkbox"
                id={fieldId(sectionField(field, index, "carriedFromConceptNote"))}
                name={sectionField(field, index, "carriedFromConceptNote")}
                checked={section.carriedFromConceptNote}
                onChange={(e) => onSection("carriedFromConceptNote", e.target.checked)}
              />
              <span>{t("callDesign.grid.carried")}</span>
            </label>
          </div>
        ) : null}
      </div>
      <div className="table-wrap">
        <table className="call-grid__criteria">
          <caption className="visually-hidden">{t("callDesign.grid.criteriaOf", { code: sectionName })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("callDesign.field.code")}</th>
              <th scope="col">{t("callDesign.field.nameEn")}</th>
              <th scope="col">{t("callDesign.field.nameFr")}</th>
              <th scope="col">{t("callDesign.grid.max")}</th>
              <th scope="col">{t("callDesign.grid.weight")}</th>
              <th scope="col" className="num">
                {t("callDesign.grid.pointsColumn")}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t("callDesign.grid.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {section.criteria.map((criterion, j) => (
              <CriterionRow
                key={criterion.key}
                field={field}
                section={index}
                index={j}
                criterion={criterion}
                errors={errors}
                onChange={(prop, value) => onCriterion(j, prop, value)}
                onRemove={() => onRemoveCriterion(j)}
              />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={5}>{t("callDesign.grid.sectionTotal")}</td>
              <td className="num">
                <output aria-live="polite">{formatNumber(total, t.locale)}</output>
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="call-actions">
        <ActionButton intent={`add-criterion:${field}:${index}`} onAct={onAddCriterion}>
          {t("callDesign.grid.addCriterion", { code: sectionName })}
        </ActionButton>
        <ActionButton intent={`remove-section:${field}:${index}`} onAct={onRemove} danger>
          {t("callDesign.grid.removeSection", { code: sectionName })}
        </ActionButton>
      </p>
    </fieldset>
  );
}

interface CriterionRowProps {
  field: GridField;
  section: number;
  index: number;
  criterion: CriterionValues;
  errors: Record<string, readonly string[]>;
  onChange: (prop: CriterionProp, value: string) => void;
  onRemove: () => void;
}

function CriterionRow({ field, section, index, criterion, errors, onChange, onRemove }: CriterionRowProps) {
  const t = useT();
  const label = criterion.code.trim() || t("callDesign.grid.criterionN", { n: index + 1 });
  const cell = (prop: CriterionProp, column: string, opts: { numeric?: boolean; lang?: string } = {}) => {
    const name = criterionField(field, section, index, prop);
    const id = fieldId(name);
    const errs = errors[name];
    return (
      <td className={errs?.length ? "call-cell call-cell--error" : "call-cell"}>
        <CellError id={`${id}-error`} errors={errs} />
        <input
          id={id}
          name={name}
          value={criterion[prop]}
          lang={opts.lang}
          inputMode={opts.numeric ? "numeric" : undefined}
          className={opts.numeric ? "call-input--number" : undefined}
          aria-label={t("callDesign.grid.cellLabel", { column, criterion: label })}
          aria-describedby={errs?.length ? `${id}-error` : undefined}
          aria-invalid={errs?.length ? true : undefined}
          onChange={(e) => onChange(prop, e.target.value)}
        />
      </td>
    );
  };
  return (
    <tr>
      {cell("code", t("callDesign.field.code"))}
      {cell("nameEn", t("callDesign.field.nameEn"), { lang: "en" })}
      {cell("nameFr", t("callDesign.field.nameFr"), { lang: "fr" })}
      {cell("max", t("callDesign.grid.max"), { numeric: true })}
      {cell("weight", t("callDesign.grid.weight"), { numeric: true })}
      <td className="num">{formatNumber(scoreValue(criterion.max) * scoreValue(criterion.weight), t.locale)}</td>
      <td>
        <ActionButton intent={`remove-criterion:${field}:${section}:${index}`} onAct={onRemove} danger>
          {t("callDesign.grid.removeCriterion", { code: label })}
        </ActionButton>
      </td>
    </tr>
  );
}
