//! Text shown to people, always in both of the product's languages.
//!
//! The engine never chooses a language: every message it produces carries Japanese and English, and
//! the edge (CLI flag, app setting) picks one. Japanese is the default everywhere.

use std::fmt;

use serde::Serialize;

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
