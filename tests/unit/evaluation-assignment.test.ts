// Automatic assignment of assessors: never an excluded assessor, a member of the applicant
// organisation or (optionally) one from the lead applicant's country; least-loaded first;
// the same result whatever the input order; every choice explains itself.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { autoAssign, exclusionReason, type AssignmentAssessor, type AssignmentProposal } from "~/modules/evaluation/assignment.ts";

const proposal = (id: string, extra: Partial<AssignmentProposal> = {}): AssignmentProposal => ({
  id,
  reference: `MMD-2024-01-${id}`,
  organisationId: `org-${id}`,
  leadCountryCode: "SN",
  assessorIds: [],
  excludedAssessorIds: [],
  ...extra,
});
const assessor = (id: string, name: string, extra: Partial<AssignmentAssessor> = {}): AssignmentAssessor => ({ id, name, countryCode: null, organisationIds: [], load: 0, ...extra });

describe("automatic assignment", () => {
  it("picks the least loaded eligible assessors and says why, in English and French", () => {
    const result = autoAssign(
      [proposal("p1", { organisationId: "org-x", excludedAssessorIds: ["a4"] })],
      [
        assessor("a1", "Ana Ferreira", { load: 2 }),
        assessor("a2", "Bruno Diallo", { load: 3 }),
        assessor("a3", "Chloé Martin", { load: 5 }),
        assessor("a4", "Dina Okafor"),
        assessor("a5", "Eli Ndiaye", { organisationIds: ["org-x"] }),
        assessor("a6", "Fatou Sow", { countryCode: "SN" }),
      ],
      { perProposal: 2, excludeSameCountry: true },
    );
    expect(result.unfilled).toEqual([]);
    expect(result.assignments.map((a) => a.assessorId)).toEqual(["a1", "a2"]);
    expect(result.assignments[0]?.why).toEqual({
      en: "Ana Ferreira: 2 proposals before this one, the fewest among 3 eligible assessors; excluded: Dina Okafor (conflict of interest or withdrawn), Eli Ndiaye (member of the applicant organisation), Fatou Sow (same country as the lead applicant)",
      fr: "Ana Ferreira : 2 propositions avant celle-ci, le moins parmi 3 évaluateurs éligibles ; exclus : Dina Okafor (conflit d’intérêts ou retiré), Eli Ndiaye (membre de l’organisation candidate), Fatou Sow (même pays que le demandeur principal)",
    });
    expect(result.assignments[1]?.why.en).toMatch(/^Bruno Diallo: 3 proposals before this one, the fewest among 2 eligible assessors;/);
  });

  it("allows the same country when the call does not exclude it, and only fills what is missing", () => {
    const result = autoAssign([proposal("p1", { assessorIds: ["a1"] })], [assessor("a1", "A"), assessor("a2", "B", { countryCode: "SN", load: 1 })], { perProposal: 2, excludeSameCountry: false });
    expect(result.assignments.map((a) => [a.proposalId, a.assessorId])).toEqual([["p1", "a2"]]);
  });

  it("reports proposals it could not fill, with the reason", () => {
    const result = autoAssign([proposal("p1", { excludedAssessorIds: ["a2"] })], [assessor("a1", "Ana"), assessor("a2", "Bruno")], { perProposal: 2, excludeSameCountry: false });
    expect(result.assignments.map((a) => a.assessorId)).toEqual(["a1"]);
    expect(result.unfilled).toEqual([
      {
        proposalId: "p1",
        missing: 1,
        why: { en: "1 assessor still needed: no other eligible assessor; excluded: Bruno (conflict of interest or withdrawn)", fr: "1 évaluateur manque : aucun autre évaluateur éligible ; exclus : Bruno (conflit d’intérêts ou retiré)" },
      },
    ]);
  });

  it("spreads the work: proposals in reference order, ties by assessor id", () => {
    const result = autoAssign([proposal("p3"), proposal("p1"), proposal("p2")], [assessor("b", "B"), assessor("a", "A"), assessor("c", "C")], { perProposal: 2, excludeSameCountry: false });
    expect(result.assignments.map((a) => `${a.proposalId}:${a.assessorId}`)).toEqual(["p1:a", "p1:b", "p2:c", "p2:a", "p3:b", "p3:c"]);
    expect(result.assignments[1]?.why.en).toBe("B: 0 proposals before this one, the fewest among 2 eligible assessors (tie broken by assessor id)");
  });
});

describe("properties", () => {
  const worldArb = fc.record({
    proposals: fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 3 }),
        reference: fc.constantFrom("R1", "R2", "R3", "R4"),
        organisationId: fc.constantFrom("o1", "o2", "o3"),
        leadCountryCode: fc.constantFrom("SN", "FR", "MA"),
        assessorIds: fc.subarray(["a", "b", "c", "d", "e"]),
        excludedAssessorIds: fc.subarray(["a", "b", "c", "d", "e"]),
      }),
      { selector: (p) => p.id, maxLength: 8 },
    ),
    assessors: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom("a", "b", "c", "d", "e"),
        name: fc.constantFrom("Ana", "Bruno", "Chloé"),
        countryCode: fc.constantFrom(null, "SN", "FR"),
        organisationIds: fc.subarray(["o1", "o2", "o3"]),
        load: fc.integer({ min: 0, max: 3 }),
      }),
      { selector: (a) => a.id, maxLength: 5 },
    ),
    perProposal: fc.integer({ min: 1, max: 3 }),
    excludeSameCountry: fc.boolean(),
  });

  it("never assigns an excluded, conflicting or same-country assessor, nor one twice", () => {
    fc.assert(
      fc.property(worldArb, ({ proposals, assessors, perProposal, excludeSameCountry }) => {
        const { assignments, unfilled } = autoAssign(proposals, assessors, { perProposal, excludeSameCountry });
        for (const a of assignments) {
          const p = proposals.find((x) => x.id === a.proposalId);
          const s = assessors.find((x) => x.id === a.assessorId);
          if (!p || !s) throw new Error("unknown id");
          expect(exclusionReason(p, s, { excludeSameCountry })).toBeNull();
          expect(p.excludedAssessorIds).not.toContain(s.id);
          expect(s.organisationIds).not.toContain(p.organisationId);
          if (excludeSameCountry) expect(s.countryCode).not.toBe(p.leadCountryCode);
        }
        const pairs = assignments.map((a) => `${a.proposalId}:${a.assessorId}`);
        expect(new Set(pairs).size).toBe(pairs.length);
        for (const p of proposals) {
          const added = assignments.filter((a) => a.proposalId === p.id).length;
          const missing = unfilled.find((u) => u.proposalId === p.id)?.missing ?? 0;
          expect(p.assessorIds.length + added + missing).toBe(Math.max(perProposal, p.assessorIds.length));
        }
      }),
    );
  });

  it("gives the same result whatever the order of the inputs", () => {
    fc.assert(
      fc.property(
        worldArb.chain((w) =>
          fc.tuple(fc.constant(w), fc.shuffledSubarray(w.proposals, { minLength: w.proposals.length, maxLength: w.proposals.length }), fc.shuffledSubarray(w.assessors, { minLength: w.assessors.length, maxLength: w.assessors.length })),
        ),
        ([w, proposals, assessors]) => {
          const o = { perProposal: w.perProposal, excludeSameCountry: w.excludeSameCountry };
          expect(autoAssign(proposals, assessors, o)).toEqual(autoAssign(w.proposals, w.assessors, o));
        },
      ),
    );
  });

  it("loads differ by at most one when nothing is excluded", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), (nProposals, nAssessors, per) => {
        const perProposal = Math.min(per, nAssessors);
        const proposals = Array.from({ length: nProposals }, (_, i) => proposal(`p${i}`));
        const assessors = Array.from({ length: nAssessors }, (_, i) => assessor(`a${i}`, `Assessor ${i}`));
        const { assignments, unfilled } = autoAssign(proposals, assessors, { perProposal, excludeSameCountry: false });
        expect(unfilled).toEqual([]);
        const loads = assessors.map((a) => assignments.filter((x) => x.assessorId === a.id).length);
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
