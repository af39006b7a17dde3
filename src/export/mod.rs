//! Exports out of the workspace: leads and forecasts as CSV, scenarios as BPMN 2.0 (and back) and
//! Mermaid, and the escaping the markup formats share.

pub mod bpmn;
pub mod forecast_csv;
pub mod leads_csv;
pub mod markup;
pub mod mermaid;
