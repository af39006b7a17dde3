//! What counts as a lead's own doing, for the history scan that fits the behaviour model
//! (`history`) and the model that draws it (`behaviour`) alike: the kinds drawn, the page view
//! that is a click's rather than the lead's, the act that made a lead, a lead's age and the span
//! it was observed. One vocabulary, so the two cannot count differently.

use crate::lead::EventKind;
use crate::time::Minute;

/// The kinds organic behaviour draws in a forecast. Webinar registrations and attendance are not
/// drawn: they belong to webinars, and the workspace knows only those already held.
pub const DRAWN: [EventKind; 3] = [
    EventKind::PageView,
    EventKind::DocumentDownload,
    EventKind::FormSubmit,
];

/// The index of `kind` in `DRAWN`, if it is drawn.
pub fn drawn_index(kind: EventKind) -> Option<usize> {
    DRAWN.iter().position(|k| *k == kind)
}

/// How long after a click in a mail a page view is the click's (the page it opened) rather than
/// the lead's own doing: the engine adds that view with each simulated click, so the fit of
/// leads' own page views leaves such views out.
pub const CLICK_VIEW_MINUTES: i64 = 30;

/// Whether a page view at `at` (minutes) is the one a click at `last_click` led to.
pub fn follows_click(last_click: Option<i64>, at: i64) -> bool {
    last_click.is_some_and(|c| (0..=CLICK_VIEW_MINUTES).contains(&(at - c)))
}

/// The upper bounds (days since the lead's creation) of the lead ages organic behaviour is
/// fitted by: a new lead is keener in its first days and weeks (the download that made it a
/// lead, the pages around it), and that fades.
pub const AGE_BOUNDS_DAYS: [i64; 5] = [1, 7, 30, 90, 365];

/// The lead ages of `AGE_BOUNDS_DAYS`: their buckets and one beyond the last.
pub const AGE_BUCKETS: usize = AGE_BOUNDS_DAYS.len() + 1;

const MINUTES_PER_DAY_I: i64 = 24 * 60;

/// The bucket of a lead's age in minutes (before its creation: the first).
pub fn age_bucket(age: Minute) -> usize {
    AGE_BOUNDS_DAYS.partition_point(|&days| days * MINUTES_PER_DAY_I <= age)
}

/// How soon after a lead's creation its first event of a kind is the act that made it a lead
/// (the form it filled in, the document it asked for): an MA tool stamps both within seconds, an
/// export to the minute.
pub const CREATION_ACT_MINUTES: Minute = 60;

/// Whether an event at `at` is within `CREATION_ACT_MINUTES` of the lead's creation (a minute
/// before it allowed for, as an export may cut the creation time to the minute). Only a lead's
/// first event of each kind there is its creation act (`CreationActs`).
pub fn near_creation(created: Option<Minute>, at: Minute) -> bool {
    created.is_some_and(|c| (-1..=CREATION_ACT_MINUTES).contains(&(at - c)))
}

/// Which of a lead's events are the acts that made it a lead: its first event of each `DRAWN`
/// kind `near_creation`. Fed the lead's events in time order. Such an act is no habit and no
/// burst of novelty: the history counts it apart (`HistoryFacts::creation_acts`), and a new lead
/// in a forecast does it as often as the history's new leads did (`BehaviourModel::creation_share`).
#[derive(Debug, Clone, Copy, Default)]
pub struct CreationActs {
    seen: [bool; DRAWN.len()],
}

impl CreationActs {
    /// Whether the event of `DRAWN[i]` at `at` is the lead's creation act of that kind.
    pub fn is_act(&mut self, created: Option<Minute>, i: usize, at: Minute) -> bool {
        if self.seen[i] || !near_creation(created, at) {
            return false;
        }
        self.seen[i] = true;
        true
    }
}

/// When a lead is observed from: its creation or its first event, whichever is earlier (an import
/// may carry behaviour from before the lead's creation date), not before the history's start
/// `from`; a lead with neither is observed from `until` (not at all). Any unit of time.
pub fn observed_from(
    created: Option<i64>,
    first_event: Option<i64>,
    (from, until): (i64, i64),
) -> i64 {
    match (created, first_event) {
        (Some(c), Some(f)) => c.min(f),
        (c, f) => c.or(f).unwrap_or(until),
    }
    .max(from)
}

/// `[from, to)` of a lead created at `created` cut where its age passes from one bucket
/// (`age_bucket`) to the next: (bucket, start, end) of each non-empty part (without a creation
/// date, a lead is of the oldest).
pub fn age_parts(
    created: Option<Minute>,
    (from, to): (Minute, Minute),
) -> Vec<(usize, Minute, Minute)> {
    if to <= from {
        return Vec::new();
    }
    let Some(created) = created else {
        return vec![(AGE_BUCKETS - 1, from, to)];
    };
    let mut parts = Vec::new();
    let mut start = from;
    for b in 0..AGE_BUCKETS {
        let end = AGE_BOUNDS_DAYS.get(b).map_or(to, |days| {
            (created + days * MINUTES_PER_DAY_I).clamp(from, to)
        });
        if end > start {
            parts.push((b, start, end));
            start = end;
        }
    }
    parts
}
