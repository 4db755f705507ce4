//! The umbrella error that the CLI and the desktop shell carry to the clerk.
//!
//! Each area has its own error type; this enum only gathers them and serialises once, at the
//! boundary, as `{ kind, message }` with the Chinese message.

use serde::ser::SerializeStruct;

use crate::calendar::CalendarError;
use crate::error_kind::ErrorKind;
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
    /// The operating system refused something no area owns (a settings file not written, the
    /// file manager or a file dialog not opened); the message says what to do.
    #[error("{0}")]
    Io(String),
}

impl Error {
    /// Stable machine-readable kind (see [`ErrorKind`] for the list), serialised as its
    /// snake_case name.
    pub fn kind(&self) -> ErrorKind {
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
            Error::Invalid(_) => ErrorKind::Invalid,
            Error::Io(_) => ErrorKind::Io,
        }
    }
}

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("kind", &self.kind())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

impl From<crate::period::BadPeriod> for Error {
    fn from(e: crate::period::BadPeriod) -> Self {
        Error::Progress(ProgressError::from(e))
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(StoreError::from(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::LedgerImportError;

    fn json(e: Error) -> serde_json::Value {
        serde_json::to_value(&e).unwrap_or_default()
    }

    #[test]
    fn the_boundary_carries_every_kind_the_core_reports() {
        let encrypted = json(
            LedgerImportError::Encrypted {
                file: "台账.xlsx".into(),
            }
            .into(),
        );
        assert_eq!(encrypted["kind"], "encrypted");
        assert!(encrypted["message"]
            .as_str()
            .is_some_and(|m| m.contains("台账.xlsx")));
        let wps = json(
            LedgerImportError::WpsFormat {
                file: "台账.et".into(),
            }
            .into(),
        );
        assert_eq!(wps["kind"], "unsupported");
        let partial = Error::from(LedgerImportError::PartlyImported {
            count: 1,
            names: "乙.xlsx".into(),
            imported: 1,
            dry_run: false,
        });
        assert_eq!(partial.kind(), ErrorKind::Partial);
    }

    #[test]
    fn a_refusal_of_the_operating_system_is_io_not_invalid() {
        let e = Error::Io("无法保存提醒设置".into());
        assert_eq!(e.kind(), ErrorKind::Io);
        assert_eq!(json(e)["kind"], "io");
        assert_eq!(
            json(Error::Invalid("日期无法识别".into()))["kind"],
            "invalid"
        );
    }
}
