//! The CLI end to end on a real database file: the sample, listings, edits, backup/restore.

mod common;

use common::{cli_err, cli_ok, dump, sample_db, TestResult};
use serde_json::Value;

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn sample_task_list_json_has_units_and_deadlines() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let tasks = json(&cli_ok(&db, &["task", "list", "--json"]));
    let tasks = tasks.as_array().ok_or("not an array")?;
    let expected: Value = serde_json::from_str(taizhang::sample::SAMPLE_JSON)?;
    assert_eq!(
        tasks.len(),
        expected["tasks"].as_array().map_or(0, |a| a.len())
    );
    assert!(tasks.len() >= 25);
    for field in [
        "id",
        "plan_id",
        "section",
        "code",
        "title",
        "requirements",
        "lead_units",
        "co_units",
        "deadline_text",
        "deadline",
        "deadline_kind",
    ] {
        assert!(tasks[0].get(field).is_some(), "task JSON lacks {field}");
    }
    // Every sample task keeps the units and deadline text it was written with.
    for (t, e) in tasks
        .iter()
        .zip(expected["tasks"].as_array().ok_or("tasks")?)
    {
        assert_eq!(t["title"], e["title"]);
        assert_eq!(t["lead_units"], e["lead"]);
        assert_eq!(t["co_units"], e["co"]);
        assert_eq!(t["deadline_text"], e["deadline_text"]);
    }
    let dated = tasks
        .iter()
        .find(|t| t["deadline_text"] == "2025年6月底前")
        .ok_or("no 2025年6月底前 task in the sample")?;
    assert_eq!(dated["deadline"], "2025-06-30");
    assert_eq!(dated["deadline_kind"], "date");
    let ongoing = tasks
        .iter()
        .find(|t| t["deadline_text"] == "长期坚持")
        .ok_or("no 长期坚持 task")?;
    assert_eq!(ongoing["deadline_kind"], "ongoing");
    assert_eq!(ongoing["deadline"], Value::Null);
    Ok(())
}

#[test]
fn sample_loads_only_into_an_empty_database() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let before = dump(&db)?;
    let err = cli_err(&db, &["sample"]);
    assert!(err.contains("已有方案"), "{err}");
    assert_eq!(before, dump(&db)?);
    Ok(())
}

#[test]
fn task_list_by_alias_narrows_to_that_unit() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let all = json(&cli_ok(&db, &["task", "list", "--json"]));
    let mine = json(&cli_ok(
        &db,
        &["task", "list", "--unit", "司法局", "--json"],
    ));
    let mine = mine.as_array().ok_or("array")?;
    assert!(!mine.is_empty());
    assert!(mine.len() < all.as_array().map_or(0, |a| a.len()));
    for t in mine {
        let names: Vec<&Value> = ["lead_units", "co_units", "responsible_units"]
            .iter()
            .flat_map(|k| t[*k].as_array().into_iter().flatten())
            .collect();
        assert!(names.iter().any(|n| *n == "县司法局"), "{t}");
    }
    Ok(())
}

#[test]
fn task_add_edit_delete_undelete_round_trip() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let t = json(&cli_ok(
        &db,
        &[
            "task",
            "add",
            "--section",
            "(一)",
            "--code",
            "99",
            "--title",
            "开展示例专项培训",
            "--deadline",
            "2025年9月底前",
            "--lead",
            "司法局",
            "--co",
            "县委组织部、县人社局",
            "--json",
        ],
    ));
    assert_eq!(t["lead_units"], serde_json::json!(["县司法局"]));
    assert_eq!(t["co_units"], serde_json::json!(["县委组织部", "县人社局"]));
    assert_eq!(t["deadline"], "2025-09-30");
    let id = t["id"].as_i64().ok_or("id")?.to_string();
    let e = json(&cli_ok(
        &db,
        &["task", "edit", &id, "--title", "开展示例专项轮训", "--json"],
    ));
    assert_eq!(e["title"], "开展示例专项轮训");
    assert_eq!(
        e["lead_units"], t["lead_units"],
        "edit keeps the units not given"
    );
    cli_ok(&db, &["task", "delete", &id]);
    let listed = cli_ok(&db, &["task", "list", "--query", "专项轮训", "--json"]);
    assert_eq!(json(&listed).as_array().map(|a| a.len()), Some(0));
    cli_ok(&db, &["task", "undelete", &id]);
    let listed = json(&cli_ok(
        &db,
        &["task", "list", "--query", "专项轮训", "--json"],
    ));
    assert_eq!(listed.as_array().map(|a| a.len()), Some(1));
    Ok(())
}

#[test]
fn group_roster_differs_by_date() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let sample: Value = serde_json::from_str(taizhang::sample::SAMPLE_JSON)?;
    let leaver = sample["group"]
        .as_array()
        .and_then(|g| g.iter().find(|m| !m["to"].is_null()))
        .ok_or("the sample has a member who left")?;
    let to = leaver["to"].as_str().ok_or("to")?;
    let before = json(&cli_ok(&db, &["group", "list", "--on", to, "--json"]));
    let after = json(&cli_ok(
        &db,
        &["group", "list", "--on", "2025年12月1日", "--json"],
    ));
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m["name"].as_str().map(String::from))
            .collect()
    };
    assert!(names(&before).contains(&leaver["name"].as_str().unwrap_or("").to_string()));
    assert!(!names(&after).contains(&leaver["name"].as_str().unwrap_or("").to_string()));
    let first = &before.as_array().ok_or("array")?[0];
    assert_eq!(first["role"], "组长", "the roster starts with the 组长");
    for field in ["name", "title", "org", "role", "from", "to"] {
        assert!(first.get(field).is_some(), "member JSON lacks {field}");
    }
    let added = json(&cli_ok(
        &db,
        &[
            "group",
            "add",
            "--name",
            "李 明",
            "--role",
            "成员",
            "--title",
            "县信访局局长",
            "--org",
            "县信访局",
            "--from",
            "2025-12-01",
            "--json",
        ],
    ));
    assert_eq!(added["name"], "李明", "spaces inside a name are folded");
    let later = json(&cli_ok(
        &db,
        &["group", "list", "--on", "2025-12-02", "--json"],
    ));
    assert!(names(&later).contains(&"李明".to_string()));
    Ok(())
}

#[test]
fn unit_add_and_edit_with_aliases() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let u = json(&cli_ok(
        &db,
        &[
            "unit",
            "add",
            "--name",
            "县档案馆",
            "--aliases",
            "档案馆",
            "--contact",
            "王芳",
            "--phone",
            "0123-5550001",
            "--json",
        ],
    ));
    assert_eq!(u["aliases"], serde_json::json!(["档案馆"]));
    let e = json(&cli_ok(
        &db,
        &["unit", "edit", "档案馆", "--phone", "13900000000", "--json"],
    ));
    assert_eq!(e["contact_phone"], "13900000000");
    assert_eq!(e["contact_name"], "王芳");
    let units = json(&cli_ok(&db, &["unit", "list", "--json"]));
    let row = units
        .as_array()
        .and_then(|a| a.iter().find(|x| x["name"] == "县档案馆"))
        .ok_or("listed")?;
    for field in ["id", "name", "aliases", "contact_name", "contact_phone"] {
        assert!(row.get(field).is_some());
    }
    Ok(())
}

#[test]
fn backup_then_restore_brings_back_the_backed_up_state() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let backup = dir.path().join("备份.db");
    cli_ok(&db, &["backup", "--out", backup.to_str().ok_or("path")?]);
    let at_backup = dump(&db)?;
    cli_ok(&db, &["task", "edit", "1", "--title", "备份后改过的标题"]);
    assert_ne!(at_backup, dump(&db)?);
    let out = cli_ok(&db, &["restore", backup.to_str().ok_or("path")?]);
    assert!(out.contains("已保留"), "{out}");
    assert_eq!(at_backup, dump(&db)?);
    // The replaced state was kept as a backup beside the database.
    let kept: Vec<_> = std::fs::read_dir(dir.path().join("backups"))?
        .filter_map(Result::ok)
        .collect();
    assert_eq!(kept.len(), 1);
    let kept_titles = common::dump(&kept[0].path())?;
    assert!(kept_titles.contains("备份后改过的标题"));
    Ok(())
}

#[test]
fn the_cli_stamps_what_it_writes_with_this_computers_clock() -> TestResult {
    // The core reads no clock: the program passes its own. A plan, its tasks and an edit's
    // audit line carry the time they were written, also when --today names another day.
    let dir = tempfile::tempdir()?;
    let stamp = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M:%S").to_string();
    let before = stamp(chrono::Local::now().naive_local());
    let db = sample_db(dir.path());
    cli_ok(&db, &["unit", "add", "--name", "示例县档案馆"]);
    let after = stamp(chrono::Local::now().naive_local());
    let conn = rusqlite::Connection::open(&db)?;
    let times: Vec<String> = conn
        .prepare(
            "SELECT created_at FROM plan UNION ALL SELECT created_at FROM task
             UNION ALL SELECT at FROM audit_log",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    assert!(times.len() > 25, "{times:?}");
    for t in &times {
        assert!(
            before <= *t && *t <= after,
            "{t} is not between {before} and {after}"
        );
    }
    Ok(())
}
