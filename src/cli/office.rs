//! `taizhang office`: the 发文机关 printed under a 通报 and the 领导小组's name.

use clap::Args;

use taizhang::office::{self, NameSource};
use taizhang::{Db, Error};

use super::report as print_report;

#[derive(Args, Debug)]
pub(crate) struct OfficeArgs {
    /// 发文机关（通报落款），如 示例县依法治县办；空字符串恢复默认（按方案推定）
    #[arg(long)]
    issuer: Option<String>,
    /// 领导小组名称（名单标题），如 示例县法治政府建设工作领导小组；空字符串恢复默认
    #[arg(long)]
    group_name: Option<String>,
    /// 按哪个方案推定默认名称（默认：最新的方案）
    #[arg(long)]
    plan: Option<i64>,
    #[arg(long)]
    json: bool,
}

/// Shows the names, after setting those given.
pub(crate) fn run(db: &mut Db, args: OfficeArgs) -> Result<(), Error> {
    if args.issuer.is_some() || args.group_name.is_some() {
        let mut s = office::settings(db.conn())?;
        if let Some(v) = args.issuer {
            s.issuer = Some(v);
        }
        if let Some(v) = args.group_name {
            s.group_name = Some(v);
        }
        office::save(db, &s)?;
    }
    let o = office::of_plan(db, args.plan)?;
    print_report(&o, args.json, || {
        let note = |s: NameSource| match s {
            NameSource::Set => "",
            NameSource::Default => "（按方案推定，可用 --issuer / --group-name 修改）",
        };
        format!(
            "发文机关：{}{}\n领导小组名称：{}{}",
            o.issuer,
            note(o.issuer_source),
            o.group_name,
            note(o.group_name_source)
        )
    })
}
