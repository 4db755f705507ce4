//! Hostile inputs: plan files (`plan import`) and the XML inside every Office file the app reads
//! (plan .docx / .xlsx, returned ledgers): files that belong to another import, oversized task
//! tables, entity and zip bombs, traversal names, truncated, encrypted and mislabelled files.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::harness::*;
use crate::roster::{
    rezip, rezip_part, with_doctype, with_entity_used, write_sheet, BILLION_LAUGHS, EXTERNAL_ENTITY,
};

/// A minimal .docx whose body holds one paragraph per line.
pub(crate) fn write_docx(path: &Path, lines: &[&str]) -> TestResult {
    let body: String = lines
        .iter()
        .map(|l| format!("<w:p><w:r><w:t>{l}</w:t></w:r></w:p>"))
        .collect();
    write_docx_xml(path, &document_xml(&body, ""))
}

fn document_xml(body: &str, doctype: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>{doctype}\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}</w:body></w:document>"
    )
}

/// A .docx with the given `word/document.xml`.
fn write_docx_xml(path: &Path, document: &str) -> TestResult {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path)?);
    let opts = zip::write::SimpleFileOptions::default();
    w.start_file("[Content_Types].xml", opts)?;
    w.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
          <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>",
    )?;
    w.start_file("word/document.xml", opts)?;
    w.write_all(document.as_bytes())?;
    w.finish()?;
    Ok(())
}

/// The lines of a small plan with three tasks.
const PLAN: &[&str] = &[
    "示例县法治政府建设实施方案",
    "二、重点任务",
    "1. 完善行政规范性文件制定程序。牵头单位：县司法局。完成时限：2025年6月底前。",
    "2. 推进政务公开标准化建设。牵头单位：县政数局。完成时限：2025年9月底前。",
    "3. 开展行政执法案卷评查。牵头单位：县司法局。完成时限：长期坚持。",
];

/// The plan of [`PLAN`] as a .docx with `doctype` declared, each paragraph written by `paragraph`.
fn write_plan_docx_with(
    path: &Path,
    doctype: &str,
    paragraph: impl Fn(&str) -> String,
) -> TestResult {
    let body: String = PLAN.iter().map(|l| paragraph(l)).collect();
    write_docx_xml(path, &document_xml(&body, doctype))
}

/// A small task table: its header, then two tasks.
pub(crate) const TASKS: &[&[&str]] = &[
    &["序号", "重点任务", "牵头单位", "完成时限"],
    &[
        "1",
        "完善行政规范性文件制定程序",
        "县司法局",
        "2025年6月底前",
    ],
    &["2", "推进政务公开标准化建设", "县政数局", "2025年9月底前"],
];

/// A workbook that is an OLE container with an encrypted package, as Office writes a file
/// with a password to open.
pub(crate) fn write_encrypted(path: &Path) -> TestResult {
    let mut comp = cfb::create(path)?;
    comp.create_stream("/EncryptionInfo")?
        .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])?;
    comp.create_stream("/EncryptedPackage")?
        .write_all(&[0u8; 4096])?;
    comp.flush()?;
    Ok(())
}

/// One department's ledger exported by the app (with its hidden identity).
pub(crate) fn exported_ledger(
    db: &Path,
    dir: &Path,
) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let out = dir.join("导出");
    export_ledgers_into(db, &out, "2025-09", &["--unit", "县司法局"])?;
    let file = std::fs::read_dir(&out)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .ok_or("no ledger exported")?;
    Ok(file)
}

/// Like [`refused`] for `ledger import`: non-zero exit, `expect` in the report, the database
/// unchanged.
fn ledger_refused(db: &Path, file: &Path, expect: &str) -> TestResult {
    let text = ledger_import_refused(db, file)?;
    assert!(text.contains(expect), "expected “{expect}” in: {text}");
    Ok(())
}

/// A task table: its header, then `n` tasks of 县司法局.
fn task_table(n: usize) -> Vec<Vec<String>> {
    let mut rows = vec![strings(TASKS[0])];
    for i in 1..=n {
        rows.push(vec![
            i.to_string(),
            format!("开展第{i}项法治宣传活动"),
            "县司法局".into(),
            "2025年12月底前".into(),
        ]);
    }
    rows
}

/// [`task_table`] of `n` tasks saved as 任务分解表.xlsx in `dir`.
fn task_table_file(dir: &Path, n: usize) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let file = dir.join("任务分解表.xlsx");
    write_sheet(&file, "示例县重点任务分解表", &task_table(n))?;
    Ok(file)
}

fn plans(db: &Path) -> usize {
    cli_ok(db, &["plan", "list", "--json"])
        .parse::<serde_json::Value>()
        .ok()
        .and_then(|v| v.as_array().map(Vec::len))
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// The app's own files given to the wrong import

#[test]
fn exported_ledger_given_to_plan_import_points_to_ledger_import() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let ledger = exported_ledger(&db, dir.path())?;
    let err = refused(
        &db,
        &["plan", "import", arg(&ledger)],
        "taizhang ledger import",
    )?;
    assert!(
        err.contains("工作台账") && err.contains("导入工作台账"),
        "{err}"
    );
    Ok(())
}

#[test]
fn exported_summary_given_to_plan_import_points_to_ledger_import() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let out = dir.path().join("导出");
    export_ledgers_into(&db, &out, "2025-09", &[])?;
    let summary = std::fs::read_dir(&out)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("汇总"))
        .ok_or("no summary exported")?;
    refused(
        &db,
        &["plan", "import", arg(&summary)],
        "taizhang ledger import",
    )?;
    Ok(())
}

#[test]
fn exported_roster_given_to_plan_import_points_to_group_import() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let roster = dir.path().join("领导小组名单.xlsx");
    cli_ok(
        &db,
        &[
            "group",
            "export",
            "--on",
            "2025-10-01",
            "--out",
            arg(&roster),
        ],
    );
    refused(
        &db,
        &["plan", "import", arg(&roster)],
        "taizhang group import",
    )?;
    Ok(())
}

#[test]
fn numbered_roster_given_to_plan_import_creates_no_plan() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let rows = table(&[
        &["序号", "姓名", "职务", "单位", "组内职务"],
        &["1", "陈立新", "县委副书记、县长", "县人民政府", "组长"],
        &["2", "王建国", "常务副县长", "县人民政府", "副组长"],
        &["3", "张志强", "主任", "县政府办", "成员"],
    ]);
    let file = dir.path().join("名单.xlsx");
    write_sheet(&file, "示例县法治政府建设领导小组成员名单", &rows)?;
    let before = plans(&db);
    refused(
        &db,
        &["plan", "import", arg(&file)],
        "taizhang group import",
    )?;
    assert_eq!(before, plans(&db));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// An oversized task table

#[test]
fn task_table_longer_than_the_row_limit_is_refused_whole() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let file = task_table_file(dir.path(), 5_200)?;
    let err = refused(&db, &["plan", "import", arg(&file)], "超过导入上限")?;
    assert!(
        err.contains("5000") && err.contains("未导入任何内容"),
        "{err}"
    );
    // The title row and the header come first: task 4,999 is on row 5,001, the first one cut.
    assert!(err.contains("第 5001 行还有内容"), "{err}");
    Ok(())
}

#[test]
fn task_table_wider_than_the_column_limit_is_refused_whole() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let mut header = strings(TASKS[0]);
    header.extend((5..=70).map(|i| format!("备注{i}")));
    let row = strings(TASKS[1]);
    let file = dir.path().join("宽表.xlsx");
    write_sheet(&file, "示例县重点任务清单", &[header, row])?;
    let err = refused(&db, &["plan", "import", arg(&file)], "超过导入上限")?;
    assert!(err.contains("第 65 列（BM列）"), "{err}");
    Ok(())
}

#[test]
fn task_table_within_the_row_limit_still_imports() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let file = task_table_file(dir.path(), 300)?;
    let out = cli_ok(&db, &["plan", "import", arg(&file), "--dry-run", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out)?;
    assert_eq!(v["counts"]["tasks"], 300, "{v}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// XML entity declarations in every reader

#[test]
fn docx_with_billion_laughs_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let docx = dir.path().join("方案.docx");
    write_plan_docx_with(&docx, BILLION_LAUGHS, |l| {
        format!("<w:p><w:r><w:t>&lol9;{l}</w:t></w:r></w:p>")
    })?;
    let err = refused(&db, &["plan", "import", arg(&docx)], "实体声明")?;
    assert!(err.contains("word/document.xml"), "{err}");
    Ok(())
}

#[test]
fn docx_with_external_entity_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let docx = dir.path().join("方案.docx");
    write_plan_docx_with(&docx, EXTERNAL_ENTITY, |l| {
        format!("<w:p><w:r><w:t>{l}&xxe;</w:t></w:r></w:p>")
    })?;
    refused(&db, &["plan", "import", arg(&docx)], "实体声明")?;
    Ok(())
}

#[test]
fn docx_with_a_declaration_in_an_unread_part_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let plain = dir.path().join("方案.docx");
    write_docx(&plain, PLAN)?;
    let crafted = dir.path().join("改过的方案.docx");
    rezip_part(&plain, &crafted, "[Content_Types].xml", |bytes| {
        with_doctype(bytes, EXTERNAL_ENTITY)
    })?;
    refused(&db, &["plan", "import", arg(&crafted)], "实体声明")?;
    Ok(())
}

#[test]
fn task_workbook_with_entity_bomb_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let rows = table(&TASKS[..2]);
    let plain = dir.path().join("任务表.xlsx");
    write_sheet(&plain, "示例县重点任务清单", &rows)?;
    let bomb = dir.path().join("炸弹任务表.xlsx");
    rezip_part(&plain, &bomb, "xl/sharedStrings.xml", |bytes| {
        with_entity_used(bytes, BILLION_LAUGHS, "lol9")
    })?;
    refused(&db, &["plan", "import", arg(&bomb)], "实体声明")?;
    Ok(())
}

#[test]
fn returned_ledger_with_entity_bomb_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let ledger = exported_ledger(&db, dir.path())?;
    let bomb = dir.path().join("县司法局-炸弹.xlsx");
    rezip(&ledger, &bomb, |name, bytes| {
        if name.starts_with("xl/worksheets/sheet1") {
            with_doctype(bytes, BILLION_LAUGHS)
        } else {
            bytes
        }
    })?;
    ledger_refused(&db, &bomb, "实体声明")
}

#[test]
fn returned_ledger_with_external_entity_in_shared_strings_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let ledger = exported_ledger(&db, dir.path())?;
    let xxe = dir.path().join("县司法局-外部实体.xlsx");
    rezip_part(&ledger, &xxe, "xl/sharedStrings.xml", |bytes| {
        with_doctype(bytes, EXTERNAL_ENTITY)
    })?;
    ledger_refused(&db, &xxe, "实体声明")
}

// ---------------------------------------------------------------------------------------------
// Broken, crafted and mislabelled files

#[test]
fn docx_zip_bomb_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let padding = " ".repeat(80 << 20);
    let body: String = PLAN
        .iter()
        .map(|l| format!("<w:p><w:r><w:t>{l}</w:t></w:r></w:p>"))
        .collect();
    let docx = dir.path().join("压缩炸弹.docx");
    write_docx_xml(&docx, &document_xml(&format!("{padding}{body}"), ""))?;
    assert!(
        std::fs::metadata(&docx)?.len() < 2 << 20,
        "the bomb is small on disk"
    );
    refused(&db, &["plan", "import", arg(&docx)], "MB")?;
    Ok(())
}

#[test]
fn docx_with_traversal_names_writes_nothing_anywhere() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let docx = dir.path().join("穿越.docx");
    {
        let mut w = zip::ZipWriter::new(std::fs::File::create(&docx)?);
        let opts = zip::write::SimpleFileOptions::default();
        for name in [
            "../../逃逸.txt",
            "/tmp/逃逸-绝对.txt",
            "word/../../逃逸2.txt",
        ] {
            w.start_file(name, opts)?;
            w.write_all(b"escaped")?;
        }
        w.finish()?;
    }
    refused(&db, &["plan", "import", arg(&docx)], "不是 Word 文档")?;
    refused(&db, &["group", "import", arg(&docx)], "方案")?;
    for p in [
        dir.path().join("../逃逸.txt"),
        dir.path().join("逃逸2.txt"),
        PathBuf::from("/tmp/逃逸-绝对.txt"),
    ] {
        assert!(!p.exists(), "{} was written", p.display());
    }
    Ok(())
}

#[test]
fn truncated_docx_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let plain = dir.path().join("方案.docx");
    write_docx(&plain, PLAN)?;
    let mut bytes = std::fs::read(&plain)?;
    bytes.truncate(bytes.len() / 2);
    let cut = dir.path().join("截断.docx");
    std::fs::write(&cut, bytes)?;
    refused(&db, &["plan", "import", arg(&cut)], "已损坏")?;
    Ok(())
}

#[test]
fn encrypted_docx_is_refused_as_encrypted_not_as_legacy_word() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let docx = dir.path().join("加密方案.docx");
    write_encrypted(&docx)?;
    let err = refused(&db, &["plan", "import", arg(&docx)], "密码")?;
    assert!(
        err.contains("Word") && !err.contains("Excel") && !err.contains("旧版"),
        "{err}"
    );
    Ok(())
}

#[test]
fn encrypted_workbook_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let xlsx = dir.path().join("加密任务表.xlsx");
    write_encrypted(&xlsx)?;
    refused(&db, &["plan", "import", arg(&xlsx)], "密码")?;
    Ok(())
}

#[test]
fn docx_that_is_really_text_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let fake = dir.path().join("方案.docx");
    std::fs::write(&fake, PLAN.join("\n"))?;
    refused(&db, &["plan", "import", arg(&fake)], "已损坏")?;
    Ok(())
}

#[test]
fn empty_plan_file_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    for name in ["方案.docx", "方案.txt", "任务表.xlsx"] {
        let empty = dir.path().join(name);
        std::fs::write(&empty, b"")?;
        refused(&db, &["plan", "import", arg(&empty)], "空的")?;
    }
    Ok(())
}

#[test]
fn docx_without_a_body_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let docx = dir.path().join("空壳.docx");
    {
        let mut w = zip::ZipWriter::new(std::fs::File::create(&docx)?);
        w.start_file(
            "[Content_Types].xml",
            zip::write::SimpleFileOptions::default(),
        )?;
        w.write_all(b"<?xml version=\"1.0\"?><Types/>")?;
        w.finish()?;
    }
    refused(&db, &["plan", "import", arg(&docx)], "不是 Word 文档")?;
    Ok(())
}

#[test]
fn ledger_that_lost_its_identity_sheet_is_recognised_by_its_properties() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    // Re-saved by another program: the very hidden sheet is gone, the document properties stay.
    let file = dir.path().join("县司法局_2025年09月_工作台账.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_custom_property("taizhang.kind", "unit_ledger")
            .set_custom_property("taizhang.plan_id", "1"),
    );
    let ws = book.add_worksheet();
    for (r, row) in [
        ["序号", "主要任务", "完成时间", "进展情况", "责任科室"],
        [
            "1",
            "完善行政规范性文件制定程序",
            "2025年6月底前",
            "已完成",
            "法制股",
        ],
    ]
    .iter()
    .enumerate()
    {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text)?;
        }
    }
    book.save(&file)?;
    refused(
        &db,
        &["plan", "import", arg(&file)],
        "taizhang ledger import",
    )?;
    Ok(())
}
