//! The daily automatic backup: on start, then checked every half hour so that a window left
//! open overnight backs up the new day too. A failure is told in a notification and on the
//! 设置 page; the clerk's work is not held up by it.

use std::sync::Mutex;
use std::time::Duration;

use chrono::NaiveDate;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::{today, AppDb};

/// Today's automatic backup as the window shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Daily {
    pub day: NaiveDate,
    /// The copy made now; `None` when one of today already existed, or when it failed.
    pub made: Option<std::path::PathBuf>,
    /// Why it failed, in Chinese.
    pub error: Option<String>,
}

#[derive(Default)]
struct State {
    last: Mutex<Option<Daily>>,
}

/// The last daily check since the app started.
pub fn last<R: Runtime>(app: &AppHandle<R>) -> Option<Daily> {
    let state = app.try_state::<State>()?;
    let last = state.last.lock().unwrap_or_else(|p| p.into_inner());
    last.clone()
}

fn run<R: Runtime>(app: &AppHandle<R>) {
    let day = today::today();
    let done = last(app).is_some_and(|d| d.day == day && d.error.is_none());
    if done {
        return;
    }
    let Some(db) = app.try_state::<AppDb>() else {
        return;
    };
    let result = db.read(|db| taizhang::backup::daily(db, day));
    let daily = match result {
        Ok(outcome) => Daily {
            day,
            made: outcome.made,
            error: None,
        },
        Err(e) => Daily {
            day,
            made: None,
            error: Some(e.to_string()),
        },
    };
    if let Some(error) = &daily.error {
        eprintln!("[taizhang] 自动备份失败：{error}");
        // Told once a day, not every half hour.
        let told = last(app).is_some_and(|d| d.day == day && d.error.is_some());
        if !told {
            let shown = app
                .notification()
                .builder()
                .title("台账自动备份没有完成")
                .body(error)
                .show();
            if let Err(e) = shown {
                eprintln!("[taizhang] 系统通知未能发出（{e}）");
            }
        }
    }
    if let Some(state) = app.try_state::<State>() {
        *state.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(daily);
    }
}

/// Starts the daily backup thread.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    app.manage(State::default());
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("taizhang-backup".into())
        .spawn(move || loop {
            run(&app);
            std::thread::sleep(Duration::from_secs(30 * 60));
        });
    if let Err(e) = spawned {
        eprintln!("[taizhang] 无法启动自动备份：{e}");
    }
}
