import { describe, expect, it } from "vitest";
import { fileNameOf } from "./ExportDialog";

describe("export file names", () => {
  it("are the scenario's name, Japanese kept", () => {
    expect(fileNameOf("資料DL後フォロー", "post-download")).toBe("資料DL後フォロー");
  });
  it("replace what no file system takes, and trim dots and spaces", () => {
    expect(fileNameOf(' 2026/12 ウェビナー: "Q&A" <後編>? ', "s")).toBe("2026_12 ウェビナー_ _Q&A_ _後編__");
    expect(fileNameOf("..secret..", "s")).toBe("secret");
    expect(fileNameOf("a\tb\nc", "s")).toBe("a b c");
  });
  it("fall back to the id when nothing is left, and stay short", () => {
    expect(fileNameOf("///", "scenario-1")).toBe("scenario-1");
    expect(fileNameOf("  ", "scenario-1")).toBe("scenario-1");
    expect(Array.from(fileNameOf("あ".repeat(200), "s"))).toHaveLength(80);
  });
});
