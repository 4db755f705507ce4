//! 工作台账: the Excel ledgers exchanged with departments, and the print-ready lists
//! (重点任务清单, 领导小组名单) in the same style.
//!
//! [`export`] writes one protected, print-ready workbook per responsible unit and a consolidated
//! 汇总 workbook for the clerk; [`lists`] writes the task list and the roster; [`import`] reads
//! the ledgers departments send back, and [`consolidate`] shows what they reported. Every workbook
//! carries its identity (plan, unit, period, schema version) in custom document properties and
//! in a very-hidden sheet, and each task row carries its key in a hidden column, so that a
//! returned ledger is matched exactly even after the department re-sorted or edited it.

pub mod consolidate;
pub mod consolidated_sheet;
pub mod export;
pub(crate) mod file;
pub mod import;
pub mod lists;
pub(crate) mod sheet;

use std::path::PathBuf;

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::error_kind::ErrorKind;
use crate::group::GroupError;
use crate::plan::PlanError;
use crate::progress::ProgressError;
use crate::store::{Db, StoreError};
use crate::task::TaskError;
use crate::unit::UnitError;

pub use export::{export, export_with_progress, LedgerRequest};
pub use file::{sanitize_file_name, Existing, WrittenFile};
pub use import::LedgerImportError;
pub use lists::{export_roster, export_task_list};

/// Version of the workbook layout and hidden identity; the import refuses newer ones.
pub const SCHEMA_VERSION: i64 = 1;

/// Name of the very-hidden sheet holding the workbook's identity as key/value rows.
pub const IDENTITY_SHEET: &str = crate::document::workbook::IDENTITY_SHEET;

/// Prefix of custom document properties written by taizhang (`taizhang.plan_id` …).
pub const PROPERTY_PREFIX: &str = crate::document::workbook::IDENTITY_PREFIX;

/// Header of the hidden column that holds each task row's key.
pub const KEY_HEADER: &str = "任务标识";

/// The key written in the hidden column of a task row.
pub fn task_key(task_id: i64) -> String {
    format!("TZ-{task_id}")
}

/// The task id in a key written by [`task_key`], if it is one.
pub fn parse_task_key(key: &str) -> Option<i64> {
    key.trim().strip_prefix("TZ-")?.parse().ok()
}

/// What a taizhang workbook is, as recorded in its identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkbookKind {
    /// One department's 工作台账 for a period.
    UnitLedger,
    /// The clerk's 汇总 of all tasks for a period.
    Summary,
    /// 重点任务清单.
    TaskList,
    /// 领导小组名单.
    Roster,
}

impl WorkbookKind {
    /// The value stored in the workbook.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkbookKind::UnitLedger => "unit_ledger",
            WorkbookKind::Summary => "summary",
            WorkbookKind::TaskList => "task_list",
            WorkbookKind::Roster => "roster",
        }
    }
}

/// How ledgers are exported; the clerk's default is kept in the `setting` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportOptions {
    /// Add the locked grey 上期进展 column with the unit's report for the previous month.
    pub include_previous: bool,
    /// Password for the sheet protection; `None` protects without a password.
    pub password: Option<String>,
    /// The office's contact printed on every unit's ledger under 报送截止 (如有疑问，请联系…);
    /// left out while empty.
    pub contact_name: String,
    pub contact_phone: String,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            include_previous: true,
            password: None,
            contact_name: String::new(),
            contact_phone: String::new(),
        }
    }
}

impl ExportOptions {
    /// The contact line of a ledger (如有疑问，请联系王芳，电话：0123-5550001。), `None` when
    /// neither name nor phone is set.
    pub fn contact_line(&self) -> Option<String> {
        let (name, phone) = (self.contact_name.trim(), self.contact_phone.trim());
        match (name.is_empty(), phone.is_empty()) {
            (true, true) => None,
            (false, true) => Some(format!("如有疑问，请联系{name}。")),
            (true, false) => Some(format!("如有疑问，请致电{phone}。")),
            (false, false) => Some(format!("如有疑问，请联系{name}，电话：{phone}。")),
        }
    }
}

const OPTIONS_KEY: &str = "ledger.export_options";

/// The clerk's saved export options, or the defaults when none (or unreadable ones) are saved.
pub fn load_options(db: &Db) -> Result<ExportOptions, LedgerError> {
    let saved: Option<String> = db
        .conn()
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [OPTIONS_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(saved
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

/// Saves `options` as the clerk's default.
pub fn save_options(db: &mut Db, options: &ExportOptions) -> Result<(), LedgerError> {
    check_password(options.password.as_deref())?;
    crate::limits::check(
        "联系人",
        &options.contact_name,
        crate::limits::MAX_NAME_CHARS,
    )?;
    crate::limits::check(
        "联系电话",
        &options.contact_phone,
        crate::limits::MAX_NAME_CHARS,
    )?;
    let options = &ExportOptions {
        contact_name: options.contact_name.trim().to_string(),
        contact_phone: options.contact_phone.trim().to_string(),
        ..options.clone()
    };
    let value = serde_json::to_string(options).map_err(|e| LedgerError::Xlsx(e.to_string()))?;
    db.conn().execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [OPTIONS_KEY, value.as_str()],
    )?;
    Ok(())
}

/// Excel accepts sheet-protection passwords of 1 to 255 characters.
fn check_password(password: Option<&str>) -> Result<(), LedgerError> {
    match password {
        Some(p) if p.is_empty() || p.chars().count() > 255 => Err(LedgerError::BadPassword),
        _ => Ok(()),
    }
}

/// One workbook written by an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportedFile {
    /// The file as written.
    pub file: PathBuf,
    /// The unit's name, or 汇总 for the consolidated workbook.
    pub unit: String,
    /// The unit's id; `None` for the consolidated workbook and the lists.
    pub unit_id: Option<i64>,
    /// Task rows (or roster rows) in the workbook.
    pub tasks: usize,
    /// The file of the name asked for that was already there and was kept: `file` then has
    /// another name (…（2）.xlsx).
    pub kept_existing: Option<PathBuf>,
}

/// Errors of exporting ledgers and lists.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("报送期次 {period} 不在方案的实施期内（{range}）。请选择方案实施期内的月份。")]
    PeriodOutsidePlan { period: String, range: String },
    #[error("“{0}”是统称而不是一个具体单位，不单独导出台账。请选择具体的责任单位。")]
    GroupUnit(String),
    #[error(
        "“{unit}”在本方案中没有承担任务，无需导出台账。请检查单位名称，或先在任务中分配该单位。"
    )]
    UnitHasNoTasks { unit: String },
    #[error("本方案的任务还没有分配到具体的责任单位，无法导出台账。请先在任务中填写牵头单位或配合单位。")]
    NoUnits,
    #[error("导出文件夹“{0}”不存在。请先新建该文件夹，或另选一个文件夹。")]
    FolderMissing(PathBuf),
    #[error("“{0}”不是文件夹。请选择一个文件夹作为导出位置。")]
    NotAFolder(PathBuf),
    #[error("无法在文件夹“{dir}”中写入文件（{detail}）。请检查该文件夹是否只读、是否有写入权限，或另选一个文件夹。")]
    FolderNotWritable { dir: PathBuf, detail: String },
    #[error("文件“{0}”正被其他程序占用（可能已在 Excel 或 WPS 中打开），无法覆盖。请先关闭该文件再导出。")]
    TargetLocked(PathBuf),
    #[error("“{0}”是一个文件夹，不能用作导出的文件名。请换一个文件名。")]
    TargetIsFolder(PathBuf),
    #[error("写入文件“{file}”失败：{source}。请检查磁盘空间和文件夹权限后重试。")]
    Write {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("导出的文件名应以 .xlsx 结尾（现为“{0}”）。")]
    NotXlsx(PathBuf),
    #[error("{what}有 {len} 个字符，超过 Excel 单元格的上限 32767 个字符。请精简后再导出。")]
    CellTooLong { what: String, len: usize },
    #[error("工作表名“{0}”无效：Excel 工作表名最多 31 个字符，且不能包含 [ ] : * ? / \\。")]
    SheetName(String),
    #[error("截至{0}，领导小组名单中没有成员。请先在“领导小组”中添加成员，或换一个日期。")]
    EmptyRoster(String),
    #[error("保护密码应为 1 到 255 个字符。")]
    BadPassword,
    #[error("生成 Excel 文件失败：{0}。请重试；如果反复出现，请联系技术支持。")]
    Xlsx(String),
    #[error(transparent)]
    TooLong(#[from] crate::limits::TooLong),
    #[error(transparent)]
    Calendar(#[from] crate::calendar::CalendarError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Unit(#[from] UnitError),
    #[error(transparent)]
    Task(#[from] TaskError),
    #[error(transparent)]
    Group(#[from] GroupError),
    #[error(transparent)]
    Progress(#[from] ProgressError),
    #[error(transparent)]
    Office(#[from] crate::office::OfficeError),
    #[error(transparent)]
    Store(#[from] StoreError),
}
crate::impl_from_sqlite!(LedgerError);

impl From<rust_xlsxwriter::XlsxError> for LedgerError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        LedgerError::Xlsx(e.to_string())
    }
}

impl LedgerError {
    /// Stable machine-readable kind; `locked` means the target file is open elsewhere and the
    /// export can simply be retried after closing it.
    pub fn kind(&self) -> ErrorKind {
        match self {
            LedgerError::PeriodOutsidePlan { .. }
            | LedgerError::GroupUnit(_)
            | LedgerError::NotXlsx(_)
            | LedgerError::CellTooLong { .. }
            | LedgerError::SheetName(_)
            | LedgerError::BadPassword
            | LedgerError::TooLong(_)
            | LedgerError::TargetIsFolder(_)
            | LedgerError::NotAFolder(_) => ErrorKind::Invalid,
            LedgerError::UnitHasNoTasks { .. }
            | LedgerError::NoUnits
            | LedgerError::EmptyRoster(_) => ErrorKind::NotFound,
            LedgerError::FolderMissing(_)
            | LedgerError::FolderNotWritable { .. }
            | LedgerError::Write { .. }
            | LedgerError::Xlsx(_) => ErrorKind::Io,
            LedgerError::TargetLocked(_) => ErrorKind::Locked,
            LedgerError::Calendar(e) => e.kind(),
            LedgerError::Plan(e) => e.kind(),
            LedgerError::Unit(e) => e.kind(),
            LedgerError::Task(e) => e.kind(),
            LedgerError::Group(e) => e.kind(),
            LedgerError::Progress(e) => e.kind(),
            LedgerError::Office(e) => e.kind(),
            LedgerError::Store(e) => e.kind(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_keys_round_trip_and_reject_foreign_text() {
        assert_eq!(parse_task_key(&task_key(42)), Some(42));
        assert_eq!(parse_task_key(" TZ-7 "), Some(7));
        assert_eq!(parse_task_key("42"), None);
        assert_eq!(parse_task_key("TZ-x"), None);
    }

    #[test]
    fn options_default_to_previous_column_and_survive_a_round_trip() -> Result<(), LedgerError> {
        let mut db = Db::open_in_memory()?;
        assert_eq!(load_options(&db)?, ExportOptions::default());
        assert!(ExportOptions::default().include_previous);
        let chosen = ExportOptions {
            include_previous: false,
            password: Some("示例".into()),
            contact_name: "王芳".into(),
            contact_phone: "0123-5550001".into(),
        };
        save_options(&mut db, &chosen)?;
        assert_eq!(load_options(&db)?, chosen);
        let again = ExportOptions::default();
        save_options(&mut db, &again)?;
        assert_eq!(load_options(&db)?, again);
        Ok(())
    }

    #[test]
    fn contact_is_trimmed_checked_and_printed_only_when_set() -> Result<(), LedgerError> {
        let mut db = Db::open_in_memory()?;
        assert_eq!(ExportOptions::default().contact_line(), None);
        let set = |name: &str, phone: &str| ExportOptions {
            contact_name: name.into(),
            contact_phone: phone.into(),
            ..ExportOptions::default()
        };
        save_options(&mut db, &set(" 王芳 ", " 0123-5550001\n"))?;
        let saved = load_options(&db)?;
        assert_eq!(saved.contact_name, "王芳");
        assert_eq!(saved.contact_phone, "0123-5550001");
        assert_eq!(
            saved.contact_line().as_deref(),
            Some("如有疑问，请联系王芳，电话：0123-5550001。")
        );
        assert_eq!(
            set("王芳", "").contact_line().as_deref(),
            Some("如有疑问，请联系王芳。")
        );
        assert_eq!(
            set("", "0123-5550001").contact_line().as_deref(),
            Some("如有疑问，请致电0123-5550001。")
        );
        assert_eq!(set("  ", " ").contact_line(), None);
        let err = save_options(&mut db, &set(&"王".repeat(101), ""));
        assert!(matches!(err, Err(LedgerError::TooLong(_))), "{err:?}");
        assert_eq!(load_options(&db)?, saved, "a refused save changes nothing");
        Ok(())
    }

    #[test]
    fn unreadable_saved_options_fall_back_to_defaults() -> Result<(), LedgerError> {
        let db = Db::open_in_memory()?;
        db.conn().execute(
            "INSERT INTO setting (key, value) VALUES (?1, 'not json')",
            [OPTIONS_KEY],
        )?;
        assert_eq!(load_options(&db)?, ExportOptions::default());
        Ok(())
    }

    #[test]
    fn empty_or_overlong_password_is_refused() -> Result<(), LedgerError> {
        let mut db = Db::open_in_memory()?;
        for bad in [String::new(), "密".repeat(256)] {
            let opts = ExportOptions {
                include_previous: true,
                password: Some(bad),
                ..ExportOptions::default()
            };
            assert!(matches!(
                save_options(&mut db, &opts),
                Err(LedgerError::BadPassword)
            ));
        }
        Ok(())
    }
}
