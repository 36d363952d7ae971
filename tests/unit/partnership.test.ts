// Co-applicants and target countries against the call (app/modules/applications/partnership.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPartnership, type CountryMembership, type PartnershipInput } from "~/modules/applications/partnership.ts";

const COUNTRIES = new Map<string, CountryMembership>([
  ["SN", { auMember: true, euMember: false }],
  ["ML", { auMember: true, euMember: false }],
  ["MA", { auMember: true, euMember: false }],
  ["GH", { auMember: true, euMember: false }],
  ["FR", { auMember: false, euMember: true }],
  ["DE", { auMember: false, euMember: true }],
  ["CH", { auMember: false, euMember: false }],
]);

/** The 2026 call: alone or exactly 1 co-applicant; EU lead needs AU co-applicant unless diaspora; ≤3 countries, ≥1 AU. */
const CALL_2026 = {
  partnershipRules: { allowAlone: true, maxCoApplicants: 1, exactCoApplicants: 1, euLeadNeedsAuCoApplicant: true, diasporaExempt: true },
  targetCountryRules: { maxCountries: 3, minAuCountries: 1 },
};
const input = (over: Partial<PartnershipInput> = {}): PartnershipInput => ({
  ...CALL_2026,
  lead: { typeCode: "CSO", countryCode: "SN" },
  coApplicants: [],
  targetCountryCodes: ["SN"],
  countries: COUNTRIES,
  ...over,
});
const keys = (i: PartnershipInput) => checkPartnership(i).map((p) => p.messageKey);

describe("partnership", () => {
  it("an AU lead may apply alone", () => expect(keys(input())).toEqual([]));
  it("alone not allowed", () => expect(keys(input({ partnershipRules: { allowAlone: false } }))).toEqual(["proposals.partnership.problem.aloneNotAllowed"]));
  it("exactly one co-applicant, when not alone", () => {
    const two = [{ typeCode: "CSO", countryCode: "ML" }, { typeCode: "CSO", countryCode: "GH" }];
    expect(keys(input({ coApplicants: two }))).toEqual(["proposals.partnership.problem.exactly"]);
    expect(keys(input({ coApplicants: two.slice(0, 1) }))).toEqual([]);
  });
  it("at most N co-applicants", () => {
    const rules = { allowAlone: true, maxCoApplicants: 2 };
    const three = ["ML", "GH", "MA"].map((countryCode) => ({ typeCode: "CSO", countryCode }));
    expect(keys(input({ partnershipRules: rules, coApplicants: three }))).toEqual(["proposals.partnership.problem.tooMany"]);
  });
  it("an EU lead needs an AU co-applicant, unless a diaspora organisation", () => {
    const fr = { typeCode: "CSO", countryCode: "FR" };
    expect(keys(input({ lead: fr }))).toEqual(["proposals.partnership.problem.euLeadNeedsAu"]);
    expect(keys(input({ lead: fr, coApplicants: [{ typeCode: "CSO", countryCode: "DE" }] }))).toEqual(["proposals.partnership.problem.euLeadNeedsAu"]);
    expect(keys(input({ lead: fr, coApplicants: [{ typeCode: "CSO", countryCode: "SN" }] }))).toEqual([]);
    expect(keys(input({ lead: { typeCode: "DIASPORA", countryCode: "FR" } }))).toEqual([]);
    expect(keys(input({ lead: { typeCode: "DIASPORA", countryCode: "FR" }, partnershipRules: { ...CALL_2026.partnershipRules, diasporaExempt: false } }))).toEqual(["proposals.partnership.problem.euLeadNeedsAu"]);
  });
});

describe("target countries", () => {
  it("needs at least one, at most the maximum, enough AU members, only allowed ones", () => {
    expect(keys(input({ targetCountryCodes: [] }))).toEqual(["proposals.countries.problem.none"]);
    expect(keys(input({ targetCountryCodes: ["SN", "ML", "GH", "MA"] }))).toEqual(["proposals.countries.problem.tooMany"]);
    expect(keys(input({ targetCountryCodes: ["FR", "DE"] }))).toEqual(["proposals.countries.problem.tooFewAu"]);
    expect(keys(input({ targetCountryCodes: ["SN", "XX"] }))).toEqual(["proposals.countries.problem.unknown"]);
    expect(keys(input({ targetCountryRules: { allowedCountryCodes: ["SN"] }, targetCountryCodes: ["SN", "ML"] }))).toEqual(["proposals.countries.problem.notAllowed"]);
  });
  it("any choice within the rules passes; counting duplicates once", () => {
    const codes = [...COUNTRIES.keys()];
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...codes), { minLength: 1, maxLength: 3 }), (targets) => {
        const au = targets.filter((c) => COUNTRIES.get(c)!.auMember).length;
        const problems = keys(input({ targetCountryCodes: [...targets, ...targets] }));
        expect(problems.length === 0).toBe(au >= 1);
      }),
    );
  });
});
