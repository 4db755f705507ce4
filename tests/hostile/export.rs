//! Hostile inputs: export. An export never writes over a file it did not write — above all a
//! ledger a department filled in and sent back, not imported yet — but beside it as
//! `…（2）.xlsx`, and says so; names too long for the file system are shortened; a failed
//! export leaves no file behind.

#[allow(unused_imports)]
use crate::harness::*;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const SEPT: &str = "2025-09";
const LEDGER: &str = "县司法局_2025年09月_工作台账.xlsx";

fn sample() -> Res<(tempfile::TempDir, PathBuf, PathBuf)> {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let out = dir.path().join("台账");
    std::fs::create_dir(&out)?;
    Ok((dir, db, out))
}

fn export_ledgers(db: &Path, out: &Path, extra: &[&str]) -> Res<serde_json::Value> {
    let mut args = vec![
        "ledger",
        "export",
        "--period",
        SEPT,
        "--out",
        arg(out),
        "--json",
    ];
    args.extend_from_slice(extra);
    Ok(serde_json::from_str(&cli_ok(db, &args))?)
}

/// The exported file of `unit` in a `ledger export --json` answer.
fn file_of(answer: &serde_json::Value, unit: &str) -> Res<PathBuf> {
    let f = answer
        .as_array()
        .and_then(|a| a.iter().find(|f| f["unit"] == unit))
        .and_then(|f| f["file"].as_str())
        .ok_or_else(|| format!("no file of {unit} in {answer}"))?;
    Ok(PathBuf::from(f))
}

/// What Excel does to a ledger the department fills in and saves: a progress text in the
/// sheet, and the core properties saying who saved it and when.
fn fill_as_a_department(path: &Path) -> Res<()> {
    let bytes = std::fs::read(path)?;
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut out = Vec::new();
    {
        let mut zout = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
        for i in 0..zin.len() {
            let mut f = zin.by_index(i)?;
            let name = f.name()?.into_owned();
            let mut data = Vec::new();
            f.read_to_end(&mut data)?;
            if name == "docProps/core.xml" {
                let text = String::from_utf8(data)?;
                let start = text
                    .find("<cp:lastModifiedBy>")
                    .ok_or("no lastModifiedBy")?;
                let end = text
                    .find("</cp:lastModifiedBy>")
                    .ok_or("no lastModifiedBy")?;
                let mut text = format!(
                    "{}<cp:lastModifiedBy>林小燕{}",
                    &text[..start],
                    &text[end..]
                );
                let m = text.find("<dcterms:modified").ok_or("no modified")?;
                let m = m + text[m..].find('>').ok_or("no >")? + 1;
                text.replace_range(m..m + 20, "2025-10-03T09:30:00Z");
                data = text.into_bytes();
            }
            zout.start_file(name, zip::write::SimpleFileOptions::default())?;
            zout.write_all(&data)?;
        }
        zout.finish()?;
    }
    std::fs::write(path, out)?;
    Ok(())
}

#[test]
fn ledger_export_keeps_a_returned_ledger_of_the_same_name_and_writes_beside_it() -> TestResult {
    let (_d, db, out) = sample()?;
    export_ledgers(&db, &out, &["--unit", "县司法局"])?;
    let returned = out.join(LEDGER);
    fill_as_a_department(&returned)?;
    let before = std::fs::read(&returned)?;
    let answer = export_ledgers(&db, &out, &[])?;
    assert_eq!(
        std::fs::read(&returned)?,
        before,
        "the returned ledger was changed"
    );
    let new = file_of(&answer, "县司法局")?;
    assert_eq!(new, out.join("县司法局_2025年09月_工作台账（2）.xlsx"));
    assert!(new.is_file());
    let kept = answer
        .as_array()
        .and_then(|a| a.iter().find(|f| f["unit"] == "县司法局"))
        .map(|f| f["kept_existing"].clone())
        .unwrap_or_default();
    assert_eq!(kept.as_str(), returned.to_str());
    Ok(())
}

#[test]
fn ledger_export_with_replace_still_keeps_a_returned_ledger() -> TestResult {
    let (_d, db, out) = sample()?;
    export_ledgers(&db, &out, &["--unit", "县司法局"])?;
    let returned = out.join(LEDGER);
    fill_as_a_department(&returned)?;
    let before = std::fs::read(&returned)?;
    let answer = export_ledgers(&db, &out, &["--unit", "县司法局", "--replace"])?;
    assert_eq!(
        std::fs::read(&returned)?,
        before,
        "--replace destroyed a returned ledger"
    );
    assert_eq!(
        file_of(&answer, "县司法局")?,
        out.join("县司法局_2025年09月_工作台账（2）.xlsx")
    );
    Ok(())
}

#[test]
fn ledger_export_with_replace_replaces_only_its_own_unchanged_files() -> TestResult {
    let (_d, db, out) = sample()?;
    export_ledgers(&db, &out, &[])?;
    let first = files_in(&out)?;
    let answer = export_ledgers(&db, &out, &["--replace"])?;
    assert_eq!(
        files_in(&out)?,
        first,
        "a second export with --replace added files"
    );
    assert_eq!(file_of(&answer, "县司法局")?, out.join(LEDGER));
    Ok(())
}

#[test]
fn ledger_export_twice_numbers_the_second_set_and_reports_its_names() -> TestResult {
    let (_d, db, out) = sample()?;
    export_ledgers(&db, &out, &[])?;
    let n = files_in(&out)?.len();
    let text = cli_ok(
        &db,
        &["ledger", "export", "--period", SEPT, "--out", arg(&out)],
    );
    assert!(
        text.contains("县司法局_2025年09月_工作台账（2）.xlsx"),
        "{text}"
    );
    assert!(text.contains("未覆盖"), "{text}");
    assert_eq!(files_in(&out)?.len(), 2 * n);
    Ok(())
}

#[test]
fn a_file_of_the_clerk_with_a_ledger_name_is_never_overwritten() -> TestResult {
    let (_d, db, out) = sample()?;
    let mine = out.join(LEDGER);
    std::fs::write(&mine, "我自己的笔记")?;
    export_ledgers(&db, &out, &["--replace"])?;
    assert_eq!(std::fs::read_to_string(&mine)?, "我自己的笔记");
    Ok(())
}

#[test]
fn task_export_over_an_existing_file_keeps_it() -> TestResult {
    let (_d, db, out) = sample()?;
    let target = out.join("重点任务清单.xlsx");
    std::fs::write(&target, "别人的文件")?;
    let answer: serde_json::Value = serde_json::from_str(&cli_ok(
        &db,
        &[
            "task",
            "export",
            "--out",
            arg(&target),
            "--replace",
            "--json",
        ],
    ))?;
    assert_eq!(std::fs::read_to_string(&target)?, "别人的文件");
    assert_eq!(
        answer["file"].as_str(),
        out.join("重点任务清单（2）.xlsx").to_str()
    );
    assert_eq!(answer["kept_existing"].as_str(), target.to_str());
    Ok(())
}

#[test]
fn group_export_over_an_existing_file_keeps_it_and_says_where_it_wrote() -> TestResult {
    let (_d, db, out) = sample()?;
    let target = out.join("名单.xlsx");
    std::fs::write(&target, "旧名单")?;
    let text = cli_ok(
        &db,
        &[
            "group",
            "export",
            "--on",
            "2025-08-01",
            "--out",
            arg(&target),
        ],
    );
    assert_eq!(std::fs::read_to_string(&target)?, "旧名单");
    assert!(
        text.contains("名单（2）.xlsx") && text.contains("未覆盖"),
        "{text}"
    );
    assert!(out.join("名单（2）.xlsx").is_file());
    Ok(())
}

#[test]
fn report_exports_over_existing_files_keep_them() -> TestResult {
    let (_d, db, out) = sample()?;
    for kind in ["summary", "stats", "circular"] {
        let target = out.join(format!("{kind}.xlsx"));
        std::fs::write(&target, "上次的报表")?;
        let answer: serde_json::Value = serde_json::from_str(&cli_ok(
            &db,
            &[
                "report",
                kind,
                "--period",
                SEPT,
                "--today",
                "2025-10-12",
                "--out",
                arg(&target),
                "--json",
            ],
        ))?;
        assert_eq!(std::fs::read_to_string(&target)?, "上次的报表");
        let written = out.join(format!("{kind}（2）.xlsx"));
        assert_eq!(answer["file"].as_str(), written.to_str(), "{kind}");
        assert!(written.is_file(), "{kind}");
    }
    Ok(())
}

#[test]
fn an_export_target_that_is_a_folder_is_refused() -> TestResult {
    let (_d, db, out) = sample()?;
    let folder = out.join("清单.xlsx");
    std::fs::create_dir(&folder)?;
    refused(&db, &["task", "export", "--out", arg(&folder)], "文件夹")?;
    refused(
        &db,
        &["report", "summary", "--period", SEPT, "--out", arg(&folder)],
        "文件夹",
    )?;
    assert!(files_in(&folder)?.is_empty());
    Ok(())
}

#[test]
fn a_ledger_folder_that_is_a_file_is_refused() -> TestResult {
    let (_d, db, out) = sample()?;
    let file = out.join("台账文件夹");
    std::fs::write(&file, "x")?;
    refused(
        &db,
        &["ledger", "export", "--period", SEPT, "--out", arg(&file)],
        "不是文件夹",
    )?;
    Ok(())
}

/// Makes `dir` unwritable even for root (chmod, else `chattr +i`); undone when dropped.
struct ReadOnly(PathBuf, bool);

impl ReadOnly {
    fn new(dir: &Path) -> Res<Option<ReadOnly>> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555))?;
        let probe = dir.join(".probe");
        if std::fs::write(&probe, b"x").is_err() {
            return Ok(Some(ReadOnly(dir.to_path_buf(), false)));
        }
        std::fs::remove_file(&probe)?;
        let ok = Command::new("chattr")
            .arg("+i")
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        Ok(ok.then(|| ReadOnly(dir.to_path_buf(), true)))
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.1 {
            let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
        }
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn export_into_a_read_only_folder_is_refused_and_leaves_nothing() -> TestResult {
    let (_d, db, out) = sample()?;
    let Some(_guard) = ReadOnly::new(&out)? else {
        cannot_run_here("no way to make a read-only folder here");
        return Ok(());
    };
    refused(
        &db,
        &["ledger", "export", "--period", SEPT, "--out", arg(&out)],
        "只读",
    )?;
    refused(
        &db,
        &["task", "export", "--out", arg(&out.join("清单.xlsx"))],
        "只读",
    )?;
    assert!(files_in(&out)?.is_empty(), "{:?}", files_in(&out)?);
    Ok(())
}

/// Gives task 3 the unit `name` (added first) as its lead unit.
fn unit_with_a_task(db: &Path, name: &str) {
    cli_ok(db, &["unit", "add", "--name", name]);
    cli_ok(db, &["task", "edit", "3", "--lead", name]);
}

#[test]
fn a_100_character_unit_name_gives_a_short_enough_file_and_a_whole_export() -> TestResult {
    let (_d, db, out) = sample()?;
    let name = format!("{}局", "示例县综合行政执法".repeat(11));
    assert_eq!(name.chars().count(), 100);
    unit_with_a_task(&db, &name);
    let answer = export_ledgers(&db, &out, &[])?;
    let units = answer.as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(files_in(&out)?.len(), units, "not every file was written");
    let file = file_of(&answer, &name)?;
    let file_name = file
        .file_name()
        .ok_or("no name")?
        .to_string_lossy()
        .into_owned();
    assert!(file_name.len() <= 255, "{} bytes", file_name.len());
    assert!(
        file_name.ends_with("_2025年09月_工作台账.xlsx"),
        "{file_name}"
    );
    assert!(file_name.starts_with("示例县综合行政执法"), "{file_name}");
    assert!(file.is_file());
    Ok(())
}

#[test]
fn two_long_unit_names_alike_in_their_first_80_characters_give_two_files() -> TestResult {
    let (_d, db, out) = sample()?;
    let stem = "示例县综合行政执法".repeat(10);
    let (a, b) = (format!("{stem}甲局"), format!("{stem}乙局"));
    cli_ok(&db, &["unit", "add", "--name", &a]);
    cli_ok(&db, &["unit", "add", "--name", &b]);
    cli_ok(&db, &["task", "edit", "3", "--lead", &a, "--co", &b]);
    let answer = export_ledgers(&db, &out, &[])?;
    let (fa, fb) = (file_of(&answer, &a)?, file_of(&answer, &b)?);
    assert_ne!(fa, fb);
    assert!(fa.is_file() && fb.is_file());
    Ok(())
}

#[test]
fn a_unit_name_with_forbidden_characters_gives_a_windows_safe_file_name() -> TestResult {
    let (_d, db, out) = sample()?;
    let name = "县/委\\办:公*室?\"督<查>|组\u{7}";
    // Added under a plain name (a task's unit list splits at “/”), then renamed.
    unit_with_a_task(&db, "县委督查组");
    cli_ok(&db, &["unit", "edit", "县委督查组", "--name", name]);
    let answer = export_ledgers(&db, &out, &[])?;
    let stored: serde_json::Value =
        serde_json::from_str(&cli_ok(&db, &["unit", "list", "--json"]))?;
    let unit = stored
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|u| u["name"].as_str().is_some_and(|n| n.starts_with("县/委")))
        })
        .and_then(|u| u["name"].as_str())
        .ok_or("unit not stored")?
        .to_string();
    let file = file_of(&answer, &unit)?;
    let file_name = file
        .file_name()
        .ok_or("no name")?
        .to_string_lossy()
        .into_owned();
    assert!(
        !file_name.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|', '\u{7}']),
        "{file_name}"
    );
    assert!(file.is_file());
    Ok(())
}

#[test]
fn a_unit_named_con_gets_a_file_windows_can_open() -> TestResult {
    let (_d, db, out) = sample()?;
    unit_with_a_task(&db, "CON");
    let answer = export_ledgers(&db, &out, &[])?;
    let file = file_of(&answer, "CON")?;
    let file_name = file
        .file_name()
        .ok_or("no name")?
        .to_string_lossy()
        .into_owned();
    let stem = file_name
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    assert_ne!(stem, "CON");
    assert!(file.is_file());
    Ok(())
}

#[test]
fn a_file_name_of_300_bytes_given_to_task_export_is_shortened() -> TestResult {
    let (_d, db, out) = sample()?;
    let target = out.join(format!("{}.xlsx", "清".repeat(100)));
    let answer: serde_json::Value = serde_json::from_str(&cli_ok(
        &db,
        &["task", "export", "--out", arg(&target), "--json"],
    ))?;
    let file = PathBuf::from(answer["file"].as_str().ok_or("no file")?);
    assert!(file.is_file());
    let name = file
        .file_name()
        .ok_or("no name")?
        .to_string_lossy()
        .into_owned();
    assert!(name.len() <= 255 && name.ends_with(".xlsx"), "{name}");
    Ok(())
}
