// Auto-layout: the scenario drawn top to bottom in layers (dagre), so a scenario imported without
// positions, or grown by hand, reads like the templates.
import dagre from "@dagrejs/dagre";
import type { ScenarioFile } from "../../ipc/api";

import { NODE_SIZE, ROW_PITCH } from "../../store/graph";

export { NODE_SIZE };

/** The zoom at which a node's smallest text (12 px in styles.css) is 12 px on screen: a scenario
 * opens at it or larger, and the rest is scrolled to, never shrunk below it. */
export const LEGIBLE_ZOOM = 1;
/** A small scenario is shown at a readable size, not blown up. */
const MAX_FIT_ZOOM = 1.2;
/** The room kept around the scenario when it is fitted (screen pixels). */
const FIT_MARGIN = 40;

/** A box on the canvas (a node's, or what an edge draws). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The smallest box holding all of `boxes` (at least one). */
export function union(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

/**
 * The view a scenario opens in: the whole of it, centred, where it fits at a legible zoom;
 * otherwise at `LEGIBLE_ZOOM` from its top, centred on its first node (the trigger) across where
 * it is wider than the pane, so the reader starts where the scenario starts and scrolls down.
 */
export function legibleViewport(boxes: Box[], pane: { width: number; height: number }): { x: number; y: number; zoom: number } {
  if (boxes.length === 0) return { x: 0, y: 0, zoom: LEGIBLE_ZOOM };
  const { x: left, y: top, width, height } = union(boxes);
  const room = { width: Math.max(1, pane.width - 2 * FIT_MARGIN), height: Math.max(1, pane.height - 2 * FIT_MARGIN) };
  const zoom = Math.min(MAX_FIT_ZOOM, Math.max(LEGIBLE_ZOOM, Math.min(room.width / width, room.height / height)));
  const first = boxes[0];
  const x =
    width * zoom <= room.width
      ? (pane.width - width * zoom) / 2 - left * zoom
      : pane.width / 2 - (first.x + first.width / 2) * zoom;
  const y = height * zoom <= room.height ? (pane.height - height * zoom) / 2 - top * zoom : FIT_MARGIN - top * zoom;
  return { x: Math.round(x), y: Math.round(y), zoom };
}

/** The scenario with every node placed by layer; edges keep their order, so branches keep their side. */
export function autoLayout(s: ScenarioFile): ScenarioFile {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: ROW_PITCH - NODE_SIZE.height, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of s.nodes) g.setNode(n.id, { ...NODE_SIZE });
  const ids = new Set(s.nodes.map((n) => n.id));
  for (const e of s.edges ?? []) {
    if (ids.has(e.source) && ids.has(e.target)) g.setEdge(e.source, e.target);
  }
  dagre.layout(g);
  return {
    ...s,
    nodes: s.nodes.map((n) => {
      const p = g.node(n.id);
      // dagre gives centres; the canvas stores top-left corners, on a 10 px grid.
      const x = Math.round((p.x - NODE_SIZE.width / 2) / 10) * 10;
      const y = Math.round((p.y - NODE_SIZE.height / 2) / 10) * 10;
      return { ...n, position: { x, y } };
    }),
  };
}
