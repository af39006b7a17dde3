//! Results over Monte Carlo runs: every figure as a mean with its 5–95 % band, and the scenario's KPI
//! targets compared with the forecast.
//!
//! Percentiles are nearest-rank over the sorted run values, so a result is a pure function of the
//! runs: the same runs give the same bytes.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Localized;
use crate::model::ScenarioFile;
use crate::model::ids::{NodeId, ScenarioId};
use crate::model::settings::{Kpi, PercentRange};
use crate::scenario::Scenario;
use crate::simulate::counts::{RunCounts, SCORE_BUCKET, ScenarioCounts};

/// The most score buckets a summary lists one by one from the lowest score to the highest.
const MAX_DENSE_BUCKETS: i64 = 1_000;

/// A figure over the runs.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Band {
    /// The mean.
    pub mean: f64,
    /// The 5th percentile.
    pub p05: f64,
    /// The 95th percentile.
    pub p95: f64,
}

impl Band {
    /// The band of `values` (nearest rank; all zero for no values).
    pub fn of(mut values: Vec<f64>) -> Band {
        if values.is_empty() {
            return Band {
                mean: 0.0,
                p05: 0.0,
                p95: 0.0,
            };
        }
        values.sort_by(f64::total_cmp);
        let rank = |p: f64| {
            values[(((p * values.len() as f64).ceil() as usize).max(1) - 1).min(values.len() - 1)]
        };
        Band {
            mean: values.iter().sum::<f64>() / values.len() as f64,
            p05: rank(0.05),
            p95: rank(0.95),
        }
    }
}

/// How a forecast compares with a KPI target.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The mean is below the target range.
    Below,
    /// The mean is within it.
    Within,
    /// The mean is above it.
    Above,
    /// Nothing to measure it on: no mail went out (open and click rates) or no lead enrolled
    /// (hand-off and deal rates) in any run. A 0 % would be a verdict on nothing.
    NoData,
}

/// One KPI: target and forecast, in percent.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct KpiResult {
    /// Which KPI.
    pub kpi: crate::model::settings::Kpi,
    /// The target range.
    pub target: PercentRange,
    /// The forecast.
    pub forecast: Band,
    /// How they compare.
    pub verdict: Verdict,
    /// Below its target: which node loses the leads, and why (`why_below`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<KpiReason>,
}

/// Why a KPI is forecast below its target, said of the node where it happens.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct KpiReason {
    /// The node that loses the leads (a score condition, a hand-off, a mail).
    pub node: NodeId,
    /// What happens there, with the figures that show it.
    pub message: Localized,
}

/// A node over the runs.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct NodeBands {
    /// Leads that entered.
    pub entered: Band,
    /// Leads that left, by output.
    pub exits: BTreeMap<String, Band>,
    /// Leads still in it at the end.
    pub waiting_at_end: Band,
}

/// A mail over the runs.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct EmailBands {
    /// Sent.
    pub sent: Band,
    /// Open rate, percent of sent.
    pub open_rate: Band,
    /// Click rate, percent of sent.
    pub click_rate: Band,
    /// Unsubscribed.
    pub unsubscribed: Band,
}

/// One scenario over the runs.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ScenarioSummary {
    /// The scenario.
    pub id: ScenarioId,
    /// Its name.
    pub name: String,
    /// Entries.
    pub enrolled: Band,
    /// Entries that reached an end.
    pub completed: Band,
    /// Entries that met the goal.
    pub goal_reached: Band,
    /// Hand-offs to sales.
    pub handed_off: Band,
    /// Mails sent by all of its mail nodes (the funnel's first step).
    pub sent: Band,
    /// Of those, opened.
    pub opened: Band,
    /// Of those, clicked.
    pub clicked: Band,
    /// Hand-offs that became opportunities.
    pub deals_created: Band,
    /// Percent of delivered mail opened.
    pub open_rate: Band,
    /// Percent of delivered mail clicked.
    pub click_rate: Band,
    /// Percent of entries handed off.
    pub handoff_rate: Band,
    /// Percent of entries that became opportunities.
    pub deal_rate: Band,
    /// The scenario's KPI targets against the forecast.
    pub kpis: Vec<KpiResult>,
    /// Per node, in the scenario's order.
    pub nodes: Vec<(NodeId, NodeBands)>,
    /// Per mail, in the scenario's order.
    pub emails: Vec<(NodeId, EmailBands)>,
    /// Per day of the window, every day from day 0, quiet ones included.
    pub daily: Vec<DailyBands>,
    /// Distinct leads that entered.
    pub leads: Band,
    /// Of them, those at or above the MQL threshold at the end of the window.
    pub mql_at_end: Band,
    /// Their scores at the end of the window: every bucket from the lowest to the highest that
    /// any run reached, empty ones included.
    pub score_distribution: Vec<ScoreBucketBands>,
}

/// How many of a scenario's leads end the window with a score in `from..to`.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ScoreBucketBands {
    /// The lowest score of the bucket.
    pub from: i32,
    /// The first score above it.
    pub to: i32,
    /// Leads.
    pub leads: Band,
}

/// One day over the runs.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct DailyBands {
    /// The day of the window (0 is the first).
    pub day: u32,
    /// Mails sent.
    pub sent: Band,
    /// Mails opened.
    pub opened: Band,
    /// Mails clicked.
    pub clicked: Band,
    /// Hand-offs.
    pub handed_off: Band,
}

impl Band {
    fn times(self, factor: f64) -> Band {
        Band {
            mean: self.mean * factor,
            p05: self.p05 * factor,
            p95: self.p95 * factor,
        }
    }
}

impl ScenarioSummary {
    /// The summary of a sample (`Forecast::run_sample`) as an estimate for the whole workspace:
    /// every count multiplied by `factor` (the sample's stride); rates, KPIs and score buckets'
    /// bounds are left as they are.
    pub fn scaled(mut self, factor: f64) -> ScenarioSummary {
        for band in [
            &mut self.enrolled,
            &mut self.completed,
            &mut self.goal_reached,
            &mut self.handed_off,
            &mut self.sent,
            &mut self.opened,
            &mut self.clicked,
            &mut self.deals_created,
            &mut self.leads,
            &mut self.mql_at_end,
        ] {
            *band = band.times(factor);
        }
        for (_, node) in &mut self.nodes {
            node.entered = node.entered.times(factor);
            node.waiting_at_end = node.waiting_at_end.times(factor);
            node.exits.values_mut().for_each(|b| *b = b.times(factor));
        }
        for (_, mail) in &mut self.emails {
            mail.sent = mail.sent.times(factor);
            mail.unsubscribed = mail.unsubscribed.times(factor);
        }
        for day in &mut self.daily {
            for band in [
                &mut day.sent,
                &mut day.opened,
                &mut day.clicked,
                &mut day.handed_off,
            ] {
                *band = band.times(factor);
            }
        }
        for bucket in &mut self.score_distribution {
            bucket.leads = bucket.leads.times(factor);
        }
        self
    }
}

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// One figure of a what-if comparison.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FigureDelta {
    /// `enrolled`, `sent`, `open_rate`, `click_rate`, `unsubscribed`, `handed_off`,
    /// `handoff_rate`, `deals_created`, `deal_rate`, `goal_reached` or `mql_at_end`.
    pub key: String,
    /// Its name.
    pub label: Localized,
    /// A percentage (a rate), not a count.
    pub percent: bool,
    /// Whether more is better (fewer unsubscribes are); none for a figure that is neither
    /// (entries, mails sent).
    pub higher_is_better: Option<bool>,
    /// The base version.
    pub base: Band,
    /// The variant.
    pub variant: Band,
    /// Variant minus base, run by run (the runs share their seeds, so the band is the change's
    /// own, not the two bands' spread).
    pub difference: Band,
    /// How the change reads.
    pub change: Change,
}

/// How a what-if change of a figure reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// No change in any run.
    Same,
    /// The band of the run-by-run differences lies on the good side of zero.
    Better,
    /// On the bad side.
    Worse,
    /// The band includes no change: within the runs' noise.
    Unclear,
    /// Up, for a figure that is neither better nor worse higher.
    More,
    /// Down, likewise.
    Fewer,
}

impl Change {
    /// How the change reads, for people.
    pub fn label(self) -> Localized {
        match self {
            Change::Same => Localized::new("変化なし", "no change"),
            Change::Better => Localized::new("改善", "better"),
            Change::Worse => Localized::new("悪化", "worse"),
            Change::Unclear => Localized::new("誤差の範囲", "within noise"),
            Change::More => Localized::new("増加", "more"),
            Change::Fewer => Localized::new("減少", "fewer"),
        }
    }

    /// How `difference` over `runs` runs reads. One run gives no measure of the noise, so any
    /// change in it is `Unclear`.
    fn of(difference: Band, runs: usize, higher_is_better: Option<bool>) -> Change {
        let d = difference;
        if d.mean == 0.0 && d.p05 == 0.0 && d.p95 == 0.0 {
            Change::Same
        } else if runs < 2 || (d.p05 <= 0.0 && d.p95 >= 0.0) {
            Change::Unclear
        } else {
            match (d.mean > 0.0, higher_is_better) {
                (true, None) => Change::More,
                (false, None) => Change::Fewer,
                (up, Some(good)) if up == good => Change::Better,
                _ => Change::Worse,
            }
        }
    }
}

/// One node in a what-if comparison (a node only one version has is 0 in the other).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct NodeDelta {
    /// The node.
    pub id: NodeId,
    /// Its title (the variant's, or the base's for a node the variant dropped).
    pub title: String,
    /// Leads entering it in the base version (none when it has no such node).
    pub base: Option<Band>,
    /// In the variant.
    pub variant: Option<Band>,
    /// Variant minus base, run by run.
    pub difference: Band,
}

/// Two versions of a scenario forecast on the same leads with the same seeds (what-if).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Comparison {
    /// The headline figures.
    pub figures: Vec<FigureDelta>,
    /// Leads entering each node: the variant's nodes in its order, then those it dropped.
    pub nodes: Vec<NodeDelta>,
}

/// Compares `variant` with `base` (two versions of one scenario) over runs made with the same
/// seeds, run for run.
pub fn compare(
    base_runs: &[RunCounts],
    base: &Scenario,
    variant_runs: &[RunCounts],
    variant: &Scenario,
) -> Comparison {
    let empty = ScenarioCounts::default();
    let counts = |runs: &[RunCounts], s: &Scenario| -> Vec<ScenarioCounts> {
        runs.iter()
            .map(|r| r.scenarios.get(s.id()).unwrap_or(&empty).clone())
            .collect()
    };
    let (a, b) = (counts(base_runs, base), counts(variant_runs, variant));
    let mails = |c: &ScenarioCounts| {
        c.emails.values().fold([0; 4], |t, e| {
            [
                t[0] + e.sent,
                t[1] + e.opened,
                t[2] + e.clicked,
                t[3] + e.unsubscribed,
            ]
        })
    };
    type Figure = (
        &'static str,
        &'static str,
        &'static str,
        bool,
        Option<bool>,
        fn(&ScenarioCounts, [u64; 4]) -> f64,
    );
    let (good, bad, neither) = (Some(true), Some(false), None);
    let figures: [Figure; 11] = [
        ("enrolled", "登録", "Enrolled", false, neither, |c, _| {
            c.enrolled as f64
        }),
        (
            "sent",
            "メール送信",
            "Mails sent",
            false,
            neither,
            |_, m| m[0] as f64,
        ),
        ("open_rate", "開封率", "Open rate", true, good, |_, m| {
            pct(m[1], m[0])
        }),
        (
            "click_rate",
            "クリック率",
            "Click rate",
            true,
            good,
            |_, m| pct(m[2], m[0]),
        ),
        (
            "unsubscribed",
            "配信停止",
            "Unsubscribed",
            false,
            bad,
            |_, m| m[3] as f64,
        ),
        (
            "handed_off",
            "営業引き渡し",
            "Handed to sales",
            false,
            good,
            |c, _| c.handed_off as f64,
        ),
        (
            "handoff_rate",
            "営業引き渡し率",
            "Hand-off rate",
            true,
            good,
            |c, _| pct(c.handed_off, c.enrolled),
        ),
        (
            "deals_created",
            "商談化",
            "Deals",
            false,
            good,
            |c, _| c.deals_created as f64,
        ),
        (
            "deal_rate",
            "商談化率",
            "Deal rate",
            true,
            good,
            |c, _| pct(c.deals_created, c.enrolled),
        ),
        (
            "goal_reached",
            "ゴール到達",
            "Goal reached",
            false,
            good,
            |c, _| c.goal_reached as f64,
        ),
        (
            "mql_at_end",
            "期間末の MQL",
            "MQLs at the end",
            false,
            good,
            |c, _| c.mql_at_end as f64,
        ),
    ];
    let paired = |f: &dyn Fn(&ScenarioCounts) -> f64| {
        let (x, y): (Vec<f64>, Vec<f64>) = a.iter().zip(&b).map(|(a, b)| (f(a), f(b))).unzip();
        let difference = Band::of(x.iter().zip(&y).map(|(x, y)| y - x).collect());
        (Band::of(x), Band::of(y), difference)
    };
    let figures = figures
        .into_iter()
        .map(|(key, ja, en, percent, higher_is_better, f)| {
            let (base, variant, difference) = paired(&|c| f(c, mails(c)));
            FigureDelta {
                key: key.to_owned(),
                label: Localized::new(ja, en),
                percent,
                higher_is_better,
                base,
                variant,
                difference,
                change: Change::of(difference, a.len(), higher_is_better),
            }
        })
        .collect();
    let (in_base, in_variant) = (&base.file().nodes, &variant.file().nodes);
    let nodes = (in_variant.iter())
        .chain(
            in_base
                .iter()
                .filter(|n| !in_variant.iter().any(|v| v.id == n.id)),
        )
        .map(|node| {
            let entered =
                |c: &ScenarioCounts| c.nodes.get(&node.id).map_or(0.0, |n| n.entered as f64);
            let (x, y, difference) = paired(&entered);
            NodeDelta {
                id: node.id.clone(),
                title: node.title.clone(),
                base: in_base.iter().any(|n| n.id == node.id).then_some(x),
                variant: in_variant.iter().any(|n| n.id == node.id).then_some(y),
                difference,
            }
        })
        .collect();
    Comparison { figures, nodes }
}

/// Summarises `runs` (one `RunCounts` per Monte Carlo run of a `days`-day window) for each
/// scenario.
pub fn summarize(runs: &[RunCounts], scenarios: &[Scenario], days: u32) -> Vec<ScenarioSummary> {
    scenarios
        .iter()
        .map(|scenario| {
            let empty = ScenarioCounts::default();
            let per_run: Vec<&ScenarioCounts> = runs
                .iter()
                .map(|r| r.scenarios.get(scenario.id()).unwrap_or(&empty))
                .collect();
            let band = |f: &dyn Fn(&ScenarioCounts) -> f64| {
                Band::of(per_run.iter().map(|c| f(c)).collect())
            };
            let mail_totals = |c: &ScenarioCounts| {
                c.emails.values().fold((0, 0, 0), |a, e| {
                    (a.0 + e.sent, a.1 + e.opened, a.2 + e.clicked)
                })
            };
            let open_rate = band(&|c| {
                let (s, o, _) = mail_totals(c);
                pct(o, s)
            });
            let click_rate = band(&|c| {
                let (s, _, k) = mail_totals(c);
                pct(k, s)
            });
            let handoff_rate = band(&|c| pct(c.handed_off, c.enrolled));
            let deal_rate = band(&|c| pct(c.deals_created, c.enrolled));
            let targets = &scenario.file().settings.kpi;
            let mailed = per_run.iter().any(|c| mail_totals(c).0 > 0);
            let enrolled = per_run.iter().any(|c| c.enrolled > 0);
            let kpis = [
                (Kpi::OpenRate, open_rate, mailed),
                (Kpi::ClickRate, click_rate, mailed),
                (Kpi::HandoffRate, handoff_rate, enrolled),
                (Kpi::DealRate, deal_rate, enrolled),
            ]
            .into_iter()
            .filter_map(|(kpi, forecast, measurable)| {
                let target = *targets.get(kpi)?;
                let verdict = if !measurable {
                    Verdict::NoData
                } else if forecast.mean < target.min {
                    Verdict::Below
                } else if forecast.mean > target.max {
                    Verdict::Above
                } else {
                    Verdict::Within
                };
                Some(KpiResult {
                    kpi,
                    target,
                    forecast,
                    verdict,
                    why: None,
                })
            })
            .collect();
            let nodes = scenario
                .file()
                .nodes
                .iter()
                .map(|node| {
                    let counts: Vec<_> = per_run
                        .iter()
                        .map(|c| c.nodes.get(&node.id).cloned().unwrap_or_default())
                        .collect();
                    let handles: std::collections::BTreeSet<&String> =
                        counts.iter().flat_map(|c| c.exits.keys()).collect();
                    let exits = handles
                        .into_iter()
                        .map(|h| {
                            (
                                h.clone(),
                                Band::of(
                                    counts
                                        .iter()
                                        .map(|c| c.exits.get(h).copied().unwrap_or(0) as f64)
                                        .collect(),
                                ),
                            )
                        })
                        .collect();
                    let bands = NodeBands {
                        entered: Band::of(counts.iter().map(|c| c.entered as f64).collect()),
                        exits,
                        waiting_at_end: Band::of(
                            counts.iter().map(|c| c.waiting_at_end as f64).collect(),
                        ),
                    };
                    (node.id.clone(), bands)
                })
                .collect();
            let emails = scenario
                .file()
                .nodes
                .iter()
                .filter(|n| matches!(n.kind, crate::model::node::NodeKind::SendEmail { .. }))
                .map(|node| {
                    let counts: Vec<_> = per_run
                        .iter()
                        .map(|c| c.emails.get(&node.id).cloned().unwrap_or_default())
                        .collect();
                    let bands = EmailBands {
                        sent: Band::of(counts.iter().map(|e| e.sent as f64).collect()),
                        open_rate: Band::of(counts.iter().map(|e| pct(e.opened, e.sent)).collect()),
                        click_rate: Band::of(
                            counts.iter().map(|e| pct(e.clicked, e.sent)).collect(),
                        ),
                        unsubscribed: Band::of(
                            counts.iter().map(|e| e.unsubscribed as f64).collect(),
                        ),
                    };
                    (node.id.clone(), bands)
                })
                .collect();
            // Every day of the window, quiet ones included, so a chart's axis is the window.
            let last_day = per_run
                .iter()
                .filter_map(|c| c.daily.keys().next_back().copied())
                .chain(days.checked_sub(1))
                .max();
            let daily = last_day
                .map(|last| {
                    (0..=last)
                        .map(|day| {
                            let of = |f: &dyn Fn(&crate::simulate::counts::DailyCounts) -> u64| {
                                Band::of(
                                    per_run
                                        .iter()
                                        .map(|c| c.daily.get(&day).map_or(0, f) as f64)
                                        .collect(),
                                )
                            };
                            DailyBands {
                                day,
                                sent: of(&|d| d.sent),
                                opened: of(&|d| d.opened),
                                clicked: of(&|d| d.clicked),
                                handed_off: of(&|d| d.handed_off),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            // Every bucket from the lowest score to the highest; but when they lie far apart (an
            // adjustment of a million points), only the buckets some run has leads in, so that the
            // summary never holds more buckets than leads.
            let mut buckets: std::collections::BTreeSet<i32> = per_run
                .iter()
                .flat_map(|c| c.scores.keys().copied())
                .collect();
            if let (Some(&low), Some(&high)) = (buckets.first(), buckets.last())
                && (i64::from(high) - i64::from(low)) / i64::from(SCORE_BUCKET) <= MAX_DENSE_BUCKETS
            {
                buckets = (low..=high).step_by(SCORE_BUCKET as usize).collect();
            }
            let score_distribution = buckets
                .into_iter()
                .map(|from| ScoreBucketBands {
                    from,
                    to: from.saturating_add(SCORE_BUCKET),
                    leads: band(&|c| c.scores.get(&from).copied().unwrap_or(0) as f64),
                })
                .collect();
            let mut summary = ScenarioSummary {
                daily,
                leads: band(&|c| c.leads as f64),
                mql_at_end: band(&|c| c.mql_at_end as f64),
                score_distribution,
                id: scenario.id().clone(),
                name: scenario.file().name.clone(),
                enrolled: band(&|c| c.enrolled as f64),
                completed: band(&|c| c.completed as f64),
                goal_reached: band(&|c| c.goal_reached as f64),
                handed_off: band(&|c| c.handed_off as f64),
                sent: band(&|c| mail_totals(c).0 as f64),
                opened: band(&|c| mail_totals(c).1 as f64),
                clicked: band(&|c| mail_totals(c).2 as f64),
                deals_created: band(&|c| c.deals_created as f64),
                open_rate,
                click_rate,
                handoff_rate,
                deal_rate,
                kpis,
                nodes,
                emails,
            };
            for i in 0..summary.kpis.len() {
                if summary.kpis[i].verdict == Verdict::Below {
                    summary.kpis[i].why = why_below(summary.kpis[i].kpi, &summary, scenario.file());
                }
            }
            summary
        })
        .collect()
}

/// Why `kpi` is forecast below its target, from the summary's own figures: for the hand-off and
/// deal rates, the score gate (a score condition's `yes`, a hand-off's own threshold) that lets
/// the smallest share of its leads through, with where the scenario's leads' scores end the
/// window (the share reaching the gate's score, and the score 90 % of them stay below) — or,
/// with no gate, the hand-off few leads reach; for the open and click rates, the mail with the
/// lowest rate. `None` when the figures show no such node.
fn why_below(kpi: Kpi, summary: &ScenarioSummary, file: &ScenarioFile) -> Option<KpiReason> {
    use crate::model::handle::OutputHandle;
    use crate::model::node::NodeKind;
    let bands = |id: &NodeId| summary.nodes.iter().find(|(n, _)| n == id).map(|(_, b)| b);
    match kpi {
        Kpi::HandoffRate | Kpi::DealRate => {
            // (node, its score, leads that reached it, leads it let through)
            let gates = file.nodes.iter().filter_map(|node| {
                let entered = bands(&node.id)?.entered.mean;
                let (floor, passed) = if let NodeKind::NotifySales {
                    score_threshold: Some(t),
                    ..
                } = &node.kind
                    && *t > 0
                {
                    (*t, summary.handed_off.mean)
                } else if let NodeKind::Condition { .. } = &node.kind {
                    (
                        node.kind.score_floor_through(&OutputHandle::Yes)?,
                        bands(&node.id)?.exits.get("yes").map_or(0.0, |b| b.mean),
                    )
                } else {
                    return None;
                };
                (entered >= 1.0).then_some((node, floor, entered, passed))
            });
            let tightest = gates.min_by(|a, b| (a.3 / a.2).total_cmp(&(b.3 / b.2)));
            if let Some((node, floor, entered, passed)) = tightest {
                let total: f64 = summary
                    .score_distribution
                    .iter()
                    .map(|b| b.leads.mean)
                    .sum();
                let reaching: f64 = (summary.score_distribution.iter())
                    .filter(|b| b.from >= floor)
                    .map(|b| b.leads.mean)
                    .sum();
                let mut below = 0.0;
                let p90 = (summary.score_distribution.iter())
                    .find(|b| {
                        below += b.leads.mean;
                        below >= 0.9 * total
                    })
                    .map(|b| b.to);
                let name = file.describe_node(&node.id);
                let share = |part: f64, whole: f64| {
                    if whole > 0.0 {
                        100.0 * part / whole
                    } else {
                        0.0
                    }
                };
                let (ja_end, en_end) = match p90 {
                    Some(p90) if total > 0.0 => (
                        format!(
                            "このシナリオのリードの期間終了時スコアは 90% が {p90} 点未満で、{floor} 点以上は {:.1}% です。",
                            share(reaching, total)
                        ),
                        format!(
                            " By the window's end 90 % of this scenario's leads score below {p90}, and {:.1} % score {floor} or more.",
                            share(reaching, total)
                        ),
                    ),
                    _ => (String::new(), String::new()),
                };
                return Some(KpiReason {
                    node: node.id.clone(),
                    message: Localized::new(
                        format!(
                            "{}でスコア {floor} 以上を満たしたのは {entered:.0} 人中 {passed:.0} 人（{:.1}%）です。{ja_end}閾値かスコアの配点を見直してください",
                            name.ja,
                            share(passed, entered)
                        ),
                        format!(
                            "{} let {passed:.0} of {entered:.0} leads through at score {floor} or more ({:.1} %).{en_end} Revisit the threshold or the scoring points",
                            name.en,
                            share(passed, entered)
                        ),
                    ),
                });
            }
            // No score gate: the hand-off that few of the entries reach.
            let handoff = (file.nodes.iter())
                .filter(|n| matches!(n.kind, NodeKind::NotifySales { .. }))
                .filter_map(|n| Some((n, bands(&n.id)?.entered.mean)))
                .min_by(|a, b| a.1.total_cmp(&b.1))?;
            let (node, reached) = handoff;
            let name = file.describe_node(&node.id);
            let enrolled = summary.enrolled.mean;
            Some(KpiReason {
                node: node.id.clone(),
                message: Localized::new(
                    format!(
                        "{}に届くのは {enrolled:.0} 人の参加のうち {reached:.0} 人です。手前の待機・条件分岐を見直してください",
                        name.ja
                    ),
                    format!(
                        "{} is reached by {reached:.0} of {enrolled:.0} entries. Revisit the waits and conditions before it",
                        name.en
                    ),
                ),
            })
        }
        Kpi::OpenRate | Kpi::ClickRate => {
            let rate = |e: &EmailBands| {
                if kpi == Kpi::OpenRate {
                    e.open_rate.mean
                } else {
                    e.click_rate.mean
                }
            };
            let (id, mail) = (summary.emails.iter())
                .filter(|(_, e)| e.sent.mean >= 1.0)
                .min_by(|a, b| rate(&a.1).total_cmp(&rate(&b.1)))?;
            let name = file.describe_node(id);
            let what = kpi.label();
            Some(KpiReason {
                node: id.clone(),
                message: Localized::new(
                    format!(
                        "{}が最も低いのは{}で {:.1}%（送信 {:.0} 通）です。件名・送信タイミング・送り先を見直してください",
                        what.ja,
                        name.ja,
                        rate(mail),
                        mail.sent.mean
                    ),
                    format!(
                        "The lowest {} is {}'s, {:.1} % of {:.0} sent. Revisit its subject, timing and audience",
                        what.en,
                        name.en,
                        rate(mail),
                        mail.sent.mean
                    ),
                ),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Band;
    use crate::simulate::counts::exit_label;

    #[test]
    fn every_exit_has_a_name_in_japanese() {
        let keys = [
            "out", "yes", "no", "met", "timeout", "goal", "exit", "end", "switch", "none",
        ];
        for key in keys {
            let label = exit_label(key);
            assert!(!label.ja.is_ascii(), "{key}");
            assert!(!label.en.is_empty(), "{key}");
        }
        assert_eq!(exit_label("branch:a").ja, "分岐 a");
    }

    #[test]
    fn bands_are_nearest_rank() {
        let b = Band::of((1..=100).map(f64::from).collect());
        assert_eq!((b.mean, b.p05, b.p95), (50.5, 5.0, 95.0));
        let one = Band::of(vec![7.0]);
        assert_eq!((one.mean, one.p05, one.p95), (7.0, 7.0, 7.0));
        assert_eq!(Band::of(vec![]).mean, 0.0);
    }
}
