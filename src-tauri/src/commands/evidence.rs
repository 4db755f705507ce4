//! 佐证材料: files attached to a task for a unit and period, and the 督察 binder. "Today" comes
//! from [`crate::today`], never from the core.

use std::path::PathBuf;

use taizhang::binder::Binder;
use taizhang::evidence::{Added, Evidence, Filter, TaskCount};
use taizhang::progress::Period;
use taizhang::Error;
use tauri::ipc::Channel;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use super::Progress;
use crate::{today, AppDb};

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("evidence")
        .invoke_handler(tauri::generate_handler![
            list, counts, pick, add, open, remove, restore, export
        ])
        .build()
}

fn period(s: &str) -> Result<Period, Error> {
    Ok(Period::parse(s)?)
}

/// The attachments of a task (every period when `period` is not given).
#[tauri::command(async)]
fn list(
    db: State<'_, AppDb>,
    task_id: Option<i64>,
    plan_id: Option<i64>,
    period: Option<String>,
) -> Result<Vec<Evidence>, Error> {
    let p = period.as_deref().map(self::period).transpose()?;
    let filter = Filter {
        plan_id,
        task_id,
        from: p,
        to: p,
        ..Default::default()
    };
    db.read(|db| taizhang::evidence::list(db.conn(), &filter))
}

/// How many attachments each task of the plan has (the badge in 任务清单).
#[tauri::command(async)]
fn counts(db: State<'_, AppDb>, plan_id: i64) -> Result<Vec<TaskCount>, Error> {
    db.read(|db| taizhang::evidence::counts(db.conn(), plan_id))
}

/// 添加佐证: the open dialog, several files of any type; empty when the clerk cancelled
/// (`TAIZHANG_E2E_PICK` answers it in the end-to-end tests).
#[tauri::command]
async fn pick<R: Runtime>(app: AppHandle<R>) -> Result<Vec<PathBuf>, Error> {
    if let Some(path) = crate::commands::import::e2e_pick() {
        return Ok(vec![path]);
    }
    let dialog = app.dialog().file().set_title("选择佐证材料（可多选）");
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_files())
        .await
        .map_err(|e| Error::Invalid(format!("无法打开文件选择窗口：{e}。请重试。")))?
        .unwrap_or_default();
    Ok(picked
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect())
}

/// Attaches files (picked or dropped on the task) for `unit` and `period`.
#[tauri::command(async)]
fn add(
    db: State<'_, AppDb>,
    task_id: i64,
    unit: String,
    period: String,
    files: Vec<PathBuf>,
) -> Result<Added, Error> {
    let p = self::period(&period)?;
    db.write(|db| taizhang::evidence::add(db, task_id, &unit, p, &files, today::today()))
}

/// 打开: a copy under the file's own name in the temporary folder, opened with the program the
/// system uses for its type.
#[tauri::command(async)]
fn open<R: Runtime>(app: AppHandle<R>, db: State<'_, AppDb>, id: i64) -> Result<PathBuf, Error> {
    let dir = std::env::temp_dir().join("taizhang-佐证材料");
    let path = db.read(|db| taizhang::evidence::copy_out(db, id, &dir))?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| {
            Error::Invalid(format!(
                "无法打开文件（{e}），可能没有能打开这种文件的程序。文件位于：{}",
                path.display()
            ))
        })?;
    Ok(path)
}

/// Moves an attachment to the 回收站.
#[tauri::command(async)]
fn remove(db: State<'_, AppDb>, id: i64) -> Result<Evidence, Error> {
    db.write(|db| taizhang::evidence::remove(db, id))
}

#[tauri::command(async)]
fn restore(db: State<'_, AppDb>, id: i64) -> Result<Evidence, Error> {
    db.write(|db| taizhang::evidence::restore(db, id))
}

/// 导出佐证材料: the binder of `from`..=`to` to `out` (a .zip, never over an existing file),
/// reporting each file written on `on_progress`.
#[tauri::command(async)]
fn export(
    db: State<'_, AppDb>,
    plan_id: i64,
    from: String,
    to: String,
    out: PathBuf,
    on_progress: Channel<Progress>,
) -> Result<Binder, Error> {
    let (from, to) = (period(&from)?, period(&to)?);
    db.read(|db| {
        taizhang::binder::export_with_progress(
            db,
            plan_id,
            from,
            to,
            &out,
            today::today(),
            &mut |done, total| {
                // A closed window only loses the progress bar, never the binder.
                let _ = on_progress.send(Progress { done, total });
            },
        )
    })
}
