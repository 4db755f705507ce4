//! 工作台账 export: one protected, print-ready workbook per responsible unit, and one 汇总
//! workbook with every task for the clerk.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ColNum, Workbook};

use super::file::{self, cut_bytes, sanitize_file_name, Existing, MAX_NAME_BYTES};
use super::sheet::{self, cell_ref, col, Align, Col, ColStyle, Identity, Table, INFO_ROW};
use super::{check_password, task_key, ExportOptions, ExportedFile, LedgerError, WorkbookKind};
use crate::assign::Role;
use crate::plan::{self, Plan, Section};
use crate::progress::{self, Period, Reported};
use crate::store::Db;
use crate::task::{self, Status, Task};
use crate::unit::{self, UnitKind};

/// Which ledgers to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRequest {
    pub plan_id: i64,
    /// The month being reported on; 上期进展 comes from the month before.
    pub period: Period,
    /// An existing folder.
    pub out_dir: PathBuf,
    /// One unit by name or alias; `None` exports every responsible unit and the 汇总.
    pub unit: Option<String>,
    /// What to do with files of the same names already in the folder.
    pub existing: Existing,
}

/// Sheet name of a unit's ledger and of the consolidated one.
pub const LEDGER_SHEET: &str = "工作台账";
pub const SUMMARY_SHEET: &str = "汇总";
/// Label of the consolidated workbook in [`ExportedFile::unit`] and its file name.
pub const SUMMARY_LABEL: &str = "汇总";

/// `2025年09月`, as in file names (zero-padded so that files sort by month).
pub fn period_for_file(period: Period) -> String {
    format!("{}年{:02}月", period.year, period.month)
}

/// `<单位>_<YYYY年MM月>_工作台账.xlsx` with the unit's name made safe for Windows and short
/// enough for any file system.
pub fn ledger_file_name(unit: &str, period: Period) -> String {
    tagged_file_name(unit, None, period)
}

/// [`ledger_file_name`] with `_<tag>` after the unit's name (kept when the name is shortened),
/// to tell apart two units whose names give the same file name.
fn tagged_file_name(unit: &str, tag: Option<i64>, period: Period) -> String {
    let tag = tag.map(|t| format!("_{t}")).unwrap_or_default();
    let rest = format!("{tag}_{}_工作台账.xlsx", period_for_file(period));
    let unit = sanitize_file_name(unit);
    let unit =
        cut_bytes(&unit, MAX_NAME_BYTES.saturating_sub(rest.len())).trim_end_matches(['.', ' ']);
    format!("{unit}{rest}")
}

/// Exports the ledgers of `req` and returns the files written, the 汇总 last.
pub fn export(
    db: &Db,
    req: &LedgerRequest,
    options: &ExportOptions,
) -> Result<Vec<ExportedFile>, LedgerError> {
    export_with_progress(db, req, options, &mut |_, _| {})
}

/// [`export`], calling `on_progress(done, total)` as each workbook is ready, for a progress
/// bar. Nothing is written unless every workbook could be built.
pub fn export_with_progress(
    db: &Db,
    req: &LedgerRequest,
    options: &ExportOptions,
    on_progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<ExportedFile>, LedgerError> {
    check_password(options.password.as_deref())?;
    let data = load(db, req, options.include_previous)?;
    let jobs = jobs(db, &data, req)?;
    file::check_folder(&req.out_dir)?;
    let built = build_all(&data, &jobs, options, on_progress)?;
    let mut files = Vec::with_capacity(jobs.len());
    let mut report = Vec::with_capacity(jobs.len());
    for ((path, label, unit_id), (bytes, rows)) in targets(&jobs, req).into_iter().zip(built) {
        files.push((path.clone(), bytes));
        report.push(ExportedFile {
            file: path,
            unit: label,
            unit_id,
            tasks: rows,
            kept_existing: None,
        });
    }
    let written = file::write_all(&files, req.existing)?;
    for (f, w) in report.iter_mut().zip(written) {
        f.file = w.path;
        f.kept_existing = w.kept_existing;
    }
    Ok(report)
}

/// The files of the export `req` that are already in its folder (to ask the clerk first).
pub fn existing_files(db: &Db, req: &LedgerRequest) -> Result<Vec<PathBuf>, LedgerError> {
    let data = load(db, req, false)?;
    let jobs = jobs(db, &data, req)?;
    file::check_folder(&req.out_dir)?;
    Ok(targets(&jobs, req)
        .into_iter()
        .map(|(path, _, _)| path)
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .collect())
}

/// The plan's data for the export `req`, its period checked.
fn load(db: &Db, req: &LedgerRequest, include_previous: bool) -> Result<PlanData, LedgerError> {
    let plan = plan::get(db.conn(), req.plan_id)?;
    check_period(&plan, req.period)?;
    PlanData::load(db, plan, req.period, include_previous)
}

/// The workbooks of `req`: one per unit asked for, then the 汇总 when all are.
fn jobs<'d>(db: &Db, data: &'d PlanData, req: &LedgerRequest) -> Result<Vec<Job<'d>>, LedgerError> {
    let mut jobs: Vec<Job<'d>> = match req.unit.as_deref() {
        Some(name) => vec![Job::Unit(data.find_unit(db, name)?)],
        None => {
            let all: Vec<Job<'d>> = data
                .units
                .iter()
                .filter(|u| u.kind != UnitKind::Group)
                .map(Job::Unit)
                .collect();
            if all.is_empty() {
                return Err(LedgerError::NoUnits);
            }
            all
        }
    };
    if req.unit.is_none() {
        jobs.push(Job::Summary);
    }
    Ok(jobs)
}

/// Each job's file in the folder, its label and unit id; names differing only in case or in
/// characters Windows forbids, or cut to the same length, get the unit's id.
fn targets(jobs: &[Job<'_>], req: &LedgerRequest) -> Vec<(PathBuf, String, Option<i64>)> {
    let mut taken: HashSet<String> = HashSet::new();
    jobs.iter()
        .map(|job| {
            let (label, unit_id) = match job {
                Job::Unit(u) => (u.name.clone(), Some(u.id)),
                Job::Summary => (SUMMARY_LABEL.to_string(), None),
            };
            let mut name = ledger_file_name(&label, req.period);
            if !taken.insert(name.to_lowercase()) {
                name = tagged_file_name(&label, Some(unit_id.unwrap_or(0)), req.period);
                taken.insert(name.to_lowercase());
            }
            (req.out_dir.join(name), label, unit_id)
        })
        .collect()
}

/// Refuses a period outside the plan's months, when the plan has dates.
fn check_period(plan: &Plan, period: Period) -> Result<(), LedgerError> {
    let month = |d: NaiveDate| Period {
        year: d.year(),
        month: d.month(),
    };
    let start = plan.start_date.map(month);
    let end = plan.end_date.map(month);
    let before = start.is_some_and(|s| period < s);
    let after = end.is_some_and(|e| period > e);
    if !(before || after) {
        return Ok(());
    }
    let range = match (start, end) {
        (Some(s), Some(e)) => format!("{}至{}", s.label(), e.label()),
        (Some(s), None) => format!("{}起", s.label()),
        (None, Some(e)) => format!("至{}", e.label()),
        (None, None) => String::new(),
    };
    Err(LedgerError::PeriodOutsidePlan {
        period: period.label(),
        range,
    })
}

/// A unit assigned to the plan's tasks.
#[derive(Debug, Clone)]
struct UnitInfo {
    id: i64,
    name: String,
    kind: UnitKind,
}

/// A task with the ids and roles of its units.
#[derive(Debug, Clone)]
struct LedgerTask {
    task: Task,
    units: Vec<(i64, Role)>,
}

impl LedgerTask {
    /// The unit's part in this task: 牵头 before 责任 before 配合.
    fn role_of(&self, unit_id: i64) -> Option<Role> {
        let rank = |r: Role| match r {
            Role::Lead => 0,
            Role::Responsible => 1,
            Role::Co => 2,
        };
        self.units
            .iter()
            .filter(|(u, _)| *u == unit_id)
            .map(|(_, r)| *r)
            .min_by_key(|r| rank(*r))
    }

    fn deadline(&self) -> String {
        if self.task.deadline_text.is_empty() {
            self.task
                .deadline
                .map(crate::deadline::format_cn)
                .unwrap_or_default()
        } else {
            self.task.deadline_text.clone()
        }
    }
}

/// Everything the workbooks of one plan and period are made from, read once.
struct PlanData {
    plan: Plan,
    period: Period,
    sections: HashMap<i64, Section>,
    tasks: Vec<LedgerTask>,
    /// Units assigned to live tasks, in directory order.
    units: Vec<UnitInfo>,
    /// The previous month's reports by (unit, task), when the 上期进展 column is wanted.
    previous: Option<HashMap<(i64, i64), Reported>>,
    /// When the period's report is due (moved off weekends and holidays); `None` when the
    /// period is not one the plan's reporting rule makes due.
    due: Option<crate::remind::ReportPeriod>,
}

impl PlanData {
    fn load(
        db: &Db,
        plan: Plan,
        period: Period,
        include_previous: bool,
    ) -> Result<PlanData, LedgerError> {
        let conn = db.conn();
        let tasks = task::of_plan(db, plan.id)?;
        let sections = plan::section_map(db, plan.id)?;
        let mut by_task: HashMap<i64, Vec<(i64, Role)>> = HashMap::new();
        let mut units: Vec<(i64, i64, UnitInfo)> = Vec::new();
        let mut seen: HashSet<i64> = HashSet::new();
        for a in task::assignment::of_plan(conn, plan.id)? {
            by_task
                .entry(a.task_id)
                .or_default()
                .push((a.unit_id, a.role));
            if seen.insert(a.unit_id) {
                let kind = UnitKind::parse(&a.unit_kind).unwrap_or_default();
                let kind_rank = match kind {
                    UnitKind::Department => 0,
                    UnitKind::Township => 1,
                    UnitKind::Group => 2,
                };
                let info = UnitInfo {
                    id: a.unit_id,
                    name: a.unit,
                    kind,
                };
                units.push((kind_rank, a.unit_seq, info));
            }
        }
        units.sort_by_key(|(rank, seq, u)| (*rank, *seq, u.id));
        let tasks = tasks
            .into_iter()
            .map(|t| LedgerTask {
                units: by_task.remove(&t.id).unwrap_or_default(),
                task: t,
            })
            .collect();
        let previous = if include_previous {
            let rows = progress::reported(conn, plan.id, period.prev(), None)?;
            Some(
                rows.into_iter()
                    .map(|r| ((r.unit_id, r.task_id), r))
                    .collect(),
            )
        } else {
            None
        };
        let cal = crate::calendar::load(conn)?;
        let due = crate::remind::periods(&plan, &cal)
            .into_iter()
            .find(|p| p.period == period);
        Ok(PlanData {
            plan,
            period,
            sections,
            tasks,
            units: units.into_iter().map(|(_, _, u)| u).collect(),
            previous,
            due,
        })
    }

    /// The unit asked for by name or alias, if it has tasks in the plan and is not a group.
    fn find_unit(&self, db: &Db, name: &str) -> Result<&UnitInfo, LedgerError> {
        let id = unit::resolve(db.conn(), name)?;
        let unit = unit::get(db.conn(), id)?;
        if unit.kind == UnitKind::Group {
            return Err(LedgerError::GroupUnit(unit.name));
        }
        self.units
            .iter()
            .find(|u| u.id == id)
            .ok_or(LedgerError::UnitHasNoTasks { unit: unit.name })
    }

    fn unit_name(&self, id: i64) -> Option<&UnitInfo> {
        self.units.iter().find(|u| u.id == id)
    }
}

#[derive(Debug, Clone, Copy)]
enum Job<'a> {
    Unit(&'a UnitInfo),
    Summary,
}

/// Builds every workbook in memory, on as many threads as there are cores, and returns each
/// one's bytes and row count in job order.
fn build_all(
    data: &PlanData,
    jobs: &[Job<'_>],
    options: &ExportOptions,
    on_progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<(Vec<u8>, usize)>, LedgerError> {
    let total = jobs.len();
    let build = |job: &Job<'_>| match job {
        Job::Unit(u) => unit_workbook(data, u, options),
        Job::Summary => summary_workbook(data, options),
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(total)
        .min(8);
    if threads <= 1 {
        let mut out = Vec::with_capacity(total);
        for (i, job) in jobs.iter().enumerate() {
            out.push(build(job)?);
            on_progress(i + 1, total);
        }
        return Ok(out);
    }
    let mut slots: Vec<Option<(Vec<u8>, usize)>> = vec![None; total];
    let (tx, rx) = std::sync::mpsc::channel();
    let result: Result<(), LedgerError> = std::thread::scope(|scope| {
        for worker in 0..threads {
            let tx = tx.clone();
            let build = &build;
            scope.spawn(move || {
                for (i, job) in jobs.iter().enumerate().skip(worker).step_by(threads) {
                    let r = build(job);
                    let failed = r.is_err();
                    if tx.send((i, r)).is_err() || failed {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut done = 0;
        // The failure of the first job in order, whichever thread met it first: the message is
        // the same on every run and on one core (a worker stops at its first failure, so every
        // job before the first failing one has been built).
        let mut failed: Option<(usize, LedgerError)> = None;
        for (i, r) in rx {
            match r {
                Ok(built) => {
                    slots[i] = Some(built);
                    done += 1;
                    on_progress(done, total);
                }
                Err(e) => {
                    if failed.as_ref().is_none_or(|(first, _)| i < *first) {
                        failed = Some((i, e));
                    }
                }
            }
        }
        match failed {
            Some((_, e)) => Err(e),
            None => Ok(()),
        }
    });
    result?;
    slots
        .into_iter()
        .map(|s| s.ok_or_else(|| LedgerError::Xlsx("工作簿未生成".to_string())))
        .collect()
}

/// The 完成状态 dropdown: 已完成 / 推进中 / 未启动 / 长期坚持.
fn status_choices() -> Vec<&'static str> {
    Status::ALL.iter().map(|s| s.label()).collect()
}

/// Columns of a unit's ledger, in order. The department edits the Input ones. 任务要求 is
/// there when one of the unit's tasks has any. 佐证材料 takes the names of the files sent with
/// the ledger (see [`crate::evidence::named`]).
fn unit_columns(include_previous: bool, requirements: bool) -> Vec<Col<'static>> {
    let mut cols = vec![
        col("序号", 5.0, ColStyle::Center),
        col("主要任务", 30.0, ColStyle::Text),
    ];
    if requirements {
        cols.push(col(REQUIREMENTS_HEADER, 32.0, ColStyle::Text));
    }
    cols.extend([
        col("职责", 6.0, ColStyle::Center),
        col("完成时间", 12.0, ColStyle::Center),
    ]);
    if include_previous {
        cols.push(col("上期进展", 30.0, ColStyle::Previous));
    }
    cols.extend([
        col("进展情况", 36.0, ColStyle::Input),
        col("完成状态", 10.0, ColStyle::InputCenter),
        col("责任科室", 11.0, ColStyle::InputCenter),
        col("责任人", 9.0, ColStyle::InputCenter),
        col("备注", 10.0, ColStyle::Input),
        col(crate::evidence::named::HEADER, 14.0, ColStyle::Input),
    ]);
    cols
}

fn role_word(role: Role) -> &'static str {
    match role {
        Role::Lead => "牵头",
        Role::Co => "配合",
        Role::Responsible => "责任",
    }
}

/// Writes the section headings above `task` that have not been written yet, outermost first.
pub(crate) fn write_sections(
    table: &mut Table<'_>,
    sections: &HashMap<i64, Section>,
    section_id: Option<i64>,
    written: &mut HashSet<i64>,
) -> Result<(), LedgerError> {
    let mut chain = Vec::new();
    let mut next = section_id;
    while let Some(id) = next {
        if written.contains(&id) || chain.len() > 16 {
            break;
        }
        let Some(s) = sections.get(&id) else { break };
        chain.push(s);
        next = s.parent_id;
    }
    for s in chain.into_iter().rev() {
        written.insert(s.id);
        table.section(s.level, &task::section_label(&s.code, &s.title))?;
    }
    Ok(())
}

/// Header of the locked column with the task's 任务要求.
pub const REQUIREMENTS_HEADER: &str = "任务要求";

/// What the department must know over its ledger: 报送截止 (the period's due date, moved off
/// weekends and holidays) and that 佐证材料 go in the same folder, and whom to ask; `None`
/// when there is neither a deadline nor a contact.
pub fn ledger_notice(
    period: Period,
    due: Option<&crate::remind::ReportPeriod>,
    options: &ExportOptions,
) -> Option<String> {
    let deadline = due.map(|d| {
        let moved = if d.due != d.nominal_due {
            format!(
                "（{}逢休息日或节假日，顺延）",
                crate::deadline::format_cn(d.nominal_due)
            )
        } else {
            String::new()
        };
        format!(
            "报送截止：请于{}前报送{}进展{moved}。",
            crate::deadline::format_cn(d.due),
            period.label()
        )
    });
    // with a deadline to report by, where the 佐证材料 go
    let evidence = deadline
        .is_some()
        .then(|| crate::evidence::named::NOTICE.to_string());
    let parts: Vec<String> = deadline
        .into_iter()
        .chain(evidence)
        .chain(options.contact_line())
        .collect();
    (!parts.is_empty()).then(|| parts.join("　　"))
}

/// One department's ledger.
fn unit_workbook(
    data: &PlanData,
    unit: &UnitInfo,
    options: &ExportOptions,
) -> Result<(Vec<u8>, usize), LedgerError> {
    let requirements = data
        .tasks
        .iter()
        .any(|t| t.role_of(unit.id).is_some() && !t.task.requirements.trim().is_empty());
    let cols = unit_columns(data.previous.is_some(), requirements);
    let title = format!("落实《{}》工作台账", data.plan.title);
    let notice = ledger_notice(data.period, data.due.as_ref(), options);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let mut table =
        Table::with_notice(ws, LEDGER_SHEET, &title, &cols, true, 2, notice.as_deref())?;

    // 填报单位 / 报送期次 on the left; 填报人 and 联系电话 fields over the last columns.
    let n = cols.len() as ColNum;
    let (phone, phone_label, filler, filler_label) = (n - 2, n - 3, n - 4, n - 5);
    table.info(
        0,
        filler_label - 1,
        &format!(
            "填报单位：{}　　报送期次：{}",
            unit.name,
            data.period.label()
        ),
        Align::Left,
    )?;
    table.info(filler_label, filler_label, "填报人：", Align::Right)?;
    table.info_input(filler, filler)?;
    table.info(phone_label, phone_label, "联系电话：", Align::Right)?;
    table.info_input(phone, n - 1)?;

    let mut written = HashSet::new();
    let mut rows = 0;
    for t in &data.tasks {
        let Some(role) = t.role_of(unit.id) else {
            continue;
        };
        write_sections(&mut table, &data.sections, t.task.section_id, &mut written)?;
        rows += 1;
        let seq = if t.task.code.is_empty() {
            rows.to_string()
        } else {
            t.task.code.clone()
        };
        let deadline = t.deadline();
        let prev = data
            .previous
            .as_ref()
            .and_then(|p| p.get(&(unit.id, t.task.id)));
        let status = prev.and_then(|p| p.status).map(Status::label).unwrap_or("");
        let mut cells: Vec<&str> = vec![&seq, &t.task.title];
        if requirements {
            cells.push(t.task.requirements.trim());
        }
        cells.extend([role_word(role), &deadline]);
        if data.previous.is_some() {
            cells.push(prev.map(|p| p.text.as_str()).unwrap_or(""));
        }
        cells.extend(["", status, "", "", "", ""]);
        let label = format!("任务“{} {}”", seq, crate::limits::preview(&t.task.title));
        table.row(&cells, Some(&task_key(t.task.id)), &label)?;
    }
    table.dropdown("完成状态", &status_choices())?;
    let header_row = table.header_row();
    let password = options.password.as_deref();
    table.finish(Some(password))?;

    let identity = Identity {
        kind: WorkbookKind::UnitLedger,
        plan_id: Some(data.plan.id),
        plan_title: data.plan.title.clone(),
        unit: Some((unit.id, unit.name.clone())),
        period: Some(data.period),
        sheet: LEDGER_SHEET.to_string(),
        header_row,
        cells: vec![
            ("filler_cell", cell_ref(INFO_ROW, filler)),
            ("phone_cell", cell_ref(INFO_ROW, phone)),
            ("key_column", column_letter(n)),
            ("columns", header_list(&cols)),
        ],
    };
    sheet::write_identity(&mut wb, &identity, &title)?;
    Ok((wb.save_to_buffer()?, rows))
}

fn column_letter(col: ColNum) -> String {
    cell_ref(0, col).trim_end_matches('1').to_string()
}

fn header_list(cols: &[Col]) -> String {
    cols.iter().map(|c| c.header).collect::<Vec<_>>().join("|")
}

/// The clerk's consolidated ledger: every task, its units and their previous reports.
fn summary_workbook(
    data: &PlanData,
    _options: &ExportOptions,
) -> Result<(Vec<u8>, usize), LedgerError> {
    let mut cols = vec![
        col("序号", 5.0, ColStyle::Center),
        col("主要任务", 30.0, ColStyle::Text),
        col("完成时间", 12.0, ColStyle::Center),
        col("牵头单位", 16.0, ColStyle::Text),
        col("配合单位", 20.0, ColStyle::Text),
    ];
    if data.previous.is_some() {
        cols.push(col("上期进展", 44.0, ColStyle::Previous));
    }
    cols.extend([
        col("进展情况", 26.0, ColStyle::Input),
        col("完成状态", 10.0, ColStyle::InputCenter),
        col("备注", 10.0, ColStyle::Input),
    ]);
    let title = format!("落实《{}》工作台账（汇总）", data.plan.title);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let mut table = Table::new(ws, SUMMARY_SHEET, &title, &cols, true, 2)?;
    let reporting = data
        .units
        .iter()
        .filter(|u| u.kind != UnitKind::Group)
        .count();
    let last = table.last_col();
    table.info(
        0,
        last,
        &format!(
            "报送期次：{}　　责任单位：{} 个　　任务：{} 项",
            data.period.label(),
            reporting,
            data.tasks.len()
        ),
        Align::Left,
    )?;
    let mut written = HashSet::new();
    for (i, t) in data.tasks.iter().enumerate() {
        write_sections(&mut table, &data.sections, t.task.section_id, &mut written)?;
        let seq = if t.task.code.is_empty() {
            (i + 1).to_string()
        } else {
            t.task.code.clone()
        };
        let deadline = t.deadline();
        let lead = lead_units(&t.task);
        let co = t.task.co_units.join("、");
        let mut cells: Vec<&str> = vec![&seq, &t.task.title, &deadline, &lead, &co];
        let previous;
        if let Some(prev) = &data.previous {
            previous = previous_lines(data, t, prev);
            cells.push(&previous);
        }
        cells.extend(["", t.task.status.label(), ""]);
        let label = format!("任务“{} {}”", seq, crate::limits::preview(&t.task.title));
        table.row(&cells, Some(&task_key(t.task.id)), &label)?;
    }
    table.dropdown("完成状态", &status_choices())?;
    table.finish(None)?;
    let identity = Identity {
        kind: WorkbookKind::Summary,
        plan_id: Some(data.plan.id),
        plan_title: data.plan.title.clone(),
        unit: None,
        period: Some(data.period),
        sheet: SUMMARY_SHEET.to_string(),
        header_row: sheet::HEADER_ROW,
        cells: vec![
            ("key_column", column_letter(cols.len() as ColNum)),
            ("columns", header_list(&cols)),
        ],
    };
    sheet::write_identity(&mut wb, &identity, &title)?;
    Ok((wb.save_to_buffer()?, data.tasks.len()))
}

/// 牵头单位 as the task list shows them: the lead units, or the responsible ones when a task
/// names no lead.
pub(crate) fn lead_units(t: &Task) -> String {
    let mut names: Vec<&str> = t.lead_units.iter().map(String::as_str).collect();
    names.extend(t.responsible_units.iter().map(String::as_str));
    names.join("、")
}

/// Each unit's previous report on a task, one line per unit: 县司法局（推进中）：…
fn previous_lines(data: &PlanData, t: &LedgerTask, prev: &HashMap<(i64, i64), Reported>) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for (unit_id, _) in &t.units {
        if !seen.insert(*unit_id) {
            continue;
        }
        let (Some(r), Some(u)) = (prev.get(&(*unit_id, t.task.id)), data.unit_name(*unit_id))
        else {
            continue;
        };
        let status = r
            .status
            .map(|s| format!("（{}）", s.label()))
            .unwrap_or_default();
        if r.text.trim().is_empty() && status.is_empty() {
            continue;
        }
        out.push(format!("{}{}：{}", u.name, status, r.text.trim()));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_carry_unit_and_zero_padded_month() {
        let p = Period {
            year: 2025,
            month: 9,
        };
        assert_eq!(
            ledger_file_name("县司法局", p),
            "县司法局_2025年09月_工作台账.xlsx"
        );
        assert_eq!(
            ledger_file_name("县委/县政府督查室", p),
            "县委_县政府督查室_2025年09月_工作台账.xlsx"
        );
    }

    #[test]
    fn periods_outside_the_plan_are_refused() {
        let plan = Plan {
            id: 1,
            title: "示例方案".into(),
            doc_no: String::new(),
            issuer: String::new(),
            year: Some(2025),
            start_date: NaiveDate::from_ymd_opt(2025, 3, 1),
            end_date: NaiveDate::from_ymd_opt(2025, 12, 31),
            report_rule: Default::default(),
            report_rule_text: String::new(),
            phases: Vec::new(),
        };
        let p = |y, m| Period { year: y, month: m };
        assert!(check_period(&plan, p(2025, 3)).is_ok());
        assert!(check_period(&plan, p(2025, 12)).is_ok());
        match check_period(&plan, p(2026, 1)) {
            Err(LedgerError::PeriodOutsidePlan { period, range }) => {
                assert_eq!(period, "2026年1月");
                assert_eq!(range, "2025年3月至2025年12月");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(check_period(&plan, p(2025, 2)).is_err());
    }
}
