use super::*;

/// The schema version recorded in `conn`.
fn user_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

#[test]
fn new_file_gets_latest_schema_and_identity() -> Result<(), StoreError> {
    let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
    let path = dir.path().join("sub").join("t.db");
    let db = Db::open(&path)?;
    let v = user_version(db.conn())?;
    assert_eq!(v, schema_version());
    let fk: i64 = db
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    assert_eq!(fk, 1);
    let mode: String = db
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    assert_eq!(mode, "wal");
    Ok(())
}

#[test]
fn submissions_are_found_by_their_successor_through_an_index() -> Result<(), StoreError> {
    let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
    let db = Db::open(&dir.path().join("t.db"))?;
    // The lookups of an import's undo and of replaced_by's ON DELETE SET NULL.
    for sql in [
        "UPDATE submission SET replaced_by = NULL WHERE replaced_by = ?1",
        "SELECT id FROM submission WHERE replaced_by = ?1",
    ] {
        let mut stmt = db.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let steps: Vec<String> = stmt
            .query_map([1], |r| r.get::<_, String>(3))?
            .collect::<rusqlite::Result<_>>()?;
        assert!(
            steps.iter().any(|s| s.contains("submission_replaced_by")),
            "{sql}: {steps:?}"
        );
    }
    Ok(())
}

#[test]
fn database_locked_by_another_program_is_reported_as_locked() -> Result<(), StoreError> {
    let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
    let path = dir.path().join("t.db");
    drop(Db::open(&path)?);
    // Another program holds the file: an exclusive lock, as `sqlite3` with
    // `PRAGMA locking_mode=EXCLUSIVE` does.
    let other = Connection::open(&path)?;
    let _mode: String = other.query_row("PRAGMA locking_mode = EXCLUSIVE", [], |r| r.get(0))?;
    let _n: i64 = other.query_row("SELECT count(*) FROM plan", [], |r| r.get(0))?;
    let started = std::time::Instant::now();
    let err = Db::open(&path).err();
    assert!(
        matches!(&err, Some(StoreError::Locked { path: p }) if p == &path),
        "{err:?}"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(4),
        "waited for the lock"
    );
    let message = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("正被其他程序占用"), "{message}");
    // Released: it opens again.
    drop(other);
    Db::open(&path)?;
    Ok(())
}

#[test]
fn older_database_is_backed_up_then_migrated() -> Result<(), StoreError> {
    let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
    let path = dir.path().join("old.db");
    old_database(
        &path,
        1,
        false,
        "INSERT INTO unit (name) VALUES ('县司法局')",
    )?;
    let db = Db::open(&path)?;
    let v = user_version(db.conn())?;
    assert_eq!(v, schema_version());
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .map_err(io_err(dir.path()))?
        .filter_map(Result::ok)
        .collect();
    assert_eq!(backups.len(), 1);
    let copy = Connection::open(backups[0].path())?;
    let old_v = user_version(&copy)?;
    assert_eq!(old_v, 1);
    let n: i64 = copy.query_row("SELECT count(*) FROM unit", [], |r| r.get(0))?;
    assert_eq!(n, 1);
    Ok(())
}

#[test]
fn reports_imported_before_received_days_arrived_on_their_import_day() -> Result<(), StoreError> {
    let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
    let path = dir.path().join("v9.db");
    old_database(
        &path,
        9,
        false,
        "INSERT INTO plan (id, title, created_at) VALUES (1, '示例县方案', 'now');
             INSERT INTO unit (id, name) VALUES (1, '县司法局');
             INSERT INTO submission (id, plan_id, unit_id, period, received_at)
                 VALUES (1, 1, 1, '2025-09', '2025-10-08 16:20:00');",
    )?;
    let db = Db::open(&path)?;
    let on: Option<String> =
        db.conn()
            .query_row("SELECT received_on FROM submission WHERE id = 1", [], |r| {
                r.get(0)
            })?;
    assert_eq!(on.as_deref(), Some("2025-10-08"));
    // Not a day: refused.
    assert!(db
        .conn()
        .execute(
            "UPDATE submission SET received_on = '10月8日' WHERE id = 1",
            []
        )
        .is_err());
    Ok(())
}

#[test]
fn reports_survive_the_rebuild_of_their_tables_with_their_rules() -> Result<(), StoreError> {
    let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
    let path = dir.path().join("v6.db");
    old_database(
        &path,
        6,
        true,
        "INSERT INTO plan (id, title, created_at) VALUES (1, '示例县方案', 'now');
             INSERT INTO unit (id, name) VALUES (1, '县司法局');
             INSERT INTO task (id, plan_id, seq, title, created_at, updated_at)
                 VALUES (1, 1, 1, '推进依法行政', 'now', 'now');
             INSERT INTO submission (id, plan_id, unit_id, period, received_at)
                 VALUES (1, 1, 1, '2025-09', 'now');
             INSERT INTO progress (id, task_id, unit_id, period, text, status, source,
                                   submission_id, created_at)
                 VALUES (7, 1, 1, '2025-09', '已完成', 'done', 'ledger', 1, 'now'),
                        (8, 1, 1, '2025-09', '推进中', NULL, 'manual', NULL, 'now');
             INSERT INTO ledger_import (id, imported_at, file_count, row_count)
                 VALUES (1, 'now', 1, 1);
             INSERT INTO ledger_import_file (id, batch_id, seq, file_name, file_hash, file_size,
                 plan_id, unit_id, period, submission_id, row_count, entries, matched,
                 new_rows, unchanged_rows, empty_rows, unmatched_rows)
                 VALUES (1, 1, 0, 'a.xlsx', 'h', 1, 1, 1, '2025-09', 1, 1, 1, 1, 1, 0, 0, 0);
             INSERT INTO ledger_import_row (file_id, seq, sheet, row, task_id, matched_by,
                                            progress, status)
                 VALUES (1, 0, '台账', 4, 1, 'key', '已完成', 'done');",
    )?;
    let db = Db::open(&path)?;
    let conn = db.conn();
    let rows: Vec<(i64, String, Option<String>)> = conn
        .prepare("SELECT id, text, status FROM progress ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    assert_eq!(
        rows,
        vec![
            (7, "已完成".to_string(), Some("done".to_string())),
            (8, "推进中".to_string(), None)
        ]
    );
    // The row read from the file moved into the file's list (0008), whole.
    let kept: (String, String, i64, String) = conn.query_row(
        "SELECT r.value ->> 'matched_by', r.value ->> 'progress', r.value ->> 'task_id',
                r.value ->> 'sheet'
         FROM ledger_import_file f, json_each(f.read_rows) r WHERE f.id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    assert_eq!(
        kept,
        (
            "key".to_string(),
            "已完成".to_string(),
            1,
            "台账".to_string()
        )
    );
    // The rules are the same: a status outside the list is refused, NULL is allowed.
    let bad = conn.execute(
        "INSERT INTO progress (task_id, unit_id, period, status, created_at)
         VALUES (1, 1, '2025-10', 'finished', 'now')",
        [],
    );
    assert!(bad.is_err());
    // The foreign keys still cascade: deleting the submission takes its entries along.
    conn.execute("DELETE FROM submission WHERE id = 1", [])?;
    let left: i64 = conn.query_row("SELECT count(*) FROM progress", [], |r| r.get(0))?;
    assert_eq!(left, 1);
    let indexes: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'index'
         AND tbl_name = 'progress' AND sql IS NOT NULL",
        [],
        |r| r.get(0),
    )?;
    // 0002's three, rebuilt by 0007, and 0020's lookup of a unit's latest report.
    assert_eq!(indexes, 4);
    Ok(())
}

#[test]
fn window_restore_of_a_tampered_backup_changes_nothing() -> Result<(), StoreError> {
    let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
    let path = dir.path().join("t.db");
    let mut db = Db::open(&path)?;
    db.conn()
        .execute("INSERT INTO unit (name) VALUES ('县司法局')", [])?;
    let good = dir.path().join("good.db");
    backup(&db, &good)?;
    let bad = dir.path().join("bad.db");
    backup(&db, &bad)?;
    Connection::open(&bad)?.execute_batch(
        "CREATE TRIGGER wipe AFTER INSERT ON progress BEGIN DELETE FROM task; END;",
    )?;
    db.conn()
        .execute("INSERT INTO unit (name) VALUES ('县档案馆')", [])?;
    let units = |db: &Db| -> Result<i64, StoreError> {
        Ok(db
            .conn()
            .query_row("SELECT count(*) FROM unit", [], |r| r.get(0))?)
    };
    let err = restore(&mut db, &bad).err();
    assert!(
        matches!(&err, Some(StoreError::BadBackup { reason, .. }) if reason.contains("wipe")),
        "{err:?}"
    );
    assert_eq!(units(&db)?, 2);
    let triggers: i64 = db.conn().query_row(
        "SELECT count(*) FROM sqlite_master WHERE name = 'wipe'",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(triggers, 0);
    // No temporary file is left beside the database, no kept copy in `backups`.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .map_err(io_err(dir.path()))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restore") || n == "backups")
        .collect();
    assert!(names.is_empty(), "{names:?}");
    // The good one goes in, and the database works on.
    restore(&mut db, &good)?;
    assert_eq!(units(&db)?, 1);
    db.conn()
        .execute("INSERT INTO unit (name) VALUES ('县档案馆')", [])?;
    Ok(())
}

#[test]
fn a_full_disk_is_called_full_and_reads_still_work() -> Result<(), StoreError> {
    let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
    let db = Db::open(&dir.path().join("t.db"))?;
    let pages: i64 = db.conn().query_row("PRAGMA page_count", [], |r| r.get(0))?;
    db.conn().pragma_update(None, "max_page_count", pages)?;
    let big = "台账".repeat(20_000);
    let err = db
        .conn()
        .execute("INSERT INTO setting (key, value) VALUES ('k', ?1)", [&big])
        .map_err(StoreError::from)
        .err();
    assert!(matches!(err, Some(StoreError::DiskFull)), "{err:?}");
    let message = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("磁盘已满"), "{message}");
    assert!(!message.contains("备份恢复"), "{message}");
    let n: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM unit", [], |r| r.get(0))?;
    assert_eq!(n, 0);
    Ok(())
}

#[test]
fn an_old_database_with_a_broken_reference_still_opens_after_the_id_rebuild(
) -> Result<(), StoreError> {
    let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
    let path = dir.path().join("old.db");
    // A reference broken long ago: the upgrade must not lock the clerk out for it.
    old_database(
        &path,
        10,
        false,
        "PRAGMA foreign_keys = OFF;
             INSERT INTO plan (id, title, created_at) VALUES (1, '示例县方案', 'now');
             INSERT INTO unit_alias (alias, unit_id) VALUES ('旧简称', 99);",
    )?;
    let db = Db::open(&path)?;
    let v = user_version(db.conn())?;
    assert_eq!(v, schema_version());
    let title: String = db
        .conn()
        .query_row("SELECT title FROM plan WHERE id = 1", [], |r| r.get(0))?;
    assert_eq!(title, "示例县方案");
    Ok(())
}

#[test]
fn newer_database_is_refused_and_left_alone() -> Result<(), StoreError> {
    let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
    let path = dir.path().join("t.db");
    drop(Db::open(&path)?);
    {
        let conn = Connection::open(&path)?;
        conn.pragma_update(None, "user_version", 99)?;
    }
    let err = Db::open(&path).err();
    assert!(matches!(
        err,
        Some(StoreError::NewerDatabase { found: 99, .. })
    ));
    let conn = Connection::open(&path)?;
    let v = user_version(&conn)?;
    assert_eq!(v, 99);
    Ok(())
}

#[test]
fn foreign_sqlite_file_is_not_a_taizhang_database() -> Result<(), StoreError> {
    let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
    let path = dir.path().join("other.db");
    {
        let conn = Connection::open(&path)?;
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")?;
    }
    assert!(matches!(
        Db::open(&path),
        Err(StoreError::NotADatabase { .. })
    ));
    Ok(())
}

#[test]
fn migration_files_are_numbered_in_the_order_they_run() -> Result<(), StoreError> {
    for (i, (name, _)) in migrations::MIGRATIONS.iter().enumerate() {
        let number = format!("{:04}_", i + 1);
        assert!(
            name.starts_with(&number),
            "{name} runs as migration {} (user_version {}): rename it to {number}….sql",
            i + 1,
            i + 1
        );
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join("store");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map_err(io_err(&dir))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    files.sort();
    let listed: Vec<&str> = migrations::MIGRATIONS.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        files, listed,
        "every .sql in src/store runs, in its number's order"
    );
    Ok(())
}

#[test]
fn a_database_migrated_before_the_files_were_renumbered_opens_and_runs_the_rest(
) -> Result<(), StoreError> {
    // A program from before the renumbering ran, after 0018, the files then named 0025 (plan
    // import aliases) and 0022 (report lookups) and stopped at user_version 20. Databases record
    // how many migrations ran, so the renumbered 0019 and 0020 are not run again (0020's CREATE
    // INDEX would fail) and 0021–0023 are.
    let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
    let path = dir.path().join("v20.db");
    old_database(
        &path,
        20,
        true,
        "INSERT INTO plan (id, title, created_at) VALUES (1, '示例县方案', '2025-03-01 09:00:00');
         INSERT INTO unit (id, name) VALUES (1, '县司法局');
         INSERT INTO submission (id, plan_id, unit_id, period, received_at)
             VALUES (1, 1, 1, '2025-09', '2025-10-08 16:20:00');",
    )?;
    let db = Db::open(&path)?;
    assert_eq!(user_version(db.conn())?, schema_version());
    let count =
        |sql: &str| -> Result<i64, StoreError> { Ok(db.conn().query_row(sql, [], |r| r.get(0))?) };
    for (kind, name) in [
        ("table", "plan_import_alias"),
        ("index", "progress_task_unit_period"),
        ("index", "evidence_ledger_import"),
        ("table", "change_log"),
        ("table", "submission_print"),
        ("index", "submission_unit_period"),
    ] {
        let n = count(&format!(
            "SELECT count(*) FROM sqlite_master WHERE type = '{kind}' AND name = '{name}'"
        ))?;
        assert_eq!(n, 1, "{kind} {name}");
    }
    assert_eq!(
        count(
            "SELECT count(*) FROM pragma_table_info('evidence') WHERE name = 'ledger_import_id'"
        )?,
        1
    );
    assert_eq!(count("SELECT count(*) FROM submission WHERE id = 1")?, 1);
    Ok(())
}

#[test]
fn time_stamps_and_the_day_a_unit_joins_come_from_the_callers_clock() -> Result<(), StoreError> {
    let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
    let start = chrono::NaiveDate::from_ymd_opt(2024, 3, 5)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .ok_or(StoreError::NoDataDir)?;
    let db = Db::open_with_clock(&dir.path().join("t.db"), Clock::ticking_from(start))?;
    assert_eq!(now_string(db.conn())?, "2024-03-05 10:00:00");
    db.conn().execute_batch(
        "INSERT INTO plan (id, title, created_at) VALUES (1, '示例县方案', '2024-03-05 10:00:00');
         INSERT INTO unit (id, name) VALUES (1, '县司法局');
         INSERT INTO task (id, plan_id, seq, title, created_at, updated_at)
             VALUES (1, 1, 1, '推进依法行政', '2024-03-05 10:00:00', '2024-03-05 10:00:00');
         INSERT INTO assignment (task_id, unit_id, role) VALUES (1, 1, 'lead');",
    )?;
    // SQLite's own clock says another day: the trigger asks the database's clock (0025).
    let first_seen: String = db.conn().query_row(
        "SELECT first_seen FROM plan_unit WHERE plan_id = 1 AND unit_id = 1",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(first_seen, "2024-03-05");
    Ok(())
}
