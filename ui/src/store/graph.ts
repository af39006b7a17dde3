// Edits of a scenario's graph as pure functions: each takes a scenario and returns a new one, so
// the store can keep every version for undo and redo.
import type { ScenarioFile } from "../ipc/api";

export type ScenarioNode = ScenarioFile["nodes"][number];
export type ScenarioEdge = NonNullable<ScenarioFile["edges"]>[number];

/** An id not yet used in `taken`: `base`, then `base_2`, `base_3` … */
export function freshId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}_${n}`;
    if (!used.has(id)) return id;
  }
}

/** `at`, or the first place below it where no node sits (`NODE_SIZE`). */
export function freeSpot(s: ScenarioFile, at: { x: number; y: number }): { x: number; y: number } {
  const taken = (p: { x: number; y: number }) =>
    s.nodes.some(
      (n) => Math.abs((n.position?.x ?? 0) - p.x) < NODE_SIZE.width && Math.abs((n.position?.y ?? 0) - p.y) < NODE_SIZE.height,
    );
  let spot = at;
  while (taken(spot)) spot = { x: spot.x, y: spot.y + ROW_PITCH };
  return spot;
}

/** The box the canvas draws a node in (see `.step` in styles.css), before it is measured. */
export const NODE_SIZE = { width: 220, height: 86 };
/** The distance from one row of nodes to the next, as the templates and the auto-layout place them. */
export const ROW_PITCH = 130;

/** Where a node added by a click goes: below the node `after` (the selection), or at `centre`
 * of what the canvas shows; in either case clear of the nodes already there. */
export function spotFor(s: ScenarioFile, after: string | undefined, centre: { x: number; y: number }): { x: number; y: number } {
  const anchor = s.nodes.find((n) => n.id === after);
  const at = anchor ? { x: anchor.position?.x ?? 0, y: (anchor.position?.y ?? 0) + ROW_PITCH } : centre;
  return freeSpot(s, at);
}

export function addNode(
  s: ScenarioFile,
  kind: ScenarioNode["kind"],
  position: { x: number; y: number },
): [ScenarioFile, string] {
  const id = freshId(kind.type, s.nodes.map((n) => n.id));
  const node: ScenarioNode = { id, position, kind };
  return [{ ...s, nodes: [...s.nodes, node] }, id];
}

export function moveNode(s: ScenarioFile, id: string, x: number, y: number): ScenarioFile {
  return moveNodes(s, { [id]: { x, y } });
}

/** Moves several nodes at once (one step of history for a dragged selection). */
export function moveNodes(s: ScenarioFile, to: Record<string, { x: number; y: number }>): ScenarioFile {
  const moved = (n: ScenarioNode) => {
    const p = to[n.id];
    return p !== undefined && (n.position?.x !== p.x || n.position?.y !== p.y);
  };
  if (!s.nodes.some(moved)) return s;
  return { ...s, nodes: s.nodes.map((n) => (moved(n) ? { ...n, position: to[n.id] } : n)) };
}

/** Copied nodes with the edges between them. */
export interface Clip {
  nodes: ScenarioNode[];
  edges: ScenarioEdge[];
}

/** The nodes `ids` of `s` and the edges that join two of them. */
export function copyOf(s: ScenarioFile, ids: string[]): Clip {
  const picked = new Set(ids);
  return {
    nodes: s.nodes.filter((n) => picked.has(n.id)),
    edges: (s.edges ?? []).filter((e) => picked.has(e.source) && picked.has(e.target)),
  };
}

/** Adds a copy of `clip`, moved by `offset`, under fresh ids (its inner edges follow); returns the
 * scenario and the new nodes' ids. */
export function paste(s: ScenarioFile, clip: Clip, offset: { x: number; y: number }): [ScenarioFile, string[]] {
  let next = s;
  const renamed: Record<string, string> = {};
  for (const node of clip.nodes) {
    const at = { x: (node.position?.x ?? 0) + offset.x, y: (node.position?.y ?? 0) + offset.y };
    const [added, id] = addNode(next, node.kind, at);
    renamed[node.id] = id;
    next = node.title ? renameNode(added, id, node.title) : added;
  }
  for (const e of clip.edges) {
    next = connect(next, renamed[e.source], e.source_handle ?? "out", renamed[e.target]);
  }
  return [next, clip.nodes.map((n) => renamed[n.id])];
}

export function setKind(s: ScenarioFile, id: string, kind: ScenarioNode["kind"]): ScenarioFile {
  return { ...s, nodes: s.nodes.map((n) => (n.id === id ? { ...n, kind } : n)) };
}

export function renameNode(s: ScenarioFile, id: string, title: string): ScenarioFile {
  return { ...s, nodes: s.nodes.map((n) => (n.id === id ? { ...n, title } : n)) };
}

/** Connects `source`'s exit `handle` to `target`; an exit already connected is moved. */
export function connect(s: ScenarioFile, source: string, handle: string, target: string): ScenarioFile {
  const all = s.edges ?? [];
  const from = (e: ScenarioEdge) => e.source === source && (e.source_handle ?? "out") === handle;
  const existing = all.find(from);
  if (existing) {
    return { ...s, edges: all.map((e) => (e === existing ? { ...e, target } : e)) };
  }
  const edge: ScenarioEdge = { id: nextEdgeId(s), source, target, source_handle: handle };
  return { ...s, edges: [...all, edge] };
}

function nextEdgeId(s: ScenarioFile): string {
  const taken = new Set((s.edges ?? []).map((e) => e.id));
  for (let n = (s.edges ?? []).length + 1; ; n++) {
    if (!taken.has(`e${n}`)) return `e${n}`;
  }
}

/** Removes nodes (with the edges that touch them) and edges. */
export function remove(s: ScenarioFile, nodes: string[], edges: string[] = []): ScenarioFile {
  const gone = new Set(nodes);
  const cut = new Set(edges);
  return {
    ...s,
    nodes: s.nodes.filter((n) => !gone.has(n.id)),
    edges: (s.edges ?? []).filter((e) => !cut.has(e.id) && !gone.has(e.source) && !gone.has(e.target)),
  };
}
