//! Mermaid flowchart text (renders in GitHub, GitLab, Notion, Confluence and most wikis), with
//! node labels in the scenario's language. Each kind has its own shape: the trigger a stadium,
//! conditions a rhombus, splits a hexagon, waits a parallelogram, mails a rectangle, other actions
//! a subroutine box, a switch a flag, ends a rounded box (a circle grows with a long label). The
//! scenario's name heads the chart as a boxless node, which every Mermaid from 9.0 on shows as
//! written.

use std::fmt::Write;

use crate::model::ScenarioFile;
use crate::model::node::{Node, NodeKind};

/// Mermaid ids: `n` and the index, so that any node id (spaces, Japanese) is safe.
fn mermaid_id(index: usize) -> String {
    format!("n{index}")
}

/// `s` inside a quoted Mermaid label: quotes and the characters Mermaid reads as markup become
/// entity codes, line breaks and other control characters spaces.
fn label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            // Line breaks, tabs and any other control character (a NUL ends the text in some
            // renderers) as a space.
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The node's shape around its label.
fn shaped(node: &Node, body: &str) -> String {
    let (open, close) = match node.kind {
        NodeKind::Trigger { .. } => ("([", "])"),
        NodeKind::Condition { .. } => ("{", "}"),
        NodeKind::Split { .. } => ("{{", "}}"),
        NodeKind::Wait { .. } | NodeKind::WaitUntil { .. } => ("[/", "/]"),
        NodeKind::SendEmail { .. } => ("[", "]"),
        NodeKind::AdjustScore { .. }
        | NodeKind::NotifySales { .. }
        | NodeKind::UpdateField { .. }
        | NodeKind::SyncSfa { .. }
        | NodeKind::AddToAudience { .. } => ("[[", "]]"),
        NodeKind::SwitchScenario { .. } => (">", "]"),
        NodeKind::End { .. } => ("(", ")"),
    };
    format!("{open}\"{body}\"{close}")
}

/// The scenario as a Mermaid flowchart, top to bottom or left to right as it is drawn on the
/// canvas.
pub fn to_mermaid(file: &ScenarioFile) -> String {
    let language = file.language;
    let mut out = String::new();
    let spread = |f: fn(&Node) -> f64| {
        let values = file.nodes.iter().map(f);
        values.clone().fold(f64::NAN, f64::max) - values.fold(f64::NAN, f64::min)
    };
    let across = spread(|n| n.position.x) > spread(|n| n.position.y);
    let _ = writeln!(out, "flowchart {}", if across { "LR" } else { "TD" });
    // The scenario's name as a heading: a node without a box (`title`; the nodes are `n0`, `n1`
    // …). A front-matter title fails to parse before Mermaid 9.3 and loses or garbles text with
    // `<` or `&` in every version; a node's label keeps any text exactly from 9.0 on.
    let heading = !file.name.trim().is_empty();
    if heading {
        let _ = writeln!(out, "    title[\"{}\"]:::heading", label(&file.name));
    }
    for (i, node) in file.nodes.iter().enumerate() {
        let name = super::node_name(node, language);
        let mut body = label(&name);
        if let NodeKind::SendEmail { email } = &node.kind
            && !email.subject.is_empty()
        {
            body = format!("{body}<br/>{}", label(&email.subject));
        }
        // A wait says how long under its name, and a wait-until what it waits for and how long at
        // most, unless its name already does.
        if let NodeKind::Wait { .. } | NodeKind::WaitUntil { .. } = &node.kind {
            let summary = super::in_language(
                node.kind.summary_in(crate::model::summary::Names {
                    file: Some(file),
                    scenarios: None,
                }),
                language,
            );
            if summary != name {
                body = format!("{body}<br/>{}", label(&summary));
            }
        }
        let _ = writeln!(out, "    {}{}", mermaid_id(i), shaped(node, &body));
    }
    let index = |id: &crate::model::ids::NodeId| file.nodes.iter().position(|n| &n.id == id);
    for edge in &file.edges {
        let (Some(s), Some(t)) = (index(&edge.source), index(&edge.target)) else {
            continue; // An edge to or from a node that does not exist cannot be drawn.
        };
        let caption = label(&super::edge_caption(file, edge));
        if caption.is_empty() {
            let _ = writeln!(out, "    {} --> {}", mermaid_id(s), mermaid_id(t));
        } else {
            let _ = writeln!(
                out,
                "    {} -->|\"{caption}\"| {}",
                mermaid_id(s),
                mermaid_id(t)
            );
        }
    }
    if heading {
        let _ = writeln!(out, "    classDef heading fill:none,stroke:none");
    }
    out
}
