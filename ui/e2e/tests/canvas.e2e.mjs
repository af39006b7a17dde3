// The canvas read and built as a marketer would at 1280×800: a scenario opens at a zoom whose text
// is at least 12 px on screen, edges pass beside the nodes with their labels in view, exits are
// large enough to hit, the overview never covers a node, the forecast panel gives the canvas back
// its room, and palette items are dragged onto the canvas with a real mouse and land where they
// are released.
import assert from "node:assert/strict";
import { browser, finish, nodeCount, openTemplate, pointerDrag, press, seedWorkspace, shot, test, toStart, viewSettled } from "../harness.mjs";
import { editor, simulation } from "../pages.mjs";

seedWorkspace({ leads: 300 });

/** The canvas's zoom, read from its viewport's transform. */
const zoom = () =>
  browser.execute(() => new DOMMatrix(getComputedStyle(document.querySelector(".react-flow__viewport")).transform).a);

/** The canvas's box in the window. */
const paneBox = () => browser.execute(() => document.querySelector(".canvas").getBoundingClientRect().toJSON());

/** Palette item `kind`, scrolled to the top of the sidebar (clear of the problem list docked at
 * its foot): where to press it, once nothing covers it. */
async function paletteItem(kind) {
  const at = await browser.execute((kind) => {
    const item = document.querySelector(`.palette-item[data-kind="${kind}"]`);
    item.scrollIntoView({ block: "start" });
    const b = item.getBoundingClientRect();
    const [x, y] = [b.left + b.width / 2, b.top + b.height / 2];
    return item.contains(document.elementFromPoint(x, y)) ? [x, y] : null;
  }, kind);
  assert.ok(at, `the palette's ${kind} is covered`);
  return at;
}

/** A node's box in the window. */
const nodeBox = (id) =>
  browser.execute((id) => document.querySelector(`.react-flow__node[data-id="${id}"]`).getBoundingClientRect().toJSON(), id);

await test("a scenario opens legible: text ≥ 12 px on screen, edges beside the nodes, labels in view, exits to hit", async () => {
  for (const [key, nodes] of [
    ["welcome", 11],
    ["post-download", 13],
  ]) {
    await openTemplate(key, nodes);
    await viewSettled();
    const z = await zoom();
    assert.ok(z >= 1, `${key} opened at zoom ${z}`);
    // Every piece of text on a node and on an edge, as the screen shows it: its computed size × the zoom.
    const smallest = await browser.execute((z) => {
      const texts = [...document.querySelectorAll(".react-flow__node *, .react-flow__edge-text")].filter(
        (e) => [...e.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && c.textContent.trim()) && e.getClientRects().length > 0,
      );
      return texts
        .map((e) => ({ px: parseFloat(getComputedStyle(e).fontSize) * z, text: e.textContent.trim().slice(0, 30) }))
        .sort((a, b) => a.px - b.px)[0];
    }, z);
    assert.ok(smallest.px >= 12, `"${smallest.text}" is ${smallest.px} px on screen in ${key}`);
    // It starts at the top: the trigger is in view.
    const pane = await paneBox();
    const trigger = await nodeBox("trigger");
    assert.ok(trigger.top >= pane.top && trigger.bottom <= pane.bottom, `the trigger is out of view in ${key}`);
    // The overview never covers the canvas.
    const minimap = await browser.execute(() => document.querySelector(".react-flow__minimap")?.getBoundingClientRect().toJSON() ?? null);
    assert.ok(minimap, "no overview");
    assert.ok(minimap.left >= pane.right || minimap.top >= pane.bottom, `the overview at ${JSON.stringify(minimap)} is over the canvas ${JSON.stringify(pane)}`);
    // Exits and entries are at least 12 px across on screen.
    const handle = await browser.execute(() =>
      Math.min(...[...document.querySelectorAll(".react-flow__handle")].map((h) => Math.min(h.getBoundingClientRect().width, h.getBoundingClientRect().height))),
    );
    assert.ok(handle >= 12, `a handle is ${handle} px`);
    // No edge passes under a node other than its own two ends: points along every path, in the
    // window's pixels, checked against every node's box (shrunk by 2 px for the strokes' width).
    const crossings = await browser.execute(() => {
      const boxes = [...document.querySelectorAll(".react-flow__node")].map((n) => [n.getAttribute("data-id"), n.getBoundingClientRect()]);
      const found = [];
      for (const edge of document.querySelectorAll(".react-flow__edge")) {
        const [source, target] = [edge.getAttribute("data-source") ?? "", edge.getAttribute("data-target") ?? ""];
        const path = edge.querySelector("path.react-flow__edge-path");
        const ctm = path.getScreenCTM();
        const length = path.getTotalLength();
        for (let d = 0; d <= length; d += 4) {
          const p = new DOMPoint(path.getPointAtLength(d).x, path.getPointAtLength(d).y).matrixTransform(ctm);
          for (const [id, b] of boxes) {
            if (id === source || id === target) continue;
            if (p.x > b.left + 2 && p.x < b.right - 2 && p.y > b.top + 2 && p.y < b.bottom - 2) found.push(`${edge.getAttribute("data-id")} under ${id}`);
          }
        }
      }
      return [...new Set(found)];
    });
    assert.deepEqual(crossings, [], `edges under nodes in ${key}`);
    // Each edge label in view is what the pointer would hit at its middle: no node covers it.
    const hidden = await browser.execute(() => {
      const pane = document.querySelector(".canvas").getBoundingClientRect();
      return [...document.querySelectorAll(".react-flow__edge-textwrapper")]
        .map((l) => [l, l.getBoundingClientRect()])
        .filter(([, b]) => b.top > pane.top && b.bottom < pane.bottom && b.left > pane.left && b.right < pane.right)
        .filter(([l, b]) => !l.contains(document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2)))
        .map(([l]) => l.textContent);
    });
    assert.deepEqual(hidden, [], `edge labels covered in ${key}`);
    await shot(`canvas-open-${key}`);
    // The rest is reached by scrolling, not by shrinking: the last node, brought into view.
    const last = key === "welcome" ? "end_engaged" : "end_nurture";
    await editor.reveal(last);
    assert.ok((await zoom()) >= 1, "bringing a node into view shrank the canvas");
    await toStart();
  }
});

await test("the forecast panel is resized by dragging its bar and folded, and the canvas keeps its room", async () => {
  await openTemplate("welcome", 11);
  await simulation.open();
  const panel = () => browser.execute(() => document.querySelector(".sim-dock").getBoundingClientRect().height);
  const canvas = async () => (await paneBox()).height;
  const [p0, c0] = [await panel(), await canvas()];
  assert.ok(c0 > p0, `the canvas (${c0} px) is smaller than the forecast panel (${p0} px) as it opens`);
  // Dragged 150 px up: the panel grows by about that, the canvas shrinks by it.
  const bar = await browser.execute(() => {
    const b = document.querySelector("#sim-splitter").getBoundingClientRect();
    return [b.left + 30, b.top + b.height / 2];
  });
  await pointerDrag(bar[0], bar[1], bar[0], bar[1] - 150);
  const p1 = await panel();
  assert.ok(Math.abs(p1 - p0 - 150) < 20, `the panel went from ${p0} to ${p1} px`);
  assert.ok((await canvas()) >= 220, "the canvas was squeezed below its least height");
  // Dragged to the window's foot: the panel stops at its least height.
  const foot = await browser.execute(() => window.innerHeight - 2);
  await pointerDrag(bar[0], bar[1] - 150, bar[0], foot);
  assert.ok((await panel()) >= 140 && (await panel()) < p0, `the panel is ${await panel()} px after dragging it down`);
  // Folded: only its run bar is left, and the canvas has the window.
  await press("#sim-fold");
  await browser.waitUntil(async () => (await panel()) < 120, { timeout: 5000, timeoutMsg: "the panel did not fold" });
  assert.ok(await browser.$("#sim-run").isDisplayed(), "the run button went with the fold");
  assert.ok((await canvas()) > c0, "folding gave the canvas nothing");
  await shot("canvas-forecast-folded");
  await press("#sim-fold");
  await browser.waitUntil(async () => (await panel()) >= 140, { timeout: 5000, timeoutMsg: "the panel did not unfold" });
  await toStart();
});

await test("a palette item dragged with the mouse lands where it is released; click-to-add goes below the selection", async () => {
  await browser.$("#new-scenario").click();
  await browser.waitUntil(async () => (await nodeCount()) === 1, { timeout: 5000 });
  await viewSettled();
  const pane = await paneBox();
  const item = await paletteItem("wait");
  // Released in the canvas's lower left quarter, away from the trigger.
  const [x1, y1] = [Math.round(pane.left + pane.width * 0.3), Math.round(pane.top + pane.height * 0.7)];
  await pointerDrag(...item, x1, y1);
  await browser.waitUntil(async () => (await nodeCount()) === 2, { timeout: 5000, timeoutMsg: "the drop added no node" });
  await viewSettled();
  const dropped = await nodeBox("wait");
  const [cx, cy] = [dropped.left + dropped.width / 2, dropped.top + dropped.height / 2];
  assert.ok(Math.abs(cx - x1) < 30 && Math.abs(cy - y1) < 30, `the node's middle is at ${cx},${cy}, released at ${x1},${y1}`);
  // The dropped node is selected; a click on a palette item puts the next below it, in view.
  await press('.palette-item[data-kind="send_email"]');
  await browser.waitUntil(async () => (await nodeCount()) === 3, { timeout: 5000 });
  await viewSettled();
  const [wait, mail, view] = [await nodeBox("wait"), await nodeBox("send_email"), await paneBox()];
  assert.ok(Math.abs(mail.left - wait.left) < 2 && mail.top > wait.bottom, `the mail at ${mail.left},${mail.top} is not below the wait at ${wait.left},${wait.bottom}`);
  assert.ok(mail.top >= view.top && mail.bottom <= view.bottom, "the added node is out of view");
  // Moving a node by dragging it: it follows the mouse, and undo puts it back.
  const before = await nodeBox("send_email");
  await pointerDrag(before.left + 40, before.top + 20, before.left + 160, before.top + 60);
  await viewSettled();
  const after = await nodeBox("send_email");
  assert.ok(after.left - before.left > 60 && after.top - before.top > 15, `the node moved from ${before.left},${before.top} to ${after.left},${after.top}`);
  // Released outside the canvas (back over the palette): nothing is added.
  const back = await paletteItem("end");
  await pointerDrag(...back, back[0] + 20, back[1] + 40);
  await browser.pause(300);
  assert.equal(await nodeCount(), 3, "a drop outside the canvas added a node");
  await shot("canvas-dropped");
  for (let i = 0; i < 10 && (await browser.$("#undo").isEnabled()); i++) await editor.undo();
  await browser.waitUntil(async () => (await nodeCount()) === 1, { timeout: 5000 });
  await toStart();
});

await finish();
