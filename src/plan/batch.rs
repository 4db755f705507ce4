//! The record of an Excel import into existing data (`import_batch` / `import_change`): each row
//! it inserted and each row it updated, with the row as it was, so that undo is exact.

use rusqlite::{params, Connection, OptionalExtension};

use crate::store::now_string;

/// What a batch imported into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchKind {
    /// Tasks re-imported into an existing plan.
    Plan,
    /// A 领导小组名单.
    Roster,
}

impl BatchKind {
    fn as_str(self) -> &'static str {
        match self {
            BatchKind::Plan => "plan",
            BatchKind::Roster => "roster",
        }
    }
}

/// Whether a change added a row or changed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Insert,
    Update,
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub entity: String,
    pub entity_id: i64,
    pub action: Action,
    /// The row before an update, as JSON.
    pub before: Option<String>,
}

/// Starts a batch inside the caller's transaction.
pub fn begin(
    conn: &Connection,
    kind: BatchKind,
    plan_id: Option<i64>,
    file: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO import_batch (kind, plan_id, file_name, imported_at) VALUES (?1, ?2, ?3, ?4)",
        params![kind.as_str(), plan_id, file, now_string()],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Records a change of the batch.
pub fn record(
    conn: &Connection,
    batch: i64,
    entity: &str,
    entity_id: i64,
    action: Action,
    before: Option<&serde_json::Value>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO import_change (batch_id, seq, entity, entity_id, action, before)
         VALUES (?1, (SELECT ifnull(max(seq), 0) + 1 FROM import_change WHERE batch_id = ?1),
                 ?2, ?3, ?4, ?5)",
        params![
            batch,
            entity,
            entity_id,
            match action {
                Action::Insert => "insert",
                Action::Update => "update",
            },
            before.map(|b| b.to_string())
        ],
    )?;
    Ok(())
}

/// The newest batch of a kind (for a plan, that plan's), with its file name.
pub fn latest(
    conn: &Connection,
    kind: BatchKind,
    plan_id: Option<i64>,
) -> rusqlite::Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT id, file_name FROM import_batch
         WHERE kind = ?1 AND (?2 IS NULL OR plan_id = ?2) ORDER BY id DESC LIMIT 1",
        params![kind.as_str(), plan_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// A batch's changes, newest first (the order to undo them in).
pub fn changes(conn: &Connection, batch: i64) -> rusqlite::Result<Vec<Change>> {
    let mut stmt = conn.prepare(
        "SELECT entity, entity_id, action, before FROM import_change
         WHERE batch_id = ?1 ORDER BY seq DESC",
    )?;
    let rows = stmt.query_map([batch], |r| {
        let action: String = r.get(2)?;
        Ok(Change {
            entity: r.get(0)?,
            entity_id: r.get(1)?,
            action: if action == "update" {
                Action::Update
            } else {
                Action::Insert
            },
            before: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// Removes a batch and its changes (after undoing them).
pub fn forget(conn: &Connection, batch: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM import_change WHERE batch_id = ?1", [batch])?;
    conn.execute("DELETE FROM import_batch WHERE id = ?1", [batch])?;
    Ok(())
}
