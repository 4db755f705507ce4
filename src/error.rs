//! The umbrella error that the CLI and the desktop shell carry to the clerk.
//!
//! Each area has its own error type; this enum only gathers them and serialises once, at the
//! boundary, as `{ kind, message }` with the Chinese message.

use serde::ser::SerializeStruct;

use crate::calendar::CalendarError;
use crate::ledger::{LedgerError, LedgerImportError};
use crate::plan::import::PlanImportError;
use crate::remind::RemindError;
use crate::report::ReportError;
use crate::store::StoreError;
use crate::{group::GroupError, plan::PlanError, progress::ProgressError, sample::SampleError};
use crate::{task::TaskError, unit::UnitError};

/// Any error of the core, as the CLI and UI see it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),
    #[error(transparent)]
    Inbox(#[from] crate::inbox::InboxError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    PlanImport(#[from] PlanImportError),
    #[error(transparent)]
    Task(#[from] TaskError),
    #[error(transparent)]
    Unit(#[from] UnitError),
    #[error(transparent)]
    Group(#[from] GroupError),
    #[error(transparent)]
    Sample(#[from] SampleError),
    #[error(transparent)]
    Progress(#[from] ProgressError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    LedgerImport(#[from] LedgerImportError),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error(transparent)]
    Remind(#[from] RemindError),
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error(transparent)]
    Office(#[from] crate::office::OfficeError),
    #[error(transparent)]
    StatusWord(#[from] crate::status::WordError),
    #[error(transparent)]
    Copied(#[from] crate::copied::CopiedError),
    #[error(transparent)]
    Evidence(#[from] crate::evidence::EvidenceError),
    #[error(transparent)]
    Binder(#[from] crate::binder::BinderError),
    /// Bad command-line or UI input that no area owns (e.g. an unreadable date argument).
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// Stable machine-readable kind: `invalid`, `not_found`, `conflict`, `database`,
    /// `newer_database`, `not_a_database`, `io`, `locked` (an export target open in Excel),
    /// `encrypted` (a workbook with a password), `unsupported` (a WPS .et file, a newer ledger)
    /// or `partial` (some files of an import batch were imported, others refused).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Store(e) => e.kind(),
            Error::Backup(e) => e.kind(),
            Error::Inbox(e) => e.kind(),
            Error::Plan(e) => e.kind(),
            Error::PlanImport(e) => e.kind(),
            Error::Task(e) => e.kind(),
            Error::StatusWord(e) => e.kind(),
            Error::Copied(e) => e.kind(),
            Error::Evidence(e) => e.kind(),
            Error::Binder(e) => e.kind(),
            Error::Unit(e) => e.kind(),
            Error::Group(e) => e.kind(),
            Error::Sample(e) => e.kind(),
            Error::Progress(e) => e.kind(),
            Error::Ledger(e) => e.kind(),
            Error::LedgerImport(e) => e.kind(),
            Error::Calendar(e) => e.kind(),
            Error::Remind(e) => e.kind(),
            Error::Report(e) => e.kind(),
            Error::Office(e) => e.kind(),
            Error::Invalid(_) => "invalid",
        }
    }
}

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("kind", self.kind())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(StoreError::from(e))
    }
}
