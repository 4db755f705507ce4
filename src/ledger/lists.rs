//! The task list (重点任务清单) and the leadership-group roster (领导小组名单) as print-ready
//! workbooks in the ledgers' style.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;

use super::export::{lead_units, write_sections};
use super::file;
use super::sheet::{self, col, Align, ColStyle, Identity, Table};
use super::{Existing, ExportedFile, LedgerError, WorkbookKind};
use crate::deadline::format_cn;
use crate::store::Db;
use crate::task;
use crate::{group, plan};

/// Sheet names of the lists.
pub const TASK_LIST_SHEET: &str = "重点任务清单";
pub const ROSTER_SHEET: &str = "领导小组名单";

/// Writes the plan's 重点任务清单 (序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限), grouped
/// under its section rows, to `out` (an `.xlsx` file; see [`Existing`] for a file already
/// there).
pub fn export_task_list(
    db: &Db,
    plan_id: i64,
    out: &Path,
    existing: Existing,
) -> Result<ExportedFile, LedgerError> {
    let plan = plan::get(db.conn(), plan_id)?;
    file::check_target(out)?;
    let tasks = task::of_plan(db, plan_id)?;
    let sections = plan::section_map(db, plan_id)?;
    let cols = [
        col("序号", 6.0, ColStyle::Center),
        col("重点任务", 56.0, ColStyle::Text),
        col("牵头单位", 30.0, ColStyle::Text),
        col("配合单位", 40.0, ColStyle::Text),
        col("完成时限", 18.0, ColStyle::Center),
    ];
    let title = format!("《{}》重点任务清单", plan.title);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let mut table = Table::new(ws, TASK_LIST_SHEET, &title, &cols, true, 1)?;
    let left = [plan.issuer.as_str(), plan.doc_no.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("　");
    table.info(0, 1, &left, Align::Left)?;
    let last = table.last_col();
    table.info(2, last, &format!("共 {} 项任务", tasks.len()), Align::Right)?;
    let mut written = HashSet::new();
    for (i, t) in tasks.iter().enumerate() {
        write_sections(&mut table, &sections, t.section_id, &mut written)?;
        let seq = if t.code.is_empty() {
            (i + 1).to_string()
        } else {
            t.code.clone()
        };
        let deadline = if t.deadline_text.is_empty() {
            t.deadline.map(format_cn).unwrap_or_default()
        } else {
            t.deadline_text.clone()
        };
        let cells = [
            seq.as_str(),
            t.title.as_str(),
            &lead_units(t),
            &t.co_units.join("、"),
            &deadline,
        ];
        let label = format!("任务“{} {}”", seq, crate::limits::preview(&t.title));
        table.row(&cells, Some(&super::task_key(t.id)), &label)?;
    }
    table.finish(None)?;
    let identity = Identity {
        kind: WorkbookKind::TaskList,
        plan_id: Some(plan.id),
        plan_title: plan.title.clone(),
        unit: None,
        period: None,
        sheet: TASK_LIST_SHEET.to_string(),
        header_row: sheet::HEADER_ROW,
        cells: Vec::new(),
    };
    sheet::write_identity(&mut wb, &identity, &title)?;
    let written = file::write_one(out, wb.save_to_buffer()?, existing)?;
    Ok(ExportedFile {
        file: written.path,
        unit: TASK_LIST_SHEET.to_string(),
        unit_id: None,
        tasks: tasks.len(),
        kept_existing: written.kept_existing,
    })
}

/// Writes the 领导小组名单 of the members in office on `on` (组内职务 | 姓名 | 职务 | 单位, and
/// 备注 when any of them has a note such as 兼 or 挂职), with each 组内职务 merged over its
/// members, to `out` (see [`Existing`] for a file already there).
pub fn export_roster(
    db: &Db,
    on: NaiveDate,
    out: &Path,
    existing: Existing,
) -> Result<ExportedFile, LedgerError> {
    file::check_target(out)?;
    let members = group::list(db, Some(on))?;
    if members.is_empty() {
        return Err(LedgerError::EmptyRoster(format_cn(on)));
    }
    let with_note = members.iter().any(|m| !m.note.trim().is_empty());
    let mut cols = vec![
        col("组内职务", 18.0, ColStyle::Center),
        col("姓名", 14.0, ColStyle::Center),
        col("职务", 44.0, ColStyle::Text),
        col("单位", 36.0, ColStyle::Text),
    ];
    if with_note {
        cols.push(col("备注", 16.0, ColStyle::Text));
    }
    // The group's own name (设置 → 发文单位, or read from the latest plan).
    let title = format!("{}成员名单", crate::office::of_plan(db, None)?.group_name);
    let title = title.as_str();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let mut table = Table::new(ws, ROSTER_SHEET, title, &cols, false, 1)?;
    let last = table.last_col();
    table.info(
        0,
        last,
        &format!("（截至{}，共 {} 人）", format_cn(on), members.len()),
        Align::Center,
    )?;
    let mut runs: Vec<(u32, u32, &str)> = Vec::new();
    for m in &members {
        let label = format!("成员“{}”", crate::limits::preview(&m.name));
        let mut cells = vec![m.role.as_str(), &m.name, &m.title, &m.org];
        if with_note {
            cells.push(m.note.trim());
        }
        let row = table.row(&cells, None, &label)?;
        match runs.last_mut() {
            Some((_, end, role)) if *role == m.role && *end + 1 == row => *end = row,
            _ => runs.push((row, row, &m.role)),
        }
    }
    for (first, last, role) in runs.into_iter().filter(|(f, l, _)| l > f) {
        table.merge_down(0, first, last, role)?;
    }
    table.finish(None)?;
    let identity = Identity {
        kind: WorkbookKind::Roster,
        plan_id: None,
        plan_title: String::new(),
        unit: None,
        period: None,
        sheet: ROSTER_SHEET.to_string(),
        header_row: sheet::HEADER_ROW,
        cells: vec![("on", on.to_string())],
    };
    sheet::write_identity(&mut wb, &identity, title)?;
    let written = file::write_one(out, wb.save_to_buffer()?, existing)?;
    Ok(ExportedFile {
        file: written.path,
        unit: ROSTER_SHEET.to_string(),
        unit_id: None,
        tasks: members.len(),
        kept_existing: written.kept_existing,
    })
}
