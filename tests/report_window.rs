//! The reporting window and the board's counts through the real CLI on real database files: a
//! plan whose text says reporting starts in August has no July (or earlier) item in `remind`,
//! `chase`, `report circular` or `ledger status`; `plan edit --report-from/--report-to` moves
//! the window and refuses bad values with the database unchanged; the board's 已报 + 迟报 + 未报
//! add up to 应报, and its main card stays on a month with late or missing units until the clerk
//! moves on.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

use common::{cli, cli_err, cli_ok, dump, TestResult};
use taizhang::progress::{self, Period, Submission};
use taizhang::{unit, Db};

/// A fictional plan: phases from April to December, reporting from August (每月5日前报上月).
const PLAN_TEXT: &str = "示例县2025年法治政府建设重点工作推进方案
为推进法治政府建设，制定本方案。
一、重点任务
1.健全行政规范性文件备案审查机制。2025年9月底前完成清理。（县司法局牵头，县财政局配合）
2.推进严格规范公正文明执法。开展执法案卷评查。（县市场监管局牵头，县司法局配合）
3.加强普法宣传。落实“谁执法谁普法”责任制。（县教育局负责）
二、工作安排
（一）部署阶段（2025年4月1日至4月30日）。各单位细化措施。
（二）推进阶段（2025年5月1日至11月30日）。8月开始，各责任单位每月5日前向县依法治县办报送上月工作进展。
（三）总结阶段（2025年12月1日至12月31日）。开展总结评估。
";

const UNITS: [&str; 4] = ["县司法局", "县财政局", "县市场监管局", "县教育局"];

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// A database with the plan imported from its .txt; returns (db, plan id).
fn imported(dir: &Path) -> Result<(PathBuf, String), Box<dyn std::error::Error>> {
    let file = dir.join("示例县推进方案.txt");
    std::fs::write(&file, PLAN_TEXT)?;
    let db = dir.join("taizhang.db");
    let out = json(&cli_ok(
        &db,
        &["plan", "import", &file.to_string_lossy(), "--json"],
    ));
    assert_eq!(s(&out["report_rule"]["from"]), "2025-08", "{out}");
    assert!(out["report_rule"]["until"].is_null(), "{out}");
    let id = out["plan_id"].as_i64().ok_or("no plan id")?.to_string();
    Ok((db, id))
}

/// The periods of the report items of `remind --json` on `today`.
fn remind_periods(db: &Path, plan: &str, today: &str) -> Vec<String> {
    let items = json(&cli_ok(
        db,
        &["remind", "--json", "--plan", plan, "--today", today],
    ));
    let mut out: Vec<String> = items
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|i| i["period"].as_str())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn ledger_status_units(db: &Path, plan: &str, period: &str) -> Vec<String> {
    let units = json(&cli_ok(
        db,
        &[
            "ledger", "status", "--plan", plan, "--period", period, "--json",
        ],
    ));
    units
        .as_array()
        .map(|a| a.iter().map(|u| s(&u["unit"]).to_string()).collect())
        .unwrap_or_default()
}

fn submit(db: &Path, plan: &str, unit_name: &str, period: &str, at: &str) -> TestResult {
    let mut db = Db::open(db)?;
    let unit_id = unit::resolve(db.conn(), unit_name)?;
    let tx = db.transaction()?;
    progress::record_submission(
        &tx,
        &Submission {
            plan_id: plan.parse()?,
            unit_id,
            period: Period::parse(period)?,
            file_name: "台账.xlsx",
            file_hash: "",
            received_at: at,
        },
        &[],
    )?;
    tx.commit()?;
    Ok(())
}

#[test]
fn a_plan_reporting_from_august_has_no_july_anywhere() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (db, plan) = imported(dir.path())?;
    let today = "2025-10-20";

    // remind: August and September overdue, October and November due; nothing before August.
    let periods = remind_periods(&db, &plan, today);
    assert_eq!(periods, ["2025-08", "2025-09", "2025-10", "2025-11"]);
    // Before August's report is due nothing is overdue, even though the plan started in April.
    let items = json(&cli_ok(
        &db,
        &["remind", "--json", "--plan", &plan, "--today", "2025-07-20"],
    ));
    assert!(
        items
            .as_array()
            .is_some_and(|a| a.iter().all(|i| i["kind"] != "report_overdue")),
        "{items}"
    );

    // chase: July is not a reporting period; August is.
    let err = cli_err(
        &db,
        &[
            "chase", "--plan", &plan, "--period", "2025-07", "--today", today,
        ],
    );
    assert!(err.contains("不是该方案的报送期次"), "{err}");
    assert!(err.contains("2025年8月至2025年12月"), "{err}");
    let chase = json(&cli_ok(
        &db,
        &[
            "chase", "--plan", &plan, "--period", "2025-08", "--today", today, "--json",
        ],
    ));
    assert_eq!(chase["units"].as_array().map(Vec::len), Some(UNITS.len()));

    // report circular: the periods counted start in August; a range reaching July is refused.
    let circular = json(&cli_ok(
        &db,
        &[
            "report", "circular", "--plan", &plan, "--from", "2025-08", "--to", "2025-09",
            "--today", today, "--json",
        ],
    ));
    let circ_periods: Vec<&str> = circular["periods"]
        .as_array()
        .map(|a| a.iter().map(|p| s(&p["period"])).collect())
        .unwrap_or_default();
    assert_eq!(circ_periods, ["2025-08", "2025-09"]);
    assert_eq!(circular["totals"]["required"], 8);
    assert_eq!(circular["totals"]["missing"], 8);
    let err = cli_err(
        &db,
        &[
            "report", "circular", "--plan", &plan, "--from", "2025-07", "--to", "2025-09",
            "--today", today,
        ],
    );
    assert!(err.contains("不在该方案的报送期内"), "{err}");

    // ledger status: nobody owes July; everybody owes August.
    assert!(ledger_status_units(&db, &plan, "2025-07").is_empty());
    assert!(ledger_status_units(&db, &plan, "2025-06").is_empty());
    let text = cli_ok(
        &db,
        &["ledger", "status", "--plan", &plan, "--period", "2025-07"],
    );
    assert!(text.contains("不在该方案的报送期次内"), "{text}");
    let mut august = ledger_status_units(&db, &plan, "2025-08");
    august.sort();
    let mut want = UNITS.map(str::to_string).to_vec();
    want.sort();
    assert_eq!(august, want);
    Ok(())
}

#[test]
fn plan_edit_moves_the_window_and_refuses_bad_values_untouched() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (db, plan) = imported(dir.path())?;

    // From July: July becomes due, overdue and owed.
    let out = json(&cli_ok(
        &db,
        &["plan", "edit", &plan, "--report-from", "2025-07", "--json"],
    ));
    assert_eq!(s(&out["report_rule"]["from"]), "2025-07");
    assert_eq!(
        remind_periods(&db, &plan, "2025-10-20"),
        ["2025-07", "2025-08", "2025-09", "2025-10", "2025-11"]
    );
    assert_eq!(
        ledger_status_units(&db, &plan, "2025-07").len(),
        UNITS.len()
    );

    // Bad values: refused in Chinese, the database byte-for-byte as it was.
    let before = dump(&db)?;
    let long_doc_no = "示".repeat(101);
    for (args, says) in [
        (vec!["--report-from", "2025-13"], "无法识别"),
        (vec!["--report-to", "2025-06"], "早于"),
        (
            vec!["--report-from", "2025-09", "--report-to", "2025-08"],
            "早于",
        ),
        // From 2026 while the plan ends in December 2025 (no --report-to): no window left.
        (vec!["--report-from", "2026-01"], "早于"),
        (vec!["--report-day", "32"], "报送日"),
        (vec!["--covers", "下月"], "上月"),
        (vec!["--start", "2025-12-01", "--end", "2025-04-01"], "早于"),
        (vec!["--title", "  "], "标题"),
        (vec!["--doc-no", long_doc_no.as_str()], "文号过长"),
        (vec![], "没有要修改的内容"),
    ] {
        let mut all = vec!["plan", "edit", plan.as_str()];
        all.extend(args.iter().copied());
        let err = cli_err(&db, &all);
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(dump(&db)?, before, "{args:?} changed the database");
    }
    let err = cli_err(&db, &["plan", "edit", "99", "--report-from", "2025-08"]);
    assert!(err.contains("未找到"), "{err}");
    assert_eq!(dump(&db)?, before);

    // To September: October's report is never due, chased or overdue, however late it gets.
    cli_ok(&db, &["plan", "edit", &plan, "--report-to", "2025-09"]);
    assert_eq!(
        remind_periods(&db, &plan, "2025-12-20"),
        ["2025-07", "2025-08", "2025-09"]
    );
    let err = cli_err(
        &db,
        &[
            "chase",
            "--plan",
            &plan,
            "--period",
            "2025-10",
            "--today",
            "2025-12-20",
        ],
    );
    assert!(err.contains("不是该方案的报送期次"), "{err}");
    assert!(ledger_status_units(&db, &plan, "2025-10").is_empty());

    // Back to the plan's own dates with auto; the other fields change one by one.
    let out = json(&cli_ok(
        &db,
        &[
            "plan",
            "edit",
            &plan,
            "--report-from",
            "auto",
            "--report-to",
            "auto",
            "--title",
            "示例县2025年法治政府建设重点工作推进方案（修订）",
            "--doc-no",
            "示法办〔2025〕3号",
            "--report-day",
            "10",
            "--covers",
            "本月",
            "--json",
        ],
    ));
    assert!(out["report_rule"]["from"].is_null() && out["report_rule"]["until"].is_null());
    assert_eq!(out["report_rule"]["day"], 10);
    assert_eq!(out["report_rule"]["covers"], "current");
    assert_eq!(s(&out["doc_no"]), "示法办〔2025〕3号");
    let list = json(&cli_ok(&db, &["plan", "list", "--json"]));
    assert!(list.to_string().contains("（修订）"), "{list}");
    // From April (the plan's start) again, each month due on the 10th of the same month.
    let periods = remind_periods(&db, &plan, "2025-05-20");
    assert_eq!(periods.first().map(String::as_str), Some("2025-04"));
    Ok(())
}

#[test]
fn board_cards_add_up_and_the_main_card_waits_for_the_clerk() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (db, plan) = imported(dir.path())?;
    // August (due 2025-09-05): on time, late, and two missing.
    submit(&db, &plan, "县司法局", "2025-08", "2025-09-03 10:00:00")?;
    submit(&db, &plan, "县财政局", "2025-08", "2025-09-08 15:00:00")?;
    // September (due 2025-10-09): all four, one late.
    for (u, at) in [
        ("县司法局", "2025-10-09 17:00:00"),
        ("县财政局", "2025-10-01 09:00:00"),
        ("县市场监管局", "2025-10-08 09:00:00"),
        ("县教育局", "2025-10-10 09:00:00"),
    ] {
        submit(&db, &plan, u, "2025-09", at)?;
    }
    let board = |today: &str| {
        json(&cli_ok(
            &db,
            &[
                "remind", "--board", "--json", "--plan", &plan, "--today", today,
            ],
        ))
    };
    let counts = |card: &Value| {
        (
            card["on_time"].as_u64().unwrap_or(99),
            card["late"].as_u64().unwrap_or(99),
            card["missing"].as_u64().unwrap_or(99),
            card["required"].as_u64().unwrap_or(99),
        )
    };
    for today in [
        "2025-08-20",
        "2025-09-06",
        "2025-09-20",
        "2025-10-10",
        "2025-10-20",
    ] {
        let b = board(today);
        let mut cards: Vec<&Value> = ["current", "next", "focus"]
            .iter()
            .map(|k| &b[*k])
            .filter(|c| !c.is_null())
            .collect();
        cards.extend(b["overdue"].as_array().into_iter().flatten());
        assert!(!cards.is_empty(), "{today}");
        for card in cards {
            let (on_time, late, missing, required) = counts(card);
            assert_eq!(on_time + late + missing, required, "{today}: {card}");
            assert_eq!(required, UNITS.len() as u64, "{today}: {card}");
        }
    }
    // After August's due date the main card is August: 1 on time, 1 late, 2 missing.
    let b = board("2025-09-20");
    assert_eq!(s(&b["focus"]["period"]), "2025-08");
    assert_eq!(counts(&b["focus"]), (1, 1, 2, 4));
    assert_eq!(s(&b["current"]["period"]), "2025-09");
    // After September's due date, September (all in, one late) holds the card.
    let b = board("2025-10-20");
    assert_eq!(s(&b["focus"]["period"]), "2025-09");
    assert_eq!(counts(&b["focus"]), (3, 1, 0, 4));
    let text = cli_ok(
        &db,
        &[
            "remind",
            "--board",
            "--plan",
            &plan,
            "--today",
            "2025-10-20",
        ],
    );
    assert!(
        text.contains("待处理：2025年9月工作台账")
            && text.contains("已报 3 · 迟报 1 · 未报 0 / 应报 4"),
        "{text}"
    );
    // The clerk moves on from September: the card is October's; August stays listed as overdue.
    cli_ok(
        &db,
        &[
            "chase",
            "--plan",
            &plan,
            "--period",
            "2025-09",
            "--move-on",
            "--today",
            "2025-10-20",
        ],
    );
    let b = board("2025-10-20");
    assert_eq!(s(&b["moved_on"]), "2025-09");
    assert_eq!(s(&b["focus"]["period"]), "2025-10");
    assert_eq!(b["focus"], b["current"]);
    let overdue: Vec<&str> = b["overdue"]
        .as_array()
        .map(|a| a.iter().map(|p| s(&p["period"])).collect())
        .unwrap_or_default();
    assert_eq!(overdue, ["2025-08"]);
    // Moving on from a month outside the window is refused, nothing written.
    let before = dump(&db)?;
    let out = cli(
        &db,
        &[
            "chase",
            "--plan",
            &plan,
            "--period",
            "2025-07",
            "--move-on",
            "--today",
            "2025-10-20",
        ],
    );
    assert!(!out.status.success());
    assert_eq!(dump(&db)?, before);
    Ok(())
}

#[test]
fn a_unit_that_starts_later_owes_nothing_before_it_in_the_summary_or_ledger_status() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (db, plan) = imported(dir.path())?;
    {
        let mut conn = Db::open(&db)?;
        let unit_id = unit::resolve(conn.conn(), "县教育局")?;
        taizhang::remind::set_unit_report_from(
            &mut conn,
            plan.parse()?,
            unit_id,
            Some(Period::parse("2025-10")?),
        )?;
    }
    let summary = json(&cli_ok(
        &db,
        &[
            "report",
            "summary",
            "--plan",
            &plan,
            "--from",
            "2025-08",
            "--to",
            "2025-09",
            "--today",
            "2025-10-20",
            "--json",
        ],
    ));
    let missing: Vec<&str> = summary["units_missing"]
        .as_array()
        .map(|a| a.iter().map(s).collect())
        .unwrap_or_default();
    assert!(!missing.contains(&"县教育局"), "{missing:?}");
    assert_eq!(missing.len(), UNITS.len() - 1, "{missing:?}");
    assert!(!ledger_status_units(&db, &plan, "2025-09").contains(&"县教育局".to_string()));
    assert!(ledger_status_units(&db, &plan, "2025-10").contains(&"县教育局".to_string()));
    Ok(())
}
