// The proposal's sections with their progress: complete, or how many things remain.
import { NavLink } from "@remix-run/react";
import { useT } from "~/utils/i18n.ts";
import { sectionName } from "./ProposalProblems.tsx";

export interface SectionProgress {
  key: string;
  problems: number;
}

export function ProposalNav({ proposalId, sections }: { proposalId: string; sections: readonly SectionProgress[] }) {
  const t = useT();
  return (
    <nav className="proposal-nav" aria-label={t("proposals.overview.sections")}>
      <ol>
        {sections.map((s) => (
          <li key={s.key} data-section={s.key} data-complete={s.problems === 0 ? "true" : "false"}>
            <NavLink to={`/proposals/${proposalId}/${s.key}`}>{sectionName(t, s.key)}</NavLink>{" "}
            <span className={s.problems === 0 ? "badge badge--success" : "badge badge--warning"}>
              {s.problems === 0 ? t("proposals.overview.sectionDone") : t("proposals.overview.sectionTodo", { count: s.problems })}
            </span>
          </li>
        ))}
        <li>
          <NavLink to={`/proposals/${proposalId}/submit`}>{t("proposals.overview.review")}</NavLink>
        </li>
      </ol>
    </nav>
  );
}
