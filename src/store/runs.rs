//! Saved simulation runs: the parameters and results of a forecast, kept in the workspace so that the
//! app and reports can show them again without re-running.

use rusqlite::{Connection, Transaction, params};
use serde::Serialize;

use super::StoreError;

/// A saved run, as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedRun {
    /// Its id.
    pub id: i64,
    /// When it was saved (Unix seconds).
    pub created_at: i64,
    /// Its parameters (JSON).
    pub params: serde_json::Value,
}

/// Saves a run; returns its id. `created_at` comes from the caller (the engine has no clock).
pub fn save(
    tx: &Transaction,
    created_at: i64,
    params: &impl Serialize,
    results: &impl Serialize,
) -> Result<i64, StoreError> {
    let params = serde_json::to_string(params).expect("parameters serialise");
    let results = serde_json::to_string(results).expect("results serialise");
    tx.execute(
        "INSERT INTO simulation_runs (created_at, params, results) VALUES (?1, ?2, ?3)",
        params![created_at, params, results],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The saved runs, newest first.
pub fn list(conn: &Connection) -> Result<Vec<SavedRun>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT id, created_at, params FROM simulation_runs ORDER BY id DESC")?;
    let rows = stmt.query_map([], |r| {
        let params: String = r.get(2)?;
        Ok(SavedRun {
            id: r.get(0)?,
            created_at: r.get(1)?,
            params: serde_json::from_str(&params).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A saved run's results (JSON), if it exists.
pub fn results(conn: &Connection, id: i64) -> Result<Option<serde_json::Value>, StoreError> {
    use rusqlite::OptionalExtension;
    let text: Option<String> = conn
        .query_row(
            "SELECT results FROM simulation_runs WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text.map(|t| serde_json::from_str(&t).unwrap_or_default()))
}
