// Every string is translated: the Japanese and English tables have the same keys.
import { describe, expect, it } from "vitest";
import { resources } from "./index";

function keys(table: object, prefix = ""): string[] {
  return Object.entries(table).flatMap(([k, v]) =>
    typeof v === "object" && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe("translations", () => {
  it("Japanese and English have the same keys, none empty", () => {
    const ja = keys(resources.ja.translation).sort();
    const en = keys(resources.en.translation).sort();
    expect(ja.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !ja.includes(k))).toEqual([]);
    const empty = (table: object) =>
      keys(table).filter((k) => k.split(".").reduce((o: never, p) => o[p], table as never) === "");
    expect(empty(resources.ja.translation)).toEqual([]);
    expect(empty(resources.en.translation)).toEqual([]);
  });
});
