//! The numbered schema migrations (`store/NNNN_*.sql`) and how they are applied.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use super::StoreError;
#[cfg(test)]
use super::APPLICATION_ID;
#[cfg(test)]
use std::path::Path;

/// `(file name, SQL)` of a migration file in `src/store/`.
macro_rules! migration {
    ($name:literal) => {
        (concat!($name, ".sql"), include_str!(concat!($name, ".sql")))
    };
}

/// The schema migrations in the order they run. A database records how many it ran
/// (`PRAGMA user_version`), not their names, so the order never changes; each file's number is
/// its place in this list (a new migration takes the next number, renumbered if another landed
/// first).
pub(super) const MIGRATIONS: &[(&str, &str)] = &[
    migration!("0001_init"),
    migration!("0002_progress"),
    migration!("0003_remind"),
    migration!("0004_plan_import"),
    migration!("0005_import_batch"),
    migration!("0006_ledger_import"),
    migration!("0007_import_checks"),
    migration!("0008_kept_rows"),
    migration!("0009_replaced_by_index"),
    migration!("0010_received_on"),
    migration!("0011_ids_never_reused"),
    migration!("0012_board_moved_on"),
    migration!("0013_member_note"),
    migration!("0014_status_set"),
    migration!("0015_status_words"),
    migration!("0016_copied"),
    migration!("0017_group_phrases"),
    migration!("0018_evidence"),
    migration!("0019_plan_import_alias"),
    migration!("0020_report_lookups"),
    migration!("0021_evidence_from_ledgers"),
    migration!("0022_change_log"),
    migration!("0023_submission_print"),
    migration!("0024_progress_latest"),
    migration!("0025_first_seen_clock"),
];

/// The ordered schema migrations; the index + 1 is the `user_version` after each.
pub(super) fn migration_list() -> Vec<M<'static>> {
    MIGRATIONS.iter().map(|(_, sql)| M::up(sql)).collect()
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
