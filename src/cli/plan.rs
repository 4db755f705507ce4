//! `taizhang plan …`

use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;

use taizhang::deadline::format_cn;
use taizhang::period::Period;
use taizhang::plan::draft::{DraftMember, DraftPhase, DraftRule, PlanDraft};
use taizhang::plan::import;
use taizhang::plan::merge::{self, MergePlan};
use taizhang::plan::{self, Covers, Plan, PlanInput};
use taizhang::{Db, Error};

use super::{optional_day, print_json};

#[derive(Subcommand, Debug)]
pub(crate) enum PlanCmd {
    /// 列出方案
    List {
        #[arg(long)]
        json: bool,
    },
    /// 导入方案文件（.docx、.doc、.wps、.txt，或附件中的任务表 .xlsx/.xls）：识别任务、责任单位、完成时限、报送规则、工作步骤、领导小组。
    /// 只有领导小组名单、没有任务的文件（关于成立领导小组的通知）不作为方案导入：加 --roster-only 导入其中的名单
    Import {
        /// 方案文件或任务表
        file: PathBuf,
        /// 导入到已有的方案（按章节和序号核对：新增的任务加入，有变化的任务更新，重复导入不作改动）
        #[arg(long)]
        plan: Option<i64>,
        /// 只识别并显示结果，不写入数据库
        #[arg(long)]
        dry_run: bool,
        /// 只导入文件中的领导小组名单（如关于成立领导小组的通知），同 taizhang group import
        #[arg(long, conflicts_with = "plan")]
        roster_only: bool,
        #[arg(long)]
        json: bool,
    },
    /// 修改方案信息和报送规则：标题、文号、起止日期、报送日、报送起止期次、报送上月或本月进展（只改给出的项）
    Edit(EditArgs),
    /// 撤销该方案最近一次导入：导入到已有方案的，恢复导入前的任务；新建方案的，删除该方案及导入时新增的责任单位和领导小组成员
    UndoImport {
        /// 方案编号（导入时显示）
        plan_id: i64,
        #[arg(long)]
        json: bool,
    },
}

/// `plan edit ID …`: every option changes one field; the others stay.
#[derive(clap::Args, Debug)]
pub(crate) struct EditArgs {
    /// 方案编号（见 taizhang plan list）
    plan_id: i64,
    /// 方案标题
    #[arg(long)]
    title: Option<String>,
    /// 文号，如 示政发〔2025〕6号（空字符串清除）
    #[arg(long)]
    doc_no: Option<String>,
    /// 发文机关（空字符串清除）
    #[arg(long)]
    issuer: Option<String>,
    /// 方案开始日期，如 2025-04-01（空字符串清除）
    #[arg(long)]
    start: Option<String>,
    /// 方案结束日期，如 2025-12-31（空字符串清除）
    #[arg(long)]
    end: Option<String>,
    /// 每月报送截止日：1 到 31，或“月底”
    #[arg(long)]
    report_day: Option<String>,
    /// 第一个报送期次，如 2025-08；auto 表示按方案开始日期
    #[arg(long)]
    report_from: Option<String>,
    /// 最后一个报送期次，如 2025-12；auto 表示按方案结束日期
    #[arg(long)]
    report_to: Option<String>,
    /// 报送的是哪个月的进展：上月（每月5日前报上月）或 本月（每月30日前报本月）
    #[arg(long)]
    covers: Option<String>,
    #[arg(long)]
    json: bool,
}

impl EditArgs {
    fn has_changes(&self) -> bool {
        [
            &self.title,
            &self.doc_no,
            &self.issuer,
            &self.start,
            &self.end,
            &self.report_day,
            &self.report_from,
            &self.report_to,
            &self.covers,
        ]
        .iter()
        .any(|o| o.is_some())
    }
}

/// A window end: `auto` (or empty) follows the plan's dates, else a period.
fn window_end(text: &str, what: &str) -> Result<Option<Period>, Error> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("auto") || t == "按方案" {
        return Ok(None);
    }
    Period::parse(t).map(Some).map_err(|_| {
        Error::Invalid(format!(
            "{what}“{t}”无法识别，请写成 2025-08 这样的年月（月份为 1 到 12），或写 auto 表示按方案起止日期。"
        ))
    })
}

fn edit(db: &mut Db, args: EditArgs) -> Result<(), Error> {
    if !args.has_changes() {
        return Err(Error::Invalid(
            "没有要修改的内容。请给出 --title、--doc-no、--issuer、--start、--end、--report-day、--report-from、--report-to 或 --covers 中的至少一项。"
                .to_string(),
        ));
    }
    let plan = plan::get(db.conn(), args.plan_id)?;
    let mut input = PlanInput {
        title: plan.title.clone(),
        doc_no: plan.doc_no.clone(),
        issuer: plan.issuer.clone(),
        year: plan.year,
        start_date: plan.start_date,
        end_date: plan.end_date,
        report_rule: plan.report_rule,
        report_rule_text: plan.report_rule_text.clone(),
    };
    if let Some(t) = &args.title {
        input.title = t.clone();
    }
    if let Some(t) = &args.doc_no {
        input.doc_no = t.clone();
    }
    if let Some(t) = &args.issuer {
        input.issuer = t.clone();
    }
    if let Some(t) = &args.start {
        input.start_date = optional_day(t)?;
    }
    if let Some(t) = &args.end {
        input.end_date = optional_day(t)?;
    }
    if let Some(t) = &args.report_day {
        let t = t.trim();
        if ["月底", "月末", "month-end", "end"].contains(&t) {
            input.report_rule.month_end = true;
            input.report_rule.day = None;
        } else {
            let day = t
                .trim_end_matches(['日', '号'])
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=31).contains(d))
                .ok_or_else(|| {
                    Error::Invalid(format!(
                        "报送日“{t}”无效：应为 1 到 31 之间的日期，或写“月底”。"
                    ))
                })?;
            input.report_rule.day = Some(day);
            input.report_rule.month_end = false;
        }
    }
    if let Some(t) = &args.report_from {
        input.report_rule.from = window_end(t, "报送起始期次")?;
    }
    if let Some(t) = &args.report_to {
        input.report_rule.until = window_end(t, "报送截止期次")?;
    }
    if let Some(t) = &args.covers {
        input.report_rule.covers = match t.trim() {
            "上月" | "previous" => Covers::Previous,
            "本月" | "当月" | "current" => Covers::Current,
            other => {
                return Err(Error::Invalid(format!(
                "“{other}”无法识别：--covers 请写“上月”（报送上月进展）或“本月”（报送本月进展）。"
            )))
            }
        };
    }
    let after = plan::update(db, args.plan_id, &input)?;
    if args.json {
        print_json(&after)
    } else {
        print_plan_detail(&after);
        Ok(())
    }
}

/// A plan's header, rule and reporting window as text.
fn print_plan_detail(p: &Plan) {
    let day = |d: Option<chrono::NaiveDate>| d.map(format_cn).unwrap_or_else(|| "未填".into());
    say!("已保存方案 {}：{}", p.id, p.title);
    if !p.doc_no.is_empty() {
        say!("  文号：{}", p.doc_no);
    }
    say!("  起止日期：{} 至 {}", day(p.start_date), day(p.end_date));
    let r = &p.report_rule;
    let due = match (r.month_end, r.day) {
        (true, _) => "每月月底前".to_string(),
        (false, Some(d)) => format!("每月{d}日前"),
        (false, None) => "未设定".to_string(),
    };
    let covers = match r.covers {
        Covers::Previous => "上月",
        Covers::Current => "本月",
    };
    say!("  报送规则：{due}报送{covers}进展");
    match p.report_window() {
        Some((from, until)) => say!(
            "  报送期次：{}至{}{}",
            from.label(),
            until.label(),
            if r.from.is_none() && r.until.is_none() {
                "（按方案起止日期）"
            } else {
                ""
            }
        ),
        None => say!("  报送期次：无（方案没有起止日期）"),
    }
}

/// Runs a `plan` subcommand.
pub(crate) fn run(db: &mut Db, cmd: PlanCmd) -> Result<(), Error> {
    match cmd {
        PlanCmd::List { json } => {
            let plans = plan::list(db)?;
            if json {
                print_json(&plans)?;
            } else {
                print_plans(&plans);
            }
        }
        PlanCmd::Import {
            file,
            roster_only: true,
            dry_run,
            json,
            ..
        } => super::group::import_roster(db, &file, None, false, dry_run, json)?,
        PlanCmd::Import {
            file,
            plan: into,
            dry_run,
            json,
            roster_only: false,
        } => {
            let draft = import::draft_from_file(db.conn(), &file)?;
            if !dry_run {
                super::backup_before(db, taizhang::backup::Change::PlanImport)?;
            }
            let (plan_id, merged) = match (into, dry_run) {
                (Some(id), true) => (None, Some(merge::preview(db.conn(), id, &draft)?)),
                (Some(id), false) => (Some(id), Some(merge::commit_into(db, id, &draft)?)),
                (None, true) => (None, None),
                (None, false) => (Some(import::commit(db, &draft)?), None),
            };
            let mut summary = ImportSummary::of(&draft, plan_id);
            summary.dry_run = dry_run;
            summary.merge = merged.as_ref();
            if json {
                print_json(&summary)?;
            } else {
                print_summary(&summary);
            }
        }
        PlanCmd::Edit(args) => edit(db, args)?,
        PlanCmd::UndoImport { plan_id, json } => {
            super::backup_before(db, taizhang::backup::Change::Undo)?;
            let report = import::undo(db, plan_id)?;
            if json {
                print_json(&report)?;
            } else if !report.plan_removed {
                say!(
                    "已撤销导入：方案 {}（{}）删除导入新增的任务 {} 项，恢复导入前的任务 {} 项；删除新增的责任单位 {} 个。",
                    report.plan_id,
                    report.title,
                    report.tasks,
                    report.tasks_restored,
                    report.units_removed.len()
                );
            } else {
                say!(
                    "已撤销导入：删除方案 {}（{}）及其 {} 项任务；删除导入时新增的责任单位 {} 个、领导小组成员 {} 人。",
                    report.plan_id,
                    report.title,
                    report.tasks,
                    report.units_removed.len(),
                    report.members_removed
                );
                if !report.units_kept.is_empty() {
                    say!(
                        "以下单位已被其他方案使用，予以保留：{}",
                        report.units_kept.join("、")
                    );
                }
            }
        }
    }
    Ok(())
}

/// The draft as `plan import --json` prints it.
#[derive(Serialize)]
struct ImportSummary<'a> {
    file: &'a str,
    /// The new plan's id (with --plan, that plan's); `null` with --dry-run.
    plan_id: Option<i64>,
    dry_run: bool,
    /// With --plan: what the import adds and changes in the existing plan.
    merge: Option<&'a MergePlan>,
    title: &'a str,
    doc_no: &'a str,
    issuer: &'a str,
    year: Option<i32>,
    counts: Counts,
    tasks: Vec<TaskSummary<'a>>,
    /// Units not in the directory, added by the import.
    new_units: Vec<&'a str>,
    /// Group phrases (县直各有关部门, 各乡镇): kept on their tasks as text, never added as units.
    group_phrases: Vec<&'a str>,
    /// Units found in the directory: (name in the plan, directory id, directory name).
    matched_units: Vec<MatchedUnit<'a>>,
    report_rule: Option<&'a DraftRule>,
    phases: &'a [DraftPhase],
    group: &'a [DraftMember],
    warnings: &'a [String],
}

#[derive(Serialize)]
struct Counts {
    sections: usize,
    tasks: usize,
    units: usize,
    new_units: usize,
    phases: usize,
    group: usize,
}

#[derive(Serialize)]
struct TaskSummary<'a> {
    section: String,
    code: &'a str,
    title: &'a str,
    lead: &'a [String],
    co: &'a [String],
    responsible: &'a [String],
    lead_inferred: bool,
    deadline_text: &'a str,
}

#[derive(Serialize)]
struct MatchedUnit<'a> {
    name: &'a str,
    unit_id: i64,
    unit_name: Option<&'a str>,
}

impl<'a> ImportSummary<'a> {
    fn of(d: &'a PlanDraft, plan_id: Option<i64>) -> Self {
        let section_label = |key: &Option<String>| -> String {
            key.as_ref()
                .and_then(|k| d.sections.iter().find(|s| &s.key == k))
                .map(|s| taizhang::task::section_label(&s.code, &s.title))
                .unwrap_or_default()
        };
        ImportSummary {
            file: &d.source,
            plan_id,
            dry_run: plan_id.is_none(),
            merge: None,
            title: &d.title,
            doc_no: &d.doc_no,
            issuer: &d.issuer,
            year: d.year,
            counts: Counts {
                sections: d.sections.len(),
                tasks: d.tasks.len(),
                units: d.units.len(),
                new_units: d.new_unit_count(),
                phases: d.phases.len(),
                group: d.group.len(),
            },
            tasks: d
                .tasks
                .iter()
                .map(|t| TaskSummary {
                    section: section_label(&t.section),
                    code: &t.code,
                    title: &t.title,
                    lead: &t.lead,
                    co: &t.co,
                    responsible: &t.responsible,
                    lead_inferred: t.lead_inferred,
                    deadline_text: &t.deadline_text,
                })
                .collect(),
            new_units: d
                .units
                .iter()
                .filter(|u| u.unit_id.is_none() && !u.is_group)
                .map(|u| u.name.as_str())
                .collect(),
            group_phrases: d
                .units
                .iter()
                .filter(|u| u.unit_id.is_none() && u.is_group)
                .map(|u| u.name.as_str())
                .collect(),
            matched_units: d
                .units
                .iter()
                .filter_map(|u| {
                    u.unit_id.map(|id| MatchedUnit {
                        name: &u.name,
                        unit_id: id,
                        unit_name: u.unit_name.as_deref(),
                    })
                })
                .collect(),
            report_rule: d.report_rule.as_ref(),
            phases: &d.phases,
            group: &d.group,
            warnings: &d.warnings,
        }
    }
}

fn print_summary(s: &ImportSummary<'_>) {
    say!("方案：{}", s.title);
    if !s.doc_no.is_empty() || s.year.is_some() {
        let year = s.year.map(|y| format!("{y}年")).unwrap_or_default();
        say!("文号：{}  年度：{}", s.doc_no, year);
    }
    for t in &s.tasks {
        let mut parts: Vec<String> = Vec::new();
        if !t.lead.is_empty() {
            let guess = if t.lead_inferred {
                "（按排序推定）"
            } else {
                ""
            };
            parts.push(format!("牵头：{}{guess}", t.lead.join("、")));
        }
        if !t.co.is_empty() {
            parts.push(format!("配合：{}", t.co.join("、")));
        }
        if !t.responsible.is_empty() {
            parts.push(format!("负责：{}", t.responsible.join("、")));
        }
        let units = parts.join("；");
        let deadline = if t.deadline_text.is_empty() {
            String::new()
        } else {
            format!("  时限：{}", t.deadline_text)
        };
        say!("  {} {}  [{}]{}", t.code, t.title, units, deadline);
    }
    say!(
        "共 {} 项任务、{} 个章节；责任单位 {} 个，其中新增 {} 个{}。",
        s.counts.tasks,
        s.counts.sections,
        s.counts.units,
        s.counts.new_units,
        if s.new_units.is_empty() {
            String::new()
        } else {
            format!("（{}）", s.new_units.join("、"))
        }
    );
    if !s.group_phrases.is_empty() {
        say!(
            "统称（不建单位，作为任务文字保留，可在任务上展开为具体单位）：{}",
            s.group_phrases.join("、")
        );
    }
    if let Some(r) = s.report_rule {
        say!("报送规则：{}", r.text);
        match (r.from, r.until) {
            (None, None) => {}
            (from, until) => say!(
                "报送期次：{}至{}",
                from.map_or("方案开始".to_string(), Period::label),
                until.map_or("方案结束".to_string(), Period::label)
            ),
        }
    }
    for p in s.phases {
        say!("工作步骤：{}（{}）", p.name, p.range_text);
    }
    if !s.group.is_empty() {
        say!("领导小组：{} 人", s.group.len());
    }
    for w in s.warnings {
        say!("提示：{w}");
    }
    if let Some(m) = s.merge {
        say!(
            "导入到方案 {}：新增任务 {} 项、更新 {} 项、未变 {} 项；新增章节 {} 个、责任单位 {} 个。",
            m.plan_id,
            m.tasks_added.len(),
            m.tasks_changed.len(),
            m.tasks_unchanged,
            m.sections_added.len(),
            m.units_added.len()
        );
        for t in &m.tasks_changed {
            say!("  更新 {} {}：{}", t.code, t.title, t.fields.join("、"));
        }
        if !m.tasks_not_in_file.is_empty() {
            say!(
                "方案中另有 {} 项任务不在文件中，保持不变。",
                m.tasks_not_in_file.len()
            );
        }
        match (s.dry_run, m.batch_id) {
            (true, _) => say!("（试运行：未写入数据库）"),
            (false, None) => say!("方案中已有文件中的全部内容，未作改动。"),
            (false, Some(_)) => say!("已导入。如需撤销：taizhang plan undo-import {}", m.plan_id),
        }
        return;
    }
    match s.plan_id {
        Some(id) => say!("已导入为方案 {id}。如需撤销：taizhang plan undo-import {id}"),
        None => say!("（试运行：未写入数据库）"),
    }
}

pub(crate) fn print_plans(plans: &[Plan]) {
    if plans.is_empty() {
        say!("还没有方案。可运行 `taizhang sample` 载入示例方案。");
    }
    for p in plans {
        say!("{:>4}  {}  {}", p.id, p.title, p.doc_no);
    }
}
