//! taizhang — the core of the 法治政府建设台账 desktop app: plans and their task lists, the
//! directory of responsible units, the leadership group, and the SQLite store they live in.
//!
//! Nothing here depends on Tauri; the CLI (`src/main.rs`) and the desktop shell call the same
//! functions. Each area has its own error type; [`Error`] gathers them for the boundary.

pub mod assign;
pub mod backup;
pub mod binder;
pub mod body_names;
pub mod calendar;
mod cell;
pub mod copied;
pub mod deadline;
pub mod error;
pub mod error_kind;
pub mod evidence;
pub mod group;
pub mod group_phrase;
pub mod inbox;
pub mod ledger;
pub mod limits;
pub mod office;
pub mod plan;
pub mod progress;
pub mod remind;
pub mod report;
pub mod sample;
pub mod status;
pub mod store;
pub mod task;
pub mod trash;
pub mod unit;
pub mod user_file;
#[cfg(test)]
mod window_types;
mod xml;

pub use error::Error;
pub use error_kind::ErrorKind;
pub use store::Db;
