//! Conditions met by the workspace as it stands: how many leads a condition matches (the property
//! form's live "n of N leads match") and which scenarios' segments one lead is in (its detail
//! view), evaluated by the same `eval` as the forecast over what was recorded up to the last
//! recorded moment.

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

/// A stored scenario as one lead meets it: whether the lead is in its segment now, and what
/// would enrol it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ScenarioFit {
    /// The scenario's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Whether it is running (稼働中).
    pub active: bool,
    /// Whether the lead is in its target segment now (true when it has none).
    pub in_segment: bool,
    /// What enrols a lead: its triggers, as people read them.
    pub triggers: Vec<crate::Localized>,
}

/// The workspace's stored scenarios as lead `id` meets them at the last recorded moment, those
/// whose segment it is in first; none when there is no such lead. A scenario whose document no
/// longer reads is left out.
pub fn scenarios_for_lead(
    conn: &Connection,
    id: i64,
) -> Result<Option<Vec<ScenarioFit>>, StoreError> {
    use crate::model::node::NodeKind;
    let scoring: ScoringModel = store::documents::load(conn, store::documents::SCORING_MODEL)?;
    let now = store::scores::history_end(conn)?;
    let Some(lead) = crate::simulate::input::load_lead(conn, &scoring, now, id)? else {
        return Ok(None);
    };
    let recorded = Recorded {
        lead: &lead,
        scoring: &scoring,
    };
    let mut out = Vec::new();
    for stored in store::scenarios::list(conn)? {
        let Ok(Some(file)) = store::scenarios::load(conn, &stored.id) else {
            continue;
        };
        let triggers = (file.nodes.iter())
            .filter_map(|n| match &n.kind {
                NodeKind::Trigger { event } => Some(event.summary()),
                _ => None,
            })
            .collect();
        out.push(ScenarioFit {
            in_segment: (file.settings.segment.as_ref())
                .is_none_or(|s| crate::simulate::eval::eval(s, &recorded, now)),
            active: file.status == crate::model::Status::Active,
            id: stored.id,
            name: file.name,
            triggers,
        });
    }
    out.sort_by_key(|s| (!s.in_segment, !s.active, s.id.clone()));
    Ok(Some(out))
}
