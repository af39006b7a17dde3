//! What the editor asks of the engine beyond the workspace: the templates, a scenario file from
//! disk, the validator's problems, each node's summary and exits, and a new node of a kind.

use scenario_studio::ErrorKind;
use std::path::PathBuf;

use scenario_studio::model::ScenarioFile;
use scenario_studio::model::node::NodeKind;
use scenario_studio::validate::{self, Diagnostic, ValidationOptions};
use scenario_studio::{Localized, format, templates};
use serde::Serialize;

use crate::error::{CommandError, failure};
use crate::state::{AppState, lock};

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
pub(crate) fn open_file(path: PathBuf) -> Result<OpenedFile, CommandError> {
    let (scenario, notes) = scenario_studio::export::read_design(&path)
        .map_err(|m| failure(ErrorKind::UnreadableFile, m))?;
    Ok(OpenedFile { scenario, notes })
}

/// A built-in template, for the start screen.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct TemplateInfo {
    /// Its key (`welcome`, `post-download`, …).
    pub key: &'static str,
    /// The scenario's name.
    pub name: String,
    /// Its name in both languages (the start screen's card).
    pub title: Localized,
    /// What it is for, in both languages.
    pub purpose: Localized,
    /// How many nodes it has.
    pub nodes: usize,
    /// The template itself, for the start screen's preview.
    pub scenario: ScenarioFile,
}

/// The four basic scenarios.
#[tauri::command]
pub(crate) fn list_templates() -> Vec<TemplateInfo> {
    templates::TEMPLATES
        .iter()
        .map(|t| {
            let file = format::parse_scenario(t.json).expect("shipped templates parse");
            TemplateInfo {
                key: t.key,
                title: Localized::new(file.name.clone(), t.name_en),
                name: file.name.clone(),
                purpose: t.purpose(),
                nodes: file.nodes.len(),
                scenario: file,
            }
        })
        .collect()
}

/// One template as a scenario file.
#[tauri::command]
pub(crate) fn open_template(key: String) -> Result<ScenarioFile, CommandError> {
    let template = templates::template(&key).ok_or_else(|| {
        failure(
            ErrorKind::UnknownTemplate,
            Localized::new(
                format!("テンプレート {key} はありません"),
                format!("there is no template {key}"),
            ),
        )
    })?;
    Ok(format::parse_scenario(template.json)?)
}

/// Every problem of a scenario, from the engine's validator, with the open workspace's MQL
/// threshold (a hand-off at another score is warned of) and its leads' values (a condition no
/// lead can meet is warned of). Not against the workspace's scenario list: a switch may name a
/// scenario that is only a draft so far.
#[tauri::command]
pub(crate) fn validate_scenario(
    scenario: ScenarioFile,
    state: tauri::State<'_, AppState>,
) -> Vec<Diagnostic> {
    let guard = lock(&state.workspace);
    let ws = guard.as_ref();
    let mql_threshold =
        ws.and_then(|ws| scenario_studio::store::scores::mql_threshold(ws.conn()).ok());
    let lead_values = ws
        .and_then(|ws| super::values::lead_values(&state.values, ws, &scenario).ok())
        .unwrap_or_default();
    let options = ValidationOptions {
        mql_threshold,
        lead_values,
        ..ValidationOptions::default()
    };
    validate::check(&scenario, &options)
}

/// What the canvas draws for a node beyond its title.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct NodeView {
    /// The one-line summary of its settings ("3日待機", "スコア ≥ 100").
    pub summary: Localized,
    /// Its exits, in drawing order (`out`, `yes`, `no`, `met`, `timeout`, `branch:<id>`).
    pub outputs: Vec<String>,
}

/// Each node's summary and exits, by node id; `scenarios` are the workspace's scenarios' names by
/// id, which a switch's summary names its target by.
#[tauri::command]
pub(crate) fn describe_nodes(
    scenario: ScenarioFile,
    scenarios: Option<std::collections::BTreeMap<String, String>>,
) -> std::collections::BTreeMap<String, NodeView> {
    let names = scenario_studio::model::summary::Names {
        file: Some(&scenario),
        scenarios: scenarios.as_ref(),
    };
    scenario
        .nodes
        .iter()
        .map(|n| {
            let view = NodeView {
                summary: n.kind.summary_in(names),
                outputs: n.kind.outputs().iter().map(ToString::to_string).collect(),
            };
            (n.id.to_string(), view)
        })
        .collect()
}

/// A new node of a kind (`trigger`, `wait`, `send_email`, …) with first settings, for the palette.
#[tauri::command]
pub(crate) fn new_node_kind(
    kind: String,
    state: tauri::State<'_, crate::AppState>,
) -> Result<NodeKind, CommandError> {
    let mut made = NodeKind::new_of(&kind).ok_or_else(|| {
        failure(
            ErrorKind::UnknownKind,
            Localized::new(
                format!("ノードの種類 {kind} はありません"),
                format!("there is no node kind {kind}"),
            ),
        )
    })?;
    // A new mail starts with the workspace's sender fields (none without a workspace), read on
    // the workspace the app holds open.
    if let NodeKind::SendEmail { email } = &mut made
        && let Some(ws) = lock(&state.workspace).as_ref()
    {
        let sender: scenario_studio::practice::SenderDefaults =
            scenario_studio::store::documents::load(
                ws.conn(),
                scenario_studio::store::documents::SENDER,
            )?;
        sender.fill(email);
    }
    Ok(made)
}
