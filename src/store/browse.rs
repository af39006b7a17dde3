//! Leads a page at a time, filtered, for a table that shows a few dozen rows of a million: every
//! filter is a bound parameter, the text search matches email, name and company on their search
//! keys (`lead::search_key`: ㈱ and (株), ｼｽﾃﾑ and システム, 髙 and 高, spaces or none alike).

use rusqlite::{Connection, ToSql};
use serde::{Deserialize, Serialize};

use super::StoreError;
use crate::model::expr::Attribute;

/// Which leads to list. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct LeadFilter {
    /// Text found in the email, the name or the company (by `lead::search_key`).
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
    /// Its score under the workspace's scoring at the last recorded moment (`scores::scores_of`).
    pub score: i32,
    /// Whether that score is at or above the workspace's MQL threshold.
    pub mql: bool,
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
    /// The moment the rows were scored at (minutes): the last recorded one, or the one asked
    /// for. A table asks its later pages at this moment, so the workspace is not scanned for
    /// its last event again for each page.
    pub scores_at: i64,
}

/// Makes `search_match(email, last_name, first_name, company, key)` callable from SQL on `conn`:
/// whether `key` (a `lead::search_key`) is in the lead's email, its name (family and given name
/// together) or its company, each on its search key. The fields are folded into one buffer per
/// thread, kept apart by `\u{1}` (in no key a user types, so no match spans two fields): a
/// million leads are searched without an allocation each.
fn register_search_match(conn: &Connection) -> Result<(), StoreError> {
    use rusqlite::functions::FunctionFlags;
    thread_local! {
        static FOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    conn.create_scalar_function(
        "search_match",
        5,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text = |i: usize| ctx.get_raw(i).as_str().unwrap_or_default();
            let key = text(4);
            Ok(FOLDED.with_borrow_mut(|folded| {
                folded.clear();
                crate::lead::push_search_key(folded, text(0));
                folded.push('\u{1}');
                crate::lead::push_search_key(folded, text(1));
                crate::lead::push_search_key(folded, text(2));
                folded.push('\u{1}');
                crate::lead::push_search_key(folded, text(3));
                folded.contains(key)
            }))
        },
    )?;
    Ok(())
}

/// The leads matching `filter`, `limit` (at most 1,000) from `offset`, in id order, scored at
/// `scores_at` (minutes), or without one at the last recorded moment (`scores::last_recorded`,
/// a scan of every event: a million leads' take half a second).
pub fn page(
    conn: &Connection,
    filter: &LeadFilter,
    offset: i64,
    limit: i64,
    scores_at: Option<i64>,
) -> Result<LeadPage, StoreError> {
    let mut clauses: Vec<&str> = Vec::new();
    let mut params: Vec<Box<dyn ToSql>> = Vec::new();
    let text = crate::lead::search_key(&filter.text);
    if !text.is_empty() {
        // SQLite asks the engine's own function, registered on the connection.
        register_search_match(conn)?;
        clauses.push("search_match(email, last_name, first_name, company, ?{})");
        params.push(Box::new(text));
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
            score: 0,
            mql: false,
        })
    })?;
    let mut rows: Vec<LeadRow> = rows.collect::<Result<_, _>>()?;
    // The page's scores, a few dozen leads' events, as the score chart counts them.
    let model: crate::scoring::ScoringModel =
        super::documents::load(conn, super::documents::SCORING_MODEL)?;
    let as_of = match scores_at {
        Some(at) => at,
        None => super::scores::last_recorded(conn)?,
    };
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    for (row, score) in rows
        .iter_mut()
        .zip(super::scores::scores_of(conn, &model, &ids, as_of)?)
    {
        row.score = score;
        row.mql = score >= model.mql_threshold;
    }
    Ok(LeadPage {
        total,
        offset,
        rows,
        scores_at: as_of,
    })
}

/// One value of an attribute among the workspace's leads.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ValueCount {
    /// The value as stored (a code for an attribute with a known vocabulary).
    pub value: String,
    /// Its label, for an attribute with a known vocabulary (部長クラス for `director`).
    pub label: Option<crate::localized::Localized>,
    /// Leads with it.
    pub count: u64,
}

/// The values of an attribute among the workspace's leads: what a pick-list offers.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AttributeValues {
    /// For an attribute with a known vocabulary, every code in its order (those no lead has
    /// count 0); otherwise the values leads have, most common first, then by value.
    pub values: Vec<ValueCount>,
    /// Whether `values` holds every value leads have (false when there were more than asked).
    pub complete: bool,
}

/// The SQL expression that reads `attribute` from a row of `leads` (`?1` binds a custom field's
/// JSON path).
fn attribute_sql(attribute: &Attribute) -> &'static str {
    match attribute {
        Attribute::Company => "company",
        Attribute::Department => "department",
        Attribute::Title => "title",
        Attribute::JobLevel => "coalesce(job_level, '')",
        Attribute::EmployeeBand => "coalesce(employee_band, '')",
        Attribute::Industry => "industry",
        Attribute::Prefecture => "prefecture",
        Attribute::LeadStatus => "lead_status",
        Attribute::LeadSource => "lead_source",
        Attribute::EmailDomain => "lower(substr(email, instr(email, '@') + 1))",
        Attribute::Custom(_) => "coalesce(CAST(json_extract(custom, ?1) AS TEXT), '')",
    }
}

/// The values the workspace's leads have for `attribute` (empty ones left out), at most `limit`.
pub fn attribute_values(
    conn: &Connection,
    attribute: &Attribute,
    limit: usize,
) -> Result<AttributeValues, StoreError> {
    let column = attribute_sql(attribute);
    let sql = format!(
        "SELECT v, count(*) AS n FROM (SELECT {column} AS v FROM leads) WHERE v <> '' \
         GROUP BY v ORDER BY n DESC, v LIMIT {}",
        limit + 1
    );
    let mut statement = conn.prepare(&sql)?;
    let map = |r: &rusqlite::Row| {
        Ok(ValueCount {
            value: r.get(0)?,
            label: None,
            count: r.get::<_, i64>(1)?.max(0) as u64,
        })
    };
    let mut values: Vec<ValueCount> = match attribute {
        Attribute::Custom(name) => {
            let path = format!("$.\"{}\"", name.replace('"', "\\\""));
            statement
                .query_map([path], map)?
                .collect::<Result<_, _>>()?
        }
        _ => statement.query_map([], map)?.collect::<Result<_, _>>()?,
    };
    let complete = values.len() <= limit;
    values.truncate(limit);
    if let Some(vocabulary) = attribute.vocabulary() {
        let count = |code: &str| (values.iter().find(|v| v.value == code)).map_or(0, |v| v.count);
        values = (vocabulary.iter())
            .map(|(code, ja, en)| ValueCount {
                value: (*code).to_owned(),
                label: Some(crate::localized::Localized::new(*ja, *en)),
                count: count(code),
            })
            .collect();
    }
    Ok(AttributeValues { values, complete })
}
