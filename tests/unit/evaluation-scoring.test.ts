// One assessor's scores (reading, completeness, weighted points) and combining several
// assessors into one score and an outcome with every reason listed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { GridDefinition } from "~/modules/calls/grid.ts";
import { combine, type SubmittedEvaluation } from "~/modules/evaluation/combining.ts";
import { readScores, scoredSections, validateScores, weightedTotals, type Scores } from "~/modules/evaluation/scoring.ts";

const c = (code: string, weight = 1) => ({ code, nameEn: code, nameFr: code, max: 5, weight });

/** The PRAG concept-note grid: 50 points, pass mark 30. */
const CONCEPT_NOTE: GridDefinition = {
  max: 50,
  passMark: 30,
  sections: [
    { code: "1", nameEn: "Relevance", nameFr: "Pertinence", criteria: [c("1.1", 2), c("1.2", 2), c("1.3"), c("1.4")] },
    { code: "2", nameEn: "Design", nameFr: "Conception", criteria: [c("2.1", 2), c("2.2", 2)] },
  ],
};

/** Full application: capacity with a minimum and a knock-out, relevance carried from the concept note. */
const FULL: GridDefinition = {
  max: 100,
  passMark: 50,
  sections: [
    { code: "1", nameEn: "Capacity", nameFr: "Capacité", minimum: 12, rejectIfAnyCriterionScores: 1, criteria: [c("1.1"), c("1.2"), c("1.3"), c("1.4")] },
    { code: "2", nameEn: "Relevance", nameFr: "Pertinence", carriedFromConceptNote: true, criteria: [c("2.1", 2), c("2.2", 2), c("2.3"), c("2.4")] },
    { code: "3", nameEn: "Effectiveness", nameFr: "Efficacité", criteria: [c("3.1"), c("3.2"), c("3.3"), c("3.4")] },
  ],
};

const CN_CODES = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"];
const FULL_CODES = ["1.1", "1.2", "1.3", "1.4", "3.1", "3.2", "3.3", "3.4"];
const scoresOf = (codes: string[], values: number[]): Scores =>
  Object.fromEntries(codes.map((code, i) => [code, { score: values[i] ?? null, justification: `Why ${code}` }]));
const evaluation = (id: string, grid: GridDefinition, codes: string[], values: number[]): SubmittedEvaluation => {
  const scores = scoresOf(codes, values);
  return { evaluationId: id, assessorId: `assessor-${id}`, scores, total: weightedTotals(grid, scores).total };
};

describe("reading stored scores", () => {
  it("keeps what is readable and blanks the rest", () => {
    expect(readScores({ "1.1": { score: 4, justification: "Clear" }, "1.2": { score: "x" }, "1.3": 7, "1.4": { justification: 3 } })).toEqual({
      "1.1": { score: 4, justification: "Clear" },
      "1.2": { score: null, justification: "" },
      "1.4": { score: null, justification: "" },
    });
    expect(readScores(null)).toEqual({});
    expect(readScores([1, 2])).toEqual({});
    expect(readScores("nonsense")).toEqual({});
  });
});

describe("validating one assessor's scores", () => {
  it("lists every problem of every criterion", () => {
    const scores: Scores = {
      "1.1": { score: 5, justification: "Strong fit" },
      "1.2": { score: 3.5, justification: "Half" },
      "1.3": { score: 6, justification: "  " },
      "1.4": { score: 0, justification: "x".repeat(5001) },
      "2.1": { score: null, justification: "Later" },
    };
    expect(validateScores(CONCEPT_NOTE, scores)).toEqual({
      complete: false,
      problems: {
        "1.2": ["not_integer"],
        "1.3": ["out_of_range", "justification_missing"],
        "1.4": ["out_of_range", "justification_too_long"],
        "2.1": ["missing"],
        "2.2": ["missing", "justification_missing"],
      },
    });
  });

  it("is complete when every criterion has an integer 1..max and a justification", () => {
    expect(validateScores(CONCEPT_NOTE, scoresOf(CN_CODES, [1, 2, 3, 4, 5, 5]))).toEqual({ complete: true, problems: {} });
    // 5000 characters is still allowed.
    const long = { ...scoresOf(CN_CODES, [1, 2, 3, 4, 5, 5]), "1.1": { score: 1, justification: "y".repeat(5000) } };
    expect(validateScores(CONCEPT_NOTE, long).complete).toBe(true);
  });

  it("does not ask for carried sections: relevance is not scored again on the full application", () => {
    expect(scoredSections(FULL).map((s) => s.code)).toEqual(["1", "3"]);
    expect(validateScores(FULL, scoresOf(FULL_CODES, [4, 4, 4, 4, 4, 4, 4, 4])).complete).toBe(true);
  });
});

describe("weighted totals", () => {
  it("multiplies by weight and adds per section", () => {
    expect(weightedTotals(CONCEPT_NOTE, scoresOf(CN_CODES, [5, 4, 3, 2, 4, 3]))).toEqual({
      sections: [
        { code: "1", points: 10 + 8 + 3 + 2, max: 30 },
        { code: "2", points: 8 + 6, max: 20 },
      ],
      total: 37,
      max: 50,
    });
  });

  it("counts only valid scores and leaves carried sections out", () => {
    const scores = { ...scoresOf(FULL_CODES, [4, 4, 4, 4, 4, 4, 4, 4]), "1.1": { score: 9, justification: "?" }, "3.1": { score: 2.5, justification: "?" } };
    expect(weightedTotals(FULL, scores)).toEqual({
      sections: [
        { code: "1", points: 12, max: 20 },
        { code: "3", points: 12, max: 20 },
      ],
      total: 24,
      max: 40,
    });
  });
});

describe("combining assessors", () => {
  const options = { required: 2, divergenceThresholdBp: 3000 };

  it("is incomplete until the required number of evaluations is in", () => {
    const one = combine(CONCEPT_NOTE, [evaluation("e1", CONCEPT_NOTE, CN_CODES, [4, 4, 4, 4, 4, 4])], options);
    expect(one.status).toBe("incomplete");
    expect(one.meanCentipoints).toBeNull();
    expect(one.outcome).toBeNull();
  });

  it("takes the mean in centipoints, rounded half-up, and passes at the pass mark", () => {
    // 31 and 30 points: mean 30.50.
    const result = combine(CONCEPT_NOTE, [evaluation("e1", CONCEPT_NOTE, CN_CODES, [3, 3, 3, 4, 3, 3]), evaluation("e2", CONCEPT_NOTE, CN_CODES, [3, 3, 3, 3, 3, 3])], options);
    expect(result).toMatchObject({ status: "scored", meanCentipoints: 3050, sectionMeansCentipoints: { "1": 1850, "2": 1200 }, spreadBp: 200, divergent: null });
    expect(result.outcome).toEqual({ passed: true, reasons: [] });
    // Three totals 30, 30, 31: 30.333… → 3033; 31, 31, 30: 30.666… → 3067.
    const three = [[3, 3, 3, 3, 3, 3], [3, 3, 3, 3, 3, 3], [3, 3, 3, 4, 3, 3]].map((v, i) => evaluation(`t${i}`, CONCEPT_NOTE, CN_CODES, v));
    expect(combine(CONCEPT_NOTE, three, { ...options, required: 3 }).meanCentipoints).toBe(3033);
    const threeUp = [[3, 3, 3, 4, 3, 3], [3, 3, 3, 4, 3, 3], [3, 3, 3, 3, 3, 3]].map((v, i) => evaluation(`u${i}`, CONCEPT_NOTE, CN_CODES, v));
    expect(combine(CONCEPT_NOTE, threeUp, { ...options, required: 3 }).meanCentipoints).toBe(3067);
  });

  it("fails below the pass mark, with the score in points", () => {
    const result = combine(CONCEPT_NOTE, [evaluation("e1", CONCEPT_NOTE, CN_CODES, [3, 3, 3, 2, 3, 3]), evaluation("e2", CONCEPT_NOTE, CN_CODES, [3, 3, 3, 3, 3, 3])], options);
    expect(result.meanCentipoints).toBe(2950);
    expect(result.outcome).toEqual({ passed: false, reasons: [{ kind: "below_pass_mark", score: 29.5, passMark: 30 }] });
  });

  it("asks for moderation when two totals differ by more than the threshold, until it is resolved", () => {
    // 50 and 34 points on a 50-point grid: 32% apart.
    const a = evaluation("e-a", CONCEPT_NOTE, CN_CODES, [5, 5, 5, 5, 5, 5]);
    const b = evaluation("e-b", CONCEPT_NOTE, CN_CODES, [3, 3, 4, 4, 4, 3]);
    expect(b.total).toBe(34);
    const open = combine(CONCEPT_NOTE, [b, a], options);
    expect(open).toMatchObject({ status: "needs_moderation", meanCentipoints: 4200, spreadBp: 3200, divergent: { a: "e-a", b: "e-b", gapBp: 3200 }, outcome: null });
    const consensus = combine(CONCEPT_NOTE, [a, b], { ...options, moderation: { resolution: "CONSENSUS", consensusTotal: 38 } });
    expect(consensus).toMatchObject({ status: "scored", meanCentipoints: 3800, outcome: { passed: true, reasons: [] } });
    // A consensus without a total does not resolve anything.
    expect(combine(CONCEPT_NOTE, [a, b], { ...options, moderation: { resolution: "CONSENSUS", consensusTotal: null } }).status).toBe("needs_moderation");
    const third = evaluation("e-c", CONCEPT_NOTE, CN_CODES, [4, 4, 4, 4, 4, 4]);
    const further = combine(CONCEPT_NOTE, [a, b, third], { ...options, moderation: { resolution: "FURTHER_ASSESSOR" } });
    expect(further).toMatchObject({ status: "scored", meanCentipoints: 4133 }); // (50 + 34 + 40) / 3
    // Exactly at the threshold is not divergent: 50 vs 35 = 30%.
    const c35 = evaluation("e-d", CONCEPT_NOTE, CN_CODES, [3, 3, 4, 5, 4, 3]);
    expect(c35.total).toBe(35);
    expect(combine(CONCEPT_NOTE, [a, c35], options)).toMatchObject({ status: "scored", spreadBp: 3000, divergent: null });
  });

  it("adds carried sections and lists every reason: pass mark, section minimum and knock-out on the mean", () => {
    // Capacity 1,3,3,3 and 1,2,3,3 → 10 and 9 (mean 9.5 < 12); criterion 1.1 mean 1 ≤ 1 knocks out.
    const e1 = evaluation("e1", FULL, FULL_CODES, [1, 3, 3, 3, 3, 3, 3, 3]);
    const e2 = evaluation("e2", FULL, FULL_CODES, [1, 2, 3, 3, 3, 3, 3, 3]);
    const result = combine(FULL, [e1, e2], { ...options, carriedSectionsCentipoints: { "2": 2450 } });
    expect(result.sectionMeansCentipoints).toEqual({ "1": 950, "2": 2450, "3": 1200 });
    expect(result.meanCentipoints).toBe(950 + 1200 + 2450);
    expect(result.outcome).toEqual({
      passed: false,
      reasons: [
        { kind: "below_pass_mark", score: 46, passMark: 50 },
        { kind: "section_below_minimum", section: "1", score: 9.5, minimum: 12 },
        { kind: "knock_out", criterion: "1.1", score: 1, threshold: 1 },
      ],
    });
  });

  it("does not knock out on one assessor's 1 when the mean is above the threshold", () => {
    const e1 = evaluation("e1", FULL, FULL_CODES, [1, 4, 4, 4, 4, 4, 4, 4]);
    const e2 = evaluation("e2", FULL, FULL_CODES, [3, 4, 4, 4, 4, 4, 4, 4]);
    const result = combine(FULL, [e1, e2], { ...options, carriedSectionsCentipoints: { "2": 2500 } });
    expect(result.outcome).toEqual({ passed: true, reasons: [] });
    expect(result.meanCentipoints).toBe(1400 + 1600 + 2500);
  });
});

describe("properties", () => {
  const gridArb = fc
    .array(
      fc.record({
        carried: fc.boolean(),
        criteria: fc.array(fc.record({ max: fc.integer({ min: 1, max: 10 }), weight: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((sections): GridDefinition => {
      const defined = sections.map((s, i) => ({
        code: String(i + 1),
        nameEn: "",
        nameFr: "",
        ...(s.carried && i > 0 ? { carriedFromConceptNote: true } : {}),
        criteria: s.criteria.map((cr, j) => ({ code: `${i + 1}.${j + 1}`, nameEn: "", nameFr: "", ...cr })),
      }));
      return { max: defined.reduce((sum, s) => sum + s.criteria.reduce((t, cr) => t + cr.max * cr.weight, 0), 0), sections: defined };
    });
  const entryArb = fc.record({
    score: fc.oneof(fc.constant(null), fc.integer({ min: -1, max: 12 }), fc.double({ min: 0, max: 12, noNaN: true })),
    justification: fc.constantFrom("", "  ", "Because.", "x".repeat(5001)),
  });
  const scoresFor = (grid: GridDefinition) =>
    fc.tuple(...grid.sections.flatMap((s) => s.criteria.map(() => entryArb))).map((entries) => {
      const codes = grid.sections.flatMap((s) => s.criteria.map((cr) => cr.code));
      return Object.fromEntries(codes.map((code, i) => [code, entries[i] ?? { score: null, justification: "" }])) as Scores;
    });

  it("totals never exceed the max, section or grid", () => {
    fc.assert(
      fc.property(gridArb.chain((g) => fc.tuple(fc.constant(g), scoresFor(g))), ([grid, scores]) => {
        const totals = weightedTotals(grid, scores);
        expect(totals.total).toBeLessThanOrEqual(totals.max);
        expect(totals.max).toBeLessThanOrEqual(grid.max);
        for (const s of totals.sections) expect(s.points).toBeLessThanOrEqual(s.max);
      }),
    );
  });

  it("complete exactly when there are no problems, and then every criterion counts", () => {
    fc.assert(
      fc.property(gridArb.chain((g) => fc.tuple(fc.constant(g), scoresFor(g))), ([grid, scores]) => {
        const { complete, problems } = validateScores(grid, scores);
        expect(complete).toBe(Object.keys(problems).length === 0);
        const scored = scoredSections(grid).flatMap((s) => s.criteria);
        const valid = scored.filter((cr) => {
          const score = scores[cr.code]?.score;
          return typeof score === "number" && Number.isInteger(score) && score >= 1 && score <= cr.max;
        });
        // A criterion without a score problem is counted in the totals.
        const counted = scored.filter((cr) => !(problems[cr.code] ?? []).some((p) => p === "missing" || p === "not_integer" || p === "out_of_range"));
        expect(counted.map((cr) => cr.code)).toEqual(valid.map((cr) => cr.code));
      }),
    );
  });

  const totalsArb = fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 6 });
  const asEvaluations = (totals: number[]): SubmittedEvaluation[] => totals.map((total, i) => ({ evaluationId: `e${i}`, assessorId: `a${i}`, scores: {}, total }));

  it("the mean lies between the lowest and the highest total", () => {
    fc.assert(
      fc.property(totalsArb, (totals) => {
        const result = combine(CONCEPT_NOTE, asEvaluations(totals), { required: totals.length, divergenceThresholdBp: 10000 });
        expect(result.meanCentipoints).not.toBeNull();
        expect(result.meanCentipoints ?? 0).toBeGreaterThanOrEqual(Math.min(...totals) * 100);
        expect(result.meanCentipoints ?? 0).toBeLessThanOrEqual(Math.max(...totals) * 100);
      }),
    );
  });

  it("divergence does not depend on the order of the evaluations", () => {
    fc.assert(
      fc.property(
        totalsArb.chain((t) => fc.tuple(fc.constant(t), fc.shuffledSubarray(asEvaluations(t), { minLength: t.length, maxLength: t.length }))),
        fc.integer({ min: 0, max: 10000 }),
        ([totals, shuffled], threshold) => {
          const options = { required: 1, divergenceThresholdBp: threshold };
          const straight = combine(CONCEPT_NOTE, asEvaluations(totals), options);
          const other = combine(CONCEPT_NOTE, shuffled, options);
          expect(other.divergent).toEqual(straight.divergent);
          expect(other.spreadBp).toBe(straight.spreadBp);
          expect(other.status).toBe(straight.status);
          expect(straight.spreadBp).toBe(Math.round(((Math.max(...totals) - Math.min(...totals)) * 10000) / 50));
          expect(straight.divergent !== null).toBe(straight.spreadBp > threshold && totals.length > 1);
        },
      ),
    );
  });
});
