//! Reading the leads of a workspace as the engine needs them, in lead order, in one pass over leads
//! and one over events and deals.

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::lead::{EmployeeBand, EventKind, JobLevel};
use crate::model::expr::{Attribute, DealStatus};
use crate::scoring::ScoringModel;
use crate::simulate::calendar::Minute;
use crate::simulate::engine::LeadInput;
use crate::simulate::triggers::{LeadHistory, TriggerContext};
use crate::store::StoreError;

/// Workspace facts for triggers: each webinar's time (its first attendance).
pub fn trigger_context(conn: &Connection) -> Result<TriggerContext, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT detail, MIN(at) FROM lead_events WHERE kind = 'webinar_attendance' GROUP BY detail ORDER BY detail",
    )?;
    let webinar_times = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? / 60))
        })?
        .collect::<Result<_, _>>()?;
    Ok(TriggerContext { webinar_times })
}

/// Every lead with its history, for a window starting at `start` (mail before it sets each lead's
/// engagement).
pub fn load_leads(
    conn: &Connection,
    scoring: &ScoringModel,
    start: Minute,
) -> Result<Vec<LeadInput>, StoreError> {
    let mut leads = conn.prepare(
        "SELECT id, company, department, title, job_level, employee_band, industry, prefecture,
                lead_source, lead_status, email, created_at, opt_in_basis, opted_out, custom
         FROM leads ORDER BY id",
    )?;
    let mut out: Vec<LeadInput> = leads
        .query_map([], |r| {
            let mut attributes = BTreeMap::new();
            let mut put = |a: Attribute, v: Option<String>| {
                if let Some(v) = v.filter(|v| !v.is_empty()) {
                    attributes.insert(a, v);
                }
            };
            put(Attribute::Company, r.get(1)?);
            put(Attribute::Department, r.get(2)?);
            put(Attribute::Title, r.get(3)?);
            let level: Option<String> = r.get(4)?;
            let band: Option<String> = r.get(5)?;
            put(Attribute::JobLevel, level.clone());
            put(Attribute::EmployeeBand, band.clone());
            let industry: String = r.get(6)?;
            put(Attribute::Industry, Some(industry.clone()));
            put(Attribute::Prefecture, r.get(7)?);
            put(Attribute::LeadSource, r.get(8)?);
            put(Attribute::LeadStatus, r.get(9)?);
            let email: String = r.get(10)?;
            put(
                Attribute::EmailDomain,
                email.rsplit_once('@').map(|(_, d)| d.to_lowercase()),
            );
            let custom: String = r.get(14)?;
            let custom: BTreeMap<String, String> =
                serde_json::from_str(&custom).unwrap_or_default();
            for (k, v) in custom {
                put(Attribute::Custom(k), Some(v));
            }
            let fit = scoring.fit(
                level.and_then(|l| JobLevel::ALL.into_iter().find(|x| x.code() == l)),
                band.and_then(|b| EmployeeBand::ALL.into_iter().find(|x| x.code() == b)),
                &industry,
            );
            Ok(LeadInput {
                id: r.get(0)?,
                attributes,
                history: LeadHistory {
                    created_at: r.get::<_, Option<i64>>(11)?.map(|s| s / 60),
                    fit,
                    events: Vec::new(),
                    deals: Vec::new(),
                },
                opted_out: r.get(13)?,
                has_consent: r.get::<_, Option<String>>(12)?.is_some(),
                past_sends: 0,
                past_opens: 0,
            })
        })?
        .collect::<Result<_, _>>()?;
    let index: BTreeMap<i64, usize> = out.iter().enumerate().map(|(i, l)| (l.id, i)).collect();
    let mut events = conn.prepare(
        "SELECT lead_id, at, kind, detail FROM lead_events ORDER BY lead_id, at, kind, detail",
    )?;
    let mut rows = events.query([])?;
    while let Some(r) = rows.next()? {
        let Some(&i) = index.get(&r.get::<_, i64>(0)?) else {
            continue;
        };
        let Some(kind) = EventKind::from_code(&r.get::<_, String>(2)?) else {
            continue;
        };
        let at = r.get::<_, i64>(1)? / 60;
        let lead = &mut out[i];
        if at < start {
            lead.past_sends += u64::from(kind == EventKind::EmailSend);
            lead.past_opens += u64::from(kind == EventKind::EmailOpen);
        }
        lead.history.events.push((kind, at, r.get(3)?));
    }
    let mut deals = conn.prepare("SELECT lead_id, changed_at, status FROM deal_status_history ORDER BY lead_id, changed_at, status")?;
    let mut rows = deals.query([])?;
    while let Some(r) = rows.next()? {
        let Some(&i) = index.get(&r.get::<_, i64>(0)?) else {
            continue;
        };
        let code: String = r.get(2)?;
        if let Some(status) = DealStatus::ALL.into_iter().find(|s| s.code() == code) {
            out[i]
                .history
                .deals
                .push((status, r.get::<_, i64>(1)? / 60));
        }
    }
    Ok(out)
}
