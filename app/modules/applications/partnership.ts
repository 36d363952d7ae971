// The partnership and the target countries of a proposal against the call's rules. Pure: the
// caller passes the lead applicant, the co-applicants (registered or invited) and the facts
// about the countries (AU / EU membership).
import { DIASPORA_TYPE, readPartnershipRules, readTargetCountryRules } from "~/modules/calls/eligibility.ts";

export interface PartyFacts {
  typeCode: string;
  countryCode: string;
}

export interface CountryMembership {
  auMember: boolean;
  euMember: boolean;
}

export interface PartnershipProblem {
  section: "partners" | "countries";
  field: string;
  messageKey:
    | "proposals.partnership.problem.aloneNotAllowed"
    | "proposals.partnership.problem.exactly"
    | "proposals.partnership.problem.tooMany"
    | "proposals.partnership.problem.euLeadNeedsAu"
    | "proposals.partnership.problem.unknownPartnerCountry"
    | "proposals.countries.problem.none"
    | "proposals.countries.problem.tooMany"
    | "proposals.countries.problem.tooFewAu"
    | "proposals.countries.problem.notAllowed"
    | "proposals.countries.problem.unknown";
  params: Record<string, string | number>;
}

export interface PartnershipInput {
  partnershipRules: unknown;
  targetCountryRules: unknown;
  lead: PartyFacts;
  coApplicants: readonly PartyFacts[];
  targetCountryCodes: readonly string[];
  countries: ReadonlyMap<string, CountryMembership>;
}

export function checkPartnership(input: PartnershipInput): PartnershipProblem[] {
  const rules = readPartnershipRules(input.partnershipRules);
  const problems: PartnershipProblem[] = [];
  const n = input.coApplicants.length;
  const partner = (field: string, messageKey: PartnershipProblem["messageKey"], params: PartnershipProblem["params"] = {}) =>
    problems.push({ section: "partners", field, messageKey, params });

  // How many co-applicants.
  if (n === 0 && !rules.allowAlone) partner("partners", "proposals.partnership.problem.aloneNotAllowed");
  if (rules.exactCoApplicants !== null && rules.exactCoApplicants > 0 && n > 0 && n !== rules.exactCoApplicants) {
    partner("partners", "proposals.partnership.problem.exactly", { count: rules.exactCoApplicants });
  } else if (rules.maxCoApplicants !== null && n > rules.maxCoApplicants) {
    partner("partners", "proposals.partnership.problem.tooMany", { max: rules.maxCoApplicants });
  }
  input.coApplicants.forEach((c, i) => {
    if (!input.countries.has(c.countryCode)) partner(`partners.${i}.countryCode`, "proposals.partnership.problem.unknownPartnerCountry", { partner: i + 1 });
  });

  // An EU-based lead needs an AU-based co-applicant, unless exempt as a diaspora organisation.
  const lead = input.countries.get(input.lead.countryCode);
  const leadIsEu = !!lead && lead.euMember && !lead.auMember;
  if (rules.euLeadNeedsAuCoApplicant && leadIsEu && !(rules.diasporaExempt && input.lead.typeCode === DIASPORA_TYPE)) {
    if (!input.coApplicants.some((c) => input.countries.get(c.countryCode)?.auMember)) partner("partners", "proposals.partnership.problem.euLeadNeedsAu");
  }

  // Target countries.
  const targets = [...new Set(input.targetCountryCodes)];
  const t = readTargetCountryRules(input.targetCountryRules);
  const country = (messageKey: PartnershipProblem["messageKey"], params: PartnershipProblem["params"] = {}) =>
    problems.push({ section: "countries", field: "targetCountryCodes", messageKey, params });
  if (targets.length === 0) country("proposals.countries.problem.none");
  if (t.maxCountries !== null && targets.length > t.maxCountries) country("proposals.countries.problem.tooMany", { max: t.maxCountries });
  const unknown = targets.filter((c) => !input.countries.has(c));
  if (unknown.length > 0) country("proposals.countries.problem.unknown", { countries: unknown.join(", ") });
  if (targets.length > 0) {
    const au = targets.filter((c) => input.countries.get(c)?.auMember).length;
    if (au < t.minAuCountries) country("proposals.countries.problem.tooFewAu", { min: t.minAuCountries });
  }
  if (t.allowedCountryCodes.length > 0) {
    const outside = targets.filter((c) => !t.allowedCountryCodes.includes(c));
    if (outside.length > 0) country("proposals.countries.problem.notAllowed", { countries: outside.join(", ") });
  }
  return problems;
}
