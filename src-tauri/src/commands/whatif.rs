//! The what-if view: the scenario as edited against one of its saved versions, both forecast on
//! the same leads with the same seeds, and the difference run by run (the engine's `compare`).

use scenario_studio::ErrorKind;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::simulation::{
    Prepared, Progress, Reporter, SimulationRequest, lead_count, prepare, runs_of, scenario_set,
};
use crate::error::{CommandError, crashed, failure};
use crate::state::{AppState, workspace_path};
use scenario_studio::Localized;
use scenario_studio::simulate::results::{Comparison, compare};
use scenario_studio::store::{Workspace, scenarios};
use serde::Serialize;
use tauri::ipc::Channel;

/// One saved version of a scenario.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct VersionInfo {
    /// 1 for the first saved.
    pub number: u32,
    /// When (Unix seconds).
    pub saved_at: i64,
    /// Its change note.
    pub note: String,
}

/// A what-if comparison as the panel shows it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct WhatIf {
    /// The saved version compared against.
    pub base: u32,
    /// The first day simulated (YYYY-MM-DD, Japan time).
    pub start: String,
    /// Days simulated.
    pub days: u32,
    /// Monte Carlo runs of each version.
    pub runs: u32,
    /// The first run's seed.
    pub seed: u64,
    /// Leads in the workspace.
    pub leads: u64,
    /// The figures of both versions and their difference.
    pub comparison: Comparison,
}

/// The saved versions of scenario `id`, oldest first (none for a scenario never saved).
#[tauri::command]
pub async fn scenario_versions(
    id: String,
    state: tauri::State<'_, AppState>,
) -> Result<Vec<VersionInfo>, CommandError> {
    let path = workspace_path(&state)?;
    let ws = Workspace::open(&path)?;
    Ok(scenarios::history(ws.conn(), &id)?
        .into_iter()
        .zip(1..)
        .map(|(v, number)| VersionInfo {
            number,
            saved_at: v.saved_at,
            note: v.note,
        })
        .collect())
}

fn what_if(
    path: &Path,
    request: SimulationRequest,
    base: u32,
    progress: &Channel<Progress>,
    stop: &AtomicBool,
) -> Result<Option<WhatIf>, CommandError> {
    let Some(edited) = request.scenario.clone() else {
        return Err(failure(
            ErrorKind::BadRequest,
            Localized::new(
                "比較するシナリオがありません",
                "there is no scenario to compare",
            ),
        ));
    };
    let id = edited.id.as_str().to_owned();
    let Prepared {
        ws,
        scenarios: variant_set,
        models,
        start,
        window,
        ..
    } = prepare(path, &request)?;
    let stored = scenarios::version(ws.conn(), &id, base)
        .map_err(|e| failure(ErrorKind::Unreadable, e.localized()))?
        .ok_or_else(|| {
            failure(
                ErrorKind::UnknownVersion,
                Localized::new(
                    format!("シナリオ {id} に版 {base} はありません"),
                    format!("scenario {id} has no version {base}"),
                ),
            )
        })?;
    let (base_set, _) = scenario_set(&ws, Some(stored))?;
    let leads = lead_count(&ws)?;
    let mut reporter = Reporter::new(progress, 2 * leads * u64::from(request.runs));
    let mut forecast = |set: &[scenario_studio::Scenario]| {
        runs_of(&ws, &models, set, window, &request, &mut reporter, stop)
    };
    let Some(base_runs) = forecast(&base_set)? else {
        return Ok(None);
    };
    let Some(variant_runs) = forecast(&variant_set)? else {
        return Ok(None);
    };
    let find = |set: &'_ [scenario_studio::Scenario]| {
        set.iter()
            .position(|s| s.id().as_str() == id)
            .expect("the compared scenario is in its set")
    };
    let (a, b) = (find(&base_set), find(&variant_set));
    Ok(Some(WhatIf {
        base,
        start: start.to_string(),
        days: request.days,
        runs: request.runs,
        seed: request.seed,
        leads,
        comparison: compare(&base_runs, &base_set[a], &variant_runs, &variant_set[b]),
    }))
}

/// Forecasts the edited scenario and its saved version `base` on the same leads with the same
/// seeds, off the window's thread, streaming progress; `Ok(None)` when cancelled (the forecast's
/// Cancel stops it too).
#[tauri::command]
pub async fn compare_versions(
    request: SimulationRequest,
    base: u32,
    progress: Channel<Progress>,
    state: tauri::State<'_, AppState>,
) -> Result<Option<WhatIf>, CommandError> {
    let path = workspace_path(&state)?;
    let stop = state.stop.clone();
    stop.store(false, Ordering::Relaxed);
    tauri::async_runtime::spawn_blocking(move || what_if(&path, request, base, &progress, &stop))
        .await
        .map_err(|e| crashed(&e))?
}
