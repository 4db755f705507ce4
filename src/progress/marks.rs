//! The 照抄 markers kept on progress entries (`progress.copied_*`): written with the entry when
//! a report is imported (`super::SubmissionWriter::write_marked`), read here for the reports and
//! the import preview. What counts as 照抄 is decided in
//! `crate::copied`; this is only their storage.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::{Period, ProgressError};

/// A marked entry of a current report, with the earlier text it repeats.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkedEntry {
    pub unit_id: i64,
    pub task_id: i64,
    pub text: String,
    pub from_period: Period,
    pub similarity: f64,
    pub from_unit_id: Option<i64>,
    pub from_unit: Option<String>,
    /// The earlier text (empty when it is gone).
    pub earlier: String,
}

/// The marked entries of the plan's current reports for `period`, by unit and task.
pub fn marked(
    conn: &Connection,
    plan_id: i64,
    period: Period,
) -> Result<Vec<MarkedEntry>, ProgressError> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.unit_id, p.task_id, p.text, p.copied_from, p.copied_similarity,
                p.copied_unit_id, u.name,
                (SELECT e.text FROM progress e JOIN submission es ON es.id = e.submission_id
                  WHERE e.task_id = p.task_id AND e.period = p.copied_from
                    AND e.unit_id = coalesce(p.copied_unit_id, p.unit_id)
                    AND es.replaced_by IS NULL
                  ORDER BY e.id DESC LIMIT 1)
         FROM submission s JOIN progress p ON p.submission_id = s.id
         LEFT JOIN unit u ON u.id = p.copied_unit_id
         WHERE s.plan_id = ?1 AND s.period = ?2 AND s.replaced_by IS NULL
           AND p.copied_from IS NOT NULL
         ORDER BY p.unit_id, p.task_id",
    )?;
    let mut rows = stmt.query(params![plan_id, period.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let from: String = r.get(3)?;
        let earlier: Option<String> = r.get(7)?;
        out.push(MarkedEntry {
            unit_id: r.get(0)?,
            task_id: r.get(1)?,
            text: r.get(2)?,
            from_period: Period::parse(&from)?,
            similarity: r.get(4)?,
            from_unit_id: r.get(5)?,
            from_unit: r.get(6)?,
            earlier: earlier.unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Per unit, the plan's current reports in `from..=to` with text, and how many of them are
/// marked: unit id → (rows with text, marked rows).
pub fn counts_by_unit(
    conn: &Connection,
    plan_id: i64,
    from: Period,
    to: Period,
) -> rusqlite::Result<HashMap<i64, (usize, usize)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.unit_id, count(*), count(p.copied_from)
         FROM submission s JOIN progress p ON p.submission_id = s.id
         WHERE s.plan_id = ?1 AND s.period >= ?2 AND s.period <= ?3 AND s.replaced_by IS NULL
           AND trim(p.text) <> ''
         GROUP BY s.unit_id",
    )?;
    let rows = stmt.query_map(params![plan_id, from.to_string(), to.to_string()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            (r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize),
        ))
    })?;
    rows.collect()
}

/// Per unit, its current report's entries for `period` marked as repeating its own earlier
/// reports (not another unit's): unit id → rows.
pub fn repeating_units(
    conn: &Connection,
    plan_id: i64,
    period: Period,
) -> rusqlite::Result<HashMap<i64, usize>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.unit_id, count(*)
         FROM submission s JOIN progress p ON p.submission_id = s.id
         WHERE s.plan_id = ?1 AND s.period = ?2 AND s.replaced_by IS NULL
           AND p.copied_from IS NOT NULL AND p.copied_unit_id IS NULL
         GROUP BY s.unit_id",
    )?;
    let rows = stmt.query_map(params![plan_id, period.to_string()], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)? as usize))
    })?;
    rows.collect()
}
