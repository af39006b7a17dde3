//! New leads in a forecast: after the recorded history, leads keep arriving at the rate the
//! workspace's history shows, each like one of the recently created leads (its company size,
//! industry, title, source and consent; none of its behaviour). Without them a forecast would
//! never enrol anyone in a welcome scenario.
//!
//! The rate follows the history's trend and weekday shape (`Inflow::fit`): leads created per week
//! over up to the last year, fitted by a log-linear Poisson regression with recent weeks weighing
//! more (half as much eight weeks back; so a growing inflow is
//! forecast growing, within a factor of three a year), and each weekday's share of the creations.
//! Arrivals are a Poisson process of that varying rate (drawn by thinning).

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use rusqlite::Connection;

use crate::scoring::ScoringModel;
use crate::simulate::behaviour::BehaviourModel;
use crate::simulate::calendar::Minute;
use crate::simulate::engine::LeadInput;
use crate::simulate::history::HistoryFacts;
use crate::store::StoreError;

/// The inflow of new leads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inflow {
    /// New leads per day (on an average weekday) at `at`.
    pub daily_rate: f64,
    /// When the rate is `daily_rate`: the end of the recorded history (minutes).
    pub at: Minute,
    /// How the rate grows per day after `at`, on a log scale (0: flat).
    pub trend_per_day: f64,
    /// The rate's multiplier on each weekday in Japan, Monday first (their mean is 1).
    pub weekday: [f64; 7],
    /// The recently created leads new ones are like (without their history), in id order.
    pub profiles: Vec<LeadInput>,
}

impl Inflow {
    /// No new leads (a replay, or a workspace without creation dates).
    pub fn none() -> Inflow {
        Inflow::default()
    }

    /// The inflow of a workspace: the trend and weekday shape of its creations over up to the
    /// last year (`trend`), modelled on the most recently created leads. A history of less than
    /// eight weeks, or too few leads, has no trend: the rate is its last 90 days' (and without
    /// four weeks, no weekday shape).
    pub fn fit(
        conn: &Connection,
        facts: &HistoryFacts,
        scoring: &ScoringModel,
    ) -> Result<Inflow, StoreError> {
        let Some(last) = facts.last_at else {
            return Ok(Inflow::none());
        };
        if facts.recent_created == 0 || facts.recent_days < 1.0 {
            return Ok(Inflow::none());
        }
        let profiles = crate::simulate::input::profiles(conn, scoring, &facts.recent_ids)?;
        let per_day = &facts.created_per_day;
        let weekday = weekday_shape(per_day, last);
        let (daily_rate, trend_per_day) =
            trend(per_day).unwrap_or((facts.recent_created as f64 / facts.recent_days, 0.0));
        Ok(Inflow {
            daily_rate,
            at: last.div_euclid(60),
            trend_per_day,
            weekday,
            profiles,
        })
    }

    /// The rate at minute `t` (new leads per day).
    pub fn rate_at(&self, t: Minute) -> f64 {
        let days = (t - self.at) as f64 / MINUTES_PER_DAY;
        let weekday = ((t + JST_MINUTES).div_euclid(MINUTES_PER_DAY as i64) + 3).rem_euclid(7);
        self.daily_rate * (self.trend_per_day * days).exp() * self.weekday[weekday as usize]
    }

    /// The new leads of one run in `[from, to)`: a Poisson process of `daily_rate`, each lead
    /// a copy of a profile drawn at random, created at its arrival and numbered from `first_id`.
    /// The same `seed` gives the same leads.
    pub fn draw(&self, seed: u64, first_id: i64, window: (Minute, Minute)) -> Vec<LeadInput> {
        self.leads(&self.arrivals(seed, window), first_id)
    }

    /// `draw` without building the leads: when each arrives and which profile it copies (a
    /// simulation builds them a chunk at a time).
    pub fn arrivals(&self, seed: u64, (from, to): (Minute, Minute)) -> Vec<(Minute, usize)> {
        if self.profiles.is_empty() || from >= to {
            return Vec::new();
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1A5E_ED1F_1017_0000);
        // Thinning: a process of the highest rate in the window, each arrival kept with the
        // share of it the rate has at its moment.
        let grows = |t: Minute| (self.trend_per_day * (t - self.at) as f64 / MINUTES_PER_DAY).exp();
        let highest = self.daily_rate
            * grows(from).max(grows(to))
            * self.weekday.iter().fold(1.0f64, |a, &w| a.max(w));
        let times = BehaviourModel::draw_times(&mut rng, highest, from, to);
        times
            .into_iter()
            .filter_map(|at| {
                let kept = rng.random::<f64>() * highest < self.rate_at(at);
                let profile = rng.random_range(0..self.profiles.len());
                kept.then_some((at, profile))
            })
            .collect()
    }

    /// The new leads of `arrivals`, numbered from `first_id`.
    pub fn leads(&self, arrivals: &[(Minute, usize)], first_id: i64) -> Vec<LeadInput> {
        (arrivals.iter().zip(first_id..))
            .map(|(&(at, profile), id)| {
                let mut lead = self.profiles[profile].clone();
                lead.id = id;
                lead.history.created_at = Some(at);
                lead
            })
            .collect()
    }
}

/// How many weeks back a week of creations weighs half as much in the trend's fit.
const TREND_HALF_LIFE_WEEKS: f64 = 8.0;

/// Minutes per day, as a float.
const MINUTES_PER_DAY: f64 = 24.0 * 60.0;

/// Japan's offset from UTC, in minutes.
const JST_MINUTES: Minute = 9 * 60;

/// Each weekday's multiplier of the inflow (Monday first, mean 1) from the creations per day
/// ending on the day of `last` (seconds): flat with fewer than four weeks or fifty leads.
fn weekday_shape(per_day: &[u64], last: i64) -> [f64; 7] {
    let total: u64 = per_day.iter().sum();
    if per_day.len() < 28 || total < 50 {
        return [1.0; 7];
    }
    let last_day = crate::simulate::history::jst_day(last);
    let (mut sums, mut days) = ([0.0f64; 7], [0.0f64; 7]);
    for (i, &n) in per_day.iter().enumerate() {
        let day = last_day - (per_day.len() - 1 - i) as i64;
        let weekday = ((day + 3).rem_euclid(7)) as usize;
        sums[weekday] += n as f64;
        days[weekday] += 1.0;
    }
    let mean = total as f64 / per_day.len() as f64;
    std::array::from_fn(|k| {
        if days[k] > 0.0 {
            sums[k] / days[k] / mean
        } else {
            1.0
        }
    })
}

/// The rate at the end of the history (per average weekday) and its growth per day (log scale),
/// from a Poisson regression of the creations per week on time over the whole weeks of `per_day`
/// (ending on the last day), recent weeks weighing more; a week far above its neighbours (a one-off
/// import dated on one day) is counted at four times their median. `None` with fewer than eight
/// weeks or fifty leads.
fn trend(per_day: &[u64]) -> Option<(f64, f64)> {
    let weeks = per_day.len() / 7;
    let total: u64 = per_day.iter().sum();
    if weeks < 8 || total < 50 {
        return None;
    }
    let skip = per_day.len() - weeks * 7;
    let mut counts: Vec<f64> = (per_day[skip..].chunks(7))
        .map(|w| w.iter().sum::<u64>() as f64)
        .collect();
    // A week far above its neighbours (a one-off import dated on one day) counts at four times
    // the median of the nine weeks around it; a lasting change of pace is kept.
    let ceilings: Vec<f64> = (0..weeks)
        .map(|j| {
            let mut around = counts[j.saturating_sub(4)..(j + 5).min(weeks)].to_vec();
            around.sort_by(f64::total_cmp);
            4.0 * around[around.len() / 2].max(1.0)
        })
        .collect();
    counts
        .iter_mut()
        .zip(ceilings)
        .for_each(|(c, ceiling)| *c = c.min(ceiling));
    // Recent weeks weigh more (half the weight eight weeks back), so a change of pace (a campaign
    // begun, an import of old leads dated years back) moves the level at the end.
    let weight = |j: usize| 0.5f64.powf((weeks - 1 - j) as f64 / TREND_HALF_LIFE_WEEKS);
    // log μ_j = a + b j, by Newton's method on the weighted Poisson log-likelihood.
    let mean = counts.iter().sum::<f64>() / weeks as f64;
    let (mut a, mut b) = (mean.max(1e-9).ln(), 0.0f64);
    for _ in 0..50 {
        let (mut g0, mut g1, mut h00, mut h01, mut h11) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (j, &y) in counts.iter().enumerate() {
            let (x, w) = (j as f64, weight(j));
            let mu = (a + b * x).exp();
            g0 += w * (y - mu);
            g1 += w * (y - mu) * x;
            h00 += w * mu;
            h01 += w * mu * x;
            h11 += w * mu * x * x;
        }
        let det = h00 * h11 - h01 * h01;
        if det.abs() < 1e-12 {
            break;
        }
        let (da, db) = ((h11 * g0 - h01 * g1) / det, (h00 * g1 - h01 * g0) / det);
        a += da;
        b += db;
        if da.abs() < 1e-10 && db.abs() < 1e-10 {
            break;
        }
    }
    // At most threefold growth or decline in a year (the level fitted again for a capped slope).
    let cap = 3.0f64.ln() / 52.0;
    if b.abs() > cap {
        b = b.clamp(-cap, cap);
        let expected: f64 = (0..weeks).map(|j| weight(j) * (b * j as f64).exp()).sum();
        let seen: f64 = (counts.iter().enumerate())
            .map(|(j, y)| weight(j) * y)
            .sum();
        a = (seen / expected).max(1e-300).ln();
    }
    // The last week's middle is 3.5 days before the history's end.
    let per_day_at_end = (a + b * (weeks as f64 - 0.5)).exp() / 7.0;
    Some((per_day_at_end, b / 7.0))
}
