// The lead charts' bars: largest first, the tail summed, unknown values named.
import { describe, expect, it } from "vitest";
import { bars } from "./LeadsScreen";

describe("lead count charts", () => {
  it("keeps the largest counts in order and sums the rest as other", () => {
    const counts = { 製造業: 40, 情報通信業: 55, "": 5, 卸売業: 40, 小売業: 3 };
    expect(bars(counts, 3, "その他", "不明")).toEqual([
      { name: "情報通信業", leads: 55 },
      { name: "卸売業", leads: 40 },
      { name: "製造業", leads: 40 },
      { name: "その他", leads: 8 },
    ]);
  });

  it("names an empty value and adds no other bar when everything fits", () => {
    expect(bars({ "": 2, a: 1 }, 5, "other", "unknown")).toEqual([
      { name: "unknown", leads: 2 },
      { name: "a", leads: 1 },
    ]);
  });
});
