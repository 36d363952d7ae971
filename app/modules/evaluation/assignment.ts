// Automatic assignment of assessors to proposals. Pure: no I/O. Rules: never an assessor who
// is excluded from the proposal (conflict declared, withdrawn), never a member of the
// applicant organisation, optionally never one from the lead applicant's country; among the
// eligible, the least-loaded first, ties by assessor id. Proposals are taken in reference
// order and both inputs are sorted first, so the same data gives the same result whatever
// order it arrives in. Each choice carries its explanation in both languages.

export interface AssignmentProposal {
  id: string;
  reference: string;
  organisationId: string;
  leadCountryCode: string;
  /** assessors currently active on it */
  assessorIds: string[];
  /** assessors who may never get it (conflict declared, withdrawn) */
  excludedAssessorIds: string[];
}

export interface AssignmentAssessor {
  id: string;
  name: string;
  countryCode: string | null;
  organisationIds: string[];
  /** active evaluations already held in this call */
  load: number;
}

export interface AssignmentExplanation {
  en: string;
  fr: string;
}

export type ExclusionReason = "already_assigned" | "excluded" | "applicant_organisation" | "same_country";

const EXCLUSION_WORDS: Record<ExclusionReason, AssignmentExplanation> = {
  already_assigned: { en: "already assessing it", fr: "l’évalue déjà" },
  excluded: { en: "conflict of interest or withdrawn", fr: "conflit d’intérêts ou retiré" },
  applicant_organisation: { en: "member of the applicant organisation", fr: "membre de l’organisation candidate" },
  same_country: { en: "same country as the lead applicant", fr: "même pays que le demandeur principal" },
};

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Why an assessor may not take this proposal, or null if they may. */
export function exclusionReason(proposal: AssignmentProposal, assessor: AssignmentAssessor, o: { excludeSameCountry: boolean }): ExclusionReason | null {
  if (proposal.assessorIds.includes(assessor.id)) return "already_assigned";
  if (proposal.excludedAssessorIds.includes(assessor.id)) return "excluded";
  if (assessor.organisationIds.includes(proposal.organisationId)) return "applicant_organisation";
  if (o.excludeSameCountry && assessor.countryCode !== null && assessor.countryCode.toUpperCase() === proposal.leadCountryCode.toUpperCase()) return "same_country";
  return null;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function excludedText(excluded: { name: string; reason: ExclusionReason }[], lang: "en" | "fr"): string {
  if (excluded.length === 0) return "";
  const list = excluded.map((x) => `${x.name} (${EXCLUSION_WORDS[x.reason][lang]})`).join(", ");
  return lang === "en" ? `; excluded: ${list}` : ` ; exclus : ${list}`;
}

export function autoAssign(
  proposals: AssignmentProposal[],
  assessors: AssignmentAssessor[],
  o: { perProposal: number; excludeSameCountry: boolean },
): {
  assignments: { proposalId: string; assessorId: string; why: AssignmentExplanation }[];
  unfilled: { proposalId: string; missing: number; why: AssignmentExplanation }[];
} {
  const orderedProposals = [...proposals].sort((a, b) => compareText(a.reference, b.reference) || compareText(a.id, b.id));
  const orderedAssessors = [...assessors].sort((a, b) => compareText(a.id, b.id));
  const load = new Map(orderedAssessors.map((a) => [a.id, a.load] as const));
  const assignments: { proposalId: string; assessorId: string; why: AssignmentExplanation }[] = [];
  const unfilled: { proposalId: string; missing: number; why: AssignmentExplanation }[] = [];

  for (const proposal of orderedProposals) {
    const taken = new Set(proposal.assessorIds);
    let missing = Math.max(0, o.perProposal - taken.size);
    const excluded: { name: string; reason: ExclusionReason }[] = [];
    const eligible: AssignmentAssessor[] = [];
    for (const assessor of orderedAssessors) {
      const reason = exclusionReason(proposal, assessor, o);
      if (reason === null) eligible.push(assessor);
      // Those already on it are not news to the manager: only real exclusions are listed.
      else if (reason !== "already_assigned") excluded.push({ name: assessor.name, reason });
    }
    while (missing > 0 && eligible.length > 0) {
      eligible.sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || compareText(a.id, b.id));
      const chosen = eligible.shift();
      if (!chosen) break;
      const before = load.get(chosen.id) ?? 0;
      const among = eligible.length + 1;
      const tied = eligible.some((a) => (load.get(a.id) ?? 0) === before);
      const en = `${chosen.name}: ${plural(before, "proposal", "proposals")} before this one, the fewest among ${plural(among, "eligible assessor", "eligible assessors")}${tied ? " (tie broken by assessor id)" : ""}${excludedText(excluded, "en")}`;
      const fr = `${chosen.name} : ${plural(before, "proposition", "propositions")} avant celle-ci, le moins parmi ${plural(among, "évaluateur éligible", "évaluateurs éligibles")}${tied ? " (égalité départagée par l’identifiant)" : ""}${excludedText(excluded, "fr")}`;
      assignments.push({ proposalId: proposal.id, assessorId: chosen.id, why: { en, fr } });
      load.set(chosen.id, before + 1);
      missing -= 1;
    }
    if (missing > 0) {
      const en = `${plural(missing, "assessor", "assessors")} still needed: no other eligible assessor${excludedText(excluded, "en")}`;
      const fr = `${plural(missing, "évaluateur manque", "évaluateurs manquent")} : aucun autre évaluateur éligible${excludedText(excluded, "fr")}`;
      unfilled.push({ proposalId: proposal.id, missing, why: { en, fr } });
    }
  }
  return { assignments, unfilled };
}
