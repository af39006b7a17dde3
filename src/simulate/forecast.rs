//! A forecast of a workspace: the request every face makes of the engine (`Forecast`), run over
//! the workspace's leads read chunk by chunk (`input`) and the new leads of the forecast part of
//! the window, each chunk simulated by the engine (`engine`) on the rayon pool while the next is
//! read. The engine proper reads nothing; this is where the workspace is read.

use crate::scenario::Scenario;
use crate::simulate::counts::RunCounts;
use crate::simulate::counts::TraceStep;
use crate::simulate::engine::{
    forecast_part, simulate_leads, simulate_sample, tally_leads, trace_lead,
};
use crate::simulate::input;
use crate::simulate::leads::{LeadInput, LeadSample};
use crate::simulate::models::Models;
use crate::simulate::plan::{Plan, Tally};
use crate::time::Minute;

/// Leads read and simulated at a time: bounds memory whatever the workspace's size.
pub const CHUNK: usize = 50_000;

/// Why a chunked run returned without results.
#[derive(Debug, thiserror::Error)]
enum RunError {
    /// Reading the workspace failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// The job's stop flag was set.
    #[error("stopped")]
    Stopped,
}

/// The chunk's result. Called from a rayon worker (an app calling the engine from its own
/// parallel work), blocking would starve the pool the chunk waits on — on one thread, forever — so
/// the worker runs pending pool work while it waits.
fn wait_for<T>(chunk: &std::sync::mpsc::Receiver<T>) -> T {
    use std::sync::mpsc::TryRecvError;
    loop {
        match chunk.try_recv() {
            Ok(result) => return result,
            Err(TryRecvError::Disconnected) => panic!("the chunk's simulation panicked"),
            Err(TryRecvError::Empty) => match rayon::yield_now() {
                None => return chunk.recv().expect("the chunk's simulation panicked"),
                Some(rayon::Yield::Executed) => {}
                Some(rayon::Yield::Idle) => std::thread::yield_now(),
            },
        }
    }
}

/// Leads by what happened to them in a scenario in a forecast's first run (`Forecast::pick`), by
/// lead id.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct LeadPicks {
    /// Entered the scenario.
    pub entered: Vec<i64>,
    /// Were handed to sales.
    pub handed_off: Vec<i64>,
    /// Met its goal.
    pub goal: Vec<i64>,
    /// Were still inside at the window's end.
    pub stuck: Vec<i64>,
}

impl LeadPicks {
    /// Whether every list holds `limit`.
    pub fn full(&self, limit: usize) -> bool {
        [&self.entered, &self.handed_off, &self.goal, &self.stuck]
            .iter()
            .all(|l| l.len() >= limit)
    }
}

/// A forecast to run: the one request every face makes of the engine (the CLI's `simulate`,
/// `backtest` and `compare`, the app's forecast, live estimate and what-if, the diagnosis's quick
/// forecast), instead of a function per combination of arguments.
///
/// ```ignore
/// let runs = Forecast::new(&models, &scenarios, window).seed(7).runs(20).run(conn, &mut |_| {})?;
/// ```
#[derive(Clone, Copy)]
pub struct Forecast<'a> {
    /// The models.
    pub models: &'a Models<'a>,
    /// The scenarios, together.
    pub scenarios: &'a [Scenario],
    /// The window.
    pub window: (Minute, Minute),
    /// The first run's seed (run `r` has `seed + r`).
    pub seed: u64,
    /// Monte Carlo runs (at least one is run).
    pub runs: u32,
    /// Set by another thread to end the forecast early (`run_until`).
    pub stop: Option<&'a std::sync::atomic::AtomicBool>,
    /// How the workspace is read: not the result (tested with chunks of a few leads and several
    /// readers against one chunk and one reader).
    pub reading: Reading,
}

/// How a forecast reads the workspace's leads: `chunk` leads at a time (bounding memory), by
/// `readers` threads.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// Leads read and simulated at a time.
    pub chunk: usize,
    /// The reading threads.
    pub readers: input::Readers,
}

impl Default for Reading {
    /// [`CHUNK`] leads at a time, by [`input::Readers::for_simulation`].
    fn default() -> Self {
        Reading {
            chunk: CHUNK,
            readers: input::Readers::for_simulation(),
        }
    }
}

impl<'a> Forecast<'a> {
    /// One run with seed 0 of `scenarios` over `window`.
    pub fn new(
        models: &'a Models<'a>,
        scenarios: &'a [Scenario],
        window: (Minute, Minute),
    ) -> Self {
        Forecast {
            models,
            scenarios,
            window,
            seed: 0,
            runs: 1,
            stop: None,
            reading: Reading::default(),
        }
    }

    /// With the first run's seed.
    pub fn seed(self, seed: u64) -> Self {
        Forecast { seed, ..self }
    }

    /// With `runs` Monte Carlo runs.
    pub fn runs(self, runs: u32) -> Self {
        Forecast { runs, ..self }
    }

    /// Reading the workspace `chunk` leads at a time by `readers` (the result does not change).
    pub fn read_by(self, chunk: usize, readers: input::Readers) -> Self {
        Forecast {
            reading: Reading { chunk, readers },
            ..self
        }
    }

    /// Every run over every lead of the workspace and the new leads of the forecast part of the
    /// window, reading the workspace once, `CHUNK` leads at a time (each chunk is simulated
    /// `runs` times). `progress` is told how many leads each finished chunk held (for a progress
    /// bar; it does not change the result).
    ///
    /// Reading and simulating overlap: while the rayon pool simulates one chunk, this thread reads
    /// the next (at most two chunks in memory). Results are summed, so the order in which chunks
    /// finish cannot change them.
    pub fn run(
        &self,
        conn: &rusqlite::Connection,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Vec<RunCounts>, crate::store::StoreError> {
        let whole = Forecast {
            stop: None,
            ..*self
        };
        match whole.run_chunks(conn, progress) {
            Ok(runs) => Ok(runs),
            Err(RunError::Store(e)) => Err(e),
            Err(RunError::Stopped) => unreachable!("no stop flag"),
        }
    }

    /// `run` that ends early, with `Ok(None)`, once `stop` is set (checked before each chunk is
    /// read or built): for an app whose user cancels a long run.
    pub fn run_until(
        &self,
        conn: &rusqlite::Connection,
        progress: &mut dyn FnMut(usize),
        stop: &std::sync::atomic::AtomicBool,
    ) -> Result<Option<Vec<RunCounts>>, crate::store::StoreError> {
        let stoppable = Forecast {
            stop: Some(stop),
            ..*self
        };
        match stoppable.run_chunks(conn, progress) {
            Ok(runs) => Ok(Some(runs)),
            Err(RunError::Store(e)) => Err(e),
            Err(RunError::Stopped) => Ok(None),
        }
    }

    /// `run` with one run, its counts.
    pub fn run_once(
        &self,
        conn: &rusqlite::Connection,
    ) -> Result<RunCounts, crate::store::StoreError> {
        let mut runs = self.runs(1).run(conn, &mut |_| {})?;
        Ok(runs.pop().expect("one run"))
    }

    /// One run (the first seed) over these leads only: a forecast of a workspace adds its new
    /// leads (`new_leads`), as `run` does.
    pub fn run_leads(&self, leads: &[LeadInput]) -> RunCounts {
        simulate_leads(self.models, self.scenarios, leads, self.window, self.seed)
    }

    /// One run (the first seed) over a sample of the workspace (`input::load_sample`): its leads
    /// and every `stride`-th of the new leads, so that the counts, multiplied by the stride
    /// (`ScenarioSummary::scaled`), estimate the whole workspace's. For re-simulating as the user
    /// edits: the sample stays in memory between runs.
    pub fn run_sample(&self, sample: &LeadSample) -> RunCounts {
        simulate_sample(self.models, self.scenarios, sample, self.window, self.seed)
    }

    /// One lead's run (the first seed): its counts and every step of its path, in the order they
    /// were taken (scenario by scenario).
    pub fn trace(&self, lead: &LeadInput) -> (RunCounts, Vec<TraceStep>) {
        trace_lead(self.models, self.scenarios, lead, self.window, self.seed)
    }

    /// Adds to `picks` the leads of `leads` whose first run in `scenario` shows what a marketer
    /// looks for when choosing one to trace: it entered, was handed to sales, met the goal, or
    /// was still inside at the window's end. Each list keeps at most `limit`, in the order given.
    pub fn pick(
        &self,
        leads: &[LeadInput],
        scenario: &crate::model::ids::ScenarioId,
        limit: usize,
        picks: &mut LeadPicks,
    ) {
        use crate::simulate::counts::Step;
        for lead in leads {
            if picks.full(limit) {
                return;
            }
            let (_, steps) = self.trace(lead);
            let mine = || steps.iter().filter(|s| &s.scenario == scenario);
            let lists = [
                (&mut picks.entered, mine().any(|s| s.step == Step::Entered)),
                (
                    &mut picks.handed_off,
                    mine().any(|s| s.step == Step::HandedOff),
                ),
                (&mut picks.goal, mine().any(|s| s.step == Step::Goal)),
                (
                    &mut picks.stuck,
                    mine().any(|s| s.step == Step::WaitingAtEnd),
                ),
            ];
            for (list, happened) in lists {
                if happened && list.len() < limit {
                    list.push(lead.id);
                }
            }
        }
    }

    /// The leads the first run adds in the forecast part of the window (none for a replay),
    /// numbered after `last_id`, the workspace's highest lead id: `run` simulates the workspace's
    /// leads and these together.
    pub fn new_leads(&self, last_id: i64) -> Vec<LeadInput> {
        crate::simulate::engine::new_leads(self.models, self.window, self.seed, last_id)
    }

    /// Every run, reading the workspace as `reading` says.
    fn run_chunks(
        &self,
        conn: &rusqlite::Connection,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Vec<RunCounts>, RunError> {
        let Forecast {
            models,
            scenarios,
            window,
            seed,
            runs,
            stop,
            reading: Reading { chunk, readers },
        } = *self;
        let stopped = || stop.is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed));
        let runs = runs.max(1);
        let mut plan = Plan::new(scenarios, models, window);
        // Several runs: each moves the open rates and leads' own doing by its own draw of how
        // much periods differ, so the bands carry that as well as chance.
        if runs > 1 {
            let seeds = (0..runs).map(|r| seed.wrapping_add(u64::from(r)));
            let sd = (models.response.period_sd, models.behaviour.period_sd);
            plan.draw_shifts(sd, seeds);
        }
        let plan = &plan;
        let mut totals: Vec<Tally> = (0..runs).map(|_| Tally::new(plan)).collect();
        // New leads of a forecast are numbered after the workspace's highest id.
        let last_id: i64 = conn
            .query_row("SELECT coalesce(max(id), 0) FROM leads", [], |r| r.get(0))
            .map_err(crate::store::StoreError::from)?;
        type Pending = std::sync::mpsc::Receiver<(usize, Vec<Tally>)>;
        // One channel per chunk: if its simulation panicked, its sender is gone and the wait ends
        // (the scope then carries the panic on) instead of waiting for ever.
        let mut pending: Option<Pending> = None;
        let mut collect = |totals: &mut Vec<Tally>, chunk: Pending| {
            let (leads, counts) = wait_for(&chunk);
            for (total, c) in totals.iter_mut().zip(counts) {
                total.add(c);
            }
            progress(leads);
        };
        // Only the attributes the scenarios test are read.
        let wanted = crate::simulate::attributes::Wanted::tested_by(scenarios);
        let read = rayon::in_place_scope(|scope| {
            let on_chunk = |leads: Vec<LeadInput>| {
                // The chunk in flight is still collected below, so its worker can hand it over.
                if stopped() {
                    return Err(RunError::Stopped);
                }
                if let Some(previous) = pending.take() {
                    collect(&mut totals, previous);
                }
                let (done, finished) = std::sync::mpsc::sync_channel(1);
                scope.spawn(move |_| {
                    let counts = (0..runs)
                        .map(|r| {
                            tally_leads(
                                models,
                                plan,
                                &leads,
                                window,
                                seed.wrapping_add(u64::from(r)),
                            )
                        })
                        .collect();
                    done.send((leads.len(), counts)).expect("the reader waits");
                });
                pending = Some(finished);
                Ok::<(), RunError>(())
            };
            // A large workspace is read by several threads at once, each over its own range of lead
            // ids: one thread decoding rows is slower than two simulating them.
            let (scoring, start) = (models.scoring, window.0);
            let read =
                input::for_each_chunk_by(conn, readers, scoring, start, chunk, &wanted, on_chunk);
            if let Some(last) = pending.take() {
                collect(&mut totals, last);
            }
            read
        });
        read?;
        // New leads of each run, after the workspace's own, built a chunk at a time.
        if let Some(part) = forecast_part(models, window) {
            for (r, total) in (0..runs).zip(totals.iter_mut()) {
                let seed = seed.wrapping_add(u64::from(r));
                // Several runs: each draws its own inflow rate and trend, as it draws its open rates.
                let arrivals = models.inflow.arrivals(seed, part, runs > 1);
                let chunk = chunk.max(1);
                for (c, arrivals) in arrivals.chunks(chunk).enumerate() {
                    if stopped() {
                        return Err(RunError::Stopped);
                    }
                    let new = models
                        .inflow
                        .leads(arrivals, last_id + 1 + (c * chunk) as i64);
                    let counts = tally_leads(models, plan, &new, window, seed);
                    total.add(counts);
                }
            }
        }
        Ok(totals.iter().map(|t| plan.counts(t)).collect())
    }
}
