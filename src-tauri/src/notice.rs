//! System notifications: one when the app starts, and one a day at the clerk's chosen time while
//! it runs, telling how many reports and tasks are overdue or due soon. The time and the on/off
//! switch belong to this PC (not to the database), in `desktop-settings.json` in the app's
//! config folder.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use taizhang::remind::Level;
use taizhang::Error;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::{today, tray, AppDb};

/// The clerk's notification settings on this PC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NoticeSettings {
    /// Notify at start and once a day.
    pub enabled: bool,
    /// The daily time, `HH:MM`.
    pub daily_at: String,
}

impl Default for NoticeSettings {
    fn default() -> Self {
        NoticeSettings {
            enabled: true,
            daily_at: "09:00".to_string(),
        }
    }
}

impl NoticeSettings {
    fn time(&self) -> Option<NaiveTime> {
        NaiveTime::parse_from_str(self.daily_at.trim(), "%H:%M").ok()
    }
}

/// A notification the app sent (or tried to), for 设置 and the logs.
#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    pub at: String,
    pub title: String,
    pub body: String,
    /// Why it could not be shown, if it could not.
    pub error: Option<String>,
}

#[derive(Default)]
struct NoticeState {
    last: Mutex<Option<Sent>>,
    daily_done: Mutex<Option<NaiveDate>>,
}

fn settings_file<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    app.path()
        .app_config_dir()
        .ok()
        .map(|d| d.join("desktop-settings.json"))
}

/// The saved settings, or the defaults.
pub fn load<R: Runtime>(app: &AppHandle<R>) -> NoticeSettings {
    settings_file(app)
        .and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// Checks and saves the settings.
pub fn save<R: Runtime>(app: &AppHandle<R>, s: &NoticeSettings) -> Result<NoticeSettings, Error> {
    if s.time().is_none() {
        return Err(Error::Invalid(format!(
            "提醒时间“{}”无效，请按“时:分”填写，如 09:00。",
            s.daily_at
        )));
    }
    let file = settings_file(app)
        .ok_or_else(|| Error::Io("找不到本机的配置文件夹，无法保存提醒设置。".into()))?;
    let write = || -> std::io::Result<()> {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(s).map_err(std::io::Error::other)?;
        std::fs::write(&file, text)
    };
    write().map_err(|e| {
        Error::Io(format!(
            "无法保存提醒设置到“{}”（{e}）。请检查该文件夹的权限。",
            file.display()
        ))
    })?;
    Ok(s.clone())
}

/// The last notification sent since the app started.
pub fn last<R: Runtime>(app: &AppHandle<R>) -> Option<Sent> {
    let state = app.try_state::<NoticeState>()?;
    let last = state.last.lock().unwrap_or_else(|p| p.into_inner());
    last.clone()
}

/// What the notification says right now; `None` when there is nothing to tell.
fn message<R: Runtime>(app: &AppHandle<R>, always: bool) -> Option<(String, String)> {
    let db = app.try_state::<AppDb>()?;
    let today = today::today();
    let reminders = db
        .read_aside(|db| taizhang::remind::reminders(db, None, today))
        .ok()?;
    let red: Vec<_> = reminders
        .items
        .iter()
        .filter(|i| i.level == Level::Red)
        .collect();
    let yellow: Vec<_> = reminders
        .items
        .iter()
        .filter(|i| i.level == Level::Yellow)
        .collect();
    if red.is_empty() && yellow.is_empty() && !always {
        return None;
    }
    let title = if red.is_empty() && yellow.is_empty() {
        "报送提醒：暂无逾期或临近事项".to_string()
    } else {
        format!("报送提醒：{} 项逾期，{} 项临近", red.len(), yellow.len())
    };
    // Soonest first: what is due in the next days matters more than last spring's report.
    let mut lines: Vec<String> = yellow.iter().map(|i| i.title.clone()).collect();
    lines.extend(red.iter().rev().map(|i| i.title.clone()));
    let mut body: Vec<String> = lines.into_iter().take(3).collect();
    if red.len() + yellow.len() > 3 {
        body.push("详见“工作台”。".to_string());
    }
    Some((title, body.join("\n")))
}

/// Sends the reminder notification now; with `always`, also when nothing is due.
pub fn notify<R: Runtime>(app: &AppHandle<R>, always: bool) -> Option<Sent> {
    let (title, body) = message(app, always)?;
    let result = app
        .notification()
        .builder()
        .title(&title)
        .body(&body)
        .show();
    let sent = Sent {
        at: today::now().format("%Y-%m-%d %H:%M:%S").to_string(),
        title,
        body,
        error: result.err().map(|e| e.to_string()),
    };
    match &sent.error {
        None => eprintln!("[taizhang] 系统通知已发出：{}｜{}", sent.title, sent.body),
        Some(e) => eprintln!("[taizhang] 系统通知未能发出（{e}）：{}", sent.title),
    }
    if let Some(state) = app.try_state::<NoticeState>() {
        *state.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(sent.clone());
    }
    Some(sent)
}

/// Starts the notifications: one now (after the window had a moment to open), then a check
/// every half minute for the daily time; the tray count is set first and refreshed on each
/// check too, so it follows the date.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    app.manage(NoticeState::default());
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("taizhang-notice".into())
        .spawn(move || {
            tray::refresh(&app);
            std::thread::sleep(Duration::from_secs(2));
            let settings = load(&app);
            let now = today::now();
            if settings.enabled {
                notify(&app, false);
                // Started after today's time: the start notification is today's.
                if settings.time().is_some_and(|t| now.time() >= t) {
                    mark_daily(&app, now.date());
                }
            }
            loop {
                std::thread::sleep(Duration::from_secs(30));
                tray::refresh(&app);
                let settings = load(&app);
                let now = today::now();
                let due = settings.enabled
                    && settings.time().is_some_and(|t| now.time() >= t)
                    && !daily_done(&app, now.date());
                if due {
                    mark_daily(&app, now.date());
                    notify(&app, false);
                }
            }
        });
    if let Err(e) = spawned {
        eprintln!("[taizhang] 无法启动定时提醒：{e}");
    }
}

fn daily_done<R: Runtime>(app: &AppHandle<R>, day: NaiveDate) -> bool {
    app.try_state::<NoticeState>()
        .is_some_and(|s| *s.daily_done.lock().unwrap_or_else(|p| p.into_inner()) == Some(day))
}

fn mark_daily<R: Runtime>(app: &AppHandle<R>, day: NaiveDate) {
    if let Some(s) = app.try_state::<NoticeState>() {
        *s.daily_done.lock().unwrap_or_else(|p| p.into_inner()) = Some(day);
    }
}
