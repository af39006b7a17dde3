//! Answers given by hand to checklist items the workspace cannot show (a dedicated owner,
//! review meetings), or that the user overrides. One answer per item; the latest wins.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::StoreError;

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManualAnswer {
    /// The checklist item's id.
    pub item: String,
    /// `yes`, `partial` or `no`.
    pub answer: String,
    /// Why, in the user's words.
    pub note: String,
    /// When (Unix seconds, from the caller: the engine has no clock).
    pub answered_at: i64,
}

/// Stores `answer` for `item`, replacing an earlier one.
pub fn save(conn: &Connection, answer: &ManualAnswer) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO checklist_answers (item, answer, note, answered_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (item) DO UPDATE SET answer = excluded.answer, note = excluded.note,
                                          answered_at = excluded.answered_at",
        params![answer.item, answer.answer, answer.note, answer.answered_at],
    )?;
    Ok(())
}

/// Removes the answer for `item`; whether there was one.
pub fn clear(conn: &Connection, item: &str) -> Result<bool, StoreError> {
    Ok(conn.execute("DELETE FROM checklist_answers WHERE item = ?1", [item])? > 0)
}

/// Every stored answer, by item.
pub fn list(conn: &Connection) -> Result<Vec<ManualAnswer>, StoreError> {
    let mut stmt = conn
        .prepare("SELECT item, answer, note, answered_at FROM checklist_answers ORDER BY item")?;
    let rows = stmt.query_map([], |r| {
        Ok(ManualAnswer {
            item: r.get(0)?,
            answer: r.get(1)?,
            note: r.get(2)?,
            answered_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
