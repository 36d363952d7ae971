// validateCall checks a call as a unit before it is published. One complete call of each
// procedure passes; then every rule is broken on its own and must be reported against the
// field to fix, with nothing else reported.
import { describe, expect, it } from "vitest";
import type { StoredCall } from "~/modules/calls/call-schema.ts";
import type { GridDefinition } from "~/modules/calls/grid.ts";
import { validateCall, type CallProblem, type ReferenceCodes } from "~/modules/calls/validation.ts";

const NOW = new Date("2026-11-23T10:00:00Z");
const DAY = 86_400_000;

const grid = (): GridDefinition => ({
  max: 50,
  passMark: 30,
  sections: [
    {
      code: "1",
      nameEn: "Relevance",
      nameFr: "Pertinence",
      criteria: [
        { code: "1.1", nameEn: "Objectives", nameFr: "Objectifs", max: 5, weight: 2 },
        { code: "1.2", nameEn: "Needs", nameFr: "Besoins", max: 5, weight: 2 },
        { code: "1.3", nameEn: "Stakeholders", nameFr: "Parties prenantes", max: 5, weight: 1 },
        { code: "1.4", nameEn: "Added value", nameFr: "Valeur ajoutée", max: 5, weight: 1 },
      ],
    },
    {
      code: "2",
      nameEn: "Design",
      nameFr: "Conception",
      minimum: 12,
      rejectIfAnyCriterionScores: 1,
      criteria: [
        { code: "2.1", nameEn: "Coherence", nameFr: "Cohérence", max: 5, weight: 2 },
        { code: "2.2", nameEn: "Feasibility", nameFr: "Faisabilité", max: 5, weight: 2 },
      ],
    },
  ],
});

/** The demo 2026 call: open procedure, complete. */
function openCall(): StoredCall {
  return {
    titleEn: "Grants for migration dialogue projects 2026",
    titleFr: "Subventions pour des projets de dialogue sur la migration 2026",
    descriptionEn: "Grants of EUR 100,000 to 150,000.",
    descriptionFr: "Subventions de 100 000 à 150 000 EUR.",
    procedure: "OPEN",
    dialogueCodes: ["RABAT", "KHARTOUM", "C2CMMD"],
    jvapDomainCodes: ["D1", "D2", "D3", "D4", "D5"],
    crossCuttingAllowed: true,
    cadizObjectiveCodes: [],
    applicantTypeCodes: ["CSO", "DIASPORA"],
    leadLocations: ["AU", "EU"],
    targetCountryRules: { maxCountries: 3, minAuCountries: 1 },
    partnershipRules: { allowAlone: true, maxCoApplicants: 1, exactCoApplicants: 1, euLeadNeedsAuCoApplicant: true, diasporaExempt: true },
    totalBudgetCents: 60_000_000,
    minGrantCents: 10_000_000,
    maxGrantCents: 15_000_000,
    maxCofinancingBp: 10_000,
    maxIndirectCostBp: 700,
    minDurationMonths: 6,
    maxDurationMonths: 6,
    timeZone: "Europe/Vienna",
    conceptNoteDeadline: null,
    fullApplicationDeadline: new Date(NOW.getTime() + 60 * DAY),
    requiredDocuments: [
      { code: "STATUTES", nameEn: "Statutes", nameFr: "Statuts", stage: "FULL_APPLICATION", required: true },
      { code: "BUDGET", nameEn: "Budget", nameFr: "Budget", stage: "FULL_APPLICATION", required: true },
    ],
    conceptNoteGrid: null,
    fullApplicationGrid: grid(),
    assessorsPerProposal: 2,
    divergenceThresholdBp: 3000,
    shortlistBudgetMultipleBp: 20_000,
    blindReview: false,
  };
}

/** A restricted call modelled on 2024: concept note, then full application. */
function restrictedCall(): StoredCall {
  return {
    ...openCall(),
    procedure: "RESTRICTED",
    conceptNoteDeadline: new Date(NOW.getTime() + 30 * DAY),
    fullApplicationDeadline: new Date(NOW.getTime() + 90 * DAY),
    conceptNoteGrid: grid(),
    requiredDocuments: [{ code: "CN_FORM", nameEn: "Concept note form", nameFr: "Formulaire", stage: "CONCEPT_NOTE", required: true }],
  };
}

const REFERENCE: ReferenceCodes = {
  dialogues: new Set(["RABAT", "KHARTOUM", "C2CMMD", "ADEPT"]),
  jvapDomains: new Set(["D1", "D2", "D3", "D4", "D5"]),
  cadizObjectives: new Set(["1", "2", "3"]),
  applicantTypes: new Set(["CSO", "DIASPORA", "LOCAL_AUTHORITY"]),
  countries: new Set(["SN", "ML", "FR", "AT", "MA"]),
  auCountries: new Set(["SN", "ML", "MA"]),
};

const brief = (problems: CallProblem[]) => problems.map((p) => `${p.field} ${p.messageKey}`);

/** The problems of `call` once `change` is applied to a complete call. */
function problemsOf(change: (call: StoredCall) => void, base: () => StoredCall = openCall): CallProblem[] {
  const call = base();
  change(call);
  return validateCall(call, NOW, REFERENCE);
}

function expectOnly(problems: CallProblem[], field: string, messageKey: string, params?: Record<string, string | number>) {
  expect(brief(problems)).toEqual([`${field} ${messageKey}`]);
  if (params) expect(problems[0]!.params).toEqual(params);
}

const g = (call: StoredCall, field: "conceptNoteGrid" | "fullApplicationGrid" = "fullApplicationGrid") => call[field] as GridDefinition;

describe("a complete call", () => {
  it("has no problems, open or restricted", () => {
    expect(validateCall(openCall(), NOW, REFERENCE)).toEqual([]);
    expect(validateCall(restrictedCall(), NOW, REFERENCE)).toEqual([]);
    expect(validateCall(openCall(), NOW)).toEqual([]);
  });

  it("reports everything missing in a fresh draft, each against its field", () => {
    const fresh: StoredCall = {
      ...openCall(),
      titleEn: "",
      titleFr: "",
      descriptionEn: "",
      descriptionFr: "",
      dialogueCodes: [],
      jvapDomainCodes: [],
      crossCuttingAllowed: false,
      applicantTypeCodes: [],
      leadLocations: [],
      targetCountryRules: {},
      partnershipRules: {},
      totalBudgetCents: 0,
      minGrantCents: 0,
      maxGrantCents: 0,
      fullApplicationDeadline: null,
      requiredDocuments: [],
      fullApplicationGrid: null,
    };
    const fields = validateCall(fresh, NOW).map((p) => p.field);
    expect(fields).toEqual([
      "titleEn",
      "titleFr",
      "descriptionEn",
      "descriptionFr",
      "dialogueCodes",
      "jvapDomainCodes",
      "applicantTypeCodes",
      "leadLocations",
      "targetMaxCountries",
      "maxCoApplicants",
      "totalBudget",
      "minGrant",
      "maxGrant",
      "fullApplicationDeadline",
      "fullApplicationGrid",
    ]);
  });
});

describe("basics", () => {
  it.each(["titleEn", "titleFr", "descriptionEn", "descriptionFr"] as const)("needs %s (blank counts as missing)", (field) => {
    expectOnly(problemsOf((c) => (c[field] = "   ")), field, `callDesign.problem.${field}`);
  });
});

describe("scope", () => {
  it("needs at least one dialogue", () => {
    expectOnly(problemsOf((c) => (c.dialogueCodes = [])), "dialogueCodes", "callDesign.problem.noDialogue");
  });

  it("needs at least one JVAP domain unless cross-cutting themes are allowed", () => {
    expect(problemsOf((c) => (c.jvapDomainCodes = []))).toEqual([]);
    expectOnly(
      problemsOf((c) => {
        c.jvapDomainCodes = [];
        c.crossCuttingAllowed = false;
      }),
      "jvapDomainCodes",
      "callDesign.problem.noDomain",
    );
  });

  it("names codes that are not in the reference tables", () => {
    expectOnly(problemsOf((c) => (c.dialogueCodes = ["RABAT", "NOPE"])), "dialogueCodes", "callDesign.problem.unknownCode", { code: "NOPE" });
    expectOnly(problemsOf((c) => (c.jvapDomainCodes = ["D9"])), "jvapDomainCodes", "callDesign.problem.unknownCode", { code: "D9" });
    expectOnly(problemsOf((c) => (c.cadizObjectiveCodes = ["1", "42"])), "cadizObjectiveCodes", "callDesign.problem.unknownCode", { code: "42" });
    expectOnly(problemsOf((c) => (c.applicantTypeCodes = ["PARTY"])), "applicantTypeCodes", "callDesign.problem.unknownCode", { code: "PARTY" });
  });
});

describe("eligibility", () => {
  it("needs an applicant type and a lead location, AU or EU only", () => {
    expectOnly(problemsOf((c) => (c.applicantTypeCodes = [])), "applicantTypeCodes", "callDesign.problem.noApplicantType");
    expectOnly(problemsOf((c) => (c.leadLocations = [])), "leadLocations", "callDesign.problem.noLeadLocation");
    expectOnly(problemsOf((c) => (c.leadLocations = ["AU", "US"])), "leadLocations", "callDesign.problem.unknownCode", { code: "US" });
    expect(problemsOf((c) => (c.leadLocations = ["AU"]))).toEqual([]);
  });

  it("needs a number of target countries of at least 1", () => {
    expectOnly(problemsOf((c) => (c.targetCountryRules = { minAuCountries: 0 })), "targetMaxCountries", "callDesign.problem.maxCountries");
    expectOnly(problemsOf((c) => (c.targetCountryRules = { maxCountries: 0, minAuCountries: 0 })), "targetMaxCountries", "callDesign.problem.maxCountries");
  });

  it("wants no more AU countries required than countries allowed", () => {
    expectOnly(problemsOf((c) => (c.targetCountryRules = { maxCountries: 2, minAuCountries: 3 })), "targetMinAuCountries", "callDesign.problem.minAuAboveMax", { min: 3, max: 2 });
    expect(problemsOf((c) => (c.targetCountryRules = { maxCountries: 3, minAuCountries: 3 }))).toEqual([]);
    expectOnly(problemsOf((c) => (c.targetCountryRules = { maxCountries: 3, minAuCountries: -1 })), "targetMinAuCountries", "callDesign.problem.minAuNegative");
  });

  it("checks an allowed country list: known codes, and enough AU member states in it", () => {
    expect(problemsOf((c) => (c.targetCountryRules = { maxCountries: 3, minAuCountries: 1, allowedCountryCodes: ["SN", "FR"] }))).toEqual([]);
    expectOnly(problemsOf((c) => (c.targetCountryRules = { maxCountries: 3, minAuCountries: 1, allowedCountryCodes: ["SN", "XX"] })), "allowedCountryCodes", "callDesign.problem.unknownCode", { code: "XX" });
    expectOnly(
      problemsOf((c) => (c.targetCountryRules = { maxCountries: 3, minAuCountries: 2, allowedCountryCodes: ["SN", "FR", "AT"] })),
      "allowedCountryCodes",
      "callDesign.problem.allowedTooFewAu",
      { min: 2, count: 1 },
    );
  });

  it("needs the largest number of co-applicants", () => {
    expectOnly(problemsOf((c) => (c.partnershipRules = { allowAlone: true, euLeadNeedsAuCoApplicant: false, diasporaExempt: false })), "maxCoApplicants", "callDesign.problem.maxCoApplicants");
  });

  it("refuses rules under which nobody could apply", () => {
    expectOnly(
      problemsOf((c) => (c.partnershipRules = { allowAlone: false, maxCoApplicants: 0, euLeadNeedsAuCoApplicant: false, diasporaExempt: false })),
      "allowAlone",
      "callDesign.problem.nobodyCanApply",
    );
    expect(problemsOf((c) => (c.partnershipRules = { allowAlone: true, maxCoApplicants: 0, euLeadNeedsAuCoApplicant: false, diasporaExempt: false }))).toEqual([]);
  });

  it("wants an exact number of co-applicants to be at least 1 and equal to the maximum", () => {
    const rules = (exact: number, max: number) => ({ allowAlone: true, maxCoApplicants: max, exactCoApplicants: exact, euLeadNeedsAuCoApplicant: false, diasporaExempt: false });
    expectOnly(problemsOf((c) => (c.partnershipRules = rules(2, 1))), "exactCoApplicants", "callDesign.problem.exactAboveMax", { exact: 2, max: 1 });
    expectOnly(problemsOf((c) => (c.partnershipRules = rules(1, 3))), "exactCoApplicants", "callDesign.problem.exactBelowMax", { exact: 1, max: 3 });
    expectOnly(problemsOf((c) => (c.partnershipRules = rules(0, 1))), "exactCoApplicants", "callDesign.problem.exactTooLow");
    expect(problemsOf((c) => (c.partnershipRules = rules(2, 2)))).toEqual([]);
  });

  it("allows the diaspora exception only together with the EU-lead rule", () => {
    expectOnly(
      problemsOf((c) => (c.partnershipRules = { allowAlone: true, maxCoApplicants: 1, euLeadNeedsAuCoApplicant: false, diasporaExempt: true })),
      "diasporaExempt",
      "callDesign.problem.diasporaWithoutRule",
    );
  });

  it("spots an EU-lead rule that EU leads could never meet", () => {
    expectOnly(
      problemsOf((c) => (c.partnershipRules = { allowAlone: true, maxCoApplicants: 0, euLeadNeedsAuCoApplicant: true, diasporaExempt: false })),
      "euLeadNeedsAuCoApplicant",
      "callDesign.problem.euLeadCannotComply",
    );
    // Without EU leads the rule does no harm.
    expect(
      problemsOf((c) => {
        c.leadLocations = ["AU"];
        c.partnershipRules = { allowAlone: true, maxCoApplicants: 0, euLeadNeedsAuCoApplicant: true, diasporaExempt: false };
      }),
    ).toEqual([]);
  });
});

describe("money", () => {
  it("needs a total budget, a minimum grant above zero and a maximum grant", () => {
    expectOnly(problemsOf((c) => (c.totalBudgetCents = 0)), "totalBudget", "callDesign.problem.totalBudget");
    expectOnly(problemsOf((c) => (c.minGrantCents = 0)), "minGrant", "callDesign.problem.minGrant");
    expectOnly(problemsOf((c) => (c.maxGrantCents = 0)), "maxGrant", "callDesign.problem.maxGrant");
  });

  it("wants min ≤ max ≤ total budget (equal is fine)", () => {
    expectOnly(problemsOf((c) => (c.minGrantCents = 15_000_001)), "minGrant", "callDesign.problem.minAboveMax");
    expectOnly(problemsOf((c) => (c.maxGrantCents = 60_000_001)), "maxGrant", "callDesign.problem.maxAboveTotal");
    expect(
      problemsOf((c) => {
        c.minGrantCents = 15_000_000;
        c.maxGrantCents = 15_000_000;
        c.totalBudgetCents = 15_000_000;
      }),
    ).toEqual([]);
  });

  it("wants a co-financing share between 1% and 100%", () => {
    expectOnly(problemsOf((c) => (c.maxCofinancingBp = 99)), "maxCofinancing", "callDesign.problem.cofinancingRange");
    expectOnly(problemsOf((c) => (c.maxCofinancingBp = 10_001)), "maxCofinancing", "callDesign.problem.cofinancingRange");
    expect(problemsOf((c) => (c.maxCofinancingBp = 100))).toEqual([]);
    expect(problemsOf((c) => (c.maxCofinancingBp = 9_000))).toEqual([]);
  });

  it("wants an indirect cost share between 0% and 100%", () => {
    expect(problemsOf((c) => (c.maxIndirectCostBp = 0))).toEqual([]);
    expectOnly(problemsOf((c) => (c.maxIndirectCostBp = 10_001)), "maxIndirectCost", "callDesign.problem.indirectRange");
    expectOnly(problemsOf((c) => (c.maxIndirectCostBp = -1)), "maxIndirectCost", "callDesign.problem.indirectRange");
  });
});

describe("duration", () => {
  it("needs durations of at least a month, shortest first", () => {
    expectOnly(problemsOf((c) => (c.minDurationMonths = 0)), "minDurationMonths", "callDesign.problem.minDuration");
    expectOnly(problemsOf((c) => (c.maxDurationMonths = 0)), "maxDurationMonths", "callDesign.problem.maxDuration");
    expectOnly(
      problemsOf((c) => {
        c.minDurationMonths = 12;
        c.maxDurationMonths = 6;
      }),
      "maxDurationMonths",
      "callDesign.problem.durationOrder",
    );
  });
});

describe("procedure and deadlines", () => {
  it("an open call needs its deadline, in the future", () => {
    expectOnly(problemsOf((c) => (c.fullApplicationDeadline = null)), "fullApplicationDeadline", "callDesign.problem.deadline");
    expectOnly(problemsOf((c) => (c.fullApplicationDeadline = new Date(NOW.getTime() - 1000))), "fullApplicationDeadline", "callDesign.problem.deadlinePast");
    expectOnly(problemsOf((c) => (c.fullApplicationDeadline = NOW)), "fullApplicationDeadline", "callDesign.problem.deadlinePast");
    // Stored instants may arrive as ISO text (loader data).
    expect(problemsOf((c) => (c.fullApplicationDeadline = new Date(NOW.getTime() + DAY).toISOString()))).toEqual([]);
  });

  it("a restricted call needs both deadlines, in the future, concept note first", () => {
    expectOnly(problemsOf((c) => (c.conceptNoteDeadline = null), restrictedCall), "conceptNoteDeadline", "callDesign.problem.conceptNoteDeadline");
    expectOnly(problemsOf((c) => (c.fullApplicationDeadline = null), restrictedCall), "fullApplicationDeadline", "callDesign.problem.fullDeadlineRestricted");
    expectOnly(problemsOf((c) => (c.conceptNoteDeadline = new Date(NOW.getTime() - DAY)), restrictedCall), "conceptNoteDeadline", "callDesign.problem.deadlinePast");
    expectOnly(
      problemsOf((c) => (c.conceptNoteDeadline = new Date(NOW.getTime() + 90 * DAY)), restrictedCall),
      "fullApplicationDeadline",
      "callDesign.problem.deadlineOrder",
    );
    expectOnly(
      problemsOf((c) => (c.conceptNoteDeadline = new Date(NOW.getTime() + 100 * DAY)), restrictedCall),
      "fullApplicationDeadline",
      "callDesign.problem.deadlineOrder",
    );
  });

  it("an open call ignores a concept-note deadline and grid", () => {
    expect(
      problemsOf((c) => {
        c.conceptNoteDeadline = new Date(NOW.getTime() - DAY);
        c.conceptNoteGrid = { max: 1, sections: [] };
      }),
    ).toEqual([]);
  });

  it("needs a real time zone", () => {
    expectOnly(problemsOf((c) => (c.timeZone = "Mars/Olympus")), "timeZone", "callDesign.problem.timeZone");
  });
});

describe("required documents", () => {
  it("needs a code and both names for each document", () => {
    const doc = (d: object) => (c: StoredCall) => (c.requiredDocuments = [{ code: "A", nameEn: "A", nameFr: "A", stage: "FULL_APPLICATION", required: true, ...d }]);
    expectOnly(problemsOf(doc({ code: "" })), "documents.0.code", "callDesign.problem.documentCode");
    expectOnly(problemsOf(doc({ nameEn: " " })), "documents.0.nameEn", "callDesign.problem.documentNameEn");
    expectOnly(problemsOf(doc({ nameFr: "" })), "documents.0.nameFr", "callDesign.problem.documentNameFr");
  });

  it("wants codes unique within a stage", () => {
    const docs = (stage2: string) => (c: StoredCall) =>
      (c.requiredDocuments = [
        { code: "STATUTES", nameEn: "A", nameFr: "A", stage: "CONCEPT_NOTE", required: true },
        { code: "STATUTES", nameEn: "B", nameFr: "B", stage: stage2, required: true },
      ]);
    expectOnly(problemsOf(docs("CONCEPT_NOTE"), restrictedCall), "documents.1.code", "callDesign.problem.documentCodeDuplicate", { code: "STATUTES" });
    expect(problemsOf(docs("FULL_APPLICATION"), restrictedCall)).toEqual([]);
  });

  it("asks no concept-note documents in an open call", () => {
    expectOnly(
      problemsOf((c) => (c.requiredDocuments = [{ code: "CN", nameEn: "Concept note", nameFr: "Note", stage: "CONCEPT_NOTE", required: true }])),
      "documents.0.stage",
      "callDesign.problem.documentStageOpen",
    );
  });
});

describe("evaluation settings", () => {
  it("needs at least one assessor per proposal and a divergence threshold of 1-100%", () => {
    expectOnly(problemsOf((c) => (c.assessorsPerProposal = 0)), "assessorsPerProposal", "callDesign.problem.assessors");
    expectOnly(problemsOf((c) => (c.divergenceThresholdBp = 0)), "divergenceThreshold", "callDesign.problem.divergence");
    expectOnly(problemsOf((c) => (c.divergenceThresholdBp = 10_001)), "divergenceThreshold", "callDesign.problem.divergence");
  });

  it("a restricted call's shortlist allows at least the budget (an open call has no shortlist)", () => {
    expectOnly(problemsOf((c) => (c.shortlistBudgetMultipleBp = 9_999), restrictedCall), "shortlistBudgetMultiple", "callDesign.problem.shortlistMultiple");
    expect(problemsOf((c) => (c.shortlistBudgetMultipleBp = 0))).toEqual([]);
  });
});

describe("evaluation grids", () => {
  it("an open call needs a full-application grid; a restricted call a concept-note grid too", () => {
    expectOnly(problemsOf((c) => (c.fullApplicationGrid = null)), "fullApplicationGrid", "callDesign.problem.fullGridMissing");
    expectOnly(problemsOf((c) => (c.fullApplicationGrid = { max: 0, sections: [] })), "fullApplicationGrid", "callDesign.problem.fullGridMissing");
    expectOnly(problemsOf((c) => (c.conceptNoteGrid = null), restrictedCall), "conceptNoteGrid", "callDesign.problem.conceptNoteGridMissing");
    expectOnly(problemsOf((c) => (c.fullApplicationGrid = "not a grid"), restrictedCall), "fullApplicationGrid", "callDesign.problem.fullGridMissing");
  });

  it("wants every criterion's highest score and weight to be at least 1", () => {
    expectOnly(
      problemsOf((c) => {
        const gr = g(c);
        gr.sections[0]!.criteria[3]!.max = 0;
        gr.max = 45;
      }),
      "fullApplicationGrid.sections.0.criteria.3.max",
      "callDesign.problem.criterionMax",
      { criterion: "1.4" },
    );
    expectOnly(
      problemsOf((c) => {
        const gr = g(c);
        gr.sections[0]!.criteria[2]!.weight = 0;
        gr.max = 45;
      }),
      "fullApplicationGrid.sections.0.criteria.2.weight",
      "callDesign.problem.criterionWeight",
      { criterion: "1.3" },
    );
  });

  it("wants criterion codes unique across the grid, and present", () => {
    expectOnly(problemsOf((c) => (g(c).sections[1]!.criteria[1]!.code = "1.1")), "fullApplicationGrid.sections.1.criteria.1.code", "callDesign.problem.criterionCodeDuplicate", {
      code: "1.1",
    });
    expectOnly(problemsOf((c) => (g(c).sections[0]!.criteria[0]!.code = "")), "fullApplicationGrid.sections.0.criteria.0.code", "callDesign.problem.criterionCode");
  });

  it("wants criteria and sections named in both languages", () => {
    expectOnly(problemsOf((c) => (g(c).sections[0]!.criteria[1]!.nameFr = "")), "fullApplicationGrid.sections.0.criteria.1.nameFr", "callDesign.problem.criterionNameFr", { criterion: "1.2" });
    expectOnly(problemsOf((c) => (g(c).sections[0]!.criteria[1]!.nameEn = "")), "fullApplicationGrid.sections.0.criteria.1.nameEn", "callDesign.problem.criterionNameEn", { criterion: "1.2" });
    expectOnly(problemsOf((c) => (g(c).sections[1]!.nameEn = "")), "fullApplicationGrid.sections.1.nameEn", "callDesign.problem.sectionNameEn");
    expectOnly(problemsOf((c) => (g(c).sections[1]!.nameFr = "")), "fullApplicationGrid.sections.1.nameFr", "callDesign.problem.sectionNameFr");
  });

  it("wants section codes unique and present, and sections with criteria", () => {
    expectOnly(problemsOf((c) => (g(c).sections[1]!.code = "1")), "fullApplicationGrid.sections.1.code", "callDesign.problem.sectionCodeDuplicate", { code: "1" });
    expectOnly(problemsOf((c) => (g(c).sections[1]!.code = "")), "fullApplicationGrid.sections.1.code", "callDesign.problem.sectionCode");
    const empty = problemsOf((c) => {
      const gr = g(c);
      gr.sections.push({ code: "3", nameEn: "Empty", nameFr: "Vide", criteria: [] });
    });
    expectOnly(empty, "fullApplicationGrid.sections.2", "callDesign.problem.sectionEmpty", { section: "3" });
  });

  it("wants a section minimum no higher than the section can score", () => {
    expectOnly(problemsOf((c) => (g(c).sections[1]!.minimum = 21)), "fullApplicationGrid.sections.1.minimum", "callDesign.problem.sectionMinimumAboveMax", { minimum: 21, max: 20 });
    expect(problemsOf((c) => (g(c).sections[1]!.minimum = 20))).toEqual([]);
    expectOnly(problemsOf((c) => (g(c).sections[1]!.minimum = 0)), "fullApplicationGrid.sections.1.minimum", "callDesign.problem.sectionMinimumTooLow");
  });

  it("wants a knock-out score below the section's lowest highest score", () => {
    expectOnly(problemsOf((c) => (g(c).sections[1]!.rejectIfAnyCriterionScores = 5)), "fullApplicationGrid.sections.1.rejectIfAnyCriterionScores", "callDesign.problem.knockOutTooHigh", {
      score: 5,
      max: 5,
    });
    expect(problemsOf((c) => (g(c).sections[1]!.rejectIfAnyCriterionScores = 4))).toEqual([]);
    expectOnly(problemsOf((c) => (g(c).sections[1]!.rejectIfAnyCriterionScores = 0)), "fullApplicationGrid.sections.1.rejectIfAnyCriterionScores", "callDesign.problem.knockOutTooLow");
  });

  it("wants the pass mark no higher than the grid's total, and at least 1", () => {
    expectOnly(problemsOf((c) => (g(c).passMark = 51)), "fullApplicationGrid.passMark", "callDesign.problem.passMarkAboveMax", { passMark: 51, max: 50 });
    expect(problemsOf((c) => (g(c).passMark = 50))).toEqual([]);
    expectOnly(problemsOf((c) => (g(c).passMark = 0)), "fullApplicationGrid.passMark", "callDesign.problem.passMarkTooLow");
    expect(problemsOf((c) => delete g(c).passMark)).toEqual([]);
  });

  it("wants the grid's stated maximum to equal the computed total", () => {
    expectOnly(problemsOf((c) => (g(c).max = 100)), "fullApplicationGrid", "callDesign.problem.gridMaxMismatch", { stated: 100, computed: 50 });
    // Adding a criterion without recomputing is caught too.
    expectOnly(
      problemsOf((c) => g(c).sections[0]!.criteria.push({ code: "1.5", nameEn: "Innovation", nameFr: "Innovation", max: 5, weight: 1 })),
      "fullApplicationGrid",
      "callDesign.problem.gridMaxMismatch",
      { stated: 50, computed: 55 },
    );
  });

  it("checks the concept-note grid of a restricted call with the same rules", () => {
    expectOnly(
      problemsOf((c) => (g(c, "conceptNoteGrid").passMark = 60), restrictedCall),
      "conceptNoteGrid.passMark",
      "callDesign.problem.passMarkAboveMax",
      { passMark: 60, max: 50 },
    );
  });
});
