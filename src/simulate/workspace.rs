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
