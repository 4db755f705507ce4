//! The inbox: a folder where the clerk's WeChat or mail client saves received files. Every
//! workbook there is read as the ledger import preview reads it — the app's own ledgers by
//! their hidden identity, others by their header — and those that are returned ledgers not yet
//! imported are offered (待导入), with the day they arrived (the file time). Nothing is imported
//! here: the clerk opens the usual preview and confirms.
//!
//! A file still being written (modified moments ago, or unreadable and recent) is `writing` and
//! read again later, never called broken. "Now" comes from the caller.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::error_kind::ErrorKind;
use crate::ledger::import::{
    self as ledger_import, FilePreview, FileState, ImportOptions, KeptBooks,
};
use crate::ledger::LedgerImportError;
use crate::period::Period;
use crate::store::Db;

const FOLDER_KEY: &str = "inbox.folder";

/// A file modified more recently than this is left until it settles.
pub const SETTLE: Duration = Duration::from_secs(2);
/// An unreadable file modified more recently than this may still be arriving.
pub const ARRIVING: Duration = Duration::from_secs(120);

/// Errors of the inbox.
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error("收件文件夹“{0}”不存在或不是文件夹。请在“设置”中重新选择保存收到文件的文件夹。")]
    NoFolder(PathBuf),
    #[error("还没有设置收件文件夹。请在“设置”→“收件文件夹”中选择微信或邮件保存文件的文件夹，或在命令中写出文件夹。")]
    NotSet,
    #[error(transparent)]
    Ledger(#[from] LedgerImportError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

crate::impl_from_sqlite!(InboxError);

impl InboxError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            InboxError::NoFolder(_) | InboxError::NotSet => ErrorKind::NotFound,
            InboxError::Ledger(e) => e.kind(),
            InboxError::Store(e) => e.kind(),
        }
    }
}

/// The inbox folder the clerk chose, if any.
pub fn folder(db: &Db) -> Result<Option<PathBuf>, InboxError> {
    let saved: Option<String> = db
        .conn()
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [FOLDER_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(saved.filter(|s| !s.is_empty()).map(PathBuf::from))
}

/// Sets the inbox folder (`None` clears it); an existing folder only.
pub fn set_folder(db: &mut Db, dir: Option<&Path>) -> Result<Option<PathBuf>, InboxError> {
    let value = match dir {
        Some(d) if !d.is_dir() => return Err(InboxError::NoFolder(d.to_path_buf())),
        Some(d) => d.to_string_lossy().into_owned(),
        None => String::new(),
    };
    db.conn().execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [FOLDER_KEY, value.as_str()],
    )?;
    folder(db)
}

/// What the inbox makes of one workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// A returned ledger not imported yet: offered in 待导入.
    New,
    /// The same content was imported before.
    AlreadyImported,
    /// The same content is in the folder under another name (WeChat's `台账(1).xlsx`).
    Duplicate,
    /// A ledger with no progress filled in: the clerk's own export as sent (WeChat keeps the
    /// files it sends in the same folder), not a report.
    Blank,
    /// Still being written: read again later.
    Writing,
    /// Not a ledger (another workbook, or a file that cannot be read).
    NotALedger,
}

/// One workbook of the inbox folder.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    pub file: PathBuf,
    pub file_name: String,
    pub state: State,
    /// Whether the window offers it in 待导入.
    pub offered: bool,
    pub unit: String,
    pub period: Option<Period>,
    pub plan_id: Option<i64>,
    pub plan_title: String,
    /// The day the file arrived: its modification day.
    pub received_on: Option<NaiveDate>,
    pub already_imported: bool,
    /// Our own export (hidden identity found).
    pub ours: bool,
    /// What the clerk will have to decide in the preview (unit unknown, …), in Chinese.
    pub problems: Vec<String>,
}

impl Found {
    /// 收到 县司法局 2025年9月 台账
    pub fn notice(&self) -> String {
        let period = self
            .period
            .map(|p| format!(" {}", p.label()))
            .unwrap_or_default();
        let unit = if self.unit.is_empty() {
            " 一份"
        } else {
            &format!(" {}", self.unit)
        };
        format!("收到{unit}{period} 台账")
    }

    fn bare(file: &Path, state: State) -> Found {
        Found {
            file: file.to_path_buf(),
            file_name: file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            state,
            offered: false,
            unit: String::new(),
            period: None,
            plan_id: None,
            plan_title: String::new(),
            received_on: None,
            already_imported: false,
            ours: false,
            problems: Vec::new(),
        }
    }
}

/// A file's size and modification time, to tell a changed file from one already read.
type Stamp = (u64, SystemTime);

/// Remembers what it read: the files that are not ledgers, so that a folder full of other
/// workbooks is not read again on every change, and the ledgers' workbooks, previewed again
/// (the database may have changed) without reading them. A file is known by its path, size and
/// modification time; a file that changes is read again.
#[derive(Debug, Default)]
pub struct Scanner {
    not_ledgers: HashMap<PathBuf, Stamp>,
    books: KeptBooks,
    /// The stamp of each file whose workbook is in `books`.
    book_stamps: HashMap<PathBuf, Stamp>,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xls"))
}

impl Scanner {
    /// How many workbooks this scanner has read from disk.
    pub fn files_read(&self) -> usize {
        self.books.reads()
    }

    /// Reads the workbooks of `dir` (and its subfolders) as of `now` and `today`.
    pub fn scan(
        &mut self,
        db: &Db,
        dir: &Path,
        today: NaiveDate,
        now: SystemTime,
    ) -> Result<Vec<Found>, InboxError> {
        if !dir.is_dir() {
            return Err(InboxError::NoFolder(dir.to_path_buf()));
        }
        let files: Vec<PathBuf> = match ledger_import::workbooks_in(dir) {
            Ok(files) => files.into_iter().filter(|f| is_workbook(f)).collect(),
            Err(LedgerImportError::EmptyFolder(_)) => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        let mut out = Vec::with_capacity(files.len());
        let mut to_read = Vec::new();
        for file in files {
            let Some(st) = stamp(&file) else {
                continue;
            };
            let age = now.duration_since(st.1).unwrap_or(Duration::ZERO);
            if age < SETTLE || (st.0 == 0 && age < ARRIVING) {
                out.push(Found::bare(&file, State::Writing));
            } else if st.0 == 0 || self.not_ledgers.get(&file) == Some(&st) {
                out.push(Found::bare(&file, State::NotALedger));
            } else {
                to_read.push((file, st, age));
            }
        }
        self.not_ledgers
            .retain(|f, _| out.iter().any(|o| &o.file == f));
        // A workbook read before is used again only while its file is unchanged (and not a
        // file now still being written or known as no ledger).
        let unchanged: HashMap<&Path, Stamp> = to_read
            .iter()
            .map(|(f, st, _)| (f.as_path(), *st))
            .collect();
        self.book_stamps
            .retain(|f, st| unchanged.get(f.as_path()) == Some(st));
        let stamps = &self.book_stamps;
        self.books.retain(|f| stamps.contains_key(f));
        // The first copy to arrive (and of those, the shortest name: not WeChat's `(1)`) is the
        // one offered; the others are its duplicates.
        to_read.sort_by_key(|(f, st, _)| (st.1, f.as_os_str().len(), f.clone()));
        if !to_read.is_empty() {
            let paths: Vec<PathBuf> = to_read.iter().map(|(f, _, _)| f.clone()).collect();
            let options = ImportOptions {
                today: Some(today),
                skip_copied: true,
                ..ImportOptions::default()
            };
            let preview = ledger_import::preview_kept(db, &paths, &options, &mut self.books)?;
            let mut by_hash: HashMap<&str, State> = HashMap::new();
            for ((file, st, age), fp) in to_read.iter().zip(preview.files.iter()) {
                let mut found = judge(file, fp, *age, st.1);
                // A copy of a file imported before is imported too.
                if found.state == State::Duplicate
                    && by_hash.get(fp.hash.as_str()) == Some(&State::AlreadyImported)
                {
                    found.state = State::AlreadyImported;
                    found.already_imported = true;
                }
                if !fp.hash.is_empty() {
                    by_hash.entry(fp.hash.as_str()).or_insert(found.state);
                }
                if found.state == State::NotALedger {
                    self.not_ledgers.insert(file.clone(), *st);
                    self.books.forget(file);
                } else if self.books.holds(file) {
                    self.book_stamps.entry(file.clone()).or_insert(*st);
                }
                out.push(found);
            }
        }
        out.sort_by(|a, b| (b.received_on, &a.file).cmp(&(a.received_on, &b.file)));
        Ok(out)
    }
}

/// What the preview of one file means for the inbox.
fn judge(file: &Path, fp: &FilePreview, age: Duration, modified: SystemTime) -> Found {
    let recognised = fp.ours || fp.header_row > 0;
    let blank = fp.state == FileState::Failed
        && !fp.rows.is_empty()
        && fp.rows.iter().all(|r| r.progress.trim().is_empty());
    let state = match fp.state {
        FileState::AlreadyImported => State::AlreadyImported,
        FileState::Duplicate => State::Duplicate,
        _ if blank => State::Blank,
        _ if recognised => State::New,
        // A workbook that does not read yet and arrived moments ago is probably still arriving.
        FileState::Failed if age < ARRIVING && fp.sheets.is_empty() => State::Writing,
        _ => State::NotALedger,
    };
    let mut found = Found::bare(file, state);
    if recognised {
        found.unit = fp.unit.clone();
        found.period = fp.period;
        found.plan_id = fp.plan_id;
        found.plan_title = fp.plan_title.clone();
        found.ours = fp.ours;
        let local: chrono::DateTime<chrono::Local> = modified.into();
        found.received_on = Some(local.date_naive());
        found.problems = fp.errors().map(|i| i.message.clone()).collect();
    }
    found.already_imported = state == State::AlreadyImported;
    found.offered = state == State::New;
    found
}

/// The files of `dir` once, for `inbox scan`.
pub fn scan(
    db: &Db,
    dir: &Path,
    today: NaiveDate,
    now: SystemTime,
) -> Result<Vec<Found>, InboxError> {
    Scanner::default().scan(db, dir, today, now)
}
