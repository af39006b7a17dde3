//! The send-interval check: on every path between two mails, the guaranteed time between them is at
//! least the scenario's minimum send interval.
//!
//! From each send node a shortest-path search runs over the graph, where leaving a node costs the least
//! time a lead spends in it (a wait's delay, a wait-until's timeout on its timeout exit, nothing
//! elsewhere) and the search stops at the next send. The distance to that send is the closest two mails
//! of this scenario can come on that path, whatever the send window adds.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::graph::Graph;
use super::{Code, Diagnostic};
use crate::localized::Localized;
use crate::model::ScenarioFile;
use crate::model::node::{Delay, NodeKind};

pub(super) fn check(file: &ScenarioFile, graph: &Graph, out: &mut Vec<Diagnostic>) {
    let min = file.settings.min_send_interval.minutes();
    if min == 0 {
        return;
    }
    let is_send = |i: usize| matches!(file.nodes[i].kind, NodeKind::SendEmail { .. });
    // Two mails in one loop that never waits: `loop-without-wait` already reports it.
    let mut loop_of = vec![None; file.nodes.len()];
    for (k, members) in graph.instant_loops(file).iter().enumerate() {
        for &m in members {
            loop_of[m] = Some(k);
        }
    }
    for from in (0..file.nodes.len()).filter(|&i| is_send(i) && graph.is_canonical(file, i)) {
        let next_sends = minutes_to_next_sends(file, graph, from, &is_send);
        for (to, minutes) in next_sends.into_iter().enumerate() {
            let Some(minutes) = minutes else { continue };
            if minutes >= min || (loop_of[from].is_some() && loop_of[from] == loop_of[to]) {
                continue;
            }
            let (a, b) = (
                file.describe_node(&file.nodes[from].id),
                file.describe_node(&file.nodes[to].id),
            );
            let need = file.settings.min_send_interval.describe();
            let message = if minutes == 0 {
                Localized::new(
                    format!(
                        "{}が{}の直後に（間を空けずに）送られる経路があります（最小配信間隔は{}）。間に待機を入れてください",
                        b.ja, a.ja, need.ja
                    ),
                    format!(
                        "{} can be sent right after {}, with no time between them (the minimum send interval is {}); put a wait between them",
                        b.en, a.en, need.en
                    ),
                )
            } else {
                let gap = describe_minutes(minutes);
                Localized::new(
                    format!(
                        "{}が{}の送信から{}しか空けずに送られる経路があります（最小配信間隔は{}）。待機を長くしてください",
                        b.ja, a.ja, gap.ja, need.ja
                    ),
                    format!(
                        "{} can be sent only {} after {} (the minimum send interval is {}); make the wait between them longer",
                        b.en, gap.en, a.en, need.en
                    ),
                )
            };
            out.push(
                Diagnostic::new(Code::SendIntervalTooShort, message).at_node(&file.nodes[to].id),
            );
        }
    }
}

/// For every node, the least minutes from sending `from` to sending it as the next mail, if it can be.
fn minutes_to_next_sends(
    file: &ScenarioFile,
    graph: &Graph,
    from: usize,
    is_send: &impl Fn(usize) -> bool,
) -> Vec<Option<u64>> {
    let n = file.nodes.len();
    let mut best: Vec<Option<u64>> = vec![None; n];
    let mut next_send: Vec<Option<u64>> = vec![None; n];
    let mut heap = BinaryHeap::new();
    // `from` itself is expanded once; arriving at it again is a mail after a loop.
    heap.push(Reverse((0u64, from, true)));
    while let Some(Reverse((d, i, is_start))) = heap.pop() {
        if !is_start {
            if best[i].is_some_and(|b| b <= d) {
                continue;
            }
            best[i] = Some(d);
            if is_send(i) {
                next_send[i] = Some(next_send[i].map_or(d, |b: u64| b.min(d)));
                continue;
            }
        }
        let kind = &file.nodes[i].kind;
        for link in graph.outgoing(i).filter(|l| l.valid) {
            let nd = d + kind.min_minutes_through(link.handle);
            if best[link.to].is_none_or(|b| nd < b) {
                heap.push(Reverse((nd, link.to, false)));
            }
        }
    }
    next_send
}

fn describe_minutes(minutes: u64) -> Localized {
    if minutes.is_multiple_of(60) {
        let hours = (minutes / 60) as u32;
        return Delay {
            days: hours / 24,
            hours: hours % 24,
        }
        .describe();
    }
    Localized::new(format!("{minutes}分"), format!("{minutes} minutes"))
}
