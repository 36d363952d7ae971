// One assessor's scores on a grid: reading stored JSON, checking completeness and adding up
// weighted points. Pure: no I/O. Scores are integers 1..criterion.max; a criterion's points
// are score × weight; every score needs a written justification.
import { z } from "zod";
import { sectionTotal, type GridDefinition, type GridSection } from "~/modules/calls/grid.ts";

export interface ScoreEntry {
  score: number | null;
  justification: string;
}
/** By criterion code. */
export type Scores = Record<string, ScoreEntry>;

export const MIN_SCORE = 1;
export const MAX_JUSTIFICATION_LENGTH = 5000;

const storedEntry = z.object({
  score: z.number().finite().nullable().catch(null).default(null),
  justification: z.string().catch("").default(""),
});

/** Stored JSON read leniently: a draft may be half-filled; anything unreadable is dropped or blanked. */
export function readScores(json: unknown): Scores {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return {};
  const scores: Scores = {};
  for (const [code, value] of Object.entries(json as Record<string, unknown>)) {
    const parsed = storedEntry.safeParse(value);
    if (parsed.success) scores[code] = { score: parsed.data.score, justification: parsed.data.justification };
  }
  return scores;
}

/** Criteria an assessor scores at this stage: sections with carriedFromConceptNote are skipped. */
export function scoredSections(grid: GridDefinition): GridSection[] {
  return grid.sections.filter((s) => s.carriedFromConceptNote !== true);
}

// "justification_too_long" was added to the brief's list: a 6000-character text is not "missing".
export type ScoreProblem = "missing" | "not_integer" | "out_of_range" | "justification_missing" | "justification_too_long";

/** A score that counts: an integer within the criterion's range. */
export function isValidScore(score: number | null | undefined, max: number): score is number {
  return typeof score === "number" && Number.isInteger(score) && score >= MIN_SCORE && score <= max;
}

function scoreProblems(entry: ScoreEntry | undefined, max: number): ScoreProblem[] {
  const problems: ScoreProblem[] = [];
  const score = entry?.score;
  if (score === null || score === undefined || !Number.isFinite(score)) problems.push("missing");
  else if (!Number.isInteger(score)) problems.push("not_integer");
  else if (score < MIN_SCORE || score > max) problems.push("out_of_range");
  const justification = (entry?.justification ?? "").trim();
  if (justification.length === 0) problems.push("justification_missing");
  else if (justification.length > MAX_JUSTIFICATION_LENGTH) problems.push("justification_too_long");
  return problems;
}

/** By criterion code: only criteria with problems appear. `complete` exactly when there are none. */
export function validateScores(grid: GridDefinition, scores: Scores): { complete: boolean; problems: Record<string, ScoreProblem[]> } {
  const problems: Record<string, ScoreProblem[]> = {};
  for (const section of scoredSections(grid)) {
    for (const criterion of section.criteria) {
      const found = scoreProblems(scores[criterion.code], criterion.max);
      if (found.length > 0) problems[criterion.code] = found;
    }
  }
  return { complete: Object.keys(problems).length === 0, problems };
}

export interface Totals {
  sections: { code: string; points: number; max: number }[];
  total: number;
  max: number;
}

/** Points per scored section and in all. Only valid scores count (a justification does not change points); carried sections are excluded. */
export function weightedTotals(grid: GridDefinition, scores: Scores): Totals {
  const sections = scoredSections(grid).map((section) => {
    let points = 0;
    for (const criterion of section.criteria) {
      const score = scores[criterion.code]?.score;
      if (isValidScore(score, criterion.max)) points += score * criterion.weight;
    }
    return { code: section.code, points, max: sectionTotal(section) };
  });
  return {
    sections,
    total: sections.reduce((sum, s) => sum + s.points, 0),
    max: sections.reduce((sum, s) => sum + s.max, 0),
  };
}
