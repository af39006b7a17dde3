//! The forecast check (予測の検証): the workspace's active scenarios forecast from a cut-off day
//! with only what was recorded before it, set against what was recorded after it (the engine's
//! back-test), off the window's thread, streaming progress; cancelled like a forecast.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::simulation::{Progress, scenario_set};
use crate::error::{CommandError, bad_request, crashed};
use crate::state::{AppState, workspace_path};
use scenario_studio::Localized;
use scenario_studio::backtest::{self, Backtest, BacktestOptions, Measure, snapshot};
use scenario_studio::model::node::NodeKind;
use scenario_studio::simulate::calendar::jst_minute;
use scenario_studio::simulate::parameters::SimulationSettings;
use scenario_studio::store::Workspace;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;

/// What the forecast check asks for.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct BacktestRequest {
    /// The cut-off (YYYY-MM-DD, Japan time): the first day forecast. By default the latest one
    /// whose window ends on the last recorded day.
    pub cutoff: Option<String>,
    /// The window's length in days (7–365).
    pub days: u32,
    /// Monte Carlo runs (1–200).
    pub runs: u32,
    /// The first run's seed.
    pub seed: u64,
}

/// A scenario of the check, with the names its figures are shown under.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CheckedScenario {
    /// The scenario's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its mails, in the order of its nodes.
    pub mails: Vec<CheckedMail>,
}

/// A mail of a checked scenario.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CheckedMail {
    /// Its send-email node.
    pub node: String,
    /// Its title on the canvas, or its subject.
    pub label: String,
}

/// A measure of the check, as the screen names it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct MeasureInfo {
    /// The measure.
    pub measure: Measure,
    /// Its name.
    pub label: Localized,
    /// A share (shown in percent), not a count.
    pub rate: bool,
    /// Measured per scenario, mail and week (a mail's measure); otherwise over the whole
    /// workspace only.
    pub per_mail: bool,
}

/// A finished forecast check.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct BacktestOutcome {
    /// The figures compared, with their summary.
    pub backtest: Backtest,
    /// Every measure compared, in the order the figures list them.
    pub measures: Vec<MeasureInfo>,
    /// The scenarios forecast.
    pub scenarios: Vec<CheckedScenario>,
    /// What was left out and why (stored scenarios with errors).
    pub notes: Vec<Localized>,
}

fn check(
    path: &Path,
    request: &BacktestRequest,
    progress: &Channel<Progress>,
    stop: &AtomicBool,
) -> Result<Option<BacktestOutcome>, CommandError> {
    if !(7..=365).contains(&request.days) || !(1..=200).contains(&request.runs) {
        return Err(bad_request(
            "検証の日数は 7〜365、試行回数は 1〜200 で指定してください".into(),
            "the check's days must be 7–365 and runs 1–200".into(),
        ));
    }
    let ws = Workspace::open(path)?;
    let refused = CommandError::from;
    let cutoff = match request.cutoff.as_deref().filter(|s| !s.is_empty()) {
        Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            bad_request(
                format!("基準日「{text}」は YYYY-MM-DD の日付ではありません"),
                format!("the cut-off \"{text}\" is not a YYYY-MM-DD date"),
            )
        })?,
        None => backtest::latest_cutoff(&ws, request.days).map_err(refused)?,
    };
    let (scenarios, notes) = scenario_set(&ws, None)?;
    // Every run goes over the leads that existed at the cut-off.
    let at_cutoff = snapshot::leads_at(&ws, jst_minute(cutoff, 0, 0) * 60)?;
    let total = at_cutoff * u64::from(request.runs);
    let _ = progress.send(Progress { done: 0, total });
    let mut done = 0;
    let options = BacktestOptions {
        cutoff,
        days: request.days,
        runs: request.runs,
        seed: request.seed,
    };
    let report = &mut |n: usize| {
        done += n as u64 * u64::from(request.runs);
        let _ = progress.send(Progress { done, total });
    };
    let Some(backtest) =
        backtest::run_until(&ws, &scenarios, &options, report, stop).map_err(refused)?
    else {
        return Ok(None);
    };
    let scenarios = scenarios
        .iter()
        .map(|s| CheckedScenario {
            id: s.id().to_string(),
            name: s.file().name.clone(),
            mails: (s.file().nodes.iter())
                .filter_map(|n| match &n.kind {
                    NodeKind::SendEmail { email } => Some(CheckedMail {
                        node: n.id.to_string(),
                        label: if n.title.is_empty() {
                            email.subject.clone()
                        } else {
                            n.title.clone()
                        },
                    }),
                    _ => None,
                })
                .collect(),
        })
        .collect();
    let measures = Measure::reported()
        .map(|measure| MeasureInfo {
            measure,
            label: measure.label(),
            rate: measure.is_rate(),
            per_mail: Measure::ALL.contains(&measure),
        })
        .collect();
    Ok(Some(BacktestOutcome {
        backtest,
        measures,
        scenarios,
        notes,
    }))
}

/// Checks the forecast of the workspace's active scenarios against the history recorded after
/// a cut-off; `Ok(None)` when cancelled (by `cancel_simulation`).
#[tauri::command]
pub async fn run_backtest(
    request: BacktestRequest,
    progress: Channel<Progress>,
    state: tauri::State<'_, AppState>,
) -> Result<Option<BacktestOutcome>, CommandError> {
    let path = workspace_path(&state)?;
    let stop = state.stop.clone();
    stop.store(false, Ordering::Relaxed);
    tauri::async_runtime::spawn_blocking(move || check(&path, &request, &progress, &stop))
        .await
        .map_err(|e| crashed(&e))?
}

/// Ties a recorded mail (as the history names it) to a scenario's mail (`scenario/node`), or
/// unties it (`None`): saved in the workspace's response settings, so forecasts and checks alike
/// read that mail's history as the scenario mail's.
#[tauri::command]
pub fn tie_recorded_mail(
    detail: String,
    mail: Option<String>,
    state: tauri::State<'_, AppState>,
) -> Result<(), CommandError> {
    super::settings::apply(&state, |ws| {
        let mut response = SimulationSettings::load(ws.conn())?.response;
        match mail {
            Some(mail) => response.mail_ties.insert(detail, mail),
            None => response.mail_ties.remove(&detail),
        };
        Ok(serde_json::json!({ "response": response }).to_string())
    })
}
