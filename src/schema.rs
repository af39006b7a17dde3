//! The JSON Schema of the scenario file, generated from the Rust types.
//!
//! The committed copy is `assets/schema/scenario.schema.json`; a test regenerates it and fails when the
//! two differ, so the schema can never fall behind the code.

use crate::model::ScenarioFile;

/// The schema as pretty-printed JSON text, ending in a newline.
pub fn scenario_schema_json() -> String {
    let schema = schemars::schema_for!(ScenarioFile);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    text.push('\n');
    text
}
