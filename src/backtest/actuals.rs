//! What the workspace recorded in a period, in the terms of a forecast: per recorded mail (the
//! event's detail), how many leads were sent it, opened it, clicked in it and unsubscribed after
//! it, in total and per week of the period; and how a recorded mail is tied to a scenario's mail.

use std::collections::BTreeMap;

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::scenario::Scenario;
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

/// What the workspace recorded of its mails in one period `[from, to)` (Unix seconds).
#[derive(Debug, Clone, Default)]
pub struct RecordedPeriod {
    /// Per recorded mail (the event's detail, as written).
    pub mails: BTreeMap<String, RecordedMail>,
}

impl RecordedPeriod {
    /// Reads the period: each (lead, mail, measure) counted once, in the week of its first event;
    /// an open, click or unsubscribe only when the lead was sent the mail in the period too (as a
    /// forecast of the period counts them: the responses to its own sends).
    pub fn read(conn: &Connection, from: i64, to: i64) -> Result<RecordedPeriod, StoreError> {
        let mut statement = conn.prepare(
            "SELECT e.kind, e.detail, (min(e.at) - ?1) / 604800
             FROM lead_events AS e
             WHERE e.at >= ?1 AND e.at < ?2
               AND e.kind IN ('email_send', 'email_open', 'email_click', 'unsubscribe')
               AND (e.kind = 'email_send' OR EXISTS (
                   SELECT 1 FROM lead_events AS s
                   WHERE s.lead_id = e.lead_id AND s.kind = 'email_send' AND s.detail = e.detail
                     AND s.at >= ?1 AND s.at < ?2))
             GROUP BY e.lead_id, e.kind, e.detail",
        )?;
        let mut period = RecordedPeriod::default();
        let mut rows = statement.query(params![from, to])?;
        while let Some(row) = rows.next()? {
            let kind: String = row.get(0)?;
            let detail: String = row.get(1)?;
            let week: i64 = row.get(2)?;
            let Some(measure) = MailMeasure::from_event_kind(&kind) else {
                continue;
            };
            let mail = period.mails.entry(detail).or_default();
            *mail.total.entry(measure).or_default() += 1;
            *mail.weekly.entry((week as u32, measure)).or_default() += 1;
        }
        Ok(period)
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
    /// Ties each mail ever sent in the workspace (its detail) to the scenario mail it is tied to
    /// by hand or names (`simulate::ties`); a detail naming two mails, or none, is left untied.
    pub fn find(conn: &Connection, scenarios: &[Scenario]) -> Result<Ties, StoreError> {
        let by_hand = crate::simulate::settings::SimulationSettings::load(conn)?
            .response
            .mail_ties;
        let index = MailIndex::new(scenarios, &by_hand);
        let mut ties = Ties::default();
        let mut statement = conn.prepare(
            "SELECT DISTINCT detail FROM lead_events WHERE kind = 'email_send' ORDER BY detail",
        )?;
        let details = statement
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        for detail in details {
            match index.tie(&detail) {
                Some(mail) => ties.details.entry(mail.clone()).or_default().push(detail),
                None => ties.untied.push(detail),
            }
        }
        Ok(ties)
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
