//! What every hostile case checks.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test and bench code: a panic is a failed run
#![allow(dead_code)]

use std::path::Path;

use crate::common::{cli_err, dump};

pub use crate::common::{
    cannot_run_here, cli, cli_ok, export_ledgers_into, files_in, sample_db, TestResult,
};

/// Runs a command that must be refused: non-zero exit, a Chinese message containing `expect`,
/// and the database's content unchanged. Returns the message.
pub fn refused(
    db: &Path,
    args: &[&str],
    expect: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let before = dump(db)?;
    let err = cli_err(db, args);
    assert!(err.contains(expect), "expected “{expect}” in: {err}");
    assert_eq!(before, dump(db)?, "the database changed after: {args:?}");
    Ok(err)
}

/// Runs a command that must be refused and insists the database file is byte-identical
/// afterwards (restore's promise). Returns the message.
pub fn refused_byte_identical(
    db: &Path,
    args: &[&str],
    expect: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    checkpoint(db)?;
    let before = std::fs::read(db)?;
    let err = cli_err(db, args);
    assert!(err.contains(expect), "expected “{expect}” in: {err}");
    checkpoint(db)?;
    assert!(
        before == std::fs::read(db)?,
        "the live database file changed after: {args:?}"
    );
    Ok(err)
}

/// Folds the WAL into the main file so that two reads of the file compare its whole content.
pub fn checkpoint(db: &Path) -> Result<(), rusqlite::Error> {
    let conn = rusqlite::Connection::open(db)?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
}

/// Runs `ledger import` of `file`, which must fail (it reports each file's reason on stdout and
/// sums up on stderr) and leave the database unchanged. Returns what it said, both streams.
pub fn ledger_import_refused(db: &Path, file: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let before = dump(db)?;
    let out = cli(db, &["ledger", "import", arg(file)]);
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "ledger import should have failed: {said}"
    );
    assert_eq!(before, dump(db)?, "the database changed");
    Ok(said)
}

/// A row of cells as owned strings.
pub fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

/// Rows of cells as owned strings.
pub fn table(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter().map(|r| strings(r)).collect()
}

/// A path as the `&str` the CLI takes.
pub fn arg(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}
