//! A back-test out of the engine: as one long CSV table (one row per figure and cut-off, codes not
//! labels, for a spreadsheet's pivot table or a script) and as a self-contained HTML report a
//! consultant can send (the shared shell of `html`: no script, nothing fetched).
//!
//! CSV columns: `cutoff, days, runs, seed, scope, scenario, node, week, measure, forecast_mean,
//! forecast_p05, forecast_p95, actual, error_pct, in_band, crps, baseline, beats_baseline`.
//! `scope` is `total`, `scenario`, `week` (0 is the window's first seven days) or `mail`; rates
//! are shares (0–1) as the engine keeps them; an empty cell is "no data".

use std::fmt::Write as _;
use std::io::Write;

use crate::backtest::{Backtest, Figure, Rolling, Scope, Summary};
use crate::export::forecast_csv::cell;
use crate::export::markup::escape;
use crate::scenario::Scenario;
use crate::{Lang, Localized};

const HEADER: [&str; 18] = [
    "cutoff",
    "days",
    "runs",
    "seed",
    "scope",
    "scenario",
    "node",
    "week",
    "measure",
    "forecast_mean",
    "forecast_p05",
    "forecast_p95",
    "actual",
    "error_pct",
    "in_band",
    "crps",
    "baseline",
    "beats_baseline",
];

/// The scope's code, scenario, node and week (empty where it has none).
fn scope_cells(scope: &Scope) -> [String; 4] {
    match scope {
        Scope::Total => ["total".into(), String::new(), String::new(), String::new()],
        Scope::Scenario { scenario } => [
            "scenario".into(),
            scenario.to_string(),
            String::new(),
            String::new(),
        ],
        Scope::Week { scenario, week } => [
            "week".into(),
            scenario.to_string(),
            String::new(),
            week.to_string(),
        ],
        Scope::Mail { scenario, node } => [
            "mail".into(),
            scenario.to_string(),
            node.to_string(),
            String::new(),
        ],
    }
}

fn code<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Writes every figure of `backtests` as CSV, UTF-8 with a BOM so spreadsheet programs read it
/// correctly.
pub fn write_csv<W: Write>(mut out: W, backtests: &[&Backtest]) -> Result<(), csv::Error> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HEADER)?;
    let opt = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    let flag = |x: Option<bool>| x.map(|x| x.to_string()).unwrap_or_default();
    for b in backtests {
        for f in &b.figures {
            let [scope, scenario, node, week] = scope_cells(&f.scope);
            w.write_record([
                b.cutoff.to_string(),
                b.days.to_string(),
                b.runs.to_string(),
                b.seed.to_string(),
                scope,
                cell(&scenario).into_owned(),
                cell(&node).into_owned(),
                week,
                code(&f.measure),
                f.forecast.mean.to_string(),
                f.forecast.p05.to_string(),
                f.forecast.p95.to_string(),
                opt(f.actual),
                opt(f.error_pct),
                flag(f.in_band),
                opt(f.crps),
                opt(f.baseline),
                flag(f.beats_baseline),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// `k` of `n` as a whole percentage ("—" of nothing).
fn share(k: usize, n: usize) -> String {
    if n == 0 {
        "—".to_owned()
    } else {
        format!("{:.0}%", k as f64 / n as f64 * 100.0)
    }
}

/// How many figures held, in band and against the last period, with their shares.
fn held(s: &Summary, lang: Lang) -> String {
    let (band, closer) = (
        share(s.in_band, s.compared),
        share(s.beats_baseline, s.against_baseline),
    );
    match lang {
        Lang::Ja => format!(
            "帯内 {band}（{} / {}）、前期間より近い {closer}（{} / {}）",
            s.in_band, s.compared, s.beats_baseline, s.against_baseline
        ),
        Lang::En => format!(
            "in band {band} ({} of {}), closer than the last period {closer} ({} of {})",
            s.in_band, s.compared, s.beats_baseline, s.against_baseline
        ),
    }
}

/// A figure's value for people: a count, or a share in percent.
fn value(f: &Figure, x: f64) -> String {
    if f.measure.is_rate() {
        format!("{:.1}%", x * 100.0)
    } else {
        format!("{x:.0}")
    }
}

/// What a figure is about, named by the scenarios' names and their mails' titles or subjects.
fn scope_name(scope: &Scope, scenarios: &[Scenario], lang: Lang) -> String {
    let name = |id: &crate::model::ids::ScenarioId| {
        scenarios
            .iter()
            .find(|s| s.id() == id)
            .map_or_else(|| id.to_string(), |s| s.file().name.clone())
    };
    match scope {
        Scope::Total => Localized::new("全シナリオ", "all scenarios")
            .get(lang)
            .to_owned(),
        Scope::Scenario { scenario } => name(scenario),
        Scope::Week { scenario, week } => match lang {
            Lang::Ja => format!("{} 第{}週", name(scenario), week + 1),
            Lang::En => format!("{} week {}", name(scenario), week + 1),
        },
        Scope::Mail { scenario, node } => {
            let mail = scenarios
                .iter()
                .find(|s| s.id() == scenario)
                .and_then(|s| s.file().nodes.iter().find(|n| &n.id == node))
                .map_or_else(
                    || node.to_string(),
                    |n| match &n.kind {
                        crate::model::node::NodeKind::SendEmail { email } if n.title.is_empty() => {
                            email.subject.clone()
                        }
                        _ if !n.title.is_empty() => n.title.clone(),
                        _ => node.to_string(),
                    },
                );
            format!("{} · {mail}", name(scenario))
        }
    }
}

/// One back-test's figures as a table, the scopes named for people.
fn figure_table(out: &mut String, b: &Backtest, scenarios: &[Scenario], lang: Lang) {
    let t = |l: Localized| escape(l.get(lang));
    let heads = [
        Localized::new("対象", "scope"),
        Localized::new("指標", "figure"),
        Localized::new("予測（5〜95%）", "forecast (5–95%)"),
        Localized::new("実績", "recorded"),
        Localized::new("誤差", "error"),
        Localized::new("帯内", "in band"),
        Localized::new("前期間", "last period"),
        Localized::new("前期間より近い", "closer"),
    ];
    let _ = write!(out, "<table>\n<tr>");
    for h in heads {
        let _ = write!(out, "<th>{}</th>", t(h));
    }
    let _ = writeln!(out, "</tr>");
    let mark = |x: Option<bool>| match x {
        Some(true) => "○",
        Some(false) => "×",
        None => "—",
    };
    for f in &b.figures {
        let dash = || "—".to_owned();
        let class = match f.in_band {
            Some(true) => " class=\"yes\"",
            Some(false) => " class=\"no\"",
            None => "",
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{} ({}–{})</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td{class}>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&scope_name(&f.scope, scenarios, lang)),
            t(f.measure.label()),
            value(f, f.forecast.mean),
            value(f, f.forecast.p05),
            value(f, f.forecast.p95),
            f.actual.map(|x| value(f, x)).unwrap_or_else(dash),
            f.error_pct
                .map(|e| format!("{e:+.1}%"))
                .unwrap_or_else(dash),
            mark(f.in_band),
            f.baseline.map(|x| value(f, x)).unwrap_or_else(dash),
            mark(f.beats_baseline),
        );
    }
    let _ = writeln!(out, "</table>");
}

/// The report of one back-test, or of a rolling one (`rolling`, whose latest cut-off's figures are
/// listed in full), for `scenarios`.
pub fn html(
    backtests: &[&Backtest],
    rolling: Option<&Rolling>,
    scenarios: &[Scenario],
    lang: Lang,
) -> String {
    let t = |l: Localized| escape(l.get(lang));
    let mut out = String::new();
    let title = Localized::new("予測の検証レポート", "Forecast check report");
    let _ = writeln!(out, "<h1>{}</h1>", t(title.clone()));
    let _ = writeln!(
        out,
        "<p class=\"muted\">{}</p>",
        t(Localized::new(
            "基準日より前の記録だけで当てはめたモデルで基準日から予測し、その後に記録された実績と比べました。予測の帯（5〜95%）に実績が入る割合が 90% 前後なら、帯は信頼できます。「前期間」は基準日直前の同じ長さの期間の実績で、予測がそれより実績に近いかを比べています。",
            "The models were fitted to what was recorded before the cut-off, the scenarios forecast from it, and the forecast compared with what was recorded after it. When about 90% of the figures fall inside their 5–95% band, the bands can be trusted. \"Last period\" is what was recorded in the equal period before the cut-off; the forecast is compared with it as a naive baseline."
        ))
    );
    if let Some(r) = rolling {
        let _ = writeln!(
            out,
            "<p class=\"score\">{}</p>",
            escape(&match lang {
                Lang::Ja => format!(
                    "{} 回の基準日の全指標: {}",
                    r.backtests.len(),
                    held(&r.summary, lang)
                ),
                Lang::En => format!(
                    "All figures of {} cut-offs: {}",
                    r.backtests.len(),
                    held(&r.summary, lang)
                ),
            })
        );
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            t(Localized::new("指標ごと", "By measure")),
            t(Localized::new("指標", "figure")),
            t(Localized::new("数", "count")),
            t(Localized::new("帯内", "in band")),
            t(Localized::new("前期間より近い", "closer")),
            t(Localized::new("誤差の中央値", "median error")),
        );
        for m in &r.measures {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                t(m.measure.label()),
                m.summary.compared,
                share(m.summary.in_band, m.summary.compared),
                share(m.summary.beats_baseline, m.summary.against_baseline),
                m.median_abs_error_pct
                    .map_or("—".to_owned(), |e| format!("{e:.0}%")),
            );
        }
        let _ = writeln!(out, "</table>");
    }
    let latest = backtests.iter().map(|b| b.cutoff).max();
    for b in backtests {
        let meta = match lang {
            Lang::Ja => format!(
                "基準日 {} から {} 日間 · {} 回試行（シード {}）· 基準日のリード {} 件 · 記録 {}〜{} · {}",
                b.cutoff,
                b.days,
                b.runs,
                b.seed,
                b.leads_at_cutoff,
                b.recorded.first,
                b.recorded.last,
                held(&b.summary, lang)
            ),
            Lang::En => format!(
                "{} days from the cut-off {} · {} runs (seed {}) · {} leads at the cut-off · recorded {} – {} · {}",
                b.days,
                b.cutoff,
                b.runs,
                b.seed,
                b.leads_at_cutoff,
                b.recorded.first,
                b.recorded.last,
                held(&b.summary, lang)
            ),
        };
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<p>{}</p>",
            escape(&b.cutoff.to_string()),
            escape(&meta)
        );
        // A rolling report lists the latest cut-off's figures in full; the others by their summary.
        if rolling.is_none() || Some(b.cutoff) == latest {
            figure_table(&mut out, b, scenarios, lang);
        }
        let lists = [
            (
                Localized::new(
                    "記録上のメールと対応づかないシナリオのメール（比較していません）",
                    "Scenario mails tied to no recorded mail (not compared)",
                ),
                (b.mails_without_history.iter())
                    .map(|m| format!("{}/{}", m.scenario, m.node))
                    .collect::<Vec<_>>(),
            ),
            (
                Localized::new(
                    "どのシナリオのメールとも対応づかない記録上のメール（期間中の配信数）",
                    "Recorded mails tied to no scenario mail (sent in the window)",
                ),
                (b.untied.iter())
                    .map(|m| format!("{} ({})", m.detail, m.sent))
                    .collect(),
            ),
            (
                crate::backtest::TakenBack::heading(),
                b.taken_back
                    .iter()
                    .map(crate::backtest::TakenBack::line)
                    .collect(),
            ),
        ];
        for (label, items) in lists {
            if !items.is_empty() {
                let _ = writeln!(out, "<h3>{}</h3>\n<ul>", t(label));
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", escape(&item));
                }
                let _ = writeln!(out, "</ul>");
            }
        }
    }
    crate::export::html::page(title.get(lang), lang, &out)
}
