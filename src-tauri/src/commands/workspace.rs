//! Opening a workspace, and what the start screen and the title bar show of it.

use std::path::{Path, PathBuf};

use scenario_studio::store::drafts::{self, DraftInfo};
use scenario_studio::store::scenarios::{self, StoredScenario};
use scenario_studio::store::{StoreError, Workspace};
use serde::Serialize;

use super::{live, simulation};
use crate::error::CommandError;
use crate::state::{AppState, lock};

/// The open workspace as the start screen and the title bar show it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct WorkspaceInfo {
    /// Its file.
    pub path: PathBuf,
    /// Its file name, for the title bar.
    pub name: String,
    /// Its scenarios.
    pub scenarios: Vec<StoredScenario>,
    /// The autosaved drafts of unsaved work, newest first.
    pub drafts: Vec<DraftInfo>,
    /// How many leads it holds.
    pub leads: i64,
}

pub(crate) fn info(ws: &Workspace) -> Result<WorkspaceInfo, CommandError> {
    let path = ws.path().to_owned();
    Ok(WorkspaceInfo {
        name: path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        scenarios: scenarios::list(ws.conn())?,
        drafts: drafts::list(ws.conn())?,
        leads: simulation::lead_count(ws)? as i64,
        path,
    })
}

/// Opens a workspace file, creating it when `create` is set and it does not exist yet.
pub(crate) fn open_or_create(path: &Path, create: bool) -> Result<Workspace, StoreError> {
    if create && !path.exists() {
        Workspace::create(path)
    } else {
        Workspace::open(path)
    }
}

/// Opens (or with `create`, creates) the workspace the window works in.
#[tauri::command]
pub(crate) fn open_workspace(
    path: PathBuf,
    create: bool,
    state: tauri::State<AppState>,
) -> Result<WorkspaceInfo, CommandError> {
    let ws = open_or_create(&path, create)?;
    let shown = info(&ws)?;
    *lock(&state.workspace) = Some(ws);
    live::forget(&state.live);
    Ok(shown)
}

/// The open workspace, if any.
#[tauri::command]
pub(crate) fn workspace_info(
    state: tauri::State<AppState>,
) -> Result<Option<WorkspaceInfo>, CommandError> {
    let guard = lock(&state.workspace);
    guard.as_ref().map(info).transpose()
}

/// A scenario file named on the command line (after the workspace), opened on start.
#[tauri::command]
pub(crate) fn startup_file() -> Option<PathBuf> {
    std::env::args_os().nth(2).map(PathBuf::from)
}
