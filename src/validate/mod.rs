//! The validator: every problem of a scenario, each with a stable code, a severity, the node or edge
//! it concerns and a message in Japanese and English.
//!
//! Like rust-analyzer's diagnostics, validation never stops at the first problem: `check` returns all
//! of them, in a fixed order (errors first, then warnings, each in the order the checks run over the
//! file), so the app can mark every offending node at once and the output is deterministic.

mod codes;
mod content;
mod graph;
mod handoff;
mod structure;
mod timing;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

pub use codes::{Code, Severity, markdown_table};

use crate::localized::Localized;
use crate::model::ScenarioFile;
use crate::model::expr::Attribute;
use crate::model::ids::{EdgeId, NodeId, ScenarioId};
use graph::Graph;

/// One problem found in a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// The kind of problem.
    pub code: Code,
    /// How bad it is (always `code.severity()`).
    pub severity: Severity,
    /// The node it concerns, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<NodeId>,
    /// The edge it concerns, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edge: Option<EdgeId>,
    /// Where in the file the value at fault is (`nodes[1].title`), for whoever edits the JSON:
    /// a detail beside the message, which names the field in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// What is wrong and how to fix it.
    pub message: Localized,
}

impl Diagnostic {
    fn new(code: Code, mut message: Localized) -> Self {
        // Messages often open with a node's name ("node m2 …"); English sentences start upper-case.
        if let Some(first) = message.en.get(..1) {
            let upper = first.to_ascii_uppercase();
            message.en.replace_range(..1, &upper);
        }
        Diagnostic {
            code,
            severity: code.severity(),
            node: None,
            edge: None,
            path: None,
            message,
        }
    }

    fn at_node(mut self, node: &NodeId) -> Self {
        self.node = Some(node.clone());
        self
    }

    fn at_edge(mut self, edge: &EdgeId) -> Self {
        self.edge = Some(edge.clone());
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// What the validator needs to know beyond the scenario itself.
#[derive(Debug, Clone, Default)]
pub struct ValidationOptions {
    /// The scenarios a `switch_scenario` or `suppress_while_in` may name (those of the workspace, or
    /// the files validated together). `None` when unknown: such references are then not checked.
    pub known_scenarios: Option<BTreeSet<ScenarioId>>,
    /// When a scenario counts as over-complex.
    pub complexity: ComplexityLimits,
    /// The workspace's MQL threshold (its scoring settings), when the scenario is checked against
    /// a workspace: a hand-off at another score is then warned of. `None` without a workspace.
    pub mql_threshold: Option<i32>,
    /// The values the workspace's leads have, for the attributes the scenario compares (most
    /// common first, with how many leads have each): a condition that no lead's value can meet
    /// is warned of. An attribute not listed is not checked (no workspace, or too many values).
    pub lead_values: BTreeMap<Attribute, Vec<(String, u64)>>,
}

/// The article's first failure pattern is the over-complex scenario; these are the limits past which
/// the validator warns.
#[derive(Debug, Clone, Copy)]
pub struct ComplexityLimits {
    /// The most nodes.
    pub max_nodes: usize,
    /// The most branch points (conditions, splits and wait-untils).
    pub max_branch_points: usize,
}

impl Default for ComplexityLimits {
    /// 30 nodes and 6 branch points: the four basic scenarios use at most 18 nodes and 3 branch points.
    fn default() -> Self {
        ComplexityLimits {
            max_nodes: 30,
            max_branch_points: 6,
        }
    }
}

/// Every problem of `file`, errors first.
pub fn check(file: &ScenarioFile, options: &ValidationOptions) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let graph = Graph::new(file);
    structure::check(file, &graph, &mut out);
    content::check(file, &graph, options, &mut out);
    timing::check(file, &graph, &mut out);
    // Stable: within a severity the order of discovery (file order) is kept.
    out.sort_by_key(|d| d.severity);
    out
}

/// The first error of `files` validated together (`check_set`), with its file's label: what
/// refuses a set that must be used whole (simulated together, saved together).
pub fn first_error_in_set<'a>(
    files: &[(&'a str, &ScenarioFile)],
    options: &ValidationOptions,
) -> Option<(&'a str, Diagnostic)> {
    let checked = check_set(files, options);
    first_error(files, &checked).map(|(label, error)| (label, error.clone()))
}

/// The first error among the lists `check_set` gave for `files`, with its file's label: for a
/// caller that uses the lists' warnings as well.
pub fn first_error<'a, 'd>(
    files: &[(&'a str, &ScenarioFile)],
    checked: &'d [Vec<Diagnostic>],
) -> Option<(&'a str, &'d Diagnostic)> {
    (files.iter().zip(checked)).find_map(|((label, _), diagnostics)| {
        Some((*label, diagnostics.iter().find(|d| d.is_error())?))
    })
}

/// Every problem of each of `files`, validated together as one set (the files passed to `scenario
/// validate`, or the scenarios of a workspace): each may switch to the others, and no two may share
/// an id. `options.known_scenarios` names further scenarios outside the set. The result has one list
/// per file, in order.
/// Each file comes with a label for messages (its path).
pub fn check_set(
    files: &[(&str, &ScenarioFile)],
    options: &ValidationOptions,
) -> Vec<Vec<Diagnostic>> {
    let mut known = options.known_scenarios.clone().unwrap_or_default();
    known.extend(files.iter().map(|(_, f)| f.id.clone()));
    let options = ValidationOptions {
        known_scenarios: Some(known),
        ..options.clone()
    };
    files
        .iter()
        .enumerate()
        .map(|(i, (_, file))| {
            let mut diagnostics = check(file, &options);
            let twins: Vec<&str> = (0..files.len())
                .filter(|&j| j != i && files[j].1.id == file.id)
                .map(|j| files[j].0)
                .collect();
            // The same scenario given twice (`simulate welcome welcome`) is said as such.
            if !twins.is_empty() && twins.iter().all(|t| *t == files[i].0) {
                diagnostics.insert(
                    0,
                    Diagnostic::new(
                        Code::DuplicateScenarioId,
                        Localized::new(
                            format!("シナリオ「{}」が 2 回指定されています。1 回だけ指定してください", files[i].0),
                            format!("Scenario \"{}\" is given more than once; give it once", files[i].0),
                        ),
                    ),
                );
            } else if !twins.is_empty() {
                let list = twins.join(", ");
                diagnostics.insert(
                    0,
                    Diagnostic::new(
                        Code::DuplicateScenarioId,
                        Localized::new(
                            format!("シナリオ ID「{}」は、一緒に検証した {} と同じです。切替先が特定できないため、ID を変えてください", file.id, list),
                            format!("Scenario id \"{}\" is also the id of {}, validated with it; a switch to it would be ambiguous, so give each scenario its own id", file.id, list),
                        ),
                    ),
                );
            }
            diagnostics
        })
        .collect::<Vec<_>>()
        .into_iter()
        .zip(instant_switch_loops(files))
        .map(|(mut diagnostics, more)| {
            diagnostics.extend(more);
            diagnostics.sort_by_key(|d| d.severity);
            diagnostics
        })
        .collect()
}

/// Scenarios that switch to each other with no time passing, each taking the lead back in at
/// once (re-enrolment `always`): a lead would go round forever in an instant (a forecast counted
/// thousands of enrolments per lead). Per file, a `loop-without-wait` error on its switch in such
/// a loop.
fn instant_switch_loops(files: &[(&str, &ScenarioFile)]) -> Vec<Vec<Diagnostic>> {
    use crate::model::node::NodeKind;
    use crate::model::settings::Reenrollment;
    let mut scenarios: petgraph::graph::DiGraph<usize, usize> = petgraph::graph::DiGraph::new();
    let nodes: Vec<_> = (0..files.len()).map(|i| scenarios.add_node(i)).collect();
    let mut switches: Vec<Vec<(usize, usize)>> = vec![Vec::new(); files.len()];
    for (i, (_, file)) in files.iter().enumerate() {
        let graph = Graph::new(file);
        for n in graph.instant_switches(file) {
            let NodeKind::SwitchScenario { scenario } = &file.nodes[n].kind else {
                continue;
            };
            // The first file of that id: a repeated id is an error of its own.
            let Some(j) = files.iter().position(|(_, f)| f.id == *scenario) else {
                continue;
            };
            let at_once = matches!(files[j].1.settings.reenrollment, Reenrollment::Always);
            if at_once && j != i {
                scenarios.add_edge(nodes[i], nodes[j], n);
                switches[i].push((n, j));
            }
        }
    }
    let mut out = vec![Vec::new(); files.len()];
    for scc in petgraph::algo::tarjan_scc(&scenarios) {
        if scc.len() < 2 {
            continue;
        }
        let members: Vec<usize> = scc.iter().map(|n| scenarios[*n]).collect();
        // Each scenario by its name (its id where it has none), in id order.
        let mut sorted = members.clone();
        sorted.sort_unstable_by_key(|&i| files[i].1.id.as_str());
        let names: Vec<Localized> = sorted.iter().map(|&i| files[i].1.describe()).collect();
        let list = Localized::join(&names, "・", ", ");
        for &i in &members {
            let file = files[i].1;
            for &(n, j) in switches[i].iter().filter(|(_, j)| members.contains(j)) {
                let node = &file.nodes[n].id;
                let from = file.describe_node(node);
                let target = files[j].1.describe();
                out[i].push(
                    Diagnostic::new(
                        Code::LoopWithoutWait,
                        Localized::new(
                            format!(
                                "シナリオ {} が待機なしで互いに切り替わっています（{}から{}へ。切替先は再登録「毎回」）。リードが無限に回り続けるため、切替の前に待機を入れるか、再登録の設定を変えてください",
                                list.ja, from.ja, target.ja
                            ),
                            format!(
                                "Scenarios {} switch to each other with no wait ({} to {}, which re-enrols every time), so a lead would go round forever; put a wait before the switch or change the re-enrolment setting",
                                list.en, from.en, target.en
                            ),
                        ),
                    )
                    .at_node(node),
                );
            }
        }
    }
    out
}

/// `(errors, warnings)` in a list of diagnostics.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}
