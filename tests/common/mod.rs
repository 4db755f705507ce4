//! Helpers shared by the integration tests: run the real CLI binary, dump a database file.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Runs `taizhang --db <db> <args>` and returns its output.
pub fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TAIZHANG_DB")
        .output()
        .unwrap_or_else(|e| panic!("cannot run taizhang: {e}"))
}

/// Runs the CLI and insists that it succeeded; returns stdout.
pub fn cli_ok(db: &Path, args: &[&str]) -> String {
    let out = cli(db, args);
    assert!(
        out.status.success(),
        "taizhang {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs the CLI, insists that it failed with a Chinese message, and returns stderr.
pub fn cli_err(db: &Path, args: &[&str]) -> String {
    let out = cli(db, args);
    assert!(
        !out.status.success(),
        "taizhang {args:?} should have failed"
    );
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "error message is not Chinese: {err}"
    );
    err
}

/// Every row of every table, in a stable order, as text: equal dumps mean equal content.
pub fn dump(db: &Path) -> Result<String, rusqlite::Error> {
    let conn = rusqlite::Connection::open(db)?;
    let mut out = String::new();
    let tables: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    for t in tables {
        out.push_str(&format!("## {t}\n"));
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1, 2"))?;
        let n = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let mut cells = Vec::with_capacity(n);
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i)?;
                cells.push(format!("{v:?}"));
            }
            out.push_str(&cells.join("|"));
            out.push('\n');
        }
    }
    Ok(out)
}

/// A dump without the audit log: an undone import leaves the data as it was (and logs that it
/// undid it).
pub fn without_audit(dump: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for line in dump.lines() {
        if line.starts_with("## ") {
            skip = line == "## audit_log";
        }
        if !skip {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// [`dump`] without the audit log.
pub fn dump_without_audit(db: &Path) -> Result<String, rusqlite::Error> {
    Ok(without_audit(&dump(db)?))
}

/// A fresh database file loaded with the sample plan.
pub fn sample_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("taizhang.db");
    cli_ok(&db, &["sample"]);
    db
}
