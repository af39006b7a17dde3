// Edge routing on the canvas: an edge leaves its exit downwards and enters its target from above,
// in straight runs with rounded corners, and its long run keeps to a lane no node stands in — so a
// condition's いいえ edge that skips a row passes beside the nodes in between, not under them, and
// its label stays readable. Pure geometry, so it is tested without a canvas.

export interface Point {
  x: number;
  y: number;
}

import type { Box } from "./layout";
export type { Box };

/** An edge's route: the corners from exit to entry, and where its label goes. */
export interface Route {
  points: Point[];
  label: Point;
}

/** How far an edge runs straight out of its exit and into its entry. */
export const STUB = 22;
/** The room an edge keeps from a node it passes. */
const CLEARANCE = 18;

function crossesVertical(box: Box, x: number, y0: number, y1: number): boolean {
  const [top, bottom] = y0 < y1 ? [y0, y1] : [y1, y0];
  return x > box.x - CLEARANCE / 2 && x < box.x + box.width + CLEARANCE / 2 && bottom > box.y && top < box.y + box.height;
}

function crossesHorizontal(box: Box, y: number, x0: number, x1: number): boolean {
  const [left, right] = x0 < x1 ? [x0, x1] : [x1, x0];
  return y > box.y - CLEARANCE / 2 && y < box.y + box.height + CLEARANCE / 2 && right > box.x && left < box.x + box.width;
}

/**
 * The route from exit `from` (the bottom of its node) to entry `to` (the top of its node) around
 * `obstacles` (every other node's box): down out of the exit, across to a free lane, along it,
 * across to above the entry and down into it. Of the lanes that pass no node, the one nearest
 * both ends is taken; with none free, the lane above the entry.
 */
export function route(from: Point, to: Point, obstacles: Box[]): Route {
  // Between rows closer than two stubs, the turns meet halfway.
  const close = to.y > from.y && to.y - from.y < 2 * STUB;
  const y1 = close ? (from.y + to.y) / 2 : from.y + STUB;
  const y2 = close ? y1 : to.y - STUB;
  // Only the nodes level with the route's runs can stand in its way (each edge is routed on every
  // render of the canvas: the rest of a long scenario is left out at once).
  const [top, bottom] = y1 < y2 ? [y1, y2] : [y2, y1];
  const near = obstacles.filter((b) => b.y + b.height + CLEARANCE > top && b.y - CLEARANCE < bottom);
  const free = (x: number) =>
    near.every(
      (b) => !crossesVertical(b, x, y1, y2) && !crossesHorizontal(b, y1, from.x, x) && !crossesHorizontal(b, y2, x, to.x),
    );
  // The lanes worth trying: straight above the entry, straight below the exit, and beside each
  // node the run would pass.
  const candidates = [to.x, from.x];
  for (const b of near) {
    if (b.y + b.height > top && b.y < bottom) candidates.push(b.x - CLEARANCE, b.x + b.width + CLEARANCE);
  }
  const cost = (x: number) => Math.abs(x - from.x) + Math.abs(x - to.x);
  const lane = candidates.filter(free).sort((a, b) => cost(a) - cost(b) || a - b)[0] ?? to.x;
  const points = [from, { x: from.x, y: y1 }, { x: lane, y: y1 }, { x: lane, y: y2 }, { x: to.x, y: y2 }, to];
  // The label near the exit it names, on a run clear of nodes: the run across to the lane, or,
  // going straight down, just below the exit.
  const label = lane !== from.x ? { x: (from.x + lane) / 2, y: y1 } : { x: from.x, y: Math.min(y1, (from.y + to.y) / 2) };
  return { points: dedupe(points), label };
}

/** The corners without repeats and without points in the middle of a straight run. */
function dedupe(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    const before = out[out.length - 2];
    if (before && last && ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))) out.pop();
    out.push(p);
  }
  return out;
}

/** An SVG path through `points` with corners rounded by up to `radius`. */
export function pathOf(points: Point[], radius = 8): string {
  if (points.length === 0) return "";
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
    const r = Math.min(radius, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
    const towards = (p: Point, q: Point, d: number) => {
      const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
      return { x: p.x + ((q.x - p.x) * d) / len, y: p.y + ((q.y - p.y) * d) / len };
    };
    const start = towards(b, a, r);
    const end = towards(b, c, r);
    d += ` L ${start.x} ${start.y} Q ${b.x} ${b.y} ${end.x} ${end.y}`;
  }
  const last = points[points.length - 1];
  return `${d} L ${last.x} ${last.y}`;
}
