//! The simulation engine (DESIGN.md §5): the active scenarios of a workspace walked together over
//! its leads (`engine`, on the plan of `plan`), with its parts — condition evaluation (`eval`),
//! trigger firing (`triggers`), organic behaviour (`behaviour`), what it counts and traces
//! (`counts`), the lead it takes (`leads`) and the models it runs with (`models`), new leads (`inflow`), the send calendar (`calendar`),
//! the response model (`response`) and the sales process after a hand-off (`sfa`); the scoring
//! model is `crate::scoring`. Leads are read from the workspace by `input` (their attributes kept compactly by `attributes`), the facts the models are fitted from by `history`; Monte Carlo bands,
//! daily series and KPI verdicts are `results`; how many leads a condition matches now is `matching`; `workspace` fits a workspace's models; `ties` says
//! which recorded mail is which scenario mail; how much the history's periods differ is `periods`.

pub mod attributes;
pub mod behaviour;
pub mod calendar;
pub mod counts;
pub mod engine;
pub mod eval;
pub mod forecast;
pub mod history;
pub mod inflow;
pub mod input;
pub mod leads;
pub mod matching;
pub mod models;
pub mod organic;
pub mod parameters;
pub mod periods;
mod plan;
pub mod response;
pub mod results;
pub mod setup;
pub mod sfa;
pub mod ties;
pub mod triggers;
pub mod webinars;

/// The longest window a forecast covers, in days (ten years).
pub const MAX_WINDOW_DAYS: u32 = 3650;

/// The most Monte Carlo runs one forecast makes: enough for smooth 5–95 % bands many times over;
/// more only costs time and memory (a million runs exhausted a machine's memory).
pub const MAX_RUNS: u32 = 1000;
