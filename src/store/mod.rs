//! The workspace: one SQLite file holding a team's leads, their behaviour and deal history, scenarios
//! with history, settings, checklist answers and saved simulation runs (DESIGN.md §4).
//!
//! Opening a workspace checks that the file is one (SQLite's `application_id`), refuses a workspace
//! written by a newer Scenario Studio, and upgrades an older one in place, all migrations in one
//! transaction. Connections run in WAL mode with foreign keys on. Every write goes through a
//! transaction; callers get one with `Workspace::transaction`.

pub mod browse;
pub mod checklist;
pub mod default;
pub mod documents;
pub mod drafts;
mod leads;
mod migrations;
pub mod runs;
pub mod scenarios;
pub mod score_review;
pub mod scores;

use crate::ErrorKind;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction};

use crate::localized::Localized;

pub use leads::{
    LEAD_INDEXES, LeadStats, LeadWriter, UpsertOutcome, clear_leads, create_indexes, drop_indexes,
    for_each_lead, stats,
};
pub use migrations::{LATEST_VERSION, MIGRATIONS, Migration};

/// `PRAGMA application_id` of a Scenario Studio workspace: "SCST" in ASCII.
pub const APPLICATION_ID: i32 = 0x5343_5354;

/// Why a workspace could not be created, opened or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// A page of the workspace cannot be read: the file was cut short or overwritten after its
    /// header (opening it did not notice; a query did).
    #[error(
        "the workspace is damaged: part of it cannot be read (cut short or overwritten); open a backup copy"
    )]
    Corrupt,
    /// Another process holds the workspace while this one writes.
    #[error(
        "the workspace is busy: another Scenario Studio process (an import, a forecast or the app) is writing to it; nothing was changed, try again when it has finished"
    )]
    Locked,
    /// The workspace or its folder cannot be written.
    #[error(
        "the workspace cannot be written: the file or its folder is read-only (or not yours); nothing was changed"
    )]
    NotWritable,
    /// The disk is full.
    #[error("the disk is full; nothing was changed: free some space and try again")]
    DiskFull,
    /// The file system refused an operation.
    #[error("cannot access {}: {}", path.display(), crate::format::write_reason(path, source).en)]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A workspace was to be created where a file already exists.
    #[error("{0} already exists")]
    AlreadyExists(PathBuf),
    /// The workspace to open does not exist.
    #[error("{0} does not exist")]
    NotFound(PathBuf),
    /// The file is not a Scenario Studio workspace.
    #[error("{0} is not a Scenario Studio workspace")]
    NotAWorkspace(PathBuf),
    /// A scenario the workspace would store but could not hand back whole: coordinates that are
    /// no numbers, a size its own exports could not be read back at, an id that differs from a
    /// stored one only in case (one file name on Windows and macOS).
    #[error("scenario {id} cannot be stored: {why}")]
    Unstorable {
        /// The scenario's id.
        id: String,
        /// Why, in English.
        why: String,
        /// Why, in Japanese.
        why_ja: String,
    },
    /// The schema version the file states does not match its tables (changed by another tool).
    #[error(
        "{path} says it is a version {version} workspace, but its tables are not: it was changed by another tool or is damaged; open a backup copy"
    )]
    SchemaMismatch {
        /// The file.
        path: PathBuf,
        /// The version it states.
        version: i64,
    },
    /// A file name too long for the side files SQLite keeps beside a workspace (`-journal`).
    #[error(
        "the file name of {0} is too long: a workspace keeps side files beside it (name-journal), whose names may be at most 255 bytes; give a name of at most 247 bytes"
    )]
    NameTooLong(PathBuf),
    /// A folder was given where a workspace file was expected.
    #[error("{0} is a folder; give the workspace file (…/name.scenario-ws)")]
    Folder(PathBuf),
    /// Another process holds the workspace (an import or a forecast running).
    #[error(
        "{0} is busy: another Scenario Studio process (an import, a forecast or the app) is writing to it; try again when it has finished"
    )]
    Busy(PathBuf),
    /// The workspace is in a place this user cannot write to (SQLite needs its side files there).
    #[error(
        "{0} is in a folder that cannot be written to; a workspace needs to write its -wal and -shm files beside it: copy it to a writable folder"
    )]
    ReadOnlyPlace(PathBuf),
    /// An SQLite file whose contents are damaged (cut short, overwritten).
    #[error(
        "{0} is damaged: it is an SQLite file whose contents cannot be read (cut short or overwritten); open a backup copy"
    )]
    Damaged(PathBuf),
    /// A stored setting does not read as its type.
    #[error("the stored setting \"{key}\" cannot be read: {detail}")]
    BadSetting {
        /// The setting's key.
        key: String,
        /// What is wrong.
        detail: String,
    },
    /// The default workspace (`default`) cannot be opened or created.
    #[error(
        "the default workspace {} cannot be used: {source}; open or create another workspace",
        path.display()
    )]
    Default {
        /// The default workspace's file.
        path: PathBuf,
        /// Why.
        source: Box<StoreError>,
    },
    /// The workspace was written by a newer Scenario Studio.
    #[error(
        "the workspace has schema version {found}, newer than this version of Scenario Studio supports ({supported}); update Scenario Studio to open it"
    )]
    NewerVersion {
        /// The workspace's schema version.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
}

impl StoreError {
    /// A stable name for the kind of failure.
    pub fn kind(&self) -> crate::ErrorKind {
        match self {
            StoreError::Sqlite(_) => ErrorKind::Database,
            StoreError::Corrupt => ErrorKind::Corrupt,
            StoreError::Locked => ErrorKind::Busy,
            StoreError::NotWritable => ErrorKind::ReadOnly,
            StoreError::DiskFull => ErrorKind::DiskFull,
            StoreError::Io { .. } => ErrorKind::Io,
            StoreError::AlreadyExists(_) => ErrorKind::AlreadyExists,
            StoreError::NotFound(_) => ErrorKind::NotFound,
            StoreError::NotAWorkspace(_) => ErrorKind::NotAWorkspace,
            StoreError::Folder(_) => ErrorKind::Folder,
            StoreError::NameTooLong(_) => ErrorKind::NameTooLong,
            StoreError::SchemaMismatch { .. } => ErrorKind::SchemaMismatch,
            StoreError::Unstorable { .. } => ErrorKind::Unstorable,
            StoreError::Busy(_) => ErrorKind::Busy,
            StoreError::ReadOnlyPlace(_) => ErrorKind::ReadOnlyPlace,
            StoreError::Damaged(_) => ErrorKind::Damaged,
            StoreError::BadSetting { .. } => ErrorKind::BadSetting,
            StoreError::NewerVersion { .. } => ErrorKind::NewerVersion,
            StoreError::Default { source, .. } => source.kind(),
        }
    }

    /// The message in Japanese and English.
    pub fn localized(&self) -> Localized {
        let ja = match self {
            StoreError::Sqlite(e) => format!("データベースのエラーです: {e}"),
            StoreError::Corrupt => "ワークスペースが壊れています。一部を読み込めません（途中で切れた・上書きされた）。バックアップを開いてください".to_owned(),
            StoreError::Locked => "ワークスペースは使用中です。別の Scenario Studio（取り込み・予測・アプリ）が書き込んでいます。何も変更していません。終わってからもう一度お試しください".to_owned(),
            StoreError::NotWritable => "ワークスペースに書き込めません。ファイルかフォルダが読み取り専用です（または所有者が違います）。何も変更していません".to_owned(),
            StoreError::DiskFull => "ディスクがいっぱいです。何も変更していません。空きを作ってからもう一度お試しください".to_owned(),
            StoreError::Io { path, source } => format!(
                "{} にアクセスできません: {}",
                path.display(),
                crate::format::write_reason(path, source).ja
            ),
            StoreError::AlreadyExists(p) => format!("{} は既に存在します", p.display()),
            StoreError::NotFound(p) => format!("{} が見つかりません", p.display()),
            StoreError::NotAWorkspace(p) => {
                format!(
                    "{} は Scenario Studio のワークスペースではありません",
                    p.display()
                )
            }
            StoreError::Unstorable { id, why_ja, .. } => {
                format!("シナリオ {id} は保存できません: {why_ja}")
            }
            StoreError::SchemaMismatch { path, version } => format!(
                "{} はスキーマ版数 {version} のワークスペースとされていますが、テーブルがそれと合いません。別のツールで変更されたか壊れています。バックアップを開いてください",
                path.display()
            ),
            StoreError::NameTooLong(p) => format!(
                "{} はファイル名が長すぎます。ワークスペースは隣に付属ファイル（名前-journal）を作り、その名前は 255 バイトまでです。247 バイト以内の名前にしてください",
                p.display()
            ),
            StoreError::Folder(p) => format!(
                "{} はフォルダです。ワークスペースのファイル（…/名前.scenario-ws）を指定してください",
                p.display()
            ),
            StoreError::Busy(p) => format!(
                "{} は使用中です。別の Scenario Studio（取り込み・予測・アプリ）が書き込んでいます。終わってからもう一度お試しください",
                p.display()
            ),
            StoreError::ReadOnlyPlace(p) => format!(
                "{} は書き込めないフォルダにあります。ワークスペースは隣に -wal・-shm ファイルを作る必要があります。書き込めるフォルダにコピーしてください",
                p.display()
            ),
            StoreError::Damaged(p) => format!(
                "{} は壊れています。SQLite のファイルですが中身を読めません（途中で切れた・上書きされた）。バックアップを開いてください",
                p.display()
            ),
            StoreError::BadSetting { key, detail } => {
                format!("保存されている設定「{key}」を読み込めません: {detail}")
            }
            StoreError::NewerVersion { found, supported } => format!(
                "このワークスペースのスキーマ版数 {found} は、このバージョンの Scenario Studio が扱える版数（{supported}）より新しいものです。Scenario Studio を更新してから開いてください"
            ),
            StoreError::Default { path, source } => format!(
                "既定のワークスペース {} を使えません: {}。別のワークスペースを開くか作成してください",
                path.display(),
                source.localized().ja
            ),
        };
        Localized::new(ja, self.to_string())
    }
}

impl From<rusqlite::Error> for StoreError {
    /// SQLite's error, or that the file is damaged when SQLite says so.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked,
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                StoreError::NotWritable
            }
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            _ => StoreError::Sqlite(e),
        }
    }
}

/// The URI SQLite opens the workspace file at `path` with as it stands, read-only and without
/// locks or side files (`immutable`): for a workspace in a read-only place.
pub(crate) fn immutable_uri(path: &Path) -> Option<String> {
    let absolute = std::path::absolute(path).ok()?;
    let mut uri = String::from("file:");
    for c in absolute.to_str()?.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    Some(uri)
}

/// Whether the workspace is open read-only (in a read-only place, `open_read_only`): other
/// connections to its file must then read it as it stands too.
pub fn is_read_only(conn: &Connection) -> bool {
    conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
}

/// The longest name a workspace file may have: its side files (`-journal`, 8 bytes more, the
/// longest of `-wal`, `-shm`, `-journal`) must fit the 255 bytes file systems allow a name.
const MAX_NAME_BYTES: usize = 255 - "-journal".len();

/// Refuses a workspace whose side files could not be named (SQLite would fail to open them and
/// say only that the file cannot be written).
fn refuse_long_name(path: &Path) -> Result<(), StoreError> {
    let name = path.file_name().map_or(0, |n| n.as_encoded_bytes().len());
    if name > MAX_NAME_BYTES {
        return Err(StoreError::NameTooLong(path.to_owned()));
    }
    Ok(())
}

/// What SQLite's refusal to open or read `path` means: busy, a read-only place, a damaged file, or
/// no workspace at all.
fn opening(e: rusqlite::Error, path: &Path) -> StoreError {
    use rusqlite::ErrorCode;
    let code = e.sqlite_error_code();
    let folder_read_only = || {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        tempfile::tempfile_in(folder).is_err()
    };
    match code {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            StoreError::Busy(path.to_owned())
        }
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen) if folder_read_only() => {
            StoreError::ReadOnlyPlace(path.to_owned())
        }
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged(path.to_owned()),
        Some(ErrorCode::NotADatabase) if crate::format::is_database(path) => {
            StoreError::Damaged(path.to_owned())
        }
        Some(ErrorCode::NotADatabase) => StoreError::NotAWorkspace(path.to_owned()),
        // Anything else as SQLite's errors are read everywhere (disk full, not writable …).
        _ => StoreError::from(e),
    }
}

/// An open workspace.
pub struct Workspace {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("path", &self.path)
            .finish()
    }
}

impl Workspace {
    /// Creates a new, empty workspace at `path`. The file appears only when it is complete: the
    /// schema is built in a temporary file beside it, which is then renamed into place.
    pub fn create(path: &Path) -> Result<Workspace, StoreError> {
        if path.exists() {
            return Err(StoreError::AlreadyExists(path.to_owned()));
        }
        refuse_long_name(path)?;
        let io = |source| StoreError::Io {
            path: path.to_owned(),
            source,
        };
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".scenario-workspace-")
            .tempfile_in(dir)
            .map_err(io)?;
        {
            let mut conn = Connection::open(tmp.path())?;
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            migrations::upgrade(&mut conn, MIGRATIONS)?;
            // Leave the temporary file self-contained (no -wal beside it) before it is renamed.
            conn.pragma_update(None, "journal_mode", "DELETE")?;
        }
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::AlreadyExists(path.to_owned())
            } else {
                io(e.error)
            }
        })?;
        Workspace::open(path)
    }

    /// Opens an existing workspace, upgrading its schema if it is older than this build's.
    pub fn open(path: &Path) -> Result<Workspace, StoreError> {
        Workspace::open_with(path, MIGRATIONS)
    }

    /// `open` with an explicit migration list (for tests of the upgrade path). A workspace in a
    /// read-only place (a mounted backup, a share without write access) opens for reading when it
    /// can be read as it stands (no write-ahead log beside it, no upgrade due): every read works,
    /// a write is refused as `NotWritable`.
    #[doc(hidden)]
    pub fn open_with(path: &Path, migrations: &[Migration]) -> Result<Workspace, StoreError> {
        // SQLite reads a name starting with `file:` as a URI (`file:q.ws` would open `q.ws`):
        // a relative one is given as `./file:…`, a file name like any other.
        let literal;
        let path =
            if path.is_relative() && path.as_os_str().as_encoded_bytes().starts_with(b"file:") {
                literal = Path::new(".").join(path);
                literal.as_path()
            } else {
                path
            };
        refuse_long_name(path)?;
        match Workspace::open_writable(path, migrations) {
            Err(StoreError::ReadOnlyPlace(place)) => {
                Workspace::open_read_only(&place, migrations.len() as i64)
                    .ok_or(StoreError::ReadOnlyPlace(place))
            }
            opened => opened,
        }
    }

    /// A workspace in a read-only place, read as it stands (SQLite's `immutable`: no lock and no
    /// side file, which it could not create), when that reads all of it: None when a
    /// write-ahead log beside it holds pages not yet in the file, or its schema is not this
    /// build's.
    fn open_read_only(path: &Path, supported: i64) -> Option<Workspace> {
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            return None;
        }
        let conn = Connection::open_with_flags(
            immutable_uri(path)?,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        let app_id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .ok()?;
        if app_id != APPLICATION_ID || migrations::version(&conn).ok()? != supported {
            return None;
        }
        Some(Workspace {
            conn,
            path: path.to_owned(),
        })
    }

    fn open_writable(path: &Path, migrations: &[Migration]) -> Result<Workspace, StoreError> {
        if path.is_dir() {
            return Err(StoreError::Folder(path.to_owned()));
        }
        if !path.is_file() {
            return Err(StoreError::NotFound(path.to_owned()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| opening(e, path))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // A file that is not SQLite fails here ("file is not a database"), and so do a busy
        // workspace, one in a read-only folder and a damaged one: each says which.
        let app_id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|e| opening(e, path))?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::NotAWorkspace(path.to_owned()));
        }
        let mut conn = conn;
        let version = migrations::version(&conn)?;
        let supported = migrations.len() as i64;
        if version > supported {
            return Err(StoreError::NewerVersion {
                found: version,
                supported,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| opening(e, path))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 64 MiB of page cache: a million-row import otherwise spills pages to the WAL and reads
        // them back (measured: a quarter of the import's time in pread/pwrite with the 2 MiB default).
        conn.pragma_update(None, "cache_size", -65_536)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // A migration that fails on tables that are already there: the stated version is not the
        // file's (set by hand, or by another tool); SQLite's message would show the schema's SQL.
        migrations::upgrade(&mut conn, migrations).map_err(|e| match e {
            StoreError::Sqlite(_) => StoreError::SchemaMismatch {
                path: path.to_owned(),
                version,
            },
            other => other,
        })?;
        Ok(Workspace {
            conn,
            path: path.to_owned(),
        })
    }

    /// Where the workspace lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        migrations::version(&self.conn)
    }

    /// A read connection for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A write transaction; nothing is stored unless it is committed.
    pub fn transaction(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self.conn.transaction()?)
    }

    /// Runs a bulk load with a rollback journal instead of the WAL. Loading into empty tables, the
    /// rollback journal only has to save the few pages the load overwrites, while the WAL receives a
    /// copy of every new page and later writes it again into the main file (measured on a million
    /// 21-column rows: 3.1 s against 4.8 s, plus the checkpoint the WAL defers). The load is just as
    /// atomic: a crash leaves a hot journal that the next open rolls back. WAL mode returns after,
    /// whatever `load` did.
    pub fn with_rollback_journal<T, E: From<StoreError>>(
        &mut self,
        load: impl FnOnce(&mut Workspace) -> Result<T, E>,
    ) -> Result<T, E> {
        self.checkpoint().map_err(E::from)?;
        self.conn
            .pragma_update(None, "journal_mode", "TRUNCATE")
            .map_err(|e| E::from(e.into()))?;
        let result = load(self);
        let restored = self
            .conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| E::from(e.into()));
        let value = result?;
        restored?;
        Ok(value)
    }

    /// Writes the WAL back into the main file, so that the workspace is one self-contained file
    /// (before copying it, and on close).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        // Best effort: a failed checkpoint leaves a valid -wal file that SQLite replays next time.
        let _ = self.checkpoint();
    }
}

/// The JSON of the current version of scenario `id`, as stored, if it is: what a save compares
/// with to tell an unchanged scenario (`scenarios`) and a draft that holds no unsaved work
/// (`drafts`).
fn stored_json(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT json FROM scenarios WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()
}

/// Adds one to `key`'s count in `counts`, allocating the key only the first time: for tallies
/// over millions of rows with a handful of distinct keys.
pub fn count_one(counts: &mut std::collections::BTreeMap<String, u64>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_owned(), 1);
        }
    }
}

/// Why a stored scenario could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The workspace.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// There is no such scenario.
    #[error("there is no scenario {0} in the workspace")]
    NotStored(String),
    /// The stored document.
    #[error("scenario {id}: {source}")]
    Format {
        /// The scenario.
        id: String,
        /// What is wrong with its document.
        source: crate::format::FormatError,
    },
}

impl ReadError {
    /// A stable name for the kind of failure.
    pub fn kind(&self) -> crate::ErrorKind {
        match self {
            ReadError::Store(e) => e.kind(),
            ReadError::NotStored(_) => ErrorKind::UnknownScenario,
            ReadError::Format { .. } => ErrorKind::UnreadableScenario,
        }
    }

    /// The message in both languages.
    pub fn localized(&self) -> crate::Localized {
        match self {
            ReadError::Store(e) => e.localized(),
            ReadError::NotStored(id) => crate::Localized::new(
                format!("シナリオ {id} はワークスペースにありません"),
                format!("there is no scenario {id} in the workspace"),
            ),
            ReadError::Format { id, source } => {
                let m = source.localized();
                crate::Localized::new(
                    format!("保存されているシナリオ {id}: {}", m.ja),
                    format!("stored scenario {id}: {}", m.en),
                )
            }
        }
    }
}
