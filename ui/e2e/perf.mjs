// How responsive the release app's screens are on a large workspace: builds one with the release
// `scenario` command (sample leads ending today, the four templates active), then drives the real
// window and prints how long each screen takes. A benchmark: it prints figures and asserts nothing
// about time. Run with scripts/perf.sh (which builds the release binaries); like the tests, it runs
// the app on a display of its own in a throwaway profile (harness.mjs).
//
//   node ui/e2e/perf.mjs [leads]      (default 100000)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The release builds, in the throwaway profile, display and driver of the end-to-end harness.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
process.env.E2E_APPLICATION = path.join(root, "target/release/scenario-studio");
process.env.E2E_CLI = path.join(root, "target/release/scenario");
const { cli, fill, finish, launch, profile, workspace } = await import("./harness.mjs");

const leads = Number(process.argv[2] ?? 100000);
const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);

let t = Date.now();
cli("init", workspace);
cli("leads", "generate", "--workspace", workspace, "--count", String(leads), "--seed", "7", "--end", today);
for (const template of ["welcome", "post-download", "post-webinar", "dormant"]) {
  const file = path.join(profile.work, `${template}.json`);
  cli("new", "--template", template, "-o", file);
  const scenario = JSON.parse(fs.readFileSync(file, "utf8"));
  scenario.status = "active";
  fs.writeFileSync(file, JSON.stringify(scenario));
  cli("scenarios", "add", "--workspace", workspace, "--note", "perf: 稼働", file);
}
console.log(`workspace of ${leads.toLocaleString("en")} leads and 4 active templates built in ${Date.now() - t} ms`);

t = Date.now();
const b = await launch();
const timed = async (label, body) => {
  const s = Date.now();
  await body();
  console.log(`${label}: ${Date.now() - s} ms`);
};
try {
  await b.waitUntil(async () => (await b.$$(".card").length) === 4, { timeout: 60000 });
  console.log(`launch to interactive start screen: ${Date.now() - t} ms`);
  await timed("leads screen: summary, charts and first rows", async () => {
    await b.$("#open-leads").click();
    await b.$("#leads-summary").waitForExist({ timeout: 60000 });
    await b.waitUntil(async () => (await b.$$(".lead-row[data-lead]")).length > 0, { timeout: 60000 });
    await b.$("#chart-score .recharts-bar-rectangle").waitForExist({ timeout: 60000 });
  });
  await timed(`scroll to row ${(leads / 2).toLocaleString("en")} and see it`, async () => {
    await b.execute((row) => (document.querySelector(".lead-table").scrollTop = row * 30), leads / 2);
    await b.waitUntil(async () => Number(await b.$(".lead-row[data-lead]").getAttribute("data-lead")) > leads * 0.4, { timeout: 60000 });
  });
  await timed("search '商事' (text in the company name)", async () => {
    await b.$("#lead-search").setValue("商事");
    await b.waitUntil(async () => !(await b.$("#lead-matches").getText()).startsWith(leads.toLocaleString("ja")), { timeout: 60000 });
  });
  await b.$("#leads .link").click();

  await timed("workspace forecast, 4 active templates, 90 days, 1 run", async () => {
    await b.$("#open-forecast").click();
    await fill("#sim-runs", "1");
    await b.$("#forecast-run").click();
    await b.$("#forecast-table").waitForExist({ timeout: 180000 });
  });
  // Open the stored post-download scenario from the forecast: its figures are on the canvas.
  await b.$('#forecast-table tr[data-scenario-row="post-download"] button').click();
  await b.$('.react-flow__node[data-id="trigger"] .sim-count').waitForExist({ timeout: 10000 });
  await b.$("#simulate").click();
  // Live estimates start with the first edit (the forecast shown is already this version's).
  await b.$("#sim-live").click();
  await b.$('.react-flow__node[data-id="wait_3d"]').click();
  await b.$("fieldset input").waitForExist({ timeout: 5000 });
  const edit = (days) => async () => {
    await fill("fieldset input", String(days));
    await b.waitUntil(async () => (await b.$(".sim-meta .badge").isExisting()), { timeout: 5000 });
    await b.waitUntil(async () => (await b.$("#sim-estimate").isExisting()) && !(await b.$(".sim-meta .badge").isExisting()), {
      timeout: 60000,
    });
  };
  await timed("live estimate after the first edit (reads the 10,000-lead sample; includes the 0.5 s pause)", edit(10));
  await timed("live estimate after the next edit (includes the 0.5 s pause)", edit(12));
  await b.$("#sim-live").click();
  await timed("what-if: the edit against the saved version, 90 days, 1 run each", async () => {
    await b.$('[data-tab="whatif"]').click();
    await b.$("#whatif-run").click();
    await b.$("#whatif-figures").waitForExist({ timeout: 180000 });
  });
  await b.$('[data-tab="overview"]').click();
  const s = Date.now();
  await b.$("#sim-run").click();
  await b.$("#sim-progress").waitForExist({ timeout: 10000 });
  const tab = Date.now();
  await b.$('[data-tab="daily"]').click();
  await b.waitUntil(async () => (await b.$('[data-tab="daily"]').getAttribute("aria-selected")) === "true", { timeout: 10000 });
  console.log(`  tab switch while a forecast runs: ${Date.now() - tab} ms`);
  await b.waitUntil(async () => !(await b.$("#sim-progress").isExisting()), { timeout: 180000 });
  console.log(`forecast from the editor, 90 days, 1 run, from the click: ${Date.now() - s} ms`);
  await timed("the same tab switch with nothing running (overview, then daily)", async () => {
    await b.$('[data-tab="overview"]').click();
    await b.waitUntil(async () => (await b.$('[data-tab="overview"]').getAttribute("aria-selected")) === "true", { timeout: 10000 });
    await b.$('[data-tab="daily"]').click();
    await b.waitUntil(async () => (await b.$('[data-tab="daily"]').getAttribute("aria-selected")) === "true", { timeout: 10000 });
  });
  await timed("lead trace (lead 100)", async () => {
    await b.$('[data-tab="trace"]').click();
    await b.$("#trace-lead").setValue("100");
    await b.$("#trace-run").click();
    await b.$("#trace-label").waitForExist({ timeout: 60000 });
  });
  await b.$("#undo").click();
  await b.$("#back").click();
  await b.$("#forecast .link").click();
  await timed("settings: first MQL count", async () => {
    await b.$("#open-settings").click();
    await b.waitUntil(async () => (await b.$("#mql-preview p").getText()).startsWith("今の MQL:"), { timeout: 60000 });
  });
  await timed("settings: MQL re-count after a threshold change (includes the 0.4 s pause)", async () => {
    await fill("#mql-threshold", "60");
    await b.waitUntil(async () => (await b.$("#mql-preview p").getText()).includes("閾値 60"), { timeout: 60000 });
  });
  await b.$("#settings .link").click();
  await timed("diagnosis (with its 90-day, 3-run quick forecast)", async () => {
    await b.$("#open-diagnosis").click();
    await b.$("#diag-score").waitForExist({ timeout: 180000 });
  });
} finally {
  await finish();
}
