//! `inbox scan DIR --json` on a folder as WeChat leaves it: returned ledgers (ours and a
//! hand-made one) that arrived days before the clerk looks, one already imported, the same file
//! saved twice, the clerk's own blank export as sent, a file still being written, garbage and
//! Excel's lock file. Only the new ledgers are offered, each with the day it arrived.

mod common;
#[path = "ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::{Local, NaiveDate, TimeZone};
use common::{cli, cli_ok, dump, export_ledgers_into, sample_db, TestResult};
use ledger_fixtures::{fill, ledger, units, write, Layout, Res};
use serde_json::Value;

/// Sets a file's modification time to 10:00 on `on`.
fn touch(file: &Path, on: NaiveDate) -> Res<()> {
    let at = on.and_hms_opt(10, 0, 0).ok_or("bad time")?;
    let local = Local
        .from_local_datetime(&at)
        .single()
        .ok_or("no local time")?;
    let t: SystemTime = local.into();
    std::fs::File::options()
        .write(true)
        .open(file)?
        .set_modified(t)?;
    Ok(())
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// `unit`'s ledger of `period` filled in and saved as `name` in `dir`, arrived `on`.
fn returned(
    db: &Path,
    dir: &Path,
    name: &str,
    unit: &str,
    layout: Layout,
    on: NaiveDate,
) -> Res<PathBuf> {
    let l = ledger(db, unit, "2025-09")?;
    let file = dir.join(name);
    write(&file, layout, &l, &fill(&l, "已按期推进"))?;
    touch(&file, on)?;
    Ok(file)
}

fn scan(db: &Path, dir: &Path) -> Res<Vec<Value>> {
    let out = cli_ok(
        db,
        &[
            "inbox",
            "scan",
            &dir.to_string_lossy(),
            "--today",
            "2025-10-10",
            "--json",
        ],
    );
    Ok(serde_json::from_str(&out)?)
}

fn by_name<'a>(found: &'a [Value], name: &str) -> &'a Value {
    found
        .iter()
        .find(|f| f["file_name"] == name)
        .unwrap_or_else(|| panic!("{name} not listed: {found:?}"))
}

#[test]
fn new_ledgers_are_offered_and_the_rest_is_told_apart() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let names: Vec<String> = units(&db)?.into_iter().map(|(_, n)| n).collect();
    let (a, b, c) = (&names[0], &names[1], &names[2]);
    let inbox = dir
        .path()
        .join("WeChat Files")
        .join("FileStorage")
        .join("File");
    let month = inbox.join("2025-10");
    std::fs::create_dir_all(&month)?;
    // Arrived on 10-03 and 10-06; looked at on 10-10.
    returned(
        &db,
        &month,
        "县里台账.xlsx",
        a,
        Layout::Ours,
        day(2025, 10, 3),
    )?;
    returned(
        &db,
        &month,
        "进展表.xlsx",
        b,
        Layout::HandMade,
        day(2025, 10, 6),
    )?;
    // WeChat saved the first one twice.
    std::fs::copy(month.join("县里台账.xlsx"), month.join("县里台账(1).xlsx"))?;
    touch(&month.join("县里台账(1).xlsx"), day(2025, 10, 3))?;
    // Imported before.
    let done = returned(
        &db,
        &month,
        "已导入.xlsx",
        c,
        Layout::Ours,
        day(2025, 10, 2),
    )?;
    cli_ok(
        &db,
        &[
            "ledger",
            "import",
            &done.to_string_lossy(),
            "--today",
            "2025-10-10",
        ],
    );
    // The clerk's own export, as sent out (no progress filled in).
    let sent = dir.path().join("sent");
    export_ledgers_into(&db, &sent, "2025-09", &[])?;
    let blank = std::fs::read_dir(&sent)?
        .flatten()
        .map(|e| e.path())
        .find(|p| !p.to_string_lossy().contains("汇总"))
        .ok_or("no export")?;
    std::fs::copy(&blank, month.join("发出的台账.xlsx"))?;
    touch(&month.join("发出的台账.xlsx"), day(2025, 10, 1))?;
    // Half of a ledger, the download still going on (modified just now).
    let whole = std::fs::read(month.join("进展表.xlsx"))?;
    std::fs::write(inbox.join("下载中.xlsx"), &whole[..whole.len() / 2])?;
    // Garbage with a workbook's name, an old truncated file, and Excel's lock file.
    std::fs::write(month.join("乱码.xlsx"), "这不是工作簿")?;
    touch(&month.join("乱码.xlsx"), day(2025, 9, 1))?;
    std::fs::write(month.join("残缺.xls"), &whole[..100])?;
    touch(&month.join("残缺.xls"), day(2025, 9, 1))?;
    std::fs::write(month.join("~$县里台账.xlsx"), "lock")?;
    std::fs::write(month.join("说明.docx"), "not a workbook")?;

    let before = dump(&db)?;
    let found = scan(&db, &inbox)?;
    assert_eq!(dump(&db)?, before, "a scan writes nothing");
    let names_listed: Vec<&str> = found
        .iter()
        .filter_map(|f| f["file_name"].as_str())
        .collect();
    assert!(
        !names_listed
            .iter()
            .any(|n| n.starts_with("~$") || n.ends_with(".docx")),
        "{names_listed:?}"
    );
    assert_eq!(found.len(), 8, "{names_listed:?}");

    let first = by_name(&found, "县里台账.xlsx");
    assert_eq!(first["state"], "new");
    assert_eq!(first["offered"], true);
    assert_eq!(first["unit"], a.as_str());
    assert_eq!(first["period"], "2025-09");
    assert_eq!(first["plan_id"], 1);
    assert_eq!(first["received_on"], "2025-10-03");
    assert_eq!(first["already_imported"], false);
    assert_eq!(first["ours"], true);
    assert_eq!(first["problems"], serde_json::json!([]));
    let hand = by_name(&found, "进展表.xlsx");
    assert_eq!(hand["state"], "new");
    assert_eq!(hand["unit"], b.as_str());
    assert_eq!(hand["ours"], false);
    assert_eq!(hand["received_on"], "2025-10-06");
    let again = by_name(&found, "县里台账(1).xlsx");
    assert_eq!(again["state"], "duplicate");
    assert_eq!(again["offered"], false);
    let old = by_name(&found, "已导入.xlsx");
    assert_eq!(old["state"], "already_imported");
    assert_eq!(old["already_imported"], true);
    assert_eq!(old["offered"], false);
    assert_eq!(by_name(&found, "发出的台账.xlsx")["state"], "blank");
    assert_eq!(by_name(&found, "下载中.xlsx")["state"], "writing");
    assert_eq!(by_name(&found, "乱码.xlsx")["state"], "not_a_ledger");
    assert_eq!(by_name(&found, "残缺.xls")["state"], "not_a_ledger");
    let offered: Vec<&str> = found
        .iter()
        .filter(|f| f["offered"] == true)
        .filter_map(|f| f["file_name"].as_str())
        .collect();
    assert_eq!(offered.len(), 2, "{offered:?}");

    // The download finishes: the file is read again and offered (same content as 进展表, so
    // it is that file's duplicate), never called broken on the way.
    std::fs::write(inbox.join("下载中.xlsx"), &whole)?;
    touch(&inbox.join("下载中.xlsx"), day(2025, 10, 9))?;
    let found = scan(&db, &inbox)?;
    let done = by_name(&found, "下载中.xlsx");
    assert!(
        done["state"] == "new" || done["state"] == "duplicate",
        "{done}"
    );
    // Imported through the usual command, the file is no longer offered.
    cli_ok(
        &db,
        &[
            "ledger",
            "import",
            &month.join("县里台账.xlsx").to_string_lossy(),
            "--today",
            "2025-10-10",
        ],
    );
    let found = scan(&db, &inbox)?;
    assert_eq!(
        by_name(&found, "县里台账.xlsx")["state"],
        "already_imported"
    );
    assert_eq!(
        by_name(&found, "县里台账(1).xlsx")["state"],
        "already_imported"
    );
    Ok(())
}

#[test]
fn a_file_modified_a_moment_ago_waits_and_the_folder_can_be_set_and_go_missing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let names: Vec<String> = units(&db)?.into_iter().map(|(_, n)| n).collect();
    let inbox = dir.path().join("收件");
    std::fs::create_dir_all(&inbox)?;
    let file = returned(
        &db,
        &inbox,
        "台账.xlsx",
        &names[0],
        Layout::Ours,
        day(2025, 10, 3),
    )?;
    // Whole, but written a moment ago: it waits until it settles.
    std::fs::File::options()
        .write(true)
        .open(&file)?
        .set_modified(SystemTime::now() - Duration::from_millis(200))?;
    let found = scan(&db, &inbox)?;
    assert_eq!(found[0]["state"], "writing");
    // The folder from the settings.
    cli_ok(&db, &["inbox", "folder", &inbox.to_string_lossy()]);
    let out = cli_ok(&db, &["inbox", "folder"]);
    assert!(out.contains(&*inbox.to_string_lossy()), "{out}");
    // The folder is gone: a Chinese message, exit 1.
    std::fs::remove_dir_all(&inbox)?;
    let out = cli(&db, &["inbox", "scan"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("收件文件夹"));
    let out = cli(&db, &["inbox", "folder", &inbox.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    Ok(())
}

/// The window reads the inbox every half minute: an unchanged workbook is read from disk once
/// (the scanner counts its reads), yet what it says follows the database (a file imported in
/// between is `already_imported` at once), and a file that changes is read again.
#[test]
fn an_unchanged_file_is_read_once_while_its_state_follows_the_database() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db_path = sample_db(dir.path());
    let names: Vec<String> = units(&db_path)?.into_iter().map(|(_, n)| n).collect();
    let inbox = dir.path().join("收件");
    std::fs::create_dir_all(&inbox)?;
    let first = returned(
        &db_path,
        &inbox,
        "台账一.xlsx",
        &names[0],
        Layout::Ours,
        day(2025, 10, 3),
    )?;
    let second = returned(
        &db_path,
        &inbox,
        "进展表.xlsx",
        &names[1],
        Layout::HandMade,
        day(2025, 10, 6),
    )?;
    std::fs::write(inbox.join("报名表.xlsx"), b"not a workbook at all")?;
    touch(&inbox.join("报名表.xlsx"), day(2025, 10, 1))?;
    let today = day(2025, 10, 10);
    let db = taizhang::Db::open(&db_path)?;
    let mut scanner = taizhang::inbox::Scanner::default();
    let states = |found: &[taizhang::inbox::Found]| -> Vec<(String, String)> {
        found
            .iter()
            .map(|f| {
                let state = serde_json::to_value(f.state).unwrap_or_default();
                (
                    f.file_name.clone(),
                    state.as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    let (first_name, second_name) = (name(&first).ok_or("name")?, name(&second).ok_or("name")?);

    let found = scanner.scan(&db, &inbox, today, SystemTime::now())?;
    assert_eq!(scanner.files_read(), 3);
    let at_first = states(&found);
    assert!(
        at_first.contains(&(first_name.clone(), "new".into())),
        "{at_first:?}"
    );
    assert!(
        at_first.contains(&(second_name.clone(), "new".into())),
        "{at_first:?}"
    );
    // Half a minute later, nothing changed: nothing is read, the same answer.
    let found = scanner.scan(&db, &inbox, today, SystemTime::now())?;
    assert_eq!(scanner.files_read(), 3, "unchanged files read again");
    assert_eq!(states(&found), at_first);

    // The clerk imports the first file: without reading it again, it is imported now.
    drop(db);
    cli_ok(
        &db_path,
        &[
            "ledger",
            "import",
            &first.to_string_lossy(),
            "--today",
            "2025-10-10",
        ],
    );
    let db = taizhang::Db::open(&db_path)?;
    let found = scanner.scan(&db, &inbox, today, SystemTime::now())?;
    assert_eq!(scanner.files_read(), 3);
    let now = states(&found);
    assert!(
        now.contains(&(first_name, "already_imported".into())),
        "{now:?}"
    );
    assert!(
        now.contains(&(second_name.clone(), "new".into())),
        "{now:?}"
    );

    // The department sends the second file again with more filled in: read again, once.
    let l = ledger(&db_path, &names[1], "2025-09")?;
    write(
        &second,
        Layout::HandMade,
        &l,
        &fill(&l, "已完成阶段性工作，正在推进"),
    )?;
    touch(&second, day(2025, 10, 7))?;
    let found = scanner.scan(&db, &inbox, today, SystemTime::now())?;
    assert_eq!(scanner.files_read(), 4);
    let changed = found
        .iter()
        .find(|f| f.file == second)
        .ok_or("second file missing")?;
    assert_eq!(changed.received_on, Some(day(2025, 10, 7)));
    scanner.scan(&db, &inbox, today, SystemTime::now())?;
    assert_eq!(scanner.files_read(), 4);
    Ok(())
}
