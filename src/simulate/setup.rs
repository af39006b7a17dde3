//! What a forecast of a workspace starts from: the models as a simulation uses them (its stored
//! settings, or their defaults, fitted to its recorded history in one read) and the set of
//! scenarios it runs (`scenario_set`, the one rule the CLI and the app share).

use crate::ErrorKind;
use crate::model::settings::FrequencyCap;
use crate::scoring::ScoringModel;
use crate::simulate::behaviour::BehaviourModel;
use crate::simulate::calendar::CalendarSettings;
use crate::simulate::history::HistoryFacts;
use crate::simulate::inflow::Inflow;
use crate::simulate::models::Models;
use crate::simulate::parameters::SimulationSettings;
use crate::simulate::response::ResponseModel;
use crate::simulate::sfa::SalesProcess;
use crate::simulate::triggers::TriggerContext;
use crate::simulate::webinars::{WebinarDefaults, WebinarPlan, plans};
use crate::store;

/// The most days a forecast may start after the recorded history (two years).
pub const MAX_START_GAP_DAYS: i64 = 730;

/// The workspace's stored models (or their defaults), fitted to its history.
pub struct WorkspaceModels {
    pub scoring: ScoringModel,
    pub response: ResponseModel,
    pub behaviour: BehaviourModel,
    pub sales: SalesProcess,
    pub calendar: CalendarSettings,
    pub frequency_cap: FrequencyCap,
    pub context: TriggerContext,
    pub inflow: Inflow,
    /// The campaign calendar's webinars as the forecast draws them.
    pub webinars: Vec<WebinarPlan>,
    /// What past webinars say a planned one can expect.
    pub webinar_defaults: WebinarDefaults,
}

impl WorkspaceModels {
    /// The workspace's settings, with the models fitted from one read of its history.
    pub fn load(conn: &rusqlite::Connection) -> Result<Self, store::StoreError> {
        let settings = SimulationSettings::load(conn)?;
        let facts = HistoryFacts::read(conn)?;
        let webinar_defaults = WebinarDefaults::from_facts(&facts);
        // Every forecast loads the models: the leads are counted only when webinars are planned.
        let mailable: i64 = if settings.campaigns.webinars.is_empty() {
            0
        } else {
            conn.query_row("SELECT count(*) FROM leads WHERE opted_out = 0", [], |r| {
                r.get(0)
            })?
        };
        let webinars = plans(
            &settings.campaigns,
            &webinar_defaults,
            mailable.max(0) as u64,
            facts.webinar_leads,
        );
        let mut context = TriggerContext::from_facts(&facts);
        for plan in &webinars {
            context.webinar_times.insert(plan.name.clone(), plan.at);
        }
        Ok(WorkspaceModels {
            inflow: Inflow::fit(conn, &facts, &settings.scoring, &settings.calendar)?,
            scoring: settings.scoring,
            response: ResponseModel::from_facts(&facts, settings.response),
            behaviour: BehaviourModel::from_facts(&facts, settings.behaviour)
                .with_timing(&facts, &settings.calendar),
            sales: settings.sales,
            calendar: settings.calendar,
            frequency_cap: settings.frequency_cap,
            context,
            webinars,
            webinar_defaults,
        })
    }

    /// The first day (Japan time) after the recorded history, which covers the whole day of its
    /// last event: where a forecast starts by default. None without recorded events.
    pub fn day_after_history(&self) -> Option<chrono::NaiveDate> {
        let until = self.context.recorded_until?;
        chrono::DateTime::from_timestamp((until + 1 + 9 * 60) * 60, 0).map(|t| t.date_naive())
    }

    /// Refuses a forecast that starts more than `MAX_START_GAP_DAYS` after the recorded history:
    /// the days between are simulated too (a start in the year 9999 ran a machine out of memory).
    pub fn check_start(&self, start: chrono::NaiveDate) -> Result<(), crate::Localized> {
        let Some(after) = self.day_after_history() else {
            return Ok(());
        };
        let gap = (start - after).num_days();
        if gap <= MAX_START_GAP_DAYS {
            return Ok(());
        }
        Err(crate::Localized::new(
            format!(
                "開始日 {start} は記録された履歴の {gap} 日後です。予測は履歴の翌日（{after}）から {MAX_START_GAP_DAYS} 日以内に始めてください（間の期間も模擬するため）"
            ),
            format!(
                "the start {start} is {gap} days after the recorded history; a forecast starts at most {MAX_START_GAP_DAYS} days after it ({after}), since the days between are simulated too"
            ),
        ))
    }

    /// The models as the engine takes them.
    pub fn models(&self) -> Models<'_> {
        Models {
            scoring: &self.scoring,
            response: &self.response,
            sales: &self.sales,
            calendar: &self.calendar,
            frequency_cap: self.frequency_cap,
            context: &self.context,
            behaviour: &self.behaviour,
            inflow: &self.inflow,
            webinars: &self.webinars,
        }
    }
}

/// Which scenarios a forecast (or a back-test, a what-if, a live estimate) runs: one rule for the
/// CLI and the app (`scenario_set`).
#[derive(Debug, Clone)]
pub enum ScenarioChoice {
    /// The workspace's active scenarios, with `edited` (a scenario open in the editor, whatever
    /// its status) in place of its stored version or besides them. A stored one that has errors,
    /// or can no longer be read, is left out with a note; errors in `edited` refuse the run.
    Active {
        /// The scenario being edited.
        edited: Option<Box<crate::ScenarioFile>>,
    },
    /// Exactly these, each with the label messages name it by (a file's path, a stored id): the
    /// user asked for each, so any error refuses the run.
    Named(Vec<(String, crate::ScenarioFile)>),
}

/// The scenarios a forecast runs, and what was left out of them and why.
#[derive(Debug)]
pub struct ScenarioSet {
    /// Validated together: a switch goes to a scenario of the set.
    pub scenarios: Vec<crate::Scenario>,
    /// Stored scenarios left out, each with the reason.
    pub notes: Vec<crate::Localized>,
}

/// Why no forecast can run on the scenarios chosen.
#[derive(Debug, thiserror::Error)]
pub enum SetError {
    /// The workspace could not be read.
    #[error(transparent)]
    Store(#[from] store::StoreError),
    /// Nothing is left to forecast: `notes` say what was left out (none: nothing was active).
    #[error("nothing to simulate")]
    Nothing {
        /// What was left out and why.
        notes: Vec<crate::Localized>,
    },
    /// A scenario asked for has an error.
    #[error("{label}: [{}] {}", problem.code, problem.message.en)]
    Invalid {
        /// Its label.
        label: String,
        /// Its first error.
        problem: Box<crate::Diagnostic>,
    },
}

impl SetError {
    /// A stable name for the kind of failure.
    pub fn kind(&self) -> crate::ErrorKind {
        match self {
            SetError::Store(e) => e.kind(),
            SetError::Nothing { .. } => ErrorKind::NothingToSimulate,
            SetError::Invalid { .. } => ErrorKind::InvalidScenario,
        }
    }

    /// The message in both languages.
    pub fn localized(&self) -> crate::Localized {
        match self {
            SetError::Store(e) => e.localized(),
            SetError::Nothing { notes } => match notes.last() {
                Some(note) => note.clone(),
                None => crate::Localized::new(
                    "予測するシナリオがありません（ワークスペースに稼働中のシナリオがありません）",
                    "there is nothing to forecast: the workspace has no active scenario",
                ),
            },
            SetError::Invalid { label, problem } => crate::Localized::new(
                format!(
                    "{label}: エラーを直してから予測してください: [{}] {}",
                    problem.code, problem.message.ja
                ),
                format!(
                    "{label}: fix the errors before forecasting: [{}] {}",
                    problem.code, problem.message.en
                ),
            ),
        }
    }
}

/// The scenarios `choice` names, validated together (a switch may go only to a scenario of the
/// set: the leads it sends must land somewhere), per `ScenarioChoice`'s rule.
pub fn scenario_set(
    conn: &rusqlite::Connection,
    choice: ScenarioChoice,
) -> Result<ScenarioSet, SetError> {
    use crate::store::scenarios::{self, StoredStatus};
    let edited = match choice {
        ScenarioChoice::Named(files) => {
            let asked: Vec<String> = files.iter().map(|f| f.0.clone()).collect();
            return validated(files, &asked, Vec::new());
        }
        ScenarioChoice::Active { edited } => edited,
    };
    let mut files = Vec::new();
    let mut notes = Vec::new();
    let edited_id = edited.as_ref().map(|e| e.id.as_str().to_owned());
    for stored in scenarios::list(conn)? {
        if edited_id.as_deref() == Some(stored.id.as_str()) {
            continue;
        }
        match stored.status {
            StoredStatus::Active => match scenarios::load(conn, &stored.id) {
                Ok(Some(file)) => files.push((stored.id.clone(), file)),
                Ok(None) => {}
                Err(crate::store::ReadError::Store(e)) => return Err(e.into()),
                Err(e) => notes.push(left_out(&stored.id, &e.localized())),
            },
            // Whether it is active cannot be told: the forecast says so rather than leave it
            // out silently.
            StoredStatus::Unreadable => {
                let why = match scenarios::load(conn, &stored.id) {
                    Err(e) => e.localized(),
                    Ok(_) => crate::Localized::new("", ""),
                };
                notes.push(crate::Localized::new(
                    format!(
                        "保存されているシナリオ {} は読み込めないため除外しました（稼働中かどうか分かりません）: {}",
                        stored.id, why.ja
                    ),
                    format!(
                        "left out the stored scenario {}, which cannot be read (whether it is active is unknown): {}",
                        stored.id, why.en
                    ),
                ));
            }
            StoredStatus::Draft | StoredStatus::Paused => {}
        }
    }
    let asked: Vec<String> = edited_id.into_iter().collect();
    files.extend(edited.map(|e| (e.id.as_str().to_owned(), *e)));
    validated(files, &asked, notes)
}

/// `files` validated together; one with an error is left out with a note (and the rest checked
/// again: a switch to it dangles now), unless it is `asked` for, which refuses the run.
fn validated(
    mut files: Vec<(String, crate::ScenarioFile)>,
    asked: &[String],
    mut notes: Vec<crate::Localized>,
) -> Result<ScenarioSet, SetError> {
    if files.is_empty() {
        return Err(SetError::Nothing { notes });
    }
    let options = crate::ValidationOptions {
        known_scenarios: Some(Default::default()),
        ..crate::ValidationOptions::default()
    };
    loop {
        let set: Vec<(&str, &crate::ScenarioFile)> =
            files.iter().map(|(l, f)| (l.as_str(), f)).collect();
        let Some((label, problem)) = crate::validate::first_error_in_set(&set, &options) else {
            break;
        };
        let label = label.to_owned();
        if asked.contains(&label) {
            return Err(SetError::Invalid {
                label,
                problem: Box::new(problem),
            });
        }
        notes.push(left_out(&label, &problem.message));
        files.retain(|(l, _)| *l != label);
        if files.is_empty() {
            return Err(SetError::Nothing { notes });
        }
    }
    // The set was validated whole above; each on its own has no error either.
    let scenarios = (files.into_iter())
        .map(|(_, file)| {
            crate::Scenario::from_file(file, &crate::ValidationOptions::default())
                .0
                .expect("validated above")
        })
        .collect();
    Ok(ScenarioSet { scenarios, notes })
}

/// The note for an active scenario left out for `why`.
fn left_out(id: &str, why: &crate::Localized) -> crate::Localized {
    crate::Localized::new(
        format!(
            "稼働中のシナリオ {id} はエラーがあるため除外しました: {}",
            why.ja
        ),
        format!(
            "left out active scenario {id}, which has errors: {}",
            why.en
        ),
    )
}
