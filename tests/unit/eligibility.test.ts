// The organisation-level rules of a call (app/modules/calls/eligibility.ts): every rule named,
// in English and French, and the properties that must hold for any call and organisation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogueEn, catalogueFr } from "~/locales/areas/catalogue.ts";
import {
  checkOrganisationEligibility,
  countryCodesIn,
  describeCallRules,
  localiseRuleParams,
  readPartnershipRules,
  readTargetCountryRules,
  type CountryFacts,
  type EligibilityCall,
  type EligibilityRule,
  type RuleNames,
} from "~/modules/calls/eligibility.ts";
import { interpolate, type Locale } from "~/utils/i18n.ts";

const COUNTRIES: CountryFacts[] = [
  { code: "SN", auMember: true, euMember: false },
  { code: "MA", auMember: true, euMember: false },
  { code: "FR", auMember: false, euMember: true },
  { code: "DE", auMember: false, euMember: true },
  { code: "CH", auMember: false, euMember: false },
  { code: "US", auMember: false, euMember: false },
];
const TYPES = ["CSO", "DIASPORA", "LOCAL_AUTHORITY", "RESEARCH", "SOCIAL_ENTERPRISE"];

/** The 2026 demo call's rules. */
const CALL_2026: EligibilityCall = {
  applicantTypeCodes: TYPES,
  leadLocations: ["AU", "EU"],
  targetCountryRules: { maxCountries: 3, minAuCountries: 1 },
  partnershipRules: { allowAlone: true, maxCoApplicants: 1, exactCoApplicants: 1, euLeadNeedsAuCoApplicant: true, diasporaExempt: true },
};

const call = (over: Partial<EligibilityCall> = {}): EligibilityCall => ({ ...CALL_2026, ...over });
const rule = (rules: EligibilityRule[], code: string) => rules.find((r) => r.code === code);

const NAMES: Record<Locale, RuleNames> = {
  en: {
    applicantTypes: new Map([
      ["CSO", "Civil-society organisation / NGO"],
      ["DIASPORA", "Diaspora organisation"],
      ["LOCAL_AUTHORITY", "Local authority"],
    ]),
    countries: new Map([
      ["SN", "Senegal"],
      ["ML", "Mali"],
      ["GM", "Gambia"],
      ["FR", "France"],
      ["CH", "Switzerland"],
    ]),
    locations: { AU: "a member state of the African Union", EU: "a member state of the European Union" },
  },
  fr: {
    applicantTypes: new Map([
      ["CSO", "Organisation de la société civile / ONG"],
      ["DIASPORA", "Organisation de la diaspora"],
      ["LOCAL_AUTHORITY", "Autorité locale"],
    ]),
    countries: new Map([
      ["SN", "Sénégal"],
      ["ML", "Mali"],
      ["GM", "Gambie"],
      ["FR", "France"],
      ["CH", "Suisse"],
    ]),
    locations: { AU: "un État membre de l’Union africaine", EU: "un État membre de l’Union européenne" },
  },
};

/** A rule as the page shows it. */
function words(r: { messageKey: keyof typeof catalogueEn; params: EligibilityRule["params"] }, locale: Locale): string {
  const dict = locale === "fr" ? catalogueFr : catalogueEn;
  return interpolate(dict[r.messageKey], localiseRuleParams(r.params, NAMES[locale], locale), locale);
}

describe("applicant type", () => {
  it("is met when the call lists the organisation's type", () => {
    const result = checkOrganisationEligibility(call(), { typeCode: "CSO", countryCode: "SN" }, COUNTRIES);
    expect(result.eligible).toBe(true);
    expect(rule(result.rules, "applicant_type")).toMatchObject({ kind: "requirement", met: true, messageKey: "catalogue.eligibility.type.met", params: { type: "CSO" } });
  });

  it("is not met, and named with the types the call accepts, when the type is not listed", () => {
    const result = checkOrganisationEligibility(call({ applicantTypeCodes: ["CSO", "LOCAL_AUTHORITY"] }), { typeCode: "DIASPORA", countryCode: "SN" }, COUNTRIES);
    expect(result.eligible).toBe(false);
    const r = rule(result.rules, "applicant_type")!;
    expect(r).toMatchObject({ met: false, messageKey: "catalogue.eligibility.type.unmet", params: { type: "DIASPORA", types: ["CSO", "LOCAL_AUTHORITY"] } });
    expect(words(r, "en")).toBe("Type of organisation: Diaspora organisation. This call is not open to this type: only Civil-society organisation / NGO or Local authority may apply.");
    expect(words(r, "fr")).toBe(
      "Type d’organisation : Organisation de la diaspora. Cet appel n’est pas ouvert à ce type : seuls peuvent répondre les types suivants : Organisation de la société civile / ONG ou Autorité locale.",
    );
  });

  it("is not met when the call lists no type yet", () => {
    const result = checkOrganisationEligibility(call({ applicantTypeCodes: [] }), { typeCode: "CSO", countryCode: "SN" }, COUNTRIES);
    expect(result.eligible).toBe(false);
    expect(rule(result.rules, "applicant_type")?.messageKey).toBe("catalogue.eligibility.type.noneListed");
  });
});

describe("lead applicant location", () => {
  it("accepts an organisation registered in an AU member state when the call accepts AU leads", () => {
    const result = checkOrganisationEligibility(call({ leadLocations: ["AU"] }), { typeCode: "CSO", countryCode: "SN" }, COUNTRIES);
    expect(rule(result.rules, "lead_location")).toMatchObject({ met: true, messageKey: "catalogue.eligibility.lead.met", params: { country: "SN", bloc: "AU" } });
    expect(words(rule(result.rules, "lead_location")!, "en")).toBe("Country of registration: Senegal, a member state of the African Union. Your organisation may be the lead applicant.");
  });

  it("refuses an EU-registered organisation when the call accepts AU leads only, and says where the lead must be registered", () => {
    const result = checkOrganisationEligibility(call({ leadLocations: ["AU"] }), { typeCode: "CSO", countryCode: "FR" }, COUNTRIES);
    expect(result.eligible).toBe(false);
    const r = rule(result.rules, "lead_location")!;
    expect(r).toMatchObject({ met: false, messageKey: "catalogue.eligibility.lead.unmet", params: { country: "FR", locations: ["AU"] } });
    expect(words(r, "en")).toBe(
      "Country of registration: France, which is not a member state of the African Union. The lead applicant must be registered in a member state of the African Union.",
    );
    expect(words(r, "fr")).toBe(
      "Pays d’enregistrement : France, qui n’est pas un État membre de l’Union africaine. Le demandeur principal doit être enregistré dans un État membre de l’Union africaine.",
    );
  });

  it("refuses an AU-registered organisation when the call accepts EU leads only", () => {
    const result = checkOrganisationEligibility(call({ leadLocations: ["EU"] }), { typeCode: "CSO", countryCode: "SN" }, COUNTRIES);
    expect(result.eligible).toBe(false);
    expect(rule(result.rules, "lead_location")?.params).toEqual({ country: "SN", locations: ["EU"] });
  });

  it("refuses an organisation registered outside both unions, naming both", () => {
    const result = checkOrganisationEligibility(call(), { typeCode: "CSO", countryCode: "CH" }, COUNTRIES);
    expect(result.eligible).toBe(false);
    const r = rule(result.rules, "lead_location")!;
    expect(words(r, "en")).toBe(
      "Country of registration: Switzerland, which is not a member state of the African Union or a member state of the European Union. The lead applicant must be registered in a member state of the African Union or a member state of the European Union.",
    );
  });

  it("says so when the country of registration is unknown, and when the call sets no location", () => {
    const unknown = checkOrganisationEligibility(call(), { typeCode: "CSO", countryCode: "ZZ" }, COUNTRIES);
    expect(unknown.eligible).toBe(false);
    expect(rule(unknown.rules, "lead_location")?.messageKey).toBe("catalogue.eligibility.lead.unknownCountry");
    const none = checkOrganisationEligibility(call({ leadLocations: [] }), { typeCode: "CSO", countryCode: "SN" }, COUNTRIES);
    expect(none.eligible).toBe(false);
    expect(rule(none.rules, "lead_location")?.messageKey).toBe("catalogue.eligibility.lead.noneListed");
  });

  it("ignores lead locations other than AU and EU", () => {
    const result = checkOrganisationEligibility(call({ leadLocations: ["XX", "AU"] }), { typeCode: "CSO", countryCode: "SN" }, COUNTRIES);
    expect(result.eligible).toBe(true);
  });
});

describe("partnership conditions", () => {
  it("tells an EU-registered lead that it needs an AU-based co-applicant, without making it ineligible", () => {
    const result = checkOrganisationEligibility(call(), { typeCode: "CSO", countryCode: "FR" }, COUNTRIES);
    expect(result.eligible).toBe(true);
    const r = rule(result.rules, "eu_lead_au_co_applicant")!;
    expect(r).toMatchObject({ kind: "condition", met: false, messageKey: "catalogue.eligibility.euLead.needsAuCoApplicant" });
    expect(words(r, "en")).toBe("Your organisation is registered in the European Union (France): as lead applicant, it needs a co-applicant based in a member state of the African Union.");
  });

  it("exempts an EU-registered diaspora organisation when the call has the diaspora exception", () => {
    const result = checkOrganisationEligibility(call(), { typeCode: "DIASPORA", countryCode: "FR" }, COUNTRIES);
    expect(result.eligible).toBe(true);
    expect(rule(result.rules, "eu_lead_au_co_applicant")).toMatchObject({ kind: "condition", met: true, messageKey: "catalogue.eligibility.euLead.diasporaExempt" });
  });

  it("does not exempt a diaspora organisation when the call has no diaspora exception", () => {
    const strict = call({ partnershipRules: { allowAlone: true, maxCoApplicants: 1, euLeadNeedsAuCoApplicant: true, diasporaExempt: false } });
    const result = checkOrganisationEligibility(strict, { typeCode: "DIASPORA", countryCode: "FR" }, COUNTRIES);
    expect(rule(result.rules, "eu_lead_au_co_applicant")).toMatchObject({ met: false, messageKey: "catalogue.eligibility.euLead.needsAuCoApplicant" });
  });

  it("asks nothing of an AU-registered lead, nor of an EU one when the call has no such rule", () => {
    expect(rule(checkOrganisationEligibility(call(), { typeCode: "CSO", countryCode: "SN" }, COUNTRIES).rules, "eu_lead_au_co_applicant")).toBeUndefined();
    const relaxed = call({ partnershipRules: { allowAlone: true, euLeadNeedsAuCoApplicant: false } });
    expect(rule(checkOrganisationEligibility(relaxed, { typeCode: "CSO", countryCode: "FR" }, COUNTRIES).rules, "eu_lead_au_co_applicant")).toBeUndefined();
  });

  it("tells every lead when it cannot apply alone", () => {
    const exact = call({ partnershipRules: { allowAlone: false, exactCoApplicants: 2 } });
    const r = rule(checkOrganisationEligibility(exact, { typeCode: "CSO", countryCode: "SN" }, COUNTRIES).rules, "co_applicants")!;
    expect(r).toMatchObject({ kind: "condition", met: false, messageKey: "catalogue.rules.partnership.exactly.other", params: { count: 2 } });
    expect(words(r, "fr")).toBe("Vous ne pouvez pas postuler seul : il vous faut exactement 2 codemandeurs.");
    const range = call({ partnershipRules: { allowAlone: false, maxCoApplicants: 3 } });
    expect(rule(checkOrganisationEligibility(range, { typeCode: "CSO", countryCode: "SN" }, COUNTRIES).rules, "co_applicants")?.messageKey).toBe("catalogue.rules.partnership.between");
  });

  it("adds no partnership condition for an organisation that may not lead at all", () => {
    const result = checkOrganisationEligibility(call({ leadLocations: ["AU"] }), { typeCode: "CSO", countryCode: "FR" }, COUNTRIES);
    expect(result.rules.filter((r) => r.kind === "condition")).toEqual([]);
  });
});

describe("target countries", () => {
  it("summarises the 2026 rule: up to 3 countries, at least 1 an AU member state", () => {
    const result = checkOrganisationEligibility(call(), { typeCode: "CSO", countryCode: "SN" }, COUNTRIES);
    const r = rule(result.rules, "target_countries")!;
    expect(r).toMatchObject({ kind: "summary", met: true, messageKey: "catalogue.rules.targets.upToWithAu.one", params: { max: 3, minAu: 1 } });
    expect(words(r, "en")).toBe("Your project may target up to 3 countries, at least one of them a member state of the African Union.");
    expect(words(r, "fr")).toBe("Votre projet peut viser jusqu’à 3 pays, dont au moins un État membre de l’Union africaine.");
  });

  it("names the allowed target countries when the call restricts them", () => {
    const restricted = call({ targetCountryRules: { maxCountries: 2, minAuCountries: 2, allowedCountryCodes: ["sn", "ML", "GM"] } });
    const rules = checkOrganisationEligibility(restricted, { typeCode: "CSO", countryCode: "SN" }, COUNTRIES).rules;
    expect(rule(rules, "target_countries")?.messageKey).toBe("catalogue.rules.targets.upToWithAu.other");
    const allowed = rule(rules, "target_countries_allowed")!;
    expect(words(allowed, "en")).toBe("Target countries must be among: Senegal, Mali and Gambia.");
    expect(words(allowed, "fr")).toBe("Les pays visés doivent être choisis parmi : Sénégal, Mali et Gambie.");
    expect(countryCodesIn(rules).sort()).toEqual(["GM", "ML", "SN"]);
  });

  it("reads one country, no limit and malformed rules", () => {
    expect(describeCallRules(call({ targetCountryRules: { maxCountries: 1, minAuCountries: 1 } })).find((r) => r.code === "target_countries")?.messageKey).toBe("catalogue.rules.targets.single.au");
    expect(describeCallRules(call({ targetCountryRules: {} })).find((r) => r.code === "target_countries")?.messageKey).toBe("catalogue.rules.targets.noLimit");
    expect(readTargetCountryRules("nonsense")).toEqual({ maxCountries: null, minAuCountries: 0, allowedCountryCodes: [] });
    expect(readTargetCountryRules({ maxCountries: "three", minAuCountries: -1 })).toEqual({ maxCountries: null, minAuCountries: 0, allowedCountryCodes: [] });
    expect(readPartnershipRules(null)).toEqual({ allowAlone: true, maxCoApplicants: null, exactCoApplicants: null, euLeadNeedsAuCoApplicant: false, diasporaExempt: false });
  });
});

describe("describeCallRules", () => {
  it("puts the 2026 call in words", () => {
    const rules = describeCallRules(CALL_2026);
    expect(rules.map((r) => r.messageKey)).toEqual([
      "catalogue.rules.types",
      "catalogue.rules.lead",
      "catalogue.rules.partnership.aloneOrExactly.one",
      "catalogue.rules.partnership.euLead.diasporaExempt",
      "catalogue.rules.targets.upToWithAu.one",
    ]);
    expect(rules.map((r) => words(r, "en"))).toContain("You may apply alone or with exactly one co-applicant.");
    expect(words(rules[1]!, "fr")).toBe("Le demandeur principal doit être enregistré dans un État membre de l’Union africaine ou un État membre de l’Union européenne.");
  });

  it("leaves out the EU-lead rule when EU leads are not accepted", () => {
    expect(describeCallRules(call({ leadLocations: ["AU"] })).some((r) => r.code === "eu_lead_au_co_applicant")).toBe(false);
  });
});

// ------------------------------------------------------------------ properties

const typeArb = fc.constantFrom(...TYPES);
const countryArb = fc.constantFrom(...COUNTRIES.map((c) => c.code), "ZZ");
const rulesJsonArb = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      allowAlone: fc.boolean(),
      maxCoApplicants: fc.oneof(fc.nat(5), fc.constant(null)),
      exactCoApplicants: fc.oneof(fc.nat(5), fc.constant(null)),
      euLeadNeedsAuCoApplicant: fc.boolean(),
      diasporaExempt: fc.boolean(),
      maxCountries: fc.oneof(fc.nat(6), fc.constant(null)),
      minAuCountries: fc.nat(3),
      allowedCountryCodes: fc.array(countryArb, { maxLength: 4 }),
    },
    { requiredKeys: [] },
  ),
);
const callArb: fc.Arbitrary<EligibilityCall> = fc.record({
  applicantTypeCodes: fc.subarray(TYPES),
  leadLocations: fc.subarray(["AU", "EU", "XX"]),
  targetCountryRules: rulesJsonArb,
  partnershipRules: rulesJsonArb,
});
const orgArb = fc.record({ typeCode: typeArb, countryCode: countryArb });

describe("properties", () => {
  it("an organisation whose type is not listed is never eligible", () => {
    fc.assert(
      fc.property(callArb, orgArb, (c, org) => {
        fc.pre(!c.applicantTypeCodes.includes(org.typeCode));
        const result = checkOrganisationEligibility(c, org, COUNTRIES);
        expect(result.eligible).toBe(false);
        expect(result.rules.find((r) => r.code === "applicant_type")?.met).toBe(false);
      }),
    );
  });

  it("eligible exactly when the type is listed and the country is in a union the call accepts leads from", () => {
    fc.assert(
      fc.property(callArb, orgArb, (c, org) => {
        const country = COUNTRIES.find((x) => x.code === org.countryCode);
        const inUnion = !!country && ((c.leadLocations.includes("AU") && country.auMember) || (c.leadLocations.includes("EU") && country.euMember));
        expect(checkOrganisationEligibility(c, org, COUNTRIES).eligible).toBe(c.applicantTypeCodes.includes(org.typeCode) && inUnion);
      }),
    );
  });

  it("conditions and summaries never change eligibility", () => {
    fc.assert(
      fc.property(callArb, rulesJsonArb, rulesJsonArb, orgArb, (c, partnership, targets, org) => {
        const before = checkOrganisationEligibility(c, org, COUNTRIES);
        const after = checkOrganisationEligibility({ ...c, partnershipRules: partnership, targetCountryRules: targets }, org, COUNTRIES);
        expect(after.eligible).toBe(before.eligible);
        expect(before.eligible).toBe(before.rules.every((r) => r.kind !== "requirement" || r.met));
      }),
    );
  });

  it("names every rule in English and French, with every parameter filled in", () => {
    fc.assert(
      fc.property(callArb, orgArb, (c, org) => {
        const result = checkOrganisationEligibility(c, org, COUNTRIES);
        expect(result.rules.filter((r) => r.kind === "requirement").map((r) => r.code)).toEqual(["applicant_type", "lead_location"]);
        for (const r of [...result.rules, ...describeCallRules(c)]) {
          for (const locale of ["en", "fr"] as const) {
            const text = words(r, locale);
            expect(text.trim().length, r.messageKey).toBeGreaterThan(10);
            expect(text, `${locale} ${r.messageKey}`).not.toMatch(/\{\w+\}/);
          }
        }
      }),
    );
  });

  it("an EU-registered lead of a call with the AU co-applicant rule gets the condition, unless exempt as diaspora", () => {
    fc.assert(
      fc.property(fc.boolean(), typeArb, fc.constantFrom("FR", "DE"), (diasporaExempt, typeCode, countryCode) => {
        const c = call({ partnershipRules: { allowAlone: true, euLeadNeedsAuCoApplicant: true, diasporaExempt } });
        const r = checkOrganisationEligibility(c, { typeCode, countryCode }, COUNTRIES).rules.find((x) => x.code === "eu_lead_au_co_applicant");
        expect(r?.kind).toBe("condition");
        expect(r?.met).toBe(diasporaExempt && typeCode === "DIASPORA");
      }),
    );
  });
});
