//! Planned webinars (the campaign calendar): what a forecast draws registrations, attendance and
//! `webinar_ended` triggers from. The recorded history knows only the webinars already held, so
//! without a plan a forecast has no webinar and a post-webinar scenario enrols no one.
//!
//! A planned webinar expects so many registrants (by default, the average of the last past
//! webinars) and an attendance rate (by default, the past webinars'). Who registers is projected
//! from the past webinars: a lead that registered for an earlier webinar is `repeat_lift` times as
//! likely to register as one that never did (measured on the history), and the expected number is
//! shared out over the leads accordingly. Registrations fall in the days before the webinar when
//! registration is open, attendance at its start.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::lead::EventKind;
use crate::localized::Localized;
use crate::simulate::history::HistoryFacts;
use crate::time::Minute;

/// The campaign calendar: what is planned after the recorded history.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignCalendar {
    /// Webinars planned.
    #[serde(default)]
    pub webinars: Vec<PlannedWebinar>,
}

/// A webinar planned after the recorded history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlannedWebinar {
    /// Its name, as registrations will record it (a trigger may name it).
    pub name: String,
    /// When it starts, Japan time (`YYYY-MM-DDTHH:MM`).
    pub starts_at: String,
    /// Leads expected to register; the past webinars' average when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_registrants: Option<u32>,
    /// The share of registrants expected to attend (0–1); the past webinars' when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendance_rate: Option<f64>,
    /// Days before it that registration opens.
    #[serde(default = "registration_days")]
    pub registration_days: u32,
}

fn registration_days() -> u32 {
    14
}

/// The most registrants a plan may expect.
pub const MOST_REGISTRANTS: u32 = 10_000_000;
/// The most days registration may be open.
pub const MOST_REGISTRATION_DAYS: u32 = 180;
/// How many of the latest past webinars the default registrants are the average of.
const LATEST: usize = 3;

/// A planned webinar's start as minutes since the epoch, if `starts_at` reads.
pub fn start_minute(starts_at: &str) -> Option<Minute> {
    let local = NaiveDateTime::parse_from_str(starts_at, "%Y-%m-%dT%H:%M").ok()?;
    Some(local.and_utc().timestamp().div_euclid(60) - 9 * 60)
}

impl CampaignCalendar {
    /// What is out of range, each naming its field (`campaigns.webinars[0].starts_at` …).
    pub fn problems(&self) -> Vec<Localized> {
        let mut out = Vec::new();
        for (i, w) in self.webinars.iter().enumerate() {
            let at = |field: &str| format!("campaigns.webinars[{i}].{field}");
            if w.name.trim().is_empty() {
                out.push(Localized::new(
                    format!("{} にウェビナー名を入れてください", at("name")),
                    format!("{} must name the webinar", at("name")),
                ));
            } else if self.webinars[..i].iter().any(|o| o.name == w.name) {
                out.push(Localized::new(
                    format!("{}「{}」は 2 回予定されています", at("name"), w.name),
                    format!("{} \"{}\" is planned twice", at("name"), w.name),
                ));
            }
            if start_minute(&w.starts_at).is_none() {
                out.push(Localized::new(
                    format!(
                        "{} は YYYY-MM-DDTHH:MM の日時で指定してください（{}）",
                        at("starts_at"),
                        w.starts_at
                    ),
                    format!(
                        "{} must be a YYYY-MM-DDTHH:MM date and time (is \"{}\")",
                        at("starts_at"),
                        w.starts_at
                    ),
                ));
            }
            if w.expected_registrants.is_some_and(|n| n > MOST_REGISTRANTS) {
                out.push(Localized::new(
                    format!(
                        "{} は {MOST_REGISTRANTS} 以下にしてください",
                        at("expected_registrants")
                    ),
                    format!(
                        "{} must be at most {MOST_REGISTRANTS}",
                        at("expected_registrants")
                    ),
                ));
            }
            if w.attendance_rate.is_some_and(|r| !(0.0..=1.0).contains(&r)) {
                out.push(Localized::new(
                    format!("{} は 0〜1 の確率で指定してください", at("attendance_rate")),
                    format!(
                        "{} must be a probability from 0 to 1",
                        at("attendance_rate")
                    ),
                ));
            }
            if !(1..=MOST_REGISTRATION_DAYS).contains(&w.registration_days) {
                out.push(Localized::new(
                    format!(
                        "{} は 1〜{MOST_REGISTRATION_DAYS} 日にしてください",
                        at("registration_days")
                    ),
                    format!(
                        "{} must be 1 to {MOST_REGISTRATION_DAYS} days",
                        at("registration_days")
                    ),
                ));
            }
        }
        out
    }
}

/// What the past webinars say a planned one can expect.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct WebinarDefaults {
    /// Past webinars recorded (with registrations).
    pub past: u64,
    /// The average registrants of the latest of them; none without past webinars.
    pub registrants: Option<f64>,
    /// Their attendees over their registrants; none without past webinars.
    pub attendance_rate: Option<f64>,
    /// How many times as likely a lead that registered before is to register again.
    pub repeat_lift: f64,
}

impl WebinarDefaults {
    /// The defaults of a workspace's history.
    pub fn from_facts(facts: &HistoryFacts) -> WebinarDefaults {
        let mut held: Vec<(&String, i64)> = (facts.webinars.iter())
            .filter(|(_, c)| c.registrants > 0)
            .map(|(name, _)| {
                (
                    name,
                    facts.webinar_first.get(name).copied().unwrap_or(i64::MIN),
                )
            })
            .collect();
        held.sort_by_key(|(name, at)| (*at, (*name).clone()));
        let latest = &held[held.len().saturating_sub(LATEST)..];
        let registrants = (!latest.is_empty()).then(|| {
            let total: u64 = latest
                .iter()
                .map(|(n, _)| facts.webinars[*n].registrants)
                .sum();
            total as f64 / latest.len() as f64
        });
        let (registered, attended) = (held.iter())
            .map(|(n, _)| &facts.webinars[*n])
            .fold((0, 0), |(r, a), c| {
                (r + c.registrants, a + c.attendees.min(c.registrants))
            });
        let attendance_rate = (registered > 0).then(|| attended as f64 / registered as f64);
        WebinarDefaults {
            past: held.len() as u64,
            registrants,
            attendance_rate,
            repeat_lift: repeat_lift(facts),
        }
    }
}

/// How many times as likely a lead that had registered for a webinar is to register for a later
/// one: the registrations by such leads over their share of the leads, against the others'. The
/// share of leads that ever registered stands in for the share that had by each webinar (it is
/// the end of the history's, so the lift is if anything understated). 1 when the history cannot
/// say; at most 50.
fn repeat_lift(facts: &HistoryFacts) -> f64 {
    let (registrations, repeats) = (facts.webinars.values()).fold((0u64, 0u64), |(r, p), c| {
        (r + c.registrants, p + c.repeat_registrants)
    });
    let first_time = registrations - repeats;
    let leads = facts.leads_with_events.max(1) as f64;
    let pool = facts.webinar_leads as f64 / leads;
    if repeats == 0 || first_time == 0 || !(0.0..1.0).contains(&pool) || pool == 0.0 {
        return 1.0;
    }
    let lift = (repeats as f64 / pool) / (first_time as f64 / (1.0 - pool));
    lift.clamp(1.0, 50.0)
}

/// A planned webinar as a forecast draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct WebinarPlan {
    /// Its name.
    pub name: String,
    /// When it starts (minutes).
    pub at: Minute,
    /// When registration opens (minutes).
    pub opens: Minute,
    /// The chance that a lead that never registered for a webinar registers for this one.
    pub first_time: f64,
    /// The chance for a lead that did.
    pub repeat: f64,
    /// The chance that a registrant attends.
    pub attendance: f64,
}

impl WebinarPlan {
    /// Draws whether a lead registers for the webinar within `[from, to)` (its registration at a
    /// uniform moment while registration is open) and whether it attends (at the start, when that
    /// is before `to`), adding the events to `events`. `registered_before`: whether the lead
    /// registered for a past webinar. When registration opened before `from` (the history already
    /// holds part of it), only the part of the expected registrations still to come is drawn.
    /// Always draws three numbers, so that what follows on the stream does not depend on them.
    pub fn draw_into<'p>(
        &'p self,
        rng: &mut (impl rand::Rng + ?Sized),
        registered_before: bool,
        (from, to): (Minute, Minute),
        events: &mut Vec<(EventKind, Minute, &'p str)>,
    ) {
        use rand::RngExt;
        let (registers, when, attends): (f64, f64, f64) =
            (rng.random(), rng.random(), rng.random());
        let opens = self.opens.max(from);
        if opens >= self.at {
            return;
        }
        let remaining = (self.at - opens) as f64 / (self.at - self.opens).max(1) as f64;
        let chance = if registered_before {
            self.repeat
        } else {
            self.first_time
        };
        if registers >= chance * remaining {
            return;
        }
        let at = opens + ((self.at - opens) as f64 * when) as Minute;
        if at >= to {
            return;
        }
        events.push((EventKind::WebinarRegistration, at, self.name.as_str()));
        if self.at < to && attends < self.attendance {
            events.push((EventKind::WebinarAttendance, self.at, self.name.as_str()));
        }
    }
}

/// The plans of `calendar` a forecast draws: each webinar whose values read, its expected
/// registrants shared out over `leads` leads of which `registered_before` registered for a past
/// webinar. A plan without expected registrants and without past webinars to take them from is
/// left out (said by `unplanned`).
pub fn plans(
    calendar: &CampaignCalendar,
    defaults: &WebinarDefaults,
    leads: u64,
    registered_before: u64,
) -> Vec<WebinarPlan> {
    let weight = (leads.saturating_sub(registered_before)) as f64
        + defaults.repeat_lift * registered_before as f64;
    (calendar.webinars.iter())
        .filter_map(|w| {
            let at = start_minute(&w.starts_at)?;
            let expected = w
                .expected_registrants
                .map(f64::from)
                .or(defaults.registrants)?;
            let first_time = if weight > 0.0 {
                (expected / weight).min(1.0)
            } else {
                0.0
            };
            Some(WebinarPlan {
                name: w.name.clone(),
                at,
                opens: at - i64::from(w.registration_days) * 24 * 60,
                first_time,
                repeat: (first_time * defaults.repeat_lift).min(1.0),
                attendance: (w.attendance_rate)
                    .or(defaults.attendance_rate)
                    .unwrap_or(0.5)
                    .clamp(0.0, 1.0),
            })
        })
        .collect()
}

/// The planned webinars a forecast cannot draw: no expected registrants given and no past
/// webinar to take them from.
pub fn unplanned<'c>(
    calendar: &'c CampaignCalendar,
    defaults: &WebinarDefaults,
) -> Vec<&'c PlannedWebinar> {
    (calendar.webinars.iter())
        .filter(|w| w.expected_registrants.is_none() && defaults.registrants.is_none())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::history::WebinarCounts;

    fn facts() -> HistoryFacts {
        let counts = |registrants, attendees, repeat_registrants| WebinarCounts {
            registrants,
            attendees,
            repeat_registrants,
        };
        HistoryFacts {
            webinars: [
                ("a".to_owned(), counts(100, 50, 0)),
                ("b".to_owned(), counts(120, 60, 30)),
                ("c".to_owned(), counts(80, 40, 40)),
                ("d".to_owned(), counts(100, 50, 50)),
            ]
            .into(),
            webinar_first: [("a", 1), ("b", 2), ("c", 3), ("d", 4)]
                .map(|(n, t)| (n.to_owned(), t))
                .into(),
            webinar_leads: 300,
            leads_with_events: 3_000,
            ..HistoryFacts::default()
        }
    }

    #[test]
    fn defaults_come_from_the_latest_webinars() {
        let d = WebinarDefaults::from_facts(&facts());
        assert_eq!(d.past, 4);
        assert_eq!(d.registrants, Some(100.0)); // (120 + 80 + 100) / 3
        assert_eq!(d.attendance_rate, Some(0.5));
        // 120 repeats from 10 % of the leads, 280 first-timers from 90 %: (120/0.1)/(280/0.9).
        assert!(
            (d.repeat_lift - 1200.0 / (280.0 / 0.9)).abs() < 1e-9,
            "{}",
            d.repeat_lift
        );
        assert_eq!(
            WebinarDefaults::from_facts(&HistoryFacts::default()).registrants,
            None
        );
    }

    #[test]
    fn a_plan_shares_its_registrants_out_over_the_leads() {
        let d = WebinarDefaults::from_facts(&facts());
        let calendar = CampaignCalendar {
            webinars: vec![PlannedWebinar {
                name: "次回".into(),
                starts_at: "2026-11-18T15:00".into(),
                expected_registrants: None,
                attendance_rate: Some(0.4),
                registration_days: 14,
            }],
        };
        let plans = plans(&calendar, &d, 5_000, 300);
        let p = &plans[0];
        // The expected registrants, drawn lead by lead.
        let expected = 4_700.0 * p.first_time + 300.0 * p.repeat;
        assert!((expected - 100.0).abs() < 1e-6, "{expected}");
        assert!((p.repeat / p.first_time - d.repeat_lift).abs() < 1e-9);
        assert_eq!(p.attendance, 0.4);
        assert_eq!(p.at - p.opens, 14 * 24 * 60);
        assert_eq!(Some(p.at), start_minute("2026-11-18T15:00"));
        // 15:00 in Japan is 06:00 UTC.
        assert_eq!(p.at.rem_euclid(24 * 60), 6 * 60);
        assert!(unplanned(&calendar, &d).is_empty());
        assert_eq!(
            unplanned(
                &calendar,
                &WebinarDefaults::from_facts(&HistoryFacts::default())
            )
            .len(),
            1
        );
    }

    #[test]
    fn problems_name_their_fields() {
        let calendar = CampaignCalendar {
            webinars: vec![PlannedWebinar {
                name: "".into(),
                starts_at: "11/18 15:00".into(),
                expected_registrants: Some(MOST_REGISTRANTS + 1),
                attendance_rate: Some(1.5),
                registration_days: 0,
            }],
        };
        let p: Vec<String> = calendar.problems().into_iter().map(|p| p.en).collect();
        assert_eq!(p.len(), 5, "{p:?}");
        assert!(p[1].starts_with("campaigns.webinars[0].starts_at"));
    }
}
