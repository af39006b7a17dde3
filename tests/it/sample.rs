//! The sample generator and the lead export.

use chrono::NaiveDate;
use scenario_studio::export::leads_csv::{self, ExportEncoding, ExportError};
use scenario_studio::import::{self, ImportOptions};
use scenario_studio::sample::{self, SampleOptions};
use scenario_studio::store::Workspace;

use crate::import::{leads, scratch};

fn options(count: usize, seed: u64) -> SampleOptions {
    SampleOptions {
        count,
        seed,
        end: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
        days: 180,
    }
}

fn generate(path: &std::path::Path, opts: &SampleOptions) -> sample::SampleSummary {
    let mut ws = Workspace::open(path).unwrap();
    sample::generate_into(&mut ws, opts, false, &mut |_, _| {}).unwrap()
}

fn export(path: &std::path::Path, encoding: ExportEncoding) -> Result<Vec<u8>, ExportError> {
    let ws = Workspace::open(path).unwrap();
    let mut out = Vec::new();
    leads_csv::export_leads(&ws, &mut out, encoding)?;
    Ok(out)
}

fn dump_events(path: &std::path::Path) -> Vec<(i64, String, i64, String)> {
    let ws = Workspace::open(path).unwrap();
    let mut stmt = ws
        .conn()
        .prepare(
            "SELECT lead_id, kind, at, detail FROM lead_events ORDER BY lead_id, at, kind, detail",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn the_same_seed_gives_the_same_workspace_at_any_thread_count() {
    let (a, b) = (scratch(), scratch());
    let opts = options(3_000, 42);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let four = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    let sa = one.install(|| generate(&a.path, &opts));
    let sb = four.install(|| generate(&b.path, &opts));
    assert_eq!(sa, sb);
    assert_eq!(
        export(&a.path, ExportEncoding::Utf8Bom).unwrap(),
        export(&b.path, ExportEncoding::Utf8Bom).unwrap()
    );
    assert_eq!(dump_events(&a.path), dump_events(&b.path));
    let c = scratch();
    generate(&c.path, &options(3_000, 43));
    assert_ne!(
        export(&a.path, ExportEncoding::Utf8Bom).unwrap(),
        export(&c.path, ExportEncoding::Utf8Bom).unwrap()
    );
}

/// Rates over the whole sample, from the stored events.
fn rate(path: &std::path::Path, sql: &str) -> f64 {
    let ws = Workspace::open(path).unwrap();
    ws.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn sample_behaviour_follows_the_article_benchmarks_over_seeds() {
    // Tolerances: each seed's 4,000 leads send ~8,000 mails, so the open rate's standard error is
    // about 0.5 points; the bands below are the article's, not the generator's exact parameters.
    for seed in [1, 2, 3] {
        let ws = scratch();
        let s = generate(&ws.path, &options(4_000, seed));
        let per_lead = s.events as f64 / s.leads as f64;
        // A buying cycle (pricing pages, documents, an inquiry) adds a few events to one lead in
        // ten or so.
        assert!(
            (3.0..=8.0).contains(&per_lead),
            "seed {seed}: {per_lead} events per lead"
        );
        // The newsletters are nurture mails; the welcome series opens and clicks more (the
        // article's welcome KPI: opens 30–50 %, clicks 4–10 %).
        let rates = |mails: &str| {
            let of = |kind: &str| {
                rate(
                    &ws.path,
                    &format!(
                        "SELECT 1.0 * SUM(kind = '{kind}') / SUM(kind = 'email_send') FROM lead_events WHERE detail {mails}"
                    ),
                )
            };
            (of("email_open"), of("email_click"))
        };
        let (open, click) = rates("LIKE 'newsletter-%'");
        assert!(
            (0.20..=0.30).contains(&open),
            "seed {seed}: newsletter open rate {open}"
        );
        assert!(
            (0.02..=0.05).contains(&click),
            "seed {seed}: newsletter click rate {click}"
        );
        let (open, click) = rates("IN ('mail_intro', 'mail_tips', 'mail_survey')");
        assert!(
            (0.30..=0.50).contains(&open),
            "seed {seed}: welcome open rate {open}"
        );
        assert!(
            (0.04..=0.10).contains(&click),
            "seed {seed}: welcome click rate {click}"
        );
        // Seniority raises conversion: directors and executives are handed off more often than staff.
        let handoff = |levels: &str| {
            rate(&ws.path, &format!(
                "SELECT 1.0 * COUNT(DISTINCT d.lead_id) / (SELECT COUNT(*) FROM leads WHERE job_level IN ({levels}))
                 FROM deal_status_history d JOIN leads l ON l.id = d.lead_id WHERE l.job_level IN ({levels})"
            ))
        };
        let senior = handoff("'executive', 'director'");
        let staff = handoff("'staff'");
        assert!(
            senior > staff,
            "seed {seed}: senior {senior} vs staff {staff}"
        );
        // Every lead that was mailed has an opt-in basis, and nobody is mailed after opting out.
        let mailed_without_basis = rate(
            &ws.path,
            "SELECT 1.0 * COUNT(*) FROM lead_events e JOIN leads l ON l.id = e.lead_id
             WHERE e.kind = 'email_send' AND l.opt_in_basis IS NULL",
        );
        assert_eq!(mailed_without_basis, 0.0);
        let after_opt_out = rate(&ws.path,
            "SELECT 1.0 * COUNT(*) FROM lead_events s JOIN lead_events u
               ON u.lead_id = s.lead_id AND u.kind = 'unsubscribe' AND s.kind = 'email_send' AND s.at > u.at");
        assert_eq!(after_opt_out, 0.0);
    }
}

#[test]
fn export_imports_back_unchanged() {
    let a = scratch();
    generate(&a.path, &options(500, 9));
    let bytes = export(&a.path, ExportEncoding::Utf8Bom).unwrap();
    assert!(bytes.starts_with("\u{feff}リードID,SFA ID,メールアドレス".as_bytes()));
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("leads.csv");
    std::fs::write(&csv, &bytes).unwrap();
    let b = scratch();
    let mut ws = Workspace::open(&b.path).unwrap();
    let r = import::import_file(&mut ws, &csv, &ImportOptions::default(), &mut |_, _| {}).unwrap();
    drop(ws);
    assert_eq!(
        (r.mapping.preset.as_str(), r.inserted, r.issues.len()),
        ("generic-ja", 500, 0)
    );
    assert_eq!(leads(&a.path), leads(&b.path));
}

#[test]
fn cp932_export_maps_wave_dashes_and_refuses_the_unencodable() {
    let ws = scratch();
    generate(&ws.path, &options(50, 1));
    {
        let w = Workspace::open(&ws.path).unwrap();
        w.conn()
            .execute(
                "UPDATE leads SET department = '営業部〜東日本' WHERE id = 1",
                [],
            )
            .unwrap();
    }
    let bytes = export(&ws.path, ExportEncoding::Cp932).unwrap();
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad);
    assert!(
        text.contains("営業部～東日本"),
        "〜 becomes its CP932 twin ～"
    );
    assert!(text.contains("髙橋") || text.contains("山﨑") || text.contains("メールアドレス"));
    {
        let w = Workspace::open(&ws.path).unwrap();
        w.conn()
            .execute("UPDATE leads SET company = '株式会社🍣' WHERE id = 2", [])
            .unwrap();
    }
    match export(&ws.path, ExportEncoding::Cp932).unwrap_err() {
        ExportError::Unencodable { column, ch, .. } => assert_eq!((column, ch), ("会社名", '🍣')),
        other => panic!("{other:?}"),
    }
    // UTF-8 has no such limit.
    assert!(export(&ws.path, ExportEncoding::Utf8Bom).is_ok());
}

#[test]
fn scores_from_recorded_history_follow_the_stored_model() {
    use scenario_studio::scoring::ScoringModel;
    use scenario_studio::simulate::calendar::jst_minute;
    use scenario_studio::store::{documents, scores};
    let ws = scratch();
    generate(&ws.path, &options(2_000, 5));
    let end = jst_minute(NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(), 23, 59);
    let mut w = Workspace::open(&ws.path).unwrap();
    // No stored model: the default.
    let model: ScoringModel = documents::load(w.conn(), documents::SCORING_MODEL).unwrap();
    assert_eq!(model, ScoringModel::default());
    let base = scores::score_leads(w.conn(), &model, end).unwrap();
    assert_eq!(base.leads, 2_000);
    assert_eq!(base.distribution.iter().map(|(_, n)| n).sum::<u64>(), 2_000);
    assert_eq!(
        base,
        scores::score_leads(w.conn(), &model, end).unwrap(),
        "deterministic"
    );
    // A lower threshold never gives fewer MQLs; a stored model is the one read back.
    let mut lower = model.clone();
    for threshold in [80, 60, 40, 20] {
        lower.mql_threshold = threshold;
        let tx = w.transaction().unwrap();
        documents::save(&tx, documents::SCORING_MODEL, &lower).unwrap();
        tx.commit().unwrap();
        let stored: ScoringModel = documents::load(w.conn(), documents::SCORING_MODEL).unwrap();
        assert_eq!(stored, lower);
        let s = scores::score_leads(w.conn(), &stored, end).unwrap();
        assert!(
            s.mql >= base.mql,
            "threshold {threshold}: {} < {}",
            s.mql,
            base.mql
        );
    }
    // Half a year earlier, before most of the history, scores are lower on the whole.
    let early = scores::score_leads(w.conn(), &model, end - 150 * 24 * 60).unwrap();
    let mean = |s: &scores::ScoreSummary| {
        s.distribution
            .iter()
            .map(|(b, n)| f64::from(*b) * *n as f64)
            .sum::<f64>()
            / s.leads as f64
    };
    assert!(mean(&early) < mean(&base));
    // A stored document that no longer reads is an error, not the default.
    w.conn()
        .execute(
            "UPDATE settings SET json = '{\"daily_cap\": \"lots\"}' WHERE key = 'scoring_model'",
            [],
        )
        .unwrap();
    assert_eq!(
        documents::load::<ScoringModel>(w.conn(), documents::SCORING_MODEL)
            .unwrap_err()
            .kind(),
        "bad-setting"
    );
}

#[test]
fn the_response_model_fits_the_workspace_history_when_there_is_enough() {
    use scenario_studio::simulate::response::{ResponseModel, ResponseSettings};
    let ws = scratch();
    generate(&ws.path, &options(3_000, 11));
    let w = Workspace::open(&ws.path).unwrap();
    let fitted = ResponseModel::fit(w.conn(), ResponseSettings::default()).unwrap();
    assert!(fitted.fitted && fitted.history_sends > 3_000);
    // Each mail counted once per lead, as SQL's DISTINCT counts it.
    let distinct = |kind: &str| -> i64 {
        w.conn()
            .query_row(
                "SELECT COUNT(*) FROM (SELECT DISTINCT lead_id, detail FROM lead_events WHERE kind = ?1)",
                [kind],
                |r| r.get(0),
            )
            .unwrap()
    };
    let (sends, opens, clicks) = (
        distinct("email_send") as f64,
        distinct("email_open") as f64,
        distinct("email_click") as f64,
    );
    assert_eq!(fitted.history_sends as f64, sends);
    assert!((fitted.open_rate - opens / sends).abs() < 1e-12);
    assert!((fitted.click_given_open - clicks / opens).abs() < 1e-12);
    // The sample was drawn with newsletter opens ≈ 25 %, welcome opens ≈ 40 % and clicks ≈ 12 %
    // of opens; the pooled fit lies between.
    assert!(
        (0.23..=0.36).contains(&fitted.open_rate),
        "{}",
        fitted.open_rate
    );
    assert!(
        (0.09..=0.15).contains(&fitted.click_given_open),
        "{}",
        fitted.click_given_open
    );
    // With less history than the settings ask for, the article's defaults stay.
    let strict = ResponseSettings {
        min_sends_to_fit: 10_000_000,
        ..ResponseSettings::default()
    };
    let unfitted = ResponseModel::fit(w.conn(), strict).unwrap();
    assert!(!unfitted.fitted);
    assert_eq!(unfitted.open_rate, 0.25);
    // An empty workspace has nothing to fit.
    let empty = scratch();
    let w = Workspace::open(&empty.path).unwrap();
    assert!(
        !ResponseModel::fit(w.conn(), ResponseSettings::default())
            .unwrap()
            .fitted
    );
}

#[test]
fn organic_behaviour_rates_are_fitted_from_the_history() {
    use scenario_studio::lead::EventKind;
    use scenario_studio::simulate::behaviour::{BehaviourModel, BehaviourSettings};
    let ws = scratch();
    generate(&ws.path, &options(3_000, 13));
    let w = Workspace::open(&ws.path).unwrap();
    let m = BehaviourModel::fit(w.conn(), BehaviourSettings::default()).unwrap();
    assert!(m.fitted);
    let rate = |k: EventKind| m.population_daily_rate[k.code()];
    // The sample draws about 0.007 page views and 0.0015 downloads per lead-day (plus views from
    // mail clicks, and the pages and documents of buying cycles); the fit is over all lead-days
    // since creation, so it lands a little lower.
    assert!(
        (0.003..0.02).contains(&rate(EventKind::PageView)),
        "{}",
        rate(EventKind::PageView)
    );
    assert!(
        (0.0005..0.005).contains(&rate(EventKind::DocumentDownload)),
        "{}",
        rate(EventKind::DocumentDownload)
    );
    assert!(rate(EventKind::WebinarAttendance) < rate(EventKind::WebinarRegistration));
    let empty = scratch();
    let w = Workspace::open(&empty.path).unwrap();
    assert!(
        !BehaviourModel::fit(w.conn(), BehaviourSettings::default())
            .unwrap()
            .fitted
    );
}

#[test]
fn a_back_test_on_sample_leads_holds_what_leads_do_on_their_own() {
    // The sample's own behaviour (engagement-driven page views, downloads and forms, and the
    // page a click opens) is not the engine's model: the forecast of the last 60 days from the
    // history before them comes within loose bounds of what the sample recorded.
    use scenario_studio::backtest::{self, BacktestOptions, Measure, Scope};
    let ws = scratch();
    let opts = options(3_000, 5);
    generate(&ws.path, &opts);
    let w = Workspace::open(&ws.path).unwrap();
    let file = scenario_studio::format::parse_scenario(
        scenario_studio::templates::template("welcome")
            .unwrap()
            .json,
    )
    .unwrap();
    let (welcome, _) =
        scenario_studio::Scenario::from_file(file, &scenario_studio::ValidationOptions::default());
    let options = BacktestOptions {
        cutoff: opts.end - chrono::Days::new(59),
        days: 60,
        runs: 10,
        seed: 1,
    };
    let b = backtest::run(&w, &[welcome.unwrap()], &options, &mut |_| {}).unwrap();
    for m in [Measure::PageViews, Measure::Downloads, Measure::FormSubmits] {
        let f = (b.figures.iter())
            .find(|f| f.scope == Scope::Total && f.measure == m)
            .unwrap();
        let error = f.error_pct.unwrap();
        eprintln!("{m:?}: forecast {:?}, recorded {:?}", f.forecast, f.actual);
        // Counted from each lead's creation rather than from the history's start, or with the
        // clicks' pages counted twice, these were off by 40–70 % and +10–20 %.
        assert!(error.abs() < 30.0, "{m:?}: {error:+.1} %");
    }
}

/// The workspace's counts, made in one pass per table, are what the grouped SQL gives (the
/// definition they replaced for speed), on a sample with every kind of value: NULL bases and
/// levels, leads with and without deal changes.
#[test]
fn lead_stats_agree_with_grouped_sql() {
    let ws = scratch();
    generate(&ws.path, &options(400, 5));
    let w = Workspace::open(&ws.path).unwrap();
    let conn = w.conn();
    conn.execute_batch(
        "UPDATE leads SET job_level = NULL, opt_in_basis = NULL WHERE id % 7 = 0;
         UPDATE leads SET created_at = NULL WHERE id % 11 = 0;",
    )
    .unwrap();
    let grouped = |sql: &str| -> std::collections::BTreeMap<String, i64> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                r.get::<_, i64>(1)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .fold(Default::default(), |mut map, (k, n)| {
            *map.entry(k).or_default() += n;
            map
        })
    };
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let stats = scenario_studio::store::stats(conn).unwrap();
    assert_eq!(stats.leads, one("SELECT count(*) FROM leads"));
    assert_eq!(
        stats.opted_out,
        one("SELECT count(*) FROM leads WHERE opted_out = 1")
    );
    assert!(stats.opted_out > 0);
    assert_eq!(
        stats.no_opt_in_basis,
        one("SELECT count(*) FROM leads WHERE opt_in_basis IS NULL")
    );
    assert_eq!(
        stats.created_range,
        Some((
            one("SELECT min(created_at) FROM leads"),
            one("SELECT max(created_at) FROM leads")
        ))
    );
    assert_eq!(
        stats.events,
        grouped("SELECT kind, count(*) FROM lead_events GROUP BY kind")
    );
    for (got, column) in [
        (&stats.industry, "industry"),
        (&stats.employee_band, "employee_band"),
        (&stats.job_level, "job_level"),
        (&stats.prefecture, "prefecture"),
        (&stats.opt_in_basis, "opt_in_basis"),
    ] {
        assert_eq!(
            *got,
            grouped(&format!("SELECT {column}, count(*) FROM leads GROUP BY 1")),
            "{column}"
        );
    }
    let deal_status = grouped(
        "SELECT COALESCE(d.status, 'none'), count(*) FROM leads l LEFT JOIN (
            SELECT lead_id, status FROM (
                SELECT lead_id, status, ROW_NUMBER() OVER (
                    PARTITION BY lead_id ORDER BY changed_at DESC, status DESC) AS rn
                FROM deal_status_history) WHERE rn = 1) d ON d.lead_id = l.id
         GROUP BY 1",
    );
    assert!(deal_status.len() > 2, "{deal_status:?}");
    assert_eq!(stats.deal_status, deal_status);
}

/// A generated workspace's hand-offs follow from its own scores by the default scoring: every
/// hand-off comes after the lead's score reached the MQL threshold, and sales took most of the
/// leads that reached it (issue 24: before, the sample held ~220 hand-offs of leads whose scores
/// mostly stayed below 60, and a scenario handing off at 100 forecast none).
#[test]
fn the_samples_hand_offs_follow_from_its_scores_by_the_default_scoring() {
    use scenario_studio::model::expr::DealStatus;
    use scenario_studio::scoring::{ScoreState, ScoringModel};
    use scenario_studio::simulate::input::load_leads;
    let ws = scratch();
    generate(&ws.path, &options(3_000, 5));
    let w = Workspace::open(&ws.path).unwrap();
    let model = ScoringModel::default();
    let leads = load_leads(w.conn(), &model, i64::MAX / 2).unwrap();
    let (mut crossed, mut handed_off) = (0, 0);
    for lead in &leads {
        let history = &lead.history;
        let mut score = ScoreState::new(&model, history.fit);
        let reached = history.events.iter().find_map(|(kind, at, detail)| {
            score.add(*kind, detail, *at);
            score.is_mql_at(*at).then_some(*at)
        });
        let handoff = (history.deals.iter())
            .find(|d| d.0 == DealStatus::Unworked)
            .map(|d| d.1);
        if let Some(at) = handoff {
            let reached =
                reached.unwrap_or_else(|| panic!("lead {} handed off below 100", lead.id));
            assert!(
                reached <= at,
                "lead {}: handed off before it reached 100",
                lead.id
            );
            handed_off += 1;
        }
        crossed += usize::from(reached.is_some());
    }
    // Enough to judge a scoring and a hand-off scenario by (3 % or so of the leads), and sales
    // takes most, not all (85 %, and those reaching it in the last hour are not yet taken).
    assert!(
        handed_off * 100 >= leads.len() * 2,
        "{handed_off} hand-offs"
    );
    let taken = handed_off as f64 / crossed as f64;
    assert!(
        (0.75..=0.95).contains(&taken),
        "{handed_off} of {crossed} taken"
    );
}
