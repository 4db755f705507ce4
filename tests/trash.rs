//! 回收站 (#23 point 7): deleting a task says how many reports it holds; the deleted task is
//! listed with when it was deleted and its counts; restored, its reports count again. Real
//! ledgers imported through the real CLI into the sample plan.

mod common;
#[path = "ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use std::path::Path;

use common::{cli_err, cli_ok, sample_db, TestResult};
use ledger_fixtures::{fill, ledger, write, Layout};
use serde_json::Value;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn json(text: &str) -> Res<Value> {
    Ok(serde_json::from_str(text)?)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// Imports the September ledgers of `units`, filled in, as arrived on 2025年10月3日.
fn import_september(db: &Path, dir: &Path, units: &[&str], replace: bool) -> TestResult {
    let inbox = dir.join("收到的台账");
    std::fs::create_dir_all(&inbox)?;
    for unit in units {
        let l = ledger(db, unit, "2025-09")?;
        let file = inbox.join(format!("{unit}_2025年09月_工作台账.xlsx"));
        write(&file, Layout::Ours, &l, &fill(&l, dir_salt(dir)))?;
    }
    let mut args = vec![
        "ledger",
        "import",
        s(&inbox),
        "--received",
        "2025-10-03",
        "--today",
        "2025-10-12",
    ];
    if replace {
        args.push("--replace");
    }
    cli_ok(db, &args);
    Ok(())
}

/// Different text for each folder, so a second file is a new report.
fn dir_salt(dir: &Path) -> &str {
    dir.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("已按期推进")
}

/// The task of `report summary --json` for September with id `task_id`, if listed.
fn summary_task(db: &Path, task_id: i64) -> Res<Option<Value>> {
    let summary = json(&cli_ok(
        db,
        &[
            "report",
            "summary",
            "--period",
            "2025-09",
            "--today",
            "2025-10-12",
            "--json",
        ],
    ))?;
    for section in summary["sections"].as_array().ok_or("no sections")? {
        for t in section["tasks"].as_array().ok_or("no tasks")? {
            if t["task_id"] == task_id {
                return Ok(Some(t.clone()));
            }
        }
    }
    Ok(None)
}

/// A task of the sample plan that both 县司法局 and 县委组织部 report on.
fn shared_task(db: &Path) -> Res<i64> {
    let a = ledger(db, "县司法局", "2025-09")?;
    let b = ledger(db, "县委组织部", "2025-09")?;
    a.tasks
        .iter()
        .map(|t| t.id)
        .find(|id| b.tasks.iter().any(|t| t.id == *id))
        .ok_or_else(|| "no shared task".into())
}

#[test]
fn deleting_a_task_with_reports_says_how_many_and_restoring_counts_them_again() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let id = shared_task(&db)?;
    let ids = id.to_string();
    import_september(&db, dir.path(), &["县司法局", "县委组织部"], false)?;
    let before = summary_task(&db, id)?.ok_or("task not in the summary")?;

    // The count comes before anything is deleted: task deleted is empty.
    let empty = json(&cli_ok(&db, &["task", "deleted", "--json"]))?;
    assert_eq!(empty.as_array().map(Vec::len), Some(0));

    let text = cli_ok(&db, &["task", "delete", &ids]);
    assert!(
        text.contains("该任务已有 2 份报送（2 个单位报送）"),
        "the two units' reports are named: {text}"
    );
    assert!(text.contains("回收站"), "{text}");
    assert!(
        text.contains(&format!("taizhang task undelete {ids}")),
        "{text}"
    );
    assert_eq!(
        summary_task(&db, id)?,
        None,
        "a deleted task's reports leave the summary"
    );

    let listed = json(&cli_ok(&db, &["task", "deleted", "--json"]))?;
    let listed = listed.as_array().ok_or("not a list")?;
    assert_eq!(listed.len(), 1, "{listed:?}");
    let d = &listed[0];
    assert_eq!(d["id"], id);
    assert_eq!(d["reports"], 2);
    assert_eq!(d["report_units"], 2);
    assert!(d["title"].as_str().is_some_and(|t| !t.is_empty()), "{d}");
    let at = d["deleted_at"].as_str().ok_or("no deleted_at")?;
    assert!(
        chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M:%S").is_ok(),
        "{at}"
    );
    let text = cli_ok(&db, &["task", "deleted"]);
    assert!(text.contains("报送 2 份（2 个单位）"), "{text}");
    assert!(text.contains("删除于 "), "{text}");

    let restored = cli_ok(&db, &["task", "undelete", &ids]);
    assert!(restored.contains("2 份报送重新计入统计"), "{restored}");
    assert_eq!(
        summary_task(&db, id)?.as_ref(),
        Some(&before),
        "the restored task's reports are back in the summary as they were"
    );
    let empty = json(&cli_ok(&db, &["task", "deleted", "--json"]))?;
    assert_eq!(empty.as_array().map(Vec::len), Some(0));
    Ok(())
}

#[test]
fn deleting_a_task_without_reports_says_so_and_json_carries_the_counts() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let id = shared_task(&db)?;
    let out = json(&cli_ok(&db, &["task", "delete", &id.to_string(), "--json"]))?;
    assert_eq!(out["task_id"], id);
    assert_eq!(out["reports"], 0);
    assert!(out["units"].as_i64().is_some_and(|n| n >= 2), "{out}");
    let message = out["message"].as_str().ok_or("no message")?;
    assert!(message.starts_with("该任务尚无报送、涉及"), "{message}");
    Ok(())
}

#[test]
fn a_replaced_report_is_counted_once() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let id = shared_task(&db)?;
    import_september(&db, dir.path(), &["县司法局"], false)?;
    // The same unit sends its September ledger again: the new file replaces the old one.
    let again = dir.path().join("再次");
    std::fs::create_dir_all(&again)?;
    import_september(&db, &again, &["县司法局"], true)?;
    let out = json(&cli_ok(&db, &["task", "delete", &id.to_string(), "--json"]))?;
    assert_eq!(out["reports"], 1, "{out}");
    assert_eq!(out["report_units"], 1, "{out}");
    Ok(())
}

#[test]
fn deleting_or_restoring_an_unknown_task_is_refused_in_chinese() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let before = common::dump(&db)?;
    let err = cli_err(&db, &["task", "delete", "99999"]);
    assert!(err.contains("99999"), "{err}");
    let err = cli_err(&db, &["task", "undelete", "99999"]);
    assert!(err.contains("99999"), "{err}");
    assert_eq!(common::dump(&db)?, before, "nothing written");
    Ok(())
}

#[test]
fn group_members_go_to_the_recycle_bin_and_come_back() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let members = json(&cli_ok(&db, &["group", "list", "--json"]))?;
    let first = &members.as_array().ok_or("not a list")?[0];
    let id = first["id"].as_i64().ok_or("no id")?.to_string();
    let text = cli_ok(&db, &["group", "delete", &id]);
    assert!(text.contains("回收站"), "{text}");
    let deleted = json(&cli_ok(&db, &["group", "deleted", "--json"]))?;
    let deleted = deleted.as_array().ok_or("not a list")?;
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0]["name"], first["name"]);
    assert!(deleted[0]["deleted_at"].is_string());
    let after = json(&cli_ok(&db, &["group", "list", "--json"]))?;
    assert_eq!(
        after.as_array().map(Vec::len),
        members.as_array().map(|m| m.len() - 1)
    );
    cli_ok(&db, &["group", "undelete", &id]);
    let back = json(&cli_ok(&db, &["group", "list", "--json"]))?;
    assert_eq!(back, members, "the member is back as before");
    Ok(())
}
