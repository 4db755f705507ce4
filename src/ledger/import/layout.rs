//! Finding the ledger table in a sheet: the header row anywhere in the first rows (by the
//! names departments use for each column), a second header row below it, the 填报单位 and
//! 报送期次 above it, and the data rows below, with titles, section headings, repeated page
//! headers and footnotes skipped.

#[cfg(test)]
mod tests;
mod values;

use crate::document::columns::{column_of_key, Column};
use crate::ledger::KEY_HEADER;
use crate::text::{compare_key, fold_width, has_compare_key, heading, Marker};

use super::read::{Row, Sheet};

pub(crate) use values::{labelled_period, unit_in_text};
pub use values::{normalize_code, parse_status, period_in_text};

/// Rows searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 100;

/// What a column of a ledger holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    /// 序号
    Code,
    /// 主要任务 / 工作任务 / 重点任务 / 任务内容
    Title,
    /// 进展情况 / 工作进展 / 落实情况 / 完成情况
    Progress,
    /// 完成状态
    Status,
    /// 责任科室 / 牵头单位 / 责任单位 / 责任部门
    Section,
    /// 责任人
    Person,
    /// 备注
    Remark,
    /// 上期进展 (our export, locked)
    Previous,
    /// 任务标识 (our hidden key column)
    Key,
    /// 完成时间 / 完成时限 / 时间节点
    Deadline,
    /// Anything else (配合单位, 存在问题, 下步计划 …), kept with its header.
    Extra,
}

/// The field a header cell names. The plan reader's names (`column_of`) come first; the
/// ledger adds its own columns and looser forms (进展情况（9月）, 2025年9月工作进展).
pub(crate) fn field_of(text: &str) -> Option<Field> {
    let key = compare_key(text);
    if key.is_empty() {
        return None;
    }
    if key == KEY_HEADER {
        return Some(Field::Key);
    }
    let exact = match key.as_str() {
        "完成状态" | "状态" | "推进状态" | "任务状态" | "完成状况" | "进度状态" | "是否完成" => {
            Some(Field::Status)
        }
        "责任人" | "负责人" | "联系人" | "经办人" | "具体责任人" | "责任领导" | "分管领导" => {
            Some(Field::Person)
        }
        "备注" | "说明" | "备注说明" => Some(Field::Remark),
        "上期进展" | "上月进展" | "上期进展情况" | "上月进展情况" | "上期工作进展" => {
            Some(Field::Previous)
        }
        "职责" | "存在问题" | "存在的问题" | "困难问题" | "下步计划" | "下一步计划"
        | "下步工作计划" | "下步打算" | "佐证材料" => Some(Field::Extra),
        _ => None,
    };
    if exact.is_some() {
        return exact;
    }
    let by_plan = |k: &str| match column_of_key(k) {
        Column::Code => Some(Field::Code),
        Column::Title => Some(Field::Title),
        Column::Progress => Some(Field::Progress),
        Column::Deadline => Some(Field::Deadline),
        Column::Lead | Column::Responsible => Some(Field::Section),
        Column::Co | Column::Requirements | Column::Category => Some(Field::Extra),
        Column::Person | Column::Other => None,
    };
    if let Some(f) = by_plan(&key) {
        return Some(f);
    }
    // The name before a bracket: 完成时限（截止时间）, 进展情况(9月). (Brackets of either
    // width: folding only makes the full-width ones half-width, so the check comes first.)
    let head = match text.contains(['(', '（', '[', '［', '【']) {
        true => fold_width(text),
        false => String::new(),
    };
    if let Some((h, _)) = head.split_once(['(', '（', '[', '【']) {
        let hk = compare_key(h);
        if !hk.is_empty() && hk != key {
            if let Some(f) = field_of(h) {
                return Some(f);
            }
        }
    }
    if key.contains("上期") || key.contains("上月") {
        return Some(Field::Previous);
    }
    if key.contains("进展") || key.ends_with("落实情况") || key.ends_with("完成情况") {
        return Some(Field::Progress);
    }
    if key.chars().count() <= 6 && key.ends_with("任务") {
        return Some(Field::Title);
    }
    None
}

/// One column of the table as found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ColumnInfo {
    pub col: usize,
    pub header: String,
    pub field: Field,
}

/// One data row as read, before matching.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RawRow {
    /// 1-based Excel row.
    pub row: u32,
    pub code: String,
    pub title: String,
    /// The hidden key cell, as written.
    pub key: String,
    pub progress: String,
    pub status_text: String,
    pub dept_section: String,
    pub person: String,
    pub remark: String,
    pub previous: String,
    pub deadline: String,
    /// Other columns by header.
    pub extra: Vec<(String, String)>,
    /// The section heading above the row, if any (一、… / （一）…).
    pub section: String,
}

/// A ledger table found in a sheet.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub sheet: String,
    /// 1-based first header row.
    pub header_row: u32,
    pub columns: Vec<ColumnInfo>,
    pub rows: Vec<RawRow>,
    /// Texts above the header and form lines (填报单位：…), for the unit and the period.
    pub form_lines: Vec<String>,
    /// The title above the header, if any.
    pub title: String,
}

impl Table {
    /// The column holding `field`, first of them.
    pub fn column(&self, field: Field) -> Option<&ColumnInfo> {
        self.columns.iter().find(|c| c.field == field)
    }
}

/// Why a sheet has no usable table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NoTable {
    /// No row in the first rows looks like a ledger header.
    NoHeader,
    /// A header was found at this 1-based row, but without a progress column.
    NoProgress { row: u32 },
}

/// The field each cell of a row names. A merged cell repeats its text across the row, so a
/// text like the cell before it is not looked up again.
fn kinds(row: &Row) -> Vec<Option<Field>> {
    let mut last: Option<(&str, Option<Field>)> = None;
    row.cells
        .iter()
        .map(|c| match last {
            Some((text, field)) if text == c => field,
            _ => {
                let field = field_of(c);
                last = Some((c, field));
                field
            }
        })
        .collect()
}

/// A header names a task column and at least one other ledger column.
fn is_header(fields: &[Option<Field>]) -> bool {
    let has = |f: Field| fields.contains(&Some(f));
    (has(Field::Title) || has(Field::Key))
        && [
            Field::Progress,
            Field::Code,
            Field::Deadline,
            Field::Section,
            Field::Status,
            Field::Person,
        ]
        .iter()
        .any(|f| has(*f))
}

/// Whether a cell reads like data rather than a column name.
fn looks_like_data(text: &str) -> bool {
    text.chars().count() > 12
        || heading(text).is_some()
        || fold_width(text)
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
}

/// Whether the row below a header row continues it (a two-row header): some of its cells name
/// columns and none reads like data.
fn continues_header(top: &Row, below: &Row) -> bool {
    if below.index != top.index + 1 {
        return false;
    }
    let mut named = false;
    for (c, text) in below.cells.iter().enumerate() {
        if text.is_empty() || text == top.cell(c) {
            continue;
        }
        if looks_like_data(text) {
            return false;
        }
        if field_of(text).is_some() {
            named = true;
        }
    }
    named
}

/// The columns of a one- or two-row header; a field named twice keeps its first column and
/// the others become extra columns.
fn columns_of(top: &Row, below: Option<&Row>) -> Vec<ColumnInfo> {
    let width = top
        .cells
        .len()
        .max(below.map(|b| b.cells.len()).unwrap_or(0));
    let mut out: Vec<ColumnInfo> = Vec::new();
    for c in 0..width {
        let upper = top.cell(c);
        let lower = below.map(|b| b.cell(c)).unwrap_or("");
        let (header, field) = if !lower.is_empty() && lower != upper {
            match field_of(lower) {
                Some(f) => (join_header(upper, lower), Some(f)),
                None => (
                    join_header(upper, lower),
                    field_of(upper).or_else(|| field_of(&format!("{upper}{lower}"))),
                ),
            }
        } else {
            (upper.to_string(), field_of(upper))
        };
        if header.is_empty() {
            continue;
        }
        let field = match field {
            Some(f) => f,
            None => Field::Extra,
        };
        let single = !matches!(field, Field::Extra | Field::Title);
        let field = if single && out.iter().any(|o| o.field == field) {
            Field::Extra
        } else {
            field
        };
        out.push(ColumnInfo {
            col: c,
            header,
            field,
        });
    }
    out
}

fn join_header(upper: &str, lower: &str) -> String {
    if upper.is_empty() || upper == lower {
        lower.to_string()
    } else {
        format!("{upper}/{lower}")
    }
}

/// The distinct texts of a row, left to right.
fn distinct(row: &Row) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for t in &row.cells {
        if !t.is_empty() && !out.contains(&t.as_str()) {
            out.push(t);
        }
    }
    out
}

/// The first text of a row and whether another, different one follows; `None` for a blank
/// row. ([`distinct`] without collecting.)
fn first_text(row: &Row) -> Option<(&str, bool)> {
    let mut texts = row.cells.iter().filter(|t| !t.is_empty());
    let first = texts.next()?;
    let more = texts.any(|t| t != first);
    Some((first, more))
}

/// The text of cell `col`, trimmed, moved out of the row (which keeps an empty cell).
fn take_trimmed(row: &mut Row, col: usize) -> String {
    let Some(cell) = row.cells.get_mut(col) else {
        return String::new();
    };
    let text = std::mem::take(cell);
    match text.trim() {
        t if t.len() == text.len() => text,
        t => t.to_string(),
    }
}

/// A form line or footnote rather than data: 填报单位：…, 填报人：…, 说明：…, 注：….
pub(crate) fn is_form_line(text: &str) -> bool {
    const STARTS: &[&str] = &[
        "填报单位",
        "报送单位",
        "填报人",
        "填表人",
        "填报时间",
        "填报日期",
        "报送期次",
        "报送时间",
        "联系电话",
        "联系人",
        "审核人",
        "审核",
        "签发",
        "单位负责人",
        "制表",
        "说明",
        "注：",
        "注:",
        "备注：",
        "备注:",
        "填表说明",
        "单位名称",
        "单位（盖章）",
        "单位(盖章)",
    ];
    // Cheap refusal first: most lines start with a character no label starts with.
    let Some(first) = text.chars().find(|c| !c.is_whitespace()) else {
        return false;
    };
    if !STARTS.iter().any(|s| s.starts_with(first)) {
        return false;
    }
    let key: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    STARTS.iter().any(|s| key.starts_with(s))
}

/// Finds the ledger table of a sheet.
pub(crate) fn find_table(sheet: &mut Sheet) -> Result<Table, NoTable> {
    let search = sheet.rows.len().min(HEADER_SEARCH_ROWS);
    let mut found: Option<(usize, Vec<ColumnInfo>, usize)> = None;
    let mut without_progress: Option<u32> = None;
    for i in 0..search {
        let top = &sheet.rows[i];
        if !is_header(&kinds(top)) {
            continue;
        }
        let below = sheet.rows.get(i + 1).filter(|b| continues_header(top, b));
        let cols = columns_of(top, below);
        if !cols.iter().any(|c| c.field == Field::Progress) {
            without_progress.get_or_insert(top.index + 1);
            continue;
        }
        found = Some((i, cols, if below.is_some() { 2 } else { 1 }));
        break;
    }
    let Some((at, columns, header_rows)) = found else {
        return Err(match without_progress {
            Some(row) => NoTable::NoProgress { row },
            None => NoTable::NoHeader,
        });
    };
    let mut table = Table {
        sheet: sheet.name.clone(),
        header_row: sheet.rows[at].index + 1,
        columns,
        ..Table::default()
    };
    for row in &sheet.rows[..at] {
        let texts = distinct(row);
        if texts.is_empty() {
            continue;
        }
        if table.title.is_empty() && texts.len() == 1 && !is_form_line(texts[0]) {
            table.title = texts[0].to_string();
        }
        table.form_lines.push(texts.join("　"));
    }
    let header_keys: Vec<HeaderKeys> = sheet.rows[at..at + header_rows]
        .iter()
        .map(HeaderKeys::of)
        .collect();
    let col = |f: Field| table.column(f).map(|c| c.col);
    let title_cols: Vec<usize> = table
        .columns
        .iter()
        .filter(|c| c.field == Field::Title)
        .map(|c| c.col)
        .collect();
    let (code_col, key_col, progress_col) =
        (col(Field::Code), col(Field::Key), col(Field::Progress));
    let mut section = String::new();
    for row in &mut sheet.rows[at + header_rows..] {
        if header_keys.iter().any(|h| h.repeated_in(row)) {
            continue;
        }
        let Some((first, more)) = first_text(row) else {
            continue;
        };
        let key_text = key_col.map(|c| row.cell(c).trim()).unwrap_or("");
        if key_text.is_empty() {
            if is_form_line(first) {
                table.form_lines.push(distinct(row).join("　"));
                continue;
            }
            if !more {
                if first == table.title {
                    continue;
                }
                let chapter = heading(first)
                    .is_some_and(|h| matches!(h.marker, Marker::Chinese | Marker::ParenChinese));
                let in_code_only = code_col.is_some_and(|c| row.cell(c) == first)
                    && title_cols.iter().all(|c| row.cell(*c).is_empty());
                if chapter || in_code_only {
                    section = first.to_string();
                    continue;
                }
            }
        }
        let mut titles: Vec<&str> = Vec::new();
        for c in &title_cols {
            let t = row.cell(*c).trim();
            if !t.is_empty() && !titles.contains(&t) {
                titles.push(t);
            }
        }
        let progress = progress_col.map(|c| row.cell(c).trim()).unwrap_or("");
        if titles.is_empty() && key_text.is_empty() && progress.is_empty() {
            continue;
        }
        // One title column (the common case) gives its text up like the other cells below.
        let title = match titles.len() {
            1 => None,
            _ => Some(titles.join("\n")),
        };
        // The row is not read again: its texts move into the raw row.
        let title = match title {
            Some(t) => t,
            None => title_cols
                .iter()
                .map(|&c| take_trimmed(row, c))
                .find(|t| !t.is_empty())
                .unwrap_or_default(),
        };
        let take = |row: &mut Row, c: Option<usize>| c.map(|c| take_trimmed(row, c));
        let mut raw = RawRow {
            row: row.index + 1,
            code: take(row, code_col).unwrap_or_default(),
            title,
            key: take(row, key_col).unwrap_or_default(),
            progress: take(row, progress_col).unwrap_or_default(),
            section: section.clone(),
            ..RawRow::default()
        };
        for c in &table.columns {
            let slot = match c.field {
                Field::Status => &mut raw.status_text,
                Field::Section => &mut raw.dept_section,
                Field::Person => &mut raw.person,
                Field::Remark => &mut raw.remark,
                Field::Previous => &mut raw.previous,
                Field::Deadline => &mut raw.deadline,
                Field::Extra => {
                    let text = take_trimmed(row, c.col);
                    if !text.is_empty() {
                        raw.extra.push((c.header.clone(), text));
                    }
                    continue;
                }
                _ => continue,
            };
            *slot = take_trimmed(row, c.col);
        }
        if raw.code.is_empty() {
            if let Some(h) = heading(&raw.title) {
                raw.code = h.code;
                raw.title = h.rest;
            }
        } else if let Some(h) = heading(&raw.title) {
            if normalize_code(&h.code) == normalize_code(&raw.code) {
                raw.title = h.rest;
            }
        }
        table.rows.push(raw);
    }
    Ok(table)
}

/// A header row's cells as [`compare_key`]s, to recognise the header repeated further down
/// (a printed ledger repeats it on every page).
struct HeaderKeys {
    keys: Vec<String>,
    /// The columns whose header cell names something.
    named: Vec<usize>,
}

impl HeaderKeys {
    fn of(row: &Row) -> HeaderKeys {
        let keys: Vec<String> = row.cells.iter().map(|c| compare_key(c)).collect();
        let named = (0..keys.len()).filter(|&c| !keys[c].is_empty()).collect();
        HeaderKeys { keys, named }
    }

    /// Whether `row` repeats the header: most of its named cells are there again; only the
    /// row's cells under named header cells are compared.
    fn repeated_in(&self, row: &Row) -> bool {
        if self.named.is_empty() {
            return false;
        }
        let same = self
            .named
            .iter()
            .filter(|&&c| {
                row.cells
                    .get(c)
                    .is_some_and(|r| has_compare_key(r, &self.keys[c]))
            })
            .count();
        same * 3 >= self.named.len() * 2 && same >= 2.min(self.named.len())
    }
}
