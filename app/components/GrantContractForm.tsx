// The contract's terms before signature: amount, share, dates, reporting period, budget by
// heading (with a live total against the eligible costs) and the logical framework
// (objectives, results, indicators with code, label, unit, baseline and target). Field names
// follow ContractSchema ("budget.0.amount", "logframe.indicators.1.target"). Rows can be added
// with JavaScript; without it, a spare empty row is always there.
import { Form } from "@remix-run/react";
import { useState } from "react";
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
                    const e = err(name);
                    return (
                      <td key={col} className={e ? "field--error" : undefined}>
                        <input
                          id={fieldId(name)}
                          name={name}
                          value={row[col]}
                          inputMode={col === "amount" ? "decimal" : undefined}
                          aria-label={`${t(`grants.contract.heading.${col}`)} ${i + 1}`}
                          aria-invalid={e ? true : undefined}
                          aria-describedby={e ? `${fieldId(name)}-error` : undefined}
                          onChange={(ev) => {
                            const v = ev.currentTarget.value;
                            setBudget((rows) => rows.map((r, j) => (j === i ? { ...r, [col]: v } : r)));
                          }}
                        />
                        {e ? (
                          <p id={`${fieldId(name)}-error`} className="field__error">
                            {t.maybe(e[0]!)}
                          </p>
                        ) : null}
                      </td>
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
        <button type="button" className="button button--secondary button--small" onClick={() => setBudget((rows) => [...rows, EMPTY_BUDGET])}>
          {t("grants.contract.addRow")}
        </button>
      </fieldset>

      <h2>{t("grants.contract.logframe")}</h2>
      <fieldset>
        <legend>{t("grants.contract.objectives")}</legend>
        {objectives.map((o, i) => (
          <Field
            key={i}
            name={`logframe.objectives.${i}`}
            label={t("grants.contract.objective", { n: i + 1 })}
            value={o}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setObjectives((xs) => xs.map((x, j) => (j === i ? v : x)));
            }}
            errors={err(`logframe.objectives.${i}`)}
          />
        ))}
        <button type="button" className="button button--secondary button--small" onClick={() => setObjectives((xs) => [...xs, ""])}>
          {t("grants.contract.addRow")}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t("grants.contract.results")}</legend>
        {results.map((o, i) => (
          <Field
            key={i}
            name={`logframe.results.${i}`}
            label={t("grants.contract.result", { n: i + 1 })}
            value={o}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setResults((xs) => xs.map((x, j) => (j === i ? v : x)));
            }}
            errors={err(`logframe.results.${i}`)}
          />
        ))}
        <button type="button" className="button button--secondary button--small" onClick={() => setResults((xs) => [...xs, ""])}>
          {t("grants.contract.addRow")}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t("grants.contract.indicators")}</legend>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {(["code", "label", "unit", "baseline", "target"] as const).map((col) => (
                  <th key={col} scope="col">
                    {t(`grants.contract.indicator.${col}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {indicators.map((row, i) => (
                <tr key={i}>
                  {(["code", "label", "unit", "baseline", "target"] as const).map((col) => {
                    const name = `logframe.indicators.${i}.${col}`;
                    const e = err(name);
                    return (
                      <td key={col} className={e ? "field--error" : undefined}>
                        <input
                          id={fieldId(name)}
                          name={name}
                          value={row[col]}
                          aria-label={`${t(`grants.contract.indicator.${col}`)} ${i + 1}`}
                          aria-invalid={e ? true : undefined}
                          aria-describedby={e ? `${fieldId(name)}-error` : undefined}
                          onChange={(ev) => {
                            const v = ev.currentTarget.value;
                            setIndicators((rows) => rows.map((r, j) => (j === i ? { ...r, [col]: v } : r)));
                          }}
                        />
                        {e ? (
                          <p id={`${fieldId(name)}-error`} className="field__error">
                            {t.maybe(e[0]!)}
                          </p>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button type="button" className="button button--secondary button--small" onClick={() => setIndicators((rows) => [...rows, EMPTY_INDICATOR])}>
          {t("grants.contract.addRow")}
        </button>
      </fieldset>
      <p className="field__hint">{t("grants.contract.saveHint")}</p>
      <button type="submit" className="button" disabled={busy}>
        {t("grants.contract.save")}
      </button>
    </Form>
  );
}
