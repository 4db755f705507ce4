//! Errors of importing a plan document or a roster, shared by every reader of the plan wing.

use super::batch::Change;
use super::draft::edit::DraftEditError;
use crate::document::FileError;
use crate::error_kind::ErrorKind;
use crate::plan::PlanError;
use crate::sample::SampleError;
use crate::store::StoreError;
use crate::task::TaskError;
use crate::unit::UnitError;

/// Errors of importing a plan document.
#[derive(Debug, thiserror::Error)]
pub enum PlanImportError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("未识别到任务：“{file}”中没有找到带序号的任务条目（如“1.”“（一）”）或任务表格。请确认导入的是方案正文（含重点任务部分），而不是通知、会议材料等其他文件。")]
    NoTasks { file: String },
    #[error("未识别到任务表：“{file}”的工作表{sheets}前 {rows} 行中没有找到任务表的表头（应有“序号”“重点任务/工作任务/工作内容”“牵头单位/责任单位”“完成时限”等列）。{}", match roster_sheet { Some(s) => format!("工作表“{s}”是领导小组名单，请改用“导入领导小组名单”（命令行：taizhang group import）。"), None => "请确认导入的是重点任务清单或任务分解表。".to_string() })]
    NoHeader {
        file: String,
        sheets: String,
        rows: usize,
        roster_sheet: Option<String>,
    },
    #[error("“{file}”工作表“{sheet}”超过导入上限（{} 行、{} 列）：{}还有内容。未导入任何内容。请删除表格下方或右侧无关的内容，或把表格拆成几个文件分别导入。", crate::document::workbook::MAX_ROWS, crate::document::workbook::MAX_COLS, if *.rows > crate::document::workbook::MAX_ROWS { format!("第 {rows} 行") } else { format!("第 {} 列（{}列）", .cols, crate::document::workbook::column_letter(.cols.saturating_sub(1))) })]
    Oversized {
        file: String,
        sheet: String,
        rows: usize,
        cols: usize,
    },
    #[error("未识别到任务：“{file}”工作表“{sheet}”从第{row}行起（表头下方）没有任务内容。请确认任务写在表头下方的“重点任务”或“工作内容”列中。")]
    NoTaskRows {
        file: String,
        sheet: String,
        row: usize,
    },
    #[error("未识别到领导小组名单：“{file}”的工作表{sheets}中没有“姓名”列的表头。{}", if *.tasks { "这个文件是任务表，请改用“导入方案文件”（命令行：taizhang plan import）。" } else { "请确认导入的是领导小组成员名单（含“姓名”“职务”等列）。" })]
    NoRoster {
        file: String,
        sheets: String,
        tasks: bool,
    },
    #[error("未识别到领导小组名单：“{file}”中没有找到“组长：”“成员：”这样的名单行、“由…任组长”这样的句子、含“姓名”列的名单表格或“成员单位：”。{}", if *.tasks > 0 { format!("这个文件是方案（识别到 {tasks} 项任务），请改用“导入方案文件”（命令行：taizhang plan import）。") } else { "请确认导入的是领导小组名单，或关于成立（调整）领导小组的通知。".to_string() })]
    NoRosterInDocument { file: String, tasks: usize },
    #[error("“{file}”是领导小组名单（{}），没有任务，未导入。请改用“导入领导小组名单”导入其中的名单（命令行：taizhang group import 加文件名，或在 plan import 命令后加 --roster-only）。", roster_count(*.members, *.bodies))]
    RosterOnly {
        file: String,
        members: usize,
        bodies: usize,
    },
    #[error("领导小组名单中没有姓名：“{file}”工作表“{sheet}”第{row}行起（表头下方）没有找到人名。请在“姓名”列填写成员姓名后再导入。")]
    RosterNoNames {
        file: String,
        sheet: String,
        row: usize,
    },
    #[error("工作表“{sheet}”第{row}行：{detail}")]
    Roster {
        sheet: String,
        row: usize,
        detail: String,
    },
    #[error("{}", if *.unseen { format!("按现在的名单，{names} 也将离任，但预览中没有列出（名单在预览中被删改过，或领导小组已有改动）。请重新读取名单、核对离任人员后再确认。未写入任何内容。") } else { format!("名单生效后，以下 {count} 位现任成员不在名单中，将于{day}离任：{names}。请核对：确认离任请在命令后加 --retire（窗口中勾选“确认以上成员离任”）；如有遗漏，请补全名单后重新导入。未写入任何内容。") })]
    RosterLeavingUnconfirmed {
        count: usize,
        names: String,
        day: String,
        unseen: bool,
    },
    #[error("“{file}”是{}，不能在这里导入，未写入任何内容。请改用{}。", .belongs.what(), .belongs.hint())]
    WrongImport { file: String, belongs: Belongs },
    #[error("撤销导入未执行：导入前保存的{what}（编号 {id}）原样记录已损坏（{detail}），无法恢复。数据没有任何改动。请在“设置”中从备份恢复，或联系技术支持。")]
    DamagedSnapshot {
        /// 任务, 领导小组成员 …
        what: &'static str,
        id: i64,
        detail: &'static str,
    },
    #[error("还没有导入过领导小组名单，没有可撤销的导入。")]
    NoRosterImport,
    #[error("编号为 {0} 的方案不是通过导入文件创建的，不能撤销导入。")]
    NotImported(i64),
    #[error("方案“{title}”已收到 {reports} 条单位报送的进展，撤销导入会删除这些报送，因此未执行。如确需删除，请先备份数据库。")]
    HasReports { title: String, reports: i64 },
    #[error(transparent)]
    Edit(#[from] DraftEditError),
    #[error(transparent)]
    Sample(#[from] SampleError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Unit(#[from] UnitError),
    #[error(transparent)]
    Task(#[from] TaskError),
    #[error(transparent)]
    Store(#[from] StoreError),
}
crate::impl_from_sqlite!(PlanImportError);

impl PlanImportError {
    /// Stable machine-readable kind: `io`, `invalid`, `not_found`, `conflict`, or an inner kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            PlanImportError::NoTasks { .. }
            | PlanImportError::NoHeader { .. }
            | PlanImportError::NoTaskRows { .. }
            | PlanImportError::Oversized { .. }
            | PlanImportError::NoRoster { .. }
            | PlanImportError::RosterNoNames { .. }
            | PlanImportError::Roster { .. }
            | PlanImportError::WrongImport { .. }
            | PlanImportError::NoRosterInDocument { .. } => ErrorKind::Invalid,
            PlanImportError::RosterOnly { .. } => ErrorKind::RosterOnly,
            PlanImportError::NotImported(_) | PlanImportError::NoRosterImport => {
                ErrorKind::NotFound
            }
            PlanImportError::DamagedSnapshot { .. } => ErrorKind::Database,
            PlanImportError::HasReports { .. }
            | PlanImportError::RosterLeavingUnconfirmed { .. } => ErrorKind::Conflict,
            PlanImportError::File(e) => e.kind(),
            PlanImportError::Edit(e) => e.kind(),
            PlanImportError::Sample(e) => e.kind(),
            PlanImportError::Plan(e) => e.kind(),
            PlanImportError::Unit(e) => e.kind(),
            PlanImportError::Task(e) => e.kind(),
            PlanImportError::Store(e) => e.kind(),
        }
    }
}

/// "成员 5 人、成员单位 12 个" for a message.
fn roster_count(members: usize, bodies: usize) -> String {
    match (members, bodies) {
        (m, 0) => format!("成员 {m} 人"),
        (0, b) => format!("成员单位 {b} 个"),
        (m, b) => format!("成员 {m} 人、成员单位 {b} 个"),
    }
}

impl PlanImportError {
    /// Undo refused: the change log's record of `change` cannot be put back.
    pub(crate) fn damaged(change: &Change, detail: &'static str) -> PlanImportError {
        PlanImportError::DamagedSnapshot {
            what: change.entity.label(),
            id: change.entity_id,
            detail,
        }
    }
}

/// The import a file given to the wrong one belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Belongs {
    /// A 工作台账 (or 汇总) this program exported.
    Ledger,
    /// A 领导小组名单 this program exported.
    Roster,
}

impl Belongs {
    pub(crate) fn what(self) -> &'static str {
        match self {
            Belongs::Ledger => "本软件导出的工作台账",
            Belongs::Roster => "本软件导出的领导小组名单",
        }
    }

    pub(crate) fn hint(self) -> &'static str {
        match self {
            Belongs::Ledger => "“导入工作台账”（命令行：taizhang ledger import）",
            Belongs::Roster => "“导入领导小组名单”（命令行：taizhang group import）",
        }
    }

    /// The import an exported workbook of this kind (its identity's `kind`) belongs to.
    pub(crate) fn of_own_kind(kind: Option<&str>) -> Option<Belongs> {
        match kind? {
            "unit_ledger" | "summary" => Some(Belongs::Ledger),
            "roster" => Some(Belongs::Roster),
            _ => None,
        }
    }
}
