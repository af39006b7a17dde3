//! The engine's integration tests, in one binary (one link step, one process per `cargo test`).
//!
//! Modules:
//! - `arb`: proptest strategies for whole scenario files.
//! - `cli`: the `scenario` binary, run as a user would — output, exit codes, files written.
//! - `diagnostics`: golden diagnostics for one broken fixture per validation code.
//! - `format`: reading files — bad input of every kind, the version gate, atomic writes.
//! - `roundtrip`: generated scenarios survive JSON unchanged; the validator never panics.
//! - `schema`: the committed JSON Schema and docs/diagnostics.md are not stale.
//! - `templates`: the four basic scenarios are valid, canonical and say what DESIGN.md says.
//! - `validate`: data-driven checks of individual validator rules through one `check` helper.
//!
//! Golden files are refreshed with `UPDATE_EXPECT=1 cargo test`.

mod arb;
mod cli;
mod diagnostics;
mod format;
mod roundtrip;
mod schema;
mod templates;
mod validate;

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}
