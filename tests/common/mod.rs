//! Helpers shared by the integration tests: run the real CLI binary, dump a database file, read
//! a workbook's XML, print workbooks to PDF with LibreOffice and check the pages.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test and bench code: a panic is a failed run
#![allow(dead_code)]

pub mod docx;
pub mod draft;

use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;
type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Runs `taizhang --db <db> <args>` and returns its output.
pub fn cli(db: &Path, args: &[&str]) -> Output {
    run_cli(db, None, args)
}

/// Runs the CLI and insists that it succeeded; returns stdout.
pub fn cli_ok(db: &Path, args: &[&str]) -> String {
    succeeded(cli(db, args), None, args)
}

/// [`cli`] with "today" set to `today` (`YYYY-MM-DD`) through `TAIZHANG_TODAY`, as the desktop
/// app passes it.
pub fn cli_on(today: &str, db: &Path, args: &[&str]) -> Output {
    run_cli(db, Some(today), args)
}

/// [`cli_ok`] on `today` (see [`cli_on`]).
pub fn cli_ok_on(today: &str, db: &Path, args: &[&str]) -> String {
    succeeded(cli_on(today, db, args), Some(today), args)
}

fn run_cli(db: &Path, today: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taizhang"));
    cmd.arg("--db").arg(db).args(args).env_remove("TAIZHANG_DB");
    if let Some(today) = today {
        cmd.env("TAIZHANG_TODAY", today);
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run taizhang: {e}"))
}

/// The stdout of a run that must have succeeded.
fn succeeded(out: Output, today: Option<&str>, args: &[&str]) -> String {
    assert!(
        out.status.success(),
        "{}taizhang {args:?} failed: {}",
        today.map(|t| format!("{t} ")).unwrap_or_default(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs the CLI, insists that it failed with a Chinese message, and returns stderr.
pub fn cli_err(db: &Path, args: &[&str]) -> String {
    let out = cli(db, args);
    assert!(
        !out.status.success(),
        "taizhang {args:?} should have failed"
    );
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "error message is not Chinese: {err}"
    );
    err
}

/// Every row of every table, in a stable order, as text: equal dumps mean equal content.
pub fn dump(db: &Path) -> Result<String, rusqlite::Error> {
    let conn = rusqlite::Connection::open(db)?;
    let mut out = String::new();
    let tables: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    for t in tables {
        out.push_str(&format!("## {t}\n"));
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1, 2"))?;
        let n = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let mut cells = Vec::with_capacity(n);
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i)?;
                cells.push(format!("{v:?}"));
            }
            out.push_str(&cells.join("|"));
            out.push('\n');
        }
    }
    Ok(out)
}

/// A dump without the audit log: an undone import leaves the data as it was (and logs that it
/// undid it).
pub fn without_audit(dump: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for line in dump.lines() {
        if line.starts_with("## ") {
            skip = line == "## audit_log";
        }
        if !skip {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// [`dump`] without the audit log.
pub fn dump_without_audit(db: &Path) -> Result<String, rusqlite::Error> {
    Ok(without_audit(&dump(db)?))
}

/// The day the tests load the sample on: the sample is dated in the year of "today", and the
/// tests were written for the 2025 sample.
pub const SAMPLE_TODAY: &str = "2025-06-01";

/// A fresh database file loaded with the sample plan (dated 2025, see [`SAMPLE_TODAY`]).
pub fn sample_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("taizhang.db");
    cli_ok(&db, &["sample", "--today", SAMPLE_TODAY]);
    db
}

/// The names in `dir`, sorted.
pub fn files_in(dir: &Path) -> Res<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    names.sort();
    Ok(names)
}

/// Exports the departments' ledgers of `period` into the folder `out`, made if missing;
/// `extra` options (such as `--unit`) follow.
pub fn export_ledgers_into(db: &Path, out: &Path, period: &str, extra: &[&str]) -> Res<()> {
    std::fs::create_dir_all(out)?;
    let out = out.to_str().ok_or("not a UTF-8 path")?;
    let mut args = vec!["ledger", "export", "--period", period, "--out", out];
    args.extend_from_slice(extra);
    cli_ok(db, &args);
    Ok(())
}

/// The `.xml` parts of a workbook (or any zip) by name.
pub fn xml_parts(path: &Path) -> Res<HashMap<String, String>> {
    let mut xml = HashMap::new();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path)?)?;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i)?;
        let name = f.name()?.into_owned();
        if name.ends_with(".xml") {
            let mut s = String::new();
            f.read_to_string(&mut s)?;
            xml.insert(name, s);
        }
    }
    Ok(xml)
}

/// Runs a tool the print checks need; a missing tool fails the test with how to install it.
pub fn run_tool(program: &str, args: &[&OsStr]) -> Res<String> {
    let out = Command::new(program).args(args).output().map_err(|e| {
        format!(
            "{program} is needed for the print checks ({e}); install LibreOffice and \
             poppler-utils (scripts/setup.sh does)"
        )
    })?;
    if !out.status.success() {
        return Err(format!("{program} failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The text without whitespace (pdftotext spaces CJK text as it likes).
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Prints `files` to PDF with LibreOffice (a private profile under `scratch`, the PDFs in
/// `scratch/pdf`) and returns each file's PDF, in order.
pub fn to_pdf(scratch: &Path, files: &[PathBuf]) -> Res<Vec<PathBuf>> {
    libreoffice_convert(scratch, &scratch.join("pdf"), files, "pdf")?.ok_or_else(|| {
        "soffice is needed for the print checks; install LibreOffice and poppler-utils \
         (scripts/setup.sh does)"
            .into()
    })
}

/// Converts `files` to `format` (`pdf`, `docx`, `doc`, `xls`…) with LibreOffice, with a private
/// profile under `scratch`, into `out_dir`; returns each converted file, in order. `.txt` files
/// are read as UTF-8 text documents. `None` when LibreOffice is not installed (the caller says
/// [`cannot_run_here`]); an error when it ran but did not write a file.
pub fn libreoffice_convert(
    scratch: &Path,
    out_dir: &Path,
    files: &[PathBuf],
    format: &str,
) -> Res<Option<Vec<PathBuf>>> {
    std::fs::create_dir_all(out_dir)?;
    let profile = format!(
        "-env:UserInstallation=file://{}/lo-profile",
        scratch.display()
    );
    let text = files
        .iter()
        .any(|f| f.extension().is_some_and(|e| e == "txt"));
    let mut command = Command::new("soffice");
    command.arg(profile).arg("--headless");
    if text {
        command.arg("--infilter=Text (encoded):UTF8,LF,,,");
    }
    command
        .arg("--convert-to")
        .arg(format)
        .arg("--outdir")
        .arg(out_dir)
        .args(files);
    let out = match command.output() {
        Ok(out) => out,
        Err(_) => return Ok(None),
    };
    if !out.status.success() {
        return Err(format!("soffice failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let ext = format.split(':').next().unwrap_or(format);
    files
        .iter()
        .map(|f| {
            let stem = f.file_stem().ok_or("stem")?.to_string_lossy().into_owned();
            let converted = out_dir.join(format!("{stem}.{ext}"));
            if converted.exists() {
                Ok(converted)
            } else {
                Err(format!(
                    "LibreOffice wrote no .{ext} of {stem} (a .doc/.docx needs \
                     libreoffice-writer, which scripts/setup.sh installs)"
                )
                .into())
            }
        })
        .collect::<Res<Vec<_>>>()
        .map(Some)
}

/// Checks that every page of `pdf` is A4 landscape; returns the page count.
pub fn a4_landscape_pages(pdf: &Path) -> Res<u32> {
    let info = run_tool("pdfinfo", &[pdf.as_os_str()])?;
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
        .ok_or("no page count")?;
    assert!(pages >= 1, "{}: no page", pdf.display());
    let last = pages.to_string();
    let sizes = run_tool(
        "pdfinfo",
        &[
            "-f".as_ref(),
            "1".as_ref(),
            "-l".as_ref(),
            last.as_ref(),
            pdf.as_os_str(),
        ],
    )?;
    let page_sizes: Vec<&str> = sizes
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .collect();
    assert_eq!(page_sizes.len() as u32, pages, "{}", pdf.display());
    for l in page_sizes {
        assert!(
            l.contains("841.89 x 595.") && l.contains("(A4)"),
            "{}: not A4 landscape: {l}",
            pdf.display()
        );
    }
    Ok(pages)
}

/// The text of page `page` of `pdf` (all pages with `None`), without whitespace.
pub fn pdf_text(pdf: &Path, page: Option<u32>) -> Res<String> {
    let text = match page {
        None => run_tool("pdftotext", &[pdf.as_os_str(), "-".as_ref()])?,
        Some(n) => {
            let n = n.to_string();
            run_tool(
                "pdftotext",
                &[
                    "-f".as_ref(),
                    n.as_ref(),
                    "-l".as_ref(),
                    n.as_ref(),
                    pdf.as_os_str(),
                    "-".as_ref(),
                ],
            )?
        }
    };
    Ok(squeeze(&text))
}

/// The units assigned to some task (groups such as 各乡镇人民政府 left out), by id.
pub fn reporting_units(db: &taizhang::Db) -> Res<Vec<(i64, String)>> {
    let mut stmt = db.conn().prepare(
        "SELECT DISTINCT u.id, u.name FROM unit u JOIN assignment a ON a.unit_id = u.id
         WHERE u.kind <> 'group' ORDER BY u.id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A test that cannot run on this machine (a tool or `../shared` missing, no mount namespace,
/// no way to drop root's file capabilities): under CI, which installs and has all of them, that
/// fails the test; elsewhere it says so and the test returns.
pub fn cannot_run_here(why: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must be able to run this test, but: {why}"
    );
    eprintln!("not run on this machine: {why}");
}

/// A .docx whose body is `body` (WordprocessingML paragraphs and tables), with `numbering` as its
/// word/numbering.xml when given.
pub fn docx(body: &str, numbering: Option<&str>) -> Res<Vec<u8>> {
    use std::io::Write;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("[Content_Types].xml", options)?;
    zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)?;
    zip.start_file("word/document.xml", options)?;
    zip.write_all(document.as_bytes())?;
    if let Some(numbering) = numbering {
        zip.start_file("word/numbering.xml", options)?;
        zip.write_all(numbering.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The schema migrations up to version 15, as the programs of those versions shipped them.
const EARLIER_MIGRATIONS: &[&str] = &[
    include_str!("../../src/store/0001_init.sql"),
    include_str!("../../src/store/0002_progress.sql"),
    include_str!("../../src/store/0003_remind.sql"),
    include_str!("../../src/store/0004_plan_import.sql"),
    include_str!("../../src/store/0005_import_batch.sql"),
    include_str!("../../src/store/0006_ledger_import.sql"),
    include_str!("../../src/store/0007_import_checks.sql"),
    include_str!("../../src/store/0008_kept_rows.sql"),
    include_str!("../../src/store/0009_replaced_by_index.sql"),
    include_str!("../../src/store/0010_received_on.sql"),
    include_str!("../../src/store/0011_ids_never_reused.sql"),
    include_str!("../../src/store/0012_board_moved_on.sql"),
    include_str!("../../src/store/0013_member_note.sql"),
    include_str!("../../src/store/0014_status_set.sql"),
    include_str!("../../src/store/0015_status_words.sql"),
];

/// An empty database file at schema `version` (at most 15), as the program of that version
/// wrote it; the program migrates it when it next opens it.
pub fn old_database(path: &Path, version: usize) -> Res<rusqlite::Connection> {
    let migrations = EARLIER_MIGRATIONS
        .get(..version)
        .ok_or("no such earlier schema version")?;
    let conn = rusqlite::Connection::open(path)?;
    for sql in migrations {
        conn.execute_batch(sql)?;
    }
    conn.pragma_update(None, "user_version", version as i64)?;
    conn.pragma_update(None, "application_id", 0x545A_545A)?;
    Ok(conn)
}
