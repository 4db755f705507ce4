//! 工作日日历: import a newer holiday calendar file, list and undo imports.

use std::path::PathBuf;

use serde::Serialize;
use taizhang::calendar::Imported;
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{AppHandle, Runtime, State};

use crate::{tray, AppDb};

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("calendar")
        .invoke_handler(tauri::generate_handler![info, import_file, undo_import])
        .build()
}

/// What 设置 shows about the calendar in use.
#[derive(Serialize)]
struct CalendarInfo {
    /// Years the calendar covers (built-in and imported), ascending.
    years: Vec<i32>,
    /// The clerk's imports, newest first.
    imports: Vec<Imported>,
}

#[tauri::command(async)]
fn info(db: State<'_, AppDb>) -> Result<CalendarInfo, Error> {
    db.read(|db| -> Result<CalendarInfo, Error> {
        let cal = taizhang::calendar::load(db.conn())?;
        let mut years: Vec<i32> = cal.years().map(|y| y.year).collect();
        years.sort_unstable();
        let imports = taizhang::calendar::imports(db.conn())?;
        Ok(CalendarInfo { years, imports })
    })
}

/// Imports a calendar file the clerk chose; a bad file is refused and the old calendar stays.
#[tauri::command(async)]
fn import_file<R: Runtime>(
    app: AppHandle<R>,
    db: State<'_, AppDb>,
    path: PathBuf,
) -> Result<Imported, Error> {
    let imported = db.write(|db| taizhang::calendar::import_file(db, &path))?;
    tray::refresh(&app);
    Ok(imported)
}

/// Undoes the newest calendar import; returns the import that was removed.
#[tauri::command(async)]
fn undo_import<R: Runtime>(app: AppHandle<R>, db: State<'_, AppDb>) -> Result<Imported, Error> {
    let undone = db.write(taizhang::calendar::undo_import)?;
    tray::refresh(&app);
    Ok(undone)
}
