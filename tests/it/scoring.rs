//! The scoring review on a workspace whose deals follow a known true scoring unlike the default:
//! the fit recovers the ranking, beats the points in use on the holdout, and refuses when there
//! are too few deals.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use scenario_studio::scoring::ScoringModel;
use scenario_studio::scoring::review::{Outcome, Signal};
use scenario_studio::store::Workspace;
use scenario_studio::store::score_review::{ReviewError, ReviewOptions, review};
use scenario_studio::store::scores;

/// 2026-01-01T00:00Z in seconds.
const START: i64 = 1_767_225_600;
const DAY: i64 = 86_400;
const DAYS: i64 = 400;

/// The true log-odds weight of each signal's decayed count (in `Signal::ALL` order): webinars
/// and mail clicks drive deals here, forms hardly do, which the default points say otherwise.
const TRUE_WEIGHT: [f64; 9] = [0.0, 0.4, 0.1, 0.3, 1.2, 0.05, 0.0, 0.9, -1.0];
/// Each signal's base rate per day for an interest of 1.
const RATE: [f64; 9] = [0.05, 0.005, 0.01, 0.006, 0.004, 0.003, 0.05, 0.015, 0.0005];
const KINDS: [(&str, &str); 9] = [
    ("page_view", "/blog/a"),
    ("page_view", "/pricing"),
    ("document_download", "事例集"),
    ("webinar_registration", "w1"),
    ("webinar_attendance", "w1"),
    ("form_submit", "お問い合わせ"),
    ("email_open", "m1"),
    ("email_click", "m1"),
    ("unsubscribe", ""),
];
const LEVELS: [(&str, f64); 5] = [
    ("executive", -0.6),
    ("director", 0.0),
    ("manager", 0.3),
    ("chief", 0.6),
    ("staff", 0.9),
];

/// A workspace of `leads` leads over 400 days whose daily chance of an opportunity is
/// `base × exp(Σ weight × decayed count + level weight)`, decayed with a 30-day half-life.
fn world(path: &std::path::Path, leads: usize, base: f64, seed: u64) -> Workspace {
    let mut ws = Workspace::create(path).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let tx = ws.transaction().unwrap();
    let decay = 0.5f64.powf(1.0 / 30.0);
    for id in 1..=leads as i64 {
        let (level, level_weight) = LEVELS[rng.random_range(0..LEVELS.len())];
        let created = rng.random_range(0..DAYS / 2);
        let interest = (rng.random::<f64>() * 2.0 - 1.0).exp();
        tx.execute(
            "INSERT INTO leads (id, email, email_key, job_level, created_at) VALUES (?1, ?2, ?2, ?3, ?4)",
            rusqlite::params![id, format!("l{id}@example.jp"), level, START + created * DAY],
        )
        .unwrap();
        let mut decayed = [0.0f64; 9];
        let mut opted_out = false;
        for day in created..DAYS {
            decayed.iter_mut().for_each(|d| *d *= decay);
            for (k, rate) in RATE.iter().enumerate() {
                if opted_out || rng.random::<f64>() >= rate * interest {
                    continue;
                }
                decayed[k] += 1.0;
                opted_out |= k == 8;
                let at = START + day * DAY + rng.random_range(0..DAY);
                tx.execute(
                    "INSERT OR IGNORE INTO lead_events (lead_id, at, kind, detail) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![id, at, KINDS[k].0, KINDS[k].1],
                )
                .unwrap();
            }
            let eta: f64 = level_weight
                + decayed
                    .iter()
                    .zip(TRUE_WEIGHT)
                    .map(|(d, w)| d * w)
                    .sum::<f64>();
            if rng.random::<f64>() < base * eta.exp() {
                tx.execute(
                    "INSERT INTO deal_status_history (lead_id, changed_at, status) VALUES (?1, ?2, 'opportunity')",
                    rusqlite::params![id, START + day * DAY + DAY / 2],
                )
                .unwrap();
                break;
            }
        }
    }
    tx.commit().unwrap();
    ws
}

fn current() -> ScoringModel {
    ScoringModel {
        half_life_days: 30,
        ..ScoringModel::default()
    }
}

fn options() -> ReviewOptions {
    ReviewOptions {
        outcome: Outcome::Opportunity,
        horizon_days: Some(60),
    }
}

#[test]
fn the_fit_recovers_a_known_scoring_and_beats_the_default_on_later_deals() {
    let dir = tempfile::tempdir().unwrap();
    let ws = world(&dir.path().join("w.scenario-ws"), 6_000, 0.0015, 1);
    let r = review(ws.conn(), &current(), &options()).unwrap();
    assert!(
        r.training_deals >= 50,
        "{} training deals",
        r.training_deals
    );
    assert!(r.better, "{r:#?}");
    assert!(
        r.suggested_check.auc > r.current_check.auc + 0.03,
        "suggested {:.3} vs in use {:.3}",
        r.suggested_check.auc,
        r.current_check.auc
    );
    // The signals that drive deals earn the most points; those that do not, few.
    let points = |s: Signal| s.points(&r.suggested.engagement);
    assert!(points(Signal::WebinarAttendance) > points(Signal::FormSubmit));
    assert!(points(Signal::EmailClick) > points(Signal::PageView));
    assert!(points(Signal::EmailClick) > points(Signal::EmailOpen));
    assert!(points(Signal::Unsubscribe) <= 0);
    // Seniority is reversed in this world, and the fit says so.
    let level = |code: &str| r.suggested.fit.job_level[code];
    assert!(
        level("staff") > level("executive"),
        "{:?}",
        r.suggested.fit.job_level
    );
    // Rank agreement between the true weights and the fitted points over the signals that matter.
    let truth: Vec<f64> = TRUE_WEIGHT.to_vec();
    let fitted: Vec<f64> = Signal::ALL.iter().map(|s| f64::from(points(*s))).collect();
    assert!(spearman(&truth, &fitted) > 0.7, "{truth:?} vs {fitted:?}");
    // The suggested threshold makes MQLs that convert better than the rest.
    assert!(r.suggested_check.rate_above > 2.0 * r.suggested_check.rate_below);
    // The same workspace reviews the same way.
    assert_eq!(review(ws.conn(), &current(), &options()).unwrap(), r);
}

#[test]
fn too_few_deals_are_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let ws = world(&dir.path().join("w.scenario-ws"), 150, 0.00002, 2);
    let e = review(ws.conn(), &current(), &options()).unwrap_err();
    assert!(
        matches!(e, ReviewError::TooFewDeals { needed: 10, .. }),
        "{e:?}"
    );
    assert!(
        e.localized().ja.contains("少なくとも 10 件"),
        "{}",
        e.localized().ja
    );
    let empty = Workspace::create(&dir.path().join("e.scenario-ws")).unwrap();
    assert!(matches!(
        review(empty.conn(), &current(), &options()),
        Err(ReviewError::NoDeals)
    ));
}

#[test]
fn applying_keeps_versions_that_can_be_restored() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("w.scenario-ws")).unwrap();
    let fitted = ScoringModel {
        mql_threshold: 70,
        ..ScoringModel::default()
    };
    let n = scores::keep_version(&mut ws, &fitted, "fitted", "before", 1_000).unwrap();
    assert_eq!(n, 2, "the replaced model is kept first");
    let versions = scores::versions(ws.conn()).unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].note, "before");
    assert_eq!(versions[0].mql_threshold, 100);
    assert!(!versions[0].in_use && versions[1].in_use);
    assert_eq!(scores::mql_threshold(ws.conn()).unwrap(), 70);
    let before = scores::version(ws.conn(), 1).unwrap().unwrap();
    scores::keep_version(&mut ws, &before, "restored 1", "", 2_000).unwrap();
    assert_eq!(scores::mql_threshold(ws.conn()).unwrap(), 100);
    let versions = scores::versions(ws.conn()).unwrap();
    assert_eq!(versions.len(), 3);
    assert!(versions[2].in_use && !versions[0].in_use);
    assert_eq!(scores::version(ws.conn(), 9).unwrap(), None);
}

fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|a, b| values[*a].total_cmp(&values[*b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        for k in i..=j {
            ranks[order[k]] = (i + j) as f64 / 2.0;
        }
        i = j + 1;
    }
    ranks
}

fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (ma, mb) = (mean(&ra), mean(&rb));
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let var = |v: &[f64], m: f64| v.iter().map(|x| (x - m).powi(2)).sum::<f64>().sqrt();
    cov / (var(&ra, ma) * var(&rb, mb))
}
