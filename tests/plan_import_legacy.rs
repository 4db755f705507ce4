//! Plans as older offices send them: Word 97–2003 `.doc`, WPS `.wps` (the same format) and
//! WPS 表格 `.et` (the `.xls` format). LibreOffice writes them here from a `.docx` / `.xlsx` made
//! by the test, so each legacy file can be compared with the modern one it came from.

mod common;

use std::path::{Path, PathBuf};

use common::docx::{para, write_docx};
use common::{cli_ok, dump, sample_db, TestResult};
use serde_json::Value;
use taizhang::document::word::{self, Block};

/// A table cell: `{restart}` / `{merge}` start and continue a vertical merge, `{span:n}` spans
/// n columns; a `\n` starts a second paragraph in the cell.
fn cell(text: &str) -> String {
    let (props, text) = if let Some(t) = text.strip_prefix("{restart}") {
        ("<w:vMerge w:val=\"restart\"/>".to_string(), t)
    } else if let Some(t) = text.strip_prefix("{merge}") {
        ("<w:vMerge/>".to_string(), t)
    } else if let Some(rest) = text.strip_prefix("{span:") {
        let (n, t) = rest.split_once('}').unwrap_or(("1", rest));
        (format!("<w:gridSpan w:val=\"{n}\"/>"), t)
    } else {
        (String::new(), text)
    };
    let paras: String = text.split('\n').map(para).collect();
    format!("<w:tc><w:tcPr><w:tcW w:w=\"1800\" w:type=\"dxa\"/>{props}</w:tcPr>{paras}</w:tc>")
}

fn table(rows: &[&[&str]], columns: usize) -> String {
    let grid: String = (0..columns).map(|_| "<w:gridCol w:w=\"1800\"/>").collect();
    let rows: String = rows
        .iter()
        .map(|r| {
            format!(
                "<w:tr>{}</w:tr>",
                r.iter().map(|c| cell(c)).collect::<String>()
            )
        })
        .collect();
    format!("<w:tbl><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>")
}

/// A fictional plan: headings and prose, a task table with a spanning section row, a vertical
/// merge and a two-paragraph cell, a field, and numbered tasks after the table.
fn plan_body() -> String {
    let header: &[&str] = &["序号", "重点任务", "牵头单位", "配合单位", "完成时限"];
    [
        para("示例县人民政府办公室"),
        para("示例县2025年法治政府建设重点任务分解方案"),
        para("一、总体要求"),
        "<w:p><w:r><w:t xml:space=\"preserve\">详见</w:t></w:r>\
         <w:fldSimple w:instr=\" HYPERLINK &quot;http://example.com/plan&quot; \">\
         <w:r><w:t>示例县司法局网站</w:t></w:r></w:fldSimple>\
         <w:r><w:t>公布的清单。</w:t></w:r></w:p>"
            .to_string(),
        para("二、重点任务"),
        table(
            &[
                header,
                &["{span:5}（一）规范涉企执法"],
                &[
                    "1",
                    "清理涉企行政检查事项。\n全面梳理检查依据，公布检查清单。",
                    "{restart}县司法局",
                    "县市场监管局、县税务局",
                    "2025年6月底前",
                ],
                &[
                    "2",
                    "推行“首违不罚”清单",
                    "{merge}",
                    "各有关部门",
                    "长期坚持",
                ],
                &["3", "公开涉企收费目录", "县财政局", "", "2025年9月30日"],
            ],
            5,
        ),
        para("三、保障措施"),
        para("4. 加强督促检查。（牵头单位：县政府办公室；配合单位：县司法局）2025年12月底前完成。"),
    ]
    .concat()
}

/// Converts `files` with LibreOffice into `dir/out`; `None` (after failing under CI) when it is
/// not installed.
fn convert(
    dir: &Path,
    files: &[PathBuf],
    format: &str,
) -> Result<Option<Vec<PathBuf>>, Box<dyn std::error::Error>> {
    let converted = common::libreoffice_convert(dir, &dir.join("out"), files, format)?;
    if converted.is_none() {
        common::cannot_run_here("LibreOffice (soffice, with Writer and Calc) is not installed");
    }
    Ok(converted)
}

/// The tasks `plan import --dry-run --json` previews for `file`.
fn preview(db: &Path, file: &Path) -> Result<Value, Box<dyn std::error::Error>> {
    let out = cli_ok(
        db,
        &[
            "plan",
            "import",
            file.to_str().ok_or("path")?,
            "--dry-run",
            "--json",
        ],
    );
    let v: Value = serde_json::from_str(&out)?;
    Ok(v["tasks"].clone())
}

fn tables(blocks: &[Block]) -> Vec<&Vec<Vec<String>>> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .collect()
}

#[test]
fn doc_reads_as_the_docx_it_was_saved_from_and_imports_also_as_wps() -> TestResult {
    let dir = tempfile::tempdir()?;
    let docx = dir.path().join("示例县重点任务分解方案.docx");
    write_docx(&docx, &plan_body())?;
    let Some(converted) = convert(dir.path(), std::slice::from_ref(&docx), "doc")? else {
        return Ok(());
    };
    let doc_file = &converted[0];
    let from_docx = word::read(&docx)?;
    let from_doc = word::read(doc_file)?;
    assert_eq!(from_doc.blocks, from_docx.blocks);
    // What the .docx reader and so the .doc reader see: the merge copied down, the spanning
    // row padded, the field's result kept and its code dropped.
    let table = tables(&from_doc.blocks)[0];
    assert_eq!(table[1], ["（一）规范涉企执法", "", "", "", ""]);
    assert_eq!(table[3][2], "县司法局");
    assert_eq!(
        table[2][1],
        "清理涉企行政检查事项。\n全面梳理检查依据，公布检查清单。"
    );
    assert!(from_doc
        .blocks
        .contains(&Block::Paragraph("详见示例县司法局网站公布的清单。".into())));

    let db = sample_db(dir.path());
    let wps = dir.path().join("示例县重点任务分解方案.wps");
    std::fs::copy(doc_file, &wps)?;
    let before = dump(&db)?;
    let tasks = preview(&db, doc_file)?;
    assert_eq!(before, dump(&db)?, "--dry-run wrote to the database");
    assert_eq!(tasks.as_array().map(Vec::len), Some(3), "{tasks:#}");
    assert_eq!(tasks, preview(&db, &docx)?);
    let imported: Value = serde_json::from_str(&cli_ok(
        &db,
        &["plan", "import", wps.to_str().ok_or("path")?, "--json"],
    ))?;
    let id = imported["plan_id"].as_i64().ok_or("no plan id")?;
    let listed = cli_ok(&db, &["task", "list", "--plan", &id.to_string()]);
    assert!(listed.contains("推行“首违不罚”清单"), "{listed}");
    Ok(())
}

#[test]
fn et_that_is_an_xls_imports_like_the_xlsx() -> TestResult {
    let dir = tempfile::tempdir()?;
    let xlsx = dir.path().join("重点任务清单.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let rows: &[&[&str]] = &[
        &["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        &[
            "1",
            "清理涉企行政检查事项",
            "县司法局",
            "县市场监管局",
            "2025年6月底前",
        ],
        &[
            "2",
            "推行“首违不罚”清单",
            "县市场监管局",
            "各有关部门",
            "长期坚持",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text)?;
        }
    }
    book.save(&xlsx)?;
    let Some(converted) = convert(dir.path(), std::slice::from_ref(&xlsx), "xls")? else {
        return Ok(());
    };
    let et = dir.path().join("重点任务清单.et");
    std::fs::copy(&converted[0], &et)?;
    let db = sample_db(dir.path());
    let from_et = preview(&db, &et)?;
    assert_eq!(from_et.as_array().map(Vec::len), Some(2), "{from_et:#}");
    assert_eq!(from_et, preview(&db, &xlsx)?);
    Ok(())
}

#[test]
fn web_page_saved_as_doc_imports_its_tasks() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let page = dir.path().join("示例县普法工作方案.doc");
    let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
        <title>示例县普法工作方案</title></head><body>\
        <p align=\"center\">示例县2026年普法工作方案</p><p>一、重点任务</p>\
        <table border=\"1\"><tr><td>序号</td><td>工作内容</td><td>责任单位</td><td>完成时限</td></tr>\
        <tr><td>1</td><td>开展宪法宣传周活动</td><td>县司法局</td><td>2026年12月底前</td></tr>\
        <tr><td>2</td><td>推进法治乡村建设</td><td>县农业农村局&nbsp;</td><td>长期坚持</td></tr>\
        </table></body></html>";
    // Saved by an old site in GBK, as such pages are.
    let (gbk, _, _) = encoding_rs::GBK.encode(html);
    std::fs::write(&page, &gbk)?;
    let tasks = preview(&db, &page)?;
    let titles: Vec<&str> = tasks
        .as_array()
        .ok_or("no tasks")?
        .iter()
        .filter_map(|t| t["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        ["开展宪法宣传周活动", "推进法治乡村建设"],
        "{tasks:#}"
    );
    assert_eq!(tasks[1]["deadline_text"], "长期坚持");
    Ok(())
}

/// Word's automatic numbering over three levels: 一、 chapters, 1. tasks that restart under
/// each chapter, （1） points; the text of each paragraph holds no number.
const AUTO_NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="20"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%3）"/></w:lvl>
</w:abstractNum>
<w:num w:numId="5"><w:abstractNumId w:val="20"/></w:num>
</w:numbering>"#;

fn auto_numbered(level: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="5"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
        common::docx::esc(text)
    )
}

#[test]
fn doc_with_word_auto_numbering_reads_its_numbers_as_the_docx_does() -> TestResult {
    let dir = tempfile::tempdir()?;
    let body = [
        para("示例县2026年依法行政工作方案"),
        auto_numbered(0, "工作任务"),
        auto_numbered(1, "清理规范性文件。（县司法局牵头，县政府办配合）"),
        auto_numbered(2, "梳理现行有效文件。"),
        auto_numbered(2, "公布清理结果。"),
        auto_numbered(1, "开展执法案卷评查。（县司法局负责，6月底前）"),
        auto_numbered(0, "监督检查"),
        auto_numbered(1, "组织年度法治督察。（县委依法治县办牵头）"),
    ]
    .concat();
    let docx = dir.path().join("示例县自动编号方案.docx");
    common::docx::write_docx_numbered(&docx, &body, Some(AUTO_NUMBERING))?;
    let Some(converted) = convert(dir.path(), std::slice::from_ref(&docx), "doc")? else {
        return Ok(());
    };
    let from_docx = word::read(&docx)?;
    let from_doc = word::read(&converted[0])?;
    let paragraphs = |d: &word::Document| -> Vec<String> {
        d.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.clone()),
                Block::Table(_) => None,
            })
            .collect()
    };
    assert_eq!(
        paragraphs(&from_doc)[1..],
        [
            "一、工作任务",
            "1.清理规范性文件。（县司法局牵头，县政府办配合）",
            "（1）梳理现行有效文件。",
            "（2）公布清理结果。",
            "2.开展执法案卷评查。（县司法局负责，6月底前）",
            "二、监督检查",
            "1.组织年度法治督察。（县委依法治县办牵头）",
        ]
    );
    assert_eq!(from_doc.blocks, from_docx.blocks);
    let draft = taizhang::plan::parse::parse(&from_doc);
    let tasks: Vec<(&str, &str)> = draft
        .tasks
        .iter()
        .map(|t| (t.code.as_str(), t.title.as_str()))
        .collect();
    assert_eq!(
        tasks,
        [
            ("1", "清理规范性文件"),
            ("2", "开展执法案卷评查"),
            ("1", "组织年度法治督察")
        ]
    );
    Ok(())
}
