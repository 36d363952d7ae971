// Evaluation grids: sections of criteria, each scored 1..max and multiplied by its weight.
// The grid's maximum is never typed: it is computed here (in the browser as the manager
// edits, and again on the server when the call is saved). Pure: no I/O.
import { z } from "zod";

export interface GridCriterion {
  code: string;
  nameEn: string;
  nameFr: string;
  max: number;
  weight: number;
}

export interface GridSection {
  code: string;
  nameEn: string;
  nameFr: string;
  /** A section score below this rejects the proposal. */
  minimum?: number;
  /** Knock-out: a proposal is rejected if any criterion of the section scores this or less. */
  rejectIfAnyCriterionScores?: number;
  /** Full application: the section's scores are those of the concept note. */
  carriedFromConceptNote?: boolean;
  criteria: GridCriterion[];
}

/** What GridTemplate.definition, Call.conceptNoteGrid and Call.fullApplicationGrid hold. */
export interface GridDefinition {
  max: number;
  passMark?: number;
  sections: GridSection[];
}

export const GRID_FIELDS = ["conceptNoteGrid", "fullApplicationGrid"] as const;
export type GridField = (typeof GRID_FIELDS)[number];

/** The template code each grid field starts from. */
export const GRID_TEMPLATE_CODES: Record<GridField, "CONCEPT_NOTE" | "FULL_APPLICATION"> = {
  conceptNoteGrid: "CONCEPT_NOTE",
  fullApplicationGrid: "FULL_APPLICATION",
};

/** The most points a criterion gives: its highest score times its weight. */
export function criterionPoints(criterion: { max: number; weight: number }): number {
  const max = Number.isFinite(criterion.max) ? criterion.max : 0;
  const weight = Number.isFinite(criterion.weight) ? criterion.weight : 0;
  return max * weight;
}

export function sectionTotal(section: { criteria: readonly { max: number; weight: number }[] }): number {
  return section.criteria.reduce((sum, c) => sum + criterionPoints(c), 0);
}

export interface GridTotals {
  sections: number[];
  total: number;
}

/** Each section's total and the grid's, computed from the criteria. */
export function gridTotals(grid: { sections: readonly { criteria: readonly { max: number; weight: number }[] }[] }): GridTotals {
  const sections = grid.sections.map(sectionTotal);
  return { sections, total: sections.reduce((a, b) => a + b, 0) };
}

/** The grid with `max` set to the computed total (what the server stores). */
export function withComputedMax<G extends Omit<GridDefinition, "max"> & { max?: number }>(grid: G): G & { max: number } {
  return { ...grid, max: gridTotals(grid).total };
}

// Stored JSON is read leniently: a draft may hold half-typed grids, and other code's grids
// must not make a page fail. Anything unreadable becomes null.
const text = z.string().catch("");
const count = z.number().int().catch(0);
const optionalCount = z.number().int().optional().catch(undefined);

const storedCriterion = z.object({ code: text, nameEn: text, nameFr: text, max: count, weight: z.number().int().catch(1).default(1) });
const storedSection = z.object({
  code: text,
  nameEn: text,
  nameFr: text,
  minimum: optionalCount,
  rejectIfAnyCriterionScores: optionalCount,
  carriedFromConceptNote: z.boolean().optional().catch(undefined),
  criteria: z.array(storedCriterion).catch([]),
});
const storedGrid = z.object({ max: z.number().int().optional().catch(undefined), passMark: optionalCount, sections: z.array(storedSection) });

/** A stored grid (JSON), or null if there is none or it cannot be read. `max` defaults to the computed total. */
export function readGrid(json: unknown): GridDefinition | null {
  if (json === null || json === undefined) return null;
  const parsed = storedGrid.safeParse(json);
  if (!parsed.success) return null;
  const sections: GridSection[] = parsed.data.sections.map((s) => {
    const section: GridSection = { code: s.code, nameEn: s.nameEn, nameFr: s.nameFr, criteria: s.criteria };
    if (s.minimum !== undefined) section.minimum = s.minimum;
    if (s.rejectIfAnyCriterionScores !== undefined) section.rejectIfAnyCriterionScores = s.rejectIfAnyCriterionScores;
    if (s.carriedFromConceptNote !== undefined) section.carriedFromConceptNote = s.carriedFromConceptNote;
    return section;
  });
  const grid: GridDefinition = { max: parsed.data.max ?? gridTotals({ sections }).total, sections };
  if (parsed.data.passMark !== undefined) grid.passMark = parsed.data.passMark;
  return grid;
}

/** The default grids a new call starts from, from the GridTemplate rows (a deep copy each time). */
export function defaultGrids(templates: readonly { code: string; definition: unknown }[]): Record<GridField, GridDefinition | null> {
  const find = (code: string) => {
    const row = templates.find((t) => t.code === code);
    const grid = row ? readGrid(row.definition) : null;
    return grid ? withComputedMax(structuredClone(grid)) : null;
  };
  return { conceptNoteGrid: find(GRID_TEMPLATE_CODES.conceptNoteGrid), fullApplicationGrid: find(GRID_TEMPLATE_CODES.fullApplicationGrid) };
}

/** The next unused whole-number section code: "1", "2", … */
export function nextSectionCode(sections: readonly { code: string }[]): string {
  const used = new Set(sections.map((s) => s.code.trim()));
  let n = sections.length + 1;
  while (used.has(String(n))) n += 1;
  return String(n);
}

/** The next unused criterion code in a section: "2.1", "2.2", … (or "3" if the section has no code). */
export function nextCriterionCode(section: { code: string; criteria: readonly { code: string }[] }, allCodes: readonly string[] = []): string {
  const used = new Set([...allCodes, ...section.criteria.map((c) => c.code)].map((c) => c.trim()));
  const prefix = section.code.trim();
  let n = section.criteria.length + 1;
  const make = (i: number) => (prefix ? `${prefix}.${i}` : String(i));
  while (used.has(make(n))) n += 1;
  return make(n);
}

/** Every criterion code in a grid, in order. */
export function criterionCodes(grid: { sections: readonly { criteria: readonly { code: string }[] }[] }): string[] {
  return grid.sections.flatMap((s) => s.criteria.map((c) => c.code));
}
