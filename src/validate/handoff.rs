//! The score gate of sales hand-offs (`notify_sales`): a hand-off must be gated by a score — its
//! own threshold, or a score condition or score trigger on every path to it — and where it is
//! gated twice the two must agree, and agree with the workspace's MQL threshold. A hand-off whose
//! threshold sits above the condition before it hands off few of the leads the condition let
//! through, and nothing on the canvas says so (issue 24).

use petgraph::graph::NodeIndex;
use petgraph::visit::{Bfs, EdgeFiltered};

use super::graph::Graph;
use super::{Code, Diagnostic, ValidationOptions};
use crate::localized::Localized;
use crate::model::ScenarioFile;
use crate::model::node::NodeKind;

pub(super) fn check(
    file: &ScenarioFile,
    graph: &Graph,
    options: &ValidationOptions,
    out: &mut Vec<Diagnostic>,
) {
    ungated(file, graph, out);
    thresholds(file, graph, options, out);
}

/// A hand-off's own threshold: `None` when it has none, or one of 0 or less (which lets every lead
/// through: no gate).
fn own_threshold(kind: &NodeKind) -> Option<i32> {
    if let NodeKind::NotifySales {
        score_threshold, ..
    } = kind
    {
        score_threshold.filter(|t| *t > 0)
    } else {
        None
    }
}

/// A hand-off is gated when it has its own threshold, or when every path from the trigger to it
/// passes the `yes` exit of a condition that implies a minimum score (or starts at a score trigger).
fn ungated(file: &ScenarioFile, graph: &Graph, out: &mut Vec<Diagnostic>) {
    let ungated_handoffs: Vec<usize> = (file.nodes.iter().enumerate())
        .filter(|(i, n)| {
            graph.is_canonical(file, *i)
                && matches!(n.kind, NodeKind::NotifySales { .. })
                && own_threshold(&n.kind).is_none()
        })
        .map(|(i, _)| i)
        .collect();
    if ungated_handoffs.is_empty() {
        return;
    }
    let open_paths = EdgeFiltered::from_fn(&graph.digraph, |e| {
        let link = &graph.links[*e.weight()];
        link.valid && !file.nodes[link.from].kind.gates_on_score(link.handle)
    });
    let mut reached = vec![false; file.nodes.len()];
    for (t, _) in graph.triggers(file) {
        let mut bfs = Bfs::new(&open_paths, NodeIndex::new(t));
        while let Some(n) = bfs.next(&open_paths) {
            reached[n.index()] = true;
        }
    }
    for i in ungated_handoffs.into_iter().filter(|&i| reached[i]) {
        let node = &file.nodes[i];
        let name = file.describe_node(&node.id);
        out.push(
            Diagnostic::new(
                Code::HandoffWithoutThreshold,
                Localized::new(
                    format!("{}はスコアに関係なく営業へ引き渡されます。ノードにスコア閾値を設定するか、前に「スコア ≥ MQL閾値」の条件分岐を置いてください", name.ja),
                    format!("{} hands leads to sales whatever their score; give it a score threshold or put a \"score ≥ MQL threshold\" condition before it", name.en),
                ),
            )
            .at_node(&node.id),
        );
    }
}

/// How a node is reached, as far as scores go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrival {
    /// No lead reaches it.
    Never,
    /// Every lead reaching it has passed a score gate of at least this (`None`: some path passes
    /// none).
    Floor(Option<i32>),
}

/// For each node, the least score every lead reaching it was guaranteed by the gates it passed
/// (a path's floor is its highest gate; a node's, the lowest over the paths that reach it).
/// Scores can fall between a gate and a hand-off (a subtraction, the half-life); this is what the
/// scenario as drawn says, which is what a marketer reads from the canvas.
fn arrival_floors(file: &ScenarioFile, graph: &Graph) -> Vec<Arrival> {
    let mut floors = vec![Arrival::Never; file.nodes.len()];
    for (t, _) in graph.triggers(file) {
        floors[t] = Arrival::Floor(None);
    }
    // Floors only fall, and each is one of finitely many values: at most one pass per node and
    // value settles it; a pass that changes nothing ends it.
    loop {
        let mut changed = false;
        for link in graph.links.iter().filter(|l| l.valid) {
            let Arrival::Floor(before) = floors[link.from] else {
                continue;
            };
            let gate = file.nodes[link.from].kind.score_floor_through(link.handle);
            let through = before.max(gate);
            let lower = match floors[link.to] {
                Arrival::Never => Arrival::Floor(through),
                Arrival::Floor(at) => Arrival::Floor(lowest(at, through)),
            };
            if lower != floors[link.to] {
                floors[link.to] = lower;
                changed = true;
            }
        }
        if !changed {
            return floors;
        }
    }
}

/// The lower of two floors, `None` (no floor) being the lowest.
fn lowest(a: Option<i32>, b: Option<i32>) -> Option<i32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        _ => None,
    }
}

/// The first gate (in the file's order of edges) that lets leads through at `floor` and from
/// which `to` can be reached: the condition a message names.
fn gate_at(file: &ScenarioFile, graph: &Graph, floor: i32, to: usize) -> Option<usize> {
    let valid = EdgeFiltered::from_fn(&graph.digraph, |e| graph.links[*e.weight()].valid);
    (graph.links.iter())
        .filter(|l| l.valid && file.nodes[l.from].kind.score_floor_through(l.handle) == Some(floor))
        .find(|l| {
            let mut bfs = Bfs::new(&valid, NodeIndex::new(l.to));
            std::iter::from_fn(|| bfs.next(&valid)).any(|n| n.index() == to)
        })
        .map(|l| l.from)
}

/// A hand-off gated twice must be gated once: its own threshold above the floor the gates before
/// it guarantee hands off only part of the leads they let through; below it, it never stops a
/// lead. Against a workspace, the score a hand-off effectively needs (its own threshold, or the
/// gates' floor) must be the workspace's MQL threshold.
fn thresholds(
    file: &ScenarioFile,
    graph: &Graph,
    options: &ValidationOptions,
    out: &mut Vec<Diagnostic>,
) {
    let floors = arrival_floors(file, graph);
    for (i, node) in file.nodes.iter().enumerate() {
        if !graph.is_canonical(file, i) || !matches!(node.kind, NodeKind::NotifySales { .. }) {
            continue;
        }
        let Arrival::Floor(floor) = floors[i] else {
            continue;
        };
        let own = own_threshold(&node.kind);
        let name = file.describe_node(&node.id);
        if let (Some(t), Some(f)) = (own, floor)
            && t != f
        {
            let gate = gate_at(file, graph, f, i)
                .map(|g| file.describe_node(&file.nodes[g].id))
                .unwrap_or_else(|| Localized::new("手前の条件", "the condition before it"));
            let message = if t > f {
                Localized::new(
                    format!(
                        "{}はスコア {t} 以上で引き渡しますが、手前の{}はスコア {f} 以上のリードを通します。スコア {f}〜{} のリードは条件を満たしても営業へ引き渡されません。どちらか一方の閾値にそろえてください",
                        name.ja,
                        gate.ja,
                        t - 1
                    ),
                    format!(
                        "{} hands off at score {t} or more, but {} before it lets leads with score {f} or more through: leads scoring {f}–{} pass the condition and are not handed off. Make the two thresholds agree",
                        name.en,
                        gate.en,
                        t - 1
                    ),
                )
            } else {
                Localized::new(
                    format!(
                        "{}の閾値（スコア {t}）は、手前の{}でスコア {f} 以上に絞られたリードしか来ないため、どのリードも止めません。閾値を外すか条件と同じ値にして、判定を 1 か所にしてください",
                        name.ja, gate.ja
                    ),
                    format!(
                        "the threshold of {} (score {t}) never stops a lead: every lead reaching it passed {} (score {f} or more). Remove the threshold or give it the condition's value, so the decision is made in one place",
                        name.en, gate.en
                    ),
                )
            };
            let code = if t > f {
                Code::HandoffThresholdAboveCondition
            } else {
                Code::HandoffThresholdRedundant
            };
            out.push(Diagnostic::new(code, message).at_node(&node.id));
        }
        let effective = own.or(floor);
        if let (Some(mql), Some(at)) = (options.mql_threshold, effective)
            && mql != at
        {
            out.push(
                Diagnostic::new(
                    Code::HandoffThresholdNotMql,
                    Localized::new(
                        format!(
                            "{}はスコア {at} 以上で営業へ引き渡しますが、ワークスペースの MQL 閾値は {mql} です。MQL として数えるリードと営業へ渡すリードがずれます。設定の MQL 閾値にそろえてください",
                            name.ja
                        ),
                        format!(
                            "{} hands leads to sales at score {at} or more, but the workspace's MQL threshold is {mql}: the leads counted as MQLs and those handed to sales differ. Use the MQL threshold from the settings",
                            name.en
                        ),
                    ),
                )
                .at_node(&node.id),
            );
        }
    }
}
