// Checks the diagram of each BPMN file named on the command line, as a modeler shows it:
// - bpmnlint's recommended rules (the linter of bpmn.io and Camunda Modeler) report nothing;
// - no two flows meet a shape at the same point, unless they are the same flow;
// - no flow segment passes through a shape it does not connect;
// - every event, gateway and flow with a name has label bounds (else bpmn-js puts the label under
//   the symbol, where the flow leaving it strikes it through), near the diagram, clear of every
//   flow, shape and other label.
// Prints `ok <file>` or each problem; exits 1 if any.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import BpmnModdle from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';

const resolver = new NodeResolver({ require: createRequire(import.meta.url) });
const moddle = new BpmnModdle();

/** Whether segment p–q passes through the interior of rectangle r (Liang–Barsky clipping). */
function crosses(p, q, r) {
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const sides = [[-dx, p.x - r.x], [dx, r.x + r.width - p.x], [-dy, p.y - r.y], [dy, r.y + r.height - p.y]];
  for (const [pk, qk] of sides) {
    if (pk === 0) {
      if (qk <= 0) return false;
      continue;
    }
    const t = qk / pk;
    if (pk < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
  }
  return t1 - t0 > 1e-6;
}
const shrink = (r, d) => ({ x: r.x + d, y: r.y + d, width: r.width - 2 * d, height: r.height - 2 * d });
const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const same = (a, b) => Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5;
/** How far outside the shapes and flows a label may stand: a label beside the outermost symbol. */
const MARGIN = 150;

let failed = 0;
for (const path of process.argv.slice(2)) {
  const problems = [];
  const say = (what) => problems.push(what);
  let definitions;
  try {
    const { rootElement, warnings } = await moddle.fromXML(await readFile(path, 'utf8'), 'bpmn:Definitions');
    for (const w of warnings) say(`bpmn-moddle: ${w.message}`);
    definitions = rootElement;
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${path}: ${e.message}`);
    continue;
  }
  // One linter a file: rules keep state between runs (no-duplicate-sequence-flows remembers
  // every flow it saw).
  const linter = new Linter({ config: { extends: 'bpmnlint:recommended' }, resolver });
  for (const [rule, reports] of Object.entries(await linter.lint(definitions))) {
    for (const r of reports) say(`bpmnlint ${r.category} ${rule}: ${r.id ?? ''} ${r.message}`);
  }

  const plane = definitions.diagrams[0].plane.planeElement;
  const shapes = plane.filter((e) => e.$type === 'bpmndi:BPMNShape');
  const edges = plane.filter((e) => e.$type === 'bpmndi:BPMNEdge');
  const points = edges.flatMap((e) => e.waypoint);
  const xs = [...shapes.flatMap((s) => [s.bounds.x, s.bounds.x + s.bounds.width]), ...points.map((p) => p.x)];
  const ys = [...shapes.flatMap((s) => [s.bounds.y, s.bounds.y + s.bounds.height]), ...points.map((p) => p.y)];
  const extent = {
    x: Math.min(...xs) - MARGIN,
    y: Math.min(...ys) - MARGIN,
    width: Math.max(...xs) - Math.min(...xs) + 2 * MARGIN,
    height: Math.max(...ys) - Math.min(...ys) + 2 * MARGIN,
  };

  const ends = new Map();
  for (const e of edges) {
    const flow = e.bpmnElement;
    const w = e.waypoint;
    if (w.length < 2) say(`flow ${flow.id} has ${w.length} waypoint(s)`);
    for (const [id, point] of [[flow.sourceRef.id, w[0]], [flow.targetRef.id, w[w.length - 1]]]) {
      if (!ends.has(id)) ends.set(id, []);
      ends.get(id).push({ flow: flow.id, point });
    }
    for (let k = 1; k < w.length; k++) {
      if (w[k - 1].x !== w[k].x && w[k - 1].y !== w[k].y) say(`flow ${flow.id} has a slanted segment`);
    }
  }
  for (const [id, list] of ends) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        if (list[i].flow !== list[j].flow && same(list[i].point, list[j].point)) {
          say(`flows ${list[i].flow} and ${list[j].flow} meet ${id} at the same point (${list[i].point.x}, ${list[i].point.y})`);
        }
      }
    }
  }
  for (const e of edges) {
    const flow = e.bpmnElement;
    for (const s of shapes) {
      const id = s.bpmnElement.id;
      if (id === flow.sourceRef.id || id === flow.targetRef.id) continue;
      const box = shrink(s.bounds, 1);
      for (let k = 1; k < e.waypoint.length; k++) {
        if (crosses(e.waypoint[k - 1], e.waypoint[k], box)) {
          say(`flow ${flow.id} passes through ${id}`);
          break;
        }
      }
    }
  }
  const labels = [];
  for (const d of [...shapes, ...edges]) {
    const element = d.bpmnElement;
    if ((element.name ?? '').trim() === '' || /Task$/.test(element.$type)) continue;
    const b = d.label?.bounds;
    if (!b) {
      say(`${element.id} "${element.name}" has no label bounds`);
      continue;
    }
    labels.push({ id: element.id, b });
    const inside = b.x >= extent.x && b.y >= extent.y && b.x + b.width <= extent.x + extent.width && b.y + b.height <= extent.y + extent.height;
    if (!inside) say(`the label of ${element.id} is far outside the diagram`);
    for (const e of edges) {
      for (let k = 1; k < e.waypoint.length; k++) {
        if (crosses(e.waypoint[k - 1], e.waypoint[k], b)) {
          say(`flow ${e.bpmnElement.id} runs through the label of ${element.id}`);
          break;
        }
      }
    }
    for (const s of shapes) {
      if (overlaps(shrink(s.bounds, 1), b)) say(`the label of ${element.id} covers ${s.bpmnElement.id}`);
    }
  }
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      if (overlaps(labels[i].b, labels[j].b)) say(`the labels of ${labels[i].id} and ${labels[j].id} overlap`);
    }
  }
  if (problems.length > 0) {
    failed += 1;
    console.log(`FAIL ${path}:\n  ${problems.join('\n  ')}`);
  } else {
    console.log(`ok ${path}: ${shapes.length} shapes, ${edges.length} flows, ${labels.length} labels`);
  }
}
process.exit(failed === 0 ? 0 : 1);
