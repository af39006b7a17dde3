//! The simulation engine (DESIGN.md §5): the active scenarios of a workspace walked together over
//! its leads (`engine`, on the plan of `plan`), with its parts — condition evaluation (`eval`),
//! trigger firing (`triggers`), organic behaviour (`behaviour`), new leads (`inflow`), the send calendar (`calendar`),
//! the response model (`response`) and the sales process after a hand-off (`sfa`); the scoring
//! model is `crate::scoring`. Leads are read from the workspace by `input` (their attributes kept compactly by `attributes`), the facts the models are fitted from by `history`; Monte Carlo bands,
//! daily series and KPI verdicts are `results`; `workspace` fits a workspace's models; `ties` says
//! which recorded mail is which scenario mail.

pub mod attributes;
pub mod behaviour;
pub mod calendar;
pub mod engine;
pub mod eval;
pub mod history;
pub mod inflow;
pub mod input;
mod plan;
pub mod response;
pub mod results;
pub mod settings;
pub mod sfa;
pub mod ties;
pub mod triggers;
pub mod workspace;
