//! The tray icon: its tooltip and menu show how many reminders are overdue (red); closing the
//! window hides it to the tray (menu 打开 / 退出). Without a tray (none on this desktop), closing
//! the window quits as usual.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use taizhang::remind::Level;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime, Window, WindowEvent};

use crate::{today, AppDb};

const TRAY_ID: &str = "main";
const APP_NAME: &str = "法治政府建设台账";

/// Whether the tray icon exists, so that closing the window may hide it there.
static IN_TRAY: AtomicBool = AtomicBool::new(false);

/// What the tray icon shows now: its tooltip and the count line of its menu.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct TrayText {
    /// The icon was created (else the desktop has no tray and closing the window quits).
    pub present: bool,
    /// The tooltip (Windows shows it on hover; Linux tray hosts do not show tooltips).
    pub tooltip: String,
    /// The first, greyed line of the tray menu.
    pub count_item: String,
}

static SHOWN: Mutex<Option<TrayText>> = Mutex::new(None);

/// What the tray shows, for 设置.
pub fn shown() -> TrayText {
    SHOWN
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
        .unwrap_or_default()
}

/// Red and yellow reminder counts across the running plans, as of today.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Counts {
    pub red: usize,
    pub yellow: usize,
}

/// Counts the reminders of every running plan; `None` when the database cannot be read.
pub fn counts<R: Runtime>(app: &AppHandle<R>) -> Option<Counts> {
    let db = app.try_state::<AppDb>()?;
    let reminders = db
        .read_aside(|db| taizhang::remind::reminders(db, None, today::today()))
        .ok()?;
    let mut c = Counts::default();
    for item in &reminders.items {
        match item.level {
            Level::Red => c.red += 1,
            Level::Yellow => c.yellow += 1,
            Level::Green => {}
        }
    }
    Some(c)
}

/// Creates the tray icon; a desktop without a tray only loses the icon. The count comes with the
/// first [`refresh`], off the main thread (the database may be slow to open, or locked).
pub fn setup<R: Runtime>(app: &AppHandle<R>) {
    let built = menu(app, None).and_then(|menu| {
        let mut builder = TrayIconBuilder::with_id(TRAY_ID)
            .tooltip(APP_NAME)
            .menu(&menu)
            .show_menu_on_left_click(false)
            .on_menu_event(|app, event| match event.id.as_ref() {
                "open" => show_main(app),
                "quit" => app.exit(0),
                _ => {}
            })
            .on_tray_icon_event(|tray, event| {
                if let TrayIconEvent::Click {
                    button: MouseButton::Left,
                    button_state: MouseButtonState::Up,
                    ..
                } = event
                {
                    show_main(tray.app_handle());
                }
            });
        if let Some(icon) = app.default_window_icon() {
            builder = builder.icon(icon.clone());
        }
        builder.build(app)
    });
    match built {
        Ok(_) => {
            IN_TRAY.store(true, Ordering::SeqCst);
            *SHOWN.lock().unwrap_or_else(|p| p.into_inner()) = Some(TrayText {
                present: true,
                tooltip: APP_NAME.to_string(),
                count_item: APP_NAME.to_string(),
            });
        }
        Err(e) => eprintln!("[taizhang] 无法创建托盘图标：{e}"),
    }
}

fn count_text(counts: Option<Counts>) -> String {
    match counts {
        Some(c) if c.red > 0 => format!("逾期事项：{} 项", c.red),
        Some(_) => "暂无逾期事项".to_string(),
        None => APP_NAME.to_string(),
    }
}

fn menu<R: Runtime>(app: &AppHandle<R>, counts: Option<Counts>) -> tauri::Result<Menu<R>> {
    let count = MenuItem::with_id(app, "count", count_text(counts), false, None::<&str>)?;
    let open = MenuItem::with_id(app, "open", "打开", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "退出", true, None::<&str>)?;
    let sep = PredefinedMenuItem::separator(app)?;
    Menu::with_items(app, &[&count, &sep, &open, &quit])
}

/// Recounts the overdue items and updates the tray's tooltip and menu.
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    if !IN_TRAY.load(Ordering::SeqCst) {
        return;
    }
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let counts = counts(app);
    let tooltip = match counts {
        Some(c) if c.red > 0 => format!("{APP_NAME}：{} 项逾期", c.red),
        Some(_) => format!("{APP_NAME}：暂无逾期事项"),
        None => APP_NAME.to_string(),
    };
    let _ = tray.set_tooltip(Some(&tooltip));
    if let Ok(menu) = menu(app, counts) {
        let _ = tray.set_menu(Some(menu));
    }
    *SHOWN.lock().unwrap_or_else(|p| p.into_inner()) = Some(TrayText {
        present: true,
        tooltip,
        count_item: count_text(counts),
    });
}

/// Brings the main window back (tray menu 打开, tray click, second launch).
pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Closing the main window hides it to the tray, so reminders keep coming; 退出 in the tray menu
/// quits.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event {
        if window.label() == "main" && IN_TRAY.load(Ordering::SeqCst) {
            api.prevent_close();
            let _ = window.hide();
        }
    }
}
