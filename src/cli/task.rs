//! `taizhang task …`

use std::path::PathBuf;

use clap::{Args, Subcommand};

use taizhang::task::{self, StatusSource, Task, TaskFilter, TaskInput};
use taizhang::trash::{self, DeletedTask};
use taizhang::{assign, Db, Error};
use taizhang::{ledger, plan};

use super::{default_plan, parse_status, print_json, report, today_arg};

#[derive(Subcommand, Debug)]
pub(crate) enum TaskCmd {
    /// 列出任务
    List {
        #[arg(long)]
        plan: Option<i64>,
        /// 单位名称或别名
        #[arg(long)]
        unit: Option<String>,
        /// 状态：未启动 / 推进中 / 已完成 / 长期坚持
        #[arg(long)]
        status: Option<String>,
        /// 关键词
        #[arg(long)]
        query: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 新增任务
    Add {
        #[arg(long)]
        plan: Option<i64>,
        #[command(flatten)]
        fields: TaskFields,
        #[arg(long)]
        json: bool,
    },
    /// 修改任务（只改给出的字段）
    Edit {
        id: i64,
        #[command(flatten)]
        fields: TaskFields,
        #[arg(long)]
        json: bool,
    },
    /// 删除任务（移入回收站，列出其报送份数和涉及单位；可用 undelete 恢复）
    Delete {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// 展开统称：把任务上的“各乡镇”“县直各有关部门”等换成具体单位（同一职责、同一位置）
    Expand {
        id: i64,
        /// 任务上的统称，如 各乡镇
        #[arg(long)]
        phrase: String,
        /// 展开成的单位，多个用“、”分隔；不写时“各乡镇”展开为名录中全部乡镇
        #[arg(long)]
        units: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 从回收站恢复任务（连同其报送）
    Undelete { id: i64 },
    /// 回收站：已删除的任务，含删除时间和报送份数
    Deleted {
        #[arg(long)]
        json: bool,
    },
    /// 导出重点任务清单（.xlsx，可直接打印）
    Export {
        #[arg(long)]
        plan: Option<i64>,
        /// 导出的文件，如 重点任务清单.xlsx
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 覆盖同名文件——仅限本软件导出后未被改动过的文件；单位填写过的台账和其他文件一律保留，新文件另起名（默认：都保留，新文件名加“（2）”）
        #[arg(long)]
        replace: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug, Default)]
pub(crate) struct TaskFields {
    /// 章节序号，如 "(一)"
    #[arg(long)]
    pub(crate) section: Option<String>,
    /// 任务序号
    #[arg(long)]
    pub(crate) code: Option<String>,
    /// 任务名称
    #[arg(long)]
    pub(crate) title: Option<String>,
    /// 任务要求
    #[arg(long)]
    pub(crate) requirements: Option<String>,
    /// 完成时限，如 "2025年6月底前"、"长期坚持"
    #[arg(long)]
    pub(crate) deadline: Option<String>,
    /// 牵头单位，多个用“、”分隔
    #[arg(long)]
    pub(crate) lead: Option<String>,
    /// 配合单位，多个用“、”分隔
    #[arg(long)]
    pub(crate) co: Option<String>,
    /// 责任单位，多个用“、”分隔
    #[arg(long)]
    pub(crate) responsible: Option<String>,
    /// 状态：未启动 / 推进中 / 已完成 / 长期坚持
    #[arg(long)]
    pub(crate) status: Option<String>,
}

pub(crate) fn run(db: &mut Db, cmd: TaskCmd) -> Result<(), Error> {
    match cmd {
        TaskCmd::List {
            plan,
            unit,
            status,
            query,
            json,
        } => {
            let filter = TaskFilter {
                plan_id: plan,
                unit,
                status: status.as_deref().map(parse_status).transpose()?,
                query,
                ..Default::default()
            };
            let tasks = task::list_on(db, &filter, today_arg(None)?)?;
            if json {
                print_json(&tasks)?;
            } else {
                print_tasks(&tasks);
            }
        }
        TaskCmd::Add { plan, fields, json } => {
            let plan_id = default_plan(db, plan)?;
            let base = TaskInput {
                plan_id,
                ..Default::default()
            };
            let input = apply_task_fields(db, base, fields)?;
            let t = task::add(db, &input)?;
            report_task(&t, json, "已新增")?;
        }
        TaskCmd::Edit { id, fields, json } => {
            let current = task::get(db.conn(), id)?;
            let base = TaskInput {
                plan_id: current.plan_id,
                section_id: current.section_id,
                code: current.code,
                title: current.title,
                requirements: current.requirements,
                deadline_text: current.deadline_text,
                status: current.status,
                lead_units: current.lead_units,
                co_units: current.co_units,
                responsible_units: current.responsible_units,
            };
            let input = apply_task_fields(db, base, fields)?;
            let t = task::edit(db, id, &input)?;
            report_task(&t, json, "已修改")?;
        }
        TaskCmd::Delete { id, json } => {
            let impact = trash::delete_task(db, id)?;
            report(&impact, json, || {
                format!(
                    "已删除任务 {id}（{}）。{}如需撤销：taizhang task undelete {id}",
                    impact.title, impact.message
                )
            })?;
        }
        TaskCmd::Expand {
            id,
            phrase,
            units,
            json,
        } => {
            let names = units
                .as_deref()
                .map(assign::split_units)
                .unwrap_or_default();
            let t = task::expand_phrase(db, id, &phrase, &names)?;
            report(&t, json, || {
                format!(
                    "已把任务 {id} 的“{}”展开为具体单位：{}",
                    phrase.trim(),
                    unit_text(&t)
                )
            })?;
        }
        TaskCmd::Undelete { id } => {
            let t = task::undelete(db, id)?;
            let c = taizhang::progress::task_reports(db.conn(), id)?;
            if c.reports > 0 {
                say!(
                    "已恢复任务 {id}（{}），其 {} 份报送重新计入统计。",
                    t.title,
                    c.reports
                );
            } else {
                say!("已恢复任务 {id}（{}）。", t.title);
            }
        }
        TaskCmd::Deleted { json } => {
            let tasks = trash::deleted_tasks(db)?;
            if json {
                print_json(&tasks)?;
            } else {
                print_deleted(&tasks);
            }
        }
        TaskCmd::Export {
            plan,
            out,
            replace,
            json,
        } => {
            let plan_id = default_plan(db, plan)?;
            let f = ledger::export_task_list(db, plan_id, &out, super::existing(replace))?;
            report(&f, json, || {
                format!(
                    "已导出重点任务清单（{} 项任务）：{}{}",
                    f.tasks,
                    f.file.display(),
                    super::kept_note(f.kept_existing.as_deref())
                )
            })?;
        }
    }
    Ok(())
}

pub(crate) fn report_task(t: &Task, json: bool, verb: &str) -> Result<(), Error> {
    if json {
        print_json(t)
    } else {
        say!("{verb}任务 {}：{} {}", t.id, t.code, t.title);
        Ok(())
    }
}

pub(crate) fn apply_task_fields(
    db: &Db,
    mut input: TaskInput,
    f: TaskFields,
) -> Result<TaskInput, Error> {
    if let Some(section) = f.section {
        input.section_id = find_section(db, input.plan_id, &section)?;
    }
    if let Some(v) = f.code {
        input.code = v;
    }
    if let Some(v) = f.title {
        input.title = v;
    }
    if let Some(v) = f.requirements {
        input.requirements = v;
    }
    if let Some(v) = f.deadline {
        input.deadline_text = v;
    }
    if let Some(v) = f.lead {
        input.lead_units = assign::split_units(&v);
    }
    if let Some(v) = f.co {
        input.co_units = assign::split_units(&v);
    }
    if let Some(v) = f.responsible {
        input.responsible_units = assign::split_units(&v);
    }
    if let Some(v) = f.status {
        input.status = parse_status(&v)?;
    }
    Ok(input)
}

/// A section by its code ("(一)", "（一）") or id; empty means no section.
pub(crate) fn find_section(db: &Db, plan_id: i64, key: &str) -> Result<Option<i64>, Error> {
    let key = key.trim();
    if key.is_empty() {
        return Ok(None);
    }
    let fold = |s: &str| -> String {
        s.replace('（', "(")
            .replace('）', ")")
            .replace(['、', '.', '．', ' '], "")
    };
    let sections = plan::sections(db, plan_id)?;
    sections
        .iter()
        .find(|s| fold(&s.code) == fold(key) || s.id.to_string() == key || s.title == key)
        .map(|s| Some(s.id))
        .ok_or_else(|| {
            let known: Vec<String> = sections.iter().map(|s| s.code.clone()).collect();
            Error::Invalid(format!(
                "方案中没有章节“{}”。可用的章节：{}",
                taizhang::limits::preview(key),
                known.join(" ")
            ))
        })
}

/// 推进中, or 已完成（手工设定） for a status the clerk set by hand.
fn status_text(t: &Task) -> String {
    match t.status_source {
        StatusSource::Manual => format!("{}（手工设定）", t.status.label()),
        _ => t.status.label().to_string(),
    }
}

pub(crate) fn print_tasks(tasks: &[Task]) {
    if tasks.is_empty() {
        say!("没有符合条件的任务。");
        return;
    }
    for t in tasks {
        let units = unit_text(t);
        say!(
            "{:>5}  {}{}  {}  [{}]  {}  {}",
            t.id,
            t.section,
            t.code,
            t.title,
            units,
            t.deadline_text,
            status_text(t)
        );
    }
    say!("共 {} 项任务。", tasks.len());
}

/// A task's units as one line: 牵头 as listed, then （配合：…） and （责任：…）; group phrases
/// as written, each name once.
fn unit_text(t: &Task) -> String {
    let mut units = t.lead_units.join("、");
    for (label, names) in [("配合", &t.co_units), ("责任", &t.responsible_units)] {
        if !names.is_empty() {
            units.push_str(&format!("（{label}：{}）", names.join("、")));
        }
    }
    units
}

/// The 回收站's tasks, one a line, with the command that restores each.
fn print_deleted(tasks: &[DeletedTask]) {
    if tasks.is_empty() {
        say!("回收站中没有已删除的任务。");
        return;
    }
    for d in tasks {
        let t = &d.task;
        say!(
            "{:>5}  {}{}  {}  删除于 {}  报送 {} 份（{} 个单位）",
            t.id,
            t.section,
            t.code,
            t.title,
            deleted_day(&d.deleted_at),
            d.reports,
            d.report_units
        );
    }
    say!(
        "共 {} 项已删除的任务。恢复：taizhang task undelete 编号",
        tasks.len()
    );
}

/// `2025-10-08 14:03:00` as 2025年10月8日 14:03.
pub(crate) fn deleted_day(at: &str) -> String {
    let (day, time) = at.split_once(' ').unwrap_or((at, ""));
    let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(taizhang::deadline::format_cn)
        .unwrap_or_else(|_| day.to_string());
    let hm: String = time.chars().take(5).collect();
    if hm.is_empty() {
        date
    } else {
        format!("{date} {hm}")
    }
}
