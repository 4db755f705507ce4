//! The numbered schema migrations (`store/NNNN_*.sql`) and how they are applied.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use super::StoreError;
#[cfg(test)]
use super::APPLICATION_ID;
#[cfg(test)]
use std::path::Path;

/// The ordered schema migrations; the index + 1 is the `user_version` after each.
pub(super) fn migration_list() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("0001_init.sql")),
        M::up(include_str!("0002_progress.sql")),
        M::up(include_str!("0003_remind.sql")),
        M::up(include_str!("0004_plan_import.sql")),
        M::up(include_str!("0005_import_batch.sql")),
        M::up(include_str!("0006_ledger_import.sql")),
        M::up(include_str!("0007_import_checks.sql")),
        M::up(include_str!("0008_kept_rows.sql")),
        M::up(include_str!("0009_replaced_by_index.sql")),
        M::up(include_str!("0010_received_on.sql")),
        M::up(include_str!("0011_ids_never_reused.sql")),
        M::up(include_str!("0012_board_moved_on.sql")),
        M::up(include_str!("0013_member_note.sql")),
        M::up(include_str!("0014_status_set.sql")),
        M::up(include_str!("0015_status_words.sql")),
        M::up(include_str!("0016_copied.sql")),
        M::up(include_str!("0017_group_phrases.sql")),
        M::up(include_str!("0018_evidence.sql")),
        M::up(include_str!("0025_plan_import_alias.sql")),
        M::up(include_str!("0022_report_lookups.sql")),
        M::up(include_str!("0019_evidence_from_ledgers.sql")),
        M::up(include_str!("0023_change_log.sql")),
        M::up(include_str!("0020_submission_print.sql")),
    ]
}

/// The schema version this program writes.
pub fn schema_version() -> i64 {
    migration_list().len() as i64
}

/// Brings the schema to `target` (the latest when `None`). Foreign keys are off while the
/// migrations rebuild tables, as SQLite documents; a rebuild copies every id unchanged, so no
/// reference can break (a restored backup's references are checked before and after).
pub(super) fn migrate(conn: &mut Connection, target: Option<usize>) -> Result<(), StoreError> {
    let target = target.unwrap_or(migration_list().len());
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found >= target as i64 {
        return Ok(());
    }
    let mut list = migration_list();
    list.truncate(target);
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = Migrations::new(list).to_latest(conn).map_err(|e| match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => match StoreError::from(err) {
            StoreError::Sqlite(e) => StoreError::Migrate(e.to_string()),
            e => e,
        },
        e => StoreError::Migrate(e.to_string()),
    });
    conn.pragma_update(None, "foreign_keys", true)?;
    result
}

#[cfg(test)]
/// A database left at its first `n` migrations by an older version, with `sql` run on it
/// (for the tests of upgrades).
pub(crate) fn old_database(
    path: &Path,
    n: usize,
    foreign_keys: bool,
    sql: &str,
) -> Result<(), StoreError> {
    let mut conn = Connection::open(path)?;
    if foreign_keys {
        conn.pragma_update(None, "foreign_keys", true)?;
    }
    let mut list = migration_list();
    list.truncate(n);
    Migrations::new(list)
        .to_latest(&mut conn)
        .map_err(|e| StoreError::Migrate(e.to_string()))?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    conn.execute_batch(sql)?;
    Ok(())
}
