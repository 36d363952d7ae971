import { describe, expect, it } from "vitest";
import { getShortestPaths, getSimplePaths } from "xstate/graph";
import { initialTransition, transition } from "xstate";
import { PERMISSIONS, scopeFor } from "../app/modules/auth/permissions.ts";
import {
  EVALUATION_EVENTS,
  EVALUATION_EVENT_PERMISSIONS,
  EVALUATION_STATES,
  EVALUATION_STATE_LABELS,
  evaluationMachine,
  explainEvaluationRefusal,
  type EvaluationContext,
  type EvaluationEvent,
  type EvaluationStateId,
} from "./evaluation.machine.ts";

const EVENTS: EvaluationEvent[] = [
  { type: "START" },
  { type: "SUBMIT", at: "2026-05-01T15:00:00.000Z" },
  { type: "RETURN", reason: "Justify 2.1." },
  { type: "DECLARE_CONFLICT", reason: "I advised the applicant." },
  { type: "WITHDRAW", reason: "Reassigned." },
];
const ready: EvaluationContext = { declarationSigned: true, isComplete: true, problems: [] };
const unsigned: EvaluationContext = { declarationSigned: false, isComplete: true, problems: [] };
const unfinished: EvaluationContext = { declarationSigned: true, isComplete: false, problems: ["1.2: no justification."] };
const at = (value: EvaluationStateId, context: EvaluationContext = ready) => evaluationMachine.resolveState({ value, context });
const eventsOf = (path: { steps: { event: EvaluationEvent | { type: string } }[] }) =>
  path.steps.map((s) => s.event).filter((e): e is EvaluationEvent => !e.type.startsWith("xstate."));
function replay(events: EvaluationEvent[], input: Partial<EvaluationContext>) {
  let [snapshot] = initialTransition(evaluationMachine, input);
  for (const event of events) [snapshot] = transition(evaluationMachine, snapshot, event);
  return snapshot.value;
}

describe("evaluation machine", () => {
  it("has exactly the stable state ids", () => {
    expect(Object.keys(evaluationMachine.states).sort()).toEqual([...EVALUATION_STATES].sort());
    expect(evaluationMachine.id).toBe("evaluation");
  });

  it("reaches every state with a signed declaration and complete scores, each path ending where it says", () => {
    const paths = getShortestPaths(evaluationMachine, { events: EVENTS, input: ready });
    expect(paths.map((p) => p.state.value as string).sort()).toEqual([...EVALUATION_STATES].sort());
    for (const path of paths) expect(replay(eventsOf(path), ready)).toBe(path.state.value);
  });

  it("submits through start, and again after being returned", () => {
    const toSubmitted = getSimplePaths(evaluationMachine, { events: EVENTS, input: ready, toState: (s) => s.value === "submitted" });
    expect(toSubmitted.map((p) => eventsOf(p).map((e) => e.type).join(" "))).toEqual(["START SUBMIT"]);
    expect(replay([{ type: "START" }, EVENTS[1] as EvaluationEvent, EVENTS[2] as EvaluationEvent, EVENTS[1] as EvaluationEvent], ready)).toBe("submitted");
  });

  it("without the declaration, the assessor cannot start: only leaving is possible", () => {
    const paths = getShortestPaths(evaluationMachine, { events: EVENTS, input: unsigned });
    expect(paths.map((p) => p.state.value).sort()).toEqual(["assigned", "conflict_declared", "withdrawn"]);
    expect(transition(evaluationMachine, at("assigned", unsigned), { type: "START" })[0].value).toBe("assigned");
    expect(explainEvaluationRefusal(unsigned, { type: "START" })).toEqual(["The declaration of impartiality and confidentiality has not been signed."]);
  });

  it("cannot submit incomplete scores, and says what is missing", () => {
    for (const state of ["in_progress", "returned"] as const) {
      expect(transition(evaluationMachine, at(state, unfinished), EVENTS[1] as EvaluationEvent)[0].value).toBe(state);
    }
    expect(explainEvaluationRefusal(unfinished, EVENTS[1] as EvaluationEvent)).toEqual(["The evaluation is not complete.", "1.2: no justification."]);
  });

  it("needs a reason to return, declare a conflict or withdraw", () => {
    const blank: [EvaluationStateId, EvaluationEvent][] = [
      ["submitted", { type: "RETURN", reason: " " }],
      ["assigned", { type: "DECLARE_CONFLICT", reason: "" }],
      ["in_progress", { type: "WITHDRAW", reason: "\n" }],
    ];
    for (const [state, event] of blank) {
      expect(transition(evaluationMachine, at(state), event)[0].value).toBe(state);
      expect(explainEvaluationRefusal(ready, event)).toEqual(["A reason is required."]);
    }
    expect(explainEvaluationRefusal(ready, EVENTS[1] as EvaluationEvent)).toEqual([]);
  });

  it("cannot leave once submitted, and final states accept nothing", () => {
    for (const event of EVENTS.filter((e) => e.type !== "RETURN")) expect(transition(evaluationMachine, at("submitted"), event)[0].value).toBe("submitted");
    for (const state of ["conflict_declared", "withdrawn"] as const) {
      expect(at(state).status).toBe("done");
      for (const event of EVENTS) expect(transition(evaluationMachine, at(state), event)[0].value).toBe(state);
    }
  });

  it("names a permission some role holds for every event", () => {
    expect(Object.keys(EVALUATION_EVENT_PERMISSIONS).sort()).toEqual([...EVALUATION_EVENTS].sort());
    for (const type of EVALUATION_EVENTS) {
      const { entity, action } = EVALUATION_EVENT_PERMISSIONS[type];
      const holders = (Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]).filter((role) => scopeFor(role, entity, action) !== null);
      expect(holders.length, type).toBeGreaterThan(0);
    }
    expect(EVALUATION_EVENT_PERMISSIONS.SUBMIT).toEqual({ entity: "evaluation", action: "submit" });
    expect(EVALUATION_EVENT_PERMISSIONS.WITHDRAW).toEqual({ entity: "evaluation", action: "assign" });
  });

  it("has labels in English and French for every state", () => {
    expect(Object.keys(EVALUATION_STATE_LABELS).sort()).toEqual([...EVALUATION_STATES].sort());
    for (const state of EVALUATION_STATES) {
      for (const audience of ["applicant", "staff"] as const) {
        for (const lang of ["en", "fr"] as const) expect(EVALUATION_STATE_LABELS[state][audience][lang].trim(), `${state} ${audience} ${lang}`).not.toBe("");
      }
    }
  });
});
