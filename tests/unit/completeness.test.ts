// Whole-proposal completeness against the call (app/modules/applications/completeness.ts).
import { describe, expect, it } from "vitest";
import { proposalsEn } from "~/locales/areas/proposals.ts";
import { checkCompleteness, missingDocuments, type CompletenessInput } from "~/modules/applications/completeness.ts";
import type { CountryMembership } from "~/modules/applications/partnership.ts";
import { formToObject, parseSection, type ProposalContent, type SchemaOptions } from "~/modules/applications/proposal-schema.ts";

const COUNTRIES = new Map<string, CountryMembership>([
  ["SN", { auMember: true, euMember: false }],
  ["FR", { auMember: false, euMember: true }],
]);
const CALL: CompletenessInput["call"] = {
  jvapDomainCodes: ["D1", "D2"],
  crossCuttingAllowed: false,
  cadizObjectiveCodes: [],
  minDurationMonths: 6,
  maxDurationMonths: 6,
  partnershipRules: { allowAlone: true, maxCoApplicants: 1, exactCoApplicants: 1, euLeadNeedsAuCoApplicant: true, diasporaExempt: true },
  targetCountryRules: { maxCountries: 3, minAuCountries: 1 },
  requiredDocuments: [
    { code: "STATUTES", nameEn: "Statutes", nameFr: "Statuts", stage: "FULL_APPLICATION", required: true },
    { code: "OPTIONAL", nameEn: "Optional", nameFr: "Facultatif", stage: "FULL_APPLICATION", required: false },
    { code: "CN_FORM", nameEn: "CN form", nameFr: "Formulaire", stage: "CONCEPT_NOTE", required: true },
  ],
  maxIndirectCostBp: 700,
  maxCofinancingBp: 10_000,
  minGrantCents: 10_000_000,
  maxGrantCents: 15_000_000,
};

const COMPLETE: ProposalContent = {
  stage: "FULL_APPLICATION",
  sections: {
    summary: { title: "Safe paths", summary: "Info centres", objectives: "Inform", durationMonths: 6 },
    domains: { jvapDomainCodes: ["D1"], cadizObjectiveCodes: [] },
    countries: { targetCountryCodes: ["SN"] },
    partners: { partners: [] },
    logframe: { overallObjective: "o", specificObjectives: "s", results: "r", activities: "a", indicators: [{ description: "i", baseline: "0", target: "10", source: "reports" }] },
    workplan: { activities: [{ name: "Training", months: [1, 2] }] },
    budget: { lines: [{ heading: "staff", description: "Coordinator", units: 6, unitCostCents: 2_000_000 }], requestedAmountCents: 12_000_000 },
  },
};

const input = (over: Partial<CompletenessInput> = {}): CompletenessInput => ({
  call: CALL,
  content: COMPLETE,
  lead: { typeCode: "CSO", countryCode: "SN" },
  leadEligible: true,
  coApplicants: [],
  countries: COUNTRIES,
  documentCodes: ["STATUTES"],
  ...over,
});

describe("checkCompleteness", () => {
  it("a complete proposal has no problems", () => expect(checkCompleteness(input())).toEqual([]));

  it("an empty proposal names every section to go to, and the missing documents", () => {
    const problems = checkCompleteness(input({ content: { stage: "FULL_APPLICATION", sections: {} }, documentCodes: [] }));
    expect(new Set(problems.map((p) => p.section))).toEqual(new Set(["summary", "domains", "countries", "logframe", "workplan", "budget", "documents"]));
    expect(problems.find((p) => p.section === "documents")).toMatchObject({ field: "STATUTES", messageKey: "proposals.problem.missingDocument", params: { nameEn: "Statutes" } });
    // optional and other-stage documents are not asked for
    expect(problems.filter((p) => p.section === "documents")).toHaveLength(1);
    // every message key exists in the catalogue
    for (const p of problems) expect(Object.keys(proposalsEn)).toContain(p.messageKey);
  });

  it("checks the duration, the call's domains, the workplan within the duration, the budget", () => {
    const s = COMPLETE.sections;
    const content: ProposalContent = {
      stage: "FULL_APPLICATION",
      sections: { ...s, summary: { ...s.summary!, durationMonths: 12 }, domains: { jvapDomainCodes: ["D5"], cadizObjectiveCodes: [] }, workplan: { activities: [{ name: "x", months: [] }] }, budget: { ...s.budget!, requestedAmountCents: 20_000_000 } },
    };
    const keys = checkCompleteness(input({ content })).map((p) => p.messageKey);
    expect(keys).toEqual(
      expect.arrayContaining(["proposals.problem.durationRange", "proposals.problem.required.domains", "proposals.problem.domainNotInCall", "proposals.problem.activityNoMonths", "proposals.budget.problem.aboveMaxGrant"]),
    );
  });

  it("an ineligible lead is named; partnership problems point to the partners section", () => {
    const problems = checkCompleteness(input({ leadEligible: false, lead: { typeCode: "CSO", countryCode: "FR" } }));
    expect(problems.map((p) => [p.section, p.messageKey])).toEqual(
      expect.arrayContaining([
        ["organisation", "proposals.problem.organisationNotEligible"],
        ["partners", "proposals.partnership.problem.euLeadNeedsAu"],
      ]),
    );
  });

  it("the concept note is a shorter form: no logframe, workplan or detailed budget; its own documents", () => {
    const content: ProposalContent = { stage: "CONCEPT_NOTE", sections: { ...COMPLETE.sections, indicative: { totalCostCents: 13_000_000, requestedAmountCents: 12_000_000 } } };
    expect(checkCompleteness(input({ content, documentCodes: ["CN_FORM"] }))).toEqual([]);
    expect(missingDocuments(CALL, "CONCEPT_NOTE", []).map((d) => d.code)).toEqual(["CN_FORM"]);
  });
});

describe("section forms", () => {
  const options: SchemaOptions = { jvapDomainCodes: ["D1", "D2"], cadizObjectiveCodes: [], countryCodes: ["SN", "FR"], applicantTypeCodes: ["CSO"], organisationIds: ["org1"], maxDurationMonths: 6 };
  it("reads nested rows from a posted form, drops blank rows, keeps money in cents", () => {
    const form = new URLSearchParams([
      ["version", "3"],
      ["lines.0.heading", "staff"],
      ["lines.0.description", "Coordinator"],
      ["lines.0.units", "6"],
      ["lines.0.unitCost", "20 000,50"],
      ["lines.1.heading", ""],
      ["lines.1.description", ""],
      ["lines.1.units", ""],
      ["lines.1.unitCost", ""],
      ["requestedAmount", "120000"],
    ]);
    expect(parseSection("budget", formToObject(form), options)).toEqual({
      ok: true,
      data: { lines: [{ heading: "staff", description: "Coordinator", units: 6, unitCostCents: 2_000_050 }], requestedAmountCents: 12_000_000 },
    });
  });
  it("gives field-level messages for bad input", () => {
    const r = parseSection("budget", { lines: [{ heading: "staff", description: "x", units: "two", unitCost: "1.2.3" }], requestedAmount: "lots" }, options);
    expect(r).toEqual({ ok: false, fieldErrors: { "lines.0.units": ["proposals.error.wholeNumber"], "lines.0.unitCost": ["proposals.error.money"], requestedAmount: ["proposals.error.money"] } });
    expect(parseSection("domains", { jvapDomainCodes: ["D1", "D9"] }, options)).toMatchObject({ ok: false, fieldErrors: { jvapDomainCodes: ["proposals.error.domainNotInCall"] } });
  });
});
