//! `taizhang import …`: the batches of returned ledgers imported, and undoing one.

use clap::Subcommand;

use taizhang::ledger::import;
use taizhang::{Db, Error};

use taizhang::deadline::format_cn;

use super::{if_any, parse_day, print_json, today_arg};

#[derive(Subcommand, Debug)]
pub(crate) enum ImportCmd {
    /// 列出导入记录（每次导入一个批次，最新的在前）
    List {
        /// 跳过最新的若干个批次（分页用，默认 0）
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// 最多列出多少个批次（默认全部）
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// 列出一份报送的台账文件中读入的每一行（对应上任务的和没有对应上的）
    Rows {
        /// 报送编号（见 taizhang import list --json 的 submission_id）
        submission: i64,
        #[arg(long)]
        json: bool,
    },
    /// 更正一份报送的收到日期（决定按时还是迟报），如 taizhang import received 12 2025-10-05
    Received {
        /// 报送编号（见 taizhang import list --json 的 submission_id）
        submission: i64,
        /// 实际收到的日期，如 2025-10-05
        day: String,
        /// 按哪一天算“今天”（默认 TAIZHANG_TODAY，否则今天）
        #[arg(long)]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 撤销一个导入批次，恢复到导入前的状态
    Undo {
        /// 导入批次编号（见 taizhang import list）
        batch: i64,
        #[arg(long)]
        json: bool,
    },
}

/// Runs an `import` subcommand.
pub(crate) fn run(db: &mut Db, cmd: ImportCmd) -> Result<(), Error> {
    match cmd {
        ImportCmd::List {
            offset,
            limit,
            json,
        } => {
            let batches = import::list_batches_from(db, offset, limit.unwrap_or(usize::MAX))?;
            if json {
                return print_json(&batches);
            }
            if batches.is_empty() {
                say!("还没有导入过台账。");
            }
            for b in &batches {
                say!(
                    "批次 {}　{}　{} 个文件，{} 行",
                    b.id,
                    b.imported_at,
                    b.files.len(),
                    b.rows
                );
                for f in &b.files {
                    let replaced = if f.superseded {
                        "（已被后来的报送替换）"
                    } else {
                        ""
                    };
                    let received = f
                        .received_on
                        .map(|d| format!("　{}收到", format_cn(d)))
                        .unwrap_or_default();
                    say!(
                        "    {}　{} {}{received}　对应 {} 行，未对应 {} 行{replaced}（报送编号 {}）",
                        f.file_name,
                        f.unit,
                        f.period.label(),
                        f.matched,
                        f.unmatched,
                        f.submission_id
                    );
                }
            }
            Ok(())
        }
        ImportCmd::Rows { submission, json } => {
            let rows = import::read_rows(db, submission)?;
            if json {
                return print_json(&rows);
            }
            for r in &rows {
                let task = match r.read.task_id {
                    Some(_) => format!("→ {} {}", r.task_code, r.task_title),
                    None => "（未对应任务）".to_string(),
                };
                say!(
                    "{} 第{}行　{} {}　{task}",
                    r.read.sheet,
                    r.read.row,
                    r.read.code,
                    r.read.title
                );
                if !r.read.progress.is_empty() {
                    say!("    进展：{}", r.read.progress);
                }
            }
            say!("共 {} 行。", rows.len());
            Ok(())
        }
        ImportCmd::Received {
            submission,
            day,
            today,
            json,
        } => {
            let day = parse_day(&day)?;
            let today = today_arg(today.as_deref())?;
            let change = import::set_received(db, submission, day, today)?;
            if json {
                return print_json(&change);
            }
            let before = change
                .before
                .map(|d| format!("（原为{}）", format_cn(d)))
                .unwrap_or_default();
            say!(
                "已将{}{}报送（文件“{}”）的收到日期改为{}{before}。",
                change.unit,
                change.period.label(),
                change.file_name,
                format_cn(change.received_on)
            );
            if let Some(d) = change.before.filter(|d| *d != change.received_on) {
                say!(
                    "如需恢复：taizhang import received {} {}",
                    change.submission_id,
                    d.format("%Y-%m-%d")
                );
            }
            Ok(())
        }
        ImportCmd::Undo { batch, json } => {
            super::backup_before(db, taizhang::backup::Change::Undo)?;
            let report = import::undo(db, batch)?;
            if json {
                return print_json(&report);
            }
            say!(
                "已撤销导入批次 {}：删除 {} 个文件的报送、{} 条进展{}。",
                report.batch,
                report.files,
                report.entries,
                if_any(report.restored, |n| format!("，{n} 份被替换的原报送已恢复"))
            );
            Ok(())
        }
    }
}
