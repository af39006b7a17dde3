//! `scenario backtest`: the forecast made at a cut-off day from only the history before it, set
//! against what the workspace recorded after it (issue 20).

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::ValueEnum;
use scenario_studio::backtest::{self, Backtest, BacktestOptions, Figure, Measure, Rolling, Scope};
use scenario_studio::export::backtest_report;
use scenario_studio::{Lang, Localized};

use crate::simulate::{load_scenarios, progress_bar};

/// How the back-test is printed.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BacktestFormat {
    /// A readable table (the default).
    Table,
    /// JSON, the same bytes for the same inputs and seed at any thread count.
    Json,
    /// CSV, one row per figure (and cut-off), UTF-8 with a BOM.
    Csv,
    /// A self-contained HTML report.
    Html,
}

/// `scenario backtest`'s flags.
#[derive(clap::Args)]
pub struct BacktestArgs {
    /// The workspace file (by default the app's own, which it opens on first start).
    #[arg(long, short, default_value_os_t = crate::default_workspace())]
    workspace: PathBuf,
    /// The first day forecast (YYYY-MM-DD, Japan time); the models see only what was recorded
    /// before it. Several, comma-separated (or --cutoffs), give a rolling back-test with a summary.
    #[arg(
        long,
        alias = "cutoffs",
        value_delimiter = ',',
        required_unless_present = "every",
        conflicts_with = "every"
    )]
    cutoff: Vec<NaiveDate>,
    /// Cut-offs every so many days (e.g. 30 or 30d), the last window ending on the last recorded
    /// day (at most twelve): a rolling back-test with a summary.
    #[arg(long, value_parser = parse_days)]
    every: Option<u32>,
    /// How many days after the cut-off are forecast and compared (1–3650).
    #[arg(long, default_value_t = 60, value_parser = crate::days_range())]
    days: u32,
    /// Monte Carlo runs (seeds seed, seed+1, …); the bands come from them.
    #[arg(long, default_value_t = 20, value_parser = crate::runs_range())]
    runs: u32,
    /// The first run's seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Worker threads (0–256); 0 uses every core. The results do not depend on it.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=256))]
    threads: u16,
    /// Output format.
    #[arg(long, value_enum, default_value_t = BacktestFormat::Table)]
    format: BacktestFormat,
    /// The scenarios that ran: files, or ids of scenarios stored in the workspace. None: every
    /// active scenario stored in the workspace.
    scenarios: Vec<String>,
}

/// "30" or "30d": a number of days (1–3650).
fn parse_days(text: &str) -> Result<u32, String> {
    let digits = text.strip_suffix('d').unwrap_or(text);
    match digits.parse::<u32>() {
        Ok(n) if (1..=scenario_studio::simulate::MAX_WINDOW_DAYS).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a number of days such as 30 or 30d, not \"{text}\""
        )),
    }
}

pub fn run(args: BacktestArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let err = |m: Localized| anyhow::anyhow!("{}", m.get(lang));
    let ws = crate::open_workspace(&args.workspace).map_err(err)?;
    let scenarios = load_scenarios(&ws, &args.scenarios, lang)?;
    rayon::ThreadPoolBuilder::new()
        .num_threads(usize::from(args.threads))
        .build_global()?;
    let cutoffs = match args.every {
        Some(every) => {
            backtest::cutoffs_every(&ws, every, args.days).map_err(|e| err(e.localized()))?
        }
        None => args.cutoff.clone(),
    };
    let bar = progress_bar(ws.conn(), lang);
    let mut tick = |n: usize| bar.inc(n as u64);
    if let [cutoff] = cutoffs[..] {
        let options = BacktestOptions {
            cutoff,
            days: args.days,
            runs: args.runs,
            seed: args.seed,
        };
        let result = backtest::run(&ws, &scenarios, &options, &mut tick);
        bar.finish_and_clear();
        let result = result.map_err(|e| err(e.localized()))?;
        match args.format {
            BacktestFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
            BacktestFormat::Table => print_table(&result, lang),
            BacktestFormat::Csv => {
                backtest_report::write_csv(std::io::stdout().lock(), &[&result])?
            }
            BacktestFormat::Html => {
                print!(
                    "{}",
                    backtest_report::html(&[&result], None, &scenarios, lang)
                )
            }
        }
    } else {
        let shape = (args.days, args.runs, args.seed);
        let result = backtest::rolling(&ws, &scenarios, &cutoffs, shape, &mut tick);
        bar.finish_and_clear();
        let result = result.map_err(|e| err(e.localized()))?;
        let all: Vec<&Backtest> = result.backtests.iter().collect();
        match args.format {
            BacktestFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
            BacktestFormat::Table => print_rolling(&result, lang),
            BacktestFormat::Csv => backtest_report::write_csv(std::io::stdout().lock(), &all)?,
            BacktestFormat::Html => print!(
                "{}",
                backtest_report::html(&all, Some(&result), &scenarios, lang)
            ),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(b: &Backtest, lang: Lang) {
    let ja = lang == Lang::Ja;
    let pick = |l: Localized| if ja { l.ja } else { l.en };
    if ja {
        println!(
            "予測の検証: {} から {} 日間（{} 回試行・シード {}）。記録 {}〜{}、基準日のリード {} 件",
            b.cutoff, b.days, b.runs, b.seed, b.recorded.first, b.recorded.last, b.leads_at_cutoff
        );
    } else {
        println!(
            "Forecast check: {} days from {} ({} runs, seed {}). Recorded {} – {}, {} leads at the cut-off",
            b.days, b.cutoff, b.runs, b.seed, b.recorded.first, b.recorded.last, b.leads_at_cutoff
        );
    }
    let head = if ja {
        [
            "対象",
            "指標",
            "予測（5〜95 %）",
            "実績",
            "誤差",
            "帯内",
            "前期間",
            "前期間より近い",
        ]
    } else {
        [
            "scope",
            "figure",
            "forecast (5–95 %)",
            "actual",
            "error",
            "in band",
            "last period",
            "closer",
        ]
    };
    let mut rows = vec![head.map(str::to_owned).to_vec()];
    for f in &b.figures {
        rows.push(row(f, ja, &pick));
    }
    print_rows(&rows);
    let s = b.summary;
    let (held, closer) = (
        format!(
            "{} / {} ({})",
            s.in_band,
            s.compared,
            share(s.in_band, s.compared)
        ),
        format!(
            "{} / {} ({})",
            s.beats_baseline,
            s.against_baseline,
            share(s.beats_baseline, s.against_baseline)
        ),
    );
    let summary = Localized::new(
        format!("帯に入った指標 {held}、前期間の値より近かった指標 {closer}"),
        format!("In band: {held}; closer than the last period: {closer}"),
    );
    println!("{}", summary.get(lang));
    let mails: Vec<String> = (b.mails_without_history.iter())
        .map(|m| format!("{}/{}", m.scenario, m.node))
        .collect();
    print_list(
        &mails,
        Localized::new(
            "記録に対応するメールがないシナリオのメール（比較なし）",
            "Scenario mails no recorded mail is tied to (not compared)",
        ),
        lang,
    );
    let untied: Vec<String> = (b.untied.iter())
        .map(|m| format!("{} ({})", m.detail, m.sent))
        .collect();
    print_list(
        &untied,
        Localized::new(
            "シナリオのメールに対応しない記録上のメール（期間中の配信数）",
            "Recorded mails tied to no scenario mail (sent in the window)",
        ),
        lang,
    );
    let taken_back: Vec<String> = b.taken_back.iter().map(backtest::TakenBack::line).collect();
    print_list(&taken_back, backtest::TakenBack::heading(), lang);
}

/// `label: a, b, c` on one line, nothing for no items.
fn print_list(items: &[String], label: Localized, lang: Lang) {
    if !items.is_empty() {
        println!("{}: {}", label.get(lang), items.join(", "));
    }
}

/// One line per cut-off, then how each measure held over all of them.
fn print_rolling(r: &Rolling, lang: Lang) {
    let ja = lang == Lang::Ja;
    let total_error = |b: &Backtest, m: Measure| {
        (b.figures.iter())
            .find(|f| f.scope == Scope::Total && f.measure == m)
            .and_then(|f| f.error_pct)
            .map_or("—".to_owned(), |e| format!("{e:+.0} %"))
    };
    let mut rows = vec![
        if ja {
            [
                "基準日",
                "指標数",
                "帯内",
                "前期間より近い",
                "配信の誤差",
                "開封率の誤差",
            ]
        } else {
            [
                "cut-off",
                "figures",
                "in band",
                "closer",
                "sends error",
                "open rate error",
            ]
        }
        .map(str::to_owned)
        .to_vec(),
    ];
    for b in &r.backtests {
        let s = b.summary;
        rows.push(vec![
            b.cutoff.to_string(),
            s.compared.to_string(),
            share(s.in_band, s.compared),
            share(s.beats_baseline, s.against_baseline),
            total_error(b, Measure::Sent),
            total_error(b, Measure::OpenRate),
        ]);
    }
    print_rows(&rows);
    println!();
    let mut rows = vec![
        if ja {
            ["指標", "数", "帯内", "前期間より近い", "誤差の中央値"]
        } else {
            ["figure", "count", "in band", "closer", "median error"]
        }
        .map(str::to_owned)
        .to_vec(),
    ];
    for m in &r.measures {
        let s = m.summary;
        rows.push(vec![
            m.measure.label().get(lang).to_owned(),
            s.compared.to_string(),
            share(s.in_band, s.compared),
            share(s.beats_baseline, s.against_baseline),
            m.median_abs_error_pct
                .map_or("—".to_owned(), |e| format!("{e:.0} %")),
        ]);
    }
    print_rows(&rows);
    let s = r.summary;
    let summary = Localized::new(
        format!(
            "{} 回の基準日の全指標: 帯内 {}、前期間より近い {}",
            r.backtests.len(),
            share(s.in_band, s.compared),
            share(s.beats_baseline, s.against_baseline)
        ),
        format!(
            "All figures of {} cut-offs: in band {}, closer than the last period {}",
            r.backtests.len(),
            share(s.in_band, s.compared),
            share(s.beats_baseline, s.against_baseline)
        ),
    );
    println!("{}", summary.get(lang));
}

/// `k` of `n` as a whole percentage ("—" of nothing).
fn share(k: usize, n: usize) -> String {
    if n == 0 {
        "—".to_owned()
    } else {
        format!("{:.0} %", k as f64 / n as f64 * 100.0)
    }
}

/// Rows of cells in aligned columns (by display width), indented.
fn print_rows(rows: &[Vec<String>]) {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| width(&r[c])).max().unwrap_or(0))
        .collect();
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - width(cell))))
            .collect();
        println!("  {}", line.join("  ").trim_end());
    }
}

fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

fn row(f: &Figure, ja: bool, pick: &dyn Fn(Localized) -> String) -> Vec<String> {
    let scope = match &f.scope {
        Scope::Total => if ja { "合計" } else { "total" }.to_owned(),
        Scope::Scenario { scenario } => scenario.to_string(),
        Scope::Week { scenario, week } => {
            let week = week + 1;
            if ja {
                format!("{scenario} 第{week}週")
            } else {
                format!("{scenario} week {week}")
            }
        }
        Scope::Mail { scenario, node } => format!("{scenario}/{node}"),
    };
    let value = |x: f64| {
        if f.measure.is_rate() {
            format!("{:.1} %", x * 100.0)
        } else {
            format!("{x:.0}")
        }
    };
    let dash = || "—".to_owned();
    vec![
        scope,
        pick(f.measure.label()),
        format!(
            "{} ({}–{})",
            value(f.forecast.mean),
            value(f.forecast.p05),
            value(f.forecast.p95)
        ),
        f.actual.map(value).unwrap_or_else(dash),
        f.error_pct
            .map(|e| format!("{}{e:.0} %", if e >= 0.0 { "+" } else { "" }))
            .unwrap_or_else(dash),
        f.in_band
            .map(|b| if b { "○" } else { "×" }.to_owned())
            .unwrap_or_else(dash),
        f.baseline.map(value).unwrap_or_else(dash),
        f.beats_baseline
            .map(|b| if b { "○" } else { "×" }.to_owned())
            .unwrap_or_else(dash),
    ]
}
