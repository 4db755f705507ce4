//! Roster notices (关于成立/调整…领导小组的通知): a document that lists the leadership group and
//! no tasks, in every written form — labelled lines (with a damaged label and a continuation line
//! that lost its bracket), sentences (双组长, 兼任办公室主任), a table, and 成员单位 listed as
//! bodies — delivered as .txt, .docx, .doc and .wps (LibreOffice writes the .doc from the .docx;
//! a .wps is the same format). They
//! go through the CLI: `group import`, and `plan import`, which offers the roster (and refuses
//! without `--roster-only`), with the database unchanged by every refusal.

mod common;

use std::path::{Path, PathBuf};

use common::docx::{esc, para, write_docx};
use common::{cli, cli_err, cli_ok, dump, TestResult};
use serde_json::Value;

/// A fictional notice: its paragraphs, and a table (rows of cells) after them, if any.
struct Notice {
    stem: &'static str,
    paras: Vec<&'static str>,
    table: Vec<Vec<&'static str>>,
    /// (role, name, note) of each person, in document order.
    people: Vec<(&'static str, &'static str, &'static str)>,
    /// 成员单位 listed as bodies.
    bodies: Vec<&'static str>,
}

fn notices() -> Vec<Notice> {
    vec![
        Notice {
            stem: "lines",
            paras: vec![
                "示例县人民政府办公室",
                "关于成立示例县法治政府建设工作领导小组的通知",
                "各乡镇人民政府，县直各有关单位：",
                "为加强对全县法治政府建设工作的组织领导，经县政府研究，决定成立示例县法治政府建设工作领导小组。现将有关事项通知如下：",
                "一、组成人员",
                " 长：周明远（县委副书记、县长）",
                "副组长：吴建国(县委常委、常务副县长)",
                "        郑丽华县政府副县长）",
                "成　员：王立群（县政府办公室主任）",
                "        陈立新（县司法局局长）（兼）",
                "        刘海燕  县财政局局长",
                "二、工作机构",
                "领导小组办公室设在县司法局，办公室主任由陈立新同志兼任，负责领导小组日常工作。",
                "示例县人民政府办公室",
                "2025年3月10日",
            ],
            table: vec![],
            people: vec![
                ("组长", "周明远", ""),
                ("副组长", "吴建国", ""),
                ("副组长", "郑丽华", ""),
                ("成员", "王立群", ""),
                ("成员", "陈立新", "兼"),
                ("成员", "刘海燕", ""),
                ("办公室主任", "陈立新", "兼"),
            ],
            bodies: vec![],
        },
        Notice {
            stem: "prose",
            paras: vec![
                "示例县人民政府关于调整示例县依法治县工作领导小组的通知",
                "各乡镇人民政府，县直各单位：",
                "因人事变动，县政府决定调整示例县依法治县工作领导小组。由县委书记孙志强、县长周明远任组长，县委副书记何振华、常务副县长吴建国任副组长。",
                "成员单位：县委办、县政府办、县司法局、县财政局、县人社局、各乡镇人民政府。",
                "领导小组下设办公室，办公室设在县司法局，县司法局局长陈立新同志兼任办公室主任，县司法局副局长苏晓梅任办公室副主任。",
                "工作会议由组长召集，也可由组长委托副组长召集。",
                "示例县人民政府",
                "2025年4月2日",
            ],
            table: vec![],
            people: vec![
                ("组长", "孙志强", ""),
                ("组长", "周明远", ""),
                ("副组长", "何振华", ""),
                ("副组长", "吴建国", ""),
                ("办公室主任", "陈立新", "兼"),
                ("办公室副主任", "苏晓梅", ""),
            ],
            bodies: vec!["县委办", "县政府办", "县司法局", "县财政局", "县人社局"],
        },
        Notice {
            stem: "table",
            paras: vec![
                "示例县人民政府办公室关于调整示例县行政复议工作领导小组成员的通知",
                "各乡镇人民政府，县直各有关单位：",
                "因工作需要，现将调整后的领导小组成员名单通知如下：",
            ],
            table: vec![
                vec!["组内职务", "姓名", "职务"],
                vec!["组长", "郑丽华", "县政府副县长"],
                vec!["副组长", "陈立新（兼）", "县司法局局长"],
                vec!["成员", "王立群", "县政府办公室主任"],
                vec!["成员", "赵  刚", "县公安局副局长"],
            ],
            people: vec![
                ("组长", "郑丽华", ""),
                ("副组长", "陈立新", "兼"),
                ("成员", "王立群", ""),
                ("成员", "赵刚", ""),
            ],
            bodies: vec![],
        },
    ]
}

/// A notice without a roster: a meeting notice.
const NO_ROSTER: &[&str] = &[
    "示例县司法局关于召开2025年法治政府建设工作推进会的通知",
    "各乡镇人民政府，县直各有关单位：",
    "经研究，定于2025年5月8日上午9时在县政府三楼会议室召开全县法治政府建设工作推进会。请各单位分管负责同志准时参加。",
    "示例县司法局",
];

/// A Word table of plain cells.
fn table_xml(rows: &[Vec<&str>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let grid: String = (0..width).map(|_| "<w:gridCol w:w=\"2400\"/>").collect();
    let body: String = rows
        .iter()
        .map(|r| {
            let cells: String = r
                .iter()
                .map(|c| format!("<w:tc><w:tcPr><w:tcW w:w=\"2400\" w:type=\"dxa\"/></w:tcPr><w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:tc>", esc(c)))
                .collect();
            format!("<w:tr>{cells}</w:tr>")
        })
        .collect();
    format!("<w:tbl><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>")
}

/// Writes `paras` (and `table`) as `<stem>.txt` (table rows as `|` lines) and `<stem>.docx`.
fn write_both(dir: &Path, stem: &str, paras: &[&str], table: &[Vec<&str>]) -> TestResult {
    let mut text: Vec<String> = paras.iter().map(|p| p.to_string()).collect();
    text.extend(table.iter().map(|r| r.join(" | ")));
    std::fs::write(dir.join(format!("{stem}.txt")), text.join("\n") + "\n")?;
    let mut body: String = paras.iter().map(|p| para(p)).collect();
    if !table.is_empty() {
        body.push_str(&table_xml(table));
    }
    write_docx(&dir.join(format!("{stem}.docx")), &body)
}

/// A fixture file and the index of its notice in [`notices`].
type Fixture = (PathBuf, usize);

/// Every notice as .txt, .docx, .doc and .wps; `None` when LibreOffice is missing (fails under
/// CI).
fn fixtures(dir: &Path) -> Result<Option<Vec<Fixture>>, Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    let mut docx = Vec::new();
    for (i, n) in notices().iter().enumerate() {
        write_both(dir, n.stem, &n.paras, &n.table)?;
        out.push((dir.join(format!("{}.txt", n.stem)), i));
        out.push((dir.join(format!("{}.docx", n.stem)), i));
        docx.push(dir.join(format!("{}.docx", n.stem)));
    }
    let Some(docs) = common::libreoffice_convert(dir, &dir.join("doc"), &docx, "doc")? else {
        common::cannot_run_here("LibreOffice (soffice) is needed to write the notices as .doc");
        return Ok(None);
    };
    // WPS saves its .wps in the Word 97 format: the same file under that name.
    for (doc, i) in docs.into_iter().zip(0..) {
        let wps = doc.with_extension("wps");
        std::fs::copy(&doc, &wps)?;
        out.push((doc, i));
        out.push((wps, i));
    }
    Ok(Some(out))
}

fn path_str(p: &Path) -> Result<&str, Box<dyn std::error::Error>> {
    p.to_str().ok_or_else(|| "path is not UTF-8".into())
}

/// (role, name, note) of each member of `group import --json`.
fn people_of(json: &Value) -> Vec<(String, String, String)> {
    json["members"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap_or_default().to_string();
            (s("role"), s("name"), s("note"))
        })
        .collect()
}

fn bodies_of(json: &Value) -> Vec<String> {
    json["bodies"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|b| b["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn group_import_reads_a_roster_notice_in_every_form_and_format() -> TestResult {
    let dir = tempfile::tempdir()?;
    let Some(files) = fixtures(dir.path())? else {
        return Ok(());
    };
    let notices = notices();
    let db = dir.path().join("t.db");
    for (file, i) in &files {
        let n = &notices[*i];
        let out = cli_ok(
            &db,
            &["group", "import", path_str(file)?, "--dry-run", "--json"],
        );
        let json: Value = serde_json::from_str(&out)?;
        let want: Vec<(String, String, String)> = n
            .people
            .iter()
            .map(|(r, p, note)| (r.to_string(), p.to_string(), note.to_string()))
            .collect();
        assert_eq!(people_of(&json), want, "{}", file.display());
        assert_eq!(bodies_of(&json), n.bodies, "{}", file.display());
        assert_eq!(json["dry_run"], true);
    }
    // Nothing was written by the dry runs.
    let members: Value = serde_json::from_str(&cli_ok(&db, &["group", "list", "--json"]))?;
    assert_eq!(members.as_array().map(Vec::len), Some(0));
    Ok(())
}

#[test]
fn plan_import_offers_the_roster_of_a_notice_and_imports_it_with_roster_only() -> TestResult {
    let dir = tempfile::tempdir()?;
    let Some(files) = fixtures(dir.path())? else {
        return Ok(());
    };
    for (k, (file, i)) in files.iter().filter(|(_, i)| *i == 1).enumerate() {
        let db = dir.path().join(format!("plan-{k}.db"));
        cli_ok(&db, &["unit", "add", "--name", "县司法局"]);
        let before = dump(&db)?;
        // Without --roster-only: refused, saying it is a 名单 and how to import it.
        let err = cli_err(&db, &["plan", "import", path_str(file)?]);
        assert!(err.contains("领导小组名单"), "{err}");
        assert!(err.contains("--roster-only"), "{err}");
        assert!(err.contains("group import"), "{err}");
        assert_eq!(dump(&db)?, before, "a refused import wrote something");
        // The dry run shows the roster as `group import --dry-run` does.
        let json: Value = serde_json::from_str(&cli_ok(
            &db,
            &[
                "plan",
                "import",
                path_str(file)?,
                "--roster-only",
                "--dry-run",
                "--json",
            ],
        ))?;
        assert_eq!(people_of(&json).len(), notices()[*i].people.len());
        assert_eq!(dump(&db)?, before, "a dry run wrote something");
        // With --roster-only: the roster is imported; its bodies become units, not people.
        let out = cli_ok(&db, &["plan", "import", path_str(file)?, "--roster-only"]);
        assert!(out.contains("新增 6 人"), "{out}");
        assert!(out.contains("新增责任单位 4 个"), "{out}");
        let plans: Value = serde_json::from_str(&cli_ok(&db, &["plan", "list", "--json"]))?;
        assert_eq!(plans.as_array().map(Vec::len), Some(0), "no plan is made");
        let group: Value = serde_json::from_str(&cli_ok(&db, &["group", "list", "--json"]))?;
        let names: Vec<&str> = group
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m["name"].as_str())
            .collect();
        assert!(
            names.contains(&"孙志强") && names.contains(&"苏晓梅"),
            "{names:?}"
        );
        assert!(
            !names.iter().any(|n| n.contains('县')),
            "a body became a person: {names:?}"
        );
        let units = cli_ok(&db, &["unit", "list"]);
        for body in ["县委办", "县政府办", "县财政局", "县人社局"] {
            assert!(units.contains(body), "{body} missing from {units}");
        }
        // Imported again: nothing changes. Undone: members and added units go, 县司法局 stays.
        let again = cli_ok(&db, &["group", "import", path_str(file)?]);
        assert!(again.contains("未作改动"), "{again}");
        let undo = cli_ok(&db, &["group", "undo-import"]);
        assert!(undo.contains("移除新增成员 6 人"), "{undo}");
        assert!(undo.contains("移除新增的责任单位 4 个"), "{undo}");
        let units = cli_ok(&db, &["unit", "list"]);
        assert!(
            units.contains("县司法局") && !units.contains("县人社局"),
            "{units}"
        );
    }
    Ok(())
}

#[test]
fn a_document_without_a_roster_is_refused_with_the_database_unchanged() -> TestResult {
    let dir = tempfile::tempdir()?;
    write_both(dir.path(), "meeting", NO_ROSTER, &[])?;
    let db = dir.path().join("t.db");
    cli_ok(&db, &["sample", "--today", "2025-06-01"]);
    let before = dump(&db)?;
    for ext in ["txt", "docx"] {
        let file = dir.path().join(format!("meeting.{ext}"));
        let err = cli_err(&db, &["group", "import", path_str(&file)?]);
        assert!(err.contains("未识别到领导小组名单"), "{err}");
        let err = cli_err(&db, &["plan", "import", path_str(&file)?, "--roster-only"]);
        assert!(err.contains("未识别到领导小组名单"), "{err}");
        let err = cli_err(&db, &["plan", "import", path_str(&file)?]);
        assert!(err.contains("未识别到任务"), "{err}");
        assert_eq!(
            dump(&db)?,
            before,
            "{ext}: a refused import wrote something"
        );
    }
    // A plan with tasks given to `group import` without a roster: told to import it as a plan.
    let plan = dir.path().join("plan.txt");
    std::fs::write(
        &plan,
        "示例县2025年法治政府建设工作要点\n一、重点任务\n1.完善行政执法公示制度。（县司法局牵头）\n2.规范重大行政决策程序。（县政府办牵头）\n",
    )?;
    let err = cli_err(&db, &["group", "import", path_str(&plan)?]);
    assert!(
        err.contains("识别到 2 项任务") && err.contains("plan import"),
        "{err}"
    );
    assert_eq!(dump(&db)?, before);
    // Binary junk named .docx: refused too.
    let junk = dir.path().join("名单.docx");
    std::fs::write(&junk, [0x50u8, 0x4b, 3, 4, 0xff, 0, 1, 2, 3])?;
    let out = cli(&db, &["group", "import", path_str(&junk)?]);
    assert!(!out.status.success());
    assert_eq!(dump(&db)?, before);
    Ok(())
}

#[test]
fn a_plan_with_tasks_and_a_roster_keeps_both() -> TestResult {
    let dir = tempfile::tempdir()?;
    let plan = dir.path().join("plan.txt");
    std::fs::write(
        &plan,
        "示例县2025年法治政府建设实施方案\n一、重点任务\n1.完善行政执法公示制度。（县司法局牵头）\n2.规范重大行政决策程序。（县政府办牵头，县司法局配合）\n二、组织领导\n成立示例县法治政府建设工作领导小组，由县长周明远任组长，常务副县长吴建国任副组长，县司法局局长陈立新兼任办公室主任。\n",
    )?;
    let db = dir.path().join("t.db");
    let json: Value = serde_json::from_str(&cli_ok(
        &db,
        &["plan", "import", path_str(&plan)?, "--dry-run", "--json"],
    ))?;
    assert_eq!(json["counts"]["tasks"], 2);
    let group: Vec<(String, String)> = json["group"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap_or_default().to_string();
            (s("role"), s("name"))
        })
        .collect();
    assert_eq!(
        group,
        [
            ("组长".to_string(), "周明远".to_string()),
            ("副组长".into(), "吴建国".into()),
            ("办公室主任".into(), "陈立新".into()),
        ]
    );
    cli_ok(&db, &["plan", "import", path_str(&plan)?]);
    let members: Value = serde_json::from_str(&cli_ok(&db, &["group", "list", "--json"]))?;
    assert_eq!(members.as_array().map(Vec::len), Some(3));
    let tasks: Value = serde_json::from_str(&cli_ok(&db, &["task", "list", "--json"]))?;
    assert_eq!(tasks.as_array().map(Vec::len), Some(2));
    Ok(())
}

#[test]
fn a_notice_in_traditional_characters_keeps_its_names_as_written() -> TestResult {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("通知.txt");
    std::fs::write(
        &file,
        "示例縣人民政府關於成立示例縣法治政府建設領導小組的通知\n各鄉鎮人民政府，縣直各單位：\n經研究，決定成立示例縣法治政府建設領導小組，組成人員如下：\n組　長：張志遠（縣長）\n副組長：劉國強（副縣長）\n成員單位：縣司法局、縣財政局\n",
    )?;
    let db = dir.path().join("t.db");
    let json: Value = serde_json::from_str(&cli_ok(
        &db,
        &["group", "import", path_str(&file)?, "--dry-run", "--json"],
    ))?;
    let people: Vec<(String, String)> = people_of(&json)
        .into_iter()
        .map(|(role, name, _)| (role, name))
        .collect();
    assert_eq!(
        people,
        [
            ("组长".to_string(), "張志遠".to_string()),
            ("副组长".into(), "劉國強".into()),
        ]
    );
    assert_eq!(bodies_of(&json), ["縣司法局", "縣財政局"]);
    Ok(())
}
