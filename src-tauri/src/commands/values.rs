//! What conditions are checked against: the values the workspace's leads have for an attribute
//! (the property form's pick-lists, the validator's "matches no lead"), and how many leads a
//! condition matches now (the form's live count).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use scenario_studio::model::expr::{Attribute, Expr};
use scenario_studio::simulate::matching::MatchCount;
use scenario_studio::store::browse::AttributeValues;
use scenario_studio::store::{StoreError, Workspace};

use crate::error::{CommandError, crashed};
use crate::state::{AppState, lock, workspace_path};

/// A pick-list shows at most so many of a free-text attribute's values.
const PICK_LIST: usize = 300;

/// The values read for the validator, kept until the leads change: the editor validates on
/// every edit, and reading an attribute's values scans every lead.
#[derive(Default)]
pub(crate) struct ValuesSlot(Mutex<Option<Kept>>);

struct Kept {
    leads: String,
    values: BTreeMap<Attribute, Option<Vec<(String, u64)>>>,
}

/// What changes when leads are added, imported or removed.
pub(crate) fn leads_fingerprint(ws: &Workspace) -> Result<String, StoreError> {
    Ok(ws.conn().query_row(
        "SELECT (SELECT count(*) FROM leads) || ':' || (SELECT coalesce(max(id), 0) FROM leads)
             || ':' || (SELECT coalesce(max(id), 0) FROM imports)",
        [],
        |r| r.get(0),
    )?)
}

/// The values the workspace's leads have for each attribute `file` compares (those with at most
/// `MOST_VALUES` distinct values; none without leads), read once per state of the leads.
pub(crate) fn lead_values(
    slot: &ValuesSlot,
    ws: &Workspace,
    file: &scenario_studio::model::ScenarioFile,
) -> Result<BTreeMap<Attribute, Vec<(String, u64)>>, StoreError> {
    use scenario_studio::store::scenarios::compared_attributes;
    let wanted: BTreeSet<Attribute> = compared_attributes(file);
    let leads = leads_fingerprint(ws)?;
    let mut kept = lock(&slot.0);
    if kept.as_ref().is_none_or(|k| k.leads != leads) {
        *kept = Some(Kept {
            leads,
            values: BTreeMap::new(),
        });
    }
    let values = &mut kept.as_mut().expect("set above").values;
    let missing: BTreeSet<Attribute> = (wanted.iter())
        .filter(|a| !values.contains_key(*a))
        .cloned()
        .collect();
    let mut read = scenario_studio::store::scenarios::lead_values(ws.conn(), &missing)?;
    for attribute in missing {
        let found = read.remove(&attribute);
        values.insert(attribute, found);
    }
    Ok(wanted
        .into_iter()
        .filter_map(|a| Some((a.clone(), values.get(&a)?.clone()?)))
        .collect())
}

/// The values the workspace's leads have for `attribute`: its vocabulary with counts, or the
/// most common values (at most 300).
#[tauri::command]
pub async fn attribute_values(
    attribute: Attribute,
    state: tauri::State<'_, AppState>,
) -> Result<AttributeValues, CommandError> {
    let path = workspace_path(&state)?;
    tauri::async_runtime::spawn_blocking(move || {
        let ws = Workspace::open(&path)?;
        Ok(scenario_studio::store::browse::attribute_values(
            ws.conn(),
            &attribute,
            PICK_LIST,
        )?)
    })
    .await
    .map_err(|e| crashed(&e))?
}

/// How many of the workspace's leads `expr` matches at the last recorded moment.
#[tauri::command]
pub async fn count_matching(
    expr: Expr,
    state: tauri::State<'_, AppState>,
) -> Result<MatchCount, CommandError> {
    let path = workspace_path(&state)?;
    tauri::async_runtime::spawn_blocking(move || {
        let ws = Workspace::open(&path)?;
        Ok(scenario_studio::simulate::matching::count_matching(
            ws.conn(),
            &expr,
        )?)
    })
    .await
    .map_err(|e| crashed(&e))?
}
