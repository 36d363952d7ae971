import { describe, expect, it } from "vitest";
import { getShortestPaths, getSimplePaths } from "xstate/graph";
import { initialTransition, transition } from "xstate";
import { CALL_EVENTS, CALL_EVENT_PERMISSIONS, CALL_STATES, CALL_STATE_LABELS, callMachine, explainCallRefusal, type CallContext, type CallEvent, type CallStateId } from "./call.machine.ts";

const EVENTS: CallEvent[] = [
  { type: "PUBLISH" },
  { type: "OPEN" },
  { type: "CLOSE", at: "2026-05-01T15:00:00.000Z" },
  { type: "START_EVALUATION" },
  { type: "AWARD" },
  { type: "ARCHIVE" },
];

const complete: CallContext = { isComplete: true, problems: [] };
const incomplete: CallContext = { isComplete: false, problems: ["No deadline is set."] };
const at = (value: CallStateId, context: CallContext = complete) => callMachine.resolveState({ value, context });

/** A path's own events (the graph starts each path with xstate's init event). */
const eventsOf = (path: { steps: { event: CallEvent | { type: string } }[] }) =>
  path.steps.map((s) => s.event).filter((e): e is CallEvent => !e.type.startsWith("xstate."));

/** Replays a path's events from the start with the pure transition function. */
function replay(events: CallEvent[], input: Partial<CallContext>) {
  let [snapshot] = initialTransition(callMachine, input);
  for (const event of events) [snapshot] = transition(callMachine, snapshot, event);
  return snapshot.value;
}

describe("call machine", () => {
  it("has exactly the stable state ids", () => {
    expect(Object.keys(callMachine.states).sort()).toEqual([...CALL_STATES].sort());
    expect(callMachine.id).toBe("call");
  });

  it("reaches every state, each path ending where it says", () => {
    const paths = getShortestPaths(callMachine, { events: EVENTS, input: complete });
    const reached = paths.map((p) => p.state.value as string);
    expect(reached.sort()).toEqual([...CALL_STATES].sort());
    for (const path of paths) {
      expect(replay(eventsOf(path), complete)).toBe(path.state.value);
    }
  });

  it("goes through the whole lifecycle in order", () => {
    const toArchived = getSimplePaths(callMachine, { events: EVENTS, input: complete, toState: (s) => s.value === "archived" });
    const routes = toArchived.map((p) => eventsOf(p).map((e) => e.type).join(" "));
    expect(routes.sort()).toEqual(["ARCHIVE", "PUBLISH OPEN CLOSE START_EVALUATION AWARD ARCHIVE"]);
  });

  it("cannot publish an incomplete call: only archiving is left", () => {
    const paths = getShortestPaths(callMachine, { events: EVENTS, input: incomplete });
    expect(paths.map((p) => p.state.value).sort()).toEqual(["archived", "draft"]);
    const draft = at("draft", incomplete);
    const [next] = transition(callMachine, draft, { type: "PUBLISH" });
    expect(next.value).toBe("draft");
    expect(explainCallRefusal(incomplete, { type: "PUBLISH" })).toEqual(["The call is not complete.", "No deadline is set."]);
  });

  it("refuses events the current state does not accept, leaving it unchanged", () => {
    const refused: [CallStateId, CallEvent][] = [
      ["draft", { type: "OPEN" }],
      ["published", { type: "PUBLISH" }],
      ["published", { type: "ARCHIVE" }],
      ["open", { type: "AWARD" }],
      ["closed", { type: "OPEN" }],
      ["under_evaluation", { type: "ARCHIVE" }],
      ["awarded", { type: "CLOSE" }],
      ["archived", { type: "PUBLISH" }],
    ];
    for (const [state, event] of refused) {
      const [next] = transition(callMachine, at(state), event);
      expect([state, event.type, next.value]).toEqual([state, event.type, state]);
    }
  });

  it("names a permission for every event", () => {
    expect(Object.keys(CALL_EVENT_PERMISSIONS).sort()).toEqual([...CALL_EVENTS].sort());
    expect(CALL_EVENT_PERMISSIONS.PUBLISH).toEqual({ entity: "call", action: "publish" });
    expect(CALL_EVENT_PERMISSIONS.START_EVALUATION).toEqual({ entity: "call", action: "evaluate" });
  });

  it("has applicant and staff labels in English and French for every state", () => {
    expect(Object.keys(CALL_STATE_LABELS).sort()).toEqual([...CALL_STATES].sort());
    for (const state of CALL_STATES) {
      for (const audience of ["applicant", "staff"] as const) {
        for (const lang of ["en", "fr"] as const) {
          expect(CALL_STATE_LABELS[state][audience][lang].trim(), `${state} ${audience} ${lang}`).not.toBe("");
        }
      }
    }
    expect(CALL_STATE_LABELS.open.applicant).toEqual({ en: "Open for proposals", fr: "Ouvert aux propositions" });
  });
});
