//! 重点任务: the task list with lead, cooperating and responsible units and deadlines.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::assign::Role;
use crate::deadline::{self, DeadlineError, DeadlineKind, Recurrence};
use crate::error_kind::ErrorKind;
use crate::group_phrase::{self, GroupPhrase};
use crate::limits::{self, TooLong, MAX_CELL_CHARS, MAX_NAME_CHARS, MAX_TITLE_CHARS};
use crate::store::{audit, audit_edit, now_string, Db, StoreError};
use crate::unit::{self, UnitError};

mod counts;
mod deleted;
mod snapshot;

pub use counts::{status_counts, unit_loads, StatusCount, UnitLoad};
pub use deleted::{delete, deleted, undelete};
pub use snapshot::{restore, snapshot, TaskSnapshot};

/// A section's heading as it is printed: 二、重点任务, (一)强化法治思维, 第一章总则. A bare numeral's
/// 、 (or an Arabic number's .) is not kept in the stored code, so it is put back here; every
/// page, printout and ledger shows headings through this one function.
pub fn section_label(code: &str, title: &str) -> String {
    let code = code.trim();
    let chinese = |c: char| "一二三四五六七八九十百〇零两".contains(c);
    let sep = if title.is_empty() || code.is_empty() {
        ""
    } else if code.chars().all(chinese) {
        "、"
    } else if code.chars().all(|c| c.is_ascii_digit()) {
        "."
    } else {
        ""
    };
    format!("{code}{sep}{title}")
}

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "TaskStatus"))]
pub enum Status {
    /// 未启动
    #[default]
    NotStarted,
    /// 推进中
    InProgress,
    /// 已完成
    Done,
    /// 长期坚持
    Ongoing,
}

impl Status {
    /// Every status, in the order the clerk reads them.
    pub const ALL: [Status; 4] = [
        Status::Done,
        Status::InProgress,
        Status::NotStarted,
        Status::Ongoing,
    ];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Ongoing => "ongoing",
        }
    }

    /// The Chinese label used in ledgers and the UI.
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "未启动",
            Status::InProgress => "推进中",
            Status::Done => "已完成",
            Status::Ongoing => "长期坚持",
        }
    }

    /// Parses the stored value or the Chinese label.
    pub fn parse(s: &str) -> Option<Status> {
        let s = s.trim();
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == s || st.label() == s)
    }
}

/// Where a task's status comes from (see [`crate::status`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StatusSource {
    /// Nobody has reported on it and the clerk has not set it: as entered.
    #[default]
    Entered,
    /// Set by the clerk after the newest report.
    Manual,
    /// From the units' reports.
    Report,
}

impl StatusSource {
    /// 录入 / 手工设定 / 台账报送.
    pub fn label(self) -> &'static str {
        match self {
            StatusSource::Entered => "录入",
            StatusSource::Manual => "手工设定",
            StatusSource::Report => "台账报送",
        }
    }
}

/// The status as the task table holds it: entered or last set by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredStatus {
    pub status: Status,
    /// When the clerk set it by hand; `None`: never.
    pub set_at: Option<String>,
    /// The highest submission id at that moment.
    pub set_after: Option<i64>,
}

/// A task as listed and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    pub id: i64,
    pub plan_id: i64,
    pub section_id: Option<i64>,
    /// The section's code, e.g. (一).
    pub section: String,
    pub section_title: String,
    /// 序号 as written in the plan.
    pub code: String,
    pub title: String,
    /// 任务要求.
    pub requirements: String,
    /// 牵头单位, with any group phrase of that role as written, in the plan's order.
    pub lead_units: Vec<String>,
    /// 配合单位, likewise.
    pub co_units: Vec<String>,
    /// 责任单位, likewise.
    pub responsible_units: Vec<String>,
    /// The group phrases among those names (县直各有关部门, 各乡镇): task text, not units.
    pub group_phrases: Vec<GroupPhrase>,
    /// 完成时限 as written.
    pub deadline_text: String,
    /// The date the deadline text means, if it names one.
    pub deadline: Option<NaiveDate>,
    pub deadline_kind: DeadlineKind,
    pub recurrence: Option<Recurrence>,
    /// The task's status from the reports, or as set by hand (see [`crate::status`]).
    pub status: Status,
    /// Where `status` comes from.
    pub status_source: StatusSource,
    /// When the clerk last set the status by hand (it stands until a newer report).
    pub status_set_at: Option<String>,
    pub updated_at: String,
    /// The status as stored (entered or set by hand).
    #[serde(skip)]
    pub stored_status: StoredStatus,
    /// Every unit on the task with its role, in assignment order.
    #[serde(skip)]
    pub unit_roles: Vec<(i64, Role)>,
    /// 逾期 on the day the list was asked for ([`list_on`], [`Task::overdue_on`]); false from
    /// calls that name no day.
    pub overdue: bool,
}

/// 逾期 on `day`: a dated deadline before it and a status other than 已完成. The one rule of
/// 任务清单, the 工作台 and the reports (which pass the status as of their month).
pub fn overdue(
    kind: DeadlineKind,
    deadline: Option<NaiveDate>,
    status: Status,
    day: NaiveDate,
) -> bool {
    kind == DeadlineKind::Date && status != Status::Done && deadline.is_some_and(|d| d < day)
}

impl Task {
    /// 逾期 on `day` with the status it has now (see [`overdue`]).
    pub fn overdue_on(&self, day: NaiveDate) -> bool {
        overdue(self.deadline_kind, self.deadline, self.status, day)
    }
}

/// What the clerk enters to add or edit a task; units by name or alias.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskInput {
    pub plan_id: i64,
    pub section_id: Option<i64>,
    pub code: String,
    pub title: String,
    pub requirements: String,
    pub deadline_text: String,
    pub status: Status,
    pub lead_units: Vec<String>,
    pub co_units: Vec<String>,
    pub responsible_units: Vec<String>,
}

/// Which tasks to list; every field narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskFilter {
    pub plan_id: Option<i64>,
    /// A unit name or alias: tasks it leads, cooperates on or is responsible for.
    pub unit: Option<String>,
    pub section_id: Option<i64>,
    pub status: Option<Status>,
    pub deadline_kind: Option<DeadlineKind>,
    /// Dated deadlines on or before this day.
    pub due_before: Option<NaiveDate>,
    /// Only tasks 逾期 on the day given to [`list_on`].
    pub overdue: bool,
    /// Only tasks not 已完成 whose dated deadline falls within this many days of the day given
    /// to [`list_on`] (today included), overdue ones too.
    pub due_within_days: Option<u32>,
    /// Words searched in 序号, title, requirements, deadline and unit names.
    pub query: Option<String>,
}

/// Errors of the task area.
#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    #[error("任务名称不能为空，请填写任务内容后再保存。")]
    EmptyTitle,
    #[error("序号“{code}”在“{section}”中已被任务“{other}”使用。请换一个序号，或先修改那项任务。")]
    DuplicateCode {
        code: String,
        section: String,
        other: String,
    },
    #[error("未找到编号为 {0} 的任务，可能已被删除。")]
    NotFound(i64),
    #[error("所选章节（编号 {section_id}）不属于该方案，请重新选择章节。")]
    SectionNotInPlan { section_id: i64 },
    #[error("请至少填写一个牵头单位或责任单位。")]
    NoUnit,
    #[error("任务 {task_id} 上没有统称“{phrase}”。{}", if .on_task.is_empty() { "该任务没有统称。".to_string() } else { format!("该任务的统称：{}。", .on_task) })]
    PhraseNotOnTask {
        task_id: i64,
        phrase: String,
        /// The task's phrases, joined with 、.
        on_task: String,
    },
    #[error("“{phrase}”具体指哪些单位，需要您选定：请用 --units 列出要展开成的单位（窗口中在任务的“展开统称”里勾选）。")]
    ExpandNeedsUnits { phrase: String },
    #[error("单位名录中还没有乡镇（类别为“乡镇”的单位），无法把“{phrase}”展开为各乡镇。请先在“责任单位”中添加乡镇，或用 --units 指定单位。")]
    NoTownships { phrase: String },
    #[error(transparent)]
    TooLong(#[from] TooLong),
    #[error(transparent)]
    Deadline(#[from] DeadlineError),
    #[error(transparent)]
    Unit(#[from] UnitError),
    #[error(transparent)]
    Plan(#[from] crate::plan::PlanError),
    #[error(transparent)]
    Progress(#[from] crate::progress::ProgressError),
    #[error(transparent)]
    Store(#[from] StoreError),
}
crate::impl_from_sqlite!(TaskError);

impl TaskError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            TaskError::EmptyTitle
            | TaskError::SectionNotInPlan { .. }
            | TaskError::NoUnit
            | TaskError::ExpandNeedsUnits { .. }
            | TaskError::NoTownships { .. }
            | TaskError::TooLong(_)
            | TaskError::Deadline(_) => ErrorKind::Invalid,
            TaskError::DuplicateCode { .. } => ErrorKind::Conflict,
            TaskError::NotFound(_) | TaskError::PhraseNotOnTask { .. } => ErrorKind::NotFound,
            TaskError::Unit(e) => e.kind(),
            TaskError::Plan(e) => e.kind(),
            TaskError::Progress(e) => e.kind(),
            TaskError::Store(e) => e.kind(),
        }
    }
}

const SELECT_TASK: &str = "SELECT t.id, t.plan_id, t.section_id, ifnull(s.code, ''),
        ifnull(s.title, ''), t.code, t.title, t.requirements, t.deadline_text, t.deadline,
        t.deadline_kind, t.recurrence, t.status, t.updated_at, t.status_set_at, t.status_set_after
     FROM task t LEFT JOIN section s ON s.id = t.section_id";

fn row_to_task(row: &rusqlite::Row<'_>) -> rusqlite::Result<Task> {
    let kind: String = row.get(10)?;
    let recurrence: Option<String> = row.get(11)?;
    let status: String = row.get(12)?;
    let status = Status::parse(&status).unwrap_or_default();
    let status_set_at: Option<String> = row.get(14)?;
    Ok(Task {
        id: row.get(0)?,
        plan_id: row.get(1)?,
        section_id: row.get(2)?,
        section: row.get(3)?,
        section_title: row.get(4)?,
        code: row.get(5)?,
        title: row.get(6)?,
        requirements: row.get(7)?,
        lead_units: Vec::new(),
        co_units: Vec::new(),
        responsible_units: Vec::new(),
        group_phrases: Vec::new(),
        deadline_text: row.get(8)?,
        deadline: row.get(9)?,
        deadline_kind: DeadlineKind::parse(&kind).unwrap_or(DeadlineKind::None),
        recurrence: recurrence.as_deref().and_then(Recurrence::parse),
        status,
        status_source: StatusSource::Entered,
        status_set_at: status_set_at.clone(),
        updated_at: row.get(13)?,
        stored_status: StoredStatus {
            status,
            set_at: status_set_at,
            set_after: row.get(15)?,
        },
        unit_roles: Vec::new(),
        overdue: false,
    })
}

/// One name on a task as stored: a unit (with its id) or a group phrase, at its place `seq`.
struct Named {
    task_id: i64,
    seq: i64,
    role: Role,
    name: String,
    unit_id: Option<i64>,
}

/// Fills the unit names and group phrases of `tasks`, in the order the task lists them.
fn attach_units(conn: &Connection, tasks: &mut [Task]) -> rusqlite::Result<()> {
    if tasks.is_empty() {
        return Ok(());
    }
    let index: HashMap<i64, usize> = tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let unit_row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<Named> {
        let role: String = r.get(1)?;
        Ok(Named {
            task_id: r.get(0)?,
            role: Role::parse(&role).unwrap_or(Role::Responsible),
            name: r.get(2)?,
            unit_id: Some(r.get(3)?),
            seq: r.get(4)?,
        })
    };
    let mut named: Vec<Named> = Vec::new();
    // One plan's assignments are few thousand rows; fetching them all beats one query per task.
    let plan_ids: Vec<i64> = {
        let mut v: Vec<i64> = tasks.iter().map(|t| t.plan_id).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    if tasks.len() > 50 && plan_ids.len() == 1 {
        let mut stmt = conn.prepare_cached(
            "SELECT a.task_id, a.role, u.name, u.id, a.seq FROM assignment a
             JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id
             WHERE t.plan_id = ?1",
        )?;
        for row in stmt.query_map([plan_ids[0]], unit_row)? {
            named.push(row?);
        }
        for (task_id, seq, role, name) in group_phrase::of_plan(conn, plan_ids[0])? {
            named.push(Named {
                task_id,
                seq,
                role,
                name,
                unit_id: None,
            });
        }
    } else {
        let mut stmt = conn.prepare_cached(
            "SELECT a.task_id, a.role, u.name, u.id, a.seq FROM assignment a
             JOIN unit u ON u.id = a.unit_id WHERE a.task_id = ?1",
        )?;
        for t in tasks.iter() {
            for row in stmt.query_map([t.id], unit_row)? {
                named.push(row?);
            }
            for (seq, role, name) in group_phrase::of_task(conn, t.id)? {
                named.push(Named {
                    task_id: t.id,
                    seq,
                    role,
                    name,
                    unit_id: None,
                });
            }
        }
    }
    named.sort_by_key(|n| (n.task_id, n.seq));
    for n in named {
        let Some(&i) = index.get(&n.task_id) else {
            continue;
        };
        let t = &mut tasks[i];
        match n.role {
            Role::Lead => t.lead_units.push(n.name.clone()),
            Role::Co => t.co_units.push(n.name.clone()),
            Role::Responsible => t.responsible_units.push(n.name.clone()),
        }
        match n.unit_id {
            Some(id) => t.unit_roles.push((id, n.role)),
            None => t.group_phrases.push(GroupPhrase {
                phrase: n.name,
                role: n.role,
            }),
        }
    }
    Ok(())
}

/// Escapes `%`, `_` and `\` for a LIKE pattern.
fn like_pattern(words: &str) -> String {
    let mut p = String::from("%");
    for c in words.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// How many tasks `conn` holds outside the 回收站 (also a backup file's, for 设置 → 备份).
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM task WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )
}

/// Every live task of a plan, in list order.
pub fn of_plan(db: &Db, plan_id: i64) -> Result<Vec<Task>, TaskError> {
    list(
        db,
        &TaskFilter {
            plan_id: Some(plan_id),
            ..Default::default()
        },
    )
}

/// Lists live tasks in plan order, narrowed by `filter`.
pub fn list(db: &Db, filter: &TaskFilter) -> Result<Vec<Task>, TaskError> {
    let conn = db.conn();
    let mut sql = format!("{SELECT_TASK} WHERE t.deleted_at IS NULL");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    // Each clause names its argument as `?#`, replaced by that argument's number.
    let mut add = |clause: &str, v: rusqlite::types::Value| {
        args.push(v);
        sql.push_str(&clause.replace("?#", &format!("?{}", args.len())));
    };
    if let Some(plan_id) = filter.plan_id {
        crate::plan::get(conn, plan_id)?;
        add(" AND t.plan_id = ?#", plan_id.into());
    }
    if let Some(name) = filter.unit.as_deref().filter(|n| !n.trim().is_empty()) {
        let unit_id = unit::resolve(conn, name)?;
        add(
            " AND t.id IN (SELECT task_id FROM assignment WHERE unit_id = ?#)",
            unit_id.into(),
        );
    }
    if let Some(section_id) = filter.section_id {
        add(
            " AND (t.section_id = ?# OR s.parent_id = ?#)",
            section_id.into(),
        );
    }
    if let Some(kind) = filter.deadline_kind {
        add(
            " AND t.deadline_kind = ?#",
            kind.as_str().to_string().into(),
        );
    }
    if let Some(day) = filter.due_before {
        add(
            " AND t.deadline IS NOT NULL AND t.deadline <= ?#",
            day.to_string().into(),
        );
    }
    if let Some(q) = filter
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        for word in q.split_whitespace() {
            add(
                " AND (t.code LIKE ?# ESCAPE '\\' OR t.title LIKE ?# ESCAPE '\\'
                   OR t.requirements LIKE ?# ESCAPE '\\' OR t.deadline_text LIKE ?# ESCAPE '\\'
                   OR t.id IN (SELECT a.task_id FROM assignment a JOIN unit u ON u.id = a.unit_id
                               WHERE u.name LIKE ?# ESCAPE '\\'))",
                like_pattern(word).into(),
            );
        }
    }
    sql.push_str(" ORDER BY t.plan_id, ifnull(s.seq, 0), t.seq, t.id");
    let mut stmt = conn.prepare(&sql)?;
    let mut tasks = stmt
        .query_map(params_from_iter(args.iter()), row_to_task)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    attach_units(conn, &mut tasks)?;
    crate::status::fill(conn, &mut tasks)?;
    // The status shown is worked out from the reports, so it is filtered on here.
    if let Some(status) = filter.status {
        tasks.retain(|t| t.status == status);
    }
    Ok(tasks)
}

/// [`list`] as of `today`: each task says whether it is 逾期 that day, and the filter's
/// `overdue` and `due_within_days` are applied (the window's 任务清单; `today` comes from the
/// caller, never this computer's clock).
pub fn list_on(db: &Db, filter: &TaskFilter, today: NaiveDate) -> Result<Vec<Task>, TaskError> {
    let mut tasks = list(db, filter)?;
    for t in &mut tasks {
        t.overdue = t.overdue_on(today);
    }
    if filter.overdue {
        tasks.retain(|t| t.overdue);
    }
    if let Some(days) = filter.due_within_days {
        let last = today + chrono::Duration::days(i64::from(days));
        tasks.retain(|t| {
            t.deadline_kind == DeadlineKind::Date
                && t.status != Status::Done
                && t.deadline.is_some_and(|d| d <= last)
        });
    }
    Ok(tasks)
}

/// One task by id (also a deleted one, for undo).
pub fn get(conn: &Connection, id: i64) -> Result<Task, TaskError> {
    let mut task = conn
        .query_row(&format!("{SELECT_TASK} WHERE t.id = ?1"), [id], row_to_task)
        .optional()?
        .ok_or(TaskError::NotFound(id))?;
    attach_units(conn, std::slice::from_mut(&mut task))?;
    crate::status::fill(conn, std::slice::from_mut(&mut task))?;
    Ok(task)
}

/// One task by id, refused as not found when it is in the 回收站.
pub fn get_live(conn: &Connection, id: i64) -> Result<Task, TaskError> {
    let live: Option<bool> = conn
        .query_row(
            "SELECT deleted_at IS NULL FROM task WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match live {
        Some(true) => get(conn, id),
        _ => Err(TaskError::NotFound(id)),
    }
}

/// The title of another live task (not `except`) holding 序号 `code` in the same section; an
/// empty code is never taken.
fn code_taken_by(
    conn: &Connection,
    plan_id: i64,
    section_id: Option<i64>,
    code: &str,
    except: Option<i64>,
) -> Result<Option<String>, TaskError> {
    if code.is_empty() {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            "SELECT title FROM task WHERE plan_id = ?1 AND ifnull(section_id, 0) = ifnull(?2, 0)
               AND code = ?3 AND deleted_at IS NULL AND id <> ?4",
            params![plan_id, section_id, code, except.unwrap_or(-1)],
            |r| r.get(0),
        )
        .optional()?)
}

/// A validated task input, with units resolved to ids.
struct Checked {
    title: String,
    code: String,
    requirements: String,
    deadline_text: String,
    deadline: deadline::Deadline,
    units: Vec<OnTask>,
}

/// A name on a task once checked: a directory unit, or a group phrase kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum OnTask {
    Unit(i64, Role),
    Phrase(String, Role),
}

/// Resolves the names of the three roles in order (牵头, 配合, 责任): a unit or a group phrase
/// named twice keeps its first, strongest role, so no unit is ever listed twice on a task.
fn resolve_names(
    conn: &Connection,
    roles: [(&[String], Role); 3],
) -> Result<Vec<OnTask>, TaskError> {
    let mut units: Vec<OnTask> = Vec::new();
    for (names, role) in roles {
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            let entry = match unit::find_id(conn, name)? {
                Some(id) => OnTask::Unit(id, role),
                None if group_phrase::is_group_phrase(name) => {
                    OnTask::Phrase(name.to_string(), role)
                }
                None => OnTask::Unit(unit::resolve(conn, name)?, role),
            };
            let taken = units.iter().any(|u| match (u, &entry) {
                (OnTask::Unit(a, _), OnTask::Unit(b, _)) => a == b,
                (OnTask::Phrase(a, _), OnTask::Phrase(b, _)) => a == b,
                _ => false,
            });
            if !taken {
                units.push(entry);
            }
        }
    }
    Ok(units)
}

/// Refuses texts longer than their fields allow (see [`crate::limits`]).
pub fn check_lengths(input: &TaskInput) -> Result<(), TooLong> {
    limits::check("任务名称", input.title.trim(), MAX_TITLE_CHARS)?;
    limits::check("任务序号", input.code.trim(), MAX_NAME_CHARS)?;
    limits::check("任务要求", input.requirements.trim(), MAX_CELL_CHARS)?;
    limits::check("完成时限", input.deadline_text.trim(), MAX_TITLE_CHARS)?;
    for name in input
        .lead_units
        .iter()
        .chain(&input.co_units)
        .chain(&input.responsible_units)
    {
        limits::check("单位名称", name.trim(), MAX_NAME_CHARS)?;
    }
    Ok(())
}

fn check(conn: &Connection, input: &TaskInput, except: Option<i64>) -> Result<Checked, TaskError> {
    check_lengths(input)?;
    let title = input.title.trim().to_string();
    if title.is_empty() {
        return Err(TaskError::EmptyTitle);
    }
    let plan = crate::plan::get(conn, input.plan_id)?;
    let section_label = match input.section_id {
        Some(section_id) => {
            let found: Option<(String, String)> = conn
                .query_row(
                    "SELECT code, title FROM section WHERE id = ?1 AND plan_id = ?2",
                    params![section_id, input.plan_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (code, title) = found.ok_or(TaskError::SectionNotInPlan { section_id })?;
            section_label(&code, &title)
        }
        None => "未分章节".to_string(),
    };
    let code = input.code.trim().to_string();
    if let Some(other) = code_taken_by(conn, input.plan_id, input.section_id, &code, except)? {
        return Err(TaskError::DuplicateCode {
            code,
            section: section_label,
            other,
        });
    }
    let deadline_text = input.deadline_text.trim().to_string();
    let deadline = deadline::parse(&deadline_text, plan.year)?;
    let units = resolve_names(
        conn,
        [
            (&input.lead_units, Role::Lead),
            (&input.co_units, Role::Co),
            (&input.responsible_units, Role::Responsible),
        ],
    )?;
    Ok(Checked {
        title,
        code,
        requirements: input.requirements.trim().to_string(),
        deadline_text,
        deadline,
        units,
    })
}

/// Replaces a task's units and group phrases; both share one order (`seq`).
fn write_units(conn: &Connection, task_id: i64, units: &[OnTask]) -> Result<(), TaskError> {
    conn.execute("DELETE FROM assignment WHERE task_id = ?1", [task_id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO assignment (task_id, unit_id, role, seq) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut phrases: Vec<(i64, Role, String)> = Vec::new();
    for (seq, entry) in units.iter().enumerate() {
        match entry {
            OnTask::Unit(unit_id, role) => {
                stmt.execute(params![task_id, unit_id, role.as_str(), seq as i64])?;
            }
            OnTask::Phrase(phrase, role) => phrases.push((seq as i64, *role, phrase.clone())),
        }
    }
    group_phrase::write(conn, task_id, &phrases)?;
    Ok(())
}

/// Inserts a task inside the caller's transaction; used by `add`, the sample and imports. Its
/// status is as entered (no report on a new task can be older), until a report arrives.
pub fn insert(conn: &Connection, input: &TaskInput) -> Result<i64, TaskError> {
    let c = check(conn, input, None)?;
    let now = now_string();
    conn.execute(
        "INSERT INTO task (plan_id, section_id, seq, code, title, requirements, deadline_text,
                           deadline_kind, deadline, recurrence, status, created_at, updated_at)
         VALUES (?1, ?2, (SELECT ifnull(max(seq), 0) + 1 FROM task WHERE plan_id = ?1),
                 ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            input.plan_id,
            input.section_id,
            c.code,
            c.title,
            c.requirements,
            c.deadline_text,
            c.deadline.kind.as_str(),
            c.deadline.date,
            c.deadline.recurrence.map(|r| r.as_str()),
            input.status.as_str(),
            now
        ],
    )?;
    let id = conn.last_insert_rowid();
    write_units(conn, id, &c.units)?;
    Ok(id)
}

fn to_json(task: &Task) -> Option<serde_json::Value> {
    serde_json::to_value(task).ok()
}

/// Adds a task to a plan.
pub fn add(db: &mut Db, input: &TaskInput) -> Result<Task, TaskError> {
    let tx = db.transaction()?;
    let id = insert(&tx, input)?;
    let task = get(&tx, id)?;
    audit(&tx, "task", id, "add", None, to_json(&task).as_ref())?;
    tx.commit()?;
    Ok(task)
}

/// Changes a task; its units are replaced by those given.
pub fn edit(db: &mut Db, id: i64, input: &TaskInput) -> Result<Task, TaskError> {
    let tx = db.transaction()?;
    let before = get(&tx, id)?;
    update(&tx, id, input)?;
    let after = get(&tx, id)?;
    audit_edit(&tx, "task", id, &before, &after)?;
    tx.commit()?;
    Ok(after)
}

/// Changes a task inside the caller's transaction (its plan stays); used by `edit` and imports.
pub fn update(conn: &Connection, id: i64, input: &TaskInput) -> Result<(), TaskError> {
    let plan_id: i64 = conn
        .query_row("SELECT plan_id FROM task WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(TaskError::NotFound(id))?;
    let input = TaskInput {
        plan_id,
        ..input.clone()
    };
    let c = check(conn, &input, Some(id))?;
    let now = now_string();
    conn.execute(
        "UPDATE task SET section_id = ?1, code = ?2, title = ?3, requirements = ?4,
                deadline_text = ?5, deadline_kind = ?6, deadline = ?7, recurrence = ?8,
                updated_at = ?9
         WHERE id = ?10",
        params![
            input.section_id,
            c.code,
            c.title,
            c.requirements,
            c.deadline_text,
            c.deadline.kind.as_str(),
            c.deadline.date,
            c.deadline.recurrence.map(|r| r.as_str()),
            now,
            id
        ],
    )?;
    // A status other than the one shown (from the reports, or set earlier) is set by hand now,
    // and stands until a newer report arrives; the one shown sent back unchanged changes nothing.
    if get(conn, id)?.status != input.status {
        set_status(conn, id, input.status, &now)?;
    }
    write_units(conn, id, &c.units)?;
    Ok(())
}

/// Replaces a group phrase on a task (各乡镇, 县直各有关部门) by real units, in the phrase's role
/// and place: the units named in `units`, or, when none are named and the phrase means every
/// township, every unit of kind 乡镇. A unit already on the task keeps its own role.
pub fn expand_phrase(
    db: &mut Db,
    task_id: i64,
    phrase: &str,
    units: &[String],
) -> Result<Task, TaskError> {
    let tx = db.transaction()?;
    let before = get(&tx, task_id)?;
    let phrase = phrase.trim();
    if !before.group_phrases.iter().any(|g| g.phrase == phrase) {
        let on_task: Vec<&str> = before
            .group_phrases
            .iter()
            .map(|g| g.phrase.as_str())
            .collect();
        return Err(TaskError::PhraseNotOnTask {
            task_id,
            phrase: limits::clip(phrase, MAX_NAME_CHARS),
            on_task: on_task.join("、"),
        });
    }
    let mut names: Vec<String> = Vec::new();
    for name in units.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        // Only directory units: a phrase cannot stand in for itself.
        let id = unit::resolve(&tx, name)?;
        names.push(unit::get(&tx, id)?.name);
    }
    if names.is_empty() {
        if !group_phrase::means_every_township(phrase) {
            return Err(TaskError::ExpandNeedsUnits {
                phrase: phrase.to_string(),
            });
        }
        names = unit::phrase_members(&tx, phrase)?;
        if names.is_empty() {
            return Err(TaskError::NoTownships {
                phrase: phrase.to_string(),
            });
        }
    }
    let splice = |list: &[String]| -> Vec<String> {
        list.iter()
            .flat_map(|n| {
                if n == phrase {
                    names.clone()
                } else {
                    vec![n.clone()]
                }
            })
            .collect()
    };
    let resolved = resolve_names(
        &tx,
        [
            (&splice(&before.lead_units), Role::Lead),
            (&splice(&before.co_units), Role::Co),
            (&splice(&before.responsible_units), Role::Responsible),
        ],
    )?;
    write_units(&tx, task_id, &resolved)?;
    tx.execute(
        "UPDATE task SET updated_at = ?1 WHERE id = ?2",
        params![now_string(), task_id],
    )?;
    let after = get(&tx, task_id)?;
    audit_edit(&tx, "task", task_id, &before, &after)?;
    tx.commit()?;
    Ok(after)
}

/// Sets a task's status by hand at `now`, in the caller's transaction: it stands until a report
/// imported later (see [`crate::status`]).
pub fn set_status(conn: &Connection, id: i64, status: Status, now: &str) -> Result<(), TaskError> {
    conn.execute(
        "UPDATE task SET status = ?1, status_set_at = ?2, status_set_after = ?3 WHERE id = ?4",
        params![
            status.as_str(),
            now,
            crate::progress::last_submission_id(conn)?,
            id
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn overdue_is_judged_on_the_callers_day_not_this_computers_clock(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let mut db = Db::open_in_memory()?;
        let plan_id = crate::sample::load(&mut db)?;
        let all = TaskFilter {
            plan_id: Some(plan_id),
            ..TaskFilter::default()
        };
        let dated: Vec<Task> = list(&db, &all)?
            .into_iter()
            .filter(|t| t.deadline_kind == DeadlineKind::Date && t.status != Status::Done)
            .collect();
        let first = dated
            .iter()
            .filter_map(|t| t.deadline)
            .min()
            .ok_or("the sample has no dated task left to do")?;
        // The day of the earliest deadline: nothing is overdue yet; the day after, it is.
        assert!(list_on(&db, &all, first)?.iter().all(|t| !t.overdue));
        let next = first + chrono::Duration::days(1);
        let on_next = list_on(&db, &all, next)?;
        let late: Vec<i64> = on_next.iter().filter(|t| t.overdue).map(|t| t.id).collect();
        assert!(!late.is_empty());
        assert!(on_next
            .iter()
            .filter(|t| t.overdue)
            .all(|t| t.deadline == Some(first) && t.status != Status::Done));
        // The filter keeps exactly those; ten years on, every dated task not done is overdue.
        let only = TaskFilter {
            overdue: true,
            ..all.clone()
        };
        let kept: Vec<i64> = list_on(&db, &only, next)?.iter().map(|t| t.id).collect();
        assert_eq!(kept, late);
        let later = list_on(&db, &only, day(first.year() + 10, 1, 1))?;
        assert_eq!(later.len(), dated.len());
        // 30 days ahead: the tasks due by then, overdue ones included, done ones never.
        let soon = TaskFilter {
            due_within_days: Some(30),
            ..all
        };
        let within: Vec<i64> = list_on(&db, &soon, next)?.iter().map(|t| t.id).collect();
        let want: Vec<i64> = dated
            .iter()
            .filter(|t| {
                t.deadline
                    .is_some_and(|d| d <= next + chrono::Duration::days(30))
            })
            .map(|t| t.id)
            .collect();
        assert_eq!(within, want);
        Ok(())
    }

    #[test]
    fn a_section_heading_keeps_the_mark_after_its_numeral() {
        assert_eq!(section_label("二", "重点任务"), "二、重点任务");
        assert_eq!(section_label("十二", "保障措施"), "十二、保障措施");
        assert_eq!(section_label("3", "完善制度"), "3.完善制度");
        assert_eq!(section_label("(一)", "强化法治思维"), "(一)强化法治思维");
        assert_eq!(section_label("（二）", "规范执法"), "（二）规范执法");
        assert_eq!(section_label("第一章", "总则"), "第一章总则");
        assert_eq!(section_label("二、", "重点任务"), "二、重点任务");
        assert_eq!(section_label("", "未编号的部分"), "未编号的部分");
        assert_eq!(section_label("三", ""), "三");
    }
}
