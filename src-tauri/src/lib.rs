//! The desktop shell of 法治政府建设台账: a Tauri window over the `taizhang` core.
//!
//! Nothing here knows the domain: each area's commands live in a small in-app plugin under
//! `commands/`, and each command forwards to one core function.

mod autobackup;
mod commands;
mod inbox;
mod notice;
mod state;
mod today;
mod tray;

pub use state::AppDb;

/// Builds and runs the application until its last window closes.
pub fn run() {
    let app = tauri::Builder::default()
        // Must be first: a second launch only brings the running window to the front.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tray::show_main(app);
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            None,
        ))
        .plugin(commands::plan::init())
        .plugin(commands::task::init())
        .plugin(commands::evidence::init())
        .plugin(commands::unit::init())
        .plugin(commands::group::init())
        .plugin(commands::import::init())
        .plugin(commands::inbox::init())
        .plugin(commands::store::init())
        .plugin(commands::remind::init())
        .plugin(commands::calendar::init())
        .plugin(commands::ledger::init())
        .plugin(commands::report::init())
        .plugin(commands::office::init())
        .plugin(commands::desktop::init())
        .manage(AppDb::from_env())
        .setup(|app| {
            tray::setup(app.handle());
            notice::start(app.handle());
            autobackup::start(app.handle());
            inbox::start(app.handle());
            Ok(())
        })
        .on_window_event(tray::on_window_event)
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("无法启动法治政府建设台账：{e}");
            std::process::exit(1);
        }
    }
}
