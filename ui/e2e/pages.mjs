// Page objects: what a test does on each screen, named as the user would name it, with the
// screen's selectors in one place. A renamed id or a changed way of waiting is one edit here, not
// one in every test that passes through the screen. The tests still read and assert what the
// screen shows themselves; these only reach it and act on it.
import { browser, fill, openTemplate, pointerDrag, press, toStart, viewSettled } from "./harness.mjs";

/** The whole window: its language. */
export const app = {
  /** Switches the interface language (`ja` or `en`) and waits until the page says it is in it. */
  async language(lang) {
    await browser.$("#language").selectByAttribute("value", lang);
    await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.lang)) === lang, {
      timeout: 5000,
      timeoutMsg: `the window did not switch to ${lang}`,
    });
  },
};

/** The start screen: the workspace's lead count, the templates and the way to every other screen. */
export const start = {
  /** What the lead count says. */
  leadCount: () => browser.$("#lead-count").getText(),
  /** Waits until the lead count says `text` (the workspace is read a moment after launch). */
  async waitForLeadCount(text, timeout = 10000) {
    await browser.waitUntil(async () => (await start.leadCount().catch(() => "")) === text, {
      timeout,
      timeoutMsg: `the lead count never said "${text}"`,
    });
  },
  /** Opens template `key` on the canvas and waits for its `nodes` nodes and their edges. */
  openTemplate,
  /** Opens one of the start screen's screens: `forecast`, `diagnosis`, `leads` or `settings`. */
  async open(screen) {
    await press(`#open-${screen}`);
  },
};

/** The editor: its canvas, its toolbar and its problem list. */
export const editor = {
  /** Node `id` on the canvas. */
  node: (id) => browser.$(`.react-flow__node[data-id="${id}"]`),
  /** Brings node `id` into the canvas's view as a reader would: by dragging the canvas's empty
   * background (a scenario opens legible, so a long one does not fit the window). */
  async reveal(id) {
    for (let i = 0; i < 8; i++) {
      const grab = await browser.execute((id) => {
        const pane = document.querySelector(".canvas").getBoundingClientRect();
        const node = document.querySelector(`.react-flow__node[data-id="${id}"]`).getBoundingClientRect();
        const margin = 24;
        const inside =
          node.left >= pane.left + margin && node.right <= pane.right - margin && node.top >= pane.top + margin && node.bottom <= pane.bottom - margin;
        if (inside) return null;
        // At most most of the pane per drag; another drag does the rest.
        const most = (v, room) => Math.max(-(room - 2 * margin) * 0.8, Math.min((room - 2 * margin) * 0.8, v));
        const dx = most(pane.left + pane.width / 2 - (node.left + node.width / 2), pane.width);
        const dy = most(pane.top + pane.height / 2 - (node.top + node.height / 2), pane.height);
        const within = (x, y) => x > pane.left + margin && x < pane.right - margin && y > pane.top + margin && y < pane.bottom - margin;
        // An empty spot of the background, from which the drag ends inside the pane.
        for (let y = pane.top + margin; y < pane.bottom - margin; y += 16) {
          for (let x = pane.left + margin; x < pane.right - margin; x += 16) {
            if (!within(x + dx, y + dy)) continue;
            if (document.elementFromPoint(x, y)?.classList.contains("react-flow__pane")) return [x, y, x + dx, y + dy];
          }
        }
        return "no empty spot";
      }, id);
      if (grab === null) return;
      if (typeof grab === "string") throw new Error(`node ${id}: ${grab} on the canvas to drag it into view from`);
      await pointerDrag(...grab);
      await viewSettled();
    }
    throw new Error(`node ${id} could not be brought into view`);
  },
  /** Clicks node `id`, brought into view first. */
  async click(id) {
    await editor.reveal(id);
    await editor.node(id).click();
  },
  /** The number of leads the canvas shows at node `id` (after a forecast). */
  async leadsAt(id) {
    return Number((await browser.$(`.react-flow__node[data-id="${id}"] .sim-count`).getText()).replace(/[^0-9]/g, ""));
  },
  /** Undoes the last edit. */
  undo: () => browser.$("#undo").click(),
  /** Redoes the last undone edit. */
  redo: () => browser.$("#redo").click(),
  /** What the problem count says. */
  problemCount: () => browser.$("#problem-count").getText(),
  /** Waits until the problem count says `text`. */
  async waitForProblemCount(text, message) {
    await browser.waitUntil(async () => (await editor.problemCount()) === text, {
      timeout: 5000,
      timeoutMsg: message ?? `the problem count never said "${text}"`,
    });
  },
  /** Back to the start screen (nothing unsaved, so leaving asks nothing). */
  back: () => toStart(),
};

/** The editor's forecast panel. */
export const simulation = {
  /** Opens the panel and sets its window (`days`) and Monte Carlo runs (`runs`), where given. */
  async open({ days, runs } = {}) {
    await browser.$("#simulate").click();
    if (days !== undefined) await fill("#sim-days", String(days));
    if (runs !== undefined) await fill("#sim-runs", String(runs));
  },
  /** Runs the forecast and waits for its results (`timeout` ms at most): this run's, not the
   * ones shown before it (`data-finished` counts the panel's finished runs). */
  async run(timeout = 60000) {
    const finished = () => browser.execute(() => document.querySelector("#sim-results")?.getAttribute("data-finished") ?? "none");
    const before = await finished();
    await press("#sim-run");
    await browser.waitUntil(async () => (await finished()) !== before && (await finished()) !== "none", {
      timeout,
      timeoutMsg: "no forecast came back",
    });
  },
  /** Opens the panel's tab `tab` (`daily`, `trace`, `whatif` …). */
  tab: (tab) => browser.$(`[data-tab="${tab}"]`).click(),
  /** Whether the shown figures are marked as an earlier version's. */
  isStale: () => browser.$(".sim-meta .badge").isExisting(),
};

/** The forecast check (予測の検証). */
export const check = {
  /** Sets the runs (and the cut-off, where given; "" for the default) and runs the check. */
  async run({ runs, cutoff } = {}) {
    if (runs !== undefined) await fill("#check-runs", String(runs));
    if (cutoff !== undefined) await fill("#check-cutoff", cutoff);
    await press("#check-run");
  },
  /** What the results' heading line says ("" while there are none). */
  meta: () => browser.$("#check-results .sim-meta").getText().catch(() => ""),
  /** From the start screen through the forecast screen, a check of `runs` runs, until it is shown. */
  async fromStart(runs) {
    await start.open("forecast");
    await press("#forecast-check");
    await check.run({ runs });
    await browser.waitUntil(async () => new RegExp(` · ${runs} 回試行`).test(await check.meta()), {
      timeout: 120000,
      timeoutMsg: `no check of ${runs} runs came back`,
    });
  },
  /** Back to the forecast screen, and from it to the start screen. */
  async backToStart() {
    await press("#check-back");
    await browser.$("#forecast").waitForExist({ timeout: 5000 });
    await press("#forecast-back");
  },
};

/** The settings screen. */
export const settings = {
  /** Opens it from the start screen and waits for its form. */
  async open() {
    await start.open("settings");
    await browser.$("#settings").waitForExist({ timeout: 10000 });
    // Until today's MQLs are counted the page is shorter: a control below the count would move
    // from under a click when its chart arrives.
    await browser.waitUntil(async () => !(await browser.$("#mql-preview .muted").isExisting()), {
      timeout: 30000,
      timeoutMsg: "today's MQLs were never counted",
    });
  },
  /** Saves the form. */
  save: () => press("#settings-save"),
  /** The error the screen shows, or "" when there is none. */
  error: async () => ((await browser.$("#settings .sim-error").isExisting()) ? browser.$("#settings .sim-error").getText() : ""),
  /** Runs the scoring review for `outcome` (`hand_off`, `opportunity`, `won`) and waits for its
   * figures or its refusal; returns the refusal's text, or "" when figures came back. */
  async review(outcome) {
    await browser.$("#review-outcome").selectByAttribute("value", outcome);
    await press("#review-run");
    // This outcome's answer, not the one shown before it (a refusal stays until the next answer).
    const error = `#review-error[data-outcome="${outcome}"]`;
    const result = `#review-result[data-outcome="${outcome}"]`;
    await browser.waitUntil(
      async () =>
        (await browser.$("#review-run").isEnabled()) &&
        ((await browser.$(result).isExisting()) || (await browser.$(error).isExisting())),
      { timeout: 60000, timeoutMsg: `the scoring review for ${outcome} did not come back` },
    );
    return (await browser.$(error).isExisting()) ? browser.$(error).getText() : "";
  },
};
