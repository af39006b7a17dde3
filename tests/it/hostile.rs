//! Hostile inputs, generated: the scenario parser, the BPMN importer and the CSV importer fed
//! mutations of real files (the templates, their BPMN exports, vendors' exports) — bytes flipped,
//! cut short, spliced with tokens that broke the tool before (`NaN`, `1e999`, unbalanced quotes and
//! tags, a BOM, CP932 bytes, huge numbers, formulas, thousands of blank lines or columns).
//! cargo-fuzz needs a nightly compiler, so proptest drives a bounded corpus in the test suite.
//!
//! Each asserts: no panic; an accepted scenario is one the tool reads, exports and reads again;
//! an import either refuses and leaves the workspace byte for byte as it was, or stores exactly
//! what its report says, in a workspace that passes `PRAGMA integrity_check`. Inputs stay small
//! (tens of kilobytes), so a case that blew up in time or memory would show as a stuck test, not
//! as a timing assertion: the import's and the BPMN reader's costs are linear (measured with the
//! CLI, see ARCHITECTURE.md).

use std::path::Path;

use proptest::prelude::*;
use scenario_studio::export::bpmn;
use scenario_studio::format;
use scenario_studio::import::{self, ImportOptions};
use scenario_studio::store::Workspace;

/// Tokens that broke the tool, or could: spliced into a file at a random place.
const TOKENS: [&str; 16] = [
    "NaN",
    "-inf",
    "1e999",
    "2147483647",
    "-9223372036854775808",
    "\"",
    "</definitions>",
    "<bpmn:process id=\"p\">",
    "\u{feff}",
    "=HYPERLINK(\"http://x\")",
    "\r\n\r\n\r\n",
    ",,,,,,,,,,,,,,,,",
    "\u{0}",
    "髙﨑",
    "{\"format\": \"scenario-studio/99\"}",
    "null",
];

/// One mutation of a file's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    /// Cut at this share of the length.
    Cut(f64),
    /// Flip a byte at this share of the length.
    Flip(f64, u8),
    /// Put `TOKENS[i]` at this share of the length.
    Splice(f64, usize),
    /// Repeat a slice (share from, length) this many times: blank lines, columns, nesting.
    Repeat(f64, usize, usize),
    /// Replace the next quoted value (an attribute, a cell) or run of digits after this share of
    /// the length with `VALUES[i]`.
    Value(f64, usize),
}

/// Values that are no numbers a canvas or a score holds, or no value at all.
const VALUES: [&str; 8] = [
    "NaN",
    "inf",
    "-1e309",
    "1e300",
    "2147483647",
    "-2147483649",
    "",
    " ",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64).prop_map(Mutation::Cut),
        (0.0..1.0f64, any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        (0.0..1.0f64, 0..TOKENS.len()).prop_map(|(at, t)| Mutation::Splice(at, t)),
        (0.0..1.0f64, 1..16usize, 2..400usize).prop_map(|(at, n, k)| Mutation::Repeat(at, n, k)),
        (0.0..1.0f64, 0..VALUES.len()).prop_map(|(at, v)| Mutation::Value(at, v)),
    ]
}

/// `bytes` with each of `mutations` applied in turn.
fn mutate(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at = |share: f64, len: usize| ((share * len as f64) as usize).min(len);
    for m in mutations {
        match *m {
            Mutation::Cut(share) => {
                let i = at(share, out.len());
                out.truncate(i);
            }
            Mutation::Flip(share, b) => {
                let i = at(share, out.len());
                if i < out.len() {
                    out[i] ^= b | 1;
                }
            }
            Mutation::Splice(share, t) => {
                let i = at(share, out.len());
                out.splice(i..i, TOKENS[t].bytes());
            }
            Mutation::Value(share, v) => {
                let i = at(share, out.len());
                // The next quoted value, else the next run of digits.
                let quoted = (out[i..].iter().position(|&b| b == b'"'))
                    .map(|q| i + q + 1)
                    .and_then(|start| {
                        let end = out[start..].iter().position(|&b| b == b'"')?;
                        Some((start, start + end))
                    });
                let digits = || {
                    let start = i + out[i..].iter().position(u8::is_ascii_digit)?;
                    let len = out[start..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                    Some((start, start + len))
                };
                if let Some((start, end)) = quoted.or_else(digits) {
                    out.splice(start..end, VALUES[v].bytes());
                }
            }
            Mutation::Repeat(share, n, k) => {
                let i = at(share, out.len());
                let piece = out[i..(i + n).min(out.len())].to_vec();
                for _ in 0..k {
                    out.splice(i..i, piece.iter().copied());
                }
            }
        }
    }
    out
}

/// The seeds: every template's JSON and BPMN.
fn scenario_seeds() -> Vec<(String, String)> {
    scenario_studio::templates::TEMPLATES
        .iter()
        .map(|t| {
            let file = t.scenario().unwrap();
            (t.json.to_owned(), bpmn::to_bpmn(&file))
        })
        .collect()
}

/// An accepted scenario is one the tool writes and reads back unchanged, with positions that are
/// numbers.
fn readable(file: &scenario_studio::model::ScenarioFile) -> Result<(), TestCaseError> {
    prop_assert!(
        file.nodes
            .iter()
            .all(|n| n.position.x.is_finite() && n.position.y.is_finite())
    );
    let text = format::to_json(file);
    let back = format::parse_scenario(&text);
    prop_assert!(back.is_ok(), "{:?}", back.err());
    prop_assert_eq!(&back.unwrap(), file);
    Ok(())
}

/// The CSV seeds: vendors' exports of leads and of activities.
fn csv_seeds() -> Vec<Vec<u8>> {
    [
        "import/hubspot.csv",
        "import/generic-ja-cp932.csv",
        "import/vendors/05_marketo_leads_export.csv",
        "import/vendors/07_hubspot_email_events.csv",
        "import/vendors/08_pardot_visitor_activities.csv",
    ]
    .iter()
    .map(|f| std::fs::read(crate::fixture(f)).unwrap())
    .collect()
}

/// The workspace's file once it is closed and checkpointed.
fn bytes_of(ws: &Path) -> Vec<u8> {
    std::fs::read(ws).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// A mutated scenario JSON is refused with a message in both languages, or read as a scenario
    /// the tool writes and reads back.
    #[test]
    fn the_scenario_parser_refuses_or_reads_back(
        seed in 0..4usize,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let seeds = scenario_seeds();
        let bytes = mutate(seeds[seed].0.as_bytes(), &mutations);
        let Ok(text) = std::str::from_utf8(&bytes) else {
            return Ok(());
        };
        match format::parse_scenario(text) {
            Ok(file) => readable(&file)?,
            Err(e) => {
                let m = e.localized();
                prop_assert!(!m.ja.is_empty() && !m.en.is_empty());
            }
        }
    }

    /// A mutated BPMN export is refused with a message in both languages, or read as a scenario
    /// the tool writes and reads back (half a file is never read as its first nodes).
    #[test]
    fn the_bpmn_importer_refuses_or_reads_back(
        seed in 0..4usize,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let seeds = scenario_seeds();
        let bytes = mutate(seeds[seed].1.as_bytes(), &mutations);
        let text = String::from_utf8_lossy(&bytes);
        // Without its root's end the file was cut short: it must be refused, not read as the nodes
        // before the cut.
        let whole = text.trim_end().ends_with("</bpmn:definitions>");
        match bpmn::from_bpmn(&text) {
            Ok(file) => {
                prop_assert!(whole, "a file cut short was accepted");
                readable(&file)?
            }
            Err(e) => {
                let m = e.localized();
                prop_assert!(!m.ja.is_empty() && !m.en.is_empty());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A mutated export imported into a workspace holding leads: refused, and the workspace is byte
    /// for byte as it was; or imported, and the workspace holds exactly the leads and events the
    /// report counts, and is sound.
    #[test]
    fn an_import_refuses_untouched_or_stores_what_it_reports(
        seed in 0..5usize,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let ws_path = dir.path().join("h.scenario-ws");
        drop(Workspace::create(&ws_path).unwrap());
        let mut w = Workspace::open(&ws_path).unwrap();
        import::import_file(&mut w, &crate::fixture("import/hubspot.csv"), &ImportOptions::default(), &mut |_, _| {}).unwrap();
        drop(w);
        let before = bytes_of(&ws_path);
        let count = |w: &Workspace, table: &str| -> i64 {
            w.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
        };
        let file = dir.path().join("mutated.csv");
        std::fs::write(&file, mutate(&csv_seeds()[seed], &mutations)).unwrap();
        let mut w = Workspace::open(&ws_path).unwrap();
        let (leads, events) = (count(&w, "leads"), count(&w, "lead_events"));
        let result = import::import_file(&mut w, &file, &ImportOptions::default(), &mut |_, _| {});
        match result {
            Err(e) => {
                let m = e.localized();
                prop_assert!(!m.ja.is_empty() && !m.en.is_empty());
                drop(w);
                prop_assert!(bytes_of(&ws_path) == before, "a refused import changed the workspace: {}", m.en);
            }
            Ok(report) => {
                let integrity: String = w.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
                prop_assert_eq!(integrity, "ok");
                let (now_leads, now_events) = (count(&w, "leads"), count(&w, "lead_events"));
                match report.mapping.kind {
                    import::ImportKind::Leads => {
                        prop_assert_eq!(now_leads - leads, report.inserted as i64);
                        prop_assert_eq!(now_events, events);
                    }
                    import::ImportKind::Events => {
                        prop_assert_eq!(now_events - events, report.inserted as i64);
                        prop_assert_eq!(now_leads, leads);
                    }
                    import::ImportKind::Deals => prop_assert_eq!(now_leads, leads),
                }
            }
        }
    }
}

/// A message about a value shows what is really in it: an id with a zero-width space (which looks
/// like a valid one) or a title with a terminal escape is quoted with those characters written
/// out, never printed raw.
#[test]
fn messages_write_out_what_would_not_show() {
    let (json, _) = &scenario_seeds()[0];
    let mut file = format::parse_scenario(json).unwrap();
    file.nodes[1].id = "wel\u{200b}come".into();
    file.nodes[2].title = "\u{1b}[2J消える".into();
    let diagnostics =
        scenario_studio::validate::check(&file, &scenario_studio::ValidationOptions::default());
    let said: Vec<&str> = diagnostics.iter().map(|d| d.message.en.as_str()).collect();
    assert!(
        said.iter()
            .any(|m| m.contains("id \"wel<U+200B>come\" of ")
                && m.contains("is not a plain identifier")),
        "{said:#?}"
    );
    assert!(
        said.iter().any(|m| m.contains("\"<U+001B>[2J消える\"")),
        "{said:#?}"
    );
    assert!(
        said.iter()
            .all(|m| !m.contains('\u{1b}') && !m.contains('\u{200b}')),
        "{said:#?}"
    );
}
