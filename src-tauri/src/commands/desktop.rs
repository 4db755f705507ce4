//! 设置 → 系统提醒: notification time, start at login, a test notification, the tray count.

use serde::{Deserialize, Serialize};
use taizhang::Error;
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{AppHandle, Runtime};
use tauri_plugin_autostart::ManagerExt;

use crate::notice::{self, NoticeSettings, Sent};
use crate::tray::{self, Counts, TrayText};

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("desktop")
        .invoke_handler(tauri::generate_handler![
            settings,
            save_settings,
            notify_now,
            last_notice,
            counts,
            tray
        ])
        .build()
}

/// The notification settings with the start-at-login switch.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct DesktopSettings {
    #[serde(flatten)]
    notice: NoticeSettings,
    autostart: bool,
}

#[tauri::command(async)]
fn settings<R: Runtime>(app: AppHandle<R>) -> DesktopSettings {
    DesktopSettings {
        notice: notice::load(&app),
        autostart: app.autolaunch().is_enabled().unwrap_or(false),
    }
}

#[tauri::command(async)]
fn save_settings<R: Runtime>(
    app: AppHandle<R>,
    settings: DesktopSettings,
) -> Result<DesktopSettings, Error> {
    let notice = notice::save(&app, &settings.notice)?;
    let launcher = app.autolaunch();
    let switched = if settings.autostart {
        launcher.enable()
    } else {
        launcher.disable()
    };
    // Disabling what was never enabled is fine; only a failed change is reported.
    if let Err(e) = switched {
        if settings.autostart || launcher.is_enabled().unwrap_or(false) {
            return Err(Error::Io(format!(
                "无法设置开机自动启动（{e}）。请检查系统是否允许本软件开机启动。"
            )));
        }
    }
    Ok(DesktopSettings {
        notice,
        autostart: launcher.is_enabled().unwrap_or(settings.autostart),
    })
}

/// 发送测试通知: the reminder notification now, even when nothing is due.
#[tauri::command(async)]
fn notify_now<R: Runtime>(app: AppHandle<R>) -> Option<Sent> {
    tray::refresh(&app);
    notice::notify(&app, true)
}

#[tauri::command(async)]
fn last_notice<R: Runtime>(app: AppHandle<R>) -> Option<Sent> {
    notice::last(&app)
}

/// Overdue (red) and due-soon (yellow) counts, as the tray shows them.
#[tauri::command(async)]
fn counts<R: Runtime>(app: AppHandle<R>) -> Option<Counts> {
    tray::counts(&app)
}

/// What the tray icon shows now (tooltip and the menu's count line).
#[tauri::command(async)]
fn tray() -> TrayText {
    tray::shown()
}
