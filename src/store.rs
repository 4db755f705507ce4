//! The SQLite store: opening, numbered migrations, backup and restore.
//!
//! Every area module owns its SQL; this module owns the file. A database newer than this program
//! is refused; an older one is copied aside before it is migrated.

mod error;
mod migrations;
mod restore;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction};

use crate::clock::Clock;

use error::io_err;
pub use error::StoreError;
#[cfg(test)]
pub(crate) use migrations::old_database;
pub use migrations::schema_version;
use migrations::{migrate, migration_list};

/// `PRAGMA application_id` of a taizhang database ("TZTZ").
pub const APPLICATION_ID: i32 = 0x545A_545A;

/// An open taizhang database.
pub struct Db {
    conn: Connection,
    path: Option<PathBuf>,
    clock: Clock,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.path).finish()
    }
}

impl Db {
    /// [`Db::open_with_clock`] with [`Clock::ticking`]: for tests and tools. The programs open
    /// with the computer's clock.
    pub fn open(path: &Path) -> Result<Db, StoreError> {
        Db::open_with_clock(path, Clock::ticking())
    }

    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    /// Every time stamp written through it, and the name of the copy kept before an upgrade,
    /// reads `clock`.
    ///
    /// Opening writes nothing to a database that is already up to date, so a read-only file or a
    /// full disk still lets the clerk look at the data.
    pub fn open_with_clock(path: &Path, clock: Clock) -> Result<Db, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                    StoreError::ReadOnlyFolder {
                        dir: dir.to_path_buf(),
                    }
                }
                _ => io_err(dir)(e),
            })?;
        }
        // SQLite would wait on a pipe, or fail on a folder with its own words.
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            return Err(StoreError::NotAFile {
                path: path.to_path_buf(),
            });
        }
        match Db::open_with(path, false, &clock) {
            // A full disk cannot grow the WAL's shared-memory file; without it (one program at a
            // time) the data can still be read.
            Err(StoreError::DiskFull) => Db::open_with(path, true, &clock),
            other => other,
        }
    }

    fn open_with(path: &Path, exclusive: bool, clock: &Clock) -> Result<Db, StoreError> {
        let conn = Connection::open(path).map_err(|e| locate(path, StoreError::from(e)))?;
        // Wait a moment for another program's lock (a backup being copied) before giving up.
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        if exclusive {
            let _mode: String =
                conn.query_row("PRAGMA locking_mode = EXCLUSIVE", [], |r| r.get(0))?;
        }
        let found = check_identity(&conn, path)?;
        let known = schema_version();
        if found > known {
            return Err(StoreError::NewerDatabase {
                path: path.to_path_buf(),
                found,
                known,
            });
        }
        if found > 0 && found < known {
            let copy = backup_path_for(path, &format!("升级前-v{found}"), clock);
            backup_connection(&conn, &copy)?;
        }
        let mut db = Db {
            conn,
            path: Some(path.to_path_buf()),
            clock: clock.clone(),
        };
        db.prepare().map_err(|e| locate(path, e))?;
        Ok(db)
    }

    /// An in-memory database with [`Clock::ticking`], for tests and previews.
    pub fn open_in_memory() -> Result<Db, StoreError> {
        let conn = Connection::open_in_memory()?;
        let mut db = Db {
            conn,
            path: None,
            clock: Clock::ticking(),
        };
        db.prepare()?;
        Ok(db)
    }

    /// Sets the connection up and migrates; writes only what is not already so.
    fn prepare(&mut self) -> Result<(), StoreError> {
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let clock = self.clock.clone();
        self.conn.create_scalar_function(
            NOW_FUNCTION,
            0,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8,
            move |_| Ok(clock.naive()),
        )?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        if self.path.is_some() {
            // journal_mode returns a row; query it rather than update.
            let mode: String = self
                .conn
                .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                let _mode: String = self
                    .conn
                    .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            }
            self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        migrate(&mut self.conn, None)?;
        let app_id: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            self.conn
                .pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        Ok(())
    }

    /// The clock the database was opened with.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The database file, or `None` for an in-memory database.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Read access to the connection, for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Starts a write transaction; callers commit it once all rows are written.
    pub fn transaction(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self.conn.transaction()?)
    }
}

/// Gives a path-less error of the database file its place: whose file is read-only or busy.
fn locate(path: &Path, e: StoreError) -> StoreError {
    let read_only = |path: &Path| match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) if !dir_writable(dir) => StoreError::ReadOnlyFolder {
            dir: dir.to_path_buf(),
        },
        _ => StoreError::ReadOnlyFile {
            path: path.to_path_buf(),
        },
    };
    match e {
        StoreError::Busy => StoreError::Locked {
            path: path.to_path_buf(),
        },
        StoreError::ReadOnly => read_only(path),
        StoreError::Sqlite(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) => {
            match read_only(path) {
                StoreError::ReadOnlyFile { .. } => StoreError::Open {
                    path: path.to_path_buf(),
                    detail: "系统拒绝打开这个文件".to_string(),
                },
                folder => folder,
            }
        }
        e => e,
    }
}

/// Whether a new file can be made in `dir` (tried, then removed).
pub(crate) fn dir_writable(dir: &Path) -> bool {
    let probe = dir.join(format!(".taizhang-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
        ),
    }
}

/// Checks that an existing file is a taizhang database and returns its schema version
/// (0 for a new, empty file).
fn check_identity(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    // A file another program holds locked, a full disk or a read-only folder keep a database
    // from being read too: say so, not "not a database".
    let not_db = |e: rusqlite::Error| match locate(path, StoreError::from(e)) {
        e @ (StoreError::Locked { .. }
        | StoreError::ReadOnlyFolder { .. }
        | StoreError::ReadOnlyFile { .. }
        | StoreError::DiskFull) => e,
        StoreError::Sqlite(e)
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::SystemIoFailure)
                && !dir_writable(path.parent().unwrap_or(Path::new("."))) =>
        {
            StoreError::ReadOnlyFolder {
                dir: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
            }
        }
        _ => StoreError::NotADatabase {
            path: path.to_path_buf(),
        },
    };
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(not_db)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(not_db)?;
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(not_db)?;
    if tables > 0 && app_id != APPLICATION_ID {
        return Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
        });
    }
    Ok(version)
}

/// Where the database lives when no `--db` is given: `TAIZHANG_DB`, else the OS data folder
/// (`%APPDATA%\taizhang\taizhang.db` on Windows, `~/.local/share/taizhang/taizhang.db` on Linux).
pub fn default_db_path() -> Result<PathBuf, StoreError> {
    if let Some(p) = std::env::var_os("TAIZHANG_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dirs = directories::BaseDirs::new().ok_or(StoreError::NoDataDir)?;
    Ok(dirs.data_dir().join("taizhang").join("taizhang.db"))
}

/// The SQL function that answers the clock of the [`Db`] whose connection it is asked on.
const NOW_FUNCTION: &str = "taizhang_now";

/// Now on the clock of the [`Db`] that `conn` (or a transaction of it) belongs to: code that
/// holds only a connection writes the caller's time, not the computer's. (The trigger that
/// records when a unit first got a task in a plan asks the same function, migration 0025.)
pub fn now(conn: &Connection) -> rusqlite::Result<chrono::NaiveDateTime> {
    conn.prepare_cached("SELECT taizhang_now()")?
        .query_row([], |r| r.get(0))
}

/// [`now`] as stored in the database (`YYYY-MM-DD HH:MM:SS`).
pub fn now_string(conn: &Connection) -> rusqlite::Result<String> {
    Ok(now(conn)?.format("%Y-%m-%d %H:%M:%S").to_string())
}

/// `<dir of db>/backups/<stem>-<label>-<timestamp>.db`
fn backup_path_for(db_path: &Path, label: &str, clock: &Clock) -> PathBuf {
    let dir = db_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .join("backups");
    let stem = db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "taizhang".to_string());
    let stamp = clock.now().format("%Y%m%d-%H%M%S%.3f");
    dir.join(format!("{stem}-{label}-{stamp}.db"))
}

/// Copies a live connection into `out` through a temporary file, so that `out` is either the
/// complete copy or untouched.
fn backup_connection(conn: &Connection, out: &Path) -> Result<(), StoreError> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    let tmp = out.with_extension("db.part");
    let result = conn
        .backup(rusqlite::MAIN_DB, &tmp, None)
        .map_err(StoreError::from)
        .and_then(|()| {
            same_mode(conn.path(), &tmp);
            std::fs::rename(&tmp, out).map_err(io_err(out))
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Gives a copy the permissions of the database file it copies, so that a database only its
/// owner may read is not copied into a file everyone may read (best effort).
fn same_mode(database: Option<&str>, copy: &Path) {
    if let Some(meta) = database
        .filter(|p| !p.is_empty())
        .and_then(|p| std::fs::metadata(p).ok())
    {
        let _ = std::fs::set_permissions(copy, meta.permissions());
    }
}

/// Writes a complete, consistent copy of the database to `out`.
pub fn backup(db: &Db, out: &Path) -> Result<(), StoreError> {
    backup_connection(&db.conn, out)
}

/// Replaces the database's content with the backup `from`; the replaced content is first saved
/// into the `backups` folder, whose file is returned. The backup is checked on a copy beside the
/// database first (see [`restore`](self::restore) the module); a refused backup changes nothing.
pub fn restore(db: &mut Db, from: &Path) -> Result<PathBuf, StoreError> {
    let base = match db.path() {
        Some(p) => p.to_path_buf(),
        None => default_db_path()?,
    };
    let dir = match db.path() {
        Some(p) => restore::folder_of(p),
        None => std::env::temp_dir(),
    };
    let copy = restore::checked_copy(from, &dir, &db.clock).map_err(|e| locate(&base, e))?;
    let kept = restore::keep(&base, Some(&db.conn), &db.clock).map_err(|e| locate(&base, e))?;
    if let Err(e) = restore::copy_over(copy.path(), &mut db.conn) {
        forget(&kept);
        return Err(locate(&base, e));
    }
    db.prepare()?;
    Ok(kept)
}

/// Replaces the database FILE at `db_path` with the backup `from`, also when the current file
/// cannot be opened (damaged, or written by a newer program). The backup is checked on a copy
/// first; the file being replaced is kept in the `backups` folder, whose path is returned. Names
/// and the reopening read `clock`.
pub fn restore_file(db_path: &Path, from: &Path, clock: &Clock) -> Result<PathBuf, StoreError> {
    let dir = restore::folder_of(db_path);
    let copy = restore::checked_copy(from, &dir, clock).map_err(|e| locate(db_path, e))?;
    match restore::open_live(db_path)? {
        Some(mut live) => {
            let kept =
                restore::keep(db_path, Some(&live), clock).map_err(|e| locate(db_path, e))?;
            if let Err(e) = restore::copy_over(copy.path(), &mut live) {
                drop(live);
                forget(&kept);
                return Err(locate(db_path, e));
            }
            drop(live);
            drop(copy);
            Db::open_with_clock(db_path, clock.clone())?;
            Ok(kept)
        }
        None => {
            let kept = restore::keep(db_path, None, clock).map_err(|e| locate(db_path, e))?;
            if let Err(e) = restore::replace_file(copy, db_path) {
                forget(&kept);
                return Err(locate(db_path, e));
            }
            Db::open_with_clock(db_path, clock.clone())?;
            Ok(kept)
        }
    }
}

/// Removes a kept copy that is not needed after all.
fn forget(kept: &Path) {
    for suffix in ["-wal", ""] {
        let _ = std::fs::remove_file(sidecar(kept, suffix));
    }
}

/// `<file><suffix>`, e.g. the `-wal` file beside a database.
fn sidecar(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Records one edit in the audit log, inside the caller's transaction.
pub fn audit(
    tx: &Transaction<'_>,
    entity: &str,
    entity_id: i64,
    action: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO audit_log (at, entity, entity_id, action, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![
            now_string(tx)?,
            entity,
            entity_id,
            action,
            before.map(|v| v.to_string()),
            after.map(|v| v.to_string()),
        ],
    )?;
    Ok(())
}

/// Records an edit of `entity` with its state before and after, inside the caller's transaction.
pub fn audit_edit<T: serde::Serialize>(
    tx: &Transaction<'_>,
    entity: &str,
    entity_id: i64,
    before: &T,
    after: &T,
) -> Result<(), StoreError> {
    audit(
        tx,
        entity,
        entity_id,
        "edit",
        serde_json::to_value(before).ok().as_ref(),
        serde_json::to_value(after).ok().as_ref(),
    )
}

/// Implements `From<rusqlite::Error>` for an area error that wraps [`StoreError`].
#[macro_export]
macro_rules! impl_from_sqlite {
    ($t:ty) => {
        impl From<rusqlite::Error> for $t {
            fn from(e: rusqlite::Error) -> Self {
                <$t>::from($crate::store::StoreError::from(e))
            }
        }
    };
}
