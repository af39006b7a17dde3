//! The scoring review read from a workspace (スコアの見直し): which leads reached the outcome after
//! each snapshot, what they had done before it, the fit, and its check on a later snapshot the fit
//! never saw (`scoring::review` has the arithmetic).
//!
//! The time line, with `E` the last recorded moment and `H` the horizon:
//! - the holdout snapshot `V = E − H`: leads are scored as of `V` and judged by the deals of `(V, E]`;
//! - training snapshots `V − H`, `V − H − 30 d`, … (as far back as the history allows, at most
//!   seven): leads as of each, labelled by the deals of the `H` days after it, never after `V`.
//!
//! A lead counts at a snapshot when it existed then and had not reached the outcome yet.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::StoreError;
use super::scores::{LeadHistory, for_each_history};
use crate::ErrorKind;
use crate::lead::{EmployeeBand, JobLevel};
use crate::localized::Localized;
use crate::scoring::review::{
    self, Behaviour, FEW_HOLDOUT_DEALS, MIN_HOLDOUT_DEALS, MIN_TRAINING_DEALS, ModelCheck, Outcome,
    Row, Scored, Signal,
};
use crate::scoring::{ScoreState, ScoringModel};
use crate::time::Minute;

const DAY: Minute = 24 * 60;
/// History a lead needs before the first training snapshot, so that behaviour has been seen.
const LEAD_IN_DAYS: i64 = 30;
/// Training snapshots step back this many days.
const STEP_DAYS: i64 = 30;
/// At most so many training snapshots.
const MAX_SNAPSHOTS: usize = 7;
/// Training rows kept at most: beyond, leads that did not convert are sampled (and weighted).
const MAX_ROWS: f64 = 250_000.0;
/// The horizon when none is asked for, at most.
const LONGEST_HORIZON_DAYS: i64 = 90;
/// The shortest horizon a review can judge.
const SHORTEST_HORIZON_DAYS: i64 = 14;

/// What to review.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReviewOptions {
    /// The outcome the points should foretell.
    pub outcome: Outcome,
    /// Days after a snapshot within which the outcome counts; chosen from the history's length
    /// when none (at most 90).
    pub horizon_days: Option<u32>,
}

/// A scoring review: suggested points and how they and the points in use foretold later deals.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ScoringReview {
    /// The outcome foretold.
    pub outcome: Outcome,
    /// Days after a snapshot within which it counts.
    pub horizon_days: u32,
    /// The training snapshots (YYYY-MM-DD, Japan time), earliest first.
    pub training_snapshots: Vec<String>,
    /// Lead-snapshots the fit read (sampled ones counted by what they stand for).
    pub training_leads: u64,
    /// Leads that reached the outcome after a training snapshot.
    pub training_deals: u64,
    /// The holdout snapshot (YYYY-MM-DD).
    pub holdout_from: String,
    /// The last recorded day.
    pub holdout_to: String,
    /// Leads scored at the holdout snapshot.
    pub holdout_leads: u64,
    /// Of them, those that reached the outcome after it.
    pub holdout_deals: u64,
    /// The suggested model: the one in use with fitted points and a suggested threshold.
    pub suggested: ScoringModel,
    /// How the suggested points foretold the holdout's deals.
    pub suggested_check: ModelCheck,
    /// How the points in use foretold them.
    pub current_check: ModelCheck,
    /// Whether the suggested points ranked the holdout's deals better than the points in use.
    pub better: bool,
    /// Every point the review would change, and those it keeps.
    pub points: Vec<PointChange>,
    /// What to keep in mind reading it.
    pub notes: Vec<Localized>,
}

/// One kind of points, in use and suggested.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PointChange {
    /// What scores.
    pub label: Localized,
    /// Which kind of points.
    pub group: PointGroup,
    /// The points in use.
    pub current: i32,
    /// The points suggested.
    pub suggested: i32,
}

/// The kinds of points a model gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PointGroup {
    /// 役職区分.
    JobLevel,
    /// 従業員規模.
    EmployeeBand,
    /// 業種.
    Industry,
    /// What the lead does.
    Engagement,
}

/// Why a review was refused.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The workspace could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No deal changes are recorded.
    #[error(
        "the workspace records no deal status changes: import the SFA/CRM's deal history (leads with their 商談ステータス) to review scoring against it"
    )]
    NoDeals,
    /// The history is too short for a training period and a later check.
    #[error(
        "the recorded history covers {days} days; a review needs at least {needed} (a lead-in, a training horizon and a later one to check on)"
    )]
    TooShort {
        /// Days recorded.
        days: i64,
        /// Days needed.
        needed: i64,
    },
    /// Too few leads reached the outcome before the holdout to fit anything.
    #[error(
        "only {found} leads reached {outcome} before {before}; at least {needed} are needed to fit points (choose an earlier outcome such as hand_off, or import more history)",
        outcome = outcome.label().en
    )]
    TooFewDeals {
        /// The outcome.
        outcome: Outcome,
        /// Leads that reached it.
        found: u64,
        /// Leads needed.
        needed: u64,
        /// The holdout snapshot.
        before: NaiveDate,
    },
    /// Too few leads reached the outcome after the holdout snapshot to check a fit.
    #[error(
        "only {found} leads reached {outcome} after {after}; at least {needed} are needed to check the points on later deals",
        outcome = outcome.label().en
    )]
    TooFewToCheck {
        /// The outcome.
        outcome: Outcome,
        /// Leads that reached it.
        found: u64,
        /// Leads needed.
        needed: u64,
        /// The holdout snapshot.
        after: NaiveDate,
    },
}

impl ReviewError {
    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ReviewError::Store(e) => e.kind(),
            _ => ErrorKind::ReviewRefused,
        }
    }

    /// The message in Japanese and English.
    pub fn localized(&self) -> Localized {
        let ja = match self {
            ReviewError::Store(e) => return e.localized(),
            ReviewError::NoDeals => "ワークスペースに商談ステータスの履歴がありません。SFA/CRM の商談履歴（リードと商談ステータス）を取り込むと、スコアを商談の実績で見直せます".to_owned(),
            ReviewError::TooShort { days, needed } => format!(
                "記録されている履歴は {days} 日分です。見直しには少なくとも {needed} 日分（助走期間・学習期間・検証期間）が必要です"
            ),
            ReviewError::TooFewDeals { outcome, found, needed, before } => format!(
                "{before} より前に{}に至ったリードは {found} 件だけです。配点を当てはめるには少なくとも {needed} 件必要です（「営業への引き渡し」など手前の成果を選ぶか、履歴を追加で取り込んでください）",
                outcome.label().ja
            ),
            ReviewError::TooFewToCheck { outcome, found, needed, after } => format!(
                "{after} より後に{}に至ったリードは {found} 件だけです。配点を後の実績で検証するには少なくとも {needed} 件必要です",
                outcome.label().ja
            ),
        };
        Localized::new(ja, self.to_string())
    }
}

fn date_of(t: Minute) -> NaiveDate {
    let day = (t + 9 * 60).div_euclid(DAY);
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch") + chrono::TimeDelta::days(day)
}

/// A deterministic draw in [0, 1) for a lead at a snapshot (splitmix64), so that the sample of
/// leads that did not convert is the same in both passes and on every run.
fn draw(lead: i64, snapshot: usize) -> f64 {
    let mut z = (lead as u64)
        .wrapping_mul(64)
        .wrapping_add(snapshot as u64)
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// The snapshots of a review and what each lead is at them.
struct Timeline {
    outcome: Outcome,
    horizon: Minute,
    /// Training snapshots, earliest first.
    training: Vec<Minute>,
    holdout: Minute,
    last: Minute,
    /// The share of non-converting training rows kept.
    keep: f64,
}

/// A lead at a snapshot: counted or not, and whether the outcome followed.
enum AtSnapshot {
    Out,
    In { converted: bool, weight: f64 },
}

impl Timeline {
    fn reached(&self, lead: &LeadHistory) -> Option<Minute> {
        (lead.deals.iter())
            .find(|(_, s)| self.outcome.reached_by(*s))
            .map(|d| d.0)
    }

    /// Training snapshot `k` (or the holdout, `k == training.len()`) for `lead`.
    fn at(&self, lead: &LeadHistory, reached: Option<Minute>, k: usize) -> AtSnapshot {
        let (t, until) = match self.training.get(k) {
            Some(&t) => (t, (t + self.horizon).min(self.holdout)),
            None => (self.holdout, self.last),
        };
        let existed = lead.since().is_some_and(|s| s <= t);
        if !existed || reached.is_some_and(|r| r <= t) {
            return AtSnapshot::Out;
        }
        let converted = reached.is_some_and(|r| r <= until);
        if k == self.training.len() || converted {
            return AtSnapshot::In {
                converted,
                weight: 1.0,
            };
        }
        if draw(lead.id, k) < self.keep {
            AtSnapshot::In {
                converted,
                weight: 1.0 / self.keep,
            }
        } else {
            AtSnapshot::Out
        }
    }
}

/// Reviews `current` against the workspace's deal history.
pub fn review(
    conn: &Connection,
    current: &ScoringModel,
    options: &ReviewOptions,
) -> Result<ScoringReview, ReviewError> {
    let timeline = timeline(conn, options)?;
    let pattern = &current.engagement.pricing_pattern;
    let snapshots = timeline.training.len();

    // Pass 1: the training rows, and the deals on both sides of the holdout snapshot.
    let mut rows = Vec::new();
    let (mut training_deals, mut holdout_deals, mut holdout_leads) = (0u64, 0u64, 0u64);
    let mut signals = Vec::new();
    for_each_history(conn, None, |lead| {
        let reached = timeline.reached(lead);
        signals.clear();
        signals.extend(
            (lead.events.iter()).filter_map(|(t, kind, detail)| {
                Signal::of(*kind, detail, pattern).map(|s| (*t, s))
            }),
        );
        let mut converted_before = false;
        for (k, &t) in timeline.training.iter().enumerate() {
            if let AtSnapshot::In { converted, weight } = timeline.at(lead, reached, k) {
                converted_before |= converted;
                rows.push(Row {
                    job_level: lead.job_level,
                    band: lead.band,
                    industry: lead.industry.clone(),
                    behaviour: Behaviour::at(&signals, t, current.half_life_days),
                    converted,
                    weight,
                });
            }
        }
        training_deals += u64::from(converted_before);
        if let AtSnapshot::In { converted, .. } = timeline.at(lead, reached, snapshots) {
            holdout_leads += 1;
            holdout_deals += u64::from(converted);
        }
        Ok(())
    })?;
    if training_deals < MIN_TRAINING_DEALS {
        return Err(ReviewError::TooFewDeals {
            outcome: options.outcome,
            found: training_deals,
            needed: MIN_TRAINING_DEALS,
            before: date_of(timeline.holdout),
        });
    }
    if holdout_deals < MIN_HOLDOUT_DEALS {
        return Err(ReviewError::TooFewToCheck {
            outcome: options.outcome,
            found: holdout_deals,
            needed: MIN_HOLDOUT_DEALS,
            after: date_of(timeline.holdout),
        });
    }
    let fitted = review::fit(&rows, current);
    let training_leads = rows.iter().map(|r| r.weight).sum::<f64>().round() as u64;
    drop(rows);

    // Pass 2: every counted lead scored through `ScoreState` as of each snapshot, under the
    // fitted points and the points in use.
    let mut suggested = fitted.model;
    let mut trained = Vec::new();
    let (mut held_suggested, mut held_current) = (Vec::new(), Vec::new());
    let moments: Vec<Minute> = (timeline.training.iter().copied())
        .chain([timeline.holdout])
        .collect();
    for_each_history(conn, None, |lead| {
        let reached = timeline.reached(lead);
        let mut new = ScoreState::new(&suggested, lead.fit(&suggested));
        let mut old = ScoreState::new(current, lead.fit(current));
        let mut events = lead.events.iter().peekable();
        for (k, &t) in moments.iter().enumerate() {
            while let Some((at, kind, detail)) = events.next_if(|e| e.0 <= t) {
                new.add(*kind, detail, *at);
                old.add(*kind, detail, *at);
            }
            let AtSnapshot::In { converted, weight } = timeline.at(lead, reached, k) else {
                continue;
            };
            let score = new.score_at(t);
            if k < snapshots {
                trained.push(Scored {
                    score,
                    converted,
                    weight,
                });
            } else {
                held_suggested.push(Scored {
                    score,
                    converted,
                    weight,
                });
                held_current.push(Scored {
                    score: old.score_at(t),
                    converted,
                    weight,
                });
            }
        }
        Ok(())
    })?;
    suggested.mql_threshold = review::suggest_threshold(&trained)
        .unwrap_or(current.mql_threshold)
        .max(1);
    let suggested_check = review::check(&held_suggested, suggested.mql_threshold);
    let current_check = review::check(&held_current, current.mql_threshold);
    let better = suggested_check.auc > current_check.auc;

    let mut notes = Vec::new();
    if holdout_deals < FEW_HOLDOUT_DEALS {
        notes.push(Localized::new(
            format!(
                "検証期間に{}に至ったリードは {holdout_deals} 件だけです。AUC などの数値は幅を持って読んでください（AUC の 95% 区間 {:.2}〜{:.2}）",
                options.outcome.label().ja,
                suggested_check.auc_low,
                suggested_check.auc_high
            ),
            format!(
                "only {holdout_deals} leads reached {} in the check period: read the figures as rough (the AUC's 95 % interval is {:.2}–{:.2})",
                options.outcome.label().en,
                suggested_check.auc_low,
                suggested_check.auc_high
            ),
        ));
    }
    if !better {
        notes.push(Localized::new(
            "当てはめた配点は、現在の配点より後の実績をうまく順位づけできませんでした。現在の配点を使い続けることをお勧めします",
            "the fitted points ranked the later deals no better than the points in use: keep the points in use",
        ));
    }
    for signal in &fitted.clamped {
        notes.push(Localized::new(
            format!(
                "{}は履歴上{}と逆向きの関係にあったため、0 点にしています",
                signal.label().ja,
                options.outcome.label().ja
            ),
            format!(
                "{} went the other way from {} in the history, so it scores 0",
                signal.label().en,
                options.outcome.label().en
            ),
        ));
    }
    Ok(ScoringReview {
        outcome: options.outcome,
        horizon_days: (timeline.horizon / DAY) as u32,
        training_snapshots: timeline
            .training
            .iter()
            .map(|t| date_of(*t).to_string())
            .collect(),
        training_leads,
        training_deals,
        holdout_from: date_of(timeline.holdout).to_string(),
        holdout_to: date_of(timeline.last).to_string(),
        holdout_leads,
        holdout_deals,
        points: point_changes(current, &suggested),
        suggested,
        suggested_check,
        current_check,
        better,
        notes,
    })
}

/// The review's time line from the recorded history's span.
fn timeline(conn: &Connection, options: &ReviewOptions) -> Result<Timeline, ReviewError> {
    let span = |sql: &str| -> Result<(Option<i64>, Option<i64>), StoreError> {
        Ok(conn.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))?)
    };
    let (deal_first, deal_last) =
        span("SELECT min(changed_at), max(changed_at) FROM deal_status_history")?;
    let (event_first, event_last) = span("SELECT min(at), max(at) FROM lead_events")?;
    let (Some(deal_first), Some(deal_last)) = (deal_first, deal_last) else {
        return Err(ReviewError::NoDeals);
    };
    let first = event_first
        .map_or(deal_first, |e| e.min(deal_first))
        .div_euclid(60);
    let last = event_last
        .map_or(deal_last, |e| e.max(deal_last))
        .div_euclid(60);
    let days = (last - first) / DAY;
    let horizon_days = match options.horizon_days {
        Some(h) => i64::from(h),
        None => ((days - LEAD_IN_DAYS) / 2).clamp(SHORTEST_HORIZON_DAYS, LONGEST_HORIZON_DAYS),
    };
    let needed = LEAD_IN_DAYS + 2 * horizon_days;
    if days < needed {
        return Err(ReviewError::TooShort { days, needed });
    }
    let horizon = horizon_days * DAY;
    let holdout = last - horizon;
    let mut training: Vec<Minute> = (0..MAX_SNAPSHOTS as i64)
        .map(|k| holdout - horizon - k * STEP_DAYS * DAY)
        .take_while(|t| *t >= first + LEAD_IN_DAYS * DAY)
        .collect();
    training.reverse();
    let leads: i64 = conn
        .query_row("SELECT count(*) FROM leads", [], |r| r.get(0))
        .map_err(StoreError::from)?;
    let keep = (MAX_ROWS / (leads.max(1) as f64 * training.len() as f64)).min(1.0);
    Ok(Timeline {
        outcome: options.outcome,
        horizon,
        training,
        holdout,
        last,
        keep,
    })
}

/// The points of `current` and `suggested`, kind by kind.
fn point_changes(current: &ScoringModel, suggested: &ScoringModel) -> Vec<PointChange> {
    let mut out = Vec::new();
    let get = |map: &std::collections::BTreeMap<String, i32>, key: &str| {
        map.get(key).copied().unwrap_or(0)
    };
    for level in JobLevel::ALL {
        out.push(PointChange {
            label: level.label(),
            group: PointGroup::JobLevel,
            current: get(&current.fit.job_level, level.code()),
            suggested: get(&suggested.fit.job_level, level.code()),
        });
    }
    for band in EmployeeBand::ALL {
        out.push(PointChange {
            label: band.label(),
            group: PointGroup::EmployeeBand,
            current: get(&current.fit.employee_band, band.code()),
            suggested: get(&suggested.fit.employee_band, band.code()),
        });
    }
    let industries: std::collections::BTreeSet<&String> = (current.fit.industry.keys())
        .chain(suggested.fit.industry.keys())
        .collect();
    for industry in industries {
        out.push(PointChange {
            label: Localized::new(industry.clone(), industry.clone()),
            group: PointGroup::Industry,
            current: get(&current.fit.industry, industry),
            suggested: get(&suggested.fit.industry, industry),
        });
    }
    for signal in Signal::ALL {
        out.push(PointChange {
            label: signal.label(),
            group: PointGroup::Engagement,
            current: signal.points(&current.engagement),
            suggested: signal.points(&suggested.engagement),
        });
    }
    out
}
