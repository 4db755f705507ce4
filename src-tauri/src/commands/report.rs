//! 汇总报表: the 汇总台账, 进展统计 and 报送情况通报 of a plan for a range of months, and their
//! print-ready workbooks. "Today" (the day a report is generated on, and what counts as due)
//! comes from [`crate::today`], never from the core.

use std::path::PathBuf;

use serde::Serialize;
use taizhang::ledger::Existing;
use taizhang::progress::Period;
use taizhang::report::{Circular, Range, Report, ReportKind, Stats, Summary, SummaryPage};
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, State};

use crate::{today, AppDb};

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("report")
        .invoke_handler(tauri::generate_handler![
            summary,
            summary_page,
            stats,
            circular,
            export
        ])
        .build()
}

/// 汇总台账 of `from`..=`to`.
#[tauri::command(async)]
fn summary(db: State<'_, AppDb>, plan_id: i64, from: Period, to: Period) -> Result<Summary, Error> {
    db.read(|db| taizhang::report::summary(db, plan_id, Range { from, to }, today::today()))
}

/// A page of the 汇总台账 of `from`..=`to` as the window draws it: the tasks `offset`.. (at
/// most `limit`) under their headings, and how many tasks the whole report has.
#[tauri::command(async)]
fn summary_page(
    db: State<'_, AppDb>,
    plan_id: i64,
    from: Period,
    to: Period,
    offset: usize,
    limit: usize,
) -> Result<SummaryPage, Error> {
    db.read(|db| {
        taizhang::report::summary(db, plan_id, Range { from, to }, today::today())
            .map(|s| s.page(offset, limit))
    })
}

/// 进展统计 of `from`..=`to`.
#[tauri::command(async)]
fn stats(db: State<'_, AppDb>, plan_id: i64, from: Period, to: Period) -> Result<Stats, Error> {
    db.read(|db| taizhang::report::stats(db, plan_id, Range { from, to }, today::today()))
}

/// 报送情况通报 of `from`..=`to` as of today, with the clerk's 文号 if any.
#[tauri::command(async)]
fn circular(
    db: State<'_, AppDb>,
    plan_id: i64,
    from: Period,
    to: Period,
    doc_no: Option<String>,
) -> Result<Circular, Error> {
    db.read(|db| {
        taizhang::report::circular(db, plan_id, Range { from, to }, today::today())?
            .numbered(doc_no.as_deref())
    })
}

/// The workbook written by [`export`].
#[derive(Serialize)]
struct Exported {
    path: PathBuf,
    /// The file of the name asked for, kept (`path` then has another name).
    kept_existing: Option<PathBuf>,
}

/// Writes the print-ready workbook of the report `kind` for `range` to `path` (chosen in the
/// save dialog, or under `TAIZHANG_EXPORT_DIR` in the end-to-end tests), a 通报 with the
/// clerk's 文号 if any.
#[tauri::command(async)]
fn export(
    db: State<'_, AppDb>,
    plan_id: i64,
    kind: ReportKind,
    range: Range,
    path: PathBuf,
    existing: Option<Existing>,
    doc_no: Option<String>,
) -> Result<Exported, Error> {
    let existing = existing.unwrap_or_default();
    db.read(|db| {
        let report = match taizhang::report::build(db, kind, plan_id, range, today::today())? {
            Report::Circular(c) => Report::Circular(c.numbered(doc_no.as_deref())?),
            other => other,
        };
        taizhang::report::write(&report, &path, existing)
    })
    .map(|w| Exported {
        path: w.path,
        kept_existing: w.kept_existing,
    })
}
