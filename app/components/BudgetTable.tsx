// The budget's totals: per heading, direct, indirect, total, requested and its share, with
// the call's limits next to them. Amounts in integer cents.
import { formatMoney, formatShare } from "~/utils/format.ts";
import { useT, type MessageKey } from "~/utils/i18n.ts";

export interface BudgetTotalsView {
  byHeading: Record<string, number>;
  directCents: number;
  indirectCents: number;
  totalCents: number;
  maxIndirectCents: number;
  maxRequestableCents: number;
  requestedCents: number;
  requestedShareBp: number;
}

export function BudgetTable({ totals, maxIndirectCostBp, maxCofinancingBp }: { totals: BudgetTotalsView; maxIndirectCostBp: number; maxCofinancingBp: number }) {
  const t = useT();
  const money = (c: number) => formatMoney(c, t.locale);
  return (
    <div className="table-wrap budget-totals" role="region" aria-labelledby="budget-totals-title" tabIndex={0}>
      <table>
        <caption id="budget-totals-title">{t("proposals.budget.totals")}</caption>
        <tbody>
          {Object.entries(totals.byHeading)
            .filter(([h, v]) => v > 0 && h !== "indirect")
            .map(([h, v]) => (
              <tr key={h}>
                <th scope="row">{t(`proposals.heading.${h}` as MessageKey)}</th>
                <td className="num">{money(v)}</td>
              </tr>
            ))}
          <tr>
            <th scope="row">{t("proposals.budget.direct")}</th>
            <td className="num" data-total="direct">{money(totals.directCents)}</td>
          </tr>
          <tr>
            <th scope="row">
              {t("proposals.budget.indirect")}
              <span className="muted block small">{t("proposals.budget.indirectMax", { share: formatShare(maxIndirectCostBp, t.locale), amount: money(totals.maxIndirectCents) })}</span>
            </th>
            <td className="num" data-total="indirect">{money(totals.indirectCents)}</td>
          </tr>
          <tr>
            <th scope="row">{t("proposals.budget.total")}</th>
            <td className="num" data-total="total"><strong>{money(totals.totalCents)}</strong></td>
          </tr>
          <tr>
            <th scope="row">{t("proposals.budget.requested")}</th>
            <td className="num" data-total="requested">{money(totals.requestedCents)}</td>
          </tr>
          <tr>
            <th scope="row">
              {t("proposals.budget.share")}
              <span className="muted block small">{t("proposals.budget.shareMax", { share: formatShare(maxCofinancingBp, t.locale), amount: money(totals.maxRequestableCents) })}</span>
            </th>
            <td className="num" data-total="share">{formatShare(totals.requestedShareBp, t.locale)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
