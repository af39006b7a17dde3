// Auto-layout: the scenario drawn top to bottom in layers (dagre), so a scenario imported without
// positions, or grown by hand, reads like the templates.
import dagre from "@dagrejs/dagre";
import type { ScenarioFile } from "../../ipc/api";

/** The box the canvas draws a node in (see `.step` in styles.css). */
export const NODE_SIZE = { width: 200, height: 70 };

/** The scenario with every node placed by layer; edges keep their order, so branches keep their side. */
export function autoLayout(s: ScenarioFile): ScenarioFile {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 60, marginx: 0, marginy: 0 });
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
