//! The validator's diagnostic codes: one table that gives each its stable name, severity and meaning.
//!
//! Names are stable: files, tests, the app and users' notes refer to them. Add new codes; never
//! rename or reuse one. `docs/diagnostics.md` holds the same table, and a test keeps it in step.

use serde::{Serialize, Serializer};

use crate::localized::Localized;

/// How bad a diagnostic is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The scenario cannot run as drawn; it cannot be simulated or exported as valid.
    Error,
    /// The scenario runs, but probably not as the marketer intends, or it breaks a good practice.
    Warning,
}

impl Severity {
    /// The severity's name for people.
    pub fn label(self) -> Localized {
        match self {
            Severity::Error => Localized::new("エラー", "error"),
            Severity::Warning => Localized::new("警告", "warning"),
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident, $ja:literal, $en:literal; )*) => {
        /// A kind of problem the validator reports.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable name, e.g. `email-no-opt-out`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name),* }
            }

            /// The severity every diagnostic of this code has.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity),* }
            }

            /// What the code means, in one line.
            pub fn summary(self) -> Localized {
                match self { $(Code::$variant => Localized::new($ja, $en)),* }
            }

            /// The code with this stable name.
            pub fn from_name(name: &str) -> Option<Code> {
                match name { $($name => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    /// An id is empty or not a plain identifier.
    InvalidId = "invalid-id", Error,
        "ID が空か、使えない文字を含んでいます（英字か _ で始まり、英数字・_・- のみ）",
        "An id is empty or not a plain identifier (a letter or _ first, then letters, digits, _ or -)";
    /// Two nodes or two edges share an id.
    DuplicateId = "duplicate-id", Error,
        "同じ ID のノードまたは接続が複数あります",
        "Two nodes or two edges share an id";
    /// Two scenarios validated together share an id.
    DuplicateScenarioId = "duplicate-scenario-id", Error,
        "同じ ID のシナリオが複数あります（切替先が特定できません）",
        "Two scenarios share an id (a switch to it would be ambiguous)";
    /// The scenario has no trigger.
    NoTrigger = "no-trigger", Error,
        "トリガー（起点条件）がありません",
        "The scenario has no trigger";
    /// The scenario has more than one trigger.
    MultipleTriggers = "multiple-triggers", Error,
        "トリガーが複数あります。入口は1つにしてください",
        "The scenario has more than one trigger; give it one entry";
    /// An edge enters a trigger.
    TriggerHasInput = "trigger-has-input", Error,
        "トリガーに入る接続があります。トリガーは入口専用です",
        "An edge enters a trigger; triggers are entries only";
    /// An edge names a node that does not exist.
    DanglingEdge = "dangling-edge", Error,
        "接続が存在しないノードを指しています",
        "An edge refers to a node that does not exist";
    /// An edge leaves through an output its source node does not have.
    UnknownHandle = "unknown-handle", Error,
        "接続元のノードにない出力から接続が出ています",
        "An edge leaves through an output its source node does not have";
    /// The same connection is drawn twice.
    DuplicateEdge = "duplicate-edge", Error,
        "同じ接続が重複しています",
        "The same connection is drawn twice";
    /// One output leads to two different nodes.
    OutputConnectedTwice = "output-connected-twice", Error,
        "1つの出力が複数のノードにつながっています。リードは同時に2か所にいられません",
        "One output leads to two nodes; a lead cannot be in two places at once";
    /// A node cannot be reached from the trigger.
    UnreachableNode = "unreachable-node", Warning,
        "トリガーからたどり着けないノードがあります",
        "A node cannot be reached from the trigger";
    /// An output has no edge; leads leaving through it end the scenario there.
    UnconnectedOutput = "unconnected-output", Warning,
        "どこにもつながっていない出力があります（そこに来たリードはその場で終了します）",
        "An output is not connected (leads leaving through it end the scenario there)";
    /// A cycle contains no wait, so a lead would loop forever at once.
    LoopWithoutWait = "loop-without-wait", Error,
        "待機を含まないループがあります（無限ループ）",
        "A loop contains no wait (an infinite loop)";
    /// A trigger's parameters are incomplete.
    TriggerIncomplete = "trigger-incomplete", Warning,
        "トリガー条件が十分に定義されていません",
        "The trigger's parameters are incomplete";
    /// A split's percentages do not add up to 100.
    SplitPercentSum = "split-percent-sum", Error,
        "A/Bテストの割合の合計が100%ではありません",
        "A split's percentages do not add up to 100";
    /// A split has fewer than two branches, or a branch with a bad id or share.
    SplitBranches = "split-branches", Error,
        "A/Bテストの分岐が2つ未満か、分岐の ID・割合が不正です",
        "A split has fewer than two branches, or a branch with a bad id or share";
    /// A wait or timeout of zero length.
    WaitZero = "wait-zero", Warning,
        "待機時間が0です",
        "A wait or timeout has zero length";
    /// A wait-until has no timeout, so leads who never act wait forever.
    WaitUntilNoTimeout = "wait-until-no-timeout", Error,
        "イベント待機にタイムアウトがありません（行動しないリードが永久に待ち続けます）",
        "A wait-until has no timeout (leads who never act wait forever)";
    /// An email has no subject.
    EmailNoSubject = "email-no-subject", Error,
        "メールに件名がありません",
        "An email has no subject";
    /// An email does not name its sender, as the 特定電子メール法 requires.
    EmailNoSender = "email-no-sender", Error,
        "メールに送信者名がありません（特定電子メール法の表示義務）",
        "An email does not name its sender (required by Japan's Act on Specified Electronic Mail)";
    /// An email has no opt-out link, as the 特定電子メール法 requires.
    EmailNoOptOut = "email-no-opt-out", Error,
        "メールに配信停止リンクがありません（特定電子メール法の表示義務）",
        "An email has no opt-out link (required by Japan's Act on Specified Electronic Mail)";
    /// An email does not give the sender's postal address, as the 特定電子メール法 requires.
    EmailNoSenderAddress = "email-no-sender-address", Warning,
        "メールに送信者の住所がありません（特定電子メール法の表示義務）",
        "An email does not give the sender's postal address (required by Japan's Act on Specified Electronic Mail)";
    /// A link, opt-out link or address is not a usable URL or mail address.
    InvalidUrl = "invalid-url", Error,
        "リンク・配信停止先・メールアドレスの形式が正しくありません",
        "A link, opt-out target or mail address is malformed";
    /// Two mails can go out closer together than the minimum send interval.
    SendIntervalTooShort = "send-interval-too-short", Warning,
        "最小配信間隔より短い間隔で2通のメールが送られる経路があります",
        "Two mails can go out closer together than the minimum send interval";
    /// A switch or suppression names a scenario that is not known.
    UnknownScenario = "unknown-scenario", Error,
        "存在しないシナリオへの切替・参照があります",
        "A switch or suppression refers to an unknown scenario";
    /// A switch targets its own scenario.
    SwitchToSelf = "switch-to-self", Error,
        "自分自身のシナリオへ切り替えています",
        "A switch targets its own scenario";
    /// A sales hand-off is not gated by a score threshold.
    HandoffWithoutThreshold = "handoff-without-threshold", Warning,
        "営業への引き渡しにスコアの閾値がありません",
        "A sales hand-off is not gated by a score threshold";
    /// A hand-off's own threshold is above the score the condition before it lets through.
    HandoffThresholdAboveCondition = "handoff-threshold-above-condition", Warning,
        "営業引き渡しの閾値が、手前のスコア条件より高くなっています",
        "A hand-off's threshold is above the score condition before it";
    /// A hand-off's own threshold is below the score the condition before it lets through.
    HandoffThresholdRedundant = "handoff-threshold-redundant", Warning,
        "営業引き渡しの閾値が手前のスコア条件より低く、働いていません",
        "A hand-off's threshold is below the score condition before it and stops no lead";
    /// A hand-off hands off at another score than the workspace's MQL threshold.
    HandoffThresholdNotMql = "handoff-threshold-not-mql", Warning,
        "営業引き渡しのスコアがワークスペースの MQL 閾値と異なります",
        "A hand-off's score differs from the workspace's MQL threshold";
    /// A comparison asks for a value no lead of the workspace has.
    ConditionMatchesNoLead = "condition-matches-no-lead", Warning,
        "条件の値を持つリードがワークスペースにいません",
        "A condition asks for a value no lead of the workspace has";
    /// An action lacks a parameter it needs.
    ActionIncomplete = "action-incomplete", Warning,
        "アクションの設定が不足しています",
        "An action lacks a parameter it needs";
    /// A score adjustment gives or takes more points than a score can hold in a few steps.
    ScoreOutOfRange = "score-out-of-range", Error,
        "スコアの加減算が大きすぎます（±10,000 点以内）",
        "A score adjustment gives or takes more than 10,000 points";
    /// An all/any group in a condition has no members.
    ExprEmptyGroup = "expr-empty-group", Error,
        "条件の「すべて／いずれか」グループが空です",
        "An all/any group in a condition is empty";
    /// A comparison has the wrong number of values, or a window or status set that cannot match.
    ExprInvalidValues = "expr-invalid-values", Error,
        "条件の値の数や期間・ステータスの指定が正しくありません",
        "A comparison has the wrong number of values, or a window or status set that cannot match";
    /// A condition or wait refers to an email node that does not exist in this scenario.
    UnknownEmailRef = "unknown-email-ref", Error,
        "条件や待機が、このシナリオにないメールを参照しています",
        "A condition or wait refers to an email that is not in this scenario";
    /// A text of the scenario holds a control character (NUL and the like).
    ControlCharacter = "control-character", Error,
        "シナリオの文字列に制御文字（NUL など）が含まれています",
        "A text of the scenario holds a control character (NUL or the like)";
    /// A duration, count or canvas position is beyond what a scenario can mean.
    ValueOutOfRange = "value-out-of-range", Error,
        "期間・回数・キャンバス上の位置が、シナリオで意味を持つ範囲を超えています",
        "A duration, count or canvas position is beyond what a scenario can mean";
    /// The scenario has no name.
    NameMissing = "name-missing", Warning,
        "シナリオ名がありません",
        "The scenario has no name";
    /// The scenario has no target segment.
    SegmentMissing = "segment-missing", Warning,
        "ターゲットセグメントが設定されていません",
        "The scenario has no target segment";
    /// KPI targets the scenario needs are not set.
    KpiMissing = "kpi-missing", Warning,
        "必要な KPI 目標が設定されていません",
        "KPI targets the scenario needs are not set";
    /// A KPI range is not within 0–100 % or its minimum exceeds its maximum.
    KpiInvalidRange = "kpi-invalid-range", Error,
        "KPI 目標の範囲が正しくありません（0〜100%、下限 ≤ 上限）",
        "A KPI range is not within 0–100 % or its minimum exceeds its maximum";
    /// The send window has no day or no time.
    SendWindowInvalid = "send-window-invalid", Error,
        "配信時間帯に曜日または時間がありません",
        "The send window has no day or no time";
    /// The frequency cap allows no mail at all or has a zero-day period.
    FrequencyCapInvalid = "frequency-cap-invalid", Error,
        "配信頻度上限の設定が正しくありません",
        "The frequency cap allows no mail or has a zero-day period";
    /// The scenario has more nodes or branches than a scenario that works usually has.
    TooComplex = "too-complex", Warning,
        "シナリオが複雑すぎます（複雑なシナリオは成果が出にくい傾向があります）",
        "The scenario is over-complex (complex scenarios tend to underperform)";
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl schemars::JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({
            "description": "A kind of problem the validator reports (docs/diagnostics.md).",
            "type": "string",
            "enum": names,
        })
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The table of codes as Markdown, as in `docs/diagnostics.md`.
pub fn markdown_table() -> String {
    let mut out = String::from("| code | severity | 意味 | meaning |\n|---|---|---|---|\n");
    for code in Code::ALL {
        let summary = code.summary();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            code.as_str(),
            code.severity().label().en,
            summary.ja,
            summary.en
        ));
    }
    out
}
