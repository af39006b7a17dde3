//! What the window keeps between commands: the open workspace, the last diagnosis and forecast,
//! the live estimate's sample, the leads' values the validator checks against, and the flag that cancels a forecast; and the one way to reach
//! them (`lock`, `open_mut`, `open_ref`).

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

use scenario_studio::store::Workspace;

use crate::commands::{export, live, values};
use crate::error::{CommandError, no_workspace};

/// The workspace the window works in, if one is open.
#[derive(Default)]
pub struct AppState {
    pub(crate) workspace: Arc<Mutex<Option<Workspace>>>,
    /// Set to cancel the running forecast.
    pub(crate) stop: Arc<AtomicBool>,
    /// The last diagnosis, for its report.
    pub(crate) diagnosis: Mutex<Option<scenario_studio::diagnose::Diagnosis>>,
    /// The last forecast, for its report.
    pub(crate) forecast: Arc<export::ForecastSlot>,
    /// The sample and models live estimates run on.
    pub(crate) live: Arc<live::LiveSlot>,
    /// The values leads have, for the validator.
    pub(crate) values: values::ValuesSlot,
    /// The leads table's last score order: its key (filter, moment, scoring, leads) and the
    /// leads with their scores in order.
    pub(crate) score_order: Arc<Mutex<Option<ScoreOrder>>>,
}

/// A key and the leads it orders, with their scores.
pub(crate) type ScoreOrder = (String, Arc<Vec<(i64, i32)>>);

/// `mutex`'s value, also after a command panicked while holding it: what it guards stays whole
/// (every write to a workspace is one SQLite transaction, rolled back when it does not finish;
/// the other slots are replaced whole), and refusing it would leave the window unusable.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The open workspace, or the error that says none is open.
pub(crate) fn open_mut(slot: &mut Option<Workspace>) -> Result<&mut Workspace, CommandError> {
    slot.as_mut().ok_or_else(no_workspace)
}

/// `open_mut` for reading.
pub(crate) fn open_ref(slot: &Option<Workspace>) -> Result<&Workspace, CommandError> {
    slot.as_ref().ok_or_else(no_workspace)
}

/// The file of the open workspace, for a job that opens its own connection.
pub(crate) fn workspace_path(state: &AppState) -> Result<std::path::PathBuf, CommandError> {
    let guard = lock(&state.workspace);
    Ok(open_ref(&guard)?.path().to_owned())
}
