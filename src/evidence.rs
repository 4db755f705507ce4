//! 佐证材料: files (PDF, photos, Word, Excel, anything) attached to a task for a unit and a
//! reporting period.
//!
//! The files are copied into the `evidence/` folder beside the database and named by their
//! SHA-256, so a file attached twice is stored once and a stored file never changes (backups
//! link them, see [`crate::backup`]). Removing an attachment keeps its row and its file for the
//! 回收站; [`restore`] brings it back.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::backup::evidence_folder;
use crate::error_kind::ErrorKind;
use crate::limits::{self, TooLong, MAX_TITLE_CHARS};
use crate::progress::{Period, ProgressError};
use crate::store::{audit, now_string, Db, StoreError};
use crate::task::{self, TaskError};
use crate::unit::{self, UnitError};
use crate::user_file::{self, OpenError};

pub mod named;

/// The largest file accepted as evidence (500 MB): scans and photos fit, a video of a meeting
/// should be cut or kept elsewhere.
pub const MAX_EVIDENCE_BYTES: u64 = 500 * 1024 * 1024;

/// Errors of the evidence area.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error("请选择要添加的佐证材料文件。")]
    NoFiles,
    #[error("佐证材料要保存在数据库旁的 evidence 文件夹中，当前数据库没有文件位置（内存数据库）。请用 --db 指定数据库文件。")]
    NoFolder,
    #[error("找不到文件“{}”。请检查文件是否已被移动或删除，然后重新选择。", .0.display())]
    Missing(PathBuf),
    #[error("“{}”不是普通文件，而是{what}，不能作为佐证材料。请选择普通文件（如 PDF、图片、Word 或 Excel 文件）。", .path.display())]
    NotRegular { path: PathBuf, what: &'static str },
    #[error("文件“{}”太大（{}），佐证材料每个文件最大 {}。请压缩或拆分后再添加。", .path.display(), size_cn(*.size), size_cn(MAX_EVIDENCE_BYTES))]
    TooLarge { path: PathBuf, size: u64 },
    #[error("无法读取文件“{}”：{source}。请检查文件是否被其他程序占用、是否有读取权限。", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("无法写入佐证材料文件夹“{}”：{source}。请检查磁盘空间和写入权限，本次没有添加任何材料。", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("佐证材料文件“{0}”不见了（evidence 文件夹中的文件被移走或删除）。请从备份恢复，或删除这条记录后重新添加。")]
    FileGone(String),
    #[error("找不到编号为 {0} 的佐证材料。")]
    NotFound(i64),
    #[error("编号为 {0} 的佐证材料不在回收站中，无需恢复。")]
    NotDeleted(i64),
    #[error(transparent)]
    TooLong(#[from] TooLong),
    #[error(transparent)]
    Task(#[from] TaskError),
    #[error(transparent)]
    Unit(#[from] UnitError),
    #[error(transparent)]
    Progress(#[from] ProgressError),
    #[error(transparent)]
    Store(#[from] StoreError),
}
crate::impl_from_sqlite!(EvidenceError);

impl EvidenceError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            EvidenceError::NoFiles
            | EvidenceError::NoFolder
            | EvidenceError::NotRegular { .. }
            | EvidenceError::TooLarge { .. }
            | EvidenceError::TooLong(_) => ErrorKind::Invalid,
            EvidenceError::Missing(_) | EvidenceError::NotFound(_) | EvidenceError::FileGone(_) => {
                ErrorKind::NotFound
            }
            EvidenceError::NotDeleted(_) => ErrorKind::Conflict,
            EvidenceError::Read { .. } | EvidenceError::Write { .. } => ErrorKind::Io,
            EvidenceError::Task(e) => e.kind(),
            EvidenceError::Unit(e) => e.kind(),
            EvidenceError::Progress(e) => e.kind(),
            EvidenceError::Store(e) => e.kind(),
        }
    }
}

/// A size as the clerk reads it: 812 字节, 35.2 KB, 4.1 MB.
pub fn size_cn(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} 字节")
    } else if b < KB * KB {
        format!("{:.1} KB", b / KB)
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / KB / KB)
    } else {
        format!("{:.1} GB", b / KB / KB / KB)
    }
}

/// One attached file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub id: i64,
    pub task_id: i64,
    pub plan_id: i64,
    /// The task's section code and title, e.g. (一) / 强化法治思维.
    pub section: String,
    pub section_title: String,
    /// 序号 of the task.
    pub task_code: String,
    pub task_title: String,
    pub unit_id: i64,
    pub unit: String,
    pub period: Period,
    /// The file's name as attached.
    pub file_name: String,
    /// SHA-256 of the content (the stored file's name).
    pub hash: String,
    pub size: u64,
    /// The day it was attached.
    pub added_on: NaiveDate,
    /// When it was removed to the 回收站 (`YYYY-MM-DD HH:MM:SS`), for removed ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<String>,
}

/// What [`add`] did with each file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Added {
    /// Newly attached.
    pub attached: Vec<Evidence>,
    /// Already attached to the same task, unit and period (same content): left as they were.
    pub already: Vec<Evidence>,
}

/// Which attachments [`list`] returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub plan_id: Option<i64>,
    pub task_id: Option<i64>,
    pub unit_id: Option<i64>,
    /// Periods from and to (inclusive).
    pub from: Option<Period>,
    pub to: Option<Period>,
}

/// The stored file of content `hash` beside the database at `db_path`.
pub fn stored_path(db_path: &Path, hash: &str) -> PathBuf {
    evidence_folder(db_path).join(hash)
}

/// A file checked and ready to be copied in.
struct Source {
    path: PathBuf,
    name: String,
}

/// The file name of `path`, length-checked.
fn file_name(path: &Path) -> Result<String, EvidenceError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| EvidenceError::NotRegular {
            path: path.to_path_buf(),
            what: user_file::Special::Folder.label(),
        })?;
    limits::check("文件名", &name, MAX_TITLE_CHARS)?;
    Ok(name)
}

/// Checks that `path` is a regular file within the size limit.
fn check_file(path: &Path) -> Result<Source, EvidenceError> {
    let (_, meta) = user_file::open(path).map_err(|e| open_error(path, e))?;
    if meta.len() > MAX_EVIDENCE_BYTES {
        return Err(EvidenceError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
        });
    }
    Ok(Source {
        path: path.to_path_buf(),
        name: file_name(path)?,
    })
}

fn open_error(path: &Path, e: OpenError) -> EvidenceError {
    match e {
        OpenError::NotRegular(s) => EvidenceError::NotRegular {
            path: path.to_path_buf(),
            what: s.label(),
        },
        OpenError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
            EvidenceError::Missing(path.to_path_buf())
        }
        OpenError::Io(source) => EvidenceError::Read {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// A file copied into the evidence folder.
pub struct Stored {
    pub hash: String,
    pub size: u64,
    /// The stored file when this copy created it (to be removed if the database write fails).
    pub created: Option<PathBuf>,
}

/// Copies `path` into `folder` under its SHA-256 (hashing while copying); a file of the same
/// content already there is kept and the copy dropped.
pub fn store_file(folder: &Path, path: &Path) -> Result<Stored, EvidenceError> {
    let write = |source| EvidenceError::Write {
        path: folder.to_path_buf(),
        source,
    };
    let read = |source| EvidenceError::Read {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(folder).map_err(write)?;
    let (mut file, _) = user_file::open(path).map_err(|e| open_error(path, e))?;
    let (tmp_path, tmp) = new_part(folder).map_err(write)?;
    let guard = PartGuard(tmp_path);
    let mut tmp = std::io::BufWriter::new(tmp);
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size: u64 = 0;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read(e)),
        };
        size += n as u64;
        if size > MAX_EVIDENCE_BYTES {
            return Err(EvidenceError::TooLarge {
                path: path.to_path_buf(),
                size,
            });
        }
        hasher.update(&buf[..n]);
        tmp.write_all(&buf[..n]).map_err(write)?;
    }
    tmp.flush().map_err(write)?;
    drop(tmp);
    let hash = format!("{:x}", hasher.finalize());
    let target = folder.join(&hash);
    if target.is_file() {
        return Ok(Stored {
            hash,
            size,
            created: None,
        });
    }
    std::fs::rename(&guard.0, &target).map_err(write)?;
    guard.keep();
    Ok(Stored {
        hash,
        size,
        created: Some(target),
    })
}

/// A partly written copy, removed unless it was renamed into place.
struct PartGuard(PathBuf);

impl PartGuard {
    /// The copy was renamed into place: nothing to remove.
    fn keep(mut self) {
        self.0 = PathBuf::new();
    }
}

impl Drop for PartGuard {
    fn drop(&mut self) {
        if !self.0.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

/// A new file `.adding-<pid>-<n>` in `folder` for a copy in progress.
fn new_part(folder: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut n = 0u32;
    loop {
        let p = folder.join(format!(".adding-{}-{n}", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)
        {
            Ok(f) => return Ok((p, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Removes files copied in for a write that did not commit.
pub fn discard(stored: &[Stored]) {
    for s in stored {
        if let Some(p) = &s.created {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Attaches `files` to task `task_id` for `unit` (name or alias) and `period`, on `today`.
///
/// Every file is checked before anything is copied; the rows are written in one transaction,
/// and files copied in are removed again if it fails. A file of the same content already
/// attached to the same task, unit and period is reported in [`Added::already`].
pub fn add(
    db: &mut Db,
    task_id: i64,
    unit: &str,
    period: Period,
    files: &[PathBuf],
    today: NaiveDate,
) -> Result<Added, EvidenceError> {
    if files.is_empty() {
        return Err(EvidenceError::NoFiles);
    }
    let db_path = db.path().ok_or(EvidenceError::NoFolder)?.to_path_buf();
    task::get_live(db.conn(), task_id)?;
    let unit_id = unit::resolve(db.conn(), unit)?;
    let sources = files
        .iter()
        .map(|p| check_file(p))
        .collect::<Result<Vec<_>, _>>()?;
    let folder = evidence_folder(&db_path);
    let mut stored = Vec::with_capacity(sources.len());
    for s in &sources {
        match store_file(&folder, &s.path) {
            Ok(st) => stored.push(st),
            Err(e) => {
                discard(&stored);
                return Err(e);
            }
        }
    }
    let items: Vec<Attach> = sources
        .iter()
        .zip(&stored)
        .map(|(s, st)| Attach {
            task_id,
            unit_id,
            period,
            file_name: s.name.clone(),
            hash: st.hash.clone(),
            size: st.size,
        })
        .collect();
    let result = (|| {
        let tx = db.transaction()?;
        let ids = attach(&tx, &items, today)?;
        tx.commit().map_err(StoreError::from)?;
        Ok::<_, EvidenceError>(ids)
    })();
    let ids = match result {
        Ok(ids) => ids,
        Err(e) => {
            discard(&stored);
            return Err(e);
        }
    };
    let mut added = Added {
        attached: Vec::new(),
        already: Vec::new(),
    };
    for (id, new) in ids {
        let e = get(db.conn(), id)?;
        if new {
            added.attached.push(e);
        } else {
            added.already.push(e);
        }
    }
    Ok(added)
}

/// One file to attach, already stored.
#[derive(Debug, Clone)]
pub struct Attach {
    pub task_id: i64,
    pub unit_id: i64,
    pub period: Period,
    pub file_name: String,
    pub hash: String,
    pub size: u64,
}

/// Writes the rows of `items` inside the caller's transaction: `(id, newly attached)` for each,
/// an item of the same content already attached (live) to the same task, unit and period
/// giving that row's id.
pub fn attach(
    conn: &Connection,
    items: &[Attach],
    today: NaiveDate,
) -> Result<Vec<(i64, bool)>, EvidenceError> {
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        let period = it.period.to_string();
        let existing: Option<i64> = conn
            .query_row(
                "SELECT id FROM evidence WHERE task_id = ?1 AND unit_id = ?2 AND period = ?3
                   AND hash = ?4 AND deleted_at IS NULL",
                params![it.task_id, it.unit_id, period, it.hash],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            out.push((id, false));
            continue;
        }
        conn.execute(
            "INSERT INTO evidence (task_id, unit_id, period, file_name, hash, size, added_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                it.task_id,
                it.unit_id,
                period,
                it.file_name,
                it.hash,
                it.size as i64,
                today.format("%Y-%m-%d").to_string(),
            ],
        )?;
        out.push((conn.last_insert_rowid(), true));
    }
    Ok(out)
}

const SELECT_EVIDENCE: &str = "SELECT e.id, e.task_id, t.plan_id, ifnull(s.code, ''),
        ifnull(s.title, ''), t.code, t.title, e.unit_id, u.name, e.period, e.file_name, e.hash,
        e.size, e.added_on, e.deleted_at
     FROM evidence e JOIN task t ON t.id = e.task_id JOIN unit u ON u.id = e.unit_id
     LEFT JOIN section s ON s.id = t.section_id";

fn row_to_evidence(r: &rusqlite::Row<'_>) -> rusqlite::Result<Evidence> {
    let period: String = r.get(9)?;
    let added: String = r.get(13)?;
    let size: i64 = r.get(12)?;
    let bad = |i: usize, what: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("evidence {what}").into(),
        )
    };
    Ok(Evidence {
        id: r.get(0)?,
        task_id: r.get(1)?,
        plan_id: r.get(2)?,
        section: r.get(3)?,
        section_title: r.get(4)?,
        task_code: r.get(5)?,
        task_title: r.get(6)?,
        unit_id: r.get(7)?,
        unit: r.get(8)?,
        period: Period::parse(&period).map_err(|_| bad(9, "period"))?,
        file_name: r.get(10)?,
        hash: r.get(11)?,
        size: u64::try_from(size).unwrap_or(0),
        added_on: NaiveDate::parse_from_str(&added, "%Y-%m-%d").map_err(|_| bad(13, "date"))?,
        deleted_at: r.get(14)?,
    })
}

/// One attachment by id (also a removed one).
pub fn get(conn: &Connection, id: i64) -> Result<Evidence, EvidenceError> {
    conn.query_row(
        &format!("{SELECT_EVIDENCE} WHERE e.id = ?1"),
        [id],
        row_to_evidence,
    )
    .optional()?
    .ok_or(EvidenceError::NotFound(id))
}

/// Live attachments of live tasks matching `filter`, in the plan's order of tasks, then unit,
/// period and file name.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Evidence>, EvidenceError> {
    let sql = format!(
        "{SELECT_EVIDENCE}
         WHERE e.deleted_at IS NULL AND t.deleted_at IS NULL
           AND (?1 IS NULL OR t.plan_id = ?1) AND (?2 IS NULL OR e.task_id = ?2)
           AND (?3 IS NULL OR e.unit_id = ?3)
           AND (?4 IS NULL OR e.period >= ?4) AND (?5 IS NULL OR e.period <= ?5)
         ORDER BY t.plan_id, ifnull(s.seq, 0), t.seq, t.id, u.name, e.period, e.file_name, e.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(
        params![
            filter.plan_id,
            filter.task_id,
            filter.unit_id,
            filter.from.map(|p| p.to_string()),
            filter.to.map(|p| p.to_string()),
        ],
        row_to_evidence,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removed attachments, most recently removed first (回收站).
pub fn deleted(conn: &Connection) -> Result<Vec<Evidence>, EvidenceError> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT_EVIDENCE} WHERE e.deleted_at IS NOT NULL ORDER BY e.deleted_at DESC, e.id DESC"
    ))?;
    let rows = stmt.query_map([], row_to_evidence)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes attachment `id` to the 回收站 (its file stays for [`restore`]).
pub fn remove(db: &mut Db, id: i64) -> Result<Evidence, EvidenceError> {
    let tx = db.transaction()?;
    let e = get(&tx, id)?;
    let n = tx.execute(
        "UPDATE evidence SET deleted_at = ?1 WHERE id = ?2 AND deleted_at IS NULL",
        params![now_string(&tx)?, id],
    )?;
    if n == 0 {
        return Err(EvidenceError::NotFound(id));
    }
    audit(
        &tx,
        "evidence",
        id,
        "delete",
        serde_json::to_value(&e).ok().as_ref(),
        None,
    )?;
    tx.commit().map_err(StoreError::from)?;
    Ok(e)
}

/// Undoes [`remove`].
pub fn restore(db: &mut Db, id: i64) -> Result<Evidence, EvidenceError> {
    let tx = db.transaction()?;
    let e = get(&tx, id)?;
    if e.deleted_at.is_none() {
        return Err(EvidenceError::NotDeleted(id));
    }
    tx.execute("UPDATE evidence SET deleted_at = NULL WHERE id = ?1", [id])?;
    audit(
        &tx,
        "evidence",
        id,
        "undelete",
        None,
        serde_json::to_value(&e).ok().as_ref(),
    )?;
    tx.commit().map_err(StoreError::from)?;
    get(db.conn(), id)
}

/// The stored file of attachment `e`, checked to be there.
pub fn file_of(db: &Db, e: &Evidence) -> Result<PathBuf, EvidenceError> {
    let db_path = db.path().ok_or(EvidenceError::NoFolder)?;
    let p = stored_path(db_path, &e.hash);
    if p.is_file() {
        Ok(p)
    } else {
        Err(EvidenceError::FileGone(e.file_name.clone()))
    }
}

/// How many live attachments a task has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TaskCount {
    pub task_id: i64,
    pub count: i64,
}

/// The number of live attachments of each live task of plan `plan_id` that has any (the count
/// badge of 任务清单).
pub fn counts(conn: &Connection, plan_id: i64) -> Result<Vec<TaskCount>, EvidenceError> {
    let mut stmt = conn.prepare(
        "SELECT e.task_id, count(*) FROM evidence e JOIN task t ON t.id = e.task_id
         WHERE t.plan_id = ?1 AND e.deleted_at IS NULL AND t.deleted_at IS NULL
         GROUP BY e.task_id ORDER BY e.task_id",
    )?;
    let rows = stmt.query_map([plan_id], |r| {
        Ok(TaskCount {
            task_id: r.get(0)?,
            count: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A copy of attachment `id` under its own name in `dir/<id>/`, for opening it with the
/// program the system uses for its type (the stored file has no extension). An existing copy
/// of the same size is reused.
pub fn copy_out(db: &Db, id: i64, dir: &Path) -> Result<PathBuf, EvidenceError> {
    let e = get(db.conn(), id)?;
    let source = file_of(db, &e)?;
    let name = Path::new(&e.file_name)
        .file_name()
        .filter(|n| !e.file_name.contains(['/', '\\']) && !n.is_empty())
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "佐证材料".into());
    let folder = dir.join(id.to_string());
    let write = |source| EvidenceError::Write {
        path: folder.clone(),
        source,
    };
    std::fs::create_dir_all(&folder).map_err(write)?;
    let target = folder.join(name);
    if std::fs::metadata(&target).is_ok_and(|m| m.is_file() && m.len() == e.size) {
        return Ok(target);
    }
    std::fs::copy(&source, &target).map_err(write)?;
    Ok(target)
}
