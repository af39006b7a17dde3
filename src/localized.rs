//! Text shown to people, always in both of the product's languages.
//!
//! The engine never chooses a language: every message it produces carries Japanese and English, and
//! the edge (CLI flag, app setting) picks one. Japanese is the default everywhere.

use std::fmt;

use serde::Serialize;

/// What kind of failure an error a person reads is: a closed list, so that a face (the app's UI,
/// a script reading the CLI's JSON) can tell them apart by a name that cannot drift, and a new kind
/// is a change to this list (and to the UI's generated union), not a string made up where it is
/// raised. Serialised as its kebab-case name.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
pub enum ErrorKind {
    /// `already-exists`.
    #[serde(rename = "already-exists")]
    AlreadyExists,
    /// `ambiguous-date-order`.
    #[serde(rename = "ambiguous-date-order")]
    AmbiguousDateOrder,
    /// `backtest-refused`.
    #[serde(rename = "backtest-refused")]
    BacktestRefused,
    /// `bad-answer`.
    #[serde(rename = "bad-answer")]
    BadAnswer,
    /// `bad-request`.
    #[serde(rename = "bad-request")]
    BadRequest,
    /// `bad-setting`.
    #[serde(rename = "bad-setting")]
    BadSetting,
    /// `bad-settings`.
    #[serde(rename = "bad-settings")]
    BadSettings,
    /// `busy`.
    #[serde(rename = "busy")]
    Busy,
    /// `corrupt`.
    #[serde(rename = "corrupt")]
    Corrupt,
    /// `crashed`.
    #[serde(rename = "crashed")]
    Crashed,
    /// `csv`.
    #[serde(rename = "csv")]
    Csv,
    /// `damaged`.
    #[serde(rename = "damaged")]
    Damaged,
    /// `database`.
    #[serde(rename = "database")]
    Database,
    /// `deals-without-person`.
    #[serde(rename = "deals-without-person")]
    DealsWithoutPerson,
    /// `disk-full`.
    #[serde(rename = "disk-full")]
    DiskFull,
    /// `empty`.
    #[serde(rename = "empty")]
    Empty,
    /// `empty-name`.
    #[serde(rename = "empty-name")]
    EmptyName,
    /// `folder`.
    #[serde(rename = "folder")]
    Folder,
    /// `invalid-scenario`.
    #[serde(rename = "invalid-scenario")]
    InvalidScenario,
    /// `io`.
    #[serde(rename = "io")]
    Io,
    /// `line-too-long`.
    #[serde(rename = "line-too-long")]
    LineTooLong,
    /// `migration`.
    #[serde(rename = "migration")]
    Migration,
    /// `missing-columns`.
    #[serde(rename = "missing-columns")]
    MissingColumns,
    /// `missing-format`.
    #[serde(rename = "missing-format")]
    MissingFormat,
    /// `mixed-date-orders`.
    #[serde(rename = "mixed-date-orders")]
    MixedDateOrders,
    /// `name-too-long`.
    #[serde(rename = "name-too-long")]
    NameTooLong,
    /// `newer-format`.
    #[serde(rename = "newer-format")]
    NewerFormat,
    /// `newer-version`.
    #[serde(rename = "newer-version")]
    NewerVersion,
    /// `no-diagnosis`.
    #[serde(rename = "no-diagnosis")]
    NoDiagnosis,
    /// `no-rows`.
    #[serde(rename = "no-rows")]
    NoRows,
    /// `no-workspace`.
    #[serde(rename = "no-workspace")]
    NoWorkspace,
    /// `not-a-file`.
    #[serde(rename = "not-a-file")]
    NotAFile,
    /// `not-a-workspace`.
    #[serde(rename = "not-a-workspace")]
    NotAWorkspace,
    /// `not-an-object`.
    #[serde(rename = "not-an-object")]
    NotAnObject,
    /// `not-found`.
    #[serde(rename = "not-found")]
    NotFound,
    /// `not-utf8`.
    #[serde(rename = "not-utf8")]
    NotUtf8,
    /// `nothing-to-simulate`.
    #[serde(rename = "nothing-to-simulate")]
    NothingToSimulate,
    /// `read`.
    #[serde(rename = "read")]
    Read,
    /// `read-only`.
    #[serde(rename = "read-only")]
    ReadOnly,
    /// `read-only-place`.
    #[serde(rename = "read-only-place")]
    ReadOnlyPlace,
    /// `review-refused`.
    #[serde(rename = "review-refused")]
    ReviewRefused,
    /// `row-errors`.
    #[serde(rename = "row-errors")]
    RowErrors,
    /// `sample-failed`.
    #[serde(rename = "sample-failed")]
    SampleFailed,
    /// `schema-mismatch`.
    #[serde(rename = "schema-mismatch")]
    SchemaMismatch,
    /// `shape`.
    #[serde(rename = "shape")]
    Shape,
    /// `still-referred-to`.
    #[serde(rename = "still-referred-to")]
    StillReferredTo,
    /// `store`.
    #[serde(rename = "store")]
    Store,
    /// `syntax`.
    #[serde(rename = "syntax")]
    Syntax,
    /// `too-large`.
    #[serde(rename = "too-large")]
    TooLarge,
    /// `too-many-columns`.
    #[serde(rename = "too-many-columns")]
    TooManyColumns,
    /// `undecodable`.
    #[serde(rename = "undecodable")]
    Undecodable,
    /// `unknown-format`.
    #[serde(rename = "unknown-format")]
    UnknownFormat,
    /// `unknown-item`.
    #[serde(rename = "unknown-item")]
    UnknownItem,
    /// `unknown-kind`.
    #[serde(rename = "unknown-kind")]
    UnknownKind,
    /// `unknown-lead`.
    #[serde(rename = "unknown-lead")]
    UnknownLead,
    /// `unknown-preset`.
    #[serde(rename = "unknown-preset")]
    UnknownPreset,
    /// `unknown-scenario`.
    #[serde(rename = "unknown-scenario")]
    UnknownScenario,
    /// `unknown-template`.
    #[serde(rename = "unknown-template")]
    UnknownTemplate,
    /// `unknown-version`.
    #[serde(rename = "unknown-version")]
    UnknownVersion,
    /// `unreadable`.
    #[serde(rename = "unreadable")]
    Unreadable,
    /// `unreadable-draft`.
    #[serde(rename = "unreadable-draft")]
    UnreadableDraft,
    /// `unreadable-file`.
    #[serde(rename = "unreadable-file")]
    UnreadableFile,
    /// `unreadable-opt-out`.
    #[serde(rename = "unreadable-opt-out")]
    UnreadableOptOut,
    /// `unreadable-scenario`.
    #[serde(rename = "unreadable-scenario")]
    UnreadableScenario,
    /// `unstorable`.
    #[serde(rename = "unstorable")]
    Unstorable,
    /// `unsupported-encoding`.
    #[serde(rename = "unsupported-encoding")]
    UnsupportedEncoding,
    /// `unterminated-quote`.
    #[serde(rename = "unterminated-quote")]
    UnterminatedQuote,
    /// `workspace-target`.
    #[serde(rename = "workspace-target")]
    WorkspaceTarget,
    /// `write`.
    #[serde(rename = "write")]
    Write,
}

impl ErrorKind {
    /// Its name (`not-found`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::AlreadyExists => "already-exists",
            ErrorKind::AmbiguousDateOrder => "ambiguous-date-order",
            ErrorKind::BacktestRefused => "backtest-refused",
            ErrorKind::BadAnswer => "bad-answer",
            ErrorKind::BadRequest => "bad-request",
            ErrorKind::BadSetting => "bad-setting",
            ErrorKind::BadSettings => "bad-settings",
            ErrorKind::Busy => "busy",
            ErrorKind::Corrupt => "corrupt",
            ErrorKind::Crashed => "crashed",
            ErrorKind::Csv => "csv",
            ErrorKind::Damaged => "damaged",
            ErrorKind::Database => "database",
            ErrorKind::DealsWithoutPerson => "deals-without-person",
            ErrorKind::DiskFull => "disk-full",
            ErrorKind::Empty => "empty",
            ErrorKind::EmptyName => "empty-name",
            ErrorKind::Folder => "folder",
            ErrorKind::InvalidScenario => "invalid-scenario",
            ErrorKind::Io => "io",
            ErrorKind::LineTooLong => "line-too-long",
            ErrorKind::Migration => "migration",
            ErrorKind::MissingColumns => "missing-columns",
            ErrorKind::MissingFormat => "missing-format",
            ErrorKind::MixedDateOrders => "mixed-date-orders",
            ErrorKind::NameTooLong => "name-too-long",
            ErrorKind::NewerFormat => "newer-format",
            ErrorKind::NewerVersion => "newer-version",
            ErrorKind::NoDiagnosis => "no-diagnosis",
            ErrorKind::NoRows => "no-rows",
            ErrorKind::NoWorkspace => "no-workspace",
            ErrorKind::NotAFile => "not-a-file",
            ErrorKind::NotAWorkspace => "not-a-workspace",
            ErrorKind::NotAnObject => "not-an-object",
            ErrorKind::NotFound => "not-found",
            ErrorKind::NotUtf8 => "not-utf8",
            ErrorKind::NothingToSimulate => "nothing-to-simulate",
            ErrorKind::Read => "read",
            ErrorKind::ReadOnly => "read-only",
            ErrorKind::ReadOnlyPlace => "read-only-place",
            ErrorKind::ReviewRefused => "review-refused",
            ErrorKind::RowErrors => "row-errors",
            ErrorKind::SampleFailed => "sample-failed",
            ErrorKind::SchemaMismatch => "schema-mismatch",
            ErrorKind::Shape => "shape",
            ErrorKind::StillReferredTo => "still-referred-to",
            ErrorKind::Store => "store",
            ErrorKind::Syntax => "syntax",
            ErrorKind::TooLarge => "too-large",
            ErrorKind::TooManyColumns => "too-many-columns",
            ErrorKind::Undecodable => "undecodable",
            ErrorKind::UnknownFormat => "unknown-format",
            ErrorKind::UnknownItem => "unknown-item",
            ErrorKind::UnknownKind => "unknown-kind",
            ErrorKind::UnknownLead => "unknown-lead",
            ErrorKind::UnknownPreset => "unknown-preset",
            ErrorKind::UnknownScenario => "unknown-scenario",
            ErrorKind::UnknownTemplate => "unknown-template",
            ErrorKind::UnknownVersion => "unknown-version",
            ErrorKind::Unreadable => "unreadable",
            ErrorKind::UnreadableDraft => "unreadable-draft",
            ErrorKind::UnreadableFile => "unreadable-file",
            ErrorKind::UnreadableOptOut => "unreadable-opt-out",
            ErrorKind::UnreadableScenario => "unreadable-scenario",
            ErrorKind::Unstorable => "unstorable",
            ErrorKind::UnsupportedEncoding => "unsupported-encoding",
            ErrorKind::UnterminatedQuote => "unterminated-quote",
            ErrorKind::WorkspaceTarget => "workspace-target",
            ErrorKind::Write => "write",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// An error a person reads: a stable name for its kind (for programs and tests) and the message in
/// both languages. The engine's errors implement it, so that a face (the app's commands, the CLI)
/// turns any of them into its own error in one place.
pub trait UserError {
    /// A stable, kebab-case name for the kind of failure.
    fn kind(&self) -> ErrorKind;
    /// What went wrong, in both languages.
    fn localized(&self) -> Localized;
}

/// Implements `UserError` for error types with inherent `kind` and `localized` methods.
macro_rules! user_error {
    ($($error:ty),* $(,)?) => {$(
        impl $crate::localized::UserError for $error {
            fn kind(&self) -> $crate::ErrorKind {
                <$error>::kind(self)
            }
            fn localized(&self) -> $crate::Localized {
                <$error>::localized(self)
            }
        }
    )*};
}
pub(crate) use user_error;

/// `text` as it goes into a message: characters that show as nothing or act on a terminal
/// (control characters, zero-width spaces and joiners, bidirectional controls, a byte-order
/// mark, non-characters) written as `<U+200B>`, so that a message about a value shows what is
/// really in it ("welcome" that is not `welcome`), and printing it never moves a cursor.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    fn hidden(c: char) -> bool {
        c.is_control()
            || matches!(
                c,
                '\u{200b}'..='\u{200f}'
                    | '\u{202a}'..='\u{202e}'
                    | '\u{2060}'..='\u{2064}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{feff}'
                    | '\u{fffe}'
                    | '\u{ffff}'
                    | '\u{00ad}'
            )
    }
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A language the product speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 日本語 — the default.
    #[default]
    Ja,
    /// English.
    En,
}

/// One message in Japanese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Localized {
    /// The Japanese text.
    pub ja: String,
    /// The English text.
    pub en: String,
}

impl Localized {
    /// A message from its two texts.
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Localized {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// `parts` joined, with separator `ja` in Japanese and `en` in English.
    pub fn join(parts: &[Localized], ja: &str, en: &str) -> Localized {
        let side = |f: fn(&Localized) -> &str, sep: &str| {
            parts.iter().map(f).collect::<Vec<_>>().join(sep)
        };
        Localized::new(side(|p| &p.ja, ja), side(|p| &p.en, en))
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

impl fmt::Display for Localized {
    /// Both texts, Japanese first: for logs and error chains where nobody chose a language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ja == self.en {
            f.write_str(&self.ja)
        } else {
            write!(f, "{} / {}", self.ja, self.en)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn what_would_not_show_is_written_out() {
        assert_eq!(super::visible("welcome"), "welcome");
        assert_eq!(
            super::visible("wel\u{200b}come\u{0}\u{1b}[2J\u{202e}"),
            "wel<U+200B>come<U+0000><U+001B>[2J<U+202E>"
        );
    }
}
