import { describe, expect, it } from "vitest";
import { pathOf, route, type Box, type Point } from "./routing";

/** Whether the segment a→b (horizontal or vertical) passes through the inside of `box`. */
function hits(a: Point, b: Point, box: Box): boolean {
  const [left, right] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
  const [top, bottom] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
  return right > box.x && left < box.x + box.width && bottom > box.y && top < box.y + box.height;
}

function clear(points: Point[], boxes: Box[]): boolean {
  return points.slice(1).every((p, i) => boxes.every((b) => !hits(points[i], p, b)));
}

describe("edge routing", () => {
  it("goes straight down when nothing stands between", () => {
    const r = route({ x: 100, y: 70 }, { x: 100, y: 200 }, []);
    expect(r.points).toEqual([
      { x: 100, y: 70 },
      { x: 100, y: 200 },
    ]);
  });

  it("passes beside a node that stands between the exit and the entry", () => {
    // A condition's いいえ exit at the top, its target two rows down, a node in the row between.
    const between: Box = { x: 0, y: 130, width: 200, height: 70 };
    const r = route({ x: 130, y: 70 }, { x: 100, y: 260 }, [between]);
    expect(clear(r.points, [between])).toBe(true);
    // The label is on a run no node stands on.
    expect(hits({ x: r.label.x - 1, y: r.label.y - 1 }, { x: r.label.x + 1, y: r.label.y + 1 }, between)).toBe(false);
    // It takes the nearer side: the exit is right of the middle.
    expect(r.points.some((p) => p.x > 200)).toBe(true);
  });

  it("finds a lane through a row of nodes when one side is blocked", () => {
    const row: Box[] = [
      { x: -300, y: 130, width: 200, height: 70 },
      { x: -60, y: 130, width: 200, height: 70 },
    ];
    const r = route({ x: 40, y: 70 }, { x: 40, y: 260 }, row);
    expect(clear(r.points, row)).toBe(true);
  });

  it("climbs back to an entry above its exit beside the nodes", () => {
    const source: Box = { x: 0, y: 300, width: 200, height: 70 };
    const target: Box = { x: 0, y: 0, width: 200, height: 70 };
    const middle: Box = { x: 0, y: 150, width: 200, height: 70 };
    const r = route({ x: 100, y: 370 }, { x: 100, y: 0 }, [source, target, middle]);
    expect(clear(r.points.slice(1, -1), [source, target, middle])).toBe(true);
  });

  it("draws rounded corners and ends where the route ends", () => {
    const d = pathOf([
      { x: 0, y: 0 },
      { x: 0, y: 20 },
      { x: 50, y: 20 },
      { x: 50, y: 80 },
    ]);
    expect(d.startsWith("M 0 0")).toBe(true);
    expect(d).toContain("Q 0 20");
    expect(d.endsWith("L 50 80")).toBe(true);
  });
});
