import { describe, expect, it } from "vitest";
import { getShortestPaths, getSimplePaths } from "xstate/graph";
import { initialTransition, transition } from "xstate";
import {
  APPLICATION_EVENTS,
  APPLICATION_EVENT_PERMISSIONS,
  APPLICATION_STATES,
  APPLICATION_STATE_LABELS,
  applicationMachine,
  explainApplicationRefusal,
  type ApplicationContext,
  type ApplicationEvent,
  type ApplicationStateId,
} from "./application.machine.ts";

const DEADLINE = "2026-05-01T15:00:00.000Z"; // 17:00 Vienna time
const FULL_DEADLINE = "2026-09-01T15:00:00.000Z";
const ON_TIME = "2026-05-01T14:59:59.000Z";
const LATE = "2026-05-01T15:00:01.000Z";

const restricted: ApplicationContext = { procedure: "RESTRICTED", deadline: DEADLINE, fullDeadline: FULL_DEADLINE, isComplete: true, problems: [] };
const open: ApplicationContext = { ...restricted, procedure: "OPEN", fullDeadline: null };

// Accepted and refused variants alike: the traversal must find only what the guards allow.
const EVENTS: ApplicationEvent[] = [
  { type: "SUBMIT", at: ON_TIME },
  { type: "SUBMIT", at: LATE },
  { type: "START_ADMIN_CHECK" },
  { type: "PASS_ADMIN_CHECK" },
  { type: "FAIL_ADMIN_CHECK", reason: "The budget annex is missing." },
  { type: "FAIL_ADMIN_CHECK", reason: " " },
  { type: "PRESELECT" },
  { type: "NOT_PRESELECT", reason: "Scored 27/50, below the threshold of 30." },
  { type: "INVITE_FULL" },
  { type: "SUBMIT_FULL", at: "2026-08-31T10:00:00.000Z" },
  { type: "SUBMIT_FULL", at: "2026-09-02T10:00:00.000Z" },
  { type: "START_FULL_EVALUATION" },
  { type: "SELECT_PROVISIONALLY" },
  { type: "PLACE_ON_RESERVE" },
  { type: "REJECT", reason: "Ranked below the budget line." },
  { type: "REJECT", reason: "" },
  { type: "START_ELIGIBILITY_CHECK" },
  { type: "CONFIRM_ELIGIBLE" },
  { type: "FAIL_ELIGIBILITY", reason: "Registration certificate not provided." },
  { type: "PROMOTE_FROM_RESERVE" },
  { type: "SIGN_CONTRACT" },
  { type: "WITHDRAW" },
];

const RESTRICTED_ONLY: ApplicationStateId[] = ["cn_evaluation", "preselected", "not_preselected", "invited_full", "full_submitted"];
const BEFORE_DECISION: ApplicationStateId[] = [
  "draft",
  "submitted",
  "admin_check",
  "cn_evaluation",
  "preselected",
  "invited_full",
  "full_submitted",
  "full_evaluation",
  "provisionally_selected",
  "reserve_list",
  "eligibility_check",
];
const DECIDED = APPLICATION_STATES.filter((s) => !BEFORE_DECISION.includes(s));

const at = (value: ApplicationStateId, context: ApplicationContext = restricted) => applicationMachine.resolveState({ value, context });

/** A path's own events (the graph starts each path with xstate's init event). */
const eventsOf = (path: { steps: { event: ApplicationEvent | { type: string } }[] }) =>
  path.steps.map((s) => s.event).filter((e): e is ApplicationEvent => !e.type.startsWith("xstate."));

function replay(events: ApplicationEvent[], input: ApplicationContext) {
  let [snapshot] = initialTransition(applicationMachine, input);
  for (const event of events) [snapshot] = transition(applicationMachine, snapshot, event);
  return snapshot.value;
}

const shortest = (input: ApplicationContext, events = EVENTS) => getShortestPaths(applicationMachine, { events, input });
const route = (paths: ReturnType<typeof shortest>, state: ApplicationStateId) =>
  eventsOf(paths.find((p) => p.state.value === state)!).map((e) => e.type);

describe("application machine", () => {
  it("has exactly the stable state ids", () => {
    expect(Object.keys(applicationMachine.states).sort()).toEqual([...APPLICATION_STATES].sort());
    expect(applicationMachine.id).toBe("application");
  });

  it("restricted procedure: reaches every state, each path ending where it says", () => {
    const paths = shortest(restricted);
    expect(paths.map((p) => p.state.value as string).sort()).toEqual([...APPLICATION_STATES].sort());
    for (const path of paths) expect(replay(eventsOf(path), restricted)).toBe(path.state.value);
    expect(route(paths, "contracted")).toEqual([
      "SUBMIT",
      "START_ADMIN_CHECK",
      "PASS_ADMIN_CHECK",
      "PRESELECT",
      "INVITE_FULL",
      "SUBMIT_FULL",
      "START_FULL_EVALUATION",
      "SELECT_PROVISIONALLY",
      "START_ELIGIBILITY_CHECK",
      "CONFIRM_ELIGIBLE",
      "SIGN_CONTRACT",
    ]);
  });

  it("open procedure: one stage, the concept-note states are never reached", () => {
    const paths = shortest(open);
    const reached = paths.map((p) => p.state.value as string).sort();
    expect(reached).toEqual(APPLICATION_STATES.filter((s) => !RESTRICTED_ONLY.includes(s)).sort());
    for (const path of paths) expect(replay(eventsOf(path), open)).toBe(path.state.value);
    expect(route(paths, "full_evaluation")).toEqual(["SUBMIT", "START_ADMIN_CHECK", "PASS_ADMIN_CHECK"]);
  });

  it("awards only through the eligibility check, and promotes from the reserve list", () => {
    const toAwarded = getSimplePaths(applicationMachine, { events: EVENTS, input: restricted, toState: (s) => s.value === "awarded" });
    expect(toAwarded.length).toBeGreaterThan(1);
    for (const path of toAwarded) {
      expect(eventsOf(path).map((e) => e.type).slice(-2)).toEqual(["START_ELIGIBILITY_CHECK", "CONFIRM_ELIGIBLE"]);
    }
    const viaReserve = toAwarded.map((p) => eventsOf(p).map((e) => e.type)).filter((types) => types.includes("PROMOTE_FROM_RESERVE"));
    expect(viaReserve.length).toBeGreaterThan(0);
  });

  it("after the deadline, or when incomplete, a draft can only be withdrawn", () => {
    const late = EVENTS.filter((e) => !(e.type === "SUBMIT" && e.at === ON_TIME));
    expect(shortest(restricted, late).map((p) => p.state.value).sort()).toEqual(["draft", "withdrawn"]);
    const incomplete = { ...restricted, isComplete: false, problems: ["Section 3 is empty."] };
    expect(shortest(incomplete).map((p) => p.state.value).sort()).toEqual(["draft", "withdrawn"]);
  });

  it("refuses events the state does not accept or whose guard fails, leaving the state unchanged", () => {
    const incomplete = { ...restricted, isComplete: false };
    const refused: [ApplicationStateId, ApplicationEvent, ApplicationContext?][] = [
      ["draft", { type: "SUBMIT", at: LATE }],
      ["draft", { type: "SUBMIT", at: "not a date" }],
      ["draft", { type: "SUBMIT", at: ON_TIME }, incomplete],
      ["invited_full", { type: "SUBMIT_FULL", at: "2026-09-01T15:00:01.000Z" }],
      ["invited_full", { type: "SUBMIT_FULL", at: "2026-08-01T00:00:00.000Z" }, incomplete],
      ["admin_check", { type: "FAIL_ADMIN_CHECK", reason: "  " }],
      ["full_evaluation", { type: "REJECT", reason: "" }],
      ["eligibility_check", { type: "FAIL_ELIGIBILITY", reason: "" }],
      ["draft", { type: "START_ADMIN_CHECK" }],
      ["submitted", { type: "PASS_ADMIN_CHECK" }],
      ["full_evaluation", { type: "CONFIRM_ELIGIBLE" }],
      ["provisionally_selected", { type: "SIGN_CONTRACT" }],
      ["awarded", { type: "WITHDRAW" }],
      ["contracted", { type: "WITHDRAW" }],
      ["rejected", { type: "PROMOTE_FROM_RESERVE" }],
    ];
    for (const [state, event, context] of refused) {
      const before = at(state, context);
      const [next] = transition(applicationMachine, before, event);
      expect([state, event, next.value]).toEqual([state, event, state]);
    }
  });

  it("accepts a submission at the deadline instant itself, and without a deadline set", () => {
    expect(transition(applicationMachine, at("draft"), { type: "SUBMIT", at: DEADLINE })[0].value).toBe("submitted");
    const noDeadline = { ...open, deadline: null };
    expect(transition(applicationMachine, at("draft", noDeadline), { type: "SUBMIT", at: LATE })[0].value).toBe("submitted");
  });

  it("routes the admin check by procedure", () => {
    expect(transition(applicationMachine, at("admin_check", restricted), { type: "PASS_ADMIN_CHECK" })[0].value).toBe("cn_evaluation");
    expect(transition(applicationMachine, at("admin_check", open), { type: "PASS_ADMIN_CHECK" })[0].value).toBe("full_evaluation");
  });

  it("lets an applicant withdraw before a decision, never after", () => {
    for (const state of BEFORE_DECISION) {
      expect([state, transition(applicationMachine, at(state), { type: "WITHDRAW" })[0].value]).toEqual([state, "withdrawn"]);
    }
    for (const state of DECIDED) {
      expect([state, transition(applicationMachine, at(state), { type: "WITHDRAW" })[0].value]).toEqual([state, state]);
    }
  });

  it("says why a guarded event was refused", () => {
    const ctx = { ...restricted, isComplete: false, problems: ["Section 3 is empty."] };
    expect(explainApplicationRefusal(ctx, { type: "SUBMIT", at: LATE })).toEqual([
      `The submission deadline (${DEADLINE}) has passed.`,
      "The proposal is not complete.",
      "Section 3 is empty.",
    ]);
    expect(explainApplicationRefusal(restricted, { type: "REJECT", reason: " " })).toEqual(["A reason is required: the applicant is told why."]);
    expect(explainApplicationRefusal(restricted, { type: "SUBMIT", at: ON_TIME })).toEqual([]);
  });

  it("names a permission for every event the machine handles", () => {
    const handled = new Set(Object.values(applicationMachine.states).flatMap((node) => Object.keys(node.on)));
    expect([...handled].sort()).toEqual([...APPLICATION_EVENTS].sort());
    expect(APPLICATION_EVENT_PERMISSIONS.SUBMIT).toEqual({ entity: "proposal", action: "submit" });
    expect(APPLICATION_EVENT_PERMISSIONS.WITHDRAW).toEqual({ entity: "proposal", action: "withdraw" });
    expect(APPLICATION_EVENT_PERMISSIONS.PASS_ADMIN_CHECK).toEqual({ entity: "proposal", action: "screen" });
    expect(APPLICATION_EVENT_PERMISSIONS.CONFIRM_ELIGIBLE).toEqual({ entity: "proposal", action: "award" });
  });

  it("has applicant, staff and what-next texts in English and French for every state", () => {
    expect(Object.keys(APPLICATION_STATE_LABELS).sort()).toEqual([...APPLICATION_STATES].sort());
    for (const state of APPLICATION_STATES) {
      for (const kind of ["applicant", "staff", "next"] as const) {
        for (const lang of ["en", "fr"] as const) {
          expect(APPLICATION_STATE_LABELS[state][kind][lang].trim(), `${state} ${kind} ${lang}`).not.toBe("");
        }
      }
    }
    expect(APPLICATION_STATE_LABELS.admin_check.applicant.en).toBe("Being checked for completeness");
    expect(APPLICATION_STATE_LABELS.cn_evaluation.applicant.en).toBe("Concept note under assessment");
  });
});
