// The forecast check (予測の検証) on 3,000 sample leads, whose 180 days of history include the
// welcome series the workspace runs: reached from the forecast screen and from the diagnosis, the
// welcome scenario's forecast from 60 days before the history's end set against what was
// recorded, a cancel, a cut-off the history cannot check, and a recorded mail tied by hand.
import assert from "node:assert/strict";
import { browser, choose, finish, press, seedWorkspace, shot, test } from "../harness.mjs";
import { app, check, start } from "../pages.mjs";

seedWorkspace({ leads: 3000, scenarios: [{ template: "welcome", status: "active" }] });

/** The numbers in a text: "18 / 25 · …" → [18, 25]. */
const numbers = (text) => (text.match(/[\d,]+/g) ?? []).map((n) => Number(n.replace(/,/g, "")));

await test("the forecast check sets the welcome series' forecast against what the history recorded", async () => {
  await start.waitForLeadCount("リード 3,000 件");
  await start.open("forecast");
  await press("#forecast-check");
  await browser.$("#check").waitForExist({ timeout: 5000 });
  await check.run({ runs: 8 });
  await browser.$("#check-results").waitForExist({ timeout: 120000, timeoutMsg: "no check came back" });
  // The cut-off is the latest whose 60 days end on the history's last day, and the empty field
  // says which day that was.
  const meta = await browser.$("#check-results .sim-meta").getText();
  assert.match(meta, /から 60 日間を、それより前の記録だけで予測 · 8 回試行/);
  assert.equal(await browser.$("#check-default-cutoff").getText(), `空欄のため ${meta.slice(0, 10)} で検証`);
  const [held, compared] = numbers(await browser.$("#check-in-band span").getText());
  assert.ok(compared >= 20, `only ${compared} figures were compared`);
  assert.ok(held >= 1 && held <= compared);
  // What leads did on their own, over the whole workspace.
  assert.match(await browser.$("#check-workspace").getText(), /新規リード[\s\S]*ページ閲覧[\s\S]*資料ダウンロード[\s\S]*フォーム送信/);
  // The welcome scenario's whole and each of its three mails, each with a recorded value and a band.
  const section = await browser.$('[data-check-scenario="welcome"]');
  const rows = await section.$$("tbody tr").map((r) => r.getAttribute("data-scope"));
  assert.deepEqual(rows, ["scenario", "mail_intro", "mail_tips", "mail_survey"]);
  const sent = await section.$('tr[data-scope="mail_intro"] td');
  assert.match(await sent.$(".check-actual").getText(), /^[\d,]+$/);
  assert.match(await sent.$(".check-band").getText(), /^[\d,]+〜[\d,]+$/);
  assert.match(await sent.getAttribute("data-in-band"), /^(true|false)$/);
  // Week by week: the band, the forecast mean and the recorded line, for the measure chosen.
  await section.$(".check-chart path.recharts-area-area").waitForExist({ timeout: 5000 });
  assert.ok((await section.$$(".check-chart .recharts-line")).length >= 2, "no forecast and recorded lines");
  await section.$('button[data-measure="open_rate"]').click();
  await section.$('.check-chart[data-chart-measure="open_rate"]').waitForExist({ timeout: 5000 });
  // Its axis in percent (drawn once the chart has measured its box).
  await browser.waitUntil(async () => /%/.test(await section.$(".check-chart .recharts-yAxis-tick-labels").getProperty("textContent").catch(() => "")), {
    timeout: 5000,
    timeoutMsg: "the open rate's axis is not in percent",
  });
  // Nothing in the history names a mail the scenario does not have; the newsletters are listed.
  assert.equal(await browser.$("#check-without-history").isExisting(), false);
  assert.match(await browser.$("#check-untied").getText(), /newsletter-\d{4}-\d{2}/);
  await shot("forecast-check");
  await check.backToStart();
});

await test("the diagnosis opens the forecast check, whose back button returns to it", async () => {
  await start.open("diagnosis");
  await press("#diag-check");
  await browser.$("#check-run").waitForExist({ timeout: 5000 });
  await press("#check-back");
  await browser.$("#diag-run").waitForExist({ timeout: 5000 });
  await press("#diag-back");
});

await test("a check is cancelled, keeping the last one; a cut-off the history cannot check is refused in words", async () => {
  await check.fromStart(2);
  const before = await check.meta();
  await check.run({ runs: 200 });
  // The cancel is enabled once the check has begun (press waits for that).
  await press("#check-cancel");
  await browser.$("#check-run").waitForExist({ timeout: 60000, timeoutMsg: "the check did not stop" });
  assert.equal(await browser.$("#check-results .sim-meta").getText(), before);
  await check.run({ runs: 4, cutoff: "2001-04-01" });
  await browser.$("#check .sim-error").waitForExist({ timeout: 30000 });
  assert.match(await browser.$("#check .sim-error").getText(), /基準日 2001-04-01 は、記録のある最初の日（\d{4}-\d{2}-\d{2}）より後/);
  await app.language("en");
  await check.run({ cutoff: "" });
  await browser.$("#check .sim-error").waitForExist({ reverse: true, timeout: 120000 });
  await browser.$("#check-run").waitForExist({ timeout: 120000 });
  assert.match(await browser.$("#check-results .sim-meta").getText(), /^60 days from \d{4}-\d{2}-\d{2}, forecast from what was recorded before it · 4 runs/);
  assert.match(await browser.$("#check-in-band span").getText(), /inside the forecast's 5–95% band/);
  await shot("forecast-check-en");
  await app.language("ja");
  await check.backToStart();
});

await test("a recorded mail the history names differently is tied to a scenario's mail, and the check runs again with it", async () => {
  await check.fromStart(2);
  await browser.$("#check-untied li").waitForExist({ timeout: 5000, timeoutMsg: "no untied recorded mail listed" });
  const item = await browser.$("#check-untied li");
  const detail = await item.getAttribute("data-detail");
  assert.match(detail, /^newsletter-/);
  const before = (await browser.$$("#check-untied li")).length;
  await choose(`#check-untied li[data-detail="${detail}"] select`, "welcome/mail_survey");
  // Saved in the workspace, then checked again: the mail is no longer untied.
  await browser.waitUntil(async () => (await browser.$$("#check-untied li")).length === before - 1, {
    timeout: 120000,
    timeoutMsg: `${detail} stayed untied`,
  });
  assert.equal(await browser.$(`#check-untied li[data-detail="${detail}"]`).isExisting(), false);
  await shot("forecast-check-tie");
});

await finish();
