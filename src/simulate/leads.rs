//! A lead as the simulation takes it: its attributes, recorded timeline, consent and mail
//! history — read from a workspace (`input`), drawn as a new lead (`inflow`) or built by a test.

use crate::simulate::attributes::LeadAttributes;
use crate::simulate::triggers::LeadHistory;

/// One lead as the engine sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeadInput {
    /// The lead's row id (it seeds the lead's random streams).
    pub id: i64,
    /// Attributes by name, for segments and conditions.
    pub attributes: LeadAttributes,
    /// Its recorded timeline (a forecast draws the lead's own behaviour after it when the lead is
    /// simulated).
    pub history: LeadHistory,
    /// It refused mail before the window.
    pub opted_out: bool,
    /// It has a recorded opt-in basis (特定電子メール法); without one it is never mailed.
    pub has_consent: bool,
    /// Its mail history: sends and opens before the window, for its engagement.
    pub past_sends: u64,
    /// Opens among them.
    pub past_opens: u64,
}

/// A systematic sample of a workspace's leads — every `stride`-th by row id — for a quick forecast
/// whose counts stand for `stride` times as many leads (the app re-simulates one as the user edits).
#[derive(Debug, Clone, Default)]
pub struct LeadSample {
    /// The sampled leads with their histories, in id order.
    pub leads: Vec<LeadInput>,
    /// One lead in `stride` was taken.
    pub stride: u64,
    /// Leads in the workspace.
    pub population: u64,
    /// The workspace's highest lead id (new leads of a forecast are numbered after it).
    pub last_id: i64,
}
