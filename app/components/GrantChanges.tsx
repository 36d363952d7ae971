// What happened to a grant, newest first: contract edits field by field, adjustments,
// payments and state changes, with who did it and the reason given.
import { formatDateTime } from "~/utils/format.ts";
import { isMessageKey, useT, type MessageKey } from "~/utils/i18n.ts";

const FIELD_LABELS: Record<string, MessageKey> = {
  amountCents: "grants.facts.amount",
  totalEligibleCostsCents: "grants.facts.totalEligibleCosts",
  eligibleCostsShareBp: "grants.facts.share",
  startDate: "grants.contract.startDate",
  endDate: "grants.contract.endDate",
  reportingPeriodMonths: "grants.contract.reportingPeriodMonths",
  finalReportMonths: "grants.contract.finalReportMonths",
  budget: "grants.contract.budget",
  logframe: "grants.contract.logframe",
};

export interface GrantChangeRow {
  id: string;
  at: string;
  action: string;
  actor: string | null;
  changes: { field: string; from: string; to: string }[];
  reason: string | null;
}

export function GrantChanges({ changes }: { changes: GrantChangeRow[] }) {
  const t = useT();
  return (
    <section aria-labelledby="changes-title" className="card">
      <h2 id="changes-title">{t("grants.overview.changes")}</h2>
      {changes.length === 0 ? (
        <p className="muted">{t("grants.overview.noChanges")}</p>
      ) : (
        <ol className="timeline">
          {changes.map((c) => {
            const key = `grants.change.${c.action}`;
            return (
              <li key={c.id}>
                <strong>{isMessageKey(key) ? t(key) : t("grants.change.other")}</strong>{" "}
                <span className="muted small">
                  {formatDateTime(c.at, t.locale)}
                  {c.actor ? ` · ${t("grants.change.by", { name: c.actor })}` : ""}
                </span>
                {c.changes.length > 0 ? (
                  <ul className="small">
                    {c.changes.map((f) => (
                      <li key={f.field}>{t("grants.change.field", { field: FIELD_LABELS[f.field] ? t(FIELD_LABELS[f.field]!) : f.field, from: f.from, to: f.to })}</li>
                    ))}
                  </ul>
                ) : null}
                {c.reason ? <p className="small">{t("grants.change.reason", { reason: c.reason })}</p> : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
