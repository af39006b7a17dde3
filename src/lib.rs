//! Scenario Studio's engine: the scenario model and its file format, the validator, the templates and
//! the JSON Schema. The `scenario` CLI and the desktop app are thin layers over this crate, which
//! knows nothing of either.

pub mod format;
pub mod localized;
pub mod model;
pub mod scenario;
pub mod schema;
pub mod templates;
pub mod validate;

pub use format::FormatError;
pub use localized::{Lang, Localized};
pub use model::ScenarioFile;
pub use scenario::Scenario;
pub use validate::{Code, Diagnostic, Severity, ValidationOptions};
