// The forecast check (予測の検証) as its screen shows it: the cut-off and window asked for, a check
// in progress (with its progress and a cancel), and the last outcome. The engine computes every
// figure; this file only picks them out for display.
import { create } from "zustand";
import * as api from "../../ipc/api";
import { failed } from "../../ipc/errors";
import { useStudio } from "../../store/studio";

type Figure = api.BacktestOutcome["backtest"]["figures"][number];
export type Measure = Figure["measure"];

export interface CheckParams {
  /** YYYY-MM-DD, or empty for the latest cut-off whose window ends on the last recorded day. */
  cutoff: string;
  days: number;
  runs: number;
  seed: number;
}

interface CheckState {
  params: CheckParams;
  /** The screen the check was opened from, which its back button returns to. */
  from: "forecast" | "diagnosis";
  running: boolean;
  progress: api.Progress | null;
  outcome: api.BacktestOutcome | null;
  error: api.Localized | null;
  setParams: (change: Partial<CheckParams>) => void;
  run: () => Promise<void>;
  /** Ties recorded mail `detail` to `mail` (`scenario/node`), then checks again. */
  tie: (detail: string, mail: string) => Promise<void>;
  cancel: () => Promise<void>;
  clear: () => void;
}

export const useCheck = create<CheckState>((set, get) => ({
  params: { cutoff: "", days: 60, runs: 20, seed: 1 },
  from: "forecast",
  running: false,
  progress: null,
  outcome: null,
  error: null,
  setParams: (change) => set({ params: { ...get().params, ...change } }),
  run: async () => {
    if (get().running) return;
    const { cutoff, days, runs, seed } = get().params;
    set({ running: true, progress: null, error: null });
    try {
      const outcome = await api.runBacktest({ cutoff: cutoff || null, days, runs, seed }, (progress) => set({ progress }));
      // Cancelled: the previous outcome stays.
      if (outcome) set({ outcome });
    } catch (e) {
      set({ error: failed(e) });
    } finally {
      set({ running: false });
    }
  },
  tie: async (detail, mail) => {
    try {
      await api.tieRecordedMail(detail, mail);
    } catch (e) {
      set({ error: failed(e) });
      return;
    }
    await get().run();
  },
  cancel: async () => {
    await api.cancelSimulation();
  },
  clear: () => set({ outcome: null, error: null, progress: null }),
}));

/** The figure of `measure` for `scope` (scope fields compared as given). */
export function figureOf(outcome: api.BacktestOutcome, measure: Measure, scope: Partial<Figure> & { scope: Figure["scope"] }): Figure | undefined {
  return outcome.backtest.figures.find(
    (f) =>
      f.measure === measure &&
      f.scope === scope.scope &&
      Object.entries(scope).every(([k, v]) => (f as unknown as Record<string, unknown>)[k] === v),
  );
}

/** One week of a scenario's measure: the forecast band and mean, and what was recorded. */
export interface WeekPoint {
  week: number;
  band: [number, number];
  mean: number;
  actual: number | null;
  inBand: boolean | null;
}

/** A figure of one week of a scenario. */
type WeekFigure = Extract<Figure, { scope: "week" }>;
const isWeek = (f: Figure): f is WeekFigure => f.scope === "week";

/** The weeks of `scenario`'s `measure`, in order (none when a mail of it is not tied). */
export function weeksOf(outcome: api.BacktestOutcome, scenario: string, measure: Measure, scale = 1): WeekPoint[] {
  return outcome.backtest.figures
    .filter(isWeek)
    .filter((f) => f.measure === measure && f.scenario === scenario)
    .map((f) => ({
      week: f.week,
      band: [f.forecast.p05 * scale, f.forecast.p95 * scale] as [number, number],
      mean: f.forecast.mean * scale,
      actual: f.actual === null || f.actual === undefined ? null : f.actual * scale,
      inBand: f.in_band ?? null,
    }))
    .sort((a, b) => a.week - b.week);
}

/** Opens the forecast check from `from`, whose screen its back button returns to. */
export function openCheck(from: CheckState["from"]) {
  useCheck.setState({ from });
  useStudio.setState({ screen: "check" });
}
