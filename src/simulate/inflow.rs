//! New leads in a forecast: after the recorded history, leads keep arriving at the rate the
//! workspace's history shows, each like one of the recently created leads (its company size,
//! industry, title, source and consent; none of its behaviour). Without them a forecast would
//! never enrol anyone in a welcome scenario.
//!
//! The rate follows the history's trend and weekday shape (`Inflow::fit`): leads created per week
//! over up to the last year, fitted by a log-linear Poisson regression with recent weeks weighing
//! more (half as much a quarter back; so a growing inflow is
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
    /// How uncertain the fitted rate and trend are (each run of several draws its own).
    pub uncertainty: RateUncertainty,
    /// The recently created leads new ones are like (without their history), in id order.
    pub profiles: Vec<LeadInput>,
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
        let fitted = trend(per_day).unwrap_or_else(|| Trend {
            daily_rate: facts.recent_created as f64 / facts.recent_days,
            per_day: 0.0,
            // A count's relative error, without a trend.
            uncertainty: RateUncertainty {
                level_sd: 1.0 / (facts.recent_created as f64).sqrt(),
                ..RateUncertainty::default()
            },
        });
        Ok(Inflow {
            daily_rate: fitted.daily_rate,
            at: last.div_euclid(60),
            trend_per_day: fitted.per_day,
            weekday,
            uncertainty: fitted.uncertainty,
            profiles,
        })
    }

    /// The rate at minute `t` (new leads per day).
    pub fn rate_at(&self, t: Minute) -> f64 {
        self.shifted_rate_at(Shift::default(), t)
    }

    /// The rate at `t` with the fitted level and trend moved by `shift`.
    fn shifted_rate_at(&self, shift: Shift, t: Minute) -> f64 {
        let days = (t - self.at) as f64 / MINUTES_PER_DAY;
        let weekday = ((t + JST_MINUTES).div_euclid(MINUTES_PER_DAY as i64) + 3).rem_euclid(7);
        let trend = (self.trend_per_day + shift.trend).clamp(-MAX_TREND, MAX_TREND);
        self.daily_rate * (shift.level + trend * days).exp() * self.weekday[weekday as usize]
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
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1A5E_ED1F_1017_0000);
        // Thinning: a process of the highest rate in the window, each arrival kept with the
        // share of it the rate has at its moment.
        let rate = |t: Minute| self.shifted_rate_at(shift, t);
        let highest = (0..7)
            .map(|d| rate(from + d * 24 * 60).max(rate(to - 1 - d * 24 * 60)))
            .fold(0.0f64, f64::max);
        let times = BehaviourModel::draw_times(&mut rng, highest, from, to);
        times
            .into_iter()
            .filter_map(|at| {
                let kept = rng.random::<f64>() * highest < rate(at);
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
}

/// How many weeks back a week of creations weighs half as much in the trend's fit.
const TREND_HALF_LIFE_WEEKS: f64 = 13.0;

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
fn trend(per_day: &[u64]) -> Option<Trend> {
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
    // Recent weeks weigh more (half the weight a quarter back), so a change of pace (a campaign
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
    let cap = MAX_TREND * 7.0;
    if b.abs() > cap {
        b = b.clamp(-cap, cap);
        let expected: f64 = (0..weeks).map(|j| weight(j) * (b * j as f64).exp()).sum();
        let seen: f64 = (counts.iter().enumerate())
            .map(|(j, y)| weight(j) * y)
            .sum();
        a = (seen / expected).max(1e-300).ln();
    }
    // The last week's middle is 3.5 days before the history's end.
    let end = weeks as f64 - 0.5;
    let per_day_at_end = (a + b * end).exp() / 7.0;
    Some(Trend {
        daily_rate: per_day_at_end,
        per_day: b / 7.0,
        uncertainty: sandwich(&counts, &weight, (a, b), end),
    })
}

/// The uncertainty of a weighted Poisson fit `log μ_j = a + b j` of `counts` at week `end`: the
/// sandwich covariance H⁻¹ M H⁻¹ (H from the model, M from what the weeks really did), so weeks
/// that vary more than a Poisson count would widen it.
fn sandwich(
    counts: &[f64],
    weight: &dyn Fn(usize) -> f64,
    (a, b): (f64, f64),
    end: f64,
) -> RateUncertainty {
    let (mut h, mut m) = ([0.0f64; 3], [0.0f64; 3]);
    for (j, &y) in counts.iter().enumerate() {
        let (x, w) = (j as f64, weight(j));
        let mu = (a + b * x).exp();
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
    use super::*;

    /// Creations per day: `week(j)` leads in week `j`, on Monday alone.
    fn weeks(n: usize, week: impl Fn(usize) -> u64) -> Vec<u64> {
        (0..n * 7)
            .map(|d| if d % 7 == 0 { week(d / 7) } else { 0 })
            .collect()
    }

    #[test]
    fn a_lasting_change_of_pace_moves_the_level_but_a_one_off_import_does_not() {
        // 35 quiet weeks, then 17 busy ones: the rate at the end is near the busy weeks'.
        let stepped = trend(&weeks(52, |j| if j < 35 { 14 } else { 136 })).unwrap();
        let busy = 136.0 / 7.0;
        assert!(
            (stepped.daily_rate - busy).abs() / busy < 0.15,
            "{}",
            stepped.daily_rate
        );
        // One week of 5,000 imported leads among weeks of 20 counts as 80.
        let imported = trend(&weeks(52, |j| if j == 30 { 5_000 } else { 20 })).unwrap();
        assert!(imported.daily_rate < 40.0 / 7.0, "{}", imported.daily_rate);
    }

    #[test]
    fn weeks_that_vary_more_than_chance_make_the_fit_less_certain() {
        let steady = trend(&weeks(52, |_| 100)).unwrap().uncertainty;
        let swinging = trend(&weeks(52, |j| if j % 2 == 0 { 40 } else { 160 }))
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
            uncertainty: RateUncertainty {
                level_sd: 0.2,
                trend_sd: 0.0,
                correlation: 0.0,
            },
            profiles: vec![LeadInput::default()],
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
