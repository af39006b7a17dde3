//! `scenario simulate`: the first version of the forecast over a workspace's leads.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use scenario_studio::model::settings::FrequencyCap;
use scenario_studio::scoring::ScoringModel;
use scenario_studio::simulate::calendar::{CalendarSettings, jst_minute};
use scenario_studio::simulate::engine::{Models, simulate_runs};
use scenario_studio::simulate::input::trigger_context;
use scenario_studio::simulate::response::{ResponseModel, ResponseSettings};
use scenario_studio::simulate::results::{Band, Verdict, summarize};
use scenario_studio::simulate::sfa::SalesProcess;
use scenario_studio::store::{self, Workspace};
use scenario_studio::validate::{self, ValidationOptions};
use scenario_studio::{Lang, Localized, Scenario, format};

#[allow(clippy::too_many_arguments)]
pub fn run(
    workspace: PathBuf,
    files: Vec<PathBuf>,
    start: NaiveDate,
    days: u32,
    seed: u64,
    runs: u32,
    json: bool,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let err = |m: Localized| anyhow::anyhow!("{}", m.get(lang));
    let parsed = files
        .iter()
        .map(|p| format::read_scenario(p).map_err(|e| err(e.localized())))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let labels: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let set: Vec<_> = labels
        .iter()
        .map(String::as_str)
        .zip(parsed.iter())
        .collect();
    let checked = validate::check_set(&set, &ValidationOptions::default());
    let mut scenarios = Vec::new();
    for ((label, file), diagnostics) in set.iter().zip(checked) {
        if let Some(d) = diagnostics.iter().find(|d| d.is_error()) {
            anyhow::bail!("{label}: [{}] {}", d.code, d.message.get(lang));
        }
        scenarios.push(
            Scenario::from_file((*file).clone(), &ValidationOptions::default())
                .0
                .expect("no errors"),
        );
    }
    let ws = Workspace::open(&workspace).map_err(|e| err(e.localized()))?;
    let conn = ws.conn();
    let scoring: ScoringModel = store::settings::load(conn, store::settings::SCORING_MODEL)
        .map_err(|e| err(e.localized()))?;
    let response_settings: ResponseSettings =
        store::settings::load(conn, store::settings::RESPONSE).map_err(|e| err(e.localized()))?;
    let calendar: CalendarSettings =
        store::settings::load(conn, store::settings::CALENDAR).map_err(|e| err(e.localized()))?;
    let response = ResponseModel::fit(conn, response_settings).map_err(|e| err(e.localized()))?;
    let sales = SalesProcess::default();
    let context = trigger_context(conn).map_err(|e| err(e.localized()))?;
    let from = jst_minute(start, 0, 0);
    let to = from + i64::from(days) * 24 * 60;
    let models = Models {
        scoring: &scoring,
        response: &response,
        sales: &sales,
        calendar: &calendar,
        frequency_cap: FrequencyCap {
            max_sends: 2,
            per_days: 7,
        },
        context: &context,
    };
    let runs = simulate_runs(conn, &models, &scenarios, (from, to), seed, runs)
        .map_err(|e| err(e.localized()))?;
    let summaries = summarize(&runs, &scenarios);
    if json {
        let doc = serde_json::json!({
            "start": start.to_string(), "days": days, "seed": seed, "runs": runs.len(), "scenarios": summaries,
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(ExitCode::SUCCESS);
    }
    let ja = lang == Lang::Ja;
    let n = |b: &Band| {
        if runs.len() == 1 {
            format!("{:.0}", b.mean)
        } else {
            format!("{:.0}（{:.0}〜{:.0}）", b.mean, b.p05, b.p95)
        }
    };
    let p = |b: &Band| {
        if runs.len() == 1 {
            format!("{:.1}%", b.mean)
        } else {
            format!("{:.1}%（{:.1}〜{:.1}）", b.mean, b.p05, b.p95)
        }
    };
    if ja {
        println!(
            "{start} から {days} 日間・試行 {} 回（シード {seed}〜）",
            runs.len()
        );
    } else {
        println!(
            "{days} days from {start}, {} run(s) (seeds from {seed})",
            runs.len()
        );
    }
    for (scenario, s) in scenarios.iter().zip(&summaries) {
        println!();
        if ja {
            println!(
                "{}（{}）: 登録 {}・完了 {}・ゴール到達 {}・営業引き渡し {}・商談化 {}",
                s.name,
                s.id,
                n(&s.enrolled),
                n(&s.completed),
                n(&s.goal_reached),
                n(&s.handed_off),
                n(&s.deals_created)
            );
        } else {
            println!(
                "{} ({}): enrolled {}, completed {}, goal reached {}, handed off {}, opportunities {}",
                s.name,
                s.id,
                n(&s.enrolled),
                n(&s.completed),
                n(&s.goal_reached),
                n(&s.handed_off),
                n(&s.deals_created)
            );
        }
        for k in &s.kpis {
            let name = match (k.kpi, ja) {
                ("open_rate", true) => "開封率",
                ("click_rate", true) => "クリック率",
                ("handoff_rate", true) => "営業引き渡し率",
                ("deal_rate", true) => "商談化率",
                ("open_rate", false) => "open rate",
                ("click_rate", false) => "click rate",
                ("handoff_rate", false) => "hand-off rate",
                (_, false) => "deal rate",
                (_, true) => "KPI",
            };
            let verdict = match (k.verdict, ja) {
                (Verdict::Within, true) => "目標内 ✓",
                (Verdict::Below, true) => "目標未達 ✗",
                (Verdict::Above, true) => "目標超過 ↑",
                (Verdict::Within, false) => "on target ✓",
                (Verdict::Below, false) => "below target ✗",
                (Verdict::Above, false) => "above target ↑",
            };
            println!(
                "  KPI {name}: {}〜{}% → {} {verdict}",
                k.target.min,
                k.target.max,
                p(&k.forecast)
            );
        }
        for (id, node) in &s.nodes {
            let title = scenario
                .node(id)
                .map(|n| n.title.as_str())
                .filter(|t| !t.is_empty())
                .unwrap_or(id.as_str());
            let exits = node
                .exits
                .iter()
                .map(|(h, b)| format!("{h} {:.0}", b.mean))
                .collect::<Vec<_>>()
                .join(", ");
            let waiting = if node.waiting_at_end.mean > 0.0 {
                if ja {
                    format!("（終了時に滞留 {:.0}）", node.waiting_at_end.mean)
                } else {
                    format!(" (waiting at end {:.0})", node.waiting_at_end.mean)
                }
            } else {
                String::new()
            };
            println!("  {title}: {:.0} → {exits}{waiting}", node.entered.mean);
            if let Some((_, e)) = s
                .emails
                .iter()
                .find(|(m, _)| m == id)
                .filter(|(_, e)| e.sent.mean > 0.0)
            {
                if ja {
                    println!(
                        "      送信 {}・開封率 {}・クリック率 {}・配信停止 {:.0}",
                        n(&e.sent),
                        p(&e.open_rate),
                        p(&e.click_rate),
                        e.unsubscribed.mean
                    );
                } else {
                    println!(
                        "      sent {}, opens {}, clicks {}, unsubscribed {:.0}",
                        n(&e.sent),
                        p(&e.open_rate),
                        p(&e.click_rate),
                        e.unsubscribed.mean
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
