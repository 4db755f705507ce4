//! The sample plan is dated in the year of "today" (`--today`, `TAIZHANG_TODAY`, else the
//! clock), so the board of a clerk trying it shows a live month; the tests' 2025 sample stays.

mod common;

use std::process::Command;

use common::{cli_ok, TestResult};
use serde_json::Value;

fn json(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str(text)
}

#[test]
fn the_sample_lands_in_the_year_of_today_and_the_board_shows_a_live_month() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("a.db");
    let text = cli_ok(&db, &["sample", "--today", "2026-12-07"]);
    assert!(text.contains("示例县2026年"), "{text}");
    let plan = &json(&cli_ok(&db, &["plan", "list", "--json"]))?[0];
    assert_eq!(plan["year"], 2026);
    assert_eq!(plan["start_date"], "2026-03-01");
    assert_eq!(plan["end_date"], "2026-12-31");
    assert_eq!(plan["doc_no"], "示政发〔2026〕6号");
    // 2026年11月 is due on Monday 7 December (the 5th is a Saturday): today.
    let board = json(&cli_ok(
        &db,
        &["remind", "--board", "--json", "--today", "2026-12-07"],
    ))?;
    assert_eq!(
        board["current"]["period"], "2026-11",
        "{}",
        board["current"]
    );
    assert_eq!(board["current"]["due"], "2026-12-07");
    // Deadlines and phases moved with it.
    let tasks = json(&cli_ok(&db, &["task", "list", "--json"]))?;
    let texts: Vec<&str> = tasks
        .as_array()
        .ok_or("no tasks")?
        .iter()
        .filter_map(|t| t["deadline_text"].as_str())
        .collect();
    assert!(texts.contains(&"2026年6月底前"), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("2025")), "{texts:?}");
    let reminders = json(&cli_ok(&db, &["remind", "--json", "--today", "2026-04-02"]))?;
    assert!(
        reminders
            .as_array()
            .ok_or("no reminders")?
            .iter()
            .any(|r| r.to_string().contains("督导落实")),
        "{reminders}"
    );
    Ok(())
}

#[test]
fn taizhang_today_dates_the_sample_as_the_desktop_app_does() -> TestResult {
    let dir = tempfile::tempdir()?;
    for (today, year) in [("2027-04-10", 2027), ("2025-10-06", 2025)] {
        let db = dir.path().join(format!("{year}.db"));
        let out = Command::new(env!("CARGO_BIN_EXE_taizhang"))
            .arg("--db")
            .arg(&db)
            .arg("sample")
            .env("TAIZHANG_TODAY", today)
            .output()?;
        assert!(out.status.success(), "{out:?}");
        let plan = &json(&cli_ok(&db, &["plan", "list", "--json"]))?[0];
        assert_eq!(plan["year"], year);
        assert_eq!(plan["start_date"], format!("{year}-03-01"));
    }
    // The tests' sample (common::sample_db) is the 2025 one they were written for.
    let tests_dir = dir.path().join("x");
    std::fs::create_dir_all(&tests_dir)?;
    let db = common::sample_db(&tests_dir);
    let plan = &json(&cli_ok(&db, &["plan", "list", "--json"]))?[0];
    assert_eq!(plan["year"], 2025);
    Ok(())
}
