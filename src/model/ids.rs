//! Identifiers of scenarios, nodes, edges and split branches.
//!
//! Each is a string newtype so that a node id can never be passed where an edge id is meant. The raw
//! stage accepts any string; the validator checks the shape (`invalid-id`), because the ids end up in
//! BPMN (`xsd:NCName`), Mermaid and React Flow, which all want plain identifiers.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
        )]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as written in the file.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

string_id!(
    /// The id of a scenario, unique within a workspace; `switch_scenario` nodes refer to it.
    ScenarioId
);
string_id!(
    /// The id of a node, unique within its scenario.
    NodeId
);
string_id!(
    /// The id of an edge, unique within its scenario.
    EdgeId
);
string_id!(
    /// The id of one branch of a split node (`a`, `b`, …); edges name it as `branch:<id>`.
    BranchId
);

/// Whether `s` is a well-formed id: an ASCII letter or `_` first, then letters, digits, `_` or `-`,
/// at most 64 characters. This is the common ground of BPMN's NCName, Mermaid node ids and CSS.
pub fn is_valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    s.len() <= 64 && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Names Windows keeps for devices: a scenario with one as its id could not be exported there
/// (`export --all` names each file after its scenario).
const RESERVED_NAMES: [&str; 24] = [
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// What is wrong with `id` as a scenario's id, if anything: the shape of every id
/// (`is_valid_id`), and no name Windows keeps for a device, since a scenario's id names its
/// exported files. The one rule the validator and `scenario new --id` both apply.
pub fn scenario_id_problem(id: &str) -> Option<crate::Localized> {
    let shown = crate::localized::visible(id);
    if RESERVED_NAMES.contains(&id.to_ascii_lowercase().as_str()) {
        Some(crate::Localized::new(
            format!(
                "シナリオ ID「{shown}」は Windows が機器名に使う名前なので、ファイルとして書き出せません。別の ID にしてください"
            ),
            format!(
                "Scenario id \"{shown}\" is a name Windows keeps for a device, so the scenario could not be exported as a file there; choose another id"
            ),
        ))
    } else if !is_valid_id(id) {
        Some(crate::Localized::new(
            format!(
                "シナリオ ID「{shown}」は使えません。英字か _ で始まり、英数字・_・- のみにしてください"
            ),
            format!(
                "Scenario id \"{shown}\" is not a plain identifier: start with a letter or _, then use letters, digits, _ or -"
            ),
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid_id;

    #[test]
    fn id_shapes() {
        for ok in ["a", "mail_1", "_x", "wait-3d", "T2"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in ["", "1st", "メール", "a b", "a.b", "-x", &"x".repeat(65)] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }
}
