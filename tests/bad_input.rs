//! Bad input never changes the database and always gets a Chinese message with a non-zero exit.

mod common;

use std::path::Path;

use common::{cli_err, dump, sample_db, TestResult};

/// Runs a failing command and checks the database is byte-for-byte the same in content.
fn refused(db: &Path, args: &[&str], expect: &str) -> TestResult {
    let before = dump(db)?;
    let err = cli_err(db, args);
    assert!(err.contains(expect), "expected “{expect}” in: {err}");
    assert_eq!(before, dump(db)?, "the database changed after: {args:?}");
    Ok(())
}

#[test]
fn unknown_unit_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    refused(
        &db,
        &["task", "add", "--title", "新任务", "--lead", "县不存在局"],
        "未找到责任单位“县不存在局”",
    )?;
    refused(&db, &["task", "list", "--unit", "火星局"], "未找到责任单位")
}

#[test]
fn duplicate_code_in_a_section_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    refused(
        &db,
        &[
            "task",
            "add",
            "--section",
            "(一)",
            "--code",
            "1",
            "--title",
            "重复序号的任务",
            "--lead",
            "县司法局",
        ],
        "已被任务",
    )
}

#[test]
fn impossible_deadline_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    refused(
        &db,
        &[
            "task",
            "add",
            "--title",
            "日期有误的任务",
            "--deadline",
            "2024年13月",
            "--lead",
            "县司法局",
        ],
        "2024年13月",
    )?;
    refused(
        &db,
        &["task", "edit", "1", "--deadline", "2024年2月30日"],
        "2024年2月30日",
    )
}

#[test]
fn empty_title_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    refused(
        &db,
        &["task", "add", "--title", "  ", "--lead", "县司法局"],
        "任务名称不能为空",
    )?;
    refused(
        &db,
        &["task", "edit", "1", "--title", ""],
        "任务名称不能为空",
    )
}

#[test]
fn unknown_task_section_status_and_dates_are_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    refused(
        &db,
        &["task", "edit", "99999", "--title", "x"],
        "未找到编号为 99999 的任务",
    )?;
    refused(
        &db,
        &["task", "add", "--title", "x", "--section", "(九十九)"],
        "没有章节",
    )?;
    refused(
        &db,
        &["task", "edit", "1", "--status", "差不多"],
        "状态“差不多”无效",
    )?;
    refused(&db, &["group", "list", "--on", "2025-13-01"], "无法识别")?;
    refused(
        &db,
        &[
            "group",
            "add",
            "--name",
            "张三",
            "--role",
            "成员",
            "--from",
            "2025-09-01",
            "--to",
            "2025-01-01",
        ],
        "早于",
    )?;
    refused(&db, &["unit", "add", "--name", "县司法局"], "已被")?;
    refused(
        &db,
        &["unit", "add", "--name", "县新局", "--phone", "abc"],
        "联系电话",
    )
}

#[test]
fn restoring_a_file_that_is_not_a_database_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let junk = dir.path().join("台账.xlsx");
    std::fs::write(&junk, b"PK\x03\x04 this is not a database at all")?;
    refused(
        &db,
        &["restore", junk.to_str().ok_or("path")?],
        "不是台账数据库",
    )?;
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"")?;
    refused(
        &db,
        &["restore", empty.to_str().ok_or("path")?],
        "不是台账数据库",
    )?;
    refused(&db, &["restore", "/nonexistent/backup.db"], "文件操作失败")
}

#[test]
fn restoring_another_programs_sqlite_file_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let other = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&other)?;
        conn.execute_batch("CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('hi');")?;
    }
    refused(
        &db,
        &["restore", other.to_str().ok_or("path")?],
        "不是台账数据库",
    )
}

#[test]
fn restoring_a_corrupt_backup_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let backup = dir.path().join("b.db");
    common::cli_ok(&db, &["backup", "--out", backup.to_str().ok_or("path")?]);
    // Overwrite pages in the middle of the file: the header stays valid, the b-trees do not.
    let mut bytes = std::fs::read(&backup)?;
    let len = bytes.len();
    assert!(len > 8192);
    for b in &mut bytes[4096..len - 1024] {
        *b = 0x5A;
    }
    std::fs::write(&backup, &bytes)?;
    let before = dump(&db)?;
    let err = cli_err(&db, &["restore", backup.to_str().ok_or("path")?]);
    assert!(
        err.contains("损坏") || err.contains("不是台账数据库"),
        "{err}"
    );
    assert_eq!(before, dump(&db)?);
    Ok(())
}

#[test]
fn restoring_a_backup_from_a_newer_version_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let backup = dir.path().join("newer.db");
    common::cli_ok(&db, &["backup", "--out", backup.to_str().ok_or("path")?]);
    {
        let conn = rusqlite::Connection::open(&backup)?;
        conn.pragma_update(None, "user_version", 999)?;
    }
    refused(
        &db,
        &["restore", backup.to_str().ok_or("path")?],
        "更新版本",
    )
}

#[test]
fn opening_a_newer_database_changes_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    {
        let conn = rusqlite::Connection::open(&db)?;
        conn.pragma_update(None, "user_version", 999)?;
    }
    let before = std::fs::read(&db)?;
    let err = cli_err(&db, &["task", "list"]);
    assert!(err.contains("更新版本"), "{err}");
    assert_eq!(before, std::fs::read(&db)?);
    Ok(())
}

#[test]
fn a_database_that_no_longer_opens_can_still_be_restored() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let backup = dir.path().join("good.db");
    common::cli_ok(&db, &["backup", "--out", backup.to_str().ok_or("path")?]);
    let good = dump(&db)?;
    // The live file becomes unusable: written by a "newer version".
    {
        let conn = rusqlite::Connection::open(&db)?;
        conn.pragma_update(None, "user_version", 999)?;
    }
    cli_err(&db, &["task", "list"]);
    common::cli_ok(&db, &["restore", backup.to_str().ok_or("path")?]);
    assert_eq!(good, dump(&db)?);
    common::cli_ok(&db, &["task", "list"]);
    // The unusable file was kept, not thrown away.
    let kept: Vec<_> = std::fs::read_dir(dir.path().join("backups"))?
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "db"))
        .collect();
    assert_eq!(kept.len(), 1);
    let conn = rusqlite::Connection::open(kept[0].path())?;
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    assert_eq!(v, 999);
    Ok(())
}
