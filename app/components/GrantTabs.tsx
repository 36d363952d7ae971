// The staff pages of one grant: overview, contract, payments, and the proposal it comes from.
import { Link } from "@remix-run/react";
import { useT } from "~/utils/i18n.ts";

export interface GrantTabsProps {
  grantId: string;
  proposalId: string;
  current: "overview" | "contract" | "payments";
}

export function GrantTabs({ grantId, proposalId, current }: GrantTabsProps) {
  const t = useT();
  const base = `/manage/grants/${grantId}`;
  const tabs = [
    { key: "overview", to: base, label: t("grants.tabs.overview") },
    { key: "contract", to: `${base}/contract`, label: t("grants.tabs.contract") },
    { key: "payments", to: `${base}/payments`, label: t("grants.tabs.payments") },
    { key: "proposal", to: `/manage/proposals/${proposalId}`, label: t("grants.tabs.proposal") },
  ];
  return (
    <nav className="call-tabs" aria-label={t("grants.tabs.label")}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.key}>
            <Link to={tab.to} aria-current={tab.key === current ? "page" : undefined}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
