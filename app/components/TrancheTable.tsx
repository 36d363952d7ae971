// A grant's instalments: what each waits for, planned, due after the 70% rule (with how it was
// computed), released and paid. Amounts in integer cents, formatted for the reader.
import { formatDate, formatMoney } from "~/utils/format.ts";
import { pickBilingual, useT, type MessageKey } from "~/utils/i18n.ts";

export interface TrancheRow {
  id: string;
  number: number;
  kind: string;
  dependsOnText: { en: string; fr: string };
  plannedAmountCents: number;
  dueAmountCents: number | null;
  dueExplanation: { en: string; fr: string } | null;
  releasedAt: string | null;
  paidAmountCents: number | null;
  paidAt: string | null;
}

export function TrancheTable({ tranches, amountCents, showExplanation = true }: { tranches: TrancheRow[]; amountCents: number; showExplanation?: boolean }) {
  const t = useT();
  const money = (c: number) => formatMoney(c, t.locale);
  const total = tranches.reduce((s, x) => s + x.plannedAmountCents, 0);
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t("grants.tranche.caption", { amount: money(amountCents) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("grants.tranche.number")}</th>
            <th scope="col">{t("grants.tranche.dependsOn")}</th>
            <th scope="col">{t("grants.tranche.planned")}</th>
            <th scope="col">{t("grants.tranche.due")}</th>
            <th scope="col">{t("grants.tranche.released")}</th>
            <th scope="col">{t("grants.tranche.paid")}</th>
          </tr>
        </thead>
        <tbody>
          {tranches.map((x) => (
            <tr key={x.id} data-tranche={x.number}>
              <th scope="row">
                {x.number}. {t(`grants.tranche.kind.${x.kind}` as MessageKey)}
              </th>
              <td>{pickBilingual(x.dependsOnText, t.locale, "")}</td>
              <td className="nowrap">{money(x.plannedAmountCents)}</td>
              <td>
                {x.dueAmountCents !== null ? <span className="nowrap">{money(x.dueAmountCents)}</span> : <span className="muted">—</span>}
                {showExplanation && x.dueExplanation ? <p className="small muted">{pickBilingual(x.dueExplanation, t.locale, "")}</p> : null}
              </td>
              <td>{x.releasedAt ? formatDate(x.releasedAt, t.locale) : <span className="muted">{t("grants.tranche.notReleased")}</span>}</td>
              <td>
                {x.paidAt && x.paidAmountCents !== null ? (
                  t("grants.tranche.paidOn", { amount: money(x.paidAmountCents), date: formatDate(x.paidAt, t.locale) })
                ) : (
                  <span className="muted">{t("grants.tranche.notPaid")}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("grants.tranche.total")}</th>
            <td />
            <td className="nowrap">{money(total)}</td>
            <td colSpan={3} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
