// End-to-end tests of the real desktop app: tauri-driver (with WebKitWebDriver) drives the app's
// window under Xvfb. Run by scripts/e2e.sh: `node ui/e2e/run.mjs APP_BINARY`. With SCREENSHOTS=DIR
// it also saves the screens it visits into DIR.
import { spawn, spawnSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import assert from "node:assert/strict";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { remote } from "webdriverio";
import { fill as setInput } from "./input.mjs";

const application = path.resolve(process.argv[2] ?? "target/debug/scenario-studio-app");
const shots = process.env.SCREENSHOTS;
// A fresh workspace file, given to the app on its command line (it creates it).
const workspace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "studio-e2e-")), "e2e.scenario-ws");

async function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("connect", () => (socket.end(), resolve(true)));
    socket.on("error", () => resolve(false));
  });
}

// tauri-driver in its own process group, so that it and WebKitWebDriver end together.
// Exports go into this folder without a save dialog (the app's automation setting): the native
// dialog cannot be driven.
const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-export-"));
const driver = spawn("tauri-driver", [], {
  stdio: ["ignore", "inherit", "inherit"],
  detached: true,
  env: { ...process.env, SCENARIO_STUDIO_EXPORT_DIR: exportDir },
});
const stopDriver = () => {
  try {
    process.kill(-driver.pid, "SIGTERM");
  } catch {}
};
process.on("exit", stopDriver);

let failures = 0;
async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failures += 1;
    console.log(`FAIL ${name}: ${e.stack ?? e}`);
    if (shots) await browser.saveScreenshot(path.join(shots, `FAILED-${failures}.png`)).catch(() => {});
  }
}

for (let i = 0; i < 100 && !(await portOpen(4444)); i++) await sleep(100);
const launch = () =>
  remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "error",
    capabilities: { "tauri:options": { application, args: [workspace] } },
  });
const launched = Date.now();
let browser = await launch();

const fill = (selector, value) => setInput(browser, selector, value);

/** Scrolls `container` so that `target` is at its top (WebDriver's own scrolling does not reach
 * inside a scrolling element in WebKitWebDriver). */
async function scrollTo(container, target) {
  await browser.execute(
    (container, target) => {
      const box = document.querySelector(container);
      // Below a header that stays in view, if the container has one.
      const header = box.querySelector(".sticky-head")?.getBoundingClientRect().height ?? 0;
      box.scrollTop += document.querySelector(target).getBoundingClientRect().top - box.getBoundingClientRect().top - header;
    },
    container,
    target,
  );
  await browser.pause(100);
}

async function shot(name) {
  if (shots) await browser.saveScreenshot(path.join(shots, `${name}.png`));
}

try {
  await test("the start screen lists the four templates in Japanese", async () => {
    await browser.waitUntil(async () => (await browser.$$(".card")).length === 4, { timeout: 10000 });
    console.log(`     start screen interactive ${Date.now() - launched} ms after launch`);
    const heading = await browser.$("h2").getText();
    assert.equal(heading, "テンプレートから始める");
    const names = await browser.$$(".card-name").map((c) => c.getText());
    assert.deepEqual(names.sort(), ["ウェビナー後フォロー", "ウェルカム", "休眠掘り起こし", "資料DL後フォロー"].sort());
    await shot("start-ja");
  });

  for (const [key, count] of [["welcome", 11], ["post-download", 13], ["post-webinar", 11], ["dormant", 9]]) {
    await test(`the ${key} template opens on the canvas with its ${count} nodes and no problems`, async () => {
      await browser.$(`.card[data-template="${key}"]`).click();
      await browser.waitUntil(async () => (await browser.$$(".react-flow__node")).length === count, {
        timeout: 10000,
        timeoutMsg: `expected ${count} nodes`,
      });
      await browser.waitUntil(async () => (await browser.$$(".react-flow__edge")).length > 0, { timeout: 10000 });
      assert.equal(await browser.$(".sidebar h3").getText(), "問題はありません");
      await shot(`editor-${key}`);
      await browser.$(".sidebar .link").click();
      await browser.$(".card").waitForExist({ timeout: 5000 });
    });
  }

  await test("nodes show the engine's one-line summary of their settings", async () => {
    await browser.$('.card[data-template="dormant"]').click();
    try {
      await browser.$(".react-flow__node").waitForExist({ timeout: 10000 });
      const summaries = await browser.$$(".step-summary").map((e) => e.getProperty("textContent"));
      assert.ok(
        summaries.includes("メール mail_comeback のクリックを待つ（最長 7日）"),
        JSON.stringify(summaries),
      );
    } finally {
      await browser.$(".sidebar .link").click();
      await browser.$(".card").waitForExist({ timeout: 5000 });
    }
  });

  await test("a node added from the palette is marked by validation, edited, undone and redone", async () => {
    await browser.$('.card[data-template="welcome"]').click();
    try {
      const count = async () => (await browser.$$(".react-flow__node")).length;
      await browser.waitUntil(async () => (await count()) === 11, { timeout: 10000 });
      await browser.$('.palette-item[data-kind="wait"]').click();
      await browser.waitUntil(async () => (await count()) === 12, { timeout: 5000 });
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
      await browser.$("#undo").click();
      await browser.$("#undo").click();
      await browser.waitUntil(async () => (await count()) === 11, { timeout: 5000 });
      await browser.waitUntil(async () => (await browser.$("#problem-count").getText()) === "問題はありません", {
        timeout: 5000,
      });
      await browser.$("#redo").click();
      await browser.$("#redo").click();
      await browser.waitUntil(async () => (await count()) === 12, { timeout: 5000 });
      assert.equal(await browser.$('.react-flow__node[data-id="wait"] .step-title').getText(), "確認を待つ");
      // Back to the template as it opened: nothing unsaved, so leaving asks nothing.
      await browser.$("#undo").click();
      await browser.$("#undo").click();
      await browser.waitUntil(async () => (await count()) === 11, { timeout: 5000 });
    } finally {
      await browser.$(".sidebar .link").click();
      await browser.$(".card").waitForExist({ timeout: 5000 });
    }
  });

  await test("the property form edits a node's settings and the engine's summary follows", async () => {
    await browser.$('.card[data-template="dormant"]').click();
    try {
      await browser.$('.react-flow__node[data-id="trigger"]').waitForExist({ timeout: 10000 });
      await browser.$('.react-flow__node[data-id="trigger"]').click();
      await browser.$("#inactive-days").waitForExist({ timeout: 5000 });
      assert.equal(await browser.$("#node-summary").getText(), "90日間反応なし");
      await browser.$("#inactive-days").setValue("60");
      await browser.waitUntil(async () => (await browser.$("#node-summary").getText()) === "60日間反応なし", {
        timeout: 5000,
        timeoutMsg: "the summary did not follow the form",
      });
      await shot("editor-trigger-form");
      await browser.$("#undo").click();
      await browser.waitUntil(async () => (await browser.$("#node-summary").getText()) === "90日間反応なし", { timeout: 5000 });
      // A wait-until picks the mail it waits on from the scenario's mails, by title.
      await browser.$('.react-flow__node[data-id="wait_click_1"]').click();
      const picked = await browser.$("#email-pick option:checked").getText();
      assert.ok(picked.includes("mail_comeback") && picked.startsWith("①"), picked);
    } finally {
      await browser.$("#back").click();
      await browser.$(".card").waitForExist({ timeout: 5000 });
    }
  });

  await test("the scenario's settings form: removing the segment raises the engine's warning", async () => {
    await browser.$('.card[data-template="welcome"]').click();
    try {
      await browser.$("#segment-toggle").waitForExist({ timeout: 10000 });
      assert.equal(await browser.$("#scenario-name").getValue(), "ウェルカム");
      await browser.$("#segment-toggle").click();
      await browser.waitUntil(async () => (await browser.$("#problem-count").getText()) === "問題 1 件", {
        timeout: 5000,
        timeoutMsg: "no warning for the missing segment",
      });
      assert.match(await browser.$(".sidebar .problems").getText(), /セグメント/);
      await shot("editor-scenario-settings");
      await browser.$("#undo").click();
      await browser.waitUntil(async () => (await browser.$("#problem-count").getText()) === "問題はありません", { timeout: 5000 });
    } finally {
      await browser.$("#back").click();
      await browser.$(".card").waitForExist({ timeout: 5000 });
    }
  });

  await test("auto-layout rearranges the canvas as one undoable step", async () => {
    await browser.$('.card[data-template="post-webinar"]').click();
    try {
      const trigger = browser.$('.react-flow__node[data-id="trigger"]');
      await trigger.waitForExist({ timeout: 10000 });
      const before = await trigger.getAttribute("style");
      await browser.$("#layout").click();
      await browser.waitUntil(async () => (await trigger.getAttribute("style")) !== before, { timeout: 5000 });
      assert.equal((await browser.$$(".react-flow__node")).length, 11);
      await browser.$(".react-flow__controls-fitview").click();
      await shot("editor-auto-layout");
      await browser.$("#undo").click();
      await browser.waitUntil(async () => (await trigger.getAttribute("style")) === before, { timeout: 5000 });
    } finally {
      await browser.$("#back").click();
      await browser.$(".card").waitForExist({ timeout: 5000 });
    }
  });

  await test("copy and paste a node, and the shortcut list", async () => {
    await browser.$('.card[data-template="welcome"]').click();
    try {
      const count = async () => (await browser.$$(".react-flow__node")).length;
      await browser.waitUntil(async () => (await count()) === 11, { timeout: 10000 });
      await browser.$('.react-flow__node[data-id="score_up"]').click();
      await browser.keys(["Control", "c"]);
      await browser.keys(["Control", "v"]);
      await browser.waitUntil(async () => (await count()) === 12, { timeout: 5000 });
      assert.equal(await browser.$("#node-title").getValue(), "スコア +10");
      await browser.keys(["?"]);
      await browser.$("#shortcuts").waitForDisplayed({ timeout: 5000 });
      await shot("editor-shortcuts");
      await browser.keys(["Escape"]);
      await browser.$("#shortcuts").waitForDisplayed({ reverse: true, timeout: 5000 });
      await browser.$("#undo").click();
      await browser.waitUntil(async () => (await count()) === 11, { timeout: 5000 });
    } finally {
      await browser.$("#back").click();
      await browser.$(".card").waitForExist({ timeout: 5000 });
    }
  });

  await test("a blank scenario: a wait and a mail from the palette connected by dragging from exit to entry", async () => {
    await browser.$("#new-scenario").click();
    try {
      const count = async (selector) => (await browser.$$(selector)).length;
      await browser.waitUntil(async () => (await count(".react-flow__node")) === 1, { timeout: 5000 });
      await browser.$('.palette-item[data-kind="wait"]').click();
      await browser.waitUntil(async () => (await count(".react-flow__node")) === 2, { timeout: 5000 });
      await browser.$(".react-flow__controls-fitview").click();
      const drag = async (from, to) => {
        const a = await from.getLocation();
        const as = await from.getSize();
        const b = await to.getLocation();
        const bs = await to.getSize();
        const [x0, y0] = [Math.round(a.x + as.width / 2), Math.round(a.y + as.height / 2)];
        const [x1, y1] = [Math.round(b.x + bs.width / 2), Math.round(b.y + bs.height / 2)];
        const moves = [];
        for (let i = 1; i <= 8; i++) {
          moves.push({ type: "pointerMove", duration: 30, x: Math.round(x0 + ((x1 - x0) * i) / 8), y: Math.round(y0 + ((y1 - y0) * i) / 8) });
        }
        await browser.performActions([
          {
            type: "pointer",
            id: "mouse",
            parameters: { pointerType: "mouse" },
            actions: [
              { type: "pointerMove", duration: 0, x: x0, y: y0 },
              { type: "pointerDown", button: 0 },
              { type: "pause", duration: 100 },
              ...moves,
              { type: "pause", duration: 100 },
              { type: "pointerUp", button: 0 },
            ],
          },
        ]);
        await browser.releaseActions();
      };
      const exit = browser.$('.react-flow__node[data-id="trigger"] .react-flow__handle.source');
      const entry = browser.$('.react-flow__node[data-id="wait"] .react-flow__handle.target');
      // Fitting the view may animate: let it settle before the pointer goes down.
      await browser.pause(300);
      await drag(exit, entry);
      await browser.waitUntil(async () => (await count(".react-flow__edge")) === 1, {
        timeout: 5000,
        timeoutMsg: "the drag did not connect the trigger to the wait",
      });
      // Connected: the engine no longer reports the trigger's open exit.
      await browser.waitUntil(async () => !(await browser.$(".sidebar .problems").getText()).includes("「trigger」の出力"), {
        timeout: 5000,
      });
      // Then a mail after the wait.
      await browser.$('.palette-item[data-kind="send_email"]').click();
      await browser.waitUntil(async () => (await count(".react-flow__node")) === 3, { timeout: 5000 });
      await browser.$(".react-flow__controls-fitview").click();
      await browser.pause(300);
      await drag(
        browser.$('.react-flow__node[data-id="wait"] .react-flow__handle.source'),
        browser.$('.react-flow__node[data-id="send_email"] .react-flow__handle.target'),
      );
      await browser.waitUntil(async () => (await count(".react-flow__edge")) === 2, {
        timeout: 5000,
        timeoutMsg: "the drag did not connect the wait to the mail",
      });
      await shot("editor-connected");
      await browser.$("#undo").click();
      await browser.$("#undo").click();
      await browser.waitUntil(async () => (await count(".react-flow__node")) === 2, { timeout: 5000 });
      await browser.$("#undo").click();
      await browser.waitUntil(async () => (await count(".react-flow__edge")) === 0, { timeout: 5000 });
      await browser.$("#undo").click();
      await browser.waitUntil(async () => (await count(".react-flow__node")) === 1, { timeout: 5000 });
    } finally {
      // Undo whatever is left, so that leaving asks nothing.
      for (let i = 0; i < 10 && (await browser.$("#undo").isEnabled()); i++) await browser.$("#undo").click();
      await browser.$("#back").click();
      await browser.$(".card").waitForExist({ timeout: 5000 });
    }
  });

  await test("switching to English and back translates the screens", async () => {
    await browser.$("#language").selectByAttribute("value", "en");
    await browser.waitUntil(async () => (await browser.$("h2").getText()) === "Start from a template", { timeout: 5000 });
    await shot("start-en");
    await browser.$('.card[data-template="welcome"]').click();
    await browser.$(".react-flow__node").waitForExist({ timeout: 10000 });
    assert.equal(await browser.$(".sidebar h3").getText(), "No problems");
    assert.equal(await browser.$(".sidebar .link").getText(), "← Start screen");
    await browser.$(".sidebar .link").click();
    await browser.$("#language").selectByAttribute("value", "ja");
    await browser.waitUntil(async () => (await browser.$("h2").getText()) === "テンプレートから始める", { timeout: 5000 });
  });
  await test("a scenario saved with a change note is there unchanged after the app restarts", async () => {
    assert.equal(await browser.$("#workspace-name").getText(), "ワークスペース: e2e.scenario-ws");
    await browser.$('.card[data-template="post-download"]').click();
    const count = async () => (await browser.$$(".react-flow__node")).length;
    await browser.waitUntil(async () => (await count()) === 13, { timeout: 10000 });
    await browser.$('.palette-item[data-kind="end"]').click();
    await browser.waitUntil(async () => (await count()) === 14, { timeout: 5000 });
    await browser.waitUntil(async () => (await browser.getTitle()).endsWith("資料DL後フォロー *"), { timeout: 5000 });
    await browser.$("#save-note").setValue("e2e: 終了ノードを追加");
    await browser.$("#save").click();
    await browser.waitUntil(async () => (await browser.$("#save-state").getText()) === "保存済み", { timeout: 5000 });
    assert.equal(await browser.getTitle(), "Scenario Studio — e2e.scenario-ws — 資料DL後フォロー");
    await browser.$("#back").click();
    await browser.$('[data-scenario="post-download"]').waitForExist({ timeout: 5000 });
    // Close the app and start it again on the same workspace.
    await browser.deleteSession();
    browser = await launch();
    await browser.$('[data-scenario="post-download"]').waitForExist({ timeout: 10000 });
    await browser.$('[data-scenario="post-download"]').click();
    await browser.waitUntil(async () => (await count()) === 14, { timeout: 10000 });
    assert.equal(await browser.$("#save-state").getText(), "保存済み");
    await shot("editor-saved");
    await browser.$("#back").click();
    // Duplicated: a draft copy beside it.
    await browser.$('[data-duplicate="post-download"]').click();
    await browser.$('[data-scenario="post-download-copy"]').waitForExist({ timeout: 5000 });
    assert.equal(await browser.$('[data-scenario="post-download-copy"]').getText(), "資料DL後フォロー（コピー）");
    // A blank scenario: only a trigger, and the engine asks for the rest.
    await browser.$("#new-scenario").click();
    await browser.waitUntil(async () => (await count()) === 1, { timeout: 5000 });
    assert.equal(await browser.$("#scenario-name").getValue(), "新しいシナリオ");
    await browser.$("#back").click();
    await browser.$(".card").waitForExist({ timeout: 5000 });
  });
  await test("Ctrl+click selects several nodes: they are deleted together and undo brings them back", async () => {
    await browser.$('.card[data-template="welcome"]').click();
    try {
      const count = async () => (await browser.$$(".react-flow__node")).length;
      await browser.waitUntil(async () => (await count()) === 11, { timeout: 10000 });
      // Two nodes in the middle of the canvas (the minimap covers its lower right corner).
      await browser.$('.react-flow__node[data-id="wait_3d"]').click();
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
      await browser.waitUntil(async () => (await count()) === 9, { timeout: 5000, timeoutMsg: "both nodes were not deleted" });
      await browser.$("#undo").click();
      await browser.waitUntil(async () => (await count()) === 11, { timeout: 5000 });
    } finally {
      await browser.$("#back").click();
      await browser.$(".card").waitForExist({ timeout: 5000 });
    }
  });

  await test("the sidebar lists the workspace's scenarios: switch, rename, and new", async () => {
    await browser.$('[data-scenario="post-download"]').click();
    await browser.$('.scenario-list [data-row="post-download-copy"]').waitForExist({ timeout: 10000 });
    // Rename another scenario in place: stored at once as a new version.
    await browser.$('[data-rename="post-download-copy"]').click();
    const input = browser.$(".scenario-list input.rename");
    await input.waitForExist({ timeout: 5000 });
    // The name is selected when the field opens: typing replaces it (setValue would clear the
    // field through WebDriver, which blurs it and so ends the rename).
    await input.addValue("資料DL後フォロー B案");
    await browser.keys(["Enter"]);
    await browser.waitUntil(
      // textContent: WebDriver's visible-text rule misjudges text inside the scrolling list.
      async () => (await browser.$('[data-switch="post-download-copy"]').getProperty("textContent")) === "資料DL後フォロー B案",
      { timeout: 5000 },
    );
    // Switch to it; the one left had no changes, so nothing is kept for it.
    await browser.$('[data-switch="post-download-copy"]').click();
    await browser.waitUntil(async () => (await browser.$(".scenario-name").getText()) === "資料DL後フォロー B案", { timeout: 5000 });
    await shot("editor-scenario-list");
    await browser.$("#back").click();
    await browser.$('[data-scenario="post-download-copy"]').waitForExist({ timeout: 5000 });
    assert.equal(await browser.$('[data-scenario="post-download-copy"]').getText(), "資料DL後フォロー B案");
    assert.match(await browser.$('[data-scenario="post-download-copy"]').parentElement().getText(), /2 版/);
  });

  await test("unsaved work is autosaved and offered back after the app is killed", async () => {
    await browser.$('[data-scenario="post-download"]').click();
    const count = async () => (await browser.$$(".react-flow__node")).length;
    await browser.waitUntil(async () => (await count()) === 14, { timeout: 10000 });
    // Rename the open scenario from the sidebar: an edit like any other, not yet saved.
    await browser.$('[data-rename="post-download"]').click();
    await browser.$(".scenario-list input.rename").waitForExist({ timeout: 5000 });
    await browser.$(".scenario-list input.rename").addValue("資料DL後フォロー（改）");
    await browser.keys(["Enter"]);
    await browser.$('.palette-item[data-kind="end"]').click();
    await browser.waitUntil(async () => (await count()) === 15, { timeout: 5000 });
    await browser.waitUntil(async () => (await browser.getTitle()).endsWith("資料DL後フォロー（改） *"), { timeout: 5000 });
    await browser.$("#autosaved").waitForExist({ timeout: 10000, timeoutMsg: "no draft was autosaved" });
    // The app dies without a chance to ask anything.
    spawnSync("pkill", ["-KILL", "-f", application]);
    await browser.deleteSession().catch(() => {});
    browser = await launch();
    const row = browser.$('[data-scenario="post-download"]');
    await row.waitForExist({ timeout: 10000 });
    assert.match(await row.parentElement().getText(), /下書きあり/);
    await row.click();
    await browser.$("#draft-offer").waitForExist({ timeout: 10000 });
    assert.equal(await count(), 14);
    await shot("editor-draft-offer");
    await browser.$("#restore-draft").click();
    await browser.waitUntil(async () => (await count()) === 15, { timeout: 5000 });
    assert.equal(await browser.$(".scenario-name").getText(), "資料DL後フォロー（改）");
    // Saving it ends the draft.
    await browser.$("#save-note").setValue("e2e: 下書きから復元");
    await browser.$("#save").click();
    await browser.waitUntil(async () => (await browser.$("#save-state").getText()) === "保存済み", { timeout: 5000 });
    await browser.$("#back").click();
    await row.waitForExist({ timeout: 5000 });
    assert.doesNotMatch(await row.parentElement().getText(), /下書きあり/);
  });

  await test("a never-saved scenario left in the editor waits on the start screen as a draft", async () => {
    await browser.$("#new-scenario").click();
    const count = async () => (await browser.$$(".react-flow__node")).length;
    await browser.waitUntil(async () => (await count()) === 1, { timeout: 5000 });
    const id = await browser.$(".scenario-list li.current").getAttribute("data-row");
    await browser.$('.palette-item[data-kind="wait"]').click();
    await browser.waitUntil(async () => (await count()) === 2, { timeout: 5000 });
    await browser.$("#back").click();
    const draft = browser.$(`#unsaved-drafts [data-draft="${id}"]`);
    await draft.waitForExist({ timeout: 5000 });
    await shot("start-drafts");
    await draft.click();
    await browser.waitUntil(async () => (await count()) === 2, { timeout: 10000 });
    assert.equal(await browser.$("#save-state").getText(), "未保存の変更があります");
    await browser.$("#save").click();
    await browser.waitUntil(async () => (await browser.$("#save-state").getText()) === "保存済み", { timeout: 5000 });
    await browser.$("#back").click();
    await browser.$(`[data-scenario="${id}"]`).waitForExist({ timeout: 5000 });
    assert.equal(await browser.$("#unsaved-drafts").isExisting(), false);
  });

  await test("sample leads are generated, and a forecast of the edited scenario is overlaid on the canvas", async () => {
    await browser.$("#sample-count").setValue("2000");
    await browser.$("#sample-generate").click();
    await browser.waitUntil(async () => (await browser.$("#lead-count").getText()) === "リード 2,000 件", {
      timeout: 30000,
      timeoutMsg: "the sample leads were not generated",
    });
    await shot("start-sample-data");
    await browser.$('.card[data-template="welcome"]').click();
    await browser.$('.react-flow__node[data-id="trigger"]').waitForExist({ timeout: 10000 });
    await browser.$("#simulate").click();
    await browser.$("#sim-days").setValue("30");
    await browser.$("#sim-runs").setValue("3");
    const started = Date.now();
    await browser.$("#sim-run").click();
    await browser.$("#sim-results").waitForExist({ timeout: 60000, timeoutMsg: "no forecast came back" });
    console.log(`     forecast of 2,000 leads × 30 days × 3 runs (debug build): ${Date.now() - started} ms`);
    // Every node shows its leads; the trigger's are the enrolled figure of the panel.
    const count = async (id) =>
      Number((await browser.$(`.react-flow__node[data-id="${id}"] .sim-count`).getText()).replace(/[^0-9]/g, ""));
    const enrolled = await count("trigger");
    assert.ok(enrolled > 0, "nobody enrolled");
    const figure = await browser.$('tr[data-figure="enrolled"] td').getText();
    assert.equal(Number(figure.split("（")[0].replace(/[^0-9]/g, "")), enrolled);
    assert.ok((await count("mail_intro")) <= enrolled);
    // The condition's two exits carry their shares.
    const labels = await browser.$$(".react-flow__edge-text").map((e) => e.getProperty("textContent"));
    assert.ok(labels.some((l) => /^はい \d/.test(l)) && labels.some((l) => /^いいえ \d/.test(l)), JSON.stringify(labels));
    // The KPI panel: each target of the template with its forecast and verdict.
    const kpis = await browser.$$("#sim-kpis tr[data-kpi]").map((r) => r.getText());
    assert.ok(kpis.length >= 2, JSON.stringify(kpis));
    assert.ok(kpis.every((k) => /目標/.test(k) && /(目標未達|目標内|目標超過|データなし)$/.test(k)), JSON.stringify(kpis));
    await shot("editor-simulation");
    await browser.$('[data-tab="daily"]').click();
    await browser.$("#sim-panel .recharts-line").waitForExist({ timeout: 5000 });
    await shot("editor-simulation-daily");
    // An edit marks the results as those of the earlier version.
    await browser.$('.palette-item[data-kind="end"]').click();
    await browser.$(".sim-meta .badge").waitForExist({ timeout: 5000 });
    await browser.$("#undo").click();
    await browser.$("#back").click();
    await browser.$(".card").waitForExist({ timeout: 5000 });
  });

  await test("live estimates follow each edit, and on a workspace small enough to take whole they equal the full run", async () => {
    await browser.$('.card[data-template="welcome"]').click();
    await browser.$('.react-flow__node[data-id="trigger"]').waitForExist({ timeout: 10000 });
    await browser.$("#simulate").click();
    await browser.$("#sim-days").setValue("30");
    await browser.$("#sim-runs").setValue("1");
    await browser.$("#sim-live").click();
    await browser.$("#sim-estimate").waitForExist({ timeout: 20000, timeoutMsg: "no live estimate came back" });
    assert.match(await browser.$("#sim-estimate").getText(), /リード 2,000 件から 2,000 件の標本/);
    const count = async (id) => (await browser.$(`.react-flow__node[data-id="${id}"] .sim-count`).getText());
    const estimated = await count("trigger");
    assert.match(estimated, /^≈[\d,]+ 人$/);
    // An edit: the figures are marked as the earlier version's until the estimate of the new one
    // comes back, a moment after the edit.
    await browser.$('.palette-item[data-kind="end"]').click();
    await browser.waitUntil(async () => !(await browser.$(".sim-meta .badge").isExisting()) && (await browser.$("#sim-estimate").isExisting()), {
      timeout: 20000,
      timeoutMsg: "the estimate did not follow the edit",
    });
    await shot("editor-live-estimate");
    // The full forecast replaces the estimate; with every lead in the sample and the same seed,
    // the engine gives the same count.
    await browser.$("#sim-run").click();
    await browser.waitUntil(async () => !(await browser.$("#sim-estimate").isExisting()), { timeout: 60000 });
    assert.equal((await count("trigger")).replace(/[^0-9]/g, ""), estimated.replace(/[^0-9]/g, ""));
    await browser.$("#sim-live").click();
    await browser.$("#undo").click();
    await browser.$("#back").click();
    await browser.$(".card").waitForExist({ timeout: 5000 });
  });

  await test("a lead's trace lists its steps and walks its path on the canvas", async () => {
    await browser.$('.card[data-template="dormant"]').click();
    try {
      await browser.$('.react-flow__node[data-id="trigger"]').waitForExist({ timeout: 10000 });
      await browser.$("#simulate").click();
      await browser.$("#sim-days").setValue("120");
      await browser.$('[data-tab="trace"]').click();
      // The first sample lead that falls dormant in the window.
      let found = null;
      for (let lead = 1; lead <= 30 && !found; lead++) {
        await browser.$("#trace-lead").setValue(String(lead));
        await browser.$("#trace-run").click();
        await browser.waitUntil(
          async () => (await browser.$("#trace-label").isExisting()) && (await browser.$("#trace-label").getText()).startsWith(`#${lead} `),
          { timeout: 10000, timeoutMsg: `no trace of lead ${lead}` },
        );
        if (await browser.$("#trace-steps").isExisting()) found = lead;
      }
      assert.ok(found, "none of the first 30 leads entered the dormant scenario");
      const steps = await browser.$$("#trace-steps li").map((li) => li.getText());
      assert.match(steps[0], /到達|トリガー発火/);
      assert.equal(await browser.$("#trace-position").getText(), `1 / ${steps.length} 歩目`);
      // The first step is at the trigger; the next steps walk on, marking the path.
      await browser.$('.react-flow__node[data-id="trigger"] .step.trace-current').waitForExist({ timeout: 5000 });
      if (steps.length > 2) {
        await browser.$("#trace-next").click();
        await browser.$("#trace-next").click();
        assert.equal(await browser.$("#trace-position").getText(), `3 / ${steps.length} 歩目`);
        assert.ok((await browser.$$(".step.trace-visited")).length >= 1);
        assert.equal((await browser.$$(".step.trace-current")).length, 1);
      }
      await shot("editor-trace");
    } finally {
      await browser.$("#back").click();
      await browser.$(".card").waitForExist({ timeout: 5000 });
    }
  });

  await test("the diagnosis ranks the 15 items, takes a hand-given answer, and an evidence link opens its node", async () => {
    // Make the stored post-download scenario active, so the diagnosis judges it.
    await browser.$('[data-scenario="post-download"]').click();
    await browser.$("#scenario-status").waitForExist({ timeout: 10000 });
    await browser.$("#scenario-status").selectByAttribute("value", "active");
    await browser.$("#save-note").setValue("e2e: 稼働");
    await browser.$("#save").click();
    await browser.waitUntil(async () => (await browser.$("#save-state").getText()) === "保存済み", { timeout: 5000 });
    await browser.$("#back").click();
    await browser.$("#open-diagnosis").click();
    await browser.$("#diag-score").waitForExist({ timeout: 60000, timeoutMsg: "no diagnosis came back" });
    assert.match(await browser.$("#diag-score").getText(), /^15 項目中 \d+ 項目が「はい」$/);
    assert.equal((await browser.$$(".diag-item")).length, 15);
    await shot("diagnosis");
    // A hand-given answer to the dedicated-owner item is marked self-reported.
    await browser.$('[data-answer="dedicated_owner"]').selectByAttribute("value", "yes");
    await browser.$('[data-save-answer="dedicated_owner"]').click();
    await browser.waitUntil(
      async () => (await browser.$('[data-item="dedicated_owner"]').getText()).includes("自己申告"),
      { timeout: 30000, timeoutMsg: "the hand-given answer did not show" },
    );
    // The hand-off item links the notify-sales node; following it opens the scenario there.
    const link = browser.$('[data-item="handoff_timing"] [data-link-node="handoff"]');
    await link.waitForExist({ timeout: 5000 });
    await link.click();
    await browser.$("#node-title").waitForExist({ timeout: 10000 });
    assert.equal(await browser.$("#node-title").getValue(), "インサイドセールスへ引き渡し");
    assert.equal(await browser.$(".scenario-name").getText(), "資料DL後フォロー（改）");
    await browser.$("#back").click();
    await browser.$(".card").waitForExist({ timeout: 5000 });
  });

  await test("the export dialog writes BPMN, Mermaid, PNG, SVG and the forecast report", async () => {
    await browser.$('.card[data-template="welcome"]').click();
    try {
      await browser.$('.react-flow__node[data-id="trigger"]').waitForExist({ timeout: 10000 });
      await browser.$("#simulate").click();
      await browser.$("#sim-days").setValue("30");
      await browser.$("#sim-run").click();
      await browser.$("#sim-results").waitForExist({ timeout: 60000 });
      await browser.$("#export").click();
      const exported = async (kind, name) => {
        await browser.$(`[data-export-kind="${kind}"]`).click();
        await browser.waitUntil(async () => (await browser.$("#export-done").isExisting()) && (await browser.$("#export-done").getText()).includes(name), {
          timeout: 20000,
          timeoutMsg: `no ${kind} export`,
        });
        return fs.readFileSync(path.join(exportDir, name));
      };
      const bpmn = (await exported("bpmn", "welcome.bpmn")).toString();
      assert.match(bpmn, /<bpmn:definitions/);
      assert.match(bpmn, /ウェルカム/);
      assert.match((await exported("mermaid", "welcome.mmd")).toString(), /^flowchart/m);
      const png = await exported("png", "welcome.png");
      assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], "not a PNG");
      const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      assert.ok(w >= 400 && h >= 300 && png.length > 10000, `${w}×${h}, ${png.length} bytes`);
      const svg = (await exported("svg", "welcome.svg")).toString();
      assert.match(svg, /^<svg/);
      assert.match(svg, /ウェルカム|ご挨拶/);
      const report = (await exported("report", "welcome-forecast.html")).toString();
      assert.match(report, /Content-Security-Policy/);
      assert.match(report, /ウェルカム/);
      await shot("editor-export");
      await browser.keys(["Escape"]);
      await browser.$(".export-box").waitForExist({ reverse: true, timeout: 5000 });
    } finally {
      if (await browser.$("#export-close").isExisting()) await browser.$("#export-close").click();
      await browser.$("#back").click();
      await browser.$(".card").waitForExist({ timeout: 5000 });
    }
  });

  await test("a Japanese CSV in CP932 opens in the import wizard: detected, previewed, checked, then imported", async () => {
    const csv = path.resolve("tests/fixtures/import/generic-ja-cp932.csv");
    const before = await browser.$("#lead-count").getText();
    await browser.deleteSession();
    browser = await remote({
      hostname: "127.0.0.1",
      port: 4444,
      logLevel: "error",
      capabilities: { "tauri:options": { application, args: [workspace, csv] } },
    });
    await browser.$("#import-summary").waitForExist({ timeout: 20000, timeoutMsg: "the wizard did not read the file" });
    assert.equal(await browser.$("#import-encoding").getValue(), "cp932");
    const preview = await browser.$("#import-preview").getText();
    assert.match(preview, /㈱ミライ工業/);
    assert.match(preview, /髙島屋テック/);
    // Rows with problems are listed by line before anything is written.
    assert.match(await browser.$("#import-issues").getText(), /行目/);
    assert.equal(await browser.$("#lead-count").getText(), before);
    await shot("import-wizard");
    await browser.$("#import-commit").click();
    await browser.$("#import-done").waitForExist({ timeout: 20000 });
    assert.match(await browser.$("#import-done").getText(), /取り込みました: 新規 \d+ 件/);
    await browser.$("#import-close").click();
    await browser.waitUntil(async () => (await browser.$("#lead-count").getText()) !== before, { timeout: 5000 });
  });

  await test("the scoring settings re-count today's MQLs as the threshold changes, and save", async () => {
    await browser.$("#open-settings").click();
    const mql = async () => Number((await browser.$("#mql-preview p").getText()).match(/MQL: ([\d,]+)/)[1].replace(/,/g, ""));
    await browser.waitUntil(async () => (await browser.$("#mql-preview p").getText()).startsWith("今の MQL:"), { timeout: 20000 });
    await browser.$("#mql-threshold").setValue("40");
    await browser.waitUntil(async () => (await browser.$("#mql-preview p").getText()).includes("閾値 40"), { timeout: 20000 });
    const low = await mql();
    await browser.$("#mql-threshold").setValue("400");
    await browser.waitUntil(async () => (await browser.$("#mql-preview p").getText()).includes("閾値 400"), { timeout: 20000 });
    const high = await mql();
    assert.ok(high <= low, `a higher threshold gave more MQLs: ${high} > ${low}`);
    await shot("settings");
    // An impossible value is refused and names the field; nothing is saved.
    await browser.$("#half-life").setValue("0");
    await browser.$("#settings-save").click();
    await browser.$("#settings .sim-error").waitForExist({ timeout: 5000 });
    assert.match(await browser.$("#settings .sim-error").getText(), /half_life/);
    await browser.$("#half-life").setValue("90");
    await browser.$("#mql-threshold").setValue("100");
    await browser.$("#settings-save").click();
    await browser.waitUntil(async () => (await browser.$("#settings").getText()).includes("保存しました"), { timeout: 5000 });
    await browser.$("#settings .link").click();
    await browser.$(".card").waitForExist({ timeout: 5000 });
  });

  await test("the sales process and the send calendar are edited, checked by the engine, saved and read back", async () => {
    await browser.$("#open-settings").click();
    // The coming year's public holidays, from the engine's shipped list.
    await browser.waitUntil(async () => (await browser.$$("#public-holidays li")).length >= 10, { timeout: 10000 });
    assert.match(await browser.$("#public-holidays").getText(), /元日|天皇誕生日|文化の日/);
    assert.equal(await browser.$("#sales-win_rate").getValue(), "30");
    await fill("#sales-win_rate", "40");
    // Shortest after longest is refused, naming the field.
    await fill("#sales-accept_days-min", "9");
    await browser.$("#settings-save").click();
    await browser.waitUntil(async () => /sales\.accept_days/.test(await browser.$("#settings .sim-error").getProperty("textContent")), { timeout: 5000 });
    await fill("#sales-accept_days-min", "2");
    // A date input is given its value the way a picker would (WebDriver cannot type into one).
    await fill("#company-holiday-new", "2027-08-13");
    await browser.$("#company-holiday-add").click();
    await browser.waitUntil(async () => (await browser.$("#company-holidays").getText()).includes("2027-08-13"), { timeout: 5000 });
    await browser.$("#year-end-on").click();
    assert.equal(await browser.$("#year-end-from").isExisting(), false);
    // The workspace's own SFA value for a lost deal.
    await fill("#own-lost", "見込み薄");
    await browser.$("#settings-save").click();
    await browser.waitUntil(async () => (await browser.$("#settings").getProperty("textContent")).includes("保存しました"), { timeout: 5000 });
    // The SFA section explains each deal status and the SFA values read as it.
    const statuses = await browser.$$("#deal-statuses tbody tr").map((r) => r.getProperty("textContent"));
    assert.equal(statuses.length, 6, JSON.stringify(statuses));
    assert.ok(statuses.some((r) => r.startsWith("失注") && r.includes("closed lost")), JSON.stringify(statuses));
    await scrollTo("#settings", "#settings-calendar");
    await shot("settings-calendar-sfa");
    await scrollTo("#settings", "#settings-sales");
    await shot("settings-sales");
    await browser.$("#settings .link").click();
    await browser.$(".card").waitForExist({ timeout: 5000 });
    // Read back from the workspace.
    await browser.$("#open-settings").click();
    await browser.$("#sales-win_rate").waitForExist({ timeout: 5000 });
    assert.equal(await browser.$("#sales-win_rate").getValue(), "40");
    assert.equal(await browser.$("#sales-accept_days-min").getValue(), "2");
    assert.match(await browser.$("#company-holidays").getText(), /2027-08-13/);
    assert.equal(await browser.$("#year-end-on").isSelected(), false);
    assert.equal(await browser.$("#own-lost").getValue(), "見込み薄");
    await browser.$("#settings .link").click();
    await browser.$(".card").waitForExist({ timeout: 5000 });
  });

  await test("the leads screen charts the leads and finds one by search in a table that draws only what shows", async () => {
    await browser.$("#open-leads").click();
    await browser.$("#leads-summary").waitForExist({ timeout: 20000 });
    const total = Number((await browser.$("#leads-summary").getText()).match(/リード ([\d,]+) 件/)[1].replace(/,/g, ""));
    assert.ok(total >= 2000, String(total));
    await browser.$("#chart-industry .recharts-bar-rectangle").waitForExist({ timeout: 10000 });
    await browser.$("#chart-score .recharts-bar-rectangle").waitForExist({ timeout: 10000 });
    await browser.waitUntil(async () => (await browser.$$(".lead-row[data-lead]")).length > 0, { timeout: 10000 });
    // Thousands of leads, a few dozen rows in the page.
    const drawn = (await browser.$$(".lead-row[data-lead]")).length;
    assert.ok(drawn < 100, `${drawn} rows drawn`);
    await shot("leads");
    // The imported CP932 lead, found by its company.
    await browser.$("#lead-search").setValue("髙島屋");
    await browser.waitUntil(async () => (await browser.$("#lead-matches").getText()) === "1 件", {
      timeout: 10000,
      timeoutMsg: "the search did not narrow to the one lead",
    });
    // textContent: WebDriver's visible-text rule misjudges rows inside the scrolling table.
    await browser.waitUntil(
      async () => (await browser.$(".lead-row[data-lead]").getProperty("textContent")).includes("aya.kobayashi@takashima-tech.co.jp"),
      { timeout: 5000 },
    );
    await browser.$("#leads .link").click();
    await browser.$(".card").waitForExist({ timeout: 5000 });
  });

  await test("the workspace forecast runs every active scenario together, saves its report, and opens a scenario with its figures", async () => {
    await browser.$("#open-forecast").click();
    await fill("#sim-days", "30");
    await fill("#sim-runs", "2");
    await browser.$("#forecast-run").click();
    await browser.$("#forecast-table").waitForExist({ timeout: 60000, timeoutMsg: "no workspace forecast came back" });
    const rows = await browser.$$("#forecast-table tbody tr").map((r) => r.getProperty("textContent"));
    assert.ok(rows.length >= 1, JSON.stringify(rows));
    const row = browser.$('#forecast-table tr[data-scenario-row="post-download"]');
    assert.ok(await row.isExisting(), JSON.stringify(rows));
    const enrolled = Number((await row.$("td").getText()).split("（")[0].replace(/[^0-9]/g, ""));
    assert.ok(enrolled > 0, `nobody enrolled: ${await row.getText()}`);
    await shot("forecast");
    // In English too.
    await browser.$("#language").selectByAttribute("value", "en");
    await browser.waitUntil(async () => (await browser.$("#forecast h1").getText()) === "Workspace forecast", { timeout: 5000 });
    assert.match(await browser.$("#forecast-table").getText(), /Enrolled[\s\S]*off target/);
    await shot("forecast-en");
    await browser.$("#language").selectByAttribute("value", "ja");
    await browser.waitUntil(async () => (await browser.$("#forecast h1").getText()) === "ワークスペースの予測", { timeout: 5000 });
    // The report goes to the automation folder.
    await browser.$("#forecast-report").click();
    await browser.waitUntil(async () => (await browser.$("#forecast").getText()).includes("保存しました"), { timeout: 10000 });
    const report = fs.readdirSync(exportDir).find((f) => /^forecast-.*\.html$/.test(f));
    assert.ok(report, fs.readdirSync(exportDir).join(", "));
    const html = fs.readFileSync(path.join(exportDir, report), "utf8");
    assert.match(html, /Content-Security-Policy/);
    // Opening the scenario shows this forecast on its canvas, as the current version's.
    await row.$("button").click();
    await browser.$('.react-flow__node[data-id="trigger"] .sim-count').waitForExist({ timeout: 10000 });
    assert.equal(Number((await browser.$('.react-flow__node[data-id="trigger"] .sim-count').getText()).replace(/[^0-9]/g, "")), enrolled);
    await browser.$("#simulate").click();
    await browser.$("#sim-results").waitForExist({ timeout: 5000 });
    assert.equal(await browser.$(".sim-meta .badge").isExisting(), false);
    // Back leads to the forecast, which is still there.
    await browser.$("#back").click();
    await browser.$("#forecast-table").waitForExist({ timeout: 5000 });
    await browser.$("#forecast .link").click();
    await browser.$(".card").waitForExist({ timeout: 5000 });
  });

  await test("the what-if view forecasts the edited scenario against its saved version on the same leads and seeds", async () => {
    await browser.$('[data-scenario="post-download"]').click();
    await browser.$('.react-flow__node[data-id="wait_3d"]').waitForExist({ timeout: 10000 });
    // The edit: the first wait grows from 3 to 20 days.
    await browser.$('.react-flow__node[data-id="wait_3d"]').click();
    await browser.$("fieldset input").waitForExist({ timeout: 5000 });
    await fill("fieldset input", "20");
    await browser.waitUntil(async () => (await browser.$('.react-flow__node[data-id="wait_3d"]').getProperty("textContent")).includes("20日"), { timeout: 5000 });
    await browser.$("#simulate").click();
    await fill("#sim-days", "30");
    await fill("#sim-runs", "3");
    await browser.$('[data-tab="whatif"]').click();
    await browser.$("#whatif-base").waitForExist({ timeout: 5000 });
    assert.match(await browser.$("#whatif-base option:checked").getText(), /^v\d+ · /);
    await browser.$("#whatif-run").click();
    await browser.$("#whatif-figures").waitForExist({ timeout: 60000, timeoutMsg: "no comparison came back" });
    assert.match(await browser.$("#whatif").getText(), /3 回試行/);
    // Within 30 days, fewer leads get as far as the second mail after a 20-day wait.
    const caseMail = await browser.$('#whatif-nodes tr[data-node="mail_case"]').getText();
    assert.match(caseMail, /−[\d,]+$/, caseMail);
    const rows = await browser.$$("#whatif-figures tr[data-figure]").map((r) => r.getText());
    assert.equal(rows.length, 11, JSON.stringify(rows));
    assert.ok(rows.every((r) => /(変化なし|改善|悪化|誤差の範囲|増加|減少)$/.test(r)), JSON.stringify(rows));
    await shot("editor-whatif");
    await browser.$("#language").selectByAttribute("value", "en");
    await browser.waitUntil(async () => (await browser.$("#whatif-figures").getText()).includes("Change (run by run)"), { timeout: 5000 });
    await shot("editor-whatif-en");
    await browser.$("#language").selectByAttribute("value", "ja");
    await browser.waitUntil(async () => (await browser.$("#whatif-figures").getText()).includes("差（試行ごと）"), { timeout: 5000 });
    await browser.$("#undo").click();
    await browser.$("#back").click();
    await browser.$(".card").waitForExist({ timeout: 5000 });
  });

  await test("a 300-node scenario file opens, lays out and stays responsive (timed)", async () => {
    // A long scenario: a trigger, then 299 steps alternating waits and mails, with a condition
    // every 20 steps whose "no" exit ends.
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
    const file = path.join(path.dirname(workspace), "long.json");
    fs.writeFileSync(file, JSON.stringify({ format: "scenario-studio/1", id: "long", name: "長いシナリオ", nodes, edges }));
    await browser.deleteSession();
    const started = Date.now();
    browser = await remote({
      hostname: "127.0.0.1",
      port: 4444,
      logLevel: "error",
      capabilities: { "tauri:options": { application, args: [workspace, file] } },
    });
    await browser.waitUntil(async () => (await browser.$$(".react-flow__node")).length === 300, { timeout: 30000 });
    const loaded = Date.now() - started;
    let t0 = Date.now();
    await browser.$("#layout").click();
    await browser.waitUntil(async () => (await browser.$("#undo").isEnabled()), { timeout: 10000 });
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
  });
} finally {
  await browser.deleteSession().catch(() => {});
  stopDriver();
}
if (failures > 0) {
  console.log(`${failures} end-to-end test(s) failed`);
  process.exit(1);
}
console.log("all end-to-end tests passed");
