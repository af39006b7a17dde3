//! Checks of the graph's shape: ids, the single entry, edges, reachability, unconnected outputs and
//! loops that never wait.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::NodeIndex;
use petgraph::visit::Bfs;

use super::graph::Graph;
use super::{Code, Diagnostic};
use crate::localized::{Localized, visible};
use crate::model::ScenarioFile;
use crate::model::handle::OutputHandle;
use crate::model::ids::{NodeId, is_valid_id, scenario_id_problem};
use crate::model::node::NodeKind;

pub(super) fn check(file: &ScenarioFile, graph: &Graph, out: &mut Vec<Diagnostic>) {
    ids(file, out);
    triggers(file, graph, out);
    edges(file, graph, out);
    unconnected_outputs(file, graph, out);
    unreachable(file, graph, out);
    loops_without_wait(file, graph, out);
}

fn ids(file: &ScenarioFile, out: &mut Vec<Diagnostic>) {
    if let Some(problem) = scenario_id_problem(file.id.as_str()) {
        out.push(Diagnostic::new(Code::InvalidId, problem));
    }
    let mut seen = BTreeSet::new();
    for node in &file.nodes {
        // The file's own ids are the subject here (a hand-edited file): named beside the node.
        let name = file.describe_node(&node.id);
        if !is_valid_id(node.id.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::InvalidId,
                    Localized::new(
                        format!("{}の ID「{}」は使えません。英字か _ で始まり、英数字・_・- のみにしてください", name.ja, visible(node.id.as_str())),
                        format!("The id \"{}\" of {} is not a plain identifier: start with a letter or _, then use letters, digits, _ or -", visible(node.id.as_str()), name.en),
                    ),
                )
                .at_node(&node.id),
            );
        }
        if !seen.insert(&node.id) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    Localized::new(
                        format!(
                            "{}の ID「{}」が重複しています",
                            name.ja,
                            visible(node.id.as_str())
                        ),
                        format!(
                            "The id \"{}\" of {} is used more than once",
                            visible(node.id.as_str()),
                            name.en
                        ),
                    ),
                )
                .at_node(&node.id),
            );
        }
    }
    let mut seen = BTreeSet::new();
    for edge in &file.edges {
        if !is_valid_id(edge.id.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::InvalidId,
                    Localized::new(
                        format!("接続 ID「{}」は使えません。英字か _ で始まり、英数字・_・- のみにしてください", visible(edge.id.as_str())),
                        format!("Edge id \"{}\" is not a plain identifier: start with a letter or _, then use letters, digits, _ or -", visible(edge.id.as_str())),
                    ),
                )
                .at_edge(&edge.id),
            );
        }
        if !seen.insert(&edge.id) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    Localized::new(
                        format!("接続 ID「{}」が重複しています", visible(edge.id.as_str())),
                        format!(
                            "Edge id \"{}\" is used more than once",
                            visible(edge.id.as_str())
                        ),
                    ),
                )
                .at_edge(&edge.id),
            );
        }
    }
}

fn triggers(file: &ScenarioFile, graph: &Graph, out: &mut Vec<Diagnostic>) {
    let triggers = graph.triggers(file);
    match triggers.as_slice() {
        [] => out.push(Diagnostic::new(
            Code::NoTrigger,
            Localized::new(
                "トリガーがありません。パレットの「トリガー」からリードが入る条件を1つ追加してください",
                "The scenario has no trigger. Add one from the palette's Trigger group to say what enrols a lead",
            ),
        )),
        [_] => {}
        [(_, first), rest @ ..] => {
            for (_, node) in rest {
                let this = file.describe_node(&node.id);
                let kept = file.describe_node(&first.id);
                out.push(
                    Diagnostic::new(
                        Code::MultipleTriggers,
                        Localized::new(
                            format!("{}は2つ目以降のトリガーです（最初のトリガーは{}）。入口は1つにし、別の条件は条件分岐かセグメントで表してください", this.ja, kept.ja),
                            format!("{} is an extra trigger (the first is {}). Keep one entry; express other conditions with a condition node or the segment", this.en, kept.en),
                        ),
                    )
                    .at_node(&node.id),
                );
            }
        }
    }
}

fn edges(file: &ScenarioFile, graph: &Graph, out: &mut Vec<Diagnostic>) {
    // (source, handle) → (target, edge id) of the first edge seen from that output.
    let mut first_from_output = BTreeMap::new();
    for edge in &file.edges {
        let source = graph.index.get(&edge.source).map(|&i| &file.nodes[i]);
        let target = graph.index.get(&edge.target).map(|&i| &file.nodes[i]);
        let ends = [
            (&edge.source, source.is_none(), "接続元", "source"),
            (&edge.target, target.is_none(), "接続先", "target"),
        ];
        for (missing, _, ja_end, en_end) in ends.into_iter().filter(|end| end.1) {
            // Point at the end that exists, so the editor can select it.
            let from = match source {
                Some(node) => file.describe_node(&node.id),
                None => Localized::new(String::new(), String::new()),
            };
            let (ja_from, en_from) = if source.is_some() && ja_end == "接続先" {
                (
                    format!("（{}から）", from.ja),
                    format!(" (from {})", from.en),
                )
            } else {
                (String::new(), String::new())
            };
            let mut diagnostic = Diagnostic::new(
                Code::DanglingEdge,
                Localized::new(
                    format!(
                        "接続{}の{}ノード「{}」が存在しません。接続を削除するか、つなぎ直してください",
                        ja_from, ja_end, missing
                    ),
                    format!(
                        "A connection{}: its {} node \"{}\" does not exist; delete the connection or connect it again",
                        en_from, en_end, missing
                    ),
                ),
            )
            .at_edge(&edge.id);
            if let Some(source) = source {
                diagnostic = diagnostic.at_node(&source.id);
            }
            out.push(diagnostic);
        }
        let (Some(source), Some(target)) = (source, target) else {
            continue;
        };
        let outputs = source.kind.outputs();
        if !outputs.contains(&edge.source_handle) {
            let have = if outputs.is_empty() {
                Localized::new("出力はありません", "it has no outputs")
            } else {
                let labels: Vec<Localized> = outputs.iter().map(OutputHandle::describe).collect();
                let labels = Localized::join(&labels, "・", ", ");
                Localized::new(
                    format!("あるのは{}です", labels.ja),
                    format!("it has {}", labels.en),
                )
            };
            let name = file.describe_node(&source.id);
            let to = file.describe_node(&target.id);
            let handle = edge.source_handle.describe();
            out.push(
                Diagnostic::new(
                    Code::UnknownHandle,
                    Localized::new(
                        format!("{}から{}への接続は{}から出ていますが、{}ノードにその出力はありません（{}）", name.ja, to.ja, handle.ja, source.kind.display_name().ja, have.ja),
                        format!("The connection from {} to {} leaves through {}, but {} nodes have no such exit ({})", name.en, to.en, handle.en, source.kind.display_name().en, have.en),
                    ),
                )
                .at_edge(&edge.id)
                .at_node(&source.id),
            );
        }
        if matches!(target.kind, NodeKind::Trigger { .. }) {
            let name = file.describe_node(&target.id);
            let from = file.describe_node(&source.id);
            out.push(
                Diagnostic::new(
                    Code::TriggerHasInput,
                    Localized::new(
                        format!("{}から{}へ接続が入っています。トリガーは入口専用です。繰り返したい場合はシナリオの再登録設定を使ってください", from.ja, name.ja),
                        format!("A connection from {} enters {}. Triggers are entries only; use the scenario's re-enrolment setting to repeat it", from.en, name.en),
                    ),
                )
                .at_edge(&edge.id)
                .at_node(&target.id),
            );
        }
        let key = (&edge.source, &edge.source_handle);
        match first_from_output.get(&key) {
            None => {
                first_from_output.insert(key, (&edge.target, &edge.id));
            }
            Some((first_target, _)) if *first_target == &edge.target => {
                let (from, to) = (
                    file.describe_node(&edge.source),
                    file.describe_node(&edge.target),
                );
                let handle = edge.source_handle.describe();
                out.push(
                    Diagnostic::new(
                        Code::DuplicateEdge,
                        Localized::new(
                            format!(
                                "{}の{}から{}への接続が2本あります。片方を削除してください",
                                from.ja, handle.ja, to.ja
                            ),
                            format!(
                                "There are two connections from the {} of {} to {}; delete one",
                                handle.en, from.en, to.en
                            ),
                        ),
                    )
                    .at_edge(&edge.id),
                );
            }
            Some((first_target, _)) => {
                let name = file.describe_node(&edge.source);
                let handle = edge.source_handle.describe();
                let (first, second) = (
                    file.describe_node(first_target),
                    file.describe_node(&edge.target),
                );
                out.push(
                    Diagnostic::new(
                        Code::OutputConnectedTwice,
                        Localized::new(
                            format!("{}の{}が{}と{}の両方につながっています。振り分けたい場合は条件分岐かA/Bテストを使ってください", name.ja, handle.ja, first.ja, second.ja),
                            format!("The {} of {} leads to both {} and {}; use a condition or a split to divide leads", handle.en, name.en, first.en, second.en),
                        ),
                    )
                    .at_edge(&edge.id)
                    .at_node(&edge.source),
                );
            }
        }
    }
}

fn unconnected_outputs(file: &ScenarioFile, graph: &Graph, out: &mut Vec<Diagnostic>) {
    for (i, node) in file.nodes.iter().enumerate() {
        if !graph.is_canonical(file, i) {
            continue;
        }
        let connected: BTreeSet<&OutputHandle> = graph.outgoing(i).map(|l| l.handle).collect();
        for handle in node.kind.outputs() {
            if connected.contains(&handle) {
                continue;
            }
            let name = file.describe_node(&node.id);
            let label = handle.label();
            let (ja_out, en_out) = if label.ja.is_empty() {
                ("出力".to_owned(), "output".to_owned())
            } else {
                (
                    format!("出力「{}」", label.ja),
                    format!("output \"{}\"", label.en),
                )
            };
            out.push(
                Diagnostic::new(
                    Code::UnconnectedOutput,
                    Localized::new(
                        format!("{}の{}がどこにもつながっていません。ここに来たリードはその場で終了します。意図どおりなら「終了」ノードにつないでください", name.ja, ja_out),
                        format!("The {} of {} is not connected; leads leaving through it end there. If that is intended, connect it to an End node", en_out, name.en),
                    ),
                )
                .at_node(&node.id),
            );
        }
    }
}

fn unreachable(file: &ScenarioFile, graph: &Graph, out: &mut Vec<Diagnostic>) {
    let triggers = graph.triggers(file);
    if triggers.is_empty() {
        return; // `no-trigger` says it; calling every node unreachable would only add noise.
    }
    let mut reached = vec![false; file.nodes.len()];
    for (t, _) in triggers {
        let mut bfs = Bfs::new(&graph.digraph, NodeIndex::new(t));
        while let Some(n) = bfs.next(&graph.digraph) {
            reached[n.index()] = true;
        }
    }
    for (i, node) in file.nodes.iter().enumerate() {
        if reached[i] || !graph.is_canonical(file, i) {
            continue;
        }
        let name = file.describe_node(&node.id);
        out.push(
            Diagnostic::new(
                Code::UnreachableNode,
                Localized::new(
                    format!("{}にはトリガーからたどり着けません。前のノードからつなぐか、不要なら削除してください", name.ja),
                    format!("{} cannot be reached from the trigger; connect it from a previous step or delete it", name.en),
                ),
            )
            .at_node(&node.id),
        );
    }
}

/// A loop is harmless only if every way round it passes an exit that takes time; the graph reports
/// the cycles left once those exits are taken out.
fn loops_without_wait(file: &ScenarioFile, graph: &Graph, out: &mut Vec<Diagnostic>) {
    for members in graph.instant_loops(file) {
        let ids: Vec<&NodeId> = members.iter().map(|&i| &file.nodes[i].id).collect();
        let names: Vec<Localized> = ids.iter().map(|id| file.describe_node(id)).collect();
        let Localized { ja, en } = Localized::join(&names, "・", ", ");
        let message = if ids.len() == 1 {
            Localized::new(
                format!(
                    "{ja}が待機なしで自分自身に戻っています。リードが無限に回り続けるため、ループ内に待機を入れてください"
                ),
                format!(
                    "{en} leads back to itself with no wait, so a lead would cycle forever; put a wait inside the loop"
                ),
            )
        } else {
            Localized::new(
                format!(
                    "{ja}が待機を含まないループになっています。リードが無限に回り続けるため、ループ内に待機を入れてください"
                ),
                format!(
                    "{en} form a loop with no wait in it, so a lead would cycle forever; put a wait inside the loop"
                ),
            )
        };
        out.push(Diagnostic::new(Code::LoopWithoutWait, message).at_node(ids[0]));
    }
}
