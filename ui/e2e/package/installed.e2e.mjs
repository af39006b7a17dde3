// The installed package (scripts/package-test.sh installs it with apt and runs this file against
// /usr/bin/scenario-studio and /usr/bin/scenario): the app starts on its default workspace and
// renders its start screen on the X display, the CLI on PATH answers, and how long the installed
// app takes to reach an interactive start screen is printed (not asserted: a benchmark figure).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { appPid, artifacts, browser, cli, displayName, finish, identifier, launch, launchedAt, profile, quit, repo, shot, test, until } from "../harness.mjs";

const version = /^version = "(.*)"$/m.exec(fs.readFileSync(path.join(repo, "Cargo.toml"), "utf8"))[1];

/** Clock ticks a second, the unit of a process's start time in /proc. */
const hz = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;

/** When the app's process started, in epoch milliseconds (to about 10 ms): its start in clock
 * ticks since boot (/proc/PID/stat) against the uptime read now. */
function processStart(pid) {
  const now = Date.now();
  const uptime = Number(fs.readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  return now - (uptime - ticks / hz) * 1000;
}

/** How long the app now running took to start: from its process's start to the start screen
 * showing its workspace and templates (the page's `start-screen-ready` mark), and from the
 * WebDriver request that started it (which adds the driver's own start). */
async function startUpTimes() {
  await browser.waitUntil(async () => (await browser.$$(".card")).length === 4, { timeout: 20000, interval: 10 });
  const [origin, mark] = await browser.execute(() => [performance.timeOrigin, performance.getEntriesByName("start-screen-ready")[0].startTime]);
  const started = processStart(appPid());
  const ready = origin + mark;
  return { started, own: Math.round(ready - started), page: Math.round(origin - started), driven: Math.round(ready - launchedAt) };
}

await test(
  "the installed app starts on its default workspace and draws its start screen",
  async () => {
    const first = await startUpTimes();
    assert.equal(await browser.$("#workspace-name").getText(), "ワークスペース: マイワークスペース.scenario-ws");
    assert.ok(fs.existsSync(path.join(profile.data, identifier, "マイワークスペース.scenario-ws")));
    // What the X display shows: the window, drawn (not a blank or single-colour screen), with the
    // top bar's colour at its left end. The X server shows a frame some time after the page has
    // it, so the screen is grabbed until it shows one (or 15 s have passed).
    const screen = path.join(artifacts, "installed-screen.png");
    let seen = "";
    const drawn = await until(
      () => {
        const grab = spawnSync("import", ["-display", displayName, "-window", "root", screen], { encoding: "utf8" });
        if (grab.status !== 0) throw new Error(`import could not grab the screen: ${grab.stderr}`);
        const look = spawnSync("convert", [screen, "-format", "%[fx:standard_deviation] %[pixel:p{4,4}]", "info:"], { encoding: "utf8" });
        seen = look.stdout;
        const [spread, bar] = seen.split(" ");
        return Number(spread) > 0.05 && /srgb\(30,58,138\)|#1E3A8A/i.test(bar);
      },
      { timeout: 15000, every: 250, message: "" },
    ).then(
      () => true,
      () => false,
    );
    assert.ok(drawn, `the X display never showed the drawn window (standard deviation and top-left colour: ${seen})`);
    const onScreen = Math.round(Date.now() - first.started);
    await shot("installed-start");
    await quit();
    const again = [];
    for (let i = 0; i < 3; i++) {
      await launch([]);
      again.push(await startUpTimes());
      await quit();
    }
    const own = again.map((t) => t.own).join(", ");
    const page = [first, ...again].map((t) => t.page).join(", ");
    const driven = again.map((t) => t.driven).join(", ");
    console.log(`     start-up, from the app's process starting to an interactive start screen: first ${first.own} ms, then ${own} ms`);
    console.log(`     on the first start, the X display showed it ${onScreen} ms after the process started (found by grabbing the screen until it did; an upper bound)`);
    console.log(`     of which before the page began loading (the window and WebKit starting): ${page} ms`);
    console.log(`     the same from the WebDriver request that starts it: first ${first.driven} ms, then ${driven} ms`);
    await launch([]);
  },
  { args: [] },
);

await test("the installed CLI is on PATH and says its version", async () => {
  assert.equal(cli("--version").trim(), `scenario ${version}`);
});

await finish();
