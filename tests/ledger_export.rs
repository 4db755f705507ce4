//! 工作台账 export, checked as the clerk and the departments would: every workbook read back
//! with calamine and as raw XML, printed to PDF by LibreOffice, and opened by openpyxl.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Range, Reader, SheetVisible, Xlsx};
use common::{
    a4_landscape_pages, cli_err, cli_ok, files_in, pdf_text, run_tool, to_pdf, xml_parts,
    TestResult,
};
use taizhang::ledger::{self, Existing, ExportOptions, LedgerError, LedgerRequest};
use taizhang::progress::{self, Entry, Period, Submission};
use taizhang::task::{self, Status, TaskFilter};
use taizhang::{sample, unit, Db, ErrorKind};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const PERIOD: Period = Period {
    year: 2025,
    month: 9,
};
/// The 0-based row of a unit ledger's column headers: under the title, the 填报单位 row and
/// the 报送截止 notice.
const HEADER: u32 = 3;
/// The notice of September 2025 in the sample plan (每月5日前报送上月): 5 October falls in the
/// National Day holiday.
const NOTICE: &str =
    "报送截止：请于2025年10月9日前报送2025年9月进展（2025年10月5日逢休息日或节假日，顺延）。　　佐证材料请与本表放在同一文件夹报送，并在“佐证材料”栏填写文件名。";
const UNIT_HEADERS: [&str; 13] = [
    "序号",
    "主要任务",
    "任务要求",
    "职责",
    "完成时间",
    "上期进展",
    "进展情况",
    "完成状态",
    "责任科室",
    "责任人",
    "备注",
    "佐证材料",
    "任务标识",
];
/// Progress texts that a spreadsheet would take for formulas if written carelessly.
const RISKY: [&str; 4] = [
    "=1+1",
    "+86 0123-6523316",
    "-已完成自查",
    "@县政府办 已报送",
];

/// The sample plan in a database file, with August reports from every unit.
struct Fixture {
    dir: tempfile::TempDir,
    db: Db,
    plan_id: i64,
    /// August's (latest) report text by (unit name, task id).
    august: HashMap<(String, i64), String>,
}

impl Fixture {
    fn db_path(&self) -> PathBuf {
        self.dir.path().join("taizhang.db")
    }

    /// A new, empty folder under the fixture's temporary folder.
    fn out(&self, name: &str) -> Res<PathBuf> {
        let p = self.dir.path().join(name);
        std::fs::create_dir_all(&p)?;
        Ok(p)
    }

    fn request(&self, out: &Path, unit: Option<&str>) -> LedgerRequest {
        LedgerRequest {
            plan_id: self.plan_id,
            period: PERIOD,
            out_dir: out.to_path_buf(),
            unit: unit.map(str::to_string),
            existing: Existing::KeepBoth,
        }
    }

    /// Every task of the plan.
    fn all_tasks(&self) -> Res<Vec<task::Task>> {
        Ok(task::list(
            &self.db,
            &TaskFilter {
                plan_id: Some(self.plan_id),
                ..Default::default()
            },
        )?)
    }

    fn tasks_of(&self, unit: &str) -> Res<Vec<task::Task>> {
        Ok(task::list(
            &self.db,
            &TaskFilter {
                plan_id: Some(self.plan_id),
                unit: Some(unit.to_string()),
                ..Default::default()
            },
        )?)
    }
}

fn fixture() -> Res<Fixture> {
    let dir = tempfile::tempdir()?;
    let mut db = Db::open(&dir.path().join("taizhang.db"))?;
    let plan_id = sample::load(&mut db)?;
    let units = common::reporting_units(&db)?;
    let mut august = HashMap::new();
    let mut all = Vec::new();
    for (unit_id, name) in &units {
        let tasks = task::list(
            &db,
            &TaskFilter {
                plan_id: Some(plan_id),
                unit: Some(name.clone()),
                ..Default::default()
            },
        )?;
        let mut july = Vec::new();
        let mut first = Vec::new();
        let mut latest = Vec::new();
        for (i, t) in tasks.iter().enumerate() {
            july.push(entry(t.id, format!("{name}七月进展")));
            first.push(entry(t.id, format!("{name}八月初稿")));
            let text = if name == "县司法局" && i < RISKY.len() {
                RISKY[i].to_string()
            } else {
                format!(
                    "{name}：8月召开专题会议研究“{}”，已完成阶段性工作。",
                    t.title
                )
            };
            august.insert((name.clone(), t.id), text.clone());
            latest.push(entry(t.id, text));
        }
        all.push((*unit_id, july, first, latest));
    }
    let tx = db.transaction()?;
    for (unit_id, july, first, latest) in &all {
        let sub = |period, received_at| Submission {
            plan_id,
            unit_id: *unit_id,
            period,
            file_name: "台账.xlsx",
            file_hash: "",
            received_at,
        };
        let aug = PERIOD.prev();
        progress::record_submission(&tx, &sub(aug.prev(), "2025-08-04 09:00:00"), july)?;
        progress::record_submission(&tx, &sub(aug, "2025-09-02 09:00:00"), first)?;
        progress::record_submission(&tx, &sub(aug, "2025-09-04 16:30:00"), latest)?;
    }
    tx.commit()?;
    Ok(Fixture {
        dir,
        db,
        plan_id,
        august,
    })
}

fn entry(task_id: i64, text: String) -> Entry {
    Entry {
        task_id,
        text,
        status: Some(Status::InProgress),
    }
}

/// An exported workbook read back: the main sheet's cells, the sheets, the identity and the
/// raw XML parts.
struct Book {
    cells: Range<Data>,
    formulas: Range<String>,
    sheets: Vec<(String, SheetVisible)>,
    identity: HashMap<String, String>,
    xml: HashMap<String, String>,
    merged: Vec<calamine::Dimensions>,
}

impl Book {
    fn open(path: &Path, sheet: &str) -> Res<Book> {
        let mut wb: Xlsx<_> = open_workbook(path)?;
        let sheets = wb
            .sheets_metadata()
            .iter()
            .map(|s| (s.name.clone(), s.visible))
            .collect();
        let cells = wb.worksheet_range(sheet)?;
        let formulas = wb.worksheet_formula(sheet)?;
        let merged = wb.merge_cells_by_sheet_name(sheet)?;
        let ident = wb.worksheet_range(ledger::IDENTITY_SHEET)?;
        let mut identity = HashMap::new();
        for row in ident.rows() {
            identity.insert(text(&row[0]), text(&row[1]));
        }
        let xml = xml_parts(path)?;
        Ok(Book {
            cells,
            formulas,
            sheets,
            identity,
            xml,
            merged,
        })
    }

    fn at(&self, row: u32, col: u32) -> String {
        self.cells
            .get_value((row, col))
            .map(text)
            .unwrap_or_default()
    }

    fn row(&self, row: u32) -> Vec<String> {
        let width = self.cells.end().map_or(0, |e| e.1 + 1);
        (0..width).map(|c| self.at(row, c)).collect()
    }

    /// Task rows below the header with the task each one's hidden key (in `key_col`) names.
    fn task_rows<'t>(
        &self,
        key_col: u32,
        tasks: &'t [task::Task],
    ) -> Res<Vec<(u32, &'t task::Task)>> {
        let mut out = Vec::new();
        for r in 3..self.height() {
            if let Some(id) = ledger::parse_task_key(&self.at(r, key_col)) {
                let t = tasks
                    .iter()
                    .find(|t| t.id == id)
                    .ok_or("unknown task key")?;
                out.push((r, t));
            }
        }
        Ok(out)
    }

    fn height(&self) -> u32 {
        self.cells.end().map_or(0, |e| e.0 + 1)
    }

    fn sheet_xml(&self) -> &str {
        self.xml
            .get("xl/worksheets/sheet1.xml")
            .map_or("", String::as_str)
    }

    fn part(&self, name: &str) -> &str {
        self.xml.get(name).map_or("", String::as_str)
    }

    /// A custom document property's text.
    fn property(&self, name: &str) -> Option<String> {
        let custom = self.part("docProps/custom.xml");
        let at = custom.find(&format!("name=\"taizhang.{name}\""))?;
        let rest = &custom[at..];
        let start = rest.find("<vt:lpwstr>")? + "<vt:lpwstr>".len();
        let end = rest.find("</vt:lpwstr>")?;
        Some(rest[start..end].to_string())
    }

    /// Whether the cell at `r` (A1 style) uses a style with `<protection locked="0"/>`.
    fn unlocked(&self, r: &str) -> bool {
        let xml = self.sheet_xml();
        let Some(at) = xml.find(&format!("<c r=\"{r}\"")) else {
            panic!("cell {r} not written");
        };
        let tag = &xml[at..at + xml[at..].find('>').unwrap_or(0)];
        let style: usize = tag
            .split("s=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let styles = self.part("xl/styles.xml");
        let xfs = styles
            .split("<cellXfs")
            .nth(1)
            .and_then(|s| s.split("</cellXfs>").next())
            .unwrap_or("");
        let xf = xfs.split("<xf ").nth(style + 1).unwrap_or("");
        xf.contains("locked=\"0\"")
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => format!("date:{d}"),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("error:{e:?}"),
    }
}

fn col_letter(col: usize) -> String {
    char::from(b'A' + col as u8).to_string()
}

fn is_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_responsible_unit_gets_its_ledger_and_the_clerk_a_summary() -> TestResult {
    let fx = fixture()?;
    let out = fx.out("台账")?;
    let mut progress_calls = Vec::new();
    let files = ledger::export_with_progress(
        &fx.db,
        &fx.request(&out, None),
        &ExportOptions::default(),
        &mut |done, total| progress_calls.push((done, total)),
    )?;
    let units = unit::list(&fx.db)?;
    let expected: BTreeSet<String> = units
        .iter()
        .filter(|u| u.task_count > 0 && u.kind != unit::UnitKind::Group)
        .map(|u| format!("{}_2025年09月_工作台账.xlsx", u.name))
        .chain(["汇总_2025年09月_工作台账.xlsx".to_string()])
        .collect();
    let written: BTreeSet<String> = files_in(&out)?.into_iter().collect();
    assert_eq!(
        written, expected,
        "exactly one file per unit plus the summary"
    );
    assert!(!written
        .iter()
        .any(|f| f.contains("各有关部门") || f.contains("各乡镇")));
    assert_eq!(files.len(), expected.len());
    assert_eq!(files.last().map(|f| f.unit.as_str()), Some("汇总"));
    assert_eq!(progress_calls.len(), files.len());
    assert_eq!(progress_calls.last(), Some(&(files.len(), files.len())));

    for f in files.iter().filter(|f| f.unit_id.is_some()) {
        let book = Book::open(&f.file, "工作台账")?;
        check_unit_ledger(&fx, &book, &f.unit, f.tasks)?;
    }
    Ok(())
}

/// The cells, identity, protection and print setup of one unit's ledger.
fn check_unit_ledger(fx: &Fixture, book: &Book, unit: &str, rows: usize) -> TestResult {
    let plan = taizhang::plan::get(fx.db.conn(), fx.plan_id)?;
    assert_eq!(book.at(0, 0), format!("落实《{}》工作台账", plan.title));
    let info = book.at(1, 0);
    assert!(info.contains(&format!("填报单位：{unit}")), "{info}");
    assert!(info.contains("报送期次：2025年9月"), "{info}");
    assert!(book.row(1).iter().any(|c| c == "填报人："));
    assert!(book.row(1).iter().any(|c| c == "联系电话："));
    // No contact set: the notice is the deadline alone, over the whole width.
    assert_eq!(book.at(2, 0), NOTICE);
    assert!(book
        .merged
        .iter()
        .any(|m| m.start == (2, 0) && m.end == (2, UNIT_HEADERS.len() as u32 - 2)));
    assert_eq!(book.row(HEADER), UNIT_HEADERS);

    // Task rows carry their key; every other row below the header is a section heading.
    let tasks = fx.tasks_of(unit)?;
    let by_id: HashMap<i64, &task::Task> = tasks.iter().map(|t| (t.id, t)).collect();
    let mut keys = Vec::new();
    let mut sections_before_task = 0;
    let key_col = UNIT_HEADERS.len() as u32 - 1;
    for r in HEADER + 1..book.height() {
        let key = book.at(r, key_col);
        if key.is_empty() {
            let heading = book.at(r, 0);
            assert!(
                heading.starts_with(['一', '二', '三', '(', '（']),
                "row {r} of {unit}: neither task nor section: {:?}",
                book.row(r)
            );
            sections_before_task += 1;
            continue;
        }
        assert!(sections_before_task > 0, "{unit}: task before any section");
        let id = ledger::parse_task_key(&key).ok_or("bad key")?;
        let t = by_id.get(&id).ok_or("a task of another unit")?;
        assert_eq!(book.at(r, 0), t.code);
        assert_eq!(book.at(r, 1), t.title);
        assert_eq!(book.at(r, 2), t.requirements.trim(), "任务要求 in full");
        assert!(["牵头", "配合", "责任"].contains(&book.at(r, 3).as_str()));
        assert_eq!(book.at(r, 4), t.deadline_text);
        let august = fx
            .august
            .get(&(unit.to_string(), id))
            .cloned()
            .unwrap_or_default();
        assert_eq!(book.at(r, 5), august, "上期进展 of {unit} task {}", t.code);
        assert!(!book.at(r, 5).contains("初稿") && !book.at(r, 5).contains("七月"));
        assert_eq!(book.at(r, 6), "", "进展情况 starts empty");
        assert_eq!(book.at(r, 7), "推进中", "完成状态 prefilled from August");
        keys.push(id);
    }
    let mut expected: Vec<i64> = tasks.iter().map(|t| t.id).collect();
    expected.sort();
    keys.sort();
    assert_eq!(
        keys, expected,
        "{unit}: the tasks it leads, cooperates on or answers for"
    );
    assert_eq!(rows, keys.len());

    // Nothing is a formula, whatever the text starts with.
    assert!(book.formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    assert!(!book.sheet_xml().contains("<f>"));

    // Identity: very-hidden sheet and custom properties.
    assert_eq!(
        book.sheets,
        vec![
            ("工作台账".to_string(), SheetVisible::Visible),
            (ledger::IDENTITY_SHEET.to_string(), SheetVisible::VeryHidden),
        ]
    );
    let unit_id = unit::resolve(fx.db.conn(), unit)?.to_string();
    let plan_id = fx.plan_id.to_string();
    for (k, v) in [
        ("schema_version", "1"),
        ("kind", "unit_ledger"),
        ("plan_id", plan_id.as_str()),
        ("plan_title", plan.title.as_str()),
        ("unit_id", unit_id.as_str()),
        ("unit_name", unit),
        ("period", "2025-09"),
        ("key_column", "M"),
        ("header_row", "4"),
    ] {
        assert_eq!(book.identity.get(k).map(String::as_str), Some(v), "{k}");
        assert_eq!(book.property(k).as_deref(), Some(v), "property {k}");
    }

    let sheet = book.sheet_xml();
    let protection = sheet
        .split("<sheetProtection")
        .nth(1)
        .and_then(|s| s.split("/>").next())
        .ok_or("sheet not protected")?;
    assert!(protection.contains("sort=\"0\""), "sorting allowed");
    assert!(
        protection.contains("formatRows=\"0\""),
        "resizing rows allowed"
    );
    assert!(!protection.contains("password"), "no password by default");
    assert!(sheet.contains("<dataValidation type=\"list\""));
    assert!(sheet.contains("<formula1>\"已完成,推进中,未启动,长期坚持\"</formula1>"));
    assert!(sheet.contains("<col min=\"12\" max=\"12\"") && sheet.contains("hidden=\"1\""));
    assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"));
    let setup = sheet
        .split("<pageSetup ")
        .nth(1)
        .and_then(|s| s.split("/>").next())
        .ok_or("no pageSetup")?;
    assert!(setup.contains("paperSize=\"9\""), "A4: {setup}");
    assert!(setup.contains("orientation=\"landscape\""), "{setup}");
    assert!(setup.contains("fitToHeight=\"0\""), "{setup}");
    assert!(!setup.contains("fitToWidth=") || setup.contains("fitToWidth=\"1\""));
    assert!(sheet.contains("第 &amp;P 页 共 &amp;N 页"));
    assert!(sheet.contains("<pageMargins left=\"0.5\""));
    let workbook = book.part("xl/workbook.xml");
    assert!(workbook.contains("name=\"_xlnm.Print_Titles\""));
    assert!(workbook.contains("!$1:$4</definedName>"));
    let last_row = book.height();
    assert!(
        workbook.contains(&format!("!$A$1:$L${last_row}</definedName>")),
        "print area over the visible columns: {workbook}"
    );

    // The department edits 进展情况 … 佐证材料 and the 填报人 fields, nothing else.
    let first_task_row = (HEADER + 1..book.height())
        .find(|&r| !book.at(r, key_col).is_empty())
        .ok_or("no task row")?
        + 1;
    for (col, editable) in [
        (0, false),
        (1, false),
        (2, false),
        (3, false),
        (4, false),
        (5, false),
        (6, true),
        (7, true),
        (8, true),
        (9, true),
        (10, true),
        (11, true),
        (12, false),
    ] {
        let r = format!("{}{first_task_row}", col_letter(col));
        assert_eq!(
            book.unlocked(&r),
            editable,
            "{unit} {r} ({})",
            UNIT_HEADERS[col]
        );
    }
    for k in ["filler_cell", "phone_cell"] {
        let cell = book.identity.get(k).ok_or(k)?;
        assert!(book.unlocked(cell), "{k} {cell} editable");
    }
    Ok(())
}

#[test]
fn risky_progress_texts_stay_text() -> TestResult {
    let fx = fixture()?;
    let out = fx.out("risky")?;
    let files = ledger::export(
        &fx.db,
        &fx.request(&out, Some("司法局")),
        &ExportOptions::default(),
    )?;
    assert_eq!(files.len(), 1, "one unit, no summary");
    assert_eq!(files[0].unit, "县司法局");
    let book = Book::open(&files[0].file, "工作台账")?;
    let previous: Vec<String> = (HEADER + 1..book.height()).map(|r| book.at(r, 5)).collect();
    for risky in RISKY {
        assert!(previous.iter().any(|p| p == risky), "{risky} kept as text");
        assert!(book
            .cells
            .used_cells()
            .any(|(_, _, d)| d == &Data::String(risky.into())));
    }
    assert!(!book.sheet_xml().contains("<f>"));
    Ok(())
}

#[test]
fn summary_lists_every_task_with_all_units_previous_reports() -> TestResult {
    let fx = fixture()?;
    let out = fx.out("汇总")?;
    let files = ledger::export(&fx.db, &fx.request(&out, None), &ExportOptions::default())?;
    let summary = files.last().ok_or("no files")?;
    assert_eq!(summary.unit_id, None);
    let book = Book::open(&summary.file, "汇总")?;
    assert!(book.at(0, 0).ends_with("工作台账（汇总）"));
    assert!(book.at(1, 0).contains("报送期次：2025年9月"));
    assert_eq!(
        book.row(2),
        [
            "序号",
            "主要任务",
            "完成时间",
            "牵头单位",
            "配合单位",
            "上期进展",
            "进展情况",
            "完成状态",
            "备注",
            "任务标识"
        ]
    );
    let all = fx.all_tasks()?;
    let rows = book.task_rows(9, &all)?;
    assert_eq!(rows.len(), all.len());
    for &(r, t) in &rows {
        let id = t.id;
        assert_eq!(book.at(r, 1), t.title);
        assert_eq!(book.at(r, 4), t.co_units.join("、"));
        for lead in &t.lead_units {
            assert!(book.at(r, 3).contains(lead.as_str()));
        }
        let previous = book.at(r, 5);
        for u in t.lead_units.iter().chain(&t.co_units) {
            if let Some(text) = fx.august.get(&(u.clone(), id)) {
                let line = format!("{u}（推进中）：{}", text.trim());
                assert!(previous.contains(&line), "{line} in {previous}");
            }
        }
    }
    assert_eq!(
        book.identity.get("kind").map(String::as_str),
        Some("summary")
    );
    assert!(
        !book.sheet_xml().contains("<sheetProtection"),
        "the clerk's own file"
    );
    Ok(())
}

#[test]
fn previous_column_can_be_left_out_and_the_default_is_remembered() -> TestResult {
    let mut fx = fixture()?;
    ledger::save_options(
        &mut fx.db,
        &ExportOptions {
            include_previous: false,
            password: Some("示例县".into()),
            ..ExportOptions::default()
        },
    )?;
    let db_path = fx.db_path();
    let out = fx.out("无上期")?;
    let out_s = out.to_string_lossy().into_owned();
    let json = cli_ok(
        &db_path,
        &[
            "ledger",
            "export",
            "--period",
            "2025年9月",
            "--out",
            &out_s,
            "--unit",
            "县财政局",
            "--json",
        ],
    );
    let files: serde_json::Value = serde_json::from_str(&json)?;
    let files = files.as_array().ok_or("not a list")?;
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["unit"], "县财政局");
    assert_eq!(files[0]["tasks"], 2);
    let file = PathBuf::from(files[0]["file"].as_str().ok_or("file")?);
    assert_eq!(
        file.file_name().map(|n| n.to_string_lossy().into_owned()),
        Some("县财政局_2025年09月_工作台账.xlsx".to_string())
    );
    let book = Book::open(&file, "工作台账")?;
    let headers = book.row(HEADER);
    assert!(!headers.iter().any(|h| h == "上期进展"), "{headers:?}");
    assert_eq!(headers[5], "进展情况");
    let protection = book
        .sheet_xml()
        .split("<sheetProtection")
        .nth(1)
        .unwrap_or("");
    assert!(protection.contains("password="), "saved password used");
    Ok(())
}

#[test]
fn cli_exports_all_ledgers_the_task_list_and_the_roster() -> TestResult {
    let fx = fixture()?;
    let db_path = fx.db_path();
    let out = fx.out("cli")?;
    let out_s = out.to_string_lossy().into_owned();
    let json = cli_ok(
        &db_path,
        &[
            "ledger", "export", "--plan", "1", "--period", "2025-09", "--out", &out_s, "--json",
        ],
    );
    let files: serde_json::Value = serde_json::from_str(&json)?;
    let files = files.as_array().ok_or("not a list")?;
    for f in files {
        assert!(f["file"].is_string() && f["unit"].is_string() && f["tasks"].is_u64());
    }
    assert_eq!(files.len(), files_in(&out)?.len());
    let text = cli_ok(
        &db_path,
        &[
            "ledger",
            "export",
            "--period",
            "2025-09",
            "--out",
            &out_s,
            "--no-previous",
        ],
    );
    assert!(text.contains("县司法局_2025年09月_工作台账.xlsx"), "{text}");

    let list = out.join("重点任务清单.xlsx");
    let list_s = list.to_string_lossy().into_owned();
    cli_ok(
        &db_path,
        &["task", "export", "--plan", "1", "--out", &list_s],
    );
    let roster = out.join("领导小组名单.xlsx");
    let roster_s = roster.to_string_lossy().into_owned();
    let said = cli_ok(
        &db_path,
        &["group", "export", "--on", "2025-09-01", "--out", &roster_s],
    );
    assert!(said.contains("领导小组名单"), "{said}");
    let err = cli_err(
        &db_path,
        &[
            "task",
            "export",
            "--out",
            &out.join("清单.xls").to_string_lossy(),
        ],
    );
    assert!(err.contains(".xlsx"), "{err}");
    Ok(())
}

#[test]
fn task_list_is_grouped_under_sections() -> TestResult {
    let fx = fixture()?;
    let out = fx.out("清单")?.join("重点任务清单.xlsx");
    let f = ledger::export_task_list(&fx.db, fx.plan_id, &out, Existing::KeepBoth)?;
    let plan = taizhang::plan::get(fx.db.conn(), fx.plan_id)?;
    let book = Book::open(&out, "重点任务清单")?;
    assert_eq!(book.at(0, 0), format!("《{}》重点任务清单", plan.title));
    assert_eq!(
        book.row(2),
        [
            "序号",
            "重点任务",
            "牵头单位",
            "配合单位",
            "完成时限",
            "任务标识"
        ]
    );
    assert_eq!(book.at(3, 0), "二、重点任务");
    assert!(book.at(4, 0).starts_with("(一)"));
    let all = fx.all_tasks()?;
    assert_eq!(f.tasks, all.len());
    let rows = book.task_rows(5, &all)?;
    assert_eq!(rows.len(), all.len());
    for &(r, t) in &rows {
        assert_eq!(book.at(r, 1), t.title);
        let mut lead = t.lead_units.clone();
        lead.extend(t.responsible_units.iter().cloned());
        assert_eq!(book.at(r, 2), lead.join("、"));
        assert_eq!(book.at(r, 3), t.co_units.join("、"));
        assert_eq!(book.at(r, 4), t.deadline_text);
    }
    let headings: Vec<String> = (3..book.height())
        .filter(|&r| book.at(r, 5).is_empty())
        .map(|r| book.at(r, 0))
        .collect();
    assert!(
        headings.contains(&"三、保障措施".to_string()),
        "{headings:?}"
    );
    assert_eq!(
        book.identity.get("kind").map(String::as_str),
        Some("task_list")
    );
    assert!(book.sheet_xml().contains("orientation=\"landscape\""));
    Ok(())
}

#[test]
fn roster_lists_members_in_office_on_the_day() -> TestResult {
    let fx = fixture()?;
    let out = fx.out("名单")?;
    let sept = out.join("九月.xlsx");
    let f = ledger::export_roster(
        &fx.db,
        chrono::NaiveDate::from_ymd_opt(2025, 9, 1).ok_or("date")?,
        &sept,
        Existing::KeepBoth,
    )?;
    let book = Book::open(&sept, "领导小组名单")?;
    assert_eq!(book.row(2), ["组内职务", "姓名", "职务", "单位"]);
    assert!(book.at(1, 0).contains("截至2025年9月1日"));
    let names: Vec<String> = (3..book.height()).map(|r| book.at(r, 1)).collect();
    assert_eq!(f.tasks, names.len());
    assert!(names.contains(&"胡建军".to_string()));
    assert!(!names.contains(&"徐志刚".to_string()), "left on 2025-07-31");
    assert_eq!(book.at(3, 0), "组长");
    assert_eq!(book.at(3, 1), "陈立新");
    // 副组长 shown once over both deputies.
    assert!(book
        .merged
        .iter()
        .any(|d| d.start == (4, 0) && d.end == (5, 0)));
    assert_eq!(book.at(4, 0), "副组长");

    let july = out.join("七月.xlsx");
    ledger::export_roster(
        &fx.db,
        chrono::NaiveDate::from_ymd_opt(2025, 7, 1).ok_or("date")?,
        &july,
        Existing::KeepBoth,
    )?;
    let book = Book::open(&july, "领导小组名单")?;
    let names: Vec<String> = (3..book.height()).map(|r| book.at(r, 1)).collect();
    assert!(names.contains(&"徐志刚".to_string()));
    assert!(!names.contains(&"胡建军".to_string()));

    let before = ledger::export_roster(
        &fx.db,
        chrono::NaiveDate::from_ymd_opt(2024, 1, 1).ok_or("date")?,
        &out.join("空.xlsx"),
        Existing::KeepBoth,
    );
    assert!(matches!(before, Err(LedgerError::EmptyRoster(_))));
    assert!(!out.join("空.xlsx").exists());
    Ok(())
}

/// The members' 备注 (兼, 挂职 …) are printed in a column of their own once any member has one;
/// the name stays the name.
#[test]
fn roster_prints_the_members_notes_in_a_column_of_their_own() -> TestResult {
    let mut fx = fixture()?;
    let out = fx.out("备注")?;
    let on = chrono::NaiveDate::from_ymd_opt(2025, 9, 1).ok_or("date")?;
    let members = taizhang::group::list(&fx.db, Some(on))?;
    let [leader, deputy, ..] = members.as_slice() else {
        return Err("the sample has at least two members".into());
    };
    let noted = [(deputy, "常务"), (members.last().ok_or("members")?, "挂职")];
    for (m, note) in noted {
        let input = taizhang::group::MemberInput {
            note: note.to_string(),
            ..m.clone().into()
        };
        taizhang::group::edit(&mut fx.db, m.id, &input)?;
    }

    let path = out.join("领导小组名单.xlsx");
    ledger::export_roster(&fx.db, on, &path, Existing::KeepBoth)?;
    let book = Book::open(&path, "领导小组名单")?;
    assert_eq!(book.row(2), ["组内职务", "姓名", "职务", "单位", "备注"]);
    let row_of = |name: &str| (3..book.height()).find(|&r| book.at(r, 1) == name);
    for (m, note) in noted {
        let r = row_of(&m.name).ok_or_else(|| format!("{} not listed", m.name))?;
        assert_eq!(book.at(r, 4), note, "{}", m.name);
        assert_eq!(book.at(r, 2), m.title);
    }
    let r = row_of(&leader.name).ok_or("the leader not listed")?;
    assert_eq!(book.at(r, 4), "", "no note, an empty cell");
    // The title and the 截至 line span the new column too.
    assert!(book
        .merged
        .iter()
        .any(|d| d.start == (1, 0) && d.end == (1, 4)));

    // Read back as a roster, the notes are the members' own: nothing to change.
    let draft = taizhang::plan::roster::draft_from_file(fx.db.conn(), &path, Some(on))?;
    for (m, note) in noted {
        let e = draft
            .members
            .iter()
            .find(|e| e.member.name == m.name)
            .ok_or_else(|| format!("{} not read back", m.name))?;
        assert_eq!(e.note, note);
    }
    assert!(draft
        .members
        .iter()
        .all(|e| e.status == taizhang::plan::roster::EntryStatus::Same));

    // On paper: A4 landscape, one page wide, the notes printed.
    let pdf = to_pdf(fx.dir.path(), std::slice::from_ref(&path))?;
    let pdf = pdf.first().ok_or("no PDF")?;
    a4_landscape_pages(pdf)?;
    let printed = pdf_text(pdf, None)?;
    assert!(
        printed.contains("备注") && printed.contains("常务") && printed.contains("挂职"),
        "{printed}"
    );
    Ok(())
}

/// Expects a Chinese error of `kind` and an output folder left exactly as it was.
fn refused(
    result: Result<Vec<ledger::ExportedFile>, LedgerError>,
    kind: ErrorKind,
    dir: &Path,
    before: &[String],
) -> Res<String> {
    let err = match result {
        Ok(files) => return Err(format!("should have failed, wrote {files:?}").into()),
        Err(e) => e,
    };
    let message = err.to_string();
    assert!(is_chinese(&message), "{message}");
    assert_eq!(err.kind(), kind, "{message}");
    assert_eq!(taizhang::Error::from(err).kind(), kind);
    if dir.exists() {
        assert_eq!(files_in(dir)?, before, "folder changed after: {message}");
    }
    Ok(message)
}

#[test]
fn bad_requests_are_refused_in_chinese_and_write_nothing() -> TestResult {
    let fx = fixture()?;
    let out = fx.out("bad")?;
    let opts = ExportOptions::default();
    let none: Vec<String> = Vec::new();

    let mut req = fx.request(&out, None);
    req.plan_id = 999;
    let m = refused(
        ledger::export(&fx.db, &req, &opts),
        ErrorKind::NotFound,
        &out,
        &none,
    )?;
    assert!(m.contains("999"), "{m}");

    let mut req = fx.request(&out, None);
    req.period = Period {
        year: 2026,
        month: 3,
    };
    let m = refused(
        ledger::export(&fx.db, &req, &opts),
        ErrorKind::Invalid,
        &out,
        &none,
    )?;
    assert!(
        m.contains("2026年3月") && m.contains("2025年3月至2025年12月"),
        "{m}"
    );

    let req = fx.request(&out, Some("县气象局"));
    let m = refused(
        ledger::export(&fx.db, &req, &opts),
        ErrorKind::NotFound,
        &out,
        &none,
    )?;
    assert!(m.contains("县气象局"), "{m}");

    let req = fx.request(&out, Some("县直各有关部门"));
    let m = refused(
        ledger::export(&fx.db, &req, &opts),
        ErrorKind::Invalid,
        &out,
        &none,
    )?;
    assert!(m.contains("统称"), "{m}");

    let missing = out.join("不存在的文件夹");
    let req = fx.request(&missing, None);
    let m = refused(
        ledger::export(&fx.db, &req, &opts),
        ErrorKind::Io,
        &missing,
        &none,
    )?;
    assert!(m.contains("不存在的文件夹") && m.contains("不存在"), "{m}");
    assert!(!missing.exists());

    let bad_password = ExportOptions {
        include_previous: true,
        password: Some("密".repeat(300)),
        ..ExportOptions::default()
    };
    let req = fx.request(&out, None);
    refused(
        ledger::export(&fx.db, &req, &bad_password),
        ErrorKind::Invalid,
        &out,
        &none,
    )?;

    let db_path = fx.db_path();
    let out_s = out.to_string_lossy().into_owned();
    let err = cli_err(
        &db_path,
        &["ledger", "export", "--period", "2025-13", "--out", &out_s],
    );
    assert!(err.contains("报送期次"), "{err}");
    let err = cli_err(
        &db_path,
        &[
            "ledger", "export", "--plan", "42", "--period", "2025-09", "--out", &out_s,
        ],
    );
    assert!(err.contains("42"), "{err}");
    assert!(files_in(&out)?.is_empty());
    Ok(())
}

#[test]
fn a_cell_over_excel_limit_stops_the_export_before_any_file() -> TestResult {
    let mut fx = fixture()?;
    let unit_id = unit::resolve(fx.db.conn(), "县财政局")?;
    let task_id = fx.tasks_of("县财政局")?.first().ok_or("no task")?.id;
    let tx = fx.db.transaction()?;
    progress::record_submission(
        &tx,
        &Submission {
            plan_id: fx.plan_id,
            unit_id,
            period: PERIOD.prev(),
            file_name: "超长.xlsx",
            file_hash: "",
            received_at: "2025-09-05 08:00:00",
        },
        &[entry(task_id, "很多".to_string())],
    )?;
    // Stored before the app limited texts to what a cell holds: the export must still say
    // which cell is too long.
    tx.execute(
        "UPDATE progress SET text = ?1 WHERE task_id = ?2 AND unit_id = ?3",
        rusqlite::params!["很".repeat(40_000), task_id, unit_id],
    )?;
    tx.commit()?;
    let out = fx.out("long")?;
    let m = refused(
        ledger::export(&fx.db, &fx.request(&out, None), &ExportOptions::default()),
        ErrorKind::Invalid,
        &out,
        &[],
    )?;
    assert!(m.contains("上期进展") && m.contains("32767"), "{m}");
    Ok(())
}

/// Makes a folder or file unwritable even for root (chmod, else `chattr +i`), and undoes it
/// when dropped.
struct ReadOnly {
    path: PathBuf,
    immutable: bool,
}

impl ReadOnly {
    fn new(path: &Path) -> Res<ReadOnly> {
        use std::os::unix::fs::PermissionsExt;
        let mode = if path.is_dir() { 0o555 } else { 0o444 };
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
        let mut guard = ReadOnly {
            path: path.to_path_buf(),
            immutable: false,
        };
        if still_writable(path) {
            // Root ignores modes; the immutable attribute stops root too.
            let ok = Command::new("chattr")
                .arg("+i")
                .arg(path)
                .status()
                .is_ok_and(|s| s.success());
            guard.immutable = ok;
            if !ok || still_writable(path) {
                return Err("cannot make a read-only folder here (chattr +i failed)".into());
            }
        }
        Ok(guard)
    }
}

fn still_writable(path: &Path) -> bool {
    if path.is_dir() {
        let probe = path.join(".probe");
        let ok = std::fs::write(&probe, b"x").is_ok();
        let _ = std::fs::remove_file(&probe);
        ok
    } else {
        std::fs::OpenOptions::new().append(true).open(path).is_ok()
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.immutable {
            let _ = Command::new("chattr").arg("-i").arg(&self.path).status();
        }
        let mode = if self.path.is_dir() { 0o755 } else { 0o644 };
        let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(mode));
    }
}

#[test]
fn read_only_folder_is_refused_and_left_empty() -> TestResult {
    let fx = fixture()?;
    let out = fx.out("只读")?;
    let guard = ReadOnly::new(&out)?;
    let m = refused(
        ledger::export(&fx.db, &fx.request(&out, None), &ExportOptions::default()),
        ErrorKind::Io,
        &out,
        &[],
    )?;
    assert!(m.contains("只读") && m.contains("无法在文件夹"), "{m}");
    drop(guard);
    assert!(files_in(&out)?.is_empty(), "not even a temporary file");
    Ok(())
}

#[test]
fn locked_target_is_refused_before_any_file_is_replaced() -> TestResult {
    let fx = fixture()?;
    let out = fx.out("占用")?;
    let opts = ExportOptions::default();
    ledger::export(&fx.db, &fx.request(&out, None), &opts)?;
    let before = files_in(&out)?;
    let locked = out.join("县司法局_2025年09月_工作台账.xlsx");
    let other = out.join("县财政局_2025年09月_工作台账.xlsx");
    let locked_bytes = std::fs::read(&locked)?;
    std::fs::write(&other, b"old")?;
    let guard = ReadOnly::new(&locked)?;
    // Replacing the files of the first export (a file open elsewhere stops it); without
    // replacing, the new files would go beside the old ones.
    let replacing = LedgerRequest {
        existing: Existing::Replace,
        ..fx.request(&out, None)
    };
    let m = refused(
        ledger::export(&fx.db, &replacing, &opts),
        ErrorKind::Locked,
        &out,
        &before,
    )?;
    drop(guard);
    assert!(
        m.contains("县司法局_2025年09月_工作台账.xlsx") && m.contains("关闭"),
        "{m}"
    );
    assert_eq!(std::fs::read(&locked)?, locked_bytes);
    assert_eq!(std::fs::read(&other)?, b"old", "no file replaced");

    // A folder where the file should go is refused the same way, for a single list too.
    let blocked = out.join("清单.xlsx");
    std::fs::create_dir(&blocked)?;
    let r = ledger::export_task_list(&fx.db, fx.plan_id, &blocked, Existing::KeepBoth);
    assert!(matches!(r, Err(LedgerError::TargetIsFolder(_))), "{r:?}");
    Ok(())
}

/// Every kind of export in one folder: the ledgers, the summary, the task list, the roster.
fn export_everything(fx: &Fixture, out: &Path) -> Res<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> =
        ledger::export(&fx.db, &fx.request(out, None), &ExportOptions::default())?
            .into_iter()
            .map(|f| f.file)
            .collect();
    let list = out.join("重点任务清单.xlsx");
    ledger::export_task_list(&fx.db, fx.plan_id, &list, Existing::KeepBoth)?;
    let roster = out.join("领导小组名单.xlsx");
    let day = chrono::NaiveDate::from_ymd_opt(2025, 9, 1).ok_or("date")?;
    ledger::export_roster(&fx.db, day, &roster, Existing::KeepBoth)?;
    files.push(list);
    files.push(roster);
    Ok(files)
}

#[test]
fn exports_print_on_a4_landscape_with_the_header_on_every_page() -> TestResult {
    let fx = fixture()?;
    let out = fx.out("print")?;
    let files = export_everything(&fx, &out)?;
    let pdfs = to_pdf(fx.dir.path(), &files)?;
    let mut multi_page = 0;
    for (f, pdf) in files.iter().zip(&pdfs) {
        let stem = f.file_stem().ok_or("stem")?.to_string_lossy().into_owned();
        let pages = a4_landscape_pages(pdf)?;
        let all_text = pdf_text(pdf, None)?;
        assert!(!all_text.contains("TZ-"), "{stem}: hidden keys printed");
        assert!(
            !all_text.contains("schema_version"),
            "{stem}: identity printed"
        );
        assert!(
            all_text.contains(&format!("第1页共{pages}页")),
            "{stem}: page number footer"
        );
        if pages >= 2 {
            multi_page += 1;
            let page2 = pdf_text(pdf, Some(2))?;
            let header = if stem.contains("工作台账") {
                "主要任务"
            } else {
                "重点任务"
            };
            assert!(
                page2.contains(header),
                "{stem}: header not repeated on page 2"
            );
            assert!(
                page2.contains(&format!("第2页共{pages}页")),
                "{stem}: footer"
            );
        }
        if stem.starts_with("县司法局") {
            assert!(pages >= 2, "the biggest ledger spans pages");
        }
    }
    assert!(multi_page >= 2, "multi-page ledgers were checked");
    Ok(())
}

#[test]
fn every_export_opens_in_openpyxl() -> TestResult {
    let fx = fixture()?;
    let out = fx.out("openpyxl")?;
    let files = export_everything(&fx, &out)?;
    let script = "import sys, warnings, openpyxl\n\
                  warnings.simplefilter('error')\n\
                  for p in sys.argv[1:]:\n\
                  \x20   wb = openpyxl.load_workbook(p)\n\
                  \x20   ws = wb.worksheets[0]\n\
                  \x20   assert ws.max_row > 3, p\n\
                  \x20   assert wb['_taizhang'].sheet_state == 'veryHidden', p\n\
                  \x20   if '工作台账' in p and '汇总' not in p:\n\
                  \x20       assert ws.protection.sheet, p\n\
                  \x20       assert ws.data_validations.dataValidation, p\n\
                  print('ok', len(sys.argv) - 1)\n";
    let mut args: Vec<&std::ffi::OsStr> = vec!["-c".as_ref(), script.as_ref()];
    args.extend(files.iter().map(|f| f.as_os_str()));
    let said = run_tool("python3", &args)
        .map_err(|e| format!("{e} (openpyxl: python3 -m pip install openpyxl)"))?;
    assert_eq!(said.trim(), format!("ok {}", files.len()));
    Ok(())
}

#[test]
fn the_ledger_tells_the_department_its_deadline_contact_and_requirements() -> TestResult {
    let fx = fixture()?;
    let db_path = fx.db_path();
    let sifa = |out: &Path| -> Res<PathBuf> {
        let files = ledger::export(
            &fx.db,
            &fx.request(out, Some("县司法局")),
            &ledger::load_options(&fx.db)?,
        )?;
        Ok(files.first().ok_or("no file")?.file.clone())
    };

    // The contact, set through the CLI, refused when too long (nothing saved).
    let json: serde_json::Value =
        serde_json::from_str(&cli_ok(&db_path, &["ledger", "contact", "--json"]))?;
    assert_eq!(
        json["line"],
        serde_json::Value::Null,
        "unset: nothing printed"
    );
    let err = cli_err(
        &db_path,
        &["ledger", "contact", "--name", &"王".repeat(101)],
    );
    assert!(err.contains("联系人过长"), "{err}");
    cli_ok(
        &db_path,
        &[
            "ledger",
            "contact",
            "--name",
            "王芳",
            "--phone",
            "0123-5550001",
        ],
    );
    let json: serde_json::Value =
        serde_json::from_str(&cli_ok(&db_path, &["ledger", "contact", "--json"]))?;
    let contact = "如有疑问，请联系王芳，电话：0123-5550001。";
    assert_eq!(json["line"], contact);

    let file = sifa(&fx.out("联系人")?)?;
    let book = Book::open(&file, "工作台账")?;
    assert_eq!(book.at(2, 0), format!("{NOTICE}　　{contact}"));
    assert_eq!(book.row(HEADER), UNIT_HEADERS);

    // The new layout reads back: header under the notice, every task matched by its key, the
    // notice taken for neither a header nor a row.
    let tasks = fx.tasks_of("县司法局")?;
    let filled = fx.dir.path().join("县司法局_2025年09月_已填写.xlsx");
    let script = "import sys, openpyxl\n\
                  wb = openpyxl.load_workbook(sys.argv[1])\n\
                  ws = wb['工作台账']\n\
                  hr = next(r for r in range(1, 10) if any(c.value == '任务标识' for c in ws[r]))\n\
                  h = {c.value: c.column for c in ws[hr] if c.value}\n\
                  for r in range(hr + 1, ws.max_row + 1):\n\
                  \x20   if str(ws.cell(r, h['任务标识']).value or '').startswith('TZ-'):\n\
                  \x20       ws.cell(r, h['进展情况']).value = '9月已完成阶段工作'\n\
                  wb.save(sys.argv[2])\n";
    run_tool(
        "python3",
        &[
            "-c".as_ref(),
            script.as_ref(),
            file.as_os_str(),
            filled.as_os_str(),
        ],
    )
    .map_err(|e| format!("{e} (openpyxl: python3 -m pip install openpyxl)"))?;
    let preview = taizhang::ledger::import::preview(
        &fx.db,
        std::slice::from_ref(&filled),
        &taizhang::ledger::import::ImportOptions {
            received: chrono::NaiveDate::from_ymd_opt(2025, 10, 8),
            today: chrono::NaiveDate::from_ymd_opt(2025, 10, 10),
            ..Default::default()
        },
    )?;
    let fp = &preview.files[0];
    assert_eq!(fp.errors().count(), 0, "{:?}", fp.issues);
    assert_eq!(fp.header_row, HEADER + 1);
    assert_eq!(fp.counts.rows, tasks.len());
    assert_eq!(fp.counts.matched, tasks.len());
    assert!(fp.rows.iter().all(|r| !r.title_edited && !r.doubtful));
    // 任务要求 is the plan's own text: not kept with the department's report.
    assert!(fp
        .rows
        .iter()
        .all(|r| r.extra.iter().all(|(h, _)| h != "任务要求")));

    // Printed: A4 landscape, the notice and 任务要求 legible, the header on every page.
    let pdfs = to_pdf(fx.dir.path(), std::slice::from_ref(&file))?;
    let pages = a4_landscape_pages(&pdfs[0])?;
    assert!(pages >= 2, "县司法局's ledger spans pages");
    let page1 = pdf_text(&pdfs[0], Some(1))?;
    assert!(
        page1.contains("请于2025年10月9日前报送2025年9月进展"),
        "{page1}"
    );
    assert!(
        page1.contains("如有疑问，请联系王芳，电话：0123-5550001"),
        "{page1}"
    );
    let all = pdf_text(&pdfs[0], None)?;
    for t in &tasks {
        let req = common::squeeze(&t.requirements);
        assert!(
            all.contains(&req),
            "任务要求 of {} printed whole: {req}",
            t.code
        );
    }
    for p in 2..=pages {
        let text = pdf_text(&pdfs[0], Some(p))?;
        assert!(
            text.contains("任务要求") && text.contains("进展情况"),
            "page {p}"
        );
    }

    // Outside the reporting window and without a contact there is nothing to say: no notice
    // row, the header where it always was.
    cli_ok(
        &db_path,
        &["ledger", "contact", "--name", "", "--phone", ""],
    );
    cli_ok(&db_path, &["plan", "edit", "1", "--report-to", "2025-08"]);
    let file = sifa(&fx.out("无说明")?)?;
    let book = Book::open(&file, "工作台账")?;
    assert_eq!(book.row(2), UNIT_HEADERS);
    assert_eq!(
        book.identity.get("header_row").map(String::as_str),
        Some("3")
    );
    Ok(())
}
