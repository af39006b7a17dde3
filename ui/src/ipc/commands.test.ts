// The typed calls of `api.ts` against the shell's own command list: every command the shell
// registers (`generate_handler!` in src-tauri/src/lib.rs) is called by name from here and no
// other, each with exactly the arguments its Rust function takes (Tauri passes them by their
// camelCase names; the window's state and the app handle are not arguments). A command renamed,
// added or given another argument on one side fails this test, not a click in the app.
import { describe, expect, it } from "vitest";

const RUST: Record<string, string> = import.meta.glob("../../../src-tauri/src/**/*.rs", { query: "?raw", import: "default", eager: true });
const API: string = (import.meta.glob("./api.ts", { query: "?raw", import: "default", eager: true }) as Record<string, string>)["./api.ts"];

/** The shell's registered commands: the last segment of each path in `generate_handler!`. */
function registered(): string[] {
  const lib = Object.entries(RUST).find(([path]) => path.endsWith("/src/lib.rs"))![1];
  const list = lib.slice(lib.indexOf("generate_handler!["), lib.indexOf("])", lib.indexOf("generate_handler![")));
  return [...list.matchAll(/([a-z_]+)\s*(?:,|$)/g)].map((m) => m[1]).filter((n) => n !== "generate_handler");
}

/** The arguments of command `name`, camelCase, from its `#[tauri::command]` function. */
function argumentsOf(name: string): string[] {
  for (const text of Object.values(RUST)) {
    const at = text.search(new RegExp(`#\\[tauri::command\\]\\s*pub(?:\\(crate\\))? (?:async )?fn ${name}\\b`));
    if (at < 0) continue;
    const open = text.indexOf("(", text.indexOf(`fn ${name}`, at));
    let depth = 0;
    let close = open;
    for (; close < text.length; close++) {
      if ("(<".includes(text[close])) depth++;
      if (")>".includes(text[close])) depth--;
      if (depth === 0) break;
    }
    const params = text.slice(open + 1, close);
    return [...params.matchAll(/(?:^|,)\s*(?:mut\s+)?([a-z_]+)\s*:\s*([^,]+(?:<[^>]*>)?)/g)]
      .filter((m) => !/State|AppHandle|Window/.test(m[2]))
      .map((m) => m[1].replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()))
      .sort();
  }
  throw new Error(`no #[tauri::command] fn ${name}`);
}

/** Each command `api.ts` invokes, with the argument names it passes. */
function invoked(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of API.matchAll(/invoke<[^(]*?>\("([a-z_]+)"(?:,\s*\{([^}]*)\})?\)/g)) {
    const keys = (m[2] ?? "")
      .split(",")
      .map((part) => part.split(":")[0].trim())
      .filter(Boolean)
      .sort();
    out.set(m[1], keys);
  }
  return out;
}

describe("the UI's calls of the shell's commands", () => {
  it("call every registered command, and only those", () => {
    const names = registered();
    expect(names.length).toBeGreaterThan(40);
    expect([...invoked().keys()].sort()).toEqual([...names].sort());
  });

  it("pass each command exactly the arguments its Rust function takes", () => {
    for (const [name, keys] of invoked()) {
      expect({ name, keys }).toEqual({ name, keys: argumentsOf(name) });
    }
  });
});
