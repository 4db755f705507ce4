//! Due dates and reporting periods: when each period's report is due under a plan's rule.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::calendar::{self, Calendar};
use crate::plan::{self, Covers, Plan, ReportRule};
use crate::progress::Period;
use crate::store::Db;

use super::RemindError;

/// No plan reports for more than 20 years; a guard against absurd ranges.
const MAX_MONTHS: usize = 240;

/// When a report is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Due {
    /// The day the rule names, clamped to the month's last day.
    pub nominal: NaiveDate,
    /// The day the report is due: `nominal`, or the next working day when the rule shifts it.
    pub date: NaiveDate,
}

/// The due date of `period`'s report under `rule`, or `None` when the rule names no day.
///
/// Day 5 covering the previous month, period 2024-09: 2024-10-05 is in the National Day
/// holiday, so the report is due 2024-10-08.
pub fn due_date(rule: &ReportRule, period: Period, cal: &Calendar) -> Option<Due> {
    let month = match rule.covers {
        Covers::Previous => period.next(),
        Covers::Current => period,
    };
    let last = month.last_day()?;
    let nominal = if rule.month_end {
        last
    } else {
        let day = rule.day?.min(last.day());
        NaiveDate::from_ymd_opt(month.year, month.month, day)?
    };
    let date = if rule.shift_to_workday {
        cal.next_workday_on_or_after(nominal)
    } else {
        nominal
    };
    Some(Due { nominal, date })
}

/// What a period's report stands for: the month, and the quarter or half-year it closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cycle {
    /// 月报
    Monthly,
    /// 季报 (每季度)
    Quarterly,
    /// 半年报 (每半年)
    HalfYearly,
}

fn cycles_of(rule: &ReportRule, p: Period) -> Vec<Cycle> {
    let mut out = Vec::new();
    if rule.monthly {
        out.push(Cycle::Monthly);
    }
    if rule.quarterly && p.month % 3 == 0 {
        out.push(Cycle::Quarterly);
    }
    if rule.half_yearly && p.month % 6 == 0 {
        out.push(Cycle::HalfYearly);
    }
    out
}

/// 2025年3月, 2025年3月（含第一季度）, 2025年第二季度（含上半年）…
fn period_label(p: Period, cycles: &[Cycle]) -> String {
    let names: Vec<String> = cycles
        .iter()
        .map(|c| match c {
            Cycle::Monthly => format!("{}月", p.month),
            Cycle::Quarterly => {
                let q = ["一", "二", "三", "四"][((p.month.clamp(1, 12) - 1) / 3) as usize];
                format!("第{q}季度")
            }
            Cycle::HalfYearly => if p.month <= 6 {
                "上半年"
            } else {
                "下半年"
            }
            .to_string(),
        })
        .collect();
    match names.split_first() {
        Some((head, [])) => format!("{}年{head}", p.year),
        Some((head, rest)) => format!("{}年{head}（含{}）", p.year, rest.join("、")),
        None => p.label(),
    }
}

/// A reporting period of a plan with its due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportPeriod {
    /// The (last) month the report covers; submissions are recorded under it.
    pub period: Period,
    pub cycles: Vec<Cycle>,
    /// As people read it: 2025年3月, 2025年第一季度 …
    pub label: String,
    /// The day the report is due.
    pub due: NaiveDate,
    /// The day the rule names, before moving off a weekend or holiday.
    pub nominal_due: NaiveDate,
}

impl ReportPeriod {
    /// The day reporting on this period opens: the first day of its (last) month when it is
    /// due within that month (每月30日前填报), else the day after the month ends (每月5日前报上月).
    pub fn opens(&self) -> NaiveDate {
        opens_on(self.period, self.due)
    }
}

/// The day reporting on `period` opens when its report is due on `due` (see
/// [`ReportPeriod::opens`]).
pub fn opens_on(period: Period, due: NaiveDate) -> NaiveDate {
    let (first, last) = (period.first_day(), period.last_day());
    match (first, last) {
        (Some(first), Some(last)) if due <= last => first,
        (_, Some(last)) => last.succ_opt().unwrap_or(last),
        _ => due,
    }
}

/// The first and last reporting period of a plan (its reporting window, see
/// [`Plan::report_window`]).
pub fn report_range(plan: &Plan) -> Option<(Period, Period)> {
    plan.report_window()
}

/// Every reporting period of a plan, in order, with its due date: the one list of due periods.
/// A month outside the plan's reporting window is never here, so it is never due, overdue,
/// chased, counted in a 通报 or notified.
pub fn periods(plan: &Plan, cal: &Calendar) -> Vec<ReportPeriod> {
    let rule = &plan.report_rule;
    let Some((from, until)) = report_range(plan) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut p = from;
    for _ in 0..MAX_MONTHS {
        if p > until {
            break;
        }
        let cycles = cycles_of(rule, p);
        if let (false, Some(due)) = (cycles.is_empty(), due_date(rule, p, cal)) {
            out.push(ReportPeriod {
                period: p,
                label: period_label(p, &cycles),
                cycles,
                due: due.date,
                nominal_due: due.nominal,
            });
        }
        p = p.next();
    }
    out
}

/// The plan's reporting periods as the calendar in the database gives them.
pub fn plan_periods(db: &Db, plan_id: i64) -> Result<Vec<ReportPeriod>, RemindError> {
    let plan = plan::get(db.conn(), plan_id)?;
    let cal = calendar::load(db.conn())?;
    Ok(periods(&plan, &cal))
}

/// The next report due on `today` or later (the board's `current` period), found from the rule
/// and the calendar alone: no report is read.
pub fn current_period(
    db: &Db,
    plan_id: i64,
    today: NaiveDate,
) -> Result<Option<ReportPeriod>, RemindError> {
    Ok(plan_periods(db, plan_id)?
        .into_iter()
        .find(|p| p.due >= today))
}
