//! Workspace settings: one JSON document per key (the scoring model, the calendar, later the SFA
//! mapping and team settings). A key never written reads as the type's default.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::StoreError;

/// The key of the scoring model.
pub const SCORING_MODEL: &str = "scoring_model";
/// The key of the response model's settings (`simulate::response::ResponseSettings`).
pub const RESPONSE: &str = "response_model";
/// The key of the send-calendar settings (year-end break, company holidays).
pub const CALENDAR: &str = "calendar";
/// The key of the behaviour model's settings (`simulate::behaviour::BehaviourSettings`).
pub const BEHAVIOUR: &str = "behaviour_model";
/// The key of the sales process after a hand-off (`simulate::sfa::SalesProcess`).
pub const SALES: &str = "sales_process";
/// The key of the workspace-wide frequency cap across all scenarios (`model::settings::FrequencyCap`).
pub const FREQUENCY_CAP: &str = "frequency_cap";
/// The key of the SFA/CRM mapping (`practice::SfaMapping`).
pub const SFA_MAPPING: &str = "sfa_mapping";
/// The key of the team settings (`practice::TeamSettings`).
pub const TEAM: &str = "team";
/// The key of the campaign calendar (`simulate::webinars::CampaignCalendar`).
pub const CAMPAIGNS: &str = "campaigns";
/// The sender fields new mails start with (`practice::SenderDefaults`).
pub const SENDER: &str = "sender";

/// The settings stored under `key`, or the default when there are none. A stored document that no
/// longer reads (edited by hand, or from another version) is an error, not silently replaced.
pub fn load<T: DeserializeOwned + Default>(conn: &Connection, key: &str) -> Result<T, StoreError> {
    let json: Option<String> = conn
        .query_row("SELECT json FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    match json {
        None => Ok(T::default()),
        Some(json) => serde_json::from_str(&json).map_err(|e| StoreError::BadSetting {
            key: key.to_owned(),
            detail: e.to_string(),
        }),
    }
}

/// Stores `value` under `key`, replacing what was there.
pub fn save<T: Serialize>(
    tx: &rusqlite::Transaction,
    key: &str,
    value: &T,
) -> Result<(), StoreError> {
    let json = serde_json::to_string_pretty(value).expect("settings serialise");
    tx.execute(
        "INSERT INTO settings (key, json) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET json = excluded.json",
        params![key, json],
    )?;
    Ok(())
}
