// @vitest-environment jsdom
// The sales process and send calendar sections hand whole new sections to the settings screen:
// probabilities typed as percentages, delays as [shortest, longest], company holidays sorted.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import "../../i18n/index";

vi.mock("../../ipc/api", () => ({
  publicHolidays: vi.fn(async () => [{ date: "2027-01-01", name: { ja: "元日", en: "New Year's Day" } }]),
}));

import { CalendarSection, SalesSection, fromPercent, toPercent, withOwnWords, yearLater } from "./SettingsSections";

afterEach(cleanup);

const SALES = {
  accept_rate: 0.9,
  accept_days: [1, 5] as [number, number],
  opportunity_rate: 0.35,
  opportunity_days: [7, 30] as [number, number],
  win_rate: 0.3,
  close_days: [30, 90] as [number, number],
};

describe("the sales process section", () => {
  it("shows probabilities as percentages without float noise", () => {
    expect(toPercent(0.07)).toBe(7);
    expect(fromPercent(7)).toBe(0.07);
    expect(fromPercent(toPercent(0.355))).toBe(0.355);
  });

  it("a typed percentage goes out as a probability, a delay as its pair", () => {
    const onChange = vi.fn();
    const { container } = render(<SalesSection sales={SALES} onChange={onChange} />);
    const rate = container.querySelector("#sales-opportunity_rate") as HTMLInputElement;
    expect(rate.value).toBe("35");
    fireEvent.change(rate, { target: { value: "50" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...SALES, opportunity_rate: 0.5 });
    fireEvent.change(container.querySelector("#sales-close_days-max") as HTMLInputElement, { target: { value: "120" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...SALES, close_days: [30, 120] });
  });
});

describe("the send calendar section", () => {
  it("asks for the holidays of the coming year, 29 February included", () => {
    expect(yearLater("2026-12-01")).toBe("2027-12-01");
    expect(yearLater("2028-02-29")).toBe("2029-02-28");
  });

  it("adds a company holiday in date order and turns the year-end break off", async () => {
    const onChange = vi.fn();
    const calendar = { year_end: ["12-29", "01-03"] as [string, string], company_holidays: ["2027-08-14"] };
    const { container } = render(<CalendarSection calendar={calendar} onChange={onChange} />);
    expect(await screen.findByText("元日")).toBeTruthy();
    fireEvent.change(container.querySelector("#company-holiday-new") as HTMLInputElement, { target: { value: "2027-08-13" } });
    fireEvent.click(container.querySelector("#company-holiday-add") as HTMLButtonElement);
    expect(onChange).toHaveBeenLastCalledWith({ ...calendar, company_holidays: ["2027-08-13", "2027-08-14"] });
    fireEvent.click(container.querySelector("#year-end-on") as HTMLInputElement);
    expect(onChange).toHaveBeenLastCalledWith({ ...calendar, year_end: null });
  });
});

describe("the workspace's own deal status values", () => {
  it("typing a status's values replaces only that status's, split on commas or 、", () => {
    const values = { 見込み薄: "lost", 保留中: "working" } as const;
    expect(withOwnWords(values, "lost", "見込み薄、失注確定, Closed - Not Converted")).toEqual({
      保留中: "working",
      見込み薄: "lost",
      失注確定: "lost",
      "Closed - Not Converted": "lost",
    });
    expect(withOwnWords(values, "working", "")).toEqual({ 見込み薄: "lost" });
  });
});
