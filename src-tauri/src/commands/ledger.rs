//! 导出: the 工作台账 of a period for every unit (with a progress bar), the 重点任务清单 and the
//! 领导小组名单, and the clerk's export options.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;
use taizhang::ledger::{ExportOptions, ExportedFile, LedgerRequest};
use taizhang::progress::Period;
use taizhang::Error;
use tauri::ipc::Channel;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use crate::AppDb;

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("ledger")
        .invoke_handler(tauri::generate_handler![
            export,
            export_task_list,
            export_roster,
            options,
            save_options,
            fixed_export_dir,
            reveal
        ])
        .build()
}

/// One step of an export, for the progress bar.
#[derive(Clone, Serialize)]
struct Progress {
    done: usize,
    total: usize,
}

/// Exports every unit's ledger for `period` (and the 汇总) into `out_dir`, reporting progress
/// on `on_progress`; returns the files written, the 汇总 last.
#[tauri::command(async)]
fn export(
    db: State<'_, AppDb>,
    plan_id: i64,
    period: Period,
    out_dir: PathBuf,
    on_progress: Channel<Progress>,
) -> Result<Vec<ExportedFile>, Error> {
    let req = LedgerRequest {
        plan_id,
        period,
        out_dir,
        unit: None,
    };
    db.read(|db| {
        let options = taizhang::ledger::load_options(db)?;
        taizhang::ledger::export_with_progress(db, &req, &options, &mut |done, total| {
            // A closed window only loses the progress bar, never the export.
            let _ = on_progress.send(Progress { done, total });
        })
    })
}

/// 导出重点任务清单 to the file chosen in the save dialog.
#[tauri::command(async)]
fn export_task_list(
    db: State<'_, AppDb>,
    plan_id: i64,
    path: PathBuf,
) -> Result<ExportedFile, Error> {
    db.read(|db| taizhang::ledger::export_task_list(db, plan_id, &path))
}

/// 导出领导小组名单 as serving on `on`.
#[tauri::command(async)]
fn export_roster(
    db: State<'_, AppDb>,
    on: NaiveDate,
    path: PathBuf,
) -> Result<ExportedFile, Error> {
    db.read(|db| taizhang::ledger::export_roster(db, on, &path))
}

#[tauri::command(async)]
fn options(db: State<'_, AppDb>) -> Result<ExportOptions, Error> {
    db.read(taizhang::ledger::load_options)
}

#[tauri::command(async)]
fn save_options(db: State<'_, AppDb>, options: ExportOptions) -> Result<(), Error> {
    db.write(|db| taizhang::ledger::save_options(db, &options))
}

/// `TAIZHANG_EXPORT_DIR` when set: exports go there without asking (the end-to-end tests set it,
/// as WebDriver cannot answer the system's folder dialog).
#[tauri::command(async)]
fn fixed_export_dir() -> Option<PathBuf> {
    std::env::var_os("TAIZHANG_EXPORT_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
}

/// 打开文件夹: shows `path` selected in the file manager. Done here rather than through the
/// opener plugin's JS API, so the window needs no opener permission or path scope.
#[tauri::command(async)]
fn reveal<R: Runtime>(app: AppHandle<R>, path: PathBuf) -> Result<(), Error> {
    app.opener().reveal_item_in_dir(&path).map_err(|e| {
        Error::Invalid(format!(
            "无法打开文件夹（{e}）。文件位于：{}",
            path.display()
        ))
    })
}
