// Lead data and settings: the sample generator, the CSV import wizard on a CP932 file (an
// unreadable opt-out refused, then imported opted out when asked), the scoring
// settings with their live MQL count, and the sales process and send calendar.
import assert from "node:assert/strict";
import path from "node:path";
import { browser, choose, fill, finish, launch, nodeCount, press, quit, repo, scrollTo, seedWorkspace, shot, test, toStart, workspace } from "../harness.mjs";
import { editor, settings, start } from "../pages.mjs";

seedWorkspace();

await test("sample leads are generated from the start screen", async () => {
  await start.waitForLeadCount("リードはまだありません");
  await browser.$("#sample-count").setValue("2000");
  await press("#sample-generate");
  await start.waitForLeadCount("リード 2,000 件", 30000);
});

await test("a Japanese CSV in CP932 opens in the import wizard: detected, previewed, checked, then imported", async () => {
  const csv = path.join(repo, "tests/fixtures/import/generic-ja-cp932.csv");
  await browser.$("#lead-count").waitForExist({ timeout: 10000 });
  const before = await start.leadCount();
  await quit();
  await launch([workspace, csv]);
  // Its third row's 配信停止 reads "たぶん": the file is refused with the cell named, and the
  // wizard offers to import such leads opted out.
  await browser.$("#import-opt-out-refused").waitForExist({ timeout: 20000, timeoutMsg: "the unreadable opt-out was not refused" });
  assert.match(await browser.$("#import-wizard .sim-error").getText(), /4行目の「配信停止」の値「たぶん」/);
  assert.equal(await browser.$("#import-reread-suppress").isEnabled(), false);
  assert.ok(await browser.$("#import-cancel-refused").isDisplayed(), "a refused file can be left");
  await shot("import-opt-out-refused");
  await press("#import-suppress");
  await press("#import-reread-suppress");
  await browser.$("#import-summary").waitForExist({ timeout: 20000, timeoutMsg: "the wizard did not read the file" });
  assert.match(await browser.$("#import-summary").getText(), /配信停止 1 件・オプトイン取得方法の記録なし 1 件/);
  assert.equal(await browser.$("#import-encoding").getValue(), "cp932");
  const preview = await browser.$("#import-preview").getText();
  assert.match(preview, /㈱ミライ工業/);
  assert.match(preview, /髙島屋テック/);
  // Rows with problems are listed by line before anything is written.
  assert.match(await browser.$("#import-issues").getText(), /行目/);
  assert.equal(await start.leadCount(), before);
  await shot("import-wizard");
  await press("#import-commit");
  await browser.$("#import-done").waitForExist({ timeout: 20000 });
  assert.match(await browser.$("#import-done").getText(), /取り込みました: 新規 \d+ 件/);
  await browser.$("#import-close").click();
  await browser.waitUntil(async () => (await start.leadCount()) !== before, { timeout: 5000 });
});

await test("a file whose dates with the year last never tell their order is refused until the user says which", async () => {
  const csv = path.join(repo, "tests/fixtures/import/shapes/leads-dates-ambiguous.csv");
  await quit();
  await launch([workspace, csv]);
  await browser.$("#import-date-order-refused").waitForExist({ timeout: 20000, timeoutMsg: "the ambiguous dates were not refused" });
  assert.match(await browser.$("#import-wizard .sim-error").getText(), /「Create Date」の日付は年が最後（2行目「4\/1\/2026」など）/);
  assert.equal(await browser.$("#import-reread-date-order").isEnabled(), false, "nothing to read with before a choice");
  await shot("import-date-order-refused");
  await choose("#import-date-order", "dmy");
  await press("#import-reread-date-order");
  await browser.$("#import-summary").waitForExist({ timeout: 20000, timeoutMsg: "the wizard did not read the file" });
  assert.match(await browser.$("#import-summary").getText(), /2 行: 新規 2 件/);
  // The order stays in the settings, where it can be changed and the file read again.
  assert.equal(await browser.$("#import-date-order").getValue(), "dmy");
  await shot("import-date-order-chosen");
  await press("#import-cancel");
});

await test("the scoring settings re-count today's MQLs as the threshold changes, and save", async () => {
  await settings.open();
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
  await settings.save();
  await browser.$("#settings .sim-error").waitForExist({ timeout: 5000 });
  // By the field's label on the screen, not its settings key (half_life_days).
  assert.match(await browser.$("#settings .sim-error").getText(), /「行動点の半減期」は 1 以上/);
  await browser.$("#half-life").setValue("90");
  await browser.$("#mql-threshold").setValue("100");
  await settings.save();
  await browser.waitUntil(async () => (await browser.$("#settings").getText()).includes("保存しました"), { timeout: 5000 });
  await toStart("#settings .link");
});

await test("the scoring review fits points to the deal history, applies them as a version, and restores the old one", async () => {
  await settings.open();
  // Too few won deals in 2,000 sample leads: refused, saying how many are needed.
  assert.match(await settings.review("won"), /少なくとも 10 件必要です/);
  assert.equal(await settings.review("hand_off"), "");
  // Each row of the check: the figure for the points in use, then for the suggested points.
  const row = async (n) => {
    const cells = [];
    for (const td of await browser.$$(`#review-compare tbody tr:nth-child(${n}) td`)) cells.push(await td.getText());
    return cells;
  };
  for (const auc of await row(1)) assert.match(auc, /^0\.\d\d \(0\.\d\d–[01]\.\d\d\)$/);
  assert.ok((await browser.$$("#review-points tbody tr")).length >= 9, "the points in use and suggested are listed");
  assert.ok((await browser.$$("#review-lift .recharts-bar-rectangle")).length > 0, "the lift chart is drawn");
  await scrollTo("#settings", "#scoring-review");
  await shot("scoring-review");
  const [inUse, suggested] = await row(2);
  assert.equal(inUse, "100");
  await press("#review-apply");
  await browser.$("#review-applied").waitForExist({ timeout: 10000, timeoutMsg: "the suggestion was not applied" });
  assert.match(await browser.$("#review-applied").getText(), /バージョン 2 として適用しました/);
  // The form shows the applied model, and the versions list keeps the one it replaced.
  await browser.waitUntil(async () => (await browser.$("#mql-threshold").getValue()) === suggested, { timeout: 5000 });
  await browser.waitUntil(async () => (await browser.$$("#scoring-versions tr")).length === 2, { timeout: 5000 });
  assert.match(await browser.$("#scoring-versions").getText(), /見直し前の配点.*閾値 100/s);
  await scrollTo("#settings", "#scoring-versions");
  await shot("scoring-versions");
  await press("#scoring-versions tr[data-in-use='false'] button");
  await browser.waitUntil(async () => (await browser.$("#mql-threshold").getValue()) === "100", { timeout: 5000, timeoutMsg: "the old points did not come back" });
  await browser.waitUntil(async () => (await browser.$$("#scoring-versions tr")).length === 3, { timeout: 5000 });
  await toStart("#settings .link");
});

await test("the campaign calendar plans the sample's next webinar; a webinar is added, checked by the engine, saved and removed", async () => {
  await settings.open();
  // The sample plans its next webinar, named by its month; the past webinars give the defaults.
  await browser.waitUntil(async () => (await browser.$$("#planned-webinars tr[data-webinar]")).length === 1, { timeout: 10000 });
  assert.match(await browser.$('#planned-webinars tr[data-webinar="0"] .webinar-name').getValue(), /（\d+月）$/);
  await browser.$("#webinar-defaults").waitForExist({ timeout: 20000, timeoutMsg: "no defaults from past webinars" });
  assert.match(await browser.$("#webinar-defaults").getText(), /過去のウェビナー \d+ 回: 直近の平均申込 [\d,]+ 人・参加率 \d+%/);
  assert.notEqual(await browser.$('#planned-webinars tr[data-webinar="0"] .webinar-registrants').getAttribute("placeholder"), "");
  await press("#webinar-add");
  const row = '#planned-webinars tr[data-webinar="1"]';
  await browser.$(row).waitForExist({ timeout: 5000 });
  await fill(`${row} .webinar-name`, "新機能発表会");
  // Typed as a Japanese marketer writes it.
  await fill(`${row} .webinar-starts`, "2027/2/17 16:00");
  await fill(`${row} .webinar-registrants`, "80");
  // Registration that never opens is refused, naming the field; nothing is saved.
  await fill(`${row} .webinar-days`, "0");
  await settings.save();
  // Named as the screen labels it, not by its settings key.
  await browser.waitUntil(async () => /予定ウェビナー 2 件目の「申込受付の日数」/.test(await settings.error()), {
    timeout: 5000,
    timeoutMsg: "a registration period of 0 days was not refused",
  });
  await fill(`${row} .webinar-days`, "21");
  await settings.save();
  await browser.waitUntil(async () => (await browser.$("#settings").getText()).includes("保存しました"), { timeout: 5000 });
  await scrollTo("#settings", "#settings-campaigns");
  await shot("settings-campaigns");
  await toStart("#settings .link");
  await settings.open();
  await browser.waitUntil(async () => (await browser.$$("#planned-webinars tr[data-webinar]")).length === 2, { timeout: 10000 });
  assert.equal(await browser.$(`${row} .webinar-registrants`).getValue(), "80");
  assert.equal(await browser.$(`${row} .webinar-starts`).getValue(), "2027/02/17 16:00");
  await press(`${row} button`);
  await settings.save();
  await browser.waitUntil(async () => (await browser.$("#settings").getText()).includes("保存しました"), { timeout: 5000 });
  await toStart("#settings .link");
});

await test("leaving the settings with unsaved changes asks, and discarding keeps what was saved", async () => {
  await settings.open();
  await fill("#half-life", "30");
  await press("#settings-back");
  await browser.$("#confirm").waitForExist({ timeout: 5000, timeoutMsg: "leaving with unsaved changes did not ask" });
  await shot("settings-leave-ask");
  // Staying keeps the edit on screen.
  await press("#confirm-cancel");
  assert.equal(await browser.$("#half-life").getValue(), "30");
  await press("#settings-back");
  await press("#confirm-ok");
  await browser.$("#settings").waitForExist({ reverse: true, timeout: 5000 });
  await settings.open();
  assert.equal(await browser.$("#half-life").getValue(), "90");
  // Nothing changed: leaving asks nothing.
  await press("#settings-back");
  await browser.$("#settings").waitForExist({ reverse: true, timeout: 5000 });
});

await test("the sales process and the send calendar are edited, checked by the engine, saved and read back", async () => {
  await settings.open();
  // The coming year's public holidays, from the engine's shipped list.
  await browser.waitUntil(async () => (await browser.$$("#public-holidays li")).length >= 10, { timeout: 10000 });
  assert.match(await browser.$("#public-holidays").getText(), /元日|天皇誕生日|文化の日/);
  assert.equal(await browser.$("#sales-win_rate").getValue(), "30");
  await fill("#sales-win_rate", "40");
  // Shortest after longest is refused, naming the field.
  await fill("#sales-accept_days-min", "9");
  await settings.save();
  await browser.waitUntil(async () => /営業プロセス「対応中になる」のかかる日数/.test(await browser.$("#settings .sim-error").getProperty("textContent")), { timeout: 5000 });
  assert.doesNotMatch(await browser.$("#settings .sim-error").getProperty("textContent"), /sales\./);
  await fill("#sales-accept_days-min", "2");
  // A day typed as people write it, shown back as the UI's language writes dates.
  await fill("#company-holiday-new", "２０２７年８月１３日");
  await press("#company-holiday-add");
  await browser.waitUntil(async () => (await browser.$("#company-holidays").getText()).includes("2027/08/13"), { timeout: 5000 });
  await press("#year-end-on");
  await browser.$("#year-end-from").waitForExist({ reverse: true, timeout: 5000, timeoutMsg: "the year-end dates stayed after it was turned off" });
  // The workspace's own SFA value for a lost deal.
  await fill("#own-lost", "見込み薄");
  await settings.save();
  await browser.waitUntil(async () => (await browser.$("#settings").getProperty("textContent")).includes("保存しました"), { timeout: 5000 });
  // The SFA section explains each deal status and the SFA values read as it.
  const statuses = await browser.$$("#deal-statuses tbody tr").map((r) => r.getProperty("textContent"));
  assert.equal(statuses.length, 6, JSON.stringify(statuses));
  assert.ok(statuses.some((r) => r.startsWith("失注") && r.includes("closed lost")), JSON.stringify(statuses));
  await scrollTo("#settings", "#settings-calendar");
  await shot("settings-calendar-sfa");
  await scrollTo("#settings", "#settings-sales");
  await shot("settings-sales");
  await toStart("#settings .link");
  // Read back from the workspace.
  await settings.open();
  await browser.$("#sales-win_rate").waitForExist({ timeout: 5000 });
  assert.equal(await browser.$("#sales-win_rate").getValue(), "40");
  assert.equal(await browser.$("#sales-accept_days-min").getValue(), "2");
  assert.match(await browser.$("#company-holidays").getText(), /2027\/08\/13/);
  assert.equal(await browser.$("#year-end-on").isSelected(), false);
  assert.equal(await browser.$("#own-lost").getValue(), "見込み薄");
  await toStart("#settings .link");
});

await test("the workspace's sender defaults are what a new mail starts with", async () => {
  await settings.open();
  await fill("#sender-sender_name", "株式会社ミライクラウド");
  await fill("#sender-sender_email", "info@miraicloud.example.jp");
  await fill("#sender-sender_address", "東京都千代田区丸の内1-1-1");
  await fill("#sender-opt_out_url", "https://miraicloud.example.jp/unsubscribe");
  await settings.save();
  await browser.waitUntil(async () => (await browser.$("#settings").getProperty("textContent")).includes("保存しました"), { timeout: 5000 });
  await scrollTo("#settings", "#settings-sender");
  await shot("settings-sender");
  await toStart("#settings .link");
  // A mail added to a new scenario carries them: the law's three fields are not reported
  // missing, only its subject.
  await browser.$("#new-scenario").click();
  await browser.waitUntil(async () => (await nodeCount()) === 1, { timeout: 5000 });
  await press('.palette-item[data-kind="send_email"]');
  await browser.waitUntil(async () => (await nodeCount()) === 2, { timeout: 5000 });
  await browser.waitUntil(async () => /件名がありません/.test(await browser.$(".sidebar .problems").getText()), {
    timeout: 5000,
    timeoutMsg: "no problem reported for the new mail",
  });
  const problems = await browser.$(".sidebar .problems").getText();
  assert.doesNotMatch(problems, /送信者名|送信者の住所|配信停止リンク/);
  const values = await browser.execute(() => [...document.querySelectorAll(".properties input")].map((i) => i.value));
  assert.ok(values.includes("株式会社ミライクラウド") && values.includes("https://miraicloud.example.jp/unsubscribe"), JSON.stringify(values));
  for (let i = 0; i < 10 && (await browser.$("#undo").isEnabled()); i++) await editor.undo();
  await toStart();
});

await finish();
