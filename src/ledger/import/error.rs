//! The ledger import's errors, with a stable kind and the place (sheet, row) they name.

use crate::error_kind::ErrorKind;
use crate::plan::PlanError;
use crate::progress::ProgressError;
use crate::store::StoreError;
use crate::unit::UnitError;

use super::resolve::Disagreement;

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
    #[error(transparent)]
    Evidence(#[from] crate::evidence::EvidenceError),
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
    pub fn kind(&self) -> ErrorKind {
        use LedgerImportError as E;
        match self {
            E::Io { .. } => ErrorKind::Io,
            E::Encrypted { .. } => ErrorKind::Encrypted,
            E::WpsFormat { .. } | E::NewerLedger { .. } => ErrorKind::Unsupported,
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
            | E::TaskNotInPlan { .. } => ErrorKind::Invalid,
            E::NoneImported { .. } => ErrorKind::Invalid,
            E::PartlyImported { .. } => ErrorKind::Partial,
            E::OtherPlan { .. } | E::IdentityConflict(_) => ErrorKind::Conflict,
            E::PlanMissing { .. }
            | E::NoPlan
            | E::UnknownUnit { .. }
            | E::BatchNotFound(_)
            | E::SubmissionNotFound(_)
            | E::ImportedFileNotFound(_) => ErrorKind::NotFound,
            E::ReadRowsBroken(_) => ErrorKind::Invalid,
            E::Plan(e) => e.kind(),
            E::Remind(e) => e.kind(),
            E::Unit(e) => e.kind(),
            E::Task(e) => e.kind(),
            E::Progress(e) => e.kind(),
            E::Calendar(e) => e.kind(),
            E::Store(e) => e.kind(),
            E::Copied(e) => e.kind(),
            E::Evidence(e) => e.kind(),
        }
    }

    /// Where in the file the problem is, when the error names a place.
    pub(super) fn place(&self) -> (Option<String>, Option<u32>) {
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
