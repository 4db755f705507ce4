//! 汇总报表 (#8) on a small hand-built plan whose numbers were worked out by hand: three units
//! with tasks and one without, six tasks in two sections (two with several units), three months
//! of reports with one late report, one missing, one replaced, and entries with text but no
//! status. Every workbook is read back, checked for its print setup, and printed to PDF by
//! LibreOffice.
//!
//! The fixture, as the clerk would see it (due dates: the 5th of the next month, moved to the
//! next working day — 2025年9月's report is due 2025年10月9日 after the National Day holiday):
//!
//! | task | section | units (lead first) | 完成时限 | stored |
//! |------|---------|--------------------|----------|--------|
//! | T1 | 一、制度建设 | 县司法局 | 2025年12月31日 | 推进中 |
//! | T2 | 一、制度建设 | 县司法局, 县财政局 | 2025年8月31日 | 未启动 |
//! | T3 | 一、制度建设 | 县财政局 | 长期坚持 | 长期坚持 |
//! | T4 | 二、执法监督 | 县教育局, 县司法局, 县财政局 | 2025年9月30日 | 未启动 |
//! | T5 | 二、执法监督 | 县财政局 | 2025年7月31日 | 已完成 |
//! | T6 | 二、执法监督 | 县教育局 | 2025年9月15日 | 未启动 |
//!
//! 县卫健局 is in the directory with no task.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::NaiveDate;
use serde_json::{json, Value};

use common::{a4_landscape_pages, cli_err, cli_ok, pdf_text, to_pdf, xml_parts, TestResult};
use taizhang::progress::{self, Entry, Period, Submission};
use taizhang::report::{self, Range, ReportKind};
use taizhang::sample::{self, PlanBundle};
use taizhang::task::{self, Status, TaskFilter};
use taizhang::{remind, unit, Db};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const A: &str = "县司法局";
const B: &str = "县财政局";
const C: &str = "县教育局";
const D: &str = "县卫健局";
const TODAY: &str = "2025-10-12";

const BUNDLE: &str = r#"{
  "plan": {
    "title": "示例县2025年依法行政专项工作方案",
    "issuer": "示例县人民政府",
    "year": 2025,
    "start_date": "2025-07-01",
    "end_date": "2025-12-31",
    "report_rule": { "day": 5, "month_end": false, "covers": "previous" },
    "report_rule_text": "各单位于每月5日前报送上月工作进展"
  },
  "units": [
    { "name": "县司法局" }, { "name": "县财政局" }, { "name": "县教育局" }, { "name": "县卫健局" }
  ],
  "sections": [
    { "code": "一、", "title": "制度建设" },
    { "code": "二、", "title": "执法监督" }
  ],
  "tasks": [
    { "section": "一、", "code": "1", "title": "完善重大行政决策合法性审查制度",
      "deadline_text": "2025年12月31日", "lead": ["县司法局"], "status": "in_progress" },
    { "section": "一、", "code": "2", "title": "开展行政规范性文件清理",
      "deadline_text": "2025年8月31日", "lead": ["县司法局"], "co": ["县财政局"],
      "status": "not_started" },
    { "section": "一、", "code": "3", "title": "落实政府法律顾问制度",
      "deadline_text": "长期坚持", "lead": ["县财政局"], "status": "ongoing" },
    { "section": "二、", "code": "1", "title": "开展行政执法案卷评查",
      "deadline_text": "2025年9月30日", "lead": ["县教育局"], "co": ["县司法局", "县财政局"],
      "status": "not_started" },
    { "section": "二、", "code": "2", "title": "落实行政执法公示制度",
      "deadline_text": "2025年7月31日", "lead": ["县财政局"], "status": "done" },
    { "section": "二、", "code": "3", "title": "组织行政执法人员培训",
      "deadline_text": "2025年9月15日", "lead": ["县教育局"], "status": "not_started" }
  ]
}"#;

/// The hand-built plan in a database file, with its reports.
struct Fixture {
    dir: tempfile::TempDir,
    db: Db,
    plan_id: i64,
}

impl Fixture {
    fn path(&self) -> PathBuf {
        self.dir.path().join("taizhang.db")
    }

    fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn p(year: i32, month: u32) -> Period {
    Period { year, month }
}

fn range(from: Period, to: Period) -> Range {
    Range { from, to }
}

fn day(s: &str) -> Res<NaiveDate> {
    Ok(NaiveDate::parse_from_str(s, "%Y-%m-%d")?)
}

fn fixture() -> Res<Fixture> {
    let dir = tempfile::tempdir()?;
    let mut db = Db::open(&dir.path().join("taizhang.db"))?;
    let bundle: PlanBundle = serde_json::from_str(BUNDLE)?;
    let plan_id = sample::load_bundle(&mut db, &bundle)?;
    let tasks = task::of_plan(&db, plan_id)?;
    let t: Vec<i64> = tasks.iter().map(|t| t.id).collect();
    let [t1, t2, t3, t4, t5, t6] = t.as_slice() else {
        return Err("six tasks expected".into());
    };
    let (t1, t2, t3, t4, t5, t6) = (*t1, *t2, *t3, *t4, *t5, *t6);
    let u = |name: &str| unit::resolve(db.conn(), name);
    let (a, b, c) = (u(A)?, u(B)?, u(C)?);
    let e = |task_id: i64, text: &str, status: Option<Status>| Entry {
        task_id,
        text: text.to_string(),
        status,
    };
    use Status::{Done, InProgress, NotStarted, Ongoing};
    #[allow(clippy::type_complexity)]
    let reports: Vec<(i64, Period, &str, Vec<Entry>)> = vec![
        // 2025年7月, due 2025-08-05: 县教育局 is late.
        (
            a,
            p(2025, 7),
            "2025-08-04 10:00:00",
            vec![
                e(t1, "七月：起草合法性审查办法", Some(InProgress)),
                e(t2, "七月：梳理文件清单", Some(InProgress)),
            ],
        ),
        (
            b,
            p(2025, 7),
            "2025-08-05 16:00:00",
            vec![
                e(t3, "七月：签订法律顾问合同", Some(Ongoing)),
                e(t5, "七月：执法公示平台上线", Some(Done)),
                e(t2, "七月：配合梳理本单位文件", None),
            ],
        ),
        (
            c,
            p(2025, 7),
            "2025-08-07 09:00:00",
            vec![
                e(t4, "七月：制定案卷评查方案", Some(InProgress)),
                e(t6, "尚未启动", Some(NotStarted)),
            ],
        ),
        // 2025年8月, due 2025-09-05: 县司法局 replaces its first report; 县教育局 sends nothing.
        (
            a,
            p(2025, 8),
            "2025-09-01 09:00:00",
            vec![
                e(t1, "八月初稿", Some(InProgress)),
                e(t2, "八月初稿", Some(InProgress)),
            ],
        ),
        (
            a,
            p(2025, 8),
            "2025-09-03 15:00:00",
            vec![
                e(t1, "八月：审查办法已印发", Some(Done)),
                e(t2, "八月：清理工作完成", Some(Done)),
            ],
        ),
        (
            b,
            p(2025, 8),
            "2025-09-04 11:00:00",
            vec![
                e(t2, "八月：配合清理完成", Some(Done)),
                e(t3, "八月：法律顾问参与审查文件12件", None),
                e(t4, "八月：报送执法案卷", Some(InProgress)),
                e(t5, "八月：持续更新公示信息", Some(Done)),
            ],
        ),
        // 2025年9月, due 2025-10-09: everyone on time (县财政局 on the due day itself).
        (
            a,
            p(2025, 9),
            "2025-10-09 11:00:00",
            vec![
                e(t1, "九月：办法全面实施", Some(Done)),
                e(t2, "九月：清理结果已公布", Some(Done)),
                e(t4, "九月：配合抽查案卷", Some(InProgress)),
            ],
        ),
        (
            b,
            p(2025, 9),
            "2025-10-09 17:30:00",
            vec![
                e(t2, "九月：已完成", Some(Done)),
                e(t3, "九月：法律顾问列席常务会议", Some(Ongoing)),
                e(t4, "九月：案卷评查整改完毕", Some(Done)),
                e(t5, "九月：公示制度运行正常", Some(Done)),
            ],
        ),
        (
            c,
            p(2025, 9),
            "2025-10-08 08:30:00",
            vec![
                e(t4, "九月：案卷评查全部完成", Some(Done)),
                e(t6, "九月：培训计划已拟定", None),
            ],
        ),
    ];
    let tx = db.transaction()?;
    for (unit_id, period, received_at, entries) in &reports {
        let sub = Submission {
            plan_id,
            unit_id: *unit_id,
            period: *period,
            file_name: "台账.xlsx",
            file_hash: "",
            received_at,
        };
        progress::record_submission(&tx, &sub, entries)?;
    }
    tx.commit()?;
    Ok(Fixture { dir, db, plan_id })
}

fn counts(
    total: u64,
    done: u64,
    in_progress: u64,
    not_started: u64,
    overdue: u64,
    rate: f64,
) -> Value {
    json!({ "total": total, "done": done, "in_progress": in_progress,
            "not_started": not_started, "overdue": overdue, "completion_rate": rate })
}

fn to_json<T: serde::Serialize>(v: &T) -> Res<Value> {
    Ok(serde_json::to_value(v)?)
}

#[test]
fn stats_match_the_hand_count() -> TestResult {
    let fx = fixture()?;
    let s = report::stats(
        &fx.db,
        fx.plan_id,
        range(p(2025, 7), p(2025, 9)),
        day(TODAY)?,
    )?;
    let v = to_json(&s)?;
    assert_eq!(v["kind"], "stats");
    assert_eq!(v["label"], "2025年7月至9月");
    assert_eq!(v["from"], "2025-07");
    assert_eq!(v["to"], "2025-09");
    assert_eq!(v["generated_on"], "2025-10-12");
    assert_eq!(v["empty"], false);
    assert_eq!(v["note"], Value::Null);
    // As of September: T1, T2, T5 done; T4 done too, by its lead 县教育局 (the co units' reports
    // do not decide it); T3 (长期坚持) in progress; T6 has only a text, so in progress — but
    // past its 2025-09-15 deadline, so overdue.
    assert_eq!(v["totals"], counts(6, 4, 1, 0, 1, 0.6667));
    assert_eq!(
        v["sections"],
        json!([
            { "section": "一、制度建设", "counts": counts(3, 2, 1, 0, 0, 0.6667) },
            { "section": "二、执法监督", "counts": counts(3, 2, 0, 0, 1, 0.6667) },
        ])
    );
    // Each unit's own status on its tasks; 县卫健局 has none. Rows with text in the range's
    // current reports (县司法局's replaced August draft left out); none marked 照抄.
    let copied = |rows: u64| json!({ "reported_rows": rows, "copied_rows": 0, "copied_rate": 0.0 });
    let unit = |name: &str, counts: Value, rows: u64| {
        let mut u = json!({ "unit": name, "counts": counts });
        if let (Some(u), Some(c)) = (u.as_object_mut(), copied(rows).as_object()) {
            u.extend(c.clone());
        }
        u
    };
    assert_eq!(
        v["units"],
        json!([
            unit(A, counts(3, 2, 1, 0, 0, 0.6667), 7),
            unit(B, counts(4, 3, 1, 0, 0, 0.75), 11),
            unit(C, counts(2, 1, 0, 0, 1, 0.5), 4),
            unit(D, counts(0, 0, 0, 0, 0, 0.0), 0),
        ])
    );
    assert_eq!(v["copied_rows"], 0);
    // July: only T5 done; T6's explicit 未启动 leaves it not started. August: 县司法局's
    // replacing report (done) counts, not its replaced draft (in progress).
    assert_eq!(
        v["trend"],
        json!([
            { "period": "2025-07", "counts": counts(6, 1, 4, 1, 0, 0.1667) },
            { "period": "2025-08", "counts": counts(6, 3, 2, 1, 0, 0.5) },
            { "period": "2025-09", "counts": counts(6, 4, 1, 0, 1, 0.6667) },
        ])
    );
    Ok(())
}

/// A report on the month in progress counts a task overdue only once its deadline has passed
/// by today, not by the month's end.
#[test]
fn the_current_month_is_overdue_only_past_the_deadline() -> TestResult {
    let fx = fixture()?;
    let september = Range::month(p(2025, 9));
    let t6 = |today: &str| -> Res<Value> {
        let s = report::summary(&fx.db, fx.plan_id, september, day(today)?)?;
        let v = to_json(&s)?;
        let rows = v["sections"][1]["tasks"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        Ok(rows
            .into_iter()
            .find(|t| t["code"] == "3")
            .map(|t| t["status_label"].clone())
            .unwrap_or(Value::Null))
    };
    // T6 is due 2025年9月15日 and has a text but no 已完成.
    assert_eq!(t6("2025-09-10")?, "推进中");
    assert_eq!(t6("2025-09-15")?, "推进中");
    assert_eq!(t6("2025-09-16")?, "逾期");
    let stats = report::stats(&fx.db, fx.plan_id, september, day("2025-09-10")?)?;
    assert_eq!(to_json(&stats)?["totals"], counts(6, 4, 2, 0, 0, 0.6667));
    Ok(())
}

#[test]
fn summary_shows_each_units_latest_report_in_the_range() -> TestResult {
    let fx = fixture()?;
    let s = report::summary(
        &fx.db,
        fx.plan_id,
        range(p(2025, 7), p(2025, 9)),
        day(TODAY)?,
    )?;
    let v = to_json(&s)?;
    assert_eq!(v["kind"], "summary");
    assert_eq!(v["plan_title"], "示例县2025年依法行政专项工作方案");
    assert_eq!(v["empty"], false);
    assert_eq!(v["units_reported"], json!([A, B, C]));
    assert_eq!(v["units_missing"], json!([]));
    let sections = v["sections"].as_array().ok_or("sections")?;
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[0]["section"], "一、制度建设");
    assert_eq!(sections[1]["section"], "二、执法监督");
    // The unit's own status: what the label says, 逾期 aside (a text without a status word here).
    let row = |unit: &str, period: &str, status: &str, label: &str, text: &str| {
        let task_status = match label {
            "已完成" => "done",
            "长期坚持" => "ongoing",
            "未启动" => "not_started",
            _ => "in_progress",
        };
        json!({ "unit": unit, "period": period, "status": status, "status_label": label,
                "task_status": task_status, "text": text })
    };
    let t2 = &sections[0]["tasks"][1];
    assert_eq!(t2["code"], "2");
    assert_eq!(t2["title"], "开展行政规范性文件清理");
    assert_eq!(t2["deadline_text"], "2025年8月31日");
    assert_eq!(t2["lead_units"], json!([A]));
    assert_eq!(t2["co_units"], json!([B]));
    assert_eq!(t2["status"], "done");
    assert_eq!(t2["status_label"], "已完成");
    assert_eq!(
        t2["rows"],
        json!([
            row(A, "2025-09", "done", "已完成", "九月：清理结果已公布"),
            row(B, "2025-09", "done", "已完成", "九月：已完成"),
        ])
    );
    // 长期坚持 is counted as in progress and still says 长期坚持.
    let t3 = &sections[0]["tasks"][2];
    assert_eq!(t3["status"], "in_progress");
    assert_eq!(t3["status_label"], "长期坚持");
    assert_eq!(t3["task_status"], "ongoing");
    assert_eq!(
        t3["rows"],
        json!([row(
            B,
            "2025-09",
            "in_progress",
            "长期坚持",
            "九月：法律顾问列席常务会议"
        )])
    );
    // Done by its lead 县教育局, whatever 县司法局 (配合) still writes.
    let t4 = &sections[1]["tasks"][0];
    assert_eq!(t4["status"], "done");
    assert_eq!(t4["lead_units"], json!([C]));
    assert_eq!(t4["co_units"], json!([A, B]));
    assert_eq!(
        t4["rows"],
        json!([
            row(A, "2025-09", "in_progress", "推进中", "九月：配合抽查案卷"),
            row(B, "2025-09", "done", "已完成", "九月：案卷评查整改完毕"),
            row(C, "2025-09", "done", "已完成", "九月：案卷评查全部完成"),
        ])
    );
    let t6 = &sections[1]["tasks"][2];
    assert_eq!(t6["status"], "overdue");
    assert_eq!(t6["status_label"], "逾期");
    assert_eq!(
        t6["rows"],
        json!([row(C, "2025-09", "overdue", "逾期", "九月：培训计划已拟定")])
    );

    // July to August: 县教育局's latest in the range is July's; 县司法局 says nothing on T4.
    let s = report::summary(
        &fx.db,
        fx.plan_id,
        range(p(2025, 7), p(2025, 8)),
        day(TODAY)?,
    )?;
    let v = to_json(&s)?;
    assert_eq!(
        v["sections"][1]["tasks"][0]["rows"],
        json!([
            row(B, "2025-08", "in_progress", "推进中", "八月：报送执法案卷"),
            row(
                C,
                "2025-07",
                "in_progress",
                "推进中",
                "七月：制定案卷评查方案"
            ),
        ])
    );
    // The replaced draft never shows.
    assert_eq!(
        v["sections"][0]["tasks"][0]["rows"],
        json!([row(A, "2025-08", "done", "已完成", "八月：审查办法已印发")])
    );

    // August alone: 县教育局 sent nothing, so T6 has no row and it is listed as missing.
    let s = report::summary(&fx.db, fx.plan_id, Range::month(p(2025, 8)), day(TODAY)?)?;
    let v = to_json(&s)?;
    assert_eq!(v["label"], "2025年8月");
    assert_eq!(v["units_reported"], json!([A, B]));
    assert_eq!(v["units_missing"], json!([C]));
    assert_eq!(v["sections"][1]["tasks"][2]["rows"], json!([]));
    assert_eq!(v["sections"][1]["tasks"][2]["status"], "not_started");
    Ok(())
}

#[test]
fn circular_ranks_units_and_writes_the_paragraph() -> TestResult {
    let fx = fixture()?;
    let c = report::circular(
        &fx.db,
        fx.plan_id,
        range(p(2025, 7), p(2025, 9)),
        day(TODAY)?,
    )?;
    let v = to_json(&c)?;
    assert_eq!(v["kind"], "circular");
    assert_eq!(v["empty"], false);
    assert_eq!(
        v["periods"],
        json!([
            { "period": "2025-07", "due": "2025-08-05", "counted": true },
            { "period": "2025-08", "due": "2025-09-05", "counted": true },
            { "period": "2025-09", "due": "2025-10-09", "counted": true },
        ])
    );
    let cell = |period: &str, state: &str, at: Option<&str>| {
        json!({ "period": period, "state": state, "received_at": at,
                "received_on": at.and_then(|t| t.get(..10)) })
    };
    assert_eq!(
        v["units"],
        json!([
            { "rank": 1, "unit": A, "required": 3, "on_time": 3, "late": 0, "missing": 0,
              "on_time_rate": 1.0, "cells": [
                cell("2025-07", "on_time", Some("2025-08-04 10:00:00")),
                cell("2025-08", "on_time", Some("2025-09-03 15:00:00")),
                cell("2025-09", "on_time", Some("2025-10-09 11:00:00")) ] },
            { "rank": 1, "unit": B, "required": 3, "on_time": 3, "late": 0, "missing": 0,
              "on_time_rate": 1.0, "cells": [
                cell("2025-07", "on_time", Some("2025-08-05 16:00:00")),
                cell("2025-08", "on_time", Some("2025-09-04 11:00:00")),
                cell("2025-09", "on_time", Some("2025-10-09 17:30:00")) ] },
            { "rank": 3, "unit": C, "required": 3, "on_time": 1, "late": 1, "missing": 1,
              "on_time_rate": 0.3333, "cells": [
                cell("2025-07", "late", Some("2025-08-07 09:00:00")),
                cell("2025-08", "missing", None),
                cell("2025-09", "on_time", Some("2025-10-08 08:30:00")) ] },
        ])
    );
    assert_eq!(
        v["totals"],
        json!({ "required": 9, "on_time": 7, "late": 1, "missing": 1, "on_time_rate": 0.7778 })
    );
    assert_eq!(
        c.paragraph,
        "2025年7月至9月，应报送工作台账的责任单位3个，应报送9次，其中按时报送7次、迟报1次、\
         未报送1次，按时报送率77.8%。县教育局存在迟报、未报情况。请上述单位高度重视，严格落实\
         按时报送要求。县司法局、县财政局均按时报送。"
    );
    Ok(())
}

#[test]
fn paragraph_reads_right_for_every_case() -> TestResult {
    let fx = fixture()?;
    let today = day(TODAY)?;
    let para = |from: Period, to: Period, today: NaiveDate| -> Res<String> {
        Ok(report::circular(&fx.db, fx.plan_id, range(from, to), today)?.paragraph)
    };
    // Everyone on time.
    assert_eq!(
        para(p(2025, 9), p(2025, 9), today)?,
        "2025年9月，应报送工作台账的责任单位3个，应报送3次，均按时报送，按时报送率100%。"
    );
    // Late, nobody missing.
    assert_eq!(
        para(p(2025, 7), p(2025, 7), today)?,
        "2025年7月，应报送工作台账的责任单位3个，应报送3次，其中按时报送2次、迟报1次，按时报送率\
         66.7%。县教育局存在迟报情况。请上述单位高度重视，严格落实按时报送要求。县司法局、县财政局\
         均按时报送。"
    );
    // Missing, nobody late.
    assert_eq!(
        para(p(2025, 8), p(2025, 8), today)?,
        "2025年8月，应报送工作台账的责任单位3个，应报送3次，其中按时报送2次、未报送1次，按时报送率\
         66.7%。县教育局未按要求报送。请上述单位高度重视，严格落实按时报送要求。县司法局、县财政局\
         均按时报送。"
    );
    // On September's due day that period is still open: counted are July and August only.
    let on_due_day = report::circular(
        &fx.db,
        fx.plan_id,
        range(p(2025, 7), p(2025, 9)),
        day("2025-10-09")?,
    )?;
    assert_eq!(
        on_due_day.paragraph,
        "2025年7月至8月，应报送工作台账的责任单位3个，应报送6次，其中按时报送4次、迟报1次、未报送\
         1次，按时报送率66.7%。县教育局存在迟报、未报情况。请上述单位高度重视，严格落实按时报送要求。\
         县司法局、县财政局均按时报送。2025年9月工作台账报送截止日为2025年10月9日，尚未到期，不计入\
         本次通报。"
    );
    assert!(!on_due_day.periods[2].counted);
    assert_eq!(on_due_day.totals.required, 6);
    // A unit that reports only from September on is not required before.
    let mut db = Db::open(&fx.path())?;
    let c = unit::resolve(db.conn(), C)?;
    remind::set_unit_report_from(&mut db, fx.plan_id, c, Some(p(2025, 9)))?;
    let later = report::circular(&db, fx.plan_id, range(p(2025, 7), p(2025, 9)), today)?;
    let v = to_json(&later)?;
    let edu = &v["units"][2];
    assert_eq!(edu["unit"], C);
    assert_eq!(
        edu["cells"][0]["state"], "late",
        "a report received still shows"
    );
    assert_eq!(edu["cells"][1]["state"], "not_required");
    assert_eq!(
        (
            edu["required"].clone(),
            edu["on_time"].clone(),
            edu["missing"].clone()
        ),
        (json!(2), json!(1), json!(0))
    );
    Ok(())
}

#[test]
fn more_than_three_units_are_named_as_a_few_and_a_count() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = common::sample_db(dir.path());
    let out = cli_ok(
        &db,
        &[
            "report", "circular", "--period", "2025-08", "--today", TODAY, "--json",
        ],
    );
    let v: Value = serde_json::from_str(&out)?;
    assert_eq!(
        v["paragraph"],
        "2025年8月，应报送工作台账的责任单位22个，应报送22次，其中按时报送0次、未报送22次，按时报送率\
         0%。县委办、县政府办、县委组织部等22个单位未按要求报送。请上述单位高度重视，严格落实按时\
         报送要求。"
    );
    // Ties share the first rank; 县卫健局 has no task and is not in the 通报.
    let units = v["units"].as_array().ok_or("units")?;
    assert_eq!(units.len(), 22);
    assert!(units.iter().all(|u| u["rank"] == 1));
    assert!(!units.iter().any(|u| u["unit"] == "县卫健局"));
    Ok(())
}

#[test]
fn a_range_without_reports_says_so() -> TestResult {
    let mut fx = fixture()?;
    let today = day(TODAY)?;
    let october = Range::month(p(2025, 10));
    // A unit with no task in the plan sends an (empty) ledger for October anyway: still no data.
    let d = unit::resolve(fx.db.conn(), D)?;
    let tx = fx.db.transaction()?;
    let sub = Submission {
        plan_id: fx.plan_id,
        unit_id: d,
        period: p(2025, 10),
        file_name: "县D台账.xlsx",
        file_hash: "",
        received_at: "2025-10-10 09:00:00",
    };
    progress::record_submission(&tx, &sub, &[])?;
    tx.commit()?;
    let s = report::summary(&fx.db, fx.plan_id, october, today)?;
    assert!(s.head.empty);
    assert_eq!(
        s.head.note.as_deref(),
        Some("2025年10月尚无单位报送工作台账，汇总表为空。")
    );
    assert_eq!(s.units_missing, [A, B, C]);
    let st = report::stats(&fx.db, fx.plan_id, october, today)?;
    assert!(st.head.empty);
    assert_eq!(
        st.head.note.as_deref(),
        Some("2025年10月尚无单位报送工作台账，以下统计按任务清单中登记的任务状态计算。")
    );
    // Still the statuses as of October: September's reports stand (T4 done by its lead).
    assert_eq!(to_json(&st.totals)?, counts(6, 4, 1, 0, 1, 0.6667));
    let c = report::circular(&fx.db, fx.plan_id, october, today)?;
    assert!(c.head.empty);
    let note = "2025年10月工作台账的报送截止日为2025年11月5日，尚未到期，暂无报送情况可通报。";
    assert_eq!(c.head.note.as_deref(), Some(note));
    assert_eq!(c.paragraph, note);
    assert_eq!(to_json(&c.totals)?["required"], 0);
    assert_eq!(to_json(&c.units[0].cells[0])?["state"], "pending");

    // The workbooks say so in a line instead of an empty table.
    let october_workbook = |kind: &str, name: &str| -> Res<PathBuf> {
        let file = fx.out(name);
        let out = path_str(&file)?;
        let args = [
            "report", kind, "--period", "2025-10", "--today", TODAY, "--out", out,
        ];
        cli_ok(&fx.path(), &args);
        Ok(file)
    };
    let file = october_workbook("summary", "十月汇总.xlsx")?;
    let book = Book::open(&file, "汇总台账")?;
    assert_eq!(book.at(0, 0), "2025年10月工作台账汇总表");
    assert_eq!(
        book.at(2, 0),
        "2025年10月尚无单位报送工作台账，汇总表为空。"
    );
    assert_eq!(book.height(), 3, "no header row, no table");
    let file = october_workbook("circular", "十月通报.xlsx")?;
    let book = Book::open(&file, "报送情况通报")?;
    assert_eq!(book.at(2, 0), format!("　　{note}"));
    assert_eq!(book.height(), 3);
    // 进展统计 says so above its tables, which count the registered statuses.
    let file = october_workbook("stats", "十月统计.xlsx")?;
    let book = Book::open(&file, "按章节统计")?;
    assert_eq!(book.at(0, 0), "2025年10月重点任务进展情况统计表");
    assert_eq!(
        book.at(2, 0),
        "2025年10月尚无单位报送工作台账，以下统计按任务清单中登记的任务状态计算。"
    );
    assert_eq!(book.row(3)[..2], ["序号", "章节"]);
    let last = book.height() - 1;
    assert_eq!(
        book.row(last),
        ["合计", "", "4", "1", "0", "1", "6", "66.7%"]
    );
    Ok(())
}

#[test]
fn bad_input_gets_a_chinese_message() -> TestResult {
    let fx = fixture()?;
    let db = fx.path();
    let plan = fx.plan_id.to_string();
    let cases: [(&[&str], &str); 6] = [
        (
            &["report", "stats", "--plan", "99", "--period", "2025-09"],
            "未找到编号为 99 的方案",
        ),
        (
            &[
                "report", "summary", "--plan", &plan, "--from", "2025-09", "--to", "2025-07",
            ],
            "起始月份2025年9月晚于截止月份2025年7月",
        ),
        (
            &["report", "circular", "--plan", &plan, "--period", "2025-06"],
            "2025年6月不在该方案的报送期内（2025年7月至12月）",
        ),
        (
            &[
                "report", "stats", "--plan", &plan, "--from", "2025-07", "--to", "2026-01",
            ],
            "2026年1月不在该方案的报送期内",
        ),
        (
            &["report", "stats", "--plan", &plan, "--period", "2025-13"],
            "报送期次“2025-13”无法识别，请写成 2025-09 或 2025年9月",
        ),
        (
            &["report", "stats", "--plan", &plan],
            "请用 --period 指定月份",
        ),
    ];
    for (args, words) in cases {
        let err = cli_err(&db, args);
        assert!(err.contains(words), "{args:?}: {err}");
    }
    // The same through the core, with the kinds the UI gets.
    let today = day(TODAY)?;
    let err = report::stats(&fx.db, 99, Range::month(p(2025, 9)), today).err();
    assert_eq!(
        err.map(|e| taizhang::Error::from(e).kind()),
        Some(taizhang::ErrorKind::NotFound)
    );
    let err = report::summary(&fx.db, fx.plan_id, range(p(2025, 9), p(2025, 7)), today).err();
    assert_eq!(
        err.map(|e| taizhang::Error::from(e).kind()),
        Some(taizhang::ErrorKind::Invalid)
    );
    // Nothing is written for a refused report, and a bad target is named.
    let file = fx.out("不会写出.xlsx");
    cli_err(
        &db,
        &[
            "report",
            "stats",
            "--period",
            "2025-06",
            "--out",
            path_str(&file)?,
        ],
    );
    assert!(!file.exists());
    let err = cli_err(
        &db,
        &[
            "report",
            "stats",
            "--period",
            "2025-09",
            "--out",
            path_str(&fx.out("统计.txt"))?,
        ],
    );
    assert!(err.contains(".xlsx"), "{err}");
    let err = cli_err(
        &db,
        &[
            "report",
            "stats",
            "--period",
            "2025-09",
            "--out",
            path_str(&fx.out("无此文件夹/统计.xlsx"))?,
        ],
    );
    assert!(err.contains("不存在"), "{err}");
    Ok(())
}

#[test]
fn cli_json_is_the_core_report_plus_the_file() -> TestResult {
    let fx = fixture()?;
    let today = day(TODAY)?;
    let r = range(p(2025, 7), p(2025, 9));
    for (kind, name) in [
        (ReportKind::Summary, "summary"),
        (ReportKind::Stats, "stats"),
        (ReportKind::Circular, "circular"),
    ] {
        let file = fx.out(&format!("{name}.xlsx"));
        let out = cli_ok(
            &fx.path(),
            &[
                "report",
                name,
                "--from",
                "2025-07",
                "--to",
                "2025-09",
                "--today",
                TODAY,
                "--out",
                path_str(&file)?,
                "--json",
            ],
        );
        let mut v: Value = serde_json::from_str(&out)?;
        assert_eq!(v["file"], path_str(&file)?);
        if let Some(o) = v.as_object_mut() {
            o.remove("file");
        }
        let core = to_json(&report::build(&fx.db, kind, fx.plan_id, r, today)?)?;
        assert_eq!(v, core, "{name}");
        assert!(file.exists());
        // Without --json: one plain Chinese line and where the file went.
        let text = cli_ok(
            &fx.path(),
            &[
                "report", name, "--from", "2025-07", "--to", "2025-09", "--today", TODAY,
            ],
        );
        assert!(!text.trim_start().starts_with('{'), "{text}");
        assert!(text.contains("2025年7月至9月"), "{text}");
    }
    let text = cli_ok(
        &fx.path(),
        &["report", "stats", "--period", "2025-09", "--today", TODAY],
    );
    assert_eq!(
        text.trim(),
        "2025年9月进展统计：任务 6 项，已完成 4、推进中 1、未启动 0、逾期 1，完成率 66.7%。"
    );
    // TAIZHANG_TODAY stands in for --today, as in the desktop app.
    let out = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args([
            "--db",
            path_str(&fx.path())?,
            "report",
            "circular",
            "--period",
            "2025-09",
        ])
        .arg("--json")
        .env("TAIZHANG_TODAY", "2025-10-09")
        .output()?;
    let v: Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(v["generated_on"], "2025-10-09");
    assert_eq!(v["periods"][0]["counted"], false);
    Ok(())
}

fn path_str(p: &Path) -> Res<&str> {
    p.to_str().ok_or_else(|| "path is not UTF-8".into())
}

/// A workbook read back: one sheet's cells, its merged ranges and the raw XML parts.
struct Book {
    cells: calamine::Range<Data>,
    merged: Vec<calamine::Dimensions>,
    sheets: Vec<String>,
    xml: HashMap<String, String>,
}

impl Book {
    fn open(path: &Path, sheet: &str) -> Res<Book> {
        let mut wb: Xlsx<_> = open_workbook(path)?;
        let sheets = wb.sheet_names();
        let cells = wb.worksheet_range(sheet)?;
        let merged = wb.merge_cells_by_sheet_name(sheet)?;
        let xml = xml_parts(path)?;
        Ok(Book {
            cells,
            merged,
            sheets,
            xml,
        })
    }

    fn at(&self, row: u32, col: u32) -> String {
        match self.cells.get_value((row, col)) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Float(f)) if f.fract() == 0.0 => format!("{f:.0}"),
            Some(Data::Float(f)) => f.to_string(),
            Some(Data::Int(i)) => i.to_string(),
            Some(Data::Empty) | None => String::new(),
            Some(other) => format!("{other:?}"),
        }
    }

    fn row(&self, row: u32) -> Vec<String> {
        let width = self.cells.end().map_or(0, |e| e.1 + 1);
        (0..width).map(|c| self.at(row, c)).collect()
    }

    fn height(&self) -> u32 {
        self.cells.end().map_or(0, |e| e.0 + 1)
    }

    fn merged_over(&self, row: u32, col: u32) -> Option<(u32, u32)> {
        self.merged
            .iter()
            .find(|d| d.start == (row, col))
            .map(|d| (d.start.0, d.end.0))
    }

    /// The print setup of sheet `n` (1-based): A4, landscape, one page wide, page numbers.
    fn check_print(&self, n: usize, titles: &str) {
        let sheet = self
            .xml
            .get(&format!("xl/worksheets/sheet{n}.xml"))
            .map_or("", String::as_str);
        let setup = sheet
            .split("<pageSetup ")
            .nth(1)
            .and_then(|s| s.split("/>").next())
            .unwrap_or("");
        assert!(setup.contains("paperSize=\"9\""), "sheet {n}: A4: {setup}");
        assert!(
            setup.contains("orientation=\"landscape\""),
            "sheet {n}: {setup}"
        );
        assert!(setup.contains("fitToHeight=\"0\""), "sheet {n}: {setup}");
        assert!(
            sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "sheet {n}"
        );
        assert!(sheet.contains("第 &amp;P 页 共 &amp;N 页"), "sheet {n}");
        let workbook = self.xml.get("xl/workbook.xml").map_or("", String::as_str);
        let name = &self.sheets[n - 1];
        assert!(
            workbook.contains(&format!("'{name}'!{titles}</definedName>"))
                || workbook.contains(&format!("{name}!{titles}</definedName>")),
            "sheet {n} ({name}) repeats {titles}: {workbook}"
        );
    }
}

#[test]
fn workbooks_hold_the_numbers_and_print_on_a4() -> TestResult {
    let fx = fixture()?;
    let today = day(TODAY)?;
    let r = range(p(2025, 7), p(2025, 9));
    let subtitle =
        "《示例县2025年依法行政专项工作方案》　统计期间：2025年7月至9月　生成日期：2025年10月12日";

    let file = report::export(
        &fx.db,
        ReportKind::Summary,
        fx.plan_id,
        r,
        today,
        &fx.out("汇总.xlsx"),
        taizhang::ledger::Existing::KeepBoth,
    )?
    .path;
    let book = Book::open(&file, "汇总台账")?;
    book.check_print(1, "$1:$3");
    assert_eq!(book.at(0, 0), "2025年7月至9月工作台账汇总表");
    assert_eq!(book.at(1, 0), subtitle);
    assert_eq!(
        book.row(2),
        [
            "序号",
            "重点任务",
            "牵头单位",
            "填报单位",
            "完成状态",
            "进展情况"
        ]
    );
    assert_eq!(book.at(3, 0), "一、制度建设");
    assert_eq!(
        book.row(4),
        [
            "1",
            "完善重大行政决策合法性审查制度",
            A,
            A,
            "已完成",
            "九月：办法全面实施"
        ]
    );
    assert_eq!(
        book.row(5),
        [
            "2",
            "开展行政规范性文件清理",
            A,
            A,
            "已完成",
            "九月：清理结果已公布"
        ]
    );
    assert_eq!(book.row(6)[3..], [B, "已完成", "九月：已完成"]);
    // The department's 长期坚持 is printed as written.
    assert_eq!(book.row(7)[4], "长期坚持");
    assert_eq!(
        book.merged_over(5, 1),
        Some((5, 6)),
        "task cells span its units"
    );
    assert_eq!(book.at(8, 0), "二、执法监督");
    assert_eq!(book.row(9)[..4], ["1", "开展行政执法案卷评查", C, A]);
    assert_eq!(book.merged_over(9, 0), Some((9, 11)));
    assert_eq!(
        book.row(13),
        [
            "3",
            "组织行政执法人员培训",
            C,
            C,
            "逾期",
            "九月：培训计划已拟定"
        ]
    );
    assert_eq!(book.at(14, 0), "已报送单位3个，各单位均已报送。");

    // A range: reports older than its last month carry their month.
    let file = report::export(
        &fx.db,
        ReportKind::Summary,
        fx.plan_id,
        range(p(2025, 7), p(2025, 8)),
        today,
        &fx.out("汇总7-8.xlsx"),
        taizhang::ledger::Existing::KeepBoth,
    )?
    .path;
    let book = Book::open(&file, "汇总台账")?;
    let rows: Vec<Vec<String>> = (0..book.height()).map(|r| book.row(r)).collect();
    assert!(rows
        .iter()
        .any(|r| r[3] == C && r[5] == "（2025年7月）七月：制定案卷评查方案"));
    let last = rows.last().ok_or("rows")?;
    assert_eq!(last[0], "已报送单位3个，各单位均已报送。");
    let file = report::export(
        &fx.db,
        ReportKind::Summary,
        fx.plan_id,
        Range::month(p(2025, 8)),
        today,
        &fx.out("汇总8.xlsx"),
        taizhang::ledger::Existing::KeepBoth,
    )?
    .path;
    let book = Book::open(&file, "汇总台账")?;
    let rows: Vec<Vec<String>> = (0..book.height()).map(|r| book.row(r)).collect();
    assert!(rows
        .iter()
        .any(|r| r == &["3", "组织行政执法人员培训", C, "—", "未启动", "未报送"]));
    assert_eq!(
        book.at(book.height() - 1, 0),
        "已报送单位2个；未报送单位1个：县教育局。"
    );

    let file = report::export(
        &fx.db,
        ReportKind::Stats,
        fx.plan_id,
        r,
        today,
        &fx.out("统计.xlsx"),
        taizhang::ledger::Existing::KeepBoth,
    )?
    .path;
    let book = Book::open(&file, "按章节统计")?;
    assert_eq!(book.sheets[..3], ["按章节统计", "按单位统计", "进展趋势"]);
    for n in 1..=3 {
        book.check_print(n, "$1:$3");
    }
    assert_eq!(book.at(0, 0), "2025年7月至9月重点任务进展情况统计表");
    assert_eq!(book.at(1, 0), subtitle);
    assert_eq!(
        book.row(2),
        [
            "序号",
            "章节",
            "已完成",
            "推进中",
            "未启动",
            "逾期",
            "合计",
            "完成率"
        ]
    );
    assert_eq!(
        book.row(3),
        ["1", "一、制度建设", "2", "1", "0", "0", "3", "66.7%"]
    );
    assert_eq!(
        book.row(4),
        ["2", "二、执法监督", "2", "0", "0", "1", "3", "66.7%"]
    );
    assert_eq!(book.row(5), ["合计", "", "4", "1", "0", "1", "6", "66.7%"]);
    let units = Book::open(&file, "按单位统计")?;
    assert_eq!(
        units.row(3),
        ["1", A, "2", "1", "0", "0", "3", "66.7%", "7", "0", "0%"]
    );
    assert_eq!(
        units.row(4),
        ["2", B, "3", "1", "0", "0", "4", "75%", "11", "0", "0%"]
    );
    assert_eq!(
        units.row(5),
        ["3", C, "1", "0", "0", "1", "2", "50%", "4", "0", "0%"]
    );
    assert_eq!(
        units.row(6),
        ["4", D, "—", "—", "—", "—", "0", "—", "0", "0", "—"]
    );
    let trend = Book::open(&file, "进展趋势")?;
    assert_eq!(trend.row(2)[0], "月份");
    assert_eq!(
        trend.row(3),
        ["2025年7月", "1", "4", "1", "0", "6", "16.7%"]
    );
    assert_eq!(trend.row(4), ["2025年8月", "3", "2", "1", "0", "6", "50%"]);
    assert_eq!(
        trend.row(5),
        ["2025年9月", "4", "1", "0", "1", "6", "66.7%"]
    );
    // Under the table, a stacked column chart of the four counts by month.
    let chart = trend.xml.get("xl/charts/chart1.xml").ok_or("no chart")?;
    assert!(chart.contains("<c:grouping val=\"stacked\"/>"), "{chart}");
    assert_eq!(chart.matches("<c:ser>").count(), 4);
    assert!(chart.contains("进展趋势!$A$4:$A$6"), "{chart}");
    assert!(chart.contains("进展趋势!$E$4:$E$6"), "{chart}");
    let drawing = trend
        .xml
        .get("xl/drawings/drawing1.xml")
        .ok_or("no drawing")?;
    // Rows 4–6 the months, 7 the note, 8 blank, then 16 rows of chart as wide as the table,
    // all inside the print area.
    assert!(
        drawing.contains(
            "<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>8</xdr:row>"
        ) && drawing.contains(
            "<xdr:to><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>24</xdr:row>"
        ),
        "{drawing}"
    );
    let workbook = trend.xml.get("xl/workbook.xml").ok_or("workbook")?;
    assert!(
        workbook.contains("进展趋势!$A$1:$G$24</definedName>"),
        "{workbook}"
    );

    let file = report::export(
        &fx.db,
        ReportKind::Circular,
        fx.plan_id,
        r,
        today,
        &fx.out("通报.xlsx"),
        taizhang::ledger::Existing::KeepBoth,
    )?
    .path;
    let book = Book::open(&file, "报送情况通报")?;
    // Only the header repeats: the paragraph above it prints once.
    book.check_print(1, "$4:$4");
    assert_eq!(book.at(0, 0), "关于2025年7月至9月工作台账报送情况的通报");
    // A 通报: the 文号 line under the title (none asked for here), then 主送 and the body.
    assert_eq!(book.at(1, 0), "");
    let c = report::circular(&fx.db, fx.plan_id, r, today)?;
    assert_eq!(book.at(2, 0), format!("各责任单位：\n　　{}", c.paragraph));
    assert_eq!(book.merged_over(2, 0).map(|_| ()), Some(()));
    assert_eq!(
        book.row(3),
        [
            "排名",
            "单位",
            "应报",
            "按时",
            "迟报",
            "未报",
            "按时率",
            "7月",
            "8月",
            "9月"
        ]
    );
    assert_eq!(
        book.row(4),
        ["1", A, "3", "3", "0", "0", "100%", "√", "√", "√"]
    );
    assert_eq!(
        book.row(5),
        ["1", B, "3", "3", "0", "0", "100%", "√", "√", "√"]
    );
    assert_eq!(
        book.row(6),
        ["3", C, "3", "1", "1", "1", "33.3%", "迟", "未", "√"]
    );
    assert_eq!(
        book.row(7),
        ["合计", "", "9", "7", "1", "1", "77.8%", "", "", ""]
    );
    assert!(book.at(8, 0).starts_with("说明：√ 按时报送"));
    // 落款 after a blank row: the 发文机关 over the 成文日期.
    assert_eq!(book.at(10, 0), format!("{}　　", c.document.issuer));
    assert_eq!(book.at(11, 0), "2025年10月12日　　　　");

    // LibreOffice prints each of them on A4 landscape with the page numbers.
    let files: Vec<PathBuf> = ["汇总.xlsx", "统计.xlsx", "通报.xlsx"]
        .iter()
        .map(|f| fx.out(f))
        .collect();
    let pdfs = to_pdf(fx.dir.path(), &files)?;
    for (pdf, words) in pdfs.iter().zip([
        &[
            "2025年7月至9月工作台账汇总表",
            "九月：培训计划已拟定",
            "第1页共1页",
        ][..],
        &[
            "各单位重点任务进展情况统计表",
            "重点任务进展趋势",
            "各月重点任务状态（项）",
            "二、执法监督",
        ][..],
        &["县教育局存在迟报、未报情况", "按时率", "77.8%"][..],
    ]) {
        let pages = a4_landscape_pages(pdf)?;
        let text = pdf_text(pdf, None)?;
        for w in words {
            assert!(text.contains(w), "{}: {w} missing", pdf.display());
        }
        assert!(
            text.contains(&format!("第1页共{pages}页")),
            "{}",
            pdf.display()
        );
    }
    Ok(())
}

/// The sample plan with three months of reports from most units: the reports run over several
/// pages, and each page repeats the header.
#[test]
fn long_reports_repeat_their_header_on_every_page() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("taizhang.db");
    let mut db = Db::open(&path)?;
    let plan_id = sample::load(&mut db)?;
    let units = common::reporting_units(&db)?;
    let mut all = Vec::new();
    for (i, (unit_id, name)) in units.iter().enumerate() {
        let tasks = task::list(
            &db,
            &TaskFilter {
                plan_id: Some(plan_id),
                unit: Some(name.clone()),
                ..Default::default()
            },
        )?;
        for month in 7..=9 {
            // Every fifth unit skips August; every seventh is two days late in September.
            if i % 5 == 4 && month == 8 {
                continue;
            }
            let received = match (month, i % 7 == 6) {
                (9, true) => "2025-10-11 09:00:00".to_string(),
                (9, false) => "2025-10-09 09:00:00".to_string(),
                (m, _) => format!("2025-{:02}-04 09:00:00", m + 1),
            };
            let entries: Vec<Entry> = tasks
                .iter()
                .map(|t| Entry {
                    task_id: t.id,
                    text: format!(
                        "{name}{month}月：召开专题会议研究部署“{}”，制定工作方案，明确责任分工和\
                         时间节点，已完成阶段性工作。",
                        t.title
                    ),
                    status: Some(if month == 9 && t.id % 3 == 0 {
                        Status::Done
                    } else {
                        Status::InProgress
                    }),
                })
                .collect();
            all.push((*unit_id, month, received, entries));
        }
    }
    let tx = db.transaction()?;
    for (unit_id, month, received, entries) in &all {
        let sub = Submission {
            plan_id,
            unit_id: *unit_id,
            period: p(2025, *month),
            file_name: "台账.xlsx",
            file_hash: "",
            received_at: received,
        };
        progress::record_submission(&tx, &sub, entries)?;
    }
    tx.commit()?;
    let out = dir.path().join("print");
    std::fs::create_dir_all(&out)?;
    let mut files = Vec::new();
    for (name, kind) in [
        ("汇总台账", "summary"),
        ("进展统计", "stats"),
        ("报送情况通报", "circular"),
    ] {
        let file = out.join(format!("示例县_{name}_2025年7月至9月.xlsx"));
        cli_ok(
            &path,
            &[
                "report",
                kind,
                "--from",
                "2025-07",
                "--to",
                "2025-09",
                "--today",
                TODAY,
                "--out",
                path_str(&file)?,
            ],
        );
        files.push(file);
    }
    let pdfs = to_pdf(dir.path(), &files)?;
    for (pdf, header) in pdfs.iter().zip(["进展情况", "完成率", "按时率"]) {
        let pages = a4_landscape_pages(pdf)?;
        assert!(pages >= 2, "{}: {pages} page(s)", pdf.display());
        for page in 2..=pages {
            let text = pdf_text(pdf, Some(page))?;
            assert!(
                text.contains(header),
                "{}: page {page} lacks the header",
                pdf.display()
            );
            assert!(
                text.contains(&format!("第{page}页共{pages}页")),
                "{}",
                pdf.display()
            );
        }
    }
    // The summary keeps the plan's headings: 二、重点任务 over (一)…(六), then 三、保障措施.
    let v: Value = serde_json::from_str(&cli_ok(
        &path,
        &[
            "report", "summary", "--period", "2025-09", "--today", TODAY, "--json",
        ],
    ))?;
    let heads: Vec<(String, i64, usize)> = v["sections"]
        .as_array()
        .ok_or("sections")?
        .iter()
        .map(|s| {
            (
                s["section"].as_str().unwrap_or_default().to_string(),
                s["level"].as_i64().unwrap_or_default(),
                s["tasks"].as_array().map_or(0, Vec::len),
            )
        })
        .collect();
    assert_eq!(heads.len(), 8, "{heads:?}");
    assert_eq!(heads[0], ("二、重点任务".to_string(), 1, 0));
    assert_eq!(heads[1].0, "(一)强化法治思维，提升学法用法实效");
    assert_eq!((heads[1].1, heads[1].2), (2, 4));
    assert_eq!(heads[7], ("三、保障措施".to_string(), 1, 3));
    assert_eq!(heads.iter().map(|h| h.2).sum::<usize>(), 31);
    // The 通报's paragraph names the late and the missing units from the numbers.
    let v: Value = serde_json::from_str(&cli_ok(
        &path,
        &[
            "report", "circular", "--from", "2025-07", "--to", "2025-09", "--today", TODAY,
            "--json",
        ],
    ))?;
    let paragraph = v["paragraph"].as_str().ok_or("paragraph")?;
    assert!(paragraph.contains("存在迟报情况"), "{paragraph}");
    assert!(paragraph.contains("未按要求报送"), "{paragraph}");
    assert!(paragraph.contains("均按时报送。"), "{paragraph}");
    if let Ok(keep) = std::env::var("TAIZHANG_REPORT_PDF_DIR") {
        for pdf in &pdfs {
            let name = pdf.file_name().ok_or("name")?;
            std::fs::copy(pdf, Path::new(&keep).join(name))?;
        }
    }
    Ok(())
}
