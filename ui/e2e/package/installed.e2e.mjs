// The installed package (scripts/package-test.sh installs it with apt and runs this file against
// /usr/bin/scenario-studio and /usr/bin/scenario): the app starts on its default workspace and
// renders its start screen on the X display, the CLI on PATH answers, and how long the installed
// app takes to reach an interactive start screen is printed (not asserted: a benchmark figure).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { artifacts, browser, cli, displayName, finish, identifier, launch, launchedAt, profile, quit, repo, shot, test } from "../harness.mjs";

const version = /^version = "(.*)"$/m.exec(fs.readFileSync(path.join(repo, "Cargo.toml"), "utf8"))[1];

/** Milliseconds from asking tauri-driver for a session (which starts the app) to a start screen
 * that shows its workspace and templates and takes input. */
async function startUp() {
  await launch([]);
  await browser.waitUntil(async () => (await browser.$$(".card")).length === 4 && (await browser.$("#workspace-name").getText()) !== "", {
    timeout: 20000,
    interval: 10,
  });
  return Date.now() - launchedAt;
}

await test(
  "the installed app starts on its default workspace and draws its start screen",
  async () => {
    await browser.waitUntil(async () => (await browser.$$(".card")).length === 4, { timeout: 20000, interval: 10 });
    const first = Date.now() - launchedAt;
    assert.equal(await browser.$("#workspace-name").getText(), "ワークスペース: マイワークスペース.scenario-ws");
    assert.ok(fs.existsSync(path.join(profile.data, identifier, "マイワークスペース.scenario-ws")));
    await shot("installed-start");
    // What the X display shows: the window, drawn (not a blank or single-colour screen).
    const screen = path.join(artifacts, "installed-screen.png");
    const grab = spawnSync("import", ["-display", displayName, "-window", "root", screen], { encoding: "utf8" });
    assert.equal(grab.status, 0, grab.stderr);
    const spread = spawnSync("convert", [screen, "-format", "%[fx:standard_deviation]", "info:"], { encoding: "utf8" });
    assert.ok(Number(spread.stdout) > 0.05, `the screen is nearly one colour (standard deviation ${spread.stdout})`);
    // The top bar's colour at its left end.
    const bar = spawnSync("convert", [screen, "-format", "%[pixel:p{4,4}]", "info:"], { encoding: "utf8" });
    assert.match(bar.stdout, /srgb\(30,58,138\)|#1E3A8A/i, `the top bar is not drawn where expected: ${bar.stdout}`);
    await quit();
    const again = [];
    for (let i = 0; i < 3; i++) {
      again.push(await startUp());
      await quit();
    }
    console.log(`     start-up to an interactive start screen: first ${first} ms, then ${again.join(", ")} ms (including the driver's session)`);
    await launch([]);
  },
  { args: [] },
);

await test("the installed CLI is on PATH and says its version", async () => {
  assert.equal(cli("--version").trim(), `scenario ${version}`);
});

await finish();
