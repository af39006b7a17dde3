//! Scenarios kept in the workspace: each one's current version (canonical JSON) and every saved
//! version with its change note (DESIGN.md §4: files are the interchange format, not the storage).
//!
//! Only valid scenarios are stored (the caller validates); a version identical to the current one
//! adds no history. Reading a stored scenario goes through the same two-stage parser as a file, so a
//! workspace edited by a newer version is refused with the same message.

use crate::ErrorKind;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{ReadError, StoreError, Workspace};
use crate::format;
use crate::model::ScenarioFile;
use crate::model::expr::Attribute;

/// A stored scenario, as listed.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct StoredScenario {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its status, or that its document no longer reads.
    pub status: StoredStatus,
    /// When its current version was saved (Unix seconds).
    pub updated_at: i64,
    /// How many versions were saved.
    pub versions: i64,
}

/// A stored scenario's status as listed: its lifecycle status, or `unreadable` when its
/// document no longer reads (whether it is active cannot be told).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StoredStatus {
    /// 下書き.
    Draft,
    /// 稼働中.
    Active,
    /// 一時停止.
    Paused,
    /// Its document no longer reads.
    Unreadable,
}

impl From<crate::model::Status> for StoredStatus {
    fn from(status: crate::model::Status) -> Self {
        match status {
            crate::model::Status::Draft => StoredStatus::Draft,
            crate::model::Status::Active => StoredStatus::Active,
            crate::model::Status::Paused => StoredStatus::Paused,
        }
    }
}

impl StoredStatus {
    /// How a list names it.
    pub fn label(self) -> crate::Localized {
        let (ja, en) = match self {
            StoredStatus::Draft => ("下書き", "draft"),
            StoredStatus::Active => ("稼働中", "active"),
            StoredStatus::Paused => ("一時停止", "paused"),
            StoredStatus::Unreadable => ("読めません", "unreadable"),
        };
        crate::Localized::new(ja, en)
    }
}

/// One saved version.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Version {
    /// When (Unix seconds).
    pub saved_at: i64,
    /// The change note given on save.
    pub note: String,
}

/// Saves `files` (validated by the caller) as the current versions of their scenarios, with
/// `note`, in one transaction: all are saved or none; their drafts are removed. `saved_at` comes from the caller (the engine
/// has no clock). Returns, per file, whether it changed anything.
pub fn save_all(
    ws: &mut Workspace,
    files: &[ScenarioFile],
    note: &str,
    saved_at: i64,
) -> Result<Vec<bool>, StoreError> {
    let tx = ws.transaction()?;
    let mut changed = Vec::new();
    for file in files {
        let json = format::to_json(file);
        let id = file.id.as_str();
        storable(&tx, file, &json)?;
        // Saved work needs no draft any more, even when it changed nothing.
        tx.execute("DELETE FROM scenario_drafts WHERE scenario_id = ?1", [id])?;
        if super::stored_json(&tx, id)?.as_deref() == Some(json.as_str()) {
            changed.push(false);
            continue;
        }
        tx.execute(
            "INSERT INTO scenarios (id, json, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at",
            params![id, json, saved_at],
        )?;
        tx.execute(
            "INSERT INTO scenario_history (scenario_id, json, note, saved_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, json, note, saved_at],
        )?;
        changed.push(true);
    }
    tx.commit()?;
    Ok(changed)
}

/// The largest scenario (its JSON) the workspace stores. A 300-node scenario is about 150 KB; at
/// 1 MiB its JSON and BPMN exports stay within what the tool reads back (`format::MAX_FILE_BYTES`,
/// 16 MiB), even when every character of it is one XML escapes into six (`"` → `&quot;`, in the
/// name, again in the embedded data: 13 times the JSON at worst, measured).
pub const MAX_SCENARIO_BYTES: usize = (format::MAX_FILE_BYTES / 16) as usize;

/// Refuses what the workspace could store but not hand back whole: a node position that is no
/// number (JSON has none: it would be stored as `null`), a scenario too large for its own exports
/// to be read back, an id that differs from a stored one only in case.
fn storable(tx: &rusqlite::Transaction, file: &ScenarioFile, json: &str) -> Result<(), StoreError> {
    let refuse = |ja: String, en: String| StoreError::Unstorable {
        id: file.id.to_string(),
        why: en,
        why_ja: ja,
    };
    if let Some(node) =
        (file.nodes.iter()).find(|n| !(n.position.x.is_finite() && n.position.y.is_finite()))
    {
        return Err(refuse(
            format!("ノード {} の位置が数値ではありません", node.id),
            format!("node {}'s position is not a number", node.id),
        ));
    }
    if json.len() > MAX_SCENARIO_BYTES {
        return Err(refuse(
            format!(
                "{} バイトあります。保存できるのは {MAX_SCENARIO_BYTES} バイトまでです（書き出したファイルを読み戻せる大きさ）",
                json.len()
            ),
            format!(
                "it is {} bytes; a stored scenario is at most {MAX_SCENARIO_BYTES} bytes (so that its exports read back)",
                json.len()
            ),
        ));
    }
    let clash: Option<String> = tx
        .query_row(
            "SELECT id FROM scenarios WHERE lower(id) = lower(?1) AND id <> ?1",
            [file.id.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(other) = clash {
        return Err(refuse(
            format!(
                "ID が保存済みのシナリオ {other} と大文字・小文字しか違いません（Windows・macOS では同じファイル名になります）"
            ),
            format!(
                "its id differs from the stored scenario {other} only in case (one file name on Windows and macOS)"
            ),
        ));
    }
    Ok(())
}

/// Renames stored scenario `id`: its current version with the new name becomes a new version
/// with a change note saying so, and a draft of it is renamed too (its other edits are kept), in
/// one transaction. Returns whether the name changed; `Ok(None)` when `id` is not stored.
pub fn rename(
    ws: &mut Workspace,
    id: &str,
    name: &str,
    saved_at: i64,
) -> Result<Option<bool>, ReadError> {
    let Some(mut file) = load(ws.conn(), id)? else {
        return Ok(None);
    };
    if file.name == name {
        return Ok(Some(false));
    }
    let draft = super::drafts::get(ws.conn(), id)?;
    let note = format!(
        "名前を変更: {old} → {name} / renamed: {old} → {name}",
        old = file.name
    );
    file.name = name.to_owned();
    let json = format::to_json(&file);
    let tx = ws.transaction()?;
    tx.execute(
        "UPDATE scenarios SET json = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, json, saved_at],
    )
    .map_err(StoreError::from)?;
    tx.execute(
        "INSERT INTO scenario_history (scenario_id, json, note, saved_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, json, note, saved_at],
    )
    .map_err(StoreError::from)?;
    if let Some((mut draft, at)) = draft {
        draft.name = name.to_owned();
        tx.execute(
            "UPDATE scenario_drafts SET json = ?2, saved_at = ?3 WHERE scenario_id = ?1",
            params![id, format::to_json(&draft), at],
        )
        .map_err(StoreError::from)?;
    }
    tx.commit().map_err(StoreError::from)?;
    Ok(Some(true))
}

/// The stored scenarios, by id. A stored document that no longer reads is listed with an empty
/// name and status `unreadable`.
pub fn list(conn: &Connection) -> Result<Vec<StoredScenario>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.json, s.updated_at, (SELECT COUNT(*) FROM scenario_history h WHERE h.scenario_id = s.id)
         FROM scenarios s ORDER BY s.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let json: String = r.get(1)?;
        let (status, name) = match format::parse_scenario(&json) {
            Ok(file) => (StoredStatus::from(file.status), file.name),
            Err(_) => (StoredStatus::Unreadable, String::new()),
        };
        Ok(StoredScenario {
            id: r.get(0)?,
            name,
            status,
            updated_at: r.get(2)?,
            versions: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A stored document of scenario `id` read as a scenario, through the file format's parser.
fn parse_stored(id: &str, json: Option<String>) -> Result<Option<ScenarioFile>, ReadError> {
    json.map(|j| {
        format::parse_scenario(&j).map_err(|source| ReadError::Format {
            id: id.to_owned(),
            source,
        })
    })
    .transpose()
}

/// The current version of scenario `id`, if it is stored.
pub fn load(conn: &Connection, id: &str) -> Result<Option<ScenarioFile>, ReadError> {
    let json = super::stored_json(conn, id).map_err(StoreError::from)?;
    parse_stored(id, json)
}

/// Version `number` of scenario `id` (1 is the first saved, as `history` lists them), if there is
/// one.
pub fn version(
    conn: &Connection,
    id: &str,
    number: u32,
) -> Result<Option<ScenarioFile>, ReadError> {
    let Some(offset) = number.checked_sub(1) else {
        return Ok(None);
    };
    let json: Option<String> = conn
        .query_row(
            "SELECT json FROM scenario_history WHERE scenario_id = ?1 ORDER BY saved_at, id LIMIT 1 OFFSET ?2",
            params![id, offset],
            |r| r.get(0),
        )
        .optional()
        .map_err(StoreError::from)?;
    parse_stored(id, json)
}

/// The saved versions of scenario `id`, oldest first.
pub fn history(conn: &Connection, id: &str) -> Result<Vec<Version>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT saved_at, note FROM scenario_history WHERE scenario_id = ?1 ORDER BY saved_at, id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Version {
            saved_at: r.get(0)?,
            note: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The stored scenarios that name scenario `id` (switch to it or suppress while in it), by id.
/// Documents that no longer read are skipped.
pub fn referring_to(conn: &Connection, id: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare("SELECT id, json FROM scenarios WHERE id <> ?1 ORDER BY id")?;
    let rows = stmt.query_map([id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut referring = Vec::new();
    for row in rows {
        let (other, json) = row?;
        if let Ok(file) = format::parse_scenario(&json)
            && file.referenced_scenarios().iter().any(|r| r.as_str() == id)
        {
            referring.push(other);
        }
    }
    Ok(referring)
}

/// Why a stored scenario was not removed.
#[derive(Debug, thiserror::Error)]
pub enum RemoveError {
    /// The workspace.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// There is no such scenario.
    #[error("there is no scenario {0} in the workspace")]
    NotStored(String),
    /// Other stored scenarios switch to it or suppress while in it: they would be left naming
    /// nothing.
    #[error("{id} is named by {}", by.join(", "))]
    StillNamed {
        /// The scenario.
        id: String,
        /// Those naming it, by id.
        by: Vec<String>,
    },
}

impl RemoveError {
    /// A stable name for the kind of failure.
    pub fn kind(&self) -> crate::ErrorKind {
        match self {
            RemoveError::Store(e) => e.kind(),
            RemoveError::NotStored(_) => ErrorKind::UnknownScenario,
            RemoveError::StillNamed { .. } => ErrorKind::StillReferredTo,
        }
    }

    /// The message in both languages.
    pub fn localized(&self) -> crate::Localized {
        match self {
            RemoveError::Store(e) => e.localized(),
            RemoveError::NotStored(id) => ReadError::NotStored(id.clone()).localized(),
            RemoveError::StillNamed { id, by } => {
                let by = by.join(", ");
                crate::Localized::new(
                    format!(
                        "{id} は {by} から参照されています（切替先・配信抑制）。先にそれらを直してください"
                    ),
                    format!("{id} is named by {by} (a switch or a suppression): change them first"),
                )
            }
        }
    }
}

/// Removes scenario `id`, its history and its draft, in one transaction. Refused while other
/// stored scenarios name it (`referring_to`: they would be left naming nothing), unless `force`.
pub fn remove(ws: &mut Workspace, id: &str, force: bool) -> Result<(), RemoveError> {
    let tx = ws.transaction()?;
    let stored: bool = tx
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM scenarios WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )
        .map_err(StoreError::from)?;
    if !stored {
        return Err(RemoveError::NotStored(id.to_owned()));
    }
    let by = referring_to(&tx, id)?;
    if !by.is_empty() && !force {
        return Err(RemoveError::StillNamed {
            id: id.to_owned(),
            by,
        });
    }
    tx.execute("DELETE FROM scenarios WHERE id = ?1", [id])
        .map_err(StoreError::from)?;
    tx.execute("DELETE FROM scenario_history WHERE scenario_id = ?1", [id])
        .map_err(StoreError::from)?;
    tx.execute("DELETE FROM scenario_drafts WHERE scenario_id = ?1", [id])
        .map_err(StoreError::from)?;
    tx.commit().map_err(StoreError::from)?;
    Ok(())
}

/// The first of `base`, `base-2`, `base-3` … (with `first` in place of `base` when given: `base`
/// itself is then never used) that no stored scenario has.
fn free_id(conn: &Connection, base: &str, first: Option<&str>) -> Result<String, StoreError> {
    let taken: Vec<String> = list(conn)?.into_iter().map(|s| s.id).collect();
    let mut id = first.map_or_else(|| base.to_owned(), str::to_owned);
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    Ok(id)
}

/// A new scenario with only a trigger (a lead is created), named 新しいシナリオ, under an id no
/// stored scenario has (`scenario-1`, `scenario-2` …).
pub fn new_scenario(conn: &Connection) -> Result<ScenarioFile, StoreError> {
    use crate::model::node::{Node, NodeKind, TriggerEvent};
    let id = free_id(conn, "scenario", Some("scenario-1"))?;
    Ok(ScenarioFile {
        format: Default::default(),
        id: id.as_str().into(),
        name: "新しいシナリオ".to_owned(),
        description: String::new(),
        status: Default::default(),
        language: Default::default(),
        owner: String::new(),
        settings: Default::default(),
        nodes: vec![Node {
            id: "trigger".into(),
            title: String::new(),
            position: Default::default(),
            kind: NodeKind::Trigger {
                event: TriggerEvent::LeadCreated,
            },
        }],
        edges: Vec::new(),
    })
}

/// Stores a copy of scenario `id` under a new id (`<id>-copy`, `<id>-copy-2` …), as a draft
/// named 「…（コピー）」, with a change note saying where it came from; the copy's id.
pub fn duplicate(ws: &mut Workspace, id: &str, saved_at: i64) -> Result<String, ReadError> {
    let Some(mut file) = load(ws.conn(), id)? else {
        return Err(ReadError::NotStored(id.to_owned()));
    };
    let copy = free_id(ws.conn(), &format!("{id}-copy"), None)?;
    file.id = copy.as_str().into();
    file.name = format!("{}（コピー）", file.name);
    file.status = crate::model::Status::Draft;
    let note = format!("{id} から複製 / duplicated from {id}");
    save_all(ws, std::slice::from_ref(&file), &note, saved_at)?;
    Ok(copy)
}

/// How a scenario is validated against this workspace: a switch or suppression may name the
/// scenarios it holds, and a hand-off should hand off at its MQL threshold.
pub fn validation_options(
    conn: &Connection,
    files: &[&ScenarioFile],
) -> Result<crate::ValidationOptions, StoreError> {
    let compared = files.iter().flat_map(|f| compared_attributes(f)).collect();
    Ok(crate::ValidationOptions {
        known_scenarios: Some(list(conn)?.iter().map(|s| s.id.as_str().into()).collect()),
        mql_threshold: Some(super::scores::mql_threshold(conn)?),
        lead_values: lead_values(conn, &compared)?,
        ..crate::ValidationOptions::default()
    })
}

/// At most so many distinct values of an attribute are read for the validator; an attribute
/// with more (company names) is not checked.
pub const MOST_VALUES: usize = 5_000;

/// The attributes `file`'s conditions (segment, goal, exit, condition nodes) ask a value of.
pub fn compared_attributes(file: &ScenarioFile) -> std::collections::BTreeSet<Attribute> {
    use crate::model::expr::{Expr, TextOp};
    let mut out = std::collections::BTreeSet::new();
    for root in file.conditions() {
        root.walk(&mut |e| {
            if let Expr::Attribute { attribute, op, .. } = e
                && matches!(
                    op,
                    TextOp::Equals | TextOp::OneOf | TextOp::Contains | TextOp::StartsWith
                )
            {
                out.insert(attribute.clone());
            }
        });
    }
    out
}

/// The values the workspace's leads have for each of `attributes` (`browse::attribute_values`),
/// those with at most `MOST_VALUES` distinct values: what the validator checks conditions against.
/// A workspace without leads checks nothing (every condition would match no one).
pub fn lead_values(
    conn: &Connection,
    attributes: &std::collections::BTreeSet<Attribute>,
) -> Result<std::collections::BTreeMap<Attribute, Vec<(String, u64)>>, StoreError> {
    let mut out = std::collections::BTreeMap::new();
    let any: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM leads)", [], |r| r.get(0))?;
    if !any {
        return Ok(out);
    }
    for attribute in attributes {
        let read = super::browse::attribute_values(conn, attribute, MOST_VALUES)?;
        if read.complete {
            let values = read.values.into_iter().filter(|v| v.count > 0);
            out.insert(
                attribute.clone(),
                values.map(|v| (v.value, v.count)).collect(),
            );
        }
    }
    Ok(out)
}
