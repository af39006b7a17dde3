//! Scores of every lead of a workspace at a moment, from the recorded history: how many leads the
//! scoring model makes MQLs now, and how scores are distributed.

use rusqlite::Connection;
use serde::Serialize;

use super::StoreError;
use crate::lead::{EmployeeBand, EventKind, JobLevel};
use crate::model::expr::DealStatus;
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

/// The fit points under `model` of a lead stored with these job level and band codes.
pub fn fit_of(
    model: &ScoringModel,
    job_level: Option<&str>,
    band: Option<&str>,
    industry: &str,
) -> i32 {
    model.fit(
        job_level.and_then(JobLevel::from_code),
        band.and_then(EmployeeBand::from_code),
        industry,
    )
}

/// Scores every lead at `as_of` (minutes since the epoch) from the events recorded up to then.
/// One pass over the leads' histories in lead order, so memory does not grow with them.
pub fn score_leads(
    conn: &Connection,
    model: &ScoringModel,
    as_of: Minute,
) -> Result<ScoreSummary, StoreError> {
    let mut distribution = std::collections::BTreeMap::<i32, u64>::new();
    let (mut count, mut mql) = (0u64, 0u64);
    for_each_history(conn, Some(as_of), |lead| {
        let score = lead.score_at(model, as_of);
        count += 1;
        mql += u64::from(score >= model.mql_threshold);
        *distribution.entry(score.div_euclid(10) * 10).or_insert(0) += 1;
        Ok(())
    })?;
    Ok(ScoreSummary {
        leads: count,
        mql,
        mql_threshold: model.mql_threshold,
        distribution: distribution.into_iter().collect(),
    })
}

/// One lead's recorded history, as scores read it.
#[derive(Debug, Clone, Default)]
pub struct LeadHistory {
    /// The lead's id.
    pub id: i64,
    /// 役職区分.
    pub job_level: Option<JobLevel>,
    /// 従業員規模.
    pub band: Option<EmployeeBand>,
    /// 業種.
    pub industry: String,
    /// When it was created (minutes), if recorded.
    pub created: Option<Minute>,
    /// Its events in time order (minutes), those of unknown kinds left out.
    pub events: Vec<(Minute, EventKind, String)>,
    /// Its deal status changes in time order (minutes), those of unknown statuses left out.
    pub deals: Vec<(Minute, DealStatus)>,
}

impl LeadHistory {
    /// Its fit points under `model`.
    pub fn fit(&self, model: &ScoringModel) -> i32 {
        model.fit(self.job_level, self.band, &self.industry)
    }

    /// Its score under `model` at `at` (minutes), from its events (those read, up to then).
    pub fn score_at(&self, model: &ScoringModel, at: Minute) -> i32 {
        let mut state = ScoreState::new(model, self.fit(model));
        for (t, kind, detail) in self.events.iter().take_while(|e| e.0 <= at) {
            state.add(*kind, detail, *t);
        }
        state.score_at(at)
    }

    /// The first moment it is known to exist: its creation, else its first record.
    pub fn since(&self) -> Option<Minute> {
        let first = [
            self.events.first().map(|e| e.0),
            self.deals.first().map(|d| d.0),
        ];
        self.created.or(first.into_iter().flatten().min())
    }
}

/// Every lead's history up to `until` (minutes; all of it when none), in lead order, handed to
/// `f` one lead at a time: three cursors in step (leads, events, deal changes), so that memory
/// holds one lead's history, not the workspace's.
pub fn for_each_history(
    conn: &Connection,
    until: Option<Minute>,
    mut f: impl FnMut(&LeadHistory) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let until = until.map_or(i64::MAX, |m| m.saturating_mul(60));
    let mut leads = conn.prepare(
        "SELECT id, job_level, employee_band, industry, created_at FROM leads ORDER BY id",
    )?;
    let mut events = conn.prepare(
        "SELECT lead_id, at, kind, detail FROM lead_events WHERE at <= ?1 ORDER BY lead_id, at, kind, detail",
    )?;
    let mut deals = conn.prepare(
        "SELECT lead_id, changed_at, status FROM deal_status_history WHERE changed_at <= ?1 \
         ORDER BY lead_id, changed_at, status",
    )?;
    let mut event_rows = events.query([until])?;
    let mut deal_rows = deals.query([until])?;
    let mut next_event = event_rows.next()?.map(read_event).transpose()?;
    let mut next_deal = (deal_rows.next()?)
        .map(|r| {
            Ok::<_, rusqlite::Error>((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .transpose()?;
    let mut lead = LeadHistory::default();
    let mut lead_rows = leads.query([])?;
    while let Some(row) = lead_rows.next()? {
        lead.id = row.get(0)?;
        lead.job_level = row
            .get::<_, Option<String>>(1)?
            .as_deref()
            .and_then(JobLevel::from_code);
        lead.band = (row.get::<_, Option<String>>(2)?)
            .as_deref()
            .and_then(EmployeeBand::from_code);
        lead.industry = row.get(3)?;
        lead.created = row.get::<_, Option<i64>>(4)?.map(|s| s.div_euclid(60));
        lead.events.clear();
        lead.deals.clear();
        while let Some((id, at, kind, detail)) = next_event.take() {
            if id > lead.id {
                next_event = Some((id, at, kind, detail));
                break;
            }
            if id == lead.id
                && let Some(kind) = kind
            {
                lead.events.push((at.div_euclid(60), kind, detail));
            }
            next_event = event_rows.next()?.map(read_event).transpose()?;
        }
        while let Some((id, at, status)) = next_deal.take() {
            if id > lead.id {
                next_deal = Some((id, at, status));
                break;
            }
            if id == lead.id
                && let Some(status) = DealStatus::ALL.into_iter().find(|s| s.code() == status)
            {
                lead.deals.push((at.div_euclid(60), status));
            }
            next_deal = (deal_rows.next()?)
                .map(|r| Ok::<_, rusqlite::Error>((r.get(0)?, r.get(1)?, r.get(2)?)))
                .transpose()?;
        }
        f(&lead)?;
    }
    Ok(())
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

/// The last moment the workspace records anything, an event or a deal change (minutes), or the
/// epoch for a workspace without either: "now" for a condition evaluated on the workspace as it
/// stands.
pub fn history_end(conn: &Connection) -> Result<Minute, StoreError> {
    let last: Option<i64> = conn.query_row(
        "SELECT max(m) FROM (SELECT max(at) AS m FROM lead_events
                             UNION ALL SELECT max(changed_at) FROM deal_status_history)",
        [],
        |r| r.get(0),
    )?;
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
                let (level, band): (Option<String>, Option<String>) = (r.get(0)?, r.get(1)?);
                Ok(fit_of(
                    model,
                    level.as_deref(),
                    band.as_deref(),
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

/// A kept version of the scoring model.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ScoringVersion {
    /// Its number (1 for the oldest kept).
    pub number: i64,
    /// When it was kept (Unix seconds).
    pub saved_at: i64,
    /// What it was.
    pub note: String,
    /// Its MQL threshold.
    pub mql_threshold: i32,
    /// Whether it is the model in use.
    pub in_use: bool,
}

/// The kept versions of the scoring model, oldest first.
pub fn versions(conn: &Connection) -> Result<Vec<ScoringVersion>, StoreError> {
    let in_use: ScoringModel = super::documents::load(conn, super::documents::SCORING_MODEL)?;
    let mut statement =
        conn.prepare("SELECT id, saved_at, note, json FROM scoring_versions ORDER BY id")?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (number, saved_at, note, json) = row?;
        let model = read_version(number, &json)?;
        out.push(ScoringVersion {
            number,
            saved_at,
            note,
            mql_threshold: model.mql_threshold,
            in_use: false,
        });
        if model == in_use {
            // Only the newest equal version is the one in use.
            out.iter_mut().for_each(|v| v.in_use = false);
            out.last_mut().expect("pushed").in_use = true;
        }
    }
    Ok(out)
}

/// The scoring model kept as version `number`; none when there is no such version.
pub fn version(conn: &Connection, number: i64) -> Result<Option<ScoringModel>, StoreError> {
    use rusqlite::OptionalExtension;
    let json: Option<String> = conn
        .query_row(
            "SELECT json FROM scoring_versions WHERE id = ?1",
            [number],
            |r| r.get(0),
        )
        .optional()?;
    json.map(|j| read_version(number, &j)).transpose()
}

fn read_version(number: i64, json: &str) -> Result<ScoringModel, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::BadSetting {
        key: format!("scoring_versions/{number}"),
        detail: e.to_string(),
    })
}

/// Makes `model` the scoring model in use and keeps it as a new version with `note`, in one
/// transaction; the first time, the model it replaces is kept first (note `replaced`), so that
/// it can be restored. `saved_at` (Unix seconds) comes from the caller: the engine has no clock.
/// Returns the new version's number.
pub fn keep_version(
    ws: &mut super::Workspace,
    model: &ScoringModel,
    note: &str,
    replaced: &str,
    saved_at: i64,
) -> Result<i64, StoreError> {
    let previous: ScoringModel =
        super::documents::load(ws.conn(), super::documents::SCORING_MODEL)?;
    let tx = ws.transaction()?;
    let kept: i64 = tx.query_row("SELECT count(*) FROM scoring_versions", [], |r| r.get(0))?;
    let insert = |json: String, note: &str| {
        tx.execute(
            "INSERT INTO scoring_versions (json, note, saved_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![json, note, saved_at],
        )
    };
    if kept == 0 {
        insert(
            serde_json::to_string(&previous).expect("a model serialises"),
            replaced,
        )?;
    }
    insert(
        serde_json::to_string(model).expect("a model serialises"),
        note,
    )?;
    let number = tx.last_insert_rowid();
    super::documents::save(&tx, super::documents::SCORING_MODEL, model)?;
    tx.commit()?;
    Ok(number)
}
