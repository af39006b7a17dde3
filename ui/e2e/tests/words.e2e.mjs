// Plain words: every screen, in Japanese and in English, walked as a marketer would, and its
// visible text read for what is meant for developers — node ids and internal codes
// (`mail_intro`, `notify_sales`), setting keys (`team.owner`), CLI commands (`scenario checklist
// answer`). Each screen of the walk is also saved as a screenshot in both languages.
import assert from "node:assert/strict";
import { browser, choose, finish, openTemplate, press, seedWorkspace, shot, test, toStart } from "../harness.mjs";
import { app, check, editor, settings, simulation, start } from "../pages.mjs";

seedWorkspace({
  leads: 1500,
  scenarios: [
    { template: "welcome", status: "active" },
    { template: "post-download", status: "active" },
  ],
});

/** What a marketer must not read: snake_case ids and codes, setting keys, CLI commands. */
const DEVELOPER_WORDS = [
  /\b[a-z]+_[a-z_]+\b/,
  /\b(team|sfa|scoring|simulation|campaigns|frequency_cap)\.[a-z_]+\b/,
  /\bscenario (checklist|settings|leads|simulate|validate|backtest|scenarios)\b/,
];

/** The window's visible text with what users themselves typed or own left out (mail addresses
 * and web addresses in lead data are theirs). */
const visibleText = () =>
  browser.execute(() => document.body.innerText.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, " ").replace(/https?:\/\/\S+/g, " "));

/** Fails with the screen's name and the words found when the window shows developer words. */
async function plain(screen) {
  const text = await visibleText();
  const found = [];
  for (const line of text.split("\n")) {
    for (const pattern of DEVELOPER_WORDS) {
      const m = line.match(pattern);
      if (m) found.push(`"${m[0]}" in "${line.trim().slice(0, 100)}"`);
    }
  }
  assert.deepEqual(found, [], `${screen}: developer words on screen`);
}

/** Shows each tab of the forecast panel in turn and checks its words. */
async function panelTabs(lang) {
  for (const tab of ["overview", "daily", "funnel", "scores", "whatif", "trace"]) {
    await simulation.tab(tab);
    await browser.pause(300);
    await plain(`forecast panel, ${tab} tab (${lang})`);
  }
  // A lead traced: where it went, in the words of the canvas.
  await browser.$("#trace-lead").setValue("1");
  await press("#trace-run");
  await browser.$("#trace-steps, #trace-empty").waitForExist({ timeout: 30000, timeoutMsg: "no trace" });
  await plain(`the trace (${lang})`);
  await shot(`words-trace-${lang}`);
}

for (const lang of ["ja", "en"]) {
  await test(`every screen speaks plainly in ${lang === "ja" ? "Japanese" : "English"}`, async () => {
    await app.language(lang);
    await browser.waitUntil(async () => /1,500/.test(await start.leadCount().catch(() => "")), { timeout: 20000, timeoutMsg: "the leads were not counted" });
    await plain(`start screen (${lang})`);
    await shot(`words-start-${lang}`);

    // The editor: a template with each of its nodes selected, and the forecast panel's tabs.
    await openTemplate("post-download", 13);
    await plain(`editor (${lang})`);
    for (const id of ["trigger", "mail_related", "wait_3d", "mql_check", "handoff", "sync", "end_nurture"]) {
      await editor.click(id);
      await plain(`editor, ${id} selected (${lang})`);
    }
    // A problem, as the problem list says it: an exit left open.
    await press('.palette-item[data-kind="wait_until"]');
    await plain(`editor with an unconnected wait-until (${lang})`);
    await shot(`words-editor-problems-${lang}`);
    await editor.undo();
    await simulation.open({ days: 30, runs: 4 });
    await simulation.run();
    await panelTabs(lang);
    await toStart();

    // The workspace forecast and its check.
    await start.open("forecast");
    await press("#forecast-run");
    await browser.$("#forecast-table").waitForExist({ timeout: 60000, timeoutMsg: "no workspace forecast came back" });
    await plain(`workspace forecast (${lang})`);
    await shot(`words-forecast-${lang}`);
    await press("#forecast-check");
    await check.run({ runs: 4 });
    await browser.$("#check-results").waitForExist({ timeout: 120000, timeoutMsg: "no check came back" });
    await plain(`forecast check (${lang})`);
    await shot(`words-check-${lang}`);
    await check.backToStart();

    // The diagnosis, with its evidence links and findings.
    await start.open("diagnosis");
    await browser.$("#diag-score").waitForExist({ timeout: 60000 });
    await plain(`diagnosis (${lang})`);
    await shot(`words-diagnosis-${lang}`);
    await toStart("#diag-back");

    // The leads, one lead in full.
    await start.open("leads");
    await browser.$("#leads-summary").waitForExist({ timeout: 20000 });
    await browser.waitUntil(async () => (await browser.execute(() => document.querySelectorAll(".lead-row[data-lead]").length)) > 0, { timeout: 10000 });
    await plain(`leads (${lang})`);
    await browser.execute(() => document.querySelector(".lead-row[data-lead]").click());
    await browser.$("#lead-detail-score").waitForExist({ timeout: 10000 });
    await browser.pause(500);
    await plain(`a lead in full (${lang})`);
    await shot(`words-lead-${lang}`);
    await toStart("#leads .link");

    // The settings, with the scoring review's answer.
    await settings.open();
    await plain(`settings (${lang})`);
    // The review's answer, asked for by a script: in the English pass, after the page object's
    // `selectByAttribute` on the outcome, WebKitWebDriver's click on the review button landed on
    // the points table above it, twice in a row (cause not found; the scoring tests in
    // leads.e2e.mjs click it for real and pass). This test reads words, not clicks.
    await choose("#review-outcome", "hand_off");
    await browser.execute(() => document.querySelector("#review-run").click());
    await browser.$('#review-result[data-outcome="hand_off"], #review-error[data-outcome="hand_off"]').waitForExist({
      timeout: 60000,
      timeoutMsg: "the scoring review did not come back",
    });
    await plain(`scoring review (${lang})`);
    await shot(`words-settings-${lang}`);
    await toStart("#settings .link");
    if (lang === "en") await app.language("ja");
  });
}

await finish();
