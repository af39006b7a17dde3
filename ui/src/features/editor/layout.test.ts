import { describe, expect, it } from "vitest";
import { autoLayout, legibleViewport, LEGIBLE_ZOOM, union } from "./layout";

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

describe("the view a scenario opens in", () => {
  const box = (x: number, y: number) => ({ x, y, width: 220, height: 86 });
  it("shows a small scenario whole and centred, never blown up past 1.2", () => {
    const v = legibleViewport([box(0, 0), box(0, 130)], { width: 800, height: 600 });
    expect(v.zoom).toBeCloseTo(1.2);
    // Centred: the middle of the scenario at the middle of the pane.
    expect(v.x + 110 * v.zoom).toBeCloseTo(400, 0);
    expect(v.y + 108 * v.zoom).toBeCloseTo(300, 0);
  });
  it("keeps a tall scenario legible and starts at its top, on its trigger", () => {
    const tall = Array.from({ length: 12 }, (_, i) => box(i % 2 ? 240 : 0, i * 130));
    const v = legibleViewport(tall, { width: 700, height: 500 });
    expect(v.zoom).toBe(LEGIBLE_ZOOM);
    expect(v.y).toBe(40);
    // Wider than it would fit with the margins? No: 460 wide fits in 620, so centred.
    expect(v.x).toBe(Math.round((700 - 460) / 2));
    const wide = [box(0, 0), box(-600, 130), box(600, 130), ...tall];
    const w = legibleViewport(wide, { width: 700, height: 500 });
    // Too wide: the trigger (the first node) in the middle.
    expect(w.x + 110 * w.zoom).toBeCloseTo(350, 0);
  });
});

describe("the exported image's extent", () => {
  it("holds every box drawn, an edge beside the nodes too", () => {
    const nodes = { x: 0, y: 0, width: 200, height: 400 };
    const loop = { x: -60, y: 100, width: 70, height: 250 };
    expect(union([nodes, loop])).toEqual({ x: -60, y: 0, width: 260, height: 400 });
  });
});
