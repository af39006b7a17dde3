//! Typed output handles: the named exits of a node that edges start from.
//!
//! In the file a handle is a short string (`"yes"`, `"timeout"`, `"branch:a"`), which is also the
//! React Flow handle id on the canvas. Which handles a node has is decided by its kind
//! (`NodeKind::outputs`), and the validator rejects an edge from a handle the node does not have.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ids::BranchId;
use crate::localized::Localized;

/// One exit of a node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum OutputHandle {
    /// The single exit of triggers, waits and most actions.
    #[default]
    Out,
    /// A condition that holds.
    Yes,
    /// A condition that does not hold.
    No,
    /// A wait-until whose event happened in time.
    Met,
    /// A wait-until whose timeout ran out first.
    Timeout,
    /// One branch of a split.
    Branch(BranchId),
    /// A name no node kind has (a typo such as `"true"`). Kept so that the file still opens and the
    /// validator can report the edge (`unknown-handle`) with everything else that is wrong.
    Other(String),
}

impl OutputHandle {
    /// The label drawn on an edge that leaves through this handle.
    pub fn label(&self) -> Localized {
        match self {
            OutputHandle::Out => Localized::new("", ""),
            OutputHandle::Yes => Localized::new("はい", "Yes"),
            OutputHandle::No => Localized::new("いいえ", "No"),
            OutputHandle::Met => Localized::new("発生", "Happened"),
            OutputHandle::Timeout => Localized::new("タイムアウト", "Timeout"),
            OutputHandle::Branch(id) => Localized::new(id.as_str(), id.as_str()),
            OutputHandle::Other(name) => Localized::new(name.as_str(), name.as_str()),
        }
    }
}

impl OutputHandle {
    /// How a message names this exit: "出力" for a node's only exit, "出力「はい」" for a named one.
    pub fn describe(&self) -> Localized {
        match self {
            OutputHandle::Out => Localized::new("出力", "exit"),
            named => {
                let label = named.label();
                Localized::new(
                    format!("出力「{}」", label.ja),
                    format!("exit \"{}\"", label.en),
                )
            }
        }
    }
}

impl fmt::Display for OutputHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputHandle::Out => f.write_str("out"),
            OutputHandle::Yes => f.write_str("yes"),
            OutputHandle::No => f.write_str("no"),
            OutputHandle::Met => f.write_str("met"),
            OutputHandle::Timeout => f.write_str("timeout"),
            OutputHandle::Branch(id) => write!(f, "branch:{id}"),
            OutputHandle::Other(name) => f.write_str(name),
        }
    }
}

impl FromStr for OutputHandle {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "out" => OutputHandle::Out,
            "yes" => OutputHandle::Yes,
            "no" => OutputHandle::No,
            "met" => OutputHandle::Met,
            "timeout" => OutputHandle::Timeout,
            _ => match s.strip_prefix("branch:") {
                Some(id) if !id.is_empty() => OutputHandle::Branch(BranchId(id.to_owned())),
                _ => OutputHandle::Other(s.to_owned()),
            },
        })
    }
}

impl Serialize for OutputHandle {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for OutputHandle {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(deserializer)?;
        Ok(s.parse()
            .unwrap_or_else(|never: std::convert::Infallible| match never {}))
    }
}

impl JsonSchema for OutputHandle {
    fn schema_name() -> Cow<'static, str> {
        "OutputHandle".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> schemars::Schema {
        json_schema!({
            "description": "The exit of the source node: `out`, `yes`/`no` (condition), `met`/`timeout` (wait-until) or `branch:<id>` (split).",
            "type": "string",
            "pattern": "^(out|yes|no|met|timeout|branch:.+)$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_round_trip_as_strings() {
        for s in [
            "out",
            "yes",
            "no",
            "met",
            "timeout",
            "branch:a",
            "branch:variant-2",
        ] {
            let h: OutputHandle = s.parse().unwrap();
            assert_eq!(h.to_string(), s);
        }
        assert_eq!(
            "branch:".parse::<OutputHandle>(),
            Ok(OutputHandle::Other("branch:".into()))
        );
        assert_eq!(
            "true".parse::<OutputHandle>(),
            Ok(OutputHandle::Other("true".into()))
        );
    }
}
