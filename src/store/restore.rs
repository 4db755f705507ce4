//! Restoring a backup without risking the live database.
//!
//! The backup (with a `-wal` file beside it, if any) is copied into a temporary file beside the
//! database. The copy is checked — identity, version, `integrity_check`, the exact schema of its
//! version (tables, columns, indexes, triggers, views), `foreign_key_check` — and an older one
//! is migrated; only a copy that passed every check replaces the database, in one SQLite
//! transaction. Whatever fails before that leaves the database file byte-identical.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::Migrations;

use crate::clock::Clock;

use super::{
    backup_connection, backup_path_for, dir_writable, io_err, migrate, migration_list,
    schema_version, sidecar, StoreError, APPLICATION_ID,
};

/// A temporary file removed (with its `-wal`, `-shm` and `-journal`) when dropped.
pub(super) struct TempDb {
    path: PathBuf,
}

impl TempDb {
    pub(super) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["-wal", "-shm", "-journal", ""] {
            let _ = std::fs::remove_file(sidecar(&self.path, suffix));
        }
    }
}

/// Why a backup is refused.
fn bad(path: &Path, reason: impl Into<String>) -> StoreError {
    StoreError::BadBackup {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

const NOT_TAIZHANG: &str = "它不是台账数据库（可能已损坏、被加密，或是其他软件的文件）";

/// A file error while making the copy: a read-only folder or a full disk say so.
fn copy_err(dir: &Path, file: &Path) -> impl FnOnce(std::io::Error) -> StoreError {
    let dir = dir.to_path_buf();
    let file = file.to_path_buf();
    move |e| match e.kind() {
        std::io::ErrorKind::StorageFull => StoreError::DiskFull,
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            if !dir_writable(&dir) =>
        {
            StoreError::ReadOnlyFolder { dir }
        }
        _ => StoreError::Io {
            path: file,
            source: e,
        },
    }
}

/// Copies `from` into a new temporary file in `dir`.
fn copy_into_temp(from: &Path, to: &Path, dir: &Path) -> Result<(), StoreError> {
    let mut src = std::fs::File::open(from).map_err(io_err(from))?;
    let mut dst = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)
        .map_err(copy_err(dir, to))?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = src.read(&mut buf).map_err(io_err(from))?;
        if n == 0 {
            break;
        }
        dst.write_all(&buf[..n]).map_err(copy_err(dir, to))?;
    }
    dst.sync_all().map_err(copy_err(dir, to))
}

/// How the temporary copies of restores begin: `.taizhang-restore-<pid>-<time>.db`.
const TEMP_PREFIX: &str = ".taizhang-restore-";

/// Removes the temporary copies left by restores that were killed: their process is gone (on
/// Linux), or they are more than a day old.
fn clear_stale(dir: &Path, clock: &Clock) {
    let now = std::time::SystemTime::from(clock.now());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(TEMP_PREFIX) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid == Some(std::process::id()) {
            continue;
        }
        let gone = cfg!(target_os = "linux")
            && pid.is_some_and(|p| !Path::new(&format!("/proc/{p}")).exists());
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(24 * 3600));
        if gone || old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Copies the backup `from` beside the database (into `dir`), checks the copy and brings it to
/// the latest schema. The returned file passed every check.
pub(super) fn checked_copy(from: &Path, dir: &Path, clock: &Clock) -> Result<TempDb, StoreError> {
    let meta = std::fs::metadata(from).map_err(io_err(from))?;
    if meta.is_dir() {
        return Err(bad(from, "它是一个文件夹，不是备份文件"));
    }
    if !meta.is_file() {
        return Err(bad(from, "它不是普通文件（可能是管道或设备文件）"));
    }
    if meta.len() == 0 {
        return Err(bad(from, "文件是空的（0 字节），不是台账数据库"));
    }
    clear_stale(dir, clock);
    let name = format!(
        "{TEMP_PREFIX}{}-{}.db",
        std::process::id(),
        clock.now().format("%H%M%S%f")
    );
    let copy = TempDb {
        path: dir.join(name),
    };
    copy_into_temp(from, copy.path(), dir)?;
    // A `-wal` file beside the backup holds part of it.
    let wal = sidecar(from, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.is_file() && m.len() > 0) {
        copy_into_temp(&wal, &sidecar(copy.path(), "-wal"), dir)?;
    }
    let mut header = [0u8; 16];
    let read = std::fs::File::open(copy.path())
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok();
    if !read || &header != b"SQLite format 3\0" {
        return Err(bad(from, NOT_TAIZHANG));
    }
    check_and_migrate(from, copy.path())?;
    Ok(copy)
}

/// An SQLite error met while checking the copy of `from`.
fn check_err(from: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| {
        let not_sqlite = e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase);
        match StoreError::from(e) {
            e @ (StoreError::DiskFull | StoreError::Busy) => e,
            _ if not_sqlite => bad(from, NOT_TAIZHANG),
            _ => bad(from, "文件已损坏或不完整，读不出其中的数据"),
        }
    }
}

fn check_and_migrate(from: &Path, copy: &Path) -> Result<(), StoreError> {
    let err = check_err(from);
    let mut conn = Connection::open_with_flags(
        copy,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(&err)?;
    // Nothing in the file runs while it is checked.
    conn.pragma_update(None, "trusted_schema", false)
        .map_err(&err)?;
    conn.pragma_update(None, "cell_size_check", true)
        .map_err(&err)?;
    conn.pragma_update(None, "foreign_keys", false)
        .map_err(&err)?;
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(&err)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(&err)?;
    if app_id != APPLICATION_ID || version <= 0 {
        return Err(bad(
            from,
            "它不是台账数据库（是其他软件的数据库，或没有数据版本）",
        ));
    }
    if version > schema_version() {
        return Err(StoreError::NewerDatabase {
            path: from.to_path_buf(),
            found: version,
            known: schema_version(),
        });
    }
    let version = version as usize;
    check_integrity(&conn, from)?;
    let differences = compare_schema(&schema_of(&conn).map_err(&err)?, &reference(version)?);
    if !differences.is_empty() {
        return Err(bad(
            from,
            format!(
                "数据库结构与第 {version} 版台账软件的结构不一致（{}），可能被其他程序改动过",
                summary(&differences)
            ),
        ));
    }
    check_foreign_keys(&conn, from)?;
    if version < schema_version() as usize {
        migrate(&mut conn, None).map_err(|e| match e {
            e @ (StoreError::DiskFull | StoreError::Busy) => e,
            _ => bad(from, "按本版本升级其数据结构时出错"),
        })?;
        conn.pragma_update(None, "foreign_keys", false)
            .map_err(&err)?;
        let differences = compare_schema(
            &schema_of(&conn).map_err(&err)?,
            &reference(schema_version() as usize)?,
        );
        if !differences.is_empty() {
            return Err(bad(
                from,
                format!("升级后的数据库结构不正确（{}）", summary(&differences)),
            ));
        }
        check_foreign_keys(&conn, from)?;
    }
    // The copy becomes one self-contained file.
    let _mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(&err)?;
    Ok(())
}

/// `PRAGMA integrity_check`, its findings in Chinese.
fn check_integrity(conn: &Connection, from: &Path) -> Result<(), StoreError> {
    let lines: Vec<String> = conn
        .prepare("PRAGMA integrity_check(50)")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<_>>()
        })
        .map_err(check_err(from))?;
    if lines.len() == 1 && lines[0] == "ok" {
        return Ok(());
    }
    let mut findings: Vec<String> = Vec::new();
    for line in &lines {
        let finding = if let Some(table) = line.strip_prefix("CHECK constraint failed in ") {
            format!("表 {table} 中有不符合取值规则的数据")
        } else if let Some(column) = line.strip_prefix("NULL value in ") {
            format!("{column} 中有不允许的空值")
        } else if let Some(index) = line.strip_prefix("non-unique entry in index ") {
            format!("索引 {index} 中有重复的值")
        } else if line.contains("missing from index") || line.starts_with("wrong # of entries") {
            "索引与数据不一致（文件已损坏）".to_string()
        } else {
            "数据页已损坏".to_string()
        };
        if !findings.contains(&finding) {
            findings.push(finding);
        }
    }
    Err(bad(
        from,
        format!("完整性检查未通过（{}）", findings.join("；")),
    ))
}

/// `PRAGMA foreign_key_check`: rows that point at records that do not exist.
fn check_foreign_keys(conn: &Connection, from: &Path) -> Result<(), StoreError> {
    let rows: Vec<(String, String)> = conn
        .prepare("PRAGMA foreign_key_check")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()
        })
        .map_err(check_err(from))?;
    if rows.is_empty() {
        return Ok(());
    }
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for key in rows {
        *counts.entry(key).or_default() += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|((table, parent), n)| format!("表 {table} 有 {n} 行指向表 {parent} 中不存在的记录"))
        .collect();
    Err(bad(
        from,
        format!("数据之间的关联不完整（{}）", parts.join("；")),
    ))
}

/// The schema objects of a database: (type, name) → (table, normalised SQL).
type Schema = BTreeMap<(String, String), (String, String)>;

fn schema_of(conn: &Connection) -> rusqlite::Result<Schema> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, ifnull(sql, '') FROM sqlite_master
         WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'",
    )?;
    let rows = stmt.query_map([], |r| {
        let sql: String = r.get(3)?;
        Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, normalise(&sql))))
    })?;
    rows.collect()
}

/// SQL text without layout and identifier quotes: SQLite keeps a statement as it was written
/// (quoting the names it rewrites on RENAME), so only these may differ between equal schemas.
fn normalise(sql: &str) -> String {
    sql.replace('"', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The exact schema of `version`: the migrations up to it run on an empty in-memory database.
fn reference(version: usize) -> Result<Schema, StoreError> {
    let mut conn = Connection::open_in_memory()?;
    let mut list = migration_list();
    list.truncate(version);
    Migrations::new(list)
        .to_latest(&mut conn)
        .map_err(|e| StoreError::Migrate(e.to_string()))?;
    Ok(schema_of(&conn)?)
}

/// What differs between a file's schema and the reference, in Chinese: tables first, then
/// triggers, views and indexes (an automatic index only when its table is otherwise the same).
fn compare_schema(found: &Schema, expected: &Schema) -> Vec<String> {
    let what = |kind: &str| match kind {
        "table" => "表",
        "index" => "索引",
        "trigger" => "触发器",
        "view" => "视图",
        _ => "对象",
    };
    let rank = |kind: &str| match kind {
        "table" => 0,
        "trigger" => 1,
        "view" => 2,
        _ => 3,
    };
    let mut out: Vec<(u8, String, String)> = Vec::new();
    for ((kind, name), (table, sql)) in expected {
        match found.get(&(kind.clone(), name.clone())) {
            None => out.push((
                rank(kind),
                table.clone(),
                format!("缺少{} {name}", what(kind)),
            )),
            Some((t, s)) if t != table || s != sql => out.push((
                rank(kind),
                table.clone(),
                format!("{} {name} 的定义不同", what(kind)),
            )),
            Some(_) => {}
        }
    }
    for ((kind, name), (table, _)) in found {
        if !expected.contains_key(&(kind.clone(), name.clone())) {
            out.push((
                rank(kind),
                table.clone(),
                format!("多出{} {name}", what(kind)),
            ));
        }
    }
    out.sort();
    let tables: Vec<String> = out
        .iter()
        .filter(|(rank, _, _)| *rank == 0)
        .map(|(_, table, _)| table.clone())
        .collect();
    out.into_iter()
        .filter(|(rank, table, text)| {
            !(*rank == 3 && text.contains("sqlite_autoindex_") && tables.contains(table))
        })
        .map(|(_, _, text)| text)
        .collect()
}

fn summary(differences: &[String]) -> String {
    const SHOWN: usize = 6;
    let mut text = differences
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("；");
    if differences.len() > SHOWN {
        text.push_str(&format!(" 等 {} 处", differences.len()));
    }
    text
}

/// Writes the checked copy over the database behind `live`, in one transaction: either all of
/// it or none.
pub(super) fn copy_over(copy: &Path, live: &mut Connection) -> Result<(), StoreError> {
    let src = Connection::open_with_flags(
        copy,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // A WAL database takes pages of its own size only.
    let live_size: i64 = live.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let size: i64 = src.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    if size != live_size {
        src.pragma_update(None, "page_size", live_size)?;
        src.execute_batch("VACUUM")?;
    }
    let backup = rusqlite::backup::Backup::new(&src, live)?;
    match backup.step(-1)? {
        rusqlite::backup::StepResult::Done => Ok(()),
        _ => Err(StoreError::Busy),
    }
}

/// Opens the live database file for the copy to go over it; `None` when it is no SQLite
/// database at all (damaged beyond reading), so that it can only be replaced as a file.
pub(super) fn open_live(path: &Path) -> Result<Option<Connection>, StoreError> {
    if !path.exists() {
        return Ok(None);
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| super::locate(path, StoreError::from(e)))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        // SQLite opens a file it may not write read-only: say so before anything is done.
        Ok(_) if conn.is_readonly(rusqlite::MAIN_DB)? => {
            Err(super::locate(path, StoreError::ReadOnly))
        }
        Ok(_) => Ok(Some(conn)),
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(super::locate(path, StoreError::from(e))),
    }
}

/// Replaces an unreadable database file by the checked copy, keeping the file's permissions.
pub(super) fn replace_file(copy: TempDb, path: &Path) -> Result<(), StoreError> {
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(copy.path(), meta.permissions()).map_err(io_err(path))?;
    }
    for ext in ["-wal", "-shm"] {
        let f = sidecar(path, ext);
        if f.exists() {
            std::fs::remove_file(&f).map_err(io_err(&f))?;
        }
    }
    std::fs::rename(copy.path(), path).map_err(io_err(path))?;
    Ok(())
}

/// Where the copy goes: the database's own folder.
pub(super) fn folder_of(db: &Path) -> PathBuf {
    match db.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    }
}

/// Keeps the database about to be replaced in its `backups` folder; returns the copy.
pub(super) fn keep(
    db_path: &Path,
    live: Option<&Connection>,
    clock: &Clock,
) -> Result<PathBuf, StoreError> {
    let kept = backup_path_for(db_path, "恢复前", clock);
    match live {
        Some(conn) => backup_connection(conn, &kept)?,
        None => {
            if db_path.exists() {
                if let Some(dir) = kept.parent() {
                    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
                }
                std::fs::copy(db_path, &kept).map_err(io_err(db_path))?;
                let wal = sidecar(db_path, "-wal");
                if wal.exists() {
                    std::fs::copy(&wal, sidecar(&kept, "-wal")).map_err(io_err(&wal))?;
                }
            }
        }
    }
    Ok(kept)
}
