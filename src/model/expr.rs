//! The typed expression tree behind segments, conditions, goals and wait-until events.
//!
//! A marketer's "部長以上で、過去30日に料金ページを2回以上見た人" is a tree of `Expr` values, never a
//! string that gets evaluated. The simulator, the exporters and the segment builder in the app all
//! match on these enums exhaustively.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::NodeId;

/// A condition over one lead: its attributes, behaviour, score, deal status and email engagement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Expr {
    /// Every sub-condition holds (AND).
    All {
        /// The sub-conditions; at least one.
        of: Vec<Expr>,
    },
    /// At least one sub-condition holds (OR).
    Any {
        /// The sub-conditions; at least one.
        of: Vec<Expr>,
    },
    /// The sub-condition does not hold.
    Not {
        /// The negated condition.
        expr: Box<Expr>,
    },
    /// A lead attribute compared with values, e.g. 業種 is one of [製造業, 情報通信業].
    Attribute {
        /// Which attribute.
        attribute: Attribute,
        /// How it is compared.
        op: TextOp,
        /// The values to compare with (one for equals/contains/starts_with, one or more for one_of,
        /// none for is_empty).
        #[serde(default)]
        values: Vec<String>,
    },
    /// How often the lead did something within a time window, e.g. page viewed `/pricing*` ≥ 2 in 30 days.
    Behaviour {
        /// Which events count.
        event: EventFilter,
        /// How the count is compared.
        op: Cmp,
        /// The count compared with.
        count: u32,
        /// The window, in days back from now.
        within_days: u32,
    },
    /// The lead's current score compared with a value.
    Score {
        /// How the score is compared.
        op: Cmp,
        /// The value compared with.
        value: i32,
    },
    /// The lead's SFA deal status is one of these.
    DealStatus {
        /// The accepted statuses.
        #[serde(rename = "in")]
        any_of: Vec<DealStatus>,
    },
    /// The lead opened or clicked (or did not) an email.
    EmailEngagement {
        /// Which engagement.
        engagement: Engagement,
        /// The `send_email` node of this scenario; absent means any email.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        email: Option<NodeId>,
        /// The window, in days back from now; absent means ever.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        within_days: Option<u32>,
    },
}

/// A lead attribute, as stored in the workspace.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    /// 会社名.
    Company,
    /// 部署.
    Department,
    /// 役職 as written (部長, Manager …).
    Title,
    /// 役職区分: the title sorted into 経営層 / 部長 / 課長 / 主任 / 担当.
    JobLevel,
    /// 従業員数 band (1-49, 50-299, 300-999, 1000+).
    EmployeeBand,
    /// 業種.
    Industry,
    /// 都道府県.
    Prefecture,
    /// The MA-side lead status (新規, MQL, SQL …).
    LeadStatus,
    /// リードソース: where the lead came from.
    LeadSource,
    /// The domain of the email address.
    EmailDomain,
    /// A field of the user's own, by name.
    Custom(String),
}

/// The 役職区分 codes with their labels (ja, en), most senior first: the one table the file format,
/// the pick-lists, summaries and messages read.
pub const JOB_LEVELS: [(&str, &str, &str); 5] = [
    ("executive", "経営層", "Executive"),
    ("director", "部長クラス", "Director"),
    ("manager", "課長クラス", "Manager"),
    ("chief", "係長・主任", "Chief"),
    ("staff", "担当者", "Staff"),
];

/// The 従業員規模 codes with their labels (ja, en), smallest first.
pub const EMPLOYEE_BANDS: [(&str, &str, &str); 4] = [
    ("1-49", "1〜49名", "1–49 employees"),
    ("50-299", "50〜299名", "50–299 employees"),
    ("300-999", "300〜999名", "300–999 employees"),
    ("1000+", "1,000名以上", "1,000+ employees"),
];

impl Attribute {
    /// The codes and labels (ja, en) of an attribute with a known vocabulary (役職区分,
    /// 従業員規模); none for a free-text attribute.
    pub fn vocabulary(&self) -> Option<&'static [(&'static str, &'static str, &'static str)]> {
        match self {
            Attribute::JobLevel => Some(&JOB_LEVELS),
            Attribute::EmployeeBand => Some(&EMPLOYEE_BANDS),
            _ => None,
        }
    }

    /// A stored value as people read it: its label for a code of a known vocabulary, else as
    /// written.
    pub fn value_label(&self, value: &str) -> crate::localized::Localized {
        (self.vocabulary().into_iter().flatten())
            .find(|(code, _, _)| *code == value)
            .map_or_else(
                || crate::localized::Localized::new(value, value),
                |(_, ja, en)| crate::localized::Localized::new(*ja, *en),
            )
    }
}

/// How a text attribute is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TextOp {
    /// Equal to the one value.
    Equals,
    /// Not equal to the one value.
    NotEquals,
    /// Equal to one of the values.
    OneOf,
    /// Equal to none of the values.
    NotOneOf,
    /// Contains the one value.
    Contains,
    /// Starts with the one value.
    StartsWith,
    /// Empty or missing.
    IsEmpty,
    /// Present and not empty.
    IsNotEmpty,
}

impl TextOp {
    /// The operator's name in the file (`one_of`, …).
    pub fn name(self) -> &'static str {
        match self {
            TextOp::Equals => "equals",
            TextOp::NotEquals => "not_equals",
            TextOp::OneOf => "one_of",
            TextOp::NotOneOf => "not_one_of",
            TextOp::Contains => "contains",
            TextOp::StartsWith => "starts_with",
            TextOp::IsEmpty => "is_empty",
            TextOp::IsNotEmpty => "is_not_empty",
        }
    }

    /// How many values the operator takes: `(min, max)`.
    pub fn arity(self) -> (usize, Option<usize>) {
        match self {
            TextOp::Equals | TextOp::NotEquals | TextOp::Contains | TextOp::StartsWith => {
                (1, Some(1))
            }
            TextOp::OneOf | TextOp::NotOneOf => (1, None),
            TextOp::IsEmpty | TextOp::IsNotEmpty => (0, Some(0)),
        }
    }
}

/// A numeric comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Cmp {
    /// ≥
    Gte,
    /// >
    Gt,
    /// ≤
    Lte,
    /// <
    Lt,
    /// =
    Eq,
    /// ≠
    Ne,
}

impl Cmp {
    /// The mathematical sign, for summaries such as "スコア ≥ 100".
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Gte => "≥",
            Cmp::Gt => ">",
            Cmp::Lte => "≤",
            Cmp::Lt => "<",
            Cmp::Eq => "=",
            Cmp::Ne => "≠",
        }
    }

    /// Whether `left <op> right` holds.
    pub fn holds(self, left: i64, right: i64) -> bool {
        match self {
            Cmp::Gte => left >= right,
            Cmp::Gt => left > right,
            Cmp::Lte => left <= right,
            Cmp::Lt => left < right,
            Cmp::Eq => left == right,
            Cmp::Ne => left != right,
        }
    }
}

/// The SFA/CRM side's progress with a lead (商談ステータス), in the product's own vocabulary; the
/// workspace maps the user's SFA values onto these. A file may also name a status by its label in
/// either language (商談化, Opportunity); it is written back as the code.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DealStatus {
    /// 未対応: handed to sales, not yet worked.
    #[serde(alias = "未対応", alias = "Unworked")]
    Unworked,
    /// 対応中: sales is working the lead.
    #[serde(alias = "対応中", alias = "Working")]
    Working,
    /// 商談化: an opportunity exists.
    #[serde(alias = "商談化", alias = "Opportunity")]
    Opportunity,
    /// 受注: won.
    #[serde(alias = "受注", alias = "Won")]
    Won,
    /// 失注: lost.
    #[serde(alias = "失注", alias = "Lost")]
    Lost,
    /// ナーチャリング戻し: sent back to marketing.
    #[serde(alias = "ナーチャリング戻し", alias = "Recycled")]
    Recycled,
}

impl DealStatus {
    /// Every status, in the order of the sales process.
    pub const ALL: [DealStatus; 6] = [
        DealStatus::Unworked,
        DealStatus::Working,
        DealStatus::Opportunity,
        DealStatus::Won,
        DealStatus::Lost,
        DealStatus::Recycled,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            DealStatus::Unworked => "unworked",
            DealStatus::Working => "working",
            DealStatus::Opportunity => "opportunity",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
            DealStatus::Recycled => "recycled",
        }
    }

    /// What the status means, and what the simulation does with it.
    pub fn meaning(self) -> crate::localized::Localized {
        let (ja, en) = match self {
            DealStatus::Unworked => (
                "営業に引き渡し済みで、まだ対応していない",
                "handed to sales, not yet worked",
            ),
            DealStatus::Working => ("営業が対応している", "sales is working the lead"),
            DealStatus::Opportunity => (
                "商談になった（シナリオの「商談化」に数え、ナーチャリングから外す条件に使える）",
                "an opportunity exists (counted as a deal; a usual reason to leave nurture)",
            ),
            DealStatus::Won => ("受注した", "won"),
            DealStatus::Lost => (
                "失注した（ナーチャリングに戻すトリガーに使える）",
                "lost (a usual trigger to nurture again)",
            ),
            DealStatus::Recycled => (
                "営業からマーケティングに戻された",
                "sent back from sales to marketing",
            ),
        };
        crate::localized::Localized::new(ja, en)
    }

    /// The status's name for people.
    pub fn label(self) -> crate::localized::Localized {
        let (ja, en) = match self {
            DealStatus::Unworked => ("未対応", "Unworked"),
            DealStatus::Working => ("対応中", "Working"),
            DealStatus::Opportunity => ("商談化", "Opportunity"),
            DealStatus::Won => ("受注", "Won"),
            DealStatus::Lost => ("失注", "Lost"),
            DealStatus::Recycled => ("ナーチャリング戻し", "Recycled"),
        };
        crate::localized::Localized::new(ja, en)
    }
}

/// Email engagement tested by a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Engagement {
    /// Opened.
    Opened,
    /// Clicked a link.
    Clicked,
    /// Received but not opened.
    NotOpened,
    /// Received but no link clicked.
    NotClicked,
}

/// A kind of lead event, optionally narrowed; used by wait-until and behaviour counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum EventFilter {
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
    /// ウェビナー申込.
    WebinarRegistered {
        /// The webinar's name; absent means any webinar.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        webinar: Option<String>,
    },
    /// ウェビナー参加.
    WebinarAttended {
        /// The webinar's name; absent means any webinar.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        webinar: Option<String>,
    },
    /// ページ閲覧.
    PageViewed {
        /// A URL pattern where `*` matches anything, e.g. `/pricing*`; absent means any page.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url_pattern: Option<String>,
    },
    /// メール開封.
    EmailOpened {
        /// The `send_email` node of this scenario; absent means any email.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        email: Option<NodeId>,
    },
    /// メール内リンクのクリック.
    EmailClicked {
        /// The `send_email` node of this scenario; absent means any email.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        email: Option<NodeId>,
    },
    /// 配信停止.
    Unsubscribed,
    /// The score reached a threshold.
    ScoreReached {
        /// The threshold.
        threshold: i32,
    },
    /// The SFA deal status changed to one of these.
    DealStatusChanged {
        /// The new statuses that count.
        to: Vec<DealStatus>,
    },
}

impl EventFilter {
    /// The `send_email` node this filter refers to, if any.
    pub fn email_ref(&self) -> Option<&NodeId> {
        match self {
            EventFilter::EmailOpened { email } | EventFilter::EmailClicked { email } => {
                email.as_ref()
            }
            _ => None,
        }
    }
}

impl Expr {
    /// Calls `f` on this expression and every expression below it, parents first.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::All { of } | Expr::Any { of } => of.iter().for_each(|e| e.walk(f)),
            Expr::Not { expr } => expr.walk(f),
            Expr::Attribute { .. }
            | Expr::Behaviour { .. }
            | Expr::Score { .. }
            | Expr::DealStatus { .. }
            | Expr::EmailEngagement { .. } => {}
        }
    }

    /// Calls `f` on this expression and every expression below it, parents first, to change them.
    pub fn walk_mut(&mut self, f: &mut impl FnMut(&mut Expr)) {
        f(self);
        match self {
            Expr::All { of } | Expr::Any { of } => of.iter_mut().for_each(|e| e.walk_mut(f)),
            Expr::Not { expr } => expr.walk_mut(f),
            Expr::Attribute { .. }
            | Expr::Behaviour { .. }
            | Expr::Score { .. }
            | Expr::DealStatus { .. }
            | Expr::EmailEngagement { .. } => {}
        }
    }

    /// The least score a lead for which this expression holds is guaranteed to have, if any
    /// (`score ≥ x` gives x, `score > x` gives x + 1, a conjunction its highest member's floor, a
    /// disjunction its lowest when every member has one, a negated `score < x` gives x …). Used to
    /// tell a score-gated hand-off from an ungated one, and to set a hand-off's own threshold
    /// against the condition before it.
    pub fn score_floor(&self) -> Option<i32> {
        match self {
            Expr::Score { op, value } => match op {
                Cmp::Gte | Cmp::Eq => Some(*value),
                Cmp::Gt => Some(value.saturating_add(1)),
                Cmp::Lt | Cmp::Lte | Cmp::Ne => None,
            },
            Expr::All { of } => of.iter().filter_map(Expr::score_floor).max(),
            Expr::Any { of } => lowest_if_all(of.iter().map(Expr::score_floor)),
            Expr::Not { expr } => expr.score_floor_when_false(),
            Expr::Attribute { .. }
            | Expr::Behaviour { .. }
            | Expr::DealStatus { .. }
            | Expr::EmailEngagement { .. } => None,
        }
    }

    /// The least score a lead for which this expression does *not* hold is guaranteed to have:
    /// the `no` exit of "スコア < 80?" only lets leads with 80 or more through.
    pub fn score_floor_when_false(&self) -> Option<i32> {
        match self {
            Expr::Score { op, value } => match op {
                Cmp::Lt => Some(*value),
                Cmp::Lte => Some(value.saturating_add(1)),
                Cmp::Gte | Cmp::Gt | Cmp::Eq | Cmp::Ne => None,
            },
            // not (a and b) = (not a) or (not b): every member must give a floor, the lowest holds.
            Expr::All { of } => lowest_if_all(of.iter().map(Expr::score_floor_when_false)),
            // not (a or b) = (not a) and (not b): the highest member's floor holds.
            Expr::Any { of } => of.iter().filter_map(Expr::score_floor_when_false).max(),
            Expr::Not { expr } => expr.score_floor(),
            Expr::Attribute { .. }
            | Expr::Behaviour { .. }
            | Expr::DealStatus { .. }
            | Expr::EmailEngagement { .. } => None,
        }
    }
}

/// The lowest of some floors when every one is a floor (a lead meeting any of several conditions
/// is sure only of the lowest); none when any is none, or there are none.
fn lowest_if_all(mut floors: impl Iterator<Item = Option<i32>>) -> Option<i32> {
    floors
        .try_fold(None::<i32>, |low, f| {
            f.map(|f| Some(low.map_or(f, |l| l.min(f))))
        })
        .flatten()
}
