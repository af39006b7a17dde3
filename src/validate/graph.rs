//! The scenario as a graph for the checks: nodes by id, and the edges whose two ends exist.

use std::collections::BTreeMap;

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeFiltered;

use crate::model::ScenarioFile;
use crate::model::handle::OutputHandle;
use crate::model::ids::NodeId;
use crate::model::node::{Node, NodeKind};

/// An edge whose source and target both exist.
pub(super) struct Link<'a> {
    /// Whether the edge can be followed: it leaves through an output its source has and does not
    /// enter a trigger. Invalid edges are reported once and ignored by the loop, interval and
    /// hand-off checks, so that one wrong edge does not raise five diagnostics.
    pub valid: bool,
    /// Position of the source in `file.nodes`.
    pub from: usize,
    /// The source's exit.
    pub handle: &'a OutputHandle,
    /// Position of the target in `file.nodes`.
    pub to: usize,
}

/// Indexes over one scenario file. A repeated node id resolves to its first node; the later ones
/// are reported as `duplicate-id` and otherwise left out of the graph checks.
pub(super) struct Graph<'a> {
    /// Node position by id (first occurrence).
    pub index: BTreeMap<&'a NodeId, usize>,
    /// Resolved edges, in file order.
    pub links: Vec<Link<'a>>,
    /// Positions in `links` of the links leaving each node.
    out_links: Vec<Vec<usize>>,
    /// The same edges as a petgraph graph; node `i` is `file.nodes[i]`, edge weights are `links` positions.
    pub digraph: DiGraph<(), usize>,
}

impl<'a> Graph<'a> {
    pub fn new(file: &'a ScenarioFile) -> Self {
        let mut index = BTreeMap::new();
        for (i, node) in file.nodes.iter().enumerate() {
            index.entry(&node.id).or_insert(i);
        }
        let links: Vec<Link<'a>> = file
            .edges
            .iter()
            .filter_map(|e| {
                let from = *index.get(&e.source)?;
                let to = *index.get(&e.target)?;
                let valid = file.nodes[from].kind.outputs().contains(&e.source_handle)
                    && !matches!(file.nodes[to].kind, NodeKind::Trigger { .. });
                Some(Link {
                    valid,
                    from,
                    handle: &e.source_handle,
                    to,
                })
            })
            .collect();
        let mut out_links = vec![Vec::new(); file.nodes.len()];
        let mut digraph = DiGraph::with_capacity(file.nodes.len(), links.len());
        for _ in &file.nodes {
            digraph.add_node(());
        }
        for (i, link) in links.iter().enumerate() {
            out_links[link.from].push(i);
            digraph.add_edge(NodeIndex::new(link.from), NodeIndex::new(link.to), i);
        }
        Graph {
            index,
            links,
            out_links,
            digraph,
        }
    }

    /// The loops a lead could go round without any time passing: the cycles of the graph of valid
    /// edges that take no time (see `NodeKind::takes_time_through`). Each is a sorted list of node
    /// positions; the list is sorted too.
    pub fn instant_loops(&self, file: &ScenarioFile) -> Vec<Vec<usize>> {
        let instant = EdgeFiltered::from_fn(&self.digraph, |e| {
            let link = &self.links[*e.weight()];
            link.valid && !file.nodes[link.from].kind.takes_time_through(link.handle)
        });
        let mut loops: Vec<Vec<usize>> = tarjan_scc(&instant)
            .into_iter()
            .map(|scc| {
                let mut members: Vec<usize> = scc.into_iter().map(|n| n.index()).collect();
                members.sort_unstable();
                members
            })
            .filter(|members| match members.as_slice() {
                [single] => self.outgoing(*single).any(|l| {
                    l.to == *single
                        && l.valid
                        && !file.nodes[*single].kind.takes_time_through(l.handle)
                }),
                _ => true,
            })
            .collect();
        loops.sort();
        loops
    }

    /// The switch nodes a lead reaches from the trigger with no time passing (along valid edges
    /// that take no time), in file order: where it goes straight on into another scenario.
    pub fn instant_switches(&self, file: &ScenarioFile) -> Vec<usize> {
        let mut seen = vec![false; file.nodes.len()];
        let mut queue: std::collections::VecDeque<usize> =
            self.triggers(file).into_iter().map(|(i, _)| i).collect();
        while let Some(i) = queue.pop_front() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            for l in self.outgoing(i) {
                if l.valid && !file.nodes[i].kind.takes_time_through(l.handle) && !seen[l.to] {
                    queue.push_back(l.to);
                }
            }
        }
        (0..file.nodes.len())
            .filter(|&i| seen[i] && matches!(file.nodes[i].kind, NodeKind::SwitchScenario { .. }))
            .collect()
    }

    /// Whether `i` is the first node with its id (later duplicates are not part of the graph).
    pub fn is_canonical(&self, file: &ScenarioFile, i: usize) -> bool {
        self.index.get(&file.nodes[i].id) == Some(&i)
    }

    /// The links leaving node `i`, in file order.
    pub fn outgoing(&self, i: usize) -> impl Iterator<Item = &Link<'a>> {
        self.out_links[i].iter().map(|&l| &self.links[l])
    }

    /// The trigger nodes, in file order.
    pub fn triggers<'f>(&self, file: &'f ScenarioFile) -> Vec<(usize, &'f Node)> {
        file.nodes
            .iter()
            .enumerate()
            .filter(|(i, n)| {
                self.is_canonical(file, *i) && matches!(n.kind, NodeKind::Trigger { .. })
            })
            .collect()
    }
}
