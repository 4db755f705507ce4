//! Task tables in Excel (重点任务清单 / 任务分解表 / 责任分工表) → the same [`PlanDraft`] as a plan
//! document gives.
//!
//! How departments really lay these tables out, and what the reader does about it:
//!
//! - title rows and notes above the header: the first title names the plan, notes are kept for
//!   the reporting rule (每月5日前报送…);
//! - the header is found by its names in many forms (序号; 重点任务 / 工作任务 / 任务内容 /
//!   工作内容 / 具体措施; 牵头单位 / 责任单位 / 责任部门; 配合单位 / 协办单位; 完成时限 /
//!   时间节点 / 时间安排; 备注), also spread with spaces (工 作 内 容) or over two rows (责任单位
//!   merged over 牵头单位 | 配合单位), and read once when repeated on every printed page;
//! - a row with one text merged across the table (一、… / （一）…) is a section;
//! - two task columns (重点任务 merged down over its 具体措施): the merged one groups the tasks
//!   as a section, the other gives the tasks; a 序号 merged with it numbers the group;
//! - cells merged down (one lead unit for several tasks) belong to every row they cover;
//! - several sheets with task tables (one per section) are read in order, each a section.

use std::collections::HashMap;

use super::draft::{DraftSection, DraftTask, PlanDraft};
use super::error::PlanImportError;
use super::parse::{
    code_and_lines, dedupe_tasks, is_attachment_line, report_rule, task_from_lines,
    units_from_cells, year_of,
};
use super::roster;
use crate::assign::Role;
use crate::document::columns::{column_of, Column};
use crate::document::workbook::{column_letter, Grid, Workbook};
use crate::text::{compare_key, heading, trim_end_punct, Marker};

/// Rows searched for the header of a table.
pub const HEADER_SEARCH_ROWS: usize = 40;

/// The header of a task table: where it is and what each column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Header {
    /// First header row (0-based).
    first_row: usize,
    /// Last header row: the same, or the row below for a two-row header.
    last_row: usize,
    columns: Vec<Column>,
    /// Columns headed 备注 / 说明.
    remarks: Vec<usize>,
}

/// The kind of a header cell: its name, or the name before a bracket (完成时限（截止时间）).
fn header_kind(text: &str) -> Column {
    let kind = column_of(text);
    if kind != Column::Other {
        return kind;
    }
    match text.split(['(', '（']).next() {
        Some(head) if head.len() < text.len() => column_of(head),
        _ => Column::Other,
    }
}

fn is_remark_header(text: &str) -> bool {
    matches!(compare_key(text).as_str(), "备注" | "说明" | "备注说明")
}

fn is_table_header(columns: &[Column]) -> bool {
    columns.contains(&Column::Title)
        && columns.iter().any(|c| {
            matches!(
                c,
                Column::Code | Column::Lead | Column::Co | Column::Responsible | Column::Deadline
            )
        })
}

/// Whether the row below a header row continues it: some of its cells name columns, none
/// looks like data.
fn continues_header(grid: &Grid, row: usize) -> bool {
    let mut named = false;
    for c in 0..grid.width() {
        let text = grid.cell(row, c);
        if text.is_empty() || grid.merged_from_above(row, c) {
            continue;
        }
        if header_kind(text) != Column::Other {
            named = true;
        } else if text.chars().count() > 12 || heading(text).is_some() {
            return false;
        }
    }
    named
}

fn find_header(grid: &Grid) -> Option<Header> {
    let last = grid.rows.len().min(HEADER_SEARCH_ROWS);
    for r in 0..last {
        let one: Vec<Column> = (0..grid.width())
            .map(|c| header_kind(grid.cell(r, c)))
            .collect();
        let remarks: Vec<usize> = (0..grid.width())
            .filter(|&c| is_remark_header(grid.cell(r, c)) || is_remark_header(grid.cell(r + 1, c)))
            .collect();
        // A header over two rows: this row names columns too (责任单位 over 牵头 | 配合).
        let names_columns = one.iter().any(|k| *k != Column::Other);
        if names_columns && r + 1 < grid.rows.len() && continues_header(grid, r + 1) {
            let two: Vec<Column> = (0..grid.width())
                .map(|c| {
                    let below = grid.cell(r + 1, c);
                    let below_kind = if grid.merged_from_above(r + 1, c) {
                        Column::Other
                    } else {
                        header_kind(below)
                    };
                    if below_kind != Column::Other {
                        below_kind
                    } else if one[c] != Column::Other {
                        one[c]
                    } else {
                        header_kind(&format!("{}{}", grid.cell(r, c), below))
                    }
                })
                .collect();
            if is_table_header(&two) {
                return Some(Header {
                    first_row: r,
                    last_row: r + 1,
                    columns: two,
                    remarks,
                });
            }
        }
        if is_table_header(&one) {
            let remarks = remarks
                .into_iter()
                .filter(|&c| is_remark_header(grid.cell(r, c)))
                .collect();
            return Some(Header {
                first_row: r,
                last_row: r,
                columns: one,
                remarks,
            });
        }
    }
    None
}

/// The distinct texts of a row, left to right.
fn row_texts(grid: &Grid, row: usize) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for c in 0..grid.width() {
        let t = grid.cell(row, c);
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// A footnote or a form line rather than a section: 注：…, 填报单位：…, 附件1.
fn is_note(text: &str) -> bool {
    let key: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    const STARTS: &[&str] = &[
        "注", "备注", "说明", "填报", "填表", "制表", "审核", "联系", "单位", "报送", "日期",
        "时间",
    ];
    is_attachment_line(text)
        || STARTS.iter().any(|s| key.starts_with(s))
        || key.chars().take(8).any(|c| c == ':' || c == '：')
}

/// "附件1：示例县…清单" → "示例县…清单".
fn without_attachment_label(text: &str) -> &str {
    let t = text.trim();
    if !is_attachment_line(t) {
        return t;
    }
    match t.find([':', '：']) {
        Some(p) => t[p..].trim_start_matches([':', '：']).trim(),
        None => {
            let rest = t.trim_start_matches("附件").trim_start_matches(|c: char| {
                c.is_ascii_digit() || c.is_whitespace() || "一二三四五六七八九十".contains(c)
            });
            rest.trim()
        }
    }
}

/// The texts above the header that name something (not notes), attachment labels dropped.
fn title_lines(grid: &Grid, header: &Header) -> Vec<String> {
    (0..header.first_row)
        .flat_map(|r| row_texts(grid, r))
        .map(without_attachment_label)
        .filter(|t| t.chars().count() >= 2 && !is_note(t))
        .map(str::to_string)
        .collect()
}

/// The title of a sheet: the first line above the header that is not a numbered heading.
fn sheet_title(lines: &[String]) -> Option<String> {
    lines
        .iter()
        .find(|t| t.chars().count() >= 4 && heading(t).is_none())
        .cloned()
}

/// What a sheet gave: its sections and tasks, and what else it said.
#[derive(Debug, Default)]
struct SheetTasks {
    title: Option<String>,
    /// Text lines above and below the table (notes), for the reporting rule.
    notes: Vec<String>,
    sections: Vec<DraftSection>,
    tasks: Vec<DraftTask>,
    warnings: Vec<String>,
}

/// Builds section keys unique within the workbook.
#[derive(Default)]
struct Keys(usize);

impl Keys {
    fn next(&mut self) -> String {
        self.0 += 1;
        format!("x{}", self.0)
    }
}

/// A section pushed by a row, with its level (for nesting (一) under 一、).
#[derive(Clone)]
struct Open {
    key: String,
    level: u32,
    marker: Option<Marker>,
}

#[allow(clippy::too_many_lines)]
fn sheet_tasks(grid: &Grid, header: &Header, parent: Option<&Open>, keys: &mut Keys) -> SheetTasks {
    let mut out = SheetTasks {
        title: sheet_title(&title_lines(grid, header)),
        ..SheetTasks::default()
    };
    for r in 0..header.first_row {
        out.notes
            .extend(row_texts(grid, r).into_iter().map(str::to_string));
    }
    let cols = &header.columns;
    let col = |kind: Column| cols.iter().position(|c| *c == kind);
    let titles: Vec<usize> = (0..cols.len())
        .filter(|&c| cols[c] == Column::Title)
        .collect();
    let data_rows = header.last_row + 1..grid.rows.len();
    // Two task columns: the first groups the second when it is merged down or repeats.
    let groups_rows = |c: usize| {
        data_rows.clone().any(|r| {
            grid.merged_from_above(r, c)
                || (r > header.last_row + 1
                    && !grid.cell(r, c).is_empty()
                    && grid.cell(r, c) == grid.cell(r - 1, c))
        })
    };
    let (category_col, title_col, mut requirement_cols) = match (col(Column::Category), &titles[..])
    {
        (Some(cat), [first, rest @ ..]) => (Some(cat), *first, rest.to_vec()),
        (None, [first, second, rest @ ..]) if groups_rows(*first) => {
            (Some(*first), *second, rest.to_vec())
        }
        (None, [first, rest @ ..]) => (None, *first, rest.to_vec()),
        (_, []) => return out,
    };
    requirement_cols.extend((0..cols.len()).filter(|&c| cols[c] == Column::Requirements));
    let code_col = col(Column::Code);
    let header_keys: Vec<Vec<String>> = (header.first_row..=header.last_row)
        .map(|r| grid.rows[r].iter().map(|c| compare_key(c)).collect())
        .collect();
    let sheet_level = parent.map(|p| p.level).unwrap_or(0);
    let mut open: Vec<Open> = Vec::new();
    let mut category: Option<(String, String)> = None; // (cell text, key)
    let mut hidden_used: Vec<usize> = Vec::new();
    let mut no_title: Vec<usize> = Vec::new();
    let mut merged_code_count: HashMap<usize, usize> = HashMap::new();

    for r in data_rows {
        let key: Vec<String> = grid.rows[r].iter().map(|c| compare_key(c)).collect();
        if header_keys.contains(&key) {
            continue;
        }
        let texts = row_texts(grid, r);
        if texts.is_empty() {
            continue;
        }
        let cell = |c: Option<usize>| -> String {
            c.map(|c| grid.cell(r, c).trim().to_string())
                .unwrap_or_default()
        };
        if texts.len() == 1 {
            let text = texts[0].trim();
            let spread = grid
                .merge_at(
                    r,
                    (0..grid.width())
                        .find(|&c| !grid.cell(r, c).is_empty())
                        .unwrap_or(0),
                )
                .is_some_and(|m| m.last_col > m.first_col && m.first_row == r);
            let h = heading(text);
            let chapter = h
                .as_ref()
                .is_some_and(|h| matches!(h.marker, Marker::Chinese | Marker::ParenChinese));
            let only_title = cell(Some(title_col)) == text;
            if is_note(text) && !chapter {
                out.notes.push(text.to_string());
                continue;
            }
            if out.title.as_deref() == Some(text) {
                // The title repeated on a printed page.
                continue;
            }
            if spread || (chapter && !only_title) || (chapter && code_col.is_none()) {
                let (code, title, marker) = match h {
                    Some(h) => (h.code, h.rest, Some(h.marker)),
                    None => (String::new(), text.to_string(), None),
                };
                // (一) nests under the 一、 above it; a marker seen before closes back to it.
                while let Some(last) = open.last() {
                    let nests = matches!(
                        (last.marker, marker),
                        (Some(Marker::Chinese), Some(Marker::ParenChinese))
                    );
                    if nests {
                        break;
                    }
                    open.pop();
                }
                let parent_open = open.last().or(parent);
                let level = parent_open.map(|p| p.level).unwrap_or(sheet_level) + 1;
                let k = keys.next();
                out.sections.push(DraftSection {
                    key: k.clone(),
                    parent: parent_open.map(|p| p.key.clone()),
                    code,
                    title: trim_end_punct(&title).to_string(),
                    level,
                });
                open.push(Open {
                    key: k,
                    level,
                    marker,
                });
                category = None;
                continue;
            }
        }
        let title_text = cell(Some(title_col));
        if title_text.is_empty() {
            let has_units = [Column::Lead, Column::Co, Column::Responsible]
                .iter()
                .any(|k| !cell(col(*k)).is_empty());
            if has_units {
                no_title.push(r);
            }
            continue;
        }
        if grid.hidden_rows.contains(&r) {
            hidden_used.push(r);
        }
        let base = open.last().or(parent).cloned();
        // The group (category) this row belongs to.
        let mut code = cell(code_col);
        let code_merge = code_col
            .and_then(|c| grid.merge_at(r, c))
            .filter(|m| m.last_row > m.first_row && m.first_row > header.last_row)
            .copied();
        if let Some(cat_col) = category_col {
            let cat = cell(Some(cat_col));
            if !cat.is_empty() && category.as_ref().map(|(t, _)| t.as_str()) != Some(cat.as_str()) {
                let (mut ccode, ctitle) = match heading(&cat) {
                    Some(h) => (h.code, h.rest),
                    None => (String::new(), cat.clone()),
                };
                if ccode.is_empty() && code_merge.is_some() {
                    ccode = trim_code(&code);
                }
                let k = keys.next();
                let level = base.as_ref().map(|p| p.level).unwrap_or(sheet_level) + 1;
                out.sections.push(DraftSection {
                    key: k.clone(),
                    parent: base.as_ref().map(|p| p.key.clone()),
                    code: ccode,
                    title: trim_end_punct(&ctitle).to_string(),
                    level,
                });
                category = Some((cat, k));
            } else if cat.is_empty() {
                category = None;
            }
        }
        if let Some(m) = code_merge {
            // One 序号 merged over several rows: number the rows inside it.
            let n = merged_code_count.entry(m.first_row).or_insert(0);
            *n += 1;
            code = if category.is_some() {
                n.to_string()
            } else {
                format!("{}.{n}", trim_code(&code))
            };
        }
        let section = category
            .as_ref()
            .map(|(_, k)| k.clone())
            .or(base.map(|b| b.key));
        let (code, mut lines) = code_and_lines(&code, &title_text);
        for c in &requirement_cols {
            let req = cell(Some(*c));
            if !req.is_empty() && req != title_text {
                lines.extend(req.lines().map(str::to_string));
            }
        }
        for c in &header.remarks {
            let remark = cell(Some(*c));
            if !remark.is_empty() {
                lines.push(format!("备注：{remark}"));
            }
        }
        let Some(mut task) = task_from_lines(&code, &lines, section) else {
            continue;
        };
        let unit_cells: Vec<(String, Role)> = [
            (Column::Lead, Role::Lead),
            (Column::Co, Role::Co),
            (Column::Responsible, Role::Responsible),
        ]
        .into_iter()
        .flat_map(|(kind, role)| {
            (0..cols.len())
                .filter(move |&c| cols[c] == kind)
                .map(move |c| (cell(Some(c)), role))
        })
        .collect();
        units_from_cells(&mut task, &unit_cells);
        let deadline = cell(col(Column::Deadline));
        if !deadline.is_empty() {
            task.deadline_text = trim_end_punct(&deadline).replace('\n', " ");
        }
        out.tasks.push(task);
    }
    let sheet = &grid.name;
    if !hidden_used.is_empty() {
        out.warnings.push(format!(
            "工作表“{sheet}”的第{}行在 Excel 中是隐藏行，已一并读入，请在预览中核对。",
            row_list(&hidden_used)
        ));
    }
    let hidden_cols: Vec<String> = (0..cols.len())
        .filter(|c| cols[*c] != Column::Other && grid.hidden_cols.contains(c))
        .map(column_letter)
        .collect();
    if !hidden_cols.is_empty() {
        out.warnings.push(format!(
            "工作表“{sheet}”的{}列在 Excel 中是隐藏列，已一并读入，请核对。",
            hidden_cols.join("、")
        ));
    }
    if !no_title.is_empty() {
        out.warnings.push(format!(
            "工作表“{sheet}”第{}行填了责任单位但没有任务内容，已跳过，请核对。",
            row_list(&no_title)
        ));
    }
    if !grid.error_cells.is_empty() {
        out.warnings.push(format!(
            "工作表“{sheet}”的 {} 单元格公式出错（如 #N/A），按空白读入。",
            grid.error_cells.join("、")
        ));
    }
    out
}

/// Refuses a sheet cut at [`MAX_ROWS`](crate::document::workbook::MAX_ROWS) rows or
/// [`MAX_COLS`](crate::document::workbook::MAX_COLS) columns: importing the part read would lose the rest.
pub(crate) fn refuse_oversized(file: &str, grid: &Grid) -> Result<(), PlanImportError> {
    if !grid.truncated {
        return Ok(());
    }
    Err(PlanImportError::Oversized {
        file: file.to_string(),
        sheet: grid.name.clone(),
        rows: grid.size_in_file.0,
        cols: grid.size_in_file.1,
    })
}

fn trim_code(code: &str) -> String {
    code_and_lines(code, "").0
}

/// 0-based rows as Excel numbers: "5、6、9".
fn row_list(rows: &[usize]) -> String {
    rows.iter()
        .map(|r| (r + 1).to_string())
        .collect::<Vec<_>>()
        .join("、")
}

/// Whether a sheet name is Excel's default (Sheet1, 工作表1) and says nothing.
fn is_default_sheet_name(name: &str) -> bool {
    let key = compare_key(name).to_lowercase();
    let rest = key
        .strip_prefix("sheet")
        .or_else(|| key.strip_prefix("工作表"))
        .or_else(|| key.strip_prefix("表"));
    rest.is_some_and(|r| r.chars().all(|c| c.is_ascii_digit()))
}

/// Reads the task tables of a workbook into a draft (units not yet matched to the directory).
/// Sheets without a task table are skipped, except that a 领导小组 roster among them fills the
/// draft's group.
pub fn draft(book: &Workbook) -> Result<PlanDraft, PlanImportError> {
    let mut draft = PlanDraft {
        source: book.name.clone(),
        ..PlanDraft::default()
    };
    let tables: Vec<(usize, Header)> = book
        .sheets
        .iter()
        .enumerate()
        .filter_map(|(i, g)| find_header(g).map(|h| (i, h)))
        .collect();
    if tables.is_empty() {
        let roster_sheet = book
            .sheets
            .iter()
            .find(|g| roster::find_header(g).is_some())
            .map(|g| g.name.clone());
        let sheets: Vec<String> = book
            .sheets
            .iter()
            .filter(|g| !g.rows.is_empty())
            .map(|g| g.name.clone())
            .collect();
        return Err(PlanImportError::NoHeader {
            file: book.name.clone(),
            sheets: if sheets.is_empty() {
                "（工作簿是空的）".to_string()
            } else {
                sheets
                    .iter()
                    .map(|s| format!("“{s}”"))
                    .collect::<Vec<_>>()
                    .join("、")
            },
            rows: HEADER_SEARCH_ROWS,
            roster_sheet,
        });
    }
    let several = tables.len() > 1;
    let mut keys = Keys::default();
    let mut notes: Vec<String> = Vec::new();
    for (i, grid) in book.sheets.iter().enumerate() {
        let Some((_, header)) = tables.iter().find(|(t, _)| *t == i) else {
            if roster::find_header(grid).is_some() {
                refuse_oversized(&book.name, grid)?;
            }
            draft
                .group
                .extend(roster::members(grid).into_iter().map(|e| e.member));
            continue;
        };
        refuse_oversized(&book.name, grid)?;
        // One sheet per section: a numbered title, else the sheet's name, heads its tasks.
        let lines = title_lines(grid, header);
        let title = sheet_title(&lines);
        let plan_title = draft_title(&draft).or(title.clone());
        let sheet_section = if several {
            let label = lines
                .iter()
                .find(|t| heading(t).is_some())
                .cloned()
                .or_else(|| (!is_default_sheet_name(&grid.name)).then(|| grid.name.clone()))
                .or_else(|| title.clone().filter(|t| Some(t) != plan_title.as_ref()));
            label.map(|label| {
                let (code, text, marker) = match heading(&label) {
                    Some(h) => (h.code, h.rest, Some(h.marker)),
                    None => (String::new(), label.clone(), None),
                };
                let key = keys.next();
                draft.sections.push(DraftSection {
                    key: key.clone(),
                    parent: None,
                    code,
                    title: trim_end_punct(&text).to_string(),
                    level: 1,
                });
                Open {
                    key,
                    level: 1,
                    marker,
                }
            })
        } else {
            None
        };
        let found = sheet_tasks(grid, header, sheet_section.as_ref(), &mut keys);
        if found.tasks.is_empty() {
            return Err(PlanImportError::NoTaskRows {
                file: book.name.clone(),
                sheet: grid.name.clone(),
                row: header.last_row + 2,
            });
        }
        if draft.title.is_empty() {
            if let Some(t) = &found.title {
                draft.title = t.clone();
            }
        }
        notes.extend(found.notes);
        draft.sections.extend(found.sections);
        draft.tasks.extend(found.tasks);
        draft.warnings.extend(found.warnings);
    }
    if draft.title.is_empty() {
        draft.title = std::path::Path::new(&book.name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    dedupe_tasks(&mut draft);
    draft.year = year_of(&draft.title)
        .or_else(|| notes.iter().find_map(|n| year_of(n)))
        .or_else(|| common_year(&draft.tasks));
    draft.report_rule = report_rule(&notes, draft.year);
    let without_units = draft
        .tasks
        .iter()
        .filter(|t| t.lead.is_empty() && t.co.is_empty() && t.responsible.is_empty())
        .count();
    if without_units > 0 {
        draft.warnings.push(format!(
            "{without_units} 项任务没有识别到责任单位，请在预览中补填。"
        ));
    }
    draft.units = super::draft::units_of(&draft);
    Ok(draft)
}

fn draft_title(d: &PlanDraft) -> Option<String> {
    (!d.title.is_empty()).then(|| d.title.clone())
}

/// The year most deadlines name (2024年6月底前), for deadlines written without one (二季度).
fn common_year(tasks: &[DraftTask]) -> Option<i32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for t in tasks {
        if let Some(y) = year_of(&t.deadline_text) {
            *counts.entry(y).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(y, n)| (*n, -*y))
        .map(|(y, _)| y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
        Grid {
            name: "Sheet1".into(),
            rows: rows
                .iter()
                .map(|r| {
                    let mut v: Vec<String> = r.iter().map(|c| c.to_string()).collect();
                    v.resize(width, String::new());
                    v
                })
                .collect(),
            ..Grid::default()
        }
    }

    #[test]
    fn spaced_and_bracketed_header_names_are_found() {
        let g = grid(&[
            &["示例县重点任务清单"],
            &["序 号", "工 作 内 容", "牵头单位（部门）", "完成\n时限"],
            &["1", "开展普法宣传", "县司法局", "全年"],
        ]);
        let h = find_header(&g).map(|h| (h.first_row, h.columns));
        assert_eq!(
            h,
            Some((
                1,
                vec![Column::Code, Column::Title, Column::Lead, Column::Deadline]
            ))
        );
    }

    #[test]
    fn default_sheet_names() {
        assert!(is_default_sheet_name("Sheet1"));
        assert!(is_default_sheet_name("工作表2"));
        assert!(!is_default_sheet_name("一、依法决策"));
    }

    #[test]
    fn attachment_labels_are_dropped_from_titles() {
        assert_eq!(
            without_attachment_label("附件1：示例县重点任务清单"),
            "示例县重点任务清单"
        );
        assert_eq!(without_attachment_label("附件2"), "");
    }
}
