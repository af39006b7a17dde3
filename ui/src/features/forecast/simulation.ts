// The forecast as the editor shows it: the parameters, a run in progress (with its progress and
// a cancel), and the last outcome with the scenario it was computed for. The engine computes
// every figure; this file only picks them out for display.
import { create } from "zustand";
import * as api from "../../ipc/api";
import { failed } from "../../ipc/errors";

export interface SimParams {
  /** YYYY-MM-DD, or empty for the day after the recorded history. */
  start: string;
  days: number;
  runs: number;
  seed: number;
}

interface SimState {
  params: SimParams;
  running: boolean;
  /** Full runs finished (cancelled ones too): tells one run's results from the last one's. */
  finished: number;
  progress: api.Progress | null;
  outcome: api.SimulationOutcome | null;
  /** The scenario the outcome was computed for (results of an older version are marked stale);
   * null for a forecast of the workspace's stored scenarios. */
  computedFor: api.ScenarioFile | null;
  /** The outcome is a forecast of the whole workspace as stored (run from the forecast screen). */
  whole: boolean;
  /** The workspace's state that whole forecast was made on (`workspaceKey`); null once settings
   * changed. */
  wholeKey: string | null;
  error: api.Localized | null;
  /** A single lead's path, stepped through on the canvas. */
  trace: api.LeadTrace | null;
  /** The step shown on the canvas. */
  step: number;
  traceError: api.Localized | null;
  /** Live estimates on: each edit re-runs the forecast on a sample of the leads. */
  live: boolean;
  /** A live estimate is being computed. */
  liveBusy: boolean;
  /** Why the last live estimate could not be made (the full forecast's error stays apart). */
  liveError: api.Localized | null;
  setLive: (on: boolean) => void;
  /** Estimates `scenario` on the sample; while one runs, only the latest request waits. */
  runLive: (scenario: api.ScenarioFile) => Promise<void>;
  /** The last what-if comparison and the version of the scenario it was made for. */
  whatIf: api.WhatIf | null;
  whatIfFor: api.ScenarioFile | null;
  comparing: boolean;
  compareError: api.Localized | null;
  /** Forecasts `scenario` and its saved version `base` on the same leads and seeds. */
  compare: (scenario: api.ScenarioFile, base: number) => Promise<void>;
  setParams: (change: Partial<SimParams>) => void;
  traceLead: (scenario: api.ScenarioFile, lead: string) => Promise<void>;
  setStep: (step: number) => void;
  /** Forecasts the active scenarios with `scenario` as edited in place of its stored version, or
   * the stored ones alone for null (the whole workspace). */
  run: (scenario: api.ScenarioFile | null, wholeKey?: string) => Promise<void>;
  /** A workspace forecast becomes the forecast of `scenario`, opened unchanged from the workspace. */
  adopt: (scenario: api.ScenarioFile) => void;
  cancel: () => Promise<void>;
  clear: () => void;
}


/** How long after the last edit a live estimate starts. */
export const LIVE_DELAY_MS = 500;

/** The scenario a live estimate waits to run for, while another one runs, with the window it was
 * asked for. */
let queued: { scenario: api.ScenarioFile; window: string } | null = null;
/** Bumped by `clear`: a live estimate asked before it is dropped when it comes back. */
let generation = 0;
const windowOf = (p: SimParams) => JSON.stringify([p.start, p.days, p.seed]);

export const useSimulation = create<SimState>((set, get) => ({
  params: { start: "", days: 90, runs: 5, seed: 1 },
  running: false,
  finished: 0,
  progress: null,
  outcome: null,
  computedFor: null,
  whole: false,
  wholeKey: null,
  error: null,
  trace: null,
  step: 0,
  traceError: null,
  live: false,
  liveBusy: false,
  liveError: null,
  setLive: (live) => set({ live, liveError: null }),
  runLive: async (scenario) => {
    const params = get().params;
    if (get().liveBusy) {
      queued = { scenario, window: windowOf(params) };
      return;
    }
    const asked = generation;
    const { start, days, seed } = params;
    set({ liveBusy: true });
    try {
      const outcome = await api.simulateLive({ scenario, start: start || null, days, runs: 1, seed });
      // Dropped when the editor moved on to another scenario meanwhile, or a full forecast of this
      // very version finished meanwhile (the better figure).
      const current = get();
      const full = current.computedFor === scenario && current.outcome && !current.outcome.sample;
      if (asked === generation && current.live && !full) {
        set({ outcome, computedFor: scenario, whole: false, liveError: null });
      }
    } catch (e) {
      if (asked === generation) set({ liveError: failed(e) });
    } finally {
      set({ liveBusy: false });
    }
    const next = queued;
    queued = null;
    const changed = next && (next.scenario !== scenario || next.window !== windowOf(params));
    if (next && changed && asked === generation && get().live) await get().runLive(next.scenario);
  },
  whatIf: null,
  whatIfFor: null,
  comparing: false,
  compareError: null,
  compare: async (scenario, base) => {
    if (get().comparing || get().running) return;
    const { start, days, runs, seed } = get().params;
    set({ comparing: true, progress: null, compareError: null });
    try {
      const whatIf = await api.compareVersions({ scenario, start: start || null, days, runs, seed }, base, (progress) =>
        set({ progress }),
      );
      if (whatIf) set({ whatIf, whatIfFor: scenario });
    } catch (e) {
      set({ compareError: failed(e) });
    } finally {
      set({ comparing: false });
    }
  },
  setParams: (change) => set({ params: { ...get().params, ...change } }),
  traceLead: async (scenario, lead) => {
    const { start, days, runs, seed } = get().params;
    try {
      const trace = await api.traceLead({ scenario, start: start || null, days, runs, seed }, lead);
      set({ trace, step: 0, traceError: null });
    } catch (e) {
      set({ trace: null, traceError: failed(e) });
    }
  },
  setStep: (step) => {
    const trace = get().trace;
    if (trace) set({ step: Math.max(0, Math.min(trace.steps.length - 1, step)) });
  },
  run: async (scenario, wholeKey) => {
    if (get().running) return;
    const { start, days, runs, seed } = get().params;
    set({ running: true, progress: null, error: null });
    try {
      const outcome = await api.simulate({ scenario, start: start || null, days, runs, seed }, (progress) =>
        set({ progress }),
      );
      // Cancelled: the previous outcome stays. A live estimate of a later version, made while this
      // ran, stays too: it is the edit on screen.
      const shown = get();
      const newer = shown.live && shown.outcome?.sample && shown.computedFor !== scenario;
      if (outcome && !newer) set({ outcome, computedFor: scenario, whole: scenario === null, wholeKey: wholeKey ?? null });
    } catch (e) {
      set({ error: failed(e) });
    } finally {
      set({ running: false, finished: get().finished + 1 });
    }
  },
  adopt: (scenario) => {
    if (get().outcome && get().whole) set({ computedFor: scenario });
  },
  cancel: async () => {
    await api.cancelSimulation();
  },
  clear: () => {
    generation += 1;
    queued = null;
    set({ outcome: null, computedFor: null, whole: false, error: null, liveError: null, whatIf: null, whatIfFor: null, compareError: null, progress: null, trace: null, step: 0, traceError: null });
  },
}));

/** What a forecast of the whole workspace depends on that the app can see: its file, its lead
 * count, and each stored scenario's version and status. */
export function workspaceKey(workspace: api.WorkspaceInfo | null): string {
  if (!workspace) return "";
  return JSON.stringify([workspace.path, workspace.leads, workspace.scenarios.map((s) => [s.id, s.updated_at, s.versions, s.status])]);
}

/** The figures of scenario `id` in an outcome. */
export function summaryOf(outcome: api.SimulationOutcome | null, id: string): api.ScenarioSummary | undefined {
  return outcome?.scenarios.find((s) => s.id === id);
}

/** What the canvas shows of a forecast: per node the leads that entered, per exit its share. */
export interface Overlay {
  entered: Record<string, number>;
  /** `node/handle` → share of the node's entries that left by it, in percent. */
  share: Record<string, number>;
  /** Nodes tied to a KPI forecast outside its target (mails for open and click rates, hand-offs
   * for hand-off and deal rates). */
  missed: Set<string>;
}

const KPI_KINDS: Record<string, string[]> = {
  open_rate: ["send_email"],
  click_rate: ["send_email"],
  handoff_rate: ["notify_sales"],
  deal_rate: ["notify_sales"],
};

export function overlayOf(summary: api.ScenarioSummary | undefined, scenario: api.ScenarioFile): Overlay | null {
  if (!summary) return null;
  const entered: Record<string, number> = {};
  const share: Record<string, number> = {};
  for (const [id, bands] of summary.nodes) {
    entered[id] = bands.entered.mean;
    for (const [handle, band] of Object.entries(bands.exits)) {
      share[`${id}/${handle}`] = bands.entered.mean > 0 ? (100 * band.mean) / bands.entered.mean : 0;
    }
  }
  const missedKinds = new Set(
    summary.kpis.filter((k) => k.verdict === "below" || k.verdict === "above").flatMap((k) => KPI_KINDS[k.kpi] ?? []),
  );
  const missed = new Set(scenario.nodes.filter((n) => missedKinds.has(n.kind.type)).map((n) => n.id));
  return { entered, share, missed };
}

/** The nodes of scenario `id` on a traced lead's path up to step `upTo`, and the node of that step. */
export function pathOf(trace: api.LeadTrace | null, id: string, upTo: number): { visited: Set<string>; current: string | null } {
  const visited = new Set<string>();
  if (!trace) return { visited, current: null };
  trace.steps.slice(0, upTo + 1).forEach((s) => s.scenario === id && visited.add(s.node));
  const at = trace.steps[upTo];
  return { visited, current: at && at.scenario === id ? at.node : null };
}

/** "963（950〜970）" / "963 (950–970)"; one run has no band. */
export function formatBand(b: api.ScenarioSummary["enrolled"], runs: number, lang: "ja" | "en", percent = false): string {
  const n = (x: number) =>
    percent ? `${x.toLocaleString(lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 })}%` : Math.round(x).toLocaleString(lang);
  if (runs <= 1) return n(b.mean);
  return lang === "ja" ? `${n(b.mean)}（${n(b.p05)}〜${n(b.p95)}）` : `${n(b.mean)} (${n(b.p05)}–${n(b.p95)})`;
}
