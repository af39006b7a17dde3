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
use crate::simulate::calendar::Minute;
use crate::simulate::history::HistoryFacts;
use crate::store::StoreError;

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
            default_daily_rate: rates.into_iter().map(|(k, r)| (k.to_owned(), r)).collect(),
        }
    }
}

/// The kinds organic behaviour draws in a forecast. Webinar registrations and attendance are not
/// drawn: they belong to webinars, and the workspace knows only those already held.
pub const DRAWN: [EventKind; 3] = [
    EventKind::PageView,
    EventKind::DocumentDownload,
    EventKind::FormSubmit,
];

/// How long after a click in a mail a page view is the click's (the page it opened) rather than
/// the lead's own doing: the engine adds that view with each simulated click, so the fit of
/// leads' own page views leaves such views out.
pub const CLICK_VIEW_MINUTES: i64 = 30;

/// Whether a page view at `at` (minutes) is the one a click at `last_click` led to.
pub fn follows_click(last_click: Option<i64>, at: i64) -> bool {
    last_click.is_some_and(|c| (0..=CLICK_VIEW_MINUTES).contains(&(at - c)))
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
        }
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
        let population_daily_rate = ORGANIC
            .iter()
            .map(|&kind| {
                let rate = facts.count(kind) as f64 / facts.lead_days;
                (kind.code().to_owned(), rate)
            })
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
        BehaviourModel {
            settings,
            population_daily_rate,
            click_view_rate,
            fitted: true,
            details,
        }
    }

    /// What a lead does on its own in `[from, to)`: for each drawn kind, a Poisson process at the
    /// lead's rate (its own count over its observed days, shrunk toward the population), each
    /// event with a detail drawn from the population's most frequent ones. In time order.
    pub fn draw_lead(
        &self,
        rng: &mut (impl rand::Rng + ?Sized),
        own: &LeadBehaviour,
        (from, to): (Minute, Minute),
    ) -> Vec<(EventKind, Minute, &str)> {
        let mut events = Vec::new();
        self.draw_lead_into(rng, own, (from, to), &mut events);
        events.sort_by(|a, b| (a.1, a.0, a.2).cmp(&(b.1, b.0, b.2)));
        events
    }

    /// `draw_lead`, appended to `events` in the order drawn (not sorted), for a caller that
    /// sorts the lead's whole timeline once.
    pub fn draw_lead_into<'m>(
        &'m self,
        rng: &mut (impl rand::Rng + ?Sized),
        own: &LeadBehaviour,
        (from, to): (Minute, Minute),
        events: &mut Vec<(EventKind, Minute, &'m str)>,
    ) {
        for (i, kind) in DRAWN.into_iter().enumerate() {
            let less = if kind == EventKind::PageView {
                own.click_view_rate
            } else {
                0.0
            };
            let rate = self.lead_rate(kind, own.counts[i], own.observed_days, less);
            let details = self.details.get(kind.code()).map_or(&[][..], Vec::as_slice);
            let total: u64 = details.iter().map(|d| d.1).sum();
            for t in BehaviourModel::draw_times(rng, rate, from, to) {
                let detail = if total == 0 {
                    ""
                } else {
                    let mut x = rng.random_range(0..total);
                    let chosen = details.iter().find(|d| {
                        if x < d.1 {
                            return true;
                        }
                        x -= d.1;
                        false
                    });
                    chosen.map_or("", |d| d.0.as_str())
                };
                events.push((kind, t, detail));
            }
        }
    }

    /// A lead's daily rate of `kind`, from `count` events over `observed_days` days of its own,
    /// shrunk toward the population's rate less `less` per day.
    pub fn lead_rate(&self, kind: EventKind, count: u64, observed_days: f64, less: f64) -> f64 {
        let population =
            (self.population_daily_rate.get(kind.code())).map_or(0.0, |r| (r - less).max(0.0));
        let prior = self.settings.prior_days.max(0.0);
        (count as f64 + prior * population) / (observed_days.max(0.0) + prior).max(1e-9)
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

/// A lead's own recorded behaviour, for its rates.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LeadBehaviour {
    /// Its recorded events of each `DRAWN` kind, in that order.
    pub counts: [u64; 3],
    /// The days it was observed: from its creation (or first event) to the last recorded event.
    pub observed_days: f64,
    /// Page views per day of the population's rate that clicks in the simulated mails led to:
    /// the simulation adds those with its own clicks, so the lead's rate leaves them out.
    pub click_view_rate: f64,
}

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
        let mut last_click = None;
        for (kind, at, detail) in &history.events {
            let (kind, at) = (*kind, *at);
            if kind == EventKind::EmailClick {
                last_click = simulated(detail.as_ref()).then_some(at);
            } else if kind == EventKind::PageView && follows_click(last_click, at) {
                continue;
            }
            if let Some(i) = DRAWN.iter().position(|k| *k == kind) {
                counts[i] += 1;
            }
        }
        // From its creation or its first event, whichever is earlier (an import may carry
        // behaviour from before the lead's creation date).
        let first = history.events.first().map(|e| e.1);
        let since = match (history.created_at, first) {
            (Some(c), Some(f)) => c.min(f),
            (c, f) => c.or(f).unwrap_or(recorded_until),
        }
        .max(recorded_from);
        LeadBehaviour {
            counts,
            observed_days: (recorded_until - since).max(0) as f64 / MINUTES_PER_DAY,
            click_view_rate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha8Rng;
    use rand_chacha::rand_core::SeedableRng;

    #[test]
    fn a_short_history_is_mostly_the_population_and_a_long_one_mostly_the_lead() {
        let m = BehaviourModel::unfitted(BehaviourSettings::default());
        let population = 0.01;
        // Seen 7 days with 7 page views (1/day): pulled hard toward 0.01.
        let short = m.lead_rate(EventKind::PageView, 7, 7.0, 0.0);
        assert!(short > population && short < 0.2, "{short}");
        // Seen 700 days with 700 page views: close to 1/day.
        let long = m.lead_rate(EventKind::PageView, 700, 700.0, 0.0);
        assert!(long > 0.9, "{long}");
        // Never seen: the population.
        assert!((m.lead_rate(EventKind::PageView, 0, 0.0, 0.0) - population).abs() < 1e-12);
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
}
