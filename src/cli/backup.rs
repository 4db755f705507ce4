//! `taizhang backup …`: a copy to a file, the automatic daily copy, the list of the `backups`
//! folder, the rotation's numbers and what a restore would change.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use taizhang::backup::{self, BackupEntry, Keep};
use taizhang::{Db, Error};

use super::{print_json, report, today_arg};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    /// 备份到这个文件
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Option<BackupCmd>,
}

#[derive(Subcommand, Debug)]
pub enum BackupCmd {
    /// 列出备份文件夹中的备份（日期、大小、方案数、任务数、报送数）
    List {
        #[arg(long)]
        json: bool,
    },
    /// 每日自动备份：今天还没有时备份一次，并按保留份数清理旧的自动备份
    Auto {
        /// 今天的日期（默认：环境变量 TAIZHANG_TODAY，或本机日期）
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 自动备份保留的份数（不带参数时显示当前设置）
    Keep {
        #[arg(long, value_name = "N")]
        daily: Option<u32>,
        #[arg(long, value_name = "N")]
        weekly: Option<u32>,
        #[arg(long, value_name = "N")]
        monthly: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// 恢复前查看：当前数据与备份中的方案、任务、报送数
    Compare {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

/// Runs `backup`.
pub(crate) fn run(db: &mut Db, args: BackupArgs) -> Result<(), Error> {
    match (args.out, args.cmd) {
        (Some(out), _) => {
            let evidence = backup::to_file(db, &out)?;
            if evidence > 0 {
                say!(
                    "已备份到：{}（佐证材料 {evidence} 个文件在同名 .evidence 文件夹中）",
                    out.display()
                );
            } else {
                say!("已备份到：{}", out.display());
            }
            Ok(())
        }
        (None, Some(cmd)) => run_cmd(db, cmd),
        (None, None) => Err(Error::Invalid(
            "请用 --out 指定备份文件，或用 backup list、backup auto、backup keep、backup compare。"
                .to_string(),
        )),
    }
}

fn run_cmd(db: &mut Db, cmd: BackupCmd) -> Result<(), Error> {
    match cmd {
        BackupCmd::List { json } => {
            let list = match db.path() {
                Some(p) => backup::list(p),
                None => Vec::new(),
            };
            report(&list, json, || list_text(&list))
        }
        BackupCmd::Auto { today, json } => {
            let today = today_arg(today.as_deref())?;
            let outcome = backup::daily(db, today)?;
            report(&outcome, json, || match &outcome.made {
                Some(p) => format!(
                    "已完成今天的自动备份：{}{}",
                    p.display(),
                    if outcome.removed.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "；按保留份数清理了 {} 份旧的自动备份",
                            outcome.removed.len()
                        )
                    }
                ),
                None => "今天已经自动备份过，无需再备份。".to_string(),
            })
        }
        BackupCmd::Keep {
            daily,
            weekly,
            monthly,
            json,
        } => {
            let mut keep = backup::keep(db.conn())?;
            if daily.is_some() || weekly.is_some() || monthly.is_some() {
                keep = backup::set_keep(
                    db,
                    Keep {
                        daily: daily.unwrap_or(keep.daily),
                        weekly: weekly.unwrap_or(keep.weekly),
                        monthly: monthly.unwrap_or(keep.monthly),
                    },
                )?;
            }
            report(&keep, json, || {
                format!(
                    "自动备份保留：每日 {} 份，每周 {} 份，每月 {} 份。",
                    keep.daily, keep.weekly, keep.monthly
                )
            })
        }
        BackupCmd::Compare { file, json } => {
            let p = backup::preview(db, &file)?;
            if json {
                return print_json(&p);
            }
            say!("恢复“{}”后：", file.display());
            say!("  方案 {} → {}", p.current.plans, p.backup.plans);
            say!("  任务 {} → {}", p.current.tasks, p.backup.tasks);
            say!("  报送 {} → {}", p.current.reports, p.backup.reports);
            if p.evidence_back > 0 {
                say!("  找回佐证材料 {} 个文件", p.evidence_back);
            }
            Ok(())
        }
    }
}

fn list_text(list: &[BackupEntry]) -> String {
    if list.is_empty() {
        return "备份文件夹中还没有备份。".to_string();
    }
    list.iter()
        .map(|b| {
            let counts = b
                .counts
                .map(|c| format!("方案 {}，任务 {}，报送 {}", c.plans, c.tasks, c.reports))
                .unwrap_or_else(|| "无法读取".to_string());
            format!(
                "{}  {}  {}  {}  {}",
                taizhang::deadline::format_cn(b.date),
                b.kind_label,
                size_text(b.size),
                counts,
                b.file_name
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// 1.2 MB, 35 KB.
fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
