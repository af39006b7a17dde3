//! A synthetic world for back-tests (issue 20): leads arrive, read mail and unsubscribe by a
//! behaviour model written for this purpose and deliberately unlike the engine's — each lead's
//! own open and click propensities drawn from Beta distributions, a novelty boost for new leads
//! that fades over weeks, fatigue that multiplies per recent mail, open rates drifting down over
//! the months, and an inflow of leads that grows and has a weekday shape. A three-mail welcome
//! series runs in it as an MA tool would run it (each mail on the first working day its wait
//! allows, at 10:00), with a monthly newsletter besides, and everything is recorded in a workspace
//! as an MA export would have it: mails named by their subjects. Leads download on their own,
//! each at its own keenness, new ones far more (a share of them created by a download), and an
//! export may carry no opt-in basis.

use chrono::{Datelike, NaiveDate, Weekday};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use rusqlite::params;
use scenario_studio::simulate::calendar::jst_minute;
use scenario_studio::store::Workspace;
use scenario_studio::{Scenario, ValidationOptions};

use crate::import::{Scratch, scratch};

/// How the world behaves.
#[derive(Debug, Clone, Copy)]
pub struct WorldOptions {
    /// The first day recorded.
    pub start: NaiveDate,
    /// Days recorded.
    pub days: u32,
    /// New leads per weekday at the start (weekends: a third of it).
    pub daily_leads: f64,
    /// How much the inflow grows in a year (0.5: half again as many a year on).
    pub growth_per_year: f64,
    /// The average lead's open propensity.
    pub open: f64,
    /// The average lead's click propensity, given an open.
    pub click: f64,
    /// A new lead's opens × (1 + this), fading with a two-week time constant.
    pub novelty: f64,
    /// Open propensities × exp(−this × years).
    pub drift_per_year: f64,
    /// Each mail of the 7 days before multiplies the odds of an open by this.
    pub fatigue: f64,
    /// Unsubscribes per mail.
    pub unsubscribe: f64,
    /// Leads created one to five years before the first recorded day (as in an MA export whose
    /// history covers far less than its leads' age): they get the newsletter, no welcome series,
    /// and have long lost any novelty.
    pub old_leads: usize,
    /// Document downloads per lead per day that a lead long past its novelty does on its own
    /// (each lead × its own keenness, a Gamma(2) draw), × (1 + 4 × the novelty fading as opens'
    /// does) while it is new.
    pub downloads_per_day: f64,
    /// The share of new leads created by a download (the download at their creation).
    pub created_by_download: f64,
    /// Whether the leads' opt-in basis is recorded (an MA tool's export seldom has it; the tool
    /// mails everyone who has not opted out).
    pub basis_recorded: bool,
    /// The seed.
    pub seed: u64,
}

impl Default for WorldOptions {
    fn default() -> Self {
        WorldOptions {
            start: NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
            days: 330,
            daily_leads: 12.0,
            growth_per_year: 0.6,
            open: 0.30,
            click: 0.18,
            novelty: 0.6,
            drift_per_year: 0.25,
            fatigue: 0.85,
            unsubscribe: 0.004,
            old_leads: 0,
            downloads_per_day: 0.004,
            created_by_download: 0.4,
            basis_recorded: true,
            seed: 11,
        }
    }
}

/// The welcome series the world runs: three mails, 3 and 4 days apart.
pub fn welcome_series() -> Scenario {
    let mail = |kind: &str, subject: &str| {
        serde_json::json!({"type": "send_email", "email": {"kind": kind, "subject": subject,
            "summary": "要約", "sender_name": "株式会社サンプル",
            "sender_address": "東京都千代田区丸の内1-1-1", "opt_out_url": "{{unsubscribe_link}}"}})
    };
    let nodes = [
        (
            "t",
            serde_json::json!({"type": "trigger", "event": {"type": "lead_created"}}),
        ),
        ("m1", mail("welcome", "ご登録ありがとうございます")),
        (
            "w1",
            serde_json::json!({"type": "wait", "delay": {"days": 3}}),
        ),
        ("m2", mail("welcome", "活用のヒント")),
        (
            "w2",
            serde_json::json!({"type": "wait", "delay": {"days": 4}}),
        ),
        ("m3", mail("nurture", "導入事例のご紹介")),
        ("x", serde_json::json!({"type": "end"})),
    ];
    let edges: Vec<_> = nodes
        .windows(2)
        .enumerate()
        .map(
            |(i, w)| serde_json::json!({"id": format!("e{i}"), "source": w[0].0, "target": w[1].0}),
        )
        .collect();
    let nodes: Vec<_> = (nodes.iter())
        .map(|(id, kind)| serde_json::json!({"id": id, "kind": kind}))
        .collect();
    let doc = serde_json::json!({"format": "scenario-studio/1", "id": "welcome", "name": "ウェルカム",
        "status": "active", "nodes": nodes, "edges": edges});
    let file = scenario_studio::format::parse_scenario(&doc.to_string()).unwrap();
    let (scenario, diagnostics) = Scenario::from_file(file, &ValidationOptions::default());
    scenario.unwrap_or_else(|| panic!("{diagnostics:?}"))
}

/// The series' mails: subject and the days after the previous one.
const SERIES: [(&str, u64); 3] = [
    ("ご登録ありがとうございます", 0),
    ("活用のヒント", 3),
    ("導入事例のご紹介", 4),
];

/// A Gamma(shape, 1) draw (Marsaglia–Tsang, shape ≥ 1 after boosting).
fn gamma(rng: &mut ChaCha8Rng, shape: f64) -> f64 {
    let (shape, boost) = if shape < 1.0 {
        (shape + 1.0, rng.random::<f64>().powf(1.0 / shape))
    } else {
        (shape, 1.0)
    };
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let (u1, u2): (f64, f64) = (rng.random(), rng.random());
        let x = (-2.0 * u1.max(1e-300).ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        let v = (1.0 + c * x).powi(3);
        if v > 0.0 && rng.random::<f64>().ln() < 0.5 * x * x + d - d * v + d * v.ln() {
            return d * v * boost;
        }
    }
}

/// A Beta(a, b) draw, from two Gamma draws.
fn beta(rng: &mut ChaCha8Rng, mean: f64, strength: f64) -> f64 {
    let a = gamma(rng, mean * strength);
    let b = gamma(rng, (1.0 - mean) * strength);
    a / (a + b)
}

/// A Poisson count by inversion.
fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u32 {
    let (mut n, mut p, limit) = (0, rng.random::<f64>(), (-mean).exp());
    while p > limit {
        n += 1;
        p *= rng.random::<f64>();
    }
    n
}

/// The first working day (Monday–Friday) on or after `day`.
fn working_day(mut day: NaiveDate) -> NaiveDate {
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day = day.succ_opt().unwrap();
    }
    day
}

/// Builds the world's recorded history into a new workspace.
pub fn build(o: &WorldOptions) -> Scratch {
    let ws = scratch();
    let mut w = Workspace::open(&ws.path).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed);
    let mut organic = ChaCha8Rng::seed_from_u64(o.seed ^ 0x00d0_c0de);
    let end = o.start + chrono::Days::new(u64::from(o.days));
    let seconds = |day: NaiveDate, hour: u32, minute: u32| jst_minute(day, hour, minute) * 60;
    let years = |day: NaiveDate| (day - o.start).num_days() as f64 / 365.0;
    let tx = w.transaction().unwrap();
    // Each lead: created, propensities, and its mails as (day, subject), then the responses.
    struct Lead {
        id: i64,
        created: NaiveDate,
        open: f64,
        click: f64,
        mails: Vec<(NaiveDate, &'static str)>,
        unsubscribed: bool,
    }
    let mut leads = Vec::new();
    for _ in 0..o.old_leads {
        let days_before = rng.random_range(365..5 * 365);
        leads.push(Lead {
            id: leads.len() as i64 + 1,
            created: o.start - chrono::Days::new(days_before),
            open: beta(&mut rng, o.open, 6.0),
            click: beta(&mut rng, o.click, 4.0),
            mails: Vec::new(),
            unsubscribed: false,
        });
    }
    let mut day = o.start;
    while day < end {
        let weekday = !matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        let rate = o.daily_leads
            * (1.0 + o.growth_per_year * years(day))
            * if weekday { 1.0 } else { 1.0 / 3.0 };
        for _ in 0..poisson(&mut rng, rate) {
            leads.push(Lead {
                id: leads.len() as i64 + 1,
                created: day,
                open: beta(&mut rng, o.open, 6.0),
                click: beta(&mut rng, o.click, 4.0),
                mails: Vec::new(),
                unsubscribed: false,
            });
        }
        day = day.succ_opt().unwrap();
    }
    // The welcome series from each lead's creation; the newsletter on the first working day of
    // each month to every lead created before it.
    for lead in leads.iter_mut().filter(|l| l.created >= o.start) {
        let mut due = lead.created;
        for (subject, gap) in SERIES {
            due = working_day(due + chrono::Days::new(gap));
            if due < end {
                lead.mails.push((due, subject));
            }
        }
    }
    let mut month = NaiveDate::from_ymd_opt(o.start.year(), o.start.month(), 1).unwrap();
    let mut newsletters = Vec::new();
    while month < end {
        let day = working_day(month);
        if day >= o.start && day < end {
            newsletters.push(day);
        }
        month = month.checked_add_months(chrono::Months::new(1)).unwrap();
    }
    for lead in &mut leads {
        for &day in &newsletters {
            if day > lead.created {
                lead.mails.push((day, "月刊ニュースレター"));
            }
        }
        lead.mails.sort();
    }
    for lead in &mut leads {
        tx.execute(
            "INSERT INTO leads (id, email, email_key, created_at, opt_in_basis)
             VALUES (?1, ?2, ?2, ?3, ?4)",
            params![
                lead.id,
                format!("lead{}@example.co.jp", lead.id),
                seconds(lead.created, 9, 30),
                o.basis_recorded.then_some("form")
            ],
        )
        .unwrap();
        let event = |t: i64, kind: &str, detail: &str| {
            tx.execute(
                "INSERT OR IGNORE INTO lead_events (lead_id, at, kind, detail) VALUES (?1, ?2, ?3, ?4)",
                params![lead.id, t, kind, detail],
            )
            .unwrap();
        };
        for (i, &(day, subject)) in lead.mails.iter().enumerate() {
            if lead.unsubscribed {
                break;
            }
            let recent = lead.mails[..i]
                .iter()
                .filter(|(d, _)| (day - *d).num_days() < 7)
                .count() as i32;
            let age = (day - lead.created).num_days() as f64;
            let odds = lead.open
                * (1.0 + o.novelty * (-age / 14.0).exp())
                * (-o.drift_per_year * years(day)).exp()
                * o.fatigue.powi(recent);
            let sent = seconds(day, 10, 0);
            event(sent, "email_send", subject);
            if rng.random_bool(odds.min(0.95)) {
                let opened = sent + rng.random_range(60..36 * 3600);
                event(opened, "email_open", subject);
                if rng.random_bool(lead.click) {
                    event(opened + rng.random_range(10..600), "email_click", subject);
                }
            }
            if rng.random_bool((o.unsubscribe * (1.0 + f64::from(recent))).min(1.0)) {
                event(sent + rng.random_range(600..86_400), "unsubscribe", subject);
                lead.unsubscribed = true;
            }
        }
        if lead.unsubscribed {
            tx.execute("UPDATE leads SET opted_out = 1 WHERE id = ?1", [lead.id])
                .unwrap();
        }
        // Downloads on the lead's own: the one that made a new lead a lead, then each day at
        // its keenness × its novelty (on a stream of their own, so the mail draws stay as they
        // were).
        let created = seconds(lead.created, 9, 30);
        if lead.created >= o.start && organic.random_bool(o.created_by_download) {
            event(created, "document_download", "導入ガイド.pdf");
        }
        let keen = gamma(&mut organic, 2.0) / 2.0;
        let mut day = lead.created.max(o.start);
        while day < end {
            let age = (day - lead.created).num_days() as f64;
            let novelty = 1.0 + 6.0 * o.novelty * (-age / 14.0).exp();
            for _ in 0..poisson(&mut organic, o.downloads_per_day * keen * novelty) {
                let at = seconds(day, 9, 0) + organic.random_range(0..9 * 3600);
                event(at, "document_download", "導入ガイド.pdf");
            }
            day = day.succ_opt().unwrap();
        }
    }
    tx.commit().unwrap();
    ws
}
