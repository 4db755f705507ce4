//! Importing returned ledgers (工作台账) — every report lands exactly once, nothing is lost.
//!
//! The flow the desktop and the CLI share:
//!
//! 1. [`preview`] reads the files and writes nothing: per file the unit and period it reports,
//!    each row matched to a task (by our hidden key, else 序号, else title similarity, with
//!    doubtful matches marked for the clerk), rows identical to the previous period flagged
//!    复制上期, files already imported (same content hash), and conflicts with a report the
//!    unit already sent for the period. A file that cannot be read gets its errors and does not
//!    stop the others.
//! 2. [`commit`] writes the files the clerk kept as one batch in one transaction: a submission
//!    per file (a newer report replaces the older, which stays in history) and every row,
//!    matched or not.
//! 3. [`undo`] removes a batch and restores exactly the state before it; [`list_batches`]
//!    lists them for the 导入记录 page.
//!
//! [`crate::ledger::consolidate`] reads what was imported: a task's history, a period's
//! consolidated view and its diff against the previous period, and the reporting status.

mod batch;
mod context;
mod error;
mod folder;
mod layout;
mod matching;
mod pipeline;
mod preview_book;
mod read;
mod resolve;
mod types;
mod xlsx;

pub use crate::document::cell::parse_date;
pub use crate::document::workbook::column_letter;
pub use batch::{
    batch_files, batch_page, commit, list_batches, list_batches_from, read_rows, set_received,
    undo, BatchFile, BatchHead, BatchPage, BatchSummary, KeptRow, ReadRow, ReceivedChange,
    UndoReport, FIRST_FILES,
};
pub use error::LedgerImportError;
pub use folder::{
    content_hash, expand_folders, workbooks_in, MAX_FOLDER_DEPTH, MAX_FOLDER_ENTRIES,
    MAX_FOLDER_WORKBOOKS,
};
pub use layout::{normalize_code, parse_status, period_in_text};
pub use matching::{similarity, MatchKind, DOUBTFUL, SURE};
pub use pipeline::{preview, preview_kept, preview_on, reading_threads, KeptBooks, ReadBook};
pub use read::{MAX_FILE_BYTES, MAX_PART_BYTES, MAX_ROWS};
pub use resolve::Disagreement;
pub(crate) use resolve::{check_received, reporting_opens, today_or_clock};
pub use types::{
    CommitChoices, CommitReport, Conflict, Counts, FileChoice, FileOverride, FilePreview,
    FileResult, FileState, IdentityConflict, ImportOptions, ImportPreview, Issue, Level, Outcome,
    PreviewRow, PriorImport, ReceivedSource, RowChoice, RowState, Source, Sources, StatusChoice,
};

use preview_book::same_text;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_ignores_whitespace_but_not_emptiness() {
        assert!(same_text("已完成 立法\n计划", "已完成立法计划"));
        assert!(same_text("已完成", "已完成"));
        assert!(!same_text("已完成", "未完成"));
        assert!(!same_text("已完成", "已完成。"));
        assert!(!same_text(" \n", " \n"));
        assert!(!same_text("", ""));
    }

    #[test]
    fn hashes_are_hex_sha256() {
        assert_eq!(
            content_hash(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }

    #[test]
    fn every_error_kind_is_stable() {
        let e = LedgerImportError::Encrypted {
            file: "a.xlsx".into(),
        };
        assert_eq!(e.kind(), crate::ErrorKind::Encrypted);
        assert!(e.to_string().contains("a.xlsx"));
        assert!(e.to_string().contains("另存为 .xlsx"));
    }
}
