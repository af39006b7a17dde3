//! How a workspace's scenarios are run beyond the scenarios themselves: the SFA/CRM they hand
//! leads to and the team that runs them (運用体制). Both are workspace settings sections
//! (`scenario settings set`), read by the diagnosis, the forecast's sales process and the importer
//! (an SFA's own deal-status words), so they belong to none of them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How the workspace is connected to its SFA/CRM (記事「連携で重要なキー項目」): the shared
/// lead ID, the score field sales sees, and the field whose changes come back as deal status.
/// Empty strings mean "not mapped".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SfaMapping {
    /// The SFA/CRM (e.g. Salesforce, HubSpot, kintone, Senses).
    pub system: String,
    /// The SFA field holding the lead ID shared with the MA (リードID).
    pub lead_id_field: String,
    /// The SFA field that receives the MA score (スコア).
    pub score_field: String,
    /// The SFA field whose changes come back to the MA as deal status (商談ステータス).
    pub deal_status_field: String,
    /// The workspace's own SFA values for deal statuses (e.g. 「見込み薄」 → 失注), read on
    /// import besides the usual names (`import::values::DEAL_STATUS_WORDS`).
    pub deal_status_values: std::collections::BTreeMap<String, crate::model::expr::DealStatus>,
}

impl SfaMapping {
    /// Whether an SFA/CRM is named at all.
    pub fn is_connected(&self) -> bool {
        !self.system.trim().is_empty()
    }
}

/// What every mail of the workspace says of its sender, unless the mail says otherwise: the
/// fields Japan's Act on Specified Electronic Mail requires, which a new mail node starts with so
/// that nobody retypes them for every mail.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SenderDefaults {
    /// 送信者名 (the company, or a person at it).
    pub sender_name: String,
    /// The reply-to address.
    pub sender_email: String,
    /// 送信者の住所 (postal address).
    pub sender_address: String,
    /// The opt-out link (a URL, mailto: or a merge tag).
    pub opt_out_url: String,
}

impl SenderDefaults {
    /// `email` with each sender field it leaves empty filled from these defaults.
    pub fn fill(&self, email: &mut crate::model::node::Email) {
        for (field, default) in [
            (&mut email.sender_name, &self.sender_name),
            (&mut email.sender_email, &self.sender_email),
            (&mut email.sender_address, &self.sender_address),
            (&mut email.opt_out_url, &self.opt_out_url),
        ] {
            if field.trim().is_empty() {
                field.clone_from(default);
            }
        }
    }
}

/// Who runs the scenarios and how their results are reviewed (運用体制).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TeamSettings {
    /// シナリオ運用の担当者.
    pub owner: String,
    /// Whether running the scenarios is the owner's assigned role (専任), not a side task.
    pub dedicated: bool,
    /// How often scenario results are reviewed.
    pub review_cadence: ReviewCadence,
    /// The days reviews took place (the review log).
    #[schemars(with = "Vec<String>")]
    pub reviews: Vec<NaiveDate>,
}

/// How often scenario results are reviewed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ReviewCadence {
    /// Not planned.
    #[default]
    None,
    /// 週次.
    Weekly,
    /// 月次.
    Monthly,
}

impl ReviewCadence {
    /// The most days between two reviews the cadence allows: a week or a month, with a few
    /// days' slack for holidays.
    pub fn days(self) -> Option<i64> {
        match self {
            ReviewCadence::None => None,
            ReviewCadence::Weekly => Some(10),
            ReviewCadence::Monthly => Some(35),
        }
    }
}
