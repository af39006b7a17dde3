//! The scenarios stored in the open workspace: loading, saving (versions and autosaved drafts),
//! renaming, copying, creating and deleting them. The rules (a copy's id, a new scenario, what
//! may be deleted) are the engine's store's; these commands hold the window's lock around them.

use scenario_studio::ErrorKind;
use scenario_studio::Localized;
use scenario_studio::model::ScenarioFile;
use scenario_studio::store::Workspace;
use scenario_studio::store::drafts;
use scenario_studio::store::scenarios;
use serde::Serialize;

use super::workspace::{WorkspaceInfo, info};
use crate::error::{CommandError, failure};
use crate::state::{AppState, lock, open_mut, open_ref};

/// A scenario stored in the open workspace.
#[tauri::command]
pub(crate) fn load_scenario(
    id: String,
    state: tauri::State<AppState>,
) -> Result<ScenarioFile, CommandError> {
    let guard = lock(&state.workspace);
    let ws = open_ref(&guard)?;
    stored(ws, &id)
}

/// The stored scenario `id`, or why it cannot be had.
fn stored(ws: &Workspace, id: &str) -> Result<ScenarioFile, CommandError> {
    match scenarios::load(ws.conn(), id)? {
        Some(file) => Ok(file),
        None => Err(scenario_studio::store::ReadError::NotStored(id.to_owned()).into()),
    }
}

/// Saves a scenario in the open workspace as a new version with a change note (in one
/// transaction). A scenario with problems is saved too, so no work is lost; the problems stay
/// listed, and a simulation takes only scenarios without errors.
#[tauri::command]
pub(crate) fn save_scenario(
    scenario: ScenarioFile,
    note: String,
    saved_at: i64,
    state: tauri::State<AppState>,
) -> Result<WorkspaceInfo, CommandError> {
    let mut guard = lock(&state.workspace);
    let ws = open_mut(&mut guard)?;
    scenarios::save_all(ws, std::slice::from_ref(&scenario), &note, saved_at)?;
    info(ws)
}

/// Autosaves the editor's unsaved work on a scenario as its draft, replacing an earlier one.
#[tauri::command]
pub(crate) fn save_draft(
    scenario: ScenarioFile,
    saved_at: i64,
    state: tauri::State<AppState>,
) -> Result<(), CommandError> {
    let mut guard = lock(&state.workspace);
    let ws = open_mut(&mut guard)?;
    Ok(drafts::put(ws, &scenario, saved_at)?)
}

/// An autosaved draft, with when it was written.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Draft {
    /// The scenario as it was being edited.
    pub scenario: ScenarioFile,
    /// When it was written (Unix seconds).
    pub saved_at: i64,
}

/// The draft of scenario `id`, if there is one.
#[tauri::command]
pub(crate) fn draft_of(
    id: String,
    state: tauri::State<AppState>,
) -> Result<Option<Draft>, CommandError> {
    let guard = lock(&state.workspace);
    let ws = open_ref(&guard)?;
    let found = drafts::get(ws.conn(), &id)
        .map_err(|e| failure(ErrorKind::UnreadableDraft, e.localized()))?;
    Ok(found.map(|(scenario, saved_at)| Draft { scenario, saved_at }))
}

/// Throws away the draft of scenario `id`.
#[tauri::command]
pub(crate) fn discard_draft(
    id: String,
    state: tauri::State<AppState>,
) -> Result<WorkspaceInfo, CommandError> {
    let mut guard = lock(&state.workspace);
    let ws = open_mut(&mut guard)?;
    drafts::discard(ws, &id)?;
    info(ws)
}

/// Renames a stored scenario (a new version with a change note; its draft keeps its edits).
#[tauri::command]
pub(crate) fn rename_scenario(
    id: String,
    name: String,
    saved_at: i64,
    state: tauri::State<AppState>,
) -> Result<WorkspaceInfo, CommandError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(failure(
            ErrorKind::EmptyName,
            Localized::new("シナリオ名が空です", "the scenario name is empty"),
        ));
    }
    let mut guard = lock(&state.workspace);
    let ws = open_mut(&mut guard)?;
    match scenarios::rename(ws, &id, name, saved_at)? {
        Some(_) => info(ws),
        None => stored(ws, &id).and_then(|_| info(ws)),
    }
}

/// Deletes a stored scenario and its history. Refused while another scenario switches to it or
/// names it in its suppression list (that one would be left pointing at nothing).
#[tauri::command]
pub(crate) fn delete_scenario(
    id: String,
    state: tauri::State<AppState>,
) -> Result<WorkspaceInfo, CommandError> {
    let mut guard = lock(&state.workspace);
    let ws = open_mut(&mut guard)?;
    scenarios::remove(ws, &id, false)?;
    info(ws)
}

/// Stores a copy of a scenario under a new id (`<id>-copy`, `<id>-copy-2` …), as a draft, named
/// "(コピー)".
#[tauri::command]
pub(crate) fn duplicate_scenario(
    id: String,
    saved_at: i64,
    state: tauri::State<AppState>,
) -> Result<WorkspaceInfo, CommandError> {
    let mut guard = lock(&state.workspace);
    let ws = open_mut(&mut guard)?;
    scenarios::duplicate(ws, &id, saved_at)?;
    info(ws)
}

/// A new scenario with only a trigger, under an id not used in the open workspace.
#[tauri::command]
pub(crate) fn new_scenario(state: tauri::State<AppState>) -> Result<ScenarioFile, CommandError> {
    let guard = lock(&state.workspace);
    Ok(scenarios::new_scenario(open_ref(&guard)?.conn())?)
}
