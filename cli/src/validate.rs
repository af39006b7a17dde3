//! `scenario validate`: every problem of every file, as text or one JSON document.
//!
//! Exit status: 0 when no file has an error, 1 when some file has errors, 2 when some file cannot be
//! read or parsed (that outranks 1).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use scenario_studio::model::ids::ScenarioId;
use scenario_studio::validate::{self, Diagnostic, ValidationOptions};
use scenario_studio::{FormatError, Lang, Localized, ScenarioFile, format};
use serde::Serialize;

#[derive(Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
enum FileReport<'a> {
    /// Parsed and validated; `ok` is false when there are errors.
    Checked {
        path: &'a Path,
        ok: bool,
        errors: usize,
        warnings: usize,
        diagnostics: Vec<Diagnostic>,
    },
    /// Could not be read or parsed.
    Unreadable { path: &'a Path, error: LoadFailure },
}

#[derive(Serialize)]
struct LoadFailure {
    kind: scenario_studio::ErrorKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    message: Localized,
}

impl From<&FormatError> for LoadFailure {
    fn from(e: &FormatError) -> Self {
        let location = e.location();
        LoadFailure {
            kind: e.kind(),
            line: location.map(|l| l.0),
            column: location.map(|l| l.1),
            message: e.localized(),
        }
    }
}

pub fn run(
    files: &[PathBuf],
    json: bool,
    known: Vec<String>,
    workspace: Option<&Path>,
    lang: Lang,
) -> ExitCode {
    let loaded: Vec<(&PathBuf, Result<ScenarioFile, FormatError>)> = files
        .iter()
        .map(|p| (p, format::read_scenario(p)))
        .collect();
    let readable: Vec<&ScenarioFile> = loaded.iter().filter_map(|(_, r)| r.as_ref().ok()).collect();
    // Against a workspace: its scenarios, its MQL threshold and its leads' values.
    let against = match workspace.map(|w| {
        scenario_studio::store::Workspace::open(w).and_then(|ws| {
            scenario_studio::store::scenarios::validation_options(ws.conn(), &readable)
        })
    }) {
        None => ValidationOptions::default(),
        Some(Ok(options)) => options,
        Some(Err(e)) => {
            eprintln!("{}", e.localized().get(lang));
            return ExitCode::from(2);
        }
    };
    let mut known: BTreeSet<ScenarioId> = known.into_iter().map(ScenarioId).collect();
    known.extend(against.known_scenarios.clone().unwrap_or_default());
    known.extend(
        loaded
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok())
            .map(|f| f.id.clone()),
    );
    let options = ValidationOptions {
        known_scenarios: Some(known),
        ..against
    };

    // The readable files validated together, as one set (they may switch to each other, and no
    // two may share an id).
    let labels: Vec<String> = loaded
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    let set: Vec<(&str, &ScenarioFile)> = (labels.iter().zip(&loaded))
        .filter_map(|(label, (_, r))| Some((label.as_str(), r.as_ref().ok()?)))
        .collect();
    let mut checked = validate::check_set(&set, &options).into_iter();
    let reports: Vec<FileReport> = loaded
        .iter()
        .map(|(path, result)| match result {
            Ok(_) => {
                let diagnostics = checked.next().expect("one list per readable file");
                let (errors, warnings) = validate::count(&diagnostics);
                FileReport::Checked {
                    path,
                    ok: errors == 0,
                    errors,
                    warnings,
                    diagnostics,
                }
            }
            Err(e) => FileReport::Unreadable {
                path,
                error: e.into(),
            },
        })
        .collect();

    let unreadable = reports
        .iter()
        .any(|r| matches!(r, FileReport::Unreadable { .. }));
    let invalid = reports
        .iter()
        .any(|r| matches!(r, FileReport::Checked { ok: false, .. }));

    if json {
        let doc = serde_json::json!({ "files": reports });
        println!(
            "{}",
            serde_json::to_string_pretty(&doc).expect("reports serialise")
        );
    } else {
        for report in &reports {
            print_text(report, lang);
        }
    }
    if unreadable {
        ExitCode::from(2)
    } else if invalid {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_text(report: &FileReport, lang: Lang) {
    match report {
        FileReport::Unreadable { path, error } => {
            let place = match (error.line, error.column) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", path.display()),
                _ => path.display().to_string(),
            };
            let label = match lang {
                Lang::Ja => "読み込めません",
                Lang::En => "cannot load",
            };
            println!("{place}: {label}: {}", error.message.get(lang));
        }
        FileReport::Checked {
            path,
            errors,
            warnings,
            diagnostics,
            ..
        } => {
            let summary = match (lang, errors + warnings) {
                (Lang::Ja, 0) => "問題はありません".to_owned(),
                (Lang::En, 0) => "no problems".to_owned(),
                (Lang::Ja, _) => format!("エラー {errors}件・警告 {warnings}件"),
                (Lang::En, _) => format!("{errors} error(s), {warnings} warning(s)"),
            };
            println!("{}: {summary}", path.display());
            for d in diagnostics {
                // Where, for whoever edits the file: the node's id and the value's path.
                let place: Vec<&str> = [d.node.as_ref().map(|n| n.as_str()), d.path.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                let place = if place.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", place.join(" "))
                };
                println!(
                    "  {}[{}]{place} {}",
                    d.severity.label().get(lang),
                    d.code,
                    d.message.get(lang)
                );
            }
        }
    }
}
