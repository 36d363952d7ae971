// Grid totals are computed, never typed: per criterion max × weight, per section, per grid;
// the default grids come from the GridTemplate rows; the editor's add/remove helpers and its
// live total (in the browser) agree with the server's computation.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { addCriterion, addSection, gridToValues, liveTotals, removeCriterion, removeSection, scoreValue } from "~/modules/calls/call-schema.ts";
import {
  criterionCodes,
  criterionPoints,
  defaultGrids,
  gridTotals,
  nextCriterionCode,
  nextSectionCode,
  readGrid,
  sectionTotal,
  withComputedMax,
  type GridDefinition,
} from "~/modules/calls/grid.ts";

const templates = (JSON.parse(readFileSync("prisma/reference/grids.json", "utf8")) as { grids: { code: string; definition: unknown }[] }).grids;

describe("totals", () => {
  it("a criterion gives its highest score times its weight", () => {
    expect(criterionPoints({ max: 5, weight: 2 })).toBe(10);
    expect(criterionPoints({ max: 5, weight: 1 })).toBe(5);
    expect(criterionPoints({ max: Number.NaN, weight: 2 })).toBe(0);
  });

  it("the reference grids add up to 50 (concept note) and 100 (full application), as their sections say", () => {
    const grids = defaultGrids(templates);
    const cn = grids.conceptNoteGrid!;
    const full = grids.fullApplicationGrid!;
    expect(gridTotals(cn)).toEqual({ sections: [30, 20], total: 50 });
    expect(cn.max).toBe(50);
    expect(cn.passMark).toBe(30);
    expect(gridTotals(full)).toEqual({ sections: [20, 30, 20, 15, 15], total: 100 });
    expect(full.sections[0]).toMatchObject({ minimum: 12, rejectIfAnyCriterionScores: 1 });
    expect(full.sections[1]!.carriedFromConceptNote).toBe(true);
    expect(sectionTotal(full.sections[4]!)).toBe(15);
  });

  it("an empty grid totals 0; withComputedMax replaces a wrong stated maximum", () => {
    expect(gridTotals({ sections: [] })).toEqual({ sections: [], total: 0 });
    const wrong: GridDefinition = { max: 999, sections: [{ code: "1", nameEn: "A", nameFr: "A", criteria: [{ code: "1.1", nameEn: "x", nameFr: "x", max: 4, weight: 3 }] }] };
    expect(withComputedMax(wrong).max).toBe(12);
  });

  it("the total is the sum of the section totals, for any grid (fast-check)", () => {
    const criterion = fc.record({ code: fc.string(), nameEn: fc.string(), nameFr: fc.string(), max: fc.integer({ min: 0, max: 10 }), weight: fc.integer({ min: 0, max: 5 }) });
    const section = fc.record({ code: fc.string(), nameEn: fc.string(), nameFr: fc.string(), criteria: fc.array(criterion, { maxLength: 6 }) });
    fc.assert(
      fc.property(fc.array(section, { maxLength: 6 }), (sections) => {
        const totals = gridTotals({ sections });
        expect(totals.total).toBe(totals.sections.reduce((a, b) => a + b, 0));
        expect(totals.total).toBe(sections.flatMap((s) => s.criteria).reduce((sum, c) => sum + c.max * c.weight, 0));
        // What the browser computes from the typed text is what the server computes.
        expect(liveTotals(gridToValues({ max: 0, sections })).total).toBe(totals.total);
      }),
    );
  });
});

describe("default grids", () => {
  it("come from the templates, deep-copied (editing one call's grid changes no other)", () => {
    const a = defaultGrids(templates);
    const b = defaultGrids(templates);
    a.fullApplicationGrid!.sections[0]!.criteria[0]!.max = 1;
    expect(b.fullApplicationGrid!.sections[0]!.criteria[0]!.max).toBe(5);
  });

  it("are null when a template is missing or unreadable", () => {
    expect(defaultGrids([])).toEqual({ conceptNoteGrid: null, fullApplicationGrid: null });
    expect(defaultGrids([{ code: "CONCEPT_NOTE", definition: "nonsense" }]).conceptNoteGrid).toBeNull();
  });
});

describe("reading stored grids", () => {
  it("reads what calls store, defaulting the maximum to the computed total", () => {
    const grid = readGrid({ sections: [{ code: "1", nameEn: "A", nameFr: "A", criteria: [{ code: "1.1", nameEn: "x", nameFr: "x", max: 5 }] }] });
    expect(grid).toEqual({ max: 5, sections: [{ code: "1", nameEn: "A", nameFr: "A", criteria: [{ code: "1.1", nameEn: "x", nameFr: "x", max: 5, weight: 1 }] }] });
  });

  it("is null for nothing or for something that is not a grid", () => {
    expect(readGrid(null)).toBeNull();
    expect(readGrid(undefined)).toBeNull();
    expect(readGrid(42)).toBeNull();
    expect(readGrid({ sections: "no" })).toBeNull();
  });
});

describe("codes for new rows", () => {
  it("numbers a new section after the existing ones, skipping codes in use", () => {
    expect(nextSectionCode([])).toBe("1");
    expect(nextSectionCode([{ code: "1" }, { code: "2" }])).toBe("3");
    expect(nextSectionCode([{ code: "3" }])).toBe("2");
    expect(nextSectionCode([{ code: "1" }, { code: "3" }])).toBe("4");
  });

  it("numbers a new criterion within its section, skipping codes used anywhere in the grid", () => {
    expect(nextCriterionCode({ code: "2", criteria: [{ code: "2.1" }, { code: "2.2" }] })).toBe("2.3");
    expect(nextCriterionCode({ code: "2", criteria: [] })).toBe("2.1");
    expect(nextCriterionCode({ code: "", criteria: [{ code: "1" }] })).toBe("2");
    expect(nextCriterionCode({ code: "1", criteria: [{ code: "1.1" }] }, ["1.2"])).toBe("1.3");
    expect(criterionCodes({ sections: [{ criteria: [{ code: "1.1" }] }, { criteria: [{ code: "2.1" }, { code: "2.2" }] }] })).toEqual(["1.1", "2.1", "2.2"]);
  });
});

describe("the editor's add and remove", () => {
  const start = () => gridToValues(defaultGrids(templates).conceptNoteGrid);

  it("adding a criterion (scored 5, weight 1) raises the section and grid totals by 5", () => {
    const before = liveTotals(start());
    const grid = addCriterion(start(), 0);
    expect(grid.sections[0]!.criteria.at(-1)).toMatchObject({ code: "1.5", max: "5", weight: "1" });
    expect(liveTotals(grid)).toEqual({ sections: [before.sections[0]! + 5, before.sections[1]!], total: before.total + 5 });
  });

  it("removing a criterion or a section lowers the total accordingly", () => {
    expect(liveTotals(removeCriterion(start(), 0, 0)).total).toBe(40);
    expect(liveTotals(removeSection(start(), 1)).total).toBe(30);
  });

  it("adds a section with one criterion, numbered after the others", () => {
    const grid = addSection(start());
    expect(grid.sections).toHaveLength(3);
    expect(grid.sections[2]).toMatchObject({ code: "3", criteria: [{ code: "3.1", max: "5", weight: "1" }] });
    expect(liveTotals(grid).total).toBe(55);
  });

  it("counts unreadable scores as 0 in the live total (the server refuses them on save)", () => {
    expect(scoreValue("abc")).toBe(0);
    expect(scoreValue("")).toBe(0);
    expect(scoreValue(" 4 ")).toBe(4);
    const grid = start();
    grid.sections[0]!.criteria[0]!.max = "five";
    expect(liveTotals(grid).total).toBe(40);
  });
});
