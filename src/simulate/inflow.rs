//! New leads in a forecast: after the recorded history, leads keep arriving at the rate the
//! workspace's recent history shows, each like one of the recently created leads (its company
//! size, industry, title, source and consent; none of its behaviour). Without them a forecast
//! would never enrol anyone in a welcome scenario.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use rusqlite::Connection;

use crate::scoring::ScoringModel;
use crate::simulate::behaviour::BehaviourModel;
use crate::simulate::calendar::Minute;
use crate::simulate::engine::LeadInput;
use crate::simulate::history::HistoryFacts;
use crate::store::StoreError;

/// The inflow of new leads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inflow {
    /// New leads per day.
    pub daily_rate: f64,
    /// The recently created leads new ones are like (without their history), in id order.
    pub profiles: Vec<LeadInput>,
}

impl Inflow {
    /// No new leads (a replay, or a workspace without creation dates).
    pub fn none() -> Inflow {
        Inflow::default()
    }

    /// The inflow of a workspace: its leads created per day over the last days of its history,
    /// modelled on the most recent of them.
    pub fn fit(
        conn: &Connection,
        facts: &HistoryFacts,
        scoring: &ScoringModel,
    ) -> Result<Inflow, StoreError> {
        if facts.last_at.is_none() || facts.recent_created == 0 || facts.recent_days < 1.0 {
            return Ok(Inflow::none());
        }
        let profiles = crate::simulate::input::profiles(conn, scoring, &facts.recent_ids)?;
        Ok(Inflow {
            daily_rate: facts.recent_created as f64 / facts.recent_days,
            profiles,
        })
    }

    /// The new leads of one run in `[from, to)`: a Poisson process of `daily_rate`, each lead
    /// a copy of a profile drawn at random, created at its arrival and numbered from `first_id`.
    /// The same `seed` gives the same leads.
    pub fn draw(&self, seed: u64, first_id: i64, window: (Minute, Minute)) -> Vec<LeadInput> {
        self.leads(&self.arrivals(seed, window), first_id)
    }

    /// `draw` without building the leads: when each arrives and which profile it copies (a
    /// simulation builds them a chunk at a time).
    pub fn arrivals(&self, seed: u64, (from, to): (Minute, Minute)) -> Vec<(Minute, usize)> {
        if self.profiles.is_empty() || from >= to {
            return Vec::new();
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1A5E_ED1F_1017_0000);
        let times = BehaviourModel::draw_times(&mut rng, self.daily_rate, from, to);
        times
            .into_iter()
            .map(|at| (at, rng.random_range(0..self.profiles.len())))
            .collect()
    }

    /// The new leads of `arrivals`, numbered from `first_id`.
    pub fn leads(&self, arrivals: &[(Minute, usize)], first_id: i64) -> Vec<LeadInput> {
        (arrivals.iter().zip(first_id..))
            .map(|(&(at, profile), id)| {
                let mut lead = self.profiles[profile].clone();
                lead.id = id;
                lead.history.created_at = Some(at);
                lead
            })
            .collect()
    }
}
