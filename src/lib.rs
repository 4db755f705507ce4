//! taizhang — the core of the 法治政府建设台账 desktop app: plans and their task lists, the
//! directory of responsible units, the leadership group, and the SQLite store they live in.
//!
//! Nothing here depends on Tauri; the CLI (`src/main.rs`) and the desktop shell call the same
//! functions. Each area has its own error type with a `kind()` ([`ErrorKind`]); [`Error`]
//! gathers them for the boundary.
//!
//! The modules stand in floors ([`floors`]), each using only its own floor and those below:
//! 0 vocabulary (`limits`, `text`, `period`, `deadline`, `body_names`, `user_file`, [`document`]),
//! 1 [`store`], 2 records that own their tables (`unit`, `group`, `plan`, `task`, `progress`,
//! `status`…), 3–5 the plan wing (`plan::draft`, then the readers `plan::parse`/`sheet`/`roster`
//! with the preview's edits and `plan::error`, then `plan::merge`/`import`), 6 workflows (`ledger`, `remind`,
//! `report`, `overview`, `inbox`, `backup`…), 7 the boundary (`error`, `trash`).

pub mod assign;
pub mod backup;
pub mod binder;
pub mod body_names;
pub mod calendar;
pub mod copied;
pub mod deadline;
pub mod document;
pub mod error;
pub mod error_kind;
pub mod evidence;
pub mod floors;
pub mod group;
pub mod group_phrase;
pub mod inbox;
pub mod ledger;
pub mod limits;
pub mod office;
pub mod overview;
pub mod period;
pub mod plan;
pub mod progress;
pub mod remind;
pub mod report;
pub mod sample;
pub mod status;
pub mod store;
pub mod task;
pub(crate) mod text;
pub mod trash;
pub mod unit;
pub mod user_file;
#[cfg(test)]
mod window_types;

pub use error::Error;
pub use error_kind::ErrorKind;
pub use store::Db;
