//! The four basic scenarios of the article, shipped as templates (`assets/templates/`).
//!
//! They are compiled into the binary so that `scenario new` and the app's start screen work without
//! any file beside the executable. Each is valid with no warning; the tests hold them to that.

use crate::format::{self, FormatError};
use crate::localized::Localized;
use crate::model::ScenarioFile;

/// One template.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    /// The name used on the command line (`scenario new --template welcome`).
    pub key: &'static str,
    /// Its name in English (the scenario itself is named in Japanese).
    pub name_en: &'static str,
    /// What the template is for.
    pub purpose: (&'static str, &'static str),
    /// The template's JSON text.
    pub json: &'static str,
}

impl Template {
    /// The scenario the template holds.
    pub fn scenario(&self) -> Result<ScenarioFile, FormatError> {
        format::parse_scenario(self.json)
    }

    /// What the template is for, in both languages.
    pub fn purpose(&self) -> Localized {
        Localized::new(self.purpose.0, self.purpose.1)
    }
}

/// The templates, in the article's order.
pub const TEMPLATES: &[Template] = &[
    Template {
        key: "welcome",
        name_en: "Welcome",
        purpose: (
            "リード獲得直後の初期接触：自社紹介・期待値調整・属性取得",
            "First contact right after a lead is won: introduction, expectation setting, attribute acquisition",
        ),
        json: include_str!("../assets/templates/welcome.json"),
    },
    Template {
        key: "post-download",
        name_en: "Post-download follow-up",
        purpose: (
            "資料ダウンロード後のフォロー：関連情報の提供とスコアに応じた営業引き渡し",
            "Follow-up after a document download: related content and a score-gated hand-off to sales",
        ),
        json: include_str!("../assets/templates/post-download.json"),
    },
    Template {
        key: "post-webinar",
        name_en: "Post-webinar follow-up",
        purpose: (
            "ウェビナー後のフォロー：参加・欠席別のお礼と録画案内、高スコアの営業引き渡し",
            "Follow-up after a webinar: thanks and recording for attendees and no-shows, hand-off for high scorers",
        ),
        json: include_str!("../assets/templates/post-webinar.json"),
    },
    Template {
        key: "dormant",
        name_en: "Dormant reactivation",
        purpose: (
            "休眠リードの掘り起こし：再接触、反応したら終了、無反応なら配信抑制",
            "Dormant reactivation: re-engage, exit on response, suppress after no response",
        ),
        json: include_str!("../assets/templates/dormant.json"),
    },
];

/// The template with this key.
pub fn template(key: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.key == key)
}
