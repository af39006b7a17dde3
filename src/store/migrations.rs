//! Versioned schema migrations. The workspace's `PRAGMA user_version` is the number of migrations
//! applied; opening a workspace applies the missing ones in one transaction.
//!
//! Never edit a migration that has shipped: add a new one at the end.

use rusqlite::Connection;

use super::StoreError;

/// One step of the schema's history.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// What the step does.
    pub description: &'static str,
    /// The SQL it runs.
    pub sql: &'static str,
}

/// The schema's history; the workspace version is the number of steps applied.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        description: "leads, behaviour, deal status history, scenarios, settings, checklist answers, simulation runs",
        sql: include_str!("schema_v1.sql"),
    },
    Migration {
        description: "autosaved scenario drafts",
        sql: include_str!("schema_v2.sql"),
    },
    Migration {
        description: "versions of the scoring model",
        sql: include_str!("schema_v3.sql"),
    },
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The workspace's schema version.
pub fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Applies the migrations the workspace lacks, all in one transaction.
pub fn upgrade(conn: &mut Connection, migrations: &[Migration]) -> Result<(), StoreError> {
    let current = version(conn)?;
    if current >= migrations.len() as i64 {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for migration in &migrations[current as usize..] {
        tx.execute_batch(migration.sql)?;
    }
    tx.pragma_update(None, "user_version", migrations.len() as i64)?;
    tx.commit()?;
    Ok(())
}
