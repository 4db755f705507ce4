//! 方案: the plan with its reporting rule, phases (工作步骤) and section hierarchy.
//!
//! Importing a plan document lives in the submodules: [`doc`] reads .docx/.txt, [`parse`]
//! extracts a [`draft::PlanDraft`], [`import`] matches units, commits and undoes. The plan's
//! Excel attachments go the same way: [`workbook`] reads .xlsx/.xls into grids, [`sheet`] turns
//! task tables into the same draft, [`merge`] imports a draft into an existing plan, and
//! [`roster`] reads a 领导小组名单 into the leadership group.

pub mod batch;
pub mod draft;
pub mod error;
pub mod history;
pub mod import;
pub mod merge;
pub mod parse;
pub mod roster;
pub mod sheet;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error_kind::ErrorKind;
use crate::limits::{self, TooLong, MAX_CELL_CHARS, MAX_NAME_CHARS, MAX_TITLE_CHARS};
use crate::period::Period;
use crate::store::{audit, now_string, Db, StoreError};

/// Whether a monthly report covers the month before the due date or the month it falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Covers {
    /// 每月5日前报送上月进展.
    #[default]
    Previous,
    /// 每月30日前填报本月进展.
    Current,
}

impl Covers {
    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Covers::Previous => "previous",
            Covers::Current => "current",
        }
    }
}

/// The plan's reporting rule: when each period's report is due and which periods there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportRule {
    /// Day of the month the report is due (1–31, clamped to the month's last day), unless
    /// `month_end`.
    pub day: Option<u32>,
    /// Due on the last day of the month (月底).
    pub month_end: bool,
    pub covers: Covers,
    /// A due date on a weekend or public holiday moves to the next working day (default on).
    pub shift_to_workday: bool,
    /// A report every month (default on).
    pub monthly: bool,
    /// A report at the end of each quarter (每季度).
    pub quarterly: bool,
    /// A report at the end of each half-year (每半年).
    pub half_yearly: bool,
    /// First period reported; by default the month the plan (or its first phase) starts.
    pub from: Option<Period>,
    /// Last period reported; by default the month the plan (or its last phase) ends.
    pub until: Option<Period>,
}

impl Default for ReportRule {
    fn default() -> Self {
        ReportRule {
            day: None,
            month_end: false,
            covers: Covers::Previous,
            shift_to_workday: true,
            monthly: true,
            quarterly: false,
            half_yearly: false,
            from: None,
            until: None,
        }
    }
}

impl ReportRule {
    /// Whether the rule names a due day at all.
    pub fn has_due_day(&self) -> bool {
        self.month_end || self.day.is_some()
    }

    /// Checks the day and the period range.
    pub fn validate(&self) -> Result<(), PlanError> {
        if let Some(day) = self.day.filter(|d| !(1..=31).contains(d)) {
            return Err(PlanError::BadReportDay(day));
        }
        if let (Some(from), Some(until)) = (self.from, self.until) {
            if until < from {
                return Err(PlanError::ReportRangeReversed { from, until });
            }
        }
        Ok(())
    }
}

/// A phase of the plan (工作步骤), e.g. 组织动员 from 3月1日 to 3月31日.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    #[serde(default)]
    pub id: i64,
    pub name: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    #[serde(default)]
    pub description: String,
}

/// A plan as listed and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub id: i64,
    pub title: String,
    /// 文号, e.g. 示政发〔2025〕6号.
    pub doc_no: String,
    /// 发文机关.
    pub issuer: String,
    pub year: Option<i32>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub report_rule: ReportRule,
    /// The rule as written in the plan.
    pub report_rule_text: String,
    pub phases: Vec<Phase>,
}

impl Plan {
    /// The reporting window: the first and last period reported on — the rule's own `from` /
    /// `until` where set (the plan text or the clerk said so), else from the month the plan (or
    /// its first phase, or its year) starts to the month it (or its last phase) ends. `None`
    /// when there is nothing to start or end it, or it ends before it starts. Every list of
    /// due periods goes by this (see `crate::remind::periods`).
    pub fn report_window(&self) -> Option<(Period, Period)> {
        let (from, until) = self.window_ends();
        let (from, until) = (from?, until?);
        (from <= until).then_some((from, until))
    }

    fn window_ends(&self) -> (Option<Period>, Option<Period>) {
        let rule = &self.report_rule;
        let year_day = |m, d| self.year.and_then(|y| NaiveDate::from_ymd_opt(y, m, d));
        let from = rule.from.or_else(|| {
            self.start_date
                .or_else(|| self.phases.iter().filter_map(|p| p.start).min())
                .or_else(|| year_day(1, 1))
                .map(Period::of)
        });
        let until = rule.until.or_else(|| {
            self.end_date
                .or_else(|| self.phases.iter().filter_map(|p| p.end).max())
                .or_else(|| year_day(12, 31))
                .map(Period::of)
        });
        (from, until)
    }

    /// Whether `period` is inside the reporting window.
    pub fn reports_on(&self, period: Period) -> bool {
        self.report_window()
            .is_some_and(|(from, until)| from <= period && period <= until)
    }
}

/// What creates a plan: its header fields and phases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanInput {
    pub title: String,
    pub doc_no: String,
    pub issuer: String,
    pub year: Option<i32>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub report_rule: ReportRule,
    pub report_rule_text: String,
}

/// A section heading of the plan (一、 / (一)), tasks hang below it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub id: i64,
    pub plan_id: i64,
    pub parent_id: Option<i64>,
    pub code: String,
    pub title: String,
    /// 1 for 一、, 2 for (一) under it.
    pub level: i64,
    pub seq: i64,
}

/// Errors of the plan area.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("未找到编号为 {0} 的方案。请用“方案列表”查看已有方案的编号。")]
    NotFound(i64),
    #[error("数据库中还没有方案。请先载入示例方案或导入方案文件。")]
    NoPlan,
    #[error("方案标题不能为空。")]
    EmptyTitle,
    #[error("报送日“{0}”无效：应为 1 到 31 之间的日期，或选择“月底”。")]
    BadReportDay(u32),
    #[error("工作步骤“{name}”的结束日期早于开始日期，请检查。")]
    PhaseReversed { name: String },
    #[error("报送期次范围有误：截止期次 {until} 早于起始期次 {from}，请检查。")]
    ReportRangeReversed { from: Period, until: Period },
    #[error("方案的结束日期 {end} 早于开始日期 {start}，请检查。")]
    DatesReversed { start: NaiveDate, end: NaiveDate },
    #[error("报送期次范围有误：{which}{period}，与方案的{other}{other_period}不相容（截止早于起始）。请同时修改报送起止期次，或修改方案起止日期。")]
    WindowReversed {
        which: &'static str,
        period: Period,
        other: &'static str,
        other_period: Period,
    },
    #[error(transparent)]
    TooLong(#[from] TooLong),
    /// Reading the plan's tasks (their status) failed.
    #[error(transparent)]
    Task(Box<crate::task::TaskError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}
crate::impl_from_sqlite!(PlanError);

impl PlanError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            PlanError::NotFound(_) | PlanError::NoPlan => ErrorKind::NotFound,
            PlanError::EmptyTitle
            | PlanError::BadReportDay(_)
            | PlanError::PhaseReversed { .. }
            | PlanError::ReportRangeReversed { .. }
            | PlanError::TooLong(_)
            | PlanError::DatesReversed { .. }
            | PlanError::WindowReversed { .. } => ErrorKind::Invalid,
            PlanError::Task(e) => e.kind(),
            PlanError::Store(e) => e.kind(),
        }
    }
}

/// Whether the database holds no plan yet (first run).
pub fn is_empty(db: &Db) -> Result<bool, PlanError> {
    let n: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM plan", [], |r| r.get(0))?;
    Ok(n == 0)
}

/// How many plans `conn` holds (also a backup file's, for 设置 → 备份).
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM plan", [], |r| r.get(0))
}

const SELECT_PLAN: &str = "SELECT id, title, doc_no, issuer, year, start_date, end_date,
        report_day, report_month_end, report_covers, report_rule_text,
        report_shift_workday, report_monthly, report_quarterly, report_half_yearly,
        report_from, report_until FROM plan";

/// A stored `YYYY-MM` period; anything else reads as no period.
fn period_column(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<Period>> {
    let text: Option<String> = row.get(idx)?;
    Ok(text.and_then(|t| Period::parse(&t).ok()))
}

fn row_to_plan(row: &rusqlite::Row<'_>) -> rusqlite::Result<Plan> {
    let covers: String = row.get(9)?;
    Ok(Plan {
        id: row.get(0)?,
        title: row.get(1)?,
        doc_no: row.get(2)?,
        issuer: row.get(3)?,
        year: row.get(4)?,
        start_date: row.get(5)?,
        end_date: row.get(6)?,
        report_rule: ReportRule {
            day: row.get(7)?,
            month_end: row.get(8)?,
            covers: if covers == "current" {
                Covers::Current
            } else {
                Covers::Previous
            },
            shift_to_workday: row.get(11)?,
            monthly: row.get(12)?,
            quarterly: row.get(13)?,
            half_yearly: row.get(14)?,
            from: period_column(row, 15)?,
            until: period_column(row, 16)?,
        },
        report_rule_text: row.get(10)?,
        phases: Vec::new(),
    })
}

fn phases_of(conn: &Connection, plan_id: i64) -> rusqlite::Result<Vec<Phase>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, start_date, end_date, description FROM phase
         WHERE plan_id = ?1 ORDER BY seq, id",
    )?;
    let rows = stmt.query_map([plan_id], |r| {
        Ok(Phase {
            id: r.get(0)?,
            name: r.get(1)?,
            start: r.get(2)?,
            end: r.get(3)?,
            description: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// All plans, newest first.
pub fn list(db: &Db) -> Result<Vec<Plan>, PlanError> {
    let conn = db.conn();
    let mut stmt = conn.prepare(&format!("{SELECT_PLAN} ORDER BY id DESC"))?;
    let mut plans = stmt
        .query_map([], row_to_plan)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for p in &mut plans {
        p.phases = phases_of(conn, p.id)?;
    }
    Ok(plans)
}

/// One plan with its phases.
pub fn get(conn: &Connection, id: i64) -> Result<Plan, PlanError> {
    let mut plan = conn
        .query_row(&format!("{SELECT_PLAN} WHERE id = ?1"), [id], row_to_plan)
        .optional()?
        .ok_or(PlanError::NotFound(id))?;
    plan.phases = phases_of(conn, id)?;
    Ok(plan)
}

/// The plan to show when none is chosen: the newest.
pub fn latest_id(db: &Db) -> Result<i64, PlanError> {
    db.conn()
        .query_row("SELECT max(id) FROM plan", [], |r| {
            r.get::<_, Option<i64>>(0)
        })?
        .ok_or(PlanError::NoPlan)
}

/// Sections of a plan by id, for looking up a task's section.
pub fn section_map(
    db: &Db,
    plan_id: i64,
) -> Result<std::collections::HashMap<i64, Section>, PlanError> {
    Ok(sections(db, plan_id)?
        .into_iter()
        .map(|s| (s.id, s))
        .collect())
}

/// Sections of a plan in document order.
pub fn sections(db: &Db, plan_id: i64) -> Result<Vec<Section>, PlanError> {
    let conn = db.conn();
    get(conn, plan_id)?;
    let mut stmt = conn.prepare(
        "SELECT id, plan_id, parent_id, code, title, level, seq FROM section
         WHERE plan_id = ?1 ORDER BY seq, id",
    )?;
    let rows = stmt.query_map([plan_id], |r| {
        Ok(Section {
            id: r.get(0)?,
            plan_id: r.get(1)?,
            parent_id: r.get(2)?,
            code: r.get(3)?,
            title: r.get(4)?,
            level: r.get(5)?,
            seq: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Refuses a plan header with texts longer than their fields allow (see [`crate::limits`]).
fn check_lengths(input: &PlanInput) -> Result<(), TooLong> {
    limits::check("方案名称", input.title.trim(), MAX_TITLE_CHARS)?;
    limits::check("文号", input.doc_no.trim(), MAX_NAME_CHARS)?;
    limits::check("发文机关", input.issuer.trim(), MAX_TITLE_CHARS)?;
    limits::check("报送要求", input.report_rule_text.trim(), MAX_CELL_CHARS)?;
    Ok(())
}

/// Inserts a plan and its phases inside the caller's transaction.
pub fn insert(conn: &Connection, input: &PlanInput, phases: &[Phase]) -> Result<i64, PlanError> {
    check_lengths(input)?;
    for p in phases {
        limits::check("工作步骤名称", p.name.trim(), MAX_TITLE_CHARS)?;
        limits::check("工作步骤说明", &p.description, MAX_CELL_CHARS)?;
    }
    let title = input.title.trim();
    if title.is_empty() {
        return Err(PlanError::EmptyTitle);
    }
    input.report_rule.validate()?;
    conn.execute(
        "INSERT INTO plan (title, doc_no, issuer, year, start_date, end_date, report_rule_text,
                           created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            title,
            input.doc_no.trim(),
            input.issuer.trim(),
            input.year,
            input.start_date,
            input.end_date,
            input.report_rule_text.trim(),
            now_string(conn)?
        ],
    )?;
    let plan_id = conn.last_insert_rowid();
    write_report_rule(conn, plan_id, &input.report_rule)?;
    for (seq, p) in phases.iter().enumerate() {
        if let (Some(s), Some(e)) = (p.start, p.end) {
            if e < s {
                return Err(PlanError::PhaseReversed {
                    name: p.name.clone(),
                });
            }
        }
        conn.execute(
            "INSERT INTO phase (plan_id, seq, name, start_date, end_date, description)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                plan_id,
                seq as i64,
                p.name.trim(),
                p.start,
                p.end,
                p.description
            ],
        )?;
    }
    Ok(plan_id)
}

fn write_report_rule(conn: &Connection, plan_id: i64, rule: &ReportRule) -> Result<(), PlanError> {
    conn.execute(
        "UPDATE plan SET report_day = ?2, report_month_end = ?3, report_covers = ?4,
                report_shift_workday = ?5, report_monthly = ?6, report_quarterly = ?7,
                report_half_yearly = ?8, report_from = ?9, report_until = ?10
         WHERE id = ?1",
        params![
            plan_id,
            rule.day,
            rule.month_end,
            rule.covers.as_str(),
            rule.shift_to_workday,
            rule.monthly,
            rule.quarterly,
            rule.half_yearly,
            rule.from.map(|p| p.to_string()),
            rule.until.map(|p| p.to_string()),
        ],
    )?;
    Ok(())
}

/// Changes a plan's reporting rule (报送规则), e.g. turning off the move to the next working day.
pub fn set_report_rule(db: &mut Db, plan_id: i64, rule: &ReportRule) -> Result<Plan, PlanError> {
    rule.validate()?;
    let tx = db.transaction()?;
    let before = get(&tx, plan_id)?;
    check_window(&Plan {
        report_rule: *rule,
        ..before.clone()
    })?;
    write_report_rule(&tx, plan_id, rule)?;
    let after = get(&tx, plan_id)?;
    audit(
        &tx,
        "plan",
        plan_id,
        "report_rule",
        serde_json::to_value(before.report_rule).ok().as_ref(),
        serde_json::to_value(after.report_rule).ok().as_ref(),
    )?;
    tx.commit()?;
    Ok(after)
}

/// One end of the window set by the clerk, the other from the plan's dates: together they must
/// still make a window.
fn check_window(plan: &Plan) -> Result<(), PlanError> {
    let (Some(from), Some(until)) = plan.window_ends() else {
        return Ok(());
    };
    if until >= from {
        return Ok(());
    }
    let rule = &plan.report_rule;
    Err(match (rule.from, rule.until) {
        (Some(_), None) => PlanError::WindowReversed {
            which: "起始期次",
            period: from,
            other: "结束月份",
            other_period: until,
        },
        (None, Some(_)) => PlanError::WindowReversed {
            which: "截止期次",
            period: until,
            other: "开始月份",
            other_period: from,
        },
        _ => PlanError::ReportRangeReversed { from, until },
    })
}

/// Changes a plan's header (title, 文号, 发文机关, year, dates, the rule as written) and its
/// reporting rule with its window, in one step: `plan edit`, 设置 → 方案信息与报送规则. Refused
/// whole, nothing written, when the title is empty, the dates or the window are reversed.
pub fn update(db: &mut Db, plan_id: i64, input: &PlanInput) -> Result<Plan, PlanError> {
    check_lengths(input)?;
    let title = input.title.trim();
    if title.is_empty() {
        return Err(PlanError::EmptyTitle);
    }
    input.report_rule.validate()?;
    if let (Some(start), Some(end)) = (input.start_date, input.end_date) {
        if end < start {
            return Err(PlanError::DatesReversed { start, end });
        }
    }
    let tx = db.transaction()?;
    let before = get(&tx, plan_id)?;
    let candidate = Plan {
        title: title.to_string(),
        doc_no: input.doc_no.trim().to_string(),
        issuer: input.issuer.trim().to_string(),
        year: input.year,
        start_date: input.start_date,
        end_date: input.end_date,
        report_rule: input.report_rule,
        report_rule_text: input.report_rule_text.trim().to_string(),
        ..before.clone()
    };
    check_window(&candidate)?;
    tx.execute(
        "UPDATE plan SET title = ?2, doc_no = ?3, issuer = ?4, year = ?5, start_date = ?6,
                end_date = ?7, report_rule_text = ?8
         WHERE id = ?1",
        params![
            plan_id,
            candidate.title,
            candidate.doc_no,
            candidate.issuer,
            candidate.year,
            candidate.start_date,
            candidate.end_date,
            candidate.report_rule_text,
        ],
    )?;
    write_report_rule(&tx, plan_id, &candidate.report_rule)?;
    let after = get(&tx, plan_id)?;
    audit(
        &tx,
        "plan",
        plan_id,
        "edit",
        serde_json::to_value(&before).ok().as_ref(),
        serde_json::to_value(&after).ok().as_ref(),
    )?;
    tx.commit()?;
    Ok(after)
}

/// Inserts a section inside the caller's transaction and returns its id.
pub fn insert_section(
    conn: &Connection,
    plan_id: i64,
    parent_id: Option<i64>,
    code: &str,
    title: &str,
) -> Result<i64, PlanError> {
    let level: i64 = match parent_id {
        Some(p) => conn.query_row("SELECT level + 1 FROM section WHERE id = ?1", [p], |r| {
            r.get(0)
        })?,
        None => 1,
    };
    limits::check("章节序号", code.trim(), MAX_NAME_CHARS)?;
    limits::check("章节名称", title.trim(), MAX_TITLE_CHARS)?;
    conn.execute(
        "INSERT INTO section (plan_id, parent_id, code, title, level, seq)
         VALUES (?1, ?2, ?3, ?4, ?5,
                 (SELECT ifnull(max(seq), 0) + 1 FROM section WHERE plan_id = ?1))",
        params![plan_id, parent_id, code.trim(), title.trim(), level],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The phase running on `today` and the one after it.
pub fn phases_around(phases: &[Phase], today: NaiveDate) -> (Option<Phase>, Option<Phase>) {
    let current = phases
        .iter()
        .find(|p| p.start.is_none_or(|s| s <= today) && p.end.is_some_and(|e| today <= e))
        .cloned();
    let next = phases
        .iter()
        .filter(|p| p.start.is_some_and(|s| s > today))
        .min_by_key(|p| p.start)
        .cloned();
    (current, next)
}
