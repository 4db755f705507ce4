//! Automatic backups: one on the first start of each day, one before every plan import and every
//! undo of an import, kept by a rotation (7 daily, 4 weekly and 12 monthly copies unless the clerk
//! sets other numbers), and the list of the `backups` folder with what each copy holds.
//!
//! The format: a backup is the SQLite copy that [`store::backup`] writes, named
//! `backups/<stem>-<label>-<YYYYMMDD>-<HHMMSS.mmm>.db` (label 每日, 导入前, 撤销前; the clerk's own
//! 立即备份 is 备份, a restore keeps 恢复前, an upgrade 升级前-vN). When an `evidence/` folder lies
//! beside the database (佐证材料), its files are copied into `<backup>.evidence/` beside the copy,
//! hard-linked where the disk allows (evidence files are named by their content and never
//! change). Restoring brings the evidence files of the backup back that are missing; evidence
//! files already there stay, so a restore never loses one.
//!
//! "Today" comes from the caller; only the time of day in a file name is read from the clock.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::error_kind::ErrorKind;
use crate::store::{self, Db, StoreError};

/// The folder of evidence files beside the database.
pub const EVIDENCE_DIR: &str = "evidence";
/// What follows a backup's file name for the copy of the evidence folder.
const EVIDENCE_SUFFIX: &str = ".evidence";
const KEEP_KEY: &str = "backup.keep";

/// Errors of automatic backups.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The daily backup could not be written; the clerk can go on working.
    #[error("今天的自动备份没有完成：{0} 数据没有受影响，可以继续工作；请处理后在“设置”中点“立即备份”。")]
    Daily(#[source] StoreError),
    /// The backup before a change could not be written, so the change was not made.
    #[error("{what}前的自动备份没有完成，为保证出错时能退回，本次{what}没有进行，数据库没有改动：{source} 请处理后再试。")]
    BeforeChange {
        what: &'static str,
        #[source]
        source: StoreError,
    },
    #[error("保留份数不正确：每日 1–{MAX_KEEP} 份，每周和每月 0–{MAX_KEEP} 份。")]
    BadKeep,
    #[error("找不到备份文件“{0}”。请在“设置”的备份列表中重新选择。")]
    NotFound(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
}

crate::impl_from_sqlite!(BackupError);

impl BackupError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            BackupError::Daily(_) | BackupError::BeforeChange { .. } => ErrorKind::BackupFailed,
            BackupError::BadKeep => ErrorKind::Invalid,
            BackupError::NotFound(_) => ErrorKind::NotFound,
            BackupError::Store(e) => e.kind(),
        }
    }
}

/// The largest number of copies a tier may keep.
pub const MAX_KEEP: u32 = 1000;

/// How many automatic copies the rotation keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keep {
    /// The daily copy (else the newest) of each of the last `daily` days with a copy (every
    /// copy made before a change on those days too).
    pub daily: u32,
    /// The newest day's copy of each of the last `weekly` weeks (Monday to Sunday).
    pub weekly: u32,
    /// The newest day's copy of each of the last `monthly` months.
    pub monthly: u32,
}

impl Default for Keep {
    fn default() -> Self {
        Keep {
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// The rotation's numbers; the defaults when none (or unreadable ones) are saved.
pub fn keep(conn: &Connection) -> Result<Keep, BackupError> {
    let saved: Option<String> = conn
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [KEEP_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(saved
        .and_then(|v| serde_json::from_str::<Keep>(&v).ok())
        .filter(valid)
        .unwrap_or_default())
}

fn valid(k: &Keep) -> bool {
    (1..=MAX_KEEP).contains(&k.daily) && k.weekly <= MAX_KEEP && k.monthly <= MAX_KEEP
}

/// Saves the rotation's numbers (applied at the next automatic backup).
pub fn set_keep(db: &mut Db, keep: Keep) -> Result<Keep, BackupError> {
    if !valid(&keep) {
        return Err(BackupError::BadKeep);
    }
    let value = serde_json::to_string(&keep).map_err(|_| BackupError::BadKeep)?;
    db.conn().execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [KEEP_KEY, value.as_str()],
    )?;
    Ok(keep)
}

/// A change an automatic backup is made before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A plan document or task table imported (new plan or into an existing one).
    PlanImport,
    /// An import undone (plan, 领导小组名单 or returned ledgers).
    Undo,
}

impl Change {
    fn label(self) -> &'static str {
        match self {
            Change::PlanImport => "导入前",
            Change::Undo => "撤销前",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Change::PlanImport => "导入方案",
            Change::Undo => "撤销导入",
        }
    }
}

/// What kind of copy a file of the `backups` folder is, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 每日: the first start of a day.
    Daily,
    /// 导入前: before a plan import.
    BeforeImport,
    /// 撤销前: before an undo.
    BeforeUndo,
    /// 恢复前: the database a restore replaced.
    BeforeRestore,
    /// 升级前: the database before a newer program upgraded it.
    BeforeUpgrade,
    /// 手动: 立即备份.
    Manual,
    /// Any other .db file the clerk put there.
    Other,
}

impl Kind {
    /// The Chinese name shown in 设置.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Daily => "每日自动备份",
            Kind::BeforeImport => "导入方案前",
            Kind::BeforeUndo => "撤销导入前",
            Kind::BeforeRestore => "恢复备份前",
            Kind::BeforeUpgrade => "升级前",
            Kind::Manual => "手动备份",
            Kind::Other => "其他",
        }
    }

    /// Whether the rotation may remove copies of this kind (only those it makes itself).
    fn rotated(self) -> bool {
        matches!(self, Kind::Daily | Kind::BeforeImport | Kind::BeforeUndo)
    }
}

/// What a database holds, in the counts 设置 shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub plans: i64,
    pub tasks: i64,
    /// Reports (报送) received, the current ones.
    pub reports: i64,
}

/// One file of the `backups` folder.
#[derive(Debug, Clone, Serialize)]
pub struct BackupEntry {
    pub path: PathBuf,
    pub file_name: String,
    pub kind: Kind,
    pub kind_label: &'static str,
    /// The day of the copy (from its name; the file time for files named otherwise).
    pub date: NaiveDate,
    /// `HH:MM:SS` when the name says.
    pub time: Option<String>,
    /// Bytes of the database copy and its evidence files.
    pub size: u64,
    pub evidence_files: usize,
    /// `None` when the file cannot be read as a taizhang database.
    pub counts: Option<Counts>,
    /// Whether the rotation removes it in time (only automatic copies).
    pub rotated: bool,
}

/// The `backups` folder beside the database at `db_path`.
pub fn folder(db_path: &Path) -> PathBuf {
    beside(db_path, "backups")
}

/// The evidence folder beside the database at `db_path`.
pub fn evidence_folder(db_path: &Path) -> PathBuf {
    beside(db_path, EVIDENCE_DIR)
}

fn beside(db_path: &Path, name: &str) -> PathBuf {
    db_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .join(name)
}

fn stem(db_path: &Path) -> String {
    db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "taizhang".to_string())
}

/// The file a copy labelled `label` made on `today` goes to (the time of day read from `clock`).
fn path_for(db_path: &Path, label: &str, today: NaiveDate, clock: &Clock) -> PathBuf {
    let time = clock.now().format("%H%M%S%.3f");
    folder(db_path).join(format!(
        "{}-{label}-{}-{time}.db",
        stem(db_path),
        today.format("%Y%m%d")
    ))
}

/// What a backup operation did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    /// The copy made, `None` when none was due.
    pub made: Option<PathBuf>,
    /// Older automatic copies the rotation removed.
    pub removed: Vec<PathBuf>,
}

/// The daily backup: made when no daily copy of `today` exists yet, then the rotation runs.
/// A failure is returned as [`BackupError::Daily`]: the caller warns and the clerk works on.
pub fn daily(db: &Db, today: NaiveDate) -> Result<Outcome, BackupError> {
    let Some(db_path) = db.path().map(Path::to_path_buf) else {
        return Ok(Outcome::default());
    };
    let done = list_files(&db_path)
        .iter()
        .any(|f| f.kind == Kind::Daily && f.date == today);
    if done {
        return Ok(Outcome::default());
    }
    let made = make(db, &db_path, "每日", today).map_err(BackupError::Daily)?;
    let removed = rotate(&db_path, keep(db.conn())?);
    Ok(Outcome {
        made: Some(made),
        removed,
    })
}

/// The backup before `change`; when it fails the change must not be made
/// ([`BackupError::BeforeChange`]): a plan import or an undo rewrites many rows at once, and
/// this copy is the clerk's way back if it was the wrong file or the wrong batch.
pub fn before(db: &Db, change: Change, today: NaiveDate) -> Result<Outcome, BackupError> {
    let Some(db_path) = db.path().map(Path::to_path_buf) else {
        return Ok(Outcome::default());
    };
    let made =
        make(db, &db_path, change.label(), today).map_err(|source| BackupError::BeforeChange {
            what: change.what(),
            source,
        })?;
    let removed = rotate(&db_path, keep(db.conn())?);
    Ok(Outcome {
        made: Some(made),
        removed,
    })
}

/// 立即备份: a copy in the `backups` folder (手动, never rotated) with the evidence files;
/// returns it.
pub fn manual(db: &Db, today: NaiveDate) -> Result<PathBuf, BackupError> {
    let db_path = match db.path() {
        Some(p) => p.to_path_buf(),
        None => store::default_db_path()?,
    };
    Ok(make(db, &db_path, "备份", today)?)
}

/// `backup --out FILE` / 另存备份: the copy at `out` with the evidence files beside it
/// (`<out>.evidence/`); returns how many evidence files.
pub fn to_file(db: &Db, out: &Path) -> Result<usize, BackupError> {
    store::backup(db, out)?;
    let Some(db_path) = db.path() else {
        return Ok(0);
    };
    copy_evidence(db_path, out).map_err(|e| {
        remove_copy(out);
        BackupError::from(e)
    })
}

/// Writes the database copy and the evidence copy; a failed evidence copy takes the database
/// copy away again, so that no backup lacks its evidence.
fn make(db: &Db, db_path: &Path, label: &str, today: NaiveDate) -> Result<PathBuf, StoreError> {
    let out = path_for(db_path, label, today, db.clock());
    store::backup(db, &out)?;
    if let Err(e) = copy_evidence(db_path, &out) {
        remove_copy(&out);
        return Err(e);
    }
    Ok(out)
}

/// Copies (hard-links where possible) the evidence folder beside the backup `out`.
pub fn copy_evidence(db_path: &Path, out: &Path) -> Result<usize, StoreError> {
    let from = evidence_folder(db_path);
    if !from.is_dir() {
        return Ok(0);
    }
    copy_tree(&from, &evidence_of(out), true)
}

/// `<backup>.evidence`
fn evidence_of(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_os_string();
    name.push(EVIDENCE_SUFFIX);
    PathBuf::from(name)
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| match source.kind() {
        std::io::ErrorKind::StorageFull => StoreError::DiskFull,
        _ => StoreError::Io {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Copies the files of `from` into `to` (subfolders too), linking when `link`; files already
/// in `to` are left as they are. Returns the number of files written.
fn copy_tree(from: &Path, to: &Path, link: bool) -> Result<usize, StoreError> {
    std::fs::create_dir_all(to).map_err(io(to))?;
    let mut n = 0;
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let kind = entry.file_type().map_err(io(from))?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            n += copy_tree(&entry.path(), &target, link)?;
        } else if kind.is_file() && !target.exists() {
            let linked = link && std::fs::hard_link(entry.path(), &target).is_ok();
            if !linked {
                let part = target.with_extension("part");
                std::fs::copy(entry.path(), &part)
                    .and_then(|_| std::fs::rename(&part, &target))
                    .map_err(|e| {
                        let _ = std::fs::remove_file(&part);
                        io(&target)(e)
                    })?;
            }
            n += 1;
        }
    }
    Ok(n)
}

/// Puts the evidence files of the backup `from` back into the evidence folder beside the
/// database (only those missing there); returns how many.
pub fn restore_evidence(db_path: &Path, from: &Path) -> Result<usize, StoreError> {
    let saved = evidence_of(from);
    if !saved.is_dir() {
        return Ok(0);
    }
    copy_tree(&saved, &evidence_folder(db_path), false)
}

fn remove_copy(copy: &Path) {
    let _ = std::fs::remove_file(copy);
    let _ = std::fs::remove_dir_all(evidence_of(copy));
}

/// A file of the `backups` folder, read from its name.
#[derive(Debug, Clone)]
struct File {
    path: PathBuf,
    kind: Kind,
    date: NaiveDate,
    time: Option<String>,
}

/// The `.db` files of the backups folder, newest first.
fn list_files(db_path: &Path) -> Vec<File> {
    let dir = folder(db_path);
    let stem = stem(db_path);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<File> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let base = name.strip_suffix(".db")?;
            let (kind, stamp) = read_name(base, &stem);
            let (date, time) = match stamp {
                Some(s) => s,
                None => {
                    let modified = e.metadata().and_then(|m| m.modified()).ok()?;
                    let local: chrono::DateTime<chrono::Local> = modified.into();
                    (
                        local.date_naive(),
                        Some(local.format("%H:%M:%S").to_string()),
                    )
                }
            };
            Some(File {
                path: e.path(),
                kind,
                date,
                time,
            })
        })
        .collect();
    files.sort_by(|a, b| (b.date, &b.time, &b.path).cmp(&(a.date, &a.time, &a.path)));
    files
}

/// `<stem>-<label>-<YYYYMMDD>-<HHMMSS.mmm>` → the kind and the stamp.
fn read_name(base: &str, stem: &str) -> (Kind, Option<(NaiveDate, Option<String>)>) {
    let Some(rest) = base.strip_prefix(stem).and_then(|r| r.strip_prefix('-')) else {
        return (Kind::Other, None);
    };
    let (label, stamp) = match rest.find(|c: char| c.is_ascii_digit()) {
        Some(i) if i > 0 => (&rest[..i - 1], &rest[i..]),
        _ => return (Kind::Other, None),
    };
    let kind = match label {
        "每日" => Kind::Daily,
        "导入前" => Kind::BeforeImport,
        "撤销前" => Kind::BeforeUndo,
        "恢复前" => Kind::BeforeRestore,
        "备份" => Kind::Manual,
        l if l.starts_with("升级前") => Kind::BeforeUpgrade,
        _ => Kind::Other,
    };
    // 升级前-v9-20251008-…: the version's digits come first.
    let stamp = match kind {
        Kind::BeforeUpgrade => stamp.split_once('-').map(|(_, s)| s).unwrap_or(""),
        _ => stamp,
    };
    let date = stamp
        .get(..8)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok());
    let time = stamp
        .get(9..15)
        .filter(|t| t.bytes().all(|b| b.is_ascii_digit()));
    let time = time.map(|t| format!("{}:{}:{}", &t[..2], &t[2..4], &t[4..6]));
    match date {
        Some(d) => (kind, Some((d, time))),
        None => (Kind::Other, None),
    }
}

/// Removes the automatic copies the rotation does not keep; returns them. A copy that cannot
/// be removed stays (it is tried again next time).
fn rotate(db_path: &Path, keep: Keep) -> Vec<PathBuf> {
    let files: Vec<File> = list_files(db_path)
        .into_iter()
        .filter(|f| f.kind.rotated())
        .collect();
    let kept = kept_by_rotation(&files, keep);
    let mut removed = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if !kept.contains(&i) {
            remove_copy(&f.path);
            if !f.path.exists() {
                removed.push(f.path.clone());
            }
        }
    }
    removed
}

/// The indexes (into `files`, newest first) of the copies the rotation keeps. A tier keeps a
/// day's daily copy (the state the clerk started the day with) over the copies made before a
/// change later that day, so what stays does not depend on the time of day they were made.
fn kept_by_rotation(files: &[File], keep: Keep) -> HashSet<usize> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    // a stable sort: newest first within each group
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(files[i].date),
            files[i].kind != Kind::Daily,
        )
    });
    let mut kept = HashSet::new();
    let mut tier = |n: u32, bucket: &dyn Fn(NaiveDate) -> (i32, u32)| -> HashSet<(i32, u32)> {
        let mut seen = HashSet::new();
        for &i in &order {
            let b = bucket(files[i].date);
            if !seen.contains(&b) && seen.len() < n as usize {
                seen.insert(b);
                kept.insert(i);
            }
        }
        seen
    };
    let days = tier(keep.daily, &|d| (d.year(), d.ordinal()));
    tier(keep.weekly, &|d| {
        let w = d.iso_week();
        (w.year(), w.week())
    });
    tier(keep.monthly, &|d| (d.year(), d.month()));
    // Copies made before a change stay with their day.
    for (i, f) in files.iter().enumerate() {
        if f.kind != Kind::Daily && days.contains(&(f.date.year(), f.date.ordinal())) {
            kept.insert(i);
        }
    }
    kept
}

/// The counts of the database at `conn`.
pub fn counts(conn: &Connection) -> rusqlite::Result<Counts> {
    Ok(Counts {
        plans: crate::plan::count(conn)?,
        tasks: crate::task::count(conn)?,
        reports: crate::progress::report_count(conn)?,
    })
}

/// The counts of a backup file, read without changing it; `None` when it cannot be read.
fn counts_of(path: &Path) -> Option<Counts> {
    let uri = format!(
        "file:{}?immutable=1",
        path.to_string_lossy()
            .replace('%', "%25")
            .replace('?', "%3f")
            .replace('#', "%23")
    );
    let conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
    )
    .ok()?;
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .ok()?;
    if app_id != store::APPLICATION_ID {
        return None;
    }
    counts(&conn).ok()
}

fn size_of(path: &Path) -> (u64, usize) {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return (0, 0);
    };
    if meta.is_file() {
        return (meta.len(), 1);
    }
    if !meta.is_dir() {
        return (0, 0);
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return (0, 0);
    };
    entries.flatten().fold((0, 0), |(bytes, n), e| {
        let (b, m) = size_of(&e.path());
        (bytes + b, n + m)
    })
}

/// The copies in the `backups` folder beside the database, newest first.
pub fn list(db_path: &Path) -> Vec<BackupEntry> {
    list_files(db_path)
        .into_iter()
        .map(|f| {
            let (db_size, _) = size_of(&f.path);
            let (evidence_size, evidence_files) = size_of(&evidence_of(&f.path));
            BackupEntry {
                file_name: f
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                counts: counts_of(&f.path),
                kind_label: f.kind.label(),
                rotated: f.kind.rotated(),
                kind: f.kind,
                date: f.date,
                time: f.time,
                size: db_size + evidence_size,
                evidence_files,
                path: f.path,
            }
        })
        .collect()
}

/// What restoring a backup would change: the counts now and in the backup.
#[derive(Debug, Clone, Serialize)]
pub struct RestorePreview {
    pub path: PathBuf,
    pub current: Counts,
    pub backup: Counts,
    /// Evidence files in the backup that are not in the evidence folder now (they come back).
    pub evidence_back: usize,
}

/// Compares the backup `from` with the database, writing nothing. A file that is not a
/// taizhang database is refused here already (the restore checks it fully).
pub fn preview(db: &Db, from: &Path) -> Result<RestorePreview, BackupError> {
    if !from.is_file() {
        return Err(BackupError::NotFound(from.to_path_buf()));
    }
    let backup = counts_of(from).ok_or_else(|| StoreError::BadBackup {
        path: from.to_path_buf(),
        reason: "读不出其中的方案、任务和报送（不是台账数据库，或已损坏）".to_string(),
    })?;
    let evidence_back = match db.path() {
        Some(p) => missing_evidence(&evidence_of(from), &evidence_folder(p)),
        None => 0,
    };
    Ok(RestorePreview {
        path: from.to_path_buf(),
        current: counts(db.conn())?,
        backup,
        evidence_back,
    })
}

fn missing_evidence(saved: &Path, live: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(saved) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            let target = live.join(e.file_name());
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                missing_evidence(&e.path(), &target)
            } else {
                usize::from(!target.exists())
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(date: &str, kind: Kind) -> File {
        File {
            path: PathBuf::from(format!("{date}-{kind:?}")),
            kind,
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap_or_default(),
            time: Some("09:00:00".into()),
        }
    }

    #[test]
    fn names_are_read_back_with_their_kind_and_day() {
        let day = NaiveDate::from_ymd_opt(2025, 10, 8);
        let (kind, stamp) = read_name("taizhang-每日-20251008-091500.123", "taizhang");
        assert_eq!(kind, Kind::Daily);
        assert_eq!(stamp.as_ref().map(|s| s.0), day);
        assert_eq!(stamp.and_then(|s| s.1).as_deref(), Some("09:15:00"));
        let (kind, stamp) = read_name("taizhang-升级前-v9-20251008-091500.123", "taizhang");
        assert_eq!(kind, Kind::BeforeUpgrade);
        assert_eq!(stamp.map(|s| s.0), day);
        assert_eq!(read_name("别的文件", "taizhang").0, Kind::Other);
        assert_eq!(read_name("taizhang-每日-坏日期", "taizhang").0, Kind::Other);
    }

    #[test]
    fn a_change_on_a_kept_day_is_kept_with_it() {
        let files = vec![
            file("2025-10-08", Kind::Daily),
            file("2025-10-08", Kind::BeforeImport),
            file("2025-10-07", Kind::BeforeUndo),
            file("2025-10-06", Kind::Daily),
        ];
        let kept = kept_by_rotation(
            &files,
            Keep {
                daily: 2,
                weekly: 0,
                monthly: 0,
            },
        );
        // Days 10-08 and 10-07 are the two kept days; 10-06 goes.
        assert_eq!(kept, HashSet::from([0, 1, 2]));
    }

    #[test]
    fn a_day_keeps_its_daily_copy_when_a_change_came_later_that_day() {
        // newest first: the copy before an import made in the afternoon, then the morning's
        let mut afternoon = file("2025-12-30", Kind::BeforeImport);
        afternoon.time = Some("15:00:00".into());
        let files = vec![
            afternoon,
            file("2025-12-30", Kind::Daily),
            file("2025-12-22", Kind::Daily),
            file("2025-11-28", Kind::Daily),
        ];
        let tiers = |daily, weekly, monthly| {
            kept_by_rotation(
                &files,
                Keep {
                    daily,
                    weekly,
                    monthly,
                },
            )
        };
        // the day's daily copy and the copy before its change
        assert_eq!(tiers(1, 0, 0), HashSet::from([0, 1]));
        // a week and a month keep the newest day's daily copy
        assert_eq!(tiers(0, 1, 0), HashSet::from([1]));
        assert_eq!(tiers(0, 0, 2), HashSet::from([1, 3]));
    }
}
