// What every end-to-end test file shares: a virtual display of its own, a throwaway profile, a
// tauri-driver of its own, the app's lifecycle by pid, and `test()`, which keeps one failing test
// from failing the ones after it.
//
// Why each part is the way it is (issue 19):
// - The display is an Xvfb started here with `-displayfd` (it writes its display number once it
//   accepts clients: a real readiness signal, no polling) and `-noreset`. Without `-noreset`, as
//   under `xvfb-run`, the server resets itself whenever its last client disconnects; a relaunch
//   right after the app was killed could connect during that reset and fail in `gtk_init`
//   ("Failed to initialize GTK"), and the WebDriver session then never came up.
// - The profile: HOME and the XDG data, config, cache and runtime folders point into a temporary
//   folder that is removed afterwards, so WebKit's localStorage (the recent workspaces), caches
//   and anything the app keeps never reach the user's own profile.
// - The app is found by pid: the process under this file's own tauri-driver whose executable is
//   the application. It is killed by that pid, and a relaunch waits until it and every process it
//   started (WebKit's web and network processes) are gone, and the display still answers.
import { spawn, spawnSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { remote } from "webdriverio";
import { choose as setSelect, fill as setInput } from "./input.mjs";
import { makeProfile, repo } from "./profile.mjs";

export { identifier, repo } from "./profile.mjs";

/** Waits for `check()` to hold, polling every `every` ms, or throws `message` after `timeout` ms. */
export async function until(check, { timeout, every = 50, message }) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(message);
    await sleep(every);
  }
}

// ---------------------------------------------------------------------------------------------
// Processes, by pid.

/** Every process's parent and state, read from /proc. */
function processTable() {
  const table = new Map();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      table.set(Number(entry), { ppid: Number(ppid), state });
    } catch {
      // The process ended while the table was read.
    }
  }
  return table;
}

/** The pids below `root` in the process tree (not `root` itself). */
export function descendants(root) {
  const table = processTable();
  const found = [];
  const queue = [root];
  while (queue.length) {
    const parent = queue.shift();
    for (const [pid, info] of table) {
      if (info.ppid === parent) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

/** Whether `pid` still runs (a zombie, waiting for its parent to read its exit, has ended). */
export function running(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

function executable(pid) {
  try {
    return fs.readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, "");
  } catch {
    return null;
  }
}

/** A TCP port on the loopback that nothing listens on now. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("connect", () => (socket.end(), resolve(true)));
    socket.on("error", () => resolve(false));
  });
}

/** Ends a process group started with `detached: true`, and waits for its leader. */
async function endGroup(child, signal = "SIGTERM") {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const ended = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return;
  }
  const timedOut = await Promise.race([ended.then(() => false), sleep(5000).then(() => true)]);
  if (timedOut) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
    await ended;
  }
}

// ---------------------------------------------------------------------------------------------
// The display.

/** An Xvfb of this test file's own, ready when this resolves. */
export async function startDisplay(log) {
  const xvfb = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"], {
    stdio: ["ignore", log, log, "pipe"],
    detached: true,
  });
  const number = await new Promise((resolve, reject) => {
    let text = "";
    xvfb.stdio[3].on("data", (chunk) => {
      text += chunk;
      if (text.includes("\n")) resolve(Number(text.trim()));
    });
    xvfb.on("exit", (code) => reject(new Error(`Xvfb ended before it was ready (exit ${code}); see its log`)));
    xvfb.on("error", reject);
  });
  const name = `:${number}`;
  return {
    name,
    pid: xvfb.pid,
    /** Whether the server still runs and answers a client. */
    answers() {
      return xvfb.exitCode === null && spawnSync("xdpyinfo", ["-display", name], { stdio: "ignore", timeout: 10000 }).status === 0;
    },
    stop: () => endGroup(xvfb),
  };
}

// ---------------------------------------------------------------------------------------------
// One test file's world: display, profile, driver, app.

const application = path.resolve(process.env.E2E_APPLICATION ?? path.join(repo, "target/debug/scenario-studio"));
const fileLabel = path.basename(process.argv[1] ?? "e2e", ".e2e.mjs");
/** Where this file's failure screenshots and logs go (kept after the run). */
export const artifacts = path.join(repo, "target/e2e", fileLabel);
fs.rmSync(artifacts, { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });
const logPath = path.join(artifacts, "driver-and-app.log");
const log = fs.openSync(logPath, "w");
const shots = process.env.SCREENSHOTS;

export const profile = makeProfile(fileLabel);
/** This file's own workspace (the app creates it when first given it). */
export const workspace = path.join(profile.work, "e2e.scenario-ws");
export const exportDir = profile.exports;

const display = await startDisplay(log);
/** The X display the app of this file shows on (for a screenshot of the whole screen). */
export const displayName = display.name;
const driverPort = await freePort();
const nativePort = await freePort();
// tauri-driver (and the WebKitWebDriver it starts) in their own process group, ended together.
const driver = spawn("tauri-driver", ["--port", String(driverPort), "--native-port", String(nativePort)], {
  stdio: ["ignore", log, log],
  detached: true,
  env: { ...process.env, ...profile.env, DISPLAY: display.name, XAUTHORITY: "" },
});
// Whatever ends this process — finish(), an error outside any test, Ctrl+C — ends what it started
// and removes its profile (synchronously: nothing asynchronous runs on exit).
let finished = false;
process.on("exit", () => {
  if (finished) return;
  const pid = appPid();
  if (pid !== null) process.kill(pid, "SIGKILL");
  for (const group of [driver.pid, display.pid]) {
    try {
      process.kill(-group, "SIGKILL");
    } catch {}
  }
  profile.remove();
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));
await until(() => listening(driverPort), { timeout: 20000, message: "tauri-driver did not start listening" });

/** The browser session of the app now running (a live binding: it changes on relaunch). */
export let browser = null;

// ---------------------------------------------------------------------------------------------
// Seeding this file's workspace with the `scenario` command, before the app first starts, so that
// a test needs nothing that another test made.

const cliPath = process.env.E2E_CLI ?? path.join(repo, "target/debug/scenario");

/** Runs the `scenario` command (built by scripts/e2e.sh) and returns what it printed. */
export function cli(...args) {
  const run = spawnSync(cliPath, args, { encoding: "utf8", env: { ...process.env, ...profile.env } });
  if (run.status !== 0) throw new Error(`scenario ${args.join(" ")} failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}

/** Creates this file's workspace with `leads` sample leads (the start screen's generator with its
 * default seed, history ending today) and the given templates stored as scenarios. */
export function seedWorkspace({ leads = 0, scenarios = [] } = {}) {
  cli("init", workspace);
  if (leads > 0) cli("leads", "generate", "--workspace", workspace, "--count", String(leads), "--seed", "1");
  for (const { template, status = "draft" } of scenarios) {
    const file = path.join(profile.work, `${template}.json`);
    cli("new", "--template", template, "-o", file);
    const scenario = JSON.parse(fs.readFileSync(file, "utf8"));
    scenario.status = status;
    fs.writeFileSync(file, JSON.stringify(scenario));
    cli("scenarios", "add", "--workspace", workspace, "--note", "e2e: 準備", file);
  }
}

/** The app's pid: the process under this file's driver that runs the application. */
export function appPid() {
  const target = fs.realpathSync(application);
  return descendants(driver.pid).find((pid) => executable(pid) === target && running(pid)) ?? null;
}

/** Waits until `pids` have all ended, or throws naming the ones left. */
async function allEnded(pids, what) {
  try {
    await until(() => pids.every((pid) => !running(pid)), { timeout: 15000, message: "" });
  } catch {
    const left = pids.filter(running).map((pid) => `${pid} (${executable(pid)})`);
    throw new Error(`${what}: still running 15 s later: ${left.join(", ")}`);
  }
}

/** When the last launch began (Date.now()). */
export let launchedAt = 0;

/** Starts the app on `args` (default: this file's workspace) once the last one has gone. */
export async function launch(args = [workspace]) {
  if (!display.answers()) throw new Error(`the display ${display.name} no longer answers`);
  if (appPid() !== null) throw new Error("an app of this test file is still running");
  launchedAt = Date.now();
  browser = await remote({
    hostname: "127.0.0.1",
    port: driverPort,
    logLevel: "error",
    // One try: a retried new-session request could start a second app.
    connectionRetryCount: 0,
    connectionRetryTimeout: 60000,
    capabilities: { "tauri:options": { application, args } },
  });
  // Ready: the window has asked the app which workspace is open.
  await browser.$('.app[data-ready="true"]').waitForExist({ timeout: 20000, timeoutMsg: "the window did not become ready" });
  await browser.execute(recordInput);
  return browser;
}

/** Keeps, in the page, the last input events it received (pointer, mouse, click, focus, keys) with
 * where they landed: a failed test saves them beside its screenshot, so that a click that had no
 * effect shows whether it reached the page and what it hit. Runs in the page. */
function recordInput() {
  const log = (window.__e2eInput = []);
  const name = (el) =>
    el instanceof Element ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.disabled ? "[disabled]" : ""}` : String(el);
  for (const type of ["pointerdown", "pointermove", "pointerup", "mousedown", "mousemove", "mouseup", "click", "focusin", "keydown", "scroll"]) {
    window.addEventListener(
      type,
      (e) => {
        log.push({ t: Math.round(performance.now()), type, target: name(e.target), x: e.clientX, y: e.clientY });
        if (log.length > 80) log.shift();
      },
      true,
    );
  }
}

/** Notes in the page's input log what a test is about to do (see `recordInput`). */
async function note(what, selector) {
  await browser
    .execute(
      (what, selector) => {
        const r = document.querySelector(selector)?.getBoundingClientRect();
        const at = r ? { x: Math.round(r.x + r.width / 2), y: Math.round(r.y + r.height / 2) } : {};
        window.__e2eInput?.push({ t: Math.round(performance.now()), type: what, target: selector, ...at });
      },
      what,
      selector,
    )
    .catch(() => {});
}

/** Closes the app through WebDriver, as a user closing its window, and waits for it to be gone. */
export async function quit() {
  const pid = appPid();
  const children = pid === null ? [] : descendants(pid);
  await browser?.deleteSession();
  browser = null;
  if (pid !== null) await allEnded([pid, ...children], "the app after its window closed");
}

/** Kills the app by its pid (a crash: it has no chance to ask or save anything), and waits for it
 * and every process it started to be gone. */
export async function kill() {
  const pid = appPid();
  if (pid === null) throw new Error("no app of this test file is running");
  const children = descendants(pid);
  process.kill(pid, "SIGKILL");
  await allEnded([pid, ...children], "the killed app and its WebKit processes");
  // The driver's session is gone with the app; forget it without a request that would wait on it.
  await browser?.deleteSession().catch(() => {});
  browser = null;
}

/** After a failed test: end the app whatever state it is in (by its pid: a window left with
 * unsaved changes would ask before closing) and start it again on this file's workspace. */
async function restart() {
  if (appPid() !== null) await kill();
  browser = null;
  await launch();
}

// ---------------------------------------------------------------------------------------------
// Tests.

const results = [];
const TEST_TIMEOUT = 180000;

/** What a failed test's window showed, in the log CI prints (its screenshot stays on the CI
 * machine): the alerts, the control with the focus and its value, the window's title. Runs in the
 * window. */
function whatIsShown() {
  const alerts = [...document.querySelectorAll('[role="alert"]')].map((a) => a.textContent.trim().slice(0, 300));
  const focus = document.activeElement;
  return {
    title: document.title,
    alerts,
    focus: focus && focus !== document.body ? { id: focus.id, tag: focus.tagName, value: "value" in focus ? String(focus.value) : undefined } : null,
  };
}

/** Runs one test, with the app started on `args` (by default this file's workspace, left running
 * from the test before). A failure is reported with a screenshot and the app is started afresh,
 * so the tests after it begin from a running app on this file's workspace. */
export async function test(name, body, { args } = {}) {
  const started = Date.now();
  try {
    if (args !== undefined && browser !== null) await quit();
    if (browser === null) await launch(args);
    let timer;
    await Promise.race([
      body(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT / 1000} s`)), TEST_TIMEOUT))),
    ]).finally(() => clearTimeout(timer));
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    const screenshot = path.join(artifacts, `FAILED-${results.length + 1}.png`);
    await browser?.saveScreenshot(screenshot).catch(() => {});
    const input = await browser?.execute(() => window.__e2eInput ?? null).catch(() => null);
    if (input) fs.writeFileSync(screenshot.replace(/\.png$/, ".input.json"), JSON.stringify(input, null, 1));
    const shown = await browser?.execute(whatIsShown).catch(() => null);
    results.push({ name, ok: false, error: String(e.stack ?? e) });
    console.log(`FAIL ${name}: ${e.stack ?? e}\n     screenshot: ${screenshot}\n     driver and app log: ${logPath}`);
    if (shown) console.log(`     the window showed: ${JSON.stringify(shown)}`);
    await restart().catch((e) => console.log(`     the app could not be started again: ${e}`));
  }
}

/** Ends this file's app, driver and display, removes its profile, and reports its results to the
 * runner (ui/e2e/run.mjs) in `results.json`. Call once, last. */
export async function finish() {
  if (browser !== null) await quit().catch(async () => appPid() !== null && (await kill().catch(() => {})));
  await endGroup(driver);
  await display.stop();
  profile.remove();
  fs.writeFileSync(path.join(artifacts, "results.json"), JSON.stringify({ results }));
  finished = true;
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

// ---------------------------------------------------------------------------------------------
// What the tests do to the window.

/** Waits for `selector` to exist: a screen loads its code when first opened (App.tsx), so its
 * fields appear a moment later. */
const appeared = (selector) => browser.$(selector).waitForExist({ timeout: 10000, timeoutMsg: `${selector} never appeared` });
export const fill = async (selector, value) => {
  await appeared(selector);
  await setInput(browser, selector, value);
};
export const choose = async (selector, value) => {
  await appeared(selector);
  await setSelect(browser, selector, value);
};

/** What `read()` gives once two reads 150 ms apart give the same (where something is, once it
 * has stopped moving), or throws `message` after 5 s. */
async function standingStill(read, message) {
  let last = JSON.stringify(await read());
  await browser.waitUntil(
    async () => {
      await browser.pause(150);
      const now = JSON.stringify(await read());
      const still = now === last;
      last = now;
      return still;
    },
    { timeout: 5000, timeoutMsg: message },
  );
  return JSON.parse(last);
}

/** Clicks a control once it can take the click: enabled (a button may be disabled until the
 * screen has taken what came before: a date typed, a lead's key, the versions loaded) and brought
 * to the middle of its scrolling container, standing still there (WebKitWebDriver scrolls the page
 * but not a scrolling element inside it, so its own click could land beside a control below the
 * fold). */
export async function press(selector) {
  const control = browser.$(selector);
  await control.waitForEnabled({ timeout: 10000, timeoutMsg: `${selector} stayed disabled` });
  await browser.execute((selector) => document.querySelector(selector).scrollIntoView({ block: "center" }), selector);
  await standingStill(async () => control.getLocation(), `${selector} kept moving`);
  await note("press", selector);
  await control.click();
}

/** Waits until the canvas's view (pan and zoom) has taken what was asked of it: two animation
 * frames (React Flow applies a fit view with the next render), then until it stands still. */
export async function viewSettled() {
  await browser.execute(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))));
  await standingStill(
    () => browser.execute(() => document.querySelector(".react-flow__viewport")?.style.transform ?? ""),
    "the canvas kept moving",
  );
}

/** Saves the window as `name`.png into SCREENSHOTS, once what the page holds has been painted
 * (two animation frames: under load the painted frame lags the page). */
export async function shot(name) {
  if (!shots) return;
  fs.mkdirSync(shots, { recursive: true });
  await browser.execute(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))));
  await browser.saveScreenshot(path.join(shots, `${name}.png`));
}

/** Scrolls `container` so that `target` is at its top (WebDriver's own scrolling does not reach
 * inside a scrolling element in WebKitWebDriver). */
export async function scrollTo(container, target) {
  await browser.execute(
    (container, target) => {
      const box = document.querySelector(container);
      // Below a header that stays in view, if the container has one.
      const header = box.querySelector(".sticky-head")?.getBoundingClientRect().height ?? 0;
      box.scrollTop += document.querySelector(target).getBoundingClientRect().top - box.getBoundingClientRect().top - header;
    },
    container,
    target,
  );
  await browser.pause(100);
}

/** Drags with the mouse from the centre of one element to the centre of another, in steps (React
 * Flow loses the first move after the button goes down), once neither moves any more. */
export async function drag(from, to) {
  // Where both ends are once they stop moving: a node grows when the engine's summary of it
  // arrives, and the view may still be settling.
  const [a, as, b, bs] = await standingStill(
    async () => [await from.getLocation(), await from.getSize(), await to.getLocation(), await to.getSize()],
    "the drag's ends kept moving",
  );
  const [x0, y0] = [Math.round(a.x + as.width / 2), Math.round(a.y + as.height / 2)];
  const [x1, y1] = [Math.round(b.x + bs.width / 2), Math.round(b.y + bs.height / 2)];
  // Both ends must be what the pointer would hit there, not something drawn over them (the
  // canvas's zoom controls in its corner, an edge's label).
  for (const [element, x, y] of [[await from, x0, y0], [await to, x1, y1]]) {
    const hit = await browser.execute(
      (element, x, y) => {
        const top = document.elementFromPoint(x, y);
        return element.contains(top) ? null : (top?.outerHTML ?? "nothing").slice(0, 120);
      },
      element,
      x,
      y,
    );
    if (hit !== null) throw new Error(`the drag's end at ${x},${y} is covered by ${hit}`);
  }
  await pointerDrag(x0, y0, x1, y1);
}

/** A real mouse drag from (x0, y0) to (x1, y1) in window pixels: press, move in eight steps (React
 * Flow loses the first move after the button goes down), release. */
export async function pointerDrag(x0, y0, x1, y1) {
  const moves = [];
  for (let i = 1; i <= 8; i++) {
    moves.push({ type: "pointerMove", duration: 30, x: Math.round(x0 + ((x1 - x0) * i) / 8), y: Math.round(y0 + ((y1 - y0) * i) / 8) });
  }
  await browser.performActions([
    {
      type: "pointer",
      id: "mouse",
      parameters: { pointerType: "mouse" },
      actions: [
        { type: "pointerMove", duration: 0, x: Math.round(x0), y: Math.round(y0) },
        { type: "pointerDown", button: 0 },
        { type: "pause", duration: 100 },
        ...moves,
        { type: "pause", duration: 100 },
        { type: "pointerUp", button: 0 },
      ],
    },
  ]);
  await browser.releaseActions();
}

/** Back to the start screen from any screen with a back link. */
export async function toStart(selector = "#back") {
  await browser.$(selector).click();
  await browser.$(".card").waitForExist({ timeout: 5000 });
}

/** Opens the start screen's template card `key` and waits for its canvas. */
export async function openTemplate(key, nodes) {
  await browser.$(`.card[data-template="${key}"]`).click();
  await browser.waitUntil(async () => (await browser.$$(".react-flow__node")).length === nodes, {
    timeout: 10000,
    timeoutMsg: `the ${key} template did not show its ${nodes} nodes`,
  });
  // Edges are drawn after the nodes are measured.
  await browser.waitUntil(async () => (await browser.$$(".react-flow__edge")).length > 0, {
    timeout: 10000,
    timeoutMsg: `the ${key} template's edges were not drawn`,
  });
}

export const nodeCount = async () => (await browser.$$(".react-flow__node")).length;
