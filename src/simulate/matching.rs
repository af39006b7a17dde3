//! How many of a workspace's leads a condition matches as the workspace stands: the property
//! form's live "n of N leads match", evaluated by the same `eval` as the forecast over what was
//! recorded up to the last recorded moment.

use rusqlite::Connection;
use serde::Serialize;

use crate::model::expr::Expr;
use crate::scoring::ScoringModel;
use crate::simulate::eval::{eval_keyed, keyed};
use crate::simulate::input::{Recorded, for_each_chunk};
use crate::store::{self, StoreError};

/// How many leads a condition matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct MatchCount {
    /// Leads for which it holds.
    pub matching: u64,
    /// Leads in the workspace.
    pub leads: u64,
}

/// Leads are read this many at a time.
const CHUNK: usize = 50_000;

/// How many of the workspace's leads `expr` holds for at the last recorded moment.
pub fn count_matching(conn: &Connection, expr: &Expr) -> Result<MatchCount, StoreError> {
    let scoring: ScoringModel = store::documents::load(conn, store::documents::SCORING_MODEL)?;
    let now = store::scores::history_end(conn)?;
    let expr = keyed(expr);
    let mut count = MatchCount {
        matching: 0,
        leads: 0,
    };
    for_each_chunk(conn, &scoring, now, CHUNK, |chunk| {
        for lead in &chunk {
            let recorded = Recorded {
                lead,
                scoring: &scoring,
            };
            count.leads += 1;
            count.matching += u64::from(eval_keyed(&expr, &recorded, now));
        }
        Ok::<(), StoreError>(())
    })?;
    Ok(count)
}
