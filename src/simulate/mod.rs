//! The simulation engine (issue 4). Built so far: condition evaluation, organic behaviour, the send
//! calendar (when a mail may go out), the
//! response model (the odds of a send) and the sales process after a hand-off; the scoring model is
//! `crate::scoring`. The event-driven engine that runs scenarios over leads with them follows.

pub mod behaviour;
pub mod calendar;
pub mod eval;
pub mod response;
pub mod sfa;
pub mod triggers;
