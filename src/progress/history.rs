//! Every report on one task, replaced ones too, each compared with the unit's report before:
//! what the task's history (历次报送) shows.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{received_day, Period, ProgressError};
use crate::task::Status;
use crate::text::squeeze;

/// One report on a task: a unit's entry in a submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub period: Period,
    pub unit_id: i64,
    pub unit: String,
    pub text: String,
    pub status: Option<Status>,
    /// When the report was imported, and the day it arrived.
    pub received_at: String,
    pub received_on: Option<NaiveDate>,
    pub file_name: String,
    pub submission_id: i64,
    /// A later report for the same unit and period replaced this one.
    pub replaced: bool,
    /// Compared with the unit's current report of its last earlier period: `new` for its first
    /// report, `changed` or `unchanged` (text, spacing aside, and status).
    pub change: Change,
    /// 照抄: the period (and, for another unit's text, the unit) the text repeats.
    pub copied_from: Option<Period>,
    pub copied_unit: Option<String>,
    pub copied_similarity: Option<f64>,
}

/// How a unit's report on a task compares with its report for the previous period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Reported this period, nothing the period before.
    New,
    /// Reported both periods, with different text or status.
    Changed,
    /// The same as the period before (复制上期).
    Unchanged,
    /// Reported the period before, not this period.
    Missing,
}

/// Every report on a task, oldest period first; within a period by unit, then as received
/// (replaced reports included, marked), each compared with the unit's current report of its
/// last earlier period. One indexed query on the task's own rows (`progress_task_period`): as
/// fast on millions of reports as on a few.
pub fn of_task(conn: &Connection, task_id: i64) -> Result<Vec<HistoryEntry>, ProgressError> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.period, s.unit_id, u.name, p.text, p.status, s.received_at, s.file_name, s.id,
                s.replaced_by IS NOT NULL, s.received_on, p.copied_from, cu.name,
                p.copied_similarity
         FROM progress p JOIN submission s ON s.id = p.submission_id JOIN unit u ON u.id = s.unit_id
         LEFT JOIN unit cu ON cu.id = p.copied_unit_id
         WHERE p.task_id = ?1
         ORDER BY s.period, u.seq, u.id, s.id, p.id",
    )?;
    let mut rows = stmt.query([task_id])?;
    let mut out: Vec<HistoryEntry> = Vec::new();
    // Unit → its current report in the last period before the one being read, and in it.
    let mut last: HashMap<i64, (Period, usize)> = HashMap::new();
    let mut earlier: HashMap<i64, usize> = HashMap::new();
    while let Some(r) = rows.next()? {
        let period: String = r.get(0)?;
        let status: Option<String> = r.get(4)?;
        let received_at: String = r.get(5)?;
        let received_on: Option<String> = r.get(9)?;
        let copied_from: Option<String> = r.get(10)?;
        let mut entry = HistoryEntry {
            period: Period::parse(&period)?,
            unit_id: r.get(1)?,
            unit: r.get(2)?,
            text: r.get(3)?,
            status: status.as_deref().and_then(Status::parse),
            received_on: received_day(received_on.as_deref(), Some(&received_at)),
            received_at,
            file_name: r.get(6)?,
            submission_id: r.get(7)?,
            replaced: r.get(8)?,
            change: Change::New,
            copied_from: copied_from.as_deref().map(Period::parse).transpose()?,
            copied_unit: r.get(11)?,
            copied_similarity: r.get(12)?,
        };
        if let Some((p, at)) = last.get(&entry.unit_id).copied() {
            if p < entry.period {
                earlier.insert(entry.unit_id, at);
            }
        }
        entry.change = match earlier.get(&entry.unit_id).map(|&i| &out[i]) {
            None => Change::New,
            Some(e) if squeeze(&e.text) == squeeze(&entry.text) && e.status == entry.status => {
                Change::Unchanged
            }
            Some(_) => Change::Changed,
        };
        if !entry.replaced {
            last.insert(entry.unit_id, (entry.period, out.len()));
        }
        out.push(entry);
    }
    Ok(out)
}
