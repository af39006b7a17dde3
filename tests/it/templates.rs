//! The four basic scenarios (DESIGN.md §3).

use scenario_studio::format;
use scenario_studio::model::expr::Expr;
use scenario_studio::model::node::{EmailKind, NodeKind, TriggerEvent};
use scenario_studio::model::{ScenarioFile, Status};
use scenario_studio::templates::{TEMPLATES, template};
use scenario_studio::{Scenario, ValidationOptions};

fn load(key: &str) -> ScenarioFile {
    template(key).unwrap().scenario().unwrap()
}

fn emails(s: &ScenarioFile) -> Vec<EmailKind> {
    s.nodes
        .iter()
        .filter_map(|n| match &n.kind {
            NodeKind::SendEmail { email } => Some(email.kind),
            _ => None,
        })
        .collect()
}

fn trigger(s: &ScenarioFile) -> &TriggerEvent {
    s.nodes
        .iter()
        .find_map(|n| match &n.kind {
            NodeKind::Trigger { event } => Some(event),
            _ => None,
        })
        .unwrap()
}

#[test]
fn every_template_is_valid_with_no_warning() {
    let known = TEMPLATES.iter().map(|t| load(t.key).id).collect();
    let options = ValidationOptions {
        known_scenarios: Some(known),
        ..Default::default()
    };
    for t in TEMPLATES {
        let (scenario, diagnostics) = Scenario::from_file(load(t.key), &options);
        assert_eq!(diagnostics, vec![], "template {}", t.key);
        assert!(scenario.is_some());
    }
}

#[test]
fn templates_are_stored_in_canonical_form() {
    // What `scenario new` writes is byte for byte the file in assets/, so a template opened and
    // saved unchanged stays unchanged.
    for t in TEMPLATES {
        assert_eq!(
            format::to_json(&load(t.key)),
            t.json,
            "template {} is not canonical",
            t.key
        );
        assert_eq!(load(t.key).id.as_str(), t.key);
    }
}

#[test]
fn templates_are_simple_drafts_with_kpis_and_segments() {
    for t in TEMPLATES {
        let s = load(t.key);
        assert_eq!(s.status, Status::Draft, "{}", t.key);
        assert!(
            s.nodes.len() <= 15,
            "{} has {} nodes; templates stay simple",
            t.key,
            s.nodes.len()
        );
        assert!(s.settings.segment.is_some(), "{}", t.key);
        let kpi = &s.settings.kpi;
        assert!(
            kpi.open_rate.is_some() && kpi.click_rate.is_some(),
            "{}",
            t.key
        );
        assert!(s.settings.frequency_cap.is_some(), "{}", t.key);
        assert!(
            s.nodes.iter().all(|n| !n.title.is_empty()),
            "{}: every node has a title",
            t.key
        );
    }
}

#[test]
fn welcome_sends_three_to_four_welcome_mails_over_about_two_weeks() {
    let s = load("welcome");
    assert_eq!(trigger(&s), &TriggerEvent::LeadCreated);
    let kinds = emails(&s);
    assert!((3..=4).contains(&kinds.len()));
    assert!(kinds.iter().all(|k| *k == EmailKind::Welcome));
    let waited_days: u64 = s
        .nodes
        .iter()
        .filter_map(|n| match &n.kind {
            NodeKind::Wait { delay } => Some(delay.minutes() / (24 * 60)),
            _ => None,
        })
        .sum();
    assert!((10..=16).contains(&waited_days), "{waited_days} days");
    // Welcome mails open 30–50 % (article).
    let open = s.settings.kpi.open_rate.unwrap();
    assert_eq!((open.min, open.max), (30.0, 50.0));
}

fn has_gated_handoff(s: &ScenarioFile) -> bool {
    s.nodes.iter().any(|n| {
        matches!(
            n.kind,
            NodeKind::NotifySales {
                score_threshold: Some(100),
                ..
            }
        )
    })
}

#[test]
fn post_download_follows_up_and_hands_off_on_score() {
    let s = load("post-download");
    assert!(matches!(
        trigger(&s),
        TriggerEvent::DocumentDownloaded { .. }
    ));
    assert!(has_gated_handoff(&s));
    assert!(s.settings.kpi.handoff_rate.is_some());
    let nurture = s.settings.kpi.open_rate.unwrap();
    assert_eq!(
        (nurture.min, nurture.max),
        (20.0, 30.0),
        "B2B nurture opens 20–30 %"
    );
}

#[test]
fn post_webinar_branches_on_attendance() {
    let s = load("post-webinar");
    assert!(matches!(trigger(&s), TriggerEvent::WebinarEnded { .. }));
    let attendance_branch = s.nodes.iter().any(|n| match &n.kind {
        NodeKind::Condition {
            condition: Expr::Behaviour { event, .. },
        } => matches!(
            event,
            scenario_studio::model::expr::EventFilter::WebinarAttended { .. }
        ),
        _ => false,
    });
    assert!(attendance_branch);
    assert!(has_gated_handoff(&s));
}

#[test]
fn dormant_reactivation_exits_on_response_and_suppresses_the_silent() {
    let s = load("dormant");
    assert_eq!(trigger(&s), &TriggerEvent::Inactive { days: 90 });
    assert!(s.settings.goal.is_some(), "exit on re-activation");
    assert!(
        s.nodes
            .iter()
            .any(|n| matches!(n.kind, NodeKind::UpdateField { .. })),
        "suppression"
    );
    assert!(emails(&s).iter().all(|k| *k == EmailKind::Reactivation));
}
