//! The reports as print-ready workbooks, in the ledgers' house style (see
//! [`crate::ledger::sheet`]): A4 landscape, one page wide, the header repeated on every page,
//! 第 N 页 共 M 页, titles in 宋体/黑体 and text in 仿宋.

use std::path::Path;

use rust_xlsxwriter::{Chart, ChartFont, ChartLegendPosition, ChartType, Workbook};

use super::circular::Circular;
use super::stats::Stats;
use super::summary::Summary;
use super::{percent, Counts, Head, ReportError, ReportKind};
use crate::deadline::format_cn;
use crate::ledger::file;
use crate::ledger::sheet::{col, missing_units_line, Col, ColStyle, Table};
use crate::ledger::{Existing, LedgerError, WrittenFile};

/// 《方案》　统计期间：2025年7月至9月　生成日期：2025年10月12日 — on two lines, the plan's title
/// first, when one line would not fit over `cols`.
fn subtitle(head: &Head, cols: &[Col<'_>]) -> String {
    let plan = format!("《{}》", head.plan_title);
    let when = format!(
        "统计期间：{}　生成日期：{}",
        head.label,
        format_cn(head.generated_on)
    );
    // Width in Excel character units of 12 pt text: CJK about two digits wide.
    let units = |s: &str| -> f64 {
        s.chars()
            .map(|c| if c.is_ascii() { 1.2 } else { 2.3 })
            .sum()
    };
    let width: f64 = cols.iter().map(|c| c.width).sum();
    if units(&plan) + units(&when) + 2.3 > width - 2.0 {
        format!("{plan}\n{when}")
    } else {
        format!("{plan}　{when}")
    }
}

fn new_workbook(head: &Head, title: &str) -> Workbook {
    let category = match head.kind {
        ReportKind::Summary => "工作台账汇总",
        ReportKind::Stats => "进展统计",
        ReportKind::Circular => "报送情况通报",
    };
    crate::ledger::sheet::report_workbook(title, &head.plan_title, category)
}

fn save(mut wb: Workbook) -> Result<Vec<u8>, ReportError> {
    Ok(wb.save_to_buffer().map_err(LedgerError::from)?)
}

/// Checks a target before any work: an `.xlsx` name in an existing folder.
pub(crate) fn check_target(path: &Path) -> Result<(), ReportError> {
    Ok(file::check_target(path)?)
}

/// Writes `bytes` to `path` through a temporary file (a file open in Excel is named), never
/// over a file it may not replace (see [`Existing`]).
pub(crate) fn write(
    path: &Path,
    bytes: Vec<u8>,
    existing: Existing,
) -> Result<WrittenFile, ReportError> {
    Ok(file::write_one(path, bytes, existing)?)
}

/// 汇总台账: 序号 / 重点任务 / 牵头单位 / 填报单位 / 完成状态 / 进展情况, grouped under section
/// rows, one row per unit that reported with the task's cells merged over them.
pub(crate) fn summary_workbook(r: &Summary) -> Result<Vec<u8>, ReportError> {
    let cols = [
        col("序号", 5.0, ColStyle::Center),
        col("重点任务", 28.0, ColStyle::Text),
        col("牵头单位", 14.0, ColStyle::Text),
        col("填报单位", 14.0, ColStyle::Text),
        col("完成状态", 9.0, ColStyle::Center),
        col("进展情况", 64.0, ColStyle::Text),
    ];
    let title = format!("{}工作台账汇总表", r.head.label);
    let mut wb = new_workbook(&r.head, &title);
    let ws = wb.add_worksheet();
    let mut table = Table::report(
        ws,
        "汇总台账",
        &title,
        &subtitle(&r.head, &cols),
        None,
        &cols,
        !r.head.empty,
    )?;
    if let (true, Some(note)) = (r.head.empty, &r.head.note) {
        table.note(note)?;
    } else {
        let mut counter = 0;
        for s in &r.sections {
            table.section(s.level, &s.section)?;
            for t in &s.tasks {
                counter += 1;
                let seq = if t.code.is_empty() {
                    counter.to_string()
                } else {
                    t.code.clone()
                };
                let lead = t.lead_units.join("、");
                let label = format!("任务“{} {}”", seq, crate::limits::preview(&t.title));
                if t.rows.is_empty() {
                    table.row(
                        &[&seq, &t.title, &lead, "—", &t.status_label, "未报送"],
                        None,
                        &label,
                    )?;
                    continue;
                }
                let mut first = None;
                let mut last = 0;
                for (i, row) in t.rows.iter().enumerate() {
                    let text = if row.period == r.head.to || r.head.from == r.head.to {
                        row.text.clone()
                    } else {
                        format!("（{}）{}", row.period.label(), row.text)
                    };
                    let cells: [&str; 6] = if i == 0 {
                        [&seq, &t.title, &lead, &row.unit, &row.status_label, &text]
                    } else {
                        ["", "", "", &row.unit, &row.status_label, &text]
                    };
                    last = table.row(&cells, None, &label)?;
                    first.get_or_insert(last);
                }
                table.merge_rows(first, last, &[(0, &seq), (1, &t.title), (2, &lead)])?;
            }
        }
        let mut line = format!("已报送单位{}个", r.units_reported.len());
        if r.units_missing.is_empty() {
            line.push_str("，各单位均已报送。");
        } else {
            line.push_str(&format!("；{}", missing_units_line(&r.units_missing)));
        }
        table.note(&line)?;
    }
    table.finish(None)?;
    save(wb)
}

fn count_cells(c: &Counts) -> [String; 6] {
    [
        c.done.to_string(),
        c.in_progress.to_string(),
        c.not_started.to_string(),
        c.overdue.to_string(),
        c.total.to_string(),
        percent(c.completion_rate),
    ]
}

const TREND_SHEET: &str = "进展趋势";

/// Stacked columns of 已完成 / 推进中 / 未启动 / 逾期 for the months in rows `first..=last` of
/// the trend sheet (month in column A, the counts in B to E).
fn trend_chart(sheet: &str, first: u32, last: u32) -> Chart {
    let mut chart = Chart::new(ChartType::ColumnStacked);
    let font = || {
        let mut f = ChartFont::new();
        f.set_name("仿宋").set_size(10);
        f
    };
    let colors = [0x70AD47, 0x4472C4, 0xA5A5A5, 0xC00000];
    for (i, color) in colors.into_iter().enumerate() {
        let col = i as u16 + 1;
        chart
            .add_series()
            .set_name(COUNT_HEADERS[i])
            .set_categories((sheet, first, 0, last, 0))
            .set_values((sheet, first, col, last, col))
            .set_format(
                rust_xlsxwriter::ChartFormat::new()
                    .set_solid_fill(rust_xlsxwriter::ChartSolidFill::new().set_color(color)),
            );
    }
    chart
        .title()
        .set_name("各月重点任务状态（项）")
        .set_font(font().set_size(12).set_bold());
    chart.x_axis().set_font(&font());
    chart.y_axis().set_font(&font());
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&font());
    chart
}

const COUNT_HEADERS: [&str; 6] = ["已完成", "推进中", "未启动", "逾期", "合计", "完成率"];

fn count_cols<'h>(first: &[Col<'h>]) -> Vec<Col<'h>> {
    let mut cols = first.to_vec();
    cols.extend(COUNT_HEADERS.iter().map(|h| {
        col(
            h,
            if *h == "完成率" { 11.0 } else { 10.0 },
            ColStyle::Center,
        )
    }));
    cols
}

/// 进展统计: three sheets — by section (with the 合计 row), by unit, and month by month.
pub(crate) fn stats_workbook(r: &Stats) -> Result<Vec<u8>, ReportError> {
    let title = format!("{}重点任务进展情况统计表", r.head.label);
    let mut wb = new_workbook(&r.head, &title);
    let lead = r.head.note.as_deref();

    let cols = count_cols(&[
        col("序号", 6.0, ColStyle::Center),
        col("章节", 52.0, ColStyle::Text),
    ]);
    let mut table = Table::report(
        wb.add_worksheet(),
        "按章节统计",
        &title,
        &subtitle(&r.head, &cols),
        lead,
        &cols,
        true,
    )?;
    for (i, s) in r.sections.iter().enumerate() {
        let n = count_cells(&s.counts);
        let seq = (i + 1).to_string();
        let mut cells: Vec<&str> = vec![&seq, &s.section];
        cells.extend(n.iter().map(String::as_str));
        table.row(&cells, None, &format!("章节“{}”", s.section))?;
    }
    let n = count_cells(&r.totals);
    let mut cells: Vec<&str> = vec!["合计", ""];
    cells.extend(n.iter().map(String::as_str));
    table.total(&cells)?;
    table.finish(None)?;

    let mut cols = count_cols(&[
        col("序号", 6.0, ColStyle::Center),
        col("单位", 30.0, ColStyle::Text),
    ]);
    cols.extend([
        col("报送条数", 10.0, ColStyle::Center),
        col("照抄条数", 10.0, ColStyle::Center),
        col("照抄占比", 10.0, ColStyle::Center),
    ]);
    let unit_title = format!("{}各单位重点任务进展情况统计表", r.head.label);
    let mut table = Table::report(
        wb.add_worksheet(),
        "按单位统计",
        &unit_title,
        &subtitle(&r.head, &cols),
        None,
        &cols,
        true,
    )?;
    for (i, u) in r.units.iter().enumerate() {
        let n = count_cells(&u.counts);
        let seq = (i + 1).to_string();
        let mut cells: Vec<&str> = vec![&seq, &u.unit];
        if u.counts.total == 0 {
            cells.extend(["—", "—", "—", "—", "0", "—"]);
        } else {
            cells.extend(n.iter().map(String::as_str));
        }
        let reported = u.reported_rows.to_string();
        let copied = u.copied_rows.to_string();
        let share = match u.reported_rows {
            0 => "—".to_string(),
            _ => percent(u.copied_rate),
        };
        cells.extend([reported.as_str(), copied.as_str(), share.as_str()]);
        table.row(&cells, None, &format!("单位“{}”", u.unit))?;
    }
    table.note("说明：统计该单位牵头、配合或负责的任务，状态以该单位报送为准，“—”表示无任务；照抄指进展与本单位前期或他单位同期报送基本相同。")?;
    table.finish(None)?;

    let cols = count_cols(&[col("月份", 16.0, ColStyle::Center)]);
    let trend_title = format!("{}重点任务进展趋势", r.head.label);
    let mut table = Table::report(
        wb.add_worksheet(),
        TREND_SHEET,
        &trend_title,
        &subtitle(&r.head, &cols),
        None,
        &cols,
        true,
    )?;
    let mut rows = Vec::new();
    for p in &r.trend {
        let n = count_cells(&p.counts);
        let month = p.period.label();
        let mut cells: Vec<&str> = vec![&month];
        cells.extend(n.iter().map(String::as_str));
        rows.push(table.row(&cells, None, &month)?);
    }
    table.note("说明：各月数字为截至当月末的任务状态。")?;
    if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
        table.chart(&mut trend_chart(TREND_SHEET, *first, *last), 16)?;
    }
    table.finish(None)?;
    save(wb)
}

/// 报送情况通报: the paragraph over the table, then 排名 / 单位 / 应报 / 按时 / 迟报 / 未报 /
/// 按时率 and one column per period marked √ / 迟 / 未 / —.
pub(crate) fn circular_workbook(r: &Circular) -> Result<Vec<u8>, ReportError> {
    let doc = &r.document;
    let title = doc.title.clone();
    let mut wb = new_workbook(&r.head, &title);
    let across_years = r.head.from.year != r.head.to.year;
    let month_headers: Vec<String> = r
        .periods
        .iter()
        .map(|p| {
            if across_years {
                format!("{}年{}月", p.period.year, p.period.month)
            } else {
                format!("{}月", p.period.month)
            }
        })
        .collect();
    let month_width = if across_years { 9.0 } else { 7.0 };
    let mut cols = vec![
        col("排名", 6.0, ColStyle::Center),
        col("单位", 24.0, ColStyle::Text),
        col("应报", 7.0, ColStyle::Center),
        col("按时", 7.0, ColStyle::Center),
        col("迟报", 7.0, ColStyle::Center),
        col("未报", 7.0, ColStyle::Center),
        col("按时率", 10.0, ColStyle::Center),
    ];
    let fixed = cols.len();
    cols.extend(
        month_headers
            .iter()
            .map(|h| col(h, month_width, ColStyle::Center)),
    );
    // 主送 flush left, then the body indented two characters, as a 通报 reads; with nothing to
    // report, only the note saying so.
    let paragraph = if r.head.empty {
        format!("　　{}", r.paragraph)
    } else {
        format!("{}\n　　{}", doc.addressee, r.paragraph)
    };
    let mut table = Table::report(
        wb.add_worksheet(),
        "报送情况通报",
        &title,
        doc.doc_no.as_deref().unwrap_or(""),
        Some(&paragraph),
        &cols,
        !r.head.empty,
    )?;
    if !r.head.empty {
        for u in &r.units {
            let rank = u.rank.to_string();
            let nums = [
                u.required.to_string(),
                u.on_time.to_string(),
                u.late.to_string(),
                u.missing.to_string(),
            ];
            let rate = if u.required == 0 {
                "—".to_string()
            } else {
                percent(u.on_time_rate)
            };
            let mut cells: Vec<&str> = vec![&rank, &u.unit];
            cells.extend(nums.iter().map(String::as_str));
            cells.push(&rate);
            cells.extend(u.cells.iter().map(|c| c.state.mark()));
            debug_assert_eq!(cells.len(), fixed + r.periods.len());
            table.row(&cells, None, &format!("单位“{}”", u.unit))?;
        }
        let t = &r.totals;
        let nums = [
            t.required.to_string(),
            t.on_time.to_string(),
            t.late.to_string(),
            t.missing.to_string(),
            percent(t.on_time_rate),
        ];
        let mut cells: Vec<&str> = vec!["合计", ""];
        cells.extend(nums.iter().map(String::as_str));
        table.total(&cells)?;
        let mut legend =
            "说明：√ 按时报送；迟 迟报；未 未报送；— 无需报送或尚未到报送截止日。".to_string();
        let open: Vec<String> = r
            .periods
            .iter()
            .filter(|p| !p.counted)
            .map(|p| format!("{}（截止{}）", p.period.label(), format_cn(p.due)))
            .collect();
        if !open.is_empty() {
            legend.push_str(&format!("{}尚未到期，不计入统计。", open.join("、")));
        }
        table.note(&legend)?;
        // 发文机关 over 成文日期, the date four characters from the right edge.
        table.sign(&format!("{}　　", doc.issuer), 1)?;
        table.sign(&format!("{}　　　　", doc.dated_label), 0)?;
    }
    table.finish(None)?;
    save(wb)
}
