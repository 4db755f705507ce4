//! Hostile inputs: restore. Every refused backup leaves the live database file byte-identical,
//! no temporary file beside it and no new file in its `backups` folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::Connection;

#[allow(unused_imports)]
use crate::harness::*;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// A sample database and a good backup of it, in a fresh folder.
fn live_and_backup() -> Res<(tempfile::TempDir, PathBuf, PathBuf)> {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let backup = dir.path().join("备份.db");
    cli_ok(&db, &["backup", "--out", arg(&backup)]);
    Ok((dir, db, backup))
}

/// A good backup changed by `sql` (run with foreign keys and CHECKs enforced as given in it).
fn tampered(sql: &str) -> Res<(tempfile::TempDir, PathBuf, PathBuf)> {
    let (dir, db, backup) = live_and_backup()?;
    let conn = Connection::open(&backup)?;
    conn.execute_batch(sql)?;
    drop(conn);
    Ok((dir, db, backup))
}

/// Every file beside the database and in its `backups` folder.
fn files_around(db: &Path) -> Res<BTreeSet<String>> {
    let dir = db.parent().ok_or("no folder")?;
    let mut names = BTreeSet::new();
    for sub in [dir.to_path_buf(), dir.join("backups")] {
        let Ok(entries) = std::fs::read_dir(&sub) else {
            continue;
        };
        for e in entries {
            names.insert(e?.path().display().to_string());
        }
    }
    Ok(names)
}

/// `restore FILE` must be refused with `expect` in the message; the live file stays
/// byte-identical and nothing is left behind. Returns the message.
fn restore_refused(db: &Path, file: &Path, expect: &str) -> Res<String> {
    checkpoint(db)?;
    let before = files_around(db)?;
    let err = refused_byte_identical(db, &["restore", arg(file)], expect)?;
    assert_eq!(before, files_around(db)?, "files left behind: {err}");
    assert!(!err.contains("PRAGMA") && !err.contains("SQLite"), "{err}");
    // The database still works.
    cli_ok(db, &["task", "list"]);
    Ok(err)
}

/// The application's own SQL migrations, in order.
const MIGRATIONS: &[&str] = &[
    include_str!("../../src/store/0001_init.sql"),
    include_str!("../../src/store/0002_progress.sql"),
    include_str!("../../src/store/0003_remind.sql"),
    include_str!("../../src/store/0004_plan_import.sql"),
    include_str!("../../src/store/0005_import_batch.sql"),
];

/// A genuine database of schema version `v` (≤ 5) as an older program wrote it, with one unit.
fn old_version_db(path: &Path, v: usize) -> Res<()> {
    let conn = Connection::open(path)?;
    for sql in &MIGRATIONS[..v] {
        conn.execute_batch(sql)?;
    }
    conn.pragma_update(None, "user_version", v as i64)?;
    conn.pragma_update(None, "application_id", 0x545A_545A)?;
    conn.execute(
        "INSERT INTO unit (name, contact_name) VALUES ('县档案馆', '王芳')",
        [],
    )?;
    Ok(())
}

fn user_version(db: &Path) -> Res<i64> {
    let conn = Connection::open(db)?;
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

fn count(db: &Path, sql: &str) -> Res<i64> {
    let conn = Connection::open(db)?;
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}

#[test]
fn restore_backup_claiming_an_older_version_than_its_schema_is_refused() -> TestResult {
    // The issue's case: user_version 5 on a file whose tables are those of the latest version.
    let (_dir, db, backup) = tampered("PRAGMA user_version = 5;")?;
    let err = restore_refused(&db, &backup, "结构")?;
    assert!(err.contains("第 5 版"), "{err}");
    Ok(())
}

#[test]
fn restore_backup_with_added_trigger_is_refused() -> TestResult {
    let (_dir, db, backup) =
        tampered("CREATE TRIGGER wipe AFTER INSERT ON progress BEGIN DELETE FROM task; END;")?;
    let err = restore_refused(&db, &backup, "结构")?;
    assert!(err.contains("触发器") && err.contains("wipe"), "{err}");
    Ok(())
}

#[test]
fn restore_backup_with_changed_trigger_body_is_refused() -> TestResult {
    let (_dir, db, backup) = tampered(
        "DROP TRIGGER plan_unit_first_seen;
         CREATE TRIGGER plan_unit_first_seen AFTER INSERT ON assignment
         BEGIN DELETE FROM progress; END;",
    )?;
    let err = restore_refused(&db, &backup, "结构")?;
    assert!(err.contains("plan_unit_first_seen"), "{err}");
    Ok(())
}

#[test]
fn restore_backup_with_added_view_is_refused() -> TestResult {
    let (_dir, db, backup) = tampered("CREATE VIEW everything AS SELECT * FROM task;")?;
    let err = restore_refused(&db, &backup, "结构")?;
    assert!(err.contains("视图"), "{err}");
    Ok(())
}

#[test]
fn restore_backup_with_added_index_is_refused() -> TestResult {
    let (_dir, db, backup) = tampered("CREATE INDEX task_by_title ON task(title);")?;
    let err = restore_refused(&db, &backup, "结构")?;
    assert!(err.contains("索引"), "{err}");
    Ok(())
}

#[test]
fn restore_backup_with_dropped_index_is_refused() -> TestResult {
    let (_dir, db, backup) = tampered("DROP INDEX task_code_unique;")?;
    restore_refused(&db, &backup, "缺少索引")?;
    Ok(())
}

#[test]
fn restore_backup_with_added_table_is_refused() -> TestResult {
    let (_dir, db, backup) =
        tampered("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('x');")?;
    let err = restore_refused(&db, &backup, "结构")?;
    assert!(err.contains("notes"), "{err}");
    Ok(())
}

#[test]
fn restore_backup_without_the_progress_table_is_refused() -> TestResult {
    let (_dir, db, backup) = tampered("DROP TABLE progress;")?;
    let err = restore_refused(&db, &backup, "结构")?;
    assert!(err.contains("缺少表") && err.contains("progress"), "{err}");
    Ok(())
}

#[test]
fn restore_backup_with_dropped_column_is_refused() -> TestResult {
    let (_dir, db, backup) = tampered("ALTER TABLE unit DROP COLUMN contact_phone;")?;
    let err = restore_refused(&db, &backup, "结构")?;
    assert!(err.contains("unit"), "{err}");
    Ok(())
}

#[test]
fn restore_backup_with_added_column_is_refused() -> TestResult {
    let (_dir, db, backup) = tampered("ALTER TABLE task ADD COLUMN secret TEXT;")?;
    restore_refused(&db, &backup, "结构")?;
    Ok(())
}

#[test]
fn restore_backup_with_a_loosened_check_rule_is_refused() -> TestResult {
    // The table's definition is edited in place: same columns, a CHECK that lets anything in.
    let (_dir, db, backup) = tampered(
        "PRAGMA writable_schema = ON;
         UPDATE sqlite_master SET sql = replace(sql, '''done'', ''ongoing'')',
                                                  '''done'', ''ongoing'', ''finished'')')
             WHERE name = 'task';
         PRAGMA writable_schema = OFF;",
    )?;
    assert!(
        count(
            &backup,
            "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%finished%'"
        )? == 1
    );
    restore_refused(&db, &backup, "结构")?;
    Ok(())
}

#[test]
fn restore_backup_with_check_violations_is_refused() -> TestResult {
    let (_dir, db, backup) = tampered(
        "PRAGMA ignore_check_constraints = ON;
         UPDATE task SET status = 'finished' WHERE id = 1;",
    )?;
    let err = restore_refused(&db, &backup, "取值")?;
    assert!(err.contains("task"), "{err}");
    Ok(())
}

#[test]
fn restore_backup_with_foreign_key_violations_is_refused() -> TestResult {
    let (_dir, db, backup) = tampered(
        // An UPDATE: an INSERT would fire the app's trigger, which asks the program's clock.
        "PRAGMA foreign_keys = OFF;
         UPDATE assignment SET unit_id = 99999 WHERE (task_id, unit_id, role) =
             (SELECT task_id, unit_id, role FROM assignment WHERE task_id = 1 LIMIT 1);",
    )?;
    let err = restore_refused(&db, &backup, "关联")?;
    assert!(err.contains("assignment") && err.contains("unit"), "{err}");
    Ok(())
}

#[test]
fn restore_backup_with_orphaned_progress_is_refused() -> TestResult {
    let (_dir, db, backup) = tampered(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO progress (task_id, unit_id, period, text, created_at)
             VALUES (424242, 1, '2025-09', '孤立的进展', 'now');",
    )?;
    restore_refused(&db, &backup, "关联")?;
    Ok(())
}

#[test]
fn restore_truncated_backup_is_refused() -> TestResult {
    let (_dir, db, backup) = live_and_backup()?;
    let bytes = std::fs::read(&backup)?;
    std::fs::write(&backup, &bytes[..bytes.len() / 2])?;
    restore_refused(&db, &backup, "损坏")?;
    Ok(())
}

#[test]
fn restore_backup_with_overwritten_pages_is_refused() -> TestResult {
    let (_dir, db, backup) = live_and_backup()?;
    let mut bytes = std::fs::read(&backup)?;
    let len = bytes.len();
    for b in &mut bytes[len / 2..len / 2 + 4096] {
        *b = 0xA5;
    }
    std::fs::write(&backup, &bytes)?;
    restore_refused(&db, &backup, "损坏")?;
    Ok(())
}

/// Bytes that look random (an encrypted file), from a fixed seed.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as u8
        })
        .collect()
}

#[test]
fn restore_encrypted_backup_is_refused() -> TestResult {
    let (dir, db, _) = live_and_backup()?;
    let file = dir.path().join("加密备份.db");
    std::fs::write(&file, noise(64 * 1024, 7))?;
    restore_refused(&db, &file, "不是台账数据库")?;
    Ok(())
}

#[test]
fn restore_garbage_behind_a_sqlite_header_is_refused() -> TestResult {
    let (dir, db, _) = live_and_backup()?;
    let file = dir.path().join("假备份.db");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(noise(32 * 1024, 11));
    std::fs::write(&file, bytes)?;
    restore_refused(&db, &file, "备份文件")?;
    Ok(())
}

#[test]
fn restore_zero_length_backup_is_refused() -> TestResult {
    let (dir, db, _) = live_and_backup()?;
    let file = dir.path().join("空.db");
    std::fs::write(&file, b"")?;
    restore_refused(&db, &file, "空的")?;
    Ok(())
}

#[test]
fn restore_of_a_folder_is_refused() -> TestResult {
    let (dir, db, _) = live_and_backup()?;
    let folder = dir.path().join("文件夹.db");
    std::fs::create_dir(&folder)?;
    restore_refused(&db, &folder, "文件夹")?;
    Ok(())
}

#[test]
fn restore_of_a_fifo_is_refused_without_waiting() -> TestResult {
    let (dir, db, _) = live_and_backup()?;
    let fifo = dir.path().join("管道.db");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status()?;
    assert!(made.success());
    let started = Instant::now();
    restore_refused(&db, &fifo, "不是普通文件")?;
    assert!(started.elapsed() < Duration::from_secs(20));
    Ok(())
}

#[cfg(unix)]
#[test]
fn restore_of_a_link_to_a_fifo_is_refused_without_waiting() -> TestResult {
    let (dir, db, _) = live_and_backup()?;
    let fifo = dir.path().join("管道");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status()?;
    assert!(made.success());
    let link = dir.path().join("像备份的链接.db");
    std::os::unix::fs::symlink(&fifo, &link)?;
    let started = Instant::now();
    restore_refused(&db, &link, "不是普通文件")?;
    assert!(started.elapsed() < Duration::from_secs(20));
    Ok(())
}

#[test]
fn restore_backup_with_a_negative_schema_version_is_refused() -> TestResult {
    let (_dir, db, backup) = tampered("PRAGMA user_version = -3;")?;
    restore_refused(&db, &backup, "不是台账数据库")?;
    Ok(())
}

#[test]
fn restore_backup_with_hundreds_of_added_tables_is_refused_in_a_short_message() -> TestResult {
    let sql: String = (0..300)
        .map(|i| format!("CREATE TABLE extra_{i} (x); CREATE INDEX extra_{i}_x ON extra_{i}(x);"))
        .collect();
    let (_dir, db, backup) = tampered(&sql)?;
    let err = restore_refused(&db, &backup, "结构")?;
    assert!(err.contains("等 600 处"), "{err}");
    assert!(
        err.chars().count() < 600,
        "{} characters",
        err.chars().count()
    );
    Ok(())
}

#[test]
fn restore_into_a_database_that_does_not_exist_yet_creates_it() -> TestResult {
    let (dir, _db, backup) = live_and_backup()?;
    let fresh = dir.path().join("新电脑").join("taizhang.db");
    std::fs::create_dir(dir.path().join("新电脑"))?;
    let out = cli_ok(&fresh, &["restore", arg(&backup)]);
    assert!(!out.contains("已保留"), "{out}");
    assert_eq!(crate::common::dump(&backup)?, crate::common::dump(&fresh)?);
    Ok(())
}

#[test]
fn restore_of_a_missing_file_is_refused() -> TestResult {
    let (dir, db, _) = live_and_backup()?;
    let err = restore_refused(&db, &dir.path().join("没有这个文件.db"), "找不到")?;
    assert!(!err.contains("os error"), "{err}");
    Ok(())
}

#[test]
fn restore_backup_from_a_newer_version_is_refused() -> TestResult {
    let (_dir, db, backup) = tampered("PRAGMA user_version = 999;")?;
    restore_refused(&db, &backup, "更新版本")?;
    Ok(())
}

#[test]
fn restore_backup_without_a_schema_version_is_refused() -> TestResult {
    let (_dir, db, backup) = tampered("PRAGMA user_version = 0;")?;
    restore_refused(&db, &backup, "不是台账数据库")?;
    Ok(())
}

#[test]
fn restore_another_programs_database_is_refused() -> TestResult {
    let (_dir, db, backup) = tampered("PRAGMA application_id = 1234;")?;
    restore_refused(&db, &backup, "不是台账数据库")?;
    Ok(())
}

#[test]
fn restore_backup_whose_leftover_wal_adds_a_trigger_is_refused() -> TestResult {
    // A backup copied together with its `-wal` file: what the WAL holds is part of the file.
    let (dir, db, backup) = live_and_backup()?;
    let copy = dir.path().join("带日志的备份.db");
    {
        let conn = Connection::open(&backup)?;
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        conn.execute_batch(
            "CREATE TRIGGER wipe AFTER INSERT ON progress BEGIN DELETE FROM task; END;",
        )?;
        // Copied while the connection is open: the trigger is only in the WAL.
        std::fs::copy(&backup, &copy)?;
        std::fs::copy(
            dir.path().join("备份.db-wal"),
            dir.path().join("带日志的备份.db-wal"),
        )?;
    }
    let wal = std::fs::read(dir.path().join("带日志的备份.db-wal"))?;
    assert!(!wal.is_empty());
    let main = std::fs::read(&copy)?;
    restore_refused(&db, &copy, "触发器")?;
    // The backup and its WAL are read, never changed.
    assert!(main == std::fs::read(&copy)?);
    assert!(wal == std::fs::read(dir.path().join("带日志的备份.db-wal"))?);
    Ok(())
}

#[test]
fn restore_backup_with_leftover_wal_brings_back_its_committed_rows() -> TestResult {
    let (dir, db, backup) = live_and_backup()?;
    let copy = dir.path().join("带日志的备份.db");
    {
        let conn = Connection::open(&backup)?;
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        conn.execute("INSERT INTO unit (name) VALUES ('只在日志里的单位')", [])?;
        std::fs::copy(&backup, &copy)?;
        std::fs::copy(
            dir.path().join("备份.db-wal"),
            dir.path().join("带日志的备份.db-wal"),
        )?;
    }
    cli_ok(&db, &["restore", arg(&copy)]);
    let out = cli_ok(&db, &["unit", "list"]);
    assert!(out.contains("只在日志里的单位"), "{out}");
    Ok(())
}

#[test]
fn restore_of_an_older_version_backup_is_migrated_on_the_checked_copy() -> TestResult {
    let (dir, db, _) = live_and_backup()?;
    let old = dir.path().join("旧版备份.db");
    old_version_db(&old, 5)?;
    let old_bytes = std::fs::read(&old)?;
    let out = cli_ok(&db, &["restore", arg(&old)]);
    assert!(out.contains("已从"), "{out}");
    assert_eq!(user_version(&db)?, taizhang::store::schema_version());
    assert!(cli_ok(&db, &["unit", "list"]).contains("县档案馆"));
    // The backup file itself was not migrated.
    assert!(old_bytes == std::fs::read(&old)?);
    assert_eq!(user_version(&old)?, 5);
    Ok(())
}

#[test]
fn restore_of_an_older_version_backup_with_an_added_trigger_is_refused() -> TestResult {
    let (dir, db, _) = live_and_backup()?;
    let old = dir.path().join("旧版备份.db");
    old_version_db(&old, 3)?;
    Connection::open(&old)?.execute_batch(
        "CREATE TRIGGER wipe AFTER INSERT ON progress BEGIN DELETE FROM task; END;",
    )?;
    let err = restore_refused(&db, &old, "结构")?;
    assert!(err.contains("第 3 版"), "{err}");
    Ok(())
}

#[test]
fn restore_backup_with_another_page_size_succeeds() -> TestResult {
    let (_dir, db, backup) = live_and_backup()?;
    {
        let conn = Connection::open(&backup)?;
        let _mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA page_size = 16384; VACUUM;")?;
        let size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        assert_eq!(size, 16384);
    }
    let at_backup = crate::common::dump(&backup)?;
    cli_ok(&db, &["task", "edit", "1", "--title", "备份后改过的标题"]);
    cli_ok(&db, &["restore", arg(&backup)]);
    assert_eq!(at_backup, crate::common::dump(&db)?);
    Ok(())
}

#[test]
fn restore_of_the_live_database_onto_itself_changes_nothing() -> TestResult {
    let (_dir, db, _) = live_and_backup()?;
    let before = crate::common::dump(&db)?;
    let out = cli(&db, &["restore", arg(&db)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(before, crate::common::dump(&db)?);
    cli_ok(&db, &["task", "list"]);
    Ok(())
}

#[cfg(unix)]
#[test]
fn restore_keeps_the_file_mode_of_the_database_it_replaces() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, db, backup) = live_and_backup()?;
    std::fs::set_permissions(&backup, std::fs::Permissions::from_mode(0o644))?;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600))?;
    cli_ok(&db, &["restore", arg(&backup)]);
    let mode = std::fs::metadata(&db)?.permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // The replaced database, kept in `backups`, is no more readable than it was.
    let dir = db.parent().ok_or("no folder")?.join("backups");
    for kept in std::fs::read_dir(dir)? {
        let kept = kept?.path();
        let mode = std::fs::metadata(&kept)?.permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", kept.display());
    }
    Ok(())
}

#[cfg(unix)]
#[test]
fn restore_over_an_unreadable_database_keeps_its_file_mode() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, db, backup) = live_and_backup()?;
    let good = crate::common::dump(&backup)?;
    std::fs::write(&db, noise(8192, 3))?;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600))?;
    cli_ok(&db, &["restore", arg(&backup)]);
    assert_eq!(good, crate::common::dump(&db)?);
    let mode = std::fs::metadata(&db)?.permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The database file itself: read-only, full, busy. The message says what is wrong and what to
// do, in Chinese, without SQLite's English and without sending the clerk to a backup.

/// Whether this process is root, whom file permissions do not bind.
#[cfg(target_os = "linux")]
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Runs the CLI so that file permissions bind it: as root, without the capabilities that
/// override them. `None` when that is not possible here.
#[cfg(target_os = "linux")]
fn cli_bound(db: &Path, args: &[&str]) -> Option<std::process::Output> {
    let bin = env!("CARGO_BIN_EXE_taizhang");
    let mut cmd = if is_root() {
        let mut c = std::process::Command::new("setpriv");
        c.args([
            "--inh-caps=-all",
            "--bounding-set=-dac_override,-dac_read_search,-fowner",
            "--",
            bin,
        ]);
        c
    } else {
        std::process::Command::new(bin)
    };
    let out = cmd
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TAIZHANG_DB")
        .output()
        .ok()?;
    let err = String::from_utf8_lossy(&out.stderr);
    if is_root() && err.contains("setpriv") {
        return None;
    }
    Some(out)
}

/// The message must name the problem and its fix, not SQLite's words or a restore.
fn says_what_to_do(err: &str, problem: &str) {
    assert!(err.contains(problem), "expected “{problem}” in: {err}");
    assert!(err.contains("请"), "no advice in: {err}");
    for english in [
        "database", "disk", "SQLite", "readonly", "locked", "os error",
    ] {
        assert!(!err.contains(english), "English “{english}” in: {err}");
    }
    assert!(
        !err.contains("备份恢复") && !err.contains("不是台账数据库"),
        "wrong fix in: {err}"
    );
}

/// Runs `args` bound by permissions; insists on a refusal naming `problem`, the file unchanged.
#[cfg(target_os = "linux")]
fn refused_bound(db: &Path, args: &[&str], problem: &str) -> Res<Option<String>> {
    checkpoint(db)?;
    let before = std::fs::read(db)?;
    let Some(out) = cli_bound(db, args) else {
        cannot_run_here("cannot run without root's file capabilities here");
        return Ok(None);
    };
    assert!(!out.status.success(), "{args:?} should have failed");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    says_what_to_do(&err, problem);
    assert!(before == std::fs::read(db)?, "the file changed: {args:?}");
    Ok(Some(err))
}

#[cfg(target_os = "linux")]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(target_os = "linux")]
#[test]
fn a_database_in_a_read_only_folder_is_called_read_only_not_foreign() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = dir.path().join("只读文件夹");
    std::fs::create_dir(&folder)?;
    let db = sample_db(&folder);
    let backup = dir.path().join("备份.db");
    cli_ok(&db, &["backup", "--out", arg(&backup)]);
    checkpoint(&db)?;
    set_mode(&folder, 0o555)?;
    let result = (|| -> TestResult {
        refused_bound(&db, &["task", "list"], "只读")?;
        let err = refused_bound(&db, &["unit", "add", "--name", "县档案馆"], "文件夹")?;
        if let Some(err) = err {
            assert!(err.contains("只读文件夹"), "{err}");
        }
        refused_bound(&db, &["restore", arg(&backup)], "只读")?;
        Ok(())
    })();
    set_mode(&folder, 0o755)?;
    result
}

#[cfg(target_os = "linux")]
#[test]
fn a_read_only_database_file_is_read_and_refuses_changes_as_read_only() -> TestResult {
    let (_dir, db, backup) = live_and_backup()?;
    checkpoint(&db)?;
    set_mode(&db, 0o444)?;
    let Some(out) = cli_bound(&db, &["task", "list"]) else {
        cannot_run_here("cannot run without root's file capabilities here");
        return Ok(());
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("(一)"));
    refused_bound(&db, &["unit", "add", "--name", "县档案馆"], "只读")?;
    refused_bound(
        &db,
        &["task", "edit", "1", "--title", "只读时改的标题"],
        "只读",
    )?;
    let before = files_around(&db)?;
    refused_bound(&db, &["restore", arg(&backup)], "只读")?;
    let after: BTreeSet<String> = files_around(&db)?
        .into_iter()
        .filter(|f| !f.ends_with("-shm") && !f.ends_with("-wal"))
        .collect();
    let before: BTreeSet<String> = before
        .into_iter()
        .filter(|f| !f.ends_with("-shm") && !f.ends_with("-wal"))
        .collect();
    assert_eq!(before, after);
    set_mode(&db, 0o644)?;
    Ok(())
}

#[test]
fn a_busy_database_is_called_busy_and_nothing_is_written() -> TestResult {
    let (_dir, db, backup) = live_and_backup()?;
    checkpoint(&db)?;
    let before = crate::common::dump(&db)?;
    // Another program is writing: it holds the write lock.
    let other = Connection::open(&db)?;
    other.execute_batch("BEGIN IMMEDIATE; UPDATE task SET title = title WHERE id = 1;")?;
    // Reading still works.
    cli_ok(&db, &["task", "list"]);
    let out = cli(&db, &["unit", "add", "--name", "县档案馆"]);
    assert!(!out.status.success());
    says_what_to_do(&String::from_utf8_lossy(&out.stderr), "被占用");
    let out = cli(&db, &["restore", arg(&backup)]);
    assert!(!out.status.success());
    says_what_to_do(&String::from_utf8_lossy(&out.stderr), "被占用");
    other.execute_batch("ROLLBACK;")?;
    drop(other);
    assert_eq!(before, crate::common::dump(&db)?);
    Ok(())
}

#[cfg(target_os = "linux")]
#[test]
fn on_a_full_disk_reads_work_and_changes_are_refused_as_disk_full() -> TestResult {
    // A 1 MB file system of its own, filled up (a mount namespace: root, or a user namespace).
    let (dir, db, _) = live_and_backup()?;
    checkpoint(&db)?;
    let can = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", "mount -t tmpfs -o size=64k none /mnt"])
        .status()
        .is_ok_and(|s| s.success());
    if !can {
        cannot_run_here("cannot mount a small file system here (unshare -rm)");
        return Ok(());
    }
    let mnt = dir.path().join("小磁盘");
    let out = dir.path().join("结果");
    std::fs::create_dir(&mnt)?;
    std::fs::create_dir(&out)?;
    let script = r#"
set -e
M="$1"; T="$2"; O="$3"; DB="$4"
mount -t tmpfs -o size=1m none "$M"
cp "$DB" "$M/taizhang.db"
dd if=/dev/zero of="$M/fill" bs=4k 2>/dev/null || true
run() { n="$1"; shift; set +e; "$T" --db "$M/taizhang.db" "$@" >"$O/$n.out" 2>"$O/$n.err"; echo $? >"$O/$n.rc"; set -e; }
run list task list
run status ledger status --period 2025-09
run units unit list
run add unit add --name 县档案馆
run edit task edit 1 --title 磁盘满时改的标题
run backup backup --out "$M/备份.db"
cp "$M/taizhang.db" "$O/after.db"
"#;
    let status = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", script, "sh"])
        .arg(&mnt)
        .arg(env!("CARGO_BIN_EXE_taizhang"))
        .arg(&out)
        .arg(&db)
        .status()?;
    assert!(status.success());
    let read = |name: &str, ext: &str| std::fs::read_to_string(out.join(format!("{name}.{ext}")));
    for name in ["list", "status", "units"] {
        assert_eq!(
            read(name, "rc")?.trim(),
            "0",
            "{name}: {}",
            read(name, "err")?
        );
        assert!(!read(name, "out")?.is_empty(), "{name}");
    }
    assert!(read("list", "out")?.contains("(一)"));
    for name in ["add", "edit", "backup"] {
        assert_eq!(read(name, "rc")?.trim(), "1", "{name}");
        says_what_to_do(&read(name, "err")?, "磁盘已满");
    }
    assert!(std::fs::read(&db)? == std::fs::read(out.join("after.db"))?);
    Ok(())
}

#[cfg(unix)]
#[test]
fn restore_killed_at_any_moment_leaves_the_old_or_the_new_database_whole() -> TestResult {
    let (dir, db, backup) = live_and_backup()?;
    // A backup big enough for a restore to take a while: 150,000 more progress entries.
    Connection::open(&backup)?.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150000)
         INSERT INTO progress (task_id, unit_id, period, text, status, source, created_at)
         SELECT (SELECT min(id) FROM task), (SELECT min(id) FROM unit), '2025-09',
                '推进中，已完成第' || i || '项工作，下一步继续落实相关要求。', 'in_progress',
                'manual', 'now'
         FROM n;",
    )?;
    cli_ok(&db, &["task", "edit", "1", "--title", "备份后改过的标题"]);
    checkpoint(&db)?;
    let start = std::fs::read(&db)?;
    let old = crate::common::dump(&db)?;
    let new = crate::common::dump(&backup)?;
    let mut restored = 0;
    for delay_ms in [20u64, 80, 200, 400, 700, 1100, 1600, 2400] {
        std::fs::write(&db, &start)?;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
            .arg("--db")
            .arg(&db)
            .args(["restore", arg(&backup)])
            .env_remove("TAIZHANG_DB")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait()?;
        let verdict: String =
            Connection::open(&db)?.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        assert_eq!(verdict, "ok", "killed after {delay_ms} ms");
        let now = crate::common::dump(&db)?;
        assert!(
            now == old || now == new,
            "killed after {delay_ms} ms: neither the old nor the new database"
        );
        restored += usize::from(now == new);
        cli_ok(&db, &["task", "list"]);
        checkpoint(&db)?;
    }
    eprintln!("{restored} of 8 restores finished before the kill");
    // The temporary copies of the killed restores are cleared by the next one.
    cli_ok(&db, &["restore", arg(&backup)]);
    let left: Vec<String> = std::fs::read_dir(dir.path())?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restore"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_database_path_that_is_a_fifo_or_a_folder_is_refused_without_waiting() -> TestResult {
    let dir = tempfile::tempdir()?;
    let fifo = dir.path().join("管道.db");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status()?;
    assert!(made.success());
    let folder = dir.path().join("文件夹.db");
    std::fs::create_dir(&folder)?;
    for db in [&fifo, &folder] {
        let started = Instant::now();
        let out = cli(db, &["task", "list"]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("不是一个普通文件"), "{err}");
        assert!(!err.contains("disk") && !err.contains("备份恢复"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(20));
    }
    Ok(())
}

#[test]
fn a_database_with_a_damaged_page_says_damaged_in_chinese() -> TestResult {
    let (_dir, db, _) = live_and_backup()?;
    checkpoint(&db)?;
    // Overwrite the pages of the task table's b-tree: listing tasks meets them.
    let root: i64 = Connection::open(&db)?.query_row(
        "SELECT rootpage FROM sqlite_master WHERE name = 'task'",
        [],
        |r| r.get(0),
    )?;
    let mut bytes = std::fs::read(&db)?;
    let page = 4096 * (root as usize - 1);
    for b in &mut bytes[page..page + 4096] {
        *b = 0x5A;
    }
    std::fs::write(&db, &bytes)?;
    let out = cli(&db, &["task", "list"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("损坏") && err.contains("从备份恢复"), "{err}");
    assert!(
        !err.contains("malformed") && !err.contains("database"),
        "{err}"
    );
    Ok(())
}
