//! The commands the UI invokes, one module per feature. Each takes and returns the engine's own
//! types (serialised as the file format writes them); a failure is a `CommandError`.

pub(crate) mod backtest;
pub(crate) mod diagnosis;
pub(crate) mod editor;
pub(crate) mod export;
pub(crate) mod leads;
pub(crate) mod live;
pub(crate) mod scenarios;
pub(crate) mod settings;
pub(crate) mod simulation;
pub(crate) mod values;
pub(crate) mod whatif;
pub(crate) mod workspace;

/// Today in Japan: the shell has a clock, the engine never does (sample data ends on it, the
/// diagnosis judges review dates against it).
pub(crate) fn today_in_japan() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(9)).date_naive()
}
