//! Importing a task list into an existing plan (`plan import FILE --plan ID`): sections are
//! matched by 序号 and title, tasks by section and 序号 (or title when there is no 序号); what
//! the file adds is added, what it changes is changed, and a file already imported changes
//! nothing and writes nothing. Each such import is recorded row by row, so that undo restores
//! the plan exactly.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;

use super::batch::{self, Action, BatchKind, Entity};
use super::draft::{DraftTask, PlanDraft};
use super::error::PlanImportError;
use super::history::UndoReport;
use crate::assign::Role;
use crate::group_phrase;
use crate::plan;
use crate::store::{audit, Db};
use crate::task::{self, Status, TaskInput, TaskSnapshot};
use crate::text::compare_key;
use crate::unit::{self, UnitInput};

/// A task the import adds or changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MergeTask {
    /// The plan's task, when it already exists.
    pub task_id: Option<i64>,
    pub code: String,
    pub title: String,
    /// What changes: 序号, 任务名称, 任务要求, 完成时限, 牵头单位, 配合单位, 责任单位.
    pub fields: Vec<String>,
}

/// What importing a draft into an existing plan changes (or, committed, changed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MergePlan {
    pub plan_id: i64,
    /// The import's record, for undo; `None` for a preview or when nothing changed.
    pub batch_id: Option<i64>,
    pub sections_added: Vec<String>,
    pub tasks_added: Vec<MergeTask>,
    pub tasks_changed: Vec<MergeTask>,
    pub tasks_unchanged: usize,
    /// Tasks of the plan the file does not list; they are left as they are.
    pub tasks_not_in_file: Vec<MergeTask>,
    pub units_added: Vec<String>,
}

impl MergePlan {
    /// Whether the import changes anything.
    pub fn is_empty(&self) -> bool {
        self.sections_added.is_empty()
            && self.tasks_added.is_empty()
            && self.tasks_changed.is_empty()
            && self.units_added.is_empty()
    }
}

/// A live task of the plan as stored.
struct Stored {
    id: i64,
    section_id: Option<i64>,
    code: String,
    title: String,
    requirements: String,
    deadline_text: String,
    /// The task's units and group phrases with their roles, in order.
    units: Vec<(OnTask, String)>,
}

/// A name on a task: a directory unit, a group phrase (kept as text) or a unit not yet added.
#[derive(Debug, Clone, PartialEq, Eq)]
enum OnTask {
    Unit(i64),
    Phrase(String),
    New(String),
}

fn stored_tasks(conn: &Connection, plan_id: i64) -> rusqlite::Result<Vec<Stored>> {
    let mut stmt = conn.prepare(
        "SELECT id, section_id, code, title, requirements, deadline_text FROM task
         WHERE plan_id = ?1 AND deleted_at IS NULL ORDER BY seq, id",
    )?;
    let rows = stmt.query_map([plan_id], |r| {
        Ok(Stored {
            id: r.get(0)?,
            section_id: r.get(1)?,
            code: r.get(2)?,
            title: r.get(3)?,
            requirements: r.get(4)?,
            deadline_text: r.get(5)?,
            units: Vec::new(),
        })
    })?;
    let mut tasks = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    for t in &mut tasks {
        // Units and phrases share one order (`seq`); a unit comes first on a tie.
        let mut named: Vec<(i64, OnTask, String)> = task::assignment::of_task(conn, t.id)?
            .into_iter()
            .map(|(unit, role, seq)| (seq, OnTask::Unit(unit), role.as_str().to_string()))
            .collect();
        for (seq, role, phrase) in group_phrase::of_task(conn, t.id)? {
            named.push((seq, OnTask::Phrase(phrase), role.as_str().to_string()));
        }
        named.sort_by_key(|(seq, _, _)| *seq);
        t.units = named.into_iter().map(|(_, on, role)| (on, role)).collect();
    }
    Ok(tasks)
}

/// The units a draft task names, by role, resolved to directory ids, group phrases or units not
/// there yet, in the order a task stores them: each once, in its first (strongest) role.
fn wanted_units(t: &DraftTask, ids: &HashMap<String, Option<i64>>) -> Vec<(OnTask, String)> {
    let mut out: Vec<(OnTask, String)> = Vec::new();
    for (names, role) in [
        (&t.lead, Role::Lead),
        (&t.co, Role::Co),
        (&t.responsible, Role::Responsible),
    ] {
        for n in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            let on = match ids.get(n).copied().flatten() {
                Some(id) => OnTask::Unit(id),
                None if group_phrase::is_group_phrase(n) => OnTask::Phrase(n.to_string()),
                None => OnTask::New(n.to_string()),
            };
            if !out.iter().any(|(o, _)| *o == on) {
                out.push((on, role.as_str().to_string()));
            }
        }
    }
    out
}

fn changed_fields(s: &Stored, t: &DraftTask, wanted: &[(OnTask, String)]) -> Vec<String> {
    let mut fields = Vec::new();
    let mut differ = |label: &str, a: &str, b: &str| {
        if a.trim() != b.trim() {
            fields.push(label.to_string());
        }
    };
    differ("序号", &s.code, &t.code);
    differ("任务名称", &s.title, &t.title);
    differ("任务要求", &s.requirements, &t.requirements);
    differ("完成时限", &s.deadline_text, &t.deadline_text);
    for (role, label) in [
        (Role::Lead, "牵头单位"),
        (Role::Co, "配合单位"),
        (Role::Responsible, "责任单位"),
    ] {
        let of_role = |units: &[(OnTask, String)]| -> Vec<OnTask> {
            units
                .iter()
                .filter(|(_, r)| r == role.as_str())
                .map(|(on, _)| on.clone())
                .collect()
        };
        let have = of_role(&s.units);
        let want = of_role(wanted);
        if have != want {
            fields.push(label.to_string());
        }
    }
    fields
}

/// Works out (and with a batch, writes) what importing `draft` into the plan changes.
fn merge(
    conn: &Connection,
    plan_id: i64,
    draft: &PlanDraft,
    batch: Option<i64>,
) -> Result<MergePlan, PlanImportError> {
    plan::get(conn, plan_id)?;
    let mut out = MergePlan {
        plan_id,
        batch_id: batch,
        ..MergePlan::default()
    };
    // Units: the clerk's choice, else the directory, else new.
    let chosen: HashMap<&str, i64> = draft
        .units
        .iter()
        .filter_map(|u| u.unit_id.map(|id| (u.name.as_str(), id)))
        .collect();
    let mut ids: HashMap<String, Option<i64>> = HashMap::new();
    for name in draft.unit_names() {
        let mut id = match chosen.get(name.as_str()) {
            Some(id) => Some(*id),
            None => unit::find_id(conn, &name)?,
        };
        // A group phrase stays the task's text: it is never added as a unit.
        if id.is_none() && !group_phrase::is_group_phrase(&name) {
            out.units_added.push(name.clone());
            if let Some(batch) = batch {
                let kind = draft
                    .units
                    .iter()
                    .find(|u| u.name == name)
                    .map(|u| u.kind)
                    .unwrap_or_default();
                let new = unit::insert(
                    conn,
                    &UnitInput {
                        name: name.clone(),
                        kind,
                        ..UnitInput::default()
                    },
                )?;
                batch::record(conn, batch, Entity::Unit, new, Action::Insert, None)?;
                id = Some(new);
            }
        }
        ids.insert(name, id);
    }
    // Sections: by 序号 and title, else by title.
    let existing: Vec<(i64, String, String)> = {
        let mut stmt = conn
            .prepare("SELECT id, code, title FROM section WHERE plan_id = ?1 ORDER BY seq, id")?;
        let rows = stmt.query_map([plan_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut sections: HashMap<&str, Option<i64>> = HashMap::new();
    let mut new_sections: Vec<&str> = Vec::new();
    for s in &draft.sections {
        let found = existing
            .iter()
            .find(|(_, code, title)| {
                compare_key(code) == compare_key(&s.code)
                    && compare_key(title) == compare_key(&s.title)
            })
            .or_else(|| {
                existing.iter().find(|(_, _, title)| {
                    !s.title.is_empty() && compare_key(title) == compare_key(&s.title)
                })
            })
            .map(|(id, _, _)| *id);
        let id = match found {
            Some(id) => Some(id),
            None => {
                out.sections_added
                    .push(crate::task::section_label(&s.code, &s.title));
                new_sections.push(&s.key);
                match batch {
                    Some(batch) => {
                        let parent = s
                            .parent
                            .as_deref()
                            .and_then(|p| sections.get(p).copied().flatten());
                        let id = plan::insert_section(conn, plan_id, parent, &s.code, &s.title)?;
                        batch::record(conn, batch, Entity::Section, id, Action::Insert, None)?;
                        Some(id)
                    }
                    None => None,
                }
            }
        };
        sections.insert(&s.key, id);
    }
    // Tasks: by section and 序号, else by section and title.
    let stored = stored_tasks(conn, plan_id)?;
    let mut matched: Vec<i64> = Vec::new();
    for t in &draft.tasks {
        let section_key = t.section.as_deref();
        let in_new_section = section_key.is_some_and(|k| new_sections.contains(&k));
        let section_id = section_key.and_then(|k| sections.get(k).copied().flatten());
        let candidates = || {
            stored.iter().filter(|s| {
                !in_new_section && s.section_id == section_id && !matched.contains(&s.id)
            })
        };
        let found = candidates()
            .find(|s| !t.code.trim().is_empty() && compare_key(&s.code) == compare_key(&t.code))
            .or_else(|| candidates().find(|s| compare_key(&s.title) == compare_key(&t.title)));
        let wanted = wanted_units(t, &ids);
        let input = |status: Status| TaskInput {
            plan_id,
            section_id,
            code: t.code.clone(),
            title: t.title.clone(),
            requirements: t.requirements.clone(),
            deadline_text: t.deadline_text.clone(),
            status,
            lead_units: t.lead.clone(),
            co_units: t.co.clone(),
            responsible_units: t.responsible.clone(),
        };
        match found {
            Some(s) => {
                matched.push(s.id);
                let fields = changed_fields(s, t, &wanted);
                if fields.is_empty() {
                    out.tasks_unchanged += 1;
                    continue;
                }
                if let Some(batch) = batch {
                    let before = task::snapshot(conn, s.id)?.to_json()?;
                    // The status shown (from the reports, or set by hand) stays as it is.
                    let status = task::get(conn, s.id)?.status;
                    task::update(conn, s.id, &input(status))?;
                    batch::record(
                        conn,
                        batch,
                        Entity::Task,
                        s.id,
                        Action::Update,
                        Some(&before),
                    )?;
                }
                out.tasks_changed.push(MergeTask {
                    task_id: Some(s.id),
                    code: t.code.clone(),
                    title: t.title.clone(),
                    fields,
                });
            }
            None => {
                let mut task_id = None;
                if let Some(batch) = batch {
                    let id = task::insert(conn, &input(Status::default()))?;
                    batch::record(conn, batch, Entity::Task, id, Action::Insert, None)?;
                    task_id = Some(id);
                }
                out.tasks_added.push(MergeTask {
                    task_id,
                    code: t.code.clone(),
                    title: t.title.clone(),
                    fields: Vec::new(),
                });
            }
        }
    }
    out.tasks_not_in_file = stored
        .iter()
        .filter(|s| !matched.contains(&s.id))
        .map(|s| MergeTask {
            task_id: Some(s.id),
            code: s.code.clone(),
            title: s.title.clone(),
            fields: Vec::new(),
        })
        .collect();
    Ok(out)
}

/// What importing the draft into the plan would change. Writes nothing.
pub fn preview(
    conn: &Connection,
    plan_id: i64,
    draft: &PlanDraft,
) -> Result<MergePlan, PlanImportError> {
    merge(conn, plan_id, draft, None)
}

/// Imports the (edited) draft into an existing plan in one transaction. When the plan already
/// holds everything the draft says, nothing is written and `batch_id` is `None`.
pub fn commit_into(
    db: &mut Db,
    plan_id: i64,
    draft: &PlanDraft,
) -> Result<MergePlan, PlanImportError> {
    if draft.tasks.is_empty() {
        return Err(PlanImportError::NoTasks {
            file: draft.source.clone(),
        });
    }
    let tx = db.transaction()?;
    let dry = merge(&tx, plan_id, draft, None)?;
    if dry.is_empty() {
        return Ok(dry);
    }
    let batch = batch::begin(&tx, BatchKind::Plan, Some(plan_id), &draft.source)?;
    let done = merge(&tx, plan_id, draft, Some(batch))?;
    audit(
        &tx,
        "plan",
        plan_id,
        "import_into",
        None,
        Some(&serde_json::json!({
            "file": draft.source,
            "batch": batch,
            "tasks_added": done.tasks_added.len(),
            "tasks_changed": done.tasks_changed.len(),
            "sections_added": done.sections_added.len(),
            "units_added": done.units_added,
        })),
    )?;
    tx.commit()?;
    Ok(done)
}

/// Undoes the newest import into the plan, if there is one, inside the caller's transaction.
pub(crate) fn undo_latest(
    tx: &rusqlite::Transaction<'_>,
    plan_id: i64,
    title: &str,
) -> Result<Option<UndoReport>, PlanImportError> {
    let Some((batch, _file)) = batch::latest(tx, BatchKind::Plan, Some(plan_id))? else {
        return Ok(None);
    };
    let changes = batch::changes(tx, batch)?;
    let inserted = |entity: Entity| -> Vec<i64> {
        changes
            .iter()
            .filter(|c| c.entity == entity && c.action == Action::Insert)
            .map(|c| c.entity_id)
            .collect()
    };
    let mut reports = 0i64;
    for id in inserted(Entity::Task) {
        reports += crate::progress::submissions::entries_of_task(tx, id)?;
    }
    if reports > 0 {
        return Err(PlanImportError::HasReports {
            title: title.to_string(),
            reports,
        });
    }
    let mut report = UndoReport {
        plan_id,
        title: title.to_string(),
        tasks: 0,
        units_removed: Vec::new(),
        units_kept: Vec::new(),
        members_removed: 0,
        plan_removed: false,
        tasks_restored: 0,
    };
    for c in &changes {
        match (c.entity, c.action) {
            (Entity::Task, Action::Insert) => {
                report.tasks += tx.execute("DELETE FROM task WHERE id = ?1", [c.entity_id])? as i64;
            }
            (Entity::Task, Action::Update) => {
                let before = c
                    .before_as(TaskSnapshot::from_json)
                    .map_err(|why| PlanImportError::damaged(c, why))?;
                task::restore(tx, c.entity_id, &before)?;
                report.tasks_restored += 1;
            }
            (Entity::Section, _) => {
                tx.execute("DELETE FROM section WHERE id = ?1", [c.entity_id])?;
            }
            (Entity::Unit, _) => {
                let name: String =
                    tx.query_row("SELECT name FROM unit WHERE id = ?1", [c.entity_id], |r| {
                        r.get(0)
                    })?;
                let used = task::assignment::count_of_unit(tx, c.entity_id)?;
                if used > 0 {
                    report.units_kept.push(name);
                } else {
                    tx.execute("DELETE FROM unit WHERE id = ?1", [c.entity_id])?;
                    report.units_removed.push(name);
                }
            }
            // An import into a plan adds or changes no group member.
            (Entity::GroupMember, _) => {
                return Err(PlanImportError::damaged(c, "方案的导入记录中不应有这一项"));
            }
        }
    }
    batch::forget(tx, batch)?;
    audit(
        tx,
        "plan",
        plan_id,
        "undo_import_into",
        None,
        Some(&serde_json::json!({ "batch": batch })),
    )?;
    Ok(Some(report))
}
