//! Findings beyond the checklist: what validation says about the active scenarios, leads the
//! law does not let the scenarios mail, and what the quick simulation shows (KPIs below target,
//! a hand-off nobody reaches, leads stuck inside, mail fatigue).

use super::{Facts, Finding, Severity};
use crate::Localized;
use crate::model::node::NodeKind;
use crate::simulate::results::{KpiResult, Verdict};
use crate::validate;

/// Unsubscribes per mail sent above which a mail tires its readers (0.5 %, more than twice the
/// 0.2 % a B2B nurture mail usually sees).
const FATIGUE_UNSUBSCRIBE_RATE: f64 = 0.005;
/// Mails per week above which a workspace-wide cap no longer protects leads from fatigue.
const FATIGUE_MAILS_PER_WEEK: f64 = 3.0;
/// Share of entries still inside at the end of the window above which leads look stuck.
const STUCK_SHARE: f64 = 0.5;

/// Every finding, worst first (then by scenario, in the order found).
pub fn find(facts: &Facts) -> Vec<Finding> {
    let mut out = found(facts);
    for f in &mut out {
        f.place = (f.scenario.as_deref()).and_then(|s| facts.place(s, f.node.as_deref()));
    }
    out
}

fn found(facts: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for (id, why) in &facts.unreadable {
        out.push(Finding {
            code: "scenario-unreadable",
            severity: Severity::Error,
            scenario: Some(id.clone()),
            node: None,
            place: None,
            message: Localized::new(
                format!("保存されたシナリオ {id} を読み込めません: {}", why.ja),
                format!("The stored scenario {id} does not read: {}", why.en),
            ),
            fix: Localized::new(
                "シナリオを修正して保存し直すか、削除してください。",
                "Fix and save the scenario again, or remove it.",
            ),
        });
    }
    for s in facts.active() {
        for d in &s.diagnostics {
            out.push(Finding {
                code: d.code.as_str(),
                severity: if d.severity == validate::Severity::Error {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                scenario: Some(s.file.id.to_string()),
                node: d.node.as_ref().map(ToString::to_string),
                place: None,
                message: d.message.clone(),
                fix: validation_fix(d.code),
            });
        }
    }
    for (id, count) in &facts.leads.in_segment_without_consent {
        out.push(Finding {
            code: "leads-without-consent",
            severity: Severity::Error,
            scenario: Some(id.clone()),
            node: None,
            place: None,
            message: Localized::new(
                format!(
                    "セグメントに該当するリードのうち {count} 件に、特定電子メール法上の同意（オプトイン）の記録がありません。これらのリードにはメールを送れません"
                ),
                format!(
                    "{count} leads in the segment have no recorded opt-in basis under the Act on Specified Electronic Mail; they cannot be mailed"
                ),
            ),
            fix: Localized::new(
                "同意の取得日と取得方法をリードデータに記録するか、セグメントから除外してください。",
                "Record when and how consent was given in the lead data, or exclude these leads from the segment.",
            ),
        });
    }
    let cap = facts.frequency_cap;
    let per_week = f64::from(cap.max_sends) * 7.0 / f64::from(cap.per_days.max(1));
    if per_week > FATIGUE_MAILS_PER_WEEK {
        out.push(Finding {
            code: "frequency-cap-loose",
            severity: Severity::Warning,
            scenario: None,
            node: None,
            place: None,
            message: Localized::new(
                format!(
                    "ワークスペースの配信頻度上限（{} 日に {} 通）では、1 人に週 {per_week:.1} 通まで届きます",
                    cap.per_days, cap.max_sends
                ),
                format!(
                    "The workspace frequency cap ({} mails per {} days) lets a lead receive up to {per_week:.1} mails a week",
                    cap.max_sends, cap.per_days
                ),
            ),
            fix: Localized::new(
                "配信頻度上限を 7 日に 2 通程度に抑えてください（frequency_cap）。",
                "Keep the frequency cap near 2 mails per 7 days (frequency_cap).",
            ),
        });
    }
    if let Some(forecast) = &facts.forecast {
        forecast_findings(facts, forecast, &mut out);
    }
    // Worst first; a stable sort keeps the order found within a severity.
    out.sort_by_key(|f| f.severity);
    out
}

/// What to do about a validation finding: the legal ones (特定電子メール法) and complexity say
/// what exactly; the others point to the editor.
fn validation_fix(code: validate::Code) -> Localized {
    use validate::Code;
    match code {
        Code::EmailNoSender | Code::EmailNoSenderAddress => Localized::new(
            "特定電子メール法により、送信者の氏名・名称と、苦情や問い合わせを受け付ける住所・連絡先の表示が必要です。メールの送信者情報を入力してください。",
            "The Act on Specified Electronic Mail requires the sender's name and an address for complaints and enquiries in every mail: fill in the mail's sender details.",
        ),
        Code::EmailNoOptOut => Localized::new(
            "特定電子メール法により、受信拒否（配信停止）の方法の表示が必要です。配信停止の URL またはメールアドレスを入力してください。",
            "The Act on Specified Electronic Mail requires a way to refuse further mail: give an opt-out URL or address.",
        ),
        Code::TooComplex => Localized::new(
            "複雑すぎるシナリオは成果が出づらい傾向があります。分岐を減らすか、目的ごとのシナリオに分けてください。",
            "Over-complex scenarios tend to perform worse: remove branches, or split it into scenarios with one purpose each.",
        ),
        _ => Localized::new(
            "シナリオエディタで該当箇所を修正してください（問題の一覧から該当ノードへ移動できます）。",
            "Fix it in the scenario editor (its problem list takes you to the node).",
        ),
    }
}

fn forecast_findings(facts: &Facts, forecast: &super::Forecast, out: &mut Vec<Finding>) {
    let days = forecast.days;
    for summary in &forecast.scenarios {
        let id = summary.id.to_string();
        let Some(s) = facts.scenarios.iter().find(|s| s.file.id == summary.id) else {
            continue;
        };
        for KpiResult {
            kpi,
            target,
            forecast: band,
            verdict,
            why,
        } in &summary.kpis
        {
            if *verdict != Verdict::Below {
                continue;
            }
            let name = kpi.label();
            // Where the leads are lost, when the forecast shows it: said, and linked.
            let (ja_why, en_why) = why.as_ref().map_or((String::new(), String::new()), |w| {
                (format!("。{}", w.message.ja), format!(". {}", w.message.en))
            });
            out.push(Finding {
                code: "kpi-below-target",
                severity: Severity::Warning,
                scenario: Some(id.clone()),
                node: why.as_ref().map(|w| w.node.to_string()),
                place: None,
                message: Localized::new(
                    format!(
                        "{}日間の予測で{}は {:.1}%（5〜95%: {:.1}〜{:.1}%）、目標 {}〜{}% を下回ります{ja_why}",
                        days, name.ja, band.mean, band.p05, band.p95, target.min, target.max
                    ),
                    format!(
                        "Over {} days the forecast {} is {:.1} % (5–95 %: {:.1}–{:.1} %), below the {}–{} % target{en_why}",
                        days, name.en, band.mean, band.p05, band.p95, target.min, target.max
                    ),
                ),
                fix: Localized::new(
                    "件名・内容・配信タイミング・セグメントを見直すか、自社の実績に合わせて目標を調整してください。",
                    "Revisit subject lines, content, timing and the segment, or set the target from your own results.",
                ),
            });
        }
        let handoffs: Vec<&crate::model::node::Node> = (s.file.nodes.iter())
            .filter(|n| matches!(n.kind, NodeKind::NotifySales { .. }))
            .collect();
        if !handoffs.is_empty() && summary.enrolled.mean > 0.0 && summary.handed_off.mean == 0.0 {
            let threshold = handoffs
                .iter()
                .filter_map(|n| match n.kind {
                    NodeKind::NotifySales {
                        score_threshold, ..
                    } => score_threshold,
                    _ => None,
                })
                .max()
                .unwrap_or(forecast.mql_threshold);
            out.push(Finding {
                code: "handoff-unreachable",
                severity: Severity::Warning,
                scenario: Some(id.clone()),
                node: Some(handoffs[0].id.to_string()),
                place: None,
                message: Localized::new(
                    format!(
                        "{}日間の予測で、{:.0} 件の参加のうち営業引き渡し（スコア {} 以上）に届くリードがありません",
                        days, summary.enrolled.mean, threshold
                    ),
                    format!(
                        "Over {} days none of the {:.0} entries reaches the hand-off (score {} or more)",
                        days, summary.enrolled.mean, threshold
                    ),
                ),
                fix: Localized::new(
                    "スコアリングの配点または MQL 閾値を見直し、到達できる引き渡し条件にしてください。",
                    "Revisit the scoring points or the MQL threshold so that leads can reach the hand-off.",
                ),
            });
        }
        // Entries still waiting in some node when the window ends.
        let inside: f64 = summary
            .nodes
            .iter()
            .map(|(_, n)| n.waiting_at_end.mean)
            .sum();
        if summary.enrolled.mean >= 1.0 && inside / summary.enrolled.mean > STUCK_SHARE {
            out.push(Finding {
                code: "leads-stuck",
                severity: Severity::Info,
                scenario: Some(id.clone()),
                node: None,
                place: None,
                message: Localized::new(
                    format!(
                        "{}日後も参加の {:.0}%（{:.0} 件）がシナリオの途中で待機したままです",
                        days,
                        100.0 * inside / summary.enrolled.mean,
                        inside
                    ),
                    format!(
                        "After {} days {:.0} % of entries ({:.0}) are still waiting inside the scenario",
                        days,
                        100.0 * inside / summary.enrolled.mean,
                        inside
                    ),
                ),
                fix: Localized::new(
                    "長い待機やイベント待ちのタイムアウトを短くし、終了条件やゴールを設けてください。",
                    "Shorten long waits and wait-until timeouts, and give the scenario a goal or exit criteria.",
                ),
            });
        }
        for (node, mail) in &summary.emails {
            if mail.sent.mean < 1.0 {
                continue;
            }
            let rate = mail.unsubscribed.mean / mail.sent.mean;
            if rate > FATIGUE_UNSUBSCRIBE_RATE {
                out.push(Finding {
                    code: "mail-fatigue",
                    severity: Severity::Warning,
                    scenario: Some(id.clone()),
                    node: Some(node.to_string()),
                    place: None,
                    message: Localized::new(
                        format!(
                            "このメールの配信停止率の予測は {:.2}% で、疲労の目安 {:.1}% を超えます",
                            100.0 * rate,
                            100.0 * FATIGUE_UNSUBSCRIBE_RATE
                        ),
                        format!(
                            "This mail's forecast unsubscribe rate is {:.2} %, above the {:.1} % that signals fatigue",
                            100.0 * rate,
                            100.0 * FATIGUE_UNSUBSCRIBE_RATE
                        ),
                    ),
                    fix: Localized::new(
                        "前のメールとの間隔を空けるか、配信頻度上限を下げてください。",
                        "Leave more time before this mail, or lower the frequency cap.",
                    ),
                });
            }
        }
    }
}
