// Draws BPMN files with bpmn-js (its prebuilt viewer) in headless Chromium, saves a PNG of each at
// 100 %, and reads the drawing back: import warnings, shapes, flows, and each label's bounds with
// the box its text really takes. Problems in the drawing are printed: a flow through a shape or
// through a label's text, two flows sharing a line, labels on labels or on shapes, text bigger
// than its label's bounds.
// Usage: node render.mjs [--out DIR] [--json] [--scale 1.5] file.bpmn...
// Needs Chromium with Noto CJK and emoji fonts (scripts/bpmn-pictures.sh installs them).
// Exits 1 if an import fails or warns, or the drawing has a problem.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (f, d) => { const i = args.indexOf(f); return i >= 0 ? args.splice(i, 2)[1] : d; };
const flag = (f) => { const i = args.indexOf(f); if (i >= 0) { args.splice(i, 1); return true; } return false; };
const outDir = opt('--out', 'shots');
const scale = Number(opt('--scale', '1'));
const json = flag('--json');
const files = args;

const bundle = require.resolve('bpmn-js/dist/bpmn-viewer.production.min.js');
const cssDir = join(require.resolve('bpmn-js/package.json'), '..', 'dist', 'assets');

await mkdir(outDir, { recursive: true });
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
});
let failed = 0;
try {
  for (const path of files) {
    const xml = await readFile(path, 'utf8');
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setViewport({ width: 1600, height: 1200, deviceScaleFactor: scale });
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8">
      <style>html,body{margin:0;background:#fff} #canvas{width:100vw;height:100vh}</style></head>
      <body><div id="canvas"></div></body></html>`);
    await page.addStyleTag({ path: join(cssDir, 'diagram-js.css') });
    await page.addStyleTag({ path: join(cssDir, 'bpmn-js.css') });
    await page.addScriptTag({ path: bundle }); // defines window.BpmnJS

    const result = await page.evaluate(async (xml) => {
      const viewer = window.__viewer = new window.BpmnJS({ container: '#canvas' });
      let warnings;
      try {
        ({ warnings } = await viewer.importXML(xml));
      } catch (e) {
        return { importError: e.message, warnings: (e.warnings ?? []).map((w) => w.message) };
      }
      const registry = viewer.get('elementRegistry');
      const canvas = viewer.get('canvas');
      const rect = (o) => o && { x: Math.round(o.x), y: Math.round(o.y), width: Math.round(o.width), height: Math.round(o.height) };
      // The real box of an element's text, in diagram coordinates (getBBox is in the gfx's own
      // coordinates; labels and shapes are translated by their x/y).
      const textBox = (el) => {
        const text = registry.getGraphics(el)?.querySelector('text');
        if (!text || !text.textContent) return null;
        const b = text.getBBox();
        const dx = el.waypoints ? 0 : el.x, dy = el.waypoints ? 0 : el.y;
        return rect({ x: b.x + dx, y: b.y + dy, width: b.width, height: b.height });
      };
      const shapes = [], flows = [], labels = [];
      for (const el of registry.getAll()) {
        if (el.type === 'label') {
          labels.push({ id: el.id, owner: el.labelTarget.id, bounds: rect(el), text: textBox(el),
            content: registry.getGraphics(el).querySelector('text')?.textContent ?? '' });
        } else if (el.waypoints) {
          flows.push({ id: el.id, type: el.type, source: el.source?.id, target: el.target?.id,
            waypoints: el.waypoints.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) })) });
        } else if (el.parent) { // not the root
          shapes.push({ id: el.id, type: el.type, bounds: rect(el), name: el.businessObject?.name ?? '',
            // Tasks draw their name inside the shape (no separate label element).
            innerText: el.label ? null : textBox(el) });
        }
      }
      return { warnings: warnings.map((w) => w.message), shapes, flows, labels, inner: rect(canvas.viewbox().inner) };
    }, xml);

    const name = basename(path).replace(/\.[^.]+$/, '');
    if (result.importError) {
      failed += 1;
      console.log(`FAIL ${path}: import error: ${result.importError} ${result.warnings.join(' | ')}`);
      await page.close();
      continue;
    }
    // Fit the picture to the diagram at 100 %, with a margin.
    // (The bpmn.io watermark sits in the bottom right corner and must stay visible under the
    // bpmn-js licence: leave a strip below the diagram for it.)
    const m = 30, { inner } = result;
    const width = Math.min(inner.width + 2 * m, 8000), height = Math.min(inner.height + 2 * m + 30, 8000);
    await page.setViewport({ width, height, deviceScaleFactor: scale });
    await page.evaluate((v) => {
      document.querySelector('#canvas').style.cssText = `width:${v.width}px;height:${v.height}px`;
      const canvas = window.__viewer.get('canvas');
      canvas.resized();
      canvas.viewbox(v); // 100 %: viewbox size = container size
    }, { x: inner.x - m, y: inner.y - m, width, height });
    const png = join(outDir, `${name}.png`);
    await page.screenshot({ path: png, clip: { x: 0, y: 0, width, height } });

    const problems = checkGeometry(result);
    const bad = result.warnings.length || errors.length || problems.length;
    if (bad) failed += 1;
    console.log(`${bad ? 'FAIL' : 'ok'} ${path}: ${result.shapes.length} shapes, ${result.flows.length} flows, ${result.labels.length} labels, ${result.warnings.length} import warnings, ${problems.length} layout problems -> ${png}`);
    for (const w of [...result.warnings, ...errors]) console.log(`  warning: ${w}`);
    for (const p of problems) console.log(`  ${p}`);
    if (json) await writeFile(join(outDir, `${name}.json`), JSON.stringify({ ...result, problems }, null, 2));
    await page.close();
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

// ---- geometry -----------------------------------------------------------------------------------
function inflate(r, d) { return { x: r.x - d, y: r.y - d, width: r.width + 2 * d, height: r.height + 2 * d }; }
function overlap(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
// Does segment p-q pass through the inside of rectangle r (Liang-Barsky clipping)?
function segmentHitsRect(p, q, r) {
  let t0 = 0, t1 = 1;
  const dx = q.x - p.x, dy = q.y - p.y;
  for (const [pp, qq] of [[-dx, p.x - r.x], [dx, r.x + r.width - p.x], [-dy, p.y - r.y], [dy, r.y + r.height - p.y]]) {
    if (pp === 0) { if (qq <= 0) return false; continue; }
    const t = qq / pp;
    if (pp < 0) { if (t > t1) return false; if (t > t0) t0 = t; } else { if (t < t0) return false; if (t < t1) t1 = t; }
  }
  return t1 - t0 > 1e-6;
}
// Two axis-parallel segments lying on one line and sharing a stretch longer than `min`.
function collinearOverlap(a1, a2, b1, b2, min = 5) {
  if (a1.y === a2.y && b1.y === b2.y && a1.y === b1.y) {
    const lo = Math.max(Math.min(a1.x, a2.x), Math.min(b1.x, b2.x)), hi = Math.min(Math.max(a1.x, a2.x), Math.max(b1.x, b2.x));
    return hi - lo > min;
  }
  if (a1.x === a2.x && b1.x === b2.x && a1.x === b1.x) {
    const lo = Math.max(Math.min(a1.y, a2.y), Math.min(b1.y, b2.y)), hi = Math.min(Math.max(a1.y, a2.y), Math.max(b1.y, b2.y));
    return hi - lo > min;
  }
  return false;
}
function checkGeometry({ shapes, flows, labels }) {
  const out = [];
  const segs = (f) => f.waypoints.slice(1).map((q, i) => [f.waypoints[i], q]);
  for (let i = 0; i < shapes.length; i++) for (let j = i + 1; j < shapes.length; j++) {
    if (overlap(shapes[i].bounds, shapes[j].bounds)) out.push(`shape-overlap ${shapes[i].id} ${shapes[j].id}`);
  }
  for (const f of flows) {
    for (const s of shapes) {
      if (s.id === f.source || s.id === f.target) continue;
      if (segs(f).some(([p, q]) => segmentHitsRect(p, q, inflate(s.bounds, -2)))) out.push(`flow-through-shape ${f.id} crosses ${s.id}`);
    }
    for (const l of labels) {
      const box = l.text ?? l.bounds;
      if (!box || l.owner === f.id) continue;
      if (segs(f).some(([p, q]) => segmentHitsRect(p, q, box))) out.push(`flow-through-label ${f.id} crosses label of ${l.owner} "${l.content}"`);
    }
    // A flow's own label sitting on its own line reads as struck through.
    const own = labels.find((l) => l.owner === f.id);
    if (own?.text && segs(f).some(([p, q]) => segmentHitsRect(p, q, inflate(own.text, -2)))) out.push(`label-struck-through ${f.id} "${own.content}"`);
  }
  for (let i = 0; i < flows.length; i++) for (let j = i + 1; j < flows.length; j++) {
    const hit = segs(flows[i]).some(([a1, a2]) => segs(flows[j]).some(([b1, b2]) => collinearOverlap(a1, a2, b1, b2)));
    if (hit) out.push(`flows-share-a-line ${flows[i].id} ${flows[j].id}`);
  }
  for (let i = 0; i < labels.length; i++) {
    const a = labels[i].text ?? labels[i].bounds;
    for (let j = i + 1; j < labels.length; j++) {
      const b = labels[j].text ?? labels[j].bounds;
      if (a && b && overlap(a, b)) out.push(`label-overlap ${labels[i].owner} ${labels[j].owner}`);
    }
    for (const s of shapes) {
      if (s.id === labels[i].owner || !a) continue;
      if (overlap(a, inflate(s.bounds, -1))) out.push(`label-on-shape label of ${labels[i].owner} on ${s.id}`);
    }
    // Text wider than the DI label bounds the file gives (bpmn-js draws text from the bounds' centre).
    const t = labels[i].text, bnd = labels[i].bounds;
    if (t && bnd && (t.width > bnd.width + 4 || t.height > bnd.height + 4)) out.push(`label-bigger-than-bounds ${labels[i].owner} text ${t.width}x${t.height} bounds ${bnd.width}x${bnd.height}`);
  }
  return out;
}
