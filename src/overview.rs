//! 工作台 overview of a plan: tasks by status and by unit, the overdue count, the current and next
//! phase.

use chrono::NaiveDate;
use serde::Serialize;

use crate::plan::{self, Phase, Plan, PlanError};
use crate::store::Db;
use crate::task::{self, StatusCount, UnitLoad};

/// The 工作台 overview of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overview {
    pub plan: Plan,
    pub task_count: i64,
    pub by_status: Vec<StatusCount>,
    pub by_unit: Vec<UnitLoad>,
    pub current_phase: Option<Phase>,
    pub next_phase: Option<Phase>,
    /// Tasks with a dated deadline before today that are not done.
    pub overdue: i64,
}

/// The 工作台 overview: tasks by status and by unit, overdue count, current and next phase.
pub fn overview(db: &Db, plan_id: i64, today: NaiveDate) -> Result<Overview, PlanError> {
    let conn = db.conn();
    let plan = plan::get(conn, plan_id)?;
    // Counted from the status every page shows (see [`crate::status`]).
    let tasks = task::of_plan(db, plan_id).map_err(|e| PlanError::Task(Box::new(e)))?;
    let by_status = task::status_counts(&tasks);
    let task_count = by_status.iter().map(|s| s.count).sum();
    let by_unit = task::unit_loads(conn, plan_id)?;
    let overdue = tasks.iter().filter(|t| t.overdue_on(today)).count() as i64;
    let (current_phase, next_phase) = plan::phases_around(&plan.phases, today);
    Ok(Overview {
        plan,
        task_count,
        by_status,
        by_unit,
        current_phase,
        next_phase,
        overdue,
    })
}
