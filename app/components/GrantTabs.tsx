// The staff pages of one grant: overview, contract, payments, and the proposal it comes from.
import { useT } from "~/utils/i18n.ts";
import { Tabs } from "./Tabs.tsx";

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
  return <Tabs label={t("grants.tabs.label")} tabs={tabs} current={current} />;
}
