//! The forecast and the sample data, run off the window's thread: each streams its progress to the
//! UI over a channel, and a forecast can be cancelled.

use scenario_studio::ErrorKind;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::workspace::{WorkspaceInfo, info};
use crate::error::{CommandError, bad_request, crashed, failure};
use crate::state::{AppState, lock, open_mut, workspace_path};
use scenario_studio::import::values::format_jst;
use scenario_studio::model::ScenarioFile;
use scenario_studio::simulate::calendar::jst_minute;
use scenario_studio::simulate::counts::{RunCounts, Step};
use scenario_studio::simulate::forecast::Forecast;
use scenario_studio::simulate::input;
use scenario_studio::simulate::results::{ScenarioSummary, summarize};
use scenario_studio::simulate::setup::WorkspaceModels;
use scenario_studio::store::Workspace;
use scenario_studio::{Localized, Scenario, sample};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;

/// What the simulation panel asks for.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SimulationRequest {
    /// The scenario being edited: simulated as it stands, in place of its stored version and
    /// together with the workspace's other active scenarios. Without it, the active scenarios.
    pub scenario: Option<ScenarioFile>,
    /// The first day (YYYY-MM-DD, Japan time); by default the day after the recorded history.
    pub start: Option<String>,
    /// The window's length in days (1–3650).
    pub days: u32,
    /// Monte Carlo runs (1–1000).
    pub runs: u32,
    /// The first run's seed.
    pub seed: u64,
}

/// Progress of a long job: leads done out of the total.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Progress {
    /// Leads done (over every run).
    pub done: u64,
    /// Leads to do.
    pub total: u64,
}

/// A finished forecast.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SimulationOutcome {
    /// The first day simulated (YYYY-MM-DD, Japan time).
    pub start: String,
    /// Days simulated.
    pub days: u32,
    /// Monte Carlo runs.
    pub runs: u32,
    /// The first run's seed.
    pub seed: u64,
    /// Leads in the workspace.
    pub leads: u64,
    /// Each simulated scenario's figures, with mean and 5–95 % band.
    pub scenarios: Vec<ScenarioSummary>,
    /// What was left out and why (stored scenarios with errors).
    pub notes: Vec<Localized>,
    /// For a live estimate: the sample it ran on (its counts are scaled up to the workspace).
    /// None for a forecast of every lead.
    pub sample: Option<SampleInfo>,
}

/// The systematic sample of a live estimate.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SampleInfo {
    /// Leads simulated.
    pub leads: u64,
    /// Leads in the workspace.
    pub of: u64,
    /// One lead in so many was taken, and each counts for so many.
    pub stride: u64,
}

/// The scenarios to simulate: the workspace's active ones, with `edited` in place of its stored
/// version, by the engine's one rule (`simulate::setup::scenario_set`, which the CLI uses
/// too), and the notes of what it left out.
pub(crate) fn scenario_set(
    ws: &Workspace,
    edited: Option<ScenarioFile>,
) -> Result<(Vec<Scenario>, Vec<Localized>), CommandError> {
    use scenario_studio::simulate::setup::{self as sets, ScenarioChoice};
    let choice = ScenarioChoice::Active {
        edited: edited.map(Box::new),
    };
    let set = sets::scenario_set(ws.conn(), choice)?;
    Ok((set.scenarios, set.notes))
}

pub(crate) fn lead_count(ws: &Workspace) -> Result<u64, CommandError> {
    let n: i64 = ws
        .conn()
        .query_row("SELECT count(*) FROM leads", [], |r| r.get(0))
        .map_err(scenario_studio::store::StoreError::from)?;
    Ok(n.max(0) as u64)
}

/// A forecast's inputs, read on its own connection to the workspace (a reader beside the window's).
pub(crate) struct Prepared {
    pub(crate) ws: Workspace,
    pub(crate) scenarios: Vec<Scenario>,
    pub(crate) notes: Vec<Localized>,
    pub(crate) models: WorkspaceModels,
    pub(crate) start: chrono::NaiveDate,
    pub(crate) window: (i64, i64),
}

/// The request's first day: as given, or the day after the recorded history.
pub(crate) fn start_of(
    request: &SimulationRequest,
    models: &WorkspaceModels,
) -> Result<chrono::NaiveDate, CommandError> {
    match request.start.as_deref().filter(|s| !s.is_empty()) {
        Some(text) => {
            let start = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                bad_request(
                    format!("開始日「{text}」は YYYY-MM-DD の日付ではありません"),
                    format!("the start \"{text}\" is not a YYYY-MM-DD date"),
                )
            })?;
            models
                .check_start(start)
                .map_err(|m| failure(ErrorKind::BadRequest, m))?;
            Ok(start)
        }
        None => models.day_after_history().ok_or_else(|| {
            bad_request(
                "ワークスペースに行動履歴がないため開始日を決められません。開始日を指定してください".into(),
                "the workspace has no recorded events to start after: give a start date".into(),
            )
        }),
    }
}

/// `days` days from the start of `start` in Japan, in engine minutes.
pub(crate) fn window_of(start: chrono::NaiveDate, days: u32) -> (i64, i64) {
    let from = jst_minute(start, 0, 0);
    (from, from + i64::from(days) * 24 * 60)
}

/// Refuses a window or a number of runs out of range.
pub(crate) fn check_range(request: &SimulationRequest) -> Result<(), CommandError> {
    use scenario_studio::simulate::{MAX_RUNS, MAX_WINDOW_DAYS};
    if !(1..=MAX_WINDOW_DAYS).contains(&request.days) || !(1..=MAX_RUNS).contains(&request.runs) {
        return Err(bad_request(
            "日数は 1〜3650、試行回数は 1〜1000 で指定してください".into(),
            "days must be 1–3650 and runs 1–1000".into(),
        ));
    }
    Ok(())
}

pub(crate) fn prepare(path: &Path, request: &SimulationRequest) -> Result<Prepared, CommandError> {
    check_range(request)?;
    let ws = Workspace::open(path)?;
    let (scenarios, notes) = scenario_set(&ws, request.scenario.clone())?;
    let models = WorkspaceModels::load(ws.conn())?;
    let start = start_of(request, &models)?;
    let window = window_of(start, request.days);
    Ok(Prepared {
        ws,
        scenarios,
        notes,
        models,
        start,
        window,
    })
}

/// Progress over the forecasts of one job: leads done out of all of them.
pub(crate) struct Reporter<'a> {
    channel: &'a Channel<Progress>,
    done: u64,
    total: u64,
}

impl<'a> Reporter<'a> {
    /// Reports nothing done yet of `total`.
    pub(crate) fn new(channel: &'a Channel<Progress>, total: u64) -> Self {
        let _ = channel.send(Progress { done: 0, total });
        Reporter {
            channel,
            done: 0,
            total,
        }
    }
}

/// `request.runs` Monte Carlo runs of `set` over the workspace's leads, reporting to `reporter`;
/// `Ok(None)` once `stop` is set.
pub(crate) fn runs_of(
    ws: &Workspace,
    models: &WorkspaceModels,
    set: &[Scenario],
    window: (i64, i64),
    request: &SimulationRequest,
    reporter: &mut Reporter,
    stop: &AtomicBool,
) -> Result<Option<Vec<RunCounts>>, CommandError> {
    let models = models.models();
    let forecast = Forecast::new(&models, set, window)
        .seed(request.seed)
        .runs(request.runs);
    let mut progress = |n: usize| {
        reporter.done += n as u64 * u64::from(request.runs);
        let _ = reporter.channel.send(Progress {
            done: reporter.done,
            total: reporter.total,
        });
    };
    Ok(forecast.run_until(ws.conn(), &mut progress, stop)?)
}

fn forecast(
    path: &Path,
    request: SimulationRequest,
    progress: &Channel<Progress>,
    stop: &AtomicBool,
    keep: &super::export::ForecastSlot,
) -> Result<Option<SimulationOutcome>, CommandError> {
    let Prepared {
        ws,
        scenarios,
        notes,
        models,
        start,
        window,
    } = prepare(path, &request)?;
    let leads = lead_count(&ws)?;
    let mut reporter = Reporter::new(progress, leads * u64::from(request.runs));
    let Some(runs) = runs_of(
        &ws,
        &models,
        &scenarios,
        window,
        &request,
        &mut reporter,
        stop,
    )?
    else {
        return Ok(None);
    };
    let summaries = summarize(&runs, &scenarios, request.days);
    // Kept for the report export.
    *lock(keep) = Some(super::export::LastForecast {
        start,
        days: request.days,
        runs: request.runs,
        seed: request.seed,
        summaries: summaries.clone(),
        files: scenarios.iter().map(|s| s.file().clone()).collect(),
    });
    Ok(Some(SimulationOutcome {
        start: start.to_string(),
        days: request.days,
        runs: request.runs,
        seed: request.seed,
        leads,
        scenarios: summaries,
        notes,
        sample: None,
    }))
}

/// One step of a traced lead's path.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct TracedStep {
    /// When, in Japan time (YYYY-MM-DD HH:MM).
    pub at: String,
    /// The scenario.
    pub scenario: String,
    /// The node.
    pub node: String,
    /// The scenario's name, for people.
    pub scenario_name: String,
    /// The node, for people: by its title (its kind's name without one).
    pub place: Localized,
    /// What happened.
    pub step: Step,
    /// The same, for people.
    pub text: Localized,
    /// The lead's score then.
    pub score: i32,
}

/// One lead's path through the scenarios in the forecast's window (the first run's draws).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct LeadTrace {
    /// The lead's row id.
    pub lead: i64,
    /// Who it is: name, company and email as stored.
    pub label: String,
    /// Every step in time order.
    pub steps: Vec<TracedStep>,
}

fn trace(path: &Path, request: SimulationRequest, key: &str) -> Result<LeadTrace, CommandError> {
    let p = prepare(path, &request)?;
    let conn = p.ws.conn();
    let not_found = || {
        failure(
            ErrorKind::UnknownLead,
            Localized::new(
                format!(
                    "リード「{key}」が見つかりません（リードID・メールアドレス・行番号で指定）"
                ),
                format!("no lead \"{key}\" (give its lead id, email or row id)"),
            ),
        )
    };
    let id = input::find_lead(conn, key.trim())?.ok_or_else(not_found)?;
    let lead = input::load_lead(conn, &p.models.scoring, p.window.0, id)?.ok_or_else(not_found)?;
    let label: String = conn
        .query_row(
            "SELECT trim(last_name || ' ' || first_name) || ' · ' || company || ' · ' || email FROM leads WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .map_err(scenario_studio::store::StoreError::from)?;
    let models = p.models.models();
    let (_, mut steps) = Forecast::new(&models, &p.scenarios, p.window)
        .seed(request.seed)
        .trace(&lead);
    steps.sort_by_key(|s| s.at);
    let file_of = |id: &scenario_studio::model::ids::ScenarioId| {
        p.scenarios.iter().map(|s| s.file()).find(|f| &f.id == id)
    };
    Ok(LeadTrace {
        lead: id,
        label,
        steps: steps
            .into_iter()
            .map(|s| {
                let file = file_of(&s.scenario);
                TracedStep {
                    at: format_jst(s.at * 60),
                    scenario_name: file.map_or_else(|| s.scenario.to_string(), |f| f.name.clone()),
                    place: file.map_or_else(
                        || Localized::new(s.node.as_str(), s.node.as_str()),
                        |f| f.describe_node(&s.node),
                    ),
                    scenario: s.scenario.as_str().to_owned(),
                    node: s.node.as_str().to_owned(),
                    text: s.step.describe(),
                    score: s.score,
                    step: s.step,
                }
            })
            .collect(),
    })
}

/// A lead to trace, as the pick list shows it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PickedLead {
    /// The lead's row id (what the trace takes).
    pub id: i64,
    /// Who it is: name and company.
    pub label: String,
}

/// Leads to trace by what happened to them in a scenario in the forecast's first run.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PickedLeads {
    /// Entered the scenario.
    pub entered: Vec<PickedLead>,
    /// Were handed to sales.
    pub handed_off: Vec<PickedLead>,
    /// Met its goal.
    pub goal: Vec<PickedLead>,
    /// Were still inside at the window's end.
    pub stuck: Vec<PickedLead>,
}

/// The most leads each pick list holds.
const PICKS: usize = 20;

/// Why reading the leads for a pick list stopped.
enum PickStop {
    Store(scenario_studio::store::StoreError),
    Full,
}

impl From<scenario_studio::store::StoreError> for PickStop {
    fn from(e: scenario_studio::store::StoreError) -> Self {
        PickStop::Store(e)
    }
}

fn pick(
    path: &Path,
    request: SimulationRequest,
    scenario: &str,
) -> Result<PickedLeads, CommandError> {
    let p = prepare(path, &request)?;
    let conn = p.ws.conn();
    let models = p.models.models();
    let forecast = Forecast::new(&models, &p.scenarios, p.window).seed(request.seed);
    let id = scenario_studio::model::ids::ScenarioId::from(scenario);
    let mut picks = scenario_studio::simulate::forecast::LeadPicks::default();
    // The leads in id order, a chunk at a time, until every list is full.
    let read = input::for_each_chunk(conn, &p.models.scoring, p.window.0, 2_000, |chunk| {
        forecast.pick(&chunk, &id, PICKS, &mut picks);
        if picks.full(PICKS) {
            Err(PickStop::Full)
        } else {
            Ok(())
        }
    });
    if let Err(PickStop::Store(e)) = read {
        return Err(e.into());
    }
    let mut label = conn
        .prepare("SELECT trim(last_name || ' ' || first_name) || ' · ' || company FROM leads WHERE id = ?1")
        .map_err(scenario_studio::store::StoreError::from)?;
    let mut named = |ids: &[i64]| -> Result<Vec<PickedLead>, CommandError> {
        ids.iter()
            .map(|&id| {
                let label = label
                    .query_row([id], |r| r.get(0))
                    .map_err(scenario_studio::store::StoreError::from)?;
                Ok(PickedLead { id, label })
            })
            .collect()
    };
    Ok(PickedLeads {
        entered: named(&picks.entered)?,
        handed_off: named(&picks.handed_off)?,
        goal: named(&picks.goal)?,
        stuck: named(&picks.stuck)?,
    })
}

/// Leads to trace in `scenario`, by what happened to them in the forecast's first run, off the
/// window's thread.
#[tauri::command]
pub async fn pick_leads(
    request: SimulationRequest,
    scenario: String,
    state: tauri::State<'_, AppState>,
) -> Result<PickedLeads, CommandError> {
    let path = workspace_path(&state)?;
    tauri::async_runtime::spawn_blocking(move || pick(&path, request, &scenario))
        .await
        .map_err(|e| crashed(&e))?
}

/// The path of one lead (by lead id, email or row id) through the forecast's window, off the
/// window's thread.
#[tauri::command]
pub async fn trace_lead(
    request: SimulationRequest,
    lead: String,
    state: tauri::State<'_, AppState>,
) -> Result<LeadTrace, CommandError> {
    let path = workspace_path(&state)?;
    tauri::async_runtime::spawn_blocking(move || trace(&path, request, &lead))
        .await
        .map_err(|e| crashed(&e))?
}

/// Forecasts the workspace's active scenarios (the edited one as it stands) over its leads, off
/// the window's thread, streaming progress; `Ok(None)` when cancelled.
#[tauri::command]
pub async fn simulate(
    request: SimulationRequest,
    progress: Channel<Progress>,
    state: tauri::State<'_, AppState>,
) -> Result<Option<SimulationOutcome>, CommandError> {
    let path = workspace_path(&state)?;
    let stop = state.stop.clone();
    stop.store(false, Ordering::Relaxed);
    let keep = state.forecast.clone();
    tauri::async_runtime::spawn_blocking(move || forecast(&path, request, &progress, &stop, &keep))
        .await
        .map_err(|e| crashed(&e))?
}

/// Asks a running forecast to stop (it ends at its next chunk of leads).
#[tauri::command]
pub fn cancel_simulation(state: tauri::State<'_, AppState>) {
    state.stop.store(true, Ordering::Relaxed);
}

/// Fills the workspace with `count` generated leads and their history (replacing its leads when
/// `replace`), ending today, in one transaction, streaming progress.
#[tauri::command]
pub async fn generate_sample(
    count: u32,
    seed: u64,
    replace: bool,
    progress: Channel<Progress>,
    state: tauri::State<'_, AppState>,
) -> Result<WorkspaceInfo, CommandError> {
    if !(1..=1_000_000).contains(&count) {
        return Err(bad_request(
            "件数は 1〜1,000,000 で指定してください".into(),
            "the count must be 1–1,000,000".into(),
        ));
    }
    let today = super::today_in_japan();
    let opts = sample::SampleOptions {
        count: count as usize,
        seed,
        ..sample::SampleOptions::new(today)
    };
    let shared = state.workspace.clone();
    super::live::forget(&state.live);
    tauri::async_runtime::spawn_blocking(move || {
        // The load switches the journal mode, which needs the window's own connection: the
        // lock is held until it is done (the UI waits on this command meanwhile).
        let mut guard = lock(&shared);
        let ws = open_mut(&mut guard)?;
        sample::generate_into(ws, &opts, replace, &mut |done, total| {
            let _ = progress.send(Progress { done, total });
        })
        .map_err(CommandError::from)?;
        info(ws)
    })
    .await
    .map_err(|e| {
        failure(
            ErrorKind::SampleFailed,
            Localized::new(
                format!("生成が異常終了しました: {e}"),
                format!("generation failed: {e}"),
            ),
        )
    })?
}
