//! Leads a page at a time, filtered, for a table that shows a few dozen rows of a million: every
//! filter is a bound parameter, the text search matches email, name and company on their search
//! keys (`lead::search_key`: ㈱ and (株), ｼｽﾃﾑ and システム, 髙 and 高, spaces or none alike).

use rusqlite::{Connection, ToSql};
use serde::{Deserialize, Serialize};

use super::StoreError;
use crate::model::expr::Attribute;

/// Which leads to list. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// The column the leads are ordered by (the id when none).
    pub sort: SortKey,
    /// Highest first (the order is then reversed, empty values still last).
    pub descending: bool,
}

/// What the leads table can be ordered by: each column it shows.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// The row id (the order leads were added in).
    #[default]
    Id,
    /// Family then given name.
    Name,
    /// The company.
    Company,
    /// The score at the moment the page is scored at.
    Score,
    /// The email address (its match key).
    Email,
    /// The industry.
    Industry,
    /// The employee band, smallest first.
    EmployeeBand,
    /// The title as written.
    Title,
    /// The lead status as written.
    LeadStatus,
    /// When the lead was created.
    Created,
}

impl SortKey {
    /// The SQL expression the leads are ordered by (none for the score, which is no column).
    fn sql(self) -> Option<&'static str> {
        Some(match self {
            SortKey::Id => "id",
            SortKey::Name => "nullif(last_name || first_name, '')",
            SortKey::Company => "nullif(company, '')",
            SortKey::Score => return None,
            SortKey::Email => "email_key",
            SortKey::Industry => "nullif(industry, '')",
            SortKey::EmployeeBand => {
                "CASE employee_band WHEN '1-49' THEN 1 WHEN '50-299' THEN 2 WHEN '300-999' THEN 3 \
                 WHEN '1000+' THEN 4 END"
            }
            SortKey::Title => "nullif(title, '')",
            SortKey::LeadStatus => "nullif(lead_status, '')",
            SortKey::Created => "created_at",
        })
    }
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
    /// The rows, in the filter's order.
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

/// The `WHERE` clause of `filter` (empty when nothing filters) and its bound parameters.
fn filter_sql(
    conn: &Connection,
    filter: &LeadFilter,
) -> Result<(String, Vec<Box<dyn ToSql>>), StoreError> {
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
    Ok((sql_where, params))
}

/// The columns a row of the table reads, in `read_row`'s order.
const ROW_COLUMNS: &str = "id, external_id, email, trim(last_name || ' ' || first_name), company, \
    title, industry, employee_band, job_level, lead_status, created_at, opted_out";

fn read_row(r: &rusqlite::Row) -> rusqlite::Result<LeadRow> {
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
}

/// The leads matching `filter`, `limit` (at most 1,000) from `offset`, in the filter's order,
/// scored at `scores_at` (minutes), or without one at the last recorded moment
/// (`scores::last_recorded`, a scan of every event: a million leads' take half a second). In
/// score order every matching lead is scored first (`score_order`): a caller that pages through
/// them keeps that order and asks `page_in_order`.
pub fn page(
    conn: &Connection,
    filter: &LeadFilter,
    offset: i64,
    limit: i64,
    scores_at: Option<i64>,
) -> Result<LeadPage, StoreError> {
    let as_of = match scores_at {
        Some(at) => at,
        None => super::scores::last_recorded(conn)?,
    };
    if filter.sort == SortKey::Score {
        let order = score_order(conn, filter, as_of)?;
        return page_in_order(conn, &order, offset, limit, as_of);
    }
    let (sql_where, params) = filter_sql(conn, filter)?;
    let bound: Vec<&dyn ToSql> = params.iter().map(|p| p.as_ref()).collect();
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM leads{sql_where}"),
        bound.as_slice(),
        |r| r.get(0),
    )?;
    let limit = limit.clamp(0, 1000);
    let offset = offset.max(0);
    let direction = if filter.descending { "DESC" } else { "ASC" };
    let key = filter.sort.sql().expect("a column");
    // Empty values last in either direction; equal values in id order.
    let order = format!("({key}) IS NULL, {key} {direction}, id {direction}");
    let mut stmt = conn.prepare(&format!(
        "SELECT {ROW_COLUMNS} FROM leads{sql_where} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
    ))?;
    let mut rows: Vec<LeadRow> = stmt
        .query_map(bound.as_slice(), read_row)?
        .collect::<Result<_, _>>()?;
    // The page's scores, a few dozen leads' events, as the score chart counts them.
    let model: crate::scoring::ScoringModel =
        super::documents::load(conn, super::documents::SCORING_MODEL)?;
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

/// The leads matching `filter` with their scores at `as_of` (minutes), highest first (lowest
/// first when `filter.descending` is false), equal scores in id order: one pass over every lead's
/// history, so a caller paging through them keeps it.
pub fn score_order(
    conn: &Connection,
    filter: &LeadFilter,
    as_of: i64,
) -> Result<Vec<(i64, i32)>, StoreError> {
    let (sql_where, params) = filter_sql(conn, filter)?;
    let bound: Vec<&dyn ToSql> = params.iter().map(|p| p.as_ref()).collect();
    let mut stmt = conn.prepare(&format!("SELECT id FROM leads{sql_where} ORDER BY id"))?;
    let ids: Vec<i64> = stmt
        .query_map(bound.as_slice(), |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let model: crate::scoring::ScoringModel =
        super::documents::load(conn, super::documents::SCORING_MODEL)?;
    let mut scored = Vec::with_capacity(ids.len());
    super::scores::for_each_history(conn, Some(as_of), |lead| {
        if ids.binary_search(&lead.id).is_ok() {
            scored.push((lead.id, lead.score_at(&model, as_of)));
        }
        Ok(())
    })?;
    if filter.descending {
        scored.sort_by_key(|&(id, score)| (std::cmp::Reverse(score), id));
    } else {
        scored.sort_by_key(|&(id, score)| (score, id));
    }
    Ok(scored)
}

/// The page `offset`..`offset + limit` (at most 1,000) of leads already in order with their
/// scores (`score_order`), scored at `as_of`.
pub fn page_in_order(
    conn: &Connection,
    order: &[(i64, i32)],
    offset: i64,
    limit: i64,
    as_of: i64,
) -> Result<LeadPage, StoreError> {
    let from = (offset.max(0) as usize).min(order.len());
    let to = (from + limit.clamp(0, 1000) as usize).min(order.len());
    let threshold = super::scores::mql_threshold(conn)?;
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {ROW_COLUMNS} FROM leads WHERE id = ?1"))?;
    let mut rows = Vec::with_capacity(to - from);
    for &(id, score) in &order[from..to] {
        let mut row = stmt.query_row([id], read_row)?;
        row.score = score;
        row.mql = score >= threshold;
        rows.push(row);
    }
    Ok(LeadPage {
        total: order.len() as i64,
        offset: from as i64,
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

/// The JSON path of a custom field in `leads.custom`.
pub(crate) fn custom_path(name: &str) -> String {
    format!("$.\"{}\"", name.replace('"', "\\\""))
}

/// The SQL assignment that empties `attribute` in a row of `leads` (`?1` binds a custom field's
/// JSON path, `custom_path`); none for the email domain, which is the address's.
pub(crate) fn attribute_clear_sql(attribute: &Attribute) -> Option<&'static str> {
    Some(match attribute {
        Attribute::Company => "company = ''",
        Attribute::Department => "department = ''",
        Attribute::Title => "title = ''",
        Attribute::JobLevel => "job_level = NULL",
        Attribute::EmployeeBand => "employee_band = NULL",
        Attribute::Industry => "industry = ''",
        Attribute::Prefecture => "prefecture = ''",
        Attribute::LeadStatus => "lead_status = ''",
        Attribute::LeadSource => "lead_source = ''",
        Attribute::EmailDomain => return None,
        Attribute::Custom(_) => "custom = json_remove(custom, ?1)",
    })
}

/// The SQL expression that reads `attribute` from a row of `leads` (`?1` binds a custom field's
/// JSON path, `custom_path`).
pub(crate) fn attribute_sql(attribute: &Attribute) -> &'static str {
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
            let path = custom_path(name);
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

/// One lead in full, for its detail view.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LeadDetail {
    /// As the table shows it (with its score and MQL mark at `scores_at`).
    pub row: LeadRow,
    /// The SFA's id.
    pub sfa_id: Option<String>,
    /// 部署.
    pub department: String,
    /// 従業員数 as written.
    pub employees: String,
    /// 都道府県.
    pub prefecture: String,
    /// リードソース.
    pub lead_source: String,
    /// How consent to mail was obtained (`form`, `business_card`, `existing_relationship`).
    pub opt_in_basis: Option<String>,
    /// The user's own fields.
    pub custom: std::collections::BTreeMap<String, String>,
    /// Its events and deal changes, newest first (at most `TIMELINE`).
    pub timeline: Vec<TimelineEntry>,
    /// Events and deal changes in all.
    pub timeline_total: u64,
    /// Its score at the end of each week (Japan time) from its first record to `scores_at`, and
    /// at `scores_at`: `(Unix seconds, score)`.
    pub scores: Vec<(i64, i32)>,
    /// The workspace's MQL threshold.
    pub mql_threshold: i32,
    /// The moment it was scored at (minutes).
    pub scores_at: i64,
}

/// One recorded event or deal change of a lead.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TimelineEntry {
    /// When (Unix seconds).
    pub at: i64,
    /// The event's kind (`page_view` …); none for a deal change.
    pub kind: Option<crate::lead::EventKind>,
    /// The deal status changed to; none for an event.
    pub status: Option<crate::model::expr::DealStatus>,
    /// The page, document, webinar, mail or form; for a deal change, the SFA's own value.
    pub detail: String,
    /// For a mail event whose mail is tied to a workspace scenario's mail: that mail as a
    /// marketer knows it, 「scenario」の「mail title」 (`simulate::input::name_mails`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mail: Option<crate::Localized>,
}

/// A detail view lists at most so many of a lead's records.
pub const TIMELINE: usize = 500;

/// Lead `id` in full, scored at `scores_at` (minutes; the last recorded moment when none); none
/// when there is no such lead.
pub fn lead_detail(
    conn: &Connection,
    id: i64,
    scores_at: Option<i64>,
) -> Result<Option<LeadDetail>, StoreError> {
    use rusqlite::OptionalExtension;
    let as_of = match scores_at {
        Some(at) => at,
        None => super::scores::last_recorded(conn)?,
    };
    let found = conn
        .query_row(
            &format!(
                "SELECT {ROW_COLUMNS}, sfa_id, department, employees, prefecture, lead_source, \
                 opt_in_basis, custom FROM leads WHERE id = ?1"
            ),
            [id],
            |r| {
                let custom: String = r.get(18)?;
                Ok((
                    read_row(r)?,
                    (r.get(12)?, r.get(13)?, r.get(14)?, r.get(15)?, r.get(16)?),
                    r.get::<_, Option<String>>(17)?,
                    serde_json::from_str(&custom).unwrap_or_default(),
                ))
            },
        )
        .optional()?;
    let Some((
        mut row,
        (sfa_id, department, employees, prefecture, lead_source),
        opt_in_basis,
        custom,
    )) = found
    else {
        return Ok(None);
    };
    let model: crate::scoring::ScoringModel =
        super::documents::load(conn, super::documents::SCORING_MODEL)?;
    // Its history in time order: the score series, then the newest records for the timeline.
    let mut records: Vec<TimelineEntry> = Vec::new();
    let mut events = conn.prepare(
        "SELECT at, kind, detail FROM lead_events WHERE lead_id = ?1 ORDER BY at, kind, detail",
    )?;
    for event in events.query_map([id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (at, kind, detail) = event?;
        records.push(TimelineEntry {
            at,
            kind: crate::lead::EventKind::from_code(&kind),
            status: None,
            detail,
            mail: None,
        });
    }
    let mut deals = conn.prepare(
        "SELECT changed_at, status, sfa_value FROM deal_status_history WHERE lead_id = ?1 ORDER BY changed_at, status",
    )?;
    for deal in deals.query_map([id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (at, status, sfa_value) = deal?;
        records.push(TimelineEntry {
            at,
            kind: None,
            status: crate::model::expr::DealStatus::ALL
                .into_iter()
                .find(|s| s.code() == status),
            detail: sfa_value,
            mail: None,
        });
    }
    records.sort_by_key(|r| r.at);
    let fit = super::scores::fit_of(
        &model,
        row.job_level.as_deref(),
        row.employee_band.as_deref(),
        &row.industry,
    );
    let scores = score_series(&model, fit, &records, row.created_at, as_of);
    row.score = scores.last().map_or(fit, |s| s.1);
    row.mql = row.score >= model.mql_threshold;
    let timeline_total = records.len() as u64;
    records.reverse();
    records.truncate(TIMELINE);
    Ok(Some(LeadDetail {
        row,
        sfa_id,
        department,
        employees,
        prefecture,
        lead_source,
        opt_in_basis,
        custom,
        timeline: records,
        timeline_total,
        scores,
        mql_threshold: model.mql_threshold,
        scores_at: as_of,
    }))
}

/// A lead's score at the end of each week (Japan time, weeks ending on Sunday) from its first
/// record (or its creation) up to `as_of`, and at `as_of`: at most two years of weeks, the latest.
fn score_series(
    model: &crate::scoring::ScoringModel,
    fit: i32,
    records: &[TimelineEntry],
    created: Option<i64>,
    as_of: i64,
) -> Vec<(i64, i32)> {
    const WEEK: i64 = 7 * 24 * 60;
    const JST: i64 = 9 * 60;
    // 1970-01-01 was a Thursday: Monday 00:00 in Japan falls 4 days (less 9 hours) later.
    const MONDAY: i64 = 4 * 24 * 60 - JST;
    let first = (records.first().map(|r| r.at.div_euclid(60)))
        .into_iter()
        .chain(created.map(|c| c.div_euclid(60)))
        .min()
        .unwrap_or(as_of)
        .min(as_of);
    let earliest = as_of - 104 * WEEK;
    let mut state = crate::scoring::ScoreState::new(model, fit);
    let mut next = records.iter().filter(|r| r.kind.is_some()).peekable();
    let mut out = Vec::new();
    let mut week_end = MONDAY + (first.max(earliest) - MONDAY).div_euclid(WEEK) * WEEK + WEEK;
    while week_end <= as_of {
        while let Some(r) = next.next_if(|r| r.at.div_euclid(60) < week_end) {
            state.add(r.kind.expect("filtered"), &r.detail, r.at.div_euclid(60));
        }
        if week_end > first {
            out.push(((week_end - 1) * 60, state.score_at(week_end - 1)));
        }
        week_end += WEEK;
    }
    while let Some(r) = next.next_if(|r| r.at.div_euclid(60) <= as_of) {
        state.add(r.kind.expect("filtered"), &r.detail, r.at.div_euclid(60));
    }
    out.push((as_of * 60, state.score_at(as_of)));
    out
}
