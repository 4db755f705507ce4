//! 责任单位: the directory of departments, townships and groups.

use taizhang::unit::{Unit, UnitInput};
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, State};

use crate::AppDb;

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("unit")
        .invoke_handler(tauri::generate_handler![list, add, edit])
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
