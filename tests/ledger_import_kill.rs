//! The CLI killed (SIGKILL) at random moments during a large import, again and again: the
//! database stays sound and every batch is either entirely there or entirely absent.

mod common;
#[path = "ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{dump, TestResult};
use ledger_fixtures::{fill, ledger, units, write, Layout, Res};

const RUNS: usize = 50;

/// A small deterministic generator (xorshift), seeded from the clock and printed, so that a
/// failing run can be repeated with `TAIZHANG_KILL_SEED`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

/// Ledgers of every unit for March to August: a batch of some hundred files.
fn files(db: &Path, dir: &Path) -> Res<Vec<PathBuf>> {
    let mut out = Vec::new();
    for (_, unit) in units(db)? {
        for month in 3..=8 {
            let period = format!("2025-{month:02}");
            let l = ledger(db, &unit, &period)?;
            if l.tasks.is_empty() {
                continue;
            }
            let p = dir.join(format!("{unit}_{period}.xlsx"));
            let layout = if month % 2 == 0 {
                Layout::Ours
            } else {
                Layout::HandMade
            };
            write(&p, layout, &l, &fill(&l, &period))?;
            out.push(p);
        }
    }
    Ok(out)
}

fn import(db: &Path, files: &[PathBuf]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_taizhang"));
    c.arg("--db")
        .arg(db)
        .args(["ledger", "import", "--json"])
        .args(files)
        .env_remove("TAIZHANG_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn copy_db(from: &Path, to: &Path) -> Res<()> {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", to.display()));
    }
    std::fs::copy(from, to)?;
    Ok(())
}

/// Integrity, and the batch either complete (every file with its submission and entries) or
/// absent (the database as before).
fn check(db: &Path, base: &str, files: usize, progress_before: i64) -> Res<bool> {
    let conn = rusqlite::Connection::open(db)?;
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    assert_eq!(verdict, "ok");
    let fk: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    assert_eq!(fk, 0, "foreign keys broken");
    let batches: i64 = conn.query_row("SELECT count(*) FROM ledger_import", [], |r| r.get(0))?;
    match batches {
        0 => {
            drop(conn);
            assert_eq!(dump(db)?, base, "no batch, yet the database changed");
            Ok(false)
        }
        1 => {
            let (count, rows): (i64, i64) =
                conn.query_row("SELECT file_count, row_count FROM ledger_import", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            let listed: i64 =
                conn.query_row("SELECT count(*) FROM ledger_import_file", [], |r| r.get(0))?;
            assert_eq!(count as usize, files, "a batch with files missing");
            assert_eq!(listed, count);
            let read: i64 =
                conn.query_row("SELECT count(*) FROM ledger_import_row", [], |r| r.get(0))?;
            assert_eq!(read, rows, "rows of the batch missing");
            let entries: i64 =
                conn.query_row("SELECT sum(entries) FROM ledger_import_file", [], |r| {
                    r.get(0)
                })?;
            let progress: i64 =
                conn.query_row("SELECT count(*) FROM progress", [], |r| r.get(0))?;
            assert_eq!(
                progress - progress_before,
                entries,
                "entries of the batch missing"
            );
            Ok(true)
        }
        n => panic!("{n} batches from one import"),
    }
}

#[test]
fn killed_imports_leave_whole_batches_or_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let base_db = common::sample_db(dir.path());
    let ledgers = dir.path().join("ledgers");
    std::fs::create_dir_all(&ledgers)?;
    let files = files(&base_db, &ledgers)?;
    assert!(files.len() >= 60, "a large batch: {} files", files.len());
    let base = dump(&base_db)?;
    let progress_before: i64 = rusqlite::Connection::open(&base_db)?.query_row(
        "SELECT count(*) FROM progress",
        [],
        |r| r.get(0),
    )?;
    let work = dir.path().join("work.db");

    // How long a whole import takes here.
    copy_db(&base_db, &work)?;
    let started = Instant::now();
    let status = import(&work, &files).status()?;
    let full = started.elapsed();
    assert!(status.success());
    assert!(check(&work, &base, files.len(), progress_before)?);

    let seed = std::env::var("TAIZHANG_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        });
    eprintln!(
        "kill test: {} files, full import {full:?}, seed {seed}",
        files.len()
    );
    let mut rng = Rng(seed);
    let window = full.as_micros() as u64 * 11 / 10 + 1;
    let (mut complete, mut absent) = (0, 0);
    let test_started = Instant::now();
    for i in 0..RUNS {
        copy_db(&base_db, &work)?;
        let mut child = import(&work, &files).spawn()?;
        // Half the kills anywhere, half in the last 40 % of the run, where the batch is written.
        let at = if i % 2 == 0 {
            rng.next() % window
        } else {
            window * 6 / 10 + rng.next() % (window * 4 / 10 + 1)
        };
        std::thread::sleep(Duration::from_micros(at));
        let _ = child.kill();
        let _ = child.wait();
        if check(&work, &base, files.len(), progress_before)? {
            complete += 1;
        } else {
            absent += 1;
        }
    }
    eprintln!(
        "kill test: {RUNS} kills, {complete} batches complete, {absent} absent, {:?}",
        test_started.elapsed()
    );
    // After a kill, importing again works and gives the whole batch.
    let status = import(&work, &files).status()?;
    assert!(status.success());
    assert!(check(&work, &base, files.len(), progress_before)?);
    Ok(())
}
