//! `taizhang remind …`, `taizhang calendar …` and `taizhang chase …`

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand};

use taizhang::calendar::{self, weekday_cn, DayGroup};
use taizhang::deadline::format_cn;
use taizhang::period::Period;
use taizhang::remind::{self, Board, ChaseList, Item, Level, PeriodStatus};
use taizhang::{unit, Db, Error};

use super::{default_plan, parse_day, report};

#[derive(Args, Debug)]
pub(crate) struct RemindArgs {
    /// 按哪一天计算（默认今天），如 2025-04-03
    #[arg(long)]
    today: Option<String>,
    /// 方案编号（默认：所有正在进行的方案）
    #[arg(long)]
    plan: Option<i64>,
    /// 显示工作台的报送卡片（主卡片、本期、下期、往期未报；默认最新的方案）
    #[arg(long)]
    board: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
pub(crate) enum CalendarCmd {
    /// 导入新的节假日日历文件（JSON，格式见 assets/calendar/README.md）
    Import { file: PathBuf },
    /// 查看某一年的放假和调休上班安排
    Show {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        json: bool,
    },
    /// 撤销最近一次导入，恢复此前的日历
    Undo,
}

#[derive(Args, Debug)]
pub(crate) struct ChaseArgs {
    /// 方案编号（默认最新的方案）
    #[arg(long)]
    plan: Option<i64>,
    /// 报送期次，如 2025-03 或 2025年3月
    #[arg(long)]
    period: String,
    /// 只催这一个单位（名称或别名）
    #[arg(long)]
    unit: Option<String>,
    /// 记为已催报（时间为现在）
    #[arg(long)]
    mark: bool,
    /// 该期已处理完毕：工作台的主卡片不再停留在这一期，转到下一期
    #[arg(long)]
    move_on: bool,
    /// 按哪一天计算逾期天数（默认今天）
    #[arg(long)]
    today: Option<String>,
    #[arg(long)]
    json: bool,
}

fn today_or(arg: Option<&str>) -> Result<NaiveDate, Error> {
    match arg {
        Some(s) => parse_day(s),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

fn level_label(level: Level) -> &'static str {
    match level {
        Level::Red => "【红】",
        Level::Yellow => "【黄】",
        Level::Green => "【绿】",
    }
}

/// Runs `remind`.
pub(crate) fn run_remind(db: &Db, args: RemindArgs) -> Result<(), Error> {
    let today = today_or(args.today.as_deref())?;
    if args.board {
        let board = remind::board(db, default_plan(db, args.plan)?, today)?;
        for w in &board.warnings {
            eprintln!("提示：{w}");
        }
        return report(&board, args.json, || print_board(&board));
    }
    let found = remind::reminders(db, args.plan, today)?;
    for w in &found.warnings {
        eprintln!("提示：{w}");
    }
    report(&found.items, args.json, || print_items(today, &found.items))
}

/// 2025年9月工作台账　截止2025年10月9日　已报 3 · 迟报 1 · 未报 6 / 应报 10
fn card_line(title: &str, s: &PeriodStatus, today: NaiveDate) -> String {
    format!(
        "{title}：{}工作台账　截止{}（{}）　已报 {} · 迟报 {} · 未报 {} / 应报 {}",
        s.report.label,
        format_cn(s.report.due),
        remind::countdown_text(today, s.report.due, s.workdays_left),
        s.on_time,
        s.late,
        s.missing,
        s.required
    )
}

fn print_board(b: &Board) -> String {
    let mut out = format!("《{}》工作台（{}）", b.plan_title, format_cn(b.today));
    let main_is_current =
        b.focus.as_ref().map(|f| f.report.period) == b.current.as_ref().map(|c| c.report.period);
    if let Some(f) = b.focus.as_ref().filter(|_| !main_is_current) {
        out.push_str(&format!("\n{}", card_line("待处理", f, b.today)));
    }
    if let Some(c) = &b.current {
        out.push_str(&format!("\n{}", card_line("本期", c, b.today)));
    }
    if let Some(n) = &b.next {
        out.push_str(&format!("\n{}", card_line("下期", n, b.today)));
    }
    for s in &b.overdue {
        if b.focus.as_ref() != Some(s) {
            out.push_str(&format!("\n{}", card_line("往期未报", s, b.today)));
        }
    }
    if b.focus.is_none() && b.current.is_none() {
        out.push_str("\n本方案当前没有需要报送的期次。");
    }
    out
}

fn print_items(today: NaiveDate, items: &[Item]) -> String {
    let mut out = format!("{}（{}）报送提醒：", format_cn(today), weekday_cn(today));
    if items.is_empty() {
        out.push_str("\n没有需要提醒的事项。");
    }
    for item in items {
        out.push_str(&format!(
            "\n{} {}  {}",
            level_label(item.level),
            item.due,
            item.title
        ));
        if let Some(units) = item.units_missing.as_ref().filter(|u| !u.is_empty()) {
            out.push_str(&format!("\n      未报：{}", units.join("、")));
        }
    }
    out
}

/// Runs a `calendar` subcommand.
pub(crate) fn run_calendar(db: &mut Db, cmd: CalendarCmd) -> Result<(), Error> {
    match cmd {
        CalendarCmd::Import { file } => {
            let done = calendar::import_file(db, &file)?;
            let years: Vec<String> = done.years.iter().map(|y| format!("{y}年")).collect();
            let mut line = format!("已导入日历“{}”：{}。", done.file_name, years.join("、"));
            if !done.replaced.is_empty() {
                let replaced: Vec<String> =
                    done.replaced.iter().map(|y| format!("{y}年")).collect();
                line.push_str(&format!("其中{}替换了原有安排。", replaced.join("、")));
            }
            say!("{line}如需撤销：taizhang calendar undo");
        }
        CalendarCmd::Show { year, json } => {
            let view = calendar::show_year(db.conn(), year)?;
            report(&view, json, || {
                let source = match view.plan.source {
                    calendar::Source::Builtin => "内置",
                    calendar::Source::Imported => "导入",
                };
                let mut out = format!(
                    "{year}年放假和调休安排（{source}：{}），全年工作日 {} 天",
                    view.plan.notice, view.workday_count
                );
                if !view.plan.note.is_empty() {
                    out.push_str(&format!("\n说明：{}", view.plan.note));
                }
                out.push_str("\n放假：");
                out.push_str(&groups_text(&view.plan.holidays));
                out.push_str("\n调休上班：");
                out.push_str(&groups_text(&view.plan.workdays));
                out
            })?;
        }
        CalendarCmd::Undo => {
            let undone = calendar::undo_import(db)?;
            say!(
                "已撤销 {} 导入的日历“{}”。",
                undone.imported_at,
                undone.file_name
            );
        }
    }
    Ok(())
}

/// 10月1日（周二）至10月7日（周一），共7天；9月29日（周日）
fn groups_text(groups: &[DayGroup]) -> String {
    if groups.is_empty() {
        return "无".to_string();
    }
    let day = |d: NaiveDate| format!("{}月{}日（{}）", d.month(), d.day(), weekday_cn(d));
    let mut out = String::new();
    for g in groups {
        let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
        for &d in &g.dates {
            match runs.last_mut() {
                Some((_, end)) if end.succ_opt() == Some(d) => *end = d,
                _ => runs.push((d, d)),
            }
        }
        let parts: Vec<String> = runs
            .into_iter()
            .map(|(a, b)| {
                if a == b {
                    day(a)
                } else {
                    let n = b.signed_duration_since(a).num_days() + 1;
                    format!("{}至{}，共{n}天", day(a), day(b))
                }
            })
            .collect();
        let sep = if parts.iter().any(|p| p.contains('至')) {
            "；"
        } else {
            "、"
        };
        out.push_str(&format!("\n  {}：{}", g.name, parts.join(sep)));
    }
    out
}

/// Runs `chase`.
pub(crate) fn run_chase(db: &mut Db, args: ChaseArgs) -> Result<(), Error> {
    let plan_id = default_plan(db, args.plan)?;
    let period = Period::parse(&args.period)?;
    let today = today_or(args.today.as_deref())?;
    let unit_id = match args.unit.as_deref() {
        Some(name) => Some(unit::resolve(db.conn(), name)?),
        None => None,
    };
    let mut list = remind::chase_list(db, plan_id, period, today, unit_id)?;
    let now = chrono::Local::now().naive_local();
    if args.mark {
        for m in &mut list.units {
            let rec = remind::mark_chased(db, plan_id, m.unit_id, period, now, &m.message)?;
            m.chased_at = Some(rec.chased_at);
            m.chase_count += 1;
        }
    }
    if args.move_on {
        remind::move_on(db, plan_id, Some(period), now)?;
    }
    report(&list, args.json, || {
        let mut text = print_chase(&list, today, args.mark);
        if args.move_on {
            text.push_str(&format!(
                "\n已将{}标为处理完毕，工作台的主卡片转到下一期。",
                list.label
            ));
        }
        text
    })
}

fn print_chase(list: &ChaseList, today: NaiveDate, marked: bool) -> String {
    if list.units.is_empty() {
        return format!("{}的工作台账已报送，无需催报。", list.label);
    }
    let mut out = format!(
        "{}工作台账，截止{}（{}）：\n",
        list.label,
        format_cn(list.due),
        remind::countdown_text(today, list.due, list.workdays_left)
    );
    for m in &list.units {
        let chased = match &m.chased_at {
            Some(at) => format!("  已催报 {} 次，最近 {at}", m.chase_count),
            None => String::new(),
        };
        let or_blank = |s: &str| {
            if s.is_empty() {
                "（未填）".to_string()
            } else {
                s.to_string()
            }
        };
        out.push_str(&format!(
            "{}  联络员：{}  电话：{}  {}{chased}\n  {}\n",
            m.unit,
            or_blank(&m.contact_name),
            or_blank(&m.contact_phone),
            m.state.label(),
            m.message
        ));
    }
    out.push_str(&format!("共 {} 个单位未报。", list.units.len()));
    if list.units.len() > 1 {
        out.push_str(&format!("\n群发：{}", list.message_all));
    }
    if marked {
        out.push_str("\n已全部记为已催报。");
    }
    out
}
