//! Hostile inputs: folders and paths given to the imports — links back to ancestors, deep and
//! huge folders, FIFOs, devices, sockets, folders named like files — and the exit codes a
//! script relies on (0 done, 1 refused, 2 wrong command line, 3 partly done).
//!
//! Every case that could hang runs the CLI with a time limit and kills it, so that a
//! regression fails instead of stopping the suite.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::*;

#[path = "../ledger_fixtures/mod.rs"]
mod ledger_fixtures;

use ledger_fixtures::{fill, ledger, write, Layout};

use taizhang::ledger::import::{MAX_FOLDER_DEPTH, MAX_FOLDER_ENTRIES, MAX_FOLDER_WORKBOOKS};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Longer than any of these commands takes on a slow runner, far shorter than a hang.
const LIMIT: Duration = Duration::from_secs(60);

/// What a command did.
struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Ran {
    fn json(&self) -> Res<serde_json::Value> {
        Ok(serde_json::from_str(&self.stdout)?)
    }

    /// The `files` of `ledger import --json`.
    fn files(&self) -> Res<Vec<serde_json::Value>> {
        Ok(self.json()?["files"]
            .as_array()
            .ok_or("no files in the JSON")?
            .clone())
    }

    fn said(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

/// Runs `taizhang --db <db> <args>`, killing it (and failing the test) after [`LIMIT`].
fn run(db: &Path, args: &[&str]) -> Res<Ran> {
    let scratch = tempfile::tempdir()?;
    let (out, err) = (scratch.path().join("out"), scratch.path().join("err"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TAIZHANG_DB")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out)?)
        .stderr(std::fs::File::create(&err)?)
        .spawn()?;
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("taizhang {args:?} did not finish in {LIMIT:?}: it hangs").into());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |p: &Path| -> Res<String> {
        let mut s = Vec::new();
        std::fs::File::open(p)?.read_to_end(&mut s)?;
        Ok(String::from_utf8_lossy(&s).into_owned())
    };
    Ok(Ran {
        code: status.code(),
        stdout: read(&out)?,
        stderr: read(&err)?,
    })
}

fn is_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A sample database in a scratch folder, and the folder the returned files go in.
struct Desk {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Desk {
    fn new() -> Res<Desk> {
        let dir = tempfile::tempdir()?;
        let db = sample_db(dir.path());
        std::fs::create_dir(dir.path().join("收到"))?;
        Ok(Desk { dir, db })
    }

    /// A path in the folder of received files.
    fn at(&self, rel: &str) -> PathBuf {
        self.dir.path().join("收到").join(rel)
    }

    fn inbox(&self) -> PathBuf {
        self.at("")
    }

    /// A filled ledger of `unit` for 2025年9月 at `rel` (folders made as needed).
    fn ledger(&self, unit: &str, rel: &str, salt: &str) -> Res<PathBuf> {
        let p = self.at(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let l = ledger(&self.db, unit, "2025-09")?;
        write(&p, Layout::Ours, &l, &fill(&l, salt))?;
        Ok(p)
    }

    /// `ledger import --json <paths>`, timed, with the database dumped before and after.
    fn import(&self, paths: &[&Path], extra: &[&str]) -> Res<(Ran, bool)> {
        let before = crate::common::dump(&self.db)?;
        let mut args = vec!["ledger", "import", "--json"];
        args.extend_from_slice(extra);
        args.extend(paths.iter().map(|p| arg(p)));
        let ran = run(&self.db, &args)?;
        let changed = before != crate::common::dump(&self.db)?;
        Ok((ran, changed))
    }
}

fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

fn mkfifo(path: &Path) -> Res<()> {
    let ok = Command::new("mkfifo").arg(path).status()?.success();
    if !ok {
        return Err(format!("mkfifo {} failed", path.display()).into());
    }
    Ok(())
}

/// A refused import: exit 1, a Chinese message containing `expect`, nothing written.
fn assert_refused(ran: &Ran, changed: bool, expect: &str) {
    assert_eq!(ran.code, Some(1), "exit code; output: {}", ran.said());
    assert!(
        ran.said().contains(expect),
        "expected “{expect}” in: {}",
        ran.said()
    );
    assert!(is_chinese(&ran.stderr), "not Chinese: {}", ran.stderr);
    assert!(!changed, "the database changed");
}

/// An import of exactly `n` files, all imported: exit 0.
fn assert_imported(ran: &Ran, n: usize) -> Res<()> {
    assert_eq!(ran.code, Some(0), "exit code; output: {}", ran.said());
    let files = ran.files()?;
    assert_eq!(files.len(), n, "files: {files:#?}");
    assert!(ran.json()?["batch"].is_i64(), "no batch: {}", ran.stdout);
    Ok(())
}

// ---- links back into the folder and above it ----

#[test]
fn symlink_loop_to_parent_folder_imports_each_file_once() -> TestResult {
    let d = Desk::new()?;
    d.ledger("县司法局", "sub/a.xlsx", "a")?;
    symlink("..", d.at("sub/up"))?;
    symlink(".", d.at("sub/here"))?;
    let (ran, _) = d.import(&[&d.inbox()], &[])?;
    assert_imported(&ran, 1)
}

#[test]
fn two_links_to_the_folder_itself_do_not_explode() -> TestResult {
    // Each level doubles the paths: 2^40 of them before the system's link limit.
    let d = Desk::new()?;
    d.ledger("县司法局", "a.xlsx", "a")?;
    symlink(".", d.at("x"))?;
    symlink(".", d.at("y"))?;
    let (ran, _) = d.import(&[&d.inbox()], &[])?;
    assert_imported(&ran, 1)
}

#[test]
fn links_between_sibling_folders_visit_each_once() -> TestResult {
    let d = Desk::new()?;
    d.ledger("县司法局", "x/a.xlsx", "a")?;
    d.ledger("县财政局", "y/b.xlsx", "b")?;
    symlink("../y", d.at("x/to-y"))?;
    symlink("../x", d.at("y/to-x"))?;
    let (ran, _) = d.import(&[&d.inbox()], &[])?;
    assert_imported(&ran, 2)
}

#[test]
fn symlink_to_filesystem_root_is_not_walked() -> TestResult {
    let d = Desk::new()?;
    d.ledger("县司法局", "a.xlsx", "a")?;
    symlink("/", d.at("root"))?;
    let (ran, _) = d.import(&[&d.inbox()], &[])?;
    assert_imported(&ran, 1)
}

#[test]
fn symlink_to_grandparent_folder_is_not_walked() -> TestResult {
    let d = Desk::new()?;
    d.ledger("县司法局", "a.xlsx", "a")?;
    // 收到/../.. is the system's temporary folder, with other tests' files in it.
    symlink("../..", d.at("tmp"))?;
    let (ran, _) = d.import(&[&d.inbox()], &[])?;
    assert_imported(&ran, 1)
}

#[test]
fn link_to_a_folder_elsewhere_is_followed() -> TestResult {
    let d = Desk::new()?;
    let elsewhere = d.dir.path().join("别处");
    std::fs::create_dir(&elsewhere)?;
    let l = ledger(&d.db, "县财政局", "2025-09")?;
    write(&elsewhere.join("b.xlsx"), Layout::Ours, &l, &fill(&l, "b"))?;
    d.ledger("县司法局", "a.xlsx", "a")?;
    symlink(&elsewhere, d.at("link"))?;
    let (ran, _) = d.import(&[&d.inbox()], &[])?;
    assert_imported(&ran, 2)
}

// ---- depth and count limits ----

/// `levels` nested folders below the inbox, with a ledger in the deepest.
fn nested(d: &Desk, levels: usize) -> Res<()> {
    let rel: Vec<String> = (0..levels).map(|i| format!("{i}")).collect();
    d.ledger("县司法局", &format!("{}/a.xlsx", rel.join("/")), "a")?;
    Ok(())
}

#[test]
fn folder_nested_deeper_than_the_limit_is_refused() -> TestResult {
    let d = Desk::new()?;
    nested(&d, MAX_FOLDER_DEPTH + 1)?;
    let (ran, changed) = d.import(&[&d.inbox()], &[])?;
    assert_refused(&ran, changed, &format!("超过 {MAX_FOLDER_DEPTH} 层"));
    Ok(())
}

#[test]
fn folder_nested_to_the_limit_is_imported() -> TestResult {
    let d = Desk::new()?;
    nested(&d, MAX_FOLDER_DEPTH)?;
    let (ran, _) = d.import(&[&d.inbox()], &[])?;
    assert_imported(&ran, 1)
}

#[test]
fn too_many_workbooks_in_a_folder_is_refused() -> TestResult {
    let d = Desk::new()?;
    d.ledger("县司法局", "a.xlsx", "a")?;
    for i in 0..MAX_FOLDER_WORKBOOKS {
        std::fs::write(d.at(&format!("空{i}.xlsx")), b"")?;
    }
    let (ran, changed) = d.import(&[&d.inbox()], &[])?;
    assert_refused(&ran, changed, &format!("超过 {MAX_FOLDER_WORKBOOKS} 个"));
    Ok(())
}

#[test]
fn too_many_entries_in_a_folder_is_refused() -> TestResult {
    let d = Desk::new()?;
    d.ledger("县司法局", "a.xlsx", "a")?;
    let junk = d.at("杂项");
    std::fs::create_dir(&junk)?;
    for i in 0..MAX_FOLDER_ENTRIES {
        std::fs::File::create(junk.join(format!("{i}.txt")))?;
    }
    let (ran, changed) = d.import(&[&d.inbox()], &[])?;
    assert_refused(&ran, changed, &format!("超过 {MAX_FOLDER_ENTRIES} 个"));
    Ok(())
}

// ---- things that are not regular files ----

#[test]
fn fifo_given_directly_is_refused_without_hanging() -> TestResult {
    let d = Desk::new()?;
    let fifo = d.at("管道.xlsx");
    mkfifo(&fifo)?;
    let (ran, changed) = d.import(&[&fifo], &[])?;
    assert_refused(&ran, changed, "而是一个管道（FIFO）");
    assert!(ran.said().contains("管道.xlsx"), "{}", ran.said());
    Ok(())
}

#[test]
fn fifo_in_a_folder_is_reported_and_the_rest_imported() -> TestResult {
    let d = Desk::new()?;
    d.ledger("县司法局", "a.xlsx", "a")?;
    mkfifo(&d.at("管道.xlsx"))?;
    let (ran, changed) = d.import(&[&d.inbox()], &[])?;
    assert_eq!(ran.code, Some(3), "partly done: {}", ran.said());
    assert!(changed, "the good file was imported");
    let files = ran.files()?;
    assert_eq!(files.len(), 2);
    let fifo = files
        .iter()
        .find(|f| f["file"].as_str().is_some_and(|s| s.ends_with("管道.xlsx")))
        .ok_or("the FIFO is not reported")?;
    assert!(fifo["errors"][0]
        .as_str()
        .unwrap_or("")
        .contains("而是一个管道"));
    Ok(())
}

#[test]
fn dev_zero_is_refused_without_reading_it() -> TestResult {
    let d = Desk::new()?;
    let (ran, changed) = d.import(&[Path::new("/dev/zero")], &[])?;
    assert_refused(&ran, changed, "而是一个设备文件");
    Ok(())
}

#[test]
fn socket_named_like_a_workbook_is_refused() -> TestResult {
    let d = Desk::new()?;
    let path = d.at("套接字.xlsx");
    let _listener = std::os::unix::net::UnixListener::bind(&path)?;
    let (ran, changed) = d.import(&[&path], &[])?;
    assert_refused(&ran, changed, "而是一个套接字");
    Ok(())
}

#[test]
fn folder_named_like_a_workbook_given_as_a_file_is_refused() -> TestResult {
    let d = Desk::new()?;
    let dir = d.at("台账.xlsx");
    std::fs::create_dir(&dir)?;
    let (ran, changed) = d.import(&[&dir], &[])?;
    assert_refused(&ran, changed, "文件夹");
    // The plan import opens it as a file: it says it is a folder.
    refused(&d.db, &["plan", "import", arg(&dir)], "文件夹")?;
    Ok(())
}

#[test]
fn folder_named_like_a_workbook_inside_a_folder_is_walked_not_opened() -> TestResult {
    let d = Desk::new()?;
    d.ledger("县司法局", "台账.xlsx/a.xlsx", "a")?;
    let (ran, _) = d.import(&[&d.inbox()], &[])?;
    assert_imported(&ran, 1)
}

#[test]
fn fifo_given_to_plan_import_is_refused() -> TestResult {
    let d = Desk::new()?;
    let fifo = d.at("方案.docx");
    mkfifo(&fifo)?;
    let before = crate::common::dump(&d.db)?;
    let ran = run(&d.db, &["plan", "import", arg(&fifo)])?;
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(ran.stderr.contains("而是一个管道"), "{}", ran.stderr);
    assert_eq!(before, crate::common::dump(&d.db)?);
    Ok(())
}

#[test]
fn fifo_given_to_group_import_is_refused() -> TestResult {
    let d = Desk::new()?;
    let fifo = d.at("名单.xlsx");
    mkfifo(&fifo)?;
    let before = crate::common::dump(&d.db)?;
    let ran = run(
        &d.db,
        &["group", "import", arg(&fifo), "--on", "2025-08-01"],
    )?;
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(ran.stderr.contains("而是一个管道"), "{}", ran.stderr);
    assert_eq!(before, crate::common::dump(&d.db)?);
    Ok(())
}

#[test]
fn fifo_given_to_calendar_import_is_refused() -> TestResult {
    let d = Desk::new()?;
    let fifo = d.at("cn-workdays.json");
    mkfifo(&fifo)?;
    let before = crate::common::dump(&d.db)?;
    let ran = run(&d.db, &["calendar", "import", arg(&fifo)])?;
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(ran.stderr.contains("而是一个管道"), "{}", ran.stderr);
    assert_eq!(before, crate::common::dump(&d.db)?);
    Ok(())
}

#[test]
fn dev_zero_given_to_calendar_import_is_refused() -> TestResult {
    let d = Desk::new()?;
    let before = crate::common::dump(&d.db)?;
    let ran = run(&d.db, &["calendar", "import", "/dev/zero"])?;
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(ran.stderr.contains("而是一个设备文件"), "{}", ran.stderr);
    assert_eq!(before, crate::common::dump(&d.db)?);
    Ok(())
}

#[test]
fn unreadable_file_is_reported_or_read() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let d = Desk::new()?;
    let p = d.ledger("县司法局", "a.xlsx", "a")?;
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000))?;
    let readable = std::fs::File::open(&p).is_ok();
    let (ran, changed) = d.import(&[&p], &[])?;
    if readable {
        // root reads any file: then it is simply a good ledger.
        assert_imported(&ran, 1)?;
    } else {
        assert_refused(&ran, changed, "无法读取");
        assert!(ran.said().contains("a.xlsx"), "{}", ran.said());
    }
    Ok(())
}

#[test]
fn broken_link_in_a_folder_is_reported() -> TestResult {
    let d = Desk::new()?;
    d.ledger("县司法局", "a.xlsx", "a")?;
    symlink("不存在.xlsx", d.at("断开的链接.xlsx"))?;
    let (ran, changed) = d.import(&[&d.inbox()], &[])?;
    assert_eq!(ran.code, Some(3), "{}", ran.said());
    assert!(changed);
    assert!(ran.said().contains("断开的链接.xlsx"), "{}", ran.said());
    Ok(())
}

#[test]
fn hidden_files_and_office_lock_files_are_ignored() -> TestResult {
    let d = Desk::new()?;
    d.ledger("县司法局", "a.xlsx", "a")?;
    std::fs::write(d.at("~$a.xlsx"), b"lock")?;
    std::fs::write(d.at(".隐藏.xlsx"), b"junk")?;
    std::fs::create_dir(d.at(".git"))?;
    std::fs::write(d.at(".git/b.xlsx"), b"junk")?;
    let (ran, _) = d.import(&[&d.inbox()], &[])?;
    assert_imported(&ran, 1)
}

// ---- the same file more than once ----

#[test]
fn same_file_given_twice_is_read_once() -> TestResult {
    let d = Desk::new()?;
    let a = d.ledger("县司法局", "a.xlsx", "a")?;
    let (ran, _) = d.import(&[&a, &a], &[])?;
    assert_imported(&ran, 1)
}

#[test]
fn folder_and_a_file_inside_it_are_read_once() -> TestResult {
    let d = Desk::new()?;
    let a = d.ledger("县司法局", "a.xlsx", "a")?;
    d.ledger("县财政局", "b.xlsx", "b")?;
    let (ran, _) = d.import(&[&a, &d.inbox()], &[])?;
    assert_imported(&ran, 2)
}

#[test]
fn same_content_twice_in_one_folder_exits_partly_done() -> TestResult {
    let d = Desk::new()?;
    let a = d.ledger("县司法局", "a.xlsx", "a")?;
    std::fs::copy(&a, d.at("a 副本.xlsx"))?;
    let (ran, changed) = d.import(&[&d.inbox()], &[])?;
    assert_eq!(ran.code, Some(3), "{}", ran.said());
    assert!(changed, "one copy is imported");
    assert!(ran.said().contains("内容完全相同"), "{}", ran.said());
    Ok(())
}

// ---- exit codes of refused and mixed batches ----

#[test]
fn already_imported_file_again_exits_nonzero() -> TestResult {
    let d = Desk::new()?;
    let a = d.ledger("县司法局", "a.xlsx", "a")?;
    let (first, _) = d.import(&[&a], &[])?;
    assert_imported(&first, 1)?;
    let (again, changed) = d.import(&[&a], &[])?;
    assert_refused(&again, changed, "导入过");
    Ok(())
}

#[test]
fn dry_run_of_an_already_imported_file_exits_nonzero() -> TestResult {
    let d = Desk::new()?;
    let a = d.ledger("县司法局", "a.xlsx", "a")?;
    assert_imported(&d.import(&[&a], &[])?.0, 1)?;
    let (again, changed) = d.import(&[&a], &["--dry-run"])?;
    assert_refused(&again, changed, "不会导入");
    Ok(())
}

#[test]
fn already_reported_unit_without_replace_exits_nonzero() -> TestResult {
    let d = Desk::new()?;
    let a = d.ledger("县司法局", "初稿.xlsx", "初稿")?;
    let b = d.ledger("县司法局", "定稿.xlsx", "定稿")?;
    cli_ok(&d.db, &["ledger", "import", arg(&a)]);
    let (kept, changed) = d.import(&[&b], &[])?;
    assert_refused(&kept, changed, "--replace");
    let (replaced, _) = d.import(&[&b], &["--replace"])?;
    assert_imported(&replaced, 1)
}

#[test]
fn mixed_folder_reports_each_file_and_exits_partly_done() -> TestResult {
    let d = Desk::new()?;
    d.ledger("县司法局", "a.xlsx", "a")?;
    std::fs::write(d.at("坏.xlsx"), "这不是 Excel 文件".as_bytes())?;
    let before = crate::common::dump(&d.db)?;
    // Text output: one line per file, then the summary on stderr.
    let ran = run(&d.db, &["ledger", "import", arg(&d.inbox())])?;
    assert_eq!(ran.code, Some(3), "{}", ran.said());
    assert!(ran.stdout.contains("✔ a.xlsx"), "{}", ran.stdout);
    assert!(ran.stdout.contains("✘ 坏.xlsx"), "{}", ran.stdout);
    assert!(ran.stderr.contains("坏.xlsx") && ran.stderr.contains("已导入"));
    assert_ne!(
        before,
        crate::common::dump(&d.db)?,
        "the good file was imported"
    );
    Ok(())
}

#[test]
fn folder_of_only_bad_files_exits_one_and_writes_nothing() -> TestResult {
    let d = Desk::new()?;
    std::fs::write(d.at("坏1.xlsx"), b"junk")?;
    std::fs::write(d.at("坏2.xls"), b"")?;
    let (ran, changed) = d.import(&[&d.inbox()], &[])?;
    assert_refused(&ran, changed, "2 个文件未能导入");
    assert_eq!(ran.files()?.len(), 2);
    Ok(())
}

// ---- the command line itself ----

/// A wrong command line: exit 2, a Chinese message containing `expect`, no English from clap.
fn usage_error(args: &[&str], expect: &str) -> TestResult {
    let d = tempfile::tempdir()?;
    let out = cli(&d.path().join("x.db"), args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(expect), "expected “{expect}” in: {stderr}");
    for english in [
        "error:",
        "invalid value",
        "unexpected argument",
        "Usage:",
        "tip:",
    ] {
        assert!(!stderr.contains(english), "English in: {stderr}");
    }
    Ok(())
}

#[test]
fn task_edit_with_a_word_for_an_id_is_a_chinese_usage_error() -> TestResult {
    usage_error(&["task", "edit", "abc"], "应为整数")
}

#[test]
fn unknown_command_is_a_chinese_usage_error() -> TestResult {
    usage_error(&["task", "lis"], "是不是要用“list”")
}

#[test]
fn unknown_option_is_a_chinese_usage_error() -> TestResult {
    usage_error(&["task", "list", "--bogus"], "不认识的参数“--bogus”")
}

#[test]
fn missing_file_argument_is_a_chinese_usage_error() -> TestResult {
    usage_error(&["ledger", "import"], "缺少必填的参数")
}

#[test]
fn option_given_twice_is_a_chinese_usage_error() -> TestResult {
    usage_error(
        &[
            "task",
            "edit",
            "1",
            "--status",
            "已完成",
            "--status",
            "推进中",
        ],
        "只能写一次",
    )
}

#[test]
fn help_is_chinese_and_exits_zero() -> TestResult {
    let d = tempfile::tempdir()?;
    let ran = run(&d.path().join("x.db"), &["ledger", "import", "--help"])?;
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert!(ran.stdout.contains("用法：") && ran.stdout.contains("显示帮助"));
    assert!(!ran.stdout.contains("Usage:") && !ran.stdout.contains("Print help"));
    Ok(())
}
