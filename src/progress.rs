//! 进展情况: progress entries per task, unit and month, and who has reported for a period.
//!
//! The ledger import fills these tables (`submission`, `progress`); this module owns all their
//! SQL, and the other areas call it: [`submissions`] (current reports of a month range, a unit's
//! files for a period, counts, the undo of an imported file), [`history`] (a task's reports),
//! [`marks`] (the 照抄 markers), [`print`] (the entries' prints) and, here, writing a
//! submission and who reported ([`status_over`]).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::error_kind::ErrorKind;
pub use crate::period::{BadPeriod, Period};
use crate::store::{now_string, Db, StoreError};
use crate::task::Status;

pub mod history;
pub mod marks;
pub mod print;
pub mod submissions;

/// Errors of the progress area.
#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error(transparent)]
    BadPeriod(#[from] BadPeriod),
    #[error(transparent)]
    TooLong(#[from] crate::limits::TooLong),
    #[error(transparent)]
    Plan(#[from] crate::plan::PlanError),
    #[error(transparent)]
    Store(#[from] StoreError),
}
crate::impl_from_sqlite!(ProgressError);

impl ProgressError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ProgressError::BadPeriod(_) | ProgressError::TooLong(_) => ErrorKind::Invalid,
            ProgressError::Plan(e) => e.kind(),
            ProgressError::Store(e) => e.kind(),
        }
    }
}

/// One unit's reporting state for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitReport {
    pub unit_id: i64,
    pub unit: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// Live tasks of the plan the unit is assigned to.
    pub tasks: i64,
    pub reported: bool,
    /// When the latest report for the period was imported.
    pub received_at: Option<String>,
    /// The day that report arrived (see [`on_time`]).
    pub received_on: Option<NaiveDate>,
    /// Progress rows in that report.
    pub rows: i64,
}

/// How many reports (报送, the current ones, not those replaced by a later file) `conn` holds;
/// also a backup file's, for 设置 → 备份.
pub fn report_count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM submission WHERE replaced_by IS NULL",
        [],
        |r| r.get(0),
    )
}

/// Whether a report that arrived on `received_on` is on time for a report due on `due` (the
/// holiday-shifted due date): the one rule behind every 按时 / 迟报 the app shows or prints.
pub fn on_time(received_on: NaiveDate, due: NaiveDate) -> bool {
    received_on <= due
}

/// The day a submission arrived as stored (`YYYY-MM-DD`), else the day it was imported.
pub(crate) fn received_day(
    received_on: Option<&str>,
    received_at: Option<&str>,
) -> Option<NaiveDate> {
    let day = |t: &str| NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok();
    received_on
        .and_then(day)
        .or_else(|| received_at.and_then(day))
}

/// One progress entry to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub task_id: i64,
    pub text: String,
    pub status: Option<Status>,
}

/// Where an entry's text was copied from (照抄, decided by `crate::copied` at import), kept with
/// the entry as it is written (`progress.copied_*`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CopiedFrom {
    /// The period of the earlier text (for another unit's text: the same period).
    pub period: Period,
    pub similarity: f64,
    /// Another unit's report (`None`: the unit's own earlier report).
    pub unit_id: Option<i64>,
}

/// Where a unit's report for a period came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission<'a> {
    pub plan_id: i64,
    pub unit_id: i64,
    pub period: Period,
    pub file_name: &'a str,
    pub file_hash: &'a str,
    pub received_at: &'a str,
}

/// Records a unit's report for a period as one submission with its entries, in the caller's
/// transaction; an earlier submission for the same unit and period is marked replaced.
pub fn record_submission(
    conn: &Connection,
    sub: &Submission<'_>,
    entries: &[Entry],
) -> Result<i64, ProgressError> {
    let id = SubmissionWriter::new(conn)?.write(sub, None, entries, None)?;
    conn.prepare_cached(
        "UPDATE submission SET replaced_by = ?1
         WHERE plan_id = ?2 AND unit_id = ?3 AND period = ?4 AND id <> ?1
           AND replaced_by IS NULL",
    )?
    .execute(params![
        id,
        sub.plan_id,
        sub.unit_id,
        sub.period.to_string()
    ])?;
    Ok(id)
}

/// Writes many submissions in one transaction (a ledger import batch) with its statements
/// prepared once (and kept by the connection for the next batch): for each, the caller has
/// just read, in the same transaction, the unit's current submission for the period, and only
/// that one is marked replaced.
pub struct SubmissionWriter<'c> {
    conn: &'c Connection,
    /// Whether the entries' prints are kept (see [`print`]).
    prints: bool,
    insert: rusqlite::CachedStatement<'c>,
    replace: rusqlite::CachedStatement<'c>,
    current: rusqlite::CachedStatement<'c>,
    entry: rusqlite::CachedStatement<'c>,
    /// When the entries are recorded.
    now: String,
    /// The ids of the entries of the last submission written, in their order.
    entry_ids: Vec<i64>,
}

impl<'c> SubmissionWriter<'c> {
    /// Prepares the statements on `conn` (the caller's transaction).
    pub fn new(conn: &'c Connection) -> Result<SubmissionWriter<'c>, ProgressError> {
        Ok(SubmissionWriter {
            conn,
            prints: true,
            insert: conn.prepare_cached(INSERT_SUBMISSION)?,
            replace: conn.prepare_cached(REPLACE_KNOWN)?,
            current: conn.prepare_cached(CURRENT)?,
            entry: conn.prepare_cached(INSERT_ENTRY)?,
            now: now_string(conn)?,
            entry_ids: Vec::new(),
        })
    }

    /// Keeps no prints of the entries (the 照抄 bench's reference: an import without 照抄
    /// detection); a later comparison reads those texts instead.
    pub fn without_prints(mut self) -> SubmissionWriter<'c> {
        self.prints = false;
        self
    }

    /// The ids of the entries [`SubmissionWriter::write`] recorded last, in their order.
    pub fn entry_ids(&self) -> &[i64] {
        &self.entry_ids
    }

    /// The unit's current submission for the plan's period, read in the writer's transaction:
    /// what [`SubmissionWriter::write`] then marks replaced.
    pub fn current(
        &mut self,
        plan_id: i64,
        unit_id: i64,
        period: Period,
    ) -> Result<Option<i64>, ProgressError> {
        Ok(self
            .current
            .query_row(params![plan_id, unit_id, period.to_string()], |r| r.get(0))
            .optional()?)
    }

    /// Records `sub` with its entries; `current` (the unit's current submission for the
    /// period, read by the caller) is marked replaced. `received_on` is the day the report
    /// arrived (`None`: the day of `received_at`). Returns the new submission's id.
    pub fn write(
        &mut self,
        sub: &Submission<'_>,
        received_on: Option<NaiveDate>,
        entries: &[Entry],
        current: Option<i64>,
    ) -> Result<i64, ProgressError> {
        self.write_marked(sub, received_on, entries, &[], current)
    }

    /// [`SubmissionWriter::write`], each entry written with its 照抄 marker: `copied[i]` is the
    /// `i`-th entry's (missing at the end: none).
    pub fn write_marked(
        &mut self,
        sub: &Submission<'_>,
        received_on: Option<NaiveDate>,
        entries: &[Entry],
        copied: &[Option<CopiedFrom>],
        current: Option<i64>,
    ) -> Result<i64, ProgressError> {
        let period = sub.period.to_string();
        let id = self.insert.insert(params![
            sub.plan_id,
            sub.unit_id,
            period,
            sub.file_name,
            sub.file_hash,
            sub.received_at,
            received_on.map(|d| d.format("%Y-%m-%d").to_string())
        ])?;
        if let Some(current) = current {
            self.replace.execute(params![id, current])?;
        }
        self.entry_ids.clear();
        for (i, e) in entries.iter().enumerate() {
            crate::limits::check("进展情况", &e.text, crate::limits::MAX_CELL_CHARS)?;
            let c = copied.get(i).copied().flatten();
            let entry = self.entry.insert(params![
                e.task_id,
                sub.unit_id,
                period,
                e.text,
                e.status.map(Status::as_str),
                id,
                self.now,
                c.map(|c| c.period.to_string()),
                c.map(|c| c.similarity),
                c.and_then(|c| c.unit_id)
            ])?;
            self.entry_ids.push(entry);
        }
        if self.prints {
            let prints: Vec<print::EntryPrint> = entries
                .iter()
                .zip(&self.entry_ids)
                .filter(|(e, _)| !e.text.is_empty())
                .map(|(e, &progress_id)| print::EntryPrint {
                    task_id: e.task_id,
                    progress_id,
                    print: print::Print::of(&e.text),
                })
                .collect();
            print::write(self.conn, id, &prints)?;
        }
        Ok(id)
    }
}

const INSERT_SUBMISSION: &str =
    "INSERT INTO submission (plan_id, unit_id, period, file_name, file_hash, received_at,
                             received_on)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, substr(?6, 1, 10)))";
const REPLACE_KNOWN: &str =
    "UPDATE submission SET replaced_by = ?1 WHERE id = ?2 AND replaced_by IS NULL";
const CURRENT: &str = "SELECT id FROM submission
     WHERE plan_id = ?1 AND unit_id = ?2 AND period = ?3 AND replaced_by IS NULL
     ORDER BY id DESC LIMIT 1";
const INSERT_ENTRY: &str =
    "INSERT INTO progress (task_id, unit_id, period, text, status, source, submission_id,
                           created_at, copied_from, copied_similarity, copied_unit_id)
     VALUES (?1, ?2, ?3, ?4, ?5, 'ledger', ?6, ?7, ?8, ?9, ?10)";

/// A stored submission: whose report, for which period, and when it arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubmissionRecord {
    pub id: i64,
    pub plan_id: i64,
    pub unit_id: i64,
    pub period: Period,
    pub file_name: String,
    /// When it was imported.
    pub received_at: String,
    /// The day it arrived.
    pub received_on: Option<NaiveDate>,
}

/// The submission `id`, if there is one.
pub fn submission(conn: &Connection, id: i64) -> Result<Option<SubmissionRecord>, ProgressError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, plan_id, unit_id, period, file_name, received_at, received_on
         FROM submission WHERE id = ?1",
    )?;
    let mut rows = stmt.query([id])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let period: String = r.get(3)?;
    let received_at: String = r.get(5)?;
    let received_on: Option<String> = r.get(6)?;
    Ok(Some(SubmissionRecord {
        id: r.get(0)?,
        plan_id: r.get(1)?,
        unit_id: r.get(2)?,
        period: Period::parse(&period)?,
        file_name: r.get(4)?,
        received_on: received_day(received_on.as_deref(), Some(&received_at)),
        received_at,
    }))
}

/// Sets the day submission `id` arrived, in the caller's transaction.
pub fn set_received_on(conn: &Connection, id: i64, day: NaiveDate) -> Result<(), ProgressError> {
    conn.prepare_cached("UPDATE submission SET received_on = ?1 WHERE id = ?2")?
        .execute(params![day.format("%Y-%m-%d").to_string(), id])?;
    Ok(())
}

/// The reports a task holds: entries of submissions not replaced by a later file, and entries
/// made by hand; `units` is how many units wrote them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReportCount {
    pub reports: i64,
    pub units: i64,
}

/// How many reports task `task_id` holds, deleted or not (see [`ReportCount`]).
pub fn task_reports(conn: &Connection, task_id: i64) -> Result<ReportCount, ProgressError> {
    let mut stmt = conn.prepare_cached(
        "SELECT count(*), count(DISTINCT p.unit_id) FROM progress p
         LEFT JOIN submission s ON s.id = p.submission_id
         WHERE p.task_id = ?1 AND (p.submission_id IS NULL OR s.replaced_by IS NULL)",
    )?;
    Ok(stmt.query_row([task_id], |r| {
        Ok(ReportCount {
            reports: r.get(0)?,
            units: r.get(1)?,
        })
    })?)
}

/// One task's entry in a unit's report for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reported {
    pub unit_id: i64,
    pub task_id: i64,
    pub text: String,
    pub status: Option<Status>,
}

/// What each unit reported for `period`: the entries of its latest submission that was not
/// replaced, one per (unit, task), in unit then entry order. `unit_id` narrows to one unit.
pub fn reported(
    conn: &Connection,
    plan_id: i64,
    period: Period,
    unit_id: Option<i64>,
) -> Result<Vec<Reported>, ProgressError> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.unit_id, p.task_id, p.text, p.status
         FROM submission s JOIN progress p ON p.submission_id = s.id
         WHERE s.plan_id = ?1 AND s.period = ?2 AND s.replaced_by IS NULL
           AND (?3 IS NULL OR s.unit_id = ?3)
         ORDER BY s.unit_id, s.id, p.id",
    )?;
    let rows = stmt.query_map(params![plan_id, period.to_string(), unit_id], |r| {
        let status: Option<String> = r.get(3)?;
        Ok(Reported {
            unit_id: r.get(0)?,
            task_id: r.get(1)?,
            text: r.get(2)?,
            status: status.as_deref().and_then(Status::parse),
        })
    })?;
    // A later submission (or a later row for the same task) wins.
    let mut out: Vec<Reported> = Vec::new();
    let mut at: std::collections::HashMap<(i64, i64), usize> = std::collections::HashMap::new();
    for row in rows {
        let row = row?;
        match at.get(&(row.unit_id, row.task_id)) {
            Some(&i) => out[i] = row,
            None => {
                at.insert((row.unit_id, row.task_id), out.len());
                out.push(row);
            }
        }
    }
    Ok(out)
}

/// A unit's entry on a task in a current (not replaced) submission: what a task's status is
/// worked out from (see [`crate::status`]), and the reports show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport {
    pub task_id: i64,
    pub unit_id: i64,
    pub period: Period,
    /// The status the unit wrote; `None` when it wrote progress text only.
    pub status: Option<Status>,
    /// The submission it came in, and when that was imported.
    pub submission_id: i64,
    pub imported_at: String,
    /// What the unit wrote (as stored).
    pub text: String,
}

/// The months [`status_reports`] reads: each unit's latest report up to `since` (up to `upto`
/// when `since` is `None`), then every report after `since` up to `upto`; `upto` `None` is
/// now. Enough to answer "each unit's latest report as of month p" for any p from `since` (or
/// `upto`) on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Months {
    pub since: Option<Period>,
    pub upto: Option<Period>,
}

/// The entries with text or a status in the plan's current submissions on `task_ids` for
/// `months` (see [`Months`]), per task oldest period first, then as received, so that the
/// latest of a unit comes last.
///
/// Each unit's latest report is read from `progress_latest` (migration 0024, kept by triggers);
/// a unit whose latest is after the month asked for is looked up by index
/// (`progress_task_unit_period`, migration 0020) from that month back, so ten years of reports
/// cost what one month does. A plan's tasks are read in two statements whatever their number
/// (each statement outside a transaction costs a read lock), a few tasks one by one.
pub fn status_reports(
    conn: &Connection,
    plan_id: i64,
    task_ids: &[i64],
    months: Months,
) -> Result<Vec<StatusReport>, ProgressError> {
    const NOW: &str = "9999-12";
    /// Up to this many tasks are read one by one rather than with the whole plan.
    const FEW: usize = 20;
    // Each pair's held latest, or (after `?2`) its latest up to `?2`.
    const LATEST: &str = "SELECT q.task_id, q.unit_id, q.period, q.status, q.submission_id,
                s.received_at, q.text, q.id
         FROM task t
         JOIN progress_latest l ON l.task_id = t.id
         JOIN progress q ON q.id = CASE WHEN l.period <= ?2 THEN l.progress_id ELSE (
             SELECT e.id FROM progress e JOIN submission r ON r.id = e.submission_id
             WHERE e.task_id = l.task_id AND e.unit_id = l.unit_id AND e.period <= ?2
               AND r.plan_id = ?1 AND r.replaced_by IS NULL
               AND (e.status IS NOT NULL OR trim(e.text) <> '')
             ORDER BY e.period DESC, e.submission_id DESC, e.id DESC LIMIT 1) END
         JOIN submission s ON s.id = q.submission_id
         WHERE t.plan_id = ?1 AND s.plan_id = ?1";
    // Every entry after `?2` up to `?3`.
    const AFTER: &str = "SELECT p.task_id, p.unit_id, p.period, p.status, p.submission_id,
                s.received_at, p.text, p.id
         FROM task t
         JOIN progress p ON p.task_id = t.id
         JOIN submission s ON s.id = p.submission_id
         WHERE t.plan_id = ?1 AND p.period > ?2 AND p.period <= ?3
           AND s.plan_id = ?1 AND s.replaced_by IS NULL
           AND (p.status IS NOT NULL OR trim(p.text) <> '')";
    let base = months
        .since
        .or(months.upto)
        .map(|p| p.to_string())
        .unwrap_or_else(|| NOW.to_string());
    let upto = months.upto.map(|p| p.to_string());
    let few = task_ids.len() <= FEW;
    let one = if few { " AND t.id = ?3" } else { "" };
    let mut latest = conn.prepare_cached(&format!("{LATEST}{one}"))?;
    let one = if few { " AND t.id = ?4" } else { "" };
    let mut after = conn.prepare_cached(&format!("{AFTER}{one}"))?;
    /// A report and its row id, which orders a month's entries of one submission.
    type Read = (StatusReport, i64);
    let read = |r: &rusqlite::Row<'_>| -> Result<Read, ProgressError> {
        let period: String = r.get(2)?;
        let status: Option<String> = r.get(3)?;
        Ok((
            StatusReport {
                task_id: r.get(0)?,
                unit_id: r.get(1)?,
                period: Period::parse(&period)?,
                status: status.as_deref().and_then(Status::parse),
                submission_id: r.get(4)?,
                imported_at: r.get(5)?,
                text: r.get(6)?,
            },
            r.get(7)?,
        ))
    };
    let wanted: std::collections::HashSet<i64> = task_ids.iter().copied().collect();
    // Per task: each unit's latest, then (with `since`) the later entries.
    let mut by_task: HashMap<i64, (Vec<Read>, Vec<Read>)> = HashMap::new();
    let mut collect = |rows: &mut rusqlite::Rows<'_>, later: bool| -> Result<(), ProgressError> {
        while let Some(r) = rows.next()? {
            let (report, id) = read(r)?;
            if wanted.contains(&report.task_id) {
                let (held, after) = by_task.entry(report.task_id).or_default();
                let list = if later { after } else { held };
                list.push((report, id));
            }
        }
        Ok(())
    };
    let tasks: Vec<Option<i64>> = if few {
        let mut ids = task_ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(Some).collect()
    } else {
        vec![None]
    };
    for task in tasks {
        match task {
            Some(id) => collect(&mut latest.query(params![plan_id, base, id])?, false)?,
            None => collect(&mut latest.query(params![plan_id, base])?, false)?,
        }
        if let Some(since) = months.since {
            let (since, upto) = (since.to_string(), upto.as_deref().unwrap_or(NOW));
            match task {
                Some(id) => collect(&mut after.query(params![plan_id, since, upto, id])?, true)?,
                None => collect(&mut after.query(params![plan_id, since, upto])?, true)?,
            }
        }
    }
    let order = |(a, a_id): &Read, (b, b_id): &Read| {
        (a.period, a.submission_id, a_id).cmp(&(b.period, b.submission_id, b_id))
    };
    let mut out = Vec::new();
    for task_id in task_ids {
        if let Some((mut latest, mut later)) = by_task.remove(task_id) {
            latest.sort_by(order);
            later.sort_by(order);
            out.extend(latest.into_iter().chain(later).map(|(r, _)| r));
        }
    }
    Ok(out)
}

/// Pairs (task, unit) whose row in `progress_latest` differs from the latest current entry
/// worked out again from every report (view `progress_latest_fresh`); empty when the triggers
/// of migration 0024 kept it. For tests and checks: it reads every report.
pub fn latest_mismatches(conn: &Connection) -> Result<Vec<(i64, i64)>, ProgressError> {
    let mut stmt = conn.prepare(
        "WITH differ AS (
             SELECT * FROM progress_latest_fresh EXCEPT SELECT * FROM progress_latest
             UNION
             SELECT * FROM (SELECT * FROM progress_latest EXCEPT SELECT * FROM progress_latest_fresh))
         SELECT DISTINCT task_id, unit_id FROM differ ORDER BY task_id, unit_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The highest submission id so far (0 when none): a status set by hand now is newer than every
/// report with this id or lower.
pub fn last_submission_id(conn: &Connection) -> Result<i64, ProgressError> {
    Ok(conn
        .prepare_cached("SELECT ifnull(max(id), 0) FROM submission")?
        .query_row([], |r| r.get(0))?)
}

/// Every unit assigned to the plan's live tasks (group phrases excepted), with whether and when
/// it reported for `period` and how many rows it sent.
pub fn status(db: &Db, plan_id: i64, period: Period) -> Result<Vec<UnitReport>, ProgressError> {
    Ok(status_over(db, plan_id, period, period)?
        .pop()
        .map(|(_, units)| units)
        .unwrap_or_default())
}

/// Who reported: for each month from `from` to `to` (oldest first), every unit assigned to the
/// plan's live tasks (group phrases excepted), with whether and when it reported for the month
/// and how many rows it sent. The one answer behind the 工作台, 汇总查看, the 通报 and 催报:
/// two queries whatever the number of months (the units once, the months' submissions by
/// `submission_period`).
pub fn status_over(
    db: &Db,
    plan_id: i64,
    from: Period,
    to: Period,
) -> Result<Vec<(Period, Vec<UnitReport>)>, ProgressError> {
    months_reported(db, plan_id, from, to, true)
}

/// [`status_over`] without each report's row count (`rows` is 0): the 工作台's ten years of
/// months, which show who reported and when, never how many rows (counting them read every
/// row of every month).
pub fn reported_over(
    db: &Db,
    plan_id: i64,
    from: Period,
    to: Period,
) -> Result<Vec<(Period, Vec<UnitReport>)>, ProgressError> {
    months_reported(db, plan_id, from, to, false)
}

fn months_reported(
    db: &Db,
    plan_id: i64,
    from: Period,
    to: Period,
    count_rows: bool,
) -> Result<Vec<(Period, Vec<UnitReport>)>, ProgressError> {
    let conn = db.conn();
    crate::plan::get(conn, plan_id)?;
    let units: Vec<UnitReport> = crate::task::assignment::units_of_plan(conn, plan_id)?
        .into_iter()
        .map(|u| UnitReport {
            unit_id: u.unit_id,
            unit: u.name,
            contact_name: u.contact_name,
            contact_phone: u.contact_phone,
            tasks: u.tasks,
            reported: false,
            received_at: None,
            received_on: None,
            rows: 0,
        })
        .collect();
    // The current submission of each unit for each month (one per unit and month).
    let received: std::collections::HashMap<(Period, i64), submissions::Current> =
        submissions::current(conn, plan_id, from, to, count_rows)?
            .into_iter()
            .map(|s| ((s.period, s.unit_id), s))
            .collect();
    let mut out = Vec::new();
    let mut p = from;
    while p <= to {
        let month = units
            .iter()
            .map(|u| match received.get(&(p, u.unit_id)) {
                Some(s) => UnitReport {
                    reported: true,
                    received_on: s.received_on,
                    received_at: Some(s.received_at.clone()),
                    rows: s.rows,
                    ..u.clone()
                },
                None => u.clone(),
            })
            .collect();
        out.push((p, month));
        p = p.next();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap_or(Period {
            year: 1900,
            month: 1,
        })
    }

    fn entry(task_id: i64, text: &str, status: Option<Status>) -> Entry {
        Entry {
            task_id,
            text: text.into(),
            status,
        }
    }

    /// (unit, period, status) of what `status_reports` read for task 1.
    fn read(db: &Db, months: Months) -> Result<Vec<(i64, String, Option<Status>)>, ProgressError> {
        Ok(status_reports(db.conn(), 1, &[1], months)?
            .into_iter()
            .map(|r| (r.unit_id, r.period.to_string(), r.status))
            .collect())
    }

    #[test]
    fn each_units_latest_current_report_is_found_as_of_any_month_across_years(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let mut db = Db::open_in_memory()?;
        db.conn().execute_batch(
            "INSERT INTO plan (id, title, created_at) VALUES (1, '示例县方案', 'now');
             INSERT INTO unit (id, name) VALUES (1, '示例县司法局'), (2, '示例县人社局'),
                                                (3, '示例县应急管理局');
             INSERT INTO task (id, plan_id, seq, title, created_at, updated_at)
                 VALUES (1, 1, 1, '推进依法行政', 'now', 'now'),
                        (2, 1, 2, '组织学法考试', 'now', 'now');",
        )?;
        let tx = db.transaction()?;
        let send = |unit_id: i64, period: &str, at: &str, entries: &[Entry]| {
            let sub = Submission {
                plan_id: 1,
                unit_id,
                period: p(period),
                file_name: "台账.xlsx",
                file_hash: "",
                received_at: at,
            };
            record_submission(&tx, &sub, entries)
        };
        // 司法局: 已完成 in 2016; in May 2019 a report on the task, then a second file for May
        // 2019 without it, which replaces the first.
        send(
            1,
            "2016-03",
            "2016-04-03 09:00:00",
            &[entry(1, "已办结", Some(Status::Done))],
        )?;
        send(
            1,
            "2019-05",
            "2019-06-03 09:00:00",
            &[entry(1, "正在推进", None)],
        )?;
        send(
            1,
            "2019-05",
            "2019-06-04 09:00:00",
            &[entry(2, "基本完成", None)],
        )?;
        // 人社局: 未启动 in 2018; a blank row in 2019 says nothing.
        send(
            2,
            "2018-01",
            "2018-02-05 09:00:00",
            &[entry(1, "尚未启动", Some(Status::NotStarted))],
        )?;
        send(2, "2019-06", "2019-07-05 09:00:00", &[entry(1, "  ", None)])?;
        // 应急管理局: first report in 2021.
        send(
            3,
            "2021-01",
            "2021-02-05 09:00:00",
            &[entry(1, "基本完成", Some(Status::InProgress))],
        )?;
        tx.commit()?;

        let as_of = |m: &str| Months {
            since: None,
            upto: Some(p(m)),
        };
        assert_eq!(
            read(&db, as_of("2020-01"))?,
            vec![
                (1, "2016-03".into(), Some(Status::Done)),
                (2, "2018-01".into(), Some(Status::NotStarted))
            ]
        );
        assert_eq!(read(&db, as_of("2016-02"))?, vec![]);
        assert_eq!(
            read(&db, Months::default())?,
            vec![
                (1, "2016-03".into(), Some(Status::Done)),
                (2, "2018-01".into(), Some(Status::NotStarted)),
                (3, "2021-01".into(), Some(Status::InProgress))
            ]
        );
        // Over a range: the latest up to its first month, then every report after it.
        let over = Months {
            since: Some(p("2017-01")),
            upto: Some(p("2021-01")),
        };
        assert_eq!(
            read(&db, over)?,
            vec![
                (1, "2016-03".into(), Some(Status::Done)),
                (2, "2018-01".into(), Some(Status::NotStarted)),
                (3, "2021-01".into(), Some(Status::InProgress))
            ]
        );
        let over = Months {
            since: Some(p("2018-06")),
            upto: Some(p("2020-12")),
        };
        assert_eq!(
            read(&db, over)?,
            vec![
                (1, "2016-03".into(), Some(Status::Done)),
                (2, "2018-01".into(), Some(Status::NotStarted))
            ]
        );
        Ok(())
    }

    #[test]
    fn who_reported_is_answered_for_every_month_of_a_range_at_once(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let mut db = Db::open_in_memory()?;
        db.conn().execute_batch(
            "INSERT INTO plan (id, title, created_at) VALUES (1, '示例县方案', 'now');
             INSERT INTO unit (id, name) VALUES (1, '示例县司法局'), (2, '示例县人社局');
             INSERT INTO task (id, plan_id, seq, title, created_at, updated_at)
                 VALUES (1, 1, 1, '推进依法行政', 'now', 'now');
             INSERT INTO assignment (task_id, unit_id, role) VALUES (1, 1, 'lead'), (1, 2, 'co');",
        )?;
        let tx = db.transaction()?;
        let sub = |unit_id: i64, period: &str, at: &'static str| Submission {
            plan_id: 1,
            unit_id,
            period: p(period),
            file_name: "台账.xlsx",
            file_hash: "",
            received_at: at,
        };
        record_submission(
            &tx,
            &sub(1, "2025-08", "2025-09-04 09:00:00"),
            &[entry(1, "正在推进", None)],
        )?;
        record_submission(&tx, &sub(2, "2025-09", "2025-10-09 09:00:00"), &[])?;
        tx.commit()?;
        let months = status_over(&db, 1, p("2025-08"), p("2025-10"))?;
        type Month = (String, Vec<(i64, bool, i64)>);
        let seen: Vec<Month> = months
            .iter()
            .map(|(m, units)| {
                (
                    m.to_string(),
                    units
                        .iter()
                        .map(|u| (u.unit_id, u.reported, u.rows))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("2025-08".into(), vec![(1, true, 1), (2, false, 0)]),
                ("2025-09".into(), vec![(1, false, 0), (2, true, 0)]),
                ("2025-10".into(), vec![(1, false, 0), (2, false, 0)]),
            ]
        );
        // One month alone reads the same.
        assert_eq!(status(&db, 1, p("2025-09"))?, months[1].1);
        Ok(())
    }

    /// (task, unit, period, submission, row) held in `progress_latest`.
    type Held = (i64, i64, String, i64, i64);

    fn held(conn: &Connection) -> Result<Vec<Held>, ProgressError> {
        let mut stmt = conn.prepare(
            "SELECT task_id, unit_id, period, submission_id, progress_id FROM progress_latest
             ORDER BY task_id, unit_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    #[test]
    fn the_latest_reports_follow_every_kind_of_write() -> Result<(), Box<dyn std::error::Error>> {
        let db = Db::open_in_memory()?;
        let conn = db.conn();
        conn.execute_batch(
            "INSERT INTO plan (id, title, created_at) VALUES (1, '示例县方案', 'now'),
                                                            (2, '示例县冲刺方案', 'now');
             INSERT INTO unit (id, name) VALUES (1, '示例县司法局'), (2, '示例县人社局'),
                                                (3, '示例县应急管理局');
             INSERT INTO task (id, plan_id, seq, title, created_at, updated_at)
                 VALUES (1, 1, 1, '推进依法行政', 'now', 'now'),
                        (2, 1, 2, '组织学法考试', 'now', 'now'),
                        (3, 1, 3, '规范行政执法', 'now', 'now'),
                        (4, 2, 1, '开展普法宣传', 'now', 'now');",
        )?;
        // A fixed pseudo-random walk over every kind of write the triggers follow.
        let mut seed: u64 = 27;
        let mut next = |n: i64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as i64 % n
        };
        let texts = ["", "  ", "已召开专题会议", "基本完成"];
        let statuses = [None, Some("done"), Some("in_progress"), Some("not_started")];
        let mut most = 0;
        for step in 0..600 {
            let subs: i64 =
                conn.query_row("SELECT ifnull(max(id), 0) FROM submission", [], |r| {
                    r.get(0)
                })?;
            let rows: i64 =
                conn.query_row("SELECT ifnull(max(id), 0) FROM progress", [], |r| r.get(0))?;
            let (sub, row) = (1 + next(subs.max(1)), 1 + next(rows.max(1)));
            let period = format!("2025-0{}", 1 + next(6));
            let what = match next(10) {
                0..=3 => {
                    conn.execute(
                        "INSERT INTO submission (plan_id, unit_id, period, received_at)
                         VALUES (?1, ?2, ?3, '2025-10-08 09:00:00')",
                        params![1 + next(2), 1 + next(3), period],
                    )?;
                    let id = conn.last_insert_rowid();
                    for _ in 0..1 + next(4) {
                        conn.execute(
                            "INSERT INTO progress (task_id, unit_id, period, text, status, source,
                                                   submission_id, created_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, 'ledger', ?6, 'now')",
                            params![
                                1 + next(4),
                                1 + next(3),
                                format!("2025-0{}", 1 + next(6)),
                                texts[next(4) as usize],
                                statuses[next(4) as usize],
                                id
                            ],
                        )?;
                    }
                    "a submission with its entries"
                }
                4 => {
                    conn.execute(
                        "UPDATE submission SET replaced_by = ?1 WHERE id = ?2",
                        params![subs.max(1), sub],
                    )?;
                    "a submission replaced"
                }
                5 => {
                    conn.execute(
                        "UPDATE submission SET replaced_by = NULL WHERE id = ?1",
                        [sub],
                    )?;
                    "a submission restored"
                }
                6 => {
                    conn.execute("DELETE FROM submission WHERE id = ?1", [sub])?;
                    "a submission deleted"
                }
                7 => {
                    conn.execute(
                        "UPDATE progress SET text = ?1, status = ?2 WHERE id = ?3",
                        params![texts[next(4) as usize], statuses[next(4) as usize], row],
                    )?;
                    "an entry's text and status changed"
                }
                8 => {
                    conn.execute(
                        "UPDATE progress SET period = ?1, unit_id = ?2, task_id = ?3 WHERE id = ?4",
                        params![period, 1 + next(3), 1 + next(4), row],
                    )?;
                    "an entry moved"
                }
                _ => {
                    conn.execute("DELETE FROM progress WHERE id = ?1", [row])?;
                    "an entry deleted"
                }
            };
            let wrong = latest_mismatches(conn)?;
            assert!(wrong.is_empty(), "step {step}, {what}: {wrong:?}");
            most = most.max(held(conn)?.len());
        }
        assert!(most >= 8, "the walk held reports of most pairs: {most}");
        // A task moved to the other plan, a task and a unit deleted, a submission deleted on a
        // connection without foreign keys (its entries left behind).
        for sql in [
            "UPDATE task SET plan_id = 2 WHERE id = 3",
            "DELETE FROM task WHERE id = 1",
            "DELETE FROM unit WHERE id = 2",
            "PRAGMA foreign_keys = OFF",
            "DELETE FROM submission WHERE id IN (SELECT submission_id FROM progress_latest LIMIT 1)",
        ] {
            conn.execute_batch(sql)?;
            let wrong = latest_mismatches(conn)?;
            assert!(wrong.is_empty(), "{sql}: {wrong:?}");
        }
        assert!(!held(conn)?.is_empty());
        Ok(())
    }

    /// The migrations before 0024 (its place in `store::migration_list`).
    const BEFORE_0024: usize = 23;

    #[test]
    fn a_database_from_before_0024_gets_each_units_latest_report(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("v28.db");
        crate::store::old_database(
            &path,
            BEFORE_0024,
            true,
            "INSERT INTO plan (id, title, created_at) VALUES (1, '示例县方案', 'now'),
                                                            (2, '示例县冲刺方案', 'now');
             INSERT INTO unit (id, name) VALUES (1, '示例县司法局'), (2, '示例县人社局');
             INSERT INTO task (id, plan_id, seq, title, created_at, updated_at)
                 VALUES (1, 1, 1, '推进依法行政', 'now', 'now');
             INSERT INTO submission (id, plan_id, unit_id, period, received_at, replaced_by)
                 VALUES (1, 1, 1, '2025-08', '2025-09-03 09:00:00', NULL),
                        (2, 1, 1, '2025-09', '2025-10-03 09:00:00', NULL),
                        (3, 1, 1, '2025-10', '2025-11-03 09:00:00', 4),
                        (4, 1, 1, '2025-10', '2025-11-05 09:00:00', NULL),
                        (5, 1, 2, '2025-09', '2025-10-03 09:00:00', NULL),
                        (6, 2, 2, '2025-11', '2025-12-03 09:00:00', NULL);
             INSERT INTO progress (id, task_id, unit_id, period, text, status, source,
                                   submission_id, created_at)
                 VALUES (1, 1, 1, '2025-08', '已完成', 'done', 'ledger', 1, 'now'),
                        (2, 1, 1, '2025-09', '正在推进', NULL, 'ledger', 2, 'now'),
                        (3, 1, 1, '2025-10', '基本完成', 'done', 'ledger', 3, 'now'),
                        (4, 1, 1, '2025-10', '  ', NULL, 'ledger', 4, 'now'),
                        (5, 1, 2, '2025-09', '第一行', NULL, 'ledger', 5, 'now'),
                        (6, 1, 2, '2025-09', '第二行', NULL, 'ledger', 5, 'now'),
                        (7, 1, 2, '2025-11', '另一方案的报送', NULL, 'ledger', 6, 'now');",
        )?;
        let db = Db::open(&path)?;
        // 司法局: October's first file was replaced and the second is empty: September.
        // 人社局: the later of September's two rows; the other plan's file does not count.
        assert_eq!(
            held(db.conn())?,
            vec![
                (1, 1, "2025-09".to_string(), 2, 2),
                (1, 2, "2025-09".to_string(), 5, 6)
            ]
        );
        assert!(latest_mismatches(db.conn())?.is_empty());
        Ok(())
    }
}
