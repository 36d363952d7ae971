// Combining the assessors' evaluations of one proposal at one stage into one score and an
// outcome. Pure: no I/O. Money-like precision: means are kept in hundredths of a point
// (centipoints, integers, rounded half-up) so that ranking and thresholds never depend on
// floating-point noise.
import { criterionPoints, type GridDefinition } from "~/modules/calls/grid.ts";
import { isValidScore, scoredSections, weightedTotals, type Scores } from "./scoring.ts";

export interface SubmittedEvaluation {
  evaluationId: string;
  assessorId: string;
  scores: Scores;
  /** Points on the scored sections (carried sections excluded), as weightedTotals gives. */
  total: number;
}

export type OutcomeReason =
  | { kind: "below_pass_mark"; score: number; passMark: number }
  | { kind: "section_below_minimum"; section: string; score: number; minimum: number }
  | { kind: "knock_out"; criterion: string; score: number; threshold: number };

export interface Combined {
  status: "incomplete" | "needs_moderation" | "scored";
  /** Mean total in hundredths of a point (integer, half-up), null when incomplete. */
  meanCentipoints: number | null;
  sectionMeansCentipoints: Record<string, number>;
  /** The largest pairwise gap between totals, as a share of the grid's max in basis points. */
  spreadBp: number;
  divergent: { a: string; b: string; gapBp: number } | null; // evaluation ids
  outcome: { passed: boolean; reasons: OutcomeReason[] } | null; // null unless status === "scored"
}

export interface CombineOptions {
  /** Assessors per proposal (call.assessorsPerProposal). */
  required: number;
  /** call.divergenceThresholdBp, e.g. 3000 = 30% of the grid's max. */
  divergenceThresholdBp: number;
  /** Moderation resolved by consensus: this total (points) replaces the mean; by a further assessor: its evaluation is simply one more in `evaluations` and the mean is over all. */
  moderation?: { resolution: "CONSENSUS" | "FURTHER_ASSESSOR"; consensusTotal?: number | null } | null;
  /** Full application: points per carried section (e.g. relevance) taken from the concept-note stage, in centipoints. */
  carriedSectionsCentipoints?: Record<string, number>;
}

/** sum / n in hundredths, rounded half-up, in integers only (sum in points). */
export function meanCentipointsOf(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return 0;
  const sum = values.reduce((a, b) => a + b, 0);
  return Math.floor((2 * 100 * sum + n) / (2 * n));
}

/** A number of centipoints as points for reasons shown to people (e.g. 2950 → 29.5). */
const points = (centipoints: number) => centipoints / 100;

/**
 * The largest gap between any two totals, as a share of the assessed maximum. The assessed
 * maximum is the grid's max without carried sections: the totals compared are on that basis
 * (for a concept note the two are the same). Ties between equally distant pairs go to the
 * pair first in evaluation-id order, so the answer never depends on input order.
 */
export function spreadOf(evaluations: readonly SubmittedEvaluation[], assessedMax: number): { spreadBp: number; pair: { a: string; b: string } | null } {
  const sorted = [...evaluations].sort((x, y) => (x.evaluationId < y.evaluationId ? -1 : x.evaluationId > y.evaluationId ? 1 : 0));
  let best: { gap: number; a: string; b: string } | null = null;
  for (let i = 0; i < sorted.length; i += 1) {
    for (let j = i + 1; j < sorted.length; j += 1) {
      const x = sorted[i];
      const y = sorted[j];
      if (!x || !y) continue;
      const gap = Math.abs(x.total - y.total);
      if (best === null || gap > best.gap) best = { gap, a: x.evaluationId, b: y.evaluationId };
    }
  }
  if (best === null || assessedMax <= 0) return { spreadBp: 0, pair: best ? { a: best.a, b: best.b } : null };
  return { spreadBp: Math.round((best.gap * 10000) / assessedMax), pair: { a: best.a, b: best.b } };
}

export function combine(grid: GridDefinition, evaluations: SubmittedEvaluation[], options: CombineOptions): Combined {
  const assessed = scoredSections(grid);
  const assessedMax = assessed.reduce((sum, s) => sum + s.criteria.reduce((t, c) => t + criterionPoints(c), 0), 0);
  const { spreadBp, pair } = spreadOf(evaluations, assessedMax);
  // Strictly more than the threshold diverges: exactly 30% apart is still acceptable.
  const divergent = pair && evaluations.length >= 2 && spreadBp > options.divergenceThresholdBp ? { ...pair, gapBp: spreadBp } : null;

  const carried = options.carriedSectionsCentipoints ?? {};
  const sectionMeansCentipoints: Record<string, number> = {};
  if (evaluations.length > 0) {
    const perEvaluation = evaluations.map((e) => weightedTotals(grid, e.scores));
    for (const section of assessed) {
      const values = perEvaluation.map((t) => t.sections.find((s) => s.code === section.code)?.points ?? 0);
      sectionMeansCentipoints[section.code] = meanCentipointsOf(values);
    }
  }
  for (const section of grid.sections) {
    if (section.carriedFromConceptNote === true) sectionMeansCentipoints[section.code] = carried[section.code] ?? 0;
  }
  const carriedTotal = grid.sections.filter((s) => s.carriedFromConceptNote === true).reduce((sum, s) => sum + (carried[s.code] ?? 0), 0);

  if (evaluations.length < Math.max(1, options.required)) {
    return { status: "incomplete", meanCentipoints: null, sectionMeansCentipoints, spreadBp, divergent, outcome: null };
  }

  const moderation = options.moderation ?? null;
  const consensus = moderation?.resolution === "CONSENSUS" && typeof moderation.consensusTotal === "number" ? moderation.consensusTotal : null;
  // The consensus total is on the same basis as an evaluation's total (carried sections excluded).
  const assessedMean = consensus !== null ? Math.round(consensus * 100) : meanCentipointsOf(evaluations.map((e) => e.total));
  const meanCentipoints = assessedMean + carriedTotal;

  const resolved = moderation !== null && (moderation.resolution === "FURTHER_ASSESSOR" || consensus !== null);
  if (divergent && !resolved) {
    return { status: "needs_moderation", meanCentipoints, sectionMeansCentipoints, spreadBp, divergent, outcome: null };
  }

  // Every reason is listed, not just the first, so that the applicant is told all of them.
  const reasons: OutcomeReason[] = [];
  if (grid.passMark !== undefined && meanCentipoints < grid.passMark * 100) {
    reasons.push({ kind: "below_pass_mark", score: points(meanCentipoints), passMark: grid.passMark });
  }
  for (const section of grid.sections) {
    const mean = sectionMeansCentipoints[section.code] ?? 0;
    if (section.minimum !== undefined && mean < section.minimum * 100) {
      reasons.push({ kind: "section_below_minimum", section: section.code, score: points(mean), minimum: section.minimum });
    }
  }
  // Knock-out is decided on the mean of the assessors' scores for the criterion (PRAG
  // practice: one assessor's 1 alone does not reject when the others disagree). A carried
  // section was decided at the concept-note stage and has no scores here.
  for (const section of assessed) {
    const threshold = section.rejectIfAnyCriterionScores;
    if (threshold === undefined) continue;
    for (const criterion of section.criteria) {
      const scores = evaluations.map((e) => e.scores[criterion.code]?.score).filter((s): s is number => isValidScore(s, criterion.max));
      if (scores.length === 0) continue;
      const mean = meanCentipointsOf(scores);
      if (mean <= threshold * 100) reasons.push({ kind: "knock_out", criterion: criterion.code, score: points(mean), threshold });
    }
  }
  return { status: "scored", meanCentipoints, sectionMeansCentipoints, spreadBp, divergent, outcome: { passed: reasons.length === 0, reasons } };
}
