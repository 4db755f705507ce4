//! 回收站: what deleting a task takes out of the counts, and the deleted tasks and members that
//! can be restored at any time (their reports were never removed, so they count again).
//!
//! Units are not soft-deleted: [`crate::unit::delete`] refuses a unit that any task names.

use serde::Serialize;

use crate::evidence::{self, Evidence};
use crate::group::{self, Member};
use crate::progress::{self, ReportCount};
use crate::store::Db;
use crate::task::{self, Task};
use crate::Error;

/// What deleting a task affects: its reports and the units it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskImpact {
    pub task_id: i64,
    pub title: String,
    /// Reports (one unit's entry for one month) the task holds.
    pub reports: i64,
    /// Units that wrote those reports.
    pub report_units: i64,
    /// Units the task names (牵头, 配合, 责任), each once.
    pub units: i64,
    /// The sentence the CLI and the window show, e.g. 该任务已有 12 份报送、涉及 3 个单位；…
    pub message: String,
}

/// A deleted task as the 回收站 lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeletedTask {
    #[serde(flatten)]
    pub task: Task,
    /// When it was deleted (`YYYY-MM-DD HH:MM:SS`, local time).
    pub deleted_at: String,
    pub reports: i64,
    pub report_units: i64,
}

/// A deleted leadership-group member as the 回收站 lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeletedMember {
    #[serde(flatten)]
    pub member: Member,
    pub deleted_at: String,
}

/// Everything in the 回收站.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trash {
    pub tasks: Vec<DeletedTask>,
    pub members: Vec<DeletedMember>,
    /// Removed 佐证材料 (each carries its `deleted_at`).
    pub evidence: Vec<Evidence>,
}

/// The units a task names, each once.
fn named_units(t: &Task) -> i64 {
    let mut names: Vec<&String> = t
        .lead_units
        .iter()
        .chain(&t.co_units)
        .chain(&t.responsible_units)
        .collect();
    names.sort();
    names.dedup();
    names.len() as i64
}

fn impact_message(c: ReportCount, units: i64) -> String {
    let units_part = if units > 0 {
        format!("、涉及 {units} 个单位")
    } else {
        String::new()
    };
    if c.reports > 0 {
        format!(
            "该任务已有 {} 份报送（{} 个单位报送）{units_part}；删除后这些报送不再计入统计，可在回收站恢复。",
            c.reports, c.units
        )
    } else {
        format!("该任务尚无报送{units_part}；删除后可在回收站恢复。")
    }
}

/// What deleting task `id` would affect (the task may already be deleted).
pub fn task_impact(db: &Db, id: i64) -> Result<TaskImpact, Error> {
    let t = task::get(db.conn(), id)?;
    let c = progress::task_reports(db.conn(), id)?;
    let units = named_units(&t);
    Ok(TaskImpact {
        task_id: id,
        message: impact_message(c, units),
        title: t.title,
        reports: c.reports,
        report_units: c.units,
        units,
    })
}

/// Deletes task `id` to the 回收站 and says what it affected.
pub fn delete_task(db: &mut Db, id: i64) -> Result<TaskImpact, Error> {
    let impact = task_impact(db, id)?;
    task::delete(db, id)?;
    Ok(impact)
}

/// Deleted tasks with their report counts, most recently deleted first.
pub fn deleted_tasks(db: &Db) -> Result<Vec<DeletedTask>, Error> {
    let conn = db.conn();
    task::deleted(conn)?
        .into_iter()
        .map(|(task, deleted_at)| {
            let c = progress::task_reports(conn, task.id)?;
            Ok(DeletedTask {
                task,
                deleted_at,
                reports: c.reports,
                report_units: c.units,
            })
        })
        .collect()
}

/// Deleted leadership-group members, most recently deleted first.
pub fn deleted_members(db: &Db) -> Result<Vec<DeletedMember>, Error> {
    Ok(group::deleted(db.conn())?
        .into_iter()
        .map(|(member, deleted_at)| DeletedMember { member, deleted_at })
        .collect())
}

/// The whole 回收站.
pub fn list(db: &Db) -> Result<Trash, Error> {
    Ok(Trash {
        tasks: deleted_tasks(db)?,
        members: deleted_members(db)?,
        evidence: evidence::deleted(db.conn())?,
    })
}
