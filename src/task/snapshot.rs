//! A task as it was before an import changed it, kept in the change log so that undo puts it
//! back exactly.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::assign::Role;
use crate::group_phrase;

/// A task as it was before an import changed it, kept in the change log (as JSON) so that undo
/// puts it back exactly: its row, its units and its 统称 phrases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskSnapshot {
    pub section_id: Option<i64>,
    pub code: String,
    pub title: String,
    pub requirements: String,
    pub deadline_text: String,
    pub deadline_kind: String,
    pub deadline: Option<String>,
    pub recurrence: Option<String>,
    pub status: String,
    pub updated_at: String,
    /// (unit id, role, order).
    pub units: Vec<(i64, Role, i64)>,
    /// (phrase, role, order); snapshots taken before 统称 were kept have none.
    #[serde(default)]
    pub phrases: Vec<(String, Role, i64)>,
}

impl TaskSnapshot {
    /// Reads a snapshot back from the change log; a damaged one is an error, never a blank task.
    pub fn from_json(json: &str) -> Result<TaskSnapshot, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The snapshot as stored in the change log.
    pub fn to_json(&self) -> rusqlite::Result<String> {
        serde_json::to_string(self).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))
    }
}

/// The task as it is now, to put back with [`restore`].
pub fn snapshot(conn: &Connection, id: i64) -> rusqlite::Result<TaskSnapshot> {
    let mut snap = conn.query_row(
        "SELECT section_id, code, title, requirements, deadline_text, deadline_kind, deadline,
                recurrence, status, updated_at FROM task WHERE id = ?1",
        [id],
        |r| {
            Ok(TaskSnapshot {
                section_id: r.get(0)?,
                code: r.get(1)?,
                title: r.get(2)?,
                requirements: r.get(3)?,
                deadline_text: r.get(4)?,
                deadline_kind: r.get(5)?,
                deadline: r.get(6)?,
                recurrence: r.get(7)?,
                status: r.get(8)?,
                updated_at: r.get(9)?,
                units: Vec::new(),
                phrases: Vec::new(),
            })
        },
    )?;
    snap.units = super::assignment::of_task(conn, id)?;
    snap.phrases = group_phrase::of_task(conn, id)?
        .into_iter()
        .map(|(seq, role, phrase)| (phrase, role, seq))
        .collect();
    Ok(snap)
}

/// Puts a task back as [`snapshot`] took it: its row, its units and its 统称 phrases.
pub fn restore(conn: &Connection, id: i64, snap: &TaskSnapshot) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE task SET section_id = ?1, code = ?2, title = ?3, requirements = ?4,
                deadline_text = ?5, deadline_kind = ?6, deadline = ?7, recurrence = ?8,
                status = ?9, updated_at = ?10
         WHERE id = ?11",
        params![
            snap.section_id,
            snap.code,
            snap.title,
            snap.requirements,
            snap.deadline_text,
            snap.deadline_kind,
            snap.deadline,
            snap.recurrence,
            snap.status,
            snap.updated_at,
            id
        ],
    )?;
    super::assignment::write(conn, id, snap.units.iter().copied())?;
    let phrases: Vec<(i64, Role, String)> = snap
        .phrases
        .iter()
        .map(|(phrase, role, seq)| (*seq, *role, phrase.clone()))
        .collect();
    group_phrase::write(conn, id, &phrases)?;
    Ok(())
}
