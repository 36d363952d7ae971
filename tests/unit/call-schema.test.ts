// The call form's schema: amounts typed the English or the French way become exact cents,
// shares become basis points, deadlines become instants in the chosen zone; what cannot be
// read gets a message on its own field; an incomplete draft is still accepted; the demo
// 2026 call survives the trip through the form unchanged.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CallFormSchema,
  ClarificationSchema,
  DeadlineExtensionSchema,
  NewCallSchema,
  applyFormIntent,
  callToFormValues,
  centsToInput,
  bpToMultipleInput,
  bpToPercentInput,
  formDataToValues,
  formValuesToFields,
  parseFormIntent,
  parseMoney,
  parseMultiple,
  parsePercent,
  parseWholeNumber,
  unflatten,
  type CallDraftInput,
  type StoredCall,
} from "~/modules/calls/call-schema.ts";
import { defaultGrids } from "~/modules/calls/grid.ts";
import { parseWith } from "~/utils/route.server.ts";
import { en } from "~/locales/en.ts";

const templates = (JSON.parse(readFileSync("prisma/reference/grids.json", "utf8")) as { grids: { code: string; definition: unknown }[] }).grids;
const grids = defaultGrids(templates);

const form = (fields: [string, string][]) => {
  const fd = new FormData();
  for (const [k, v] of fields) fd.append(k, v);
  return fd;
};

describe("money", () => {
  it.each([
    ["150000", 15_000_000],
    ["150,000", 15_000_000],
    ["150,000.50", 15_000_050],
    ["150 000,50", 15_000_050],
    ["150\u00a0000,50", 15_000_050],
    ["150\u202f000,5", 15_000_050],
    ["150.000,50", 15_000_050],
    ["1,234,567.89", 123_456_789],
    ["1.234.567,89", 123_456_789],
    ["1'234'567.89", 123_456_789],
    ["€150,000", 15_000_000],
    ["150 000 €", 15_000_000],
    ["EUR 600,000", 60_000_000],
    ["12,5", 1_250],
    ["12.05", 1_205],
    ["0.01", 1],
    ["150.", 15_000],
    ["  42  ", 4_200],
    ["21474836.47", 2_147_483_647],
  ])("reads %j as %i cents", (text, cents) => {
    expect(parseMoney(text)).toEqual({ ok: true, value: cents });
  });

  it("reads nothing as not given", () => {
    expect(parseMoney("")).toEqual({ ok: true, value: null });
    expect(parseMoney("   ")).toEqual({ ok: true, value: null });
  });

  it.each([
    ["-5", "callDesign.error.negative"],
    ["abc", "callDesign.error.numberFormat"],
    ["1.2.3,4.5", "callDesign.error.numberFormat"],
    ["12 34", "callDesign.error.numberFormat"],
    ["1,50,000", "callDesign.error.numberFormat"],
    ["150,000.505", "callDesign.error.moneyDecimals"],
    ["1,2345", "callDesign.error.moneyDecimals"],
    ["1e6", "callDesign.error.numberFormat"],
    ["21474836.48", "callDesign.error.amountTooLarge"],
    ["30,000,000", "callDesign.error.amountTooLarge"],
    ["99999999999999999999", "callDesign.error.numberTooLarge"],
  ])("refuses %j with %s", (text, error) => {
    expect(parseMoney(text)).toEqual({ ok: false, error });
  });

  it("writes cents back as the form shows them", () => {
    expect(centsToInput(15_000_000)).toBe("150000");
    expect(centsToInput(15_000_050)).toBe("150000.50");
    expect(centsToInput(15_000_005)).toBe("150000.05");
    expect(centsToInput(0)).toBe("");
    for (const cents of [1, 99, 100, 12_345, 2_147_483_647]) expect(parseMoney(centsToInput(cents))).toEqual({ ok: true, value: cents });
  });
});

describe("shares and multiples", () => {
  it("reads percentages as basis points", () => {
    expect(parsePercent("90")).toEqual({ ok: true, value: 9_000 });
    expect(parsePercent("87,5 %")).toEqual({ ok: true, value: 8_750 });
    expect(parsePercent("87.55%")).toEqual({ ok: true, value: 8_755 });
    expect(parsePercent("100")).toEqual({ ok: true, value: 10_000 });
    expect(parsePercent("0")).toEqual({ ok: true, value: 0 });
    expect(parsePercent("100.01")).toEqual({ ok: false, error: "callDesign.error.percentRange" });
    expect(parsePercent("7.125")).toEqual({ ok: false, error: "callDesign.error.tooManyDecimals" });
    expect(bpToPercentInput(8_750)).toBe("87.5");
    expect(bpToPercentInput(700)).toBe("7");
  });

  it("reads budget multiples as basis points", () => {
    expect(parseMultiple("2")).toEqual({ ok: true, value: 20_000 });
    expect(parseMultiple("2,5")).toEqual({ ok: true, value: 25_000 });
    expect(parseMultiple("1.25 ×")).toEqual({ ok: true, value: 12_500 });
    expect(parseMultiple("101")).toEqual({ ok: false, error: "callDesign.error.multipleRange" });
    expect(bpToMultipleInput(25_000)).toBe("2.5");
  });

  it("reads whole numbers only", () => {
    expect(parseWholeNumber("3", 10)).toEqual({ ok: true, value: 3 });
    expect(parseWholeNumber("3.5", 10)).toEqual({ ok: false, error: "callDesign.error.wholeNumber" });
    expect(parseWholeNumber("-1", 10)).toEqual({ ok: false, error: "callDesign.error.negative" });
    expect(parseWholeNumber("11", 10)).toEqual({ ok: false, error: "callDesign.error.numberTooLarge" });
  });
});

/** The demo 2026 call as stored (prisma/seed/demo.ts), with a deadline on 1 May 2027, 17:00 Vienna time. */
function demo2026(): StoredCall {
  return {
    titleEn: "Grants for migration dialogue projects 2026",
    titleFr: "Subventions pour des projets de dialogue sur la migration 2026",
    descriptionEn: "Grants of EUR 100,000 to 150,000 (EUR 600,000 in total).",
    descriptionFr: "Subventions de 100 000 à 150 000 EUR (600 000 EUR au total).",
    procedure: "OPEN",
    dialogueCodes: ["RABAT", "KHARTOUM", "C2CMMD"],
    jvapDomainCodes: ["D1", "D2", "D3", "D4", "D5"],
    crossCuttingAllowed: true,
    cadizObjectiveCodes: [],
    applicantTypeCodes: ["CSO", "DIASPORA", "LOCAL_AUTHORITY", "RESEARCH", "SOCIAL_ENTERPRISE"],
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
    fullApplicationDeadline: new Date("2027-05-01T15:00:00Z"),
    requiredDocuments: [
      { code: "STATUTES", nameEn: "Statutes or articles of association", nameFr: "Statuts", stage: "FULL_APPLICATION", required: true },
      { code: "PARTNERSHIP_STATEMENT", nameEn: "Partnership statement", nameFr: "Déclaration de partenariat", stage: "FULL_APPLICATION", required: false },
    ],
    conceptNoteGrid: null,
    fullApplicationGrid: grids.fullApplicationGrid,
    assessorsPerProposal: 2,
    divergenceThresholdBp: 3_000,
    shortlistBudgetMultipleBp: 20_000,
    blindReview: false,
  };
}

const parseFields = (fields: [string, string][]) => parseWith(form(fields), CallFormSchema);

describe("the call form", () => {
  it("recreates the demo 2026 call exactly: stored → form → parsed", () => {
    const stored = demo2026();
    const values = callToFormValues(stored);
    expect(values).toMatchObject({ totalBudget: "600000", minGrant: "100000", maxCofinancing: "100", maxIndirectCost: "7", fullApplicationDeadline: "2027-05-01T17:00", shortlistBudgetMultiple: "2" });
    const parsed = parseFields(formValuesToFields(values, 3));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { version, ...input } = parsed.data;
    expect(version).toBe(3);
    const expected: CallDraftInput = { ...stored, procedure: "OPEN", leadLocations: ["AU", "EU"], conceptNoteGrid: null, fullApplicationGrid: grids.fullApplicationGrid, requiredDocuments: stored.requiredDocuments as CallDraftInput["requiredDocuments"] } as CallDraftInput;
    expect(input).toEqual(expected);
  });

  it("accepts an almost empty draft: nothing typed is not an error", () => {
    const parsed = parseFields([
      ["version", "0"],
      ["procedure", "RESTRICTED"],
    ]);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data).toMatchObject({
      titleEn: "",
      procedure: "RESTRICTED",
      dialogueCodes: [],
      totalBudgetCents: 0,
      timeZone: "Europe/Vienna",
      conceptNoteDeadline: null,
      fullApplicationDeadline: null,
      requiredDocuments: [],
      conceptNoteGrid: null,
      targetCountryRules: {},
      partnershipRules: { allowAlone: false, euLeadNeedsAuCoApplicant: false, diasporaExempt: false },
    });
  });

  it("gives each unreadable field its own message, keyed by the field's name", () => {
    const parsed = parseFields([
      ["version", "2"],
      ["procedure", "OPEN"],
      ["totalBudget", "lots"],
      ["minGrant", "100,000.555"],
      ["maxCofinancing", "120"],
      ["minDurationMonths", "six"],
      ["targetMaxCountries", "-1"],
      ["fullApplicationDeadline", "1 May"],
      ["timeZone", "Europe/Atlantis"],
      ["titleEn", "x".repeat(301)],
      ["documents.0.code", "has space"],
      ["documents.0.stage", "LATER"],
      ["fullApplicationGrid.sections.0.criteria.0.max", "5.5"],
      ["fullApplicationGrid.passMark", "thirty"],
      ["leadLocations[]", "US"],
    ]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.fieldErrors).toEqual({
      totalBudget: ["callDesign.error.numberFormat"],
      minGrant: ["callDesign.error.moneyDecimals"],
      maxCofinancing: ["callDesign.error.percentRange"],
      minDurationMonths: ["callDesign.error.wholeNumber"],
      targetMaxCountries: ["callDesign.error.negative"],
      fullApplicationDeadline: ["callDesign.error.dateTimeFormat"],
      timeZone: ["callDesign.error.timeZone"],
      titleEn: ["callDesign.error.tooLong"],
      "documents.0.code": ["callDesign.error.codeFormat"],
      "documents.0.stage": ["callDesign.error.documentStage"],
      "fullApplicationGrid.sections.0.criteria.0.max": ["callDesign.error.wholeNumber"],
      "fullApplicationGrid.passMark": ["callDesign.error.wholeNumber"],
      "leadLocations.0": ["callDesign.error.leadLocation"],
    });
    // Every message is a key both dictionaries know.
    for (const messages of Object.values(parsed.fieldErrors)) for (const m of messages) expect(Object.keys(en)).toContain(m);
  });

  it("refuses a deadline in the spring-forward gap, naming the field", () => {
    const parsed = parseFields([
      ["version", "0"],
      ["procedure", "OPEN"],
      ["timeZone", "Europe/Vienna"],
      ["fullApplicationDeadline", "2027-03-28T02:30"],
    ]);
    expect(parsed.ok ? "ok" : parsed.fieldErrors).toEqual({ fullApplicationDeadline: ["callDesign.error.deadlineGap"] });
  });

  it("reads deadlines in the chosen zone", () => {
    const parsed = parseFields([
      ["version", "0"],
      ["procedure", "RESTRICTED"],
      ["timeZone", "Africa/Addis_Ababa"],
      ["conceptNoteDeadline", "2027-02-01T12:00"],
      ["fullApplicationDeadline", "2027-06-01 17:00"],
    ]);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data.conceptNoteDeadline?.toISOString()).toBe("2027-02-01T09:00:00.000Z");
    expect(parsed.data.fullApplicationDeadline?.toISOString()).toBe("2027-06-01T14:00:00.000Z");
  });

  it("drops blank rows but keeps half-filled ones; recomputes the grid maximum", () => {
    const parsed = parseFields([
      ["version", "0"],
      ["procedure", "OPEN"],
      ["documents.0.code", ""],
      ["documents.0.nameEn", ""],
      ["documents.0.nameFr", ""],
      ["documents.1.code", "CV"],
      ["documents.1.stage", "FULL_APPLICATION"],
      ["fullApplicationGrid.sections.0.code", "1"],
      ["fullApplicationGrid.sections.0.criteria.0.code", "1.1"],
      ["fullApplicationGrid.sections.0.criteria.0.max", "5"],
      ["fullApplicationGrid.sections.0.criteria.0.weight", "3"],
      ["fullApplicationGrid.sections.0.criteria.1.code", ""],
      ["fullApplicationGrid.sections.0.criteria.1.nameEn", ""],
      ["fullApplicationGrid.sections.0.criteria.1.max", ""],
      ["fullApplicationGrid.sections.0.criteria.1.weight", ""],
      ["fullApplicationGrid.sections.0.criteria.2.nameEn", "Half typed"],
      ["fullApplicationGrid.sections.1.code", ""],
    ]);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data.requiredDocuments).toEqual([{ code: "CV", nameEn: "", nameFr: "", stage: "FULL_APPLICATION", required: false }]);
    expect(parsed.data.fullApplicationGrid).toEqual({
      max: 15,
      sections: [
        {
          code: "1",
          nameEn: "",
          nameFr: "",
          criteria: [
            { code: "1.1", nameEn: "", nameFr: "", max: 5, weight: 3 },
            { code: "", nameEn: "Half typed", nameFr: "", max: 0, weight: 0 },
          ],
        },
      ],
    });
  });

  it("requires a readable version and a procedure", () => {
    const parsed = parseFields([["version", "x"]]);
    expect(parsed.ok ? "ok" : parsed.fieldErrors).toEqual({ version: ["callDesign.error.version"], procedure: ["callDesign.error.procedure"] });
  });

  it("keeps what was typed, to show the form again", () => {
    const values = callToFormValues(demo2026());
    values.totalBudget = "six hundred thousand";
    values.fullApplicationGrid.sections[0]!.criteria[0]!.nameEn = "Changed";
    const again = formDataToValues(form(formValuesToFields(values, 1)));
    expect(again.totalBudget).toBe("six hundred thousand");
    expect(again.fullApplicationGrid.sections[0]!.criteria[0]!.nameEn).toBe("Changed");
    expect(again.dialogueCodes).toEqual(["RABAT", "KHARTOUM", "C2CMMD"]);
    expect(again.documents[1]).toMatchObject({ code: "PARTNERSHIP_STATEMENT", required: false });
    expect(again.diasporaExempt).toBe(true);
  });
});

describe("reading flat field names", () => {
  it("nests dotted names and lists", () => {
    expect(unflatten({ "a.0.b": "x", "a.1.b": "y", "c[]": ["1", "2"], d: "z" })).toEqual({ a: [{ b: "x" }, { b: "y" }], c: ["1", "2"], d: "z" });
  });

  it("ignores dangerous or absurd names", () => {
    const tree = unflatten({ "__proto__.polluted": "yes", "constructor.prototype.x": "1", "documents.99999.code": "x", "a b": "1", "0.x": "1" });
    expect(tree).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("does not let a name turn a list into an object or the reverse", () => {
    expect(unflatten({ "a.0": "x", "a.b": "y" })).toEqual({ a: ["x"] });
    expect(unflatten({ "a.b": "y", "a.0": "x" })).toEqual({ a: { b: "y" } });
  });
});

describe("add and remove buttons without JavaScript", () => {
  const values = () => callToFormValues({ ...demo2026(), procedure: "RESTRICTED", conceptNoteGrid: grids.conceptNoteGrid });

  it("reads the buttons' values", () => {
    expect(parseFormIntent("add-criterion:conceptNoteGrid:1")).toEqual({ type: "add-criterion", grid: "conceptNoteGrid", section: 1 });
    expect(parseFormIntent("remove-criterion:fullApplicationGrid:0:3")).toEqual({ type: "remove-criterion", grid: "fullApplicationGrid", section: 0, criterion: 3 });
    expect(parseFormIntent("remove-document:2")).toEqual({ type: "remove-document", index: 2 });
    expect(parseFormIntent("default-grid:conceptNoteGrid")).toEqual({ type: "default-grid", grid: "conceptNoteGrid" });
    for (const other of ["save", "add-criterion:otherGrid:1", "remove-document:x", "", null, 42]) expect(parseFormIntent(other)).toBeNull();
  });

  it("adds and removes rows, keeping everything else typed", () => {
    let v = values();
    v.titleEn = "Kept";
    v = applyFormIntent(v, { type: "add-criterion", grid: "conceptNoteGrid", section: 1 });
    expect(v.conceptNoteGrid.sections[1]!.criteria.map((c) => c.code)).toEqual(["2.1", "2.2", "2.3"]);
    v = applyFormIntent(v, { type: "remove-criterion", grid: "conceptNoteGrid", section: 0, criterion: 0 });
    expect(v.conceptNoteGrid.sections[0]!.criteria.map((c) => c.code)).toEqual(["1.2", "1.3", "1.4"]);
    v = applyFormIntent(v, { type: "add-section", grid: "fullApplicationGrid" });
    expect(v.fullApplicationGrid.sections).toHaveLength(6);
    v = applyFormIntent(v, { type: "remove-section", grid: "fullApplicationGrid", section: 5 });
    expect(v.fullApplicationGrid.sections).toHaveLength(5);
    v = applyFormIntent(v, { type: "add-document" });
    expect(v.documents).toHaveLength(3);
    v = applyFormIntent(v, { type: "remove-document", index: 0 });
    expect(v.documents.map((d) => d.code)).toEqual(["PARTNERSHIP_STATEMENT", ""]);
    expect(v.titleEn).toBe("Kept");
  });

  it("starts a grid from its default", () => {
    const v = callToFormValues(demo2026());
    expect(v.conceptNoteGrid.sections).toHaveLength(0);
    const next = applyFormIntent(v, { type: "default-grid", grid: "conceptNoteGrid" }, { conceptNoteGrid: grids.conceptNoteGrid });
    expect(next.conceptNoteGrid.sections).toHaveLength(2);
    expect(next.conceptNoteGrid.passMark).toBe("30");
  });
});

describe("the other forms", () => {
  it("starting a call needs a procedure", () => {
    expect(NewCallSchema.safeParse({ procedure: "RESTRICTED" }).success).toBe(true);
    const bad = NewCallSchema.safeParse({ procedure: "CLOSED" });
    expect(bad.success ? null : bad.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([["procedure", "callDesign.error.procedureRequired"]]);
  });

  it("a clarification needs its text in both languages; a description, if sent, cannot be empty", () => {
    const r = ClarificationSchema.safeParse({ version: "1", textEn: " ", descriptionFr: "" });
    expect(r.success ? null : r.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["textEn", "callDesign.error.noticeTextEn"],
      ["textFr", "callDesign.error.noticeTextFr"],
      ["descriptionFr", "callDesign.error.descriptionFrRequired"],
    ]);
  });

  it("a deadline extension needs which deadline and a readable new date; a reason in both languages or neither", () => {
    const r = DeadlineExtensionSchema.safeParse({ version: "1", deadline: "closingDate", newDeadline: "soon", reasonEn: "Because" });
    expect(r.success ? null : r.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["deadline", "callDesign.error.whichDeadline"],
      ["newDeadline", "callDesign.error.dateTimeFormat"],
    ]);
    const r2 = DeadlineExtensionSchema.safeParse({ version: "1", deadline: "fullApplicationDeadline", newDeadline: "2027-06-01T17:00", reasonEn: "Because" });
    expect(r2.success ? null : r2.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([["reasonFr", "callDesign.error.reasonFr"]]);
  });
});
