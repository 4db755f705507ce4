//! 收件文件夹: the folder watched for returned ledgers, and what waits in 待导入.

use std::path::PathBuf;

use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{AppHandle, Runtime, State};

use crate::inbox::Inbox;
use crate::AppDb;

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("inbox")
        .invoke_handler(tauri::generate_handler![current, set_folder, rescan])
        .build()
}

/// The folder, its trouble if any, and the ledgers waiting.
#[tauri::command(async)]
fn current<R: Runtime>(app: AppHandle<R>) -> Inbox {
    crate::inbox::current(&app)
}

/// Sets (or with `None` clears) the inbox folder and reads it at once.
#[tauri::command(async)]
fn set_folder<R: Runtime>(
    app: AppHandle<R>,
    db: State<'_, AppDb>,
    path: Option<PathBuf>,
) -> Result<Option<PathBuf>, Error> {
    let set = db.write(|db| taizhang::inbox::set_folder(db, path.as_deref()))?;
    crate::inbox::wake(&app);
    Ok(set)
}

/// Reads the folder again now (after an import).
#[tauri::command(async)]
fn rescan<R: Runtime>(app: AppHandle<R>) {
    crate::inbox::wake(&app);
}
