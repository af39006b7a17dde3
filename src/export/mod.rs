//! Exports out of the workspace: leads and forecasts as CSV, scenarios as BPMN 2.0 (and back) and
//! Mermaid, and the escaping the markup formats share.

pub mod backtest_report;
pub mod bpmn;
pub mod forecast_csv;
pub mod html;
pub mod leads_csv;
pub mod markup;
pub mod mermaid;
pub mod sim_report;

use crate::model::handle::OutputHandle;
use crate::model::node::{Node, NodeKind};
use crate::model::{Edge, Language, ScenarioFile};

/// A localized text in a scenario's language.
pub(crate) fn in_language(text: crate::Localized, language: Language) -> String {
    match language {
        Language::Ja => text.ja,
        Language::En => text.en,
    }
}

/// The name a node shows in a diagram: its title, or its kind's name in the scenario's language.
pub(crate) fn node_name(node: &Node, language: Language) -> String {
    if node.title.is_empty() {
        in_language(node.kind.display_name(), language)
    } else {
        node.title.clone()
    }
}

/// The caption of an edge in a diagram: a split branch's label and percent, or the handle's
/// label (はい, いいえ, …) in the scenario's language; empty for a plain `out`.
pub(crate) fn edge_caption(file: &ScenarioFile, edge: &Edge) -> String {
    match (
        &edge.source_handle,
        file.node(&edge.source).map(|n| &n.kind),
    ) {
        (OutputHandle::Branch(b), Some(NodeKind::Split { branches })) => branches
            .iter()
            .find(|br| &br.id == b)
            .map(crate::model::node::SplitBranch::caption)
            .unwrap_or_default(),
        (handle, _) => in_language(handle.label(), file.language),
    }
}

/// Reads a scenario design from a file of either interchange format: our BPMN (text starting with
/// `<`) or scenario JSON (of this or an older format version), with notes on what a BPMN
/// modeler added that could not be taken in.
pub fn read_design(
    path: &std::path::Path,
) -> Result<(ScenarioFile, Vec<crate::Localized>), crate::Localized> {
    let bytes = crate::format::read_bytes(path).map_err(|e| e.localized())?;
    let text = crate::format::text_of(&bytes).map_err(|e| e.localized())?;
    if text.trim_start().starts_with('<') {
        bpmn::from_bpmn_with_notes(text).map_err(|e| e.localized())
    } else {
        let file = crate::format::parse_scenario(text).map_err(|e| e.localized())?;
        Ok((file, Vec::new()))
    }
}
