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
    // Plural forms are each language's own (English has _one and _other, Japanese only _other).
    const plain = (k: string) => k.replace(/_(one|other)$/, "");
    const ja = [...new Set(keys(resources.ja.translation).map(plain))].sort();
    const en = [...new Set(keys(resources.en.translation).map(plain))].sort();
    expect(ja.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !ja.includes(k))).toEqual([]);
    const empty = (table: object) =>
      keys(table).filter((k) => k.split(".").reduce((o: never, p) => o[p], table as never) === "");
    expect(empty(resources.ja.translation)).toEqual([]);
    expect(empty(resources.en.translation)).toEqual([]);
  });
});
