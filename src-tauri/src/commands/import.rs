//! 导入: choosing files, then plan documents and task tables (→ a draft the clerk edits), 领导小组
//! 名单 (→ a roster draft) — preview, commit in one transaction, undo — and the 导入记录.
//!
//! Files are read here from the path the clerk chose in the dialog or dropped on the window; the
//! web page never reads files itself. For the end-to-end tests, `TAIZHANG_E2E_PICK` replaces the
//! native dialog: a list of paths (joined like `PATH`), each file choice taking the next one and
//! the last one repeating.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use serde::Deserialize;
use taizhang::backup::Change;
use taizhang::plan::draft::edit::{DraftEdit, SplitChoice};
use taizhang::plan::draft::{DraftTask, PlanDraft};
use taizhang::plan::history::ImportRecord;
use taizhang::plan::import::UndoReport;
use taizhang::plan::merge::MergePlan;
use taizhang::plan::roster::{RosterCommit, RosterDraft, RosterUndo};
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::AppDb;

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("import")
        .invoke_handler(tauri::generate_handler![
            pick,
            plan_draft,
            plan_rematch,
            plan_edit,
            plan_split_points,
            plan_commit,
            plan_merge_preview,
            plan_commit_into,
            plan_undo,
            roster_draft,
            roster_commit,
            roster_undo,
            history
        ])
        .build()
}

/// What the clerk is choosing files for; decides the dialog's title and filter.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Pick {
    /// One plan document or task table.
    Plan,
    /// One 领导小组名单.
    Roster,
    /// Returned ledgers, several at once.
    Ledgers,
    /// A folder of returned ledgers.
    LedgerFolder,
    /// A working-day calendar file (设置 → 工作日日历).
    Calendar,
}

static E2E_PICKS: AtomicUsize = AtomicUsize::new(0);

/// The next path of `TAIZHANG_E2E_PICK`, when set.
pub(crate) fn e2e_pick() -> Option<PathBuf> {
    let list = std::env::var_os("TAIZHANG_E2E_PICK").filter(|v| !v.is_empty())?;
    let paths: Vec<PathBuf> = std::env::split_paths(&list).collect();
    let i = E2E_PICKS.fetch_add(1, Ordering::SeqCst);
    paths.get(i.min(paths.len().saturating_sub(1))).cloned()
}

/// Shows the open dialog; the chosen paths, empty when the clerk cancelled.
#[tauri::command]
async fn pick<R: Runtime>(app: AppHandle<R>, what: Pick) -> Result<Vec<PathBuf>, Error> {
    if let Some(path) = e2e_pick() {
        return Ok(vec![path]);
    }
    let dialog = app.dialog().file();
    let picked = tauri::async_runtime::spawn_blocking(move || match what {
        Pick::Plan => dialog
            .set_title("选择方案文件")
            .add_filter(
                "方案正文或任务表",
                &["docx", "doc", "wps", "txt", "xlsx", "xls", "et"],
            )
            .blocking_pick_file()
            .into_iter()
            .collect(),
        Pick::Roster => dialog
            .set_title("选择领导小组名单")
            .add_filter(
                "名单表格或通知",
                &["xlsx", "xls", "et", "docx", "doc", "wps", "txt"],
            )
            .blocking_pick_file()
            .into_iter()
            .collect(),
        Pick::Ledgers => dialog
            .set_title("选择报回的工作台账（可多选）")
            .add_filter("Excel 工作簿", &["xlsx", "xls"])
            .blocking_pick_files()
            .unwrap_or_default(),
        Pick::LedgerFolder => dialog
            .set_title("选择存放工作台账的文件夹")
            .blocking_pick_folder()
            .into_iter()
            .collect(),
        Pick::Calendar => dialog
            .set_title("选择工作日日历文件")
            .add_filter("工作日日历（JSON）", &["json"])
            .blocking_pick_file()
            .into_iter()
            .collect(),
    })
    .await
    .map_err(|e| Error::Io(format!("无法打开文件选择窗口：{e}。请重试。")))?;
    Ok(picked
        .into_iter()
        .filter_map(|p: tauri_plugin_dialog::FilePath| p.into_path().ok())
        .collect())
}

/// Reads a plan document (.docx/.doc/.wps/.txt) or task table (.xlsx/.xls/.et) into a draft.
/// Writes nothing.
#[tauri::command(async)]
fn plan_draft(db: State<'_, AppDb>, path: PathBuf) -> Result<PlanDraft, Error> {
    db.read(|db| taizhang::plan::import::draft_from_file(db.conn(), &path))
}

/// Matches the units of an edited draft again (keeps the clerk's choices).
#[tauri::command(async)]
fn plan_rematch(db: State<'_, AppDb>, mut draft: PlanDraft) -> Result<PlanDraft, Error> {
    db.read(|db| taizhang::plan::import::match_units(db.conn(), &mut draft))?;
    Ok(draft)
}

/// Applies one preview edit (units for several tasks, split, merge, promote, 转为简体) and
/// matches the units again. Writes nothing.
#[tauri::command(async)]
fn plan_edit(db: State<'_, AppDb>, draft: PlanDraft, edit: DraftEdit) -> Result<PlanDraft, Error> {
    db.read(|db| taizhang::plan::import::edit(db.conn(), draft, &edit))
}

/// The sentence boundaries of a task where the split dialog offers to split it.
#[tauri::command(async)]
fn plan_split_points(task: DraftTask) -> Vec<SplitChoice> {
    taizhang::plan::draft::edit::split_points(&task)
}

/// Writes the edited draft as a new plan in one transaction; returns its id.
#[tauri::command(async)]
fn plan_commit(db: State<'_, AppDb>, draft: PlanDraft) -> Result<i64, Error> {
    db.write_backed_up(Change::PlanImport, |db| {
        taizhang::plan::import::commit(db, &draft)
    })
}

/// What importing the draft into an existing plan would change. Writes nothing.
#[tauri::command(async)]
fn plan_merge_preview(
    db: State<'_, AppDb>,
    plan_id: i64,
    draft: PlanDraft,
) -> Result<MergePlan, Error> {
    db.read(|db| taizhang::plan::merge::preview(db.conn(), plan_id, &draft))
}

/// Imports the draft into an existing plan in one transaction.
#[tauri::command(async)]
fn plan_commit_into(
    db: State<'_, AppDb>,
    plan_id: i64,
    draft: PlanDraft,
) -> Result<MergePlan, Error> {
    db.write_backed_up(Change::PlanImport, |db| {
        taizhang::plan::merge::commit_into(db, plan_id, &draft)
    })
}

/// Undoes the newest import into the plan (or the import that created it).
#[tauri::command(async)]
fn plan_undo(db: State<'_, AppDb>, plan_id: i64) -> Result<UndoReport, Error> {
    db.write_backed_up(Change::Undo, |db| taizhang::plan::import::undo(db, plan_id))
}

/// Reads a 领导小组名单 (a workbook, or a notice listing the group) and compares it with the
/// group. Writes nothing.
#[tauri::command(async)]
fn roster_draft(
    db: State<'_, AppDb>,
    path: PathBuf,
    on: Option<NaiveDate>,
) -> Result<RosterDraft, Error> {
    db.read(|db| taizhang::plan::roster::draft_from_file(db.conn(), &path, on))
}

#[tauri::command(async)]
fn roster_commit(db: State<'_, AppDb>, draft: RosterDraft) -> Result<RosterCommit, Error> {
    db.write(|db| taizhang::plan::roster::commit(db, &draft))
}

/// Undoes a roster import (the newest when `batch_id` is absent).
#[tauri::command(async)]
fn roster_undo(db: State<'_, AppDb>, batch_id: Option<i64>) -> Result<RosterUndo, Error> {
    db.write_backed_up(Change::Undo, |db| {
        taizhang::plan::roster::undo(db, batch_id)
    })
}

/// 导入记录 of plans and rosters, newest first.
#[tauri::command(async)]
fn history(db: State<'_, AppDb>) -> Result<Vec<ImportRecord>, Error> {
    db.read(taizhang::plan::history::list)
}
