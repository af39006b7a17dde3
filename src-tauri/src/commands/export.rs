//! Writing what the user exports to the file they chose: the scenario as JSON, BPMN or Mermaid,
//! the canvas as PNG or SVG (drawn by the UI), and the last forecast as an HTML report. Every file
//! is written atomically.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{CommandError, bad_request};
use crate::state::{AppState, lock};
use base64::Engine as _;
use scenario_studio::model::ScenarioFile;
use scenario_studio::simulate::results::ScenarioSummary;
use scenario_studio::{Lang, export, format};

/// The last forecast, kept for its report.
pub struct LastForecast {
    pub start: chrono::NaiveDate,
    pub days: u32,
    pub runs: u32,
    pub seed: u64,
    pub summaries: Vec<ScenarioSummary>,
    pub files: Vec<ScenarioFile>,
}

/// Where the last forecast is kept.
pub type ForecastSlot = Mutex<Option<LastForecast>>;

fn write(path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    format::write_atomic(path, bytes).map_err(CommandError::from)
}

/// Writes the scenario as `json`, `bpmn` or `mermaid`.
#[tauri::command]
pub fn export_scenario(
    scenario: ScenarioFile,
    format: String,
    path: PathBuf,
) -> Result<(), CommandError> {
    let text = match format.as_str() {
        "json" => format::to_json(&scenario),
        "bpmn" => export::bpmn::to_bpmn(&scenario),
        "mermaid" => export::mermaid::to_mermaid(&scenario),
        other => {
            return Err(bad_request(
                format!("書き出し形式 {other} はありません"),
                format!("there is no export format {other}"),
            ));
        }
    };
    write(&path, text.as_bytes())
}

/// Writes the canvas drawn by the UI: a PNG as a `data:image/png;base64,…` URL, or SVG text.
#[tauri::command]
pub fn save_image(data: String, path: PathBuf) -> Result<(), CommandError> {
    if let Some(encoded) = data.strip_prefix("data:image/png;base64,") {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| {
                bad_request(
                    format!("画像を読めません: {e}"),
                    format!("unreadable image: {e}"),
                )
            })?;
        return write(&path, &bytes);
    }
    if data.trim_start().starts_with("<svg") {
        return write(&path, data.as_bytes());
    }
    Err(bad_request(
        "PNG か SVG の画像ではありません".into(),
        "not a PNG or SVG image".into(),
    ))
}

/// Writes the last forecast as a self-contained HTML report in `lang`.
#[tauri::command]
pub fn export_forecast_report(
    path: PathBuf,
    lang: String,
    state: tauri::State<'_, AppState>,
) -> Result<(), CommandError> {
    let guard = lock(&state.forecast);
    let last = guard.as_ref().ok_or_else(|| {
        bad_request(
            "先にシミュレーションを実行してください".into(),
            "run a simulation first".into(),
        )
    })?;
    let report = export::sim_report::RunReport {
        run: None,
        start: last.start,
        days: last.days,
        runs: last.runs,
        seed: last.seed,
        summaries: &last.summaries,
        files: &last.files,
    };
    let lang = if lang == "en" { Lang::En } else { Lang::Ja };
    write(&path, export::sim_report::html(&report, lang).as_bytes())
}

/// A folder to export into without asking, for automation: `SCENARIO_STUDIO_EXPORT_DIR`.
#[tauri::command]
pub fn export_folder() -> Option<PathBuf> {
    std::env::var_os("SCENARIO_STUDIO_EXPORT_DIR").map(PathBuf::from)
}
