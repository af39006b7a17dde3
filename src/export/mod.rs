//! Exports out of the workspace. Today: leads as CSV. Scenario exports (JSON, BPMN, Mermaid) and
//! reports join here in the export issue.

pub mod leads_csv;
