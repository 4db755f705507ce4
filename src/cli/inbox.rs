//! `taizhang inbox …`: the folder where received files are saved, and what the window would
//! offer from it (待导入).

use std::path::PathBuf;

use clap::Subcommand;

use taizhang::inbox::{self, Found, State};
use taizhang::{Db, Error};

use super::{report, today_arg};

#[derive(Subcommand, Debug)]
pub enum InboxCmd {
    /// 列出收件文件夹中的工作台账：单位、期次、方案、收到日期、是否已导入（不导入）
    Scan {
        /// 文件夹（默认：设置中的收件文件夹）
        dir: Option<PathBuf>,
        /// 今天的日期（默认：环境变量 TAIZHANG_TODAY，或本机日期）
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 设置（或查看）收件文件夹
    Folder {
        dir: Option<PathBuf>,
        /// 不再使用收件文件夹
        #[arg(long, conflicts_with = "dir")]
        clear: bool,
        #[arg(long)]
        json: bool,
    },
}

/// Runs `inbox`.
pub(crate) fn run(db: &mut Db, cmd: InboxCmd) -> Result<(), Error> {
    match cmd {
        InboxCmd::Scan { dir, today, json } => {
            let dir = match dir {
                Some(d) => d,
                None => inbox::folder(db)?.ok_or(inbox::InboxError::NotSet)?,
            };
            let today = today_arg(today.as_deref())?;
            let found = inbox::scan(db, &dir, today, std::time::SystemTime::now())?;
            report(&found, json, || text(&found))
        }
        InboxCmd::Folder { dir, clear, json } => {
            let set = if clear || dir.is_some() {
                inbox::set_folder(db, dir.as_deref())?
            } else {
                inbox::folder(db)?
            };
            report(&serde_json::json!({ "folder": set }), json, || match &set {
                Some(d) => format!("收件文件夹：{}", d.display()),
                None => "没有设置收件文件夹。".to_string(),
            })?;
            Ok(())
        }
    }
}

fn text(found: &[Found]) -> String {
    let lines: Vec<String> = found
        .iter()
        .filter(|f| f.state != State::NotALedger)
        .map(|f| {
            let state = match f.state {
                State::New if f.problems.is_empty() => "待导入",
                State::New => "待导入（需处理）",
                State::AlreadyImported => "已导入",
                State::Duplicate => "重复文件",
                State::Blank => "空白台账（未填写）",
                State::Writing => "正在写入，稍后再读",
                State::NotALedger => "",
            };
            let received = f
                .received_on
                .map(|d| format!("{}收到", taizhang::deadline::format_cn(d)))
                .unwrap_or_default();
            format!("{state}  {}  {received}  {}", f.notice(), f.file_name)
        })
        .collect();
    if lines.is_empty() {
        "收件文件夹中没有工作台账。".to_string()
    } else {
        lines.join("\n")
    }
}
