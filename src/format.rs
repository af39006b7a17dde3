//! Reading and writing scenario files: size and encoding checks, the format-version gate, JSON errors
//! with line, column and JSON path, and atomic saves.
//!
//! Reading happens in two passes. The first parses the text as plain JSON and looks only at the
//! `format` tag, so that a file from a newer Scenario Studio is refused with "update the app" rather
//! than with whatever type error its new fields would cause. The second deserialises the typed
//! `ScenarioFile`, tracking the JSON path of any error.

use crate::ErrorKind;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::localized::Localized;
use crate::model::node::KIND_PATH_MARK;
use crate::model::{FORMAT, FORMAT_PREFIX, FORMAT_VERSION, ScenarioFile};

/// The largest scenario file read. A 300-node scenario is about 150 KB; anything past this is not a
/// scenario, and reading it whole would only cost memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a scenario file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The file could not be opened or read.
    #[error("cannot read the file: {}", io_reason(source).en)]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// The file could not be written or moved into place.
    #[error("cannot write {}: {}", path.display(), write_reason(path, source).en)]
    Write {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// The file is larger than any scenario file can be.
    #[error("the file is {size} bytes; a scenario file is at most {limit} bytes")]
    TooLarge {
        /// The file's size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file to write is a workspace (an SQLite database) or one of its side files.
    #[error(
        "{} is a workspace (an SQLite database) or one of its files; an export never replaces it, even with --force: choose another file name",
        path.display()
    )]
    WorkspaceTarget {
        /// The file.
        path: PathBuf,
    },
    /// The file to write is a device, a pipe or a folder.
    #[error(
        "{} is no regular file (a device, a pipe or a folder); an export writes files only: choose a file name",
        path.display()
    )]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// The file holds nothing but white space.
    #[error("the file is empty")]
    Empty,
    /// The bytes are not UTF-8 text.
    #[error("the file is not UTF-8 text: invalid bytes at line {line}, column {column}")]
    NotUtf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based column (in characters) of the first invalid byte.
        column: usize,
    },
    /// The text is not well-formed JSON.
    #[error("invalid JSON at line {line}, column {column}: {detail}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's description.
        detail: String,
    },
    /// The JSON does not have the shape of a scenario of this format.
    #[error("at {path} (line {line}, column {column}): {detail}")]
    Shape {
        /// Where in the document, e.g. `nodes[2].kind.delay.days`.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong there.
        detail: String,
    },
    /// The document is JSON but not an object (`null`, an array, a number …).
    #[error("the file holds JSON but not an object; a scenario is a JSON object {{ … }}")]
    NotAnObject,
    /// The document has no `format` field, so it is not a scenario file.
    #[error("not a Scenario Studio scenario: the \"format\" field is missing")]
    MissingFormat,
    /// The file was written by a newer Scenario Studio.
    #[error(
        "the file is in format {found}, newer than this version of Scenario Studio reads ({FORMAT}); update Scenario Studio to open it"
    )]
    NewerFormat {
        /// The file's format tag.
        found: String,
    },
    /// The `format` field names something this build does not know.
    #[error("unknown format \"{found}\"; expected \"{FORMAT}\"")]
    UnknownFormat {
        /// The file's format tag.
        found: String,
    },
    /// An older format version that a migration step could not convert.
    #[error(
        "the file is in the older format {found} and could not be converted to {FORMAT}: {detail}"
    )]
    Migration {
        /// The file's format tag.
        found: String,
        /// Why.
        detail: String,
    },
}

impl FormatError {
    /// A stable name for the kind of failure, for JSON output and the app.
    pub fn kind(&self) -> crate::ErrorKind {
        match self {
            FormatError::Read { .. } => ErrorKind::Read,
            FormatError::Write { .. } => ErrorKind::Write,
            FormatError::TooLarge { .. } => ErrorKind::TooLarge,
            FormatError::WorkspaceTarget { .. } => ErrorKind::WorkspaceTarget,
            FormatError::NotAFile { .. } => ErrorKind::NotAFile,
            FormatError::Empty => ErrorKind::Empty,
            FormatError::NotUtf8 { .. } => ErrorKind::NotUtf8,
            FormatError::Syntax { .. } => ErrorKind::Syntax,
            FormatError::Shape { .. } => ErrorKind::Shape,
            FormatError::NotAnObject => ErrorKind::NotAnObject,
            FormatError::MissingFormat => ErrorKind::MissingFormat,
            FormatError::NewerFormat { .. } => ErrorKind::NewerFormat,
            FormatError::UnknownFormat { .. } => ErrorKind::UnknownFormat,
            FormatError::Migration { .. } => ErrorKind::Migration,
        }
    }

    /// Line and column of the problem, when it has a place in the text.
    pub fn location(&self) -> Option<(usize, usize)> {
        match self {
            FormatError::NotUtf8 { line, column }
            | FormatError::Syntax { line, column, .. }
            | FormatError::Shape { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }

    /// The message in Japanese and English.
    pub fn localized(&self) -> Localized {
        let en = self.to_string();
        let ja = match self {
            FormatError::Read { source, .. } => {
                format!("ファイルを読み込めません: {}", io_reason(source).ja)
            }
            FormatError::Write { path, source } => {
                format!(
                    "{} に書き込めません: {}",
                    path.display(),
                    write_reason(path, source).ja
                )
            }
            FormatError::TooLarge { size, limit } => format!(
                "ファイルが大きすぎます（{size} バイト）。シナリオファイルの上限は {limit} バイトです"
            ),
            FormatError::WorkspaceTarget { path } => format!(
                "{} はワークスペース（SQLite データベース）またはその付属ファイルです。書き出しで上書きすることは --force を付けてもできません。別のファイル名を指定してください",
                path.display()
            ),
            FormatError::NotAFile { path } => format!(
                "{} は通常のファイルではありません（デバイス・パイプ・フォルダ）。書き出せるのはファイルだけです。ファイル名を指定してください",
                path.display()
            ),
            FormatError::Empty => "ファイルが空です".to_owned(),
            FormatError::NotUtf8 { line, column } => format!(
                "UTF-8 のテキストではありません（{line}行{column}列に不正なバイト）。UTF-8 で保存し直してください"
            ),
            FormatError::Syntax {
                line,
                column,
                detail,
            } => {
                format!(
                    "JSON の書式が正しくありません（{line}行{column}列）: {}",
                    detail_ja(detail)
                )
            }
            FormatError::Shape {
                path,
                line,
                column,
                detail,
            } => {
                format!(
                    "{path}（{line}行{column}列）の内容が正しくありません: {}",
                    detail_ja(detail)
                )
            }
            FormatError::NotAnObject => {
                "JSON ですが、シナリオの形（{ … } のオブジェクト）ではありません".to_owned()
            }
            FormatError::MissingFormat => {
                "Scenario Studio のシナリオファイルではありません（\"format\" 項目がありません）"
                    .to_owned()
            }
            FormatError::NewerFormat { found } => format!(
                "このファイルの形式 {found} は、このバージョンの Scenario Studio が読める形式（{FORMAT}）より新しいものです。Scenario Studio を更新してから開いてください"
            ),
            FormatError::UnknownFormat { found } => {
                format!("不明な形式 \"{found}\" です（\"{FORMAT}\" を想定しています）")
            }
            FormatError::Migration { found, detail } => {
                format!("古い形式 {found} のファイルを {FORMAT} に変換できませんでした: {detail}")
            }
        };
        Localized::new(ja, en)
    }
}

/// The operating system's reason for an I/O failure, in both languages.
/// Why writing `path` failed: a missing folder named as such (the system only says "no such
/// file"), any other reason as `io_reason` gives it.
pub fn write_reason(path: &Path, e: &io::Error) -> Localized {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    match folder {
        Some(folder) if e.kind() == io::ErrorKind::NotFound && !folder.exists() => Localized::new(
            format!("フォルダー {} がありません", folder.display()),
            format!("the folder {} does not exist", folder.display()),
        ),
        _ => io_reason(e),
    }
}

pub fn io_reason(e: &io::Error) -> Localized {
    let ja = match e.kind() {
        io::ErrorKind::NotFound => "ファイルまたはフォルダーが見つかりません",
        io::ErrorKind::PermissionDenied => "アクセス権がありません",
        io::ErrorKind::IsADirectory => "ファイルではなくフォルダーです",
        io::ErrorKind::NotADirectory => "フォルダーのあるべき場所にファイルがあります",
        io::ErrorKind::AlreadyExists => "既に存在します",
        io::ErrorKind::StorageFull => "ディスクの空き容量が足りません",
        io::ErrorKind::ReadOnlyFilesystem => "読み取り専用の場所です",
        _ => "入出力エラーが発生しました",
    };
    // The system's own words, without the temporary file's name a wrapper may add (` at path
    // "/out/.tmpAbC123"`): the user never asked for that file.
    let said = e.to_string();
    let said = match said.find(" at path \"") {
        Some(i) => said[..i].to_owned(),
        None => said,
    };
    Localized::new(format!("{ja}（{said}）"), said)
}

/// Reads and parses a scenario file.
pub fn read_scenario(path: &Path) -> Result<ScenarioFile, FormatError> {
    parse_scenario_bytes(&read_bytes(path)?)
}

/// The bytes of a file of at most `MAX_FILE_BYTES` (refused before reading when larger).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, FormatError> {
    let read_err = |source| FormatError::Read {
        path: path.to_owned(),
        source,
    };
    let file = fs::File::open(path).map_err(read_err)?;
    let size = file.metadata().map_err(read_err)?.len();
    if size > MAX_FILE_BYTES {
        return Err(FormatError::TooLarge {
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` guards against a file that grows while it is read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(FormatError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(bytes)
}

/// The text of a file: UTF-8, without a byte-order mark.
pub fn text_of(bytes: &[u8]) -> Result<&str, FormatError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let (line, column) = line_column_at_end(valid);
        FormatError::NotUtf8 { line, column }
    })
}

/// Parses a scenario from raw bytes (UTF-8, with or without a byte-order mark).
pub fn parse_scenario_bytes(bytes: &[u8]) -> Result<ScenarioFile, FormatError> {
    parse_scenario(text_of(bytes)?)
}

/// One step of the format's history: rewrites a file of format version `from` (as JSON) into
/// version `from + 1`. A file of an older version is read by applying the steps from its version
/// on, each explicit and tested, never by guessing.
#[derive(Clone, Copy)]
pub struct FormatMigration {
    /// The version the step reads.
    pub from: u32,
    /// What changed, for people.
    pub description: &'static str,
    /// The rewrite; an error says what in the file it could not convert.
    pub migrate: fn(serde_json::Value) -> Result<serde_json::Value, String>,
}

/// The shipped steps, oldest first. `scenario-studio/1` is the first version of the format, so
/// there is none yet: a change to the format adds the step from its previous version here.
pub const MIGRATIONS: &[FormatMigration] = &[];

/// Parses a scenario from JSON text (of this format version, or an older one through
/// `MIGRATIONS`).
pub fn parse_scenario(text: &str) -> Result<ScenarioFile, FormatError> {
    parse_scenario_with(text, MIGRATIONS)
}

/// `parse_scenario` with these migration steps (tests use steps from versions that never
/// shipped, to prove the chain).
pub fn parse_scenario_with(
    text: &str,
    migrations: &[FormatMigration],
) -> Result<ScenarioFile, FormatError> {
    if text.trim().is_empty() {
        return Err(FormatError::Empty);
    }
    if let Some((found, version)) = check_format_tag(text)? {
        // An older version: each step in turn, then the result is read as this version.
        let mut value: serde_json::Value = serde_json::from_str(text).map_err(syntax_error)?;
        for v in version..FORMAT_VERSION {
            let Some(step) = migrations.iter().find(|m| m.from == v) else {
                return Err(FormatError::UnknownFormat { found });
            };
            value = (step.migrate)(value).map_err(|detail| FormatError::Migration {
                found: found.clone(),
                detail,
            })?;
        }
        let Some(object) = value.as_object_mut() else {
            return Err(FormatError::Migration {
                found,
                detail: "the converted file is not a JSON object".into(),
            });
        };
        object.insert("format".into(), FORMAT.into());
        let migrated = serde_json::to_string_pretty(&value).expect("JSON serialises");
        return parse_scenario_with(&migrated, &[]).map_err(|e| match e {
            FormatError::Shape { path, detail, .. } => FormatError::Migration {
                found,
                detail: format!("{path}: {detail}"),
            },
            other => other,
        });
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let file: ScenarioFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let mut path = e.path().to_string();
        let inner = e.into_inner();
        let mut detail = strip_position(&inner.to_string());
        // An error inside a node's kind carries its own path there (see `NodeKind`'s Deserialize).
        if let Some((sub, rest)) = detail
            .strip_prefix(KIND_PATH_MARK)
            .and_then(|d| d.split_once(KIND_PATH_MARK))
        {
            path = format!("{path}.{sub}");
            detail = rest.to_owned();
        }
        FormatError::Shape {
            path,
            line: inner.line(),
            column: inner.column(),
            detail,
        }
    })?;
    de.end().map_err(syntax_error)?;
    Ok(with_codes(file))
}

/// `file` with every value of an attribute that has a known vocabulary (役職区分, 従業員規模)
/// written as its code: a file may say 部長クラス or Director where the workspace stores
/// `director`, and a condition on the label would otherwise match no lead. Values that are no
/// code or label stay as written (the validator names them against a workspace).
fn with_codes(mut file: ScenarioFile) -> ScenarioFile {
    use crate::model::expr::{Attribute, Expr};
    use crate::model::node::{NodeKind, TriggerEvent};
    let code = |attribute: &Attribute, value: &mut String| {
        if let Some(code) = crate::lead::code_of(attribute, value) {
            *value = code.to_owned();
        }
    };
    let mut in_expr = |e: &mut Expr| {
        if let Expr::Attribute {
            attribute, values, ..
        } = e
        {
            values.iter_mut().for_each(|v| code(attribute, v));
        }
    };
    for expr in file.conditions_mut() {
        expr.walk_mut(&mut in_expr);
    }
    for node in &mut file.nodes {
        match &mut node.kind {
            NodeKind::UpdateField { field, value } => code(field, value),
            NodeKind::Trigger {
                event:
                    TriggerEvent::AttributeChanged {
                        attribute,
                        to: Some(to),
                    },
            } => code(attribute, to),
            _ => {}
        }
    }
    file
}

/// Refuses JSON text in which an object names a key twice ("days": 3, "days": 300): JSON
/// readers keep one of them silently (serde_json's maps the last), so what a file says would
/// depend on the reader. The error carries the second key's position and reads as serde's own
/// duplicate-field error (`detail_ja` says it in Japanese). Scenario files, settings documents
/// and mapping files are all checked with it before they are read.
pub fn no_duplicate_keys(text: &str) -> Result<(), serde_json::Error> {
    use serde::de::{Deserialize, Deserializer, Error, MapAccess, SeqAccess, Visitor};

    struct Checked;
    impl<'de> Deserialize<'de> for Checked {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Checked, D::Error> {
            d.deserialize_any(Walker)
        }
    }
    struct Walker;
    impl<'de> Visitor<'de> for Walker {
        type Value = Checked;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
            let mut seen = std::collections::BTreeSet::new();
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if !seen.insert(key.clone()) {
                    return Err(A::Error::custom(format!("duplicate field `{key}`")));
                }
                map.next_value::<Checked>()?;
            }
            Ok(Checked)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
            while seq.next_element::<Checked>()?.is_some() {}
            Ok(Checked)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
            Ok(Checked)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
            Ok(Checked)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
            Ok(Checked)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
            Ok(Checked)
        }
        fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
            Ok(Checked)
        }
        fn visit_unit<E>(self) -> Result<Checked, E> {
            Ok(Checked)
        }
    }
    serde_json::from_str::<Checked>(text).map(|_| ())
}

/// The first pass: the text is JSON, an object, and carries this build's format tag.
/// `None` for the current format; the tag and version of an older one.
fn check_format_tag(text: &str) -> Result<Option<(String, u32)>, FormatError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(syntax_error)?;
    no_duplicate_keys(text).map_err(syntax_error)?;
    let Some(object) = value.as_object() else {
        return Err(FormatError::NotAnObject);
    };
    let found = match object.get("format") {
        None => return Err(FormatError::MissingFormat),
        Some(serde_json::Value::String(s)) => s.as_str(),
        Some(other) => {
            return Err(FormatError::UnknownFormat {
                found: other.to_string(),
            });
        }
    };
    if found == FORMAT {
        return Ok(None);
    }
    // Only the canonical spelling of a number (`/2`, not `/02` or `/+2`) is a version.
    match found
        .strip_prefix(FORMAT_PREFIX)
        .and_then(|v| v.parse::<u32>().ok().filter(|n| n.to_string() == v))
    {
        Some(version) if version > FORMAT_VERSION => Err(FormatError::NewerFormat {
            found: found.to_owned(),
        }),
        Some(version) => Ok(Some((found.to_owned(), version))),
        None => Err(FormatError::UnknownFormat {
            found: found.to_owned(),
        }),
    }
}

/// serde's and serde_json's messages in Japanese, for the shapes they take; anything else is kept
/// in English rather than guessed at.
pub(crate) fn detail_ja(detail: &str) -> String {
    fn kind_ja(s: &str) -> String {
        let s = s.trim();
        let table = [
            ("u32", "0 以上の整数"),
            ("u16", "0 以上の整数"),
            ("u64", "0 以上の整数"),
            ("i32", "整数"),
            ("i64", "整数"),
            ("f64", "数値"),
            ("a string", "文字列"),
            ("a borrowed string", "文字列"),
            ("a sequence", "配列 [ … ]"),
            ("a map", "オブジェクト { … }"),
            ("a boolean", "true か false"),
            ("null", "null"),
            ("map", "オブジェクト"),
            ("sequence", "配列"),
            ("unit value", "null"),
        ];
        if let Some((_, ja)) = table.iter().find(|(en, _)| *en == s) {
            return (*ja).to_owned();
        }
        if let Some(rest) = s.strip_prefix("string ") {
            return format!("文字列 {rest}");
        }
        if let Some(rest) = s.strip_prefix("integer ") {
            return format!("整数 {}", rest.trim_matches('`'));
        }
        if let Some(rest) = s.strip_prefix("floating point ") {
            return format!("数値 {}", rest.trim_matches('`'));
        }
        if let Some(rest) = s.strip_prefix("boolean ") {
            return format!("真偽値 {}", rest.trim_matches('`'));
        }
        if s.starts_with("struct ") || s.starts_with("internally tagged enum") {
            return "オブジェクト { … }".to_owned();
        }
        s.to_owned()
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "{} ではなく、{}が必要です",
            kind_ja(found),
            kind_ja(expected)
        );
    }
    if let Some(rest) = detail.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "{} は使えません（{}が必要です）",
            kind_ja(found),
            kind_ja(expected)
        );
    }
    if let Some(rest) = detail.strip_prefix("unknown field ") {
        return match rest.split_once(", expected one of ") {
            Some((field, options)) => format!("不明な項目 {field} です（使える項目: {options}）"),
            None => match rest.split_once(", expected ") {
                Some((field, one)) => format!("不明な項目 {field} です（使える項目: {one}）"),
                None => format!(
                    "不明な項目 {} です",
                    rest.trim_end_matches(", there are no fields")
                ),
            },
        };
    }
    if let Some(rest) = detail.strip_prefix("unknown variant ") {
        return match rest.split_once(", expected one of ") {
            Some((value, options)) => format!("{value} は使えない値です（使える値: {options}）"),
            None => match rest.split_once(", expected ") {
                Some((value, one)) => format!("{value} は使えない値です（使える値: {one}）"),
                None => format!("{rest} は使えない値です"),
            },
        };
    }
    if let Some(field) = detail.strip_prefix("missing field ") {
        return format!("必須の項目 {field} がありません");
    }
    if let Some(field) = detail.strip_prefix("duplicate field ") {
        return format!("項目 {field} が2回書かれています");
    }
    let fixed = [
        (
            "EOF while parsing",
            "ファイルが途中で終わっています（括弧や引用符の閉じ忘れ）",
        ),
        ("expected `,` or `]`", "「,」か「]」が必要です"),
        ("expected `,` or `}`", "「,」か「}」が必要です"),
        ("expected `:`", "「:」が必要です"),
        ("expected value", "値が必要です"),
        (
            "expected ident",
            "true・false・null のつづりが正しくありません",
        ),
        (
            "key must be a string",
            "項目名は \"…\" で囲んだ文字列にしてください",
        ),
        ("trailing comma", "最後の要素の後に余分な「,」があります"),
        ("trailing characters", "JSON の後に余分な文字があります"),
        ("recursion limit exceeded", "入れ子が深すぎます"),
        ("invalid number", "数値の書き方が正しくありません"),
        ("number out of range", "数値が大きすぎます"),
        (
            "invalid escape",
            "「\\」によるエスケープの書き方が正しくありません",
        ),
        (
            "control character",
            "文字列の中に改行などの制御文字があります（\\n と書いてください）",
        ),
        (
            "lone leading surrogate",
            "文字列の中の \\u エスケープが正しくありません",
        ),
        (
            "invalid unicode code point",
            "文字列の中の \\u エスケープが正しくありません",
        ),
        (
            "invalid time of day",
            "時刻は HH:MM（00:00〜24:00）で書いてください",
        ),
    ];
    for (en, ja) in fixed {
        if detail.starts_with(en) {
            return ja.to_owned();
        }
    }
    detail.to_owned()
}

fn syntax_error(e: serde_json::Error) -> FormatError {
    FormatError::Syntax {
        line: e.line(),
        column: e.column(),
        detail: strip_position(&e.to_string()),
    }
}

/// serde_json appends " at line L column C" to its messages; we report the position separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The 1-based line and column just after `text`.
fn line_column_at_end(text: &str) -> (usize, usize) {
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The canonical JSON text of a scenario: pretty-printed, fields in declaration order, newline at
/// the end. Saving the same scenario twice gives the same bytes.
pub fn to_json(file: &ScenarioFile) -> String {
    let mut text = serde_json::to_string_pretty(file).expect("a scenario always serialises");
    text.push('\n');
    text
}

/// Whether `c` is a control character no text of ours means: C0 and C1 controls other than tab
/// and line breaks, DEL, and the non-characters U+FFFE and U+FFFF. Imports take them out of
/// cells; the validator refuses them in a scenario's texts (they break the files it exports).
pub fn is_stray_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// What a spreadsheet reads as the start of a formula: a CSV text cell starting with one is
/// written with a leading `'` (`spreadsheet_safe`), and an import reads that `'` away
/// (`spreadsheet_text`), so a value survives an export and import unchanged and never runs.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell a spreadsheet will not run: one starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return (a formula to Excel) gets a leading `'`.
pub fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A CSV cell as text: trimmed, and the `'` that `spreadsheet_safe` put before a formula's first
/// character read away.
pub fn spreadsheet_text(cell: &str) -> &str {
    let text = cell.trim();
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => text,
    }
}

/// Refuses a file to write that is a workspace (an SQLite database, through a link too) or one of
/// its side files (`-wal`, `-shm`, `-journal` beside one): no export may replace it, whatever
/// `--force` says, for a workspace's data lives only there.
pub fn refuse_workspace_target(path: &Path) -> Result<(), FormatError> {
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned());
    let base = name.as_deref().and_then(|n| {
        ["-wal", "-shm", "-journal"]
            .iter()
            .find_map(|suffix| n.strip_suffix(suffix))
            .map(|base| target.with_file_name(base))
    });
    // A device, a pipe or a folder is no file an export replaces (renaming over /dev/full would
    // leave a plain file where the device was).
    if std::fs::metadata(&target).is_ok_and(|m| !m.is_file()) {
        return Err(FormatError::NotAFile {
            path: path.to_owned(),
        });
    }
    if is_database(&target) || base.is_some_and(|b| is_database(&b)) {
        return Err(FormatError::WorkspaceTarget {
            path: path.to_owned(),
        });
    }
    Ok(())
}

/// Whether `path` is an SQLite database: its header says so.
pub fn is_database(path: &Path) -> bool {
    // Only a regular file is opened: opening a pipe would wait for a writer.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut header = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| io::Read::read_exact(&mut f, &mut header))
        .is_ok_and(|()| &header == b"SQLite format 3\0")
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same folder, flushed to disk,
/// then renamed over the target. A crash leaves either the old file or the new one, never half.
/// A workspace is never the target (`refuse_workspace_target`).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FormatError> {
    refuse_workspace_target(path)?;
    let write_err = |source| FormatError::Write {
        path: path.to_owned(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(write_err)?;
    tmp.write_all(bytes).map_err(write_err)?;
    persist(tmp, path).map_err(write_err)
}

/// Moves a finished temporary file over `path`: flushed to disk first, with the permissions the
/// file it replaces had, or a new file's (what the user's umask allows: a temporary file is
/// created readable by its owner alone, and an export must not be).
pub fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => Some(existing.permissions()),
        Err(_) => new_file_permissions(),
    };
    if let Some(permissions) = permissions {
        tmp.as_file().set_permissions(permissions)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A new file's permissions as `open(2)` would give them: 0666 less the process's umask (read
/// from `/proc/self/status`, as setting the umask to learn it would race other threads).
#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    let status = std::fs::read_to_string("/proc/self/status").ok();
    let umask = status
        .as_deref()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("Umask:")))
        .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        .unwrap_or(0o022);
    Some(std::fs::Permissions::from_mode(0o666 & !umask))
}

/// Elsewhere the system's defaults stand.
#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_is_stripped_from_serde_messages() {
        assert_eq!(
            strip_position("expected value at line 3 column 7"),
            "expected value"
        );
        assert_eq!(strip_position("no position"), "no position");
    }

    #[test]
    fn serde_messages_in_japanese() {
        assert_eq!(
            detail_ja("invalid type: string \"7\", expected u32"),
            "文字列 \"7\" ではなく、0 以上の整数が必要です"
        );
        assert_eq!(
            detail_ja("unknown field `cc`, expected one of `kind`, `subject`"),
            "不明な項目 `cc` です（使える項目: `kind`, `subject`）"
        );
        assert_eq!(
            detail_ja("missing field `name`"),
            "必須の項目 `name` がありません"
        );
        assert_eq!(detail_ja("expected `,` or `]`"), "「,」か「]」が必要です");
        assert_eq!(detail_ja("something new"), "something new");
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_column_at_end(""), (1, 1));
        assert_eq!(line_column_at_end("ab\nかな"), (2, 3));
    }
}
