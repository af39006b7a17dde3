//! The scenarios as the engine walks them, and where it counts.
//!
//! A `Plan` is worked out once per simulation: nodes by position instead of by id, where each
//! output leads, each scenario's send calendar with its open days tabled for the window, and a
//! slot in one flat vector of counters for every figure (per scenario, node, output, mail and
//! day). A lead's pass adds one to the slots it touches in its thread's `Tally`, and its score at
//! the end to a bucket; tallies are summed and turned into `RunCounts` (the result type with ids
//! and names) once per run. No map is touched and no id or name is built per lead.

use std::collections::BTreeMap;

use crate::model::expr::Expr;
use crate::model::handle::OutputHandle;
use crate::model::node::{NodeKind, TriggerEvent};
use crate::model::settings::FrequencyCap;
use crate::scenario::Scenario;
use crate::simulate::calendar::{Holidays, SendCalendar};
use crate::simulate::counts::{
    DailyCounts, EmailCounts, NodeCounts, OrganicCounts, RunCounts, SCORE_BUCKET, ScenarioCounts,
};
use crate::simulate::eval::keyed;
use crate::simulate::models::Models;
use crate::simulate::response::MailRates;
use crate::simulate::ties::{MailIndex, MailRef};
use crate::time::Minute;

/// Exits every node has besides its own outputs, in slot order.
const SPECIAL_EXITS: [&str; 5] = ["goal", "exit", "end", "switch", "none"];
/// Slot offsets of the special exits.
pub(crate) const EXIT_GOAL: usize = 0;
pub(crate) const EXIT_EXIT: usize = 1;
pub(crate) const EXIT_END: usize = 2;
pub(crate) const EXIT_SWITCH: usize = 3;
pub(crate) const EXIT_NONE: usize = 4;

/// Slot offsets of a scenario's own figures.
pub(crate) const ENROLLED: usize = 0;
pub(crate) const COMPLETED: usize = 1;
pub(crate) const GOAL_REACHED: usize = 2;
pub(crate) const EXITED: usize = 3;
pub(crate) const HANDED_OFF: usize = 4;
pub(crate) const DEALS_CREATED: usize = 5;
pub(crate) const LEADS: usize = 6;
pub(crate) const MQL_AT_END: usize = 7;
const SCENARIO_FIGURES: usize = 8;

/// Slot offsets of a day's figures.
pub(crate) const DAY_SENT: usize = 0;
pub(crate) const DAY_OPENED: usize = 1;
pub(crate) const DAY_CLICKED: usize = 2;
pub(crate) const DAY_HANDED_OFF: usize = 3;
const DAY_FIGURES: usize = 4;

/// Slot offsets of a mail's figures.
pub(crate) const MAIL_SENT: usize = 0;
pub(crate) const MAIL_OPENED: usize = 1;
pub(crate) const MAIL_CLICKED: usize = 2;
pub(crate) const MAIL_UNSUBSCRIBED: usize = 3;
const MAIL_FIGURES: usize = 4;

/// Two independent standard normals from two uniforms, `u` in (0, 1] (Box–Muller).
fn box_muller(u: f64, v: f64) -> (f64, f64) {
    let r = (-2.0 * u.ln()).sqrt();
    let angle = std::f64::consts::TAU * v;
    (r * angle.cos(), r * angle.sin())
}

/// The run of `seed`'s draw for the mail of `key` (`NodePlan::draw_key`): two standard normals,
/// the same for every lead of the run (whatever chunk or thread it is simulated in) and
/// independent between mails and runs. Worked out at each send from the two alone, by SplitMix64
/// (a keyed hash: no generator to seed per send), then Box–Muller.
pub(crate) fn mail_draw(seed: u64, key: u64) -> (f64, f64) {
    const MAIL_STREAM: u64 = 0x4d41_494c_5241_5445;
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ MAIL_STREAM ^ key;
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        // A uniform in (0, 1].
        ((z >> 11) + 1) as f64 / (1u64 << 53) as f64
    };
    let (u, v) = (next(), next());
    box_muller(u, v)
}

/// A mail's key for its runs' draws: FNV-1a of its scenario's id and its node's id.
fn draw_key(scenario: &str, node: &str) -> u64 {
    (scenario.bytes().chain([0]).chain(node.bytes())).fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// One node: its outputs, where they lead and its slots.
pub(crate) struct NodePlan {
    /// The node's outputs, in the order of `next`.
    pub outputs: Vec<OutputHandle>,
    /// Where each output leads (a node position), `None` when it is not connected.
    pub next: Vec<Option<usize>>,
    /// Slot: leads that entered.
    pub entered: usize,
    /// Slot: leads still here at the end of the window.
    pub waiting: usize,
    /// First exit slot: the special exits, then one per output.
    pub exits: usize,
    /// First of the mail's slots (send-email nodes).
    pub mail: usize,
    /// What a run's draw of the mail's rates is keyed on: its scenario's and node's ids, so
    /// that a variant of the scenario (a what-if) draws the same for the mails it kept.
    pub draw_key: u64,
    /// A condition node's condition, keyed (`eval::keyed`).
    pub condition: Option<Expr>,
    /// The mail's response rates (send-email nodes; `None` elsewhere).
    pub rates: Option<MailRates>,
}

impl NodePlan {
    /// The position of `handle` among the node's outputs.
    pub fn output(&self, handle: &OutputHandle) -> Option<usize> {
        self.outputs.iter().position(|o| o == handle)
    }

    /// The exit slot of the node's output at position `output`.
    pub fn exit_slot(&self, output: usize) -> usize {
        self.exits + SPECIAL_EXITS.len() + output
    }
}

/// One scenario of the plan.
pub(crate) struct ScenarioPlan<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its send window over the calendar, tabled for the window.
    pub calendar: SendCalendar<'a>,
    /// The frequency caps its mails keep, in the order they are applied: the workspace's across
    /// all scenarios, then the scenario's own when it is another one (the same cap twice would
    /// move no send).
    pub caps: Vec<FrequencyCap>,
    /// The trigger node's position.
    pub entry: usize,
    /// The first mail a journey sends (following each node's first output from the trigger):
    /// a lead's recorded send of it marks an entry.
    pub entry_mail: Option<usize>,
    /// What its trigger waits for.
    pub trigger: &'a TriggerEvent,
    /// Its nodes, by position.
    pub nodes: Vec<NodePlan>,
    /// First slot of the scenario's own figures.
    pub figures: usize,
    /// First slot of its daily series.
    pub daily: usize,
    /// Its segment, goal and exit criteria, keyed (`eval::keyed`).
    pub segment: Option<Expr>,
    pub goal: Option<Expr>,
    pub exit_when: Option<Expr>,
}

/// One Monte Carlo run's draw of how the forecast's period differs from the history's average
/// (log scale): its open rates (`ResponseModel::period_sd`) and leads' own doing
/// (`BehaviourModel::period_sd`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct RunShift {
    /// Of the open rates.
    pub open: f64,
    /// Of the rates of leads' own doing.
    pub organic: f64,
}

/// `Plan::outside_rates`: the recorded mails not among `recorded_mails` (those tied to the
/// simulated scenarios), their sends, opens and clicks over the lead-days the behaviour model was
/// fitted on (none unfitted).
fn outside_rates(models: &Models, recorded_mails: &BTreeMap<String, (usize, usize)>) -> [f64; 3] {
    let days = models.behaviour.lead_days;
    if days <= 0.0 {
        return [0.0; 3];
    }
    let mut counts = [0u64; 3];
    for (_, m) in (models.response.mails.iter()).filter(|(d, _)| !recorded_mails.contains_key(*d)) {
        for (sum, n) in counts.iter_mut().zip(m.total.counts) {
            *sum += n;
        }
    }
    counts.map(|n| n as f64 / days)
}

/// What the runs' shift draws are seeded with, besides the run's seed (apart from the leads' own
/// streams).
const SHIFT_STREAM: u64 = 0x5348_4946_5453_0000;

/// The first send-email node a journey reaches from the trigger, following each node's first
/// output.
fn first_mail(nodes: &[NodePlan], scenario: &Scenario) -> Option<usize> {
    let mut at = scenario.entry_index();
    for _ in 0..nodes.len() {
        if let NodeKind::SendEmail { .. } = scenario.file().nodes[at].kind {
            return Some(at);
        }
        at = (*nodes[at].next.first()?)?;
    }
    None
}

impl ScenarioPlan<'_> {
    /// The slot of `figure` (`DAY_SENT` …) on day `day` of the window.
    pub fn day_slot(&self, days: usize, day: usize, figure: usize) -> usize {
        self.daily + day.min(days.saturating_sub(1)) * DAY_FIGURES + figure
    }
}

/// The scenarios of one simulation, ready to walk.
pub(crate) struct Plan<'a> {
    /// The scenarios, in the simulation's order.
    pub scenarios: Vec<ScenarioPlan<'a>>,
    /// The recorded mails tied to the scenarios' mails (`ties`): the event's detail as recorded
    /// → the scenario's and the node's positions. A lead's recorded sends say where its journeys
    /// are when the window starts.
    pub recorded_mails: BTreeMap<String, (usize, usize)>,
    /// Page views per lead-day of the population's that clicks in the tied recorded mails led
    /// to: the simulation adds those with its own clicks, so leads' own page views leave them out.
    pub click_view_rate: f64,
    /// Per lead-day of the population's, the recorded mails from outside the simulated scenarios
    /// (not tied to them) sent, opened and clicked (`behaviour::OUTSIDE`), each mail once per
    /// lead: a newsletter or a one-off invitation goes on in a forecast as it went
    /// (`BehaviourModel::outside_rate`).
    pub outside_rates: [f64; 3],
    /// Each Monte Carlo run's shifts of the open rates and of leads' own doing, by the run's
    /// seed (`draw_shifts`); a run without one has none.
    pub shifts: Vec<(u64, RunShift)>,
    /// Days in the window.
    pub days: usize,
    /// The first of the slots counting what leads did on their own in the forecast part of the
    /// window and the page views their simulated clicks led to: one per `organic::DRAWN` kind.
    pub organic: usize,
    /// The slot counting the leads that became MQLs in the window.
    pub mql: usize,
    /// Counter slots in all.
    pub len: usize,
}

impl<'a> Plan<'a> {
    /// The plan of `scenarios` over `window`.
    pub fn new(
        scenarios: &'a [Scenario],
        models: &Models<'a>,
        (start, end): (Minute, Minute),
    ) -> Plan<'a> {
        let days = usize::try_from((end - start).max(0))
            .unwrap_or(0)
            .div_ceil(24 * 60);
        let mut len = 0;
        let mut take = |n: usize| {
            let first = len;
            len += n;
            first
        };
        let organic = take(crate::simulate::organic::DRAWN.len());
        let mql = take(1);
        // Each mail's response rates, from its tied history (worked out once per plan).
        let index = MailIndex::new(scenarios, &models.response.settings.mail_ties);
        let rates = models.response.mail_rates(&index);
        let position = |(scenario, node): &MailRef| {
            let s = scenarios.iter().position(|s| s.id() == scenario)?;
            let n = (scenarios[s].file().nodes.iter()).position(|n| &n.id == node)?;
            Some((s, n))
        };
        let recorded_mails: BTreeMap<String, (usize, usize)> = (models.response.mails.keys())
            .filter_map(|detail| Some((detail.clone(), position(index.tie(detail)?)?)))
            .collect();
        let scenarios = scenarios
            .iter()
            .map(|scenario| {
                let file = scenario.file();
                let nodes: Vec<NodePlan> = file
                    .nodes
                    .iter()
                    .enumerate()
                    .map(|(i, node)| {
                        let outputs = node.kind.outputs();
                        let next = outputs.iter().map(|h| scenario.next_index(i, h)).collect();
                        let exits = SPECIAL_EXITS.len() + outputs.len();
                        let rates = match &node.kind {
                            NodeKind::SendEmail { .. } => rates
                                .get(&(scenario.id().clone(), node.id.clone()))
                                .copied(),
                            _ => None,
                        };
                        let mail = rates.is_some();
                        NodePlan {
                            rates,
                            entered: take(1),
                            waiting: take(1),
                            exits: take(exits),
                            mail: if mail { take(MAIL_FIGURES) } else { usize::MAX },
                            draw_key: draw_key(scenario.id().as_str(), node.id.as_str()),
                            condition: match &node.kind {
                                NodeKind::Condition { condition } => Some(keyed(condition)),
                                _ => None,
                            },
                            outputs,
                            next,
                        }
                    })
                    .collect();
                ScenarioPlan {
                    scenario,
                    calendar: SendCalendar::new(
                        &file.settings.send_window,
                        Holidays::japan(),
                        models.calendar,
                    )
                    .with_days(start, end),
                    caps: std::iter::once(models.frequency_cap)
                        .chain(file.settings.frequency_cap)
                        .fold(Vec::new(), |mut caps, cap| {
                            if !caps.contains(&cap) {
                                caps.push(cap);
                            }
                            caps
                        }),
                    entry: scenario.entry_index(),
                    entry_mail: first_mail(&nodes, scenario),
                    trigger: scenario.entry_trigger(),
                    nodes,
                    figures: take(SCENARIO_FIGURES),
                    daily: take(days * DAY_FIGURES),
                    segment: file.settings.segment.as_ref().map(keyed),
                    goal: file.settings.goal.as_ref().map(keyed),
                    exit_when: file.settings.exit_when.as_ref().map(keyed),
                }
            })
            .collect();
        Plan {
            scenarios,
            click_view_rate: (recorded_mails.keys())
                .filter_map(|d| models.behaviour.click_view_rate.get(d))
                .sum(),
            outside_rates: outside_rates(models, &recorded_mails),
            recorded_mails,
            shifts: Vec::new(),
            days,
            organic,
            mql,
            len,
        }
    }

    /// Whether the runs draw their parameters (a forecast of several runs; one run is the
    /// fitted model itself).
    pub fn draws(&self) -> bool {
        !self.shifts.is_empty()
    }

    /// Draws each run's shifts, of the open rates N(0, `sd.0`) and of leads' own doing N(0,
    /// `sd.1`) on the log scale, independently, for the runs of these seeds (each from its seed
    /// alone): how much a period's rates may differ from the fitted ones, as the history's
    /// periods differed from each other.
    pub fn draw_shifts(&mut self, sd: (f64, f64), seeds: impl Iterator<Item = u64>) {
        use rand::RngExt;
        use rand_chacha::rand_core::SeedableRng;
        for seed in seeds {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ SHIFT_STREAM);
            let (u, v): (f64, f64) = (rng.random_range(f64::EPSILON..1.0), rng.random());
            let (z1, z2) = box_muller(u, v);
            let shift = RunShift {
                open: sd.0 * z1,
                organic: sd.1 * z2,
            };
            self.shifts.push((seed, shift));
        }
    }

    /// The shifts of the run of `seed` (none for a run without).
    pub fn shift(&self, seed: u64) -> RunShift {
        (self.shifts.iter().find(|s| s.0 == seed)).map_or(RunShift::default(), |s| s.1)
    }

    /// `tally` as the result type: every scenario, and the nodes, outputs, mails and days that
    /// counted anything.
    pub fn counts(&self, tally: &Tally) -> RunCounts {
        let c = |slot: usize| tally.counters[slot];
        let scenarios = self
            .scenarios
            .iter()
            .enumerate()
            .map(|(index, plan)| {
                let file = plan.scenario.file();
                let f = |figure: usize| c(plan.figures + figure);
                let mut counts = ScenarioCounts {
                    enrolled: f(ENROLLED),
                    completed: f(COMPLETED),
                    goal_reached: f(GOAL_REACHED),
                    exited: f(EXITED),
                    handed_off: f(HANDED_OFF),
                    deals_created: f(DEALS_CREATED),
                    leads: f(LEADS),
                    mql_at_end: f(MQL_AT_END),
                    ..ScenarioCounts::default()
                };
                for (node, n) in file.nodes.iter().zip(&plan.nodes) {
                    if c(n.entered) == 0 {
                        continue;
                    }
                    let names = SPECIAL_EXITS
                        .iter()
                        .map(|s| (*s).to_owned())
                        .chain(n.outputs.iter().map(OutputHandle::to_string));
                    let exits = names
                        .enumerate()
                        .filter(|&(i, _)| c(n.exits + i) > 0)
                        .map(|(i, name)| (name, c(n.exits + i)))
                        .collect();
                    counts.nodes.insert(
                        node.id.clone(),
                        NodeCounts {
                            entered: c(n.entered),
                            exits,
                            waiting_at_end: c(n.waiting),
                        },
                    );
                    if n.mail != usize::MAX {
                        counts.emails.insert(
                            node.id.clone(),
                            EmailCounts {
                                sent: c(n.mail + MAIL_SENT),
                                opened: c(n.mail + MAIL_OPENED),
                                clicked: c(n.mail + MAIL_CLICKED),
                                unsubscribed: c(n.mail + MAIL_UNSUBSCRIBED),
                            },
                        );
                    }
                }
                for day in 0..self.days {
                    let d = |figure: usize| c(plan.daily + day * DAY_FIGURES + figure);
                    let daily = DailyCounts {
                        sent: d(DAY_SENT),
                        opened: d(DAY_OPENED),
                        clicked: d(DAY_CLICKED),
                        handed_off: d(DAY_HANDED_OFF),
                    };
                    if daily != DailyCounts::default() {
                        counts.daily.insert(day as u32, daily);
                    }
                }
                counts.scores = tally.scores_of(index);
                (plan.scenario.id().clone(), counts)
            })
            .collect();
        let organic = std::array::from_fn(|i| c(self.organic + i));
        RunCounts {
            scenarios,
            organic: OrganicCounts(organic),
            mql_crossings: c(self.mql),
        }
    }
}

/// Score buckets kept in a vector per scenario: lower bounds from `SCORES_FROM` up to (not
/// including) `SCORES_TO`. A score outside them (a scenario that adjusts by thousands) is kept in
/// a map.
const SCORES_FROM: i32 = -1_000;
const SCORES_TO: i32 = 3_000;
const SCORE_SLOTS: usize = ((SCORES_TO - SCORES_FROM) / SCORE_BUCKET) as usize;

/// Counts of many leads (a thread's share, or a whole run). A lead's pass counts into its
/// thread's tally as it goes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tally {
    counters: Vec<u64>,
    /// Leads by (scenario position, score bucket) at the end of the window: `SCORE_SLOTS`
    /// buckets per scenario.
    scores: Vec<u64>,
    /// Those whose bucket is outside the vector's, by (scenario position, bucket's lower bound).
    far_scores: BTreeMap<(usize, i32), u64>,
}

impl Tally {
    /// Nothing counted yet, for `plan`.
    pub fn new(plan: &Plan) -> Tally {
        Tally::sized(plan.len, plan.scenarios.len())
    }

    /// Nothing counted yet, in `slots` counters and the score buckets of `scenarios` scenarios.
    fn sized(slots: usize, scenarios: usize) -> Tally {
        Tally {
            counters: vec![0; slots],
            scores: vec![0; scenarios * SCORE_SLOTS],
            far_scores: BTreeMap::new(),
        }
    }

    /// Counts one at `slot`.
    pub fn count(&mut self, slot: usize) {
        self.counters[slot] += 1;
    }

    /// Counts `n` at `slot`.
    pub fn count_n(&mut self, slot: usize, n: u64) {
        self.counters[slot] += n;
    }

    /// Counts a lead of scenario `index` whose score at the end of the window is `score`.
    pub fn score(&mut self, index: usize, score: i32) {
        let bucket = score.div_euclid(SCORE_BUCKET) * SCORE_BUCKET;
        if (SCORES_FROM..SCORES_TO).contains(&bucket) {
            let slot = ((bucket - SCORES_FROM) / SCORE_BUCKET) as usize;
            self.scores[index * SCORE_SLOTS + slot] += 1;
        } else {
            *self.far_scores.entry((index, bucket)).or_default() += 1;
        }
    }

    /// Scenario `index`'s leads by the lower bound of their score's bucket.
    fn scores_of(&self, index: usize) -> BTreeMap<i32, u64> {
        let near = self.scores[index * SCORE_SLOTS..(index + 1) * SCORE_SLOTS].iter();
        let near = (near.enumerate())
            .filter(|&(_, &n)| n > 0)
            .map(|(slot, &n)| (SCORES_FROM + slot as i32 * SCORE_BUCKET, n));
        let far = (self.far_scores)
            .range((index, i32::MIN)..=(index, i32::MAX))
            .map(|(&(_, bucket), &n)| (bucket, n));
        near.chain(far).collect()
    }

    /// Adds `other` (sums: the order in which threads finish cannot change the result).
    pub fn add(&mut self, other: Tally) {
        for (mine, theirs) in self.counters.iter_mut().zip(other.counters) {
            *mine += theirs;
        }
        for (mine, theirs) in self.scores.iter_mut().zip(other.scores) {
            *mine += theirs;
        }
        for (key, n) in other.far_scores {
            *self.far_scores.entry(key).or_default() += n;
        }
    }

    /// `self` with `other` added (`add`, for a reduction).
    pub fn merge(mut self, other: Tally) -> Tally {
        self.add(other);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_in_and_outside_the_bucket_vector_come_out_in_order_and_summed() {
        let scores = [
            -5_000, -1_001, -1_000, -1, 0, 9, 10, 2_999, 3_000, 1_000_000,
        ];
        let mut a = Tally::sized(0, 2);
        let mut b = Tally::sized(0, 2);
        for (i, &score) in scores.iter().enumerate() {
            let tally = if i % 2 == 0 { &mut a } else { &mut b };
            tally.score(1, score);
        }
        b.score(0, 42);
        let sum = a.merge(b);
        let expected: BTreeMap<i32, u64> = [
            (-5_000, 1),
            (-1_010, 1),
            (-1_000, 1),
            (-10, 1),
            (0, 2),
            (10, 1),
            (2_990, 1),
            (3_000, 1),
            (1_000_000, 1),
        ]
        .into_iter()
        .collect();
        assert_eq!(sum.scores_of(1), expected);
        assert_eq!(sum.scores_of(0), [(40, 1)].into_iter().collect());
    }
}
