//! What a simulation counts and what a trace records: per node, mail, scenario and day of the
//! window, the leads' own behaviour, MQL crossings; and the steps of one lead's path. The engine
//! fills them; results, plans, reports and the faces read them.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Localized;
use crate::lead::EventKind;
use crate::model::ids::{NodeId, ScenarioId};
use crate::time::Minute;

/// Counts of one node.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NodeCounts {
    /// Leads that entered the node.
    pub entered: u64,
    /// Leads that left it, by output handle.
    pub exits: BTreeMap<String, u64>,
    /// Leads still in it when the window ended.
    pub waiting_at_end: u64,
}

/// Counts of one mail.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EmailCounts {
    /// Sent.
    pub sent: u64,
    /// Opened.
    pub opened: u64,
    /// Clicked.
    pub clicked: u64,
    /// Unsubscribed from it.
    pub unsubscribed: u64,
}

/// Counts of one scenario.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ScenarioCounts {
    /// Entries (a lead re-entering counts again).
    pub enrolled: u64,
    /// Entries that reached an End node or an unconnected output.
    pub completed: u64,
    /// Entries that met the scenario's goal.
    pub goal_reached: u64,
    /// Entries that met the exit criteria.
    pub exited: u64,
    /// Hand-offs to sales.
    pub handed_off: u64,
    /// Hand-offs that became an opportunity (商談化) in the window.
    pub deals_created: u64,
    /// Per node.
    pub nodes: BTreeMap<NodeId, NodeCounts>,
    /// Per mail (send-email node).
    pub emails: BTreeMap<NodeId, EmailCounts>,
    /// Per day of the window (day 0 is the first): mails, responses and hand-offs.
    pub daily: BTreeMap<u32, DailyCounts>,
    /// Distinct leads that entered at least once.
    pub leads: u64,
    /// Their scores at the end of the window, in buckets of [`SCORE_BUCKET`] points keyed by the
    /// bucket's lower bound (-10 holds -10…-1).
    pub scores: BTreeMap<i32, u64>,
    /// How many of them end the window at or above the MQL threshold.
    pub mql_at_end: u64,
}

/// The width of a score-distribution bucket, in points.
pub const SCORE_BUCKET: i32 = 10;

/// What happened on one day of the window.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DailyCounts {
    /// Mails sent.
    pub sent: u64,
    /// Mails opened.
    pub opened: u64,
    /// Mails clicked.
    pub clicked: u64,
    /// Hand-offs to sales.
    pub handed_off: u64,
}

/// Counts of a run (one lead, or many merged).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RunCounts {
    /// Per scenario.
    pub scenarios: BTreeMap<ScenarioId, ScenarioCounts>,
    /// What the leads did on their own in the forecast part of the window, with the page views
    /// their simulated clicks led to (a replay counts none).
    pub organic: OrganicCounts,
    /// Leads whose score reached the MQL threshold in the window, from below it before (what
    /// they did, recorded or drawn, and what the scenarios did to them and their scores).
    pub mql_crossings: u64,
}

/// Events of each kind leads do on their own (`organic::DRAWN`: page views, document
/// downloads, form submissions), in that order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OrganicCounts(pub [u64; 3]);

impl OrganicCounts {
    /// The count of `kind` (0 for a kind leads do not do on their own).
    pub fn of(&self, kind: EventKind) -> u64 {
        crate::simulate::organic::drawn_index(kind).map_or(0, |i| self.0[i])
    }
}

/// One step of a lead's path, for the single-lead trace.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TraceStep {
    /// When (minutes since the epoch).
    pub at: Minute,
    /// In which scenario.
    pub scenario: ScenarioId,
    /// At which node.
    pub node: NodeId,
    /// What happened.
    pub step: Step,
    /// The lead's score then, as the scenarios' conditions read it (its recorded and drawn acts,
    /// and every scenario's score adjustments up to that moment).
    pub score: i32,
}

/// Why a lead whose trigger fired did not enter the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// It is outside the scenario's segment.
    Segment,
    /// It was in the scenario before and may not enter again (yet).
    Reenrollment,
    /// It has opted out of mail.
    OptedOut,
    /// No opt-in basis is recorded for it, and the history shows no such lead mailed.
    NoConsent,
}

impl Refusal {
    /// Why, for people.
    pub fn describe(self) -> Localized {
        let (ja, en) = match self {
            Refusal::Segment => ("セグメント外", "outside the segment"),
            Refusal::Reenrollment => ("再登録不可", "may not enter again"),
            Refusal::OptedOut => ("配信停止済み", "opted out"),
            Refusal::NoConsent => ("オプトイン記録なし", "no opt-in recorded"),
        };
        Localized::new(ja, en)
    }
}

/// What happened at a step.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Step {
    /// The trigger fired but the lead did not enter, and why.
    NotEnrolled {
        /// Why.
        reason: Refusal,
    },
    /// The lead entered the node.
    Entered,
    /// The lead left through this output.
    Left {
        /// The output.
        handle: String,
    },
    /// A mail went out.
    Sent,
    /// It was opened.
    Opened,
    /// It was clicked.
    Clicked,
    /// The lead unsubscribed.
    Unsubscribed,
    /// The lead was handed to sales.
    HandedOff,
    /// The lead met the goal.
    Goal,
    /// The lead met the exit criteria.
    Exit,
    /// The window ended with the lead here.
    WaitingAtEnd,
}

impl Step {
    /// What happened, for people.
    pub fn describe(&self) -> Localized {
        match self {
            Step::NotEnrolled { reason } => {
                let why = reason.describe();
                Localized::new(
                    format!("トリガー発火・登録せず（{}）", why.ja),
                    format!("trigger fired, not enrolled ({})", why.en),
                )
            }
            Step::Entered => Localized::new("到達", "entered"),
            Step::Left { handle } => {
                let exit = exit_label(handle);
                Localized::new(
                    format!("通過 → {}", exit.ja),
                    format!("went on → {}", exit.en),
                )
            }
            Step::Sent => Localized::new("メール送信", "mail sent"),
            Step::Opened => Localized::new("開封", "opened"),
            Step::Clicked => Localized::new("クリック", "clicked"),
            Step::Unsubscribed => Localized::new("配信停止", "unsubscribed"),
            Step::HandedOff => Localized::new("営業へ引き渡し", "handed to sales"),
            Step::Goal => Localized::new("ゴール到達", "goal reached"),
            Step::Exit => Localized::new("終了条件で離脱", "exit criteria met"),
            Step::WaitingAtEnd => Localized::new("期間終了時に滞留", "still here at the end"),
        }
    }
}

/// What a node's exit is called for people, from its key in the counts (`out`, `yes`, `no`,
/// `met`, `timeout`, `branch:<id>`, and `goal`, `exit`, `end`, `switch`, `none` for journeys
/// that ended at the node).
pub fn exit_label(key: &str) -> Localized {
    match key {
        "out" => Localized::new("次へ", "next step"),
        "yes" => Localized::new("はい", "yes"),
        "no" => Localized::new("いいえ", "no"),
        "met" => Localized::new("発生", "happened"),
        "timeout" => Localized::new("タイムアウト", "timed out"),
        "goal" => Localized::new("ゴール到達", "goal"),
        "exit" => Localized::new("離脱条件", "exit criteria"),
        "end" => Localized::new("終了", "end"),
        "switch" => Localized::new("シナリオ切替", "switched"),
        "none" => Localized::new("終了（分岐なし）", "ended (no branch)"),
        other => match other.strip_prefix("branch:") {
            Some(branch) => Localized::new(format!("分岐 {branch}"), format!("branch {branch}")),
            None => Localized::new(other, other),
        },
    }
}
