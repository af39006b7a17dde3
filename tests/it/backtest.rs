//! Back-tests: the forecast made at a cut-off from only the history before it, compared with what
//! the workspace recorded after it.

use chrono::NaiveDate;
use rusqlite::params;
use scenario_studio::backtest::{
    self, BacktestError, BacktestOptions, MailWithoutHistory, Measure, Scope, UntiedMail,
    compare::crps, snapshot,
};
use scenario_studio::simulate::calendar::jst_minute;
use scenario_studio::store::Workspace;
use scenario_studio::{Scenario, ValidationOptions};

use crate::import::{Scratch, scratch};
use crate::world::{self, WorldOptions, welcome_series};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap() + chrono::Days::new(u64::from(d))
}

/// Unix seconds at `hour`:00 Japan time on `day(d)`.
fn at(d: u32, hour: u32) -> i64 {
    jst_minute(day(d), hour, 0) * 60
}

const DAYS: u32 = 120;

/// A workspace with a recorded history of 120 days: three leads created each day at 10:00, each
/// sent the welcome mail "m" an hour later (every third opens it, every ninth clicks), lead 5
/// unsubscribing on day 100; a newsletter "nl-1" to the first 100 leads on day 30; hand-offs to
/// sales on days 60, 85 and 110, the second an opportunity on day 95; lead 40 submitting a form
/// on each of days 55–58 and lead 41 on each of days 85–88 (30 points each: the fourth brings
/// the lead to the MQL threshold of 100).
fn history() -> Scratch {
    let ws = scratch();
    let mut w = Workspace::open(&ws.path).unwrap();
    let tx = w.transaction().unwrap();
    let mut id = 0;
    for d in 0..DAYS {
        for _ in 0..3 {
            id += 1;
            tx.execute(
                "INSERT INTO leads (id, email, email_key, created_at, opt_in_basis, opted_out)
                 VALUES (?1, ?2, ?2, ?3, 'form', ?4)",
                params![id, format!("lead{id}@example.co.jp"), at(d, 10), id == 5],
            )
            .unwrap();
            let event = |t: i64, kind: &str, detail: &str| {
                tx.execute(
                    "INSERT INTO lead_events (lead_id, at, kind, detail) VALUES (?1, ?2, ?3, ?4)",
                    params![id, t, kind, detail],
                )
                .unwrap();
            };
            event(at(d, 11), "email_send", "m");
            if id % 3 == 0 {
                event(at(d, 12), "email_open", "m");
            }
            if id % 9 == 0 {
                event(at(d, 12) + 60, "email_click", "m");
            }
            if id <= 100 && d < 30 {
                event(at(30, 9), "email_send", "nl-1");
            }
        }
    }
    tx.execute(
        "INSERT INTO lead_events (lead_id, at, kind, detail) VALUES (5, ?1, 'unsubscribe', 'm')",
        params![at(100, 15)],
    )
    .unwrap();
    for (lead, first) in [(40, 55), (41, 85)] {
        for d in first..first + 4 {
            tx.execute(
                "INSERT INTO lead_events (lead_id, at, kind, detail) VALUES (?1, ?2, 'form_submit', '資料請求')",
                params![lead, at(d, 14)],
            )
            .unwrap();
        }
    }
    for (lead, d, status) in [
        (10, 60, "unworked"),
        (20, 85, "unworked"),
        (20, 95, "opportunity"),
        (30, 110, "unworked"),
    ] {
        tx.execute(
            "INSERT INTO deal_status_history (lead_id, changed_at, status) VALUES (?1, ?2, ?3)",
            params![lead, at(d, 9), status],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    ws
}

/// The welcome scenario whose mail "m" the history recorded, and a second mail it never sent.
fn welcome() -> Scenario {
    let email = serde_json::json!({"kind": "welcome", "subject": "ようこそ", "summary": "ご挨拶",
        "sender_name": "株式会社サンプル", "sender_address": "東京都千代田区丸の内1-1-1",
        "opt_out_url": "{{unsubscribe_link}}"});
    let doc = serde_json::json!({"format": "scenario-studio/1", "id": "welcome", "name": "ウェルカム",
        "status": "active",
        "nodes": [
            {"id": "t", "kind": {"type": "trigger", "event": {"type": "lead_created"}}},
            {"id": "m", "kind": {"type": "send_email", "email": email}},
            {"id": "w", "kind": {"type": "wait", "delay": {"days": 3}}},
            {"id": "m2", "kind": {"type": "send_email", "email": email.clone()}},
            {"id": "x", "kind": {"type": "end"}}],
        "edges": [
            {"id": "e1", "source": "t", "target": "m"},
            {"id": "e2", "source": "m", "target": "w"},
            {"id": "e3", "source": "w", "target": "m2"},
            {"id": "e4", "source": "m2", "target": "x"}]});
    let file = scenario_studio::format::parse_scenario(&doc.to_string()).unwrap();
    let (scenario, diagnostics) = Scenario::from_file(file, &ValidationOptions::default());
    scenario.unwrap_or_else(|| panic!("{diagnostics:?}"))
}

fn options(cutoff: u32, days: u32) -> BacktestOptions {
    BacktestOptions {
        cutoff: day(cutoff),
        days,
        runs: 8,
        seed: 3,
    }
}

#[test]
fn the_copy_as_of_the_cutoff_holds_only_what_was_there_then() {
    let ws = history();
    let w = Workspace::open(&ws.path).unwrap();
    let cut = at(80, 0);
    let copy = snapshot::as_of(&w, cut).unwrap();
    let c = copy.workspace().conn();
    let count = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM leads"), 80 * 3);
    assert_eq!(
        count("SELECT max(created_at) FROM leads"),
        at(79, 10),
        "no lead created after the cut-off"
    );
    assert!(count("SELECT max(at) FROM lead_events") < cut);
    assert_eq!(
        count("SELECT count(*) FROM lead_events WHERE kind = 'email_send' AND detail = 'm'"),
        80 * 3
    );
    // Lead 5 unsubscribed on day 100: at the cut-off it was still mailable.
    assert_eq!(count("SELECT opted_out FROM leads WHERE id = 5"), 0);
    // The original is untouched.
    assert_eq!(
        w.conn()
            .query_row("SELECT opted_out FROM leads WHERE id = 5", [], |r| r
                .get::<_, i64>(0))
            .unwrap(),
        1
    );
}

/// A value a scenario writes on leads (a suppression flag) is taken back in the copy for the leads
/// the scenario mailed only after the cut-off: the export's field is as of its own day.
#[test]
fn a_value_a_scenario_wrote_after_the_cutoff_is_taken_back_in_the_copy() {
    use scenario_studio::model::expr::Attribute;
    let ws = history();
    let w = Workspace::open(&ws.path).unwrap();
    // Lead 7 was sent the re-engagement mail "re" before the cut-off (day 80) and lead 8 after
    // it; lead 9 never, though its flag says 配信抑制 too; all three carry the flag now.
    for (lead, d) in [(7, 70), (8, 90)] {
        w.conn()
            .execute(
                "INSERT INTO lead_events (lead_id, at, kind, detail) VALUES (?1, ?2, 'email_send', 're')",
                params![lead, at(d, 9)],
            )
            .unwrap();
    }
    w.conn()
        .execute(
            "UPDATE leads SET custom = '{\"配信区分\":\"配信抑制\",\"業種\":\"製造\"}', lead_status = '休眠'
             WHERE id IN (7, 8, 9)",
            [],
        )
        .unwrap();
    let copy = snapshot::as_of(&w, at(80, 0)).unwrap();
    let c = copy.workspace().conn();
    let written = [
        snapshot::Written {
            field: Attribute::Custom("配信区分".into()),
            value: "配信抑制".into(),
            mails: vec!["re".into()],
        },
        snapshot::Written {
            field: Attribute::LeadStatus,
            value: "休眠".into(),
            mails: vec!["re".into()],
        },
        // A scenario no recorded mail is tied to shows nothing.
        snapshot::Written {
            field: Attribute::LeadStatus,
            value: "休眠".into(),
            mails: Vec::new(),
        },
    ];
    let window = (at(80, 0), at(110, 0));
    let taken: Vec<u64> = (written.iter())
        .map(|one| snapshot::unwrite(c, w.conn(), window, one).unwrap())
        .collect();
    assert_eq!(taken, vec![1, 1, 0]);
    let field = |id: i64| -> (String, String) {
        c.query_row(
            "SELECT custom, lead_status FROM leads WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    assert_eq!(
        field(7),
        (
            r#"{"配信区分":"配信抑制","業種":"製造"}"#.into(),
            "休眠".into()
        )
    );
    assert_eq!(
        field(8),
        (r#"{"業種":"製造"}"#.into(), String::new()),
        "mailed only after"
    );
    assert_eq!(
        field(9),
        (
            r#"{"配信区分":"配信抑制","業種":"製造"}"#.into(),
            "休眠".into()
        )
    );
}

#[test]
fn a_back_test_sets_the_forecast_against_what_was_recorded_after_the_cutoff() {
    let ws = history();
    let w = Workspace::open(&ws.path).unwrap();
    let b = backtest::run(&w, &[welcome()], &options(80, 30), &mut |_| {}).unwrap();
    assert_eq!((b.recorded.first, b.recorded.last), (day(0), day(DAYS - 1)));
    assert_eq!(b.leads_at_cutoff, 80 * 3);
    let figure = |scope: &Scope, measure: Measure| {
        b.figures
            .iter()
            .find(|f| &f.scope == scope && f.measure == measure)
            .unwrap_or_else(|| panic!("no {scope:?} {measure:?}"))
    };
    let mail = Scope::Mail {
        scenario: "welcome".into(),
        node: "m".into(),
    };
    // What happened: 90 leads created in the 30 days, each sent the mail; every third opened.
    let sent = figure(&mail, Measure::Sent);
    assert_eq!(sent.actual, Some(90.0));
    assert_eq!(sent.baseline, Some(90.0), "the 30 days before the cut-off");
    assert_eq!(figure(&mail, Measure::Opened).actual, Some(30.0));
    assert_eq!(figure(&mail, Measure::Clicked).actual, Some(10.0));
    // Lead 5 unsubscribed on day 100 after a mail sent before the window: not a response to
    // the window's sends.
    assert_eq!(figure(&mail, Measure::Unsubscribed).actual, Some(0.0));
    assert!((figure(&mail, Measure::OpenRate).actual.unwrap() - 1.0 / 3.0).abs() < 1e-9);
    // The forecast: new leads at the recorded pace, each sent the mail (on a working day).
    assert!(
        (sent.forecast.mean - 90.0).abs() < 45.0,
        "forecast {:?} against 90 sends",
        sent.forecast
    );
    assert!(sent.forecast.p05 <= sent.forecast.mean && sent.forecast.mean <= sent.forecast.p95);
    assert!(sent.crps.unwrap() >= 0.0);
    // Its open rate is the mail's own recorded one (a third), not that × the welcome factor.
    let open_rate = figure(&mail, Measure::OpenRate);
    assert!(
        open_rate.error_pct.unwrap().abs() < 15.0,
        "forecast open rate {:?} against a third",
        open_rate.forecast
    );
    // The scenario and the total are over the tied mail only.
    for scope in [
        Scope::Scenario {
            scenario: "welcome".into(),
        },
        Scope::Total,
    ] {
        assert_eq!(figure(&scope, Measure::Sent).actual, Some(90.0));
    }
    assert_eq!(
        b.mails_without_history,
        vec![MailWithoutHistory {
            scenario: "welcome".into(),
            node: "m2".into()
        }]
    );
    assert_eq!(
        b.untied,
        vec![UntiedMail {
            detail: "nl-1".into(),
            sent: 0
        }]
    );
    // Six measures of the mail, the scenario and the total, the new leads (90 created in the
    // window, against the forecast's inflow), what leads did on their own: page views,
    // downloads and forms; the leads that became MQLs, and the sales side.
    assert_eq!(b.summary.compared, 3 * 6 + 1 + 3 + 1 + 2);
    // Lead 41's fourth form (day 88) made it an MQL in the window; lead 40's (day 58) in the 30
    // days before.
    let mql = figure(&Scope::Total, Measure::MqlCrossings);
    assert_eq!((mql.actual, mql.baseline), (Some(1.0), Some(1.0)));
    // The hand-off of day 85 and its opportunity of day 95 are in the window (days 80–109), the
    // hand-off of day 60 in the 30 days before; the scenario hands no one to sales.
    for (m, actual, baseline) in [
        (Measure::HandOffs, 1.0, 1.0),
        (Measure::Opportunities, 1.0, 0.0),
    ] {
        let f = figure(&Scope::Total, m);
        assert_eq!(
            (f.actual, f.baseline, f.forecast.mean),
            (Some(actual), Some(baseline), 0.0),
            "{m:?}"
        );
        assert_eq!(f.in_band, Some(false), "{m:?}");
    }
    for m in [Measure::PageViews, Measure::Downloads] {
        let f = figure(&Scope::Total, m);
        assert_eq!((f.actual, f.forecast.mean), (Some(0.0), 0.0), "{m:?}");
    }
    let forms = figure(&Scope::Total, Measure::FormSubmits);
    assert_eq!((forms.actual, forms.baseline), (Some(4.0), Some(4.0)));
    let new_leads = figure(&Scope::Total, Measure::NewLeads);
    assert_eq!(new_leads.actual, Some(90.0));
    assert_eq!(new_leads.baseline, Some(90.0));
    assert!(
        (new_leads.forecast.mean - 90.0).abs() < 30.0,
        "{:?}",
        new_leads.forecast
    );
}

#[test]
fn a_back_test_gives_the_same_bytes_at_any_thread_count() {
    let ws = history();
    let json = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            // A connection stays on the thread that opened it.
            let w = Workspace::open(&ws.path).unwrap();
            let b = backtest::run(&w, &[welcome()], &options(60, 40), &mut |_| {}).unwrap();
            serde_json::to_string(&b).unwrap()
        })
    };
    assert_eq!(json(1), json(2));
}

#[test]
fn a_cutoff_or_window_outside_the_history_is_refused_with_the_days_it_allows() {
    let ws = history();
    let w = Workspace::open(&ws.path).unwrap();
    let refused = |cutoff: u32, days: u32| {
        backtest::run(&w, &[welcome()], &options(cutoff, days), &mut |_| {}).unwrap_err()
    };
    for cutoff in [0, DAYS, DAYS + 10] {
        let e = refused(cutoff, 1);
        assert!(
            matches!(e, BacktestError::CutoffOutside { .. }),
            "{cutoff}: {e:?}"
        );
        assert!(
            e.localized().ja.contains("2026-03-02"),
            "{}",
            e.localized().ja
        );
    }
    let e = refused(100, 30);
    assert!(
        matches!(e, BacktestError::WindowPastHistory { .. }),
        "{e:?}"
    );
    assert!(e.localized().ja.contains("越えます"));
    // The last possible window ends on the last recorded day.
    assert!(backtest::run(&w, &[welcome()], &options(100, DAYS - 100), &mut |_| {}).is_ok());

    let empty = scratch();
    let w = Workspace::open(&empty.path).unwrap();
    let e = backtest::run(&w, &[welcome()], &options(10, 10), &mut |_| {}).unwrap_err();
    assert!(matches!(e, BacktestError::NoHistory), "{e:?}");
}

#[test]
fn the_ranked_probability_score_of_a_sample() {
    assert_eq!(crps(&[4.0], 4.0), 0.0);
    assert_eq!(crps(&[4.0], 1.0), 3.0);
    // E|X − 1| = 1 and E|X − X′| = 1 over {0, 2}.
    assert_eq!(crps(&[0.0, 2.0], 1.0), 0.5);
    // A wider sample around the same outcome scores worse than a narrow one.
    assert!(crps(&[0.0, 1.0, 2.0], 1.0) < crps(&[-5.0, 1.0, 7.0], 1.0));
}

/// The welcome series back-tested in world `o`: eight months of history, then two months
/// forecast in 20 runs.
fn back_test_world(o: &WorldOptions) -> backtest::Backtest {
    let ws = world::build(o);
    let w = Workspace::open(&ws.path).unwrap();
    let options = BacktestOptions {
        cutoff: o.start + chrono::Days::new(240),
        days: 60,
        runs: 20,
        seed: 1,
    };
    backtest::run(&w, &[welcome_series()], &options, &mut |_| {}).unwrap()
}

#[test]
fn against_a_world_that_behaves_unlike_the_engine_the_forecast_holds_within_loose_bounds() {
    // Eight months of history, then two months forecast (see world.rs for how the world
    // behaves: novelty, fatigue, drift and a growing inflow the engine does not model as such).
    let b = back_test_world(&WorldOptions::default());
    // The figures, printed for `cargo test -- --nocapture` (and shown when an assertion fails).
    for f in &b.figures {
        eprintln!(
            "{:<40} {:<13} forecast {:>8.3} [{:>8.3} … {:>8.3}]  actual {:>8.3}  error {:>+6.1} %  in band {:?}  closer than the last period {:?}",
            format!("{:?}", f.scope),
            format!("{:?}", f.measure),
            f.forecast.mean,
            f.forecast.p05,
            f.forecast.p95,
            f.actual.unwrap_or(f64::NAN),
            f.error_pct.unwrap_or(f64::NAN),
            f.in_band,
            f.beats_baseline,
        );
    }
    eprintln!("{:?}", b.summary);
    assert_eq!(b.untied.len(), 1, "the newsletter: {:?}", b.untied);
    assert!(b.mails_without_history.is_empty());
    let error = |scope: &Scope, measure: Measure| {
        let f = (b.figures.iter())
            .find(|f| &f.scope == scope && f.measure == measure)
            .unwrap();
        f.error_pct.unwrap().abs()
    };
    // Loose bounds: a forecast badly off (the welcome factor applied twice, journeys under way
    // dropped) fails them; the targets of issue 20 are tighter and reported, not asserted.
    for node in ["m1", "m2", "m3"] {
        let mail = Scope::Mail {
            scenario: "welcome".into(),
            node: node.into(),
        };
        assert!(error(&mail, Measure::Sent) < 20.0, "{node} sends");
        assert!(error(&mail, Measure::OpenRate) < 30.0, "{node} open rate");
    }
    assert!(
        error(&Scope::Total, Measure::Opened) < 25.0,
        "opens in total"
    );
    assert!(
        b.summary.in_band * 2 >= b.summary.compared,
        "at least half the figures in their band: {:?}",
        b.summary
    );
}

#[test]
fn a_rolling_back_test_sums_its_cutoffs_and_every_places_them_from_the_last_window_back() {
    let ws = history();
    let w = Workspace::open(&ws.path).unwrap();
    // Windows of 20 days every 30 days: the last ends on the last recorded day (119).
    let cutoffs = backtest::cutoffs_every(&w, 30, 20).unwrap();
    assert_eq!(cutoffs, vec![day(100), day(70), day(40)]);
    let r = backtest::rolling(&w, &[welcome()], &cutoffs, (20, 4, 1), &mut |_| {}).unwrap();
    assert_eq!(r.backtests.len(), 3);
    let compared: usize = r.backtests.iter().map(|b| b.summary.compared).sum();
    assert_eq!(r.summary.compared, compared);
    let sent = r
        .measures
        .iter()
        .find(|m| m.measure == Measure::Sent)
        .unwrap();
    assert_eq!(
        sent.summary.compared,
        3 * 3,
        "mail, scenario and total at each cut-off"
    );
    assert!(sent.median_abs_error_pct.is_some());
    // A cut-off given twice is checked once.
    let twice = [day(100), day(100), day(70)];
    let r = backtest::rolling(&w, &[welcome()], &twice, (20, 4, 1), &mut |_| {}).unwrap();
    assert_eq!(r.backtests.len(), 2);
    // No room for a window and the history before it.
    assert!(matches!(
        backtest::cutoffs_every(&w, 200, 20),
        Err(BacktestError::CutoffOutside { .. })
    ));
}

#[test]
fn against_several_worlds_the_forecast_holds_and_the_errors_are_reported() {
    // Worlds the engine's models were not written for: an export whose leads mostly predate its
    // history (with keener new leads and faster drift, and no opt-in basis, as an MA tool's
    // export has none), a flat and steady one, and one whose inflow shrinks while fatigue bites
    // harder. `cargo test -- --nocapture` prints the report.
    let variants = [
        ("default", WorldOptions::default()),
        (
            "old leads, keen new ones, drift",
            WorldOptions {
                old_leads: 6_000,
                novelty: 1.2,
                drift_per_year: 0.45,
                basis_recorded: false,
                seed: 12,
                ..WorldOptions::default()
            },
        ),
        (
            "flat and steady",
            WorldOptions {
                growth_per_year: 0.0,
                drift_per_year: 0.0,
                novelty: 0.0,
                seed: 13,
                ..WorldOptions::default()
            },
        ),
        (
            "shrinking, tiring",
            WorldOptions {
                growth_per_year: -0.5,
                fatigue: 0.7,
                unsubscribe: 0.006,
                seed: 14,
                ..WorldOptions::default()
            },
        ),
    ];
    eprintln!(
        "{:<34} {:>7} {:>7} {:>7} {:>7} {:>9} {:>9} {:>8} {:>8}",
        "world",
        "sent",
        "opened",
        "clicked",
        "unsub",
        "new leads",
        "downloads",
        "in band",
        "closer"
    );
    for (name, o) in variants {
        let b = back_test_world(&o);
        let error = |scope: Scope, measure: Measure| {
            (b.figures.iter())
                .find(|f| f.scope == scope && f.measure == measure)
                .and_then(|f| f.error_pct)
                .unwrap_or(f64::NAN)
        };
        let scenario = || Scope::Scenario {
            scenario: "welcome".into(),
        };
        let [sent, opened, clicked, unsubscribed] = [
            Measure::Sent,
            Measure::Opened,
            Measure::Clicked,
            Measure::Unsubscribed,
        ]
        .map(|m| error(scenario(), m));
        let new_leads = error(Scope::Total, Measure::NewLeads);
        let downloads = error(Scope::Total, Measure::Downloads);
        for f in b
            .figures
            .iter()
            .filter(|f| matches!(f.scope, Scope::Mail { .. }))
        {
            let digits = match f.measure {
                Measure::Unsubscribed => 1,
                Measure::OpenRate => 3,
                _ => continue,
            };
            eprintln!(
                "    {:?} {:?} {:.d$} [{:.d$} … {:.d$}], recorded {:.d$}, last period {:.d$}",
                f.scope,
                f.measure,
                f.forecast.mean,
                f.forecast.p05,
                f.forecast.p95,
                f.actual.unwrap_or(f64::NAN),
                f.baseline.unwrap_or(f64::NAN),
                d = digits
            );
        }
        let s = b.summary;
        let share = |k: usize, n: usize| 100.0 * k as f64 / n.max(1) as f64;
        eprintln!(
            "{name:<34} {sent:>+6.1}% {opened:>+6.1}% {clicked:>+6.1}% {unsubscribed:>+6.1}% {new_leads:>+8.1}% {downloads:>+8.1}% {:>7.0}% {:>7.0}%",
            share(s.in_band, s.compared),
            share(s.beats_baseline, s.against_baseline),
        );
        // Loose bounds: a forecast badly off fails them; issue 20's targets (±10 % for sends,
        // opens and clicks, 80 % in band) are reported above, not asserted.
        assert!(sent.abs() < 20.0, "{name}: sends {sent:+.1} %");
        assert!(opened.abs() < 25.0, "{name}: opens {opened:+.1} %");
        assert!(clicked.abs() < 35.0, "{name}: clicks {clicked:+.1} %");
        // A new lead's burst taken for its habit made downloads +40…+90 %.
        assert!(
            downloads.abs() < 35.0,
            "{name}: downloads {downloads:+.1} %"
        );
        assert!(
            s.in_band * 10 >= s.compared * 6,
            "{name}: only {} of {} figures in band",
            s.in_band,
            s.compared
        );
    }
}

#[test]
fn a_recorded_mail_tied_by_hand_is_compared_as_the_scenario_mail_it_was_tied_to() {
    use scenario_studio::simulate::parameters::SimulationSettings;
    let ws = history();
    let mut w = Workspace::open(&ws.path).unwrap();
    // The newsletter "nl-1" names no mail of the scenario; tied by hand to m2, it is m2's.
    let tie = r#"{"response": {"open_rate": 0.25, "click_given_open": 0.12,
        "unsubscribe_rate": 0.002, "kind": {}, "fatigue_per_recent_send": 0.3,
        "shrinkage_sends": 20, "min_sends_to_fit": 200, "max_probability": 0.95,
        "mail_ties": {"NL-1 ": "welcome/m2"}}}"#;
    SimulationSettings::apply(&mut w, tie).unwrap();
    let b = backtest::run(&w, &[welcome()], &options(80, 30), &mut |_| {}).unwrap();
    assert!(b.untied.is_empty(), "{:?}", b.untied);
    assert!(b.mails_without_history.is_empty());
    // A tie that names no scenario mail is refused in words, and nothing is saved.
    let bad = tie.replace("welcome/m2", "welcome");
    let refused = SimulationSettings::apply(&mut w, &bad).unwrap_err();
    assert!(
        refused.localized().ja.contains("シナリオID/ノードID"),
        "{refused}"
    );
    let kept = SimulationSettings::load(w.conn())
        .unwrap()
        .response
        .mail_ties;
    assert_eq!(kept.get("NL-1 ").map(String::as_str), Some("welcome/m2"));
}

#[test]
fn a_back_test_is_written_as_csv_rows_of_codes_and_as_an_escaped_html_report() {
    use scenario_studio::export::backtest_report;
    let ws = history();
    let w = Workspace::open(&ws.path).unwrap();
    let mut file = welcome().file().clone();
    file.name = "<script>alert(1)</script> & ウェルカム".into();
    let (scenario, _) = Scenario::from_file(file, &ValidationOptions::default());
    let scenarios = [scenario.unwrap()];
    let b = backtest::run(&w, &scenarios, &options(80, 30), &mut |_| {}).unwrap();
    let mut csv = Vec::new();
    backtest_report::write_csv(&mut csv, &[&b]).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("\u{feff}cutoff,days,runs,seed,scope,")
    );
    // One row per figure, each of its cut-off, in codes.
    assert_eq!(lines.clone().count(), b.figures.len());
    assert!(
        lines.any(|l| l.starts_with(&format!("{},30,8,3,mail,welcome,m,,open_rate,", day(80)))),
        "{csv}"
    );
    let html = backtest_report::html(&[&b], None, &scenarios, scenario_studio::Lang::Ja);
    assert!(
        !html.contains("<script>alert"),
        "the scenario's name is escaped"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; ウェルカム"));
    assert!(html.contains("default-src 'none'"));
    assert!(html.contains("予測の検証レポート") && html.contains("開封率"));
}

/// A workspace without any recorded deal change (no SFA history imported) says nothing of
/// hand-offs and opportunities: the back-test shows them as no data, not as zero against the
/// forecast.
#[test]
fn a_workspace_that_records_no_deals_has_no_sales_figures_to_compare() {
    let ws = history();
    let w = Workspace::open(&ws.path).unwrap();
    w.conn()
        .execute("DELETE FROM deal_status_history", [])
        .unwrap();
    let b = backtest::run(&w, &[welcome()], &options(80, 30), &mut |_| {}).unwrap();
    for m in [Measure::HandOffs, Measure::Opportunities] {
        let f = (b.figures.iter())
            .find(|f| f.scope == Scope::Total && f.measure == m)
            .unwrap();
        assert_eq!(
            (f.actual, f.baseline, f.in_band),
            (None, None, None),
            "{m:?}"
        );
    }
    assert_eq!(b.summary.compared, 3 * 6 + 1 + 3 + 1);
}
