//! A forecast's Monte Carlo runs set against what was recorded, figure by figure: the mean and
//! 5–95 % band of the runs, the recorded value, the error, whether the band held it, the
//! continuous ranked probability score of the runs, and a naive baseline (the equal period before
//! the cut-off, carried forward) with whether the forecast came closer than it.

use serde::Serialize;

use crate::backtest::actuals::{MailMeasure, MailRef, RecordedMail, RecordedPeriod, Ties};
use crate::lead::EventKind;
use crate::model::expr::DealStatus;
use crate::model::ids::{NodeId, ScenarioId};
use crate::model::node::NodeKind;
use crate::scenario::Scenario;
use crate::simulate::counts::{EmailCounts, RunCounts};
use crate::simulate::results::Band;

/// What a figure is about.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum Scope {
    /// Every tied mail of every scenario.
    Total,
    /// The tied mails of one scenario.
    Scenario {
        /// The scenario.
        scenario: ScenarioId,
    },
    /// The tied mails of one scenario in one week of the window (when every mail of the
    /// scenario is tied: the forecast counts a scenario's days over all its mails).
    Week {
        /// The scenario.
        scenario: ScenarioId,
        /// The week (0 is the window's first seven days).
        week: u32,
    },
    /// One mail of a scenario.
    Mail {
        /// The scenario.
        scenario: ScenarioId,
        /// Its send-email node.
        node: NodeId,
    },
}

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Leads sent the mails.
    Sent,
    /// Leads who opened them.
    Opened,
    /// Leads who clicked in them.
    Clicked,
    /// Leads who unsubscribed from them.
    Unsubscribed,
    /// Opened ÷ sent.
    OpenRate,
    /// Clicked ÷ sent.
    ClickRate,
    /// Leads created in the window (the forecast's inflow).
    NewLeads,
    /// Page views (leads' own, and those their clicks led to).
    PageViews,
    /// Document downloads.
    Downloads,
    /// Form submissions.
    FormSubmits,
    /// Leads that became MQLs (their score reached the threshold).
    MqlCrossings,
    /// Hand-offs to sales (deal changes to 未対応).
    HandOffs,
    /// Opportunities created (deal changes to 商談化).
    Opportunities,
}

impl Measure {
    /// Every mail measure, in the order figures are listed.
    pub const ALL: [Measure; 6] = [
        Measure::Sent,
        Measure::Opened,
        Measure::Clicked,
        Measure::Unsubscribed,
        Measure::OpenRate,
        Measure::ClickRate,
    ];

    /// What leads do on their own, each with the event kind it counts.
    pub const ORGANIC: [(Measure, EventKind); 3] = [
        (Measure::PageViews, EventKind::PageView),
        (Measure::Downloads, EventKind::DocumentDownload),
        (Measure::FormSubmits, EventKind::FormSubmit),
    ];

    /// The sales side, each with the deal status a change to which it counts. The forecast
    /// counts the hand-offs its scenarios make and the opportunities they become in the window;
    /// the history records every change, whatever led to it.
    pub const SALES: [(Measure, DealStatus); 2] = [
        (Measure::HandOffs, DealStatus::Unworked),
        (Measure::Opportunities, DealStatus::Opportunity),
    ];

    /// Every measure a back-test reports: the mail measures, the inflow, what leads do on their
    /// own, then the sales side.
    pub fn reported() -> impl Iterator<Item = Measure> {
        (Measure::ALL.into_iter())
            .chain([Measure::NewLeads])
            .chain(Measure::ORGANIC.map(|(m, _)| m))
            .chain([Measure::MqlCrossings])
            .chain(Measure::SALES.map(|(m, _)| m))
    }

    /// The label, in Japanese and English.
    pub fn label(self) -> crate::Localized {
        let (ja, en) = match self {
            Measure::Sent => ("配信", "sent"),
            Measure::Opened => ("開封", "opened"),
            Measure::Clicked => ("クリック", "clicked"),
            Measure::Unsubscribed => ("配信停止", "unsubscribed"),
            Measure::OpenRate => ("開封率", "open rate"),
            Measure::ClickRate => ("クリック率", "click rate"),
            Measure::NewLeads => ("新規リード", "new leads"),
            Measure::PageViews => ("ページ閲覧", "page views"),
            Measure::Downloads => ("資料ダウンロード", "downloads"),
            Measure::FormSubmits => ("フォーム送信", "form submissions"),
            Measure::MqlCrossings => ("MQL到達", "became MQLs"),
            Measure::HandOffs => ("営業への引き渡し", "hand-offs to sales"),
            Measure::Opportunities => ("商談化", "opportunities"),
        };
        crate::Localized::new(ja, en)
    }

    /// Whether it is a rate (a share, not a count).
    pub fn is_rate(self) -> bool {
        matches!(self, Measure::OpenRate | Measure::ClickRate)
    }

    /// Its value from counts of sent, opened, clicked and unsubscribed (`None` for a rate of
    /// nothing sent).
    fn value(self, counts: &Counts) -> Option<f64> {
        let [sent, opened, clicked, unsubscribed] = counts.0.map(|n| n as f64);
        match self {
            Measure::Sent => Some(sent),
            Measure::Opened => Some(opened),
            Measure::Clicked => Some(clicked),
            Measure::Unsubscribed => Some(unsubscribed),
            Measure::OpenRate => (sent > 0.0).then(|| opened / sent),
            Measure::ClickRate => (sent > 0.0).then(|| clicked / sent),
            Measure::NewLeads
            | Measure::PageViews
            | Measure::Downloads
            | Measure::FormSubmits
            | Measure::MqlCrossings
            | Measure::HandOffs
            | Measure::Opportunities => None,
        }
    }
}

/// Sent, opened, clicked and unsubscribed, summed over mails.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Counts([u64; 4]);

impl Counts {
    fn add_forecast(&mut self, e: &EmailCounts) {
        for (slot, n) in self
            .0
            .iter_mut()
            .zip([e.sent, e.opened, e.clicked, e.unsubscribed])
        {
            *slot += n;
        }
    }

    fn add_recorded(&mut self, recorded: &RecordedMail) {
        for (slot, m) in self.0.iter_mut().zip(MailMeasure::ALL) {
            *slot += recorded.total.get(&m).copied().unwrap_or(0);
        }
    }
}

/// One figure of the back-test.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Figure {
    /// What it is about.
    #[serde(flatten)]
    pub scope: Scope,
    /// What it measures.
    pub measure: Measure,
    /// The forecast over the runs.
    pub forecast: Band,
    /// What was recorded (`None` when nothing can be compared, e.g. a rate of nothing sent).
    pub actual: Option<f64>,
    /// (forecast − actual) ÷ actual, in percent, when the actual is not zero.
    pub error_pct: Option<f64>,
    /// Whether the actual lies within the forecast's 5–95 % band.
    pub in_band: Option<bool>,
    /// The continuous ranked probability score of the runs against the actual (in the figure's
    /// unit; 0 is a perfect, certain forecast).
    pub crps: Option<f64>,
    /// The naive forecast: the same figure in the equal period before the cut-off.
    pub baseline: Option<f64>,
    /// Whether the forecast's mean came closer to the actual than the baseline did (`None` when
    /// either is missing or both are equally close).
    pub beats_baseline: Option<bool>,
}

/// The share of figures that held, over the figures that have an actual.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// Figures with a recorded value.
    pub compared: usize,
    /// Of those, how many lay within their band.
    pub in_band: usize,
    /// Figures with a recorded value and a baseline that differ in closeness.
    pub against_baseline: usize,
    /// Of those, how many the forecast came closer on.
    pub beats_baseline: usize,
}

impl Summary {
    /// Counts the figures.
    pub fn of<'a>(figures: impl IntoIterator<Item = &'a Figure>) -> Summary {
        let mut s = Summary::default();
        for f in figures {
            if let Some(inside) = f.in_band {
                s.compared += 1;
                s.in_band += usize::from(inside);
            }
            if let Some(better) = f.beats_baseline {
                s.against_baseline += 1;
                s.beats_baseline += usize::from(better);
            }
        }
        s
    }
}

/// The continuous ranked probability score of the sample `draws` for the outcome `y`:
/// E|X − y| − ½ E|X − X′|, over the empirical distribution of the draws.
pub fn crps(draws: &[f64], y: f64) -> f64 {
    let n = draws.len() as f64;
    if draws.is_empty() {
        return f64::NAN;
    }
    let mut sorted = draws.to_vec();
    sorted.sort_by(f64::total_cmp);
    let to_outcome = sorted.iter().map(|x| (x - y).abs()).sum::<f64>() / n;
    // Σ_{i<j} (x_j − x_i) over the sorted draws is Σ_i x_i (2i − n + 1).
    let spread: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, x)| x * (2.0 * i as f64 - n + 1.0))
        .sum();
    to_outcome - spread / (n * n)
}

/// One figure from the runs' values, the actual and the baseline.
pub(crate) fn figure(
    scope: Scope,
    measure: Measure,
    draws: Vec<f64>,
    actual: Option<f64>,
    baseline: Option<f64>,
) -> Figure {
    let forecast = Band::of(draws.clone());
    let compared = actual.filter(|_| !draws.is_empty());
    let error_pct = compared
        .filter(|a| *a != 0.0)
        .map(|a| (forecast.mean - a) / a * 100.0);
    let in_band = compared.map(|a| forecast.p05 <= a && a <= forecast.p95);
    let crps = compared.map(|a| crps(&draws, a));
    let beats_baseline = match (compared, baseline) {
        (Some(a), Some(b)) => {
            let (ours, theirs) = ((forecast.mean - a).abs(), (b - a).abs());
            (ours != theirs).then_some(ours < theirs)
        }
        _ => None,
    };
    Figure {
        scope,
        measure,
        forecast,
        actual: compared,
        error_pct,
        in_band,
        crps,
        baseline,
        beats_baseline,
    }
}

/// Every figure: per tied mail, per scenario (over its tied mails) and in total, each measure.
pub fn figures(
    scenarios: &[Scenario],
    runs: &[RunCounts],
    ties: &Ties,
    (window, before): (&RecordedPeriod, &RecordedPeriod),
    days: u32,
) -> Vec<Figure> {
    let mut figures = Vec::new();
    // Per run, per scope: forecast counts; and the recorded ones of the window and the baseline.
    let mut total = Group::new(runs.len());
    for scenario in scenarios {
        let mut group = Group::new(runs.len());
        for node in scenario.file().nodes.iter() {
            let mail: MailRef = (scenario.id().clone(), node.id.clone());
            let (Some(recorded), Some(earlier)) =
                (ties.recorded(window, &mail), ties.recorded(before, &mail))
            else {
                continue;
            };
            let mut own = Group::new(runs.len());
            own.mails = 1;
            for (r, run) in runs.iter().enumerate() {
                if let Some(e) = run
                    .scenarios
                    .get(&mail.0)
                    .and_then(|s| s.emails.get(&mail.1))
                {
                    own.forecast[r].add_forecast(e);
                }
            }
            own.actual.add_recorded(&recorded);
            own.baseline.add_recorded(&earlier);
            group.add(&own);
            own.push_into(
                &mut figures,
                Scope::Mail {
                    scenario: mail.0.clone(),
                    node: mail.1.clone(),
                },
                &Measure::ALL,
            );
        }
        if group.mails > 0 {
            total.add(&group);
            group.push_into(
                &mut figures,
                Scope::Scenario {
                    scenario: scenario.id().clone(),
                },
                &Measure::ALL,
            );
        }
        let mails: Vec<MailRef> = (scenario.file().nodes.iter())
            .filter(|n| matches!(n.kind, NodeKind::SendEmail { .. }))
            .map(|n| (scenario.id().clone(), n.id.clone()))
            .collect();
        if group.mails > 0 && group.mails == mails.len() {
            weekly(
                &mut figures,
                scenario,
                runs,
                ties,
                (window, before),
                (&mails, days),
            );
        }
    }
    if total.mails > 0 {
        total.push_into(&mut figures, Scope::Total, &Measure::ALL);
    }
    figures
}

/// The measures a week has (the daily series does not count unsubscribes).
const WEEK_MEASURES: [Measure; 5] = [
    Measure::Sent,
    Measure::Opened,
    Measure::Clicked,
    Measure::OpenRate,
    Measure::ClickRate,
];

/// The scenario's figures week by week: the forecast's days summed, against the tied mails'
/// recorded weeks (`mails`, every mail of the scenario, over a window of `days`).
fn weekly(
    figures: &mut Vec<Figure>,
    scenario: &Scenario,
    runs: &[RunCounts],
    ties: &Ties,
    (window, before): (&RecordedPeriod, &RecordedPeriod),
    (mails, days): (&[MailRef], u32),
) {
    for week in 0..days.div_ceil(7) {
        let mut group = Group::new(runs.len());
        for (r, run) in runs.iter().enumerate() {
            let Some(counts) = run.scenarios.get(scenario.id()) else {
                continue;
            };
            for d in counts.daily.range(week * 7..(week * 7 + 7).min(days)) {
                let f = &mut group.forecast[r].0;
                f[0] += d.1.sent;
                f[1] += d.1.opened;
                f[2] += d.1.clicked;
            }
        }
        for mail in mails {
            for (period, into) in [(window, &mut group.actual), (before, &mut group.baseline)] {
                if let Some(recorded) = ties.recorded(period, mail) {
                    for (slot, m) in into.0.iter_mut().zip(MailMeasure::ALL).take(3) {
                        *slot += recorded.weekly.get(&(week, m)).copied().unwrap_or(0);
                    }
                }
            }
        }
        let scope = Scope::Week {
            scenario: scenario.id().clone(),
            week,
        };
        group.push_into(figures, scope, &WEEK_MEASURES);
    }
}

/// The forecast (per run), recorded and baseline counts of a set of mails.
struct Group {
    forecast: Vec<Counts>,
    actual: Counts,
    baseline: Counts,
    mails: usize,
}

impl Group {
    fn new(runs: usize) -> Group {
        Group {
            forecast: vec![Counts::default(); runs],
            actual: Counts::default(),
            baseline: Counts::default(),
            mails: 0,
        }
    }

    fn add(&mut self, other: &Group) {
        let sum = |a: &mut Counts, b: &Counts| {
            for (x, y) in a.0.iter_mut().zip(b.0) {
                *x += y;
            }
        };
        for (a, b) in self.forecast.iter_mut().zip(&other.forecast) {
            sum(a, b);
        }
        sum(&mut self.actual, &other.actual);
        sum(&mut self.baseline, &other.baseline);
        self.mails += other.mails;
    }

    fn push_into(&self, figures: &mut Vec<Figure>, scope: Scope, measures: &[Measure]) {
        for &measure in measures {
            let draws: Vec<f64> = self
                .forecast
                .iter()
                .filter_map(|c| measure.value(c))
                .collect();
            figures.push(figure(
                scope.clone(),
                measure,
                draws,
                measure.value(&self.actual),
                measure.value(&self.baseline),
            ));
        }
    }
}
