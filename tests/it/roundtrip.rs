//! Properties over generated scenario files.

use proptest::prelude::*;
use scenario_studio::format;
use scenario_studio::validate::{self, ValidationOptions};

use crate::arb::scenario_file;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any scenario survives a save and a load unchanged, and saving it again gives the same bytes.
    #[test]
    fn json_round_trip_is_lossless(file in scenario_file()) {
        let text = format::to_json(&file);
        let back = format::parse_scenario(&text).unwrap();
        prop_assert_eq!(&back, &file);
        prop_assert_eq!(format::to_json(&back), text);
    }

    /// The validator never panics, is deterministic, and only names nodes and edges that exist.
    #[test]
    fn validation_is_total_and_deterministic(file in scenario_file()) {
        let options = ValidationOptions::default();
        let first = validate::check(&file, &options);
        prop_assert_eq!(&first, &validate::check(&file, &options));
        for d in &first {
            if let Some(node) = &d.node {
                prop_assert!(file.nodes.iter().any(|n| &n.id == node), "{:?}", d);
            }
            if let Some(edge) = &d.edge {
                prop_assert!(file.edges.iter().any(|e| &e.id == edge), "{:?}", d);
            }
        }
        // Errors come first.
        let first_warning = first.iter().position(|d| !d.is_error()).unwrap_or(first.len());
        prop_assert!(first[first_warning..].iter().all(|d| !d.is_error()));
    }
}
