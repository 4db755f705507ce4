//! Reading and removing submissions for the other areas: the current ones of a month range,
//! a unit's files for a period, the months reported, what a unit, task or plan has reported,
//! and the undo of an imported file.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::{received_day, Period, ProgressError};

/// A unit's current (not replaced) submission for a month, with its entry count (0 when not
/// counted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    pub id: i64,
    pub unit_id: i64,
    pub period: Period,
    pub file_name: String,
    /// When it was imported, and the day it arrived.
    pub received_at: String,
    pub received_on: Option<NaiveDate>,
    pub rows: i64,
}

/// The plan's current submissions for the months `from..=to`, by month, then as received;
/// `count_rows` counts each one's entries (which reads every entry of every month).
pub fn current(
    conn: &Connection,
    plan_id: i64,
    from: Period,
    to: Period,
    count_rows: bool,
) -> Result<Vec<Current>, ProgressError> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.unit_id, s.period, s.file_name, s.received_at, s.received_on,
                CASE WHEN ?4 THEN (SELECT count(*) FROM progress p WHERE p.submission_id = s.id)
                     ELSE 0 END
         FROM submission s
         WHERE s.plan_id = ?1 AND s.period >= ?2 AND s.period <= ?3 AND s.replaced_by IS NULL
         ORDER BY s.period, s.id",
    )?;
    let mut rows = stmt.query(params![
        plan_id,
        from.to_string(),
        to.to_string(),
        count_rows
    ])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let period: String = r.get(2)?;
        let received_at: String = r.get(4)?;
        let received_on: Option<String> = r.get(5)?;
        out.push(Current {
            id: r.get(0)?,
            unit_id: r.get(1)?,
            period: Period::parse(&period)?,
            file_name: r.get(3)?,
            received_on: received_day(received_on.as_deref(), Some(&received_at)),
            received_at,
            rows: r.get(6)?,
        });
    }
    Ok(out)
}

/// Submissions of a unit for a period, newest first, the current one and those it replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionInfo {
    pub id: i64,
    pub file_name: String,
    /// When it was imported, and the day it arrived.
    pub received_at: String,
    pub received_on: Option<NaiveDate>,
    pub rows: i64,
    pub replaced_by: Option<i64>,
}

/// The submissions of a unit for a period, newest first (the current one has no `replaced_by`).
pub fn of_unit(
    conn: &Connection,
    plan_id: i64,
    unit_id: i64,
    period: Period,
) -> Result<Vec<SubmissionInfo>, ProgressError> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.file_name, s.received_at,
                (SELECT count(*) FROM progress p WHERE p.submission_id = s.id), s.replaced_by,
                s.received_on
         FROM submission s WHERE s.plan_id = ?1 AND s.unit_id = ?2 AND s.period = ?3
         ORDER BY s.id DESC",
    )?;
    let rows = stmt.query_map(params![plan_id, unit_id, period.to_string()], |r| {
        let received_at: String = r.get(2)?;
        let received_on: Option<String> = r.get(5)?;
        Ok(SubmissionInfo {
            id: r.get(0)?,
            file_name: r.get(1)?,
            received_on: received_day(received_on.as_deref(), Some(&received_at)),
            received_at,
            rows: r.get(3)?,
            replaced_by: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The periods for which some unit has a current report on the plan, newest first.
pub fn reported_periods(conn: &Connection, plan_id: i64) -> Result<Vec<Period>, ProgressError> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT period FROM submission
         WHERE plan_id = ?1 AND replaced_by IS NULL ORDER BY period DESC",
    )?;
    let rows = stmt.query_map([plan_id], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(Period::parse(&row?)?);
    }
    Ok(out)
}

/// How an imported file's submission stands: replaced by a later file or not, and when it
/// arrived. `None` when the submission is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    pub superseded: bool,
    pub received_at: String,
    pub received_on: Option<NaiveDate>,
}

/// How submission `id` stands (see [`Arrival`]).
pub fn arrival(conn: &Connection, id: i64) -> Result<Option<Arrival>, ProgressError> {
    let mut stmt = conn.prepare_cached(
        "SELECT replaced_by IS NOT NULL, received_at, received_on FROM submission WHERE id = ?1",
    )?;
    let mut rows = stmt.query([id])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let received_at: String = r.get(1)?;
    let received_on: Option<String> = r.get(2)?;
    Ok(Some(Arrival {
        superseded: r.get(0)?,
        received_on: received_day(received_on.as_deref(), Some(&received_at)),
        received_at,
    }))
}

/// Whether the unit has sent any report (a replaced one too).
pub fn unit_has_reported(conn: &Connection, unit_id: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM submission WHERE unit_id = ?1)",
        [unit_id],
        |r| r.get(0),
    )
}

/// How many current (not replaced) reports the unit has sent.
pub fn current_count_of_unit(conn: &Connection, unit_id: i64) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM submission WHERE unit_id = ?1 AND replaced_by IS NULL",
        [unit_id],
        |r| r.get(0),
    )
}

/// Everything the unit has reported: its submissions and progress entries, replaced ones too.
pub fn rows_of_unit(conn: &Connection, unit_id: i64) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT (SELECT count(*) FROM submission WHERE unit_id = ?1)
              + (SELECT count(*) FROM progress WHERE unit_id = ?1)",
        [unit_id],
        |r| r.get(0),
    )
}

/// Everything reported on the plan: its submissions and the progress entries on its tasks.
pub fn rows_of_plan(conn: &Connection, plan_id: i64) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT (SELECT count(*) FROM submission WHERE plan_id = ?1)
              + (SELECT count(*) FROM progress p JOIN task t ON t.id = p.task_id WHERE t.plan_id = ?1)",
        [plan_id],
        |r| r.get(0),
    )
}

/// How many progress entries the task has, replaced and deleted ones too.
pub fn entries_of_task(conn: &Connection, task_id: i64) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM progress WHERE task_id = ?1",
        [task_id],
        |r| r.get(0),
    )
}

/// How many progress entries the submissions hold.
pub fn entries_of(conn: &Connection, submissions: &[i64]) -> rusqlite::Result<i64> {
    let mut stmt = conn.prepare_cached("SELECT count(*) FROM progress WHERE submission_id = ?1")?;
    let mut n = 0;
    for id in submissions {
        n += stmt.query_row([id], |r| r.get::<_, i64>(0))?;
    }
    Ok(n)
}

/// Removes submission `id` with its entries, in the caller's transaction; whatever it replaced
/// now hangs on what replaced it (or is current again). Returns how many were put back.
pub fn remove(conn: &Connection, id: i64) -> rusqlite::Result<usize> {
    let restored = conn.execute(
        "UPDATE submission SET replaced_by = (SELECT replaced_by FROM submission WHERE id = ?1)
         WHERE replaced_by = ?1",
        [id],
    )?;
    conn.execute("DELETE FROM submission WHERE id = ?1", [id])?;
    Ok(restored)
}
