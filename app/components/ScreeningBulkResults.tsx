// What a bulk action did, proposal by proposal: applied (with the new state) or refused (why).
import { Link } from "@remix-run/react";
import { useT } from "~/utils/i18n.ts";

export interface ScreeningBulkResult {
  id: string;
  reference: string;
  ok: boolean;
  stateLabel: string;
  message?: string;
}

export function ScreeningBulkResults({ results }: { results: readonly ScreeningBulkResult[] }) {
  const t = useT();
  const ok = results.filter((r) => r.ok).length;
  return (
    <section className={ok === results.length ? "notice" : "notice notice--warning"} role="status" aria-labelledby="bulk-results-title">
      <h2 id="bulk-results-title">{t("screening.results.title")}</h2>
      <p>{t("screening.results.summary", { ok, refused: results.length - ok })}</p>
      <ul>
        {results.map((r) => (
          <li key={r.id} data-result={r.ok ? "ok" : "refused"}>
            <Link to={`/manage/proposals/${r.id}`}>
              {r.ok ? t("screening.results.ok", { reference: r.reference, state: r.stateLabel }) : t("screening.results.refused", { reference: r.reference, message: t.maybe(r.message ?? "") })}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
