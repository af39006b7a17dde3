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
use crate::simulate::calendar::Minute;

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
    /// Whether the lead received the mail (`email` a send-email node of this scenario; `None` any
    /// mail) in `[from, to]`, and whether it opened and clicked it: `(received, opened, clicked)`.
    /// Responses drawn ahead (an open hours after the send) count only once they happened.
    fn email_engagement(
        &self,
        email: Option<&NodeId>,
        from: Minute,
        to: Minute,
    ) -> (bool, bool, bool);
}

const MINUTES_PER_DAY: Minute = 24 * 60;

/// The questions of `LeadFacts` answered over a lead's timeline (events in time order, deal
/// changes in time order), for every `LeadFacts` that keeps one: the engine's lead in a run and a
/// lead as recorded.
pub mod timeline {
    use super::event_matches;
    use crate::lead::EventKind;
    use crate::model::expr::{DealStatus, EventFilter};
    use crate::model::ids::NodeId;
    use crate::scoring::{ScoreState, ScoringModel};
    use crate::simulate::calendar::Minute;

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

    /// `LeadFacts::deal_status`.
    pub fn deal_status(deals: &[(DealStatus, Minute)], t: Minute) -> Option<DealStatus> {
        let known = deals.partition_point(|d| d.1 <= t);
        known.checked_sub(1).map(|i| deals[i].0)
    }

    /// `LeadFacts::email_engagement`.
    pub fn email_engagement<D: AsRef<str>>(
        events: &[(EventKind, Minute, D)],
        email: Option<&NodeId>,
        from: Minute,
        to: Minute,
    ) -> (bool, bool, bool) {
        let wanted = |d: &str| email.is_none_or(|e| e.as_str() == d);
        let events = between(events, from, to);
        let any =
            |kind: EventKind| (events.iter()).any(|(k, _, d)| *k == kind && wanted(d.as_ref()));
        (
            any(EventKind::EmailSend),
            any(EventKind::EmailOpen),
            any(EventKind::EmailClick),
        )
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
        Expr::Any { of } => match same_recent_window(of) {
            // Each asks for an event of the same last days (a goal such as "a form, a download
            // or a pricing page in the last 7 days"): one search of the timeline for them all.
            Some(days) => {
                let from = now - i64::from(days) * MINUTES_PER_DAY;
                let wanted = |kind: EventKind, detail: &str| {
                    of.iter().any(|e| {
                        matches!(e, Expr::Behaviour { event, .. } if event_matches(event, kind, detail))
                    })
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
            let from = now - i64::from(*within_days) * MINUTES_PER_DAY;
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
            let from = within_days.map_or(Minute::MIN, |d| now - i64::from(d) * MINUTES_PER_DAY);
            let (received, opened, clicked) = lead.email_engagement(email.as_ref(), from, now);
            match engagement {
                Engagement::Opened => opened,
                Engagement::Clicked => clicked,
                Engagement::NotOpened => received && !opened,
                Engagement::NotClicked => received && !clicked,
            }
        }
    }
}

/// The days of `of`'s window when every expression of it asks for at least one event in the same
/// last days (`behaviour … gte 1 within N days`): their `any` is whether one event of that window
/// matches one of their filters.
fn same_recent_window(of: &[Expr]) -> Option<u32> {
    let mut days = None;
    for expr in of {
        let Expr::Behaviour {
            op: Cmp::Gte,
            count: 1,
            within_days,
            ..
        } = expr
        else {
            return None;
        };
        if *days.get_or_insert(*within_days) != *within_days {
            return None;
        }
    }
    days
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
            kind == K::EmailOpen && email.as_ref().is_none_or(|e| e.as_str() == detail)
        }
        EventFilter::EmailClicked { email } => {
            kind == K::EmailClick && email.as_ref().is_none_or(|e| e.as_str() == detail)
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
        mails: Vec<(&'static str, Minute, bool, bool)>,
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
        fn email_engagement(
            &self,
            email: Option<&NodeId>,
            from: Minute,
            to: Minute,
        ) -> (bool, bool, bool) {
            let mails = self.mails.iter().filter(|(id, t, _, _)| {
                (from..=to).contains(t) && email.is_none_or(|e| e.as_str() == *id)
            });
            mails.fold((false, false, false), |acc, m| {
                (true, acc.1 || m.2, acc.2 || m.3)
            })
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
            ],
            score: 120,
            deal: Some(DealStatus::Working),
            mails: vec![("mail_1", 5 * MINUTES_PER_DAY, true, false)],
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

    proptest::proptest! {
        /// An `any` of behaviours answered in one search of the timeline (each asking for one
        /// event of the same last days) agrees with asking each of them, and so does every other
        /// `any` of behaviours.
        #[test]
        fn an_any_of_recent_behaviours_is_the_any_of_its_parts(
            events in proptest::collection::vec((0usize..4, 0usize..3, 0i64..40), 0..12),
            parts in proptest::collection::vec((0usize..3, 1u32..3, proptest::bool::ANY), 1..4),
            days in 1u32..20,
            now in 0i64..45,
        ) {
            let kinds = [
                EventKind::FormSubmit,
                EventKind::DocumentDownload,
                EventKind::PageView,
                EventKind::EmailOpen,
            ];
            let details = ["/pricing", "/blog", "料金表"];
            let lead = Lead {
                industry: "",
                events: (events.iter())
                    .map(|&(k, d, day)| (kinds[k], details[d], day * MINUTES_PER_DAY))
                    .collect(),
                score: 0,
                deal: None,
                mails: Vec::new(),
            };
            let filters = [
                EventFilter::FormSubmitted { form: None },
                EventFilter::DocumentDownloaded { document: Some("料金表".into()) },
                EventFilter::PageViewed { url_pattern: Some("/pricing*".into()) },
            ];
            let of: Vec<Expr> = (parts.iter())
                .map(|&(f, count, same_days)| Expr::Behaviour {
                    event: filters[f].clone(),
                    op: Cmp::Gte,
                    count,
                    within_days: if same_days { days } else { days + 1 },
                })
                .collect();
            let now = now * MINUTES_PER_DAY;
            let each = of.iter().any(|e| eval(e, &lead, now));
            proptest::prop_assert_eq!(eval(&Expr::Any { of }, &lead, now), each);
        }
    }
}
