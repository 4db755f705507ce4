//! 汇总报表: the 汇总台账, 进展统计 and 报送情况通报 of a plan for a range of months, and their
//! print-ready workbooks. "Today" (the day a report is generated on, and what counts as due)
//! comes from [`crate::today`], never from the core.

use std::path::PathBuf;

use serde::Serialize;
use taizhang::ledger::Existing;
use taizhang::progress::Period;
use taizhang::report::{Circular, Range, ReportKind, Stats, Summary};
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, State};

use crate::{today, AppDb};

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("report")
        .invoke_handler(tauri::generate_handler![summary, stats, circular, export])
        .build()
}

/// 汇总台账 of `from`..=`to`.
#[tauri::command(async)]
fn summary(db: State<'_, AppDb>, plan_id: i64, from: Period, to: Period) -> Result<Summary, Error> {
    db.read(|db| taizhang::report::summary(db, plan_id, Range { from, to }, today::today()))
}

/// 进展统计 of `from`..=`to`.
#[tauri::command(async)]
fn stats(db: State<'_, AppDb>, plan_id: i64, from: Period, to: Period) -> Result<Stats, Error> {
    db.read(|db| taizhang::report::stats(db, plan_id, Range { from, to }, today::today()))
}

/// 报送情况通报 of `from`..=`to` as of today.
#[tauri::command(async)]
fn circular(
    db: State<'_, AppDb>,
    plan_id: i64,
    from: Period,
    to: Period,
) -> Result<Circular, Error> {
    db.read(|db| taizhang::report::circular(db, plan_id, Range { from, to }, today::today()))
}

/// The workbook written by [`export`].
#[derive(Serialize)]
struct Exported {
    path: PathBuf,
    /// The file of the name asked for, kept (`path` then has another name).
    kept_existing: Option<PathBuf>,
}

/// Writes the print-ready workbook of the report `kind` for `from`..=`to` to `path` (chosen in
/// the save dialog, or under `TAIZHANG_EXPORT_DIR` in the end-to-end tests).
#[tauri::command(async)]
fn export(
    db: State<'_, AppDb>,
    plan_id: i64,
    kind: ReportKind,
    from: Period,
    to: Period,
    path: PathBuf,
    existing: Option<Existing>,
) -> Result<Exported, Error> {
    let range = Range { from, to };
    let existing = existing.unwrap_or_default();
    db.read(|db| {
        taizhang::report::export(db, kind, plan_id, range, today::today(), &path, existing)
    })
    .map(|w| Exported {
        path: w.path,
        kept_existing: w.kept_existing,
    })
}
