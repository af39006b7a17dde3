//! `scenario diagnose` and `scenario checklist`: the self-check diagnosis of a workspace, and the
//! answers given by hand to the items the workspace cannot show.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use scenario_studio::diagnose::{self, Answer, ForecastOptions, ITEMS, report};
use scenario_studio::store::Workspace;
use scenario_studio::store::checklist::{self, ManualAnswer};
use scenario_studio::{Lang, Localized};

/// The diagnosis's output format.
#[derive(Clone, Copy, ValueEnum)]
pub enum DiagnoseFormat {
    /// Markdown (the default).
    Md,
    /// JSON, with every text in Japanese and English.
    Json,
    /// A self-contained HTML page (prints well).
    Html,
}

/// The flags of `scenario diagnose`.
#[derive(clap::Args)]
pub struct DiagnoseArgs {
    /// The workspace file (by default the app's own, which it opens on first start).
    #[arg(long, short, default_value_os_t = crate::default_workspace())]
    workspace: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagnoseFormat::Md)]
    format: DiagnoseFormat,
    /// Where to write; standard output when absent or `-`.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
    /// Days of the quick simulation after the recorded history (0: no simulation).
    #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u32).range(0..=730))]
    days: u32,
    /// Monte Carlo runs of the quick simulation.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    runs: u32,
    /// The seed of the quick simulation.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The day the review log is judged against (YYYY-MM-DD); today in Japan by default.
    #[arg(long)]
    today: Option<chrono::NaiveDate>,
}

/// What `scenario checklist` does.
#[derive(clap::Subcommand)]
pub enum ChecklistCommand {
    /// List the fifteen items with their ids and groups.
    List,
    /// Answer an item by hand (marked self-reported in the diagnosis); replaces an earlier answer.
    #[command(after_help = "\
Examples:
  scenario checklist answer -w demo.scenario-ws dedicated_owner yes --note '山田（マーケ部）が専任'
  scenario checklist answer -w demo.scenario-ws regular_review partial")]
    Answer {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
        /// The item's id (see `scenario checklist list`).
        item: String,
        /// yes, partial or no.
        answer: String,
        /// Why, in your words.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Remove an item's hand-given answer (the workspace decides again).
    Clear {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
        /// The item's id.
        item: String,
    },
}

fn open(path: &std::path::Path, lang: Lang) -> anyhow::Result<Workspace> {
    crate::open_workspace(path).map_err(|e| anyhow::anyhow!("{}", e.get(lang)))
}

/// `scenario diagnose`.
pub fn run(args: DiagnoseArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let ws = open(&args.workspace, lang)?;
    let forecast = (args.days > 0).then_some(ForecastOptions {
        days: args.days,
        runs: args.runs,
        seed: args.seed,
    });
    // The quick simulation is the long part on a large workspace: a bar over its leads.
    let bar = match forecast {
        Some(_) => crate::simulate::progress_bar(ws.conn(), lang),
        None => indicatif::ProgressBar::hidden(),
    };
    let today = args
        .today
        .unwrap_or_else(|| (chrono::Utc::now() + chrono::Duration::hours(9)).date_naive());
    let facts = diagnose::gather(&ws, Some(today), forecast, &mut |n| bar.inc(n as u64))
        .map_err(|e| anyhow::anyhow!("{}", e.localized().get(lang)));
    bar.finish_and_clear();
    let facts = facts?;
    let diagnosis = diagnose::diagnose(&facts);
    let text = match args.format {
        DiagnoseFormat::Md => report::markdown(&diagnosis, lang),
        DiagnoseFormat::Html => report::html(&diagnosis, lang),
        DiagnoseFormat::Json => serde_json::to_string_pretty(&diagnosis)? + "\n",
    };
    crate::write_output(args.output.as_deref(), text.as_bytes(), args.force, lang)?;
    Ok(ExitCode::SUCCESS)
}

/// `scenario checklist`.
pub fn checklist(command: ChecklistCommand, lang: Lang) -> anyhow::Result<ExitCode> {
    match command {
        ChecklistCommand::List => {
            for item in &ITEMS {
                let text = Localized::new(item.ja, item.en);
                let manual = if item.manual {
                    Localized::new("（手動回答）", " (answered by hand)")
                } else {
                    Localized::new("", "")
                };
                println!(
                    "{:<22} {:<24} {}{}",
                    item.id,
                    item.group.name().get(lang),
                    text.get(lang),
                    manual.get(lang)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ChecklistCommand::Answer {
            workspace,
            item,
            answer,
            note,
        } => {
            let known = ITEMS.iter().any(|i| i.id == item);
            if !known {
                let ids: Vec<&str> = ITEMS.iter().map(|i| i.id).collect();
                anyhow::bail!(
                    "{}",
                    Localized::new(
                        format!("チェック項目 {item} はありません。項目: {}", ids.join(", ")),
                        format!("no checklist item {item}; the items are {}", ids.join(", ")),
                    )
                    .get(lang)
                );
            }
            let Some(parsed) = Answer::parse(&answer) else {
                anyhow::bail!(
                    "{}",
                    Localized::new(
                        format!("回答「{answer}」は yes・partial・no のいずれかで指定してください"),
                        format!("the answer \"{answer}\" must be yes, partial or no"),
                    )
                    .get(lang)
                );
            };
            let ws = open(&workspace, lang)?;
            let answered_at = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            checklist::save(
                ws.conn(),
                &ManualAnswer {
                    item: item.clone(),
                    answer: parsed.code().to_owned(),
                    note,
                    answered_at,
                },
            )
            .map_err(|e| anyhow::anyhow!("{}", e.localized().get(lang)))?;
            eprintln!(
                "{}",
                Localized::new(
                    format!(
                        "{item} に「{}」と回答しました（自己申告）",
                        parsed.label().ja
                    ),
                    format!("answered {item}: {} (self-reported)", parsed.label().en),
                )
                .get(lang)
            );
            Ok(ExitCode::SUCCESS)
        }
        ChecklistCommand::Clear { workspace, item } => {
            let ws = open(&workspace, lang)?;
            let removed = checklist::clear(ws.conn(), &item)
                .map_err(|e| anyhow::anyhow!("{}", e.localized().get(lang)))?;
            let message = if removed {
                Localized::new(
                    format!("{item} の手動回答を削除しました"),
                    format!("removed the answer to {item}"),
                )
            } else {
                Localized::new(
                    format!("{item} に手動回答はありません"),
                    format!("{item} has no answer given by hand"),
                )
            };
            eprintln!("{}", message.get(lang));
            Ok(ExitCode::SUCCESS)
        }
    }
}
