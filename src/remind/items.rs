//! Reminder items (CLI `remind`, notifications) drawn from the boards.

use chrono::NaiveDate;
use serde::Serialize;

use crate::deadline::format_cn;
use crate::plan::{self, Phase};
use crate::progress::Period;
use crate::store::Db;

use super::context::PlanContext;
use super::{Board, Level, PeriodStatus, RemindError};

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A report due today or later.
    ReportDue,
    /// A report past its due date that some unit has not sent.
    ReportOverdue,
    /// A task deadline near or past.
    TaskDeadline,
    /// The current or next phase (工作步骤).
    Phase,
}

/// One reminder as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub kind: ItemKind,
    pub due: NaiveDate,
    /// The period, for report kinds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    pub title: String,
    /// Units that have not reported, for report kinds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units_missing: Option<Vec<String>>,
    pub level: Level,
}

/// 今天截止 / 还剩3个工作日 / 已逾期2个工作日.
pub fn countdown_text(today: NaiveDate, due: NaiveDate, workdays_left: i64) -> String {
    if today == due {
        "今天截止".to_string()
    } else if today > due {
        if workdays_left < 0 {
            format!("已逾期{}个工作日", -workdays_left)
        } else {
            "已逾期".to_string()
        }
    } else {
        format!("还剩{workdays_left}个工作日")
    }
}

fn report_item(s: &PeriodStatus, today: NaiveDate) -> Item {
    let due = s.report.due;
    let missing = s.missing_units();
    let progress = if missing.is_empty() {
        "已全部报送".to_string()
    } else {
        format!("{}个单位未报", missing.len())
    };
    Item {
        kind: if due < today && !missing.is_empty() {
            ItemKind::ReportOverdue
        } else {
            ItemKind::ReportDue
        },
        due,
        period: Some(s.report.period),
        title: format!(
            "{}工作台账报送截止{}（{}），{}",
            s.report.label,
            format_cn(due),
            countdown_text(today, due, s.workdays_left),
            progress
        ),
        units_missing: Some(missing),
        level: s.level,
    }
}

fn phase_item(p: &Phase, current: bool) -> Option<Item> {
    let (due, title) = if current {
        let end = p.end?;
        let span = match p.start {
            Some(s) => format!("{}至{}", format_cn(s), format_cn(end)),
            None => format!("至{}", format_cn(end)),
        };
        (end, format!("当前阶段：{}（{span}）", p.name))
    } else {
        let start = p.start?;
        (
            start,
            format!("下一阶段：{}（{}开始）", p.name, format_cn(start)),
        )
    };
    Some(Item {
        kind: ItemKind::Phase,
        due,
        period: None,
        title,
        units_missing: None,
        level: Level::Green,
    })
}

/// Most urgent first: red, yellow, green; then by due date.
fn sort_items(items: &mut [Item]) {
    items.sort_by_key(|i| (i.level, i.due, i.kind));
}

/// The reminders of one board: overdue periods, the current and next report, task deadlines and
/// phases; the most urgent first.
pub fn board_items(board: &Board) -> Vec<Item> {
    let today = board.today;
    let mut items: Vec<Item> = board
        .overdue
        .iter()
        .chain(board.current.iter())
        .chain(board.next.iter())
        .map(|s| report_item(s, today))
        .collect();
    items.extend(board.tasks.iter().map(|t| {
        let what = if t.overdue {
            "任务逾期"
        } else {
            "任务到期"
        };
        let code = if t.code.is_empty() {
            String::new()
        } else {
            format!("{} ", t.code)
        };
        Item {
            kind: ItemKind::TaskDeadline,
            due: t.deadline,
            period: None,
            title: format!(
                "{what}：{code}{}（完成时限：{}，{}）",
                t.title,
                t.deadline_text,
                countdown_text(today, t.deadline, t.workdays_left)
            ),
            units_missing: None,
            level: t.level,
        }
    }));
    items.extend(
        board
            .current_phase
            .iter()
            .filter_map(|p| phase_item(p, true)),
    );
    items.extend(board.next_phase.iter().filter_map(|p| phase_item(p, false)));
    sort_items(&mut items);
    items
}

/// What `remind` reports for a day: its items and the boards' warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminders {
    pub items: Vec<Item>,
    pub warnings: Vec<String>,
}

/// The reminders as of `today` for one plan, or — with `None` — for every plan running around
/// that day (from a month before its start to a month after its last due date); with several
/// plans each title starts with its plan's title.
pub fn reminders(
    db: &Db,
    plan_id: Option<i64>,
    today: NaiveDate,
) -> Result<Reminders, RemindError> {
    let contexts = match plan_id {
        Some(id) => vec![PlanContext::load(db, id)?],
        None => {
            let mut all = Vec::new();
            for p in plan::list(db)? {
                let ctx = PlanContext::load(db, p.id)?;
                if ctx.active_on(today) {
                    all.push(ctx);
                }
            }
            all
        }
    };
    let several = contexts.len() > 1;
    let mut out = Reminders {
        items: Vec::new(),
        warnings: Vec::new(),
    };
    for ctx in &contexts {
        let board = ctx.board(db, today)?;
        let prefix = if several {
            format!("【{}】", board.plan_title)
        } else {
            String::new()
        };
        for mut item in board_items(&board) {
            item.title = format!("{prefix}{}", item.title);
            out.items.push(item);
        }
        for w in board.warnings {
            let w = format!("{prefix}{w}");
            if !out.warnings.contains(&w) {
                out.warnings.push(w);
            }
        }
    }
    sort_items(&mut out.items);
    Ok(out)
}
