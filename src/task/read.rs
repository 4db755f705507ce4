//! Reading tasks: one, a plan's, or a filtered list, each with its units and shown status.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params_from_iter, Connection, OptionalExtension};

use crate::assign::Role;
use crate::deadline::{DeadlineKind, Recurrence};
use crate::group_phrase::{self, GroupPhrase};
use crate::store::Db;
use crate::unit;

use super::{Status, StatusSource, StoredStatus, Task, TaskError, TaskFilter};

const SELECT_TASK: &str = "SELECT t.id, t.plan_id, t.section_id, ifnull(s.code, ''),
        ifnull(s.title, ''), t.code, t.title, t.requirements, t.deadline_text, t.deadline,
        t.deadline_kind, t.recurrence, t.status, t.updated_at, t.status_set_at, t.status_set_after
     FROM task t LEFT JOIN section s ON s.id = t.section_id";

fn row_to_task(row: &rusqlite::Row<'_>) -> rusqlite::Result<Task> {
    let kind: String = row.get(10)?;
    let recurrence: Option<String> = row.get(11)?;
    let status: String = row.get(12)?;
    let status = Status::parse(&status).unwrap_or_default();
    let status_set_at: Option<String> = row.get(14)?;
    Ok(Task {
        id: row.get(0)?,
        plan_id: row.get(1)?,
        section_id: row.get(2)?,
        section: row.get(3)?,
        section_title: row.get(4)?,
        code: row.get(5)?,
        title: row.get(6)?,
        requirements: row.get(7)?,
        lead_units: Vec::new(),
        co_units: Vec::new(),
        responsible_units: Vec::new(),
        group_phrases: Vec::new(),
        deadline_text: row.get(8)?,
        deadline: row.get(9)?,
        deadline_kind: DeadlineKind::parse(&kind).unwrap_or(DeadlineKind::None),
        recurrence: recurrence.as_deref().and_then(Recurrence::parse),
        status,
        status_source: StatusSource::Entered,
        status_set_at: status_set_at.clone(),
        updated_at: row.get(13)?,
        stored_status: StoredStatus {
            status,
            set_at: status_set_at,
            set_after: row.get(15)?,
        },
        unit_roles: Vec::new(),
        overdue: false,
    })
}

/// One name on a task as stored: a unit (with its id) or a group phrase, at its place `seq`.
struct Named {
    task_id: i64,
    seq: i64,
    role: Role,
    name: String,
    unit_id: Option<i64>,
}

/// Fills the unit names and group phrases of `tasks`, in the order the task lists them.
fn attach_units(conn: &Connection, tasks: &mut [Task]) -> rusqlite::Result<()> {
    if tasks.is_empty() {
        return Ok(());
    }
    let index: HashMap<i64, usize> = tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let unit_row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<Named> {
        let role: String = r.get(1)?;
        Ok(Named {
            task_id: r.get(0)?,
            role: Role::parse(&role).unwrap_or(Role::Responsible),
            name: r.get(2)?,
            unit_id: Some(r.get(3)?),
            seq: r.get(4)?,
        })
    };
    let mut named: Vec<Named> = Vec::new();
    // One plan's assignments are few thousand rows; fetching them all beats one query per task.
    let plan_ids: Vec<i64> = {
        let mut v: Vec<i64> = tasks.iter().map(|t| t.plan_id).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    if tasks.len() > 50 && plan_ids.len() == 1 {
        let mut stmt = conn.prepare_cached(
            "SELECT a.task_id, a.role, u.name, u.id, a.seq FROM assignment a
             JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id
             WHERE t.plan_id = ?1",
        )?;
        for row in stmt.query_map([plan_ids[0]], unit_row)? {
            named.push(row?);
        }
        for (task_id, seq, role, name) in group_phrase::of_plan(conn, plan_ids[0])? {
            named.push(Named {
                task_id,
                seq,
                role,
                name,
                unit_id: None,
            });
        }
    } else {
        let mut stmt = conn.prepare_cached(
            "SELECT a.task_id, a.role, u.name, u.id, a.seq FROM assignment a
             JOIN unit u ON u.id = a.unit_id WHERE a.task_id = ?1",
        )?;
        for t in tasks.iter() {
            for row in stmt.query_map([t.id], unit_row)? {
                named.push(row?);
            }
            for (seq, role, name) in group_phrase::of_task(conn, t.id)? {
                named.push(Named {
                    task_id: t.id,
                    seq,
                    role,
                    name,
                    unit_id: None,
                });
            }
        }
    }
    named.sort_by_key(|n| (n.task_id, n.seq));
    for n in named {
        let Some(&i) = index.get(&n.task_id) else {
            continue;
        };
        let t = &mut tasks[i];
        match n.role {
            Role::Lead => t.lead_units.push(n.name.clone()),
            Role::Co => t.co_units.push(n.name.clone()),
            Role::Responsible => t.responsible_units.push(n.name.clone()),
        }
        match n.unit_id {
            Some(id) => t.unit_roles.push((id, n.role)),
            None => t.group_phrases.push(GroupPhrase {
                phrase: n.name,
                role: n.role,
            }),
        }
    }
    Ok(())
}

/// Escapes `%`, `_` and `\` for a LIKE pattern.
fn like_pattern(words: &str) -> String {
    let mut p = String::from("%");
    for c in words.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// How many tasks `conn` holds outside the 回收站 (also a backup file's, for 设置 → 备份).
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM task WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )
}

/// Every live task of a plan, in list order.
pub fn of_plan(db: &Db, plan_id: i64) -> Result<Vec<Task>, TaskError> {
    list(
        db,
        &TaskFilter {
            plan_id: Some(plan_id),
            ..Default::default()
        },
    )
}

/// Every live task of a plan, in list order, with the status it was entered or set with, not
/// yet worked out from the reports: for the pages that work statuses out as of a month
/// themselves ([`crate::status::Reports`]), which would otherwise read each unit's latest
/// report twice.
pub fn of_plan_as_stored(db: &Db, plan_id: i64) -> Result<Vec<Task>, TaskError> {
    listed(
        db,
        &TaskFilter {
            plan_id: Some(plan_id),
            ..Default::default()
        },
    )
}

/// Lists live tasks in plan order, narrowed by `filter`.
pub fn list(db: &Db, filter: &TaskFilter) -> Result<Vec<Task>, TaskError> {
    let mut tasks = listed(db, filter)?;
    crate::status::fill(db.conn(), &mut tasks)?;
    // The status shown is worked out from the reports, so it is filtered on here.
    if let Some(status) = filter.status {
        tasks.retain(|t| t.status == status);
    }
    Ok(tasks)
}

/// The live tasks `filter` names (but for its status), with their units and stored status.
fn listed(db: &Db, filter: &TaskFilter) -> Result<Vec<Task>, TaskError> {
    let conn = db.conn();
    let mut sql = format!("{SELECT_TASK} WHERE t.deleted_at IS NULL");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    // Each clause names its argument as `?#`, replaced by that argument's number.
    let mut add = |clause: &str, v: rusqlite::types::Value| {
        args.push(v);
        sql.push_str(&clause.replace("?#", &format!("?{}", args.len())));
    };
    if let Some(plan_id) = filter.plan_id {
        crate::plan::get(conn, plan_id)?;
        add(" AND t.plan_id = ?#", plan_id.into());
    }
    if let Some(name) = filter.unit.as_deref().filter(|n| !n.trim().is_empty()) {
        let unit_id = unit::resolve(conn, name)?;
        add(
            " AND t.id IN (SELECT task_id FROM assignment WHERE unit_id = ?#)",
            unit_id.into(),
        );
    }
    if let Some(section_id) = filter.section_id {
        add(
            " AND (t.section_id = ?# OR s.parent_id = ?#)",
            section_id.into(),
        );
    }
    if let Some(kind) = filter.deadline_kind {
        add(
            " AND t.deadline_kind = ?#",
            kind.as_str().to_string().into(),
        );
    }
    if let Some(day) = filter.due_before {
        add(
            " AND t.deadline IS NOT NULL AND t.deadline <= ?#",
            day.to_string().into(),
        );
    }
    if let Some(q) = filter
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        for word in q.split_whitespace() {
            add(
                " AND (t.code LIKE ?# ESCAPE '\\' OR t.title LIKE ?# ESCAPE '\\'
                   OR t.requirements LIKE ?# ESCAPE '\\' OR t.deadline_text LIKE ?# ESCAPE '\\'
                   OR t.id IN (SELECT a.task_id FROM assignment a JOIN unit u ON u.id = a.unit_id
                               WHERE u.name LIKE ?# ESCAPE '\\'))",
                like_pattern(word).into(),
            );
        }
    }
    sql.push_str(" ORDER BY t.plan_id, ifnull(s.seq, 0), t.seq, t.id");
    let mut stmt = conn.prepare(&sql)?;
    let mut tasks = stmt
        .query_map(params_from_iter(args.iter()), row_to_task)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    attach_units(conn, &mut tasks)?;
    Ok(tasks)
}

/// [`list`] as of `today`: each task says whether it is 逾期 that day, and the filter's
/// `overdue` and `due_within_days` are applied (the window's 任务清单; `today` comes from the
/// caller, never this computer's clock).
pub fn list_on(db: &Db, filter: &TaskFilter, today: NaiveDate) -> Result<Vec<Task>, TaskError> {
    let mut tasks = list(db, filter)?;
    for t in &mut tasks {
        t.overdue = t.overdue_on(today);
    }
    if filter.overdue {
        tasks.retain(|t| t.overdue);
    }
    if let Some(days) = filter.due_within_days {
        let last = today + chrono::Duration::days(i64::from(days));
        tasks.retain(|t| {
            t.deadline_kind == DeadlineKind::Date
                && t.status != Status::Done
                && t.deadline.is_some_and(|d| d <= last)
        });
    }
    Ok(tasks)
}

/// One task by id (also a deleted one, for undo).
pub fn get(conn: &Connection, id: i64) -> Result<Task, TaskError> {
    let mut task = conn
        .query_row(&format!("{SELECT_TASK} WHERE t.id = ?1"), [id], row_to_task)
        .optional()?
        .ok_or(TaskError::NotFound(id))?;
    attach_units(conn, std::slice::from_mut(&mut task))?;
    crate::status::fill(conn, std::slice::from_mut(&mut task))?;
    Ok(task)
}

/// One task by id, refused as not found when it is in the 回收站.
pub fn get_live(conn: &Connection, id: i64) -> Result<Task, TaskError> {
    let live: Option<bool> = conn
        .query_row(
            "SELECT deleted_at IS NULL FROM task WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match live {
        Some(true) => get(conn, id),
        _ => Err(TaskError::NotFound(id)),
    }
}
