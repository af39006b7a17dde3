//! Live estimates: the forecast re-run on a sample of about 10,000 leads each time the user edits
//! the scenario, so the numbers on the canvas follow the design. The fitted models and the sample
//! are read once and kept until the workspace's leads or settings change; each edit then costs
//! only the engine's run over the sample (the engine's 10,000-lead budget).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::simulation::{
    SampleInfo, SimulationOutcome, SimulationRequest, check_range, scenario_set, start_of,
    window_of,
};
use crate::error::{CommandError, crashed};
use crate::state::{AppState, lock, workspace_path};
use scenario_studio::simulate::forecast::Forecast;
use scenario_studio::simulate::input::load_sample;
use scenario_studio::simulate::leads::LeadSample;
use scenario_studio::simulate::results::summarize;
use scenario_studio::simulate::setup::WorkspaceModels;
use scenario_studio::store::{StoreError, Workspace};

/// Leads a live estimate simulates.
pub const LIVE_SAMPLE: usize = 10_000;

/// The models and the sample of one workspace state and start day.
pub struct LiveCache {
    key: (PathBuf, String, Option<String>),
    /// The first day the request names (or the day after the history), fixed by the key.
    start: chrono::NaiveDate,
    models: WorkspaceModels,
    sample: LeadSample,
}

/// The cache slot in the app's state.
pub type LiveSlot = Mutex<Option<Arc<LiveCache>>>;

/// What changes when the leads, their history or the settings change: a sample read before any
/// of these is read again. (Imports and sample data also add leads or an import record; settings
/// are compared whole.)
fn fingerprint(ws: &Workspace) -> Result<String, StoreError> {
    let settings: String = ws.conn().query_row(
        "SELECT coalesce(group_concat(key || '=' || json, ';'), '') FROM
             (SELECT key, json FROM settings ORDER BY key)",
        [],
        |r| r.get(0),
    )?;
    Ok(format!(
        "{}:{settings}",
        super::values::leads_fingerprint(ws)?
    ))
}

/// Forgets the kept sample (after the app itself changes leads or settings).
pub fn forget(slot: &LiveSlot) {
    *lock(slot) = None;
}

fn estimate(
    path: PathBuf,
    request: SimulationRequest,
    slot: &LiveSlot,
) -> Result<SimulationOutcome, CommandError> {
    check_range(&request)?;
    let ws = Workspace::open(&path)?;
    let (scenarios, notes) = scenario_set(&ws, request.scenario.clone())?;
    let key = (path, fingerprint(&ws)?, request.start.clone());
    let kept = lock(slot).clone().filter(|c| c.key == key);
    let cache = match kept {
        Some(cache) => cache,
        None => {
            let models = WorkspaceModels::load(ws.conn())?;
            let start = start_of(&request, &models)?;
            let from = window_of(start, 1).0;
            let sample = load_sample(ws.conn(), &models.scoring, from, LIVE_SAMPLE)?;
            let cache = Arc::new(LiveCache {
                key,
                start,
                models,
                sample,
            });
            *lock(slot) = Some(cache.clone());
            cache
        }
    };
    let start = cache.start;
    let window = window_of(start, request.days);
    let models = cache.models.models();
    let counts = Forecast::new(&models, &scenarios, window)
        .seed(request.seed)
        .run_sample(&cache.sample);
    let stride = cache.sample.stride;
    let summaries = summarize(&[counts], &scenarios, request.days)
        .into_iter()
        .map(|s| s.scaled(stride as f64))
        .collect();
    Ok(SimulationOutcome {
        start: start.to_string(),
        days: request.days,
        runs: 1,
        seed: request.seed,
        leads: cache.sample.population,
        scenarios: summaries,
        notes,
        sample: Some(SampleInfo {
            leads: cache.sample.leads.len() as u64,
            of: cache.sample.population,
            stride,
        }),
    })
}

/// One run of the active scenarios (the edited one as it stands) over a sample of the leads,
/// scaled up to the workspace: an estimate that follows each edit.
#[tauri::command]
pub async fn simulate_live(
    request: SimulationRequest,
    state: tauri::State<'_, AppState>,
) -> Result<SimulationOutcome, CommandError> {
    let path = workspace_path(&state)?;
    let slot = state.live.clone();
    tauri::async_runtime::spawn_blocking(move || estimate(path, request, &slot))
        .await
        .map_err(|e| crashed(&e))?
}
