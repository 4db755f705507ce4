//! 责任单位: the directory of departments, townships and groups.

use taizhang::unit::{GroupRepair, Unit, UnitInput};
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, State};

use crate::AppDb;

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("unit")
        .invoke_handler(tauri::generate_handler![
            list,
            add,
            edit,
            phrase_members,
            repair_groups
        ])
        .build()
}

#[tauri::command(async)]
fn list(db: State<'_, AppDb>) -> Result<Vec<Unit>, Error> {
    db.read(taizhang::unit::list)
}

#[tauri::command(async)]
fn add(db: State<'_, AppDb>, input: UnitInput) -> Result<Unit, Error> {
    db.write(|db| taizhang::unit::add(db, &input))
}

#[tauri::command(async)]
fn edit(db: State<'_, AppDb>, id: i64, input: UnitInput) -> Result<Unit, Error> {
    db.write(|db| taizhang::unit::edit(db, id, &input))
}

/// The units a group phrase stands for without a choice (各乡镇 → every 乡镇).
#[tauri::command(async)]
fn phrase_members(db: State<'_, AppDb>, phrase: String) -> Result<Vec<String>, Error> {
    db.read(|db| taizhang::unit::phrase_members(db.conn(), &phrase))
}

/// Turns group phrases held as units back into task text (units with reports are kept).
#[tauri::command(async)]
fn repair_groups(db: State<'_, AppDb>) -> Result<GroupRepair, Error> {
    db.write(taizhang::unit::repair_group_units)
}
