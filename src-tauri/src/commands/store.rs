//! 设置: where the database is, back up, restore, about.

use std::path::PathBuf;

use serde::Serialize;
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{AppHandle, Runtime, State};

use crate::AppDb;

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("store")
        .invoke_handler(tauri::generate_handler![
            info, backup_now, backup_to, restore
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

/// 立即备份: copies the database into the backups folder beside it; returns the new file.
#[tauri::command(async)]
fn backup_now(db: State<'_, AppDb>) -> Result<PathBuf, Error> {
    db.read(taizhang::store::backup_to_folder)
}

/// 另存备份: copies the database to a file the clerk chose in the save dialog.
#[tauri::command(async)]
fn backup_to(db: State<'_, AppDb>, path: PathBuf) -> Result<(), Error> {
    db.read(|db| taizhang::store::backup(db, &path))
}

/// 恢复: replaces the database with a backup; returns where the replaced file was kept.
#[tauri::command(async)]
fn restore(db: State<'_, AppDb>, path: PathBuf) -> Result<PathBuf, Error> {
    db.restore(&path)
}
