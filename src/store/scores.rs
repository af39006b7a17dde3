//! Scores of every lead of a workspace at a moment, from the recorded history: how many leads the
//! scoring model makes MQLs now, and how scores are distributed.

use rusqlite::Connection;
use serde::Serialize;

use super::StoreError;
use crate::lead::{EmployeeBand, EventKind, JobLevel};
use crate::scoring::{ScoreState, ScoringModel};
use crate::time::Minute;

/// Scores at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ScoreSummary {
    /// Leads scored.
    pub leads: u64,
    /// Leads at or above the MQL threshold.
    pub mql: u64,
    /// The threshold used.
    pub mql_threshold: i32,
    /// Leads per score band of 10 points: `(lower bound, count)`, lowest first; scores below 0 are
    /// in the band of 0's lower neighbours (-10 …).
    pub distribution: Vec<(i32, u64)>,
}

fn band_of(code: Option<String>) -> Option<EmployeeBand> {
    let code = code?;
    EmployeeBand::ALL.into_iter().find(|b| b.code() == code)
}

fn level_of(code: Option<String>) -> Option<JobLevel> {
    let code = code?;
    JobLevel::ALL.into_iter().find(|l| l.code() == code)
}

/// Scores every lead at `as_of` (minutes since the epoch) from the events recorded up to then.
/// One pass over leads and one over events, both in lead order, so memory does not grow with them.
pub fn score_leads(
    conn: &Connection,
    model: &ScoringModel,
    as_of: Minute,
) -> Result<ScoreSummary, StoreError> {
    let mut leads =
        conn.prepare("SELECT id, job_level, employee_band, industry FROM leads ORDER BY id")?;
    let mut events = conn.prepare(
        "SELECT lead_id, at, kind, detail FROM lead_events WHERE at <= ?1 ORDER BY lead_id, at, kind, detail",
    )?;
    let mut event_rows = events.query([as_of * 60])?;
    let mut pending = event_rows.next()?.map(|r| read_event(r)).transpose()?;
    let mut distribution = std::collections::BTreeMap::<i32, u64>::new();
    let (mut count, mut mql) = (0u64, 0u64);
    let mut lead_rows = leads.query([])?;
    while let Some(row) = lead_rows.next()? {
        let id: i64 = row.get(0)?;
        let fit = model.fit(
            level_of(row.get(1)?),
            band_of(row.get(2)?),
            &row.get::<_, String>(3)?,
        );
        let mut state = ScoreState::new(model, fit);
        while let Some((lead, at, kind, detail)) = &pending {
            if *lead > id {
                break;
            }
            if *lead == id
                && let Some(kind) = kind
            {
                state.add(*kind, detail, at / 60);
            }
            pending = event_rows.next()?.map(|r| read_event(r)).transpose()?;
        }
        let score = state.score_at(as_of);
        count += 1;
        mql += u64::from(score >= model.mql_threshold);
        *distribution.entry(score.div_euclid(10) * 10).or_insert(0) += 1;
    }
    Ok(ScoreSummary {
        leads: count,
        mql,
        mql_threshold: model.mql_threshold,
        distribution: distribution.into_iter().collect(),
    })
}

type EventRow = (i64, i64, Option<EventKind>, String);

fn read_event(r: &rusqlite::Row) -> rusqlite::Result<EventRow> {
    let kind: String = r.get(2)?;
    Ok((r.get(0)?, r.get(1)?, EventKind::from_code(&kind), r.get(3)?))
}

/// The workspace's MQL threshold (its scoring settings, or the default).
pub fn mql_threshold(conn: &Connection) -> Result<i32, StoreError> {
    let model: ScoringModel = super::documents::load(conn, super::documents::SCORING_MODEL)?;
    Ok(model.mql_threshold)
}

/// The moment a workspace's scores are shown at: its last recorded event (minutes), or the epoch
/// for a workspace without events.
pub fn last_recorded(conn: &Connection) -> Result<Minute, StoreError> {
    let last: Option<i64> = conn.query_row("SELECT max(at) FROM lead_events", [], |r| r.get(0))?;
    Ok(last.unwrap_or(0).div_euclid(60))
}

/// The scores of the leads `ids` under `model` at `as_of` (minutes), in the order given (0 for an
/// id that is no lead): what a page of the leads screen shows beside each lead.
pub fn scores_of(
    conn: &Connection,
    model: &ScoringModel,
    ids: &[i64],
    as_of: Minute,
) -> Result<Vec<i32>, StoreError> {
    let mut lead =
        conn.prepare_cached("SELECT job_level, employee_band, industry FROM leads WHERE id = ?1")?;
    let mut events = conn.prepare_cached(
        "SELECT lead_id, at, kind, detail FROM lead_events WHERE lead_id = ?1 AND at <= ?2 \
         ORDER BY at, kind, detail",
    )?;
    let mut scores = Vec::with_capacity(ids.len());
    for &id in ids {
        use rusqlite::OptionalExtension;
        let fit = lead
            .query_row([id], |r| {
                Ok(model.fit(
                    level_of(r.get(0)?),
                    band_of(r.get(1)?),
                    &r.get::<_, String>(2)?,
                ))
            })
            .optional()?;
        let Some(fit) = fit else {
            scores.push(0);
            continue;
        };
        let mut state = ScoreState::new(model, fit);
        let mut rows = events.query([id, as_of * 60])?;
        while let Some(row) = rows.next()? {
            let (_, at, kind, detail) = read_event(row)?;
            if let Some(kind) = kind {
                state.add(kind, &detail, at / 60);
            }
        }
        scores.push(state.score_at(as_of));
    }
    Ok(scores)
}
