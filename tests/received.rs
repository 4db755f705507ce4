//! 收到日期: a report is on time or late by the day the department's file arrived, not the day
//! the clerk imported it; and a file whose hidden identity, header and name disagree is never
//! filed silently. Real files, the real CLI, the sample plan (2025年9月 due 2025年10月9日: the
//! 5th falls in the National Day holiday).

mod common;
#[path = "ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{Local, NaiveDate, TimeZone};
use common::{cli, cli_err, cli_ok, dump, export_ledgers_into, sample_db, TestResult};
use ledger_fixtures::{fill, ledger, write, Layout};
use serde_json::Value;
use taizhang::progress::Period;
use taizhang::remind;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const SEPT: Period = Period {
    year: 2025,
    month: 9,
};

fn day(y: i32, m: u32, d: u32) -> Res<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| "bad day".into())
}

/// Sets the file's modification time to 10:00 local time on `on`, as a download from WeChat
/// or mail on that day leaves it.
fn touch(file: &Path, on: NaiveDate) -> TestResult {
    let at = on.and_hms_opt(10, 0, 0).ok_or("bad time")?;
    let local = Local
        .from_local_datetime(&at)
        .single()
        .ok_or("ambiguous local time")?;
    let t: SystemTime = local.into();
    std::fs::File::options()
        .write(true)
        .open(file)?
        .set_modified(t)?;
    Ok(())
}

/// `unit`'s September ledger filled in, as our export comes back, saved in `dir`.
fn returned(db: &Path, dir: &Path, unit: &str, period: &str) -> Res<PathBuf> {
    let l = ledger(db, unit, period)?;
    let (y, m) = period.split_once('-').ok_or("bad period")?;
    let file = dir.join(format!("{unit}_{y}年{m}月_工作台账.xlsx"));
    write(&file, Layout::Ours, &l, &fill(&l, "已按期推进"))?;
    Ok(file)
}

/// [`returned`], its file time set to the day it arrived ([`touch`]).
fn arrived(db: &Path, dir: &Path, unit: &str, period: &str, on: NaiveDate) -> Res<PathBuf> {
    let file = returned(db, dir, unit, period)?;
    touch(&file, on)?;
    Ok(file)
}

/// Runs a command that must fail; returns what it printed (the per-file reasons on stdout, the
/// summary on stderr).
fn refused(db: &Path, args: &[&str]) -> String {
    let err = cli_err(db, args);
    let out = cli(db, args);
    format!("{}{err}", String::from_utf8_lossy(&out.stdout))
}

fn json(text: &str) -> Res<Value> {
    Ok(serde_json::from_str(text)?)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// A reported unit: name, on time (true) or late (false), 收到日期.
type Reported = (String, Option<bool>, Option<String>);

/// The units of `ledger status --json` that reported, with whether on time.
fn timeliness(db: &Path, period: &str) -> Res<Vec<Reported>> {
    let status = json(&cli_ok(
        db,
        &["ledger", "status", "--period", period, "--json"],
    ))?;
    Ok(status
        .as_array()
        .ok_or("status is not a list")?
        .iter()
        .filter(|u| u["reported"] == true)
        .map(|u| {
            (
                u["unit"].as_str().unwrap_or_default().to_string(),
                u["on_time"].as_bool(),
                u["received_on"].as_str().map(str::to_string),
            )
        })
        .collect())
}

/// `ledger import` of `file` with the options `extra`.
fn import<'a>(file: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["ledger", "import", s(file)];
    args.extend_from_slice(extra);
    args
}

/// [`timeliness`] when `unit` alone reported: on time or not, and its 收到日期.
fn only(unit: &str, on_time: bool, received_on: &str) -> Vec<Reported> {
    vec![(
        unit.to_string(),
        Some(on_time),
        Some(received_on.to_string()),
    )]
}

/// `import received`: sets submission `sub`'s 收到日期 to `on`, today being 2025-10-12.
fn correction<'a>(sub: &'a str, on: &'a str) -> [&'a str; 6] {
    ["import", "received", sub, on, "--today", "2025-10-12"]
}

#[test]
fn a_clerks_month_counts_reports_by_the_day_they_arrived() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    export_ledgers_into(&db, &dir.path().join("台账"), "2025-09", &[])?;
    // Files arrive by WeChat on the 3rd, the 4th, the due date and two days after it.
    let inbox = dir.path().join("收到的台账");
    std::fs::create_dir_all(&inbox)?;
    let arrivals = [
        ("县财政局", day(2025, 10, 3)?),
        ("县人社局", day(2025, 10, 4)?),
        ("县教育局", day(2025, 10, 9)?),
        ("县公安局", day(2025, 10, 11)?),
    ];
    for (unit, on) in arrivals {
        arrived(&db, &inbox, unit, "2025-09", on)?;
    }

    // The preview shows each file's 收到日期 from its file time.
    let preview = json(&cli_ok(
        &db,
        &import(&inbox, &["--dry-run", "--json", "--today", "2025-10-12"]),
    ))?;
    for f in preview["files"].as_array().ok_or("no files")? {
        let unit = f["unit"].as_str().ok_or("no unit")?;
        let (_, on) = arrivals
            .iter()
            .find(|(u, _)| *u == unit)
            .ok_or("unexpected unit")?;
        assert_eq!(f["received_on"], on.to_string(), "{f}");
        assert_eq!(f["received_source"], "file_time", "{f}");
    }
    let text = cli_ok(
        &db,
        &import(&inbox, &["--dry-run", "--today", "2025-10-12"]),
    );
    assert!(
        text.contains("收到日期 2025年10月3日（文件时间）"),
        "{text}"
    );

    // Imported three days after the due date.
    cli_ok(&db, &import(&inbox, &["--today", "2025-10-12"]));

    // ledger status: three on time, one late.
    let status = timeliness(&db, "2025-09")?;
    assert_eq!(status.len(), 4, "{status:?}");
    let late: Vec<&str> = status
        .iter()
        .filter(|(_, on_time, _)| *on_time == Some(false))
        .map(|(u, _, _)| u.as_str())
        .collect();
    assert_eq!(late, ["县公安局"], "{status:?}");
    assert_eq!(
        status.iter().filter(|(_, t, _)| *t == Some(true)).count(),
        3
    );
    let text = cli_ok(&db, &["ledger", "status", "--period", "2025-09"]);
    assert!(text.contains("2025年10月9日截止"), "{text}");
    assert!(
        text.contains("县公安局　迟报　2025年10月11日收到"),
        "{text}"
    );
    assert!(text.contains("县财政局　按时　2025年10月3日收到"), "{text}");

    // The board (remind) and 催报 agree.
    let conn = taizhang::Db::open(&db)?;
    let board = remind::period_status(&conn, 1, SEPT, day(2025, 10, 12)?)?;
    assert_eq!(board.reported, 4);
    assert_eq!(board.late, 1);
    let late_units: Vec<&str> = board
        .units
        .iter()
        .filter(|u| u.state == remind::UnitState::Late)
        .map(|u| u.unit.as_str())
        .collect();
    assert_eq!(late_units, ["县公安局"]);
    drop(conn);
    let chase = json(&cli_ok(
        &db,
        &[
            "chase",
            "--period",
            "2025-09",
            "--today",
            "2025-10-12",
            "--json",
        ],
    ))?;
    let chased: Vec<&str> = chase["units"]
        .as_array()
        .ok_or("no units")?
        .iter()
        .filter_map(|u| u["unit"].as_str())
        .collect();
    for (unit, _) in arrivals {
        assert!(!chased.contains(&unit), "{unit} is chased: {chased:?}");
    }

    // The 通报 names only 县公安局 as late.
    let circular = json(&cli_ok(
        &db,
        &[
            "report",
            "circular",
            "--period",
            "2025-09",
            "--today",
            "2025-10-12",
            "--json",
        ],
    ))?;
    assert_eq!(circular["totals"]["on_time"], 3, "{}", circular["totals"]);
    assert_eq!(circular["totals"]["late"], 1);
    let police = circular["units"]
        .as_array()
        .ok_or("no units")?
        .iter()
        .find(|u| u["unit"] == "县公安局")
        .ok_or("no 县公安局")?;
    assert_eq!(police["late"], 1);
    assert_eq!(police["cells"][0]["received_on"], "2025-10-11");
    let paragraph = circular["paragraph"].as_str().unwrap_or_default();
    assert!(paragraph.contains("县公安局"), "{paragraph}");
    assert!(!paragraph.contains("按时报送率0"), "{paragraph}");

    // import list shows the day each file arrived beside the import time.
    let batches = json(&cli_ok(&db, &["import", "list", "--json"]))?;
    let files = batches[0]["files"].as_array().ok_or("no files")?;
    assert_eq!(files.len(), 4);
    assert!(files
        .iter()
        .any(|f| f["unit"] == "县人社局" && f["received_on"] == "2025-10-04"));
    assert!(files.iter().all(|f| f["received_at"].is_string()));
    Ok(())
}

#[test]
fn received_day_in_the_future_or_before_the_period_opens_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let file = returned(&db, dir.path(), "县财政局", "2025-09")?;
    let before = dump(&db)?;

    let err = cli_err(
        &db,
        &import(
            &file,
            &["--received", "2025-10-13", "--today", "2025-10-12"],
        ),
    );
    assert!(err.contains("收到日期2025年10月13日晚于今天"), "{err}");
    assert_eq!(dump(&db)?, before, "a refused import wrote something");

    // September's reports open on 1 October.
    let err = refused(
        &db,
        &import(
            &file,
            &["--received", "2025-09-30", "--today", "2025-10-12"],
        ),
    );
    assert!(
        err.contains("收到日期2025年9月30日早于2025年9月报送的开始日期2025年10月1日"),
        "{err}"
    );
    assert_eq!(dump(&db)?, before, "a refused import wrote something");

    let err = cli_err(&db, &import(&file, &["--received", "十月五日"]));
    assert!(err.contains("无法识别"), "{err}");
    assert_eq!(dump(&db)?, before);

    // The clerk's day for every file of the run.
    let done = json(&cli_ok(
        &db,
        &import(
            &file,
            &[
                "--received",
                "2025年10月5日",
                "--today",
                "2025-10-12",
                "--json",
            ],
        ),
    ))?;
    assert_eq!(done["files"][0]["received_on"], "2025-10-05");
    assert_eq!(done["files"][0]["received_source"], "manual");
    assert_eq!(
        timeliness(&db, "2025-09")?,
        only("县财政局", true, "2025-10-05")
    );
    Ok(())
}

#[test]
fn import_received_turns_a_late_report_on_time_and_is_audited() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let file = arrived(&db, dir.path(), "县教育局", "2025-09", day(2025, 10, 11)?)?;
    cli_ok(&db, &import(&file, &["--today", "2025-10-12"]));
    assert_eq!(
        timeliness(&db, "2025-09")?,
        only("县教育局", false, "2025-10-11")
    );
    let batches = json(&cli_ok(&db, &["import", "list", "--json"]))?;
    let sub = batches[0]["files"][0]["submission_id"]
        .as_i64()
        .ok_or("no submission")?;
    let sub_arg = sub.to_string();

    // Refused: after today, before the period opens, an unknown submission.
    let before = dump(&db)?;
    let err = cli_err(&db, &correction(&sub_arg, "2025-10-20"));
    assert!(err.contains("晚于今天"), "{err}");
    let err = cli_err(&db, &correction(&sub_arg, "2025-09-28"));
    assert!(err.contains("早于2025年9月报送的开始日期"), "{err}");
    let err = cli_err(&db, &correction("999", "2025-10-08"));
    assert!(err.contains("未找到编号为 999 的报送"), "{err}");
    assert_eq!(dump(&db)?, before, "a refused correction wrote something");

    // The department had sent it on the 8th: on time.
    let text = cli_ok(&db, &correction(&sub_arg, "2025-10-08"));
    assert!(
        text.contains("收到日期改为2025年10月8日（原为2025年10月11日）"),
        "{text}"
    );
    assert!(
        text.contains(&format!("taizhang import received {sub} 2025-10-11")),
        "{text}"
    );
    assert_eq!(
        timeliness(&db, "2025-09")?,
        only("县教育局", true, "2025-10-08")
    );
    let conn = rusqlite::Connection::open(&db)?;
    let (before, after): (String, String) = conn.query_row(
        "SELECT before, after FROM audit_log WHERE entity = 'submission' AND entity_id = ?1
         AND action = 'received_on'",
        [sub],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    assert!(before.contains("2025-10-11"), "{before}");
    assert!(after.contains("2025-10-08"), "{after}");
    drop(conn);

    // Undone by setting the old day again.
    cli_ok(&db, &correction(&sub_arg, "2025-10-11"));
    assert_eq!(timeliness(&db, "2025-09")?[0].1, Some(false));
    Ok(())
}

/// Rewrites the hidden identity's period of an exported ledger (a shared string of its own).
fn retag_period(file: &Path, from: &str, to: &str) -> TestResult {
    let bytes = std::fs::read(file)?;
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(std::fs::File::create(file)?);
    let mut changed = false;
    for i in 0..src.len() {
        let mut f = src.by_index(i)?;
        let name = f.name()?.to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data)?;
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data)?;
            let needle = format!(">{from}<");
            changed = text.contains(&needle);
            data = text.replace(&needle, &format!(">{to}<")).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())?;
        out.write_all(&data)?;
    }
    out.finish()?;
    assert!(changed, "the identity's period was not found");
    Ok(())
}

#[test]
fn hidden_july_under_an_august_name_and_header_is_refused_until_the_clerk_decides() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let file = returned(&db, dir.path(), "县财政局", "2025-08")?;
    retag_period(&file, "2025-08", "2025-07")?;
    touch(&file, day(2025, 9, 3)?)?;
    let before = dump(&db)?;

    let err = refused(&db, &import(&file, &["--today", "2025-09-10"]));
    assert!(
        err.contains(
            "报送期次前后不一致：隐藏标识为2025年7月，表内“报送期次”为2025年8月，文件名为2025年8月"
        ),
        "{err}"
    );
    assert!(err.contains("--period"), "{err}");
    assert_eq!(dump(&db)?, before, "a conflicting file was imported");

    // The preview shows all three values.
    let out = cli(
        &db,
        &import(&file, &["--dry-run", "--json", "--today", "2025-09-10"]),
    );
    assert!(!out.status.success());
    let preview = json(&String::from_utf8_lossy(&out.stdout))?;
    let conflict = &preview["files"][0]["identity_conflict"]["period"];
    assert_eq!(conflict["identity"], "2025-07");
    assert_eq!(conflict["form"], "2025-08");
    assert_eq!(conflict["file_name"], "2025-08");

    // The clerk decides: August.
    let text = cli_ok(
        &db,
        &import(&file, &["--period", "2025-08", "--today", "2025-09-10"]),
    );
    assert!(
        text.contains("的隐藏标识写的报送期次是 2025年7月，已按所选的 2025年8月 导入"),
        "{text}"
    );
    assert_eq!(
        timeliness(&db, "2025-08")?,
        only("县财政局", true, "2025-09-03")
    );
    assert!(timeliness(&db, "2025-07")?.is_empty());
    Ok(())
}

#[test]
fn a_file_named_for_another_unit_is_refused_until_the_clerk_decides() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let made = returned(&db, dir.path(), "县财政局", "2025-09")?;
    let file = dir.path().join("县教育局_2025年09月_工作台账.xlsx");
    std::fs::rename(&made, &file)?;
    let before = dump(&db)?;
    let err = refused(&db, &import(&file, &["--today", "2025-10-12"]));
    assert!(
        err.contains("填报单位前后不一致：隐藏标识为“县财政局”，表内“填报单位”为“县财政局”，文件名为“县教育局”"),
        "{err}"
    );
    assert_eq!(dump(&db)?, before);
    cli_ok(
        &db,
        &import(&file, &["--unit", "县财政局", "--today", "2025-10-12"]),
    );
    let status = timeliness(&db, "2025-09")?;
    assert_eq!(status.len(), 1);
    assert_eq!(status[0].0, "县财政局");
    Ok(())
}

#[test]
fn a_report_sent_before_its_period_opens_keeps_its_day_when_imported_early() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    // September's report opens on 1 October; the department sent it on 28 September and the
    // clerk imports it on the 29th.
    let file = arrived(&db, dir.path(), "县财政局", "2025-09", day(2025, 9, 28)?)?;
    let done = json(&cli_ok(
        &db,
        &import(&file, &["--today", "2025-09-29", "--json"]),
    ))?;
    assert_eq!(done["files"][0]["received_on"], "2025-09-28");
    assert_eq!(done["files"][0]["received_source"], "file_time");
    assert_eq!(timeliness(&db, "2025-09")?[0].1, Some(true));

    // Imported after the opening day, a file time before it counts from the opening day.
    let early = arrived(&db, dir.path(), "县人社局", "2025-09", day(2025, 9, 26)?)?;
    let text = cli_ok(&db, &import(&early, &["--today", "2025-10-06"]));
    assert!(
        text.contains("收到日期 2025年10月1日（文件时间）"),
        "{text}"
    );
    assert!(text.contains("早于2025年9月报送的开始日期"), "{text}");
    Ok(())
}
