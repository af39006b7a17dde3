//! When a scenario's trigger fires for a lead, given the lead's timeline (recorded or simulated):
//! the moments, in a window, at which the lead would enter if it matched the segment then.
//!
//! Every trigger kind is answered from the same `LeadHistory`, so replaying recorded events and
//! feeding simulated ones use one definition of "form submitted", "inactive for 90 days" or
//! "score reached 100".

use std::collections::BTreeMap;

use crate::lead::EventKind;
use crate::model::expr::DealStatus;
use crate::model::node::{Attendance, TriggerEvent};
use crate::scoring::{ScoreState, ScoringModel, url_matches};
use crate::simulate::history::jst_day;
use crate::time::Minute;

/// A lead's timeline as triggers see it. Events and deal changes are in time order. An event's
/// detail is owned as read from the workspace (`String`) or, during a simulation, borrowed
/// (`&str`) from the lead's input, the scenarios and the behaviour model, so a lead's timeline
/// is put together without copying a string.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeadHistory<D = String> {
    /// When the lead was created.
    pub created_at: Option<Minute>,
    /// Its fit points (for score triggers).
    pub fit: i32,
    /// Its events: kind, time, detail.
    pub events: Vec<(EventKind, Minute, D)>,
    /// Its deal-status changes.
    pub deals: Vec<(DealStatus, Minute)>,
}

/// Facts about the workspace that triggers need beyond one lead.
#[derive(Debug, Clone, Default)]
pub struct TriggerContext {
    /// When each webinar took place (its name → time), for `webinar_ended`.
    pub webinar_times: BTreeMap<String, Minute>,
    /// The last minute the recorded history covers: the end of the (Japan) day of its last
    /// event, since histories are exported by the day. After it, leads' own behaviour and new
    /// leads are drawn (a forecast). `None` for a workspace without events.
    pub recorded_until: Option<Minute>,
    /// The first minute the recorded history covers: the start of the (Japan) day of its first
    /// event. A lead's own behaviour is observed from it at the earliest. `None` without events.
    pub recorded_from: Option<Minute>,
    /// Whether leads without a recorded opt-in basis are mailed: when the history shows such
    /// leads sent mail (`HistoryFacts::mailed_without_basis`), the MA tool mails them, and so
    /// does the forecast (the diagnosis and the import report name them); else they are not
    /// enrolled (`no_consent`).
    pub mails_without_basis: bool,
}

impl TriggerContext {
    /// The context of a workspace's history.
    pub fn from_facts(facts: &crate::simulate::history::HistoryFacts) -> TriggerContext {
        TriggerContext {
            webinar_times: (facts.webinar_first.iter())
                .map(|(name, at)| (name.clone(), at / 60))
                .collect(),
            recorded_from: facts.first_at.map(|at| day_starts(jst_day(at))),
            recorded_until: facts.last_at.map(|at| day_starts(jst_day(at) + 1) - 1),
            mails_without_basis: facts.mailed_without_basis > 0,
        }
    }
}

const MINUTES_PER_DAY: Minute = 24 * 60;

/// The first minute of Japan's day `day` (days since 1970-01-01, as `history::jst_day` counts).
fn day_starts(day: i64) -> Minute {
    const JST: Minute = 9 * 60;
    day * MINUTES_PER_DAY - JST
}

/// Whether an event counts as activity for an inactivity trigger (receiving a mail does not).
fn is_activity(kind: EventKind) -> bool {
    !matches!(kind, EventKind::EmailSend)
}

/// Whether an event of `kind` added to a lead's timeline can change when `trigger` fires (the
/// engine recomputes a trigger's moments only for what it reads).
pub fn reads_event(trigger: &TriggerEvent, kind: EventKind) -> bool {
    match trigger {
        TriggerEvent::LeadCreated
        | TriggerEvent::DealStatusChanged { .. }
        | TriggerEvent::AttributeChanged { .. } => false,
        TriggerEvent::FormSubmitted { .. } => kind == EventKind::FormSubmit,
        TriggerEvent::DocumentDownloaded { .. } => kind == EventKind::DocumentDownload,
        TriggerEvent::WebinarEnded { .. } => matches!(
            kind,
            EventKind::WebinarRegistration | EventKind::WebinarAttendance
        ),
        TriggerEvent::PageViewed { .. } => kind == EventKind::PageView,
        TriggerEvent::ScoreReached { .. } => true,
        TriggerEvent::Inactive { .. } => is_activity(kind),
    }
}

/// Whether a deal-status change added to a lead's timeline can change when `trigger` fires.
pub fn reads_deals(trigger: &TriggerEvent) -> bool {
    matches!(trigger, TriggerEvent::DealStatusChanged { .. })
}

/// The moments in `[from, to)` at which `trigger` fires for the lead.
pub fn fire_times<D: AsRef<str>>(
    trigger: &TriggerEvent,
    lead: &LeadHistory<D>,
    context: &TriggerContext,
    scoring: &ScoringModel,
    window: (Minute, Minute),
) -> Vec<Minute> {
    let mut fires = Vec::new();
    fire_times_into(trigger, lead, context, scoring, window, &mut fires);
    fires
}

/// `fire_times` into `fires` (emptied first), so that a simulation reuses one vector per
/// scenario from lead to lead.
pub fn fire_times_into<D: AsRef<str>>(
    trigger: &TriggerEvent,
    lead: &LeadHistory<D>,
    context: &TriggerContext,
    scoring: &ScoringModel,
    (from, to): (Minute, Minute),
    fires: &mut Vec<Minute>,
) {
    fires.clear();
    let in_window = |t: &Minute| (from..to).contains(t);
    let named = |want: &Option<String>, detail: &str| want.as_deref().is_none_or(|w| w == detail);
    let events_of = |kind: EventKind, want: &Option<String>, fires: &mut Vec<Minute>| {
        let times = (lead.events.iter())
            .filter(|(k, _, d)| *k == kind && named(want, d.as_ref()))
            .map(|(_, t, _)| *t)
            .filter(in_window);
        fires.extend(times);
    };
    match trigger {
        TriggerEvent::LeadCreated => fires.extend(lead.created_at.into_iter().filter(in_window)),
        TriggerEvent::FormSubmitted { form } => events_of(EventKind::FormSubmit, form, fires),
        TriggerEvent::DocumentDownloaded { document } => {
            events_of(EventKind::DocumentDownload, document, fires)
        }
        TriggerEvent::WebinarEnded {
            webinar,
            attendance,
        } => {
            // Registrants of each webinar, at the webinar's time, by whether they attended.
            let registrants = lead
                .events
                .iter()
                .filter(|(k, _, d)| {
                    *k == EventKind::WebinarRegistration && named(webinar, d.as_ref())
                })
                .filter_map(|(_, registered, d)| {
                    let d = d.as_ref();
                    let at = *context.webinar_times.get(d)?;
                    // A registration for this showing: before it, and no longer before it than
                    // registration stays open (a title held again months later is another
                    // showing, whose registrants this one's end does not enrol).
                    let open = i64::from(crate::simulate::webinars::MOST_REGISTRATION_DAYS)
                        * MINUTES_PER_DAY;
                    if !(at - open..=at).contains(registered) {
                        return None;
                    }
                    let attended = lead
                        .events
                        .iter()
                        .any(|(k, _, x)| *k == EventKind::WebinarAttendance && x.as_ref() == d);
                    let wanted = match attendance {
                        Attendance::Attended => attended,
                        Attendance::Absent => !attended,
                        Attendance::Any => true,
                    };
                    wanted.then_some(at)
                })
                .filter(in_window);
            fires.extend(registrants);
            fires.sort_unstable();
            fires.dedup();
        }
        TriggerEvent::PageViewed {
            url_pattern,
            min_count,
            within_days,
        } => {
            // The moments the count of matching views in the trailing window reaches `min_count`.
            let views: Vec<Minute> = lead
                .events
                .iter()
                .filter(|(k, _, d)| {
                    *k == EventKind::PageView && url_matches(url_pattern, d.as_ref())
                })
                .map(|(_, t, _)| *t)
                .collect();
            let span = i64::from(*within_days) * MINUTES_PER_DAY;
            let need = (*min_count).max(1) as usize;
            // It fires at a view that makes the count reach `min_count` when the views just before it
            // (still in the window) did not.
            let reaching = (views.iter().enumerate())
                .filter(|&(i, &t)| {
                    let before = views[..i].iter().filter(|&&v| v > t - span).count();
                    before + 1 >= need && before < need
                })
                .map(|(_, &t)| t)
                .filter(in_window);
            fires.extend(reaching);
        }
        TriggerEvent::ScoreReached { threshold } => {
            // The score only rises at events; it crosses the threshold upward at one of them.
            let mut state = ScoreState::new(scoring, lead.fit);
            let mut above = false;
            for (kind, t, detail) in &lead.events {
                state.add(*kind, detail.as_ref(), *t);
                let now_above = state.score_at(*t) >= *threshold;
                if now_above && !above && in_window(t) {
                    fires.push(*t);
                }
                above = now_above;
            }
        }
        TriggerEvent::Inactive { days } => {
            // After each activity (or the creation), if nothing follows within `days`, the lead
            // becomes inactive `days` later.
            // The marks (creation and activities) are taken in time order as they come: events
            // are in time order, and the creation is put in its place among them.
            let quiet = i64::from(*days) * MINUTES_PER_DAY;
            let mut created = lead.created_at;
            let mut activities = (lead.events.iter())
                .filter(|(k, _, _)| is_activity(*k))
                .map(|(_, t, _)| *t)
                .peekable();
            let mut previous: Option<Minute> = None;
            loop {
                let next = match (created, activities.peek()) {
                    (Some(c), Some(&t)) if c > t => activities.next(),
                    (None, _) => activities.next(),
                    (Some(_), _) => created.take(),
                };
                if let Some(due) = previous.map(|p| p + quiet)
                    && next.is_none_or(|n| n > due)
                    && in_window(&due)
                {
                    fires.push(due);
                }
                match next {
                    Some(t) => previous = Some(t),
                    None => break,
                }
            }
        }
        TriggerEvent::DealStatusChanged {
            from: before,
            to: after,
        } => fires.extend(
            (lead.deals.iter().enumerate())
                .filter(|(i, (status, _))| {
                    let previous = i.checked_sub(1).map(|j| lead.deals[j].0);
                    after.contains(status)
                        && (before.is_empty() || previous.is_some_and(|p| before.contains(&p)))
                })
                .map(|(_, (_, t))| *t)
                .filter(in_window),
        ),
        // Recorded history holds no attribute changes; the engine raises them for `update_field`.
        TriggerEvent::AttributeChanged { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: Minute = MINUTES_PER_DAY;

    fn lead() -> LeadHistory {
        LeadHistory {
            created_at: Some(0),
            fit: 30,
            events: vec![
                (EventKind::PageView, DAY, "/pricing".into()),
                (EventKind::DocumentDownload, 2 * DAY, "料金表".into()),
                (
                    EventKind::WebinarRegistration,
                    3 * DAY,
                    "はじめてのMA".into(),
                ),
                (EventKind::PageView, 5 * DAY, "/pricing/plan".into()),
                (EventKind::FormSubmit, 6 * DAY, "デモ依頼".into()),
                (EventKind::EmailSend, 50 * DAY, "newsletter".into()),
                (EventKind::PageView, 200 * DAY, "/".into()),
            ],
            deals: vec![
                (DealStatus::Unworked, 7 * DAY),
                (DealStatus::Working, 8 * DAY),
                (DealStatus::Lost, 40 * DAY),
            ],
        }
    }

    fn fires(trigger: TriggerEvent) -> Vec<Minute> {
        let context = TriggerContext {
            webinar_times: [("はじめてのMA".to_owned(), 10 * DAY)].into(),
            recorded_until: None,
            recorded_from: None,
            mails_without_basis: false,
        };
        fire_times(
            &trigger,
            &lead(),
            &context,
            &ScoringModel::default(),
            (0, 365 * DAY),
        )
    }

    #[test]
    fn event_triggers() {
        assert_eq!(fires(TriggerEvent::LeadCreated), [0]);
        assert_eq!(
            fires(TriggerEvent::DocumentDownloaded { document: None }),
            [2 * DAY]
        );
        assert_eq!(
            fires(TriggerEvent::DocumentDownloaded {
                document: Some("事例集".into())
            }),
            Vec::<Minute>::new()
        );
        assert_eq!(
            fires(TriggerEvent::FormSubmitted {
                form: Some("デモ依頼".into())
            }),
            [6 * DAY]
        );
    }

    #[test]
    fn a_webinar_fires_for_registrants_at_its_time_by_attendance() {
        let w = |attendance| TriggerEvent::WebinarEnded {
            webinar: None,
            attendance,
        };
        assert_eq!(fires(w(Attendance::Any)), [10 * DAY]);
        assert_eq!(fires(w(Attendance::Absent)), [10 * DAY]);
        assert_eq!(fires(w(Attendance::Attended)), Vec::<Minute>::new());
    }

    #[test]
    fn page_views_fire_when_the_count_is_reached_in_the_window() {
        let t = |min_count, within_days| TriggerEvent::PageViewed {
            url_pattern: "/pricing*".into(),
            min_count,
            within_days,
        };
        assert_eq!(fires(t(2, 7)), [5 * DAY]);
        assert_eq!(
            fires(t(2, 3)),
            Vec::<Minute>::new(),
            "4 days apart is not within 3 days"
        );
        assert_eq!(
            fires(t(1, 1)),
            [DAY, 5 * DAY],
            "each view after a quiet spell"
        );
    }

    #[test]
    fn inactivity_counts_from_the_last_activity_not_from_mail() {
        // Activity until day 6, a mail on day 50 (not activity), a view on day 200.
        assert_eq!(
            fires(TriggerEvent::Inactive { days: 90 }),
            [96 * DAY, 290 * DAY]
        );
        // The creation counts where it falls among the activities (an imported lead may have
        // events from before its record was created), and alone when there are none.
        let context = TriggerContext::default();
        let scoring = ScoringModel::default();
        let inactive = TriggerEvent::Inactive { days: 10 };
        let at = |created: Option<Minute>, events: &[Minute]| {
            let lead = LeadHistory {
                created_at: created,
                fit: 0,
                events: (events.iter())
                    .map(|&t| (EventKind::PageView, t, String::new()))
                    .collect(),
                deals: Vec::new(),
            };
            fire_times(&inactive, &lead, &context, &scoring, (0, 400 * DAY))
        };
        assert_eq!(at(Some(50 * DAY), &[]), [60 * DAY]);
        assert_eq!(at(None, &[]), Vec::<Minute>::new());
        assert_eq!(
            at(Some(30 * DAY), &[5 * DAY, 35 * DAY]),
            [15 * DAY, 45 * DAY]
        );
        assert_eq!(
            at(Some(100 * DAY), &[5 * DAY, 35 * DAY]),
            [15 * DAY, 45 * DAY, 110 * DAY]
        );
        assert_eq!(at(Some(5 * DAY), &[5 * DAY, 8 * DAY]), [18 * DAY]);
    }

    #[test]
    fn score_and_deal_triggers() {
        // Fit 30 + pricing 10 + download 10 + webinar registration 5 + pricing 10 + form 30, a little
        // decayed: about 94 on day 6.
        assert_eq!(
            fires(TriggerEvent::ScoreReached { threshold: 90 }),
            [6 * DAY]
        );
        assert_eq!(
            fires(TriggerEvent::ScoreReached { threshold: 120 }),
            Vec::<Minute>::new()
        );
        let lost = TriggerEvent::DealStatusChanged {
            from: vec![],
            to: vec![DealStatus::Lost],
        };
        assert_eq!(fires(lost), [40 * DAY]);
        let from_unworked = TriggerEvent::DealStatusChanged {
            from: vec![DealStatus::Unworked],
            to: vec![DealStatus::Lost, DealStatus::Working],
        };
        assert_eq!(fires(from_unworked), [8 * DAY]);
    }
}
