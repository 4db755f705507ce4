//! Hostile inputs: fields. Texts over the app's limits (40,000-character titles, names and
//! progress cells) through every entry — the CLI, plan / roster / ledger import — are refused
//! with a short Chinese message, and texts stored before the limits existed make an export say
//! which task or unit to fix instead of failing silently.

#[allow(unused_imports)]
use crate::harness::*;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// A text far over every limit: longer than an Excel cell.
fn huge() -> String {
    "长".repeat(40_000)
}

/// Asserts that a message does not repeat an over-long text: it stays short.
fn short(message: &str) {
    assert!(
        message.chars().count() < 400,
        "the message repeats the text ({} characters): {}…",
        message.chars().count(),
        message.chars().take(200).collect::<String>()
    );
}

/// Refused, database unchanged, message short and containing `expect`.
fn refused_short(db: &Path, args: &[&str], expect: &str) -> Res<String> {
    let err = refused(db, args, expect)?;
    short(&err);
    Ok(err)
}

fn sample() -> Res<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    Ok((dir, db))
}

const PLACEHOLDER: &str = "TZ-PLACEHOLDER";

/// Writes a one-sheet workbook of `rows`, then puts `long` where a cell says [`PLACEHOLDER`]
/// (rust_xlsxwriter itself refuses texts over Excel's limit, as it should; a hostile file
/// does not).
fn workbook_with(path: &Path, sheet: &str, rows: &[&[&str]], long: &str) -> Res<()> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(r as u32, c as u16, *text)?;
            }
        }
    }
    let bytes = wb.save_to_buffer()?;
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut zout = zip::ZipWriter::new(std::fs::File::create(path)?);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i)?;
        let name = f.name()?.into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data)?;
        if name.ends_with(".xml") {
            let text = String::from_utf8(data)?.replace(PLACEHOLDER, long);
            data = text.into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())?;
        zout.write_all(&data)?;
    }
    zout.finish()?;
    Ok(())
}

/// Sets a column of the database directly, as a database written before the limits would
/// hold it.
fn store(db: &Path, sql: &str, text: &str) -> Res<()> {
    let conn = rusqlite::Connection::open(db)?;
    conn.execute(sql, [text])?;
    Ok(())
}

/// `ledger import` of `file` refused with a short message, the database unchanged. Returns what
/// it said (stdout and stderr).
fn ledger_import_refused_short(db: &Path, file: &Path) -> Res<String> {
    let said = ledger_import_refused(db, file)?;
    short(&said);
    Ok(said)
}

/// `ledger export` of September into a new folder under `dir` refused with a short message
/// containing `expect` and Excel's cell limit, and nothing written there.
fn ledger_export_refused(dir: &Path, db: &Path, expect: &str) -> Res<()> {
    let out = dir.join("台账");
    std::fs::create_dir(&out)?;
    let err = refused_short(
        db,
        &[
            "ledger",
            "export",
            "--period",
            "2025-09",
            "--out",
            arg(&out),
        ],
        expect,
    )?;
    assert!(err.contains("32767"), "{err}");
    assert!(files_in(&out)?.is_empty(), "{:?}", files_in(&out)?);
    Ok(())
}

#[test]
fn task_edit_with_a_40000_character_title_is_refused_without_repeating_it() -> TestResult {
    let (_d, db) = sample()?;
    let err = refused_short(
        &db,
        &["task", "edit", "3", "--title", &huge()],
        "任务名称过长",
    )?;
    assert!(err.contains("40000") && err.contains("500"), "{err}");
    Ok(())
}

#[test]
fn task_add_with_a_501_character_title_is_refused() -> TestResult {
    let (_d, db) = sample()?;
    let title = "落".repeat(501);
    refused_short(
        &db,
        &["task", "add", "--title", &title, "--lead", "县司法局"],
        "任务名称过长",
    )?;
    Ok(())
}

#[test]
fn task_title_of_exactly_500_characters_is_accepted() -> TestResult {
    let (_d, db) = sample()?;
    let title = "落".repeat(500);
    cli_ok(&db, &["task", "edit", "3", "--title", &title]);
    let out = cli_ok(&db, &["task", "list", "--json"]);
    assert!(out.contains(&title));
    Ok(())
}

#[test]
fn task_requirements_over_an_excel_cell_are_refused() -> TestResult {
    let (_d, db) = sample()?;
    refused_short(
        &db,
        &["task", "edit", "3", "--requirements", &huge()],
        "任务要求过长",
    )?;
    Ok(())
}

#[test]
fn task_code_and_deadline_over_their_limits_are_refused() -> TestResult {
    let (_d, db) = sample()?;
    refused_short(
        &db,
        &["task", "edit", "3", "--code", &"9".repeat(101)],
        "任务序号过长",
    )?;
    refused_short(
        &db,
        &["task", "edit", "3", "--deadline", &huge()],
        "完成时限过长",
    )?;
    Ok(())
}

#[test]
fn task_with_an_unknown_40000_character_unit_is_refused_without_repeating_it() -> TestResult {
    let (_d, db) = sample()?;
    refused_short(
        &db,
        &["task", "edit", "3", "--lead", &huge()],
        "单位名称过长",
    )?;
    refused_short(&db, &["task", "list", "--unit", &huge()], "未找到责任单位")?;
    Ok(())
}

#[test]
fn cli_arguments_of_40000_characters_are_quoted_short() -> TestResult {
    let (_d, db) = sample()?;
    let long = huge();
    refused_short(&db, &["task", "edit", "3", "--status", &long], "状态")?;
    refused_short(&db, &["task", "edit", "3", "--section", &long], "章节")?;
    refused_short(&db, &["ledger", "status", "--period", &long], "报送期次")?;
    refused_short(
        &db,
        &[
            "group", "add", "--name", "王五", "--role", "成员", "--from", &long,
        ],
        "日期",
    )?;
    refused_short(
        &db,
        &["unit", "add", "--name", "县档案馆", "--kind", &long],
        "单位类别",
    )?;
    Ok(())
}

#[test]
fn unit_add_with_a_101_character_name_is_refused() -> TestResult {
    let (_d, db) = sample()?;
    refused_short(
        &db,
        &["unit", "add", "--name", &"档".repeat(101)],
        "单位名称过长",
    )?;
    Ok(())
}

#[test]
fn unit_edit_with_a_40000_character_name_is_refused() -> TestResult {
    let (_d, db) = sample()?;
    refused_short(
        &db,
        &["unit", "edit", "县司法局", "--name", &huge()],
        "单位名称过长",
    )?;
    Ok(())
}

#[test]
fn unit_contact_alias_and_phone_over_their_limits_are_refused() -> TestResult {
    let (_d, db) = sample()?;
    refused_short(
        &db,
        &["unit", "add", "--name", "县档案馆", "--contact", &huge()],
        "联络员过长",
    )?;
    refused_short(
        &db,
        &[
            "unit",
            "add",
            "--name",
            "县档案馆",
            "--aliases",
            &"档".repeat(101),
        ],
        "单位别名过长",
    )?;
    refused_short(
        &db,
        &["unit", "edit", "县司法局", "--phone", &"1".repeat(40_000)],
        "联系电话过长",
    )?;
    Ok(())
}

#[test]
fn group_member_name_title_and_org_over_their_limits_are_refused() -> TestResult {
    let (_d, db) = sample()?;
    let add = |field: &str, value: &str| -> Vec<String> {
        let mut args: Vec<String> = ["group", "add", "--name", "王五", "--role", "成员"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        if field == "--name" {
            args[3] = value.to_string();
        } else if field == "--role" {
            args[5] = value.to_string();
        } else {
            args.push(field.to_string());
            args.push(value.to_string());
        }
        args
    };
    for (field, expect) in [
        ("--name", "姓名过长"),
        ("--title", "职务过长"),
        ("--org", "单位过长"),
        ("--role", "组内职务过长"),
    ] {
        let args = add(field, &huge());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused_short(&db, &args, expect)?;
    }
    Ok(())
}

#[test]
fn group_edit_with_a_40000_character_title_is_refused() -> TestResult {
    let (_d, db) = sample()?;
    refused_short(&db, &["group", "edit", "1", "--title", &huge()], "职务过长")?;
    Ok(())
}

#[test]
fn ledger_import_of_a_40000_character_progress_cell_names_sheet_row_and_column() -> TestResult {
    let (dir, db) = sample()?;
    let file = dir.path().join("县司法局_超长进展.xlsx");
    workbook_with(
        &file,
        "台账",
        &[
            &["填报单位：县司法局　报送期次：2025年9月"],
            &["序号", "工作任务", "完成时限", "工作进展", "责任单位"],
            &[
                "1",
                "压实主要负责人推进法治建设第一责任人职责",
                "长期坚持",
                PLACEHOLDER,
                "办公室",
            ],
        ],
        &huge(),
    )?;
    let said = ledger_import_refused_short(&db, &file)?;
    for expect in ["“台账”", "第3行", "D列", "32767"] {
        assert!(said.contains(expect), "expected “{expect}” in: {said}");
    }
    Ok(())
}

#[test]
fn ledger_import_of_a_40000_character_remark_cell_is_refused() -> TestResult {
    let (dir, db) = sample()?;
    let file = dir.path().join("县司法局_超长备注.xlsx");
    workbook_with(
        &file,
        "Sheet1",
        &[
            &["填报单位：县司法局　报送期次：2025年9月"],
            &["序号", "工作任务", "完成时限", "工作进展", "备注"],
            &[
                "1",
                "压实主要负责人推进法治建设第一责任人职责",
                "长期坚持",
                "已落实",
                PLACEHOLDER,
            ],
        ],
        &huge(),
    )?;
    let said = ledger_import_refused_short(&db, &file)?;
    assert!(said.contains("E列") && said.contains("备注"), "{said}");
    Ok(())
}

#[test]
fn plan_import_of_a_workbook_with_a_40000_character_cell_names_the_cell() -> TestResult {
    let (dir, db) = sample()?;
    let file = dir.path().join("任务分解表.xlsx");
    workbook_with(
        &file,
        "任务表",
        &[
            &["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
            &["1", PLACEHOLDER, "县司法局", "", "2025年12月底前"],
        ],
        &huge(),
    )?;
    let err = refused_short(&db, &["plan", "import", arg(&file)], "B2")?;
    assert!(err.contains("任务表") && err.contains("32767"), "{err}");
    Ok(())
}

#[test]
fn plan_import_of_a_text_with_a_600_character_task_title_is_refused() -> TestResult {
    let (dir, db) = sample()?;
    let file = dir.path().join("方案.txt");
    let text = format!(
        "示例县2026年依法行政工作方案\n一、重点任务\n1.{}（县司法局牵头）\n2.开展执法检查（县司法局牵头）\n",
        "加强".repeat(300)
    );
    std::fs::write(&file, text)?;
    refused_short(&db, &["plan", "import", arg(&file)], "过长")?;
    Ok(())
}

#[test]
fn roster_import_with_a_40000_character_title_cell_is_refused() -> TestResult {
    let (dir, db) = sample()?;
    let file = dir.path().join("名单.xlsx");
    workbook_with(
        &file,
        "名单",
        &[
            &["组内职务", "姓名", "职务", "单位"],
            &["组长", "张三", PLACEHOLDER, "县政府"],
        ],
        &huge(),
    )?;
    let err = refused_short(
        &db,
        &["group", "import", arg(&file), "--on", "2025-08-01"],
        "C2",
    )?;
    assert!(err.contains("名单"), "{err}");
    Ok(())
}

#[test]
fn roster_import_with_a_600_character_title_is_refused_with_its_row() -> TestResult {
    let (dir, db) = sample()?;
    let file = dir.path().join("名单.xlsx");
    let title = "县委常委".repeat(150);
    workbook_with(
        &file,
        "名单",
        &[
            &["组内职务", "姓名", "职务", "单位"],
            &["成员", "王五", &title, "县政府"],
        ],
        "",
    )?;
    // --retire: the others missing from this one-line roster would leave, as confirmed.
    let err = refused_short(
        &db,
        &[
            "group",
            "import",
            arg(&file),
            "--on",
            "2025-08-01",
            "--retire",
        ],
        "职务过长",
    )?;
    assert!(err.contains("第2行"), "{err}");
    Ok(())
}

#[test]
fn stored_40000_character_title_makes_ledger_export_name_the_task_and_write_nothing() -> TestResult
{
    let (dir, db) = sample()?;
    store(&db, "UPDATE task SET title = ?1 WHERE id = 3", &huge())?;
    ledger_export_refused(dir.path(), &db, "任务“3")?;
    Ok(())
}

#[test]
fn stored_40000_character_title_makes_task_export_and_summary_say_which_task() -> TestResult {
    let (dir, db) = sample()?;
    store(&db, "UPDATE task SET title = ?1 WHERE id = 3", &huge())?;
    let list = dir.path().join("清单.xlsx");
    refused_short(&db, &["task", "export", "--out", arg(&list)], "任务“3")?;
    assert!(!list.exists());
    Ok(())
}

#[test]
fn stored_40000_character_unit_name_makes_ledger_export_name_the_unit() -> TestResult {
    let (dir, db) = sample()?;
    store(
        &db,
        "UPDATE unit SET name = ?1 WHERE name = '县人社局'",
        &huge(),
    )?;
    ledger_export_refused(dir.path(), &db, "长长长长长")?;
    Ok(())
}

#[test]
fn stored_40000_character_progress_makes_report_summary_refuse_with_a_short_message() -> TestResult
{
    let (dir, db) = sample()?;
    // A report of September from 县司法局, then its text made over-long in the database.
    export_ledgers_into(
        &db,
        &dir.path().join("台账"),
        "2025-09",
        &["--unit", "县司法局"],
    )?;
    let conn = rusqlite::Connection::open(&db)?;
    let unit: i64 = conn.query_row("SELECT id FROM unit WHERE name = '县司法局'", [], |r| {
        r.get(0)
    })?;
    conn.execute(
        "INSERT INTO submission (plan_id, unit_id, period, file_name, file_hash, received_at)
         VALUES (1, ?1, '2025-09', 'x.xlsx', 'h', '2025-10-03')",
        [unit],
    )?;
    let sub = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO progress (task_id, unit_id, period, text, status, source, submission_id,
                               created_at)
         VALUES (1, ?1, '2025-09', ?2, NULL, 'ledger', ?3, '2025-10-03')",
        rusqlite::params![unit, huge(), sub],
    )?;
    drop(conn);
    let file = dir.path().join("汇总.xlsx");
    refused_short(
        &db,
        &[
            "report",
            "summary",
            "--period",
            "2025-09",
            "--out",
            arg(&file),
        ],
        "32767",
    )?;
    assert!(!file.exists());
    Ok(())
}

#[test]
fn plan_edit_with_a_40000_character_title_or_doc_number_is_refused() -> TestResult {
    let (_d, db) = sample()?;
    refused_short(
        &db,
        &["plan", "edit", "1", "--title", &huge()],
        "方案名称过长",
    )?;
    refused_short(
        &db,
        &["plan", "edit", "1", "--doc-no", &"号".repeat(101)],
        "文号过长",
    )?;
    Ok(())
}

#[test]
fn ledger_import_naming_a_40000_character_unit_is_refused_without_repeating_it() -> TestResult {
    let (dir, db) = sample()?;
    let file = dir.path().join("超长单位.xlsx");
    workbook_with(
        &file,
        "Sheet1",
        &[
            &["填报单位：TZ-PLACEHOLDER　报送期次：2025年9月"],
            &["序号", "工作任务", "完成时限", "工作进展", "备注"],
            &[
                "1",
                "压实主要负责人推进法治建设第一责任人职责",
                "长期坚持",
                "已落实",
                "",
            ],
        ],
        &huge(),
    )?;
    ledger_import_refused_short(&db, &file)?;
    Ok(())
}
