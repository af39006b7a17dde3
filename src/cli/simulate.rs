//! `scenario simulate`: the first version of the forecast over a workspace's leads.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use scenario_studio::model::settings::FrequencyCap;
use scenario_studio::scoring::ScoringModel;
use scenario_studio::simulate::calendar::{CalendarSettings, jst_minute};
use scenario_studio::simulate::engine::{Models, simulate_workspace};
use scenario_studio::simulate::input::trigger_context;
use scenario_studio::simulate::response::{ResponseModel, ResponseSettings};
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
    let counts = simulate_workspace(conn, &models, &scenarios, (from, to), seed)
        .map_err(|e| err(e.localized()))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&counts)?);
        return Ok(ExitCode::SUCCESS);
    }
    let ja = lang == Lang::Ja;
    for scenario in &scenarios {
        let c = &counts.scenarios[scenario.id()];
        let name = &scenario.file().name;
        if ja {
            println!(
                "{name}（{}）: 登録 {}・完了 {}・ゴール到達 {}・営業引き渡し {}・商談化 {}",
                scenario.id(),
                c.enrolled,
                c.completed,
                c.goal_reached,
                c.handed_off,
                c.deals_created
            );
        } else {
            println!(
                "{name} ({}): enrolled {}, completed {}, goal reached {}, handed off {}, opportunities {}",
                scenario.id(),
                c.enrolled,
                c.completed,
                c.goal_reached,
                c.handed_off,
                c.deals_created
            );
        }
        for node in &scenario.file().nodes {
            let Some(n) = c.nodes.get(&node.id) else {
                continue;
            };
            let exits = n
                .exits
                .iter()
                .map(|(h, k)| format!("{h} {k}"))
                .collect::<Vec<_>>()
                .join(", ");
            let title = if node.title.is_empty() {
                node.id.as_str()
            } else {
                node.title.as_str()
            };
            let waiting = if ja {
                "終了時に滞留"
            } else {
                "waiting at end"
            };
            println!(
                "  {title:<28} {:>7} → {exits}{}",
                n.entered,
                if n.waiting_at_end > 0 {
                    format!(" ({waiting} {})", n.waiting_at_end)
                } else {
                    String::new()
                }
            );
            if let Some(e) = c.emails.get(&node.id).filter(|e| e.sent > 0) {
                let pct = |x: u64| 100.0 * x as f64 / e.sent as f64;
                if ja {
                    println!(
                        "  {:<28}         送信 {}・開封率 {:.1}%・クリック率 {:.1}%・配信停止 {}",
                        "",
                        e.sent,
                        pct(e.opened),
                        pct(e.clicked),
                        e.unsubscribed
                    );
                } else {
                    println!(
                        "  {:<28}         sent {}, opens {:.1} %, clicks {:.1} %, unsubscribed {}",
                        "",
                        e.sent,
                        pct(e.opened),
                        pct(e.clicked),
                        e.unsubscribed
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
