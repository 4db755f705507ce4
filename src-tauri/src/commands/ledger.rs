//! 导出: the 工作台账 of a period for every unit (with a progress bar), the 重点任务清单 and the
//! 领导小组名单, and the clerk's export options. 导入 of the ledgers the units send back:
//! preview → commit (with a progress bar) → undo, the batches of 导入记录, and the 汇总 of a
//! period with the diff against the previous one.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;
use taizhang::ledger::consolidate::{
    Consolidated, ConsolidatedPage, ConsolidatedQuery, HistoryEntry, UnitStatus,
};
use taizhang::ledger::import::{
    BatchFile, BatchPage, BatchSummary, CommitChoices, CommitReport, ImportOptions, ImportPreview,
    ReadRow, ReceivedChange, UndoReport,
};
use taizhang::ledger::{Existing, ExportOptions, ExportedFile, LedgerRequest};
use taizhang::progress::Period;
use taizhang::status::StatusWord;
use taizhang::task::Status;
use taizhang::Error;
use tauri::ipc::Channel;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use super::Progress;
use crate::AppDb;

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("ledger")
        .invoke_handler(tauri::generate_handler![
            export,
            export_conflicts,
            export_task_list,
            export_roster,
            options,
            save_options,
            fixed_export_dir,
            reveal,
            import_preview,
            import_commit,
            import_undo,
            import_batches,
            import_batch_page,
            import_batch_files,
            set_received,
            import_rows,
            consolidated,
            export_consolidated,
            consolidated_page,
            status,
            periods,
            task_history,
            status_words,
            set_status_word,
            remove_status_word,
            copied_threshold,
            set_copied_threshold
        ])
        .build()
}

/// Exports every unit's ledger for `period` (and the 汇总) into `out_dir`, reporting progress
/// on `on_progress`; returns the files written, the 汇总 last. Files already there are kept
/// unless `existing` says to replace those this app wrote.
#[tauri::command(async)]
fn export(
    db: State<'_, AppDb>,
    plan_id: i64,
    period: Period,
    out_dir: PathBuf,
    existing: Option<Existing>,
    on_progress: Channel<Progress>,
) -> Result<Vec<ExportedFile>, Error> {
    let req = LedgerRequest {
        plan_id,
        period,
        out_dir,
        unit: None,
        existing: existing.unwrap_or_default(),
    };
    db.read(|db| {
        let options = taizhang::ledger::load_options(db)?;
        taizhang::ledger::export_with_progress(db, &req, &options, &mut |done, total| {
            // A closed window only loses the progress bar, never the export.
            let _ = on_progress.send(Progress { done, total });
        })
    })
}

/// The files of an export of `period` into `out_dir` that are already there, for asking the
/// clerk before exporting.
#[tauri::command(async)]
fn export_conflicts(
    db: State<'_, AppDb>,
    plan_id: i64,
    period: Period,
    out_dir: PathBuf,
) -> Result<Vec<PathBuf>, Error> {
    let req = LedgerRequest {
        plan_id,
        period,
        out_dir,
        unit: None,
        existing: Existing::KeepBoth,
    };
    db.read(|db| taizhang::ledger::export::existing_files(db, &req))
}

/// 导出重点任务清单 to the file chosen in the save dialog.
#[tauri::command(async)]
fn export_task_list(
    db: State<'_, AppDb>,
    plan_id: i64,
    path: PathBuf,
    existing: Option<Existing>,
) -> Result<ExportedFile, Error> {
    let existing = existing.unwrap_or_default();
    db.read(|db| taizhang::ledger::export_task_list(db, plan_id, &path, existing))
}

/// 导出领导小组名单 as serving on `on`.
#[tauri::command(async)]
fn export_roster(
    db: State<'_, AppDb>,
    on: NaiveDate,
    path: PathBuf,
    existing: Option<Existing>,
) -> Result<ExportedFile, Error> {
    let existing = existing.unwrap_or_default();
    db.read(|db| taizhang::ledger::export_roster(db, on, &path, existing))
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
        Error::Io(format!(
            "无法打开文件夹（{e}）。文件位于：{}",
            path.display()
        ))
    })
}

/// Reads the returned ledgers and shows what importing them would do. Writes nothing.
#[tauri::command(async)]
fn import_preview(
    db: State<'_, AppDb>,
    files: Vec<PathBuf>,
    mut options: ImportOptions,
) -> Result<ImportPreview, Error> {
    // 收到日期 is checked against the app's today (`TAIZHANG_TODAY`).
    options.today = Some(crate::today::today());
    db.read(|db| taizhang::ledger::import::preview(db, &files, &options))
}

/// Writes the importable files of the preview as one batch, reporting progress on
/// `on_progress`.
#[tauri::command(async)]
fn import_commit(
    db: State<'_, AppDb>,
    preview: ImportPreview,
    mut choices: CommitChoices,
    on_progress: Channel<Progress>,
) -> Result<CommitReport, Error> {
    choices.today = Some(crate::today::today());
    db.write(|db| {
        taizhang::ledger::import::commit(db, &preview, &choices, &mut |done, total| {
            // A closed window only loses the progress bar, never the import.
            let _ = on_progress.send(Progress { done, total });
        })
    })
}

/// Corrects the day a report arrived (not after the app's today, not before its period opens),
/// in the audit log.
#[tauri::command(async)]
fn set_received(
    db: State<'_, AppDb>,
    submission_id: i64,
    day: NaiveDate,
) -> Result<ReceivedChange, Error> {
    db.write(|db| {
        taizhang::ledger::import::set_received(db, submission_id, day, crate::today::today())
    })
}

/// Undoes a ledger import batch exactly.
#[tauri::command(async)]
fn import_undo(db: State<'_, AppDb>, batch: i64) -> Result<UndoReport, Error> {
    db.write_backed_up(taizhang::backup::Change::Undo, |db| {
        taizhang::ledger::import::undo(db, batch)
    })
}

/// The ledger import batches, newest first, each with every file: from `offset` (default 0),
/// at most `limit` (default all).
#[tauri::command(async)]
fn import_batches(
    db: State<'_, AppDb>,
    offset: Option<usize>,
    limit: Option<usize>,
) -> Result<Vec<BatchSummary>, Error> {
    db.read(|db| {
        taizhang::ledger::import::list_batches_from(
            db,
            offset.unwrap_or(0),
            limit.unwrap_or(usize::MAX),
        )
    })
}

/// A page of the ledger import batches, newest first, each with its first files.
#[tauri::command(async)]
fn import_batch_page(
    db: State<'_, AppDb>,
    offset: usize,
    limit: usize,
) -> Result<BatchPage, Error> {
    db.read(|db| taizhang::ledger::import::batch_page(db, offset, limit))
}

/// Every file of one ledger import batch.
#[tauri::command(async)]
fn import_batch_files(db: State<'_, AppDb>, batch: i64) -> Result<Vec<BatchFile>, Error> {
    db.read(|db| taizhang::ledger::import::batch_files(db, batch))
}

/// Every row read from the file of submission `submission_id`, matched or not.
#[tauri::command(async)]
fn import_rows(db: State<'_, AppDb>, submission_id: i64) -> Result<Vec<ReadRow>, Error> {
    db.read(|db| taizhang::ledger::import::read_rows(db, submission_id))
}

/// All units' reports of `period`, task by task, with the diff against the previous period.
#[tauri::command(async)]
fn consolidated(db: State<'_, AppDb>, plan_id: i64, period: Period) -> Result<Consolidated, Error> {
    db.read(|db| taizhang::ledger::consolidate::consolidated(db, plan_id, period))
}

/// The workbook written by [`export_consolidated`].
#[derive(Serialize)]
struct WrittenWorkbook {
    path: PathBuf,
    /// The file of the name asked for, kept (`path` then has another name).
    kept_existing: Option<PathBuf>,
}

/// Writes 汇总查看 of `period` as a print-ready workbook to `path` (chosen in the save dialog,
/// or under `TAIZHANG_EXPORT_DIR` in the end-to-end tests).
#[tauri::command(async)]
fn export_consolidated(
    db: State<'_, AppDb>,
    plan_id: i64,
    period: Period,
    path: PathBuf,
    existing: Option<Existing>,
) -> Result<WrittenWorkbook, Error> {
    db.read(|db| -> Result<_, Error> {
        let view = taizhang::ledger::consolidate::consolidated(db, plan_id, period)?;
        let plan = taizhang::plan::get(db.conn(), plan_id)?;
        Ok(taizhang::ledger::consolidated_sheet::write_consolidated(
            &view,
            &plan.title,
            crate::today::today(),
            &path,
            existing.unwrap_or_default(),
        )?)
    })
    .map(|w| WrittenWorkbook {
        path: w.path,
        kept_existing: w.kept_existing,
    })
}

/// One page of the consolidated view of `period`, filtered as `query` says.
#[tauri::command(async)]
fn consolidated_page(
    db: State<'_, AppDb>,
    plan_id: i64,
    period: Period,
    query: ConsolidatedQuery,
) -> Result<ConsolidatedPage, Error> {
    db.read(|db| taizhang::ledger::consolidate::consolidated_page(db, plan_id, period, &query))
}

/// Every unit that reports on the plan: whether and when it reported for `period`.
#[tauri::command(async)]
fn status(db: State<'_, AppDb>, plan_id: i64, period: Period) -> Result<Vec<UnitStatus>, Error> {
    db.read(|db| taizhang::ledger::consolidate::period_status(db, plan_id, period))
}

/// The periods with reports on the plan, newest first.
#[tauri::command(async)]
fn periods(db: State<'_, AppDb>, plan_id: i64) -> Result<Vec<Period>, Error> {
    db.read(|db| taizhang::ledger::consolidate::reported_periods(db, plan_id))
}

/// Every report on a task across periods, replaced reports included.
#[tauri::command(async)]
fn task_history(db: State<'_, AppDb>, task_id: i64) -> Result<Vec<HistoryEntry>, Error> {
    db.read(|db| taizhang::ledger::consolidate::task_history(db, task_id))
}

/// 设置 → 完成状态用语: the clerk's table of status words.
#[tauri::command(async)]
fn status_words(db: State<'_, AppDb>) -> Result<Vec<StatusWord>, Error> {
    db.read(|db| taizhang::status::words(db.conn()))
}

/// Records that a department's `word` means `status` (replacing an earlier meaning).
#[tauri::command(async)]
fn set_status_word(
    db: State<'_, AppDb>,
    word: String,
    status: Status,
) -> Result<StatusWord, Error> {
    db.write(|db| taizhang::status::set_word(db, &word, status))
}

/// Removes `word` from the table.
#[tauri::command(async)]
fn remove_status_word(db: State<'_, AppDb>, word: String) -> Result<(), Error> {
    db.write(|db| taizhang::status::remove_word(db, &word))
}

/// 照抄识别的相似度阈值 (设置).
#[tauri::command(async)]
fn copied_threshold(db: State<'_, AppDb>) -> Result<f64, Error> {
    db.read(|db| taizhang::copied::threshold(db.conn()))
}

/// Sets the 照抄 threshold (0.5–1); returns it as stored.
#[tauri::command(async)]
fn set_copied_threshold(db: State<'_, AppDb>, threshold: f64) -> Result<f64, Error> {
    db.write(|db| taizhang::copied::set_threshold(db, threshold))
}
