//! `scenario init` and `scenario leads …`: the workspace and its lead data.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use scenario_studio::export::leads_csv::{self, ExportEncoding};
use scenario_studio::import::{
    self, ImportKind, ImportOptions, ImportReport, IssueSeverity, MappingFile, TextEncoding,
};
use scenario_studio::sample::{self, SampleOptions};
use scenario_studio::scoring::review::{ModelCheck, Outcome};
use scenario_studio::store::score_review::{self, ReviewOptions, ScoringReview};
use scenario_studio::store::{self, Workspace};
use scenario_studio::{Lang, Localized};

#[derive(Subcommand)]
pub enum LeadsCommand {
    /// Import leads, behaviour events or deal statuses from a CSV export.
    ///
    /// The encoding (UTF-8, UTF-8 with BOM, CP932/Shift_JIS, EUC-JP, UTF-16 with BOM), the separator
    /// and the header preset are detected; a mapping file maps headers no preset knows. Rows with
    /// errors are skipped and listed (all rows are refused with --strict); a file with a missing
    /// required column, undecodable bytes or no rows is refused and nothing is written. Re-importing
    /// a file updates the leads instead of duplicating them. Exits 0 when every row was imported,
    /// 1 when some rows were skipped for errors, 2 when the file was refused.
    #[command(after_help = "\
Examples:
  scenario leads import --workspace team.scenario-ws hubspot-contacts.csv
  scenario leads import --workspace team.scenario-ws --dry-run --encoding cp932 名簿.csv
  scenario leads import --workspace team.scenario-ws --kind events activities.csv
  scenario leads import --workspace team.scenario-ws --mapping columns.json export.csv

Presets: hubspot, hubspot-ja, salesforce, salesforce-ja, marketo, generic-ja, events, deals.
A mapping file: {\"kind\": \"leads\", \"columns\": {\"E-mail\": \"email\", \"会社\": \"company\"}}")]
    Import {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
        /// The CSV file.
        file: PathBuf,
        /// What the file holds (detected from the headers when absent).
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// The header preset (detected when absent).
        #[arg(long)]
        preset: Option<String>,
        /// The encoding: utf-8, cp932 (shift_jis), euc-jp (detected when absent).
        #[arg(long)]
        encoding: Option<String>,
        /// A JSON file mapping headers to fields.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Show what would be imported; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Refuse the whole file if any row has an error.
        #[arg(long)]
        strict: bool,
        /// Import a lead whose opt-out (配信停止) cannot be read as opted out, with a warning,
        /// instead of refusing the file.
        #[arg(long)]
        suppress_unreadable_opt_outs: bool,
        /// How to read dates with the year last (4/1/2026): month/day/year or day/month/year.
        /// By default the file's own dates tell (a day above 12), and a file whose dates never
        /// tell is refused.
        #[arg(long, value_enum)]
        date_order: Option<DateOrderArg>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Fill the workspace with realistic sample leads and 180 days of their behaviour.
    #[command(after_help = "\
Examples:
  scenario leads generate --workspace demo.scenario-ws
  scenario leads generate --workspace big.scenario-ws --count 100000 --seed 7 --end 2026-10-31")]
    Generate {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
        /// How many leads.
        #[arg(long, default_value_t = 5_000)]
        count: usize,
        /// The seed; the same seed, count and end date give the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The last day of the history (YYYY-MM-DD); today in Japan when absent.
        #[arg(long)]
        end: Option<NaiveDate>,
        /// Days of history.
        #[arg(long, default_value_t = 180)]
        days: u32,
        /// Delete the workspace's leads first.
        #[arg(long)]
        replace: bool,
    },
    /// Counts of the workspace's leads by industry, size, title, status and consent.
    #[command(after_help = "Example:\n  scenario leads stats --workspace team.scenario-ws --json")]
    Stats {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Score every lead from its recorded behaviour with the workspace's scoring model.
    #[command(after_help = "\
Examples:
  scenario leads scores --workspace team.scenario-ws
  scenario leads scores --workspace team.scenario-ws --as-of 2026-10-31 --json
  scenario leads scores --workspace team.scenario-ws --fit --outcome opportunity
  scenario leads scores --workspace team.scenario-ws --fit --outcome hand-off --apply")]
    Scores {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
        /// Review the scoring against the deal history (スコアの見直し): fit points from what came
        /// before the recorded deals, and check them and the points in use on later deals.
        #[arg(long)]
        fit: bool,
        /// What the fitted points should foretell.
        #[arg(long, value_enum, default_value = "opportunity", requires = "fit")]
        outcome: OutcomeArg,
        /// Days after a snapshot within which the outcome counts (chosen from the history's
        /// length when absent, at most 90).
        #[arg(long, requires = "fit")]
        horizon: Option<u32>,
        /// Make the suggested points the workspace's scoring model, kept as a new version.
        #[arg(long, requires = "fit")]
        apply: bool,
        /// Score as of the end of this day (YYYY-MM-DD, Japan time); today when absent.
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the workspace's leads as CSV (Japanese headers that import back unchanged).
    #[command(after_help = "\
Examples:
  scenario leads export --workspace team.scenario-ws -o leads.csv
  scenario leads export --workspace team.scenario-ws --encoding cp932 -o leads-sjis.csv")]
    Export {
        /// The workspace file (by default the app's own, which it opens on first start).
        #[arg(long, short, default_value_os_t = crate::default_workspace())]
        workspace: PathBuf,
        /// Where to write; standard output when absent or `-`.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// utf-8 (with BOM, the default) or cp932.
        #[arg(long, value_enum, default_value_t = EncodingArg::Utf8)]
        encoding: EncodingArg,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OutcomeArg {
    /// Handed to sales.
    HandOff,
    /// 商談化.
    Opportunity,
    /// 受注.
    Won,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    Leads,
    Events,
    Deals,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DateOrderArg {
    /// Month/day/year (US exports).
    Mdy,
    /// Day/month/year (UK and European exports).
    Dmy,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(alias = "shift_jis", alias = "sjis")]
    Cp932,
}

/// A scoring review as a marketer reads it: the verdict, the points, the lift by tenth.
fn print_review(review: &ScoringReview, lang: Lang) {
    let ja = lang == Lang::Ja;
    let pct = |x: f64| format!("{:.1}%", 100.0 * x);
    let outcome = review.outcome.label();
    if ja {
        println!(
            "スコアの見直し: {}（スナップショット後 {} 日以内）",
            outcome.ja, review.horizon_days
        );
        println!(
            "  学習: {} 時点のリード延べ {} 件、うち {} 件が{}に至った",
            review.training_snapshots.join(", "),
            review.training_leads,
            review.training_deals,
            outcome.ja
        );
        println!(
            "  検証: {} 時点のリード {} 件を採点し、{} までの実績 {} 件で判定",
            review.holdout_from, review.holdout_leads, review.holdout_to, review.holdout_deals
        );
    } else {
        println!(
            "scoring review: {} within {} days of a snapshot",
            outcome.en, review.horizon_days
        );
        println!(
            "  trained on {} lead-snapshots ({}), {} of which reached {}",
            review.training_leads,
            review.training_snapshots.join(", "),
            review.training_deals,
            outcome.en
        );
        println!(
            "  checked on {} leads scored at {}, judged by the {} deals up to {}",
            review.holdout_leads, review.holdout_from, review.holdout_deals, review.holdout_to
        );
    }
    println!();
    let header = if ja {
        ["", "現在の配点", "提案の配点"]
    } else {
        ["", "points in use", "suggested"]
    };
    println!("  {:<34}{:>20}{:>20}", header[0], header[1], header[2]);
    type Figure<'a> = Box<dyn Fn(&ModelCheck) -> String + 'a>;
    let rows: [(&str, &str, Figure); 5] = [
        (
            "AUC",
            "AUC",
            Box::new(|c| format!("{:.2} ({:.2}–{:.2})", c.auc, c.auc_low, c.auc_high)),
        ),
        (
            "MQL のしきい値",
            "MQL threshold",
            Box::new(|c| c.threshold.to_string()),
        ),
        (
            "しきい値以上のリード",
            "leads at or above it",
            Box::new(|c| c.mql.to_string()),
        ),
        (
            "後の実績のうち、しきい値以上だった割合",
            "later deals caught above it",
            Box::new(|c| format!("{} ({})", pct(c.caught_share), c.caught)),
        ),
        (
            "しきい値以上 / 未満の転換率",
            "conversion above / below",
            Box::new(|c| format!("{} / {}", pct(c.rate_above), pct(c.rate_below))),
        ),
    ];
    for (label_ja, label_en, value) in &rows {
        println!(
            "  {:<34}{:>20}{:>20}",
            if ja { label_ja } else { label_en },
            value(&review.current_check),
            value(&review.suggested_check)
        );
    }
    println!();
    println!(
        "  {}",
        if ja {
            "上位から 10 分の 1 ずつ（リフト ／ 累積捕捉率）: 現在 → 提案"
        } else {
            "by tenth of the ranking, best first (lift / share of deals caught so far): in use → suggested"
        }
    );
    for (i, (old, new)) in (review.current_check.deciles.iter())
        .zip(&review.suggested_check.deciles)
        .enumerate()
    {
        println!(
            "  {:>3}  {:>5.1}x {:>7} → {:>5.1}x {:>7}",
            i + 1,
            old.lift,
            pct(old.cumulative_share),
            new.lift,
            pct(new.cumulative_share)
        );
    }
    println!();
    println!(
        "  {}",
        if ja {
            "配点（現在 → 提案）"
        } else {
            "points (in use → suggested)"
        }
    );
    for p in &review.points {
        if p.current != 0 || p.suggested != 0 {
            println!(
                "  {:<28}{:>6} → {:>6}",
                p.label.get(lang),
                p.current,
                p.suggested
            );
        }
    }
    println!();
    let verdict = if review.better {
        Localized::new(
            "提案の配点は、後の実績を現在の配点よりよく順位づけしました。--apply で適用できます",
            "the suggested points ranked the later deals better than the points in use: --apply makes them the workspace's",
        )
    } else {
        Localized::new(
            "提案の配点は現在の配点より良くありません",
            "the suggested points are no better than the points in use",
        )
    };
    println!("{}", verdict.get(lang));
    for note in &review.notes {
        println!("  ※ {}", note.get(lang));
    }
}

fn localized_err(message: Localized, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!("{}", message.get(lang))
}

fn open(path: &Path, lang: Lang) -> anyhow::Result<Workspace> {
    crate::open_workspace(path).map_err(|e| localized_err(e, lang))
}

pub fn init(path: &Path, lang: Lang) -> anyhow::Result<ExitCode> {
    Workspace::create(path).map_err(|e| localized_err(e.localized(), lang))?;
    let message = Localized::new(
        format!("ワークスペース {} を作成しました", path.display()),
        format!("created the workspace {}", path.display()),
    );
    eprintln!("{}", message.get(lang));
    Ok(ExitCode::SUCCESS)
}

/// Makes sure the app's default workspace exists in `data_folder` (creating the folder and the
/// workspace, as the app does on its first start), and says where it is.
pub fn init_default(data_folder: &Path, lang: Lang) -> anyhow::Result<ExitCode> {
    use scenario_studio::store::default;
    let path = default::path_in(data_folder, crate::default_lang());
    let message = if path.exists() {
        Localized::new(
            format!("既定のワークスペース {} は作成済みです", path.display()),
            format!("the default workspace {} exists already", path.display()),
        )
    } else {
        default::open_in(data_folder, crate::default_lang())
            .map_err(|e| localized_err(e.localized(), lang))?;
        Localized::new(
            format!("既定のワークスペース {} を作成しました", path.display()),
            format!("created the default workspace {}", path.display()),
        )
    };
    eprintln!("{}", message.get(lang));
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn progress_bar(total: u64, unit: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let template =
        format!("{{spinner}} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {unit} ({{eta}})");
    bar.set_style(ProgressStyle::with_template(&template).expect("valid template"));
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar
}

pub fn run(command: LeadsCommand, lang: Lang) -> anyhow::Result<ExitCode> {
    match command {
        LeadsCommand::Import {
            workspace,
            file,
            kind,
            preset,
            encoding,
            mapping,
            dry_run,
            strict,
            suppress_unreadable_opt_outs,
            date_order,
            json,
        } => {
            let encoding = match encoding {
                None => None,
                Some(name) => Some(TextEncoding::from_name(&name).ok_or_else(|| {
                    localized_err(
                        Localized::new(
                            format!(
                                "文字コード「{name}」には対応していません（utf-8、cp932、euc-jp）"
                            ),
                            format!("unsupported encoding \"{name}\" (utf-8, cp932, euc-jp)"),
                        ),
                        lang,
                    )
                })?),
            };
            let mapping = match mapping {
                None => None,
                Some(path) => {
                    // Read like every other input: at most 16 MiB, refused before reading more.
                    let bytes = scenario_studio::format::read_bytes(&path).map_err(|e| {
                        let m = e.localized();
                        localized_err(
                            Localized::new(
                                format!(
                                    "マッピングファイル {} を読めません: {}",
                                    path.display(),
                                    m.ja
                                ),
                                format!(
                                    "cannot read the mapping file {}: {}",
                                    path.display(),
                                    m.en
                                ),
                            ),
                            lang,
                        )
                    })?;
                    let text = String::from_utf8(bytes).with_context(|| {
                        format!("the mapping file {} is not UTF-8 text", path.display())
                    })?;
                    let parsed = scenario_studio::format::no_duplicate_keys(&text)
                        .and_then(|()| serde_json::from_str::<MappingFile>(&text));
                    Some(parsed.map_err(|e| {
                        localized_err(
                            Localized::new(
                                format!(
                                    "マッピングファイル {} を読めません（{}行{}列）: {e}",
                                    path.display(),
                                    e.line(),
                                    e.column()
                                ),
                                format!(
                                    "cannot read the mapping file {} (line {}, column {}): {e}",
                                    path.display(),
                                    e.line(),
                                    e.column()
                                ),
                            ),
                            lang,
                        )
                    })?)
                }
            };
            let options = ImportOptions {
                kind: kind.map(|k| match k {
                    KindArg::Leads => ImportKind::Leads,
                    KindArg::Events => ImportKind::Events,
                    KindArg::Deals => ImportKind::Deals,
                }),
                preset,
                encoding,
                mapping,
                dry_run,
                strict,
                suppress_unreadable_opt_outs,
                date_order: date_order.map(|o| match o {
                    DateOrderArg::Mdy => import::DateOrder::Mdy,
                    DateOrderArg::Dmy => import::DateOrder::Dmy,
                }),
                now: Some(chrono::Utc::now().timestamp()),
            };
            let mut ws = open(&workspace, lang)?;
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            let bar = progress_bar(size, "bytes");
            let result = import::import_file(&mut ws, &file, &options, &mut |done, _| {
                bar.set_position(done)
            });
            bar.finish_and_clear();
            match result {
                Ok(report) => {
                    if json {
                        println!("{}", serde_json::to_string_pretty(&report)?);
                    } else {
                        print_report(&report, lang);
                    }
                    let stored = report.inserted + report.updated + report.unchanged > 0;
                    Ok(if report.error_rows > 0 || !stored {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    })
                }
                Err(e) => {
                    if json {
                        let doc = serde_json::json!({"refused": {"kind": e.kind(), "message": e.localized()}});
                        println!("{}", serde_json::to_string_pretty(&doc)?);
                    }
                    if let import::ImportError::Strict { issues, .. } = &e {
                        for issue in issues
                            .iter()
                            .filter(|i| i.severity == IssueSeverity::Error)
                            .take(20)
                        {
                            eprintln!("  {}", issue_line(issue, lang));
                        }
                    }
                    // Every refusal names the file (a read error names it itself).
                    let message = e.localized();
                    let message = match &e {
                        import::ImportError::Read { path, .. } if !path.as_os_str().is_empty() => {
                            message
                        }
                        // The workspace's refusal, not the file's.
                        import::ImportError::Store(_) => message,
                        _ => crate::of_file(&file, message),
                    };
                    Err(localized_err(message, lang))
                }
            }
        }
        LeadsCommand::Generate {
            workspace,
            count,
            seed,
            end,
            days,
            replace,
        } => {
            let end = end.unwrap_or_else(|| {
                chrono::Utc::now()
                    .with_timezone(&import::values::jst())
                    .date_naive()
            });
            let mut ws = open(&workspace, lang)?;
            let opts = SampleOptions {
                count,
                seed,
                end,
                days,
            };
            let bar = progress_bar(count as u64, "leads");
            let result = sample::generate_into(&mut ws, &opts, replace, &mut |done, _| {
                bar.set_position(done)
            });
            bar.finish_and_clear();
            let summary = result.map_err(|e| match e {
                sample::SampleError::NotEmpty(n) => localized_err(
                    Localized::new(
                        format!("ワークスペースには既に {n} 件のリードがあります。空のワークスペースを使うか、--replace で置き換えてください"),
                        format!("the workspace already has {n} leads; use an empty workspace or --replace them"),
                    ),
                    lang,
                ),
                other => localized_err(other.localized(), lang),
            })?;
            let message = Localized::new(
                format!(
                    "サンプルリード {} 件、行動履歴 {} 件、商談ステータス変更 {} 件を生成しました（シード {seed}、{end} までの {days} 日間）",
                    summary.leads, summary.events, summary.deal_changes
                ),
                format!(
                    "generated {} sample leads, {} events and {} deal status changes (seed {seed}, {days} days to {end})",
                    summary.leads, summary.events, summary.deal_changes
                ),
            );
            println!("{}", message.get(lang));
            Ok(ExitCode::SUCCESS)
        }
        LeadsCommand::Scores {
            workspace,
            fit: true,
            outcome,
            horizon,
            apply,
            json,
            ..
        } => {
            let mut ws = open(&workspace, lang)?;
            let current: scenario_studio::scoring::ScoringModel =
                store::documents::load(ws.conn(), store::documents::SCORING_MODEL)
                    .map_err(|e| localized_err(e.localized(), lang))?;
            let outcome = match outcome {
                OutcomeArg::HandOff => Outcome::HandOff,
                OutcomeArg::Opportunity => Outcome::Opportunity,
                OutcomeArg::Won => Outcome::Won,
            };
            let options = ReviewOptions {
                outcome,
                horizon_days: horizon,
            };
            let review = score_review::review(ws.conn(), &current, &options)
                .map_err(|e| localized_err(e.localized(), lang))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&review)?);
            } else {
                print_review(&review, lang);
            }
            if apply {
                let note = Localized::new(
                    format!(
                        "スコアの見直し: {}の実績から当てはめ（AUC {:.2}）",
                        review.outcome.label().ja,
                        review.suggested_check.auc
                    ),
                    format!(
                        "scoring review: fitted to {} (AUC {:.2})",
                        review.outcome.label().en,
                        review.suggested_check.auc
                    ),
                );
                let replaced = Localized::new("見直し前の配点", "points before the first review");
                let number =
                    scenario_studio::simulate::parameters::SimulationSettings::keep_scoring(
                        &mut ws,
                        &review.suggested,
                        note.get(lang),
                        replaced.get(lang),
                        chrono::Utc::now().timestamp(),
                    )
                    .map_err(|e| localized_err(e.localized(), lang))?;
                let done = Localized::new(
                    format!("提案の配点をスコアリング設定のバージョン {number} として適用しました"),
                    format!(
                        "applied the suggested points as version {number} of the scoring settings"
                    ),
                );
                eprintln!("{}", done.get(lang));
            }
            Ok(ExitCode::SUCCESS)
        }
        LeadsCommand::Scores {
            workspace,
            as_of,
            json,
            ..
        } => {
            let ws = open(&workspace, lang)?;
            let model: scenario_studio::scoring::ScoringModel =
                store::documents::load(ws.conn(), store::documents::SCORING_MODEL)
                    .map_err(|e| localized_err(e.localized(), lang))?;
            let day = as_of.unwrap_or_else(|| {
                chrono::Utc::now()
                    .with_timezone(&import::values::jst())
                    .date_naive()
            });
            let end_of_day = scenario_studio::simulate::calendar::jst_minute(day, 23, 59);
            let summary = store::scores::score_leads(ws.conn(), &model, end_of_day)
                .map_err(|e| localized_err(e.localized(), lang))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&summary)?);
            } else {
                let share = if summary.leads == 0 {
                    0.0
                } else {
                    100.0 * summary.mql as f64 / summary.leads as f64
                };
                match lang {
                    Lang::Ja => println!(
                        "{day} 時点: リード {} 件のうち MQL（スコア {} 以上）{} 件（{share:.1}%）",
                        summary.leads, summary.mql_threshold, summary.mql
                    ),
                    Lang::En => println!(
                        "as of {day}: {} of {} leads are MQLs (score {} or more, {share:.1} %)",
                        summary.mql, summary.leads, summary.mql_threshold
                    ),
                }
                let widest = summary
                    .distribution
                    .iter()
                    .map(|(_, n)| *n)
                    .max()
                    .unwrap_or(1)
                    .max(1);
                for (band, n) in &summary.distribution {
                    let bar = "█".repeat(((*n as f64 / widest as f64) * 40.0).ceil() as usize);
                    println!("  {:>4}–{:<4} {n:>8}  {bar}", band, band + 9);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        LeadsCommand::Stats { workspace, json } => {
            let ws = open(&workspace, lang)?;
            let stats = store::stats(ws.conn()).map_err(|e| localized_err(e.localized(), lang))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&stats)?);
            } else {
                print_stats(&stats, lang);
            }
            Ok(ExitCode::SUCCESS)
        }
        LeadsCommand::Export {
            workspace,
            output,
            encoding,
            force,
        } => {
            let ws = open(&workspace, lang)?;
            let encoding = match encoding {
                EncodingArg::Utf8 => ExportEncoding::Utf8Bom,
                EncodingArg::Cp932 => ExportEncoding::Cp932,
            };
            let output = crate::output_file(output.as_deref()).map(Path::to_path_buf);
            let written = match &output {
                None => {
                    let stdout = std::io::stdout();
                    let mut lock = stdout.lock();
                    let n = leads_csv::export_leads(&ws, &mut lock, encoding)
                        .map_err(|e| localized_err(e.localized(), lang))?;
                    lock.flush()?;
                    n
                }
                Some(path) => {
                    super::refuse_overwrite(path, force, lang)?;
                    // Any failure of the file names the file asked for (not the temporary one
                    // beside it) and why.
                    let failed = |source: std::io::Error| {
                        let e = scenario_studio::format::FormatError::Write {
                            path: path.clone(),
                            source,
                        };
                        localized_err(e.localized(), lang)
                    };
                    let dir = path
                        .parent()
                        .filter(|p| !p.as_os_str().is_empty())
                        .unwrap_or(Path::new("."));
                    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(failed)?;
                    let n = {
                        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
                        let n = leads_csv::export_leads(&ws, &mut w, encoding).map_err(
                            |e| match e {
                                leads_csv::ExportError::Io(source) => failed(source),
                                e => localized_err(e.localized(), lang),
                            },
                        )?;
                        w.flush().map_err(failed)?;
                        n
                    };
                    scenario_studio::format::persist(tmp, path).map_err(failed)?;
                    n
                }
            };
            if let Some(path) = output {
                let message = Localized::new(
                    format!("{written} 件のリードを {} に書き出しました", path.display()),
                    format!("wrote {written} leads to {}", path.display()),
                );
                eprintln!("{}", message.get(lang));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn field_name(f: &import::Field) -> String {
    serde_json::to_value(f)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn issue_line(issue: &import::RowIssue, lang: Lang) -> String {
    let severity = match (issue.severity, lang) {
        (IssueSeverity::Error, Lang::Ja) => "エラー",
        (IssueSeverity::Error, Lang::En) => "error",
        (IssueSeverity::Warning, Lang::Ja) => "警告",
        (IssueSeverity::Warning, Lang::En) => "warning",
    };
    let place = match (lang, &issue.column) {
        (Lang::Ja, Some(c)) => format!("{}行目「{c}」", issue.line),
        (Lang::Ja, None) => format!("{}行目", issue.line),
        (Lang::En, Some(c)) => format!("line {} [{c}]", issue.line),
        (Lang::En, None) => format!("line {}", issue.line),
    };
    format!(
        "{place} {severity}[{}] {}",
        issue.code,
        issue.message.get(lang)
    )
}

fn print_report(r: &ImportReport, lang: Lang) {
    let ja = lang == Lang::Ja;
    let detection = match (r.detection, ja) {
        (import::Detection::Bom, true) => "BOM から判定",
        (import::Detection::Detected, true) => "自動判定",
        (import::Detection::Given, true) => "指定",
        (import::Detection::Bom, false) => "from the byte-order mark",
        (import::Detection::Detected, false) => "detected",
        (import::Detection::Given, false) => "given",
    };
    let delimiter = match r.delimiter {
        '\t' => "TAB",
        ';' => ";",
        _ => ",",
    };
    let recognised = r.mapping.recognised();
    if ja {
        println!("ファイル: {}（{}）", r.file, r.mapping.kind.name());
        println!(
            "文字コード: {}（{detection}）  区切り文字: {delimiter}",
            r.encoding.name()
        );
        println!(
            "プリセット: {}（{}列中{recognised}列を認識）",
            r.mapping.preset,
            r.mapping.columns.len()
        );
        println!("列の対応:");
    } else {
        println!("file: {} ({})", r.file, r.mapping.kind.name());
        println!(
            "encoding: {} ({detection})  separator: {delimiter}",
            r.encoding.name()
        );
        println!(
            "preset: {} ({recognised} of {} columns recognised)",
            r.mapping.preset,
            r.mapping.columns.len()
        );
        println!("columns:");
    }
    for (header, field) in &r.mapping.columns {
        let target = match (field, ja) {
            (Some(import::Field::Ignore), true) => "（取り込まない）".to_owned(),
            (Some(import::Field::Ignore), false) => "(ignored)".to_owned(),
            (Some(f), _) => field_name(f),
            (None, true) if r.mapping.kind == ImportKind::Leads => {
                "（カスタム項目として保存）".to_owned()
            }
            (None, false) if r.mapping.kind == ImportKind::Leads => {
                "(kept as a custom field)".to_owned()
            }
            (None, true) => "（取り込まない）".to_owned(),
            (None, false) => "(ignored)".to_owned(),
        };
        println!("  {header} → {target}");
    }
    if !r.preview.is_empty() {
        println!("{}", if ja { "先頭の行:" } else { "first rows:" });
        for row in &r.preview {
            println!("  {}", row.join(" | "));
        }
    }
    if ja {
        println!(
            "行数: {}  新規: {}  更新: {}  登録済み: {}  スキップ: {}（エラー {}・重複 {}）  警告のある行: {}",
            r.rows,
            r.inserted,
            r.updated,
            r.unchanged,
            r.skipped,
            r.error_rows,
            r.duplicates,
            r.warning_rows
        );
    } else {
        println!(
            "rows: {}  new: {}  updated: {}  already stored: {}  skipped: {} ({} with errors, {} duplicates)  rows with warnings: {}",
            r.rows,
            r.inserted,
            r.updated,
            r.unchanged,
            r.skipped,
            r.error_rows,
            r.duplicates,
            r.warning_rows
        );
    }
    match (r.mapping.kind, ja) {
        (ImportKind::Leads, true) => println!(
            "配信停止のリード: {}  オプトイン取得方法の記録がないリード: {}",
            r.opted_out, r.no_consent
        ),
        (ImportKind::Leads, false) => println!(
            "opted-out leads: {}  leads without a recorded opt-in basis: {}",
            r.opted_out, r.no_consent
        ),
        (ImportKind::Events, true) => {
            println!("配信停止の記録で配信停止にしたリード: {}", r.opted_out)
        }
        (ImportKind::Events, false) => {
            println!(
                "leads opted out by the unsubscribes recorded: {}",
                r.opted_out
            )
        }
        (ImportKind::Deals, _) => {}
    }
    if let Some(order) = r.mapping.date_order {
        if ja {
            println!("年が最後の日付は {} として読みました", order.pattern());
        } else {
            println!("dates with the year last read as {}", order.pattern());
        }
    }
    if !r.not_behaviour.is_empty() {
        let list = (r.not_behaviour.iter())
            .map(|(activity, n)| format!("{activity} {n}"))
            .collect::<Vec<_>>()
            .join(if ja { "・" } else { ", " });
        if ja {
            println!("行動ではない記録（取り込まずに数えた行）: {list}");
        } else {
            println!("activities that are not behaviour (skipped, counted): {list}");
        }
    }
    if !r.issue_groups.is_empty() {
        println!("{}", if ja { "問題:" } else { "problems:" });
        // Each problem once, with how many rows had it and which.
        for group in &r.issue_groups {
            let line = issue_line(&group.first, lang);
            if group.rows == 1 {
                println!("  {line}");
                continue;
            }
            let lines = (group.lines.iter())
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let more = if group.rows > group.lines.len() as u64 {
                " …"
            } else {
                ""
            };
            if ja {
                println!(
                    "  {line}（同じ問題が {} 行: {lines}{more} 行目）",
                    group.rows
                );
            } else {
                println!(
                    "  {line} (the same in {} rows: lines {lines}{more})",
                    group.rows
                );
            }
        }
        if r.issues_not_grouped > 0 {
            if ja {
                println!("  …ほか {} 件", r.issues_not_grouped);
            } else {
                println!("  … and {} more", r.issues_not_grouped);
            }
        }
    }
    let stored = r.inserted + r.updated + r.unchanged > 0;
    let done = match (r.committed, ja) {
        (true, true) if !stored => {
            "1 行も取り込めませんでした（上の問題とスキップを確認してください）。"
        }
        (true, false) if !stored => "No row was imported (see the problems and skips above).",
        (true, true) => "取り込みました。",
        (true, false) => "Imported.",
        (false, true) => "ドライラン: 何も書き込んでいません。",
        (false, false) => "Dry run: nothing was written.",
    };
    println!("{done}");
}

fn print_stats(s: &store::LeadStats, lang: Lang) {
    let ja = lang == Lang::Ja;
    if ja {
        println!(
            "リード: {}  配信停止: {}  オプトイン取得方法の記録なし: {}",
            s.leads, s.opted_out, s.no_opt_in_basis
        );
    } else {
        println!(
            "leads: {}  opted out: {}  no recorded opt-in basis: {}",
            s.leads, s.opted_out, s.no_opt_in_basis
        );
    }
    if let Some((a, b)) = s.created_range {
        let (a, b) = (import::values::format_jst(a), import::values::format_jst(b));
        println!("{}: {a} 〜 {b}", if ja { "作成日" } else { "created" });
    }
    let section = |title_ja: &str,
                   title_en: &str,
                   map: &std::collections::BTreeMap<String, i64>,
                   name: &dyn Fn(&str) -> Option<Localized>| {
        println!("{}:", if ja { title_ja } else { title_en });
        let mut rows: Vec<_> = map.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (k, v) in rows.into_iter().take(12) {
            let label = match name(k) {
                Some(l) => l.get(lang).to_owned(),
                None if k.is_empty() || k == "none" => {
                    (if ja { "（なし）" } else { "(none)" }).to_owned()
                }
                None => k.clone(),
            };
            let pad = 28usize.saturating_sub(unicode_width::UnicodeWidthStr::width(label.as_str()));
            println!("  {label}{}{v:>9}", " ".repeat(pad));
        }
    };
    let event_name = |k: &str| {
        scenario_studio::lead::EventKind::from_code(k)
            .map(|e| Localized::new(e.name_ja(), e.code()))
    };
    let deal_name = |k: &str| {
        scenario_studio::model::expr::DealStatus::ALL
            .into_iter()
            .find(|d| d.code() == k)
            .map(|d| d.label())
    };
    let level_name = |k: &str| {
        scenario_studio::lead::JobLevel::ALL
            .into_iter()
            .find(|l| l.code() == k)
            .map(|l| Localized::new(l.name_ja(), l.code()))
    };
    let basis_name = |k: &str| {
        let ja = match k {
            "form" => "フォーム",
            "business_card" => "名刺交換",
            "existing_relationship" => "既存取引",
            _ => return None,
        };
        Some(Localized::new(ja, k))
    };
    let plain = |_: &str| None;
    section("行動履歴", "events", &s.events, &event_name);
    section(
        "商談ステータス（最新）",
        "deal status (latest)",
        &s.deal_status,
        &deal_name,
    );
    section("業種", "industry", &s.industry, &plain);
    section(
        "企業規模（従業員数）",
        "company size (employees)",
        &s.employee_band,
        &plain,
    );
    section("役職区分", "job level", &s.job_level, &level_name);
    section("都道府県", "prefecture", &s.prefecture, &plain);
    section(
        "オプトイン取得方法",
        "opt-in basis",
        &s.opt_in_basis,
        &basis_name,
    );
}
