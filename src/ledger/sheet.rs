//! The print style every exported workbook shares: fonts, borders, column layout, row heights,
//! page setup, protection, and the hidden identity. The ledgers and lists here and the reports
//! ([`crate::report`]) all lay their tables out with [`Table`].

use rust_xlsxwriter::{
    Chart, ColNum, DataValidation, DataValidationErrorStyle, DocProperties, Format, FormatAlign,
    FormatBorder, ProtectionOptions, RowNum, Workbook, Worksheet,
};

use super::{LedgerError, WorkbookKind, IDENTITY_SHEET, KEY_HEADER, PROPERTY_PREFIX};
use super::{WorkbookKind as Kind, SCHEMA_VERSION};
use crate::period::Period;

pub(crate) use crate::limits::MAX_CELL_CHARS;

/// The author written in every workbook's properties.
pub(crate) const AUTHOR: &str = "法治政府建设台账";

const TITLE_FONT: &str = "宋体";
const HEADER_FONT: &str = "黑体";
const BODY_FONT: &str = "仿宋";
/// GB2312, so that Excel and WPS pick the Chinese face of the fonts above.
const GB2312: u8 = 134;
const BODY_SIZE: f64 = 11.0;
/// The size of a paragraph over the table (the 通报 text).
const LEAD_SIZE: f64 = 13.0;
/// Points per line of 11 pt CJK text (Excel gives 仿宋/宋体 11 pt rows 14.25 pt).
const LINE_HEIGHT: f64 = 14.5;
const PREVIOUS_FILL: u32 = 0xEDEDED;
const HEADER_FILL: u32 = 0xDDEBF7;
const SECTION_FILL: u32 = 0xF2F2F2;

/// How a column's cells look and whether the department may edit them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColStyle {
    /// Locked and centred: 序号, 完成时间.
    Center,
    /// Locked, wrapped, left: 主要任务, unit names.
    Text,
    /// Locked and grey: 上期进展.
    Previous,
    /// Unlocked wrapped text: 进展情况, 备注.
    Input,
    /// Unlocked and centred: 完成状态, 责任人.
    InputCenter,
}

/// One visible column of a table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col<'h> {
    pub header: &'h str,
    /// Width in Excel character units.
    pub width: f64,
    pub style: ColStyle,
}

/// A column: its header, width in Excel character units and style.
pub(crate) fn col(header: &str, width: f64, style: ColStyle) -> Col<'_> {
    Col {
        header,
        width,
        style,
    }
}

/// Alignment of a text in the info row under the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

fn font(name: &str, size: f64) -> Format {
    Format::new()
        .set_font_name(name)
        .set_font_size(size)
        .set_font_charset(GB2312)
        .set_align(FormatAlign::VerticalCenter)
}

fn bordered(f: Format) -> Format {
    f.set_border(FormatBorder::Thin).set_text_wrap()
}

struct Styles {
    title: Format,
    info: [Format; 3],
    info_input: Format,
    header: Format,
    /// Section rows by level (1, 2+) and position (first, middle, last cell).
    section: [[Format; 3]; 2],
    center: Format,
    text: Format,
    previous: Format,
    input: Format,
    input_center: Format,
    key: Format,
    /// A paragraph over the whole width (the 通报 text).
    lead: Format,
    /// A remark over the whole width (nothing to report, a legend).
    note: Format,
    /// The ledger's 报送截止 and contact line, bold.
    notice: Format,
    /// A 合计 row: like the header, centred.
    total: Format,
}

impl Styles {
    fn new() -> Styles {
        let body = || font(BODY_FONT, BODY_SIZE);
        let info = |a: FormatAlign| font(BODY_FONT, 12.0).set_align(a);
        let section = |level: usize, pos: usize| {
            let f = if level == 0 {
                font(HEADER_FONT, 12.0)
            } else {
                font(BODY_FONT, BODY_SIZE).set_bold()
            };
            let f = f
                .set_indent(1)
                .set_background_color(SECTION_FILL)
                .set_border_top(FormatBorder::Thin)
                .set_border_bottom(FormatBorder::Thin);
            match pos {
                0 => f.set_border_left(FormatBorder::Thin),
                2 => f.set_border_right(FormatBorder::Thin),
                _ => f,
            }
        };
        Styles {
            title: font(TITLE_FONT, 18.0)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            info: [
                info(FormatAlign::Left).set_text_wrap(),
                info(FormatAlign::Center).set_text_wrap(),
                info(FormatAlign::Right),
            ],
            info_input: info(FormatAlign::Left)
                .set_unlocked()
                .set_num_format("@")
                .set_indent(1)
                .set_border(FormatBorder::Thin),
            header: bordered(font(HEADER_FONT, BODY_SIZE))
                .set_align(FormatAlign::Center)
                .set_background_color(HEADER_FILL),
            section: [
                [section(0, 0), section(0, 1), section(0, 2)],
                [section(1, 0), section(1, 1), section(1, 2)],
            ],
            center: bordered(body()).set_align(FormatAlign::Center),
            text: bordered(body()).set_num_format("@").set_indent(1),
            previous: bordered(body())
                .set_num_format("@")
                .set_indent(1)
                .set_background_color(PREVIOUS_FILL)
                .set_font_color(0x404040),
            input: bordered(body())
                .set_num_format("@")
                .set_indent(1)
                .set_unlocked(),
            input_center: bordered(body())
                .set_num_format("@")
                .set_align(FormatAlign::Center)
                .set_unlocked(),
            key: font(BODY_FONT, 9.0),
            lead: font(BODY_FONT, LEAD_SIZE)
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            note: font(BODY_FONT, 12.0)
                .set_align(FormatAlign::Left)
                .set_text_wrap()
                .set_indent(1),
            notice: font(BODY_FONT, 12.0)
                .set_bold()
                .set_align(FormatAlign::Left)
                .set_text_wrap()
                .set_indent(1),
            total: bordered(font(HEADER_FONT, BODY_SIZE))
                .set_align(FormatAlign::Center)
                .set_background_color(SECTION_FILL),
        }
    }

    fn cell(&self, style: ColStyle) -> &Format {
        match style {
            ColStyle::Center => &self.center,
            ColStyle::Text => &self.text,
            ColStyle::Previous => &self.previous,
            ColStyle::Input => &self.input,
            ColStyle::InputCenter => &self.input_center,
        }
    }
}

/// Refuses a text longer than Excel keeps in one cell; `what` names it for the clerk (cut
/// short: a name made of the over-long text itself must not fill the message).
pub(crate) fn check_cell(text: &str, what: impl FnOnce() -> String) -> Result<(), LedgerError> {
    // Cheap bound first: a UTF-8 string has at least as many bytes as UTF-16 units.
    if text.len() > MAX_CELL_CHARS {
        let len = crate::limits::excel_len(text);
        if len > MAX_CELL_CHARS {
            return Err(LedgerError::CellTooLong {
                what: crate::limits::clip(&what(), 60),
                len,
            });
        }
    }
    Ok(())
}

/// Refuses a sheet name Excel would reject: empty, over 31 characters, or with `[]:*?/\`.
pub(crate) fn check_sheet_name(name: &str) -> Result<(), LedgerError> {
    let bad = name.trim().is_empty()
        || name.encode_utf16().count() > 31
        || name.contains(['[', ']', ':', '*', '?', '/', '\\'])
        || name.starts_with('\'')
        || name.ends_with('\'');
    if bad {
        return Err(LedgerError::SheetName(name.to_string()));
    }
    Ok(())
}

/// Width of a text in Excel character units at `size` points: CJK and full-width characters
/// take about two digit widths.
fn text_units(text: &str, size: f64) -> f64 {
    let scale = size / BODY_SIZE;
    text.chars()
        .map(|c| if c.is_ascii() { 1.1 } else { 2.1 })
        .sum::<f64>()
        * scale
}

/// Lines a wrapped text takes in a column `width` units wide (less padding and indent).
fn lines(text: &str, width: f64, size: f64) -> u32 {
    let usable = (width - 2.0).max(1.0);
    text.split('\n')
        .map(|line| ((text_units(line, size) / usable).ceil() as u32).max(1))
        .sum()
}

/// Height of a data row of `lines` lines, within Excel's 409 pt limit (a longer text is still
/// all there; the clerk sees the rest when the cell is selected).
fn row_height(lines: u32) -> f64 {
    (6.0 + LINE_HEIGHT * f64::from(lines)).min(MAX_ROW_HEIGHT)
}

/// Excel's tallest row, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// 未报送单位2个：县委办、县财政局。 — the line under a summary of one period's reports.
pub(crate) fn missing_units_line(missing: &[String]) -> String {
    format!("未报送单位{}个：{}。", missing.len(), missing.join("、"))
}

/// A table sheet in the house print style: a merged title row, an info row, a header row, then
/// section and data rows; optionally a hidden key column after the visible ones. A report may
/// put a paragraph between the info and header rows (see [`Table::report`]).
pub(crate) struct Table<'a> {
    ws: &'a mut Worksheet,
    cols: &'a [Col<'a>],
    styles: Styles,
    keyed: bool,
    min_lines: u32,
    /// The column header row, if the table has one.
    header_row: Option<RowNum>,
    /// A paragraph sits between the info and header rows: only the header repeats on each page.
    has_lead: bool,
    next_row: RowNum,
}

/// Row of the title, the info line and the column headers.
pub(crate) const TITLE_ROW: RowNum = 0;
pub(crate) const INFO_ROW: RowNum = 1;
pub(crate) const HEADER_ROW: RowNum = 2;

impl<'a> Table<'a> {
    /// Starts a table on `ws`: sheet name, column widths, title and header rows. Data rows are
    /// at least `min_lines` lines high, leaving room to write.
    pub(crate) fn new(
        ws: &'a mut Worksheet,
        sheet_name: &str,
        title: &str,
        cols: &'a [Col<'a>],
        keyed: bool,
        min_lines: u32,
    ) -> Result<Table<'a>, LedgerError> {
        Self::with_notice(ws, sheet_name, title, cols, keyed, min_lines, None)
    }

    /// [`Table::new`] with `notice` (what the department must know: when to report, whom to
    /// ask) in its own row over the whole width between the info and header rows; the header
    /// then moves down one row (see [`Table::header_row`]).
    pub(crate) fn with_notice(
        ws: &'a mut Worksheet,
        sheet_name: &str,
        title: &str,
        cols: &'a [Col<'a>],
        keyed: bool,
        min_lines: u32,
        notice: Option<&str>,
    ) -> Result<Table<'a>, LedgerError> {
        let mut table = Self::start(ws, sheet_name, title, cols, keyed, min_lines)?;
        if let Some(text) = notice {
            check_cell(text, || "报送说明".to_string())?;
            let row = table.next_row;
            let last = table.last_col();
            table
                .ws
                .merge_range(row, 0, row, last, text, &table.styles.notice)?;
            let width: f64 = cols.iter().map(|c| c.width).sum();
            let n = lines(text, width, 12.0);
            table
                .ws
                .set_row_height(row, (10.0 + 18.0 * f64::from(n)).min(MAX_ROW_HEIGHT))?;
            table.next_row += 1;
        }
        table.header()?;
        Ok(table)
    }

    /// The 0-based row of the column headers ([`HEADER_ROW`] unless a notice sits above it).
    pub(crate) fn header_row(&self) -> RowNum {
        self.header_row.unwrap_or(HEADER_ROW)
    }

    /// Starts a report table: title, `subtitle` centred in the info row, then `lead` (a
    /// paragraph over the whole width, not repeated on later pages) and the header row when
    /// `header` is set. Without a header the caller writes a [`Table::note`] in its place.
    pub(crate) fn report(
        ws: &'a mut Worksheet,
        sheet_name: &str,
        title: &str,
        subtitle: &str,
        lead: Option<&str>,
        cols: &'a [Col<'a>],
        header: bool,
    ) -> Result<Table<'a>, LedgerError> {
        let mut table = Self::start(ws, sheet_name, title, cols, false, 1)?;
        let last = table.last_col();
        table.info(0, last, subtitle, Align::Center)?;
        if let Some(text) = lead {
            check_cell(text, || "正文".to_string())?;
            let row = table.next_row;
            table
                .ws
                .merge_range(row, 0, row, last, text, &table.styles.lead)?;
            let width: f64 = cols.iter().map(|c| c.width).sum();
            let n = lines(text, width, LEAD_SIZE);
            table
                .ws
                .set_row_height(row, (12.0 + 19.0 * f64::from(n)).min(MAX_ROW_HEIGHT))?;
            table.has_lead = true;
            table.next_row += 1;
        }
        if header {
            table.header()?;
        }
        Ok(table)
    }

    /// Sheet name, column widths and the title row; the info row is left for the caller.
    fn start(
        ws: &'a mut Worksheet,
        sheet_name: &str,
        title: &str,
        cols: &'a [Col<'a>],
        keyed: bool,
        min_lines: u32,
    ) -> Result<Table<'a>, LedgerError> {
        check_sheet_name(sheet_name)?;
        check_cell(title, || format!("标题“{}”", crate::limits::preview(title)))?;
        ws.set_name(sheet_name)?;
        let styles = Styles::new();
        for (i, c) in cols.iter().enumerate() {
            ws.set_column_width(i as ColNum, c.width)?;
        }
        let last = Self::last_col_of(cols);
        let total: f64 = cols.iter().map(|c| c.width).sum();
        ws.merge_range(TITLE_ROW, 0, TITLE_ROW, last, title, &styles.title)?;
        let title_lines = lines(title, total, 18.0);
        ws.set_row_height(
            TITLE_ROW,
            (12.0 + 26.0 * f64::from(title_lines)).min(MAX_ROW_HEIGHT),
        )?;
        ws.set_row_height(INFO_ROW, 26.0)?;
        Ok(Table {
            ws,
            cols,
            styles,
            keyed,
            min_lines,
            header_row: None,
            has_lead: false,
            next_row: INFO_ROW + 1,
        })
    }

    /// The column header row (and the hidden key column's header).
    fn header(&mut self) -> Result<(), LedgerError> {
        let row = self.next_row;
        let mut header_lines = 1;
        for (i, c) in self.cols.iter().enumerate() {
            self.ws
                .write_string_with_format(row, i as ColNum, c.header, &self.styles.header)?;
            header_lines = header_lines.max(lines(c.header, c.width, BODY_SIZE));
        }
        self.ws
            .set_row_height(row, row_height(header_lines) + 4.0)?;
        if self.keyed {
            let k = self.cols.len() as ColNum;
            self.ws
                .write_string_with_format(row, k, KEY_HEADER, &self.styles.key)?;
            self.ws.set_column_width(k, 10)?;
            self.ws.set_column_hidden(k)?;
        }
        self.header_row = Some(row);
        self.next_row += 1;
        Ok(())
    }

    fn last_col_of(cols: &[Col]) -> ColNum {
        cols.len().saturating_sub(1) as ColNum
    }

    /// The last visible column.
    pub(crate) fn last_col(&self) -> ColNum {
        Self::last_col_of(self.cols)
    }

    /// Writes a text over columns `first..=last` of the info row.
    pub(crate) fn info(
        &mut self,
        first: ColNum,
        last: ColNum,
        text: &str,
        align: Align,
    ) -> Result<(), LedgerError> {
        check_cell(text, || {
            format!("表头信息“{}”", crate::limits::preview(text))
        })?;
        let f = &self.styles.info[align as usize];
        if first == last {
            self.ws.write_string_with_format(INFO_ROW, first, text, f)?;
        } else {
            self.ws
                .merge_range(INFO_ROW, first, INFO_ROW, last, text, f)?;
        }
        // Left and centred info wraps; labels on the right stay on one line and may run over to
        // the left.
        if align != Align::Right {
            let width: f64 = self.cols[first as usize..=last as usize]
                .iter()
                .map(|c| c.width)
                .sum();
            let needed = 10.0 + 18.0 * f64::from(lines(text, width, 12.0));
            if needed > 26.0 {
                self.ws
                    .set_row_height(INFO_ROW, needed.min(MAX_ROW_HEIGHT))?;
            }
        }
        Ok(())
    }

    /// An empty, unlocked, boxed field over columns `first..=last` of the info row.
    pub(crate) fn info_input(&mut self, first: ColNum, last: ColNum) -> Result<(), LedgerError> {
        let f = &self.styles.info_input;
        if first == last {
            self.ws.write_blank(INFO_ROW, first, f)?;
        } else {
            self.ws
                .merge_range(INFO_ROW, first, INFO_ROW, last, "", f)?;
        }
        Ok(())
    }

    /// A section heading row (一、… at level 1, (一)… below), not merged so that the data
    /// range stays sortable; the text runs over the empty cells to its right.
    pub(crate) fn section(&mut self, level: i64, text: &str) -> Result<(), LedgerError> {
        check_cell(text, || format!("章节“{}”", crate::limits::preview(text)))?;
        let row = self.next_row;
        let lv = usize::from(level > 1);
        let last = self.last_col();
        for c in 0..=last {
            let pos = if c == 0 {
                0
            } else if c == last {
                2
            } else {
                1
            };
            let f = &self.styles.section[lv][pos];
            if c == 0 {
                self.ws.write_string_with_format(row, c, text, f)?;
            } else {
                self.ws.write_blank(row, c, f)?;
            }
        }
        self.ws
            .set_row_height(row, if lv == 0 { 26.0 } else { 24.0 })?;
        self.next_row += 1;
        Ok(())
    }

    /// A data row, one text per visible column (a plain whole number is written as a number),
    /// and the row's key in the hidden column. `label` names the row in error messages.
    /// Returns the row written.
    pub(crate) fn row(
        &mut self,
        cells: &[&str],
        key: Option<&str>,
        label: &str,
    ) -> Result<RowNum, LedgerError> {
        let row = self.next_row;
        let mut max_lines = self.min_lines;
        for (i, c) in self.cols.iter().enumerate() {
            let text = cells.get(i).copied().unwrap_or("");
            check_cell(text, || format!("{label}的“{}”", c.header))?;
            let f = self.styles.cell(c.style);
            let col = i as ColNum;
            if text.is_empty() {
                self.ws.write_blank(row, col, f)?;
            } else if let Some(n) = plain_number(text) {
                self.ws.write_number_with_format(row, col, n, f)?;
            } else {
                // Always a string: text starting with = + - @ never becomes a formula.
                self.ws.write_string_with_format(row, col, text, f)?;
                max_lines = max_lines.max(lines(text, c.width, BODY_SIZE));
            }
        }
        if let (true, Some(key)) = (self.keyed, key) {
            self.ws.write_string_with_format(
                row,
                self.cols.len() as ColNum,
                key,
                &self.styles.key,
            )?;
        }
        self.ws.set_row_height(row, row_height(max_lines))?;
        self.next_row += 1;
        Ok(row)
    }

    /// Merges column `col` over `first..=last` rows, showing `text` once (a 组内职务 shared by
    /// several members).
    pub(crate) fn merge_down(
        &mut self,
        col: ColNum,
        first: RowNum,
        last: RowNum,
        text: &str,
    ) -> Result<(), LedgerError> {
        let style = self
            .cols
            .get(usize::from(col))
            .map_or(ColStyle::Center, |c| c.style);
        let f = self.styles.cell(style);
        self.ws.merge_range(first, col, last, col, text, f)?;
        Ok(())
    }

    /// Merges each of `cells` (column, text) over the rows `first..=last` written for one task
    /// (its 序号, title… over its units' rows); nothing when only one row was written.
    pub(crate) fn merge_rows(
        &mut self,
        first: Option<RowNum>,
        last: RowNum,
        cells: &[(ColNum, &str)],
    ) -> Result<(), LedgerError> {
        if let Some(first) = first.filter(|f| *f < last) {
            for (col, text) in cells {
                self.merge_down(*col, first, last, text)?;
            }
        }
        Ok(())
    }

    /// A dropdown of `choices` over the data rows of the column headed `header` (完成状态).
    pub(crate) fn dropdown(&mut self, header: &str, choices: &[&str]) -> Result<(), LedgerError> {
        let Some(col) = self.cols.iter().position(|c| c.header == header) else {
            return Ok(());
        };
        let first = self.header_row() + 1;
        if self.next_row <= first {
            return Ok(());
        }
        let dv = DataValidation::new()
            .allow_list_strings(choices)?
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title(header)?
            .set_error_message(format!("请从下拉列表中选择：{}", choices.join("、")))?
            .set_input_title(header)?
            .set_input_message("请从下拉列表中选择")?;
        self.ws
            .add_data_validation(first, col as ColNum, self.next_row - 1, col as ColNum, &dv)?;
        Ok(())
    }

    /// A remark over the whole width in its own row: what the table would have shown when
    /// there is nothing to show, or a legend under it.
    pub(crate) fn note(&mut self, text: &str) -> Result<RowNum, LedgerError> {
        check_cell(text, || "说明".to_string())?;
        let row = self.next_row;
        let last = self.last_col();
        if last == 0 {
            self.ws
                .write_string_with_format(row, 0, text, &self.styles.note)?;
        } else {
            self.ws
                .merge_range(row, 0, row, last, text, &self.styles.note)?;
        }
        let width: f64 = self.cols.iter().map(|c| c.width).sum();
        let n = lines(text, width, 12.0);
        self.ws
            .set_row_height(row, (14.0 + 18.0 * f64::from(n)).min(MAX_ROW_HEIGHT))?;
        self.next_row += 1;
        Ok(row)
    }

    /// A line over the whole width aligned right, without a border: the 发文机关 and 成文日期
    /// under a 通报, `blank_before` empty rows above it.
    pub(crate) fn sign(&mut self, text: &str, blank_before: u32) -> Result<RowNum, LedgerError> {
        check_cell(text, || "落款".to_string())?;
        self.next_row += blank_before;
        let row = self.next_row;
        let f = font(BODY_FONT, LEAD_SIZE).set_align(FormatAlign::Right);
        let last = self.last_col();
        if last == 0 {
            self.ws.write_string_with_format(row, 0, text, &f)?;
        } else {
            self.ws.merge_range(row, 0, row, last, text, &f)?;
        }
        self.ws.set_row_height(row, 12.0 + 19.0)?;
        self.next_row += 1;
        Ok(row)
    }

    /// A 合计 row: the texts in the header's bold face on grey.
    pub(crate) fn total(&mut self, cells: &[&str]) -> Result<RowNum, LedgerError> {
        let row = self.next_row;
        for i in 0..self.cols.len() {
            let text = cells.get(i).copied().unwrap_or("");
            let col = i as ColNum;
            match plain_number(text) {
                Some(n) => self
                    .ws
                    .write_number_with_format(row, col, n, &self.styles.total)?,
                None => self
                    .ws
                    .write_string_with_format(row, col, text, &self.styles.total)?,
            };
        }
        self.ws.set_row_height(row, row_height(1) + 4.0)?;
        self.next_row += 1;
        Ok(row)
    }

    /// A chart under the table, after a blank row, as wide as the table and `rows` default
    /// rows (20 px each) high, inside the print area.
    pub(crate) fn chart(&mut self, chart: &mut Chart, rows: u32) -> Result<(), LedgerError> {
        // Excel shows a column `w` units wide as about 7w + 5 pixels.
        let width: f64 = self.cols.iter().map(|c| c.width * 7.0 + 5.0).sum();
        chart.set_width(width as u32).set_height(rows * 20);
        self.next_row += 1;
        self.ws.insert_chart(self.next_row, 0, chart)?;
        self.next_row += rows;
        Ok(())
    }

    /// Print setup (A4 landscape, title to header repeated on every page — only the header
    /// when a paragraph sits above it — one page wide, margins, page numbers, print area),
    /// frozen header, and protection when `protect` is `Some` (with the password it holds, if
    /// any).
    pub(crate) fn finish(self, protect: Option<Option<&str>>) -> Result<(), LedgerError> {
        let ws = self.ws;
        let header_row = self.header_row.unwrap_or(INFO_ROW);
        let last_row = self.next_row.saturating_sub(1).max(header_row);
        let last_col = Self::last_col_of(self.cols);
        ws.set_paper_size(9);
        ws.set_landscape();
        if self.has_lead {
            if let Some(h) = self.header_row {
                ws.set_repeat_rows(h, h)?;
            }
        } else {
            ws.set_repeat_rows(TITLE_ROW, header_row)?;
            ws.set_freeze_panes(header_row + 1, 0)?;
        }
        ws.set_print_fit_to_pages(1, 0);
        ws.set_margins(0.5, 0.5, 0.6, 0.7, 0.3, 0.35);
        ws.set_print_center_horizontally(true);
        ws.set_footer("&C&\"仿宋,常规\"&10第 &P 页 共 &N 页");
        ws.set_print_area(0, 0, last_row, last_col)?;
        if let Some(password) = protect {
            let options = ProtectionOptions {
                sort: true,
                format_rows: true,
                ..ProtectionOptions::default()
            };
            ws.protect_with_options(&options);
            if let Some(p) = password {
                ws.protect_with_password(p);
            }
        }
        Ok(())
    }
}

/// A whole number as written for 序号 (1 to 9 digits, no sign, no leading zero).
fn plain_number(text: &str) -> Option<f64> {
    let ok = !text.is_empty()
        && text.len() <= 9
        && text.bytes().all(|b| b.is_ascii_digit())
        && !(text.len() > 1 && text.starts_with('0'));
    if ok {
        text.parse::<u32>().ok().map(f64::from)
    } else {
        None
    }
}

/// What a workbook is and whom it is for, written into it so that the import can match it.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    pub kind: WorkbookKind,
    pub plan_id: Option<i64>,
    pub plan_title: String,
    pub unit: Option<(i64, String)>,
    pub period: Option<Period>,
    /// The main sheet's name.
    pub sheet: String,
    /// The 0-based row of the column headers.
    pub header_row: RowNum,
    /// Where things are, e.g. ("filler_cell", "F2").
    pub cells: Vec<(&'static str, String)>,
}

impl Identity {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        let mut v = vec![
            ("schema_version", SCHEMA_VERSION.to_string()),
            ("kind", self.kind.as_str().to_string()),
            ("plan_id", opt(self.plan_id)),
            ("plan_title", self.plan_title.clone()),
            ("unit_id", opt(self.unit.as_ref().map(|u| u.0))),
            (
                "unit_name",
                self.unit.as_ref().map(|u| u.1.clone()).unwrap_or_default(),
            ),
            (
                "period",
                self.period.map(|p| p.to_string()).unwrap_or_default(),
            ),
            ("sheet", self.sheet.clone()),
            ("header_row", (self.header_row + 1).to_string()),
        ];
        v.extend(self.cells.iter().cloned());
        v
    }
}

/// A new workbook for a printed list or report, its document properties filled in: `title`,
/// `subject` (the plan's title), the program as author, and `category` (汇总表, 佐证材料 …).
pub(crate) fn report_workbook(title: &str, subject: &str, category: &str) -> Workbook {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_subject(subject)
            .set_author(AUTHOR)
            .set_category(category),
    );
    wb
}

/// Writes the identity into custom document properties and a very-hidden, protected sheet.
pub(crate) fn write_identity(
    wb: &mut Workbook,
    id: &Identity,
    title: &str,
) -> Result<(), LedgerError> {
    let pairs = id.pairs();
    let mut props = DocProperties::new()
        .set_title(title)
        .set_author(AUTHOR)
        .set_category(match id.kind {
            Kind::UnitLedger | Kind::Summary => "工作台账",
            Kind::TaskList => "重点任务清单",
            Kind::Roster => "领导小组名单",
        });
    for (k, v) in &pairs {
        props = props.set_custom_property(format!("{PROPERTY_PREFIX}{k}"), v.as_str());
    }
    wb.set_properties(&props);
    let ws = wb.add_worksheet();
    ws.set_name(IDENTITY_SHEET)?;
    for (r, (k, v)) in pairs.iter().enumerate() {
        check_cell(v, || format!("标识“{k}”"))?;
        ws.write_string(r as RowNum, 0, *k)?;
        ws.write_string(r as RowNum, 1, v.as_str())?;
    }
    ws.set_very_hidden(true);
    ws.protect();
    Ok(())
}

/// The A1 reference of a cell, e.g. (1, 5) → F2.
pub(crate) fn cell_ref(row: RowNum, col: ColNum) -> String {
    let mut letters = Vec::new();
    let mut n = u32::from(col) + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excel_rules() {
        assert!(check_sheet_name("工作台账").is_ok());
        assert!(check_sheet_name(&"台".repeat(31)).is_ok());
        assert!(check_sheet_name(&"台".repeat(32)).is_err());
        for bad in ["", " ", "a/b", "a:b", "x?", "[1]", "'q'", "a\\b", "a*b"] {
            assert!(check_sheet_name(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn cells_over_excel_limit_are_refused_with_their_name() {
        assert!(check_cell(&"进".repeat(MAX_CELL_CHARS), || "x".into()).is_ok());
        let err = check_cell(&"进".repeat(MAX_CELL_CHARS + 1), || "任务“1”".into());
        match err {
            Err(LedgerError::CellTooLong { what, len }) => {
                assert_eq!(what, "任务“1”");
                assert_eq!(len, MAX_CELL_CHARS + 1);
            }
            other => panic!("unexpected {other:?}"),
        }
        // Astral characters count twice, as in Excel.
        assert!(check_cell(&"𠀀".repeat(MAX_CELL_CHARS / 2 + 1), || "x".into()).is_err());
    }

    #[test]
    fn only_plain_whole_numbers_become_numbers() {
        assert_eq!(plain_number("12"), Some(12.0));
        for text in [
            "",
            "01",
            "-1",
            "+1",
            "1.5",
            "10.31",
            "（一）",
            "=1+1",
            "1234567890",
        ] {
            assert_eq!(plain_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn cell_refs_are_a1_style() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(1, 5), "F2");
        assert_eq!(cell_ref(9, 25), "Z10");
        assert_eq!(cell_ref(0, 26), "AA1");
    }

    #[test]
    fn rows_never_exceed_excel_maximum_height() {
        assert_eq!(row_height(2), 35.0);
        assert_eq!(row_height(1000), MAX_ROW_HEIGHT);
    }

    #[test]
    fn long_chinese_text_takes_more_lines() {
        assert_eq!(lines("", 30.0, BODY_SIZE), 1);
        assert_eq!(lines("落实", 30.0, BODY_SIZE), 1);
        assert!(lines(&"落实".repeat(40), 30.0, BODY_SIZE) >= 5);
        assert_eq!(lines("一\n二\n三", 30.0, BODY_SIZE), 3);
    }
}
