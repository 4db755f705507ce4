//! Writing tasks: checks, add, edit, the units of a 统称 phrase, and a status set by hand.

use rusqlite::{params, Connection, OptionalExtension};

use crate::assign::Role;
use crate::deadline;
use crate::group_phrase;
use crate::limits::{self, TooLong, MAX_CELL_CHARS, MAX_NAME_CHARS, MAX_TITLE_CHARS};
use crate::store::{audit, audit_edit, now_string, Db};
use crate::unit;

use super::{get, section_label, Status, Task, TaskError, TaskInput};

/// The title of another live task (not `except`) holding 序号 `code` in the same section; an
/// empty code is never taken.
pub(super) fn code_taken_by(
    conn: &Connection,
    plan_id: i64,
    section_id: Option<i64>,
    code: &str,
    except: Option<i64>,
) -> Result<Option<String>, TaskError> {
    if code.is_empty() {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            "SELECT title FROM task WHERE plan_id = ?1 AND ifnull(section_id, 0) = ifnull(?2, 0)
               AND code = ?3 AND deleted_at IS NULL AND id <> ?4",
            params![plan_id, section_id, code, except.unwrap_or(-1)],
            |r| r.get(0),
        )
        .optional()?)
}

/// A validated task input, with units resolved to ids.
struct Checked {
    title: String,
    code: String,
    requirements: String,
    deadline_text: String,
    deadline: deadline::Deadline,
    units: Vec<OnTask>,
}

/// A name on a task once checked: a directory unit, or a group phrase kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum OnTask {
    Unit(i64, Role),
    Phrase(String, Role),
}

/// Resolves the names of the three roles in order (牵头, 配合, 责任): a unit or a group phrase
/// named twice keeps its first, strongest role, so no unit is ever listed twice on a task.
fn resolve_names(
    conn: &Connection,
    roles: [(&[String], Role); 3],
) -> Result<Vec<OnTask>, TaskError> {
    let mut units: Vec<OnTask> = Vec::new();
    for (names, role) in roles {
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            let entry = match unit::find_id(conn, name)? {
                Some(id) => OnTask::Unit(id, role),
                None if group_phrase::is_group_phrase(name) => {
                    OnTask::Phrase(name.to_string(), role)
                }
                None => OnTask::Unit(unit::resolve(conn, name)?, role),
            };
            let taken = units.iter().any(|u| match (u, &entry) {
                (OnTask::Unit(a, _), OnTask::Unit(b, _)) => a == b,
                (OnTask::Phrase(a, _), OnTask::Phrase(b, _)) => a == b,
                _ => false,
            });
            if !taken {
                units.push(entry);
            }
        }
    }
    Ok(units)
}

/// Refuses texts longer than their fields allow (see [`crate::limits`]).
pub fn check_lengths(input: &TaskInput) -> Result<(), TooLong> {
    limits::check("任务名称", input.title.trim(), MAX_TITLE_CHARS)?;
    limits::check("任务序号", input.code.trim(), MAX_NAME_CHARS)?;
    limits::check("任务要求", input.requirements.trim(), MAX_CELL_CHARS)?;
    limits::check("完成时限", input.deadline_text.trim(), MAX_TITLE_CHARS)?;
    for name in input
        .lead_units
        .iter()
        .chain(&input.co_units)
        .chain(&input.responsible_units)
    {
        limits::check("单位名称", name.trim(), MAX_NAME_CHARS)?;
    }
    Ok(())
}

fn check(conn: &Connection, input: &TaskInput, except: Option<i64>) -> Result<Checked, TaskError> {
    check_lengths(input)?;
    let title = input.title.trim().to_string();
    if title.is_empty() {
        return Err(TaskError::EmptyTitle);
    }
    let plan = crate::plan::get(conn, input.plan_id)?;
    let section_label = match input.section_id {
        Some(section_id) => {
            let found: Option<(String, String)> = conn
                .query_row(
                    "SELECT code, title FROM section WHERE id = ?1 AND plan_id = ?2",
                    params![section_id, input.plan_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (code, title) = found.ok_or(TaskError::SectionNotInPlan { section_id })?;
            section_label(&code, &title)
        }
        None => "未分章节".to_string(),
    };
    let code = input.code.trim().to_string();
    if let Some(other) = code_taken_by(conn, input.plan_id, input.section_id, &code, except)? {
        return Err(TaskError::DuplicateCode {
            code,
            section: section_label,
            other,
        });
    }
    let deadline_text = input.deadline_text.trim().to_string();
    let deadline = deadline::parse(&deadline_text, plan.year)?;
    let units = resolve_names(
        conn,
        [
            (&input.lead_units, Role::Lead),
            (&input.co_units, Role::Co),
            (&input.responsible_units, Role::Responsible),
        ],
    )?;
    Ok(Checked {
        title,
        code,
        requirements: input.requirements.trim().to_string(),
        deadline_text,
        deadline,
        units,
    })
}

/// Replaces a task's units and group phrases; both share one order (`seq`).
fn write_units(conn: &Connection, task_id: i64, units: &[OnTask]) -> Result<(), TaskError> {
    let mut on_units: Vec<(i64, Role, i64)> = Vec::new();
    let mut phrases: Vec<(i64, Role, String)> = Vec::new();
    for (seq, entry) in units.iter().enumerate() {
        match entry {
            OnTask::Unit(unit_id, role) => on_units.push((*unit_id, *role, seq as i64)),
            OnTask::Phrase(phrase, role) => phrases.push((seq as i64, *role, phrase.clone())),
        }
    }
    super::assignment::write(conn, task_id, on_units)?;
    group_phrase::write(conn, task_id, &phrases)?;
    Ok(())
}

/// Inserts a task inside the caller's transaction; used by `add`, the sample and imports. Its
/// status is as entered (no report on a new task can be older), until a report arrives.
pub fn insert(conn: &Connection, input: &TaskInput) -> Result<i64, TaskError> {
    let c = check(conn, input, None)?;
    let now = now_string(conn)?;
    conn.execute(
        "INSERT INTO task (plan_id, section_id, seq, code, title, requirements, deadline_text,
                           deadline_kind, deadline, recurrence, status, created_at, updated_at)
         VALUES (?1, ?2, (SELECT ifnull(max(seq), 0) + 1 FROM task WHERE plan_id = ?1),
                 ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            input.plan_id,
            input.section_id,
            c.code,
            c.title,
            c.requirements,
            c.deadline_text,
            c.deadline.kind.as_str(),
            c.deadline.date,
            c.deadline.recurrence.map(|r| r.as_str()),
            input.status.as_str(),
            now
        ],
    )?;
    let id = conn.last_insert_rowid();
    write_units(conn, id, &c.units)?;
    Ok(id)
}

pub(super) fn to_json(task: &Task) -> Option<serde_json::Value> {
    serde_json::to_value(task).ok()
}

/// Adds a task to a plan.
pub fn add(db: &mut Db, input: &TaskInput) -> Result<Task, TaskError> {
    let tx = db.transaction()?;
    let id = insert(&tx, input)?;
    let task = get(&tx, id)?;
    audit(&tx, "task", id, "add", None, to_json(&task).as_ref())?;
    tx.commit()?;
    Ok(task)
}

/// Changes a task; its units are replaced by those given.
pub fn edit(db: &mut Db, id: i64, input: &TaskInput) -> Result<Task, TaskError> {
    let tx = db.transaction()?;
    let before = get(&tx, id)?;
    update(&tx, id, input)?;
    let after = get(&tx, id)?;
    audit_edit(&tx, "task", id, &before, &after)?;
    tx.commit()?;
    Ok(after)
}

/// Changes a task inside the caller's transaction (its plan stays); used by `edit` and imports.
pub fn update(conn: &Connection, id: i64, input: &TaskInput) -> Result<(), TaskError> {
    let plan_id: i64 = conn
        .query_row("SELECT plan_id FROM task WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(TaskError::NotFound(id))?;
    let input = TaskInput {
        plan_id,
        ..input.clone()
    };
    let c = check(conn, &input, Some(id))?;
    let now = now_string(conn)?;
    conn.execute(
        "UPDATE task SET section_id = ?1, code = ?2, title = ?3, requirements = ?4,
                deadline_text = ?5, deadline_kind = ?6, deadline = ?7, recurrence = ?8,
                updated_at = ?9
         WHERE id = ?10",
        params![
            input.section_id,
            c.code,
            c.title,
            c.requirements,
            c.deadline_text,
            c.deadline.kind.as_str(),
            c.deadline.date,
            c.deadline.recurrence.map(|r| r.as_str()),
            now,
            id
        ],
    )?;
    // A status other than the one shown (from the reports, or set earlier) is set by hand now,
    // and stands until a newer report arrives; the one shown sent back unchanged changes nothing.
    if get(conn, id)?.status != input.status {
        set_status(conn, id, input.status, &now)?;
    }
    write_units(conn, id, &c.units)?;
    Ok(())
}

/// Replaces a group phrase on a task (各乡镇, 县直各有关部门) by real units, in the phrase's role
/// and place: the units named in `units`, or, when none are named and the phrase means every
/// township, every unit of kind 乡镇. A unit already on the task keeps its own role.
pub fn expand_phrase(
    db: &mut Db,
    task_id: i64,
    phrase: &str,
    units: &[String],
) -> Result<Task, TaskError> {
    let tx = db.transaction()?;
    let before = get(&tx, task_id)?;
    let phrase = phrase.trim();
    if !before.group_phrases.iter().any(|g| g.phrase == phrase) {
        let on_task: Vec<&str> = before
            .group_phrases
            .iter()
            .map(|g| g.phrase.as_str())
            .collect();
        return Err(TaskError::PhraseNotOnTask {
            task_id,
            phrase: limits::clip(phrase, MAX_NAME_CHARS),
            on_task: on_task.join("、"),
        });
    }
    let mut names: Vec<String> = Vec::new();
    for name in units.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        // Only directory units: a phrase cannot stand in for itself.
        let id = unit::resolve(&tx, name)?;
        names.push(unit::get(&tx, id)?.name);
    }
    if names.is_empty() {
        if !group_phrase::means_every_township(phrase) {
            return Err(TaskError::ExpandNeedsUnits {
                phrase: phrase.to_string(),
            });
        }
        names = unit::phrase_members(&tx, phrase)?;
        if names.is_empty() {
            return Err(TaskError::NoTownships {
                phrase: phrase.to_string(),
            });
        }
    }
    let splice = |list: &[String]| -> Vec<String> {
        list.iter()
            .flat_map(|n| {
                if n == phrase {
                    names.clone()
                } else {
                    vec![n.clone()]
                }
            })
            .collect()
    };
    let resolved = resolve_names(
        &tx,
        [
            (&splice(&before.lead_units), Role::Lead),
            (&splice(&before.co_units), Role::Co),
            (&splice(&before.responsible_units), Role::Responsible),
        ],
    )?;
    write_units(&tx, task_id, &resolved)?;
    tx.execute(
        "UPDATE task SET updated_at = ?1 WHERE id = ?2",
        params![now_string(&tx)?, task_id],
    )?;
    let after = get(&tx, task_id)?;
    audit_edit(&tx, "task", task_id, &before, &after)?;
    tx.commit()?;
    Ok(after)
}

/// Sets a task's status by hand at `now`, in the caller's transaction: it stands until a report
/// imported later (see [`crate::status`]).
pub fn set_status(conn: &Connection, id: i64, status: Status, now: &str) -> Result<(), TaskError> {
    conn.execute(
        "UPDATE task SET status = ?1, status_set_at = ?2, status_set_after = ?3 WHERE id = ?4",
        params![
            status.as_str(),
            now,
            crate::progress::last_submission_id(conn)?,
            id
        ],
    )?;
    Ok(())
}
