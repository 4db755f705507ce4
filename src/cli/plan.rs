//! `taizhang plan …`

use clap::Subcommand;

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
    }
    Ok(())
}

pub(crate) fn print_plans(plans: &[Plan]) {
    if plans.is_empty() {
        say!("还没有方案。可运行 `taizhang sample` 载入示例方案。");
    }
    for p in plans {
        say!("{:>4}  {}  {}", p.id, p.title, p.doc_no);
    }
}
