//! Which recorded mail is which scenario mail. A mail event's detail names the mail as the MA tool
//! exported it; it is tied to the mail the user tied it to by hand (`ResponseSettings::mail_ties`),
//! or else to the send-email node whose id, subject or title it names (trimmed, case folded). A
//! detail that names no node, or several, is untied. The response model fits a
//! mail's rates from its tied history and the back-test compares a mail with it: both tie here.

use std::collections::BTreeMap;

use crate::model::ScenarioFile;
use crate::model::ids::{NodeId, ScenarioId};
use crate::model::node::{EmailKind, NodeKind};
use crate::scenario::Scenario;

/// The key a recorded mail and a scenario mail are matched by.
pub fn key(text: &str) -> String {
    text.trim().to_lowercase()
}

/// A scenario's mail: the scenario and its send-email node.
pub type MailRef = (ScenarioId, NodeId);

/// The send-email nodes of a set of scenarios, by the keys recorded mails may name them by.
#[derive(Debug, Clone, Default)]
pub struct MailIndex {
    by_key: BTreeMap<String, Vec<MailRef>>,
    by_hand: BTreeMap<String, MailRef>,
    kinds: BTreeMap<MailRef, EmailKind>,
}

impl MailIndex {
    /// Indexes every send-email node of `scenarios` by its id, subject and title, and the
    /// recorded mails tied by hand (`detail → scenario/node`) to one of them (a tie to a mail
    /// not among them is left out).
    pub fn new(scenarios: &[Scenario], by_hand: &BTreeMap<String, String>) -> MailIndex {
        MailIndex::of_files(scenarios.iter().map(Scenario::file), by_hand)
    }

    /// `new` over scenario files as stored, valid or not (the leads screen names the mails a
    /// lead received by them).
    pub fn of_files<'a>(
        files: impl IntoIterator<Item = &'a ScenarioFile>,
        by_hand: &BTreeMap<String, String>,
    ) -> MailIndex {
        let mut index = MailIndex::default();
        for file in files {
            for node in &file.nodes {
                let NodeKind::SendEmail { email } = &node.kind else {
                    continue;
                };
                let mail = (file.id.clone(), node.id.clone());
                let mut own: Vec<String> = [node.id.as_str(), &email.subject, &node.title]
                    .into_iter()
                    .map(key)
                    .filter(|k| !k.is_empty())
                    .collect();
                own.sort();
                own.dedup();
                for k in own {
                    index.by_key.entry(k).or_default().push(mail.clone());
                }
                index.kinds.insert(mail, email.kind);
            }
        }
        for (detail, target) in by_hand {
            let mail = (target.split_once('/')).and_then(|(scenario, node)| {
                (index.kinds.keys()).find(|(s, n)| s.as_str() == scenario && n.as_str() == node)
            });
            if let Some(mail) = mail.cloned() {
                index.by_hand.insert(key(detail), mail);
            }
        }
        index
    }

    /// The scenario mail a recorded mail's detail is tied to by hand, or else the one it names
    /// if exactly one.
    pub fn tie(&self, detail: &str) -> Option<&MailRef> {
        let detail = key(detail);
        if let Some(mail) = self.by_hand.get(&detail) {
            return Some(mail);
        }
        match self.by_key.get(&detail).map(Vec::as_slice) {
            Some([mail]) => Some(mail),
            _ => None,
        }
    }

    /// Every scenario mail with its kind, in order.
    pub fn mails(&self) -> impl Iterator<Item = (&MailRef, EmailKind)> {
        self.kinds.iter().map(|(m, k)| (m, *k))
    }

    /// The kind of a scenario mail.
    pub fn kind(&self, mail: &MailRef) -> Option<EmailKind> {
        self.kinds.get(mail).copied()
    }
}
