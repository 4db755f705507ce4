//! Units on a task (#23 point 6): a unit has one role on a task and is printed once; group
//! phrases (县直各有关部门, 各乡镇, 各有关单位) stay on the task as text, are never units, and
//! can be expanded into real units. A fictional plan of 示例县 written as a .docx by the test.

mod common;

use std::path::{Path, PathBuf};

use common::TestResult;
use common::{a4_landscape_pages, cli_err, cli_ok, dump, pdf_text, to_pdf, xml_parts};
use serde_json::Value;

fn para(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// 示例县's plan: three tasks whose units mix real units and group phrases, the way plans do.
fn plan_docx(path: &Path) -> TestResult {
    let body: String = [
        "示例县2026年法治宣传教育工作方案",
        "为深入开展法治宣传教育，制定本方案。",
        "一、重点任务",
        "（一）深化普法宣传",
        "1.开展宪法宣传周活动。组织集中宣传，2026年12月底前完成。（县委宣传部、县司法局、县直各有关部门负责）",
        "2.推进法治乡村建设。培育农村学法用法示范户，2026年10月底前完成。（县司法局牵头，县农业农村局、各乡镇配合）",
        "（二）落实普法责任制",
        "3.落实“谁执法谁普法”责任制。编制普法责任清单，2026年6月底前完成。（县司法局牵头，县委组织部、各有关单位配合）",
        "二、工作要求",
        "各单位于每月5日前报送上月进展。",
    ]
    .iter()
    .map(|t| para(t))
    .collect();
    std::fs::write(path, common::docx(&body, None)?)?;
    Ok(())
}

fn json(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str(text)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A database with the plan imported; returns (folder, db, plan id).
fn imported() -> Result<(tempfile::TempDir, PathBuf, i64), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("taizhang.db");
    let file = dir.path().join("示例县2026年法治宣传教育工作方案.docx");
    plan_docx(&file)?;
    let file = file.to_str().ok_or("path")?;
    let preview = json(&cli_ok(
        &db,
        &["plan", "import", file, "--dry-run", "--json"],
    ))?;
    // "(A、B、C负责)": the units are 责任单位, and the phrase is no new unit.
    assert_eq!(
        strings(&preview["tasks"][0]["responsible"]),
        ["县委宣传部", "县司法局", "县直各有关部门"]
    );
    assert!(
        !strings(&preview["new_units"])
            .iter()
            .any(|n| n.contains('各')),
        "{}",
        preview["new_units"]
    );
    assert_eq!(
        strings(&preview["group_phrases"]),
        ["县直各有关部门", "各乡镇", "各有关单位"]
    );
    let out = json(&cli_ok(&db, &["plan", "import", file, "--json"]))?;
    let plan = out["plan_id"].as_i64().ok_or("no plan id")?;
    Ok((dir, db, plan))
}

fn task_by_code(db: &Path, plan: i64, code: &str) -> Result<Value, Box<dyn std::error::Error>> {
    let tasks = json(&cli_ok(
        db,
        &["task", "list", "--plan", &plan.to_string(), "--json"],
    ))?;
    tasks
        .as_array()
        .and_then(|a| a.iter().find(|t| t["code"] == code).cloned())
        .ok_or_else(|| format!("no task {code}").into())
}

#[test]
fn group_phrases_are_task_text_never_units() -> TestResult {
    let (_dir, db, plan) = imported()?;
    let units = json(&cli_ok(&db, &["unit", "list", "--json"]))?;
    let names: Vec<&str> = units
        .as_array()
        .ok_or("units")?
        .iter()
        .filter_map(|u| u["name"].as_str())
        .collect();
    for phrase in ["县直各有关部门", "各乡镇", "各有关单位"] {
        assert!(
            !names.contains(&phrase),
            "{phrase} became a unit: {names:?}"
        );
    }
    assert!(names.contains(&"县委宣传部") && names.contains(&"县农业农村局"));

    let t1 = task_by_code(&db, plan, "1")?;
    assert_eq!(
        strings(&t1["responsible_units"]),
        ["县委宣传部", "县司法局", "县直各有关部门"]
    );
    assert_eq!(t1["group_phrases"][0]["phrase"], "县直各有关部门");
    assert_eq!(t1["group_phrases"][0]["role"], "responsible");
    let t2 = task_by_code(&db, plan, "2")?;
    assert_eq!(strings(&t2["co_units"]), ["县农业农村局", "各乡镇"]);

    // A phrase cannot be added to the directory, nor chased or given a ledger of its own.
    let err = cli_err(&db, &["unit", "add", "--name", "各街道"]);
    assert!(err.contains("统称"), "{err}");
    let out = dir_of(&db).join("台账");
    std::fs::create_dir_all(&out)?;
    let o = out.to_str().ok_or("path")?;
    let err = cli_err(
        &db,
        &[
            "ledger",
            "export",
            "--period",
            "2026-05",
            "--unit",
            "各乡镇",
            "--out",
            o,
        ],
    );
    assert!(err.contains("统称"), "{err}");
    cli_ok(
        &db,
        &["ledger", "export", "--period", "2026-05", "--out", o],
    );
    let files = common::files_in(&out)?;
    assert!(
        files.iter().all(|f| !f.contains('各')),
        "a ledger for a phrase: {files:?}"
    );
    let status = json(&cli_ok(
        &db,
        &["ledger", "status", "--period", "2026-05", "--json"],
    ))?;
    let text = status.to_string();
    assert!(
        !text.contains("各乡镇") && !text.contains("县直各有关部门"),
        "{text}"
    );
    Ok(())
}

fn dir_of(db: &Path) -> PathBuf {
    db.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The reported defect: the clerk picks 县委宣传部 as lead of "(县委宣传部、县司法局、县直各有关部门
/// 负责)"; the printouts said 县委宣传部、县委宣传部、县司法局…
#[test]
fn a_lead_picked_from_the_responsible_list_is_printed_once() -> TestResult {
    let (dir, db, plan) = imported()?;
    let id = task_by_code(&db, plan, "1")?["id"].as_i64().ok_or("id")?;
    let edited = json(&cli_ok(
        &db,
        &[
            "task",
            "edit",
            &id.to_string(),
            "--lead",
            "县委宣传部",
            "--json",
        ],
    ))?;
    assert_eq!(strings(&edited["lead_units"]), ["县委宣传部"]);
    assert_eq!(
        strings(&edited["responsible_units"]),
        ["县司法局", "县直各有关部门"]
    );
    // 县财政局 is not in the directory yet: refused, nothing changed.
    let id = id.to_string();
    let co_edit = [
        "task",
        "edit",
        &id,
        "--co",
        "县委宣传部、县财政局",
        "--json",
    ];
    let before = dump(&db)?;
    let err = cli_err(&db, &co_edit);
    assert!(err.contains("县财政局"), "{err}");
    assert_eq!(before, dump(&db)?);
    // The same unit named as lead and co keeps the lead.
    cli_ok(&db, &["unit", "add", "--name", "县财政局"]);
    let both = json(&cli_ok(&db, &co_edit))?;
    assert_eq!(strings(&both["lead_units"]), ["县委宣传部"]);
    assert_eq!(strings(&both["co_units"]), ["县财政局"]);

    let listed = cli_ok(&db, &["task", "list", "--plan", &plan.to_string()]);
    let line = listed
        .lines()
        .find(|l| l.contains("开展宪法宣传周活动"))
        .ok_or("task 1 not listed")?;
    assert_eq!(line.matches("县委宣传部").count(), 1, "{line}");
    assert!(line.contains("县直各有关部门"), "{line}");

    // 重点任务清单 and the 汇总台账, as files and as printed pages.
    let list = dir.path().join("重点任务清单.xlsx");
    cli_ok(
        &db,
        &[
            "task",
            "export",
            "--plan",
            &plan.to_string(),
            "--out",
            list.to_str().ok_or("path")?,
        ],
    );
    let ledgers = dir.path().join("台账");
    common::export_ledgers_into(&db, &ledgers, "2026-05", &[])?;
    // The 汇总台账 lists every task's units (a unit's own ledger names only its part).
    let ledger = std::fs::read_dir(&ledgers)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("汇总"))
        .ok_or("no 汇总台账")?;
    for file in [&list, &ledger] {
        let xml: String = xml_parts(file)?.into_values().collect();
        assert!(
            !xml.contains("县委宣传部、县委宣传部"),
            "{}",
            file.display()
        );
        assert!(
            xml.contains("县委宣传部、县司法局、县直各有关部门"),
            "{}: the units and the phrase as written",
            file.display()
        );
    }
    let pdfs = to_pdf(dir.path(), &[list, ledger])?;
    for pdf in &pdfs {
        a4_landscape_pages(pdf)?;
        let text = pdf_text(pdf, None)?;
        assert_eq!(
            text.matches("县委宣传部").count(),
            1,
            "{}: {text}",
            pdf.display()
        );
        assert!(text.contains("县直各有关部门"), "{}", pdf.display());
    }
    Ok(())
}

#[test]
fn task_expand_turns_a_phrase_into_units() -> TestResult {
    let (_dir, db, plan) = imported()?;
    let t2 = task_by_code(&db, plan, "2")?["id"].as_i64().ok_or("id")?;
    let t1 = task_by_code(&db, plan, "1")?["id"].as_i64().ok_or("id")?;

    // No township in the directory yet: 各乡镇 cannot be expanded; nothing written.
    let before = dump(&db)?;
    let err = cli_err(&db, &refs(&expand(t2, "各乡镇", None)));
    assert!(err.contains("乡镇"), "{err}");
    assert_eq!(before, dump(&db)?);

    for town in ["城关镇", "河西乡"] {
        cli_ok(&db, &["unit", "add", "--name", town, "--kind", "乡镇"]);
    }
    let out = json(&cli_ok(&db, &refs(&json_of(expand(t2, "各乡镇", None)))))?;
    assert_eq!(
        strings(&out["co_units"]),
        ["县农业农村局", "城关镇", "河西乡"]
    );
    assert_eq!(out["group_phrases"], Value::Array(Vec::new()));
    // The townships now get the task in their ledgers and are counted for it.
    let towns = json(&cli_ok(
        &db,
        &["task", "list", "--unit", "河西乡", "--json"],
    ))?;
    assert_eq!(towns.as_array().map(Vec::len), Some(1));

    // 县直各有关部门 needs the clerk's choice; a unit already on the task keeps its role.
    let before = dump(&db)?;
    let err = cli_err(&db, &refs(&expand(t1, "县直各有关部门", None)));
    assert!(err.contains("--units"), "{err}");
    let err = cli_err(&db, &refs(&expand(t1, "各乡镇", Some("城关镇"))));
    assert!(
        err.contains("没有统称“各乡镇”") && err.contains("县直各有关部门"),
        "{err}"
    );
    assert_eq!(before, dump(&db)?);
    cli_ok(
        &db,
        &["task", "edit", &t1.to_string(), "--lead", "县委宣传部"],
    );
    let chosen = Some("县委宣传部、县农业农村局");
    let out = json(&cli_ok(
        &db,
        &refs(&json_of(expand(t1, "县直各有关部门", chosen))),
    ))?;
    assert_eq!(strings(&out["lead_units"]), ["县委宣传部"]);
    assert_eq!(
        strings(&out["responsible_units"]),
        ["县司法局", "县农业农村局"]
    );
    // The text form says what happened.
    let t3 = task_by_code(&db, plan, "3")?["id"].as_i64().ok_or("id")?;
    let said = cli_ok(&db, &refs(&expand(t3, "各有关单位", Some("城关镇"))));
    assert!(
        said.contains("各有关单位") && said.contains("城关镇"),
        "{said}"
    );
    Ok(())
}

/// `task expand ID --phrase P [--units U]` as arguments.
fn expand(id: i64, phrase: &str, units: Option<&str>) -> Vec<String> {
    let mut args: Vec<String> = ["task", "expand", &id.to_string(), "--phrase", phrase]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if let Some(units) = units {
        args.extend(["--units".to_string(), units.to_string()]);
    }
    args
}

fn refs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

fn json_of(mut args: Vec<String>) -> Vec<String> {
    args.push("--json".to_string());
    args
}

/// A database of the old program: 县直各有关部门 and 各乡镇 as units of kind 统称 (the first
/// with 2 tasks, the second with a report), 各街道 entered by hand as a department, and a unit
/// listed as lead and again as responsible.
fn old_database(path: &Path) -> TestResult {
    let conn = common::old_database(path, 15)?;
    conn.execute_batch(
        "INSERT INTO plan (id, title, created_at) VALUES (1, '示例县法治宣传教育工作方案', 'now');
         INSERT INTO unit (id, name, kind, seq) VALUES
             (1, '县委宣传部', 'department', 1), (2, '县司法局', 'department', 2),
             (3, '县直各有关部门', 'group', 3), (4, '各乡镇', 'group', 4),
             (5, '各街道', 'department', 5);
         INSERT INTO unit_alias (alias, unit_id) VALUES ('各有关部门', 3);
         INSERT INTO task (id, plan_id, seq, code, title, created_at, updated_at) VALUES
             (1, 1, 1, '1', '开展宪法宣传周活动', 'now', 'now'),
             (2, 1, 2, '2', '推进法治乡村建设', 'now', 'now');
         INSERT INTO assignment (task_id, unit_id, role, seq) VALUES
             (1, 1, 'lead', 0), (1, 1, 'responsible', 1), (1, 2, 'responsible', 2),
             (1, 3, 'responsible', 3),
             (2, 2, 'lead', 0), (2, 3, 'co', 1), (2, 4, 'co', 2), (2, 5, 'co', 3);
         INSERT INTO submission (id, plan_id, unit_id, period, received_at)
             VALUES (1, 1, 4, '2026-04', '2026-05-04 09:00:00');",
    )?;
    Ok(())
}

#[test]
fn an_old_database_is_repaired_without_losing_reports() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("old.db");
    old_database(&db)?;
    // Opening migrates: one role per unit, the 统称 without reports becomes task text.
    let t1 = json(&cli_ok(&db, &["task", "list", "--json"]))?;
    let t1 = &t1[0];
    assert_eq!(strings(&t1["lead_units"]), ["县委宣传部"]);
    assert_eq!(
        strings(&t1["responsible_units"]),
        ["县司法局", "县直各有关部门"]
    );
    assert_eq!(t1["group_phrases"][0]["phrase"], "县直各有关部门");
    let units = cli_ok(&db, &["unit", "list"]);
    assert!(!units.contains("县直各有关部门"), "{units}");
    // 各乡镇 has a report: kept. 各街道 was entered as a department: the migration leaves it.
    assert!(
        units.contains("各乡镇") && units.contains("各街道"),
        "{units}"
    );

    let out = json(&cli_ok(&db, &["unit", "repair-groups", "--json"]))?;
    let turned: Vec<&str> = out["turned_into_text"]
        .as_array()
        .ok_or("turned")?
        .iter()
        .filter_map(|u| u["name"].as_str())
        .collect();
    assert_eq!(turned, ["各街道"]);
    assert_eq!(out["kept_with_reports"][0]["name"], "各乡镇");
    assert_eq!(out["kept_with_reports"][0]["reports"], 1);
    let t2 = json(&cli_ok(&db, &["task", "list", "--json"]))?;
    assert_eq!(
        strings(&t2[1]["co_units"]),
        ["县直各有关部门", "各乡镇", "各街道"],
        "each in its place, the kept unit too"
    );
    let conn = rusqlite::Connection::open(&db)?;
    let reports: i64 = conn.query_row(
        "SELECT count(*) FROM submission WHERE unit_id = 4",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(reports, 1, "the report of 各乡镇 is kept");
    drop(conn);
    // The kept 统称 carries no tasks on the 工作台's 承担任务 chart.
    let db_handle = taizhang::Db::open(&db)?;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 10).ok_or("date")?;
    let overview = taizhang::overview::overview(&db_handle, 1, today)?;
    let charted: Vec<&str> = overview.by_unit.iter().map(|u| u.unit.as_str()).collect();
    assert_eq!(charted, ["县司法局", "县委宣传部"]);
    drop(db_handle);
    // Run again: nothing more to do, and it says so.
    let said = cli_ok(&db, &["unit", "repair-groups"]);
    assert!(
        said.contains("各乡镇") && said.contains("1 份报送"),
        "{said}"
    );
    Ok(())
}
