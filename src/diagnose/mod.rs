//! The self-check diagnosis (DESIGN.md §6): the article's fifteen checklist items, each answered
//! from what the workspace shows — its scenarios, their history, the SFA mapping and team
//! settings — or from an answer given by hand, with the evidence and a concrete fix; the groups
//! ranked by their share of "yes", weakest first; and findings beyond the checklist from
//! validation, the leads and a quick simulation.
//!
//! `gather` reads the workspace once (`Facts`); `diagnose` is a pure function of the facts, so
//! the same workspace always gives the same diagnosis. `report` renders it as Markdown and HTML.

pub mod findings;
pub mod items;
pub mod report;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Localized;
use crate::model::ScenarioFile;
use crate::model::settings::FrequencyCap;
use crate::scenario::Scenario;
use crate::simulate::results::ScenarioSummary;
use crate::store::checklist::ManualAnswer;
use crate::store::{StoreError, Workspace};
use crate::time::Minute;
use crate::validate::Diagnostic;

use crate::practice::{SfaMapping, TeamSettings};
pub use items::{Group, ITEMS, Item};

/// An item's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// はい.
    Yes,
    /// 一部.
    Partial,
    /// いいえ.
    No,
    /// 不明: the workspace cannot show it and nobody answered it.
    Unknown,
}

impl Answer {
    /// The answer as stored and typed (`yes`, `partial`, `no`, `unknown`).
    pub fn code(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::Partial => "partial",
            Answer::No => "no",
            Answer::Unknown => "unknown",
        }
    }

    /// A stored or typed answer; `unknown` is not one a person gives.
    pub fn parse(code: &str) -> Option<Answer> {
        match code {
            "yes" => Some(Answer::Yes),
            "partial" => Some(Answer::Partial),
            "no" => Some(Answer::No),
            _ => None,
        }
    }

    /// Its label.
    pub fn label(self) -> Localized {
        match self {
            Answer::Yes => Localized::new("はい", "Yes"),
            Answer::Partial => Localized::new("一部", "Partly"),
            Answer::No => Localized::new("いいえ", "No"),
            Answer::Unknown => Localized::new("未回答", "Unknown"),
        }
    }
}

/// One stored scenario as the diagnosis sees it.
#[derive(Debug, Clone)]
pub struct ScenarioFacts {
    /// The file.
    pub file: ScenarioFile,
    /// Its validation against the workspace's other scenarios.
    pub diagnostics: Vec<Diagnostic>,
    /// Its saved versions' change notes, oldest first (empty notes included).
    pub notes: Vec<String>,
}

impl ScenarioFacts {
    /// Whether it runs (稼働中).
    pub fn is_active(&self) -> bool {
        self.file.status == crate::model::Status::Active
    }
}

/// What the leads show.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LeadStats {
    /// Leads in the workspace.
    pub total: u64,
    /// Leads that carry an SFA or CRM id.
    pub with_sfa_id: u64,
    /// Recorded deal-status changes.
    pub deal_changes: u64,
    /// Per active scenario with a segment: leads in its segment with no recorded opt-in basis
    /// (特定電子メール法), by scenario id.
    pub in_segment_without_consent: BTreeMap<String, u64>,
}

/// A quick simulation of the active scenarios.
#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    /// The first day (Japan time).
    pub start: chrono::NaiveDate,
    /// Days simulated.
    pub days: u32,
    /// Monte Carlo runs.
    pub runs: u32,
    /// The MQL threshold of the scoring model.
    pub mql_threshold: i32,
    /// Per active scenario.
    pub scenarios: Vec<ScenarioSummary>,
}

/// Everything the diagnosis reads, from one pass over the workspace.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Every stored scenario that reads, in id order.
    pub scenarios: Vec<ScenarioFacts>,
    /// Stored scenarios that no longer read: id and why.
    pub unreadable: Vec<(String, Localized)>,
    /// The SFA/CRM mapping.
    pub sfa: SfaMapping,
    /// The team settings.
    pub team: TeamSettings,
    /// The workspace-wide frequency cap.
    pub frequency_cap: FrequencyCap,
    /// Answers given by hand, by item id.
    pub manual: BTreeMap<String, ManualAnswer>,
    /// What the leads show.
    pub leads: LeadStats,
    /// The quick simulation, when one was run.
    pub forecast: Option<Forecast>,
    /// Why a quick simulation that was asked for did not run, or which scenarios it left out.
    pub forecast_notes: Vec<Localized>,
    /// Today (Japan time), from the caller: whether reviews are kept up is judged against it
    /// (the engine has no clock).
    pub today: Option<chrono::NaiveDate>,
}

impl Facts {
    /// The active scenarios.
    pub fn active(&self) -> impl Iterator<Item = &ScenarioFacts> {
        self.scenarios.iter().filter(|s| s.is_active())
    }

    /// Where something is, as a marketer knows it: scenario `scenario` by its name, or its node
    /// `node` by its title; none for a scenario that is not among the facts.
    pub fn place(&self, scenario: &str, node: Option<&str>) -> Option<Localized> {
        let file = &self
            .scenarios
            .iter()
            .find(|s| s.file.id.as_str() == scenario)?
            .file;
        Some(match node {
            Some(node) => file.describe_node_in(&crate::model::ids::NodeId(node.to_owned())),
            None => file.describe(),
        })
    }
}

/// How the quick simulation runs.
#[derive(Debug, Clone, Copy)]
pub struct ForecastOptions {
    /// Days after the recorded history.
    pub days: u32,
    /// Monte Carlo runs.
    pub runs: u32,
    /// The seed.
    pub seed: u64,
}

/// Reads what the diagnosis needs: the stored scenarios (validated together), their history
/// notes, the settings, the manual answers and the leads; with `forecast`, also simulates the
/// active scenarios over the days after the recorded history (skipped when there is no history
/// or no active scenario that validates). `progress` is told of the leads each simulated run
/// has done, as they are done.
pub fn gather(
    ws: &Workspace,
    today: Option<chrono::NaiveDate>,
    forecast: Option<ForecastOptions>,
    progress: &mut dyn FnMut(usize),
) -> Result<Facts, StoreError> {
    use crate::simulate::parameters::SimulationSettings;
    use crate::store::{checklist, scenarios};
    let conn = ws.conn();
    let settings = SimulationSettings::load(conn)?;
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for stored in scenarios::list(conn)? {
        match scenarios::load(conn, &stored.id) {
            Ok(Some(file)) => files.push(file),
            Ok(None) => {}
            Err(e) => unreadable.push((stored.id.clone(), e.localized())),
        }
    }
    let labelled: Vec<(&str, &ScenarioFile)> = files.iter().map(|f| (f.id.as_str(), f)).collect();
    let checked = crate::validate::check_set(&labelled, &Default::default());
    let mut facts = Vec::new();
    for (file, diagnostics) in files.iter().zip(checked) {
        let notes = scenarios::history(conn, file.id.as_str())?
            .into_iter()
            .map(|v| v.note)
            .collect();
        facts.push(ScenarioFacts {
            file: file.clone(),
            diagnostics,
            notes,
        });
    }
    let manual = checklist::list(conn)?
        .into_iter()
        .map(|a| (a.item.clone(), a))
        .collect();
    let mut facts = Facts {
        scenarios: facts,
        unreadable,
        sfa: settings.sfa.clone(),
        team: settings.team.clone(),
        frequency_cap: settings.frequency_cap,
        manual,
        leads: LeadStats::default(),
        forecast: None,
        forecast_notes: Vec::new(),
        today,
    };
    facts.leads = lead_stats(conn, &facts, &settings.scoring)?;
    if let Some(options) = forecast {
        let (forecast, notes) = quick_forecast(conn, &facts, options, progress)?;
        facts.forecast = forecast;
        facts.forecast_notes = notes;
    }
    Ok(facts)
}

/// Counts over the leads, and per active scenario that sends mail the leads in its segment (all
/// leads when it has none) without an opt-in basis, as the recorded history stands at its end.
fn lead_stats(
    conn: &rusqlite::Connection,
    facts: &Facts,
    scoring: &crate::scoring::ScoringModel,
) -> Result<LeadStats, StoreError> {
    use crate::simulate::eval::eval;
    use crate::simulate::input::{Recorded, for_each_chunk};
    let count = |sql: &str| -> Result<u64, StoreError> {
        Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))?.max(0) as u64)
    };
    let mut stats = LeadStats {
        total: count("SELECT count(*) FROM leads")?,
        with_sfa_id: count("SELECT count(*) FROM leads WHERE coalesce(trim(sfa_id), '') <> ''")?,
        deal_changes: count("SELECT count(*) FROM deal_status_history")?,
        in_segment_without_consent: BTreeMap::new(),
    };
    let mailing: Vec<(&str, Option<&crate::model::expr::Expr>)> = facts
        .active()
        .filter(|s| items::mails(s) > 0)
        .map(|s| (s.file.id.as_str(), s.file.settings.segment.as_ref()))
        .collect();
    if mailing.is_empty() || stats.total == 0 {
        return Ok(stats);
    }
    let now: Minute = crate::store::scores::history_end(conn)?;
    for_each_chunk(conn, scoring, now, 50_000, |chunk| {
        for lead in chunk.iter().filter(|l| !l.has_consent && !l.opted_out) {
            let recorded = Recorded { lead, scoring };
            for (id, segment) in &mailing {
                if segment.is_none_or(|s| eval(s, &recorded, now)) {
                    *stats
                        .in_segment_without_consent
                        .entry((*id).to_owned())
                        .or_default() += 1;
                }
            }
        }
        Ok::<(), StoreError>(())
    })?;
    Ok(stats)
}

/// The active scenarios simulated over the days after the recorded history: those without errors
/// (the others are named in the notes), when the workspace has a history to start after.
fn quick_forecast(
    conn: &rusqlite::Connection,
    facts: &Facts,
    options: ForecastOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<(Option<Forecast>, Vec<Localized>), StoreError> {
    use crate::simulate::results::summarize;
    use crate::simulate::setup::WorkspaceModels;
    let mut notes = Vec::new();
    let validation = crate::validate::ValidationOptions {
        known_scenarios: Some(facts.scenarios.iter().map(|s| s.file.id.clone()).collect()),
        ..Default::default()
    };
    let mut scenarios = Vec::new();
    for s in facts.active() {
        match Scenario::from_file(s.file.clone(), &validation).0 {
            Some(scenario) => scenarios.push(scenario),
            None => notes.push(Localized::new(
                format!("{} はエラーがあるため予測から除きました", s.file.id),
                format!("{} has errors and was left out of the forecast", s.file.id),
            )),
        }
    }
    if scenarios.is_empty() {
        notes.push(Localized::new(
            "予測できる稼働中のシナリオがないため、予測は行っていません",
            "No active scenario can be simulated, so there is no forecast",
        ));
        return Ok((None, notes));
    }
    let loaded = WorkspaceModels::load(conn)?;
    let Some(until) = loaded.context.recorded_until else {
        notes.push(Localized::new(
            "ワークスペースに行動履歴がないため、予測は行っていません",
            "The workspace has no recorded history to forecast from, so there is no forecast",
        ));
        return Ok((None, notes));
    };
    let from = until + 1;
    let to = from + i64::from(options.days) * 24 * 60;
    let models = loaded.models();
    let runs = crate::simulate::forecast::Forecast::new(&models, &scenarios, (from, to))
        .seed(options.seed)
        .runs(options.runs)
        .run(conn, progress)?;
    let start = chrono::DateTime::from_timestamp((from + 9 * 60) * 60, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default();
    let forecast = Forecast {
        start,
        days: options.days,
        runs: options.runs,
        mql_threshold: loaded.scoring.mql_threshold,
        scenarios: summarize(&runs, &scenarios, options.days),
    };
    Ok((Some(forecast), notes))
}

/// Where an item's answer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Read from the workspace.
    Workspace,
    /// Answered by hand (自己申告).
    SelfReported,
}

/// A scenario, or a node in it, that an item's evidence names.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct EvidenceLink {
    /// The scenario's id.
    pub scenario: String,
    /// The node's id, when the evidence is about one node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// How to show it.
    pub label: Localized,
}

/// One checklist item, answered.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ItemResult {
    /// The item's id (what `scenario checklist answer` takes).
    pub id: &'static str,
    /// Its group.
    pub group: Group,
    /// The article's wording and its translation.
    pub text: Localized,
    /// The answer.
    pub answer: Answer,
    /// Where it comes from.
    pub source: Source,
    /// What shows it: scenarios, nodes, settings (and a hand-given answer's note).
    pub evidence: Vec<Localized>,
    /// What to do; none when the answer is "yes".
    pub fix: Option<Localized>,
    /// The scenarios and nodes the evidence names, for an app to open (those that need the fix
    /// first).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<EvidenceLink>,
}

/// A group's share of "yes".
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct GroupResult {
    /// The group.
    pub group: Group,
    /// Its name.
    pub name: Localized,
    /// Items answered "yes".
    pub yes: usize,
    /// Items in it.
    pub items: usize,
    /// `yes / items`, 0–1.
    pub share: f64,
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// It breaks something or breaks the law.
    Error,
    /// It will likely cost results.
    Warning,
    /// Worth knowing.
    Info,
}

/// Something found beyond the checklist.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Finding {
    /// A stable code (`kpi-below-target`, `handoff-unreachable`, …).
    pub code: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// The scenario it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// The node it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The scenario (and node) it concerns, for people: by name and title, not by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Localized>,
    /// What is wrong.
    pub message: Localized,
    /// What to do.
    pub fix: Localized,
}

/// The diagnosis.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Diagnosis {
    /// The fifteen items, in the article's order.
    pub items: Vec<ItemResult>,
    /// The groups, weakest (lowest share of "yes") first.
    pub groups: Vec<GroupResult>,
    /// The article's advice for the weakest group (none when every item is "yes").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice: Option<Localized>,
    /// Items answered "yes", of fifteen.
    pub yes: usize,
    /// The article's suggestion when most items are not "yes": consider outside experts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outside_help: Option<Localized>,
    /// Findings beyond the checklist, worst first.
    pub findings: Vec<Finding>,
    /// The quick simulation the findings used, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<ForecastSummary>,
    /// Why there is no forecast, or what it left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forecast_notes: Vec<Localized>,
}

/// What the quick simulation covered.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ForecastSummary {
    /// The first day.
    #[schemars(with = "String")]
    pub start: chrono::NaiveDate,
    /// Days.
    pub days: u32,
    /// Runs.
    pub runs: u32,
}

/// The diagnosis of `facts`.
pub fn diagnose(facts: &Facts) -> Diagnosis {
    let items: Vec<ItemResult> = ITEMS
        .iter()
        .map(|item| items::evaluate(item, facts))
        .collect();
    let mut groups: Vec<GroupResult> = Group::ALL
        .iter()
        .map(|&group| {
            let of: Vec<&ItemResult> = items.iter().filter(|i| i.group == group).collect();
            let yes = of.iter().filter(|i| i.answer == Answer::Yes).count();
            GroupResult {
                group,
                name: group.name(),
                yes,
                items: of.len(),
                share: yes as f64 / of.len().max(1) as f64,
            }
        })
        .collect();
    // Weakest first; ties keep the article's order.
    groups.sort_by(|a, b| a.share.total_cmp(&b.share));
    let yes = items.iter().filter(|i| i.answer == Answer::Yes).count();
    let outside_help = (yes * 2 < items.len()).then(|| {
        Localized::new(
            "「いいえ」が多い場合は、自社だけで完結させようとせず、実装・運用まで伴走できる外部の専門家に相談することも選択肢です。",
            "With most items not yet in place, consider working with outside specialists who can carry the scenarios through implementation and operation, rather than doing it all in-house.",
        )
    });
    Diagnosis {
        advice: advice(&groups[0], &items),
        items,
        groups,
        yes,
        outside_help,
        findings: findings::find(facts),
        forecast: facts.forecast.as_ref().map(|f| ForecastSummary {
            start: f.start,
            days: f.days,
            runs: f.runs,
        }),
        forecast_notes: facts.forecast_notes.clone(),
    }
}

/// The article's advice for the weakest group; when what it lacks is only answers nobody gave,
/// first ask for them.
fn advice(weakest: &GroupResult, items: &[ItemResult]) -> Option<Localized> {
    if weakest.yes == weakest.items {
        return None;
    }
    let open: Vec<&ItemResult> = (items.iter())
        .filter(|i| i.group == weakest.group && i.answer != Answer::Yes)
        .collect();
    let advice = weakest.group.advice();
    if open.iter().all(|i| i.answer == Answer::Unknown) {
        // By the numbers the checklist shows them under (1–15), not their ids.
        let numbers: Vec<String> = (open.iter())
            .filter_map(|i| items::ITEMS.iter().position(|x| x.id == i.id))
            .map(|n| (n + 1).to_string())
            .collect();
        return Some(Localized::new(
            format!(
                "まず「{}」の項目（No. {}）に「手動の回答」で回答してください。{}",
                weakest.name.ja,
                numbers.join("・"),
                advice.ja
            ),
            format!(
                "First answer the {} items (No. {}) under \"Answer by hand\". {}",
                weakest.name.en,
                numbers.join(", "),
                advice.en
            ),
        ));
    }
    Some(advice)
}
