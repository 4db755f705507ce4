//! What the preview shows and what the clerk sends back: the data crossing to the window.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::copied::Copied;
use crate::document::file::file_name;
use crate::period::Period;
use crate::task::Status;

use super::error::LedgerImportError;
use super::matching::MatchKind;

/// What the clerk chose before previewing: the plan (else the one the files name, or the only
/// one, or the one whose tasks they match best), and the unit and period for every file or for
/// single files (else what each file says).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct ImportOptions {
    pub plan_id: Option<i64>,
    /// A unit (name or alias) for every file.
    pub unit: Option<String>,
    /// A period for every file.
    pub period: Option<Period>,
    /// The day every file arrived (else each file's modification day, else today).
    pub received: Option<NaiveDate>,
    /// The app's today (`TAIZHANG_TODAY`, `--today`); `None`: this computer's date.
    pub today: Option<NaiveDate>,
    /// Choices for single files, which win over the ones above.
    pub files: Vec<FileOverride>,
    /// Leaves out the 照抄 check (what it costs is measured against this in
    /// benches/copied.rs; the inbox, which only recognises files, leaves it out too).
    pub skip_copied: bool,
}

/// The clerk's unit or period for one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct FileOverride {
    pub file: PathBuf,
    pub unit: Option<String>,
    pub period: Option<Period>,
    /// The day this file arrived.
    pub received: Option<NaiveDate>,
}

/// The preview of a batch of files; nothing has been written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportPreview {
    pub files: Vec<FilePreview>,
}

impl ImportPreview {
    /// Files that can be imported.
    pub fn ready(&self) -> impl Iterator<Item = &FilePreview> {
        self.files.iter().filter(|f| f.state == FileState::Ready)
    }
}

/// Whether a previewed file can be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum FileState {
    /// Read and matched; importable.
    Ready,
    /// The same content was imported before (see `already_imported`).
    AlreadyImported,
    /// The same content appears earlier in this batch.
    Duplicate,
    /// The file has errors and will not be imported.
    Failed,
}

/// Where the unit or the period of a file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Source {
    /// The clerk's choice.
    Chosen,
    /// Our hidden identity in the workbook.
    Identity,
    /// A 填报单位： / 报送期次： line or the title.
    Form,
    /// The file name.
    FileName,
}

/// Where a file's 收到日期 came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ReceivedSource {
    /// The file's modification time (a file saved from WeChat or mail carries its download
    /// time): 文件时间.
    FileTime,
    /// Entered by the clerk: 手工填写.
    Manual,
    /// The file has no usable time; the day of the import: 导入当天.
    ImportDay,
}

impl ReceivedSource {
    /// 文件时间 / 手工填写 / 导入当天.
    pub fn label(self) -> &'static str {
        match self {
            ReceivedSource::FileTime => "文件时间",
            ReceivedSource::Manual => "手工填写",
            ReceivedSource::ImportDay => "导入当天",
        }
    }
}

/// What the hidden identity, the visible 填报单位 / 报送期次 (or title) and the file name say
/// about a file's unit or period; `None` where one says nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Sources<T> {
    pub identity: Option<T>,
    pub form: Option<T>,
    pub file_name: Option<T>,
}

impl<T: PartialEq> Sources<T> {
    /// Whether two of the values that are there differ.
    pub(super) fn disagree(&self) -> bool {
        let known: Vec<&T> = [&self.identity, &self.form, &self.file_name]
            .into_iter()
            .flatten()
            .collect();
        known.windows(2).any(|w| w[0] != w[1])
    }
}

/// A file whose identity, header and name disagree on its unit or period: not imported until
/// the clerk chooses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IdentityConflict {
    /// Unit names, when they disagree.
    pub unit: Option<Sources<String>>,
    /// Periods, when they disagree.
    pub period: Option<Sources<Period>>,
}

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Level {
    /// The file will not be imported.
    Error,
    /// The clerk should look, the file can be imported.
    Warning,
}

/// A problem found in a file, with the place it is at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Issue {
    pub level: Level,
    /// Stable kind: for errors see [`LedgerImportError::kind`]; warnings are `warning`,
    /// `already_imported`, `duplicate_file`, `status_word` (a 完成状态 word shown for decision)
    /// or `title_edited` (the department changed a task's text).
    pub kind: String,
    /// The Chinese message, naming the file, sheet, row and column.
    pub message: String,
    pub sheet: Option<String>,
    /// 1-based Excel row.
    pub row: Option<u32>,
    /// Excel column letter.
    pub column: Option<String>,
}

impl Issue {
    pub(super) fn error(e: &LedgerImportError) -> Issue {
        let (sheet, row) = e.place();
        Issue {
            level: Level::Error,
            kind: e.kind().to_string(),
            message: e.to_string(),
            sheet,
            row,
            column: None,
        }
    }

    pub(super) fn warning(
        message: String,
        sheet: Option<&str>,
        row: Option<u32>,
        column: Option<String>,
    ) -> Issue {
        Issue::notice("warning", message, sheet, row, column)
    }

    pub(super) fn notice(
        kind: &str,
        message: String,
        sheet: Option<&str>,
        row: Option<u32>,
        column: Option<String>,
    ) -> Issue {
        Issue {
            level: Level::Warning,
            kind: kind.to_string(),
            message,
            sheet: sheet.map(str::to_string),
            row,
            column,
        }
    }
}

/// What a row brings compared with the unit's report for the previous period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum RowState {
    /// Progress differs from the previous period's (or there was none): new information.
    New,
    /// Progress identical to the previous period's (复制上期).
    Unchanged,
    /// No progress written.
    Empty,
    /// The row matches no task (kept with the batch, not counted as progress).
    Unmatched,
    /// The same task again, with the same text, further down: read once.
    Duplicate,
}

/// One row of a previewed file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PreviewRow {
    pub sheet: String,
    /// 1-based Excel row.
    pub row: u32,
    /// 序号 and task title as written in the file.
    pub code: String,
    pub title: String,
    /// The matched (or, when doubtful, suggested) task.
    pub task_id: Option<i64>,
    pub task_code: String,
    pub task_title: String,
    pub matched_by: MatchKind,
    /// Title similarity of the match, 0–1.
    pub score: f64,
    /// The clerk should confirm this match; unconfirmed, the row stays unmatched.
    pub doubtful: bool,
    /// Why the match is doubtful or missing.
    pub note: String,
    pub progress: String,
    pub status: Option<Status>,
    /// 完成状态 as written, when it is none of the dropdown's words.
    pub status_text: String,
    /// How 完成状态 was read: `mapped` (the clerk's table of words), `guessed` and `unknown`
    /// rows are shown to the clerk before anything is written.
    #[serde(default)]
    pub status_reading: crate::status::Reading,
    /// Matched, but the department's 任务 text differs from the plan's (`title` against
    /// `task_title`): shown to the clerk with both texts.
    #[serde(default)]
    pub title_edited: bool,
    pub dept_section: String,
    pub person: String,
    pub remark: String,
    pub deadline: String,
    /// Other columns: (header, text).
    pub extra: Vec<(String, String)>,
    /// The unit's progress on the task in the previous period.
    pub previous: Option<String>,
    pub previous_status: Option<Status>,
    pub state: RowState,
    /// The task is not assigned to the reporting unit.
    pub not_assigned: bool,
    /// 照抄: the progress repeats the unit's earlier report on the task, or another unit's
    /// report for the period (see [`crate::copied`]).
    #[serde(default)]
    pub copied: Option<Copied>,
    /// Files named in the row's 佐证材料 column, found beside the ledger or not; the found ones
    /// are attached to the row's task on import.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<crate::evidence::named::NamedFile>,
}

impl PreviewRow {
    /// A matched row with progress, read once: what 照抄 is looked for in.
    pub(super) fn copied_candidate(&self) -> bool {
        self.task_id.is_some()
            && !self.doubtful
            && matches!(self.state, RowState::New | RowState::Unchanged)
    }
}

/// Row counts of a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Counts {
    /// Data rows read.
    pub rows: usize,
    /// Rows matched to a task (doubtful ones excluded).
    pub matched: usize,
    /// Matched rows with new progress.
    pub new: usize,
    /// Matched rows whose progress is the previous period's (复制上期).
    pub unchanged_from_previous: usize,
    /// Matched rows without progress.
    pub empty: usize,
    /// Rows matched to no task.
    pub unmatched: usize,
    /// Rows whose match the clerk should confirm.
    pub doubtful: usize,
    /// Matched rows whose progress is 照抄 (copied from an earlier month or another unit).
    #[serde(default)]
    pub copied: usize,
}

/// The unit's report already in the database for the same period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Conflict {
    /// The existing submission (`None`: an earlier file of this batch).
    pub submission_id: Option<i64>,
    pub file_name: String,
    /// When it was imported, and the day it arrived.
    pub received_at: String,
    pub received_on: Option<NaiveDate>,
    pub rows: i64,
}

/// A previous import of the same content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PriorImport {
    pub batch_id: i64,
    pub imported_at: String,
    pub file_name: String,
}

/// One file of a preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FilePreview {
    pub file: PathBuf,
    pub file_name: String,
    /// SHA-256 of the content, hex.
    pub hash: String,
    pub size: u64,
    pub state: FileState,
    pub plan_id: Option<i64>,
    pub plan_title: String,
    pub unit_id: Option<i64>,
    pub unit: String,
    pub unit_source: Option<Source>,
    pub period: Option<Period>,
    pub period_source: Option<Source>,
    /// The workbook is our own export (hidden identity found).
    pub ours: bool,
    /// Sheets the rows come from, and the 1-based header row of the first.
    pub sheets: Vec<String>,
    pub header_row: u32,
    pub rows: Vec<PreviewRow>,
    pub counts: Counts,
    /// The unit already reported this period: import replaces it (kept in history) or keeps it.
    pub conflict: Option<Conflict>,
    pub already_imported: Option<PriorImport>,
    /// 收到日期: the day the file arrived, by which it is on time or late.
    pub received_on: Option<NaiveDate>,
    pub received_source: Option<ReceivedSource>,
    /// The local day the file was last modified.
    pub file_time: Option<NaiveDate>,
    /// The first day the file's period can have been received (reporting opens).
    pub received_from: Option<NaiveDate>,
    /// Identity, header and file name disagree (the file is not imported until the clerk
    /// chooses).
    pub identity_conflict: Option<IdentityConflict>,
    pub issues: Vec<Issue>,
}

impl FilePreview {
    pub(super) fn new(file: &Path) -> FilePreview {
        FilePreview {
            file: file.to_path_buf(),
            file_name: file_name(file),
            hash: String::new(),
            size: 0,
            state: FileState::Ready,
            plan_id: None,
            plan_title: String::new(),
            unit_id: None,
            unit: String::new(),
            unit_source: None,
            period: None,
            period_source: None,
            ours: false,
            sheets: Vec::new(),
            header_row: 0,
            rows: Vec::new(),
            counts: Counts::default(),
            conflict: None,
            already_imported: None,
            received_on: None,
            received_source: None,
            file_time: None,
            received_from: None,
            identity_conflict: None,
            issues: Vec::new(),
        }
    }

    pub(super) fn fail(&mut self, e: &LedgerImportError) {
        self.state = FileState::Failed;
        self.issues.push(Issue::error(e));
    }

    /// The errors of the file.
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.level == Level::Error)
    }
}

/// What the clerk decided after the preview.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct CommitChoices {
    /// Replace the unit's existing report for the period (kept in history) in every conflict
    /// without a per-file choice; otherwise the existing report is kept and the file skipped.
    pub replace: bool,
    /// Accept every doubtful match that has no per-row choice.
    pub accept_doubtful: bool,
    /// The day every file arrived, over the preview's 收到日期 (a file's own choice wins).
    pub received: Option<NaiveDate>,
    /// The app's today, for checking 收到日期; `None`: this computer's date.
    pub today: Option<NaiveDate>,
    pub files: Vec<FileChoice>,
    /// Keep no 照抄 prints of the reports written (the 照抄 bench's reference, an import
    /// without 照抄 detection; see `ImportOptions::skip_copied`). The window leaves it out.
    #[cfg_attr(test, ts(skip))]
    pub skip_copied: bool,
}

/// The clerk's decisions for one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct FileChoice {
    pub file: PathBuf,
    /// Do not import this file.
    pub skip: bool,
    /// Replace (true) or keep (false) the unit's existing report for the period.
    pub replace: Option<bool>,
    /// The day this file arrived, over the preview's 收到日期.
    pub received: Option<NaiveDate>,
    pub rows: Vec<RowChoice>,
    /// The clerk's status for rows whose 完成状态 word was shown (mapped, guessed or not
    /// understood), over the one proposed.
    pub statuses: Vec<StatusChoice>,
}

/// The status the clerk decided for one row (`None`: no status recorded, the word kept in
/// the row's text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StatusChoice {
    pub sheet: String,
    pub row: u32,
    pub status: Option<Status>,
}

/// The clerk's task for one row: confirm a doubtful match, pick another task, or `None` to
/// leave the row unmatched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RowChoice {
    pub sheet: String,
    pub row: u32,
    pub task_id: Option<i64>,
}

/// What happened to one file in a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Outcome {
    Imported,
    /// The clerk chose to skip it.
    Skipped,
    /// The unit's existing report was kept.
    Kept,
    AlreadyImported,
    Duplicate,
    Failed,
}

/// One file's result in a commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FileResult {
    pub file: PathBuf,
    pub file_name: String,
    pub unit: String,
    pub period: Option<Period>,
    pub outcome: Outcome,
    pub submission_id: Option<i64>,
    /// The day it arrived, as recorded.
    pub received_on: Option<NaiveDate>,
    /// The submission it replaced, kept in history.
    pub replaced: Option<i64>,
    /// Progress entries written.
    pub entries: usize,
    pub counts: Counts,
}

/// The result of a commit: the batch (`None` when nothing was imported) and every file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CommitReport {
    pub batch: Option<i64>,
    pub files: Vec<FileResult>,
}
