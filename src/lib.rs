//! Scenario Studio's engine: the scenario model and its file format, the validator, the templates,
//! the JSON Schema, and the lead workspace (SQLite) with its importers and sample data. The `scenario` CLI and the desktop app are thin layers over this crate, which
//! knows nothing of either.

pub mod backtest;
pub mod diagnose;
pub mod export;
pub mod format;
pub mod import;
pub mod lead;
pub mod localized;
pub mod model;
pub mod practice;
pub mod sample;
pub mod scenario;
pub mod schema;
pub mod scoring;
pub mod simulate;
pub mod store;
pub mod templates;
pub mod time;
pub mod validate;

pub use format::FormatError;
pub use localized::{ErrorKind, Lang, Localized, UserError};
pub use model::ScenarioFile;
pub use scenario::Scenario;
pub use validate::{Code, Diagnostic, Severity, ValidationOptions};

localized::user_error!(
    FormatError,
    store::StoreError,
    store::ReadError,
    store::scenarios::RemoveError,
    import::ImportError,
    simulate::setup::SetError,
    backtest::BacktestError,
    sample::SampleError,
);
