//! The validated scenario: the second stage of a scenario file.
//!
//! A `Scenario` exists only for a file that has no error-level diagnostic. Its fields are private and
//! it has no setters; it keeps the file as written plus the indexes the simulator walks (the entry
//! node and where each output leads). To change a scenario, change its `ScenarioFile` and validate again.

use std::collections::BTreeMap;

use crate::model::ScenarioFile;
use crate::model::handle::OutputHandle;
use crate::model::ids::{NodeId, ScenarioId};
use crate::model::node::{Node, NodeKind, TriggerEvent};
use crate::validate::{self, Diagnostic, ValidationOptions};

/// A scenario that passed validation.
#[derive(Debug, Clone)]
pub struct Scenario {
    file: ScenarioFile,
    index: BTreeMap<NodeId, usize>,
    next: BTreeMap<(usize, OutputHandle), usize>,
    entry: usize,
}

impl Scenario {
    /// Validates `file`. Returns the scenario when there is no error, and every diagnostic
    /// (warnings included) either way.
    pub fn from_file(
        file: ScenarioFile,
        options: &ValidationOptions,
    ) -> (Option<Scenario>, Vec<Diagnostic>) {
        let diagnostics = validate::check(&file, options);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return (None, diagnostics);
        }
        let index: BTreeMap<NodeId, usize> = file
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();
        let next = file
            .edges
            .iter()
            .map(|e| {
                (
                    (index[&e.source], e.source_handle.clone()),
                    index[&e.target],
                )
            })
            .collect();
        let entry = file
            .nodes
            .iter()
            .position(|n| matches!(n.kind, NodeKind::Trigger { .. }))
            .expect("validation guarantees exactly one trigger");
        (
            Some(Scenario {
                file,
                index,
                next,
                entry,
            }),
            diagnostics,
        )
    }

    /// The scenario's id.
    pub fn id(&self) -> &ScenarioId {
        &self.file.id
    }

    /// The file the scenario was validated from.
    pub fn file(&self) -> &ScenarioFile {
        &self.file
    }

    /// Gives the file back, e.g. to edit it.
    pub fn into_file(self) -> ScenarioFile {
        self.file
    }

    /// The trigger node.
    pub fn entry(&self) -> &Node {
        &self.file.nodes[self.entry]
    }

    /// What enrols a lead: the trigger node's event.
    pub fn entry_trigger(&self) -> &TriggerEvent {
        let NodeKind::Trigger { event } = &self.entry().kind else {
            unreachable!("the entry is the trigger node")
        };
        event
    }

    /// The trigger node's position in the file's node list.
    pub fn entry_index(&self) -> usize {
        self.entry
    }

    /// `next` by position: where a lead leaving the node at position `from` through `handle`
    /// goes (a position), `None` when that output is not connected.
    pub fn next_index(&self, from: usize, handle: &OutputHandle) -> Option<usize> {
        self.next.get(&(from, handle.clone())).copied()
    }

    /// The node with this id.
    pub fn node(&self, id: &NodeId) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.file.nodes[i])
    }

    /// Where a lead leaving `from` through `handle` goes; `None` when that output is not connected
    /// (the lead's journey ends there).
    pub fn next(&self, from: &NodeId, handle: &OutputHandle) -> Option<&Node> {
        let from = *self.index.get(from)?;
        self.next
            .get(&(from, handle.clone()))
            .map(|&i| &self.file.nodes[i])
    }
}
