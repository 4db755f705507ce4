//! The numbers the CLI prints for undoing an import (`import undo N`, `group undo-import --batch
//! N`, `plan undo-import N`) are never given again after an undo, in new and in upgraded
//! databases: an old hint must not undo a later import.

mod common;
#[path = "ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use std::path::Path;

use common::{cli_ok, sample_db, TestResult};
use ledger_fixtures::{fill, ledger, write, Layout};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn json(out: &str) -> Res<serde_json::Value> {
    Ok(serde_json::from_str(out)?)
}

fn plan_file() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plan_import/brackets_utf8.txt")
}

#[test]
fn a_ledger_import_batch_number_is_not_given_again_after_its_undo() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let l = ledger(&db, "县司法局", "2025-09")?;
    let file = dir.path().join("县司法局_2025年09月_工作台账.xlsx");
    write(&file, Layout::HandMade, &l, &fill(&l, "第一次"))?;
    let f = file.to_string_lossy().into_owned();
    let first = json(&cli_ok(&db, &["ledger", "import", "--json", &f]))?;
    let b1 = first["batch"].as_i64().ok_or("no batch")?;
    cli_ok(&db, &["import", "undo", &b1.to_string()]);
    let second = json(&cli_ok(&db, &["ledger", "import", "--json", &f]))?;
    let b2 = second["batch"].as_i64().ok_or("no batch")?;
    assert!(b2 > b1, "batch {b1} was given again ({b2})");
    Ok(())
}

#[test]
fn a_roster_import_batch_number_is_not_given_again_after_its_undo() -> TestResult {
    let dir = tempfile::tempdir()?;
    let source = sample_db(dir.path());
    let roster = dir.path().join("领导小组名单.xlsx");
    let r = roster.to_string_lossy().into_owned();
    cli_ok(
        &source,
        &["group", "export", "--on", "2025-09-01", "--out", &r],
    );
    let db = dir.path().join("new.db");
    cli_ok(&db, &["init"]);
    let import = ["group", "import", &r, "--on", "2025-09-01", "--json"];
    let first = json(&cli_ok(&db, &import))?;
    let b1 = first["committed"]["batch_id"].as_i64().ok_or("no batch")?;
    cli_ok(&db, &["group", "undo-import", "--batch", &b1.to_string()]);
    let second = json(&cli_ok(&db, &import))?;
    let b2 = second["committed"]["batch_id"].as_i64().ok_or("no batch")?;
    assert!(b2 > b1, "batch {b1} was given again ({b2})");
    Ok(())
}

#[test]
fn a_plan_number_is_not_given_again_after_its_import_is_undone() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let file = plan_file();
    let f = file.to_string_lossy().into_owned();
    let p1 = json(&cli_ok(&db, &["plan", "import", &f, "--json"]))?["plan_id"]
        .as_i64()
        .ok_or("no plan")?;
    cli_ok(&db, &["plan", "undo-import", &p1.to_string()]);
    let p2 = json(&cli_ok(&db, &["plan", "import", &f, "--json"]))?["plan_id"]
        .as_i64()
        .ok_or("no plan")?;
    assert!(p2 > p1, "plan {p1} was given again ({p2})");
    // The old hint finds nothing to undo instead of the new plan.
    let out = common::cli_err(&db, &["plan", "undo-import", &p1.to_string()]);
    assert!(out.contains(&p1.to_string()), "{out}");
    assert!(cli_ok(&db, &["plan", "list"]).contains("依法行政提升年"));
    Ok(())
}

#[test]
fn an_upgraded_database_goes_on_after_the_numbers_its_audit_log_names() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("old.db");
    {
        // The schema before this change (version 10), as that program wrote it.
        let conn = common::old_database(&db, 10)?;
        // Plan 7 and roster batch 5 were imported and undone; plan 1 and ledger batch 3 remain.
        conn.execute_batch(
            "INSERT INTO plan (id, title, created_at) VALUES (1, '示例县方案', 'now');
             INSERT INTO ledger_import (id, imported_at, file_count, row_count)
                 VALUES (3, 'now', 0, 0);
             INSERT INTO audit_log (at, entity, entity_id, action)
                 VALUES ('now', 'plan', 7, 'undo_import'),
                        ('now', 'group_member', 5, 'undo_import_roster'),
                        ('now', 'group_member', 40, 'edit');
             INSERT INTO audit_log (at, entity, entity_id, action, after)
                 VALUES ('now', 'plan', 1, 'undo_import_into', '{\"batch\": 6}');",
        )?;
    }
    let f = plan_file().to_string_lossy().into_owned();
    let plan = json(&cli_ok(&db, &["plan", "import", &f, "--json"]))?["plan_id"]
        .as_i64()
        .ok_or("no plan")?;
    assert_eq!(plan, 8);
    let conn = rusqlite::Connection::open(&db)?;
    let seq = |name: &str| -> rusqlite::Result<i64> {
        conn.query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
    };
    // Roster batches and imports into a plan share one numbering: 6 was the highest named.
    assert_eq!(seq("import_batch")?, 6);
    assert_eq!(seq("ledger_import")?, 3);
    // The rows are all still there, the rules too.
    let title: String = conn.query_row("SELECT title FROM plan WHERE id = 1", [], |r| r.get(0))?;
    assert_eq!(title, "示例县方案");
    assert!(conn
        .execute(
            "INSERT INTO plan (title, created_at, report_covers) VALUES ('x', 'now', 'never')",
            []
        )
        .is_err());
    Ok(())
}
