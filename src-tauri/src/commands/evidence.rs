//! 佐证材料: files attached to a task for a unit and period, and the 督察 binder. "Today" comes
//! from [`crate::today`], never from the core.

use std::path::PathBuf;

use taizhang::binder::Binder;
use taizhang::evidence::{Added, Evidence, Filter};
use taizhang::progress::Period;
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, State};

use crate::{today, AppDb};

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("evidence")
        .invoke_handler(tauri::generate_handler![list, add, remove, restore, export])
        .build()
}

fn period(s: &str) -> Result<Period, Error> {
    Ok(Period::parse(s).map_err(taizhang::evidence::EvidenceError::from)?)
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

/// Moves an attachment to the 回收站.
#[tauri::command(async)]
fn remove(db: State<'_, AppDb>, id: i64) -> Result<Evidence, Error> {
    db.write(|db| taizhang::evidence::remove(db, id))
}

#[tauri::command(async)]
fn restore(db: State<'_, AppDb>, id: i64) -> Result<Evidence, Error> {
    db.write(|db| taizhang::evidence::restore(db, id))
}

/// 导出佐证材料: the binder of `from`..=`to` to `out` (a .zip, never over an existing file).
#[tauri::command(async)]
fn export(
    db: State<'_, AppDb>,
    plan_id: i64,
    from: String,
    to: String,
    out: PathBuf,
) -> Result<Binder, Error> {
    let (from, to) = (period(&from)?, period(&to)?);
    db.read(|db| taizhang::binder::export(db, plan_id, from, to, &out, today::today()))
}
