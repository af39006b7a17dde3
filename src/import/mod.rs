//! CSV import of leads, behaviour events and deal statuses, as users really have them.
//!
//! The file is streamed: bytes → encoding detection (BOM, then a detector, or the user's choice) →
//! a strict decoder that refuses undecodable bytes with their line → the csv reader (quoted newlines,
//! CRLF, comma/tab/semicolon) → a header preset or mapping file → one record per row → an upsert, all
//! inside one transaction. The whole file is read before anything is committed: a refused import
//! (missing column, undecodable bytes, no rows, or any bad row under `strict`) rolls back and leaves
//! the workspace as it was. A dry run does everything and rolls back, so its counts are exact.

pub mod decode;
pub mod presets;
mod rows;
pub mod values;

use crate::ErrorKind;
use std::collections::{BTreeMap, HashMap, VecDeque};

use foldhash::fast::FixedState;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use decode::{Detection, TextEncoding, Undecodable};
pub use presets::{ColumnMapping, Field, ImportKind, MappingFile, PRESETS, Preset};
pub use rows::{IssueSeverity, RowIssue};
pub use values::DateOrder;

use crate::lead::{DealRecord, EventKind, EventRecord, LeadDerived, LeadRecord, LeadRef};
use crate::localized::Localized;
use crate::store::{LeadWriter, StoreError, UpsertOutcome, Workspace};
use decode::StrictDecoder;
use rows::Row;

/// At most this many row problems are kept in a report (all are counted).
pub const MAX_REPORTED_ISSUES: usize = 1000;

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// What the file holds; detected from the headers when absent.
    pub kind: Option<ImportKind>,
    /// The header preset; detected when absent.
    pub preset: Option<String>,
    /// The encoding; detected when absent.
    pub encoding: Option<TextEncoding>,
    /// The user's header mapping, which wins over the preset.
    pub mapping: Option<MappingFile>,
    /// Do everything but commit.
    pub dry_run: bool,
    /// Refuse the whole file when any row has an error (by default such rows are skipped).
    pub strict: bool,
    /// Import a lead whose opt-out cannot be read as opted out, with a warning, instead of
    /// refusing the file.
    pub suppress_unreadable_opt_outs: bool,
    /// How dates with the year last are read; told by the file's own dates when absent (and
    /// the file refused when they do not tell).
    pub date_order: Option<DateOrder>,
    /// The moment of the import (Unix seconds), told by the caller (the engine reads no clock):
    /// an event or deal change dated more than a day after it is refused as a row error, a lead
    /// created after it is kept undated with a warning. One mistyped year (2999) would otherwise
    /// become the end of the recorded history, where forecasts start, or a lead arriving in a
    /// forecast's future. None: not checked.
    pub now: Option<i64>,
}

/// How far after the moment of an import an event may be dated (time zones, a clock off).
pub const FUTURE_SLACK_SECONDS: i64 = 24 * 60 * 60;

/// Whether `at` (seconds) lies after the moment of the import `now` (with a day's slack).
fn is_future(at: i64, now: Option<i64>) -> bool {
    now.is_some_and(|now| at > now.saturating_add(FUTURE_SLACK_SECONDS))
}

/// What an import did, or in a dry run would do.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ImportReport {
    /// The file's name.
    pub file: String,
    /// The encoding read.
    pub encoding: TextEncoding,
    /// How the encoding was decided.
    pub detection: Detection,
    /// The field separator.
    pub delimiter: char,
    /// The headers and the fields they feed.
    pub mapping: ColumnMapping,
    /// The first rows as read, for a preview.
    pub preview: Vec<Vec<String>>,
    /// Data rows read.
    pub rows: u64,
    /// New leads, events or statuses stored.
    pub inserted: u64,
    /// Existing leads updated.
    pub updated: u64,
    /// Leads, events or statuses already stored with these values (a re-import).
    pub unchanged: u64,
    /// Rows not imported (errors and duplicates).
    pub skipped: u64,
    /// Rows with an error.
    pub error_rows: u64,
    /// Rows with only warnings.
    pub warning_rows: u64,
    /// Rows repeating an email seen earlier in the file (the first wins).
    pub duplicates: u64,
    /// Opt-outs: of a lead file, its leads read as opted out; of an activity log, the leads its
    /// unsubscribes opted out (that were mailable before).
    pub opted_out: u64,
    /// Of a lead file, its leads without a recorded opt-in basis.
    pub no_consent: u64,
    /// Of an activity log, the rows of activities that are not behaviour (deliveries, bounces,
    /// data and score changes …), skipped: how many of each activity type, as written.
    pub not_behaviour: BTreeMap<String, u64>,
    /// Row problems, the first `MAX_REPORTED_ISSUES`.
    pub issues: Vec<RowIssue>,
    /// Problems not listed in `issues`.
    pub issues_not_listed: u64,
    /// Every problem, grouped: the same problem of the same column with the same message (so the
    /// same value) is one group, with how many rows had it and their first lines. At most
    /// `MAX_ISSUE_GROUPS`; problems of further groups are counted in `issues_not_grouped`.
    pub issue_groups: Vec<IssueGroup>,
    /// Problems whose group did not fit in `issue_groups`.
    pub issues_not_grouped: u64,
    /// Whether the import was committed (false for a dry run).
    pub committed: bool,
    /// Rows whose opt-out could not be read, and the first of them: the import is refused.
    #[serde(skip)]
    unreadable_opt_outs: u64,
    #[serde(skip)]
    first_unreadable_opt_out: Option<RowIssue>,
    /// Each group's place in `issue_groups`, by code, column and message.
    #[serde(skip)]
    group_index: HashMap<(&'static str, Option<String>, String), usize>,
}

/// The rows that had one problem.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct IssueGroup {
    /// The first row's problem.
    pub first: RowIssue,
    /// Rows with it.
    pub rows: u64,
    /// The first `GROUP_LINES` of their lines.
    pub lines: Vec<u64>,
}

/// How many groups of problems a report keeps.
pub const MAX_ISSUE_GROUPS: usize = 200;
/// How many lines of a group a report keeps.
pub const GROUP_LINES: usize = 10;

impl ImportReport {
    /// Adds `issue` to its group.
    fn group(&mut self, issue: &RowIssue) {
        // Found by a hash of what makes two problems the same (a file of a million bad rows
        // must not compare each with every group).
        let key = (issue.code, issue.column.clone(), issue.message.ja.clone());
        match self.group_index.get(&key).copied() {
            Some(i) => {
                let group = &mut self.issue_groups[i];
                group.rows += 1;
                if group.lines.len() < GROUP_LINES {
                    group.lines.push(issue.line);
                }
            }
            None if self.issue_groups.len() < MAX_ISSUE_GROUPS => {
                self.group_index.insert(key, self.issue_groups.len());
                self.issue_groups.push(IssueGroup {
                    first: issue.clone(),
                    rows: 1,
                    lines: vec![issue.line],
                })
            }
            None => self.issues_not_grouped += 1,
        }
    }
}

/// Why a file was refused. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The reason.
        source: io::Error,
    },
    /// The file is empty: not even a header row.
    #[error("the file is empty")]
    Empty,
    /// More columns than any export has.
    #[error(
        "line {line} has {count} columns; a file may have at most {MAX_COLUMNS} (no export has more): remove the columns you do not need"
    )]
    TooManyColumns {
        /// The line.
        line: u64,
        /// How many.
        count: usize,
    },
    /// The detector found an encoding the importer does not read.
    #[error(
        "the file looks like {guess}, which is not supported; save it as UTF-8 or Shift_JIS (CP932), or name the encoding with --encoding"
    )]
    UnsupportedEncoding {
        /// The detector's guess.
        guess: &'static str,
    },
    /// Bytes that are not valid in the file's encoding.
    #[error(
        "the file is not valid {encoding}: {at}; check the encoding (--encoding) or re-save the file"
    )]
    Undecodable {
        /// The encoding tried.
        encoding: &'static str,
        /// Where.
        at: Undecodable,
    },
    /// The CSV structure is broken.
    #[error("malformed CSV at line {line}: {detail}")]
    Csv {
        /// Where.
        line: u64,
        /// What.
        detail: String,
    },
    /// A quoted field was never closed: it ran to the end of the file, swallowing the rows after it.
    #[error(
        "a quote opened in the row at line {line} is never closed, so the rest of the file would be read as one cell; check the quotes in that row"
    )]
    UnterminatedQuote {
        /// The line of the row with the open quote.
        line: u64,
    },
    /// A line is longer than any export writes.
    #[error(
        "line {line} is longer than 16 MiB; this is not a CSV export (or a quote is never closed)"
    )]
    LineTooLong {
        /// The line.
        line: u64,
    },
    /// The named preset does not exist.
    #[error("unknown preset \"{0}\"")]
    UnknownPreset(String),
    /// No preset or mapping finds the required columns.
    #[error("missing required column(s) for {kind}: {missing}; the file's columns are: {headers}")]
    MissingColumns {
        /// What the file was read as.
        kind: &'static str,
        /// The missing fields (alternatives joined by " or ").
        missing: String,
        /// The headers found.
        headers: String,
    },
    /// A deal history whose rows name an opportunity or account, not a person the workspace
    /// knows.
    #[error(
        "the deal history names each deal by \"{column}\" but has no column naming the person (email, lead ID or SFA ID), which is how the workspace knows its leads; export the history with the contact's email or the lead ID (in Salesforce, add the contact's Email to the opportunity history report), or map such a column with --mapping"
    )]
    DealsWithoutPerson {
        /// The opportunity or account column found.
        column: String,
    },
    /// The file has a header but no data rows.
    #[error("the file has no data rows")]
    NoRows,
    /// Under `strict`, rows had errors.
    #[error("{rows} row(s) have errors (first at line {first_line}); nothing was imported")]
    Strict {
        /// Rows with errors.
        rows: u64,
        /// The first one's line.
        first_line: u64,
        /// Every reported problem.
        issues: Vec<RowIssue>,
    },
    /// An opt-out or subscription cell that cannot be read: importing the lead as mailable could
    /// mail someone who refused mail.
    #[error(
        "cannot tell whether \"{value}\" in column \"{column}\" (line {line}) is an opt-out, nor in {rows} row(s) in all; nothing was imported. Fix the values (e.g. unsubscribed / subscribed, true / false, yes / no, empty), map the column, or import every such lead opted out (the import screen's check box; --suppress-unreadable-opt-outs on the command line)"
    )]
    UnreadableOptOut {
        /// The column's header.
        column: String,
        /// The first unreadable value.
        value: String,
        /// Its line.
        line: u64,
        /// Rows with an unreadable opt-out.
        rows: u64,
    },
    /// Dates with the year last whose day and month could be either way round, and no date of
    /// the file that tells (a part above 12).
    #[error(
        "the dates in column \"{column}\" have the year last (\"{value}\", line {line}), and none of the file's dates tells whether they are month/day/year or day/month/year; nothing was imported. Choose the order (the import screen's choice; --date-order mdy or dmy on the command line; \"date_order\" in a mapping file)"
    )]
    AmbiguousDateOrder {
        /// The column's header.
        column: String,
        /// The first such date.
        value: String,
        /// Its line.
        line: u64,
    },
    /// Dates with the year last written in both orders in one file: neither reading is safe.
    #[error(
        "the file's dates are written both month first (\"{mdy_value}\" in \"{mdy_column}\", line {mdy_line}) and day first (\"{dmy_value}\" in \"{dmy_column}\", line {dmy_line}); nothing was imported. Re-export the file with one date format (ideally YYYY-MM-DD)"
    )]
    MixedDateOrders {
        /// The column of the first date only month first reads.
        mdy_column: String,
        /// That date.
        mdy_value: String,
        /// Its line.
        mdy_line: u64,
        /// The column of the first date only day first reads.
        dmy_column: String,
        /// That date.
        dmy_value: String,
        /// Its line.
        dmy_line: u64,
    },
    /// The workspace failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ImportError {
    /// A stable name for the kind of refusal.
    pub fn kind(&self) -> crate::ErrorKind {
        match self {
            ImportError::Read { .. } => ErrorKind::Read,
            ImportError::Empty => ErrorKind::Empty,
            ImportError::TooManyColumns { .. } => ErrorKind::TooManyColumns,
            ImportError::UnsupportedEncoding { .. } => ErrorKind::UnsupportedEncoding,
            ImportError::Undecodable { .. } => ErrorKind::Undecodable,
            ImportError::Csv { .. } => ErrorKind::Csv,
            ImportError::UnterminatedQuote { .. } => ErrorKind::UnterminatedQuote,
            ImportError::LineTooLong { .. } => ErrorKind::LineTooLong,
            ImportError::UnknownPreset(_) => ErrorKind::UnknownPreset,
            ImportError::MissingColumns { .. } => ErrorKind::MissingColumns,
            ImportError::NoRows => ErrorKind::NoRows,
            ImportError::Strict { .. } => ErrorKind::RowErrors,
            ImportError::UnreadableOptOut { .. } => ErrorKind::UnreadableOptOut,
            ImportError::DealsWithoutPerson { .. } => ErrorKind::DealsWithoutPerson,
            ImportError::AmbiguousDateOrder { .. } => ErrorKind::AmbiguousDateOrder,
            ImportError::MixedDateOrders { .. } => ErrorKind::MixedDateOrders,
            ImportError::Store(_) => ErrorKind::Store,
        }
    }

    /// The message in Japanese and English.
    pub fn localized(&self) -> Localized {
        let ja = match self {
            ImportError::Read { path, source } => format!(
                "{} を読み込めません: {}",
                path.display(),
                crate::format::io_reason(source).ja
            ),
            ImportError::Empty => "ファイルが空です（見出し行もありません）".to_owned(),
            ImportError::UnsupportedEncoding { guess } => format!(
                "文字コードが {guess} と判定されましたが、この形式には対応していません。UTF-8 か Shift_JIS（CP932）で保存し直すか、--encoding で文字コードを指定してください"
            ),
            ImportError::Undecodable { encoding, at } => format!(
                "{}行{}列（{}バイト目）に {encoding} として読めないバイトがあります。文字コードを確認するか（--encoding）、ファイルを保存し直してください",
                at.line, at.column, at.byte_offset
            ),
            ImportError::Csv { line, detail } => {
                format!("{line}行目の CSV の形式が壊れています: {detail}")
            }
            ImportError::UnterminatedQuote { line } => format!(
                "{line}行目の行で開いた引用符（\"）が閉じられていないため、それ以降がすべて1つのセルとして読まれてしまいます。この行の引用符を確認してください"
            ),
            ImportError::LineTooLong { line } => format!(
                "{line}行目が 16 MiB を超えています。CSV のエクスポートではないか、引用符が閉じられていません"
            ),
            ImportError::UnknownPreset(p) => {
                let keys = PRESETS.iter().map(|p| p.key).collect::<Vec<_>>().join(", ");
                format!("プリセット「{p}」はありません。使えるのは {keys} です")
            }
            ImportError::MissingColumns {
                kind,
                missing,
                headers,
            } => format!(
                "{kind} の取り込みに必要な列がありません: {missing}。ファイルの列: {headers}。列名を合わせるか、マッピングファイル（--mapping）で対応づけてください"
            ),
            ImportError::NoRows => "データ行がありません（見出し行だけです）".to_owned(),
            ImportError::TooManyColumns { line, count } => format!(
                "{line}行目に {count} 列あります。取り込めるのは {MAX_COLUMNS} 列までです（これより多い書き出しはありません）。不要な列を削除してください"
            ),
            ImportError::Strict {
                rows, first_line, ..
            } => format!(
                "{rows}行にエラーがあります（最初は{first_line}行目）。何も取り込んでいません"
            ),
            ImportError::UnreadableOptOut {
                column,
                value,
                line,
                rows,
            } => format!(
                "{line}行目の「{column}」の値「{value}」が配信停止かどうか読み取れません（該当 {rows} 行）。配信停止の人にメールを送らないよう、何も取り込んでいません。値を直す（配信停止／配信中、true／false、はい／いいえ、空欄など）、列の対応を指定する、または読めない行をすべて配信停止として取り込む（取り込み画面のチェックボックス、コマンドラインでは --suppress-unreadable-opt-outs）のいずれかを選んでください"
            ),
            ImportError::DealsWithoutPerson { column } => format!(
                "商談履歴の各行は「{column}」で商談を指していますが、人を指す列（メールアドレス・リード ID・SFA ID）がありません。ワークスペースはリードをこれらで照合します。取引先責任者のメールアドレスかリード ID を含めて書き出す（Salesforce なら商談履歴レポートに取引先責任者のメールを追加）か、その列をマッピングで指定してください"
            ),
            ImportError::AmbiguousDateOrder {
                column,
                value,
                line,
            } => format!(
                "「{column}」の日付は年が最後（{line}行目「{value}」など）ですが、月/日/年か日/月/年かを、ファイルのどの日付からも判断できません（どれも日と月が12以下）。読み違えないよう、何も取り込んでいません。日付の順を選んでください（取り込み画面の選択、コマンドラインでは --date-order mdy または dmy、マッピングファイルでは \"date_order\"）"
            ),
            ImportError::MixedDateOrders {
                mdy_column,
                mdy_value,
                mdy_line,
                dmy_column,
                dmy_value,
                dmy_line,
            } => format!(
                "このファイルの日付には、月が先の書き方（{mdy_line}行目「{mdy_column}」の「{mdy_value}」）と日が先の書き方（{dmy_line}行目「{dmy_column}」の「{dmy_value}」）が混ざっています。どちらで読んでも一部を読み違えるので、何も取り込んでいません。日付の形式をそろえて（できれば YYYY-MM-DD で）書き出し直してください"
            ),
            ImportError::Store(e) => e.localized().ja,
        };
        let en = match self {
            ImportError::MissingColumns { .. } => {
                format!("{self}; rename the columns or map them with a mapping file (--mapping)")
            }
            ImportError::Store(e) => e.localized().en,
            _ => self.to_string(),
        };
        Localized::new(ja, en)
    }
}

/// Imports a CSV file into the workspace. `progress` is called now and then with (bytes read, total).
pub fn import_file(
    ws: &mut Workspace,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportReport, ImportError> {
    let read_err = |source| ImportError::Read {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(read_err)?;
    let total = file.metadata().map_err(read_err)?.len();
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    import_stream(ws, file, total, &name, options, progress, Some(path))
}

/// Imports CSV from any reader (`total` is its length, for progress only).
pub fn import_reader(
    ws: &mut Workspace,
    input: impl Read + Send,
    total: u64,
    file_name: &str,
    options: &ImportOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportReport, ImportError> {
    import_stream(ws, input, total, file_name, options, progress, None)
}

/// The import. With `source`, the path `input` reads from, a bulk load can read the file twice.
fn import_stream(
    ws: &mut Workspace,
    mut input: impl Read + Send,
    total: u64,
    file_name: &str,
    options: &ImportOptions,
    progress: &mut dyn FnMut(u64, u64),
    source: Option<&Path>,
) -> Result<ImportReport, ImportError> {
    let io_err = |source| ImportError::Read {
        path: PathBuf::from(file_name),
        source,
    };
    let mut head = vec![0u8; 64 * 1024];
    let mut filled = 0;
    while filled < head.len() {
        let n = input.read(&mut head[filled..]).map_err(io_err)?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    head.truncate(filled);
    let content = head
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(&head);
    if content.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    let (encoding, detection) = match options.encoding {
        Some(e) => (e, Detection::Given),
        None => {
            decode::detect(&head).map_err(|guess| ImportError::UnsupportedEncoding { guess })?
        }
    };
    let delimiter = sniff_delimiter(&head, encoding);
    let mut reader = csv_reader(
        io::Cursor::new(head.clone()).chain(input),
        encoding,
        delimiter,
    );
    let csv_err = |e: csv::Error| csv_error(e, encoding);

    // The header is the first of the first lines that a preset (or the user's mapping) reads:
    // Excel sheets and some tools' exports (BowNow's search conditions) put a title or the
    // export's conditions above it.
    // When no line is, the refusal names the first line's columns: what the user sees as the
    // header.
    let mut preamble = 0;
    let mut first_refusal: Option<ImportError> = None;
    let (headers, mut mapping) = loop {
        let mut record = csv::StringRecord::new();
        if !reader.read_record(&mut record).map_err(csv_err)? {
            return Err(first_refusal.unwrap_or(ImportError::Empty));
        }
        if record.len() > MAX_COLUMNS {
            return Err(ImportError::TooManyColumns {
                line: preamble + 1,
                count: record.len(),
            });
        }
        let headers: Vec<String> = (record.iter())
            .map(|h| crate::format::spreadsheet_text(h).to_owned())
            .collect();
        match choose_mapping(&headers, options) {
            Ok(mapping) => break (headers, mapping),
            Err(e) => {
                let first = first_refusal.get_or_insert(e);
                preamble += 1;
                if preamble >= HEADER_SEARCH_LINES {
                    return Err(std::mem::replace(first, ImportError::Empty));
                }
            }
        }
    };
    // The workspace's own deal status values, besides the usual names.
    let sfa: crate::practice::SfaMapping =
        crate::store::documents::load(ws.conn(), crate::store::documents::SFA_MAPPING)?;
    mapping.suppress_unreadable_opt_outs = options.suppress_unreadable_opt_outs;
    mapping.date_order = match options.date_order.or(mapping.date_order) {
        Some(order) => Some(order),
        None => date_order(&head, source, encoding, delimiter, preamble, &mapping)?,
    };
    mapping.deal_words = (sfa.deal_status_values.iter())
        .map(|(word, status)| (values::deal_status_key(word), *status))
        .collect();

    // Leads into an empty workspace (the common first import) go in without lookups and the lead
    // indexes are rebuilt once at the end; a later row with an external id seen before updates that
    // lead by its row id, as a lookup would have found it.
    let fresh = mapping.kind == ImportKind::Leads
        && ws
            .conn()
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM leads)", [], |r| {
                r.get::<_, bool>(0)
            })
            .map_err(StoreError::from)?;
    // Such a load also runs under a rollback journal, which writes each new page once where the
    // WAL writes it twice. Switching journal modes rewrites two counters in the file header, and a
    // refused import must leave the file byte for byte as it was, so this path first reads the
    // whole file once to find any reason to refuse it (undecodable bytes, an unclosed quote, no
    // rows) before the switch. Dry runs and strict imports, which refuse on row contents, keep the WAL.
    let bulk = match source {
        Some(path) if fresh && !options.dry_run && !options.strict => {
            scan(path, encoding, delimiter, &mapping, preamble)?;
            true
        }
        _ => false,
    };
    let load = |ws: &mut Workspace| {
        write_rows(
            ws, reader, headers, mapping, fresh, encoding, detection, delimiter, file_name, total,
            options, progress,
        )
    };
    if bulk {
        ws.with_rollback_journal(load)
    } else {
        load(ws)
    }
}

/// A CSV reader of `input` as the import reads every file: strictly decoded, rows of any length,
/// the header a record like the others (it is found among the first lines).
fn csv_reader<R: Read>(
    input: R,
    encoding: TextEncoding,
    delimiter: char,
) -> csv::Reader<StrictDecoder<R>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .flexible(true)
        .has_headers(false)
        .from_reader(StrictDecoder::new(input, encoding))
}

/// Reads `path` through, as the import will, and returns the first reason to refuse it.
fn scan(
    path: &Path,
    encoding: TextEncoding,
    delimiter: char,
    mapping: &ColumnMapping,
    preamble: u64,
) -> Result<(), ImportError> {
    let consent = &mapping.consent;
    let mut unreadable: Option<ImportError> = None;
    let file = File::open(path).map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })?;
    let mut reader = csv_reader(
        io::BufReader::with_capacity(1 << 16, file),
        encoding,
        delimiter,
    );
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    let mut last_line = 1;
    // The lines above the header, and the header.
    for _ in 0..=preamble {
        reader
            .read_byte_record(&mut record)
            .map_err(|e| csv_error(e, encoding))?;
    }
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| csv_error(e, encoding))?
    {
        let byte = record.position().map_or(0, |p| p.byte());
        last_line = reader.get_mut().line_at(byte);
        // Blank as the import sees it (full-width spaces included), and footers likewise.
        let cells = || (record.iter()).map(|c| std::str::from_utf8(c).unwrap_or("x"));
        if cells().any(|c| !c.trim().is_empty()) && !rows::is_report_footer(cells()) {
            rows += 1;
            if !mapping.suppress_unreadable_opt_outs {
                let cell = |i: usize| {
                    (record.get(i))
                        .and_then(|c| std::str::from_utf8(c).ok())
                        .map_or("", str::trim)
                };
                if let Err((i, raw)) = ColumnMapping::opt_out(consent, cell) {
                    match &mut unreadable {
                        Some(ImportError::UnreadableOptOut { rows, .. }) => *rows += 1,
                        _ => {
                            unreadable = Some(ImportError::UnreadableOptOut {
                                column: mapping.columns[i].0.clone(),
                                value: rows::clip(raw),
                                line: last_line,
                                rows: 1,
                            })
                        }
                    }
                }
            }
        }
    }
    if !reader.get_ref().quotes_balanced() {
        return Err(ImportError::UnterminatedQuote { line: last_line });
    }
    if rows == 0 {
        return Err(ImportError::NoRows);
    }
    unreadable.map_or(Ok(()), Err)
}

/// The order of day and month in the file's dates with the year last, told by its dates: the
/// first 64 KiB, then, when those have only dates that could be either way round, the whole file.
/// `None` when it has no such dates; refused when they never tell or tell both ways.
fn date_order(
    head: &[u8],
    source: Option<&Path>,
    encoding: TextEncoding,
    delimiter: char,
    preamble: u64,
    mapping: &ColumnMapping,
) -> Result<Option<DateOrder>, ImportError> {
    let columns: Vec<usize> = (mapping.columns.iter().enumerate())
        .filter(|(_, (_, f))| {
            matches!(
                f,
                Some(Field::CreatedAt | Field::EventAt | Field::ChangedAt)
            )
        })
        .map(|(i, _)| i)
        .collect();
    if columns.is_empty() {
        return Ok(None);
    }
    let skip = preamble + 1;
    let mut found = DateEvidence::read(io::Cursor::new(head), encoding, delimiter, skip, &columns);
    let untold = found.mdy.is_none() && found.dmy.is_none() && found.either.is_some();
    if let Some(file) = source.filter(|_| untold).and_then(|p| File::open(p).ok()) {
        let file = io::BufReader::with_capacity(1 << 16, file);
        found = DateEvidence::read(file, encoding, delimiter, skip, &columns);
    }
    let header = |i: usize| mapping.columns[i].0.clone();
    match (found.mdy, found.dmy, found.either) {
        (Some(m), Some(d), _) => Err(ImportError::MixedDateOrders {
            mdy_column: header(m.column),
            mdy_value: m.value,
            mdy_line: m.line,
            dmy_column: header(d.column),
            dmy_value: d.value,
            dmy_line: d.line,
        }),
        (Some(_), None, _) => Ok(Some(DateOrder::Mdy)),
        (None, Some(_), _) => Ok(Some(DateOrder::Dmy)),
        (None, None, Some(e)) => Err(ImportError::AmbiguousDateOrder {
            column: header(e.column),
            value: e.value,
            line: e.line,
        }),
        (None, None, None) => Ok(None),
    }
}

/// A date cell and where it is.
struct DateCell {
    line: u64,
    column: usize,
    value: String,
}

/// The first date with the year last that only month first reads, only day first reads, and either.
#[derive(Default)]
struct DateEvidence {
    mdy: Option<DateCell>,
    dmy: Option<DateCell>,
    either: Option<DateCell>,
}

impl DateEvidence {
    /// Reads the `columns` of the rows after the first `skip` records, until both orders have
    /// been seen or the text ends. Text that cannot be read ends the reading: the import proper
    /// reports it.
    fn read(
        input: impl Read,
        encoding: TextEncoding,
        delimiter: char,
        skip: u64,
        columns: &[usize],
    ) -> Self {
        let mut found = Self::default();
        let mut reader = csv_reader(input, encoding, delimiter);
        let mut record = csv::StringRecord::new();
        let mut index = 0u64;
        while found.mdy.is_none() || found.dmy.is_none() {
            if !matches!(reader.read_record(&mut record), Ok(true)) {
                break;
            }
            index += 1;
            // Every record's line is asked for, which lets the decoder forget the newlines
            // before it (a whole-file read must not hold one offset per line).
            let byte = record.position().map_or(0, |p| p.byte());
            let line = reader.get_mut().line_at(byte);
            if index <= skip {
                continue;
            }
            for &column in columns {
                let Some(raw) = record.get(column) else {
                    continue;
                };
                let slot = match values::year_last(raw) {
                    Some(values::YearLast::Only(DateOrder::Mdy)) => &mut found.mdy,
                    Some(values::YearLast::Only(DateOrder::Dmy)) => &mut found.dmy,
                    Some(values::YearLast::Either) => &mut found.either,
                    Some(values::YearLast::Same) | None => continue,
                };
                if slot.is_none() {
                    *slot = Some(DateCell {
                        line,
                        column,
                        value: rows::clip(raw.trim()),
                    });
                }
            }
        }
        found
    }
}

/// The most one-cell rows a report's footer has (more are rows, read as such).
const FOOTER_LINES: usize = 20;

/// How many of a file's first lines may hold its header (title rows and an export's conditions
/// above it).
const HEADER_SEARCH_LINES: u64 = 20;

/// Reads the rows (on a second thread) and writes them in one transaction.
#[allow(clippy::too_many_arguments)]
fn write_rows<R: Read + Send>(
    ws: &mut Workspace,
    reader: csv::Reader<StrictDecoder<R>>,
    headers: Vec<String>,
    mapping: ColumnMapping,
    fresh: bool,
    encoding: TextEncoding,
    detection: Detection,
    delimiter: char,
    file_name: &str,
    total: u64,
    options: &ImportOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportReport, ImportError> {
    let tx = ws.transaction()?;
    let mut writer = LeadWriter::new(&tx)?;
    let mut report = ImportReport {
        file: file_name.to_owned(),
        encoding,
        detection,
        delimiter,
        mapping: mapping.clone(),
        preview: Vec::new(),
        rows: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        skipped: 0,
        error_rows: 0,
        warning_rows: 0,
        duplicates: 0,
        opted_out: 0,
        no_consent: 0,
        not_behaviour: BTreeMap::new(),
        issues: Vec::new(),
        issues_not_listed: 0,
        issue_groups: Vec::new(),
        issues_not_grouped: 0,
        committed: false,
        unreadable_opt_outs: 0,
        first_unreadable_opt_out: None,
        group_index: HashMap::new(),
    };
    if fresh {
        crate::store::drop_indexes(&tx, crate::store::LEAD_INDEXES)?;
    }
    let mut stored = Written::default();

    // Two stages on two threads: a reader decodes, splits and parses rows into records (the CPU
    // work), this thread writes them in file order (the SQLite work). Batches keep the hand-over cheap;
    // the bounded channel keeps memory flat however large the file is.
    let (batches_tx, batches_rx) = std::sync::mpsc::sync_channel::<Batch>(4);
    let written: Result<(), ImportError> = std::thread::scope(|scope| {
        let mapping = &mapping;
        let header_count = headers.len();
        let now = options.now;
        let parser = scope.spawn(move || {
            parse_rows(
                reader,
                mapping,
                header_count,
                encoding,
                fresh,
                now,
                batches_tx,
            )
        });
        let mut result = Ok(());
        for batch in &batches_rx {
            for parsed in batch.rows {
                if let Err(e) = store_row(parsed, &mut writer, &mut report, &mut stored) {
                    result = Err(e);
                    break;
                }
            }
            progress(batch.bytes_read, total);
            if result.is_err() {
                break;
            }
        }
        // Closing the channel stops the reader if this side gave up first.
        drop(batches_rx);
        let parsed = parser.join().expect("the row reader does not panic");
        result.and(parsed)
    });
    written?;

    if report.rows == 0 {
        return Err(ImportError::NoRows);
    }
    if fresh {
        crate::store::create_indexes(&tx, crate::store::LEAD_INDEXES)?;
    }
    if let Some(first) = report.first_unreadable_opt_out.take() {
        return Err(ImportError::UnreadableOptOut {
            column: first.column.unwrap_or_default(),
            value: first.value.unwrap_or_default(),
            line: first.line,
            rows: report.unreadable_opt_outs,
        });
    }
    if options.strict && report.error_rows > 0 {
        let first_line = report
            .issues
            .iter()
            .find(|i| i.severity == IssueSeverity::Error)
            .map_or(0, |i| i.line);
        return Err(ImportError::Strict {
            rows: report.error_rows,
            first_line,
            issues: report.issues,
        });
    }
    // The writer's prepared statements borrow the transaction.
    drop(writer);
    if options.dry_run {
        tx.rollback().map_err(StoreError::from)?;
        return Ok(report);
    }
    tx.execute(
        "INSERT INTO imports (kind, file_name, encoding, preset, rows_read, inserted, updated, skipped)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![
            mapping.kind.name(),
            file_name,
            encoding.name(),
            mapping.preset,
            report.rows as i64,
            report.inserted as i64,
            report.updated as i64,
            report.skipped as i64
        ],
    )
    .map_err(StoreError::from)?;
    tx.commit().map_err(StoreError::from)?;
    report.committed = true;
    Ok(report)
}

/// Rows parsed by the reader thread, with how far into the file it got.
struct Batch {
    rows: Vec<ParsedRow>,
    bytes_read: u64,
}

/// One data row, parsed.
struct ParsedRow {
    line: u64,
    cells: Option<Vec<String>>,
    record: Parsed,
    issues: Vec<RowIssue>,
}

enum Parsed {
    Lead(Option<Box<LeadPlan>>),
    /// A lead whose email an earlier row (at line `first`) had; not written.
    Duplicate {
        first: u64,
    },
    Event(Option<EventRecord>),
    /// An activity log's row of an activity that is not a behaviour: its type as written.
    NotBehaviour(String),
    Deal(Option<DealRecord>),
}

/// A lead and how to write it.
struct LeadPlan {
    lead: LeadRecord,
    derived: LeadDerived,
    write: WritePlan,
}

enum WritePlan {
    /// Find it by external id or email, then insert or update (a workspace with leads).
    Upsert,
    /// A new lead: the next ordinal (a fresh import).
    Insert,
    /// The lead inserted with this ordinal, seen again by its external id (a fresh import).
    UpdateInserted(usize),
}

/// A batch handed from the reader to the writer ends at this many rows, or at `BATCH_CELLS`
/// cells, whichever comes first: memory stays flat for a wide file too (5,000 columns × 2,048
/// rows held a gigabyte).
const BATCH_ROWS: usize = 2048;
const BATCH_CELLS: usize = 200_000;

/// The most columns a file may have: a CRM's "all properties" export has a thousand or two; a
/// file with more is no export (and each column costs every row).
pub const MAX_COLUMNS: usize = 5_000;

/// The reader thread: decodes and splits the file and parses every row, in order.
fn parse_rows<R: Read + Send>(
    mut reader: csv::Reader<StrictDecoder<R>>,
    mapping: &ColumnMapping,
    header_count: usize,
    encoding: TextEncoding,
    fresh: bool,
    now: Option<i64>,
    out: std::sync::mpsc::SyncSender<Batch>,
) -> Result<(), ImportError> {
    // Normalised email → the line it was first seen on (duplicates within the file: the first wins).
    let mut first_seen: HashMap<String, u64, FixedState> = HashMap::default();
    // External id → ordinal of the lead inserted with it, and the next ordinal (fresh imports).
    let mut ordinal_by_external_id: HashMap<String, usize, FixedState> = HashMap::default();
    let mut next_ordinal = 0usize;
    let email_column = mapping
        .column_of(Field::Email)
        .map(|i| mapping.columns[i].0.clone());
    let mut last_line = 1;
    let mut rows = Vec::with_capacity(BATCH_ROWS);
    let mut cells_in_batch = 0usize;
    let mut count = 0usize;
    // A report ends with a block of one-cell rows (its title, the copyright and confidentiality
    // lines, who ran it and when, the organisation's name): such rows are held until a footer
    // line among them shows them to be the footer, or a record of several cells (or the end of
    // the file without one) shows them to be rows. `ready` are records to read, in file order.
    let mut held: VecDeque<(csv::StringRecord, u64)> = VecDeque::new();
    let mut ready: VecDeque<(csv::StringRecord, u64)> = VecDeque::new();
    let mut in_footer = false;
    let mut spare = csv::StringRecord::new();
    // Mail ids (`Field::MailId`) → the mail's name, from the file's sends and opens; and the rows
    // of clicks on a link whose mail was not named yet (an export's rows need not be in time
    // order), named at the end.
    let mut mail_names: HashMap<String, String, FixedState> = HashMap::default();
    let mut unnamed: Vec<(ParsedRow, String)> = Vec::new();
    loop {
        let (record, line) = match ready.pop_front() {
            Some(next) => next,
            None => {
                let mut record = std::mem::take(&mut spare);
                if !reader
                    .read_record(&mut record)
                    .map_err(|e| csv_error(e, encoding))?
                {
                    if !in_footer {
                        ready.extend(held.drain(..));
                    }
                    held.clear();
                    if ready.is_empty() {
                        break;
                    }
                    continue;
                }
                // The physical line, counting quoted newlines and blank lines (the csv reader's
                // own line number counts records).
                let byte = record.position().map_or(0, |p| p.byte());
                let line = reader.get_mut().line_at(byte);
                last_line = line;
                let filled = record.iter().filter(|c| !c.trim().is_empty()).count();
                if filled == 0 {
                    spare = record;
                    continue; // Blank lines that spreadsheets leave at the end.
                }
                if filled == 1 && rows::is_report_footer(record.iter()) {
                    in_footer = true;
                    held.clear();
                    spare = record;
                    continue;
                }
                // A footer's other lines: one text in the first cell (a record with only an
                // address, wherever it stands, is a record).
                let footer_like = filled == 1
                    && header_count > 1
                    && record
                        .get(0)
                        .is_some_and(|c| !c.trim().is_empty() && !c.contains('@'));
                if footer_like {
                    if in_footer {
                        spare = record;
                    } else {
                        held.push_back((record, line));
                        if held.len() > FOOTER_LINES {
                            ready.extend(held.drain(..));
                        }
                    }
                    continue;
                }
                in_footer = false;
                if !held.is_empty() {
                    ready.extend(held.drain(..));
                    ready.push_back((record, line));
                    continue;
                }
                (record, line)
            }
        };
        count += 1;
        // Characters no export means (NUL, other control characters: a file damaged or written
        // by a broken tool) are taken out of the cells, with a warning naming the column, so that
        // they never reach the workspace and the files written from it.
        let controlled = rows::columns_with_controls(&record);
        let record = if controlled.is_empty() {
            record
        } else {
            record.iter().map(rows::without_controls).collect()
        };
        let mut row = Row::new(mapping, &record, line);
        for i in controlled {
            let column = mapping.columns.get(i).map(|c| c.0.clone());
            let name = column.clone().unwrap_or_else(|| format!("{}", i + 1));
            row.issues.push(RowIssue {
                line,
                column,
                severity: IssueSeverity::Warning,
                code: "control-character",
                value: None,
                message: Localized::new(
                    format!("「{name}」の値に制御文字（NUL など画面に表示されない文字）が含まれていたため、取り除いて取り込みます。ファイルが壊れていないか確認してください"),
                    format!("the value of \"{name}\" holds control characters (NUL or others that never show); they are taken out and the rest imported; check whether the file is damaged"),
                ),
            });
        }
        if record.len() > header_count {
            row.issues.push(RowIssue {
                line,
                column: None,
                severity: IssueSeverity::Warning,
                code: "extra-cells",
                value: None,
                message: Localized::new(
                    format!("見出しは{header_count}列ですが、この行は{}列あります。余分な列は無視します", record.len()),
                    format!("the header has {header_count} columns but this row has {}; the extra cells are ignored", record.len()),
                ),
            });
        }
        let parsed = match mapping.kind {
            ImportKind::Leads => match row.lead() {
                None => Parsed::Lead(None),
                Some((mut lead, derived)) => {
                    // A creation date after the import is a typo: the lead is kept, undated,
                    // rather than made to arrive in a forecast's future.
                    if lead.created_at.is_some_and(|at| is_future(at, now)) {
                        row.future_date(Field::CreatedAt, IssueSeverity::Warning);
                        lead.created_at = None;
                    }
                    // Into a workspace with leads, headers that feed fields now are dropped from
                    // the custom columns an earlier import may have stored them in.
                    let derived = if fresh {
                        derived
                    } else {
                        let mapped = mapping
                            .columns
                            .iter()
                            .filter(|(_, f)| f.is_some())
                            .map(|(h, _)| h.as_str());
                        derived.dropping_custom(&lead, mapped)
                    };
                    if let Some(first) = first_seen.get(&derived.email_key).copied() {
                        row.issues.push(RowIssue {
                            line,
                            column: email_column.clone(),
                            severity: IssueSeverity::Warning,
                            code: "duplicate-email",
                            value: None,
                            message: Localized::new(
                                format!("メールアドレス「{}」は{first}行目と重複しています。最初の行を取り込み、この行は取り込みません", lead.email),
                                format!("\"{}\" repeats line {first}; the first row is imported, this one is not", lead.email),
                            ),
                        });
                        Parsed::Duplicate { first }
                    } else {
                        first_seen.insert(derived.email_key.clone(), line);
                        let write = if !fresh {
                            WritePlan::Upsert
                        } else {
                            let earlier = lead
                                .external_id
                                .as_ref()
                                .and_then(|e| ordinal_by_external_id.get(e));
                            match earlier {
                                Some(&k) => WritePlan::UpdateInserted(k),
                                None => {
                                    if let Some(ext) = &lead.external_id {
                                        ordinal_by_external_id.insert(ext.clone(), next_ordinal);
                                    }
                                    next_ordinal += 1;
                                    WritePlan::Insert
                                }
                            }
                        };
                        // The writer takes the custom columns as JSON (`derived`); the map is
                        // dropped here, or a wide file's rows would hold them twice.
                        let lead = LeadRecord {
                            custom: Default::default(),
                            ..lead
                        };
                        Parsed::Lead(Some(Box::new(LeadPlan {
                            lead,
                            derived,
                            write,
                        })))
                    }
                }
            },
            ImportKind::Events => match row.event() {
                Some(Err(activity)) => Parsed::NotBehaviour(activity),
                Some(Ok(event)) if is_future(event.at, now) => {
                    row.future_date(Field::EventAt, IssueSeverity::Error);
                    Parsed::Event(None)
                }
                event => Parsed::Event(event.and_then(Result::ok)),
            },
            ImportKind::Deals => match row.deal() {
                Some(deal) if is_future(deal.changed_at, now) => {
                    row.future_date(Field::ChangedAt, IssueSeverity::Error);
                    Parsed::Deal(None)
                }
                deal => Parsed::Deal(deal),
            },
        };
        let mail_id = row.mail_id().map(str::to_owned);
        let mut parsed = ParsedRow {
            line,
            cells: (count <= 5).then(|| record.iter().map(rows::clip).collect()),
            record: parsed,
            issues: row.issues,
        };
        // A mail's activity with the tool's id of the mail: a name tells the id's name, and a
        // click on a link takes it.
        if let (Parsed::Event(Some(event)), Some(id)) = (&mut parsed.record, mail_id) {
            let is_mail = matches!(
                event.kind,
                EventKind::EmailSend | EventKind::EmailOpen | EventKind::EmailClick
            );
            if is_mail && !rows::is_link(&event.detail) && !event.detail.is_empty() {
                mail_names.entry(id).or_insert_with(|| event.detail.clone());
            } else if event.kind == EventKind::EmailClick && rows::is_link(&event.detail) {
                match mail_names.get(&id) {
                    Some(name) => event.detail.clone_from(name),
                    None => {
                        unnamed.push((parsed, id));
                        spare = record;
                        continue;
                    }
                }
            }
        }
        rows.push(parsed);
        cells_in_batch += record.len();
        if rows.len() == BATCH_ROWS || cells_in_batch >= BATCH_CELLS {
            cells_in_batch = 0;
            let batch = Batch {
                rows: std::mem::take(&mut rows),
                bytes_read: reader.get_ref().bytes_read(),
            };
            if out.send(batch).is_err() {
                return Ok(()); // The writer stopped; it reports why.
            }
            rows.reserve(BATCH_ROWS);
        }
        spare = record;
    }
    if !reader.get_ref().quotes_balanced() {
        return Err(ImportError::UnterminatedQuote { line: last_line });
    }
    // The clicks whose mail a later row named; the others keep their link.
    for (mut parsed, id) in unnamed {
        if let (Parsed::Event(Some(event)), Some(name)) = (&mut parsed.record, mail_names.get(&id))
        {
            event.detail.clone_from(name);
        }
        rows.push(parsed);
    }
    let _ = out.send(Batch {
        rows,
        bytes_read: reader.get_ref().bytes_read(),
    });
    Ok(())
}

/// What the writer remembers of the rows it has written.
#[derive(Default)]
struct Written {
    /// Row ids of the leads inserted so far, by the ordinal the reader gave them (fresh imports).
    inserted_rowids: Vec<i64>,
    /// Lines of lead rows refused because they would make two stored leads one.
    conflicts: std::collections::BTreeSet<u64>,
}

/// The writer's half of one row: the lookups and the write, and the report's counts.
fn store_row(
    parsed: ParsedRow,
    writer: &mut LeadWriter,
    report: &mut ImportReport,
    written: &mut Written,
) -> Result<(), ImportError> {
    let inserted_rowids = &mut written.inserted_rowids;
    let ParsedRow {
        line,
        cells,
        record,
        mut issues,
    } = parsed;
    report.rows += 1;
    if let Some(cells) = cells {
        report.preview.push(cells);
    }
    match record {
        Parsed::Lead(None) | Parsed::Event(None) | Parsed::Deal(None) => report.skipped += 1,
        Parsed::Duplicate { first } => {
            report.duplicates += 1;
            report.skipped += 1;
            // The row it repeats was refused: saying "the first row is imported" would be false.
            if written.conflicts.contains(&first)
                && let Some(issue) = issues.iter_mut().find(|i| i.code == "duplicate-email")
            {
                issue.message = Localized::new(
                    format!(
                        "メールアドレスが{first}行目と重複しています。{first}行目は取り込まなかったため（その行の問題を参照）、この行も取り込みません"
                    ),
                    format!(
                        "the email repeats line {first}, which was not imported (see its problem); this row is not imported either"
                    ),
                );
            }
        }
        Parsed::NotBehaviour(activity) => {
            report.skipped += 1;
            crate::store::count_one(&mut report.not_behaviour, &activity);
        }
        Parsed::Lead(Some(plan)) => {
            let LeadPlan {
                lead,
                derived,
                write,
            } = *plan;
            let outcome = match write {
                WritePlan::Upsert => writer.upsert(&lead, &derived)?,
                WritePlan::Insert => writer.write(&lead, &derived, None)?,
                WritePlan::UpdateInserted(k) => {
                    writer.write(&lead, &derived, Some(inserted_rowids[k]))?
                }
            };
            report.opted_out += u64::from(lead.opted_out);
            report.no_consent += u64::from(lead.opt_in_basis.is_none());
            match outcome {
                UpsertOutcome::Inserted(id) => {
                    report.inserted += 1;
                    if matches!(write, WritePlan::Insert) {
                        inserted_rowids.push(id);
                    }
                }
                UpsertOutcome::Updated(_) => report.updated += 1,
                UpsertOutcome::Unchanged(_) => report.unchanged += 1,
                UpsertOutcome::Conflict { .. } => {
                    report.skipped += 1;
                    written.conflicts.insert(line);
                    let external = lead.external_id.as_deref().unwrap_or_default();
                    issues.push(RowIssue {
                        line,
                        column: (report.mapping.column_of(Field::Email))
                            .map(|i| report.mapping.columns[i].0.clone()),
                        severity: IssueSeverity::Error,
                        code: "lead-conflict",
                        value: Some(rows::clip(&lead.email)),
                        message: Localized::new(
                            format!("ID「{external}」のリードと、メールアドレス「{}」のリードは別々に登録されています。この行は 2 人を 1 人にしてしまうため取り込みません（どちらかの ID かメールアドレスを直してください）", lead.email),
                            format!("the lead with id \"{external}\" and the lead with email \"{}\" are stored as two leads; this row would make them one, so it is not imported (correct the id or the email)", lead.email),
                        ),
                    });
                }
            }
        }
        Parsed::Event(Some(ev)) => match lead_id(
            writer,
            &ev.lead,
            ev.also.as_ref(),
            line,
            &mut issues,
            &report.mapping,
        )? {
            Some(id) => {
                if writer.add_event(id, &ev)? {
                    report.inserted += 1;
                } else {
                    report.unchanged += 1;
                }
                if ev.kind == EventKind::Unsubscribe && writer.opt_out(id)? {
                    report.opted_out += 1;
                }
            }
            None => report.skipped += 1,
        },
        Parsed::Deal(Some(deal)) => match lead_id(
            writer,
            &deal.lead,
            deal.also.as_ref(),
            line,
            &mut issues,
            &report.mapping,
        )? {
            Some(id) if writer.add_deal_status(id, &deal)? => report.inserted += 1,
            Some(_) => report.unchanged += 1,
            None => report.skipped += 1,
        },
    }
    if issues.iter().any(|i| i.severity == IssueSeverity::Error) {
        report.error_rows += 1;
    } else if !issues.is_empty() {
        report.warning_rows += 1;
    }
    for issue in issues {
        report.group(&issue);
        if issue.code == "unreadable-opt-out" {
            report.unreadable_opt_outs += 1;
            if report.first_unreadable_opt_out.is_none() {
                report.first_unreadable_opt_out = Some(issue.clone());
            }
        }
        if report.issues.len() < MAX_REPORTED_ISSUES {
            report.issues.push(issue);
        } else {
            report.issues_not_listed += 1;
        }
    }
    Ok(())
}

/// The stored lead an event or deal row names; a missing one is a row error.
/// The stored lead an event or deal row belongs to; None (with the row's issue) when no lead has
/// its email or id, or when its email and its id (`also`) name two different leads — the row
/// cannot be given to either without guessing.
fn lead_id(
    writer: &LeadWriter,
    lead: &LeadRef,
    also: Option<&LeadRef>,
    line: u64,
    issues: &mut Vec<RowIssue>,
    mapping: &ColumnMapping,
) -> Result<Option<i64>, ImportError> {
    let found = find_lead(writer, lead)?;
    if let (Some(id), Some(other)) = (found, also)
        && let Some(other_id) = find_lead(writer, other)?
        && other_id != id
    {
        let (LeadRef::ExternalId(given) | LeadRef::SfaId(given) | LeadRef::Email(given)) = other;
        let email = match lead {
            LeadRef::Email(e) => e.as_str(),
            _ => "",
        };
        issues.push(RowIssue {
            line,
            column: mapping.column_of(Field::Email).map(|i| mapping.columns[i].0.clone()),
            severity: IssueSeverity::Error,
            code: "lead-conflict",
            value: Some(rows::clip(email)),
            message: Localized::new(
                format!("メールアドレス「{email}」のリードと ID「{given}」のリードは別々に登録されています。この行がどちらのものか決められないため取り込みません（どちらかを直してください）"),
                format!("the email \"{email}\" and the id \"{given}\" belong to two different stored leads; which one the row is about cannot be told, so it is not imported (correct one of them)"),
            ),
        });
        return Ok(None);
    }
    if found.is_none() {
        let (ja, en) = match lead {
            LeadRef::Email(e) => (format!("メールアドレス「{e}」"), format!("email \"{e}\"")),
            LeadRef::ExternalId(id) => (format!("リードID「{id}」"), format!("lead id \"{id}\"")),
            LeadRef::SfaId(id) => (format!("SFA ID「{id}」"), format!("SFA id \"{id}\"")),
        };
        issues.push(RowIssue {
            line,
            column: None,
            severity: IssueSeverity::Error,
            code: "unknown-lead",
            value: None,
            message: Localized::new(
                format!("{ja}のリードがワークスペースにありません。先にリードを取り込んでください"),
                format!("no lead with {en} in the workspace; import the leads first"),
            ),
        });
    }
    Ok(found)
}

/// The stored lead `lead` names, if any.
fn find_lead(writer: &LeadWriter, lead: &LeadRef) -> Result<Option<i64>, ImportError> {
    let mut found = writer.find(lead)?;
    // A Salesforce record id is looked for as either kind of id, in both its forms: a Salesforce
    // report's Lead ID is the lead's SFA id when the leads came from Marketo or HubSpot, and
    // reports write the 15-character form where the API and the MA tools write 18 characters.
    // Other ids (an MA tool's numbers) are looked for only as what the column says they are.
    if let LeadRef::ExternalId(id) | LeadRef::SfaId(id) = lead
        && values::salesforce_id(id).is_some()
    {
        for form in values::salesforce_id_forms(id) {
            for other in [LeadRef::ExternalId(form.clone()), LeadRef::SfaId(form)] {
                if found.is_none() && other != *lead {
                    found = writer.find(&other)?;
                }
            }
        }
    }
    Ok(found)
}

fn choose_mapping(
    headers: &[String],
    options: &ImportOptions,
) -> Result<ColumnMapping, ImportError> {
    let mapping = options.mapping.as_ref();
    let chosen = match &options.preset {
        Some(key) => {
            let p = presets::preset(key).ok_or_else(|| ImportError::UnknownPreset(key.clone()))?;
            Some(ColumnMapping::new(headers, p, mapping))
        }
        None => presets::detect_preset(headers, options.kind, mapping).map(|(_, m)| m),
    };
    let chosen = match chosen {
        Some(m) => m,
        None => {
            // Explain against the preset of the expected kind that recognises the most columns
            // and lacks one (with no kind given, of any kind: an opportunity history is a deals
            // file, and an events file whose time column is unknown is no leads file).
            let kind = options.kind.or(mapping.map(|m| m.kind));
            PRESETS
                .iter()
                .filter(|p| kind.is_none_or(|k| p.kind == k))
                .map(|p| ColumnMapping::new(headers, p, mapping))
                .filter(|m| !m.missing().is_empty())
                .rev()
                .max_by_key(|m| (m.native, m.recognised()))
                .expect("every kind has a preset")
        }
    };
    let missing = chosen.missing();
    // A deal history keyed by opportunity (Salesforce's opportunity history): say which key it
    // lacks rather than only listing fields.
    let person = [Field::Email, Field::ExternalId, Field::SfaId];
    if chosen.kind == ImportKind::Deals && missing.contains(&person.as_slice()) {
        let opportunity = headers.iter().find(|h| {
            let key = presets::header_key(h);
            ["opportunityid", "商談id", "accountid", "取引先id"]
                .iter()
                .any(|k| key.contains(k))
        });
        if let Some(column) = opportunity {
            return Err(ImportError::DealsWithoutPerson {
                column: rows::clip(column),
            });
        }
    }
    if !missing.is_empty() {
        let missing = missing
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|f| {
                        serde_json::to_value(f)
                            .expect("serialises")
                            .as_str()
                            .unwrap_or_default()
                            .to_owned()
                    })
                    .collect::<Vec<_>>()
                    .join(" or ")
            })
            .collect::<Vec<_>>()
            .join(", ");
        return Err(ImportError::MissingColumns {
            kind: chosen.kind.name(),
            missing,
            headers: headers
                .iter()
                .take(30)
                .map(|h| rows::clip(h))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok(chosen)
}

/// Comma, tab or semicolon: whichever the first line has most of, outside quotes.
fn sniff_delimiter(head: &[u8], encoding: TextEncoding) -> char {
    let encoding = match encoding {
        TextEncoding::Utf8 => encoding_rs::UTF_8,
        TextEncoding::Cp932 => encoding_rs::SHIFT_JIS,
        TextEncoding::EucJp => encoding_rs::EUC_JP,
        TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
        TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
    };
    let (text, _) = encoding.decode_with_bom_removal(head);
    let first_line = text.lines().next().unwrap_or("");
    let mut counts = [(',', 0), ('\t', 0), (';', 0)];
    let mut quoted = false;
    for c in first_line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == c {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(',', |(d, _)| *d)
}

fn csv_error(e: csv::Error, encoding: TextEncoding) -> ImportError {
    let line = e.position().map_or(0, |p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(io) => {
            let inner = io.get_ref();
            if let Some(long) = inner.and_then(|e| e.downcast_ref::<decode::LineTooLong>()) {
                return ImportError::LineTooLong { line: long.line };
            }
            match inner.and_then(|e| e.downcast_ref::<Undecodable>()) {
                Some(at) => ImportError::Undecodable {
                    encoding: encoding.name(),
                    at: *at,
                },
                None => ImportError::Read {
                    path: PathBuf::new(),
                    source: io,
                },
            }
        }
        other => ImportError::Csv {
            line,
            detail: format!("{other:?}"),
        },
    }
}
