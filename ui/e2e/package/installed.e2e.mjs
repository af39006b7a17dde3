// The installed package (scripts/package-test.sh installs it with apt and runs this file against
// /usr/bin/scenario-studio and /usr/bin/scenario): the app starts on its default workspace and
// renders its start screen on the X display, the CLI on PATH answers, and how long the installed
// app takes to reach an interactive start screen is printed (not asserted: a benchmark figure).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { appPid, artifacts, browser, cli, displayName, finish, identifier, launch, launchedAt, profile, quit, repo, shot, test } from "../harness.mjs";

const version = /^version = "(.*)"$/m.exec(fs.readFileSync(path.join(repo, "Cargo.toml"), "utf8"))[1];

/** When the app's process started, in epoch milliseconds (to about 10 ms): its start in clock
 * ticks since boot (/proc/PID/stat) against the uptime read now. */
function processStart(pid) {
  const now = Date.now();
  const uptime = Number(fs.readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  const hz = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;
  return now - (uptime - ticks / hz) * 1000;
}

/** How long the app now running took to start: from its process's start to the start screen
 * showing its workspace and templates (the page's `start-screen-ready` mark), and from the
 * WebDriver request that started it (which adds the driver's own start). */
async function startUpTimes() {
  await browser.waitUntil(async () => (await browser.$$(".card")).length === 4, { timeout: 20000, interval: 10 });
  const ready = await browser.execute(() => performance.timeOrigin + performance.getEntriesByName("start-screen-ready")[0].startTime);
  const pid = appPid();
  return { own: Math.round(ready - processStart(pid)), driven: Math.round(ready - launchedAt) };
}

await test(
  "the installed app starts on its default workspace and draws its start screen",
  async () => {
    const first = await startUpTimes();
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
      await launch([]);
      again.push(await startUpTimes());
      await quit();
    }
    const own = again.map((t) => t.own).join(", ");
    const driven = again.map((t) => t.driven).join(", ");
    console.log(`     start-up, from the app's process starting to an interactive start screen: first ${first.own} ms, then ${own} ms`);
    console.log(`     the same from the WebDriver request that starts it: first ${first.driven} ms, then ${driven} ms`);
    await launch([]);
  },
  { args: [] },
);

await test("the installed CLI is on PATH and says its version", async () => {
  assert.equal(cli("--version").trim(), `scenario ${version}`);
});

await finish();
