//! `scenario export` and `scenario import`: scenario designs out to JSON, BPMN 2.0 or Mermaid,
//! and in from JSON or our BPMN.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use scenario_studio::export::{bpmn, mermaid, read_design};
use scenario_studio::model::ScenarioFile;
use scenario_studio::store::{Workspace, scenarios};
use scenario_studio::validate::{self, ValidationOptions};
use scenario_studio::{Lang, Localized, format};

/// What a scenario is exported as.
#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// The scenario file format (canonical JSON).
    Json,
    /// BPMN 2.0 XML with its diagram (opens in bpmn.io, Camunda Modeler; imports back).
    Bpmn,
    /// A Mermaid flowchart (renders in GitHub and most wikis).
    Mermaid,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Bpmn => "bpmn",
            ExportFormat::Mermaid => "mmd",
        }
    }

    fn write(self, file: &ScenarioFile) -> String {
        match self {
            ExportFormat::Json => format::to_json(file),
            ExportFormat::Bpmn => bpmn::to_bpmn(file),
            ExportFormat::Mermaid => mermaid::to_mermaid(file),
        }
    }
}

/// The flags of `scenario export`.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// A scenario file (JSON or BPMN exported by Scenario Studio), or with --workspace the id of
    /// a stored scenario.
    #[arg(required_unless_present = "all")]
    scenario: Option<String>,
    /// What to write.
    #[arg(long, value_enum)]
    to: ExportFormat,
    /// The workspace holding the scenario.
    #[arg(long, short)]
    workspace: Option<PathBuf>,
    /// Every scenario of the workspace, each into the folder given with -o as <id>.<format>.
    #[arg(
        long,
        requires = "workspace",
        requires = "output",
        conflicts_with = "scenario"
    )]
    all: bool,
    /// Where to write (a folder with --all); standard output when absent or `-`.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Replace files that exist.
    #[arg(long)]
    force: bool,
}

fn fail(m: Localized, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!("{}", m.get(lang))
}

fn open(path: &Path, lang: Lang) -> anyhow::Result<Workspace> {
    crate::open_workspace(path).map_err(|e| fail(e, lang))
}

/// `scenario export`.
pub fn export(args: ExportArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    if args.all {
        let (Some(workspace), Some(dir)) = (&args.workspace, &args.output) else {
            unreachable!("clap requires both with --all");
        };
        let ws = open(workspace, lang)?;
        let stored = scenarios::list(ws.conn()).map_err(|e| fail(e.localized(), lang))?;
        if dir.exists() && !dir.is_dir() {
            return Err(fail(
                Localized::new(
                    format!(
                        "{} はファイルです。--all はシナリオごとに 1 ファイルをフォルダに書き出します。フォルダを指定してください",
                        dir.display()
                    ),
                    format!(
                        "{} is a file; --all writes one file per scenario into a folder: give a folder",
                        dir.display()
                    ),
                ),
                lang,
            ));
        }
        let made = !dir.exists();
        std::fs::create_dir_all(dir).map_err(|e| {
            // A link to nowhere: the system says "file exists", which names neither.
            let dangling = dir.is_symlink() && !dir.exists();
            let reason = if dangling {
                let to = std::fs::read_link(dir).unwrap_or_default();
                Localized::new(
                    format!("リンク先 {} がありません", to.display()),
                    format!("it is a link to {}, which does not exist", to.display()),
                )
            } else {
                format::io_reason(&e)
            };
            fail(
                Localized::new(
                    format!("フォルダー {} を作れません: {}", dir.display(), reason.ja),
                    format!("cannot create the folder {}: {}", dir.display(), reason.en),
                ),
                lang,
            )
        })?;
        if made {
            eprintln!(
                "{}",
                Localized::new(
                    format!("フォルダー {} を作りました", dir.display()),
                    format!("created the folder {}", dir.display()),
                )
                .get(lang)
            );
        }
        // All are read and checked first (no existing file is replaced without --force), then
        // each is written atomically.
        // A stored scenario that no longer reads is named and left out; the others are
        // written, and the exit code says not all were.
        let mut files = Vec::new();
        let mut unreadable = Vec::new();
        for s in &stored {
            let file = match scenarios::load(ws.conn(), &s.id) {
                Ok(Some(file)) => file,
                Ok(None) => continue,
                Err(e) => {
                    unreadable.push(e.localized());
                    continue;
                }
            };
            let path = dir.join(format!("{}.{}", s.id, args.to.extension()));
            crate::refuse_overwrite(&path, args.force, lang)?;
            refuse_broken_diagram(&file, args.to, lang)?;
            files.push((path, args.to.write(&file)));
        }
        for (path, text) in &files {
            format::write_atomic(path, text.as_bytes()).map_err(|e| fail(e.localized(), lang))?;
        }
        eprintln!(
            "{}",
            Localized::new(
                format!("{} 件を {} に書き出しました", files.len(), dir.display()),
                format!("wrote {} scenarios to {}", files.len(), dir.display()),
            )
            .get(lang)
        );
        for problem in &unreadable {
            eprintln!(
                "{}",
                Localized::new(
                    format!("書き出していません: {}", problem.ja),
                    format!("not written: {}", problem.en),
                )
                .get(lang)
            );
        }
        return Ok(if unreadable.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let item = args.scenario.as_deref().expect("clap requires a scenario");
    let file = if Path::new(item).exists() || args.workspace.is_none() {
        read_design(Path::new(item))
            .map_err(|m| fail(crate::of_file(Path::new(item), m), lang))?
            .0
    } else {
        let ws = open(args.workspace.as_deref().expect("checked"), lang)?;
        scenarios::load(ws.conn(), item)
            .map_err(|e| fail(e.localized(), lang))?
            .ok_or_else(|| {
                fail(
                    Localized::new(
                        format!(
                            "シナリオ {item} はファイルとしてもワークスペースにも見つかりません"
                        ),
                        format!("{item} is neither a file nor a scenario stored in the workspace"),
                    ),
                    lang,
                )
            })?
    };
    refuse_broken_diagram(&file, args.to, lang)?;
    let text = args.to.write(&file);
    crate::write_output(args.output.as_deref(), text.as_bytes(), args.force, lang)?;
    Ok(ExitCode::SUCCESS)
}

/// A diagram of a scenario with errors (an edge to a node that does not exist, two nodes with
/// one id) would not open in a BPMN modeler or would draw wrongly: it is refused with the first
/// error. JSON, which keeps the file as it is, is always written.
fn refuse_broken_diagram(file: &ScenarioFile, to: ExportFormat, lang: Lang) -> anyhow::Result<()> {
    if matches!(to, ExportFormat::Json) {
        return Ok(());
    }
    let diagnostics = validate::check(file, &ValidationOptions::default());
    if let Some(d) = diagnostics.iter().find(|d| d.is_error()) {
        return Err(fail(
            Localized::new(
                format!(
                    "{}: [{}] {}（エラーのあるシナリオは図として書き出せません。修正するか --to json で書き出してください）",
                    file.id, d.code, d.message.ja
                ),
                format!(
                    "{}: [{}] {} (a scenario with errors cannot be drawn: fix it, or export it with --to json)",
                    file.id, d.code, d.message.en
                ),
            ),
            lang,
        ));
    }
    Ok(())
}

/// The flags of `scenario import`.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// A scenario file: JSON (this or an older format version) or BPMN exported by Scenario Studio.
    file: PathBuf,
    /// Store it in this workspace (validated with the scenarios there; refused on any error).
    #[arg(long, short)]
    workspace: Option<PathBuf>,
    /// Without a workspace: where to write the scenario as JSON (standard output when absent or
    /// `-`).
    #[arg(long, short, conflicts_with = "workspace")]
    output: Option<PathBuf>,
    /// The change note kept in the scenario's history.
    #[arg(long)]
    note: Option<String>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
}

/// `scenario import`.
pub fn import(args: ImportArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let (file, notes) =
        read_design(&args.file).map_err(|m| fail(crate::of_file(&args.file, m), lang))?;
    for note in notes {
        eprintln!("{}: {}", args.file.display(), note.get(lang));
    }
    let label = args.file.display().to_string();
    match &args.workspace {
        Some(workspace) => {
            let mut ws = open(workspace, lang)?;
            let name = args
                .file
                .file_name()
                .map_or(label.clone(), |n| n.to_string_lossy().into_owned());
            let note = args.note.unwrap_or_else(|| format!("import: {name}"));
            crate::scenarios::save_validated(&mut ws, &[label], &[file], &note, lang)?;
        }
        None => {
            // A conversion: the file as JSON, with the validator's warnings on standard error.
            // A scenario with an error is refused as a save into a workspace is: the tool writes
            // no file it would itself refuse to store or simulate.
            let diagnostics = validate::check(&file, &ValidationOptions::default());
            if let Some(d) = diagnostics.iter().find(|d| d.is_error()) {
                return Err(fail(
                    Localized::new(
                        format!(
                            "{label}: [{}] {}（何も書き出していません）",
                            d.code, d.message.ja
                        ),
                        format!(
                            "{label}: [{}] {} (nothing was written)",
                            d.code, d.message.en
                        ),
                    ),
                    lang,
                ));
            }
            for d in &diagnostics {
                eprintln!("{label}: [{}] {}", d.code, d.message.get(lang));
            }
            let text = format::to_json(&file);
            crate::write_output(args.output.as_deref(), text.as_bytes(), args.force, lang)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What `scenario report` writes.
#[derive(Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    /// Per scenario, node, mail and day (UTF-8 with BOM, opens in Excel).
    Csv,
    /// The results as saved.
    Json,
    /// A self-contained page with charts, to send to a client (prints well).
    Html,
}

/// The flags of `scenario report`.
#[derive(clap::Args)]
pub struct ReportArgs {
    /// The workspace file (by default the app's own, which it opens on first start).
    #[arg(long, short, default_value_os_t = crate::default_workspace())]
    workspace: PathBuf,
    /// The saved run (`scenario simulate --save` prints its number); the latest when absent.
    #[arg(long)]
    run: Option<i64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    format: ReportFormat,
    /// Where to write; standard output when absent or `-`.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
}

/// `scenario report`: a saved run as CSV, JSON or an HTML report.
pub fn report(args: ReportArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    use scenario_studio::export::{forecast_csv, sim_report};
    use scenario_studio::simulate::results::ScenarioSummary;
    use scenario_studio::store::runs;
    let ws = open(&args.workspace, lang)?;
    let saved = runs::list(ws.conn()).map_err(|e| fail(e.localized(), lang))?;
    let chosen = match args.run {
        Some(id) => saved.iter().find(|r| r.id == id),
        None => saved.first(),
    };
    let Some(run) = chosen else {
        return Err(fail(
            match args.run {
                Some(id) => Localized::new(
                    format!("実行 #{id} はワークスペースに保存されていません"),
                    format!("run #{id} is not saved in the workspace"),
                ),
                None => Localized::new(
                    "保存された実行がありません。scenario simulate --save で保存してください",
                    "no saved run: save one with scenario simulate --save",
                ),
            },
            lang,
        ));
    };
    let results = runs::results(ws.conn(), run.id)
        .map_err(|e| fail(e.localized(), lang))?
        .unwrap_or_default();
    let unreadable = |detail: String| {
        fail(
            Localized::new(
                format!("実行 #{} の保存内容が読めません: {detail}", run.id),
                format!("run #{} does not read: {detail}", run.id),
            ),
            lang,
        )
    };
    let summaries: Vec<ScenarioSummary> =
        serde_json::from_value(results.clone()).map_err(|e| unreadable(e.to_string()))?;
    let params = &run.params;
    let start: chrono::NaiveDate = params["start"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| unreadable("start".into()))?;
    let bytes = match args.format {
        ReportFormat::Json => (serde_json::to_string_pretty(&results)? + "\n").into_bytes(),
        ReportFormat::Csv => {
            let mut bytes = Vec::new();
            forecast_csv::write(&mut bytes, start, &summaries)?;
            bytes
        }
        ReportFormat::Html => {
            let files: Vec<ScenarioFile> = match &params["scenario_files"] {
                serde_json::Value::Null => Vec::new(),
                saved => serde_json::from_value(saved.clone())
                    .map_err(|e| unreadable(format!("scenario_files: {e}")))?,
            };
            let report = sim_report::RunReport {
                run: Some(run.id),
                start,
                days: params["days"].as_u64().unwrap_or(0) as u32,
                runs: params["runs"].as_u64().unwrap_or(0) as u32,
                seed: params["seed"].as_u64().unwrap_or(0),
                summaries: &summaries,
                files: &files,
            };
            sim_report::html(&report, lang).into_bytes()
        }
    };
    crate::write_output(args.output.as_deref(), &bytes, args.force, lang)?;
    Ok(ExitCode::SUCCESS)
}
