//! The models of a workspace as a simulation uses them: its stored settings (or their defaults),
//! fitted to its recorded history in one read.

use crate::model::settings::FrequencyCap;
use crate::scoring::ScoringModel;
use crate::simulate::behaviour::BehaviourModel;
use crate::simulate::calendar::CalendarSettings;
use crate::simulate::engine::Models;
use crate::simulate::history::HistoryFacts;
use crate::simulate::inflow::Inflow;
use crate::simulate::response::ResponseModel;
use crate::simulate::settings::SimulationSettings;
use crate::simulate::sfa::SalesProcess;
use crate::simulate::triggers::TriggerContext;
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
}

impl WorkspaceModels {
    /// The workspace's settings, with the models fitted from one read of its history.
    pub fn load(conn: &rusqlite::Connection) -> Result<Self, store::StoreError> {
        let settings = SimulationSettings::load(conn)?;
        let facts = HistoryFacts::read(conn)?;
        Ok(WorkspaceModels {
            inflow: Inflow::fit(conn, &facts, &settings.scoring, &settings.calendar)?,
            scoring: settings.scoring,
            response: ResponseModel::from_facts(&facts, settings.response),
            behaviour: BehaviourModel::from_facts(&facts, settings.behaviour),
            sales: settings.sales,
            calendar: settings.calendar,
            frequency_cap: settings.frequency_cap,
            context: TriggerContext::from_facts(&facts),
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
        }
    }
}
