//! Scenario exports: BPMN 2.0 (and back) and Mermaid — golden files for each template, lossless
//! round trips for the templates and for generated scenarios, edits a modeler makes, refusals,
//! and every exported BPMN file parsed by bpmn-moddle (the parser behind bpmn.io).

use proptest::prelude::*;
use scenario_studio::export::bpmn::{self, BpmnError};
use scenario_studio::export::mermaid;
use scenario_studio::format::parse_scenario;
use scenario_studio::model::ScenarioFile;

use crate::arb::scenario_file;

fn templates() -> Vec<ScenarioFile> {
    scenario_studio::templates::TEMPLATES
        .iter()
        .map(|t| parse_scenario(t.json).unwrap())
        .collect()
}

#[test]
fn golden_bpmn_and_mermaid_of_each_template() {
    for file in templates() {
        let id = file.id.to_string();
        expect_test::expect_file![format!("../golden/export/{id}.bpmn")]
            .assert_eq(&bpmn::to_bpmn(&file));
        expect_test::expect_file![format!("../golden/export/{id}.mmd")]
            .assert_eq(&mermaid::to_mermaid(&file));
    }
}

#[test]
fn templates_come_back_from_bpmn_identical() {
    for file in templates() {
        let back = bpmn::from_bpmn(&bpmn::to_bpmn(&file)).unwrap();
        assert_eq!(back, file, "{}", file.id);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any scenario — valid or not, with any ids and texts — survives BPMN unchanged.
    #[test]
    fn bpmn_round_trip_is_lossless(file in scenario_file()) {
        let xml = bpmn::to_bpmn(&file);
        // Well-formed XML 1.0 by a strict parser (quick-xml, which reads it back, is lenient).
        let strict = roxmltree::Document::parse(&xml);
        prop_assert!(strict.is_ok(), "{:?}", strict.err());
        let back = bpmn::from_bpmn(&xml);
        prop_assert!(back.is_ok(), "{:?}", back.err());
        prop_assert_eq!(back.unwrap(), file);
    }
}

#[test]
fn a_modeler_moving_shapes_and_reconnecting_flows_carries_over() {
    let file = templates()
        .into_iter()
        .find(|f| f.id.as_str() == "welcome")
        .unwrap();
    let xml = bpmn::to_bpmn(&file);
    // Move the trigger's shape.
    // The trigger (a 36×36 start event) is centred in its 160×80 canvas cell at (0, 0).
    let shape = "<bpmndi:BPMNShape id=\"Node_trigger.di\" bpmnElement=\"Node_trigger\">\n        <dc:Bounds x=\"62\" y=\"22\"";
    assert!(xml.contains(shape), "{xml}");
    let moved = xml.replace(
        shape,
        "<bpmndi:BPMNShape id=\"Node_trigger.di\" bpmnElement=\"Node_trigger\">\n        <dc:Bounds x=\"102.5\" y=\"10\"",
    );
    let back = bpmn::from_bpmn(&moved).unwrap();
    let trigger = back
        .nodes
        .iter()
        .find(|n| n.id.as_str() == "trigger")
        .unwrap();
    assert_eq!((trigger.position.x, trigger.position.y), (40.5, -12.0));
    // Reconnect the first flow to another node.
    let first = &file.edges[0];
    let old = format!("targetRef=\"Node_{}\"", first.target);
    let retarget = xml.replacen(&old, "targetRef=\"Node_mail_survey\"", 1);
    let back = bpmn::from_bpmn(&retarget).unwrap();
    assert_eq!(back.edges[0].target.as_str(), "mail_survey");
}

#[test]
fn a_foreign_bpmn_file_is_refused_with_a_clear_message() {
    let foreign = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <process id="p"><startEvent id="s" /><task id="t" /><sequenceFlow id="f" sourceRef="s" targetRef="t" /></process>
</definitions>"#;
    let err = bpmn::from_bpmn(foreign).unwrap_err();
    assert!(matches!(err, BpmnError::Foreign));
    assert!(
        err.localized()
            .ja
            .contains("Scenario Studio から書き出したものではありません")
    );
    let broken = "<?xml version=\"1.0\"?>\n<definitions>\n  <process>\n</definitions>";
    match bpmn::from_bpmn(broken).unwrap_err() {
        BpmnError::Xml { line, .. } => assert!(line >= 3, "{line}"),
        other => panic!("{other:?}"),
    }
}

/// Half a BPMN file (cut anywhere inside its elements) is no well-formed XML: refused whole,
/// never read as the nodes it happens to hold.
#[test]
fn a_bpmn_file_cut_short_is_refused() {
    let xml = bpmn::to_bpmn(&templates()[0]);
    let cuts = (0..20).map(|i| xml.len() * (i + 1) / 21);
    for cut in cuts {
        let cut = (0..=cut).rev().find(|&c| xml.is_char_boundary(c)).unwrap();
        let half = &xml[..cut];
        let err = bpmn::from_bpmn(half).expect_err(&format!("accepted a file cut at {cut}"));
        assert!(
            matches!(err, BpmnError::CutShort { .. } | BpmnError::Xml { .. }),
            "{err:?}"
        );
    }
    let err = bpmn::from_bpmn(&xml[..xml.len() / 2]).unwrap_err();
    assert!(err.localized().ja.contains("途中で切れた") || matches!(err, BpmnError::Xml { .. }));
}

/// Two documents in one file (one appended after the other's end, or two files concatenated) are
/// no well-formed XML: refused, never merged into one scenario.
#[test]
fn a_bpmn_file_holding_two_documents_is_refused() {
    let [a, b, ..] = &templates()[..] else {
        unreachable!()
    };
    let (one, two) = (bpmn::to_bpmn(a), bpmn::to_bpmn(b));
    let body = two.split_once("?>").map_or(two.as_str(), |(_, rest)| rest);
    for text in [
        format!("{one}{body}"),
        format!("{one}\n<bpmn:process id=\"p\"/>\n"),
    ] {
        let err = bpmn::from_bpmn(&text).unwrap_err();
        assert!(matches!(err, BpmnError::AfterEnd { .. }), "{err:?}");
    }
}

/// A shape whose coordinates are no number a canvas holds (NaN, infinity, 1e300) keeps the
/// position the file's own scenario data gives: the stored scenario stays one the tool reads,
/// exports and imports back.
#[test]
fn a_bpmn_shape_with_coordinates_that_are_no_numbers_keeps_its_position() {
    let file = templates()[0].clone();
    let xml = bpmn::to_bpmn(&file);
    let bad = regex_lite_replace_bounds(&xml, &["NaN", "inf", "-Infinity", "1e300"]);
    let back = bpmn::from_bpmn(&bad).unwrap();
    for (a, b) in file.nodes.iter().zip(&back.nodes) {
        assert!(
            b.position.x.is_finite() && b.position.y.is_finite(),
            "{:?}",
            b.position
        );
        assert_eq!((a.position.x, a.position.y), (b.position.x, b.position.y));
    }
    let json = scenario_studio::format::to_json(&back);
    assert!(parse_scenario(&json).is_ok(), "{json}");
}

/// `xml` with the x of each shape's bounds replaced by the next of `values`, in turn.
fn regex_lite_replace_bounds(xml: &str, values: &[&str]) -> String {
    let mut out = String::new();
    let mut rest = xml;
    let mut n = 0;
    while let Some(i) = rest.find("<dc:Bounds x=\"") {
        let start = i + "<dc:Bounds x=\"".len();
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('"').unwrap();
        out.push_str(values[n % values.len()]);
        n += 1;
        rest = &rest[end..];
    }
    out.push_str(rest);
    assert!(n > 0);
    out
}

/// Every template's BPMN, and that of scenarios with every node kind, parses in bpmn-moddle
/// without an error or a warning (`npm ci --prefix tests/bpmn` installs it; `scripts/test.sh`
/// does that first).
#[test]
fn bpmn_moddle_parses_every_export_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let (files, paths) = written_checked_files(dir.path());
    node_check("check.mjs", "bpmn-moddle", &paths, files.len());
}

/// Every checked file's diagram reads right in a modeler: bpmnlint's recommended rules report
/// nothing (a merging gateway wherever flows join), no two flows meet a shape at one point, no
/// flow passes through a shape, and every label has bounds of its own, clear of flows, shapes and
/// other labels (`tests/bpmn/diagram.mjs`; `npm ci --prefix tests/bpmn`).
#[test]
fn every_diagram_lints_clean_and_is_drawn_without_overlaps() {
    let dir = tempfile::tempdir().unwrap();
    let (files, paths) = written_checked_files(dir.path());
    node_check("diagram.mjs", "bpmnlint", &paths, files.len());
}

/// Every checked file's Mermaid chart parses in Mermaid 9.1 (older than front matter), 10 and 11,
/// and rendered by 11 it shows the scenario's name exactly as its heading and each titled node's
/// title at the start of its label (`tests/bpmn/mermaid.mjs`; `npm ci --prefix tests/bpmn`).
#[test]
fn mermaid_9_10_and_11_read_every_export_and_show_its_names() {
    let dir = tempfile::tempdir().unwrap();
    // What a label can show of a text: control characters and non-characters as spaces.
    let shown = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' {
                    ' '
                } else {
                    c
                }
            })
            .collect()
    };
    let files = checked_files();
    let paths: Vec<_> = files
        .iter()
        .map(|file| {
            let path = dir.path().join(format!("{}.mmd", file.id));
            std::fs::write(&path, mermaid::to_mermaid(file)).unwrap();
            let labels: Vec<String> = file
                .nodes
                .iter()
                .map(|n| shown(&n.title))
                .filter(|t| !t.trim().is_empty())
                .collect();
            let expect = serde_json::json!({ "heading": shown(&file.name), "labels": labels });
            std::fs::write(path.with_extension("expect.json"), expect.to_string()).unwrap();
            path
        })
        .collect();
    node_check("mermaid.mjs", "mermaid11", &paths, files.len() * 3);
}

/// Runs the Node checker `script` of `tests/bpmn` (which needs the npm package `package`,
/// installed by `npm ci --prefix tests/bpmn`; scripts/test.sh does that first) over `paths`, and
/// asserts that it passed and said `ok` `oks` times.
fn node_check(script: &str, package: &str, paths: &[std::path::PathBuf], oks: usize) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bpmn");
    assert!(
        root.join("node_modules").join(package).exists(),
        "{package} is not installed: run `npm ci --prefix tests/bpmn` (scripts/test.sh does)"
    );
    let out = std::process::Command::new("node")
        .arg(root.join(script))
        .args(paths)
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        report.lines().filter(|l| l.starts_with("ok ")).count(),
        oks,
        "{report}"
    );
}

/// `checked_files()` exported as BPMN into `dir`, with their paths.
fn written_checked_files(dir: &std::path::Path) -> (Vec<ScenarioFile>, Vec<std::path::PathBuf>) {
    let files = checked_files();
    let paths = files
        .iter()
        .map(|file| {
            let path = dir.join(format!("{}.bpmn", file.id));
            std::fs::write(&path, bpmn::to_bpmn(file)).unwrap();
            path
        })
        .collect();
    (files, paths)
}

/// The files the external checkers see: the templates, every node kind, text XML cannot hold,
/// and the harder diagrams of `tests/fixtures/diagrams` (a three-way A/B split merging again,
/// wait-untils on a page view and a form, a switch, a loop back through a 30-day wait, names with
/// `" & < > '` and emoji drawn left to right).
fn checked_files() -> Vec<ScenarioFile> {
    let mut files = templates();
    files.push(every_kind());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diagrams");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        files.push(parse_scenario(&std::fs::read_to_string(&path).unwrap()).unwrap());
    }
    let mut odd = templates().remove(0);
    odd.id = "odd-text".into();
    odd.name = "a\u{1}b\u{ffff}<&>\"'".into();
    odd.nodes[0].title = "改行\nと\u{8}制御".into();
    files.push(odd);
    files
}

/// A scenario with a node of every kind (and a wait-until with and without a timeout), wired so
/// that every element has its flows.
fn every_kind() -> ScenarioFile {
    let json = r#"{
  "format": "scenario-studio/1", "id": "every-kind", "name": "All <kinds> & \"quotes\"", "language": "en",
  "nodes": [
    {"id": "t", "position": {"x": 0, "y": 0}, "kind": {"type": "trigger", "event": {"type": "score_reached", "threshold": 50}}},
    {"id": "c", "position": {"x": 150, "y": 0}, "kind": {"type": "condition", "condition": {"type": "score", "op": "gte", "value": 80}}},
    {"id": "s", "position": {"x": 300, "y": 0}, "kind": {"type": "split", "branches": [{"id": "a", "label": "A", "percent": 50}, {"id": "b", "percent": 50}]}},
    {"id": "w", "position": {"x": 450, "y": 0}, "kind": {"type": "wait", "delay": {"days": 1, "hours": 6}}},
    {"id": "u", "position": {"x": 600, "y": 0}, "kind": {"type": "wait_until", "event": {"type": "email_opened"}, "timeout": {"days": 3}}},
    {"id": "u2", "position": {"x": 600, "y": 200}, "kind": {"type": "wait_until", "event": {"type": "form_submitted"}}},
    {"id": "m", "position": {"x": 750, "y": 0}, "kind": {"type": "send_email", "email": {"kind": "nurture", "subject": "S", "sender_name": "N", "sender_email": "a@b.jp", "sender_address": "Tokyo", "opt_out_url": "https://example.jp/o"}}},
    {"id": "sc", "position": {"x": 900, "y": 0}, "kind": {"type": "adjust_score", "delta": 5}},
    {"id": "ns", "position": {"x": 1050, "y": 0}, "kind": {"type": "notify_sales", "score_threshold": 100}},
    {"id": "uf", "position": {"x": 1200, "y": 0}, "kind": {"type": "update_field", "field": "lead_status", "value": "MQL"}},
    {"id": "sf", "position": {"x": 1350, "y": 0}, "kind": {"type": "sync_sfa"}},
    {"id": "au", "position": {"x": 1500, "y": 0}, "kind": {"type": "add_to_audience", "channel": "ad", "audience": "warm"}},
    {"id": "sw", "position": {"x": 1650, "y": 0}, "kind": {"type": "switch_scenario", "scenario": "other"}},
    {"id": "e", "position": {"x": 1650, "y": 200}, "kind": {"type": "end"}}
  ],
  "edges": [
    {"id": "1", "source": "t", "target": "c"},
    {"id": "2", "source": "c", "source_handle": "yes", "target": "s"},
    {"id": "3", "source": "c", "source_handle": "no", "target": "e"},
    {"id": "4", "source": "s", "source_handle": "branch:a", "target": "w"},
    {"id": "5", "source": "s", "source_handle": "branch:b", "target": "u2"},
    {"id": "6", "source": "w", "target": "u"},
    {"id": "7", "source": "u", "source_handle": "met", "target": "m"},
    {"id": "8", "source": "u", "source_handle": "timeout", "target": "e"},
    {"id": "9", "source": "u2", "source_handle": "met", "target": "m"},
    {"id": "10", "source": "m", "target": "sc"},
    {"id": "11", "source": "sc", "target": "ns"},
    {"id": "12", "source": "ns", "target": "uf"},
    {"id": "13", "source": "uf", "target": "sf"},
    {"id": "14", "source": "sf", "target": "au"},
    {"id": "15", "source": "au", "target": "sw"}
  ]
}"#;
    let file = parse_scenario(json).unwrap();
    assert_eq!(bpmn::from_bpmn(&bpmn::to_bpmn(&file)).unwrap(), file);
    file
}

/// Every template's BPMN, and the scenario with every node kind, is valid against the OMG BPMN
/// 2.0 schema (`scripts/fetch-bpmn-xsd.sh` fetches it; `scripts/test.sh` does that first; xmllint
/// comes from Debian's libxml2-utils).
#[test]
fn bpmn_exports_validate_against_the_omg_schema() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = root.join("target/bpmn-xsd/BPMN20.xsd");
    assert!(
        schema.exists(),
        "the BPMN 2.0 schema is missing: run scripts/fetch-bpmn-xsd.sh (scripts/test.sh does)"
    );
    let dir = tempfile::tempdir().unwrap();
    let (files, paths) = written_checked_files(dir.path());
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .args(&paths)
        .output()
        .expect("xmllint runs (Debian package libxml2-utils)");
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{report}");
    assert_eq!(
        report.matches(" validates").count(),
        files.len(),
        "{report}"
    );
}

/// Text XML 1.0 cannot hold (control characters) still comes back exactly: the names on the
/// diagram get U+FFFD, the extension's JSON keeps the original.
#[test]
fn control_characters_survive_bpmn() {
    let mut file = templates().remove(0);
    file.name = "a\u{1}b\u{ffff}<&>".into();
    file.nodes[0].title = "改行\nと\u{8}制御".into();
    let xml = bpmn::to_bpmn(&file);
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{8}'));
    assert_eq!(bpmn::from_bpmn(&xml).unwrap(), file);
}

#[test]
fn mermaid_keeps_any_scenario_name_and_label_inert() {
    let mut file = templates().remove(0);
    file.name = "C:\\x 'quoted' \"double\"".into();
    file.nodes[0].title = "`md` & <b>#1</b>".into();
    let text = mermaid::to_mermaid(&file);
    assert!(
        text.starts_with(
            "flowchart TD\n    title[\"C:\\x 'quoted' #quot;double#quot;\"]:::heading\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("([\"#96;md#96; #amp; #lt;b#gt;#35;1#lt;/b#gt;\"])"),
        "{text}"
    );
}

#[test]
fn forecast_csv_cells_never_start_a_formula() {
    use scenario_studio::simulate::results::ScenarioSummary;
    let json = r#"[{"id":"s","name":"=HYPERLINK(\"http://x\")","enrolled":{"mean":1.0,"p05":1.0,"p95":1.0},
      "completed":{"mean":0.0,"p05":0.0,"p95":0.0},"goal_reached":{"mean":0.0,"p05":0.0,"p95":0.0},
      "handed_off":{"mean":0.0,"p05":0.0,"p95":0.0},"deals_created":{"mean":0.0,"p05":0.0,"p95":0.0},
      "sent":{"mean":0.0,"p05":0.0,"p95":0.0},"opened":{"mean":0.0,"p05":0.0,"p95":0.0},"clicked":{"mean":0.0,"p05":0.0,"p95":0.0},
      "open_rate":{"mean":0.0,"p05":0.0,"p95":0.0},"click_rate":{"mean":0.0,"p05":0.0,"p95":0.0},
      "handoff_rate":{"mean":0.0,"p05":0.0,"p95":0.0},"deal_rate":{"mean":0.0,"p05":0.0,"p95":0.0},
      "kpis":[],"nodes":[],"emails":[],"daily":[],"leads":{"mean":1.0,"p05":1.0,"p95":1.0},
      "mql_at_end":{"mean":0.0,"p05":0.0,"p95":0.0},"score_distribution":[]}]"#;
    let summaries: Vec<ScenarioSummary> = serde_json::from_str(json).unwrap();
    let mut bytes = Vec::new();
    scenario_studio::export::forecast_csv::write(
        &mut bytes,
        chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
        &summaries,
    )
    .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","),
        "{text}"
    );
    assert!(
        !text.contains(",\"=HYPERLINK") && !text.contains(",=HYPERLINK"),
        "{text}"
    );
}

fn template(id: &str) -> ScenarioFile {
    templates()
        .into_iter()
        .find(|f| f.id.as_str() == id)
        .unwrap()
}

/// What a modeler lets a user edit on a drawn element is taken in where the scenario has a place
/// for it (names, titles, timers) and named in a note where it has none; never dropped silently.
#[test]
fn a_modelers_renames_and_timer_changes_carry_over_and_the_rest_is_named() {
    let edit = |xml: &str, from: &str, to: &str| {
        assert!(xml.contains(from), "{from}");
        xml.replacen(from, to, 1)
    };
    let xml = bpmn::to_bpmn(&template("welcome"));
    let xml = edit(
        &xml,
        "name=\"① ご挨拶と自社紹介\"",
        "name=\" 会社紹介メール \"",
    );
    let xml = edit(&xml, "name=\"ウェルカム\"", "name=\"ウェルカム（改）\"");
    let xml = edit(&xml, ">P3D<", ">P1W<");
    let xml = edit(&xml, ">P4D<", ">PT36H<");
    let xml = edit(&xml, ">P5D<", ">P1M<");
    let at = xml.find("<bpmn:sendTask id=\"Node_mail_tips\"").unwrap();
    let (before, after) = xml.split_at(at);
    let after = edit(after, "<bpmn:sendTask", "<bpmn:userTask");
    let xml = before.to_owned() + &edit(&after, "</bpmn:sendTask>", "</bpmn:userTask>");
    let xml = edit(&xml, "name=\"はい\"", "name=\"クリックした\"");
    let (back, notes) = bpmn::from_bpmn_with_notes(&xml).unwrap();
    assert_eq!(back.name, "ウェルカム（改）");
    let node = |id: &str| back.nodes.iter().find(|n| n.id.as_str() == id).unwrap();
    assert_eq!(node("mail_intro").title, "会社紹介メール");
    let waits: Vec<_> = back
        .nodes
        .iter()
        .filter_map(|n| match &n.kind {
            scenario_studio::model::node::NodeKind::Wait { delay } => {
                Some((delay.days, delay.hours))
            }
            _ => None,
        })
        .collect();
    assert_eq!(waits, [(7, 0), (0, 36), (5, 0)]);
    let said: Vec<&str> = notes.iter().map(|n| n.en.as_str()).collect();
    assert_eq!(said.len(), 3, "{said:#?}");
    assert!(
        said[0].contains("changed from a sendTask to a userTask"),
        "{said:?}"
    );
    assert!(
        said[1].contains("\"P1M\"") && said[1].contains("original duration is kept"),
        "{said:?}"
    );
    assert!(
        said[2].contains("\"クリックした\"") && said[2].contains("derived"),
        "{said:?}"
    );
    // An element renamed back to its kind's default name gives the node no title of its own.
    let xml = edit(
        &bpmn::to_bpmn(&template("welcome")),
        "name=\"① ご挨拶と自社紹介\"",
        "name=\"メール送信\"",
    );
    assert_eq!(
        bpmn::from_bpmn(&xml)
            .unwrap()
            .nodes
            .iter()
            .find(|n| n.id.as_str() == "mail_intro")
            .unwrap()
            .title,
        ""
    );

    // A wait-until's timeout: its timer. An inactivity trigger's daily check (a start timer's
    // cycle) is no setting of the scenario's: a changed cycle is named.
    let xml = bpmn::to_bpmn(&template("dormant"));
    let xml = edit(&xml, ">R/P1D<", ">R/P7D<");
    let timeout = "<bpmn:timerEventDefinition id=\"Node_wait_click_1.timeout.timer\">\n        <bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">P7D<";
    let xml = edit(&xml, timeout, &timeout.replace("P7D", "P10D"));
    let xml = edit(
        &xml,
        "<bpmn:intermediateCatchEvent id=\"Node_wait_click_1.timeout\" name=\"7日経過\">",
        "<bpmn:intermediateCatchEvent id=\"Node_wait_click_1.timeout\" name=\"10日\">",
    );
    let (back, notes) = bpmn::from_bpmn_with_notes(&xml).unwrap();
    let kinds: Vec<String> = back
        .nodes
        .iter()
        .map(|n| serde_json::to_string(&n.kind).unwrap())
        .collect();
    assert!(
        kinds
            .iter()
            .any(|k| k.contains("\"inactive\"") && k.contains("\"days\":90")),
        "{kinds:?}"
    );
    assert!(
        kinds
            .iter()
            .any(|k| k.contains("\"timeout\":{\"days\":10}")),
        "{kinds:?}"
    );
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].en.contains("\"R/P7D\"") && notes[0].en.contains("checked daily"),
        "{notes:?}"
    );
    assert!(notes[1].en.contains("wait-until's outcome"), "{notes:?}");
}

/// A second copy of the scenario or of a node's data (two exports pasted together) would silently
/// override the first: refused, with both languages saying so.
#[test]
fn a_bpmn_file_with_our_data_twice_is_refused() {
    let xml = bpmn::to_bpmn(&template("welcome"));
    let header = xml
        .split("<ss:scenario>")
        .nth(1)
        .and_then(|rest| rest.split("</ss:scenario>").next())
        .unwrap();
    let twice = xml.replacen(
        "</ss:scenario>",
        &format!(
            "</ss:scenario><ss:scenario>{}</ss:scenario>",
            header.replace("welcome", "other")
        ),
        1,
    );
    let err = bpmn::from_bpmn(&twice).unwrap_err();
    assert!(matches!(err, BpmnError::Repeated { .. }), "{err:?}");
    assert!(err.localized().ja.contains("2 つあります"));
    let node = xml
        .split("<ss:node>")
        .nth(1)
        .unwrap()
        .split("</ss:node>")
        .next()
        .unwrap();
    let twice = xml.replacen(
        "</ss:node>",
        &format!("</ss:node><ss:node>{node}</ss:node>"),
        1,
    );
    let err = bpmn::from_bpmn(&twice).unwrap_err();
    assert!(
        matches!(err, BpmnError::Repeated { ref what } if what.contains("Node_trigger")),
        "{err:?}"
    );
}

/// Mermaid text never carries a control character (a NUL ends the text in some renderers): in a
/// title or a label each becomes a space.
#[test]
fn mermaid_carries_no_control_character() {
    let mut file = template("welcome");
    file.name = "a\u{0}b\tc\u{1b}".into();
    file.nodes[1].title = "x\u{0}y\u{7f}".into();
    let text = mermaid::to_mermaid(&file);
    assert!(
        text.chars().all(|c| c == '\n' || !c.is_control()),
        "{text:?}"
    );
    assert!(text.contains("title[\"a b c \"]:::heading"), "{text}");
}

/// What no BPMN file holds is refused, never read with a part left out: a document type (its
/// entities are never expanded), a reference to a control character in a name, text after the
/// document's end.
#[test]
fn a_bpmn_file_with_a_doctype_a_control_reference_or_trailing_text_is_refused() {
    let xml = bpmn::to_bpmn(&template("welcome"));
    let doctype = xml.replacen("?>\n", "?>\n<!DOCTYPE d [<!ENTITY x \"y\">]>\n", 1);
    let control = xml.replacen("name=\"① ご挨拶と自社紹介\"", "name=\"A&#x1b;B\"", 1);
    let trailing = format!("{xml}garbage\n");
    for (text, what) in [
        (doctype, "DOCTYPE"),
        (control, "control"),
        (trailing, "trailing"),
    ] {
        let err = bpmn::from_bpmn(&text).expect_err(what);
        assert!(
            matches!(err, BpmnError::Xml { .. } | BpmnError::AfterEnd { .. }),
            "{what}: {err:?}"
        );
    }
    // Whitespace after the end is no content.
    assert!(bpmn::from_bpmn(&format!("{xml}\n\n")).is_ok());
}

#[test]
fn a_wait_named_otherwise_says_its_duration_in_mermaid() {
    let mut file = scenario_studio::templates::template("welcome")
        .unwrap()
        .scenario()
        .unwrap();
    let plain = mermaid::to_mermaid(&file);
    assert!(plain.contains("\"3日待機\""), "{plain}");
    let wait = (file.nodes.iter_mut())
        .find(|n| matches!(n.kind, scenario_studio::model::node::NodeKind::Wait { .. }))
        .unwrap();
    wait.title = "確認を待つ".into();
    let text = mermaid::to_mermaid(&file);
    assert!(text.contains("\"確認を待つ<br/>3日待機\""), "{text}");
}
