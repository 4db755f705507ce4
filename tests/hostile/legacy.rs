//! Hostile inputs: legacy plan documents (`plan import` of .doc / .wps) — junk named .doc, an
//! encrypted .doc, a .doc without text, a cut or tampered .doc, a 50 MB .doc, RTF and HTML saved
//! with a .doc name. Each gets a Chinese message saying how to save the file as .docx, and
//! nothing is written.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::harness::*;

/// A .doc that LibreOffice writes from a small fictional plan (`lines`, one paragraph each);
/// `None` (after failing under CI) when LibreOffice is missing.
fn real_doc(dir: &Path, lines: &[&str]) -> Result<Option<PathBuf>, Box<dyn std::error::Error>> {
    let text = dir.join("示例县方案.txt");
    std::fs::write(&text, lines.join("\n"))?;
    let converted = crate::common::libreoffice_convert(dir, &dir.join("doc"), &[text], "doc")?;
    match converted {
        Some(files) => Ok(files.into_iter().next()),
        None => {
            cannot_run_here("LibreOffice (soffice, with Writer) is not installed");
            Ok(None)
        }
    }
}

const PLAN: &[&str] = &[
    "示例县法治政府建设实施方案",
    "二、重点任务",
    "1. 完善行政规范性文件制定程序。牵头单位：县司法局。完成时限：2025年6月底前。",
    "2. 推进政务公开标准化建设。牵头单位：县政数局。完成时限：2025年9月底前。",
];

/// Rewrites bytes of the `WordDocument` stream of `doc` in place.
fn patch_word_document(doc: &Path, at: u64, bytes: &[u8]) -> TestResult {
    let mut file = cfb::open_rw(doc)?;
    let mut stream = file.open_stream("/WordDocument")?;
    stream.seek(SeekFrom::Start(at))?;
    stream.write_all(bytes)?;
    stream.flush()?;
    drop(stream);
    file.flush()?;
    Ok(())
}

fn read_word_document(doc: &Path) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut file = cfb::open(doc)?;
    let mut bytes = Vec::new();
    file.open_stream("/WordDocument")?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[test]
fn a_real_doc_imports_before_it_is_tampered_with() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let Some(doc) = real_doc(dir.path(), PLAN)? else {
        return Ok(());
    };
    let out = cli_ok(&db, &["plan", "import", arg(&doc), "--dry-run", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out)?;
    assert_eq!(v["counts"]["tasks"], 2, "{v:#}");
    Ok(())
}

#[test]
fn junk_named_doc_or_wps_is_refused_with_how_to_save_it() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let junk: Vec<u8> = (0..64 * 1024u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 11) as u8)
        .collect();
    for name in ["方案.doc", "方案.wps"] {
        let p = dir.path().join(name);
        std::fs::write(&p, &junk)?;
        refused(&db, &["plan", "import", arg(&p)], "另存为")?;
    }
    // The compound-file signature followed by junk.
    let ole = [&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], &junk].concat();
    let p = dir.path().join("损坏.doc");
    std::fs::write(&p, ole)?;
    let err = refused(&db, &["plan", "import", arg(&p)], "另存为")?;
    assert!(err.contains(".docx") && err.contains("无法作为"), "{err}");
    Ok(())
}

#[test]
fn encrypted_doc_is_refused_as_encrypted() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let Some(doc) = real_doc(dir.path(), PLAN)? else {
        return Ok(());
    };
    // FibBase.fEncrypted: what Word sets on a document saved with a password to open.
    let flags = u16::from_le_bytes(read_word_document(&doc)?[0x0A..0x0C].try_into()?);
    patch_word_document(&doc, 0x0A, &(flags | 0x0100).to_le_bytes())?;
    let err = refused(&db, &["plan", "import", arg(&doc)], "密码")?;
    assert!(err.contains(".docx") && !err.contains("Excel"), "{err}");
    Ok(())
}

#[test]
fn doc_without_text_is_refused_as_empty() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let Some(doc) = real_doc(dir.path(), &["", " "])? else {
        return Ok(());
    };
    refused(&db, &["plan", "import", arg(&doc)], "空的")?;
    Ok(())
}

#[test]
fn cut_or_tampered_doc_is_refused_as_broken() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let Some(doc) = real_doc(dir.path(), PLAN)? else {
        return Ok(());
    };
    let whole = std::fs::read(&doc)?;
    let cut = dir.path().join("截断.doc");
    std::fs::write(&cut, &whole[..whole.len() / 2])?;
    refused(&db, &["plan", "import", arg(&cut)], "另存为")?;

    // The piece table said to lie far outside the table stream (fcClx of the FIB).
    let far = dir.path().join("错位.doc");
    std::fs::write(&far, &whole)?;
    patch_word_document(&far, 0x1A2, &0x7FFF_0000u32.to_le_bytes())?;
    let err = refused(&db, &["plan", "import", arg(&far)], "另存为")?;
    assert!(err.contains("无法作为"), "{err}");

    Ok(())
}

#[test]
fn doc_of_50_mb_is_refused_before_it_is_read() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let big = dir.path().join("大方案.doc");
    let mut f = std::fs::File::create(&big)?;
    f.write_all(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])?;
    f.set_len(50 * 1024 * 1024)?;
    drop(f);
    refused(&db, &["plan", "import", arg(&big)], "过大")?;
    Ok(())
}

#[test]
fn rtf_or_empty_web_page_saved_as_doc_is_refused_with_how_to_save_it() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = sample_db(dir.path());
    let rtf = dir.path().join("方案.doc");
    std::fs::write(
        &rtf,
        b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl{\\f0 SimSun;}}\\f0 1. \\'cd\\'ea\\'c9\\'c6\\par}",
    )?;
    refused(&db, &["plan", "import", arg(&rtf)], ".docx")?;
    // A web page saved as .doc is read as a page; one without any text is empty.
    let html = dir.path().join("网页方案.doc");
    std::fs::write(
        &html,
        "<html><head><meta charset=\"utf-8\"><style>p {}</style></head><body> <p></p></body></html>",
    )?;
    refused(&db, &["plan", "import", arg(&html)], "空的")?;
    Ok(())
}
