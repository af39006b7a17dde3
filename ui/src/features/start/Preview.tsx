// A small drawing of a scenario for the start screen: each node a block in its kind's colour at its
// place on the canvas, each edge a line.
import { lookOf } from "../editor/nodes";
import type { ScenarioFile } from "../../ipc/api";

export default function Preview({ scenario }: { scenario: ScenarioFile }) {
  const nodes = scenario.nodes;
  if (nodes.length === 0) return null;
  const xs = nodes.map((n) => n.position?.x ?? 0);
  const ys = nodes.map((n) => n.position?.y ?? 0);
  const [minX, minY] = [Math.min(...xs), Math.min(...ys)];
  const width = Math.max(...xs) - minX + 200;
  const height = Math.max(...ys) - minY + 70;
  const at = new Map(nodes.map((n) => [n.id, { x: (n.position?.x ?? 0) - minX, y: (n.position?.y ?? 0) - minY }]));
  return (
    <svg className="preview" viewBox={`-20 -20 ${width + 40} ${height + 40}`} role="img" aria-hidden="true">
      {(scenario.edges ?? []).map((e) => {
        const a = at.get(e.source);
        const b = at.get(e.target);
        return a && b ? (
          <line key={e.id} x1={a.x + 100} y1={a.y + 70} x2={b.x + 100} y2={b.y} stroke="#94a3b8" strokeWidth={10} />
        ) : null;
      })}
      {nodes.map((n) => {
        const p = at.get(n.id)!;
        return <rect key={n.id} x={p.x} y={p.y} width={200} height={70} rx={14} fill={lookOf(n.kind.type).colour} />;
      })}
    </svg>
  );
}
