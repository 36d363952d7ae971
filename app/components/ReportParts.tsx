// The parts of a report, shared by the grantee's page (editable) and the grant manager's
// review page (read-only): a narrative section, the indicator table and the financial table.
// The reviewer's comment on a part is shown next to it; on the review page a comment box
// can be put under each part (`after`).
import { useState, type ReactNode } from "react";
import { parseMoneyToCents } from "~/modules/applications/budget.ts";
import { financialFigures, type IndicatorFigures } from "~/modules/reporting/completeness.ts";
import { actualField, indicatorCommentField, narrativeField, spentField, type BudgetHeadingLine, type NarrativeSection } from "~/modules/reporting/report-schema.ts";
import { formatMoney, formatNumber, formatShare } from "~/utils/format.ts";
import { useT, type MessageKey } from "~/utils/i18n.ts";
import { fieldId } from "./Field.tsx";

type Errors = Record<string, readonly string[] | undefined>;

export const sectionLabelKey = (s: NarrativeSection | "indicators" | "financial") => `reports.section.${s}` as MessageKey;

function describedBy(...ids: (string | false | undefined)[]) {
  return ids.filter(Boolean).join(" ") || undefined;
}

/** The grant manager's comment on a part, shown to the grantee next to it. */
export function ReviewerComment({ text, id }: { text: string | undefined; id?: string }) {
  const t = useT();
  if (!text) return null;
  return (
    <aside className="notice notice--warning reviewer-comment" id={id} data-reviewer-comment>
      <p>
        <strong>{t("reports.comment.label")}:</strong> {text}
      </p>
    </aside>
  );
}

function ErrorLine({ id, errors }: { id: string; errors: readonly string[] | undefined }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field__error">
      {t.maybe(errors[0]!)}
    </p>
  );
}

export function ReportNarrativeSection(props: { section: NarrativeSection; value: string; errors?: readonly string[]; comment?: string; editable: boolean; after?: ReactNode }) {
  const t = useT();
  const name = narrativeField(props.section);
  const id = fieldId(name);
  const titleId = `${id}-title`;
  const commentId = props.comment ? `${id}-comment` : undefined;
  return (
    <section className="card report-part" aria-labelledby={titleId} data-section={props.section}>
      <h2 id={titleId}>{t(sectionLabelKey(props.section))}</h2>
      <ReviewerComment text={props.comment} id={commentId} />
      {props.editable ? (
        <div className={props.errors?.length ? "field field--error" : "field"}>
          <label htmlFor={id} className="visually-hidden">
            {t(sectionLabelKey(props.section))}
          </label>
          <p id={`${id}-hint`} className="field__hint">
            {t(`reports.hint.${props.section}` as MessageKey)}
          </p>
          <ErrorLine id={`${id}-error`} errors={props.errors} />
          <textarea
            id={id}
            name={name}
            rows={7}
            defaultValue={props.value}
            aria-invalid={props.errors?.length ? true : undefined}
            aria-describedby={describedBy(`${id}-hint`, props.errors?.length ? `${id}-error` : undefined, commentId)}
          />
        </div>
      ) : props.value.trim() ? (
        <p className="prose" style={{ whiteSpace: "pre-wrap" }}>
          {props.value}
        </p>
      ) : (
        <p className="muted">—</p>
      )}
      {props.after}
    </section>
  );
}

const num = (n: number | null, locale: "en" | "fr") => (n === null ? "—" : formatNumber(n, locale));

export function ReportIndicators(props: { rows: readonly IndicatorFigures[]; values?: Record<string, string>; errors?: Errors; comment?: string; editable: boolean; after?: ReactNode }) {
  const t = useT();
  const values = props.values ?? {};
  return (
    <section className="card report-part" aria-labelledby="report-indicators-title" data-section="indicators">
      <h2 id="report-indicators-title">{t("reports.section.indicators")}</h2>
      <ReviewerComment text={props.comment} id="report-indicators-comment" />
      {props.rows.length === 0 ? (
        <p className="muted">{t("reports.indicators.none")}</p>
      ) : (
        <>
          <p className="field__hint">{t("reports.indicators.intro")}</p>
          <div className="table-wrap" role="region" aria-labelledby="report-indicators-title" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("reports.indicators.indicator")}</th>
                  <th scope="col">{t("reports.indicators.baseline")}</th>
                  <th scope="col">{t("reports.indicators.target")}</th>
                  <th scope="col">{t("reports.indicators.actual")}</th>
                  <th scope="col">{props.editable ? t("reports.review.comments") : t("reports.indicators.progress")}</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((r) => {
                  const a = actualField(r.code);
                  const c = indicatorCommentField(r.code);
                  const aErr = props.errors?.[a];
                  return (
                    <tr key={r.code} data-indicator={r.code}>
                      <th scope="row">
                        {r.label}
                        {r.unit ? <span className="muted"> ({r.unit})</span> : null}
                      </th>
                      <td>{num(r.baseline, t.locale)}</td>
                      <td>{num(r.target, t.locale)}</td>
                      <td>
                        {props.editable ? (
                          <>
                            <label htmlFor={fieldId(a)} className="visually-hidden">
                              {t("reports.indicators.actualOf", { indicator: r.label })}
                            </label>
                            <ErrorLine id={`${fieldId(a)}-error`} errors={aErr} />
                            <input
                              id={fieldId(a)}
                              name={a}
                              inputMode="decimal"
                              size={10}
                              defaultValue={values[a] ?? ""}
                              aria-invalid={aErr?.length ? true : undefined}
                              aria-describedby={aErr?.length ? `${fieldId(a)}-error` : undefined}
                            />
                          </>
                        ) : (
                          num(r.actual, t.locale)
                        )}
                      </td>
                      <td>
                        {props.editable ? (
                          <>
                            <label htmlFor={fieldId(c)} className="visually-hidden">
                              {t("reports.indicators.commentOf", { indicator: r.label })}
                            </label>
                            <textarea id={fieldId(c)} name={c} rows={2} defaultValue={values[c] ?? ""} />
                          </>
                        ) : (
                          <>
                            {r.progressBp !== null ? t("reports.indicators.progressValue", { percent: formatShare(r.progressBp, t.locale) }) : null}
                            {r.comment ? <p className="small">{r.comment}</p> : null}
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      {props.after}
    </section>
  );
}

export function ReportFinancial(props: {
  budget: readonly BudgetHeadingLine[];
  financial: Record<string, number>;
  values?: Record<string, string>;
  errors?: Errors;
  comment?: string;
  editable: boolean;
  after?: ReactNode;
}) {
  const t = useT();
  const [typed, setTyped] = useState<Record<string, string>>(props.values ?? {});
  // While typing, the figures follow what is typed (amounts that do not parse count as not entered).
  const live: Record<string, number> = {};
  for (const h of props.budget) {
    const c = props.editable ? parseMoneyToCents(typed[spentField(h.code)] ?? "") : props.financial[h.code] ?? null;
    if (c !== null) live[h.code] = c;
  }
  const figures = financialFigures(props.budget, live);
  const share = (bp: number | null) => (bp === null ? "—" : formatShare(bp, t.locale));
  return (
    <section className="card report-part" aria-labelledby="report-financial-title" data-section="financial">
      <h2 id="report-financial-title">{t("reports.section.financial")}</h2>
      <ReviewerComment text={props.comment} id="report-financial-comment" />
      {props.budget.length === 0 ? (
        <p className="muted">{t("reports.financial.none")}</p>
      ) : (
        <>
          {props.editable ? <p className="field__hint">{t("reports.financial.intro")}</p> : null}
          <div className="table-wrap" role="region" aria-labelledby="report-financial-title" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("reports.financial.heading")}</th>
                  <th scope="col">{t("reports.financial.budget")}</th>
                  <th scope="col">{t("reports.financial.spent")}</th>
                  <th scope="col">{t("reports.financial.remaining")}</th>
                  <th scope="col">{t("reports.financial.percent")}</th>
                </tr>
              </thead>
              <tbody>
                {figures.headings.map((h) => {
                  const name = spentField(h.code);
                  const err = props.errors?.[name];
                  return (
                    <tr key={h.code} data-heading={h.code}>
                      <th scope="row">{h.label}</th>
                      <td>{formatMoney(h.budgetCents, t.locale)}</td>
                      <td>
                        {props.editable ? (
                          <>
                            <label htmlFor={fieldId(name)} className="visually-hidden">
                              {t("reports.financial.spentOf", { heading: h.label })}
                            </label>
                            <ErrorLine id={`${fieldId(name)}-error`} errors={err} />
                            <input
                              id={fieldId(name)}
                              name={name}
                              inputMode="decimal"
                              size={12}
                              defaultValue={props.values?.[name] ?? ""}
                              onChange={(e) => setTyped((v) => ({ ...v, [name]: e.target.value }))}
                              aria-invalid={err?.length ? true : undefined}
                              aria-describedby={err?.length ? `${fieldId(name)}-error` : undefined}
                            />
                          </>
                        ) : h.spentCents === null ? (
                          <span className="muted">{t("reports.financial.notEntered")}</span>
                        ) : (
                          formatMoney(h.spentCents, t.locale)
                        )}
                      </td>
                      <td data-remaining>{formatMoney(h.remainingCents, t.locale)}</td>
                      <td data-percent>
                        {share(h.spentBp)}
                        {h.overspent ? <span className="badge badge--danger"> {t("reports.financial.overspent")}</span> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("reports.financial.total")}</th>
                  <td>{formatMoney(figures.budgetCents, t.locale)}</td>
                  <td data-total-spent>{formatMoney(figures.spentCents, t.locale)}</td>
                  <td>{formatMoney(figures.remainingCents, t.locale)}</td>
                  <td>{share(figures.spentBp)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
      {props.after}
    </section>
  );
}
