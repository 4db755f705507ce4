//! taizhang — the core of the 法治政府建设台账 desktop app: plans and their task lists, the
//! directory of responsible units, the leadership group, and the SQLite store they live in.
//!
//! Nothing here depends on Tauri; the CLI (`src/main.rs`) and the desktop shell call the same
//! functions. Each area has its own error type with a `kind()` ([`ErrorKind`]); [`Error`]
//! gathers them for the boundary.
//!
//! The modules stand in floors ([`floors`]), each using only its own floor and those below:
//!
//! 0. vocabulary: `error_kind`, `limits`, `text`, `period`, [`clock`], `deadline`, `body_names`, `user_file`, [`document`]
//! 1. [`store`]: the database file, its migrations, backups and the audit log
//! 2. records that own their tables: `calendar`, `unit`, `group`, `group_phrase`, `assign`, `plan`, `task`, `status`, `progress`, `copied`, `office`
//! 3. plan wing, base: `plan::draft`, `sample`
//! 4. plan wing, readers: `plan::parse`, `plan::sheet`, `plan::roster`, `plan::draft::edit`, `plan::error`, `plan::history`
//! 5. plan wing, import: `plan::merge`, `plan::import`
//! 6. workflows: `ledger`, `remind`, `report`, `overview`, `inbox`, `binder`, `backup`, `evidence`
//! 7. boundary: `error`, `trash`
//!
//! The core never reads the computer's clock: the programs open the [`Db`] with theirs
//! ([`Db::open_with_clock`]).

pub mod assign;
pub mod backup;
pub mod binder;
pub mod body_names;
pub mod calendar;
pub mod clock;
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
