//! `scenario settings`: every parameter of the simulation, shown as one JSON document that can be
//! edited and set back, and what the workspace's history fits.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use scenario_studio::simulate::parameters::SimulationSettings;
use scenario_studio::{Lang, Localized};

/// What `scenario settings` does.
#[derive(clap::Subcommand)]
pub enum SettingsCommand {
    /// Print every parameter as one JSON document (defaults where none were set).
    #[command(
        after_help = "Example:\n  scenario settings show -w demo.scenario-ws > settings.json"
    )]
    Show {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
    },
    /// Replace the sections a JSON document has; the others stay. All or nothing.
    #[command(after_help = "\
Examples:
  scenario settings set -w demo.scenario-ws settings.json
  echo '{\"frequency_cap\": {\"max_sends\": 3, \"per_days\": 7}}' | scenario settings set -w demo.scenario-ws -")]
    Set {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
        /// The document (`-` for standard input).
        file: PathBuf,
    },
    /// Print what the workspace's history fits: response rates, behaviour rates, new leads per day.
    Fitted {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
    },
}

/// Runs a `settings` command.
pub fn run(command: SettingsCommand, lang: Lang) -> anyhow::Result<ExitCode> {
    let fail = |m: Localized| anyhow::anyhow!("{}", m.get(lang));
    let open = |path: &Path| crate::open_workspace(path).map_err(fail);
    match command {
        SettingsCommand::Show { workspace } => {
            let ws = open(&workspace)?;
            let settings = SimulationSettings::load(ws.conn()).map_err(|e| fail(e.localized()))?;
            println!("{}", serde_json::to_string_pretty(&settings)?);
        }
        SettingsCommand::Set { workspace, file } => {
            // At most as much as a scenario file: a settings document is a few kilobytes, and a
            // huge file (or stream) is refused without being held in memory.
            let limit = scenario_studio::format::MAX_FILE_BYTES;
            let read = |source: &mut dyn std::io::Read| -> std::io::Result<String> {
                let mut text = String::new();
                source.take(limit + 1).read_to_string(&mut text)?;
                Ok(text)
            };
            let json = if file.as_os_str() == "-" {
                read(&mut std::io::stdin())
            } else {
                std::fs::File::open(&file).and_then(|mut f| read(&mut f))
            }
            .map_err(|e| {
                let reason = scenario_studio::format::io_reason(&e);
                fail(Localized::new(
                    format!("{} を読めません: {}", file.display(), reason.ja),
                    format!("cannot read {}: {}", file.display(), reason.en),
                ))
            })?;
            if json.len() as u64 > limit {
                return Err(fail(Localized::new(
                    format!(
                        "{}: 設定ファイルが大きすぎます（上限 {limit} バイト）。何も変更していません",
                        file.display()
                    ),
                    format!(
                        "{}: the settings document is larger than {limit} bytes; nothing was changed",
                        file.display()
                    ),
                )));
            }
            let mut ws = open(&workspace)?;
            let replaced = SimulationSettings::apply(&mut ws, &json).map_err(|e| {
                let m = e.localized();
                fail(Localized::new(
                    format!("{}: {}（何も変更していません）", file.display(), m.ja),
                    format!("{}: {} (nothing was changed)", file.display(), m.en),
                ))
            })?;
            let list = replaced.join(", ");
            eprintln!(
                "{}",
                Localized::new(
                    format!("設定を更新しました: {list}"),
                    format!("settings updated: {list}"),
                )
                .get(lang)
            );
        }
        SettingsCommand::Fitted { workspace } => {
            let ws = open(&workspace)?;
            let models = scenario_studio::simulate::setup::WorkspaceModels::load(ws.conn())
                .map_err(|e| fail(e.localized()))?;
            let (response, behaviour, inflow) =
                (&models.response, &models.behaviour, &models.inflow);
            let fitted = serde_json::json!({
                "response": {
                    "fitted": response.fitted,
                    "history_sends": response.history_sends,
                    "open_rate": response.open_rate,
                    "click_given_open": response.click_given_open,
                },
                "behaviour": {
                    "fitted": behaviour.fitted,
                    "population_daily_rate": behaviour.population_daily_rate,
                    "bursts": behaviour.excitation,
                },
                "inflow": {
                    "new_leads_per_day": inflow.daily_rate,
                    "modelled_on_recent_leads": inflow.profiles.len(),
                },
            });
            println!("{}", serde_json::to_string_pretty(&fitted)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}
