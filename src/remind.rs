//! 报送提醒: when each period's report is due, who has reported, the 工作台 board and 催报.
//!
//! A plan's [`ReportRule`] and the working-day [`Calendar`] give every reporting period its due
//! date; the submissions (see [`crate::progress::status`]) say who reported and when. Everything
//! here takes `today` as a parameter and never reads the clock.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::calendar::{self, Calendar, CalendarError};
use crate::deadline::{format_cn, DeadlineKind};
use crate::error_kind::ErrorKind;
use crate::plan::{self, Covers, Phase, Plan, PlanError, ReportRule};
use crate::progress::{self, Period, ProgressError, UnitReport};
use crate::store::{audit, Db, StoreError};
use crate::task::{self, Status, TaskError};
use crate::unit::{self, UnitError};

/// Working days before the due date from which a unit that has not reported shows yellow.
pub const DEFAULT_SOON_DAYS: u32 = 3;
/// Working days ahead that a task deadline shows on the board.
pub const DEFAULT_TASK_SOON_DAYS: u32 = 10;
/// The 催报 message used until the clerk edits it in 设置.
pub const DEFAULT_CHASE_TEMPLATE: &str = "【催报提醒】{单位}：《{方案}》{期次}工作台账应于{截止日期}前报送，{状态}。请尽快填报并报送县依法治县办；如已报送，请忽略本提醒。";
/// The placeholders a 催报 template may use.
pub const PLACEHOLDERS: [&str; 6] = ["单位", "联络员", "期次", "截止日期", "方案", "状态"];

const SETTING_SOON_DAYS: &str = "remind.soon_days";
const SETTING_TASK_SOON_DAYS: &str = "remind.task_soon_days";
const SETTING_TEMPLATE: &str = "remind.chase_template";
const MAX_SOON_DAYS: u32 = 30;
const MAX_TASK_SOON_DAYS: u32 = 120;
const MAX_TEMPLATE_CHARS: usize = 1000;
/// No plan reports for more than 20 years; a guard against absurd ranges.
const MAX_MONTHS: usize = 240;
/// A plan stays in the default reminders this many days before its first and after its last date.
const ACTIVE_MARGIN_DAYS: i64 = 31;

/// Errors of the reminders area.
#[derive(Debug, thiserror::Error)]
pub enum RemindError {
    #[error("{period}不是该方案的报送期次。该方案的报送期次：{known}。")]
    NotAReportPeriod { period: String, known: String },
    #[error("方案“{0}”没有设定报送日期（如每月5日前、每月30日前或月底），无法计算报送截止日。请先在方案的报送规则中填写。")]
    NoRule(String),
    #[error("“{0}”不承担该方案的任务，不在报送单位之列。")]
    UnitNotInPlan(String),
    #[error("催报模板中的“{{{0}}}”无法识别。可用的占位符：{{单位}} {{联络员}} {{期次}} {{截止日期}} {{方案}} {{状态}}。")]
    UnknownPlaceholder(String),
    #[error("催报模板中有未配对的花括号，请检查占位符是否写成 {{单位}} 这样的形式。")]
    UnpairedBrace,
    #[error("催报模板不能为空。")]
    EmptyTemplate,
    #[error("催报模板太长（{0} 字），请控制在 1000 字以内。")]
    TemplateTooLong(usize),
    #[error("“{name}”应为 0 到 {max} 之间的工作日天数，现为 {value}。")]
    BadDays {
        name: &'static str,
        value: u32,
        max: u32,
    },
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Progress(#[from] ProgressError),
    #[error(transparent)]
    Task(#[from] TaskError),
    #[error(transparent)]
    Unit(#[from] UnitError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Copied(#[from] crate::copied::CopiedError),
}
crate::impl_from_sqlite!(RemindError);

impl RemindError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            RemindError::NotAReportPeriod { .. }
            | RemindError::NoRule(_)
            | RemindError::UnknownPlaceholder(_)
            | RemindError::UnpairedBrace
            | RemindError::EmptyTemplate
            | RemindError::TemplateTooLong(_)
            | RemindError::BadDays { .. } => ErrorKind::Invalid,
            RemindError::UnitNotInPlan(_) => ErrorKind::NotFound,
            RemindError::Calendar(e) => e.kind(),
            RemindError::Plan(e) => e.kind(),
            RemindError::Progress(e) => e.kind(),
            RemindError::Task(e) => e.kind(),
            RemindError::Unit(e) => e.kind(),
            RemindError::Store(e) => e.kind(),
            RemindError::Copied(e) => e.kind(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Due dates and periods

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

// ---------------------------------------------------------------------------------------------
// Settings

/// The clerk's reminder settings (设置 → 报送提醒).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RemindSettings {
    /// A unit that has not reported shows yellow from this many working days before the due date.
    pub soon_days: u32,
    /// Task deadlines show on the board this many working days ahead.
    pub task_soon_days: u32,
    /// The 催报 message with placeholders {单位} {联络员} {期次} {截止日期} {方案} {状态}.
    pub chase_template: String,
}

impl Default for RemindSettings {
    fn default() -> Self {
        RemindSettings {
            soon_days: DEFAULT_SOON_DAYS,
            task_soon_days: DEFAULT_TASK_SOON_DAYS,
            chase_template: DEFAULT_CHASE_TEMPLATE.to_string(),
        }
    }
}

fn setting(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .optional()
}

/// The reminder settings; defaults where the clerk set nothing (or something unreadable).
pub fn settings(conn: &Connection) -> Result<RemindSettings, RemindError> {
    let d = RemindSettings::default();
    let days = |key, default, max| -> rusqlite::Result<u32> {
        Ok(setting(conn, key)?
            .and_then(|v| v.trim().parse().ok())
            .filter(|v| *v <= max)
            .unwrap_or(default))
    };
    Ok(RemindSettings {
        soon_days: days(SETTING_SOON_DAYS, d.soon_days, MAX_SOON_DAYS)?,
        task_soon_days: days(SETTING_TASK_SOON_DAYS, d.task_soon_days, MAX_TASK_SOON_DAYS)?,
        chase_template: setting(conn, SETTING_TEMPLATE)?
            .filter(|t| check_template(t).is_ok())
            .unwrap_or(d.chase_template),
    })
}

/// Checks a 催报 template: not empty, not too long, only known placeholders. Returns it with
/// full-width braces made half-width.
pub fn check_template(text: &str) -> Result<String, RemindError> {
    let text = text.trim().replace('｛', "{").replace('｝', "}");
    if text.is_empty() {
        return Err(RemindError::EmptyTemplate);
    }
    let chars = text.chars().count();
    if chars > MAX_TEMPLATE_CHARS {
        return Err(RemindError::TemplateTooLong(chars));
    }
    let mut rest = text.as_str();
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(RemindError::UnpairedBrace);
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(RemindError::UnpairedBrace)?;
        let name = &after[..close];
        if name.contains('{') {
            return Err(RemindError::UnpairedBrace);
        }
        if !PLACEHOLDERS.contains(&name) {
            return Err(RemindError::UnknownPlaceholder(name.to_string()));
        }
        rest = &after[close + 1..];
    }
    Ok(text)
}

/// Saves the reminder settings after checking them; returns them as stored.
pub fn save_settings(db: &mut Db, s: &RemindSettings) -> Result<RemindSettings, RemindError> {
    for (name, value, max) in [
        ("临近提醒天数", s.soon_days, MAX_SOON_DAYS),
        ("任务到期提前天数", s.task_soon_days, MAX_TASK_SOON_DAYS),
    ] {
        if value > max {
            return Err(RemindError::BadDays { name, value, max });
        }
    }
    let template = check_template(&s.chase_template)?;
    let before = settings(db.conn())?;
    let tx = db.transaction()?;
    for (key, value) in [
        (SETTING_SOON_DAYS, s.soon_days.to_string()),
        (SETTING_TASK_SOON_DAYS, s.task_soon_days.to_string()),
        (SETTING_TEMPLATE, template),
    ] {
        tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
    }
    let after = settings(&tx)?;
    audit(
        &tx,
        "setting",
        0,
        "remind",
        serde_json::to_value(&before).ok().as_ref(),
        serde_json::to_value(&after).ok().as_ref(),
    )?;
    tx.commit()?;
    Ok(after)
}

// ---------------------------------------------------------------------------------------------
// Unit states and the board

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

/// Since when a unit reports for a plan.
#[derive(Debug, Clone, Copy, Default)]
struct Joined {
    first_seen: Option<NaiveDate>,
    report_from: Option<Period>,
}

/// Everything the board needs about one plan, read once.
struct PlanContext {
    plan: Plan,
    cal: Calendar,
    settings: RemindSettings,
    created: Option<NaiveDate>,
    joined: HashMap<i64, Joined>,
    periods: Vec<ReportPeriod>,
    moved_on: Option<Period>,
}

fn day_of(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

impl PlanContext {
    fn load(db: &Db, plan_id: i64) -> Result<PlanContext, RemindError> {
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
    fn required(&self, unit_id: i64, rp: &ReportPeriod) -> bool {
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

    fn find_period(&self, period: Period) -> Result<&ReportPeriod, RemindError> {
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

    fn status(
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
    /// first to the last in two queries, see [`progress::status_over`]), in the order given.
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
            progress::status_over(db, self.plan.id, from, to)?
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

    fn board(&self, db: &Db, today: NaiveDate) -> Result<Board, RemindError> {
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
    fn active_on(&self, today: NaiveDate) -> bool {
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

// ---------------------------------------------------------------------------------------------
// Reminder items (CLI `remind`, notifications)

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A report due today or later.
    ReportDue,
    /// A report past its due date that some unit has not sent.
    ReportOverdue,
    /// A task deadline near or past.
    TaskDeadline,
    /// The current or next phase (工作步骤).
    Phase,
}

/// One reminder as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub kind: ItemKind,
    pub due: NaiveDate,
    /// The period, for report kinds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    pub title: String,
    /// Units that have not reported, for report kinds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units_missing: Option<Vec<String>>,
    pub level: Level,
}

/// 今天截止 / 还剩3个工作日 / 已逾期2个工作日.
pub fn countdown_text(today: NaiveDate, due: NaiveDate, workdays_left: i64) -> String {
    if today == due {
        "今天截止".to_string()
    } else if today > due {
        if workdays_left < 0 {
            format!("已逾期{}个工作日", -workdays_left)
        } else {
            "已逾期".to_string()
        }
    } else {
        format!("还剩{workdays_left}个工作日")
    }
}

fn report_item(s: &PeriodStatus, today: NaiveDate) -> Item {
    let due = s.report.due;
    let missing = s.missing_units();
    let progress = if missing.is_empty() {
        "已全部报送".to_string()
    } else {
        format!("{}个单位未报", missing.len())
    };
    Item {
        kind: if due < today && !missing.is_empty() {
            ItemKind::ReportOverdue
        } else {
            ItemKind::ReportDue
        },
        due,
        period: Some(s.report.period),
        title: format!(
            "{}工作台账报送截止{}（{}），{}",
            s.report.label,
            format_cn(due),
            countdown_text(today, due, s.workdays_left),
            progress
        ),
        units_missing: Some(missing),
        level: s.level,
    }
}

fn phase_item(p: &Phase, current: bool) -> Option<Item> {
    let (due, title) = if current {
        let end = p.end?;
        let span = match p.start {
            Some(s) => format!("{}至{}", format_cn(s), format_cn(end)),
            None => format!("至{}", format_cn(end)),
        };
        (end, format!("当前阶段：{}（{span}）", p.name))
    } else {
        let start = p.start?;
        (
            start,
            format!("下一阶段：{}（{}开始）", p.name, format_cn(start)),
        )
    };
    Some(Item {
        kind: ItemKind::Phase,
        due,
        period: None,
        title,
        units_missing: None,
        level: Level::Green,
    })
}

/// Most urgent first: red, yellow, green; then by due date.
fn sort_items(items: &mut [Item]) {
    items.sort_by_key(|i| (i.level, i.due, i.kind));
}

/// The reminders of one board: overdue periods, the current and next report, task deadlines and
/// phases; the most urgent first.
pub fn board_items(board: &Board) -> Vec<Item> {
    let today = board.today;
    let mut items: Vec<Item> = board
        .overdue
        .iter()
        .chain(board.current.iter())
        .chain(board.next.iter())
        .map(|s| report_item(s, today))
        .collect();
    items.extend(board.tasks.iter().map(|t| {
        let what = if t.overdue {
            "任务逾期"
        } else {
            "任务到期"
        };
        let code = if t.code.is_empty() {
            String::new()
        } else {
            format!("{} ", t.code)
        };
        Item {
            kind: ItemKind::TaskDeadline,
            due: t.deadline,
            period: None,
            title: format!(
                "{what}：{code}{}（完成时限：{}，{}）",
                t.title,
                t.deadline_text,
                countdown_text(today, t.deadline, t.workdays_left)
            ),
            units_missing: None,
            level: t.level,
        }
    }));
    items.extend(
        board
            .current_phase
            .iter()
            .filter_map(|p| phase_item(p, true)),
    );
    items.extend(board.next_phase.iter().filter_map(|p| phase_item(p, false)));
    sort_items(&mut items);
    items
}

/// What `remind` reports for a day: its items and the boards' warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminders {
    pub items: Vec<Item>,
    pub warnings: Vec<String>,
}

/// The reminders as of `today` for one plan, or — with `None` — for every plan running around
/// that day (from a month before its start to a month after its last due date); with several
/// plans each title starts with its plan's title.
pub fn reminders(
    db: &Db,
    plan_id: Option<i64>,
    today: NaiveDate,
) -> Result<Reminders, RemindError> {
    let contexts = match plan_id {
        Some(id) => vec![PlanContext::load(db, id)?],
        None => {
            let mut all = Vec::new();
            for p in plan::list(db)? {
                let ctx = PlanContext::load(db, p.id)?;
                if ctx.active_on(today) {
                    all.push(ctx);
                }
            }
            all
        }
    };
    let several = contexts.len() > 1;
    let mut out = Reminders {
        items: Vec::new(),
        warnings: Vec::new(),
    };
    for ctx in &contexts {
        let board = ctx.board(db, today)?;
        let prefix = if several {
            format!("【{}】", board.plan_title)
        } else {
            String::new()
        };
        for mut item in board_items(&board) {
            item.title = format!("{prefix}{}", item.title);
            out.items.push(item);
        }
        for w in board.warnings {
            let w = format!("{prefix}{w}");
            if !out.warnings.contains(&w) {
                out.warnings.push(w);
            }
        }
    }
    sort_items(&mut out.items);
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// 催报

/// A ready-to-send 催报 message for one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChaseMessage {
    pub plan_id: i64,
    pub period: Period,
    pub unit_id: i64,
    pub unit: String,
    /// 联络员.
    pub contact_name: String,
    pub contact_phone: String,
    pub state: UnitState,
    pub due: NaiveDate,
    pub workdays_left: i64,
    /// The template filled for this unit.
    pub message: String,
    /// When it was last chased for this period.
    pub chased_at: Option<String>,
    pub chase_count: i64,
    /// Rows of the unit's report for the period before that repeat its own earlier reports
    /// (照抄); when any, `message` ends with a polite line asking for new progress.
    #[serde(default)]
    pub repeated_rows: usize,
}

/// The values a 催报 template is filled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageFields<'a> {
    pub unit: &'a str,
    pub contact_name: &'a str,
    pub period_label: &'a str,
    pub due: NaiveDate,
    pub plan_title: &'a str,
    /// e.g. 目前尚未收到，已逾期2个工作日.
    pub state_text: &'a str,
}

/// Fills a 催报 template; unknown placeholders stay as written.
pub fn fill_template(template: &str, f: &MessageFields<'_>) -> String {
    let due = format_cn(f.due);
    let mut out = template.replace('｛', "{").replace('｝', "}");
    for (name, value) in [
        ("单位", f.unit),
        ("联络员", f.contact_name),
        ("期次", f.period_label),
        ("截止日期", due.as_str()),
        ("方案", f.plan_title),
        ("状态", f.state_text),
    ] {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// 目前尚未收到，已逾期2个工作日 / 今天截止，目前尚未收到 / 目前尚未收到，距截止还有3个工作日.
fn state_text(today: NaiveDate, due: NaiveDate, workdays_left: i64) -> String {
    if today > due {
        format!(
            "目前尚未收到，{}",
            countdown_text(today, due, workdays_left)
        )
    } else if today == due {
        "今天截止，目前尚未收到".to_string()
    } else {
        format!("目前尚未收到，距截止还有{workdays_left}个工作日")
    }
}

/// The 催报 of one period: a message per unit that has not reported, and one for all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChaseList {
    pub plan_id: i64,
    pub period: Period,
    /// 2025年9月 …
    pub label: String,
    pub due: NaiveDate,
    /// Working days after today up to the due date (negative once past).
    pub workdays_left: i64,
    pub units: Vec<ChaseMessage>,
    /// The template filled with every unit not reported (for a group chat); empty when none.
    pub message_all: String,
}

/// The units that have not reported for `period` — all, or just `unit_id` — each with its
/// liaison, phone and the 催报 message filled from the template in 设置.
pub fn chase_list(
    db: &Db,
    plan_id: i64,
    period: Period,
    today: NaiveDate,
    unit_id: Option<i64>,
) -> Result<ChaseList, RemindError> {
    let ctx = PlanContext::load(db, plan_id)?;
    let rp = ctx.find_period(period)?.clone();
    if let Some(id) = unit_id {
        if !unit_in_plan(db, plan_id, id)? {
            return Err(RemindError::UnitNotInPlan(unit::get(db.conn(), id)?.name));
        }
    }
    let status = ctx.status(db, &rp, today)?;
    let state = state_text(today, rp.due, status.workdays_left);
    let fill = |unit: &str, contact_name: &str| {
        fill_template(
            &ctx.settings.chase_template,
            &MessageFields {
                unit,
                contact_name,
                period_label: &rp.label,
                due: rp.due,
                plan_title: &ctx.plan.title,
                state_text: &state,
            },
        )
    };
    let repeated = crate::copied::repeating_units(db.conn(), plan_id, period.prev())?;
    let units: Vec<ChaseMessage> = status
        .units
        .into_iter()
        .filter(|u| !u.state.reported() && unit_id.is_none_or(|id| id == u.unit_id))
        .map(|u| ChaseMessage {
            repeated_rows: repeated.get(&u.unit_id).copied().unwrap_or(0),
            message: fill(&u.unit, &u.contact_name)
                + &repeated
                    .get(&u.unit_id)
                    .map(|&n| repeat_line(period.prev(), n))
                    .unwrap_or_default(),
            plan_id,
            period,
            unit_id: u.unit_id,
            unit: u.unit,
            contact_name: u.contact_name,
            contact_phone: u.contact_phone,
            state: u.state,
            due: rp.due,
            workdays_left: status.workdays_left,
            chased_at: u.chased_at,
            chase_count: u.chase_count,
        })
        .collect();
    let message_all = match units.as_slice() {
        [] => String::new(),
        [one] => one.message.clone(),
        many => {
            let names: Vec<&str> = many.iter().map(|m| m.unit.as_str()).collect();
            fill(&names.join("、"), "各单位联络员")
        }
    };
    Ok(ChaseList {
        plan_id,
        period,
        label: rp.label,
        due: rp.due,
        workdays_left: status.workdays_left,
        units,
        message_all,
    })
}

/// The polite line for a unit whose last report repeated its earlier ones.
fn repeat_line(last: Period, rows: usize) -> String {
    format!(
        "\n另：贵单位{}报送的进展中有{rows}项与此前报送基本相同，本期填报时请写明新的工作进展，谢谢。",
        last.label()
    )
}

/// One 已催报 record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChaseRecord {
    pub id: i64,
    pub plan_id: i64,
    pub unit_id: i64,
    pub unit: String,
    pub period: Period,
    pub chased_at: String,
    pub message: String,
}

/// Records that the clerk chased `unit_id` for `period` at `at` (已催报), with the message sent.
pub fn mark_chased(
    db: &mut Db,
    plan_id: i64,
    unit_id: i64,
    period: Period,
    at: NaiveDateTime,
    message: &str,
) -> Result<ChaseRecord, RemindError> {
    plan::get(db.conn(), plan_id)?;
    let unit = unit::get(db.conn(), unit_id)?;
    let chased_at = at.format("%Y-%m-%d %H:%M:%S").to_string();
    let tx = db.transaction()?;
    tx.execute(
        "INSERT INTO chase_log (plan_id, unit_id, period, chased_at, message)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![plan_id, unit_id, period.to_string(), chased_at, message],
    )?;
    let record = ChaseRecord {
        id: tx.last_insert_rowid(),
        plan_id,
        unit_id,
        unit: unit.name,
        period,
        chased_at,
        message: message.to_string(),
    };
    audit(
        &tx,
        "chase_log",
        record.id,
        "chase",
        None,
        serde_json::to_value(&record).ok().as_ref(),
    )?;
    tx.commit()?;
    Ok(record)
}

/// The 催报 records of a plan's period, newest first.
pub fn chase_log(
    conn: &Connection,
    plan_id: i64,
    period: Period,
) -> Result<Vec<ChaseRecord>, RemindError> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.unit_id, u.name, c.chased_at, c.message
         FROM chase_log c JOIN unit u ON u.id = c.unit_id
         WHERE c.plan_id = ?1 AND c.period = ?2 ORDER BY c.chased_at DESC, c.id DESC",
    )?;
    let rows = stmt.query_map(params![plan_id, period.to_string()], |r| {
        Ok(ChaseRecord {
            id: r.get(0)?,
            plan_id,
            unit_id: r.get(1)?,
            unit: r.get(2)?,
            period,
            chased_at: r.get(3)?,
            message: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether a unit is among the plan's reporting units (assigned to a live task).
pub fn unit_in_plan(db: &Db, plan_id: i64, unit_id: i64) -> Result<bool, RemindError> {
    let n: i64 = db.conn().query_row(
        "SELECT count(*) FROM assignment a JOIN task t ON t.id = a.task_id
         WHERE t.plan_id = ?1 AND t.deleted_at IS NULL AND a.unit_id = ?2",
        params![plan_id, unit_id],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

#[cfg(test)]
mod tests;
