//! Leads through the active scenarios together: the core of the simulator.
//!
//! For a lead, its triggers fire at moments computed from its timeline (`triggers`); at each it
//! enters a scenario if it matches the segment then, is not already in it, may re-enter, and may be
//! mailed. It then walks the graph: conditions and goals through `eval`, splits by its random
//! stream, waits by the clock, wait-untils against its timeline and its own simulated mail
//! responses, sends through the send calendar and the frequency cap (shared by all scenarios of the
//! lead), responses by the response model, scores by the scoring model, hand-offs into the sales
//! process. Everything a lead does is counted per node, per mail and per scenario.
//!
//! A lead's scenarios advance together in time order (`run_lead`): what one produces is on the
//! lead's timeline before anything later happens in another. For
//! the part of the window after the recorded history (a forecast), each lead's own behaviour is
//! drawn first (`Lead::new`) and new leads are added (`new_leads`). The scenarios are prepared
//! once per simulation (`plan`); leads count into per-thread tallies.

use rand::RngExt;

use crate::lead::EventKind;
use crate::model::expr::{Attribute, DealStatus, Engagement, EventFilter, Expr};
use crate::model::handle::OutputHandle;
use crate::model::ids::{NodeId, ScenarioId};
use crate::model::node::{Email, NodeKind};
use crate::model::settings::Reenrollment;
use crate::scenario::Scenario;
use crate::scoring::ScoringModel;
use crate::simulate::behaviour::LeadBehaviour;
use crate::simulate::calendar::{next_send_time, within};
use crate::simulate::eval::{LeadFacts, eval_keyed, event_matches, timeline};
use crate::simulate::organic::drawn_index;
use crate::simulate::plan::{self, Plan, ScenarioPlan, Tally};
use crate::simulate::response::ResponseModel;
use crate::simulate::triggers::{LeadHistory, fire_times_into, reads_deals, reads_event};
use crate::time::Minute;

use crate::simulate::counts::{Refusal, RunCounts, Step, TraceStep};
use crate::simulate::leads::LeadInput;
use crate::simulate::models::Models;

/// The part of `window` after the recorded history, where a forecast draws behaviour and new
/// leads; `None` for a replay (or a workspace without history).
pub(crate) fn forecast_part(
    models: &Models,
    (start, end): (Minute, Minute),
) -> Option<(Minute, Minute)> {
    let until = models.context.recorded_until?;
    let from = start.max(until + 1);
    (from < end).then_some((from, end))
}

/// The day of the window `t` falls on (0 is the first).
fn day_of(window_start: Minute, t: Minute) -> u32 {
    ((t - window_start).max(0) / MINUTES_PER_DAY) as u32
}

/// The lead's state while it is simulated, shared by its scenarios.
struct LeadState<'a> {
    input: &'a LeadInput,
    /// Recorded and simulated events, kept in time order (details borrowed from the input, the
    /// scenarios and the behaviour model).
    events: Vec<(EventKind, Minute, &'a str)>,
    deals: Vec<(DealStatus, Minute)>,
    /// What this pass added to `events` and `deals`, in the order it did.
    added_events: Vec<(EventKind, Minute, &'a str)>,
    added_deals: Vec<(DealStatus, Minute)>,
    sends: Vec<Minute>,
    manual_score: Vec<(Minute, i32)>,
    /// From when the lead refuses mail (`Minute::MIN`: before the window).
    opted_out_from: Option<Minute>,
    /// The earliest unsubscribe this pass drew.
    unsubscribed_at: Option<Minute>,
    /// Leads sent to another scenario by `switch_scenario`: the target and when.
    switches: Vec<(ScenarioId, Minute)>,
    scoring: &'a ScoringModel,
    trace: Option<Vec<TraceStep>>,
}

impl<'a> LeadState<'a> {
    fn opted_out_at(&self, t: Minute) -> bool {
        self.opted_out_from.is_some_and(|u| u <= t)
    }

    /// A step of the lead's path, kept when the lead is traced (the check is inlined into every
    /// step; only a trace pays for the ids).
    #[inline(always)]
    fn log(&mut self, at: Minute, scenario: &Scenario, node: &NodeId, step: Step) {
        if let Some(trace) = &mut self.trace {
            Self::trace_step(trace, at, scenario, node, step);
        }
    }

    #[cold]
    fn trace_step(
        trace: &mut Vec<TraceStep>,
        at: Minute,
        scenario: &Scenario,
        node: &NodeId,
        step: Step,
    ) {
        trace.push(TraceStep {
            at,
            scenario: scenario.id().clone(),
            node: node.clone(),
            step,
            // Filled in once every scenario is walked (`run_lead`): one walked later may adjust
            // the score at an earlier moment.
            score: 0,
        });
    }

    /// A score adjustment at `t`, kept in time order: the scenarios are walked one after another,
    /// so a scenario walked later may adjust at an earlier moment, and `score` applies the
    /// adjustments between the events in time order.
    fn adjust_score(&mut self, t: Minute, delta: i32) {
        let at = self.manual_score.partition_point(|m| m.0 <= t);
        self.manual_score.insert(at, (t, delta));
    }

    fn add_event(&mut self, kind: EventKind, t: Minute, detail: &'a str) {
        let at = self.events.partition_point(|e| e.1 <= t);
        self.added_events.push((kind, t, detail));
        self.events.insert(at, (kind, t, detail));
    }
}

impl LeadFacts for LeadState<'_> {
    fn attribute(&self, attribute: &Attribute, t: Minute) -> Option<&str> {
        if *attribute == Attribute::LeadStatus {
            // After a simulated hand-off the lead's status follows its sales process.
            let latest = (self.added_deals.iter())
                .filter(|d| d.1 <= t)
                .max_by_key(|d| d.1);
            if let Some(&(status, _)) = latest {
                return Some(lead_status(status));
            }
        }
        self.input.attributes.get(attribute)
    }

    fn count_events(&self, filter: &EventFilter, from: Minute, to: Minute) -> u32 {
        timeline::count(&self.events, filter, from, to)
    }

    fn any_event(
        &self,
        from: Minute,
        to: Minute,
        wanted: &dyn Fn(EventKind, &str) -> bool,
    ) -> bool {
        timeline::any_event(&self.events, from, to, wanted)
    }

    fn score(&self, t: Minute) -> i32 {
        let fit = self.input.history.fit;
        timeline::score(self.scoring, fit, &self.events, &self.manual_score, t)
    }

    fn deal_status(&self, t: Minute) -> Option<DealStatus> {
        timeline::deal_status(&self.deals, t)
    }

    fn email_engagement(
        &self,
        engagement: Engagement,
        email: Option<&NodeId>,
        from: Minute,
        to: Minute,
    ) -> bool {
        timeline::email_engagement(&self.events, engagement, email, from, to)
    }
}

const MINUTES_PER_DAY: Minute = 24 * 60;

/// The lead status (リードステータス) a deal status puts a lead in: handed off → MQL, taken up or
/// in a deal → SQL, won → 顧客, lost or back to nurture → ナーチャリング (the statuses Japanese
/// MA workspaces use).
fn lead_status(deal: DealStatus) -> &'static str {
    match deal {
        DealStatus::Unworked => "MQL",
        DealStatus::Working | DealStatus::Opportunity => "SQL",
        DealStatus::Won => "顧客",
        DealStatus::Lost | DealStatus::Recycled => "ナーチャリング",
    }
}

/// A lead's random stream in one scenario (or for its own behaviour): a PCG with 128 bits of state,
/// which starts in a few instructions — a journey draws a dozen numbers, so a generator that
/// works out a block of output when it starts (as ChaCha does) would cost more than the draws.
pub type LeadRng = rand_pcg::Pcg64;

/// The random stream of a lead in a scenario: derived from the seed, the lead and the scenario, so
/// it does not depend on the order or the thread in which leads are simulated. The three are
/// mixed into the generator's state (SplitMix64's finaliser), and the lead picks its stream.
fn stream(seed: u64, lead: i64, scenario_index: usize) -> LeadRng {
    fn mix(mut z: u64) -> u64 {
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    let key = mix(seed ^ (scenario_index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let high = mix(key ^ lead as u64);
    let low = mix(high.wrapping_add(0x9E37_79B9_7F4A_7C15) ^ key.rotate_left(32));
    LeadRng::new(
        (u128::from(high) << 64) | u128::from(low),
        u128::from(lead as u64),
    )
}

/// One lead through `scenarios` (the active ones, in a fixed order) over `window`: its counts
/// and every step of its path, in the order they were taken (scenario by scenario).
pub(crate) fn trace_lead(
    models: &Models,
    scenarios: &[Scenario],
    lead: &LeadInput,
    window: (Minute, Minute),
    seed: u64,
) -> (RunCounts, Vec<TraceStep>) {
    let plan = Plan::new(scenarios, models, window);
    let mut tally = Tally::new(&plan);
    let buffers = &mut Buffers::default();
    let trace = run_lead(
        models,
        &plan,
        lead,
        window,
        seed,
        true,
        (&mut tally, buffers),
    );
    (plan.counts(&tally), trace.unwrap_or_default())
}

/// The random stream of a lead's own behaviour (no scenario has this position).
const BEHAVIOUR_STREAM: usize = 1 << 20;

/// A lead with its timeline for one run: what was recorded, and for the part of the window after
/// the recorded history, what it does on its own (drawn from the behaviour model). The details
/// are borrowed from the lead's input and the model.
struct Lead<'a> {
    input: &'a LeadInput,
    history: LeadHistory<&'a str>,
    /// The events of each `organic::DRAWN` kind drawn for the forecast part of the window.
    drawn: [u64; 3],
}

impl<'a> Lead<'a> {
    /// The lead's timeline, put together in `events` (an empty vector whose allocation is reused).
    fn new(
        (models, plan): (&Models<'a>, &Plan),
        input: &'a LeadInput,
        window: (Minute, Minute),
        seed: u64,
        mut events: Vec<Event<'a>>,
    ) -> Self {
        let recorded = &input.history;
        events.extend((recorded.events.iter()).map(|(k, t, d)| (*k, *t, d.as_str())));
        let mut history = LeadHistory {
            created_at: recorded.created_at,
            fit: recorded.fit,
            events,
            deals: recorded.deals.clone(),
        };
        let (Some(until), Some((from, end))) =
            (models.context.recorded_until, forecast_part(models, window))
        else {
            // A replay: everything in the window was recorded.
            return Lead {
                input,
                history,
                drawn: [0; 3],
            };
        };
        // A lead created in the forecast (a new one) acts from its creation.
        let from = from.max(recorded.created_at.unwrap_or(from));
        let observed_from = models.context.recorded_from.unwrap_or(Minute::MIN);
        let simulated = |mail: &str| plan.recorded_mails.contains_key(mail);
        let own = LeadBehaviour::of(
            &history,
            (observed_from, until),
            &simulated,
            plan.click_view_rate,
        );
        let mut rng = stream(seed, input.id, BEHAVIOUR_STREAM);
        let recorded_events = history.events.len();
        // A lead created after the window (a date the workspace holds) does nothing in it.
        if from < end {
            // This run's draw of how the period differs (median-kept, as the open rates').
            let level = plan.shift(seed).organic.exp();
            let behaviour = models.behaviour;
            behaviour.draw_lead_into(&mut rng, &own, (from, end), level, &mut history.events);
            // The planned webinars, which the recorded history cannot know (`webinars`).
            if !input.opted_out && !models.webinars.is_empty() {
                let registered_before = (history.events[..recorded_events].iter())
                    .any(|e| e.0 == EventKind::WebinarRegistration);
                for plan in models.webinars {
                    plan.draw_into(
                        &mut rng,
                        registered_before,
                        (from, end),
                        &mut history.events,
                    );
                }
            }
            // The mails from outside the scenarios go on, and what the lead does with them, each
            // drawn at its rate (no figure counts them: they are no scenario's).
            if !input.opted_out {
                for (i, kind) in crate::simulate::behaviour::OUTSIDE.into_iter().enumerate() {
                    let rate = behaviour.outside_rate(plan.outside_rates[i], &own, i);
                    let times = crate::simulate::behaviour::BehaviourModel::draw_times(
                        &mut rng, rate, from, end,
                    );
                    history
                        .events
                        .extend(times.into_iter().map(|t| (kind, t, "")));
                }
            }
        }
        let mut drawn = [0; 3];
        for e in &history.events[recorded_events..] {
            if let Some(i) = drawn_index(e.0) {
                drawn[i] += 1;
            }
        }
        if history.events.len() > recorded_events {
            history
                .events
                .sort_by(|a, b| (a.1, a.0, a.2).cmp(&(b.1, b.0, b.2)));
        }
        Lead {
            input,
            history,
            drawn,
        }
    }
}

/// A lead through all its scenarios at once, in time order: an agenda holds each scenario's next
/// moment (a trigger firing, a journey arriving at its next node, a send or a wait-until to
/// decide), and the earliest is taken each time. What a journey produces (a mail's sends and
/// responses, a visit, a score change, a deal stage, a switch) is on the lead's timeline before
/// anything later happens, so every scenario sees every other's doing when it happens: an
/// inactivity trigger sees the opens of a welcome mail, a goal sees a deal opened by another
/// scenario's hand-off, a wait-until wakes on another scenario's click. Triggers that read what
/// was produced are worked out again; a firing that no longer holds (an inactivity ended by an
/// open) is dropped. What the lead counts is added to `tally` as it happens.
fn run_lead(
    models: &Models,
    plan: &Plan,
    input: &LeadInput,
    window: (Minute, Minute),
    seed: u64,
    traced: bool,
    (tally, buffers): (&mut Tally, &mut Buffers),
) -> Option<Vec<TraceStep>> {
    buffers.reset(plan.scenarios.len());
    let Buffers {
        fires,
        refired,
        switched,
        journeys,
        carried,
        agenda,
        enrolled_in,
        events,
        added_events,
        sends,
    } = buffers;
    let lead = Lead::new(
        (models, plan),
        input,
        window,
        seed,
        recycle(std::mem::take(events)),
    );
    for (i, &n) in lead.drawn.iter().enumerate() {
        tally.count_n(plan.organic + i, n);
    }
    let end = window.1;
    // Each scenario's firing moments as they stand, and those that came from switches.
    recorded_entry_times(models, plan, &lead, window, fires);
    carried_over(plan, &lead.history.events, window.0, carried);
    if !traced && fires.iter().all(Vec::is_empty) && carried.iter().all(|c| c.resume.is_none()) {
        let history = &lead.history;
        if timeline::becomes_mql(models.scoring, history.fit, &history.events, &[], window) {
            tally.count(plan.mql);
        }
        *events = recycle(lead.history.events);
        return None; // No trigger fires: nothing happens to the lead in this window.
    }
    let Lead { input, history, .. } = lead;
    let (created_at, fit) = (history.created_at, history.fit);
    let mut own_sends = std::mem::take(sends);
    own_sends.extend(
        (history.events.iter())
            .filter(|e| e.0 == EventKind::EmailSend)
            .map(|e| e.1),
    );
    // Opted out as the lead's record says, or from its first recorded unsubscribe (an activity
    // log may carry one that no lead file's flag does).
    let opted_out_from = if input.opted_out {
        Some(Minute::MIN)
    } else {
        (history.events.iter())
            .filter(|e| e.0 == EventKind::Unsubscribe)
            .map(|e| e.1)
            .min()
    };
    let mut state = LeadState {
        input,
        sends: own_sends,
        events: history.events,
        deals: history.deals,
        added_events: recycle(std::mem::take(added_events)),
        added_deals: Vec::new(),
        manual_score: Vec::new(),
        opted_out_from,
        unsubscribed_at: None,
        switches: Vec::new(),
        scoring: models.scoring,
        trace: traced.then(Vec::new),
    };
    let engagement = models
        .response
        .engagement(input.past_sends, input.past_opens);
    let open_shift = plan.shift(seed).open;
    // The journeys the lead was in before the window go on where they were; their entries count
    // for re-enrolment.
    for (index, c) in carried.iter().enumerate() {
        let journey = &mut journeys[index];
        if let Some(entered) = c.entered {
            journey.last_entry = Some(entered);
            journey.entered_at = entered;
        }
        if let Some((at, item)) = c.resume {
            journey.busy = true;
            agenda.push(at, index, item);
        }
    }
    for (index, times) in fires.iter().enumerate() {
        for &t in times {
            agenda.push(t, index, Item::Fire);
        }
    }
    // What was already reacted to: lengths of the added events, deals and switches.
    let mut seen = (0, 0, 0);
    // A guard against scenarios that switch to each other at the same moment for ever (with
    // re-enrolment "always"): a lead takes at most this many steps.
    let mut budget = 10_000u32;
    while let Some((now, index, item)) = agenda.pop() {
        budget = budget.saturating_sub(1);
        if budget == 0 {
            break;
        }
        let sp = &plan.scenarios[index];
        let journey = &mut journeys[index];
        let (node, arriving, wait_from) = match item {
            Item::Fire => {
                if fires[index].binary_search(&now).is_err() || journey.busy {
                    continue; // No longer fires, or already in the scenario.
                }
                let settings = &sp.scenario.file().settings;
                let may_reenter = match (settings.reenrollment, journey.last_entry) {
                    (_, None) => true,
                    (Reenrollment::Never, Some(_)) => false,
                    (Reenrollment::Always, Some(_)) => true,
                    (Reenrollment::AfterDays { days }, Some(prev)) => {
                        now - prev >= i64::from(days) * MINUTES_PER_DAY
                    }
                };
                let refusal = if !may_reenter {
                    Some(Refusal::Reenrollment)
                } else if !input.has_consent && !models.context.mails_without_basis {
                    Some(Refusal::NoConsent)
                } else if state.opted_out_at(now) {
                    Some(Refusal::OptedOut)
                } else if !sp
                    .segment
                    .as_ref()
                    .is_none_or(|s| eval_keyed(s, &state, now))
                {
                    Some(Refusal::Segment)
                } else {
                    None
                };
                if let Some(reason) = refusal {
                    let trigger = sp.scenario.entry().id.clone();
                    state.log(now, sp.scenario, &trigger, Step::NotEnrolled { reason });
                    continue;
                }
                if journey.last_entry.is_none() {
                    enrolled_in.push(index);
                }
                journey.busy = true;
                journey.last_entry = Some(now);
                journey.entered_at = now;
                tally.count(sp.figures + plan::ENROLLED);
                (sp.entry, true, now)
            }
            Item::Resume {
                node,
                arriving,
                wait_from,
                version,
            } => {
                if !journey.busy || version != journey.version {
                    continue; // Superseded by an earlier wake-up.
                }
                (node, arriving, wait_from)
            }
        };
        let rng = journey
            .rng
            .get_or_insert_with(|| stream(seed, input.id, index));
        let mut walker = Walker {
            models,
            plan,
            sp,
            open_shift,
            seed,
            state: &mut state,
            rng,
            tally: &mut *tally,
            engagement,
            window,
        };
        let outcome = walker.walk(journey.entered_at, node, now, arriving, wait_from);
        journey.version += 1;
        journey.waiting = None;
        match outcome {
            Outcome::Done => journey.busy = false,
            Outcome::InAtEnd => {}
            Outcome::Pause {
                node,
                at,
                arriving,
                wait_from,
            } => {
                let version = journey.version;
                if !arriving && let NodeKind::WaitUntil { .. } = sp.scenario.file().nodes[node].kind
                {
                    journey.waiting = Some((node, wait_from, at));
                }
                agenda.push(
                    at,
                    index,
                    Item::Resume {
                        node,
                        arriving,
                        wait_from,
                        version,
                    },
                );
            }
        }
        // What this moment produced: switches enter their target now; new events and deal
        // changes may move other triggers and wake wait-untils.
        let (new_events, new_deals, new_switches) = (
            &state.added_events[seen.0..],
            &state.added_deals[seen.1..],
            &state.switches[seen.2..],
        );
        for (target, t) in new_switches {
            if let Some(i) = plan
                .scenarios
                .iter()
                .position(|s| s.scenario.id() == target)
                && (window.0..end).contains(t)
            {
                switched[i].push(*t);
                let at = fires[i].partition_point(|f| f < t);
                if fires[i].get(at) != Some(t) {
                    fires[i].insert(at, *t);
                }
                agenda.push(*t, i, Item::Fire);
            }
        }
        if !new_events.is_empty() || !new_deals.is_empty() {
            // The lead's timeline as it stands, lent to the triggers (not copied).
            let mut history = LeadHistory {
                created_at,
                fit,
                events: Vec::new(),
                deals: Vec::new(),
            };
            let mut lent = false;
            for (i, sp) in plan.scenarios.iter().enumerate() {
                let trigger = sp.trigger;
                let touched = new_events.iter().any(|e| reads_event(trigger, e.0))
                    || (!new_deals.is_empty() && reads_deals(trigger));
                if !touched {
                    continue;
                }
                if !lent {
                    history.events = std::mem::take(&mut state.events);
                    history.deals = std::mem::take(&mut state.deals);
                    lent = true;
                }
                let (context, scoring) = (models.context, models.scoring);
                fire_times_into(trigger, &history, context, scoring, window, refired);
                refired.extend(switched[i].iter().copied());
                refired.sort_unstable();
                refired.dedup();
                for &t in refired.iter().filter(|&&t| t >= now) {
                    if fires[i].binary_search(&t).is_err() {
                        agenda.push(t, i, Item::Fire);
                    }
                }
                std::mem::swap(&mut fires[i], refired);
            }
            if lent {
                state.events = history.events;
                state.deals = history.deals;
            }
            // Wait-untils woken by what happened.
            for (i, journey) in journeys.iter_mut().enumerate() {
                let Some((node, since, scheduled)) = journey.waiting else {
                    continue;
                };
                let NodeKind::WaitUntil { event, timeout } =
                    &plan.scenarios[i].scenario.file().nodes[node].kind
                else {
                    continue;
                };
                let limit = timeout.map_or(end, |t| since + t.minutes() as Minute);
                let wake = (new_events.iter())
                    .filter(|e| e.1 > since && e.1 <= limit && e.1 < scheduled)
                    .filter(|e| event_matches(event, e.0, e.2))
                    .map(|e| e.1)
                    .min();
                if let Some(x) = wake {
                    journey.version += 1;
                    journey.waiting = Some((node, since, x));
                    let version = journey.version;
                    agenda.push(
                        x,
                        i,
                        Item::Resume {
                            node,
                            arriving: false,
                            wait_from: since,
                            version,
                        },
                    );
                }
            }
        }
        seen = (
            state.added_events.len(),
            state.added_deals.len(),
            state.switches.len(),
        );
    }
    // Where the scenarios leave their leads: the score at the end of the window.
    if !enrolled_in.is_empty() {
        let score = state.score(end - 1);
        let mql = score >= models.scoring.mql_threshold;
        for &index in enrolled_in.iter() {
            let figures = plan.scenarios[index].figures;
            tally.count(figures + plan::LEADS);
            if mql {
                tally.count(figures + plan::MQL_AT_END);
            }
            tally.score(index, score);
        }
    }
    if timeline::becomes_mql(
        models.scoring,
        fit,
        &state.events,
        &state.manual_score,
        window,
    ) {
        tally.count(plan.mql);
    }
    // The page views (and any other own-doing) the scenarios' simulated clicks led to.
    for e in &state.added_events {
        if let Some(i) = drawn_index(e.0) {
            tally.count(plan.organic + i);
        }
    }
    // A traced lead's score at each of its steps, now that every scenario's adjustments are in.
    let mut trace = state.trace.take();
    for step in trace.iter_mut().flatten() {
        step.score = state.score(step.at);
    }
    // The vectors go back to the buffers for the thread's next lead.
    *events = recycle(state.events);
    *added_events = recycle(state.added_events);
    state.sends.clear();
    *sends = state.sends;
    trace
}

/// A lead's timeline event: kind, moment and detail (borrowed from the lead's input, the scenarios
/// or the behaviour model).
type Event<'a> = (EventKind, Minute, &'a str);

/// `events` emptied, as a vector for details of another lifetime: a thread's timeline vectors pass
/// from lead to lead this way and keep their allocation (an emptied vector collected into one of
/// a type of the same size and alignment is collected in place).
fn recycle<'b>(mut events: Vec<Event<'_>>) -> Vec<Event<'b>> {
    events.clear();
    events
        .into_iter()
        .map(|_| unreachable!("emptied"))
        .collect()
}

/// A thread's buffers for its leads' passes, reused from one lead to the next (a pass then
/// allocates little).
#[derive(Default)]
struct Buffers {
    /// Per scenario, the moments its trigger fires as they stand.
    fires: Vec<Vec<Minute>>,
    /// A scenario's firing moments worked out again after the lead's timeline changed.
    refired: Vec<Minute>,
    /// Per scenario, the moments switches from other scenarios enter it.
    switched: Vec<Vec<Minute>>,
    /// Per scenario, the lead's journey.
    journeys: Vec<Journey>,
    /// Per scenario, the journey it was in before the window (`carried_over`).
    carried: Vec<Carried>,
    agenda: Agenda,
    /// The scenarios the lead entered, in the order it first entered them.
    enrolled_in: Vec<usize>,
    /// Emptied vectors for the next lead's timeline, what its pass adds to it, and its sends
    /// (`recycle` gives them the next lead's lifetime).
    events: Vec<Event<'static>>,
    added_events: Vec<Event<'static>>,
    sends: Vec<Minute>,
}

impl Buffers {
    /// Empty, for a lead of a plan with `n` scenarios.
    fn reset(&mut self, n: usize) {
        self.switched.resize_with(n, Vec::new);
        self.switched.iter_mut().for_each(Vec::clear);
        self.journeys.clear();
        self.journeys.resize_with(n, Journey::default);
        self.carried.clear();
        self.carried.resize_with(n, Carried::default);
        self.agenda.heap.clear();
        self.agenda.items.clear();
        self.enrolled_in.clear();
    }
}

/// A lead's journey in one scenario.
#[derive(Default)]
struct Journey {
    /// In the scenario now.
    busy: bool,
    /// When the current journey began.
    entered_at: Minute,
    /// When the lead last entered (for re-enrolment).
    last_entry: Option<Minute>,
    /// Bumped at every step, so that a superseded resumption is ignored.
    version: u32,
    /// Waiting at a wait-until: its node, since when, and the moment it is due to be decided.
    waiting: Option<(usize, Minute, Minute)>,
    /// The scenario's random stream for this lead, from its first entry.
    rng: Option<LeadRng>,
}

/// What is due next for a scenario.
#[derive(Debug, Clone, Copy)]
enum Item {
    /// The trigger fires.
    Fire,
    /// The journey goes on at `node`: arriving there, or deciding it (a send or a wait-until).
    Resume {
        node: usize,
        arriving: bool,
        wait_from: Minute,
        version: u32,
    },
}

/// The lead's agenda: the earliest moment first; at the same moment, in the order it was added.
#[derive(Default)]
struct Agenda {
    heap: std::collections::BinaryHeap<std::cmp::Reverse<(Minute, u64)>>,
    items: Vec<(usize, Item)>,
}

impl Agenda {
    fn push(&mut self, at: Minute, scenario: usize, item: Item) {
        self.heap
            .push(std::cmp::Reverse((at, self.items.len() as u64)));
        self.items.push((scenario, item));
    }

    fn pop(&mut self) -> Option<(Minute, usize, Item)> {
        let std::cmp::Reverse((at, seq)) = self.heap.pop()?;
        let (scenario, item) = self.items[seq as usize];
        Some((at, scenario, item))
    }
}

/// What a send-email node does at a moment.
enum Send {
    /// The mail went out now (or was skipped: the lead refused mail).
    Now,
    /// It is due then.
    Later(Minute),
    /// It cannot go out within the window.
    NotInWindow,
}

/// Where a walk stopped.
enum Outcome {
    /// The journey ended.
    Done,
    /// The lead is still in the scenario when the window ends (it cannot enter it again).
    InAtEnd,
    /// It goes on at `node` at `at`.
    Pause {
        node: usize,
        at: Minute,
        arriving: bool,
        wait_from: Minute,
    },
}

/// A lead's journey in one scenario before the window, from its recorded sends of the scenario's
/// mails.
#[derive(Default)]
struct Carried {
    /// When it last entered: its latest recorded send of the scenario's first mail (else its
    /// earliest of any of the scenario's mails).
    entered: Option<Minute>,
    /// Where the journey goes on in the window, if it does.
    resume: Option<(Minute, Item)>,
    /// Its latest recorded send before the window: when, and of which node.
    last_send: Option<(Minute, usize)>,
}

/// The journeys the lead is in when the window starts at `start`, into `carried` (one per
/// scenario): after the scenario's mail it was sent last before the window, a wait that ends in
/// the window goes on at its end, and a wait-until whose timeout is in the window goes on
/// waiting; so do those that ended before the window while the scenario's send window was shut
/// until it began (the mail after them was held into the window). A mail followed by anything
/// else, or by a wait that ended while mail could go out, is not carried over: the journey went
/// on before the window, and the recorded history says it sent nothing more.
fn carried_over(plan: &Plan, events: &[Event], start: Minute, carried: &mut [Carried]) {
    if plan.recorded_mails.is_empty() {
        return;
    }
    let before = events.partition_point(|e| e.1 < start);
    for &(kind, at, detail) in &events[..before] {
        if kind != EventKind::EmailSend {
            continue;
        }
        let Some(&(s, node)) = plan.recorded_mails.get(detail) else {
            continue;
        };
        let c = &mut carried[s];
        if plan.scenarios[s].entry_mail == Some(node) || c.entered.is_none() {
            c.entered = Some(at);
        }
        c.last_send = Some((at, node));
    }
    for (s, c) in carried.iter_mut().enumerate() {
        let Some((sent, node)) = c.last_send else {
            continue;
        };
        let sp = &plan.scenarios[s];
        let after = |n: usize| {
            let np = &sp.nodes[n];
            np.output(&OutputHandle::Out).and_then(|o| np.next[o])
        };
        let Some(next) = after(node) else {
            continue;
        };
        // A wait that ended before the window while the scenario's send window was shut (a
        // weekend, the night, a holiday) held its next mail into the window: the history's last
        // days hold nothing more of the journey, yet it goes on. One that ended while mail could
        // go out, and sent nothing, went another way.
        let goes_on = |ends: Minute| {
            ends >= start
                || sp
                    .calendar
                    .next_opening(ends)
                    .is_some_and(|open| open >= start)
        };
        c.resume = match &sp.scenario.file().nodes[next].kind {
            NodeKind::Wait { delay } => {
                let ends = sent + delay.minutes() as Minute;
                goes_on(ends).then_some(()).and_then(|()| {
                    let node = after(next)?;
                    let item = Item::Resume {
                        node,
                        arriving: true,
                        wait_from: ends,
                        version: 0,
                    };
                    Some((ends.max(start), item))
                })
            }
            NodeKind::WaitUntil { timeout, .. } => {
                let limit = timeout.map_or(Minute::MAX, |t| sent + t.minutes() as Minute);
                let item = Item::Resume {
                    node: next,
                    arriving: false,
                    wait_from: sent,
                    version: 0,
                };
                goes_on(limit).then_some((start, item))
            }
            _ => None,
        };
    }
}

/// When each scenario's entry trigger fires for the lead on its recorded timeline, in time order,
/// into `fires` (one vector per scenario, reused from lead to lead).
fn recorded_entry_times(
    models: &Models,
    plan: &Plan,
    lead: &Lead,
    window: (Minute, Minute),
    fires: &mut Vec<Vec<Minute>>,
) {
    fires.resize_with(plan.scenarios.len(), Vec::new);
    for (sp, times) in plan.scenarios.iter().zip(fires.iter_mut()) {
        let trigger = sp.trigger;
        fire_times_into(
            trigger,
            &lead.history,
            models.context,
            models.scoring,
            window,
            times,
        );
    }
}

/// One entry of a lead walking one scenario.
struct Walker<'p, 's> {
    models: &'p Models<'p>,
    plan: &'p Plan<'p>,
    sp: &'p ScenarioPlan<'p>,
    /// This run's shift of the open rates (`Plan::shifts`).
    open_shift: f64,
    /// This run's seed, which with a mail's key (`NodePlan::draw_key`) gives the run's draw of
    /// the mail's rates (`mail_draw`).
    seed: u64,
    state: &'s mut LeadState<'p>,
    rng: &'s mut LeadRng,
    tally: &'s mut Tally,
    engagement: f64,
    window: (Minute, Minute),
}

impl<'p> Walker<'p, '_> {
    fn day(&self, t: Minute, figure: usize) -> usize {
        let day = day_of(self.window.0, t) as usize;
        self.sp.day_slot(self.plan.days, day, figure)
    }

    /// The lead is still at node `at` when the window ends.
    fn waiting(&mut self, at: usize) -> Minute {
        let end = self.window.1;
        self.tally.count(self.sp.nodes[at].waiting);
        let node = &self.sp.scenario.file().nodes[at];
        self.state
            .log(end, self.sp.scenario, &node.id, Step::WaitingAtEnd);
        end
    }

    /// Goes on with the journey that began at `entered_at`, at `node` at `now` — arriving there,
    /// or deciding it again (a send or a wait-until it stopped at) — through every node it passes
    /// at this moment, until it must wait for a later one or ends.
    fn walk(
        &mut self,
        entered_at: Minute,
        node: usize,
        now: Minute,
        arriving: bool,
        wait_from: Minute,
    ) -> Outcome {
        let end = self.window.1;
        let sp = self.sp;
        let scenario = sp.scenario;
        let figures = sp.figures;
        let (mut at, mut now, mut arriving) = (node, now, arriving);
        // A guard against loops that never wait (the validator refuses them; a generated scenario
        // could still reach here): at most this many steps per moment.
        for _ in 0..10_000 {
            let node = &scenario.file().nodes[at];
            let np = &sp.nodes[at];
            if arriving {
                self.state.log(now, scenario, &node.id, Step::Entered);
                self.tally.count(np.entered);
            }
            if now >= end {
                self.waiting(at);
                return Outcome::InAtEnd;
            }
            if arriving {
                // The goal, then the exit criteria, end the journey wherever the lead is.
                let holds =
                    |c: &Option<Expr>| c.as_ref().is_some_and(|c| eval_keyed(c, &*self.state, now));
                let leaves = if holds(&sp.goal) {
                    Some((plan::GOAL_REACHED, plan::EXIT_GOAL, Step::Goal))
                } else if holds(&sp.exit_when) {
                    Some((plan::EXITED, plan::EXIT_EXIT, Step::Exit))
                } else {
                    None
                };
                if let Some((figure, exit, step)) = leaves {
                    self.tally.count(figures + figure);
                    self.tally.count(np.exits + exit);
                    self.state.log(now, scenario, &node.id, step);
                    return Outcome::Done;
                }
            }
            let decide_later = |at_time: Minute, since: Minute| Outcome::Pause {
                node: at,
                at: at_time,
                arriving: false,
                wait_from: since,
            };
            let (handle, leave_at) = match &node.kind {
                NodeKind::Trigger { .. }
                | NodeKind::UpdateField { .. }
                | NodeKind::SyncSfa { .. }
                | NodeKind::AddToAudience { .. } => (Some(OutputHandle::Out), now),
                NodeKind::Condition { .. } => (
                    Some(
                        if (np.condition.as_ref()).is_some_and(|c| eval_keyed(c, &*self.state, now))
                        {
                            OutputHandle::Yes
                        } else {
                            OutputHandle::No
                        },
                    ),
                    now,
                ),
                NodeKind::Split { branches } => {
                    let total: f64 = branches.iter().map(|b| b.percent).sum();
                    let mut x = self.rng.random::<f64>() * total;
                    let chosen = branches.iter().find(|b| {
                        x -= b.percent;
                        x < 0.0
                    });
                    (
                        chosen
                            .or(branches.last())
                            .map(|b| OutputHandle::Branch(b.id.clone())),
                        now,
                    )
                }
                NodeKind::Wait { delay } => {
                    (Some(OutputHandle::Out), now + delay.minutes() as Minute)
                }
                NodeKind::WaitUntil { event, timeout } => {
                    let since = if arriving { now } else { wait_from };
                    let limit = timeout.map_or(end, |t| since + t.minutes() as Minute);
                    // The first matching event after `since`, up to the limit.
                    let met = timeline::between(&self.state.events, since + 1, limit)
                        .iter()
                        .find(|(k, _, d)| event_matches(event, *k, d))
                        .map(|e| e.1);
                    match met {
                        Some(t) if t <= now => (Some(OutputHandle::Met), now),
                        // Decided when the event happens, or sooner if another scenario's
                        // doing wakes it.
                        Some(t) => return decide_later(t, since),
                        None if timeout.is_some() && limit <= now => {
                            (Some(OutputHandle::Timeout), now)
                        }
                        None if timeout.is_some() => return decide_later(limit, since),
                        None => return decide_later(end, since),
                    }
                }
                NodeKind::SendEmail { email } => match self.send(at, email, now) {
                    Send::Now => (Some(OutputHandle::Out), now),
                    Send::Later(t) => return decide_later(t, now),
                    Send::NotInWindow => {
                        self.waiting(at);
                        return Outcome::InAtEnd;
                    }
                },
                NodeKind::AdjustScore { delta, .. } => {
                    self.state.adjust_score(now, *delta);
                    (Some(OutputHandle::Out), now)
                }
                NodeKind::NotifySales {
                    score_threshold, ..
                } => {
                    let qualifies = score_threshold.is_none_or(|th| self.state.score(now) >= th);
                    // Not handed off again while sales has the lead from this journey (a change
                    // since the entry that is not back to nurture); later changes are not known yet.
                    let with_sales = (self.state.deals.iter())
                        .filter(|d| (entered_at..=now).contains(&d.1))
                        .any(|d| d.0 != DealStatus::Recycled);
                    if qualifies && !with_sales {
                        self.tally.count(figures + plan::HANDED_OFF);
                        self.tally.count(self.day(now, plan::DAY_HANDED_OFF));
                        self.state.log(now, scenario, &node.id, Step::HandedOff);
                        let changes = self.models.sales.draw(self.rng, now, 1.0);
                        if changes
                            .iter()
                            .any(|c| c.0 == DealStatus::Opportunity && c.1 < end)
                        {
                            self.tally.count(figures + plan::DEALS_CREATED);
                        }
                        let changes = changes.into_iter().filter(|c| c.1 < end);
                        self.state.added_deals.extend(changes.clone());
                        self.state.deals.extend(changes);
                        self.state.deals.sort_by_key(|d| d.1);
                    }
                    (Some(OutputHandle::Out), now)
                }
                NodeKind::SwitchScenario { scenario: target } => {
                    self.tally.count(np.exits + plan::EXIT_SWITCH);
                    self.state.switches.push((target.clone(), now));
                    return Outcome::Done;
                }
                NodeKind::End { .. } => {
                    self.tally.count(figures + plan::COMPLETED);
                    self.tally.count(np.exits + plan::EXIT_END);
                    return Outcome::Done;
                }
            };
            let Some(handle) = handle else {
                // A split without branches (the validator refuses it): the journey ends here.
                self.tally.count(figures + plan::COMPLETED);
                self.tally.count(np.exits + plan::EXIT_NONE);
                return Outcome::Done;
            };
            if leave_at >= end {
                self.waiting(at);
                return Outcome::InAtEnd;
            }
            let output = np.output(&handle);
            if let Some(output) = output {
                self.tally.count(np.exit_slot(output));
            }
            if self.state.trace.is_some() {
                let handle = handle.to_string();
                self.state
                    .log(leave_at, scenario, &node.id, Step::Left { handle });
            }
            let Some(next) = output.and_then(|o| np.next[o]) else {
                // An unconnected output: the journey ends here.
                self.tally.count(figures + plan::COMPLETED);
                return Outcome::Done;
            };
            if leave_at > now {
                return Outcome::Pause {
                    node: next,
                    at: leave_at,
                    arriving: true,
                    wait_from: leave_at,
                };
            }
            (at, now, arriving) = (next, leave_at, true);
        }
        Outcome::Done
    }

    /// A send-email node at `now`: the mail goes out now (or is quietly skipped, the lead having
    /// refused mail), is due later (the send window, the frequency caps), or not in the window.
    fn send(&mut self, at: usize, email: &'p Email, now: Minute) -> Send {
        let end = self.window.1;
        let sp = self.sp;
        let scenario = sp.scenario;
        let node = &scenario.file().nodes[at];
        let mail = sp.nodes[at].mail;
        if self.state.opted_out_at(now) {
            return Send::Now; // Quietly skipped: the lead refused mail.
        }
        let mut t = now;
        for &cap in &sp.caps {
            match next_send_time(&sp.calendar, Some(cap), &self.state.sends, t) {
                Some(next) if next < end => t = next,
                _ => return Send::NotInWindow,
            }
        }
        if t > now {
            return Send::Later(t);
        }
        let recent = within(&self.state.sends, |&s| s, t - 7 * MINUTES_PER_DAY + 1, t);
        let rates = sp.nodes[at].rates.expect("a send-email node has its rates");
        let odds = (self.models.response).odds_with(
            if self.plan.draws() {
                ResponseModel::drawn(
                    rates,
                    self.open_shift,
                    plan::mail_draw(self.seed, sp.nodes[at].draw_key),
                )
            } else {
                rates
            },
            self.engagement,
            recent.len() as u32,
        );
        let at_send = self.state.sends.partition_point(|&s| s <= t);
        self.state.sends.insert(at_send, t);
        let id = node.id.as_str();
        self.state.add_event(EventKind::EmailSend, t, id);
        self.tally.count(mail + plan::MAIL_SENT);
        self.tally.count(self.day(t, plan::DAY_SENT));
        self.state.log(t, scenario, &node.id, Step::Sent);
        if self.rng.random_bool(odds.open) {
            let opened = t + self.rng.random_range(5..48 * 60);
            let response = (EventKind::EmailOpen, Step::Opened);
            self.respond(
                at,
                opened,
                response,
                mail + plan::MAIL_OPENED,
                plan::DAY_OPENED,
            );
            if self.rng.random_bool(odds.click_given_open) {
                let clicked = opened + self.rng.random_range(1..30);
                let response = (EventKind::EmailClick, Step::Clicked);
                self.respond(
                    at,
                    clicked,
                    response,
                    mail + plan::MAIL_CLICKED,
                    plan::DAY_CLICKED,
                );
                // A click opens one of the mail's links: a page view (which scores, and which
                // page-view triggers and conditions see).
                if !email.links.is_empty() {
                    let link = &email.links[self.rng.random_range(0..email.links.len())];
                    let page = page_of(&link.url);
                    self.state.add_event(EventKind::PageView, clicked, page);
                }
            }
        }
        if self.rng.random_bool(odds.unsubscribe) {
            self.tally.count(mail + plan::MAIL_UNSUBSCRIBED);
            let u = t + 60;
            self.state.log(u, scenario, &node.id, Step::Unsubscribed);
            self.state.unsubscribed_at = Some(self.state.unsubscribed_at.map_or(u, |x| x.min(u)));
            self.state.opted_out_from = Some(self.state.opted_out_from.map_or(u, |x| x.min(u)));
            self.state.add_event(EventKind::Unsubscribe, u, id);
        }
        Send::Now
    }
    /// The lead opened or clicked the mail of node `at` at `t`: counted for the mail (`slot`),
    /// on its day (`day_figure`) when that is inside the window, and put on the lead's timeline.
    fn respond(
        &mut self,
        at: usize,
        t: Minute,
        (kind, step): (EventKind, Step),
        slot: usize,
        day_figure: usize,
    ) {
        let node = &self.sp.scenario.file().nodes[at];
        self.tally.count(slot);
        if t < self.window.1 {
            self.tally.count(self.day(t, day_figure));
        }
        self.state.add_event(kind, t, node.id.as_str());
        self.state.log(t, self.sp.scenario, &node.id, step);
    }
}

/// The page a link leads to as page views record it: its path (`https://example.co.jp/pricing?a=1`
/// → `/pricing?a=1`); a link without a scheme as written.
fn page_of(url: &str) -> &str {
    match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => url,
    }
}

/// Every lead once, in parallel: each rayon job folds its leads into its own tally; the tallies
/// are summed (the result does not depend on the thread count, since each lead has its own random
/// streams and counts are sums).
pub(crate) fn tally_leads(
    models: &Models,
    plan: &Plan,
    leads: &[LeadInput],
    window: (Minute, Minute),
    seed: u64,
) -> Tally {
    use rayon::prelude::*;
    leads
        .par_iter()
        // Boxed: the fold moves its accumulator at every lead, and a box moves as one pointer.
        .fold(
            || Box::new((Tally::new(plan), Buffers::default())),
            |mut job, lead| {
                let (tally, buffers) = &mut *job;
                run_lead(models, plan, lead, window, seed, false, (tally, buffers));
                job
            },
        )
        .map(|job| job.0)
        .reduce(|| Tally::new(plan), Tally::merge)
}

/// Simulates these leads (in parallel; the result does not depend on the thread count). Only
/// these: a forecast of a workspace adds its new leads (`new_leads`), as `Forecast::run` does.
pub(crate) fn simulate_leads(
    models: &Models,
    scenarios: &[Scenario],
    leads: &[LeadInput],
    window: (Minute, Minute),
    seed: u64,
) -> RunCounts {
    let mut run = ChunkedRun::new(models, scenarios, window, seed);
    run.add(leads);
    run.counts()
}

/// One run fed its leads a chunk at a time, as they are read: the plan is worked out once and the
/// chunks' counts are summed, so the result is [`simulate_leads`]'s over all the chunks' leads.
pub struct ChunkedRun<'a> {
    models: &'a Models<'a>,
    plan: Plan<'a>,
    window: (Minute, Minute),
    seed: u64,
    total: Tally,
}

impl<'a> ChunkedRun<'a> {
    /// Nothing simulated yet.
    pub fn new(
        models: &'a Models<'a>,
        scenarios: &'a [Scenario],
        window: (Minute, Minute),
        seed: u64,
    ) -> Self {
        let plan = Plan::new(scenarios, models, window);
        let total = Tally::new(&plan);
        ChunkedRun {
            models,
            plan,
            window,
            seed,
            total,
        }
    }

    /// Simulates these leads and adds their counts.
    pub fn add(&mut self, leads: &[LeadInput]) {
        let tally = tally_leads(self.models, &self.plan, leads, self.window, self.seed);
        self.total.add(tally);
    }

    /// The counts of every lead added so far.
    pub fn counts(&self) -> RunCounts {
        self.plan.counts(&self.total)
    }
}
/// One run over a sample of the workspace (`input::load_sample`): its leads, and every
/// `stride`-th of the leads the run adds in the forecast part of `window`, so that the counts,
/// multiplied by the stride (`ScenarioSummary::scaled`), estimate the whole workspace's. For
/// re-simulating as the user edits: the sample stays in memory between runs.
pub(crate) fn simulate_sample(
    models: &Models,
    scenarios: &[Scenario],
    sample: &crate::simulate::leads::LeadSample,
    window: (Minute, Minute),
    seed: u64,
) -> RunCounts {
    let mut run = ChunkedRun::new(models, scenarios, window, seed);
    run.add(&sample.leads);
    if let Some(part) = forecast_part(models, window) {
        let stride = usize::try_from(sample.stride.max(1)).unwrap_or(usize::MAX);
        let arrivals: Vec<(Minute, usize)> =
            (models.inflow.arrivals(seed, part, false).into_iter())
                .skip(stride - 1)
                .step_by(stride)
                .collect();
        let new = models.inflow.leads(&arrivals, sample.last_id + 1);
        run.add(&new);
    }
    run.counts()
}

/// The leads a run with `seed` adds in the forecast part of `window` (none for a replay),
/// numbered after `last_id`, the workspace's highest lead id. Simulating the workspace's leads
/// and these together is what `Forecast::run` does.
pub(crate) fn new_leads(
    models: &Models,
    window: (Minute, Minute),
    seed: u64,
    last_id: i64,
) -> Vec<LeadInput> {
    forecast_part(models, window)
        .map_or_else(Vec::new, |part| models.inflow.draw(seed, last_id + 1, part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recycled_timeline_vector_keeps_its_allocation() {
        let detail = String::from("/pricing");
        let mut events: Vec<Event> = Vec::with_capacity(64);
        events.push((EventKind::PageView, 1, detail.as_str()));
        let before = events.as_ptr() as usize;
        let recycled: Vec<Event<'static>> = recycle(events);
        assert!(recycled.is_empty());
        assert!(recycled.capacity() >= 64);
        assert_eq!(recycled.as_ptr() as usize, before);
    }

    /// A lead's state at the start of a pass, with this timeline and these deals.
    fn state_of<'a>(
        input: &'a LeadInput,
        scoring: &'a ScoringModel,
        events: Vec<(EventKind, Minute, &'a str)>,
        deals: Vec<(DealStatus, Minute)>,
    ) -> LeadState<'a> {
        LeadState {
            input,
            events,
            deals,
            added_events: Vec::new(),
            added_deals: Vec::new(),
            sends: Vec::new(),
            manual_score: Vec::new(),
            opted_out_from: None,
            unsubscribed_at: None,
            switches: Vec::new(),
            scoring,
            trace: None,
        }
    }

    #[test]
    fn deals_and_mail_responses_drawn_ahead_count_only_once_they_happen() {
        let scoring = ScoringModel::default();
        let input = LeadInput::default();
        let day = MINUTES_PER_DAY;
        let events = vec![
            (EventKind::EmailSend, 10 * day, "m"),
            (EventKind::EmailOpen, 11 * day, "m"),
        ];
        // A hand-off on day 10 draws the whole sales process at once.
        let deals = vec![
            (DealStatus::Unworked, 10 * day),
            (DealStatus::Working, 12 * day),
            (DealStatus::Opportunity, 40 * day),
        ];
        let state = state_of(&input, &scoring, events, deals);
        assert_eq!(state.deal_status(9 * day), None);
        // Recorded deals leave the recorded lead status as it is; a simulated hand-off moves it.
        assert_eq!(state.attribute(&Attribute::LeadStatus, 20 * day), None);
        let mut handed = state_of(&input, &scoring, Vec::new(), Vec::new());
        handed.added_deals = vec![
            (DealStatus::Unworked, 10 * day),
            (DealStatus::Working, 12 * day),
        ];
        handed.deals = handed.added_deals.clone();
        assert_eq!(handed.attribute(&Attribute::LeadStatus, 9 * day), None);
        assert_eq!(
            handed.attribute(&Attribute::LeadStatus, 11 * day),
            Some("MQL")
        );
        assert_eq!(
            handed.attribute(&Attribute::LeadStatus, 13 * day),
            Some("SQL")
        );
        assert_eq!(state.deal_status(10 * day), Some(DealStatus::Unworked));
        assert_eq!(state.deal_status(20 * day), Some(DealStatus::Working));
        assert_eq!(state.deal_status(40 * day), Some(DealStatus::Opportunity));
        // The open on day 11 is not yet known on day 10.
        let m: NodeId = "m".into();
        let engaged = |engagement, to| state.email_engagement(engagement, Some(&m), 0, to);
        assert!(engaged(Engagement::NotOpened, 10 * day));
        assert!(!engaged(Engagement::Opened, 10 * day));
        assert!(engaged(Engagement::Opened, 11 * day));
        assert!(!engaged(Engagement::NotOpened, 11 * day));
        assert!(engaged(Engagement::NotClicked, 11 * day));
    }

    #[test]
    fn score_adjustments_count_in_time_order_whatever_order_they_were_made_in() {
        let scoring = ScoringModel::default();
        let input = LeadInput::default();
        let form = (EventKind::FormSubmit, 30 * MINUTES_PER_DAY, "デモ依頼");
        let state = || state_of(&input, &scoring, vec![form], Vec::new());
        let (day, later) = (MINUTES_PER_DAY, 200 * MINUTES_PER_DAY);
        let mut in_order = state();
        in_order.adjust_score(10 * day, 40);
        in_order.adjust_score(90 * day, -20);
        let mut walked_later_first = state();
        walked_later_first.adjust_score(90 * day, -20);
        walked_later_first.adjust_score(10 * day, 40);
        assert_eq!(in_order.score(later), walked_later_first.score(later));
        // And they decay from their own moments: 40 points made on day 10 are worth less on
        // day 200 than 40 made on day 90.
        let mut recent = state();
        recent.adjust_score(90 * day, 40);
        assert!(in_order.score(later) < recent.score(later) - 10);
    }

    #[test]
    fn a_click_views_the_links_path() {
        assert_eq!(
            page_of("https://www.example.co.jp/pricing?a=1"),
            "/pricing?a=1"
        );
        assert_eq!(page_of("https://www.example.co.jp"), "/");
        assert_eq!(page_of("/cases/manufacturing"), "/cases/manufacturing");
    }
}
