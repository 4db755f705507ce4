//! Importing returned ledgers as the clerk meets them: our exports edited in openpyxl, re-saved
//! by LibreOffice (also as legacy .xls) and edited in LibreOffice Calc by a macro, hand-made
//! layouts, the same file twice, a newer report replacing an older one, undo, status and the
//! consolidated view.

mod common;
#[path = "ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook_auto, Data, Reader};
use common::{cli_ok, dump, TestResult};
use ledger_fixtures::{fill, ledger, write, Layout};
use taizhang::ledger::consolidate;
use taizhang::ledger::import::{
    self, CommitChoices, FileState, ImportOptions, MatchKind, RowState,
};
use taizhang::ledger::{self as ledger_mod, ExportOptions, LedgerRequest};
use taizhang::progress::{self, Entry, Period, Submission};
use taizhang::task::{self, Status, TaskFilter};
use taizhang::{sample, Db};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const SEPT: Period = Period {
    year: 2025,
    month: 9,
};

/// The sample plan with 县司法局's August report, and September's ledgers exported.
struct Fixture {
    dir: tempfile::TempDir,
    plan_id: i64,
}

impl Fixture {
    fn db_path(&self) -> PathBuf {
        self.dir.path().join("taizhang.db")
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn exported(&self, unit: &str) -> PathBuf {
        self.path("out")
            .join(format!("{unit}_2025年09月_工作台账.xlsx"))
    }
    fn open(&self) -> Res<Db> {
        Ok(Db::open(&self.db_path())?)
    }
}

fn fixture() -> Res<Fixture> {
    let dir = tempfile::tempdir()?;
    let mut db = Db::open(&dir.path().join("taizhang.db"))?;
    let plan_id = sample::load(&mut db)?;
    let unit_id = taizhang::unit::resolve(db.conn(), "县司法局")?;
    let tasks = task::list(
        &db,
        &TaskFilter {
            plan_id: Some(plan_id),
            unit: Some("县司法局".into()),
            ..Default::default()
        },
    )?;
    let entries: Vec<Entry> = tasks
        .iter()
        .map(|t| Entry {
            task_id: t.id,
            text: format!("八月：{}已部署", t.title),
            status: Some(Status::InProgress),
        })
        .collect();
    let tx = db.transaction()?;
    progress::record_submission(
        &tx,
        &Submission {
            plan_id,
            unit_id,
            period: SEPT.prev(),
            file_name: "八月.xlsx",
            file_hash: "",
            received_at: "2025-09-03 10:00:00",
        },
        &entries,
    )?;
    tx.commit()?;
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out)?;
    ledger_mod::export(
        &db,
        &LedgerRequest {
            plan_id,
            period: SEPT,
            out_dir: out,
            unit: None,
            existing: Default::default(),
        },
        &ExportOptions::default(),
    )?;
    Ok(Fixture { dir, plan_id })
}

/// Edits a ledger the way a department does in openpyxl: fills 进展情况 (`copy` rows copied
/// from 上期进展), edits three titles, reverses the task rows, deletes the last
/// task row and inserts a row of its own.
const OPENPYXL_EDIT: &str = r#"
import sys, openpyxl
src, dst, copy = sys.argv[1], sys.argv[2], int(sys.argv[3])
wb = openpyxl.load_workbook(src)
ws = wb['工作台账']
hr = next(r for r in range(1, 10) if any(c.value == '任务标识' for c in ws[r]))
hdr = {c.value: c.column for c in ws[hr] if c.value}
kc, pc, tc = hdr['任务标识'], hdr['进展情况'], hdr['主要任务']
prevc = hdr.get('上期进展')
rows = [r for r in range(hr + 1, ws.max_row + 1) if ws.cell(r, kc).value]
for i, r in enumerate(rows):
    if 0 < i <= copy and prevc and ws.cell(r, prevc).value:
        ws.cell(r, pc).value = ws.cell(r, prevc).value
    else:
        ws.cell(r, pc).value = "九月进展%d：%s已按期推进" % (i, ws.cell(r, tc).value)
for r in rows[-3:]:
    ws.cell(r, tc).value = str(ws.cell(r, tc).value) + "（修改）"
ncol = ws.max_column
vals = [[ws.cell(r, c).value for c in range(1, ncol + 1)] for r in rows]
for r, v in zip(rows, reversed(vals)):
    for c in range(1, ncol + 1):
        ws.cell(r, c).value = v[c - 1]
if len(rows) > 2:
    ws.delete_rows(rows[-1])
ws.insert_rows(rows[0] + 1)
ws.cell(rows[0] + 1, tc).value = "新增：开展法治宣传进机关活动"
ws.cell(rows[0] + 1, pc).value = "已开展两场"
wb.save(dst)
"#;

/// A LibreOffice Basic macro that edits a ledger the way a department does in Calc: fills
/// 进展情况, edits two titles, sorts the rows by title (descending, hidden keys moving along),
/// deletes the last row, inserts a row of its own, and saves as .xlsx.
const CALC_MACRO: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Edit(src As String, dst As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), &quot;_blank&quot;, 0, args())
  sh = doc.Sheets.getByIndex(0)
  sh.unprotect(&quot;&quot;)
  kc = -1 : pc = -1 : tc = -1 : hr = -1
  For r = 0 To 8
    For c = 0 To 30
      h = sh.getCellByPosition(c, r).getString()
      If h = &quot;任务标识&quot; Then kc = c : hr = r
      If h = &quot;进展情况&quot; Then pc = c
      If h = &quot;主要任务&quot; Then tc = c
    Next
    If hr &gt;= 0 Then Exit For
  Next
  last = hr + 1
  n = 0
  For r = hr + 1 To 2000
    If sh.getCellByPosition(kc, r).getString() &lt;&gt; &quot;&quot; Then
      sh.getCellByPosition(pc, r).setString(&quot;LibreOffice 中填写的九月进展&quot; &amp; n)
      If n &lt; 2 Then sh.getCellByPosition(tc, r).setString(sh.getCellByPosition(tc, r).getString() &amp; &quot;（改）&quot;)
      n = n + 1
      last = r
    End If
  Next
  rng = sh.getCellRangeByPosition(0, hr + 1, kc, last)
  Dim fields(0) As New com.sun.star.table.TableSortField
  fields(0).Field = tc
  fields(0).IsAscending = False
  Dim desc(0) As New com.sun.star.beans.PropertyValue
  desc(0).Name = &quot;SortFields&quot;
  desc(0).Value = fields()
  rng.sort(desc())
  sh.Rows.removeByIndex(last, 1)
  sh.Rows.insertByIndex(hr + 2, 1)
  sh.getCellByPosition(tc, hr + 2).setString(&quot;新增：LibreOffice 中插入的一行&quot;)
  sh.getCellByPosition(pc, hr + 2).setString(&quot;已开展&quot;)
  Dim sargs(1) As New com.sun.star.beans.PropertyValue
  sargs(0).Name = &quot;FilterName&quot;
  sargs(0).Value = &quot;Calc MS Excel 2007 XML&quot;
  sargs(1).Name = &quot;Overwrite&quot;
  sargs(1).Value = True
  doc.storeToURL(ConvertToURL(dst), sargs())
  doc.close(True)
End Sub
</script:module>"#;

/// Edits `src` in LibreOffice Calc with [`CALC_MACRO`] and saves the result as `dst`.
fn calc_edit(src: &Path, dst: &Path, profile: &Path) -> Res<()> {
    let Some(bin) = soffice() else {
        return Err("LibreOffice (soffice) is not installed".into());
    };
    let env = format!("-env:UserInstallation=file://{}", profile.display());
    let module = profile.join("user/basic/Standard/Module1.xba");
    if !module.exists() {
        Command::new(bin)
            .args([env.as_str(), "--headless", "--terminate_after_init"])
            .output()?;
    }
    std::fs::write(&module, CALC_MACRO)?;
    let macro_url = format!(
        "macro:///Standard.Module1.Edit(\"{}\",\"{}\")",
        src.display(),
        dst.display()
    );
    Command::new(bin)
        .args([env.as_str(), "--headless", macro_url.as_str()])
        .output()?;
    if !dst.exists() {
        return Err("the LibreOffice macro did not save the ledger".into());
    }
    Ok(())
}

fn python() -> Option<String> {
    for p in ["python3", "python"] {
        let ok = Command::new(p)
            .args(["-c", "import openpyxl"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(p.to_string());
        }
    }
    None
}

fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|s| {
        Command::new(s)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Converts `files` with LibreOffice into `out` as `format` (xlsx or xls).
fn libreoffice(files: &[PathBuf], out: &Path, format: &str, profile: &Path) -> Res<Vec<PathBuf>> {
    let Some(bin) = soffice() else {
        return Err("LibreOffice (soffice) is not installed".into());
    };
    std::fs::create_dir_all(out)?;
    let status = Command::new(bin)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out)
        .args(files)
        .output()?;
    if !status.status.success() {
        return Err(format!(
            "soffice failed: {}",
            String::from_utf8_lossy(&status.stderr)
        )
        .into());
    }
    Ok(files
        .iter()
        .map(|f| {
            let stem = f
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            out.join(format!("{stem}.{format}"))
        })
        .collect())
}

/// (row, task key id, progress) of every keyed row of an edited workbook, read back.
fn keyed_rows(path: &Path) -> Res<Vec<(u32, i64, String)>> {
    let mut wb = open_workbook_auto(path)?;
    let range = wb.worksheet_range("工作台账")?;
    let header: Vec<String> = range
        .rows()
        .find(|r| {
            r.iter()
                .any(|c| matches!(c, Data::String(s) if s == "任务标识"))
        })
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(kc), Some(pc)) = (col("任务标识"), col("进展情况")) else {
        return Err("no key column".into());
    };
    let (r0, _) = range.start().unwrap_or((0, 0));
    let mut out = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let key = match &row[kc] {
            Data::String(s) => s.clone(),
            _ => continue,
        };
        if let Some(id) = key.strip_prefix("TZ-").and_then(|k| k.parse().ok()) {
            out.push((r0 + i as u32 + 1, id, row[pc].to_string()));
        }
    }
    Ok(out)
}

fn preview_one(db: &Db, file: &Path) -> Res<import::FilePreview> {
    let p = import::preview(db, &[file.to_path_buf()], &ImportOptions::default())?;
    p.files.into_iter().next().ok_or_else(|| "no file".into())
}

/// Every keyed row matched to its own task by its key, with its progress; the inserted row
/// left unmatched; nothing doubtful.
fn check_round_trip(db: &Db, file: &Path, copied: usize) -> TestResult {
    let expected = keyed_rows(file)?;
    let f = preview_one(db, file)?;
    assert_eq!(f.state, FileState::Ready, "{file:?}: {:?}", f.issues);
    assert_eq!(f.unit, "县司法局");
    assert_eq!(f.period, Some(SEPT));
    let by_row: HashMap<u32, &import::PreviewRow> = f.rows.iter().map(|r| (r.row, r)).collect();
    for (row, task_id, progress) in &expected {
        let r = by_row
            .get(row)
            .ok_or_else(|| format!("{file:?} row {row} not read"))?;
        assert_eq!(r.task_id, Some(*task_id), "{file:?} row {row}");
        assert_eq!(r.matched_by, MatchKind::Key);
        assert!(!r.doubtful);
        assert_eq!(&r.progress, progress, "{file:?} row {row}");
    }
    assert_eq!(f.counts.matched, expected.len(), "100 % of the task rows");
    assert_eq!(f.counts.unmatched, 1, "the department's own row");
    assert_eq!(f.counts.doubtful, 0);
    assert_eq!(f.counts.unchanged_from_previous, copied, "复制上期");
    let own = f
        .rows
        .iter()
        .find(|r| r.title.starts_with("新增"))
        .ok_or("inserted row missing")?;
    assert_eq!(own.state, RowState::Unmatched);
    Ok(())
}

#[test]
fn exports_edited_in_openpyxl_and_libreoffice_match_every_row() -> TestResult {
    let Some(py) = python() else {
        common::cannot_run_here(
            "python3 with openpyxl is not installed; scripts/setup.sh installs it",
        );
        return Ok(());
    };
    let fx = fixture()?;
    let db = fx.open()?;
    let edited_dir = fx.path("edited");
    std::fs::create_dir_all(&edited_dir)?;
    let mut edited = Vec::new();
    for unit in ["县司法局", "县政府办", "县委组织部"] {
        let dst = edited_dir.join(format!("{unit}_2025年09月_工作台账.xlsx"));
        let out = Command::new(&py)
            .args(["-c", OPENPYXL_EDIT])
            .arg(fx.exported(unit))
            .arg(&dst)
            .arg("2")
            .output()?;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        edited.push(dst);
    }
    check_round_trip(&db, &edited[0], 2)?;
    // Other units: every task row matched too.
    for f in &edited[1..] {
        let p = preview_one(&db, f)?;
        assert_eq!(p.state, FileState::Ready, "{:?}", p.issues);
        assert_eq!(p.counts.matched, keyed_rows(f)?.len());
        assert_eq!(p.counts.doubtful, 0);
    }
    if soffice().is_none() {
        common::cannot_run_here(
            "LibreOffice (soffice) is not installed; scripts/setup.sh installs it",
        );
        return Ok(());
    }
    let profile = fx.path("lo-profile");
    let lo = libreoffice(&edited[..1], &fx.path("lo"), "xlsx", &profile)?;
    check_round_trip(&db, &lo[0], 2)?;
    let xls = libreoffice(&lo[..1], &fx.path("xls"), "xls", &profile)?;
    check_round_trip(&db, &xls[0], 2)?;
    // Edited in Calc itself: filled, titles edited, rows sorted, a row inserted and one deleted.
    let calc = fx.path("calc.xlsx");
    calc_edit(&fx.exported("县司法局"), &calc, &profile)?;
    check_round_trip(&db, &calc, 0)?;

    // Committed through the CLI: the texts land as progress for September.
    let out = cli_ok(
        &fx.db_path(),
        &["ledger", "import", &edited[0].to_string_lossy()],
    );
    assert!(out.contains("已导入"), "{out}");
    drop(db);
    let db = fx.open()?;
    let reported = progress::reported(db.conn(), fx.plan_id, SEPT, None)?;
    let texts: HashMap<i64, String> = reported.into_iter().map(|r| (r.task_id, r.text)).collect();
    for (_, task_id, progress) in keyed_rows(&edited[0])? {
        assert_eq!(texts.get(&task_id), Some(&progress));
    }
    // Every row read is kept with the file, the department's own (unmatched) row too.
    let kept: Vec<(u32, Option<i64>, String, String)> = db
        .conn()
        .prepare(
            "SELECT r.value ->> 'row', r.value ->> 'task_id', r.value ->> 'matched_by',
                    r.value ->> 'title'
             FROM ledger_import_file f, json_each(f.read_rows) r ORDER BY f.id, r.key",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let keyed = keyed_rows(&edited[0])?;
    assert_eq!(kept.len(), keyed.len() + 1, "{kept:?}");
    for (row, task_id, _) in &keyed {
        assert!(
            kept.iter()
                .any(|k| k.0 == *row && k.1 == Some(*task_id) && k.2 == "key"),
            "row {row} kept with its task: {kept:?}"
        );
    }
    assert!(
        kept.iter()
            .any(|k| k.1.is_none() && k.2 == "none" && k.3.starts_with("新增")),
        "{kept:?}"
    );

    // The same rows as the 导入记录 page and `taizhang import rows` show them: in file order,
    // with the matched tasks' code and title as they read now.
    let sub: i64 = db.conn().query_row(
        "SELECT submission_id FROM ledger_import_file ORDER BY id DESC LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let rows = import::read_rows(&db, sub)?;
    let order: Vec<(u32, Option<i64>)> =
        rows.iter().map(|r| (r.read.row, r.read.task_id)).collect();
    let expected: Vec<(u32, Option<i64>)> = kept.iter().map(|k| (k.0, k.1)).collect();
    assert_eq!(order, expected);
    for r in &rows {
        match r.read.task_id {
            Some(id) => {
                let (code, title): (String, String) = db.conn().query_row(
                    "SELECT code, title FROM task WHERE id = ?1",
                    [id],
                    |q| Ok((q.get(0)?, q.get(1)?)),
                )?;
                assert_eq!((&r.task_code, &r.task_title), (&code, &title));
                assert!(!r.read.progress.is_empty(), "{r:?}");
            }
            None => {
                assert!(
                    r.task_title.is_empty() && r.read.title.starts_with("新增"),
                    "{r:?}"
                );
                assert!(
                    !r.read.progress.is_empty(),
                    "the department's own progress: {r:?}"
                );
            }
        }
    }
    assert!(matches!(
        import::read_rows(&db, sub + 1000),
        Err(import::LedgerImportError::ImportedFileNotFound(_))
    ));
    let out = cli_ok(
        &fx.db_path(),
        &["import", "rows", &sub.to_string(), "--json"],
    );
    let json: serde_json::Value = serde_json::from_str(&out)?;
    let listed = json.as_array().ok_or("not a list")?;
    assert_eq!(listed.len(), rows.len());
    assert_eq!(
        listed[0]["task_title"],
        serde_json::json!(rows[0].task_title)
    );
    assert_eq!(listed[0]["sheet"], serde_json::json!(rows[0].read.sheet));
    Ok(())
}

#[test]
fn hand_made_layouts_match_by_code_and_title() -> TestResult {
    let fx = fixture()?;
    let db = fx.open()?;
    let l = ledger(&fx.db_path(), "县司法局", "2025-09")?;
    let rows = fill(&l, "手工表");
    for layout in [
        Layout::OursResorted,
        Layout::HandMade,
        Layout::TwoRowHeader,
        Layout::OddPlace,
    ] {
        let file = fx.path(&format!("{layout:?}.xlsx"));
        write(&file, layout, &l, &rows)?;
        let f = preview_one(&db, &file)?;
        assert_eq!(f.state, FileState::Ready, "{layout:?}: {:?}", f.issues);
        assert_eq!(f.unit, "县司法局", "{layout:?}");
        assert_eq!(f.period, Some(SEPT), "{layout:?}");
        assert_eq!(f.counts.matched, rows.len(), "{layout:?}: {:#?}", f.rows);
        assert_eq!(f.counts.unmatched + f.counts.doubtful, 0, "{layout:?}");
        let by_task: HashMap<i64, &import::PreviewRow> = f
            .rows
            .iter()
            .filter_map(|r| r.task_id.map(|t| (t, r)))
            .collect();
        for want in &rows {
            let got = by_task
                .get(&want.task.id)
                .ok_or_else(|| format!("{layout:?}: task {} missing", want.task.id))?;
            assert_eq!(got.progress, want.progress, "{layout:?} row {}", got.row);
        }
        if layout == Layout::HandMade {
            let deadlines: Vec<&str> = f.rows.iter().map(|r| r.deadline.as_str()).take(3).collect();
            // An Excel date serial, 10.30 formatted 0.00 (stored as 10.3), and text.
            assert_eq!(deadlines, ["2025年12月31日", "10.30", "长期坚持"]);
        }
        if layout == Layout::TwoRowHeader {
            assert!(f.rows[0]
                .extra
                .iter()
                .any(|(h, v)| h.contains("存在问题") && v == "无"));
        }
    }
    Ok(())
}

fn import_cli(db: &Path, file: &Path, extra: &[&str]) -> Res<serde_json::Value> {
    import_cli_exit(db, file, extra, 0)
}

/// `ledger import --json` that must exit with `code` (1: the file was not imported); its JSON.
fn import_cli_exit(db: &Path, file: &Path, extra: &[&str], code: i32) -> Res<serde_json::Value> {
    let mut args = vec!["ledger", "import", "--json"];
    args.extend_from_slice(extra);
    let f = file.to_string_lossy().into_owned();
    args.push(&f);
    let out = common::cli(db, &args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(serde_json::from_slice(&out.stdout)?)
}

#[test]
fn same_file_twice_replace_with_history_and_exact_undo() -> TestResult {
    let fx = fixture()?;
    let db_path = fx.db_path();
    let l = ledger(&db_path, "县财政局", "2025-09")?;
    let a = fx.path("县财政局-初稿.xlsx");
    let b = fx.path("县财政局-定稿.xlsx");
    write(&a, Layout::Ours, &l, &fill(&l, "初稿"))?;
    write(&b, Layout::HandMade, &l, &fill(&l, "定稿"))?;
    let start = dump(&db_path)?;

    // JSON of an import: batch and, per file, exactly the documented fields.
    let first = import_cli(&db_path, &a, &[])?;
    let batch1 = first["batch"].as_i64().ok_or("no batch")?;
    let file = &first["files"][0];
    let mut keys: Vec<&str> = file
        .as_object()
        .ok_or("not an object")?
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "copied",
            "errors",
            "file",
            "identity_conflict",
            "matched",
            "new",
            "period",
            "received_on",
            "received_source",
            "rows",
            "status_words",
            "title_edits",
            "unchanged_from_previous",
            "unit",
            "unmatched"
        ]
    );
    // Every row of the fixture says 推进中: no word to show.
    assert_eq!(file["status_words"], serde_json::json!([]));
    assert_eq!(file["unit"], "县财政局");
    assert_eq!(file["period"], "2025-09");
    assert_eq!(file["matched"].as_u64(), Some(l.tasks.len() as u64));
    assert_eq!(file["new"].as_u64(), Some(l.tasks.len() as u64));
    let after1 = dump(&db_path)?;

    // The same content again: reported as already imported, nothing added.
    let again = import_cli_exit(&db_path, &a, &[], 1)?;
    assert!(again["batch"].is_null());
    let err = again["files"][0]["errors"][0].as_str().unwrap_or("");
    assert!(err.contains("已于") && err.contains("导入过"), "{err}");
    assert_eq!(dump(&db_path)?, after1);

    // A newer report for the same unit and period: kept unless --replace.
    let kept = import_cli_exit(&db_path, &b, &[], 1)?;
    assert!(kept["batch"].is_null());
    assert!(kept["files"][0]["errors"][0]
        .as_str()
        .unwrap_or("")
        .contains("--replace"));
    assert_eq!(dump(&db_path)?, after1);
    let replaced = import_cli(&db_path, &b, &["--replace"])?;
    let batch2 = replaced["batch"].as_i64().ok_or("no batch")?;
    assert_ne!(batch1, batch2);

    let db = fx.open()?;
    let unit_id = l.unit_id;
    let subs = consolidate::submissions(&db, fx.plan_id, unit_id, SEPT)?;
    assert_eq!(subs.len(), 2, "the older report stays in history");
    assert_eq!(subs[0].replaced_by, None);
    assert_eq!(subs[1].replaced_by, Some(subs[0].id));
    let history = consolidate::task_history(&db, l.tasks[0].id)?;
    let sept: Vec<_> = history
        .iter()
        .filter(|h| h.period == SEPT && h.unit_id == unit_id)
        .collect();
    assert_eq!(sept.len(), 2);
    assert!(sept[0].replaced && sept[0].text.contains("初稿"));
    assert!(!sept[1].replaced && sept[1].text.contains("定稿"));
    let reported = progress::reported(db.conn(), fx.plan_id, SEPT, Some(unit_id))?;
    assert!(reported.iter().all(|r| r.text.contains("定稿")));
    let batches = import::list_batches(&db)?;
    assert_eq!(batches.len(), 2);
    assert!(batches[1].files[0].superseded);
    drop(db);

    // Undo restores exactly the state before each batch.
    cli_ok(&db_path, &["import", "undo", &batch2.to_string()]);
    assert_eq!(dump(&db_path)?, after1);
    cli_ok(&db_path, &["import", "undo", &batch1.to_string()]);
    assert_eq!(dump(&db_path)?, start);
    let list: serde_json::Value =
        serde_json::from_str(&cli_ok(&db_path, &["import", "list", "--json"]))?;
    assert_eq!(list.as_array().map(Vec::len), Some(0));
    Ok(())
}

/// 导入记录 a page at a time: the batches newest first with their first files and file count;
/// a batch's files on their own are those of the whole list.
#[test]
fn batch_page_sends_the_first_files_and_batch_files_the_rest() -> TestResult {
    let fx = fixture()?;
    let db_path = fx.db_path();
    let folder = fx.path("九月台账");
    std::fs::create_dir_all(&folder)?;
    let units = [
        "县司法局",
        "县财政局",
        "县公安局",
        "县教育局",
        "县信访局",
        "县政府办",
        "县委组织部",
    ];
    for unit in units {
        let l = ledger(&db_path, unit, "2025-09")?;
        write(
            &folder.join(format!("{unit}.xlsx")),
            Layout::Ours,
            &l,
            &fill(&l, "九月"),
        )?;
    }
    import_cli(&db_path, &folder, &[])?;
    let l = ledger(&db_path, "县司法局", "2025-10")?;
    let october = fx.path("县司法局十月.xlsx");
    write(&october, Layout::Ours, &l, &fill(&l, "十月"))?;
    import_cli(&db_path, &october, &["--period", "2025-10"])?;

    let db = fx.open()?;
    let all = import::list_batches(&db)?;
    assert_eq!(all.len(), 2);
    let newest = import::batch_page(&db, 0, 1)?;
    assert_eq!(newest.total, 2);
    assert_eq!(newest.batches.len(), 1);
    assert_eq!(newest.batches[0].id, all[0].id);
    assert_eq!(newest.batches[0].file_count, 1);
    assert_eq!(newest.batches[0].files, all[0].files);

    let older = import::batch_page(&db, 1, 20)?;
    assert_eq!(older.total, 2);
    let head = &older.batches[0];
    assert_eq!(head.id, all[1].id);
    assert_eq!(head.rows, all[1].rows);
    assert_eq!(head.file_count, units.len() as i64);
    assert_eq!(head.files, all[1].files[..import::FIRST_FILES]);
    assert_eq!(import::batch_files(&db, head.id)?, all[1].files);
    assert!(import::batch_files(&db, 9999)?.is_empty());
    assert!(import::batch_page(&db, 5, 20)?.batches.is_empty());
    drop(db);

    // `import list` a page at a time: the same batches, every file, the same fields.
    let list = |extra: &[&str]| -> Res<serde_json::Value> {
        let mut args = vec!["import", "list", "--json"];
        args.extend_from_slice(extra);
        Ok(serde_json::from_str(&cli_ok(&db_path, &args))?)
    };
    let whole = list(&[])?;
    let first = list(&["--limit", "1"])?;
    let rest = list(&["--offset", "1", "--limit", "20"])?;
    assert_eq!(first.as_array().map(Vec::len), Some(1));
    assert_eq!(first[0], whole[0]);
    assert_eq!(rest.as_array().map(Vec::len), Some(1));
    assert_eq!(rest[0], whole[1]);
    assert_eq!(rest[0]["files"].as_array().map(Vec::len), Some(units.len()));
    assert_eq!(list(&["--offset", "2"])?, serde_json::json!([]));
    Ok(())
}

#[test]
fn undoing_an_older_batch_keeps_the_later_report_current() -> TestResult {
    let fx = fixture()?;
    let mut db = fx.open()?;
    let l = ledger(&fx.db_path(), "县公安局", "2025-09")?;
    let files: Vec<PathBuf> = ["一", "二", "三"]
        .iter()
        .map(|s| fx.path(&format!("县公安局{s}.xlsx")))
        .collect();
    let mut batches = Vec::new();
    for (i, f) in files.iter().enumerate() {
        write(f, Layout::Ours, &l, &fill(&l, &format!("第{i}版")))?;
        let p = import::preview(&db, std::slice::from_ref(f), &ImportOptions::default())?;
        let choices = CommitChoices {
            replace: true,
            ..Default::default()
        };
        let r = import::commit(&mut db, &p, &choices, &mut |_, _| {})?;
        batches.push(r.batch.ok_or("not imported")?);
    }
    // Undo the middle one: the first still hangs on the third, which stays current.
    import::undo(&mut db, batches[1])?;
    let subs = consolidate::submissions(&db, fx.plan_id, l.unit_id, SEPT)?;
    assert_eq!(subs.len(), 2);
    assert_eq!(subs[0].replaced_by, None);
    assert_eq!(subs[1].replaced_by, Some(subs[0].id));
    let reported = progress::reported(db.conn(), fx.plan_id, SEPT, Some(l.unit_id))?;
    assert!(reported.iter().all(|r| r.text.contains("第2版")));
    assert!(matches!(
        import::undo(&mut db, batches[1]),
        Err(import::LedgerImportError::BatchNotFound(_))
    ));
    Ok(())
}

#[test]
fn doubtful_matches_wait_for_the_clerk() -> TestResult {
    let fx = fixture()?;
    let mut db = fx.open()?;
    let mut l = ledger(&fx.db_path(), "县司法局", "2025-09")?;
    // One title half rewritten, its 序号 removed: a doubtful match.
    l.tasks.truncate(3);
    let mut rows = fill(&l, "待确认");
    rows[1].task.code = String::new();
    let original = rows[1].task.title.clone();
    let half: String = original
        .chars()
        .take(original.chars().count() / 2 + 1)
        .collect();
    rows[1].task.title = format!("{half}等相关工作");
    rows[1].task.section = String::new();
    let file = fx.path("县司法局待确认.xlsx");
    write(&file, Layout::HandMade, &l, &rows)?;
    let p = import::preview(&db, std::slice::from_ref(&file), &ImportOptions::default())?;
    let f = &p.files[0];
    let doubtful: Vec<_> = f.rows.iter().filter(|r| r.doubtful).collect();
    assert_eq!(doubtful.len(), 1, "{:#?}", f.rows);
    assert_eq!(doubtful[0].task_id, Some(l.tasks[1].id));
    assert!(f.issues.iter().any(|i| i.message.contains("请确认")));
    // Confirmed by the clerk: imported with the chosen task.
    let choices = CommitChoices {
        files: vec![import::FileChoice {
            file: file.clone(),
            rows: vec![import::RowChoice {
                sheet: doubtful[0].sheet.clone(),
                row: doubtful[0].row,
                task_id: Some(l.tasks[1].id),
            }],
            ..Default::default()
        }],
        ..Default::default()
    };
    let r = import::commit(&mut db, &p, &choices, &mut |_, _| {})?;
    assert_eq!(r.files[0].counts.matched, 3);
    let reported = progress::reported(db.conn(), fx.plan_id, SEPT, Some(l.unit_id))?;
    assert_eq!(reported.len(), 3);
    Ok(())
}

/// The preview goes to the window and comes back as the data the commit writes: after the trip
/// through JSON it is the same, field for field, and the window's types (generated into
/// ui/src/api/generated) name every field the core sends.
#[test]
fn the_preview_survives_the_trip_through_the_window() -> TestResult {
    let fx = fixture()?;
    let mut db = fx.open()?;
    let mut l = ledger(&fx.db_path(), "县司法局", "2025-09")?;
    l.tasks.truncate(3);
    let mut rows = fill(&l, "基本完成");
    rows[1].task.code = String::new();
    rows[1].task.title = format!("{}等相关工作", rows[1].task.title);
    let file = fx.path("县司法局九月.xlsx");
    write(&file, Layout::HandMade, &l, &rows)?;
    let p = import::preview(&db, std::slice::from_ref(&file), &ImportOptions::default())?;
    let json = serde_json::to_value(&p)?;
    let back: import::ImportPreview = serde_json::from_value(json.clone())?;
    assert_eq!(back, p);
    let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/api/generated");
    let file_json = &json["files"][0];
    for (ts, value) in [
        ("FilePreview.ts", file_json),
        ("PreviewRow.ts", &file_json["rows"][0]),
        ("Counts.ts", &file_json["counts"]),
    ] {
        let text = std::fs::read_to_string(generated.join(ts))?;
        let fields = value.as_object().ok_or("not an object")?;
        assert!(fields.len() > 3, "{ts}: {value}");
        for key in fields.keys() {
            assert!(
                text.contains(&format!(" {key}: ")) || text.contains(&format!("\n{key}: ")),
                "{ts} lacks the field {key} the core sends"
            );
        }
    }
    let r = import::commit(&mut db, &back, &CommitChoices::default(), &mut |_, _| {})?;
    assert_eq!(r.files[0].counts, p.files[0].counts);
    Ok(())
}

#[test]
fn status_and_consolidated_view_show_what_changed() -> TestResult {
    let fx = fixture()?;
    let db_path = fx.db_path();
    let l = ledger(&db_path, "县司法局", "2025-09")?;
    let mut rows = fill(&l, "九月");
    // Two rows copied from August (复制上期).
    for r in rows.iter_mut().take(2) {
        r.progress = format!("八月：{}已部署", r.task.title);
    }
    let file = fx.path("县司法局九月.xlsx");
    write(&file, Layout::Ours, &l, &rows)?;
    let json = import_cli(&db_path, &file, &[])?;
    assert_eq!(
        json["files"][0]["unchanged_from_previous"].as_u64(),
        Some(2)
    );
    assert_eq!(
        json["files"][0]["new"].as_u64(),
        Some(l.tasks.len() as u64 - 2)
    );
    let status: serde_json::Value = serde_json::from_str(&cli_ok(
        &db_path,
        &[
            "ledger",
            "status",
            "--plan",
            &fx.plan_id.to_string(),
            "--period",
            "2025-09",
            "--json",
        ],
    ))?;
    let units = status.as_array().ok_or("not a list")?;
    let justice = units
        .iter()
        .find(|u| u["unit"] == "县司法局")
        .ok_or("县司法局 missing")?;
    assert_eq!(justice["reported"], true);
    assert!(justice["received_at"].is_string());
    assert_eq!(justice["rows"].as_u64(), Some(l.tasks.len() as u64));
    assert_eq!(justice["changed"].as_u64(), Some(l.tasks.len() as u64 - 2));
    let other = units
        .iter()
        .find(|u| u["unit"] == "县财政局")
        .ok_or("县财政局 missing")?;
    assert_eq!(other["reported"], false);

    let db = Db::open(&db_path)?;
    let c = consolidate::consolidated(&db, fx.plan_id, SEPT)?;
    assert_eq!(c.unchanged, 2);
    assert_eq!(c.changed, l.tasks.len() - 2);
    assert_eq!(c.units_reported, 1);
    assert!(c.units_missing.contains(&"县财政局".to_string()));
    Ok(())
}

#[test]
fn consolidated_view_tells_new_missing_and_copied_reports_apart() -> TestResult {
    let fx = fixture()?;
    let db_path = fx.db_path();
    // 县司法局 reported every task in August (the fixture); in September it copies the first
    // task's text, writes new text for the others and leaves the last task out.
    let l = ledger(&db_path, "县司法局", "2025-09")?;
    let mut rows = fill(&l, "九月");
    rows[0].progress = format!("八月：{}已部署", rows[0].task.title);
    let left_out = rows.pop().ok_or("no rows")?.task;
    let file = fx.path("县司法局九月.xlsx");
    write(&file, Layout::Ours, &l, &rows)?;
    import_cli(&db_path, &file, &[])?;
    // 县财政局 reports for the first time.
    let finance = ledger(&db_path, "县财政局", "2025-09")?;
    let file = fx.path("县财政局九月.xlsx");
    write(&file, Layout::Ours, &finance, &fill(&finance, "九月"))?;
    import_cli(&db_path, &file, &[])?;

    let db = fx.open()?;
    let aug = Period {
        year: 2025,
        month: 8,
    };
    assert_eq!(consolidate::reported_periods(&db, fx.plan_id)?, [SEPT, aug]);
    let c = consolidate::consolidated(&db, fx.plan_id, SEPT)?;
    assert_eq!(c.previous, aug);
    assert_eq!(c.unchanged, 1);
    assert_eq!(c.changed, rows.len() - 1);
    assert_eq!(c.missing, 1);
    assert_eq!(c.new, finance.tasks.len());
    assert_eq!(c.units_reported, 2);
    let missing = c
        .tasks
        .iter()
        .find(|t| t.task_id == left_out.id)
        .ok_or("the task left out")?;
    let justice = missing
        .units
        .iter()
        .find(|u| u.unit_id == l.unit_id)
        .ok_or("县司法局 under the task left out")?;
    assert_eq!(justice.change, consolidate::Change::Missing);
    assert!(justice.text.is_empty());
    assert_eq!(
        justice.previous_text.as_deref(),
        Some(format!("八月：{}已部署", left_out.title).as_str())
    );
    let history = consolidate::task_history(&db, left_out.id)?;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].period, aug);
    Ok(())
}

/// 汇总查看 a page at a time: the counts stay those of the whole plan, the filter runs before
/// the paging, and a filter drops the tasks left without a report.
#[test]
fn consolidated_page_filters_then_pages_and_keeps_the_whole_counts() -> TestResult {
    use consolidate::{Change, ConsolidatedQuery};
    let fx = fixture()?;
    let db_path = fx.db_path();
    // 县司法局 copies August's text for the first task, writes new text for the rest but the last
    let l = ledger(&db_path, "县司法局", "2025-09")?;
    let mut rows = fill(&l, "九月");
    rows[0].progress = format!("八月：{}已部署", rows[0].task.title);
    rows.pop();
    let file = fx.path("县司法局九月.xlsx");
    write(&file, Layout::Ours, &l, &rows)?;
    import_cli(&db_path, &file, &[])?;
    let db = fx.open()?;
    let whole = consolidate::consolidated(&db, fx.plan_id, SEPT)?;
    assert!(whole.tasks.len() > 3, "the fixture has a few tasks");

    let everything =
        consolidate::consolidated_page(&db, fx.plan_id, SEPT, &ConsolidatedQuery::default())?;
    assert_eq!(everything.view, whole, "no limit: the whole view");
    assert_eq!(everything.total_tasks, whole.tasks.len());

    let page = |offset, limit| ConsolidatedQuery {
        offset,
        limit,
        ..Default::default()
    };
    let second = consolidate::consolidated_page(&db, fx.plan_id, SEPT, &page(2, 2))?;
    assert_eq!(second.total_tasks, whole.tasks.len());
    assert_eq!(second.offset, 2);
    assert_eq!(second.view.tasks, whole.tasks[2..4]);
    assert_eq!(
        (
            second.view.new,
            second.view.changed,
            second.view.unchanged,
            second.view.missing
        ),
        (whole.new, whole.changed, whole.unchanged, whole.missing),
        "the counts are the whole plan's"
    );
    let past = consolidate::consolidated_page(&db, fx.plan_id, SEPT, &page(1000, 20))?;
    assert!(past.view.tasks.is_empty());
    assert_eq!(past.offset, whole.tasks.len());

    let copied = consolidate::consolidated_page(
        &db,
        fx.plan_id,
        SEPT,
        &ConsolidatedQuery {
            change: Some(Change::Unchanged),
            ..page(0, 20)
        },
    )?;
    assert_eq!(copied.total_tasks, 1, "only the copied task is left");
    assert_eq!(copied.view.tasks[0].task_id, rows[0].task.id);
    assert!(copied.view.tasks[0]
        .units
        .iter()
        .all(|u| u.change == Change::Unchanged));

    let changed = consolidate::consolidated_page(
        &db,
        fx.plan_id,
        SEPT,
        &ConsolidatedQuery {
            only_changed: true,
            ..page(0, 0)
        },
    )?;
    assert_eq!(changed.total_tasks, whole.changed + whole.new);
    assert!(changed
        .view
        .tasks
        .iter()
        .flat_map(|t| &t.units)
        .all(|u| matches!(u.change, Change::New | Change::Changed)));

    let other_unit = consolidate::consolidated_page(
        &db,
        fx.plan_id,
        SEPT,
        &ConsolidatedQuery {
            unit_id: Some(l.unit_id + 1000),
            ..page(0, 20)
        },
    )?;
    assert_eq!(
        other_unit.total_tasks, 0,
        "a unit without reports leaves no task"
    );

    // 只看照抄 keeps the reports marked 照抄 (县司法局's first row copies August)
    let marked = whole
        .tasks
        .iter()
        .filter(|t| t.units.iter().any(|u| u.copied.is_some()))
        .count();
    assert!(marked > 0, "the copied row is marked 照抄");
    let copied = consolidate::consolidated_page(
        &db,
        fx.plan_id,
        SEPT,
        &ConsolidatedQuery {
            only_copied: true,
            ..page(0, 0)
        },
    )?;
    assert_eq!(copied.total_tasks, marked);
    assert!(copied
        .view
        .tasks
        .iter()
        .flat_map(|t| &t.units)
        .all(|u| u.copied.is_some()));
    Ok(())
}

#[test]
fn a_unit_renamed_after_the_export_is_still_found() -> TestResult {
    let fx = fixture()?;
    let l = ledger(&fx.db_path(), "县信访局", "2025-09")?;
    let file = fx.path("县信访局_2025年09月.xlsx");
    write(&file, Layout::Ours, &l, &fill(&l, "改名后"))?;
    rusqlite::Connection::open(fx.db_path())?.execute(
        "UPDATE unit SET name = '县信访局（县人民来访接待中心）' WHERE name = '县信访局'",
        [],
    )?;
    let db = fx.open()?;
    let f = preview_one(&db, &file)?;
    assert_eq!(f.state, FileState::Ready, "{:?}", f.issues);
    assert_eq!(f.unit_id, Some(l.unit_id));
    assert_eq!(f.counts.matched, l.tasks.len());
    Ok(())
}

#[test]
fn a_folder_imports_its_workbooks_and_skips_excel_lock_files() -> TestResult {
    let fx = fixture()?;
    let folder = fx.path("收到的台账");
    std::fs::create_dir_all(folder.join("微信"))?;
    for (unit, sub) in [("县教育局", ""), ("县公安局", "微信")] {
        let l = ledger(&fx.db_path(), unit, "2025-09")?;
        write(
            &folder.join(sub).join(format!("{unit}.xlsx")),
            Layout::Ours,
            &l,
            &fill(&l, "文件夹"),
        )?;
    }
    // Excel's lock file of an open workbook, and a note.
    std::fs::write(folder.join("~$县教育局.xlsx"), b"lock")?;
    std::fs::write(folder.join("说明.txt"), "台账已收齐".as_bytes())?;
    let files = import::workbooks_in(&folder)?;
    assert_eq!(files.len(), 2, "{files:?}");
    let json: serde_json::Value = serde_json::from_str(&cli_ok(
        &fx.db_path(),
        &["ledger", "import", "--json", &folder.to_string_lossy()],
    ))?;
    assert!(json["batch"].is_i64());
    assert_eq!(json["files"].as_array().map(Vec::len), Some(2));
    Ok(())
}

#[test]
fn a_folder_chosen_in_the_app_previews_the_workbooks_in_it() -> TestResult {
    let fx = fixture()?;
    let folder = fx.path("文件夹导入");
    std::fs::create_dir_all(&folder)?;
    for unit in ["县教育局", "县公安局"] {
        let l = ledger(&fx.db_path(), unit, "2025-09")?;
        write(
            &folder.join(format!("{unit}.xlsx")),
            Layout::HandMade,
            &l,
            &fill(&l, "窗口选文件夹"),
        )?;
    }
    let db = fx.open()?;
    let preview = import::preview(
        &db,
        std::slice::from_ref(&folder),
        &ImportOptions::default(),
    )?;
    let names: Vec<&str> = preview.files.iter().map(|f| f.file_name.as_str()).collect();
    assert_eq!(names, ["县公安局.xlsx", "县教育局.xlsx"]);
    assert!(preview.files.iter().all(|f| f.state == FileState::Ready));
    let empty = fx.path("空文件夹");
    std::fs::create_dir_all(&empty)?;
    let err = import::preview(&db, &[empty], &ImportOptions::default())
        .err()
        .ok_or("an empty folder previewed")?;
    assert!(err.to_string().contains("没有 Excel 台账文件"), "{err}");
    Ok(())
}
