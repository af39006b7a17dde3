//! What the workspace's recorded history says, read in one pass over its events (and one over its
//! leads' creation dates): the facts the response model, the behaviour model, the triggers and the
//! inflow of new leads are fitted from.
//!
//! Each model could ask SQLite for its own figures, but every such question is a scan of the
//! whole event table (millions of rows); one scan in key order answers all of them.

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::lead::EventKind;
use crate::store::StoreError;

/// Facts of the recorded history.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryFacts {
    /// The latest recorded event (seconds since the epoch).
    pub last_at: Option<i64>,
    /// Mails sent, opened and clicked, each mail counted once per lead however often it was
    /// opened or clicked.
    pub mails: [u64; 3],
    /// Events of each kind, by kind code.
    pub counts: BTreeMap<String, u64>,
    /// How often each detail (page, document, form, webinar) occurs, by kind code.
    pub details: BTreeMap<String, BTreeMap<String, u64>>,
    /// Lead-days observed: for each lead, from its creation (or its first event) to `last_at`.
    pub lead_days: f64,
    /// Each webinar's first attendance (seconds), by the webinar's name.
    pub webinar_first: BTreeMap<String, i64>,
    /// Leads created in the last `INFLOW_DAYS` days of the history (or since the first lead was
    /// created, if that is later).
    pub recent_created: u64,
    /// The days `recent_created` is counted over.
    pub recent_days: f64,
    /// The most recently created of them (at most `RECENT_LEADS`), by row id in id order: what
    /// new leads are modelled on.
    pub recent_ids: Vec<i64>,
}

/// How many of the recently created leads `recent_ids` keeps.
pub const RECENT_LEADS: usize = 2_000;

/// The days at the end of the history over which new leads per day are counted.
pub const INFLOW_DAYS: i64 = 90;

/// Kinds whose details are counted (what organic behaviour draws).
fn detailed(kind: EventKind) -> bool {
    crate::simulate::behaviour::DRAWN.contains(&kind)
}

impl HistoryFacts {
    /// Reads the facts: one pass over the events in key order, one over the leads' creation.
    pub fn read(conn: &Connection) -> Result<HistoryFacts, StoreError> {
        let mut facts = HistoryFacts::default();
        let mut first_at: Vec<(i64, i64)> = Vec::new();
        let mut statement =
            conn.prepare("SELECT lead_id, at, kind, detail FROM lead_events ORDER BY lead_id, at")?;
        let mut rows = statement.query([])?;
        let mut lead: Option<i64> = None;
        // Each lead's mails as (kind, mail number): mail names are numbered once, so that a row
        // allocates nothing (the table has millions).
        let mut mail_numbers: BTreeMap<String, u32> = BTreeMap::new();
        let mut mails: Vec<(usize, u32)> = Vec::new();
        let flush = |mails: &mut Vec<(usize, u32)>, totals: &mut [u64; 3]| {
            mails.sort_unstable();
            mails.dedup();
            for (kind, _) in mails.drain(..) {
                totals[kind] += 1;
            }
        };
        let mut counts = [0u64; EventKind::ALL.len()];
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let at: i64 = row.get(1)?;
            if lead != Some(id) {
                flush(&mut mails, &mut facts.mails);
                lead = Some(id);
                first_at.push((id, at));
            }
            facts.last_at = Some(facts.last_at.map_or(at, |l| l.max(at)));
            let Some(kind) = EventKind::from_code(row.get_ref(2)?.as_str().unwrap_or_default())
            else {
                continue;
            };
            let detail = row.get_ref(3)?.as_str().unwrap_or_default();
            if let Some(i) = EventKind::ALL.iter().position(|k| *k == kind) {
                counts[i] += 1;
            }
            let mail = match kind {
                EventKind::EmailSend => Some(0),
                EventKind::EmailOpen => Some(1),
                EventKind::EmailClick => Some(2),
                _ => None,
            };
            if let Some(mail) = mail {
                let next = mail_numbers.len() as u32;
                let number = match mail_numbers.get(detail) {
                    Some(&n) => n,
                    None => *mail_numbers.entry(detail.to_owned()).or_insert(next),
                };
                mails.push((mail, number));
            }
            if detailed(kind) {
                let of_kind = facts.details.entry(kind.code().to_owned()).or_default();
                match of_kind.get_mut(detail) {
                    Some(n) => *n += 1,
                    None => {
                        of_kind.insert(detail.to_owned(), 1);
                    }
                }
            }
            if kind == EventKind::WebinarAttendance {
                let first = facts.webinar_first.entry(detail.to_owned()).or_insert(at);
                *first = (*first).min(at);
            }
        }
        facts.counts = (EventKind::ALL.iter())
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| (k.code().to_owned(), n))
            .collect();
        flush(&mut mails, &mut facts.mails);
        drop(rows);
        let Some(last) = facts.last_at else {
            return Ok(facts);
        };
        // Lead-days: leads and first events are both in id order.
        let mut leads = conn.prepare("SELECT id, created_at FROM leads ORDER BY id")?;
        let mut rows = leads.query([])?;
        let mut firsts = first_at.into_iter().peekable();
        let mut seconds = 0.0;
        let recent_from = last - INFLOW_DAYS * 86_400;
        let mut earliest_created = last;
        let mut recent = std::collections::BinaryHeap::new();
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let created: Option<i64> = row.get(1)?;
            if let Some(c) = created.filter(|&c| c <= last) {
                earliest_created = earliest_created.min(c);
                if c > recent_from {
                    facts.recent_created += 1;
                    recent.push(std::cmp::Reverse((c, id)));
                    if recent.len() > RECENT_LEADS {
                        recent.pop(); // The earliest of them.
                    }
                }
            }
            while firsts.next_if(|f| f.0 < id).is_some() {}
            let first = firsts.next_if(|f| f.0 == id).map(|f| f.1);
            let from = created.or(first).unwrap_or(last);
            seconds += (last - from).max(0) as f64;
        }
        facts.lead_days = seconds / 86_400.0;
        facts.recent_days = (last - earliest_created.max(recent_from)) as f64 / 86_400.0;
        facts.recent_ids = recent.into_iter().map(|r| r.0.1).collect();
        facts.recent_ids.sort_unstable();
        Ok(facts)
    }

    /// How many events of `kind` were recorded.
    pub fn count(&self, kind: EventKind) -> u64 {
        self.counts.get(kind.code()).copied().unwrap_or(0)
    }
}
