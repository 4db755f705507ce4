//! The SQLite store: opening, numbered migrations, backup and restore.
//!
//! Every area module owns its SQL; this module owns the file. A database newer than this program
//! is refused; an older one is copied aside before it is migrated.

use std::path::{Path, PathBuf};

use crate::error_kind::ErrorKind;
use rusqlite::{Connection, Transaction};
use rusqlite_migration::{Migrations, M};

mod restore;

/// `PRAGMA application_id` of a taizhang database ("TZTZ").
pub const APPLICATION_ID: i32 = 0x545A_545A;

/// The ordered schema migrations; the index + 1 is the `user_version` after each.
fn migration_list() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("store/0001_init.sql")),
        M::up(include_str!("store/0002_progress.sql")),
        M::up(include_str!("store/0003_remind.sql")),
        M::up(include_str!("store/0004_plan_import.sql")),
        M::up(include_str!("store/0005_import_batch.sql")),
        M::up(include_str!("store/0006_ledger_import.sql")),
        M::up(include_str!("store/0007_import_checks.sql")),
        M::up(include_str!("store/0008_kept_rows.sql")),
        M::up(include_str!("store/0009_replaced_by_index.sql")),
        M::up(include_str!("store/0010_received_on.sql")),
        M::up(include_str!("store/0011_ids_never_reused.sql")),
        M::up(include_str!("store/0012_board_moved_on.sql")),
        M::up(include_str!("store/0013_member_note.sql")),
        M::up(include_str!("store/0014_status_set.sql")),
        M::up(include_str!("store/0015_status_words.sql")),
        M::up(include_str!("store/0016_copied.sql")),
        M::up(include_str!("store/0017_group_phrases.sql")),
        M::up(include_str!("store/0018_evidence.sql")),
        M::up(include_str!("store/0025_plan_import_alias.sql")),
        M::up(include_str!("store/0022_report_lookups.sql")),
        M::up(include_str!("store/0019_evidence_from_ledgers.sql")),
        M::up(include_str!("store/0023_change_log.sql")),
        M::up(include_str!("store/0020_submission_print.sql")),
    ]
}

/// The schema version this program writes.
pub fn schema_version() -> i64 {
    migration_list().len() as i64
}

/// Errors of the store area: opening, migrating, backing up and restoring the database file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("无法打开数据库文件“{path}”：{detail}。请检查文件是否存在、是否被其他程序占用，以及是否有读写权限。")]
    Open { path: PathBuf, detail: String },
    #[error("文件“{path}”不是台账数据库（或已损坏）。请选择本软件“立即备份”生成的 .db 文件。")]
    NotADatabase { path: PathBuf },
    #[error("“{path}”不是一个普通文件（是文件夹、管道或设备），不能作为数据库。请用 --db 指定台账数据库文件（.db）。")]
    NotAFile { path: PathBuf },
    #[error("数据库文件已损坏（读到了损坏的数据），本次操作没有完成。请在“设置”中从备份恢复（恢复前会先检查备份文件），或联系技术支持。")]
    Damaged,
    #[error("数据库文件“{path}”被占用（正被其他程序占用，例如另一台电脑上打开的台账软件、正在复制它的备份或同步软件），本次操作没有写入任何内容。请关闭占用它的程序，稍候再试。")]
    Locked { path: PathBuf },
    #[error("数据库被占用（正被其他程序占用，例如另一台电脑上打开的台账软件、正在复制它的备份或同步软件），本次操作没有写入任何内容。请关闭占用它的程序，稍候再试。")]
    Busy,
    #[error("数据库“{path}”由更新版本的台账软件创建（数据版本 {found}，本程序支持到 {known}）。请升级本软件后再打开，数据未作任何改动。")]
    NewerDatabase {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("数据库“{path}”已损坏（完整性检查未通过：{detail}）。请从备份恢复，原文件未被替换。")]
    Corrupt { path: PathBuf, detail: String },
    /// A backup that failed a check before it could replace anything.
    #[error("备份文件“{path}”不能用来恢复：{reason}。当前数据库没有任何改动。请选择本软件“立即备份”生成的其他备份文件。")]
    BadBackup { path: PathBuf, reason: String },
    #[error("数据库文件“{path}”是只读的，不能保存修改（本次操作没有写入任何内容）。请在文件属性中取消“只读”，或请管理员给予写入权限，然后再试。")]
    ReadOnlyFile { path: PathBuf },
    #[error("数据库文件是只读的，不能保存修改（本次操作没有写入任何内容）。请在文件属性中取消“只读”，或请管理员给予写入权限，然后再试。")]
    ReadOnly,
    #[error("数据库所在的文件夹“{dir}”是只读的，台账软件不能在其中写入（数据库要在同一文件夹中建立临时文件）。请在文件夹属性中允许写入，或把数据库移到可写的文件夹（再用 --db 指定），然后再试。")]
    ReadOnlyFolder { dir: PathBuf },
    #[error("磁盘已满，不能保存修改（本次操作没有写入任何内容，已有的数据不受影响）。请清理磁盘空间（删除不需要的文件、清空回收站）后再试；查看数据不受影响。")]
    DiskFull,
    #[error("升级数据库结构失败：{0}。数据库已在升级前自动备份，请联系技术支持。")]
    Migrate(String),
    #[error("找不到本机的用户数据文件夹，请用 --db 指定数据库文件位置。")]
    NoDataDir,
    #[error("文件操作失败（{path}）：{}。{}", io_reason(.source), io_advice(.source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("数据库操作失败：{0}。请重试；如果反复出现，请在“设置”中从备份恢复。")]
    Sqlite(#[source] rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    /// Read-only files, a full disk and a busy database get their own message: the clerk can
    /// fix those, and a restore would not help.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::ReadOnly) => StoreError::ReadOnly,
            Some(C::DiskFull) => StoreError::DiskFull,
            Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy,
            Some(C::DatabaseCorrupt | C::NotADatabase) => StoreError::Damaged,
            _ if is_shm_full(&e) => StoreError::DiskFull,
            _ => StoreError::Sqlite(e),
        }
    }
}

/// SQLite could not grow the `-shm` file beside a WAL database: the disk is full.
fn is_shm_full(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE)
}

/// What went wrong with a file, in Chinese.
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "找不到这个文件或文件夹".to_string(),
        K::PermissionDenied => "没有权限（文件或文件夹是只读的）".to_string(),
        K::StorageFull => "磁盘已满".to_string(),
        K::ReadOnlyFilesystem => "磁盘是只读的".to_string(),
        K::IsADirectory => "这是一个文件夹，不是文件".to_string(),
        K::AlreadyExists => "文件已存在".to_string(),
        K::ResourceBusy => "文件被占用".to_string(),
        _ => match e.raw_os_error() {
            Some(code) => format!("系统错误 {code}"),
            None => "读写出错".to_string(),
        },
    }
}

/// What the clerk can do about it.
fn io_advice(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "请检查文件名和所在文件夹",
        K::PermissionDenied | K::ReadOnlyFilesystem => {
            "请在文件或文件夹属性中允许写入，或换一个可写的位置"
        }
        K::StorageFull => "请清理磁盘空间后再试",
        K::ResourceBusy => "请关闭占用它的程序后再试",
        _ => "请检查文件夹是否存在且可写",
    }
}

impl StoreError {
    /// Stable machine-readable kind for the UI and tooling.
    pub fn kind(&self) -> ErrorKind {
        match self {
            StoreError::NotADatabase { .. }
            | StoreError::NotAFile { .. }
            | StoreError::Damaged
            | StoreError::Corrupt { .. }
            | StoreError::BadBackup { .. } => ErrorKind::NotADatabase,
            StoreError::NewerDatabase { .. } => ErrorKind::NewerDatabase,
            StoreError::Locked { .. } | StoreError::Busy => ErrorKind::Locked,
            StoreError::ReadOnlyFile { .. }
            | StoreError::ReadOnly
            | StoreError::ReadOnlyFolder { .. }
            | StoreError::DiskFull
            | StoreError::Io { .. }
            | StoreError::NoDataDir
            | StoreError::Open { .. } => ErrorKind::Io,
            StoreError::Migrate(_) | StoreError::Sqlite(_) => ErrorKind::Database,
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// An open taizhang database.
pub struct Db {
    conn: Connection,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.path).finish()
    }
}

impl Db {
    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    ///
    /// Opening writes nothing to a database that is already up to date, so a read-only file or a
    /// full disk still lets the clerk look at the data.
    pub fn open(path: &Path) -> Result<Db, StoreError> {
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
        match Db::open_with(path, false) {
            // A full disk cannot grow the WAL's shared-memory file; without it (one program at a
            // time) the data can still be read.
            Err(StoreError::DiskFull) => Db::open_with(path, true),
            other => other,
        }
    }

    fn open_with(path: &Path, exclusive: bool) -> Result<Db, StoreError> {
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
            let copy = backup_path_for(path, &format!("升级前-v{found}"));
            backup_connection(&conn, &copy)?;
        }
        let mut db = Db {
            conn,
            path: Some(path.to_path_buf()),
        };
        db.prepare().map_err(|e| locate(path, e))?;
        Ok(db)
    }

    /// An in-memory database, for tests and previews.
    pub fn open_in_memory() -> Result<Db, StoreError> {
        let conn = Connection::open_in_memory()?;
        let mut db = Db { conn, path: None };
        db.prepare()?;
        Ok(db)
    }

    /// Sets the connection up and migrates; writes only what is not already so.
    fn prepare(&mut self) -> Result<(), StoreError> {
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
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

/// Brings the schema to `target` (the latest when `None`). Foreign keys are off while the
/// migrations rebuild tables, as SQLite documents; a rebuild copies every id unchanged, so no
/// reference can break (a restored backup's references are checked before and after).
fn migrate(conn: &mut Connection, target: Option<usize>) -> Result<(), StoreError> {
    let target = target.unwrap_or(migration_list().len());
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found >= target as i64 {
        return Ok(());
    }
    let mut list = migration_list();
    list.truncate(target);
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = Migrations::new(list).to_latest(conn).map_err(|e| match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => match StoreError::from(err) {
            StoreError::Sqlite(e) => StoreError::Migrate(e.to_string()),
            e => e,
        },
        e => StoreError::Migrate(e.to_string()),
    });
    conn.pragma_update(None, "foreign_keys", true)?;
    result
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

/// The current local time as stored in the database (`YYYY-MM-DD HH:MM:SS`).
pub fn now_string() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// `<dir of db>/backups/<stem>-<label>-<timestamp>.db`
fn backup_path_for(db_path: &Path, label: &str) -> PathBuf {
    let dir = db_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .join("backups");
    let stem = db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "taizhang".to_string());
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f");
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
    let copy = restore::checked_copy(from, &dir).map_err(|e| locate(&base, e))?;
    let kept = restore::keep(&base, Some(&db.conn)).map_err(|e| locate(&base, e))?;
    if let Err(e) = restore::copy_over(copy.path(), &mut db.conn) {
        forget(&kept);
        return Err(locate(&base, e));
    }
    db.prepare()?;
    Ok(kept)
}

/// Replaces the database FILE at `db_path` with the backup `from`, also when the current file
/// cannot be opened (damaged, or written by a newer program). The backup is checked on a copy
/// first; the file being replaced is kept in the `backups` folder, whose path is returned.
pub fn restore_file(db_path: &Path, from: &Path) -> Result<PathBuf, StoreError> {
    let dir = restore::folder_of(db_path);
    let copy = restore::checked_copy(from, &dir).map_err(|e| locate(db_path, e))?;
    match restore::open_live(db_path)? {
        Some(mut live) => {
            let kept = restore::keep(db_path, Some(&live)).map_err(|e| locate(db_path, e))?;
            if let Err(e) = restore::copy_over(copy.path(), &mut live) {
                drop(live);
                forget(&kept);
                return Err(locate(db_path, e));
            }
            drop(live);
            drop(copy);
            Db::open(db_path)?;
            Ok(kept)
        }
        None => {
            let kept = restore::keep(db_path, None).map_err(|e| locate(db_path, e))?;
            if let Err(e) = restore::replace_file(copy, db_path) {
                forget(&kept);
                return Err(locate(db_path, e));
            }
            Db::open(db_path)?;
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
            now_string(),
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

#[cfg(test)]
/// A database left at its first `n` migrations by an older version, with `sql` run on it
/// (for the tests of upgrades).
pub(crate) fn old_database(
    path: &Path,
    n: usize,
    foreign_keys: bool,
    sql: &str,
) -> Result<(), StoreError> {
    let mut conn = Connection::open(path)?;
    if foreign_keys {
        conn.pragma_update(None, "foreign_keys", true)?;
    }
    let mut list = migration_list();
    list.truncate(n);
    Migrations::new(list)
        .to_latest(&mut conn)
        .map_err(|e| StoreError::Migrate(e.to_string()))?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    conn.execute_batch(sql)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema version recorded in `conn`.
    fn user_version(conn: &Connection) -> Result<i64, StoreError> {
        Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    #[test]
    fn new_file_gets_latest_schema_and_identity() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
        let path = dir.path().join("sub").join("t.db");
        let db = Db::open(&path)?;
        let v = user_version(db.conn())?;
        assert_eq!(v, schema_version());
        let fk: i64 = db
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        assert_eq!(fk, 1);
        let mode: String = db
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        assert_eq!(mode, "wal");
        Ok(())
    }

    #[test]
    fn submissions_are_found_by_their_successor_through_an_index() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
        let db = Db::open(&dir.path().join("t.db"))?;
        // The lookups of an import's undo and of replaced_by's ON DELETE SET NULL.
        for sql in [
            "UPDATE submission SET replaced_by = NULL WHERE replaced_by = ?1",
            "SELECT id FROM submission WHERE replaced_by = ?1",
        ] {
            let mut stmt = db.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let steps: Vec<String> = stmt
                .query_map([1], |r| r.get::<_, String>(3))?
                .collect::<rusqlite::Result<_>>()?;
            assert!(
                steps.iter().any(|s| s.contains("submission_replaced_by")),
                "{sql}: {steps:?}"
            );
        }
        Ok(())
    }

    #[test]
    fn database_locked_by_another_program_is_reported_as_locked() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
        let path = dir.path().join("t.db");
        drop(Db::open(&path)?);
        // Another program holds the file: an exclusive lock, as `sqlite3` with
        // `PRAGMA locking_mode=EXCLUSIVE` does.
        let other = Connection::open(&path)?;
        let _mode: String = other.query_row("PRAGMA locking_mode = EXCLUSIVE", [], |r| r.get(0))?;
        let _n: i64 = other.query_row("SELECT count(*) FROM plan", [], |r| r.get(0))?;
        let started = std::time::Instant::now();
        let err = Db::open(&path).err();
        assert!(
            matches!(&err, Some(StoreError::Locked { path: p }) if p == &path),
            "{err:?}"
        );
        assert!(
            started.elapsed() >= std::time::Duration::from_secs(4),
            "waited for the lock"
        );
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("正被其他程序占用"), "{message}");
        // Released: it opens again.
        drop(other);
        Db::open(&path)?;
        Ok(())
    }

    #[test]
    fn older_database_is_backed_up_then_migrated() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
        let path = dir.path().join("old.db");
        old_database(
            &path,
            1,
            false,
            "INSERT INTO unit (name) VALUES ('县司法局')",
        )?;
        let db = Db::open(&path)?;
        let v = user_version(db.conn())?;
        assert_eq!(v, schema_version());
        let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .map_err(io_err(dir.path()))?
            .filter_map(Result::ok)
            .collect();
        assert_eq!(backups.len(), 1);
        let copy = Connection::open(backups[0].path())?;
        let old_v = user_version(&copy)?;
        assert_eq!(old_v, 1);
        let n: i64 = copy.query_row("SELECT count(*) FROM unit", [], |r| r.get(0))?;
        assert_eq!(n, 1);
        Ok(())
    }

    #[test]
    fn reports_imported_before_received_days_arrived_on_their_import_day() -> Result<(), StoreError>
    {
        let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
        let path = dir.path().join("v9.db");
        old_database(
            &path,
            9,
            false,
            "INSERT INTO plan (id, title, created_at) VALUES (1, '示例县方案', 'now');
                 INSERT INTO unit (id, name) VALUES (1, '县司法局');
                 INSERT INTO submission (id, plan_id, unit_id, period, received_at)
                     VALUES (1, 1, 1, '2025-09', '2025-10-08 16:20:00');",
        )?;
        let db = Db::open(&path)?;
        let on: Option<String> =
            db.conn()
                .query_row("SELECT received_on FROM submission WHERE id = 1", [], |r| {
                    r.get(0)
                })?;
        assert_eq!(on.as_deref(), Some("2025-10-08"));
        // Not a day: refused.
        assert!(db
            .conn()
            .execute(
                "UPDATE submission SET received_on = '10月8日' WHERE id = 1",
                []
            )
            .is_err());
        Ok(())
    }

    #[test]
    fn reports_survive_the_rebuild_of_their_tables_with_their_rules() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
        let path = dir.path().join("v6.db");
        old_database(
            &path,
            6,
            true,
            "INSERT INTO plan (id, title, created_at) VALUES (1, '示例县方案', 'now');
                 INSERT INTO unit (id, name) VALUES (1, '县司法局');
                 INSERT INTO task (id, plan_id, seq, title, created_at, updated_at)
                     VALUES (1, 1, 1, '推进依法行政', 'now', 'now');
                 INSERT INTO submission (id, plan_id, unit_id, period, received_at)
                     VALUES (1, 1, 1, '2025-09', 'now');
                 INSERT INTO progress (id, task_id, unit_id, period, text, status, source,
                                       submission_id, created_at)
                     VALUES (7, 1, 1, '2025-09', '已完成', 'done', 'ledger', 1, 'now'),
                            (8, 1, 1, '2025-09', '推进中', NULL, 'manual', NULL, 'now');
                 INSERT INTO ledger_import (id, imported_at, file_count, row_count)
                     VALUES (1, 'now', 1, 1);
                 INSERT INTO ledger_import_file (id, batch_id, seq, file_name, file_hash, file_size,
                     plan_id, unit_id, period, submission_id, row_count, entries, matched,
                     new_rows, unchanged_rows, empty_rows, unmatched_rows)
                     VALUES (1, 1, 0, 'a.xlsx', 'h', 1, 1, 1, '2025-09', 1, 1, 1, 1, 1, 0, 0, 0);
                 INSERT INTO ledger_import_row (file_id, seq, sheet, row, task_id, matched_by,
                                                progress, status)
                     VALUES (1, 0, '台账', 4, 1, 'key', '已完成', 'done');",
        )?;
        let db = Db::open(&path)?;
        let conn = db.conn();
        let rows: Vec<(i64, String, Option<String>)> = conn
            .prepare("SELECT id, text, status FROM progress ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        assert_eq!(
            rows,
            vec![
                (7, "已完成".to_string(), Some("done".to_string())),
                (8, "推进中".to_string(), None)
            ]
        );
        // The row read from the file moved into the file's list (0008), whole.
        let kept: (String, String, i64, String) = conn.query_row(
            "SELECT r.value ->> 'matched_by', r.value ->> 'progress', r.value ->> 'task_id',
                    r.value ->> 'sheet'
             FROM ledger_import_file f, json_each(f.read_rows) r WHERE f.id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        assert_eq!(
            kept,
            (
                "key".to_string(),
                "已完成".to_string(),
                1,
                "台账".to_string()
            )
        );
        // The rules are the same: a status outside the list is refused, NULL is allowed.
        let bad = conn.execute(
            "INSERT INTO progress (task_id, unit_id, period, status, created_at)
             VALUES (1, 1, '2025-10', 'finished', 'now')",
            [],
        );
        assert!(bad.is_err());
        // The foreign keys still cascade: deleting the submission takes its entries along.
        conn.execute("DELETE FROM submission WHERE id = 1", [])?;
        let left: i64 = conn.query_row("SELECT count(*) FROM progress", [], |r| r.get(0))?;
        assert_eq!(left, 1);
        let indexes: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index'
             AND tbl_name = 'progress' AND sql IS NOT NULL",
            [],
            |r| r.get(0),
        )?;
        // 0002's three, rebuilt by 0007, and 0022's lookup of a unit's latest report.
        assert_eq!(indexes, 4);
        Ok(())
    }

    #[test]
    fn window_restore_of_a_tampered_backup_changes_nothing() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
        let path = dir.path().join("t.db");
        let mut db = Db::open(&path)?;
        db.conn()
            .execute("INSERT INTO unit (name) VALUES ('县司法局')", [])?;
        let good = dir.path().join("good.db");
        backup(&db, &good)?;
        let bad = dir.path().join("bad.db");
        backup(&db, &bad)?;
        Connection::open(&bad)?.execute_batch(
            "CREATE TRIGGER wipe AFTER INSERT ON progress BEGIN DELETE FROM task; END;",
        )?;
        db.conn()
            .execute("INSERT INTO unit (name) VALUES ('县档案馆')", [])?;
        let units = |db: &Db| -> Result<i64, StoreError> {
            Ok(db
                .conn()
                .query_row("SELECT count(*) FROM unit", [], |r| r.get(0))?)
        };
        let err = restore(&mut db, &bad).err();
        assert!(
            matches!(&err, Some(StoreError::BadBackup { reason, .. }) if reason.contains("wipe")),
            "{err:?}"
        );
        assert_eq!(units(&db)?, 2);
        let triggers: i64 = db.conn().query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'wipe'",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(triggers, 0);
        // No temporary file is left beside the database, no kept copy in `backups`.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .map_err(io_err(dir.path()))?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("restore") || n == "backups")
            .collect();
        assert!(names.is_empty(), "{names:?}");
        // The good one goes in, and the database works on.
        restore(&mut db, &good)?;
        assert_eq!(units(&db)?, 1);
        db.conn()
            .execute("INSERT INTO unit (name) VALUES ('县档案馆')", [])?;
        Ok(())
    }

    #[test]
    fn a_full_disk_is_called_full_and_reads_still_work() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
        let db = Db::open(&dir.path().join("t.db"))?;
        let pages: i64 = db.conn().query_row("PRAGMA page_count", [], |r| r.get(0))?;
        db.conn().pragma_update(None, "max_page_count", pages)?;
        let big = "台账".repeat(20_000);
        let err = db
            .conn()
            .execute("INSERT INTO setting (key, value) VALUES ('k', ?1)", [&big])
            .map_err(StoreError::from)
            .err();
        assert!(matches!(err, Some(StoreError::DiskFull)), "{err:?}");
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("磁盘已满"), "{message}");
        assert!(!message.contains("备份恢复"), "{message}");
        let n: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM unit", [], |r| r.get(0))?;
        assert_eq!(n, 0);
        Ok(())
    }

    #[test]
    fn an_old_database_with_a_broken_reference_still_opens_after_the_id_rebuild(
    ) -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
        let path = dir.path().join("old.db");
        // A reference broken long ago: the upgrade must not lock the clerk out for it.
        old_database(
            &path,
            10,
            false,
            "PRAGMA foreign_keys = OFF;
                 INSERT INTO plan (id, title, created_at) VALUES (1, '示例县方案', 'now');
                 INSERT INTO unit_alias (alias, unit_id) VALUES ('旧简称', 99);",
        )?;
        let db = Db::open(&path)?;
        let v = user_version(db.conn())?;
        assert_eq!(v, schema_version());
        let title: String =
            db.conn()
                .query_row("SELECT title FROM plan WHERE id = 1", [], |r| r.get(0))?;
        assert_eq!(title, "示例县方案");
        Ok(())
    }

    #[test]
    fn newer_database_is_refused_and_left_alone() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
        let path = dir.path().join("t.db");
        drop(Db::open(&path)?);
        {
            let conn = Connection::open(&path)?;
            conn.pragma_update(None, "user_version", 99)?;
        }
        let err = Db::open(&path).err();
        assert!(matches!(
            err,
            Some(StoreError::NewerDatabase { found: 99, .. })
        ));
        let conn = Connection::open(&path)?;
        let v = user_version(&conn)?;
        assert_eq!(v, 99);
        Ok(())
    }

    #[test]
    fn foreign_sqlite_file_is_not_a_taizhang_database() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(io_err(Path::new("tmp")))?;
        let path = dir.path().join("other.db");
        {
            let conn = Connection::open(&path)?;
            conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")?;
        }
        assert!(matches!(
            Db::open(&path),
            Err(StoreError::NotADatabase { .. })
        ));
        Ok(())
    }
}
