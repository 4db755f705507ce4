//! `taizhang evidence …`: 佐证材料 attached to a task for a unit and period.

use std::path::PathBuf;

use clap::Subcommand;

use taizhang::binder;
use taizhang::deadline::format_cn;
use taizhang::evidence::{self, size_cn, Evidence, Filter};
use taizhang::period::Period;
use taizhang::{Db, Error};

use super::{default_plan, kept_note, report, today_arg};

#[derive(Subcommand, Debug)]
pub enum EvidenceCmd {
    /// 为任务添加佐证材料（按责任单位和报送期次；可一次添加多个文件）
    Add {
        /// 任务编号
        #[arg(long, value_name = "ID")]
        task: i64,
        /// 单位名称（或简称）
        #[arg(long, value_name = "NAME")]
        unit: String,
        /// 报送期次，如 2025-09
        #[arg(long, value_name = "YYYY-MM")]
        period: String,
        /// 添加日期（默认：环境变量 TAIZHANG_TODAY，或本机日期）
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        #[arg(long)]
        json: bool,
        /// 文件（PDF、图片、Word、Excel 等）
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// 列出佐证材料
    List {
        #[arg(long, value_name = "ID")]
        task: Option<i64>,
        /// 只列出这一期，如 2025-09
        #[arg(long, value_name = "YYYY-MM")]
        period: Option<String>,
        /// 只列出这个方案的
        #[arg(long, value_name = "ID")]
        plan: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// 把佐证材料移入回收站（可用 evidence restore 恢复）
    Remove { id: i64 },
    /// 从回收站恢复佐证材料
    Restore { id: i64 },
    /// 导出督察材料包（.zip）：按章节和任务分文件夹，附佐证材料目录（可直接打印）
    Export {
        /// 方案编号（默认：最新的方案）
        #[arg(long, value_name = "ID")]
        plan: Option<i64>,
        /// 起始期次，如 2025-01
        #[arg(long, value_name = "YYYY-MM")]
        from: String,
        /// 截止期次，如 2025-12
        #[arg(long, value_name = "YYYY-MM")]
        to: String,
        /// 保存为（.zip；同名文件已存在时不覆盖，新文件名加“（2）”）
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 生成日期（默认：环境变量 TAIZHANG_TODAY，或本机日期）
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// Runs `evidence`.
pub(crate) fn run(db: &mut Db, cmd: EvidenceCmd) -> Result<(), Error> {
    match cmd {
        EvidenceCmd::Add {
            task,
            unit,
            period,
            today,
            json,
            files,
        } => {
            let period = Period::parse(&period)?;
            let today = today_arg(today.as_deref())?;
            let added = evidence::add(db, task, &unit, period, &files, today)?;
            report(&added, json, || {
                let mut lines: Vec<String> = added
                    .attached
                    .iter()
                    .map(|e| format!("已添加佐证材料 {}：{}", e.id, line(e)))
                    .collect();
                lines.extend(
                    added
                        .already
                        .iter()
                        .map(|e| format!("已有相同材料 {}，未重复添加：{}", e.id, line(e))),
                );
                lines.join("\n")
            })
        }
        EvidenceCmd::List {
            task,
            period,
            plan,
            json,
        } => {
            let period = period.as_deref().map(Period::parse).transpose()?;
            let filter = Filter {
                plan_id: plan,
                task_id: task,
                from: period,
                to: period,
                ..Default::default()
            };
            let list = evidence::list(db.conn(), &filter)?;
            report(&list, json, || {
                if list.is_empty() {
                    "没有佐证材料。".to_string()
                } else {
                    list.iter()
                        .map(|e| format!("{}  {}", e.id, line(e)))
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            })
        }
        EvidenceCmd::Remove { id } => {
            let e = evidence::remove(db, id)?;
            say!(
                "已把佐证材料 {id}（{}）移入回收站。如需撤销：taizhang evidence restore {id}",
                e.file_name
            );
            Ok(())
        }
        EvidenceCmd::Export {
            plan,
            from,
            to,
            out,
            today,
            json,
        } => {
            let plan = default_plan(db, plan)?;
            let from = Period::parse(&from)?;
            let to = Period::parse(&to)?;
            let today = today_arg(today.as_deref())?;
            let b = binder::export(db, plan, from, to, &out, today)?;
            report(&b, json, || {
                format!(
                    "已导出佐证材料 {} 个文件到：{}{}",
                    b.files.len(),
                    b.path.display(),
                    kept_note(b.kept_existing.as_deref())
                )
            })
        }
        EvidenceCmd::Restore { id } => {
            let e = evidence::restore(db, id)?;
            say!("已恢复佐证材料 {id}：{}", line(&e));
            Ok(())
        }
    }
}

/// 任务 3「…」 县司法局 2025年9月 会议纪要.pdf（35.2 KB，2025年10月8日添加）
fn line(e: &Evidence) -> String {
    format!(
        "任务 {}「{}」 {} {}年{}月 {}（{}，{}添加）",
        e.task_id,
        e.task_title,
        e.unit,
        e.period.year,
        e.period.month,
        e.file_name,
        size_cn(e.size),
        format_cn(e.added_on)
    )
}
