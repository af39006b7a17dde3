//! The engine's one unit of time, shared by the models, the store and the diagnosis without any
//! of them depending on another: minutes since 1970-01-01 00:00 UTC. What a minute is in Japan
//! (days, weekdays, holidays, send windows) is the send calendar's (`simulate::calendar`).

/// Minutes since 1970-01-01 00:00 UTC.
pub type Minute = i64;
