//! One read workbook turned into a file preview: tables to rows matched to tasks, with the
//! issues the clerk must see.

use std::collections::HashMap;

use crate::copied;
use crate::ledger::{WorkbookKind, SCHEMA_VERSION};
use crate::plan::PlanError;
use crate::unit::{UnitError, UnitKind};

use super::context::Context;
use super::error::LedgerImportError;
use super::layout::{period_in_text, Field, NoTable, RawRow, Table};
use super::matching::{match_row, RowMatch};
use super::pipeline::overrides;
use super::resolve::{
    check_duplicates, check_period, conflict_error, count, identity_period, resolve_duplicate_keys,
    resolve_plan, resolve_unit, unit_sources, UnitHints,
};
use super::types::{
    FilePreview, IdentityConflict, ImportOptions, Issue, PreviewRow, RowState, Source, Sources,
};
use super::{column_letter, layout, read};

/// Refuses a file with a cell longer than Excel allows (a hand-made file can hold any length):
/// such a text could be stored but never exported again. Names the sheet, row and column.
pub(super) fn check_cell_lengths(file: &str, tables: &[Table]) -> Result<(), LedgerImportError> {
    use crate::limits::{excel_len, preview, MAX_CELL_CHARS};
    for t in tables {
        let column = |field: Field, header: Option<&str>| {
            t.columns
                .iter()
                .find(|c| c.field == field && header.is_none_or(|h| c.header == h))
                .map(|c| format!("{}列（{}）", column_letter(c.col), c.header))
                .unwrap_or_default()
        };
        for r in &t.rows {
            let mut cells: Vec<(&str, Field, Option<&str>)> = vec![
                (&r.code, Field::Code, None),
                (&r.title, Field::Title, None),
                (&r.key, Field::Key, None),
                (&r.progress, Field::Progress, None),
                (&r.status_text, Field::Status, None),
                (&r.dept_section, Field::Section, None),
                (&r.person, Field::Person, None),
                (&r.remark, Field::Remark, None),
                (&r.previous, Field::Previous, None),
                (&r.deadline, Field::Deadline, None),
            ];
            cells.extend(
                r.extra
                    .iter()
                    .map(|(h, text)| (text.as_str(), Field::Extra, Some(h.as_str()))),
            );
            for (text, field, header) in cells {
                if text.len() <= MAX_CELL_CHARS {
                    continue;
                }
                let len = excel_len(text);
                if len > MAX_CELL_CHARS {
                    return Err(LedgerImportError::CellTooLong {
                        file: file.to_string(),
                        sheet: t.sheet.clone(),
                        row: r.row,
                        column: column(field, header),
                        len,
                        preview: preview(text),
                    });
                }
            }
        }
    }
    Ok(())
}

pub(super) fn preview_book(
    ctx: &mut Context<'_>,
    fp: &mut FilePreview,
    book: &read::Book,
    found: Vec<Result<Table, NoTable>>,
    options: &ImportOptions,
) -> Result<(), LedgerImportError> {
    let file = fp.file_name.clone();
    let id = &book.identity;
    fp.ours = !id.is_empty();
    if fp.ours {
        let version: i64 = id
            .get("schema_version")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if version > SCHEMA_VERSION {
            return Err(LedgerImportError::NewerLedger {
                file,
                found: version,
            });
        }
        let what = match id.get("kind").map(String::as_str) {
            Some(k) if k == WorkbookKind::Summary.as_str() => Some("汇总台账"),
            Some(k) if k == WorkbookKind::TaskList.as_str() => Some("重点任务清单"),
            Some(k) if k == WorkbookKind::Roster.as_str() => Some("领导小组名单"),
            _ => None,
        };
        if let Some(what) = what {
            return Err(LedgerImportError::NotAUnitLedger {
                file,
                what: what.to_string(),
            });
        }
    }

    // The table(s).
    if book.sheets.iter().all(|s| s.rows.is_empty()) {
        return Err(LedgerImportError::EmptyWorkbook { file });
    }
    let mut tables: Vec<Table> = Vec::new();
    let mut no_progress: Option<(String, u32)> = None;
    for (sheet, table) in book.sheets.iter().zip(found) {
        match table {
            Ok(t) => tables.push(t),
            Err(NoTable::NoProgress { row }) => {
                no_progress.get_or_insert((sheet.name.clone(), row));
            }
            Err(NoTable::NoHeader) => {}
        }
    }
    if tables.is_empty() {
        return Err(match no_progress {
            Some((sheet, row)) => LedgerImportError::NoProgressColumn { file, sheet, row },
            None => LedgerImportError::NoHeader {
                file,
                sheets: book
                    .sheets
                    .iter()
                    .map(|s| format!("“{}”", s.name))
                    .collect::<Vec<_>>()
                    .join("、"),
                rows: layout::HEADER_SEARCH_ROWS,
            },
        });
    }
    check_cell_lengths(&file, &tables)?;
    fp.sheets = tables.iter().map(|t| t.sheet.clone()).collect();
    fp.header_row = tables[0].header_row;
    let form_text: Vec<String> = tables
        .iter()
        .flat_map(|t| t.form_lines.iter().cloned())
        .collect();

    // The plan.
    let (plan_id, keys_trusted) = resolve_plan(ctx, fp, book, &tables, options)?;
    let plan = ctx
        .plan(plan_id)
        .ok_or(LedgerImportError::Plan(PlanError::NotFound(plan_id)))?;
    let plan_dates = (plan.start_date, plan.end_date);
    fp.plan_id = Some(plan.id);
    fp.plan_title = plan.title.clone();

    // The unit.
    let (unit_choice, period_choice) = overrides(options, &fp.file);
    let ids = UnitHints {
        identity: id,
        ids_trusted: keys_trusted,
        form: &form_text,
        chosen: unit_choice,
        path: &fp.file,
    };
    let (unit_id, source) = resolve_unit(ctx, &file, &ids)?;
    let (unit_name, unit_kind) = match ctx.units.get(&unit_id) {
        Some(u) => u.clone(),
        None => return Err(UnitError::NotFound(unit_id).into()),
    };
    if unit_kind == UnitKind::Group {
        return Err(LedgerImportError::GroupUnit {
            file,
            name: unit_name,
        });
    }
    fp.unit_id = Some(unit_id);
    fp.unit = unit_name.clone();
    fp.unit_source = Some(source);
    if source == Source::Chosen {
        if let Some(other) = id
            .get("unit_name")
            .filter(|n| !n.is_empty() && **n != unit_name)
        {
            fp.issues.push(Issue::warning(
                format!("“{file}”是为“{other}”导出的台账，已按所选单位“{unit_name}”导入。"),
                None,
                None,
                None,
            ));
        }
    }

    // Identity, header and file name must agree on the unit unless the clerk chose it.
    let mut conflicts: Vec<LedgerImportError> = Vec::new();
    let mut conflict = IdentityConflict::default();
    if source != Source::Chosen {
        let units = unit_sources(ctx, &ids);
        if units.disagree() {
            let name = |u: Option<i64>| u.and_then(|u| ctx.units.get(&u)).map(|(n, _)| n.clone());
            let names = Sources {
                identity: name(units.identity),
                form: name(units.form),
                file_name: name(units.file_name),
            };
            conflicts.push(conflict_error(
                &file,
                "填报单位",
                "--unit 单位名称",
                &names,
                |n| format!("“{n}”"),
            ));
            conflict.unit = Some(names);
        }
    }

    // The period.
    let periods = Sources {
        identity: identity_period(id),
        form: form_text
            .iter()
            .find_map(|t| layout::labelled_period(t))
            .or_else(|| tables.iter().find_map(|t| period_in_text(&t.title)))
            .or_else(|| form_text.iter().find_map(|t| period_in_text(t))),
        file_name: period_in_text(&file),
    };
    if period_choice.is_none() && periods.disagree() {
        conflicts.push(conflict_error(
            &file,
            "报送期次",
            "--period 年-月",
            &periods,
            |p| p.label(),
        ));
        conflict.period = Some(periods.clone());
    }
    if let Some(last) = conflicts.pop() {
        fp.identity_conflict = Some(conflict);
        for e in &conflicts {
            fp.fail(e);
        }
        return Err(last);
    }
    let found_period = periods
        .identity
        .map(|p| (p, Source::Identity))
        .or(periods.form.map(|p| (p, Source::Form)))
        .or(periods.file_name.map(|p| (p, Source::FileName)));
    let (period, period_source) = match (period_choice, found_period) {
        (Some(chosen), found) => {
            if let Some((p, source)) = found.filter(|(p, _)| *p != chosen) {
                let place = match source {
                    Source::Identity => "的隐藏标识",
                    Source::FileName => "的文件名",
                    Source::Form | Source::Chosen => "中",
                };
                fp.issues.push(Issue::warning(
                    format!(
                        "“{file}”{place}写的报送期次是 {}，已按所选的 {} 导入。",
                        p.label(),
                        chosen.label()
                    ),
                    None,
                    None,
                    None,
                ));
            }
            (chosen, Source::Chosen)
        }
        (None, Some(found)) => found,
        (None, None) => return Err(LedgerImportError::NoPeriod { file }),
    };
    check_period(&file, plan_dates, period)?;
    fp.period = Some(period);
    fp.period_source = Some(period_source);

    // The rows.
    let index = ctx.index(plan_id)?;
    let reports = ctx.reports(plan_id, period.prev())?;
    let no_report = HashMap::new();
    let previous = reports.get(&unit_id).unwrap_or(&no_report);
    let mut rows: Vec<(RawRow, RowMatch, String)> =
        Vec::with_capacity(tables.iter().map(|t| t.rows.len()).sum());
    for t in &mut tables {
        for raw in std::mem::take(&mut t.rows) {
            let m = match_row(&index, &raw, keys_trusted);
            rows.push((raw, m, t.sheet.clone()));
        }
    }
    if rows.is_empty() {
        return Err(LedgerImportError::NoDataRows {
            file,
            sheet: tables[0].sheet.clone(),
            row: tables[0].header_row,
        });
    }
    resolve_duplicate_keys(&index, &mut rows);
    let mut preview_rows = Vec::with_capacity(rows.len());
    let mut not_assigned = 0usize;
    for (raw, m, sheet) in rows {
        let task = m.task_id.and_then(|id| index.get(id));
        let prev = m.task_id.and_then(|id| previous.get(&id));
        let (status, reading) = ctx.words.read(&raw.status_text, layout::parse_status);
        let state = if m.task_id.is_none() || m.doubtful {
            RowState::Unmatched
        } else if raw.progress.trim().is_empty() {
            RowState::Empty
        } else if prev.is_some_and(|p| same_text(&p.text, &raw.progress))
            || same_text(&raw.previous, &raw.progress)
        {
            RowState::Unchanged
        } else {
            RowState::New
        };
        let assigned = task.is_none_or(|t| t.units.is_empty() || t.units.contains(&unit_id));
        if !assigned && !m.doubtful {
            not_assigned += 1;
        }
        if reading.shown() {
            let col = tables
                .iter()
                .find(|t| t.sheet == sheet)
                .and_then(|t| t.column(Field::Status))
                .map(|c| column_letter(c.col));
            let at = format!(
                "“{file}”工作表“{sheet}”第{}行{}的完成状态“{}”",
                raw.row,
                col.as_deref()
                    .map(|c| format!(" {c}列"))
                    .unwrap_or_default(),
                crate::limits::preview(&raw.status_text)
            );
            let text = match (reading, status) {
                (crate::status::Reading::Mapped, Some(s)) => format!(
                    "{at}按状态用语对应表记为“{}”（可在“设置 → 完成状态用语”或 taizhang ledger words set 中修改）。",
                    s.label()
                ),
                (crate::status::Reading::Guessed, Some(s)) => format!(
                    "{at}不在状态用语对应表中，拟记为“{}”。如不妥，请在“设置 → 完成状态用语”中添加这个用语后重新预览。",
                    s.label()
                ),
                _ => format!(
                    "{at}不是“已完成、推进中、未启动、长期坚持”之一，也不在状态用语对应表中，未记录状态（原文保留在备注中）。"
                ),
            };
            fp.issues.push(Issue::notice(
                "status_word",
                text,
                Some(&sheet),
                Some(raw.row),
                col,
            ));
        }
        // The department changed the task's text: both are shown before anything is written.
        let title_edited = task.is_some_and(|t| {
            !m.doubtful
                && !raw.title.trim().is_empty()
                && crate::text::compare_key(&raw.title) != crate::text::compare_key(&t.title)
        });
        if let (true, Some(t)) = (title_edited, task) {
            fp.issues.push(Issue::notice(
                "title_edited",
                format!(
                    "“{file}”工作表“{sheet}”第{}行的任务名称与方案不同：台账中为“{}”，方案中为“{}”。按任务标识或序号对应到该任务；方案中的任务名称不会改动。",
                    raw.row,
                    crate::limits::preview(&raw.title),
                    crate::limits::preview(&t.title)
                ),
                Some(&sheet),
                Some(raw.row),
                None,
            ));
        }
        preview_rows.push(PreviewRow {
            sheet,
            row: raw.row,
            code: raw.code,
            title: raw.title,
            task_id: m.task_id,
            task_code: task.map(|t| t.code.clone()).unwrap_or_default(),
            task_title: task.map(|t| t.title.clone()).unwrap_or_default(),
            matched_by: m.kind,
            score: (m.score * 100.0).round() / 100.0,
            doubtful: m.doubtful,
            note: m.note,
            progress: raw.progress,
            status,
            status_text: raw.status_text,
            status_reading: reading,
            title_edited,
            dept_section: raw.dept_section,
            person: raw.person,
            remark: raw.remark,
            deadline: raw.deadline,
            // Our own export's 任务要求 is the plan's text, not the department's: not kept.
            extra: match fp.ours {
                true => raw
                    .extra
                    .into_iter()
                    .filter(|(h, _)| h != crate::ledger::export::REQUIREMENTS_HEADER)
                    .collect(),
                false => raw.extra,
            },
            previous: prev.map(|p| p.text.clone()),
            previous_status: prev.and_then(|p| p.status),
            state,
            not_assigned: !assigned,
            copied: None,
            evidence: Vec::new(),
        });
    }
    fp.rows = preview_rows;
    check_duplicates(fp)?;
    if !options.skip_copied {
        let mut history = copied::History::load(ctx.conn, plan_id, unit_id, period)?;
        let peers = ctx.peers(plan_id, period)?;
        for r in &mut fp.rows {
            let Some(task) = r.task_id.filter(|_| r.copied_candidate()) else {
                continue;
            };
            let print = crate::progress::print::Print::of(&r.progress);
            r.copied =
                match history.find(ctx.conn, task, period, &r.progress, print, ctx.threshold)? {
                    Some(c) => Some(c),
                    None => peers.find(ctx.conn, task, unit_id, period, &r.progress, print)?,
                };
        }
    }
    fp.counts = count(&fp.rows);
    if fp.counts.matched == 0 && fp.counts.doubtful == 0 {
        return Err(LedgerImportError::NoRowsMatched {
            file,
            sheet: fp.sheets.first().cloned().unwrap_or_default(),
            rows: fp.counts.rows,
            plan: fp.plan_title.clone(),
        });
    }
    if not_assigned > 0 {
        fp.issues.push(Issue::warning(
            format!(
                "“{file}”中有 {not_assigned} 行任务没有分配给“{}”，仍按该单位的报送导入，请核对。",
                fp.unit
            ),
            None,
            None,
            None,
        ));
    }
    let anything = fp.rows.iter().any(|r| {
        !r.progress.trim().is_empty() || (r.status.is_some() && r.status != r.previous_status)
    });
    if !anything {
        return Err(LedgerImportError::BlankLedger { file });
    }
    for t in &tables {
        let progress_col = t.column(Field::Progress).map(|c| c.col as u32);
        for (row, col, code) in book
            .sheets
            .iter()
            .filter(|s| s.name == t.sheet)
            .flat_map(|s| s.errors.iter())
        {
            if Some(*col) == progress_col && *row + 1 > t.header_row {
                let letter = column_letter(*col as usize);
                fp.issues.push(Issue::warning(
                    format!(
                        "“{file}”工作表“{}”第{}行 {letter}列的公式出错（{code}），按空白读入。请让报送单位改正后重新发送，或忽略。",
                        t.sheet,
                        row + 1
                    ),
                    Some(&t.sheet),
                    Some(row + 1),
                    Some(letter),
                ));
            }
        }
    }
    for r in fp.rows.iter().filter(|r| r.doubtful) {
        fp.issues.push(Issue::warning(
            format!(
                "“{file}”工作表“{}”第{}行“{}”可能是任务“{} {}”（{}），请确认。",
                r.sheet,
                r.row,
                short(&r.title, 30),
                r.task_code,
                short(&r.task_title, 30),
                r.note
            ),
            Some(&r.sheet),
            Some(r.row),
            None,
        ));
    }
    Ok(())
}

pub(super) fn short(text: &str, n: usize) -> String {
    let first = text.lines().next().unwrap_or("");
    if first.chars().count() > n {
        format!("{}…", first.chars().take(n).collect::<String>())
    } else {
        first.to_string()
    }
}

/// Texts equal but for whitespace.
pub(super) fn same_text(a: &str, b: &str) -> bool {
    fn visible(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(|c| !c.is_whitespace())
    }
    visible(a).next().is_some() && (a == b || visible(a).eq(visible(b)))
}
