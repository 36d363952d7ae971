// The pages of one call for staff: overview, edit (drafts), notices (published and open
// calls) and the public page as applicants see it.
import { Link } from "@remix-run/react";
import { useT } from "~/utils/i18n.ts";

export interface CallTabsProps {
  callId: string;
  state: string;
  current: "overview" | "edit" | "notices" | "evaluation" | "results";
  canEdit: boolean;
}

const PUBLIC = ["published", "open", "closed"];
const EVALUATED = ["closed", "under_evaluation", "awarded", "archived"];

export function CallTabs({ callId, state, current, canEdit }: CallTabsProps) {
  const t = useT();
  const base = `/manage/calls/${callId}`;
  const tabs = [
    { key: "overview", to: base, label: t("callDesign.tabs.overview") },
    ...(state === "draft" && canEdit ? [{ key: "edit", to: `${base}/edit`, label: t("callDesign.tabs.edit") }] : []),
    ...(state !== "draft" ? [{ key: "notices", to: `${base}/notices`, label: t("callDesign.tabs.notices") }] : []),
    ...(PUBLIC.includes(state) ? [{ key: "public", to: `/calls/${callId}`, label: t("callDesign.tabs.public") }] : []),
    // Evaluation pages: from the close of the call on.
    ...(EVALUATED.includes(state)
      ? [
          { key: "evaluation", to: `${base}/evaluation`, label: t("evaluation.tabs.assignment") },
          { key: "results", to: `${base}/results`, label: t("evaluation.tabs.results") },
        ]
      : []),
  ];
  return (
    <nav className="call-tabs" aria-label={t("callDesign.tabs.label")}>
      <p className="breadcrumb">
        <Link to="/manage/calls">← {t("callDesign.list.back")}</Link>
      </p>
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
