//! The simulation report a consultant can send to a client: one self-contained HTML page (the
//! shared shell of `html`) with, per scenario, the key figures and their 5–95 % bands, the KPI
//! targets against the forecast, a daily chart of sends, opens and clicks, each mail's rates,
//! the path through the nodes and the score distribution. Charts are inline SVG drawn here (no
//! script, nothing fetched), so the page prints and archives as it is.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::export::markup::escape;
use crate::model::node::NodeKind;
use crate::model::{Language, ScenarioFile};
use crate::simulate::counts::exit_label;
use crate::simulate::results::{Band, ScenarioSummary, Verdict};
use crate::{Lang, Localized};

/// What a report is about: the run's parameters and its results.
pub struct RunReport<'a> {
    /// The saved run's number, if it was saved.
    pub run: Option<i64>,
    /// The first day of the window.
    pub start: NaiveDate,
    /// Days simulated.
    pub days: u32,
    /// Monte Carlo runs.
    pub runs: u32,
    /// The seed.
    pub seed: u64,
    /// Per scenario.
    pub summaries: &'a [ScenarioSummary],
    /// The scenarios as they were simulated (node titles, mail subjects); may be empty.
    pub files: &'a [ScenarioFile],
}

fn n(x: f64) -> String {
    if x.abs() >= 100.0 || x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

fn band(b: &Band) -> String {
    format!("{}–{}", n(b.p05), n(b.p95))
}

/// A figure box: the mean big, the band small.
fn figure(out: &mut String, name: &str, b: &Band, unit: &str) {
    let _ = write!(
        out,
        "<div class=\"figure\"><div class=\"muted\">{}</div><div class=\"value\">{}{unit}</div><div class=\"band\">90%: {}{unit}</div></div>",
        escape(name),
        n(b.mean),
        band(b)
    );
}

/// A line chart of the daily series, as inline SVG.
fn daily_chart(s: &ScenarioSummary, start: NaiveDate, lang: Lang) -> String {
    let (w, h, left, bottom, top) = (720.0, 220.0, 48.0, 28.0, 12.0);
    let days = s.daily.len().max(1);
    let series: [(Localized, &str, Vec<f64>); 3] = [
        (
            Localized::new("送信", "sent"),
            "#93c5fd",
            s.daily.iter().map(|d| d.sent.mean).collect(),
        ),
        (
            Localized::new("開封", "opened"),
            "#2563eb",
            s.daily.iter().map(|d| d.opened.mean).collect(),
        ),
        (
            Localized::new("クリック", "clicked"),
            "#f59e0b",
            s.daily.iter().map(|d| d.clicked.mean).collect(),
        ),
    ];
    let max = series
        .iter()
        .flat_map(|s| s.2.iter().copied())
        .fold(0.0f64, f64::max)
        .max(1.0);
    let x = |i: usize| left + (w - left - 8.0) * i as f64 / (days.max(2) - 1) as f64;
    let y = |v: f64| top + (h - top - bottom) * (1.0 - v / max);
    let mut svg =
        format!("<svg viewBox=\"0 0 {w} {h}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">");
    let _ = write!(
        svg,
        "<line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#cbd2d9\"/><line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{}\" stroke=\"#cbd2d9\"/>",
        h - bottom,
        w - 8.0,
        h - bottom,
        h - bottom
    );
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>",
        left - 4.0,
        top + 8.0,
        n(max),
        left - 4.0,
        h - bottom
    );
    let last = start + chrono::Duration::days(days as i64 - 1);
    let _ = write!(
        svg,
        "<text x=\"{left}\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
        h - 8.0,
        start.format("%Y-%m-%d"),
        w - 8.0,
        h - 8.0,
        last.format("%Y-%m-%d")
    );
    for (i, (name, colour, values)) in series.iter().enumerate() {
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(d, v)| format!("{:.1},{:.1}", x(d), y(*v)))
            .collect();
        let _ = write!(
            svg,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.6\" points=\"{}\"/>",
            points.join(" ")
        );
        let lx = left + 10.0 + 90.0 * i as f64;
        let _ = write!(
            svg,
            "<rect x=\"{lx}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\">{}</text>",
            top,
            lx + 14.0,
            top + 9.0,
            escape(name.get(lang))
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A bar chart of the score distribution at the end of the window, as inline SVG.
fn score_chart(s: &ScenarioSummary) -> String {
    let (w, h, left, bottom) = (720.0, 160.0, 48.0, 24.0);
    let buckets = &s.score_distribution;
    let max = buckets
        .iter()
        .map(|b| b.leads.mean)
        .fold(0.0f64, f64::max)
        .max(1.0);
    let slot = (w - left - 8.0) / buckets.len().max(1) as f64;
    let mut svg =
        format!("<svg viewBox=\"0 0 {w} {h}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">");
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"12\" text-anchor=\"end\">{}</text><line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#cbd2d9\"/>",
        left - 4.0,
        n(max),
        h - bottom,
        w - 8.0,
        h - bottom
    );
    for (i, b) in buckets.iter().enumerate() {
        let bar = (h - bottom - 16.0) * b.leads.mean / max;
        let bx = left + slot * i as f64 + 1.0;
        let _ = write!(
            svg,
            "<rect x=\"{bx:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bar:.1}\" fill=\"#60a5fa\"><title>{}–{}: {}</title></rect>",
            h - bottom - bar,
            (slot - 2.0).max(1.0),
            b.from,
            b.to - 1,
            n(b.leads.mean)
        );
        if buckets.len() <= 16 || i % (buckets.len() / 8).max(1) == 0 {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{}\">{}</text>",
                bx,
                h - 8.0,
                b.from
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The report as a self-contained HTML page in `lang`.
pub fn html(r: &RunReport, lang: Lang) -> String {
    let t = |l: Localized| escape(l.get(lang));
    let mut out = String::new();
    let title = Localized::new("シミュレーション結果レポート", "Simulation report");
    let _ = writeln!(out, "<h1>{}</h1>", t(title.clone()));
    let end = r.start + chrono::Duration::days(i64::from(r.days.max(1)) - 1);
    let meta = match lang {
        Lang::Ja => format!(
            "期間 {} 〜 {}（{} 日間）・{} 回のモンテカルロ試行（シード {}）{}",
            r.start,
            end,
            r.days,
            r.runs,
            r.seed,
            r.run.map(|id| format!("・実行 #{id}")).unwrap_or_default()
        ),
        Lang::En => format!(
            "{} to {} ({} days), {} Monte Carlo runs (seed {}){}",
            r.start,
            end,
            r.days,
            r.runs,
            r.seed,
            r.run.map(|id| format!(", run #{id}")).unwrap_or_default()
        ),
    };
    let _ = writeln!(out, "<p class=\"muted\">{}</p>", escape(&meta));
    let _ = writeln!(
        out,
        "<p class=\"muted\">{}</p>",
        t(Localized::new(
            "各数値は試行の平均、「90%」は 5〜95 パーセンタイルの幅です。予測はワークスペースのリードと履歴から当てはめたモデルによるもので、実績を保証するものではありません。",
            "Each figure is the mean over the runs; \"90%\" is the 5th–95th percentile range. The forecast comes from models fitted to the workspace's leads and history; it is not a guarantee of results."
        ))
    );
    for s in r.summaries {
        let file = r.files.iter().find(|f| f.id == s.id);
        let language = file.map_or(Language::Ja, |f| f.language);
        let _ = writeln!(
            out,
            "<section class=\"scenario\">\n<h2>{}</h2>",
            escape(&s.name)
        );
        out.push_str("<div class=\"figures\">");
        let figures = [
            (Localized::new("参加", "Entries"), &s.enrolled, ""),
            (Localized::new("完了", "Completed"), &s.completed, ""),
            (
                Localized::new("ゴール到達", "Goal reached"),
                &s.goal_reached,
                "",
            ),
            (
                Localized::new("営業引き渡し", "Handed off"),
                &s.handed_off,
                "",
            ),
            (Localized::new("商談化", "Deals"), &s.deals_created, ""),
            (Localized::new("開封率", "Open rate"), &s.open_rate, "%"),
            (
                Localized::new("クリック率", "Click rate"),
                &s.click_rate,
                "%",
            ),
            (
                Localized::new("期間末の MQL", "MQL at the end"),
                &s.mql_at_end,
                "",
            ),
        ];
        for (name, b, unit) in figures {
            figure(&mut out, name.get(lang), b, unit);
        }
        out.push_str("</div>\n");
        if !s.kpis.is_empty() {
            let _ = writeln!(
                out,
                "<h3>{}</h3>\n<table><tr><th>{}</th><th>{}</th><th>{}</th><th>90%</th><th>{}</th></tr>",
                t(Localized::new("KPI 目標と予測", "KPI targets and forecast")),
                t(Localized::new("KPI", "KPI")),
                t(Localized::new("目標", "Target")),
                t(Localized::new("予測", "Forecast")),
                t(Localized::new("判定", "Verdict")),
            );
            for k in &s.kpis {
                let (class, verdict) = match k.verdict {
                    Verdict::Within => ("yes", Localized::new("目標内", "on target")),
                    Verdict::Above => ("yes", Localized::new("目標超過", "above target")),
                    Verdict::Below => ("no", Localized::new("目標未達", "below target")),
                    Verdict::NoData => ("unknown", Localized::new("データなし", "no data")),
                };
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"num\">{}–{}%</td><td class=\"num\">{}%</td><td class=\"num\">{}%</td><td><span class=\"answer {class}\">{}</span></td></tr>",
                    t(k.kpi.label()),
                    n(k.target.min),
                    n(k.target.max),
                    n(k.forecast.mean),
                    band(&k.forecast),
                    t(verdict)
                );
                // Below target: which node loses the leads, in the engine's words (escaped).
                if let Some(why) = &k.why {
                    let _ = writeln!(
                        out,
                        "<tr class=\"why\"><td colspan=\"5\">→ {}</td></tr>",
                        t(why.message.clone())
                    );
                }
            }
            out.push_str("</table>\n");
        }
        let _ = writeln!(
            out,
            "<div class=\"chart-title\">{}</div>{}",
            t(Localized::new(
                "日別の送信・開封・クリック（平均）",
                "Daily sends, opens and clicks (mean)"
            )),
            daily_chart(s, r.start, lang)
        );
        if !s.emails.is_empty() {
            let _ = writeln!(
                out,
                "<h3>{}</h3>\n<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                t(Localized::new("メール別", "By mail")),
                t(Localized::new("メール", "Mail")),
                t(Localized::new("送信", "Sent")),
                t(Localized::new("開封率", "Open rate")),
                t(Localized::new("クリック率", "Click rate")),
                t(Localized::new("配信停止", "Unsubscribed")),
            );
            for (node, m) in &s.emails {
                let name = file
                    .and_then(|f| f.node(node))
                    .map(|n| match &n.kind {
                        NodeKind::SendEmail { email } if !email.subject.is_empty() => {
                            format!("{} — {}", super::node_name(n, language), email.subject)
                        }
                        _ => super::node_name(n, language),
                    })
                    .unwrap_or_else(|| node.to_string());
                let bar = |class: &str, v: f64| {
                    format!(
                        "<div class=\"bar {class}\" style=\"width:{:.1}%\"></div>",
                        v.clamp(0.0, 100.0)
                    )
                };
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}% {}</td><td class=\"num\">{}% {}</td><td class=\"num\">{}</td></tr>",
                    escape(&name),
                    n(m.sent.mean),
                    n(m.open_rate.mean),
                    bar("open", m.open_rate.mean),
                    n(m.click_rate.mean),
                    bar("click", m.click_rate.mean * 5.0),
                    n(m.unsubscribed.mean)
                );
            }
            out.push_str("</table>\n");
        }
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            t(Localized::new("ノード別の経路", "Path through the nodes")),
            t(Localized::new("ノード", "Node")),
            t(Localized::new("到達", "Entered")),
            t(Localized::new("出口", "Exits")),
            t(Localized::new("期間末に滞留", "Waiting at the end")),
        );
        let top = s
            .nodes
            .iter()
            .map(|(_, b)| b.entered.mean)
            .fold(0.0f64, f64::max)
            .max(1.0);
        for (node, b) in &s.nodes {
            let name = file
                .and_then(|f| f.node(node))
                .map_or_else(|| node.to_string(), |n| super::node_name(n, language));
            let exits: Vec<String> = b
                .exits
                .iter()
                .filter(|(_, e)| e.mean > 0.0)
                .map(|(k, e)| format!("{} {}", exit_label(k).get(lang), n(e.mean)))
                .collect();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"num\">{} <div class=\"bar\" style=\"width:{:.1}%\"></div></td><td>{}</td><td class=\"num\">{}</td></tr>",
                escape(&name),
                n(b.entered.mean),
                100.0 * b.entered.mean / top,
                escape(&exits.join("、")),
                n(b.waiting_at_end.mean)
            );
        }
        out.push_str("</table>\n");
        if !s.score_distribution.is_empty() {
            let _ = writeln!(
                out,
                "<div class=\"chart-title\">{}</div>{}",
                t(Localized::new(
                    "期間末のスコア分布（リード数）",
                    "Scores at the end of the window (leads)"
                )),
                score_chart(s)
            );
        }
        out.push_str("</section>\n");
    }
    super::html::page(title.get(lang), lang, &out)
}
