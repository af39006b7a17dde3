// The import wizard sends only the columns the user remapped.
import { describe, expect, it } from "vitest";
import { changedColumns, FIELDS } from "./ImportWizard";
import { resources } from "../../i18n/index";

describe("the import wizard's column mapping", () => {
  const read: [string, (typeof FIELDS)[number] | null][] = [
    ["会社名", "company"],
    ["メール", "email"],
    ["備考", null],
  ];

  it("sends nothing when nothing was changed, or a column set back to what was read", () => {
    expect(changedColumns(read, {})).toBeNull();
    expect(changedColumns(read, { 会社名: "company", 備考: "" })).toBeNull();
  });

  it("sends the remapped columns; a column set to ignore stops feeding its field", () => {
    expect(changedColumns(read, { 備考: "department", 会社名: "ignore" })).toEqual({ 備考: "department", 会社名: "ignore" });
  });

  it("every field can be named in both languages", () => {
    for (const f of FIELDS) {
      expect(resources.ja.translation.field[f]).toBeTruthy();
      expect(resources.en.translation.field[f]).toBeTruthy();
    }
  });
});
