//! 任务清单: list, add, edit, delete and undo.

use taizhang::task::{Task, TaskFilter, TaskInput};
use taizhang::trash::{TaskImpact, Trash};
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, State};

use crate::AppDb;

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("task")
        .invoke_handler(tauri::generate_handler![
            list, get, add, edit, expand, delete, undelete, impact, deleted
        ])
        .build()
}

/// The tasks `filter` asks for, each saying whether it is 逾期 today (`TAIZHANG_TODAY` in tests).
#[tauri::command(async)]
fn list(db: State<'_, AppDb>, filter: TaskFilter) -> Result<Vec<Task>, Error> {
    let today = crate::today::today();
    db.read(|db| taizhang::task::list_on(db, &filter, today))
}

#[tauri::command(async)]
fn get(db: State<'_, AppDb>, id: i64) -> Result<Task, Error> {
    db.read(|db| taizhang::task::get(db.conn(), id))
}

#[tauri::command(async)]
fn add(db: State<'_, AppDb>, input: TaskInput) -> Result<Task, Error> {
    db.write(|db| taizhang::task::add(db, &input))
}

#[tauri::command(async)]
fn edit(db: State<'_, AppDb>, id: i64, input: TaskInput) -> Result<Task, Error> {
    db.write(|db| taizhang::task::edit(db, id, &input))
}

/// Replaces a group phrase on the task by real units (none given: 各乡镇 → every 乡镇).
#[tauri::command(async)]
fn expand(
    db: State<'_, AppDb>,
    id: i64,
    phrase: String,
    units: Vec<String>,
) -> Result<Task, Error> {
    db.write(|db| taizhang::task::expand_phrase(db, id, &phrase, &units))
}

/// Deletes to the 回收站; returns the reports and units it affected.
#[tauri::command(async)]
fn delete(db: State<'_, AppDb>, id: i64) -> Result<TaskImpact, Error> {
    db.write(|db| taizhang::trash::delete_task(db, id))
}

/// What deleting the task would affect, for the confirmation.
#[tauri::command(async)]
fn impact(db: State<'_, AppDb>, id: i64) -> Result<TaskImpact, Error> {
    db.read(|db| taizhang::trash::task_impact(db, id))
}

/// The 回收站: deleted tasks and members.
#[tauri::command(async)]
fn deleted(db: State<'_, AppDb>) -> Result<Trash, Error> {
    db.read(taizhang::trash::list)
}

#[tauri::command(async)]
fn undelete(db: State<'_, AppDb>, id: i64) -> Result<Task, Error> {
    db.write(|db| taizhang::task::undelete(db, id))
}
