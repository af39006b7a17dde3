import { describe, expect, it } from "vitest";
import type * as api from "../../ipc/api";
import { figureOf, weeksOf } from "./backtest";

const band = (mean: number, p05: number, p95: number) => ({ mean, p05, p95 });
const figure = (scope: object, measure: string, mean: number, actual: number | null, in_band: boolean | null) =>
  ({ ...scope, measure, forecast: band(mean, mean * 0.8, mean * 1.2), actual, in_band, error_pct: null, crps: null, baseline: null, beats_baseline: null }) as unknown as api.BacktestOutcome["backtest"]["figures"][number];

const outcome = {
  backtest: {
    cutoff: "2026-10-01",
    figures: [
      figure({ scope: "week", scenario: "welcome", week: 1 }, "open_rate", 0.4, 0.35, true),
      figure({ scope: "week", scenario: "welcome", week: 0 }, "open_rate", 0.5, null, null),
      figure({ scope: "week", scenario: "other", week: 0 }, "open_rate", 0.1, 0.1, true),
      figure({ scope: "week", scenario: "welcome", week: 0 }, "sent", 100, 90, true),
      figure({ scope: "mail", scenario: "welcome", node: "m1" }, "sent", 60, 50, false),
      figure({ scope: "mail", scenario: "welcome", node: "m2" }, "sent", 40, 40, true),
      figure({ scope: "total" }, "sent", 100, 90, true),
    ],
  },
} as unknown as api.BacktestOutcome;

describe("the forecast check's figures", () => {
  it("picks one scenario's weeks of one measure, in week order, scaled", () => {
    const weeks = weeksOf(outcome, "welcome", "open_rate", 100);
    expect(weeks.map((w) => w.week)).toEqual([0, 1]);
    expect(weeks[0].mean).toBeCloseTo(50);
    expect(weeks[0].actual).toBeNull();
    expect(weeks[1].band[0]).toBeCloseTo(32);
    expect(weeks[1].band[1]).toBeCloseTo(48);
    expect(weeks[1].actual).toBeCloseTo(35);
  });

  it("finds a figure by its whole scope", () => {
    expect(figureOf(outcome, "sent", { scope: "mail", scenario: "welcome", node: "m2" })?.actual).toBe(40);
    expect(figureOf(outcome, "sent", { scope: "total" })?.forecast.mean).toBe(100);
    expect(figureOf(outcome, "opened", { scope: "total" })).toBeUndefined();
  });
});
