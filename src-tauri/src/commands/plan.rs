//! 方案: the plan, its sections and the 工作台 overview.

use taizhang::overview::Overview;
use taizhang::plan::{Plan, PlanInput, Section};
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{AppHandle, Runtime, State};

use crate::{tray, AppDb};

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("plan")
        .invoke_handler(tauri::generate_handler![
            is_empty,
            list,
            get,
            sections,
            overview,
            update,
            load_sample
        ])
        .build()
}

#[tauri::command(async)]
fn is_empty(db: State<'_, AppDb>) -> Result<bool, Error> {
    db.read(taizhang::plan::is_empty)
}

#[tauri::command(async)]
fn list(db: State<'_, AppDb>) -> Result<Vec<Plan>, Error> {
    db.read(taizhang::plan::list)
}

#[tauri::command(async)]
fn get(db: State<'_, AppDb>, id: i64) -> Result<Plan, Error> {
    db.read(|db| taizhang::plan::get(db.conn(), id))
}

#[tauri::command(async)]
fn sections(db: State<'_, AppDb>, id: i64) -> Result<Vec<Section>, Error> {
    db.read(|db| taizhang::plan::sections(db, id))
}

/// The overview as of today's date on this PC's clock.
#[tauri::command(async)]
fn overview(db: State<'_, AppDb>, id: i64) -> Result<Overview, Error> {
    let today = crate::today::today();
    db.read(|db| taizhang::overview::overview(db, id, today))
}

/// Changes the plan's title, 文号, dates and reporting rule with its window (方案设置); the
/// tray count follows, since months may enter or leave the window.
#[tauri::command(async)]
fn update<R: Runtime>(
    app: AppHandle<R>,
    db: State<'_, AppDb>,
    id: i64,
    input: PlanInput,
) -> Result<Plan, Error> {
    let plan = db.write(|db| taizhang::plan::update(db, id, &input))?;
    tray::refresh(&app);
    Ok(plan)
}

/// Loads the fictional sample plan (示例县…); returns its id.
#[tauri::command(async)]
fn load_sample(db: State<'_, AppDb>) -> Result<i64, Error> {
    db.write(|db| taizhang::sample::load_in(db, crate::today::today()))
}
