//! 回收站 for tasks: a task deleted is only marked, and comes back with its units and reports.

use rusqlite::{params, Connection};

use super::write::{code_taken_by, to_json};
use super::{get, Task, TaskError};
use crate::store::{audit, now_string, Db};

/// Deletes a task; [`undelete`] brings it back with its units and progress.
pub fn delete(db: &mut Db, id: i64) -> Result<(), TaskError> {
    let tx = db.transaction()?;
    let task = get(&tx, id)?;
    let n = tx.execute(
        "UPDATE task SET deleted_at = ?1 WHERE id = ?2 AND deleted_at IS NULL",
        params![now_string(&tx)?, id],
    )?;
    if n == 0 {
        return Err(TaskError::NotFound(id));
    }
    audit(&tx, "task", id, "delete", to_json(&task).as_ref(), None)?;
    tx.commit()?;
    Ok(())
}

/// Deleted tasks of every plan with the time each was deleted, most recent first (回收站).
pub fn deleted(conn: &Connection) -> Result<Vec<(Task, String)>, TaskError> {
    let mut stmt = conn.prepare(
        "SELECT id, deleted_at FROM task WHERE deleted_at IS NOT NULL
         ORDER BY deleted_at DESC, id DESC",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, at)| Ok((get(conn, id)?, at)))
        .collect()
}

/// Undoes [`delete`]; refused if another live task took the same 序号 meanwhile.
pub fn undelete(db: &mut Db, id: i64) -> Result<Task, TaskError> {
    let tx = db.transaction()?;
    let task = get(&tx, id)?;
    if let Some(other) = code_taken_by(&tx, task.plan_id, task.section_id, &task.code, Some(id))? {
        return Err(TaskError::DuplicateCode {
            code: task.code,
            section: format!("{}{}", task.section, task.section_title),
            other,
        });
    }
    tx.execute("UPDATE task SET deleted_at = NULL WHERE id = ?1", [id])?;
    audit(&tx, "task", id, "undelete", None, to_json(&task).as_ref())?;
    tx.commit()?;
    Ok(task)
}
