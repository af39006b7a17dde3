//! The committed schema and code table are regenerated and compared.

use expect_test::expect_file;
use scenario_studio::{schema, validate};

#[test]
fn committed_json_schema_is_current() {
    expect_file!["../../assets/schema/scenario.schema.json"]
        .assert_eq(&schema::scenario_schema_json());
}

#[test]
fn docs_list_every_validation_code() {
    let doc = std::fs::read_to_string(crate::root().join("docs/diagnostics.md")).unwrap();
    let table = validate::markdown_table();
    assert!(
        doc.contains(&table),
        "docs/diagnostics.md does not contain the current table; paste the output of `scenario codes` into it:\n{table}"
    );
}

#[test]
fn schema_accepts_templates_structurally() {
    // The schema must describe the files we write: every template's top-level keys are properties.
    let schema: serde_json::Value = serde_json::from_str(&schema::scenario_schema_json()).unwrap();
    let props = schema["properties"].as_object().unwrap();
    for t in scenario_studio::templates::TEMPLATES {
        let value: serde_json::Value = serde_json::from_str(t.json).unwrap();
        for key in value.as_object().unwrap().keys() {
            assert!(
                props.contains_key(key),
                "{}: key {key} missing from schema",
                t.key
            );
        }
    }
    assert_eq!(schema["properties"]["format"]["$ref"], "#/$defs/FormatTag");
    assert_eq!(schema["$defs"]["FormatTag"]["const"], "scenario-studio/1");
}
