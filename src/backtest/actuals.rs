//! What the workspace recorded in a period, in the terms of a forecast: per recorded mail (the
//! event's detail), how many leads were sent it, opened it, clicked in it and unsubscribed after
//! it, in total and per week of the period; and how a recorded mail is tied to a scenario's mail.

use std::collections::BTreeMap;

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::scenario::Scenario;
use crate::scoring::ScoringModel;
use crate::simulate::attributes::Wanted;
use crate::simulate::eval::timeline;
use crate::simulate::input;
use crate::simulate::ties::MailIndex;
use crate::store::StoreError;

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
    /// Per recorded mail (the event's detail, as written): each (lead, mail, measure) counted
    /// once, in the week of its first event; an open, click or unsubscribe only when the lead was
    /// sent the mail in the period too (as a forecast of the period counts them: the responses
    /// to its own sends).
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

/// Leads read at a time for the MQL crossings.
const MQL_CHUNK: usize = 10_000;

/// A lead's mail events in one period, in time order: (measure, mail, when).
type LeadMails = Vec<(MailMeasure, String, i64)>;

impl Recorded {
    /// Reads both periods around `cutoff` (Unix seconds), each `span` seconds long, in one scan
    /// of the events (on a million leads each scan costs one to three seconds) and one of the
    /// deal changes.
    pub fn read(
        conn: &Connection,
        scoring: &ScoringModel,
        cutoff: i64,
        span: i64,
    ) -> Result<Recorded, StoreError> {
        let mut statement = conn.prepare(
            "SELECT lead_id, at, kind, detail FROM lead_events
             WHERE at >= ?1 AND at < ?2 ORDER BY lead_id, at",
        )?;
        let mut recorded = Recorded::default();
        let mut lead = None;
        let mut mails: [LeadMails; 2] = Default::default();
        let mut rows = statement.query(params![cutoff - span, cutoff + span])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let at: i64 = row.get(1)?;
            if lead != Some(id) {
                recorded.add_lead(cutoff, span, &mut mails);
                lead = Some(id);
            }
            let kind = row.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
            let (index, period) = if at >= cutoff {
                (0, &mut recorded.window)
            } else {
                (1, &mut recorded.before)
            };
            crate::store::count_one(&mut period.events, kind);
            if let Some(measure) = MailMeasure::from_event_kind(kind) {
                mails[index].push((measure, row.get(3)?, at));
            }
        }
        recorded.add_lead(cutoff, span, &mut mails);
        let mut statement = conn.prepare(
            "SELECT changed_at, status FROM deal_status_history
             WHERE changed_at >= ?1 AND changed_at < ?2",
        )?;
        let mut rows = statement.query(params![cutoff - span, cutoff + span])?;
        while let Some(row) = rows.next()? {
            let at: i64 = row.get(0)?;
            let status = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            let period = if at >= cutoff {
                &mut recorded.window
            } else {
                &mut recorded.before
            };
            crate::store::count_one(&mut period.deal_changes, status);
        }
        // Scores depend on everything a lead did before, so this reads every lead's whole
        // history, as a forecast reads it.
        let (from, span) = (cutoff.div_euclid(60), span.div_euclid(60));
        let periods = [(from, from + span), (from - span, from)];
        let mut crossings = [0; 2];
        let nothing = Wanted::tested_by(&[]);
        input::for_each_chunk_of(conn, scoring, from, MQL_CHUNK, &nothing, |leads| {
            for lead in leads {
                let h = &lead.history;
                for (n, window) in crossings.iter_mut().zip(periods) {
                    *n += u64::from(timeline::becomes_mql(
                        scoring,
                        h.fit,
                        &h.events,
                        &[],
                        window,
                    ));
                }
            }
            Ok::<(), StoreError>(())
        })?;
        recorded.window.mql_crossings = crossings[0];
        recorded.before.mql_crossings = crossings[1];
        Ok(recorded)
    }

    /// Counts one lead's mail events of each period (and empties them).
    fn add_lead(&mut self, cutoff: i64, span: i64, mails: &mut [LeadMails; 2]) {
        let periods = [
            (&mut self.window, cutoff),
            (&mut self.before, cutoff - span),
        ];
        for ((period, from), events) in periods.into_iter().zip(mails.iter_mut()) {
            for (i, (measure, detail, at)) in events.iter().enumerate() {
                let first = !events[..i]
                    .iter()
                    .any(|(m, d, _)| m == measure && d == detail);
                let sent = *measure == MailMeasure::Sent
                    || events
                        .iter()
                        .any(|(m, d, _)| *m == MailMeasure::Sent && d == detail);
                if first && sent {
                    let week = ((at - from) / 604_800) as u32;
                    let mail = period.mails.entry(detail.clone()).or_default();
                    *mail.total.entry(*measure).or_default() += 1;
                    *mail.weekly.entry((week, *measure)).or_default() += 1;
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
