//! Opening a workspace, and what the start screen and the title bar show of it.

use std::path::{Path, PathBuf};

use scenario_studio::localized::Lang;
use scenario_studio::store::drafts::{self, DraftInfo};
use scenario_studio::store::scenarios::{self, StoredScenario};
use scenario_studio::store::{StoreError, Workspace, default};
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
    adopt(open_or_create(&path, create)?, &state)
}

/// Makes `ws` the window's workspace, and says what the start screen shows of it.
fn adopt(ws: Workspace, state: &AppState) -> Result<WorkspaceInfo, CommandError> {
    let shown = info(&ws)?;
    *lock(&state.workspace) = Some(ws);
    live::forget(&state.live);
    Ok(shown)
}

/// Opens the default workspace (creating it and its folder on first use): the one file in the
/// app's data folder (Tauri's `app_data_dir`, `~/.local/share/jp.scenario-studio.desktop` on Linux),
/// named in `lang` when it is created. The window starts on it when no workspace was named and
/// none was opened before.
#[tauri::command]
pub(crate) fn open_default_workspace(
    lang: String,
    app: tauri::AppHandle,
    state: tauri::State<AppState>,
) -> Result<WorkspaceInfo, CommandError> {
    use tauri::Manager;
    let data_dir = app.path().app_data_dir().map_err(|e| {
        CommandError::from(StoreError::Io {
            path: PathBuf::from(default::APP_IDENTIFIER),
            source: std::io::Error::other(e.to_string()),
        })
    })?;
    let lang = if lang == "en" { Lang::En } else { Lang::Ja };
    adopt(default::open_in(&data_dir, lang)?, &state)
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
