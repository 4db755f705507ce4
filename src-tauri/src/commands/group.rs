//! 领导小组: the roster, with effective dates.

use chrono::NaiveDate;
use taizhang::group::{Member, MemberInput};
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, State};

use crate::AppDb;

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("group")
        .invoke_handler(tauri::generate_handler![list, add, edit, delete, undelete])
        .build()
}

/// The roster; with `on`, only the members serving on that date.
#[tauri::command(async)]
fn list(db: State<'_, AppDb>, on: Option<NaiveDate>) -> Result<Vec<Member>, Error> {
    db.read(|db| taizhang::group::list(db, on))
}

#[tauri::command(async)]
fn add(db: State<'_, AppDb>, input: MemberInput) -> Result<Member, Error> {
    db.write(|db| taizhang::group::add(db, &input))
}

#[tauri::command(async)]
fn edit(db: State<'_, AppDb>, id: i64, input: MemberInput) -> Result<Member, Error> {
    db.write(|db| taizhang::group::edit(db, id, &input))
}

#[tauri::command(async)]
fn delete(db: State<'_, AppDb>, id: i64) -> Result<(), Error> {
    db.write(|db| taizhang::group::delete(db, id))
}

#[tauri::command(async)]
fn undelete(db: State<'_, AppDb>, id: i64) -> Result<Member, Error> {
    db.write(|db| taizhang::group::undelete(db, id))
}
