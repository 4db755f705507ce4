//! 佐证材料 through the real CLI: files attached to a task for a unit and period are stored once
//! by content hash beside the database, listed, removed to the 回收站 and restored, travel with a
//! backup, and bad input (missing file, folder, FIFO, huge file, unknown unit …) leaves a Chinese
//! message and nothing written.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{cli, cli_err, dump, sample_db, TestResult};
use sha2::{Digest, Sha256};

/// `taizhang --db DB ARGS` on 2025-10-08 (files of September are attached days after it ended).
fn ok(db: &Path, args: &[&str]) -> String {
    common::cli_ok_on("2025-10-08", db, args)
}

/// `evidence add --task TASK --unit UNIT --period PERIOD REST…`
fn add(db: &Path, task: &str, unit: &str, period: &str, rest: &[&str]) -> String {
    let mut args = vec![
        "evidence", "add", "--task", task, "--unit", unit, "--period", period,
    ];
    args.extend_from_slice(rest);
    ok(db, &args)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

fn list(db: &Path, extra: &[&str]) -> Result<Vec<serde_json::Value>, Box<dyn std::error::Error>> {
    let mut args = vec!["evidence", "list", "--json"];
    args.extend_from_slice(extra);
    Ok(serde_json::from_str(&ok(db, &args))?)
}

/// The regular files in the evidence folder beside `db`, sorted (none when it is missing).
fn stored(db: &Path) -> Vec<String> {
    let dir = db.parent().unwrap_or(Path::new(".")).join("evidence");
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn sha(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, std::io::Error> {
    let p = dir.join(name);
    std::fs::write(&p, bytes)?;
    Ok(p)
}

#[test]
fn files_are_stored_once_by_content_and_listed_per_task_and_period() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let inbox = dir.path().join("收到的材料");
    std::fs::create_dir(&inbox)?;
    let minutes_bytes = b"%PDF-1.4 \xe4\xbc\x9a\xe8\xae\xae\xe7\xba\xaa\xe8\xa6\x81".to_vec();
    let minutes = write(&inbox, "党组会议纪要.pdf", &minutes_bytes)?;
    let photo_bytes: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let photo = write(&inbox, "培训现场 照片.jpg", &photo_bytes)?;
    // The same minutes, sent again under another name by another department.
    let copy = write(&inbox, "纪要（转发）.pdf", &minutes_bytes)?;

    let out = add(&db, "1", "县司法局", "2025-09", &[s(&minutes), s(&photo)]);
    assert!(out.contains("已添加佐证材料"), "{out}");
    add(&db, "3", "县委组织部", "2025年9月", &[s(&copy)]);
    // Attached twice to the same task, unit and period: reported, not listed twice.
    let again = add(&db, "1", "司法局", "2025-9", &[s(&minutes), "--json"]);
    let again: serde_json::Value = serde_json::from_str(&again)?;
    assert_eq!(again["attached"].as_array().map(Vec::len), Some(0));
    assert_eq!(again["already"][0]["file_name"], "党组会议纪要.pdf");

    let mut want = vec![sha(&minutes_bytes), sha(&photo_bytes)];
    want.sort();
    assert_eq!(stored(&db), want, "three attachments, two contents");
    let kept = std::fs::read(dir.path().join("evidence").join(sha(&photo_bytes)))?;
    assert_eq!(
        kept, photo_bytes,
        "the stored copy is the file, byte for byte"
    );

    let all = list(&db, &[])?;
    assert_eq!(all.len(), 3);
    let task1 = list(&db, &["--task", "1", "--period", "2025-09"])?;
    let names: Vec<&str> = task1
        .iter()
        .filter_map(|e| e["file_name"].as_str())
        .collect();
    assert_eq!(names, ["党组会议纪要.pdf", "培训现场 照片.jpg"]);
    assert_eq!(task1[0]["unit"], "县司法局");
    assert_eq!(task1[0]["period"], "2025-09");
    assert_eq!(task1[0]["added_on"], "2025-10-08");
    assert_eq!(task1[1]["size"], 50_000);
    assert_eq!(task1[0]["hash"], sha(&minutes_bytes).as_str());
    assert!(list(&db, &["--period", "2025-08"])?.is_empty());
    // The originals are left where they were.
    assert!(minutes.exists() && photo.exists());
    Ok(())
}

#[test]
fn a_removed_file_goes_to_the_trash_and_comes_back() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let f = write(dir.path(), "整改报告.docx", b"PK fake docx")?;
    add(&db, "4", "县人社局", "2025-09", &[s(&f)]);
    let id = list(&db, &[])?[0]["id"]
        .as_i64()
        .ok_or("no id")?
        .to_string();
    let out = ok(&db, &["evidence", "remove", &id]);
    assert!(
        out.contains("回收站") && out.contains(&format!("evidence restore {id}")),
        "{out}"
    );
    assert!(list(&db, &[])?.is_empty());
    assert_eq!(stored(&db).len(), 1, "the file stays for the undo");
    let trash = taizhang::trash::list(&taizhang::Db::open(&db)?)?;
    assert_eq!(trash.evidence.len(), 1);
    assert_eq!(trash.evidence[0].file_name, "整改报告.docx");
    assert!(trash.evidence[0].deleted_at.is_some());
    let err = cli_err(&db, &["evidence", "remove", &id]);
    assert!(err.contains("找不到编号为"), "{err}");

    ok(&db, &["evidence", "restore", &id]);
    let back = list(&db, &[])?;
    assert_eq!(back.len(), 1);
    assert_eq!(back[0]["file_name"], "整改报告.docx");
    let err = cli_err(&db, &["evidence", "restore", &id]);
    assert!(err.contains("不在回收站"), "{err}");
    Ok(())
}

#[test]
fn evidence_files_travel_with_a_backup() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let bytes = b"scan of the signed notice".to_vec();
    let f = write(dir.path(), "通知扫描件.pdf", &bytes)?;
    add(&db, "1", "县司法局", "2025-09", &[s(&f)]);
    let out = dir.path().join("备份.db");
    let said = ok(&db, &["backup", "--out", s(&out)]);
    assert!(said.contains("佐证材料 1 个文件"), "{said}");
    let saved = dir.path().join("备份.db.evidence").join(sha(&bytes));
    assert_eq!(std::fs::read(saved)?, bytes);
    Ok(())
}

/// Runs an `evidence add` that must fail and checks that nothing was written.
fn refused(db: &Path, args: &[&str], expect: &str) -> TestResult {
    let before = dump(db)?;
    let files_before = stored(db);
    let mut all = vec!["evidence", "add"];
    all.extend_from_slice(args);
    let err = cli_err(db, &all);
    assert!(err.contains(expect), "{args:?}: {err}");
    assert_eq!(dump(db)?, before, "{args:?} changed the database");
    assert_eq!(
        stored(db),
        files_before,
        "{args:?} left a file in evidence/"
    );
    Ok(())
}

#[test]
fn bad_files_are_refused_in_chinese_and_nothing_is_written() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let good = write(dir.path(), "好文件.pdf", b"good")?;
    let missing = dir.path().join("不存在.pdf");
    let folder = dir.path().join("一个文件夹");
    std::fs::create_dir(&folder)?;
    let huge = dir.path().join("会议录像.mp4");
    std::fs::File::create(&huge)?.set_len(taizhang::evidence::MAX_EVIDENCE_BYTES + 1)?;
    let at = |f: &Path| -> Vec<String> {
        [
            "--task",
            "1",
            "--unit",
            "县司法局",
            "--period",
            "2025-09",
            s(&good),
            s(f),
        ]
        .iter()
        .map(|x| x.to_string())
        .collect()
    };
    for (f, expect) in [
        (&missing, "找不到文件"),
        (&folder, "文件夹"),
        (&huge, "太大"),
    ] {
        let args = at(f);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&db, &args, expect)?;
    }
    #[cfg(unix)]
    {
        let fifo = dir.path().join("管道");
        let made = Command::new("mkfifo").arg(&fifo).status()?;
        assert!(made.success(), "mkfifo failed");
        let args = at(&fifo);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&db, &args, "管道")?;
    }
    let g = s(&good);
    refused(
        &db,
        &[
            "--task",
            "1",
            "--unit",
            "不存在的局",
            "--period",
            "2025-09",
            g,
        ],
        "不存在的局",
    )?;
    refused(
        &db,
        &[
            "--task",
            "999",
            "--unit",
            "县司法局",
            "--period",
            "2025-09",
            g,
        ],
        "999",
    )?;
    refused(
        &db,
        &["--task", "1", "--unit", "县司法局", "--period", "九月", g],
        "期次",
    )?;
    // A task in the 回收站 takes no new evidence.
    let out = cli(&db, &["task", "delete", "2"]);
    assert!(out.status.success());
    refused(
        &db,
        &[
            "--task",
            "2",
            "--unit",
            "县司法局",
            "--period",
            "2025-09",
            g,
        ],
        "2",
    )?;
    Ok(())
}

/// The names and contents of the files in the zip at `path`.
type Named = Vec<(String, Vec<u8>)>;

fn zip_files(path: &Path) -> Result<Named, Box<dyn std::error::Error>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path)?)?;
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i)?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes)?;
        out.push((f.name()?.to_string(), bytes));
    }
    Ok(out)
}

#[test]
fn the_binder_holds_each_file_by_section_and_task_with_an_index_that_prints() -> TestResult {
    use calamine::{Data, Reader, Xlsx};
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let received = dir.path().join("收到");
    std::fs::create_dir(&received)?;
    let con = write(&received, "CON.pdf", b"device name")?;
    let colon = write(&received, "照片:现场?.jpg", b"photo with a colon")?;
    let other = dir.path().join("另一份");
    std::fs::create_dir(&other)?;
    // Another file of the same name, different content, same task, unit and period.
    let con2 = write(&other, "CON.pdf", b"device name, second version")?;
    let early = write(&received, "六月材料.docx", b"june")?;
    add(
        &db,
        "1",
        "县司法局",
        "2025-09",
        &[s(&con), s(&colon), s(&con2)],
    );
    add(&db, "20", "县司法局", "2025-07", &[s(&colon)]);
    add(&db, "1", "县司法局", "2025-06", &[s(&early)]);
    // A file already there under the asked-for name is kept.
    let out = dir.path().join("佐证材料.zip");
    std::fs::write(&out, b"the clerk's own zip")?;

    let said: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &[
            "evidence",
            "export",
            "--plan",
            "1",
            "--from",
            "2025-07",
            "--to",
            "2025-09",
            "--out",
            s(&out),
            "--json",
        ],
    ))?;
    assert_eq!(std::fs::read(&out)?, b"the clerk's own zip");
    let zip_path = dir.path().join("佐证材料（2）.zip");
    assert_eq!(said["path"], s(&zip_path));

    let files = zip_files(&zip_path)?;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path)?)?;
    let dated = archive.by_index(1)?.last_modified().ok_or("no date")?;
    assert_eq!(
        (dated.year(), dated.month(), dated.day()),
        (2025, 10, 8),
        "each file is dated the day it was added"
    );
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let task1 = "(一)强化法治思维，提升学法用法实效/1_压实主要负责人推进法治建设第一责任人职责";
    assert_eq!(
        names,
        [
            "佐证材料目录.xlsx".to_string(),
            format!("{task1}/县司法局_2025年9月_CON.pdf"),
            format!("{task1}/县司法局_2025年9月_CON（2）.pdf"),
            format!("{task1}/县司法局_2025年9月_照片_现场_.jpg"),
            "(五)推进政务公开和营商环境法治化/20_推进政务公开标准化规范化/县司法局_2025年7月_照片_现场_.jpg"
                .to_string(),
        ]
    );
    let content = |n: &str| {
        files
            .iter()
            .find(|(name, _)| name == n)
            .map(|(_, b)| b.clone())
    };
    assert_eq!(content(names[1]), Some(b"device name".to_vec()));
    assert_eq!(
        content(names[2]),
        Some(b"device name, second version".to_vec())
    );
    for n in &names {
        for part in n.split('/') {
            assert!(
                !part.contains([':', '*', '?', '"', '<', '>', '|', '\\']),
                "{n}"
            );
            let stem = part.split('.').next().unwrap_or("").to_ascii_uppercase();
            assert!(
                !["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str()),
                "{n}"
            );
            assert!(part.chars().count() <= 80, "{n}");
        }
    }

    let index = dir.path().join("目录.xlsx");
    std::fs::write(&index, &files[0].1)?;
    let mut wb: Xlsx<_> = calamine::open_workbook(&index)?;
    let sheet = wb.worksheet_range("佐证材料目录")?;
    let text = |r: u32, c: u32| match sheet.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        _ => String::new(),
    };
    let header: Vec<String> = (0..7).map(|c| text(2, c)).collect();
    assert_eq!(
        header,
        ["序号", "任务", "单位", "期次", "文件名", "大小", "添加日期"]
    );
    assert_eq!(text(0, 0), "佐证材料目录");
    assert!(text(1, 0).contains("2025年7月至2025年9月") && text(1, 0).contains("共 4 个文件"));
    assert_eq!(text(3, 0), "(一)强化法治思维，提升学法用法实效");
    let row: Vec<String> = (0..7).map(|c| text(4, c)).collect();
    assert_eq!(
        row,
        [
            "1",
            "压实主要负责人推进法治建设第一责任人职责",
            "县司法局",
            "2025年9月",
            names[1],
            "11 字节",
            "2025年10月8日",
        ]
    );
    let all_cells: String = (0..sheet.height() as u32).map(|r| text(r, 4)).collect();
    assert!(!all_cells.contains("六月材料"), "June is outside the range");

    let pdfs = match common::to_pdf(dir.path(), &[index]) {
        Ok(p) => p,
        Err(e) => {
            common::cannot_run_here(&e.to_string());
            return Ok(());
        }
    };
    assert_eq!(common::a4_landscape_pages(&pdfs[0])?, 1);
    let printed = common::squeeze(&common::pdf_text(&pdfs[0], None)?);
    assert!(
        printed.contains("佐证材料目录") && printed.contains("县司法局"),
        "{printed}"
    );
    Ok(())
}

#[test]
fn a_binder_that_cannot_be_made_writes_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let f = write(dir.path(), "材料.pdf", b"content")?;
    add(&db, "1", "县司法局", "2025-09", &[s(&f)]);
    let out = dir.path().join("包.zip");
    let export = |from: &str, to: &str, out: &Path| -> String {
        cli_err(
            &db,
            &[
                "evidence",
                "export",
                "--plan",
                "1",
                "--from",
                from,
                "--to",
                to,
                "--out",
                s(out),
            ],
        )
    };
    assert!(export("2025-01", "2025-03", &out).contains("没有佐证材料"));
    assert!(export("2025-10", "2025-09", &out).contains("晚于"));
    assert!(export("2025-09", "2025-09", &dir.path().join("包.rar")).contains(".zip"));
    assert!(export("2025-09", "2025-09", &dir.path().join("没有/包.zip")).contains("找不到文件夹"));
    // The stored copy went missing (someone cleaned the folder): said, and no zip half-written.
    let hash = list(&db, &[])?[0]["hash"]
        .as_str()
        .ok_or("hash")?
        .to_string();
    std::fs::remove_file(dir.path().join("evidence").join(hash))?;
    assert!(export("2025-09", "2025-09", &out).contains("不见了"));
    let left: Vec<String> = common::files_in(dir.path())?
        .into_iter()
        .filter(|n| n.contains("zip") || n.contains("part"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    Ok(())
}

/// The window's calls: the count badge per task, 打开 (a copy under the file's own name, as the
/// stored file has no extension), and the binder's progress, one step per file.
#[test]
fn the_window_counts_per_task_opens_a_named_copy_and_sees_the_binder_progress() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db_path = sample_db(dir.path());
    let a = write(dir.path(), "会议纪要.pdf", b"%PDF-1.4 minutes")?;
    let b = write(dir.path(), "照片.jpg", b"jpeg bytes")?;
    add(&db_path, "1", "县司法局", "2025-09", &[s(&a), s(&b)]);
    add(&db_path, "3", "县委组织部", "2025-08", &[s(&a)]);
    let mut db = taizhang::Db::open(&db_path)?;
    let counts = taizhang::evidence::counts(db.conn(), 1)?;
    let pairs: Vec<(i64, i64)> = counts.iter().map(|c| (c.task_id, c.count)).collect();
    assert_eq!(pairs, vec![(1, 2), (3, 1)]);

    // a removed attachment leaves the count; a removed task leaves the list
    let first = taizhang::evidence::list(
        db.conn(),
        &taizhang::evidence::Filter {
            task_id: Some(1),
            ..Default::default()
        },
    )?;
    taizhang::evidence::remove(&mut db, first[0].id)?;
    let pairs: Vec<(i64, i64)> = taizhang::evidence::counts(db.conn(), 1)?
        .iter()
        .map(|c| (c.task_id, c.count))
        .collect();
    assert_eq!(pairs, vec![(1, 1), (3, 1)]);
    taizhang::evidence::restore(&mut db, first[0].id)?;

    let opened = dir.path().join("打开");
    let copy = taizhang::evidence::copy_out(&db, first[0].id, &opened)?;
    assert_eq!(
        copy.file_name().map(|n| n.to_string_lossy().into_owned()),
        Some(first[0].file_name.clone())
    );
    assert!(copy.starts_with(&opened));
    let again = taizhang::evidence::copy_out(&db, first[0].id, &opened)?;
    assert_eq!(again, copy);
    assert_eq!(
        std::fs::read(&copy)?,
        std::fs::read(dir.path().join(&first[0].file_name))?
    );

    let mut steps = Vec::new();
    let out = dir.path().join("材料包.zip");
    let from = taizhang::progress::Period::parse("2025-08")?;
    let to = taizhang::progress::Period::parse("2025-09")?;
    let day = chrono::NaiveDate::from_ymd_opt(2025, 10, 8).ok_or("date")?;
    let binder =
        taizhang::binder::export_with_progress(&db, 1, from, to, &out, day, &mut |d, t| {
            steps.push((d, t))
        })?;
    assert_eq!(binder.files.len(), 3);
    assert_eq!(steps, vec![(0, 3), (1, 3), (2, 3), (3, 3)]);
    Ok(())
}
