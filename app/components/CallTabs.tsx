// The pages of one call for staff: overview, edit (drafts), notices (published and open
// calls), the public page as applicants see it, and (from the close on) the evaluation pages
// with their stage tabs.
import { Link } from "@remix-run/react";
import type { EvaluationStage } from "~/modules/evaluation/evaluation-schemas.ts";
import { useT } from "~/utils/i18n.ts";
import { Tabs } from "./Tabs.tsx";

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
    <Tabs label={t("callDesign.tabs.label")} tabs={tabs} current={current}>
      <p className="breadcrumb">
        <Link to="/manage/calls">← {t("callDesign.list.back")}</Link>
      </p>
    </Tabs>
  );
}

/** The stages of a two-stage call's evaluation (concept note, full application), when there are two. */
export function StageTabs({ stages, current }: { stages: readonly EvaluationStage[]; current: string }) {
  const t = useT();
  if (stages.length <= 1) return null;
  return <Tabs label={t("evaluation.stage.label")} tabs={stages.map((s) => ({ key: s, to: `?stage=${s}`, label: t(`evaluation.stage.${s}`) }))} current={current} />;
}
