//! 汇总报表: what the clerk puts on the leadership group's table — the 汇总台账 of a period
//! ([`summary`]), the 进展统计 per section and unit with its trend ([`stats`]), and the 报送情况
//! 通报 with a ranking and a paragraph written from the numbers ([`circular`]); each also as a
//! print-ready workbook ([`export`]).
//!
//! Every report covers a [`Range`] of months of one plan and takes `today` as a parameter (the
//! day it is generated on, and what counts as due); nothing here reads the clock.

pub mod circular;
mod sheet;
pub mod stats;
pub mod summary;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error_kind::ErrorKind;
use crate::ledger::{Existing, LedgerError, WrittenFile};
use crate::plan::{self, Plan, PlanError, Section};
use crate::progress::{self, Period, ProgressError};
use crate::remind::{self, RemindError};
use crate::store::{Db, StoreError};
use crate::task::{self, Status, Task, TaskError};
use crate::unit::{UnitError, UnitKind};

pub use circular::{circular, Circular};
pub use stats::{stats, Stats};
pub use summary::{summary, Summary, SummaryPage};

/// No report spans more than 20 years of months; a guard for a plan without dates.
const MAX_MONTHS: usize = 240;

/// Errors of the reports.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("起始月份{from}晚于截止月份{to}。请把较早的月份填在“起”，较晚的月份填在“止”，如 2025-07 至 2025-09。")]
    Reversed { from: String, to: String },
    #[error("{period}不在该方案的报送期内（{range}）。请选择{range}之间的月份。")]
    OutsidePlan { period: String, range: String },
    #[error("所选期间跨越 {0} 个月，太长了。请选择不超过 240 个月的期间。")]
    TooLong(usize),
    #[error("报表类型“{0}”无法识别，请用 summary（汇总台账）、stats（进展统计）或 circular（报送情况通报）。")]
    UnknownKind(String),
    #[error(transparent)]
    Sheet(#[from] LedgerError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Progress(#[from] ProgressError),
    #[error(transparent)]
    Remind(#[from] RemindError),
    #[error(transparent)]
    Task(#[from] TaskError),
    #[error(transparent)]
    Unit(#[from] UnitError),
    #[error(transparent)]
    Office(#[from] crate::office::OfficeError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Copied(#[from] crate::copied::CopiedError),
}
crate::impl_from_sqlite!(ReportError);

impl ReportError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ReportError::Reversed { .. }
            | ReportError::OutsidePlan { .. }
            | ReportError::TooLong(_)
            | ReportError::UnknownKind(_) => ErrorKind::Invalid,
            ReportError::Sheet(e) => e.kind(),
            ReportError::Plan(e) => e.kind(),
            ReportError::Progress(e) => e.kind(),
            ReportError::Remind(e) => e.kind(),
            ReportError::Task(e) => e.kind(),
            ReportError::Unit(e) => e.kind(),
            ReportError::Office(e) => e.kind(),
            ReportError::Store(e) => e.kind(),
            ReportError::Copied(e) => e.kind(),
        }
    }
}

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// 汇总台账.
    Summary,
    /// 进展统计.
    Stats,
    /// 报送情况通报.
    Circular,
}

impl ReportKind {
    /// The report's name as the clerk reads it: 汇总台账 / 进展统计 / 报送情况通报.
    pub fn label(self) -> &'static str {
        match self {
            ReportKind::Summary => "汇总台账",
            ReportKind::Stats => "进展统计",
            ReportKind::Circular => "报送情况通报",
        }
    }

    /// Parses `summary` / `stats` / `circular` or the Chinese name.
    pub fn parse(s: &str) -> Result<ReportKind, ReportError> {
        let t = s.trim();
        [ReportKind::Summary, ReportKind::Stats, ReportKind::Circular]
            .into_iter()
            .find(|k| {
                let code = match k {
                    ReportKind::Summary => "summary",
                    ReportKind::Stats => "stats",
                    ReportKind::Circular => "circular",
                };
                code.eq_ignore_ascii_case(t) || k.label() == t
            })
            .ok_or_else(|| ReportError::UnknownKind(t.to_string()))
    }
}

/// The months a report covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub from: Period,
    pub to: Period,
}

impl Range {
    /// One month.
    pub fn month(p: Period) -> Range {
        Range { from: p, to: p }
    }

    /// 2025年9月 / 2025年7月至9月 / 2025年11月至2026年2月.
    pub fn label(&self) -> String {
        if self.from == self.to {
            self.from.label()
        } else if self.from.year == self.to.year {
            format!("{}至{}月", self.from.label(), self.to.month)
        } else {
            format!("{}至{}", self.from.label(), self.to.label())
        }
    }

    /// Every month of the range, in order.
    pub fn months(&self) -> Vec<Period> {
        let mut out = Vec::new();
        let mut p = self.from;
        while p <= self.to && out.len() < MAX_MONTHS {
            out.push(p);
            p = p.next();
        }
        out
    }

    fn len(&self) -> usize {
        let n =
            (self.to.year - self.from.year) * 12 + self.to.month as i32 - self.from.month as i32;
        usize::try_from(n + 1).unwrap_or(0)
    }

    /// Whether `p` is within the range.
    pub fn contains(&self, p: Period) -> bool {
        self.from <= p && p <= self.to
    }

    /// Checks the range against the plan: `from` not after `to`, and both within the plan's
    /// reporting months (when the plan has dates to give them).
    pub fn check(&self, plan: &Plan) -> Result<(), ReportError> {
        if self.from > self.to {
            return Err(ReportError::Reversed {
                from: self.from.label(),
                to: self.to.label(),
            });
        }
        if let Some((first, last)) = remind::report_range(plan) {
            for p in [self.from, self.to] {
                if p < first || p > last {
                    return Err(ReportError::OutsidePlan {
                        period: p.label(),
                        range: Range {
                            from: first,
                            to: last,
                        }
                        .label(),
                    });
                }
            }
        }
        if self.len() > MAX_MONTHS {
            return Err(ReportError::TooLong(self.len()));
        }
        Ok(())
    }
}

/// What every report starts with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Head {
    pub kind: ReportKind,
    pub plan_id: i64,
    pub plan_title: String,
    pub from: Period,
    pub to: Period,
    /// 2025年9月 / 2025年7月至9月.
    pub label: String,
    /// The day the report was made (today).
    pub generated_on: NaiveDate,
    /// Nothing to report for the range; `note` says so in plain words.
    pub empty: bool,
    pub note: Option<String>,
}

/// Where a task or a unit stands as of a month, in the four report buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// 已完成
    Done,
    /// 推进中 (长期坚持 is counted here, and still shown as 长期坚持: see [`Bucket::label_for`])
    InProgress,
    /// 未启动
    NotStarted,
    /// 逾期: not done and past its dated deadline.
    Overdue,
}

impl Bucket {
    /// 已完成 / 推进中 / 未启动 / 逾期.
    pub fn label(self) -> &'static str {
        match self {
            Bucket::Done => "已完成",
            Bucket::InProgress => "推进中",
            Bucket::NotStarted => "未启动",
            Bucket::Overdue => "逾期",
        }
    }

    /// The words shown for a task or unit in this bucket whose status is `s`: 长期坚持 stays
    /// 长期坚持 (counted as 推进中); otherwise the bucket's label.
    pub fn label_for(self, s: Status) -> &'static str {
        if self == Bucket::InProgress && s == Status::Ongoing {
            Status::Ongoing.label()
        } else {
            self.label()
        }
    }

    fn of_status(s: Status) -> Bucket {
        match s {
            Status::Done => Bucket::Done,
            Status::InProgress | Status::Ongoing => Bucket::InProgress,
            Status::NotStarted => Bucket::NotStarted,
        }
    }
}

/// Tasks per bucket and the completion rate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub done: usize,
    pub in_progress: usize,
    pub not_started: usize,
    pub overdue: usize,
    /// done / total (0 when total is 0), rounded to 4 decimals.
    pub completion_rate: f64,
}

impl Counts {
    fn add(&mut self, b: Bucket) {
        self.total += 1;
        match b {
            Bucket::Done => self.done += 1,
            Bucket::InProgress => self.in_progress += 1,
            Bucket::NotStarted => self.not_started += 1,
            Bucket::Overdue => self.overdue += 1,
        }
        self.completion_rate = rate(self.done, self.total);
    }

    fn of(buckets: impl IntoIterator<Item = Bucket>) -> Counts {
        let mut c = Counts::default();
        for b in buckets {
            c.add(b);
        }
        c
    }
}

/// `part / whole` rounded to 4 decimals; 0 when `whole` is 0.
pub(crate) fn rate(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    (part as f64 / whole as f64 * 10_000.0).round() / 10_000.0
}

/// A rate as people read it: 66.7%, 100%, 0%.
pub fn percent(rate: f64) -> String {
    let text = format!("{:.1}", rate * 100.0);
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text}%")
}

/// One entry of a unit's report on a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub period: Period,
    pub text: String,
    pub status: Option<Status>,
}

/// A unit of the directory (groups such as 各乡镇人民政府 left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnitInfo {
    pub id: i64,
    pub name: String,
}

/// Everything the reports of one plan need, read once: tasks with their units, sections, the
/// directory, and every current report up to the end of the range.
pub(crate) struct PlanData {
    pub plan: Plan,
    pub range: Range,
    pub today: NaiveDate,
    pub tasks: Vec<Task>,
    pub sections: HashMap<i64, Section>,
    /// Unit ids assigned to each task (any role), in assignment order.
    pub task_units: HashMap<i64, Vec<i64>>,
    /// The directory in its order: departments, then townships.
    pub units: Vec<UnitInfo>,
    /// Each unit's latest current entry with text or status on each task as of the range's end,
    /// by (unit, task).
    pub entries: HashMap<(i64, i64), Vec<Entry>>,
    /// Units with a current submission for each period up to the end of the range.
    pub submitted: HashMap<Period, Vec<i64>>,
    /// The reports a task's status is worked out from (see [`crate::status`]).
    pub status: crate::status::Reports,
}

impl PlanData {
    pub(crate) fn load(
        db: &Db,
        plan_id: i64,
        range: Range,
        today: NaiveDate,
    ) -> Result<PlanData, ReportError> {
        let conn = db.conn();
        let plan = plan::get(conn, plan_id)?;
        range.check(&plan)?;
        let tasks = task::of_plan_as_stored(db, plan_id)?;
        let sections = plan::section_map(db, plan_id)?;
        let mut task_units: HashMap<i64, Vec<i64>> = HashMap::new();
        {
            for a in task::assignment::of_plan(conn, plan_id)? {
                let ids = task_units.entry(a.task_id).or_default();
                if !ids.contains(&a.unit_id) {
                    ids.push(a.unit_id);
                }
            }
        }
        let units = {
            let mut stmt = conn.prepare_cached(
                "SELECT id, name, kind FROM unit
                 ORDER BY CASE kind WHEN 'department' THEN 0 WHEN 'township' THEN 1 ELSE 2 END,
                          seq, id",
            )?;
            let rows = stmt.query_map([], |r| {
                let kind: String = r.get(2)?;
                Ok((
                    UnitInfo {
                        id: r.get(0)?,
                        name: r.get(1)?,
                    },
                    UnitKind::parse(&kind).unwrap_or_default(),
                ))
            })?;
            rows.filter(|r| !matches!(r, Ok((_, UnitKind::Group))))
                .map(|r| r.map(|(u, _)| u))
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        // Units with a current submission for each month of the range.
        let mut submitted: HashMap<Period, Vec<i64>> = HashMap::new();
        {
            for s in progress::submissions::current(conn, plan_id, range.from, range.to, false)? {
                let units = submitted.entry(s.period).or_default();
                if !units.contains(&s.unit_id) {
                    units.push(s.unit_id);
                }
            }
        }
        // Each unit's latest report on each task as of every month of the range: what the
        // statuses are worked out from, and (as of the range's end) what the report shows.
        let ids: Vec<i64> = tasks.iter().map(|t| t.id).collect();
        let status = crate::status::Reports::over(conn, plan_id, &ids, range.from, range.to)?;
        let mut entries: HashMap<(i64, i64), Vec<Entry>> = HashMap::new();
        for t in &tasks {
            for r in status.latest_as_of(t.id, Some(range.to)) {
                let text = r.text.trim();
                if text.is_empty() && r.status.is_none() {
                    continue;
                }
                entries.entry((r.unit_id, t.id)).or_default().push(Entry {
                    period: r.period,
                    text: text.to_string(),
                    status: r.status,
                });
            }
        }
        Ok(PlanData {
            plan,
            range,
            today,
            tasks,
            sections,
            task_units,
            units,
            entries,
            submitted,
            status,
        })
    }

    pub(crate) fn head(&self, kind: ReportKind) -> Head {
        Head {
            kind,
            plan_id: self.plan.id,
            plan_title: self.plan.title.clone(),
            from: self.range.from,
            to: self.range.to,
            label: self.range.label(),
            generated_on: self.today,
            empty: false,
            note: None,
        }
    }

    /// The unit's latest entry on a task for a month no later than `p`, and no earlier than
    /// `since` when given.
    pub(crate) fn latest(
        &self,
        unit: i64,
        task: i64,
        p: Period,
        since: Option<Period>,
    ) -> Option<&Entry> {
        self.entries
            .get(&(unit, task))?
            .iter()
            .rev()
            .find(|e| e.period <= p && since.is_none_or(|s| e.period >= s))
    }

    /// A task's status as of month `p`, by the one rule every page uses ([`crate::status`]).
    pub(crate) fn task_status(&self, t: &Task, p: Period) -> Status {
        self.status.of(t, Some(p)).0
    }

    /// A unit's status on a task as of month `p`: its own latest report, else the task's.
    pub(crate) fn unit_status(&self, t: &Task, unit: i64, p: Period) -> Status {
        match self.latest(unit, t.id, p, None) {
            Some(e) => e.status.unwrap_or(Status::InProgress),
            None => self.task_status(t, p),
        }
    }

    /// A unit's status on a task as of month `p` as a report bucket.
    pub(crate) fn unit_bucket(&self, t: &Task, unit: i64, p: Period) -> Bucket {
        overdue_rule(
            t,
            Bucket::of_status(self.unit_status(t, unit, p)),
            p,
            self.today,
        )
    }

    /// A task's status as of month `p` (see [`PlanData::task_status`]) as a report bucket:
    /// overdue when not done and past its dated deadline.
    pub(crate) fn task_bucket(&self, t: &Task, p: Period) -> Bucket {
        overdue_rule(t, Bucket::of_status(self.task_status(t, p)), p, self.today)
    }

    /// Units of the plan (see [`PlanData::plan_units`]) with a current submission for any month
    /// of the range; a unit without tasks that sent a ledger anyway brings no data.
    pub(crate) fn reported_in_range(&self) -> Vec<i64> {
        let mut out: Vec<i64> = Vec::new();
        for (p, units) in &self.submitted {
            if self.range.contains(*p) {
                for u in units {
                    if !out.contains(u) && self.has_tasks(*u) {
                        out.push(*u);
                    }
                }
            }
        }
        out
    }

    /// The unit is assigned to at least one live task.
    fn has_tasks(&self, unit: i64) -> bool {
        self.task_units.values().any(|ids| ids.contains(&unit))
    }

    /// Units assigned to at least one live task, in directory order.
    pub(crate) fn plan_units(&self) -> Vec<&UnitInfo> {
        self.units.iter().filter(|u| self.has_tasks(u.id)).collect()
    }

    /// The task's sections from the outermost to its own, as (id, label, level); 其他任务 for
    /// a task without one.
    pub(crate) fn section_chain(&self, t: &Task) -> Vec<(Option<i64>, String, i64)> {
        let mut chain = Vec::new();
        let mut next = t.section_id;
        while let Some(s) = next.and_then(|id| self.sections.get(&id)) {
            if chain.len() > 16 {
                break;
            }
            chain.push((Some(s.id), task::section_label(&s.code, &s.title), s.level));
            next = s.parent_id;
        }
        if chain.is_empty() {
            chain.push((None, NO_SECTION.to_string(), 1));
        }
        chain.reverse();
        chain
    }

    /// The task's section as one label (`(一)强化法治思维…`), or 其他任务 when it has none.
    pub(crate) fn section_label(&self, t: &Task) -> String {
        match t.section_id.and_then(|id| self.sections.get(&id)) {
            Some(s) => task::section_label(&s.code, &s.title),
            None => NO_SECTION.to_string(),
        }
    }
}

/// The heading of tasks that belong to no section.
pub const NO_SECTION: &str = "其他任务";

/// Not done and the dated deadline has passed by the month's last day, or by `today` when
/// the month is not over yet (a report on the current month) → overdue.
fn overdue_rule(t: &Task, raw: Bucket, p: Period, today: NaiveDate) -> Bucket {
    let status = if raw == Bucket::Done {
        Status::Done
    } else {
        Status::InProgress
    };
    match p.last_day() {
        Some(last) if task::overdue(t.deadline_kind, t.deadline, status, last.min(today)) => {
            Bucket::Overdue
        }
        _ => raw,
    }
}

/// Names joined with 、; more than three become “A、B、C等N个单位”.
pub(crate) fn name_list(names: &[String]) -> String {
    if names.len() > 3 {
        format!("{}等{}个单位", names[..3].join("、"), names.len())
    } else {
        names.join("、")
    }
}

/// Any of the three reports, serialised as the report itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Report {
    Summary(Summary),
    Stats(Stats),
    Circular(Circular),
}

impl Report {
    /// What every report starts with.
    pub fn head(&self) -> &Head {
        match self {
            Report::Summary(r) => &r.head,
            Report::Stats(r) => &r.head,
            Report::Circular(r) => &r.head,
        }
    }
}

/// Builds the report of `kind` for `range` as of `today`.
pub fn build(
    db: &Db,
    kind: ReportKind,
    plan_id: i64,
    range: Range,
    today: NaiveDate,
) -> Result<Report, ReportError> {
    Ok(match kind {
        ReportKind::Summary => Report::Summary(summary(db, plan_id, range, today)?),
        ReportKind::Stats => Report::Stats(stats(db, plan_id, range, today)?),
        ReportKind::Circular => Report::Circular(circular(db, plan_id, range, today)?),
    })
}

/// Writes the print-ready workbook of `report` to `path` (an `.xlsx` file; see [`Existing`]
/// for a file already there); returns where it went.
pub fn write(report: &Report, path: &Path, existing: Existing) -> Result<WrittenFile, ReportError> {
    sheet::check_target(path)?;
    let bytes = match report {
        Report::Summary(r) => sheet::summary_workbook(r)?,
        Report::Stats(r) => sheet::stats_workbook(r)?,
        Report::Circular(r) => sheet::circular_workbook(r)?,
    };
    sheet::write(path, bytes, existing)
}

/// Builds the report of `kind` and writes its workbook to `path`; returns where it went.
pub fn export(
    db: &Db,
    kind: ReportKind,
    plan_id: i64,
    range: Range,
    today: NaiveDate,
    path: &Path,
    existing: Existing,
) -> Result<WrittenFile, ReportError> {
    sheet::check_target(path)?;
    write(&build(db, kind, plan_id, range, today)?, path, existing)
}

/// `<方案>_<报表>_<期间>.xlsx`, made safe for Windows, as the save dialog suggests it.
pub fn file_name(plan_title: &str, kind: ReportKind, range: Range) -> String {
    let title: String = plan_title.chars().take(40).collect();
    let stem = format!("{title}_{}_{}", kind.label(), range.label());
    format!("{}.xlsx", crate::ledger::sanitize_file_name(&stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(y: i32, m: u32) -> Period {
        Period { year: y, month: m }
    }

    #[test]
    fn range_labels_read_as_in_documents() {
        assert_eq!(Range::month(p(2025, 9)).label(), "2025年9月");
        let r = Range {
            from: p(2025, 7),
            to: p(2025, 9),
        };
        assert_eq!(r.label(), "2025年7月至9月");
        assert_eq!(r.months().len(), 3);
        let across = Range {
            from: p(2025, 11),
            to: p(2026, 2),
        };
        assert_eq!(across.label(), "2025年11月至2026年2月");
        assert_eq!(across.months().len(), 4);
        assert_eq!(across.len(), 4);
    }

    #[test]
    fn rates_round_and_read_as_percent() {
        assert_eq!(rate(2, 3), 0.6667);
        assert_eq!(rate(0, 0), 0.0);
        assert_eq!(percent(rate(2, 3)), "66.7%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(rate(68, 75)), "90.7%");
    }

    #[test]
    fn long_name_lists_are_cut_after_three() {
        let names = |n: usize| -> Vec<String> { (1..=n).map(|i| format!("单位{i}")).collect() };
        assert_eq!(name_list(&names(1)), "单位1");
        assert_eq!(name_list(&names(3)), "单位1、单位2、单位3");
        assert_eq!(name_list(&names(5)), "单位1、单位2、单位3等5个单位");
    }

    #[test]
    fn kinds_parse_in_english_and_chinese() {
        assert_eq!(ReportKind::parse("stats").ok(), Some(ReportKind::Stats));
        assert_eq!(
            ReportKind::parse("报送情况通报").ok(),
            Some(ReportKind::Circular)
        );
        assert!(ReportKind::parse("pie").is_err());
    }
}
