//! The simulation engine (issue 4). Built so far: a first engine (`engine`, one run with counts per
//! node, mail and scenario) and its parts — condition evaluation, triggers, organic behaviour, the send
//! calendar (when a mail may go out), the
//! response model (the odds of a send) and the sales process after a hand-off; the scoring model is
//! `crate::scoring`; Monte Carlo bands and KPI verdicts (`results`). Daily series, what-if, traces and
//! saved runs follow.

pub mod behaviour;
pub mod calendar;
pub mod engine;
pub mod eval;
pub mod input;
pub mod response;
pub mod results;
pub mod sfa;
pub mod triggers;
