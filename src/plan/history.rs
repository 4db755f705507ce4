//! 导入记录 of plans and rosters: every import that can still be undone, newest first.
//!
//! Three records exist: a plan created from a file (`plan_import`), a task list imported into an
//! existing plan and a 领导小组名单 (both `import_batch`). Undo goes newest first — per plan
//! ([`super::import::undo`]) and for the roster ([`super::roster::undo`]) — so only the newest
//! record of each is marked undoable.

use rusqlite::Connection;
use serde::Serialize;

use super::error::PlanImportError;
use crate::store::Db;

/// What an import record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A plan created from a .docx/.txt/.xlsx file.
    Plan,
    /// A task list imported into an existing plan.
    PlanMerge,
    /// A 领导小组名单.
    Roster,
}

/// One import, as the 导入记录 page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRecord {
    pub kind: RecordKind,
    /// `plan_import.id` for [`RecordKind::Plan`], else `import_batch.id`.
    pub id: i64,
    pub plan_id: Option<i64>,
    pub plan_title: String,
    pub file_name: String,
    pub imported_at: String,
    /// Whether undo applies to this record now (it is the newest of its plan, or of the roster).
    pub can_undo: bool,
}

/// All plan and roster imports on record, newest first.
pub fn list(db: &Db) -> Result<Vec<ImportRecord>, PlanImportError> {
    let mut records = read(db.conn())?;
    records.sort_by(|a, b| {
        b.imported_at
            .cmp(&a.imported_at)
            .then_with(|| rank(b.kind).cmp(&rank(a.kind)))
            .then_with(|| b.id.cmp(&a.id))
    });
    let mut seen_plans: Vec<i64> = Vec::new();
    let mut seen_roster = false;
    for r in &mut records {
        r.can_undo = match (r.kind, r.plan_id) {
            (RecordKind::Roster, _) => !std::mem::replace(&mut seen_roster, true),
            (_, Some(plan)) if !seen_plans.contains(&plan) => {
                seen_plans.push(plan);
                true
            }
            _ => false,
        };
    }
    Ok(records)
}

/// A merge into a plan is always newer than the import that created it.
fn rank(kind: RecordKind) -> u8 {
    match kind {
        RecordKind::Plan => 0,
        RecordKind::PlanMerge | RecordKind::Roster => 1,
    }
}

fn read(conn: &Connection) -> Result<Vec<ImportRecord>, PlanImportError> {
    let mut stmt = conn.prepare(
        "SELECT 'created', i.id, i.plan_id, p.title, i.file_name, i.imported_at
           FROM plan_import i JOIN plan p ON p.id = i.plan_id
         UNION ALL
         SELECT b.kind, b.id, b.plan_id, ifnull(p.title, ''), b.file_name, b.imported_at
           FROM import_batch b LEFT JOIN plan p ON p.id = b.plan_id",
    )?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(0)?;
        Ok(ImportRecord {
            kind: match kind.as_str() {
                "created" => RecordKind::Plan,
                "roster" => RecordKind::Roster,
                _ => RecordKind::PlanMerge,
            },
            id: r.get(1)?,
            plan_id: r.get(2)?,
            plan_title: r.get(3)?,
            file_name: r.get(4)?,
            imported_at: r.get(5)?,
            can_undo: false,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
