//! Reporting reminders end to end through the CLI: `remind --today …` for the sample plan over a
//! whole year against hand-computed due dates, `chase`, and `calendar import` refusing bad files.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;

use common::{cli, cli_err, cli_ok, dump, sample_db, TestResult};
use taizhang::progress::{self, Period, Submission};
use taizhang::{unit, Db};

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// The sample plan (每月5日前报送上月, 2025-03-01 … 2025-12-31), due dates worked out by hand
/// from the 2025/2026 holiday notices.
const SAMPLE_DUE: [(&str, &str, &str); 10] = [
    ("2025-03", "2025-04-07", "4月5日周六，清明节4日至6日放假"),
    ("2025-04", "2025-05-06", "5月5日周一，劳动节1日至5日放假"),
    ("2025-05", "2025-06-05", "周四"),
    ("2025-06", "2025-07-07", "7月5日周六"),
    ("2025-07", "2025-08-05", "周二"),
    ("2025-08", "2025-09-05", "周五"),
    (
        "2025-09",
        "2025-10-09",
        "10月5日周日，国庆节、中秋节1日至8日放假",
    ),
    ("2025-10", "2025-11-05", "周三"),
    ("2025-11", "2025-12-05", "周五"),
    (
        "2025-12",
        "2026-01-05",
        "周一；元旦1日至3日放假，4日周日上班",
    ),
];

fn remind(db: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["remind", "--json"];
    all.extend_from_slice(args);
    match json(&cli_ok(db, &all)) {
        Value::Array(items) => items,
        other => panic!("remind --json is not an array: {other}"),
    }
}

fn reports(items: &[Value]) -> Vec<(String, String, String)> {
    items
        .iter()
        .filter(|i| i["kind"] == "report_due" || i["kind"] == "report_overdue")
        .map(|i| {
            (
                i["kind"].as_str().unwrap_or_default().to_string(),
                i["period"].as_str().unwrap_or_default().to_string(),
                i["due"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn remind_over_the_sample_year_matches_hand_computed_due_dates() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let mut day = d("2025-02-20");
    let mut checked = 0;
    while day <= d("2026-01-20") {
        let today = day.to_string();
        let items = remind(&db, &["--today", &today, "--plan", "1"]);
        // Without submissions every period past its due date is overdue, and the next two are due.
        let mut want: Vec<(String, String, String)> = Vec::new();
        let mut upcoming = 0;
        for (period, due, _) in SAMPLE_DUE {
            if d(due) < day {
                want.push(("report_overdue".into(), period.into(), due.into()));
            } else if upcoming < 2 {
                want.push(("report_due".into(), period.into(), due.into()));
                upcoming += 1;
            }
        }
        let mut got = reports(&items);
        got.sort_by(|a, b| a.2.cmp(&b.2));
        assert_eq!(got, want, "remind --today {today}");
        for item in &items {
            let keys: Vec<&str> = item
                .as_object()
                .map(|o| o.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let report = item["kind"]
                .as_str()
                .is_some_and(|k| k.starts_with("report"));
            let mut expected = vec!["due", "kind", "level", "title"];
            if report {
                expected.extend(["period", "units_missing"]);
                assert!(item["units_missing"]
                    .as_array()
                    .is_some_and(|u| u.len() >= 20));
            }
            expected.sort();
            let mut keys = keys.clone();
            keys.sort();
            assert_eq!(keys, expected, "{today}: {item}");
            if item["kind"] == "report_overdue" {
                assert_eq!(item["level"], "red", "{today}: {item}");
            }
        }
        checked += 1;
        day = day.succ_opt().ok_or("date overflow")?;
    }
    assert!(checked > 330);
    Ok(())
}

fn level_of(items: &[Value], period: &str) -> String {
    items
        .iter()
        .find(|i| i["period"] == period)
        .map(|i| i["level"].as_str().unwrap_or_default().to_string())
        .unwrap_or_default()
}

#[test]
fn countdown_turns_yellow_three_working_days_before_the_due_date() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    // (today, period, level, words in the title): working days counted by hand.
    let table = [
        ("2025-03-31", "2025-03", "green", "还剩4个工作日"),
        ("2025-04-01", "2025-03", "yellow", "还剩3个工作日"),
        ("2025-04-03", "2025-03", "yellow", "还剩1个工作日"),
        ("2025-04-07", "2025-03", "yellow", "今天截止"),
        ("2025-04-08", "2025-03", "red", "已逾期1个工作日"),
        ("2025-09-26", "2025-09", "green", "还剩4个工作日"),
        // On the make-up Sunday 9月28日: the countdown counts the working days after today.
        ("2025-09-28", "2025-09", "yellow", "还剩3个工作日"),
        ("2025-09-30", "2025-09", "yellow", "还剩1个工作日"),
        ("2025-10-03", "2025-09", "yellow", "还剩1个工作日"),
        ("2025-10-10", "2025-09", "red", "已逾期1个工作日"),
        ("2025-12-29", "2025-12", "green", "还剩4个工作日"),
        ("2025-12-30", "2025-12", "yellow", "还剩3个工作日"),
        ("2026-01-02", "2025-12", "yellow", "还剩2个工作日"),
    ];
    for (today, period, level, words) in table {
        let items = remind(&db, &["--today", today]);
        assert_eq!(level_of(&items, period), level, "{today}");
        let title = items
            .iter()
            .find(|i| i["period"] == period)
            .and_then(|i| i["title"].as_str())
            .unwrap_or_default();
        assert!(title.contains(words), "{today}: {title}");
    }
    Ok(())
}

#[test]
fn phases_and_task_deadlines_in_the_sample_year() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let phases = |today: &str| -> Vec<(String, String)> {
        remind(&db, &["--today", today])
            .iter()
            .filter(|i| i["kind"] == "phase")
            .map(|i| (i["due"].to_string(), i["title"].to_string()))
            .collect()
    };
    let march = phases("2025-03-15");
    assert_eq!(march.len(), 2);
    assert!(march[0].0.contains("2025-03-31") && march[0].1.contains("当前阶段：组织动员"));
    assert!(march[1].0.contains("2025-04-01") && march[1].1.contains("下一阶段：督导落实"));
    let december = phases("2025-12-15");
    assert_eq!(december.len(), 1);
    assert!(december[0].1.contains("巩固提高"));

    // 2025-06-20: tasks 3 and 11 (2025年6月底前, not done) are 6 working days away.
    let tasks = |today: &str| -> Vec<(String, String)> {
        remind(&db, &["--today", today])
            .iter()
            .filter(|i| i["kind"] == "task_deadline")
            .map(|i| (i["due"].to_string(), i["level"].to_string()))
            .collect()
    };
    let june = tasks("2025-06-20");
    assert_eq!(june.len(), 2, "{june:?}");
    assert!(june
        .iter()
        .all(|(due, level)| due.contains("2025-06-30") && level.contains("yellow")));
    assert!(tasks("2025-06-01").is_empty());
    let july = tasks("2025-07-01");
    assert_eq!(july.len(), 2);
    assert!(july.iter().all(|(_, level)| level.contains("red")));
    Ok(())
}

#[test]
fn default_reminders_cover_plans_around_their_dates_only() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    assert!(remind(&db, &["--today", "2024-12-01"]).is_empty());
    assert!(!remind(&db, &["--today", "2025-02-10"]).is_empty());
    assert!(!remind(&db, &["--today", "2026-02-01"]).is_empty());
    assert!(remind(&db, &["--today", "2026-03-01"]).is_empty());
    assert!(!remind(&db, &["--today", "2026-03-01", "--plan", "1"]).is_empty());
    let text = cli_ok(&db, &["remind", "--today", "2024-12-01"]);
    assert!(text.contains("没有需要提醒的事项"), "{text}");
    let text = cli_ok(&db, &["remind", "--today", "2025-04-03"]);
    assert!(text.contains("2025年4月3日（周四）"), "{text}");
    assert!(text.contains("【黄】 2025-04-07"), "{text}");
    assert!(text.contains("未报：县委办"), "{text}");
    Ok(())
}

fn submit(db: &Path, unit_name: &str, period: &str, at: &str) -> TestResult {
    let mut db = Db::open(db)?;
    let unit_id = unit::resolve(db.conn(), unit_name)?;
    let tx = db.transaction()?;
    progress::record_submission(
        &tx,
        &Submission {
            plan_id: 1,
            unit_id,
            period: Period::parse(period)?,
            file_name: "示例台账.xlsx",
            file_hash: "",
            received_at: at,
        },
        &[],
    )?;
    tx.commit()?;
    Ok(())
}

#[test]
fn submissions_late_reports_and_the_chase_flow() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    submit(&db, "县司法局", "2025-09", "2025-10-09 17:30:00")?;
    submit(&db, "县财政局", "2025-09", "2025-10-10 09:00:00")?;
    let items = remind(&db, &["--today", "2025-10-10"]);
    let sept = items
        .iter()
        .find(|i| i["period"] == "2025-09")
        .ok_or("no 2025-09 item")?;
    assert_eq!(sept["kind"], "report_overdue");
    let missing: Vec<&str> = sept["units_missing"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert!(!missing.contains(&"县司法局") && !missing.contains(&"县财政局"));
    assert!(missing.contains(&"县委办"));

    let chase = json(&cli_ok(
        &db,
        &[
            "chase",
            "--plan",
            "1",
            "--period",
            "2025-09",
            "--today",
            "2025-10-10",
            "--json",
        ],
    ));
    assert_eq!(chase["label"], "2025年9月");
    assert_eq!(chase["due"], "2025-10-09");
    let all = chase["message_all"].as_str().unwrap_or_default();
    assert!(all.starts_with("【催报提醒】县委办、县政府办、"), "{all}");
    let list = chase["units"]
        .as_array()
        .ok_or("chase --json has no units")?;
    assert_eq!(list.len(), missing.len());
    let first = &list[0];
    assert_eq!(first["unit"], "县委办");
    assert_eq!(first["contact_name"], "周晓燕");
    assert_eq!(first["contact_phone"], "0123-6521018");
    assert_eq!(first["state"], "overdue");
    assert_eq!(first["due"], "2025-10-09");
    let message = first["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("县委办") && message.contains("2025年9月"),
        "{message}"
    );
    assert!(message.contains("2025年10月9日") && message.contains("已逾期1个工作日"));
    assert_eq!(first["chased_at"], Value::Null);

    let text = cli_ok(
        &db,
        &[
            "chase",
            "--period",
            "2025年9月",
            "--unit",
            "县委办",
            "--today",
            "2025-10-10",
            "--mark",
        ],
    );
    assert!(
        text.contains("0123-6521018") && text.contains("已全部记为已催报"),
        "{text}"
    );
    let again = json(&cli_ok(
        &db,
        &[
            "chase",
            "--period",
            "2025-09",
            "--unit",
            "县委办",
            "--today",
            "2025-10-11",
            "--json",
        ],
    ));
    assert_eq!(again["units"][0]["chase_count"], 1);
    assert!(again["units"][0]["chased_at"].is_string());

    let done = cli_ok(&db, &["chase", "--period", "2025-09", "--unit", "司法局"]);
    assert!(done.contains("无需催报"), "{done}");
    // The September report of 县财政局 came a day late; the board says so.
    let conn_db = Db::open(&db)?;
    let status =
        taizhang::remind::period_status(&conn_db, 1, Period::parse("2025-09")?, d("2025-10-10"))?;
    let finance = status
        .units
        .iter()
        .find(|u| u.unit == "县财政局")
        .ok_or("县财政局")?;
    assert_eq!(finance.state, taizhang::remind::UnitState::Late);
    Ok(())
}

#[test]
fn chase_refuses_unknown_units_and_periods_in_chinese() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let before = dump(&db)?;
    let err = cli_err(&db, &["chase", "--period", "2025-02"]);
    assert!(err.contains("不是该方案的报送期次"), "{err}");
    let err = cli_err(&db, &["chase", "--period", "2025-09", "--unit", "县气象局"]);
    assert!(err.contains("县气象局"), "{err}");
    let err = cli_err(&db, &["chase", "--period", "九月"]);
    assert!(err.contains("2025-09"), "{err}");
    let err = cli_err(&db, &["remind", "--today", "2025-13-01"]);
    assert!(err.contains("2025-13-01"), "{err}");
    assert_eq!(dump(&db)?, before);
    Ok(())
}

#[test]
fn bad_calendar_files_are_refused_and_the_database_is_unchanged() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let before = dump(&db)?;
    let cases: [(&str, &[u8], &str); 9] = [
        ("broken.json", b"{\"years\": {\"2027\": ", "格式有误"),
        ("empty.json", b"", "格式有误"),
        (
            "day.json",
            r#"{"years": {"2027": {"holidays": [{"name": "春节", "dates": ["2027-02-30"]}]}}}"#
                .as_bytes(),
            "2027-02-30",
        ),
        (
            "year.json",
            r#"{"years": {"2027": {"holidays": [{"name": "元旦", "dates": ["2028-01-01"]}]}}}"#
                .as_bytes(),
            "不属于2027年",
        ),
        (
            "both.json",
            r#"{"years": {"2027": {"holidays": [{"name": "国庆节", "dates": ["2027-10-02"]}],
                "workdays": [{"name": "国庆节", "dates": ["2027-10-02"]}]}}}"#
                .as_bytes(),
            "既被列为",
        ),
        (
            "key.json",
            r#"{"years": {"2027年": {"holidays": [{"name": "元旦", "dates": ["2027-01-01"]}]}}}"#
                .as_bytes(),
            "年份“2027年”无效",
        ),
        (
            "weekday.json",
            r#"{"years": {"2027": {"holidays": [{"name": "元旦", "dates": ["2027-01-01"]}],
                "workdays": [{"name": "春节", "dates": ["2027-02-03"]}]}}}"#
                .as_bytes(),
            "只能是周六或周日",
        ),
        ("gbk.json", &[0x7b, 0xc4, 0xea, 0x7d], "UTF-8"),
        ("list.json", b"[1, 2, 3]", "格式有误"),
    ];
    for (name, bytes, words) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes)?;
        let path = file.to_string_lossy().into_owned();
        let err = cli_err(&db, &["calendar", "import", &path]);
        assert!(err.contains(words), "{name}: {err}");
        assert!(err.contains("当前日历未作改动"), "{name}: {err}");
        assert_eq!(dump(&db)?, before, "{name} changed the database");
    }
    let missing = dir.path().join("nowhere.json");
    let err = cli_err(&db, &["calendar", "import", &missing.to_string_lossy()]);
    assert!(err.contains("无法读取日历文件"), "{err}");
    assert_eq!(dump(&db)?, before);
    Ok(())
}

#[test]
fn an_imported_calendar_moves_due_dates_and_can_be_undone() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let due_of = |db: &Path| -> String {
        remind(db, &["--today", "2025-04-01"])
            .iter()
            .find(|i| i["period"] == "2025-03")
            .map(|i| i["due"].as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    };
    assert_eq!(due_of(&db), "2025-04-07");
    // A fictional correction: 清明节 extended to Monday 4月7日.
    let file = dir.path().join("更正2025.json");
    std::fs::write(
        &file,
        "\u{feff}".to_string()
            + r#"{"format": "taizhang-workdays/1", "years": {"2025": {
                "notice": "示例更正", "holidays": [
                    {"name": "清明节", "dates": ["2025-04-04", "2025-04-05", "2025-04-06", "2025-04-07"]}
                ]}}}"#,
    )?;
    let out = cli_ok(&db, &["calendar", "import", &file.to_string_lossy()]);
    assert!(out.contains("2025年") && out.contains("替换"), "{out}");
    assert_eq!(due_of(&db), "2025-04-08");
    let show = json(&cli_ok(
        &db,
        &["calendar", "show", "--year", "2025", "--json"],
    ));
    assert_eq!(show["source"], "imported");
    assert_eq!(show["notice"], "示例更正");
    let other = json(&cli_ok(
        &db,
        &["calendar", "show", "--year", "2024", "--json"],
    ));
    assert_eq!(other["source"], "builtin");
    assert_eq!(other["workday_count"], 251);
    cli_ok(&db, &["calendar", "undo"]);
    assert_eq!(due_of(&db), "2025-04-07");
    let err = cli_err(&db, &["calendar", "undo"]);
    assert!(err.contains("内置"), "{err}");
    let err = cli_err(&db, &["calendar", "show", "--year", "2031"]);
    assert!(err.contains("2031"), "{err}");
    Ok(())
}

#[test]
fn remind_on_an_empty_database_lists_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("empty.db");
    let out = cli(&db, &["remind", "--today", "2025-04-03", "--json"]);
    assert!(out.status.success());
    assert_eq!(
        json(&String::from_utf8_lossy(&out.stdout)),
        Value::Array(vec![])
    );
    Ok(())
}
