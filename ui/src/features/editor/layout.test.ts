import { describe, expect, it } from "vitest";
import { autoLayout } from "./layout";

const node = (id: string) => ({ id, kind: { type: "end" } as never });

describe("auto-layout", () => {
  it("puts every node below the one that leads to it, and no two in one place", () => {
    const s = {
      format: "scenario-studio/1" as const,
      id: "s",
      name: "n",
      nodes: ["t", "c", "yes", "no", "end"].map(node),
      edges: [
        { id: "e1", source: "t", target: "c" },
        { id: "e2", source: "c", target: "yes", source_handle: "yes" },
        { id: "e3", source: "c", target: "no", source_handle: "no" },
        { id: "e4", source: "yes", target: "end" },
        { id: "e5", source: "no", target: "end" },
        { id: "e6", source: "c", target: "missing" },
      ],
    };
    const laid = autoLayout(s);
    const at = Object.fromEntries(laid.nodes.map((n) => [n.id, n.position!]));
    for (const e of s.edges.filter((e) => e.target !== "missing")) {
      expect(at[e.target].y).toBeGreaterThan(at[e.source].y);
    }
    const places = new Set(laid.nodes.map((n) => `${n.position!.x},${n.position!.y}`));
    expect(places.size).toBe(laid.nodes.length);
    expect(at.yes.x).not.toBe(at.no.x);
  });
});
