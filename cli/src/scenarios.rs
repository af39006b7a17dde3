//! `scenario scenarios`: the scenarios kept in a workspace — add (validated, with a change note),
//! list, export, history and remove.

use std::path::PathBuf;
use std::process::ExitCode;

use scenario_studio::store::Workspace;
use scenario_studio::store::scenarios;
use scenario_studio::validate;
use scenario_studio::{Lang, Localized, format};

/// What `scenario scenarios` does.
#[derive(clap::Subcommand)]
pub enum ScenariosCommand {
    /// Add scenario files to the workspace, or save new versions of them, with a change note.
    /// Files with errors are refused, and then none is saved.
    #[command(after_help = "\
Example:
  scenario scenarios add -w demo.scenario-ws welcome.json dormant.json --note \"初版\"")]
    Add {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
        /// The scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Why they changed (kept in each scenario's history).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// List the workspace's scenarios.
    List {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write a stored scenario as a file (standard output when no file is given).
    Export {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
        /// The scenario's id.
        id: String,
        /// Where to write; standard output when absent or `-`.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// The saved versions of a scenario, with their change notes.
    History {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
        /// The scenario's id.
        id: String,
    },
    /// Remove a scenario and its history from the workspace. Refused while other stored scenarios
    /// switch to it or suppress while in it, unless --force.
    Remove {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
        /// The scenario's id.
        id: String,
        /// Remove it even though other scenarios name it (they will no longer validate).
        #[arg(long)]
        force: bool,
    },
}

fn date(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds + 9 * 3600, 0)
        .map(|t| t.naive_utc().format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// Runs a `scenarios` command.
pub fn run(command: ScenariosCommand, lang: Lang) -> anyhow::Result<ExitCode> {
    let fail = |m: Localized| anyhow::anyhow!("{}", m.get(lang));
    let open = |path: &PathBuf| crate::open_workspace(path).map_err(fail);
    let say = |ja: String, en: String| eprintln!("{}", Localized::new(ja, en).get(lang));
    match command {
        ScenariosCommand::Add {
            workspace,
            files,
            note,
        } => {
            let mut ws = open(&workspace)?;
            let parsed = files
                .iter()
                .map(|p| {
                    format::read_scenario(p).map_err(|e| fail(crate::of_file(p, e.localized())))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let labels: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
            save_validated(&mut ws, &labels, &parsed, &note, lang)?;
        }
        ScenariosCommand::List { workspace, json } => {
            let ws = open(&workspace)?;
            let list = scenarios::list(ws.conn()).map_err(|e| fail(e.localized()))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for s in &list {
                    let status = s.status.label();
                    let status = status.get(lang);
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        s.id,
                        status,
                        s.name,
                        date(s.updated_at),
                        s.versions
                    );
                }
            }
        }
        ScenariosCommand::Export {
            workspace,
            id,
            output,
            force,
        } => {
            let ws = open(&workspace)?;
            let file = scenarios::load(ws.conn(), &id)
                .map_err(|e| fail(e.localized()))?
                .ok_or_else(|| not_stored(&id, lang))?;
            let json = format::to_json(&file);
            match crate::output_file(output.as_deref()) {
                None => print!("{json}"),
                Some(path) => {
                    crate::refuse_overwrite(path, force, lang)?;
                    format::write_atomic(path, json.as_bytes()).map_err(|e| fail(e.localized()))?;
                }
            }
        }
        ScenariosCommand::History { workspace, id } => {
            let ws = open(&workspace)?;
            let versions = scenarios::history(ws.conn(), &id).map_err(|e| fail(e.localized()))?;
            if versions.is_empty() {
                return Err(not_stored(&id, lang));
            }
            for v in versions {
                println!("{}\t{}", date(v.saved_at), v.note);
            }
        }
        ScenariosCommand::Remove {
            workspace,
            id,
            force,
        } => {
            let mut ws = open(&workspace)?;
            match scenarios::remove(&mut ws, &id, force) {
                Ok(()) => {}
                Err(scenarios::RemoveError::NotStored(_)) => return Err(not_stored(&id, lang)),
                Err(e @ scenarios::RemoveError::StillNamed { .. }) => {
                    let m = e.localized();
                    return Err(fail(Localized::new(
                        format!("{}（--force を付ければ、参照が残ったまま削除します）", m.ja),
                        format!(
                            "{} (--force removes it anyway, leaving them naming nothing)",
                            m.en
                        ),
                    )));
                }
                Err(e) => return Err(fail(e.localized())),
            }
            say(format!("{id} を削除しました"), format!("removed {id}"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn not_stored(id: &str, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!(
        "{}",
        Localized::new(
            format!("ワークスペースにシナリオ「{id}」はありません"),
            format!("the workspace has no scenario \"{id}\""),
        )
        .get(lang)
    )
}

/// Saves `parsed` (labelled by where they came from) as new versions in the workspace with
/// `note`, after validating them with the workspace's other scenarios: the first error refuses
/// them all and nothing is saved. Says what was saved on standard error.
pub(crate) fn save_validated(
    ws: &mut Workspace,
    labels: &[String],
    parsed: &[scenario_studio::model::ScenarioFile],
    note: &str,
    lang: Lang,
) -> anyhow::Result<()> {
    let fail = |m: Localized| anyhow::anyhow!("{}", m.get(lang));
    let set: Vec<_> = labels.iter().map(String::as_str).zip(parsed).collect();
    let files: Vec<&scenario_studio::model::ScenarioFile> = parsed.iter().collect();
    let options =
        scenarios::validation_options(ws.conn(), &files).map_err(|e| fail(e.localized()))?;
    let checked = validate::check_set(&set, &options);
    if let Some((label, d)) = validate::first_error(&set, &checked) {
        return Err(fail(Localized::new(
            format!(
                "{label}: [{}] {}（何も保存していません）",
                d.code, d.message.ja
            ),
            format!("{label}: [{}] {} (nothing was saved)", d.code, d.message.en),
        )));
    }
    // Saved with its warnings said, as `validate` and a conversion say them: a save is no
    // place to hide them.
    for ((label, _), diagnostics) in set.iter().zip(&checked) {
        for d in diagnostics {
            eprintln!("{label}: [{}] {}", d.code, d.message.get(lang));
        }
    }
    let now = chrono::Utc::now().timestamp();
    let changed = scenarios::save_all(ws, parsed, note, now).map_err(|e| fail(e.localized()))?;
    for (file, changed) in parsed.iter().zip(changed) {
        let id = file.id.as_str();
        let said = if changed {
            Localized::new(format!("{id} を保存しました"), format!("saved {id}"))
        } else {
            Localized::new(
                format!("{id} は保存済みの版と同じです"),
                format!("{id} is unchanged"),
            )
        };
        eprintln!("{}", said.get(lang));
    }
    Ok(())
}
