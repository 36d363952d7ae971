// A proposal's problems in words, each linking to the section of the form where it is fixed.
import { Link } from "@remix-run/react";
import { formatMoney, formatShare } from "~/utils/format.ts";
import { useT, type MessageKey, type Translate } from "~/utils/i18n.ts";

export interface ProblemView {
  section: string;
  field: string;
  messageKey: string;
  params: Record<string, string | number>;
}

const MONEY = ["requested", "total", "indirect", "max", "min"];
const SHARES = ["share", "maxBp"];

/** The problem's sentence: amounts (cents) and shares (basis points) formatted for the page. */
export function problemText(t: Translate, p: ProblemView): string {
  const params: Record<string, string | number> = {};
  const budget = p.messageKey.startsWith("proposals.budget.problem.");
  for (const [k, v] of Object.entries(p.params)) {
    if (budget && typeof v === "number" && MONEY.includes(k)) params[k] = formatMoney(v, t.locale);
    else if (budget && typeof v === "number" && SHARES.includes(k)) params[k] = formatShare(v, t.locale);
    else params[k] = v;
  }
  if (typeof p.params.nameEn === "string") params.name = t.locale === "fr" && p.params.nameFr ? String(p.params.nameFr) : p.params.nameEn;
  return t.maybe(p.messageKey, params);
}

export function sectionHref(proposalId: string, organisationId: string, section: string): string {
  if (section === "organisation") return `/organisation/${organisationId}`;
  return `/proposals/${proposalId}/${section}`;
}

export function sectionName(t: Translate, section: string): string {
  const key = `proposals.section.${section}`;
  return t.maybe(key as MessageKey);
}

export function ProposalProblems({ problems, proposalId, organisationId }: { problems: readonly ProblemView[]; proposalId: string; organisationId: string }) {
  const t = useT();
  return (
    <ul className="proposal-problems">
      {problems.map((p, i) => (
        <li key={`${p.section}-${p.field}-${p.messageKey}-${i}`} data-section={p.section}>
          {problemText(t, p)}{" "}
          <Link to={sectionHref(proposalId, organisationId, p.section)}>{t("proposals.submit.fix", { section: sectionName(t, p.section) })}</Link>
        </li>
      ))}
    </ul>
  );
}
