//! Autosaved drafts: the editor's unsaved work on a scenario, one per scenario id, so that a crash
//! or a closed window loses nothing. A draft need not validate (it is work in progress); it is
//! read back with the same parser as a stored scenario. Saving a scenario or removing it removes
//! its draft (`scenarios::save_all`, `scenarios::remove`).

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::ReadError;
use super::{StoreError, Workspace};
use crate::format;
use crate::model::ScenarioFile;

/// A draft, as listed.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct DraftInfo {
    /// The scenario's id.
    pub scenario_id: String,
    /// The scenario's name in the draft (empty when the draft no longer reads).
    pub name: String,
    /// When the draft was written (Unix seconds).
    pub saved_at: i64,
    /// Whether the scenario has a saved version in the workspace.
    pub stored: bool,
}

/// Writes `file` as the draft of its scenario, replacing an earlier draft. A draft the same as the
/// saved scenario holds no unsaved work, so it is not kept: an autosave that reaches the workspace
/// just after a save of the same edits leaves no draft behind.
pub fn put(ws: &mut Workspace, file: &ScenarioFile, saved_at: i64) -> Result<(), StoreError> {
    let json = format::to_json(file);
    let id = file.id.as_str();
    let tx = ws.transaction()?;
    if super::stored_json(&tx, id)?.as_deref() == Some(json.as_str()) {
        tx.execute("DELETE FROM scenario_drafts WHERE scenario_id = ?1", [id])?;
    } else {
        tx.execute(
            "INSERT INTO scenario_drafts (scenario_id, json, saved_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (scenario_id) DO UPDATE SET json = excluded.json, saved_at = excluded.saved_at",
            params![id, json, saved_at],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// The draft of scenario `id`, with when it was written.
pub fn get(conn: &Connection, id: &str) -> Result<Option<(ScenarioFile, i64)>, ReadError> {
    let row: Option<(String, i64)> = conn
        .query_row(
            "SELECT json, saved_at FROM scenario_drafts WHERE scenario_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(StoreError::from)?;
    row.map(|(json, at)| {
        format::parse_scenario(&json)
            .map(|file| (file, at))
            .map_err(|source| ReadError::Format {
                id: id.to_owned(),
                source,
            })
    })
    .transpose()
}

/// Every draft, newest first (ties by id).
pub fn list(conn: &Connection) -> Result<Vec<DraftInfo>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT d.scenario_id, d.json, d.saved_at,
                EXISTS (SELECT 1 FROM scenarios s WHERE s.id = d.scenario_id)
         FROM scenario_drafts d ORDER BY d.saved_at DESC, d.scenario_id",
    )?;
    let rows = stmt.query_map([], |r| {
        let json: String = r.get(1)?;
        Ok(DraftInfo {
            scenario_id: r.get(0)?,
            name: format::parse_scenario(&json)
                .map(|f| f.name)
                .unwrap_or_default(),
            saved_at: r.get(2)?,
            stored: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Removes the draft of scenario `id`; whether there was one.
pub fn discard(ws: &mut Workspace, id: &str) -> Result<bool, StoreError> {
    let tx = ws.transaction()?;
    let n = tx.execute("DELETE FROM scenario_drafts WHERE scenario_id = ?1", [id])?;
    tx.commit()?;
    Ok(n > 0)
}
