//! What the workspace recorded in a period, in the terms of a forecast: per recorded mail (the
//! event's detail), how many leads were sent it, opened it, clicked in it and unsubscribed after
//! it, in total and per week of the period; and how a recorded mail is tied to a scenario's mail.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Serialize;

use crate::scenario::Scenario;
use crate::scoring::ScoringModel;
use crate::simulate::attributes::Wanted;
use crate::simulate::eval::timeline;
use crate::simulate::input;
use crate::simulate::ties::MailIndex;
use crate::store::StoreError;
use crate::time::Minute;

/// What happens to a mail, as both a forecast and the history count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MailMeasure {
    /// Leads sent the mail.
    Sent,
    /// Leads who opened it.
    Opened,
    /// Leads who clicked in it.
    Clicked,
    /// Leads who unsubscribed from it.
    Unsubscribed,
}

impl MailMeasure {
    /// Every measure, in order.
    pub const ALL: [MailMeasure; 4] = [
        MailMeasure::Sent,
        MailMeasure::Opened,
        MailMeasure::Clicked,
        MailMeasure::Unsubscribed,
    ];

    /// The event kind that records it.
    fn event_kind(self) -> &'static str {
        match self {
            MailMeasure::Sent => "email_send",
            MailMeasure::Opened => "email_open",
            MailMeasure::Clicked => "email_click",
            MailMeasure::Unsubscribed => "unsubscribe",
        }
    }

    fn from_event_kind(kind: &str) -> Option<MailMeasure> {
        MailMeasure::ALL
            .into_iter()
            .find(|m| m.event_kind() == kind)
    }
}

pub use crate::simulate::ties::MailRef;

/// Counts of one recorded mail in a period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordedMail {
    /// Per measure, the leads it happened to in the whole period.
    pub total: BTreeMap<MailMeasure, u64>,
    /// Per week of the period (0 is the first seven days) and measure.
    pub weekly: BTreeMap<(u32, MailMeasure), u64>,
}

/// What the workspace recorded in one period `[from, to)` (Unix seconds).
#[derive(Debug, Clone, Default)]
pub struct RecordedPeriod {
    /// Per recorded mail (the event's detail, as written): each send, and at most one open,
    /// click and unsubscribe of each send, in the week each happened; a response only when the
    /// lead was sent the mail in the period too (as a forecast of the period counts them: the
    /// responses to its own sends).
    pub mails: BTreeMap<String, RecordedMail>,
    /// Events of each kind (`EventKind::code`), every one counted.
    pub events: BTreeMap<String, u64>,
    /// Deal-status changes to each status (`DealStatus::code`), every one counted.
    pub deal_changes: BTreeMap<String, u64>,
    /// Leads that became MQLs in the period: the scoring model replayed over what each lead was
    /// recorded doing (`timeline::becomes_mql`, as the forecast counts them). No MA export
    /// records the scores themselves.
    pub mql_crossings: u64,
}

/// The window a back-test compares and the equal period before it, as the workspace recorded
/// them.
#[derive(Debug, Clone, Default)]
pub struct Recorded {
    /// `[cut-off, cut-off + span)`.
    pub window: RecordedPeriod,
    /// `[cut-off − span, cut-off)`: the naive baseline.
    pub before: RecordedPeriod,
}

const MINUTES_PER_DAY: Minute = 24 * 60;

/// Leads read at a time.
const LEADS_AT_A_TIME: usize = 10_000;

/// A lead's mail events in one period, in time order: (measure, mail, when, in minutes).
type LeadMails = Vec<(MailMeasure, String, i64)>;

impl Recorded {
    /// Reads both periods around `cutoff` (Unix seconds), each `span` seconds long, in one read of
    /// every lead's whole history as a forecast reads it (`input::for_each_chunk_of`): the
    /// periods' events and deal changes, and the leads that became MQLs, whose scores depend on
    /// everything the lead did before.
    pub fn read(
        conn: &Connection,
        scoring: &ScoringModel,
        cutoff: i64,
        span: i64,
    ) -> Result<Recorded, StoreError> {
        let (from, span) = (cutoff.div_euclid(60), span.div_euclid(60));
        let periods = [(from, from + span), (from - span, from)];
        let mut recorded = Recorded::default();
        let mut mails: [LeadMails; 2] = Default::default();
        let nothing = Wanted::tested_by(&[]);
        input::for_each_chunk_of(conn, scoring, from, LEADS_AT_A_TIME, &nothing, |leads| {
            for lead in leads {
                let h = &lead.history;
                for (i, (start, end)) in periods.into_iter().enumerate() {
                    let period = if i == 0 {
                        &mut recorded.window
                    } else {
                        &mut recorded.before
                    };
                    for (kind, at, detail) in timeline::between(&h.events, start, end - 1) {
                        crate::store::count_one(&mut period.events, kind.code());
                        if let Some(measure) = MailMeasure::from_event_kind(kind.code()) {
                            mails[i].push((measure, detail.clone(), *at));
                        }
                    }
                    for (status, _) in (h.deals.iter()).filter(|d| (start..end).contains(&d.1)) {
                        crate::store::count_one(&mut period.deal_changes, status.code());
                    }
                    let became =
                        timeline::becomes_mql(scoring, h.fit, &h.events, &[], (start, end));
                    period.mql_crossings += u64::from(became);
                }
                recorded.add_lead(from, span, &mut mails);
            }
            Ok::<(), StoreError>(())
        })?;
        Ok(recorded)
    }

    /// Counts one lead's mail events of each period (and empties them): each send of a mail
    /// (a second record of it within a day is the same send), and at most one open, click and
    /// unsubscribe of each send, a response going to the latest send of its mail before it (or,
    /// recorded before any, to the period's first), as a forecast counts its own sends and
    /// their responses. A mail sent again under its name in the period (a newsletter, a lead
    /// re-entering a follow-up) counts again.
    fn add_lead(&mut self, from: Minute, span: Minute, mails: &mut [LeadMails; 2]) {
        let periods = [(&mut self.window, from), (&mut self.before, from - span)];
        for ((period, start), events) in periods.into_iter().zip(mails.iter_mut()) {
            // The period's sends of the lead: (mail, when, the responses counted of it).
            let mut sends: Vec<(&str, i64, Vec<MailMeasure>)> = Vec::new();
            for (measure, detail, at) in events.iter() {
                if *measure != MailMeasure::Sent {
                    continue;
                }
                let again = (sends.iter().rev()).find(|s| s.0 == detail.as_str());
                if again.is_none_or(|s| at - s.1 >= MINUTES_PER_DAY) {
                    sends.push((detail, *at, Vec::new()));
                }
            }
            let mut count = |measure: MailMeasure, detail: &str, at: i64| {
                let week = ((at - start) / (7 * MINUTES_PER_DAY)) as u32;
                let mail = period.mails.entry(detail.to_owned()).or_default();
                *mail.total.entry(measure).or_default() += 1;
                *mail.weekly.entry((week, measure)).or_default() += 1;
            };
            for &(detail, at, _) in &sends {
                count(MailMeasure::Sent, detail, at);
            }
            for (measure, detail, at) in events.iter() {
                if *measure == MailMeasure::Sent {
                    continue;
                }
                let of_mail = |s: &&mut (&str, i64, Vec<MailMeasure>)| s.0 == detail.as_str();
                let before = (sends.iter_mut().rev())
                    .filter(of_mail)
                    .find(|s| s.1 <= *at);
                let send = match before {
                    Some(send) => Some(send),
                    None => sends.iter_mut().find(|s| s.0 == detail.as_str()),
                };
                if let Some(send) = send.filter(|s| !s.2.contains(measure)) {
                    send.2.push(*measure);
                    count(*measure, detail, *at);
                }
            }
            events.clear();
        }
    }
}

/// How the recorded mails are tied to the scenarios' mails.
#[derive(Debug, Clone, Default)]
pub struct Ties {
    /// The recorded mails (details) of each scenario mail.
    pub details: BTreeMap<MailRef, Vec<String>>,
    /// Recorded mails that name no scenario mail, or more than one.
    pub untied: Vec<String>,
}

impl Ties {
    /// Ties each recorded mail in `sent` (the details of the mails sent, in order) to the
    /// scenario mail it is tied to `by_hand` (`ResponseSettings::mail_ties`) or names
    /// (`simulate::ties`); a detail naming two mails, or none, is left untied.
    pub fn find<'a>(
        scenarios: &[Scenario],
        by_hand: &BTreeMap<String, String>,
        sent: impl IntoIterator<Item = &'a String>,
    ) -> Ties {
        let index = MailIndex::new(scenarios, by_hand);
        let mut ties = Ties::default();
        for detail in sent {
            match index.tie(detail) {
                Some(mail) => (ties.details.entry(mail.clone()).or_default()).push(detail.clone()),
                None => ties.untied.push(detail.clone()),
            }
        }
        ties
    }

    /// What `period` recorded of the scenario mail `mail` (summed over its recorded mails), or
    /// `None` when no recorded mail is tied to it.
    pub fn recorded(&self, period: &RecordedPeriod, mail: &MailRef) -> Option<RecordedMail> {
        let details = self.details.get(mail)?;
        let mut sum = RecordedMail::default();
        for detail in details {
            if let Some(recorded) = period.mails.get(detail) {
                for (m, n) in &recorded.total {
                    *sum.total.entry(*m).or_default() += n;
                }
                for (k, n) in &recorded.weekly {
                    *sum.weekly.entry(*k).or_default() += n;
                }
            }
        }
        Some(sum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_send_counts_and_each_response_once_for_the_send_before_it() {
        let day = MINUTES_PER_DAY;
        let event = |m: MailMeasure, d: &str, at: i64| (m, d.to_owned(), at);
        let mut recorded = Recorded::default();
        // A newsletter sent twice in the window (its first send recorded twice), opened after
        // each send and twice after the second; a welcome mail opened before its send was
        // recorded (a clock apart); an open of a mail never sent in the window.
        let mut mails = [
            vec![
                event(MailMeasure::Sent, "nl", day),
                event(MailMeasure::Sent, "nl", day + 1),
                event(MailMeasure::Opened, "nl", day + 60),
                event(MailMeasure::Opened, "welcome", 2 * day - 1),
                event(MailMeasure::Sent, "welcome", 2 * day),
                event(MailMeasure::Sent, "nl", 15 * day),
                event(MailMeasure::Opened, "nl", 15 * day + 1),
                event(MailMeasure::Opened, "nl", 16 * day),
                event(MailMeasure::Clicked, "nl", 16 * day),
                event(MailMeasure::Opened, "old", 3 * day),
            ],
            Vec::new(),
        ];
        recorded.add_lead(0, 30 * day, &mut mails);
        let total = |detail: &str, m: MailMeasure| {
            (recorded.window.mails.get(detail))
                .and_then(|r| r.total.get(&m).copied())
                .unwrap_or(0)
        };
        assert_eq!(total("nl", MailMeasure::Sent), 2);
        assert_eq!(total("nl", MailMeasure::Opened), 2);
        assert_eq!(total("nl", MailMeasure::Clicked), 1);
        assert_eq!(total("welcome", MailMeasure::Opened), 1);
        assert_eq!(total("old", MailMeasure::Opened), 0);
        // Each in the week it happened.
        let weekly = &recorded.window.mails["nl"].weekly;
        assert_eq!(weekly.get(&(0, MailMeasure::Sent)), Some(&1));
        assert_eq!(weekly.get(&(2, MailMeasure::Sent)), Some(&1));
        assert!(mails.iter().all(Vec::is_empty));
    }
}
