//! The raw scenario file: serde types as close to the JSON as possible.
//!
//! This is the first of the two stages (STYLE.md #3). Everything here deserialises whatever is
//! well-typed — an edge to a missing node, an email without a subject, a loop — because the user must
//! be able to open, see and fix a broken scenario. Unknown fields are refused, so a typo is caught at
//! load time with its JSON path. The validator (`crate::validate`) turns a `ScenarioFile` into the
//! checked `crate::Scenario`.

pub mod expr;
pub mod handle;
pub mod ids;
pub mod node;
pub mod settings;
pub mod summary;

use std::borrow::Cow;

use schemars::{JsonSchema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::localized::Localized;
use handle::OutputHandle;
use ids::{EdgeId, NodeId, ScenarioId};
use node::Node;
use settings::Settings;

/// The format tag this build reads and writes.
pub const FORMAT: &str = "scenario-studio/1";
/// The format tag's prefix; the number after it is the format version.
pub const FORMAT_PREFIX: &str = "scenario-studio/";
/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// One scenario as stored in a `.scenario.json` file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Scenario Studio scenario")]
pub struct ScenarioFile {
    /// Always `scenario-studio/1` for this version of the format.
    pub format: FormatTag,
    /// Unique within a workspace.
    pub id: ScenarioId,
    /// The scenario's name.
    pub name: String,
    /// What the scenario is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Only active scenarios run together in a workspace simulation.
    #[serde(default)]
    pub status: Status,
    /// The language of the scenario's texts.
    #[serde(default)]
    pub language: Language,
    /// 担当者: who owns the scenario.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Scenario-level settings.
    #[serde(default)]
    pub settings: Settings,
    /// The steps.
    pub nodes: Vec<Node>,
    /// The connections between steps.
    #[serde(default)]
    pub edges: Vec<Edge>,
}

/// A connection from one node's output to another node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    /// Unique within the scenario.
    pub id: EdgeId,
    /// The node the edge leaves.
    pub source: NodeId,
    /// Which exit of the source node.
    #[serde(default)]
    pub source_handle: OutputHandle,
    /// The node the edge enters.
    pub target: NodeId,
}

/// A scenario's lifecycle status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 下書き.
    #[default]
    Draft,
    /// 稼働中: runs in workspace simulations and counts as implemented in the diagnosis.
    Active,
    /// 一時停止.
    Paused,
}

/// The language a scenario's texts are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// 日本語.
    #[default]
    Ja,
    /// English.
    En,
}

/// The `format` field. Only the current tag deserialises; `crate::format` reads the tag first so that
/// an older or newer file gets a precise message rather than a type error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FormatTag;

impl Serialize for FormatTag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(FORMAT)
    }
}

impl<'de> Deserialize<'de> for FormatTag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(deserializer)?;
        if s == FORMAT {
            Ok(FormatTag)
        } else {
            Err(serde::de::Error::custom(format!(
                "expected format `{FORMAT}`, found `{s}`"
            )))
        }
    }
}

impl JsonSchema for FormatTag {
    fn schema_name() -> Cow<'static, str> {
        "FormatTag".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> schemars::Schema {
        json_schema!({
            "description": "The file format and its version.",
            "const": FORMAT
        })
    }
}

impl ScenarioFile {
    /// Its conditions: the segment, the goal, the exit condition and each condition node's, in
    /// that order.
    pub fn conditions(&self) -> impl Iterator<Item = &expr::Expr> {
        let s = &self.settings;
        let nodes = self.nodes.iter().filter_map(|n| match &n.kind {
            node::NodeKind::Condition { condition } => Some(condition),
            _ => None,
        });
        [&s.segment, &s.goal, &s.exit_when]
            .into_iter()
            .flatten()
            .chain(nodes)
    }

    /// `conditions`, to change them.
    pub fn conditions_mut(&mut self) -> impl Iterator<Item = &mut expr::Expr> {
        let s = &mut self.settings;
        let nodes = self.nodes.iter_mut().filter_map(|n| match &mut n.kind {
            node::NodeKind::Condition { condition } => Some(condition),
            _ => None,
        });
        [&mut s.segment, &mut s.goal, &mut s.exit_when]
            .into_iter()
            .flatten()
            .chain(nodes)
    }

    /// The other scenarios this one names: targets of its switch nodes and the scenarios whose
    /// leads it does not mail (`suppress_while_in`), each once, in id order.
    pub fn referenced_scenarios(&self) -> std::collections::BTreeSet<&ScenarioId> {
        let switches = self.nodes.iter().filter_map(|n| match &n.kind {
            node::NodeKind::SwitchScenario { scenario } => Some(scenario),
            _ => None,
        });
        switches
            .chain(&self.settings.suppress_while_in)
            .filter(|id| **id != self.id)
            .collect()
    }

    /// The node with this id, if any (the first, should ids repeat).
    pub fn node(&self, id: &NodeId) -> Option<&Node> {
        self.nodes.iter().find(|n| &n.id == id)
    }

    /// How the scenario is named in messages meant for a marketer: 「its name」 (its id where it
    /// has none).
    pub fn describe(&self) -> Localized {
        use crate::localized::visible;
        let name = visible(if self.name.is_empty() {
            self.id.as_str()
        } else {
            &self.name
        });
        Localized::new(format!("「{name}」"), format!("\"{name}\""))
    }

    /// Node `id` as named from outside the scenario: 「scenario」の「node」.
    pub fn describe_node_in(&self, id: &NodeId) -> Localized {
        let (scenario, node) = (self.describe(), self.describe_node(id));
        Localized::new(
            format!("{}の{}", scenario.ja, node.ja),
            format!("{} in {}", node.en, scenario.en),
        )
    }

    /// How a node is named in messages meant for a marketer: by its title, as the canvas shows
    /// it; without one, by its kind's name, numbered when several untitled nodes share the kind
    /// (in file order). Never by its id: the diagnostic's `node` carries that for the tools that
    /// point at it (the canvas selects the node, the CLI prints the id beside the message).
    pub fn describe_node(&self, id: &NodeId) -> Localized {
        use crate::localized::visible;
        let Some(node) = self.node(id) else {
            let id = visible(id.as_str());
            return Localized::new(format!("ノード「{id}」"), format!("node \"{id}\""));
        };
        if !node.title.is_empty() {
            let title = visible(&node.title);
            return Localized::new(format!("「{title}」"), format!("\"{title}\""));
        }
        let kind = node.kind.display_name();
        let alike: Vec<&NodeId> = (self.nodes.iter())
            .filter(|n| n.title.is_empty() && n.kind.type_name() == node.kind.type_name())
            .map(|n| &n.id)
            .collect();
        match alike.iter().position(|n| *n == id) {
            Some(i) if alike.len() > 1 => Localized::new(
                format!("{}つ目の「{}」ノード", i + 1, kind.ja),
                format!("{} node #{}", kind.en, i + 1),
            ),
            _ => Localized::new(
                format!("「{}」ノード", kind.ja),
                format!("the {} node", kind.en),
            ),
        }
    }
}
