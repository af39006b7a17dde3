//! The desktop shell: thin Tauri commands over the engine. Each command takes and returns the
//! engine's own types (serialised as the file format writes them); an error is `{kind, message}`
//! with the message in Japanese and English, for the UI to show in the user's language.

use scenario_studio::model::ScenarioFile;
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

/// Each node's one-line summary ("3日待機", "スコア ≥ 100"), by node id.
#[tauri::command]
fn summarize_nodes(scenario: ScenarioFile) -> std::collections::BTreeMap<String, Localized> {
    scenario
        .nodes
        .iter()
        .map(|n| (n.id.to_string(), n.kind.summary()))
        .collect()
}

/// Starts the app.
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![
            list_templates,
            open_template,
            validate_scenario,
            summarize_nodes
        ])
        .run(tauri::generate_context!())
        .expect("the app window opens");
}
