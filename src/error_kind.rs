//! The kinds of failure every area's error reports, for the CLI's JSON and the window to branch
//! on (never on the Chinese message). Serialised as the snake_case names the CLI always printed.

use serde::{Deserialize, Serialize};

/// What kind of failure an error is. Each area's error maps its variants to one of these in
/// its `kind()`; [`crate::Error`] serialises it as `{ kind, message }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ErrorKind {
    /// The input (a file, a field, an argument) is unusable as given.
    Invalid,
    /// What was asked for does not exist (a task, a unit, a batch, a folder).
    NotFound,
    /// It clashes with what is there (a code taken, a report already sent).
    Conflict,
    /// The database refused (SQLite or a migration).
    Database,
    /// The database was written by a newer program.
    NewerDatabase,
    /// The file is not this program's database, or it is damaged.
    NotADatabase,
    /// The operating system refused: a file or folder could not be read or written.
    Io,
    /// Another program holds the file (an export target open in Excel, a busy database).
    Locked,
    /// A workbook protected with a password.
    Encrypted,
    /// A format this program does not read (a WPS .et file, a ledger from a newer program).
    Unsupported,
    /// Some files of an import batch were imported, others refused.
    Partial,
    /// The backup that protects a change could not be made, so the change was not made.
    BackupFailed,
    /// A plan import was given a document that lists only the 领导小组 (a roster notice): the
    /// window offers its roster instead.
    RosterOnly,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::Invalid,
        ErrorKind::NotFound,
        ErrorKind::Conflict,
        ErrorKind::Database,
        ErrorKind::NewerDatabase,
        ErrorKind::NotADatabase,
        ErrorKind::Io,
        ErrorKind::Locked,
        ErrorKind::Encrypted,
        ErrorKind::Unsupported,
        ErrorKind::Partial,
        ErrorKind::BackupFailed,
        ErrorKind::RosterOnly,
    ];

    /// The name as serialised (`not_found`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Invalid => "invalid",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Database => "database",
            ErrorKind::NewerDatabase => "newer_database",
            ErrorKind::NotADatabase => "not_a_database",
            ErrorKind::Io => "io",
            ErrorKind::Locked => "locked",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Partial => "partial",
            ErrorKind::BackupFailed => "backup_failed",
            ErrorKind::RosterOnly => "roster_only",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorKind;

    #[test]
    fn names_are_the_strings_the_cli_printed() -> Result<(), serde_json::Error> {
        let names: Vec<String> = ErrorKind::ALL
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<_, _>>()?;
        assert_eq!(
            names.join(" "),
            r#""invalid" "not_found" "conflict" "database" "newer_database" "not_a_database" "io" "locked" "encrypted" "unsupported" "partial" "backup_failed" "roster_only""#
        );
        for k in ErrorKind::ALL {
            assert_eq!(serde_json::to_string(&k)?, format!("\"{}\"", k.as_str()));
            assert_eq!(serde_json::from_str::<ErrorKind>(&format!("\"{k}\""))?, k);
        }
        Ok(())
    }

    #[test]
    fn all_lists_every_kind_once() {
        // A new variant must be added to ALL: this match stops compiling without it.
        let index = |k: ErrorKind| match k {
            ErrorKind::Invalid => 0,
            ErrorKind::NotFound => 1,
            ErrorKind::Conflict => 2,
            ErrorKind::Database => 3,
            ErrorKind::NewerDatabase => 4,
            ErrorKind::NotADatabase => 5,
            ErrorKind::Io => 6,
            ErrorKind::Locked => 7,
            ErrorKind::Encrypted => 8,
            ErrorKind::Unsupported => 9,
            ErrorKind::Partial => 10,
            ErrorKind::BackupFailed => 11,
            ErrorKind::RosterOnly => 12,
        };
        for (i, k) in ErrorKind::ALL.iter().enumerate() {
            assert_eq!(index(*k), i);
        }
    }
}
