//! Everything the board needs about one plan, read once ([`PlanContext`]).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};

use crate::calendar::{self, Calendar};
use crate::deadline::DeadlineKind;
use crate::plan::{self, Plan};
use crate::progress::{self, Period, ProgressError, UnitReport};
use crate::store::Db;
use crate::task::{self, Status};

use super::{
    periods, settings, Board, Count, Level, PeriodStatus, RemindError, RemindSettings,
    ReportPeriod, TaskAlert, UnitState, UnitStatus,
};

/// A plan stays in the default reminders this many days before its first and after its last date.
const ACTIVE_MARGIN_DAYS: i64 = 31;

/// Since when a unit reports for a plan.
#[derive(Debug, Clone, Copy, Default)]
struct Joined {
    first_seen: Option<NaiveDate>,
    report_from: Option<Period>,
}

/// Everything the board needs about one plan, read once.
pub(super) struct PlanContext {
    pub(super) plan: Plan,
    cal: Calendar,
    pub(super) settings: RemindSettings,
    created: Option<NaiveDate>,
    joined: HashMap<i64, Joined>,
    pub(super) periods: Vec<ReportPeriod>,
    pub(super) moved_on: Option<Period>,
}

fn day_of(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

impl PlanContext {
    pub(super) fn load(db: &Db, plan_id: i64) -> Result<PlanContext, RemindError> {
        let conn = db.conn();
        let plan = plan::get(conn, plan_id)?;
        let cal = calendar::load(conn)?;
        let settings = settings(conn)?;
        let created: Option<String> = conn
            .query_row(
                "SELECT created_at FROM plan WHERE id = ?1",
                [plan_id],
                |r| r.get(0),
            )
            .optional()?;
        let mut stmt = conn.prepare_cached(
            "SELECT unit_id, first_seen, report_from FROM plan_unit WHERE plan_id = ?1",
        )?;
        let joined = stmt
            .query_map([plan_id], |r| {
                let first_seen: Option<String> = r.get(1)?;
                let report_from: Option<String> = r.get(2)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    Joined {
                        first_seen: first_seen.as_deref().and_then(day_of),
                        report_from: report_from.and_then(|p| Period::parse(&p).ok()),
                    },
                ))
            })?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        let periods = periods(&plan, &cal);
        let moved_on: Option<String> = conn
            .query_row(
                "SELECT period FROM board_moved_on WHERE plan_id = ?1",
                [plan_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(PlanContext {
            plan,
            cal,
            settings,
            created: created.as_deref().and_then(day_of),
            joined,
            periods,
            moved_on: moved_on.and_then(|p| Period::parse(&p).ok()),
        })
    }

    /// Whether a unit must report for a period: from the period the clerk set, else — for a
    /// unit that got its first task after the plan was entered — for periods due after that.
    pub(super) fn required(&self, unit_id: i64, rp: &ReportPeriod) -> bool {
        let Some(j) = self.joined.get(&unit_id) else {
            return true;
        };
        if let Some(from) = j.report_from {
            return rp.period >= from;
        }
        match (j.first_seen, self.created) {
            (Some(seen), Some(created)) if seen > created => rp.due > seen,
            _ => true,
        }
    }

    pub(super) fn find_period(&self, period: Period) -> Result<&ReportPeriod, RemindError> {
        if !self.plan.report_rule.has_due_day() {
            return Err(RemindError::NoRule(self.plan.title.clone()));
        }
        self.periods
            .iter()
            .find(|p| p.period == period)
            .ok_or_else(|| RemindError::NotAReportPeriod {
                period: period.label(),
                known: match (self.periods.first(), self.periods.last()) {
                    (Some(a), Some(b)) => {
                        format!("{}至{}，共{}期", a.label, b.label, self.periods.len())
                    }
                    _ => "无（方案没有起止日期）".to_string(),
                },
            })
    }

    pub(super) fn status(
        &self,
        db: &Db,
        rp: &ReportPeriod,
        today: NaiveDate,
    ) -> Result<PeriodStatus, RemindError> {
        let mut all = self.statuses(db, &[rp], today)?;
        all.pop().ok_or_else(|| RemindError::NotAReportPeriod {
            period: rp.period.label(),
            known: String::new(),
        })
    }

    /// Every unit's state for each of the periods `rps`, read at once (the months from the
    /// first to the last in two queries, see [`progress::reported_over`]), in the order given.
    fn statuses(
        &self,
        db: &Db,
        rps: &[&ReportPeriod],
        today: NaiveDate,
    ) -> Result<Vec<PeriodStatus>, RemindError> {
        let (Some(from), Some(to)) = (
            rps.iter().map(|rp| rp.period).min(),
            rps.iter().map(|rp| rp.period).max(),
        ) else {
            return Ok(Vec::new());
        };
        let mut reports: HashMap<Period, Vec<UnitReport>> =
            progress::reported_over(db, self.plan.id, from, to)?
                .into_iter()
                .collect();
        let mut chases = chase_summary(db.conn(), self.plan.id, from, to)?;
        let mut out = Vec::with_capacity(rps.len());
        for rp in rps {
            let units = reports.remove(&rp.period).unwrap_or_default();
            let chased = chases.remove(&rp.period).unwrap_or_default();
            out.push(self.period_state(rp, units, &chased, today));
        }
        Ok(out)
    }

    fn period_state(
        &self,
        rp: &ReportPeriod,
        reports: Vec<UnitReport>,
        chases: &Chases,
        today: NaiveDate,
    ) -> PeriodStatus {
        let workdays_left = self.cal.workdays_between(today, rp.due);
        let soon = i64::from(self.settings.soon_days);
        let state_of = |r: &UnitReport| -> Option<UnitState> {
            if r.reported {
                // Judged by the day the report arrived, not the day it was imported.
                let late = r.received_on.is_some_and(|d| !progress::on_time(d, rp.due));
                return Some(if late {
                    UnitState::Late
                } else {
                    UnitState::Reported
                });
            }
            if !self.required(r.unit_id, rp) {
                return None;
            }
            Some(if today > rp.due {
                UnitState::Overdue
            } else if workdays_left <= soon {
                UnitState::DueSoon
            } else {
                UnitState::Waiting
            })
        };
        let units: Vec<UnitStatus> = reports
            .into_iter()
            .filter_map(|r| {
                let state = state_of(&r)?;
                let (chased_at, chase_count) = chases
                    .get(&r.unit_id)
                    .cloned()
                    .map_or((None, 0), |(at, n)| (Some(at), n));
                Some(UnitStatus {
                    unit_id: r.unit_id,
                    unit: r.unit,
                    contact_name: r.contact_name,
                    contact_phone: r.contact_phone,
                    state,
                    received_at: r.received_at,
                    received_on: r.received_on,
                    chased_at,
                    chase_count,
                })
            })
            .collect();
        let tally = |c: Count| units.iter().filter(|u| u.state.count() == c).count();
        let (on_time, late, missing) = (
            tally(Count::OnTime),
            tally(Count::Late),
            tally(Count::Missing),
        );
        let level = if missing == 0 {
            Level::Green
        } else if today > rp.due {
            Level::Red
        } else if workdays_left <= soon {
            Level::Yellow
        } else {
            Level::Green
        };
        PeriodStatus {
            report: rp.clone(),
            workdays_left,
            days_left: rp.due.signed_duration_since(today).num_days(),
            level,
            required: units.len(),
            on_time,
            late,
            missing,
            reported: on_time + late,
            units,
        }
    }

    fn task_alerts(&self, tasks: &[task::Task], today: NaiveDate) -> Vec<TaskAlert> {
        let window = i64::from(self.settings.task_soon_days);
        let mut alerts: Vec<TaskAlert> = tasks
            .iter()
            .filter(|t| t.deadline_kind == DeadlineKind::Date)
            .filter(|t| t.status != Status::Done)
            .filter_map(|t| {
                let deadline = t.deadline?;
                let workdays_left = self.cal.workdays_between(today, deadline);
                let overdue = t.overdue_on(today);
                if !overdue && workdays_left > window {
                    return None;
                }
                Some(TaskAlert {
                    task_id: t.id,
                    code: t.code.clone(),
                    title: t.title.clone(),
                    lead_units: t.lead_units.clone(),
                    deadline_text: t.deadline_text.clone(),
                    deadline,
                    status: t.status,
                    workdays_left,
                    overdue,
                    level: if overdue { Level::Red } else { Level::Yellow },
                })
            })
            .collect();
        alerts.sort_by_key(|a| a.deadline);
        alerts
    }

    pub(super) fn board(&self, db: &Db, today: NaiveDate) -> Result<Board, RemindError> {
        let mut warnings = Vec::new();
        if !self.plan.report_rule.has_due_day() {
            warnings.push(
                "方案没有设定报送日期（如每月5日前），不显示报送提醒。请在方案的报送规则中填写。"
                    .to_string(),
            );
        } else if self.periods.is_empty() {
            warnings.push(
                "方案没有起止日期或工作步骤日期，算不出报送期次。请填写方案的起止日期。"
                    .to_string(),
            );
        }
        // Every period past its due date, newest first, then the next two to come: read at once.
        let mut shown: Vec<&ReportPeriod> = self
            .periods
            .iter()
            .rev()
            .filter(|p| p.due < today)
            .collect();
        let past_count = shown.len();
        shown.extend(self.periods.iter().filter(|p| p.due >= today).take(2));
        let mut states = self.statuses(db, &shown, today)?;
        let mut upcoming = states.split_off(past_count).into_iter();
        let past = states;
        let current = upcoming.next();
        let next = upcoming.next();
        // Past periods still missing a unit are listed as overdue; the newest with a missing or
        // late unit, after the one the clerk moved on from, holds the main card.
        let focus = past
            .iter()
            .filter(|s| self.moved_on.is_none_or(|m| s.report.period > m))
            .find(|s| s.missing > 0 || s.late > 0)
            .cloned()
            .or_else(|| current.clone());
        let overdue: Vec<PeriodStatus> = past.into_iter().filter(|s| s.missing > 0).collect();
        let mut years: Vec<i32> = vec![today.year()];
        years.extend(
            [&current, &next]
                .into_iter()
                .flatten()
                .map(|s| s.report.due.year()),
        );
        years.sort();
        years.dedup();
        for y in years.into_iter().filter(|y| !self.cal.covers(*y)) {
            warnings.push(format!(
                "日历中没有{y}年的节假日安排，截止日暂按周一至周五为工作日计算。请在“设置”中导入新版日历。"
            ));
        }
        let (current_phase, next_phase) = plan::phases_around(&self.plan.phases, today);
        let tasks = task::of_plan(db, self.plan.id)?;
        Ok(Board {
            plan_id: self.plan.id,
            plan_title: self.plan.title.clone(),
            today,
            rule_text: self.plan.report_rule_text.clone(),
            window_from: self.plan.report_window().map(|w| w.0),
            window_until: self.plan.report_window().map(|w| w.1),
            soon_days: self.settings.soon_days,
            current,
            next,
            focus,
            moved_on: self.moved_on,
            overdue,
            tasks: self.task_alerts(&tasks, today),
            by_status: crate::task::status_counts(&tasks),
            current_phase,
            next_phase,
            warnings,
        })
    }

    /// Whether the plan belongs in the reminders of `today` when no plan is chosen.
    pub(super) fn active_on(&self, today: NaiveDate) -> bool {
        let plan = &self.plan;
        let firsts = [
            plan.start_date,
            plan.phases.iter().filter_map(|p| p.start).min(),
            self.periods.first().and_then(|p| p.period.first_day()),
        ];
        let lasts = [
            plan.end_date,
            plan.phases.iter().filter_map(|p| p.end).max(),
            self.periods.last().map(|p| p.due),
        ];
        let margin = chrono::Duration::days(ACTIVE_MARGIN_DAYS);
        let starts_ok = firsts
            .into_iter()
            .flatten()
            .min()
            .is_none_or(|d| today >= d - margin);
        let ends_ok = lasts
            .into_iter()
            .flatten()
            .max()
            .is_none_or(|d| today <= d + margin);
        starts_ok && ends_ok
    }
}

/// Per unit: when it was last chased and how often.
type Chases = HashMap<i64, (String, i64)>;

/// When each unit was last chased and how often, per period from `from` to `to`.
fn chase_summary(
    conn: &Connection,
    plan_id: i64,
    from: Period,
    to: Period,
) -> Result<HashMap<Period, Chases>, RemindError> {
    let mut stmt = conn.prepare_cached(
        "SELECT period, unit_id, max(chased_at), count(*) FROM chase_log
         WHERE plan_id = ?1 AND period >= ?2 AND period <= ?3 GROUP BY period, unit_id",
    )?;
    let mut rows = stmt.query(params![plan_id, from.to_string(), to.to_string()])?;
    let mut out: HashMap<Period, Chases> = HashMap::new();
    while let Some(r) = rows.next()? {
        let period: String = r.get(0)?;
        out.entry(Period::parse(&period).map_err(ProgressError::from)?)
            .or_default()
            .insert(r.get(1)?, (r.get(2)?, r.get(3)?));
    }
    Ok(out)
}
