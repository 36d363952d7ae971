// The call page's way in for applicants: start a proposal, or continue the one already begun
// (/proposals/new sends an organisation that has one straight to it).
import { Link } from "@remix-run/react";
import { useT } from "~/utils/i18n.ts";

export function ApplyButton({ callId, show }: { callId: string; show: boolean }) {
  const t = useT();
  if (!show) return null;
  return (
    <p className="apply-button">
      <Link className="button" to={`/proposals/new?call=${encodeURIComponent(callId)}`} data-apply>
        {t("proposals.apply.start")} / {t("proposals.apply.continue")}
      </Link>
    </p>
  );
}
