//! The desktop shell: thin Tauri commands over the engine. Each command takes and returns the
//! engine's own types (serialised as the file format writes them); an error is `{kind, message}`
//! with the message in Japanese and English, for the UI to show in the user's language.

use scenario_studio::model::ScenarioFile;
use scenario_studio::model::node::NodeKind;
use scenario_studio::validate::{self, Diagnostic, ValidationOptions};
use scenario_studio::{Localized, format, templates};
use serde::Serialize;

/// What a command returns when it fails.
#[derive(Debug, Serialize)]
pub struct CommandError {
    /// A stable name for the kind of failure.
    pub kind: &'static str,
    /// What went wrong, in both languages.
    pub message: Localized,
}

/// A built-in template, for the start screen.
#[derive(Debug, Serialize)]
pub struct TemplateInfo {
    /// Its key (`welcome`, `post-download`, …).
    pub key: &'static str,
    /// The scenario's name.
    pub name: String,
    /// What it is for, in both languages.
    pub purpose: Localized,
    /// How many nodes it has.
    pub nodes: usize,
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
                name: file.name,
                purpose: Localized::new(t.purpose.0, t.purpose.1),
                nodes: file.nodes.len(),
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
#[derive(Debug, Serialize)]
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
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![
            list_templates,
            open_template,
            validate_scenario,
            describe_nodes,
            new_node_kind
        ])
        .run(tauri::generate_context!())
        .expect("the app window opens");
}
