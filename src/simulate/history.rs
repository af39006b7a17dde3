//! What the workspace's recorded history says, read in one pass over its events (and one over its
//! leads' creation dates): the facts the response model, the behaviour model, the triggers and the
//! inflow of new leads are fitted from.
//!
//! Each model could ask SQLite for its own figures, but every such question is a scan of the
//! whole event table (millions of rows); one scan in key order answers all of them.

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::lead::EventKind;
use crate::simulate::organic::AGE_BUCKETS;
use crate::store::StoreError;

/// Facts of the recorded history.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryFacts {
    /// The latest recorded event (seconds since the epoch).
    pub last_at: Option<i64>,
    /// Mails sent, opened and clicked, each mail counted once per lead however often it was
    /// opened or clicked.
    pub mails: [u64; 3],
    /// Each recorded mail's history, by the mail as recorded (the event's detail).
    pub per_mail: BTreeMap<String, MailFacts>,
    /// Events of each kind, by kind code.
    pub counts: BTreeMap<String, u64>,
    /// Page views that a click in a mail led to (`organic::follows_click`), among `counts`, by
    /// the clicked mail (its detail).
    pub click_views: BTreeMap<String, u64>,
    /// How often each detail (page, document, form, webinar) occurs, by kind code.
    pub details: BTreeMap<String, BTreeMap<String, u64>>,
    /// The earliest recorded event (seconds since the epoch): when the history begins.
    pub first_at: Option<i64>,
    /// Lead-days observed: for each lead, from its creation (or its first event), and not before
    /// `first_at`, to `last_at`.
    pub lead_days: f64,
    /// Each webinar's first attendance (seconds), by the webinar's name.
    pub webinar_first: BTreeMap<String, i64>,
    /// Past webinars' registrations and attendances, by the webinar's name.
    pub webinars: BTreeMap<String, WebinarCounts>,
    /// Leads that registered for at least one webinar.
    pub webinar_leads: u64,
    /// Leads with at least one recorded event.
    pub leads_with_events: u64,
    /// Leads created in the last `INFLOW_DAYS` days of the history (or since the first lead was
    /// created, if that is later).
    pub recent_created: u64,
    /// The days `recent_created` is counted over.
    pub recent_days: f64,
    /// The most recently created of them (at most `RECENT_LEADS`), by row id in id order: what
    /// new leads are modelled on.
    pub recent_ids: Vec<i64>,
    /// Leads created on each of the last days of the history (Japan time), oldest first, the last
    /// being the day of `last_at`: at most `TREND_DAYS`, and none before the first recorded event
    /// or the first lead's creation.
    pub created_per_day: Vec<u64>,
    /// Events of each `organic::DRAWN` kind by the lead's age when it happened
    /// (`organic::age_bucket`; a lead without a creation date is of the last), creation acts
    /// left out.
    pub organic_by_age: [[u64; AGE_BUCKETS]; 3],
    /// Per `organic::DRAWN` kind, the leads whose first event of it was the act that made
    /// them a lead (`organic::CreationActs`), among `counts`.
    pub creation_acts: [u64; 3],
    /// Leads created while the history recorded leads' own doing: from the first recorded
    /// event of a `organic::DRAWN` kind to the last event. What `creation_acts` are a share of.
    pub created_in_history: u64,
    /// Events of the `behaviour::DRAWN` kinds (creation acts left out) on each of the last days
    /// of the history (Japan time), oldest first, the last being the day of `last_at`: at most
    /// `TREND_DAYS`, none before the first recorded event. When in the week leads act.
    pub organic_per_day: Vec<u64>,
    /// Lead-days observed (as `lead_days`) by the leads' age then.
    pub lead_days_by_age: [f64; AGE_BUCKETS],
    /// The history's last whole `PERIOD_DAYS` periods (at most `PERIODS`, the latest first,
    /// the last ending on the day of `last_at`, none from before leads' own doing was first
    /// recorded): how much leads' own doing differs from one period to the next.
    pub organic_periods: Vec<OrganicPeriod>,
    /// Leads the history shows were sent mail though no opt-in basis is recorded for them: an
    /// MA tool's export seldom carries one, and the tool mails whoever has not opted out.
    pub mailed_without_basis: u64,
    /// Leads sampled evenly by id (every `n`th id, at most `SPLIT_LEADS`), each with its events and lead-days in
    /// the two halves of the span it was observed: how lasting the differences between leads are
    /// (`BehaviourModel::from_facts`).
    pub split_leads: Vec<SplitLead>,
    /// How the sampled leads' own doing clusters in time (`lag_pairs`): what a lead's act tells
    /// of its next ones (`BehaviourModel::from_facts`, the excitation).
    pub lag_pairs: LagPairs,
    /// What the same leads' acts that came soon after another were of (`burst_acts`): the
    /// pages, documents and forms of a burst (`behaviour::BurstDetails`).
    pub burst_acts: BurstActs,
    /// What comes along with what in one visit of the sampled leads (`visits`): a gated
    /// download with its form (the page views a visit holds are counted too, but a forecast
    /// leaves them as drawn: `behaviour::VisitShares`).
    pub visits: Visits,
}

/// How long apart two of a lead's acts may be and still be one visit.
pub const VISIT_SECONDS: i64 = 30 * 60;

/// The `organic::DRAWN` kinds (their indices) that other acts in a visit are counted against,
/// most telling first: a download, then a form.
pub const VISIT_ANCHORS: [usize; 2] = [1, 2];

/// The rank of `DRAWN[i]` among the visit anchors (0 the highest); kinds that are no anchor rank
/// below them all.
pub fn anchor_rank(i: usize) -> usize {
    VISIT_ANCHORS
        .iter()
        .position(|&a| a == i)
        .unwrap_or(VISIT_ANCHORS.len())
}

/// Of the sampled leads' acts of each `organic::DRAWN` kind: how many there were, and how many
/// came along with an act of a higher-ranked anchor (`VISIT_ANCHORS`) within `VISIT_SECONDS`,
/// counted against the highest-ranked such anchor's kind (`along[anchor][kind]`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Visits {
    /// Acts of each kind.
    pub acts: [u64; 3],
    /// Acts of each kind (second index) that came along with one of the kind of the first.
    pub along: [[u64; 3]; 3],
}

/// [`Visits`] of the sampled leads (`leads`: id, creation, first event, in id order) with their
/// events (`SampledEvent`s in key order; those of the drawn kinds), their first day left out: the
/// acts that made a lead are drawn as such (`CreationActs`), not as visits.
fn visits(leads: &[SampledLead], events: &[SampledEvent]) -> Visits {
    let mut out = Visits::default();
    let mut own: Vec<(i64, usize)> = Vec::new();
    for (&(_, created, _), events) in with_own_events(leads, events) {
        let after = created.map_or(i64::MIN, |c| c + 86_400);
        own.clear();
        own.extend(
            (events.iter())
                .filter(|e| e.2 < SAMPLED_MAIL && e.1 >= after)
                .map(|e| (e.1, usize::from(e.2))),
        );
        for (n, &(t, kind)) in own.iter().enumerate() {
            out.acts[kind] += 1;
            let low = own.partition_point(|e| e.0 < t - VISIT_SECONDS);
            let high = own.partition_point(|e| e.0 <= t + VISIT_SECONDS);
            let anchor = (low..high)
                .filter(|&m| m != n)
                .map(|m| own[m].1)
                .filter(|&k| anchor_rank(k) < anchor_rank(kind))
                .min_by_key(|&k| anchor_rank(k));
            if let Some(a) = anchor {
                out.along[a][kind] += 1;
            }
        }
    }
    out
}

/// The lags between a lead's own acts, against what steady rates would give: over the sampled
/// leads old enough that their novelty is past (`LAG_MIN_AGE_DAYS`), for each pair of a lead's
/// acts (the later within `LAG_BINS_DAYS` of the earlier), the pairs recorded and the pairs a
/// lead acting at a steady rate would have had — its other acts spread evenly over the span it
/// was observed, cut at its end alike. An excess at short lags is acts that come in bursts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LagPairs {
    /// The acts counted (each the earlier of its pairs).
    pub acts: u64,
    /// Per lag bin, the pairs recorded.
    pub recorded: [f64; LAG_BINS],
    /// Per lag bin, the pairs steady rates would give.
    pub steady: [f64; LAG_BINS],
}

/// One period of the history (`HistoryFacts::organic_periods`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrganicPeriod {
    /// Events of each `organic::DRAWN` kind, creation acts left out.
    pub events: [u64; 3],
    /// Lead-days observed by the leads' age then.
    pub days_by_age: [f64; AGE_BUCKETS],
}

/// The days of a period of `HistoryFacts::organic_periods`: four weeks, as the response model's.
pub const PERIOD_DAYS: i64 = 28;

/// The most periods read: the last year's.
pub const PERIODS: usize = TREND_DAYS / PERIOD_DAYS as usize;

/// The upper bounds of the lag bins (days): a day, three, a week, two, a month, two, four.
pub const LAG_BINS_DAYS: [f64; 7] = [1.0, 3.0, 7.0, 14.0, 30.0, 60.0, 120.0];

/// The lag bins.
pub const LAG_BINS: usize = LAG_BINS_DAYS.len();

/// The age a lead must be of at the start of its observed span for its lags to count: younger
/// leads act more as they are new (the age profile), which would read as bursts.
pub const LAG_MIN_AGE_DAYS: i64 = 90;

/// A sampled lead: its id, creation and first event (seconds).
type SampledLead = (i64, Option<i64>, Option<i64>);

/// One of a sampled lead's events of the drawn kinds or of its mails: the lead, when (seconds),
/// the kind's index in `organic::DRAWN`, or `SAMPLED_MAIL` + its index in `behaviour::OUTSIDE`,
/// and its detail's `detail_key` (0 for a mail).
type SampledEvent = (i64, i64, u8, u32);

/// A key of an event's detail (a page, a document, a form) that stays the same from run to run
/// and machine to machine (FNV-1a): what a burst's acts (`BurstActs`) were of, without keeping their
/// text.
pub fn detail_key(detail: &str) -> u32 {
    detail.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Where a sampled event's kind index counts mails (sent, opened, clicked) from.
const SAMPLED_MAIL: u8 = crate::simulate::organic::DRAWN.len() as u8;

/// The scan's mail kinds that are sends, opens and clicks (0, 1, 2, as `behaviour::OUTSIDE`);
/// 3 is an unsubscribe.
const MAIL_RESPONSES: usize = 3;

/// Each sampled lead (id, creation, first event; in id order) with its own events among `events`
/// (lead, seconds, kind; in key order): a slice of them each, found by bisection.
fn with_own_events<'a>(
    leads: &'a [SampledLead],
    events: &'a [SampledEvent],
) -> impl Iterator<Item = (&'a SampledLead, &'a [SampledEvent])> {
    let mut rest = events;
    leads.iter().map(move |lead| {
        rest = &rest[rest.partition_point(|e| e.0 < lead.0)..];
        let (own, after) = rest.split_at(rest.partition_point(|e| e.0 == lead.0));
        rest = after;
        (lead, own)
    })
}

/// One act of a settled lead (`each_settled_lead`): when (seconds), its kind's index in
/// `organic::DRAWN` and its detail's `detail_key`.
type Act = (i64, u8, u32);

/// Each sampled lead old enough that its novelty is past (`LAG_MIN_AGE_DAYS`) and observed at
/// least 30 days, with its acts (`leads`: id, creation, first event, in id order; `events`:
/// `SampledEvent`s in key order) in its observed span — from its creation or first event, not
/// before `first`, to `last` (seconds) — one act per visit (the visit's highest-ranked anchor,
/// `anchor_rank`; the visit is when its first act was), in time order: `each(acts, start)`. The
/// leads and acts the lags (`lag_pairs`) and the bursts (`burst_acts`) are read from, the same
/// for both.
fn each_settled_lead(
    leads: &[SampledLead],
    events: &[SampledEvent],
    (first, last): (i64, i64),
    mut each: impl FnMut(&[Act], i64),
) {
    let mut own: Vec<Act> = Vec::new();
    for (&(_, created, first_event), events) in with_own_events(leads, events) {
        let start = crate::simulate::organic::observed_from(created, first_event, (first, last));
        let old = created.is_none_or(|c| start - c >= LAG_MIN_AGE_DAYS * 86_400);
        own.clear();
        for &(_, at, kind, key) in events {
            if kind >= SAMPLED_MAIL || !(start..=last).contains(&at) {
                continue;
            }
            // One visit is one act: what comes along within it is `Visits`', not a burst's.
            match own.last_mut() {
                Some(visit) if at - visit.0 <= VISIT_SECONDS => {
                    if anchor_rank(usize::from(kind)) < anchor_rank(usize::from(visit.1)) {
                        (visit.1, visit.2) = (kind, key);
                    }
                }
                _ => own.push((at, kind, key)),
            }
        }
        if old && !own.is_empty() && last - start >= 30 * 86_400 {
            each(&own, start);
        }
    }
}

/// [`LagPairs`] of the sampled leads (`leads`: id, creation, first event, in id order) with their
/// events (`events`: `SampledEvent`s in key order; those of the drawn kinds), observed from their
/// creation or first event, not before `first`, to `last` (seconds).
fn lag_pairs(
    leads: &[SampledLead],
    events: &[SampledEvent],
    (first, last): (i64, i64),
) -> LagPairs {
    const DAY: f64 = 86_400.0;
    let mut pairs = LagPairs::default();
    each_settled_lead(leads, events, (first, last), |own, start| {
        if own.len() < 2 {
            return;
        }
        let span = (last - start) as f64;
        // The lead's other acts, spread evenly over its span: each falls in a window of length
        // `len` after an act with chance len / span.
        let others = (own.len() - 1) as f64;
        for (i, &(at, ..)) in own.iter().enumerate() {
            pairs.acts += 1;
            let left = (last - at) as f64;
            let mut low = 0.0;
            for (b, high) in LAG_BINS_DAYS.iter().map(|d| d * DAY).enumerate() {
                let covered = (high.min(left) - low).max(0.0);
                pairs.steady[b] += others * covered / span;
                low = high;
            }
            for &(later, ..) in &own[i + 1..] {
                let lag = (later - at) as f64;
                if let Some(b) = LAG_BINS_DAYS.iter().position(|d| lag <= d * DAY) {
                    pairs.recorded[b] += 1.0;
                }
            }
        }
    });
    pairs
}

/// How soon after a lead's previous act an act counts as part of a burst (`BurstActs`).
pub const BURST_GAP_SECONDS: i64 = 7 * 86_400;

/// Of the sampled leads' acts (those `lag_pairs` reads, one per visit), those that came within
/// `BURST_GAP_SECONDS` of the lead's previous act: per `organic::DRAWN` kind, how many there were
/// of each detail (by `detail_key`). A lead weighing a purchase views the pricing page more than
/// one that drops by.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BurstActs {
    /// Per kind, the acts of each detail key.
    pub details: [BTreeMap<u32, u64>; 3],
}

/// [`BurstActs`] of the sampled leads, as `lag_pairs` reads them.
fn burst_acts(leads: &[SampledLead], events: &[SampledEvent], span: (i64, i64)) -> BurstActs {
    let mut out = BurstActs::default();
    each_settled_lead(leads, events, span, |own, _| {
        for pair in own.windows(2) {
            let (previous, (at, kind, key)) = (pair[0].0, pair[1]);
            if at - previous <= BURST_GAP_SECONDS {
                *out.details[usize::from(kind)].entry(key).or_default() += 1;
            }
        }
    });
    out
}

/// One sampled lead's behaviour in the first and the second half of the span it was observed, its
/// first day left out (the event that made it a lead is no habit): events of each
/// `organic::DRAWN` kind, the mails it was sent, opened and clicked, and the days of each age
/// (`organic::AGE_BOUNDS_DAYS`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SplitLead {
    /// Per kind, in each half.
    pub events: [[u32; 2]; 3],
    /// Per `behaviour::OUTSIDE` kind (sent, opened, clicked), in each half: every recorded mail,
    /// tied to a scenario or not (which are tied depends on the forecast).
    pub mails: [[u32; 2]; 3],
    /// Per half, the days at each age.
    pub days: [[f64; AGE_BUCKETS]; 2],
}

/// The most leads `HistoryFacts::split_leads` samples: enough for a share of a few per cent, and a
/// fixed cost whatever the workspace's size.
pub const SPLIT_LEADS: i64 = 20_000;

/// The shortest half worth sampling: four weeks.
const SPLIT_MIN_HALF_SECONDS: i64 = 28 * 86_400;

/// Whether lead `id` is among those sampled for `HistoryFacts::split_leads`: every `every`th id.
fn is_sampled(id: i64, every: i64) -> bool {
    id.rem_euclid(every.max(1)) == 0
}

/// How far apart the sampled lead ids are: at most `SPLIT_LEADS` of the workspace's id span.
fn sample_every(conn: &Connection) -> Result<i64, StoreError> {
    let (low, high): (Option<i64>, Option<i64>) =
        conn.query_row("SELECT min(id), max(id) FROM leads", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let span = high.unwrap_or(0) - low.unwrap_or(0) + 1;
    Ok(((span + SPLIT_LEADS - 1) / SPLIT_LEADS).max(1))
}

/// The sampled leads (`leads`: id, creation, first event, in id order) with their events of the
/// drawn kinds (`events`: lead, seconds, kind, in key order) in the two halves of each one's
/// observed span: from its creation or first event, not before `first`, its first day left out,
/// to `last` (seconds). Leads observed less than twice `SPLIT_MIN_HALF_SECONDS` are left out.
fn split_leads(
    leads: &[SampledLead],
    events: &[SampledEvent],
    (first, last): (i64, i64),
) -> Vec<SplitLead> {
    let mut out = Vec::new();
    for (&(_, created, first_event), own) in with_own_events(leads, events) {
        let since = crate::simulate::organic::observed_from(created, first_event, (first, last));
        let start = created.map_or(since, |c| since.max(c + 86_400));
        if last - start < 2 * SPLIT_MIN_HALF_SECONDS {
            continue;
        }
        let mid = start + (last - start) / 2;
        let mut lead = SplitLead::default();
        for &(_, at, kind, _) in own {
            if (start..=last).contains(&at) {
                let half = usize::from(at >= mid);
                match kind.checked_sub(SAMPLED_MAIL) {
                    Some(m) => lead.mails[usize::from(m)][half] += 1,
                    None => lead.events[usize::from(kind)][half] += 1,
                }
            }
        }
        let created_minute = created.map(|c| c.div_euclid(60));
        for (half, (from, to)) in [(start, mid), (mid, last)].into_iter().enumerate() {
            for (b, a, z) in crate::simulate::organic::age_parts(
                created_minute,
                (from.div_euclid(60), to.div_euclid(60)),
            ) {
                lead.days[half][b] += (z - a) as f64 / (24.0 * 60.0);
            }
        }
        out.push(lead);
    }
    out
}

/// The days at the end of the history over which the inflow's trend and weekday shape are fitted.
pub const TREND_DAYS: usize = 364;

/// The day in Japan of a time in seconds (days since 1970-01-01).
pub fn jst_day(seconds: i64) -> i64 {
    (seconds + JST).div_euclid(86_400)
}

/// The first second (since the epoch) of a day in Japan: `jst_day`'s inverse.
pub fn jst_day_start(day: i64) -> i64 {
    day * 86_400 - JST
}

/// Japan's offset from UTC in seconds.
const JST: i64 = 9 * 3600;

/// What the history recorded of one mail: leads sent it, opening it, clicking in it and
/// unsubscribing after it (each lead once), and how many other mails each lead had been sent in
/// the 7 days before it was sent this one (the last slot: that many or more) — in total and per
/// week (of the lead's send, weeks since the epoch), so that recent weeks can weigh more.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailFacts {
    /// In total.
    pub total: WeekFacts,
    /// Per week.
    pub weeks: BTreeMap<i64, WeekFacts>,
}

/// One mail's counts (of a week, or in total).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WeekFacts {
    /// Sent, opened, clicked, unsubscribed.
    pub counts: [u64; 4],
    /// Sends by the mails sent to the same lead in the 7 days before (0, 1, …, 7 or more).
    pub recent: [u64; RECENT_SLOTS],
}

/// The slots of `WeekFacts::recent`.
pub const RECENT_SLOTS: usize = 8;

impl WeekFacts {
    fn add(&mut self, other: &WeekFacts) {
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
        for (a, b) in self.recent.iter_mut().zip(other.recent) {
            *a += b;
        }
    }
}

impl MailFacts {
    /// Both together.
    pub fn add(&mut self, other: &MailFacts) {
        self.total.add(&other.total);
        for (week, theirs) in &other.weeks {
            self.weeks.entry(*week).or_default().add(theirs);
        }
    }
}

/// A mail's counts as one scan gathers them: per week in a dense run of weeks from `first_week`
/// (an index, not a map search, for each of millions of events), made a `MailFacts` at the end.
#[derive(Default)]
struct MailTally {
    total: WeekFacts,
    first_week: i64,
    weeks: Vec<WeekFacts>,
    /// Weeks the dense run would have to grow past `DENSE_WEEKS` for (a stray date decades
    /// away must not cost megabytes).
    far: BTreeMap<i64, WeekFacts>,
}

/// The most weeks a mail's dense run holds: twenty years.
const DENSE_WEEKS: i64 = 20 * 52;

impl MailTally {
    /// The counts of `week`, the run of weeks grown to hold it.
    fn week(&mut self, week: i64) -> &mut WeekFacts {
        let last = self.first_week + self.weeks.len() as i64 - 1;
        let span = if self.weeks.is_empty() {
            1
        } else {
            last.max(week) - self.first_week.min(week) + 1
        };
        if span > DENSE_WEEKS {
            return self.far.entry(week).or_default();
        }
        if self.weeks.is_empty() {
            self.first_week = week;
        } else if week < self.first_week {
            let before = (self.first_week - week) as usize;
            self.weeks
                .splice(0..0, std::iter::repeat_n(WeekFacts::default(), before));
            self.first_week = week;
        }
        let at = (week - self.first_week) as usize;
        if at >= self.weeks.len() {
            self.weeks.resize(at + 1, WeekFacts::default());
        }
        &mut self.weeks[at]
    }

    /// Counts `kind` (0 sent … 3 unsubscribed) once for a lead sent the mail in `week`.
    fn count(&mut self, kind: usize, week: i64) {
        self.total.counts[kind] += 1;
        self.week(week).counts[kind] += 1;
    }

    /// Counts a send to a lead that had `recent` other mails in the 7 days before, in `week`.
    fn count_recent(&mut self, recent: usize, week: i64) {
        let slot = recent.min(RECENT_SLOTS - 1);
        self.total.recent[slot] += 1;
        self.week(week).recent[slot] += 1;
    }

    /// The mail's facts: its weeks with anything counted.
    fn facts(self) -> MailFacts {
        let first = self.first_week;
        let mut weeks: BTreeMap<i64, WeekFacts> = (self.weeks.into_iter().enumerate())
            .filter(|(_, w)| *w != WeekFacts::default())
            .map(|(i, w)| (first + i as i64, w))
            .collect();
        for (week, w) in self.far {
            weeks.entry(week).or_default().add(&w);
        }
        MailFacts {
            total: self.total,
            weeks,
        }
    }
}

/// The week (since the epoch) of a time in seconds.
pub fn week_of(seconds: i64) -> i64 {
    seconds.div_euclid(7 * 86_400)
}

/// How many of the recently created leads `recent_ids` keeps.
pub const RECENT_LEADS: usize = 2_000;

/// The days at the end of the history over which new leads per day are counted.
pub const INFLOW_DAYS: i64 = 90;

/// One past webinar as the history records it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WebinarCounts {
    /// Registrations.
    pub registrants: u64,
    /// Attendances.
    pub attendees: u64,
    /// Registrations by leads that had registered for an earlier webinar.
    pub repeat_registrants: u64,
}

/// What one scan of a range of leads' events found (`HistoryFacts::read` adds the ranges up).
#[derive(Default)]
struct EventFacts {
    last_at: Option<i64>,
    mails: [u64; 3],
    per_mail: BTreeMap<String, MailFacts>,
    counts: [u64; EventKind::ALL.len()],
    click_views: BTreeMap<String, u64>,
    /// Per kind of `DRAWN`, how often each detail occurs.
    details: [BTreeMap<String, u64>; crate::simulate::organic::DRAWN.len()],
    webinar_first: BTreeMap<String, i64>,
    /// `HistoryFacts::webinars`.
    webinars: BTreeMap<String, WebinarCounts>,
    /// `HistoryFacts::webinar_leads`.
    webinar_leads: u64,
    /// Events of each `DRAWN` kind by the lead's age (`HistoryFacts::organic_by_age`).
    by_age: [[u64; AGE_BUCKETS]; 3],
    /// `HistoryFacts::creation_acts`.
    creation_acts: [u64; 3],
    /// The earliest event of a `DRAWN` kind (seconds).
    first_drawn: Option<i64>,
    /// Events of each `DRAWN` kind (creation acts left out) by local day.
    organic_days: BTreeMap<i64, [u64; 3]>,
    /// Each lead's first event (id, seconds) and whether it was sent mail, in id order.
    first_at: Vec<(i64, i64, bool)>,
    /// The sampled leads' (`is_sampled`) events of the drawn kinds and their mails
    /// (`SampledEvent`), in key order.
    sampled: Vec<SampledEvent>,
}

impl EventFacts {
    /// The events of the leads with ids in `ids`, in key order.
    fn scan(conn: &Connection, ids: (i64, i64), every: i64) -> Result<EventFacts, StoreError> {
        let mut facts = EventFacts::default();
        let mut statement = conn.prepare(
            "SELECT lead_id, at, kind, detail FROM lead_events \
             WHERE lead_id BETWEEN ?1 AND ?2 ORDER BY lead_id, at",
        )?;
        let mut rows = statement.query([ids.0, ids.1])?;
        // The leads' creation, read alongside in id order: an event's age is the lead's then.
        let mut leads = conn
            .prepare("SELECT id, created_at FROM leads WHERE id BETWEEN ?1 AND ?2 ORDER BY id")?;
        let mut lead_rows = leads.query([ids.0, ids.1])?;
        let mut next_lead: Option<(i64, Option<i64>)> = None;
        let mut created: Option<i64> = None;
        let mut acts = crate::simulate::organic::CreationActs::default();
        // The current lead's webinar registrations so far.
        let mut registrations = 0u32;
        let mut lead: Option<i64> = None;
        // Each lead's mails as (kind, mail number): mail names are numbered once, so that a row
        // allocates nothing (the table has millions).
        let mut mail_numbers: BTreeMap<String, u32> = BTreeMap::new();
        let mut mail_names: Vec<String> = Vec::new();
        let mut mails: Vec<(usize, u32, i64)> = Vec::new();
        // Per mail number, what was recorded of it; the lead's send times so far.
        let mut per_mail: Vec<MailTally> = Vec::new();
        let mut sends: Vec<i64> = Vec::new();
        // The lead's last click: when (minutes) and in which mail (its number).
        let mut last_click: Option<(i64, u32)> = None;
        // Each (kind, mail) of the lead once, in the week the lead was sent the mail (of its
        // first event of the mail when no send is recorded).
        let flush = |mails: &mut Vec<(usize, u32, i64)>,
                     totals: &mut [u64; 3],
                     per_mail: &mut Vec<MailTally>| {
            mails.sort_unstable();
            mails.dedup_by_key(|m| (m.0, m.1));
            for &(kind, number, at) in mails.iter() {
                if let Some(total) = totals.get_mut(kind) {
                    *total += 1;
                }
                let first = (mails.iter())
                    .filter(|m| m.1 == number)
                    .map(|m| m.2)
                    .min()
                    .unwrap_or(at);
                let sent =
                    (mails.iter().find(|m| m.0 == 0 && m.1 == number)).map_or(first, |m| m.2);
                per_mail[number as usize].count(kind, week_of(sent));
            }
            mails.clear();
        };
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let at: i64 = row.get(1)?;
            if lead != Some(id) {
                flush(&mut mails, &mut facts.mails, &mut per_mail);
                sends.clear();
                last_click = None;
                acts = Default::default();
                registrations = 0;
                lead = Some(id);
                facts.first_at.push((id, at, false));
                while next_lead.is_none_or(|(l, _)| l < id) {
                    match lead_rows.next()? {
                        Some(row) => next_lead = Some((row.get(0)?, row.get(1)?)),
                        None => break,
                    }
                }
                created = next_lead.filter(|(l, _)| *l == id).and_then(|(_, c)| c);
            }
            facts.last_at = Some(facts.last_at.map_or(at, |l| l.max(at)));
            let Some(kind) = EventKind::from_code(row.get_ref(2)?.as_str().unwrap_or_default())
            else {
                continue;
            };
            let detail = row.get_ref(3)?.as_str().unwrap_or_default();
            if let Some(i) = EventKind::ALL.iter().position(|k| *k == kind) {
                facts.counts[i] += 1;
            }
            let minute = at.div_euclid(60);
            if kind == EventKind::PageView
                && let Some((click, mail)) = last_click
                && crate::simulate::organic::follows_click(Some(click), minute)
            {
                crate::store::count_one(&mut facts.click_views, &mail_names[mail as usize]);
            }
            let mail = match kind {
                EventKind::EmailSend => Some(0),
                EventKind::EmailOpen => Some(1),
                EventKind::EmailClick => Some(2),
                EventKind::Unsubscribe if !detail.is_empty() => Some(3),
                _ => None,
            };
            if let (Some(0), Some(lead)) = (mail, facts.first_at.last_mut()) {
                lead.2 = true;
            }
            if let Some(m) = mail.filter(|&m| m < MAIL_RESPONSES)
                && is_sampled(id, every)
            {
                facts.sampled.push((id, at, SAMPLED_MAIL + m as u8, 0));
            }
            if let Some(mail) = mail {
                let next = mail_numbers.len() as u32;
                let number = match mail_numbers.get(detail) {
                    Some(&n) => n,
                    None => {
                        per_mail.push(MailTally::default());
                        mail_names.push(detail.to_owned());
                        *mail_numbers.entry(detail.to_owned()).or_insert(next)
                    }
                };
                if mail == 0 {
                    // The lead's first send of this mail: how many mails it had had in the 7 days
                    // before (its sends are in time order).
                    if !mails.iter().any(|m| m.0 == 0 && m.1 == number) {
                        let recent = sends.len() - sends.partition_point(|&t| t <= at - 7 * 86_400);
                        per_mail[number as usize].count_recent(recent, week_of(at));
                    }
                    sends.push(at);
                }
                if mail == 2 {
                    last_click = Some((at.div_euclid(60), number));
                }
                mails.push((mail, number, at));
            }
            let drawn = crate::simulate::organic::drawn_index(kind);
            if let Some(i) = drawn {
                facts.first_drawn = Some(facts.first_drawn.map_or(at, |f| f.min(at)));
                let created = created.map(|c| c.div_euclid(60));
                if acts.is_act(created, i, minute) {
                    facts.creation_acts[i] += 1;
                } else {
                    let age = created.map_or(i64::MAX, |c| minute - c);
                    facts.by_age[i][crate::simulate::organic::age_bucket(age)] += 1;
                    facts.organic_days.entry(jst_day(at)).or_default()[i] += 1;
                }
                if is_sampled(id, every) {
                    facts.sampled.push((id, at, i as u8, detail_key(detail)));
                }
            }
            if let Some(of_kind) = drawn.map(|i| &mut facts.details[i]) {
                match of_kind.get_mut(detail) {
                    Some(n) => *n += 1,
                    None => {
                        of_kind.insert(detail.to_owned(), 1);
                    }
                }
            }
            if kind == EventKind::WebinarRegistration {
                let counts = match facts.webinars.get_mut(detail) {
                    Some(c) => c,
                    None => facts.webinars.entry(detail.to_owned()).or_default(),
                };
                counts.registrants += 1;
                counts.repeat_registrants += u64::from(registrations > 0);
                facts.webinar_leads += u64::from(registrations == 0);
                registrations += 1;
            }
            if kind == EventKind::WebinarAttendance {
                match facts.webinars.get_mut(detail) {
                    Some(c) => c.attendees += 1,
                    None => {
                        facts
                            .webinars
                            .entry(detail.to_owned())
                            .or_default()
                            .attendees += 1
                    }
                }
                match facts.webinar_first.get_mut(detail) {
                    Some(first) => *first = (*first).min(at),
                    None => {
                        facts.webinar_first.insert(detail.to_owned(), at);
                    }
                }
            }
        }
        flush(&mut mails, &mut facts.mails, &mut per_mail);
        facts.per_mail = (mail_numbers.into_iter())
            .map(|(detail, n)| (detail, std::mem::take(&mut per_mail[n as usize]).facts()))
            .collect();
        Ok(facts)
    }

    /// `self` and the facts of the next range of leads (sums, so the split cannot change them).
    fn merge(mut self, other: EventFacts) -> EventFacts {
        self.last_at = self.last_at.max(other.last_at);
        for (mine, theirs) in self.mails.iter_mut().zip(other.mails) {
            *mine += theirs;
        }
        for (detail, theirs) in other.per_mail {
            self.per_mail.entry(detail).or_default().add(&theirs);
        }
        for (mine, theirs) in self.counts.iter_mut().zip(other.counts) {
            *mine += theirs;
        }
        for (mine, theirs) in self.creation_acts.iter_mut().zip(other.creation_acts) {
            *mine += theirs;
        }
        for (day, n) in other.organic_days {
            let mine = self.organic_days.entry(day).or_default();
            for (a, b) in mine.iter_mut().zip(n) {
                *a += b;
            }
        }
        self.first_drawn = match (self.first_drawn, other.first_drawn) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for (mine, theirs) in self.by_age.iter_mut().zip(other.by_age) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
        for (mail, n) in other.click_views {
            *self.click_views.entry(mail).or_default() += n;
        }
        for (mine, theirs) in self.details.iter_mut().zip(other.details) {
            for (detail, n) in theirs {
                *mine.entry(detail).or_default() += n;
            }
        }
        for (webinar, at) in other.webinar_first {
            let first = self.webinar_first.entry(webinar).or_insert(at);
            *first = (*first).min(at);
        }
        for (webinar, theirs) in other.webinars {
            let mine = self.webinars.entry(webinar).or_default();
            mine.registrants += theirs.registrants;
            mine.attendees += theirs.attendees;
            mine.repeat_registrants += theirs.repeat_registrants;
        }
        self.webinar_leads += other.webinar_leads;
        self.sampled.extend(other.sampled);
        self
    }
}

/// A workspace file and the ranges of lead ids a scan of it is split into.
pub(crate) type Split = (String, Vec<(i64, i64)>);

/// The ranges of lead ids a scan is split into (`parts` of them), with the path of the
/// workspace's file to open a reader on for each: `None` (one range, scanned on `conn`) when the
/// workspace is not a file, `conn` has a transaction open (another connection would not see what
/// it has not committed), one part is asked for, or the lead ids span less than `min_span`.
pub(crate) fn split(
    conn: &Connection,
    parts: i64,
    min_span: i64,
) -> Result<Option<Split>, StoreError> {
    let (first, last): (Option<i64>, Option<i64>) =
        conn.query_row("SELECT min(id), max(id) FROM leads", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    // A workspace read as it stands (a read-only place) is scanned on its own connection: a
    // reader opened on its file would need side files the place cannot hold.
    if crate::store::is_read_only(conn) {
        return Ok(None);
    }
    let path = conn.path().filter(|p| !p.is_empty()).map(str::to_owned);
    let (Some(first), Some(last), Some(path)) = (first, last, path) else {
        return Ok(None);
    };
    if parts < 2 || !conn.is_autocommit() || last - first < min_span {
        return Ok(None);
    }
    let step = (last - first) / parts + 1;
    let ranges = (0..parts)
        .map(|i| {
            let lo = if i == 0 { i64::MIN } else { first + i * step };
            let hi = if i == parts - 1 {
                i64::MAX
            } else {
                first + (i + 1) * step - 1
            };
            (lo, hi)
        })
        .collect();
    Ok(Some((path, ranges)))
}

/// A read-only connection to the workspace file at `path` (or a `file:` URI, such as
/// `store::immutable_uri`'s), for a reader in its own thread.
pub(crate) fn open_reader(path: &str) -> Result<Connection, StoreError> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
        | rusqlite::OpenFlags::SQLITE_OPEN_URI;
    let reader = Connection::open_with_flags(path, flags)?;
    // Waits out a writer's checkpoint as the workspace's own connection does, instead of failing.
    reader.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(reader)
}

/// `scan` of each range of `split`, each in its own thread on its own read-only connection, in
/// range order; one scan of every lead on `conn` when the scan is not split.
fn in_parts<T: Send>(
    conn: &Connection,
    split: &Option<Split>,
    scan: impl Fn(&Connection, usize, (i64, i64)) -> Result<T, StoreError> + Sync,
) -> Result<Vec<T>, StoreError> {
    let Some((path, ranges)) = split else {
        return Ok(vec![scan(conn, 0, (i64::MIN, i64::MAX))?]);
    };
    let scan = &scan;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (ranges.iter().enumerate())
            .map(|(part, &ids)| scope.spawn(move || scan(&open_reader(path)?, part, ids)))
            .collect();
        (handles.into_iter())
            .map(|h| h.join().expect("a history scan panicked"))
            .collect()
    })
}

/// What one scan of a range of leads found: the leads' days observed and the recently created.
#[derive(Default)]
struct LeadFacts {
    /// Seconds observed, summed.
    seconds: i128,
    earliest_created: Option<i64>,
    recent_created: u64,
    /// The most recently created (at most `RECENT_LEADS`), as (created, id).
    recent: Vec<(i64, i64)>,
    /// Leads created on each of the last `TREND_DAYS` days (oldest first).
    per_day: Vec<u64>,
    /// Leads sent mail without a recorded opt-in basis.
    mailed_without_basis: u64,
    /// `HistoryFacts::created_in_history`.
    created_in_history: u64,
    /// Seconds observed by the leads' age then (`organic::age_bucket`).
    seconds_by_age: [i128; AGE_BUCKETS],
    /// The same in each of the last `PERIODS` periods (`HistoryFacts::organic_periods`).
    period_seconds: Vec<[i128; AGE_BUCKETS]>,
    /// The sampled leads (`is_sampled`): id, creation and first event, in id order.
    sampled: Vec<(i64, Option<i64>, Option<i64>)>,
}

impl LeadFacts {
    /// The leads with ids in `ids`, whose first events are `firsts` (in id order), against the
    /// history's last moment `last`.
    fn scan(
        conn: &Connection,
        ids: (i64, i64),
        firsts: &[(i64, i64, bool)],
        (start, last): (i64, i64),
        first_drawn: Option<i64>,
        every: i64,
    ) -> Result<LeadFacts, StoreError> {
        let mut facts = LeadFacts {
            period_seconds: vec![[0; AGE_BUCKETS]; PERIODS],
            ..LeadFacts::default()
        };
        // Where each period starts, the latest first: at the start of its first day in Japan.
        let period_starts: Vec<i64> = (0..PERIODS as i64)
            .map(|k| jst_day_start(jst_day(last) - (k + 1) * PERIOD_DAYS + 1))
            .collect();
        let mut leads = conn
            .prepare("SELECT id, created_at, opt_in_basis IS NULL FROM leads WHERE id BETWEEN ?1 AND ?2 ORDER BY id")?;
        let mut rows = leads.query([ids.0, ids.1])?;
        let mut firsts = firsts.iter().peekable();
        let recent_from = last - INFLOW_DAYS * 86_400;
        let mut recent = std::collections::BinaryHeap::new();
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let created: Option<i64> = row.get(1)?;
            if let Some(c) = created.filter(|&c| c <= last) {
                if first_drawn.is_some_and(|f| c >= f) {
                    facts.created_in_history += 1;
                }
                facts.earliest_created = Some(facts.earliest_created.map_or(c, |e| e.min(c)));
                let back = (jst_day(last) - jst_day(c)) as usize;
                if back < TREND_DAYS {
                    facts.per_day.resize(TREND_DAYS, 0);
                    facts.per_day[TREND_DAYS - 1 - back] += 1;
                }
                if c > recent_from {
                    facts.recent_created += 1;
                    recent.push(std::cmp::Reverse((c, id)));
                    if recent.len() > RECENT_LEADS {
                        recent.pop(); // The earliest of them.
                    }
                }
            }
            while firsts.next_if(|f| f.0 < id).is_some() {}
            let first = firsts.next_if(|f| f.0 == id);
            if first.is_some_and(|f| f.2) && row.get::<_, bool>(2)? {
                facts.mailed_without_basis += 1;
            }
            let first = first.map(|f| f.1);
            if is_sampled(id, every) {
                facts.sampled.push((id, created, first));
            }
            // Observed from its creation or first event, and not before the history began.
            let from = created.or(first).unwrap_or(last).max(start);
            facts.seconds += i128::from((last - from).max(0));
            // The span by the lead's age: each bucket's part of it (a lead without a creation
            // date is of the last).
            let mut bucket_from = from;
            for (b, seconds) in facts.seconds_by_age.iter_mut().enumerate() {
                let bounds = crate::simulate::organic::AGE_BOUNDS_DAYS.get(b);
                let bucket_to = match (created, bounds) {
                    (Some(c), Some(days)) => (c + days * 86_400).min(last),
                    _ => last,
                };
                *seconds += i128::from((bucket_to - bucket_from).max(0));
                // … and in each period it overlaps (the latest ends at `last`).
                let mut end = last;
                for (k, &start) in period_starts.iter().enumerate() {
                    if bucket_to <= bucket_from {
                        break;
                    }
                    if start < bucket_to && bucket_from < end {
                        let overlap = bucket_to.min(end) - bucket_from.max(start);
                        facts.period_seconds[k][b] += i128::from(overlap);
                    }
                    if start <= bucket_from {
                        break;
                    }
                    end = start;
                }
                bucket_from = bucket_from.max(bucket_to);
            }
        }
        facts.recent = recent.into_iter().map(|r| r.0).collect();
        Ok(facts)
    }
}

impl HistoryFacts {
    /// Reads the facts: one pass over the events in key order, one over the leads' creation,
    /// each split by lead across the cores (at most four) when the lead ids span 10,000 or more.
    pub fn read(conn: &Connection) -> Result<HistoryFacts, StoreError> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        HistoryFacts::read_split(conn, cores as i64, 10_000)
    }

    /// [`HistoryFacts::read`] with the scans split into `parts` (the facts do not depend on it;
    /// tested).
    #[doc(hidden)]
    pub fn read_in(conn: &Connection, parts: i64) -> Result<HistoryFacts, StoreError> {
        HistoryFacts::read_split(conn, parts, 0)
    }

    /// The facts, with the scans split into `parts` when the lead ids span `min_span` or more.
    fn read_split(
        conn: &Connection,
        parts: i64,
        min_span: i64,
    ) -> Result<HistoryFacts, StoreError> {
        let split = split(conn, parts, min_span)?;
        let every = sample_every(conn)?;
        let mut firsts = Vec::new();
        let mut events = EventFacts::default();
        for mut part in in_parts(conn, &split, |c, _, ids| EventFacts::scan(c, ids, every))? {
            firsts.push(std::mem::take(&mut part.first_at));
            events = events.merge(part);
        }
        let mut facts = HistoryFacts {
            last_at: events.last_at,
            mails: events.mails,
            click_views: events.click_views,
            per_mail: events.per_mail,
            counts: (EventKind::ALL.iter())
                .zip(events.counts)
                .filter(|(_, n)| *n > 0)
                .map(|(k, n)| (k.code().to_owned(), n))
                .collect(),
            details: (crate::simulate::organic::DRAWN.iter())
                .zip(events.details)
                .filter(|(_, d)| !d.is_empty())
                .map(|(k, d)| (k.code().to_owned(), d))
                .collect(),
            webinar_first: events.webinar_first,
            webinars: events.webinars,
            webinar_leads: events.webinar_leads,
            leads_with_events: firsts.iter().map(|f| f.len() as u64).sum(),
            organic_by_age: events.by_age,
            creation_acts: events.creation_acts,
            ..HistoryFacts::default()
        };
        let Some(last) = facts.last_at else {
            return Ok(facts);
        };
        let first_event = (firsts.iter().flatten().map(|f| f.1).min()).unwrap_or(last);
        facts.first_at = Some(first_event);
        let leads = in_parts(conn, &split, |c, part, ids| {
            LeadFacts::scan(
                c,
                ids,
                &firsts[part],
                (first_event, last),
                events.first_drawn,
                every,
            )
        })?;
        let mut sampled_leads = Vec::new();
        let mut seconds = 0i128;
        let mut earliest_created = last;
        let mut recent = Vec::new();
        let mut per_day = vec![0u64; TREND_DAYS];
        let mut seconds_by_age = [0i128; AGE_BUCKETS];
        let mut period_seconds = vec![[0i128; AGE_BUCKETS]; PERIODS];
        for part in leads {
            for (sum, n) in period_seconds.iter_mut().zip(&part.period_seconds) {
                for (a, b) in sum.iter_mut().zip(n) {
                    *a += b;
                }
            }
            for (sum, n) in seconds_by_age.iter_mut().zip(part.seconds_by_age) {
                *sum += n;
            }
            for (sum, n) in per_day.iter_mut().zip(&part.per_day) {
                *sum += n;
            }
            seconds += part.seconds;
            earliest_created = earliest_created.min(part.earliest_created.unwrap_or(last));
            facts.recent_created += part.recent_created;
            facts.mailed_without_basis += part.mailed_without_basis;
            facts.created_in_history += part.created_in_history;
            recent.extend(part.recent);
            sampled_leads.extend(part.sampled);
        }
        // The most recently created across the parts (by time, then id), in id order.
        recent.sort_unstable_by(|a, b| b.cmp(a));
        recent.truncate(RECENT_LEADS);
        let recent_from = last - INFLOW_DAYS * 86_400;
        facts.lead_days = seconds as f64 / 86_400.0;
        facts.lead_days_by_age = seconds_by_age.map(|s| s as f64 / 86_400.0);
        facts.recent_days = (last - earliest_created.max(recent_from)) as f64 / 86_400.0;
        facts.recent_ids = recent.into_iter().map(|r| r.1).collect();
        facts.recent_ids.sort_unstable();
        // The days observed: from the first recorded event, or the first lead's creation if that
        // is later (or a year back), to the last day. Creation dates from before the history
        // began (leads an export carries from years back) tell of another time's pace.
        let from = earliest_created.max(first_event);
        let observed = (jst_day(last) - jst_day(from) + 1).clamp(0, TREND_DAYS as i64);
        facts.created_per_day = per_day.split_off(TREND_DAYS - observed as usize);
        let (last_day, since) = (jst_day(last), jst_day(first_event));
        let days = (last_day - since + 1).clamp(0, TREND_DAYS as i64);
        facts.organic_per_day = (last_day - days + 1..=last_day)
            .map(|d| events.organic_days.get(&d).map_or(0, |n| n.iter().sum()))
            .collect();
        // The whole periods since leads' own doing was first recorded, with their events.
        let whole = events.first_drawn.map_or(0, |f| {
            ((last_day - jst_day(f)).max(0) / PERIOD_DAYS) as usize
        });
        period_seconds.truncate(whole.min(PERIODS));
        facts.organic_periods = (period_seconds.into_iter().enumerate())
            .map(|(k, seconds)| {
                let end = last_day - k as i64 * PERIOD_DAYS;
                let mut events_of = [0u64; 3];
                for (_, n) in events.organic_days.range(end - PERIOD_DAYS + 1..=end) {
                    for (a, b) in events_of.iter_mut().zip(n) {
                        *a += b;
                    }
                }
                OrganicPeriod {
                    events: events_of,
                    days_by_age: seconds.map(|s| s as f64 / 86_400.0),
                }
            })
            .collect();
        facts.split_leads = split_leads(&sampled_leads, &events.sampled, (first_event, last));
        facts.lag_pairs = lag_pairs(&sampled_leads, &events.sampled, (first_event, last));
        facts.burst_acts = burst_acts(&sampled_leads, &events.sampled, (first_event, last));
        facts.visits = visits(&sampled_leads, &events.sampled);
        Ok(facts)
    }

    /// How many events of `kind` were recorded.
    pub fn count(&self, kind: EventKind) -> u64 {
        self.counts.get(kind.code()).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mail_tally_keeps_every_week_and_a_stray_one_decades_away_costs_no_dense_run() {
        let mut tally = MailTally::default();
        tally.count(0, 2_900);
        tally.count(1, 2_890);
        tally.count_recent(2, 2_900);
        tally.count(0, 1_000_000);
        assert!(tally.weeks.len() <= 11, "{}", tally.weeks.len());
        let facts = tally.facts();
        assert_eq!(facts.total.counts, [2, 1, 0, 0]);
        assert_eq!(
            facts.weeks.keys().copied().collect::<Vec<_>>(),
            [2_890, 2_900, 1_000_000]
        );
        assert_eq!(facts.weeks[&2_900].recent[2], 1);
    }
}

#[cfg(test)]
mod lag_tests {
    use super::*;
    use rand::RngExt;
    use rand_chacha::ChaCha8Rng;
    use rand_chacha::rand_core::SeedableRng;

    /// Leads acting as a self-exciting process of known branching and delay (days), and leads
    /// acting at steady rates: the lags read from their acts give the branching and the delay
    /// back, and nothing for the steady ones.
    #[test]
    fn the_lags_of_bursting_leads_give_back_their_branching_and_delay() {
        const DAY: i64 = 86_400;
        let span = 365 * DAY;
        let leads_acting = |branching: f64, delay_days: f64, seed: u64| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut events = Vec::new();
            let mut leads = Vec::new();
            for id in 1..=3_000i64 {
                let steady = rng.random_range(0.005..0.05) * (1.0 - branching);
                let mut acts: Vec<i64> = Vec::new();
                let count = rand_distr::Distribution::sample(
                    &rand_distr::Poisson::new(steady * 365.0).unwrap(),
                    &mut rng,
                ) as usize;
                let mut queue: Vec<i64> = (0..count).map(|_| rng.random_range(0..span)).collect();
                while let Some(at) = queue.pop() {
                    acts.push(at);
                    let children = if branching > 0.0 {
                        rand_distr::Distribution::sample(
                            &rand_distr::Poisson::new(branching).unwrap(),
                            &mut rng,
                        ) as usize
                    } else {
                        0
                    };
                    for _ in 0..children {
                        let u: f64 = rng.random_range(f64::EPSILON..1.0);
                        let later = at + (-u.ln() * delay_days * DAY as f64) as i64;
                        if later < span {
                            queue.push(later);
                        }
                    }
                }
                acts.sort_unstable();
                // Old leads: created two years before the history.
                leads.push((id, Some(-730 * DAY), acts.first().copied()));
                events.extend(acts.into_iter().map(|at| (id, at, 0u8, 0)));
            }
            lag_pairs(&leads, &events, (0, span))
        };
        let fitted = crate::simulate::behaviour::Excitation::fit(&leads_acting(0.5, 3.0, 1))
            .expect("bursts found");
        assert!(
            (0.35..=0.65).contains(&fitted.branching),
            "branching {fitted:?}"
        );
        assert!((1.5..=6.0).contains(&fitted.delay_days), "delay {fitted:?}");
        assert_eq!(
            crate::simulate::behaviour::Excitation::fit(&leads_acting(0.0, 3.0, 2)),
            None,
            "steady leads show no bursts"
        );
    }

    /// An act within a week of the lead's previous one is a burst's, a visit one act of its
    /// highest-ranked anchor; a young lead's acts are not read (its novelty would read as
    /// bursts).
    #[test]
    fn the_acts_that_came_within_a_week_of_the_previous_are_a_burst_s() {
        const DAY: i64 = 86_400;
        let leads = [
            (1, Some(-400 * DAY), Some(40 * DAY)),
            (2, Some(0), Some(DAY)),
        ];
        let (page, pricing, doc) = (
            detail_key("/"),
            detail_key("/pricing"),
            detail_key("事例集"),
        );
        let events = [
            (1, 40 * DAY, 0, page),
            // A visit: a page view, then a download; the download stands for it.
            (1, 41 * DAY, 0, page),
            (1, 41 * DAY + 600, SAMPLED_MAIL, 0),
            (1, 41 * DAY + 900, 1, doc),
            (1, 48 * DAY, 0, pricing),
            (1, 60 * DAY, 2, 7),
            (1, 100 * DAY, 0, pricing),
            (1, 103 * DAY, 0, pricing),
            (2, 40 * DAY, 0, page),
            (2, 41 * DAY, 0, page),
        ];
        let bursts = burst_acts(&leads, &events, (0, 200 * DAY));
        assert_eq!(
            bursts.details,
            [
                BTreeMap::from([(pricing, 2)]),
                BTreeMap::from([(doc, 1)]),
                BTreeMap::new()
            ]
        );
    }

    /// A form within half an hour of a download came along with it, and a page view with the
    /// download rather than the form (the higher-ranked anchor); acts on the lead's first day and
    /// mails count for nothing.
    #[test]
    fn what_comes_along_in_a_visit_is_counted_against_its_highest_anchor() {
        const DAY: i64 = 86_400;
        let leads = [(1, Some(0), Some(0)), (2, None, Some(5 * DAY))];
        let events = [
            // Lead 1's creation: a download and its form, on its first day.
            (1, 60, 1),
            (1, 90, 2),
            // A visit: a page view, a form, a download, half an hour at most apart.
            (1, 10 * DAY, 0),
            (1, 10 * DAY + 600, 2),
            (1, 10 * DAY + 1_200, SAMPLED_MAIL),
            (1, 10 * DAY + 1_500, 1),
            // A form alone, two hours later.
            (1, 10 * DAY + 9_000, 2),
            // Lead 2: a page view and a form together.
            (2, 20 * DAY, 0),
            (2, 20 * DAY + 60, 2),
        ];
        let events = events.map(|(lead, at, kind)| (lead, at, kind, 0));
        let v = visits(&leads, &events);
        assert_eq!(v.acts, [2, 1, 3]);
        assert_eq!(
            v.along[1],
            [1, 0, 1],
            "the page view and the form came with the download"
        );
        assert_eq!(
            v.along[2],
            [1, 0, 0],
            "lead 2's page view came with its form"
        );
        assert_eq!(v.along[0], [0, 0, 0]);
    }
}
