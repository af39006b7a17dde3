// Conditions checked against the workspace's leads: attribute values picked from the workspace
// (a known vocabulary in Japanese, stored as codes; free-text values with their counts), the
// live count of the leads a condition matches, and the engine's warning for a value no lead has.
import assert from "node:assert/strict";
import { browser, choose, fill, finish, openTemplate, seedWorkspace, shot, test, toStart } from "../harness.mjs";
import { editor } from "../pages.mjs";

seedWorkspace({ leads: 2000 });

/** What the live count says, and its number of matching leads. */
async function matching() {
  const p = browser.$("#expr-match");
  await p.waitForExist({ timeout: 10000, timeoutMsg: "no live match count" });
  return { text: await p.getText(), n: Number(await p.getAttribute("data-matching")) };
}

/** Waits until the live count differs from `before`. */
async function recounted(before) {
  await browser.waitUntil(async () => (await matching()).text !== before.text, { timeout: 10000, timeoutMsg: "the count did not follow the edit" });
  return matching();
}

await test("a condition's values are picked from the workspace and its matching leads are counted live", async () => {
  await openTemplate("post-download", 13);
  await editor.click("mql_check");
  const score = await matching();
  assert.match(score.text, /^いまのリード 2,000 件中 [\d,]+ 件が該当します$/);
  // 役職区分 offers its vocabulary in Japanese, each with the workspace's count; the file keeps the code.
  await choose("#expr-type", "attribute");
  await choose("#expr-attribute", "job_level");
  await browser.waitUntil(async () => (await browser.$$("#value-pick option")).length >= 5, { timeout: 10000, timeoutMsg: "no pick-list of job levels" });
  const labels = await browser.$("#value-pick").getText();
  assert.match(labels, /部長クラス（[\d,]+）/);
  assert.match(labels, /経営層（[\d,]+）/);
  const before = await matching();
  await choose("#value-pick", "director");
  const directors = await recounted(before);
  assert.ok(directors.n > 0 && directors.n < 2000, directors.text);
  // One of several: ticking 経営層 as well counts both.
  await choose("#expr-op", "one_of");
  await browser.$('#value-picks label[data-value="executive"] input').waitForExist({ timeout: 10000 });
  await browser.$('#value-picks label[data-value="executive"] input').click();
  const both = await recounted(directors);
  assert.ok(both.n > directors.n, `${both.n} after adding executives to ${directors.n}`);
  await shot("editor-value-picks");
  // A value no lead has: counted as none, and the engine warns at the node with the values leads have.
  await choose("#expr-attribute", "industry");
  await choose("#expr-op", "contains");
  await fill(".expr.depth-0 .values-text", "ゲーム");
  await browser.waitUntil(async () => (await matching()).n === 0, { timeout: 10000, timeoutMsg: "a value no lead has was counted" });
  await browser.waitUntil(async () => /1 件もいません/.test(await browser.$(".sidebar .problems").getText()), {
    timeout: 10000,
    timeoutMsg: "no warning for a condition no lead can meet",
  });
  assert.match(await browser.$(".sidebar .problems").getText(), /業種が「ゲーム」.*のリードはワークスペースに 1 件もいません.*製造業/s);
  await shot("editor-condition-matches-no-lead");
  for (let i = 0; i < 12; i++) await editor.undo();
  await editor.waitForProblemCount("問題はありません", "the edits were not all undone");
  await toStart();
});

await finish();
