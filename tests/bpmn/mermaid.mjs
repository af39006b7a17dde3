// Reads each Mermaid file named on the command line with the real `mermaid` package in three
// versions side by side — 9.1 (older than front-matter support, as older wiki plugins still run),
// 10 and 11 — and fails on any parse error. Mermaid 11 also renders each file (in jsdom, which does
// no layout: text sizes are stood in for, positions are meaningless), and where `NAME.expect.json`
// lies beside `NAME.mmd` the rendered text is compared with it: `heading`, the scenario's name as
// the chart shows it, and `labels`, text each of which some node's label must begin with.
// Prints one line a file and version; run by the Rust test suite (tests/it/export.rs).
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { JSDOM } from 'jsdom';

const require = createRequire(import.meta.url);
const VERSIONS = ['mermaid9', 'mermaid10', 'mermaid11'];
const RENDERS = 'mermaid11';

// Mermaid needs a DOM even to parse (DOMPurify is set up when it is imported).
const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
const w = dom.window;
for (const name of ['window', 'document', 'navigator', 'DOMParser', 'Element', 'HTMLElement', 'SVGElement',
  'Node', 'XMLSerializer', 'MutationObserver', 'CSSStyleSheet']) {
  Object.defineProperty(globalThis, name, { value: name === 'window' ? w : w[name], configurable: true, writable: true });
}
// Text measured as 8 px a character, 16 px high: enough for rendering to get through.
const box = (el) => ({ x: 0, y: 0, top: 0, left: 0, width: 8 * (el.textContent || '').length, height: 16 });
w.SVGElement.prototype.getBBox = function () { return box(this); };
w.SVGElement.prototype.getComputedTextLength = function () { return box(this).width; };
w.Element.prototype.getBoundingClientRect = function () { const b = box(this); return { ...b, right: b.width, bottom: b.height }; };

/** Text as a reader sees it: runs of white space as one space, none at the ends. */
const plain = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Each node's label in a rendered chart, and the heading's (the node of class `heading`). */
function labelsOf(svg) {
  const holder = w.document.createElement('div');
  holder.innerHTML = svg;
  const text = (node) => {
    const copy = node.cloneNode(true);
    copy.querySelectorAll('br').forEach((br) => br.replaceWith(' '));
    return plain(copy.textContent);
  };
  const nodes = [...holder.querySelectorAll('g.node')];
  const heading = nodes.find((n) => n.classList.contains('heading'));
  return { heading: heading ? text(heading) : null, labels: nodes.filter((n) => n !== heading).map(text) };
}

const files = process.argv.slice(2);
let failed = 0;
const say = (file, version, problem) => {
  if (problem) failed += 1;
  console.log(`${problem ? 'FAIL' : 'ok'} ${file} ${version}${problem ? `: ${problem}` : ''}`);
};
for (const name of VERSIONS) {
  const version = `mermaid@${require(`${name}/package.json`).version}`;
  const imported = await import(name);
  const mermaid = imported.default ?? imported;
  mermaid.initialize({ startOnLoad: false });
  let n = 0;
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    // 9.x reports some errors through `parseError` rather than by throwing.
    let reported = null;
    mermaid.parseError = (e) => { reported = e; };
    try {
      await mermaid.parse(text);
      if (reported) throw reported;
    } catch (e) {
      say(file, version, `does not parse: ${String(e?.message ?? e?.str ?? JSON.stringify(e)).split('\n').slice(0, 3).join(' | ')}`);
      continue;
    }
    const expectFile = file.replace(/\.mmd$/, '.expect.json');
    if (name !== RENDERS || !existsSync(expectFile)) {
      say(file, version);
      continue;
    }
    const expected = JSON.parse(await readFile(expectFile, 'utf8'));
    try {
      const rendered = await mermaid.render(`chart${n++}`, text);
      const got = labelsOf(typeof rendered === 'string' ? rendered : rendered.svg);
      const problems = [];
      if (plain(expected.heading) !== (got.heading ?? '')) problems.push(`heading ${JSON.stringify(got.heading)}, not ${JSON.stringify(plain(expected.heading))}`);
      for (const label of expected.labels ?? []) {
        if (!got.labels.some((l) => l.startsWith(plain(label)))) problems.push(`no label begins ${JSON.stringify(plain(label))} (${JSON.stringify(got.labels)})`);
      }
      say(file, version, problems.join('; '));
    } catch (e) {
      say(file, version, `does not render: ${String(e?.message ?? e).split('\n')[0]}`);
    }
  }
}
process.exit(failed === 0 ? 0 : 1);
