//! Golden diagnostics: one broken fixture per validation code (`tests/fixtures/invalid/<code>.json`),
//! its full diagnostic list in `tests/golden/diagnostics/<code>.txt`.

use std::collections::BTreeSet;
use std::fmt::Write;

use expect_test::expect_file;
use scenario_studio::format;
use scenario_studio::model::ScenarioFile;
use scenario_studio::model::expr::Attribute;
use scenario_studio::validate::{self, Code, Diagnostic, ValidationOptions};

/// Diagnostics in a stable text form for golden files.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        write!(out, "{:?} {}", d.severity, d.code).unwrap();
        if let Some(node) = &d.node {
            write!(out, " node={node}").unwrap();
        }
        if let Some(edge) = &d.edge {
            write!(out, " edge={edge}").unwrap();
        }
        if let Some(path) = &d.path {
            write!(out, " path={path}").unwrap();
        }
        writeln!(out, "\n  ja: {}\n  en: {}", d.message.ja, d.message.en).unwrap();
    }
    out
}

/// Validation as `scenario validate` does it for a single file. The `duplicate-scenario-id` fixture
/// is validated together with `valid-minimal.json`, whose id it shares; `handoff-threshold-not-mql`
/// against a workspace whose MQL threshold is the default 100; `condition-matches-no-lead` against
/// a workspace whose leads are 製造業 and 情報通信業 at every job level but none other.
fn check_file(name: &str) -> Vec<Diagnostic> {
    let file = format::read_scenario(&crate::fixture(name)).unwrap();
    let options = ValidationOptions {
        mql_threshold: name
            .ends_with("handoff-threshold-not-mql.json")
            .then_some(100),
        lead_values: if name.ends_with("condition-matches-no-lead.json") {
            let values = |v: &[(&str, u64)]| v.iter().map(|(s, n)| ((*s).to_owned(), *n)).collect();
            [
                (
                    Attribute::Industry,
                    values(&[("製造業", 30), ("情報通信業", 20)]),
                ),
                (
                    Attribute::JobLevel,
                    values(&[
                        ("manager", 20),
                        ("director", 15),
                        ("staff", 10),
                        ("executive", 5),
                    ]),
                ),
            ]
            .into_iter()
            .collect()
        } else {
            Default::default()
        },
        ..ValidationOptions::default()
    };
    if name.ends_with("duplicate-scenario-id.json") {
        let twin = format::read_scenario(&crate::fixture("valid-minimal.json")).unwrap();
        let set = [(name, &file), ("valid-minimal.json", &twin)];
        return validate::check_set(&set, &options).swap_remove(0);
    }
    validate::check_set(&[(name, &file)], &options).swap_remove(0)
}

#[test]
fn each_code_has_a_fixture_that_raises_it_and_matches_its_golden() {
    let dir = crate::root().join("tests/fixtures/invalid");
    let mut fixtures: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    fixtures.sort();
    let names: BTreeSet<&str> = fixtures
        .iter()
        .filter_map(|f| f.strip_suffix(".json"))
        .collect();
    let codes: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(names, codes, "one fixture per code, named after it");

    for code in Code::ALL {
        let diagnostics = check_file(&format!("invalid/{code}.json"));
        assert!(
            diagnostics.iter().any(|d| d.code == *code),
            "fixture {code}.json does not raise {code}:\n{}",
            render(&diagnostics)
        );
        expect_file![format!("../golden/diagnostics/{code}.txt")].assert_eq(&render(&diagnostics));
    }
}

#[test]
fn the_minimal_fixture_is_clean() {
    assert_eq!(check_file("valid-minimal.json"), vec![]);
}

/// Every message names the node it concerns as the canvas shows it (its title, or its kind's
/// name), never by its id — but for the codes about ids themselves, whose subject is the id.
#[test]
fn every_diagnostic_names_what_it_concerns_in_both_languages() {
    for code in Code::ALL {
        let name = format!("invalid/{code}.json");
        let file = format::read_scenario(&crate::fixture(&name)).unwrap();
        for d in check_file(&name) {
            assert_eq!(d.severity, d.code.severity());
            assert!(!d.message.ja.is_empty() && !d.message.en.is_empty());
            assert!(
                !d.message.ja.is_ascii(),
                "{code}: ja message is not Japanese"
            );
            if let Some(node) = &d.node {
                let named = file.describe_node(node);
                assert!(
                    d.message.ja.contains(&named.ja)
                        && d.message
                            .en
                            .to_lowercase()
                            .contains(&named.en.to_lowercase()),
                    "{code}: message does not name {node} as {named:?}: {:?}",
                    d.message
                );
                let about_ids = matches!(code, Code::InvalidId | Code::DuplicateId);
                let id_seen = |text: &str| {
                    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                        .any(|w| w == node.as_str())
                };
                assert!(
                    // An id that is also an English word (`wait`) is looked for in Japanese only.
                    about_ids
                        || !(id_seen(&d.message.ja.replace(&named.ja, ""))
                            || (node.as_str().contains('_')
                                && id_seen(&d.message.en.replace(&named.en, "")))),
                    "{code}: message shows the id {node}: {:?}",
                    d.message
                );
            }
        }
    }
}

/// A scenario id that Windows keeps for a device (CON, nul, Com1 …) is no id: `export --all`
/// could not write its file there.
#[test]
fn an_id_windows_keeps_for_a_device_is_refused() {
    let mut file = format::read_scenario(&crate::fixture("valid-minimal.json")).unwrap();
    for id in ["CON", "nul", "Com1", "lpt9", "COM0", "lpt0"] {
        file.id = id.into();
        let diagnostics = check_file_of(&file);
        assert!(
            diagnostics
                .iter()
                .any(|d| d.code == Code::InvalidId && d.message.en.contains("Windows")),
            "{id}: {}",
            render(&diagnostics)
        );
    }
    file.id = "console".into();
    assert!(
        check_file_of(&file)
            .iter()
            .all(|d| d.code != Code::InvalidId)
    );
}

fn check_file_of(file: &scenario_studio::model::ScenarioFile) -> Vec<Diagnostic> {
    validate::check_set(&[("f.json", file)], &ValidationOptions::default()).swap_remove(0)
}

/// Two scenarios that switch to each other with no time passing, each taking the lead back at
/// once, would send a lead round forever in an instant: an error on each switch in the loop. A
/// wait before one switch, or a target that does not re-enrol at once, ends it.
#[test]
fn scenarios_switching_to_each_other_with_no_wait_are_a_loop() {
    let scenario = |id: &str, to: &str, reenrollment: &str, wait: bool| {
        let wait_node = if wait {
            r#",{"id":"w","kind":{"type":"wait","delay":{"days":1}}}"#
        } else {
            ""
        };
        let (first, rest) = if wait {
            ("w", r#",{"id":"e2","source":"w","target":"sw"}"#)
        } else {
            ("sw", "")
        };
        let text = format!(
            r#"{{"format":"scenario-studio/1","id":"{id}","name":"{id}","settings":{{"reenrollment":{{"type":"{reenrollment}"}}}},
            "nodes":[{{"id":"t","kind":{{"type":"trigger","event":{{"type":"lead_created"}}}}}},
                     {{"id":"sw","kind":{{"type":"switch_scenario","scenario":"{to}"}}}}{wait_node}],
            "edges":[{{"id":"e1","source":"t","target":"{first}"}}{rest}]}}"#
        );
        format::parse_scenario(&text).unwrap()
    };
    let loops = |a: &ScenarioFile, b: &ScenarioFile| -> Vec<usize> {
        validate::check_set(&[("a", a), ("b", b)], &ValidationOptions::default())
            .iter()
            .map(|d| d.iter().filter(|d| d.code == Code::LoopWithoutWait).count())
            .collect()
    };
    let (a, b) = (
        scenario("a", "b", "always", false),
        scenario("b", "a", "always", false),
    );
    assert_eq!(loops(&a, &b), [1, 1]);
    let said = &validate::check_set(&[("a", &a), ("b", &b)], &ValidationOptions::default())[0];
    assert!(said.iter().any(|d| {
        d.message
            .en
            .contains("Scenarios \"a\", \"b\" switch to each other")
    }));
    let waiting = scenario("b", "a", "always", true);
    assert_eq!(loops(&a, &waiting), [0, 0]);
    let once = scenario("b", "a", "never", false);
    assert_eq!(loops(&a, &once), [0, 0]);
}
