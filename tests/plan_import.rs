//! Importing plan documents: our own fictional plans of 示例县 in several styles (GBK text with
//! 牵头单位：lines, bracketed units, a .docx with a task table and Word numbering), commit and
//! undo, the CLI, and bad input that must leave the database unchanged.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::{cli_err, cli_ok, dump, dump_without_audit, sample_db, TestResult};
use taizhang::document::word::{self, Block};
use taizhang::plan::draft::PlanDraft;
use taizhang::plan::import::{self, PlanImportError};
use taizhang::plan::parse::parse;
use taizhang::plan::{self as plans, Covers};
use taizhang::task::{self, TaskFilter};
use taizhang::Db;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plan_import")
        .join(name)
}

fn draft_of(path: &Path) -> Result<PlanDraft, PlanImportError> {
    Ok(parse(&word::read(path)?))
}

fn task<'a>(d: &'a PlanDraft, code: &str) -> &'a taizhang::plan::draft::DraftTask {
    d.tasks
        .iter()
        .find(|t| t.code == code)
        .unwrap_or_else(|| panic!("no task {code} in {:#?}", d.tasks))
}

// ---------------------------------------------------------------------------------------------
// A .docx written by the test: paragraphs, Word numbering and tables with merged cells.

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn para(text: &str) -> String {
    format!(
        r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(text)
    )
}

fn numbered(num_id: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
        esc(text)
    )
}

/// Cells: "{span:N}text" spans N columns, "{merge}" continues the cell above,
/// "{restart}text" starts a vertical merge.
fn table(rows: &[&[&str]]) -> String {
    let mut xml = String::from("<w:tbl>");
    for row in rows {
        xml.push_str("<w:tr>");
        for cell in row.iter() {
            let (props, text) = if let Some(rest) = cell.strip_prefix("{span:") {
                let (n, text) = rest.split_once('}').unwrap_or(("1", rest));
                (
                    format!(r#"<w:tcPr><w:gridSpan w:val="{n}"/></w:tcPr>"#),
                    text,
                )
            } else if *cell == "{merge}" {
                ("<w:tcPr><w:vMerge/></w:tcPr>".to_string(), "")
            } else if let Some(text) = cell.strip_prefix("{restart}") {
                (
                    r#"<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>"#.to_string(),
                    text,
                )
            } else {
                (String::new(), *cell)
            };
            xml.push_str(&format!("<w:tc>{props}{}</w:tc>", para(text)));
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="11"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>
</w:numbering>"#;

fn docx(body: &str) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    common::docx(body, Some(NUMBERING))
}

/// 示例县's plan as a Word document: chapters numbered by Word, the task list as a table with
/// section rows, a merged 牵头单位 cell and the header row repeated on the next page.
fn table_plan_docx() -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let header: &[&str] = &["序号", "重点任务", "牵头单位", "配合单位", "完成时限"];
    let body = [
        para("示例县人民政府办公室"),
        para("示例县2025年营商环境法治保障专项行动方案"),
        numbered(1, "总体要求"),
        para("坚持问题导向，以法治方式优化营商环境。"),
        numbered(1, "重点任务"),
        table(&[
            &["示例县营商环境法治保障专项行动重点任务清单"],
            header,
            &["{span:5}（一）规范涉企执法"],
            &[
                "1",
                "清理涉企行政检查事项。全面梳理检查依据，公布检查清单。",
                "县司法局",
                "县市场监管局、县税务局",
                "2025年6月底前",
            ],
            &[
                "2",
                "推行“首违不罚”清单",
                "{restart}县市场监管局",
                "各有关部门",
                "长期坚持",
            ],
            &[
                "3",
                "公开涉企收费目录",
                "{merge}",
                "县财政局",
                "2025年9月30日",
            ],
        ]),
        table(&[
            header,
            &[
                "3",
                "公开涉企收费目录",
                "县市场监管局",
                "县财政局",
                "2025年9月30日",
            ],
            &["{span:5}（二）优化政务服务"],
            &[
                "4",
                "推进“高效办成一件事”",
                "县政数局",
                "各乡镇人民政府",
                "2025年12月31日",
            ],
        ]),
        numbered(1, "工作步骤"),
        numbered(2, "动员部署阶段（4月1日—4月20日）。各单位制定落实措施。"),
        numbered(
            2,
            "集中攻坚阶段（4月21日—10月31日）。各牵头单位每月5日前报送上月进展情况。",
        ),
        numbered(1, "组织领导"),
        table(&[
            &["职务", "姓名", "单位及职务"],
            &["组长", "周明", "县人民政府县长"],
            &["副组长", "吴海涛", "县人民政府副县长"],
            &["{restart}成员", "郑红", "县司法局局长"],
            &["{merge}", "王建国", "县财政局局长"],
        ]),
    ]
    .concat();
    docx(&body)
}

// ---------------------------------------------------------------------------------------------
// Styles of plans

#[test]
fn gbk_plan_with_label_lines_is_read() -> TestResult {
    let d = draft_of(&fixture("numbered_lines_gbk.txt"))?;
    assert_eq!(d.title, "示例县2025年法治政府建设工作要点");
    assert_eq!(d.doc_no, "示政办发〔2025〕12号");
    assert_eq!(d.year, Some(2025));
    assert_eq!(d.tasks.len(), 4, "{:#?}", d.tasks);
    let t1 = task(&d, "1");
    assert_eq!(t1.title, "编制年度重大行政决策事项目录");
    assert_eq!(t1.lead, ["县司法局"]);
    assert_eq!(t1.co, ["县政府办公室", "各乡镇人民政府"]);
    assert_eq!(t1.deadline_text, "2025年3月31日");
    assert!(t1.requirements.starts_with("各乡镇、各部门于3月底前报送"));
    assert_eq!(task(&d, "2").deadline_text, "长期坚持");
    // 责任单位 list: the first unit leads by convention; 任务要求 lines are the requirements.
    let t3 = task(&d, "3");
    assert_eq!(t3.lead, ["县司法局"]);
    assert!(t3.lead_inferred);
    assert_eq!(t3.responsible, ["县市场监管局", "各有关部门"]);
    assert!(
        t3.requirements.contains("（1）每半年组织一次"),
        "{}",
        t3.requirements
    );
    assert!(t3.requirements.contains("（2）评查结果"));
    let rule = d.report_rule.as_ref().ok_or("no rule")?;
    assert_eq!((rule.day, rule.covers), (Some(25), Covers::Current));
    let phases: Vec<(&str, Option<String>, Option<String>)> = d
        .phases
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.start.map(|d| d.to_string()),
                p.end.map(|d| d.to_string()),
            )
        })
        .collect();
    assert_eq!(phases.len(), 3);
    assert_eq!(phases[0].1.as_deref(), Some("2025-03-01"));
    // 12月1日—次年1月15日 ends in the next year.
    assert_eq!(phases[2].2.as_deref(), Some("2026-01-15"));
    let roster: Vec<(&str, &str, &str)> = d
        .group
        .iter()
        .map(|m| (m.role.as_str(), m.name.as_str(), m.org.as_str()))
        .collect();
    assert!(roster.contains(&("组长", "周明", "县人民政府")));
    assert!(roster.contains(&("成员", "王建国", "县财政局")));
    assert!(roster.contains(&("成员", "钱小燕", "县市场监管局")));
    Ok(())
}

#[test]
fn bracketed_units_and_inline_deadlines() -> TestResult {
    let d = draft_of(&fixture("brackets_utf8.txt"))?;
    assert_eq!(d.tasks.len(), 4);
    let t1 = task(&d, "1");
    assert_eq!(t1.title, "全面落实行政执法三项制度");
    assert_eq!(
        (t1.lead.as_slice(), t1.co.as_slice()),
        (&["县司法局".to_string()][..], &["县政数局".to_string()][..])
    );
    assert_eq!(t1.responsible, ["各乡镇"]);
    assert_eq!(t1.deadline_text, "2025年6月底前");
    assert_eq!(task(&d, "2").deadline_text, "2025年5月底前；2025年10月前");
    assert_eq!(task(&d, "2").lead, ["县市场监管局", "县司法局"]);
    assert_eq!(task(&d, "3").responsible, ["县政数局"]);
    let t4 = task(&d, "4");
    assert_eq!(
        (t4.lead.as_slice(), t4.co.as_slice()),
        (
            &["县司法局".to_string()][..],
            &["县人民法院".to_string()][..]
        )
    );
    // The closing paragraph after the last task is not part of it.
    assert!(!t4.requirements.contains("落到实处"));
    // The attachment list is no task; 工作要求 holds none.
    assert!(d.tasks.iter().all(|t| !t.title.contains("联络员")));
    assert_eq!(d.phases.len(), 3);
    assert_eq!(
        d.phases[2].end.map(|d| d.to_string()).as_deref(),
        Some("2025-12-31")
    );
    let rule = d.report_rule.as_ref().ok_or("no rule")?;
    assert_eq!((rule.day, rule.covers), (Some(5), Covers::Previous));
    Ok(())
}

#[test]
fn utf16_text_reads_like_utf8() -> TestResult {
    let text = std::fs::read_to_string(fixture("brackets_utf8.txt"))?;
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let a = parse(&word::read_bytes(&bytes, "utf16.txt")?);
    let b = draft_of(&fixture("brackets_utf8.txt"))?;
    assert_eq!(a.tasks, b.tasks);
    Ok(())
}

#[test]
fn docx_task_table_with_merged_cells_and_repeated_header() -> TestResult {
    let bytes = table_plan_docx()?;
    let document = word::read_bytes(&bytes, "示例县专项行动方案.docx")?;
    assert!(document
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Paragraph(p) if p == "二、重点任务")));
    let d = parse(&document);
    assert_eq!(d.title, "示例县2025年营商环境法治保障专项行动方案");
    let codes: Vec<&str> = d.tasks.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(codes, ["1", "2", "3", "4"], "{:#?}", d.tasks);
    let t1 = task(&d, "1");
    assert_eq!(t1.title, "清理涉企行政检查事项");
    assert_eq!(t1.requirements, "全面梳理检查依据，公布检查清单。");
    assert_eq!(t1.co, ["县市场监管局", "县税务局"]);
    // The merged 牵头单位 cell carries down.
    assert_eq!(task(&d, "3").lead, ["县市场监管局"]);
    assert_eq!(task(&d, "3").deadline_text, "2025年9月30日");
    let sections: Vec<&str> = d.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(sections, ["规范涉企执法", "优化政务服务"]);
    assert_eq!(
        task(&d, "4").section.as_deref(),
        Some(d.sections[1].key.as_str())
    );
    assert_eq!(d.phases.len(), 2);
    assert_eq!(d.phases[0].name, "动员部署阶段");
    assert_eq!(
        d.phases[1].start.map(|d| d.to_string()).as_deref(),
        Some("2025-04-21")
    );
    assert_eq!(d.report_rule.as_ref().and_then(|r| r.day), Some(5));
    assert_eq!(d.group.len(), 4, "{:#?}", d.group);
    assert!(d
        .group
        .iter()
        .any(|m| m.name == "王建国" && m.role == "成员" && m.org == "县财政局"));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Commit and undo

#[test]
fn commit_matches_directory_units_and_undo_is_exact() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = sample_db(dir.path());
    let before = dump_without_audit(&path)?;
    let mut db = Db::open(&path)?;
    let draft = import::draft_from_file(db.conn(), &fixture("numbered_lines_gbk.txt"))?;
    let sfj = draft
        .units
        .iter()
        .find(|u| u.name == "县司法局")
        .ok_or("县司法局 missing")?;
    assert!(sfj.unit_id.is_some(), "the sample directory has 县司法局");
    // Group phrases (各乡镇人民政府) stay the tasks' text: they are no new units.
    let new: Vec<&str> = draft
        .units
        .iter()
        .filter(|u| u.unit_id.is_none() && !u.is_group)
        .map(|u| u.name.as_str())
        .collect();
    assert!(!new.is_empty());
    assert!(
        draft.units.iter().any(|u| u.is_group),
        "the plan names a 统称"
    );
    let plan_id = import::commit(&mut db, &draft)?;
    let plan = plans::get(db.conn(), plan_id)?;
    assert_eq!(plan.title, draft.title);
    assert_eq!(plan.report_rule.day, Some(25));
    assert_eq!(plan.phases.len(), 3);
    let tasks = task::list(
        &db,
        &TaskFilter {
            plan_id: Some(plan_id),
            ..Default::default()
        },
    )?;
    assert_eq!(tasks.len(), 4);
    assert_eq!(
        tasks[0].deadline.map(|d| d.to_string()).as_deref(),
        Some("2025-03-31")
    );
    let report = import::undo(&mut db, plan_id)?;
    assert_eq!(report.tasks, 4);
    assert_eq!(report.units_removed.len(), new.len());
    drop(db);
    assert_eq!(before, dump_without_audit(&path)?);
    Ok(())
}

#[test]
fn undo_is_refused_once_units_reported_and_for_plans_not_imported() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = sample_db(dir.path());
    let mut db = Db::open(&path)?;
    assert!(matches!(
        import::undo(&mut db, 1),
        Err(PlanImportError::NotImported(1))
    ));
    let draft = import::draft_from_file(db.conn(), &fixture("brackets_utf8.txt"))?;
    let plan_id = import::commit(&mut db, &draft)?;
    let (task_id, unit_id): (i64, i64) = db.conn().query_row(
        "SELECT a.task_id, a.unit_id FROM assignment a JOIN task t ON t.id = a.task_id
         WHERE t.plan_id = ?1 LIMIT 1",
        [plan_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    db.conn().execute(
        "INSERT INTO progress (task_id, unit_id, period, text, created_at)
         VALUES (?1, ?2, '2025-05', '已完成平台升级', '2025-06-01 09:00:00')",
        [task_id, unit_id],
    )?;
    let err = import::undo(&mut db, plan_id)
        .err()
        .ok_or("undo should fail")?;
    assert_eq!(err.kind(), taizhang::ErrorKind::Conflict);
    assert!(err.to_string().contains("报送"));
    assert!(plans::get(db.conn(), plan_id).is_ok());
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// CLI

#[test]
fn cli_import_json_dry_run_then_commit_and_undo() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let file = fixture("brackets_utf8.txt");
    let file = file.to_str().ok_or("path")?;
    let before = dump(&db)?;
    let out = cli_ok(&db, &["plan", "import", file, "--dry-run", "--json"]);
    assert_eq!(before, dump(&db)?, "--dry-run wrote to the database");
    let v: serde_json::Value = serde_json::from_str(&out)?;
    assert_eq!(v["plan_id"], serde_json::Value::Null);
    assert_eq!(v["counts"]["tasks"], 4);
    assert_eq!(v["tasks"][0]["lead"][0], "县司法局");
    assert_eq!(v["report_rule"]["day"], 5);
    assert_eq!(v["phases"].as_array().map(Vec::len), Some(3));
    assert!(v["new_units"].is_array());
    assert!(v["matched_units"].as_array().is_some_and(|a| !a.is_empty()));

    let out = cli_ok(&db, &["plan", "import", file, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out)?;
    let id = v["plan_id"].as_i64().ok_or("no plan id")?;
    let listed = cli_ok(&db, &["task", "list", "--plan", &id.to_string()]);
    assert!(listed.contains("全面落实行政执法三项制度"));
    // The ledger prints the headings as the plan wrote them: 二、主要任务, not 二主要任务.
    let out_dir = dir.path().join("台账");
    std::fs::create_dir(&out_dir)?;
    cli_ok(
        &db,
        &[
            "ledger",
            "export",
            "--plan",
            &id.to_string(),
            "--period",
            "2025-05",
            "--unit",
            "县司法局",
            "--out",
            out_dir.to_str().ok_or("path")?,
        ],
    );
    let ledger = std::fs::read_dir(&out_dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("县司法局"))
        .ok_or("no ledger for 县司法局")?;
    let text: String = common::xml_parts(&ledger)?.into_values().collect();
    assert!(text.contains("二、主要任务"), "the heading lost its 、");
    assert!(!text.contains("二主要任务"));
    let out = cli_ok(&db, &["plan", "undo-import", &id.to_string()]);
    assert!(out.contains("已撤销导入"), "{out}");
    assert!(!cli_ok(&db, &["plan", "list"]).contains("依法行政提升年"));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Bad input: a Chinese message, nothing written

fn import_refused(db: &Path, file: &Path, expect: &str) -> TestResult {
    let before = dump(db)?;
    let err = cli_err(db, &["plan", "import", file.to_str().ok_or("path")?]);
    assert!(err.contains(expect), "expected “{expect}” in: {err}");
    assert_eq!(
        before,
        dump(db)?,
        "the database changed after importing {file:?}"
    );
    Ok(())
}

#[test]
fn bad_files_are_refused_and_nothing_is_written() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let put = |name: &str, bytes: &[u8]| -> std::io::Result<PathBuf> {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes)?;
        Ok(p)
    };
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    import_refused(&db, &put("junk.bin", &junk)?, "不是文本文件")?;
    import_refused(&db, &put("empty.txt", b"")?, "是空的")?;
    import_refused(&db, &put("blank.txt", b" \r\n \n")?, "是空的")?;
    import_refused(&db, &fixture("meeting_notice.txt"), "未识别到任务")?;
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend_from_slice(&[0u8; 1024]);
    import_refused(&db, &put("方案.docx", &ole)?, "另存为")?;
    import_refused(&db, &put("方案.doc", &ole)?, ".docx")?;
    import_refused(
        &db,
        &put("方案.wps", b"WPS text that is not OLE")?,
        "另存为",
    )?;
    import_refused(&db, &put("方案.pdf", b"%PDF-1.7\n%binary")?, "PDF")?;
    let broken = [&b"PK\x03\x04"[..], &junk[..200]].concat();
    import_refused(&db, &put("broken.docx", &broken)?, "已损坏")?;
    let mut truncated = table_plan_docx()?;
    truncated.truncate(truncated.len() / 2);
    import_refused(&db, &put("truncated.docx", &truncated)?, "已损坏")?;
    let mut xlsx = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    xlsx.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())?;
    xlsx.write_all(b"<workbook/>")?;
    import_refused(
        &db,
        &put("台账.xlsx", &xlsx.finish()?.into_inner())?,
        "Excel",
    )?;
    import_refused(&db, &dir.path().join("不存在.docx"), "无法读取")?;
    Ok(())
}

#[test]
fn huge_file_is_refused_quickly() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let path = dir.path().join("huge.txt");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
    let line = "1.加强学习。（县司法局牵头）\n".repeat(1000);
    while f.get_ref().metadata()?.len() < 50 * 1024 * 1024 {
        f.write_all(line.as_bytes())?;
        f.flush()?;
    }
    drop(f);
    let started = std::time::Instant::now();
    import_refused(&db, &path, "过大")?;
    assert!(started.elapsed().as_secs() < 20);
    Ok(())
}

#[test]
fn a_long_plan_parses_in_reasonable_time() -> TestResult {
    // 900 tasks (about 0.1 MB): far beyond any real plan.
    let mut text = String::from("示例县压力测试方案\n一、重点任务\n");
    for i in 1..=900 {
        text.push_str(&format!(
            "{i}.推进第{i}项工作。细化措施，按月调度，2025年6月底前完成。（县司法局牵头，县财政局配合）\n"
        ));
    }
    let started = std::time::Instant::now();
    let d = parse(&word::text_document(&text, "long.txt"));
    assert_eq!(d.tasks.len(), 900);
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    Ok(())
}
