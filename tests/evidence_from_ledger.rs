//! 佐证材料 named in a returned ledger: a 佐证材料 column lists file names, and the files the
//! department put in the same folder are attached to the rows' tasks when the folder is
//! imported — shown per row in the preview (found / 未找到), attached in the import's
//! transaction, stored once however often named, undone with the import. A name is never
//! followed out of the ledger's folder.

mod common;
mod ledger_fixtures;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::{dump, TestResult};
use ledger_fixtures::{ledger, Ledger, Res};
use rust_xlsxwriter::Workbook;
use taizhang::evidence::{self, Filter};
use taizhang::ledger::import::{self, CommitChoices, FilePreview, FileState, ImportOptions};
use taizhang::progress::Period;
use taizhang::Db;

/// The day the folder is imported: the files came in before the 9 October deadline, the clerk
/// imports them days later.
fn today() -> Res<NaiveDate> {
    NaiveDate::from_ymd_opt(2025, 10, 13).ok_or_else(|| "date".into())
}

/// A department's hand-made ledger for `l`: 序号, 主要任务, 进展情况, 完成状态 and, when `evidence`
/// names any, 佐证材料 — one cell per task, in the task order.
fn write_ledger(path: &Path, l: &Ledger, evidence: &[&str]) -> Res<()> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, format!("落实《{}》工作台账", l.plan_title))?;
    ws.write_string(1, 0, format!("填报单位：{}　　报送期次：2025年9月", l.unit))?;
    let mut headers = vec!["序号", "主要任务", "进展情况", "完成状态"];
    if !evidence.is_empty() {
        headers.push("佐证材料");
    }
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h)?;
    }
    let words = ["基本完成", "正在推进", "已完成"];
    for (i, t) in l.tasks.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string(r, 0, &t.code)?;
        ws.write_string(r, 1, &t.title)?;
        ws.write_string(r, 2, format!("九月：{}，已召开专题会议部署。", t.title))?;
        ws.write_string(r, 3, words[i % words.len()])?;
        if let Some(names) = evidence.get(i).filter(|n| !n.is_empty()) {
            ws.write_string(r, 4, *names)?;
        }
    }
    wb.save(path)?;
    Ok(())
}

struct Setup {
    _dir: tempfile::TempDir,
    db_path: PathBuf,
    folder: PathBuf,
    ledger: Ledger,
}

/// The sample plan in a database, and an empty folder 九月收到 beside it.
fn setup() -> Res<Setup> {
    let dir = tempfile::tempdir()?;
    let db_path = dir.path().join("taizhang.db");
    let mut db = Db::open(&db_path)?;
    taizhang::sample::load(&mut db)?;
    drop(db);
    let folder = dir.path().join("九月收到");
    std::fs::create_dir(&folder)?;
    let ledger = ledger(&db_path, "县司法局", "2025-09")?;
    assert!(
        ledger.tasks.len() >= 3,
        "县司法局 leads at least three tasks"
    );
    Ok(Setup {
        _dir: dir,
        db_path,
        folder,
        ledger,
    })
}

fn preview(db: &Db, paths: &[PathBuf]) -> Res<FilePreview> {
    let options = ImportOptions {
        today: Some(today()?),
        ..Default::default()
    };
    let p = import::preview(db, paths, &options)?;
    let f = p.files.into_iter().next().ok_or("no file")?;
    assert_eq!(f.state, FileState::Ready, "{:?}", f.issues);
    Ok(f)
}

fn commit(db: &mut Db, f: FilePreview) -> Res<import::CommitReport> {
    let choices = CommitChoices {
        today: Some(today()?),
        ..Default::default()
    };
    let preview = import::ImportPreview { files: vec![f] };
    Ok(import::commit(db, &preview, &choices, &mut |_, _| {})?)
}

fn attached(db: &Db) -> Res<Vec<(i64, String, String, u64)>> {
    Ok(evidence::list(db.conn(), &Filter::default())?
        .into_iter()
        .map(|e| (e.task_id, e.unit, e.file_name, e.size))
        .collect())
}

/// The files in the evidence folder beside the database.
fn stored(db_path: &Path) -> Vec<String> {
    let dir = db_path.parent().unwrap_or(Path::new(".")).join("evidence");
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn files_named_in_the_ledger_are_attached_from_its_folder_and_undone_with_it() -> TestResult {
    let s = setup()?;
    let t = &s.ledger.tasks;
    let file = s.folder.join("县司法局2025年9月台账.xlsx");
    write_ledger(
        &file,
        &s.ledger,
        &[
            "会议纪要.pdf、整改清单.docx",
            // the same file again, and a photo named without its extension
            "会议纪要.pdf；\n现场照片",
            "",
        ],
    )?;
    std::fs::write(
        s.folder.join("会议纪要.pdf"),
        b"%PDF-1.4 minutes of the meeting",
    )?;
    std::fs::write(s.folder.join("现场照片.jpg"), vec![9u8; 2048])?;

    let mut db = Db::open(&s.db_path)?;
    let before = dump(&s.db_path)?;
    // the folder is imported (its one workbook; the evidence files are not ledgers)
    let f = preview(&db, std::slice::from_ref(&s.folder))?;
    let names = |i: usize| -> Vec<(String, bool)> {
        f.rows[i]
            .evidence
            .iter()
            .map(|n| (n.name.clone(), n.found()))
            .collect()
    };
    assert_eq!(
        names(0),
        [
            ("会议纪要.pdf".into(), true),
            ("整改清单.docx".into(), false)
        ]
    );
    assert_eq!(
        names(1),
        [("会议纪要.pdf".into(), true), ("现场照片".into(), true)]
    );
    assert!(f.rows[2].evidence.is_empty());
    assert!(f.rows[0].evidence[1].note.starts_with("未找到"));
    assert!(
        f.issues
            .iter()
            .any(|i| i.message.contains("整改清单.docx") && i.row == Some(4)),
        "{:?}",
        f.issues
    );
    // the preview wrote nothing, copied nothing
    assert_eq!(dump(&s.db_path)?, before);
    assert!(stored(&s.db_path).is_empty());
    // the JSON the window gets back carries the rows' files; a row without any has no field
    let json = serde_json::to_value(&f)?;
    assert_eq!(json["rows"][0]["evidence"][1]["name"], "整改清单.docx");
    assert!(json["rows"][2].get("evidence").is_none());

    let report = commit(&mut db, f)?;
    let batch = report.batch.ok_or("nothing imported")?;
    let mut got = attached(&db)?;
    got.sort();
    let mut want = vec![
        (
            t[0].id,
            "县司法局".to_string(),
            "会议纪要.pdf".to_string(),
            31,
        ),
        (t[1].id, "县司法局".into(), "会议纪要.pdf".into(), 31),
        (t[1].id, "县司法局".into(), "现场照片.jpg".into(), 2048),
    ];
    want.sort();
    assert_eq!(got, want);
    let list = evidence::list(db.conn(), &Filter::default())?;
    let day = today()?;
    assert!(list
        .iter()
        .all(|e| e.period.to_string() == "2025-09" && e.added_on == day));
    // the minutes named in two rows are stored once
    assert_eq!(stored(&s.db_path).len(), 2, "{:?}", stored(&s.db_path));

    // undoing the import takes the attachments off and their files with them
    import::undo(&mut db, batch)?;
    assert!(attached(&db)?.is_empty());
    assert!(stored(&s.db_path).is_empty(), "{:?}", stored(&s.db_path));
    Ok(())
}

#[test]
fn a_file_also_attached_by_hand_stays_after_the_undo() -> TestResult {
    let s = setup()?;
    let file = s.folder.join("县司法局9月.xlsx");
    write_ledger(&file, &s.ledger, &["会议纪要.pdf"])?;
    let minutes = s.folder.join("会议纪要.pdf");
    std::fs::write(&minutes, b"%PDF-1.4 minutes")?;
    let mut db = Db::open(&s.db_path)?;
    // the clerk attached the same minutes to another task by hand
    let other = s.ledger.tasks[1].id;
    let sept = Period::parse("2025-09")?;
    evidence::add(&mut db, other, "县司法局", sept, &[minutes], today()?)?;
    let f = preview(&db, &[file])?;
    let batch = commit(&mut db, f)?.batch.ok_or("nothing imported")?;
    assert_eq!(attached(&db)?.len(), 2);
    assert_eq!(stored(&s.db_path).len(), 1);
    import::undo(&mut db, batch)?;
    let left = attached(&db)?;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].0, other);
    assert_eq!(stored(&s.db_path).len(), 1, "the hand-attached file stays");
    Ok(())
}

#[test]
fn hostile_names_never_reach_outside_the_ledgers_folder() -> TestResult {
    let s = setup()?;
    let outside = s.folder.parent().ok_or("no parent")?.join("secret.pdf");
    std::fs::write(&outside, b"not the department's file")?;
    // a file really named CON.pdf in the folder is still refused (a device on Windows)
    std::fs::write(s.folder.join("CON.pdf"), b"con")?;
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, s.folder.join("链接.pdf"))?;
    let absolute = outside.to_string_lossy().into_owned();
    let names =
        format!("..\\secret.pdf、../secret.pdf、{absolute}、CON.pdf、链接.pdf、C:secret.pdf、nul");
    let file = s.folder.join("县司法局9月.xlsx");
    write_ledger(&file, &s.ledger, &[&names])?;
    let mut db = Db::open(&s.db_path)?;
    let f = preview(&db, std::slice::from_ref(&file))?;
    let found: Vec<(String, bool)> = f.rows[0]
        .evidence
        .iter()
        .map(|n| (n.name.clone(), n.found()))
        .collect();
    assert_eq!(found.len(), 7, "{found:?}");
    assert!(found.iter().all(|(_, ok)| !ok), "{found:?}");
    assert!(f.rows[0]
        .evidence
        .iter()
        .all(|n| n.note.starts_with("未找到")));

    // a preview altered on its way back, pointing outside, is not read either
    let mut f = f;
    f.rows[0].evidence[0].path = Some(outside.clone());
    f.rows[0].evidence[1].path = Some(s.folder.join("..").join("secret.pdf"));
    let batch = commit(&mut db, f)?.batch.ok_or("nothing imported")?;
    assert!(batch > 0);
    assert!(attached(&db)?.is_empty());
    assert!(stored(&s.db_path).is_empty());
    Ok(())
}

#[test]
fn a_refused_import_leaves_no_copied_file_and_no_row() -> TestResult {
    let s = setup()?;
    let file = s.folder.join("县司法局9月.xlsx");
    write_ledger(&file, &s.ledger, &["会议纪要.pdf", "会议纪要.pdf"])?;
    std::fs::write(s.folder.join("会议纪要.pdf"), b"%PDF-1.4 minutes")?;
    let mut db = Db::open(&s.db_path)?;
    let f = preview(&db, &[file])?;
    // the second row's task is deleted between the preview and the import: refused whole
    taizhang::trash::delete_task(&mut db, s.ledger.tasks[1].id)?;
    let before = dump(&s.db_path)?;
    let e = commit(&mut db, f)
        .err()
        .ok_or("the import should be refused")?;
    assert!(e.to_string().contains("不是方案中的有效任务"), "{e}");
    assert_eq!(dump(&s.db_path)?, before);
    assert!(stored(&s.db_path).is_empty(), "{:?}", stored(&s.db_path));
    Ok(())
}

#[test]
fn a_ledger_without_the_column_imports_as_before() -> TestResult {
    let s = setup()?;
    let file = s.folder.join("县司法局9月.xlsx");
    write_ledger(&file, &s.ledger, &[])?;
    std::fs::write(s.folder.join("会议纪要.pdf"), b"%PDF-1.4 minutes")?;
    let mut db = Db::open(&s.db_path)?;
    let f = preview(&db, &[file])?;
    assert!(f.rows.iter().all(|r| r.evidence.is_empty()));
    assert!(f.issues.iter().all(|i| !i.message.contains("佐证材料")));
    assert_eq!(f.counts.matched, s.ledger.tasks.len());
    commit(&mut db, f)?.batch.ok_or("nothing imported")?;
    assert!(attached(&db)?.is_empty());
    assert!(stored(&s.db_path).is_empty());
    Ok(())
}
