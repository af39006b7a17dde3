// Scenarios kept in the workspace: saving with a change note across a restart, the sidebar's list,
// drafts autosaved before a crash, and never-saved scenarios left as drafts.
import assert from "node:assert/strict";
import { browser, choose, fill, finish, kill, launch, nodeCount, press, quit, seedWorkspace, shot, test, toStart } from "../harness.mjs";
import { editor } from "../pages.mjs";

seedWorkspace({ scenarios: [{ template: "post-download" }, { template: "post-webinar" }] });

/** Opens the stored scenario `id` from the start screen and returns its node count. */
async function openStored(id) {
  await browser.$(`[data-scenario="${id}"]`).waitForExist({ timeout: 10000 });
  await browser.$(`[data-scenario="${id}"]`).click();
  await browser.$(".react-flow__node").waitForExist({ timeout: 10000 });
  await browser.waitUntil(async () => (await browser.$$(".react-flow__edge")).length > 0, { timeout: 10000 });
  return nodeCount();
}

await test("a scenario saved with a change note is there unchanged after the app restarts", async () => {
  assert.equal(await browser.$("#workspace-name").getText(), "ワークスペース: e2e.scenario-ws");
  const nodes = await openStored("post-download");
  await press('.palette-item[data-kind="end"]');
  await browser.waitUntil(async () => (await nodeCount()) === nodes + 1, { timeout: 5000 });
  await browser.waitUntil(async () => (await browser.getTitle()).endsWith("資料DL後フォロー *"), { timeout: 5000 });
  await browser.$("#save-note").setValue("e2e: 終了ノードを追加");
  await browser.$("#save").click();
  await browser.waitUntil(async () => (await browser.$("#save-state").getText()) === "保存済み", { timeout: 5000 });
  await browser.waitUntil(async () => (await browser.getTitle()) === "Scenario Studio — e2e.scenario-ws — 資料DL後フォロー", {
    timeout: 5000,
    timeoutMsg: "the window title still marks unsaved changes",
  });
  await toStart();
  // Close the app and start it again on the same workspace.
  await quit();
  await launch();
  await browser.$('[data-scenario="post-download"]').waitForExist({ timeout: 10000 });
  await browser.$('[data-scenario="post-download"]').click();
  await browser.waitUntil(async () => (await nodeCount()) === nodes + 1, { timeout: 10000 });
  assert.equal(await browser.$("#save-state").getText(), "保存済み");
  await shot("editor-saved");
  await toStart();
  // Duplicated: a draft copy beside it.
  await browser.$('[data-duplicate="post-download"]').click();
  await browser.$('[data-scenario="post-download-copy"]').waitForExist({ timeout: 5000 });
  assert.equal(await browser.$('[data-scenario="post-download-copy"]').getText(), "資料DL後フォロー（コピー）");
  // A blank scenario: only a trigger, and the engine asks for the rest.
  await browser.$("#new-scenario").click();
  await browser.waitUntil(async () => (await nodeCount()) === 1, { timeout: 5000 });
  assert.equal(await browser.$("#scenario-name").getValue(), "新しいシナリオ");
  await toStart();
});

await test("the sidebar lists the workspace's scenarios: switch, rename, and new", async () => {
  await openStored("post-download");
  await browser.$('.scenario-list [data-row="post-webinar"]').waitForExist({ timeout: 10000 });
  // Rename another scenario in place: stored at once as a new version.
  await browser.$('[data-rename="post-webinar"]').click();
  const input = browser.$(".scenario-list input.rename");
  await input.waitForExist({ timeout: 5000 });
  // The name is selected when the field opens: typing replaces it (setValue would clear the
  // field through WebDriver, which blurs it and so ends the rename).
  await input.addValue("ウェビナー後フォロー B案");
  await browser.keys(["Enter"]);
  await browser.waitUntil(
    // textContent: WebDriver's visible-text rule misjudges text inside the scrolling list.
    async () => (await browser.$('[data-switch="post-webinar"]').getProperty("textContent")) === "ウェビナー後フォロー B案",
    { timeout: 5000 },
  );
  // Switch to it; the one left had no changes, so nothing is kept for it.
  await browser.$('[data-switch="post-webinar"]').click();
  await browser.waitUntil(async () => (await browser.$(".scenario-name").getText()) === "ウェビナー後フォロー B案", { timeout: 5000 });
  await shot("editor-scenario-list");
  await toStart();
  const row = browser.$('[data-scenario="post-webinar"]');
  await row.waitForExist({ timeout: 5000 });
  assert.equal(await row.getText(), "ウェビナー後フォロー B案");
  assert.match(await row.parentElement().getText(), /2 版/);
});

await test("unsaved work is autosaved and offered back after the app is killed", async () => {
  const nodes = await openStored("post-download");
  // Rename the open scenario from the sidebar: an edit like any other, not yet saved.
  await browser.$('[data-rename="post-download"]').click();
  await browser.$(".scenario-list input.rename").waitForExist({ timeout: 5000 });
  await browser.$(".scenario-list input.rename").addValue("資料DL後フォロー（改）");
  await browser.keys(["Enter"]);
  await press('.palette-item[data-kind="end"]');
  await browser.waitUntil(async () => (await nodeCount()) === nodes + 1, { timeout: 5000 });
  await browser.waitUntil(async () => (await browser.getTitle()).endsWith("資料DL後フォロー（改） *"), { timeout: 5000 });
  await browser.$("#autosaved").waitForExist({ timeout: 10000, timeoutMsg: "no draft was autosaved" });
  // The app dies without a chance to ask anything; it is started again once it and its WebKit
  // processes are gone.
  await kill();
  await launch();
  const row = browser.$('[data-scenario="post-download"]');
  await row.waitForExist({ timeout: 10000 });
  assert.match(await row.parentElement().getText(), /未保存の変更あり/);
  await row.click();
  await browser.$("#draft-offer").waitForExist({ timeout: 10000 });
  await browser.waitUntil(async () => (await nodeCount()) === nodes, { timeout: 5000, timeoutMsg: "the saved version is not the one shown" });
  await shot("editor-draft-offer");
  await browser.$("#restore-draft").click();
  await browser.waitUntil(async () => (await nodeCount()) === nodes + 1, { timeout: 5000 });
  assert.equal(await browser.$(".scenario-name").getText(), "資料DL後フォロー（改）");
  // Saving it ends the draft.
  await browser.$("#save-note").setValue("e2e: 下書きから復元");
  await browser.$("#save").click();
  await browser.waitUntil(async () => (await browser.$("#save-state").getText()) === "保存済み", { timeout: 5000 });
  await browser.$("#back").click();
  await row.waitForExist({ timeout: 5000 });
  assert.doesNotMatch(await row.parentElement().getText(), /未保存の変更あり/);
});

await test("saving a scenario with errors asks: back to the node at fault, or saved as a draft that cannot run", async () => {
  await openStored("post-webinar");
  // Made active, then given an error: a trigger after ten thousand years without activity.
  await choose("#scenario-status", "active");
  await editor.click("trigger");
  await choose("#trigger-type", "inactive");
  await browser.$("#inactive-days").waitForExist({ timeout: 5000 });
  await fill("#inactive-days", "3650000");
  await browser.waitUntil(async () => (await browser.$$(".problems li.error")).length > 0, {
    timeout: 5000,
    timeoutMsg: "ten thousand years without activity is no error",
  }).catch(async (e) => {
    const shown = await browser.execute(() => ({
      days: document.querySelector("#inactive-days")?.value,
      summary: document.querySelector("#node-summary")?.textContent,
      problems: [...document.querySelectorAll("#problems-dock .problems li")].map((li) => `${li.className}: ${li.textContent}`),
    }));
    throw new Error(`${e.message}: ${JSON.stringify(shown)}`);
  });
  // The problems stay in view, and the toolbar's badge counts them.
  const inView = await browser.execute(() => {
    const box = document.querySelector("#problems-dock .problems li.error").getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  });
  assert.ok(inView, "the problems list is out of view");
  assert.match(await browser.$("#problem-badge").getText(), /^問題 \d+$/);
  // Going back to fix it: nothing is saved and the faulty node is selected.
  await browser.$(".react-flow__pane").click({ x: -300, y: -330 });
  await browser.$("#save").click();
  await browser.$("#confirm").waitForExist({ timeout: 5000, timeoutMsg: "saving with errors did not ask" });
  assert.match(await browser.$("#confirm-message").getText(), /エラーが \d+ 件あります/);
  await shot("editor-save-with-errors");
  await press("#confirm-cancel");
  await browser.$("#inactive-days").waitForExist({ timeout: 5000, timeoutMsg: "the node at fault was not selected" });
  assert.equal(await browser.$("#save-state").getText(), "未保存の変更があります");
  // Saved as a draft: kept, and no longer active.
  await browser.$("#save").click();
  await browser.$("#confirm-ok").waitForExist({ timeout: 5000 });
  await press("#confirm-ok");
  await browser.waitUntil(async () => (await browser.$("#save-state").getText()) === "保存済み", { timeout: 5000 });
  // The scenario's own settings show when nothing is selected: a click on the canvas's empty corner.
  await browser.$(".react-flow__pane").click({ x: -300, y: -330 });
  await browser.waitUntil(async () => (await browser.$("#scenario-status").getValue()) === "draft", { timeout: 5000 });
  await toStart();
});

await test("a never-saved scenario left in the editor waits on the start screen as a draft", async () => {
  await browser.$("#new-scenario").click();
  await browser.waitUntil(async () => (await nodeCount()) === 1, { timeout: 5000 });
  const id = await browser.$(".scenario-list li.current").getAttribute("data-row");
  await press('.palette-item[data-kind="wait"]');
  await browser.waitUntil(async () => (await nodeCount()) === 2, { timeout: 5000 });
  await browser.$("#back").click();
  const draft = browser.$(`#unsaved-drafts [data-draft="${id}"]`);
  await draft.waitForExist({ timeout: 5000 });
  await shot("start-drafts");
  await draft.click();
  await browser.waitUntil(async () => (await nodeCount()) === 2, { timeout: 10000 });
  assert.equal(await browser.$("#save-state").getText(), "未保存の変更があります");
  await browser.$("#save").click();
  await browser.waitUntil(async () => (await browser.$("#save-state").getText()) === "保存済み", { timeout: 5000 });
  await browser.$("#back").click();
  await browser.$(`[data-scenario="${id}"]`).waitForExist({ timeout: 5000 });
  assert.equal(await browser.$("#unsaved-drafts").isExisting(), false);
});

await finish();
