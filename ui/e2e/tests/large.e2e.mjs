// A long scenario file: 300 nodes open, lay out and stay responsive.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { browser, finish, launchedAt, nodeCount, profile, seedWorkspace, shot, test, workspace } from "../harness.mjs";

seedWorkspace();

// A trigger, then 299 steps alternating waits and score changes, with a condition every 20 steps
// whose "no" exit ends.
const nodes = [{ id: "t", position: { x: 0, y: 0 }, kind: { type: "trigger", event: { type: "lead_created" } } }];
const edges = [];
let previous = "t";
for (let i = 1; nodes.length < 300; i++) {
  const id = `n${i}`;
  const kind =
    i % 20 === 0
      ? { type: "condition", condition: { type: "score", op: "gte", value: 50 } }
      : i % 2 === 0
        ? { type: "wait", delay: { days: 1 } }
        : { type: "adjust_score", delta: 1 };
  nodes.push({ id, position: { x: 0, y: i * 100 }, kind });
  edges.push({ id: `e${i}`, source: previous, target: id, source_handle: nodes.at(-2).kind.type === "condition" ? "yes" : "out" });
  previous = id;
}
const file = path.join(profile.work, "long.json");
fs.writeFileSync(file, JSON.stringify({ format: "scenario-studio/1", id: "long", name: "長いシナリオ", nodes, edges }));

await test(
  "a 300-node scenario file opens, lays out and stays responsive (timed)",
  async () => {
  await browser.waitUntil(async () => (await nodeCount()) === 300, { timeout: 30000 });
  const loaded = Date.now() - launchedAt;
  let t0 = Date.now();
  await browser.$("#layout").click();
  await browser.waitUntil(async () => await browser.$("#undo").isEnabled(), { timeout: 10000 });
  const laidOut = Date.now() - t0;
  t0 = Date.now();
  // Zoom in, pick a node through the problems list, fit the whole scenario back in view.
  await browser.$(".react-flow__controls-zoomin").click();
  await browser.$(".sidebar .problems .link").click();
  await browser.$("#node-title").waitForExist({ timeout: 5000 });
  await browser.$(".react-flow__controls-fitview").click();
  const responsive = Date.now() - t0;
  console.log(`     300 nodes: launch to all drawn ${loaded} ms, auto-layout ${laidOut} ms, zoom + select + fit ${responsive} ms`);
  await shot("editor-300-nodes");
  // Back to the file as opened, so that closing the window asks nothing.
  await browser.$("#undo").click();
  await browser.waitUntil(async () => !(await browser.$("#undo").isEnabled()), { timeout: 5000 });
  assert.equal(await nodeCount(), 300);
  },
  { args: [workspace, file] },
);

await finish();
