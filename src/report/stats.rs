//! 进展统计: tasks 已完成 / 推进中 / 未启动 / 逾期 per section and per unit as of the end of the
//! range, and the trend month by month.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{rate, Counts, Head, PlanData, Range, ReportError, ReportKind};
use crate::period::Period;
use crate::store::Db;

/// The counts of one section's tasks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionCounts {
    pub section: String,
    pub counts: Counts,
}

/// The counts of the tasks a unit leads, cooperates on or answers for, by its own status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitCounts {
    pub unit: String,
    pub counts: Counts,
    /// Progress rows with text the unit reported in the range (current reports).
    pub reported_rows: usize,
    /// Of them, 照抄 rows (see [`crate::copied`]), and their share, 0–1.
    pub copied_rows: usize,
    pub copied_rate: f64,
}

/// The task counts as of one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub period: Period,
    pub counts: Counts,
}

/// 进展统计 of a range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    #[serde(flatten)]
    pub head: Head,
    /// Every task of the plan as of the end of the range.
    pub totals: Counts,
    pub sections: Vec<SectionCounts>,
    /// Every unit of the directory (groups left out); a unit without tasks has total 0.
    pub units: Vec<UnitCounts>,
    /// One entry per month of the range.
    pub trend: Vec<TrendPoint>,
    /// 照抄 rows of all units in the range.
    pub copied_rows: usize,
}

/// The 进展统计 of `range`.
pub fn stats(db: &Db, plan_id: i64, range: Range, today: NaiveDate) -> Result<Stats, ReportError> {
    let data = PlanData::load(db, plan_id, range, today)?;
    let copied = crate::copied::counts_by_unit(db.conn(), plan_id, range.from, range.to)?;
    Ok(build(&data, &copied))
}

/// Unit id → (rows with text, 照抄 rows) in the range.
type CopiedCounts = HashMap<i64, (usize, usize)>;

pub(crate) fn build(data: &PlanData, copied: &CopiedCounts) -> Stats {
    let to = data.range.to;
    let mut sections: Vec<SectionCounts> = Vec::new();
    for t in &data.tasks {
        let label = data.section_label(t);
        let b = data.task_bucket(t, to);
        match sections.iter_mut().find(|s| s.section == label) {
            Some(s) => s.counts.add(b),
            None => sections.push(SectionCounts {
                section: label,
                counts: Counts::of([b]),
            }),
        }
    }
    let totals = Counts::of(data.tasks.iter().map(|t| data.task_bucket(t, to)));
    let units = data
        .units
        .iter()
        .map(|u| UnitCounts {
            reported_rows: copied.get(&u.id).map_or(0, |c| c.0),
            copied_rows: copied.get(&u.id).map_or(0, |c| c.1),
            copied_rate: copied.get(&u.id).map_or(0.0, |&(all, c)| rate(c, all)),
            unit: u.name.clone(),
            counts: Counts::of(
                data.tasks
                    .iter()
                    .filter(|t| {
                        data.task_units
                            .get(&t.id)
                            .is_some_and(|ids| ids.contains(&u.id))
                    })
                    .map(|t| data.unit_bucket(t, u.id, to)),
            ),
        })
        .collect();
    let trend = data
        .range
        .months()
        .into_iter()
        .map(|p| TrendPoint {
            period: p,
            counts: Counts::of(data.tasks.iter().map(|t| data.task_bucket(t, p))),
        })
        .collect();
    let mut head = data.head(ReportKind::Stats);
    if data.reported_in_range().is_empty() {
        head.empty = true;
        head.note = Some(format!(
            "{}尚无单位报送工作台账，以下统计按任务清单中登记的任务状态计算。",
            data.range.label()
        ));
    }
    Stats {
        head,
        totals,
        sections,
        units,
        trend,
        copied_rows: copied.values().map(|c| c.1).sum(),
    }
}
