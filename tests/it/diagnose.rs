//! The self-check diagnosis: known answers per item on fixture workspaces, one element removed
//! flips exactly the item that depends on it, hand-given answers, escaping in the reports, and a
//! golden diagnosis of the four templates.

use std::collections::BTreeMap;

use scenario_studio::Lang;
use scenario_studio::diagnose::{self, Answer, Diagnosis, ForecastOptions, Source, report};
use scenario_studio::format::parse_scenario;
use scenario_studio::model::{ScenarioFile, Status};
use scenario_studio::simulate::settings::SimulationSettings;
use scenario_studio::store::checklist::{self, ManualAnswer};
use scenario_studio::store::{Workspace, scenarios};

use crate::import::{Scratch, scratch};

const MAPPING: &str = r#"{"sfa": {"system": "Salesforce", "lead_id_field": "Lead.Id",
    "score_field": "MA_Score__c", "deal_status_field": "Opportunity.StageName"}}"#;

/// The four templates, active.
fn templates() -> Vec<ScenarioFile> {
    scenario_studio::templates::TEMPLATES
        .iter()
        .map(|t| {
            let mut file = parse_scenario(t.json).unwrap();
            file.status = Status::Active;
            file
        })
        .collect()
}

/// A workspace (no leads) holding `files` and the settings document `settings`.
fn workspace(files: &[ScenarioFile], settings: &str) -> Scratch {
    let scratch = scratch();
    let mut ws = Workspace::open(&scratch.path).unwrap();
    if !files.is_empty() {
        scenarios::save_all(&mut ws, files, "初版", 1).unwrap();
    }
    if !settings.is_empty() {
        SimulationSettings::apply(&mut ws, settings).unwrap();
    }
    scratch
}

fn diagnosis_of(scratch: &Scratch) -> Diagnosis {
    let ws = Workspace::open(&scratch.path).unwrap();
    let forecast = ForecastOptions {
        days: 30,
        runs: 2,
        seed: 1,
    };
    diagnose::diagnose(&diagnose::gather(&ws, Some(forecast), &mut |_| {}).unwrap())
}

fn answers(d: &Diagnosis) -> BTreeMap<&'static str, Answer> {
    d.items.iter().map(|i| (i.id, i.answer)).collect()
}

#[test]
fn an_empty_workspace_answers_no_with_a_fix_to_every_automatic_item() {
    let d = diagnosis_of(&workspace(&[], ""));
    assert_eq!(d.items.len(), 15);
    for item in &d.items {
        let manual = diagnose::ITEMS
            .iter()
            .find(|i| i.id == item.id)
            .unwrap()
            .manual;
        if manual {
            assert_eq!(item.answer, Answer::Unknown, "{}", item.id);
        } else {
            assert_eq!(item.answer, Answer::No, "{}", item.id);
        }
        assert!(item.fix.is_some(), "{} has no fix", item.id);
        assert!(!item.evidence.is_empty(), "{} has no evidence", item.id);
        assert_eq!(item.source, Source::Workspace);
    }
    assert_eq!(d.yes, 0);
    assert!(d.outside_help.is_some());
    // Every group at 0: ranked in the article's order, the first group's advice.
    assert_eq!(d.groups[0].group, diagnose::Group::Goals);
    assert_eq!(d.advice, diagnose::Group::Goals.advice());
    assert!(d.findings.is_empty(), "{:?}", d.findings);
}

#[test]
fn the_four_templates_with_an_sfa_mapping_satisfy_the_scenario_and_sfa_items() {
    let d = diagnosis_of(&workspace(&templates(), MAPPING));
    let a = answers(&d);
    for id in [
        "kpi_targets",
        "segments",
        "welcome",
        "download_follow_up",
        "dormant",
        "triggers_defined",
        "send_intervals",
        "sfa_connected",
        "score_in_sfa",
        "handoff_timing",
        "deal_status_feedback",
    ] {
        assert_eq!(a[id], Answer::Yes, "{id}: {:?}", d.items);
    }
    // No person answered; no split; only first-save notes.
    assert_eq!(a["dedicated_owner"], Answer::Unknown);
    assert_eq!(a["regular_review"], Answer::Unknown);
    assert_eq!(a["ab_testing"], Answer::No);
    assert_eq!(a["documented_changes"], Answer::No);
    // The weakest groups come first, and the advice is the weakest's.
    assert_eq!(d.groups[0].yes, 0);
    assert_eq!(d.advice, d.groups[0].group.advice());
    for pair in d.groups.windows(2) {
        assert!(pair[0].share <= pair[1].share);
    }
}

/// Each change removes one element the diagnosis reads; exactly the item that depends on it
/// changes its answer.
#[test]
fn removing_one_element_flips_exactly_the_item_that_depends_on_it() {
    let base = answers(&diagnosis_of(&workspace(&templates(), MAPPING)));
    let edit = |id: &str, f: &dyn Fn(&mut ScenarioFile)| {
        let mut files = templates();
        f(files.iter_mut().find(|s| s.id.as_str() == id).unwrap());
        files
    };
    let without = |field: &str| {
        let mut mapping: serde_json::Value = serde_json::from_str(MAPPING).unwrap();
        mapping["sfa"][field] = "".into();
        mapping.to_string()
    };
    let cases: Vec<(&str, Vec<ScenarioFile>, String, &[&str])> = vec![
        (
            "KPI targets of one scenario",
            edit("welcome", &|s| s.settings.kpi = Default::default()),
            MAPPING.into(),
            &["kpi_targets"],
        ),
        (
            "the segment of one scenario",
            edit("dormant", &|s| s.settings.segment = None),
            MAPPING.into(),
            &["segments"],
        ),
        (
            "the welcome scenario running",
            edit("welcome", &|s| s.status = Status::Draft),
            MAPPING.into(),
            &["welcome"],
        ),
        (
            "the post-download scenario running",
            edit("post-download", &|s| s.status = Status::Paused),
            MAPPING.into(),
            // The templates' only "Sync to SFA" node is in this scenario: the score stops
            // reaching the SFA too.
            &["download_follow_up", "score_in_sfa"],
        ),
        (
            "the dormant scenario running",
            edit("dormant", &|s| s.status = Status::Draft),
            MAPPING.into(),
            &["dormant"],
        ),
        (
            "the lead ID field",
            templates(),
            without("lead_id_field"),
            &["sfa_connected"],
        ),
        (
            "the score field",
            templates(),
            without("score_field"),
            &["score_in_sfa"],
        ),
        (
            "the deal status field",
            templates(),
            without("deal_status_field"),
            &["deal_status_feedback"],
        ),
    ];
    for (what, files, settings, item) in cases {
        let now = answers(&diagnosis_of(&workspace(&files, &settings)));
        let flipped: Vec<&str> = (base.iter())
            .filter(|(id, a)| now[*id] != **a)
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(flipped, item, "removing {what}");
    }
}

#[test]
fn a_hand_given_answer_is_marked_self_reported_and_can_be_cleared() {
    let scratch = workspace(&templates(), MAPPING);
    {
        let ws = Workspace::open(&scratch.path).unwrap();
        checklist::save(
            ws.conn(),
            &ManualAnswer {
                item: "dedicated_owner".into(),
                answer: "yes".into(),
                note: "山田が専任".into(),
                answered_at: 1,
            },
        )
        .unwrap();
    }
    let d = diagnosis_of(&scratch);
    let item = d.items.iter().find(|i| i.id == "dedicated_owner").unwrap();
    assert_eq!(
        (item.answer, item.source),
        (Answer::Yes, Source::SelfReported)
    );
    assert!(item.fix.is_none());
    assert!(item.evidence[0].ja.contains("山田が専任"));
    let md = report::markdown(&d, Lang::Ja);
    assert!(md.contains("自己申告"));
    {
        let ws = Workspace::open(&scratch.path).unwrap();
        assert!(checklist::clear(ws.conn(), "dedicated_owner").unwrap());
    }
    let d = diagnosis_of(&scratch);
    let item = d.items.iter().find(|i| i.id == "dedicated_owner").unwrap();
    assert_eq!(
        (item.answer, item.source),
        (Answer::Unknown, Source::Workspace)
    );
}

#[test]
fn team_settings_answer_the_operations_items() {
    let team = r#"{"team": {"owner": "山田", "dedicated": true, "review_cadence": "weekly",
        "reviews": ["2026-10-05", "2026-10-12", "2026-10-19"]}}"#;
    let a = answers(&diagnosis_of(&workspace(&templates(), team)));
    assert_eq!(a["dedicated_owner"], Answer::Yes);
    assert_eq!(a["regular_review"], Answer::Yes);
    // A gap longer than the cadence: reviews are not kept up.
    let gap = team.replace("2026-10-19", "2026-11-30");
    let a = answers(&diagnosis_of(&workspace(&templates(), &gap)));
    assert_eq!(a["regular_review"], Answer::Partial);
}

#[test]
fn user_text_is_escaped_in_the_html_and_markdown_reports() {
    let mut files = templates();
    files[0].name = "<script>alert('x')</script> & co".into();
    let scratch = workspace(
        &files,
        r#"{"team": {"owner": "<img src=x onerror=alert(1)>"}}"#,
    );
    let d = diagnosis_of(&scratch);
    let html = report::html(&d, Lang::Ja);
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    // Self-contained: no script, no remote content, a policy that forbids both.
    assert!(html.contains("default-src 'none'"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    let md = report::markdown(&d, Lang::En);
    assert!(!md.contains("<script>") && !md.contains("<img"), "{md}");
}

#[test]
fn findings_cover_leads_without_consent_and_the_forecast() {
    use scenario_studio::sample::{SampleOptions, generate_into};
    let scratch = workspace(&templates(), MAPPING);
    {
        let mut ws = Workspace::open(&scratch.path).unwrap();
        let end = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
        let opts = SampleOptions {
            count: 400,
            seed: 3,
            ..SampleOptions::new(end)
        };
        generate_into(&mut ws, &opts, false, &mut |_, _| {}).unwrap();
    }
    let d = diagnosis_of(&scratch);
    let codes: Vec<&str> = d.findings.iter().map(|f| f.code).collect();
    assert!(codes.contains(&"leads-without-consent"), "{codes:?}");
    // The default scoring makes a 100-point hand-off rare within 30 days: the hand-off KPI
    // targets of the templates are forecast below target.
    assert!(codes.contains(&"kpi-below-target"), "{codes:?}");
    assert!(d.forecast.is_some());
    // Worst first.
    for pair in d.findings.windows(2) {
        assert!(pair[0].severity <= pair[1].severity);
    }
}

/// The whole diagnosis of the four templates with a mapping, as JSON: any change to an answer,
/// evidence, fix or finding shows as a diff (`UPDATE_EXPECT=1 cargo test` rewrites it).
#[test]
fn golden_diagnosis_of_the_templates() {
    let d = diagnosis_of(&workspace(&templates(), MAPPING));
    let json = serde_json::to_string_pretty(&d).unwrap() + "\n";
    expect_test::expect_file!["../golden/diagnosis/templates.json"].assert_eq(&json);
}
