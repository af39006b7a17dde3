//! The workspace as it stood at a cut-off: a copy in a temporary folder holding only the leads
//! created before it, the events and deal changes recorded before it, and every setting and
//! scenario. A forecast made on the copy is the forecast the workspace would have made that day:
//! every model (responses, behaviour, inflow, scoring, sales) is fitted by the same code as always,
//! and none of them can see past the cut-off.

use rusqlite::{Connection, params};

use crate::model::expr::Attribute;

use crate::store::{self, StoreError, Workspace};

/// A copy of a workspace as of a cut-off, removed with its folder when dropped.
pub struct Snapshot {
    workspace: Workspace,
    _dir: tempfile::TempDir,
}

impl Snapshot {
    /// The copy.
    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }
}

/// The tables copied whole: what the user set up, not what was recorded.
const SETTINGS_TABLES: [&str; 4] = [
    "scenarios",
    "scenario_history",
    "settings",
    "checklist_answers",
];

/// Which leads (`t`) existed at the cut-off `?1`: leads without a creation date are taken to have
/// been there all along.
const EXISTING_AT: &str = "t.created_at IS NULL OR t.created_at < ?1";

/// How many leads of `ws` existed at `cutoff` (Unix seconds): the leads a back-test forecasts.
pub fn leads_at(ws: &Workspace, cutoff: i64) -> Result<u64, StoreError> {
    let n: i64 = ws.conn().query_row(
        &format!("SELECT count(*) FROM leads AS t WHERE {EXISTING_AT}"),
        params![cutoff],
        |r| r.get(0),
    )?;
    Ok(n.max(0) as u64)
}

/// Copies `source` as it stood at `cutoff` (Unix seconds) into a new workspace in a temporary
/// folder.
///
/// What a lead's row holds now may be newer than the cut-off: a lead whose only recorded
/// unsubscribe is at or after the cut-off was still mailable then, and is copied so.
pub fn as_of(source: &Workspace, cutoff: i64) -> Result<Snapshot, StoreError> {
    let dir = tempfile::Builder::new()
        .prefix("scenario-backtest-")
        .tempdir()
        .map_err(|e| StoreError::Io {
            path: std::env::temp_dir(),
            source: e,
        })?;
    let workspace = Workspace::create(&dir.path().join("as-of-cutoff.scenario-ws"))?;
    copy(workspace.conn(), source, cutoff)?;
    Ok(Snapshot {
        workspace,
        _dir: dir,
    })
}

fn copy(dest: &Connection, source: &Workspace, cutoff: i64) -> Result<(), StoreError> {
    // A scratch copy: no journal to keep and nothing to sync, and its indexes built once from the
    // copied rows rather than row by row (on a million leads the back-test's peak fell from
    // 450–485 to about 400 MiB).
    dest.execute_batch("PRAGMA main.journal_mode = OFF; PRAGMA main.synchronous = OFF;")?;
    // The copy streams through: a small page cache, and the index builds' sorts spilled to
    // files, keep its peak low (a million leads: 135 MiB with the workspace's 64 MiB cache and
    // in-memory sorts, 23 MiB so, and no slower). The forecast that reads the copy gets the
    // workspace's settings back.
    let (cache, temp): (i64, i64) = (
        dest.query_row("PRAGMA main.cache_size", [], |r| r.get(0))?,
        dest.query_row("PRAGMA temp_store", [], |r| r.get(0))?,
    );
    dest.execute_batch("PRAGMA main.cache_size = -8192; PRAGMA temp_store = FILE;")?;
    // Rows copied from a consistent workspace need no foreign-key check each (a million leads:
    // about 2 s of the copy's 8).
    dest.execute_batch("PRAGMA foreign_keys = OFF;")?;
    let indexes: Vec<(String, String)> = dest
        .prepare("SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (name, _) in &indexes {
        dest.execute_batch(&format!("DROP INDEX main.\"{name}\""))?;
    }
    // A workspace in a read-only place is attached as it stands, as it was opened.
    let attached = if store::is_read_only(source.conn()) {
        store::immutable_uri(source.path()).ok_or(StoreError::NotWritable)?
    } else {
        source.path().to_string_lossy().into_owned()
    };
    dest.execute("ATTACH DATABASE ?1 AS src", params![attached])?;
    let copied = copy_attached(dest, cutoff);
    dest.execute("DETACH DATABASE src", [])?;
    copied?;
    for (_, sql) in &indexes {
        dest.execute_batch(sql)?;
    }
    dest.execute_batch(&format!(
        "PRAGMA main.cache_size = {cache}; PRAGMA temp_store = {temp}; PRAGMA foreign_keys = ON;
         PRAGMA shrink_memory;"
    ))?;
    Ok(())
}

fn copy_attached(dest: &Connection, cutoff: i64) -> Result<(), StoreError> {
    let insert = |table: &str, select_where: &str| -> Result<(), StoreError> {
        let columns = columns(dest, table)?;
        let list = columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let qualified = columns
            .iter()
            .map(|c| format!("t.\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        dest.execute(
            &format!("INSERT INTO main.{table} ({list}) SELECT {qualified} FROM src.{table} AS t {select_where}"),
            params![cutoff],
        )?;
        Ok(())
    };
    dest.execute_batch("BEGIN")?;
    let result = (|| {
        insert("leads", &format!("WHERE {EXISTING_AT}"))?;
        insert(
            "lead_events",
            "JOIN main.leads AS l ON l.id = t.lead_id WHERE t.at < ?1",
        )?;
        insert(
            "deal_status_history",
            "JOIN main.leads AS l ON l.id = t.lead_id WHERE t.changed_at < ?1",
        )?;
        for table in SETTINGS_TABLES {
            let no_cutoff = "WHERE ?1 IS NOT NULL";
            insert(table, no_cutoff)?;
        }
        dest.execute(
            "UPDATE main.leads SET opted_out = 0
             WHERE opted_out = 1
               AND EXISTS (SELECT 1 FROM src.lead_events AS e
                           WHERE e.lead_id = leads.id AND e.kind = 'unsubscribe' AND e.at >= ?1)
               AND NOT EXISTS (SELECT 1 FROM src.lead_events AS e
                               WHERE e.lead_id = leads.id AND e.kind = 'unsubscribe' AND e.at < ?1)",
            params![cutoff],
        )?;
        Ok(())
    })();
    match result {
        Ok(()) => dest.execute_batch("COMMIT")?,
        Err(_) => dest.execute_batch("ROLLBACK")?,
    }
    result
}

/// A value a back-tested scenario writes on leads (`update_field`), with the recorded mails tied
/// to that scenario's mails: what shows that the scenario ran on a lead.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The field written.
    pub field: Attribute,
    /// The value.
    pub value: String,
    /// The recorded mails (event details) of the scenario.
    pub mails: Vec<String>,
}

/// Takes back in `copy` (a snapshot as of `window.0`) the value a back-tested scenario wrote on
/// leads in the window. An export carries each field as it stood on the export's day: a
/// suppression flag that the re-engagement scenario set in the window kept the forecast from
/// enrolling the very leads it enrolled. A lead that has the value, was sent the scenario's mails
/// in `window` (as `source` recorded it) and never before the cut-off (the copy holds what came
/// before), had it from that run: the field is emptied. Returns for how many leads.
pub fn unwrite(
    copy: &Connection,
    source: &Connection,
    window: (i64, i64),
    written: &Written,
) -> Result<u64, StoreError> {
    let Some(clear) = crate::store::browse::attribute_clear_sql(&written.field) else {
        return Ok(0);
    };
    if written.mails.is_empty() {
        return Ok(0);
    }
    let read = crate::store::browse::attribute_sql(&written.field);
    let path = match &written.field {
        Attribute::Custom(name) => crate::store::browse::custom_path(name),
        _ => String::new(),
    };
    let mails = serde_json::Value::from(written.mails.as_slice()).to_string();
    // ?1 is a custom field's path (bound whether or not the field reads it: SQLite counts
    // parameters up to the highest number used).
    let holders: Vec<i64> = copy
        .prepare(&format!(
            "SELECT id FROM leads WHERE {read} = ?2 \
             AND NOT EXISTS (SELECT 1 FROM lead_events WHERE lead_id = leads.id \
               AND kind = 'email_send' AND detail IN (SELECT value FROM json_each(?3))) \
             ORDER BY id"
        ))?
        .query_map(params![path, written.value, mails], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut in_window = source.prepare(
        "SELECT EXISTS (SELECT 1 FROM lead_events WHERE lead_id = ?1 AND at >= ?2 AND at < ?3 \
         AND kind = 'email_send' AND detail IN (SELECT value FROM json_each(?4)))",
    )?;
    let mut take_back = copy.prepare(&format!("UPDATE leads SET {clear} WHERE id = ?2"))?;
    let mut count = 0;
    for id in holders {
        let ran: bool =
            in_window.query_row(params![id, window.0, window.1, mails], |r| r.get(0))?;
        if ran {
            count += take_back.execute(params![path, id])? as u64;
        }
    }
    Ok(count)
}

/// The columns of `table` in the new workspace, which the source (opened, so of the same schema
/// version) has too, whatever their order there.
fn columns(dest: &Connection, table: &str) -> Result<Vec<String>, StoreError> {
    let mut statement = dest.prepare(&format!("PRAGMA main.table_info({table})"))?;
    let names = statement
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(names)
}
