import { describe, expect, it } from "vitest";
import { formatDate, parseDate } from "./DateField";

describe("dates as the UI's language writes them", () => {
  it("shows an ISO date as 2026/12/05 in Japanese and 2026-12-05 in English", () => {
    expect(formatDate("2026-12-05", "ja")).toBe("2026/12/05");
    expect(formatDate("2026-12-05", "en")).toBe("2026-12-05");
    expect(formatDate("2026-11-20T15:00", "ja")).toBe("2026/11/20 15:00");
    expect(formatDate("", "ja")).toBe("");
  });
  it("reads a date however people type it, and refuses a day that does not exist", () => {
    for (const typed of ["2026/12/5", "2026-12-05", "2026.12.05", "２０２６／１２／０５", "2026年12月5日", " 2026/12/05 "]) {
      expect(parseDate(typed), typed).toBe("2026-12-05");
    }
    expect(parseDate("2026/02/30")).toBeNull();
    expect(parseDate("12/05/2026")).toBeNull();
    expect(parseDate("2026/12/05 10:00")).toBeNull();
    expect(parseDate("2026/11/20 15:00", true)).toBe("2026-11-20T15:00");
    expect(parseDate("2026-11-20T09:05", true)).toBe("2026-11-20T09:05");
    expect(parseDate("2026/11/20", true)).toBe("2026-11-20T00:00");
    expect(parseDate("2026/11/20 24:00", true)).toBeNull();
  });
});
