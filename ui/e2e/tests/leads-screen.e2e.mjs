// The leads screen over 2,000 sample leads and a Japanese CSV in CP932, both put in the workspace
// by the `scenario` command.
import assert from "node:assert/strict";
import path from "node:path";
import { browser, cli, finish, repo, seedWorkspace, shot, test, toStart, workspace } from "../harness.mjs";

seedWorkspace({ leads: 2000 });
// The fixture has rows with problems on purpose: the command imports the others and exits 1 (its
// unreadable opt-out imported opted out, as asked).
try {
  const csv = path.join(repo, "tests/fixtures/import/generic-ja-cp932.csv");
  cli("leads", "import", "--workspace", workspace, "--suppress-unreadable-opt-outs", csv);
} catch (e) {
  if (!/failed \(1\)/.test(e.message)) throw e;
}

await test("the leads screen charts the leads and finds one by search in a table that draws only what shows", async () => {
  await browser.$("#open-leads").click();
  await browser.$("#leads-summary").waitForExist({ timeout: 20000 });
  const total = Number((await browser.$("#leads-summary").getText()).match(/リード ([\d,]+) 件/)[1].replace(/,/g, ""));
  assert.ok(total > 2000, String(total));
  await browser.$("#chart-industry .recharts-bar-rectangle").waitForExist({ timeout: 10000 });
  await browser.$("#chart-score .recharts-bar-rectangle").waitForExist({ timeout: 10000 });
  // Rows are counted in the page: the table redraws them as it settles, and element handles
  // taken from it can go stale between finding and reading them.
  const rows = () => browser.execute(() => document.querySelectorAll(".lead-row[data-lead]").length);
  await browser.waitUntil(async () => (await rows()) > 0, { timeout: 10000 });
  // Thousands of leads, a few dozen rows in the page.
  const drawn = await rows();
  assert.ok(drawn < 100, `${drawn} rows drawn`);
  await shot("leads");
  // The imported CP932 lead, found by its company.
  // Typed with the usual 高, as most people would: the search keys fold 髙 to it.
  await browser.$("#lead-search").setValue("高島屋");
  await browser.waitUntil(async () => (await browser.$("#lead-matches").getText()) === "1 件", {
    timeout: 10000,
    timeoutMsg: "the search did not narrow to the one lead",
  });
  // textContent: WebDriver's visible-text rule misjudges rows inside the scrolling table.
  await browser.waitUntil(
    async () => (await browser.$(".lead-row[data-lead]").getProperty("textContent")).includes("aya.kobayashi@takashima-tech.co.jp"),
    { timeout: 5000 },
  );
  // Its score beside it, as the score chart counts it.
  assert.match(await browser.$(".lead-row[data-lead] .lead-score").getProperty("textContent"), /^-?[\d,]+(MQL)?$/);
  await toStart("#leads .link");
});

await finish();
