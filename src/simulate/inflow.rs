//! New leads in a forecast: after the recorded history, leads keep arriving at the rate the
//! workspace's history shows, each like one of the recently created leads (its company size,
//! industry, title, source and consent; none of its behaviour). Without them a forecast would
//! never enrol anyone in a welcome scenario.
//!
//! The rate follows the history's trend and weekday shape (`Inflow::fit`): leads created per week
//! over up to the last year, fitted by a log-linear Poisson regression with recent weeks weighing
//! more (half as much a quarter back; so a growing inflow is
//! forecast growing, within a factor of three a year), and each weekday's share of the creations.
//! A fall of the pace in the last weeks that is no chance (a paid campaign stopped) sets the level
//! at once, where the weighted fit would take a quarter to follow it.
//! On a quiet weekday (a public holiday, the year-end break, a company holiday, お盆) far fewer
//! leads arrive: how many fewer is fitted from the quiet weekdays of the history, and those days
//! are left out of the weekday shape and allowed for in the trend's weeks.
//! Arrivals are a Poisson process of that varying rate (drawn by thinning). A burst week's leads
//! above the usual rate are like the leads of the history's burst weeks (a trade show's list
//! brings leads from the trade show), so a scenario for them is forecast too.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use rusqlite::Connection;

use crate::scoring::ScoringModel;
use crate::simulate::behaviour::BehaviourModel;
use crate::simulate::calendar::{
    CalendarSettings, day_of, is_quiet_workday, week_shape, weekday_of,
};
use crate::simulate::history::HistoryFacts;
use crate::simulate::leads::LeadInput;
use crate::store::StoreError;
use crate::time::Minute;

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
    /// The rate's multiplier on a quiet weekday, and which days are quiet (none: no such days).
    pub quiet: Option<QuietDays>,
    /// How uncertain the fitted rate and trend are (each run of several draws its own).
    pub uncertainty: RateUncertainty,
    /// Weeks that bring many more leads than usual, as often as the history had them.
    pub bursts: Bursts,
    /// The recently created leads new ones are like (without their history), in id order.
    pub profiles: Vec<LeadInput>,
    /// The leads of the history's burst weeks, which the extra leads of a burst week are like (a
    /// trade show's list brings leads from the trade show, not more of the usual ones); none
    /// without bursts. An arrival's profile index past `profiles` is one of these.
    pub burst_profiles: Vec<LeadInput>,
}

/// Weeks that bring many more leads than the trend (a campaign, a trade show's list imported), as
/// the history had them: a forecast's week is one with chance `per_week`, its rate raised by one
/// of `sizes` drawn at random. So the forecast's mean counts the campaigns to come as often as
/// they came, and its band holds a window with none and one with several.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bursts {
    /// The share of the history's weeks that were bursts.
    pub per_week: f64,
    /// How many times a usual week's leads each burst week brought more, in week order.
    pub sizes: Vec<f64>,
}

/// Weekdays on which business rests (`CalendarSettings::is_quiet`), and how many leads arrive on
/// one against a usual day of its weekday.
#[derive(Debug, Clone, PartialEq)]
pub struct QuietDays {
    /// The multiplier (at most 1).
    pub factor: f64,
    /// The days off the workspace's calendar names.
    pub calendar: CalendarSettings,
}

impl QuietDays {
    /// Whether local day `day` (days since 1970-01-01) is a quiet weekday.
    fn is_quiet(&self, day: i64) -> bool {
        is_quiet_workday(&self.calendar, day)
    }
}

/// How far the inflow's fitted rate may be off: standard deviations of its log at the end of the
/// history and of its growth per day, and their correlation (a robust, sandwich estimate from the
/// weekly counts, so weeks that vary more than chance widen it).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RateUncertainty {
    /// Of the log of the rate at the end of the history.
    pub level_sd: f64,
    /// Of the growth per day (log scale).
    pub trend_sd: f64,
    /// Between the two.
    pub correlation: f64,
}

impl Inflow {
    /// No new leads (a replay, or a workspace without creation dates).
    pub fn none() -> Inflow {
        Inflow::default()
    }

    /// The inflow of a workspace: the trend, weekday shape and quiet days of its creations over up
    /// to the last year (`trend`), modelled on the most recently created leads. A history of less
    /// than eight weeks, or too few leads, has no trend: the rate is its last 90 days' (and
    /// without four weeks, no weekday shape and no quiet days). `calendar`: the workspace's days
    /// off.
    pub fn fit(
        conn: &Connection,
        facts: &HistoryFacts,
        scoring: &ScoringModel,
        calendar: &CalendarSettings,
    ) -> Result<Inflow, StoreError> {
        let Some(last) = facts.last_at else {
            return Ok(Inflow::none());
        };
        if facts.recent_created == 0 || facts.recent_days < 1.0 {
            return Ok(Inflow::none());
        }
        let profiles = crate::simulate::input::profiles(conn, scoring, &facts.recent_ids)?;
        let per_day = &facts.created_per_day;
        let last_day = crate::simulate::history::jst_day(last);
        let first_day = last_day + 1 - per_day.len() as i64;
        let (quiet_days, shape) = week_shape(per_day, first_day, calendar);
        let weekday = shape.map_or([1.0; 7], |s| s.weekday);
        let quiet = shape.map(|s| QuietDays {
            factor: s.quiet_factor,
            calendar: calendar.clone(),
        });
        let exposure: Vec<f64> = (0..per_day.len())
            .map(|i| match &quiet {
                Some(q) if quiet_days[i] => weekday[weekday_of(first_day + i as i64)] * q.factor,
                _ => weekday[weekday_of(first_day + i as i64)],
            })
            .collect();
        let fitted = trend(per_day, &exposure).unwrap_or_else(|| Trend {
            daily_rate: facts.recent_created as f64 / facts.recent_days,
            per_day: 0.0,
            // A count's relative error, without a trend.
            uncertainty: RateUncertainty {
                level_sd: 1.0 / (facts.recent_created as f64).sqrt(),
                ..RateUncertainty::default()
            },
            bursts: Bursts::default(),
            burst_weeks: Vec::new(),
        });
        let burst_ids = burst_lead_ids(conn, first_day, &fitted.burst_weeks)?;
        let burst_profiles = crate::simulate::input::profiles(conn, scoring, &burst_ids)?;
        Ok(Inflow {
            daily_rate: fitted.daily_rate,
            at: last.div_euclid(60),
            trend_per_day: fitted.per_day,
            weekday,
            quiet,
            uncertainty: fitted.uncertainty,
            bursts: fitted.bursts,
            profiles,
            burst_profiles,
        })
    }

    /// The rate at minute `t` (new leads per day).
    pub fn rate_at(&self, t: Minute) -> f64 {
        self.shifted_rate_at(Shift::default(), t)
    }

    /// The rate at `t` with the fitted level and trend moved by `shift`.
    fn shifted_rate_at(&self, shift: Shift, t: Minute) -> f64 {
        let day = day_of(t);
        let quiet = match &self.quiet {
            Some(q) if q.is_quiet(day) => q.factor,
            _ => 1.0,
        };
        self.usual_rate_at(shift, t) * quiet
    }

    /// `shifted_rate_at` as if no day were quiet: never below it.
    fn usual_rate_at(&self, shift: Shift, t: Minute) -> f64 {
        let days = (t - self.at) as f64 / MINUTES_PER_DAY;
        let weekday = weekday_of(day_of(t));
        let trend = (self.trend_per_day + shift.trend).clamp(-MAX_TREND, MAX_TREND);
        self.daily_rate * (shift.level + trend * days).exp() * self.weekday[weekday]
    }

    /// One run's draw of how far the fitted level and trend are off, from its seed alone.
    fn draw_shift(&self, seed: u64) -> Shift {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1A5E_ED1F_5417_0000);
        // Box–Muller: two independent standard normals from two uniforms.
        let (u, v): (f64, f64) = (rng.random_range(f64::EPSILON..1.0), rng.random());
        let r = (-2.0 * u.ln()).sqrt();
        let (z1, z2) = (
            r * (std::f64::consts::TAU * v).cos(),
            r * (std::f64::consts::TAU * v).sin(),
        );
        let RateUncertainty {
            level_sd,
            trend_sd,
            correlation: rho,
        } = self.uncertainty;
        Shift {
            level: level_sd * z1,
            trend: trend_sd * (rho * z1 + (1.0 - rho * rho).max(0.0).sqrt() * z2),
        }
    }

    /// The new leads of one run in `[from, to)`: a Poisson process of `daily_rate`, each lead
    /// a copy of a profile drawn at random, created at its arrival and numbered from `first_id`.
    /// The same `seed` gives the same leads.
    pub fn draw(&self, seed: u64, first_id: i64, window: (Minute, Minute)) -> Vec<LeadInput> {
        self.leads(&self.arrivals(seed, window, false), first_id)
    }

    /// `draw` without building the leads: when each arrives and which profile it copies (a
    /// simulation builds them a chunk at a time). `uncertain`: the run (one of several) draws
    /// its own level and trend from their uncertainty first, so that the runs' band holds how
    /// far the fit may be off as well as chance.
    pub fn arrivals(
        &self,
        seed: u64,
        (from, to): (Minute, Minute),
        uncertain: bool,
    ) -> Vec<(Minute, usize)> {
        if self.profiles.is_empty() || from >= to {
            return Vec::new();
        }
        let shift = if uncertain {
            self.draw_shift(seed)
        } else {
            Shift::default()
        };
        let raised = self.draw_bursts(seed, (from, to));
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1A5E_ED1F_1017_0000);
        // Thinning: a process of the highest rate in the window, each arrival kept with the
        // share of it the rate has at its moment.
        let usual = |t: Minute| self.usual_rate_at(shift, t);
        let highest = (0..7)
            .map(|d| usual(from + d * 24 * 60).max(usual(to - 1 - d * 24 * 60)))
            .fold(0.0f64, f64::max)
            * raised.iter().copied().fold(1.0, f64::max);
        let week_of = |t: Minute| ((t - from) / (7 * 24 * 60)) as usize;
        let times = BehaviourModel::draw_times(&mut rng, highest, from, to);
        times
            .into_iter()
            .filter_map(|at| {
                let burst = raised[week_of(at)];
                let rate = self.shifted_rate_at(shift, at) * burst;
                let kept = rng.random::<f64>() * highest < rate;
                // In a burst week, the share of its leads above the usual rate are like the
                // leads of the history's bursts.
                let profile = if burst > 1.0
                    && !self.burst_profiles.is_empty()
                    && rng.random::<f64>() * burst >= 1.0
                {
                    self.profiles.len() + rng.random_range(0..self.burst_profiles.len())
                } else {
                    rng.random_range(0..self.profiles.len())
                };
                kept.then_some((at, profile))
            })
            .collect()
    }

    /// Each week's multiplier of the rate in `[from, to)` (weeks from `from`; the last may be
    /// short and is a burst the less likely): 1, or for a burst week 1 + one of the history's burst
    /// sizes. From `seed` alone, and none drawn without bursts in the history.
    fn draw_bursts(&self, seed: u64, (from, to): (Minute, Minute)) -> Vec<f64> {
        const WEEK: Minute = 7 * 24 * 60;
        let weeks = (to - from + WEEK - 1) / WEEK;
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1A5E_ED1F_B005_0000);
        (0..weeks)
            .map(|k| {
                let share = ((to - from - k * WEEK).min(WEEK)) as f64 / WEEK as f64;
                let sizes = &self.bursts.sizes;
                if sizes.is_empty() || rng.random::<f64>() >= self.bursts.per_week * share {
                    1.0
                } else {
                    1.0 + sizes[rng.random_range(0..sizes.len())]
                }
            })
            .collect()
    }

    /// The new leads of `arrivals`, numbered from `first_id`.
    pub fn leads(&self, arrivals: &[(Minute, usize)], first_id: i64) -> Vec<LeadInput> {
        (arrivals.iter().zip(first_id..))
            .map(|(&(at, profile), id)| {
                let mut lead = match self.profiles.get(profile) {
                    Some(usual) => usual.clone(),
                    None => self.burst_profiles[profile - self.profiles.len()].clone(),
                };
                lead.id = id;
                lead.history.created_at = Some(at);
                lead
            })
            .collect()
    }
}

/// One run's move of the fitted level (log scale) and trend (per day).
#[derive(Debug, Clone, Copy, Default)]
struct Shift {
    level: f64,
    trend: f64,
}

/// At most threefold growth or decline in a year, per day on the log scale.
const MAX_TREND: f64 = 1.098_612_288_668_109_8 / 364.0;

/// A fitted inflow: the rate at the end of the history, its growth per day, and how uncertain
/// both are.
struct Trend {
    daily_rate: f64,
    per_day: f64,
    uncertainty: RateUncertainty,
    bursts: Bursts,
    /// The burst weeks, as the index of their first day in the days fitted.
    burst_weeks: Vec<usize>,
}

/// How many leads of the history's burst weeks new burst leads are modelled on (the most recent).
const BURST_LEADS: usize = 2_000;

/// The leads created in the burst weeks starting on the days `weeks` (indices from `first_day`, a
/// JST day number), the most recent `BURST_LEADS`, in id order.
fn burst_lead_ids(
    conn: &Connection,
    first_day: i64,
    weeks: &[usize],
) -> Result<Vec<i64>, StoreError> {
    let mut statement = conn.prepare(
        "SELECT id FROM leads WHERE created_at >= ?1 AND created_at < ?2 ORDER BY created_at DESC, id DESC",
    )?;
    let mut ids = Vec::new();
    for &start in weeks.iter().rev() {
        let from = crate::simulate::history::jst_day_start(first_day + start as i64);
        let rows = statement.query_map([from, from + 7 * 86_400], |r| r.get::<_, i64>(0))?;
        for id in rows.take(BURST_LEADS - ids.len()) {
            ids.push(id?);
        }
        if ids.len() == BURST_LEADS {
            break;
        }
    }
    ids.sort_unstable();
    Ok(ids)
}

/// How many weeks back a week of creations weighs half as much in the trend's fit.
const TREND_HALF_LIFE_WEEKS: f64 = 13.0;

/// Minutes per day, as a float.
const MINUTES_PER_DAY: f64 = 24.0 * 60.0;

/// The rate at the end of the history (per average weekday) and its growth per day (log scale),
/// from a Poisson regression of the creations per week on time over the whole weeks of `per_day`
/// (ending on the last day), recent weeks weighing more. `exposure`: each day's expected share of
/// a usual day's leads (its weekday, and whether it is quiet), so that a week with holidays is not
/// read as a slowdown. A burst week (a campaign, a trade show's list imported) is left out of the
/// rate and counted in `Trend::bursts` instead. `None` with fewer than eight weeks or fifty leads.
fn trend(per_day: &[u64], exposure: &[f64]) -> Option<Trend> {
    let weeks = per_day.len() / 7;
    let total: u64 = per_day.iter().sum();
    if weeks < 8 || total < 50 {
        return None;
    }
    let skip = per_day.len() - weeks * 7;
    let counts: Vec<f64> = (per_day[skip..].chunks(7))
        .map(|w| w.iter().sum::<u64>() as f64)
        .collect();
    // A usual week is 1.
    let exposures: Vec<f64> = (exposure[skip..].chunks(7))
        .map(|w| (w.iter().sum::<f64>() / 7.0).max(0.05))
        .collect();
    // A first fit, with a week far above its neighbours counted at four times the median of the
    // nine weeks around it (for a usual week), so that one huge import does not carry it.
    let capped: Vec<f64> = (0..weeks)
        .map(|j| {
            let range = j.saturating_sub(4)..(j + 5).min(weeks);
            let mut around: Vec<f64> = (counts[range.clone()].iter().zip(&exposures[range]))
                .map(|(c, e)| c / e)
                .collect();
            around.sort_by(f64::total_cmp);
            counts[j].min(4.0 * around[around.len() / 2].max(1.0) * exposures[j])
        })
        .collect();
    // Recent weeks weigh more (half the weight a quarter back), so a change of pace (a campaign
    // begun, an import of old leads dated years back) moves the level at the end.
    let recency = |j: usize| 0.5f64.powf((weeks - 1 - j) as f64 / TREND_HALF_LIFE_WEEKS);
    let mut fit = log_linear(&capped, &exposures, &recency);
    // Then twice: the burst weeks of the last fit left out, the rest fitted again. A lasting change
    // of pace is no burst by the second fit: the weeks after it raise the level.
    let mut burst = vec![false; weeks];
    for _ in 0..2 {
        let mu = |j: usize| exposures[j] * (fit.0 + fit.1 * j as f64).exp();
        burst = (0..weeks)
            .map(|j| counts[j] > 1.5 * mu(j) + 3.0 * mu(j).sqrt())
            .collect();
        let kept = |j: usize| if burst[j] { 0.0 } else { recency(j) };
        fit = log_linear(&counts, &exposures, &kept);
    }
    let (a, b) = fit;
    let sizes: Vec<f64> = (0..weeks)
        .filter(|&j| burst[j])
        .map(|j| {
            let mu = exposures[j] * (a + b * j as f64).exp();
            ((counts[j] - mu) / mu).min(MAX_BURST)
        })
        .collect();
    let kept = |j: usize| if burst[j] { 0.0 } else { recency(j) };
    // The last week's middle is 3.5 days before the history's end.
    let end = weeks as f64 - 0.5;
    let mut per_day_at_end = (a + b * end).exp() / 7.0;
    let mut per_week = b;
    let mut uncertainty = sandwich(&counts, &exposures, &kept, (a, b), end);
    if let Some(drop) = drop_at_end(&counts, &exposures, &burst, &recency) {
        let (a, b) = drop.fit;
        per_day_at_end = (a + b * end).exp() / 7.0 * drop.ratio;
        per_week = b;
        uncertainty.level_sd = uncertainty.level_sd.hypot(drop.sd);
    }
    Some(Trend {
        daily_rate: per_day_at_end,
        per_day: per_week / 7.0,
        uncertainty,
        bursts: Bursts {
            per_week: sizes.len() as f64 / weeks as f64,
            sizes,
        },
        burst_weeks: (0..weeks)
            .filter(|&j| burst[j])
            .map(|j| skip + 7 * j)
            .collect(),
    })
}

/// A fall of the pace in the history's last weeks (a paid campaign or a channel stopped): the fit
/// of the weeks before it, the multiplier of that fit's rate in the last weeks, and the sd (log
/// scale) of what so few weeks say of the new pace.
struct Drop {
    fit: (f64, f64),
    ratio: f64,
    sd: f64,
}

/// How many of the last weeks a fall of the pace is looked for in.
const DROP_WEEKS: usize = 4;

/// The deviance, over the weeks' own overdispersion, beyond which the last weeks' fall is no
/// chance (about four standard deviations, so four tries in a year of usual weeks find none).
const DROP_DEVIANCE: f64 = 16.0;

/// A fall in the last one to `DROP_WEEKS` weeks that is no chance, if there is one. For each run
/// of last weeks (with no burst week among them), the weeks before it are fitted as `trend` fits
/// them (`weight`, bursts left out), and the run's creations are compared with what that fit
/// expected of them: their Poisson deviance, over the overdispersion of the weeks fitted, when
/// they are under 0.8 of it. The run that falls furthest is the drop. The weighted fit follows a
/// change of pace over a quarter, so a campaign stopped two weeks before the history's end would
/// be forecast as if it went on; a run above the fit is counted as bursts instead
/// (`Trend::bursts`), since campaigns recur, and a fall does not, so the level follows it at once.
fn drop_at_end(
    counts: &[f64],
    exposures: &[f64],
    burst: &[bool],
    weight: &dyn Fn(usize) -> f64,
) -> Option<Drop> {
    let weeks = counts.len();
    let mut best: Option<(f64, Drop)> = None;
    for k in 1..=DROP_WEEKS.min(weeks.saturating_sub(8)) {
        let start = weeks - k;
        if burst[start] {
            break;
        }
        let before = |j: usize| {
            if j < start && !burst[j] {
                weight(j)
            } else {
                0.0
            }
        };
        let (a, b) = log_linear(counts, exposures, &before);
        let mu = |j: usize| exposures[j] * (a + b * j as f64).exp();
        // The weeks' variance over a Poisson count's, at least 1.
        let (mut spread, mut weights) = (0.0, 0.0);
        for (j, &y) in counts.iter().enumerate().take(start) {
            let m = mu(j).max(1e-9);
            spread += before(j) * (y - m).powi(2) / m;
            weights += before(j);
        }
        let dispersion = if weights > 0.0 {
            (spread / weights).max(1.0)
        } else {
            1.0
        };
        let seen: f64 = counts[start..].iter().sum();
        let expected: f64 = (start..weeks).map(mu).sum();
        if expected <= 0.0 || seen >= 0.8 * expected {
            continue;
        }
        let deviance = 2.0 * (xlogy(seen, seen / expected) - (seen - expected)) / dispersion;
        if deviance > DROP_DEVIANCE && best.as_ref().is_none_or(|(d, _)| deviance > *d) {
            let drop = Drop {
                fit: (a, b),
                ratio: (seen / expected).max(0.05),
                sd: (dispersion / seen.max(1.0)).sqrt(),
            };
            best = Some((deviance, drop));
        }
    }
    best.map(|(_, drop)| drop)
}

/// `x ln y`, 0 where `x` is.
fn xlogy(x: f64, y: f64) -> f64 {
    if x == 0.0 { 0.0 } else { x * y.ln() }
}

/// A burst week brings at most this many times a usual week's leads more (a larger one, like the
/// import of a whole old list, is not a thing that recurs at its size).
const MAX_BURST: f64 = 5.0;

/// `log μ_j = log E_j + a + b j` fitted to `counts` (weeks) with exposures `E_j`, each week
/// weighing `weight(j)`, by Newton's method on the weighted Poisson log-likelihood; at most
/// threefold growth or decline in a year (the level fitted again for a capped slope).
fn log_linear(counts: &[f64], exposures: &[f64], weight: &dyn Fn(usize) -> f64) -> (f64, f64) {
    let seen: f64 = (counts.iter().enumerate())
        .map(|(j, y)| weight(j) * y)
        .sum();
    let level: f64 = (0..counts.len()).map(|j| weight(j) * exposures[j]).sum();
    let (mut a, mut b) = ((seen / level.max(1e-300)).max(1e-9).ln(), 0.0f64);
    for _ in 0..50 {
        let (mut g0, mut g1, mut h00, mut h01, mut h11) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (j, &y) in counts.iter().enumerate() {
            let (x, w) = (j as f64, weight(j));
            let mu = exposures[j] * (a + b * x).exp();
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
    let cap = MAX_TREND * 7.0;
    if b.abs() > cap {
        b = b.clamp(-cap, cap);
        let expected: f64 = (0..counts.len())
            .map(|j| weight(j) * exposures[j] * (b * j as f64).exp())
            .sum();
        a = (seen / expected).max(1e-300).ln();
    }
    (a, b)
}

/// The uncertainty of a weighted Poisson fit `log μ_j = a + b j` of `counts` at week `end`: the
/// sandwich covariance H⁻¹ M H⁻¹ (H from the model, M from what the weeks really did), so weeks
/// that vary more than a Poisson count would widen it.
fn sandwich(
    counts: &[f64],
    exposures: &[f64],
    weight: &dyn Fn(usize) -> f64,
    (a, b): (f64, f64),
    end: f64,
) -> RateUncertainty {
    let (mut h, mut m) = ([0.0f64; 3], [0.0f64; 3]);
    for (j, &y) in counts.iter().enumerate() {
        let (x, w) = (j as f64, weight(j));
        let mu = exposures[j] * (a + b * x).exp();
        let r2 = (w * (y - mu)).powi(2);
        for (k, xk) in [1.0, x, x * x].into_iter().enumerate() {
            h[k] += w * mu * xk;
            m[k] += r2 * xk;
        }
    }
    let det = h[0] * h[2] - h[1] * h[1];
    if det.abs() < 1e-12 {
        return RateUncertainty::default();
    }
    // C = H⁻¹ M H⁻¹, with H = [[h0, h1], [h1, h2]] and M alike.
    let (i00, i01, i11) = (h[2] / det, -h[1] / det, h[0] / det);
    let (a00, a01) = (i00 * m[0] + i01 * m[1], i00 * m[1] + i01 * m[2]);
    let (a10, a11) = (i01 * m[0] + i11 * m[1], i01 * m[1] + i11 * m[2]);
    let (c00, c01, c11) = (
        a00 * i00 + a01 * i01,
        a00 * i01 + a01 * i11,
        a10 * i01 + a11 * i11,
    );
    // The level at `end` is a + b·end.
    let level_var = c00 + 2.0 * end * c01 + end * end * c11;
    let cross = c01 + end * c11;
    let (level_sd, slope_sd) = (level_var.max(0.0).sqrt(), c11.max(0.0).sqrt());
    RateUncertainty {
        level_sd,
        trend_sd: slope_sd / 7.0,
        correlation: if level_sd > 0.0 && slope_sd > 0.0 {
            (cross / (level_sd * slope_sd)).clamp(-1.0, 1.0)
        } else {
            0.0
        },
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    /// `trend` with every day alike.
    fn flat(per_day: &[u64]) -> Option<Trend> {
        trend(per_day, &vec![1.0; per_day.len()])
    }

    /// Creations per day: `week(j)` leads in week `j`, on Monday alone.
    fn weeks(n: usize, week: impl Fn(usize) -> u64) -> Vec<u64> {
        (0..n * 7)
            .map(|d| if d % 7 == 0 { week(d / 7) } else { 0 })
            .collect()
    }

    #[test]
    fn a_lasting_change_of_pace_moves_the_level_but_a_one_off_import_does_not() {
        // 35 quiet weeks, then 17 busy ones: the rate at the end is near the busy weeks'.
        let stepped = flat(&weeks(52, |j| if j < 35 { 14 } else { 136 })).unwrap();
        let busy = 136.0 / 7.0;
        assert!(
            (stepped.daily_rate - busy).abs() / busy < 0.15,
            "{}",
            stepped.daily_rate
        );
        // One week of 5,000 imported leads among weeks of 20 counts as 80.
        let imported = flat(&weeks(52, |j| if j == 30 { 5_000 } else { 20 })).unwrap();
        assert!(imported.daily_rate < 40.0 / 7.0, "{}", imported.daily_rate);
        // It is a burst, counted at five usual weeks more, once in 52 weeks.
        assert_eq!(imported.bursts.sizes, vec![MAX_BURST]);
        assert!((imported.bursts.per_week - 1.0 / 52.0).abs() < 1e-12);
    }

    #[test]
    fn a_campaign_stopped_in_the_last_weeks_lowers_the_level_at_once_and_a_quiet_week_does_not() {
        // Weeks of about 75 (Poisson-like wobble), then a campaign stops: two weeks of about 32.
        let wobble = [0i64, 6, -4, 9, -8, 3, -6, 2, 8, -3, -9, 5, 1, -2, 7, -5];
        let usual = |j: usize| (75 + wobble[j % wobble.len()]) as u64;
        let stopped = flat(&weeks(40, |j| {
            if j < 38 { usual(j) } else { 32 - j as u64 % 2 }
        }))
        .unwrap();
        let after = 31.5 / 7.0;
        assert!(
            (stopped.daily_rate - after).abs() / after < 0.2,
            "{}",
            stopped.daily_rate
        );
        // What two weeks say of the new pace is less sure than a year's fit.
        let kept_on = flat(&weeks(40, usual)).unwrap();
        assert!(
            stopped.uncertainty.level_sd > 0.1,
            "{:?}",
            stopped.uncertainty
        );
        assert!(
            (kept_on.daily_rate - 75.0 / 7.0).abs() < 0.5,
            "{}",
            kept_on.daily_rate
        );
        // A last week of 55 is within what the weeks' wobble and chance make: no fall.
        let low = flat(&weeks(40, |j| if j < 39 { usual(j) } else { 55 })).unwrap();
        assert!(low.daily_rate > 9.0, "{}", low.daily_rate);
        // A last week with three days off (its exposure 4/7) is no fall either.
        let mut per_day = weeks(40, usual);
        let mut exposure = vec![1.0; per_day.len()];
        for d in per_day.len() - 7..per_day.len() {
            per_day[d] = 0;
        }
        per_day[40 * 7 - 7] = 43;
        for e in &mut exposure[40 * 7 - 3..] {
            *e = 0.0;
        }
        let holidays = trend(&per_day, &exposure).unwrap();
        assert!(holidays.daily_rate > 9.0, "{}", holidays.daily_rate);
    }

    #[test]
    fn campaigns_come_as_often_and_as_large_as_the_history_had_them() {
        // 100 leads a week, and every eighth week a campaign brings 300.
        let per_day = weeks(48, |j| if j % 8 == 3 { 300 } else { 100 });
        let fitted = flat(&per_day).unwrap();
        assert!(
            (fitted.daily_rate - 100.0 / 7.0).abs() < 0.5,
            "{}",
            fitted.daily_rate
        );
        assert_eq!(fitted.bursts.sizes.len(), 6, "{:?}", fitted.bursts);
        assert!(fitted.bursts.sizes.iter().all(|s| (s - 2.0).abs() < 0.1));
        let inflow = Inflow {
            daily_rate: fitted.daily_rate,
            at: 0,
            trend_per_day: 0.0,
            weekday: [1.0; 7],
            quiet: None,
            uncertainty: RateUncertainty::default(),
            bursts: fitted.bursts,
            profiles: vec![LeadInput::default()],
            burst_profiles: Vec::new(),
        };
        // Eight weeks: 800 usual leads, and one campaign's 200 on average; some windows have none.
        let window = (0, 56 * 24 * 60);
        let counts: Vec<usize> = (0..400)
            .map(|seed| inflow.arrivals(seed, window, false).len())
            .collect();
        let mean = counts.iter().sum::<usize>() as f64 / counts.len() as f64;
        assert!((mean - 1_000.0).abs() < 30.0, "{mean}");
        assert!(counts.iter().any(|&n| n < 880) && counts.iter().any(|&n| n > 1_300));
        // With the leads of the history's campaigns known, a campaign's extra leads are like
        // them (profile indices past the usual ones): about 200 of the 1,000, the usual 800 not.
        let inflow = Inflow {
            burst_profiles: vec![LeadInput::default(); 3],
            ..inflow
        };
        let like_campaigns: Vec<usize> = (0..400)
            .map(|seed| {
                let arrivals = inflow.arrivals(seed, window, false);
                arrivals.iter().filter(|a| a.1 >= 1).count()
            })
            .collect();
        let mean = like_campaigns.iter().sum::<usize>() as f64 / 400.0;
        assert!((mean - 200.0).abs() < 25.0, "{mean}");
        assert!(
            like_campaigns.contains(&0),
            "a window without a campaign has none"
        );
        assert!(inflow.leads(&[(0, 2)], 1)[0].history.created_at == Some(0));
    }

    #[test]
    fn fewer_leads_arrive_on_quiet_weekdays_as_the_history_shows_and_the_weeks_around_are_not_slower()
     {
        // 2025-01-06 is a Monday. Forty weeks of 20 leads a workday and 4 a weekend day, a
        // quiet weekday (a public holiday, the year-end, お盆) bringing 5.
        let calendar = CalendarSettings::default();
        let first_day = NaiveDate::from_ymd_opt(2025, 1, 6)
            .unwrap()
            .signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap())
            .num_days();
        let quiet: Vec<bool> = (0..280)
            .map(|i| is_quiet_workday(&calendar, first_day + i as i64))
            .collect();
        let per_day: Vec<u64> = (0..280)
            .map(|i| match (quiet[i], weekday_of(first_day + i as i64) < 5) {
                (true, _) => 5,
                (false, true) => 20,
                (false, false) => 4,
            })
            .collect();
        assert!(quiet.iter().filter(|&&q| q).count() >= 10);
        let (seen, shape) = week_shape(&per_day, first_day, &calendar);
        assert_eq!(seen, quiet);
        let crate::simulate::calendar::WeekShape {
            weekday,
            quiet_factor: factor,
        } = shape.expect("a shaped week");
        assert!(
            (weekday[0] - 20.0 / (108.0 / 7.0)).abs() < 1e-9,
            "{weekday:?}"
        );
        assert!((factor - 0.25).abs() < 0.03, "{factor}");
        // With the quiet days allowed for, the weeks with holidays are not read as a slowdown.
        let exposure: Vec<f64> = (0..280)
            .map(|i| {
                weekday[weekday_of(first_day + i as i64)] * if quiet[i] { factor } else { 1.0 }
            })
            .collect();
        let fitted = trend(&per_day, &exposure).unwrap();
        assert!(
            (fitted.daily_rate - 108.0 / 7.0).abs() < 0.3,
            "{}",
            fitted.daily_rate
        );
        assert!(fitted.per_day.abs() < 1e-4, "{}", fitted.per_day);
        // A forecast's お盆 week (11–15 August 2025: Mountain Day, then 13–15) brings far fewer.
        let inflow = Inflow {
            daily_rate: fitted.daily_rate,
            at: (first_day + 280) * 1440,
            trend_per_day: 0.0,
            weekday,
            quiet: Some(QuietDays { factor, calendar }),
            uncertainty: RateUncertainty::default(),
            bursts: Bursts::default(),
            profiles: vec![LeadInput::default()],
            burst_profiles: Vec::new(),
        };
        let monday = |y, m, d| {
            crate::simulate::calendar::jst_minute(NaiveDate::from_ymd_opt(y, m, d).unwrap(), 0, 0)
        };
        let week = |start: Minute| -> usize {
            (0..40)
                .map(|s| inflow.arrivals(s, (start, start + 7 * 1440), false).len())
                .sum()
        };
        let (obon, usual) = (week(monday(2025, 8, 11)), week(monday(2025, 8, 25)));
        // 4 quiet days of 5 (×0.25), against a usual week: (20 + 4·5 + 8) / 108 of it.
        let expected = 48.0 / 108.0;
        assert!(
            (obon as f64 / usual as f64 - expected).abs() < 0.06,
            "{obon} against {usual}"
        );
    }

    #[test]
    fn weeks_that_vary_more_than_chance_make_the_fit_less_certain() {
        let steady = flat(&weeks(52, |_| 100)).unwrap().uncertainty;
        let swinging = flat(&weeks(52, |j| if j % 2 == 0 { 40 } else { 160 }))
            .unwrap()
            .uncertainty;
        assert!(steady.level_sd < 0.01, "{steady:?}");
        assert!(swinging.level_sd > 0.1, "{swinging:?}");
        assert!(swinging.trend_sd > steady.trend_sd);
        assert!((-1.0..=1.0).contains(&swinging.correlation));
    }

    #[test]
    fn several_runs_each_draw_their_own_rate_around_the_fitted_one() {
        let inflow = Inflow {
            daily_rate: 20.0,
            at: 0,
            trend_per_day: 0.0,
            weekday: [1.0; 7],
            quiet: None,
            bursts: Bursts::default(),
            uncertainty: RateUncertainty {
                level_sd: 0.2,
                trend_sd: 0.0,
                correlation: 0.0,
            },
            profiles: vec![LeadInput::default()],
            burst_profiles: Vec::new(),
        };
        let window = (0, 60 * 24 * 60);
        let counts: Vec<f64> = (0..200)
            .map(|seed| inflow.arrivals(seed, window, true).len() as f64)
            .collect();
        let mean = counts.iter().sum::<f64>() / counts.len() as f64;
        let sd = (counts.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / 199.0).sqrt();
        // 1,200 expected: Poisson alone would spread them by about 35, the rate's 20 % by 240.
        assert!((mean - 1_200.0 * (0.02f64).exp()).abs() < 60.0, "{mean}");
        assert!(sd > 150.0, "{sd}");
        // Without the draw, the runs differ by chance alone; the same seed gives the same leads.
        let point: Vec<usize> = (0..50)
            .map(|s| inflow.arrivals(s, window, false).len())
            .collect();
        assert!(
            point.iter().all(|&n| (1_050..1_350).contains(&n)),
            "{point:?}"
        );
        assert_eq!(
            inflow.arrivals(7, window, true),
            inflow.arrivals(7, window, true)
        );
    }
}
