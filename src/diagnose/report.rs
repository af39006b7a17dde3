//! The diagnosis for people: Markdown and a self-contained HTML page (no script, no remote
//! content, one inline style sheet that also prints well). Every piece of user text — scenario
//! names, notes, owners, messages that quote them — is escaped.

use std::fmt::Write;

use super::{Answer, Diagnosis, Severity, Source};
use crate::export::markup::escape as escape_html;
use crate::{Lang, Localized};

/// `s` as literal Markdown text: HTML is escaped (Markdown viewers render raw HTML) and the
/// characters Markdown would read as formatting are backslash-escaped.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

struct Words {
    title: Localized,
    summary: Localized,
    groups: Localized,
    group: Localized,
    share: Localized,
    advice: Localized,
    items: Localized,
    evidence: Localized,
    fix: Localized,
    self_reported: Localized,
    findings: Localized,
    no_findings: Localized,
    forecast: Localized,
}

fn words() -> Words {
    Words {
        title: Localized::new(
            "MAシナリオ設計 セルフチェック診断",
            "MA scenario self-check diagnosis",
        ),
        summary: Localized::new("「はい」の数", "Items answered yes"),
        groups: Localized::new(
            "グループ別（「はい」の少ない順）",
            "Groups (fewest yes first)",
        ),
        group: Localized::new("グループ", "Group"),
        share: Localized::new("はい", "Yes"),
        advice: Localized::new("まず取り組むこと", "Where to start"),
        items: Localized::new("チェック項目", "Checklist"),
        evidence: Localized::new("根拠", "Evidence"),
        fix: Localized::new("対策", "Fix"),
        self_reported: Localized::new("自己申告", "self-reported"),
        findings: Localized::new("チェックリスト以外の指摘", "Findings beyond the checklist"),
        no_findings: Localized::new("指摘はありません。", "Nothing found."),
        forecast: Localized::new("予測", "Forecast"),
    }
}

fn severity(s: Severity) -> Localized {
    match s {
        Severity::Error => Localized::new("エラー", "Error"),
        Severity::Warning => Localized::new("警告", "Warning"),
        Severity::Info => Localized::new("情報", "Info"),
    }
}

/// Where a finding is: scenario / node, each escaped.
fn place(f: &super::Finding, escape: fn(&str) -> String) -> String {
    [f.scenario.as_deref(), f.node.as_deref()]
        .into_iter()
        .flatten()
        .map(escape)
        .collect::<Vec<_>>()
        .join(" / ")
}

fn forecast_line(d: &Diagnosis, lang: Lang) -> Option<String> {
    let f = d.forecast.as_ref()?;
    Some(match lang {
        Lang::Ja => format!(
            "{} から {} 日間、{} 回のシミュレーションにもとづく",
            f.start, f.days, f.runs
        ),
        Lang::En => format!(
            "from {} runs over the {} days from {}",
            f.runs, f.days, f.start
        ),
    })
}

/// The diagnosis as Markdown in `lang`.
pub fn markdown(d: &Diagnosis, lang: Lang) -> String {
    let w = words();
    let t = |l: &Localized| l.get(lang).to_owned();
    let e = |l: &Localized| escape_markdown(l.get(lang));
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", t(&w.title));
    let _ = writeln!(
        out,
        "{}: **{} / {}**\n",
        t(&w.summary),
        d.yes,
        d.items.len()
    );
    let _ = writeln!(out, "## {}\n", t(&w.groups));
    let _ = writeln!(out, "| {} | {} |\n|---|---|", t(&w.group), t(&w.share));
    for g in &d.groups {
        let _ = writeln!(out, "| {} | {} / {} |", t(&g.name), g.yes, g.items);
    }
    if let Some(advice) = &d.advice {
        let _ = writeln!(out, "\n**{}** — {}\n", t(&w.advice), e(advice));
    } else {
        out.push('\n');
    }
    if let Some(help) = &d.outside_help {
        let _ = writeln!(out, "{}\n", e(help));
    }
    let _ = writeln!(out, "## {}\n", t(&w.items));
    for g in &d.groups {
        let _ = writeln!(out, "### {}\n", t(&g.name));
        for item in d.items.iter().filter(|i| i.group == g.group) {
            let mark = match item.answer {
                Answer::Yes => "✅",
                Answer::Partial => "🟡",
                Answer::No => "❌",
                Answer::Unknown => "❔",
            };
            let source = if item.source == Source::SelfReported {
                format!("（{}）", t(&w.self_reported))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "- {mark} **{}**{source} — {} `{}`",
                t(&item.answer.label()),
                e(&item.text),
                item.id
            );
            for ev in &item.evidence {
                let _ = writeln!(out, "  - {}: {}", t(&w.evidence), e(ev));
            }
            if let Some(fix) = &item.fix {
                let _ = writeln!(out, "  - {}: {}", t(&w.fix), e(fix));
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## {}\n", t(&w.findings));
    if let Some(line) = forecast_line(d, lang) {
        let _ = writeln!(out, "{}: {}\n", t(&w.forecast), line);
    }
    for note in &d.forecast_notes {
        let _ = writeln!(out, "{}: {}\n", t(&w.forecast), e(note));
    }
    if d.findings.is_empty() {
        let _ = writeln!(out, "{}", t(&w.no_findings));
    }
    for f in &d.findings {
        let place = place(f, escape_markdown);
        let _ = writeln!(
            out,
            "- **{}** `{}` {} — {}\n  - {}: {}",
            t(&severity(f.severity)),
            f.code,
            place,
            e(&f.message),
            t(&w.fix),
            e(&f.fix)
        );
    }
    out
}

/// The diagnosis as a self-contained HTML page in `lang`.
pub fn html(d: &Diagnosis, lang: Lang) -> String {
    let w = words();
    let t = |l: &Localized| escape_html(l.get(lang));
    let mut out = String::new();
    let _ = writeln!(out, "<h1>{}</h1>", t(&w.title));
    let _ = writeln!(
        out,
        "<p class=\"score\">{}: <strong>{} / {}</strong></p>",
        t(&w.summary),
        d.yes,
        d.items.len()
    );
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<table>\n<tr><th>{}</th><th>{}</th></tr>",
        t(&w.groups),
        t(&w.group),
        t(&w.share)
    );
    for g in &d.groups {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{} / {}</td></tr>",
            t(&g.name),
            g.yes,
            g.items
        );
    }
    let _ = writeln!(out, "</table>");
    if let Some(advice) = &d.advice {
        let _ = writeln!(
            out,
            "<p class=\"advice\"><strong>{}</strong><br>{}</p>",
            t(&w.advice),
            t(advice)
        );
    }
    if let Some(help) = &d.outside_help {
        let _ = writeln!(out, "<p>{}</p>", t(help));
    }
    let _ = writeln!(out, "<h2>{}</h2>", t(&w.items));
    for g in &d.groups {
        let _ = writeln!(out, "<h3>{}</h3>", t(&g.name));
        for item in d.items.iter().filter(|i| i.group == g.group) {
            let _ = write!(
                out,
                "<div class=\"item\"><span class=\"answer {}\">{}</span>{} <code>{}</code>",
                item.answer.code(),
                t(&item.answer.label()),
                t(&item.text),
                item.id
            );
            if item.source == Source::SelfReported {
                let _ = write!(
                    out,
                    " <span class=\"self\">（{}）</span>",
                    t(&w.self_reported)
                );
            }
            out.push_str("\n<ul>");
            for ev in &item.evidence {
                let _ = write!(out, "<li>{}: {}</li>", t(&w.evidence), t(ev));
            }
            if let Some(fix) = &item.fix {
                let _ = write!(out, "<li><strong>{}</strong>: {}</li>", t(&w.fix), t(fix));
            }
            out.push_str("</ul></div>\n");
        }
    }
    let _ = writeln!(out, "<h2>{}</h2>", t(&w.findings));
    if let Some(line) = forecast_line(d, lang) {
        let _ = writeln!(out, "<p>{}: {}</p>", t(&w.forecast), escape_html(&line));
    }
    for note in &d.forecast_notes {
        let _ = writeln!(out, "<p>{}: {}</p>", t(&w.forecast), t(note));
    }
    if d.findings.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", t(&w.no_findings));
    } else {
        out.push_str("<ul>\n");
        for f in &d.findings {
            let place = place(f, escape_html);
            let class = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            let _ = writeln!(
                out,
                "<li><strong class=\"{class}\">{}</strong> <code>{}</code> {place} — {}<br>{}: {}</li>",
                t(&severity(f.severity)),
                f.code,
                t(&f.message),
                t(&w.fix),
                t(&f.fix)
            );
        }
        out.push_str("</ul>\n");
    }
    crate::export::html::page(w.title.get(lang), lang, &out)
}
