//! Orthogonal routing of a diagram's flows around its shapes: the connector routing of diagram
//! editors (a grid of the lines along the obstacles' edges and between them, searched for the
//! cheapest path by length, bends and overlap with flows already drawn). Pure geometry; the
//! search is deterministic (integer costs, ties broken by position).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// A point of the diagram.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Point {
    pub x: f64,
    pub y: f64,
}

/// An axis-aligned rectangle: top-left corner, width and height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn centre(&self) -> Point {
        Point {
            x: self.x + self.w / 2.0,
            y: self.y + self.h / 2.0,
        }
    }
    /// The rectangle grown by `d` on every side.
    pub fn inflated(&self, d: f64) -> Rect {
        Rect {
            x: self.x - d,
            y: self.y - d,
            w: self.w + 2.0 * d,
            h: self.h + 2.0 * d,
        }
    }
    /// Whether the two rectangles share interior.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    /// Whether the axis-parallel segment `a`–`b` passes through the interior.
    pub fn cut_by(&self, a: Point, b: Point) -> bool {
        let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
        let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
        if (x1 - x0).abs() < 1e-9 {
            x0 > self.x && x0 < self.right() && y1 > self.y && y0 < self.bottom()
        } else {
            y0 > self.y && y0 < self.bottom() && x1 > self.x && x0 < self.right()
        }
    }
}

/// A direction of travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Dir {
    Right,
    Down,
    Left,
    Up,
}

impl Dir {
    fn step(self) -> (f64, f64) {
        match self {
            Dir::Right => (1.0, 0.0),
            Dir::Down => (0.0, 1.0),
            Dir::Left => (-1.0, 0.0),
            Dir::Up => (0.0, -1.0),
        }
    }
    fn index(self) -> usize {
        self as usize
    }
    pub fn opposite(self) -> Dir {
        match self {
            Dir::Right => Dir::Left,
            Dir::Down => Dir::Up,
            Dir::Left => Dir::Right,
            Dir::Up => Dir::Down,
        }
    }
    fn turns(self) -> [Dir; 2] {
        match self {
            Dir::Right | Dir::Left => [Dir::Down, Dir::Up],
            Dir::Down | Dir::Up => [Dir::Right, Dir::Left],
        }
    }
    fn horizontal(self) -> bool {
        matches!(self, Dir::Right | Dir::Left)
    }
}

/// Where a flow leaves or enters a shape, and which way it travels there (out of the shape for
/// a start, into it for an end).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Port {
    pub at: Point,
    pub dir: Dir,
}

/// How far a flow runs straight out of its source and into its target.
pub(crate) const STUB: f64 = 20.0;
/// The room a flow keeps from a shape it passes.
pub(crate) const CLEARANCE: f64 = 10.0;
/// A bend costs as much as this much length.
const BEND: f64 = 40.0;
/// Running along a flow already drawn costs as much as this much length (and its length twice).
const OVERLAP: f64 = 400.0;
/// Crossing a flow already drawn.
const CROSSING: f64 = 12.0;
/// How far beyond its ends a route is first searched for.
const WINDOW: f64 = 300.0;

/// A coordinate as a key (quarter pixels).
fn key(v: f64) -> i64 {
    (v * 4.0).round() as i64
}

fn coordinates(mut v: Vec<f64>) -> Vec<f64> {
    v.retain(|x| x.is_finite());
    v.sort_by(f64::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() < 0.01);
    // A lane midway between neighbouring lines, so that a route can keep to the middle of a gap.
    let mut out = Vec::with_capacity(v.len() * 2);
    for w in v.windows(2) {
        out.push(w[0]);
        if w[1] - w[0] > 2.0 * CLEARANCE {
            out.push((w[0] + w[1]) / 2.0);
        }
    }
    out.extend(v.last());
    out
}

/// The router of one diagram: its shapes, and the flows routed so far.
pub(crate) struct Router {
    shapes: Vec<Rect>,
    xs: Vec<f64>,
    ys: Vec<f64>,
    /// Whether the grid segment right of (i, j) / below (i, j) passes through a shape's room.
    blocked_right: Vec<bool>,
    blocked_down: Vec<bool>,
    /// Flows drawn so far: horizontal runs by their y, vertical runs by their x.
    runs_h: BTreeMap<i64, Vec<(f64, f64)>>,
    runs_v: BTreeMap<i64, Vec<(f64, f64)>>,
}

impl Router {
    /// A router around `shapes`, whose flows will start and end at `ports`.
    pub fn new(shapes: &[Rect], ports: &[Port]) -> Router {
        let rooms: Vec<Rect> = shapes.iter().map(|r| r.inflated(CLEARANCE)).collect();
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for r in &rooms {
            xs.extend([r.x, r.right()]);
            ys.extend([r.y, r.bottom()]);
        }
        for p in ports {
            let (dx, dy) = p.dir.step();
            xs.extend([p.at.x, p.at.x + dx * STUB, p.at.x - dx * STUB]);
            ys.extend([p.at.y, p.at.y + dy * STUB, p.at.y - dy * STUB]);
        }
        // Lanes outside everything, for loops around the whole diagram.
        if let (Some(min), Some(max)) = (
            xs.iter().copied().reduce(f64::min),
            xs.iter().copied().reduce(f64::max),
        ) {
            xs.extend([min - 2.0 * CLEARANCE, max + 2.0 * CLEARANCE]);
        }
        if let (Some(min), Some(max)) = (
            ys.iter().copied().reduce(f64::min),
            ys.iter().copied().reduce(f64::max),
        ) {
            ys.extend([min - 2.0 * CLEARANCE, max + 2.0 * CLEARANCE]);
        }
        let (xs, ys) = (coordinates(xs), coordinates(ys));
        let (nx, ny) = (xs.len(), ys.len());
        let mut blocked_right = vec![false; nx * ny];
        let mut blocked_down = vec![false; nx * ny];
        let inside = |v: &[f64], lo: f64, hi: f64| {
            // Indices of the lines strictly between lo and hi.
            let a = v.partition_point(|&c| c <= lo + 1e-6);
            let b = v.partition_point(|&c| c < hi - 1e-6);
            a..b.max(a)
        };
        let spans = |v: &[f64], lo: f64, hi: f64| {
            // Indices i of the segments [v[i], v[i+1]] that overlap (lo, hi).
            let a = v.partition_point(|&c| c <= lo + 1e-6).saturating_sub(1);
            let b = v.partition_point(|&c| c < hi - 1e-6);
            a..b.max(a)
        };
        for r in &rooms {
            for j in inside(&ys, r.y, r.bottom()) {
                for i in spans(&xs, r.x, r.right()) {
                    if i + 1 < nx && xs[i + 1] > r.x + 1e-6 && xs[i] < r.right() - 1e-6 {
                        blocked_right[j * nx + i] = true;
                    }
                }
            }
            for i in inside(&xs, r.x, r.right()) {
                for j in spans(&ys, r.y, r.bottom()) {
                    if j + 1 < ny && ys[j + 1] > r.y + 1e-6 && ys[j] < r.bottom() - 1e-6 {
                        blocked_down[j * nx + i] = true;
                    }
                }
            }
        }
        Router {
            shapes: rooms,
            xs,
            ys,
            blocked_right,
            blocked_down,
            runs_h: BTreeMap::new(),
            runs_v: BTreeMap::new(),
        }
    }

    fn index_of(v: &[f64], c: f64) -> Option<usize> {
        let i = v.partition_point(|&x| x < c - 0.01);
        (i < v.len() && (v[i] - c).abs() < 0.01).then_some(i)
    }

    /// How much running from `a` to `b` costs beyond its length: along or across flows drawn.
    fn penalty(&self, a: Point, b: Point, horizontal: bool) -> f64 {
        let (runs, across, at, lo, hi) = if horizontal {
            (&self.runs_h, &self.runs_v, a.y, a.x.min(b.x), a.x.max(b.x))
        } else {
            (&self.runs_v, &self.runs_h, a.x, a.y.min(b.y), a.y.max(b.y))
        };
        let mut p = 0.0;
        if let Some(list) = runs.get(&key(at))
            && list.iter().any(|&(s, e)| s < hi - 0.5 && e > lo + 0.5)
        {
            p += OVERLAP + 2.0 * (hi - lo);
        }
        // Runs across, strictly between the ends (none between ends closer than a key's step).
        let (first, last) = (key(lo) + 1, key(hi));
        if first < last {
            for (_, list) in across.range(first..last) {
                if list.iter().any(|&(s, e)| s < at && e > at) {
                    p += CROSSING;
                }
            }
        }
        p
    }

    /// Records a routed flow, so that later flows keep off it.
    fn take(&mut self, points: &[Point]) {
        for w in points.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a.y - b.y).abs() < 1e-9 {
                self.runs_h
                    .entry(key(a.y))
                    .or_default()
                    .push((a.x.min(b.x), a.x.max(b.x)));
            } else {
                self.runs_v
                    .entry(key(a.x))
                    .or_default()
                    .push((a.y.min(b.y), a.y.max(b.y)));
            }
        }
    }

    /// The route of a flow from `from` to `to` (`skip`: the shapes it connects, by index), which
    /// later routes keep off.
    pub fn route(&mut self, from: Port, to: Port, skip: [usize; 2]) -> Vec<Point> {
        let points = self.search(from, to, skip);
        self.take(&points);
        points
    }

    fn search(&self, from: Port, to: Port, skip: [usize; 2]) -> Vec<Point> {
        // Straight across, when the ends face each other and nothing stands between them.
        let (dx, dy) = from.dir.step();
        let ahead = (to.at.x - from.at.x) * dx + (to.at.y - from.at.y) * dy;
        let aligned = if from.dir.horizontal() {
            (to.at.y - from.at.y).abs() < 0.01
        } else {
            (to.at.x - from.at.x).abs() < 0.01
        };
        if from.dir == to.dir && aligned && ahead > 0.0 {
            let clear = self
                .shapes
                .iter()
                .enumerate()
                .all(|(i, r)| skip.contains(&i) || !r.cut_by(from.at, to.at));
            if clear && self.penalty(from.at, to.at, from.dir.horizontal()) < OVERLAP {
                return vec![from.at, to.at];
            }
        }
        let start = Point {
            x: from.at.x + dx * STUB,
            y: from.at.y + dy * STUB,
        };
        let (ex, ey) = to.dir.step();
        let end = Point {
            x: to.at.x - ex * STUB,
            y: to.at.y - ey * STUB,
        };
        let found = self
            .grid_search(start, from.dir, end, to.dir, Some(WINDOW))
            .or_else(|| self.grid_search(start, from.dir, end, to.dir, None));
        let mut points = vec![from.at];
        match found {
            Some(middle) => points.extend(middle),
            // No way around (a target walled in by shapes): the plain elbow.
            None => points.extend([
                start,
                Point {
                    x: start.x,
                    y: end.y,
                },
                end,
            ]),
        }
        points.push(to.at);
        simplify(points)
    }

    /// The cheapest grid path from `start` (travelling `d0`) to `end` (then turning to `d1`),
    /// within `window` of their bounding box (or anywhere).
    fn grid_search(
        &self,
        start: Point,
        d0: Dir,
        end: Point,
        d1: Dir,
        window: Option<f64>,
    ) -> Option<Vec<Point>> {
        let (nx, ny) = (self.xs.len(), self.ys.len());
        let (si, sj) = (
            Self::index_of(&self.xs, start.x)?,
            Self::index_of(&self.ys, start.y)?,
        );
        let (ei, ej) = (
            Self::index_of(&self.xs, end.x)?,
            Self::index_of(&self.ys, end.y)?,
        );
        let (i0, i1, j0, j1) = match window {
            Some(w) => (
                self.xs
                    .partition_point(|&x| x < start.x.min(end.x) - w)
                    .min(si.min(ei)),
                self.xs
                    .partition_point(|&x| x <= start.x.max(end.x) + w)
                    .max(si.max(ei) + 1),
                self.ys
                    .partition_point(|&y| y < start.y.min(end.y) - w)
                    .min(sj.min(ej)),
                self.ys
                    .partition_point(|&y| y <= start.y.max(end.y) + w)
                    .max(sj.max(ej) + 1),
            ),
            None => (0, nx, 0, ny),
        };
        let (wx, wy) = (i1 - i0, j1 - j0);
        let state = |i: usize, j: usize, d: Dir| ((j - j0) * wx + (i - i0)) * 4 + d.index();
        let mut best = vec![i64::MAX; wx * wy * 4];
        let mut prev = vec![u32::MAX; wx * wy * 4];
        let mut heap = BinaryHeap::new();
        let cost = |c: f64| (c * 16.0).round() as i64;
        let s0 = state(si, sj, d0);
        best[s0] = 0;
        heap.push(Reverse((0i64, s0)));
        let mut goal: Option<(i64, usize)> = None;
        while let Some(Reverse((c, s))) = heap.pop() {
            if c > best[s] {
                continue;
            }
            if let Some((g, _)) = goal
                && c >= g
            {
                break;
            }
            let d = [Dir::Right, Dir::Down, Dir::Left, Dir::Up][s % 4];
            let cell = s / 4;
            let (i, j) = (cell % wx + i0, cell / wx + j0);
            if (i, j) == (ei, ej) && d != d1.opposite() {
                let total = c + if d == d1 { 0 } else { cost(BEND) };
                if goal.is_none_or(|(g, _)| total < g) {
                    goal = Some((total, s));
                }
            }
            for nd in [d, d.turns()[0], d.turns()[1]] {
                let (ni, nj, blocked) = match nd {
                    Dir::Right if i + 1 < i1 => (i + 1, j, self.blocked_right[j * nx + i]),
                    Dir::Left if i > i0 => (i - 1, j, self.blocked_right[j * nx + i - 1]),
                    Dir::Down if j + 1 < j1 => (i, j + 1, self.blocked_down[j * nx + i]),
                    Dir::Up if j > j0 => (i, j - 1, self.blocked_down[(j - 1) * nx + i]),
                    _ => continue,
                };
                if blocked {
                    continue;
                }
                let (a, b) = (
                    Point {
                        x: self.xs[i],
                        y: self.ys[j],
                    },
                    Point {
                        x: self.xs[ni],
                        y: self.ys[nj],
                    },
                );
                let length = (b.x - a.x).abs() + (b.y - a.y).abs();
                let step =
                    length + self.penalty(a, b, nd.horizontal()) + if nd == d { 0.0 } else { BEND };
                let next = state(ni, nj, nd);
                let nc = c + cost(step);
                if nc < best[next] {
                    best[next] = nc;
                    prev[next] = s as u32;
                    heap.push(Reverse((nc, next)));
                }
            }
        }
        let (_, mut s) = goal?;
        let mut cells = Vec::new();
        loop {
            let cell = s / 4;
            cells.push(Point {
                x: self.xs[cell % wx + i0],
                y: self.ys[cell / wx + j0],
            });
            if s == s0 {
                break;
            }
            s = prev[s] as usize;
        }
        cells.reverse();
        Some(cells)
    }
}

/// The corners of a path: no repeated points, no points in the middle of a straight run.
pub(crate) fn simplify(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if out
            .last()
            .is_some_and(|l| (l.x - p.x).abs() < 1e-9 && (l.y - p.y).abs() < 1e-9)
        {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let straight = ((a.x - b.x).abs() < 1e-9 && (b.x - p.x).abs() < 1e-9)
                || ((a.y - b.y).abs() < 1e-9 && (b.y - p.y).abs() < 1e-9);
            if straight {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }
    fn port(x: f64, y: f64, dir: Dir) -> Port {
        Port {
            at: Point { x, y },
            dir,
        }
    }
    fn crosses_any(points: &[Point], shapes: &[Rect], skip: [usize; 2]) -> bool {
        points.windows(2).any(|w| {
            shapes
                .iter()
                .enumerate()
                .any(|(i, r)| !skip.contains(&i) && r.cut_by(w[0], w[1]))
        })
    }

    #[test]
    fn a_flow_between_facing_ports_is_straight() {
        let shapes = [rect(0.0, 0.0, 100.0, 80.0), rect(0.0, 200.0, 100.0, 80.0)];
        let (a, b) = (port(50.0, 80.0, Dir::Down), port(50.0, 200.0, Dir::Down));
        let mut r = Router::new(&shapes, &[a, b]);
        let route = r.route(a, b, [0, 1]);
        assert_eq!(route, vec![a.at, b.at]);
    }

    #[test]
    fn a_flow_goes_around_a_shape_in_its_way_with_orthogonal_runs() {
        let shapes = [
            rect(0.0, 0.0, 100.0, 80.0),
            rect(0.0, 150.0, 100.0, 80.0),
            rect(0.0, 300.0, 100.0, 80.0),
        ];
        let (a, b) = (port(50.0, 80.0, Dir::Down), port(50.0, 300.0, Dir::Down));
        let mut r = Router::new(&shapes, &[a, b]);
        let route = r.route(a, b, [0, 2]);
        assert!(!crosses_any(&route, &shapes, [0, 2]), "{route:?}");
        assert!(
            route
                .windows(2)
                .all(|w| w[0].x == w[1].x || w[0].y == w[1].y)
        );
        assert_eq!(route.first(), Some(&a.at));
        assert_eq!(route.last(), Some(&b.at));
    }

    #[test]
    fn a_loop_back_up_runs_outside_the_column_and_enters_from_above() {
        let shapes = [
            rect(0.0, 0.0, 100.0, 80.0),
            rect(0.0, 150.0, 100.0, 80.0),
            rect(0.0, 300.0, 100.0, 80.0),
        ];
        let (a, b) = (port(50.0, 380.0, Dir::Down), port(50.0, 0.0, Dir::Down));
        let mut r = Router::new(&shapes, &[a, b]);
        let route = r.route(a, b, [2, 0]);
        assert!(!crosses_any(&route, &shapes, [2, 0]), "{route:?}");
        let n = route.len();
        assert!(route[n - 2].y < 0.0 && route[n - 2].x == 50.0, "{route:?}");
    }

    #[test]
    fn a_second_flow_keeps_off_the_first_ones_run() {
        let shapes = [
            rect(0.0, 0.0, 100.0, 80.0),
            rect(300.0, 0.0, 100.0, 80.0),
            rect(150.0, 300.0, 100.0, 80.0),
        ];
        let a = port(50.0, 80.0, Dir::Down);
        let b = port(350.0, 80.0, Dir::Down);
        let (t1, t2) = (port(170.0, 300.0, Dir::Down), port(230.0, 300.0, Dir::Down));
        let mut r = Router::new(&shapes, &[a, b, t1, t2]);
        let one = r.route(a, t1, [0, 2]);
        let two = r.route(b, t2, [1, 2]);
        let runs =
            |p: &[Point]| -> Vec<(Point, Point)> { p.windows(2).map(|w| (w[0], w[1])).collect() };
        for (p, q) in runs(&one) {
            for (s, t) in runs(&two) {
                let shared_h = p.y == q.y
                    && s.y == t.y
                    && p.y == s.y
                    && p.x.max(q.x).min(s.x.max(t.x)) - p.x.min(q.x).max(s.x.min(t.x)) > 0.5;
                assert!(!shared_h, "{one:?} {two:?}");
            }
        }
    }

    #[test]
    fn shapes_a_hair_apart_route_without_a_panic() {
        // Coordinates 0.1 px apart: the lanes between them are closer than the runs' keys.
        let shapes = [
            rect(0.0, 0.0, 100.0, 80.0),
            rect(0.1, 200.0, 100.0, 80.0),
            rect(0.2, 400.0, 100.0, 80.0),
        ];
        let ports = [
            port(50.0, 80.0, Dir::Down),
            port(50.1, 200.0, Dir::Down),
            port(50.1, 280.0, Dir::Down),
            port(50.2, 400.0, Dir::Down),
            port(50.2, 480.0, Dir::Down),
            port(50.0, 0.0, Dir::Down),
        ];
        let mut r = Router::new(&shapes, &ports);
        r.route(ports[0], ports[1], [0, 1]);
        r.route(ports[2], ports[3], [1, 2]);
        let back = r.route(ports[4], ports[5], [2, 0]);
        assert_eq!(back.last(), Some(&ports[5].at));
    }

    #[test]
    fn the_same_inputs_give_the_same_route() {
        let shapes = [
            rect(0.0, 0.0, 100.0, 80.0),
            rect(-200.0, 200.0, 100.0, 80.0),
        ];
        let (a, b) = (port(50.0, 80.0, Dir::Down), port(-150.0, 200.0, Dir::Down));
        let one = Router::new(&shapes, &[a, b]).route(a, b, [0, 1]);
        let two = Router::new(&shapes, &[a, b]).route(a, b, [0, 1]);
        assert_eq!(one, two);
    }
}
