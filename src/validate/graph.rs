//! The scenario as a graph for the checks: nodes by id, and the edges whose two ends exist.

use std::collections::BTreeMap;

use petgraph::graph::{DiGraph, NodeIndex};

use crate::model::ScenarioFile;
use crate::model::handle::OutputHandle;
use crate::model::ids::NodeId;
use crate::model::node::Node;

/// An edge whose source and target both exist.
pub(super) struct Link<'a> {
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
                Some(Link {
                    from: *index.get(&e.source)?,
                    handle: &e.source_handle,
                    to: *index.get(&e.target)?,
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
                self.is_canonical(file, *i)
                    && matches!(n.kind, crate::model::node::NodeKind::Trigger { .. })
            })
            .collect()
    }
}
