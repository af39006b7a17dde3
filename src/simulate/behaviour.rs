//! Organic behaviour: what a lead does on its own (page views, downloads, forms) after the recorded
//! history, so that a window reaching into the future is a forecast (DESIGN.md §5). Webinar
//! registrations and attendance are fitted but not drawn: they belong to webinars, and only held
//! ones are known.
//!
//! Each kind of behaviour is a Poisson process with a daily rate. The population's rate is fitted
//! from the workspace's history; a lead's own rate is its count over its observed days shrunk toward
//! the population's (a Gamma prior worth `prior_days` days of the population's rate), so a lead seen
//! for a week is mostly average and a lead seen for a year is mostly itself.

use std::collections::BTreeMap;

use rand::RngExt;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::lead::EventKind;
use crate::simulate::history::{HistoryFacts, SplitLead};
use crate::simulate::organic::{
    AGE_BUCKETS, CreationActs, DRAWN, age_parts, drawn_index, follows_click, observed_from,
};
use crate::store::StoreError;
use crate::time::Minute;

/// The kinds of behaviour a lead shows on its own (mail opens and clicks come from the response
/// model instead).
pub const ORGANIC: [EventKind; 5] = [
    EventKind::PageView,
    EventKind::DocumentDownload,
    EventKind::WebinarRegistration,
    EventKind::FormSubmit,
    EventKind::WebinarAttendance,
];

/// The behaviour model's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BehaviourSettings {
    /// How many days of the population's rate a lead's own history is blended with.
    pub prior_days: f64,
    /// … and at least this many events of it: for rare behaviour (a download every two years)
    /// a lead's one event, such as the download that made it a lead, must not make it ten times
    /// as keen as the population.
    #[serde(default = "default_prior_events")]
    pub prior_events: f64,
    /// Daily rates used when the workspace has no history, by event kind code.
    pub default_daily_rate: BTreeMap<String, f64>,
}

impl Default for BehaviourSettings {
    /// Rates of a typical B2B lead base, where most leads are quiet: a page view every ~3 months, a
    /// download every ~2 years (per lead, on average).
    fn default() -> Self {
        let rates = [
            ("page_view", 0.01),
            ("document_download", 0.0015),
            ("webinar_registration", 0.0007),
            ("webinar_attendance", 0.0004),
            ("form_submit", 0.0005),
        ];
        BehaviourSettings {
            prior_days: 60.0,
            prior_events: default_prior_events(),
            default_daily_rate: rates.into_iter().map(|(k, r)| (k.to_owned(), r)).collect(),
        }
    }
}

fn default_prior_events() -> f64 {
    1.0
}

/// How many events of evidence a lead age's rate is blended with the overall rate by.
const AGE_SHRINKAGE_EVENTS: f64 = 2.0;

/// The fewest sampled leads `lasting_shape` fits from.
const SHAPE_MIN_LEADS: usize = 200;

/// The bounds of a fitted shape: leads differ at most so much (0.05: a few leads do nearly all)
/// and at least so little (10: nearly alike).
const SHAPE_BOUNDS: (f64, f64) = (0.05, 10.0);

/// How much leads' rates of `DRAWN[i]` differ for good, as the shape k of a Gamma distribution of
/// them (variance mean²/k): from the sampled leads' events in the two halves of their observed
/// spans (`HistoryFacts::split_leads`), each half's lead-days weighed by the age profile. A lead
/// keener than the others in both halves is keener for good; a burst in one half (an in-market
/// episode) is not. The covariance of the halves' excess over what the population's rate
/// expects, against the product of those expectations, is 1/k. `None` with too few leads or
/// events.
fn lasting_shape(leads: &[SplitLead], i: usize, profile: &[f64; AGE_BUCKETS]) -> Option<f64> {
    shape_of_halves(leads, |l| l.events[i], profile)
}

/// `lasting_shape` of the counts `halves` gives of each lead (in its two halves).
fn shape_of_halves(
    leads: &[SplitLead],
    halves: impl Fn(&SplitLead) -> [u32; 2],
    profile: &[f64; AGE_BUCKETS],
) -> Option<f64> {
    if leads.len() < SHAPE_MIN_LEADS {
        return None;
    }
    let exposure =
        |days: &[f64; AGE_BUCKETS]| -> f64 { days.iter().zip(profile).map(|(d, p)| d * p).sum() };
    let (events, days): (f64, f64) = (leads.iter())
        .map(|l| {
            let [a, b] = halves(l);
            (
                f64::from(a + b),
                exposure(&l.days[0]) + exposure(&l.days[1]),
            )
        })
        .fold((0.0, 0.0), |(e, d), (a, b)| (e + a, d + b));
    if events < SHAPE_MIN_LEADS as f64 / 10.0 || days <= 0.0 {
        return None;
    }
    let rate = events / days;
    let (mut covariance, mut scale) = (0.0, 0.0);
    for l in leads {
        let (e1, e2) = (rate * exposure(&l.days[0]), rate * exposure(&l.days[1]));
        let [a, b] = halves(l);
        covariance += (f64::from(a) - e1) * (f64::from(b) - e2);
        scale += e1 * e2;
    }
    if scale <= 0.0 {
        return None;
    }
    let inverse = covariance / scale;
    Some(if inverse > 0.0 {
        (1.0 / inverse).clamp(SHAPE_BOUNDS.0, SHAPE_BOUNDS.1)
    } else {
        SHAPE_BOUNDS.1
    })
}

/// A lead age's rate against the overall one (`events` seen where `expected` were at the overall
/// rate), blended with 1 on the log scale by the evidence the age has: as many events as it saw or
/// as were expected, whichever is more, against `AGE_SHRINKAGE_EVENTS`. So an age with a few
/// events is mostly average, and the first day after a lead's creation, short but holding
/// thousands of events (the form or download that made the lead), keeps its own rate: a blend of
/// the counts themselves would weigh two events at the overall rate against its few lead-days.
fn age_ratio(events: f64, expected: f64) -> f64 {
    if expected <= 0.0 {
        return 1.0;
    }
    // An age without events is taken to have seen half of one (its ratio is not 0).
    let raw = events.max(0.5) / expected;
    let evidence = events.max(expected);
    raw.powf(evidence / (evidence + AGE_SHRINKAGE_EVENTS))
}

/// How many of the most frequent details (pages, documents, forms) of each kind a drawn event
/// chooses from.
const TOP_DETAILS: usize = 50;

/// Population rates, fitted or default.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BehaviourModel {
    /// The parameters.
    pub settings: BehaviourSettings,
    /// Events per lead per day, by kind code.
    pub population_daily_rate: BTreeMap<String, f64>,
    /// Per recorded mail (its detail), the page views per lead-day its clicks led to
    /// (`follows_click`), among the population's page views.
    pub click_view_rate: BTreeMap<String, f64>,
    /// Whether the rates come from the workspace's history.
    pub fitted: bool,
    /// The most frequent details of each drawn kind with their counts, most frequent first: what
    /// a drawn page view views, a drawn download downloads.
    pub details: BTreeMap<String, Vec<(String, u64)>>,
    /// Per `DRAWN` kind, the rate of leads of each age (`AGE_BOUNDS_DAYS`) as a multiple of the
    /// population's (1 unfitted): the novelty of new leads, as the history shows it.
    pub age_profile: [[f64; AGE_BUCKETS]; 3],
    /// Per `DRAWN` kind, the shape of the Gamma distribution of leads' lasting rates, as the
    /// history shows it (`lasting_shape`): what a lead's own events are blended with is this many
    /// events of the population's rate. `None`: the settings' prior.
    pub shape: [Option<f64>; 3],
    /// Per `OUTSIDE` kind, the same of the mails leads were sent, opened and clicked
    /// (`HistoryFacts::split_leads`): a few leads click nearly every newsletter, most none.
    pub outside_shape: [Option<f64>; 3],
    /// What comes along with what in one visit (`HistoryFacts::visits`): none unfitted.
    pub visits: Option<VisitShares>,
    /// Per `DRAWN` kind, the share of the leads created in the history that did it as they were
    /// created (`CreationActs`): a new lead in a forecast does it at its creation with this
    /// chance, rather than at a rate (a form that makes every lead would otherwise make two in
    /// some and none in a third of them). 0 unfitted.
    pub creation_share: [f64; 3],
    /// When in the week leads act on their own, as the history shows it (`with_timing`): none
    /// unfitted, and then a lead acts alike on every day.
    pub timing: Option<Timing>,
    /// How a lead's act brings on its next ones, as the history's lags show it (`Excitation`):
    /// none unfitted or where leads act at steady rates.
    pub excitation: Option<Excitation>,
    /// What the acts a burst sets off are of, as the history's bursts show it (`BurstDetails`):
    /// none unfitted, without `excitation`, or with too few such acts (then they are of any
    /// act's details).
    pub burst_details: Option<BurstDetails>,
    /// How much leads' own doing differs between the history's four-week periods beyond chance
    /// (the sd of its log; `periods`): a campaign, a season, a quiet month move all leads at
    /// once, so each run of a forecast moves its rates by its own draw of it. 0 unfitted.
    pub period_sd: f64,
    /// The lead-days the rates were fitted over (`HistoryFacts::lead_days`): what the mails
    /// from outside a forecast's scenarios are a rate of (`Plan::outside_rates`). 0 unfitted.
    pub lead_days: f64,
}

/// What comes along with what in one visit, as the history's acts show it (`Visits`): a gated
/// download comes with its form. Page views are many and come in sessions of their own; they are
/// left as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct VisitShares {
    /// Per `DRAWN` kind, the acts of each kind that one of its acts (one not brought along by
    /// another) brought along with it; only anchor kinds (`history::VISIT_ANCHORS`) are brought.
    pub brings: [[f64; 3]; 3],
    /// The `DRAWN` kinds, highest-ranked anchor first (`history::anchor_rank`).
    order: [usize; 3],
}

/// The fewest acts of an anchor kind, not brought along by another, whose visits are worth
/// fitting.
const VISIT_MIN_ACTS: u64 = 20;

impl VisitShares {
    /// From the history's visits; none where no anchor kind has `VISIT_MIN_ACTS` acts of its own.
    fn fit(visits: &crate::simulate::history::Visits) -> Option<VisitShares> {
        use crate::simulate::history::{VISIT_ANCHORS, anchor_rank};
        let along: [u64; 3] = std::array::from_fn(|b| visits.along.iter().map(|a| a[b]).sum());
        let own = |a: usize| visits.acts[a].saturating_sub(along[a]);
        let fitted: [bool; 3] = std::array::from_fn(|a| own(a) >= VISIT_MIN_ACTS);
        if !fitted.iter().any(|f| *f) {
            return None;
        }
        let mut order: [usize; 3] = std::array::from_fn(|i| i);
        order.sort_by_key(|&i| anchor_rank(i));
        Some(VisitShares {
            order,
            brings: std::array::from_fn(|a| {
                std::array::from_fn(|b| {
                    if fitted[a] && anchor_rank(b) < VISIT_ANCHORS.len() {
                        visits.along[a][b] as f64 / own(a) as f64
                    } else {
                        0.0
                    }
                })
            }),
        })
    }

    /// Of a lead's expected acts of each kind (`expected`), the share that comes along with its
    /// acts of higher-ranked anchors: of its forms, those its own downloads bring. A lead that
    /// never downloads has no forms that came with a download, so none are left out of its own.
    pub fn along_share(&self, expected: &[f64; 3]) -> [f64; 3] {
        let mut share = [0.0; 3];
        let mut own = *expected;
        let ranked = &self.order;
        for (n, &b) in ranked.iter().enumerate() {
            let along: f64 = ranked[..n]
                .iter()
                .map(|&a| own[a] * self.brings[a][b])
                .sum();
            share[b] = if expected[b] > 0.0 {
                (along / expected[b]).min(1.0)
            } else {
                0.0
            };
            own[b] = (expected[b] - along).max(0.0);
        }
        share
    }
}

/// Acts that come in bursts — a lead weighing a purchase views the pricing page, downloads the
/// case studies and asks for a demo within a few weeks — drawn as a self-exciting (Hawkes)
/// process in its cluster form: a lead's acts are those at its steady rates less the share
/// `branching` (the acts nothing set off), and each act, recorded before the forecast or drawn in
/// it, sets off on average `branching` further acts, each after a delay drawn from an
/// exponential of mean `delay_days`, of a kind in the lead's own mix. Over time the lead does
/// what its rates say; what changes is when: together, which is how scores reach a threshold, and
/// a lead that has just acted is more likely to act again soon.
///
/// Fitted from `HistoryFacts::lag_pairs`: the excess of pairs of a lead's acts over what steady
/// rates give is, for such a process with an exponential delay, `A = n (2 − n) / (2 (1 − n)²)` per
/// act, spread over lags as an exponential of mean `τ / (1 − n)` (Hawkes 1971); so `n = 1 −
/// 1 / √(2A + 1)` and `τ` from the mean lag of the excess.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Excitation {
    /// The acts each act sets off, on average (below 1).
    pub branching: f64,
    /// The mean delay of an act set off after the act that set it off (days).
    pub delay_days: f64,
}

/// What `draw_set_off` sets off from: the bursts' parameters, the lead's expected acts of each
/// kind in the window (worked out as its steady acts were drawn), and where in the timeline its
/// drawn acts begin.
#[derive(Clone, Copy)]
struct SetOff {
    excitation: Excitation,
    mix: [f64; 3],
    drawn_from: usize,
}

/// The least excess of later acts per act worth modelling: below it the lags are as steady
/// rates give them, give or take chance.
const MIN_EXCESS: f64 = 0.05;

/// The fewest acts of old leads the lags are judged on.
const MIN_LAG_ACTS: u64 = 200;

/// The most acts one act sets off on average: a process at 1 or above never settles.
const MAX_BRANCHING: f64 = 0.8;

impl Excitation {
    /// From the lags of the history's acts; none when they show no bursts, or too few acts.
    ///
    /// Only lags of one to thirty days are read. Below a day, acts cluster as visits (a session's
    /// pages), not as the weeks of weighing a purchase that carry a score to a threshold; beyond
    /// a month the steady baseline, spread over the lead's whole span, is itself swollen by the
    /// bursts it is set against. The excess's shape over 1–7 against 1–30 days gives its decay
    /// `θ` (the ratio falls from 1 as `θ` grows, to 6/29), its size over 1–30 days the whole
    /// excess `A`.
    pub fn fit(pairs: &crate::simulate::history::LagPairs) -> Option<Excitation> {
        use crate::simulate::history::LAG_BINS_DAYS;
        if pairs.acts < MIN_LAG_ACTS {
            return None;
        }
        let excess = |from: f64, to: f64| -> f64 {
            (LAG_BINS_DAYS.iter().enumerate())
                .filter(|(_, high)| **high > from && **high <= to)
                .map(|(b, _)| (pairs.recorded[b] - pairs.steady[b]) / pairs.acts as f64)
                .sum()
        };
        let (week, month) = (excess(1.0, 7.0), excess(1.0, 30.0));
        if !(month >= MIN_EXCESS && week > 0.0) {
            return None;
        }
        let between = |theta: f64, a: f64, b: f64| (-a / theta).exp() - (-b / theta).exp();
        let share = |theta: f64| between(theta, 1.0, 7.0) / between(theta, 1.0, 30.0);
        // `share` falls as θ grows. An excess as flat over a month as a 30-day decay gives is
        // leads' rates drifting, not bursts; one steeper than a day's decay is read as a day's
        // (what comes sooner is visits, and extrapolating a steeper decay below a day, unread,
        // would multiply the excess).
        let (shortest, longest) = (1.0_f64, 30.0_f64);
        let ratio = week / month;
        if ratio < share(longest) {
            return None;
        }
        let ratio = ratio.min(share(shortest));
        // Bisected on a log scale.
        let (mut low, mut high) = (shortest, longest);
        for _ in 0..60 {
            let mid = (low * high).sqrt();
            if share(mid) > ratio {
                low = mid;
            } else {
                high = mid;
            }
        }
        let theta = (low * high).sqrt();
        let whole = month / between(theta, 1.0, 30.0).max(1e-9);
        let branching = (1.0 - 1.0 / (2.0 * whole + 1.0).sqrt()).min(MAX_BRANCHING);
        Some(Excitation {
            branching,
            delay_days: theta * (1.0 - branching),
        })
    }
}

/// What the acts a burst sets off (`Excitation`) are of: per `DRAWN` kind, the history's acts
/// that came within a week of the lead's previous one (`HistoryFacts::burst_acts`) by detail.
/// A lead weighing a purchase views the pricing page rather than the blog, and so scores: in the
/// sample workspace 56 % of such page views were of pricing pages, against 31 % of the same
/// leads' page views in all. Where a history's bursts are of what its other acts are, nothing
/// changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BurstDetails {
    /// Per kind, each detail (its index among the kind's in `BehaviourModel::details`; `None`
    /// for those not among them, drawn as any act's) with its acts; empty for a kind with fewer
    /// than `MIN_BURST_ACTS`.
    pub of_kind: [Vec<(Option<usize>, u64)>; 3],
}

/// The fewest acts of a kind in bursts that their details are read from.
const MIN_BURST_ACTS: u64 = 30;

impl BurstDetails {
    /// From the history's acts in bursts, their details looked up among the model's
    /// (`details`); none when no kind has `MIN_BURST_ACTS`.
    pub fn fit(
        acts: &crate::simulate::history::BurstActs,
        details: &BTreeMap<String, Vec<(String, u64)>>,
    ) -> Option<BurstDetails> {
        use crate::simulate::history::detail_key;
        let of_kind: [Vec<(Option<usize>, u64)>; 3] = std::array::from_fn(|i| {
            let counts = &acts.details[i];
            let total: u64 = counts.values().sum();
            if total < MIN_BURST_ACTS {
                return Vec::new();
            }
            let top = details.get(DRAWN[i].code()).map_or(&[][..], Vec::as_slice);
            // Each counted detail was counted at least once.
            let mut of: Vec<(Option<usize>, u64)> = (top.iter().enumerate())
                .filter_map(|(d, (name, _))| Some((Some(d), *counts.get(&detail_key(name))?)))
                .collect();
            let named: u64 = of.iter().map(|d| d.1).sum();
            if total > named {
                of.push((None, total - named));
            }
            of
        });
        of_kind
            .iter()
            .any(|of| !of.is_empty())
            .then_some(BurstDetails { of_kind })
    }
}

/// When in the week leads act on their own: each weekday's multiplier of their rates (Monday
/// first, mean 1) and, on a quiet weekday (a public holiday, the year-end break, a company
/// holiday, お盆), a further multiplier — fitted from the history's own-doing events per day as
/// the inflow's are from its creations. Drawn by thinning: events at the peak rate, each kept with
/// its moment's multiplier over the peak's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timing {
    /// Per weekday.
    pub weekday: [f64; 7],
    /// On a quiet weekday, against a usual one.
    pub quiet_factor: f64,
    /// What the multipliers are scaled by so that their mean over the history's days is 1: the
    /// fitted rates are the history's average, quiet days and weekends included.
    pub scale: f64,
    /// The days off the workspace's calendar names.
    #[serde(skip)]
    pub calendar: crate::simulate::calendar::CalendarSettings,
}

impl Timing {
    /// The multiplier at `t` (minutes).
    fn at(&self, t: Minute) -> f64 {
        let day = crate::simulate::calendar::day_of(t);
        let quiet = crate::simulate::calendar::is_quiet_workday(&self.calendar, day);
        self.scale
            * self.weekday[crate::simulate::calendar::weekday_of(day)]
            * if quiet { self.quiet_factor } else { 1.0 }
    }

    /// The largest multiplier: what events are drawn at before thinning.
    fn peak(&self) -> f64 {
        self.scale * self.weekday.iter().copied().fold(1.0, f64::max)
    }
}

const MINUTES_PER_DAY: f64 = 24.0 * 60.0;

impl BehaviourModel {
    /// The settings' default rates.
    pub fn unfitted(settings: BehaviourSettings) -> BehaviourModel {
        BehaviourModel {
            population_daily_rate: settings.default_daily_rate.clone(),
            click_view_rate: BTreeMap::new(),
            settings,
            fitted: false,
            details: BTreeMap::new(),
            age_profile: [[1.0; AGE_BUCKETS]; 3],
            shape: [None; 3],
            outside_shape: [None; 3],
            visits: None,
            creation_share: [0.0; 3],
            timing: None,
            excitation: None,
            burst_details: None,
            period_sd: 0.0,
            lead_days: 0.0,
        }
    }

    /// With when in the week leads act on their own (`Timing`), from the history's events per
    /// day over its last year: none with less than eight weeks or too few events (a flat week).
    pub fn with_timing(
        mut self,
        facts: &HistoryFacts,
        calendar: &crate::simulate::calendar::CalendarSettings,
    ) -> Self {
        let per_day = &facts.organic_per_day;
        let (Some(last), true) = (facts.last_at, per_day.len() >= 56) else {
            return self;
        };
        let first_day = crate::simulate::history::jst_day(last) - per_day.len() as i64 + 1;
        let (quiet, Some(shape)) =
            crate::simulate::calendar::week_shape(per_day, first_day, calendar)
        else {
            return self;
        };
        let crate::simulate::calendar::WeekShape {
            weekday,
            quiet_factor,
        } = shape;
        let mean = (0..per_day.len())
            .map(|i| {
                let day = first_day + i as i64;
                weekday[crate::simulate::calendar::weekday_of(day)]
                    * if quiet[i] { quiet_factor } else { 1.0 }
            })
            .sum::<f64>()
            / per_day.len() as f64;
        self.timing = Some(Timing {
            quiet_factor,
            weekday,
            scale: if mean > 0.0 { 1.0 / mean } else { 1.0 },
            calendar: calendar.clone(),
        });
        self
    }

    /// Fits the population's daily rates: events of each kind over lead-days observed (from each
    /// lead's creation, or its first event, to the last event recorded in the workspace).
    pub fn fit(
        conn: &Connection,
        settings: BehaviourSettings,
    ) -> Result<BehaviourModel, StoreError> {
        Ok(BehaviourModel::from_facts(
            &HistoryFacts::read(conn)?,
            settings,
        ))
    }

    /// `fit` from facts already read.
    pub fn from_facts(facts: &HistoryFacts, settings: BehaviourSettings) -> BehaviourModel {
        if facts.last_at.is_none() || facts.lead_days < 1.0 {
            return BehaviourModel::unfitted(settings);
        }
        // A lead's own doing, its creation acts left out (a new lead in a forecast does those
        // apart, `creation_share`).
        let own_count = |kind: EventKind| -> f64 {
            let acts = drawn_index(kind).map_or(0, |i| facts.creation_acts[i]);
            facts.count(kind).saturating_sub(acts) as f64
        };
        let population_daily_rate = ORGANIC
            .iter()
            .map(|&kind| (kind.code().to_owned(), own_count(kind) / facts.lead_days))
            .collect();
        let details = DRAWN
            .iter()
            .filter_map(|kind| {
                let counts = facts.details.get(kind.code())?;
                let mut top: Vec<(String, u64)> =
                    counts.iter().map(|(d, n)| (d.clone(), *n)).collect();
                top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                top.truncate(TOP_DETAILS);
                Some((kind.code().to_owned(), top))
            })
            .collect();
        let click_view_rate = (facts.click_views.iter())
            .map(|(mail, &n)| (mail.clone(), n as f64 / facts.lead_days))
            .collect();
        // Each age's rate against the overall one (`age_ratio`: an age with little evidence is
        // mostly average).
        let age_profile = std::array::from_fn(|i| {
            let overall = own_count(DRAWN[i]) / facts.lead_days;
            std::array::from_fn(|b| {
                let days = facts.lead_days_by_age[b];
                let events = facts.organic_by_age[i][b] as f64;
                if overall > 0.0 {
                    age_ratio(events, days * overall)
                } else {
                    1.0
                }
            })
        });
        let shape = std::array::from_fn(|i| lasting_shape(&facts.split_leads, i, &age_profile[i]));
        let outside_shape = std::array::from_fn(|m| {
            shape_of_halves(&facts.split_leads, |l| l.mails[m], &[1.0; AGE_BUCKETS])
        });
        // Each period's events of each kind against what the fitted rates expect of its
        // lead-days at their ages, pooled over the kinds.
        let period_sd = crate::simulate::periods::pooled_sd((0..DRAWN.len()).map(|i| {
            let overall = own_count(DRAWN[i]) / facts.lead_days;
            crate::simulate::periods::excess_log_variance(facts.organic_periods.iter().map(|p| {
                let days: f64 = (p.days_by_age.iter().zip(&age_profile[i]))
                    .map(|(d, r)| d * r)
                    .sum();
                (p.events[i] as f64, overall * days)
            }))
        }));
        let creation_share = facts.creation_acts.map(|acts| {
            if facts.created_in_history == 0 {
                0.0
            } else {
                (acts as f64 / facts.created_in_history as f64).min(1.0)
            }
        });
        let excitation = Excitation::fit(&facts.lag_pairs);
        BehaviourModel {
            shape,
            outside_shape,
            visits: VisitShares::fit(&facts.visits),
            creation_share,
            timing: None,
            excitation,
            burst_details: excitation.and_then(|_| BurstDetails::fit(&facts.burst_acts, &details)),
            period_sd,
            lead_days: facts.lead_days,
            settings,
            population_daily_rate,
            click_view_rate,
            fitted: true,
            details,
            age_profile,
        }
    }

    /// What a lead does on its own in `[from, to)`: for each drawn kind, a Poisson process at the
    /// lead's rate (its own count over its observed days, shrunk toward the population) until
    /// its first event, at a rate drawn from its posterior after it, each event with a detail
    /// drawn from the population's most frequent ones. In time order.
    pub fn draw_lead(
        &self,
        rng: &mut (impl rand::Rng + ?Sized),
        own: &LeadBehaviour,
        (from, to): (Minute, Minute),
    ) -> Vec<(EventKind, Minute, &str)> {
        let mut events = Vec::new();
        self.draw_lead_into(rng, own, (from, to), 1.0, &mut events);
        events.sort_by(|a, b| (a.1, a.0, a.2).cmp(&(b.1, b.0, b.2)));
        events
    }

    /// `draw_lead`, appended to `events` in the order drawn (not sorted), for a caller that
    /// sorts the lead's whole timeline once, with the lead's rates moved by `level` (a run's draw
    /// of how this period differs, `period_sd`; the acts that make a new lead a lead are not).
    pub fn draw_lead_into<'m>(
        &'m self,
        rng: &mut (impl rand::Rng + ?Sized),
        own: &LeadBehaviour,
        (from, to): (Minute, Minute),
        level: f64,
        events: &mut Vec<(EventKind, Minute, &'m str)>,
    ) {
        let drawn_from = events.len();
        // With bursts, the acts nothing set off are the steady rates' less those set off.
        let steady = self.excitation.map_or(1.0, |x| 1.0 - x.branching);
        // The acts of each kind the lead is expected to do in the window (`expected`): the mix
        // of the acts bursts set off.
        let mut mix = [0.0; 3];
        let mut keenness: Option<f64> = None;
        for (i, kind) in DRAWN.into_iter().enumerate() {
            // A lead's first event of the kind in the window comes at its expected rate; once
            // it has acted, its rate for the rest is its keenness (drawn from its posterior, a
            // Gamma of the prior's and its own events, at its first act of any kind and shared
            // by all kinds): keen leads keep going, and a lead keen on pages is keen on
            // downloads too, which is how scores pile up to a threshold, while how many leads
            // act at all stays what the history shows.
            let shape = self.posterior_shape(i, own);
            let mut acted = false;
            let mut times = Vec::new();
            // A lead created in the window does what made it a lead as the history's new leads
            // did; its rates after that are its age's (which leave such acts out).
            if let Some(created) = own.created.filter(|c| (from..to).contains(c))
                && self.creation_share[i] > 0.0
                && rng.random::<f64>() < self.creation_share[i]
            {
                times.push(created);
                acted = true;
                keenness.get_or_insert_with(|| gamma_factor(rng, shape));
            }
            for (rate, start, end) in self.rates_by_age(i, own, (from, to)) {
                let rate = rate * level;
                mix[i] += rate * (end - start) as f64 / MINUTES_PER_DAY;
                let mut at = start;
                let peak = self.timing.as_ref().map_or(1.0, Timing::peak);
                loop {
                    let keen = if acted { keenness.unwrap_or(1.0) } else { 1.0 };
                    let Some(t) =
                        BehaviourModel::next_time(rng, rate * keen * peak * steady, at, end)
                    else {
                        break;
                    };
                    at = t;
                    // Thinned to the moment's rate: fewer on a weekend or お盆 than on a Tuesday.
                    if let Some(timing) = &self.timing
                        && rng.random::<f64>() * peak >= timing.at(t)
                    {
                        continue;
                    }
                    times.push(t);
                    if !acted {
                        acted = true;
                        if keenness.is_none() {
                            keenness = Some(gamma_factor(rng, shape));
                        }
                    }
                }
            }
            for t in times {
                events.push((kind, t, self.draw_detail(rng, i)));
            }
        }
        if let Some(excitation) = self.excitation {
            let set_off = SetOff {
                excitation,
                mix,
                drawn_from,
            };
            self.draw_set_off(rng, own, (from, to), set_off, events);
        }
        if let Some(visits) = self.visits.as_ref().filter(|_| events.len() > drawn_from) {
            let along_share = visits.along_share(&mix);
            self.draw_visits(rng, (visits, along_share), own.created, drawn_from, events);
        }
    }

    /// The acts drawn (`events[drawn_from..]`) made into visits as the history has them
    /// (`VisitShares`): of each kind, the lead's share that comes along with a higher-ranked act
    /// (`along_share`) is left out, and each act left of an anchor kind brings along what such an
    /// act brought, at the same moment. A lead's counts of each kind stay what its rates say on
    /// average; what changes is that a download comes with its form, so a score that the two
    /// together would carry over a threshold gets there as it did. The acts that made a new lead
    /// (at its creation) stay as drawn.
    fn draw_visits<'m>(
        &'m self,
        rng: &mut (impl rand::Rng + ?Sized),
        (visits, along_share): (&VisitShares, [f64; 3]),
        created: Option<Minute>,
        drawn_from: usize,
        events: &mut Vec<(EventKind, Minute, &'m str)>,
    ) {
        let mut at = drawn_from;
        while at < events.len() {
            let e = events[at];
            let left_out = drawn_index(e.0)
                .is_some_and(|i| Some(e.1) != created && rng.random::<f64>() < along_share[i]);
            if left_out {
                events.swap_remove(at);
            } else {
                at += 1;
            }
        }
        let kept = events.len();
        for n in drawn_from..kept {
            let (kind, t, _) = events[n];
            let Some(a) = drawn_index(kind).filter(|_| Some(t) != created) else {
                continue;
            };
            for (b, &mean) in visits.brings[a].iter().enumerate() {
                if mean <= 0.0 {
                    continue;
                }
                let whole = mean.floor();
                let count = whole as u64 + u64::from(rng.random::<f64>() < mean - whole);
                for _ in 0..count {
                    events.push((DRAWN[b], t, self.draw_detail(rng, b)));
                }
            }
        }
    }

    /// A detail of `DRAWN[i]` (a page, a document, a form) as often as the history has it among
    /// its most frequent ones.
    fn draw_detail<'m>(&'m self, rng: &mut (impl rand::Rng + ?Sized), i: usize) -> &'m str {
        let details = (self.details.get(DRAWN[i].code())).map_or(&[][..], Vec::as_slice);
        pick_by_count(rng, details, |d| d.1).map_or("", |d| d.0.as_str())
    }

    /// A detail of `DRAWN[i]` for an act a burst set off: as often as the history's bursts have
    /// it (`BurstDetails`), or as any act's where they tell nothing.
    fn draw_burst_detail<'m>(&'m self, rng: &mut (impl rand::Rng + ?Sized), i: usize) -> &'m str {
        let of = (self.burst_details.as_ref()).map_or(&[][..], |b| b.of_kind[i].as_slice());
        match pick_by_count(rng, of, |d| d.1).map(|d| d.0) {
            Some(Some(d)) => self.details[DRAWN[i].code()][d].0.as_str(),
            _ => self.draw_detail(rng, i),
        }
    }

    /// The acts set off (`Excitation`) in `[from, to)` by the lead's recent recorded acts and by
    /// its acts drawn in the window (`events[set_off.drawn_from..]`), and by those in turn: appended to
    /// `events`. A recorded act at `t` has set off its acts before `from` already (they are in
    /// the record); of the rest, `branching · e^(−(from − t)/delay)` on average come after `from`,
    /// at `from` plus a fresh delay (the exponential forgets). Each is of a kind in the lead's own
    /// mix over the window (`set_off.mix`, its expected acts of each kind there). They are not thinned to the week's shape: they follow acts that
    /// already were (on a weekday, mostly), and thinning them again would keep more of them than
    /// `branching` says — with short delays, 40 % more acts in all, as a back-test showed.
    fn draw_set_off<'m>(
        &'m self,
        rng: &mut (impl rand::Rng + ?Sized),
        own: &LeadBehaviour,
        (from, to): (Minute, Minute),
        set_off: SetOff,
        events: &mut Vec<(EventKind, Minute, &'m str)>,
    ) {
        let SetOff {
            excitation,
            mix,
            drawn_from,
        } = set_off;
        let mix_total: f64 = mix.iter().sum();
        if mix_total.is_nan() || mix_total <= 0.0 || to <= from {
            return;
        }
        let delay = excitation.delay_days * MINUTES_PER_DAY;
        // (when the act was, how many it sets off on average, from when they are delayed)
        let mut parents: Vec<(Minute, f64)> = (own.recent.iter())
            .filter(|&&t| t != Minute::MIN && t < from)
            .map(|&t| {
                let left = (-((from - t) as f64) / delay).exp();
                (from, excitation.branching * left)
            })
            .collect();
        parents.extend(
            events[drawn_from..]
                .iter()
                .map(|e| (e.1, excitation.branching)),
        );
        while let Some((at, mean)) = parents.pop() {
            for _ in 0..poisson(rng, mean) {
                let u: f64 = rng.random_range(f64::EPSILON..1.0);
                let t = at as f64 - u.ln() * delay;
                if t >= to as f64 {
                    continue;
                }
                let t = t as Minute;
                let mut x = rng.random::<f64>() * mix_total;
                let i = mix
                    .iter()
                    .position(|w| {
                        if x < *w {
                            return true;
                        }
                        x -= w;
                        false
                    })
                    .unwrap_or(DRAWN.len() - 1);
                events.push((DRAWN[i], t, self.draw_burst_detail(rng, i)));
                parents.push((t, excitation.branching));
            }
        }
    }

    /// The events of `DRAWN[i]` a lead is expected to do in `[from, to)`.
    pub fn expected(&self, i: usize, own: &LeadBehaviour, (from, to): (Minute, Minute)) -> f64 {
        (self.rates_by_age(i, own, (from, to)).iter())
            .map(|(rate, start, end)| rate * (end - start) as f64 / MINUTES_PER_DAY)
            .sum()
    }

    /// The lead's daily rates of `DRAWN[i]` over `[from, to)`, a part per age it is of then:
    /// its own rate (`lead_rate`, its events against the days it was observed, each day weighed
    /// by the age it was of) × the age's.
    fn rates_by_age(
        &self,
        i: usize,
        own: &LeadBehaviour,
        (from, to): (Minute, Minute),
    ) -> Vec<(f64, Minute, Minute)> {
        let kind = DRAWN[i];
        let less = if kind == EventKind::PageView {
            own.click_view_rate
        } else {
            0.0
        };
        let profile = &self.age_profile[i];
        let observed = (own.by_age_parts(own.observed).iter())
            .map(|&(b, start, end)| profile[b] * (end - start) as f64 / MINUTES_PER_DAY)
            .sum();
        let rate = self.lead_rate(kind, own.counts[i], observed, less);
        (own.by_age_parts((from, to)).into_iter())
            .map(|(b, start, end)| (rate * profile[b], start, end))
            .collect()
    }

    /// A lead's daily rate of `kind`, from `count` events over `observed_days` days of its own,
    /// shrunk toward the population's rate less `less` per day: by the fitted `shape` events of
    /// it, or without one by `prior_days` days of it and at least `prior_events` events.
    pub fn lead_rate(&self, kind: EventKind, count: u64, observed_days: f64, less: f64) -> f64 {
        let (population, prior) = self.prior(kind, less);
        (count as f64 + prior * population) / (observed_days.max(0.0) + prior).max(1e-9)
    }

    /// The population's daily rate of `kind` less `less`, and how many days of it a lead's own
    /// history is blended with (by the fitted `shape` events, or `prior_days` days and at least
    /// `prior_events` events).
    fn prior(&self, kind: EventKind, less: f64) -> (f64, f64) {
        let population =
            (self.population_daily_rate.get(kind.code())).map_or(0.0, |r| (r - less).max(0.0));
        let shape = drawn_index(kind).and_then(|i| self.shape[i]);
        (population, self.prior_days(population, shape))
    }

    /// A lead's daily rate of `OUTSIDE[i]` for the mails that come from outside the forecast's
    /// scenarios (a newsletter, a one-off invitation: `LeadBehaviour::outside`), against the
    /// population's `population` (`Plan::outside_rates`): its own count blended with the
    /// population's rate by the fitted `outside_shape` (or the settings' prior), as any rate of
    /// its own doing is, so that the few leads who click every newsletter keep doing so and the
    /// rest stay quiet; none where the population has none (an unfitted model).
    pub fn outside_rate(&self, population: f64, own: &LeadBehaviour, i: usize) -> f64 {
        // An unfitted model draws none.
        if population <= 0.0 {
            return 0.0;
        }
        let prior = self.prior_days(population, self.outside_shape[i]);
        let days = (own.observed.1 - own.observed.0).max(0) as f64 / MINUTES_PER_DAY;
        (own.outside[i] as f64 + prior * population) / (days + prior).max(1e-9)
    }

    /// How many days of the population's rate `population` a lead's own history is blended
    /// with: the fitted `shape`'s events' worth, or `prior_days` days and at least
    /// `prior_events` events.
    fn prior_days(&self, population: f64, shape: Option<f64>) -> f64 {
        match shape {
            Some(events) if population > 0.0 => events / population,
            _ => {
                let days = self.settings.prior_days.max(0.0);
                if population > 0.0 {
                    days.max(self.settings.prior_events / population)
                } else {
                    days
                }
            }
        }
    }

    /// The next event of a Poisson process of `daily_rate` after `from`, if it comes before `to`.
    fn next_time(
        rng: &mut (impl rand::Rng + ?Sized),
        daily_rate: f64,
        from: Minute,
        to: Minute,
    ) -> Option<Minute> {
        if daily_rate <= 0.0 {
            return None;
        }
        let u: f64 = rng.random_range(f64::EPSILON..1.0);
        let t = from as f64 + -u.ln() * MINUTES_PER_DAY / daily_rate;
        (t < to as f64).then_some(t as Minute)
    }

    /// The shape of the posterior of a lead's lasting rate of `DRAWN[i]`: the prior's events
    /// (the fitted `shape`, or the settings' prior) and the lead's own.
    fn posterior_shape(&self, i: usize, own: &LeadBehaviour) -> f64 {
        let kind = DRAWN[i];
        let less = if kind == EventKind::PageView {
            own.click_view_rate
        } else {
            0.0
        };
        let (population, prior) = self.prior(kind, less);
        own.counts[i] as f64 + prior * population
    }

    /// The times of a Poisson process of `daily_rate` in `[from, to)`, drawn from `rng`.
    pub fn draw_times(
        rng: &mut (impl rand::Rng + ?Sized),
        daily_rate: f64,
        from: Minute,
        to: Minute,
    ) -> Vec<Minute> {
        let mut times = Vec::new();
        if daily_rate <= 0.0 {
            return times;
        }
        let per_minute = daily_rate / MINUTES_PER_DAY;
        let mut t = from as f64;
        loop {
            let u: f64 = rng.random_range(f64::EPSILON..1.0);
            t += -u.ln() / per_minute;
            if t >= to as f64 {
                return times;
            }
            times.push(t as Minute);
        }
    }
}

/// One of `items`, each as likely as its `count`; none when they count nothing.
fn pick_by_count<'a, T>(
    rng: &mut (impl rand::Rng + ?Sized),
    items: &'a [T],
    count: impl Fn(&T) -> u64,
) -> Option<&'a T> {
    let total: u64 = items.iter().map(&count).sum();
    if total == 0 {
        return None;
    }
    let mut x = rng.random_range(0..total);
    items.iter().find(|item| {
        let n = count(item);
        if x < n {
            return true;
        }
        x -= n;
        false
    })
}

/// A draw of a Poisson distribution of mean `mean` (0 for none).
fn poisson(rng: &mut (impl rand::Rng + ?Sized), mean: f64) -> u64 {
    if !(mean > 0.0 && mean.is_finite()) {
        return 0;
    }
    rand_distr::Poisson::new(mean).map_or(0, |p| rand_distr::Distribution::sample(&p, rng) as u64)
}

/// A draw of a Gamma of mean 1 and shape `shape` (variance 1/shape): how far a lead's rate lies
/// from its posterior mean. 1 for no shape.
fn gamma_factor(rng: &mut (impl rand::Rng + ?Sized), shape: f64) -> f64 {
    if !(shape > 0.0 && shape.is_finite()) {
        return 1.0;
    }
    rand_distr::Gamma::new(shape, 1.0 / shape)
        .map_or(1.0, |g| rand_distr::Distribution::sample(&g, rng))
}

/// A lead's own recorded behaviour, for its rates.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LeadBehaviour {
    /// Its recorded events of each `DRAWN` kind, in that order.
    pub counts: [u64; 3],
    /// When it was observed: from its creation (or first event) to the last recorded event.
    pub observed: (Minute, Minute),
    /// When it was created (its age counts from then; without a date it is of the oldest).
    pub created: Option<Minute>,
    /// Page views per day of the population's rate that clicks in the simulated mails led to:
    /// the simulation adds those with its own clicks, so the lead's rate leaves them out.
    pub click_view_rate: f64,
    /// Its last `RECENT_ACTS` acts counted in `counts`, oldest first (`Minute::MIN` where it has
    /// fewer): what they set off may still come (`Excitation`).
    pub recent: [Minute; RECENT_ACTS],
    /// The mails from outside the simulated scenarios it was sent, opened and clicked (each mail
    /// once): those mails go on in a forecast as they went; their sends tire the lead for the
    /// scenarios' mails as they did in the history the response rates were fitted from, and what
    /// the lead does with them is activity, score and engagement as much as its own doing.
    pub outside: [u64; 3],
}

/// What is drawn of the mails from outside a forecast's scenarios (`LeadBehaviour::outside`).
pub const OUTSIDE: [EventKind; 3] = [
    EventKind::EmailSend,
    EventKind::EmailOpen,
    EventKind::EmailClick,
];

/// How many of a lead's last acts are kept for what they set off: older ones have set off
/// nearly all they will.
pub const RECENT_ACTS: usize = 8;

impl LeadBehaviour {
    /// From a lead's timeline, observed from `recorded_from` at the earliest (an export covers
    /// less time than its leads' age) until `recorded_until`. The page views its clicks in the
    /// mails the simulation sends (`simulated`) led to are left out, and so is the population's
    /// `click_view_rate` of them: the simulation adds them with its own clicks.
    pub fn of<D: AsRef<str>>(
        history: &crate::simulate::triggers::LeadHistory<D>,
        (recorded_from, recorded_until): (Minute, Minute),
        simulated: &dyn Fn(&str) -> bool,
        click_view_rate: f64,
    ) -> Self {
        let mut counts = [0; 3];
        let mut recent = [Minute::MIN; RECENT_ACTS];
        let mut last_click = None;
        let mut acts = CreationActs::default();
        // The mails from outside the simulated scenarios: (0 sent / 1 opened / 2 clicked, mail).
        let mut outside: Vec<(usize, &str)> = Vec::new();
        for (kind, at, detail) in &history.events {
            let (kind, at) = (*kind, *at);
            let answer = OUTSIDE.iter().position(|k| *k == kind);
            if let Some(i) = answer
                && !simulated(detail.as_ref())
            {
                outside.push((i, detail.as_ref()));
            }
            if kind == EventKind::EmailClick {
                last_click = simulated(detail.as_ref()).then_some(at);
            } else if kind == EventKind::PageView && follows_click(last_click, at) {
                continue;
            }
            // The act that made it a lead tells nothing of its habits.
            if let Some(i) = drawn_index(kind)
                && !acts.is_act(history.created_at, i, at)
            {
                counts[i] += 1;
                recent.rotate_left(1);
                recent[RECENT_ACTS - 1] = at;
            }
        }
        outside.sort_unstable();
        outside.dedup();
        let first = history.events.first().map(|e| e.1);
        let since = observed_from(history.created_at, first, (recorded_from, recorded_until));
        LeadBehaviour {
            counts,
            observed: (since, recorded_until.max(since)),
            created: history.created_at,
            click_view_rate,
            recent,
            outside: [0, 1, 2].map(|i| outside.iter().filter(|o| o.0 == i).count() as u64),
        }
    }

    /// `[from, to)` cut where the lead's age passes from one bucket (`age_bucket`) to the next:
    /// (bucket, start, end) of each non-empty part.
    pub fn by_age_parts(&self, window: (Minute, Minute)) -> Vec<(usize, Minute, Minute)> {
        age_parts(self.created, window)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::organic::age_bucket;
    use rand_chacha::ChaCha8Rng;
    use rand_chacha::rand_core::SeedableRng;

    #[test]
    fn a_short_history_is_mostly_the_population_and_a_long_one_mostly_the_lead() {
        let m = BehaviourModel::unfitted(BehaviourSettings::default());
        let population = 0.01;
        // Seen 7 days with 7 page views (1/day): pulled hard toward 0.01.
        let short = m.lead_rate(EventKind::PageView, 7, 7.0, 0.0);
        assert!(short > population && short < 0.2, "{short}");
        // Seen 700 days with 700 page views: close to 1/day (the prior is at least one event's
        // worth, 100 days at 0.01/day).
        let long = m.lead_rate(EventKind::PageView, 700, 700.0, 0.0);
        assert!(long > 0.85, "{long}");
        // Never seen: the population.
        assert!((m.lead_rate(EventKind::PageView, 0, 0.0, 0.0) - population).abs() < 1e-12);
    }

    /// A lead's first event comes at its expected rate, so as many leads act as a Poisson
    /// process of that rate says; once it acts, its rate is drawn from its posterior, so the
    /// leads that act do more, and more unevenly, than a Poisson process's would.
    #[test]
    fn as_many_leads_act_as_expected_and_those_that_act_differ() {
        let mut m = BehaviourModel::unfitted(BehaviourSettings::default());
        m.shape = [Some(0.3); 3];
        let day = 24 * 60;
        // Never seen before the window: the population's 0.01 page views a day, over 90 days.
        let own = LeadBehaviour {
            counts: [0; 3],
            observed: (0, 0),
            created: None,
            click_view_rate: 0.0,
            ..LeadBehaviour::default()
        };
        let leads = 20_000u64;
        let mut counts = Vec::new();
        for lead in 0..leads {
            let mut rng = ChaCha8Rng::seed_from_u64(3);
            rng.set_stream(lead);
            let events = m.draw_lead(&mut rng, &own, (0, 90 * day));
            counts.push(events.iter().filter(|e| e.0 == EventKind::PageView).count() as f64);
        }
        let mean_rate: f64 = 0.01 * 90.0;
        let acting = counts.iter().filter(|&&n| n > 0.0).count() as f64 / leads as f64;
        let poisson_acting = 1.0 - (-mean_rate).exp();
        assert!(
            (acting / poisson_acting - 1.0).abs() < 0.03,
            "{acting} vs {poisson_acting}"
        );
        // Among the leads that act, the events past the first spread wider than Poisson's
        // (whose variance equals its mean).
        let more: Vec<f64> = counts
            .iter()
            .filter(|&&n| n > 0.0)
            .map(|n| n - 1.0)
            .collect();
        let mean = more.iter().sum::<f64>() / more.len() as f64;
        let var = more.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / more.len() as f64;
        assert!(var > 2.0 * mean, "variance {var}, mean {mean}");
    }

    #[test]
    fn drawn_times_have_the_rate_asked_for() {
        // 2,000 leads × 180 days at 0.07/day: 25,200 events expected, sd ≈ 159; tolerance 3 %.
        let mut total = 0usize;
        for lead in 0..2_000u64 {
            let mut rng = ChaCha8Rng::seed_from_u64(1);
            rng.set_stream(lead);
            let times = BehaviourModel::draw_times(&mut rng, 0.07, 0, 180 * 1440);
            assert!(times.windows(2).all(|w| w[0] <= w[1]));
            assert!(times.iter().all(|t| (0..180 * 1440).contains(t)));
            total += times.len();
        }
        let expected = 2_000.0 * 180.0 * 0.07;
        assert!(
            (total as f64 / expected - 1.0).abs() < 0.03,
            "{total} vs {expected}"
        );
    }

    #[test]
    fn a_lead_s_age_falls_in_the_bucket_of_its_bounds_and_a_span_is_cut_at_them() {
        let day = 24 * 60;
        for (age, bucket) in [
            (-5, 0),
            (0, 0),
            (day - 1, 0),
            (day, 1),
            (7 * day - 1, 1),
            (7 * day, 2),
            (400 * day, 5),
        ] {
            assert_eq!(age_bucket(age), bucket, "{age}");
        }
        let lead = LeadBehaviour {
            created: Some(0),
            ..LeadBehaviour::default()
        };
        assert_eq!(
            lead.by_age_parts((day / 2, 10 * day)),
            vec![(0, day / 2, day), (1, day, 7 * day), (2, 7 * day, 10 * day)]
        );
        // Without a creation date a lead is of the oldest.
        let undated = LeadBehaviour::default();
        assert_eq!(
            undated.by_age_parts((0, day)),
            vec![(AGE_BUCKETS - 1, 0, day)]
        );
    }

    #[test]
    fn new_leads_are_as_keen_as_the_history_shows_new_leads_to_be_and_one_download_is_not_a_habit()
    {
        let day = 24 * 60;
        // 10,000 leads created over a year, each observed since: downloads 20 times as often
        // on a lead's first day as later (the download that made it a lead).
        let mut facts = HistoryFacts {
            last_at: Some(365 * 86_400),
            ..HistoryFacts::default()
        };
        let later_rate = 0.002;
        facts.lead_days_by_age = [10_000.0, 60_000.0, 230_000.0, 600_000.0, 925_000.0, 0.0];
        let later_days: f64 = facts.lead_days_by_age[1..].iter().sum();
        let first_day = 10_000.0 * 20.0 * later_rate;
        let later = later_days * later_rate;
        facts.organic_by_age[1] = facts.lead_days_by_age.map(|d| (d * later_rate) as u64);
        facts.organic_by_age[1][0] = first_day as u64;
        facts.lead_days = facts.lead_days_by_age.iter().sum();
        facts.counts = [("document_download".to_owned(), (first_day + later) as u64)].into();
        let m = BehaviourModel::from_facts(&facts, BehaviourSettings::default());
        let profile = m.age_profile[1];
        assert!(profile[0] > 10.0 * profile[4], "{profile:?}");
        // A new lead: about 20 × the later rate on its first day, the later rate after.
        let new = LeadBehaviour {
            created: Some(0),
            ..LeadBehaviour::default()
        };
        let first = m.expected(1, &new, (0, day));
        assert!((first / (20.0 * later_rate) - 1.0).abs() < 0.1, "{first}");
        let a_year_on = m.expected(1, &new, (200 * day, 201 * day));
        assert!((a_year_on / later_rate - 1.0).abs() < 0.3, "{a_year_on}");
        // A lead ten days old whose one download made it a lead is a little keener than the
        // population at its age, not five times.
        let made_by_a_download = LeadBehaviour {
            counts: [0, 1, 0],
            observed: (0, 10 * day),
            created: Some(0),
            click_view_rate: 0.0,
            ..LeadBehaviour::default()
        };
        let ratio = m.expected(1, &made_by_a_download, (10 * day, 70 * day))
            / m.expected(1, &new, (10 * day, 70 * day));
        assert!(ratio > 1.0 && ratio < 2.5, "{ratio}");
    }

    /// A new lead does what made it a lead as often as the history's new leads did, once and at
    /// its creation; a lead created before the window has done it already.
    #[test]
    fn a_new_lead_does_the_act_that_made_it_a_lead_as_often_as_new_leads_did() {
        let mut m = BehaviourModel::unfitted(BehaviourSettings::default());
        m.creation_share = [0.0, 0.4, 1.0];
        let day = 24 * 60;
        let created_at = 5 * day + 17;
        let new = LeadBehaviour {
            created: Some(created_at),
            ..LeadBehaviour::default()
        };
        let old = LeadBehaviour {
            created: Some(-day),
            ..LeadBehaviour::default()
        };
        let leads = 5_000u64;
        let (mut forms, mut downloads, mut old_acts) = (0, 0, 0);
        for lead in 0..leads {
            let mut rng = ChaCha8Rng::seed_from_u64(11);
            rng.set_stream(lead);
            let events = m.draw_lead(&mut rng, &new, (created_at, created_at + 30 * day));
            let at_creation = |kind| {
                (events.iter())
                    .filter(|e| e.0 == kind && e.1 == created_at)
                    .count()
            };
            assert!(at_creation(EventKind::FormSubmit) == 1, "{events:?}");
            assert!(at_creation(EventKind::PageView) == 0);
            forms += at_creation(EventKind::FormSubmit);
            downloads += at_creation(EventKind::DocumentDownload);
            let events = m.draw_lead(&mut rng, &old, (0, 30 * day));
            old_acts += events.iter().filter(|e| e.1 == -day).count();
        }
        assert_eq!(forms, leads as usize);
        let share = downloads as f64 / leads as f64;
        assert!((share - 0.4).abs() < 0.02, "{share}");
        assert_eq!(old_acts, 0);
    }

    /// With bursts, a lead does as much in all as its steady rate says, but in bursts: an act is
    /// followed within a week far more often than at steady rates, and a lead that acted just
    /// before the window acts more in its first week than one that did not.
    #[test]
    fn bursts_keep_a_lead_s_rate_and_bring_its_acts_together() {
        let day = 24 * 60;
        let steady = BehaviourModel::unfitted(BehaviourSettings::default());
        let mut bursting = steady.clone();
        bursting.excitation = Some(Excitation {
            branching: 0.5,
            delay_days: 3.0,
        });
        let lead = LeadBehaviour {
            created: Some(-3_000 * day),
            ..LeadBehaviour::default()
        };
        let window = (0, 730 * day);
        let (leads, mut counts, mut followed, mut acts) =
            (4_000u64, [0usize; 2], [0usize; 2], [0usize; 2]);
        for (m, model) in [&steady, &bursting].into_iter().enumerate() {
            for n in 0..leads {
                let mut rng = ChaCha8Rng::seed_from_u64(5);
                rng.set_stream(n);
                let events = model.draw_lead(&mut rng, &lead, window);
                counts[m] += events.len();
                for (i, e) in events.iter().enumerate() {
                    acts[m] += 1;
                    followed[m] +=
                        usize::from(events[i + 1..].iter().any(|l| l.1 - e.1 <= 7 * day));
                }
            }
        }
        let ratio = counts[1] as f64 / counts[0] as f64;
        assert!((ratio - 1.0).abs() < 0.05, "{counts:?}");
        let share = |m: usize| followed[m] as f64 / acts[m] as f64;
        assert!(share(1) > 2.0 * share(0), "{} vs {}", share(1), share(0));
        // Just acted (an hour before the window) against never acted: the first week.
        let hot = LeadBehaviour {
            recent: [
                Minute::MIN,
                Minute::MIN,
                Minute::MIN,
                Minute::MIN,
                Minute::MIN,
                Minute::MIN,
                Minute::MIN,
                -60,
            ],
            ..lead
        };
        let week = |own: &LeadBehaviour| -> usize {
            (0..leads)
                .map(|n| {
                    let mut rng = ChaCha8Rng::seed_from_u64(9);
                    rng.set_stream(n);
                    bursting.draw_lead(&mut rng, own, (0, 7 * day)).len()
                })
                .sum()
        };
        let (after, before) = (week(&hot), week(&lead));
        // What the act sets off within the week, and what those set off: 0.45 + 0.17 + 0.05 + …
        let extra = (after - before) as f64 / leads as f64;
        assert!((0.55..=0.8).contains(&extra), "{after} vs {before}");
    }

    /// The acts a burst sets off are of the details the history's bursts were of (the pricing
    /// page, here 78 % of them against 10 % of all page views); the lead's other acts stay of
    /// any act's, and a kind with too few acts in bursts is drawn as any act's.
    #[test]
    fn what_a_burst_sets_off_is_of_what_the_history_s_bursts_were_of() {
        use crate::simulate::history::{BurstActs, detail_key};
        let day = 24 * 60;
        let mut steady = BehaviourModel::unfitted(BehaviourSettings::default());
        steady.details = BTreeMap::from([(
            "page_view".to_owned(),
            vec![("/".to_owned(), 90), ("/pricing".to_owned(), 10)],
        )]);
        let acts = BurstActs {
            details: [
                BTreeMap::from([(detail_key("/pricing"), 70), (detail_key("/"), 18), (5, 2)]),
                BTreeMap::from([(detail_key("事例集"), 29)]),
                BTreeMap::new(),
            ],
        };
        let fitted = BurstDetails::fit(&acts, &steady.details).expect("page views in bursts");
        assert_eq!(
            fitted.of_kind,
            [
                vec![(Some(0), 18), (Some(1), 70), (None, 2)],
                vec![],
                vec![]
            ]
        );
        assert_eq!(
            BurstDetails::fit(&BurstActs::default(), &steady.details),
            None
        );
        let mut bursting = steady.clone();
        bursting.excitation = Some(Excitation {
            branching: 0.5,
            delay_days: 3.0,
        });
        bursting.burst_details = Some(fitted);
        let lead = LeadBehaviour {
            created: Some(-3_000 * day),
            ..LeadBehaviour::default()
        };
        let pricing_share = |model: &BehaviourModel| {
            let (mut pricing, mut views) = (0usize, 0usize);
            for n in 0..3_000 {
                let mut rng = ChaCha8Rng::seed_from_u64(11);
                rng.set_stream(n);
                for e in model.draw_lead(&mut rng, &lead, (0, 365 * day)) {
                    if e.0 == EventKind::PageView {
                        views += 1;
                        pricing += usize::from(e.2 == "/pricing");
                    }
                }
            }
            pricing as f64 / views as f64
        };
        // Half the acts are set off: 0.5 × 10 % + 0.5 × (70 + 2 × 10 %) / 90.
        let (before, after) = (pricing_share(&steady), pricing_share(&bursting));
        assert!((0.08..0.12).contains(&before), "{before}");
        assert!((0.38..0.50).contains(&after), "{after}");
    }

    /// How much the history's four-week periods differed is read beyond chance, and a run's draw
    /// of it moves what a lead does by as much.
    #[test]
    fn periods_that_differed_move_a_run_s_rates_and_steady_ones_do_not() {
        use crate::simulate::history::{HistoryFacts, OrganicPeriod};
        // A thousand old leads, each four-week period with `views` page views.
        let facts = |views: &[u64]| {
            let days = 28_000.0 * views.len() as f64;
            let total: u64 = views.iter().sum();
            let mut days_by_age = [0.0; AGE_BUCKETS];
            days_by_age[AGE_BUCKETS - 1] = 28_000.0;
            let mut by_age = [[0; AGE_BUCKETS]; 3];
            by_age[0][AGE_BUCKETS - 1] = total;
            HistoryFacts {
                last_at: Some(1_750_000_000),
                lead_days: days,
                lead_days_by_age: days_by_age.map(|d| d * views.len() as f64),
                counts: [("page_view".to_owned(), total)].into(),
                organic_by_age: by_age,
                organic_periods: (views.iter())
                    .map(|&v| OrganicPeriod {
                        events: [v, 0, 0],
                        days_by_age,
                    })
                    .collect(),
                ..HistoryFacts::default()
            }
        };
        let fit = |views: &[u64]| {
            BehaviourModel::from_facts(&facts(views), BehaviourSettings::default()).period_sd
        };
        assert_eq!(fit(&[1_000; 12]), 0.0);
        let swinging: Vec<u64> = (0..12)
            .map(|k| if k % 2 == 0 { 1_350 } else { 740 })
            .collect();
        let sd = fit(&swinging);
        assert!((sd - 0.3).abs() < 0.03, "{sd}");
        // Too few periods: nothing to read.
        assert_eq!(fit(&[1_350, 740]), 0.0);
        // A run's level moves what a lead does by as much.
        let m = BehaviourModel::from_facts(&facts(&[1_000; 12]), BehaviourSettings::default());
        let own = LeadBehaviour {
            observed: (0, 1),
            ..LeadBehaviour::default()
        };
        let day = 24 * 60;
        let count = |level: f64| {
            let mut rng = ChaCha8Rng::seed_from_u64(7);
            let mut events = Vec::new();
            for _ in 0..400 {
                m.draw_lead_into(&mut rng, &own, (0, 365 * day), level, &mut events);
            }
            events.len() as f64
        };
        let ratio = count(2.0) / count(1.0);
        assert!((ratio - 2.0).abs() < 0.15, "{ratio}");
    }

    /// A download comes with its form as the history's visits had it: every drawn download
    /// brings one at the same moment, the lead's own forms are drawn the fewer for it, and its
    /// forms in all stay what its rates say; a lead that never downloads keeps all its own.
    #[test]
    fn a_download_comes_with_its_form_and_forms_in_all_stay_as_many() {
        use crate::simulate::history::{HistoryFacts, Visits};
        // 1,000 old leads a year: 3,650 page views, 365 downloads each with a form, 365 forms
        // on their own.
        let (days, counts) = (365_000.0, [3_650, 365, 730]);
        let mut days_by_age = [0.0; AGE_BUCKETS];
        days_by_age[AGE_BUCKETS - 1] = days;
        let mut by_age = [[0; AGE_BUCKETS]; 3];
        for (i, n) in counts.into_iter().enumerate() {
            by_age[i][AGE_BUCKETS - 1] = n;
        }
        let mut along = [[0; 3]; 3];
        along[1][2] = 365;
        let facts = |along| HistoryFacts {
            last_at: Some(1_750_000_000),
            lead_days: days,
            lead_days_by_age: days_by_age,
            counts: (DRAWN.iter().zip(counts))
                .map(|(k, n)| (k.code().to_owned(), n))
                .collect(),
            organic_by_age: by_age,
            visits: Visits {
                acts: counts,
                along,
            },
            ..HistoryFacts::default()
        };
        let m = BehaviourModel::from_facts(&facts(along), BehaviourSettings::default());
        let visits = m.visits.expect("visits fitted");
        assert!((visits.brings[1][2] - 1.0).abs() < 1e-12, "{visits:?}");
        assert_eq!(visits.brings[1][0], 0.0, "page views are left as drawn");
        assert_eq!(visits.along_share(&[10.0, 1.0, 2.0]), [0.0, 0.0, 0.5]);
        assert_eq!(visits.along_share(&[10.0, 0.0, 2.0]), [0.0, 0.0, 0.0]);
        // Without visits to tell from, nothing is brought along.
        let none = BehaviourModel::from_facts(&facts([[0; 3]; 3]), BehaviourSettings::default());
        let unbrought = none.visits.map_or(0.0, |v| v.brings[1][2]);
        assert_eq!(unbrought, 0.0);
        let own = LeadBehaviour {
            observed: (0, 1),
            ..LeadBehaviour::default()
        };
        let day = 24 * 60;
        let draw = |m: &BehaviourModel| {
            let mut rng = ChaCha8Rng::seed_from_u64(11);
            let mut kinds = [0u32; 3];
            let mut alone = 0;
            for _ in 0..4_000 {
                let mut events = Vec::new();
                m.draw_lead_into(&mut rng, &own, (0, 365 * day), 1.0, &mut events);
                for e in &events {
                    let i = drawn_index(e.0).unwrap();
                    kinds[i] += 1;
                    let with_form = |e: &(EventKind, Minute, &str)| {
                        events
                            .iter()
                            .any(|f| f.0 == EventKind::FormSubmit && f.1 == e.1)
                    };
                    alone += u32::from(e.0 == EventKind::DocumentDownload && !with_form(e));
                }
            }
            (kinds, alone)
        };
        let (with, alone) = draw(&m);
        assert_eq!(alone, 0, "every download came with a form");
        let (without, _) = draw(&none);
        let ratio = f64::from(with[2]) / f64::from(without[2]);
        assert!(
            (ratio - 1.0).abs() < 0.08,
            "forms {with:?} against {without:?}"
        );
    }

    /// A lead acts on its own when the history's leads did: more on a Tuesday than on a Saturday,
    /// far less on お盆, and as much in all as the fitted rate says.
    #[test]
    fn leads_act_in_the_week_as_the_history_shows() {
        use crate::simulate::calendar::{CalendarSettings, jst_minute};
        use crate::simulate::history::{HistoryFacts, jst_day};
        // A year of own-doing events ending on 2025-07-31: 100 on a weekday, 30 on a Saturday
        // or Sunday, 20 on a quiet weekday.
        let calendar = CalendarSettings::default();
        let end = chrono::NaiveDate::from_ymd_opt(2025, 7, 31).unwrap();
        let last = jst_minute(end, 12, 0) * 60;
        let first_day = jst_day(last) - 363;
        let per_day: Vec<u64> = (0..364)
            .map(|i| {
                let day = first_day + i;
                match (
                    crate::simulate::calendar::weekday_of(day),
                    crate::simulate::calendar::is_quiet_workday(&calendar, day),
                ) {
                    (_, true) => 20,
                    (w, _) if w >= 5 => 30,
                    _ => 100,
                }
            })
            .collect();
        let facts = HistoryFacts {
            last_at: Some(last),
            organic_per_day: per_day,
            ..HistoryFacts::default()
        };
        let mut m =
            BehaviourModel::unfitted(BehaviourSettings::default()).with_timing(&facts, &calendar);
        let timing = m.timing.clone().expect("a year of days");
        assert!(timing.weekday[1] > 2.5 * timing.weekday[5], "{timing:?}");
        assert!(timing.quiet_factor < 0.4, "{timing:?}");
        // Drawn over the history's own year (お盆 2024: 13–15 August are quiet weekdays).
        m.population_daily_rate.insert("page_view".into(), 0.5);
        let own = LeadBehaviour::default();
        let (from, to) = (
            first_day * 24 * 60 - 9 * 60,
            (first_day + 364) * 24 * 60 - 9 * 60,
        );
        let mut by_day = std::collections::BTreeMap::<i64, u64>::new();
        let mut total = 0u64;
        for lead in 0..2_000u64 {
            let mut rng = ChaCha8Rng::seed_from_u64(5);
            rng.set_stream(lead);
            let events = m.draw_lead(&mut rng, &own, (from, to));
            for e in events.iter().filter(|e| e.0 == EventKind::PageView) {
                *by_day
                    .entry(crate::simulate::calendar::day_of(e.1))
                    .or_default() += 1;
                total += 1;
            }
        }
        let day = |d: u32| {
            let date = chrono::NaiveDate::from_ymd_opt(2024, 8, d).unwrap();
            by_day[&crate::simulate::calendar::day_of(jst_minute(date, 12, 0))] as f64
        };
        // Tuesday 6th against Saturday 10th, and Wednesday 14th (お盆) against Wednesday 7th.
        assert!(day(6) > 2.5 * day(10), "{} {}", day(6), day(10));
        assert!(day(14) < 0.4 * day(7), "{} {}", day(14), day(7));
        // Over the year the fitted rate was the average of, as many as it says: the quiet days
        // and weekends are not taken off twice.
        let expected = 2_000.0 * 0.5 * 364.0;
        let ratio = total as f64 / expected;
        assert!((ratio - 1.0).abs() < 0.02, "{ratio}");
    }

    #[test]
    fn an_age_with_many_events_keeps_its_rate_however_few_its_lead_days() {
        // The first day of 2,500 leads, each created by a form: 2,559 forms where 4.6 were
        // expected at the overall rate. Its rate is its own.
        let first_day = age_ratio(2_559.0, 4.6);
        assert!(
            (first_day / (2_559.0 / 4.6) - 1.0).abs() < 0.02,
            "{first_day}"
        );
        // An age that saw one event where a hundredth was expected is not taken at its face
        // value (100 times the average), nor at many events' worth.
        let one = age_ratio(1.0, 0.01);
        assert!(one > 1.0 && one < 5.0, "{one}");
        assert!(age_ratio(20.0, 2.0) > 8.0);
        // Ten expected and none seen: well below average.
        assert!(age_ratio(0.0, 10.0) < 0.15);
        assert_eq!(age_ratio(5.0, 0.0), 1.0);
    }

    /// Leads whose keenness lasts (a Gamma of shape 0.5 around the population's rate, the same in
    /// both halves) against leads alike but for a burst in one half: the first are told to differ
    /// for good (a shape near 0.5), the second not (a large shape).
    #[test]
    fn lasting_differences_between_leads_are_told_from_bursts() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut poisson =
            |mean: f64| (BehaviourModel::draw_times(&mut rng, mean, 0, 24 * 60)).len() as u32;
        // 90 days at the oldest age in each half, 0.05 events a day on average.
        let days = [[0.0, 0.0, 0.0, 0.0, 0.0, 90.0]; 2];
        let profile = [1.0; AGE_BUCKETS];
        let mut gamma_rng = ChaCha8Rng::seed_from_u64(11);
        // A Gamma(0.5) draw: half the square of a standard normal (Box–Muller).
        let mut half_chi = || {
            let (u, v): (f64, f64) = (
                gamma_rng.random_range(f64::EPSILON..1.0),
                gamma_rng.random(),
            );
            let z = (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos();
            z * z
        };
        let lasting: Vec<SplitLead> = (0..4_000)
            .map(|_| {
                let rate = 0.05 * half_chi();
                SplitLead {
                    events: [[0; 2], [poisson(rate * 90.0), poisson(rate * 90.0)], [0; 2]],
                    days,
                    ..SplitLead::default()
                }
            })
            .collect();
        let k = lasting_shape(&lasting, 1, &profile).unwrap();
        assert!((k - 0.5).abs() < 0.15, "{k}");
        let bursting: Vec<SplitLead> = (0..4_000)
            .map(|n| {
                let burst = if n % 10 == 0 { 10.0 } else { 0.0 };
                let (a, b) = if n % 20 == 0 {
                    (burst, 0.0)
                } else {
                    (0.0, burst)
                };
                SplitLead {
                    events: [[0; 2], [poisson(4.5 + a), poisson(4.5 + b)], [0; 2]],
                    days,
                    ..SplitLead::default()
                }
            })
            .collect();
        let k = lasting_shape(&bursting, 1, &profile).unwrap();
        assert!(k > 5.0, "{k}");
        // Too few leads: no fit.
        assert_eq!(lasting_shape(&lasting[..100], 1, &profile), None);
    }
}
