//! `taizhang ledger …`

use std::path::PathBuf;

use clap::{Args, Subcommand};

use taizhang::ledger::{self, ExportedFile, LedgerRequest};
use taizhang::progress::Period;
use taizhang::{Db, Error};

use super::{default_plan, print_json};

#[derive(Subcommand, Debug)]
pub(crate) enum LedgerCmd {
    /// 导出工作台账：每个责任单位一个文件，另加一个汇总文件
    Export(ExportArgs),
}

#[derive(Args, Debug)]
pub(crate) struct ExportArgs {
    /// 方案编号（默认：最新的方案）
    #[arg(long)]
    plan: Option<i64>,
    /// 报送期次，如 2025-09 或 2025年9月
    #[arg(long)]
    period: String,
    /// 导出到的文件夹（须已存在）
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// 只导出这一个单位（名称或别名），不导出汇总
    #[arg(long)]
    unit: Option<String>,
    /// 不加“上期进展”列
    #[arg(long)]
    no_previous: bool,
    /// 工作表保护密码（默认：设置中保存的密码，未设置则不加密码）
    #[arg(long)]
    password: Option<String>,
    #[arg(long)]
    json: bool,
}

/// Runs a `ledger` subcommand.
pub(crate) fn run(db: &mut Db, cmd: LedgerCmd) -> Result<(), Error> {
    match cmd {
        LedgerCmd::Export(args) => export(db, args),
    }
}

fn export(db: &mut Db, args: ExportArgs) -> Result<(), Error> {
    let plan_id = default_plan(db, args.plan)?;
    let mut options = ledger::load_options(db)?;
    if args.no_previous {
        options.include_previous = false;
    }
    if let Some(p) = args.password {
        options.password = Some(p);
    }
    let req = LedgerRequest {
        plan_id,
        period: Period::parse(&args.period)?,
        out_dir: args.out,
        unit: args.unit,
    };
    let files = ledger::export(db, &req, &options)?;
    if args.json {
        print_json(&files)
    } else {
        print_files(&files, &req.out_dir);
        Ok(())
    }
}

pub(crate) fn print_files(files: &[ExportedFile], dir: &std::path::Path) {
    say!("已导出 {} 个文件到 {}：", files.len(), dir.display());
    for f in files {
        let name = f
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        say!("  {name}（{} 项任务）", f.tasks);
    }
}
