//! What a command returns when it fails: `{kind, message}`, the message in Japanese and English
//! for the UI to show in the user's language. Every engine error that a person reads
//! (`scenario_studio::UserError`) becomes one through the one `From` below; the shell's own
//! failures are named here.

use scenario_studio::{ErrorKind, Localized, UserError};
use serde::Serialize;

/// What a command returns when it fails.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CommandError {
    /// A stable name for the kind of failure.
    pub kind: ErrorKind,
    /// What went wrong, in both languages.
    pub message: Localized,
}

impl<E: UserError> From<E> for CommandError {
    fn from(e: E) -> Self {
        CommandError {
            kind: e.kind(),
            message: e.localized(),
        }
    }
}

/// A failure of the shell's own, of `kind`.
pub(crate) fn failure(kind: ErrorKind, message: Localized) -> CommandError {
    CommandError { kind, message }
}

/// A request the UI should not have sent (a value out of range, an unknown name).
pub(crate) fn bad_request(ja: String, en: String) -> CommandError {
    failure(ErrorKind::BadRequest, Localized::new(ja, en))
}

/// No workspace is open.
pub(crate) fn no_workspace() -> CommandError {
    failure(
        ErrorKind::NoWorkspace,
        Localized::new("ワークスペースが開かれていません", "no workspace is open"),
    )
}

/// A job off the window's thread ended abnormally.
pub(crate) fn crashed(e: &dyn std::fmt::Display) -> CommandError {
    failure(
        ErrorKind::Crashed,
        Localized::new(
            format!("処理が異常終了しました: {e}"),
            format!("the job failed: {e}"),
        ),
    )
}
