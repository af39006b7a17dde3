// The start screen, the four templates on the canvas, and the language switch.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { browser, finish, identifier, openTemplate, profile, shot, test, toStart } from "../harness.mjs";
import { app } from "../pages.mjs";

await test("the start screen lists the four templates in Japanese", async () => {
  const launched = Date.now();
  await browser.waitUntil(async () => (await browser.$$(".card")).length === 4, { timeout: 10000 });
  console.log(`     start screen interactive ${Date.now() - launched} ms after the page loaded`);
  assert.equal(await browser.$("h2").getText(), "テンプレートから始める");
  const names = await browser.$$(".card-name").map((c) => c.getText());
  assert.deepEqual(names.sort(), ["ウェビナー後フォロー", "ウェルカム", "休眠掘り起こし", "資料DL後フォロー"].sort());
  await shot("start-ja");
});

await test("the app keeps its profile in the test's throwaway data folder, not the user's", async () => {
  // The workspace opened at launch is remembered in WebKit's localStorage, under XDG_DATA_HOME.
  await browser.waitUntil(async () => (await browser.execute(() => localStorage.length)) > 0, { timeout: 5000 });
  assert.ok(fs.existsSync(path.join(profile.data, identifier)), fs.readdirSync(profile.data).join(", "));
});

for (const [key, count] of [["welcome", 11], ["post-download", 13], ["post-webinar", 11], ["dormant", 9]]) {
  await test(`the ${key} template opens on the canvas with its ${count} nodes and no problems`, async () => {
    await openTemplate(key, count);
    await browser.waitUntil(async () => (await browser.$$(".react-flow__edge")).length > 0, { timeout: 10000 });
    assert.equal(await browser.$(".sidebar h3").getText(), "問題はありません");
    await shot(`editor-${key}`);
    await toStart(".sidebar .link");
  });
}

await test("nodes show the engine's one-line summary of their settings", async () => {
  await openTemplate("dormant", 9);
  // The summaries come from the engine a moment after the canvas is drawn.
  let summaries = [];
  await browser.waitUntil(
    async () => {
      summaries = await browser.$$(".step-summary").map((e) => e.getProperty("textContent"));
      return summaries.includes("メール「① 最近の人気コンテンツ」のクリックを待つ（最長 7日）");
    },
    { timeout: 5000 },
  ).catch(() => {
    // The summaries last read, not those when the wait began.
    throw new Error(`no summary of the wait-until node: ${JSON.stringify(summaries)}`);
  });
  await toStart(".sidebar .link");
});

await test("switching to English and back translates the screens", async () => {
  await app.language("en");
  await browser.waitUntil(async () => (await browser.$("h2").getText()) === "Start from a template", { timeout: 5000 });
  // The templates' names in English too.
  const names = await browser.$$(".card-name").map((c) => c.getText());
  assert.deepEqual(names.sort(), ["Dormant reactivation", "Post-download follow-up", "Post-webinar follow-up", "Welcome"]);
  await shot("start-en");
  await openTemplate("welcome", 11);
  assert.equal(await browser.$(".sidebar h3").getText(), "No problems");
  assert.equal(await browser.$(".sidebar .link").getText(), "← Start screen");
  await toStart(".sidebar .link");
  await app.language("ja");
  await browser.waitUntil(async () => (await browser.$("h2").getText()) === "テンプレートから始める", { timeout: 5000 });
});

await finish();
