//! The desktop shell: thin Tauri commands over the engine (`commands/`, one module per feature),
//! the window's state (`state`) and the one error type commands return (`error`). This file only
//! wires them: `run` builds the app, `payload_schema` describes every payload for the UI's
//! generated types.

mod commands;
mod error;
mod state;

use std::path::Path;

use commands::{
    backtest, diagnosis, editor, export, leads, live, scenarios, settings, simulation, values,
    whatif, workspace,
};
pub use error::CommandError;
use scenario_studio::validate::Diagnostic;
pub use state::AppState;

/// Starts the app.
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    // A workspace file given on the command line is opened (and created if it does not exist).
    let state = AppState::default();
    if let Some(path) = std::env::args_os().nth(1) {
        match workspace::open_or_create(Path::new(&path), true) {
            Ok(ws) => *state::lock(&state.workspace) = Some(ws),
            Err(e) => eprintln!("{}", e.localized().en),
        }
    }
    tauri::Builder::default()
        .manage(state)
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            workspace::open_workspace,
            workspace::open_default_workspace,
            workspace::workspace_info,
            editor::open_file,
            workspace::startup_file,
            scenarios::delete_scenario,
            scenarios::duplicate_scenario,
            scenarios::new_scenario,
            scenarios::load_scenario,
            scenarios::save_scenario,
            scenarios::save_draft,
            scenarios::draft_of,
            scenarios::discard_draft,
            scenarios::rename_scenario,
            simulation::simulate,
            simulation::cancel_simulation,
            simulation::generate_sample,
            simulation::trace_lead,
            simulation::pick_leads,
            backtest::run_backtest,
            backtest::tie_recorded_mail,
            diagnosis::run_diagnosis,
            diagnosis::answer_item,
            diagnosis::export_diagnosis,
            export::export_scenario,
            export::save_image,
            export::export_forecast_report,
            export::export_folder,
            leads::import_presets,
            leads::import_leads,
            leads::lead_page,
            leads::lead_stats,
            leads::lead_detail,
            leads::lead_scenarios,
            settings::load_settings,
            settings::save_settings,
            settings::preview_scoring,
            settings::review_scoring,
            settings::apply_scoring,
            settings::scoring_versions,
            settings::restore_scoring,
            values::attribute_values,
            values::count_matching,
            settings::public_holidays,
            settings::deal_statuses,
            settings::webinar_defaults,
            live::simulate_live,
            whatif::scenario_versions,
            whatif::compare_versions,
            editor::list_templates,
            editor::open_template,
            editor::validate_scenario,
            editor::describe_nodes,
            editor::new_node_kind
        ])
        .run(tauri::generate_context!())
        .expect("the app window opens");
}

/// The JSON Schema of every command payload, for the frontend's generated TypeScript types
/// (`ui/src/bindings/commands.ts`, by `npm run bindings`). The scenario itself has its own schema.
pub fn payload_schema() -> serde_json::Value {
    let mut generator = schemars::SchemaGenerator::default();
    generator.subschema_for::<CommandError>();
    generator.subschema_for::<editor::TemplateInfo>();
    generator.subschema_for::<editor::NodeView>();
    generator.subschema_for::<workspace::WorkspaceInfo>();
    generator.subschema_for::<editor::OpenedFile>();
    generator.subschema_for::<scenarios::Draft>();
    generator.subschema_for::<simulation::SimulationRequest>();
    generator.subschema_for::<simulation::SimulationOutcome>();
    generator.subschema_for::<simulation::Progress>();
    generator.subschema_for::<simulation::LeadTrace>();
    generator.subschema_for::<simulation::PickedLeads>();
    generator.subschema_for::<backtest::BacktestRequest>();
    generator.subschema_for::<backtest::BacktestOutcome>();
    generator.subschema_for::<scenario_studio::diagnose::Diagnosis>();
    generator.subschema_for::<leads::ImportRequest>();
    generator.subschema_for::<leads::PresetInfo>();
    generator.subschema_for::<scenario_studio::store::browse::LeadFilter>();
    generator.subschema_for::<scenario_studio::store::browse::LeadPage>();
    generator.subschema_for::<scenario_studio::store::browse::LeadDetail>();
    generator.subschema_for::<scenario_studio::simulate::matching::ScenarioFit>();
    generator.subschema_for::<scenario_studio::store::LeadStats>();
    generator.subschema_for::<settings::EditableSettings>();
    generator.subschema_for::<settings::Holiday>();
    generator.subschema_for::<settings::DealStatusInfo>();
    generator.subschema_for::<whatif::VersionInfo>();
    generator.subschema_for::<whatif::WhatIf>();
    generator.subschema_for::<scenario_studio::store::scores::ScoreSummary>();
    generator.subschema_for::<scenario_studio::store::score_review::ScoringReview>();
    generator.subschema_for::<scenario_studio::store::scores::ScoringVersion>();
    generator.subschema_for::<scenario_studio::store::browse::AttributeValues>();
    generator.subschema_for::<scenario_studio::simulate::matching::MatchCount>();
    generator.subschema_for::<scenario_studio::simulate::webinars::WebinarDefaults>();
    generator.subschema_for::<scenario_studio::import::ImportReport>();
    generator.subschema_for::<Diagnostic>();
    generator.subschema_for::<scenario_studio::model::node::Category>();
    let mut defs: serde_json::Map<String, serde_json::Value> =
        generator.take_definitions(true).into_iter().collect();
    for def in defs.values_mut() {
        tuples_as_item_lists(def);
    }
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Scenario Studio commands",
        "$defs": defs,
    })
}

/// Every kind of node in palette order with its palette group, as the engine has them
/// (`model::summary::KIND_NAMES`, `NodeKind::category`): the UI's palette and node registry
/// (`ui/src/features/editor/nodes.ts`) read this generated file rather than repeat the engine's grouping.
pub fn palette() -> serde_json::Value {
    use scenario_studio::model::node::NodeKind;
    let kinds: Vec<serde_json::Value> = (scenario_studio::model::summary::KIND_NAMES.iter())
        .map(|&name| {
            let kind = NodeKind::new_of(name).expect("every kind name makes a node");
            serde_json::json!({"kind": name, "category": kind.category()})
        })
        .collect();
    serde_json::Value::Array(kinds)
}

/// The KPI targets a scenario starts from when one is ticked (`Kpi::benchmark`), for the scenario
/// form (`ui/src/bindings/kpis.json`): `{"open_rate": {"min": 20, "max": 30}, …}`.
pub fn kpi_benchmarks() -> serde_json::Value {
    use scenario_studio::model::settings::Kpi;
    let pairs = Kpi::ALL.map(|k| {
        let (min, max) = k.benchmark();
        (
            k.code().to_owned(),
            serde_json::json!({ "min": min, "max": max }),
        )
    });
    serde_json::Value::Object(pairs.into_iter().collect())
}

/// Writes each tuple (`prefixItems`, JSON Schema 2020-12) as a list of `items` (the older form),
/// which the TypeScript generator reads as a tuple type: `[NodeId, NodeBands]`, not `unknown`.
fn tuples_as_item_lists(schema: &mut serde_json::Value) {
    match schema {
        serde_json::Value::Object(map) => {
            if let Some(items) = map.remove("prefixItems") {
                map.insert("items".into(), items);
            }
            map.values_mut().for_each(tuples_as_item_lists);
        }
        serde_json::Value::Array(list) => list.iter_mut().for_each(tuples_as_item_lists),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    /// `value` is what the committed `ui/src/bindings/<file>` holds (`UPDATE_EXPECT=1` rewrites
    /// it).
    fn fresh(file: &str, value: &serde_json::Value) {
        let path = format!("{}/../ui/src/bindings/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = serde_json::to_string_pretty(value).unwrap() + "\n";
        if std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1") {
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "ui/src/bindings/{file} is stale: run UPDATE_EXPECT=1 cargo test -p scenario-studio-app"
        );
    }

    /// The committed payload schema is what the Rust types say.
    #[test]
    fn payload_schema_is_fresh() {
        fresh("commands.schema.json", &super::payload_schema());
    }

    /// The committed palette is the engine's kinds and groups.
    #[test]
    fn palette_is_fresh() {
        fresh("palette.json", &super::palette());
    }

    /// The committed KPI starting targets are the engine's benchmarks.
    #[test]
    fn kpi_benchmarks_are_fresh() {
        fresh("kpis.json", &super::kpi_benchmarks());
    }

    /// The default workspace's folder is named by the identifier the bundle is built with, which
    /// the CLI also uses to find it.
    #[test]
    fn identifier_is_the_engines() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        assert_eq!(
            conf["identifier"],
            scenario_studio::store::default::APP_IDENTIFIER
        );
    }
}
