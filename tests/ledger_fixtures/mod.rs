//! Returned ledgers made in code, for the import tests and the benchmark: our own export as a
//! department fills it in, and the hand-made layouts departments send instead (fictional
//! 示例县 data only).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test and bench code: a panic is a failed run
#![allow(dead_code)]

use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatAlign, Formula, Workbook};

pub type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// A task of the sample plan as a ledger shows it.
#[derive(Debug, Clone)]
pub struct Task {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub section: String,
}

/// The plan, a unit and the unit's tasks, read from a database file.
#[derive(Debug, Clone)]
pub struct Ledger {
    pub plan_id: i64,
    pub plan_title: String,
    pub unit_id: i64,
    pub unit: String,
    pub period: String,
    pub tasks: Vec<Task>,
}

/// Units that have tasks in the plan (group phrases excepted), by id.
pub fn units(db: &Path) -> Res<Vec<(i64, String)>> {
    let conn = rusqlite::Connection::open(db)?;
    let mut stmt = conn.prepare(
        "SELECT DISTINCT u.id, u.name FROM unit u JOIN assignment a ON a.unit_id = u.id
         WHERE u.kind <> 'group' ORDER BY u.id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The ledger of `unit` for `period` (YYYY-MM) in the latest plan.
pub fn ledger(db: &Path, unit: &str, period: &str) -> Res<Ledger> {
    let conn = rusqlite::Connection::open(db)?;
    let (plan_id, plan_title): (i64, String) = conn.query_row(
        "SELECT id, title FROM plan ORDER BY id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let unit_id: i64 =
        conn.query_row("SELECT id FROM unit WHERE name = ?1", [unit], |r| r.get(0))?;
    let mut stmt = conn.prepare(
        "SELECT DISTINCT t.id, t.code, t.title, ifnull(s.code || s.title, ''), t.seq
         FROM task t JOIN assignment a ON a.task_id = t.id LEFT JOIN section s ON s.id = t.section_id
         WHERE t.plan_id = ?1 AND a.unit_id = ?2 AND t.deleted_at IS NULL ORDER BY t.seq, t.id",
    )?;
    let tasks = stmt
        .query_map(rusqlite::params![plan_id, unit_id], |r| {
            Ok(Task {
                id: r.get(0)?,
                code: r.get(1)?,
                title: r.get(2)?,
                section: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Ledger {
        plan_id,
        plan_title,
        unit_id,
        unit: unit.to_string(),
        period: period.to_string(),
        tasks,
    })
}

/// `2025-09` → `2025年9月`.
pub fn period_label(period: &str) -> String {
    let (y, m) = period.split_once('-').unwrap_or((period, "1"));
    format!("{y}年{}月", m.trim_start_matches('0'))
}

/// One filled row: the task and what the department wrote.
#[derive(Debug, Clone)]
pub struct Filled {
    pub task: Task,
    pub progress: String,
    /// 完成状态 as the department wrote it (our layout).
    pub status: String,
}

/// Progress texts for a ledger, different per unit, period and `salt`.
pub fn fill(ledger: &Ledger, salt: &str) -> Vec<Filled> {
    ledger
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| Filled {
            task: t.clone(),
            progress: format!(
                "{}{}：围绕“{}”召开专题会议{}次，印发工作方案，{}",
                ledger.unit,
                period_label(&ledger.period),
                t.title,
                i + 1,
                salt
            ),
            status: "推进中".to_string(),
        })
        .collect()
}

/// The layouts returned ledgers come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Our export as filled in Excel: hidden keys and identity, 上期进展 column.
    Ours,
    /// Our export with the rows re-sorted (reversed).
    OursResorted,
    /// A hand-made table: title, 填报单位 line, 工作任务 / 时间节点 / 工作进展 / 责任部门,
    /// sections (一)…, header repeated after ten rows, dates as Excel serials, rich text.
    HandMade,
    /// Hand-made with a two-row header (进展情况 merged over 工作进展 | 存在问题).
    TwoRowHeader,
    /// Hand-made with the header at row 12, column D.
    OddPlace,
}

/// Writes a filled ledger in `layout`.
pub fn write(path: &Path, layout: Layout, l: &Ledger, rows: &[Filled]) -> Res<()> {
    let mut wb = Workbook::new();
    match layout {
        Layout::Ours | Layout::OursResorted => {
            let mut rows = rows.to_vec();
            if layout == Layout::OursResorted {
                rows.reverse();
            }
            ours(&mut wb, l, &rows)?;
        }
        Layout::HandMade => hand_made(&mut wb, l, rows, false, (0, 0))?,
        Layout::TwoRowHeader => hand_made(&mut wb, l, rows, true, (0, 0))?,
        Layout::OddPlace => hand_made(&mut wb, l, rows, false, (11, 3))?,
    }
    wb.save(path)?;
    Ok(())
}

const OUR_HEADERS: [&str; 11] = [
    "序号",
    "主要任务",
    "职责",
    "完成时间",
    "上期进展",
    "进展情况",
    "完成状态",
    "责任科室",
    "责任人",
    "备注",
    "任务标识",
];

fn ours(wb: &mut Workbook, l: &Ledger, rows: &[Filled]) -> Res<()> {
    let ws = wb.add_worksheet();
    ws.set_name("工作台账")?;
    let title = format!("落实《{}》工作台账", l.plan_title);
    ws.merge_range(0, 0, 0, 9, &title, &Format::new().set_bold())?;
    ws.write_string(
        1,
        0,
        format!(
            "填报单位：{}　　报送期次：{}",
            l.unit,
            period_label(&l.period)
        ),
    )?;
    for (c, h) in OUR_HEADERS.iter().enumerate() {
        ws.write_string(2, c as u16, *h)?;
    }
    ws.set_column_hidden(10)?;
    for (r, f) in (3..).zip(rows) {
        ws.write_string(r, 0, &f.task.code)?;
        ws.write_string(r, 1, &f.task.title)?;
        ws.write_string(r, 2, "牵头")?;
        ws.write_string(r, 3, "2025年12月底前")?;
        ws.write_string(r, 5, &f.progress)?;
        ws.write_string(r, 6, &f.status)?;
        ws.write_string(r, 7, "法制股")?;
        ws.write_string(r, 8, "张示例")?;
        ws.write_string(r, 10, format!("TZ-{}", f.task.id))?;
    }
    let id = wb.add_worksheet();
    id.set_name("_taizhang")?;
    let pairs = [
        ("schema_version", "1".to_string()),
        ("kind", "unit_ledger".to_string()),
        ("plan_id", l.plan_id.to_string()),
        ("plan_title", l.plan_title.clone()),
        ("unit_id", l.unit_id.to_string()),
        ("unit_name", l.unit.clone()),
        ("period", l.period.clone()),
        ("sheet", "工作台账".to_string()),
        ("header_row", "3".to_string()),
    ];
    for (i, (k, v)) in pairs.iter().enumerate() {
        id.write_string(i as u32, 0, *k)?;
        id.write_string(i as u32, 1, v)?;
    }
    id.set_very_hidden(true);
    Ok(())
}

fn hand_made(
    wb: &mut Workbook,
    l: &Ledger,
    rows: &[Filled],
    two_rows: bool,
    (r0, c0): (u32, u16),
) -> Res<()> {
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy/m/d");
    let m_d = Format::new().set_num_format("0.00");
    let center = Format::new().set_align(FormatAlign::Center);
    let red = Format::new().set_font_color(Color::Red);
    let headers = [
        "序号",
        "工作任务",
        "时间节点",
        "工作进展",
        "责任部门",
        "责任人",
        "备注",
    ];
    let title = format!(
        "{}{}法治政府建设工作落实情况",
        l.unit,
        period_label(&l.period)
    );
    ws.merge_range(r0, c0, r0, c0 + 6, &title, &center)?;
    ws.write_string(r0 + 1, c0, format!("填报单位：{}", l.unit))?;
    ws.write_string(r0 + 1, c0 + 4, "填报时间：")?;
    let mut r = r0 + 3;
    let write_header = |ws: &mut rust_xlsxwriter::Worksheet, r: u32| -> Res<u32> {
        if two_rows {
            for (c, h) in headers.iter().enumerate() {
                if c != 3 && c != 4 {
                    ws.merge_range(r, c0 + c as u16, r + 1, c0 + c as u16, h, &center)?;
                }
            }
            ws.merge_range(r, c0 + 3, r, c0 + 4, "进展情况", &center)?;
            ws.write_string(r + 1, c0 + 3, "工作进展")?;
            ws.write_string(r + 1, c0 + 4, "存在问题")?;
            Ok(r + 2)
        } else {
            for (c, h) in headers.iter().enumerate() {
                ws.write_string(r, c0 + c as u16, *h)?;
            }
            Ok(r + 1)
        }
    };
    r = write_header(ws, r)?;
    let mut section = String::new();
    for (i, f) in rows.iter().enumerate() {
        if i > 0 && i % 10 == 0 {
            // The header repeated on a new printed page.
            ws.merge_range(r, c0, r, c0 + 6, &title, &center)?;
            r = write_header(ws, r + 1)?;
        }
        if f.task.section != section && !f.task.section.is_empty() {
            section = f.task.section.clone();
            ws.merge_range(r, c0, r, c0 + 6, &section, &Format::new())?;
            r += 1;
        }
        match f.task.code.parse::<f64>() {
            Ok(n) => ws.write_number(r, c0, n)?,
            Err(_) => ws.write_string(r, c0, &f.task.code)?,
        };
        // Titles edited a little: a trailing 。 added.
        ws.write_string(r, c0 + 1, format!("{}。", f.task.title))?;
        match i % 3 {
            0 => ws.write_number_with_format(r, c0 + 2, 46022.0, &date)?, // 2025/12/31
            1 => ws.write_number_with_format(r, c0 + 2, 10.3, &m_d)?,
            _ => ws.write_string(r, c0 + 2, "长期坚持")?,
        };
        if i % 4 == 1 {
            let plain = Format::new();
            let (head, tail) = split_half(&f.progress);
            ws.write_rich_string(r, c0 + 3, &[(&red, head.as_str()), (&plain, tail.as_str())])?;
        } else if i % 4 == 2 {
            let formula = Formula::new(format!("=\"{}\"", f.progress.replace('"', "")))
                .set_result(f.progress.replace('"', ""));
            ws.write_formula(r, c0 + 3, formula)?;
        } else {
            ws.write_string(r, c0 + 3, &f.progress)?;
        }
        if two_rows {
            ws.write_string(r, c0 + 4, "无")?;
        } else {
            ws.write_string(r, c0 + 4, "办公室")?;
        }
        ws.write_string(r, c0 + 5, "李示例")?;
        if i % 7 == 3 {
            ws.set_row_hidden(r)?;
        }
        r += 1;
    }
    ws.write_string(r + 1, c0, "说明：每月5日前报送上月进展。")?;
    Ok(())
}

fn split_half(s: &str) -> (String, String) {
    let n = s.chars().count() / 2;
    (s.chars().take(n).collect(), s.chars().skip(n).collect())
}
