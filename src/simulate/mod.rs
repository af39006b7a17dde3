//! The simulation engine (issue 4). Built so far: the send calendar — when a mail may go out, given a
//! scenario's send window, Japan's public holidays, the year-end break, company holidays and the
//! frequency cap. The event-driven engine, scoring, response and SFA models follow.

pub mod calendar;
pub mod response;
