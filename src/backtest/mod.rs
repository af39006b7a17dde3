//! Back-tests (issue 20): how well the forecast made at a cut-off day, from only what the
//! workspace had recorded before it, matches what the workspace recorded in the days after it.
//!
//! The forecast runs unchanged on a copy of the workspace as it stood at the cut-off
//! ([`snapshot`]), so every model is fitted by the code that fits it for a real forecast and none
//! can see past the cut-off; what happened is read from the workspace itself ([`actuals`]), where
//! recorded mails are tied to the scenarios' mails by node id, subject or title; [`compare`] sets
//! the two side by side with a naive baseline.

pub mod actuals;
pub mod compare;
pub mod snapshot;

use crate::ErrorKind;
use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use serde::Serialize;

use crate::Localized;
use crate::scenario::Scenario;
use crate::simulate::calendar::jst_minute;
use crate::simulate::forecast::Forecast;
use crate::simulate::setup::WorkspaceModels;
use crate::store::{StoreError, Workspace};

pub use actuals::{MailMeasure, Recorded, RecordedPeriod, Ties};
pub use compare::{Figure, Measure, Scope, Summary};

/// What a back-test forecasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BacktestOptions {
    /// The first day of the forecast (Japan time): the fits see only what was recorded before it.
    pub cutoff: NaiveDate,
    /// How many days the forecast covers.
    pub days: u32,
    /// Monte Carlo runs.
    pub runs: u32,
    /// The first run's seed.
    pub seed: u64,
}

/// A back-test's result.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Backtest {
    /// The first day forecast (YYYY-MM-DD, Japan time).
    #[schemars(with = "String")]
    pub cutoff: NaiveDate,
    /// Days forecast.
    pub days: u32,
    /// Monte Carlo runs.
    pub runs: u32,
    /// The first run's seed.
    pub seed: u64,
    /// The recorded days of the workspace: the first and the last with an event.
    pub recorded: RecordedDays,
    /// Leads that existed at the cut-off (what the forecast started from).
    pub leads_at_cutoff: u64,
    /// Every figure compared.
    pub figures: Vec<Figure>,
    /// How many held.
    pub summary: Summary,
    /// Recorded mails tied to no scenario mail (or to several), with how many leads were sent
    /// each in the window: their sends are in no figure.
    pub untied: Vec<UntiedMail>,
    /// The scenarios' mails no recorded mail is tied to: they have no figures.
    pub mails_without_history: Vec<MailWithoutHistory>,
    /// Values the scenarios write that leads have only from the scenarios' run in the window,
    /// taken back as of the cut-off (`snapshot::unwrite`): the export carries each field as it
    /// stood on its own day.
    pub taken_back: Vec<TakenBack>,
}

/// A value a scenario writes that some leads had only from its run in the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TakenBack {
    /// The scenario.
    pub scenario: String,
    /// Its update-field node.
    pub node: String,
    /// The value it writes.
    pub value: String,
    /// Leads whose field was emptied in the copy as of the cut-off.
    pub leads: u64,
}

impl TakenBack {
    /// What the CLI table and the HTML report head their list of these with.
    pub fn heading() -> Localized {
        Localized::new(
            "期間中にシナリオが書き込んだため基準日時点の状態に戻した値（リード数）",
            "Values the scenarios wrote in the window, taken back as of the cut-off (leads)",
        )
    }

    /// One line of that list: `scenario/node = value (leads)`.
    pub fn line(&self) -> String {
        format!(
            "{}/{} = {} ({})",
            self.scenario, self.node, self.value, self.leads
        )
    }
}

/// The first and the last day (Japan time) with a recorded event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RecordedDays {
    /// The first (YYYY-MM-DD).
    #[schemars(with = "String")]
    pub first: NaiveDate,
    /// The last (YYYY-MM-DD).
    #[schemars(with = "String")]
    pub last: NaiveDate,
}

/// A recorded mail that no scenario mail is tied to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct UntiedMail {
    /// The event detail that names it (a node id, subject or title).
    pub detail: String,
    /// Leads sent it in the window.
    pub sent: u64,
}

/// A scenario's mail that no recorded mail is tied to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct MailWithoutHistory {
    /// The scenario.
    pub scenario: String,
    /// Its send-email node.
    pub node: String,
}

/// Why a back-test could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BacktestError {
    /// The workspace could not be read, or the copy as of the cut-off not written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The workspace has no recorded event to forecast from or compare with.
    #[error("the workspace has no recorded events to back-test against")]
    NoHistory,
    /// The cut-off leaves no recorded day before it, or none after it.
    #[error(
        "the cut-off {cutoff} must be after the first recorded day ({first}) and no later than the last ({last})"
    )]
    CutoffOutside {
        /// The cut-off asked for.
        cutoff: NaiveDate,
        /// The first recorded day.
        first: NaiveDate,
        /// The last recorded day.
        last: NaiveDate,
    },
    /// The forecast window reaches past the recorded history, where nothing can be compared.
    #[error(
        "the {days} days from {cutoff} reach past the last recorded day ({last}): choose fewer days or an earlier cut-off"
    )]
    WindowPastHistory {
        /// The cut-off.
        cutoff: NaiveDate,
        /// The days asked for.
        days: u32,
        /// The last recorded day.
        last: NaiveDate,
    },
}

impl BacktestError {
    /// A stable name for the kind of failure: the back-test was refused.
    pub fn kind(&self) -> crate::ErrorKind {
        ErrorKind::BacktestRefused
    }

    /// The message in Japanese and English.
    pub fn localized(&self) -> Localized {
        match self {
            BacktestError::Store(e) => e.localized(),
            BacktestError::NoHistory => Localized::new(
                "ワークスペースに行動履歴がないため、予測を検証できません",
                self.to_string(),
            ),
            BacktestError::CutoffOutside {
                cutoff,
                first,
                last,
            } => Localized::new(
                format!(
                    "検証の基準日 {cutoff} は、記録のある最初の日（{first}）より後で、最後の日（{last}）以前にしてください"
                ),
                self.to_string(),
            ),
            BacktestError::WindowPastHistory { cutoff, days, last } => Localized::new(
                format!(
                    "{cutoff} からの {days} 日間は、記録のある最後の日（{last}）を越えます。日数を減らすか、基準日を早めてください"
                ),
                self.to_string(),
            ),
        }
    }
}

/// Back-tests at several cut-offs (rolling-origin), with what held over all of them.
#[derive(Debug, Clone, Serialize)]
pub struct Rolling {
    /// Each cut-off's back-test, in the order given.
    pub backtests: Vec<Backtest>,
    /// Over every figure of every cut-off.
    pub summary: Summary,
    /// Per measure, over every figure of every cut-off.
    pub measures: Vec<MeasureSummary>,
}

/// How one measure held over a rolling back-test.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureSummary {
    /// The measure.
    pub measure: Measure,
    /// Its figures' count, in band and against the baseline.
    pub summary: Summary,
    /// The median of its figures' absolute errors, in percent (`None` without any).
    pub median_abs_error_pct: Option<f64>,
}

/// Back-tests of `days` at each of `cutoffs` (see [`run`]), each cut-off once.
pub fn rolling(
    ws: &Workspace,
    scenarios: &[Scenario],
    cutoffs: &[NaiveDate],
    (days, runs, seed): (u32, u32, u64),
    progress: &mut dyn FnMut(usize),
) -> Result<Rolling, BacktestError> {
    // Each cut-off once, in the order given: a repeated one is the same check again, and
    // would count twice in the summary.
    let mut seen = std::collections::BTreeSet::new();
    let backtests = (cutoffs.iter())
        .filter(|&&cutoff| seen.insert(cutoff))
        .map(|&cutoff| {
            let options = BacktestOptions {
                cutoff,
                days,
                runs,
                seed,
            };
            run(ws, scenarios, &options, progress)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let all = || backtests.iter().flat_map(|b| &b.figures);
    let measures = Measure::reported()
        .map(|measure| {
            let figures = || all().filter(move |f| f.measure == measure);
            let mut errors: Vec<f64> = figures()
                .filter_map(|f| f.error_pct)
                .map(f64::abs)
                .collect();
            errors.sort_by(f64::total_cmp);
            MeasureSummary {
                measure,
                summary: Summary::of(figures()),
                median_abs_error_pct: errors.get(errors.len() / 2).copied(),
            }
        })
        .collect();
    Ok(Rolling {
        summary: Summary::of(all()),
        backtests,
        measures,
    })
}

/// Cut-offs every `every` days for windows of `days`, latest first: the last window ends on the
/// last recorded day, and each cut-off leaves at least `every` days of history before it (at most
/// twelve).
pub fn cutoffs_every(
    ws: &Workspace,
    every: u32,
    days: u32,
) -> Result<Vec<NaiveDate>, BacktestError> {
    let (first, last) = recorded_days(ws)?;
    let mut cutoffs = Vec::new();
    let mut cutoff = cutoff_ending_on(last, days);
    while cutoff > first + chrono::Days::new(u64::from(every)) && cutoffs.len() < 12 {
        cutoffs.push(cutoff);
        cutoff = cutoff - chrono::Days::new(u64::from(every.max(1)));
    }
    if cutoffs.is_empty() {
        return Err(BacktestError::CutoffOutside {
            cutoff,
            first,
            last,
        });
    }
    Ok(cutoffs)
}

/// The first and last recorded days (Japan time).
fn recorded_days(ws: &Workspace) -> Result<(NaiveDate, NaiveDate), BacktestError> {
    let (first, last): (Option<i64>, Option<i64>) = ws
        .conn()
        .query_row("SELECT min(at), max(at) FROM lead_events", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(StoreError::from)?;
    match (first, last) {
        (Some(first), Some(last)) => Ok((day_of(first), day_of(last))),
        _ => Err(BacktestError::NoHistory),
    }
}

/// The day (Japan time) of a Unix time in seconds.
fn day_of(seconds: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(seconds + 9 * 3600, 0)
        .expect("a stored time is within chrono's range")
        .date_naive()
}

/// Forecasts `scenarios` from `options.cutoff` as the workspace would have that day, and sets
/// the forecast against what it recorded then. `progress` is told how many leads each finished
/// chunk of the forecast held.
pub fn run(
    ws: &Workspace,
    scenarios: &[Scenario],
    options: &BacktestOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Backtest, BacktestError> {
    let never = AtomicBool::new(false);
    Ok(run_until(ws, scenarios, options, progress, &never)?.expect("never stopped"))
}

/// The latest cut-off whose `days`-day window ends on the last recorded day.
pub fn latest_cutoff(ws: &Workspace, days: u32) -> Result<NaiveDate, BacktestError> {
    let (_, last) = recorded_days(ws)?;
    Ok(cutoff_ending_on(last, days))
}

/// The cut-off whose `days`-day window ends on `last`.
fn cutoff_ending_on(last: NaiveDate, days: u32) -> NaiveDate {
    last + chrono::Days::new(1) - chrono::Days::new(u64::from(days))
}

/// [`run`], given up (`Ok(None)`) once `stop` is set.
pub fn run_until(
    ws: &Workspace,
    scenarios: &[Scenario],
    options: &BacktestOptions,
    progress: &mut dyn FnMut(usize),
    stop: &AtomicBool,
) -> Result<Option<Backtest>, BacktestError> {
    let conn = ws.conn();
    let (first, last) = recorded_days(ws)?;
    let cutoff = options.cutoff;
    if cutoff <= first || cutoff > last {
        return Err(BacktestError::CutoffOutside {
            cutoff,
            first,
            last,
        });
    }
    let end = cutoff + chrono::Days::new(u64::from(options.days));
    if end > last + chrono::Days::new(1) {
        return Err(BacktestError::WindowPastHistory {
            cutoff,
            days: options.days,
            last,
        });
    }
    let from = jst_minute(cutoff, 0, 0);
    let to = jst_minute(end, 0, 0);
    let span = (to - from) * 60;

    // The copy as of the cut-off is written on one core; what was recorded around the cut-off is
    // read meanwhile on the other, on a read-only connection of its own (a million leads: the
    // back-test took 13–14 s with the two one after the other).
    // (A workspace in a read-only place is read as it stands there too.)
    let path = if crate::store::is_read_only(ws.conn()) {
        crate::store::immutable_uri(ws.path()).ok_or(StoreError::NotWritable)?
    } else {
        ws.path().to_string_lossy().into_owned()
    };
    let (snapshot, recorded) = std::thread::scope(|scope| {
        let reading = scope.spawn(|| {
            let reader = crate::simulate::history::open_reader(&path)?;
            let scoring = crate::simulate::parameters::SimulationSettings::load(&reader)?.scoring;
            Recorded::read(&reader, &scoring, from * 60, span)
        });
        let snapshot = snapshot::as_of(ws, from * 60);
        let recorded = reading
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (snapshot, recorded)
    });
    let (snapshot, Recorded { window, before }) = (snapshot?, recorded?);
    // The workspace's own page cache, filled by the copy's reads, is not wanted while the
    // forecast reads the copy (it would sit on top of the forecast's peak).
    conn.execute_batch("PRAGMA shrink_memory")
        .map_err(StoreError::from)?;
    let then = snapshot.workspace().conn();
    let taken_back = take_back_written(then, conn, scenarios, (&window, &before), (from, to))?;
    let leads_at_cutoff: i64 = then
        .query_row("SELECT count(*) FROM leads", [], |r| r.get(0))
        .map_err(StoreError::from)?;
    let models = WorkspaceModels::load(then)?;
    let models_now = models.models();
    let forecast = Forecast::new(&models_now, scenarios, (from, to))
        .seed(options.seed)
        .runs(options.runs);
    let Some(runs) = forecast.run_until(then, progress, stop)? else {
        return Ok(None);
    };

    // The mails sent up to the window's end: those the fit saw (the history before the cut-off)
    // and those of the two periods read (no further scan of the events).
    let sent: std::collections::BTreeSet<&String> = (models.response.mails.iter())
        .filter(|(_, m)| m.total.counts[0] > 0)
        .map(|(detail, _)| detail)
        .chain(window.mails.keys())
        .chain(before.mails.keys())
        .collect();
    // Tied by hand as the forecast ties them: the settings copied with the snapshot.
    let ties = Ties::find(scenarios, &models.response.settings.mail_ties, sent);
    let mut figures = compare::figures(scenarios, &runs, &ties, (&window, &before), options.days);
    // New leads: each run's arrivals (the ones the forecast simulated) against the leads created.
    let created = |from: i64, to: i64| -> Result<f64, StoreError> {
        Ok(conn.query_row(
            "SELECT count(*) FROM leads WHERE created_at >= ?1 AND created_at < ?2",
            [from, to],
            |r| r.get::<_, i64>(0),
        )? as f64)
    };
    let arrivals = (0..options.runs.max(1))
        .map(|r| {
            let seed = options.seed.wrapping_add(u64::from(r));
            models
                .inflow
                .arrivals(seed, (from, to), options.runs > 1)
                .len() as f64
        })
        .collect();
    figures.push(compare::figure(
        Scope::Total,
        Measure::NewLeads,
        arrivals,
        Some(created(from * 60, from * 60 + span)?),
        Some(created(from * 60 - span, from * 60)?),
    ));
    // A figure of the whole workspace: each run's count against the window's and the period
    // before's (none: the workspace does not record it).
    let mut total = |measure, draws, recorded: Option<&dyn Fn(&RecordedPeriod) -> u64>| {
        let actual = recorded.map(|r| r(&window) as f64);
        let baseline = recorded.map(|r| r(&before) as f64);
        figures.push(compare::figure(
            Scope::Total,
            measure,
            draws,
            actual,
            baseline,
        ));
    };
    let count = |counts: &BTreeMap<String, u64>, code: &str| counts.get(code).copied().unwrap_or(0);
    // What leads did on their own: each run's drawn events (and the page views its clicks led
    // to) against the events recorded.
    for (measure, kind) in Measure::ORGANIC {
        let draws = runs.iter().map(|r| r.organic.of(kind) as f64).collect();
        total(measure, draws, Some(&|p| count(&p.events, kind.code())));
    }
    // Leads that became MQLs: each run's against the scoring model replayed over the records.
    let draws = runs.iter().map(|r| r.mql_crossings as f64).collect();
    total(Measure::MqlCrossings, draws, Some(&|p| p.mql_crossings));
    // The sales side: each run's hand-offs and the opportunities they became, over every
    // scenario, against the deal changes recorded. A workspace that records no deal changes at
    // all (no SFA history imported) says nothing of them: no data, not zero.
    let records_deals: bool = ws
        .conn()
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM deal_status_history)",
            [],
            |r| r.get(0),
        )
        .map_err(StoreError::from)?;
    for (measure, status) in Measure::SALES {
        let of = |s: &crate::simulate::counts::ScenarioCounts| match measure {
            Measure::Opportunities => s.deals_created,
            _ => s.handed_off,
        };
        let draws = (runs.iter())
            .map(|r| r.scenarios.values().map(of).sum::<u64>() as f64)
            .collect();
        let recorded = |p: &RecordedPeriod| count(&p.deal_changes, status.code());
        total(measure, draws, records_deals.then_some(&recorded));
    }
    let sent_in_window = |detail: &str| {
        window
            .mails
            .get(detail)
            .and_then(|m| m.total.get(&MailMeasure::Sent))
            .copied()
            .unwrap_or(0)
    };
    let untied = ties
        .untied
        .iter()
        .map(|d| UntiedMail {
            detail: d.clone(),
            sent: sent_in_window(d),
        })
        .collect();
    let mut mails_without_history = Vec::new();
    for s in scenarios {
        for n in &s.file().nodes {
            let is_mail = matches!(n.kind, crate::model::node::NodeKind::SendEmail { .. });
            if is_mail && !ties.details.contains_key(&(s.id().clone(), n.id.clone())) {
                mails_without_history.push(MailWithoutHistory {
                    scenario: s.id().to_string(),
                    node: n.id.to_string(),
                });
            }
        }
    }
    Ok(Some(Backtest {
        cutoff,
        days: options.days,
        runs: options.runs,
        seed: options.seed,
        recorded: RecordedDays { first, last },
        leads_at_cutoff: leads_at_cutoff.max(0) as u64,
        summary: Summary::of(&figures),
        figures,
        untied,
        mails_without_history,
        taken_back,
    }))
}

/// Empties in the copy as of the cut-off (`then`) the fields the scenarios' update-field nodes
/// wrote on leads in the window (`snapshot::unwrite`; the scenarios' recorded mails tied as the
/// back-test ties them, among those sent in the window and the period before). Only the nodes
/// that took a value back are listed.
fn take_back_written(
    then: &rusqlite::Connection,
    source: &rusqlite::Connection,
    scenarios: &[Scenario],
    (window, before): (&RecordedPeriod, &RecordedPeriod),
    (from, to): (crate::time::Minute, crate::time::Minute),
) -> Result<Vec<TakenBack>, BacktestError> {
    use crate::model::node::NodeKind;
    let writes = |s: &Scenario| {
        (s.file().nodes.iter()).any(|n| matches!(n.kind, NodeKind::UpdateField { .. }))
    };
    if !scenarios.iter().any(writes) {
        return Ok(Vec::new());
    }
    let settings = crate::simulate::parameters::SimulationSettings::load(then)?;
    let sent: std::collections::BTreeSet<&String> =
        window.mails.keys().chain(before.mails.keys()).collect();
    let ties = Ties::find(scenarios, &settings.response.mail_ties, sent);
    let mut taken_back = Vec::new();
    for s in scenarios.iter().filter(|s| writes(s)) {
        let mails: Vec<String> = (ties.details.iter())
            .filter(|((scenario, _), _)| scenario == s.id())
            .flat_map(|(_, details)| details.iter().cloned())
            .collect();
        for n in &s.file().nodes {
            let NodeKind::UpdateField { field, value } = &n.kind else {
                continue;
            };
            let written = snapshot::Written {
                field: field.clone(),
                value: value.clone(),
                mails: mails.clone(),
            };
            let leads = snapshot::unwrite(then, source, (from * 60, to * 60), &written)?;
            if leads > 0 {
                taken_back.push(TakenBack {
                    scenario: s.id().to_string(),
                    node: n.id.to_string(),
                    value: value.clone(),
                    leads,
                });
            }
        }
    }
    Ok(taken_back)
}
