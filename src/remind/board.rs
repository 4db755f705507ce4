//! The 工作台 board: each unit's state per reporting period, task deadlines, phases.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::params;
use serde::Serialize;

use crate::plan::{self, Phase};
use crate::progress::{self, Period};
use crate::store::{audit, Db};
use crate::task::Status;
use crate::unit;

use super::context::PlanContext;
use super::{Cycle, RemindError, ReportPeriod};

/// Traffic-light level of a board entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 逾期: needs action now.
    Red,
    /// 临近: due within a few working days.
    Yellow,
    /// Nothing to do yet, or done.
    Green,
}

/// A unit's state for one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitState {
    /// 已报: received on or before the due date.
    Reported,
    /// 迟报: received after the due date.
    Late,
    /// 未报, the due date is still more than the warning window away.
    Waiting,
    /// 未报 and due within the warning window (or today).
    DueSoon,
    /// 逾期: not received and the due date has passed.
    Overdue,
}

/// How a unit that must report for a period counts on the board and in the 通报: every such
/// unit is exactly one of these, so 已报 + 迟报 + 未报 = 应报.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Count {
    /// 已报: received on or before the due date.
    OnTime,
    /// 迟报: received after the due date.
    Late,
    /// 未报: nothing received yet (due later, due soon or overdue).
    Missing,
}

impl UnitState {
    /// Which of 已报 / 迟报 / 未报 the unit counts as.
    pub fn count(self) -> Count {
        match self {
            UnitState::Reported => Count::OnTime,
            UnitState::Late => Count::Late,
            UnitState::Waiting | UnitState::DueSoon | UnitState::Overdue => Count::Missing,
        }
    }

    /// Whether the unit has reported (on time or late).
    pub fn reported(self) -> bool {
        matches!(self, UnitState::Reported | UnitState::Late)
    }

    /// 已报 / 迟报 / 未报 / 临近 / 逾期.
    pub fn label(self) -> &'static str {
        match self {
            UnitState::Reported => "已报",
            UnitState::Late => "迟报",
            UnitState::Waiting => "未报",
            UnitState::DueSoon => "临近",
            UnitState::Overdue => "逾期",
        }
    }
}

/// One unit's line on the board for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitStatus {
    pub unit_id: i64,
    pub unit: String,
    /// 联络员.
    pub contact_name: String,
    pub contact_phone: String,
    pub state: UnitState,
    /// When its report for the period was imported.
    pub received_at: Option<String>,
    /// The day that report arrived, by which it is on time or late.
    pub received_on: Option<NaiveDate>,
    /// When the clerk last chased it (已催报) for the period.
    pub chased_at: Option<String>,
    /// How many times it was chased for the period.
    pub chase_count: i64,
}

/// A reporting period with every unit's state on a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodStatus {
    #[serde(flatten)]
    pub report: ReportPeriod,
    /// Working days after today up to the due date (0 on the due date; negative once past).
    pub workdays_left: i64,
    /// Calendar days from today to the due date.
    pub days_left: i64,
    /// Red when units are overdue, yellow when units are due soon, else green.
    pub level: Level,
    /// 应报: the units listed, i.e. that must report for the period (or reported anyway);
    /// always `on_time + late + missing`.
    pub required: usize,
    /// 已报: units whose report came on or before the due date ([`Count::OnTime`]).
    pub on_time: usize,
    /// 迟报: units whose report came after the due date ([`Count::Late`]).
    pub late: usize,
    /// 未报: units with no report ([`Count::Missing`]).
    pub missing: usize,
    /// Units that have reported, on time or late (`on_time + late`; kept for older callers).
    pub reported: usize,
    pub units: Vec<UnitStatus>,
}

impl PeriodStatus {
    /// Names of the units that have not reported.
    pub fn missing_units(&self) -> Vec<String> {
        self.units
            .iter()
            .filter(|u| !u.state.reported())
            .map(|u| u.unit.clone())
            .collect()
    }
}

/// A task whose dated deadline is near or past.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskAlert {
    pub task_id: i64,
    pub code: String,
    pub title: String,
    pub lead_units: Vec<String>,
    /// 完成时限 as written.
    pub deadline_text: String,
    pub deadline: NaiveDate,
    pub status: Status,
    /// Working days after today up to the deadline (negative once past).
    pub workdays_left: i64,
    pub overdue: bool,
    pub level: Level,
}

/// The 工作台 board of a plan on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Board {
    pub plan_id: i64,
    pub plan_title: String,
    pub today: NaiveDate,
    /// The reporting rule as written in the plan.
    pub rule_text: String,
    /// The plan's reporting window: its first and last reporting period.
    pub window_from: Option<Period>,
    pub window_until: Option<Period>,
    pub soon_days: u32,
    /// The next report due (today or later).
    pub current: Option<PeriodStatus>,
    /// The report after that.
    pub next: Option<PeriodStatus>,
    /// The period of the board's main card and unit grid: the latest period past its due date
    /// that still has 未报 or 迟报 units and that the clerk has not moved on from
    /// ([`move_on`]), so that after a due date the late and missing units stay in sight;
    /// otherwise `current`; none once the plan has no report left to come and nothing left to
    /// deal with.
    pub focus: Option<PeriodStatus>,
    /// The last period the clerk moved on from (转到下一期); the main card looks only later.
    pub moved_on: Option<Period>,
    /// Earlier periods some unit has still not reported, newest first.
    pub overdue: Vec<PeriodStatus>,
    /// Dated task deadlines past or within the task window, earliest first.
    pub tasks: Vec<TaskAlert>,
    /// The plan's tasks by status, as 任务清单 shows them (see [`crate::status`]).
    pub by_status: Vec<crate::task::StatusCount>,
    pub current_phase: Option<Phase>,
    pub next_phase: Option<Phase>,
    /// What the clerk should know about the board itself (no rule, calendar lacks a year).
    pub warnings: Vec<String>,
}

impl Board {
    /// The board as the window's 工作台 draws it: every period keeps its counts, but only the
    /// main card's period (`focus`, else `current`) keeps its units' states — ten years of
    /// earlier periods with all units each would be megabytes the page never shows.
    pub fn brief(mut self) -> Board {
        let keep = self
            .focus
            .as_ref()
            .or(self.current.as_ref())
            .map(|p| p.report.period);
        let periods = self
            .overdue
            .iter_mut()
            .chain(self.current.iter_mut())
            .chain(self.next.iter_mut())
            .chain(self.focus.iter_mut());
        for p in periods {
            if Some(p.report.period) != keep {
                p.units = Vec::new();
            }
        }
        self
    }
}

/// The 工作台 board of a plan on `today`: the current and next reporting periods with every
/// unit's state, earlier periods still missing reports, task deadlines and phases.
pub fn board(db: &Db, plan_id: i64, today: NaiveDate) -> Result<Board, RemindError> {
    PlanContext::load(db, plan_id)?.board(db, today)
}

/// Every unit's state for one reporting period of a plan on `today`.
pub fn period_status(
    db: &Db,
    plan_id: i64,
    period: Period,
    today: NaiveDate,
) -> Result<PeriodStatus, RemindError> {
    let ctx = PlanContext::load(db, plan_id)?;
    let rp = ctx.find_period(period)?.clone();
    ctx.status(db, &rp, today)
}

/// The units that must report for `period`: none when the period is outside the plan's
/// reporting window (or not one of its report months); else every unit with tasks in the plan,
/// but a unit that joined later only from its first period (see [`set_unit_report_from`]).
/// Without a due day in the rule, every month of the window counts.
pub fn due_units(
    db: &Db,
    plan_id: i64,
    period: Period,
) -> Result<std::collections::HashSet<i64>, RemindError> {
    let ctx = PlanContext::load(db, plan_id)?;
    let rp = match ctx.periods.iter().find(|p| p.period == period) {
        Some(rp) => rp.clone(),
        None if !ctx.plan.report_rule.has_due_day() && ctx.plan.reports_on(period) => {
            // No due day: the period's end stands in for it (who joined before it must report).
            let Some(end) = period.last_day() else {
                return Ok(Default::default());
            };
            ReportPeriod {
                period,
                cycles: vec![Cycle::Monthly],
                label: period.label(),
                due: end,
                nominal_due: end,
            }
        }
        None => return Ok(Default::default()),
    };
    Ok(progress::status(db, plan_id, period)?
        .into_iter()
        .filter(|u| ctx.required(u.unit_id, &rp))
        .map(|u| u.unit_id)
        .collect())
}

/// Sets (or with `None` clears) the first period a unit reports for in a plan, e.g. for a
/// department that joined in July.
pub fn set_unit_report_from(
    db: &mut Db,
    plan_id: i64,
    unit_id: i64,
    from: Option<Period>,
) -> Result<(), RemindError> {
    plan::get(db.conn(), plan_id)?;
    unit::get(db.conn(), unit_id)?;
    let tx = db.transaction()?;
    tx.execute(
        "INSERT INTO plan_unit (plan_id, unit_id, report_from) VALUES (?1, ?2, ?3)
         ON CONFLICT (plan_id, unit_id) DO UPDATE SET report_from = excluded.report_from",
        params![plan_id, unit_id, from.map(|p| p.to_string())],
    )?;
    audit(
        &tx,
        "plan_unit",
        unit_id,
        "report_from",
        None,
        Some(&serde_json::json!({ "plan_id": plan_id, "report_from": from })),
    )?;
    tx.commit()?;
    Ok(())
}

/// Records that the clerk is done with `period` on the board (转到下一期): the main card no
/// longer stays on it or any earlier period. `None` clears it. The period must be one of the
/// plan's reporting periods.
pub fn move_on(
    db: &mut Db,
    plan_id: i64,
    period: Option<Period>,
    at: NaiveDateTime,
) -> Result<Option<Period>, RemindError> {
    let ctx = PlanContext::load(db, plan_id)?;
    if let Some(p) = period {
        ctx.find_period(p)?;
    }
    let tx = db.transaction()?;
    match period {
        Some(p) => tx.execute(
            "INSERT INTO board_moved_on (plan_id, period, moved_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (plan_id) DO UPDATE SET period = excluded.period,
                                                 moved_at = excluded.moved_at",
            params![
                plan_id,
                p.to_string(),
                at.format("%Y-%m-%d %H:%M:%S").to_string()
            ],
        )?,
        None => tx.execute("DELETE FROM board_moved_on WHERE plan_id = ?1", [plan_id])?,
    };
    audit(
        &tx,
        "board_moved_on",
        plan_id,
        "move_on",
        Some(&serde_json::json!({ "period": ctx.moved_on })),
        Some(&serde_json::json!({ "period": period })),
    )?;
    tx.commit()?;
    Ok(period)
}
