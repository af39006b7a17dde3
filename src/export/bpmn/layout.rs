//! Where a scenario's BPMN diagram draws things: shapes at the positions the user drew on the
//! canvas (moved apart only to make room for a merging gateway or a taller task), each flow
//! attached at a port of its own and routed orthogonally around the shapes (`route`), and every
//! external label placed beside its symbol or flow, clear of flows, shapes and other labels.
//! A scenario drawn top to bottom keeps that direction; one drawn left to right keeps that.
//!
//! Text is measured as bpmn-js draws it (Noto Sans CJK: a CJK character or emoji one em, Latin
//! about half), and broken into lines as bpmn-js breaks them (at spaces, and anywhere in a run of
//! CJK), so that tasks are sized for their names and labels' bounds hold their text.

use super::route::{Dir, Point, Port, Rect, Router, simplify};

/// The canvas cell a node occupies (its position is the cell's top-left corner); each shape is
/// centred in it.
pub(super) const CELL: (f64, f64) = (160.0, 80.0);
/// A task's smallest and largest width, and its height for up to two lines of text.
const TASK: (f64, f64, f64) = (100.0, 160.0, 80.0);
const EVENT: f64 = 36.0;
const GATEWAY: f64 = 50.0;
/// Room made before a row (or column) whose node gets a merging gateway.
const JOIN_ROOM: f64 = 80.0;
/// The gap between a merging gateway and the node it leads into.
const JOIN_GAP: f64 = 22.0;
/// How far a wait-until's outcome events stand beside its gateway (centre to centre).
const BESIDE: f64 = 80.0;
/// bpmn-js's text: task names at 12 px, external labels at 11 px (here in lines up to 110 px
/// wide), lines 1.2 high.
const TASK_FONT: f64 = 12.0;
const LABEL_FONT: f64 = 11.0;
const LABEL_BOX: f64 = 110.0;
const LABEL_LINE: f64 = 180.0;
const LINE: f64 = 1.2;
/// A task's text keeps this far from its box's sides (bpmn-js's 7, and room for the measure's
/// error).
const TASK_PADDING: f64 = 10.0;

/// What a flow node is drawn as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    Task,
    Event,
    Gateway,
}

/// Where a flow node goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum At {
    /// A node at its canvas position.
    Cell { x: f64, y: f64 },
    /// A merging gateway, just before the node its one outgoing flow leads to.
    Join,
    /// An outcome event of a wait-until, beside the gateway with this index.
    Beside(usize),
}

/// A flow node to draw.
pub(super) struct Item<'a> {
    pub form: Form,
    pub name: &'a str,
    pub at: At,
}

/// A flow to draw, between items by index.
pub(super) struct Link<'a> {
    pub source: usize,
    pub target: usize,
    pub name: &'a str,
}

/// The drawn diagram, in the order of the items and links given.
pub(super) struct Drawing {
    pub shapes: Vec<Rect>,
    /// Each item's external label (events and gateways with a name).
    pub labels: Vec<Option<Rect>>,
    pub routes: Vec<Vec<Point>>,
    pub link_labels: Vec<Option<Rect>>,
}

/// Whether a character takes a full em in Noto Sans CJK (CJK, kana, full-width forms, emoji,
/// circled numbers).
fn wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2460..=0x24FF | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F000..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// A character's width at `px` (Latin rounded up, so that text measured here is never narrower
/// than drawn).
fn char_width(c: char, px: f64) -> f64 {
    if wide(c) {
        px
    } else if c == ' ' {
        0.28 * px
    } else if c.is_ascii_lowercase() {
        if matches!(c, 'm' | 'w') {
            0.85 * px
        } else {
            0.57 * px
        }
    } else if c.is_ascii_uppercase() || c.is_ascii_digit() {
        if matches!(c, 'M' | 'W') {
            0.9 * px
        } else {
            0.68 * px
        }
    } else if c.is_ascii() {
        0.45 * px
    } else {
        0.75 * px
    }
}

/// A text's width at `px`.
fn width(text: &str, px: f64) -> f64 {
    text.chars().map(|c| char_width(c, px)).sum()
}

/// A text's length as JavaScript counts it (UTF-16 code units): bpmn-js shortens lines by it.
fn js_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// The first `n` UTF-16 code units of `text` (not splitting a character).
fn js_prefix(text: &str, n: usize) -> &str {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > n {
            return &text[..i];
        }
    }
    text
}

/// bpmn-js's shortening of a line too wide by `over` (its width over the line's): at spaces and
/// hyphens where it can, else cut by an estimate of how many characters fit.
fn shorten(line: &str, line_width: f64, max: f64) -> &str {
    let length = (js_len(line) as f64 * (max / line_width)).max(1.0);
    // The parts between and including the break characters, as JavaScript's split with a
    // capturing group gives them (stopping at the first empty one, as bpmn-js's loop does).
    let mut parts: Vec<&str> = Vec::new();
    let mut last = 0;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() || c == '-' || c == '\u{ad}' {
            parts.push(&line[last..i]);
            parts.push(&line[i..i + c.len_utf8()]);
            last = i + c.len_utf8();
        }
    }
    parts.push(&line[last..]);
    let mut taken = 0usize; // bytes of `line` kept
    let mut count = 0usize; // their JavaScript length
    if parts.len() > 1 {
        let mut kept: Vec<&str> = Vec::new();
        for part in parts {
            if part.is_empty() {
                break;
            }
            if (js_len(part) + count) as f64 >= length {
                if part == "-" || part == "\u{ad}" {
                    kept.pop();
                }
                break;
            }
            count += js_len(part);
            kept.push(part);
        }
        taken = kept.iter().map(|p| p.len()).sum();
    }
    if taken == 0 {
        let n = ((length - 1.0).round() as usize).max(1);
        return js_prefix(line, n);
    }
    &line[..taken]
}

/// The widths of the lines bpmn-js breaks `text` into at `px` in lines `max` wide (diagram-js's
/// text layout: each line shortened until it fits, the rest going on to the next).
pub(super) fn lines(text: &str, px: f64, max: f64) -> Vec<f64> {
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut rest: String = paragraph.trim_end_matches('\r').to_owned();
        loop {
            let original = rest.clone();
            let mut fit: &str = &original;
            let w = loop {
                let w = width(fit, px);
                if fit.is_empty() || fit == " " || w <= max || js_len(fit) < 2 {
                    break w;
                }
                let shorter = shorten(fit, w, max);
                if shorter.len() == fit.len() {
                    break w;
                }
                fit = shorter;
            };
            out.push(w);
            if fit.len() < original.len() {
                rest = original[fit.len()..].trim().to_owned();
                if rest.is_empty() {
                    break;
                }
            } else {
                break;
            }
        }
    }
    out
}

/// A task's size for its name: the narrowest width (in steps of 10) at which the name takes two
/// lines at most; taller at the widest for a longer name, so that the task's icon in the
/// top-left corner stays clear of the text.
fn task_size(name: &str) -> (f64, f64) {
    let (min, max, height) = TASK;
    let mut w = min;
    loop {
        let n = lines(name, TASK_FONT, w - 2.0 * TASK_PADDING).len().max(1) as f64;
        if n <= 2.0 {
            return (w, height);
        }
        if w >= max {
            let text = n * TASK_FONT * LINE;
            return (w, (text + 52.0).max(height).ceil());
        }
        w += 10.0;
    }
}

/// The bounds an external label may take, the preferred first: on one line where it is no
/// wider than `LABEL_LINE` (a Japanese name has no spaces, so bpmn-js would break it mid-word),
/// else broken into lines `LABEL_BOX` wide. bpmn-js breaks the text to the bounds' width, so they
/// are a little wider than the text measured here, which keeps its lines as measured.
fn label_sizes(name: &str) -> Vec<(f64, f64)> {
    let size = |l: Vec<f64>| {
        let w = (l.iter().copied().fold(0.0, f64::max) * 1.1 + 4.0).ceil();
        let h = (l.len().max(1) as f64 * LABEL_FONT * LINE).ceil() + 2.0;
        (w, h)
    };
    let one = lines(name, LABEL_FONT, LABEL_LINE);
    let wrapped = size(lines(name, LABEL_FONT, LABEL_BOX));
    if one.len() == 1 && size(one.clone()) != wrapped {
        vec![size(one), wrapped]
    } else {
        vec![wrapped]
    }
}

/// The size of an item's shape.
fn size(item: &Item) -> (f64, f64) {
    match item.form {
        Form::Task => task_size(item.name),
        Form::Event => (EVENT, EVENT),
        Form::Gateway => (GATEWAY, GATEWAY),
    }
}

/// The diagram's main direction and the other one: down and across, or across and down.
#[derive(Clone, Copy)]
struct Frame {
    down: bool,
}

impl Frame {
    /// A real point from (along, across).
    fn point(self, m: f64, c: f64) -> Point {
        if self.down {
            Point { x: c, y: m }
        } else {
            Point { x: m, y: c }
        }
    }
    /// (along, across) of a real point.
    fn of(self, p: Point) -> (f64, f64) {
        if self.down { (p.y, p.x) } else { (p.x, p.y) }
    }
    /// The lengths of a real size (along, across).
    fn lengths(self, (w, h): (f64, f64)) -> (f64, f64) {
        if self.down { (h, w) } else { (w, h) }
    }
    fn forward(self) -> Dir {
        if self.down { Dir::Down } else { Dir::Right }
    }
    fn backward(self) -> Dir {
        if self.down { Dir::Up } else { Dir::Left }
    }
    /// Towards the lower across coordinate (left in a top-down diagram).
    fn before(self) -> Dir {
        if self.down { Dir::Left } else { Dir::Up }
    }
    fn after(self) -> Dir {
        if self.down { Dir::Right } else { Dir::Down }
    }
}

/// A side of a shape a flow is attached at: its start or end along the main direction, its
/// sides across it, or a point on a gateway's edge (a fraction along the edge from the side
/// corner towards the start or end corner).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Start,
    End,
    Before,
    After,
    Edge { end: bool, before: bool, t: f64 },
}

/// The point of `side` on shape `r`, and the direction a flow leaving there travels (a flow
/// arriving there travels the opposite way).
fn port(frame: Frame, r: Rect, side: Side) -> Port {
    let (m0, c0) = frame.of(Point { x: r.x, y: r.y });
    let (ml, cl) = frame.lengths((r.w, r.h));
    let (mc, cc) = (m0 + ml / 2.0, c0 + cl / 2.0);
    let (m, c, dir) = match side {
        Side::Start => (m0, cc, frame.backward()),
        Side::End => (m0 + ml, cc, frame.forward()),
        Side::Before => (mc, c0, frame.before()),
        Side::After => (mc, c0 + cl, frame.after()),
        Side::Edge { end, before, t } => {
            let corner_c = if before { c0 } else { c0 + cl };
            let tip_m = if end { m0 + ml } else { m0 };
            let (m, c) = (mc + t * (tip_m - mc), corner_c + t * (cc - corner_c));
            (
                m,
                c,
                if end {
                    frame.forward()
                } else {
                    frame.backward()
                },
            )
        }
    };
    Port {
        at: frame.point(m, c),
        dir,
    }
}

/// Lays out the diagram.
pub(super) fn draw(items: &[Item], links: &[Link]) -> Drawing {
    let cell = |i: usize| match items[i].at {
        At::Cell { x, y } => Some(Point {
            x: x + CELL.0 / 2.0,
            y: y + CELL.1 / 2.0,
        }),
        _ => None,
    };
    // Down the page unless the flows between drawn nodes mostly run across it.
    let (mut along_y, mut along_x) = (0.0, 0.0);
    for l in links {
        if let (Some(a), Some(b)) = (cell(l.source), cell(l.target)) {
            along_y += (b.y - a.y).abs();
            along_x += (b.x - a.x).abs();
        }
    }
    let frame = Frame {
        down: along_y >= along_x || along_x == 0.0,
    };
    let sizes: Vec<(f64, f64)> = items.iter().map(size).collect();
    let out_of = |i: usize| links.iter().filter(move |l| l.source == i);
    // The nodes a merging gateway leads into.
    let mut joined = vec![false; items.len()];
    for l in links {
        if items[l.source].at == At::Join {
            joined[l.target] = true;
        }
    }
    // Room before each row (column) of drawn nodes: for a merging gateway, and for a task
    // longer along the main direction than the cell.
    let base = if frame.down { TASK.2 } else { TASK.0 };
    let mut rows: Vec<(f64, f64)> = Vec::new(); // (the cell's main coordinate, room)
    for i in 0..items.len() {
        let Some(c) = cell(i) else { continue };
        let (m, _) = frame.of(c);
        let (ml, _) = frame.lengths(sizes[i]);
        let mut room = if items[i].form == Form::Task {
            (ml - base).max(0.0)
        } else {
            0.0
        };
        if joined[i] {
            room += JOIN_ROOM;
        }
        rows.push((m, room));
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
    rows.dedup_by(|a, b| a.0 == b.0);
    let shift = |m: f64| -> f64 {
        rows.iter()
            .take_while(|r| r.0 <= m)
            .map(|r| r.1)
            .sum::<f64>()
    };
    let mut centres: Vec<Option<(f64, f64)>> = vec![None; items.len()];
    for (i, slot) in centres.iter_mut().enumerate() {
        if let Some(c) = cell(i) {
            let (m, c) = frame.of(c);
            *slot = Some((m + shift(m), c));
        }
    }
    // Merging gateways just before their node.
    for j in 0..items.len() {
        if items[j].at != At::Join {
            continue;
        }
        let target = out_of(j).map(|l| l.target).next();
        if let Some((m, c)) = target
            .and_then(|t| centres[t].map(|p| (p, t)))
            .map(|(p, t)| {
                let (ml, _) = frame.lengths(sizes[t]);
                (p.0 - ml / 2.0 - JOIN_GAP - GATEWAY / 2.0, p.1)
            })
        {
            centres[j] = Some((m, c));
        }
    }
    // A wait-until's outcomes beside its gateway, in the order of where they lead.
    for g in 0..items.len() {
        let mut parts: Vec<(f64, usize)> = (0..items.len())
            .filter(|&p| items[p].at == At::Beside(g))
            .map(|p| {
                let lead = out_of(p)
                    .filter_map(|l| centres[l.target])
                    .map(|c| c.1)
                    .next()
                    .unwrap_or(0.0);
                (lead, p)
            })
            .collect();
        if parts.is_empty() {
            continue;
        }
        parts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let Some((m, c)) = centres[g] else { continue };
        let n = parts.len() as f64;
        for (k, (_, p)) in parts.iter().enumerate() {
            let offset = if n == 1.0 {
                BESIDE
            } else {
                (k as f64 - (n - 1.0) / 2.0) * 2.0 * BESIDE / (n - 1.0).max(1.0)
            };
            centres[*p] = Some((m, c + offset));
        }
    }
    let shapes: Vec<Rect> = (0..items.len())
        .map(|i| {
            let (m, c) = centres[i].unwrap_or((0.0, 0.0));
            let (w, h) = sizes[i];
            let p = frame.point(m, c);
            Rect {
                x: p.x - w / 2.0,
                y: p.y - h / 2.0,
                w,
                h,
            }
        })
        .collect();
    let centre = |i: usize| frame.of(shapes[i].centre());
    let ports = link_ports(frame, items, links, &shapes, centre);
    // Route the shortest flows first, so that the long ones (loops) go around them.
    let mut router = Router::new(
        &shapes,
        &ports.iter().flat_map(|(a, b)| [*a, *b]).collect::<Vec<_>>(),
    );
    let mut order: Vec<usize> = (0..links.len()).collect();
    let span = |k: usize| {
        let (a, b) = (ports[k].0.at, ports[k].1.at);
        (a.x - b.x).abs() + (a.y - b.y).abs()
    };
    order.sort_by(|&a, &b| span(a).total_cmp(&span(b)).then(a.cmp(&b)));
    let mut routes = vec![Vec::new(); links.len()];
    for k in order {
        let l = &links[k];
        routes[k] = router.route(ports[k].0, ports[k].1, [l.source, l.target]);
    }
    let (labels, link_labels) = place_labels(frame, items, links, &shapes, &routes);
    Drawing {
        shapes,
        labels,
        routes,
        link_labels,
    }
}

/// Each link's port on its source (leaving) and on its target (arriving).
fn link_ports(
    frame: Frame,
    items: &[Item],
    links: &[Link],
    shapes: &[Rect],
    centre: impl Fn(usize) -> (f64, f64),
) -> Vec<(Port, Port)> {
    const EPS: f64 = 1.0;
    let mut out_side = vec![Side::End; links.len()];
    let mut in_side = vec![Side::Start; links.len()];
    for (i, item) in items.iter().enumerate() {
        let outs: Vec<usize> = (0..links.len()).filter(|&k| links[k].source == i).collect();
        if item.form == Form::Gateway && outs.len() > 1 {
            let mut by: Vec<(f64, usize)> = outs
                .iter()
                .map(|&k| (centre(links[k].target).1 - centre(i).1, k))
                .collect();
            by.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let n = by.len();
            let sides: Vec<Side> = if n == 2 {
                if by[0].0 > EPS {
                    vec![Side::End, Side::After]
                } else if by[1].0 < -EPS {
                    vec![Side::Before, Side::End]
                } else {
                    vec![Side::Before, Side::After]
                }
            } else {
                // The outer two at the side corners, the rest spread along the end edges.
                let middle = n - 2;
                let half = middle / 2;
                (0..n)
                    .map(|k| {
                        if k == 0 {
                            Side::Before
                        } else if k == n - 1 {
                            Side::After
                        } else if middle % 2 == 1 && k - 1 == half {
                            Side::End
                        } else if k - 1 < half {
                            Side::Edge {
                                end: true,
                                before: true,
                                t: (k as f64) / (half as f64 + 1.0),
                            }
                        } else {
                            let r = n - 1 - k;
                            Side::Edge {
                                end: true,
                                before: false,
                                t: (r as f64) / (half as f64 + 1.0),
                            }
                        }
                    })
                    .collect()
            };
            for ((_, k), side) in by.iter().zip(sides) {
                out_side[*k] = side;
            }
        }
    }
    let leaving: Vec<Port> = (0..links.len())
        .map(|k| port(frame, shapes[links[k].source], out_side[k]))
        .collect();
    // Where each flow leaves, across the main direction: a merging gateway takes each flow in on
    // the side it comes from.
    let leaves = |k: usize| frame.of(leaving[k].at);
    for (i, item) in items.iter().enumerate() {
        let ins: Vec<usize> = (0..links.len()).filter(|&k| links[k].target == i).collect();
        match item.at {
            At::Join => {
                let mut free = vec![Side::Start, Side::Before, Side::After];
                let mut spare = (1..).map(|n: u32| Side::Edge {
                    end: false,
                    before: n % 2 == 1,
                    t: 1.0 / (1.0 + f64::from(n.div_ceil(2))),
                });
                // Flows coming back from later in the diagram take a side corner first (they
                // come up beside the column); flows from earlier the side they come from, else
                // the start corner.
                let (jm, jc) = centre(i);
                let later = |k: usize| leaves(k).0 >= jm - EPS;
                let ordered = ins
                    .iter()
                    .filter(|&&k| later(k))
                    .chain(ins.iter().filter(|&&k| !later(k)));
                for &k in ordered {
                    let off = leaves(k).1 - jc;
                    let (near, far) = if off <= 0.0 {
                        (Side::Before, Side::After)
                    } else {
                        (Side::After, Side::Before)
                    };
                    let wanted = if later(k) {
                        [near, far, Side::Start]
                    } else if off.abs() < EPS {
                        [Side::Start, near, far]
                    } else {
                        [near, Side::Start, far]
                    };
                    in_side[k] = match wanted.iter().find(|s| free.contains(s)) {
                        Some(&s) => {
                            free.retain(|f| *f != s);
                            s
                        }
                        None => spare.next().unwrap_or(Side::Start),
                    };
                }
            }
            At::Beside(g) => {
                for &k in &ins {
                    if links[k].source == g {
                        in_side[k] = if centre(i).1 < centre(g).1 {
                            Side::After
                        } else {
                            Side::Before
                        };
                    }
                }
            }
            At::Cell { .. } => {}
        }
    }
    (leaving.into_iter().enumerate())
        .map(|(k, out)| {
            let p = port(frame, shapes[links[k].target], in_side[k]);
            (
                out,
                Port {
                    at: p.at,
                    dir: p.dir.opposite(),
                },
            )
        })
        .collect()
}

/// How many things a label at `r` would cover: shapes, flows, labels placed before.
fn collisions(r: Rect, shapes: &[Rect], routes: &[Vec<Point>], placed: &[Rect]) -> usize {
    let room = r.inflated(3.0);
    shapes
        .iter()
        .filter(|s| s.inflated(2.0).overlaps(&r))
        .count()
        + routes
            .iter()
            .flat_map(|p| p.windows(2))
            .filter(|w| room.cut_by(w[0], w[1]) || touches(&room, w[0], w[1]))
            .count()
        + placed
            .iter()
            .filter(|p| p.inflated(2.0).overlaps(&r))
            .count()
}

/// Whether a segment lying along the edge of `r` or ending inside it touches it.
fn touches(r: &Rect, a: Point, b: Point) -> bool {
    let inside = |p: Point| p.x > r.x && p.x < r.right() && p.y > r.y && p.y < r.bottom();
    inside(a) || inside(b)
}

/// The first of `candidates` that covers nothing, or the one that covers least (none without
/// candidates: a flow whose route has no length).
fn best(
    candidates: &[Rect],
    shapes: &[Rect],
    routes: &[Vec<Point>],
    placed: &[Rect],
) -> Option<Rect> {
    let mut chosen = None;
    let mut least = usize::MAX;
    for c in candidates {
        let n = collisions(*c, shapes, routes, placed);
        if n < least {
            least = n;
            chosen = Some(*c);
            if n == 0 {
                break;
            }
        }
    }
    chosen
}

fn place_labels(
    frame: Frame,
    items: &[Item],
    links: &[Link],
    shapes: &[Rect],
    routes: &[Vec<Point>],
) -> (Vec<Option<Rect>>, Vec<Option<Rect>>) {
    const GAP: f64 = 6.0;
    let mut placed: Vec<Rect> = Vec::new();
    let mut labels = vec![None; items.len()];
    let at = |x: f64, y: f64, (w, h): (f64, f64)| Rect { x, y, w, h };
    for (i, item) in items.iter().enumerate() {
        if item.form == Form::Task || item.name.trim().is_empty() {
            continue;
        }
        let s = shapes[i];
        let c = s.centre();
        let mut candidates: Vec<Rect> = Vec::new();
        for size in label_sizes(item.name) {
            let (w, h) = size;
            let right = at(s.right() + GAP, c.y - h / 2.0, size);
            let left = at(s.x - GAP - w, c.y - h / 2.0, size);
            let below = at(c.x - w / 2.0, s.bottom() + GAP, size);
            let above = at(c.x - w / 2.0, s.y - GAP - h, size);
            let right_high = at(s.right() + GAP, c.y - 4.0 - h, size);
            let left_high = at(s.x - GAP - w, c.y - 4.0 - h, size);
            let right_low = at(s.right() + GAP, c.y + 4.0, size);
            let left_low = at(s.x - GAP - w, c.y + 4.0, size);
            let above_left = at(c.x - 6.0 - w, s.y - 4.0 - h, size);
            let above_right = at(c.x + 6.0, s.y - 4.0 - h, size);
            let below_left = at(c.x - 6.0 - w, s.bottom() + 4.0, size);
            let below_right = at(c.x + 6.0, s.bottom() + 4.0, size);
            candidates.extend(match (item.form, frame.down) {
                (Form::Gateway, true) => vec![
                    left_high,
                    right_high,
                    above_left,
                    above_right,
                    left_low,
                    right_low,
                    below_left,
                    below_right,
                    above,
                    below,
                ],
                (Form::Gateway, false) => vec![
                    above_left,
                    below_left,
                    above,
                    below,
                    above_right,
                    below_right,
                    right_high,
                    left_high,
                ],
                (_, true) => vec![
                    right, left, right_high, left_high, right_low, left_low, below, above,
                ],
                (_, false) => vec![
                    below,
                    above,
                    below_right,
                    above_right,
                    below_left,
                    above_left,
                    right,
                    left,
                ],
            });
        }
        let r = best(&candidates, shapes, routes, &placed);
        placed.extend(r);
        labels[i] = r;
    }
    let mut link_labels = vec![None; links.len()];
    for (k, l) in links.iter().enumerate() {
        if l.name.trim().is_empty() || routes[k].len() < 2 {
            continue;
        }
        let mut candidates = Vec::new();
        let points = simplify(routes[k].clone());
        for (pass, size) in label_sizes(l.name)
            .into_iter()
            .flat_map(|size| [(0, size), (1, size)])
        {
            let (w, h) = size;
            for seg in points.windows(2).take(3) {
                let (a, b) = (seg[0], seg[1]);
                let along = if pass == 0 {
                    a
                } else {
                    Point {
                        x: (a.x + b.x) / 2.0,
                        y: (a.y + b.y) / 2.0,
                    }
                };
                if (a.x - b.x).abs() < 1e-9 {
                    let y = if b.y > a.y {
                        along.y + 4.0
                    } else {
                        along.y - 4.0 - h
                    };
                    candidates.push(at(a.x + 4.0, y, size));
                    candidates.push(at(a.x - 4.0 - w, y, size));
                } else {
                    let x = if b.x > a.x {
                        along.x + 4.0
                    } else {
                        along.x - 4.0 - w
                    };
                    candidates.push(at(x, a.y - 4.0 - h, size));
                    candidates.push(at(x, a.y + 4.0, size));
                }
            }
        }
        let r = best(&candidates, shapes, routes, &placed);
        placed.extend(r);
        link_labels[k] = r;
    }
    (labels, link_labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_spaces_first_and_a_long_word_where_it_fills_a_line() {
        assert_eq!(lines("あいうえお", 10.0, 30.0).len(), 2);
        // A space is where a line breaks, when it can.
        let l = lines("① ご挨拶と自社紹介", 12.0, 100.0);
        assert_eq!((l.len(), l[1]), (2, 96.0), "{l:?}");
        let l = lines("send the mail", 10.0, 40.0);
        assert_eq!(l.len(), 3, "{l:?}");
    }

    #[test]
    fn a_task_widens_for_a_long_name_and_keeps_to_two_lines() {
        assert_eq!(task_size("短い"), (100.0, 80.0));
        let (w, h) = task_size("インサイドセールスへ引き渡し");
        assert!(w > 100.0 && h == 80.0, "{w} {h}");
        let (w, h) = task_size(&"長".repeat(40));
        assert!(w == 160.0 && h > 80.0, "{w} {h}");
    }
}
