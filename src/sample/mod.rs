//! Realistic Japanese B2B sample data, deterministic by seed.
//!
//! Each lead is drawn from its own ChaCha8 stream (stream = lead number) and each company from its own
//! (stream = 2⁶³ + company number), so the data does not depend on how many threads generate it.
//! Leads created in the window are sent the welcome template's three mails (by node id, as an MA
//! tool's activity log names them), so a forecast check of that scenario has a history to test on.
//! Leads carry a latent engagement (log-normal, mean 1) that drives every behaviour; some, more
//! often the engaged, senior and large, go through a buying cycle (pricing pages, documents, an
//! inquiry) within the history. A lead is handed off — most of the time — when its score by the
//! default scoring reaches the default MQL threshold, so a new workspace's scores, its recorded
//! hand-offs and a scenario handing off at that threshold agree; seniority and company size raise
//! the chance of a deal after it — the correlations the simulator will later fit. Email benchmarks follow the source article: B2B nurture mail opens ≈ 25 %,
//! clicks ≈ 3 %, unsubscribes ≈ 0.2 % per send.
//!
//! Generation runs in chunks: each chunk is drawn in parallel, then written in order, so memory stays
//! bounded and the result is identical at any thread count.

mod data;

use crate::ErrorKind;
use std::collections::HashSet;

use chrono::{Datelike, Days, NaiveDate, TimeZone, Timelike, Weekday};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use rayon::prelude::*;
use rusqlite::params;
use serde::Serialize;

use crate::import::values::jst;
use crate::lead::{ConsentBasis, EventKind, LeadRecord, match_key};
use crate::model::expr::DealStatus;
use crate::store::{self, StoreError, Workspace};
use data::*;

/// What to generate.
#[derive(Debug, Clone)]
pub struct SampleOptions {
    /// How many leads.
    pub count: usize,
    /// The seed; the same seed gives the same workspace.
    pub seed: u64,
    /// The last day of the behaviour history (Japan time).
    pub end: NaiveDate,
    /// How many days of behaviour history end on `end`.
    pub days: u32,
}

impl SampleOptions {
    /// 5,000 leads and 180 days of history ending on `end`.
    pub fn new(end: NaiveDate) -> Self {
        SampleOptions {
            count: 5_000,
            seed: 1,
            end,
            days: 180,
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleSummary {
    /// Leads written.
    pub leads: u64,
    /// Events written.
    pub events: u64,
    /// Deal status changes written.
    pub deal_changes: u64,
}

/// Why sample data could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    /// The workspace already has leads and `replace` was not given.
    #[error(
        "the workspace already has {0} leads; generate into an empty workspace or replace them"
    )]
    NotEmpty(i64),
    /// More leads or a longer history than a sample is for.
    #[error(
        "a sample has at most {MAX_SAMPLE_LEADS} leads and {MAX_SAMPLE_DAYS} days of history (asked: {count} leads, {days} days)"
    )]
    TooLarge {
        /// Leads asked for.
        count: usize,
        /// Days asked for.
        days: u32,
    },
    /// The workspace failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The most leads a sample has: ten times the million the benchmarks use.
pub const MAX_SAMPLE_LEADS: usize = 10_000_000;

/// The longest history a sample has: ten years.
pub const MAX_SAMPLE_DAYS: u32 = 3_660;

impl SampleError {
    /// A stable name for the kind of failure.
    pub fn kind(&self) -> crate::ErrorKind {
        ErrorKind::SampleFailed
    }

    /// The message in both languages.
    pub fn localized(&self) -> crate::Localized {
        match self {
            SampleError::NotEmpty(n) => crate::Localized::new(
                format!(
                    "ワークスペースには既に {n} 件のリードがあります。空のワークスペースを使うか、置き換えを選んでください"
                ),
                format!(
                    "the workspace already has {n} leads; use an empty workspace or choose to replace them"
                ),
            ),
            SampleError::TooLarge { count, days } => crate::Localized::new(
                format!(
                    "サンプルは最大 {MAX_SAMPLE_LEADS} 件、履歴は最長 {MAX_SAMPLE_DAYS} 日です（指定: {count} 件・{days} 日）"
                ),
                self.to_string(),
            ),
            SampleError::Store(e) => e.localized(),
        }
    }
}

impl From<rusqlite::Error> for SampleError {
    fn from(e: rusqlite::Error) -> Self {
        SampleError::Store(e.into())
    }
}

struct Event {
    kind: EventKind,
    at: i64,
    detail: String,
}

struct SampleLead {
    lead: LeadRecord,
    events: Vec<Event>,
    deals: Vec<(DealStatus, i64, &'static str)>,
}

/// The fixed dates of the window: mailings and webinars.
struct Calendar {
    start: i64,
    end: i64,
    newsletters: Vec<(i64, String)>,
    webinars: Vec<(i64, &'static str)>,
    /// The next webinar after the window (its start and title): planned, not yet held.
    upcoming: (NaiveDate, &'static str),
}

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;
const CHUNK: usize = 20_000;

impl Calendar {
    fn new(opts: &SampleOptions) -> Calendar {
        let at = |d: NaiveDate, h: u32| {
            jst()
                .from_local_datetime(&d.and_hms_opt(h, 0, 0).expect("valid"))
                .single()
                .expect("fixed offset")
                .timestamp()
        };
        let first_day = opts.end - Days::new(u64::from(opts.days.saturating_sub(1)));
        let start = at(first_day, 0);
        let end = at(opts.end, 0) + DAY;
        let mut newsletters = Vec::new();
        let mut webinars = Vec::new();
        let mut month =
            NaiveDate::from_ymd_opt(first_day.year(), first_day.month(), 1).expect("valid");
        let mut n = 0usize;
        let mut upcoming = None;
        while upcoming.is_none() {
            // The first Tuesday's newsletter at 10:00, the third Wednesday's webinar at 15:00.
            if let Some(tue) =
                NaiveDate::from_weekday_of_month_opt(month.year(), month.month(), Weekday::Tue, 1)
            {
                let t = at(tue, 10);
                if t >= start && t < end {
                    newsletters.push((t, format!("newsletter-{}", tue.format("%Y-%m"))));
                }
            }
            if let Some(wed) =
                NaiveDate::from_weekday_of_month_opt(month.year(), month.month(), Weekday::Wed, 3)
            {
                let t = at(wed, 15);
                if t >= start && t < end {
                    webinars.push((t, WEBINARS[n % WEBINARS.len()]));
                    n += 1;
                } else if t >= end {
                    upcoming = Some((wed, WEBINARS[n % WEBINARS.len()]));
                }
            }
            month = month
                .checked_add_months(chrono::Months::new(1))
                .expect("in range");
        }
        Calendar {
            start,
            end,
            newsletters,
            webinars,
            upcoming: upcoming.expect("a third Wednesday comes"),
        }
    }
}

fn rng_for(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

fn weighted<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut x = rng.random_range(0..total);
    for item in items {
        let w = weight(item);
        if x < w {
            return item;
        }
        x -= w;
    }
    unreachable!("x < total")
}

fn poisson(rng: &mut ChaCha8Rng, lambda: f64) -> u32 {
    let limit = (-lambda).exp();
    let mut k = 0;
    let mut p: f64 = rng.random();
    while p > limit && k < 200 {
        k += 1;
        p *= rng.random::<f64>();
    }
    k
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A moment in business hours on a random weekday between `from` and `to`.
fn business_time(rng: &mut ChaCha8Rng, from: i64, to: i64) -> i64 {
    let days = ((to - from) / DAY).max(1);
    for _ in 0..4 {
        let day = from - from.rem_euclid(DAY) + rng.random_range(0..days) * DAY;
        // `day` is a UTC midnight; shift to a JST working hour (09:00–19:59 JST = 00:00–10:59 UTC).
        let t = day + rng.random_range(0..11) * 3600 + rng.random_range(0..3600);
        let weekday = jst().timestamp_opt(t, 0).single().map(|d| d.weekday());
        if t >= from && t < to && !matches!(weekday, Some(Weekday::Sat | Weekday::Sun)) {
            return t;
        }
    }
    rng.random_range(from..to.max(from + 1))
}

struct Company {
    name: String,
    domain: String,
    industry: &'static str,
    employees: u32,
    prefecture: &'static str,
}

const PLACES: &[(&str, &str)] = &[
    ("", ""),
    ("東京", "tokyo"),
    ("大阪", "osaka"),
    ("名古屋", "nagoya"),
    ("横浜", "yokohama"),
    ("札幌", "sapporo"),
    ("福岡", "fukuoka"),
    ("神戸", "kobe"),
    ("京都", "kyoto"),
    ("仙台", "sendai"),
    ("広島", "hiroshima"),
    ("静岡", "shizuoka"),
    ("新潟", "niigata"),
    ("金沢", "kanazawa"),
    ("岡山", "okayama"),
    ("熊本", "kumamoto"),
    ("千葉", "chiba"),
    ("埼玉", "saitama"),
    ("浜松", "hamamatsu"),
    ("北九州", "kitakyushu"),
    ("那覇", "naha"),
];

/// The number of distinct company names the vocabularies make.
const COMPANY_NAMES: usize = 16 * 26 * 21;

fn company(seed: u64, j: usize) -> Company {
    let mut rng = rng_for(seed, (1 << 63) | j as u64);
    let (ending, ending_r) = COMPANY_ENDINGS[j % COMPANY_ENDINGS.len()];
    let (stem, stem_r) = COMPANY_STEMS[(j / COMPANY_ENDINGS.len()) % COMPANY_STEMS.len()];
    let (place, place_r) =
        PLACES[(j / (COMPANY_ENDINGS.len() * COMPANY_STEMS.len())) % PLACES.len()];
    let base = format!("{place}{stem}{ending}");
    let name = if rng.random_bool(0.6) {
        format!("株式会社{base}")
    } else {
        format!("{base}株式会社")
    };
    let domain = if place_r.is_empty() {
        format!("{stem_r}-{ending_r}.co.jp")
    } else {
        format!("{place_r}-{stem_r}-{ending_r}.co.jp")
    };
    let ((lo, hi), _) = *weighted(&mut rng, COMPANY_SIZES, |s| s.1);
    Company {
        name,
        domain,
        industry: weighted(&mut rng, INDUSTRIES, |i| i.1).0,
        employees: rng.random_range(lo..=hi),
        prefecture: weighted(&mut rng, PREFECTURES, |p| p.1).0,
    }
}

/// Seniority (job-level index 0 = 経営層 … 4 = 担当) and size factors on buying intent.
fn seniority_factor(level: usize) -> f64 {
    [1.4, 1.3, 1.15, 1.0, 0.9][level]
}

fn size_factor(employees: u32) -> f64 {
    match employees {
        0..=49 => 0.8,
        50..=299 => 1.0,
        300..=999 => 1.15,
        _ => 1.3,
    }
}

/// Whether `email` is at a free mail domain (which the welcome template's segment leaves out).
fn is_free_mail(email: &str) -> bool {
    let domain = email.rsplit_once('@').map_or("", |(_, d)| d);
    FREE_MAIL.iter().any(|(d, _)| *d == domain)
}

/// The welcome template's three mails (by node id), each with its days after the previous one,
/// its open and its click probability for a lead of average engagement.
const WELCOME: [(&str, i64, f64, f64); 3] = [
    ("mail_intro", 0, 0.50, 0.055),
    ("mail_tips", 3, 0.40, 0.044),
    ("mail_survey", 4, 0.34, 0.038),
];

/// The first moment at or after `t` inside the welcome template's send window: weekdays that are
/// not public holidays, 09:00–18:00 in Japan.
fn in_send_window(t: i64) -> i64 {
    let local = jst().timestamp_opt(t, 0).single().expect("fixed offset");
    let hour = i64::from(local.hour());
    let midnight = t - hour * 3600 - i64::from(local.minute()) * 60 - i64::from(local.second());
    let working = |t: i64| {
        let day = jst().timestamp_opt(t, 0).single().expect("fixed offset");
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
            && crate::simulate::calendar::Holidays::japan()
                .name(day.date_naive())
                .is_none()
    };
    if working(t) && (9..18).contains(&hour) {
        return t;
    }
    let mut day = if hour < 9 { midnight } else { midnight + DAY };
    while !working(day) {
        day += DAY;
    }
    day + 9 * 3600
}

/// Lead `i`'s welcome series from its creation at `created`, with no send at or after `stop`:
/// sends, opens, clicks (with the page each click opens) and an unsubscribe, drawn from a stream
/// of their own so the lead's other behaviour does not depend on them. Returns the events and
/// when the lead unsubscribed, if it did.
fn welcome_series(
    opts: &SampleOptions,
    cal: &Calendar,
    i: usize,
    (created, stop): (i64, i64),
    engagement: f64,
) -> (Vec<Event>, Option<i64>) {
    const STREAM: u64 = 0x5745_4c43_4f4d_4500;
    let mut rng = rng_for(opts.seed ^ STREAM, i as u64);
    let mut events = Vec::new();
    let mut t = created + rng.random_range(60..600);
    for (node, days_after, open, click) in WELCOME {
        t = in_send_window(t + days_after * DAY);
        if t >= cal.end.min(stop) {
            break;
        }
        let detail = node.to_owned();
        events.push(Event {
            kind: EventKind::EmailSend,
            at: t,
            detail: detail.clone(),
        });
        if rng.random_bool((open * engagement.powf(0.8)).min(0.95)) {
            let opened = t + (rng.random::<f64>().powi(3) * 72.0 * 3600.0) as i64 + 60;
            events.push(Event {
                kind: EventKind::EmailOpen,
                at: opened,
                detail: detail.clone(),
            });
            if rng.random_bool((click / open * engagement.powf(0.5)).min(0.9)) {
                let clicked = opened + rng.random_range(20..600);
                events.push(Event {
                    kind: EventKind::EmailClick,
                    at: clicked,
                    detail: detail.clone(),
                });
                events.push(Event {
                    kind: EventKind::PageView,
                    at: clicked + 5,
                    detail: weighted(&mut rng, PAGES, |p| p.1).0.to_owned(),
                });
            }
        }
        if rng.random_bool(0.004) {
            let at = t + rng.random_range(600..86_400);
            events.push(Event {
                kind: EventKind::Unsubscribe,
                at,
                detail,
            });
            return (events, Some(at));
        }
    }
    (events, None)
}

/// The share of leads reaching the MQL threshold that sales takes (the rest it leaves, unworked,
/// as a real sales team leaves some).
const HANDED_OFF_SHARE: f64 = 0.85;

/// The events of lead `i`'s buying cycles in the history from `active_from`, on its own random
/// stream so the rest of the lead's draws do not change with them. Cycles begin at a steady
/// hazard over the lead's time (so the history's activity is as steady as its leads), higher with
/// intent (engagement, seniority, company size): about one lead in eight has one in 180 days. A
/// cycle lasts one to five weeks and holds pricing-page views, one or more document downloads,
/// other pages and, mostly, an inquiry or a demo request.
fn buying_cycle(
    opts: &SampleOptions,
    cal: &Calendar,
    i: usize,
    active_from: i64,
    intent: f64,
) -> Vec<Event> {
    const STREAM: u64 = 0x4255_5949_4e47_0000;
    let mut rng = rng_for(opts.seed ^ STREAM, i as u64);
    let per_day = 0.12 * intent.powf(0.7) / 180.0;
    let mut events = Vec::new();
    let mut start = active_from as f64;
    loop {
        let u: f64 = rng.random_range(f64::EPSILON..1.0);
        start += -u.ln() / per_day * DAY as f64;
        if start >= cal.end as f64 {
            return events;
        }
        let from = start as i64;
        let to = from + rng.random_range(7 * DAY..35 * DAY);
        let mut at = |rng: &mut ChaCha8Rng, kind: EventKind, detail: &str| {
            events.push(Event {
                kind,
                at: business_time(rng, from, to),
                detail: detail.to_owned(),
            });
        };
        for _ in 0..1 + poisson(&mut rng, 2.0) {
            at(&mut rng, EventKind::PageView, "/pricing");
        }
        for _ in 0..1 + poisson(&mut rng, 0.8) {
            let doc = weighted(&mut rng, DOCUMENTS, |d| d.1).0;
            at(&mut rng, EventKind::DocumentDownload, doc);
        }
        for _ in 0..poisson(&mut rng, 1.5) {
            let page = weighted(&mut rng, PAGES, |p| p.1).0;
            at(&mut rng, EventKind::PageView, page);
        }
        if rng.random_bool(0.7) {
            let form = weighted(&mut rng, FORMS, |f| f.1).0;
            at(&mut rng, EventKind::FormSubmit, form);
        }
        if rng.random_bool(0.3) {
            at(&mut rng, EventKind::FormSubmit, "デモ依頼");
        }
    }
}

fn sample_lead(opts: &SampleOptions, cal: &Calendar, companies: usize, i: usize) -> SampleLead {
    let mut rng = rng_for(opts.seed, i as u64);
    // Larger shares of leads at the first companies, as in real databases.
    let j = ((companies as f64) * rng.random::<f64>().powf(1.6)) as usize % companies;
    let co = company(opts.seed, j);
    let (surname, surname_r, _) = *weighted(&mut rng, SURNAMES, |s| s.2);
    let (given, given_r, _) = *weighted(&mut rng, GIVEN_NAMES, |g| g.2);
    let level = {
        let total: u32 = TITLES.iter().map(|t| t.0).sum();
        let mut x = rng.random_range(0..total);
        TITLES
            .iter()
            .position(|(w, _)| {
                if x < *w {
                    true
                } else {
                    x -= w;
                    false
                }
            })
            .expect("x < total")
    };
    let title = weighted(&mut rng, TITLES[level].1, |t| t.1).0;
    let department = weighted(&mut rng, DEPARTMENTS, |d| d.1).0;
    let local = match rng.random_range(0..4) {
        0 | 1 => format!("{given_r}.{surname_r}"),
        2 => format!("{}{surname_r}", &given_r[..1]),
        _ => format!("{surname_r}.{given_r}"),
    };
    let email = if rng.random_bool(0.06) {
        let domain = weighted(&mut rng, FREE_MAIL, |f| f.1).0;
        format!("{local}{}@{domain}", rng.random_range(10..9999))
    } else {
        format!("{local}@{}", co.domain)
    };
    let source = weighted(&mut rng, LEAD_SOURCES, |s| s.1).0;
    let basis = match source {
        "展示会" | "名刺交換" => Some(ConsentBasis::BusinessCard),
        "既存顧客紹介" => Some(ConsentBasis::ExistingRelationship),
        _ => Some(ConsentBasis::Form),
    };
    // 2 % of leads have no recorded basis: what the diagnosis's 特定電子メール法 check looks for.
    let basis = if rng.random_bool(0.02) { None } else { basis };
    let created_at = if rng.random_bool(0.3) {
        cal.start - rng.random_range(DAY..730 * DAY)
    } else {
        business_time(&mut rng, cal.start, cal.end)
    };

    let engagement = (0.8 * normal(&mut rng) - 0.32).exp();
    let intent_base = engagement * seniority_factor(level) * size_factor(co.employees);
    let active_from = created_at.max(cal.start);
    let active_days = ((cal.end - active_from) as f64 / DAY as f64).max(0.0);
    let mut events = Vec::new();
    // A lead with a basis for mailing and a company address, created in the window, is sent the
    // welcome series; an unsubscribe there ends every later mailing.
    let welcomed = basis.is_some() && created_at >= cal.start && !is_free_mail(&email);
    let welcome =
        |stop| welcomed.then(|| welcome_series(opts, cal, i, (created_at, stop), engagement));
    let (mut welcome_events, unsubscribed_at) = welcome(i64::MAX).unwrap_or_default();
    let mut opted_out = false;

    // The monthly newsletter goes to 60 % of the leads that exist, have opted in and not out.
    for (t, id) in &cal.newsletters {
        opted_out |= unsubscribed_at.is_some_and(|u| u <= *t);
        if *t < created_at || opted_out || basis.is_none() || !rng.random_bool(0.6) {
            continue;
        }
        events.push(Event {
            kind: EventKind::EmailSend,
            at: *t,
            detail: id.clone(),
        });
        if rng.random_bool((0.25 * engagement.powf(0.8)).min(0.95)) {
            let opened = t + (rng.random::<f64>().powi(2) * 48.0 * 3600.0) as i64 + 60;
            events.push(Event {
                kind: EventKind::EmailOpen,
                at: opened,
                detail: id.clone(),
            });
            if rng.random_bool((0.12 * engagement.powf(0.5)).min(0.9)) {
                let clicked = opened + rng.random_range(20..900);
                events.push(Event {
                    kind: EventKind::EmailClick,
                    at: clicked,
                    detail: id.clone(),
                });
                let page = weighted(&mut rng, PAGES, |p| p.1).0;
                events.push(Event {
                    kind: EventKind::PageView,
                    at: clicked + 5,
                    detail: page.to_owned(),
                });
            }
        }
        if rng.random_bool(0.002) {
            events.push(Event {
                kind: EventKind::Unsubscribe,
                at: t + rng.random_range(600..86_400),
                detail: id.clone(),
            });
            opted_out = true;
            // The welcome series ends with it too (drawn again up to it: the same draws).
            if let Some((cut, _)) = welcome(*t) {
                welcome_events = cut;
            }
        }
    }
    opted_out |= unsubscribed_at.is_some();
    events.append(&mut welcome_events);
    for _ in 0..poisson(&mut rng, 0.007 * active_days * engagement) {
        let pricing =
            rng.random_bool((0.08 * seniority_factor(level) * size_factor(co.employees)).min(0.5));
        let page = if pricing {
            "/pricing"
        } else {
            weighted(&mut rng, PAGES, |p| p.1).0
        };
        events.push(Event {
            kind: EventKind::PageView,
            at: business_time(&mut rng, active_from, cal.end),
            detail: page.to_owned(),
        });
    }
    let downloads = poisson(&mut rng, 0.0015 * active_days * engagement);
    for _ in 0..downloads {
        let doc = weighted(&mut rng, DOCUMENTS, |d| d.1).0;
        events.push(Event {
            kind: EventKind::DocumentDownload,
            at: business_time(&mut rng, active_from, cal.end),
            detail: doc.to_owned(),
        });
    }
    for (t, title) in &cal.webinars {
        let registered = t - rng.random_range(3 * DAY..14 * DAY);
        if registered < active_from || !rng.random_bool((0.025 * engagement).min(0.5)) {
            continue;
        }
        events.push(Event {
            kind: EventKind::WebinarRegistration,
            at: registered,
            detail: (*title).to_owned(),
        });
        if rng.random_bool(0.55) {
            events.push(Event {
                kind: EventKind::WebinarAttendance,
                at: *t,
                detail: (*title).to_owned(),
            });
        }
    }
    let forms = poisson(&mut rng, 0.0006 * active_days * intent_base);
    for _ in 0..forms {
        let form = weighted(&mut rng, FORMS, |f| f.1).0;
        events.push(Event {
            kind: EventKind::FormSubmit,
            at: business_time(&mut rng, active_from, cal.end),
            detail: form.to_owned(),
        });
    }
    // Some leads are in a buying cycle during the history: a few weeks of pricing pages,
    // documents and an inquiry. What makes most MQLs, as in a real database.
    if !opted_out {
        events.extend(buying_cycle(opts, cal, i, active_from, intent_base));
    }
    events.retain(|e| e.at < cal.end);
    events.sort_by(|a, b| (a.at, a.kind, &a.detail).cmp(&(b.at, b.kind, &b.detail)));
    events.dedup_by(|a, b| a.at == b.at && a.kind == b.kind && a.detail == b.detail);

    // Hand-off and the sales process: sales takes most leads when their score, by the workspace's
    // default scoring, reaches the MQL threshold — so the recorded hand-offs follow from the
    // scores a new workspace shows, and a scenario handing off at that threshold forecasts them.
    let mut deals = Vec::new();
    let mut lead_status = "新規";
    let mut sfa_id = None;
    let scoring = crate::scoring::ScoringModel::default();
    let fit = scoring.fit(
        crate::lead::job_level_of(title),
        Some(crate::lead::EmployeeBand::of_count(u64::from(co.employees))),
        co.industry,
    );
    let mut score = crate::scoring::ScoreState::new(&scoring, fit);
    let crossed = events.iter().find_map(|e| {
        let minute = e.at.div_euclid(60);
        score.add(e.kind, &e.detail, minute);
        score.is_mql_at(minute).then_some(e.at)
    });
    let taken = crossed.map(|at| (at, rng.random_bool(HANDED_OFF_SHARE)));
    if let Some((crossed, true)) = taken
        && crossed + HOUR < cal.end
    {
        // Handed over within a working day or two of reaching the threshold.
        let mut t = (crossed + rng.random_range(HOUR..2 * DAY)).min(cal.end - 1);
        deals.push((DealStatus::Unworked, t, "未対応"));
        lead_status = "MQL";
        sfa_id = Some(format!("00Q{:09}", i + 1));
        t += rng.random_range(DAY..5 * DAY);
        if t < cal.end && rng.random_bool(0.9) {
            deals.push((DealStatus::Working, t, "対応中"));
            t += rng.random_range(7 * DAY..30 * DAY);
            let opportunity_p =
                (0.35 * seniority_factor(level) * size_factor(co.employees)).min(0.8);
            if t < cal.end {
                if rng.random_bool(opportunity_p) {
                    deals.push((DealStatus::Opportunity, t, "商談化"));
                    lead_status = "SQL";
                    t += rng.random_range(30 * DAY..90 * DAY);
                    if t < cal.end {
                        if rng.random_bool(0.35) {
                            deals.push((DealStatus::Won, t, "受注"));
                            lead_status = "顧客";
                        } else {
                            deals.push((DealStatus::Lost, t, "失注"));
                        }
                    }
                } else {
                    deals.push((DealStatus::Recycled, t, "ナーチャリング戻し"));
                    lead_status = "ナーチャリング";
                }
            }
        }
    }

    let lead = LeadRecord {
        external_id: Some(format!("LEAD-{:07}", i + 1)),
        sfa_id,
        email,
        last_name: surname.to_owned(),
        first_name: given.to_owned(),
        company: co.name,
        department: department.to_owned(),
        title: title.to_owned(),
        employees: co.employees.to_string(),
        industry: co.industry.to_owned(),
        prefecture: co.prefecture.to_owned(),
        lead_source: source.to_owned(),
        lead_status: lead_status.to_owned(),
        created_at: Some(created_at),
        opt_in_basis: basis,
        opted_out,
        score: None,
        custom: Default::default(),
    };
    SampleLead {
        lead,
        events,
        deals,
    }
}

/// Generates `opts.count` leads with their history into `ws`, in one transaction. Refuses a workspace
/// that has leads unless `replace`, which deletes them first. `progress(done, total)` follows the leads.
pub fn generate_into(
    ws: &mut Workspace,
    opts: &SampleOptions,
    replace: bool,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<SampleSummary, SampleError> {
    if opts.count > MAX_SAMPLE_LEADS || opts.days > MAX_SAMPLE_DAYS {
        return Err(SampleError::TooLarge {
            count: opts.count,
            days: opts.days,
        });
    }
    let existing: i64 = ws
        .conn()
        .query_row("SELECT COUNT(*) FROM leads", [], |r| r.get(0))?;
    if existing > 0 && !replace {
        return Err(SampleError::NotEmpty(existing));
    }
    ws.with_rollback_journal(|ws| write_sample(ws, opts, progress))
}

fn write_sample(
    ws: &mut Workspace,
    opts: &SampleOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<SampleSummary, SampleError> {
    let cal = Calendar::new(opts);
    let companies = (opts.count / 4).clamp(10, COMPANY_NAMES);
    let tx = ws.transaction()?;
    store::clear_leads(&tx)?;
    store::drop_indexes(&tx, store::LEAD_INDEXES)?;
    let mut summary = SampleSummary {
        leads: 0,
        events: 0,
        deal_changes: 0,
    };
    let mut emails: HashSet<String, foldhash::fast::FixedState> =
        HashSet::with_capacity_and_hasher(opts.count, foldhash::fast::FixedState::default());
    {
        let mut insert_lead = tx.prepare(
            "INSERT INTO leads (external_id, sfa_id, email, email_key, last_name, first_name, company,
                department, title, job_level, employees, employee_band, industry, prefecture,
                lead_source, lead_status, created_at, opt_in_basis, opted_out)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        )?;
        let mut insert_event = tx.prepare(
            "INSERT INTO lead_events (lead_id, kind, at, detail) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut insert_deal = tx.prepare(
            "INSERT INTO deal_status_history (lead_id, status, sfa_value, changed_at) VALUES (?1, ?2, ?3, ?4)",
        )?;
        // Drawing the next chunk (on rayon's threads) overlaps with writing this one.
        let (chunks_tx, chunks_rx) = std::sync::mpsc::sync_channel::<(usize, Vec<SampleLead>)>(1);
        std::thread::scope(|scope| -> Result<(), SampleError> {
            let cal = &cal;
            scope.spawn(move || {
                for chunk_start in (0..opts.count).step_by(CHUNK) {
                    let chunk_end = (chunk_start + CHUNK).min(opts.count);
                    let leads: Vec<SampleLead> = (chunk_start..chunk_end)
                        .into_par_iter()
                        .map(|i| sample_lead(opts, cal, companies, i))
                        .collect();
                    if chunks_tx.send((chunk_end, leads)).is_err() {
                        return; // The writer stopped; it reports why.
                    }
                }
            });
            for (chunk_end, leads) in chunks_rx {
                for mut s in leads {
                    // Two people with the same name at one company: number the later address.
                    let mut key = match_key(&s.lead.email);
                    let mut n = 2;
                    while emails.contains(&key) {
                        let (local, domain) =
                            s.lead.email.split_once('@').expect("generated with @");
                        let base = local.trim_end_matches(|c: char| c.is_ascii_digit());
                        s.lead.email = format!("{base}{n}@{domain}");
                        key = match_key(&s.lead.email);
                        n += 1;
                    }
                    let l = &s.lead;
                    insert_lead.execute(params![
                        l.external_id,
                        l.sfa_id,
                        l.email,
                        key,
                        l.last_name,
                        l.first_name,
                        l.company,
                        l.department,
                        l.title,
                        crate::lead::job_level_of(&l.title).map(|j| j.code()),
                        l.employees,
                        crate::lead::employee_band_of(&l.employees).map(|b| b.code()),
                        l.industry,
                        l.prefecture,
                        l.lead_source,
                        l.lead_status,
                        l.created_at,
                        l.opt_in_basis.map(|b| b.code()),
                        l.opted_out,
                    ])?;
                    emails.insert(key);
                    let id = tx.last_insert_rowid();
                    for e in &s.events {
                        insert_event.execute(params![id, e.kind.code(), e.at, e.detail])?;
                    }
                    for (status, at, sfa_value) in &s.deals {
                        insert_deal.execute(params![id, status.code(), sfa_value, at])?;
                    }
                    summary.leads += 1;
                    summary.events += s.events.len() as u64;
                    summary.deal_changes += s.deals.len() as u64;
                }
                progress(chunk_end as u64, opts.count as u64);
            }
            Ok(())
        })?;
    }
    store::create_indexes(&tx, store::LEAD_INDEXES)?;
    // The sample's next webinar is planned, as a marketer's calendar would have it, unless the
    // workspace plans webinars of its own.
    use crate::simulate::webinars::{CampaignCalendar, PlannedWebinar};
    let mut campaigns: CampaignCalendar = store::documents::load(&tx, store::documents::CAMPAIGNS)?;
    if campaigns.webinars.is_empty() {
        let (day, title) = cal.upcoming;
        campaigns.webinars.push(PlannedWebinar {
            // Titles come round again: the showing is named by its month as well.
            name: format!("{title}（{}月）", day.month()),
            starts_at: format!("{}T15:00", day.format("%Y-%m-%d")),
            expected_registrants: None,
            attendance_rate: None,
            registration_days: 14,
        });
        store::documents::save(&tx, store::documents::CAMPAIGNS, &campaigns)?;
    }
    tx.commit().map_err(StoreError::from)?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendar_has_monthly_mailings_and_webinars() {
        let opts = SampleOptions::new(NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
        let cal = Calendar::new(&opts);
        assert_eq!(cal.end - cal.start, 180 * DAY);
        assert!(
            (5..=7).contains(&cal.newsletters.len()),
            "{}",
            cal.newsletters.len()
        );
        assert!((5..=7).contains(&cal.webinars.len()));
        for (t, _) in &cal.newsletters {
            let d = jst().timestamp_opt(*t, 0).unwrap();
            assert_eq!((d.weekday(), d.hour()), (Weekday::Tue, 10));
        }
    }

    use chrono::Timelike;

    #[test]
    fn business_times_fall_on_weekdays_in_the_window() {
        let mut rng = rng_for(7, 0);
        let (from, to) = (1_700_000_000, 1_700_000_000 + 30 * DAY);
        for _ in 0..1000 {
            let t = business_time(&mut rng, from, to);
            assert!((from..to).contains(&t));
        }
    }
}
