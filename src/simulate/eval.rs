//! Evaluating the condition tree (`Expr`) for one lead at one moment: segments, condition nodes,
//! goals and exit criteria all go through `eval`.
//!
//! What a lead is and has done comes through `LeadFacts`, so the same evaluation serves recorded
//! history, a simulation in progress and the app's segment preview. Text comparisons use the match
//! key (NFKC, case-folded), so `製造業` and a full-width or differently cased spelling agree.

use crate::lead::EventKind;
use crate::lead::{key_of, match_key, same_key};
use crate::model::expr::{Attribute, Cmp, DealStatus, Engagement, EventFilter, Expr, TextOp};
use crate::model::ids::NodeId;
use crate::scoring::url_matches;
use crate::time::Minute;

/// What evaluation may ask about a lead.
pub trait LeadFacts {
    /// The attribute's value at `t`, if the lead has one.
    fn attribute(&self, attribute: &Attribute, t: Minute) -> Option<&str>;
    /// How many events matching `filter` happened in `[from, to]`.
    fn count_events(&self, filter: &EventFilter, from: Minute, to: Minute) -> u32;
    /// Whether an event in `[from, to]` is one that `wanted` accepts (by its kind and detail).
    fn any_event(&self, from: Minute, to: Minute, wanted: &dyn Fn(EventKind, &str) -> bool)
    -> bool;
    /// The score at `t`.
    fn score(&self, t: Minute) -> i32;
    /// The deal status at `t` (the latest change at or before it), if sales has the lead by then.
    /// A hand-off draws the sales process ahead, so later changes may already be known.
    fn deal_status(&self, t: Minute) -> Option<DealStatus>;
    /// Whether the lead's engagement with the mail (`email` a send-email node of this scenario;
    /// `None` any mail) in `[from, to]` is `engagement` (not opened: received and not opened).
    /// Responses drawn ahead (an open hours after the send) count only once they happened.
    fn email_engagement(
        &self,
        engagement: Engagement,
        email: Option<&NodeId>,
        from: Minute,
        to: Minute,
    ) -> bool;
}

const MINUTES_PER_DAY: Minute = 24 * 60;

/// The questions of `LeadFacts` answered over a lead's timeline (events in time order, deal
/// changes in time order), for every `LeadFacts` that keeps one: the engine's lead in a run and a
/// lead as recorded.
pub mod timeline {
    use super::{event_matches, mail_event};
    use crate::lead::EventKind;
    use crate::model::expr::{DealStatus, Engagement, EventFilter};
    use crate::model::ids::NodeId;
    use crate::scoring::{ScoreState, ScoringModel};
    use crate::time::Minute;

    /// The events at `from` … `to` of a timeline in time order (`calendar::within`).
    pub fn between<T>(
        events: &[(EventKind, Minute, T)],
        from: Minute,
        to: Minute,
    ) -> &[(EventKind, Minute, T)] {
        crate::simulate::calendar::within(events, |e| e.1, from, to)
    }

    /// `LeadFacts::count_events`.
    pub fn count<D: AsRef<str>>(
        events: &[(EventKind, Minute, D)],
        filter: &EventFilter,
        from: Minute,
        to: Minute,
    ) -> u32 {
        between(events, from, to)
            .iter()
            .filter(|(k, _, d)| event_matches(filter, *k, d.as_ref()))
            .count() as u32
    }

    /// `LeadFacts::any_event`.
    pub fn any_event<D: AsRef<str>>(
        events: &[(EventKind, Minute, D)],
        from: Minute,
        to: Minute,
        wanted: &dyn Fn(EventKind, &str) -> bool,
    ) -> bool {
        (between(events, from, to).iter()).any(|(k, _, d)| wanted(*k, d.as_ref()))
    }

    /// `LeadFacts::score`: events and score adjustments (`manual`, in time order) taken in time
    /// order, an adjustment before an event at the same moment.
    pub fn score<D: AsRef<str>>(
        scoring: &ScoringModel,
        fit: i32,
        events: &[(EventKind, Minute, D)],
        manual: &[(Minute, i32)],
        t: Minute,
    ) -> i32 {
        let mut state = ScoreState::new(scoring, fit);
        let mut manual = manual.iter().filter(|m| m.0 <= t).peekable();
        for (kind, at, detail) in between(events, Minute::MIN, t) {
            while let Some(&&(mt, delta)) = manual.peek() {
                if mt > *at {
                    break;
                }
                state.adjust(delta, mt);
                manual.next();
            }
            state.add(*kind, detail.as_ref(), *at);
        }
        for &(mt, delta) in manual {
            state.adjust(delta, mt);
        }
        state.score_at(t)
    }

    /// Whether the lead becomes an MQL in `[from, to)`: its score is below the threshold just
    /// before `from` and reaches it after one of the window's events or score adjustments
    /// (`manual`, in time order, taken as `score` takes them). Scores only rise at those moments,
    /// so they are the only ones to look at.
    pub fn becomes_mql<D: AsRef<str>>(
        scoring: &ScoringModel,
        fit: i32,
        events: &[(EventKind, Minute, D)],
        manual: &[(Minute, i32)],
        (from, to): (Minute, Minute),
    ) -> bool {
        let events = between(events, Minute::MIN, to - 1);
        let manual = &manual[..manual.partition_point(|m| m.0 < to)];
        // Nothing in the window raises the score: no crossing, and no need to score the history
        // before it (most leads of a forecast).
        let in_window = |at: Minute| at >= from;
        if !events.last().is_some_and(|e| in_window(e.1))
            && !manual.last().is_some_and(|m| in_window(m.0))
        {
            return false;
        }
        let mut state = ScoreState::new(scoring, fit);
        let (mut e, mut m) = (0, 0);
        let mut checked = false;
        loop {
            // An adjustment before an event at the same moment, as `score` takes them.
            let adjustment = (manual.get(m)).filter(|a| events.get(e).is_none_or(|ev| a.0 <= ev.1));
            let t = match (adjustment, events.get(e)) {
                (Some(&(t, _)), _) | (None, Some(&(_, t, _))) => t,
                (None, None) => return false,
            };
            if t >= from && !checked {
                if state.is_mql_at(from - 1) {
                    return false;
                }
                checked = true;
            }
            match adjustment {
                Some(&(_, delta)) => {
                    state.adjust(delta, t);
                    m += 1;
                }
                None => {
                    let (kind, _, detail) = &events[e];
                    state.add(*kind, detail.as_ref(), t);
                    e += 1;
                }
            }
            if checked && state.is_mql_at(t) {
                return true;
            }
        }
    }

    /// `LeadFacts::deal_status`.
    pub fn deal_status(deals: &[(DealStatus, Minute)], t: Minute) -> Option<DealStatus> {
        let known = deals.partition_point(|d| d.1 <= t);
        known.checked_sub(1).map(|i| deals[i].0)
    }

    /// `LeadFacts::email_engagement`: one pass over the window, which ends at the first event
    /// that settles it.
    pub fn email_engagement<D: AsRef<str>>(
        events: &[(EventKind, Minute, D)],
        engagement: Engagement,
        email: Option<&NodeId>,
        from: Minute,
        to: Minute,
    ) -> bool {
        let (response, wanted) = match engagement {
            Engagement::Opened => (EventKind::EmailOpen, true),
            Engagement::NotOpened => (EventKind::EmailOpen, false),
            Engagement::Clicked => (EventKind::EmailClick, true),
            Engagement::NotClicked => (EventKind::EmailClick, false),
        };
        let mut received = false;
        for (kind, _, detail) in between(events, from, to) {
            let detail = detail.as_ref();
            if mail_event(*kind, detail, response, email) {
                return wanted; // Responded: "opened" holds, "not opened" does not.
            }
            received |= mail_event(*kind, detail, EventKind::EmailSend, email);
        }
        !wanted && received
    }
}

/// Whether `expr` holds for the lead at `now`.
pub fn eval(expr: &Expr, lead: &impl LeadFacts, now: Minute) -> bool {
    eval_in(expr, lead, now, false)
}

/// `expr` with every attribute value replaced by its match key, for `eval_keyed`: a simulation
/// keys the values of its scenarios' conditions once instead of at every evaluation.
pub fn keyed(expr: &Expr) -> Expr {
    match expr {
        Expr::All { of } => Expr::All {
            of: of.iter().map(keyed).collect(),
        },
        Expr::Any { of } => Expr::Any {
            of: of.iter().map(keyed).collect(),
        },
        Expr::Not { expr } => Expr::Not {
            expr: Box::new(keyed(expr)),
        },
        Expr::Attribute {
            attribute,
            op,
            values,
        } => Expr::Attribute {
            attribute: attribute.clone(),
            op: *op,
            values: values.iter().map(|v| match_key(v)).collect(),
        },
        other => other.clone(),
    }
}

/// `eval` of an expression made by `keyed` (the same answer as `eval` of the original, for the
/// expressions the validator accepts: an equality always has a value).
pub fn eval_keyed(expr: &Expr, lead: &impl LeadFacts, now: Minute) -> bool {
    eval_in(expr, lead, now, true)
}

fn eval_in(expr: &Expr, lead: &impl LeadFacts, now: Minute, keyed: bool) -> bool {
    match expr {
        Expr::All { of } => of.iter().all(|e| eval_in(e, lead, now, keyed)),
        Expr::Any { of } => match same_window(of) {
            // Each asks for one event of the same last days (a goal such as "a form, a download
            // or a pricing page in the last 7 days", a condition "clicked one of these mails"):
            // one search of the timeline for them all.
            Some(days) => {
                let from = window_start(now, days);
                let wanted = |kind: EventKind, detail: &str| {
                    (of.iter()).any(|e| sought(e).is_some_and(|(_, s)| s.accepts(kind, detail)))
                };
                lead.any_event(from, now, &wanted)
            }
            None => of.iter().any(|e| eval_in(e, lead, now, keyed)),
        },
        Expr::Not { expr } => !eval_in(expr, lead, now, keyed),
        Expr::Attribute {
            attribute,
            op,
            values,
        } => text(lead.attribute(attribute, now), *op, values, keyed),
        Expr::Behaviour {
            event,
            op,
            count,
            within_days,
        } => {
            let from = window_start(now, Some(*within_days));
            op.holds(
                i64::from(lead.count_events(event, from, now)),
                i64::from(*count),
            )
        }
        Expr::Score { op, value } => op.holds(i64::from(lead.score(now)), i64::from(*value)),
        Expr::DealStatus { any_of } => lead.deal_status(now).is_some_and(|s| any_of.contains(&s)),
        Expr::EmailEngagement {
            engagement,
            email,
            within_days,
        } => {
            let from = window_start(now, *within_days);
            lead.email_engagement(*engagement, email.as_ref(), from, now)
        }
    }
}

/// The first moment of a window of the last `days` days up to `now` (`None`: ever).
fn window_start(now: Minute, days: Option<u32>) -> Minute {
    days.map_or(Minute::MIN, |d| now - i64::from(d) * MINUTES_PER_DAY)
}

/// What an expression that holds when one event of its window is of a kind looks for: a
/// behaviour asked for at least once, or an open or a click of a mail.
enum Sought<'e> {
    Event(&'e EventFilter),
    Mail(EventKind, Option<&'e NodeId>),
}

impl Sought<'_> {
    fn accepts(&self, kind: EventKind, detail: &str) -> bool {
        match self {
            Sought::Event(filter) => event_matches(filter, kind, detail),
            Sought::Mail(response, email) => mail_event(kind, detail, *response, *email),
        }
    }
}

/// `expr`'s window (days back from now; `None`: ever) and what it looks for, when it holds
/// exactly when one event of that window is such an event (`behaviour … gte 1 within N days`,
/// `email opened` or `clicked`).
fn sought(expr: &Expr) -> Option<(Option<u32>, Sought<'_>)> {
    fn mail(kind: EventKind, email: &Option<NodeId>) -> Sought<'_> {
        Sought::Mail(kind, email.as_ref())
    }
    match expr {
        Expr::Behaviour {
            event,
            op: Cmp::Gte,
            count: 1,
            within_days,
        } => Some((Some(*within_days), Sought::Event(event))),
        Expr::EmailEngagement {
            engagement: Engagement::Opened,
            email,
            within_days,
        } => Some((*within_days, mail(EventKind::EmailOpen, email))),
        Expr::EmailEngagement {
            engagement: Engagement::Clicked,
            email,
            within_days,
        } => Some((*within_days, mail(EventKind::EmailClick, email))),
        _ => None,
    }
}

/// The window of `of` when every expression of it looks for one event of the same window: their
/// `any` is whether one event of that window is one of the events they look for.
fn same_window(of: &[Expr]) -> Option<Option<u32>> {
    let mut window = None;
    for expr in of {
        let (days, _) = sought(expr)?;
        if *window.get_or_insert(days) != days {
            return None;
        }
    }
    window
}

/// Compares the lead's value with the expression's on their match keys (`values` are keys
/// already when `keyed`).
fn text(value: Option<&str>, op: TextOp, values: &[String], keyed: bool) -> bool {
    use std::borrow::Cow;
    let raw = value.unwrap_or_default();
    if keyed
        && matches!(
            op,
            TextOp::Equals | TextOp::NotEquals | TextOp::OneOf | TextOp::NotOneOf
        )
    {
        // Equality with keys: the lead's value is normalised once (and not copied when it is its
        // own key already, as most are), then compared with each key.
        let own = key_of(raw);
        let is = |key: &String| *key == *own;
        return match op {
            TextOp::Equals => values.first().is_some_and(is),
            TextOp::NotEquals => !values.first().is_some_and(is),
            TextOp::OneOf => values.iter().any(is),
            _ => !values.iter().any(is),
        };
    }
    let value = match_key(raw);
    fn key(v: &str, keyed: bool) -> Cow<'_, str> {
        if keyed {
            Cow::Borrowed(v)
        } else {
            Cow::Owned(match_key(v))
        }
    }
    let first = || key(values.first().map_or("", String::as_str), keyed);
    match op {
        TextOp::Equals => value == first(),
        TextOp::NotEquals => value != first(),
        TextOp::OneOf => values.iter().any(|v| key(v, keyed) == value),
        TextOp::NotOneOf => !values.iter().any(|v| key(v, keyed) == value),
        TextOp::Contains => value.contains(&*first()),
        TextOp::StartsWith => value.starts_with(&*first()),
        TextOp::IsEmpty => value.is_empty(),
        TextOp::IsNotEmpty => !value.is_empty(),
    }
}

/// Whether an event of `kind` with `detail` is a `response` (a send, an open or a click) of the
/// mail `email` (`None`: any mail).
fn mail_event(kind: EventKind, detail: &str, response: EventKind, email: Option<&NodeId>) -> bool {
    kind == response && email.is_none_or(|e| e.as_str() == detail)
}

/// Whether an event of `kind` with `detail` matches `filter` (for `LeadFacts` implementations).
pub fn event_matches(filter: &EventFilter, kind: crate::lead::EventKind, detail: &str) -> bool {
    use crate::lead::EventKind as K;
    let named = |want: &Option<String>| want.as_deref().is_none_or(|w| same_key(w, detail));
    match filter {
        EventFilter::FormSubmitted { form } => kind == K::FormSubmit && named(form),
        EventFilter::DocumentDownloaded { document } => {
            kind == K::DocumentDownload && named(document)
        }
        EventFilter::WebinarRegistered { webinar } => {
            kind == K::WebinarRegistration && named(webinar)
        }
        EventFilter::WebinarAttended { webinar } => kind == K::WebinarAttendance && named(webinar),
        EventFilter::PageViewed { url_pattern } => {
            kind == K::PageView
                && url_pattern
                    .as_deref()
                    .is_none_or(|p| url_matches(p, detail))
        }
        EventFilter::EmailOpened { email } => {
            mail_event(kind, detail, K::EmailOpen, email.as_ref())
        }
        EventFilter::EmailClicked { email } => {
            mail_event(kind, detail, K::EmailClick, email.as_ref())
        }
        EventFilter::Unsubscribed => kind == K::Unsubscribe,
        // Score and deal-status events are not lead events; the engine raises them itself.
        EventFilter::ScoreReached { .. } | EventFilter::DealStatusChanged { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lead::EventKind;
    use crate::model::expr::Cmp;

    struct Lead {
        industry: &'static str,
        events: Vec<(EventKind, &'static str, Minute)>,
        score: i32,
        deal: Option<DealStatus>,
    }

    impl LeadFacts for Lead {
        fn attribute(&self, attribute: &Attribute, _: Minute) -> Option<&str> {
            matches!(attribute, Attribute::Industry).then_some(self.industry)
        }
        fn count_events(&self, filter: &EventFilter, from: Minute, to: Minute) -> u32 {
            self.events
                .iter()
                .filter(|(k, d, t)| (from..=to).contains(t) && event_matches(filter, *k, d))
                .count() as u32
        }
        fn any_event(
            &self,
            from: Minute,
            to: Minute,
            wanted: &dyn Fn(EventKind, &str) -> bool,
        ) -> bool {
            (self.events.iter()).any(|(k, d, t)| (from..=to).contains(t) && wanted(*k, d))
        }
        fn score(&self, _: Minute) -> i32 {
            self.score
        }
        fn deal_status(&self, _: Minute) -> Option<DealStatus> {
            self.deal
        }
        /// By its definition: whether the window holds a send, an open and a click of the mail.
        fn email_engagement(
            &self,
            engagement: Engagement,
            email: Option<&NodeId>,
            from: Minute,
            to: Minute,
        ) -> bool {
            let any = |kind: EventKind| {
                (self.events.iter()).any(|(k, d, t)| {
                    *k == kind && (from..=to).contains(t) && email.is_none_or(|e| e.as_str() == *d)
                })
            };
            let received = any(EventKind::EmailSend);
            match engagement {
                Engagement::Opened => any(EventKind::EmailOpen),
                Engagement::Clicked => any(EventKind::EmailClick),
                Engagement::NotOpened => received && !any(EventKind::EmailOpen),
                Engagement::NotClicked => received && !any(EventKind::EmailClick),
            }
        }
    }

    fn lead() -> Lead {
        Lead {
            industry: "製造業",
            events: vec![
                (EventKind::PageView, "/pricing", 10 * MINUTES_PER_DAY),
                (
                    EventKind::PageView,
                    "/pricing/enterprise",
                    20 * MINUTES_PER_DAY,
                ),
                (EventKind::PageView, "/blog", 25 * MINUTES_PER_DAY),
                (EventKind::EmailSend, "mail_1", 5 * MINUTES_PER_DAY),
                (EventKind::EmailOpen, "mail_1", 5 * MINUTES_PER_DAY + 60),
            ],
            score: 120,
            deal: Some(DealStatus::Working),
        }
    }

    #[test]
    fn the_tree_evaluates_as_written() {
        let now = 30 * MINUTES_PER_DAY;
        let l = lead();
        let pricing_twice = Expr::Behaviour {
            event: EventFilter::PageViewed {
                url_pattern: Some("/pricing*".into()),
            },
            op: Cmp::Gte,
            count: 2,
            within_days: 30,
        };
        assert!(eval(&pricing_twice, &l, now));
        let pricing_recently = Expr::Behaviour {
            event: EventFilter::PageViewed {
                url_pattern: Some("/pricing*".into()),
            },
            op: Cmp::Gte,
            count: 2,
            within_days: 15,
        };
        assert!(!eval(&pricing_recently, &l, now));
        let manufacturing = Expr::Attribute {
            attribute: Attribute::Industry,
            op: TextOp::OneOf,
            values: vec!["ＩＴ".into(), "製造業".into()],
        };
        assert!(eval(&manufacturing, &l, now));
        let segment = Expr::All {
            of: vec![
                manufacturing.clone(),
                Expr::Score {
                    op: Cmp::Gte,
                    value: 100,
                },
                Expr::Not {
                    expr: Box::new(Expr::DealStatus {
                        any_of: vec![DealStatus::Won],
                    }),
                },
            ],
        };
        assert!(eval(&segment, &l, now));
        assert!(!eval(&Expr::Any { of: vec![] }, &l, now));
        assert!(eval(&Expr::All { of: vec![] }, &l, now));
    }

    #[test]
    fn keyed_expressions_evaluate_as_the_originals() {
        let l = lead(); // 製造業
        let values = [
            vec!["製造業".to_owned()],
            vec!["　製造業 ".to_owned(), "ＩＴ".to_owned()],
            vec!["製造".to_owned()],
            vec!["情報通信業".to_owned(), "IT".to_owned()],
            vec!["業".to_owned()],
            vec![],
        ];
        let ops = [
            TextOp::Equals,
            TextOp::NotEquals,
            TextOp::OneOf,
            TextOp::NotOneOf,
            TextOp::Contains,
            TextOp::StartsWith,
            TextOp::IsEmpty,
            TextOp::IsNotEmpty,
        ];
        for values in &values {
            for op in ops {
                let expr = Expr::Not {
                    expr: Box::new(Expr::Attribute {
                        attribute: Attribute::Industry,
                        op,
                        values: values.clone(),
                    }),
                };
                assert_eq!(
                    eval_keyed(&keyed(&expr), &l, 0),
                    eval(&expr, &l, 0),
                    "{op:?} {values:?}"
                );
            }
        }
    }

    #[test]
    fn email_engagement_distinguishes_not_received_from_not_opened() {
        let l = lead();
        let now = 30 * MINUTES_PER_DAY;
        let e = |engagement, email: Option<&str>| Expr::EmailEngagement {
            engagement,
            email: email.map(NodeId::from),
            within_days: None,
        };
        assert!(eval(&e(Engagement::Opened, Some("mail_1")), &l, now));
        assert!(eval(&e(Engagement::NotClicked, Some("mail_1")), &l, now));
        assert!(
            !eval(&e(Engagement::NotOpened, Some("mail_2")), &l, now),
            "never received"
        );
        let recent = Expr::EmailEngagement {
            engagement: Engagement::Opened,
            email: None,
            within_days: Some(7),
        };
        assert!(!eval(&recent, &l, now));
    }

    const KINDS: [EventKind; 6] = [
        EventKind::FormSubmit,
        EventKind::DocumentDownload,
        EventKind::PageView,
        EventKind::EmailSend,
        EventKind::EmailOpen,
        EventKind::EmailClick,
    ];
    const DETAILS: [&str; 5] = ["/pricing", "/blog", "料金表", "mail_1", "mail_2"];

    proptest::proptest! {
        /// An `any` answered in one search of the timeline (each part asking for one event of the
        /// same window: a behaviour at least once, an open or a click of a mail) agrees with
        /// asking each part, and so does every other `any` of such parts.
        #[test]
        fn an_any_of_sought_events_is_the_any_of_its_parts(
            events in proptest::collection::vec((0usize..6, 0usize..5, 0i64..40), 0..14),
            parts in proptest::collection::vec((0usize..7, 1u32..3, 0usize..3), 1..4),
            days in 1u32..20,
            now in 0i64..45,
        ) {
            let lead = Lead {
                industry: "",
                events: (events.iter())
                    .map(|&(k, d, day)| (KINDS[k], DETAILS[d], day * MINUTES_PER_DAY))
                    .collect(),
                score: 0,
                deal: None,
            };
            let filters = [
                EventFilter::FormSubmitted { form: None },
                EventFilter::DocumentDownloaded { document: Some("料金表".into()) },
                EventFilter::PageViewed { url_pattern: Some("/pricing*".into()) },
            ];
            let engagements = [
                (Engagement::Opened, Some("mail_1")),
                (Engagement::Clicked, None),
                (Engagement::Clicked, Some("mail_2")),
                (Engagement::NotOpened, Some("mail_1")),
            ];
            let of: Vec<Expr> = (parts.iter())
                .map(|&(part, count, window)| {
                    let within = [days, days + 1, days + 2][window];
                    match part {
                        0..3 => Expr::Behaviour {
                            event: filters[part].clone(),
                            op: Cmp::Gte,
                            count,
                            within_days: within,
                        },
                        _ => {
                            let (engagement, email) = engagements[part - 3];
                            Expr::EmailEngagement {
                                engagement,
                                email: email.map(NodeId::from),
                                // The third window is "ever".
                                within_days: (window < 2).then_some(within),
                            }
                        }
                    }
                })
                .collect();
            let now = now * MINUTES_PER_DAY;
            let each = of.iter().any(|e| eval(e, &lead, now));
            proptest::prop_assert_eq!(eval(&Expr::Any { of }, &lead, now), each);
        }

        /// The one-pass mail engagement of a timeline agrees with its definition.
        #[test]
        fn mail_engagement_over_a_timeline_is_as_defined(
            events in proptest::collection::vec((3usize..6, 3usize..5, 0i64..40), 0..14),
            engagement in 0usize..4,
            email in proptest::option::of(3usize..5),
            (from, to) in (0i64..40, 0i64..40),
        ) {
            let engagement = [
                Engagement::Opened,
                Engagement::NotOpened,
                Engagement::Clicked,
                Engagement::NotClicked,
            ][engagement];
            let email = email.map(|d| NodeId::from(DETAILS[d]));
            let lead = Lead {
                industry: "",
                events: (events.iter()).map(|&(k, d, t)| (KINDS[k], DETAILS[d], t)).collect(),
                score: 0,
                deal: None,
            };
            let mut timeline: Vec<(EventKind, Minute, &str)> =
                (lead.events.iter()).map(|&(k, d, t)| (k, t, d)).collect();
            timeline.sort_by_key(|e| e.1);
            proptest::prop_assert_eq!(
                timeline::email_engagement(&timeline, engagement, email.as_ref(), from, to),
                lead.email_engagement(engagement, email.as_ref(), from, to)
            );
        }
    }

    #[test]
    fn a_lead_becomes_an_mql_in_a_window_only_from_below_and_only_by_what_happens_in_it() {
        use crate::scoring::ScoringModel;
        let scoring = ScoringModel::default(); // MQL at 100, at most 40 points a day
        let day = 24 * 60;
        let form = |d: Minute| (EventKind::FormSubmit, d * day, "form");
        let window = (10 * day, 20 * day);
        let becomes = |fit, events: &[(EventKind, Minute, &str)], manual: &[(Minute, i32)]| {
            timeline::becomes_mql(&scoring, fit, events, manual, window)
        };
        // 30 points a form, halving in 90 days: three forms before the window make about 89,
        // and the fourth, in it, brings the lead over the line.
        let forms = [form(7), form(8), form(9), form(11)];
        assert!(becomes(0, &forms, &[]));
        // Over the line before the window (with 15 fit points): no crossing in it.
        assert!(!becomes(15, &forms, &[]));
        // The crossing after the window does not count.
        assert!(!becomes(0, &[form(7), form(8), form(9), form(21)], &[]));
        // Nothing in the window: no crossing.
        assert!(!becomes(0, &forms[..3], &[]));
        // A scenario's score adjustment in the window counts as an event does.
        assert!(becomes(0, &forms[..3], &[(12 * day, 20)]));
        assert!(!becomes(0, &forms[..3], &[(12 * day, -20)]));
    }
}
