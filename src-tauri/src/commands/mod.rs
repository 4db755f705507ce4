//! One in-app plugin per area. The UI calls `plugin:<area>|<command>`; `build.rs` declares the same
//! command names so each gets its own permission, granted in `capabilities/default.json`.

pub mod calendar;
pub mod desktop;
pub mod evidence;
pub mod group;
pub mod import;
pub mod inbox;
pub mod ledger;
pub mod office;
pub mod plan;
pub mod remind;
pub mod report;
pub mod store;
pub mod task;
pub mod unit;

/// One step of a slow export (ledgers, 佐证材料), sent on the command's channel for the window's
/// progress bar.
#[derive(Clone, serde::Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}
