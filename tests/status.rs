//! One status per task, from the ledgers: after departments' ledgers are imported, 任务清单
//! (`task list`), the 工作台 board, 汇总查看 (`ledger consolidate`) and the reports (`report
//! summary` / `report stats`) all give every task the same status; a status set by hand stands
//! until a newer report; 长期坚持 stays 长期坚持. The real CLI on real files, the sample plan.

mod common;
#[path = "ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::{cli_ok, export_ledgers_into, sample_db, TestResult};
use ledger_fixtures::{fill, ledger, write, Layout};
use serde_json::Value;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const TODAY: &str = "2025-11-20";

fn json(text: &str) -> Res<Value> {
    Ok(serde_json::from_str(text)?)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// The id of the sample task titled `title`.
fn task_id(db: &Path, title: &str) -> Res<i64> {
    let list = json(&cli_ok(db, &["task", "list", "--json"]))?;
    list.as_array()
        .ok_or("task list is not a list")?
        .iter()
        .find(|t| t["title"].as_str().is_some_and(|x| x.starts_with(title)))
        .and_then(|t| t["id"].as_i64())
        .ok_or_else(|| format!("no task {title}").into())
}

/// `unit`'s ledger for `period` filled in, every row 推进中 except `statuses` (task id → the
/// department's own word), saved in `dir`.
fn returned(
    db: &Path,
    dir: &Path,
    unit: &str,
    period: &str,
    statuses: &[(i64, &str)],
) -> Res<PathBuf> {
    let l = ledger(db, unit, period)?;
    let (y, m) = period.split_once('-').ok_or("bad period")?;
    let file = dir.join(format!("{unit}_{y}年{m}月_工作台账.xlsx"));
    let mut rows = fill(&l, "已按期推进");
    for row in &mut rows {
        if let Some((_, word)) = statuses.iter().find(|(id, _)| *id == row.task.id) {
            row.status = word.to_string();
        }
    }
    write(&file, Layout::Ours, &l, &rows)?;
    Ok(file)
}

fn import(db: &Path, files: &[PathBuf], received: &str) {
    let mut args: Vec<&str> = vec!["ledger", "import"];
    args.extend(files.iter().map(|f| s(f)));
    args.extend(["--received", received, "--today", TODAY]);
    cli_ok(db, &args);
}

/// Every task's status (`not_started` …) and its source, from `task list --json`.
fn task_list(db: &Path) -> Res<HashMap<i64, (String, String)>> {
    let list = json(&cli_ok(db, &["task", "list", "--json"]))?;
    Ok(list
        .as_array()
        .ok_or("task list is not a list")?
        .iter()
        .filter_map(|t| {
            Some((
                t["id"].as_i64()?,
                (
                    t["status"].as_str()?.to_string(),
                    t["status_source"].as_str()?.to_string(),
                ),
            ))
        })
        .collect())
}

/// Checks that the board, 汇总查看 and the reports of `period` agree with 任务清单.
fn all_agree(db: &Path, period: &str) -> Res<HashMap<i64, String>> {
    let list = task_list(db)?;
    let status: HashMap<i64, String> = list.iter().map(|(k, v)| (*k, v.0.clone())).collect();
    let count = |s: &str| status.values().filter(|v| *v == s).count() as i64;

    // 工作台: the counters.
    let board = json(&cli_ok(
        db,
        &["remind", "--board", "--json", "--today", TODAY],
    ))?;
    let by_status = board["by_status"].as_array().ok_or("no by_status")?;
    assert_eq!(by_status.len(), 4);
    for c in by_status {
        let s = c["status"].as_str().ok_or("no status")?;
        assert_eq!(c["count"].as_i64(), Some(count(s)), "board count of {s}");
    }

    // 汇总查看.
    let view = json(&cli_ok(
        db,
        &["ledger", "consolidate", "--period", period, "--json"],
    ))?;
    let tasks = view["tasks"].as_array().ok_or("no tasks")?;
    assert_eq!(tasks.len(), status.len());
    for t in tasks {
        let id = t["task_id"].as_i64().ok_or("no id")?;
        assert_eq!(
            t["status"].as_str(),
            Some(status[&id].as_str()),
            "汇总查看 task {id}"
        );
        assert_eq!(
            t["status_source"].as_str(),
            Some(list[&id].1.as_str()),
            "汇总查看 source of task {id}"
        );
    }

    // 汇总台账: the task's status; a bucket, 逾期 only for a task not done.
    let summary = json(&cli_ok(
        db,
        &[
            "report", "summary", "--period", period, "--today", TODAY, "--json",
        ],
    ))?;
    let mut seen = 0;
    let mut done_not_overdue = 0;
    for sec in summary["sections"].as_array().ok_or("no sections")? {
        for t in sec["tasks"].as_array().ok_or("no tasks")? {
            let id = t["task_id"].as_i64().ok_or("no id")?;
            let want = status[&id].as_str();
            assert_eq!(t["task_status"].as_str(), Some(want), "汇总台账 task {id}");
            let bucket = t["status"].as_str().ok_or("no bucket")?;
            let label = t["status_label"].as_str().ok_or("no label")?;
            match (want, bucket) {
                ("done", "done") => done_not_overdue += 1,
                ("ongoing", "in_progress") => assert_eq!(label, "长期坚持"),
                (w, "overdue") => assert_ne!(w, "done"),
                (w, b) => assert_eq!(w, b, "汇总台账 bucket of task {id}"),
            }
            seen += 1;
        }
    }
    assert_eq!(seen, status.len());

    // 进展统计: the same counts.
    let stats = json(&cli_ok(
        db,
        &[
            "report", "stats", "--period", period, "--today", TODAY, "--json",
        ],
    ))?;
    let totals = &stats["totals"];
    assert_eq!(totals["total"].as_i64(), Some(status.len() as i64));
    assert_eq!(totals["done"].as_i64(), Some(done_not_overdue));
    assert_eq!(totals["done"].as_i64(), Some(count("done")));
    Ok(status)
}

#[test]
fn every_page_gives_each_task_the_status_of_its_ledgers() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    export_ledgers_into(&db, &dir.path().join("台账"), "2025-09", &[])?;
    let exam = task_id(&db, "组织国家工作人员年度学法考试")?; // 县司法局、县人社局 lead
    let review = task_id(&db, "发挥行政复议化解行政争议主渠道")?; // 县司法局 leads
    let verdicts = task_id(&db, "建立行政败诉案件分析通报制度")?; // 县司法局, 未启动
    let report = task_id(&db, "编制公布法治政府建设年度报告")?; // 县司法局, entered 已完成
    let prudent = task_id(&db, "推行包容审慎监管执法")?; // 县市场监管局 leads, 县应急管理局 co
    let decisions = task_id(&db, "编制并公布年度重大行政决策事项")?; // 县政府办 leads, entered 已完成

    let before = task_list(&db)?;
    assert_eq!(before[&exam], ("not_started".into(), "entered".into()));

    // September: the departments' own words.
    let inbox = dir.path().join("九月");
    std::fs::create_dir_all(&inbox)?;
    let files = vec![
        returned(
            &db,
            &inbox,
            "县司法局",
            "2025-09",
            &[(exam, "已完成"), (review, "长期坚持")],
        )?,
        returned(&db, &inbox, "县人社局", "2025-09", &[(exam, "推进中")])?,
        returned(
            &db,
            &inbox,
            "县应急管理局",
            "2025-09",
            &[(prudent, "已完成")],
        )?,
    ];
    import(&db, &files, "2025-10-08");
    let sept = all_agree(&db, "2025-09")?;
    // Two leads, one done: under way.
    assert_eq!(sept[&exam], "in_progress");
    assert_eq!(sept[&review], "ongoing");
    assert_eq!(sept[&verdicts], "in_progress");
    // The lead's report wins over the status the task was entered with.
    assert_eq!(sept[&report], "in_progress");
    // A co unit's 已完成 alone: under way, not done.
    assert_eq!(sept[&prudent], "in_progress");
    // A co unit still working does not pull back a task entered as done whose lead is silent.
    assert_eq!(sept[&decisions], "done");
    assert_eq!(task_list(&db)?[&decisions].1, "entered");

    // The 汇总台账 print keeps the department's 长期坚持.
    let xlsx = dir.path().join("汇总台账.xlsx");
    cli_ok(
        &db,
        &[
            "report",
            "summary",
            "--period",
            "2025-09",
            "--today",
            TODAY,
            "--out",
            s(&xlsx),
        ],
    );
    let text = common::xml_parts(&xlsx)?
        .into_values()
        .collect::<Vec<_>>()
        .join("");
    assert!(
        text.contains("长期坚持"),
        "the printed 汇总台账 lost 长期坚持"
    );

    // The clerk sets 已完成 by hand: it stands against the older September report, and an edit
    // of something else leaves it set by hand.
    cli_ok(
        &db,
        &["task", "edit", &verdicts.to_string(), "--status", "已完成"],
    );
    let after_edit = all_agree(&db, "2025-09")?;
    assert_eq!(after_edit[&verdicts], "done");
    assert_eq!(task_list(&db)?[&verdicts].1, "manual");
    cli_ok(
        &db,
        &[
            "task",
            "edit",
            &verdicts.to_string(),
            "--requirements",
            "每季度分析一次",
        ],
    );
    assert_eq!(task_list(&db)?[&verdicts], ("done".into(), "manual".into()));
    // Sending back the status shown (a report's) changes nothing.
    cli_ok(
        &db,
        &["task", "edit", &exam.to_string(), "--status", "推进中"],
    );
    assert_eq!(task_list(&db)?[&exam].1, "report");

    // October: 县人社局 is done too, 县司法局 writes 推进中 on the task set by hand.
    let inbox = dir.path().join("十月");
    std::fs::create_dir_all(&inbox)?;
    let files = vec![
        returned(&db, &inbox, "县人社局", "2025-10", &[(exam, "已完成")])?,
        returned(
            &db,
            &inbox,
            "县司法局",
            "2025-10",
            &[(exam, "已完成"), (review, "长期坚持"), (verdicts, "推进中")],
        )?,
    ];
    import(&db, &files, "2025-11-05");
    let oct = all_agree(&db, "2025-10")?;
    assert_eq!(oct[&exam], "done");
    assert_eq!(oct[&review], "ongoing");
    // The newer report wins over the status set by hand.
    assert_eq!(oct[&verdicts], "in_progress");
    assert_eq!(task_list(&db)?[&verdicts].1, "report");

    // `task list --status` filters on the status shown.
    let done = json(&cli_ok(
        &db,
        &["task", "list", "--status", "已完成", "--json"],
    ))?;
    let ids: Vec<i64> = done
        .as_array()
        .ok_or("not a list")?
        .iter()
        .filter_map(|t| t["id"].as_i64())
        .collect();
    assert!(ids.contains(&exam) && !ids.contains(&verdicts) && !ids.contains(&report));
    Ok(())
}

/// The rows of `ledger import --dry-run --json` whose status word is shown: (task id, word,
/// proposed status, reading).
fn shown_words(db: &Path, file: &Path) -> Res<Vec<(i64, String, Value, String)>> {
    let out = cli_ok(
        db,
        &[
            "ledger",
            "import",
            s(file),
            "--dry-run",
            "--json",
            "--received",
            "2025-10-08",
            "--today",
            TODAY,
        ],
    );
    let v = json(&out)?;
    let rows = v["files"][0]["status_words"]
        .as_array()
        .ok_or("no status_words")?;
    Ok(rows
        .iter()
        .map(|r| {
            (
                r["task_id"].as_i64().unwrap_or(0),
                r["status_text"].as_str().unwrap_or_default().to_string(),
                r["status"].clone(),
                r["reading"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect())
}

#[test]
fn department_words_are_mapped_by_the_clerks_table_and_always_shown() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let [verdicts, review, exam] = sifa_tasks(&db)?;
    let clean = task_id(&db, "开展行政规范性文件专项清理")?;
    let report = task_id(&db, "编制公布法治政府建设年度报告")?;
    let file = returned(
        &db,
        dir.path(),
        "县司法局",
        "2025-09",
        &[
            (verdicts, "基本完成"),
            (review, "未完成"),
            (exam, "全部完成"),
            (clean, "见附件"),
            (report, "已完成"),
        ],
    )?;
    let before = common::dump(&db)?;
    let shown = shown_words(&db, &file)?;
    let find = |id: i64| shown.iter().find(|r| r.0 == id).cloned();
    // The table's defaults: 基本完成 and 未完成 are under way, never done or not started.
    assert_eq!(
        find(verdicts),
        Some((
            verdicts,
            "基本完成".into(),
            "in_progress".into(),
            "mapped".into()
        ))
    );
    assert_eq!(
        find(review),
        Some((
            review,
            "未完成".into(),
            "in_progress".into(),
            "mapped".into()
        ))
    );
    assert_eq!(
        find(exam),
        Some((exam, "全部完成".into(), "done".into(), "guessed".into()))
    );
    assert_eq!(
        find(clean),
        Some((clean, "见附件".into(), Value::Null, "unknown".into()))
    );
    // One of the four words is not listed; neither are the 推进中 rows.
    assert_eq!(find(report), None);
    assert_eq!(shown.len(), 4, "{shown:?}");
    // The plain preview says it too.
    let text = cli_ok(
        &db,
        &[
            "ledger",
            "import",
            s(&file),
            "--dry-run",
            "--received",
            "2025-10-08",
            "--today",
            TODAY,
        ],
    );
    assert!(
        text.contains("完成状态“基本完成”按状态用语对应表记为“推进中”"),
        "{text}"
    );
    assert_eq!(
        common::dump(&db)?,
        before,
        "a dry run wrote to the database"
    );

    // The clerk edits the table.
    let list = json(&cli_ok(&db, &["ledger", "words", "list", "--json"]))?;
    assert!(list
        .as_array()
        .ok_or("not a list")?
        .iter()
        .any(|w| w["word"] == "基本完成" && w["status"] == "in_progress"));
    cli_ok(&db, &["ledger", "words", "set", "基本完成", "已完成"]);
    let err = common::cli_err(&db, &["ledger", "words", "set", "已完成", "推进中"]);
    assert!(err.contains("四种完成状态之一"), "{err}");
    let err = common::cli_err(&db, &["ledger", "words", "set", "基本完成", "差不多"]);
    assert!(err.contains("状态“差不多”无效"), "{err}");
    let err = common::cli_err(&db, &["ledger", "words", "remove", "没有这个词"]);
    assert!(err.contains("不在对应表中"), "{err}");
    let shown = shown_words(&db, &file)?;
    assert!(shown.contains(&(verdicts, "基本完成".into(), "done".into(), "mapped".into())));

    // Imported as shown.
    import(&db, &[file], "2025-10-08");
    let list = task_list(&db)?;
    assert_eq!(list[&verdicts].0, "done");
    assert_eq!(list[&review].0, "in_progress");
    // 全部完成 was taken as 已完成, but the exam's other lead (县人社局) has not reported yet.
    assert_eq!(list[&exam].0, "in_progress");
    let view = json(&cli_ok(
        &db,
        &["ledger", "consolidate", "--period", "2025-09", "--json"],
    ))?;
    let row = view["tasks"]
        .as_array()
        .ok_or("no tasks")?
        .iter()
        .find(|t| t["task_id"].as_i64() == Some(exam))
        .ok_or("no exam")?
        .clone();
    assert_eq!(row["units"][0]["status"], "done");
    Ok(())
}

/// Three sample tasks 县司法局 leads: 败诉案件分析通报, 行政复议主渠道, 年度学法考试.
fn sifa_tasks(db: &Path) -> Res<[i64; 3]> {
    Ok([
        task_id(db, "建立行政败诉案件分析通报制度")?,
        task_id(db, "发挥行政复议化解行政争议主渠道")?,
        task_id(db, "组织国家工作人员年度学法考试")?,
    ])
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The submission a file brought (the newest).
fn newest_submission(db: &Path) -> Res<i64> {
    let conn = rusqlite::Connection::open(db)?;
    Ok(conn.query_row("SELECT max(id) FROM submission", [], |r| r.get(0))?)
}

/// The row of `read` matched to `task`: its recorded status and the department's word, if kept.
fn read_row(
    read: &[taizhang::ledger::import::ReadRow],
    task: i64,
) -> Res<(Option<String>, Option<String>)> {
    let r = read
        .iter()
        .find(|r| r.read.task_id == Some(task))
        .ok_or("row not read")?;
    let word = r
        .read
        .extra
        .iter()
        .find(|(h, _)| h == "完成状态")
        .map(|(_, t)| t.to_string());
    Ok((r.read.status.as_deref().map(str::to_string), word))
}

#[test]
fn a_word_decided_for_the_run_is_recorded_as_decided_and_the_departments_word_kept() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let [verdicts, review, _] = sifa_tasks(&db)?;
    let file = returned(
        &db,
        dir.path(),
        "县司法局",
        "2025-09",
        &[(verdicts, "基本完成"), (review, "未完成")],
    )?;
    let before = common::dump(&db)?;
    let run = |extra: &[&str]| {
        let mut args = vec![
            "ledger",
            "import",
            s(&file),
            "--received",
            "2025-10-08",
            "--today",
            TODAY,
        ];
        args.extend(extra);
        args.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    // A malformed decision is refused in Chinese, nothing written.
    let bad = run(&["--word", "基本完成"]);
    let err = common::cli_err(&db, &strs(&bad));
    assert!(err.contains("用语=状态"), "{err}");
    let bad = run(&["--word", "基本完成=差不多"]);
    let err = common::cli_err(&db, &strs(&bad));
    assert!(err.contains("状态“差不多”无效"), "{err}");
    assert_eq!(common::dump(&db)?, before);

    // The dry run shows the table's proposal and the run's decision.
    let dry = run(&["--word", "基本完成＝已完成", "--dry-run", "--json"]);
    let v = json(&cli_ok(&db, &strs(&dry)))?;
    let words = v["files"][0]["status_words"]
        .as_array()
        .ok_or("no status_words")?;
    let of = |id: i64| words.iter().find(|w| w["task_id"].as_i64() == Some(id));
    let w = of(verdicts).ok_or("基本完成 not shown")?;
    assert_eq!(
        (
            &w["status_text"],
            &w["status"],
            &w["chosen"],
            &w["recorded"]
        ),
        (
            &Value::from("基本完成"),
            &Value::from("in_progress"),
            &Value::from(true),
            &Value::from("done")
        )
    );
    let w = of(review).ok_or("未完成 not shown")?;
    assert_eq!(w["chosen"], false);
    assert_eq!(w["recorded"], "in_progress");
    assert_eq!(common::dump(&db)?, before, "a dry run wrote");
    let text = cli_ok(
        &db,
        &strs(&run(&["--word", "基本完成=已完成", "--dry-run"])),
    );
    assert!(text.contains("本次按 --word：第"), "{text}");
    assert!(text.contains("“基本完成”记为“已完成”"), "{text}");

    // Imported as decided; the table itself is not changed.
    cli_ok(&db, &strs(&run(&["--word", "基本完成=已完成"])));
    let list = task_list(&db)?;
    assert_eq!(list[&verdicts].0, "done");
    assert_eq!(list[&review].0, "in_progress");
    let table = json(&cli_ok(&db, &["ledger", "words", "list", "--json"]))?;
    assert!(table
        .as_array()
        .ok_or("not a list")?
        .iter()
        .any(|w| w["word"] == "基本完成" && w["status"] == "in_progress"));
    // 读入的行 keep what the department wrote next to what was recorded.
    let d = taizhang::Db::open(&db)?;
    let read = taizhang::ledger::import::read_rows(&d, newest_submission(&db)?)?;
    assert_eq!(
        read_row(&read, verdicts)?,
        (Some("done".into()), Some("基本完成".into()))
    );
    assert_eq!(
        read_row(&read, review)?,
        (Some("in_progress".into()), Some("未完成".into()))
    );
    Ok(())
}

#[test]
fn the_clerks_choice_per_row_wins_and_an_edited_title_is_shown_with_both_texts() -> TestResult {
    use taizhang::ledger::import::{self, CommitChoices, FileChoice, ImportOptions, StatusChoice};
    use taizhang::task::Status;
    let dir = tempfile::tempdir()?;
    let db_path = sample_db(dir.path());
    let [verdicts, review, exam] = sifa_tasks(&db_path)?;
    // 县司法局's ledger: two words to decide, and the exam's title rewritten by the department.
    let l = ledger(&db_path, "县司法局", "2025-09")?;
    let mut rows = fill(&l, "已按期推进");
    let mut ours = String::new();
    for row in &mut rows {
        if row.task.id == verdicts {
            row.status = "基本完成".into();
        }
        if row.task.id == review {
            row.status = "见附件".into();
        }
        if row.task.id == exam {
            ours = row.task.title.clone();
            row.task.title = "组织全县干部网上学法考试（本单位表述）".into();
        }
    }
    let file = dir.path().join("县司法局_2025年09月_工作台账.xlsx");
    write(&file, Layout::Ours, &l, &rows)?;

    let mut db = taizhang::Db::open(&db_path)?;
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d");
    let options = ImportOptions {
        received: Some(day("2025-10-08")?),
        today: Some(day(TODAY)?),
        ..Default::default()
    };
    let preview = import::preview(&db, std::slice::from_ref(&file), &options)?;
    let fp = &preview.files[0];
    let row_of = |id: i64| fp.rows.iter().find(|r| r.task_id == Some(id));
    let v = row_of(verdicts).ok_or("verdicts row")?;
    assert_eq!(v.status, Some(Status::InProgress), "the table's proposal");
    assert_eq!(v.status_reading, taizhang::status::Reading::Mapped);
    let r = row_of(review).ok_or("review row")?;
    assert_eq!(
        (r.status, r.status_reading),
        (None, taizhang::status::Reading::Unknown)
    );
    // The edited title: matched by its key, flagged, both texts in the notice.
    let e = row_of(exam).ok_or("exam row")?;
    assert!(e.title_edited && !e.doubtful);
    assert_eq!(e.task_title, ours);
    let notice = fp
        .issues
        .iter()
        .find(|i| i.kind == "title_edited")
        .ok_or("no title notice")?;
    assert!(
        notice
            .message
            .contains("组织全县干部网上学法考试（本单位表述）")
            && notice.message.contains(&ours),
        "{}",
        notice.message
    );
    assert_eq!(
        fp.rows.iter().filter(|r| r.title_edited).count(),
        1,
        "only the edited title is flagged"
    );
    assert_eq!(
        fp.issues.iter().filter(|i| i.kind == "status_word").count(),
        2
    );
    // The CLI's dry run lists it with both texts.
    let v = json(&cli_ok(
        &db_path,
        &[
            "ledger",
            "import",
            s(&file),
            "--dry-run",
            "--json",
            "--received",
            "2025-10-08",
            "--today",
            TODAY,
        ],
    ))?;
    let edits = v["files"][0]["title_edits"]
        .as_array()
        .ok_or("no title_edits")?;
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["task_id"].as_i64(), Some(exam));
    assert_eq!(edits[0]["ours"], ours.as_str());
    assert_eq!(edits[0]["theirs"], "组织全县干部网上学法考试（本单位表述）");

    // The clerk decides: 基本完成 is 未启动 here, 见附件 stays without a status.
    let choice = |id: i64, status: Option<Status>| -> Res<StatusChoice> {
        let r = row_of(id).ok_or("row")?;
        Ok(StatusChoice {
            sheet: r.sheet.clone(),
            row: r.row,
            status,
        })
    };
    let choices = CommitChoices {
        today: options.today,
        files: vec![FileChoice {
            file: file.clone(),
            statuses: vec![
                choice(verdicts, Some(Status::NotStarted))?,
                choice(review, None)?,
            ],
            ..Default::default()
        }],
        ..Default::default()
    };
    let report = import::commit(&mut db, &preview, &choices, &mut |_, _| {})?;
    assert!(report.batch.is_some());
    let read = import::read_rows(&db, newest_submission(&db_path)?)?;
    assert_eq!(
        read_row(&read, verdicts)?,
        (Some("not_started".into()), Some("基本完成".into()))
    );
    assert_eq!(read_row(&read, review)?, (None, Some("见附件".into())));
    // The plan keeps its own title.
    let t = taizhang::task::get(db.conn(), exam)?;
    assert_eq!(t.title, ours);
    let view = json(&cli_ok(
        &db_path,
        &["ledger", "consolidate", "--period", "2025-09", "--json"],
    ))?;
    let unit_status = |id: i64| -> Option<Value> {
        view["tasks"]
            .as_array()?
            .iter()
            .find(|t| t["task_id"].as_i64() == Some(id))
            .map(|t| t["units"][0]["status"].clone())
    };
    assert_eq!(unit_status(verdicts), Some(Value::from("not_started")));
    Ok(())
}
