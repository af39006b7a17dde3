//! The house rules that no compiler checks, checked over the sources (after rust-analyzer's
//! `tidy.rs`): every file says what it is for, the engine's modules depend on each other without
//! cycles, the pure parts name no database, and the engine never reads the clock.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A file's code as the build sees it outside tests: comments and its `#[cfg(test)]` module cut.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    (text.lines())
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_file_says_what_it_is_for() {
    let mut missing = Vec::new();
    for dir in ["src", "cli", "src-tauri/src", "tests", "benches"] {
        let dir = Path::new(ROOT).join(dir);
        if !dir.is_dir() {
            continue;
        }
        for path in rust_files(&dir) {
            let text = std::fs::read_to_string(&path).unwrap();
            if !text.trim_start().starts_with("//!") {
                missing.push(path.strip_prefix(ROOT).unwrap().display().to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "files without a module doc (`//!` first): {missing:#?}"
    );
}

/// The modules of `src/<dir>` (the engine's top-level modules when `dir` is empty), each with the
/// others of them it names (`crate::<dir>::x`, and `super::x` inside `dir`).
fn module_graph(dir: &str) -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(ROOT).join("src").join(dir);
    let module_of = |path: &Path| -> Option<String> {
        let rel = path.strip_prefix(&root).ok()?;
        let first = rel.components().next()?.as_os_str().to_str()?;
        let name = first.trim_end_matches(".rs");
        (name != "lib" && name != "mod").then(|| name.to_owned())
    };
    let files = rust_files(&root);
    let modules: BTreeSet<String> = files.iter().filter_map(|p| module_of(p)).collect();
    let prefixes: Vec<String> = if dir.is_empty() {
        vec!["crate::".into()]
    } else {
        vec![format!("crate::{dir}::"), "super::".into()]
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in &files {
        let Some(me) = module_of(path) else {
            continue;
        };
        // A file directly in `dir` names its siblings with `super::`; deeper files name their own.
        let direct = path.parent() == Some(root.as_path());
        let code = code(path);
        let uses = graph.entry(me.clone()).or_default();
        for prefix in &prefixes {
            if prefix == "super::" && !direct {
                continue;
            }
            for (i, _) in code.match_indices(prefix.as_str()) {
                let rest = &code[i + prefix.len()..];
                let name: String = (rest.chars())
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if name != me && modules.contains(&name) {
                    uses.insert(name);
                }
            }
        }
    }
    graph
}

/// The cycles of `graph`: its strongly connected components of more than one module.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Two modules are in one cycle when each reaches the other.
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(m) = stack.pop() {
            for next in graph.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|m| (m, reach(m))).collect();
    let mut out: Vec<Vec<String>> = Vec::new();
    for (m, r) in &reaches {
        let component: Vec<String> = (graph.keys())
            .filter(|o| (*o == *m || r.contains(*o)) && reaches[o].contains(*m))
            .cloned()
            .collect();
        if component.len() > 1 && !out.contains(&component) {
            out.push(component);
        }
    }
    out
}

/// The folders of `src/` whose modules are checked, besides the top level.
const FOLDERS: &[&str] = &[
    "backtest", "diagnose", "export", "import", "model", "sample", "scoring", "simulate", "store",
    "validate",
];

#[test]
fn the_engine_s_modules_depend_on_each_other_without_cycles() {
    let graph = module_graph("");
    assert!(graph.contains_key("simulate") && graph["simulate"].contains("store"));
    let found = cycles(&graph);
    assert!(
        found.is_empty(),
        "modules that depend on each other in a cycle: {found:?}\nthe graph: {graph:#?}"
    );
    // The check finds a cycle where there is one.
    let mut looped = graph.clone();
    looped.get_mut("store").unwrap().insert("simulate".into());
    assert!(!cycles(&looped).is_empty());
    // Inside each folder too: the engine proper, its models, its counts and its reading.
    for folder in FOLDERS {
        let graph = module_graph(folder);
        assert!(!graph.is_empty(), "{folder}");
        let found = cycles(&graph);
        assert!(found.is_empty(), "in src/{folder}: {found:?}\n{graph:#?}");
    }
    assert!(module_graph("simulate")["engine"].contains("plan"));
}

/// The parts of the engine that compute and never read or write the workspace: they name
/// neither rusqlite nor the store, so they can be tested and reused without a database. The engine
/// proper (`simulate/engine.rs`) is one; a forecast of a workspace reads it in
/// `simulate/forecast.rs`, and the models are fitted from it in `simulate/history.rs` and
/// `simulate/setup.rs`.
const PURE: &[&str] = &[
    "format.rs",
    "lead.rs",
    "localized.rs",
    "model",
    "practice.rs",
    "scenario.rs",
    "schema.rs",
    "scoring",
    "templates.rs",
    "time.rs",
    "validate",
    "simulate/attributes.rs",
    "simulate/calendar.rs",
    "simulate/counts.rs",
    "simulate/engine.rs",
    "simulate/leads.rs",
    "simulate/models.rs",
    "simulate/organic.rs",
    "simulate/eval.rs",
    "simulate/plan.rs",
    "simulate/results.rs",
    "simulate/sfa.rs",
    "simulate/ties.rs",
    "simulate/triggers.rs",
];

#[test]
fn the_pure_parts_of_the_engine_name_no_database() {
    let mut offences = Vec::new();
    for part in PURE {
        let path = Path::new(ROOT).join("src").join(part);
        let files = if path.is_dir() {
            rust_files(&path)
        } else {
            vec![path]
        };
        for file in files {
            let code = code(&file);
            for word in ["rusqlite", "crate::store", "Connection"] {
                if code.contains(word) {
                    offences.push(format!("{} names {word}", file.display()));
                }
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}

#[test]
fn the_engine_never_reads_the_clock() {
    let mut offences = Vec::new();
    for path in rust_files(&Path::new(ROOT).join("src")) {
        let code = code(&path);
        for word in ["::now(", "SystemTime", "Instant::", "thread_rng"] {
            if code.contains(word) {
                offences.push(format!("{} uses {word}", path.display()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "the engine's results depend only on its inputs and seed: {offences:#?}"
    );
}
