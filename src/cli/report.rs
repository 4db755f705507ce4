//! `taizhang report summary|stats|circular`

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use taizhang::period::Period;
use taizhang::report::{self, percent, Range, Report, ReportKind};
use taizhang::{Db, Error};

use super::{default_plan, parse_day, report as print_report};

#[derive(Subcommand, Debug)]
pub(crate) enum ReportCmd {
    /// 汇总台账：每项任务、每个单位所选期间最新报送的进展情况和完成状态，按章节分组
    Summary(ReportArgs),
    /// 进展统计：按章节、按单位统计已完成/推进中/未启动/逾期和完成率，以及逐月趋势
    Stats(ReportArgs),
    /// 报送情况通报：各单位按时、迟报、未报次数和按时报送率排名，附通报文字
    Circular(ReportArgs),
}

#[derive(Args, Debug)]
pub(crate) struct ReportArgs {
    /// 方案编号（默认：最新的方案）
    #[arg(long)]
    plan: Option<i64>,
    /// 统计月份，如 2025-09 或 2025年9月
    #[arg(long, conflicts_with_all = ["from", "to"])]
    period: Option<String>,
    /// 起始月份（与 --to 一起使用）
    #[arg(long)]
    from: Option<String>,
    /// 截止月份（与 --from 一起使用）
    #[arg(long)]
    to: Option<String>,
    /// 按哪一天生成（默认：环境变量 TAIZHANG_TODAY，或今天），如 2025-10-12
    #[arg(long)]
    today: Option<String>,
    /// 通报的文号（仅报送情况通报），如 示法治办〔2025〕3号
    #[arg(long)]
    doc_no: Option<String>,
    /// 同时写出可直接打印的 Excel 文件（.xlsx）
    #[arg(long, value_name = "FILE.xlsx")]
    out: Option<PathBuf>,
    /// 覆盖同名文件——仅限本软件导出后未被改动过的文件；其他文件一律保留，新文件另起名（默认：都保留，新文件名加“（2）”）
    #[arg(long)]
    replace: bool,
    #[arg(long)]
    json: bool,
}

/// The report as JSON, with the file written when `--out` was given.
#[derive(Serialize)]
struct WithFile<'a, T: Serialize> {
    #[serde(flatten)]
    report: &'a T,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    /// The file of the name asked for, kept (`file` then has another name).
    #[serde(skip_serializing_if = "Option::is_none")]
    kept_existing: Option<String>,
}

/// Runs a `report` subcommand.
pub(crate) fn run(db: &Db, cmd: ReportCmd) -> Result<(), Error> {
    let (kind, args) = match cmd {
        ReportCmd::Summary(a) => (ReportKind::Summary, a),
        ReportCmd::Stats(a) => (ReportKind::Stats, a),
        ReportCmd::Circular(a) => (ReportKind::Circular, a),
    };
    let plan_id = default_plan(db, args.plan)?;
    let range = range_of(&args)?;
    let today = today(args.today.as_deref())?;
    let built = match report::build(db, kind, plan_id, range, today)? {
        Report::Circular(c) => Report::Circular(c.numbered(args.doc_no.as_deref())?),
        other => other,
    };
    let written = match &args.out {
        Some(path) => Some(report::write(&built, path, super::existing(args.replace))?),
        None => None,
    };
    let with = WithFile {
        report: &built,
        file: written.as_ref().map(|w| w.path.display().to_string()),
        kept_existing: written
            .as_ref()
            .and_then(|w| w.kept_existing.as_ref())
            .map(|k| k.display().to_string()),
    };
    print_report(&with, args.json, || {
        let mut text = line(&built);
        if let Some(w) = &written {
            text.push_str(&format!(
                "\n已写出：{}{}",
                w.path.display(),
                super::kept_note(w.kept_existing.as_deref())
            ));
        }
        text
    })
}

/// The short Chinese summary printed without `--json`.
fn line(built: &Report) -> String {
    match built {
        Report::Summary(r) => r.head.note.clone().unwrap_or_else(|| {
            let tasks: usize = r.sections.iter().map(|s| s.tasks.len()).sum();
            let mut s = format!(
                "{}工作台账汇总：任务 {} 项，已报送单位 {} 个",
                r.head.label,
                tasks,
                r.units_reported.len()
            );
            if !r.units_missing.is_empty() {
                s.push_str(&format!("，未报送：{}", r.units_missing.join("、")));
            }
            s + "。"
        }),
        Report::Stats(r) => {
            let t = &r.totals;
            let s = format!(
                "{}进展统计：任务 {} 项，已完成 {}、推进中 {}、未启动 {}、逾期 {}，完成率 {}。",
                r.head.label,
                t.total,
                t.done,
                t.in_progress,
                t.not_started,
                t.overdue,
                percent(t.completion_rate)
            );
            let copiers: Vec<String> = r
                .units
                .iter()
                .filter(|u| u.copied_rows > 0)
                .map(|u| {
                    format!(
                        "{} {} 条（{}）",
                        u.unit,
                        u.copied_rows,
                        percent(u.copied_rate)
                    )
                })
                .collect();
            let s = match copiers.is_empty() {
                true => s,
                false => format!(
                    "{s}\n照抄进展 {} 条：{}。",
                    r.copied_rows,
                    copiers.join("、")
                ),
            };
            match &r.head.note {
                Some(note) => format!("{note}\n{s}"),
                None => s,
            }
        }
        Report::Circular(r) => {
            let d = &r.document;
            let mut s = d.title.clone();
            if let Some(no) = &d.doc_no {
                s.push_str(&format!("\n{no}"));
            }
            format!(
                "{s}\n\n{}\n　　{}\n\n{}\n{}",
                d.addressee, r.paragraph, d.issuer, d.dated_label
            )
        }
    }
}

/// `--period P`, or `--from A --to B` (either alone means that one month).
fn range_of(args: &ReportArgs) -> Result<Range, Error> {
    let parse = |s: &str| Period::parse(s).map_err(Error::from);
    let (from, to) =
        match (&args.period, &args.from, &args.to) {
            (Some(p), _, _) => (p, p),
            (None, Some(a), Some(b)) => (a, b),
            (None, Some(a), None) | (None, None, Some(a)) => (a, a),
            (None, None, None) => return Err(Error::Invalid(
                "请用 --period 指定月份（如 --period 2025-09），或用 --from 和 --to 指定起止月份。"
                    .to_string(),
            )),
        };
    Ok(Range {
        from: parse(from)?,
        to: parse(to)?,
    })
}

/// `--today`, else `TAIZHANG_TODAY`, else the clock.
fn today(arg: Option<&str>) -> Result<NaiveDate, Error> {
    if let Some(s) = arg {
        return parse_day(s);
    }
    match std::env::var("TAIZHANG_TODAY") {
        Ok(s) if !s.trim().is_empty() => parse_day(&s),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}
