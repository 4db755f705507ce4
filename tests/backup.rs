//! Automatic backups through the real CLI: the daily copy and its rotation over a simulated
//! year (`TAIZHANG_TODAY`), the copy before a plan import or an undo, `backup list --json`,
//! evidence files travelling with a backup, and failures that are reported, never silent.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{Datelike, NaiveDate, Weekday};
use common::{dump, TestResult};

const PLAN: &str = "tests/fixtures/plan_import/brackets_utf8.txt";

/// `taizhang --db DB ARGS` with "today" fixed.
fn on(today: NaiveDate, db: &Path, args: &[&str]) -> Output {
    common::cli_on(&today.format("%Y-%m-%d").to_string(), db, args)
}

fn ok(today: NaiveDate, db: &Path, args: &[&str]) -> String {
    common::cli_ok_on(&today.format("%Y-%m-%d").to_string(), db, args)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn list(today: NaiveDate, db: &Path) -> Result<Vec<serde_json::Value>, Box<dyn std::error::Error>> {
    Ok(serde_json::from_str(&ok(
        today,
        db,
        &["backup", "list", "--json"],
    ))?)
}

/// (date, kind) of every backup, sorted.
fn survivors(
    today: NaiveDate,
    db: &Path,
) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
    let mut v: Vec<(String, String)> = list(today, db)?
        .iter()
        .map(|b| {
            (
                b["date"].as_str().unwrap_or("").to_string(),
                b["kind"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    v.sort();
    Ok(v)
}

#[test]
fn a_year_of_workdays_leaves_7_daily_4_weekly_and_12_monthly_copies() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("taizhang.db");
    ok(day(2025, 1, 2), &db, &["sample"]);
    // The clerk starts the app on working days only, sometimes twice a day; a plan is imported
    // in March and near the year's end.
    let mut d = day(2025, 1, 2);
    while d <= day(2025, 12, 31) {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            ok(d, &db, &["backup", "auto"]);
            if d.day() % 5 == 0 {
                let again = ok(d, &db, &["backup", "auto"]);
                assert!(again.contains("今天已经自动备份过"), "{again}");
            }
            if d == day(2025, 3, 12) || d == day(2025, 12, 30) {
                ok(d, &db, &["plan", "import", PLAN]);
            }
        }
        d = d.succ_opt().unwrap_or(d);
    }
    let got = survivors(day(2025, 12, 31), &db)?;
    let daily = |dates: &[&str]| -> Vec<(String, String)> {
        dates
            .iter()
            .map(|d| (d.to_string(), "daily".to_string()))
            .collect()
    };
    let mut want = daily(&[
        // 7 daily: the last seven working days.
        "2025-12-19",
        "2025-12-22",
        "2025-12-23",
        "2025-12-24",
        "2025-12-25",
        "2025-12-26",
        "2025-12-29",
        "2025-12-30",
        "2025-12-31",
        // weekly: the newest of the last 4 weeks (12-31, 12-26, 12-19 above) and 12-12.
        "2025-12-12",
        // monthly: the last working day of each of the last 12 months.
        "2025-01-31",
        "2025-02-28",
        "2025-03-31",
        "2025-04-30",
        "2025-05-30",
        "2025-06-30",
        "2025-07-31",
        "2025-08-29",
        "2025-09-30",
        "2025-10-31",
        "2025-11-28",
    ]);
    // 12-19 and 12-22 are not among the last 7 working days: only weekly keeps 12-19.
    want.retain(|(d, _)| d != "2025-12-22");
    // The copy before the import of 12-30 stays with its day; March's is gone.
    want.push(("2025-12-30".to_string(), "before_import".to_string()));
    want.sort();
    assert_eq!(got, want);
    Ok(())
}

#[test]
fn other_numbers_of_copies_are_kept_when_the_clerk_sets_them() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("taizhang.db");
    let first = day(2025, 9, 1);
    ok(
        first,
        &db,
        &[
            "backup",
            "keep",
            "--daily",
            "2",
            "--weekly",
            "0",
            "--monthly",
            "1",
        ],
    );
    let keep: serde_json::Value =
        serde_json::from_str(&ok(first, &db, &["backup", "keep", "--json"]))?;
    assert_eq!(
        keep,
        serde_json::json!({"daily": 2, "weekly": 0, "monthly": 1})
    );
    for d in 1..=5 {
        ok(day(2025, 9, d), &db, &["backup", "auto"]);
    }
    let got = survivors(day(2025, 9, 5), &db)?;
    let want: Vec<(String, String)> = ["2025-09-04", "2025-09-05"]
        .iter()
        .map(|d| (d.to_string(), "daily".to_string()))
        .collect();
    assert_eq!(got, want);
    let bad = on(first, &db, &["backup", "keep", "--daily", "0"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("保留份数不正确"));
    Ok(())
}

#[test]
fn backup_list_json_gives_date_size_and_counts_of_each_copy() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("taizhang.db");
    let today = day(2025, 10, 8);
    ok(today, &db, &["backup", "auto"]);
    ok(today, &db, &["sample"]);
    ok(
        today,
        &db,
        &[
            "backup",
            "--out",
            &dir.path()
                .join("backups")
                .join("taizhang-备份-20251008-235959.000.db")
                .to_string_lossy(),
        ],
    );
    let entries = list(today, &db)?;
    assert_eq!(entries.len(), 2, "{entries:?}");
    let manual = &entries[0];
    assert_eq!(manual["kind"], "manual");
    assert_eq!(manual["kind_label"], "手动备份");
    assert_eq!(manual["date"], "2025-10-08");
    assert_eq!(manual["time"], "23:59:59");
    assert_eq!(manual["rotated"], false);
    let tasks = manual["counts"]["tasks"].as_i64().unwrap_or(0);
    assert!(tasks > 0, "{manual}");
    assert_eq!(manual["counts"]["plans"], 1);
    assert_eq!(manual["counts"]["reports"], 0);
    let daily = &entries[1];
    assert_eq!(daily["kind"], "daily");
    assert_eq!(
        daily["counts"],
        serde_json::json!({"plans": 0, "tasks": 0, "reports": 0})
    );
    let size = daily["size"].as_u64().unwrap_or(0);
    let on_disk = std::fs::metadata(daily["path"].as_str().unwrap_or(""))?.len();
    assert_eq!(size, on_disk);
    // What a restore of the empty daily copy would change.
    let path = daily["path"].as_str().unwrap_or("");
    let cmp: serde_json::Value =
        serde_json::from_str(&ok(today, &db, &["backup", "compare", path, "--json"]))?;
    assert_eq!(cmp["current"]["tasks"].as_i64(), Some(tasks));
    assert_eq!(cmp["backup"]["tasks"], 0);
    // A file that is not a database is listed as unreadable, not hidden, and compare refuses it.
    let junk = dir.path().join("backups").join("别的.db");
    std::fs::write(&junk, "不是数据库")?;
    let entries = list(today, &db)?;
    let other = entries.iter().find(|e| e["kind"] == "other");
    assert_eq!(
        other.map(|e| e["counts"].is_null()),
        Some(true),
        "{entries:?}"
    );
    let refused = on(today, &db, &["backup", "compare", &junk.to_string_lossy()]);
    assert_eq!(refused.status.code(), Some(1));
    Ok(())
}

/// The sample in a database whose `backups` folder name a file took: every backup fails.
fn backups_folder_taken(
    today: NaiveDate,
) -> Result<(tempfile::TempDir, PathBuf), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("taizhang.db");
    ok(today, &db, &["sample"]);
    std::fs::write(dir.path().join("backups"), "占位")?;
    Ok((dir, db))
}

#[test]
fn a_daily_backup_that_fails_says_so_and_exits_1() -> TestResult {
    let today = day(2025, 10, 8);
    let (_dir, db) = backups_folder_taken(today)?;
    let out = on(today, &db, &["backup", "auto"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("今天的自动备份没有完成"), "{err}");
    assert!(err.contains("可以继续工作"), "{err}");
    // The clerk's work goes on.
    ok(today, &db, &["task", "list"]);
    Ok(())
}

#[test]
fn a_plan_import_whose_backup_fails_is_refused_and_changes_nothing() -> TestResult {
    let today = day(2025, 10, 8);
    let (dir, db) = backups_folder_taken(today)?;
    let before = dump(&db)?;
    let out = on(today, &db, &["plan", "import", PLAN]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("导入方案前的自动备份没有完成"), "{err}");
    assert_eq!(dump(&db)?, before);
    // A dry run writes nothing and needs no backup.
    ok(today, &db, &["plan", "import", PLAN, "--dry-run"]);
    // With the folder back, the import goes through after its backup.
    std::fs::remove_file(dir.path().join("backups"))?;
    ok(today, &db, &["plan", "import", PLAN]);
    let kinds: Vec<String> = list(today, &db)?
        .iter()
        .map(|b| b["kind"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(kinds, ["before_import"]);
    // And an undo is backed up too.
    ok(today, &db, &["plan", "undo-import", "2"]);
    let kinds: Vec<String> = list(today, &db)?
        .iter()
        .map(|b| b["kind"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(kinds.contains(&"before_undo".to_string()), "{kinds:?}");
    Ok(())
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn evidence_files_travel_with_a_backup_and_come_back_on_restore() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("taizhang.db");
    let today = day(2025, 10, 8);
    ok(today, &db, &["sample"]);
    let evidence = dir.path().join("evidence");
    std::fs::create_dir_all(evidence.join("ab"))?;
    std::fs::write(evidence.join("ab").join("ab12.pdf"), b"%PDF-1.4 fictional")?;
    ok(today, &db, &["backup", "auto"]);
    let entries = list(today, &db)?;
    assert_eq!(entries[0]["evidence_files"], 1);
    let copy = PathBuf::from(entries[0]["path"].as_str().unwrap_or(""));
    let saved = PathBuf::from(format!("{}.evidence", copy.display()));
    assert_eq!(
        std::fs::read(saved.join("ab").join("ab12.pdf"))?,
        b"%PDF-1.4 fictional"
    );
    // The size counts the evidence too.
    let db_size = std::fs::metadata(&copy)?.len();
    assert_eq!(entries[0]["size"].as_u64(), Some(db_size + 18));
    // Lost from the evidence folder; a restore brings it back and keeps a newer one.
    std::fs::remove_file(evidence.join("ab").join("ab12.pdf"))?;
    std::fs::write(evidence.join("cd34.png"), b"newer")?;
    let cmp: serde_json::Value = serde_json::from_str(&ok(
        today,
        &db,
        &["backup", "compare", &copy.to_string_lossy(), "--json"],
    ))?;
    assert_eq!(cmp["evidence_back"], 1);
    let out = ok(today, &db, &["restore", &copy.to_string_lossy()]);
    assert!(out.contains("佐证材料 1 个文件"), "{out}");
    assert_eq!(
        files_in(&evidence),
        vec![evidence.join("ab"), evidence.join("cd34.png")]
    );
    assert!(evidence.join("ab").join("ab12.pdf").is_file());
    Ok(())
}

/// The window's 立即备份 and 另存备份 call the core as here; they used to copy the database
/// only, so a copy made by hand lacked the evidence files.
#[test]
fn the_clerks_own_backups_carry_the_evidence_too() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db_path = dir.path().join("taizhang.db");
    let today = day(2025, 10, 8);
    ok(today, &db_path, &["sample"]);
    let evidence = dir.path().join("evidence");
    std::fs::create_dir_all(evidence.join("ab"))?;
    std::fs::write(evidence.join("ab").join("ab12.pdf"), b"%PDF-1.4 fictional")?;
    let db = taizhang::Db::open(&db_path)?;

    let made = taizhang::backup::manual(&db, today)?;
    let saved = PathBuf::from(format!("{}.evidence", made.display()));
    assert_eq!(
        std::fs::read(saved.join("ab").join("ab12.pdf"))?,
        b"%PDF-1.4 fictional"
    );
    let entries = list(today, &db_path)?;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["kind"], "manual");
    assert_eq!(entries[0]["date"], "2025-10-08");
    assert_eq!(entries[0]["evidence_files"], 1);
    assert_eq!(entries[0]["rotated"], false);

    let out = dir.path().join("U盘").join("台账备份.db");
    assert_eq!(taizhang::backup::to_file(&db, &out)?, 1);
    assert!(out.is_file());
    assert!(PathBuf::from(format!("{}.evidence", out.display()))
        .join("ab")
        .join("ab12.pdf")
        .is_file());
    Ok(())
}
