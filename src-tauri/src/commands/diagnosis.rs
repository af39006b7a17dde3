//! The self-check diagnosis: run off the window's thread (its quick forecast reads every lead),
//! hand-given answers, and the report written to a file the user chose.

use scenario_studio::ErrorKind;
use std::path::PathBuf;

use super::simulation::{Progress, lead_count};
use crate::error::{CommandError, crashed, failure};
use crate::state::{AppState, lock, open_mut, workspace_path};
use scenario_studio::diagnose::{self, Answer, Diagnosis, ForecastOptions, ITEMS};
use scenario_studio::store::Workspace;
use scenario_studio::store::checklist::{self, ManualAnswer};
use scenario_studio::{Lang, Localized, format};
use tauri::ipc::Channel;

/// Diagnoses the workspace: the 15 items, the findings and a quick forecast (90 days, 3 runs),
/// streaming the forecast's progress.
#[tauri::command]
pub async fn run_diagnosis(
    progress: Channel<Progress>,
    state: tauri::State<'_, AppState>,
) -> Result<Diagnosis, CommandError> {
    let path = workspace_path(&state)?;
    let d = tauri::async_runtime::spawn_blocking(move || {
        let ws = Workspace::open(&path)?;
        let total = lead_count(&ws)? * 3;
        let mut done = 0;
        let forecast = ForecastOptions {
            days: 90,
            runs: 3,
            seed: 1,
        };
        let facts = diagnose::gather(
            &ws,
            Some(super::today_in_japan()),
            Some(forecast),
            &mut |n| {
                done += n as u64 * 3;
                let _ = progress.send(Progress { done, total });
            },
        )?;
        Ok::<_, CommandError>(diagnose::diagnose(&facts))
    })
    .await
    .map_err(|e| crashed(&e))??;
    // Kept for the report export.
    *lock(&state.diagnosis) = Some(d.clone());
    Ok(d)
}

/// Answers checklist item `item` by hand (`yes`, `partial` or `no`, with a note), or clears the
/// hand-given answer when `answer` is empty.
#[tauri::command]
pub fn answer_item(
    item: String,
    answer: String,
    note: String,
    answered_at: i64,
    state: tauri::State<'_, AppState>,
) -> Result<(), CommandError> {
    if !ITEMS.iter().any(|i| i.id == item) {
        return Err(failure(
            ErrorKind::UnknownItem,
            Localized::new(
                format!("チェック項目 {item} はありません"),
                format!("there is no checklist item {item}"),
            ),
        ));
    }
    let mut guard = lock(&state.workspace);
    let ws = open_mut(&mut guard)?;
    if answer.is_empty() {
        checklist::clear(ws.conn(), &item)?;
        return Ok(());
    }
    let Some(parsed) = Answer::parse(&answer).filter(|a| *a != Answer::Unknown) else {
        return Err(failure(
            ErrorKind::BadAnswer,
            Localized::new(
                format!("回答「{answer}」は yes / partial / no のいずれかにしてください"),
                format!("the answer \"{answer}\" must be yes, partial or no"),
            ),
        ));
    };
    checklist::save(
        ws.conn(),
        &ManualAnswer {
            item,
            answer: parsed.code().to_owned(),
            note: note.trim().to_owned(),
            answered_at,
        },
    )?;
    Ok(())
}

/// Writes the last diagnosis as a report (`html`, `md` or `json`) in the user's language,
/// atomically.
#[tauri::command]
pub fn export_diagnosis(
    path: PathBuf,
    format: String,
    lang: String,
    state: tauri::State<'_, AppState>,
) -> Result<(), CommandError> {
    let guard = lock(&state.diagnosis);
    let d = guard.as_ref().ok_or_else(|| {
        failure(
            ErrorKind::NoDiagnosis,
            Localized::new("先に診断を実行してください", "run the diagnosis first"),
        )
    })?;
    let lang = if lang == "en" { Lang::En } else { Lang::Ja };
    let text = match format.as_str() {
        "html" => diagnose::report::html(d, lang),
        "md" => diagnose::report::markdown(d, lang),
        _ => serde_json::to_string_pretty(d).expect("a diagnosis serialises") + "\n",
    };
    format::write_atomic(&path, text.as_bytes()).map_err(CommandError::from)
}
