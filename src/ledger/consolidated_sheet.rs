//! 汇总查看 as a print-ready workbook: every task of the period with each unit's report, its
//! status and how it compares with the previous period, in the ledgers' house style (A4
//! landscape, one page wide, the header repeated on every page, 第 N 页 共 M 页).

use std::path::Path;

use super::consolidate::{Change, Consolidated};
use super::file::{self, WrittenFile};
use super::sheet::{col, missing_units_line, report_workbook, ColStyle, Table};
use super::{Existing, LedgerError};
use crate::deadline::format_cn;

/// The sheet's name.
pub const CONSOLIDATED_SHEET: &str = "汇总查看";

/// 与上期比较 as printed.
fn change_label(c: Change) -> &'static str {
    match c {
        Change::New => "新增",
        Change::Changed => "有变化",
        Change::Unchanged => "与上期相同",
        Change::Missing => "本期未报",
    }
}

/// The title: 2025年9月各单位工作台账汇总.
pub fn title(view: &Consolidated) -> String {
    format!("{}各单位工作台账汇总", view.period.label())
}

/// Writes `view` of the plan titled `plan_title`, made on `today`, to `out` (an `.xlsx` file;
/// see [`Existing`] for a file already there); returns where it went.
pub fn write_consolidated(
    view: &Consolidated,
    plan_title: &str,
    today: chrono::NaiveDate,
    out: &Path,
    existing: Existing,
) -> Result<WrittenFile, LedgerError> {
    file::check_target(out)?;
    let cols = [
        col("序号", 6.0, ColStyle::Center),
        col("重点任务", 30.0, ColStyle::Text),
        col("任务状态", 9.0, ColStyle::Center),
        col("填报单位", 14.0, ColStyle::Text),
        col("单位填报状态", 9.0, ColStyle::Center),
        col("本期进展情况", 58.0, ColStyle::Text),
        col("与上期比较", 10.0, ColStyle::Center),
    ];
    let title = title(view);
    let mut wb = report_workbook(&title, plan_title, "工作台账汇总");
    let subtitle = format!(
        "《{plan_title}》　已报送{}个单位　生成日期：{}",
        view.units_reported,
        format_cn(today)
    );
    let mut table = Table::report(
        wb.add_worksheet(),
        CONSOLIDATED_SHEET,
        &title,
        &subtitle,
        None,
        &cols,
        true,
    )?;
    let mut section = None;
    for (i, t) in view.tasks.iter().enumerate() {
        if !t.section.is_empty() && section != Some(&t.section) {
            table.section(1, &t.section)?;
            section = Some(&t.section);
        }
        let seq = if t.code.is_empty() {
            (i + 1).to_string()
        } else {
            t.code.clone()
        };
        let status = t.status.label();
        let label = format!("任务“{} {}”", seq, crate::limits::preview(&t.title));
        if t.units.is_empty() {
            table.row(
                &[&seq, &t.title, status, "—", "—", "本期无报送", "—"],
                None,
                &label,
            )?;
            continue;
        }
        let mut first = None;
        let mut last = 0;
        for (j, u) in t.units.iter().enumerate() {
            let unit_status = u.status.map_or("—", |s| s.label());
            let text = if u.change == Change::Missing {
                "（本期未报送）"
            } else {
                u.text.as_str()
            };
            let cells: [&str; 7] = if j == 0 {
                [
                    &seq,
                    &t.title,
                    status,
                    &u.unit,
                    unit_status,
                    text,
                    change_label(u.change),
                ]
            } else {
                [
                    "",
                    "",
                    "",
                    &u.unit,
                    unit_status,
                    text,
                    change_label(u.change),
                ]
            };
            last = table.row(&cells, None, &label)?;
            first.get_or_insert(last);
        }
        table.merge_rows(first, last, &[(0, &seq), (1, &t.title), (2, status)])?;
    }
    let mut line = format!(
        "已报送单位{}个；新增{}条，有变化{}条，与上期相同{}条，本期未报{}条",
        view.units_reported, view.new, view.changed, view.unchanged, view.missing
    );
    if view.units_missing.is_empty() {
        line.push('。');
    } else {
        line.push_str(&format!("。{}", missing_units_line(&view.units_missing)));
    }
    table.note(&line)?;
    table.finish(None)?;
    file::write_one(out, wb.save_to_buffer()?, existing)
}
