// The ranked list, the concept-note cut at a multiple of the budget, selection within the
// budget with a reserve list, and replacement of an ineligible selected application. Ends
// with a whole call worked out by hand: six concept notes, two assessors each.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { GridDefinition } from "~/modules/calls/grid.ts";
import { combine, type SubmittedEvaluation } from "~/modules/evaluation/combining.ts";
import { preselectConceptNotes, rankProposals, replaceFromReserve, selectWithinBudget, type RankInput } from "~/modules/evaluation/ranking.ts";
import { weightedTotals, type Scores } from "~/modules/evaluation/scoring.ts";

const row = (id: string, score: number | null, amountEur: number, extra: Partial<RankInput> = {}): RankInput => ({
  proposalId: id,
  reference: `REF-${id}`,
  requestedAmountCents: amountEur * 100,
  scoreCentipoints: score,
  passed: score === null ? null : score >= 3000,
  submittedAt: "2026-03-01T10:00:00.000Z",
  ...extra,
});

describe("ranking", () => {
  it("puts scored proposals first, highest first, then unscored ones by submission", () => {
    const ranked = rankProposals([
      row("a", 3500, 1000),
      row("u2", null, 1000, { submittedAt: "2026-03-02T00:00:00.000Z" }),
      row("b", 4200, 1000),
      row("u1", null, 1000, { submittedAt: "2026-03-01T00:00:00.000Z" }),
      row("c", 2900, 1000),
    ]);
    expect(ranked.map((r) => [r.proposalId, r.rank])).toEqual([["b", 1], ["a", 2], ["c", 3], ["u1", null], ["u2", null]]);
  });

  it("breaks ties on the tie-break points, and equal rows after that share a rank", () => {
    const ranked = rankProposals([
      row("x", 3100, 1, { tieBreakCentipoints: 1800, reference: "REF-2" }),
      row("y", 3100, 1, { tieBreakCentipoints: 1900 }),
      row("z", 3100, 1, { tieBreakCentipoints: 1800, reference: "REF-1" }),
      row("w", 3000, 1),
    ]);
    expect(ranked.map((r) => [r.proposalId, r.rank])).toEqual([["y", 1], ["z", 2], ["x", 2], ["w", 4]]);
  });
});

describe("preselecting concept notes", () => {
  it("keeps passing notes in rank order up to budget × multiple, then cuts", () => {
    const ranked = rankProposals([row("a", 4000, 100), row("b", 3800, 100), row("c", 3600, 50), row("d", 3400, 10), row("e", 2000, 10), row("f", null, 10)]);
    // Budget 100, multiple 2.5 → 250: a + b = 200, c would make 250 (allowed), d makes 260 → cut.
    expect(preselectConceptNotes(ranked, { budgetCents: 10000, multipleBp: 25000 })).toEqual({
      preselected: ["a", "b", "c"],
      notPreselected: [
        { proposalId: "d", reason: "over_cut_off" },
        { proposalId: "e", reason: "below_pass_mark" },
        { proposalId: "f", reason: "not_scored" },
      ],
    });
  });
});

describe("selecting within the budget", () => {
  it("skips one that does not fit to the reserve and still selects smaller ones after it", () => {
    const ranked = rankProposals([row("a", 8000, 60), row("b", 7500, 50), row("c", 7000, 30), row("d", 6500, 20), row("e", 4000, 5)]);
    const ranked2 = ranked.map((r) => (r.proposalId === "e" ? { ...r, passed: false } : r));
    expect(selectWithinBudget(ranked2, { budgetCents: 10000 })).toEqual({
      selected: ["a", "c"],
      reserve: ["b", "d"],
      rejected: [{ proposalId: "e", reason: "below_pass_mark" }],
      remainingCents: 1000,
    });
  });

  it("replaces an ineligible selected application with the best reserve ones that now fit", () => {
    const ranked = rankProposals([row("a", 8000, 60), row("b", 7500, 50), row("c", 7000, 30), row("d", 6500, 20)]);
    const state = selectWithinBudget(ranked, { budgetCents: 10000 });
    // a leaves: 70 free; b (50) fits, then d (20) fits.
    expect(replaceFromReserve(state, ranked, "a", { budgetCents: 10000 })).toEqual({ promoted: ["b", "d"], selected: ["b", "c", "d"], reserve: [], remainingCents: 0 });
    // c leaves: 40 free; b (50) still does not fit, d (20) does.
    expect(replaceFromReserve(state, ranked, "c", { budgetCents: 10000 })).toEqual({ promoted: ["d"], selected: ["a", "d"], reserve: ["b"], remainingCents: 2000 });
  });
});

describe("properties", () => {
  const inputArb = fc
    .uniqueArray(
      fc.record({
        proposalId: fc.string({ minLength: 1, maxLength: 4 }),
        reference: fc.constantFrom("R1", "R2", "R3"),
        requestedAmountCents: fc.integer({ min: 0, max: 1000 }),
        scoreCentipoints: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
        submittedAt: fc.constantFrom("2026-01-01", "2026-01-02"),
        tieBreakCentipoints: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      }),
      { selector: (r) => r.proposalId, maxLength: 12 },
    )
    .map((rows) =>
      rows.map((r): RankInput => {
        const { tieBreakCentipoints, ...rest } = r;
        return { ...rest, passed: r.scoreCentipoints === null ? null : r.scoreCentipoints >= 20, ...(tieBreakCentipoints === undefined ? {} : { tieBreakCentipoints }) };
      }),
    );
  const budgetArb = fc.integer({ min: 0, max: 3000 });

  it("ranking is a sorted permutation, the same whatever the input order", () => {
    fc.assert(
      fc.property(inputArb.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))), ([rows, shuffled]) => {
        const ranked = rankProposals(rows);
        expect(ranked.map((r) => r.proposalId).sort()).toEqual(rows.map((r) => r.proposalId).sort());
        expect(rankProposals(shuffled)).toEqual(ranked);
        const scored = ranked.filter((r) => r.rank !== null);
        expect(ranked.slice(0, scored.length)).toEqual(scored);
        scored.forEach((r, i) => {
          const next = scored[i + 1];
          if (next) {
            expect(r.scoreCentipoints ?? 0).toBeGreaterThanOrEqual(next.scoreCentipoints ?? 0);
            expect(r.rank ?? 0).toBeLessThanOrEqual(next.rank ?? 0);
          }
        });
      }),
    );
  });

  it("preselection never exceeds budget × multiple and takes only passing notes", () => {
    fc.assert(
      fc.property(inputArb, budgetArb, fc.integer({ min: 10000, max: 40000 }), (rows, budgetCents, multipleBp) => {
        const ranked = rankProposals(rows);
        const { preselected, notPreselected } = preselectConceptNotes(ranked, { budgetCents, multipleBp });
        const amount = (id: string) => ranked.find((r) => r.proposalId === id)?.requestedAmountCents ?? 0;
        expect(preselected.reduce((s, id) => s + amount(id), 0) * 10000).toBeLessThanOrEqual(budgetCents * multipleBp);
        expect(preselected.every((id) => ranked.find((r) => r.proposalId === id)?.passed === true)).toBe(true);
        expect([...preselected, ...notPreselected.map((n) => n.proposalId)].sort()).toEqual(ranked.map((r) => r.proposalId).sort());
      }),
    );
  });

  it("selection stays within the budget, reserve and selection never overlap, replacement stays within the budget", () => {
    fc.assert(
      fc.property(inputArb, budgetArb, fc.nat(), (rows, budgetCents, pick) => {
        const ranked = rankProposals(rows);
        const amount = (id: string) => ranked.find((r) => r.proposalId === id)?.requestedAmountCents ?? 0;
        const state = selectWithinBudget(ranked, { budgetCents });
        const spent = state.selected.reduce((s, id) => s + amount(id), 0);
        expect(spent).toBeLessThanOrEqual(budgetCents);
        expect(state.remainingCents).toBe(budgetCents - spent);
        expect(state.selected.filter((id) => state.reserve.includes(id))).toEqual([]);
        // Nothing on the reserve list would still fit.
        expect(state.reserve.every((id) => amount(id) > 0)).toBe(true);
        if (state.selected.length === 0) return;
        const ineligible = state.selected[pick % state.selected.length] ?? "";
        const after = replaceFromReserve(state, ranked, ineligible, { budgetCents });
        const spentAfter = after.selected.reduce((s, id) => s + amount(id), 0);
        expect(spentAfter).toBeLessThanOrEqual(budgetCents);
        expect(after.remainingCents).toBe(budgetCents - spentAfter);
        expect(after.selected).not.toContain(ineligible);
        expect(after.reserve).not.toContain(ineligible);
        expect(after.selected.filter((id) => after.reserve.includes(id))).toEqual([]);
        expect(after.reserve.every((id) => amount(id) > after.remainingCents)).toBe(true);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------
// A call worked out by hand. Budget EUR 200,000; concept notes preselected up to 2× the budget.
// Concept-note grid (50 points, pass mark 30): 1.1 ×2, 1.2 ×2, 1.3, 1.4 (relevance, 30), 2.1 ×2, 2.2 ×2 (design, 20).
const k = (code: string, weight = 1) => ({ code, nameEn: code, nameFr: code, max: 5, weight });
const CN_GRID: GridDefinition = {
  max: 50,
  passMark: 30,
  sections: [
    { code: "1", nameEn: "Relevance", nameFr: "Pertinence", criteria: [k("1.1", 2), k("1.2", 2), k("1.3"), k("1.4")] },
    { code: "2", nameEn: "Design", nameFr: "Conception", criteria: [k("2.1", 2), k("2.2", 2)] },
  ],
};
const CN_CODES = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"];
// Full application (100 points, pass mark 50): capacity 20 (minimum 12, a mean of 1 on any criterion rejects),
// relevance 30 carried from the concept note, effectiveness 20, sustainability 15, budget 15 (5.1 ×2, 5.2).
const FULL_GRID: GridDefinition = {
  max: 100,
  passMark: 50,
  sections: [
    { code: "1", nameEn: "Capacity", nameFr: "Capacité", minimum: 12, rejectIfAnyCriterionScores: 1, criteria: [k("1.1"), k("1.2"), k("1.3"), k("1.4")] },
    { code: "2", nameEn: "Relevance", nameFr: "Pertinence", carriedFromConceptNote: true, criteria: [k("2.1", 2), k("2.2", 2), k("2.3"), k("2.4")] },
    { code: "3", nameEn: "Effectiveness", nameFr: "Efficacité", criteria: [k("3.1"), k("3.2"), k("3.3"), k("3.4")] },
    { code: "4", nameEn: "Sustainability", nameFr: "Durabilité", criteria: [k("4.1"), k("4.2"), k("4.3")] },
    { code: "5", nameEn: "Budget", nameFr: "Budget", criteria: [k("5.1", 2), k("5.2")] },
  ],
};
const FULL_CODES = ["1.1", "1.2", "1.3", "1.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2"];

const submitted = (grid: GridDefinition, codes: string[], id: string, values: number[]): SubmittedEvaluation => {
  const scores: Scores = Object.fromEntries(codes.map((code, i) => [code, { score: values[i] ?? null, justification: "See the note." }]));
  return { evaluationId: id, assessorId: `${id}-assessor`, scores, total: weightedTotals(grid, scores).total };
};
const all = (n: number, length = FULL_CODES.length) => Array.from({ length }, () => n);

describe("a call worked out by hand", () => {
  const options = { required: 2, divergenceThresholdBp: 3000 };
  const EUR = 100;
  const notes = {
    //        assessor A             assessor B            totals  mean   relevance (A, B → mean)
    CN1: { a: [5, 4, 4, 4, 4, 4], b: [4, 4, 4, 3, 4, 4], amount: 150_000 }, // 42, 39 → 40.50; 26, 23 → 24.50
    CN2: { a: [4, 4, 3, 3, 4, 4], b: [4, 4, 4, 4, 4, 4], amount: 40_000 }, //  38, 40 → 39.00; 22, 24 → 23.00
    CN3: { a: [3, 3, 3, 3, 3, 3], b: [3, 3, 3, 3, 3, 4], amount: 50_000 }, //  30, 32 → 31.00; 18, 18 → 18.00 (tie with CN6)
    CN4: { a: [3, 3, 2, 2, 3, 3], b: [3, 3, 3, 2, 3, 3], amount: 40_000 }, //  28, 29 → 28.50 (below 30); 16, 17 → 16.50
    CN5: { a: [4, 4, 4, 4, 4, 3], b: [4, 4, 3, 4, 4, 3], amount: 120_000 }, // 38, 37 → 37.50; 24, 23 → 23.50
    CN6: { a: [4, 3, 3, 3, 3, 3], b: [3, 3, 3, 3, 3, 3], amount: 90_000 }, // 32, 30 → 31.00; 20, 18 → 19.00
  };
  const conceptStage = Object.entries(notes).map(([id, n]) => {
    const combined = combine(CN_GRID, [submitted(CN_GRID, CN_CODES, `${id}-a`, n.a), submitted(CN_GRID, CN_CODES, `${id}-b`, n.b)], options);
    return { id, amount: n.amount, combined };
  });

  it("concept notes: means, ranking and preselection up to 2× the budget", () => {
    expect(conceptStage.map((s) => [s.id, s.combined.status, s.combined.meanCentipoints, s.combined.sectionMeansCentipoints["1"], s.combined.outcome?.passed])).toEqual([
      ["CN1", "scored", 4050, 2450, true],
      ["CN2", "scored", 3900, 2300, true],
      ["CN3", "scored", 3100, 1800, true],
      ["CN4", "scored", 2850, 1650, false],
      ["CN5", "scored", 3750, 2350, true],
      ["CN6", "scored", 3100, 1900, true],
    ]);
    const ranked = rankProposals(
      conceptStage.map((s) => ({
        proposalId: s.id,
        reference: s.id,
        requestedAmountCents: s.amount * EUR,
        scoreCentipoints: s.combined.meanCentipoints,
        passed: s.combined.outcome?.passed ?? null,
        submittedAt: "2026-02-01T12:00:00.000Z",
        tieBreakCentipoints: s.combined.sectionMeansCentipoints["1"] ?? 0,
      })),
    );
    // CN6 and CN3 both have 31.00: CN6 is ahead on relevance (19.00 against 18.00).
    expect(ranked.map((r) => [r.proposalId, r.rank])).toEqual([["CN1", 1], ["CN2", 2], ["CN5", 3], ["CN6", 4], ["CN3", 5], ["CN4", 6]]);
    // 2 × 200,000 = 400,000: 150,000 + 40,000 + 120,000 + 90,000 = 400,000 exactly; CN3 would make 450,000.
    expect(preselectConceptNotes(ranked, { budgetCents: 200_000 * EUR, multipleBp: 20000 })).toEqual({
      preselected: ["CN1", "CN2", "CN5", "CN6"],
      notPreselected: [
        { proposalId: "CN3", reason: "over_cut_off" },
        { proposalId: "CN4", reason: "below_pass_mark" },
      ],
    });
  });

  it("full applications: relevance carried over, moderation, knock-out, selection, reserve and a replacement", () => {
    const relevance = Object.fromEntries(conceptStage.map((s) => [s.id, s.combined.sectionMeansCentipoints["1"] ?? 0]));
    // All 4s give 56 of the 70 assessed points; all 3s 42; all 5s 70; all 5s but a 1 on 1.4 give 66.
    const fiveButCapacity = [5, 5, 5, 1, ...all(5, 9)];
    const applications = {
      CN1: { a: all(4), b: all(4), amount: 150_000 }, // 56, 56 → 56.00 + 24.50 = 80.50
      CN2: { a: all(4), b: all(3), amount: 40_000 }, //  56, 42 → 49.00 + 23.00 = 72.00 (20% apart)
      CN5: { a: all(3), b: all(5), amount: 120_000 }, // 42, 70 → 40% apart: moderation; consensus 50 + 23.50 = 73.50
      CN6: { a: fiveButCapacity, b: fiveButCapacity, amount: 90_000 }, // 66, 66 → 66.00 + 19.00 = 85.00, but knocked out on 1.4
    };
    const full = Object.entries(applications).map(([id, n]) => {
      const evaluations = [submitted(FULL_GRID, FULL_CODES, `${id}-fa`, n.a), submitted(FULL_GRID, FULL_CODES, `${id}-fb`, n.b)];
      const carriedSectionsCentipoints = { "2": relevance[id] ?? 0 };
      return { id, amount: n.amount, evaluations, combined: combine(FULL_GRID, evaluations, { ...options, carriedSectionsCentipoints }), carriedSectionsCentipoints };
    });
    const byId = (id: string) => full.find((f) => f.id === id);
    expect(byId("CN5")?.combined).toMatchObject({ status: "needs_moderation", meanCentipoints: 7950, spreadBp: 4000, divergent: { a: "CN5-fa", b: "CN5-fb", gapBp: 4000 } });
    expect(byId("CN2")?.combined.spreadBp).toBe(2000);
    const moderated = full.map((f) =>
      f.combined.status === "needs_moderation"
        ? { ...f, combined: combine(FULL_GRID, f.evaluations, { ...options, carriedSectionsCentipoints: f.carriedSectionsCentipoints, moderation: { resolution: "CONSENSUS", consensusTotal: 50 } }) }
        : f,
    );
    expect(moderated.map((f) => [f.id, f.combined.status, f.combined.meanCentipoints, f.combined.outcome])).toEqual([
      ["CN1", "scored", 8050, { passed: true, reasons: [] }],
      ["CN2", "scored", 7200, { passed: true, reasons: [] }],
      ["CN5", "scored", 7350, { passed: true, reasons: [] }],
      ["CN6", "scored", 8500, { passed: false, reasons: [{ kind: "knock_out", criterion: "1.4", score: 1, threshold: 1 }] }],
    ]);

    const ranked = rankProposals(
      moderated.map((f) => ({
        proposalId: f.id,
        reference: f.id,
        requestedAmountCents: f.amount * EUR,
        scoreCentipoints: f.combined.meanCentipoints,
        passed: f.combined.outcome?.passed ?? null,
        submittedAt: "2026-04-01T12:00:00.000Z",
      })),
    );
    expect(ranked.map((r) => [r.proposalId, r.rank])).toEqual([["CN6", 1], ["CN1", 2], ["CN5", 3], ["CN2", 4]]);
    // 200,000: CN1 (150,000) fits → 50,000 left; CN5 (120,000) does not → reserve; CN2 (40,000) fits → 10,000 left.
    const selection = selectWithinBudget(ranked, { budgetCents: 200_000 * EUR });
    expect(selection).toEqual({ selected: ["CN1", "CN2"], reserve: ["CN5"], rejected: [{ proposalId: "CN6", reason: "below_pass_mark" }], remainingCents: 10_000 * EUR });
    // CN1's supporting documents are found ineligible: 160,000 free, CN5 (120,000) is promoted, 40,000 left.
    expect(replaceFromReserve(selection, ranked, "CN1", { budgetCents: 200_000 * EUR })).toEqual({
      promoted: ["CN5"],
      selected: ["CN5", "CN2"],
      reserve: [],
      remainingCents: 40_000 * EUR,
    });
  });
});
