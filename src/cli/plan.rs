//! `taizhang plan …`

use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;

use taizhang::plan::draft::{DraftMember, DraftPhase, DraftRule, PlanDraft};
use taizhang::plan::import;
use taizhang::plan::merge::{self, MergePlan};
use taizhang::plan::{self, Plan};
use taizhang::{Db, Error};

use super::print_json;

#[derive(Subcommand, Debug)]
pub(crate) enum PlanCmd {
    /// 列出方案
    List {
        #[arg(long)]
        json: bool,
    },
    /// 导入方案文件（.docx、.txt，或附件中的任务表 .xlsx/.xls）：识别任务、责任单位、完成时限、报送规则、工作步骤
    Import {
        /// 方案文件或任务表
        file: PathBuf,
        /// 导入到已有的方案（按章节和序号核对：新增的任务加入，有变化的任务更新，重复导入不作改动）
        #[arg(long)]
        plan: Option<i64>,
        /// 只识别并显示结果，不写入数据库
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// 撤销该方案最近一次导入：导入到已有方案的，恢复导入前的任务；新建方案的，删除该方案及导入时新增的责任单位和领导小组成员
    UndoImport {
        /// 方案编号（导入时显示）
        plan_id: i64,
        #[arg(long)]
        json: bool,
    },
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
            plan: into,
            dry_run,
            json,
        } => {
            let draft = import::draft_from_file(db.conn(), &file)?;
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
        PlanCmd::UndoImport { plan_id, json } => {
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
                .map(|s| format!("{}{}", s.code, s.title))
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
                .filter(|u| u.unit_id.is_none())
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
    if let Some(r) = s.report_rule {
        say!("报送规则：{}", r.text);
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
