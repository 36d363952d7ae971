import { describe, expect, it } from "vitest";
import { getShortestPaths, getSimplePaths } from "xstate/graph";
import { initialTransition, transition } from "xstate";
import { PERMISSIONS, scopeFor } from "../app/modules/auth/permissions.ts";
import { GRANT_EVENTS, GRANT_EVENT_PERMISSIONS, GRANT_STATES, GRANT_STATE_LABELS, explainGrantRefusal, grantMachine, type GrantContext, type GrantEvent, type GrantStateId } from "./grant.machine.ts";

const EVENTS: GrantEvent[] = [
  { type: "SIGN", at: "2026-05-01T15:00:00.000Z" },
  { type: "SUSPEND", reason: "Audit pending." },
  { type: "RESUME" },
  { type: "START_CLOSING" },
  { type: "CLOSE" },
  { type: "TERMINATE", reason: "No final report." },
];
const done: GrantContext = { contractUploaded: true, finalReportApproved: true, allPaid: true };
const fresh: GrantContext = { contractUploaded: false, finalReportApproved: false, allPaid: false };
const at = (value: GrantStateId, context: GrantContext = done) => grantMachine.resolveState({ value, context });
const eventsOf = (path: { steps: { event: GrantEvent | { type: string } }[] }) => path.steps.map((s) => s.event).filter((e): e is GrantEvent => !e.type.startsWith("xstate."));
function replay(events: GrantEvent[], input: Partial<GrantContext>) {
  let [snapshot] = initialTransition(grantMachine, input);
  for (const event of events) [snapshot] = transition(grantMachine, snapshot, event);
  return snapshot.value;
}

describe("grant machine", () => {
  it("has exactly the stable state ids", () => {
    expect(Object.keys(grantMachine.states).sort()).toEqual([...GRANT_STATES].sort());
    expect(grantMachine.id).toBe("grant");
  });

  it("reaches every state when everything is in order, each path ending where it says", () => {
    const paths = getShortestPaths(grantMachine, { events: EVENTS, input: done });
    expect(paths.map((p) => p.state.value as string).sort()).toEqual([...GRANT_STATES].sort());
    for (const path of paths) expect(replay(eventsOf(path), done)).toBe(path.state.value);
  });

  it("closes only through closing, with or without a suspension on the way", () => {
    const toClosed = getSimplePaths(grantMachine, { events: EVENTS, input: done, toState: (s) => s.value === "closed" });
    expect(toClosed.map((p) => eventsOf(p).map((e) => e.type).join(" "))).toEqual(["SIGN START_CLOSING CLOSE"]);
    expect(replay([EVENTS[0], EVENTS[1], EVENTS[2], EVENTS[3], EVENTS[4]] as GrantEvent[], done)).toBe("closed");
  });

  it("cannot be signed before the signed contract is uploaded", () => {
    expect(getShortestPaths(grantMachine, { events: EVENTS, input: fresh }).map((p) => p.state.value)).toEqual(["contracting"]);
    expect(explainGrantRefusal(fresh, EVENTS[0] as GrantEvent)).toEqual(["Upload the signed contract first."]);
  });

  it("cannot close before the final report is approved and everything is paid, and says which is missing", () => {
    const unpaid: GrantContext = { contractUploaded: true, finalReportApproved: true, allPaid: false };
    const unreported: GrantContext = { contractUploaded: true, finalReportApproved: false, allPaid: false };
    expect(transition(grantMachine, at("closing", unpaid), { type: "CLOSE" })[0].value).toBe("closing");
    expect(transition(grantMachine, at("closing", unreported), { type: "CLOSE" })[0].value).toBe("closing");
    expect(explainGrantRefusal(unpaid, { type: "CLOSE" })).toEqual(["Not every instalment is recorded as paid."]);
    expect(explainGrantRefusal(unreported, { type: "CLOSE" })).toEqual(["The final report is not approved yet.", "Not every instalment is recorded as paid."]);
    expect(explainGrantRefusal(done, { type: "CLOSE" })).toEqual([]);
    // Terminating is still possible from closing.
    expect(transition(grantMachine, at("closing", unreported), EVENTS[5] as GrantEvent)[0].value).toBe("terminated");
  });

  it("needs a reason to suspend or terminate", () => {
    expect(transition(grantMachine, at("in_implementation"), { type: "SUSPEND", reason: "" })[0].value).toBe("in_implementation");
    expect(transition(grantMachine, at("suspended"), { type: "TERMINATE", reason: " " })[0].value).toBe("suspended");
    expect(explainGrantRefusal(done, { type: "TERMINATE", reason: "" })).toEqual(["A reason is required."]);
  });

  it("refuses events the current state does not accept; closed and terminated accept nothing", () => {
    const refused: [GrantStateId, GrantEvent][] = [
      ["contracting", { type: "START_CLOSING" }],
      ["contracting", EVENTS[5] as GrantEvent],
      ["in_implementation", { type: "CLOSE" }],
      ["suspended", { type: "START_CLOSING" }],
      ["closing", { type: "RESUME" }],
    ];
    for (const [state, event] of refused) expect([state, event.type, transition(grantMachine, at(state), event)[0].value]).toEqual([state, event.type, state]);
    for (const state of ["closed", "terminated"] as const) {
      expect(at(state).status).toBe("done");
      for (const event of EVENTS) expect(transition(grantMachine, at(state), event)[0].value).toBe(state);
    }
  });

  it("names a permission some role holds for every event", () => {
    expect(Object.keys(GRANT_EVENT_PERMISSIONS).sort()).toEqual([...GRANT_EVENTS].sort());
    for (const type of GRANT_EVENTS) {
      const { entity, action } = GRANT_EVENT_PERMISSIONS[type];
      const holders = (Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]).filter((role) => scopeFor(role, entity, action) !== null);
      expect(holders.length, type).toBeGreaterThan(0);
    }
  });

  it("has labels and a next step in English and French for every state", () => {
    expect(Object.keys(GRANT_STATE_LABELS).sort()).toEqual([...GRANT_STATES].sort());
    for (const state of GRANT_STATES) {
      for (const part of ["applicant", "staff", "next"] as const) {
        for (const lang of ["en", "fr"] as const) expect(GRANT_STATE_LABELS[state][part][lang].trim(), `${state} ${part} ${lang}`).not.toBe("");
      }
    }
  });
});
