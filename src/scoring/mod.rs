//! Lead scoring (スコアリング): fit points for who the lead is, engagement points for what it does,
//! a daily cap, exponential decay and the MQL threshold (DESIGN.md §2).
//!
//! The same model scores recorded history and simulated events: `ScoreState` takes events in time
//! order and answers the score at any later moment. All arithmetic is deterministic (no clock, no
//! unordered iteration); decay is continuous in days, so the score does not depend on how often it
//! is asked for.

pub mod review;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::lead::{EmployeeBand, EventKind, JobLevel};
use crate::time::Minute;

/// A scoring model. `Default` is the product's recommended starting point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoringModel {
    /// Points for who the lead is; they do not decay.
    pub fit: FitPoints,
    /// Points for what the lead does; they decay.
    pub engagement: EngagementPoints,
    /// The most engagement points one day can add (a lead that reads twenty pages in a sitting is
    /// not twenty times as interested).
    pub daily_cap: i32,
    /// Engagement points halve every this many days.
    pub half_life_days: u32,
    /// The score at which a lead becomes an MQL and can be handed to sales.
    pub mql_threshold: i32,
}

/// Fit points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FitPoints {
    /// By job level (`executive`, `director`, `manager`, `chief`, `staff`).
    pub job_level: BTreeMap<String, i32>,
    /// By company size (`1-49`, `50-299`, `300-999`, `1000+`).
    pub employee_band: BTreeMap<String, i32>,
    /// By industry as written in the workspace (業種); industries not listed score 0.
    pub industry: BTreeMap<String, i32>,
}

/// Engagement points per event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EngagementPoints {
    /// A page view.
    pub page_view: i32,
    /// A view of a page matching `pricing_pattern`, instead of `page_view`.
    pub pricing_page: i32,
    /// Which pages are pricing pages (`*` matches anything).
    pub pricing_pattern: String,
    /// A document download.
    pub document_download: i32,
    /// A webinar registration.
    pub webinar_registration: i32,
    /// Attending a webinar.
    pub webinar_attendance: i32,
    /// A form submission (問い合わせ, デモ依頼 …).
    pub form_submit: i32,
    /// Opening a mail.
    pub email_open: i32,
    /// Clicking in a mail.
    pub email_click: i32,
    /// Unsubscribing (negative).
    pub unsubscribe: i32,
}

impl Default for ScoringModel {
    /// Fit: seniority and size, since they drive B2B buying; engagement: buying signals (pricing,
    /// forms, webinars) far above reading signals (opens); MQL at 100 (DESIGN.md §2).
    fn default() -> Self {
        let map =
            |pairs: &[(&str, i32)]| pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
        ScoringModel {
            fit: FitPoints {
                job_level: map(&[
                    ("executive", 20),
                    ("director", 15),
                    ("manager", 10),
                    ("chief", 5),
                    ("staff", 0),
                ]),
                employee_band: map(&[("1-49", 0), ("50-299", 5), ("300-999", 10), ("1000+", 15)]),
                industry: BTreeMap::new(),
            },
            engagement: EngagementPoints {
                page_view: 1,
                pricing_page: 10,
                pricing_pattern: "/pricing*".to_owned(),
                document_download: 10,
                webinar_registration: 5,
                webinar_attendance: 15,
                form_submit: 30,
                email_open: 1,
                email_click: 3,
                unsubscribe: -30,
            },
            daily_cap: 40,
            half_life_days: 90,
            mql_threshold: 100,
        }
    }
}

/// Whether `url` matches a pattern where `*` matches any run of characters.
pub fn url_matches(pattern: &str, url: &str) -> bool {
    // Scores ask this of every page view they count, so the pattern is cut at its first and last
    // `*` by bytes (`*` is ASCII: a cut there is a character boundary) and nothing is collected.
    let stars = pattern.as_bytes();
    let Some(first_star) = stars.iter().position(|&b| b == b'*') else {
        return url == pattern;
    };
    let last_star = stars.iter().rposition(|&b| b == b'*').unwrap_or(first_star);
    let Some(mut rest) = url.strip_prefix(&pattern[..first_star]) else {
        return false;
    };
    if last_star > first_star {
        for part in pattern[first_star + 1..last_star].split('*') {
            match rest.find(part) {
                Some(i) => rest = &rest[i + part.len()..],
                None => return false,
            }
        }
    }
    rest.ends_with(&pattern[last_star + 1..])
}

impl ScoringModel {
    /// The fit points of a lead.
    pub fn fit(
        &self,
        job_level: Option<JobLevel>,
        band: Option<EmployeeBand>,
        industry: &str,
    ) -> i32 {
        let level = job_level
            .and_then(|l| self.fit.job_level.get(l.code()))
            .copied()
            .unwrap_or(0);
        let size = band
            .and_then(|b| self.fit.employee_band.get(b.code()))
            .copied()
            .unwrap_or(0);
        level + size + self.fit.industry.get(industry).copied().unwrap_or(0)
    }

    /// The engagement points of one event.
    pub fn points(&self, kind: EventKind, detail: &str) -> i32 {
        let e = &self.engagement;
        review::Signal::of(kind, detail, &e.pricing_pattern).map_or(0, |s| s.points(e))
    }
}

const MINUTES_PER_DAY: i64 = 24 * 60;

/// Scores stay within ± this many points, however many events or adjustments add up.
pub const SCORE_LIMIT: i32 = 1_000_000;

/// The most points one event, attribute or `adjust_score` node may give or take: settings and
/// scenarios beyond it are refused (a score would leave its range in a few steps).
pub const POINTS_LIMIT: i32 = 10_000;

/// One lead's score as events arrive in time order.
#[derive(Debug, Clone)]
pub struct ScoreState<'m> {
    model: &'m ScoringModel,
    fit: i32,
    /// Engagement points as of `at`, before decay from `at` on.
    engagement: f64,
    at: Minute,
    /// The day (in days since the epoch, Japan time) whose positive points `today` counts.
    day: i64,
    today: i32,
    /// Points added by `adjust_score` nodes; they decay like engagement.
    manual: f64,
}

impl<'m> ScoreState<'m> {
    /// A lead with these fit points and no engagement yet.
    pub fn new(model: &'m ScoringModel, fit: i32) -> Self {
        ScoreState {
            model,
            fit,
            engagement: 0.0,
            at: Minute::MIN,
            day: i64::MIN,
            today: 0,
            manual: 0.0,
        }
    }

    fn decay_to(&mut self, t: Minute) {
        if self.at == Minute::MIN {
            self.at = t;
            return;
        }
        let days = (t - self.at) as f64 / MINUTES_PER_DAY as f64;
        // Nothing to decay (no points yet, as before a lead's first scoring event) needs no power.
        let points = self.engagement != 0.0 || self.manual != 0.0;
        if points && days > 0.0 && self.model.half_life_days > 0 {
            let factor = 0.5f64.powf(days / f64::from(self.model.half_life_days));
            self.engagement *= factor;
            self.manual *= factor;
        }
        self.at = self.at.max(t);
    }

    /// Adds an event at `t` (not before the previous one). Positive points count up to the daily cap.
    pub fn add(&mut self, kind: EventKind, detail: &str, t: Minute) {
        let points = self.model.points(kind, detail);
        if points == 0 {
            // Nothing to add (a mail received, say): the decay is taken at the next change, and a
            // new day's cap starts from nothing whether or not this event opened the day.
            return;
        }
        self.decay_to(t);
        let day = (t + 9 * 60).div_euclid(MINUTES_PER_DAY);
        if day != self.day {
            self.day = day;
            self.today = 0;
        }
        let counted = if points > 0 {
            let room = (self.model.daily_cap - self.today).max(0);
            points.min(room)
        } else {
            points
        };
        self.today += counted.max(0);
        self.engagement += f64::from(counted);
    }

    /// Adds points from an `adjust_score` node at `t`.
    pub fn adjust(&mut self, delta: i32, t: Minute) {
        self.decay_to(t);
        self.manual += f64::from(delta);
    }

    /// The score at `t` (not before the last event), rounded to a whole point, within
    /// ±`SCORE_LIMIT`.
    pub fn score_at(&self, t: Minute) -> i32 {
        let mut copy = self.clone();
        copy.decay_to(t);
        let limit = f64::from(SCORE_LIMIT);
        let points = (f64::from(self.fit) + copy.engagement + copy.manual).round();
        points.clamp(-limit, limit) as i32
    }

    /// Whether the lead is an MQL at `t`.
    pub fn is_mql_at(&self, t: Minute) -> bool {
        self.score_at(t) >= self.model.mql_threshold
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: Minute = MINUTES_PER_DAY;

    #[test]
    fn url_patterns() {
        assert!(url_matches("/pricing*", "/pricing"));
        assert!(url_matches("/pricing*", "/pricing/enterprise"));
        assert!(!url_matches("/pricing*", "/blog/pricing"));
        assert!(url_matches("*pricing*", "/blog/pricing-guide"));
        assert!(url_matches("/cases", "/cases"));
        assert!(!url_matches("/cases", "/cases/1"));
        assert!(url_matches("/a*b*c", "/abc"));
        assert!(url_matches("/a**c", "/ac"));
        assert!(!url_matches("a*a", "a"));
    }

    /// `*` matches any run of characters, by its definition: try every length.
    fn glob(pattern: &[char], url: &[char]) -> bool {
        match pattern.split_first() {
            None => url.is_empty(),
            Some(('*', rest)) => (0..=url.len()).any(|n| glob(rest, &url[n..])),
            Some((c, rest)) => url.first() == Some(c) && glob(rest, &url[1..]),
        }
    }

    proptest::proptest! {
        #[test]
        fn url_patterns_match_as_the_glob_definition_says(
            pattern in "[ab/*]{0,7}",
            url in "[ab/]{0,7}",
        ) {
            let chars = |s: &str| s.chars().collect::<Vec<_>>();
            proptest::prop_assert_eq!(
                url_matches(&pattern, &url),
                glob(&chars(&pattern), &chars(&url))
            );
        }
    }

    #[test]
    fn fit_and_engagement_add_up() {
        let model = ScoringModel::default();
        let fit = model.fit(
            Some(JobLevel::Director),
            Some(EmployeeBand::Enterprise),
            "製造業",
        );
        assert_eq!(fit, 30);
        let mut s = ScoreState::new(&model, fit);
        let t = 1_000 * DAY;
        s.add(EventKind::PageView, "/pricing", t);
        s.add(EventKind::DocumentDownload, "料金表", t + 5);
        assert_eq!(s.score_at(t + 5), 50);
        assert!(!s.is_mql_at(t + 5));
    }

    #[test]
    fn the_daily_cap_limits_a_burst_but_not_penalties() {
        let model = ScoringModel::default();
        let mut s = ScoreState::new(&model, 0);
        let t = 1_000 * DAY;
        for i in 0..10 {
            s.add(EventKind::FormSubmit, "お問い合わせ", t + i);
        }
        assert_eq!(s.score_at(t + 10), 40);
        s.add(EventKind::Unsubscribe, "", t + 20);
        assert_eq!(s.score_at(t + 20), 10);
        // A new day has its own cap.
        s.add(EventKind::FormSubmit, "お問い合わせ", t + DAY);
        assert_eq!(s.score_at(t + DAY), 40);
    }

    #[test]
    fn a_score_stays_within_its_range_however_much_is_added() {
        let model = ScoringModel::default();
        let mut up = ScoreState::new(&model, POINTS_LIMIT);
        let mut down = ScoreState::new(&model, -POINTS_LIMIT);
        for step in 0..1_000 {
            up.adjust(i32::MAX, step);
            down.adjust(i32::MIN, step);
        }
        assert_eq!(up.score_at(1_000), SCORE_LIMIT);
        assert_eq!(down.score_at(1_000), -SCORE_LIMIT);
    }

    #[test]
    fn engagement_halves_every_half_life_and_fit_stays() {
        let model = ScoringModel::default();
        let mut s = ScoreState::new(&model, 20);
        let t = 1_000 * DAY;
        s.add(EventKind::FormSubmit, "デモ依頼", t);
        assert_eq!(s.score_at(t), 50);
        assert_eq!(s.score_at(t + 90 * DAY), 35);
        assert_eq!(s.score_at(t + 180 * DAY), 28); // 20 + 7.5 rounds to 28
        // Asking for the score does not change it.
        assert_eq!(s.score_at(t + 90 * DAY), 35);
    }

    #[test]
    fn the_default_model_round_trips_as_json() {
        let model = ScoringModel::default();
        let text = serde_json::to_string(&model).unwrap();
        assert_eq!(serde_json::from_str::<ScoringModel>(&text).unwrap(), model);
    }
}
