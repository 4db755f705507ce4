//! What the departments reported: a task's progress across periods (with replaced reports kept
//! as history), the consolidated view of a period for all units with its diff against the
//! previous period, and who has reported.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::import::LedgerImportError;
use crate::plan;
pub use crate::progress::history::{Change, HistoryEntry};
pub use crate::progress::submissions::SubmissionInfo;
use crate::progress::{self, Period};
use crate::remind;
use crate::store::Db;
use crate::task::{Status, StatusSource};
use crate::text::squeeze;

/// Every report on a task, oldest period first; within a period by unit, then as received
/// (replaced reports included, marked), each compared with the unit's report before (see
/// [`progress::history::of_task`]).
pub fn task_history(db: &Db, task_id: i64) -> Result<Vec<HistoryEntry>, LedgerImportError> {
    let conn = db.conn();
    crate::task::get(conn, task_id)?;
    Ok(progress::history::of_task(conn, task_id)?)
}

/// One unit's report on a task in the consolidated view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitProgress {
    pub unit_id: i64,
    pub unit: String,
    pub text: String,
    pub status: Option<Status>,
    pub previous_text: Option<String>,
    pub previous_status: Option<Status>,
    pub change: Change,
    /// 照抄: where the text was copied from (see [`crate::copied`]).
    #[serde(default)]
    pub copied: Option<crate::copied::Copied>,
}

/// One task of the consolidated view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsolidatedTask {
    pub task_id: i64,
    pub code: String,
    pub title: String,
    pub section: String,
    /// The task's status as of the period, by the rule 任务清单 and every report use (see
    /// [`crate::status`]).
    pub status: Status,
    /// Where that status comes from.
    pub status_source: StatusSource,
    pub units: Vec<UnitProgress>,
}

/// All units' reports for a period, task by task, with the diff against the previous period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Consolidated {
    pub plan_id: i64,
    pub period: Period,
    pub previous: Period,
    pub tasks: Vec<ConsolidatedTask>,
    /// Units that reported this period.
    pub units_reported: usize,
    /// Units that must report and have not.
    pub units_missing: Vec<String>,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub missing: usize,
    /// Reports marked 照抄.
    #[serde(default)]
    pub copied: usize,
}

/// The consolidated view of `period`: every live task with each unit's current report and how
/// it changed since the previous period.
pub fn consolidated(
    db: &Db,
    plan_id: i64,
    period: Period,
) -> Result<Consolidated, LedgerImportError> {
    let (mut view, live) = unresolved(db, plan_id, period)?;
    resolve_statuses(db, plan_id, period, &live, &mut view.tasks)?;
    Ok(view)
}

/// Sets the status of `tasks` as of `period` (see [`crate::status`]), reading the reports of
/// those tasks only.
fn resolve_statuses(
    db: &Db,
    plan_id: i64,
    period: Period,
    live: &HashMap<i64, crate::task::Task>,
    tasks: &mut [ConsolidatedTask],
) -> Result<(), LedgerImportError> {
    let ids: Vec<i64> = tasks
        .iter()
        .map(|t| t.task_id)
        .filter(|id| live.contains_key(id))
        .collect();
    let reports = crate::status::Reports::as_of(db.conn(), plan_id, &ids, period)?;
    for t in tasks {
        (t.status, t.status_source) = match live.get(&t.task_id) {
            Some(task) => reports.of(task, Some(period)),
            None => (Status::default(), StatusSource::default()),
        };
    }
    Ok(())
}

/// [`consolidated`] with every task's status left at its default, and the live tasks whose
/// status [`resolve_statuses`] works out.
fn unresolved(
    db: &Db,
    plan_id: i64,
    period: Period,
) -> Result<(Consolidated, HashMap<i64, crate::task::Task>), LedgerImportError> {
    let conn = db.conn();
    plan::get(conn, plan_id)?;
    let previous = period.prev();
    let now: HashMap<(i64, i64), progress::Reported> =
        progress::reported(conn, plan_id, period, None)?
            .into_iter()
            .map(|r| ((r.task_id, r.unit_id), r))
            .collect();
    let before: HashMap<(i64, i64), progress::Reported> =
        progress::reported(conn, plan_id, previous, None)?
            .into_iter()
            .map(|r| ((r.task_id, r.unit_id), r))
            .collect();
    let names: HashMap<i64, String> = {
        let mut stmt = conn.prepare_cached("SELECT id, name FROM unit")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.code, t.title, ifnull(s.code || s.title, '')
         FROM task t LEFT JOIN section s ON s.id = t.section_id
         WHERE t.plan_id = ?1 AND t.deleted_at IS NULL ORDER BY t.seq, t.id",
    )?;
    let tasks: Vec<(i64, String, String, String)> = stmt
        .query_map([plan_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let live: HashMap<i64, crate::task::Task> = crate::task::of_plan_as_stored(db, plan_id)?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let mut out = Consolidated {
        plan_id,
        period,
        previous,
        tasks: Vec::with_capacity(tasks.len()),
        units_reported: 0,
        units_missing: Vec::new(),
        new: 0,
        changed: 0,
        unchanged: 0,
        missing: 0,
        copied: 0,
    };
    let mut copied: HashMap<(i64, i64), crate::copied::Copied> =
        crate::copied::marked(conn, plan_id, period)?
            .into_iter()
            .map(|m| ((m.task_id, m.unit_id), m.copied))
            .collect();
    // each task's units with a report this period or the previous one
    let mut units_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for (t, u) in now.keys().chain(before.keys()) {
        units_of.entry(*t).or_default().push(*u);
    }
    for (task_id, code, title, section) in tasks {
        let mut unit_ids = units_of.remove(&task_id).unwrap_or_default();
        unit_ids.sort_unstable();
        unit_ids.dedup();
        let mut units = Vec::new();
        for unit_id in unit_ids {
            let cur = now.get(&(task_id, unit_id));
            let prev = before.get(&(task_id, unit_id));
            let change = match (cur, prev) {
                (Some(_), None) => Change::New,
                (None, Some(_)) => Change::Missing,
                (Some(c), Some(p)) => {
                    if squeeze(&c.text) == squeeze(&p.text) && c.status == p.status {
                        Change::Unchanged
                    } else {
                        Change::Changed
                    }
                }
                (None, None) => continue,
            };
            match change {
                Change::New => out.new += 1,
                Change::Changed => out.changed += 1,
                Change::Unchanged => out.unchanged += 1,
                Change::Missing => out.missing += 1,
            }
            units.push(UnitProgress {
                unit_id,
                unit: names.get(&unit_id).cloned().unwrap_or_default(),
                text: cur.map(|c| c.text.clone()).unwrap_or_default(),
                status: cur.and_then(|c| c.status),
                previous_text: prev.map(|p| p.text.clone()),
                previous_status: prev.and_then(|p| p.status),
                change,
                copied: copied.remove(&(task_id, unit_id)),
            });
        }
        out.copied += units.iter().filter(|u| u.copied.is_some()).count();
        out.tasks.push(ConsolidatedTask {
            task_id,
            code,
            title,
            section,
            status: Status::default(),
            status_source: StatusSource::default(),
            units,
        });
    }
    let due = remind::due_units(db, plan_id, period)?;
    for u in progress::status(db, plan_id, period)? {
        if u.reported {
            out.units_reported += 1;
        } else if due.contains(&u.unit_id) {
            out.units_missing.push(u.unit);
        }
    }
    Ok((out, live))
}

/// Which reports of the consolidated view to show, and which page of its tasks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsolidatedQuery {
    /// Only this unit's reports.
    pub unit_id: Option<i64>,
    /// Only reports of this kind.
    pub change: Option<Change>,
    /// Only reports that say something new (新增 or 有变化).
    pub only_changed: bool,
    /// Only reports marked 照抄.
    pub only_copied: bool,
    /// The first task of the page (0-based, among the tasks the filter lets through).
    pub offset: usize,
    /// At most this many tasks (0: all).
    pub limit: usize,
}

impl ConsolidatedQuery {
    /// Whether a filter is set (then tasks left without a report are dropped).
    pub fn filtered(&self) -> bool {
        self.unit_id.is_some() || self.change.is_some() || self.only_changed || self.only_copied
    }

    fn keeps(&self, u: &UnitProgress) -> bool {
        self.unit_id.is_none_or(|id| u.unit_id == id)
            && self.change.is_none_or(|c| u.change == c)
            && (!self.only_changed || matches!(u.change, Change::New | Change::Changed))
            && (!self.only_copied || u.copied.is_some())
    }
}

/// One page of the consolidated view: the period's counts over the whole plan (as in
/// [`Consolidated`]), with only the page's tasks, and how many tasks the filter lets through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsolidatedPage {
    #[serde(flatten)]
    pub view: Consolidated,
    /// Tasks the filter lets through, on every page.
    pub total_tasks: usize,
    pub offset: usize,
}

/// The page of the consolidated view of `period` that `query` asks for: the window shows a
/// page at a time instead of every task with every unit's report.
pub fn consolidated_page(
    db: &Db,
    plan_id: i64,
    period: Period,
    query: &ConsolidatedQuery,
) -> Result<ConsolidatedPage, LedgerImportError> {
    let (mut view, live) = unresolved(db, plan_id, period)?;
    let tasks = std::mem::take(&mut view.tasks);
    let mut kept: Vec<ConsolidatedTask> = tasks
        .into_iter()
        .map(|mut t| {
            t.units.retain(|u| query.keeps(u));
            t
        })
        .filter(|t| !query.filtered() || !t.units.is_empty())
        .collect();
    let total_tasks = kept.len();
    let offset = query.offset.min(total_tasks);
    let end = match query.limit {
        0 => total_tasks,
        n => offset.saturating_add(n).min(total_tasks),
    };
    view.tasks = kept.drain(offset..end).collect();
    // Only the page's tasks: their statuses do not decide which tasks the filter keeps.
    resolve_statuses(db, plan_id, period, &live, &mut view.tasks)?;
    Ok(ConsolidatedPage {
        view,
        total_tasks,
        offset,
    })
}

/// One unit's reporting state for a period, with how much of its report is new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitStatus {
    pub unit_id: i64,
    pub unit: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub reported: bool,
    /// When the current report for the period was imported.
    pub received_at: Option<String>,
    /// The day it arrived.
    pub received_on: Option<NaiveDate>,
    /// The day the period's report is due (moved off weekends and holidays when the rule
    /// says so); `None` when the plan's rule names no day.
    pub due: Option<NaiveDate>,
    /// 按时 (true) or 迟报 (false) by [`progress::on_time`]; `None` when not reported or no due
    /// date is known.
    pub on_time: Option<bool>,
    /// Progress rows in that report.
    pub rows: i64,
    /// Rows whose text or status differs from the unit's report for the previous period.
    pub changed: i64,
}

/// Every unit that must report for `period` (see [`remind::due_units`]) or reported anyway,
/// with whether and when it reported, its rows, and the rows changed since the previous period.
pub fn period_status(
    db: &Db,
    plan_id: i64,
    period: Period,
) -> Result<Vec<UnitStatus>, LedgerImportError> {
    let conn = db.conn();
    let owed = remind::due_units(db, plan_id, period)?;
    // A unit that need not report for the period (outside the reporting window, or before it
    // joined) is listed only when it reported anyway.
    let base: Vec<progress::UnitReport> = progress::status(db, plan_id, period)?
        .into_iter()
        .filter(|u| u.reported || owed.contains(&u.unit_id))
        .collect();
    let plan = plan::get(conn, plan_id)?;
    let cal = crate::calendar::load(conn)?;
    let due = crate::remind::due_date(&plan.report_rule, period, &cal).map(|d| d.date);
    let before: HashMap<(i64, i64), progress::Reported> =
        progress::reported(conn, plan_id, period.prev(), None)?
            .into_iter()
            .map(|r| ((r.unit_id, r.task_id), r))
            .collect();
    let mut changed: HashMap<i64, i64> = HashMap::new();
    for r in progress::reported(conn, plan_id, period, None)? {
        let same = before
            .get(&(r.unit_id, r.task_id))
            .is_some_and(|p| squeeze(&p.text) == squeeze(&r.text) && p.status == r.status);
        if !same {
            *changed.entry(r.unit_id).or_insert(0) += 1;
        }
    }
    Ok(base
        .into_iter()
        .map(|u| UnitStatus {
            changed: changed.get(&u.unit_id).copied().unwrap_or(0),
            unit_id: u.unit_id,
            unit: u.unit,
            contact_name: u.contact_name,
            contact_phone: u.contact_phone,
            reported: u.reported,
            on_time: match (u.reported, u.received_on, due) {
                (true, Some(on), Some(due)) => Some(progress::on_time(on, due)),
                _ => None,
            },
            received_at: u.received_at,
            received_on: u.received_on,
            due,
            rows: u.rows,
        })
        .collect())
}

/// The submissions of a unit for a period, newest first (the current one has no `replaced_by`).
pub fn submissions(
    db: &Db,
    plan_id: i64,
    unit_id: i64,
    period: Period,
) -> Result<Vec<SubmissionInfo>, LedgerImportError> {
    Ok(progress::submissions::of_unit(
        db.conn(),
        plan_id,
        unit_id,
        period,
    )?)
}

/// The periods for which some unit has a current report on the plan, newest first (the
/// 汇总查看 page offers these).
pub fn reported_periods(db: &Db, plan_id: i64) -> Result<Vec<Period>, LedgerImportError> {
    let conn = db.conn();
    plan::get(conn, plan_id)?;
    Ok(progress::submissions::reported_periods(conn, plan_id)?)
}
