//! The store's errors, with what the clerk can do about each.

use std::path::{Path, PathBuf};

use crate::error_kind::ErrorKind;

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

pub(super) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}
