// The workflow diagrams are read from the machines, and this test reads the machines a
// second way (XState's resolved state nodes rather than the raw config) to prove that every
// state and every transition of every machine is in the diagram, with its guard, the
// permission its event needs, and labels for every state: the picture cannot drift from the code.
import { describe, expect, it } from "vitest";
import { and, not } from "xstate";
import { WORKFLOWS } from "#workflows/index.ts";
import type { WorkflowId } from "#workflows/migrations.ts";
import { guardName, layoutDiagram, WORKFLOW_IDS, workflowDiagram } from "~/utils/workflow-diagram.ts";

interface NodeLike {
  key: string;
  type: string;
  states: Record<string, NodeLike>;
  on: Record<string, { eventType: string; target?: readonly NodeLike[]; guard?: unknown }[]>;
}

/** The machine's transitions as XState resolved them: [from, event, target, guarded]. */
function resolvedTransitions(id: WorkflowId) {
  const root = WORKFLOWS[id].machine.root as unknown as NodeLike;
  const out: { from: string; event: string; target: string; guarded: boolean }[] = [];
  for (const node of Object.values(root.states)) {
    for (const [event, defs] of Object.entries(node.on)) {
      for (const def of defs) for (const target of def.target ?? [node]) out.push({ from: node.key, event, target: target.key, guarded: def.guard !== undefined });
    }
  }
  return out;
}

describe.each(WORKFLOW_IDS)("the %s workflow", (id) => {
  const entry = WORKFLOWS[id];
  const root = entry.machine.root as unknown as NodeLike & { initial?: { target?: readonly NodeLike[] } };
  const diagram = workflowDiagram(id);

  it("has every state of the machine, and no other", () => {
    const ids = diagram.states.map((s) => s.id).sort();
    expect(ids).toEqual(Object.keys(root.states).sort());
    expect(ids).toEqual([...entry.states].sort());
  });

  it("marks the initial state and the final ones as the machine does", () => {
    const initial = root.initial?.target?.[0]?.key;
    expect(diagram.initial).toBe(initial);
    expect(diagram.states.filter((s) => s.initial).map((s) => s.id)).toEqual([initial]);
    const finals = Object.values(root.states)
      .filter((n) => n.type === "final")
      .map((n) => n.key)
      .sort();
    expect(diagram.states.filter((s) => s.final).map((s) => s.id).sort()).toEqual(finals);
    expect(finals.length).toBeGreaterThan(0);
  });

  it("has every transition of the machine, with its guard, and no other", () => {
    const expected = resolvedTransitions(id);
    const drawn = diagram.transitions.map((t) => ({ from: t.from, event: t.event, target: t.target, guarded: t.guard !== null }));
    expect(drawn).toHaveLength(expected.length);
    expect(drawn).toEqual(expect.arrayContaining(expected));
    expect(expected).toEqual(expect.arrayContaining(drawn));
  });

  it("names the permission every event needs, from the machine's permission table", () => {
    for (const t of diagram.transitions) {
      const p = (entry.permissions as Record<string, { entity: string; action: string }>)[t.event];
      expect(p, `${id}: ${t.event} has no permission`).toBeDefined();
      expect(t.permission).toEqual({ entity: p!.entity, action: p!.action });
    }
  });

  it("has applicant-facing and staff labels, in English and French, for every state", () => {
    for (const s of diagram.states) {
      for (const label of [s.applicant, s.staff]) {
        expect(label, `${id}.${s.id}`).not.toBeNull();
        expect(label!.en.trim(), `${id}.${s.id} en`).not.toBe("");
        expect(label!.fr.trim(), `${id}.${s.id} fr`).not.toBe("");
      }
    }
  });

  it("lays the states out in BFS layers from the initial state, boxes never overlapping", () => {
    const layerOf = new Map(diagram.states.map((s) => [s.id, s.layer]));
    expect(layerOf.get(diagram.initial)).toBe(0);
    const finals = new Set(diagram.states.filter((s) => s.final).map((s) => s.id));
    // Between the other states no arrow skips ahead more than one column (BFS distance).
    for (const t of diagram.transitions) if (!finals.has(t.target)) expect(layerOf.get(t.target)!).toBeLessThanOrEqual(layerOf.get(t.from)! + 1);
    for (const s of diagram.states) {
      if (s.layer === 0) continue;
      const incoming = diagram.transitions.filter((t) => t.target === s.id && t.from !== s.id);
      if (incoming.length === 0) continue;
      // A state sits just after its nearest way in; a final one just after its furthest, so every arrow into it goes forward.
      const sources = incoming.map((t) => layerOf.get(t.from)!);
      expect(s.layer, `${id}.${s.id}`).toBe(finals.has(s.id) ? Math.max(...sources) + 1 : Math.min(...sources) + 1);
    }
    const layout = layoutDiagram(diagram);
    expect(layout.states.map((s) => s.id).sort()).toEqual(diagram.states.map((s) => s.id).sort());
    for (const a of layout.states) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + layout.boxWidth).toBeLessThanOrEqual(layout.width);
      expect(a.y + layout.boxHeight).toBeLessThanOrEqual(layout.height);
      for (const b of layout.states) {
        if (a.id === b.id) continue;
        const apart = a.x + layout.boxWidth <= b.x || b.x + layout.boxWidth <= a.x || a.y + layout.boxHeight <= b.y || b.y + layout.boxHeight <= a.y;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
  });

  it("draws one labelled arrow for each pair of states an event links", () => {
    const layout = layoutDiagram(diagram);
    for (const t of diagram.transitions) {
      const edge = layout.edges.find((e) => e.from === t.from && e.target === t.target);
      expect(edge, `${t.from} → ${t.target}`).toBeDefined();
      expect(edge!.events).toContain(t.event);
      expect(edge!.path).toMatch(/^M [\d.-]+ [\d.-]+ [CL] /);
    }
    expect(new Set(layout.edges.map((e) => `${e.from}→${e.target}`)).size).toBe(layout.edges.length);
  });
});

describe("guardName", () => {
  it("reads names, { type } objects and combinators", () => {
    expect(guardName(undefined)).toBeNull();
    expect(guardName("complete")).toBe("complete");
    expect(guardName({ type: "hasReason" })).toBe("hasReason");
    expect(guardName(and(["deadlineNotPassed", "complete"]))).toBe("deadlineNotPassed and complete");
    expect(guardName(not("restricted"))).toBe("not restricted");
  });

  it("writes the application's combined submission guard as the machine has it", () => {
    const submit = workflowDiagram("application").transitions.find((t) => t.from === "draft" && t.event === "SUBMIT");
    expect(submit?.guard).toBe("deadlineNotPassed and complete");
  });
});
