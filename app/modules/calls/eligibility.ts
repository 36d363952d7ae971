// Who may apply to a call, in words. Pure: no I/O, no locale. The caller passes the call's
// rules, the organisation and the facts about the countries involved; what comes back is a
// list of rules, each with a message key of the catalogue area and its parameters, so that
// the page can name every rule (met or not) in the visitor's language.
//
// Three kinds of rule:
// - requirement: decides eligibility (applicant type, where the lead applicant is registered);
// - condition: something the organisation will have to bring when it applies (a co-applicant
//   based in the African Union...). Conditions never make an organisation ineligible; `met`
//   says whether the organisation already satisfies it (true for an exemption);
// - summary: what the proposal itself must respect (target countries), for information.
//
// Parameters follow a naming convention so that `localiseRuleParams` can put names in place
// of codes: `type` (an applicant type code), `types` (applicant type codes), `country` (an ISO
// code), `countries` (ISO codes), `bloc` ("AU" or "EU"), `locations` ("AU"/"EU" list); numbers
// are counts.
import { z } from "zod";
import type { catalogueEn } from "~/locales/areas/catalogue.ts";
import { formatList } from "~/utils/format.ts";
import type { Locale } from "~/utils/i18n.ts";

export type CatalogueKey = keyof typeof catalogueEn;
export type LeadLocation = "AU" | "EU";
export const LEAD_LOCATIONS = ["AU", "EU"] as const satisfies readonly LeadLocation[];

/** The applicant type of diaspora organisations (reference data: applicant-types.json). */
export const DIASPORA_TYPE = "DIASPORA";

// ------------------------------------------------------------------ the call's rules, read tolerantly

const count = z.number().int().min(0);

/** `Call.targetCountryRules`: anything malformed reads as "no rule" rather than failing the page. */
export const TargetCountryRulesSchema = z
  .object({
    maxCountries: count.nullish().catch(undefined),
    minAuCountries: count.nullish().catch(undefined),
    allowedCountryCodes: z.array(z.string()).nullish().catch(undefined),
  })
  .catch({});

/** `Call.partnershipRules`. */
export const PartnershipRulesSchema = z
  .object({
    allowAlone: z.boolean().catch(true),
    maxCoApplicants: count.nullish().catch(undefined),
    exactCoApplicants: count.nullish().catch(undefined),
    euLeadNeedsAuCoApplicant: z.boolean().catch(false),
    diasporaExempt: z.boolean().catch(false),
  })
  .catch({ allowAlone: true, euLeadNeedsAuCoApplicant: false, diasporaExempt: false });

export interface TargetCountryRules {
  maxCountries: number | null;
  minAuCountries: number;
  allowedCountryCodes: string[];
}

export interface PartnershipRules {
  allowAlone: boolean;
  maxCoApplicants: number | null;
  exactCoApplicants: number | null;
  euLeadNeedsAuCoApplicant: boolean;
  diasporaExempt: boolean;
}

export function readTargetCountryRules(raw: unknown): TargetCountryRules {
  const r = TargetCountryRulesSchema.parse(raw ?? {});
  return {
    maxCountries: r.maxCountries ? r.maxCountries : null,
    minAuCountries: r.minAuCountries ?? 0,
    allowedCountryCodes: [...new Set((r.allowedCountryCodes ?? []).map((c) => c.trim().toUpperCase()).filter((c) => c !== ""))],
  };
}

export function readPartnershipRules(raw: unknown): PartnershipRules {
  const r = PartnershipRulesSchema.parse(raw ?? {});
  return {
    allowAlone: r.allowAlone,
    maxCoApplicants: r.maxCoApplicants ?? null,
    exactCoApplicants: r.exactCoApplicants ?? null,
    euLeadNeedsAuCoApplicant: r.euLeadNeedsAuCoApplicant,
    diasporaExempt: r.diasporaExempt,
  };
}

export function readLeadLocations(raw: readonly string[]): LeadLocation[] {
  return LEAD_LOCATIONS.filter((l) => raw.includes(l));
}

// ------------------------------------------------------------------ inputs and results

/** What the rules need from a call (a Prisma `Call` row fits). */
export interface EligibilityCall {
  applicantTypeCodes: readonly string[];
  leadLocations: readonly string[];
  targetCountryRules: unknown;
  partnershipRules: unknown;
}

export interface EligibilityOrganisation {
  typeCode: string;
  countryCode: string;
}

export interface CountryFacts {
  code: string;
  auMember: boolean;
  euMember: boolean;
}

export type RuleKind = "requirement" | "condition" | "summary";
export type RuleCode = "applicant_type" | "lead_location" | "co_applicants" | "eu_lead_au_co_applicant" | "target_countries" | "target_countries_allowed";
export type RuleParamValue = string | number | readonly string[];
export type RuleParams = Readonly<Record<string, RuleParamValue>>;

/** A rule of the call in words, not tied to an organisation. */
export interface CallRule {
  code: RuleCode;
  messageKey: CatalogueKey;
  params: RuleParams;
}

export interface EligibilityRule extends CallRule {
  kind: RuleKind;
  met: boolean;
}

export interface EligibilityResult {
  /** Every requirement is met (conditions and summaries never change this). */
  eligible: boolean;
  rules: EligibilityRule[];
}

// ------------------------------------------------------------------ the call's rules in words

function coApplicantRule(p: PartnershipRules): CallRule {
  const exact = p.exactCoApplicants;
  const max = p.maxCoApplicants;
  if (p.allowAlone) {
    if (exact !== null && exact > 0) return { code: "co_applicants", messageKey: exact === 1 ? "catalogue.rules.partnership.aloneOrExactly.one" : "catalogue.rules.partnership.aloneOrExactly.other", params: { count: exact } };
    if (max === 0) return { code: "co_applicants", messageKey: "catalogue.rules.partnership.aloneOnly", params: {} };
    if (max !== null) return { code: "co_applicants", messageKey: max === 1 ? "catalogue.rules.partnership.aloneOrUpTo.one" : "catalogue.rules.partnership.aloneOrUpTo.other", params: { count: max } };
    return { code: "co_applicants", messageKey: "catalogue.rules.partnership.aloneOrAny", params: {} };
  }
  if (exact !== null && exact > 0) return { code: "co_applicants", messageKey: exact === 1 ? "catalogue.rules.partnership.exactly.one" : "catalogue.rules.partnership.exactly.other", params: { count: exact } };
  if (max !== null && max > 1) return { code: "co_applicants", messageKey: "catalogue.rules.partnership.between", params: { max } };
  if (max === 1) return { code: "co_applicants", messageKey: "catalogue.rules.partnership.exactly.one", params: { count: 1 } };
  return { code: "co_applicants", messageKey: "catalogue.rules.partnership.atLeastOne", params: {} };
}

function targetCountryRules(t: TargetCountryRules): CallRule[] {
  const { maxCountries: max, minAuCountries: minAu } = t;
  let main: CallRule;
  if (max === null) {
    main = minAu === 0 ? { code: "target_countries", messageKey: "catalogue.rules.targets.noLimit", params: {} } : { code: "target_countries", messageKey: minAu === 1 ? "catalogue.rules.targets.noLimitWithAu.one" : "catalogue.rules.targets.noLimitWithAu.other", params: { minAu } };
  } else if (max === 1) {
    main = { code: "target_countries", messageKey: minAu > 0 ? "catalogue.rules.targets.single.au" : "catalogue.rules.targets.single", params: { max } };
  } else if (minAu === 0) {
    main = { code: "target_countries", messageKey: "catalogue.rules.targets.upTo", params: { max } };
  } else {
    main = { code: "target_countries", messageKey: minAu === 1 ? "catalogue.rules.targets.upToWithAu.one" : "catalogue.rules.targets.upToWithAu.other", params: { max, minAu } };
  }
  const rules = [main];
  if (t.allowedCountryCodes.length > 0) rules.push({ code: "target_countries_allowed", messageKey: "catalogue.rules.targets.allowed", params: { countries: t.allowedCountryCodes } });
  return rules;
}

/**
 * The call's organisation and partnership rules in words, for its public page: who may
 * apply, where the lead applicant must be registered, co-applicants, target countries.
 */
export function describeCallRules(call: EligibilityCall): CallRule[] {
  const locations = readLeadLocations(call.leadLocations);
  const partnership = readPartnershipRules(call.partnershipRules);
  const rules: CallRule[] = [
    call.applicantTypeCodes.length > 0
      ? { code: "applicant_type", messageKey: "catalogue.rules.types", params: { types: [...call.applicantTypeCodes] } }
      : { code: "applicant_type", messageKey: "catalogue.rules.types.none", params: {} },
    locations.length > 0 ? { code: "lead_location", messageKey: "catalogue.rules.lead", params: { locations } } : { code: "lead_location", messageKey: "catalogue.rules.lead.none", params: {} },
    coApplicantRule(partnership),
  ];
  if (partnership.euLeadNeedsAuCoApplicant && locations.includes("EU")) {
    rules.push({ code: "eu_lead_au_co_applicant", messageKey: partnership.diasporaExempt ? "catalogue.rules.partnership.euLead.diasporaExempt" : "catalogue.rules.partnership.euLead", params: {} });
  }
  rules.push(...targetCountryRules(readTargetCountryRules(call.targetCountryRules)));
  return rules;
}

// ------------------------------------------------------------------ one organisation against the call

const requirement = (rule: CallRule, met: boolean): EligibilityRule => ({ ...rule, kind: "requirement", met });

/**
 * The organisation-level rules of a call for one organisation: whether its type may apply and
 * whether it may lead from where it is registered (requirements); what it will have to bring
 * when it applies (conditions); what its project must respect (summary).
 */
export function checkOrganisationEligibility(call: EligibilityCall, organisation: EligibilityOrganisation, countries: readonly CountryFacts[]): EligibilityResult {
  const rules: EligibilityRule[] = [];
  const type = organisation.typeCode;

  // 1. The type of organisation.
  if (call.applicantTypeCodes.length === 0) {
    rules.push(requirement({ code: "applicant_type", messageKey: "catalogue.eligibility.type.noneListed", params: { type } }, false));
  } else if (call.applicantTypeCodes.includes(type)) {
    rules.push(requirement({ code: "applicant_type", messageKey: "catalogue.eligibility.type.met", params: { type } }, true));
  } else {
    rules.push(requirement({ code: "applicant_type", messageKey: "catalogue.eligibility.type.unmet", params: { type, types: [...call.applicantTypeCodes] } }, false));
  }

  // 2. Where the lead applicant is registered: an AU and/or EU member state, as the call allows.
  const locations = readLeadLocations(call.leadLocations);
  const country = countries.find((c) => c.code === organisation.countryCode) ?? null;
  const bloc = country ? locations.find((l) => (l === "AU" ? country.auMember : country.euMember)) : undefined;
  if (locations.length === 0) {
    rules.push(requirement({ code: "lead_location", messageKey: "catalogue.eligibility.lead.noneListed", params: {} }, false));
  } else if (!country) {
    rules.push(requirement({ code: "lead_location", messageKey: "catalogue.eligibility.lead.unknownCountry", params: { country: organisation.countryCode, locations } }, false));
  } else if (bloc) {
    rules.push(requirement({ code: "lead_location", messageKey: "catalogue.eligibility.lead.met", params: { country: country.code, bloc } }, true));
  } else {
    rules.push(requirement({ code: "lead_location", messageKey: "catalogue.eligibility.lead.unmet", params: { country: country.code, locations } }, false));
  }

  // 3. Partnership consequences, only for an organisation that may lead at all.
  if (bloc) {
    const partnership = readPartnershipRules(call.partnershipRules);
    if (!partnership.allowAlone) {
      const rule = coApplicantRule(partnership);
      rules.push({ ...rule, kind: "condition", met: false });
    }
    if (partnership.euLeadNeedsAuCoApplicant && bloc === "EU") {
      const exempt = partnership.diasporaExempt && type === DIASPORA_TYPE;
      rules.push({
        code: "eu_lead_au_co_applicant",
        kind: "condition",
        met: exempt,
        messageKey: exempt ? "catalogue.eligibility.euLead.diasporaExempt" : "catalogue.eligibility.euLead.needsAuCoApplicant",
        params: { country: country?.code ?? organisation.countryCode },
      });
    }
  }

  // 4. What the project must respect.
  for (const rule of targetCountryRules(readTargetCountryRules(call.targetCountryRules))) rules.push({ ...rule, kind: "summary", met: true });

  return { eligible: rules.every((r) => r.kind !== "requirement" || r.met), rules };
}

// ------------------------------------------------------------------ parameters in words

export interface RuleNames {
  applicantTypes: ReadonlyMap<string, string>;
  countries: ReadonlyMap<string, string>;
  /** "a member state of the African Union" / "…of the European Union", in the page's language. */
  locations: Readonly<Record<LeadLocation, string>>;
}

/**
 * Replaces codes by names, following the parameter naming convention above; lists are joined
 * in the language's words ("A, B or C"). Unknown codes show as the code.
 */
export function localiseRuleParams(params: RuleParams, names: RuleNames, locale: Locale): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const one = (map: ReadonlyMap<string, string>, code: string) => map.get(code) ?? code;
  const location = (code: string) => (code === "AU" || code === "EU" ? names.locations[code] : code);
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "number") {
      out[name] = value;
      continue;
    }
    const list = typeof value === "string" ? [value] : [...value];
    switch (name) {
      case "type":
      case "types":
        out[name] = formatList(list.map((c) => one(names.applicantTypes, c)), locale, "disjunction");
        break;
      case "country":
      case "countries":
        out[name] = formatList(list.map((c) => one(names.countries, c)), locale, "conjunction");
        break;
      case "bloc":
      case "locations":
        out[name] = formatList(list.map(location), locale, "disjunction");
        break;
      default:
        out[name] = list.join(", ");
    }
  }
  return out;
}

/** The country codes rules mention (to load their names in one query). */
export function countryCodesIn(rules: readonly CallRule[]): string[] {
  const codes = new Set<string>();
  for (const rule of rules) {
    for (const name of ["country", "countries"] as const) {
      const value = rule.params[name];
      if (typeof value === "string") codes.add(value);
      else if (Array.isArray(value)) for (const c of value as readonly string[]) codes.add(c);
    }
  }
  return [...codes];
}
