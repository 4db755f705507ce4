//! Hostile inputs: roster (`group import`). Annotated names, rows that cannot be read, members
//! who would leave, files that belong to another import, and broken or crafted workbooks.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;

use crate::common::dump;
use crate::harness::*;

/// The effective date of the rosters below; the sample's members serving then.
const ON: &str = "2025-10-01";

/// The sample group serving on [`ON`]: (组内职务, 姓名, 职务, 单位).
const SERVING: &[[&str; 4]] = &[
    ["组长", "陈立新", "县委副书记、县长", "县人民政府"],
    ["副组长", "王建国", "县委常委、常务副县长", "县人民政府"],
    ["副组长", "刘海燕", "副县长", "县人民政府"],
    ["成员", "张志强", "主任", "县政府办"],
    ["成员", "黄春梅", "副部长", "县委组织部"],
    ["成员", "杨丽娟", "副部长", "县委宣传部"],
    ["成员", "吴晓东", "局长", "县发改局"],
    ["成员", "胡建军", "局长", "县财政局"],
    ["成员", "朱红梅", "局长", "县人社局"],
    ["成员", "高志远", "局长", "县市场监管局"],
    ["成员", "周国庆", "副局长", "县公安局"],
    ["成员", "李秀兰", "局长", "县政数局"],
    ["成员", "何振华", "局长", "县信访局"],
    ["办公室主任", "田永辉", "局长", "县司法局"],
    ["办公室副主任", "苏晓梅", "副局长", "县司法局"],
];

/// Writes a one-sheet workbook: a title row, then `rows` (the first being the header).
pub(crate) fn write_sheet(path: &Path, title: &str, rows: &[Vec<String>]) -> TestResult {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("名单")?;
    ws.write_string(0, 0, title)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, text)?;
            }
        }
    }
    book.save(path)?;
    Ok(())
}

/// A roster workbook of the sample group with some names replaced (`(姓名, written as)`) and
/// some members left out.
fn roster_file(
    dir: &Path,
    replace: &[(&str, &str)],
    leave_out: &[&str],
) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let mut rows = vec![strings(&["组内职务", "姓名", "职务", "单位"])];
    for m in SERVING {
        if leave_out.contains(&m[1]) {
            continue;
        }
        let name = replace
            .iter()
            .find(|(n, _)| *n == m[1])
            .map_or(m[1], |(_, w)| *w);
        rows.push(vec![m[0].into(), name.into(), m[2].into(), m[3].into()]);
    }
    let path = dir.join("领导小组名单.xlsx");
    write_sheet(&path, "示例县法治政府建设领导小组成员名单", &rows)?;
    Ok(path)
}

/// A roster's header, then the rows of the members of [`SERVING`] that `keep` keeps.
fn serving_rows(keep: impl Fn(&[&str; 4]) -> bool) -> Vec<Vec<String>> {
    let mut rows = vec![strings(&["组内职务", "姓名", "职务", "单位"])];
    for m in SERVING.iter().filter(|m| keep(m)) {
        rows.push(strings(m));
    }
    rows
}

/// The members serving on [`ON`], as `group list --json` gives them.
fn serving(db: &Path) -> Result<Vec<serde_json::Value>, Box<dyn std::error::Error>> {
    let out = cli_ok(db, &["group", "list", "--on", ON, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out)?;
    Ok(v.as_array().cloned().unwrap_or_default())
}

fn serving_names(db: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    Ok(serving(db)?
        .iter()
        .filter_map(|m| m["name"].as_str().map(str::to_string))
        .collect())
}

/// The preview of importing `file` as the roster of [`ON`] (`--dry-run --json`).
fn preview(db: &Path, file: &Path) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let out = cli_ok(
        db,
        &[
            "group",
            "import",
            arg(file),
            "--on",
            ON,
            "--dry-run",
            "--json",
        ],
    );
    Ok(serde_json::from_str(&out)?)
}

/// Rewrites the parts of a zip file: `change(name, bytes)` gives the new bytes of a part.
pub(crate) fn rezip(
    path: &Path,
    out: &Path,
    change: impl Fn(&str, Vec<u8>) -> Vec<u8>,
) -> TestResult {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path)?)?;
    let mut w = zip::ZipWriter::new(std::fs::File::create(out)?);
    for i in 0..zip.len() {
        let mut f = zip.by_index(i)?;
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes)?;
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default())?;
        w.write_all(&change(&name, bytes))?;
    }
    w.finish()?;
    Ok(())
}

/// The text of a part with a document type declaration put before its root element.
pub(crate) fn with_doctype(bytes: Vec<u8>, doctype: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let at = match text.find("?>") {
        Some(i) if text.starts_with("<?xml") => i + 2,
        _ => 0,
    };
    format!("{}{doctype}{}", &text[..at], &text[at..]).into_bytes()
}

/// Rewrites one part of a zip file with `change`, copying the others as they are.
pub(crate) fn rezip_part(
    path: &Path,
    out: &Path,
    part: &str,
    change: impl Fn(Vec<u8>) -> Vec<u8>,
) -> TestResult {
    rezip(
        path,
        out,
        |name, bytes| {
            if name == part {
                change(bytes)
            } else {
                bytes
            }
        },
    )
}

/// A shared-strings part with `doctype` declared and its entity `entity` used in the first
/// string.
pub(crate) fn with_entity_used(bytes: Vec<u8>, doctype: &str, entity: &str) -> Vec<u8> {
    let b = with_doctype(bytes, doctype);
    String::from_utf8_lossy(&b)
        .replacen("<t>", &format!("<t>&{entity};"), 1)
        .into_bytes()
}

/// A billion-laughs declaration whose entity `lol9` would expand to gigabytes.
pub(crate) const BILLION_LAUGHS: &str = "<!DOCTYPE lolz [<!ENTITY lol \"lol\">\
<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\
<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\
<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\
<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\
<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\
<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\
<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\
<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\
<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>";

/// An external entity pointing at a local file.
pub(crate) const EXTERNAL_ENTITY: &str =
    "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>";

// ---------------------------------------------------------------------------------------------
// Annotated names and rows that cannot be read

#[test]
fn annotated_leader_names_are_read_and_nobody_leaves() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let file = roster_file(
        dir.path(),
        &[
            ("陈立新", "陈立新（兼）"),
            ("刘海燕", "刘海燕*"),
            ("王建国", "王建国(挂职)"),
            ("何振华", "何振华 （常务）"),
        ],
        &[],
    )?;
    // Everyone serving is in the file: nobody leaves, so no --retire is needed.
    let out = cli_ok(&db, &["group", "import", arg(&file), "--on", ON, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out)?;
    assert_eq!(v["committed"]["left"], 0, "{v}");
    assert_eq!(v["leaving"].as_array().map(Vec::len), Some(0), "{v}");
    let names = serving_names(&db)?;
    for n in ["陈立新", "刘海燕", "王建国", "何振华"] {
        assert!(names.iter().any(|m| m == n), "{n} retired: {names:?}");
    }
    assert_eq!(names.len(), SERVING.len(), "{names:?}");
    Ok(())
}

#[test]
fn annotation_is_kept_as_the_members_note() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let file = roster_file(
        dir.path(),
        &[("陈立新", "陈立新（兼）"), ("刘海燕", "刘海燕*")],
        &[],
    )?;
    cli_ok(&db, &["group", "import", arg(&file), "--on", ON]);
    let members = serving(&db)?;
    let note = |name: &str| {
        members
            .iter()
            .find(|m| m["name"] == name)
            .map(|m| m["note"].clone())
    };
    assert_eq!(note("陈立新"), Some("兼".into()));
    assert_eq!(note("刘海燕"), Some("*".into()));
    assert_eq!(note("王建国"), Some("".into()));
    // Undo gives the notes back as they were.
    cli_ok(&db, &["group", "undo-import"]);
    let members = serving(&db)?;
    assert!(members.iter().all(|m| m["note"] == ""), "{members:?}");
    Ok(())
}

#[test]
fn new_member_with_annotation_joins_without_it_in_the_name() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let mut rows = serving_rows(|_| true);
    rows.push(vec![
        "成员".into(),
        "李明 （常务）".into(),
        "副局长".into(),
        "县司法局".into(),
    ]);
    let file = dir.path().join("名单.xlsx");
    write_sheet(&file, "示例县领导小组名单", &rows)?;
    cli_ok(&db, &["group", "import", arg(&file), "--on", ON]);
    let members = serving(&db)?;
    let li = members
        .iter()
        .find(|m| m["name"] == "李明")
        .ok_or("李明 not added")?;
    assert_eq!(li["note"], "常务");
    assert!(members
        .iter()
        .all(|m| !m["name"].as_str().unwrap_or("").contains('（')));
    Ok(())
}

#[test]
fn unreadable_row_never_retires_its_member() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let file = roster_file(dir.path(), &[("刘海燕", "刘海燕 Liu H.")], &[])?;
    let out = cli_ok(
        &db,
        &["group", "import", arg(&file), "--on", ON, "--retire"],
    );
    assert!(
        out.contains("无法识别") && out.contains("刘海燕 Liu H."),
        "{out}"
    );
    let names = serving_names(&db)?;
    assert!(
        names.iter().any(|n| n == "刘海燕"),
        "刘海燕 retired: {names:?}"
    );
    Ok(())
}

#[test]
fn unreadable_row_naming_nobody_holds_every_retirement() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    // 何振华 is missing, and one row says something that names no member: it could be him.
    let file = roster_file(dir.path(), &[("苏晓梅", "Su Xiaomei")], &["何振华"])?;
    let before = dump(&db)?;
    let v = preview(&db, &file)?;
    assert_eq!(v["leaving"].as_array().map(Vec::len), Some(0), "{v}");
    let kept: Vec<&str> = v["kept"]
        .as_array()
        .ok_or("kept")?
        .iter()
        .filter_map(|m| m["name"].as_str())
        .collect();
    assert!(kept.contains(&"何振华") && kept.contains(&"苏晓梅"), "{v}");
    assert_eq!(v["unreadable"][0]["text"], "Su Xiaomei", "{v}");
    assert_eq!(before, dump(&db)?, "--dry-run wrote");
    cli_ok(
        &db,
        &["group", "import", arg(&file), "--on", ON, "--retire"],
    );
    let names = serving_names(&db)?;
    assert!(names.iter().any(|n| n == "何振华"), "{names:?}");
    assert!(names.iter().any(|n| n == "苏晓梅"), "{names:?}");
    Ok(())
}

#[test]
fn vacant_seat_is_not_an_unreadable_row() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let mut rows = serving_rows(|m| m[1] != "何振华");
    rows.push(vec![
        "成员".into(),
        "（待定）".into(),
        "局长".into(),
        "县信访局".into(),
    ]);
    let file = dir.path().join("名单.xlsx");
    write_sheet(&file, "示例县领导小组名单", &rows)?;
    let v = preview(&db, &file)?;
    assert_eq!(v["unreadable"].as_array().map(Vec::len), Some(0), "{v}");
    assert_eq!(v["leaving"][0]["name"], "何振华", "{v}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Members who would leave are shown and must be confirmed

#[test]
fn members_who_would_leave_are_refused_without_retire() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let file = roster_file(dir.path(), &[], &["何振华", "田永辉"])?;
    let err = refused(
        &db,
        &["group", "import", arg(&file), "--on", ON],
        "--retire",
    )?;
    assert!(err.contains("何振华") && err.contains("田永辉"), "{err}");
    assert!(err.contains("2025年9月30日"), "{err}");
    Ok(())
}

#[test]
fn dry_run_lists_every_member_who_would_leave() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let file = roster_file(dir.path(), &[], &["何振华", "田永辉"])?;
    let before = dump(&db)?;
    let v = preview(&db, &file)?;
    let leaving: Vec<&str> = v["leaving"]
        .as_array()
        .ok_or("leaving")?
        .iter()
        .filter_map(|m| m["name"].as_str())
        .collect();
    assert_eq!(leaving, ["何振华", "田永辉"], "{v}");
    let text = cli_ok(
        &db,
        &["group", "import", arg(&file), "--on", ON, "--dry-run"],
    );
    assert!(
        text.contains("以下 2 位现任成员不在名单中，将离任") && text.contains("--retire"),
        "{text}"
    );
    assert_eq!(before, dump(&db)?, "--dry-run wrote");
    Ok(())
}

#[test]
fn retire_flag_retires_exactly_the_members_listed() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let file = roster_file(dir.path(), &[("陈立新", "陈立新（兼）")], &["何振华"])?;
    let out = cli_ok(
        &db,
        &[
            "group",
            "import",
            arg(&file),
            "--on",
            ON,
            "--retire",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out)?;
    assert_eq!(v["committed"]["left"], 1, "{v}");
    let names = serving_names(&db)?;
    assert!(!names.iter().any(|n| n == "何振华"), "{names:?}");
    assert_eq!(names.len(), SERVING.len() - 1, "{names:?}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Files that belong to another import

#[test]
fn plan_docx_given_to_group_import_points_to_plan_import() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let docx = dir.path().join("实施方案.docx");
    crate::plan_file::write_docx(
        &docx,
        &[
            "示例县法治政府建设实施方案",
            "一、重点任务",
            "1. 完善制度。",
        ],
    )?;
    let err = refused(
        &db,
        &["group", "import", arg(&docx)],
        "taizhang plan import",
    )?;
    assert!(err.contains("导入方案文件"), "{err}");
    Ok(())
}

#[test]
fn plan_text_given_to_group_import_points_to_plan_import() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let txt = dir.path().join("实施方案.txt");
    std::fs::write(
        &txt,
        "示例县法治政府建设实施方案\n一、重点任务\n1. 完善制度。\n",
    )?;
    refused(&db, &["group", "import", arg(&txt)], "taizhang plan import")?;
    Ok(())
}

#[test]
fn exported_ledger_given_to_group_import_points_to_ledger_import() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let ledger = crate::plan_file::exported_ledger(&db, dir.path())?;
    refused(
        &db,
        &["group", "import", arg(&ledger)],
        "taizhang ledger import",
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Oversized, crafted and broken workbooks

#[test]
fn roster_longer_than_the_row_limit_is_refused_whole() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let mut rows = serving_rows(|_| true);
    // Filler rows push the last member past row 5,000: reading only the first part would retire
    // him.
    for _ in 0..5_100 {
        rows.push(vec!["".into(), "".into(), "".into(), "（空）".into()]);
    }
    rows.push(vec![
        "成员".into(),
        "赵晓光".into(),
        "局长".into(),
        "县水利局".into(),
    ]);
    let file = dir.path().join("长名单.xlsx");
    write_sheet(&file, "示例县领导小组名单", &rows)?;
    let err = refused(&db, &["group", "import", arg(&file)], "超过导入上限")?;
    assert!(err.contains("“名单”"), "{err}");
    Ok(())
}

#[test]
fn roster_with_entity_bomb_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let plain = roster_file(dir.path(), &[], &[])?;
    let bomb = dir.path().join("炸弹名单.xlsx");
    rezip_part(&plain, &bomb, "xl/worksheets/sheet1.xml", |bytes| {
        with_doctype(bytes, BILLION_LAUGHS)
    })?;
    let err = refused(
        &db,
        &["group", "import", arg(&bomb), "--on", ON],
        "实体声明",
    )?;
    assert!(err.contains("xl/worksheets/sheet1.xml"), "{err}");
    Ok(())
}

#[test]
fn roster_with_external_entity_in_shared_strings_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let plain = roster_file(dir.path(), &[], &[])?;
    let xxe = dir.path().join("外部实体.xlsx");
    rezip_part(&plain, &xxe, "xl/sharedStrings.xml", |bytes| {
        with_entity_used(bytes, EXTERNAL_ENTITY, "xxe")
    })?;
    refused(&db, &["group", "import", arg(&xxe)], "实体声明")?;
    Ok(())
}

#[test]
fn roster_zip_bomb_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let plain = roster_file(dir.path(), &[], &[])?;
    let bomb = dir.path().join("压缩炸弹.xlsx");
    // Shared strings that inflate to 80 MB of spaces before the first string.
    rezip_part(&plain, &bomb, "xl/sharedStrings.xml", |bytes| {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let at = text.find("<si>").unwrap_or(0);
        let mut out = text.as_bytes()[..at].to_vec();
        out.extend(std::iter::repeat_n(b' ', 80 << 20));
        out.extend_from_slice(&text.as_bytes()[at..]);
        out
    })?;
    assert!(
        std::fs::metadata(&bomb)?.len() < 2 << 20,
        "the bomb is small on disk"
    );
    refused(&db, &["group", "import", arg(&bomb)], "解压后")?;
    Ok(())
}

#[test]
fn roster_truncated_in_transit_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let plain = roster_file(dir.path(), &[], &[])?;
    let mut bytes = std::fs::read(&plain)?;
    bytes.truncate(bytes.len() * 2 / 3);
    let cut = dir.path().join("截断名单.xlsx");
    std::fs::write(&cut, bytes)?;
    refused(
        &db,
        &["group", "import", arg(&cut), "--on", ON, "--retire"],
        "已损坏",
    )?;
    Ok(())
}

#[test]
fn empty_roster_file_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let empty = dir.path().join("名单.xlsx");
    std::fs::write(&empty, b"")?;
    refused(
        &db,
        &["group", "import", arg(&empty), "--on", ON, "--retire"],
        "空的",
    )?;
    Ok(())
}

#[test]
fn encrypted_roster_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let encrypted = dir.path().join("加密名单.xlsx");
    crate::plan_file::write_encrypted(&encrypted)?;
    refused(&db, &["group", "import", arg(&encrypted)], "密码")?;
    Ok(())
}

#[test]
fn member_stored_with_an_annotation_in_the_name_is_not_retired() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    // Typed by hand before annotations were read: the name field holds 何振华（兼）.
    let id = serving(&db)?
        .iter()
        .find(|m| m["name"] == "何振华")
        .and_then(|m| m["id"].as_i64())
        .ok_or("何振华")?;
    cli_ok(
        &db,
        &["group", "edit", &id.to_string(), "--name", "何振华（兼）"],
    );
    let file = roster_file(dir.path(), &[], &[])?;
    let v = preview(&db, &file)?;
    assert_eq!(v["leaving"].as_array().map(Vec::len), Some(0), "{v}");
    assert!(
        v["members"]
            .as_array()
            .ok_or("members")?
            .iter()
            .all(|m| m["status"] != "new"),
        "{v}"
    );
    Ok(())
}

#[test]
fn task_table_given_to_group_import_points_to_plan_import() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let rows = table(crate::plan_file::TASKS);
    let file = dir.path().join("任务表.xlsx");
    write_sheet(&file, "示例县重点任务清单", &rows)?;
    refused(
        &db,
        &["group", "import", arg(&file), "--on", ON, "--retire"],
        "taizhang plan import",
    )?;
    Ok(())
}
