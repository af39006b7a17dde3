//! The engine's integration tests, in one binary (one link step, one process per `cargo test`).
//!
//! Modules:
//! - `arb`: proptest strategies for whole scenario files.
//! - `backtest`: the forecast as of a cut-off against the recorded history after it — the copy as
//!   of the cut-off, the recorded counts, ties of recorded mails, refusals, determinism.
//! - `diagnose`: the self-check diagnosis — known answers per item, one removal flips one item,
//!   hand-given answers, escaping, findings, a golden diagnosis.
//! - `diagnostics`: golden diagnostics for one broken fixture per validation code.
//! - `export`: BPMN (both ways) and Mermaid — golden files, lossless round trips, bpmn-moddle.
//! - `format`: reading files — bad input of every kind, the version gate, atomic writes.
//! - `hostile`: generated hostile inputs (mutated templates, BPMN and vendors' exports) for the
//!   scenario parser, the BPMN importer and the CSV importer: refused cleanly or read back whole.
//! - `import`: CSV import of every preset and encoding; refusals leave the workspace unchanged.
//! - `roundtrip`: generated scenarios survive JSON unchanged; the validator never panics.
//! - `simulate`: the engine on a sample workspace — conservation, determinism, plausible rates,
//!   forecasts after the history, golden results, the simulation settings.
//! - `scoring`: the scoring review against a world with a known true scoring; versions.
//! - `schema`: the committed JSON Schema and docs/diagnostics.md are not stale.
//! - `templates`: the four basic scenarios are valid, canonical and say what DESIGN.md says.
//! - `tidy`: house rules over the sources — module docs, no module cycles, no database in the
//!   pure parts, no clock in the engine.
//! - `validate`: data-driven checks of individual validator rules through one `check` helper.
//! - `workspace`: creating, opening, refusing and upgrading workspace files.
//! - `world`: a synthetic world for back-tests, whose leads behave unlike the engine's model.
//! - `sample`: the sample generator's determinism and statistics; lead export round trips.
//!
//! Golden files are refreshed with `UPDATE_EXPECT=1 cargo test`.

mod arb;
mod backtest;
mod diagnose;
mod diagnostics;
mod export;
mod format;
mod hostile;
mod import;
mod roundtrip;
mod sample;
mod schema;
mod scoring;
mod simulate;
mod templates;
mod tidy;
mod validate;
mod workspace;
mod world;

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}
