//! Leads a page at a time, filtered, for a table that shows a few dozen rows of a million: every
//! filter is a bound parameter, the text search matches email, name and company as written.

use rusqlite::{Connection, ToSql};
use serde::{Deserialize, Serialize};

use super::StoreError;

/// Which leads to list. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct LeadFilter {
    /// Text found in the email, the name or the company.
    pub text: String,
    /// The industry, as written.
    pub industry: String,
    /// The employee band code (`1-49` …).
    pub employee_band: String,
    /// The job level code (`executive` …).
    pub job_level: String,
    /// Only leads that refused mail (true) or did not (false).
    pub opted_out: Option<bool>,
}

/// One lead as the table shows it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LeadRow {
    /// Its row id.
    pub id: i64,
    /// The MA/CRM's id.
    pub external_id: Option<String>,
    /// The email as written.
    pub email: String,
    /// Last and first name.
    pub name: String,
    /// The company.
    pub company: String,
    /// The title as written.
    pub title: String,
    /// The industry.
    pub industry: String,
    /// The employee band code.
    pub employee_band: Option<String>,
    /// The job level code.
    pub job_level: Option<String>,
    /// The lead status as written.
    pub lead_status: String,
    /// When it was created (Unix seconds).
    pub created_at: Option<i64>,
    /// Whether it refused mail.
    pub opted_out: bool,
}

/// A page of leads and how many match in all.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LeadPage {
    /// Leads matching the filter.
    pub total: i64,
    /// The first row's position among them.
    pub offset: i64,
    /// The rows, in id order.
    pub rows: Vec<LeadRow>,
}

/// `text` for a LIKE pattern that matches it anywhere, with `\` escaping the wildcards.
fn contains(text: &str) -> String {
    let mut p = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The leads matching `filter`, `limit` (at most 1,000) from `offset`, in id order.
pub fn page(
    conn: &Connection,
    filter: &LeadFilter,
    offset: i64,
    limit: i64,
) -> Result<LeadPage, StoreError> {
    let mut clauses: Vec<&str> = Vec::new();
    let mut params: Vec<Box<dyn ToSql>> = Vec::new();
    let text = filter.text.trim();
    if !text.is_empty() {
        clauses.push(
            "(email LIKE ?{} ESCAPE '\\' OR (last_name || first_name) LIKE ?{} ESCAPE '\\' \
             OR (last_name || ' ' || first_name) LIKE ?{} ESCAPE '\\' OR company LIKE ?{} ESCAPE '\\')",
        );
        params.push(Box::new(contains(text)));
    }
    let exact = [
        ("industry = ?{}", &filter.industry),
        ("employee_band = ?{}", &filter.employee_band),
        ("job_level = ?{}", &filter.job_level),
    ];
    for (clause, value) in exact {
        if !value.is_empty() {
            clauses.push(clause);
            params.push(Box::new(value.clone()));
        }
    }
    if let Some(out) = filter.opted_out {
        clauses.push("opted_out = ?{}");
        params.push(Box::new(i64::from(out)));
    }
    // Each clause's placeholders take its parameter's number.
    let mut sql_where = String::new();
    for (n, clause) in clauses.iter().enumerate() {
        sql_where.push_str(if n == 0 { " WHERE " } else { " AND " });
        sql_where.push_str(&clause.replace("?{}", &format!("?{}", n + 1)));
    }
    let bound: Vec<&dyn ToSql> = params.iter().map(|p| p.as_ref()).collect();
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM leads{sql_where}"),
        bound.as_slice(),
        |r| r.get(0),
    )?;
    let limit = limit.clamp(0, 1000);
    let offset = offset.max(0);
    let mut stmt = conn.prepare(&format!(
        "SELECT id, external_id, email, trim(last_name || ' ' || first_name), company, title, industry,
                employee_band, job_level, lead_status, created_at, opted_out
         FROM leads{sql_where} ORDER BY id LIMIT {limit} OFFSET {offset}"
    ))?;
    let rows = stmt.query_map(bound.as_slice(), |r| {
        Ok(LeadRow {
            id: r.get(0)?,
            external_id: r.get(1)?,
            email: r.get(2)?,
            name: r.get(3)?,
            company: r.get(4)?,
            title: r.get(5)?,
            industry: r.get(6)?,
            employee_band: r.get(7)?,
            job_level: r.get(8)?,
            lead_status: r.get(9)?,
            created_at: r.get(10)?,
            opted_out: r.get::<_, i64>(11)? != 0,
        })
    })?;
    Ok(LeadPage {
        total,
        offset,
        rows: rows.collect::<Result<_, _>>()?,
    })
}
