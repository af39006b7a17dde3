//! The models and rules one simulation runs with, borrowed from wherever they were fitted or
//! loaded (`setup::WorkspaceModels`, a test's own): what every part of the engine reads.

use crate::model::settings::FrequencyCap;
use crate::scoring::ScoringModel;
use crate::simulate::behaviour::BehaviourModel;
use crate::simulate::calendar::CalendarSettings;
use crate::simulate::inflow::Inflow;
use crate::simulate::response::ResponseModel;
use crate::simulate::sfa::SalesProcess;
use crate::simulate::triggers::TriggerContext;

/// The models and rules a simulation runs with.
pub struct Models<'a> {
    /// Scores.
    pub scoring: &'a ScoringModel,
    /// Mail responses.
    pub response: &'a ResponseModel,
    /// The sales process after a hand-off.
    pub sales: &'a SalesProcess,
    /// Year-end break and company holidays.
    pub calendar: &'a CalendarSettings,
    /// At most so many mails per lead across all scenarios.
    pub frequency_cap: FrequencyCap,
    /// Webinar times and other workspace facts.
    pub context: &'a TriggerContext,
    /// Leads' own behaviour after the recorded history.
    pub behaviour: &'a BehaviourModel,
    /// New leads after the recorded history.
    pub inflow: &'a Inflow,
    /// Webinars planned after the recorded history (`webinars`), which leads register for and
    /// attend in a forecast.
    pub webinars: &'a [crate::simulate::webinars::WebinarPlan],
}
