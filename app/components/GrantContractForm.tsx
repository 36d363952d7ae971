// The contract's terms before signature: amount, share, dates, reporting period, budget by
// heading (with a live total against the eligible costs) and the logical framework
// (objectives, results, indicators with code, label, unit, baseline and target). Field names
// follow ContractSchema ("budget.0.amount", "logframe.indicators.1.target"). Rows can be added
// with JavaScript; without it, a spare empty row is always there.
import { Form } from "@remix-run/react";
import { useState, type Dispatch, type SetStateAction } from "react";
import { parseMoneyToCents } from "~/modules/applications/budget.ts";
import type { ContractValues, IndicatorRow } from "~/modules/grants/contract-schema.ts";
import { formatMoney, formatShare } from "~/utils/format.ts";
import { useT } from "~/utils/i18n.ts";
import { ErrorSummary } from "./ErrorSummary.tsx";
import { Field, fieldId } from "./Field.tsx";

export interface GrantContractFormProps {
  values: ContractValues;
  version: number;
  errors?: Record<string, string[]>;
  busy: boolean;
}

type BudgetRow = ContractValues["budget"][number];
const EMPTY_BUDGET: BudgetRow = { code: "", label: "", amount: "" };
const EMPTY_INDICATOR: IndicatorRow = { code: "", label: "", unit: "", baseline: "", target: "" };
const INDICATOR_COLUMNS = ["code", "label", "unit", "baseline", "target"] as const;

/** The rows shown: what there is, plus one empty row to fill in. */
const withSpare = <T,>(rows: T[], empty: T): T[] => [...rows, empty];

export function GrantContractForm({ values, version, errors, busy }: GrantContractFormProps) {
  const t = useT();
  const [budget, setBudget] = useState<BudgetRow[]>(() => withSpare(values.budget, EMPTY_BUDGET));
  const [objectives, setObjectives] = useState<string[]>(() => withSpare(values.logframe.objectives, ""));
  const [results, setResults] = useState<string[]>(() => withSpare(values.logframe.results, ""));
  const [indicators, setIndicators] = useState<IndicatorRow[]>(() => withSpare(values.logframe.indicators, EMPTY_INDICATOR));
  const [amount, setAmount] = useState(values.amount);
  const [total, setTotal] = useState(values.totalEligibleCosts);

  const money = (c: number) => formatMoney(c, t.locale);
  const budgetTotal = budget.reduce((s, r) => s + (parseMoneyToCents(r.amount) ?? 0), 0);
  const totalCents = parseMoneyToCents(total);
  const amountCents = parseMoneyToCents(amount);
  const diff = totalCents === null ? null : budgetTotal - totalCents;
  const share = amountCents !== null && totalCents ? Math.ceil((amountCents * 10_000) / totalCents) : null;
  const err = (name: string) => errors?.[name];
  const labels: Record<string, string> = {
    amount: t("grants.contract.amount"),
    totalEligibleCosts: t("grants.contract.totalEligibleCosts"),
    eligibleCostsShare: t("grants.contract.share"),
    startDate: t("grants.contract.startDate"),
    endDate: t("grants.contract.endDate"),
    reportingPeriodMonths: t("grants.contract.reportingPeriodMonths"),
    finalReportMonths: t("grants.contract.finalReportMonths"),
    budget: t("grants.contract.budget"),
  };

  return (
    <Form method="post" className="form" aria-labelledby="terms-title">
      <input type="hidden" name="intent" value="contract" />
      <input type="hidden" name="version" value={version} />
      <ErrorSummary errors={errors} labels={labels} />
      <h2 id="terms-title">{t("grants.contract.terms")}</h2>
      <Field name="amount" label={labels.amount!} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} errors={err("amount")} required />
      <Field name="totalEligibleCosts" label={labels.totalEligibleCosts!} inputMode="decimal" value={total} onChange={(e) => setTotal(e.currentTarget.value)} errors={err("totalEligibleCosts")} required />
      <Field
        name="eligibleCostsShare"
        label={labels.eligibleCostsShare!}
        inputMode="decimal"
        defaultValue={values.eligibleCostsShare}
        hint={share !== null ? t("grants.contract.shareHint", { share: formatShare(share, t.locale) }) : undefined}
        errors={err("eligibleCostsShare")}
        required
      />
      <Field name="startDate" type="date" label={labels.startDate!} defaultValue={values.startDate} errors={err("startDate")} required />
      <Field name="endDate" type="date" label={labels.endDate!} defaultValue={values.endDate} errors={err("endDate")} required />
      <Field name="reportingPeriodMonths" inputMode="numeric" label={labels.reportingPeriodMonths!} hint={t("grants.contract.reportingHint")} defaultValue={values.reportingPeriodMonths} errors={err("reportingPeriodMonths")} required />
      <Field name="finalReportMonths" inputMode="numeric" label={labels.finalReportMonths!} hint={t("grants.contract.finalReportHint")} defaultValue={values.finalReportMonths} errors={err("finalReportMonths")} required />

      <fieldset id={fieldId("budget")} aria-describedby="budget-hint">
        <legend>{t("grants.contract.budget")}</legend>
        <p id="budget-hint" className="field__hint">
          {t("grants.contract.budgetHint")}
        </p>
        {err("budget") ? <p className="field__error">{t.maybe(err("budget")![0]!)}</p> : null}
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("grants.contract.heading.code")}</th>
                <th scope="col">{t("grants.contract.heading.label")}</th>
                <th scope="col">{t("grants.contract.heading.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {budget.map((row, i) => (
                <tr key={i}>
                  {(["code", "label", "amount"] as const).map((col) => {
                    const name = `budget.${i}.${col}`;
                    return (
                      <CellInput
                        key={col}
                        name={name}
                        value={row[col]}
                        inputMode={col === "amount" ? "decimal" : undefined}
                        label={`${t(`grants.contract.heading.${col}`)} ${i + 1}`}
                        errors={err(name)}
                        onChange={(v) => setBudget((rows) => rows.map((r, j) => (j === i ? { ...r, [col]: v } : r)))}
                      />
                    );
                  })}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {t("grants.contract.budgetTotal")}
                </th>
                <td aria-live="polite">
                  <output>{money(budgetTotal)}</output>
                  {diff !== null && diff !== 0 ? <p className="small field__hint">{t("grants.contract.budgetDiff", { diff: money(Math.abs(diff)) })}</p> : null}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
        <AddRowButton onClick={() => setBudget((rows) => [...rows, EMPTY_BUDGET])} />
      </fieldset>

      <h2>{t("grants.contract.logframe")}</h2>
      <TextRows legend={t("grants.contract.objectives")} name="logframe.objectives" label={(n) => t("grants.contract.objective", { n })} rows={objectives} setRows={setObjectives} err={err} />
      <TextRows legend={t("grants.contract.results")} name="logframe.results" label={(n) => t("grants.contract.result", { n })} rows={results} setRows={setResults} err={err} />
      <fieldset>
        <legend>{t("grants.contract.indicators")}</legend>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {INDICATOR_COLUMNS.map((col) => (
                  <th key={col} scope="col">
                    {t(`grants.contract.indicator.${col}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {indicators.map((row, i) => (
                <tr key={i}>
                  {INDICATOR_COLUMNS.map((col) => {
                    const name = `logframe.indicators.${i}.${col}`;
                    return (
                      <CellInput
                        key={col}
                        name={name}
                        value={row[col]}
                        label={`${t(`grants.contract.indicator.${col}`)} ${i + 1}`}
                        errors={err(name)}
                        onChange={(v) => setIndicators((rows) => rows.map((r, j) => (j === i ? { ...r, [col]: v } : r)))}
                      />
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <AddRowButton onClick={() => setIndicators((rows) => [...rows, EMPTY_INDICATOR])} />
      </fieldset>
      <p className="field__hint">{t("grants.contract.saveHint")}</p>
      <button type="submit" className="button" disabled={busy}>
        {t("grants.contract.save")}
      </button>
    </Form>
  );
}

function AddRowButton({ onClick }: { onClick: () => void }) {
  const t = useT();
  return (
    <button type="button" className="button button--secondary button--small" onClick={onClick}>
      {t("grants.contract.addRow")}
    </button>
  );
}

/** One cell of a table of rows: an input named by column and row, its error below it. */
function CellInput({ name, value, label, inputMode, errors, onChange }: { name: string; value: string; label: string; inputMode?: "decimal"; errors?: string[]; onChange: (value: string) => void }) {
  const t = useT();
  const id = fieldId(name);
  return (
    <td className={errors ? "field--error" : undefined}>
      <input
        id={id}
        name={name}
        value={value}
        inputMode={inputMode}
        aria-label={label}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${id}-error` : undefined}
        onChange={(ev) => onChange(ev.currentTarget.value)}
      />
      {errors ? (
        <p id={`${id}-error`} className="field__error">
          {t.maybe(errors[0]!)}
        </p>
      ) : null}
    </td>
  );
}

/** A list of one-line texts of the logical framework (objectives, results), "name.0", "name.1"… */
function TextRows({
  legend,
  name,
  label,
  rows,
  setRows,
  err,
}: {
  legend: string;
  name: string;
  label: (n: number) => string;
  rows: string[];
  setRows: Dispatch<SetStateAction<string[]>>;
  err: (name: string) => string[] | undefined;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {rows.map((o, i) => (
        <Field
          key={i}
          name={`${name}.${i}`}
          label={label(i + 1)}
          value={o}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setRows((xs) => xs.map((x, j) => (j === i ? v : x)));
          }}
          errors={err(`${name}.${i}`)}
        />
      ))}
      <AddRowButton onClick={() => setRows((xs) => [...xs, ""])} />
    </fieldset>
  );
}
