//! 重点任务: the task list with lead, cooperating and responsible units and deadlines.
//!
//! Here the task's types and errors; `read` lists and gets tasks with their units and shown
//! status, `write` checks and stores them, `deleted` is the 回收站, `snapshot` the before-image
//! an import's undo puts back, `counts` the 工作台's charts. The task module owns the
//! `assignment` table: other areas ask [`assignment`] for a plan's, a task's or a unit's
//! assignments.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assign::Role;
use crate::deadline::{DeadlineError, DeadlineKind, Recurrence};
use crate::error_kind::ErrorKind;
use crate::group_phrase::GroupPhrase;
use crate::limits::TooLong;
use crate::store::StoreError;
use crate::unit::UnitError;

pub mod assignment;
mod counts;
mod deleted;
mod read;
mod snapshot;
mod write;

pub use counts::{status_counts, unit_loads, StatusCount, UnitLoad};
pub use deleted::{delete, deleted, undelete};
pub use read::{count, get, get_live, list, list_on, of_plan, of_plan_as_stored};
pub use snapshot::{restore, snapshot, TaskSnapshot};
pub use write::{add, check_lengths, edit, expand_phrase, insert, set_status, update};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Db;
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
