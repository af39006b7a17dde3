//! The sales side after a hand-off (SFA loop, DESIGN.md §5): how a lead handed to sales moves through
//! 未対応 → 対応中 → 商談化 → 受注/失注, or back to nurture (ナーチャリング戻し). Each change is an event
//! the simulator feeds back into the scenarios (a deal-status trigger, condition or goal).
//!
//! Probabilities and delays are settings with defaults typical of B2B inside sales; the draw uses the
//! lead's own random stream, so it is reproducible.

use rand::RngExt;
use serde::{Deserialize, Serialize};

use crate::model::expr::DealStatus;
use crate::time::Minute;

/// The sales process's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SalesProcess {
    /// P(sales takes the lead up: 未対応 → 対応中); the rest stay 未対応.
    pub accept_rate: f64,
    /// Days from hand-off to 対応中 (uniform between the two).
    pub accept_days: (u32, u32),
    /// P(対応中 → 商談化); the rest go back to nurture (ナーチャリング戻し).
    pub opportunity_rate: f64,
    /// Days from 対応中 to 商談化 or back to nurture.
    pub opportunity_days: (u32, u32),
    /// P(受注 | 商談化); the rest are 失注.
    pub win_rate: f64,
    /// Days from 商談化 to 受注 or 失注.
    pub close_days: (u32, u32),
}

impl Default for SalesProcess {
    fn default() -> Self {
        SalesProcess {
            accept_rate: 0.9,
            accept_days: (1, 5),
            opportunity_rate: 0.35,
            opportunity_days: (7, 30),
            win_rate: 0.3,
            close_days: (30, 90),
        }
    }
}

const MINUTES_PER_DAY: Minute = 24 * 60;

fn after(rng: &mut (impl rand::Rng + ?Sized), t: Minute, (lo, hi): (u32, u32)) -> Minute {
    let (lo, hi) = (i64::from(lo.min(hi)), i64::from(lo.max(hi)));
    t + rng.random_range(lo * MINUTES_PER_DAY..=hi * MINUTES_PER_DAY)
}

impl SalesProcess {
    /// The deal-status changes that follow a hand-off at `t`, in time order, starting with 未対応 at
    /// `t`. `lift` scales the opportunity odds for this lead (seniority and company size; 1.0 is
    /// average).
    pub fn draw(
        &self,
        rng: &mut (impl rand::Rng + ?Sized),
        t: Minute,
        lift: f64,
    ) -> Vec<(DealStatus, Minute)> {
        let mut changes = vec![(DealStatus::Unworked, t)];
        if !rng.random_bool(self.accept_rate.clamp(0.0, 1.0)) {
            return changes;
        }
        let t = after(rng, t, self.accept_days);
        changes.push((DealStatus::Working, t));
        let t = after(rng, t, self.opportunity_days);
        if !rng.random_bool((self.opportunity_rate * lift).clamp(0.0, 1.0)) {
            changes.push((DealStatus::Recycled, t));
            return changes;
        }
        changes.push((DealStatus::Opportunity, t));
        let t = after(rng, t, self.close_days);
        let won = rng.random_bool(self.win_rate.clamp(0.0, 1.0));
        changes.push((
            if won {
                DealStatus::Won
            } else {
                DealStatus::Lost
            },
            t,
        ));
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha8Rng;
    use rand_chacha::rand_core::SeedableRng;

    #[test]
    fn the_process_reaches_its_configured_rates_over_many_leads() {
        // 20,000 hand-offs: the standard error of a rate near 0.3 is about 0.003; tolerance 0.02.
        let p = SalesProcess::default();
        let (mut working, mut opportunity, mut won, mut closed) = (0, 0, 0, 0);
        for lead in 0..20_000u64 {
            let mut rng = ChaCha8Rng::seed_from_u64(7);
            rng.set_stream(lead);
            let changes = p.draw(&mut rng, 1_000_000, 1.0);
            assert_eq!(changes[0], (DealStatus::Unworked, 1_000_000));
            assert!(
                changes.windows(2).all(|w| w[0].1 <= w[1].1),
                "changes are in time order"
            );
            let has = |s| changes.iter().any(|c| c.0 == s);
            working += usize::from(has(DealStatus::Working));
            opportunity += usize::from(has(DealStatus::Opportunity));
            won += usize::from(has(DealStatus::Won));
            closed += usize::from(has(DealStatus::Won) || has(DealStatus::Lost));
        }
        let rate = |a: usize, b: usize| a as f64 / b as f64;
        assert!((rate(working, 20_000) - 0.9).abs() < 0.02);
        assert!((rate(opportunity, working) - 0.35).abs() < 0.02);
        assert!((rate(won, closed) - 0.3).abs() < 0.02);
        assert_eq!(
            closed, opportunity,
            "every opportunity closes one way or the other"
        );
    }

    #[test]
    fn lift_raises_the_opportunity_odds_and_the_draw_is_reproducible() {
        let p = SalesProcess::default();
        let count = |lift: f64| {
            (0..5_000u64)
                .filter(|&lead| {
                    let mut rng = ChaCha8Rng::seed_from_u64(3);
                    rng.set_stream(lead);
                    p.draw(&mut rng, 0, lift)
                        .iter()
                        .any(|c| c.0 == DealStatus::Opportunity)
                })
                .count()
        };
        assert!(count(1.5) > count(1.0));
        let draw = || {
            let mut rng = ChaCha8Rng::seed_from_u64(9);
            p.draw(&mut rng, 42, 1.0)
        };
        assert_eq!(draw(), draw());
    }
}
