//! The desktop shell of 法治政府建设台账: a Tauri window over the `taizhang` core.
//!
//! Nothing here knows the domain: each area's commands live in a small in-app plugin under
//! `commands/`, and each command forwards to one core function.

mod commands;
mod state;

use tauri::Manager;

pub use state::AppDb;

/// Builds and runs the application until its last window closes.
pub fn run() {
    let app = tauri::Builder::default()
        // Must be first: a second launch only brings the running window to the front.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(commands::plan::init())
        .plugin(commands::task::init())
        .plugin(commands::unit::init())
        .plugin(commands::group::init())
        .plugin(commands::store::init())
        .manage(AppDb::from_env())
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("无法启动法治政府建设台账：{e}");
            std::process::exit(1);
        }
    }
}
