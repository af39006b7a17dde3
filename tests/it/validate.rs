//! Data-driven checks of validator rules: each test draws a small scenario and states the exact
//! diagnostics expected, through one `check` helper (refresh with UPDATE_EXPECT=1).

use std::collections::BTreeSet;

use expect_test::{Expect, expect};
use scenario_studio::ScenarioFile;
use scenario_studio::model::ids::ScenarioId;
use scenario_studio::validate::{self, ValidationOptions};
use serde_json::{Value, json};

const SENDER: (&str, &str, &str) = (
    "株式会社テスト",
    "東京都港区芝公園4-2-8",
    "{{unsubscribe_link}}",
);

fn mail(subject: &str) -> Value {
    json!({"type": "send_email", "email": {"kind": "nurture", "subject": subject,
        "sender_name": SENDER.0, "sender_address": SENDER.1, "opt_out_url": SENDER.2}})
}

fn wait(days: u32) -> Value {
    json!({"type": "wait", "delay": {"days": days}})
}

fn end() -> Value {
    json!({"type": "end"})
}

fn trigger() -> Value {
    json!({"type": "trigger", "event": {"type": "lead_created"}})
}

fn score_at_least(v: i32) -> Value {
    json!({"type": "condition", "condition": {"type": "score", "op": "gte", "value": v}})
}

/// A scenario from `(id, kind)` nodes and edges written `"from>to"` or `"from:handle>to"`, with a
/// segment and all KPI targets set so that only the rule under test speaks.
fn scenario(nodes: &[(&str, Value)], edges: &[&str]) -> ScenarioFile {
    scenario_with(nodes, edges, json!({}))
}

fn scenario_with(nodes: &[(&str, Value)], edges: &[&str], settings: Value) -> ScenarioFile {
    let nodes: Vec<Value> = nodes
        .iter()
        .map(|(id, kind)| json!({"id": id, "kind": kind}))
        .collect();
    let edges: Vec<Value> = edges
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (from, to) = e.split_once('>').unwrap();
            let (source, handle) = from.split_once(':').unwrap_or((from, "out"));
            json!({"id": format!("e{i}"), "source": source, "source_handle": handle, "target": to})
        })
        .collect();
    let range = json!({"min": 1, "max": 50});
    let mut all_settings = json!({
        "segment": {"type": "attribute", "attribute": "industry", "op": "is_not_empty"},
        "kpi": {"open_rate": range, "click_rate": range, "handoff_rate": range}
    });
    for (k, v) in settings.as_object().unwrap() {
        all_settings[k] = v.clone();
    }
    let doc = json!({"format": "scenario-studio/1", "id": "s", "name": "テスト",
        "settings": all_settings, "nodes": nodes, "edges": edges});
    scenario_studio::format::parse_scenario(&doc.to_string()).unwrap()
}

fn check_with(file: &ScenarioFile, options: &ValidationOptions, expect: Expect) {
    let rendered: String = validate::check(file, options)
        .iter()
        .map(|d| {
            let at = d
                .node
                .as_ref()
                .map(|n| format!(" @{n}"))
                .unwrap_or_default();
            format!(
                "{} {}{at}: {}\n",
                d.severity.label().en,
                d.code,
                d.message.en
            )
        })
        .collect();
    expect.assert_eq(&rendered);
}

fn check(file: &ScenarioFile, expect: Expect) {
    check_with(file, &ValidationOptions::default(), expect);
}

#[test]
fn a_hand_off_behind_a_score_condition_is_gated() {
    let file = scenario(
        &[
            ("t", trigger()),
            ("c", score_at_least(100)),
            ("h", json!({"type": "notify_sales"})),
            ("x", end()),
        ],
        &["t>c", "c:yes>h", "h>x", "c:no>x"],
    );
    check(&file, expect![""]);
}

#[test]
fn a_hand_off_also_reachable_around_the_gate_is_not() {
    let file = scenario(
        &[
            ("t", trigger()),
            ("c", score_at_least(100)),
            ("h", json!({"type": "notify_sales"})),
            ("x", end()),
        ],
        &["t>c", "c:yes>h", "h>x", "c:no>h"],
    );
    check(
        &file,
        expect![[r#"
            warning handoff-without-threshold @h: The Notify sales node hands leads to sales whatever their score; give it a score threshold or put a "score ≥ MQL threshold" condition before it
        "#]],
    );
}

#[test]
fn a_score_trigger_or_a_conjunction_with_a_score_gates_too() {
    let score_trigger = scenario(
        &[
            (
                "t",
                json!({"type": "trigger", "event": {"type": "score_reached", "threshold": 100}}),
            ),
            ("h", json!({"type": "notify_sales"})),
            ("x", end()),
        ],
        &["t>h", "h>x"],
    );
    check(&score_trigger, expect![""]);
    let conjunction = scenario(
        &[
            ("t", trigger()),
            (
                "c",
                json!({"type": "condition", "condition": {"type": "all", "of": [
                {"type": "attribute", "attribute": "job_level", "op": "one_of", "values": ["部長"]},
                {"type": "score", "op": "gt", "value": 80}]}}),
            ),
            ("h", json!({"type": "notify_sales"})),
            ("x", end()),
        ],
        &["t>c", "c:yes>h", "h>x", "c:no>x"],
    );
    check(&conjunction, expect![""]);
}

#[test]
fn a_loop_through_a_wait_is_fine_but_a_shortcut_around_it_is_not() {
    let through_wait = scenario(
        &[
            ("t", trigger()),
            ("c", score_at_least(50)),
            ("w", wait(7)),
            ("x", end()),
        ],
        &["t>c", "c:no>w", "w>c", "c:yes>x"],
    );
    check(&through_wait, expect![""]);
    let shortcut = scenario(
        &[
            ("t", trigger()),
            ("c", score_at_least(50)),
            ("w", wait(7)),
            ("d", score_at_least(10)),
            ("x", end()),
        ],
        &["t>c", "c:no>w", "w>d", "d:yes>c", "d:no>x", "c:yes>d"],
    );
    check(
        &shortcut,
        expect![[r#"
            error loop-without-wait @c: Condition node #1, Condition node #2 form a loop with no wait in it, so a lead would cycle forever; put a wait inside the loop
        "#]],
    );
}

#[test]
fn a_node_linked_to_itself_loops() {
    let file = scenario(
        &[
            ("t", trigger()),
            ("s", json!({"type": "adjust_score", "delta": 1})),
        ],
        &["t>s", "s>s"],
    );
    check(
        &file,
        expect![[r#"
            error loop-without-wait @s: The Adjust score node leads back to itself with no wait, so a lead would cycle forever; put a wait inside the loop
        "#]],
    );
}

#[test]
fn send_intervals_count_timeouts_but_not_early_events() {
    let wait_until = json!({"type": "wait_until", "event": {"type": "email_clicked", "email": "m1"},
        "timeout": {"days": 5}});
    let file = scenario(
        &[
            ("t", trigger()),
            ("m1", mail("1通目")),
            ("u", wait_until),
            ("m2", mail("2通目")),
            ("x", end()),
        ],
        &["t>m1", "m1>u", "u:timeout>m2", "u:met>m2", "m2>x"],
    );
    check(
        &file,
        expect![[r#"
            warning send-interval-too-short @m2: Send email node #2 can be sent right after Send email node #1, with no time between them (the minimum send interval is 2 days); put a wait between them
        "#]],
    );
}

#[test]
fn a_mail_repeated_in_a_loop_is_held_to_the_interval() {
    let file = scenario(
        &[
            ("t", trigger()),
            ("m", mail("毎日のお知らせ")),
            ("w", wait(1)),
            ("c", score_at_least(50)),
            ("x", end()),
        ],
        &["t>m", "m>w", "w>c", "c:no>m", "c:yes>x"],
    );
    check(
        &file,
        expect![[r#"
            warning send-interval-too-short @m: The Send email node can be sent only 1 day after the Send email node (the minimum send interval is 2 days); make the wait between them longer
        "#]],
    );
    let relaxed = scenario_with(
        &[
            ("t", trigger()),
            ("m", mail("毎日のお知らせ")),
            ("w", wait(1)),
            ("c", score_at_least(50)),
            ("x", end()),
        ],
        &["t>m", "m>w", "w>c", "c:no>m", "c:yes>x"],
        json!({"min_send_interval": {"hours": 24}}),
    );
    check(&relaxed, expect![""]);
}

#[test]
fn a_wait_until_without_timeout_has_only_its_met_exit() {
    let file = scenario(
        &[
            ("t", trigger()),
            (
                "u",
                json!({"type": "wait_until", "event": {"type": "form_submitted"}}),
            ),
            ("x", end()),
        ],
        &["t>u", "u:met>x", "u:timeout>x"],
    );
    check(
        &file,
        expect![[r#"
            error unknown-handle @u: The connection from the Wait until node to the End node leaves through exit "Timeout", but Wait until nodes have no such exit (it has exit "Happened")
            error wait-until-no-timeout @u: The Wait until node has no timeout, so leads who never act wait forever; set a timeout (e.g. 7 days) and a path after it
        "#]],
    );
}

#[test]
fn scenario_references_are_checked_only_against_known_scenarios() {
    let file = scenario_with(
        &[
            ("t", trigger()),
            (
                "sw",
                json!({"type": "switch_scenario", "scenario": "nurture"}),
            ),
        ],
        &["t>sw"],
        json!({"suppress_while_in": ["welcome"]}),
    );
    check(&file, expect![""]);
    let known = ValidationOptions {
        known_scenarios: Some(BTreeSet::from([ScenarioId::from("welcome")])),
        ..Default::default()
    };
    check_with(
        &file,
        &known,
        expect![[r#"
            error unknown-scenario @sw: The Switch scenario node switches to scenario "nurture", which is not known
        "#]],
    );
}

#[test]
fn kpis_needed_follow_what_the_scenario_does() {
    let no_mail = scenario_with(
        &[
            ("t", trigger()),
            (
                "a",
                json!({"type": "add_to_audience", "channel": "web", "audience": "検討層"}),
            ),
            ("x", end()),
        ],
        &["t>a", "a>x"],
        json!({"kpi": {}}),
    );
    check(
        &no_mail,
        expect![[r#"
            warning kpi-missing: KPI targets are missing: any KPI. Typical B2B targets are 20–30 % opens and 2–5 % clicks (welcome mails 30–50 % opens)
        "#]],
    );
    let deal_only = scenario_with(
        &[("t", trigger()), ("x", end())],
        &["t>x"],
        json!({"kpi": {"deal_rate": {"min": 1, "max": 3}}}),
    );
    check(&deal_only, expect![""]);
}

#[test]
fn empty_groups_are_found_at_any_depth_and_split_shares_may_be_fractional() {
    let file = scenario_with(
        &[
            ("t", trigger()),
            (
                "ab",
                json!({"type": "split", "branches": [
                {"id": "a", "percent": 33.33}, {"id": "b", "percent": 33.33}, {"id": "c", "percent": 33.34}]}),
            ),
            ("x", end()),
        ],
        &["t>ab", "ab:branch:a>x", "ab:branch:b>x", "ab:branch:c>x"],
        json!({"goal": {"type": "not", "expr": {"type": "any", "of": []}}}),
    );
    check(
        &file,
        expect![[r#"
            error expr-empty-group: The "any" group in the goal has no conditions; add one or remove the group
        "#]],
    );
}

#[test]
fn complexity_limits_are_configurable() {
    let file = scenario(
        &[("t", trigger()), ("c", score_at_least(1)), ("x", end())],
        &["t>c", "c:yes>x", "c:no>x"],
    );
    let strict = ValidationOptions {
        complexity: validate::ComplexityLimits {
            max_nodes: 2,
            max_branch_points: 0,
        },
        ..Default::default()
    };
    check_with(
        &file,
        &strict,
        expect![[r#"
            warning too-complex: The scenario has 3 nodes and 1 branch points (guideline: at most 2 and 0). Complex scenarios tend to underperform; split it into basic scenarios and start simple
        "#]],
    );
}

#[test]
fn a_validated_scenario_knows_where_each_output_leads() {
    let file = scenario(
        &[
            ("t", trigger()),
            ("c", score_at_least(100)),
            ("h", json!({"type": "notify_sales"})),
            ("x", end()),
        ],
        &["t>c", "c:yes>h", "h>x", "c:no>x"],
    );
    let (validated, diagnostics) =
        scenario_studio::Scenario::from_file(file, &ValidationOptions::default());
    assert!(diagnostics.is_empty());
    let s = validated.unwrap();
    use scenario_studio::model::handle::OutputHandle;
    assert_eq!(s.entry().id.as_str(), "t");
    let c = "c".into();
    assert_eq!(s.next(&c, &OutputHandle::Yes).unwrap().id.as_str(), "h");
    assert_eq!(s.next(&c, &OutputHandle::No).unwrap().id.as_str(), "x");
    assert!(s.next(&"x".into(), &OutputHandle::Out).is_none());

    let broken = scenario(&[("x", end())], &[]);
    let (none, diagnostics) =
        scenario_studio::Scenario::from_file(broken, &ValidationOptions::default());
    assert!(none.is_none());
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == validate::Code::NoTrigger)
    );
}

// Regressions from the first black-box review of the validator.

#[test]
fn a_wait_until_that_times_out_at_once_does_not_make_a_loop_safe() {
    let wait_until = json!({"type": "wait_until", "event": {"type": "email_clicked", "email": "m"},
        "timeout": {"hours": 0}});
    let file = scenario(
        &[
            ("t", trigger()),
            ("m", mail("再送")),
            ("u", wait_until),
            ("x", end()),
        ],
        &["t>m", "m>u", "u:met>x", "u:timeout>m"],
    );
    check(
        &file,
        expect![[r#"
            error loop-without-wait @m: The Send email node, the Wait until node form a loop with no wait in it, so a lead would cycle forever; put a wait inside the loop
            warning wait-zero @u: The Wait until node times out at once; give the wait a length
        "#]],
    );
}

#[test]
fn one_wrong_edge_raises_one_diagnostic() {
    // An edge from an End back to the trigger: only the edge's own problems, no loop or interval.
    let file = scenario(
        &[
            ("t", trigger()),
            ("m", mail("1通目")),
            ("w", wait(3)),
            ("x", end()),
        ],
        &["t>m", "m>w", "w>x", "x>t"],
    );
    check(
        &file,
        expect![[r#"
            error unknown-handle @x: The connection from the End node to the Trigger node leaves through exit, but End nodes have no such exit (it has no outputs)
            error trigger-has-input @t: A connection from the End node enters the Trigger node. Triggers are entries only; use the scenario's re-enrolment setting to repeat it
        "#]],
    );
}

#[test]
fn a_misspelled_exit_still_loads_and_is_reported_with_the_rest() {
    let doc = json!({"format": "scenario-studio/1", "id": "s", "name": "n",
        "settings": {"segment": {"type": "attribute", "attribute": "industry", "op": "is_not_empty"},
            "kpi": {"open_rate": {"min": 20, "max": 30}, "click_rate": {"min": 2, "max": 5}}},
        "nodes": [{"id": "t", "kind": trigger()}, {"id": "c", "kind": score_at_least(10)},
                  {"id": "x", "kind": end()}],
        "edges": [{"id": "e1", "source": "t", "target": "c"},
                  {"id": "e2", "source": "c", "source_handle": "true", "target": "x"},
                  {"id": "e3", "source": "c", "source_handle": "no", "target": "nowhere"}]});
    let file = scenario_studio::format::parse_scenario(&doc.to_string()).unwrap();
    let codes: Vec<&str> = validate::check(&file, &ValidationOptions::default())
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "unknown-handle",
            "dangling-edge",
            "unconnected-output",
            "unconnected-output"
        ]
    );
}

#[test]
fn the_no_exit_of_a_score_below_condition_is_a_gate() {
    let below =
        json!({"type": "condition", "condition": {"type": "score", "op": "lt", "value": 80}});
    let file = scenario(
        &[
            ("t", trigger()),
            ("c", below),
            ("h", json!({"type": "notify_sales"})),
            ("x", end()),
        ],
        &["t>c", "c:no>h", "c:yes>x", "h>x"],
    );
    check(&file, expect![""]);
    let negated = json!({"type": "condition", "condition": {"type": "not", "expr": {"type": "score", "op": "gte", "value": 80}}});
    let file = scenario(
        &[
            ("t", trigger()),
            ("c", negated),
            ("h", json!({"type": "notify_sales"})),
            ("x", end()),
        ],
        &["t>c", "c:no>h", "c:yes>x", "h>x"],
    );
    check(&file, expect![""]);
    // A threshold of 0 gates nothing.
    let zero = scenario(
        &[
            ("t", trigger()),
            ("h", json!({"type": "notify_sales", "score_threshold": 0})),
            ("x", end()),
        ],
        &["t>h", "h>x"],
    );
    assert_eq!(
        validate::check(&zero, &ValidationOptions::default())[0].code,
        validate::Code::HandoffWithoutThreshold
    );
}

#[test]
fn scenarios_validated_together_need_their_own_ids() {
    let a = scenario(&[("t", trigger()), ("x", end())], &["t>x"]);
    let b = a.clone();
    let result = validate::check_set(
        &[("a.json", &a), ("b.json", &b)],
        &ValidationOptions::default(),
    );
    assert_eq!(result[0][0].code, validate::Code::DuplicateScenarioId);
    assert!(result[0][0].message.en.contains("b.json"));
    assert!(result[1][0].message.en.contains("a.json"));
}

#[test]
fn every_gap_of_a_page_view_trigger_is_named_at_once() {
    let file = scenario(
        &[
            (
                "t",
                json!({"type": "trigger", "event": {"type": "page_viewed", "url_pattern": "", "min_count": 0, "within_days": 0}}),
            ),
            ("x", end()),
        ],
        &["t>x"],
    );
    check(
        &file,
        expect![[r#"
            warning trigger-incomplete @t: The Trigger node: the page URL pattern is missing (e.g. /pricing*); the view count is 0; the counting window is 0 days
        "#]],
    );
}

/// Two gates before one hand-off: the score every lead arriving is sure to have is the lower
/// path's, and the hand-off's own threshold is set against that, naming the gate that gives it.
/// A path around every gate leaves the threshold as the only gate: nothing to compare.
#[test]
fn a_hand_off_threshold_is_set_against_the_lowest_gate_on_its_paths() {
    let handoff = |t: i32| json!({"type": "notify_sales", "score_threshold": t});
    let file = scenario(
        &[
            ("t", trigger()),
            ("warm", score_at_least(60)),
            ("hot", score_at_least(80)),
            ("h", handoff(70)),
            ("x", end()),
        ],
        &[
            "t>warm",
            "warm:yes>h",
            "warm:no>hot",
            "hot:yes>h",
            "hot:no>x",
            "h>x",
        ],
    );
    let found = validate::check(&file, &ValidationOptions::default());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].code,
        validate::Code::HandoffThresholdAboveCondition
    );
    assert!(
        found[0]
            .message
            .en
            .contains(&file.describe_node(&"warm".into()).en),
        "{}",
        found[0].message.en
    );
    assert!(
        found[0].message.en.contains("60–69"),
        "{}",
        found[0].message.en
    );
    // Equal to the lowest gate: agreed, nothing said; with the workspace's MQL threshold at 60 too.
    let agreed = scenario(
        &[
            ("t", trigger()),
            ("warm", score_at_least(60)),
            ("h", handoff(60)),
            ("x", end()),
        ],
        &["t>warm", "warm:yes>h", "warm:no>x", "h>x"],
    );
    let at_60 = ValidationOptions {
        mql_threshold: Some(60),
        ..ValidationOptions::default()
    };
    check_with(&agreed, &at_60, expect![""]);
    // Against a workspace whose MQL threshold is 100, the same hand-off is warned of.
    let at_100 = ValidationOptions {
        mql_threshold: Some(100),
        ..ValidationOptions::default()
    };
    let found = validate::check(&agreed, &at_100);
    assert_eq!(
        found.iter().map(|d| d.code).collect::<Vec<_>>(),
        [validate::Code::HandoffThresholdNotMql]
    );
    // A path around the gate: the hand-off's own threshold is its only gate.
    let around = scenario(
        &[
            ("t", trigger()),
            ("warm", score_at_least(60)),
            ("h", handoff(100)),
            ("x", end()),
        ],
        &["t>warm", "warm:yes>h", "warm:no>h", "h>x"],
    );
    check(&around, expect![""]);
    // A loop back through a wait does not lower the floor below what every entry passed.
    let looped = scenario(
        &[
            ("t", trigger()),
            ("hot", score_at_least(80)),
            ("h", handoff(90)),
            ("w", wait(7)),
            ("x", end()),
        ],
        &["t>hot", "hot:yes>h", "hot:no>x", "h>w", "w>hot"],
    );
    let found = validate::check(&looped, &ValidationOptions::default());
    assert_eq!(
        found.iter().map(|d| d.code).collect::<Vec<_>>(),
        [validate::Code::HandoffThresholdAboveCondition]
    );
}
