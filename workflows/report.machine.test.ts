import { describe, expect, it } from "vitest";
import { getShortestPaths, getSimplePaths } from "xstate/graph";
import { initialTransition, transition } from "xstate";
import { PERMISSIONS, scopeFor } from "../app/modules/auth/permissions.ts";
import { REPORT_EVENTS, REPORT_EVENT_PERMISSIONS, REPORT_STATES, REPORT_STATE_LABELS, explainReportRefusal, reportMachine, type ReportContext, type ReportEvent, type ReportStateId } from "./report.machine.ts";

const SUBMIT: ReportEvent = { type: "SUBMIT", at: "2026-05-01T15:00:00.000Z" };
const EVENTS: ReportEvent[] = [SUBMIT, { type: "START_REVIEW" }, { type: "REQUEST_CHANGES", reason: "Add the indicator values." }, { type: "APPROVE" }];
const complete: ReportContext = { isComplete: true, problems: [] };
const incomplete: ReportContext = { isComplete: false, problems: ["The financial statement is missing."] };
const at = (value: ReportStateId, context: ReportContext = complete) => reportMachine.resolveState({ value, context });
const eventsOf = (path: { steps: { event: ReportEvent | { type: string } }[] }) => path.steps.map((s) => s.event).filter((e): e is ReportEvent => !e.type.startsWith("xstate."));
function replay(events: ReportEvent[], input: Partial<ReportContext>) {
  let [snapshot] = initialTransition(reportMachine, input);
  for (const event of events) [snapshot] = transition(reportMachine, snapshot, event);
  return snapshot.value;
}

describe("report machine", () => {
  it("has exactly the stable state ids", () => {
    expect(Object.keys(reportMachine.states).sort()).toEqual([...REPORT_STATES].sort());
    expect(reportMachine.id).toBe("report");
  });

  it("reaches every state with a complete report, each path ending where it says", () => {
    const paths = getShortestPaths(reportMachine, { events: EVENTS, input: complete });
    expect(paths.map((p) => p.state.value as string).sort()).toEqual([...REPORT_STATES].sort());
    for (const path of paths) expect(replay(eventsOf(path), complete)).toBe(path.state.value);
  });

  it("is approved straight after submission or after a review", () => {
    const toApproved = getSimplePaths(reportMachine, { events: EVENTS, input: complete, toState: (s) => s.value === "approved" });
    expect(toApproved.map((p) => eventsOf(p).map((e) => e.type).join(" ")).sort()).toEqual(["SUBMIT APPROVE", "SUBMIT START_REVIEW APPROVE"]);
    expect(replay([SUBMIT, { type: "REQUEST_CHANGES", reason: "More detail." }, SUBMIT, { type: "APPROVE" }], complete)).toBe("approved");
  });

  it("cannot submit an incomplete report, and says what is missing", () => {
    expect(getShortestPaths(reportMachine, { events: EVENTS, input: incomplete }).map((p) => p.state.value)).toEqual(["draft"]);
    expect(transition(reportMachine, at("changes_requested", incomplete), SUBMIT)[0].value).toBe("changes_requested");
    expect(explainReportRefusal(incomplete, SUBMIT)).toEqual(["The report is not complete.", "The financial statement is missing."]);
    expect(explainReportRefusal(complete, SUBMIT)).toEqual([]);
  });

  it("needs a reason to request changes", () => {
    for (const state of ["submitted", "under_review"] as const) {
      expect(transition(reportMachine, at(state), { type: "REQUEST_CHANGES", reason: "  " })[0].value).toBe(state);
    }
    expect(explainReportRefusal(complete, { type: "REQUEST_CHANGES", reason: "" })).toEqual(["Say what must change: the grantee is told."]);
  });

  it("refuses events the current state does not accept; approved accepts nothing", () => {
    const refused: [ReportStateId, ReportEvent][] = [
      ["draft", { type: "APPROVE" }],
      ["draft", { type: "START_REVIEW" }],
      ["submitted", SUBMIT],
      ["under_review", { type: "START_REVIEW" }],
      ["changes_requested", { type: "APPROVE" }],
    ];
    for (const [state, event] of refused) expect([state, event.type, transition(reportMachine, at(state), event)[0].value]).toEqual([state, event.type, state]);
    expect(at("approved").status).toBe("done");
    for (const event of EVENTS) expect(transition(reportMachine, at("approved"), event)[0].value).toBe("approved");
  });

  it("names a permission some role holds for every event", () => {
    expect(Object.keys(REPORT_EVENT_PERMISSIONS).sort()).toEqual([...REPORT_EVENTS].sort());
    for (const type of REPORT_EVENTS) {
      const { entity, action } = REPORT_EVENT_PERMISSIONS[type];
      const holders = (Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]).filter((role) => scopeFor(role, entity, action) !== null);
      expect(holders.length, type).toBeGreaterThan(0);
    }
    expect(REPORT_EVENT_PERMISSIONS.APPROVE).toEqual({ entity: "report", action: "review" });
  });

  it("has labels and a next step in English and French for every state", () => {
    expect(Object.keys(REPORT_STATE_LABELS).sort()).toEqual([...REPORT_STATES].sort());
    for (const state of REPORT_STATES) {
      for (const part of ["applicant", "staff", "next"] as const) {
        for (const lang of ["en", "fr"] as const) expect(REPORT_STATE_LABELS[state][part][lang].trim(), `${state} ${part} ${lang}`).not.toBe("");
      }
    }
  });
});
