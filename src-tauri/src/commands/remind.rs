//! 报送提醒 and 催报: the 工作台 board, the 催报 list and messages, the reminder settings and the
//! plan's reporting rule. "Today" comes from [`crate::today`], never from the core.

use chrono::NaiveDate;
use taizhang::plan::{Plan, ReportRule};
use taizhang::progress::Period;
use taizhang::remind::{Board, ChaseList, ChaseRecord, RemindSettings};
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

use crate::{today, tray, AppDb};

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("remind")
        .invoke_handler(tauri::generate_handler![
            today,
            board,
            current_period,
            chase_list,
            mark_chased,
            settings,
            save_settings,
            check_template,
            set_report_rule,
            move_on,
            copy_text
        ])
        .build()
}

/// The date reminders are computed for (the PC's date, or `TAIZHANG_TODAY`).
#[tauri::command(async)]
fn today() -> NaiveDate {
    today::today()
}

/// The reminder board of a plan as of today.
#[tauri::command(async)]
fn board(db: State<'_, AppDb>, plan_id: i64) -> Result<Board, Error> {
    db.read(|db| taizhang::remind::board(db, plan_id, today::today()).map(Board::brief))
}

/// The plan's next report due today or later (the board's `current` period), without reading
/// any report: what the 统计报表 needs to open on the period before it.
#[tauri::command(async)]
fn current_period(db: State<'_, AppDb>, plan_id: i64) -> Result<Option<Period>, Error> {
    db.read(|db| {
        taizhang::remind::current_period(db, plan_id, today::today()).map(|p| p.map(|p| p.period))
    })
}

/// The units that have not reported for `period`, each with its filled 催报 message.
#[tauri::command(async)]
fn chase_list(
    db: State<'_, AppDb>,
    plan_id: i64,
    period: Period,
    unit_id: Option<i64>,
) -> Result<ChaseList, Error> {
    db.read(|db| taizhang::remind::chase_list(db, plan_id, period, today::today(), unit_id))
}

/// Records that `unit_id` was chased now with `message`; the tray count follows.
#[tauri::command(async)]
fn mark_chased<R: Runtime>(
    app: AppHandle<R>,
    db: State<'_, AppDb>,
    plan_id: i64,
    unit_id: i64,
    period: Period,
    message: String,
) -> Result<ChaseRecord, Error> {
    let record = db.write(|db| {
        taizhang::remind::mark_chased(db, plan_id, unit_id, period, today::now(), &message)
    })?;
    tray::refresh(&app);
    Ok(record)
}

#[tauri::command(async)]
fn settings(db: State<'_, AppDb>) -> Result<RemindSettings, Error> {
    db.read(|db| taizhang::remind::settings(db.conn()))
}

#[tauri::command(async)]
fn save_settings<R: Runtime>(
    app: AppHandle<R>,
    db: State<'_, AppDb>,
    settings: RemindSettings,
) -> Result<RemindSettings, Error> {
    let saved = db.write(|db| taizhang::remind::save_settings(db, &settings))?;
    tray::refresh(&app);
    Ok(saved)
}

/// Checks a 催报 template's placeholders; returns it normalised, or the Chinese reason.
#[tauri::command(async)]
fn check_template(text: String) -> Result<String, Error> {
    Ok(taizhang::remind::check_template(&text)?)
}

/// Changes the plan's reporting rule (day, month covered, shift to a working day …).
#[tauri::command(async)]
fn set_report_rule<R: Runtime>(
    app: AppHandle<R>,
    db: State<'_, AppDb>,
    plan_id: i64,
    rule: ReportRule,
) -> Result<Plan, Error> {
    let plan = db.write(|db| taizhang::plan::set_report_rule(db, plan_id, &rule))?;
    tray::refresh(&app);
    Ok(plan)
}

/// The clerk is done with `period` on the board (转到下一期; `None` undoes it): the main card
/// moves on to a later period.
#[tauri::command(async)]
fn move_on(
    db: State<'_, AppDb>,
    plan_id: i64,
    period: Option<Period>,
) -> Result<Option<Period>, Error> {
    db.write(|db| taizhang::remind::move_on(db, plan_id, period, today::now()))
}

/// Puts a 催报 message on the clipboard. Done here rather than through the clipboard plugin's
/// JS API, so the window holds no clipboard permission at all.
#[tauri::command(async)]
fn copy_text<R: Runtime>(app: AppHandle<R>, text: String) -> Result<(), Error> {
    app.clipboard()
        .write_text(text)
        .map_err(|e| Error::Io(format!("无法复制到剪贴板（{e}），请手动选中文字复制。")))
}
