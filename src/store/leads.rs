//! Writing and reading leads, their events and deal status history.
//!
//! Writers work inside a caller's transaction with prepared statements, so an import of a million rows
//! is one transaction of cached statements. Leads are upserted: a lead is found by its external id,
//! else by its email key; an update keeps a stored value where the new row has none, merges custom
//! columns, and never clears an opt-out.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::StoreError;
use crate::lead::{
    DealRecord, EmployeeBand, EventRecord, LeadDerived, LeadRecord, LeadRef, match_key,
};

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpsertOutcome {
    /// A new lead, with its row id.
    Inserted(i64),
    /// An existing lead was updated.
    Updated(i64),
    /// An existing lead already had every value of the row.
    Unchanged(i64),
    /// Nothing written: the row's external id is one stored lead's and its email another's (two
    /// leads the row would make one).
    Conflict {
        /// The lead with the row's external id.
        by_external_id: i64,
        /// The lead with the row's email.
        by_email: i64,
    },
}

/// Upserts leads inside a transaction.
pub struct LeadWriter<'t> {
    tx: &'t Transaction<'t>,
    /// Prepared once: a million-row import would otherwise hash each statement's text per row.
    insert: rusqlite::Statement<'t>,
    update: rusqlite::Statement<'t>,
}

const INSERT_LEAD: &str = "INSERT INTO leads (external_id, sfa_id, email, email_key, last_name,
    first_name, company, department, title, job_level, employees, employee_band, industry,
    prefecture, lead_source, lead_status, created_at, opt_in_basis, opted_out, score, custom)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
    ?20, CUSTOM)";

/// A value the new row lacks keeps the stored one; an opt-out is never undone here; names split
/// from a full name (?23) never replace stored 姓 / 名, which a file with separate columns gave.
const UPDATE_LEAD: &str = "UPDATE leads SET
    external_id = COALESCE(?1, external_id),
    sfa_id = COALESCE(?2, sfa_id),
    email = ?3, email_key = ?4,
    last_name = CASE WHEN ?5 = '' OR (?23 AND (last_name <> '' OR first_name <> ''))
        THEN last_name ELSE ?5 END,
    first_name = CASE WHEN ?6 = '' OR (?23 AND (last_name <> '' OR first_name <> ''))
        THEN first_name ELSE ?6 END,
    company = CASE WHEN ?7 = '' THEN company ELSE ?7 END,
    department = CASE WHEN ?8 = '' THEN department ELSE ?8 END,
    title = CASE WHEN ?9 = '' THEN title ELSE ?9 END,
    job_level = COALESCE(?10, job_level),
    employees = CASE WHEN ?11 = '' THEN employees ELSE ?11 END,
    employee_band = COALESCE(?12, employee_band),
    industry = CASE WHEN ?13 = '' THEN industry ELSE ?13 END,
    prefecture = CASE WHEN ?14 = '' THEN prefecture ELSE ?14 END,
    lead_source = CASE WHEN ?15 = '' THEN lead_source ELSE ?15 END,
    lead_status = CASE WHEN ?16 = '' THEN lead_status ELSE ?16 END,
    created_at = COALESCE(?17, created_at),
    opt_in_basis = COALESCE(?18, opt_in_basis),
    opted_out = MAX(opted_out, ?19),
    score = COALESCE(?20, score),
    custom = COALESCE(?21, custom)
    WHERE id = ?22";

impl<'t> LeadWriter<'t> {
    /// A writer over `tx`.
    pub fn new(tx: &'t Transaction<'t>) -> Result<Self, StoreError> {
        Ok(LeadWriter {
            tx,
            insert: tx.prepare(&INSERT_LEAD.replace("CUSTOM", "?21"))?,
            update: tx.prepare(UPDATE_LEAD)?,
        })
    }

    /// The id of the stored lead that `lead` refers to.
    pub fn find(&self, lead: &LeadRef) -> Result<Option<i64>, StoreError> {
        find_lead(self.tx, lead)
    }

    /// Inserts `rec`, or updates the lead with its external id or email.
    pub fn upsert(
        &mut self,
        rec: &LeadRecord,
        derived: &LeadDerived,
    ) -> Result<UpsertOutcome, StoreError> {
        let existing = match &rec.external_id {
            Some(ext) => find_lead(self.tx, &LeadRef::ExternalId(ext.clone()))?,
            None => None,
        };
        let by_email = find_lead(self.tx, &LeadRef::Email(rec.email.clone()))?;
        let existing = match (existing, by_email) {
            (Some(a), Some(b)) if a != b => {
                return Ok(UpsertOutcome::Conflict {
                    by_external_id: a,
                    by_email: b,
                });
            }
            (Some(id), _) => Some(id),
            (None, by_email) => by_email,
        };
        let Some(id) = existing else {
            return self.write(rec, derived, None);
        };
        // Compare the stored row before and after, so a re-import can say "already stored".
        let before = self.snapshot(id)?;
        self.write(rec, derived, Some(id))?;
        Ok(if self.snapshot(id)? == before {
            UpsertOutcome::Unchanged(id)
        } else {
            UpsertOutcome::Updated(id)
        })
    }

    /// Every stored value of a lead, as one comparable text.
    fn snapshot(&self, id: i64) -> Result<String, StoreError> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT json_array(external_id, sfa_id, email, last_name, first_name, company,
                    department, title, employees, industry, prefecture, lead_source, lead_status,
                    created_at, opt_in_basis, opted_out, score, custom) FROM leads WHERE id = ?1",
            )?
            .query_row([id], |r| r.get(0))?)
    }

    /// Inserts `rec` as a new lead (`existing: None`) or updates the lead with that row id, without
    /// looking anything up: for a bulk loader that already knows which it is.
    pub fn write(
        &mut self,
        rec: &LeadRecord,
        derived: &LeadDerived,
        existing: Option<i64>,
    ) -> Result<UpsertOutcome, StoreError> {
        let email_key = &derived.email_key;
        let band = derived.employee_band.map(EmployeeBand::code);
        let level = derived.job_level.map(|l| l.code());
        // The custom columns merged into the stored ones here (`merge_custom`): a new lead's into
        // none, an update's into its own, none at all leaving them as they are.
        let custom: Option<String> = match existing {
            None if derived.custom_removes => Some(merge_custom("{}", &derived.custom_json)),
            None => Some(derived.custom_json.clone()),
            Some(_) if derived.custom_json == "{}" && !derived.custom_removes => None,
            Some(id) => {
                let stored: String = self
                    .tx
                    .prepare_cached("SELECT custom FROM leads WHERE id = ?1")?
                    .query_row([id], |r| r.get(0))?;
                Some(merge_custom(&stored, &derived.custom_json))
            }
        };
        let basis = rec.opt_in_basis.map(|b| b.code());
        // One parameter list, ?1 … ?21 in column order, for both statements; ?22 is the row id.
        let values = params![
            rec.external_id,
            rec.sfa_id,
            rec.email,
            email_key,
            rec.last_name,
            rec.first_name,
            rec.company,
            rec.department,
            rec.title,
            level,
            rec.employees,
            band,
            rec.industry,
            rec.prefecture,
            rec.lead_source,
            rec.lead_status,
            rec.created_at,
            basis,
            rec.opted_out,
            rec.score,
            custom,
        ];
        match existing {
            None => {
                self.insert.execute(values)?;
                Ok(UpsertOutcome::Inserted(self.tx.last_insert_rowid()))
            }
            Some(id) => {
                let mut with_id: Vec<&dyn rusqlite::ToSql> = values.to_vec();
                with_id.push(&id);
                with_id.push(&derived.names_split);
                self.update.execute(with_id.as_slice())?;
                Ok(UpsertOutcome::Updated(id))
            }
        }
    }

    /// Stores an event of a known lead; returns false when the same event was already stored.
    pub fn add_event(&mut self, lead_id: i64, ev: &EventRecord) -> Result<bool, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO lead_events (lead_id, kind, at, detail) VALUES (?1, ?2, ?3, ?4)",
        )?;
        Ok(stmt.execute(params![lead_id, ev.kind.code(), ev.at, ev.detail])? == 1)
    }

    /// Marks a known lead opted out (a recorded unsubscribe is an opt-out, whatever a lead file
    /// said); returns whether it was mailable until now.
    pub fn opt_out(&mut self, lead_id: i64) -> Result<bool, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached("UPDATE leads SET opted_out = 1 WHERE id = ?1 AND opted_out = 0")?;
        Ok(stmt.execute([lead_id])? == 1)
    }

    /// Stores a deal status change of a known lead; returns false when it was already stored.
    pub fn add_deal_status(&mut self, lead_id: i64, deal: &DealRecord) -> Result<bool, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO deal_status_history (lead_id, status, sfa_value, changed_at)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        Ok(stmt.execute(params![
            lead_id,
            deal.status.code(),
            deal.sfa_value,
            deal.changed_at
        ])? == 1)
    }
}

fn find_lead(tx: &rusqlite::Connection, lead: &LeadRef) -> Result<Option<i64>, StoreError> {
    let found = match lead {
        LeadRef::Email(email) => tx
            .prepare_cached("SELECT id FROM leads WHERE email_key = ?1")?
            .query_row([match_key(email)], |r| r.get(0))
            .optional()?,
        LeadRef::ExternalId(ext) => tx
            .prepare_cached("SELECT id FROM leads WHERE external_id = ?1")?
            .query_row([ext], |r| r.get(0))
            .optional()?,
        LeadRef::SfaId(sfa) => tx
            .prepare_cached("SELECT id FROM leads WHERE sfa_id = ?1 ORDER BY id LIMIT 1")?
            .query_row([sfa], |r| r.get(0))
            .optional()?,
    };
    Ok(found)
}

/// The indexes of the lead table. A bulk load into an empty table drops them first and rebuilds
/// them after (rebuilding once is several times faster than maintaining them row by row); rebuilding
/// a unique index also re-checks uniqueness, so a loader that got it wrong fails instead of storing
/// duplicates.
pub const LEAD_INDEXES: &[(&str, &str)] = &[
    (
        "leads_email_key",
        "CREATE UNIQUE INDEX leads_email_key ON leads (email_key)",
    ),
    (
        "leads_external_id",
        "CREATE UNIQUE INDEX leads_external_id ON leads (external_id) WHERE external_id IS NOT NULL",
    ),
    (
        "leads_sfa_id",
        "CREATE INDEX leads_sfa_id ON leads (sfa_id) WHERE sfa_id IS NOT NULL",
    ),
];

/// Drops `indexes` inside `tx`.
pub fn drop_indexes(tx: &Transaction, indexes: &[(&str, &str)]) -> Result<(), StoreError> {
    for (name, _) in indexes {
        tx.execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
    }
    Ok(())
}

/// Rebuilds `indexes` inside `tx`.
pub fn create_indexes(tx: &Transaction, indexes: &[(&str, &str)]) -> Result<(), StoreError> {
    for (_, sql) in indexes {
        tx.execute_batch(sql)?;
    }
    Ok(())
}

/// Counts that describe a workspace's leads.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LeadStats {
    /// Leads stored.
    pub leads: i64,
    /// Leads that refused mail.
    pub opted_out: i64,
    /// Leads without a recorded opt-in basis.
    pub no_opt_in_basis: i64,
    /// Earliest and latest creation time (Unix seconds).
    pub created_range: Option<(i64, i64)>,
    /// Events by kind.
    pub events: BTreeMap<String, i64>,
    /// Leads by current deal status (the latest change); `none` for leads without one.
    pub deal_status: BTreeMap<String, i64>,
    /// Leads by industry (empty as "").
    pub industry: BTreeMap<String, i64>,
    /// Leads by employee band ("" when unknown).
    pub employee_band: BTreeMap<String, i64>,
    /// Leads by job level ("" when unknown).
    pub job_level: BTreeMap<String, i64>,
    /// Leads by prefecture.
    pub prefecture: BTreeMap<String, i64>,
    /// Leads by opt-in basis ("" when unknown).
    pub opt_in_basis: BTreeMap<String, i64>,
}

/// Counts over all leads of the workspace, in one pass over each table: `GROUP BY` on a column
/// without an index sorts every row first (a million leads: the counts took 12 s and 400 MiB
/// with one grouped query each).
pub fn stats(conn: &rusqlite::Connection) -> Result<LeadStats, StoreError> {
    let as_i64 = |tally: BTreeMap<String, u64>| -> BTreeMap<String, i64> {
        tally.into_iter().map(|(k, n)| (k, n as i64)).collect()
    };
    let (mut leads, mut opted_out, mut no_opt_in_basis) = (0, 0, 0);
    let mut created_range: Option<(i64, i64)> = None;
    // industry, employee_band, job_level, prefecture, opt_in_basis ("" for NULL).
    let mut tallies: [BTreeMap<String, u64>; 5] = Default::default();
    let mut statement = conn.prepare(
        "SELECT opted_out, created_at, industry, employee_band, job_level, prefecture, opt_in_basis
         FROM leads",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        leads += 1;
        opted_out += i64::from(row.get::<_, i64>(0)? == 1);
        if let Some(t) = row.get::<_, Option<i64>>(1)? {
            created_range = Some(created_range.map_or((t, t), |(a, b)| (a.min(t), b.max(t))));
        }
        for (i, tally) in tallies.iter_mut().enumerate() {
            let value = row.get_ref(2 + i)?;
            let key = match value {
                rusqlite::types::ValueRef::Null => "",
                _ => value.as_str().map_err(rusqlite::Error::from)?,
            };
            crate::store::count_one(tally, key);
        }
        no_opt_in_basis += i64::from(row.get_ref(6)? == rusqlite::types::ValueRef::Null);
    }
    // Each lead's current deal status: its last change (the table is kept in lead and time
    // order, and of two changes at one time the greater status).
    let mut deal_status = BTreeMap::new();
    let mut statement = conn.prepare("SELECT lead_id, status FROM deal_status_history")?;
    let mut rows = statement.query([])?;
    let mut last: Option<(i64, String)> = None;
    let mut with_status = 0;
    while let Some(row) = rows.next()? {
        let lead: i64 = row.get(0)?;
        if let Some((previous, status)) = &last
            && *previous != lead
        {
            crate::store::count_one(&mut deal_status, status);
            with_status += 1;
        }
        last = Some((lead, row.get(1)?));
    }
    if let Some((_, status)) = &last {
        crate::store::count_one(&mut deal_status, status);
        with_status += 1;
    }
    if leads > with_status {
        deal_status.insert("none".to_owned(), (leads - with_status) as u64);
    }
    let mut events = BTreeMap::new();
    let mut statement = conn.prepare("SELECT kind FROM lead_events")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let kind = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        crate::store::count_one(&mut events, kind);
    }
    let [industry, employee_band, job_level, prefecture, opt_in_basis] = tallies.map(as_i64);
    Ok(LeadStats {
        leads,
        opted_out,
        no_opt_in_basis,
        created_range,
        events: as_i64(events),
        deal_status: as_i64(deal_status),
        industry,
        employee_band,
        job_level,
        prefecture,
        opt_in_basis,
    })
}

/// Every stored lead, in id order, handed to `f` one at a time (for exports).
pub fn for_each_lead<E: From<StoreError>>(
    conn: &rusqlite::Connection,
    mut f: impl FnMut(&LeadRecord) -> Result<(), E>,
) -> Result<(), E> {
    let sql = |e: rusqlite::Error| E::from(StoreError::from(e));
    let mut stmt = conn
        .prepare(
            "SELECT external_id, sfa_id, email, last_name, first_name, company, department, title,
                employees, industry, prefecture, lead_source, lead_status, created_at, opt_in_basis,
                opted_out, score, custom
         FROM leads ORDER BY id",
        )
        .map_err(sql)?;
    let mut rows = stmt.query([]).map_err(sql)?;
    while let Some(r) = rows.next().map_err(sql)? {
        let rec = read_lead(r).map_err(sql)?;
        f(&rec)?;
    }
    Ok(())
}

fn read_lead(r: &rusqlite::Row) -> rusqlite::Result<LeadRecord> {
    let custom: String = r.get(17)?;
    Ok(LeadRecord {
        external_id: r.get(0)?,
        sfa_id: r.get(1)?,
        email: r.get(2)?,
        last_name: r.get(3)?,
        first_name: r.get(4)?,
        company: r.get(5)?,
        department: r.get(6)?,
        title: r.get(7)?,
        employees: r.get(8)?,
        industry: r.get(9)?,
        prefecture: r.get(10)?,
        lead_source: r.get(11)?,
        lead_status: r.get(12)?,
        created_at: r.get(13)?,
        opt_in_basis: r
            .get::<_, Option<String>>(14)?
            .and_then(|c| crate::lead::ConsentBasis::from_code(&c)),
        opted_out: r.get(15)?,
        score: r.get(16)?,
        custom: serde_json::from_str(&custom).unwrap_or_default(),
    })
}

/// Deletes every lead (and, by cascade, their events and deal history).
pub fn clear_leads(tx: &Transaction) -> Result<(), StoreError> {
    tx.execute_batch(
        "DELETE FROM lead_events; DELETE FROM deal_status_history; DELETE FROM leads;",
    )?;
    Ok(())
}

/// `stored` (a lead's custom columns as a JSON object of strings) with `patch` applied as a JSON
/// merge patch (RFC 7396) applies it to such a flat object: a member set to `null` is removed, any
/// other replaces or adds. Done here, by key, rather than by SQLite's `json_patch`, which compares
/// every member of the patch with every member stored (10,000 custom columns: 14 s a file). A
/// stored value that does not read as an object is replaced.
fn merge_custom(stored: &str, patch: &str) -> String {
    use serde_json::{Map, Value};
    let mut merged: Map<String, Value> = serde_json::from_str(stored).unwrap_or_default();
    let patch: Map<String, Value> = serde_json::from_str(patch).unwrap_or_default();
    for (key, value) in patch {
        if value.is_null() {
            merged.remove(&key);
        } else {
            merged.insert(key, value);
        }
    }
    Value::Object(merged).to_string()
}
