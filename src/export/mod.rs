//! Exports out of the workspace. Today: leads and forecasts as CSV. Scenario exports (JSON, BPMN, Mermaid) and
//! reports join here in the export issue.

pub mod forecast_csv;
pub mod leads_csv;
