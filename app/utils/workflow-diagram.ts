// Each workflow as a diagram model, read from the machine definitions themselves (the
// registry in workflows/index.ts): states (initial, final), transitions (event, target,
// guard), the permission each event needs and the states' labels; then a left-to-right
// layered layout (BFS layers from the initial state). Pure: the staff page draws it, and a
// unit test checks that nothing in a machine is missing here, so the picture cannot drift.
import { WORKFLOWS, type WorkflowEntry } from "#workflows/index.ts";
import type { WorkflowId } from "#workflows/migrations.ts";

type Bilingual = { en: string; fr: string };

export interface DiagramState {
  id: string;
  initial: boolean;
  final: boolean;
  /** Column: the BFS distance from the initial state; a final state sits just after the last state leading to it. */
  layer: number;
  /** Position within the column, in discovery order. */
  row: number;
  applicant: Bilingual | null;
  staff: Bilingual | null;
}

export interface DiagramTransition {
  from: string;
  event: string;
  target: string;
  /** The guard's name as the machine writes it ("complete", "deadlineNotPassed and complete"); null when none. */
  guard: string | null;
  /** Who may send the event: the permission checked by the transition service; null when the machine lists none. */
  permission: { entity: string; action: string } | null;
}

export interface WorkflowDiagram {
  id: WorkflowId;
  entity: string;
  version: number;
  initial: string;
  states: DiagramState[];
  transitions: DiagramTransition[];
  /** State ids per layer, left to right. */
  layers: string[][];
}

// ------------------------------------------------------------------ reading the machine config

interface RawTransition {
  target?: unknown;
  guard?: unknown;
}
interface RawState {
  type?: unknown;
  on?: Record<string, unknown>;
}

/** A guard as the config holds it: a name, { type }, or a combinator (and / or / not) with its guards. */
export function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === "string") return guard;
  if (typeof guard === "function" || typeof guard === "object") {
    const g = guard as { type?: unknown; guards?: unknown; name?: unknown };
    if (Array.isArray(g.guards)) {
      const parts = g.guards.map((x) => guardName(x) ?? "?");
      const op = typeof g.name === "string" && g.name ? g.name : "and";
      if (op === "not") return `not ${parts.join(", ")}`;
      return parts.map((p) => (p.includes(" ") ? `(${p})` : p)).join(` ${op} `);
    }
    if (typeof g.type === "string") return g.type;
    if (typeof g.name === "string" && g.name) return g.name;
  }
  return "(inline)";
}

/** A target as written in the config: "state", ".state", "#machine.state" → "state". */
function targetId(target: unknown, from: string): string[] {
  if (target === undefined || target === null) return [from];
  const list = Array.isArray(target) ? target : [target];
  return list.map((t) => String(t).replace(/^#[^.]+\./, "").replace(/^\./, ""));
}

function transitionsOf(from: string, on: Record<string, unknown> | undefined): { event: string; target: string; guard: string | null }[] {
  const out: { event: string; target: string; guard: string | null }[] = [];
  for (const [event, def] of Object.entries(on ?? {})) {
    const candidates = Array.isArray(def) ? def : [def];
    for (const c of candidates) {
      const raw: RawTransition = typeof c === "string" ? { target: c } : ((c ?? {}) as RawTransition);
      for (const target of targetId(raw.target, from)) out.push({ event, target, guard: guardName(raw.guard) });
    }
  }
  return out;
}

/** Builds the diagram model of one workflow from its machine definition. */
export function workflowDiagram(id: WorkflowId): WorkflowDiagram {
  const entry: WorkflowEntry = WORKFLOWS[id];
  const config = entry.machine.config as { initial?: unknown; states?: Record<string, RawState> };
  const rawStates = config.states ?? {};
  const initial = String(config.initial ?? Object.keys(rawStates)[0] ?? "");
  const permissions = entry.permissions as Record<string, { entity: string; action: string } | undefined>;
  const labels = entry.labels as Record<string, { applicant: Bilingual; staff: Bilingual } | undefined>;

  const transitions: DiagramTransition[] = [];
  for (const [from, state] of Object.entries(rawStates)) {
    for (const tr of transitionsOf(from, state.on)) {
      const p = permissions[tr.event];
      transitions.push({ from, event: tr.event, target: tr.target, guard: tr.guard, permission: p ? { entity: p.entity, action: p.action } : null });
    }
  }

  // BFS layers from the initial state; states it never reaches go in a last column. A final
  // state that many states lead to (withdrawn, archived, terminated) then moves one column
  // past the last of them, so exits read left to right instead of pulling arrows backwards.
  const layerOf = new Map<string, number>([[initial, 0]]);
  const order: string[] = [initial];
  for (let i = 0; i < order.length; i++) {
    const from = order[i]!;
    for (const tr of transitions) {
      if (tr.from !== from || layerOf.has(tr.target) || !(tr.target in rawStates)) continue;
      layerOf.set(tr.target, (layerOf.get(from) ?? 0) + 1);
      order.push(tr.target);
    }
  }
  const isFinal = (sid: string) => rawStates[sid]?.type === "final";
  for (const sid of order) {
    if (!isFinal(sid) || sid === initial) continue;
    const sources = transitions.filter((tr) => tr.target === sid && tr.from !== sid && !isFinal(tr.from)).map((tr) => layerOf.get(tr.from) ?? 0);
    if (sources.length) layerOf.set(sid, Math.max(...sources) + 1);
  }
  const reached = Math.max(0, ...layerOf.values());
  for (const sid of Object.keys(rawStates)) {
    if (!layerOf.has(sid)) {
      layerOf.set(sid, reached + 1);
      order.push(sid);
    }
  }
  const layers: string[][] = [];
  for (const s of order) (layers[layerOf.get(s) ?? 0] ??= []).push(s);
  const dense = layers.filter((l) => l && l.length > 0);

  const states: DiagramState[] = Object.entries(rawStates).map(([sid, s]) => {
    const layer = dense.findIndex((l) => l.includes(sid));
    return {
      id: sid,
      initial: sid === initial,
      final: s.type === "final",
      layer,
      row: dense[layer]?.indexOf(sid) ?? 0,
      applicant: labels[sid]?.applicant ?? null,
      staff: labels[sid]?.staff ?? null,
    };
  });
  return { id, entity: entry.entity, version: entry.version, initial, states, transitions, layers: dense };
}

export const WORKFLOW_IDS = Object.keys(WORKFLOWS) as WorkflowId[];

export function allWorkflowDiagrams(): WorkflowDiagram[] {
  return WORKFLOW_IDS.map(workflowDiagram);
}

// ------------------------------------------------------------------ geometry

export const BOX_WIDTH = 200;
export const BOX_HEIGHT = 52;
const GAP_X = 120;
const GAP_Y = 40;
const MARGIN = 20;
/** Lanes above and below the boxes for arrows that go back or skip columns. */
const LANES = 5;
const LANE_STEP = 9;
const CHANNEL = 24 + LANES * LANE_STEP;

export interface PlacedState extends DiagramState {
  x: number;
  y: number;
}

export interface PlacedEdge {
  from: string;
  target: string;
  /** The events that lead from `from` to `target`, in the machine's order. */
  events: string[];
  /** An SVG path: a curve to the next column, or a routed line through the gaps and lanes. */
  path: string;
  labelX: number;
  labelY: number;
  /** To a later column (solid) or back / within a column (dashed). */
  forward: boolean;
}

export interface DiagramLayout {
  width: number;
  height: number;
  boxWidth: number;
  boxHeight: number;
  states: PlacedState[];
  edges: PlacedEdge[];
}

const r = (n: number) => Math.round(n * 10) / 10;
type Pt = [number, number];
const line = (pts: Pt[]) => `M ${pts.map(([x, y]) => `${r(x)} ${r(y)}`).join(" L ")}`;

/**
 * Places the boxes column by column and draws one arrow per (from, target) pair. Arrows to
 * the next column are curves; longer jumps run in a lane below the boxes, backward arrows
 * in a lane above, both reaching the lanes through the gaps between columns so that no
 * arrow crosses a box.
 */
export function layoutDiagram(d: WorkflowDiagram): DiagramLayout {
  const tallest = Math.max(1, ...d.layers.map((l) => l.length));
  const top = MARGIN + CHANNEL;
  const boxesBottom = top + tallest * (BOX_HEIGHT + GAP_Y) - GAP_Y;
  const height = boxesBottom + CHANNEL + MARGIN;
  const width = MARGIN * 2 + d.layers.length * (BOX_WIDTH + GAP_X) - GAP_X;
  const states: PlacedState[] = d.states.map((s) => {
    const column = d.layers[s.layer] ?? [];
    // Centre each column vertically against the tallest one.
    const offset = ((tallest - column.length) * (BOX_HEIGHT + GAP_Y)) / 2;
    return { ...s, x: MARGIN + s.layer * (BOX_WIDTH + GAP_X), y: top + offset + s.row * (BOX_HEIGHT + GAP_Y) };
  });
  const at = new Map(states.map((s) => [s.id, s]));
  const pairs = new Map<string, { from: string; target: string; events: string[] }>();
  for (const tr of d.transitions) {
    const key = `${tr.from}→${tr.target}`;
    const pair = pairs.get(key) ?? { from: tr.from, target: tr.target, events: [] };
    if (!pair.events.includes(tr.event)) pair.events.push(tr.event);
    pairs.set(key, pair);
  }
  const edges: PlacedEdge[] = [];
  let below = 0;
  let above = 0;
  for (const pair of pairs.values()) {
    const a = at.get(pair.from);
    const b = at.get(pair.target);
    if (!a || !b) continue;
    const ay = a.y + BOX_HEIGHT / 2;
    const by = b.y + BOX_HEIGHT / 2;
    const forward = b.layer > a.layer;
    let path: string;
    let label: Pt;
    if (b.layer === a.layer + 1) {
      const p0: Pt = [a.x + BOX_WIDTH, ay];
      const p3: Pt = [b.x, by];
      const dx = (p3[0] - p0[0]) / 2;
      path = `M ${r(p0[0])} ${r(p0[1])} C ${r(p0[0] + dx)} ${r(p0[1])}, ${r(p3[0] - dx)} ${r(p3[1])}, ${r(p3[0])} ${r(p3[1])}`;
      // The curve's midpoint.
      label = [(p0[0] + p3[0]) / 2, (p0[1] + p3[1]) / 2];
    } else if (a.id === b.id) {
      const x0 = a.x + BOX_WIDTH * 0.35;
      const x1 = a.x + BOX_WIDTH * 0.65;
      path = `M ${r(x0)} ${r(a.y)} C ${r(x0 - 20)} ${r(a.y - 36)}, ${r(x1 + 20)} ${r(a.y - 36)}, ${r(x1)} ${r(a.y)}`;
      label = [a.x + BOX_WIDTH / 2, a.y - 30];
    } else if (forward) {
      // Skips columns: out through the gap after the source, along a lane below, up the gap before the target.
      const lane = below++ % LANES;
      const ly = boxesBottom + 18 + lane * LANE_STEP;
      const gx1 = a.x + BOX_WIDTH + 14 + lane * 6;
      const gx2 = b.x - 14 - lane * 6;
      path = line([[a.x + BOX_WIDTH, ay], [gx1, ay], [gx1, ly], [gx2, ly], [gx2, by], [b.x, by]]);
      label = [(gx1 + gx2) / 2, ly];
    } else if (b.layer < a.layer) {
      // Backward: out of the source's left side, along a lane above, into the target's right side.
      const lane = above++ % LANES;
      const ly = top - 18 - lane * LANE_STEP;
      const gx1 = a.x - 14 - lane * 6;
      const gx2 = b.x + BOX_WIDTH + 14 + lane * 6;
      path = line([[a.x, ay], [gx1, ay], [gx1, ly], [gx2, ly], [gx2, by], [b.x + BOX_WIDTH, by]]);
      label = [(gx1 + gx2) / 2, ly];
    } else {
      // Within a column: out to the right, down or up the gap, back into the target's right side.
      const lane = above++ % LANES;
      const gx = a.x + BOX_WIDTH + 14 + lane * 6;
      path = line([[a.x + BOX_WIDTH, ay - 8], [gx, ay - 8], [gx, by + 8], [b.x + BOX_WIDTH, by + 8]]);
      label = [gx, (ay + by) / 2];
    }
    edges.push({ from: pair.from, target: pair.target, events: pair.events, path, labelX: r(label[0]), labelY: r(label[1]), forward });
  }
  return { width, height, boxWidth: BOX_WIDTH, boxHeight: BOX_HEIGHT, states, edges };
}
