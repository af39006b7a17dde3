// The first start: with no workspace named the app opens its default workspace in the data folder
// (created on first use, named in the UI language), says where it is and offers sample data in one
// click; the next start opens it again; a default workspace that cannot be used is explained on the
// start screen, which still offers to open or create another.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { browser, cli, finish, identifier, launch, profile, quit, shot, test } from "../harness.mjs";

const folder = path.join(profile.data, identifier);
const defaultWorkspace = path.join(folder, "マイワークスペース.scenario-ws");

/** Waits for the start screen to have asked for its workspace, and returns what its bar says. */
async function workspaceShown() {
  await browser.$("#workspace-name").waitForExist({ timeout: 10000 });
  await browser.waitUntil(async () => (await browser.$("#workspace-name").getText()) !== "", { timeout: 10000 });
  return browser.$("#workspace-name").getText();
}

/** The error banner's text, once it shows. */
async function banner() {
  await browser.$(".error-banner").waitForExist({ timeout: 10000, timeoutMsg: "no error was shown" });
  return browser.$(".error-banner").getText();
}

/** The start screen still offers the ways to another workspace. */
async function offersAnother() {
  for (const label of ["ワークスペースを開く…", "新規ワークスペース…"]) {
    const button = browser.$(`//main[@class="start"]//button[normalize-space()="${label}"]`);
    assert.ok(await button.isExisting(), `the start screen offers ${label}`);
    assert.ok(await button.isEnabled(), `${label} can be pressed`);
  }
}

/** Removes the default workspace and its side files. */
function removeDefault() {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(defaultWorkspace + suffix, { force: true });
}

await test(
  "with no workspace named, the app opens its default workspace, says where it is, and sample data is one click away",
  async () => {
    assert.equal(await workspaceShown(), "ワークスペース: マイワークスペース.scenario-ws");
    assert.equal(await browser.$("#workspace-path").getText(), `保存場所: ${defaultWorkspace}`);
    assert.ok(fs.existsSync(defaultWorkspace), `${defaultWorkspace} was created`);
    assert.equal(await browser.$("#lead-count").getText(), "リードはまだありません");
    assert.equal(await browser.$(".error-banner").isExisting(), false, "no error on a first start");
    await shot("start-default-workspace");
    await browser.$("#sample-generate").click();
    await browser.waitUntil(async () => (await browser.$("#lead-count").getText()) === "リード 5,000 件", {
      timeout: 60000,
      timeoutMsg: "one click did not fill the workspace with 5,000 sample leads",
    });
    await shot("start-default-workspace-sample");
  },
  { args: [] },
);

await test(
  "the next start opens the same workspace, with what was put in it",
  async () => {
    assert.equal(await workspaceShown(), "ワークスペース: マイワークスペース.scenario-ws");
    await browser.waitUntil(async () => (await browser.$("#lead-count").getText()) === "リード 5,000 件", { timeout: 10000 });
    assert.deepEqual(fs.readdirSync(folder).filter((f) => f.endsWith(".scenario-ws")), ["マイワークスペース.scenario-ws"]);
  },
  { args: [] },
);

await test(
  "a default workspace from a newer version is explained on the start screen, which offers another",
  async () => {
    await quit();
    removeDefault();
    cli("init", defaultWorkspace);
    // The schema version (SQLite's user_version, bytes 60–63 of the header) of a newer release.
    const fd = fs.openSync(defaultWorkspace, "r+");
    fs.writeSync(fd, Buffer.from([0, 0, 0, 99]), 0, 4, 60);
    fs.closeSync(fd);
    await launch([]);
    const said = await banner();
    assert.match(said, /既定のワークスペース .*マイワークスペース\.scenario-ws を使えません/);
    assert.match(said, /スキーマ版数 99/);
    assert.match(said, /別のワークスペースを開くか作成してください/);
    assert.match(await workspaceShown(), /ワークスペースが開かれていません/);
    await offersAnother();
    await shot("start-default-workspace-newer");
  },
);

await test(
  "a default workspace that is not one, or a data folder that cannot be made, is explained in English too",
  async () => {
    await quit();
    removeDefault();
    fs.writeFileSync(defaultWorkspace, "これはワークスペースではありません\n");
    await launch([]);
    assert.match(await banner(), /Scenario Studio のワークスペースではありません/);
    await offersAnother();
    await quit();
    // A file where the data folder should be.
    fs.rmSync(folder, { recursive: true, force: true });
    fs.writeFileSync(folder, "");
    await launch([]);
    await browser.$("#language").selectByAttribute("value", "en");
    const said = await banner();
    assert.match(said, /the default workspace .* cannot be used: cannot access .*jp\.scenario-studio\.desktop/);
    assert.match(said, /a file stands where the folder should be/);
    assert.match(said, /open or create another workspace/);
    await shot("start-default-workspace-unusable-en");
    await browser.$("#language").selectByAttribute("value", "ja");
  },
);

await finish();
