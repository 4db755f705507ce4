//! The `assignment` table: which unit leads (牵头), cooperates on (配合) or is responsible for
//! (责任) which task, in the task's order (`seq`). The task module owns it: besides the task's
//! own reads and writes (`read`, `write`, `snapshot`, `counts`), every other module asks these
//! functions. Queries that join `task` and `unit` (a plan's assignments with their units, the
//! plan's reporting units) live here too, as they are read models of assignments.

use rusqlite::{params, Connection};

use crate::assign::Role;

/// One assignment on a live task of a plan, with its unit's name, kind and place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanAssignment {
    pub task_id: i64,
    pub unit_id: i64,
    pub role: Role,
    pub unit: String,
    /// The unit's kind as stored (`department`, `township`, `group`).
    pub unit_kind: String,
    pub unit_seq: i64,
}

/// Every assignment on the plan's live tasks, by task, then in the task's order.
pub fn of_plan(conn: &Connection, plan_id: i64) -> rusqlite::Result<Vec<PlanAssignment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.task_id, a.unit_id, a.role, u.name, u.kind, u.seq
         FROM assignment a JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id
         WHERE t.plan_id = ?1 AND t.deleted_at IS NULL
         ORDER BY a.task_id, a.seq",
    )?;
    let rows = stmt.query_map([plan_id], |r| {
        let role: String = r.get(2)?;
        Ok(PlanAssignment {
            task_id: r.get(0)?,
            unit_id: r.get(1)?,
            role: Role::parse(&role).unwrap_or(Role::Responsible),
            unit: r.get(3)?,
            unit_kind: r.get(4)?,
            unit_seq: r.get(5)?,
        })
    })?;
    rows.collect()
}

/// A task's units with their roles and places (`seq`), in order.
pub fn of_task(conn: &Connection, task_id: i64) -> rusqlite::Result<Vec<(i64, Role, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT unit_id, role, seq FROM assignment WHERE task_id = ?1 ORDER BY seq",
    )?;
    let units = stmt
        .query_map([task_id], |r| {
            Ok((r.get(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<(i64, String, i64)>>>()?;
    Ok(units
        .into_iter()
        .filter_map(|(unit, role, seq)| Some((unit, Role::parse(&role)?, seq)))
        .collect())
}

/// Replaces a task's units: `(unit_id, role, seq)` each.
pub(super) fn write(
    conn: &Connection,
    task_id: i64,
    units: impl IntoIterator<Item = (i64, Role, i64)>,
) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM assignment WHERE task_id = ?1", [task_id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO assignment (task_id, unit_id, role, seq) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (unit_id, role, seq) in units {
        stmt.execute(params![task_id, unit_id, role.as_str(), seq])?;
    }
    Ok(())
}

/// The tasks a unit is on (deleted ones too): `(task_id, role, seq)` each.
pub fn of_unit(conn: &Connection, unit_id: i64) -> rusqlite::Result<Vec<(i64, Role, i64)>> {
    let mut stmt = conn.prepare("SELECT task_id, role, seq FROM assignment WHERE unit_id = ?1")?;
    let rows = stmt.query_map([unit_id], |r| {
        let role: String = r.get(1)?;
        Ok((
            r.get(0)?,
            Role::parse(&role).unwrap_or(Role::Responsible),
            r.get(2)?,
        ))
    })?;
    rows.collect()
}

/// How many assignments name the unit, on any task (those in the 回收站 too).
pub fn count_of_unit(conn: &Connection, unit_id: i64) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM assignment WHERE unit_id = ?1",
        [unit_id],
        |r| r.get(0),
    )
}

/// How many live tasks name the unit.
pub fn live_task_count(conn: &Connection, unit_id: i64) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT count(DISTINCT a.task_id) FROM assignment a JOIN task t ON t.id = a.task_id
         WHERE a.unit_id = ?1 AND t.deleted_at IS NULL",
    )?
    .query_row([unit_id], |r| r.get(0))
}

/// Removes the unit from every task it is on.
pub fn remove_unit(conn: &Connection, unit_id: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM assignment WHERE unit_id = ?1", [unit_id])?;
    Ok(())
}

/// Whether the unit is on a live task of the plan.
pub fn unit_in_plan(conn: &Connection, plan_id: i64, unit_id: i64) -> rusqlite::Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM assignment a JOIN task t ON t.id = a.task_id
         WHERE t.plan_id = ?1 AND t.deleted_at IS NULL AND a.unit_id = ?2",
        params![plan_id, unit_id],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// A unit that reports for a plan: it is on at least one live task (a 统称 kept as a unit is
/// not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanUnit {
    pub unit_id: i64,
    pub name: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// Live tasks of the plan it is on.
    pub tasks: i64,
}

/// The plan's reporting units in directory order.
pub fn units_of_plan(conn: &Connection, plan_id: i64) -> rusqlite::Result<Vec<PlanUnit>> {
    let mut stmt = conn.prepare_cached(
        "WITH units AS (
             SELECT a.unit_id, count(DISTINCT a.task_id) AS tasks
             FROM assignment a JOIN task t ON t.id = a.task_id
             WHERE t.plan_id = ?1 AND t.deleted_at IS NULL
             GROUP BY a.unit_id)
         SELECT u.id, u.name, u.contact_name, u.contact_phone, units.tasks
         FROM units JOIN unit u ON u.id = units.unit_id
         WHERE u.kind <> 'group'
         ORDER BY u.seq, u.id",
    )?;
    let rows = stmt.query_map([plan_id], |r| {
        Ok(PlanUnit {
            unit_id: r.get(0)?,
            name: r.get(1)?,
            contact_name: r.get(2)?,
            contact_phone: r.get(3)?,
            tasks: r.get(4)?,
        })
    })?;
    rows.collect()
}
