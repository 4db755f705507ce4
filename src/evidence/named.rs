//! 佐证材料 named in a returned ledger: a 佐证材料 column lists file names (several separated by
//! 、，; or new lines) that the department sent in the same folder as the ledger. The preview
//! finds them ([`find`]); the import copies them into the evidence folder before its
//! transaction ([`Prepared`]), attaches them to the rows' tasks inside it ([`attach_rows`]) and
//! its undo takes them off again ([`undo_import`]).
//!
//! A name is only ever looked up inside the ledger's own folder: a name with a folder part
//! (`..\x.pdf`, `/etc/passwd`, `C:x.pdf`), a Windows device name (`CON.pdf`) or a link is
//! never followed, and is shown as not found with the reason.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::{discard, store_file, Attach, EvidenceError, Stored, MAX_EVIDENCE_BYTES};
use crate::backup::evidence_folder;
use crate::limits::MAX_TITLE_CHARS;
use crate::period::Period;

/// The column's header as the exported ledger writes it.
pub const HEADER: &str = "佐证材料";

/// What the exported ledger's notice says about the files.
pub const NOTICE: &str = "佐证材料请与本表放在同一文件夹报送，并在“佐证材料”栏填写文件名。";

/// Whether a ledger column of header `header` lists evidence files (佐证材料, 佐证材料名称,
/// 佐证材料（文件名）…).
pub fn is_header(header: &str) -> bool {
    let key: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    key.starts_with("佐证") || key.starts_with("证明材料")
}

/// The file names of a 佐证材料 cell, each once, in order.
pub fn split_names(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in cell.split(['、', '，', ',', '；', ';', '\n', '\r']) {
        let name = part
            .trim()
            .trim_matches(|c: char| c.is_whitespace() || "“”\"'《》".contains(c));
        if !name.is_empty() && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// A file named in a row's 佐证材料 cell, and whether it was found beside the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct NamedFile {
    /// The name as written.
    pub name: String,
    /// The file found in the ledger's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    #[serde(default)]
    pub size: u64,
    /// Why it was not taken (未找到…), empty when found.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl NamedFile {
    pub fn found(&self) -> bool {
        self.path.is_some()
    }
}

/// Why `name` is not looked up at all: a folder part, a device name, control characters.
fn unusable(name: &str) -> Option<&'static str> {
    if name.chars().count() > MAX_TITLE_CHARS {
        return Some("文件名过长");
    }
    if name.contains(['/', '\\', ':']) || name == "." || name == ".." {
        return Some("只能填写文件名，不能包含文件夹或盘符");
    }
    if name.chars().any(char::is_control) {
        return Some("文件名含有控制字符");
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    let device = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit());
    device.then_some("这是 Windows 设备名，不是文件名")
}

/// The regular files directly in `folder`: (name, size). Links and folders are left out.
fn listing(folder: &Path) -> Vec<(String, u64)> {
    let Ok(rd) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    rd.filter_map(Result::ok)
        .filter_map(|e| {
            // `file_type` does not follow links: a link is never taken
            let ft = e.file_type().ok()?;
            if !ft.is_file() {
                return None;
            }
            let size = e.metadata().ok()?.len();
            Some((e.file_name().to_string_lossy().into_owned(), size))
        })
        .collect()
}

/// The folders' listings, read once each.
#[derive(Default)]
pub struct Folders(HashMap<PathBuf, Vec<(String, u64)>>);

impl Folders {
    /// Looks up `names` among the files directly in `folder`: the exact name, else the same
    /// name in other letter case, else the one file whose name without extension is `name`
    /// (a department often writes 会议纪要 for 会议纪要.pdf).
    pub fn find(&mut self, folder: &Path, names: &[String]) -> Vec<NamedFile> {
        let files = self
            .0
            .entry(folder.to_path_buf())
            .or_insert_with(|| listing(folder));
        names
            .iter()
            .map(|name| {
                let mut named = NamedFile {
                    name: name.clone(),
                    path: None,
                    size: 0,
                    note: String::new(),
                };
                if let Some(why) = unusable(name) {
                    named.note = format!("未找到：{why}");
                    return named;
                }
                let lower = name.to_lowercase();
                let stem_of = |n: &str| match n.rfind('.') {
                    Some(i) if i > 0 => n[..i].to_lowercase(),
                    _ => n.to_lowercase(),
                };
                let by_stem: Vec<&(String, u64)> =
                    files.iter().filter(|(n, _)| stem_of(n) == lower).collect();
                let hit = files
                    .iter()
                    .find(|(n, _)| n == name)
                    .or_else(|| files.iter().find(|(n, _)| n.to_lowercase() == lower))
                    .or_else(|| (by_stem.len() == 1).then(|| by_stem[0]));
                match hit {
                    Some((n, size)) if *size <= MAX_EVIDENCE_BYTES => {
                        named.path = Some(folder.join(n));
                        named.size = *size;
                    }
                    Some(_) => {
                        named.note = "未添加：文件超过 500 MB".to_string();
                    }
                    None if by_stem.len() > 1 => {
                        named.note = "未找到：同名文件有多个，请写明扩展名".to_string();
                    }
                    None => named.note = "未找到：台账所在文件夹中没有这个文件".to_string(),
                }
                named
            })
            .collect()
    }
}

/// The named files of an import, copied into the evidence folder before its transaction.
#[derive(Default)]
pub struct Prepared {
    stored: HashMap<PathBuf, Stored>,
}

impl Prepared {
    /// Copies the found files of `named` — (the ledger file, a file named in it) — into the
    /// evidence folder beside `db_path`. A path that is not directly in its ledger's folder
    /// (a preview altered on its way back) is never read. Nothing to copy needs no folder.
    pub fn copy<'a>(
        db_path: Option<&Path>,
        named: impl IntoIterator<Item = (&'a Path, &'a NamedFile)>,
    ) -> Result<Prepared, EvidenceError> {
        let mut prepared = Prepared::default();
        for (ledger, n) in named {
            let Some(path) = n.path.as_ref().filter(|p| beside(ledger, p)) else {
                continue;
            };
            if prepared.stored.contains_key(path) {
                continue;
            }
            let stored = db_path
                .ok_or(EvidenceError::NoFolder)
                .and_then(|db| store_file(&evidence_folder(db), path));
            match stored {
                Ok(st) => {
                    prepared.stored.insert(path.clone(), st);
                }
                Err(e) => {
                    prepared.discard();
                    return Err(e);
                }
            }
        }
        Ok(prepared)
    }

    /// Removes the files this import copied in (its transaction did not commit).
    pub fn discard(self) {
        let stored: Vec<Stored> = self.stored.into_values().collect();
        discard(&stored);
    }

    /// After the import committed: removes the files it copied in that no row took (files the
    /// clerk skipped).
    pub fn settle(self, conn: &Connection, db_path: Option<&Path>) -> Result<(), EvidenceError> {
        let created: Vec<String> = self
            .stored
            .into_values()
            .filter(|s| s.created.is_some())
            .map(|s| s.hash)
            .collect();
        remove_unused_files(conn, db_path, &created)
    }
}

/// Whether `path` is a plain file name directly in the folder of `ledger`.
fn beside(ledger: &Path, path: &Path) -> bool {
    let name_ok = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|n| unusable(&n).is_none());
    name_ok && path.parent() == ledger.parent()
}

/// Attaches the found files of `named` to `task_id` for `unit_id` and `period` as part of
/// ledger import `batch_id`, inside its transaction; the number newly attached. A file of the
/// same content already attached to the task for the unit and period stays as it was.
#[allow(clippy::too_many_arguments)]
pub fn attach_rows(
    conn: &Connection,
    prepared: &Prepared,
    batch_id: i64,
    task_id: i64,
    unit_id: i64,
    period: Period,
    named: &[NamedFile],
    today: NaiveDate,
) -> Result<usize, EvidenceError> {
    let items: Vec<Attach> = named
        .iter()
        .filter_map(|n| {
            let st = prepared.stored.get(n.path.as_ref()?)?;
            let file_name = n
                .path
                .as_ref()
                .and_then(|p| p.file_name())
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_else(|| n.name.clone());
            Some(Attach {
                task_id,
                unit_id,
                period,
                file_name,
                hash: st.hash.clone(),
                size: st.size,
            })
        })
        .collect();
    let done = super::attach(conn, &items, today)?;
    let mut new = 0;
    for (id, is_new) in done {
        if is_new {
            conn.execute(
                "UPDATE evidence SET ledger_import_id = ?1 WHERE id = ?2",
                params![batch_id, id],
            )?;
            new += 1;
        }
    }
    Ok(new)
}

/// The contents attached by ledger import `batch_id` (its undo removes the rows with the batch,
/// then the files no attachment uses, [`remove_unused_files`]).
pub fn hashes_of_import(conn: &Connection, batch_id: i64) -> Result<Vec<String>, EvidenceError> {
    let mut stmt =
        conn.prepare("SELECT DISTINCT hash FROM evidence WHERE ledger_import_id = ?1")?;
    let hashes = stmt
        .query_map([batch_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(hashes)
}

/// Removes the stored files of `hashes` that no attachment (live or in the 回收站) uses any
/// more. A file that cannot be removed only takes room.
pub fn remove_unused_files(
    conn: &Connection,
    db_path: Option<&Path>,
    hashes: &[String],
) -> Result<(), EvidenceError> {
    let Some(db_path) = db_path else {
        return Ok(());
    };
    for h in hashes {
        let used: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM evidence WHERE hash = ?1)",
            [h],
            |r| r.get(0),
        )?;
        if !used {
            let _ = std::fs::remove_file(super::stored_path(db_path, h));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_split_on_the_separators_departments_use() {
        assert_eq!(
            split_names("会议纪要.pdf、照片1.jpg，照片2.jpg;方案.docx\n 通知.pdf ；会议纪要.pdf"),
            vec![
                "会议纪要.pdf",
                "照片1.jpg",
                "照片2.jpg",
                "方案.docx",
                "通知.pdf"
            ]
        );
        assert_eq!(split_names("“会议纪要.pdf”"), vec!["会议纪要.pdf"]);
        assert!(split_names(" 、 ").is_empty());
    }

    #[test]
    fn names_with_a_folder_or_a_device_are_never_looked_up() {
        for name in [
            "..\\x.pdf",
            "../x.pdf",
            "/etc/passwd",
            "C:\\x.pdf",
            "C:x.pdf",
            "..",
            "CON.pdf",
            "nul",
            "com1.txt",
            "LPT9.doc",
        ] {
            assert!(unusable(name).is_some(), "{name}");
        }
        for name in ["会议纪要.pdf", "console.pdf", "COM.pdf", "LPTX.doc"] {
            assert_eq!(unusable(name), None, "{name}");
        }
        assert!(is_header("佐证材料"));
        assert!(is_header("佐证 材料（文件名）"));
        assert!(!is_header("备注"));
    }
}
