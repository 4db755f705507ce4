//! Task tables: the columns a header names, and the tasks of a table's rows.

use super::task::{assign_units, push_refs, task_from_lines};
use crate::assign::{self, Role, UnitRef};
use crate::document::columns::{column_of, Column};
use crate::plan::draft::{DraftSection, DraftTask};
use crate::text::{compare_key, heading, trim_end_punct};

/// The tasks one table lists.
pub(super) struct TableTasks {
    pub(super) header: Vec<String>,
    pub(super) ledger: bool,
    pub(super) sections: Vec<DraftSection>,
    pub(super) tasks: Vec<DraftTask>,
}

impl TableTasks {
    pub(super) fn extend(&mut self, other: TableTasks) {
        for s in other.sections {
            if !self.sections.iter().any(|x| x.key == s.key) {
                self.sections.push(s);
            }
        }
        for t in other.tasks {
            let dup = self.tasks.iter().any(|x| {
                compare_key(&x.code) == compare_key(&t.code)
                    && compare_key(&x.title) == compare_key(&t.title)
            });
            if !dup {
                self.tasks.push(t);
            }
        }
    }
}

pub(crate) fn row_key(row: &[String]) -> Vec<String> {
    row.iter().map(|c| compare_key(c)).collect()
}

/// Whether the columns of a row make a task table's header: a task column and a 序号, unit or
/// deadline column.
fn is_header(cols: &[Column]) -> bool {
    cols.contains(&Column::Title)
        && cols.iter().any(|c| {
            matches!(
                c,
                Column::Code | Column::Lead | Column::Co | Column::Responsible | Column::Deadline
            )
        })
}

/// A cell that can be a header's: short, no digits, no sentence.
fn is_header_word(cell: &str) -> bool {
    let n = cell.chars().count();
    n <= 10
        && !cell
            .chars()
            .any(|c| c.is_ascii_digit() || "。；;，,".contains(c))
        && heading(cell).is_none()
}

/// The header flattened when the row below `at` continues it, as a table written as text
/// gives it: the upper row holds columns of their own and group names
/// (序号 | 内容清单 | 责任清单 | 措施清单 | 标准清单), the lower row the columns under the groups
/// (责任领导 | 责任人 | 责任处室 | …). The data rows say how many columns there are; the groups are
/// the run of upper cells that the lower row replaces, chosen where the group names share a
/// word with the columns under them. Where both rows are as wide as the data (a table whose
/// merged cells were spread out), each lower cell that names a column replaces the one above.
fn second_header_row(rows: &[Vec<String>], at: usize) -> Option<Vec<String>> {
    let upper = rows.get(at)?;
    let lower = rows.get(at + 1)?;
    let filled: Vec<&String> = lower.iter().filter(|c| !c.trim().is_empty()).collect();
    if filled.is_empty()
        || !filled.iter().all(|c| is_header_word(c))
        || !filled.iter().any(|c| column_of(c) != Column::Other)
    {
        return None;
    }
    let width = rows[at + 2..]
        .iter()
        .take(5)
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    let trim = |r: &[String]| {
        let mut v: Vec<String> = r.to_vec();
        while v.last().is_some_and(|c| c.trim().is_empty()) {
            v.pop();
        }
        v
    };
    let (upper, lower) = (trim(upper), trim(lower));
    if upper.len() == lower.len() && upper.len() >= width {
        let flat: Vec<String> = upper
            .iter()
            .zip(&lower)
            .map(|(u, l)| {
                if !l.trim().is_empty()
                    && (column_of(l) != Column::Other || column_of(u) == Column::Other)
                {
                    l.clone()
                } else {
                    u.clone()
                }
            })
            .collect();
        return Some(flat);
    }
    let groups = (upper.len() + lower.len()).checked_sub(width)?;
    if groups == 0 || groups > upper.len() || lower.len() < groups {
        return None;
    }
    let shares_word = |group: &str| {
        let g: Vec<char> = group.chars().collect();
        g.windows(2).any(|w| {
            let pair: String = w.iter().collect();
            lower.iter().any(|l| l.contains(&pair))
        })
    };
    let left = (0..=upper.len() - groups).max_by_key(|&left| {
        let score = upper[left..left + groups]
            .iter()
            .filter(|g| shares_word(g))
            .count();
        (score, left)
    })?;
    let mut flat: Vec<String> = upper[..left].to_vec();
    flat.extend(lower.iter().cloned());
    flat.extend(upper[left + groups..].iter().cloned());
    Some(flat)
}

/// Reads a task table: finds its header row, skips title rows and repeated headers, turns
/// merged full-width rows into sections.
pub(super) fn table_tasks(rows: &[Vec<String>]) -> Option<TableTasks> {
    let (header_at, columns) = rows.iter().enumerate().find_map(|(i, row)| {
        let cols: Vec<Column> = row.iter().map(|c| column_of(c)).collect();
        is_header(&cols).then_some((i, cols))
    })?;
    let header = row_key(&rows[header_at]);
    // A header over two rows (责任清单 over 责任领导 | 责任人 | 责任处室): the columns are the
    // flattened header, and the second row is not a task.
    let (columns, second) = match second_header_row(rows, header_at) {
        Some(flat) => (
            flat.iter().map(|c| column_of(c)).collect(),
            rows.get(header_at + 1).map(|r| row_key(r)),
        ),
        None => (columns, None),
    };
    let columns = second_title_column(columns, &rows[header_at + 1..]);
    let col = |kind: Column| columns.iter().position(|c| *c == kind);
    let title_col = col(Column::Title)?;
    let mut list = TableTasks {
        header: header.clone(),
        ledger: col(Column::Progress).is_some(),
        sections: Vec::new(),
        tasks: Vec::new(),
    };
    let mut section: Option<String> = None;
    let mut category: Option<String> = None;
    for row in &rows[header_at + 1..] {
        let key = row_key(row);
        if key == header || second.as_ref() == Some(&key) {
            continue;
        }
        let filled: Vec<&String> = row.iter().filter(|c| !c.trim().is_empty()).collect();
        let one_text = filled
            .iter()
            .all(|c| compare_key(c) == compare_key(filled[0]));
        if filled.is_empty() {
            continue;
        }
        if one_text && (filled.len() > 1 || row.len() == 1 || heading(filled[0]).is_some()) {
            // A merged row across the table: a section heading (or a repeated page title).
            let text = filled[0].trim();
            if let Some(h) = heading(text) {
                let key = format!("t{}", compare_key(text));
                if !list.sections.iter().any(|s| s.key == key) {
                    list.sections.push(DraftSection {
                        key: key.clone(),
                        parent: None,
                        code: h.code,
                        title: trim_end_punct(&h.rest).to_string(),
                        level: 1,
                    });
                }
                section = Some(key);
                category = None;
            }
            continue;
        }
        let cell = |c: Option<usize>| -> String {
            c.and_then(|c| row.get(c))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let title_text = cell(Some(title_col));
        if title_text.is_empty() {
            continue;
        }
        if let Some(cat) = col(Column::Category)
            .map(|c| cell(Some(c)))
            .filter(|c| !c.is_empty())
        {
            let key = format!("t{}", compare_key(&cat));
            if category.as_deref() != Some(key.as_str()) {
                if !list.sections.iter().any(|s| s.key == key) {
                    let (code, title) = match heading(&cat) {
                        Some(h) => (h.code, h.rest),
                        None => (String::new(), cat.clone()),
                    };
                    list.sections.push(DraftSection {
                        key: key.clone(),
                        parent: section.clone(),
                        code,
                        title: trim_end_punct(&title).to_string(),
                        level: if section.is_some() { 2 } else { 1 },
                    });
                }
                category = Some(key);
            }
        }
        let (code, mut lines) = code_and_lines(&cell(col(Column::Code)), &title_text);
        let req = cell(col(Column::Requirements));
        if !req.is_empty() {
            lines.extend(req.lines().map(str::to_string));
        }
        let Some(mut task) = task_from_lines(&code, &lines, category.clone().or(section.clone()))
        else {
            continue;
        };
        units_from_cells(
            &mut task,
            &[
                (cell(col(Column::Lead)), Role::Lead),
                (cell(col(Column::Co)), Role::Co),
                (cell(col(Column::Responsible)), Role::Responsible),
            ],
        );
        let deadline = cell(col(Column::Deadline));
        if !deadline.is_empty() {
            task.deadline_text = trim_end_punct(&deadline).to_string();
        }
        list.tasks.push(task);
    }
    Some(list)
}

/// 重点任务 | 具体措施: a second task column says how the first is done. When a 重点任务 spans
/// several rows (a merged cell, read into each row) it groups their measures, which are the
/// tasks; otherwise each row is one task and its measures are its 任务要求.
fn second_title_column(mut columns: Vec<Column>, data: &[Vec<String>]) -> Vec<Column> {
    let titles: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i] == Column::Title)
        .collect();
    let [first, second, ..] = titles[..] else {
        return columns;
    };
    let cell = |row: &Vec<String>, c: usize| row.get(c).map(|s| compare_key(s)).unwrap_or_default();
    let grouped = data.windows(2).any(|w| {
        let (a, b) = (&w[0], &w[1]);
        !cell(a, first).is_empty()
            && cell(a, first) == cell(b, first)
            && !cell(b, second).is_empty()
            && cell(a, second) != cell(b, second)
    });
    if grouped && !columns.contains(&Column::Category) {
        columns[first] = Column::Category;
    } else if !columns.contains(&Column::Requirements) {
        columns[second] = Column::Requirements;
    }
    columns
}

/// A table row's 序号 and its task text as lines: the 序号 cell, else the number the text starts
/// with ("1.优化…"); a number written in the text is dropped from it either way. The 序号 is
/// given without its trailing 、 or . ("1", "（一）").
pub(crate) fn code_and_lines(code_cell: &str, text: &str) -> (String, Vec<String>) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut code = code_cell.trim().to_string();
    if let Some(h) = lines.first().and_then(|l| heading(l)) {
        if code.is_empty() {
            code = h.code;
        }
        lines[0] = h.rest;
    }
    let code = trim_end_punct(&code)
        .trim_end_matches(['.', '、', '．'])
        .to_string();
    (code, lines)
}

/// Puts the units of a table row's unit cells (牵头单位 / 配合单位 / 责任单位 columns) into the
/// task, replacing any found in its text; a phrase inside a cell ("X牵头，Y配合") keeps its own
/// roles. Cells that are empty change nothing.
pub(crate) fn units_from_cells(task: &mut DraftTask, cells: &[(String, Role)]) {
    let mut refs: Vec<(UnitRef, bool)> = Vec::new();
    for (text, role) in cells {
        if text.trim().is_empty() {
            continue;
        }
        let found: Vec<UnitRef> = assign::parse_assignment(text)
            .into_iter()
            .map(|mut r| {
                if r.role == Role::Responsible {
                    r.role = *role;
                }
                r
            })
            .collect();
        push_refs(&mut refs, found, true);
    }
    if !refs.is_empty() {
        task.lead.clear();
        task.co.clear();
        task.responsible.clear();
        task.lead_inferred = false;
        assign_units(task, &refs);
    }
}

// ---------------------------------------------------------------------------------------------
// Title, 文号, year, issuer
