// House rules over the UI's sources that the compiler does not check (as tests/it/tidy.rs does for
// the engine): modules import each other without cycles, and nothing is typed `any`.
import { describe, expect, it } from "vitest";

/** Every source file of src/ (not the generated bindings), by its path under src/. */
const SOURCES: Record<string, string> = Object.fromEntries(
  Object.entries(import.meta.glob(["./**/*.{ts,tsx}", "!./bindings/**"], { query: "?raw", import: "default", eager: true }) as Record<string, string>).map(
    ([path, text]) => [path.slice(2), text],
  ),
);

/** `spec` imported from the file at `from`, as a module path under src/ (no extension). */
function resolve(from: string, spec: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const p of spec.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  const path = parts.join("/");
  const module = (p: string) => p.replace(/\.(ts|tsx)$/, "");
  const known = new Set(Object.keys(SOURCES).map(module));
  return known.has(path) ? path : known.has(`${path}/index`) ? `${path}/index` : path;
}

/** Each module of src/ (tests left out) with the modules of src/ it imports. */
function graph(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [file, text] of Object.entries(SOURCES)) {
    if (file.includes(".test.") || file.endsWith(".d.ts")) continue;
    const imports = [...text.matchAll(/from "(\.{1,2}\/[^"]+)"/g)]
      .map((m) => resolve(file, m[1]))
      .filter((m) => !m.startsWith("bindings/") && !m.endsWith(".css"));
    out.set(file.replace(/\.(ts|tsx)$/, ""), imports);
  }
  return out;
}

/** The modules that reach themselves through their imports. */
function cyclic(g: Map<string, string[]>): string[] {
  const reaches = (from: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      for (const next of g.get(stack.pop()!) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return seen;
  };
  return [...g.keys()].filter((m) => reaches(m).has(m)).sort();
}

describe("the UI's sources", () => {
  it("import each other without cycles", () => {
    const g = graph();
    expect(g.get("features/editor/Editor")).toContain("features/editor/nodes");
    expect(cyclic(g)).toEqual([]);
    // The check finds a cycle where there is one.
    g.set("features/editor/nodes", [...(g.get("features/editor/nodes") ?? []), "features/editor/Editor"]);
    expect(cyclic(g)).toContain("features/editor/nodes");
  });

  it("type nothing as any", () => {
    expect(Object.keys(SOURCES)).toContain("features/editor/forms.tsx");
    const offenders = Object.entries(SOURCES)
      .filter(([file]) => file !== "tidy.test.ts")
      // Code only: the texts of string literals (translations say "any") are cut first.
      .filter(([, text]) => /:\s*any\b|as any\b|<any>|, any>/.test(text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""')))
      .map(([file]) => file);
    expect(offenders).toEqual([]);
  });
});
