//! The inbox watcher: while the app runs, the folder chosen in 设置 is watched (notify, with its
//! debouncer) and read again on every change, and every half minute in case an event was lost
//! or the folder came back. What the core recognises as a new returned ledger waits in 待导入;
//! one that arrives while the app runs is announced in a notification (收到 县司法局 2025年9月
//! 台账). A file still being written is read again a few seconds later. Nothing is imported.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use serde::Serialize;
use taizhang::inbox::{Found, Scanner, State};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::{today, AppDb};

/// What 工作台 and 设置 show of the inbox.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Inbox {
    pub folder: Option<PathBuf>,
    /// Why the folder cannot be watched (gone, unreadable), in Chinese.
    pub error: Option<String>,
    /// The returned ledgers waiting (待导入), newest first.
    pub waiting: Vec<Found>,
    /// Files still being written, read again shortly.
    pub writing: usize,
}

#[derive(Default)]
struct InboxState {
    now: Mutex<Inbox>,
    wake: Mutex<Option<Sender<()>>>,
}

/// The inbox as last read.
pub fn current<R: Runtime>(app: &AppHandle<R>) -> Inbox {
    app.try_state::<InboxState>()
        .map(|s| s.now.lock().unwrap_or_else(|p| p.into_inner()).clone())
        .unwrap_or_default()
}

/// Reads the folder again now (after the clerk chose another folder, or imported a file).
pub fn wake<R: Runtime>(app: &AppHandle<R>) {
    if let Some(state) = app.try_state::<InboxState>() {
        if let Some(tx) = state
            .wake
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            let _ = tx.send(());
        }
    }
}

type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Starts the watcher thread.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let (tx, rx) = channel();
    app.manage(InboxState {
        now: Mutex::new(Inbox::default()),
        wake: Mutex::new(Some(tx.clone())),
    });
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("taizhang-inbox".into())
        .spawn(move || run(&app, &tx, &rx));
    if let Err(e) = spawned {
        eprintln!("[taizhang] 无法启动收件文件夹监视：{e}");
    }
}

fn run<R: Runtime>(app: &AppHandle<R>, tx: &Sender<()>, rx: &Receiver<()>) {
    let mut scanner = Scanner::default();
    let mut watched: Option<(Folder, Watcher)> = None;
    // Files offered before: a notification is sent once per file and content.
    let mut told: HashSet<(PathBuf, Option<SystemTime>)> = HashSet::new();
    let mut first = true;
    loop {
        let folder = app
            .try_state::<AppDb>()
            .and_then(|db| db.read(taizhang::inbox::folder).ok())
            .flatten();
        let mut inbox = Inbox {
            folder: folder.clone(),
            ..Inbox::default()
        };
        match &folder {
            None => watched = None,
            Some(dir) if !dir.is_dir() => {
                watched = None;
                inbox.error = Some(format!(
                    "收件文件夹“{}”不存在（可能被移动、删除，或U盘未插入）。文件夹回来后会自动继续；也可在“设置”中重新选择。",
                    dir.display()
                ));
            }
            Some(dir) => {
                let now = Folder::of(dir);
                if watched.as_ref().is_none_or(|(f, _)| *f != now) {
                    watched = watch(dir, tx).map(|w| (now, w));
                }
                let db = app.try_state::<AppDb>();
                let read = db.map(|db| {
                    db.read(|db| scanner.scan(db, dir, today::today(), SystemTime::now()))
                });
                match read {
                    Some(Ok(found)) => {
                        inbox.writing = found.iter().filter(|f| f.state == State::Writing).count();
                        inbox.waiting = found.into_iter().filter(|f| f.offered).collect();
                    }
                    Some(Err(e)) => inbox.error = Some(e.to_string()),
                    None => {}
                }
            }
        }
        for f in &inbox.waiting {
            let key = (f.file.clone(), modified(&f.file));
            if told.insert(key) && !first {
                announce(app, f);
            }
        }
        first = false;
        let wait = if inbox.writing > 0 {
            Duration::from_secs(3)
        } else {
            Duration::from_secs(30)
        };
        if let Some(state) = app.try_state::<InboxState>() {
            *state.now.lock().unwrap_or_else(|p| p.into_inner()) = inbox;
        }
        match rx.recv_timeout(wait) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {
                // Let a burst of changes pass before reading again.
                while rx.recv_timeout(Duration::from_millis(300)).is_ok() {}
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// The folder a watcher follows: its path and when it was made. A folder deleted and made again
/// under the same path between two readings is another folder, which the old watcher (on the
/// deleted one) never hears from, so it is watched anew.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Folder {
    path: PathBuf,
    created: Option<SystemTime>,
}

impl Folder {
    fn of(dir: &Path) -> Folder {
        Folder {
            path: dir.to_path_buf(),
            created: std::fs::metadata(dir).and_then(|m| m.created()).ok(),
        }
    }
}

fn modified(file: &Path) -> Option<SystemTime> {
    std::fs::metadata(file).and_then(|m| m.modified()).ok()
}

/// Watches `dir` and its subfolders; `None` when the system refuses (the half-minute reading
/// goes on anyway).
fn watch(dir: &Path, tx: &Sender<()>) -> Option<Watcher> {
    let tx = tx.clone();
    let mut debouncer = match new_debouncer(
        Duration::from_millis(800),
        None,
        move |result: DebounceEventResult| {
            if result.is_ok() {
                let _ = tx.send(());
            }
        },
    ) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("[taizhang] 无法监视收件文件夹：{e}");
            return None;
        }
    };
    match debouncer.watch(dir, RecursiveMode::Recursive) {
        Ok(()) => Some(debouncer),
        Err(e) => {
            eprintln!("[taizhang] 无法监视收件文件夹“{}”：{e}", dir.display());
            None
        }
    }
}

fn announce<R: Runtime>(app: &AppHandle<R>, f: &Found) {
    let title = f.notice();
    let body = format!("{}，在“工作台”的待导入中确认后导入。", f.file_name);
    eprintln!("[taizhang] 收件：{title}｜{body}");
    let shown = app
        .notification()
        .builder()
        .title(&title)
        .body(&body)
        .show();
    if let Err(e) = shown {
        eprintln!("[taizhang] 系统通知未能发出（{e}）");
    }
}

#[cfg(test)]
mod tests {
    use super::Folder;

    #[test]
    fn a_folder_made_again_under_the_same_path_is_another_folder() -> std::io::Result<()> {
        let root = tempfile::tempdir()?;
        let dir = root.path().join("微信收到的文件");
        std::fs::create_dir(&dir)?;
        let before = Folder::of(&dir);
        assert!(
            before.created.is_some(),
            "this file system keeps no creation time"
        );
        assert_eq!(Folder::of(&dir), before, "the same folder read twice");
        std::fs::remove_dir(&dir)?;
        std::fs::create_dir(&dir)?;
        assert_ne!(Folder::of(&dir), before);
        Ok(())
    }
}
