//! 发文单位: the 发文机关 under a 通报 and the 领导小组's name (设置, the roster print).

use taizhang::office::{Office, OfficeSettings};
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, State};

use crate::AppDb;

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("office")
        .invoke_handler(tauri::generate_handler![get, settings, save])
        .build()
}

/// The names as printed for `plan_id` (default: the latest plan), each with its source.
#[tauri::command(async)]
fn get(db: State<'_, AppDb>, plan_id: Option<i64>) -> Result<Office, Error> {
    db.read(|db| taizhang::office::of_plan(db, plan_id))
}

/// What the clerk entered (empty where the default is used).
#[tauri::command(async)]
fn settings(db: State<'_, AppDb>) -> Result<OfficeSettings, Error> {
    db.read(|db| taizhang::office::settings(db.conn()))
}

#[tauri::command(async)]
fn save(db: State<'_, AppDb>, settings: OfficeSettings) -> Result<OfficeSettings, Error> {
    db.write(|db| taizhang::office::save(db, &settings))
}
