//! Reading the leads of a workspace as the engine needs them, in lead order, in one pass over leads
//! and one over events and deals.

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::lead::{EmployeeBand, EventKind, JobLevel};
use crate::model::expr::{Attribute, DealStatus};
use crate::scoring::ScoringModel;
use crate::simulate::attributes::{LeadAttributes, Wanted};
use crate::simulate::eval::timeline;
use crate::simulate::leads::{LeadInput, LeadSample};
use crate::simulate::triggers::LeadHistory;
use crate::store::StoreError;
use crate::time::Minute;

/// Every lead with its history, for a window starting at `start` (mail before it sets each lead's
/// engagement). Holds every lead in memory: for tests and small workspaces; the engine reads in
/// chunks with `for_each_chunk`.
pub fn load_leads(
    conn: &Connection,
    scoring: &ScoringModel,
    start: Minute,
) -> Result<Vec<LeadInput>, StoreError> {
    let mut all = Vec::new();
    for_each_chunk(
        conn,
        scoring,
        start,
        usize::MAX,
        |chunk| -> Result<(), StoreError> {
            all.extend(chunk);
            Ok(())
        },
    )?;
    Ok(all)
}

/// Reads the leads in id order, `chunk` at a time, each with its events and deal history, and hands
/// each chunk to `f`: one pass over each table, memory bounded by the chunk.
pub fn for_each_chunk<E: From<StoreError>>(
    conn: &Connection,
    scoring: &ScoringModel,
    start: Minute,
    chunk: usize,
    f: impl FnMut(Vec<LeadInput>) -> Result<(), E>,
) -> Result<(), E> {
    read_chunks(conn, scoring, start, chunk, Rows::ALL, &Wanted::ALL, f)
}

/// [`for_each_chunk`] filling in only the `wanted` attributes (the others are not read): what a
/// simulation reads, with the attributes its scenarios test.
pub fn for_each_chunk_of<E: From<StoreError>>(
    conn: &Connection,
    scoring: &ScoringModel,
    start: Minute,
    chunk: usize,
    wanted: &Wanted,
    f: impl FnMut(Vec<LeadInput>) -> Result<(), E>,
) -> Result<(), E> {
    read_chunks(conn, scoring, start, chunk, Rows::ALL, wanted, f)
}

/// How many threads read a workspace's leads, and how many lead ids the workspace must span before
/// more than one does.
#[derive(Debug, Clone, Copy)]
pub struct Readers {
    /// Reading threads, at most.
    pub threads: usize,
    /// The least span of lead ids that is split among them.
    pub min_span: i64,
}

impl Readers {
    /// What a simulation uses: a thread per core, at most two (the simulation needs the cores too)
    /// and no more than the simulation's own threads (`scenario simulate --threads 1` stays on one
    /// core), for a workspace of 200,000 leads or more.
    pub fn for_simulation() -> Readers {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Readers {
            threads: cores.min(rayon::current_num_threads()).min(2),
            min_span: 200_000,
        }
    }
}

/// [`for_each_chunk_of`] by `readers`: split among them ([`for_each_chunk_split`]) when the
/// workspace is a file whose lead ids span enough and no transaction is open on `conn`, else read
/// on `conn`.
pub fn for_each_chunk_by<E: From<StoreError>>(
    conn: &Connection,
    readers: Readers,
    scoring: &ScoringModel,
    start: Minute,
    chunk: usize,
    wanted: &Wanted,
    f: impl FnMut(Vec<LeadInput>) -> Result<(), E>,
) -> Result<(), E> {
    let split = match readers.threads {
        0 | 1 => None,
        n => crate::simulate::history::split(conn, n as i64, readers.min_span)?,
    };
    match &split {
        Some(split) => for_each_chunk_split(split, scoring, start, chunk, wanted, f),
        None => for_each_chunk_of(conn, scoring, start, chunk, wanted, f),
    }
}

/// [`for_each_chunk_of`] with the leads split by id into `ranges`, each read in its own thread on
/// its own read-only connection to the workspace file at `path` (`history::split` gives them):
/// reading is the longest part of a forecast of a large workspace, and one thread decoding rows
/// is its bound. Chunks are handed to `f` on the calling thread as they are read, so those of
/// different ranges come interleaved; `f` returning an error ends every reader.
fn for_each_chunk_split<E: From<StoreError>>(
    (path, ranges): &crate::simulate::history::Split,
    scoring: &ScoringModel,
    start: Minute,
    chunk: usize,
    wanted: &Wanted,
    mut f: impl FnMut(Vec<LeadInput>) -> Result<(), E>,
) -> Result<(), E> {
    /// Why a reader stopped early.
    enum Stop {
        Store(StoreError),
        /// Nobody takes its chunks any more.
        Gone,
    }
    impl From<StoreError> for Stop {
        fn from(e: StoreError) -> Stop {
            Stop::Store(e)
        }
    }
    std::thread::scope(|readers| {
        // One chunk waits per reader at most while the caller handles another.
        let (to_caller, chunks) = std::sync::mpsc::sync_channel(ranges.len());
        for &ids in ranges {
            let to_caller = to_caller.clone();
            readers.spawn(move || {
                let read = crate::simulate::history::open_reader(path)
                    .map_err(Stop::from)
                    .and_then(|reader| {
                        let rows = Rows { stride: 1, ids };
                        read_chunks(&reader, scoring, start, chunk, rows, wanted, |leads| {
                            to_caller.send(Ok(leads)).map_err(|_| Stop::Gone)
                        })
                    });
                if let Err(Stop::Store(e)) = read {
                    // The caller may have stopped taking chunks already; then it needs no reason.
                    let _ = to_caller.send(Err(e));
                }
            });
        }
        drop(to_caller);
        let mut outcome = Ok(());
        for read in chunks.iter() {
            if let Err(e) = read.map_err(E::from).and_then(&mut f) {
                outcome = Err(e);
                break;
            }
        }
        // Readers blocked on a full channel see it closed and end, so the scope can join them.
        drop(chunks);
        outcome
    })
}

/// About `size` of the workspace's leads (all of them when there are no more), for a window
/// starting at `start`.
pub fn load_sample(
    conn: &Connection,
    scoring: &ScoringModel,
    start: Minute,
    size: usize,
) -> Result<LeadSample, StoreError> {
    let (population, last_id): (i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(max(id), 0) FROM leads",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let population = population.max(0) as u64;
    let stride = population.div_ceil(size.max(1) as u64).max(1);
    let mut leads = Vec::new();
    read_chunks(
        conn,
        scoring,
        start,
        usize::MAX,
        Rows {
            stride,
            ..Rows::ALL
        },
        &Wanted::ALL,
        |chunk| {
            leads.extend(chunk);
            Ok::<(), StoreError>(())
        },
    )?;
    Ok(LeadSample {
        leads,
        stride,
        population,
        last_id,
    })
}

/// Which leads a read takes: those with ids in `ids` that are multiples of `stride`.
#[derive(Debug, Clone, Copy)]
struct Rows {
    stride: u64,
    ids: (i64, i64),
}

impl Rows {
    const ALL: Rows = Rows {
        stride: 1,
        ids: (i64::MIN, i64::MAX),
    };
}

/// [`for_each_chunk`] over the leads of `rows`.
fn read_chunks<E: From<StoreError>>(
    conn: &Connection,
    scoring: &ScoringModel,
    start: Minute,
    chunk: usize,
    rows: Rows,
    wanted: &Wanted,
    mut f: impl FnMut(Vec<LeadInput>) -> Result<(), E>,
) -> Result<(), E> {
    let sql = |e: rusqlite::Error| E::from(StoreError::from(e));
    let stride = i64::try_from(rows.stride.max(1)).unwrap_or(i64::MAX);
    // The whole workspace (the forecast's hot path) is read without a filter at all.
    let ranged = rows.ids != Rows::ALL.ids;
    let mut args = Vec::new();
    if ranged {
        args.extend([rows.ids.0, rows.ids.1]);
    }
    if stride != 1 {
        args.push(stride);
    }
    let filter = |column: &str| {
        let mut tests = Vec::new();
        if ranged {
            tests.push(format!("{column} BETWEEN ?1 AND ?2"));
        }
        if stride != 1 {
            tests.push(format!("{column} % ?{} = 0", args.len()));
        }
        if tests.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", tests.join(" AND "))
        }
    };
    let (by_id, by_lead) = (filter("id"), filter("lead_id"));
    let args = rusqlite::params_from_iter(args);
    let mut leads = conn
        .prepare(&format!(
            "SELECT {} FROM leads {by_id} ORDER BY id",
            lead_columns(wanted)
        ))
        .map_err(sql)?;
    let mut events = conn
        .prepare(&format!(
            "SELECT lead_id, at, kind, detail FROM lead_events {by_lead} ORDER BY lead_id, at, kind, detail"
        ))
        .map_err(sql)?;
    let mut deals = conn
        .prepare(&format!("SELECT lead_id, changed_at, status FROM deal_status_history {by_lead} ORDER BY lead_id, changed_at, status"))
        .map_err(sql)?;
    let mut lead_rows = leads.query(args.clone()).map_err(sql)?;
    let mut event_rows = events.query(args.clone()).map_err(sql)?;
    let mut deal_rows = deals.query(args).map_err(sql)?;
    let mut next_event = read_event(event_rows.next().map_err(sql)?).map_err(sql)?;
    let mut next_deal = read_deal(deal_rows.next().map_err(sql)?).map_err(sql)?;
    loop {
        let mut batch: Vec<LeadInput> = Vec::new();
        while batch.len() < chunk {
            match lead_rows.next().map_err(sql)? {
                Some(r) => batch.push(read_lead(r, scoring).map_err(sql)?),
                None => break,
            }
        }
        let Some(last) = batch.last().map(|l| l.id) else {
            return Ok(());
        };
        // Events and deals of this chunk's leads (ids are ascending in all three cursors).
        let mut i = 0;
        while let Some((lead_id, at, kind, detail)) = next_event.take() {
            if lead_id > last {
                next_event = Some((lead_id, at, kind, detail));
                break;
            }
            while i < batch.len() && batch[i].id < lead_id {
                i += 1;
            }
            if let (Some(lead), Some(kind)) = (batch.get_mut(i).filter(|l| l.id == lead_id), kind) {
                lead.add_event(start, kind, at, detail);
            }
            next_event = read_event(event_rows.next().map_err(sql)?).map_err(sql)?;
        }
        let mut i = 0;
        while let Some((lead_id, at, status)) = next_deal.take() {
            if lead_id > last {
                next_deal = Some((lead_id, at, status));
                break;
            }
            while i < batch.len() && batch[i].id < lead_id {
                i += 1;
            }
            if let (Some(lead), Some(status)) =
                (batch.get_mut(i).filter(|l| l.id == lead_id), status)
            {
                lead.history.deals.push((status, at));
            }
            next_deal = read_deal(deal_rows.next().map_err(sql)?).map_err(sql)?;
        }
        f(batch)?;
    }
}

impl LeadInput {
    /// A recorded event, in time order after the ones before it; mail before `start` counts
    /// toward the lead's engagement.
    fn add_event(&mut self, start: Minute, kind: EventKind, at: Minute, detail: String) {
        if at < start {
            self.past_sends += u64::from(kind == EventKind::EmailSend);
            self.past_opens += u64::from(kind == EventKind::EmailOpen);
        }
        self.history.events.push((kind, at, detail));
    }
}

/// One lead with its history, for a window starting at `start` (what `for_each_chunk` gives for
/// it, read by its id alone: a trace does not read the workspace).
pub fn load_lead(
    conn: &Connection,
    scoring: &ScoringModel,
    start: Minute,
    id: i64,
) -> Result<Option<LeadInput>, StoreError> {
    use rusqlite::OptionalExtension;
    let mut lead = match conn
        .query_row(
            &format!("SELECT {LEAD_COLUMNS} FROM leads WHERE id = ?1"),
            [id],
            |r| read_lead(r, scoring),
        )
        .optional()?
    {
        Some(lead) => lead,
        None => return Ok(None),
    };
    let mut events = conn.prepare(
        "SELECT lead_id, at, kind, detail FROM lead_events WHERE lead_id = ?1 ORDER BY at, kind, detail",
    )?;
    let mut rows = events.query([id])?;
    while let Some((_, at, kind, detail)) = read_event(rows.next()?)? {
        if let Some(kind) = kind {
            lead.add_event(start, kind, at, detail);
        }
    }
    let mut deals = conn.prepare(
        "SELECT lead_id, changed_at, status FROM deal_status_history WHERE lead_id = ?1 ORDER BY changed_at, status",
    )?;
    let mut rows = deals.query([id])?;
    while let Some((_, at, status)) = read_deal(rows.next()?)? {
        if let Some(status) = status {
            lead.history.deals.push((status, at));
        }
    }
    Ok(Some(lead))
}

/// The row id of the lead a person names by its lead id (external id), its email or its row id.
pub fn find_lead(conn: &Connection, key: &str) -> Result<Option<i64>, StoreError> {
    use rusqlite::OptionalExtension;
    let by = |sql: &str, value: &dyn rusqlite::ToSql| -> Result<Option<i64>, StoreError> {
        Ok(conn.query_row(sql, [value], |r| r.get(0)).optional()?)
    };
    if let Some(id) = by("SELECT id FROM leads WHERE external_id = ?1", &key)? {
        return Ok(Some(id));
    }
    let email = crate::lead::match_key(key);
    if let Some(id) = by("SELECT id FROM leads WHERE email_key = ?1", &email)? {
        return Ok(Some(id));
    }
    match key.trim().parse::<i64>() {
        Ok(row) => by("SELECT id FROM leads WHERE id = ?1", &row),
        Err(_) => Ok(None),
    }
}

/// [`LEAD_COLUMNS`] with a NULL in place of each attribute's column that is not `wanted` (the
/// positions stay `read_lead`'s). The job level, the employee band and the industry are always
/// read: the lead's fit score is made of them.
fn lead_columns(wanted: &Wanted) -> String {
    let fit = |a: &Attribute| {
        matches!(
            a,
            Attribute::JobLevel | Attribute::EmployeeBand | Attribute::Industry
        )
    };
    let columns = LEAD_COLUMNS.split(", ").enumerate().map(|(i, column)| {
        let unread =
            (ATTRIBUTE_COLUMNS.iter()).any(|(at, a)| *at == i && !fit(a) && !wanted.wants(a));
        if unread {
            format!("NULL AS {column}")
        } else {
            column.to_owned()
        }
    });
    columns.collect::<Vec<_>>().join(", ")
}

/// The columns `read_lead` reads, in its order.
const LEAD_COLUMNS: &str = "id, company, department, title, job_level, employee_band, industry, \
    prefecture, lead_source, lead_status, email, created_at, opt_in_basis, opted_out, custom";

/// The columns of [`LEAD_COLUMNS`] that hold an attribute, by position: the mail address holds
/// the mail domain, `custom` the user's own fields (one JSON object).
const ATTRIBUTE_COLUMNS: [(usize, Attribute); 11] = [
    (1, Attribute::Company),
    (2, Attribute::Department),
    (3, Attribute::Title),
    (4, Attribute::JobLevel),
    (5, Attribute::EmployeeBand),
    (6, Attribute::Industry),
    (7, Attribute::Prefecture),
    (8, Attribute::LeadSource),
    (9, Attribute::LeadStatus),
    (10, Attribute::EmailDomain),
    (14, Attribute::Custom(String::new())),
];

/// The leads with these row ids, in their order, as new leads would be: without their events
/// and not opted out (what a forecast's new leads are modelled on).
pub fn profiles(
    conn: &Connection,
    scoring: &ScoringModel,
    ids: &[i64],
) -> Result<Vec<LeadInput>, StoreError> {
    let mut statement = conn.prepare(&format!("SELECT {LEAD_COLUMNS} FROM leads WHERE id = ?1"))?;
    let mut leads = Vec::with_capacity(ids.len());
    for &id in ids {
        let mut lead = statement.query_row([id], |r| read_lead(r, scoring))?;
        lead.opted_out = false;
        leads.push(lead);
    }
    Ok(leads)
}

type EventRow = (i64, Minute, Option<EventKind>, String);
type DealRow = (i64, Minute, Option<DealStatus>);

/// Column `i` as text borrowed from the row (`""` for NULL): no string is built for what is only
/// looked at.
fn text<'r>(r: &'r rusqlite::Row, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?
        .as_str_or_null()
        .map(Option::unwrap_or_default)
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
}

fn read_event(r: Option<&rusqlite::Row>) -> rusqlite::Result<Option<EventRow>> {
    let Some(r) = r else { return Ok(None) };
    Ok(Some((
        r.get(0)?,
        r.get::<_, i64>(1)? / 60,
        EventKind::from_code(text(r, 2)?),
        r.get(3)?,
    )))
}

fn read_deal(r: Option<&rusqlite::Row>) -> rusqlite::Result<Option<DealRow>> {
    let Some(r) = r else { return Ok(None) };
    let code = text(r, 2)?;
    Ok(Some((
        r.get(0)?,
        r.get::<_, i64>(1)? / 60,
        DealStatus::ALL.into_iter().find(|s| s.code() == code),
    )))
}

fn read_lead(r: &rusqlite::Row, scoring: &ScoringModel) -> rusqlite::Result<LeadInput> {
    let mut attributes = LeadAttributes::default();
    for (i, attribute) in ATTRIBUTE_COLUMNS {
        let value = text(r, i)?;
        match attribute {
            Attribute::EmailDomain => {
                if let Some((_, domain)) = value.rsplit_once('@') {
                    if domain.chars().any(char::is_uppercase) {
                        attributes.set(attribute, &domain.to_lowercase());
                    } else {
                        attributes.set(attribute, domain);
                    }
                }
            }
            Attribute::Custom(_) => {
                if !value.is_empty() && value != "{}" {
                    let custom: BTreeMap<String, String> =
                        serde_json::from_str(value).unwrap_or_default();
                    for (k, v) in custom {
                        attributes.set(Attribute::Custom(k), &v);
                    }
                }
            }
            _ => attributes.set(attribute, value),
        }
    }
    let read = |a: Attribute| attributes.get(&a).unwrap_or_default();
    let (level, band) = (read(Attribute::JobLevel), read(Attribute::EmployeeBand));
    let fit = scoring.fit(
        JobLevel::from_code(level),
        EmployeeBand::from_code(band),
        read(Attribute::Industry),
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
        has_consent: r.get_ref(12)? != rusqlite::types::ValueRef::Null,
        past_sends: 0,
        past_opens: 0,
    })
}

/// A lead as its recorded history shows it, for evaluating a condition on the workspace as it
/// stands (the diagnosis's segment check, the app's segment preview): the same `eval` as the
/// engine, over what was recorded only.
pub struct Recorded<'a> {
    /// The lead.
    pub lead: &'a LeadInput,
    /// Its scores.
    pub scoring: &'a ScoringModel,
}

impl crate::simulate::eval::LeadFacts for Recorded<'_> {
    fn attribute(&self, attribute: &Attribute, _: Minute) -> Option<&str> {
        self.lead.attributes.get(attribute)
    }

    fn count_events(
        &self,
        filter: &crate::model::expr::EventFilter,
        from: Minute,
        to: Minute,
    ) -> u32 {
        timeline::count(&self.lead.history.events, filter, from, to)
    }

    fn any_event(
        &self,
        from: Minute,
        to: Minute,
        wanted: &dyn Fn(EventKind, &str) -> bool,
    ) -> bool {
        timeline::any_event(&self.lead.history.events, from, to, wanted)
    }

    fn score(&self, t: Minute) -> i32 {
        let history = &self.lead.history;
        timeline::score(self.scoring, history.fit, &history.events, &[], t)
    }

    fn deal_status(&self, t: Minute) -> Option<DealStatus> {
        timeline::deal_status(&self.lead.history.deals, t)
    }

    fn email_engagement(
        &self,
        engagement: crate::model::expr::Engagement,
        email: Option<&crate::model::ids::NodeId>,
        from: Minute,
        to: Minute,
    ) -> bool {
        timeline::email_engagement(&self.lead.history.events, engagement, email, from, to)
    }
}

/// Names the mails of `records` by the workspace scenarios' mails they are tied to, by the rule
/// the forecast ties them by (`MailIndex`: a tie made by hand, or the node's id, subject or title).
pub fn name_mails(
    conn: &Connection,
    records: &mut [crate::store::browse::TimelineEntry],
) -> Result<(), StoreError> {
    use crate::lead::EventKind;
    let mailish = |k: Option<EventKind>| {
        matches!(
            k,
            Some(
                EventKind::EmailSend
                    | EventKind::EmailOpen
                    | EventKind::EmailClick
                    | EventKind::Unsubscribe
            )
        )
    };
    if !records.iter().any(|r| mailish(r.kind)) {
        return Ok(());
    }
    let files: Vec<crate::model::ScenarioFile> = (crate::store::scenarios::list(conn)?.iter())
        .filter_map(|s| crate::store::scenarios::load(conn, &s.id).ok().flatten())
        .collect();
    let response: crate::simulate::response::ResponseSettings =
        crate::store::documents::load(conn, crate::store::documents::RESPONSE)?;
    let index = crate::simulate::ties::MailIndex::of_files(&files, &response.mail_ties);
    for r in records.iter_mut().filter(|r| mailish(r.kind)) {
        let Some((scenario, node)) = index.tie(&r.detail) else {
            continue;
        };
        r.mail = (files.iter().find(|f| &f.id == scenario)).map(|f| f.describe_node_in(node));
    }
    Ok(())
}
