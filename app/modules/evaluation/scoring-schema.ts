// The assessor's forms, shared by the pages (field names, limits) and their actions (parsing).
// Scores are typed as text ("score.<criterionCode>") and read into the Scores JSON here; what
// a score must be (an integer 1..max with a justification) is decided by validateScores in
// scoring.ts, and its problems become messages of the assessing area per field.
// Messages are keys of app/locales/areas/assessing.ts.
import { z } from "zod";
import { versionField } from "~/utils/version-field.ts";
import type { GridDefinition } from "~/modules/calls/grid.ts";
import { MAX_JUSTIFICATION_LENGTH, scoredSections, type ScoreProblem, type Scores } from "./scoring.ts";

export const CONFLICT_REASON_MAX = 2000;

export const scoreField = (code: string) => `score.${code}`;
export const justificationField = (code: string) => `justification.${code}`;

export const SCORING_INTENTS = ["autosave", "save", "submit", "conflict"] as const;
export type ScoringIntent = (typeof SCORING_INTENTS)[number];

const version = versionField();

/** What every post of the scoring page carries besides the scores. */
export const ScoringIntentSchema = z.object({
  intent: z.enum(SCORING_INTENTS, { message: "errors.badForm" }),
  version: z.preprocess((v) => (v === undefined || v === "" ? undefined : v), version.optional()),
});

/** Declaring a conflict of interest: a reason is required (the grant manager reads it). */
export const ConflictSchema = z.object({
  intent: z.literal("conflict"),
  reason: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : ""),
    z.string().min(1, "assessing.conflict.reasonRequired").max(CONFLICT_REASON_MAX, "assessing.conflict.reasonTooLong"),
  ),
});

/** Signing the declaration: the box must be ticked, for the version of the text that was shown. */
export const DeclarationSchema = z.object({
  agree: z.literal("on", { message: "assessing.declaration.agreeRequired" }),
  textVersion: z.string().trim().min(1, "errors.badForm").max(40, "errors.badForm"),
});

/** A typed score: blank is no score; anything that is not a number is NaN (reported as "not a whole number"). */
export function readTypedScore(raw: string | undefined): number | null {
  const text = (raw ?? "").trim();
  if (text === "") return null;
  const n = Number(text.replace(",", "."));
  return Number.isFinite(n) ? n : Number.NaN;
}

/** The scores posted for the grid's scored criteria (others are ignored). */
export function scoresFromForm(grid: GridDefinition, values: Record<string, string | undefined>): Scores {
  const scores: Scores = {};
  for (const section of scoredSections(grid)) {
    for (const c of section.criteria) {
      const justification = (values[justificationField(c.code)] ?? "").slice(0, MAX_JUSTIFICATION_LENGTH + 1000);
      scores[c.code] = { score: readTypedScore(values[scoreField(c.code)]), justification };
    }
  }
  return scores;
}

/** Scores as stored: NaN (typed text that is no number) is kept as no score. */
export function storableScores(scores: Scores): Scores {
  return Object.fromEntries(Object.entries(scores).map(([code, e]) => [code, { score: e.score !== null && Number.isFinite(e.score) ? e.score : null, justification: e.justification }]));
}

const PROBLEM_MESSAGES: Record<ScoreProblem, "assessing.problem.missing" | "assessing.problem.notInteger" | "assessing.problem.outOfRange" | "assessing.problem.justificationMissing" | "assessing.problem.justificationTooLong"> = {
  missing: "assessing.problem.missing",
  not_integer: "assessing.problem.notInteger",
  out_of_range: "assessing.problem.outOfRange",
  justification_missing: "assessing.problem.justificationMissing",
  justification_too_long: "assessing.problem.justificationTooLong",
};

/**
 * validateScores' problems as field errors: score problems on `score.<code>`, justification
 * problems on `justification.<code>`. Text that is no number was read as NaN, which
 * validateScores calls "missing": the assessor typed something, so it is "not a whole number".
 */
export function problemsToFieldErrors(problems: Record<string, readonly ScoreProblem[]>, scores: Scores): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const [code, list] of Object.entries(problems)) {
    for (const problem of list) {
      const typedText = problem === "missing" && Number.isNaN(scores[code]?.score ?? 0);
      const p: ScoreProblem = typedText ? "not_integer" : problem;
      const field = p === "justification_missing" || p === "justification_too_long" ? justificationField(code) : scoreField(code);
      (errors[field] ??= []).push(PROBLEM_MESSAGES[p]);
    }
  }
  return errors;
}

/** The form's values for a stored evaluation: what the inputs show. */
export function scoresToFormValues(scores: Scores): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [code, e] of Object.entries(scores)) {
    values[scoreField(code)] = e.score === null ? "" : String(e.score);
    values[justificationField(code)] = e.justification;
  }
  return values;
}
