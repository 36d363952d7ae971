// The ranked list of a call's proposals, the concept-note cut (preselection), the selection
// within the budget with its reserve list, and replacement of an ineligible selected
// proposal from the reserve. Pure: no I/O. Money in integer cents, multiples in basis points.

export interface RankInput {
  proposalId: string;
  reference: string;
  requestedAmountCents: number;
  scoreCentipoints: number | null;
  passed: boolean | null;
  submittedAt: string;
  /** tie-break: e.g. relevance section points */
  tieBreakCentipoints?: number;
}

/** null: not yet scored; equal rows after all tie-breaks share a rank. */
export interface RankedRow extends RankInput {
  rank: number | null;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Order among rows that share a rank (or are unscored): earlier submission first, then reference, then id. */
const displayOrder = (a: RankInput, b: RankInput) => compareText(a.submittedAt, b.submittedAt) || compareText(a.reference, b.reference) || compareText(a.proposalId, b.proposalId);

/** Ranks decide on the score, then on the tie-break (a missing tie-break counts lowest). */
function rankOrder(a: RankInput, b: RankInput): number {
  const sa = a.scoreCentipoints ?? 0;
  const sb = b.scoreCentipoints ?? 0;
  if (sa !== sb) return sb - sa;
  const ta = a.tieBreakCentipoints ?? Number.NEGATIVE_INFINITY;
  const tb = b.tieBreakCentipoints ?? Number.NEGATIVE_INFINITY;
  if (ta !== tb) return tb > ta ? 1 : -1;
  return 0;
}

/** Scored first (highest first), then unscored; deterministic. Equal rows share a rank ("1, 1, 3"). */
export function rankProposals(items: RankInput[]): RankedRow[] {
  const scored = items.filter((i) => i.scoreCentipoints !== null).sort((a, b) => rankOrder(a, b) || displayOrder(a, b));
  const unscored = items.filter((i) => i.scoreCentipoints === null).sort(displayOrder);
  const ranked: RankedRow[] = [];
  scored.forEach((item, index) => {
    const previous = ranked[index - 1];
    const rank = previous && previous.rank !== null && rankOrder(previous, item) === 0 ? previous.rank : index + 1;
    ranked.push({ ...item, rank });
  });
  for (const item of unscored) ranked.push({ ...item, rank: null });
  return ranked;
}

const isScored = (row: RankedRow) => row.scoreCentipoints !== null && row.passed !== null;

/**
 * Concept notes go forward while the cumulative requested amount stays within budget ×
 * multiple: passing notes in rank order, and the list is cut at the first note that would
 * exceed it (everything after it is over the cut-off, even a smaller one).
 */
export function preselectConceptNotes(
  ranked: RankedRow[],
  o: { budgetCents: number; multipleBp: number },
): { preselected: string[]; notPreselected: { proposalId: string; reason: "below_pass_mark" | "over_cut_off" | "not_scored" }[] } {
  const preselected: string[] = [];
  const notPreselected: { proposalId: string; reason: "below_pass_mark" | "over_cut_off" | "not_scored" }[] = [];
  // Compared multiplied out (× 10 000) so no rounding of the ceiling is needed.
  const ceiling = o.budgetCents * o.multipleBp;
  let cumulative = 0;
  let cut = false;
  for (const row of ranked) {
    if (!isScored(row)) notPreselected.push({ proposalId: row.proposalId, reason: "not_scored" });
    else if (row.passed !== true) notPreselected.push({ proposalId: row.proposalId, reason: "below_pass_mark" });
    else if (!cut && (cumulative + row.requestedAmountCents) * 10000 <= ceiling) {
      cumulative += row.requestedAmountCents;
      preselected.push(row.proposalId);
    } else {
      cut = true;
      notPreselected.push({ proposalId: row.proposalId, reason: "over_cut_off" });
    }
  }
  return { preselected, notPreselected };
}

/**
 * Provisional selection: passing applications in rank order, each selected if its amount
 * fits in what is left of the budget. One that is too big is skipped (it goes to the reserve
 * list) and smaller ones ranked after it may still fit, so the budget is used as fully as
 * the ranking allows. Every other passing application is on the reserve list, in rank order.
 */
export function selectWithinBudget(
  ranked: RankedRow[],
  o: { budgetCents: number },
): { selected: string[]; reserve: string[]; rejected: { proposalId: string; reason: "below_pass_mark" | "not_scored" }[]; remainingCents: number } {
  const selected: string[] = [];
  const reserve: string[] = [];
  const rejected: { proposalId: string; reason: "below_pass_mark" | "not_scored" }[] = [];
  let remainingCents = o.budgetCents;
  for (const row of ranked) {
    if (!isScored(row)) rejected.push({ proposalId: row.proposalId, reason: "not_scored" });
    else if (row.passed !== true) rejected.push({ proposalId: row.proposalId, reason: "below_pass_mark" });
    else if (row.requestedAmountCents <= remainingCents) {
      selected.push(row.proposalId);
      remainingCents -= row.requestedAmountCents;
    } else reserve.push(row.proposalId);
  }
  return { selected, reserve, rejected, remainingCents };
}

/**
 * A selected application found ineligible leaves the selection (and does not go to the
 * reserve); the best reserve applications that now fit are promoted, in rank order, each
 * while it fits in what is left.
 */
export function replaceFromReserve(
  state: { selected: string[]; reserve: string[] },
  ranked: RankedRow[],
  ineligibleId: string,
  o: { budgetCents: number },
): { promoted: string[]; selected: string[]; reserve: string[]; remainingCents: number } {
  const amount = new Map(ranked.map((r) => [r.proposalId, r.requestedAmountCents] as const));
  const order = new Map(ranked.map((r, i) => [r.proposalId, i] as const));
  const selected = state.selected.filter((id) => id !== ineligibleId);
  let remainingCents = o.budgetCents - selected.reduce((sum, id) => sum + (amount.get(id) ?? 0), 0);
  const reserveInOrder = state.reserve
    .filter((id) => id !== ineligibleId && order.has(id))
    .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const promoted: string[] = [];
  const reserve: string[] = [];
  for (const id of reserveInOrder) {
    const cents = amount.get(id) ?? 0;
    if (cents <= remainingCents) {
      promoted.push(id);
      remainingCents -= cents;
    } else reserve.push(id);
  }
  // The selection stays in rank order with the promoted ones in their places.
  const nextSelected = [...selected, ...promoted].sort((a, b) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER));
  return { promoted, selected: nextSelected, reserve, remainingCents };
}
