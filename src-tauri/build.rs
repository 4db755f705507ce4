//! Registers each area's in-app plugin with its commands, so tauri-build generates one permission
//! per command and the capability file can grant them by area.

use tauri_build::{Attributes, DefaultPermissionRule, InlinedPlugin};

/// (plugin name, its commands) — must match the `generate_handler!` list in `src/commands/<area>.rs`.
const AREAS: &[(&str, &[&str])] = &[
    (
        "plan",
        &[
            "is_empty",
            "list",
            "get",
            "sections",
            "overview",
            "update",
            "load_sample",
        ],
    ),
    (
        "task",
        &[
            "list", "get", "add", "edit", "expand", "delete", "undelete", "impact", "deleted",
        ],
    ),
    (
        "evidence",
        &[
            "list", "counts", "pick", "add", "open", "remove", "restore", "export",
        ],
    ),
    (
        "unit",
        &["list", "add", "edit", "phrase_members", "repair_groups"],
    ),
    ("group", &["list", "add", "edit", "delete", "undelete"]),
    (
        "import",
        &[
            "pick",
            "plan_draft",
            "plan_rematch",
            "plan_edit",
            "plan_split_points",
            "plan_commit",
            "plan_merge_preview",
            "plan_commit_into",
            "plan_undo",
            "roster_draft",
            "roster_commit",
            "roster_undo",
            "history",
        ],
    ),
    (
        "store",
        &[
            "info",
            "backup_now",
            "backup_to",
            "restore",
            "backups",
            "backup_keep",
            "save_backup_keep",
            "restore_preview",
            "daily_backup",
        ],
    ),
    (
        "remind",
        &[
            "today",
            "board",
            "current_period",
            "chase_list",
            "mark_chased",
            "settings",
            "save_settings",
            "check_template",
            "set_report_rule",
            "move_on",
            "copy_text",
        ],
    ),
    ("inbox", &["current", "set_folder", "rescan"]),
    ("calendar", &["info", "import_file", "undo_import"]),
    (
        "ledger",
        &[
            "export",
            "export_conflicts",
            "export_task_list",
            "export_roster",
            "options",
            "save_options",
            "fixed_export_dir",
            "reveal",
            "import_preview",
            "import_commit",
            "import_undo",
            "import_batches",
            "import_batch_page",
            "import_batch_files",
            "set_received",
            "import_rows",
            "consolidated",
            "export_consolidated",
            "consolidated_page",
            "status",
            "periods",
            "task_history",
            "status_words",
            "set_status_word",
            "remove_status_word",
            "copied_threshold",
            "set_copied_threshold",
        ],
    ),
    (
        "report",
        &["summary", "summary_page", "stats", "circular", "export"],
    ),
    ("office", &["get", "settings", "save"]),
    (
        "desktop",
        &[
            "settings",
            "save_settings",
            "notify_now",
            "last_notice",
            "counts",
            "tray",
        ],
    ),
];

fn main() {
    let attributes = AREAS
        .iter()
        .fold(Attributes::new(), |attrs, (name, commands)| {
            attrs.plugin(
                name,
                InlinedPlugin::new()
                    .commands(commands)
                    .default_permission(DefaultPermissionRule::AllowAllCommands),
            )
        });
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {e:#}");
    }
}
