//! One-line summaries of nodes and conditions for people ("3日待機", "スコア ≥ 100"), in Japanese
//! and English: what the canvas shows under a node's title, so the UI never re-derives it.

use super::ScenarioFile;
use super::expr::{Attribute, DealStatus, Engagement, EventFilter, Expr, TextOp};
use super::ids::NodeId;
use super::node::{Attendance, AudienceChannel, NodeKind, SplitBranch, TriggerEvent};
use crate::localized::Localized;

fn l(ja: impl Into<String>, en: impl Into<String>) -> Localized {
    Localized::new(ja, en)
}

/// What a summary may name things by: the scenario's own file (its mails by their titles) and
/// the workspace's scenarios (a switch's target by its name). Without them, by their ids.
#[derive(Debug, Clone, Copy, Default)]
pub struct Names<'a> {
    /// The scenario the summarised node is in.
    pub file: Option<&'a ScenarioFile>,
    /// The workspace's scenarios' names, by id.
    pub scenarios: Option<&'a std::collections::BTreeMap<String, String>>,
}

/// A mail a condition or a wait refers to: by its title in the file (its subject where it has no
/// title), as the canvas shows it; by its id only without the file or where no node has it.
fn mail(names: Names<'_>, id: &NodeId) -> Localized {
    let node = names.file.and_then(|f| f.node(id));
    let shown = node.map(|n| match &n.kind {
        NodeKind::SendEmail { email } if n.title.is_empty() => email.subject.clone(),
        _ => n.title.clone(),
    });
    match shown.filter(|t| !t.trim().is_empty()) {
        Some(t) => l(format!("メール「{t}」"), format!("mail \"{t}\"")),
        None => l(format!("メール {id}"), format!("email {id}")),
    }
}

/// A field a sync sends: the score, or a lead attribute by its name; another (a field of the
/// SFA's own) as written.
fn synced_field(field: &str) -> Localized {
    if field == "score" {
        return l("スコア", "score");
    }
    match serde_json::from_value::<Attribute>(serde_json::Value::String(field.to_owned())) {
        Ok(attribute) if !matches!(attribute, Attribute::Custom(_)) => attribute.label(),
        _ => l(field, field),
    }
}

fn statuses(list: &[DealStatus]) -> Localized {
    Localized::join(
        &list.iter().map(|s| s.label()).collect::<Vec<_>>(),
        "・",
        "/",
    )
}

impl SplitBranch {
    /// The branch as an edge caption: its label (or id) and its share, "件名A 50%".
    pub fn caption(&self) -> String {
        let name = if self.label.is_empty() {
            self.id.as_str()
        } else {
            &self.label
        };
        format!("{name} {}%", self.percent)
    }
}

impl Attribute {
    /// The attribute's name for people.
    pub fn label(&self) -> Localized {
        match self {
            Attribute::Company => l("会社名", "company"),
            Attribute::Department => l("部署", "department"),
            Attribute::Title => l("役職", "title"),
            Attribute::JobLevel => l("役職区分", "job level"),
            Attribute::EmployeeBand => l("従業員数", "company size"),
            Attribute::Industry => l("業種", "industry"),
            Attribute::Prefecture => l("都道府県", "prefecture"),
            Attribute::LeadStatus => l("リードステータス", "lead status"),
            Attribute::LeadSource => l("リードソース", "lead source"),
            Attribute::EmailDomain => l("メールドメイン", "email domain"),
            Attribute::Custom(name) => l(name.as_str(), name.as_str()),
        }
    }
}

impl EventFilter {
    /// What the filter matches, for people.
    pub fn summary(&self) -> Localized {
        self.summary_in(Names::default())
    }

    /// `summary`, naming what it refers to as `names` allows.
    pub fn summary_in(&self, names: Names<'_>) -> Localized {
        let named = |ja: &str, en: &str, name: &Option<String>| match name {
            Some(n) => l(format!("{ja}「{n}」"), format!("{en} \"{n}\"")),
            None => l(ja, en),
        };
        match self {
            EventFilter::FormSubmitted { form } => named("フォーム送信", "form submitted", form),
            EventFilter::DocumentDownloaded { document } => {
                named("資料ダウンロード", "document downloaded", document)
            }
            EventFilter::WebinarRegistered { webinar } => {
                named("ウェビナー申込", "webinar registration", webinar)
            }
            EventFilter::WebinarAttended { webinar } => {
                named("ウェビナー参加", "webinar attended", webinar)
            }
            EventFilter::PageViewed { url_pattern } => {
                named("ページ閲覧", "page view", url_pattern)
            }
            EventFilter::EmailOpened { email } => match email {
                Some(e) => {
                    let m = mail(names, e);
                    l(format!("{}の開封", m.ja), format!("{} opened", m.en))
                }
                None => l("メール開封", "email opened"),
            },
            EventFilter::EmailClicked { email } => match email {
                Some(e) => {
                    let m = mail(names, e);
                    l(format!("{}のクリック", m.ja), format!("{} clicked", m.en))
                }
                None => l("メールのクリック", "email clicked"),
            },
            EventFilter::Unsubscribed => l("配信停止", "unsubscribed"),
            EventFilter::ScoreReached { threshold } => l(
                format!("スコア {threshold} 到達"),
                format!("score reaches {threshold}"),
            ),
            EventFilter::DealStatusChanged { to } => {
                let s = statuses(to);
                l(
                    format!("商談ステータス → {}", s.ja),
                    format!("deal status → {}", s.en),
                )
            }
        }
    }
}

impl Expr {
    /// The condition in one line, for people (nested groups are counted, not spelled out).
    pub fn summary(&self) -> Localized {
        self.summary_in(Names::default())
    }

    /// `summary`, naming what it refers to as `names` allows.
    pub fn summary_in(&self, names: Names<'_>) -> Localized {
        match self {
            Expr::All { of } if of.len() == 1 => of[0].summary_in(names),
            Expr::Any { of } if of.len() == 1 => of[0].summary_in(names),
            Expr::All { of } => {
                let parts: Vec<Localized> = of.iter().map(|e| e.summary_in(names)).collect();
                Localized::join(&parts, " かつ ", " and ")
            }
            Expr::Any { of } => {
                let parts: Vec<Localized> = of.iter().map(|e| e.summary_in(names)).collect();
                Localized::join(&parts, " または ", " or ")
            }
            Expr::Not { expr } => {
                let inner = expr.summary_in(names);
                l(
                    format!("「{}」でない", inner.ja),
                    format!("not ({})", inner.en),
                )
            }
            Expr::Attribute {
                attribute,
                op,
                values,
            } => {
                let name = attribute.label();
                let shown: Vec<Localized> =
                    values.iter().map(|v| attribute.value_label(v)).collect();
                let list = (shown.iter().map(|v| v.ja.as_str()))
                    .collect::<Vec<_>>()
                    .join("・");
                let list_en = (shown.iter().map(|v| v.en.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ");
                match op {
                    TextOp::Equals => l(
                        format!("{} = {list}", name.ja),
                        format!("{} = {list_en}", name.en),
                    ),
                    TextOp::NotEquals => l(
                        format!("{} ≠ {list}", name.ja),
                        format!("{} ≠ {list_en}", name.en),
                    ),
                    TextOp::OneOf => l(
                        format!("{} が {list} のいずれか", name.ja),
                        format!("{} is one of {list_en}", name.en),
                    ),
                    TextOp::NotOneOf => l(
                        format!("{} が {list} 以外", name.ja),
                        format!("{} is none of {list_en}", name.en),
                    ),
                    TextOp::Contains => l(
                        format!("{} に「{list}」を含む", name.ja),
                        format!("{} contains \"{list_en}\"", name.en),
                    ),
                    TextOp::StartsWith => l(
                        format!("{} が「{list}」で始まる", name.ja),
                        format!("{} starts with \"{list_en}\"", name.en),
                    ),
                    TextOp::IsEmpty => {
                        l(format!("{} が空", name.ja), format!("{} is empty", name.en))
                    }
                    TextOp::IsNotEmpty => {
                        l(format!("{} あり", name.ja), format!("{} is set", name.en))
                    }
                }
            }
            Expr::Behaviour {
                event,
                op,
                count,
                within_days,
            } => {
                let e = event.summary_in(names);
                let sign = op.symbol();
                l(
                    format!("{within_days}日以内の{} {sign} {count}回", e.ja),
                    format!("{} {sign} {count} in {within_days} days", e.en),
                )
            }
            Expr::Score { op, value } => {
                let sign = op.symbol();
                l(
                    format!("スコア {sign} {value}"),
                    format!("score {sign} {value}"),
                )
            }
            Expr::DealStatus { any_of } => {
                let s = statuses(any_of);
                l(
                    format!("商談ステータスが {}", s.ja),
                    format!("deal status is {}", s.en),
                )
            }
            Expr::EmailEngagement {
                engagement,
                email,
                within_days,
            } => {
                let what = match engagement {
                    Engagement::Opened => l("開封あり", "opened"),
                    Engagement::Clicked => l("クリックあり", "clicked"),
                    Engagement::NotOpened => l("未開封", "not opened"),
                    Engagement::NotClicked => l("クリックなし", "not clicked"),
                };
                let (mail_ja, mail_en) = match email {
                    Some(e) => {
                        let m = mail(names, e);
                        (m.ja, m.en)
                    }
                    None => ("メール".to_owned(), "email".to_owned()),
                };
                let (days_ja, days_en) = match within_days {
                    Some(d) => (format!("（{d}日以内）"), format!(" within {d} days")),
                    None => (String::new(), String::new()),
                };
                l(
                    format!("{mail_ja}の{}{days_ja}", what.ja),
                    format!("{mail_en} {}{days_en}", what.en),
                )
            }
        }
    }
}

impl TriggerEvent {
    /// What enrols, for people.
    pub fn summary(&self) -> Localized {
        let named = |ja: &str, en: &str, name: &Option<String>| match name {
            Some(n) => l(format!("{ja}「{n}」"), format!("{en} \"{n}\"")),
            None => l(format!("{ja}（すべて）"), format!("{en} (any)")),
        };
        match self {
            TriggerEvent::LeadCreated => l("リード獲得", "lead created"),
            TriggerEvent::FormSubmitted { form } => named("フォーム送信", "form submitted", form),
            TriggerEvent::DocumentDownloaded { document } => {
                named("資料ダウンロード", "document downloaded", document)
            }
            TriggerEvent::WebinarEnded {
                webinar,
                attendance,
            } => {
                let who = match attendance {
                    Attendance::Attended => l("参加者", "attendees"),
                    Attendance::Absent => l("欠席者", "no-shows"),
                    Attendance::Any => l("申込者", "registrants"),
                };
                let w = named("ウェビナー終了", "webinar ended", webinar);
                l(
                    format!("{}・{}", w.ja, who.ja),
                    format!("{}, {}", w.en, who.en),
                )
            }
            TriggerEvent::PageViewed {
                url_pattern,
                min_count,
                within_days,
            } => l(
                format!("{url_pattern} を{within_days}日で{min_count}回閲覧"),
                format!("{url_pattern} viewed {min_count}× in {within_days} days"),
            ),
            TriggerEvent::ScoreReached { threshold } => l(
                format!("スコア ≥ {threshold}"),
                format!("score ≥ {threshold}"),
            ),
            TriggerEvent::Inactive { days } => l(
                format!("{days}日間反応なし"),
                format!("no activity for {days} days"),
            ),
            TriggerEvent::DealStatusChanged { to, .. } => {
                let s = statuses(to);
                l(
                    format!("商談ステータス → {}", s.ja),
                    format!("deal status → {}", s.en),
                )
            }
            TriggerEvent::AttributeChanged { attribute, to } => {
                let a = attribute.label();
                match to {
                    Some(v) => l(format!("{} → {v}", a.ja), format!("{} → {v}", a.en)),
                    None => l(format!("{} の変更", a.ja), format!("{} changed", a.en)),
                }
            }
        }
    }
}

impl NodeKind {
    /// What the node does with its settings, in one line ("3日待機", "スコア ≥ 100").
    pub fn summary(&self) -> Localized {
        self.summary_in(Names::default())
    }

    /// `summary`, naming what it refers to as `names` allows.
    pub fn summary_in(&self, names: Names<'_>) -> Localized {
        match self {
            NodeKind::Trigger { event } => event.summary(),
            NodeKind::Condition { condition } => condition.summary_in(names),
            NodeKind::Split { branches } => {
                let parts: Vec<String> = branches
                    .iter()
                    .map(|b| {
                        let name = if b.label.is_empty() {
                            b.id.as_str()
                        } else {
                            &b.label
                        };
                        format!("{name} {}%", b.percent)
                    })
                    .collect();
                l(parts.join(" / "), parts.join(" / "))
            }
            NodeKind::Wait { delay } => {
                let d = delay.describe();
                l(format!("{}待機", d.ja), format!("wait {}", d.en))
            }
            NodeKind::WaitUntil { event, timeout } => {
                let e = event.summary_in(names);
                match timeout {
                    Some(t) => {
                        let d = t.describe();
                        l(
                            format!("{}を待つ（最長 {}）", e.ja, d.ja),
                            format!("until {} (at most {})", e.en, d.en),
                        )
                    }
                    None => l(format!("{}を待つ", e.ja), format!("until {}", e.en)),
                }
            }
            NodeKind::SendEmail { email } => l(email.subject.as_str(), email.subject.as_str()),
            NodeKind::AdjustScore { delta, .. } => {
                l(format!("スコア {delta:+}"), format!("score {delta:+}"))
            }
            NodeKind::NotifySales {
                score_threshold,
                assignee,
                ..
            } => {
                let to = if assignee.is_empty() {
                    l("営業", "sales")
                } else {
                    l(assignee.as_str(), assignee.as_str())
                };
                match score_threshold {
                    Some(t) => l(
                        format!("スコア ≥ {t} で{}へ", to.ja),
                        format!("to {} at score ≥ {t}", to.en),
                    ),
                    None => l(format!("{}へ通知", to.ja), format!("notify {}", to.en)),
                }
            }
            NodeKind::UpdateField { field, value } => {
                let f = field.label();
                l(format!("{} = {value}", f.ja), format!("{} = {value}", f.en))
            }
            NodeKind::SyncSfa { fields } => {
                if fields.is_empty() {
                    l("既定の項目を同期", "sync the mapped fields")
                } else {
                    let list = Localized::join(
                        &fields.iter().map(|f| synced_field(f)).collect::<Vec<_>>(),
                        "・",
                        ", ",
                    );
                    l(format!("{}を同期", list.ja), format!("sync {}", list.en))
                }
            }
            NodeKind::SwitchScenario { scenario } => {
                match names
                    .scenarios
                    .and_then(|n| n.get(scenario.as_str()))
                    .filter(|n| !n.is_empty())
                {
                    Some(name) => l(format!("→「{name}」"), format!("→ \"{name}\"")),
                    None => l(format!("→ {scenario}"), format!("→ {scenario}")),
                }
            }
            NodeKind::AddToAudience { channel, audience } => {
                let c = match channel {
                    AudienceChannel::Web => l("Web", "web"),
                    AudienceChannel::Ad => l("広告", "ads"),
                };
                l(
                    format!("{}: {audience}", c.ja),
                    format!("{}: {audience}", c.en),
                )
            }
            NodeKind::End { outcome } => l(outcome.as_str(), outcome.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::node::Delay;

    /// What a node refers to is named as a marketer knows it: a sync's fields by their names, a
    /// switch's target by the scenario's name, a wait's mail by its title — by ids only where
    /// nothing names them.
    #[test]
    fn references_are_named_not_given_by_id() {
        let sync = NodeKind::SyncSfa {
            fields: vec!["lead_status".into(), "score".into(), "Rank__c".into()],
        };
        assert_eq!(
            sync.summary(),
            l(
                "リードステータス・スコア・Rank__cを同期",
                "sync lead status, score, Rank__c"
            )
        );
        let switch = NodeKind::SwitchScenario {
            scenario: "nurture".into(),
        };
        let names = [("nurture".to_owned(), "長期ナーチャリング".to_owned())].into();
        let known = Names {
            file: None,
            scenarios: Some(&names),
        };
        assert_eq!(
            switch.summary_in(known),
            l("→「長期ナーチャリング」", "→ \"長期ナーチャリング\"")
        );
        assert_eq!(switch.summary(), l("→ nurture", "→ nurture"));
        let file: ScenarioFile = crate::format::parse_scenario(
            r#"{"format":"scenario-studio/1","id":"s","name":"s","nodes":[
                {"id":"mail_intro","title":"ご挨拶","kind":{"type":"send_email","email":{"kind":"welcome","subject":"件名"}}},
                {"id":"w","kind":{"type":"wait_until","event":{"type":"email_opened","email":"mail_intro"}}}],"edges":[]}"#,
        )
        .unwrap();
        let named = Names {
            file: Some(&file),
            scenarios: None,
        };
        assert_eq!(
            file.nodes[1].kind.summary_in(named).ja,
            "メール「ご挨拶」の開封を待つ"
        );
        // Inside 「いずれか」 and 「すべて」 too (the welcome template's condition).
        let any: Expr = serde_json::from_str(
            r#"{"type":"any","of":[{"type":"email_engagement","engagement":"clicked","email":"mail_intro"},
                {"type":"email_engagement","engagement":"opened","email":"mail_intro"}]}"#,
        )
        .unwrap();
        let text = any.summary_in(named).ja;
        assert!(
            text.contains("「ご挨拶」") && !text.contains("mail_intro"),
            "{text}"
        );
    }

    #[test]
    fn summaries_read_as_the_canvas_shows_them() {
        let wait = NodeKind::Wait {
            delay: Delay::days(3),
        };
        assert_eq!(wait.summary(), l("3日待機", "wait 3 days"));
        let score = NodeKind::Condition {
            condition: Expr::Score {
                op: crate::model::expr::Cmp::Gte,
                value: 100,
            },
        };
        assert_eq!(score.summary(), l("スコア ≥ 100", "score ≥ 100"));
        let trigger = NodeKind::Trigger {
            event: TriggerEvent::Inactive { days: 90 },
        };
        assert_eq!(
            trigger.summary(),
            l("90日間反応なし", "no activity for 90 days")
        );
    }
}

/// The kinds of node, by their `type` name, in palette order.
pub const KIND_NAMES: [&str; 13] = [
    "trigger",
    "condition",
    "split",
    "wait",
    "wait_until",
    "send_email",
    "adjust_score",
    "notify_sales",
    "update_field",
    "sync_sfa",
    "switch_scenario",
    "add_to_audience",
    "end",
];

impl NodeKind {
    /// A new node of the kind named `type` (see `KIND_NAMES`) with sensible first settings: what
    /// the palette drops on the canvas. `None` for a name that is not a kind.
    pub fn new_of(kind: &str) -> Option<NodeKind> {
        use super::expr::Cmp;
        use super::node::{Delay, Email, EmailKind, SplitBranch};
        Some(match kind {
            "trigger" => NodeKind::Trigger {
                event: TriggerEvent::LeadCreated,
            },
            "condition" => NodeKind::Condition {
                condition: Expr::Score {
                    op: Cmp::Gte,
                    value: 100,
                },
            },
            "split" => NodeKind::Split {
                branches: vec![
                    SplitBranch {
                        id: "a".into(),
                        label: "A".into(),
                        percent: 50.0,
                    },
                    SplitBranch {
                        id: "b".into(),
                        label: "B".into(),
                        percent: 50.0,
                    },
                ],
            },
            "wait" => NodeKind::Wait {
                delay: Delay::days(3),
            },
            "wait_until" => NodeKind::WaitUntil {
                event: EventFilter::EmailClicked { email: None },
                timeout: Some(Delay::days(7)),
            },
            "send_email" => NodeKind::SendEmail {
                email: Email {
                    kind: EmailKind::Nurture,
                    subject: String::new(),
                    summary: String::new(),
                    links: Vec::new(),
                    sender_name: String::new(),
                    sender_email: String::new(),
                    sender_address: String::new(),
                    opt_out_url: String::new(),
                },
            },
            "adjust_score" => NodeKind::AdjustScore {
                delta: 10,
                reason: String::new(),
            },
            "notify_sales" => NodeKind::NotifySales {
                score_threshold: Some(100),
                assignee: String::new(),
                message: String::new(),
            },
            "update_field" => NodeKind::UpdateField {
                field: Attribute::LeadStatus,
                value: "MQL".into(),
            },
            "sync_sfa" => NodeKind::SyncSfa { fields: Vec::new() },
            "switch_scenario" => NodeKind::SwitchScenario {
                scenario: "".into(),
            },
            "add_to_audience" => NodeKind::AddToAudience {
                channel: AudienceChannel::Web,
                audience: String::new(),
            },
            "end" => NodeKind::End {
                outcome: String::new(),
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod palette_tests {
    use super::*;

    #[test]
    fn every_kind_name_makes_a_node_of_that_kind() {
        for name in KIND_NAMES {
            let kind = NodeKind::new_of(name).expect(name);
            assert_eq!(kind.type_name(), name);
        }
        assert!(NodeKind::new_of("nope").is_none());
    }
}
