//! Text shown to people, always in both of the product's languages.
//!
//! The engine never chooses a language: every message it produces carries Japanese and English, and
//! the edge (CLI flag, app setting) picks one. Japanese is the default everywhere.

use std::fmt;

use serde::Serialize;

/// An error a person reads: a stable name for its kind (for programs and tests) and the message in
/// both languages. The engine's errors implement it, so that a face (the app's commands, the CLI)
/// turns any of them into its own error in one place.
pub trait UserError {
    /// A stable, kebab-case name for the kind of failure.
    fn kind(&self) -> &'static str;
    /// What went wrong, in both languages.
    fn localized(&self) -> Localized;
}

/// Implements `UserError` for error types with inherent `kind` and `localized` methods.
macro_rules! user_error {
    ($($error:ty),* $(,)?) => {$(
        impl $crate::localized::UserError for $error {
            fn kind(&self) -> &'static str {
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
