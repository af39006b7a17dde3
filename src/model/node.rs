//! Nodes: the one closed enum of everything a scenario can do.
//!
//! `NodeKind` is matched exhaustively by the validator, the simulator, the exporters, the diagnosis
//! and (through generated types) the app's palette, so a new kind cannot be half-supported.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::expr::{Attribute, DealStatus, EventFilter, Expr};
use super::handle::OutputHandle;
use super::ids::{BranchId, NodeId, ScenarioId};
use crate::localized::Localized;

/// One step of a scenario, placed on the canvas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Unique within the scenario.
    pub id: NodeId,
    /// The name shown on the canvas; empty means the kind's default name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Where the node sits on the canvas.
    #[serde(default)]
    pub position: Position,
    /// What the node does.
    pub kind: NodeKind,
}

/// A point on the canvas, in canvas pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
}

/// Defines `NodeKind` (internally tagged by `type`, as the file and the app write it) and a twin
/// enum, externally tagged, that `NodeKind` deserialises through. serde reads an internally tagged
/// enum by buffering the whole object, which loses the JSON path of any error inside it; the twin is
/// read straight from the object with the tag moved outside, so `nodes[2].kind.timeout.days` is
/// reported as such. One list of variants feeds both, so they cannot drift apart.
macro_rules! node_kinds {
    ($(
        $(#[$vmeta:meta])*
        $variant:ident { $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)? }
    ),* $(,)?) => {
        /// What a node does.
        #[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
        #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
        pub enum NodeKind {
            $( $(#[$vmeta])* $variant { $( $(#[$fmeta])* $field: $ty ),* } ),*
        }

        /// `NodeKind` with the tag outside: `{"wait": {"delay": …}}`.
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case", deny_unknown_fields)]
        enum NodeKindByTag {
            $( $variant { $( $(#[$fmeta])* $field: $ty ),* } ),*
        }

        impl From<NodeKindByTag> for NodeKind {
            fn from(kind: NodeKindByTag) -> NodeKind {
                match kind {
                    $( NodeKindByTag::$variant { $($field),* } => NodeKind::$variant { $($field),* } ),*
                }
            }
        }
    };
}

node_kinds! {
    /// トリガー: what enrols a lead. A scenario has exactly one.
    Trigger {
        /// The enrolling event.
        event: TriggerEvent,
    },
    /// 条件分岐: leads leave through `yes` or `no`.
    Condition {
        /// The tested condition.
        condition: Expr,
    },
    /// A/Bテスト: leads are split at random by percentages.
    Split {
        /// The branches; their percentages sum to 100.
        branches: Vec<SplitBranch>,
    },
    /// 待機: a fixed delay.
    Wait {
        /// How long.
        delay: Delay,
    },
    /// 待機(イベント): wait until an event happens (`met`), at most until the timeout (`timeout`).
    WaitUntil {
        /// The awaited event.
        event: EventFilter,
        /// How long to wait at most.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        timeout: Option<Delay>,
    },
    /// メール送信.
    SendEmail {
        /// The email.
        email: Email,
    },
    /// スコア加減算.
    AdjustScore {
        /// Points added (negative to subtract).
        delta: i32,
        /// Why, for the score history.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
    },
    /// 営業通知・引き渡し: alert sales and mark the lead as MQL.
    NotifySales {
        /// Hand off only leads whose score is at least this.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        score_threshold: Option<i32>,
        /// Who is notified (a team or person).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        assignee: String,
        /// The note sales receives.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        message: String,
    },
    /// 項目更新.
    UpdateField {
        /// The field set.
        field: Attribute,
        /// The new value.
        value: String,
    },
    /// SFA同期: push the lead and these fields to the SFA/CRM.
    SyncSfa {
        /// The fields pushed (e.g. `score`, `lead_status`); empty means the mapping's defaults.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<String>,
    },
    /// シナリオ切替: the lead leaves this scenario and enters another.
    SwitchScenario {
        /// The scenario entered.
        scenario: ScenarioId,
    },
    /// Web・広告オーディエンス追加.
    AddToAudience {
        /// Web personalisation or an ad platform.
        channel: AudienceChannel,
        /// The audience's name.
        audience: String,
    },
    /// 終了.
    End {
        /// How the lead's journey ended, for reporting.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        outcome: String,
    },
}

/// Marks the JSON path inside a node's kind in an error message, for `crate::format` to join to the
/// path of the kind itself.
pub const KIND_PATH_MARK: char = '\u{1}';

impl<'de> Deserialize<'de> for NodeKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        use serde_json::{Map, Value};
        let mut object = Map::<String, Value>::deserialize(deserializer)?;
        let tag = match object.remove("type") {
            Some(Value::String(tag)) => tag,
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "invalid type: {other}, expected a string for `type`"
                )));
            }
            None => return Err(D::Error::missing_field("type")),
        };
        let by_tag = Value::Object(Map::from_iter([(tag, Value::Object(object))]));
        serde_path_to_error::deserialize::<_, NodeKindByTag>(by_tag)
            .map(NodeKind::from)
            .map_err(|e| {
                // The first segment is the variant (the tag), which is not part of the file's path.
                let path = e.path().to_string();
                let inner = e.into_inner().to_string();
                match path.split_once('.') {
                    Some((_, rest)) => {
                        D::Error::custom(format!("{KIND_PATH_MARK}{rest}{KIND_PATH_MARK}{inner}"))
                    }
                    None => D::Error::custom(inner),
                }
            })
    }
}

/// The palette group a node kind belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// トリガー.
    Trigger,
    /// 条件分岐 (conditions and splits).
    Branch,
    /// 待機.
    Wait,
    /// アクション.
    Action,
    /// 終了.
    End,
}

impl NodeKind {
    /// The kind's name in the file (`send_email`, …).
    pub fn type_name(&self) -> &'static str {
        match self {
            NodeKind::Trigger { .. } => "trigger",
            NodeKind::Condition { .. } => "condition",
            NodeKind::Split { .. } => "split",
            NodeKind::Wait { .. } => "wait",
            NodeKind::WaitUntil { .. } => "wait_until",
            NodeKind::SendEmail { .. } => "send_email",
            NodeKind::AdjustScore { .. } => "adjust_score",
            NodeKind::NotifySales { .. } => "notify_sales",
            NodeKind::UpdateField { .. } => "update_field",
            NodeKind::SyncSfa { .. } => "sync_sfa",
            NodeKind::SwitchScenario { .. } => "switch_scenario",
            NodeKind::AddToAudience { .. } => "add_to_audience",
            NodeKind::End { .. } => "end",
        }
    }

    /// The kind's display name.
    pub fn display_name(&self) -> Localized {
        let (ja, en) = match self {
            NodeKind::Trigger { .. } => ("トリガー", "Trigger"),
            NodeKind::Condition { .. } => ("条件分岐", "Condition"),
            NodeKind::Split { .. } => ("A/Bテスト", "A/B split"),
            NodeKind::Wait { .. } => ("待機", "Wait"),
            NodeKind::WaitUntil { .. } => ("イベント待機", "Wait until"),
            NodeKind::SendEmail { .. } => ("メール送信", "Send email"),
            NodeKind::AdjustScore { .. } => ("スコア加減算", "Adjust score"),
            NodeKind::NotifySales { .. } => ("営業通知", "Notify sales"),
            NodeKind::UpdateField { .. } => ("項目更新", "Update field"),
            NodeKind::SyncSfa { .. } => ("SFA同期", "Sync to SFA"),
            NodeKind::SwitchScenario { .. } => ("シナリオ切替", "Switch scenario"),
            NodeKind::AddToAudience { .. } => ("オーディエンス追加", "Add to audience"),
            NodeKind::End { .. } => ("終了", "End"),
        };
        Localized::new(ja, en)
    }

    /// The palette group.
    pub fn category(&self) -> Category {
        match self {
            NodeKind::Trigger { .. } => Category::Trigger,
            NodeKind::Condition { .. } | NodeKind::Split { .. } => Category::Branch,
            NodeKind::Wait { .. } | NodeKind::WaitUntil { .. } => Category::Wait,
            NodeKind::SendEmail { .. }
            | NodeKind::AdjustScore { .. }
            | NodeKind::NotifySales { .. }
            | NodeKind::UpdateField { .. }
            | NodeKind::SyncSfa { .. }
            | NodeKind::SwitchScenario { .. }
            | NodeKind::AddToAudience { .. } => Category::Action,
            NodeKind::End { .. } => Category::End,
        }
    }

    /// The exits of a node of this kind, in drawing order. A wait-until without a timeout has only
    /// `met` (the validator reports the missing timeout); a switch and an end have none.
    pub fn outputs(&self) -> Vec<OutputHandle> {
        match self {
            NodeKind::Condition { .. } => vec![OutputHandle::Yes, OutputHandle::No],
            NodeKind::Split { branches } => branches
                .iter()
                .map(|b| OutputHandle::Branch(b.id.clone()))
                .collect(),
            NodeKind::WaitUntil { timeout, .. } => match timeout {
                Some(_) => vec![OutputHandle::Met, OutputHandle::Timeout],
                None => vec![OutputHandle::Met],
            },
            NodeKind::SwitchScenario { .. } | NodeKind::End { .. } => vec![],
            NodeKind::Trigger { .. }
            | NodeKind::Wait { .. }
            | NodeKind::SendEmail { .. }
            | NodeKind::AdjustScore { .. }
            | NodeKind::NotifySales { .. }
            | NodeKind::UpdateField { .. }
            | NodeKind::SyncSfa { .. }
            | NodeKind::AddToAudience { .. } => vec![OutputHandle::Out],
        }
    }

    /// The least time a lead spends in a node of this kind before leaving through `handle`.
    pub fn min_minutes_through(&self, handle: &OutputHandle) -> u64 {
        match self {
            NodeKind::Wait { delay } => delay.minutes(),
            NodeKind::WaitUntil { timeout, .. } => match (handle, timeout) {
                (OutputHandle::Timeout, Some(t)) => t.minutes(),
                _ => 0, // `met` can happen at once.
            },
            NodeKind::Trigger { .. }
            | NodeKind::Condition { .. }
            | NodeKind::Split { .. }
            | NodeKind::SendEmail { .. }
            | NodeKind::AdjustScore { .. }
            | NodeKind::NotifySales { .. }
            | NodeKind::UpdateField { .. }
            | NodeKind::SyncSfa { .. }
            | NodeKind::SwitchScenario { .. }
            | NodeKind::AddToAudience { .. }
            | NodeKind::End { .. } => 0,
        }
    }

    /// Whether every lead leaving through `handle` has a minimum score: the `yes` exit of a
    /// condition implying `score ≥ x`, the `no` exit of one implying `score < x`, or a score trigger.
    pub fn gates_on_score(&self, handle: &OutputHandle) -> bool {
        self.score_floor_through(handle).is_some()
    }

    /// The least score every lead leaving through `handle` has, if there is one (see
    /// [`gates_on_score`](Self::gates_on_score)).
    pub fn score_floor_through(&self, handle: &OutputHandle) -> Option<i32> {
        match self {
            NodeKind::Condition { condition } => match handle {
                OutputHandle::Yes => condition.score_floor(),
                OutputHandle::No => condition.score_floor_when_false(),
                _ => None,
            },
            NodeKind::Trigger {
                event: TriggerEvent::ScoreReached { threshold },
            } => Some(*threshold),
            NodeKind::Trigger { .. } => None,
            NodeKind::Split { .. }
            | NodeKind::Wait { .. }
            | NodeKind::WaitUntil { .. }
            | NodeKind::SendEmail { .. }
            | NodeKind::AdjustScore { .. }
            | NodeKind::NotifySales { .. }
            | NodeKind::UpdateField { .. }
            | NodeKind::SyncSfa { .. }
            | NodeKind::SwitchScenario { .. }
            | NodeKind::AddToAudience { .. }
            | NodeKind::End { .. } => None,
        }
    }

    /// Whether a lead leaving through `handle` has necessarily spent some time in the node: a wait
    /// of more than zero, a wait-until's timeout of more than zero, or a wait-until's `met` exit,
    /// which needs an event that happens after the lead arrived. A loop is safe only if every way
    /// round it passes such an exit.
    pub fn takes_time_through(&self, handle: &OutputHandle) -> bool {
        self.min_minutes_through(handle) > 0
            || matches!(
                (self, handle),
                (NodeKind::WaitUntil { .. }, OutputHandle::Met)
            )
    }
}

/// What enrols a lead into a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum TriggerEvent {
    /// リード獲得: a new lead is created.
    LeadCreated,
    /// フォーム送信.
    FormSubmitted {
        /// The form's name; absent means any form.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        form: Option<String>,
    },
    /// 資料ダウンロード.
    DocumentDownloaded {
        /// The document's name; absent means any document.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        document: Option<String>,
    },
    /// ウェビナー終了: fires for registrants when a webinar ends, for those who attended, those who
    /// registered but did not attend, or both.
    WebinarEnded {
        /// The webinar's name; absent means any webinar.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        webinar: Option<String>,
        /// Which registrants enter.
        attendance: Attendance,
    },
    /// 特定ページ閲覧: the lead viewed matching pages at least `min_count` times in `within_days` days.
    PageViewed {
        /// A URL pattern where `*` matches anything, e.g. `/pricing*`.
        url_pattern: String,
        /// How many views are needed.
        #[serde(default = "one")]
        min_count: u32,
        /// Within how many days.
        #[serde(default = "one")]
        within_days: u32,
    },
    /// スコア到達.
    ScoreReached {
        /// The score that enrols.
        threshold: i32,
    },
    /// 一定期間反応なし: no activity for `days` days.
    Inactive {
        /// Days without any activity.
        days: u32,
    },
    /// 商談ステータス変更.
    DealStatusChanged {
        /// The previous statuses that count; empty means any.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        from: Vec<DealStatus>,
        /// The new statuses that enrol.
        to: Vec<DealStatus>,
    },
    /// 属性変更.
    AttributeChanged {
        /// The attribute watched.
        attribute: Attribute,
        /// The new value that enrols; absent means any change.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
    },
}

fn one() -> u32 {
    1
}

/// Which webinar registrants a `webinar_ended` trigger enrols.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    /// 参加者.
    Attended,
    /// 申込済み・欠席.
    Absent,
    /// 申込者全員.
    Any,
}

/// A duration on the scenario's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delay {
    /// Days.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub days: u32,
    /// Hours, added to the days.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub hours: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Delay {
    /// A delay of whole days.
    pub fn days(days: u32) -> Self {
        Delay { days, hours: 0 }
    }

    /// The delay in minutes.
    pub fn minutes(self) -> u64 {
        u64::from(self.days) * 24 * 60 + u64::from(self.hours) * 60
    }

    /// A short human form: "3日", "1日6時間", "3 days".
    pub fn describe(self) -> Localized {
        let ja = match (self.days, self.hours) {
            (0, h) => format!("{h}時間"),
            (d, 0) => format!("{d}日"),
            (d, h) => format!("{d}日{h}時間"),
        };
        let plural = |n: u32, unit: &str| {
            if n == 1 {
                format!("1 {unit}")
            } else {
                format!("{n} {unit}s")
            }
        };
        let en = match (self.days, self.hours) {
            (0, h) => plural(h, "hour"),
            (d, 0) => plural(d, "day"),
            (d, h) => format!("{} {}", plural(d, "day"), plural(h, "hour")),
        };
        Localized::new(ja, en)
    }
}

/// One branch of an A/B split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitBranch {
    /// The branch id; the edge leaving it uses the handle `branch:<id>`.
    pub id: BranchId,
    /// What the branch tests, e.g. "件名A".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The share of leads, in percent.
    pub percent: f64,
}

/// An email and the facts the 特定電子メール法 (Japan's Act on Specified Electronic Mail) requires in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Email {
    /// What sort of email; it sets the expected open and click rates.
    pub kind: EmailKind,
    /// 件名.
    #[serde(default)]
    pub subject: String,
    /// What the email says, in a sentence or two.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// The links in the email.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// 送信者の氏名又は名称 (required by law).
    #[serde(default)]
    pub sender_name: String,
    /// The sender's address for replies and complaints.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sender_email: String,
    /// 送信者の住所 (required by law).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sender_address: String,
    /// 配信停止 (opt-out) URL or mailto: address (required by law).
    #[serde(default)]
    pub opt_out_url: String,
}

/// The sort of an email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmailKind {
    /// ウェルカムメール: opens about 1.5–2× a nurture mail.
    Welcome,
    /// ナーチャリングメール.
    Nurture,
    /// フォローメール after a download or an event.
    FollowUp,
    /// 掘り起こしメール for dormant leads.
    Reactivation,
    /// セミナー・イベント案内.
    EventInvite,
}

/// A link in an email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The link text.
    pub label: String,
    /// The target URL.
    pub url: String,
}

/// Where an `add_to_audience` node adds the lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AudienceChannel {
    /// Web personalisation.
    Web,
    /// An advertising audience.
    Ad,
}
