// Editing on the canvas: the palette, property forms, the scenario's settings, auto-layout, copy and
// paste, connecting by dragging, multi-select, with undo and redo. Each test starts and ends on the
// start screen with nothing unsaved.
import assert from "node:assert/strict";
import { browser, viewSettled, drag, fill, finish, nodeCount, openTemplate, press, seedWorkspace, shot, test, toStart } from "../harness.mjs";
import { editor } from "../pages.mjs";

seedWorkspace();

await test("a node added from the palette is marked by validation, edited, undone and redone", async () => {
  await openTemplate("welcome", 11);
  await press('.palette-item[data-kind="wait"]');
  await browser.waitUntil(async () => (await nodeCount()) === 12, { timeout: 5000 });
  // Not connected: the engine reports it, and the node carries a marker.
  await browser.waitUntil(async () => (await browser.$("#problem-count").getText()) !== "問題はありません", {
    timeout: 5000,
    timeoutMsg: "no problem reported for an unconnected node",
  });
  await browser.$('.react-flow__node[data-id="wait"] .marker').waitForExist({ timeout: 5000 });
  // The new node is selected; its title is edited in the property panel.
  await browser.$("#node-title").setValue("確認を待つ");
  await browser.waitUntil(
    async () => (await browser.$('.react-flow__node[data-id="wait"] .step-title').getText()) === "確認を待つ",
    { timeout: 5000 },
  );
  await shot("editor-properties");
  // Undo the title and the node; the problem goes away. Redo brings both back.
  await editor.undo();
  await editor.undo();
  await browser.waitUntil(async () => (await nodeCount()) === 11, { timeout: 5000 });
  await editor.waitForProblemCount("問題はありません");
  await editor.redo();
  // Ctrl+Y redoes as well as Ctrl+Shift+Z (focus on the canvas, not in a form field).
  await browser.$(".react-flow__pane").click({ x: -300, y: -330 });
  await browser.keys(["Control", "y"]);
  await browser.waitUntil(async () => (await nodeCount()) === 12, { timeout: 5000 });
  await browser.waitUntil(
    async () => (await browser.$('.react-flow__node[data-id="wait"] .step-title').getText()) === "確認を待つ",
    { timeout: 5000, timeoutMsg: "Ctrl+Y did not redo the title" },
  );
  // The minimap can be put away, and brought back.
  await press("#minimap-toggle");
  await browser.$(".react-flow__minimap").waitForExist({ reverse: true, timeout: 5000 });
  await press("#minimap-toggle");
  await browser.$(".react-flow__minimap").waitForExist({ timeout: 5000 });
  // Back to the template as it opened: nothing unsaved, so leaving asks nothing.
  await editor.undo();
  await editor.undo();
  await browser.waitUntil(async () => (await nodeCount()) === 11, { timeout: 5000 });
  await toStart(".sidebar .link");
});

await test("a number no scenario means, typed in a form, is reported by the engine with its place", async () => {
  await openTemplate("dormant", 9);
  await editor.click("trigger");
  await browser.$("#inactive-days").waitForExist({ timeout: 5000 });
  // Ten thousand years without activity: beyond what any scenario means.
  await browser.$("#inactive-days").setValue("3650000");
  await browser.waitUntil(
    async () => (await browser.$$(".problems li.error")).length > 0,
    { timeout: 5000, timeoutMsg: "no error for a wait of ten thousand years" },
  );
  const said = await browser.$(".problems li.error").getText();
  assert.ok(said.includes("3650日（10年）以内") && said.includes("「90日間反応なし」の日数"), said);
  // The value's place in the file is a detail for whoever edits the JSON, beside the message.
  assert.equal(await browser.$(".problems li.error button").getAttribute("title"), "trigger · nodes[0].kind.event.days");
  await shot("editor-value-out-of-range");
  await editor.undo();
  await browser.waitUntil(async () => (await browser.$$(".problems li.error")).length === 0, { timeout: 5000 });
  await toStart();
});

await test("the property form edits a node's settings and the engine's summary follows", async () => {
  await openTemplate("dormant", 9);
  await editor.click("trigger");
  await browser.$("#inactive-days").waitForExist({ timeout: 5000 });
  assert.equal(await browser.$("#node-summary").getText(), "90日間反応なし");
  await browser.$("#inactive-days").setValue("60");
  await browser.waitUntil(async () => (await browser.$("#node-summary").getText()) === "60日間反応なし", {
    timeout: 5000,
    timeoutMsg: "the summary did not follow the form",
  });
  await shot("editor-trigger-form");
  await editor.undo();
  await browser.waitUntil(async () => (await browser.$("#node-summary").getText()) === "90日間反応なし", { timeout: 5000 });
  // A wait-until picks the mail it waits on from the scenario's mails, by title.
  await editor.click("wait_click_1");
  const picked = await browser.$("#email-pick option:checked").getText();
  assert.ok(picked.includes("mail_comeback") && picked.startsWith("①"), picked);
  await toStart();
});

await test("a hand-off whose own threshold is above the score condition before it is warned of at the node", async () => {
  await openTemplate("post-download", 13);
  // The template's hand-off hands off at 100, as its condition before it asks: no problem.
  assert.match(await editor.node("handoff").$(".step-summary").getProperty("textContent"), /スコア ≥ 100/);
  await editor.click("mql_check");
  await fill(".expr.depth-0 input[type=number]", "60");
  await editor.waitForProblemCount("問題 1 件", "no warning for a hand-off above its condition");
  const said = await browser.$(".sidebar .problems").getText();
  assert.match(said, /「インサイドセールスへ引き渡し」はスコア 100 以上で引き渡しますが、手前の「スコア100以上？」はスコア 60 以上/);
  await editor.node("handoff").$(".marker").waitForExist({ timeout: 5000 });
  await shot("editor-handoff-threshold");
  // The hand-off's own threshold brought down to the condition's: the two agree, but now the
  // workspace's MQL threshold (100) and the hand-off do not.
  await editor.click("handoff");
  await fill("#handoff-threshold", "60");
  await browser.waitUntil(async () => /MQL 閾値は 100/.test(await browser.$(".sidebar .problems").getText()), {
    timeout: 5000,
    timeoutMsg: "no warning for a hand-off at another score than the workspace's MQL threshold",
  });
  assert.equal(await editor.problemCount(), "問題 1 件");
  await editor.undo();
  await editor.undo();
  await editor.waitForProblemCount("問題はありません");
  await toStart();
});

await test("the scenario's settings form: removing the segment raises the engine's warning", async () => {
  await openTemplate("welcome", 11);
  assert.equal(await browser.$("#scenario-name").getValue(), "ウェルカム");
  await browser.$("#segment-toggle").click();
  await browser.waitUntil(async () => (await browser.$("#problem-count").getText()) === "問題 1 件", {
    timeout: 5000,
    timeoutMsg: "no warning for the missing segment",
  });
  assert.match(await browser.$(".sidebar .problems").getText(), /セグメント/);
  await shot("editor-scenario-settings");
  await editor.undo();
  await editor.waitForProblemCount("問題はありません");
  await toStart();
});

await test("auto-layout rearranges the canvas as one undoable step", async () => {
  await openTemplate("post-webinar", 11);
  const trigger = browser.$('.react-flow__node[data-id="trigger"]');
  const before = await trigger.getAttribute("style");
  await browser.$("#layout").click();
  await browser.waitUntil(async () => (await trigger.getAttribute("style")) !== before, { timeout: 5000 });
  assert.equal(await nodeCount(), 11);
  await browser.$(".react-flow__controls-fitview").click();
  await viewSettled();
  await shot("editor-auto-layout");
  await editor.undo();
  await browser.waitUntil(async () => (await trigger.getAttribute("style")) === before, { timeout: 5000 });
  await toStart();
});

await test("copy and paste a node, and the shortcut list", async () => {
  await openTemplate("welcome", 11);
  await editor.click("score_up");
  await browser.keys(["Control", "c"]);
  await browser.keys(["Control", "v"]);
  await browser.waitUntil(async () => (await nodeCount()) === 12, { timeout: 5000 });
  assert.equal(await browser.$("#node-title").getValue(), "スコア +10");
  await browser.keys(["?"]);
  await browser.$("#shortcuts").waitForDisplayed({ timeout: 5000 });
  await shot("editor-shortcuts");
  await browser.keys(["Escape"]);
  await browser.$("#shortcuts").waitForDisplayed({ reverse: true, timeout: 5000 });
  await editor.undo();
  await browser.waitUntil(async () => (await nodeCount()) === 11, { timeout: 5000 });
  await toStart();
});

await test("a blank scenario: a wait and a mail from the palette connected by dragging from exit to entry", async () => {
  await browser.$("#new-scenario").click();
  const count = async (selector) => (await browser.$$(selector)).length;
  await browser.waitUntil(async () => (await count(".react-flow__node")) === 1, { timeout: 5000 });
  await press('.palette-item[data-kind="wait"]');
  await browser.waitUntil(async () => (await count(".react-flow__node")) === 2, { timeout: 5000 });
  await browser.$(".react-flow__controls-fitview").click();
  await viewSettled();
  await drag(
    browser.$('.react-flow__node[data-id="trigger"] .react-flow__handle.source'),
    browser.$('.react-flow__node[data-id="wait"] .react-flow__handle.target'),
  );
  await browser.waitUntil(async () => (await count(".react-flow__edge")) === 1, {
    timeout: 5000,
    timeoutMsg: "the drag did not connect the trigger to the wait",
  });
  // Connected: the engine no longer reports the trigger's open exit.
  await browser.waitUntil(async () => !(await browser.$(".sidebar .problems").getText()).includes("「trigger」の出力"), {
    timeout: 5000,
  });
  // Then a mail after the wait.
  await press('.palette-item[data-kind="send_email"]');
  await browser.waitUntil(async () => (await count(".react-flow__node")) === 3, { timeout: 5000 });
  // The whole graph in view, then smaller, away from the pane's corners (the minimap covers the
  // lower right one, and a node added at the view's centre can push the others there). Each
  // step once the view has taken the one before: React Flow fits the view with its next render,
  // so a zoom clicked before that was undone by the fit (once in ten fresh-clone runs).
  for (const control of ["fitview", "zoomout", "zoomout"]) {
    await browser.$(`.react-flow__controls-${control}`).click();
    await viewSettled();
  }
  await drag(
    browser.$('.react-flow__node[data-id="wait"] .react-flow__handle.source'),
    browser.$('.react-flow__node[data-id="send_email"] .react-flow__handle.target'),
  );
  await browser.waitUntil(async () => (await count(".react-flow__edge")) === 2, {
    timeout: 5000,
    timeoutMsg: "the drag did not connect the wait to the mail",
  });
  await shot("editor-connected");
  await editor.undo();
  await editor.undo();
  await browser.waitUntil(async () => (await count(".react-flow__node")) === 2, { timeout: 5000 });
  await editor.undo();
  await browser.waitUntil(async () => (await count(".react-flow__edge")) === 0, { timeout: 5000 });
  await editor.undo();
  await browser.waitUntil(async () => (await count(".react-flow__node")) === 1, { timeout: 5000 });
  // Undo whatever is left, so that leaving asks nothing.
  for (let i = 0; i < 10 && (await browser.$("#undo").isEnabled()); i++) await editor.undo();
  await toStart();
});

await test("Ctrl+click selects several nodes: they are deleted together and undo brings them back", async () => {
  await openTemplate("welcome", 11);
  // Two nodes near the top, both in view as the scenario opens.
  await editor.click("wait_3d");
  const other = browser.$('.react-flow__node[data-id="mail_tips"]');
  const at = await other.getLocation();
  const size = await other.getSize();
  const [x, y] = [Math.round(at.x + size.width / 2), Math.round(at.y + size.height / 2)];
  await browser.performActions([
    // Ctrl is held a moment before the click: React Flow notices the key on a later render.
    {
      type: "key",
      id: "keyboard",
      actions: [
        { type: "keyDown", value: "\uE009" },
        { type: "pause", duration: 200 },
        { type: "pause", duration: 0 },
        { type: "pause", duration: 0 },
        { type: "keyUp", value: "\uE009" },
      ],
    },
    {
      type: "pointer",
      id: "mouse",
      parameters: { pointerType: "mouse" },
      actions: [
        { type: "pointerMove", duration: 0, x, y },
        { type: "pause", duration: 200 },
        { type: "pointerDown", button: 0 },
        { type: "pointerUp", button: 0 },
        { type: "pause", duration: 0 },
      ],
    },
  ]);
  await browser.releaseActions();
  await browser.$("#multi-selection").waitForExist({ timeout: 5000 });
  assert.equal(await browser.$("#multi-selection h3").getText(), "2 個のノードを選択中");
  assert.equal((await browser.$$(".react-flow__node.selected")).length, 2);
  await shot("editor-multi-select");
  await browser.keys(["Delete"]);
  await browser.waitUntil(async () => (await nodeCount()) === 9, { timeout: 5000, timeoutMsg: "both nodes were not deleted" });
  await editor.undo();
  await browser.waitUntil(async () => (await nodeCount()) === 11, { timeout: 5000 });
  await toStart();
});

await finish();
