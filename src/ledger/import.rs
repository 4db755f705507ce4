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
mod layout;
mod matching;
mod read;
mod xlsx;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::copied::{self, Copied};
use crate::ledger::{WorkbookKind, SCHEMA_VERSION};
use crate::plan::doc::file_name;
use crate::plan::text::squeeze;
use crate::plan::{self, PlanError};
use crate::progress::{self, Period, ProgressError};
use crate::store::{Db, StoreError};
use crate::task::Status;
use crate::unit::{self, UnitError, UnitKind};

pub use crate::cell::parse_date;
pub use crate::plan::workbook::column_letter;
pub use batch::{
    batch_files, batch_page, commit, list_batches, read_rows, set_received, undo, BatchFile,
    BatchHead, BatchPage, BatchSummary, KeptRow, ReadRow, ReceivedChange, UndoReport, FIRST_FILES,
};
pub use layout::{normalize_code, parse_status, period_in_text};
pub use matching::{similarity, MatchKind, DOUBTFUL, SURE};
pub use read::{MAX_FILE_BYTES, MAX_PART_BYTES, MAX_ROWS};

use layout::{Field, NoTable, RawRow, Table};
use matching::{match_row, RowMatch, TaskIndex};

/// Errors of importing ledgers. A file's own problems are reported per file in the preview
/// (with this type's message and kind); the call itself fails only for the database or for
/// requests that make no sense.
#[derive(Debug, thiserror::Error)]
pub enum LedgerImportError {
    #[error("无法读取文件“{file}”：{detail}。请确认文件存在、未被其他程序占用后重试。")]
    Io { file: String, detail: String },
    #[error("“{file}”不是普通文件，而是{what}，无法导入。请选择报送单位发来的 Excel 台账文件（.xlsx 或 .xls）。")]
    NotAFile { file: String, what: &'static str },
    #[error("文件“{file}”是空的（0 字节），没有可导入的内容。请让报送单位重新发送台账。")]
    EmptyFile { file: String },
    #[error("文件“{file}”过大（约 {size_mb} MB，上限 {limit_mb} MB），不像是工作台账。请确认选择的文件是否正确。")]
    TooLarge {
        file: String,
        size_mb: u64,
        limit_mb: u64,
    },
    #[error("“{file}”不是 Excel 工作簿（{detail}）。请选择报送单位返回的 .xlsx 或 .xls 台账，或让对方用 Excel/WPS“另存为”.xlsx 后重新发送。")]
    NotAWorkbook { file: String, detail: String },
    #[error("“{file}”已损坏，无法读取（{detail}）。请重新下载，或让报送单位用 Excel/WPS 打开后“另存为”.xlsx 再发送。")]
    Broken { file: String, detail: String },
    #[error("“{file}”设置了打开密码（已加密），无法读取。请让报送单位在 Excel/WPS 中取消密码，另存为 .xlsx（不设密码）后重新发送。")]
    Encrypted { file: String },
    #[error("“{file}”是 WPS 表格（.et）格式，无法直接读取。请用 WPS 打开后“另存为”Excel 工作簿（.xlsx），不要设置密码，再导入。")]
    WpsFormat { file: String },
    #[error("“{file}”中的“{part}”解压后约 {size_mb} MB，远超正常台账，可能已损坏或是恶意文件，已拒绝读取。请让报送单位重新另存为 .xlsx 后发送。")]
    ZipBomb {
        file: String,
        part: String,
        size_mb: u64,
    },
    #[error("“{file}”工作表“{sheet}”第 {first_row} 至 {last_row} 行的合并单元格展开后超过 {limit_mb} MB，远超正常台账，可能已损坏或是恶意文件，已拒绝读取。请取消这些合并单元格后保存，或让报送单位重新另存为 .xlsx 后发送。")]
    MergesTooLarge {
        file: String,
        sheet: String,
        first_row: u32,
        last_row: u32,
        limit_mb: u64,
    },
    #[error("“{file}”工作表“{sheet}”超过 {limit} 行，远多于一份台账应有的行数，已停止读取。请确认文件是否正确，或删去多余的行后再导入。")]
    TooManyRows {
        file: String,
        sheet: String,
        limit: usize,
    },
    #[error("“{file}”中的“{part}”含有 XML 实体声明（DOCTYPE / ENTITY），正常的 Excel 文件不会有，这种写法可能使程序卡死或读取本机文件，已拒绝导入，未写入任何内容。请让报送单位用 Excel / WPS 打开后“另存为”.xlsx 重新发送。")]
    XmlEntities { file: String, part: String },
    #[error("“{file}”是一个空工作簿，没有任何内容。请让报送单位填写台账后重新发送。")]
    EmptyWorkbook { file: String },
    #[error("在“{file}”的工作表{sheets}前 {rows} 行中没有找到台账表头。表头应有任务列（如“主要任务”“工作任务”“重点任务”）和“进展情况”等列。请确认这是工作台账，或把表头改回导出时的样子后再导入。")]
    NoHeader {
        file: String,
        sheets: String,
        rows: usize,
    },
    #[error("“{file}”工作表“{sheet}”第{row}行的表头中没有“进展情况”列（也没有“工作进展”“落实情况”“完成情况”）。请保留进展情况列并填写后再导入。")]
    NoProgressColumn {
        file: String,
        sheet: String,
        row: u32,
    },
    #[error("“{file}”工作表“{sheet}”在第{row}行表头下面没有任何任务行。请确认报送单位发来的是填好的台账。")]
    NoDataRows {
        file: String,
        sheet: String,
        row: u32,
    },
    #[error("“{file}”是本软件导出的{what}，不是单位工作台账。请导入各单位填报后返回的台账。")]
    NotAUnitLedger { file: String, what: String },
    #[error("“{file}”由更新版本的台账软件导出（格式版本 {found}）。请升级本软件后再导入。")]
    NewerLedger { file: String, found: i64 },
    #[error("“{file}”是方案《{found}》的台账，不是所选方案《{expected}》的。请确认文件没有发错，或在导入时选择正确的方案。")]
    OtherPlan {
        file: String,
        found: String,
        expected: String,
    },
    #[error("“{file}”是方案《{title}》的台账，但数据库中没有这个方案。请先导入或新建该方案，或确认文件没有发错。")]
    PlanMissing { file: String, title: String },
    #[error("数据库中还没有方案，无法导入台账。请先导入或新建方案。")]
    NoPlan,
    #[error("“{file}”{place}写的填报单位“{name}”不在责任单位名单中。请先在“责任单位”中添加该单位（或把它设为已有单位的别名），或在导入时选择单位。")]
    UnknownUnit {
        file: String,
        place: String,
        name: String,
    },
    #[error("“{file}”中的单位“{name}”是统称，不是一个具体单位。请在导入时选择报送的具体单位。")]
    GroupUnit { file: String, name: String },
    #[error("无法确定“{file}”是哪个单位报送的：文件中没有本软件的隐藏标识，没有“填报单位：”一行，文件名中也没有单位名称。请在导入时选择单位。")]
    NoUnit { file: String },
    #[error("无法确定“{file}”的报送期次：文件中没有隐藏标识和“报送期次：”，标题和文件名中也没有月份（如 2025年9月）。请在导入时选择报送期次。")]
    NoPeriod { file: String },
    #[error("“{file}”的报送期次 {period} 不在方案的实施期内（{range}）。请确认文件没有发错，或在导入时选择正确的报送期次。")]
    PeriodOutsidePlan {
        file: String,
        period: String,
        range: String,
    },
    #[error("“{file}”工作表“{sheet}”的 {rows} 行任务都对应不上方案《{plan}》的任务。请确认这是本方案的台账，或在导入时选择正确的方案。")]
    NoRowsMatched {
        file: String,
        sheet: String,
        rows: usize,
        plan: String,
    },
    #[error("“{file}”工作表“{sheet}”第{first}行和第{second}行都是任务“{task}”，但填写的进展不同。请删除重复的一行，或把两行合并后再导入。")]
    DuplicateRows {
        file: String,
        sheet: String,
        first: u32,
        second: u32,
        task: String,
    },
    #[error("“{file}”工作表“{sheet}”第{row}行 {column}有 {len} 个字符，超过 Excel 单元格的上限 32767 个字符（开头为“{preview}”），未导入。请让报送单位精简该单元格后重新发送。")]
    CellTooLong {
        file: String,
        sheet: String,
        row: u32,
        /// The column's letter and header: D列（工作进展）.
        column: String,
        len: usize,
        preview: String,
    },
    #[error("“{file}”中所有任务的进展情况都是空的，像是未填写的空白台账，未导入。请让报送单位填写后重新发送。")]
    BlankLedger { file: String },
    #[error("收到日期{day}晚于今天（{today}）。请填写文件实际收到的日期。")]
    ReceivedInFuture { day: String, today: String },
    #[error("“{file}”的收到日期{day}早于{period}报送的开始日期{opens}。请填写文件实际收到的日期（不早于{opens}）。")]
    ReceivedBeforeOpen {
        file: String,
        day: String,
        period: String,
        opens: String,
    },
    #[error("{0}")]
    IdentityConflict(Box<Disagreement>),
    #[error("未找到编号为 {0} 的报送，可能已被撤销。请用 taizhang import list 查看报送编号（submission_id）。")]
    SubmissionNotFound(i64),
    #[error("没有选择要导入的文件。")]
    NoFiles,
    #[error("{count} 个文件{}：{names}。原因见上面的说明，改正后可再次导入（已导入的文件不会重复导入）。", if *.dry_run { "不会导入" } else { "未能导入" })]
    NoneImported {
        count: usize,
        names: String,
        dry_run: bool,
    },
    #[error("{count} 个文件{}：{names}；其余 {imported} 个文件{}。原因见上面的说明，改正后可再导入这几个文件（已导入的文件不会重复导入）。", if *.dry_run { "不会导入" } else { "未能导入" }, if *.dry_run { "可以导入" } else { "已导入" })]
    PartlyImported {
        count: usize,
        names: String,
        imported: usize,
        dry_run: bool,
    },
    #[error("文件夹“{0}”中没有 Excel 台账文件（.xlsx、.xls）。请确认选择的文件夹是否正确。")]
    EmptyFolder(String),
    #[error("文件夹“{folder}”的子文件夹超过 {limit} 层，不像是存放台账的文件夹，未导入任何文件。请把要导入的台账放在一个文件夹（可含几层子文件夹）中再导入。")]
    FolderTooDeep { folder: String, limit: usize },
    #[error("文件夹“{folder}”中的台账文件超过 {limit} 个，一次导入不了这么多，未导入任何文件。请按月份或单位分到几个文件夹中，分批导入。")]
    FolderTooManyWorkbooks { folder: String, limit: usize },
    #[error("文件夹“{folder}”中的文件和子文件夹超过 {limit} 个，不像是存放台账的文件夹，未导入任何文件。请选择只存放台账的文件夹后再导入。")]
    FolderTooManyEntries { folder: String, limit: usize },
    #[error("未找到编号为 {0} 的导入批次，可能已被撤销。请刷新导入记录后再试。")]
    BatchNotFound(i64),
    #[error("未找到这份报送（编号 {0}）的导入文件，可能已被撤销。请刷新导入记录后再试。")]
    ImportedFileNotFound(i64),
    #[error("这份报送读入的行记录已损坏（{0}），无法显示。报送的进展不受影响。")]
    ReadRowsBroken(String),
    #[error("“{file}”第{row}行所选的任务（编号 {task_id}）不是方案中的有效任务，可能已被删除。请重新预览后再导入。")]
    TaskNotInPlan {
        file: String,
        row: u32,
        task_id: i64,
    },
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Unit(#[from] UnitError),
    #[error(transparent)]
    Task(#[from] crate::task::TaskError),
    #[error(transparent)]
    Progress(#[from] ProgressError),
    #[error(transparent)]
    Calendar(#[from] crate::calendar::CalendarError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Remind(#[from] Box<crate::remind::RemindError>),
    #[error(transparent)]
    Copied(#[from] crate::copied::CopiedError),
}
crate::impl_from_sqlite!(LedgerImportError);

impl From<crate::remind::RemindError> for LedgerImportError {
    fn from(e: crate::remind::RemindError) -> Self {
        LedgerImportError::Remind(Box::new(e))
    }
}

impl LedgerImportError {
    /// Stable machine-readable kind: `io`, `invalid` (the file is unusable as sent),
    /// `encrypted`, `unsupported` (.et), `not_found`, `conflict`, `partial` (some files of a
    /// batch were imported, others not), or an inner kind.
    pub fn kind(&self) -> &'static str {
        use LedgerImportError as E;
        match self {
            E::Io { .. } => "io",
            E::Encrypted { .. } => "encrypted",
            E::WpsFormat { .. } | E::NewerLedger { .. } => "unsupported",
            E::EmptyFile { .. }
            | E::TooLarge { .. }
            | E::NotAWorkbook { .. }
            | E::Broken { .. }
            | E::ZipBomb { .. }
            | E::XmlEntities { .. }
            | E::TooManyRows { .. }
            | E::MergesTooLarge { .. }
            | E::EmptyWorkbook { .. }
            | E::NoHeader { .. }
            | E::NoProgressColumn { .. }
            | E::NoDataRows { .. }
            | E::NotAUnitLedger { .. }
            | E::NoUnit { .. }
            | E::NoPeriod { .. }
            | E::PeriodOutsidePlan { .. }
            | E::NoRowsMatched { .. }
            | E::DuplicateRows { .. }
            | E::CellTooLong { .. }
            | E::GroupUnit { .. }
            | E::BlankLedger { .. }
            | E::NoFiles
            | E::ReceivedInFuture { .. }
            | E::ReceivedBeforeOpen { .. }
            | E::NotAFile { .. }
            | E::EmptyFolder(_)
            | E::FolderTooDeep { .. }
            | E::FolderTooManyWorkbooks { .. }
            | E::FolderTooManyEntries { .. }
            | E::TaskNotInPlan { .. } => "invalid",
            E::NoneImported { .. } => "invalid",
            E::PartlyImported { .. } => "partial",
            E::OtherPlan { .. } | E::IdentityConflict(_) => "conflict",
            E::PlanMissing { .. }
            | E::NoPlan
            | E::UnknownUnit { .. }
            | E::BatchNotFound(_)
            | E::SubmissionNotFound(_)
            | E::ImportedFileNotFound(_) => "not_found",
            E::ReadRowsBroken(_) => "invalid",
            E::Plan(e) => e.kind(),
            E::Remind(e) => e.kind(),
            E::Unit(e) => e.kind(),
            E::Task(e) => e.kind(),
            E::Progress(e) => e.kind(),
            E::Calendar(e) => e.kind(),
            E::Store(e) => e.kind(),
            E::Copied(e) => e.kind(),
        }
    }

    /// Where in the file the problem is, when the error names a place.
    fn place(&self) -> (Option<String>, Option<u32>) {
        use LedgerImportError as E;
        match self {
            E::TooManyRows { sheet, .. } => (Some(sheet.clone()), None),
            E::MergesTooLarge {
                sheet, first_row, ..
            } => (Some(sheet.clone()), Some(*first_row)),
            E::NoProgressColumn { sheet, row, .. } | E::NoDataRows { sheet, row, .. } => {
                (Some(sheet.clone()), Some(*row))
            }
            E::NoRowsMatched { sheet, .. } => (Some(sheet.clone()), None),
            E::DuplicateRows { sheet, second, .. } => (Some(sheet.clone()), Some(*second)),
            E::CellTooLong { sheet, row, .. } => (Some(sheet.clone()), Some(*row)),
            _ => (None, None),
        }
    }
}

/// Refuses a file with a cell longer than Excel allows (a hand-made file can hold any length):
/// such a text could be stored but never exported again. Names the sheet, row and column.
fn check_cell_lengths(file: &str, tables: &[Table]) -> Result<(), LedgerImportError> {
    use crate::limits::{excel_len, preview, MAX_CELL_CHARS};
    for t in tables {
        let column = |field: Field, header: Option<&str>| {
            t.columns
                .iter()
                .find(|c| c.field == field && header.is_none_or(|h| c.header == h))
                .map(|c| format!("{}列（{}）", column_letter(c.col), c.header))
                .unwrap_or_default()
        };
        for r in &t.rows {
            let mut cells: Vec<(&str, Field, Option<&str>)> = vec![
                (&r.code, Field::Code, None),
                (&r.title, Field::Title, None),
                (&r.key, Field::Key, None),
                (&r.progress, Field::Progress, None),
                (&r.status_text, Field::Status, None),
                (&r.dept_section, Field::Section, None),
                (&r.person, Field::Person, None),
                (&r.remark, Field::Remark, None),
                (&r.previous, Field::Previous, None),
                (&r.deadline, Field::Deadline, None),
            ];
            cells.extend(
                r.extra
                    .iter()
                    .map(|(h, text)| (text.as_str(), Field::Extra, Some(h.as_str()))),
            );
            for (text, field, header) in cells {
                if text.len() <= MAX_CELL_CHARS {
                    continue;
                }
                let len = excel_len(text);
                if len > MAX_CELL_CHARS {
                    return Err(LedgerImportError::CellTooLong {
                        file: file.to_string(),
                        sheet: t.sheet.clone(),
                        row: r.row,
                        column: column(field, header),
                        len,
                        preview: preview(text),
                    });
                }
            }
        }
    }
    Ok(())
}

/// What the clerk chose before previewing: the plan (else the one the files name, or the only
/// one, or the one whose tasks they match best), and the unit and period for every file or for
/// single files (else what each file says).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
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
    /// benches/ledger_import.rs).
    pub skip_copied: bool,
}

/// The clerk's unit or period for one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileOverride {
    pub file: PathBuf,
    pub unit: Option<String>,
    pub period: Option<Period>,
    /// The day this file arrived.
    pub received: Option<NaiveDate>,
}

/// The preview of a batch of files; nothing has been written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
pub struct Sources<T> {
    pub identity: Option<T>,
    pub form: Option<T>,
    pub file_name: Option<T>,
}

impl<T: PartialEq> Sources<T> {
    /// Whether two of the values that are there differ.
    fn disagree(&self) -> bool {
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
pub struct IdentityConflict {
    /// Unit names, when they disagree.
    pub unit: Option<Sources<String>>,
    /// Periods, when they disagree.
    pub period: Option<Sources<Period>>,
}

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The file will not be imported.
    Error,
    /// The clerk should look, the file can be imported.
    Warning,
}

/// A problem found in a file, with the place it is at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    fn error(e: &LedgerImportError) -> Issue {
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

    fn warning(
        message: String,
        sheet: Option<&str>,
        row: Option<u32>,
        column: Option<String>,
    ) -> Issue {
        Issue::notice("warning", message, sheet, row, column)
    }

    fn notice(
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
}

impl PreviewRow {
    /// A matched row with progress, read once: what 照抄 is looked for in.
    fn copied_candidate(&self) -> bool {
        self.task_id.is_some()
            && !self.doubtful
            && matches!(self.state, RowState::New | RowState::Unchanged)
    }
}

/// Row counts of a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct PriorImport {
    pub batch_id: i64,
    pub imported_at: String,
    pub file_name: String,
}

/// One file of a preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    fn new(file: &Path) -> FilePreview {
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

    fn fail(&mut self, e: &LedgerImportError) {
        self.state = FileState::Failed;
        self.issues.push(Issue::error(e));
    }

    /// The errors of the file.
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.level == Level::Error)
    }
}

/// How many levels of subfolders below a chosen folder are walked; deeper is refused.
pub const MAX_FOLDER_DEPTH: usize = 16;
/// How many workbooks one import takes from folders: a year of a large county's reports.
pub const MAX_FOLDER_WORKBOOKS: usize = 3_000;
/// How many entries (files and folders of any kind) the walk looks at before giving up.
pub const MAX_FOLDER_ENTRIES: usize = 50_000;

/// What tells two folders or files apart: (device, inode) on Unix, the canonical path
/// elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

fn identity(path: &Path) -> Option<Identity> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some(Identity::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(Identity::Path)
    }
}

/// The walk of the folders of one import: every folder and file is visited once, however
/// many links lead to it, and no link leads back into a folder being walked or above it.
struct Walk {
    /// The folders walked and the files taken.
    seen: HashSet<Identity>,
    /// The ancestors of the chosen folders: a link to one of them (to `..`, to `/`) would walk
    /// a chosen folder again, or the whole disk.
    above: HashSet<Identity>,
    files: Vec<PathBuf>,
    entries: usize,
}

impl Walk {
    fn new() -> Walk {
        Walk {
            seen: HashSet::new(),
            above: HashSet::new(),
            files: Vec::new(),
            entries: 0,
        }
    }

    /// Whether `path` is new to the walk (one whose identity cannot be read counts as new).
    fn first_time(&mut self, path: &Path) -> bool {
        match identity(path) {
            Some(id) => !self.above.contains(&id) && self.seen.insert(id),
            None => true,
        }
    }

    /// A file chosen directly; the same file twice (or through a link) is kept once.
    fn file(&mut self, path: &Path) {
        if self.first_time(path) {
            self.files.push(path.to_path_buf());
        }
    }

    /// Adds the workbooks in `dir` and its subfolders, in name order; returns whether the
    /// folder held any, including ones already taken.
    fn folder(&mut self, dir: &Path) -> Result<bool, LedgerImportError> {
        let shown = dir.display().to_string();
        match identity(dir) {
            Some(id) if self.seen.contains(&id) => return Ok(true),
            Some(id) => {
                self.seen.insert(id);
            }
            None => {}
        }
        if let Ok(canonical) = std::fs::canonicalize(dir) {
            self.above
                .extend(canonical.ancestors().skip(1).filter_map(identity));
        }
        let mut found = Vec::new();
        let mut any = false;
        let mut folders = vec![(dir.to_path_buf(), 0usize)];
        while let Some((folder, depth)) = folders.pop() {
            let entries = std::fs::read_dir(&folder).map_err(|e| LedgerImportError::Io {
                file: folder.display().to_string(),
                detail: e.to_string(),
            })?;
            for entry in entries.flatten() {
                self.entries += 1;
                if self.entries > MAX_FOLDER_ENTRIES {
                    return Err(LedgerImportError::FolderTooManyEntries {
                        folder: shown,
                        limit: MAX_FOLDER_ENTRIES,
                    });
                }
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with("~$") || name.starts_with('.') {
                    continue;
                }
                // A link is followed to what it points at; a broken one is kept as a file so
                // that the clerk hears about it.
                let is_dir = match entry.file_type() {
                    Ok(t) if t.is_symlink() => std::fs::metadata(&path).is_ok_and(|m| m.is_dir()),
                    Ok(t) => t.is_dir(),
                    Err(_) => false,
                };
                if is_dir {
                    if !self.first_time(&path) {
                        continue;
                    }
                    if depth >= MAX_FOLDER_DEPTH {
                        return Err(LedgerImportError::FolderTooDeep {
                            folder: shown,
                            limit: MAX_FOLDER_DEPTH,
                        });
                    }
                    folders.push((path, depth + 1));
                    continue;
                }
                let ext = crate::plan::workbook::extension(&name);
                if !matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "et") {
                    continue;
                }
                any = true;
                if !self.first_time(&path) {
                    continue;
                }
                found.push(path);
                if self.files.len() + found.len() > MAX_FOLDER_WORKBOOKS {
                    return Err(LedgerImportError::FolderTooManyWorkbooks {
                        folder: shown,
                        limit: MAX_FOLDER_WORKBOOKS,
                    });
                }
            }
        }
        found.sort();
        self.files.extend(found);
        Ok(any)
    }
}

/// The workbooks in a folder (and its subfolders), in name order: .xlsx, .xlsm, .xls and .et
/// (the last get a message asking for .xlsx). Excel's lock files (~$…) and hidden files are
/// left out. Links are followed, but every folder and file is taken once and no link leads
/// back up; more than [`MAX_FOLDER_DEPTH`] levels, [`MAX_FOLDER_WORKBOOKS`] workbooks or
/// [`MAX_FOLDER_ENTRIES`] entries are refused.
pub fn workbooks_in(dir: &Path) -> Result<Vec<PathBuf>, LedgerImportError> {
    let mut walk = Walk::new();
    if !walk.folder(dir)? {
        return Err(LedgerImportError::EmptyFolder(dir.display().to_string()));
    }
    Ok(walk.files)
}

/// The files chosen, each folder replaced by the workbooks in it ([`workbooks_in`]); a file
/// chosen twice, directly or through a folder or a link, is taken once.
pub fn expand_folders(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LedgerImportError> {
    let mut walk = Walk::new();
    for p in paths {
        if p.is_dir() {
            if !walk.folder(p)? {
                return Err(LedgerImportError::EmptyFolder(p.display().to_string()));
            }
        } else {
            walk.file(p);
        }
    }
    Ok(walk.files)
}

/// SHA-256 of a file's content, hex.
pub fn content_hash(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

/// A file read from disk and parsed, before anything is looked up in the database.
struct Loaded {
    hash: String,
    size: u64,
    book: Result<read::Book, LedgerImportError>,
    /// Each sheet's table, found on the reading thread.
    tables: Vec<Result<Table, NoTable>>,
    /// The local day the file was last modified.
    modified: Option<NaiveDate>,
}

/// The local day `file` was last modified, if the file system knows it.
fn modified_day(file: &Path) -> Option<NaiveDate> {
    let t = std::fs::metadata(file).and_then(|m| m.modified()).ok()?;
    Some(chrono::DateTime::<chrono::Local>::from(t).date_naive())
}

fn load(file: &Path) -> Loaded {
    let name = file_name(file);
    match read_file(file, &name) {
        Ok(bytes) => {
            let mut book = read::read(&bytes, &name);
            // The tables take the texts of their rows out of the sheets.
            let tables = match &mut book {
                Ok(b) => b.sheets.iter_mut().map(layout::find_table).collect(),
                Err(_) => Vec::new(),
            };
            Loaded {
                hash: content_hash(&bytes),
                size: bytes.len() as u64,
                book,
                tables,
                modified: modified_day(file),
            }
        }
        Err(e) => Loaded {
            hash: String::new(),
            size: 0,
            book: Err(e),
            tables: Vec::new(),
            modified: None,
        },
    }
}

/// The bytes of `file` (named `name` in messages), refused when it is a folder, a FIFO, a
/// device or anything else but a regular file, or larger than a ledger can be.
fn read_file(file: &Path, name: &str) -> Result<Vec<u8>, LedgerImportError> {
    use crate::plan::doc::{read_limited, Refused};
    read_limited(file, |_| MAX_FILE_BYTES).map_err(|refused| match refused {
        Refused::Folder => LedgerImportError::Io {
            file: name.to_string(),
            detail: "这是一个文件夹".to_string(),
        },
        Refused::NotRegular(special) => LedgerImportError::NotAFile {
            file: name.to_string(),
            what: special.label(),
        },
        Refused::TooLarge { size, limit } => LedgerImportError::TooLarge {
            file: name.to_string(),
            size_mb: size.div_ceil(1 << 20),
            limit_mb: limit >> 20,
        },
        Refused::Io(e) => LedgerImportError::Io {
            file: name.to_string(),
            detail: e.to_string(),
        },
    })
}

/// Threads [`preview`] reads files on: one per core, at most 8.
pub fn reading_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8)
}

/// How much the reading threads may hold at once, in [`weight`] units (bytes): a file read but
/// not yet matched counts until it is. A file heavier than this is read by the matching thread
/// itself when its turn comes, so that a folder of hostile files is read one at a time (and its
/// memory freed by the thread that took it) while a month's small ledgers (well under 1 MB
/// each) are read on every thread.
const READ_BUDGET: u64 = 16 << 20;

/// What reading `file` may hold in memory, roughly: its size plus what its zip parts declare
/// they inflate to (a part never inflates beyond its declared size), or four times its size
/// when it is not a zip (a .xls is read whole). Reads only the zip's directory; 0 when the file
/// cannot be opened (reading it fails at once).
fn weight(file: &Path) -> u64 {
    let Ok((f, meta)) = crate::user_file::open(file) else {
        return 0;
    };
    let inflated = match zip::ZipArchive::new(std::io::BufReader::new(f)) {
        Ok(zip) => zip
            .decompressed_size()
            .map_or(MAX_PART_BYTES, |n| u64::try_from(n).unwrap_or(u64::MAX)),
        Err(_) => meta.len().saturating_mul(3),
    };
    meta.len().saturating_add(inflated)
}

/// The reading threads' share of [`READ_BUDGET`].
struct Budget {
    state: std::sync::Mutex<BudgetState>,
    freed: std::sync::Condvar,
}

struct BudgetState {
    held: u64,
    /// The file the matching waits for.
    at: usize,
    stop: bool,
}

impl Budget {
    fn lock(&self) -> std::sync::MutexGuard<'_, BudgetState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until file `i` of `weight` may be read; `false` when reading stops.
    fn take(&self, i: usize, weight: u64) -> bool {
        let mut s = self.lock();
        while !(s.stop || s.held == 0 || s.held + weight <= READ_BUDGET || i == s.at) {
            s = self.freed.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        s.held += weight;
        !s.stop
    }

    /// File `at` was matched: its weight is free, the next one is awaited.
    fn matched(&self, weight: u64) {
        let mut s = self.lock();
        s.held = s.held.saturating_sub(weight);
        s.at += 1;
        self.freed.notify_all();
    }

    fn stop(&self) {
        self.lock().stop = true;
        self.freed.notify_all();
    }
}

/// Reads the files on `threads` threads and hands each to `each` in file order as soon as it
/// and the files before it are read, so that matching overlaps reading. Files read ahead of
/// the matching are bounded by [`READ_BUDGET`]. Stops at the first error `each` returns.
fn for_each_loaded(
    files: &[PathBuf],
    threads: usize,
    each: &mut dyn FnMut(&Path, Loaded) -> Result<(), LedgerImportError>,
) -> Result<(), LedgerImportError> {
    let threads = threads.min(files.len());
    if threads <= 1 {
        for f in files {
            each(f, load(f))?;
        }
        return Ok(());
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let budget = Budget {
        state: std::sync::Mutex::new(BudgetState {
            held: 0,
            at: 0,
            stop: false,
        }),
        freed: std::sync::Condvar::new(),
    };
    std::thread::scope(|scope| {
        // `None`: a heavy file, left to the matching thread.
        let (tx, rx) = std::sync::mpsc::channel::<(usize, u64, Option<Loaded>)>();
        for _ in 0..threads {
            let (tx, next, budget) = (tx.clone(), &next, &budget);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= files.len() {
                    break;
                }
                let w = weight(&files[i]);
                let loaded = if w > READ_BUDGET {
                    (0, None)
                } else if budget.take(i, w) {
                    (w, Some(load(&files[i])))
                } else {
                    break;
                };
                if tx.send((i, loaded.0, loaded.1)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending: HashMap<usize, (u64, Option<Loaded>)> = HashMap::new();
        let mut at = 0;
        for (i, w, loaded) in rx {
            pending.insert(i, (w, loaded));
            while let Some((w, l)) = pending.remove(&at) {
                let l = l.unwrap_or_else(|| load(&files[at]));
                if let Err(e) = each(&files[at], l) {
                    budget.stop();
                    return Err(e);
                }
                budget.matched(w);
                at += 1;
            }
        }
        Ok(())
    })
}

/// The plans, units and task indexes the preview looks things up in, read once.
struct Context<'a> {
    conn: &'a Connection,
    plans: Vec<plan::Plan>,
    indexes: HashMap<i64, Rc<TaskIndex>>,
    /// (name or alias, unit id, kind), longest names first.
    unit_names: Vec<(String, i64, UnitKind)>,
    /// Unit id → (name, kind).
    units: HashMap<i64, (String, UnitKind)>,
    /// (plan, period) → unit → task → what the unit reported, read once per period.
    reports: HashMap<(i64, Period), Rc<UnitReports>>,
    /// (plan, period) → unit → its current submission, read once per period.
    current: HashMap<(i64, Period), Rc<HashMap<i64, Conflict>>>,
    /// The earlier import of a file's content, asked once per file.
    prior: rusqlite::Statement<'a>,
    /// The working-day calendar, for due dates.
    cal: crate::calendar::Calendar,
    /// The clerk's table of status words.
    words: crate::status::Words,
    /// 照抄 threshold (设置 → 照抄识别).
    threshold: f64,
    /// (plan, period) → every unit's current report on each task, to find identical texts.
    peers: HashMap<(i64, Period), Rc<copied::Peers>>,
}

/// Unit id → task id → the unit's report on it.
type UnitReports = HashMap<i64, HashMap<i64, progress::Reported>>;

impl<'a> Context<'a> {
    fn new(conn: &'a Connection) -> Result<Context<'a>, LedgerImportError> {
        let mut plans = Vec::new();
        {
            let mut stmt = conn.prepare("SELECT id FROM plan ORDER BY id")?;
            let ids: Vec<i64> = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in ids {
                plans.push(plan::get(conn, id)?);
            }
        }
        let mut unit_names = Vec::new();
        let mut units = HashMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT name, id, kind, 1 FROM unit
                 UNION ALL SELECT a.alias, u.id, u.kind, 0 FROM unit_alias a JOIN unit u ON u.id = a.unit_id",
            )?;
            let rows = stmt.query_map([], |r| {
                let kind: String = r.get(2)?;
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    UnitKind::parse(&kind).unwrap_or_default(),
                    r.get::<_, bool>(3)?,
                ))
            })?;
            for row in rows {
                let (name, id, kind, is_name) = row?;
                if is_name {
                    units.insert(id, (name.clone(), kind));
                }
                unit_names.push((name, id, kind));
            }
        }
        unit_names.sort_by_key(|(n, _, _)| std::cmp::Reverse(n.chars().count()));
        Ok(Context {
            conn,
            plans,
            indexes: HashMap::new(),
            unit_names,
            units,
            reports: HashMap::new(),
            current: HashMap::new(),
            prior: conn.prepare(
                "SELECT f.batch_id, b.imported_at, f.file_name
                 FROM ledger_import_file f JOIN ledger_import b ON b.id = f.batch_id
                 WHERE f.file_hash = ?1 ORDER BY f.id LIMIT 1",
            )?,
            cal: crate::calendar::load(conn)?,
            words: crate::status::Words::load(conn)?,
            threshold: copied::threshold(conn)?,
            peers: HashMap::new(),
        })
    }

    /// Every unit's current report for the plan's `period`, by task and text, read once.
    fn peers(
        &mut self,
        plan_id: i64,
        period: Period,
    ) -> Result<Rc<copied::Peers>, LedgerImportError> {
        if let Some(p) = self.peers.get(&(plan_id, period)) {
            return Ok(Rc::clone(p));
        }
        let mut peers = copied::Peers::default();
        for (unit_id, tasks) in self.reports(plan_id, period)?.iter() {
            let name = self.units.get(unit_id).map_or("", |(n, _)| n.as_str());
            for r in tasks.values() {
                peers.add(r.task_id, *unit_id, name, &r.text);
            }
        }
        let peers = Rc::new(peers);
        self.peers.insert((plan_id, period), Rc::clone(&peers));
        Ok(peers)
    }

    /// The earlier import of the same content, if any.
    fn prior_import(&mut self, hash: &str) -> Result<Option<PriorImport>, LedgerImportError> {
        Ok(self
            .prior
            .query_row([hash], |r| {
                Ok(PriorImport {
                    batch_id: r.get(0)?,
                    imported_at: r.get(1)?,
                    file_name: r.get(2)?,
                })
            })
            .optional()?)
    }

    /// What each unit reported for the plan's `period` (its current submissions).
    fn reports(
        &mut self,
        plan_id: i64,
        period: Period,
    ) -> Result<Rc<UnitReports>, LedgerImportError> {
        if let Some(r) = self.reports.get(&(plan_id, period)) {
            return Ok(Rc::clone(r));
        }
        let mut by_unit: UnitReports = HashMap::new();
        for r in progress::reported(self.conn, plan_id, period, None)? {
            by_unit.entry(r.unit_id).or_default().insert(r.task_id, r);
        }
        let by_unit = Rc::new(by_unit);
        self.reports.insert((plan_id, period), Rc::clone(&by_unit));
        Ok(by_unit)
    }

    /// Each unit's current submission for the plan's `period`, with its entry count.
    fn current(
        &mut self,
        plan_id: i64,
        period: Period,
    ) -> Result<Rc<HashMap<i64, Conflict>>, LedgerImportError> {
        if let Some(c) = self.current.get(&(plan_id, period)) {
            return Ok(Rc::clone(c));
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.unit_id, s.id, s.file_name, s.received_at,
                    (SELECT count(*) FROM progress p WHERE p.submission_id = s.id), s.received_on
             FROM submission s
             WHERE s.plan_id = ?1 AND s.period = ?2 AND s.replaced_by IS NULL
             ORDER BY s.id",
        )?;
        let rows = stmt.query_map(params![plan_id, period.to_string()], |r| {
            let received_at: String = r.get(3)?;
            let received_on: Option<String> = r.get(5)?;
            Ok((
                r.get::<_, i64>(0)?,
                Conflict {
                    submission_id: Some(r.get(1)?),
                    file_name: r.get(2)?,
                    received_on: progress::received_day(received_on.as_deref(), Some(&received_at)),
                    received_at,
                    rows: r.get(4)?,
                },
            ))
        })?;
        let mut by_unit = HashMap::new();
        // The latest submission of a unit wins.
        for row in rows {
            let (unit, conflict) = row?;
            by_unit.insert(unit, conflict);
        }
        let by_unit = Rc::new(by_unit);
        self.current.insert((plan_id, period), Rc::clone(&by_unit));
        Ok(by_unit)
    }

    fn plan(&self, id: i64) -> Option<&plan::Plan> {
        self.plans.iter().find(|p| p.id == id)
    }

    fn index(&mut self, plan_id: i64) -> Result<Rc<TaskIndex>, LedgerImportError> {
        if let Some(index) = self.indexes.get(&plan_id) {
            return Ok(Rc::clone(index));
        }
        let index = Rc::new(load_index(self.conn, plan_id)?);
        self.indexes.insert(plan_id, Rc::clone(&index));
        Ok(index)
    }

    /// The unit named `name` (or with that alias), also with or without the county prefix 县,
    /// as [`unit::find_id`] finds it.
    fn find_unit(&self, name: &str) -> Option<i64> {
        let name = unit::normalize_name(name);
        if name.is_empty() {
            return None;
        }
        let other = match name.strip_prefix('县') {
            Some(rest) if !rest.is_empty() => rest.to_string(),
            _ => format!("县{name}"),
        };
        [name, other].iter().find_map(|n| {
            self.unit_names
                .iter()
                .find(|(u, _, _)| u == n)
                .map(|(_, id, _)| *id)
        })
    }

    /// The unit whose name or alias appears in `text` (the longest one), also without 县.
    fn unit_in(&self, text: &str) -> Option<(i64, UnitKind)> {
        let squeezed = squeeze(text);
        for (name, id, kind) in &self.unit_names {
            if *kind == UnitKind::Group {
                continue;
            }
            let short = name.strip_prefix('县').filter(|s| s.chars().count() >= 2);
            let within = |part: &str| memchr::memmem::find(squeezed.as_bytes(), part.as_bytes());
            if within(name).is_some() || short.is_some_and(|s| within(s).is_some()) {
                return Some((*id, *kind));
            }
        }
        None
    }
}

/// The live tasks of a plan, indexed for matching.
fn load_index(conn: &Connection, plan_id: i64) -> Result<TaskIndex, LedgerImportError> {
    let mut units: HashMap<i64, Vec<i64>> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT a.task_id, a.unit_id FROM assignment a JOIN task t ON t.id = a.task_id
             WHERE t.plan_id = ?1 AND t.deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([plan_id])?;
        while let Some(r) = rows.next()? {
            units.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.code, t.title, ifnull(s.code || s.title, '')
         FROM task t LEFT JOIN section s ON s.id = t.section_id
         WHERE t.plan_id = ?1 AND t.deleted_at IS NULL ORDER BY t.seq, t.id",
    )?;
    let tasks = stmt
        .query_map([plan_id], |r| {
            let id: i64 = r.get(0)?;
            Ok((id, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<Vec<(i64, String, String, String)>>>()?;
    Ok(TaskIndex::new(
        tasks
            .into_iter()
            .map(|(id, code, title, section)| {
                let u = units.remove(&id).unwrap_or_default();
                (id, code, title, section, u)
            })
            .collect(),
    ))
}

/// The first day a report on `period` of `plan` can arrive: the day reporting opens under the
/// plan's rule (the day after the month for 每月5日前报送上月), else the month's first day.
pub(crate) fn reporting_opens(
    plan: &plan::Plan,
    cal: &crate::calendar::Calendar,
    period: Period,
) -> NaiveDate {
    match crate::remind::due_date(&plan.report_rule, period, cal) {
        Some(due) => crate::remind::opens_on(period, due.date),
        None => period.first_day().unwrap_or(NaiveDate::MIN),
    }
}

/// Refuses a 收到日期 after `today` or before reporting on the period opens.
pub(crate) fn check_received(
    file: &str,
    day: NaiveDate,
    period: Period,
    opens: NaiveDate,
    today: NaiveDate,
) -> Result<(), LedgerImportError> {
    use crate::deadline::format_cn;
    if day > today {
        return Err(LedgerImportError::ReceivedInFuture {
            day: format_cn(day),
            today: format_cn(today),
        });
    }
    if day < opens {
        return Err(LedgerImportError::ReceivedBeforeOpen {
            file: file.to_string(),
            day: format_cn(day),
            period: period.label(),
            opens: format_cn(opens),
        });
    }
    Ok(())
}

/// `today`, else this computer's date.
pub(crate) fn today_or_clock(today: Option<NaiveDate>) -> NaiveDate {
    today.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Settles a read file's 收到日期: the clerk's (checked), else the file's modification day
/// (not after today, not before reporting opens unless that is still to come; with a note
/// when moved), else today.
fn settle_received(
    ctx: &Context<'_>,
    fp: &mut FilePreview,
    modified: Option<NaiveDate>,
    options: &ImportOptions,
) -> Result<(), LedgerImportError> {
    let (Some(plan_id), Some(period)) = (fp.plan_id, fp.period) else {
        return Ok(());
    };
    let Some(plan) = ctx.plan(plan_id) else {
        return Ok(());
    };
    let today = today_or_clock(options.today);
    let opens = reporting_opens(plan, &ctx.cal, period);
    fp.file_time = modified;
    fp.received_from = Some(opens);
    let chosen = options
        .files
        .iter()
        .find(|f| f.file == fp.file)
        .and_then(|f| f.received)
        .or(options.received);
    let (day, source) = match (chosen, modified) {
        (Some(day), _) => {
            check_received(&fp.file_name, day, period, opens, today)?;
            (day, ReceivedSource::Manual)
        }
        (None, Some(m)) if m > today => {
            fp.issues.push(Issue::warning(
                format!(
                    "“{}”的文件时间{}晚于今天，收到日期按今天记。如不对，请改为实际收到的日期。",
                    fp.file_name,
                    crate::deadline::format_cn(m)
                ),
                None,
                None,
                None,
            ));
            (today, ReceivedSource::ImportDay)
        }
        // Sent before reporting opened: counted from the opening day (imported before that
        // day, the file's own day stands).
        (None, Some(m)) if m < opens && opens <= today => {
            let day = opens;
            fp.issues.push(Issue::warning(
                format!(
                    "“{}”的文件时间{}早于{}报送的开始日期，收到日期按{}记。如不对，请改为实际收到的日期。",
                    fp.file_name,
                    crate::deadline::format_cn(m),
                    period.label(),
                    crate::deadline::format_cn(day)
                ),
                None,
                None,
                None,
            ));
            (day, ReceivedSource::FileTime)
        }
        (None, Some(m)) => (m, ReceivedSource::FileTime),
        (None, None) => (today, ReceivedSource::ImportDay),
    };
    fp.received_on = Some(day);
    fp.received_source = Some(source);
    Ok(())
}

/// Reads `files` and shows what importing them would do. Writes nothing.
pub fn preview(
    db: &Db,
    files: &[PathBuf],
    options: &ImportOptions,
) -> Result<ImportPreview, LedgerImportError> {
    preview_on(db, files, options, reading_threads())
}

/// [`preview`] reading the files on `threads` threads (1: all on the calling thread); the
/// result does not depend on it.
pub fn preview_on(
    db: &Db,
    files: &[PathBuf],
    options: &ImportOptions,
    threads: usize,
) -> Result<ImportPreview, LedgerImportError> {
    if files.is_empty() {
        return Err(LedgerImportError::NoFiles);
    }
    let today = today_or_clock(options.today);
    if let Some(day) = options.received.filter(|d| *d > today) {
        return Err(LedgerImportError::ReceivedInFuture {
            day: crate::deadline::format_cn(day),
            today: crate::deadline::format_cn(today),
        });
    }
    let files = &expand_folders(files)?;
    let conn = db.conn();
    // One read transaction for the whole preview: every lookup sees the same state of the
    // database, and the WAL read lock is taken once instead of once per query. Nothing is
    // written; dropping it ends it.
    let _snapshot = match conn.is_autocommit() {
        true => Some(conn.unchecked_transaction()?),
        false => None,
    };
    let mut ctx = Context::new(conn)?;
    if let Some(id) = options.plan_id {
        if ctx.plan(id).is_none() {
            return Err(LedgerImportError::Plan(PlanError::NotFound(id)));
        }
    }
    let mut out = ImportPreview::default();
    let mut seen_hashes: HashMap<String, String> = HashMap::new();
    for_each_loaded(files, threads, &mut |file, l| {
        let fp = preview_file(&mut ctx, file, l, options, &mut seen_hashes, &out)?;
        out.files.push(fp);
        Ok(())
    })?;
    if !options.skip_copied {
        copied_across_files(&mut out.files);
    }
    Ok(out)
}

/// Marks rows whose text is another unit's in the same batch (same plan, period and task).
fn copied_across_files(files: &mut [FilePreview]) {
    let mut peers: HashMap<(i64, Period), copied::Peers> = HashMap::new();
    for fp in files.iter().filter(|f| f.state == FileState::Ready) {
        let (Some(plan), Some(unit), Some(period)) = (fp.plan_id, fp.unit_id, fp.period) else {
            continue;
        };
        let p = peers.entry((plan, period)).or_default();
        for r in fp.rows.iter().filter(|r| r.copied_candidate()) {
            if let Some(task) = r.task_id {
                p.add(task, unit, &fp.unit, &r.progress);
            }
        }
    }
    for fp in files.iter_mut().filter(|f| f.state == FileState::Ready) {
        let (Some(plan), Some(unit), Some(period)) = (fp.plan_id, fp.unit_id, fp.period) else {
            continue;
        };
        let Some(p) = peers.get(&(plan, period)) else {
            continue;
        };
        let mut marked = false;
        for r in fp.rows.iter_mut().filter(|r| r.copied.is_none()) {
            if let Some(task) = r.task_id.filter(|_| r.copied_candidate()) {
                let print = copied::Fingerprint::of(&r.progress);
                r.copied = p.find(task, unit, period, &r.progress, &print);
                marked |= r.copied.is_some();
            }
        }
        if marked {
            fp.counts = count(&fp.rows);
        }
    }
}

/// One file of a preview, once read.
fn preview_file(
    ctx: &mut Context<'_>,
    file: &Path,
    l: Loaded,
    options: &ImportOptions,
    seen_hashes: &mut HashMap<String, String>,
    earlier: &ImportPreview,
) -> Result<FilePreview, LedgerImportError> {
    let mut fp = FilePreview::new(file);
    fp.hash = l.hash;
    fp.size = l.size;
    match l.book {
        Err(e) => fp.fail(&e),
        Ok(book) => {
            let read = preview_book(ctx, &mut fp, &book, l.tables, options)
                .and_then(|()| settle_received(ctx, &mut fp, l.modified, options));
            if let Err(e) = read {
                match e {
                    LedgerImportError::Store(_)
                    | LedgerImportError::Plan(_)
                    | LedgerImportError::Progress(_) => return Err(e),
                    e => fp.fail(&e),
                }
            }
        }
    }
    if !fp.hash.is_empty() && fp.state != FileState::Failed {
        if let Some(first) = seen_hashes.get(&fp.hash) {
            fp.state = FileState::Duplicate;
            fp.issues.push(Issue::notice(
                "duplicate_file",
                format!(
                    "“{}”与本批的“{first}”内容完全相同，只导入一次。",
                    fp.file_name
                ),
                None,
                None,
                None,
            ));
        } else {
            seen_hashes.insert(fp.hash.clone(), fp.file_name.clone());
            if let Some(prior) = ctx.prior_import(&fp.hash)? {
                fp.state = FileState::AlreadyImported;
                fp.issues.push(Issue::notice(
                    "already_imported",
                    format!(
                        "“{}”已于 {} 导入过（导入批次 {}，文件“{}”），内容完全相同，不再重复导入。",
                        fp.file_name, prior.imported_at, prior.batch_id, prior.file_name
                    ),
                    None,
                    None,
                    None,
                ));
                fp.already_imported = Some(prior);
            }
        }
    }
    if fp.state == FileState::Ready {
        fp.conflict = conflict_of(ctx, &fp, earlier)?;
    }
    Ok(fp)
}

/// The unit's current report for the period, in the database or earlier in this batch.
fn conflict_of(
    ctx: &mut Context<'_>,
    fp: &FilePreview,
    earlier: &ImportPreview,
) -> Result<Option<Conflict>, LedgerImportError> {
    let (Some(plan_id), Some(unit_id), Some(period)) = (fp.plan_id, fp.unit_id, fp.period) else {
        return Ok(None);
    };
    if let Some(other) = earlier.ready().find(|o| {
        o.plan_id == Some(plan_id) && o.unit_id == Some(unit_id) && o.period == Some(period)
    }) {
        return Ok(Some(Conflict {
            submission_id: None,
            file_name: other.file_name.clone(),
            received_at: String::new(),
            received_on: other.received_on,
            rows: other.counts.matched as i64,
        }));
    }
    Ok(ctx.current(plan_id, period)?.get(&unit_id).cloned())
}

/// The override for `file`, falling back to the batch-wide one.
fn overrides<'o>(options: &'o ImportOptions, file: &Path) -> (Option<&'o str>, Option<Period>) {
    let one = options.files.iter().find(|f| f.file == file);
    let unit = one
        .and_then(|f| f.unit.as_deref())
        .or(options.unit.as_deref())
        .filter(|u| !u.trim().is_empty());
    let period = one.and_then(|f| f.period).or(options.period);
    (unit, period)
}

fn preview_book(
    ctx: &mut Context<'_>,
    fp: &mut FilePreview,
    book: &read::Book,
    found: Vec<Result<Table, NoTable>>,
    options: &ImportOptions,
) -> Result<(), LedgerImportError> {
    let file = fp.file_name.clone();
    let id = &book.identity;
    fp.ours = !id.is_empty();
    if fp.ours {
        let version: i64 = id
            .get("schema_version")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if version > SCHEMA_VERSION {
            return Err(LedgerImportError::NewerLedger {
                file,
                found: version,
            });
        }
        let what = match id.get("kind").map(String::as_str) {
            Some(k) if k == WorkbookKind::Summary.as_str() => Some("汇总台账"),
            Some(k) if k == WorkbookKind::TaskList.as_str() => Some("重点任务清单"),
            Some(k) if k == WorkbookKind::Roster.as_str() => Some("领导小组名单"),
            _ => None,
        };
        if let Some(what) = what {
            return Err(LedgerImportError::NotAUnitLedger {
                file,
                what: what.to_string(),
            });
        }
    }

    // The table(s).
    if book.sheets.iter().all(|s| s.rows.is_empty()) {
        return Err(LedgerImportError::EmptyWorkbook { file });
    }
    let mut tables: Vec<Table> = Vec::new();
    let mut no_progress: Option<(String, u32)> = None;
    for (sheet, table) in book.sheets.iter().zip(found) {
        match table {
            Ok(t) => tables.push(t),
            Err(NoTable::NoProgress { row }) => {
                no_progress.get_or_insert((sheet.name.clone(), row));
            }
            Err(NoTable::NoHeader) => {}
        }
    }
    if tables.is_empty() {
        return Err(match no_progress {
            Some((sheet, row)) => LedgerImportError::NoProgressColumn { file, sheet, row },
            None => LedgerImportError::NoHeader {
                file,
                sheets: book
                    .sheets
                    .iter()
                    .map(|s| format!("“{}”", s.name))
                    .collect::<Vec<_>>()
                    .join("、"),
                rows: layout::HEADER_SEARCH_ROWS,
            },
        });
    }
    check_cell_lengths(&file, &tables)?;
    fp.sheets = tables.iter().map(|t| t.sheet.clone()).collect();
    fp.header_row = tables[0].header_row;
    let form_text: Vec<String> = tables
        .iter()
        .flat_map(|t| t.form_lines.iter().cloned())
        .collect();

    // The plan.
    let (plan_id, keys_trusted) = resolve_plan(ctx, fp, book, &tables, options)?;
    let plan = ctx
        .plan(plan_id)
        .ok_or(LedgerImportError::Plan(PlanError::NotFound(plan_id)))?;
    let plan_dates = (plan.start_date, plan.end_date);
    fp.plan_id = Some(plan.id);
    fp.plan_title = plan.title.clone();

    // The unit.
    let (unit_choice, period_choice) = overrides(options, &fp.file);
    let ids = UnitHints {
        identity: id,
        ids_trusted: keys_trusted,
        form: &form_text,
        chosen: unit_choice,
        path: &fp.file,
    };
    let (unit_id, source) = resolve_unit(ctx, &file, &ids)?;
    let (unit_name, unit_kind) = match ctx.units.get(&unit_id) {
        Some(u) => u.clone(),
        None => return Err(UnitError::NotFound(unit_id).into()),
    };
    if unit_kind == UnitKind::Group {
        return Err(LedgerImportError::GroupUnit {
            file,
            name: unit_name,
        });
    }
    fp.unit_id = Some(unit_id);
    fp.unit = unit_name.clone();
    fp.unit_source = Some(source);
    if source == Source::Chosen {
        if let Some(other) = id
            .get("unit_name")
            .filter(|n| !n.is_empty() && **n != unit_name)
        {
            fp.issues.push(Issue::warning(
                format!("“{file}”是为“{other}”导出的台账，已按所选单位“{unit_name}”导入。"),
                None,
                None,
                None,
            ));
        }
    }

    // Identity, header and file name must agree on the unit unless the clerk chose it.
    let mut conflicts: Vec<LedgerImportError> = Vec::new();
    let mut conflict = IdentityConflict::default();
    if source != Source::Chosen {
        let units = unit_sources(ctx, &ids);
        if units.disagree() {
            let name = |u: Option<i64>| u.and_then(|u| ctx.units.get(&u)).map(|(n, _)| n.clone());
            let names = Sources {
                identity: name(units.identity),
                form: name(units.form),
                file_name: name(units.file_name),
            };
            conflicts.push(conflict_error(
                &file,
                "填报单位",
                "--unit 单位名称",
                &names,
                |n| format!("“{n}”"),
            ));
            conflict.unit = Some(names);
        }
    }

    // The period.
    let periods = Sources {
        identity: identity_period(id),
        form: form_text
            .iter()
            .find_map(|t| layout::labelled_period(t))
            .or_else(|| tables.iter().find_map(|t| period_in_text(&t.title)))
            .or_else(|| form_text.iter().find_map(|t| period_in_text(t))),
        file_name: period_in_text(&file),
    };
    if period_choice.is_none() && periods.disagree() {
        conflicts.push(conflict_error(
            &file,
            "报送期次",
            "--period 年-月",
            &periods,
            |p| p.label(),
        ));
        conflict.period = Some(periods.clone());
    }
    if let Some(last) = conflicts.pop() {
        fp.identity_conflict = Some(conflict);
        for e in &conflicts {
            fp.fail(e);
        }
        return Err(last);
    }
    let found_period = periods
        .identity
        .map(|p| (p, Source::Identity))
        .or(periods.form.map(|p| (p, Source::Form)))
        .or(periods.file_name.map(|p| (p, Source::FileName)));
    let (period, period_source) = match (period_choice, found_period) {
        (Some(chosen), found) => {
            if let Some((p, source)) = found.filter(|(p, _)| *p != chosen) {
                let place = match source {
                    Source::Identity => "的隐藏标识",
                    Source::FileName => "的文件名",
                    Source::Form | Source::Chosen => "中",
                };
                fp.issues.push(Issue::warning(
                    format!(
                        "“{file}”{place}写的报送期次是 {}，已按所选的 {} 导入。",
                        p.label(),
                        chosen.label()
                    ),
                    None,
                    None,
                    None,
                ));
            }
            (chosen, Source::Chosen)
        }
        (None, Some(found)) => found,
        (None, None) => return Err(LedgerImportError::NoPeriod { file }),
    };
    check_period(&file, plan_dates, period)?;
    fp.period = Some(period);
    fp.period_source = Some(period_source);

    // The rows.
    let index = ctx.index(plan_id)?;
    let reports = ctx.reports(plan_id, period.prev())?;
    let no_report = HashMap::new();
    let previous = reports.get(&unit_id).unwrap_or(&no_report);
    let mut rows: Vec<(RawRow, RowMatch, String)> =
        Vec::with_capacity(tables.iter().map(|t| t.rows.len()).sum());
    for t in &mut tables {
        for raw in std::mem::take(&mut t.rows) {
            let m = match_row(&index, &raw, keys_trusted);
            rows.push((raw, m, t.sheet.clone()));
        }
    }
    if rows.is_empty() {
        return Err(LedgerImportError::NoDataRows {
            file,
            sheet: tables[0].sheet.clone(),
            row: tables[0].header_row,
        });
    }
    resolve_duplicate_keys(&index, &mut rows);
    let mut preview_rows = Vec::with_capacity(rows.len());
    let mut not_assigned = 0usize;
    for (raw, m, sheet) in rows {
        let task = m.task_id.and_then(|id| index.get(id));
        let prev = m.task_id.and_then(|id| previous.get(&id));
        let (status, reading) = ctx.words.read(&raw.status_text, layout::parse_status);
        let state = if m.task_id.is_none() || m.doubtful {
            RowState::Unmatched
        } else if raw.progress.trim().is_empty() {
            RowState::Empty
        } else if prev.is_some_and(|p| same_text(&p.text, &raw.progress))
            || same_text(&raw.previous, &raw.progress)
        {
            RowState::Unchanged
        } else {
            RowState::New
        };
        let assigned = task.is_none_or(|t| t.units.is_empty() || t.units.contains(&unit_id));
        if !assigned && !m.doubtful {
            not_assigned += 1;
        }
        if reading.shown() {
            let col = tables
                .iter()
                .find(|t| t.sheet == sheet)
                .and_then(|t| t.column(Field::Status))
                .map(|c| column_letter(c.col));
            let at = format!(
                "“{file}”工作表“{sheet}”第{}行{}的完成状态“{}”",
                raw.row,
                col.as_deref()
                    .map(|c| format!(" {c}列"))
                    .unwrap_or_default(),
                crate::limits::preview(&raw.status_text)
            );
            let text = match (reading, status) {
                (crate::status::Reading::Mapped, Some(s)) => format!(
                    "{at}按状态用语对应表记为“{}”（可在“设置 → 完成状态用语”或 taizhang ledger words set 中修改）。",
                    s.label()
                ),
                (crate::status::Reading::Guessed, Some(s)) => format!(
                    "{at}不在状态用语对应表中，拟记为“{}”。如不妥，请在“设置 → 完成状态用语”中添加这个用语后重新预览。",
                    s.label()
                ),
                _ => format!(
                    "{at}不是“已完成、推进中、未启动、长期坚持”之一，也不在状态用语对应表中，未记录状态（原文保留在备注中）。"
                ),
            };
            fp.issues.push(Issue::notice(
                "status_word",
                text,
                Some(&sheet),
                Some(raw.row),
                col,
            ));
        }
        // The department changed the task's text: both are shown before anything is written.
        let title_edited = task.is_some_and(|t| {
            !m.doubtful
                && !raw.title.trim().is_empty()
                && crate::plan::text::compare_key(&raw.title)
                    != crate::plan::text::compare_key(&t.title)
        });
        if let (true, Some(t)) = (title_edited, task) {
            fp.issues.push(Issue::notice(
                "title_edited",
                format!(
                    "“{file}”工作表“{sheet}”第{}行的任务名称与方案不同：台账中为“{}”，方案中为“{}”。按任务标识或序号对应到该任务；方案中的任务名称不会改动。",
                    raw.row,
                    crate::limits::preview(&raw.title),
                    crate::limits::preview(&t.title)
                ),
                Some(&sheet),
                Some(raw.row),
                None,
            ));
        }
        preview_rows.push(PreviewRow {
            sheet,
            row: raw.row,
            code: raw.code,
            title: raw.title,
            task_id: m.task_id,
            task_code: task.map(|t| t.code.clone()).unwrap_or_default(),
            task_title: task.map(|t| t.title.clone()).unwrap_or_default(),
            matched_by: m.kind,
            score: (m.score * 100.0).round() / 100.0,
            doubtful: m.doubtful,
            note: m.note,
            progress: raw.progress,
            status,
            status_text: raw.status_text,
            status_reading: reading,
            title_edited,
            dept_section: raw.dept_section,
            person: raw.person,
            remark: raw.remark,
            deadline: raw.deadline,
            // Our own export's 任务要求 is the plan's text, not the department's: not kept.
            extra: match fp.ours {
                true => raw
                    .extra
                    .into_iter()
                    .filter(|(h, _)| h != super::export::REQUIREMENTS_HEADER)
                    .collect(),
                false => raw.extra,
            },
            previous: prev.map(|p| p.text.clone()),
            previous_status: prev.and_then(|p| p.status),
            state,
            not_assigned: !assigned,
            copied: None,
        });
    }
    fp.rows = preview_rows;
    check_duplicates(fp)?;
    if !options.skip_copied {
        let mut history = copied::History::load(ctx.conn, plan_id, unit_id, period)?;
        let peers = ctx.peers(plan_id, period)?;
        for r in &mut fp.rows {
            let Some(task) = r.task_id.filter(|_| r.copied_candidate()) else {
                continue;
            };
            let print = copied::Fingerprint::of(&r.progress);
            r.copied = history
                .find(task, period, &r.progress, &print, ctx.threshold)
                .or_else(|| peers.find(task, unit_id, period, &r.progress, &print));
        }
    }
    fp.counts = count(&fp.rows);
    if fp.counts.matched == 0 && fp.counts.doubtful == 0 {
        return Err(LedgerImportError::NoRowsMatched {
            file,
            sheet: fp.sheets.first().cloned().unwrap_or_default(),
            rows: fp.counts.rows,
            plan: fp.plan_title.clone(),
        });
    }
    if not_assigned > 0 {
        fp.issues.push(Issue::warning(
            format!(
                "“{file}”中有 {not_assigned} 行任务没有分配给“{}”，仍按该单位的报送导入，请核对。",
                fp.unit
            ),
            None,
            None,
            None,
        ));
    }
    let anything = fp.rows.iter().any(|r| {
        !r.progress.trim().is_empty() || (r.status.is_some() && r.status != r.previous_status)
    });
    if !anything {
        return Err(LedgerImportError::BlankLedger { file });
    }
    for t in &tables {
        let progress_col = t.column(Field::Progress).map(|c| c.col as u32);
        for (row, col, code) in book
            .sheets
            .iter()
            .filter(|s| s.name == t.sheet)
            .flat_map(|s| s.errors.iter())
        {
            if Some(*col) == progress_col && *row + 1 > t.header_row {
                let letter = column_letter(*col as usize);
                fp.issues.push(Issue::warning(
                    format!(
                        "“{file}”工作表“{}”第{}行 {letter}列的公式出错（{code}），按空白读入。请让报送单位改正后重新发送，或忽略。",
                        t.sheet,
                        row + 1
                    ),
                    Some(&t.sheet),
                    Some(row + 1),
                    Some(letter),
                ));
            }
        }
    }
    for r in fp.rows.iter().filter(|r| r.doubtful) {
        fp.issues.push(Issue::warning(
            format!(
                "“{file}”工作表“{}”第{}行“{}”可能是任务“{} {}”（{}），请确认。",
                r.sheet,
                r.row,
                short(&r.title, 30),
                r.task_code,
                short(&r.task_title, 30),
                r.note
            ),
            Some(&r.sheet),
            Some(r.row),
            None,
        ));
    }
    Ok(())
}

fn short(text: &str, n: usize) -> String {
    let first = text.lines().next().unwrap_or("");
    if first.chars().count() > n {
        format!("{}…", first.chars().take(n).collect::<String>())
    } else {
        first.to_string()
    }
}

/// Texts equal but for whitespace.
fn same_text(a: &str, b: &str) -> bool {
    fn visible(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(|c| !c.is_whitespace())
    }
    visible(a).next().is_some() && (a == b || visible(a).eq(visible(b)))
}

fn identity_period(id: &HashMap<String, String>) -> Option<Period> {
    id.get("period").and_then(|p| Period::parse(p).ok())
}

/// Refuses a period outside the plan's (start, end) dates.
fn check_period(
    file: &str,
    (start, end): (Option<NaiveDate>, Option<NaiveDate>),
    period: Period,
) -> Result<(), LedgerImportError> {
    let start = start.map(Period::of);
    let end = end.map(Period::of);
    if start.is_some_and(|s| period < s) || end.is_some_and(|e| period > e) {
        let range = match (start, end) {
            (Some(s), Some(e)) => format!("{}至{}", s.label(), e.label()),
            (Some(s), None) => format!("{}起", s.label()),
            (None, Some(e)) => format!("至{}", e.label()),
            (None, None) => String::new(),
        };
        return Err(LedgerImportError::PeriodOutsidePlan {
            file: file.to_string(),
            period: period.label(),
            range,
        });
    }
    Ok(())
}

/// The plan of a file and whether its hidden task keys refer to that plan's tasks.
fn resolve_plan(
    ctx: &mut Context<'_>,
    fp: &FilePreview,
    book: &read::Book,
    tables: &[Table],
    options: &ImportOptions,
) -> Result<(i64, bool), LedgerImportError> {
    let file = fp.file_name.clone();
    if ctx.plans.is_empty() {
        return Err(LedgerImportError::NoPlan);
    }
    let id = &book.identity;
    let from_identity: Option<(i64, bool)> = if fp.ours {
        let title = id.get("plan_title").cloned().unwrap_or_default();
        let pid: Option<i64> = id.get("plan_id").and_then(|v| v.parse().ok());
        let exact = pid.and_then(|p| ctx.plan(p)).filter(|p| p.title == title);
        match exact {
            Some(p) => Some((p.id, true)),
            None => match ctx.plans.iter().rev().find(|p| p.title == title) {
                Some(p) => Some((p.id, false)),
                None if !title.is_empty() => {
                    return Err(match options.plan_id.and_then(|p| ctx.plan(p)) {
                        Some(expected) => LedgerImportError::OtherPlan {
                            file,
                            found: crate::limits::clip(&title, 60),
                            expected: expected.title.clone(),
                        },
                        None => LedgerImportError::PlanMissing {
                            file,
                            title: crate::limits::clip(&title, 60),
                        },
                    })
                }
                None => None,
            },
        }
    } else {
        None
    };
    match (options.plan_id, from_identity) {
        (Some(chosen), Some((found, _))) if chosen != found => {
            let name = |id: i64| ctx.plan(id).map(|p| p.title.clone()).unwrap_or_default();
            Err(LedgerImportError::OtherPlan {
                file,
                found: name(found),
                expected: name(chosen),
            })
        }
        (_, Some(found)) => Ok(found),
        (Some(chosen), None) => Ok((chosen, false)),
        (None, None) if ctx.plans.len() == 1 => Ok((ctx.plans[0].id, false)),
        (None, None) => {
            // The plan whose tasks the rows match best; the latest on a tie.
            let ids: Vec<i64> = ctx.plans.iter().map(|p| p.id).collect();
            let mut best = (0usize, ids[ids.len() - 1]);
            for pid in ids {
                let index = ctx.index(pid)?;
                let sure = tables
                    .iter()
                    .flat_map(|t| t.rows.iter())
                    .filter(|r| {
                        let m = match_row(&index, r, false);
                        m.task_id.is_some() && !m.doubtful
                    })
                    .count();
                if sure >= best.0 {
                    best = (sure, pid);
                }
            }
            Ok((best.1, false))
        }
    }
}

/// What the hidden identity, the header and the file name say about a file's 报送期次 or
/// 填报单位, as shown in the refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub file: String,
    /// 报送期次 / 填报单位.
    pub what: &'static str,
    pub identity: String,
    pub form: String,
    pub file_name: String,
    /// The CLI option that decides it.
    pub flag: &'static str,
}

impl std::fmt::Display for Disagreement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Disagreement {
            file,
            what,
            identity,
            form,
            file_name,
            flag,
        } = self;
        write!(
            f,
            "“{file}”的{what}前后不一致：隐藏标识为{identity}，表内“{what}”为{form}，文件名为{file_name}。为免记错，未导入。请核对后选择正确的{what}（命令行加 {flag}）。"
        )
    }
}

/// The refusal of a file whose sources disagree on `what` (报送期次 / 填报单位).
fn conflict_error<T>(
    file: &str,
    what: &'static str,
    flag: &'static str,
    values: &Sources<T>,
    show: impl Fn(&T) -> String,
) -> LedgerImportError {
    let shown = |v: &Option<T>| {
        v.as_ref()
            .map(&show)
            .unwrap_or_else(|| "（无）".to_string())
    };
    LedgerImportError::IdentityConflict(Box::new(Disagreement {
        file: file.to_string(),
        what,
        identity: shown(&values.identity),
        form: shown(&values.form),
        file_name: shown(&values.file_name),
        flag,
    }))
}

/// The unit each of the identity, the 填报单位 line and the file name names (as far as it is
/// in the directory).
fn unit_sources(ctx: &Context<'_>, hints: &UnitHints<'_>) -> Sources<i64> {
    let form = hints
        .form
        .iter()
        .find_map(|line| layout::unit_in_text(line))
        .and_then(|name| {
            ctx.find_unit(&name)
                .or_else(|| ctx.unit_in(&name).map(|(u, _)| u))
        });
    let stem = hints
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Sources {
        identity: identity_unit(ctx, hints),
        form,
        file_name: ctx.unit_in(&stem).map(|(u, _)| u),
    }
}

/// The unit our hidden identity names: by id when it is the same unit (or the ids are this
/// database's), else by name.
fn identity_unit(ctx: &Context<'_>, hints: &UnitHints<'_>) -> Option<i64> {
    let id = hints.identity;
    if id.is_empty() {
        return None;
    }
    let name = id.get("unit_name").cloned().unwrap_or_default();
    let by_id: Option<i64> = id.get("unit_id").and_then(|v| v.parse().ok());
    if let Some(u) = by_id {
        // The same unit, or one renamed since the export of this very database.
        let same_name = ctx.units.get(&u).is_some_and(|(n, _)| *n == name);
        if same_name || (hints.ids_trusted && ctx.units.contains_key(&u)) {
            return Some(u);
        }
    }
    if name.is_empty() {
        None
    } else {
        ctx.find_unit(&name)
    }
}

/// What a file says about its unit.
struct UnitHints<'a> {
    identity: &'a HashMap<String, String>,
    /// The identity's ids refer to this database (the plan matched by id and title).
    ids_trusted: bool,
    form: &'a [String],
    chosen: Option<&'a str>,
    path: &'a Path,
}

/// The reporting unit: the clerk's choice, else our identity, else the 填报单位 line, else the
/// file name.
fn resolve_unit(
    ctx: &Context<'_>,
    file: &str,
    hints: &UnitHints<'_>,
) -> Result<(i64, Source), LedgerImportError> {
    let (form, chosen, path) = (hints.form, hints.chosen, hints.path);
    if let Some(name) = chosen {
        // A group phrase (县直各有关部门) is no unit and never reports.
        if ctx.find_unit(name).is_none() && crate::group_phrase::is_group_phrase(name) {
            return Err(LedgerImportError::GroupUnit {
                file: file.to_string(),
                name: crate::limits::clip(name.trim(), crate::limits::MAX_NAME_CHARS),
            });
        }
        let unit_id = ctx
            .find_unit(name)
            .ok_or_else(|| LedgerImportError::UnknownUnit {
                file: file.to_string(),
                place: "导入时所选".to_string(),
                name: crate::limits::clip(name, crate::limits::MAX_NAME_CHARS),
            })?;
        return Ok((unit_id, Source::Chosen));
    }
    if let Some(u) = identity_unit(ctx, hints) {
        return Ok((u, Source::Identity));
    }
    for line in form {
        if let Some(name) = layout::unit_in_text(line) {
            return match ctx.find_unit(&name) {
                Some(u) => Ok((u, Source::Form)),
                None => match ctx.unit_in(&name) {
                    Some((u, _)) => Ok((u, Source::Form)),
                    None => Err(LedgerImportError::UnknownUnit {
                        file: file.to_string(),
                        place: "的“填报单位”一行".to_string(),
                        name: crate::limits::clip(&name, crate::limits::MAX_NAME_CHARS),
                    }),
                },
            };
        }
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some((u, _)) = ctx.unit_in(&stem) {
        return Ok((u, Source::FileName));
    }
    Err(LedgerImportError::NoUnit {
        file: file.to_string(),
    })
}

/// Several rows with the same hidden key (a row copied to insert a new one): the row whose
/// title fits the task keeps the key, the others are matched again by 序号 and title.
fn resolve_duplicate_keys(index: &TaskIndex, rows: &mut [(RawRow, RowMatch, String)]) {
    let mut by_task: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, (_, m, _)) in rows.iter().enumerate() {
        if let (MatchKind::Key, Some(t)) = (m.kind, m.task_id) {
            by_task.entry(t).or_default().push(i);
        }
    }
    for (task_id, at) in by_task {
        if at.len() < 2 {
            continue;
        }
        let Some(task) = index.get(task_id) else {
            continue;
        };
        let best = at
            .iter()
            .copied()
            .max_by(|a, b| {
                similarity(&rows[*a].0.title, &task.title)
                    .total_cmp(&similarity(&rows[*b].0.title, &task.title))
                    .then(b.cmp(a))
            })
            .unwrap_or(at[0]);
        for i in at {
            if i != best && !same_text(&rows[i].0.title, &rows[best].0.title) {
                let rematched = match_row(index, &rows[i].0, false);
                rows[i].1 = rematched;
            }
        }
    }
}

/// The same task in several rows: identical progress is read once (the later rows are marked
/// duplicates); different progress is an error naming both rows.
fn check_duplicates(fp: &mut FilePreview) -> Result<(), LedgerImportError> {
    let mut first: HashMap<i64, usize> = HashMap::new();
    let mut dup: HashSet<usize> = HashSet::new();
    for (i, r) in fp.rows.iter().enumerate() {
        let Some(task) = r.task_id.filter(|_| !r.doubtful) else {
            continue;
        };
        match first.get(&task) {
            None => {
                first.insert(task, i);
            }
            Some(&j) => {
                let a = &fp.rows[j];
                if same_text(&a.progress, &r.progress) || r.progress.trim().is_empty() {
                    dup.insert(i);
                } else if a.progress.trim().is_empty() {
                    // The first row was empty: the filled one counts.
                    dup.insert(j);
                    first.insert(task, i);
                } else {
                    return Err(LedgerImportError::DuplicateRows {
                        file: fp.file_name.clone(),
                        sheet: r.sheet.clone(),
                        first: a.row,
                        second: r.row,
                        task: short(&a.task_title, 40),
                    });
                }
            }
        }
    }
    for i in dup {
        fp.rows[i].state = RowState::Duplicate;
    }
    Ok(())
}

fn count(rows: &[PreviewRow]) -> Counts {
    let mut c = Counts {
        rows: rows.len(),
        ..Counts::default()
    };
    for r in rows {
        if r.doubtful && r.task_id.is_some() {
            c.doubtful += 1;
            continue;
        }
        if r.copied.is_some() {
            c.copied += 1;
        }
        match r.state {
            RowState::New => c.new += 1,
            RowState::Unchanged => c.unchanged_from_previous += 1,
            RowState::Empty => c.empty += 1,
            RowState::Unmatched => c.unmatched += 1,
            RowState::Duplicate => {}
        }
        if matches!(
            r.state,
            RowState::New | RowState::Unchanged | RowState::Empty
        ) {
            c.matched += 1;
        }
    }
    c
}

/// What the clerk decided after the preview.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
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
}

/// The clerk's decisions for one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
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
pub struct StatusChoice {
    pub sheet: String,
    pub row: u32,
    pub status: Option<Status>,
}

/// The clerk's task for one row: confirm a doubtful match, pick another task, or `None` to
/// leave the row unmatched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RowChoice {
    pub sheet: String,
    pub row: u32,
    pub task_id: Option<i64>,
}

/// What happened to one file in a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
pub struct CommitReport {
    pub batch: Option<i64>,
    pub files: Vec<FileResult>,
}

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
        assert_eq!(e.kind(), "encrypted");
        assert!(e.to_string().contains("a.xlsx"));
        assert!(e.to_string().contains("另存为 .xlsx"));
    }
}
