//! The desktop shell: thin Tauri commands over the engine. Each command takes and returns the
//! engine's own types (serialised as the file format writes them); an error is `{kind, message}`
//! with the message in Japanese and English, for the UI to show in the user's language.

mod backtest;
mod diagnosis;
mod export;
mod leads;
mod live;
mod settings;
mod simulation;
mod whatif;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use scenario_studio::model::ScenarioFile;
use scenario_studio::model::node::NodeKind;
use scenario_studio::store::drafts::{self, DraftInfo};
use scenario_studio::store::scenarios::{self, StoredScenario};
use scenario_studio::store::{StoreError, Workspace};
use scenario_studio::validate::{self, Diagnostic, ValidationOptions};
use scenario_studio::{Localized, format, templates};
use serde::Serialize;

/// What a command returns when it fails.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CommandError {
    /// A stable name for the kind of failure.
    pub kind: &'static str,
    /// What went wrong, in both languages.
    pub message: Localized,
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        CommandError {
            kind: e.kind(),
            message: e.localized(),
        }
    }
}

/// The workspace the window works in, if one is open.
#[derive(Default)]
pub struct AppState {
    workspace: Arc<Mutex<Option<Workspace>>>,
    /// Set to cancel the running forecast.
    stop: Arc<AtomicBool>,
    /// The last diagnosis, for its report.
    diagnosis: Mutex<Option<scenario_studio::diagnose::Diagnosis>>,
    /// The last forecast, for its report.
    forecast: Arc<export::ForecastSlot>,
    /// The sample and models live estimates run on.
    live: Arc<live::LiveSlot>,
}

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

fn info(ws: &Workspace) -> Result<WorkspaceInfo, CommandError> {
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

fn no_workspace() -> CommandError {
    CommandError {
        kind: "no-workspace",
        message: Localized::new("ワークスペースが開かれていません", "no workspace is open"),
    }
}

/// Today in Japan: the shell has a clock, the engine never does (sample data ends on it, the
/// diagnosis judges review dates against it).
fn today_in_japan() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(9)).date_naive()
}

/// The open workspace, or the error that says none is open.
fn open_mut(slot: &mut Option<Workspace>) -> Result<&mut Workspace, CommandError> {
    slot.as_mut().ok_or_else(no_workspace)
}

/// `open_mut` for reading.
fn open_ref(slot: &Option<Workspace>) -> Result<&Workspace, CommandError> {
    slot.as_ref().ok_or_else(no_workspace)
}

/// Opens a workspace file, creating it when `create` is set and it does not exist yet.
fn open_or_create(path: &Path, create: bool) -> Result<Workspace, StoreError> {
    if create && !path.exists() {
        Workspace::create(path)
    } else {
        Workspace::open(path)
    }
}

/// Opens (or with `create`, creates) the workspace the window works in.
#[tauri::command]
fn open_workspace(
    path: PathBuf,
    create: bool,
    state: tauri::State<AppState>,
) -> Result<WorkspaceInfo, CommandError> {
    let ws = open_or_create(&path, create)?;
    let shown = info(&ws)?;
    *state.workspace.lock().expect("the state lock") = Some(ws);
    live::forget(&state.live);
    Ok(shown)
}

/// The open workspace, if any.
#[tauri::command]
fn workspace_info(state: tauri::State<AppState>) -> Result<Option<WorkspaceInfo>, CommandError> {
    let guard = state.workspace.lock().expect("the state lock");
    guard.as_ref().map(info).transpose()
}

/// A scenario stored in the open workspace.
#[tauri::command]
fn load_scenario(id: String, state: tauri::State<AppState>) -> Result<ScenarioFile, CommandError> {
    let guard = state.workspace.lock().expect("the state lock");
    let ws = open_ref(&guard)?;
    stored(ws, &id)
}

/// The stored scenario `id`, or why it cannot be had.
fn stored(ws: &Workspace, id: &str) -> Result<ScenarioFile, CommandError> {
    match scenarios::load(ws.conn(), id) {
        Ok(Some(file)) => Ok(file),
        Ok(None) => Err(CommandError {
            kind: "unknown-scenario",
            message: Localized::new(
                format!("シナリオ {id} はワークスペースにありません"),
                format!("there is no scenario {id} in the workspace"),
            ),
        }),
        Err(e) => Err(CommandError {
            kind: "unreadable-scenario",
            message: e.localized(),
        }),
    }
}

/// Saves a scenario in the open workspace as a new version with a change note (in one
/// transaction). A scenario with problems is saved too, so no work is lost; the problems stay
/// listed, and a simulation takes only scenarios without errors.
#[tauri::command]
fn save_scenario(
    scenario: ScenarioFile,
    note: String,
    saved_at: i64,
    state: tauri::State<AppState>,
) -> Result<WorkspaceInfo, CommandError> {
    let mut guard = state.workspace.lock().expect("the state lock");
    let ws = open_mut(&mut guard)?;
    scenarios::save_all(ws, std::slice::from_ref(&scenario), &note, saved_at)?;
    info(ws)
}

/// Autosaves the editor's unsaved work on a scenario as its draft, replacing an earlier one.
#[tauri::command]
fn save_draft(
    scenario: ScenarioFile,
    saved_at: i64,
    state: tauri::State<AppState>,
) -> Result<(), CommandError> {
    let mut guard = state.workspace.lock().expect("the state lock");
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
fn draft_of(id: String, state: tauri::State<AppState>) -> Result<Option<Draft>, CommandError> {
    let guard = state.workspace.lock().expect("the state lock");
    let ws = open_ref(&guard)?;
    let found = drafts::get(ws.conn(), &id).map_err(|e| CommandError {
        kind: "unreadable-draft",
        message: e.localized(),
    })?;
    Ok(found.map(|(scenario, saved_at)| Draft { scenario, saved_at }))
}

/// Throws away the draft of scenario `id`.
#[tauri::command]
fn discard_draft(id: String, state: tauri::State<AppState>) -> Result<WorkspaceInfo, CommandError> {
    let mut guard = state.workspace.lock().expect("the state lock");
    let ws = open_mut(&mut guard)?;
    drafts::discard(ws, &id)?;
    info(ws)
}

/// Renames a stored scenario (a new version with a change note; its draft keeps its edits).
#[tauri::command]
fn rename_scenario(
    id: String,
    name: String,
    saved_at: i64,
    state: tauri::State<AppState>,
) -> Result<WorkspaceInfo, CommandError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CommandError {
            kind: "empty-name",
            message: Localized::new("シナリオ名が空です", "the scenario name is empty"),
        });
    }
    let mut guard = state.workspace.lock().expect("the state lock");
    let ws = open_mut(&mut guard)?;
    match scenarios::rename(ws, &id, name, saved_at) {
        Ok(Some(_)) => info(ws),
        Ok(None) => stored(ws, &id).and_then(|_| info(ws)),
        Err(e) => Err(CommandError {
            kind: "unreadable-scenario",
            message: e.localized(),
        }),
    }
}

/// A scenario file (JSON, or BPMN exported by Scenario Studio) with notes on what a BPMN modeler
/// added that could not be taken in.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct OpenedFile {
    /// The scenario.
    pub scenario: ScenarioFile,
    /// What was left out, in both languages.
    pub notes: Vec<Localized>,
}

/// Reads a scenario file from disk.
#[tauri::command]
fn open_file(path: PathBuf) -> Result<OpenedFile, CommandError> {
    let (scenario, notes) =
        scenario_studio::export::read_design(&path).map_err(|message| CommandError {
            kind: "unreadable-file",
            message,
        })?;
    Ok(OpenedFile { scenario, notes })
}

/// A scenario file named on the command line (after the workspace), opened on start.
#[tauri::command]
fn startup_file() -> Option<PathBuf> {
    std::env::args_os().nth(2).map(PathBuf::from)
}

/// Deletes a stored scenario and its history. Refused while another scenario switches to it or
/// names it in its suppression list (that one would be left pointing at nothing).
#[tauri::command]
fn delete_scenario(
    id: String,
    state: tauri::State<AppState>,
) -> Result<WorkspaceInfo, CommandError> {
    let mut guard = state.workspace.lock().expect("the state lock");
    let ws = open_mut(&mut guard)?;
    let referring = scenarios::referring_to(ws.conn(), &id)?;
    if !referring.is_empty() {
        let list = referring.join(", ");
        return Err(CommandError {
            kind: "still-referred-to",
            message: Localized::new(
                format!("シナリオ {list} が {id} を参照しているため削除できません"),
                format!("{list} still refer to {id}, so it cannot be deleted"),
            ),
        });
    }
    scenarios::remove(ws, &id)?;
    info(ws)
}

/// Stores a copy of a scenario under a new id (`<id>-copy`, `<id>-copy-2` …), as a draft, named
/// "(コピー)".
#[tauri::command]
fn duplicate_scenario(
    id: String,
    saved_at: i64,
    state: tauri::State<AppState>,
) -> Result<WorkspaceInfo, CommandError> {
    let mut guard = state.workspace.lock().expect("the state lock");
    let ws = open_mut(&mut guard)?;
    let mut file = stored(ws, &id)?;
    let taken: Vec<String> = scenarios::list(ws.conn())?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let mut copy = format!("{id}-copy");
    let mut n = 2;
    while taken.contains(&copy) {
        copy = format!("{id}-copy-{n}");
        n += 1;
    }
    file.id = copy.as_str().into();
    file.name = format!("{}（コピー）", file.name);
    file.status = scenario_studio::model::Status::Draft;
    let note = format!("{id} から複製 / duplicated from {id}");
    scenarios::save_all(ws, std::slice::from_ref(&file), &note, saved_at)?;
    info(ws)
}

/// A new scenario with only a trigger, under an id not used in the open workspace.
#[tauri::command]
fn new_scenario(state: tauri::State<AppState>) -> Result<ScenarioFile, CommandError> {
    let guard = state.workspace.lock().expect("the state lock");
    let taken: Vec<String> = match guard.as_ref() {
        Some(ws) => scenarios::list(ws.conn())?
            .into_iter()
            .map(|s| s.id)
            .collect(),
        None => Vec::new(),
    };
    let mut id = "scenario-1".to_owned();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("scenario-{n}");
        n += 1;
    }
    let json = format!(
        r#"{{"format": "scenario-studio/1", "id": "{id}", "name": "新しいシナリオ",
            "nodes": [{{"id": "trigger", "kind": {{"type": "trigger", "event": {{"type": "lead_created"}}}}}}]}}"#
    );
    format::parse_scenario(&json).map_err(|e| CommandError {
        kind: e.kind(),
        message: e.localized(),
    })
}

/// A built-in template, for the start screen.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct TemplateInfo {
    /// Its key (`welcome`, `post-download`, …).
    pub key: &'static str,
    /// The scenario's name.
    pub name: String,
    /// What it is for, in both languages.
    pub purpose: Localized,
    /// How many nodes it has.
    pub nodes: usize,
    /// The template itself, for the start screen's preview.
    pub scenario: ScenarioFile,
}

/// The four basic scenarios.
#[tauri::command]
fn list_templates() -> Vec<TemplateInfo> {
    templates::TEMPLATES
        .iter()
        .map(|t| {
            let file = format::parse_scenario(t.json).expect("shipped templates parse");
            TemplateInfo {
                key: t.key,
                name: file.name.clone(),
                purpose: Localized::new(t.purpose.0, t.purpose.1),
                nodes: file.nodes.len(),
                scenario: file,
            }
        })
        .collect()
}

/// One template as a scenario file.
#[tauri::command]
fn open_template(key: String) -> Result<ScenarioFile, CommandError> {
    let template = templates::template(&key).ok_or_else(|| CommandError {
        kind: "unknown-template",
        message: Localized::new(
            format!("テンプレート {key} はありません"),
            format!("there is no template {key}"),
        ),
    })?;
    format::parse_scenario(template.json).map_err(|e| CommandError {
        kind: e.kind(),
        message: e.localized(),
    })
}

/// Every problem of a scenario, from the engine's validator.
#[tauri::command]
fn validate_scenario(scenario: ScenarioFile) -> Vec<Diagnostic> {
    validate::check(&scenario, &ValidationOptions::default())
}

/// What the canvas draws for a node beyond its title.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct NodeView {
    /// The one-line summary of its settings ("3日待機", "スコア ≥ 100").
    pub summary: Localized,
    /// Its exits, in drawing order (`out`, `yes`, `no`, `met`, `timeout`, `branch:<id>`).
    pub outputs: Vec<String>,
}

/// Each node's summary and exits, by node id.
#[tauri::command]
fn describe_nodes(scenario: ScenarioFile) -> std::collections::BTreeMap<String, NodeView> {
    scenario
        .nodes
        .iter()
        .map(|n| {
            let view = NodeView {
                summary: n.kind.summary(),
                outputs: n.kind.outputs().iter().map(ToString::to_string).collect(),
            };
            (n.id.to_string(), view)
        })
        .collect()
}

/// A new node of a kind (`trigger`, `wait`, `send_email`, …) with first settings, for the palette.
#[tauri::command]
fn new_node_kind(kind: String) -> Result<NodeKind, CommandError> {
    NodeKind::new_of(&kind).ok_or_else(|| CommandError {
        kind: "unknown-kind",
        message: Localized::new(
            format!("ノードの種類 {kind} はありません"),
            format!("there is no node kind {kind}"),
        ),
    })
}

/// Starts the app.
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    // A workspace file given on the command line is opened (and created if it does not exist).
    let state = AppState::default();
    if let Some(path) = std::env::args_os().nth(1) {
        match open_or_create(Path::new(&path), true) {
            Ok(ws) => *state.workspace.lock().expect("the state lock") = Some(ws),
            Err(e) => eprintln!("{}", e.localized().en),
        }
    }
    tauri::Builder::default()
        .manage(state)
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            open_workspace,
            workspace_info,
            open_file,
            startup_file,
            delete_scenario,
            duplicate_scenario,
            new_scenario,
            load_scenario,
            save_scenario,
            save_draft,
            draft_of,
            discard_draft,
            rename_scenario,
            simulation::simulate,
            simulation::cancel_simulation,
            simulation::generate_sample,
            simulation::trace_lead,
            backtest::run_backtest,
            backtest::tie_recorded_mail,
            diagnosis::run_diagnosis,
            diagnosis::answer_item,
            diagnosis::export_diagnosis,
            export::export_scenario,
            export::save_image,
            export::export_forecast_report,
            export::export_folder,
            leads::import_presets,
            leads::import_leads,
            leads::lead_page,
            leads::lead_stats,
            settings::load_settings,
            settings::save_settings,
            settings::preview_scoring,
            settings::public_holidays,
            settings::deal_statuses,
            live::simulate_live,
            whatif::scenario_versions,
            whatif::compare_versions,
            list_templates,
            open_template,
            validate_scenario,
            describe_nodes,
            new_node_kind
        ])
        .run(tauri::generate_context!())
        .expect("the app window opens");
}

/// The JSON Schema of every command payload, for the frontend's generated TypeScript types
/// (`ui/src/bindings/commands.ts`, by `npm run bindings`). The scenario itself has its own schema.
pub fn payload_schema() -> serde_json::Value {
    let mut generator = schemars::SchemaGenerator::default();
    generator.subschema_for::<CommandError>();
    generator.subschema_for::<TemplateInfo>();
    generator.subschema_for::<NodeView>();
    generator.subschema_for::<WorkspaceInfo>();
    generator.subschema_for::<OpenedFile>();
    generator.subschema_for::<Draft>();
    generator.subschema_for::<simulation::SimulationRequest>();
    generator.subschema_for::<simulation::SimulationOutcome>();
    generator.subschema_for::<simulation::Progress>();
    generator.subschema_for::<simulation::LeadTrace>();
    generator.subschema_for::<backtest::BacktestRequest>();
    generator.subschema_for::<backtest::BacktestOutcome>();
    generator.subschema_for::<scenario_studio::diagnose::Diagnosis>();
    generator.subschema_for::<leads::ImportRequest>();
    generator.subschema_for::<leads::PresetInfo>();
    generator.subschema_for::<scenario_studio::store::browse::LeadFilter>();
    generator.subschema_for::<scenario_studio::store::browse::LeadPage>();
    generator.subschema_for::<scenario_studio::store::LeadStats>();
    generator.subschema_for::<settings::EditableSettings>();
    generator.subschema_for::<settings::Holiday>();
    generator.subschema_for::<settings::DealStatusInfo>();
    generator.subschema_for::<whatif::VersionInfo>();
    generator.subschema_for::<whatif::WhatIf>();
    generator.subschema_for::<scenario_studio::store::scores::ScoreSummary>();
    generator.subschema_for::<scenario_studio::import::ImportReport>();
    generator.subschema_for::<Diagnostic>();
    let mut defs: serde_json::Map<String, serde_json::Value> =
        generator.take_definitions(true).into_iter().collect();
    for def in defs.values_mut() {
        tuples_as_item_lists(def);
    }
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Scenario Studio commands",
        "$defs": defs,
    })
}

/// Writes each tuple (`prefixItems`, JSON Schema 2020-12) as a list of `items` (the older form),
/// which the TypeScript generator reads as a tuple type: `[NodeId, NodeBands]`, not `unknown`.
fn tuples_as_item_lists(schema: &mut serde_json::Value) {
    match schema {
        serde_json::Value::Object(map) => {
            if let Some(items) = map.remove("prefixItems") {
                map.insert("items".into(), items);
            }
            map.values_mut().for_each(tuples_as_item_lists);
        }
        serde_json::Value::Array(list) => list.iter_mut().for_each(tuples_as_item_lists),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    /// The committed payload schema is what the Rust types say (`UPDATE_EXPECT=1` rewrites it).
    #[test]
    fn payload_schema_is_fresh() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../ui/src/bindings/commands.schema.json"
        );
        let text = serde_json::to_string_pretty(&super::payload_schema()).unwrap() + "\n";
        if std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1") {
            std::fs::write(path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == text,
            "ui/src/bindings/commands.schema.json is stale: run UPDATE_EXPECT=1 cargo test -p scenario-studio-app"
        );
    }
}
