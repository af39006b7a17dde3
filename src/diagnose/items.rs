//! The fifteen checklist items of the article (セルフチェックリスト), their groups, and how each
//! is answered from the workspace.

use serde::Serialize;

use super::{Answer, EvidenceLink, Facts, ItemResult, ScenarioFacts, Source};
use crate::Localized;
use crate::model::expr::Expr;
use crate::model::node::{NodeKind, TriggerEvent};
use crate::validate::Code;

/// The article's five groups, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// 目標とターゲット.
    Goals,
    /// シナリオ実装.
    Implementation,
    /// SFA/CRM連携.
    Sfa,
    /// 運用体制.
    Operations,
    /// 改善.
    Improvement,
}

impl Group {
    /// Every group, in the article's order.
    pub const ALL: [Group; 5] = [
        Group::Goals,
        Group::Implementation,
        Group::Sfa,
        Group::Operations,
        Group::Improvement,
    ];

    /// Its name.
    pub fn name(self) -> Localized {
        match self {
            Group::Goals => Localized::new("目標とターゲット", "Goals and targets"),
            Group::Implementation => Localized::new("シナリオ実装", "Scenario implementation"),
            Group::Sfa => Localized::new("SFA/CRM連携", "SFA/CRM integration"),
            Group::Operations => Localized::new("運用体制", "Operating structure"),
            Group::Improvement => Localized::new("改善", "Improvement"),
        }
    }

    /// The article's advice for a team whose weakest group this is.
    pub fn advice(self) -> Localized {
        match self {
            Group::Goals => Localized::new(
                "設計の5ステップの「誰に」と「検証」から始めましょう。各シナリオのセグメント条件を書き出し、開封率20〜30%・クリック率2〜5%を相場感として KPI 目標を置きます（業種やターゲットで変わるため、自社の実績で見直してください）。",
                "Start with the \"who\" and \"verify\" steps of the five-step design: write down each scenario's segment and set KPI targets, taking 20–30 % opens and 2–5 % clicks as a rough benchmark (it varies by industry and audience; adjust to your own results).",
            ),
            Group::Implementation => Localized::new(
                "まずはシンプルな基本シナリオ（ウェルカム・資料DL後フォロー・休眠掘り起こし）から運用を始め、データを見ながら改善しましょう。複雑にしすぎたシナリオは成果が出づらい傾向があります。",
                "Start running the simple basic scenarios first (welcome, post-download follow-up, dormant re-engagement) and improve them as data comes in; over-complex scenarios tend to perform worse.",
            ),
            Group::Sfa => Localized::new(
                "MA 単体ではなく SFA/CRM との連携を前提に設計しましょう。リードID・商談ステータス・スコアをキー項目として連携し、スコア到達で営業に自動通知、商談ステータスの変化でシナリオを切り替える仕組みが成果を左右します。",
                "Design for the SFA/CRM from the start, not for the MA alone: connect the lead ID, deal status and score as key fields, alert sales automatically when the score is reached, and switch scenarios when the deal status changes.",
            ),
            Group::Operations => Localized::new(
                "シナリオ運用の専任担当者を置き、週次または月次で成果を確認する体制をつくりましょう。社内だけで難しい場合は、実装・運用まで伴走できる外部の専門家と組むのも有効です。",
                "Assign a dedicated owner for scenario operations and review results weekly or monthly. If that is hard to staff in-house, working with outside specialists who support implementation and operation is a valid option.",
            ),
            Group::Improvement => Localized::new(
                "A/Bテストなどの改善施策を回し、その結果をドキュメントに残しましょう。改善サイクルを自社で回せると、ナレッジが社内に蓄積されます。",
                "Run improvements such as A/B tests and document what they showed; running the improvement cycle yourselves keeps the knowledge in the company.",
            ),
        }
    }
}

/// One checklist item.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    /// Its id.
    pub id: &'static str,
    /// Its group.
    pub group: Group,
    /// The article's wording.
    pub ja: &'static str,
    /// Its English translation.
    pub en: &'static str,
    /// Only a person can answer it (the workspace may still hint at it).
    pub manual: bool,
}

const fn item(id: &'static str, group: Group, ja: &'static str, en: &'static str) -> Item {
    Item {
        id,
        group,
        ja,
        en,
        manual: false,
    }
}

/// The fifteen items, in the article's order.
pub const ITEMS: [Item; 15] = [
    item(
        "kpi_targets",
        Group::Goals,
        "シナリオ設計の目標KPI(開封率、クリック率、商談化率等)を設定している",
        "KPI targets (open rate, click rate, deal rate, …) are set for scenario design",
    ),
    item(
        "segments",
        Group::Goals,
        "ターゲットセグメントの条件が明文化されている",
        "The target segment's conditions are written down",
    ),
    item(
        "welcome",
        Group::Implementation,
        "ウェルカムシナリオを実装している",
        "A welcome scenario is in place",
    ),
    item(
        "download_follow_up",
        Group::Implementation,
        "資料DL後のフォローシナリオを実装している",
        "A follow-up scenario after document downloads is in place",
    ),
    item(
        "dormant",
        Group::Implementation,
        "休眠リード掘り起こしシナリオを実装している",
        "A scenario re-engaging dormant leads is in place",
    ),
    item(
        "triggers_defined",
        Group::Implementation,
        "各シナリオのトリガー条件が明確に定義されている",
        "Each scenario's trigger conditions are clearly defined",
    ),
    item(
        "send_intervals",
        Group::Implementation,
        "メールの配信間隔が設計されている",
        "The intervals between mails are designed",
    ),
    item(
        "sfa_connected",
        Group::Sfa,
        "MAとSFA/CRMがデータ連携している",
        "The MA and the SFA/CRM exchange data",
    ),
    item(
        "score_in_sfa",
        Group::Sfa,
        "リードスコアをSFA側で確認できる",
        "Lead scores can be seen in the SFA",
    ),
    item(
        "handoff_timing",
        Group::Sfa,
        "営業への引き渡しタイミングが設計されている",
        "When leads are handed to sales is designed",
    ),
    item(
        "deal_status_feedback",
        Group::Sfa,
        "商談ステータスの変化がMAに反映される仕組みがある",
        "Changes in deal status flow back into the MA",
    ),
    Item {
        manual: true,
        ..item(
            "dedicated_owner",
            Group::Operations,
            "シナリオ運用の専任担当者がアサインされている",
            "A dedicated owner is assigned to run the scenarios",
        )
    },
    Item {
        manual: true,
        ..item(
            "regular_review",
            Group::Operations,
            "週次または月次でシナリオの成果を確認している",
            "Scenario results are reviewed weekly or monthly",
        )
    },
    item(
        "ab_testing",
        Group::Improvement,
        "A/Bテスト等の改善施策を実施している",
        "Improvements such as A/B tests are carried out",
    ),
    item(
        "documented_changes",
        Group::Improvement,
        "シナリオの改善結果をドキュメント化している",
        "The results of scenario improvements are documented",
    ),
];

/// What an item's evaluation found: the answer, the evidence and the fix (kept even for a "yes",
/// in case a hand-given answer says otherwise).
struct Verdict {
    answer: Answer,
    evidence: Vec<Localized>,
    fix: Localized,
    /// The scenarios and nodes the evidence names, for an app to open.
    links: Vec<EvidenceLink>,
}

fn verdict(answer: Answer, evidence: Vec<Localized>, fix: Localized) -> Verdict {
    Verdict {
        answer,
        evidence,
        fix,
        links: Vec::new(),
    }
}

impl Verdict {
    fn linking(mut self, links: Vec<EvidenceLink>) -> Verdict {
        self.links = links;
        self
    }
}

/// Links to scenarios, in the order given.
fn scenario_links(of: &[&ScenarioFacts]) -> Vec<EvidenceLink> {
    of.iter()
        .map(|s| EvidenceLink {
            scenario: s.file.id.to_string(),
            node: None,
            label: named(s),
        })
        .collect()
}

/// Links to nodes given as (scenario id, node id), each labelled as a marketer knows it: the
/// scenario's name and the node's title.
fn node_links(facts: &Facts, of: &[(String, String)]) -> Vec<EvidenceLink> {
    of.iter()
        .map(|(scenario, node)| {
            let label = (facts.place(scenario, Some(node))).unwrap_or_else(|| {
                Localized::new(
                    format!("{scenario} / {node}"),
                    format!("{scenario} / {node}"),
                )
            });
            EvidenceLink {
                scenario: scenario.clone(),
                node: Some(node.clone()),
                label,
            }
        })
        .collect()
}

/// A scenario named for evidence: 「名前」.
fn named(s: &ScenarioFacts) -> Localized {
    s.file.describe()
}

fn list(of: &[&ScenarioFacts]) -> Localized {
    let ja: Vec<String> = of.iter().map(|s| named(s).ja).collect();
    let en: Vec<String> = of.iter().map(|s| named(s).en).collect();
    Localized::new(ja.join("、"), en.join(", "))
}

/// Yes when every active scenario has `has`, partial when some do, no when none do (or none is
/// active), with the scenarios on each side as evidence.
fn every_active(
    facts: &Facts,
    has: impl Fn(&ScenarioFacts) -> bool,
    what: (&str, &str),
    fix: Localized,
) -> Verdict {
    let active: Vec<&ScenarioFacts> = facts.active().collect();
    if active.is_empty() {
        return verdict(
            Answer::No,
            vec![Localized::new(
                "稼働中のシナリオがありません",
                "No scenario is active",
            )],
            fix,
        );
    }
    let (with, without): (Vec<&ScenarioFacts>, Vec<&ScenarioFacts>) =
        active.into_iter().partition(|s| has(s));
    let mut evidence = Vec::new();
    if !with.is_empty() {
        let l = list(&with);
        evidence.push(Localized::new(
            format!("{}あり: {}", what.0, l.ja),
            format!("With {}: {}", what.1, l.en),
        ));
    }
    if !without.is_empty() {
        let l = list(&without);
        evidence.push(Localized::new(
            format!("{}なし: {}", what.0, l.ja),
            format!("Without {}: {}", what.1, l.en),
        ));
    }
    let answer = match (with.is_empty(), without.is_empty()) {
        (_, true) => Answer::Yes,
        (true, false) => Answer::No,
        (false, false) => Answer::Partial,
    };
    // The scenarios that need the fix first.
    let links = scenario_links(&[without.as_slice(), with.as_slice()].concat());
    let fix = if without.is_empty() {
        fix
    } else {
        let l = list(&without);
        Localized::new(
            format!("{} 対象: {}", fix.ja, l.ja),
            format!("{} In: {}", fix.en, l.en),
        )
    };
    verdict(answer, evidence, fix).linking(links)
}

/// Yes when an active scenario `has` it; partial when only a draft or paused one does; no
/// otherwise (`none` says what is missing).
fn in_place(
    facts: &Facts,
    has: impl Fn(&ScenarioFacts) -> bool,
    none: Localized,
    fix: Localized,
) -> Verdict {
    let all: Vec<&ScenarioFacts> = facts.scenarios.iter().filter(|s| has(s)).collect();
    let active: Vec<&ScenarioFacts> = all.iter().copied().filter(|s| s.is_active()).collect();
    if !active.is_empty() {
        let l = list(&active);
        return verdict(
            Answer::Yes,
            vec![Localized::new(
                format!("稼働中: {}", l.ja),
                format!("Active: {}", l.en),
            )],
            fix,
        )
        .linking(scenario_links(&active));
    }
    if !all.is_empty() {
        let l = list(&all);
        return verdict(
            Answer::Partial,
            vec![Localized::new(
                format!("下書きまたは停止中のみ: {}", l.ja),
                format!("Only drafts or paused: {}", l.en),
            )],
            Localized::new(
                format!("{} を稼働中にしてください。", l.ja),
                format!("Make {} active.", l.en),
            ),
        )
        .linking(scenario_links(&all));
    }
    verdict(Answer::No, vec![none], fix)
}

/// `in_place` for scenarios whose trigger `is` one kind.
fn scenario_with_trigger(
    facts: &Facts,
    is: impl Fn(&TriggerEvent) -> bool,
    fix: Localized,
) -> Verdict {
    let triggered = |s: &ScenarioFacts| {
        s.file.nodes.iter().any(|n| match &n.kind {
            NodeKind::Trigger { event } => is(event),
            _ => false,
        })
    };
    let none = Localized::new(
        "該当するトリガーのシナリオがありません",
        "No scenario has this trigger",
    );
    in_place(facts, triggered, none, fix)
}

fn has_code(s: &ScenarioFacts, code: Code) -> bool {
    s.diagnostics.iter().any(|d| d.code == code)
}

/// How many send-email nodes the scenario has.
pub(crate) fn mails(s: &ScenarioFacts) -> usize {
    (s.file.nodes.iter())
        .filter(|n| matches!(n.kind, NodeKind::SendEmail { .. }))
        .count()
}

/// Whether `expr` asks about deal status.
fn reads_deal_status(expr: &Expr) -> bool {
    match expr {
        Expr::All { of } | Expr::Any { of } => of.iter().any(reads_deal_status),
        Expr::Not { expr } => reads_deal_status(expr),
        Expr::DealStatus { .. } => true,
        _ => false,
    }
}

fn uses_deal_status(s: &ScenarioFacts) -> bool {
    let settings = &s.file.settings;
    let criteria = [&settings.segment, &settings.goal, &settings.exit_when];
    criteria
        .iter()
        .any(|c| c.as_ref().is_some_and(reads_deal_status))
        || s.file.nodes.iter().any(|n| match &n.kind {
            NodeKind::Trigger { event } => matches!(event, TriggerEvent::DealStatusChanged { .. }),
            NodeKind::Condition { condition } => reads_deal_status(condition),
            _ => false,
        })
}

/// `item` answered from `facts`; a hand-given answer takes precedence.
pub fn evaluate(item: &Item, facts: &Facts) -> ItemResult {
    let mut v = evaluate_workspace(item, facts);
    let mut source = Source::Workspace;
    if let Some(manual) = facts.manual.get(item.id)
        && let Some(answer) = Answer::parse(&manual.answer)
    {
        source = Source::SelfReported;
        let mut evidence = vec![if manual.note.is_empty() {
            Localized::new("自己申告による回答", "Answered by hand")
        } else {
            Localized::new(
                format!("自己申告による回答: {}", manual.note),
                format!("Answered by hand: {}", manual.note),
            )
        }];
        // What the workspace shows stays beside it, unless it showed nothing.
        if v.answer != Answer::Unknown {
            evidence.append(&mut v.evidence);
        }
        v = Verdict {
            answer,
            evidence,
            fix: v.fix,
            links: v.links,
        };
    }
    ItemResult {
        id: item.id,
        group: item.group,
        text: Localized::new(item.ja, item.en),
        answer: v.answer,
        source,
        evidence: v.evidence,
        fix: (v.answer != Answer::Yes).then_some(v.fix),
        links: v.links,
    }
}

fn fix_for_manual(item: &Item) -> Localized {
    match item.id {
        "dedicated_owner" => Localized::new(
            "シナリオ運用の専任担当者をアサインし、設定画面の「運用体制」に担当者を登録してください。",
            "Assign a dedicated owner for scenario operations and record them under Team on the settings screen.",
        ),
        "regular_review" => Localized::new(
            "週次または月次のレビューを決め、設定画面の「運用体制」で頻度と実施日を記録してください。",
            "Set a weekly or monthly review, and record its cadence and each review's date under Team on the settings screen.",
        ),
        _ => Localized::new(
            "ワークスペースの内容を見直してください。",
            "Review the workspace.",
        ),
    }
}

fn evaluate_workspace(item: &Item, facts: &Facts) -> Verdict {
    match item.id {
        "kpi_targets" => every_active(
            facts,
            |s| !s.file.settings.kpi.set().is_empty(),
            ("KPI目標", "KPI targets"),
            Localized::new(
                "シナリオ設定で KPI 目標（開封率 20〜30%、クリック率 2〜5%、引き渡し率・商談化率）を設定してください。",
                "Set KPI targets in the scenario settings (open rate 20–30 %, click rate 2–5 %, hand-off and deal rates).",
            ),
        ),
        "segments" => every_active(
            facts,
            |s| s.file.settings.segment.is_some(),
            ("セグメント条件", "a segment"),
            Localized::new(
                "シナリオ設定でターゲットセグメントの条件（業種・企業規模・役職・除外するドメインなど）を定義してください。",
                "Define the target segment in the scenario settings (industry, company size, title, excluded domains, …).",
            ),
        ),
        // DESIGN.md §3: a welcome starts at the lead's creation or its first form.
        "welcome" => scenario_with_trigger(
            facts,
            |e| {
                matches!(
                    e,
                    TriggerEvent::LeadCreated | TriggerEvent::FormSubmitted { .. }
                )
            },
            Localized::new(
                "「リード獲得」（または初回フォーム送信）をトリガーとするウェルカムシナリオを作成してください（テンプレート welcome）。",
                "Create a welcome scenario triggered by lead creation or a first form (template welcome).",
            ),
        ),
        "download_follow_up" => scenario_with_trigger(
            facts,
            |e| matches!(e, TriggerEvent::DocumentDownloaded { .. }),
            Localized::new(
                "「資料ダウンロード」をトリガーとするフォローシナリオを作成してください（テンプレート post-download）。",
                "Create a follow-up scenario triggered by document downloads (template post-download).",
            ),
        ),
        "dormant" => scenario_with_trigger(
            facts,
            |e| matches!(e, TriggerEvent::Inactive { .. }),
            Localized::new(
                "「一定期間反応なし」をトリガーとする休眠掘り起こしシナリオを作成してください（テンプレート dormant）。",
                "Create a re-engagement scenario triggered by inactivity (template dormant).",
            ),
        ),
        "triggers_defined" => every_active(
            facts,
            |s| !has_code(s, Code::TriggerIncomplete) && !has_code(s, Code::NoTrigger),
            ("完全なトリガー条件", "a complete trigger"),
            Localized::new(
                "トリガーの条件（対象のフォーム・資料・ページ、回数、日数など）をすべて指定してください。",
                "Fill in every parameter of the trigger (the form, document or page, the count, the days, …).",
            ),
        ),
        "send_intervals" => send_intervals(facts),
        "sfa_connected" => sfa_connected(facts),
        "score_in_sfa" => score_in_sfa(facts),
        "handoff_timing" => handoff_timing(facts),
        "deal_status_feedback" => deal_status_feedback(facts),
        "dedicated_owner" => dedicated_owner(facts),
        "regular_review" => regular_review(facts),
        "ab_testing" => ab_testing(facts),
        "documented_changes" => every_active(
            facts,
            // A note on a later version: what an improvement changed (the first save's note
            // documents no improvement).
            |s| s.notes.iter().skip(1).any(|n| !n.trim().is_empty()),
            ("改善の記録", "documented changes"),
            Localized::new(
                "シナリオを保存するときに、エディタの「変更メモ」へ変更内容と改善結果を書いてください。",
                "When saving a scenario, write what changed and what it achieved in the editor's change note.",
            ),
        ),
        // An item this version does not know (the list is the article's fifteen).
        _ => verdict(
            Answer::Unknown,
            vec![Localized::new(
                "評価方法のない項目です",
                "No evaluation for this item",
            )],
            fix_for_manual(item),
        ),
    }
}

fn send_intervals(facts: &Facts) -> Verdict {
    let fix = Localized::new(
        "メールの間に待機を入れて最小配信間隔（既定 2 日）を守り、ワークスペースの配信頻度上限（既定 7 日に 2 通）を設定してください。",
        "Put waits between mails so the minimum send interval (2 days by default) holds, and keep a workspace frequency cap (2 per 7 days by default).",
    );
    let cap = facts.frequency_cap;
    // A minimum interval of zero switches the validator's interval check off: not designed.
    let mut v = every_active(
        facts,
        |s| {
            !has_code(s, Code::SendIntervalTooShort)
                && (mails(s) < 2 || s.file.settings.min_send_interval.minutes() > 0)
        },
        ("設計された配信間隔", "designed send intervals"),
        fix.clone(),
    );
    if facts.active().all(|s| mails(s) == 0) && facts.active().next().is_some() {
        v = verdict(
            Answer::No,
            vec![Localized::new(
                "稼働中のシナリオにメール送信がありません",
                "No active scenario sends mail",
            )],
            fix,
        );
    } else if v.answer != Answer::No {
        v.evidence.push(Localized::new(
            format!("配信頻度上限: {} 日に {} 通", cap.per_days, cap.max_sends),
            format!(
                "Frequency cap: {} mails per {} days",
                cap.max_sends, cap.per_days
            ),
        ));
    }
    v
}

fn sfa_connected(facts: &Facts) -> Verdict {
    let sfa = &facts.sfa;
    let fix = Localized::new(
        "設定画面の「SFA/CRM 連携」で連携先とリード ID の項目を登録し、MA と SFA で共通のリードIDを持たせてください。",
        "Record the SFA/CRM and its lead ID field under SFA/CRM on the settings screen, and share one lead ID between the MA and the SFA.",
    );
    let data = Localized::new(
        format!(
            "SFA の ID を持つリード: {} / {} 件、商談ステータス履歴: {} 件",
            facts.leads.with_sfa_id, facts.leads.total, facts.leads.deal_changes
        ),
        format!(
            "Leads with an SFA id: {} of {}; deal-status changes: {}",
            facts.leads.with_sfa_id, facts.leads.total, facts.leads.deal_changes
        ),
    );
    // Mapped, and where there are leads, some of them carry the SFA's id.
    let ids_arrive = facts.leads.total == 0 || facts.leads.with_sfa_id > 0;
    if sfa.is_connected() && !sfa.lead_id_field.trim().is_empty() && ids_arrive {
        return verdict(
            Answer::Yes,
            vec![
                Localized::new(
                    format!("連携先 {}、リードID 項目 {}", sfa.system, sfa.lead_id_field),
                    format!(
                        "Connected to {}, lead ID field {}",
                        sfa.system, sfa.lead_id_field
                    ),
                ),
                data,
            ],
            fix,
        );
    }
    let some_data = facts.leads.with_sfa_id > 0 || facts.leads.deal_changes > 0;
    if sfa.is_connected() || some_data {
        return verdict(Answer::Partial, vec![data], fix);
    }
    verdict(
        Answer::No,
        vec![Localized::new(
            "SFA/CRM の連携設定も SFA のデータもありません",
            "No SFA/CRM mapping and no SFA data",
        )],
        fix,
    )
}

fn sync_nodes(facts: &Facts, wants: &str) -> Vec<(String, String)> {
    facts
        .active()
        .flat_map(|s| {
            s.file.nodes.iter().filter_map(move |n| match &n.kind {
                NodeKind::SyncSfa { fields }
                    if fields.is_empty() || fields.iter().any(|f| f == wants) =>
                {
                    Some((s.file.id.to_string(), n.id.to_string()))
                }
                _ => None,
            })
        })
        .collect()
}

fn score_in_sfa(facts: &Facts) -> Verdict {
    let fix = Localized::new(
        "設定画面の「SFA/CRM 連携」で SFA 側のスコアの項目を設定し、引き渡しの前後にスコアを送る「SFA同期」ノードを置いてください。",
        "Set the SFA's score field under SFA/CRM on the settings screen, and add a \"Sync to SFA\" node that sends the score around the hand-off.",
    );
    let field = !facts.sfa.score_field.trim().is_empty();
    let nodes = sync_nodes(facts, "score");
    let mut evidence = Vec::new();
    if field {
        evidence.push(Localized::new(
            format!("スコア項目: {}", facts.sfa.score_field),
            format!("Score field: {}", facts.sfa.score_field),
        ));
    }
    for (scenario, node) in &nodes {
        evidence.push(Localized::new(
            format!("スコアを送る SFA同期: {scenario} / {node}"),
            format!("Sync to SFA with score: {scenario} / {node}"),
        ));
    }
    let answer = match (field, !nodes.is_empty()) {
        (true, true) => Answer::Yes,
        (false, false) => Answer::No,
        _ => Answer::Partial,
    };
    if evidence.is_empty() {
        evidence.push(Localized::new(
            "スコア項目の設定も、スコアを送る SFA同期ノードもありません",
            "No score field mapped and no Sync to SFA node sending the score",
        ));
    }
    verdict(answer, evidence, fix).linking(node_links(facts, &nodes))
}

fn handoff_timing(facts: &Facts) -> Verdict {
    let fix = Localized::new(
        "スコアが MQL 閾値に達したら営業に通知する「営業通知」ノード（スコア閾値つき、またはスコア条件の後）を置いてください。",
        "Add a \"Notify sales\" node that fires when the score reaches the MQL threshold (with a score threshold, or after a score condition).",
    );
    let mut gated = Vec::new();
    let mut ungated = Vec::new();
    for s in facts.active() {
        for n in &s.file.nodes {
            if let NodeKind::NotifySales { .. } = n.kind {
                let loose = s.diagnostics.iter().any(|d| {
                    d.code == Code::HandoffWithoutThreshold && d.node.as_ref() == Some(&n.id)
                });
                let at = (s.file.id.to_string(), n.id.to_string());
                if loose {
                    ungated.push(at)
                } else {
                    gated.push(at)
                }
            }
        }
    }
    let joined = |of: &[(String, String)], by: &str| {
        of.iter()
            .map(|(s, n)| format!("{s} / {n}"))
            .collect::<Vec<_>>()
            .join(by)
    };
    let mut evidence = Vec::new();
    if !gated.is_empty() {
        evidence.push(Localized::new(
            format!("スコアで判定する営業通知: {}", joined(&gated, "、")),
            format!("Score-gated hand-offs: {}", joined(&gated, ", ")),
        ));
    }
    if !ungated.is_empty() {
        evidence.push(Localized::new(
            format!(
                "スコアに関係なく引き渡す営業通知: {}",
                joined(&ungated, "、")
            ),
            format!("Hand-offs regardless of score: {}", joined(&ungated, ", ")),
        ));
    }
    // The loose hand-offs first: they need the fix.
    let links = node_links(facts, &[ungated.as_slice(), gated.as_slice()].concat());
    let answer = match (gated.is_empty(), ungated.is_empty()) {
        (false, true) => Answer::Yes,
        (true, true) => Answer::No,
        _ => Answer::Partial,
    };
    if evidence.is_empty() {
        evidence.push(Localized::new(
            "稼働中のシナリオに営業通知がありません",
            "No active scenario hands leads to sales",
        ));
    }
    verdict(answer, evidence, fix).linking(links)
}

fn deal_status_feedback(facts: &Facts) -> Verdict {
    let fix = Localized::new(
        "商談ステータスをトリガー・条件・ゴールに使い（例: 商談化でゴール、失注でナーチャリングに戻す）、設定画面の「SFA/CRM 連携」で商談ステータスの項目を連携してください。",
        "Use deal status in triggers, conditions or goals (e.g. goal on opportunity, back to nurture on lost) and map the SFA's deal status field under SFA/CRM on the settings screen.",
    );
    let using: Vec<&ScenarioFacts> = facts.active().filter(|s| uses_deal_status(s)).collect();
    let flows = !facts.sfa.deal_status_field.trim().is_empty() || facts.leads.deal_changes > 0;
    let mut evidence = Vec::new();
    if !using.is_empty() {
        let l = list(&using);
        evidence.push(Localized::new(
            format!("商談ステータスを使うシナリオ: {}", l.ja),
            format!("Scenarios using deal status: {}", l.en),
        ));
    }
    if flows {
        evidence.push(Localized::new(
            format!(
                "商談ステータス項目: {}、記録された変化: {} 件",
                if facts.sfa.deal_status_field.is_empty() {
                    "未設定"
                } else {
                    &facts.sfa.deal_status_field
                },
                facts.leads.deal_changes
            ),
            format!(
                "Deal status field: {}; recorded changes: {}",
                if facts.sfa.deal_status_field.is_empty() {
                    "not mapped"
                } else {
                    &facts.sfa.deal_status_field
                },
                facts.leads.deal_changes
            ),
        ));
    }
    let answer = match (using.is_empty(), flows) {
        (false, true) => Answer::Yes,
        (true, false) => Answer::No,
        _ => Answer::Partial,
    };
    if evidence.is_empty() {
        evidence.push(Localized::new(
            "商談ステータスを使うシナリオも、商談ステータスの連携もありません",
            "No scenario uses deal status and no deal status comes in",
        ));
    }
    verdict(answer, evidence, fix)
}

fn dedicated_owner(facts: &Facts) -> Verdict {
    let team = &facts.team;
    let fix = fix_for_manual(&ITEMS[11]);
    let owners: Vec<String> = facts
        .active()
        .filter(|s| !s.file.owner.trim().is_empty())
        .map(|s| format!("{}: {}", s.file.id, s.file.owner))
        .collect();
    let mut evidence = Vec::new();
    if !team.owner.trim().is_empty() {
        evidence.push(Localized::new(
            format!(
                "担当者: {}（{}）",
                team.owner,
                if team.dedicated { "専任" } else { "兼任" }
            ),
            format!(
                "Owner: {} ({})",
                team.owner,
                if team.dedicated {
                    "dedicated"
                } else {
                    "part-time"
                }
            ),
        ));
    }
    if !owners.is_empty() {
        evidence.push(Localized::new(
            format!("シナリオの担当者: {}", owners.join("、")),
            format!("Scenario owners: {}", owners.join(", ")),
        ));
    }
    let answer = if !team.owner.trim().is_empty() {
        if team.dedicated {
            Answer::Yes
        } else {
            Answer::Partial
        }
    } else if !owners.is_empty() {
        Answer::Partial
    } else {
        evidence.push(Localized::new(
            "担当者の記録がありません。「手動の回答」で回答できます",
            "No owner is recorded; answer it under \"Answer by hand\"",
        ));
        Answer::Unknown
    };
    verdict(answer, evidence, fix)
}

fn regular_review(facts: &Facts) -> Verdict {
    let team = &facts.team;
    let fix = fix_for_manual(&ITEMS[12]);
    let Some(days) = team.review_cadence.days() else {
        let evidence = if team.reviews.is_empty() {
            vec![Localized::new(
                "レビューの頻度も記録もありません。「手動の回答」で回答できます",
                "No review cadence or log; answer it under \"Answer by hand\"",
            )]
        } else {
            vec![Localized::new(
                format!("レビュー記録 {} 件（頻度は未設定）", team.reviews.len()),
                format!("{} reviews logged (no cadence set)", team.reviews.len()),
            )]
        };
        let answer = if team.reviews.is_empty() {
            Answer::Unknown
        } else {
            Answer::Partial
        };
        return verdict(answer, evidence, fix);
    };
    let cadence = match team.review_cadence {
        crate::practice::ReviewCadence::Weekly => ("週次", "weekly"),
        _ => ("月次", "monthly"),
    };
    // Kept up when consecutive logged reviews are never further apart than the cadence allows
    // and the last one is recent (against today, when the caller knows it).
    let mut dates = team.reviews.clone();
    dates.sort_unstable();
    let regular = dates.len() >= 2 && dates.windows(2).all(|w| (w[1] - w[0]).num_days() <= days);
    let recent = match (dates.last(), facts.today) {
        (Some(&last), Some(today)) => (today - last).num_days() <= days,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let mut evidence = vec![Localized::new(
        format!("レビュー頻度: {}、記録 {} 件", cadence.0, dates.len()),
        format!(
            "Review cadence: {}, {} reviews logged",
            cadence.1,
            dates.len()
        ),
    )];
    if let Some(last) = dates.last() {
        evidence.push(Localized::new(
            format!("最後のレビュー: {last}"),
            format!("Last review: {last}"),
        ));
    }
    let answer = if regular && recent {
        Answer::Yes
    } else {
        Answer::Partial
    };
    verdict(answer, evidence, fix)
}

fn ab_testing(facts: &Facts) -> Verdict {
    let fix = Localized::new(
        "件名や送信タイミングを比べる「A/Bテスト」（分岐）ノードを稼働中のシナリオに入れ、結果を比較してください。",
        "Add an A/B split node to an active scenario (subject lines, send timing) and compare the results.",
    );
    let split =
        |s: &ScenarioFacts| (s.file.nodes.iter()).any(|n| matches!(n.kind, NodeKind::Split { .. }));
    let none = Localized::new("A/Bテストのノードがありません", "No A/B split node");
    in_place(facts, split, none, fix)
}
