//! The scoring review (スコアの見直し): points fitted from which behaviours and attributes came before
//! the deals a workspace recorded, and an honest check of them on a time-based holdout.
//!
//! The fit is a ridge-penalised logistic regression of "reached the outcome within the horizon
//! after a snapshot" on the lead's fit attributes and its behaviour decayed to the snapshot with the
//! model's own half-life, so that its coefficients are points of the same kind the model adds up.
//! Coefficients become points as a credit scorecard scales them: 20 points double the odds. The
//! check scores the leads of a later snapshot, which the fit never saw, through the real
//! `ScoreState` (daily cap and all) and judges them by the deals that came after it: AUC with its
//! interval, lift by decile, conversion by score band, the share of later deals caught above the
//! threshold, beside the same figures for the model in use.
//!
//! This module is the arithmetic; `store::scores::review` reads the workspace into it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{EngagementPoints, POINTS_LIMIT, ScoringModel};
use crate::lead::{EmployeeBand, EventKind, JobLevel};
use crate::localized::Localized;
use crate::model::expr::DealStatus;
use crate::time::Minute;

/// Points that double a lead's odds of the outcome (the scorecard's "points to double the odds").
pub const POINTS_TO_DOUBLE_ODDS: f64 = 20.0;

/// Fewer leads reaching the outcome before the holdout than this, and nothing is fitted.
pub const MIN_TRAINING_DEALS: u64 = 10;
/// Fewer leads reaching it in the holdout than this, and the fit cannot be checked.
pub const MIN_HOLDOUT_DEALS: u64 = 5;
/// Below this many deals in the holdout, the check's figures are said to be rough.
pub const FEW_HOLDOUT_DEALS: u64 = 30;

/// The ridge penalty on each slope in log-odds: a normal prior of standard deviation 1 (an
/// attribute or one event rarely multiplies the odds by more than e² ≈ 7). Against the data of a
/// common attribute it weighs little; it keeps a rare one that happened to precede two deals from
/// earning a thousand points.
const RIDGE: f64 = 1.0;

/// What the review predicts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Handed to sales (any deal status recorded).
    HandOff,
    /// 商談化: an opportunity (or a won deal).
    Opportunity,
    /// 受注: a won deal.
    Won,
}

impl Outcome {
    /// Every outcome, from the earliest in the sales process.
    pub const ALL: [Outcome; 3] = [Outcome::HandOff, Outcome::Opportunity, Outcome::Won];

    /// Whether a lead whose deal reached `status` reached this outcome.
    pub fn reached_by(self, status: DealStatus) -> bool {
        match self {
            Outcome::HandOff => true,
            Outcome::Opportunity => matches!(status, DealStatus::Opportunity | DealStatus::Won),
            Outcome::Won => status == DealStatus::Won,
        }
    }

    /// The code the CLI and the app use.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::HandOff => "hand_off",
            Outcome::Opportunity => "opportunity",
            Outcome::Won => "won",
        }
    }

    /// Its name.
    pub fn label(self) -> Localized {
        match self {
            Outcome::HandOff => Localized::new("営業への引き渡し", "hand-off to sales"),
            Outcome::Opportunity => Localized::new("商談化", "opportunity"),
            Outcome::Won => Localized::new("受注", "won deal"),
        }
    }
}

/// What scores a point: the engagement a model counts, one field of `EngagementPoints` each.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// A page view (not a pricing page).
    PageView,
    /// A view of a pricing page.
    PricingPage,
    /// A document download.
    DocumentDownload,
    /// A webinar registration.
    WebinarRegistration,
    /// Attending a webinar.
    WebinarAttendance,
    /// A form submission.
    FormSubmit,
    /// Opening a mail.
    EmailOpen,
    /// Clicking in a mail.
    EmailClick,
    /// Unsubscribing.
    Unsubscribe,
}

/// How many signals there are.
pub const SIGNALS: usize = 9;

impl Signal {
    /// Every signal, in the order of `EngagementPoints`.
    pub const ALL: [Signal; SIGNALS] = [
        Signal::PageView,
        Signal::PricingPage,
        Signal::DocumentDownload,
        Signal::WebinarRegistration,
        Signal::WebinarAttendance,
        Signal::FormSubmit,
        Signal::EmailOpen,
        Signal::EmailClick,
        Signal::Unsubscribe,
    ];

    /// The signal an event is under `pricing_pattern`; none for a mail received.
    pub fn of(kind: EventKind, detail: &str, pricing_pattern: &str) -> Option<Signal> {
        Some(match kind {
            EventKind::PageView if super::url_matches(pricing_pattern, detail) => {
                Signal::PricingPage
            }
            EventKind::PageView => Signal::PageView,
            EventKind::DocumentDownload => Signal::DocumentDownload,
            EventKind::WebinarRegistration => Signal::WebinarRegistration,
            EventKind::WebinarAttendance => Signal::WebinarAttendance,
            EventKind::FormSubmit => Signal::FormSubmit,
            EventKind::EmailSend => return None,
            EventKind::EmailOpen => Signal::EmailOpen,
            EventKind::EmailClick => Signal::EmailClick,
            EventKind::Unsubscribe => Signal::Unsubscribe,
        })
    }

    /// Its points under `points`.
    pub fn points(self, points: &EngagementPoints) -> i32 {
        // Read on every event a score counts: a match, not a copy to take `field` of.
        match self {
            Signal::PageView => points.page_view,
            Signal::PricingPage => points.pricing_page,
            Signal::DocumentDownload => points.document_download,
            Signal::WebinarRegistration => points.webinar_registration,
            Signal::WebinarAttendance => points.webinar_attendance,
            Signal::FormSubmit => points.form_submit,
            Signal::EmailOpen => points.email_open,
            Signal::EmailClick => points.email_click,
            Signal::Unsubscribe => points.unsubscribe,
        }
    }

    /// Its field of `points`.
    pub fn field(self, points: &mut EngagementPoints) -> &mut i32 {
        match self {
            Signal::PageView => &mut points.page_view,
            Signal::PricingPage => &mut points.pricing_page,
            Signal::DocumentDownload => &mut points.document_download,
            Signal::WebinarRegistration => &mut points.webinar_registration,
            Signal::WebinarAttendance => &mut points.webinar_attendance,
            Signal::FormSubmit => &mut points.form_submit,
            Signal::EmailOpen => &mut points.email_open,
            Signal::EmailClick => &mut points.email_click,
            Signal::Unsubscribe => &mut points.unsubscribe,
        }
    }

    fn index(self) -> usize {
        Signal::ALL.iter().position(|s| *s == self).expect("listed")
    }

    /// Whether the signal can only lower interest (its points are at most 0).
    pub fn is_negative(self) -> bool {
        self == Signal::Unsubscribe
    }

    /// Its name.
    pub fn label(self) -> Localized {
        let (ja, en) = match self {
            Signal::PageView => ("ページ閲覧", "page view"),
            Signal::PricingPage => ("料金ページ閲覧", "pricing page view"),
            Signal::DocumentDownload => ("資料ダウンロード", "document download"),
            Signal::WebinarRegistration => ("ウェビナー申込", "webinar registration"),
            Signal::WebinarAttendance => ("ウェビナー参加", "webinar attendance"),
            Signal::FormSubmit => ("フォーム送信", "form submission"),
            Signal::EmailOpen => ("メール開封", "mail open"),
            Signal::EmailClick => ("メールクリック", "mail click"),
            Signal::Unsubscribe => ("配信停止", "unsubscribe"),
        };
        Localized::new(ja, en)
    }
}

/// A lead's behaviour decayed to a moment: each signal's events, each counting
/// `0.5^(age / half-life)`, as the model's engagement points decay.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Behaviour(pub [f64; SIGNALS]);

impl Behaviour {
    /// The behaviour at `at` of `events` (time-ordered `(minute, signal)`), counting those at or
    /// before `at`.
    pub fn at(events: &[(Minute, Signal)], at: Minute, half_life_days: u32) -> Behaviour {
        let mut sums = [0.0; SIGNALS];
        let half_life = f64::from(half_life_days.max(1)) * 24.0 * 60.0;
        for &(t, signal) in events.iter().take_while(|(t, _)| *t <= at) {
            sums[signal.index()] += 0.5f64.powf((at - t) as f64 / half_life);
        }
        Behaviour(sums)
    }
}

/// One lead at one snapshot, as the fit reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 役職区分.
    pub job_level: Option<JobLevel>,
    /// 従業員規模.
    pub band: Option<EmployeeBand>,
    /// 業種, as written.
    pub industry: String,
    /// What it had done by the snapshot.
    pub behaviour: Behaviour,
    /// Whether it reached the outcome within the horizon after the snapshot.
    pub converted: bool,
    /// How many leads the row stands for (1, or more when leads that did not convert were sampled).
    pub weight: f64,
}

/// The points a fit suggests, before a threshold is chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// The model in use with its fit and engagement points replaced (threshold unchanged).
    pub model: ScoringModel,
    /// Signals whose fitted weight pointed the wrong way and were shown as 0.
    pub clamped: Vec<Signal>,
}

/// An industry earns its own points when at least this share of the rows has it.
const INDUSTRY_SHARE: f64 = 0.03;
/// At most so many industries earn points.
const MAX_INDUSTRIES: usize = 12;

/// Fits points to `rows`, keeping `current`'s half-life, daily cap, pricing pattern and threshold.
pub fn fit(rows: &[Row], current: &ScoringModel) -> Fitted {
    let total: f64 = rows.iter().map(|r| r.weight).sum();
    let mut by_industry = BTreeMap::<&str, f64>::new();
    for r in rows.iter().filter(|r| !r.industry.is_empty()) {
        *by_industry.entry(&r.industry).or_default() += r.weight;
    }
    let mut industries: Vec<(&str, f64)> = by_industry
        .into_iter()
        .filter(|(_, w)| *w >= INDUSTRY_SHARE * total)
        .collect();
    industries.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    industries.truncate(MAX_INDUSTRIES);
    let industries: Vec<&str> = industries.into_iter().map(|(i, _)| i).collect();

    // Columns: job levels, bands, industries, signals.
    let levels = JobLevel::ALL.len();
    let bands = EmployeeBand::ALL.len();
    let first_signal = levels + bands + industries.len();
    let columns = first_signal + SIGNALS;
    // Heavy readers would set the slope alone: each signal is capped at the 99th percentile of
    // the leads that did it at all. (Of all rows it would be 0 for a signal fewer than one lead in
    // a hundred shows, such as a pricing page, and the rare signal that foretells a deal would be
    // lost.)
    let caps: Vec<f64> = (0..SIGNALS)
        .map(|s| {
            let mut values: Vec<f64> = (rows.iter().map(|r| r.behaviour.0[s]))
                .filter(|v| *v > 0.0)
                .collect();
            values.sort_by(f64::total_cmp);
            values
                .get(values.len().saturating_sub(1) * 99 / 100)
                .copied()
                .unwrap_or(0.0)
        })
        .collect();
    let row_of = |r: &Row| -> Vec<f64> {
        let mut x = vec![0.0; columns];
        if let Some(l) = r.job_level {
            x[JobLevel::ALL.iter().position(|v| *v == l).expect("listed")] = 1.0;
        }
        if let Some(b) = r.band {
            x[levels
                + EmployeeBand::ALL
                    .iter()
                    .position(|v| *v == b)
                    .expect("listed")] = 1.0;
        }
        if let Some(i) = industries.iter().position(|i| *i == r.industry) {
            x[levels + bands + i] = 1.0;
        }
        for s in 0..SIGNALS {
            x[first_signal + s] = r.behaviour.0[s].min(caps[s]);
        }
        x
    };
    let matrix: Vec<Vec<f64>> = rows.iter().map(row_of).collect();
    let labels: Vec<f64> = rows
        .iter()
        .map(|r| f64::from(u8::from(r.converted)))
        .collect();
    let weights: Vec<f64> = rows.iter().map(|r| r.weight).collect();
    let slopes = ridge_logistic(&matrix, &labels, &weights, RIDGE);

    let scale = POINTS_TO_DOUBLE_ODDS / std::f64::consts::LN_2;
    let points = |beta: f64| {
        (beta * scale)
            .round()
            .clamp(-f64::from(POINTS_LIMIT), f64::from(POINTS_LIMIT)) as i32
    };
    let mut model = current.clone();
    model.fit.job_level = JobLevel::ALL
        .iter()
        .enumerate()
        .map(|(i, l)| (l.code().to_owned(), points(slopes[i])))
        .collect();
    model.fit.employee_band = EmployeeBand::ALL
        .iter()
        .enumerate()
        .map(|(i, b)| (b.code().to_owned(), points(slopes[levels + i])))
        .collect();
    model.fit.industry = industries
        .iter()
        .enumerate()
        .map(|(i, name)| ((*name).to_owned(), points(slopes[levels + bands + i])))
        .filter(|(_, p)| *p != 0)
        .collect();
    let mut clamped = Vec::new();
    for signal in Signal::ALL {
        let fitted = points(slopes[first_signal + signal.index()]);
        let shown = if signal.is_negative() {
            fitted.min(0)
        } else {
            fitted.max(0)
        };
        if shown != fitted {
            clamped.push(signal);
        }
        *signal.field(&mut model.engagement) = shown;
    }
    Fitted { model, clamped }
}

/// The slopes (no intercept) of a logistic regression of `labels` on the columns of `matrix`,
/// each row weighted, with a ridge penalty `ridge` on the slopes (as they apply to the columns as
/// given); Newton's method (iteratively reweighted least squares) on standardised columns, for
/// conditioning. A column that never varies gets slope 0.
// Matrix algebra reads best with indices.
#[allow(clippy::needless_range_loop)]
pub fn ridge_logistic(
    matrix: &[Vec<f64>],
    labels: &[f64],
    weights: &[f64],
    ridge: f64,
) -> Vec<f64> {
    let columns = matrix.first().map_or(0, Vec::len);
    let total: f64 = weights.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    let mean: Vec<f64> = (0..columns)
        .map(|j| {
            matrix
                .iter()
                .zip(weights)
                .map(|(x, w)| x[j] * w)
                .sum::<f64>()
                / total
        })
        .collect();
    let sd: Vec<f64> = (0..columns)
        .map(|j| {
            let var = matrix
                .iter()
                .zip(weights)
                .map(|(x, w)| w * (x[j] - mean[j]).powi(2))
                .sum::<f64>()
                / total;
            var.sqrt()
        })
        .collect();
    let used: Vec<usize> = (0..columns).filter(|&j| sd[j] > 1e-12).collect();
    let p = used.len() + 1; // the intercept first
    let standard = |x: &[f64]| -> Vec<f64> {
        std::iter::once(1.0)
            .chain(used.iter().map(|&j| (x[j] - mean[j]) / sd[j]))
            .collect()
    };
    let z: Vec<Vec<f64>> = matrix.iter().map(|x| standard(x)).collect();
    // A standardised slope is the raw one times the column's spread: the penalty on each.
    let penalty: Vec<f64> = std::iter::once(0.0)
        .chain(used.iter().map(|&j| ridge / sd[j].powi(2)))
        .collect();
    // The penalised log-likelihood, which each step must raise.
    let objective = |beta: &[f64]| -> f64 {
        let fit: f64 = (z.iter().zip(labels).zip(weights))
            .map(|((row, y), w)| {
                let eta: f64 = row.iter().zip(beta).map(|(a, b)| a * b).sum();
                // log(1 + e^eta) without overflow.
                let soft = if eta > 0.0 {
                    eta + (-eta).exp().ln_1p()
                } else {
                    eta.exp().ln_1p()
                };
                w * (y * eta - soft)
            })
            .sum();
        fit - 0.5
            * (beta.iter().zip(&penalty))
                .map(|(b, l)| l * b * b)
                .sum::<f64>()
    };
    let mut beta = vec![0.0; p];
    let positives: f64 = labels.iter().zip(weights).map(|(y, w)| y * w).sum();
    let base = (positives / total).clamp(1e-9, 1.0 - 1e-9);
    beta[0] = (base / (1.0 - base)).ln();
    let mut current = objective(&beta);
    for _ in 0..100 {
        let mut gradient = vec![0.0; p];
        let mut hessian = vec![vec![0.0; p]; p];
        for ((row, y), w) in z.iter().zip(labels).zip(weights) {
            let eta: f64 = row.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let mu = 1.0 / (1.0 + (-eta).exp());
            let curvature = w * mu * (1.0 - mu);
            for a in 0..p {
                gradient[a] += w * (y - mu) * row[a];
                let ra = row[a] * curvature;
                for b in 0..=a {
                    hessian[a][b] += ra * row[b];
                }
            }
        }
        for a in 1..p {
            gradient[a] -= penalty[a] * beta[a];
            hessian[a][a] += penalty[a];
        }
        for a in 0..p {
            for b in 0..a {
                hessian[b][a] = hessian[a][b];
            }
        }
        let Some(step) = solve_positive_definite(&hessian, &gradient) else {
            break;
        };
        // Newton's step, halved until it raises the objective (a full step can overshoot when
        // a few leads with extreme values carry a column).
        let mut scale = 1.0;
        let mut improved = false;
        for _ in 0..40 {
            let trial: Vec<f64> = (beta.iter().zip(&step))
                .map(|(b, s)| b + scale * s)
                .collect();
            let value = objective(&trial);
            if value >= current {
                beta = trial;
                improved = value - current > 1e-12 * current.abs().max(1.0);
                current = value;
                break;
            }
            scale /= 2.0;
        }
        if !improved || step.iter().all(|s| (scale * s).abs() < 1e-9) {
            break;
        }
    }
    let mut slopes = vec![0.0; columns];
    for (k, &j) in used.iter().enumerate() {
        slopes[j] = beta[k + 1] / sd[j];
    }
    slopes
}

/// `x` with `a x = b` for a symmetric positive definite `a` (Cholesky); none when `a` is not.
fn solve_positive_definite(a: &[Vec<f64>], b: &[f64]) -> Option<Vec<f64>> {
    let n = b.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let sum: f64 = a[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if i == j {
                if sum <= 0.0 || !sum.is_finite() {
                    return None;
                }
                l[i][i] = sum.sqrt();
            } else {
                l[i][j] = sum / l[j][j];
            }
        }
    }
    let mut y = vec![0.0; n];
    for i in 0..n {
        y[i] = (b[i] - (0..i).map(|k| l[i][k] * y[k]).sum::<f64>()) / l[i][i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        x[i] = (y[i] - (i + 1..n).map(|k| l[k][i] * x[k]).sum::<f64>()) / l[i][i];
    }
    Some(x)
}

/// A lead as scored at a snapshot: its score, whether the outcome followed, and how many leads
/// it stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// The score.
    pub score: i32,
    /// Whether it reached the outcome within the horizon.
    pub converted: bool,
    /// How many leads it stands for.
    pub weight: f64,
}

/// The threshold whose MQLs best balance the deals they catch against the leads they send to
/// sales: the score that maximises F1 (of "at or above" as a prediction of the outcome).
pub fn suggest_threshold(scored: &[Scored]) -> Option<i32> {
    let mut by_score = BTreeMap::<i32, (f64, f64)>::new();
    let mut deals = 0.0;
    for s in scored {
        let entry = by_score.entry(s.score).or_default();
        entry.0 += s.weight;
        if s.converted {
            entry.1 += s.weight;
            deals += s.weight;
        }
    }
    if deals == 0.0 {
        return None;
    }
    let (mut above, mut caught) = (0.0, 0.0);
    let mut best: Option<(f64, i32)> = None;
    for (&score, &(leads, converted)) in by_score.iter().rev() {
        above += leads;
        caught += converted;
        let f1 = 2.0 * caught / (above + deals);
        if best.is_none_or(|(b, _)| f1 > b) {
            best = Some((f1, score));
        }
    }
    best.map(|(_, score)| score)
}

/// How well a model's scores at a snapshot foretold the outcome after it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ModelCheck {
    /// The MQL threshold judged.
    pub threshold: i32,
    /// The area under the ROC curve: the chance that a lead that converted outscored one that
    /// did not (0.5 is a coin, 1 is perfect).
    pub auc: f64,
    /// Its 95 % interval (Hanley and McNeil).
    pub auc_low: f64,
    /// Its 95 % interval's top.
    pub auc_high: f64,
    /// Leads at or above the threshold at the snapshot.
    pub mql: u64,
    /// Of the leads that converted after, those that were at or above the threshold.
    pub caught: u64,
    /// `caught` over all leads that converted.
    pub caught_share: f64,
    /// Conversion of the leads at or above the threshold.
    pub rate_above: f64,
    /// Conversion of the leads below it.
    pub rate_below: f64,
    /// The leads by tenth of the ranking, highest scores first.
    pub deciles: Vec<Decile>,
    /// Conversion by score band.
    pub bands: Vec<ScoreBand>,
}

/// One tenth of the leads ranked by score.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Decile {
    /// Leads in it.
    pub leads: u64,
    /// Those that converted.
    pub deals: u64,
    /// Its conversion over the whole holdout's (1 = no better than chance).
    pub lift: f64,
    /// The share of all deals caught by this tenth and those above it (the gains curve).
    pub cumulative_share: f64,
}

/// Leads with scores in `[from, to)`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ScoreBand {
    /// The lowest score in the band; none for "below".
    pub from: Option<i32>,
    /// The first score above the band; none for "and above".
    pub to: Option<i32>,
    /// Leads in it.
    pub leads: u64,
    /// Those that converted.
    pub deals: u64,
    /// `deals / leads`.
    pub rate: f64,
}

/// Checks scores (one per lead, weight ignored) against what followed, at `threshold`.
pub fn check(scored: &[Scored], threshold: i32) -> ModelCheck {
    let n = scored.len() as u64;
    let deals = scored.iter().filter(|s| s.converted).count() as u64;
    let (auc, se) = auc(scored);
    let mql = scored.iter().filter(|s| s.score >= threshold).count() as u64;
    let caught = (scored.iter())
        .filter(|s| s.score >= threshold && s.converted)
        .count() as u64;
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let base = ratio(deals, n);
    // Deciles of the ranking, highest first; equal scores keep the leads' order.
    let mut order: Vec<&Scored> = scored.iter().collect();
    order.sort_by_key(|s| std::cmp::Reverse(s.score));
    let mut deciles = Vec::new();
    let mut seen = 0u64;
    for d in 0..10 {
        let (from, to) = (order.len() * d / 10, order.len() * (d + 1) / 10);
        let slice = &order[from..to];
        let hits = slice.iter().filter(|s| s.converted).count() as u64;
        seen += hits;
        deciles.push(Decile {
            leads: slice.len() as u64,
            deals: hits,
            lift: if base == 0.0 {
                0.0
            } else {
                ratio(hits, slice.len() as u64) / base
            },
            cumulative_share: ratio(seen, deals),
        });
    }
    // Bands at quarters of the threshold up to one and a half times it.
    let mut edges: Vec<i32> = [0, 1, 2, 3, 4, 6]
        .iter()
        .map(|q| (threshold.max(4) * q).div_euclid(4))
        .collect();
    edges.dedup();
    let mut bands = Vec::new();
    for k in 0..=edges.len() {
        let from = k.checked_sub(1).map(|i| edges[i]);
        let to = edges.get(k).copied();
        let inside: Vec<&Scored> = scored
            .iter()
            .filter(|s| from.is_none_or(|f| s.score >= f) && to.is_none_or(|t| s.score < t))
            .collect();
        let hits = inside.iter().filter(|s| s.converted).count() as u64;
        if inside.is_empty() && from.is_none() {
            continue;
        }
        bands.push(ScoreBand {
            from,
            to,
            leads: inside.len() as u64,
            deals: hits,
            rate: ratio(hits, inside.len() as u64),
        });
    }
    ModelCheck {
        threshold,
        auc,
        auc_low: (auc - 1.96 * se).max(0.0),
        auc_high: (auc + 1.96 * se).min(1.0),
        mql,
        caught,
        caught_share: ratio(caught, deals),
        rate_above: ratio(caught, mql),
        rate_below: ratio(deals - caught, n - mql),
        deciles,
        bands,
    }
}

/// The AUC of scores against outcomes (ties count half) and its standard error after Hanley and
/// McNeil (1982).
fn auc(scored: &[Scored]) -> (f64, f64) {
    let mut by_score = BTreeMap::<i32, (u64, u64)>::new();
    for s in scored {
        let e = by_score.entry(s.score).or_default();
        if s.converted { e.0 += 1 } else { e.1 += 1 }
    }
    let positives: u64 = by_score.values().map(|e| e.0).sum();
    let negatives: u64 = by_score.values().map(|e| e.1).sum();
    if positives == 0 || negatives == 0 {
        return (0.5, 0.5);
    }
    let (mut below, mut wins) = (0u64, 0.0);
    for &(pos, neg) in by_score.values() {
        wins += pos as f64 * (below as f64 + neg as f64 / 2.0);
        below += neg;
    }
    let (p, q) = (positives as f64, negatives as f64);
    let a = wins / (p * q);
    let q1 = a / (2.0 - a);
    let q2 = 2.0 * a * a / (1.0 + a);
    let var = (a * (1.0 - a) + (p - 1.0) * (q1 - a * a) + (q - 1.0) * (q2 - a * a)) / (p * q);
    (a, var.max(0.0).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(pairs: &[(i32, bool)]) -> Vec<Scored> {
        pairs
            .iter()
            .map(|&(score, converted)| Scored {
                score,
                converted,
                weight: 1.0,
            })
            .collect()
    }

    #[test]
    fn auc_counts_pairs_and_ties_half() {
        let perfect = scored(&[(10, true), (9, true), (1, false), (0, false)]);
        assert_eq!(auc(&perfect).0, 1.0);
        let reversed = scored(&[(0, true), (10, false)]);
        assert_eq!(auc(&reversed).0, 0.0);
        let tied = scored(&[(5, true), (5, false)]);
        assert_eq!(auc(&tied).0, 0.5);
        // 2 positives × 2 negatives: (1 + 0.5) + (1 + 1) wins of 4.
        let mixed = scored(&[(3, true), (2, false), (3, false), (9, true)]);
        assert_eq!(auc(&mixed).0, 3.5 / 4.0);
    }

    #[test]
    fn the_threshold_maximises_f1() {
        // F1 = 2·caught / (at or above + deals), 4 deals: at 90, 2/5; at 60, 4/6; at 50, 6/8;
        // at 10, 8/12; at 5, 8/13.
        let s = scored(&[
            (90, true),
            (60, true),
            (50, true),
            (50, false),
            (10, true),
            (10, false),
            (10, false),
            (10, false),
            (5, false),
        ]);
        assert_eq!(suggest_threshold(&s), Some(50));
        assert_eq!(suggest_threshold(&scored(&[(1, false)])), None);
    }

    #[test]
    fn the_check_reports_what_the_threshold_catches() {
        let s = scored(&[
            (120, true),
            (110, false),
            (80, true),
            (20, false),
            (0, false),
        ]);
        let c = check(&s, 100);
        assert_eq!((c.mql, c.caught), (2, 1));
        assert_eq!(c.caught_share, 0.5);
        assert_eq!(c.rate_above, 0.5);
        assert!((c.rate_below - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(c.deciles.iter().map(|d| d.leads).sum::<u64>(), 5);
        assert_eq!(c.bands.iter().map(|b| b.leads).sum::<u64>(), 5);
        assert_eq!(c.deciles.last().unwrap().cumulative_share, 1.0);
    }

    #[test]
    fn the_regression_finds_the_slope_that_made_the_labels() {
        // y = 1 exactly when a deterministic uniform draw falls below σ(-2 + 1.5 x).
        let mut state = 7u64;
        let mut uniform = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let (mut matrix, mut labels) = (Vec::new(), Vec::new());
        for _ in 0..20_000 {
            let x = uniform() * 4.0;
            let noise = uniform() * 2.0;
            let p = 1.0 / (1.0 + (2.0 - 1.5 * x).exp());
            matrix.push(vec![x, noise, 1.0]);
            labels.push(f64::from(u8::from(uniform() < p)));
        }
        let slopes = ridge_logistic(&matrix, &labels, &vec![1.0; labels.len()], 1.0);
        assert!((slopes[0] - 1.5).abs() < 0.1, "{slopes:?}");
        assert!(slopes[1].abs() < 0.1, "{slopes:?}");
        assert_eq!(slopes[2], 0.0, "a constant column has no slope");
    }

    #[test]
    fn a_rare_signal_that_foretells_deals_survives_and_the_fit_converges() {
        // 3,000 leads, 1 % convert; a pricing page seen by 20 of them (fewer than one in a
        // hundred, in bursts of 20 to 40 views), 10 of whom convert; mail opens everywhere,
        // foretelling nothing.
        let mut rows = Vec::new();
        for i in 0..3_000u32 {
            let mut behaviour = [0.0; SIGNALS];
            behaviour[Signal::EmailOpen.index()] = f64::from(i % 7);
            let pricing = i < 20;
            if pricing {
                behaviour[Signal::PricingPage.index()] = f64::from(20 + i);
            }
            rows.push(Row {
                job_level: None,
                band: None,
                industry: String::new(),
                behaviour: Behaviour(behaviour),
                converted: (pricing && i % 2 == 0) || i % 300 == 150,
                weight: 1.0,
            });
        }
        let fitted = fit(&rows, &ScoringModel::default());
        let points = |s: Signal| s.points(&fitted.model.engagement);
        assert!(
            points(Signal::PricingPage) > 0,
            "{:?}",
            fitted.model.engagement
        );
        assert!(points(Signal::PricingPage) > points(Signal::EmailOpen));
        assert!(fitted.model.engagement.page_view.abs() <= POINTS_LIMIT);
    }

    #[test]
    fn every_engagement_field_has_its_signal() {
        let mut points = ScoringModel::default().engagement;
        for (i, s) in Signal::ALL.iter().enumerate() {
            *s.field(&mut points) = 1000 + i as i32;
        }
        let values: std::collections::BTreeSet<i32> =
            Signal::ALL.iter().map(|s| s.points(&points)).collect();
        assert_eq!(values.len(), SIGNALS);
    }
}
