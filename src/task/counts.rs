//! Tasks counted: by status, and per unit by role (the 工作台's charts).

use rusqlite::Connection;
use serde::Serialize;

use super::{Status, Task};

/// Number of tasks in one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusCount {
    pub status: Status,
    pub count: i64,
}

/// How many tasks a unit carries in each role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitLoad {
    pub unit_id: i64,
    pub unit: String,
    pub lead: i64,
    pub co: i64,
    pub responsible: i64,
    pub total: i64,
}

/// Tasks by status, every status listed (0 when none), in [`Status::ALL`] order.
pub fn status_counts(tasks: &[Task]) -> Vec<StatusCount> {
    Status::ALL
        .into_iter()
        .map(|status| StatusCount {
            status,
            count: tasks.iter().filter(|t| t.status == status).count() as i64,
        })
        .collect()
}

/// How many tasks each unit carries in a plan, the busiest first.
pub fn unit_loads(conn: &Connection, plan_id: i64) -> rusqlite::Result<Vec<UnitLoad>> {
    // A 统称 kept as a unit for its old reports is no unit that carries tasks.
    let mut stmt = conn.prepare(
        "SELECT u.id, u.name,
                sum(a.role = 'lead'), sum(a.role = 'co'), sum(a.role = 'responsible'),
                count(DISTINCT a.task_id)
         FROM assignment a
         JOIN task t ON t.id = a.task_id AND t.deleted_at IS NULL AND t.plan_id = ?1
         JOIN unit u ON u.id = a.unit_id AND u.kind <> 'group'
         GROUP BY u.id ORDER BY count(DISTINCT a.task_id) DESC, u.seq",
    )?;
    let loads = stmt
        .query_map([plan_id], |r| {
            Ok(UnitLoad {
                unit_id: r.get(0)?,
                unit: r.get(1)?,
                lead: r.get(2)?,
                co: r.get(3)?,
                responsible: r.get(4)?,
                total: r.get(5)?,
            })
        })?
        .collect();
    loads
}
