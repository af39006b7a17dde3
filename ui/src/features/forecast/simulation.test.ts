// The forecast store and what the canvas and panel pick out of the engine's results.
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../ipc/api", () => ({
  simulate: vi.fn(),
  simulateLive: vi.fn(),
  compareVersions: vi.fn(),
  cancelSimulation: vi.fn(async () => {}),
}));

import * as api from "../../ipc/api";
import { overlayOf, pathOf, summaryOf, useSimulation, workspaceKey } from "./simulation";
import { formatBand } from "./simulation";

const band = (mean: number, p05 = mean, p95 = mean) => ({ mean, p05, p95 });
const scenario = {
  format: "scenario-studio/1",
  id: "welcome",
  name: "ウェルカム",
  nodes: [
    { id: "trigger", kind: { type: "trigger" } },
    { id: "mail", kind: { type: "send_email" } },
    { id: "ask", kind: { type: "condition" } },
    { id: "sales", kind: { type: "notify_sales" } },
  ],
  edges: [],
} as unknown as api.ScenarioFile;
const summary = {
  id: "welcome",
  nodes: [
    ["trigger", { entered: band(200), exits: { out: band(200) }, waiting_at_end: band(0) }],
    ["ask", { entered: band(80), exits: { yes: band(20), no: band(60) }, waiting_at_end: band(0) }],
    ["mail", { entered: band(0), exits: {}, waiting_at_end: band(0) }],
  ],
  kpis: [
    { kpi: "open_rate", target: { min: 20, max: 30 }, forecast: band(12, 10, 14), verdict: "below" },
    { kpi: "handoff_rate", target: { min: 1, max: 5 }, forecast: band(3), verdict: "within" },
  ],
} as unknown as api.ScenarioSummary;
const outcome = { start: "2026-12-01", days: 30, runs: 3, seed: 1, leads: 200, scenarios: [summary], notes: [] };

describe("the forecast on the canvas", () => {
  it("counts leads per node and the share of each exit", () => {
    const o = overlayOf(summary, scenario)!;
    expect(o.entered).toEqual({ trigger: 200, ask: 80, mail: 0 });
    expect(o.share["ask/yes"]).toBe(25);
    expect(o.share["ask/no"]).toBe(75);
    expect(o.share["trigger/out"]).toBe(100);
  });

  it("marks the nodes of a missed KPI: mails for the open rate, not hand-offs within target", () => {
    expect([...overlayOf(summary, scenario)!.missed]).toEqual(["mail"]);
  });

  it("has nothing to show without a forecast of this scenario", () => {
    expect(overlayOf(undefined, scenario)).toBeNull();
    expect(summaryOf(outcome as never, "other")).toBeUndefined();
  });

  it("writes a band in each language's punctuation, and one run without it", () => {
    expect(formatBand(band(963.2, 950, 970.4), 5, "ja")).toBe("963（950〜970）");
    expect(formatBand(band(963.2, 950, 970.4), 5, "en")).toBe("963 (950–970)");
    expect(formatBand(band(12.34, 10, 14), 1, "en", true)).toBe("12.3%");
    expect(formatBand(band(1234), 1, "ja")).toBe("1,234");
  });
});

describe("a traced lead on the canvas", () => {
  const step = (scenario: string, node: string) => ({ at: "", scenario, node, step: { type: "entered" }, text: { ja: "", en: "" } });
  const trace = {
    lead: 7,
    label: "",
    steps: [step("welcome", "trigger"), step("welcome", "mail"), step("other", "x"), step("welcome", "ask")],
  } as unknown as api.LeadTrace;

  it("marks the nodes passed so far and the node of the step shown", () => {
    const at1 = pathOf(trace, "welcome", 1);
    expect([...at1.visited]).toEqual(["trigger", "mail"]);
    expect(at1.current).toBe("mail");
    const at3 = pathOf(trace, "welcome", 3);
    expect([...at3.visited]).toEqual(["trigger", "mail", "ask"]);
  });

  it("a step in another scenario has no current node here; no trace marks nothing", () => {
    expect(pathOf(trace, "welcome", 2).current).toBeNull();
    expect(pathOf(null, "welcome", 0)).toEqual({ visited: new Set(), current: null });
  });
});

describe("the forecast store", () => {
  beforeEach(() => {
    useSimulation.getState().clear();
    vi.mocked(api.simulate).mockReset();
  });

  it("sends the parameters with the edited scenario, follows progress and keeps the outcome", async () => {
    vi.mocked(api.simulate).mockImplementation(async (_request, onProgress) => {
      onProgress({ done: 100, total: 200 });
      expect(useSimulation.getState().running).toBe(true);
      expect(useSimulation.getState().progress).toEqual({ done: 100, total: 200 });
      return outcome as never;
    });
    useSimulation.getState().setParams({ days: 30, runs: 3 });
    await useSimulation.getState().run(scenario);
    expect(vi.mocked(api.simulate).mock.calls[0][0]).toEqual({ scenario, start: null, days: 30, runs: 3, seed: 1 });
    const s = useSimulation.getState();
    expect(s.running).toBe(false);
    expect(s.outcome).toBe(outcome);
    expect(s.computedFor).toBe(scenario);
  });

  it("a forecast of the whole workspace becomes the forecast of a scenario opened unchanged from it", async () => {
    vi.mocked(api.simulate).mockResolvedValueOnce(outcome as never);
    await useSimulation.getState().run(null);
    expect(vi.mocked(api.simulate).mock.calls[0][0].scenario).toBeNull();
    expect([useSimulation.getState().computedFor, useSimulation.getState().whole]).toEqual([null, true]);
    useSimulation.getState().adopt(scenario);
    expect(useSimulation.getState().computedFor).toBe(scenario);
    // An edited version is not the stored one: once it changes, the forecast is stale again.
    const edited = { ...scenario, name: "変更" };
    expect(useSimulation.getState().computedFor).not.toBe(edited);
    // A forecast made in the editor is not adopted by another scenario.
    vi.mocked(api.simulate).mockResolvedValueOnce(outcome as never);
    await useSimulation.getState().run(scenario);
    useSimulation.getState().adopt({ ...scenario, id: "other" });
    expect(useSimulation.getState().computedFor).toBe(scenario);
  });

  it("a cancelled run keeps the previous outcome; a failed one says why", async () => {
    vi.mocked(api.simulate).mockResolvedValueOnce(outcome as never);
    await useSimulation.getState().run(scenario);
    vi.mocked(api.simulate).mockResolvedValueOnce(null);
    await useSimulation.getState().run({ ...scenario, name: "変更後" });
    expect(useSimulation.getState().outcome).toBe(outcome);
    expect(useSimulation.getState().computedFor).toBe(scenario);
    vi.mocked(api.simulate).mockRejectedValueOnce({ kind: "invalid-scenario", message: { ja: "エラー", en: "error" } });
    await useSimulation.getState().run(scenario);
    expect(useSimulation.getState().error).toEqual({ ja: "エラー", en: "error" });
    expect(useSimulation.getState().running).toBe(false);
  });
});

describe("live estimates", () => {
  const estimate = { ...outcome, runs: 1, sample: { leads: 10_000, of: 100_000, stride: 10 } };
  beforeEach(() => {
    useSimulation.getState().clear();
    useSimulation.getState().setLive(true);
    vi.mocked(api.simulateLive).mockReset();
  });

  it("an estimate asks for one run and is shown for the version it was made for", async () => {
    vi.mocked(api.simulateLive).mockResolvedValueOnce(estimate as never);
    await useSimulation.getState().runLive(scenario);
    expect(vi.mocked(api.simulateLive).mock.calls[0][0]).toMatchObject({ scenario, runs: 1 });
    expect(useSimulation.getState().outcome).toBe(estimate);
    expect(useSimulation.getState().computedFor).toBe(scenario);
  });

  it("edits made while one runs wait, and only the latest version is estimated next", async () => {
    let finish: (o: unknown) => void = () => {};
    vi.mocked(api.simulateLive).mockImplementationOnce(() => new Promise((resolve) => (finish = resolve)) as never);
    vi.mocked(api.simulateLive).mockResolvedValue(estimate as never);
    const first = useSimulation.getState().runLive(scenario);
    const second = { ...scenario, name: "2" };
    const third = { ...scenario, name: "3" };
    await useSimulation.getState().runLive(second);
    await useSimulation.getState().runLive(third);
    expect(api.simulateLive).toHaveBeenCalledTimes(1);
    finish(estimate);
    await first;
    expect(api.simulateLive).toHaveBeenCalledTimes(2);
    expect(vi.mocked(api.simulateLive).mock.calls[1][0].scenario).toBe(third);
    expect(useSimulation.getState().computedFor).toBe(third);
  });

  it("a full forecast of the same version is not replaced by an estimate, and estimate errors stay apart", async () => {
    let finish: (o: unknown) => void = () => {};
    vi.mocked(api.simulateLive).mockImplementationOnce(() => new Promise((resolve) => (finish = resolve)) as never);
    const pending = useSimulation.getState().runLive(scenario);
    vi.mocked(api.simulate).mockResolvedValueOnce(outcome as never);
    await useSimulation.getState().run(scenario);
    finish(estimate);
    await pending;
    expect(useSimulation.getState().outcome).toBe(outcome);
    vi.mocked(api.simulateLive).mockRejectedValueOnce({ kind: "invalid-scenario", message: { ja: "エラー", en: "error" } });
    await useSimulation.getState().runLive({ ...scenario, name: "壊れた" });
    expect(useSimulation.getState().liveError).toEqual({ ja: "エラー", en: "error" });
    expect(useSimulation.getState().error).toBeNull();
    expect(useSimulation.getState().outcome).toBe(outcome);
  });

  it("a changed window while one runs is estimated again, for the same version", async () => {
    let finish: (o: unknown) => void = () => {};
    vi.mocked(api.simulateLive).mockImplementationOnce(() => new Promise((resolve) => (finish = resolve)) as never);
    vi.mocked(api.simulateLive).mockResolvedValue(estimate as never);
    const first = useSimulation.getState().runLive(scenario);
    useSimulation.getState().setParams({ days: 60 });
    await useSimulation.getState().runLive(scenario);
    finish(estimate);
    await first;
    expect(api.simulateLive).toHaveBeenCalledTimes(2);
    expect(vi.mocked(api.simulateLive).mock.calls[1][0].days).toBe(60);
  });

  it("an estimate that comes back after the editor moved to another scenario is dropped", async () => {
    let finish: (o: unknown) => void = () => {};
    vi.mocked(api.simulateLive).mockImplementationOnce(() => new Promise((resolve) => (finish = resolve)) as never);
    const pending = useSimulation.getState().runLive(scenario);
    useSimulation.getState().clear();
    finish(estimate);
    await pending;
    expect(useSimulation.getState().outcome).toBeNull();
  });

  it("a full forecast of an earlier version does not replace the estimate of the edit on screen", async () => {
    let finish: (o: unknown) => void = () => {};
    vi.mocked(api.simulate).mockImplementationOnce(() => new Promise((resolve) => (finish = resolve)) as never);
    const running = useSimulation.getState().run(scenario);
    const edited = { ...scenario, name: "編集後" };
    vi.mocked(api.simulateLive).mockResolvedValueOnce(estimate as never);
    await useSimulation.getState().runLive(edited);
    finish(outcome);
    await running;
    expect([useSimulation.getState().outcome, useSimulation.getState().computedFor]).toEqual([estimate, edited]);
  });

  it("turned off, an estimate that arrives late is dropped", async () => {
    let finish: (o: unknown) => void = () => {};
    vi.mocked(api.simulateLive).mockImplementationOnce(() => new Promise((resolve) => (finish = resolve)) as never);
    const pending = useSimulation.getState().runLive(scenario);
    useSimulation.getState().setLive(false);
    finish(estimate);
    await pending;
    expect(useSimulation.getState().outcome).toBeNull();
  });
});

describe("the what-if comparison", () => {
  const whatIf = { base: 2, start: "2026-12-01", days: 30, runs: 3, seed: 1, leads: 200, comparison: { figures: [], nodes: [] } };
  beforeEach(() => {
    useSimulation.getState().clear();
    vi.mocked(api.compareVersions).mockReset();
  });

  it("sends the edited scenario, the window and the base version, and keeps what came back for that version", async () => {
    vi.mocked(api.compareVersions).mockImplementation(async (_request, _base, onProgress) => {
      onProgress({ done: 1, total: 4 });
      expect(useSimulation.getState().comparing).toBe(true);
      return whatIf as never;
    });
    useSimulation.getState().setParams({ days: 30, runs: 3 });
    await useSimulation.getState().compare(scenario, 2);
    const [request, base] = vi.mocked(api.compareVersions).mock.calls[0];
    expect(request).toEqual({ scenario, start: null, days: 30, runs: 3, seed: 1 });
    expect(base).toBe(2);
    const s = useSimulation.getState();
    expect([s.comparing, s.whatIf, s.whatIfFor]).toEqual([false, whatIf, scenario]);
  });

  it("a cancelled comparison keeps the previous one; a failed one says why apart from the forecast", async () => {
    vi.mocked(api.compareVersions).mockResolvedValueOnce(whatIf as never);
    await useSimulation.getState().compare(scenario, 2);
    vi.mocked(api.compareVersions).mockResolvedValueOnce(null);
    await useSimulation.getState().compare({ ...scenario, name: "x" }, 1);
    expect(useSimulation.getState().whatIf).toBe(whatIf);
    vi.mocked(api.compareVersions).mockRejectedValueOnce({ kind: "unknown-version", message: { ja: "版なし", en: "no version" } });
    await useSimulation.getState().compare(scenario, 9);
    expect(useSimulation.getState().compareError).toEqual({ ja: "版なし", en: "no version" });
    expect(useSimulation.getState().error).toBeNull();
  });
});

describe("the workspace's state a whole forecast was made on", () => {
  const ws = {
    path: "/w.scenario-ws",
    name: "w",
    leads: 10,
    drafts: [],
    scenarios: [{ id: "welcome", name: "ウェルカム", status: "active", updated_at: 1, versions: 1 }],
  } as unknown as api.WorkspaceInfo;
  it("changes with a saved version, a status or the leads, and not otherwise", () => {
    expect(workspaceKey(ws)).toBe(workspaceKey({ ...ws }));
    expect(workspaceKey(ws)).not.toBe(workspaceKey({ ...ws, leads: 11 }));
    const saved = { ...ws, scenarios: [{ ...ws.scenarios[0], updated_at: 2, versions: 2 }] };
    expect(workspaceKey(ws)).not.toBe(workspaceKey(saved));
    const paused = { ...ws, scenarios: [{ ...ws.scenarios[0], status: "paused" as const }] };
    expect(workspaceKey(ws)).not.toBe(workspaceKey(paused));
  });
});
