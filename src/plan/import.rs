//! Importing a plan document: read it into a [`PlanDraft`] (nothing written), match its units to
//! the directory, commit the (edited) draft in one transaction, and undo an import exactly.
//!
//! What an import created (the plan and the units and group members it added) is recorded in
//! `plan_import` / `plan_import_created`, so that undo removes exactly that and nothing the
//! clerk already had.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::doc;
use super::draft::edit::{self, DraftEdit, DraftEditError};
use super::draft::{DraftUnit, PlanDraft};
use super::parse;
use super::{merge, sheet, workbook};
use crate::assign;
use crate::body_names::BodyNames;
use crate::error_kind::ErrorKind;
use crate::plan::{self, Phase, PlanError, PlanInput, ReportRule};
use crate::sample::{
    self, BundleMember, BundleSection, BundleTask, BundleUnit, PlanBundle, SampleError,
};
use crate::store::{audit, now_string, Db, StoreError};
use crate::task::TaskError;
use crate::unit::{self, UnitError, UnitKind};

/// Errors of importing a plan document.
#[derive(Debug, thiserror::Error)]
pub enum PlanImportError {
    #[error("无法读取文件“{file}”：{source}。请确认文件存在、未被其他程序占用。")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("“{file}”不是普通文件，而是{what}，无法读取。请选择保存在磁盘上的文件后再导入。")]
    NotAFile { file: String, what: &'static str },
    #[error("文件“{file}”是空的，没有可导入的内容。请选择方案正文文件。")]
    Empty { file: String },
    #[error("文件“{file}”过大（约 {size_mb} MB，上限 {limit_mb} MB），不像是方案文件。请确认选择的文件是否正确。")]
    TooLarge {
        file: String,
        size_mb: u64,
        limit_mb: u64,
    },
    #[error("“{file}”是旧版 Word（.doc）、WPS（.wps）或 RTF 格式，无法直接读取。请用 Word 或 WPS 打开后“另存为”.docx 格式，再导入。")]
    LegacyFormat { file: String },
    #[error("“{file}”无法作为 Word 97–2003（.doc）或 WPS（.wps）文档读取（{detail}）。请用 Word 或 WPS 打开后“另存为”.docx 格式，再导入。")]
    BrokenDoc { file: String, detail: String },
    #[error("“{file}”是 PDF 文件，无法可靠地读出任务。请用 WPS 或 Word 打开（或找到原始文档）另存为 .docx，或把正文复制到记事本保存为 .txt 后再导入。")]
    Pdf { file: String },
    #[error("“{file}”不是 Word 文档（.docx）{}。请导入方案的 .docx 或 .txt 文件。", if *.excel { "，而是 Excel 表格" } else { "" })]
    NotWord { file: String, excel: bool },
    #[error(
        "“{file}”已损坏，无法作为 .docx 读取（{detail}）。请用 Word 或 WPS 打开并重新保存后再试。"
    )]
    BrokenDocx { file: String, detail: String },
    #[error(
        "“{file}”不是文本文件，也不是 .docx 文档，无法读取。请导入方案的 .docx 或 .txt 文件。"
    )]
    NotText { file: String },
    #[error("未识别到任务：“{file}”中没有找到带序号的任务条目（如“1.”“（一）”）或任务表格。请确认导入的是方案正文（含重点任务部分），而不是通知、会议材料等其他文件。")]
    NoTasks { file: String },
    #[error("“{file}”设置了打开密码（已加密），无法读取。请用 Excel 或 WPS 打开后，在“文件 → 信息 → 保护工作簿”（WPS：“文件 → 文档加密”）中取消密码，另存为 .xlsx 后再导入。")]
    Encrypted { file: String },
    #[error("“{file}”设置了打开密码（已加密），无法读取。请用 Word 或 WPS 打开后，在“文件 → 信息 → 保护文档”（WPS：“文件 → 文档加密”）中取消密码，另存为 .docx 后再导入。")]
    EncryptedDocument { file: String },
    #[error("“{file}”是 WPS 表格格式（.et），无法直接读取。请用 WPS 打开后“另存为”Excel 工作簿（.xlsx），不要设置密码，再导入。")]
    WpsSheet { file: String },
    #[error("“{file}”已损坏，无法作为 Excel 工作簿读取（{detail}）。请用 Excel 或 WPS 打开并“另存为”.xlsx（不设密码）后再试。")]
    BrokenWorkbook { file: String, detail: String },
    #[error("未识别到任务表：“{file}”的工作表{sheets}前 {rows} 行中没有找到任务表的表头（应有“序号”“重点任务/工作任务/工作内容”“牵头单位/责任单位”“完成时限”等列）。{}", match roster_sheet { Some(s) => format!("工作表“{s}”是领导小组名单，请改用“导入领导小组名单”（命令行：taizhang group import）。"), None => "请确认导入的是重点任务清单或任务分解表。".to_string() })]
    NoHeader {
        file: String,
        sheets: String,
        rows: usize,
        roster_sheet: Option<String>,
    },
    #[error("“{file}”工作表“{sheet}”超过导入上限（{} 行、{} 列）：{}还有内容。未导入任何内容。请删除表格下方或右侧无关的内容，或把表格拆成几个文件分别导入。", super::workbook::MAX_ROWS, super::workbook::MAX_COLS, if *.rows > super::workbook::MAX_ROWS { format!("第 {rows} 行") } else { format!("第 {} 列（{}列）", .cols, super::workbook::column_letter(.cols.saturating_sub(1))) })]
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
    #[error("“{file}”工作表“{sheet}”的 {cell} 单元格有 {len} 个字符，超过 Excel 单元格的上限 32767 个字符（开头为“{preview}”），未导入。请精简该单元格后再导入。")]
    CellTooLong {
        file: String,
        sheet: String,
        /// The cell as Excel names it (C5).
        cell: String,
        len: usize,
        preview: String,
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
    #[error("“{file}”中的“{part}”含有 XML 实体声明（DOCTYPE / ENTITY），正常的 Word / Excel 文件不会有，这种写法可能使程序卡死或读取本机文件，已拒绝导入，未写入任何内容。请用 Word / Excel / WPS 打开该文件，“另存为”.docx / .xlsx 后再导入。")]
    XmlEntities { file: String, part: String },
    #[error("“{file}”中的“{part}”解压后约 {size_mb} MB，远超正常文件，可能已损坏或是恶意文件，已拒绝读取，未写入任何内容。请用 Word / Excel / WPS 打开后“另存为”.docx / .xlsx 再导入。")]
    PartTooLarge {
        file: String,
        part: String,
        size_mb: u64,
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
            PlanImportError::Io { .. } => ErrorKind::Io,
            PlanImportError::Empty { .. }
            | PlanImportError::NotAFile { .. }
            | PlanImportError::TooLarge { .. }
            | PlanImportError::LegacyFormat { .. }
            | PlanImportError::BrokenDoc { .. }
            | PlanImportError::Pdf { .. }
            | PlanImportError::NotWord { .. }
            | PlanImportError::BrokenDocx { .. }
            | PlanImportError::NotText { .. }
            | PlanImportError::NoTasks { .. }
            | PlanImportError::Encrypted { .. }
            | PlanImportError::EncryptedDocument { .. }
            | PlanImportError::WpsSheet { .. }
            | PlanImportError::BrokenWorkbook { .. }
            | PlanImportError::NoHeader { .. }
            | PlanImportError::NoTaskRows { .. }
            | PlanImportError::Oversized { .. }
            | PlanImportError::NoRoster { .. }
            | PlanImportError::RosterNoNames { .. }
            | PlanImportError::CellTooLong { .. }
            | PlanImportError::Roster { .. }
            | PlanImportError::WrongImport { .. }
            | PlanImportError::XmlEntities { .. }
            | PlanImportError::PartTooLarge { .. }
            | PlanImportError::NoRosterInDocument { .. } => ErrorKind::Invalid,
            PlanImportError::RosterOnly { .. } => ErrorKind::RosterOnly,
            PlanImportError::NotImported(_) | PlanImportError::NoRosterImport => {
                ErrorKind::NotFound
            }
            PlanImportError::HasReports { .. }
            | PlanImportError::RosterLeavingUnconfirmed { .. } => ErrorKind::Conflict,
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

/// The import a file given to the wrong one belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Belongs {
    /// A 工作台账 (or 汇总) this program exported.
    Ledger,
    /// A 领导小组名单 this program exported.
    Roster,
}

impl Belongs {
    fn what(self) -> &'static str {
        match self {
            Belongs::Ledger => "本软件导出的工作台账",
            Belongs::Roster => "本软件导出的领导小组名单",
        }
    }

    fn hint(self) -> &'static str {
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

/// Reads and parses a plan file — a document (.docx/.txt) or its Excel attachment
/// (.xlsx/.xls task table), told apart by content and extension — and matches its units to the
/// directory. Writes nothing.
pub fn draft_from_file(conn: &Connection, path: &Path) -> Result<PlanDraft, PlanImportError> {
    let word_name = matches!(
        workbook::extension(&doc::file_name(path)).as_str(),
        "doc" | "wps"
    );
    let (name, bytes) = doc::read_file(path, |head| doc::size_limit(head, word_name))?;
    draft_from_bytes(conn, &bytes, &name)
}

/// Like [`draft_from_file`], for a file already in memory (the desktop's file dialog).
pub fn draft_from_bytes(
    conn: &Connection,
    bytes: &[u8],
    name: &str,
) -> Result<PlanDraft, PlanImportError> {
    let word_name = matches!(
        workbook::extension(name).as_str(),
        "docx" | "doc" | "docm" | "wps"
    );
    let ole_document = word_name && bytes.starts_with(workbook::OLE);
    if !ole_document && workbook::is_workbook(bytes, name) {
        let book = workbook::read_bytes(bytes, name)?;
        if let Some(belongs) = Belongs::of_own_kind(book.own_kind.as_deref()) {
            return Err(PlanImportError::WrongImport {
                file: name.to_string(),
                belongs,
            });
        }
        return draft_from_workbook(conn, &book);
    }
    let document = doc::read_bytes(bytes, name)?;
    draft_from_document(conn, &document)
}

fn draft_from_workbook(
    conn: &Connection,
    book: &workbook::Workbook,
) -> Result<PlanDraft, PlanImportError> {
    let mut draft = sheet::draft(book)?;
    match_units(conn, &mut draft)?;
    Ok(draft)
}

fn draft_from_document(
    conn: &Connection,
    document: &doc::Document,
) -> Result<PlanDraft, PlanImportError> {
    let mut draft = parse::parse(document);
    if draft.tasks.is_empty() {
        // A 关于成立…领导小组的通知: its roster is offered instead.
        let roster = parse::roster_of(document);
        if !roster.entries.is_empty() || !roster.bodies.is_empty() {
            return Err(PlanImportError::RosterOnly {
                file: document.name.clone(),
                members: roster.entries.len(),
                bodies: roster.bodies.len(),
            });
        }
        return Err(PlanImportError::NoTasks {
            file: document.name.clone(),
        });
    }
    match_units(conn, &mut draft)?;
    Ok(draft)
}

fn kind_of(name: &str) -> UnitKind {
    let core = name.split(['(', '（']).next().unwrap_or(name);
    if assign::is_group_phrase(name) {
        UnitKind::Group
    } else if ["镇", "乡", "街道", "街道办事处", "镇人民政府", "乡人民政府"]
        .iter()
        .any(|s| core.ends_with(s))
    {
        UnitKind::Township
    } else {
        UnitKind::Department
    }
}

/// The units the draft's tasks name, in first-use order, none matched yet.
pub fn units_of(draft: &PlanDraft) -> Vec<DraftUnit> {
    draft
        .unit_names()
        .into_iter()
        .map(|name| {
            let tasks = draft
                .tasks
                .iter()
                .filter(|t| {
                    t.lead
                        .iter()
                        .chain(&t.co)
                        .chain(&t.responsible)
                        .any(|n| *n == name)
                })
                .count();
            DraftUnit {
                is_group: assign::is_group_phrase(&name),
                kind: kind_of(&name),
                tasks,
                name,
                ..DraftUnit::default()
            }
        })
        .collect()
}

/// Matches every unit of the draft to the directory by name or alias (also with or without the
/// county prefix 县), and suggests a directory unit for names that match only in a short form.
/// Call again after editing the draft's tasks: units are rebuilt from the tasks, keeping the
/// clerk's own choices.
pub fn match_units(conn: &Connection, draft: &mut PlanDraft) -> Result<(), PlanImportError> {
    let chosen: HashMap<String, i64> = draft
        .units
        .iter()
        .filter_map(|u| u.unit_id.map(|id| (u.name.clone(), id)))
        .collect();
    let mut directory: Vec<(i64, String, String)> = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, name, name FROM unit
             UNION ALL SELECT a.unit_id, u.name, a.alias FROM unit_alias a JOIN unit u ON u.id = a.unit_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        for row in rows {
            directory.push(row?);
        }
    }
    // Long and short forms of one body (县政府办公室 ↔ 县政府办, 发改委 ↔ 发展和改革局), with
    // the clerk's own list beside the database.
    let names = match conn.path().filter(|p| !p.is_empty()).map(Path::new) {
        Some(db) => BodyNames::with_user_list(db.parent().unwrap_or(Path::new("."))),
        None => BodyNames::shipped().clone(),
    };
    let short_form = |n: &str| names.key(&unit::normalize_name(n));
    let mut units = units_of(draft);
    for u in &mut units {
        let found = unit::find_id(conn, &u.name)?;
        let id = chosen.get(&u.name).copied().or(found);
        u.becomes_alias = !u.is_group && found.is_none() && id.is_some();
        if let Some(id) = id {
            u.unit_name = directory
                .iter()
                .find(|(d, _, _)| *d == id)
                .map(|(_, name, _)| name.clone());
            u.unit_id = Some(id);
            continue;
        }
        let key = short_form(&u.name);
        u.suggestion = directory
            .iter()
            .find(|(_, _, n)| short_form(n) == key || short_form(&format!("县{n}")) == key)
            .map(|(id, name, _)| (*id, name.clone()));
    }
    draft.units = units;
    offer_text_units(draft, &directory, &short_form);
    draft.traditional = edit::has_traditional(draft);
    Ok(())
}

/// Fills each task's `text_units`: units its text names that it does not have. Two names are
/// one unit when they are the same directory unit, or the same body in another written form.
fn offer_text_units(
    draft: &mut PlanDraft,
    directory: &[(i64, String, String)],
    short_form: &dyn Fn(&str) -> String,
) {
    let mut ids: HashMap<String, i64> = HashMap::new();
    for (id, _, name) in directory {
        let name = unit::normalize_name(name);
        if let Some(rest) = name.strip_prefix('县').filter(|r| r.chars().count() >= 2) {
            ids.entry(rest.to_string()).or_insert(*id);
        }
        ids.insert(name, *id);
    }
    for u in &draft.units {
        if let Some(id) = u.unit_id {
            ids.insert(unit::normalize_name(&u.name), id);
        }
    }
    let id_of = |n: &str| {
        let n = unit::normalize_name(n);
        ids.get(&n)
            .or_else(|| ids.get(n.trim_start_matches('县')))
            .copied()
    };
    let same = |a: &str, b: &str| {
        let (x, y) = (id_of(a), id_of(b));
        (x.is_some() && x == y) || short_form(a) == short_form(b)
    };
    let mut known: Vec<String> = directory.iter().map(|(_, _, n)| n.clone()).collect();
    known.extend(draft.units.iter().map(|u| u.name.clone()));
    for t in &mut draft.tasks {
        t.text_units = edit::text_units(t, &known, &same);
    }
}

/// Applies one preview edit to the draft and matches its units again. Writes nothing.
pub fn edit(
    conn: &Connection,
    mut draft: PlanDraft,
    change: &DraftEdit,
) -> Result<PlanDraft, PlanImportError> {
    edit::apply(&mut draft, change)?;
    match_units(conn, &mut draft)?;
    Ok(draft)
}

/// What undoing an import removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UndoReport {
    pub plan_id: i64,
    pub title: String,
    pub tasks: i64,
    /// Units the import had added and that were removed again.
    pub units_removed: Vec<String>,
    /// Units the import had added that other plans now use, so they stay.
    pub units_kept: Vec<String>,
    pub members_removed: usize,
    /// Whether the plan itself was removed (it was created by the import undone); `false` when
    /// the import undone went into an existing plan (`plan import --plan`).
    pub plan_removed: bool,
    /// Tasks the undone import had changed and that got their earlier content back.
    pub tasks_restored: usize,
}

fn member_exists(conn: &Connection, name: &str, role: &str) -> Result<bool, PlanImportError> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM group_member
         WHERE replace(name, ' ', '') = ?1 AND replace(role, ' ', '') = ?2 AND deleted_at IS NULL",
        params![unit::normalize_name(name), unit::normalize_name(role)],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// Turns the draft into the bundle that [`sample::write_bundle`] writes.
fn bundle_of(conn: &Connection, draft: &PlanDraft) -> Result<PlanBundle, PlanImportError> {
    // Names the tasks use → the name of the directory unit they become.
    let mut rename: HashMap<String, String> = HashMap::new();
    let mut new_units: Vec<BundleUnit> = Vec::new();
    let chosen: HashMap<&str, i64> = draft
        .units
        .iter()
        .filter_map(|u| u.unit_id.map(|id| (u.name.as_str(), id)))
        .collect();
    for name in draft.unit_names() {
        let id = match chosen.get(name.as_str()) {
            Some(id) => Some(*id),
            None => unit::find_id(conn, &name)?,
        };
        match id {
            Some(id) => {
                rename.insert(name, unit::get(conn, id)?.name);
            }
            // A group phrase stays the task's text: never a new unit.
            None if assign::is_group_phrase(&name) => {}
            None => {
                let kind = draft
                    .units
                    .iter()
                    .find(|u| u.name == name)
                    .map(|u| u.kind)
                    .unwrap_or_else(|| kind_of(&name));
                new_units.push(BundleUnit {
                    name: name.clone(),
                    aliases: Vec::new(),
                    kind,
                    contact_name: None,
                    contact_phone: None,
                });
            }
        }
    }
    let map = |names: &[String]| -> Vec<String> {
        names
            .iter()
            .map(|n| rename.get(n).cloned().unwrap_or_else(|| n.clone()))
            .collect()
    };
    let title = if draft.title.trim().is_empty() {
        draft.source.clone()
    } else {
        draft.title.clone()
    };
    let rule = draft.report_rule.as_ref();
    let plan = PlanInput {
        title,
        doc_no: draft.doc_no.clone(),
        issuer: draft.issuer.clone(),
        year: draft.year,
        start_date: draft.start_date,
        end_date: draft.end_date,
        report_rule: ReportRule {
            day: rule.and_then(|r| r.day),
            month_end: rule.is_some_and(|r| r.month_end),
            covers: rule.map(|r| r.covers).unwrap_or_default(),
            from: rule.and_then(|r| r.from),
            until: rule.and_then(|r| r.until),
            ..ReportRule::default()
        },
        report_rule_text: rule.map(|r| r.text.clone()).unwrap_or_default(),
    };
    let mut group = Vec::new();
    for m in &draft.group {
        if m.name.trim().is_empty() || member_exists(conn, &m.name, &m.role)? {
            continue;
        }
        group.push(BundleMember {
            name: m.name.clone(),
            title: m.title.clone(),
            org: m.org.clone(),
            role: m.role.clone(),
            from: None,
            to: None,
        });
    }
    Ok(PlanBundle {
        plan,
        phases: draft
            .phases
            .iter()
            .map(|p| Phase {
                id: 0,
                name: p.name.clone(),
                start: p.start,
                end: p.end,
                description: p.description.clone(),
            })
            .collect(),
        units: new_units,
        sections: draft
            .sections
            .iter()
            .map(|s| BundleSection {
                key: Some(s.key.clone()),
                code: s.code.clone(),
                title: s.title.clone(),
                parent: s.parent.clone(),
            })
            .collect(),
        tasks: draft
            .tasks
            .iter()
            .map(|t| BundleTask {
                section: t.section.clone(),
                code: t.code.clone(),
                title: t.title.clone(),
                requirements: t.requirements.clone(),
                deadline_text: t.deadline_text.clone(),
                lead: map(&t.lead),
                co: map(&t.co),
                responsible: map(&t.responsible),
                status: Default::default(),
            })
            .collect(),
        group,
    })
}

/// Writes the (edited) draft as a new plan in one transaction: units the directory lacks are
/// added, sections, tasks, phases and group members written. Returns the new plan's id.
pub fn commit(db: &mut Db, draft: &PlanDraft) -> Result<i64, PlanImportError> {
    if draft.tasks.is_empty() {
        return Err(PlanImportError::NoTasks {
            file: draft.source.clone(),
        });
    }
    let tx = db.transaction()?;
    let bundle = bundle_of(&tx, draft)?;
    let written = sample::write_bundle(&tx, &bundle)?;
    tx.execute(
        "INSERT INTO plan_import (plan_id, file_name, imported_at) VALUES (?1, ?2, ?3)",
        params![written.plan_id, draft.source, now_string()],
    )?;
    let import_id = tx.last_insert_rowid();
    // A name mapped to a directory unit in the preview becomes that unit's alias.
    let mut aliases_added: Vec<String> = Vec::new();
    for u in &draft.units {
        let Some(id) = u.unit_id else { continue };
        if u.is_group || unit::find_id(&tx, &u.name)?.is_some() {
            continue;
        }
        if unit::add_alias(&tx, id, &u.name)? {
            let alias = unit::normalize_name(&u.name);
            tx.execute(
                "INSERT OR IGNORE INTO plan_import_alias (import_id, unit_id, alias)
                 VALUES (?1, ?2, ?3)",
                params![import_id, id, alias],
            )?;
            aliases_added.push(alias);
        }
    }
    for (entity, ids) in [
        ("unit", &written.created_units),
        ("group_member", &written.created_members),
    ] {
        for id in ids {
            tx.execute(
                "INSERT INTO plan_import_created (import_id, entity, entity_id) VALUES (?1, ?2, ?3)",
                params![import_id, entity, id],
            )?;
        }
    }
    audit(
        &tx,
        "plan",
        written.plan_id,
        "import",
        None,
        Some(&serde_json::json!({
            "file": draft.source,
            "tasks": draft.tasks.len(),
            "created_units": written.created_units,
            "created_members": written.created_members,
            "aliases_added": aliases_added,
        })),
    )?;
    tx.commit()?;
    Ok(written.plan_id)
}

/// Whether a plan was created by an import (and can be undone).
pub fn is_imported(conn: &Connection, plan_id: i64) -> Result<bool, PlanImportError> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT id FROM plan_import WHERE plan_id = ?1",
            [plan_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.is_some())
}

/// Undoes the newest import into a plan. An Excel task list imported into the existing plan
/// (`--plan`) is undone first, row by row: the tasks, sections and units it added are removed
/// and the tasks it changed get their content back. Otherwise the import that created the plan
/// is undone: the plan (its sections, tasks, phases) and the units and group members the import
/// added are deleted. One transaction either way. Refused when departments already reported on
/// what would be removed. A unit the import added that another plan now uses is kept.
pub fn undo(db: &mut Db, plan_id: i64) -> Result<UndoReport, PlanImportError> {
    let tx = db.transaction()?;
    let plan = plan::get(&tx, plan_id)?;
    if let Some(report) = merge::undo_latest(&tx, plan_id, &plan.title)? {
        tx.commit()?;
        return Ok(report);
    }
    let import_id: i64 = tx
        .query_row(
            "SELECT id FROM plan_import WHERE plan_id = ?1",
            [plan_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(PlanImportError::NotImported(plan_id))?;
    let reports: i64 = tx.query_row(
        "SELECT (SELECT count(*) FROM submission WHERE plan_id = ?1)
              + (SELECT count(*) FROM progress p JOIN task t ON t.id = p.task_id WHERE t.plan_id = ?1)",
        [plan_id],
        |r| r.get(0),
    )?;
    if reports > 0 {
        return Err(PlanImportError::HasReports {
            title: plan.title,
            reports,
        });
    }
    let created = |entity: &str| -> Result<Vec<i64>, PlanImportError> {
        let mut stmt = tx.prepare(
            "SELECT entity_id FROM plan_import_created WHERE import_id = ?1 AND entity = ?2
             ORDER BY entity_id",
        )?;
        let rows = stmt.query_map(params![import_id, entity], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<i64>>>()?)
    };
    let units = created("unit")?;
    let members = created("group_member")?;
    let aliases: Vec<(i64, String)> = {
        let mut stmt =
            tx.prepare("SELECT unit_id, alias FROM plan_import_alias WHERE import_id = ?1")?;
        let rows = stmt.query_map([import_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, alias) in &aliases {
        unit::remove_alias(&tx, *id, alias)?;
    }
    let tasks: i64 = tx.query_row(
        "SELECT count(*) FROM task WHERE plan_id = ?1",
        [plan_id],
        |r| r.get(0),
    )?;
    let before = serde_json::to_value(&plan).ok();
    tx.execute("DELETE FROM plan WHERE id = ?1", [plan_id])?;
    let mut report = UndoReport {
        plan_id,
        title: plan.title.clone(),
        tasks,
        units_removed: Vec::new(),
        units_kept: Vec::new(),
        members_removed: 0,
        plan_removed: true,
        tasks_restored: 0,
    };
    for id in units {
        let name: Option<String> = tx
            .query_row("SELECT name FROM unit WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        let Some(name) = name else { continue };
        let used: i64 = tx.query_row(
            "SELECT count(*) FROM assignment WHERE unit_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if used > 0 {
            report.units_kept.push(name);
        } else {
            tx.execute("DELETE FROM unit WHERE id = ?1", [id])?;
            report.units_removed.push(name);
        }
    }
    for id in members {
        report.members_removed += tx.execute("DELETE FROM group_member WHERE id = ?1", [id])?;
    }
    tx.execute("DELETE FROM plan_import WHERE id = ?1", [import_id])?;
    audit(&tx, "plan", plan_id, "undo_import", before.as_ref(), None)?;
    tx.commit()?;
    Ok(report)
}
