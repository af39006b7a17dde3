//! Checks of what the nodes and settings say: trigger parameters, splits, waits, the legal content of
//! emails, conditions, scenario references, KPI targets, sending rules and complexity (the score
//! gate of hand-offs is `handoff`).

use super::graph::Graph;
use super::{Code, Diagnostic, ValidationOptions};
use crate::lead::is_email_address;
use crate::localized::Localized;
use crate::model::ScenarioFile;
use crate::model::expr::{Attribute, EventFilter, Expr, TextOp};
use crate::model::ids::{NodeId, is_valid_id};
use crate::model::node::{Email, Node, NodeKind, SplitBranch, TriggerEvent};

pub(super) fn check(
    file: &ScenarioFile,
    graph: &Graph,
    options: &ValidationOptions,
    out: &mut Vec<Diagnostic>,
) {
    for node in &file.nodes {
        node_content(file, node, options, out);
    }
    super::handoff::check(file, graph, options, out);
    values(file, out);
    settings(file, options, out);
    complexity(file, options, out);
}

/// Where an expression sits, for messages.
#[derive(Clone, Copy)]
enum Place<'a> {
    Node(&'a ScenarioFile, &'a NodeId),
    Segment,
    Goal,
    ExitWhen,
}

impl Place<'_> {
    fn describe(self) -> Localized {
        match self {
            Place::Node(file, id) => file.describe_node(id),
            Place::Segment => Localized::new("ターゲットセグメント", "the target segment"),
            Place::Goal => Localized::new("ゴール条件", "the goal"),
            Place::ExitWhen => Localized::new("終了条件", "the exit condition"),
        }
    }

    fn diagnostic(self, code: Code, message: Localized) -> Diagnostic {
        match self {
            Place::Node(_, id) => Diagnostic::new(code, message).at_node(id),
            _ => Diagnostic::new(code, message),
        }
    }
}

fn node_content(
    file: &ScenarioFile,
    node: &Node,
    options: &ValidationOptions,
    out: &mut Vec<Diagnostic>,
) {
    let place = Place::Node(file, &node.id);
    let name = place.describe();
    match &node.kind {
        NodeKind::Trigger { event } => {
            if let Some(problem) = trigger_gap(event) {
                out.push(place.diagnostic(
                    Code::TriggerIncomplete,
                    Localized::new(
                        format!("{}: {}", name.ja, problem.ja),
                        format!("{}: {}", name.en, problem.en),
                    ),
                ));
            }
        }
        NodeKind::Condition { condition } => expr(file, place, condition, options, out),
        NodeKind::Split { branches } => split(place, branches, out),
        NodeKind::Wait { delay } => {
            if delay.minutes() == 0 {
                out.push(place.diagnostic(
                    Code::WaitZero,
                    Localized::new(
                        format!("{}の待機時間が0です。日数か時間を指定してください", name.ja),
                        format!("{} waits for no time; give it days or hours", name.en),
                    ),
                ));
            }
        }
        NodeKind::WaitUntil { event, timeout } => {
            event_filter(file, place, event, out);
            match timeout {
                None => out.push(place.diagnostic(
                    Code::WaitUntilNoTimeout,
                    Localized::new(
                        format!("{}にタイムアウトがありません。行動しないリードが永久に待ち続けるため、タイムアウト（例: 7日）と、その後の経路を設定してください", name.ja),
                        format!("{} has no timeout, so leads who never act wait forever; set a timeout (e.g. 7 days) and a path after it", name.en),
                    ),
                )),
                Some(t) if t.minutes() == 0 => out.push(place.diagnostic(
                    Code::WaitZero,
                    Localized::new(
                        format!("{}のタイムアウトが0です。イベントを待つ時間を指定してください", name.ja),
                        format!("{} times out at once; give the wait a length", name.en),
                    ),
                )),
                Some(_) => {}
            }
        }
        NodeKind::SendEmail { email } => email_content(place, email, out),
        NodeKind::AdjustScore { delta, .. } => {
            let limit = crate::scoring::POINTS_LIMIT;
            if *delta == 0 {
                action_incomplete(place, "加減算する点数が0です", "adds 0 points", out);
            } else if delta.unsigned_abs() > limit.unsigned_abs() {
                out.push(place.diagnostic(
                    Code::ScoreOutOfRange,
                    Localized::new(
                        format!(
                            "{}の点数 {delta} は大きすぎます。±{limit} 以内にしてください",
                            name.ja
                        ),
                        format!("{} adds {delta} points; keep it within ±{limit}", name.en),
                    ),
                ));
            }
        }
        NodeKind::NotifySales { .. } | NodeKind::SyncSfa { .. } | NodeKind::End { .. } => {}
        NodeKind::UpdateField { field, .. } => {
            if matches!(field, Attribute::Custom(f) if f.trim().is_empty()) {
                action_incomplete(place, "更新する項目名が空です", "has no field name", out);
            }
        }
        NodeKind::SwitchScenario { scenario } => {
            if scenario.as_str().trim().is_empty() {
                action_incomplete(
                    place,
                    "切替先のシナリオが選ばれていません",
                    "names no scenario to switch to",
                    out,
                );
            } else if scenario == &file.id {
                out.push(place.diagnostic(
                    Code::SwitchToSelf,
                    Localized::new(
                        format!("{}は自分自身のシナリオ「{}」へ切り替えています。繰り返すならループと待機で表してください", name.ja, scenario),
                        format!("{} switches to its own scenario \"{}\"; to repeat, draw a loop with a wait", name.en, scenario),
                    ),
                ));
            } else if let Some(known) = &options.known_scenarios
                && !known.contains(scenario)
            {
                out.push(place.diagnostic(
                    Code::UnknownScenario,
                    Localized::new(
                        format!(
                            "{}の切替先シナリオ「{}」が見つかりません",
                            name.ja, scenario
                        ),
                        format!(
                            "{} switches to scenario \"{}\", which is not known",
                            name.en, scenario
                        ),
                    ),
                ));
            }
        }
        NodeKind::AddToAudience { audience, .. } => {
            if audience.trim().is_empty() {
                action_incomplete(place, "オーディエンス名が空です", "names no audience", out);
            }
        }
    }
}

fn action_incomplete(place: Place, ja: &str, en: &str, out: &mut Vec<Diagnostic>) {
    let name = place.describe();
    out.push(place.diagnostic(
        Code::ActionIncomplete,
        Localized::new(format!("{}: {ja}", name.ja), format!("{} {en}", name.en)),
    ));
}

/// What a trigger leaves undefined, if anything. An absent name (any form, any document) is a
/// deliberate choice; an empty one is a field left blank.
fn trigger_gap(event: &TriggerEvent) -> Option<Localized> {
    let blank = |s: &Option<String>| s.as_deref().is_some_and(|s| s.trim().is_empty());
    let gap = |ja: &str, en: &str| Some(Localized::new(ja, en));
    match event {
        TriggerEvent::LeadCreated => None,
        TriggerEvent::FormSubmitted { form } if blank(form) => gap(
            "フォーム名が空です（すべてのフォームなら項目を削除）",
            "the form name is blank (remove it to mean any form)",
        ),
        TriggerEvent::DocumentDownloaded { document } if blank(document) => gap(
            "資料名が空です（すべての資料なら項目を削除）",
            "the document name is blank (remove it to mean any document)",
        ),
        TriggerEvent::WebinarEnded { webinar, .. } if blank(webinar) => gap(
            "ウェビナー名が空です（すべてのウェビナーなら項目を削除）",
            "the webinar name is blank (remove it to mean any webinar)",
        ),
        TriggerEvent::PageViewed {
            url_pattern,
            min_count,
            within_days,
        } if url_pattern.trim().is_empty() || *min_count == 0 || *within_days == 0 => {
            // Every missing part at once, so one edit fixes the trigger.
            let parts = [
                (
                    url_pattern.trim().is_empty(),
                    "閲覧ページの URL パターンがありません（例: /pricing*）",
                    "the page URL pattern is missing (e.g. /pricing*)",
                ),
                (*min_count == 0, "閲覧回数が0回です", "the view count is 0"),
                (
                    *within_days == 0,
                    "閲覧回数を数える期間が0日です",
                    "the counting window is 0 days",
                ),
            ];
            let found: Vec<_> = parts.iter().filter(|p| p.0).collect();
            Some(Localized::new(
                found.iter().map(|p| p.1).collect::<Vec<_>>().join("。"),
                found.iter().map(|p| p.2).collect::<Vec<_>>().join("; "),
            ))
        }
        TriggerEvent::ScoreReached { threshold } if *threshold <= 0 => {
            gap("到達スコアが0以下です", "the score threshold is 0 or less")
        }
        TriggerEvent::Inactive { days: 0 } => {
            gap("無反応の日数が0日です", "the inactivity period is 0 days")
        }
        TriggerEvent::DealStatusChanged { to, .. } if to.is_empty() => gap(
            "変更後の商談ステータスが選ばれていません",
            "no new deal status is chosen",
        ),
        TriggerEvent::AttributeChanged {
            attribute: Attribute::Custom(f),
            ..
        } if f.trim().is_empty() => gap("監視する項目名が空です", "the watched field has no name"),
        TriggerEvent::FormSubmitted { .. }
        | TriggerEvent::DocumentDownloaded { .. }
        | TriggerEvent::WebinarEnded { .. }
        | TriggerEvent::PageViewed { .. }
        | TriggerEvent::ScoreReached { .. }
        | TriggerEvent::Inactive { .. }
        | TriggerEvent::DealStatusChanged { .. }
        | TriggerEvent::AttributeChanged { .. } => None,
    }
}

fn split(place: Place, branches: &[SplitBranch], out: &mut Vec<Diagnostic>) {
    let name = place.describe();
    let mut problems = Vec::new();
    if branches.len() < 2 {
        problems.push(Localized::new(
            format!("分岐が{}つしかありません（2つ以上必要）", branches.len()),
            format!(
                "it has {} branch(es); a split needs at least 2",
                branches.len()
            ),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for b in branches {
        if !is_valid_id(b.id.as_str()) {
            problems.push(Localized::new(
                format!("分岐 ID「{}」は使えません", b.id),
                format!("branch id \"{}\" is not a plain identifier", b.id),
            ));
        } else if !seen.insert(&b.id) {
            problems.push(Localized::new(
                format!("分岐 ID「{}」が重複しています", b.id),
                format!("branch id \"{}\" is used twice", b.id),
            ));
        }
        if !(b.percent.is_finite() && b.percent > 0.0) {
            problems.push(Localized::new(
                format!(
                    "分岐「{}」の割合 {} は0より大きくしてください",
                    b.id, b.percent
                ),
                format!(
                    "branch \"{}\" has share {}; it must be more than 0",
                    b.id, b.percent
                ),
            ));
        }
    }
    for p in problems {
        out.push(place.diagnostic(
            Code::SplitBranches,
            Localized::new(
                format!("{}: {}", name.ja, p.ja),
                format!("{}: {}", name.en, p.en),
            ),
        ));
    }
    let sum: f64 = branches.iter().map(|b| b.percent).sum();
    if !branches.is_empty() && (sum - 100.0).abs() > 0.01 {
        let shares = branches
            .iter()
            .map(|b| format!("{} {}%", b.id, b.percent))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(place.diagnostic(
            Code::SplitPercentSum,
            Localized::new(
                format!(
                    "{}の割合の合計が{}%です（{shares}）。合計を100%にしてください",
                    name.ja,
                    round2(sum)
                ),
                format!(
                    "The shares of {} add up to {}% ({shares}); make them add up to 100%",
                    name.en,
                    round2(sum)
                ),
            ),
        ));
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn email_content(place: Place, email: &Email, out: &mut Vec<Diagnostic>) {
    let name = place.describe();
    let mut push =
        |code, ja: String, en: String| out.push(place.diagnostic(code, Localized::new(ja, en)));
    if email.subject.trim().is_empty() {
        push(
            Code::EmailNoSubject,
            format!("{}に件名がありません", name.ja),
            format!("{} has no subject", name.en),
        );
    }
    if email.sender_name.trim().is_empty() {
        push(
            Code::EmailNoSender,
            format!(
                "{}に送信者名（会社名など）がありません。特定電子メール法で表示が義務づけられています",
                name.ja
            ),
            format!(
                "{} does not name its sender (company name); Japan's Act on Specified Electronic Mail requires it",
                name.en
            ),
        );
    }
    if email.opt_out_url.trim().is_empty() {
        push(
            Code::EmailNoOptOut,
            format!(
                "{}に配信停止リンクがありません。特定電子メール法で、受信拒否の方法の表示が義務づけられています",
                name.ja
            ),
            format!(
                "{} has no opt-out link; Japan's Act on Specified Electronic Mail requires a way to refuse further mail",
                name.en
            ),
        );
    } else if !is_link(&email.opt_out_url) {
        push(
            Code::InvalidUrl,
            format!(
                "{}の配信停止リンク「{}」は URL（https://…）、mailto:、または差し込みタグ（{{{{…}}}}）ではありません",
                name.ja, email.opt_out_url
            ),
            format!(
                "The opt-out link \"{}\" of {} is not a URL (https://…), a mailto: address or a merge tag ({{{{…}}}})",
                email.opt_out_url, name.en
            ),
        );
    }
    if email.sender_address.trim().is_empty() {
        push(
            Code::EmailNoSenderAddress,
            format!(
                "{}に送信者の住所がありません。特定電子メール法で表示が義務づけられています（署名やフッターに記載）",
                name.ja
            ),
            format!(
                "{} does not give the sender's postal address; Japan's Act on Specified Electronic Mail requires it (in the signature or footer)",
                name.en
            ),
        );
    }
    if !email.sender_email.is_empty() && !is_email_address(&email.sender_email) {
        push(
            Code::InvalidUrl,
            format!(
                "{}の送信者メールアドレス「{}」の形式が正しくありません",
                name.ja, email.sender_email
            ),
            format!(
                "The sender address \"{}\" of {} is not a mail address",
                email.sender_email, name.en
            ),
        );
    }
    for link in &email.links {
        if !is_link(&link.url) {
            push(
                Code::InvalidUrl,
                format!(
                    "{}のリンク「{}」の URL「{}」の形式が正しくありません",
                    name.ja, link.label, link.url
                ),
                format!(
                    "Link \"{}\" of {} has a malformed URL \"{}\"",
                    link.label, name.en, link.url
                ),
            );
        }
    }
}

/// An http(s) URL, a mailto: address, or an MA tool's merge tag (`{{unsubscribe_link}}`, `%%unsubscribe%%`).
fn is_link(s: &str) -> bool {
    let s = s.trim();
    let no_space = !s.chars().any(char::is_whitespace);
    let url = ["https://", "http://"].iter().any(|p| {
        s.strip_prefix(p)
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
    });
    let mailto = s.strip_prefix("mailto:").is_some_and(is_email_address);
    let merge_tag = (s.starts_with("{{") && s.ends_with("}}") && s.len() > 4)
        || (s.starts_with("%%") && s.ends_with("%%") && s.len() > 4);
    merge_tag || (no_space && (url || mailto))
}

fn expr(
    file: &ScenarioFile,
    place: Place,
    root: &Expr,
    options: &ValidationOptions,
    out: &mut Vec<Diagnostic>,
) {
    let name = place.describe();
    root.walk(&mut |e| match e {
        Expr::All { of } | Expr::Any { of } if of.is_empty() => {
            let group = if matches!(e, Expr::All { .. }) { ("すべて", "all") } else { ("いずれか", "any") };
            out.push(place.diagnostic(
                Code::ExprEmptyGroup,
                Localized::new(
                    format!("{}の「{}」グループに条件がありません。条件を追加するか、グループを削除してください", name.ja, group.0),
                    format!("The \"{}\" group in {} has no conditions; add one or remove the group", group.1, name.en),
                ),
            ));
        }
        Expr::Attribute { attribute, op, values } => {
            let (min, max) = op.arity();
            let n = values.len();
            if n < min || max.is_some_and(|max| n > max) {
                let want = match (min, max) {
                    (0, Some(0)) => Localized::new("値を指定しません", "takes no value"),
                    (1, Some(1)) => Localized::new("値を1つだけ指定します", "takes exactly one value"),
                    _ => Localized::new("値を1つ以上指定します", "takes one or more values"),
                };
                let name = text_op_name(*op);
                invalid_values(place, format!("条件「{}」は{}が、{n}個指定されています", name.ja, want.ja), format!("the comparison \"{}\" {}, but {n} are given", name.en, want.en), out);
            }
            if matches!(attribute, Attribute::Custom(f) if f.trim().is_empty()) {
                invalid_values(place, "項目名が空の条件があります".into(), "a comparison names no field".into(), out);
            }
            if let Some(known) = options.lead_values.get(attribute) {
                matches_no_lead(place, attribute, *op, values, known, out);
            }
        }
        Expr::Behaviour { event, within_days, .. } => {
            if *within_days == 0 {
                invalid_values(place, "行動回数を数える期間が0日です".into(), "a behaviour count has a 0-day window".into(), out);
            }
            event_filter(file, place, event, out);
        }
        Expr::DealStatus { any_of } if any_of.is_empty() => {
            invalid_values(place, "商談ステータスが1つも選ばれていません".into(), "no deal status is chosen".into(), out);
        }
        Expr::EmailEngagement { email, within_days, .. } => {
            if *within_days == Some(0) {
                invalid_values(place, "メール反応を見る期間が0日です".into(), "an email engagement window is 0 days".into(), out);
            }
            if let Some(email) = email {
                email_ref(file, place, email, out);
            }
        }
        Expr::All { .. }
        | Expr::Any { .. }
        | Expr::Not { .. }
        | Expr::Score { .. }
        | Expr::DealStatus { .. } => {}
    });
}

/// A comparison that asks for a value, by equality or as part of it, that no lead of the
/// workspace has: every lead goes the other way, and the forecast says so with confidence.
fn matches_no_lead(
    place: Place,
    attribute: &Attribute,
    op: TextOp,
    values: &[String],
    known: &[(String, u64)],
    out: &mut Vec<Diagnostic>,
) {
    use crate::lead::{code_of, match_key};
    let keys: Vec<String> = known.iter().map(|(v, _)| match_key(v)).collect();
    let met = |value: &str| {
        let wanted = match_key(value);
        match op {
            TextOp::Equals | TextOp::OneOf => keys.contains(&wanted),
            TextOp::Contains => keys.iter().any(|k| k.contains(&wanted)),
            TextOp::StartsWith => keys.iter().any(|k| k.starts_with(&wanted)),
            TextOp::NotEquals | TextOp::NotOneOf | TextOp::IsEmpty | TextOp::IsNotEmpty => true,
        }
    };
    let asked: Vec<&String> = values.iter().filter(|v| !v.trim().is_empty()).collect();
    if asked.is_empty() || asked.iter().any(|v| met(v)) {
        return;
    }
    // The values leads do have, as a marketer reads them (labels for a known vocabulary).
    let shown = |value: &str| attribute.value_label(code_of(attribute, value).unwrap_or(value));
    let have: Vec<Localized> = known.iter().take(6).map(|(v, _)| shown(v)).collect();
    let join = |f: fn(&Localized) -> &str, sep: &str| {
        let listed: Vec<&str> = have.iter().map(f).collect();
        listed.join(sep)
    };
    let asked_ja: Vec<String> = asked
        .iter()
        .map(|v| format!("「{}」", shown(v).ja))
        .collect();
    let asked_en: Vec<String> = asked
        .iter()
        .map(|v| format!("\"{}\"", shown(v).en))
        .collect();
    let name = place.describe();
    let field = attribute.label();
    let more = if known.len() > 6 { " …" } else { "" };
    out.push(place.diagnostic(
        Code::ConditionMatchesNoLead,
        Localized::new(
            format!(
                "{}: {}が{}（{}）のリードはワークスペースに 1 件もいません。すべてのリードが条件に合わない側へ進みます。ワークスペースにある値: {}{more}",
                name.ja,
                field.ja,
                asked_ja.join("・"),
                text_op_name(op).ja,
                join(|l| &l.ja, "、")
            ),
            format!(
                "{}: no lead of the workspace matches {} {} {}, so every lead takes the other way; the workspace's values: {}{more}",
                name.en,
                field.en,
                text_op_name(op).en,
                asked_en.join(", "),
                join(|l| &l.en, ", ")
            ),
        ),
    ));
}

fn invalid_values(place: Place, ja: String, en: String, out: &mut Vec<Diagnostic>) {
    let name = place.describe();
    out.push(place.diagnostic(
        Code::ExprInvalidValues,
        Localized::new(format!("{}: {ja}", name.ja), format!("{}: {en}", name.en)),
    ));
}

fn event_filter(file: &ScenarioFile, place: Place, event: &EventFilter, out: &mut Vec<Diagnostic>) {
    if let Some(email) = event.email_ref() {
        email_ref(file, place, email, out);
    }
    if let EventFilter::DealStatusChanged { to } = event
        && to.is_empty()
    {
        invalid_values(
            place,
            "変更後の商談ステータスが選ばれていません".into(),
            "no new deal status is chosen".into(),
            out,
        );
    }
}

fn email_ref(file: &ScenarioFile, place: Place, email: &NodeId, out: &mut Vec<Diagnostic>) {
    let is_email = file
        .node(email)
        .is_some_and(|n| matches!(n.kind, NodeKind::SendEmail { .. }));
    if !is_email {
        let name = place.describe();
        // A node of another kind by its name; a node that is not there by the reference itself.
        let what = match file.node(email) {
            Some(_) => file.describe_node(email),
            None => Localized::new(format!("「{email}」"), format!("\"{email}\"")),
        };
        out.push(place.diagnostic(
            Code::UnknownEmailRef,
            Localized::new(
                format!(
                    "{}が参照するメール{}は、このシナリオのメール送信ノードではありません",
                    name.ja, what.ja
                ),
                format!(
                    "{} refers to the mail {}, which is not a send-email node of this scenario",
                    name.en, what.en
                ),
            ),
        ));
    }
}

/// Each value of the scenario with its place in the file (`nodes[1].title`) and the name of the
/// field holding it (an array's items that of the array), by walking the scenario as JSON: so
/// the checks of every text and every number miss no field, now or when fields are added.
fn each_value(file: &ScenarioFile, mut visit: impl FnMut(&str, &str, &serde_json::Value)) {
    fn walk(
        value: &serde_json::Value,
        path: &mut String,
        key: &str,
        visit: &mut impl FnMut(&str, &str, &serde_json::Value),
    ) {
        match value {
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    walk(item, path, key, visit);
                    path.truncate(len);
                }
            }
            serde_json::Value::Object(fields) => {
                for (k, item) in fields {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                    walk(item, path, k, visit);
                    path.truncate(len);
                }
            }
            other => visit(path, key, other),
        }
    }
    if let Ok(value) = serde_json::to_value(file) {
        walk(&value, &mut String::new(), "", &mut visit);
    }
}

/// A diagnostic about the value at `path`: on its node when it is in one, the message the
/// place (the node's name and the path) followed by what `says` of it (in Japanese with `true`).
fn at_path(
    file: &ScenarioFile,
    path: &str,
    what: Option<Localized>,
    code: Code,
    says: impl Fn(bool) -> String,
) -> Diagnostic {
    let node = path
        .strip_prefix("nodes[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| file.nodes.get(i));
    // What the value is, in words; its path in the file goes in the diagnostic's details, for
    // whoever edits JSON.
    let what = what.unwrap_or_else(|| field_name(path));
    let (ja, en) = match node {
        Some(node) => {
            let name = file.describe_node(&node.id);
            (
                format!("{}の{}", name.ja, what.ja),
                format!("{}: {}", name.en, what.en),
            )
        }
        None => (what.ja, what.en),
    };
    let mut diagnostic = Diagnostic::new(
        code,
        Localized::new(
            format!("{ja}{}", says(true)),
            format!("{en}{}", says(false)),
        ),
    );
    diagnostic.path = Some(path.to_owned());
    match node {
        Some(node) => diagnostic.at_node(&node.id),
        None => diagnostic,
    }
}

/// A text field of the file named as the forms name it, from the last key of its `path`
/// (`nodes[1].title` → タイトル); "a value" for one the forms do not show by itself.
fn field_name(path: &str) -> Localized {
    let key = path.rsplit('.').next().unwrap_or(path);
    let key = key.split('[').next().unwrap_or(key);
    let (ja, en) = match key {
        "title" => ("タイトル", "its title"),
        "name" => ("名前", "its name"),
        "description" => ("説明", "its description"),
        "subject" => ("件名", "its subject"),
        "summary" => ("内容の要約", "its summary"),
        "sender_name" => ("送信者名", "its sender name"),
        "sender_email" => ("返信先メールアドレス", "its reply-to address"),
        "sender_address" => ("送信者の住所", "its sender's address"),
        "opt_out_url" => ("配信停止 URL", "its opt-out URL"),
        "url" => ("リンクの URL", "a link's URL"),
        "label" => ("ラベル", "a label"),
        "owner" => ("担当者", "its owner"),
        "assignee" => ("通知先", "its assignee"),
        "audience" => ("オーディエンス名", "its audience"),
        "field" => ("項目名", "its field"),
        "value" | "values" => ("条件の値", "a condition's value"),
        "form" | "document" | "webinar" | "url_pattern" => ("イベントの条件", "its event filter"),
        _ => ("値", "a value"),
    };
    Localized::new(ja, en)
}

/// Every value of the scenario, in one walk of it (`each_value`): each text free of control
/// characters (`control_characters`), each number within `RANGES` (`ranges`).
fn values(file: &ScenarioFile, out: &mut Vec<Diagnostic>) {
    let mut controlled = Vec::new();
    let mut beyond = Vec::new();
    each_value(file, |path, key, value| {
        if value
            .as_str()
            .is_some_and(|s| s.chars().any(crate::format::is_stray_control))
        {
            controlled.push(path.to_owned());
        }
        if let (Some(i), Some(v)) = (RANGES.iter().position(|r| r.0 == key), value.as_f64())
            && v.abs() > RANGES[i].1
        {
            beyond.push((path.to_owned(), v, i));
        }
    });
    control_characters(file, controlled, out);
    ranges(file, beyond, out);
}

/// Every text of the scenario (names, titles, subjects, labels, values …) free of control
/// characters: a NUL or an escape character is never typed on purpose, shows as nothing on the
/// canvas and breaks the files exported from it. `found`: the paths of the texts that hold one.
fn control_characters(file: &ScenarioFile, found: Vec<String>, out: &mut Vec<Diagnostic>) {
    for path in found {
        out.push(at_path(file, &path, None, Code::ControlCharacter, |ja| {
            if ja {
                "に制御文字（NUL など画面に表示されない文字）が含まれています。書き出したファイルが壊れるため、取り除いてください".to_owned()
            } else {
                " holds a control character (NUL or another that never shows); it breaks the files exported from the scenario, so take it out".to_owned()
            }
        }));
    }
}

/// The most a number of the scenario file may be, by its field's name wherever it stands: days
/// and hours of every duration (waits, timeouts, inactivity, windows, re-entry, intervals), the
/// counts a condition or cap asks for, and canvas positions. Beyond them a value means nothing
/// (a wait of 4,294,967,295 days) and breaks what is made of it (309-digit BPMN coordinates).
const RANGES: [(&str, f64, &str, &str, &str, &str); 8] = [
    (
        "days",
        3650.0,
        "日（10年）",
        "days (ten years)",
        "日数",
        "the days",
    ),
    (
        "within_days",
        3650.0,
        "日（10年）",
        "days (ten years)",
        "期間の日数",
        "the window's days",
    ),
    (
        "hours",
        87_600.0,
        "時間（10年）",
        "hours (ten years)",
        "時間",
        "the hours",
    ),
    ("min_count", 1_000_000.0, "回", "times", "回数", "the count"),
    ("count", 1_000_000.0, "回", "times", "回数", "the count"),
    ("max_sends", 10_000.0, "通", "mails", "通数", "the mails"),
    (
        "x",
        1.0e7,
        "（キャンバスの座標）",
        "(a canvas coordinate)",
        "位置",
        "the position",
    ),
    (
        "y",
        1.0e7,
        "（キャンバスの座標）",
        "(a canvas coordinate)",
        "位置",
        "the position",
    ),
];

/// Every number of the scenario within `RANGES`, each named by its place in the file. `found`:
/// the path, value and `RANGES` row of each number beyond its bound.
fn ranges(file: &ScenarioFile, found: Vec<(String, f64, usize)>, out: &mut Vec<Diagnostic>) {
    for (path, v, i) in found {
        let (_, limit, unit_ja, unit_en, what_ja, what_en) = RANGES[i];
        // A whole number as written (4294967295), a huge one as 1e308, not 309 digits.
        let v = if v.fract() == 0.0 && v.abs() < 1.0e15 {
            format!("{v:.0}")
        } else if v.abs() >= 1.0e9 {
            format!("{v:e}")
        } else {
            format!("{v}")
        };
        let what = Localized::new(what_ja, what_en);
        out.push(at_path(
            file,
            &path,
            Some(what),
            Code::ValueOutOfRange,
            |ja| {
                if ja {
                    format!("は {v} です。{limit}{unit_ja}以内にしてください")
                } else {
                    format!(" is {v}; it can be at most {limit} {unit_en}")
                }
            },
        ));
    }
}

fn settings(file: &ScenarioFile, options: &ValidationOptions, out: &mut Vec<Diagnostic>) {
    let s = &file.settings;
    if file.name.trim().is_empty() {
        out.push(Diagnostic::new(
            Code::NameMissing,
            Localized::new(
                "シナリオ名がありません。一覧や診断レポートで見分けられるよう、名前を付けてください",
                "The scenario has no name; give it one so that lists and reports can tell it apart",
            ),
        ));
    }
    match &s.segment {
        None => out.push(Diagnostic::new(
            Code::SegmentMissing,
            Localized::new(
                "ターゲットセグメントがありません。「誰に」送るのか（業種・企業規模・役職・行動など）を条件で明文化してください",
                "The scenario has no target segment; write down who it is for (industry, company size, title, behaviour …) as a condition",
            ),
        )),
        Some(segment) => expr(file, Place::Segment, segment, options, out),
    }
    if let Some(goal) = &s.goal {
        expr(file, Place::Goal, goal, options, out);
    }
    if let Some(exit) = &s.exit_when {
        expr(file, Place::ExitWhen, exit, options, out);
    }

    let sends_email = file
        .nodes
        .iter()
        .any(|n| matches!(n.kind, NodeKind::SendEmail { .. }));
    let hands_off = file
        .nodes
        .iter()
        .any(|n| matches!(n.kind, NodeKind::NotifySales { .. }));
    use crate::model::settings::Kpi;
    let mut missing: Vec<Localized> = Vec::new();
    for (kpi, needed) in [
        (Kpi::OpenRate, sends_email),
        (Kpi::ClickRate, sends_email),
        (Kpi::HandoffRate, hands_off),
    ] {
        if needed && s.kpi.get(kpi).is_none() {
            missing.push(kpi.label());
        }
    }
    if s.kpi.set().is_empty() && missing.is_empty() {
        missing.push(Localized::new("いずれかの KPI", "any KPI"));
    }
    if !missing.is_empty() {
        let ja = missing
            .iter()
            .map(|m| m.ja.as_str())
            .collect::<Vec<_>>()
            .join("・");
        let en = missing
            .iter()
            .map(|m| m.en.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        out.push(Diagnostic::new(
            Code::KpiMissing,
            Localized::new(
                format!("KPI 目標がありません: {ja}。目安は開封率 20〜30%、クリック率 2〜5%（ウェルカムメールは開封率 30〜50%）です"),
                format!("KPI targets are missing: {en}. Typical B2B targets are 20–30 % opens and 2–5 % clicks (welcome mails 30–50 % opens)"),
            ),
        ));
    }
    for (kpi, range) in s.kpi.set() {
        let kpi = kpi.label();
        let ok = range.min.is_finite()
            && range.max.is_finite()
            && (0.0..=100.0).contains(&range.min)
            && (0.0..=100.0).contains(&range.max)
            && range.min <= range.max;
        if !ok {
            out.push(Diagnostic::new(
                Code::KpiInvalidRange,
                Localized::new(
                    format!("KPI「{}」の範囲 {}〜{}% が正しくありません。0〜100% の範囲で、下限を上限以下にしてください", kpi.ja, range.min, range.max),
                    format!("The {} target {}–{} % is not a range: both bounds must be within 0–100 % and the minimum at most the maximum", kpi.en, range.min, range.max),
                ),
            ));
        }
    }

    let w = &s.send_window;
    if w.weekdays.is_empty() || w.start >= w.end {
        out.push(Diagnostic::new(
            Code::SendWindowInvalid,
            Localized::new(
                format!(
                    "配信時間帯（{}〜{}、曜日 {}個）ではメールを送れる時間がありません",
                    w.start,
                    w.end,
                    w.weekdays.len()
                ),
                format!(
                    "The send window ({}–{}, {} weekday(s)) leaves no time to send",
                    w.start,
                    w.end,
                    w.weekdays.len()
                ),
            ),
        ));
    }
    if let Some(cap) = s.frequency_cap
        && (cap.max_sends == 0
            || cap.per_days == 0
            || cap.per_days > crate::model::settings::MAX_CAP_DAYS)
    {
        out.push(Diagnostic::new(
            Code::FrequencyCapInvalid,
            Localized::new(
                format!(
                    "配信頻度上限（{}日に{}通）が正しくありません。どちらも1以上、日数は366日以内にしてください",
                    cap.per_days, cap.max_sends
                ),
                format!(
                    "The frequency cap ({} mails per {} days) is invalid; both must be at least 1, the days at most 366",
                    cap.max_sends, cap.per_days
                ),
            ),
        ));
    }
    if let Some(known) = &options.known_scenarios {
        for other in s.suppress_while_in.iter().filter(|o| !known.contains(*o)) {
            out.push(Diagnostic::new(
                Code::UnknownScenario,
                Localized::new(
                    format!("配信抑制の対象シナリオ「{other}」が見つかりません"),
                    format!("Suppression refers to scenario \"{other}\", which is not known"),
                ),
            ));
        }
    }
}

fn text_op_name(op: TextOp) -> Localized {
    let (ja, en) = match op {
        TextOp::Equals => ("等しい", "equals"),
        TextOp::NotEquals => ("等しくない", "does not equal"),
        TextOp::OneOf => ("いずれかに一致", "is one of"),
        TextOp::NotOneOf => ("いずれにも一致しない", "is none of"),
        TextOp::Contains => ("含む", "contains"),
        TextOp::StartsWith => ("で始まる", "starts with"),
        TextOp::IsEmpty => ("空である", "is empty"),
        TextOp::IsNotEmpty => ("空でない", "is not empty"),
    };
    Localized::new(ja, en)
}

fn complexity(file: &ScenarioFile, options: &ValidationOptions, out: &mut Vec<Diagnostic>) {
    let limits = options.complexity;
    let nodes = file.nodes.len();
    let branch_points = file
        .nodes
        .iter()
        .filter(|n| {
            matches!(
                n.kind,
                NodeKind::Condition { .. } | NodeKind::Split { .. } | NodeKind::WaitUntil { .. }
            )
        })
        .count();
    if nodes > limits.max_nodes || branch_points > limits.max_branch_points {
        out.push(Diagnostic::new(
            Code::TooComplex,
            Localized::new(
                format!("ノード {nodes}個・分岐点 {branch_points}個のシナリオです（目安: ノード {}個・分岐点 {}個まで）。複雑なシナリオは成果が出にくい傾向があります。基本シナリオに分けて、シンプルに始めてください", limits.max_nodes, limits.max_branch_points),
                format!("The scenario has {nodes} nodes and {branch_points} branch points (guideline: at most {} and {}). Complex scenarios tend to underperform; split it into basic scenarios and start simple", limits.max_nodes, limits.max_branch_points),
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::{is_email_address, is_link};

    #[test]
    fn links() {
        for ok in [
            "https://example.co.jp/unsubscribe",
            "http://a.jp",
            "mailto:optout@example.co.jp",
            "{{unsubscribe_link}}",
            "%%unsubscribe%%",
        ] {
            assert!(is_link(ok), "{ok}");
        }
        for bad in [
            "example.com",
            "https://",
            "https:///x",
            "mailto:nobody",
            "ftp://x",
            "{{}}",
            "https://a b",
        ] {
            assert!(!is_link(bad), "{bad}");
        }
        assert!(is_email_address("info@example.co.jp"));
        assert!(!is_email_address("info@localhost"));
    }
}
