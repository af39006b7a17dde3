//! The settings screens: the sections a marketer edits (scoring, frequency cap, SFA mapping, team,
//! planned webinars), saved all or nothing through the engine's checks; a live preview of how many
//! leads a scoring model makes MQLs now; the scoring review; what past webinars say a planned one
//! can expect.

use crate::error::{CommandError, crashed, failure};
use crate::state::{AppState, lock, open_mut, open_ref, workspace_path};
use scenario_studio::ErrorKind;
use scenario_studio::model::settings::FrequencyCap;
use scenario_studio::practice::{SfaMapping, TeamSettings};
use scenario_studio::scoring::ScoringModel;
use scenario_studio::scoring::review::Outcome;
use scenario_studio::simulate::calendar::{CalendarSettings, Holidays};
use scenario_studio::simulate::parameters::SimulationSettings;
use scenario_studio::simulate::sfa::SalesProcess;
use scenario_studio::simulate::webinars::{CampaignCalendar, WebinarDefaults};
use scenario_studio::store::Workspace;
use scenario_studio::store::score_review::{self, ReviewOptions, ScoringReview};
use scenario_studio::store::scores::{ScoreSummary, ScoringVersion, score_leads};
use serde::{Deserialize, Serialize};

/// The sections the settings screens edit.
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EditableSettings {
    /// Scores and the MQL threshold.
    pub scoring: ScoringModel,
    /// At most so many mails per lead across all scenarios.
    pub frequency_cap: FrequencyCap,
    /// The SFA/CRM fields.
    pub sfa: SfaMapping,
    /// Who runs the scenarios and how they are reviewed.
    pub team: TeamSettings,
    /// What sales does with a hand-off: probabilities and delays.
    pub sales: SalesProcess,
    /// The year-end break and company holidays (besides public holidays).
    pub calendar: CalendarSettings,
    /// Webinars planned after the recorded history.
    pub campaigns: CampaignCalendar,
    /// The sender fields new mails start with.
    pub sender: scenario_studio::practice::SenderDefaults,
}

/// A deal status as the SFA section explains it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct DealStatusInfo {
    /// The stored code.
    pub code: String,
    /// Its name.
    pub label: scenario_studio::Localized,
    /// What it means.
    pub meaning: scenario_studio::Localized,
    /// The SFA/CRM values an import reads as this status.
    pub words: Vec<String>,
}

/// The deal statuses, in the order of the sales process, with the SFA values read as each.
#[tauri::command]
pub fn deal_statuses() -> Vec<DealStatusInfo> {
    scenario_studio::import::values::DEAL_STATUS_WORDS
        .iter()
        .map(|(status, words)| DealStatusInfo {
            code: status.code().to_owned(),
            label: status.label(),
            meaning: status.meaning(),
            words: words.iter().map(|w| (*w).to_owned()).collect(),
        })
        .collect()
}

/// A public holiday from the shipped Cabinet Office list.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Holiday {
    /// YYYY-MM-DD.
    pub date: String,
    /// Its name.
    pub name: scenario_studio::Localized,
}

/// The workspace's settings (defaults for what was never set).
#[tauri::command]
pub fn load_settings(state: tauri::State<'_, AppState>) -> Result<EditableSettings, CommandError> {
    let guard = lock(&state.workspace);
    let s = SimulationSettings::load(open_ref(&guard)?.conn())?;
    Ok(EditableSettings {
        scoring: s.scoring,
        frequency_cap: s.frequency_cap,
        sfa: s.sfa,
        team: s.team,
        sales: s.sales,
        calendar: s.calendar,
        campaigns: s.campaigns,
        sender: s.sender,
    })
}

/// What the past webinars say a planned one can expect (registrants, attendance), and the
/// past webinars themselves: the campaign calendar's defaults.
#[tauri::command]
pub async fn webinar_defaults(
    state: tauri::State<'_, AppState>,
) -> Result<WebinarDefaults, CommandError> {
    let path = workspace_path(&state)?;
    tauri::async_runtime::spawn_blocking(move || {
        let ws = Workspace::open(&path)?;
        let facts = scenario_studio::simulate::history::HistoryFacts::read(ws.conn())?;
        Ok(WebinarDefaults::from_facts(&facts))
    })
    .await
    .map_err(|e| crashed(&e))?
}

/// Japan's public holidays from `from` to `to` (YYYY-MM-DD, both included; at most ten years).
#[tauri::command]
pub fn public_holidays(from: String, to: String) -> Result<Vec<Holiday>, CommandError> {
    let day = |text: &str| {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            failure(
                ErrorKind::BadRequest,
                scenario_studio::Localized::new(
                    format!("「{text}」は YYYY-MM-DD の日付ではありません"),
                    format!("\"{text}\" is not a YYYY-MM-DD date"),
                ),
            )
        })
    };
    let (from, to) = (day(&from)?, day(&to)?);
    let to = from
        .checked_add_days(chrono::Days::new(3653))
        .map_or(to, |limit| to.min(limit));
    Ok(Holidays::japan()
        .between(from, to)
        .into_iter()
        .map(|(date, ja, en)| Holiday {
            date: date.to_string(),
            name: scenario_studio::Localized::new(ja, en),
        })
        .collect())
}

/// Saves the edited sections, all or nothing: a value out of range changes nothing and says which.
#[tauri::command]
pub fn save_settings(
    settings: EditableSettings,
    state: tauri::State<'_, AppState>,
) -> Result<(), CommandError> {
    let json = serde_json::to_string(&settings).expect("settings serialise");
    apply(&state, |_| Ok(json))
}

/// Replaces the sections of the document `document` writes (reading the workspace if it needs
/// to), all or nothing, and forgets the live estimate's models fitted with the old ones.
pub(crate) fn apply(
    state: &AppState,
    document: impl FnOnce(&Workspace) -> Result<String, CommandError>,
) -> Result<(), CommandError> {
    let mut guard = lock(&state.workspace);
    let ws = open_mut(&mut guard)?;
    let json = document(ws)?;
    SimulationSettings::apply(ws, &json)
        .map_err(|e| failure(ErrorKind::BadSettings, e.on_screen()))?;
    super::live::forget(&state.live);
    Ok(())
}

/// How the leads score under `scoring` at the last recorded moment: leads, MQLs, distribution.
#[tauri::command]
pub async fn preview_scoring(
    scoring: ScoringModel,
    state: tauri::State<'_, AppState>,
) -> Result<ScoreSummary, CommandError> {
    let path = workspace_path(&state)?;
    tauri::async_runtime::spawn_blocking(move || {
        let ws = Workspace::open(&path)?;
        let now = scenario_studio::store::scores::last_recorded(ws.conn())?;
        Ok(score_leads(ws.conn(), &scoring, now)?)
    })
    .await
    .map_err(|e| crashed(&e))?
}

/// The scoring review (スコアの見直し): points fitted from the deal history that came before
/// `outcome`, checked with the points in use on later deals.
#[tauri::command]
pub async fn review_scoring(
    outcome: Outcome,
    horizon_days: Option<u32>,
    state: tauri::State<'_, AppState>,
) -> Result<ScoringReview, CommandError> {
    let path = workspace_path(&state)?;
    tauri::async_runtime::spawn_blocking(move || {
        let ws = Workspace::open(&path)?;
        let current = SimulationSettings::load(ws.conn())?.scoring;
        let options = ReviewOptions {
            outcome,
            horizon_days,
        };
        score_review::review(ws.conn(), &current, &options)
            .map_err(|e| failure(e.kind(), e.localized()))
    })
    .await
    .map_err(|e| crashed(&e))?
}

/// Makes `scoring` the workspace's scoring model, kept as a new version with `note` (the first
/// time, the model it replaces is kept first with `replaced_note`). Returns the version's number.
#[tauri::command]
pub fn apply_scoring(
    scoring: ScoringModel,
    note: String,
    replaced_note: String,
    state: tauri::State<'_, AppState>,
) -> Result<i64, CommandError> {
    let mut guard = lock(&state.workspace);
    let ws = open_mut(&mut guard)?;
    let now = chrono::Utc::now().timestamp();
    let number = SimulationSettings::keep_scoring(ws, &scoring, &note, &replaced_note, now)
        .map_err(|e| failure(ErrorKind::BadSettings, e.on_screen()))?;
    super::live::forget(&state.live);
    Ok(number)
}

/// The kept versions of the scoring model, oldest first.
#[tauri::command]
pub fn scoring_versions(
    state: tauri::State<'_, AppState>,
) -> Result<Vec<ScoringVersion>, CommandError> {
    let guard = lock(&state.workspace);
    Ok(scenario_studio::store::scores::versions(
        open_ref(&guard)?.conn(),
    )?)
}

/// Makes kept version `number` the scoring model in use again (kept as a new version, `note`).
#[tauri::command]
pub fn restore_scoring(
    number: i64,
    note: String,
    state: tauri::State<'_, AppState>,
) -> Result<i64, CommandError> {
    let mut guard = lock(&state.workspace);
    let ws = open_mut(&mut guard)?;
    let Some(model) = scenario_studio::store::scores::version(ws.conn(), number)? else {
        return Err(failure(
            ErrorKind::NotFound,
            scenario_studio::Localized::new(
                format!("スコアリング設定のバージョン {number} はありません"),
                format!("there is no version {number} of the scoring settings"),
            ),
        ));
    };
    let now = chrono::Utc::now().timestamp();
    let number = SimulationSettings::keep_scoring(ws, &model, &note, "", now)
        .map_err(|e| failure(ErrorKind::BadSettings, e.on_screen()))?;
    super::live::forget(&state.live);
    Ok(number)
}
