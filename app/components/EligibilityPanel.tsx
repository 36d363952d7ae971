// "Am I eligible?" on a call's page. Anonymous visitors are invited to sign in; an applicant
// without an organisation is sent to register one; an applicant sees, for each of their own
// organisations, every organisation-level rule of the call named in words: requirements (met
// or not), conditions to meet when applying, and what the project must respect. Results are
// stated in words first; badges only repeat them.
import { Link } from "@remix-run/react";
import type { EligibilityRuleView, EligibilityView, OrganisationEligibility } from "~/modules/calls/call-page.server.ts";
import { useT } from "~/utils/i18n.ts";

export interface EligibilityPanelProps {
  eligibility: EligibilityView;
  /** Where to come back after signing in (this call's page). */
  returnTo: string;
}

export function EligibilityPanel({ eligibility, returnTo }: EligibilityPanelProps) {
  const t = useT();
  return (
    <section className="card eligibility-panel" aria-labelledby="eligibility-check-title" data-eligibility={eligibility.kind}>
      <h2 id="eligibility-check-title">{t("catalogue.panel.title")}</h2>
      {eligibility.kind === "anonymous" ? (
        <>
          <p>{t("catalogue.panel.anonymous")}</p>
          <p className="eligibility-panel__actions">
            <Link className="button" to={`/login?redirectTo=${encodeURIComponent(returnTo)}`}>
              {t("catalogue.panel.signIn")}
            </Link>
            <Link to="/signup">{t("catalogue.panel.signUp")}</Link>
          </p>
        </>
      ) : eligibility.kind === "no_organisation" ? (
        <>
          <p>{t("catalogue.panel.noOrganisation")}</p>
          <p className="eligibility-panel__actions">
            <Link className="button" to="/organisation/new">
              {t("catalogue.panel.createOrganisation")}
            </Link>
          </p>
        </>
      ) : eligibility.kind === "staff" ? (
        <p>{t("catalogue.panel.staff")}</p>
      ) : (
        <>
          {eligibility.organisations.map((organisation) => (
            <OrganisationResult key={organisation.organisationId} organisation={organisation} />
          ))}
          <p className="muted small">{t("catalogue.panel.disclaimer")}</p>
        </>
      )}
    </section>
  );
}

function OrganisationResult({ organisation }: { organisation: OrganisationEligibility }) {
  const t = useT();
  const headingId = `eligibility-${organisation.organisationId}`;
  const requirements = organisation.rules.filter((r) => r.kind === "requirement");
  const conditions = organisation.rules.filter((r) => r.kind === "condition");
  const summary = organisation.rules.filter((r) => r.kind === "summary");
  const verdict = organisation.eligible
    ? t("catalogue.panel.eligible", { organisation: organisation.name })
    : t(organisation.unmet === 1 ? "catalogue.panel.notEligible.one" : "catalogue.panel.notEligible.other", { organisation: organisation.name, count: organisation.unmet });
  return (
    <div className="eligibility-result" aria-labelledby={headingId} role="group" data-eligible={organisation.eligible}>
      <h3 id={headingId}>{organisation.name}</h3>
      <p className={organisation.eligible ? "notice eligibility-result__verdict" : "notice notice--warning eligibility-result__verdict"}>{verdict}</p>
      <RuleList title={t("catalogue.panel.requirements")} rules={requirements} />
      <RuleList title={t("catalogue.panel.conditions")} rules={conditions} />
      <RuleList title={t("catalogue.panel.summary")} rules={summary} />
    </div>
  );
}

function RuleList({ title, rules }: { title: string; rules: EligibilityRuleView[] }) {
  const t = useT();
  if (rules.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <ul className="rule-list">
        {rules.map((rule, i) => {
          const badge =
            rule.kind === "requirement"
              ? rule.met
                ? { tone: "success", label: t("catalogue.panel.met") }
                : { tone: "danger", label: t("catalogue.panel.notMet") }
              : rule.kind === "condition"
                ? rule.met
                  ? { tone: "muted", label: t("catalogue.panel.exempt") }
                  : { tone: "warning", label: t("catalogue.panel.toDo") }
                : null;
          return (
            <li key={`${rule.code}-${i}`} className="rule-list__item" data-rule={rule.code} data-met={rule.met}>
              {badge ? <span className={`badge badge--${badge.tone}`}>{badge.label}</span> : null} <span>{t(rule.messageKey, rule.params)}</span>
            </li>
          );
        })}
      </ul>
    </>
  );
}
