//! `scenario`: the command-line face of Scenario Studio's engine, for scripts, CI and headless machines.
//!
//! Each subcommand parses its flags, calls the engine and prints. Messages for people come from the
//! engine in Japanese and English; `--lang` (or `SCENARIO_LANG`) picks one, Japanese by default.

mod backtest;
mod diagnose;
mod export;
mod leads;
mod scenarios;
mod settings;
mod simulate;
mod templates;
mod validate;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use scenario_studio::{Lang, Localized, format, schema};

/// mimalloc: the import hands every parsed row from its reader thread to its writer thread, and
/// glibc's allocator serialises those cross-thread frees (measured: a million-row import 9.5 s with
/// glibc, 8.3 s with mimalloc).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Design, validate and export marketing-automation scenarios.
#[derive(Parser)]
#[command(name = "scenario", version, about, long_about = None, after_help = EXAMPLES)]
struct Cli {
    /// Language of messages for people.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Ja, env = "SCENARIO_LANG")]
    lang: LangArg,

    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  scenario templates
  scenario new --template welcome -o welcome.json
  scenario validate welcome.json nurture.json
  scenario validate --json --lang en *.json
  scenario schema -o scenario.schema.json
  scenario codes
  scenario init team.scenario-ws
  scenario leads import --workspace team.scenario-ws contacts.csv
  scenario leads generate --workspace team.scenario-ws --count 5000 --seed 1
  scenario leads stats        # without -w: the desktop app's own workspace";

#[derive(Subcommand)]
enum Command {
    /// List the built-in scenario templates.
    #[command(after_help = "Example:\n  scenario templates --json")]
    Templates {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Create a scenario file from a template.
    #[command(after_help = "\
Examples:
  scenario new --template post-download -o dl-follow.json
  scenario new --template dormant --id dormant-2026 --name '休眠掘り起こし（2026年度）' -o dormant.json")]
    New {
        /// The template (see `scenario templates`).
        #[arg(long, short)]
        template: String,
        /// Where to write; standard output when absent or `-`.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The new scenario's id (letters, digits, _ and -).
        #[arg(long)]
        id: Option<String>,
        /// The new scenario's name.
        #[arg(long)]
        name: Option<String>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Check scenario files and report every problem.
    ///
    /// Exits 0 when no file has errors (warnings are allowed), 1 when any file has errors, and 2 when
    /// a file cannot be read or parsed. Files given together may switch to one another.
    #[command(after_help = "\
Examples:
  scenario validate welcome.json
  scenario validate --json a.json b.json > report.json
  scenario validate --known nurture-main welcome.json")]
    Validate {
        /// The scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON document instead of text.
        #[arg(long)]
        json: bool,
        /// Ids of further scenarios that switches may target (repeatable).
        #[arg(long = "known", value_name = "ID")]
        known: Vec<String>,
        /// Check against this workspace too: switches may target its scenarios, and hand-offs
        /// are checked against its MQL threshold.
        #[arg(long, short)]
        workspace: Option<PathBuf>,
    },
    /// Print the JSON Schema of the scenario file format.
    #[command(after_help = "Example:\n  scenario schema -o scenario.schema.json")]
    Schema {
        /// Where to write; standard output when absent or `-`.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Print the table of validation codes (Markdown).
    Codes,
    /// Create an empty workspace (one SQLite file).
    #[command(
        after_help = "Examples:\n  scenario init team.scenario-ws\n  scenario init        # the app's default workspace"
    )]
    Init {
        /// The workspace file to create; without it, the app's default workspace (which the
        /// app also creates on its first start), unless it exists already.
        workspace: Option<PathBuf>,
    },
    /// Forecast scenarios over the workspace's leads: counts per scenario, node and mail, KPI
    /// verdicts, and with --runs a 5–95 % band around each figure.
    #[command(after_help = "\
Examples:
  scenario simulate -w demo.scenario-ws --runs 20
  scenario simulate -w demo.scenario-ws --start 2026-05-05 --days 180 --runs 20 welcome.json dormant.json
  scenario simulate -w demo.scenario-ws --scenario welcome --scenario nurture-v2.json --format csv > forecast.csv")]
    Simulate {
        #[command(flatten)]
        sim: simulate::SimArgs,
        /// The scenarios to run together: files, or ids of scenarios stored in the workspace. None:
        /// every active scenario stored in the workspace.
        scenarios: Vec<String>,
        /// A further scenario, file or id (may be repeated).
        #[arg(long = "scenario", value_name = "FILE_OR_ID")]
        more: Vec<String>,
        /// Monte Carlo runs (seeds seed, seed+1, …): each figure gets its mean and 5–95 % band
        /// (1–1000).
        #[arg(long, default_value_t = 1, value_parser = runs_range())]
        runs: u32,
        /// Save the parameters and results in the workspace.
        #[arg(long)]
        save: bool,
    },
    /// Follow one lead through the scenarios, step by step, with times and reasons.
    #[command(after_help = "\
Example:
  scenario trace --workspace demo.scenario-ws --lead LEAD-0000042 --start 2026-05-05 --days 180 welcome.json")]
    Trace {
        #[command(flatten)]
        sim: simulate::SimArgs,
        /// The lead: its lead id, email or row id.
        #[arg(long)]
        lead: String,
        /// The scenarios to run together: files or stored ids; none: the workspace's active ones.
        scenarios: Vec<String>,
        /// A further scenario, file or id (may be repeated).
        #[arg(long = "scenario", value_name = "FILE_OR_ID")]
        more: Vec<String>,
    },
    /// Compare two versions of a scenario on the same leads and seeds (what-if).
    #[command(after_help = "\
Example:
  scenario compare -w demo.scenario-ws --start 2026-05-05 --days 180 --runs 10 dl.json dl-threshold-80.json welcome.json")]
    Compare {
        #[command(flatten)]
        sim: simulate::SimArgs,
        /// The current version: a file or the id of a stored scenario.
        base: String,
        /// The version to compare with it: a file or a stored id.
        variant: String,
        /// Further scenarios running alongside both (they share the caps): files or stored ids.
        others: Vec<String>,
        /// Monte Carlo runs (1–1000).
        #[arg(long, default_value_t = 10, value_parser = runs_range())]
        runs: u32,
    },
    /// Import, generate, count and export the workspace's leads.
    #[command(subcommand)]
    Leads(leads::LeadsCommand),
    /// Keep scenarios in the workspace: add (with a change note), list, export, history, remove.
    #[command(subcommand)]
    Scenarios(scenarios::ScenariosCommand),
    /// Show and change every parameter of the simulation (scoring, responses, behaviour, sales
    /// process, calendar, frequency cap), the SFA mapping and team settings, and what the
    /// workspace's history fits.
    #[command(subcommand)]
    Settings(settings::SettingsCommand),
    /// Check the forecast against what really happened: forecast from a cut-off day with only the
    /// history recorded before it, and compare each mail's sends, opens, clicks and unsubscribes
    /// with what the workspace recorded after it (band, error, a naive baseline, CRPS).
    #[command(after_help = "\
Examples:
  scenario backtest -w demo.scenario-ws --cutoff 2026-08-01 --days 60 --runs 20
  scenario backtest -w demo.scenario-ws --cutoff 2026-08-01 --format json welcome")]
    Backtest(backtest::BacktestArgs),
    /// Diagnose the workspace against the article's 15-item self-check: each item yes, partly, no
    /// or unknown with its evidence and fix, groups ranked weakest first, and findings from
    /// validation, the leads and a quick simulation.
    #[command(after_help = "\
Examples:
  scenario diagnose -w demo.scenario-ws
  scenario diagnose -w demo.scenario-ws --format html -o diagnosis.html
  scenario diagnose -w demo.scenario-ws --format json --days 0 --lang en")]
    Diagnose(diagnose::DiagnoseArgs),
    /// The checklist's items, and answers given by hand to those the workspace cannot show.
    #[command(subcommand)]
    Checklist(diagnose::ChecklistCommand),
    /// Write a scenario as JSON, BPMN 2.0 (with its diagram) or a Mermaid flowchart.
    #[command(after_help = "\
Examples:
  scenario export welcome.json --to bpmn -o welcome.bpmn
  scenario export -w demo.scenario-ws welcome --to mermaid
  scenario export -w demo.scenario-ws --all --to bpmn -o exports/")]
    Export(export::ExportArgs),
    /// Read a scenario from JSON (this or an older format) or BPMN exported by Scenario Studio:
    /// into a workspace (validated, all or nothing), or converted to JSON.
    #[command(after_help = "\
Examples:
  scenario import welcome.bpmn -w demo.scenario-ws --note \"BPMN で修正\"
  scenario import welcome.bpmn -o welcome.json")]
    Import(export::ImportArgs),
    /// A saved simulation run as CSV, JSON or a self-contained HTML report with charts.
    #[command(after_help = "\
Examples:
  scenario simulate -w demo.scenario-ws --runs 20 --save
  scenario report -w demo.scenario-ws -o forecast.html
  scenario report -w demo.scenario-ws --run 3 --format csv -o run3.csv")]
    Report(export::ReportArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    /// 日本語
    Ja,
    /// English
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Ja => Lang::Ja,
            LangArg::En => Lang::En,
        }
    }
}

/// The language the default workspace is named in when it is created: Japanese unless
/// `SCENARIO_LANG=en`.
fn default_lang() -> Lang {
    match std::env::var("SCENARIO_LANG").as_deref() {
        Ok("en") => Lang::En,
        _ => Lang::Ja,
    }
}

/// The desktop app's data folder, where its default workspace lives: the per-user data folder
/// (`dirs`, as Tauri's path API finds it for the app) and the app's identifier.
fn data_folder() -> PathBuf {
    dirs::data_dir()
        .map(|d| d.join(scenario_studio::store::default::APP_IDENTIFIER))
        .unwrap_or_default()
}

/// The workspace a command reads when `-w` is left out: the desktop app's default workspace
/// (`~/.local/share/jp.scenario-studio.desktop/マイワークスペース.scenario-ws` on Linux), the same
/// file the app opens on its first start (`store::default`).
/// Worked out once a run: every `-w` takes it as its default when the command line is parsed.
fn default_workspace() -> PathBuf {
    static PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PATH.get_or_init(|| scenario_studio::store::default::path_in(&data_folder(), default_lang()))
        .clone()
}

/// Opens the workspace a command names (or the default one), its failure in both languages; a
/// default workspace not made yet says how to make it or name another.
pub(crate) fn open_workspace(
    path: &std::path::Path,
) -> Result<scenario_studio::store::Workspace, Localized> {
    if !path.exists() && path == default_workspace() {
        return Err(Localized::new(
            format!(
                "既定のワークスペース {} はまだありません。アプリを一度起動するか `scenario init` で作成してください。別のワークスペースは -w で指定します",
                path.display()
            ),
            format!(
                "the default workspace {} does not exist yet: start the app once or create it with `scenario init`, or name another workspace with -w",
                path.display()
            ),
        ));
    }
    scenario_studio::store::Workspace::open(path).map_err(|e| e.localized())
}

fn main() -> ExitCode {
    // Like other Unix tools, stop quietly when the reader of our output goes away (`| head`).
    #[cfg(unix)]
    // SAFETY: restoring the default SIGPIPE disposition before any thread or output exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let lang = Lang::from(cli.lang);
    match run(cli.command, lang) {
        Ok(code) => code,
        Err(e) => {
            let label = match lang {
                Lang::Ja => "エラー",
                Lang::En => "error",
            };
            eprintln!("scenario: {label}: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command, lang: Lang) -> anyhow::Result<ExitCode> {
    match command {
        Command::Templates { json } => templates::list(json, lang),
        Command::New {
            template,
            output,
            id,
            name,
            force,
        } => templates::new(&template, output.as_deref(), id, name, force, lang),
        Command::Validate {
            files,
            json,
            known,
            workspace,
        } => Ok(validate::run(
            &files,
            json,
            known,
            workspace.as_deref(),
            lang,
        )),
        Command::Schema { output, force } => {
            write_output(
                output.as_deref(),
                schema::scenario_schema_json().as_bytes(),
                force,
                lang,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Codes => {
            print!("{}", scenario_studio::validate::markdown_table());
            Ok(ExitCode::SUCCESS)
        }
        Command::Init {
            workspace: Some(workspace),
        } => leads::init(&workspace, lang),
        Command::Init { workspace: None } => leads::init_default(&data_folder(), lang),
        Command::Leads(command) => leads::run(command, lang),
        Command::Settings(command) => settings::run(command, lang),
        Command::Backtest(args) => backtest::run(args, lang),
        Command::Diagnose(args) => diagnose::run(args, lang),
        Command::Checklist(command) => diagnose::checklist(command, lang),
        Command::Export(args) => export::export(args, lang),
        Command::Import(args) => export::import(args, lang),
        Command::Report(args) => export::report(args, lang),
        Command::Scenarios(command) => scenarios::run(command, lang),
        Command::Simulate {
            sim,
            mut scenarios,
            more,
            runs,
            save,
        } => {
            scenarios.extend(more);
            simulate::run(sim, scenarios, runs, save, lang)
        }
        Command::Trace {
            sim,
            lead,
            mut scenarios,
            more,
        } => {
            scenarios.extend(more);
            simulate::trace(sim, lead, scenarios, lang)
        }
        Command::Compare {
            sim,
            base,
            variant,
            others,
            runs,
        } => simulate::compare(sim, base, variant, others, runs, lang),
    }
}

/// Fails when `path` is a workspace (never replaced), or exists and replacing it was not asked
/// for.
pub(crate) fn refuse_overwrite(
    path: &std::path::Path,
    force: bool,
    lang: Lang,
) -> anyhow::Result<()> {
    format::refuse_workspace_target(path)
        .map_err(|e| anyhow::anyhow!("{}", e.localized().get(lang)))?;
    // A link to nowhere is there too: replacing it without --force would be as silent.
    if !force && (path.exists() || path.symlink_metadata().is_ok()) {
        let message = Localized::new(
            format!(
                "{} は既に存在します。上書きするには --force を付けてください",
                path.display()
            ),
            format!(
                "{} already exists; pass --force to replace it",
                path.display()
            ),
        );
        anyhow::bail!("{}", message.get(lang));
    }
    Ok(())
}

/// `m` said of the file at `path`: its name first, so that a message among several files says
/// which.
pub(crate) fn of_file(path: &std::path::Path, m: Localized) -> Localized {
    let name = path.display();
    Localized::new(format!("{name}: {}", m.ja), format!("{name}: {}", m.en))
}

/// The number of Monte Carlo runs a command takes: 1 to `simulate::MAX_RUNS`.
pub(crate) fn runs_range() -> clap::builder::RangedI64ValueParser<u32> {
    clap::value_parser!(u32).range(1..=i64::from(scenario_studio::simulate::MAX_RUNS))
}

/// A window's length in days: 1 to `simulate::MAX_WINDOW_DAYS`.
pub(crate) fn days_range() -> clap::builder::RangedI64ValueParser<u32> {
    clap::value_parser!(u32).range(1..=i64::from(scenario_studio::simulate::MAX_WINDOW_DAYS))
}

/// Where `-o` says to write: a file, or standard output when absent or `-` (as every command
/// that reads a file takes `-` for standard input).
pub(crate) fn output_file(path: Option<&std::path::Path>) -> Option<&std::path::Path> {
    path.filter(|p| *p != std::path::Path::new("-"))
}

/// Writes to a file atomically, or to standard output. Refuses to replace a file unless `force`.
fn write_output(
    path: Option<&std::path::Path>,
    bytes: &[u8],
    force: bool,
    lang: Lang,
) -> anyhow::Result<()> {
    match output_file(path) {
        Some(path) => {
            refuse_overwrite(path, force, lang)?;
            format::write_atomic(path, bytes)
                .map_err(|e| anyhow::anyhow!("{}", e.localized().get(lang)))
        }
        None => std::io::stdout()
            .write_all(bytes)
            .context("cannot write to standard output"),
    }
}
