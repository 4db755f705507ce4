//! 设置: where the database is, back up, restore, about.

use std::path::PathBuf;

use serde::Serialize;
use taizhang::backup::{BackupEntry, Keep, RestorePreview};
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{AppHandle, Runtime, State};

use crate::AppDb;

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("store")
        .invoke_handler(tauri::generate_handler![
            info,
            backup_now,
            backup_to,
            restore,
            backups,
            backup_keep,
            save_backup_keep,
            restore_preview,
            daily_backup
        ])
        .build()
}

/// What the 设置 page shows under 关于.
#[derive(Serialize)]
struct Info {
    db_path: PathBuf,
    version: String,
    schema_version: i64,
}

#[tauri::command(async)]
fn info<R: Runtime>(app: AppHandle<R>, db: State<'_, AppDb>) -> Result<Info, Error> {
    let version = app.package_info().version.to_string();
    Ok(Info {
        db_path: db.path()?,
        version,
        schema_version: taizhang::store::schema_version(),
    })
}

/// 立即备份: copies the database and its evidence files into the backups folder beside it;
/// returns the new file.
#[tauri::command(async)]
fn backup_now(db: State<'_, AppDb>) -> Result<PathBuf, Error> {
    db.read(|db| taizhang::backup::manual(db, crate::today::today()))
}

/// 另存备份: copies the database (and its evidence files beside it) to a file the clerk chose
/// in the save dialog.
#[tauri::command(async)]
fn backup_to(db: State<'_, AppDb>, path: PathBuf) -> Result<(), Error> {
    db.read(|db| taizhang::backup::to_file(db, &path).map(|_| ()))
}

/// 恢复: replaces the database with a backup and brings back its evidence files that are
/// missing; returns where the replaced file was kept.
#[tauri::command(async)]
fn restore(db: State<'_, AppDb>, path: PathBuf) -> Result<PathBuf, Error> {
    let kept = db.restore(&path)?;
    taizhang::backup::restore_evidence(&db.path()?, &path)?;
    Ok(kept)
}

/// The copies in the backups folder, newest first, with what each holds.
#[tauri::command(async)]
fn backups(db: State<'_, AppDb>) -> Result<Vec<BackupEntry>, Error> {
    Ok(taizhang::backup::list(&db.path()?))
}

/// How many automatic copies the rotation keeps.
#[tauri::command(async)]
fn backup_keep(db: State<'_, AppDb>) -> Result<Keep, Error> {
    db.read(|db| taizhang::backup::keep(db.conn()))
}

#[tauri::command(async)]
fn save_backup_keep(db: State<'_, AppDb>, keep: Keep) -> Result<Keep, Error> {
    db.write(|db| taizhang::backup::set_keep(db, keep))
}

/// What restoring `path` would change (counts now and in the backup). Writes nothing.
#[tauri::command(async)]
fn restore_preview(db: State<'_, AppDb>, path: PathBuf) -> Result<RestorePreview, Error> {
    db.read(|db| taizhang::backup::preview(db, &path))
}

/// Today's automatic backup: done, or why it failed.
#[tauri::command(async)]
fn daily_backup<R: Runtime>(app: AppHandle<R>) -> Option<crate::autobackup::Daily> {
    crate::autobackup::last(&app)
}
