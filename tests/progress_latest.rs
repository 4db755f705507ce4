//! Each unit's latest report on each task (`progress_latest`, migration 0024, issue #27) is what
//! every page's task statuses are read from: after each writer of reports — importing ledgers,
//! importing an earlier month days later, replacing a file, undoing an import, deleting and
//! restoring a task (回收站), merging a plan file into the plan and undoing that — it equals what
//! is worked out again from every report. The real CLI on real files, the sample plan.

mod common;
#[path = "ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use std::path::{Path, PathBuf};

use common::{cli_ok, sample_db, TestResult};
use ledger_fixtures::{fill, ledger, write, Layout};
use serde_json::Value;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// Fails `what` when the held latest reports differ from the recomputed ones; returns them as
/// (task, unit, period, submission).
fn held(db: &Path, what: &str) -> Res<Vec<(i64, i64, String, i64)>> {
    let db = taizhang::Db::open(db)?;
    let wrong = taizhang::progress::latest_mismatches(db.conn())?;
    assert!(
        wrong.is_empty(),
        "{what}: pairs (task, unit) held wrong: {wrong:?}"
    );
    let mut stmt = db.conn().prepare(
        "SELECT task_id, unit_id, period, submission_id FROM progress_latest
         ORDER BY task_id, unit_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The ledgers of `units` for `period`, filled in with `salt`, written to `dir`.
fn ledgers(db: &Path, dir: &Path, units: &[&str], period: &str, salt: &str) -> Res<PathBuf> {
    std::fs::create_dir_all(dir)?;
    for unit in units {
        let l = ledger(db, unit, period)?;
        let mut rows = fill(&l, salt);
        // Departments' own words; one row left without progress or status.
        for (i, row) in rows.iter_mut().enumerate() {
            row.status = ["基本完成", "正在推进", "已完成"][i % 3].to_string();
        }
        if let Some(last) = rows.last_mut() {
            last.progress.clear();
            last.status.clear();
        }
        write(
            &dir.join(format!("{unit}_{period}_工作台账.xlsx")),
            Layout::Ours,
            &l,
            &rows,
        )?;
    }
    Ok(dir.to_path_buf())
}

/// Imports the files of `dir`, received on `received`, imported on `today`; the batch.
fn import(db: &Path, dir: &Path, received: &str, today: &str, replace: bool) -> Res<i64> {
    let mut args = vec![
        "ledger",
        "import",
        s(dir),
        "--received",
        received,
        "--today",
        today,
        "--json",
    ];
    if replace {
        args.push("--replace");
    }
    let out: Value = serde_json::from_str(&cli_ok(db, &args))?;
    out["batch"]
        .as_i64()
        .ok_or_else(|| format!("no batch in {out}").into())
}

/// The submission held as latest for (task, unit).
fn latest_of(rows: &[(i64, i64, String, i64)], task: i64, unit: i64) -> Option<(&str, i64)> {
    rows.iter()
        .find(|r| r.0 == task && r.1 == unit)
        .map(|r| (r.2.as_str(), r.3))
}

fn unit_id(db: &Path, name: &str) -> Res<i64> {
    Ok(ledger(db, name, "2025-09")?.unit_id)
}

#[test]
fn every_writer_of_reports_keeps_each_units_latest_report() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    assert_eq!(
        held(&db, "the sample")?,
        vec![],
        "the sample has no reports"
    );
    let sifa = unit_id(&db, "县司法局")?;
    let task = ledger(&db, "县司法局", "2025-09")?.tasks[0].id;

    // September's ledgers arrive on 3 October and are imported on the 12th.
    let sept = ledgers(
        &db,
        &dir.path().join("九月"),
        &["县司法局", "县委组织部"],
        "2025-09",
        "按期",
    )?;
    let first = import(&db, &sept, "2025-10-03", "2025-10-12", false)?;
    let after_sept = held(&db, "September imported")?;
    let (period, sept_sub) =
        latest_of(&after_sept, task, sifa).ok_or("no latest after September")?;
    assert_eq!(period, "2025-09");

    // August's ledger of 县司法局, late, is imported afterwards: September stays the latest.
    let aug = ledgers(
        &db,
        &dir.path().join("八月"),
        &["县司法局"],
        "2025-08",
        "补报",
    )?;
    import(&db, &aug, "2025-10-13", "2025-10-14", false)?;
    let after_aug = held(&db, "August imported after September")?;
    assert_eq!(
        latest_of(&after_aug, task, sifa),
        Some(("2025-09", sept_sub))
    );
    assert!(after_aug.len() >= after_sept.len());

    // 县司法局 sends September again: the new file replaces the old one.
    let again = ledgers(
        &db,
        &dir.path().join("九月再报"),
        &["县司法局"],
        "2025-09",
        "更正",
    )?;
    let replace = import(&db, &again, "2025-10-15", "2025-10-15", true)?;
    let after_replace = held(&db, "September replaced")?;
    let (period, new_sub) =
        latest_of(&after_replace, task, sifa).ok_or("no latest after replace")?;
    assert_eq!(period, "2025-09");
    assert_ne!(new_sub, sept_sub, "the replacing file is the latest");

    // Undoing the replacement brings the first file back.
    cli_ok(&db, &["import", "undo", &replace.to_string()]);
    assert_eq!(held(&db, "replacement undone")?, after_aug);

    // Undoing September leaves August as 县司法局's latest.
    cli_ok(&db, &["import", "undo", &first.to_string()]);
    let after_undo = held(&db, "September undone")?;
    assert_eq!(
        latest_of(&after_undo, task, sifa).map(|l| l.0),
        Some("2025-08")
    );

    // 回收站: a deleted task keeps its reports, restored it counts them again.
    let ids = task.to_string();
    cli_ok(&db, &["task", "delete", &ids]);
    assert_eq!(held(&db, "task deleted")?, after_undo);
    cli_ok(&db, &["task", "undelete", &ids]);
    assert_eq!(held(&db, "task restored")?, after_undo);

    // A plan file merged into the plan, and that merge undone.
    let plan_file = "tests/fixtures/plan_import/brackets_utf8.txt";
    cli_ok(&db, &["plan", "import", plan_file, "--plan", "1"]);
    assert_eq!(held(&db, "plan file merged")?, after_undo);
    cli_ok(&db, &["plan", "undo-import", "1"]);
    assert_eq!(held(&db, "plan merge undone")?, after_undo);
    Ok(())
}
